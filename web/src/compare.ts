// The compare view: scenarios side by side on one date under one view. One map per scenario,
// with land and the approximate maritime zones coloured by holder and the split lines drawn;
// below them the metrics table (baseline first) and, in plain words, what the sea figures leave
// out. Everything comes from /api/scenarios/compare and /api/scenarios/{name}/map.

import * as maplibregl from "maplibre-gl";
import type {
  ExpressionSpecification,
  GeoJSONSource,
  LngLatBoundsLike,
  Map as MapLibreMap,
} from "maplibre-gl";
import type { FeatureCollection } from "geojson";

import { ApiError, api, type Column, type Comparison, type ScenarioInfo, type ScenarioMap } from "./api";
import { LAND, NOBODY, SEA, UNDETERMINED, UNRECORDED, type Palette } from "./colors";
import { h, replace } from "./dom";
import { describe } from "./edtf";

export interface CompareContext {
  palette: Palette;
  scenarios: ScenarioInfo[];
  polityName: (id: string) => string;
  placeName: (id: string) => string;
  instrumentTitle: (id: string) => string;
  viewName: (id: string) => string;
  /** Whether a view reads title (a polity's view) rather than control (de-facto). */
  titled: (view: string) => boolean;
  /** The person chose other scenarios to compare. */
  onChoose: (names: string[]) => void;
  onClose: () => void;
}

