// The review server's JSON API (src/terrachron/api/review_app.py), typed.

export type Kind = "instrument" | "effect" | "place" | "polity";
export type Status = "new" | "agrees" | "contradicts";
export type Decision = "pending" | "accept" | "reject" | "edit";

export interface Span {
  start: number;
  end: number;
  text: string;
  field: string;
  confidence: number | null;
}

export interface Item {
  key: string;
  kind: Kind;
  label: string;
  record: Record<string, unknown>;
  evidence: Span[];
  confidence: number | null;
  status: Status;
  reasons: string[];
  ledger_record: Record<string, unknown> | null;
  linked: boolean;
  parent: string | null;
  decision: Decision;
  replace: boolean;
  current: Record<string, unknown>;
  yaml: string;
}

export interface Counts {
  accepted: number;
  rejected: number;
  pending: number;
}

export interface State {
  draft: string;
  into: string;
  article: { path: string; text: string };
  items: Item[];
  counts: Counts;
  written: string[];
}

export interface Plan {
  write: string[];
  replace: string[];
  left_out: string[];
}

export interface WriteResult {
  written: string[];
  notes: string[];
  skipped: string[];
  unchanged: string[];
  state: State;
}

/** A refusal of the server: its message, and the conflicts or problems it lists. */
export class ReviewApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly lines: string[],
  ) {
    super(message);
  }
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, init);
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const data = (body ?? {}) as { detail?: string; conflicts?: string[]; problems?: string[] };
    throw new ReviewApiError(data.detail ?? `the server answered ${response.status}`, response.status, [
      ...(data.conflicts ?? []),
      ...(data.problems ?? []),
    ]);
  }
  return body as T;
}

function post<T>(path: string, body: unknown): Promise<T> {
  return call<T>(path, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

export const getState = (): Promise<State> => call<State>("/api/review");
export const getPlan = (): Promise<Plan> => call<Plan>("/api/review/plan");
export const write = (): Promise<WriteResult> => post<WriteResult>("/api/review/write", {});

export function decide(
  key: string,
  decision: Decision,
  extra: { record?: string; replace?: boolean } = {},
): Promise<{ item: Item; counts: Counts }> {
  return post(`/api/review/decisions/${key}`, { decision, ...extra });
}
