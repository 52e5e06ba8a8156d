// Colours: one per polity, stable across views and dates, so that a person learns them once.

import type { Answer, Holders } from "./api";

// Chosen to be told apart by people with the common colour-vision deficiencies and to keep
// dark text readable on them. The bundled ledger's four main actors get colours that read as
// theirs (Japan red; Russia's three states related blues and violet); any other polity, or any
// other ledger, takes the next free colour in order.
const PREFERRED: Record<string, string> = {
  japan: "#d1495b",
  "russian-empire": "#8e7cc3",
  "soviet-union": "#2f6db5",
  russia: "#3fa7a3",
};
const FALLBACK = ["#6a994e", "#b5838d", "#577590", "#c2703d", "#9a8c98", "#43aa8b", "#8d6e63"];

export const UNDETERMINED = "#cfcfcf";
export const UNRECORDED = "#f4f1ea";
export const NOBODY = "#e2e2e2";
export const LAND = "#e9e4d8";
export const SEA = "#d7e6ef";
export const HATCH = "rgba(20, 20, 30, 0.55)";
/** The halo around disputed places: a colour no polity gets. */
export const DISPUTE_HALO = "#f5b700";

/** Every holder id of a JSON holders field (one id, several, or none). */
export function holders(value: Holders): string[] {
  if (value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function spread(i: number): string {
  const hue = (i * 137.508 + 20) % 360;
  const light = 0.58 + 0.1 * ((i % 3) - 1);
  const sat = 0.42;
  const f = (n: number) => {
    const k = (n + hue / 30) % 12;
    const c = light - sat * Math.min(light, 1 - light) * Math.max(-1, Math.min(k - 3, 9 - k, 1));
    return Math.round(c * 255)
      .toString(16)
      .padStart(2, "0");
  };
  return `#${f(0)}${f(8)}${f(4)}`;
}

export class Palette {
  private readonly colours = new Map<string, string>();

  constructor(polityIds: string[]) {
    let next = 0;
    const taken = new Set(Object.values(PREFERRED));
    for (const id of polityIds) {
      let colour = PREFERRED[id];
      if (!colour) {
        const free = FALLBACK.filter((c) => !taken.has(c));
        // Past the hand-picked colours (a world ledger has hundreds of polities), hues spread by
        // the golden angle, so that polities next to each other in the list differ the most.
        colour = free.length ? free[0] : spread(next++);
        taken.add(colour);
      }
      this.colours.set(id, colour);
    }
  }

  /** The colour of a polity (grey for an id the ledger does not list). */
  of(id: string): string {
    return this.colours.get(id) ?? "#888888";
  }
}

/** What a place is coloured by, under a view: the key, its legend label and how to paint it. */
export interface Fill {
  key: string;
  ids: string[];
  kind: "polity" | "joint" | "undetermined" | "unrecorded" | "nobody";
}

/**
 * Colour by controller under de-facto, by title holder under a polity's view: the map answers
 * the question the view asks.
 */
export function fillOf(answer: Answer, titled: boolean): Fill {
  if (answer.status === "unrecorded") return { key: "unrecorded", ids: [], kind: "unrecorded" };
  const ids = holders(titled ? answer.title : answer.controller);
  if (ids.length === 0) {
    return titled
      ? { key: "undetermined", ids, kind: "undetermined" }
      : { key: "nobody", ids, kind: "nobody" };
  }
  if (ids.length === 1) return { key: ids[0], ids, kind: "polity" };
  const sorted = [...ids].sort();
  return { key: sorted.join("+"), ids: sorted, kind: "joint" };
}

/** A CSS background for a fill, for swatches and timeline bars outside the map. */
export function cssFill(fill: Fill, palette: Palette): string {
  switch (fill.kind) {
    case "polity":
      return palette.of(fill.ids[0]);
    case "joint": {
      const stops = fill.ids.flatMap((id, i) => [
        `${palette.of(id)} ${i * 6}px`,
        `${palette.of(id)} ${(i + 1) * 6}px`,
      ]);
      return `repeating-linear-gradient(135deg, ${stops.join(", ")})`;
    }
    case "undetermined":
      return UNDETERMINED;
    case "unrecorded":
      return UNRECORDED;
    default:
      return NOBODY;
  }
}

/** One flat colour for a fill (a joint holding takes its first holder's): for dots on the map. */
export function flatFill(fill: Fill, palette: Palette): string {
  return fill.kind === "joint" ? palette.of(fill.ids[0]) : cssFill(fill, palette);
}

/** The CSS of the disputed hatching, drawn over a fill. */
export const CSS_HATCH = `repeating-linear-gradient(45deg, ${HATCH} 0 1.5px, transparent 1.5px 7px)`;

/** Raw RGBA pixels, in the form MapLibre's addImage takes. */
export interface Pixels {
  width: number;
  height: number;
  data: Uint8Array;
}

type Rgba = [number, number, number, number];

function rgba(hex: string, alpha = 255): Rgba {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255, alpha];
}

/**
 * Diagonal bands, one pixel at a time: the band of pixel (x, y) depends on (x + y) modulo the
 * period, and the tile is one period wide, so the pattern continues seamlessly across tiles.
 */
function diagonal(period: number, colourAt: (offset: number) => Rgba): Pixels {
  const data = new Uint8Array(period * period * 4);
  for (let y = 0; y < period; y++) {
    for (let x = 0; x < period; x++) {
      data.set(colourAt((x + y) % period), (y * period + x) * 4);
    }
  }
  return { width: period, height: period, data };
}

/** Hatching on a transparent ground: laid over a place's fill when it is disputed. */
export function hatchPattern(ratio: number): Pixels {
  const ink: Rgba = [20, 20, 30, 150];
  const clear: Rgba = [0, 0, 0, 0];
  const width = Math.max(2, Math.round(2 * ratio));
  return diagonal(Math.round(9 * ratio), (o) => (o < width ? ink : clear));
}

/** Stripes of several colours, for a title or control held jointly. */
export function stripePattern(colours: string[], ratio: number): Pixels {
  const band = Math.max(3, Math.round(5 * ratio));
  const inks = colours.map((c) => rgba(c));
  return diagonal(band * inks.length, (o) => inks[Math.floor(o / band)]);
}
