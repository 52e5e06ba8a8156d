// The map: MapLibre GL JS over a style built here (no tiles, glyphs or sprites from anywhere):
// a sea background, Natural Earth land shipped with the page, and the ledger's places.

import * as maplibregl from "maplibre-gl";
import type {
  ExpressionSpecification,
  GeoJSONSource,
  LngLatBoundsLike,
  Map as MapLibreMap,
  MapGeoJSONFeature,
  StyleSpecification,
} from "maplibre-gl";
import workerUrl from "maplibre-gl/dist/maplibre-gl-worker.mjs?url";
import "maplibre-gl/dist/maplibre-gl.css";
import type { Geometry as GeoJSONGeometry } from "geojson";

import type { FeatureProperties, Geometry } from "./api";
import {
  DISPUTE_HALO,
  LAND,
  SEA,
  flatFill,
  hatchPattern,
  stripePattern,
  type Fill,
  type Palette,
} from "./colors";
import { h } from "./dom";

// The worker is bundled as an asset of its own; tell MapLibre where the build put it.
maplibregl.setWorkerUrl(workerUrl);

/** One place as the map draws it. */
export interface MapPlace {
  id: string;
  name: string;
  geometry: Geometry | null;
  labelPoint: [number, number] | null;
  props: FeatureProperties;
  fill: Fill;
}

interface Options {
  container: HTMLElement;
  palette: Palette;
  /** A click on the map: where, and the place drawn there (with a few pixels of slack). */
  onClick: (lngLat: [number, number], placeId: string | null) => void;
}

const PLACE_LAYERS = ["place-fill", "place-joint", "place-dot"];
// Places smaller than this (square degrees, about 8,000 km² here) also get a dot in their colour:
// a narrow island is a few pixels wide at the zoom that shows the whole region.
const DOT_MAX_AREA = 1;

/** Planar area, in square degrees, of a GeoJSON (Multi)Polygon: enough to rank sizes. */
function area(geometry: Geometry): number {
  const ring = (points: number[][]): number => {
    let sum = 0;
    for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
      sum += (points[j][0] + points[i][0]) * (points[j][1] - points[i][1]);
    }
    return Math.abs(sum) / 2;
  };
  const polygon = (rings: number[][][]): number =>
    ring(rings[0]) - rings.slice(1).reduce((a, r) => a + ring(r), 0);
  const coords = geometry.coordinates as unknown;
  return geometry.type === "Polygon"
    ? polygon(coords as number[][][])
    : (coords as number[][][][]).reduce((a, p) => a + polygon(p), 0);
}

/** [west, south, east, north] of a GeoJSON geometry. */
export function bounds(geometry: Geometry): [number, number, number, number] {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  const visit = (value: unknown): void => {
    if (Array.isArray(value) && typeof value[0] === "number") {
      const [x, y] = value as number[];
      w = Math.min(w, x);
      e = Math.max(e, x);
      s = Math.min(s, y);
      n = Math.max(n, y);
    } else if (Array.isArray(value)) {
      value.forEach(visit);
    }
  };
  visit(geometry.coordinates);
  return [w, s, e, n];
}

