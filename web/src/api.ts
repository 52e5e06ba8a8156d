// A typed client of the terrachron API: the shapes mirror src/terrachron/api/models.py.

export type Holders = string | string[] | null;
export type StatusValue = "unrecorded" | "undetermined" | "disputed" | "occupied" | "undisputed";

export interface Pending {
  effect: string;
  instrument: string;
  to: string;
  from: string | null;
  condition: string;
  since: string;
}

export interface Citation {
  source: string;
  paragraph?: number | null;
  chars?: [number, number] | null;
  locator?: string | null;
  note?: string | null;
}

export interface ChainLink {
  effect: string;
  instrument: string | null;
  instrument_title: string | null;
  op: string;
  role: string;
  date: string;
  polities: string[];
  recognized: boolean;
  reason: string | null;
  pending: boolean;
  hypothetical: boolean;
  note: string | null;
  citations: Citation[];
}

export interface Answer {
  controller: Holders;
  title: Holders;
  claimants: string[];
  status: StatusValue;
  disputed: boolean;
  occupied: boolean;
  pending: Pending[];
}

export interface Alternative extends Answer {
  assumes: string[];
}

export interface Status extends Answer {
  place: string;
  date: string;
  view: string;
  uncertain: boolean;
  alternatives: Alternative[];
  chain: ChainLink[];
  narrative: string;
  /** Set when the date is past the record: the day it ends. */
  horizon?: string | null;
}

export interface Explanation extends Status {
  other_views: Record<string, Answer>;
}

export interface Period extends Answer {
  start: string | null;
  end: string | null;
  uncertain: boolean;
  alternatives: Alternative[];
  caused_by: string[];
}

export interface Timeline {
  place: string;
  view: string;
  periods: Period[];
}

export interface FeatureProperties extends Status {
  name: string;
  label_point: [number, number] | null;
}

export interface Geometry {
  type: "Polygon" | "MultiPolygon";
  coordinates: unknown[];
}

export interface SnapshotFeature {
  type: "Feature";
  id: string;
  geometry: Geometry | null;
  properties: FeatureProperties;
}

export interface Snapshot {
  type: "FeatureCollection";
  date: string;
  view: string;
  features: SnapshotFeature[];
}

export interface Health {
  status: "ok";
  ledger: string;
  title: string;
  content_hash: string;
  version: string;
  places: number;
  instruments: number;
  views: string[];
  scenario: string | null;
}

export interface View {
  id: string;
  kind: "polity" | "neutral" | "de-facto";
  polity?: string;
  names: Record<string, string>;
  description?: string;
  rejects?: string[];
  groups?: Record<string, string[]>;
}

export interface Polity {
  id: string;
  names: Record<string, string>;
  aliases?: Record<string, string[]>;
  lifespan: string;
  continues?: string;
  succeeds?: string;
  summary?: string;
}

export interface Source {
  id: string;
  kind: string;
  title: string;
  authors?: string[];
  publisher?: string;
  published?: string;
  url?: string;
  note?: string;
}

export interface Instrument {
  id: string;
  kind: string;
  title: string;
  aliases?: string[];
  parties?: string[];
  date?: string;
  signed?: string;
  in_force?: string;
  summary: string;
  sources?: Citation[];
  effects?: Record<string, unknown>[];
  hypothetical?: boolean;
}

export interface EffectDetail {
  id: string;
  op: string;
  date: string | null;
  places: string[];
  group: string | null;
  members: Record<string, string[]>;
  rejected_by: string[];
  record: Record<string, unknown>;
}

export interface InstrumentDetail {
  instrument: Instrument;
  effective: string | null;
  effective_range: [string | null, string | null];
  parties: { id: string; name: string }[];
  effects: EffectDetail[];
  sources: Source[];
}

export interface Place {
  id: string;
  names: Record<string, string>;
  aliases?: Record<string, string[]>;
  summary?: string;
}

export interface Group {
  id: string;
  names: Record<string, string>;
  aliases?: Record<string, string[]>;
  members: string[];
  summary?: string;
}

