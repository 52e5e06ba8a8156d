"""``/api/locate``: one point (GET) and batches (POST), against the ledger's own ``locate``."""

from __future__ import annotations

import io
import math
from typing import Any

import pandas as pd
import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter

import terrachron
from terrachron.api.locate_routes import MAX_POINTS, LocateJSON, LocateRowJSON
from terrachron.geo.locate import COLUMNS

from .test_api import refused

KUNASHIRI = (145.8343, 44.0968)
"""A point inside Kunashiri (its geometry's representative point)."""
AT_SEA = (150.0, 30.0)
ROW_KEYS = ["lon", "lat", "date", *COLUMNS]


def expected_rows(
    ledger: terrachron.Ledger, points: list[tuple[Any, Any, Any]], view: str = "de-facto"
) -> list[dict[str, Any]]:
    """What ``Ledger.locate`` answers for ``points``, one plain dict per row."""
    lon, lat, date = zip(*points, strict=True) if points else ((), (), ())
    got = ledger.locate(list(lon), list(lat), list(date), view=view)
    rows = []
    for i in range(len(got)):
        row = {}
        for c in COLUMNS:
            v = got[c].iloc[i]
            row[c] = None if v is pd.NA or (isinstance(v, float) and math.isnan(v)) else v
        rows.append(
            {
                c: (bool(v) if c in ("disputed", "uncertain") and v is not None else v)
                for c, v in row.items()
            }
        )
    return rows


# -- one point -----------------------------------------------------------------------------------


def test_a_point_answers_as_locate_with_its_chain_and_every_view(
    client: TestClient, bundled: terrachron.Ledger
) -> None:
    lon, lat = KUNASHIRI
    r = client.get(f"/api/locate?lon={lon}&lat={lat}&date=1950-01-01&view=japan")
    assert r.status_code == 200, r.text
    body = TypeAdapter(LocateJSON).validate_python(r.json())
    [want] = expected_rows(bundled, [(lon, lat, "1950-01-01")], "japan")
    assert {c: body[c] for c in COLUMNS} == want  # type: ignore[literal-required]
    assert body["place"] == "kunashiri"
    assert body["title"] == "japan"
    assert body["controller"] == "soviet-union"
    status = bundled.status("kunashiri", "1950-01-01", "japan").to_dict()
    assert (
        r.json()["chain"]
        == client.get("/api/places/kunashiri/status?date=1950-01-01&view=japan").json()["chain"]
    )
    assert body["narrative"] == status["narrative"]
    assert set(body["views"]) == set(bundled.views)
    for view, answer in body["views"].items():
        st_view = bundled.status("kunashiri", "1950-01-01", view)
        assert answer["status"] == st_view.status
        assert answer["disputed"] == st_view.disputed
    assert body["views"]["russia"]["title"] == "soviet-union"
    assert body["views"]["de-facto"]["title"] is None


def test_a_point_at_sea_says_so_and_has_no_chain(client: TestClient) -> None:
    lon, lat = AT_SEA
    body = client.get(f"/api/locate?lon={lon}&lat={lat}&date=1950").json()
    assert body["place"] is None
    assert body["problem"] == "at-sea"
    assert body["chain"] == []
    assert body["views"] == {}


def test_a_point_near_a_coast_snaps_within_the_distance_asked(client: TestClient) -> None:
    # Just off Kunashiri's western coast: at sea without the option, Kunashiri with it.
    lon, lat = 145.40, 44.0
    plain = client.get(f"/api/locate?lon={lon}&lat={lat}&date=1950").json()
    snapped = client.get(f"/api/locate?lon={lon}&lat={lat}&date=1950&max_distance_km=20").json()
    assert plain["place"] is None
    assert "snapped_km" not in plain
    assert snapped["place"] == "kunashiri"
    assert 0 < snapped["snapped_km"] <= 20


@pytest.mark.parametrize(
    ("query", "status", "parameter"),
    [
        ("lon=145.8&lat=44.1&date=1950-02-30", 400, "date"),
        ("lon=145.8&lat=44.1&date=not-a-date", 400, "date"),
        ("lon=145.8&lat=44.1&date=1950&view=mars", 400, "view"),
        ("lon=145.8&lat=44.1&date=1950&scenario=nowhere", 400, "scenario"),
        ("lon=181&lat=44.1&date=1950", 422, "lon"),
        ("lon=145.8&lat=-91&date=1950", 422, "lat"),
        ("lon=east&lat=44.1&date=1950", 422, "lon"),
        ("lon=145.8&date=1950", 422, "lat"),
        ("lon=145.8&lat=44.1&date=1950&max_distance_km=500", 422, "max_distance_km"),
    ],
)
def test_a_bad_point_query_is_refused_naming_the_parameter(
    client: TestClient, query: str, status: int, parameter: str
) -> None:
    refused(client.get(f"/api/locate?{query}"), status, parameter)


# -- batches -------------------------------------------------------------------------------------