function style(): StyleSpecification {
  const empty = { type: "FeatureCollection" as const, features: [] };
  const byFill: ExpressionSpecification = ["get", "fill"];
  return {
    version: 8,
    sources: {
      land: {
        type: "geojson",
        data: "/land.geojson",
      },
      places: { type: "geojson", data: empty },
      dots: { type: "geojson", data: empty },
    },
    layers: [
      { id: "sea", type: "background", paint: { "background-color": SEA } },
      { id: "land", type: "fill", source: "land", paint: { "fill-color": LAND } },
      {
        id: "land-coast",
        type: "line",
        source: "land",
        paint: { "line-color": "#c4bba5", "line-width": 0.6 },
      },
      {
        // A halo under disputed places: hatching alone vanishes on a narrow island.
        id: "place-dispute-halo",
        type: "line",
        source: "places",
        filter: ["==", ["get", "disputed"], true],
        paint: {
          "line-color": DISPUTE_HALO,
          "line-width": ["interpolate", ["linear"], ["zoom"], 4, 4, 8, 8],
          "line-opacity": 0.9,
          "line-blur": 1,
        },
      },
      {
        id: "place-fill",
        type: "fill",
        source: "places",
        filter: ["==", ["get", "pattern"], ""],
        paint: { "fill-color": byFill, "fill-opacity": 0.92 },
      },
      {
        id: "place-joint",
        type: "fill",
        source: "places",
        filter: ["!=", ["get", "pattern"], ""],
        paint: { "fill-pattern": ["get", "pattern"] },
      },
      {
        id: "place-hatch",
        type: "fill",
        source: "places",
        filter: ["==", ["get", "disputed"], true],
        paint: { "fill-pattern": "hatch" },
      },
      {
        id: "place-edge",
        type: "line",
        source: "places",
        paint: { "line-color": "rgba(30, 30, 40, 0.55)", "line-width": 0.6 },
      },
      {
        // Under a polity's view, a place held by one polity and controlled by another is
        // ringed in the controller's colour: occupation is visible without hiding title.
        id: "place-occupied",
        type: "line",
        source: "places",
        filter: ["==", ["get", "occupied"], true],
        // Drawn just outside the coast, thin, so that even a narrow island keeps its fill.
        paint: {
          "line-color": ["get", "outline"],
          "line-width": ["interpolate", ["linear"], ["zoom"], 4, 1, 8, 2.5],
          "line-offset": ["interpolate", ["linear"], ["zoom"], 4, 1.2, 8, 2.5],
        },
      },
      {
        id: "place-uncertain",
        type: "line",
        source: "places",
        filter: ["==", ["get", "uncertain"], true],
        paint: { "line-color": "#111111", "line-width": 2, "line-dasharray": [1.5, 1.5] },
      },
      {
        id: "place-hover",
        type: "line",
        source: "places",
        filter: ["==", ["get", "pid"], ""],
        paint: { "line-color": "#111111", "line-width": 1.6 },
      },
      {
        id: "place-selected",
        type: "line",
        source: "places",
        filter: ["==", ["get", "selected"], true],
        paint: { "line-color": "#111111", "line-width": 3 },
      },
      {
        id: "place-dot",
        type: "circle",
        source: "dots",
        paint: {
          "circle-color": byFill,
          "circle-radius": ["interpolate", ["linear"], ["zoom"], 4, 5, 7, 4, 9, 0],
          "circle-stroke-color": [
            "case",
            ["get", "selected"],
            "#111111",
            ["get", "disputed"],
            DISPUTE_HALO,
            "#3b3b3b",
          ],
          "circle-stroke-width": ["case", ["get", "selected"], 2.5, ["get", "disputed"], 2.5, 1],
        },
      },
    ],
  };
}

export class PlaceMap {
  readonly map: MapLibreMap;
  readonly ready: Promise<void>;
  private readonly palette: Palette;
  private readonly labels = new Map<string, HTMLElement>();
  private readonly labelLayer: HTMLElement;
  /** Each place's area (square degrees): small ones get dots, large ones label first. */
  private readonly areas = new Map<string, number>();
  private readonly patterns = new Set<string>();
  private places: MapPlace[] = [];
  private selected: string | null = null;
  private highlighted = new Set<string>();

  /** Another layer's picker (the world's tiles), asked when no regional place is hit. */
  worldPick: ((point: { x: number; y: number }) => string | null) | null = null;