export interface Places {
  places: Place[];
  groups: Group[];
}

/** A scenario as its folder describes it (GET /api/scenarios). */
export interface ScenarioInfo {
  name: string;
  path: string;
  title: string;
  description: string;
  sources: Citation[];
  instruments: string[];
  first_date: string | null;
  splits: string[];
  problems: string[];
}

export interface LineString {
  type: "LineString";
  coordinates: [number, number][];
}

export interface Split {
  place: string;
  parts: [string, string];
  method: "line" | "bisect";
  part_km2: [number, number];
  target_km2: number | null;
  error_km2: number | null;
  iterations: number;
  line: LineString;
}

/** A scenario applied to the ledger (GET /api/scenarios/{name}). */
export interface Scenario {
  name: string;
  title: string;
  description: string;
  path: string;
  sources: Citation[];
  instruments: string[];
  branch_date: string;
  last_date: string;
  splits: Split[];
}

export interface HolderChange {
  place: string;
  origin: string;
  before: string;
  after: string;
  km2: number;
}

export interface PromiseKept {
  effect: string;
  instrument: string;
  to: string;
  places: string[];
}

export interface ViewMetrics {
  view: string;
  layer: "title" | "control";
  holders: Record<string, string>;
  land_km2: Record<string, number>;
  disputed_km2: Record<string, number>;
  disputed_share: Record<string, number>;
  changes: HolderChange[];
  promises_pending: PromiseKept[];
  promises_fulfilled: PromiseKept[];
  sea_km2: Record<string, number>;
}

export interface Column {
  name: string;
  title: string;
  date: string;
  scenario: Scenario | null;
  instruments: string[];
  total_land_km2: number;
  disputes: { disputed: string[]; ended: string[]; remaining: string[]; new: string[] };
  sea_km2: number | null;
  views: Record<string, ViewMetrics>;
}

/** The baseline and scenarios side by side (GET /api/scenarios/compare). */
export interface Comparison {
  ledger: string;
  date: string;
  views: string[];
  disputed_area: { places: string[]; km2: number };
  columns: Column[];
  maritime: { computed: boolean; limit_nm: number; limit_m: number; method: string; caveats: string[] };
}

export type ScenarioLayer = "land" | "sea" | "split-line";

export interface ScenarioFeature {
  type: "Feature";
  properties: {
    layer: ScenarioLayer;
    place?: string;
    origin?: string;
    holder?: string | null;
    km2?: number;
    changed?: boolean;
    parts?: string[];
  };
  geometry: Geometry | LineString;
}

/** One column under one view as GeoJSON (GET /api/scenarios/{name}/map). */
export interface ScenarioMap {
  type: "FeatureCollection";
  features: ScenarioFeature[];
  properties: { scenario: string; date: string; view: string; caveats: string[] };
}

/** Where a date stands against the record (part of GET /api/paint). */
export interface Horizon {
  first: string | null;
  last: string | null;
  position: "before" | "within" | "after";
}

/** How to colour every place on a date (GET /api/paint): parallel arrays over `places`. */
export interface Paint {
  date: string;
  view: string;
  places: string[];
  fills: string[];
  fill: number[];
  /** Bits: 1 disputed, 2 occupied, 4 uncertain. */
  flags: number[];
  claimant_sets: string[][];
  claimants: number[];
  labels: { holder: string; point: [number, number]; km2: number }[];
  horizon: Horizon;
}

/** One point under every view (GET /api/locate): the columns of `terrachron locate`, and more. */
export interface Located {
  lon: number;
  lat: number;
  date: string;
  place: string | null;
  controller: string | null;
  title: string | null;
  status: string | null;
  disputed: boolean | null;
  uncertain: boolean | null;
  problem: string | null;
  claimants: string[];
  narrative: string | null;
  horizon: string | null;
  chain: ChainLink[];
  views: Record<string, { controller: Holders; title: Holders; status: string; disputed: boolean }>;
}

export interface SearchHit {
  kind: "place" | "group" | "polity";
  id: string;
  name: string;
  language: string;
  names: Record<string, string>;
  bbox: [number, number, number, number] | null;
  exact: boolean;
}

