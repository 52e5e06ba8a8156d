// The time axis: a slider from 1850 to today with the ledger's instruments as marks above it.
// Arrow keys move a year (Shift: a day), Page Up/Down ten years, Home/End to the ends. In a
// scenario the axis runs on past today to cover its hypothetical instruments, whose marks are
// hollow and dashed, over a hatched stretch of hypothetical future.

import { h, replace } from "./dom";
import { longDay, yearOf } from "./edtf";

export interface AxisMark {
  id: string;
  title: string;
  /** First and last possible day of the instrument's effective date. */
  lo: number;
  hi: number;
  /** The date as the ledger writes it. */
  date: string;
  /** An instrument of a scenario, not of the record. */
  hypothetical?: boolean;
}

interface Options {
  start: number;
  end: number;
  marks: AxisMark[];
  /** A day picked with the pointer; ``final`` once the pointer is released. */
  onPick: (day: number, final: boolean) => void;
  /** A keyboard step from the current date. */
  onStep: (years: number, days: number) => void;
  /** Jump to an instrument. */
  onMark: (id: string) => void;
}

const LANE = 12; // px between lanes of marks
const MAX_LANES = 6;

export class TimeAxis {
  private readonly opts: Options;
  private readonly marksEl: HTMLElement;
  private readonly track: HTMLElement;
  private readonly band: HTMLElement;
  private readonly thumb: HTMLElement;
  private readonly needle: HTMLElement;
  private readonly ticks: HTMLElement;
  private readonly future: HTMLElement;
  private readonly caption: HTMLElement;
  private readonly buttons = new Map<string, HTMLButtonElement>();
  private current = 0;
  private focusedMark = 0;

  constructor(root: HTMLElement, opts: Options) {
    this.opts = opts;
    this.marksEl = h("div", {
      className: "axis-marks",
      role: "toolbar",
      "aria-label": "Instruments on the time axis: choose one to jump to its date and read it",
      "aria-orientation": "horizontal",
    });
    this.band = h("div", { className: "axis-band", "aria-hidden": "true" });
    this.needle = h("div", { className: "axis-needle", "aria-hidden": "true" });
    this.future = h("div", {
      className: "axis-future",
      "aria-hidden": "true",
      title: "After today: hypothetical",
      hidden: true,
    });
    this.thumb = h("div", {
      className: "axis-thumb",
      role: "slider",
      tabindex: 0,
      "aria-label": "Date",
      "aria-valuemin": yearOf(opts.start),
      "aria-valuemax": yearOf(opts.end),
      "aria-describedby": "axis-help",
    });
    this.track = h("div", { className: "axis-track" }, this.future, this.band, this.thumb);
    this.ticks = h("div", { className: "axis-ticks", "aria-hidden": "true" });
    this.caption = h("p", { className: "axis-caption", "aria-hidden": "true" });
    this.renderCaption();
    root.replaceChildren(
      this.caption,
      this.marksEl,
      this.track,
      this.ticks,
      this.needle,
      h(
        "p",
        { id: "axis-help", className: "visually-hidden" },
        "Arrow keys move the date by a year, Shift with an arrow by a day, Page Up and Page Down by ten years.",
      ),
    );
    this.buildMarks();
    this.bindPointer();
    this.bindKeys();
    new ResizeObserver(() => this.layout()).observe(root);
  }

  /**
   * Show another stretch of time and other marks: a scenario's axis runs on to cover its
   * hypothetical instruments, and ``future`` (today) starts the hatched hypothetical stretch.
   */
  configure(end: number, marks: AxisMark[], future: number | null): void {
    this.opts.end = end;
    this.opts.marks = marks;
    this.thumb.setAttribute("aria-valuemax", String(yearOf(end)));
    this.buttons.clear();
    this.marksEl.replaceChildren();
    this.focusedMark = 0;
    this.buildMarks();
    this.future.hidden = future === null || future >= end;
    if (future !== null) {
      this.future.style.left = `${this.x(future) * 100}%`;
      this.future.style.right = "0";
    }
    this.renderCaption();
    this.layout();
  }

  private renderCaption(): void {
    // With a scenario's marks the caption names one more key; it stays about as short, so that
    // it keeps clear of the stacked marks of 1945.
    const hypothetical = this.opts.marks.some((m) => m.hypothetical);
    replace(
      this.caption,
      h("span", { className: "axis-key is-past" }),
      hypothetical ? " in force " : " in force by this date ",
      h("span", { className: "axis-key" }),
      " later",
      hypothetical ? [" ", h("span", { className: "axis-key is-hypothetical" }), " hypothetical"] : null,
      hypothetical ? " · click to read" : " · click one to read it",
    );
  }

  private x(day: number): number {
    const { start, end } = this.opts;
    return Math.min(1, Math.max(0, (day - start) / (end - start)));
  }

  private dayAt(clientX: number): number {
    const rect = this.track.getBoundingClientRect();
    const f = Math.min(1, Math.max(0, (clientX - rect.left) / rect.width));
    return Math.round(this.opts.start + f * (this.opts.end - this.opts.start));
  }

  /** Show a date: the thumb on its first day, a band over every day it covers. */
  set(lo: number, hi: number, text: string): void {
    this.current = lo;
    const a = this.x(lo);
    const b = this.x(Number.isFinite(hi) ? hi : this.opts.end);
    this.thumb.style.left = `${a * 100}%`;
    this.needle.style.left = `${a * 100}%`;
    this.band.style.left = `${a * 100}%`;
    this.band.style.width = `${Math.max(0, b - a) * 100}%`;
    this.band.hidden = hi <= lo;
    this.thumb.setAttribute("aria-valuenow", String(yearOf(lo)));
    this.thumb.setAttribute("aria-valuetext", hi > lo ? text : longDay(lo));
    for (const [id, button] of this.buttons) {
      const mark = this.opts.marks.find((m) => m.id === id);
      button.classList.toggle("is-past", Boolean(mark && mark.lo <= hi));
    }
  }

