// The page: state (date, view, scenario, chosen place or instrument, compared scenarios) lives
// in the URL; every change re-asks the API and redraws the map, the legend, the axis and the
// panel, or, when scenarios are compared, the compare view.

import "./style.css";

import {
  ApiError,
  api,
  type Explanation,
  type Instrument,
  type InstrumentDetail,
  type Places,
  type Scenario,
  type ScenarioInfo,
  type Snapshot,
  type SnapshotFeature,
  type Source,
  type Timeline,
} from "./api";
import { TimeAxis, type AxisMark } from "./axis";
import { Palette, fillOf } from "./colors";
import { CompareView } from "./compare";
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
  /** The scenario answered; null for the ledger as recorded. */
  scenario: string | null;
  /** The scenarios compared side by side; null when the map is shown. */
  compare: string[] | null;
}

/** What the page needs of the ledger as recorded, or of one scenario's branch. */
interface Branch {
  scenario: string | null;
  detail: Scenario | null;
  instruments: Instrument[];
  places: Places;
  sources: Source[];
  marks: AxisMark[];
  /** The last day of the time axis: today, or later to cover hypothetical instruments. */
  end: number;
}

const AXIS_START = dayOf(1850, 1, 1);
const TODAY = today();
const PLAY_DELAY_MS = 700;
/** How far past its last hypothetical instrument a scenario's axis runs. */
const SCENARIO_YEARS_AFTER = 3;

function readUrl(views: string[], scenarios: string[]): State {
  const params = new URLSearchParams(window.location.search);
  const view = params.get("view") ?? "de-facto";
  const scenario = params.get("scenario");
  const compare = (params.get("compare") ?? "").split(",").filter((n) => scenarios.includes(n));
  return {
    date: params.get("date")?.trim() || isoOf(TODAY),
    view: views.includes(view) ? view : "de-facto",
    place: params.get("place"),
    instrument: params.get("instrument"),
    scenario: scenario && scenarios.includes(scenario) ? scenario : null,
    compare: compare.length ? [...new Set(compare)] : null,
  };
}

