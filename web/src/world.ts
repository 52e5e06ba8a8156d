// The map of a world-sized ledger: shapes come as binary vector tiles (GET /api/tiles/z/x/y.mvt,
// each place simplified for the zoom and clipped to the tile), which MapLibre fetches and decodes
// tile by tile in its workers; colours come from GET /api/paint as feature state, so a change of
// date or view sends a few arrays and restyles the features already drawn instead of re-sending them.

import type { ExpressionSpecification, Map as MapLibreMap, VectorTileSource } from "maplibre-gl";

import type { Paint } from "./api";
import { DISPUTE_HALO, NOBODY, UNDETERMINED, UNRECORDED, type Palette } from "./colors";
import { h } from "./dom";

/** The deepest zoom the server tiles (geo/tiles.py MAX_TILE_ZOOM); deeper, MapLibre overzooms. */
const MAX_TILE_ZOOM = 8;
/** The one layer of the server's vector tiles (geo/tiles.py MVT_LAYER). */
const SOURCE_LAYER = "places";
const MAX_LABELS = 160;

export const WORLD_LAYERS = ["world-fill"];

/** The colour of a paint fill key: a holder, holders joined by "+", or a special key. */
export function fillColour(key: string, palette: Palette): string {
  if (key === "unrecorded") return UNRECORDED;
  if (key === "undetermined") return UNDETERMINED;
  if (key === "nobody") return NOBODY;
  return palette.of(key.split("+")[0]);
}

/** The tile URL template of the ledger as recorded (null) or of a scenario. */
function tileUrl(scenario: string | null): string {
  const query = scenario ? `?scenario=${encodeURIComponent(scenario)}` : "";
  // Absolute: MapLibre's workers fetch the tiles, and resolve nothing against the page.
  return `${window.location.origin}/api/tiles/{z}/{x}/{y}.mvt${query}`;
}

export class WorldLayer {
  private scenario: string | null = null;
  private labelText: (holder: string) => string = (id) => id;
  private paintData: Paint | null = null;
  /** Per place, the state last set: a new date sets only the places whose state changed. */
  private readonly stateOf = new Map<string, string>();
  private readonly labelSize = new WeakMap<HTMLElement, [number, number]>();
  private readonly labelLayer: HTMLElement;

  constructor(
    readonly map: MapLibreMap,
    private readonly palette: Palette,
  ) {
    const fill: ExpressionSpecification = ["coalesce", ["feature-state", "fill"], "#ffffff"];
    const flag = (name: string): ExpressionSpecification => ["boolean", ["feature-state", name], false];
    map.addSource("world", {
      type: "vector",
      tiles: [tileUrl(null)],
      minzoom: 0,
      maxzoom: MAX_TILE_ZOOM,
      // Feature state is keyed by place id, as /api/paint names places.
      promoteId: "pid",
    });
    const before = map.getLayer("place-dispute-halo") ? "place-dispute-halo" : undefined;
    const layer = { source: "world", "source-layer": SOURCE_LAYER } as const;
    // The borders are the fill's own outline: a separate line layer drew every edge of the world
    // a second time, in software GL the costliest of the layers.
    map.addLayer(
      {
        id: "world-fill",
        type: "fill",
        ...layer,
        paint: { "fill-color": fill, "fill-outline-color": "rgba(30, 30, 40, 0.45)" },
      },
      before,
    );
    map.addLayer(
      {
        id: "world-hatch",
        type: "fill",
        ...layer,
        paint: { "fill-pattern": "hatch", "fill-opacity": ["case", flag("disputed"), 1, 0] },
      },
      before,
    );
    map.addLayer(
      {
        id: "world-halo",
        type: "line",
        ...layer,
        paint: {
          "line-color": DISPUTE_HALO,
          "line-width": 2.5,
          "line-opacity": ["case", flag("disputed"), 0.95, 0],
        },
      },
      before,
    );
    map.addLayer(
      {
        id: "world-uncertain",
        type: "line",
        ...layer,
        paint: {
          "line-color": "#111111",
          "line-width": 1.2,
          "line-dasharray": [1.5, 1.5],
          "line-opacity": ["case", flag("uncertain"), 1, 0],
        },
      },
      before,
    );
    map.addLayer(
      {
        id: "world-selected",
        type: "line",
        ...layer,
        filter: ["==", ["get", "pid"], ""],
        paint: { "line-color": "#111111", "line-width": 2.5 },
      },
      before,
    );
    this.labelLayer = h("div", { className: "map-labels world-labels", "aria-hidden": "true" });
    map.getCanvasContainer().appendChild(this.labelLayer);
    map.on("move", () => this.placeLabels());
    map.on("resize", () => this.placeLabels());
  }