  /** Mark one instrument as the one shown (or none). */
  highlight(id: string | null): void {
    for (const [mid, button] of this.buttons) {
      button.classList.toggle("is-active", mid === id);
      button.setAttribute("aria-pressed", String(mid === id));
    }
  }

  private buildMarks(): void {
    this.opts.marks.forEach((mark, index) => {
      const uncertain = mark.hi > mark.lo;
      const classes = ["axis-mark", uncertain ? "is-range" : "", mark.hypothetical ? "is-hypothetical" : ""];
      const what = mark.hypothetical ? `${mark.title} (hypothetical)` : mark.title;
      const button = h("button", {
        type: "button",
        className: classes.filter(Boolean).join(" "),
        tabindex: index === 0 ? 0 : -1,
        "aria-label": `${mark.date}: ${what}`,
        title: `${mark.date} — ${what}`,
        "aria-pressed": "false",
        onclick: () => this.opts.onMark(mark.id),
        onfocus: () => {
          this.focusedMark = index;
        },
      });
      this.buttons.set(mark.id, button);
      this.marksEl.appendChild(button);
    });
    // A roving tab stop: one Tab reaches the marks, arrows move between them.
    this.marksEl.addEventListener("keydown", (event) => {
      const n = this.opts.marks.length;
      let next = this.focusedMark;
      if (event.key === "ArrowRight") next = (next + 1) % n;
      else if (event.key === "ArrowLeft") next = (next - 1 + n) % n;
      else if (event.key === "Home") next = 0;
      else if (event.key === "End") next = n - 1;
      else return;
      event.preventDefault();
      const buttons = [...this.buttons.values()];
      buttons[this.focusedMark].tabIndex = -1;
      buttons[next].tabIndex = 0;
      buttons[next].focus();
      this.focusedMark = next;
    });
  }

  /** Lay out marks in lanes so that none hides another, and the decade ticks. */
  private layout(): void {
    const width = this.track.clientWidth;
    if (!width) return;
    const lanesEnd: number[] = [];
    const order = [...this.opts.marks].sort((a, b) => a.lo - b.lo);
    for (const mark of order) {
      const button = this.buttons.get(mark.id);
      if (!button) continue;
      const left = this.x(mark.lo) * width;
      const span = Math.max(10, (this.x(mark.hi) - this.x(mark.lo)) * width);
      let lane = lanesEnd.findIndex((end) => end + 3 <= left);
      if (lane === -1) {
        if (lanesEnd.length < MAX_LANES) {
          lane = lanesEnd.length;
          lanesEnd.push(-Infinity);
        } else {
          lane = lanesEnd.indexOf(Math.min(...lanesEnd));
        }
      }
      lanesEnd[lane] = left + span;
      button.style.left = `${left - 5}px`;
      button.style.width = `${span}px`;
      button.style.bottom = `${lane * LANE}px`;
    }
    this.marksEl.style.height = `${Math.max(1, lanesEnd.length) * LANE + 4}px`;

    const first = yearOf(this.opts.start);
    const last = yearOf(this.opts.end);
    const step = width < 420 ? 50 : width < 800 ? 25 : 10;
    const labels = [];
    for (let year = Math.ceil(first / step) * step; year <= last; year += step) {
      const f = this.x(Date.UTC(year, 0, 1) / 86_400_000);
      labels.push(h("span", { className: "axis-tick", style: `left:${f * 100}%` }, String(year)));
    }
    this.ticks.replaceChildren(...labels);
  }

  private bindPointer(): void {
    let dragging = false;
    const surface = this.track;
    surface.addEventListener("pointerdown", (event) => {
      dragging = true;
      surface.setPointerCapture(event.pointerId);
      this.thumb.focus({ preventScroll: true });
      this.opts.onPick(this.dayAt(event.clientX), false);
      event.preventDefault();
    });
    surface.addEventListener("pointermove", (event) => {
      if (dragging) this.opts.onPick(this.dayAt(event.clientX), false);
    });
    const end = (event: PointerEvent) => {
      if (!dragging) return;
      dragging = false;
      this.opts.onPick(this.dayAt(event.clientX), true);
    };
    surface.addEventListener("pointerup", end);
    surface.addEventListener("pointercancel", end);
  }

  private bindKeys(): void {
    this.thumb.addEventListener("keydown", (event) => {
      const fine = event.shiftKey;
      let years = 0;
      let days = 0;
      switch (event.key) {
        case "ArrowRight":
        case "ArrowUp":
          if (fine) days = 1;
          else years = 1;
          break;
        case "ArrowLeft":
        case "ArrowDown":
          if (fine) days = -1;
          else years = -1;
          break;
        case "PageUp":
          years = 10;
          break;
        case "PageDown":
          years = -10;
          break;
        case "Home":
          this.opts.onPick(this.opts.start, true);
          event.preventDefault();
          return;
        case "End":
          this.opts.onPick(this.opts.end, true);
          event.preventDefault();
          return;
        default:
          return;
      }
      event.preventDefault();
      this.opts.onStep(years, days);
    });
  }

  /** The day the thumb is on. */
  get day(): number {
    return this.current;
  }
}