/** How much of a holder's maritime zone shows through: the land stays the strongest colour. */
const SEA_OPACITY = 0.38;
const SPECIAL = new Set(["undetermined", "nobody", "unrecorded"]);
const km2 = new Intl.NumberFormat("en", { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const percent = new Intl.NumberFormat("en", {
  style: "percent",
  maximumFractionDigits: 1,
  minimumFractionDigits: 1,
});

/** The colour of a holder as the metrics name it (`a+b` is a joint holding: its first holder). */
export function holderColour(holder: string, palette: Palette): string {
  if (holder === "undetermined") return UNDETERMINED;
  if (holder === "nobody") return NOBODY;
  if (holder === "unrecorded") return UNRECORDED;
  return palette.of(holder.split("+")[0]);
}

function holderLabel(holder: string, ctx: CompareContext): string {
  if (holder === "undetermined") return "Title undetermined";
  if (holder === "nobody") return "No one in control";
  if (holder === "unrecorded") return "Not yet in the ledger";
  const ids = holder.split("+");
  return ids.length > 1
    ? `${ids.map((id) => ctx.polityName(id)).join(" and ")}, jointly`
    : ctx.polityName(holder);
}

/** Holders in a stable order: polities by name, then the ones that are nobody's. */
function orderHolders(tables: Record<string, number>[], ctx: CompareContext): string[] {
  const all = new Set(tables.flatMap((t) => Object.keys(t)));
  return [...all].sort((a, b) => {
    const sa = SPECIAL.has(a);
    const sb = SPECIAL.has(b);
    if (sa !== sb) return sa ? 1 : -1;
    return holderLabel(a, ctx).localeCompare(holderLabel(b, ctx));
  });
}

function style(): maplibregl.StyleSpecification {
  const empty = { type: "FeatureCollection" as const, features: [] };
  const colour: ExpressionSpecification = ["get", "colour"];
  const layer = (name: string): ExpressionSpecification => ["==", ["get", "layer"], name];
  return {
    version: 8,
    sources: {
      land: { type: "geojson", data: "/land.geojson" },
      scenario: { type: "geojson", data: empty },
    },
    layers: [
      { id: "sea", type: "background", paint: { "background-color": SEA } },
      {
        id: "sea-zone",
        type: "fill",
        source: "scenario",
        filter: layer("sea"),
        paint: { "fill-color": colour, "fill-opacity": SEA_OPACITY },
      },
      {
        id: "sea-zone-edge",
        type: "line",
        source: "scenario",
        filter: layer("sea"),
        paint: { "line-color": colour, "line-width": 1, "line-opacity": 0.9 },
      },
      { id: "land", type: "fill", source: "land", paint: { "fill-color": LAND } },
      {
        id: "land-coast",
        type: "line",
        source: "land",
        paint: { "line-color": "#c4bba5", "line-width": 0.6 },
      },
      {
        id: "place-fill",
        type: "fill",
        source: "scenario",
        filter: layer("land"),
        paint: { "fill-color": colour, "fill-opacity": 0.92 },
      },
      {
        id: "place-edge",
        type: "line",
        source: "scenario",
        filter: layer("land"),
        paint: { "line-color": "rgba(30, 30, 40, 0.55)", "line-width": 0.6 },
      },
      {
        // A place whose holder differs from the record's: outlined, so the change stands out.
        id: "place-changed",
        type: "line",
        source: "scenario",
        filter: ["all", layer("land"), ["==", ["get", "changed"], true]],
        paint: { "line-color": "#111111", "line-width": 2 },
      },
      {
        id: "split-line-casing",
        type: "line",
        source: "scenario",
        filter: layer("split-line"),
        paint: { "line-color": "#ffffff", "line-width": 6, "line-opacity": 0.9 },
      },
      {
        id: "split-line",
        type: "line",
        source: "scenario",
        filter: layer("split-line"),
        paint: { "line-color": "#111111", "line-width": 2.5, "line-dasharray": [2, 1] },
      },
    ],
  };
}

type Box = [number, number, number, number];

/** [west, south, east, north] over every coordinate of the features kept. */
function extent(
  collection: ScenarioMap,
  keep: (f: ScenarioMap["features"][number]) => boolean = () => true,
): Box {
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (value: unknown): void => {
    if (Array.isArray(value) && typeof value[0] === "number") {
      const [x, y] = value as number[];
      box[0] = Math.min(box[0], x);
      box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x);
      box[3] = Math.max(box[3], y);
    } else if (Array.isArray(value)) value.forEach(visit);
  };
  for (const f of collection.features) if (keep(f)) visit(f.geometry.coordinates);
  return box;
}

/** ``box`` grown ``factor`` times about its centre: the disputed islands with the seas around. */
function grow(box: Box, factor: number): Box {
  const [w, s, e, n] = box;
  const dx = ((e - w) * (factor - 1)) / 2;
  const dy = ((n - s) * (factor - 1)) / 2;
  return [w - dx, s - dy, e + dx, n + dy];
}

interface Card {
  name: string;
  element: HTMLElement;
  map: MapLibreMap;
  ready: Promise<void>;
  fitted: boolean;
  labels: maplibregl.Marker[];
}

/** A point to hang a label on: the middle of the bounds of a place's largest part. */
function labelPoint(geometry: ScenarioMap["features"][number]["geometry"]): [number, number] | null {
  if (geometry.type === "LineString") return null;
  const polygons = (
    geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates
  ) as number[][][][];
  let best: number[][] | null = null;
  let bestSpan = -1;
  for (const polygon of polygons) {
    const ring = polygon[0] ?? [];
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);
    const span = (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys));
    if (span > bestSpan) {
      best = ring;
      bestSpan = span;
    }
  }
  if (!best || best.length === 0) return null;
  const xs = best.map((p) => p[0]);
  const ys = best.map((p) => p[1]);
  return [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
}

/** How far the maps show around the disputed area, by default. */
const AROUND_DISPUTE = 3;

export class CompareView {
  private readonly root: HTMLElement;
  private readonly ctx: CompareContext;
  private cards: Card[] = [];
  private syncing = false;
  private request: AbortController | null = null;
  /** Where the maps look: the disputed area and around it, or the whole sea studied. */
  private boxes: { dispute: Box | null; whole: Box | null } = { dispute: null, whole: null };
  private disputed = new Set<string>();

  constructor(root: HTMLElement, ctx: CompareContext) {
    this.root = root;
    this.ctx = ctx;
  }

  /** The maps, for the tests and for a person's browser console. */
  get maps(): Record<string, MapLibreMap> {
    return Object.fromEntries(this.cards.map((c) => [c.name, c.map]));
  }

