"""Date expressions in running text, normalized to EDTF with their character spans.

The grammar is a small set of regular expressions over the forms analytical news uses:

- absolute days: ``8 September 1951``, ``September 8, 1951``, ``1951-09-08``;
- partial dates: ``February 1946`` → ``1946-02``, ``in 1855`` → ``1855``;
- days without a year: ``on January 22`` → the year of the surrounding paragraph, else the
  latest such day on or before the publication date;
- ranges: ``between August 28 and September 5`` → ``1945-08-28/1945-09-05``;
- decades and centuries: ``the 1550s`` → ``155X``, ``the nineteenth century`` → ``18XX``;
- periods anchored on an event or a date: ``within 2-3 months after Germany's defeat`` → an
  interval whose far end is approximate.

Why regular expressions rather than a general date parser: the spans, the range grammar and the
year context are the point here, and a parser that guesses a full day for "February 1946" would
throw precision away. :mod:`dateparser` is used where it fits, for a free-form publication date.
"""

from __future__ import annotations

import bisect
import calendar
import datetime as _dt
import re
from dataclasses import dataclass
from functools import lru_cache

import dateparser  # type: ignore[import-untyped]  # the package ships no type stubs

from terrachron.dates import EdtfDate, parse_edtf
from terrachron.errors import DateError

__all__ = [
    "ANCHOR_EVENTS",
    "DateMention",
    "cached_edtf",
    "find_dates",
    "mid_day",
    "overlaps",
    "parse_published",
]

_MONTHS: dict[str, int] = {}
for _i, _name in enumerate(calendar.month_name):
    if _name:
        _MONTHS[_name.lower()] = _i
        _MONTHS[_name[:3].lower()] = _i
_MONTHS["sept"] = 9

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[0-9]\d\d|20\d\d)"

# One date without a range: each alternative is a named group so the parts can be read back.
_SIMPLE = (
    rf"(?:(?P<{{p}}iso>{_YEAR}-[01]\d-[0-3]\d)"
    rf"|(?P<{{p}}dmy>{_DAY}\s+(?:of\s+)?{_MONTH},?\s+{_YEAR})"
    rf"|(?P<{{p}}mdy>{_MONTH}\s+{_DAY}(?:,\s*|\s+){_YEAR})"
    rf"|(?P<{{p}}dm>{_DAY}\s+(?:of\s+)?{_MONTH}(?![\w]))"
    rf"|(?P<{{p}}md>{_MONTH}\s+{_DAY}(?![\d\w]))"
    rf"|(?P<{{p}}my>{_MONTH},?\s+(?:of\s+)?{_YEAR})"
    rf"|(?P<{{p}}d>(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?=\s+(?:and|to|until|-|–)\s))"
    rf"|(?P<{{p}}m>{_MONTH}(?=\s*(?:and|to|until|till|through|-|–)\s*{_MONTH}))"
    rf"|(?P<{{p}}y>(?<![\d,.$€£])" + _YEAR + r"(?![\d,]\d|\s*(?:%|km|kilometres|kilometers|miles"
    r"|square|sq|people|troops|soldiers|residents|inhabitants|islands|metres|meters|tons"
    r"|tonnes|dollars|rubles|roubles|yen|pounds|hectares|acres)\b)))"
)


def _simple(prefix: str) -> str:
    return _SIMPLE.replace("{p}", prefix)


