// The map of a world-sized ledger: shapes come by tile, simplified for the zoom (one request per
// tile, kept), and colours come from GET /api/paint as feature state, so a change of date or
// view sends a few arrays and restyles the features already drawn instead of re-sending them.

import type { ExpressionSpecification, GeoJSONSource, Map as MapLibreMap } from "maplibre-gl";

import { api, type Paint, type TileFeature } from "./api";
import { DISPUTE_HALO, NOBODY, UNDETERMINED, UNRECORDED, type Palette } from "./colors";
import { h } from "./dom";

/** Below this map zoom a tile of zoom 0 covers the view; deeper, tiles one zoom coarser than it. */
const MAX_TILE_ZOOM = 8;
const MAX_LABELS = 160;
/** The first tile zoom the server sends as recorded (geo/tiles.py LEVELS). */
const FULL_DETAIL_ZOOM = 6;

export const WORLD_LAYERS = ["world-fill"];

/** The colour of a paint fill key: a holder, holders joined by "+", or a special key. */
export function fillColour(key: string, palette: Palette): string {
  if (key === "unrecorded") return UNRECORDED;
  if (key === "undetermined") return UNDETERMINED;
  if (key === "nobody") return NOBODY;
  return palette.of(key.split("+")[0]);
}

function tileRange(map: MapLibreMap, z: number): [number, number, number, number] {
  const n = 1 << z;
  const b = map.getBounds();
  const col = (lon: number) => Math.min(n - 1, Math.max(0, Math.floor(((lon + 180) / 360) * n)));
  const row = (lat: number) => {
    const clamped = Math.max(-85.05, Math.min(85.05, lat));
    const r = Math.log(Math.tan(Math.PI / 4 + (clamped * Math.PI) / 360));
    return Math.min(n - 1, Math.max(0, Math.floor(((1 - r / Math.PI) / 2) * n)));
  };
  return [
    col(Math.max(-180, b.getWest())),
    row(b.getNorth()),
    col(Math.min(180, b.getEast())),
    row(b.getSouth()),
  ];
}

export class WorldLayer {
  private readonly tiles = new Map<string, Promise<TileFeature[]>>();
  private shown = "";
  private scenario: string | null = null;
  private wanted = "";
  private labelText: (holder: string) => string = (id) => id;
  private paintData: Paint | null = null;
  /** Per place, the state last set: a new date sets only the places whose state changed. */
  private readonly stateOf = new Map<string, string>();
  private readonly labelSize = new WeakMap<HTMLElement, [number, number]>();
  private readonly labelLayer: HTMLElement;
  /** Resolves once the tiles of the current view are drawn (for the first paint). */
  loaded: Promise<void> = Promise.resolve();

  constructor(
    readonly map: MapLibreMap,
    private readonly palette: Palette,
  ) {
    const fill: ExpressionSpecification = ["coalesce", ["feature-state", "fill"], "#ffffff"];
    const flag = (name: string): ExpressionSpecification => ["boolean", ["feature-state", name], false];
    map.addSource("world", {
      type: "geojson",
      data: { type: "FeatureCollection", features: [] },
      promoteId: "pid",
    });
    const before = map.getLayer("place-dispute-halo") ? "place-dispute-halo" : undefined;
    map.addLayer({ id: "world-fill", type: "fill", source: "world", paint: { "fill-color": fill } }, before);
    map.addLayer(
      {
        id: "world-hatch",
        type: "fill",
        source: "world",
        paint: { "fill-pattern": "hatch", "fill-opacity": ["case", flag("disputed"), 1, 0] },
      },
      before,
    );
    map.addLayer(
      {
        id: "world-edge",
        type: "line",
        source: "world",
        paint: { "line-color": "rgba(30, 30, 40, 0.45)", "line-width": 0.5 },
      },
      before,
    );
    map.addLayer(
      {
        id: "world-halo",
        type: "line",
        source: "world",
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
        source: "world",
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
        source: "world",
        filter: ["==", ["get", "pid"], ""],
        paint: { "line-color": "#111111", "line-width": 2.5 },
      },
      before,
    );
    this.labelLayer = h("div", { className: "map-labels world-labels", "aria-hidden": "true" });
    map.getCanvasContainer().appendChild(this.labelLayer);
    map.on("moveend", () => void this.load());
    map.on("move", () => this.placeLabels());
    map.on("resize", () => this.placeLabels());
  }

  /** The tile zoom that serves the map's zoom: one coarser, so ~4 tiles fill a screen. Below
   * the full-detail zooms the server simplifies two zooms alike (0–1, 2–3, 4–5), and its tiles
   * hold whole places: the coarser zoom of a pair sends the same shapes with fewer repeated
   * across tiles (the world is one tile of zoom 0, not four of zoom 1 that share most places). */
  private tileZoom(): number {
    const z = Math.max(0, Math.min(MAX_TILE_ZOOM, Math.floor(this.map.getZoom()) - 1));
    return z < FULL_DETAIL_ZOOM ? z - (z % 2) : z;
  }

  private tile(z: number, x: number, y: number): Promise<TileFeature[]> {
    const key = `${this.scenario ?? ""}:${z}/${x}/${y}`;
    let found = this.tiles.get(key);
    if (!found) {
      found = api.tile(z, x, y, this.scenario).then((t) => t.features);
      // A failed tile is asked again on the next move.
      found.catch(() => this.tiles.delete(key));
      this.tiles.set(key, found);
    }
    return found;
  }

  /** Fetch the tiles covering the view (once each) and draw their places; with a scenario, its
   * places (a split place is drawn as its parts). Without an argument, the scenario last drawn. */
  load(scenario: string | null = this.scenario): Promise<void> {
    this.scenario = scenario;
    const z = this.tileZoom();
    const [x0, y0, x1, y1] = tileRange(this.map, z);
    const keys: [number, number, number][] = [];
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) keys.push([z, x, y]);
    const id = `${scenario ?? ""}:` + keys.map((k) => k.join("/")).join(",");
    if (id === this.shown || id === this.wanted) return this.loaded;
    this.wanted = id;
    this.loaded = Promise.all(keys.map(([a, b, c]) => this.tile(a, b, c))).then((lists) => {
      // A later move or scenario asked for other tiles: those draw, not these.
      if (this.wanted !== id) return;
      const seen = new Set<string>();
      const features = lists.flat().filter((f) => {
        if (seen.has(f.properties.pid)) return false;
        seen.add(f.properties.pid);
        return true;
      });
      this.shown = id;
      (this.map.getSource("world") as GeoJSONSource).setData({
        type: "FeatureCollection",
        features: features as unknown as GeoJSON.Feature[],
      });
    });
    // A failed tile leaves nothing wanted, so that the next move asks again.
    this.loaded.catch(() => {
      if (this.wanted === id) this.wanted = "";
    });
    return this.loaded;
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
        { source: "world", id: p.places[i] },
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
