"""EDTF parsing: precision kept, bad dates refused with a clear error."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terrachron.dates import OPEN_END, OPEN_START, day_to_iso, parse_edtf, parse_query_date
from terrachron.errors import DateError, DateRangeError


def d(text: str) -> int:
    return dt.date.fromisoformat(text).toordinal()


@pytest.mark.parametrize(
    ("text", "lo", "hi", "precision"),
    [
        ("1945-09-02", "1945-09-02", "1945-09-02", "day"),
        ("1946-02", "1946-02-01", "1946-02-28", "month"),
        ("1855", "1855-01-01", "1855-12-31", "year"),
        ("1945-08-28/1945-09-05", "1945-08-28", "1945-09-05", "interval"),
        ("1948-02", "1948-02-01", "1948-02-29", "month"),
    ],
)
def test_precision_is_kept_as_a_range_of_days(text: str, lo: str, hi: str, precision: str) -> None:
    date = parse_edtf(text)
    assert (date.lo, date.hi, date.precision) == (d(lo), d(hi), precision)
    assert date.text == text


def test_open_ends() -> None:
    assert parse_edtf("../1990").lo == OPEN_START
    assert parse_edtf("1991-12-26/..").hi == OPEN_END
    assert parse_edtf("1991-12-26/").hi == OPEN_END
    assert not parse_edtf("1991-12-26/..").bounded


def test_approximate_widens() -> None:
    plain, approx = parse_edtf("1945-09"), parse_edtf("1945-09~")
    assert approx.approximate
    assert approx.lo <= plain.lo
    assert approx.hi >= plain.hi


@pytest.mark.parametrize(
    "text", ["1945-02-30", "1945-13", "abc", "", "1945-09-05/1945-08-28", "13th of May"]
)
def test_bad_dates_raise_date_error(text: str) -> None:
    with pytest.raises(DateError):
        parse_edtf(text)


def test_query_dates_accept_python_and_numpy_dates() -> None:
    import numpy as np

    assert parse_query_date(dt.date(1950, 1, 1)).lo == d("1950-01-01")
    assert parse_query_date(np.datetime64("1950-01-01")).lo == d("1950-01-01")
    assert parse_query_date("1950").hi == d("1950-12-31")


@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
def test_any_real_day_round_trips(day: dt.date) -> None:
    parsed = parse_edtf(day.isoformat())
    assert parsed.exact
    assert day_to_iso(parsed.lo) == day.isoformat()


@settings(deadline=None)  # the EDTF grammar runs for these: slow on a loaded machine
@given(st.integers(min_value=10_000, max_value=10**15) | st.integers(max_value=-10_000))
def test_a_query_year_out_of_range_is_a_date_range_error(year: int) -> None:
    # Y99999999999 overflowed a C int in the date arithmetic (issue 15); ledgers keep reading
    # such years as an open end, queries refuse them naming the parameter.
    text = f"Y{year}"
    with pytest.raises(DateRangeError) as info:
        parse_query_date(text)
    assert info.value.parameter == "date"
    assert "outside the years 1 to 9999" in str(info.value)
    parsed = parse_edtf(text)
    assert (parsed.lo, parsed.hi) == ((OPEN_END,) * 2 if year > 0 else (OPEN_START,) * 2)


@pytest.mark.parametrize(("text", "lo"), [("XXXX", OPEN_START), ("-1000/1800", OPEN_START)])
def test_a_query_reaching_past_year_1_is_read_up_to_it(text: str, lo: int) -> None:
    parsed = parse_query_date(text)
    assert parsed.lo == lo
    assert parsed.hi <= d("9999-12-31")
