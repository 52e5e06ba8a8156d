"""EDTF dates as closed intervals of days.

terrachron reads every date with the maintained ``edtf`` library (ISO 8601-2 / Library of
Congress EDTF) and keeps it as the closed interval of days ``[earliest, latest]`` in which the
thing happened, together with the text as written. Precision is never thrown away: ``1946-02``
is the whole of February 1946, not its first day, and an approximate date (``1945-09~``) widens
to the library's fuzzy bounds.

Days are proleptic Gregorian ordinals (:meth:`datetime.date.toordinal`); :data:`OPEN_START` and
:data:`OPEN_END` stand for open ends (``..``).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import time
from dataclasses import dataclass
from typing import Any

from terrachron.errors import DateError, DateRangeError

__all__ = [
    "OPEN_END",
    "OPEN_START",
    "EdtfDate",
    "day_to_iso",
    "iso_to_day",
    "parse_edtf",
    "parse_query_date",
]

OPEN_START: int = 0
"""The ordinal standing for an open start (``..``): before every real day."""
OPEN_END: int = _dt.date.max.toordinal() + 1
"""The ordinal standing for an open end (``..``): after every real day."""

_DAY_RE = re.compile(r"^(-?\d{4})-(\d{2})-(\d{2})$")


@dataclass(frozen=True, slots=True)
class EdtfDate:
    """An EDTF date or interval, read as the closed range of days in which it falls.

    Attributes
    ----------
    text : str
        The EDTF string as written.
    lo, hi : int
        First and last possible day (ordinals; :data:`OPEN_START` / :data:`OPEN_END` when open).
    precision : str
        ``day``, ``month``, ``year``, ``season`` or ``interval``.
    approximate, uncertain : bool
        The EDTF ``~`` and ``?`` qualifiers.
    """

    text: str
    lo: int
    hi: int
    precision: str
    approximate: bool = False
    uncertain: bool = False

    @property
    def exact(self) -> bool:
        """True when the date names one day with no qualifier."""
        return self.lo == self.hi and not (self.approximate or self.uncertain)

    @property
    def bounded(self) -> bool:
        """True when neither end is open."""
        return self.lo != OPEN_START and self.hi != OPEN_END

    def contains(self, day: int) -> bool:
        """Whether ``day`` lies in ``[lo, hi]``."""
        return self.lo <= day <= self.hi

    @property
    def lo_iso(self) -> str | None:
        """The first possible day as ISO text, None when open."""
        return day_to_iso(self.lo)

    @property
    def hi_iso(self) -> str | None:
        """The last possible day as ISO text, None when open."""
        return day_to_iso(self.hi)

    def __str__(self) -> str:
        return self.text


def day_to_iso(day: int) -> str | None:
    """Format an ordinal day as ``YYYY-MM-DD``; None for an open end."""
    if day <= OPEN_START or day >= OPEN_END:
        return None
    return _dt.date.fromordinal(day).isoformat()


def iso_to_day(text: str) -> int:
    """Read ``YYYY-MM-DD`` into an ordinal day, raising :class:`DateError` on a bad day."""
    match = _DAY_RE.match(text)
    if not match:
        raise DateError(f"{text!r} is not a YYYY-MM-DD day", parameter="date")
    try:
        return _dt.date(int(match[1]), int(match[2]), int(match[3])).toordinal()
    except ValueError as exc:
        raise DateError(f"{text!r} names no real day ({exc})", parameter="date") from exc


MIN_YEAR, MAX_YEAR = _dt.MINYEAR, _dt.MAXYEAR
"""The years a day can be in: the engine counts days as proleptic Gregorian ordinals."""


def _bound(value: Any, *, upper: bool, text: str, in_range: bool) -> int:
    if isinstance(value, float) and math.isinf(value):
        return OPEN_END if upper else OPEN_START
    if isinstance(value, time.struct_time):
        try:
            return _dt.date(value.tm_year, value.tm_mon, value.tm_mday).toordinal()
        except (ValueError, OverflowError):
            # Years outside 1..9999 (Y99999999999 even overflows a C int) cannot be ordinals.
            too_late = value.tm_year > MAX_YEAR
            if in_range and too_late != upper:
                # The date ends before year 1 or starts after 9999: no day of it can be asked.
                raise _out_of_range(text) from None
            # A date reaching past the range (an EDTF year left wholly unspecified, any year up to
            # 9999) reads up to its end.
            return OPEN_END if too_late else OPEN_START
    raise DateError(f"cannot read EDTF bound {value!r}")


def _out_of_range(text: str) -> DateRangeError:
    return DateRangeError(
        f"{text!r} lies outside the years {MIN_YEAR} to {MAX_YEAR} that terrachron represents; "
        "ask about a date in that range",
        parameter="date",
    )


def _precision(node: Any, text: str) -> str:
    if "/" in text:
        return "interval"
    core = text.rstrip("~?%")
    if re.fullmatch(r"-?\d{4}-(2[1-9]|3\d|4[01])", core):
        return "season"
    if re.fullmatch(r"-?\d{4}", core):
        return "year"
    if re.fullmatch(r"-?\d{4}-\d{2}", core):
        return "month"
    return "day"


_PLAIN_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _plain_bounds(text: str) -> tuple[int, int, str] | None:
    """First and last day of an unqualified year, month or day (``1855``, ``1946-02``, ...)."""
    match = _PLAIN_RE.match(text)
    if match is None:
        return None
    year = int(match[1])
    if year < 1:
        return None
    if match[2] is None:
        return _dt.date(year, 1, 1).toordinal(), _dt.date(year, 12, 31).toordinal(), "year"
    month = int(match[2])
    if not 1 <= month <= 12:
        return None  # 21..41 are EDTF seasons: the library reads those
    first = _dt.date(year, month, 1).toordinal()
    if match[3] is None:
        last = _dt.date(year, 12, 31) if month == 12 else _dt.date(year, month + 1, 1)
        return first, last.toordinal() - (month != 12), "month"
    day = iso_to_day(text)  # raises DateError on a day that does not exist
    return day, day, "day"


def _parse_plain(text: str) -> EdtfDate | None:
    """Read the common unqualified forms without the general EDTF grammar, which is slow.

    Years, months, days and intervals of them (open ends ``..`` included) make up nearly every
    date in a ledger; the result is the same as the library's (``tests/test_dates_fast.py``
    checks it). Anything else (qualifiers, seasons, unknown ends, negative years) returns None.
    """
    if "/" in text:
        start, _, end = text.partition("/")
        lo_bounds = (OPEN_START, OPEN_START, "") if start == ".." else _plain_bounds(start)
        hi_bounds = (OPEN_END, OPEN_END, "") if end == ".." else _plain_bounds(end)
        if lo_bounds is None or hi_bounds is None:
            return None
        lo, hi = lo_bounds[0], hi_bounds[1]
        if lo > hi:
            raise DateError(f"{text!r} ends before it starts", parameter="date")
        return EdtfDate(text=text, lo=lo, hi=hi, precision="interval")
    bounds = _plain_bounds(text)
    if bounds is None:
        return None
    return EdtfDate(text=text, lo=bounds[0], hi=bounds[1], precision=bounds[2])


def parse_edtf(text: str) -> EdtfDate:
    """Parse an EDTF string into an :class:`EdtfDate`.

    A year outside 1..9999 (``Y12000``, ``-0100``) reads as an open end, as a ledger wants it;
    :func:`parse_query_date` refuses a date that lies wholly outside those years instead.

    Parameters
    ----------
    text : str
        Any EDTF level 0/1 date or interval: ``1945-09-02``, ``1946-02``, ``1855``,
        ``1945-08-28/1945-09-05``, ``1945-09~``, ``../1990``.

    Returns
    -------
    EdtfDate

    Raises
    ------
    DateError
        When the text is not EDTF, names a day that does not exist, or is an interval whose end
        comes before its start.
    """
    return _parse(text, in_range=False)


def _parse(text: str, *, in_range: bool) -> EdtfDate:
    if not isinstance(text, str):
        raise DateError(f"a date must be an EDTF string, not {type(text).__name__}")
    text = text.strip()
    if not text:
        raise DateError("the date is empty; write an EDTF date such as 1945-09-02")
    fast = _parse_plain(text)
    if fast is not None:
        return fast
    for part in text.split("/"):
        # The library accepts some impossible days silently; check every full day ourselves.
        day = re.sub(r"[~?%]", "", part)
        if _DAY_RE.match(day):
            iso_to_day(day)
    # Imported here: the grammar takes a tenth of a second to build, and the plain dates above
    # (what a command line and the bundled ledgers mostly hold) never need it.
    import edtf

    try:
        node = edtf.parse_edtf(text)
    except Exception as exc:  # the library raises several exception types for bad input
        raise DateError(
            f"{text!r} is not a valid EDTF date (examples: 1945-09-02, 1946-02, 1855, "
            "1945-08-28/1945-09-05, 1945-09~)",
            parameter="date",
        ) from exc
    qualified = bool(getattr(node, "is_approximate", False) or getattr(node, "is_uncertain", False))
    try:
        lower, upper = (
            (node.lower_fuzzy(), node.upper_fuzzy())
            if qualified
            else (node.lower_strict(), node.upper_strict())
        )
    except (ValueError, OverflowError) as exc:
        # The library's own arithmetic overflows on years far out of range.
        if in_range:
            raise _out_of_range(text) from exc
        raise DateError(f"{text!r} cannot be read as days ({exc})", parameter="date") from exc
    lo = _bound(lower, upper=False, text=text, in_range=in_range)
    hi = _bound(upper, upper=True, text=text, in_range=in_range)
    if text.endswith("/"):
        hi = OPEN_END  # an unknown end is open, not the library's guess of ten years
    if text.startswith("/"):
        lo = OPEN_START
    if lo > hi:
        raise DateError(f"{text!r} ends before it starts", parameter="date")
    return EdtfDate(
        text=text,
        lo=lo,
        hi=hi,
        precision=_precision(node, text),
        approximate=bool(getattr(node, "is_approximate", False)) or "~" in text,
        uncertain=bool(getattr(node, "is_uncertain", False)) or "?" in text,
    )


def parse_query_date(value: object) -> EdtfDate:
    """Read the date of a query: an EDTF string, a :class:`datetime.date`, or a numpy datetime64.

    A reduced-precision query (``1950``) asks about every day in it; the engine answers it as
    uncertain when the answer changes inside.

    Raises
    ------
    DateError
        When the value cannot be read as a date.
    DateRangeError
        When it is a date, but no day of it lies in the years 1 to 9999 (``Y99999999999``,
        ``-1000``); a date reaching past them (a year left wholly unspecified) is read up to
        their end.
    """
    if isinstance(value, EdtfDate):
        return value
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        day = value.toordinal()
        return EdtfDate(text=value.isoformat(), lo=day, hi=day, precision="day")
    text = str(value).strip()
    if "T" in text:
        text = text.split("T", 1)[0]
    return _parse(text, in_range=True)
