// The side panel: the places on the current date, one place explained, or one instrument.

import type {
  Answer,
  ChainLink,
  Citation,
  Explanation,
  FeatureProperties,
  InstrumentDetail,
  Pending,
  ScenarioInfo,
  Source,
  Timeline,
  View,
} from "./api";
import { timelineBars } from "./bars";
import { CSS_HATCH, cssFill, fillOf, holders, type Palette } from "./colors";
import { h } from "./dom";
import { describe, parseEdtf } from "./edtf";

export interface PanelContext {
  palette: Palette;
  views: View[];
  sources: Map<string, Source>;
  polityName: (id: string) => string;
  placeName: (id: string) => string;
  /** A place's names in languages other than English, by language code. */
  placeNames: (id: string) => Record<string, string>;
  axisStart: number;
  axisEnd: number;
  /** The scenario the page answers from; null for the ledger as recorded. */
  scenario: ScenarioInfo | null;
  /** The first day its hypothetical instruments take hold (ISO), once known. */
  scenarioStart: string | null;
  openCompare: () => void;
  selectPlace: (id: string) => void;
  selectInstrument: (id: string) => void;
  selectView: (id: string) => void;
  setDate: (text: string) => void;
  back: () => void;
}

const STATUS_WORDS: Record<string, string> = {
  unrecorded: "not yet in the ledger",
  undetermined: "title undetermined",
  disputed: "disputed",
  occupied: "occupied",
  undisputed: "undisputed",
};

export function viewName(ctx: PanelContext, id: string): string {
  const view = ctx.views.find((v) => v.id === id);
  return view?.names.en ?? id;
}

export function isTitled(ctx: PanelContext, id: string): boolean {
  return ctx.views.find((v) => v.id === id)?.kind !== "de-facto";
}

function names(ctx: PanelContext, ids: string[], none = "no one"): string {
  if (!ids.length) return none;
  return ids.map((id) => ctx.polityName(id)).join(" and ");
}

function swatch(ctx: PanelContext, answer: Answer, titled: boolean): HTMLElement {
  const fill = fillOf(answer, titled);
  const layers = [answer.disputed ? CSS_HATCH : null, cssFill(fill, ctx.palette)].filter(Boolean);
  return h("span", { className: "swatch", style: `background:${layers.join(", ")}`, "aria-hidden": "true" });
}

function polityChip(ctx: PanelContext, id: string): HTMLElement {
  return h(
    "span",
    { className: "chip" },
    h("span", { className: "dot", style: `background:${ctx.palette.of(id)}`, "aria-hidden": "true" }),
    ctx.polityName(id),
  );
}

function chips(ctx: PanelContext, ids: string[], none: string): (HTMLElement | string)[] {
  if (!ids.length) return [h("span", { className: "muted" }, none)];
  return ids.map((id) => polityChip(ctx, id));
}

function flags(answer: Answer, uncertain = false): HTMLElement {
  const badges = [
    h("span", { className: `badge badge-${answer.status}` }, STATUS_WORDS[answer.status] ?? answer.status),
  ];
  if (answer.occupied && answer.status !== "occupied")
    badges.push(h("span", { className: "badge badge-occupied" }, "occupied"));
  if (uncertain) badges.push(h("span", { className: "badge badge-uncertain" }, "uncertain date"));
  return h("span", { className: "badges" }, badges);
}

function summary(ctx: PanelContext, answer: Answer, titled: boolean): string {
  const control = holders(answer.controller);
  if (answer.status === "unrecorded") return "not yet in the ledger";
  if (!titled) return `controlled by ${names(ctx, control)}`;
  const title = holders(answer.title);
  const t = title.length ? `title: ${names(ctx, title)}` : "title undetermined";
  const same = title.length && control.length && control.every((c) => title.includes(c));
  return same ? t : `${t}; controlled by ${names(ctx, control)}`;
}