_RANGE = re.compile(
    rf"(?:(?P<lead>between|from)\s+{_simple('a_')}\s+(?:and|to|until|till|through)\s+"
    rf"{_simple('b_')})"
    rf"|(?:{_simple('c_')}\s*[–—-]\s*{_simple('d_')})"
    rf"|(?:(?P<e_y>{_YEAR})[–—-](?P<f_yy>\d\d)(?![\d\w–—-]))"
    rf"|(?:(?P<g_d>{_DAY})\s+and\s+(?P<h_d>{_DAY})\s+(?:of\s+)?(?P<h_m>{_MONTH})"
    rf"(?:,?\s+(?P<h_y>{_YEAR}))?(?![\w]))",
    re.IGNORECASE,
)
_ONE = re.compile(_simple("s_"), re.IGNORECASE)
_SHARED_YEAR = re.compile(
    rf"\s*(?:,\s*)?(?:and|or)\s+(?:on\s+)?(?:{_DAY}\s+(?:of\s+)?{_MONTH}|{_MONTH}\s+{_DAY}),?"
    rf"\s+(?P<year>{_YEAR})\b",
    re.IGNORECASE,
)
"""After a day without a year: "and 18 April 1978" lends its year to the list."""
_RECURRING = re.compile(r"\b(?:every|each)\s+$", re.IGNORECASE)
"""Before a day: "every 31 March" recurs, so it is no date of an event."""
_DECADE = re.compile(r"\b(?:the\s+)?(1[5-9]\d0|20[0-2]0)s\b", re.IGNORECASE)
# Centuries written out or in figures: "the nineteenth century", "the 19th century" → 18XX.
# Only the eleventh to twenty-first: an EDTF year needs four digits, and earlier centuries are
# rare in territorial history and easy to confuse with counts ("the first century of rule").
_CENTURY_WORDS = {
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
}
_CENTURY = re.compile(
    r"\b(?:the\s+)?(?P<n>eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth"
    r"|seventeenth|eighteenth|nineteenth|twentieth|twenty-first|1[1-9]th|2[01](?:st|th))"
    r"[\s-]+century\b",
    re.IGNORECASE,
)

_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a hundred": 100,
    "one hundred": 100,
}
_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a": 1,
    "an": 1,
}
_FRACTIONS = {"half a": 0.5, "a quarter of a": 0.25, "a quarter": 0.25}
_NUM = r"(?:\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|an?)"
_AGO = re.compile(
    r"\b(?P<n>\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|(?:a|one|two|three)\s+hundred(?:\s+and\s+(?:twenty|thirty|forty|fifty|sixty|seventy"
    r"|eighty|ninety|ten|\d{1,2}))?"
    r"|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    r"|half\s+a|a\s+quarter\s+of\s+a|a\s+quarter)"
    r"\s+(?P<unit>years?|months?|decades?|century|centuries)\s+ago(?P<today>\s+(?:today|tonight))?\b",
    re.IGNORECASE,
)
_BARE_MONTH = re.compile(
    r"\b(?:early|mid|late|in|until|till|since|by|from|during|through|throughout)[\s-]+"
    r"(?:of\s+)?(?P<month>January|February|March|April|June|July|August|September|October"
    r"|November|December)\b(?![\s,]+\d)"
)
_PERIOD = re.compile(
    rf"\b(?P<within>within\s+|less\s+than\s+|up\s+to\s+)?(?P<n1>{_NUM})"
    rf"(?:\s*(?:-|–|to|or)\s*(?P<n2>{_NUM}))?\s+(?P<unit>days?|weeks?|months?|years?)"
    rf"\s+(?:after|of|following|from)\s+(?P<anchor>[^.;:()\n]{{3,60}})",
    re.IGNORECASE,
)

ANCHOR_EVENTS: dict[str, str] = {
    # Well-known dates that articles count from without naming them. A gazetteer of events, in
    # the same spirit as the gazetteer of places: general world history, not any one article.
    "germany's defeat": "1945-05-08",
    "germany's surrender": "1945-05-08",
    "the defeat of germany": "1945-05-08",
    "the surrender of germany": "1945-05-08",
    "the german surrender": "1945-05-08",
    "v-e day": "1945-05-08",
    "the end of the war in europe": "1945-05-08",
    "japan's surrender": "1945-09-02",
    "the surrender of japan": "1945-09-02",
    "the japanese surrender": "1945-09-02",
    "the armistice of 1918": "1918-11-11",
    "the fall of the berlin wall": "1989-11-09",
    "the dissolution of the soviet union": "1991-12-26",
    "the collapse of the soviet union": "1991-12-26",
    "the end of the soviet union": "1991-12-26",
}