  /**
   * Compare ``names`` on ``date`` under ``view``: fetch, then draw. Resolves once every map has
   * drawn; rejects with the API's refusal (a date it cannot read, say).
   */
  async show(names: string[], date: string, view: string): Promise<Comparison> {
    this.request?.abort();
    const request = new AbortController();
    this.request = request;
    this.renderFrame(names, view);
    const status = this.root.querySelector<HTMLElement>(".compare-status");
    if (status) status.textContent = "Computing… (the first comparison takes a few seconds)";
    let comparison: Comparison;
    let maps: ScenarioMap[];
    try {
      [comparison, ...maps] = await Promise.all([
        api.compare(names, date, view, request.signal),
        ...names.map((n) => api.scenarioMap(n, date, view, request.signal)),
      ]);
    } catch (error) {
      if (status) status.textContent = "";
      if (error instanceof ApiError && error.parameter !== "date") {
        replace(
          this.root.querySelector(".compare-body") as HTMLElement,
          h("p", { className: "error", role: "alert" }, error.message),
        );
      }
      throw error;
    }
    if (status) status.textContent = "";
    const disputed = new Set(comparison.disputed_area.places);
    this.disputed = disputed;
    const first = maps[0];
    this.boxes = {
      whole: first ? extent(first) : null,
      dispute:
        first && disputed.size
          ? grow(
              extent(first, (f) => f.properties.layer === "land" && disputed.has(f.properties.origin ?? "")),
              AROUND_DISPUTE,
            )
          : null,
    };
    this.renderBody(comparison, maps, view);
    await Promise.all(this.cards.map((c) => this.draw(c, maps[names.indexOf(c.name)])));
    return comparison;
  }

  /** Leave the compare view: the maps are released (WebGL contexts are few). */
  close(): void {
    this.request?.abort();
    for (const card of this.cards) card.map.remove();
    this.cards = [];
    this.root.replaceChildren();
  }

  /** Resize the maps after the section becomes visible again. */
  resize(): void {
    for (const card of this.cards) card.map.resize();
  }

  private renderFrame(names: string[], view: string): void {
    const ctx = this.ctx;
    let frame = this.root.querySelector<HTMLElement>(".compare-frame");
    if (!frame) {
      frame = h(
        "div",
        { className: "compare-frame" },
        h(
          "div",
          { className: "compare-head" },
          h("h2", { id: "compare-title", tabindex: -1 }, "Compare scenarios"),
          h("button", { type: "button", className: "back", onclick: ctx.onClose }, "← Back to the map"),
        ),
        h("fieldset", { className: "compare-pick" }),
        h("p", { className: "compare-status", role: "status", "aria-live": "polite" }),
        h("div", { className: "compare-body" }),
      );
      this.root.replaceChildren(frame);
    }
    const pick = frame.querySelector("fieldset") as HTMLFieldSetElement;
    replace(
      pick,
      h("legend", {}, `Scenarios to compare with the record, under ${ctx.viewName(view)}`),
      ctx.scenarios.map((sc) => {
        const id = `cmp-${sc.name}`;
        const broken = sc.problems.length > 0;
        const input = h("input", {
          type: "checkbox",
          id,
          value: sc.name,
          checked: names.includes(sc.name),
          disabled: broken,
          onchange: () => {
            const chosen = [...pick.querySelectorAll<HTMLInputElement>("input:checked")].map((i) => i.value);
            // At least one scenario: the baseline alone is the ordinary map.
            if (chosen.length === 0) {
              input.checked = true;
              return;
            }
            ctx.onChoose(chosen);
          },
        });
        return h(
          "span",
          { className: "compare-option" },
          input,
          h("label", { for: id, title: sc.title }, sc.name, broken ? " (cannot be applied)" : ""),
        );
      }),
    );
  }

