// The page: state (date, view, chosen place or instrument) lives in the URL; every change
// re-asks the API and redraws the map, the legend, the axis and the panel.

import "./style.css";

import {
  ApiError,
  api,
  type Explanation,
  type Instrument,
  type InstrumentDetail,
  type Snapshot,
  type SnapshotFeature,
  type Timeline,
} from "./api";
import { TimeAxis, type AxisMark } from "./axis";
import { Palette, fillOf } from "./colors";
import { byId, h, replace } from "./dom";
import { addYears, dayOf, describe, isoOf, parseEdtf, today, yearOf } from "./edtf";
import { renderLegend } from "./legend";
import { PlaceMap, bounds, type MapPlace } from "./map";
import { instrumentDetail, isTitled, overview, placeDetail, viewName, type PanelContext } from "./panel";

interface State {
  date: string;
  view: string;
  place: string | null;
  instrument: string | null;
}

const AXIS_START = dayOf(1850, 1, 1);
const AXIS_END = today();
const PLAY_DELAY_MS = 700;

function readUrl(views: string[]): State {
  const params = new URLSearchParams(window.location.search);
  const view = params.get("view") ?? "de-facto";
  return {
    date: params.get("date")?.trim() || isoOf(AXIS_END),
    view: views.includes(view) ? view : "de-facto",
    place: params.get("place"),
    instrument: params.get("instrument"),
  };
}

function writeUrl(state: State, push: boolean): void {
  const params = new URLSearchParams({ date: state.date, view: state.view });
  if (state.place) params.set("place", state.place);
  if (state.instrument) params.set("instrument", state.instrument);
  const url = `${window.location.pathname}?${params.toString()}`;
  if (url === `${window.location.pathname}${window.location.search}`) return;
  if (push) window.history.pushState(null, "", url);
  else window.history.replaceState(null, "", url);
}

function effectiveDate(inst: Instrument): string | undefined {
  return inst.in_force ?? inst.date ?? inst.signed;
}

function showFatal(message: string): void {
  replace(
    byId("panel"),
    h(
      "div",
      { className: "panel-section error", role: "alert" },
      h("h2", {}, "The map cannot load"),
      h("p", {}, message),
    ),
  );
}

