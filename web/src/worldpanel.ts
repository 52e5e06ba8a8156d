// Panel parts the world needs: the disputes of the date (sortable, linked to the map), the
// answer at a clicked point (the columns of `terrachron locate`, under every view), and what the
// page says outside the ledger's record.

import type { Horizon, Located } from "./api";
import { h } from "./dom";
import type { PanelContext } from "./panel";
import { viewName } from "./panel";
import { describe } from "./edtf";

/** One disputed place on the date, under the current view. */
export interface DisputeItem {
  place: string;
  name: string;
  claimants: string[];
  /** Who the map colours it by: controller (de facto) or title holder (a polity's view). */
  holder: string;
  uncertain: boolean;
}

export type DisputeSort = "name" | "claimants" | "holder";

/** "Nothing recorded after DATE" / "Not yet recorded"; null within the record. */
export function horizonSentence(hz: Horizon): string | null {
  if (hz.position === "after" && hz.last) {
    return `Nothing recorded after ${describe(hz.last)}: the map shows the record as it stood then.`;
  }
  if (hz.position === "before") {
    return `Not yet recorded: the ledger's record begins ${hz.first ? `on ${describe(hz.first)}` : "later"}.`;
  }
  return null;
}

export function disputesSection(
  ctx: PanelContext,
  rows: DisputeItem[],
  sort: DisputeSort,
  view: string,
  onSort: (sort: DisputeSort) => void,
  horizon: string | null,
): HTMLElement {
  const names = (ids: string[]) => ids.map((id) => ctx.polityName(id)).join(", ");
  const key = (r: DisputeItem): string =>
    sort === "name" ? r.name : sort === "claimants" ? names(r.claimants) : ctx.polityName(r.holder);
  const sorted = [...rows].sort((a, b) => key(a).localeCompare(key(b)) || a.name.localeCompare(b.name));
  const header = (label: string, by: DisputeSort) =>
    h(
      "th",
      { scope: "col", "aria-sort": sort === by ? "ascending" : "none" },
      h("button", { type: "button", className: "sort", "data-sort": by, onclick: () => onSort(by) }, label),
    );
  const holderLabel = isHolderTitle(ctx, view) ? "Title" : "Held by";
  return h(
    "section",
    { className: "panel-section disputes", "aria-labelledby": "disputes-title", id: "disputes" },
    h("h3", { id: "disputes-title" }, "Disputes on this date"),
    horizon
      ? h("p", { className: "horizon-text" }, horizon)
      : rows.length === 0
        ? h("p", {}, `No place is disputed on this date under ${viewName(ctx, view)}.`)
        : h(
            "table",
            { className: "dispute-table" },
            h(
              "caption",
              { className: "visually-hidden" },
              `${rows.length} disputed places under ${viewName(ctx, view)}; choose a column to sort`,
            ),
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                header("Place", "name"),
                header("Claimants", "claimants"),
                header(holderLabel, "holder"),
              ),
            ),
            h(
              "tbody",
              {},
              sorted.map((r) =>
                h(
                  "tr",
                  { className: "dispute-row", "data-dispute": r.place },
                  h(
                    "td",
                    {},
                    h(
                      "button",
                      { type: "button", className: "link", onclick: () => ctx.selectPlace(r.place) },
                      r.name,
                    ),
                    r.uncertain ? h("span", { className: "badge badge-uncertain" }, "uncertain") : null,
                  ),
                  h("td", {}, names(r.claimants)),
                  h("td", {}, r.holder ? ctx.polityName(r.holder) : "—"),
                ),
              ),
            ),
          ),
  );
}

function isHolderTitle(ctx: PanelContext, view: string): boolean {
  return ctx.views.find((v) => v.id === view)?.kind !== "de-facto";
}

const holderText = (ctx: PanelContext, value: string | string[] | null): string => {
  if (value === null || value === undefined) return "—";
  const ids = Array.isArray(value) ? value : value.split("|");
  return ids.map((id) => ctx.polityName(id)).join(" + ") || "—";
};

const PROBLEMS: Record<string, string> = {
  "at-sea": "at sea: in no place the ledger records",
  "outside-coverage": "on land the ledger does not cover",
};

/** What held a point on the date: locate's columns, then each view's answer. */
export function pointSection(ctx: PanelContext, p: Located, views: string[]): HTMLElement {
  const where = `${Math.abs(p.lon).toFixed(3)}° ${p.lon < 0 ? "W" : "E"}, ${Math.abs(p.lat).toFixed(3)}° ${p.lat < 0 ? "S" : "N"}`;
  // Each field carries the raw value as `terrachron locate` writes it, for a reader to compare.
  const raw = (v: string | boolean | null): string => (v === null ? "" : String(v));
  const field = (label: string, name: keyof Located, value: string) =>
    h(
      "div",
      { className: "point-field" },
      h("dt", {}, label),
      h("dd", { "data-point": name, "data-value": raw(p[name] as string | boolean | null) }, value),
    );
  return h(
    "section",
    {
      className: "panel-section point",
      "aria-labelledby": "point-title",
      "data-lon": p.lon,
      "data-lat": p.lat,
    },
    h("h3", { id: "point-title" }, `At ${where}, ${describe(p.date)}`),
    h(
      "dl",
      { className: "point-fields" },
      field("place", "place", p.place ? ctx.placeName(p.place) : "—"),
      field("controller", "controller", holderText(ctx, p.controller)),
      field("title", "title", holderText(ctx, p.title)),
      field("status", "status", p.status ?? "—"),
      field("disputed", "disputed", p.disputed === null ? "—" : p.disputed ? "yes" : "no"),
      field("uncertain", "uncertain", p.uncertain === null ? "—" : p.uncertain ? "yes" : "no"),
      p.problem ? field("problem", "problem", PROBLEMS[p.problem] ?? p.problem) : null,
    ),
    p.horizon
      ? h("p", { className: "horizon-text" }, `Nothing recorded after ${describe(p.horizon)}.`)
      : null,
    Object.keys(p.views).length
      ? h(
          "table",
          { className: "point-views" },
          h("caption", {}, "The same point under every view"),
          h(
            "thead",
            {},
            h(
              "tr",
              {},
              h("th", { scope: "col" }, "view"),
              h("th", { scope: "col" }, "controller"),
              h("th", { scope: "col" }, "title"),
              h("th", { scope: "col" }, "status"),
            ),
          ),
          h(
            "tbody",
            {},
            views
              .filter((v) => p.views[v])
              .map((v) =>
                h(
                  "tr",
                  { "data-point-view": v },
                  h("th", { scope: "row" }, viewName(ctx, v)),
                  h("td", {}, holderText(ctx, p.views[v].controller)),
                  h("td", {}, holderText(ctx, p.views[v].title)),
                  h("td", {}, p.views[v].status),
                ),
              ),
          ),
        )
      : null,
    p.place
      ? null
      : h("p", {}, p.narrative ?? "No place of the ledger lies here, so nothing held it in the record."),
  );
}