/** What the chosen scenario is, where it comes from, and when it begins. */
function scenarioBox(ctx: PanelContext, sc: ScenarioInfo, date: string): HTMLElement {
  const range = parseEdtf(date);
  const start = ctx.scenarioStart ? parseEdtf(ctx.scenarioStart) : null;
  const before = range && start && range.hi < start.lo;
  return h(
    "div",
    { className: "scenario-box", role: "note", "aria-label": "Scenario" },
    h("p", { className: "kicker" }, "Scenario · hypothetical"),
    h("h3", { className: "scenario-title" }, sc.title),
    h("p", {}, sc.description),
    before && ctx.scenarioStart
      ? h(
          "p",
          { className: "scenario-when" },
          `Its hypothetical instruments take effect by ${describe(ctx.scenarioStart)}; until then it answers as the record does. `,
          h(
            "button",
            { type: "button", className: "link", onclick: () => ctx.setDate(ctx.scenarioStart as string) },
            `Go to ${describe(ctx.scenarioStart)}`,
          ),
        )
      : null,
    h(
      "p",
      {},
      "Hypothetical instruments: ",
      sc.instruments.flatMap((id, i) => [
        i ? ", " : "",
        h("button", { type: "button", className: "link", onclick: () => ctx.selectInstrument(id) }, id),
      ]),
    ),
    sc.sources.length
      ? h(
          "details",
          { className: "view-desc" },
          h("summary", {}, "Drawn from"),
          h(
            "ul",
            { className: "citations" },
            sc.sources.map((c) => citation(ctx, c)),
          ),
        )
      : null,
    h(
      "p",
      {},
      h("button", { type: "button", className: "link", onclick: ctx.openCompare }, "Compare scenarios"),
    ),
  );
}

/** The panel with no place chosen: every place on the date, to read and to choose from. */
export function overview(
  ctx: PanelContext,
  places: FeatureProperties[],
  date: string,
  view: string,
): HTMLElement {
  const titled = isTitled(ctx, view);
  const v = ctx.views.find((x) => x.id === view);
  const disputed = places.filter((p) => p.disputed).length;
  return h(
    "section",
    { className: "panel-section", "aria-labelledby": "overview-title" },
    ctx.scenario ? scenarioBox(ctx, ctx.scenario, date) : null,
    h("h2", { id: "overview-title" }, `${describe(date)} · ${viewName(ctx, view)}`),
    h(
      "p",
      { className: "lede" },
      titled
        ? `Colours show who holds title as ${viewName(ctx, view).replace(/'s view$/, "")} sees it; a ring in another colour marks who controls a place it considers someone else's.`
        : "Colours show who controls each place on the ground; recognition plays no part.",
      " ",
      disputed
        ? `${disputed} of ${places.length} places are disputed (hatched).`
        : "No place is disputed on this date.",
    ),
    v?.description
      ? h(
          "details",
          { className: "view-desc" },
          h("summary", {}, `What “${viewName(ctx, view)}” holds`),
          h("p", {}, v.description),
        )
      : null,
    h("h3", {}, "Places"),
    h(
      "ul",
      { className: "place-list" },
      places.map((p) =>
        h(
          "li",
          {},
          h(
            "button",
            {
              type: "button",
              className: "place-row",
              "data-place": p.place,
              onclick: () => ctx.selectPlace(p.place),
            },
            swatch(ctx, p, titled),
            h("span", { className: "place-row-name" }, p.name),
            h("span", { className: "place-row-what" }, summary(ctx, p, titled)),
            flags(p, p.uncertain),
          ),
        ),
      ),
    ),
  );
}

const VERBS: Record<string, (p: string[]) => string> = {
  transfer: (p) => `title passes from ${p[1] ?? "?"} to ${p[0] ?? "?"}`,
  cede: (p) => `${p[1] ?? "?"} cedes it to ${p[0] ?? "?"}`,
  establish: (p) => `title recorded for ${p[0] ?? "?"}`,
  annex: (p) => `annexed by ${p[0] ?? "?"}`,
  renounce: (p) => `renounced by ${p[0] ?? "?"}, to no one`,
  condominium: (p) => `joint title of ${p.join(" and ")}`,
  occupy: (p) => `occupied by ${p[0] ?? "?"}`,
  administer: (p) => `administered by ${p[0] ?? "?"}`,
  withdraw: (p) => `${p[0] ?? "?"} withdraws`,
  claim: (p) => `claimed by ${p[0] ?? "?"}`,
  drop_claim: (p) => `${p[0] ?? "?"} drops its claim`,
  promise_transfer: (p) => `transfer${p[1] ? ` from ${p[1]}` : ""} to ${p[0] ?? "?"} promised`,
  affirm: () => "an earlier instrument is affirmed",
  succession: (p) => `${p[1] ?? "?"} is continued by ${p[0] ?? "?"}`,
};