function writeUrl(state: State, push: boolean): void {
  const params = new URLSearchParams({ date: state.date, view: state.view });
  if (state.scenario) params.set("scenario", state.scenario);
  if (state.compare) params.set("compare", state.compare.join(","));
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
  const [health, views, polities, sources, instruments, placeList, scenarioList] = await Promise.all([
    api.health(),
    api.views(),
    api.polities(),
    api.sources(),
    api.instruments(),
    api.places(),
    api.scenarios(),
  ]);
  document.title = `terrachron — ${health.title}`;
  byId("ledger-title").textContent = health.title;

  const palette = new Palette(polities.map((p) => p.id));
  const polityNames = new Map(polities.map((p) => [p.id, p.names.en ?? p.id]));
  let placeRecords = new Map(placeList.places.map((p) => [p.id, p]));
  // Names of the places only scenarios have (a split's parts), for the compare view's table.
  const partNames = new Map<string, string>();
  const viewIds = views.map((v) => v.id);
  // A scenario that breaks a rule cannot be chosen: the API refuses it with its problems.
  const usable = scenarioList.filter((s) => s.problems.length === 0);
  const scenarioNames = usable.map((s) => s.name);
  const scenarioInfo = new Map<string, ScenarioInfo>(scenarioList.map((s) => [s.name, s]));
  let state = readUrl(viewIds, scenarioNames);
  let axisEnd = TODAY;

  const panel = byId("panel");
  const legendEl = byId("legend");
  const dateInput = byId<HTMLInputElement>("date-input");
  const dateError = byId("date-error");
  const dateBadge = byId("date-badge");
  const scenarioError = byId("scenario-error");
  const playButton = byId<HTMLButtonElement>("play");

  // Geometries, timelines and instruments are cached per scenario: a split makes new places,
  // and a scenario's timeline and instruments differ from the record's.
  const geometries = new Map<string, Map<string, SnapshotFeature["geometry"]>>();
  const geometriesOf = (scenario: string | null) => {
    const key = scenario ?? "";
    let found = geometries.get(key);
    if (!found) geometries.set(key, (found = new Map()));
    return found;
  };
  const timelines = new Map<string, Timeline>();
  const instrumentCache = new Map<string, InstrumentDetail>();
  let snapshot: Snapshot | null = null;
  let snapshotScenario: string | null = null;
  let inflight: AbortController | null = null;
  let busy = false;
  let again = false;
  let playing = false;
  let focusPanel = false;
  let focusCompare: "in" | "out" | null = null;
  let comparing = false;
  let fitted = false;

  const ctx: PanelContext = {
    palette,
    views,
    sources: new Map(sources.map((s) => [s.id, s])),
    polityName: (id) => polityNames.get(id) ?? id,
    placeName: (id) => placeRecords.get(id)?.names.en ?? partNames.get(id) ?? id,
    placeNames: (id) => {
      const rec = placeRecords.get(id);
      return Object.fromEntries(Object.entries(rec?.names ?? {}).filter(([lang]) => lang !== "en"));
    },
    axisStart: AXIS_START,
    axisEnd: TODAY,
    scenario: null,
    scenarioStart: null,
    openCompare: () => select({ compare: defaultCompare(), place: null, instrument: null }),
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
  const compareView = new CompareView(byId("compare"), {
    palette,
    scenarios: scenarioList,
    polityName: (id) => polityNames.get(id) ?? id,
    placeName: (id) => ctx.placeName(id),
    instrumentTitle: (id) => instruments.find((i) => i.id === id)?.title ?? id,
    viewName: (id) => viewName(ctx, id),
    titled: (id) => isTitled(ctx, id),
    onChoose: (names) => select({ compare: names }),
    onClose: () => select({ compare: null }),
  });
  (window as unknown as { terrachron: unknown }).terrachron = {
    map: map.map,
    state: () => state,
    compareMaps: () => compareView.maps,
  };

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

  const scenarioSelect = byId<HTMLSelectElement>("scenario-select");
  const compareToggle = byId<HTMLButtonElement>("compare-toggle");
  if (scenarioList.length === 0) {
    byId("scenario-pick").hidden = true;
    compareToggle.hidden = true;
  }
  scenarioSelect.append(
    h("option", { value: "" }, "Recorded history"),
    h(
      "optgroup",
      { label: "Scenarios (hypothetical)" },
      scenarioList.map((sc) =>
        h(
          "option",
          { value: sc.name, disabled: sc.problems.length > 0, title: sc.title },
          `${sc.name}${sc.problems.length ? " (cannot be applied)" : ""}`,
        ),
      ),
    ),
  );
  scenarioSelect.addEventListener("change", () => {
    stopPlaying();
    select({ scenario: scenarioSelect.value || null, instrument: null });
  });
  compareToggle.addEventListener("click", () => {
    stopPlaying();
    select(state.compare ? { compare: null } : { compare: defaultCompare(), place: null, instrument: null });
  });

  /** The scenarios a fresh comparison starts with: the chosen one and the next, or the first two. */
  function defaultCompare(): string[] {
    const first = state.scenario ?? scenarioNames[0];
    const other = scenarioNames.find((n) => n !== first);
    return [first, other].filter((n): n is string => Boolean(n));
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

  const marksOf = (list: Instrument[]): AxisMark[] =>
    list.flatMap((inst) => {
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
          hypothetical: Boolean(inst.hypothetical),
        },
      ];
    });
  const recorded: Branch = {
    scenario: null,
    detail: null,
    instruments,
    places: placeList,
    sources,
    marks: marksOf(instruments),
    end: TODAY,
  };
  const branches = new Map<string, Promise<Branch>>([["", Promise.resolve(recorded)]]);
  let branch = recorded;

  /** The ledger as recorded, or a scenario's branch: its instruments, places and axis. */
  function branchOf(scenario: string | null): Promise<Branch> {
    const key = scenario ?? "";
    let found = branches.get(key);
    if (!found) {
      found = Promise.all([api.scenario(key), api.instruments(key), api.places(key), api.sources(key)]).then(
        ([detail, list, places, cited]) => {
          for (const p of places.places) if (!partNames.has(p.id)) partNames.set(p.id, p.names.en ?? p.id);
          const marks = marksOf(list);
          const last = Math.max(...marks.filter((m) => m.hypothetical).map((m) => m.hi), TODAY);
          return {
            scenario,
            detail,
            instruments: list,
            places,
            sources: cited,
            marks,
            end: Math.max(TODAY, addYears(last, SCENARIO_YEARS_AFTER)),
          };
        },
      );
      // A failed load is not kept: the next choice of the scenario asks again.
      found.catch(() => branches.delete(key));
      branches.set(key, found);
    }
    return found;
  }

  /** Switch the axis, the names and the zoom buttons to another branch. */
  function useBranch(next: Branch): void {
    if (next === branch) return;
    branch = next;
    axisEnd = next.end;
    placeRecords = new Map(next.places.places.map((p) => [p.id, p]));
    ctx.axisEnd = next.end;
    ctx.sources = new Map(next.sources.map((x) => [x.id, x]));
    ctx.scenario = next.scenario ? (scenarioInfo.get(next.scenario) ?? null) : null;
    ctx.scenarioStart = next.detail?.last_date ?? null;
    axis.configure(next.end, next.marks, next.scenario ? TODAY : null);
    if (fitted) buildZoom();
  }

  const axis = new TimeAxis(byId("axis"), {
    start: AXIS_START,
    end: TODAY,
    marks: recorded.marks,
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
      const inst = branch.instruments.find((i) => i.id === id);
      select({ instrument: id, place: null, date: (inst && effectiveDate(inst)) ?? state.date });
    },
  });

  function stepDate(text: string, years: number, days: number): string {
    const range = parseEdtf(text);
    // A whole year steps as a year ("1950" → "1951"), keeping the precision the person chose.
    if (range && range.precision === "year" && days === 0 && yearOf(range.lo) === yearOf(range.hi)) {
      return String(Math.min(yearOf(axisEnd), Math.max(yearOf(AXIS_START), yearOf(range.lo) + years)));
    }
    const base = range && Number.isFinite(range.lo) ? range.lo : axisEnd;
    const next = addYears(base, years) + days;
    return isoOf(Math.min(axisEnd, Math.max(AXIS_START, next)));
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
    if (range && Number.isFinite(range.lo) && yearOf(range.lo) >= yearOf(axisEnd)) {
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
    if (event.key !== "Escape") return;
    if (state.compare) select({ compare: null });
    else if (state.place || state.instrument) select({ place: null, instrument: null });
  });
  window.addEventListener("popstate", () => {
    state = readUrl(viewIds, scenarioNames);
    void refresh();
  });

  // --- state changes -------------------------------------------------------------------------
  async function select(change: Partial<State>, final = true): Promise<void> {
    const next = { ...state, ...change };
    const panelChange = next.place !== state.place || next.instrument !== state.instrument;
    const modeChange =
      next.scenario !== state.scenario || (next.compare ?? []).join() !== (state.compare ?? []).join();
    focusPanel = panelChange && Boolean(next.place || next.instrument);
    focusCompare = Boolean(next.compare) !== Boolean(state.compare) ? (next.compare ? "in" : "out") : null;
    const previous = state;
    state = next;
    const ok = await refresh();
    if (!ok) {
      state = previous;
      return;
    }
    // Discrete choices make history entries; dragging and playing only replace the current one.
    writeUrl(state, final && (panelChange || modeChange || next.view !== previous.view));
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
      if (state.compare) {
        // The compare view resolves only once its maps have drawn.
        document.body.dataset.busy = "false";
      } else {
        map.map.once("idle", () => {
          if (!busy) document.body.dataset.busy = "false";
        });
        map.map.triggerRepaint();
      }
    }
    return ok;
  }

  /** The controls that show the state, whichever view draws it. */
  function showControls(want: State): void {
    dateError.textContent = "";
    dateInput.removeAttribute("aria-invalid");
    if (document.activeElement !== dateInput) dateInput.value = want.date;
    for (const input of viewsEl.querySelectorAll<HTMLInputElement>("input"))
      input.checked = input.value === want.view;
    scenarioSelect.value = want.scenario ?? "";
    compareToggle.setAttribute("aria-pressed", String(Boolean(want.compare)));
    document.body.classList.toggle("is-comparing", Boolean(want.compare));
    byId("compare").hidden = !want.compare;
    byId("layout").hidden = Boolean(want.compare);
  }

  /** The scenarios side by side, on a day when every one of them is in effect. */
  async function redrawCompare(names: string[]): Promise<boolean> {
    const firsts = names.map((n) => scenarioInfo.get(n)?.first_date).filter((d): d is string => Boolean(d));
    const latest = firsts.sort().at(-1);
    const range = parseEdtf(state.date);
    if (latest && range && Number.isFinite(range.hi) && range.hi < (parseEdtf(latest)?.lo ?? -Infinity)) {
      // Before the scenarios begin they all answer as the record does: nothing to compare.
      state = { ...state, date: latest };
    }
    const want = { ...state };
    showControls(want);
    // The scenarios' own places (a split's parts) are named in the table.
    await Promise.allSettled(names.map((n) => branchOf(n)));
    try {
      await compareView.show(names, want.date, want.view);
    } catch (error) {
      if (error instanceof DOMException && error.name === "AbortError") return true;
      if (error instanceof ApiError && error.parameter === "date") {
        dateError.textContent = error.message;
        dateInput.setAttribute("aria-invalid", "true");
        return false;
      }
      if (error instanceof ApiError) return true;
      throw error;
    }
    if (focusCompare === "in") byId("compare-title").focus();
    focusCompare = null;
    return true;
  }

  async function redraw(): Promise<boolean> {
    if (state.compare) {
      comparing = true;
      return redrawCompare(state.compare);
    }
    if (comparing) {
      // Back from the compare view: its maps are released, and the map, hidden meanwhile,
      // takes its size again.
      comparing = false;
      compareView.close();
      byId("layout").hidden = false;
      map.map.resize();
    }
    if (focusCompare === "out") compareToggle.focus();
    focusCompare = null;
    let next: Branch;
    try {
      next = await branchOf(state.scenario);
      scenarioError.textContent = "";
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      // A scenario that breaks a rule (409): say why, and show the record instead.
      scenarioError.textContent = error.message;
      state = { ...state, scenario: null };
      next = recorded;
    }
    useBranch(next);
    const want = { ...state };
    if (
      !snapshot ||
      snapshot.date !== want.date ||
      snapshot.view !== want.view ||
      snapshotScenario !== want.scenario
    ) {
      inflight?.abort();
      inflight = new AbortController();
      const known = geometriesOf(want.scenario);
      try {
        snapshot = await api.snapshot(want.date, want.view, known.size === 0, want.scenario, inflight.signal);
        snapshotScenario = want.scenario;
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
      for (const f of snapshot.features) if (f.geometry) known.set(f.id, f.geometry);
    }
    showControls(want);
    const shapes = geometriesOf(want.scenario);

    const titled = isTitled(ctx, want.view);
    const props = snapshot.features.map((f) => f.properties);
    const places: MapPlace[] = snapshot.features.map((f) => ({
      id: f.id,
      name: f.properties.name,
      geometry: shapes.get(f.id) ?? null,
      labelPoint: f.properties.label_point,
      props: f.properties,
      fill: fillOf(f.properties, titled),
    }));

    let detail: InstrumentDetail | null = null;
    if (want.instrument) {
      const key = `${want.scenario ?? ""}|${want.instrument}`;
      detail = instrumentCache.get(key) ?? null;
      if (!detail) {
        try {
          detail = await api.instrument(want.instrument, want.scenario);
          instrumentCache.set(key, detail);
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
    const hi = range && Number.isFinite(range.hi) ? range.hi : axisEnd;
    axis.set(lo, hi, describe(want.date));
    axis.highlight(want.instrument);
    const uncertain = props.filter((p) => p.uncertain).map((p) => p.name);
    replace(
      dateBadge,
      h("strong", {}, describe(want.date)),
      ` · ${viewName(ctx, want.view)}`,
      want.scenario
        ? h(
            "span",
            { className: "badge badge-hypothetical", title: ctx.scenario?.title ?? want.scenario },
            `scenario: ${want.scenario}`,
          )
        : null,
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
    const shapes = geometriesOf(state.scenario);
    const boxOf = (ids: string[]): [number, number, number, number] | null => {
      const boxes = ids.flatMap((id) => {
        const g = shapes.get(id);
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
      // A split place is a group of its parts in a scenario: no zoom button of its own.
      ...branch.places.groups
        .filter((g) => !branch.detail?.splits.some((s) => s.place === g.id))
        .map((g) =>
          h("button", { type: "button", onclick: () => map.fit(boxOf(g.members), true) }, g.names.en ?? g.id),
        ),
    ];
    byId("zoom").replaceChildren(...buttons);
  }

  async function showPlace(want: State, day: number): Promise<void> {
    const place = want.place as string;
    let ex: Explanation;
    try {
      ex = await api.explain(place, want.date, want.view, want.scenario);
    } catch (error) {
      replace(panel, h("p", { role: "alert" }, error instanceof Error ? error.message : String(error)));
      return;
    }
    const key = (v: string) => `${want.scenario ?? ""}|${place}|${v}`;
    const missing = viewIds.filter((v) => !timelines.has(key(v)));
    const fetched = await Promise.all(missing.map((v) => api.timeline(place, v, want.scenario)));
    fetched.forEach((t, i) => timelines.set(key(missing[i]), t));
    const rows = viewIds.map((v) => timelines.get(key(v)) as Timeline);
    replace(panel, placeDetail(ctx, ex, rows, day));
  }

  if (!(await refresh())) {
    // A date in the link that the API refuses: say so, and show today instead.
    const refused = dateError.textContent;
    state = { ...state, date: isoOf(TODAY) };
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
