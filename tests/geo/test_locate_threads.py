"""``locate`` on several threads gives exactly the one-thread answer; dates in any unit."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import terrachron
import terrachron.geo.locate as locate_module
from terrachron.errors import QueryError
from terrachron.geo.inputs import NAT, coerce_dates
from terrachron.geo.locate import available_cores, summary_of

from .test_locate_exact import _tricky_points


@pytest.fixture
def small_spans(monkeypatch: pytest.MonkeyPatch) -> None:
    """Split even a few thousand rows into many spans, so the fixtures exercise the threads."""
    monkeypatch.setattr(locate_module, "_MIN_SPAN", 97)


def _with_problems(pts: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """Coordinates and dates with missing, out-of-range and reduced-precision values mixed in."""
    lon = pts[:, 0].copy()
    lat = pts[:, 1].copy()
    n = len(lon)
    lon[rng.integers(0, n, 40)] = np.nan
    lat[rng.integers(0, n, 40)] = 95.0
    dates = np.array(
        [str(d) for d in np.datetime64("1890-01-01") + rng.integers(0, 140 * 365, n)],
        dtype=object,
    )
    dates[rng.integers(0, n, 40)] = "1945"  # a year: uncertain where the answer changes
    dates[rng.integers(0, n, 40)] = None
    dates[rng.integers(0, n, 40)] = "not a date"
    dates[rng.integers(0, n, 40)] = "0000-01-01"
    return lon, lat, dates


@pytest.mark.usefixtures("small_spans")
@pytest.mark.parametrize("view", ["de-facto", "aurelia"])
def test_threads_give_the_one_thread_answer(slice_ledger: terrachron.Ledger, view: str) -> None:
    rng = np.random.default_rng(3)
    lon, lat, dates = _with_problems(_tricky_points(slice_ledger, rng, 60), rng)
    locator = slice_ledger.locator(view)
    one = locator.locate(lon, lat, dates, threads=1)
    assert len(locate_module._spans(len(lon), 2)) >= 8
    for threads in (2, 3):
        many = locator.locate(lon, lat, dates, threads=threads)
        pd.testing.assert_frame_equal(many, one)
        assert summary_of(many) == summary_of(one)
    summary = summary_of(one)
    # The fixture really holds rows that GEOS decides, and rows of every kind.
    assert summary.exact_tests > 0
    assert summary.located > 0
    assert summary.outside > 0
    assert summary.problems > 0
    assert one["uncertain"].fillna(False).any()


@pytest.mark.usefixtures("small_spans")
def test_threads_through_the_ledger_and_frames(slice_ledger: terrachron.Ledger) -> None:
    rng = np.random.default_rng(5)
    pts = _tricky_points(slice_ledger, rng, 20)
    days = np.datetime64("1950-01-01") + rng.integers(0, 20_000, len(pts))
    df = pd.DataFrame(
        {"x": pts[:, 0], "y": pts[:, 1], "d": days.astype("datetime64[s]")},
        index=pd.RangeIndex(5, 5 + len(pts)),
    )
    one = slice_ledger.locate_frame(df, lon="x", lat="y", date="d", threads=1)
    two = slice_ledger.locate_frame(df, lon="x", lat="y", date="d", threads=2)
    default = slice_ledger.locate(df["x"], df["y"], df["d"])
    pd.testing.assert_frame_equal(two, one)
    pd.testing.assert_frame_equal(default.set_axis(df.index), one)


def test_threads_must_be_a_positive_integer(mini: terrachron.Ledger) -> None:
    for bad in (0, -1, 1.5, "2", True):
        with pytest.raises(QueryError):
            mini.locate([10.5], [1.5], ["1925-01-01"], threads=bad)  # type: ignore[arg-type]
    assert available_cores() >= 1


@pytest.mark.parametrize("unit", ["D", "h", "m", "s", "ms", "us", "ns", "W", "M", "Y", "10s"])
def test_datetimes_of_every_unit_are_read_as_their_calendar_day(
    mini: terrachron.Ledger, unit: str
) -> None:
    times = np.array(
        [
            "1969-12-31T23:00",
            "1970-01-01T00:00",
            "1920-08-10T12:34",
            "1920-08-20T23:59",
            "1925-01-01T00:01",
            "NaT",
        ],
        dtype="datetime64[m]",
    ).astype(f"datetime64[{unit}]")
    want = times.astype("datetime64[D]").view(np.int64)
    lo, hi, _ = coerce_dates(times)
    assert lo.tolist() == hi.tolist() == want.tolist()
    assert lo[-1] == NAT
    got = mini.locate([10.5] * len(times), [1.5] * len(times), times)
    ref = mini.locate([10.5] * len(times), [1.5] * len(times), times.astype("datetime64[D]"))
    pd.testing.assert_frame_equal(got, ref)