  /** Draw the ledger as recorded (null) or a scenario's places (a split place as its parts):
   * MapLibre asks for the tiles covering the view as it moves, and keeps them. */
  load(scenario: string | null = this.scenario): void {
    if (scenario === this.scenario) return;
    this.scenario = scenario;
    (this.map.getSource("world") as VectorTileSource).setTiles([tileUrl(scenario)]);
  }

  /** Colour every place as the paint answer says; label the holders. */
  paint(p: Paint, labelText: (holder: string) => string): void {
    this.paintData = p;
    this.labelText = labelText;
    const colours = p.fills.map((key) => fillColour(key, this.palette));
    for (let i = 0; i < p.places.length; i++) {
      const f = p.flags[i];
      // Most places keep their holder from one date to the next; each feature-state call costs
      // a lookup and a re-evaluation in every tile holding the place, so unchanged ones are skipped.
      const key = `${colours[p.fill[i]]}|${f & 7}`;
      if (this.stateOf.get(p.places[i]) === key) continue;
      this.stateOf.set(p.places[i], key);
      this.map.setFeatureState(
        { source: "world", sourceLayer: SOURCE_LAYER, id: p.places[i] },
        {
          fill: colours[p.fill[i]],
          disputed: (f & 1) !== 0,
          occupied: (f & 2) !== 0,
          uncertain: (f & 4) !== 0,
        },
      );
    }
    this.drawLabels();
  }

  select(pid: string | null): void {
    this.map.setFilter("world-selected", ["==", ["get", "pid"], pid ?? ""]);
  }

  /** The place id under a screen point, if any. */
  placeAt(point: { x: number; y: number }): string | null {
    const hit = this.map.queryRenderedFeatures([point.x, point.y], { layers: WORLD_LAYERS })[0];
    const pid = hit?.properties?.pid;
    return typeof pid === "string" ? pid : null;
  }

  private drawLabels(): void {
    const p = this.paintData;
    if (!p) return;
    // A holder's label from the last date is kept when its text is the same (its measured size
    // with it): most holders outlive a change of date.
    const before = new Map<string, HTMLElement>();
    for (const el of Array.from(this.labelLayer.children) as HTMLElement[])
      before.set(`${el.dataset.holder}|${el.textContent}`, el);
    const els = p.labels.slice(0, MAX_LABELS).map((lb) => {
      const text = this.labelText(lb.holder);
      const el =
        before.get(`${lb.holder}|${text}`) ??
        h("div", { className: "map-label world-label", "data-holder": lb.holder }, text);
      el.dataset.lon = String(lb.point[0]);
      el.dataset.lat = String(lb.point[1]);
      return el;
    });
    this.labelLayer.replaceChildren(...els);
    this.placeLabels();
  }

  /** Largest holdings first; a label that would overlap one already placed waits for a zoom. */
  private placeLabels(): void {
    const placed: DOMRect[] = [];
    const frame = this.map.getContainer().getBoundingClientRect();
    const els = Array.from(this.labelLayer.children) as HTMLElement[];
    // Every size is read before any style is written: reading a size after a write forces the
    // browser to lay the page out again, once per label (160 layouts on each frame of a pan).
    // A label's size does not change once drawn, so it is read once and kept.
    const sizes = els.map((el) => {
      let size = this.labelSize.get(el);
      if (!size) {
        size = [el.offsetWidth, el.offsetHeight];
        this.labelSize.set(el, size);
      }
      return size;
    });
    for (const [i, el] of els.entries()) {
      const { x, y } = this.map.project([Number(el.dataset.lon), Number(el.dataset.lat)]);
      const [w, hgt] = sizes[i];
      const r = new DOMRect(x - w / 2, y - hgt / 2, w, hgt);
      const inside = r.left >= 0 && r.top >= 0 && r.right <= frame.width && r.bottom <= frame.height;
      const free = !placed.some(
        (o) => r.left < o.right + 4 && o.left < r.right + 4 && r.top < o.bottom + 2 && o.top < r.bottom + 2,
      );
      const show = inside && free;
      el.style.visibility = show ? "visible" : "hidden";
      if (show) {
        el.style.transform = `translate(${Math.round(r.left)}px, ${Math.round(r.top)}px)`;
        placed.push(r);
      }
    }
  }
}
