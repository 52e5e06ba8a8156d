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
  type Located,
  type Paint,
  type SearchHit,
  type Places,
  type Scenario,
  type ScenarioInfo,
  type Snapshot,
  type SnapshotFeature,
  type Source,
  type Timeline,
} from "./api";
import { TimeAxis, type AxisMark } from "./axis";
import { Palette, fillOf, type Fill } from "./colors";
import { CompareView } from "./compare";
import { byId, h, replace } from "./dom";
import { addYears, dayOf, describe, isoOf, parseEdtf, today, yearOf } from "./edtf";
import { renderLegend } from "./legend";
import { PlaceMap, bounds, type MapPlace } from "./map";
import { instrumentDetail, isTitled, overview, placeDetail, viewName, type PanelContext } from "./panel";
import { WorldLayer } from "./world";
import {
  disputesSection,
  horizonSentence,
  pointSection,
  type DisputeItem,
  type DisputeSort,
} from "./worldpanel";

interface State {
  date: string;
  view: string;
  place: string | null;
  instrument: string | null;
  /** The scenario answered; null for the ledger as recorded. */
  scenario: string | null;
  /** The scenarios compared side by side; null when the map is shown. */
  compare: string[] | null;
  /** A point asked about (click, or ?at=lon,lat). */
  at: [number, number] | null;
  /** The language of the names on the map; null: the view's own. */
  lang: string | null;
}

/** From this many places the ledger is drawn by tiles and painted per date (see world.ts). */
const WORLD_FROM = 500;
/** The whole world, as a world ledger opens on it. */
const WORLD_BOX: [number, number, number, number] = [-180, -58, 180, 80];

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

/** What a link asks for, and what in it cannot be honoured (said on the page, never dropped). */
function readUrl(
  views: string[],
  scenarios: string[],
  langs: string[],
): { state: State; problems: string[] } {
  const params = new URLSearchParams(window.location.search);
  const problems: string[] = [];
  const view = params.get("view") ?? "de-facto";
  if (!views.includes(view)) {
    problems.push(
      `The link's view “${view}” is not one of this ledger's (${views.join(", ")}): showing de-facto.`,
    );
  }
  const scenario = params.get("scenario");
  if (scenario && !scenarios.includes(scenario)) {
    problems.push(
      `The link's scenario “${scenario}” is not one of this ledger's${scenarios.length ? ` (${scenarios.join(", ")})` : ""}: showing the record.`,
    );
  }
  const asked = (params.get("compare") ?? "").split(",").filter(Boolean);
  const compare = asked.filter((n) => scenarios.includes(n));
  const unknown = asked.filter((n) => !scenarios.includes(n));
  if (unknown.length) problems.push(`The link compares unknown scenarios (${unknown.join(", ")}): left out.`);
  let at: [number, number] | null = null;
  const atText = params.get("at");
  if (atText !== null) {
    const parts = atText.split(",").map((x) => Number(x.trim()));
    if (
      parts.length === 2 &&
      parts.every(Number.isFinite) &&
      Math.abs(parts[0]) <= 180 &&
      Math.abs(parts[1]) <= 90
    ) {
      at = [parts[0], parts[1]];
    } else {
      problems.push(
        `The link's point “at=${atText}” is not “longitude,latitude” in degrees (at=145.8,44.1): ignored.`,
      );
    }
  }
  const lang = params.get("lang");
  if (lang && !langs.includes(lang)) {
    problems.push(
      `The link's language “${lang}” names no place of this ledger (${langs.join(", ")}): names follow the view.`,
    );
  }
  return {
    state: {
      date: params.get("date")?.trim() || isoOf(TODAY),
      view: views.includes(view) ? view : "de-facto",
      place: params.get("place"),
      instrument: params.get("instrument"),
      scenario: scenario && scenarios.includes(scenario) ? scenario : null,
      compare: compare.length ? [...new Set(compare)] : null,
      at,
      lang: lang && langs.includes(lang) ? lang : null,
    },
    problems,
  };
}