function what(ctx: PanelContext, link: ChainLink): string {
  const named = link.polities
    .filter((id) => id !== "continues" && id !== "succeeds")
    .map((id) => ctx.polityName(id));
  return (VERBS[link.op] ?? ((p: string[]) => `${link.op} ${p.join(", ")}`))(named);
}

function citation(ctx: PanelContext, c: Citation): HTMLElement {
  const source = ctx.sources.get(c.source);
  const where = [c.locator, c.paragraph ? `¶${c.paragraph}` : null].filter(Boolean).join(", ");
  const title = source?.title ?? c.source;
  return h(
    "li",
    { className: "citation" },
    source?.url
      ? h("a", { href: source.url, target: "_blank", rel: "noopener noreferrer" }, title)
      : h("cite", {}, title),
    where ? ` (${where})` : "",
    c.note ? h("span", { className: "muted" }, ` — ${c.note}`) : null,
  );
}

const HYPOTHETICAL_NOTE = "Hypothetical: in this scenario only; no such instrument has been signed.";

function hypotheticalBadge(): HTMLElement {
  return h("span", { className: "badge badge-hypothetical", title: HYPOTHETICAL_NOTE }, "hypothetical");
}

function chainItem(ctx: PanelContext, link: ChainLink): HTMLElement {
  const classes = [
    "chain-link",
    link.recognized ? "" : "is-rejected",
    link.pending ? "is-pending" : "",
    link.hypothetical ? "is-hypothetical" : "",
  ];
  return h(
    "li",
    { className: classes.filter(Boolean).join(" "), "data-hypothetical": String(link.hypothetical) },
    h(
      "div",
      { className: "chain-date" },
      describe(link.date),
      link.hypothetical ? hypotheticalBadge() : null,
    ),
    h(
      "div",
      { className: "chain-what" },
      link.instrument
        ? h(
            "button",
            {
              type: "button",
              className: "link",
              onclick: () => ctx.selectInstrument(link.instrument as string),
            },
            link.instrument_title ?? link.instrument,
          )
        : h("span", {}, "Succession of states"),
      h("span", { className: "chain-op" }, `: ${what(ctx, link)}`),
    ),
    !link.recognized
      ? h(
          "div",
          { className: "chain-why" },
          `No legal effect in this view: ${link.reason ?? "not recognized"}.`,
        )
      : null,
    link.pending
      ? h(
          "div",
          { className: "chain-why" },
          "Its date range contains this day: it may or may not have happened yet.",
        )
      : null,
    link.hypothetical ? h("div", { className: "chain-hypo" }, HYPOTHETICAL_NOTE) : null,
    link.note ? h("p", { className: "chain-note" }, link.note) : null,
    link.citations.length
      ? h(
          "ul",
          { className: "citations", "aria-label": "Sources" },
          link.citations.map((c) => citation(ctx, c)),
        )
      : null,
  );
}

function pendingItem(ctx: PanelContext, p: Pending): HTMLElement {
  return h(
    "li",
    {},
    `Transfer${p.from ? ` from ${ctx.polityName(p.from)}` : ""} to ${ctx.polityName(p.to)}, promised ${describe(p.since)} (`,
    h(
      "button",
      { type: "button", className: "link", onclick: () => ctx.selectInstrument(p.instrument) },
      p.instrument,
    ),
    `). Condition: ${p.condition}`,
  );
}

function fact(label: string, field: string, ...value: (HTMLElement | string)[]): HTMLElement[] {
  return [h("dt", {}, label), h("dd", { "data-field": field }, value)];
}

