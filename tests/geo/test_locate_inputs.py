"""``locate`` on imperfect input: problems named per row, nothing dropped or reordered."""

from __future__ import annotations

import datetime as dt

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

import terrachron
from terrachron.errors import QueryError
from terrachron.geo.locate import COLUMNS, summary_of

# Inside north ([10, 11] x [1, 2]) of the mini ledger; Alda occupies it from August 1920.
X, Y = 10.5, 1.5


def test_problems_are_named_and_counted(mini: terrachron.Ledger) -> None:
    lon = [X, np.nan, 200.0, X, X, X, X, np.inf, 50.0, X]
    lat = [Y, Y, Y, -95.0, Y, Y, Y, Y, 50.0, Y]
    dates = [
        "1925-01-01",
        "1925-01-01",
        "1925-01-01",
        "1925-01-01",
        None,
        "not a date",
        "1925-02-30",
        "",
        "1925-01-01",
        "1925-01-01",
    ]
    got = mini.locate(lon, lat, dates)
    assert list(got.columns) == list(COLUMNS)
    assert len(got) == len(lon)
    problems = [None if pd.isna(p) else p for p in got["problem"].astype(object)]
    assert problems == [
        None,
        "coordinates-missing",
        "coordinates-out-of-range",
        "coordinates-out-of-range",
        "date-missing",
        "date-unreadable",
        "date-unreadable",
        "coordinates-missing;date-missing",
        "outside-coverage",  # (50, 50) is in Kazakhstan: land the invented ledger does not hold
        None,
    ]
    assert got["place"].isna().tolist() == [False, *[True] * 8, False]
    assert got["disputed"].isna().tolist() == got["place"].isna().tolist()
    summary = summary_of(got)
    assert (summary.rows, summary.located, summary.outside, summary.problems) == (10, 2, 1, 7)


def test_dates_in_every_form(mini: terrachron.Ledger) -> None:
    forms = [
        np.array(["1925-01-01"] * 3, dtype="datetime64[D]"),
        np.array(["1925-01-01T13:00"] * 3, dtype="datetime64[ns]"),
        pd.Series(pd.to_datetime(["1925-01-01"] * 3)),
        ["1925-01-01"] * 3,
        ["1925-01-01T08:30:00"] * 3,
        [dt.date(1925, 1, 1)] * 3,
        [dt.datetime(1925, 1, 1, 23, 59)] * 3,
    ]
    answers = [mini.locate([X] * 3, [Y] * 3, f)["controller"].tolist() for f in forms]
    assert all(a == ["alda"] * 3 for a in answers)


def test_dates_of_reduced_precision_are_uncertain_when_the_answer_changes(
    mini: terrachron.Ledger,
) -> None:
    got = mini.locate([X] * 3, [Y] * 3, ["1920", "1925", "1920-08-15"])
    # 1920 covers the occupation of 10-20 August: the first day's answer, marked uncertain.
    assert got["controller"].tolist() == ["borgia", "alda", "borgia"]
    assert got["uncertain"].tolist() == [True, False, True]
    assert got["uncertain"].tolist() == [
        mini.status("north", d).uncertain for d in ("1920", "1925", "1920-08-15")
    ]


def test_date_out_of_range(mini: terrachron.Ledger) -> None:
    far = np.array(["10000-01-01", "1925-01-01"], dtype="datetime64[D]")
    got = mini.locate([X, X], [Y, Y], far)
    assert got["problem"].astype(object).tolist()[0] == "date-out-of-range"
    assert got["place"].tolist()[1] == "north"


def test_locate_frame_keeps_index_and_order(mini: terrachron.Ledger) -> None:
    df = pd.DataFrame(
        {"x": [X, 0.0, 10.5], "y": [Y, 0.0, -0.5], "when": ["1925-01-01"] * 3},
        index=pd.Index([30, 10, 20], name="id"),
    )
    got = mini.locate_frame(df, lon="x", lat="y", date="when", view="borgia")
    assert got.index.equals(df.index)
    assert got["place"].astype(object).tolist()[0] == "north"
    assert pd.isna(got["place"].iloc[1])
    assert got["place"].iloc[2] == "south"
    joined = df.join(got)
    assert list(joined.columns) == ["x", "y", "when", *COLUMNS]


def test_locate_frame_reads_a_geodataframe_of_points(mini: terrachron.Ledger) -> None:
    gdf = gpd.GeoDataFrame(
        {"date": ["1925-01-01", "1925-01-01", "1925-01-01"]},
        geometry=[shapely.Point(X, Y), None, shapely.LineString([(0, 0), (1, 1)])],
        crs="EPSG:4326",
    )
    got = mini.locate_frame(gdf)
    assert got["place"].tolist()[0] == "north"
    assert got["problem"].astype(object).tolist()[1:] == ["coordinates-missing"] * 2
    with pytest.raises(QueryError, match="WGS84"):
        mini.locate_frame(gdf.set_crs("EPSG:3857", allow_override=True))


def test_bad_arguments_raise_clear_errors(mini: terrachron.Ledger) -> None:
    with pytest.raises(QueryError, match="same length"):
        mini.locate([1.0, 2.0], [1.0], ["1925-01-01"] * 2)
    with pytest.raises(QueryError, match="unknown view"):
        mini.locate([X], [Y], ["1925-01-01"], view="nobody")
    with pytest.raises(QueryError, match="no column"):
        mini.locate_frame(pd.DataFrame({"x": [X], "y": [Y]}), lon="x", lat="y", date="d")


def test_empty_input(mini: terrachron.Ledger) -> None:
    got = mini.locate(np.zeros(0), np.zeros(0), np.zeros(0, dtype="datetime64[D]"))
    assert list(got.columns) == list(COLUMNS)
    assert len(got) == 0
