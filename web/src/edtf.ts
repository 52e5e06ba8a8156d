// Just enough EDTF (ISO 8601-2) for the page: place a typed or ledger date on the time axis and
// say it in words. The server stays the authority: every date is sent to it as typed, and its
// refusal is what the person reads when a date is not valid.

const MS_PER_DAY = 86_400_000;
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

/** A date as the closed range of days it covers (days since 1970-01-01, UTC). */
export interface DayRange {
  lo: number;
  hi: number;
  precision: "day" | "month" | "year" | "interval";
  approximate: boolean;
  uncertain: boolean;
}

/** The day number of a calendar day (months 1–12). */
export function dayOf(year: number, month: number, day: number): number {
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(0, 0, 0, 0);
  return Math.round(date.getTime() / MS_PER_DAY);
}

function parts(day: number): [number, number, number] {
  const date = new Date(day * MS_PER_DAY);
  return [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** ISO text (YYYY-MM-DD) of a day number. */
export function isoOf(day: number): string {
  const [y, m, d] = parts(day);
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

/** The year of a day number. */
export function yearOf(day: number): number {
  return parts(day)[0];
}

/** Today, as a day number (UTC). */
export function today(): number {
  return Math.floor(Date.now() / MS_PER_DAY);
}

/** The same month and day ``years`` later (29 February falls back to the 28th). */
export function addYears(day: number, years: number): number {
  const [y, m, d] = parts(day);
  const last = new Date(Date.UTC(2001, m, 0)).getUTCDate(); // days in month m of a common year
  const leap = (y + years) % 4 === 0 && ((y + years) % 100 !== 0 || (y + years) % 400 === 0);
  const cap = m === 2 && leap ? 29 : last;
  return dayOf(y + years, m, Math.min(d, cap));
}

function daysInMonth(year: number, month: number): number {
  return dayOf(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - dayOf(year, month, 1);
}

const SINGLE = /^(-?\d{4}|\d{2}XX|\d{3}X)(?:-(\d{2}|XX)(?:-(\d{2}|XX))?)?([~?%]?)$/;

function single(text: string): DayRange | null {
  const m = SINGLE.exec(text);
  if (!m) return null;
  const [, yText, mText, dText, qualifier] = m;
  const yLo = Number(yText.replace(/X/g, "0"));
  const yHi = Number(yText.replace(/X/g, "9"));
  const approximate = qualifier === "~" || qualifier === "%";
  const uncertain = qualifier === "?" || qualifier === "%";
  if (mText === undefined || mText === "XX") {
    return { lo: dayOf(yLo, 1, 1), hi: dayOf(yHi, 12, 31), precision: "year", approximate, uncertain };
  }
  const month = Number(mText);
  if (month < 1 || month > 12) return null;
  if (dText === undefined || dText === "XX") {
    return {
      lo: dayOf(yLo, month, 1),
      hi: dayOf(yHi, month, daysInMonth(yHi, month)),
      precision: "month",
      approximate,
      uncertain,
    };
  }
  const day = Number(dText);
  if (day < 1 || day > daysInMonth(yLo, month)) return null;
  return { lo: dayOf(yLo, month, day), hi: dayOf(yHi, month, day), precision: "day", approximate, uncertain };
}

/** Read an EDTF date or interval; null when this light reader cannot (the server may still). */
export function parseEdtf(input: string): DayRange | null {
  const text = input.trim();
  if (!text) return null;
  if (!text.includes("/")) return single(text);
  const [a, b] = text.split("/", 2);
  const open = (s: string) => s === "" || s === "..";
  const start = open(a) ? null : single(a);
  const end = open(b) ? null : single(b);
  if ((!open(a) && !start) || (!open(b) && !end)) return null;
  const lo = start ? start.lo : Number.NEGATIVE_INFINITY;
  const hi = end ? end.hi : Number.POSITIVE_INFINITY;
  if (lo > hi) return null;
  return {
    lo,
    hi,
    precision: "interval",
    approximate: Boolean(start?.approximate || end?.approximate),
    uncertain: Boolean(start?.uncertain || end?.uncertain),
  };
}

/** A day in words: 1 January 1950. */
export function longDay(day: number): string {
  const [y, m, d] = parts(day);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** An EDTF date in words, keeping its precision and qualifiers. */
export function describe(text: string): string {
  const range = parseEdtf(text);
  if (!range) return text;
  const hedge = range.approximate ? "about " : "";
  const doubt = range.uncertain ? " (uncertain)" : "";
  if (range.precision === "day") return `${hedge}${longDay(range.lo)}${doubt}`;
  if (range.precision === "month") {
    const [y, m] = parts(range.lo);
    return `${hedge}${MONTHS[m - 1]} ${y}${doubt}`;
  }
  if (range.precision === "year") {
    const [a] = parts(range.lo);
    const [b] = parts(range.hi);
    return `${hedge}${a === b ? a : `${a}–${b}`}${doubt}`;
  }
  const from = Number.isFinite(range.lo) ? longDay(range.lo) : "the beginning";
  const to = Number.isFinite(range.hi) ? longDay(range.hi) : "now";
  return `some day between ${from} and ${to}${doubt}`;
}