/** One place explained: status, the other views, the timeline bars, and the chain of why. */
export function placeDetail(
  ctx: PanelContext,
  ex: Explanation,
  timelines: Timeline[] | null,
  current: number,
): HTMLElement {
  const titled = isTitled(ctx, ex.view);
  const control = holders(ex.controller);
  const title = holders(ex.title);
  const otherNames = Object.entries(ctx.placeNames(ex.place));
  const rows = [ex.view, ...Object.keys(ex.other_views)];
  const answers: Record<string, Answer> = { ...ex.other_views, [ex.view]: ex };
  const ordered = ctx.views.map((v) => v.id).filter((id) => rows.includes(id));
  const disagree =
    new Set(ordered.map((id) => JSON.stringify([holders(answers[id].title)])).filter((t) => t !== "[[]]"))
      .size > 1;
  return h(
    "section",
    {
      className: "panel-section",
      "aria-labelledby": "place-title",
      "data-place": ex.place,
      "data-view": ex.view,
      "data-date": ex.date,
    },
    h("button", { type: "button", className: "back", onclick: ctx.back }, "← All places"),
    h("h2", { id: "place-title" }, ctx.placeName(ex.place)),
    // The id is what the API, the CLI and links take; an imported one reads badly as a title
    // (peoples-republic-of-china-3--manchukuo), so it comes under the name, in small type.
    ctx.placeName(ex.place) !== ex.place ? h("p", { className: "place-id" }, h("small", {}, ex.place)) : null,
    otherNames.length
      ? h(
          "p",
          { className: "names" },
          otherNames.map(([lang, name]) => h("span", { lang }, name)),
        )
      : null,
    h(
      "p",
      { className: "muted" },
      `${describe(ex.date)} · ${viewName(ctx, ex.view)}`,
      ctx.scenario
        ? [" · ", h("span", { className: "badge badge-hypothetical" }, `scenario: ${ctx.scenario.name}`)]
        : null,
    ),
    h(
      "dl",
      { className: "facts" },
      fact("Controlled by", "controller", ...chips(ctx, control, "no one")),
      titled
        ? fact("Title held by", "title", ...chips(ctx, title, "undetermined"))
        : fact(
            "Title",
            "title",
            h("span", { className: "muted" }, "not asked: this view reads control only"),
          ),
      fact("Claimed by", "claimants", ...chips(ctx, ex.claimants, "no one")),
      fact("Status", "status", flags(ex, ex.uncertain)),
    ),
    ex.pending.length
      ? h(
          "div",
          { className: "pending" },
          h("h3", {}, "Promised, not yet kept"),
          h(
            "ul",
            {},
            ex.pending.map((p) => pendingItem(ctx, p)),
          ),
        )
      : null,
    ex.uncertain && ex.alternatives.length
      ? h(
          "div",
          { className: "uncertain-box", role: "note" },
          h("h3", {}, "Uncertain on this date"),
          h(
            "p",
            {},
            "The date falls inside an interval in which a step may or may not have happened yet. Each possible answer:",
          ),
          h(
            "ul",
            {},
            ex.alternatives.map((a) =>
              h(
                "li",
                {},
                summary(ctx, a, titled),
                " — ",
                a.assumes.length
                  ? `if ${a.assumes.join(", ")} happened`
                  : "if none of the pending steps happened",
              ),
            ),
          ),
        )
      : null,
    h(
      "h3",
      {},
      "Same day, every view",
      disagree ? h("span", { className: "badge badge-disputed" }, "views disagree") : null,
    ),
    h(
      "table",
      { className: "views-table" },
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, "View"),
          h("th", { scope: "col" }, "Control"),
          h("th", { scope: "col" }, "Title"),
          h("th", { scope: "col" }, "Status"),
        ),
      ),
      h(
        "tbody",
        {},
        ordered.map((id) => {
          const a = answers[id];
          const t = isTitled(ctx, id);
          return h(
            "tr",
            {
              className: id === ex.view ? "is-current" : "",
              "aria-current": id === ex.view ? "true" : null,
              "data-view-row": id,
            },
            h(
              "th",
              { scope: "row" },
              h(
                "button",
                { type: "button", className: "link", onclick: () => ctx.selectView(id) },
                viewName(ctx, id),
              ),
            ),
            h("td", {}, names(ctx, holders(a.controller))),
            h("td", {}, t ? names(ctx, holders(a.title), "undetermined") : "—"),
            h("td", {}, flags(a)),
          );
        }),
      ),
    ),
    h("h3", {}, "Timeline"),
    timelines
      ? timelineBars(timelines, ctx.axisStart, ctx.axisEnd, current, {
          palette: ctx.palette,
          viewName: (id) => viewName(ctx, id),
          titled: (id) => isTitled(ctx, id),
          holderName: (ids) => names(ctx, ids),
          onPick: (iso) => ctx.setDate(iso),
        })
      : h("p", { className: "muted" }, "Loading…"),
    h("h3", {}, "Why"),
    h("p", { className: "narrative" }, ex.narrative),
    ex.chain.length
      ? h(
          "ol",
          { className: "chain" },
          ex.chain.map((link) => chainItem(ctx, link)),
        )
      : h("p", { className: "muted" }, "No instrument concerns this place yet."),
  );
}