def test_a_json_batch_answers_every_point_in_order_bad_ones_as_problem_rows(
    client: TestClient, bundled: terrachron.Ledger
) -> None:
    points: list[Any] = [
        {"lon": KUNASHIRI[0], "lat": KUNASHIRI[1], "date": "1950-01-01"},
        {"lon": AT_SEA[0], "lat": AT_SEA[1], "date": "1950-01-01"},
        {"lon": "east", "lat": 44.0, "date": "1950"},
        {"lon": 145.8, "lat": 44.1, "date": "1950-02-30"},
        {"lon": True, "lat": 44.1},
        "not a point",
    ]
    r = client.post("/api/locate", json={"points": points, "view": "russia"})
    assert r.status_code == 200, r.text
    rows = TypeAdapter(list[LocateRowJSON]).validate_python(r.json())
    assert [list(row) for row in rows] == [ROW_KEYS] * len(points)
    assert rows[0]["place"] == "kunashiri"
    assert rows[0]["title"] == "soviet-union"  # the body's view
    assert rows[1]["problem"] == "at-sea"
    assert rows[2]["problem"] == "coordinates-missing"
    assert rows[3]["problem"] == "date-unreadable"
    assert rows[4]["problem"] == "coordinates-missing;date-missing"
    assert rows[5]["problem"] == "coordinates-missing;date-missing"
    want = expected_rows(
        bundled,
        [(KUNASHIRI[0], KUNASHIRI[1], "1950-01-01"), (AT_SEA[0], AT_SEA[1], "1950-01-01")],
        "russia",
    )
    assert [{c: row[c] for c in COLUMNS} for row in rows[:2]] == want  # type: ignore[literal-required]


def test_a_csv_batch_answers_as_csv_with_the_locate_columns(client: TestClient) -> None:
    text = f'lon,lat,date,note\n{KUNASHIRI[0]},{KUNASHIRI[1]},1950-01-01,"a, b"\n1,2,\n'
    r = client.post(
        "/api/locate?view=japan",
        content=text,
        headers={"content-type": "text/csv", "accept": "text/csv"},
    )
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    back = pd.read_csv(io.StringIO(r.text), dtype=str, keep_default_na=False)
    assert list(back.columns) == ROW_KEYS
    assert back.loc[0, "place"] == "kunashiri"
    assert back.loc[0, "title"] == "japan"
    assert back.loc[1, "problem"] == "date-missing"
    # Quoted only where CSV needs it.
    assert '"' not in r.text


def test_a_csv_batch_answers_json_unless_csv_is_accepted(client: TestClient) -> None:
    text = f"lon,lat,date\n{KUNASHIRI[0]},{KUNASHIRI[1]},1950-01-01\n"
    r = client.post("/api/locate", content=text, headers={"content-type": "text/csv"})
    assert r.json()[0]["place"] == "kunashiri"


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.lists(
        st.tuples(
            st.floats(145.0, 147.5),
            st.floats(43.0, 45.0),
            st.sampled_from(["1875", "1945-09-01", "1950-01-01", "1956-10", "2000"]),
        ),
        max_size=30,
    )
)
def test_a_batch_is_the_ledgers_locate_row_for_row(
    client: TestClient, bundled: terrachron.Ledger, points: list[tuple[float, float, str]]
) -> None:
    body = {"points": [{"lon": x, "lat": y, "date": d} for x, y, d in points]}
    rows = client.post("/api/locate", json=body).json()
    assert [{c: row[c] for c in COLUMNS} for row in rows] == expected_rows(bundled, points)
    assert [(row["lon"], row["lat"], row["date"]) for row in rows] == points


def test_more_points_than_a_request_holds_is_a_413_naming_the_cli_and_dask(
    client: TestClient,
) -> None:
    points = [{"lon": 0, "lat": 0, "date": "2000"}] * (MAX_POINTS + 1)
    detail = refused(client.post("/api/locate", json={"points": points}), 413, "body")
    assert "terrachron locate" in detail
    assert "Dask" in detail
    text = "lon,lat,date\n" + "0,0,2000\n" * (MAX_POINTS + 1)
    r = client.post("/api/locate", content=text, headers={"content-type": "text/csv"})
    refused(r, 413, "body")


def test_the_largest_batch_is_answered(client: TestClient) -> None:
    points = [{"lon": KUNASHIRI[0], "lat": KUNASHIRI[1], "date": "2000"}] * MAX_POINTS
    rows = client.post("/api/locate", json={"points": points}).json()
    assert len(rows) == MAX_POINTS
    assert {row["place"] for row in rows} == {"kunashiri"}


@pytest.mark.parametrize(
    ("content", "media", "parameter"),
    [
        ("{not json", "application/json", "body"),
        ('[{"lon": 1, "lat": 2, "date": "2000"}]', "application/json", "body"),
        ('{"points": "all"}', "application/json", "body"),
        ('{"points": [], "view": 3}', "application/json", "view"),
        ('{"points": [], "view": "mars"}', "application/json", "view"),
        ("x,y,when\n1,2,2000\n", "text/csv", "body"),
        ("", "text/csv", "body"),
        ('lon,lat,date\n1,2,"2000\n', "text/csv", "body"),
    ],
)
def test_a_body_that_cannot_be_read_is_a_400(
    client: TestClient, content: str, media: str, parameter: str
) -> None:
    r = client.post("/api/locate", content=content, headers={"content-type": media})
    refused(r, 400, parameter)


def test_an_empty_batch_is_an_empty_answer(client: TestClient) -> None:
    assert client.post("/api/locate", json={"points": []}).json() == []


def test_infinite_and_huge_coordinates_in_a_csv_batch_are_problem_rows(client: TestClient) -> None:
    text = "lon,lat,date\ninf,1,2000\n-Infinity,1,2000\n1e400,2,2000\nnan,1,2000\n"
    r = client.post("/api/locate", content=text, headers={"content-type": "text/csv"})
    assert r.status_code == 200, r.text
    rows = r.json()
    assert [row["lon"] for row in rows] == [None] * 4
    assert {row["problem"] for row in rows} <= {
        "coordinates-missing",
        "coordinates-out-of-range",
    }
