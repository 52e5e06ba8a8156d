"""The fast path of :func:`terrachron.dates.parse_edtf` agrees with the EDTF library."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from terrachron import dates
from terrachron.errors import DateError


def _library(text: str) -> dates.EdtfDate:
    """Parse with the fast path switched off."""
    saved = dates._parse_plain
    dates._parse_plain = lambda _text: None  # type: ignore[assignment]
    try:
        return dates.parse_edtf(text)
    finally:
        dates._parse_plain = saved  # type: ignore[assignment]


def _form(day: dt.date, kind: int) -> str:
    if kind == 0:
        return f"{day.year:04d}"
    if kind == 1:
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()


days = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))


@settings(max_examples=300, deadline=None)
@given(days, st.integers(0, 2))
def test_single_dates_agree(day: dt.date, kind: int) -> None:
    text = _form(day, kind)
    assert dates.parse_edtf(text) == _library(text)


@settings(max_examples=200, deadline=None)
@given(days, days, st.integers(0, 2), st.integers(0, 2))
def test_intervals_agree(a: dt.date, b: dt.date, ka: int, kb: int) -> None:
    text = f"{_form(min(a, b), ka)}/{_form(max(a, b), kb)}"
    assert dates.parse_edtf(text) == _library(text)


@pytest.mark.parametrize("text", ["1945-02-30", "1945-13", "1950/1940", "1946-02-29"])
def test_bad_plain_dates_still_raise(text: str) -> None:
    with pytest.raises(DateError):
        dates.parse_edtf(text)


@pytest.mark.parametrize(
    "text", ["../..", "../1990", "1991-12-26/..", "1945-08-28/1945-09-05", "1946-02/1946-03"]
)
def test_open_and_closed_intervals_agree(text: str) -> None:
    assert dates.parse_edtf(text) == _library(text)