  constructor({ container, palette, onClick }: Options) {
    this.palette = palette;
    this.map = new maplibregl.Map({
      container,
      style: style(),
      center: [147, 47],
      zoom: 4,
      minZoom: 2,
      maxZoom: 11,
      attributionControl: false,
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
      fadeDuration: 0,
      // On a phone the map is part of a scrolling page: one finger scrolls the page, two move
      // the map.
      cooperativeGestures: window.matchMedia("(max-width: 700px)").matches,
    });
    this.map.touchZoomRotate.disableRotation();
    this.map.addControl(new maplibregl.NavigationControl({ showCompass: false }), "top-right");
    // The legend sits bottom-right, over open sea, and credits the land layer itself.
    this.map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-left");
    this.ready = new Promise((resolve) => {
      this.map.on("load", () => {
        const ratio = Math.max(1, Math.round(window.devicePixelRatio || 1));
        this.map.addImage("hatch", hatchPattern(ratio), { pixelRatio: ratio });
        resolve();
      });
    });

    const pick = (point: maplibregl.Point): MapGeoJSONFeature | undefined => {
      // A few pixels of slack, so that a tap on a small island or near its coast still counts.
      const pad = 6;
      const box: [maplibregl.PointLike, maplibregl.PointLike] = [
        [point.x - pad, point.y - pad],
        [point.x + pad, point.y + pad],
      ];
      const exact = this.map.queryRenderedFeatures(point, { layers: PLACE_LAYERS });
      return exact[0] ?? this.map.queryRenderedFeatures(box, { layers: PLACE_LAYERS })[0];
    };
    this.map.on("click", (event) => {
      const hit = pick(event.point)?.properties?.pid;
      const pid = typeof hit === "string" ? hit : (this.worldPick?.(event.point) ?? null);
      onClick([event.lngLat.lng, event.lngLat.lat], pid);
    });
    this.map.on("mousemove", (event) => {
      const pid = pick(event.point)?.properties?.pid;
      this.map.getCanvas().style.cursor = typeof pid === "string" ? "pointer" : "";
      this.map.setFilter("place-hover", ["==", ["get", "pid"], typeof pid === "string" ? pid : ""]);
    });
    // Labels are HTML laid over the canvas (no glyphs to download), placed on every move.
    this.labelLayer = h("div", { className: "map-labels", "aria-hidden": "true" });
    this.map.getCanvasContainer().appendChild(this.labelLayer);
    this.map.on("move", () => this.placeLabels());
    this.map.on("resize", () => this.placeLabels());
  }

  /** Fit the map to every place (or to the given bounds). */
  fit(box?: [number, number, number, number] | null, animate = false): void {
    let target = box;
    if (!target) {
      const all = this.places.filter((p) => p.geometry).map((p) => bounds(p.geometry as Geometry));
      if (!all.length) return;
      target = [
        Math.min(...all.map((b) => b[0])),
        Math.min(...all.map((b) => b[1])),
        Math.max(...all.map((b) => b[2])),
        Math.max(...all.map((b) => b[3])),
      ];
    }
    const narrow = this.map.getContainer().clientWidth < 500;
    this.map.fitBounds(target as LngLatBoundsLike, {
      padding: narrow ? 16 : 36,
      animate,
      maxZoom: 8,
    });
  }

  /**
   * Fly to a box, keeping it clear of what lies over the map: the badge and zoom presets at the
   * top, the zoom buttons at the right and, on a phone, the bottom sheet.
   */
  flyTo(box: [number, number, number, number], cover: { top: number; right: number; bottom: number }): void {
    const frame = this.map.getContainer();
    const pad = 16;
    const padding = {
      top: Math.min(cover.top + pad, frame.clientHeight / 3),
      right: Math.min(cover.right + pad, frame.clientWidth / 3),
      bottom: Math.min(cover.bottom + pad, (frame.clientHeight * 2) / 3),
      left: pad,
    };
    // A box too small for the room left (a phone with the sheet up) is centred with no padding
    // rather than refused.
    if (frame.clientHeight - padding.top - padding.bottom < 60) padding.top = padding.bottom = 4;
    // A box across 180° comes west > east (RFC 7946); the map fits it with its east past 180.
    const [w, south, e, north] = box;
    const fit = [w, south, w > e ? e + 360 : e, north];
    this.map.fitBounds(fit as LngLatBoundsLike, { padding, maxZoom: 7, duration: 600 });
  }