function writeUrl(state: State, push: boolean): void {
  const params = new URLSearchParams({ date: state.date, view: state.view });
  if (state.scenario) params.set("scenario", state.scenario);
  if (state.compare) params.set("compare", state.compare.join(","));
  if (state.place) params.set("place", state.place);
  if (state.instrument) params.set("instrument", state.instrument);
  if (state.at) params.set("at", state.at.map((x) => x.toFixed(5)).join(","));
  if (state.lang) params.set("lang", state.lang);
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
  const [health, views, polities, sources, instruments, placeList, scenarioList, viewLangs] =
    await Promise.all([
      api.health(),
      api.views(),
      api.polities(),
      api.sources(),
      api.instruments(),
      api.places(),
      api.scenarios(),
      api.viewLanguages(),
    ]);
  const world = placeList.places.length >= WORLD_FROM;
  document.body.classList.toggle("is-world", world);
  // The languages the ledger names places in, English first.
  const langs = [...new Set(["en", ...placeList.places.flatMap((p) => Object.keys(p.names)).sort()])];
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
  const read = readUrl(viewIds, scenarioNames, langs);
  let state = read.state;
  const urlProblems = [...read.problems];
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
  let paintData: Paint | null = null;
  /** The scenario `paintData` answers for (the paint answer does not name it). */
  let paintScenario: string | null = null;
  let disputeSort: DisputeSort = "name";
  let flyPending = Boolean(state.place || state.at);
  let located: Located | null = null;
  const labelSets = new Map<string, Promise<Record<string, { name: string; latin: string | null }>>>();
  const placeBoxes = new Map<string, Promise<[number, number, number, number] | null>>();

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
    selectPlace: (id) => {
      flyPending = true;
      return select({ place: id, instrument: null, at: null });
    },
    selectInstrument: (id) => select({ instrument: id, place: null }),
    selectView: (id) => select({ view: id }),
    setDate: (text) => select({ date: text }),
    back: () => select({ place: null, instrument: null, at: null }),
  };

  const map = new PlaceMap({
    container: byId("map"),
    palette,
    onClick: (lngLat, pid) => {
      flyPending = true;
      void select({ at: lngLat, place: pid, instrument: null });
    },
  });
  let worldLayer: WorldLayer | null = null;
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
    paint: () => paintData,
    world,
  };

  // --- URL problems, language, search ---------------------------------------------------------
  const notice = byId("url-notice");
  // Every problem said since the notice was last dismissed: a later one does not hide another.
  let notices: string[] = [];
  function showNotice(problems: string[]): void {
    if (!problems.length) return;
    if (notice.hidden) notices = [];
    notices = [...new Set([...notices, ...problems])];
    notice.hidden = false;
    replace(
      notice,
      h(
        "ul",
        {},
        notices.map((p) => h("li", {}, p)),
      ),
      h(
        "button",
        { type: "button", className: "notice-close", onclick: () => (notice.hidden = true) },
        "Dismiss",
      ),
    );
  }

  const langSelect = byId<HTMLSelectElement>("lang-select");
  const langName = (code: string): string => {
    try {
      return new Intl.DisplayNames([code, "en"], { type: "language" }).of(code) ?? code;
    } catch {
      return code;
    }
  };
  langSelect.append(
    h("option", { value: "" }, "The view's language"),
    ...langs.map((code) => h("option", { value: code }, `${langName(code)} (${code})`)),
  );
  langSelect.addEventListener("change", () => void select({ lang: langSelect.value || null }));
  /** The language the map names places in: the chosen one, else the view's, else English. */
  const mapLang = (s: State): string => s.lang ?? viewLangs[s.view] ?? "en";
  function labelsOf(lang: string): Promise<Record<string, { name: string; latin: string | null }>> {
    let found = labelSets.get(lang);
    if (!found) {
      found = lang === "en" ? Promise.resolve({}) : api.labels(lang);
      found.catch(() => labelSets.delete(lang));
      labelSets.set(lang, found);
    }
    return found;
  }
  const polityIn = (id: string, lang: string): string => {
    const names = polities.find((p) => p.id === id)?.names ?? {};
    return names[lang] ?? names.en ?? id;
  };

  function boxOfPlace(id: string): Promise<[number, number, number, number] | null> {
    let found = placeBoxes.get(id);
    if (!found) {
      found = api.placeDetail(id).then(
        (d) => d.bbox,
        () => null,
      );
      placeBoxes.set(id, found);
    }
    return found;
  }
  /** What covers the map: the top overlays, the zoom buttons, and a phone's bottom sheet. */
  function covers(): { top: number; right: number; bottom: number } {
    const frame = byId("map").getBoundingClientRect();
    const top = document.querySelector(".map-top")?.getBoundingClientRect();
    const nav = document.querySelector(".maplibregl-ctrl-top-right")?.getBoundingClientRect();
    const sheet = document.body.classList.contains("has-sheet") ? panel.getBoundingClientRect() : null;
    return {
      top: top ? Math.max(0, top.bottom - frame.top) : 0,
      right: nav ? Math.max(0, frame.right - nav.left) : 0,
      bottom: sheet ? Math.max(0, frame.bottom - sheet.top) : 0,
    };
  }
  function flyToBox(box: [number, number, number, number] | null): void {
    if (box) map.flyTo(box, covers());
  }

  const searchInput = byId<HTMLInputElement>("search-input");
  const searchResults = byId("search-results");
  let searchTimer = 0;
  let searchSeq = 0;
  function chooseHit(hit: SearchHit): void {
    searchResults.hidden = true;
    searchInput.value = hit.name;
    if (hit.kind === "place") {
      flyPending = true;
      void select({ place: hit.id, instrument: null, at: null });
    } else {
      flyToBox(hit.bbox);
    }
  }
  async function runSearch(): Promise<void> {
    const q = searchInput.value.trim();
    const seq = ++searchSeq;
    if (!q) {
      searchResults.hidden = true;
      return;
    }
    let hits: SearchHit[] = [];
    let message: string | null = null;
    try {
      hits = (await api.search(q)).hits;
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    if (seq !== searchSeq) return;
    searchResults.hidden = false;
    if (message || !hits.length) {
      replace(
        searchResults,
        h("li", { className: "search-empty" }, message ?? `Nothing in the ledger is called “${q}”.`),
      );
      return;
    }
    replace(
      searchResults,
      hits.map((hit) => {
        const english = hit.names.en && hit.names.en !== hit.name ? ` (${hit.names.en})` : "";
        return h(
          "li",
          { role: "option", "aria-selected": "false" },
          h(
            "button",
            {
              type: "button",
              className: "search-hit",
              "data-id": hit.id,
              "data-kind": hit.kind,
              onclick: () => chooseHit(hit),
            },
            h("span", {}, `${hit.name}${english}`),
            h("span", { className: "search-kind" }, hit.kind),
          ),
        );
      }),
    );
  }
  searchInput.addEventListener("input", () => {
    window.clearTimeout(searchTimer);
    searchTimer = window.setTimeout(() => void runSearch(), 150);
  });
  byId<HTMLFormElement>("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    void runSearch().then(() => searchResults.querySelector<HTMLButtonElement>(".search-hit")?.click());
  });
  searchInput.addEventListener("keydown", (event) => {
    if (event.key === "Escape") searchResults.hidden = true;
    if (event.key === "ArrowDown") searchResults.querySelector<HTMLButtonElement>(".search-hit")?.focus();
  });

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
    const again = readUrl(viewIds, scenarioNames, langs);
    state = again.state;
    showNotice(again.problems);
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
    langSelect.value = want.lang ?? "";
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
    if (world) return redrawWorld();
    const want = { ...state };
    const labelsP = labelsOf(mapLang(want));
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
    const named = await labelsP.catch(() => ({}) as Record<string, { name: string; latin: string | null }>);
    const places: MapPlace[] = snapshot.features.map((f) => ({
      id: f.id,
      name: named[f.id]
        ? [named[f.id].name, named[f.id].latin].filter(Boolean).join(" / ")
        : f.properties.name,
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
    const firstLegend = !legendEl.querySelector("details");
    renderLegend(legendEl, {
      titled,
      viewLabel: viewName(ctx, want.view),
      fills: [...fills.values()],
      occupied: props.some((p) => p.occupied),
      uncertain: props.some((p) => p.uncertain),
      palette,
      holderName: (ids) => ids.map((id) => ctx.polityName(id)).join(" + "),
      folded: true,
      regional: true,
      // A phone's map is too small to give a corner to it.
      openAtFirst: !window.matchMedia("(max-width: 700px)").matches,
    });
    if (firstLegend) foldLegendOffSubjects();

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

    const after = props.find((p) => p.horizon)?.horizon ?? null;
    const before = props.length > 0 && props.every((p) => p.status === "unrecorded");
    const hz = horizonSentence({
      first: null,
      last: after,
      position: after ? "after" : before ? "before" : "within",
    });
    const disputes: DisputeItem[] = props
      .filter((p) => p.disputed)
      .map((p) => ({
        place: p.place,
        name: p.name,
        claimants: p.claimants,
        holder: (titled ? [p.title] : [p.controller]).flat().filter((x): x is string => Boolean(x))[0] ?? "",
        uncertain: p.uncertain,
      }));
    await showPanel(
      want,
      lo,
      detail,
      disputes,
      hz,
      (id) => snapshot?.features.some((f) => f.id === id) ?? false,
      () => overview(ctx, props, want.date, want.view),
    );
    if (focusPanel) {
      focusPanel = false;
      panel.querySelector<HTMLElement>("h2")?.setAttribute("tabindex", "-1");
      panel
        .querySelector<HTMLElement>("h2")
        ?.focus({ preventScroll: document.body.classList.contains("has-sheet") });
    }
    return true;
  }

  /**
   * The panel: a clicked point (what `locate` answers there, under every view), the chosen place
   * or instrument, or the overview; the disputes of the date under it; then, if a place was
   * just chosen, fly to it clear of the overlays.
   */
  async function showPanel(
    want: State,
    day: number,
    detail: InstrumentDetail | null,
    disputes: DisputeItem[],
    horizon: string | null,
    exists: (id: string) => boolean,
    overviewOf: () => HTMLElement,
  ): Promise<void> {
    const note = byId("horizon-note");
    note.hidden = !horizon;
    note.textContent = horizon ?? "";
    located = null;
    if (want.at) {
      try {
        located = await api.locate(want.at[0], want.at[1], want.date, want.view);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        showNotice([`The point ${want.at.join(",")} cannot be asked: ${error.message}`]);
        state.at = want.at = null;
      }
      // The point decides the place, as `locate` does; a tap just off a small island's coast
      // keeps the island it was meant for.
      if (located?.place) state.place = want.place = located.place;
    }
    if (want.place && !exists(want.place)) {
      showNotice([`The link's place “${want.place}” is not in this ledger: showing the overview.`]);
      state.place = want.place = null;
    }
    const sheet = window.matchMedia("(max-width: 700px)").matches && Boolean(want.place || want.at || detail);
    document.body.classList.toggle("has-sheet", sheet);
    if (world) worldLayer?.select(want.place);
    const sorter = (sort: DisputeSort) => {
      disputeSort = sort;
      void refresh().then(() => panel.querySelector<HTMLButtonElement>(`[data-sort=${sort}]`)?.focus());
    };
    const list = disputesSection(ctx, disputes, disputeSort, want.view, sorter, horizon);
    const point = located ? pointSection(ctx, located, viewIds) : null;
    if (want.place) {
      await showPlace(want, day);
      if (point) panel.prepend(point);
    } else if (detail) {
      replace(panel, instrumentDetail(ctx, detail));
    } else {
      state.place = null;
      const closer = h(
        "button",
        { type: "button", className: "sheet-close", onclick: () => ctx.back() },
        "Close",
      );
      replace(panel, point ? [closer, point] : [], overviewOf(), list);
    }
    if (flyPending) {
      flyPending = false;
      if (sheet) {
        // The map's top to the top of the window: the sheet covers its lower half, and the
        // subject flies into the half above.
        window.scrollTo(0, byId("map").getBoundingClientRect().top + window.scrollY);
        panel.scrollTop = 0;
      }
      if (want.place) flyToBox(await boxOfPlace(want.place));
      else if (want.at) map.map.easeTo({ center: want.at, duration: 400 });
    }
  }

  /** Fold the regional legend, once the map has drawn, if open it covers a place's label (at
   * the default view it sat on Shikotan's): the reader unfolds it at will. */
  function foldLegendOffSubjects(): void {
    map.map.once("idle", () => {
      const details = legendEl.querySelector("details");
      if (!details?.open) return;
      const box = legendEl.getBoundingClientRect();
      const covers = Array.from(document.querySelectorAll<HTMLElement>("#map .map-label")).some((el) => {
        if (el.style.visibility === "hidden") return false;
        const r = el.getBoundingClientRect();
        return (
          r.width > 0 && r.left < box.right && box.left < r.right && r.top < box.bottom && box.top < r.bottom
        );
      });
      if (covers) details.open = false;
    });
  }

  /** A world-sized ledger: tiles for the shapes, /api/paint for the colours of the date. */
  async function redrawWorld(): Promise<boolean> {
    const want = { ...state };
    await map.ready;
    if (!worldLayer) {
      worldLayer = new WorldLayer(map.map, palette);
      // The whole world must fit a laptop's map: below zoom 2 it is narrower than 1,024 px.
      map.map.setMinZoom(0);
      map.worldPick = (point) => worldLayer?.placeAt(point) ?? null;
      map.map.fitBounds(WORLD_BOX as [number, number, number, number], { animate: false, padding: 8 });
      fitted = true;
      byId("zoom").replaceChildren(
        h("button", { type: "button", onclick: () => map.map.fitBounds(WORLD_BOX, { padding: 8 }) }, "World"),
        ...placeList.groups.map((g) =>
          h(
            "button",
            {
              type: "button",
              onclick: async () => {
                const boxes = (await Promise.all(g.members.map((m) => boxOfPlace(m)))).filter(
                  (b): b is [number, number, number, number] => b !== null,
                );
                if (boxes.length)
                  flyToBox([
                    Math.min(...boxes.map((b) => b[0])),
                    Math.min(...boxes.map((b) => b[1])),
                    Math.max(...boxes.map((b) => b[2])),
                    Math.max(...boxes.map((b) => b[3])),
                  ]);
              },
            },
            g.names.en ?? g.id,
          ),
        ),
      );
    }
    worldLayer.load(want.scenario);
    if (
      !paintData ||
      paintData.date !== want.date ||
      paintData.view !== want.view ||
      paintScenario !== want.scenario
    ) {
      inflight?.abort();
      inflight = new AbortController();
      try {
        paintData = await api.paint(want.date, want.view, want.scenario, inflight.signal);
        paintScenario = want.scenario;
      } catch (error) {
        if (error instanceof DOMException && error.name === "AbortError") return true;
        if (error instanceof ApiError && error.parameter === "date") {
          dateError.textContent = error.message;
          dateInput.setAttribute("aria-invalid", "true");
          if (paintData && state.date === want.date) state = { ...state, date: paintData.date };
          return false;
        }
        throw error;
      }
    }
    const p = paintData;
    showControls(want);
    langSelect.value = want.lang ?? "";
    const lang = mapLang(want);
    worldLayer.paint(p, (id) => polityIn(id, lang));
    worldLayer.select(want.place);

    const titled = isTitled(ctx, want.view);
    const count = new Map<number, number>();
    p.fill.forEach((f) => count.set(f, (count.get(f) ?? 0) + 1));
    const fillOfKey = (key: string): Fill =>
      ["unrecorded", "undetermined", "nobody"].includes(key)
        ? { key, ids: [], kind: key as Fill["kind"] }
        : { key, ids: key.split("+"), kind: key.includes("+") ? "joint" : "polity" };
    const shown = [...count.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10);
    renderLegend(legendEl, {
      titled,
      viewLabel: viewName(ctx, want.view),
      fills: shown.map(([f]) => fillOfKey(p.fills[f])),
      occupied: p.flags.some((f) => (f & 2) !== 0),
      uncertain: p.flags.some((f) => (f & 4) !== 0),
      palette,
      holderName: (ids) => ids.map((id) => ctx.polityName(id)).join(" + "),
      folded: true,
    });
    const range = parseEdtf(want.date);
    const lo = range && Number.isFinite(range.lo) ? range.lo : AXIS_START;
    const hi = range && Number.isFinite(range.hi) ? range.hi : axisEnd;
    axis.set(lo, hi, describe(want.date));
    axis.highlight(want.instrument);
    const uncertainCount = p.flags.filter((f) => (f & 4) !== 0).length;
    replace(
      dateBadge,
      h("strong", {}, describe(want.date)),
      ` · ${viewName(ctx, want.view)}`,
      uncertainCount
        ? h("span", { className: "badge badge-uncertain" }, `uncertain for ${uncertainCount} places`)
        : null,
    );
    const index = new Map(p.places.map((id, i) => [id, i]));
    const disputes: DisputeItem[] = [];
    p.places.forEach((id, i) => {
      if ((p.flags[i] & 1) === 0) return;
      const key = p.fills[p.fill[i]];
      disputes.push({
        place: id,
        name: placeRecords.get(id)?.names.en ?? id,
        claimants: p.claimants[i] >= 0 ? p.claimant_sets[p.claimants[i]] : [],
        holder: ["unrecorded", "undetermined", "nobody"].includes(key) ? "" : key.split("+")[0],
        uncertain: (p.flags[i] & 4) !== 0,
      });
    });
    let detail: InstrumentDetail | null = null;
    if (want.instrument) {
      try {
        detail = instrumentCache.get(`|${want.instrument}`) ?? (await api.instrument(want.instrument, null));
        instrumentCache.set(`|${want.instrument}`, detail);
      } catch {
        state.instrument = null;
      }
    }
    const hz = horizonSentence(p.horizon);
    await showPanel(
      want,
      lo,
      detail,
      disputes,
      hz,
      (id) => index.has(id),
      () =>
        h(
          "section",
          { className: "panel-section", "aria-labelledby": "overview-title" },
          h("h2", { id: "overview-title" }, `${describe(want.date)} · ${viewName(ctx, want.view)}`),
          h(
            "p",
            { className: "lede" },
            titled
              ? `Colours show who holds title as ${viewName(ctx, want.view).replace(/'s view$/, "")} sees it.`
              : "Colours show who controls each place on the ground.",
            ` ${p.places.length.toLocaleString("en")} places; click one, or anywhere, to read why. `,
            hz ?? `${disputes.length} disputed (hatched, amber edge).`,
          ),
        ),
    );
    if (focusPanel) {
      focusPanel = false;
      panel.querySelector<HTMLElement>("h2")?.setAttribute("tabindex", "-1");
      panel.querySelector<HTMLElement>("h2")?.focus({ preventScroll: true });
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

  showNotice(urlProblems);
  if (!(await refresh())) {
    // A date in the link that the API refuses: say so, and show today instead.
    const refused = dateError.textContent;
    state = { ...state, date: isoOf(TODAY) };
    await refresh();
    dateError.textContent = refused;
    showNotice([`The link's date cannot be read (${refused}): showing today.`]);
  }
  writeUrl(state, false);
}

// Tell the person plainly when the API is unreachable or refuses to start.
start().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  showFatal(`${message}. Is the terrachron server running? The API is under /api.`);
});