  private renderBody(comparison: Comparison, maps: ScenarioMap[], view: string): void {
    const ctx = this.ctx;
    const body = this.root.querySelector(".compare-body") as HTMLElement;
    const names = maps.map((m) => m.properties.scenario);
    const titled = ctx.titled(view);
    const keep = new Set(names);
    // Maps are kept across redraws of the same scenarios, so that zoom and position stay.
    for (const card of this.cards.filter((c) => !keep.has(c.name))) card.map.remove();
    this.cards = this.cards.filter((c) => keep.has(c.name));
    const grid = h("div", { className: "compare-maps" });
    for (const name of names) {
      const column = comparison.columns.find((c) => c.name === name) as Column;
      let card = this.cards.find((c) => c.name === name);
      if (!card) card = this.makeCard(name);
      const heading = card.element.querySelector("h3") as HTMLElement;
      heading.title = column.title;
      replace(heading, h("span", { className: "compare-map-name" }, name), " ", column.title);
      card.element
        .querySelector(".compare-map")
        ?.setAttribute(
          "aria-label",
          `Map of ${column.title} on ${describe(comparison.date)}, ${ctx.viewName(view)}: land and sea coloured by ` +
            `${titled ? "title holder" : "controller"}` +
            (column.scenario?.splits.length ? "; the split line drawn dashed" : ""),
        );
      grid.appendChild(card.element);
    }
    this.cards.sort((a, b) => names.indexOf(a.name) - names.indexOf(b.name));
    replace(
      body,
      h(
        "p",
        { className: "compare-lede" },
        `${describe(comparison.date)} · ${ctx.viewName(view)} · colours show `,
        titled
          ? `who holds title as ${ctx.viewName(view).replace(/'s view$/, "")} sees it`
          : "who controls each place",
        `. Every hypothetical instrument of these scenarios is in effect. The sea is each holder's approximate zone within ${comparison.maritime.limit_nm} nm, not a boundary (see below).`,
      ),
      this.zoom(),
      grid,
      this.legend(comparison, view),
      this.table(comparison, view),
      this.caveats(comparison),
    );
  }

  private makeCard(name: string): Card {
    const mapEl = h("div", { className: "compare-map", role: "img" });
    const element = h("figure", { className: "compare-card", "data-scenario": name }, h("h3", {}), mapEl);
    const map = new maplibregl.Map({
      container: mapEl,
      style: style(),
      center: [147, 46],
      zoom: 3,
      minZoom: 2,
      maxZoom: 10,
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      fadeDuration: 0,
      cooperativeGestures: window.matchMedia("(max-width: 700px)").matches,
    });
    map.touchZoomRotate.disableRotation();
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
    // The maps move together, so that the same strait is compared in each.
    map.on("move", (event) => {
      if (this.syncing || !(event as { originalEvent?: unknown }).originalEvent) return;
      this.syncing = true;
      for (const other of this.cards) {
        if (other.map !== map) other.map.jumpTo({ center: map.getCenter(), zoom: map.getZoom() });
      }
      this.syncing = false;
    });
    const ready = new Promise<void>((resolve) => map.on("load", () => resolve()));
    const card: Card = { name, element, map, ready, fitted: false, labels: [] };
    this.cards.push(card);
    return card;
  }

  private async draw(card: Card, collection: ScenarioMap): Promise<void> {
    await card.ready;
    const palette = this.ctx.palette;
    const data = {
      type: "FeatureCollection",
      features: collection.features.map((f) => ({
        ...f,
        properties: {
          ...f.properties,
          colour: f.properties.holder ? holderColour(f.properties.holder, palette) : UNRECORDED,
        },
      })),
    } as unknown as FeatureCollection;
    const idle = new Promise<void>((resolve) => card.map.once("idle", () => resolve()));
    (card.map.getSource("scenario") as GeoJSONSource).setData(data);
    card.map.resize();
    if (!card.fitted) {
      this.fit(card, this.boxes.dispute ?? extent(collection), false);
      card.fitted = true;
    }
    this.label(card, collection);
    card.map.triggerRepaint();
    await idle;
  }

  /**
   * Name the places of the disputed area (and the parts a split makes) on the map: HTML labels,
   * since the page fetches no glyphs. The other places are named in the table.
   */
  private label(card: Card, collection: ScenarioMap): void {
    for (const marker of card.labels) marker.remove();
    card.labels = [];
    for (const f of collection.features) {
      const origin = f.properties.origin ?? "";
      if (f.properties.layer !== "land" || !this.disputed.has(origin)) continue;
      const point = labelPoint(f.geometry);
      if (!point) continue;
      const element = h(
        "div",
        { className: "map-label compare-label", "aria-hidden": "true" },
        this.ctx.placeName(f.properties.place ?? origin),
      );
      card.labels.push(
        new maplibregl.Marker({ element, anchor: "left", offset: [8, 0] }).setLngLat(point).addTo(card.map),
      );
    }
  }