@lru_cache(maxsize=8192)
def cached_edtf(text: str) -> EdtfDate | None:
    """:func:`terrachron.dates.parse_edtf`, memoized (the EDTF grammar is slow to run), or None
    for text that is not EDTF."""
    try:
        return parse_edtf(text)
    except DateError:
        return None


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression found in a text.

    Attributes
    ----------
    start, end : int
        ``[start, end)`` character offsets of the expression.
    text : str
        The expression as written.
    edtf : str
        Its EDTF normalization.
    form : str
        ``day``, ``month``, ``year``, ``relative`` (a day whose year came from context),
        ``range``, ``period``, ``decade`` or ``century``.
    approximate : bool
        True when the normalization widens or guesses (periods, decades, centuries).
    confidence : float
        How sure the grammar is, in [0, 1].
    """

    start: int
    end: int
    text: str
    edtf: str
    form: str
    approximate: bool
    confidence: float

    @property
    def date(self) -> EdtfDate:
        """The EDTF value, parsed."""
        value = cached_edtf(self.edtf)
        if value is None:  # pragma: no cover - mentions are built from valid EDTF only
            raise DateError(f"{self.edtf!r} is not EDTF")
        return value


def mid_day(mention: DateMention) -> int | None:
    """The day in the middle of a mention's span, or None when it is unbounded."""
    value = cached_edtf(mention.edtf)
    if value is None or not value.bounded:
        return None
    return (value.lo + value.hi) // 2


def overlaps(a: DateMention, b: DateMention) -> bool:
    """Whether two mentions' spans of days share a day."""
    x, y = cached_edtf(a.edtf), cached_edtf(b.edtf)
    if x is None or y is None:
        return False
    return x.lo <= y.hi and y.lo <= x.hi


@dataclass(frozen=True, slots=True)
class _Parts:
    year: int | None
    month: int | None
    day: int | None
    year_explicit: bool


def _day_number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _month_key(text: str) -> str:
    key = text.lower().rstrip(".")
    return key if key in _MONTHS else key[:3]


def _parts(match: re.Match[str], prefix: str) -> _Parts | None:
    groups = {
        k.removeprefix(prefix): v for k, v in match.groupdict().items() if k.startswith(prefix)
    }
    if groups.get("iso"):
        y, m, d = (int(x) for x in groups["iso"].split("-"))
        return _Parts(y, m, d, True)
    for key in ("dmy", "mdy", "dm", "md", "my", "m"):
        text = groups.get(key)
        if not text:
            continue
        month_match = re.search(_MONTH, text, re.IGNORECASE)
        if month_match is None:  # pragma: no cover - the group always holds a month
            return None
        month = _MONTHS[_month_key(month_match.group(0))]
        rest = text[: month_match.start()] + " " + text[month_match.end() :]
        numbers = re.findall(r"\d+", rest)
        year = next((int(n) for n in numbers if len(n) == 4), None)
        days = [int(n) for n in numbers if len(n) <= 2]
        day = days[0] if days and key != "my" else None
        return _Parts(year, month, day, year is not None)
    if groups.get("d"):
        return _Parts(None, None, _day_number(groups["d"]), False)
    if groups.get("y"):
        return _Parts(int(groups["y"]), None, None, True)
    return None


def _edtf(parts: _Parts) -> str | None:
    if parts.year is None:
        return None
    if parts.month is None:
        return f"{parts.year:04d}"
    if parts.day is None:
        return f"{parts.year:04d}-{parts.month:02d}"
    try:
        _dt.date(parts.year, parts.month, parts.day)
    except ValueError:
        return None
    return f"{parts.year:04d}-{parts.month:02d}-{parts.day:02d}"


def _form(parts: _Parts) -> str:
    if not parts.year_explicit:
        return "relative"
    if parts.day is not None:
        return "day"
    return "month" if parts.month is not None else "year"