/** One instrument: what it is, when, who, what it does to which places, and its sources. */
export function instrumentDetail(ctx: PanelContext, d: InstrumentDetail): HTMLElement {
  const inst = d.instrument;
  const dates = [
    inst.date ? `dated ${describe(inst.date)}` : null,
    inst.signed ? `signed ${describe(inst.signed)}` : null,
    inst.in_force ? `in force ${describe(inst.in_force)}` : null,
  ].filter(Boolean);
  const range = d.effective ? parseEdtf(d.effective) : null;
  return h(
    "section",
    { className: "panel-section", "aria-labelledby": "instrument-title", "data-instrument": inst.id },
    h("button", { type: "button", className: "back", onclick: ctx.back }, "← All places"),
    h(
      "p",
      { className: "kicker" },
      inst.kind.replace(/-/g, " "),
      inst.hypothetical ? hypotheticalBadge() : null,
    ),
    h("h2", { id: "instrument-title" }, inst.title),
    inst.hypothetical
      ? h(
          "p",
          { className: "chain-hypo" },
          ctx.scenario ? `Part of the scenario “${ctx.scenario.title}”. ` : "",
          HYPOTHETICAL_NOTE,
        )
      : null,
    h(
      "p",
      { className: "muted" },
      dates.join(" · "),
      range && range.hi > range.lo ? " (an uncertain date: shown as a range on the axis)" : "",
    ),
    d.parties.length
      ? h(
          "p",
          {},
          "Parties: ",
          d.parties.map((p) => polityChip(ctx, p.id)),
        )
      : null,
    h("p", {}, inst.summary),
    h("h3", {}, "Effects"),
    d.effects.length
      ? h(
          "ul",
          { className: "effects" },
          d.effects.map((e) => {
            const per = Object.entries(e.members);
            const same = per.every(([, m]) => m.join() === per[0][1].join());
            const placesText = same
              ? (per[0]?.[1] ?? e.places).map((p) => ctx.placeName(p)).join(", ")
              : per
                  .map(
                    ([v, m]) => `${viewName(ctx, v)}: ${m.map((p) => ctx.placeName(p)).join(", ") || "none"}`,
                  )
                  .join("; ");
            const rec = e.record;
            const who = ["to", "from", "by"]
              .map((k) => rec[k])
              .filter((x): x is string => typeof x === "string");
            const parties = Array.isArray(rec.parties) ? (rec.parties as string[]) : [];
            const polities =
              e.op === "transfer" || e.op === "cede"
                ? [String(rec.to), String(rec.from)]
                : [...who, ...parties];
            return h(
              "li",
              {},
              h("strong", {}, (VERBS[e.op] ?? (() => e.op))(polities.map((p) => ctx.polityName(p)))),
              e.date ? ` — ${describe(e.date)}` : "",
              h("div", { className: "muted" }, placesText || "no place"),
              typeof rec.condition === "string" ? h("div", {}, `Condition: ${rec.condition}`) : null,
              e.rejected_by.length
                ? h(
                    "div",
                    { className: "chain-why" },
                    `Rejected by: ${e.rejected_by.map((v) => viewName(ctx, v)).join(", ")}`,
                  )
                : null,
              typeof rec.note === "string" ? h("p", { className: "chain-note" }, rec.note) : null,
            );
          }),
        )
      : h("p", { className: "muted" }, "It changes no status by itself."),
    inst.sources?.length ? h("h3", {}, "Sources") : null,
    inst.sources?.length
      ? h(
          "ul",
          { className: "citations" },
          inst.sources.map((c) => citation(ctx, c)),
        )
      : null,
    h(
      "p",
      {},
      h(
        "button",
        { type: "button", className: "link", onclick: () => d.effective && ctx.setDate(d.effective) },
        "Show the map on this date",
      ),
    ),
  );
}