  /** Draw the places as they stand on the current date and view. */
  show(places: MapPlace[], selected: string | null, highlighted: string[] = []): void {
    this.places = places;
    this.selected = selected;
    this.highlighted = new Set(highlighted);
    for (const place of places) {
      if (place.geometry && !this.areas.has(place.id)) this.areas.set(place.id, area(place.geometry));
      if (place.fill.kind === "joint") this.ensureStripes(place.fill.key, place.fill.ids);
    }
    const features = places
      .filter((p) => p.geometry)
      .map((p) => ({
        type: "Feature" as const,
        geometry: p.geometry as unknown as GeoJSONGeometry,
        properties: this.paintProps(p),
      }));
    const dots = places
      .filter((p) => p.labelPoint && (this.areas.get(p.id) ?? 0) < DOT_MAX_AREA)
      .map((p) => ({
        type: "Feature" as const,
        geometry: { type: "Point" as const, coordinates: p.labelPoint as [number, number] },
        properties: this.paintProps(p),
      }));
    (this.map.getSource("places") as GeoJSONSource).setData({ type: "FeatureCollection", features });
    (this.map.getSource("dots") as GeoJSONSource).setData({ type: "FeatureCollection", features: dots });
    this.updateLabels();
  }

  private paintProps(p: MapPlace): Record<string, string | boolean> {
    const fill = p.fill;
    const controller = p.props.controller;
    const outlineId = Array.isArray(controller) ? controller[0] : controller;
    return {
      pid: p.id,
      fill: flatFill(fill, this.palette),
      pattern: fill.kind === "joint" ? `joint:${fill.key}` : "",
      disputed: p.props.disputed,
      occupied: p.props.occupied,
      uncertain: p.props.uncertain,
      outline: outlineId ? this.palette.of(outlineId) : "#000000",
      selected: p.id === this.selected || this.highlighted.has(p.id),
    };
  }

  private ensureStripes(key: string, ids: string[]): void {
    const name = `joint:${key}`;
    if (this.patterns.has(name)) return;
    const ratio = Math.max(1, Math.round(window.devicePixelRatio || 1));
    this.map.addImage(
      name,
      stripePattern(
        ids.map((id) => this.palette.of(id)),
        ratio,
      ),
      {
        pixelRatio: ratio,
      },
    );
    this.patterns.add(name);
  }

  private updateLabels(): void {
    for (const place of this.places) {
      if (!place.labelPoint) continue;
      let el = this.labels.get(place.id);
      if (!el) {
        el = h("div", { className: "map-label", "aria-hidden": "true" }, place.name);
        this.labelLayer.appendChild(el);
        this.labels.set(place.id, el);
      }
      // The names follow the language chosen (or the view's).
      if (el.textContent !== place.name) el.textContent = place.name;
      el.classList.toggle("is-selected", place.id === this.selected);
      el.classList.toggle("is-disputed", place.props.disputed);
    }
    this.placeLabels();
  }

  /**
   * Keep labels from covering each other: the selected place first, then larger places, each
   * trying right, left, above and below its point; a label with no free spot is hidden until
   * the map is zoomed in enough for it.
   */
  private placeLabels(): void {
    const placed: DOMRect[] = [];
    const order = [...this.places].sort((a, b) => {
      if (a.id === this.selected) return -1;
      if (b.id === this.selected) return 1;
      return (this.areas.get(b.id) ?? 0) - (this.areas.get(a.id) ?? 0);
    });
    const gap = 7;
    const overlaps = (a: DOMRect, b: DOMRect) =>
      a.left < b.right + 2 && b.left < a.right + 2 && a.top < b.bottom + 1 && b.top < a.bottom + 1;
    const frame = this.map.getContainer().getBoundingClientRect();
    for (const place of order) {
      const el = this.labels.get(place.id);
      if (!el || !place.labelPoint) continue;
      const { x, y } = this.map.project(place.labelPoint);
      const w = el.offsetWidth;
      const hgt = el.offsetHeight;
      const candidates = [
        new DOMRect(x + gap, y - hgt / 2, w, hgt),
        new DOMRect(x - gap - w, y - hgt / 2, w, hgt),
        new DOMRect(x - w / 2, y - gap - hgt, w, hgt),
        new DOMRect(x - w / 2, y + gap, w, hgt),
      ];
      const inside = (r: DOMRect) =>
        r.left >= 0 && r.top >= 0 && r.right <= frame.width && r.bottom <= frame.height;
      const chosen = candidates.find((r) => inside(r) && !placed.some((o) => overlaps(r, o)));
      el.style.visibility = chosen ? "visible" : "hidden";
      if (chosen) {
        el.style.transform = `translate(${Math.round(chosen.left)}px, ${Math.round(chosen.top)}px)`;
        placed.push(chosen);
      }
    }
  }
}