class _YearContext:
    """The year a day without one belongs to: the paragraph's last year, else publication's."""

    def __init__(self, text: str, published: EdtfDate | None) -> None:
        self._starts = [m.start() for m in re.finditer(r"[^\n]+", text) if m.group(0).strip()]
        self._published = published
        self._years: list[tuple[int, int]] = []  # (offset, year) of explicit years, in order

    def note(self, offset: int, year: int) -> None:
        self._years.append((offset, year))

    def _paragraph_start(self, offset: int) -> int:
        """Start of the paragraph before the one holding ``offset``: a year stated at the end
        of one paragraph still frames "on April 9" at the start of the next."""
        i = bisect.bisect_right(self._starts, offset) - 1
        if i <= 0:
            return 0
        return self._starts[i - 1]

    def year_for(self, offset: int, month: int, day: int | None) -> tuple[int | None, bool]:
        """A year for a month/day at ``offset``, and whether it came from the paragraph."""
        para = self._paragraph_start(offset)
        for pos, year in reversed(self._years):
            if pos < para:
                break
            if pos < offset:
                return year, True
        if self._published is not None and self._published.lo_iso is not None:
            pub = _dt.date.fromisoformat(self._published.lo_iso)
            if self._published.precision in ("day", "month"):
                year = pub.year
                probe = _dt.date(year, month, min(day or 1, 28))
                # Reports look back: a day later in the year than the article is last year's.
                if (probe.month, day or 1) > (
                    pub.month,
                    pub.day,
                ) and self._published.precision == "day":
                    year -= 1
                return year, False
            return pub.year, False
        return None, False


def _anchor_day(anchor: str) -> tuple[_dt.date, int] | None:
    """The day a period counts from, and how many characters of ``anchor`` name it."""
    low = anchor.lower().replace("’", "'")
    for name, iso in ANCHOR_EVENTS.items():
        if low.startswith(name):
            return _dt.date.fromisoformat(iso), len(name)
    return None


def _add(day: _dt.date, n: int, unit: str) -> _dt.date:
    unit = unit.lower().rstrip("s")
    if unit == "day":
        return day + _dt.timedelta(days=n)
    if unit == "week":
        return day + _dt.timedelta(weeks=n)
    months = n if unit == "month" else 12 * n
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return _dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _number(text: str) -> int:
    low = text.lower()
    return _NUMBER_WORDS[low] if low in _NUMBER_WORDS else int(low)


class _Taken:
    """Disjoint spans already claimed by a longer expression, kept sorted for bisection."""

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end)  # spans starting before our end
        return i > 0 and self._ends[i - 1] > start

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)


def find_dates(text: str, published: EdtfDate | None = None) -> list[DateMention]:
    """Every date expression in ``text``, in order, normalized to EDTF.

    Parameters
    ----------
    text : str
        The article's text.
    published : EdtfDate, optional
        The publication date, which days written without a year fall back on.

    Returns
    -------
    list of DateMention
        Non-overlapping mentions in text order. A day whose year cannot be known (no year in
        its paragraph and no publication date) is left out rather than guessed.
    """
    found: list[tuple[int, int, str, re.Match[str]]] = []
    taken = _Taken()
    for kind, pattern in (
        ("period", _PERIOD),
        ("ago", _AGO),
        ("range", _RANGE),
        ("decade", _DECADE),
        ("century", _CENTURY),
        ("one", _ONE),
        ("month", _BARE_MONTH),
    ):
        for m in pattern.finditer(text):
            if kind == "one" and (m.group("s_d") or m.group("s_m")):
                continue  # a bare day or month stands only as the first end of a range
            if kind == "one" and _RECURRING.search(text, max(0, m.start() - 8), m.start()):
                continue  # "every 31 March": a recurring day, no date
            if kind == "period" and _anchor_day(m.group("anchor")) is None:
                continue  # "a year after annexation": no day to count from
            if kind == "ago" and published is None:
                continue
            span = (m.start("month"), m.end()) if kind == "month" else (m.start(), m.end())
            if not taken.overlaps(*span):
                found.append((*span, kind, m))
                taken.add(*span)
    found.sort(key=lambda f: f[0])

    context = _YearContext(text, published)
    out: list[DateMention] = []
    for start, end, kind, m in found:
        mention: DateMention | None = None
        if kind == "one":
            mention = _one(m, start, end, context)
        elif kind == "range":
            mention = _range(m, start, end, context)
        elif kind == "decade":
            decade = m.group(1)
            if decade.endswith("00") and not decade.startswith("20"):
                # "the 1700s" is the century, as English uses it; "the 2000s" is the decade.
                mention = DateMention(
                    start, end, m.group(0), decade[:2] + "XX", "century", True, 0.6
                )
            else:
                mention = DateMention(start, end, m.group(0), decade[:3] + "X", "decade", True, 0.7)
        elif kind == "century":
            mention = _century(m, start, end)
        elif kind == "ago" and published is not None:
            mention = _ago(m, published)
        elif kind == "month":
            month = _MONTHS[m.group("month").lower()]
            year, _ = context.year_for(start, month, None)
            if year is not None:
                edtf = f"{year:04d}-{month:02d}"
                mention = DateMention(start, end, text[start:end], edtf, "relative", False, 0.6)
        else:
            mention = _period(m, out)
        if mention is not None:
            out.append(mention)
    return out