async function start(): Promise<void> {
  const [health, views, polities, sources, instruments, placeList] = await Promise.all([
    api.health(),
    api.views(),
    api.polities(),
    api.sources(),
    api.instruments(),
    api.places(),
  ]);
  document.title = `terrachron — ${health.title}`;
  byId("ledger-title").textContent = health.title;

  const palette = new Palette(polities.map((p) => p.id));
  const polityNames = new Map(polities.map((p) => [p.id, p.names.en ?? p.id]));
  const placeRecords = new Map(placeList.places.map((p) => [p.id, p]));
  const viewIds = views.map((v) => v.id);
  let state = readUrl(viewIds);

  const panel = byId("panel");
  const legendEl = byId("legend");
  const dateInput = byId<HTMLInputElement>("date-input");
  const dateError = byId("date-error");
  const dateBadge = byId("date-badge");
  const playButton = byId<HTMLButtonElement>("play");

  const geometries = new Map<string, SnapshotFeature["geometry"]>();
  const timelines = new Map<string, Timeline>();
  const instrumentCache = new Map<string, InstrumentDetail>();
  let snapshot: Snapshot | null = null;
  let inflight: AbortController | null = null;
  let busy = false;
  let again = false;
  let playing = false;
  let focusPanel = false;
  let fitted = false;

  const ctx: PanelContext = {
    palette,
    views,
    sources: new Map(sources.map((s) => [s.id, s])),
    polityName: (id) => polityNames.get(id) ?? id,
    placeName: (id) => placeRecords.get(id)?.names.en ?? id,
    placeNames: (id) => {
      const rec = placeRecords.get(id);
      return Object.fromEntries(Object.entries(rec?.names ?? {}).filter(([lang]) => lang !== "en"));
    },
    axisStart: AXIS_START,
    axisEnd: AXIS_END,
    selectPlace: (id) => select({ place: id, instrument: null }),
    selectInstrument: (id) => select({ instrument: id, place: null }),
    selectView: (id) => select({ view: id }),
    setDate: (text) => select({ date: text }),
    back: () => select({ place: null, instrument: null }),
  };

  const map = new PlaceMap({
    container: byId("map"),
    palette,
    onSelect: (id) => select({ place: id, instrument: null }),
  });
  (window as unknown as { terrachron: unknown }).terrachron = { map: map.map, state: () => state };

  // --- controls ------------------------------------------------------------------------------
  const viewsEl = byId("views");
  for (const v of views) {
    const input = h("input", {
      type: "radio",
      name: "view",
      id: `view-${v.id}`,
      value: v.id,
      onchange: () => select({ view: v.id }),
    });
    const label = h("label", { for: `view-${v.id}`, title: v.description ?? "" }, v.names.en ?? v.id);
    viewsEl.append(h("span", { className: "view-option" }, input, label));
  }

  byId<HTMLFormElement>("date-form").addEventListener("submit", (event) => {
    event.preventDefault();
    stopPlaying();
    const text = dateInput.value.trim();
    if (!text) {
      dateError.textContent = "Type a date: 1950-01-01, 1946-02 or 1950.";
      return;
    }
    select({ date: text });
  });

  const marks: AxisMark[] = instruments.flatMap((inst) => {
    const text = effectiveDate(inst);
    const range = text ? parseEdtf(text) : null;
    if (!text || !range || !Number.isFinite(range.lo)) return [];
    return [
      {
        id: inst.id,
        title: inst.title,
        lo: range.lo,
        hi: Number.isFinite(range.hi) ? range.hi : range.lo,
        date: text,
      },
    ];
  });
  const axis = new TimeAxis(byId("axis"), {
    start: AXIS_START,
    end: AXIS_END,
    marks,
    onPick: (day, final) => {
      stopPlaying();
      select({ date: isoOf(day) }, final);
    },
    onStep: (years, days) => {
      stopPlaying();
      select({ date: stepDate(state.date, years, days) });
    },
    onMark: (id) => {
      stopPlaying();
      const inst = instruments.find((i) => i.id === id);
      select({ instrument: id, place: null, date: (inst && effectiveDate(inst)) ?? state.date });
    },
  });

  function stepDate(text: string, years: number, days: number): string {
    const range = parseEdtf(text);
    // A whole year steps as a year ("1950" → "1951"), keeping the precision the person chose.
    if (range && range.precision === "year" && days === 0 && yearOf(range.lo) === yearOf(range.hi)) {
      return String(Math.min(yearOf(AXIS_END), Math.max(yearOf(AXIS_START), yearOf(range.lo) + years)));
    }
    const base = range && Number.isFinite(range.lo) ? range.lo : AXIS_END;
    const next = addYears(base, years) + days;
    return isoOf(Math.min(AXIS_END, Math.max(AXIS_START, next)));
  }

  playButton.addEventListener("click", () => (playing ? stopPlaying() : play()));

  function setPlaying(on: boolean): void {
    playing = on;
    playButton.setAttribute("aria-pressed", String(on));
    playButton.querySelector(".play-label")!.textContent = on ? "Pause" : "Play";
  }

  function stopPlaying(): void {
    if (playing) setPlaying(false);
  }

  async function play(): Promise<void> {
    setPlaying(true);
    const range = parseEdtf(state.date);
    if (range && Number.isFinite(range.lo) && yearOf(range.lo) >= yearOf(AXIS_END)) {
      await select({ date: isoOf(AXIS_START) }, false);
    }
    while (playing) {
      await new Promise((resolve) => setTimeout(resolve, PLAY_DELAY_MS));
      if (!playing) break;
      const next = stepDate(state.date, 1, 0);
      if (next === state.date) break;
      await select({ date: next }, false);
    }
    setPlaying(false);
    writeUrl(state, false);
  }

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && (state.place || state.instrument))
      select({ place: null, instrument: null });
  });
  window.addEventListener("popstate", () => {
    state = readUrl(viewIds);
    void refresh();
  });

  // --- state changes -------------------------------------------------------------------------
  async function select(change: Partial<State>, final = true): Promise<void> {
    const next = { ...state, ...change };
    const panelChange = next.place !== state.place || next.instrument !== state.instrument;
    focusPanel = panelChange && Boolean(next.place || next.instrument);
    const previous = state;
    state = next;
    const ok = await refresh();
    if (!ok) {
      state = previous;
      return;
    }
    // Discrete choices make history entries; dragging and playing only replace the current one.
    writeUrl(state, final && (panelChange || next.view !== previous.view));
  }

  /** Ask the API for the current state and redraw; false when the API refused the date. */
  async function refresh(): Promise<boolean> {
    if (busy) {
      again = true;
      return true;
    }
    busy = true;
    document.body.dataset.busy = "true";
    let ok = true;
    try {
      do {
        again = false;
        ok = await redraw();
      } while (again);
    } finally {
      busy = false;
      map.map.once("idle", () => {
        if (!busy) document.body.dataset.busy = "false";
      });
      map.map.triggerRepaint();
    }
    return ok;
  }

  async function redraw(): Promise<boolean> {
    const want = { ...state };
    if (!snapshot || snapshot.date !== want.date || snapshot.view !== want.view) {
      inflight?.abort();
      inflight = new AbortController();
      try {
        snapshot = await api.snapshot(want.date, want.view, geometries.size === 0, inflight.signal);
      } catch (error) {
        if (error instanceof DOMException && error.name === "AbortError") return true;
        if (error instanceof ApiError && error.parameter === "date") {
          dateError.textContent = error.message;
          dateInput.setAttribute("aria-invalid", "true");
          // Keep showing the last date that was answered, and say so in the URL too.
          if (snapshot && state.date === want.date) state = { ...state, date: snapshot.date };
          return false;
        }
        throw error;
      }
      for (const f of snapshot.features) if (f.geometry) geometries.set(f.id, f.geometry);
    }
    dateError.textContent = "";
    dateInput.removeAttribute("aria-invalid");
    if (document.activeElement !== dateInput) dateInput.value = want.date;
    for (const input of viewsEl.querySelectorAll<HTMLInputElement>("input"))
      input.checked = input.value === want.view;

    const titled = isTitled(ctx, want.view);
    const props = snapshot.features.map((f) => f.properties);
    const places: MapPlace[] = snapshot.features.map((f) => ({
      id: f.id,
      name: f.properties.name,
      geometry: geometries.get(f.id) ?? null,
      labelPoint: f.properties.label_point,
      props: f.properties,
      fill: fillOf(f.properties, titled),
    }));

    let detail: InstrumentDetail | null = null;
    if (want.instrument) {
      detail = instrumentCache.get(want.instrument) ?? null;
      if (!detail) {
        try {
          detail = await api.instrument(want.instrument);
          instrumentCache.set(want.instrument, detail);
        } catch {
          state.instrument = null;
        }
      }
    }
    const touched = detail
      ? [...new Set(detail.effects.flatMap((e) => e.members[want.view] ?? e.places))]
      : [];
    await map.ready;
    map.show(places, want.place, touched);
    if (!fitted) {
      map.fit();
      fitted = true;
      buildZoom();
    }

    const fills = new Map(places.map((p) => [p.fill.key, p.fill]));
    renderLegend(legendEl, {
      titled,
      viewLabel: viewName(ctx, want.view),
      fills: [...fills.values()],
      occupied: props.some((p) => p.occupied),
      uncertain: props.some((p) => p.uncertain),
      palette,
      holderName: (ids) => ids.map((id) => ctx.polityName(id)).join(" + "),
    });

    const range = parseEdtf(want.date);
    const lo = range && Number.isFinite(range.lo) ? range.lo : AXIS_START;
    const hi = range && Number.isFinite(range.hi) ? range.hi : AXIS_END;
    axis.set(lo, hi, describe(want.date));
    axis.highlight(want.instrument);
    const uncertain = props.filter((p) => p.uncertain).map((p) => p.name);
    replace(
      dateBadge,
      h("strong", {}, describe(want.date)),
      ` · ${viewName(ctx, want.view)}`,
      uncertain.length
        ? h(
            "span",
            { className: "badge badge-uncertain", title: `Uncertain on this date: ${uncertain.join(", ")}` },
            uncertain.length === 1
              ? `uncertain for ${uncertain[0]}`
              : `uncertain for ${uncertain.length} places`,
          )
        : null,
    );

    if (want.place && snapshot.features.some((f) => f.id === want.place)) {
      await showPlace(want, lo);
    } else if (detail) {
      replace(panel, instrumentDetail(ctx, detail));
    } else {
      state.place = null;
      replace(panel, overview(ctx, props, want.date, want.view));
    }
    if (focusPanel) {
      focusPanel = false;
      panel.querySelector<HTMLElement>("h2")?.setAttribute("tabindex", "-1");
      panel.querySelector<HTMLElement>("h2")?.focus({ preventScroll: false });
    }
    return true;
  }

  /** Buttons that zoom to every place, or to one of the ledger's groups. */
  function buildZoom(): void {
    const boxOf = (ids: string[]): [number, number, number, number] | null => {
      const boxes = ids.flatMap((id) => {
        const g = geometries.get(id);
        return g ? [bounds(g)] : [];
      });
      if (!boxes.length) return null;
      return [
        Math.min(...boxes.map((b) => b[0])),
        Math.min(...boxes.map((b) => b[1])),
        Math.max(...boxes.map((b) => b[2])),
        Math.max(...boxes.map((b) => b[3])),
      ];
    };
    const buttons = [
      h("button", { type: "button", onclick: () => map.fit(null, true) }, "All"),
      ...placeList.groups.map((g) =>
        h("button", { type: "button", onclick: () => map.fit(boxOf(g.members), true) }, g.names.en ?? g.id),
      ),
    ];
    byId("zoom").replaceChildren(...buttons);
  }

  async function showPlace(want: State, day: number): Promise<void> {
    const place = want.place as string;
    let ex: Explanation;
    try {
      ex = await api.explain(place, want.date, want.view);
    } catch (error) {
      replace(panel, h("p", { role: "alert" }, error instanceof Error ? error.message : String(error)));
      return;
    }
    const missing = viewIds.filter((v) => !timelines.has(`${place}|${v}`));
    const fetched = await Promise.all(missing.map((v) => api.timeline(place, v)));
    fetched.forEach((t, i) => timelines.set(`${place}|${missing[i]}`, t));
    const rows = viewIds.map((v) => timelines.get(`${place}|${v}`) as Timeline);
    replace(panel, placeDetail(ctx, ex, rows, day));
  }

  if (!(await refresh())) {
    // A date in the link that the API refuses: say so, and show today instead.
    const refused = dateError.textContent;
    state = { ...state, date: isoOf(AXIS_END) };
    await refresh();
    dateError.textContent = refused;
  }
  writeUrl(state, false);
}

// Tell the person plainly when the API is unreachable or refuses to start.
start().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  showFatal(`${message}. Is the terrachron server running? The API is under /api.`);
});