  private fit(card: Card, box: Box, animate: boolean): void {
    const narrow = card.map.getContainer().clientWidth < 400;
    card.map.fitBounds(box as LngLatBoundsLike, { padding: narrow ? 6 : 12, animate });
  }

  /** Buttons moving every map to the disputed area or to the whole sea studied. */
  private zoom(): HTMLElement {
    const go = (box: Box | null) => () => {
      if (box) for (const card of this.cards) this.fit(card, box, true);
    };
    return h(
      "nav",
      { className: "zoom compare-zoom", "aria-label": "Zoom the maps to" },
      this.boxes.dispute
        ? h("button", { type: "button", onclick: go(this.boxes.dispute) }, "Disputed area")
        : null,
      h("button", { type: "button", onclick: go(this.boxes.whole) }, "Whole sea studied"),
    );
  }

  private legend(comparison: Comparison, view: string): HTMLElement {
    const ctx = this.ctx;
    const metrics = comparison.columns.map((c) => c.views[view]);
    const holders = orderHolders([...metrics.map((m) => m.land_km2), ...metrics.map((m) => m.sea_km2)], ctx);
    const swatch = (style: string, extra = "") =>
      h("span", { className: `swatch ${extra}`, style, "aria-hidden": "true" });
    return h(
      "div",
      { className: "compare-legend", role: "group", "aria-label": "Legend of the maps" },
      h(
        "ul",
        {},
        holders.map((holder) => {
          const colour = holderColour(holder, ctx.palette);
          return h(
            "li",
            {},
            swatch(`background:${colour}`),
            swatch(`background:${colour};opacity:${SEA_OPACITY}`, "swatch-sea"),
            h("span", {}, holderLabel(holder, ctx)),
          );
        }),
        h(
          "li",
          {},
          swatch("background:#fff", "swatch-changed"),
          h("span", {}, "Outlined: holder differs from the record"),
        ),
        h(
          "li",
          {},
          h("span", { className: "swatch-split", "aria-hidden": "true" }),
          h("span", {}, "Split line"),
        ),
        h("li", { className: "muted" }, "Solid: land · faint: sea within 200 nm (approximate)"),
      ),
    );
  }