def _one(m: re.Match[str], start: int, end: int, context: _YearContext) -> DateMention | None:
    parts = _parts(m, "s_")
    if parts is None:
        return None
    if parts.year is not None:
        context.note(start, parts.year)
    elif parts.month is not None:
        # "on 16 March and 18 April 1978": the year at the end of the list is each date's.
        shared = _SHARED_YEAR.match(m.string, end)
        if shared is not None:
            year: int | None = int(shared.group("year"))
        else:
            year, _ = context.year_for(start, parts.month, parts.day)
        parts = _Parts(year, parts.month, parts.day, shared is not None)
    edtf = _edtf(parts)
    if edtf is None:
        return None
    form = _form(parts)
    confidence = {"day": 0.95, "month": 0.9, "year": 0.8, "relative": 0.75}[form]
    return DateMention(start, end, m.group(0), edtf, form, False, confidence)


def _range(m: re.Match[str], start: int, end: int, context: _YearContext) -> DateMention | None:
    if m.group("g_d"):
        # "15 and 16 April": two days of one month, read as the range they span.
        pair_month = _MONTHS[_month_key(m.group("h_m"))]
        d1, d2 = _day_number(m.group("g_d")), _day_number(m.group("h_d"))
        if m.group("h_y"):
            pair_year: int | None = int(m.group("h_y"))
            context.note(start, int(m.group("h_y")))
        else:
            pair_year, _ = context.year_for(start, pair_month, d1)
        if pair_year is None or d2 <= d1:
            return None
        lo = _edtf(_Parts(pair_year, pair_month, d1, True))
        hi = _edtf(_Parts(pair_year, pair_month, d2, True))
        if lo is None or hi is None:
            return None
        return DateMention(start, end, m.group(0), f"{lo}/{hi}", "range", False, 0.8)
    if m.group("e_y"):
        # "1977–78": the second year keeps the first one's century.
        lo_year = int(m.group("e_y"))
        hi_year = lo_year // 100 * 100 + int(m.group("f_yy"))
        if hi_year <= lo_year:
            return None
        context.note(start, lo_year)
        text = m.group(0)
        return DateMention(start, end, text, f"{lo_year:04d}/{hi_year:04d}", "range", False, 0.8)
    a_pre, b_pre = ("a_", "b_") if m.group("lead") else ("c_", "d_")
    first, last = _parts(m, a_pre), _parts(m, b_pre)
    if first is None or last is None:
        return None
    if first.year is not None and last.year is None and last.month is None:
        return None  # "from 1945 to 5" is not a range of dates
    if last.year is not None:
        context.note(start, last.year)
    if first.year is not None:
        context.note(start, first.year)
    # The first end borrows what it leaves out from the second: "3 and 5 September 1945".
    month = first.month if first.month is not None else last.month
    if first.day is not None and first.month is None and last.month is None:
        return None
    year = first.year if first.year is not None else last.year
    if first.year is None and last.year is not None and month and last.month and last.month < month:
        year = last.year - 1  # "December 28 to January 5, 1946" starts in 1945
    explicit = year is not None
    if year is None and month is not None:
        year, _ = context.year_for(start, month, first.day)
    if first.month is None and first.day is None:
        month = None  # a bare year stays a year
    first = _Parts(year, month, first.day, explicit)
    last_year = last.year if last.year is not None else year
    if (
        last_year is not None
        and month is not None
        and last.month is not None
        and last.month < month
        and last.year is None
    ):
        last_year += 1  # "December 28 to January 5" runs into the next year
    last = _Parts(last_year, last.month, last.day, explicit)
    lo, hi = _edtf(first), _edtf(last)
    if lo is None or hi is None or lo == hi:
        return None
    edtf = f"{lo}/{hi}"
    try:
        parse_edtf(edtf)
    except DateError:
        return None
    return DateMention(start, end, m.group(0), edtf, "range", False, 0.85)


