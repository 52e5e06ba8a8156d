// The review page: the article with its evidence, the drafted records, decisions by keyboard.
import "./review.css";
import { decide, getPlan, getState, ReviewApiError, write } from "./api";
import type { Counts, Decision, Item, Kind, State } from "./api";

const KINDS: Kind[] = ["instrument", "effect", "place", "polity"];
const PLURAL: Record<Kind, string> = {
  instrument: "Instruments",
  effect: "Effects",
  place: "Places",
  polity: "Polities",
};

interface Undo {
  key: string;
  decision: Decision;
  record?: string;
  replace: boolean;
}

let state: State;
let order: Item[] = [];
let cursor = 0;
const undo: Undo[] = [];

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page lacks #${id}`);
  return el as T;
};

function el(tag: string, cls: string, text = ""): HTMLElement {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text) node.textContent = text;
  return node;
}

function message(text: string, lines: string[] = []): void {
  const box = $("message");
  box.textContent = text;
  if (lines.length) {
    const list = el("ul", "");
    for (const line of lines) list.append(el("li", "", line));
    box.append(list);
  }
}

function fail(err: unknown): void {
  if (err instanceof ReviewApiError) message(err.message, err.lines);
  else message(String(err));
}

function summary(counts: Counts): void {
  const written = state.written.length
    ? ` · written: ${state.written.length} file(s): ${state.written.join(", ")}`
    : "";
  $("summary").textContent =
    `${counts.accepted} accepted · ${counts.rejected} rejected · ${counts.pending} pending${written}`;
}

// The article as text nodes and <mark>s; each mark lists the records whose evidence it is.
function renderArticle(): void {
  const text = state.article.text;
  const owners = new Map<string, string[]>();
  const cuts = new Set<number>([0, text.length]);
  for (const item of state.items) {
    for (const span of item.evidence) {
      if (span.start < 0 || span.end > text.length || span.start >= span.end) continue;
      cuts.add(span.start);
      cuts.add(span.end);
    }
  }
  const points = [...cuts].sort((a, b) => a - b);
  for (const item of state.items) {
    for (const span of item.evidence) {
      for (let i = 0; i + 1 < points.length; i++) {
        if (points[i] >= span.start && points[i + 1] <= span.end) {
          const id = `${points[i]}-${points[i + 1]}`;
          owners.set(id, [...(owners.get(id) ?? []), item.key]);
        }
      }
    }
  }
  const box = $("article");
  box.replaceChildren();
  for (let i = 0; i + 1 < points.length; i++) {
    const piece = text.slice(points[i], points[i + 1]);
    const keys = owners.get(`${points[i]}-${points[i + 1]}`);
    if (!keys) {
      box.append(document.createTextNode(piece));
      continue;
    }
    const mark = el("mark", "span", piece);
    mark.dataset.keys = [...new Set(keys)].join(" ");
    mark.title = "Click: go to its record";
    mark.addEventListener("click", () => {
      const first = order.findIndex((it) => keys.includes(it.key));
      if (first >= 0) select(first);
    });
    box.append(mark);
  }
}

function highlight(key: string | null): void {
  for (const mark of $("article").querySelectorAll<HTMLElement>("mark.span")) {
    const on = key !== null && (mark.dataset.keys ?? "").split(" ").includes(key);
    mark.classList.toggle("on", on);
  }
}

function badge(text: string, cls: string): HTMLElement {
  return el("span", `badge ${cls}`, text);
}