  private table(comparison: Comparison, view: string): HTMLElement {
    const ctx = this.ctx;
    const cols = comparison.columns;
    const metrics = cols.map((c) => c.views[view]);
    const layer = metrics[0]?.layer === "control" ? "controller" : "title holder";
    const places = (ids: string[]) => ids.map((p) => ctx.placeName(p)).join(", ") || "—";
    const num = (value: number | null | undefined) =>
      value === null || value === undefined ? "—" : km2.format(value);
    const rows: HTMLElement[] = [];
    const section = (label: string) =>
      rows.push(
        h(
          "tr",
          { className: "metric-section" },
          h("th", { scope: "colgroup", colspan: cols.length + 1 }, label),
        ),
      );
    const row = (label: (Node | string)[] | string, key: string, cells: (Node | string)[]) =>
      rows.push(
        h(
          "tr",
          { "data-metric": key },
          h("th", { scope: "row" }, label),
          cells.map((c, i) => h("td", { "data-column": cols[i].name }, c)),
        ),
      );
    const holderHead = (holder: string) => [
      h("span", {
        className: "dot",
        style: `background:${holderColour(holder, ctx.palette)}`,
        "aria-hidden": "true",
      }),
      " ",
      holderLabel(holder, ctx),
    ];

    row(
      "Hypothetical instruments in effect",
      "instruments",
      cols.map((c) => c.instruments.join(", ") || "—"),
    );
    row(
      "Places split",
      "splits",
      cols.map(
        (c) =>
          c.scenario?.splits
            .map(
              (s) =>
                `${ctx.placeName(s.place)} → ${ctx.placeName(s.parts[0])} ${km2.format(s.part_km2[0])} km² + ` +
                `${ctx.placeName(s.parts[1])} ${km2.format(s.part_km2[1])} km²`,
            )
            .join("; ") || "—",
      ),
    );
    section(`Land by ${layer} (km²)`);
    for (const holder of orderHolders(
      metrics.map((m) => m.land_km2),
      ctx,
    )) {
      row(
        holderHead(holder),
        `land.${holder}`,
        metrics.map((m) => num(m.land_km2[holder] ?? 0)),
      );
    }
    row(
      "Total",
      "land.total",
      cols.map((c) => num(c.total_land_km2)),
    );
    if (comparison.disputed_area.places.length) {
      section(
        `Share of the disputed area: ${places(comparison.disputed_area.places)}, ${km2.format(comparison.disputed_area.km2)} km²`,
      );
      for (const holder of orderHolders(
        metrics.map((m) => m.disputed_share),
        ctx,
      )) {
        row(
          holderHead(holder),
          `share.${holder}`,
          metrics.map((m) =>
            m.disputed_share[holder] === undefined
              ? "—"
              : h(
                  "span",
                  {},
                  percent.format(m.disputed_share[holder]),
                  h("span", { className: "sub" }, `${km2.format(m.disputed_km2[holder] ?? 0)} km²`),
                ),
          ),
        );
      }
    }
    section("Disputes (against the record)");
    row(
      "Disputed on this date",
      "disputes.disputed",
      cols.map((c) => places(c.disputes.disputed)),
    );
    row(
      "Ended",
      "disputes.ended",
      cols.map((c, i) => (i === 0 ? "—" : places(c.disputes.ended))),
    );
    row(
      "Remaining",
      "disputes.remaining",
      cols.map((c) => places(c.disputes.remaining)),
    );
    row(
      "Begun",
      "disputes.new",
      cols.map((c) => places(c.disputes.new)),
    );
    row(
      `Places changing ${layer}`,
      "changes",
      metrics.map(
        (m) =>
          m.changes
            .map(
              (c) =>
                `${ctx.placeName(c.place)}: ${holderLabel(c.before, ctx)} → ${holderLabel(c.after, ctx)}`,
            )
            .join("; ") || "—",
      ),
    );
    row(
      "Promises fulfilled",
      "promises",
      metrics.map(
        (m) =>
          m.promises_fulfilled
            .map((p) => `${ctx.instrumentTitle(p.instrument)}: ${places(p.places)}`)
            .join("; ") || "—",
      ),
    );
    if (comparison.maritime.computed) {
      section(`Sea within ${comparison.maritime.limit_nm} nm, by nearest land (km², approximate)`);
      for (const holder of orderHolders(
        metrics.map((m) => m.sea_km2),
        ctx,
      )) {
        row(
          holderHead(holder),
          `sea.${holder}`,
          metrics.map((m) => num(m.sea_km2[holder] ?? 0)),
        );
      }
      row(
        "Total sea studied",
        "sea.total",
        cols.map((c) => num(c.sea_km2)),
      );
    }
    return h(
      "div",
      { className: "metrics-wrap", role: "region", "aria-labelledby": "metrics-caption", tabindex: 0 },
      h(
        "table",
        { className: "metrics" },
        h(
          "caption",
          { id: "metrics-caption" },
          `The record and each scenario on ${describe(comparison.date)}, ${ctx.viewName(view)}`,
        ),
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            h("th", { scope: "col" }, "Metric"),
            cols.map((c) =>
              h(
                "th",
                { scope: "col", "data-column": c.name, title: c.title },
                h("span", { className: "col-name" }, c.scenario ? c.name : "Recorded history"),
                h("span", { className: "col-title" }, c.scenario ? c.title : "the ledger as recorded"),
              ),
            ),
          ),
        ),
        h("tbody", {}, rows),
      ),
    );
  }

  private caveats(comparison: Comparison): HTMLElement {
    const m = comparison.maritime;
    return h(
      "section",
      { className: "caveats", "aria-labelledby": "caveats-title" },
      h("h3", { id: "caveats-title" }, "About the sea figures: an approximation, not a delimitation"),
      m.computed
        ? [
            h("p", {}, `How: ${m.method}.`),
            h(
              "ul",
              {},
              m.caveats.map((c) => h("li", {}, c)),
            ),
          ]
        : h("p", {}, "The maritime split was not computed."),
    );
  }
}