def _century(m: re.Match[str], start: int, end: int) -> DateMention | None:
    """ "the nineteenth century" → ``18XX``: the hundred years whose years start with 18."""
    word = m.group("n").lower()
    number = _CENTURY_WORDS.get(word) or int(word[:2])
    if not 11 <= number <= 21:
        return None
    return DateMention(start, end, m.group(0), f"{number - 1:02d}XX", "century", True, 0.7)


def _period(m: re.Match[str], earlier: list[DateMention]) -> DateMention | None:
    anchor = _anchor_day(m.group("anchor"))
    if anchor is None:
        return None
    day, length = anchor
    n1 = _number(m.group("n1"))
    n2 = _number(m.group("n2")) if m.group("n2") else n1
    unit = m.group("unit")
    end = m.start("anchor") + length
    if m.group("within"):
        lo, hi = day, _add(day, max(n1, n2), unit)
        edtf = f"{lo.isoformat()}/{hi.isoformat()}~"
    elif n1 != n2:
        lo, hi = _add(day, min(n1, n2), unit), _add(day, max(n1, n2), unit)
        edtf = f"{lo.isoformat()}~/{hi.isoformat()}~"
    else:
        edtf = f"{_add(day, n1, unit).isoformat()}~"
    return DateMention(m.start(), end, m.string[m.start() : end], edtf, "period", True, 0.5)


def _count(words: str) -> int:
    """ "sixty" → 60, "a hundred and fifty" → 150, "two hundred and 5" → 205."""
    hundreds = re.match(r"(a|one|two|three)\s+hundred(?:\s+and\s+(.+))?$", words)
    if hundreds:
        base = 100 * (1 if hundreds.group(1) in ("a", "one") else _number(hundreds.group(1)))
        rest = hundreds.group(2)
        return base + (0 if rest is None else _TENS.get(rest) or _number(rest))
    return _TENS.get(words) or _number(words)


def _ago(m: re.Match[str], published: EdtfDate) -> DateMention | None:
    """ "Sixty years ago today" in an article of 1 January 2017 → 1957-01-01."""
    if published.lo_iso is None:
        return None
    word = re.sub(r"\s+", " ", m.group("n").lower())
    unit = m.group("unit").lower()
    # Decades and centuries count in years; "half a century" is fifty of them.
    scale = {"decade": 10, "decades": 10, "century": 100, "centuries": 100}.get(unit, 1)
    n = int(_FRACTIONS[word] * scale) if word in _FRACTIONS else _count(word) * scale
    if n <= 0:
        return None
    if scale > 1:
        unit = "years"
    pub = _dt.date.fromisoformat(published.lo_iso)
    back = _add(pub, -n, unit)
    if m.group("today") and published.precision == "day":
        edtf = back.isoformat()
    elif unit.startswith("month"):
        edtf = back.isoformat()[:7]
    else:
        edtf = f"{back.year:04d}"
    return DateMention(m.start(), m.end(), m.group(0), edtf, "relative", False, 0.6)


def parse_published(value: str) -> EdtfDate:
    """Read a publication date given in any common form (EDTF, ``12 Feb 2019``, ...).

    Raises
    ------
    DateError
        When the value is not a date.
    """
    text = value.strip()
    try:
        return parse_edtf(text)
    except DateError:
        pass
    parsed = dateparser.parse(
        text,
        languages=["en"],
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    if parsed is None:
        raise DateError(
            f"cannot read the publication date {value!r}; write it as 2019-02-12",
            parameter="published",
        )
    return parse_edtf(parsed.date().isoformat())
