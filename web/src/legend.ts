// The legend: every colour and mark on the map, named.

import { CSS_HATCH, LAND, SEA, cssFill, type Fill, type Palette } from "./colors";
import { h } from "./dom";

interface LegendInput {
  titled: boolean;
  viewLabel: string;
  fills: Fill[];
  occupied: boolean;
  uncertain: boolean;
  palette: Palette;
  holderName: (ids: string[]) => string;
  /** Folded behind a "Legend" button (the world, where an open legend covers a continent);
   * it stays as the reader left it from one date to the next. */
  folded?: boolean;
  /** With `folded`: whether it opens unfolded the first time (the reader's choice is kept
   * after that), and whether it keeps the regional map's corner (bottom right, over the sea). */
  openAtFirst?: boolean;
  regional?: boolean;
}

function fillLabel(fill: Fill, input: LegendInput): string {
  switch (fill.kind) {
    case "polity":
      return input.holderName(fill.ids);
    case "joint":
      return `${input.holderName(fill.ids)}, jointly`;
    case "undetermined":
      return "Title undetermined (given up, not yet assigned)";
    case "unrecorded":
      return "Not yet in the ledger";
    default:
      return "No one in control";
  }
}

function entry(swatchStyle: string, label: string, extraClass = ""): HTMLElement {
  return h(
    "li",
    {},
    h("span", { className: `swatch ${extraClass}`, style: swatchStyle, "aria-hidden": "true" }),
    h("span", {}, label),
  );
}

/** Fill ``el`` with the legend of what the map shows now. */
export function renderLegend(el: HTMLElement, input: LegendInput): void {
  const order = { polity: 0, joint: 1, undetermined: 2, nobody: 3, unrecorded: 4 };
  const fills = [...input.fills].sort(
    (a, b) => order[a.kind] - order[b.kind] || fillLabel(a, input).localeCompare(fillLabel(b, input)),
  );
  const title = h(
    "h2",
    { className: "legend-title" },
    input.titled ? `Title holder, ${input.viewLabel}` : "Who controls it",
  );
  const list = h(
    "ul",
    {},
    fills.map((f) => entry(`background:${cssFill(f, input.palette)}`, fillLabel(f, input))),
    entry(
      `background:${CSS_HATCH}, #ffffff`,
      "Disputed (two or more claimants): hatched, amber halo",
      "swatch-disputed",
    ),
    input.titled && input.occupied
      ? entry("background:#ffffff", "Ring: controlled by another (ring in its colour)", "swatch-ring")
      : null,
    entry(
      "background:#ffffff",
      input.uncertain ? "Dashed: uncertain on this date" : "Dashed: uncertain date (none now)",
      "swatch-dashed",
    ),
    entry(`background:${LAND}`, "Other land, not in the ledger (Natural Earth)"),
    entry(`background:${SEA}`, "Sea"),
  );
  el.classList.toggle("is-folded", input.folded === true);
  el.classList.toggle("is-regional", input.regional === true);
  if (!input.folded) {
    el.replaceChildren(title, list);
    return;
  }
  const wasOpen = el.querySelector("details")?.open ?? input.openAtFirst === true;
  const details = h("details", {}, h("summary", {}, "Legend"), title, list);
  details.open = wasOpen;
  el.replaceChildren(details);
}
