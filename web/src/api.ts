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

async function get<T>(path: string, params: Record<string, string> = {}, signal?: AbortSignal): Promise<T> {
  const query = new URLSearchParams(params).toString();
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

export const api = {
  health: () => get<Health>("/api/health"),
  views: () => get<View[]>("/api/views"),
  polities: () => get<Polity[]>("/api/polities"),
  sources: () => get<Source[]>("/api/sources"),
  places: () => get<Places>("/api/places"),
  instruments: () => get<Instrument[]>("/api/instruments"),
  instrument: (id: string) => get<InstrumentDetail>(`/api/instruments/${encodeURIComponent(id)}`),
  snapshot: (date: string, view: string, geometry: boolean, signal?: AbortSignal) =>
    get<Snapshot>("/api/snapshot", { date, view, geometry: String(geometry) }, signal),
  explain: (id: string, date: string, view: string, signal?: AbortSignal) =>
    get<Explanation>(`${place(id)}/explain`, { date, view }, signal),
  timeline: (id: string, view: string) => get<Timeline>(`${place(id)}/timeline`, { view }),
};