export interface DisputeRow extends Status {
  name: string;
  bbox: [number, number, number, number] | null;
  label_point: [number, number] | null;
}

export interface PlaceDetail {
  place: Place;
  bbox: [number, number, number, number] | null;
  label_point: [number, number] | null;
}

/** A refusal from the API: its message names the parameter at fault. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly parameter: string | null,
  ) {
    super(message);
  }
}

type Params = Record<string, string | string[] | null | undefined>;

async function get<T>(path: string, params: Params = {}, signal?: AbortSignal): Promise<T> {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    // A missing value (no scenario: the ledger as recorded) is left out of the URL altogether.
    if (value === null || value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) search.append(key, one);
  }
  const query = search.toString();
  const response = await fetch(query ? `${path}?${query}` : path, { signal });
  if (!response.ok) {
    let detail = `${response.status} ${response.statusText}`;
    let parameter: string | null = null;
    try {
      const body = (await response.json()) as { detail?: string; parameter?: string | null };
      detail = body.detail ?? detail;
      parameter = body.parameter ?? null;
    } catch {
      // Not JSON (a proxy's error page): keep the status line.
    }
    throw new ApiError(detail, response.status, parameter);
  }
  return (await response.json()) as T;
}

const place = (id: string): string => `/api/places/${encodeURIComponent(id)}`;

/** Every call takes the scenario to answer from; null is the ledger as recorded. */
export const api = {
  health: () => get<Health>("/api/health"),
  views: () => get<View[]>("/api/views"),
  polities: () => get<Polity[]>("/api/polities"),
  sources: (scenario: string | null = null) => get<Source[]>("/api/sources", { scenario }),
  places: (scenario: string | null = null) => get<Places>("/api/places", { scenario }),
  instruments: (scenario: string | null = null) => get<Instrument[]>("/api/instruments", { scenario }),
  instrument: (id: string, scenario: string | null = null) =>
    get<InstrumentDetail>(`/api/instruments/${encodeURIComponent(id)}`, { scenario }),
  snapshot: (date: string, view: string, geometry: boolean, scenario: string | null, signal?: AbortSignal) =>
    get<Snapshot>("/api/snapshot", { date, view, geometry: String(geometry), scenario }, signal),
  explain: (id: string, date: string, view: string, scenario: string | null, signal?: AbortSignal) =>
    get<Explanation>(`${place(id)}/explain`, { date, view, scenario }, signal),
  timeline: (id: string, view: string, scenario: string | null) =>
    get<Timeline>(`${place(id)}/timeline`, { view, scenario }),
  scenarios: () => get<ScenarioInfo[]>("/api/scenarios"),
  paint: (date: string, view: string, scenario: string | null, signal?: AbortSignal) =>
    get<Paint>("/api/paint", { date, view, scenario }, signal),
  viewLanguages: () => get<Record<string, string | null>>("/api/view-languages"),
  labels: (lang: string) =>
    get<Record<string, { name: string; latin: string | null }>>("/api/labels", { lang }),
  locate: (lon: number, lat: number, date: string, view: string) =>
    get<Located>("/api/locate", { lon: String(lon), lat: String(lat), date, view }),
  search: (q: string) => get<{ q: string; hits: SearchHit[] }>("/api/search", { q, limit: "8" }),
  disputes: (date: string, view: string) => get<DisputeRow[]>("/api/disputes", { date, view }),
  placeDetail: (id: string) => get<PlaceDetail>(place(id)),
  scenario: (name: string) => get<Scenario>(`/api/scenarios/${encodeURIComponent(name)}`),
  compare: (names: string[], date: string, view: string, signal?: AbortSignal) =>
    get<Comparison>("/api/scenarios/compare", { names, date, view }, signal),
  scenarioMap: (name: string, date: string, view: string, signal?: AbortSignal) =>
    get<ScenarioMap>(`/api/scenarios/${encodeURIComponent(name)}/map`, { date, view }, signal),
};
