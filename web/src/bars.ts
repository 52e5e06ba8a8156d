// A place's timeline under every view as horizontal bars: one row per view, one segment per
// period, coloured like the map (controller for de-facto, title holder for a polity's view).

import type { Period, Timeline } from "./api";
import { CSS_HATCH, cssFill, fillOf, type Fill, type Palette } from "./colors";
import { h } from "./dom";
import { dayOf, describe, yearOf } from "./edtf";

interface Context {
  palette: Palette;
  viewName: (id: string) => string;
  titled: (viewId: string) => boolean;
  holderName: (ids: string[]) => string;
  onPick: (isoDay: string) => void;
}

function dayFromIso(iso: string): number {
  const [y, m, d] = iso.split("-").map(Number);
  return dayOf(y, m, d);
}

function label(period: Period, titled: boolean, ctx: Context): string {
  const fill = fillOf(period, titled);
  const who =
    fill.kind === "unrecorded"
      ? "not yet in the ledger"
      : fill.kind === "undetermined"
        ? "title undetermined"
        : fill.kind === "nobody"
          ? "no one in control"
          : `${titled ? "title" : "control"}: ${ctx.holderName(fill.ids)}`;
  const flags = [
    period.disputed && "disputed",
    period.occupied && "occupied",
    period.uncertain && "uncertain",
  ]
    .filter(Boolean)
    .join(", ");
  const from = period.start ? describe(period.start) : "the beginning";
  const to = period.end ? describe(period.end) : "now";
  return `${from} – ${to}: ${who}${flags ? ` (${flags})` : ""}`;
}

/** The bars of ``timelines`` between ``start`` and ``end`` with a needle at ``current``. */
export function timelineBars(
  timelines: Timeline[],
  start: number,
  end: number,
  current: number,
  ctx: Context,
): HTMLElement {
  const span = end - start;
  const used = new Map<string, Fill>();
  let anyDisputed = false;
  const pct = (day: number) => `${(Math.min(1, Math.max(0, (day - start) / span)) * 100).toFixed(3)}%`;
  const rows = timelines.map((timeline) => {
    const titled = ctx.titled(timeline.view);
    const segments = timeline.periods
      .map((period) => {
        const lo = period.start ? dayFromIso(period.start) : start;
        const hi = period.end ? dayFromIso(period.end) + 1 : end;
        if (hi <= start || lo >= end) return null;
        const fill = fillOf(period, titled);
        used.set(fill.key, fill);
        anyDisputed ||= period.disputed;
        const layers = [period.disputed ? CSS_HATCH : null, cssFill(fill, ctx.palette)].filter(Boolean);
        const text = label(period, titled, ctx);
        return h("button", {
          type: "button",
          className: `bar-seg${period.uncertain ? " is-uncertain" : ""}`,
          style: `left:${pct(lo)};width:calc(${pct(hi)} - ${pct(lo)});background:${layers.join(", ")}`,
          title: text,
          "aria-label": text,
          tabindex: -1,
          onclick: () => ctx.onPick(period.start && lo >= start ? period.start : `${yearOf(start)}-01-01`),
        });
      })
      .filter((el): el is HTMLButtonElement => el !== null);
    return h(
      "div",
      { className: "bar-row" },
      h("div", { className: "bar-name" }, ctx.viewName(timeline.view)),
      h(
        "div",
        {
          className: "bar-track",
          role: "group",
          "aria-label": `Timeline under ${ctx.viewName(timeline.view)}`,
        },
        segments,
      ),
    );
  });
  const ticks = [];
  const first = yearOf(start);
  const last = yearOf(end);
  for (let year = Math.ceil(first / 50) * 50; year <= last; year += 50) {
    ticks.push(h("span", { className: "bar-tick", style: `left:${pct(dayOf(year, 1, 1))}` }, String(year)));
  }
  return h(
    "div",
    { className: "bars" },
    h(
      "div",
      { className: "bar-rows" },
      rows,
      h("div", { className: "bar-needle", style: `left:${pct(current)}`, "aria-hidden": "true" }),
    ),
    h("div", { className: "bar-ticks", "aria-hidden": "true" }, ticks),
    // The bars span every date, so they can show colours the map does not show today.
    h(
      "ul",
      { className: "bar-key", "aria-label": "Colours of the bars" },
      [...used.values()].map((fill) =>
        h(
          "li",
          {},
          h("span", { className: "swatch", style: `background:${cssFill(fill, ctx.palette)}` }),
          fillName(fill, ctx),
        ),
      ),
      anyDisputed
        ? h("li", {}, h("span", { className: "swatch", style: `background:${CSS_HATCH}, #fff` }), "disputed")
        : null,
    ),
  );
}

function fillName(fill: Fill, ctx: Context): string {
  switch (fill.kind) {
    case "unrecorded":
      return "not yet in the ledger";
    case "undetermined":
      return "title undetermined";
    case "nobody":
      return "no one in control";
    case "joint":
      return `${ctx.holderName(fill.ids)}, jointly`;
    default:
      return ctx.holderName(fill.ids);
  }
}