function renderRecords(): void {
  const box = $("records");
  box.replaceChildren();
  order = [];
  for (const kind of KINDS) {
    const items = state.items.filter((it) => it.kind === kind);
    if (!items.length) continue;
    const group = el("div", "group");
    group.setAttribute("role", "group");
    const head = el("h3", "", `${PLURAL[kind]} (${items.length})`);
    head.id = `group-${kind}`;
    group.setAttribute("aria-labelledby", head.id);
    group.append(head);
    for (const item of items) {
      const index = order.length;
      order.push(item);
      const row = el("div", `record decision-${item.decision}`);
      row.id = `rec-${index}`;
      row.dataset.key = item.key;
      row.setAttribute("role", "option");
      row.setAttribute("aria-selected", String(index === cursor));
      const top = el("div", "line");
      top.append(
        badge(item.status, `status-${item.status}`),
        el("span", "label", item.label),
        badge(item.decision, `decision ${item.decision}`),
      );
      if (item.replace) top.append(badge("replaces the ledger's", "replace"));
      if (item.confidence !== null) top.append(el("span", "conf", `conf ${item.confidence}`));
      row.append(top);
      if (item.reasons.length) row.append(el("p", "reasons", item.reasons.join("; ")));
      if (item.status === "contradicts" && item.ledger_record) {
        const pair = el("details", "ledger");
        pair.append(
          el("summary", "", "The ledger's record beside the draft's"),
          el("pre", "", JSON.stringify(item.ledger_record, null, 1)),
          el("pre", "", item.yaml),
        );
        row.append(pair);
      }
      row.addEventListener("click", () => select(index));
      row.addEventListener("mouseenter", () => highlight(item.key));
      row.addEventListener("mouseleave", () => highlight(order[cursor]?.key ?? null));
      group.append(row);
    }
    box.append(group);
  }
  const current = order[cursor];
  if (current) box.setAttribute("aria-activedescendant", `rec-${cursor}`);
  highlight(current?.key ?? null);
}

function render(): void {
  $("what").textContent = `${state.draft} (${state.article.path}) into ${state.into}`;
  summary(state.counts);
  renderArticle();
  renderRecords();
}

function select(index: number): void {
  if (!order.length) return;
  cursor = Math.max(0, Math.min(order.length - 1, index));
  for (const row of $("records").querySelectorAll<HTMLElement>(".record")) {
    row.setAttribute("aria-selected", String(row.id === `rec-${cursor}`));
  }
  const row = document.getElementById(`rec-${cursor}`);
  row?.scrollIntoView({ block: "nearest" });
  $("records").setAttribute("aria-activedescendant", `rec-${cursor}`);
  highlight(order[cursor].key);
  const first = $("article").querySelector<HTMLElement>("mark.span.on");
  first?.scrollIntoView({ block: "nearest" });
}

async function apply(
  item: Item,
  decision: Decision,
  extra: { record?: string; replace?: boolean } = {},
): Promise<void> {
  const before: Undo = {
    key: item.key,
    decision: item.decision,
    replace: item.replace,
    record: item.decision === "edit" ? item.yaml : undefined,
  };
  const answer = await decide(item.key, decision, { replace: item.replace, ...extra });
  undo.push(before);
  state.items = state.items.map((it) => (it.key === item.key ? answer.item : it));
  state.counts = answer.counts;
  message("");
  const keep = cursor;
  render();
  select(keep);
}

async function undoLast(): Promise<void> {
  const last = undo.pop();
  if (!last) {
    message("nothing to undo");
    return;
  }
  const answer = await decide(last.key, last.decision, {
    replace: last.replace,
    record: last.record,
  });
  state.items = state.items.map((it) => (it.key === last.key ? answer.item : it));
  state.counts = answer.counts;
  const keep = order.findIndex((it) => it.key === last.key);
  render();
  select(keep);
  message(`undone: ${answer.item.label} is ${answer.item.decision} again`);
}

function openEdit(item: Item): void {
  const dialog = $<HTMLDialogElement>("edit-dialog");
  $<HTMLTextAreaElement>("edit-yaml").value = item.yaml;
  $("edit-error").textContent = "";
  dialog.dataset.key = item.key;
  dialog.showModal();
  $<HTMLTextAreaElement>("edit-yaml").focus();
}

async function saveEdit(): Promise<void> {
  const dialog = $<HTMLDialogElement>("edit-dialog");
  const item = state.items.find((it) => it.key === dialog.dataset.key);
  if (!item) return;
  try {
    await apply(item, "edit", { record: $<HTMLTextAreaElement>("edit-yaml").value });
    dialog.close();
    $("records").focus();
  } catch (err) {
    $("edit-error").textContent = err instanceof Error ? err.message : String(err);
  }
}

async function openWrite(): Promise<void> {
  const plan = await getPlan();
  const box = $("write-plan");
  box.replaceChildren();
  const list = (title: string, lines: string[]): void => {
    box.append(el("h3", "", `${title} (${lines.length})`));
    const ul = el("ul", "");
    for (const line of lines) ul.append(el("li", "", line));
    box.append(ul);
  };
  list("Will be written", plan.write);
  list("Replaces the ledger's record", plan.replace);
  list("Left out", plan.left_out);
  $<HTMLButtonElement>("write-confirm").disabled = plan.write.length === 0;
  $<HTMLDialogElement>("write-dialog").showModal();
  $("write-confirm").focus();
}

async function confirmWrite(): Promise<void> {
  $<HTMLDialogElement>("write-dialog").close();
  try {
    const result = await write();
    state = result.state;
    render();
    select(cursor);
    message(`wrote ${result.written.length} file(s) into ${state.into}; the ledger validates with them`, [
      ...result.written,
      ...result.notes,
      ...result.skipped.map((s) => `skipped ${s}`),
    ]);
  } catch (err) {
    fail(err);
  }
  $("records").focus();
}

// Keys are handled one after another, each after the previous one's answer: a fast typist's
// "x u" must undo the reject, and "a j" must move from the record just accepted.
let queue: Promise<void> = Promise.resolve();
const KEYS = new Set(["j", "k", "ArrowDown", "ArrowUp", "a", "x", "e", "r", "u", "w"]);

function onKey(event: KeyboardEvent): void {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (document.querySelector("dialog[open]")) return;
  if (!KEYS.has(event.key)) return;
  event.preventDefault();
  const key = event.key;
  queue = queue.then(() => handle(key)).catch(fail);
}

async function handle(key: string): Promise<void> {
  if (document.querySelector("dialog[open]")) return;
  const item = order[cursor];
  switch (key) {
    case "j":
    case "ArrowDown":
      select(cursor + 1);
      break;
    case "k":
    case "ArrowUp":
      select(cursor - 1);
      break;
    case "a":
      if (item) await apply(item, "accept");
      break;
    case "x":
      if (item) await apply(item, "reject", { replace: false });
      break;
    case "e":
      if (item) openEdit(item);
      break;
    case "r":
      if (item && item.status !== "contradicts") {
        message(`${item.label} contradicts no ledger record: there is nothing to replace`);
      } else if (item) {
        const decision = item.decision === "pending" || item.decision === "reject" ? "accept" : item.decision;
        const record = item.decision === "edit" ? item.yaml : undefined;
        await apply(item, decision, { replace: !item.replace, record });
      }
      break;
    case "u":
      await undoLast();
      break;
    case "w":
      await openWrite();
      break;
  }
}

async function start(): Promise<void> {
  state = await getState();
  render();
  select(0);
  document.addEventListener("keydown", onKey);
  $("write").addEventListener("click", () => void openWrite().catch(fail));
  $("edit-form").addEventListener("submit", (event) => {
    event.preventDefault();
    void saveEdit();
  });
  $("edit-cancel").addEventListener("click", () => $<HTMLDialogElement>("edit-dialog").close());
  $("write-form").addEventListener("submit", (event) => {
    event.preventDefault();
    void confirmWrite();
  });
  $("write-cancel").addEventListener("click", () => $<HTMLDialogElement>("write-dialog").close());
  $("records").focus();
  document.body.dataset.ready = "true";
}

start().catch(fail);
