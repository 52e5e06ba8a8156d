"""The scenario endpoints, ``scenario=`` on every endpoint, and the snapshot downloads."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import TypeAdapter

import terrachron
from terrachron.api import create_app
from terrachron.api.routes import EXPORTS
from terrachron.api.scenario_routes import MAX_COMPARED
from terrachron.api.shapes import (
    HealthJSON,
    InstrumentDetailJSON,
    PlaceDetailJSON,
    PlacesJSON,
    SnapshotFileJSON,
)
from terrachron.model import Instrument, Polity, Source, View
from terrachron.results import ExplainJSON, SnapshotJSON, StatusJSON, TimelineJSON, timeline_dict
from terrachron.scenarios import (
    ColumnJSON,
    ComparisonJSON,
    ScenarioInfoJSON,
    ScenarioJSON,
    ScenarioMapJSON,
    SplitJSON,
    compare,
    map_features,
)
from terrachron.scenarios.metrics import ViewMetricsJSON

from .conftest import mini_with_scenarios
from .test_api import _cli_json, jsonable, refused

SHIKOTAN_2031 = "/api/places/shikotan/status?date=2031-01-01&view=japan&scenario=two-islands"
COMPARE = "/api/scenarios/compare?names=two-islands&names=area-split&view=japan"

# Every endpoint that existed before scenarios, asked in a scenario, and the model of its answer.
IN_A_SCENARIO: list[tuple[str, Any]] = [
    ("/api/health", HealthJSON),
    ("/api/places", PlacesJSON),
    ("/api/places?q=etorofu", PlacesJSON),
    ("/api/places/etorofu-southwest", PlaceDetailJSON),
    ("/api/places/shikotan/status?date=2031-01-01&view=japan", StatusJSON),
    ("/api/places/kunashiri/explain?date=2031-01-01&view=russia", ExplainJSON),
    ("/api/places/etorofu-northeast/timeline?view=japan", TimelineJSON),
    ("/api/snapshot?date=2031-01-01&view=japan", SnapshotJSON),
    ("/api/snapshot?date=2031&geometry=false", SnapshotJSON),
    ("/api/disputes?date=2031-01-01", list[StatusJSON]),
    ("/api/instruments", list[Instrument]),
    ("/api/instruments/peace-treaty-area-split-2030", InstrumentDetailJSON),
    ("/api/views", list[View]),
    ("/api/polities", list[Polity]),
    ("/api/sources", list[Source]),
]


def with_scenario(url: str, scenario: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}scenario={scenario}"


# -- the listing and one scenario ---------------------------------------------------------------


def test_the_listing_is_the_clis(client: TestClient, bundled: terrachron.Ledger) -> None:
    body = client.get("/api/scenarios").json()
    TypeAdapter(list[ScenarioInfoJSON]).validate_python(body)
    assert [s["name"] for s in body] == list(bundled.scenarios)
    assert {"two-islands", "area-split"} <= {s["name"] for s in body}

    assert body == _cli_json("scenario", "list")
    split = next(s for s in body if s["name"] == "area-split")
    assert split["splits"] == ["etorofu"]
    assert split["path"] == "scenarios/area-split"  # relative: the server's folders stay private


def test_a_scenario_is_its_branch_with_split_lines(
    client: TestClient, bundled: terrachron.Ledger
) -> None:
    body = client.get("/api/scenarios/area-split").json()
    TypeAdapter(ScenarioJSON).validate_python(body)
    assert body == jsonable(bundled.with_scenario("area-split").scenario.to_dict())
    (split,) = body["splits"]
    assert split["parts"] == ["etorofu-southwest", "etorofu-northeast"]
    assert split["line"]["type"] == "LineString"
    assert len(split["line"]["coordinates"]) >= 2
    assert body["branch_date"] == "2030-01-01"
    assert client.get("/api/scenarios/two-islands").json()["splits"] == []


def test_an_unknown_scenario_in_a_path_is_a_404(client: TestClient) -> None:
    detail = refused(client.get("/api/scenarios/five-islands"), 404, "scenario")
    assert "two-islands" in detail  # the known ones are listed
    refused(client.get("/api/scenarios/five-islands/map"), 404, "scenario")
    refused(client.get("/api/scenarios/" + "s" * 201), 422, "scenario")


# -- comparing ----------------------------------------------------------------------------------


def test_compare_is_the_comparison(client: TestClient, bundled: terrachron.Ledger) -> None:
    response = client.get(COMPARE)
    assert response.status_code == 200, response.text
    body = response.json()
    TypeAdapter(ComparisonJSON).validate_python(body)
    expected = compare(bundled, ["two-islands", "area-split"], views=["japan"]).to_dict()
    assert body == jsonable(expected)
    assert [c["name"] for c in body["columns"]] == ["baseline", "two-islands", "area-split"]
    assert body["columns"][0]["scenario"] is None
    assert body["date"] == "2030-01-01"
    japan = body["columns"][2]["views"]["japan"]
    assert japan["disputed_share"]["japan"] == pytest.approx(0.5, abs=1e-3)
    four = ["etorofu", "habomai", "kunashiri", "shikotan"]
    assert body["columns"][1]["disputes"]["ended"] == four
    assert body["maritime"]["computed"] is True
    assert any("not a delimitation" in c for c in body["maritime"]["caveats"])


def test_compare_takes_a_date_views_and_no_sea(client: TestClient) -> None:
    body = client.get(
        "/api/scenarios/compare?names=four-islands&names=four-islands"
        "&date=2031-01-01&view=russia&view=de-facto&maritime=false"
    ).json()
    # A name given twice is compared once; views keep the order asked.
    assert [c["name"] for c in body["columns"]] == ["baseline", "four-islands"]
    assert body["views"] == ["russia", "de-facto"]
    assert body["date"] == "2031-01-01"
    assert body["maritime"]["computed"] is False
    assert body["columns"][1]["sea_km2"] is None
    assert body["columns"][1]["views"]["russia"]["sea_km2"] == {}
    # Every view by default.
    every = client.get("/api/scenarios/compare?names=two-islands&maritime=false").json()
    assert every["views"] == ["de-facto", "japan", "russia"]


@pytest.mark.parametrize(
    ("query", "status", "parameter"),
    [
        ("names=five-islands", 400, "scenario"),
        ("names=two-islands&names=../two-islands", 400, "scenario"),
        ("names=baseline", 400, "scenario"),
        ("names=two-islands&view=china", 400, "view"),
        ("names=two-islands&date=1950-13", 400, "date"),
        ("", 422, "names"),
        ("names=", 422, "names"),
        ("&".join(["names=two-islands"] * (MAX_COMPARED + 1)), 422, "names"),
        ("names=two-islands&maritime=perhaps", 422, "maritime"),
        ("names=two-islands&date=" + "1" * 65, 422, "date"),
    ],
)
def test_compare_refusals(client: TestClient, query: str, status: int, parameter: str) -> None:
    refused(client.get(f"/api/scenarios/compare?{query}"), status, parameter)


# -- the map --------------------------------------------------------------------------------------


def _layers(body: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for feature in body["features"]:
        out.setdefault(feature["properties"]["layer"], []).append(feature)
    return out


def test_the_map_has_land_sea_and_the_split_line(
    client: TestClient, bundled: terrachron.Ledger
) -> None:
    response = client.get("/api/scenarios/area-split/map?view=japan")
    assert response.headers["content-type"].startswith("application/geo+json")
    body = response.json()
    TypeAdapter(ScenarioMapJSON).validate_python(body)
    comparison = compare(bundled, ["area-split"], views=["japan"])
    expected = map_features(comparison.columns[-1], "japan")
    assert body["features"] == jsonable(expected["features"])
    assert body["properties"] == {
        "scenario": "area-split",
        "date": "2030-01-01",
        "view": "japan",
        "caveats": list(comparison.caveats),
    }
    layers = _layers(body)
    assert {f["properties"]["place"] for f in layers["land"]} >= {
        "etorofu-southwest",
        "etorofu-northeast",
    }
    assert {f["properties"]["holder"] for f in layers["sea"]} >= {"japan", "russia"}
    (line,) = layers["split-line"]
    assert line["geometry"]["type"] == "LineString"
    assert line["properties"]["place"] == "etorofu"


def test_the_baseline_map_and_a_map_without_sea(client: TestClient) -> None:
    body = client.get("/api/scenarios/baseline/map?view=japan").json()
    TypeAdapter(ScenarioMapJSON).validate_python(body)
    layers = _layers(body)
    assert "split-line" not in layers
    assert {f["properties"]["place"] for f in layers["land"]} >= {"etorofu", "kunashiri"}
    # The baseline is drawn on the day the scenarios are compared.
    assert body["properties"]["date"] == "2030-01-01"
    plain = client.get("/api/scenarios/two-islands/map?date=2031-01-01&sea=false").json()
    assert set(_layers(plain)) == {"land"}
    assert plain["properties"]["caveats"] == []
    assert plain["properties"]["view"] == "de-facto"
    shikotan = next(f for f in plain["features"] if f["properties"]["place"] == "shikotan")
    assert shikotan["properties"]["holder"] == "japan"
    assert shikotan["properties"]["changed"] is True


@pytest.mark.parametrize(
    ("url", "status", "parameter"),
    [
        ("/api/scenarios/area-split/map?view=china", 400, "view"),
        ("/api/scenarios/area-split/map?date=2031-02-30", 400, "date"),
        ("/api/scenarios/area-split/map?sea=maybe", 422, "sea"),
        ("/api/scenarios/area-split/map?view=" + "v" * 81, 422, "view"),
    ],
)
def test_map_refusals(client: TestClient, url: str, status: int, parameter: str) -> None:
    refused(client.get(url), status, parameter)


# -- every endpoint answers from a scenario's branch --------------------------------------------


@pytest.mark.parametrize(("url", "model"), IN_A_SCENARIO)
def test_every_endpoint_answers_in_a_scenario(client: TestClient, url: str, model: Any) -> None:
    response = client.get(with_scenario(url, "area-split"))
    assert response.status_code == 200, response.text
    TypeAdapter(model).validate_python(response.json())


@pytest.mark.parametrize(("url", "model"), IN_A_SCENARIO)
def test_an_unknown_scenario_is_a_400_everywhere(client: TestClient, url: str, model: Any) -> None:
    detail = refused(client.get(with_scenario(url, "five-islands")), 400, "scenario")
    assert "area-split" in detail


@pytest.mark.parametrize(
    "scenario",
    [
        "../../../tests/data/scenarios/ok-split",
        str(Path(__file__).parents[1] / "data" / "scenarios" / "ok-split"),
        "scenarios/two-islands",
        ".",
    ],
)
def test_a_folder_path_is_never_read_as_a_scenario(client: TestClient, scenario: str) -> None:
    # The Python API takes a folder; over HTTP that would read any folder a client names.
    refused(client.get("/api/health", params={"scenario": scenario}), 400, "scenario")
    refused(client.get("/api/scenarios/compare", params={"names": scenario}), 400, "scenario")


def test_shikotan_is_japans_after_the_two_island_treaty(
    client: TestClient, bundled: terrachron.Ledger
) -> None:
    body = client.get(SHIKOTAN_2031).json()
    assert body == jsonable(
        bundled.with_scenario("two-islands").status("shikotan", "2031-01-01", "japan").to_dict()
    )
    assert body["controller"] == "japan"
    assert body["title"] == "japan"
    assert body["disputed"] is False
    hypothetical = [link for link in body["chain"] if link["hypothetical"]]
    assert hypothetical
    assert {link["instrument"] for link in hypothetical} == {"peace-treaty-two-islands-2030"}
    # Before the branch date the scenario answers as the ledger does.
    before = "/api/places/shikotan/status?date=2020-01-01&view=japan"
    assert client.get(with_scenario(before, "two-islands")).json() == client.get(before).json()


def test_a_split_place_becomes_a_group_of_its_parts(client: TestClient) -> None:
    snapshot = client.get("/api/snapshot?date=2031-01-01&view=japan&scenario=area-split").json()
    ids = [f["id"] for f in snapshot["features"]]
    assert "etorofu" not in ids
    assert {"etorofu-southwest", "etorofu-northeast"} <= set(ids)
    titles = {f["id"]: f["properties"]["title"] for f in snapshot["features"]}
    assert (titles["etorofu-southwest"], titles["etorofu-northeast"]) == ("japan", "russia")
    detail = refused(
        client.get("/api/places/etorofu/status?date=2031-01-01&scenario=area-split"), 400, "place"
    )
    assert "etorofu-southwest" in detail
    groups = client.get("/api/places?scenario=area-split").json()["groups"]
    assert next(g for g in groups if g["id"] == "etorofu")["members"] == [
        "etorofu-southwest",
        "etorofu-northeast",
    ]
    # A part's timeline is the place's own before the treaty.
    part = client.get("/api/places/etorofu-northeast/timeline?view=japan&scenario=area-split")
    whole = client.get("/api/places/etorofu/timeline?view=japan").json()
    assert part.json()["periods"][:3] == whole["periods"][:3]


def test_scenario_answers_are_the_ledgers(client: TestClient, bundled: terrachron.Ledger) -> None:
    branch = bundled.with_scenario("two-plus-joint")
    q = "scenario=two-plus-joint"
    assert client.get(f"/api/places/kunashiri/timeline?view=russia&{q}").json() == jsonable(
        timeline_dict(branch.timeline("kunashiri", "russia"))
    )
    # Each dispute is the branch's status, plus what a list needs to link to the map.
    map_keys = ("name", "bbox", "label_point")
    disputes = client.get(f"/api/disputes?date=2031-01-01&{q}").json()
    assert [{k: v for k, v in d.items() if k not in map_keys} for d in disputes] == jsonable(
        [s.to_dict() for s in branch.disputes("2031-01-01")]
    )
    assert client.get(f"/api/places/etorofu/explain?date=2031&view=japan&{q}").json() == jsonable(
        branch.explain("etorofu", "2031", "japan").to_dict()
    )
    instruments = client.get(f"/api/instruments?{q}").json()
    hypothetical = [i["id"] for i in instruments if i.get("hypothetical")]
    assert branch.scenario is not None
    assert set(hypothetical) == set(branch.scenario.instruments)
    health = client.get(f"/api/health?{q}").json()
    assert (health["scenario"], health["content_hash"]) == ("two-plus-joint", branch.content_hash)
    assert health["instruments"] == len(branch.instruments)
    sources = {s["id"] for s in client.get("/api/sources?scenario=area-split").json()}
    assert "aso-area-split-remark-2006" in sources


def test_a_hypothetical_instrument_outside_its_scenario_says_where_it_is(
    client: TestClient,
) -> None:
    detail = refused(
        client.get("/api/instruments/peace-treaty-two-islands-2030"), 404, "instrument"
    )
    assert "scenario=two-islands" in detail
    body = client.get("/api/instruments/peace-treaty-two-islands-2030?scenario=two-islands").json()
    assert body["instrument"]["hypothetical"] is True


# -- a ledger whose scenarios break rules -------------------------------------------------------


def test_a_bad_scenario_is_listed_with_its_problems(scenario_client: TestClient) -> None:
    body = scenario_client.get("/api/scenarios").json()
    TypeAdapter(list[ScenarioInfoJSON]).validate_python(body)
    problems = {s["name"]: s["problems"] for s in body}
    assert set(problems) == {"bad-date", "bad-schema", "ok-bisect", "ok-split"}
    assert problems["ok-split"] == []
    assert any("scenarios/bad-schema/scenario.yaml:1:1" in p for p in problems["bad-schema"])


@pytest.mark.parametrize(
    "url",
    [
        "/api/scenarios/bad-date",
        "/api/scenarios/bad-date/map",
        "/api/scenarios/compare?names=ok-split&names=bad-date",
        "/api/places/north/status?date=1960&scenario=bad-date",
        "/api/snapshot?date=1960&scenario=bad-date",
        "/api/health?scenario=bad-date",
    ],
)
def test_a_scenario_breaking_a_rule_is_a_409_naming_the_problem(
    scenario_client: TestClient, url: str
) -> None:
    detail = refused(scenario_client.get(url), 409, "scenario")
    # Located like a ledger problem, relative to the ledger's root.
    assert "scenarios/bad-date/instruments/cession-1925.yaml:5" in detail
    assert "scenario-date" in detail
    assert "Traceback" not in detail


def test_a_scenario_breaking_a_schema_rule_is_a_409(scenario_client: TestClient) -> None:
    detail = refused(scenario_client.get("/api/scenarios/bad-schema"), 409, "scenario")
    assert "scenarios/bad-schema/scenario.yaml:1:1" in detail


def test_a_good_scenario_of_another_ledger(scenario_client: TestClient) -> None:
    body = scenario_client.get("/api/scenarios/ok-split").json()
    (split,) = body["splits"]
    assert split["method"] == "line"
    status = scenario_client.get(
        "/api/places/north-west/status?date=1960&view=borgia&scenario=ok-split"
    )
    assert status.status_code == 200, status.text
    assert status.json()["title"] == "borgia"
    bisect = scenario_client.get("/api/scenarios/ok-bisect/map?date=1960&view=borgia").json()
    TypeAdapter(ScenarioMapJSON).validate_python(bisect)
    assert "split-line" in _layers(bisect)


def test_a_ledger_without_scenarios_lists_none(mini_client: TestClient) -> None:
    assert mini_client.get("/api/scenarios").json() == []
    detail = refused(mini_client.get("/api/health?scenario=two-islands"), 400, "scenario")
    assert "none in this ledger" in detail
    refused(mini_client.get("/api/scenarios/baseline/map"), 400, "date")
    body = mini_client.get("/api/scenarios/baseline/map?date=1960&sea=false").json()
    assert {f["properties"]["place"] for f in body["features"]} == {"north", "south"}


# -- caching --------------------------------------------------------------------------------------


def test_etags_name_the_scenario(client: TestClient) -> None:
    base = "/api/places/shikotan/status?date=2031-01-01&view=japan"
    tags = {
        client.get(base).headers["etag"],
        client.get(SHIKOTAN_2031).headers["etag"],
        client.get(with_scenario(base, "four-islands")).headers["etag"],
    }
    assert len(tags) == 3
    etag = client.get(COMPARE).headers["etag"]
    again = client.get(COMPARE, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_editing_a_scenario_changes_its_etags(tmp_path: Path) -> None:
    root = mini_with_scenarios(tmp_path / "mini")
    url = "/api/scenarios/ok-split"

    def etag() -> str:
        with TestClient(create_app(terrachron.open_ledger(root))) as c:
            return str(c.get(url).headers["etag"])

    before = etag()
    spec = root / "scenarios" / "ok-split" / "scenario.yaml"
    spec.write_text(spec.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert etag() != before


# -- snapshot downloads ---------------------------------------------------------------------------


def test_the_download_formats_are_the_exports() -> None:
    from terrachron.io.export import ExportFormat

    assert set(EXPORTS) == {f.value for f in ExportFormat}


@pytest.mark.parametrize(
    ("fmt", "media", "suffix"),
    [
        ("geojson", "application/geo+json", "geojson"),
        ("geoparquet", "application/vnd.apache.parquet", "parquet"),
        ("gpkg", "application/geopackage+sqlite3", "gpkg"),
        ("csv", "text/csv", "csv"),
    ],
)
def test_a_snapshot_downloads_as_a_file(
    client: TestClient, tmp_path: Path, fmt: str, media: str, suffix: str
) -> None:
    import geopandas as gpd

    response = client.get(
        "/api/snapshot",
        params={"date": "2031-01-01", "view": "japan", "scenario": "area-split", "format": fmt},
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(media)
    name = f"japan-russia-area-split-2031-01-01-japan.{suffix}"
    assert response.headers["content-disposition"] == f'attachment; filename="{name}"'
    assert response.headers["etag"]
    path = tmp_path / name
    path.write_bytes(response.content)
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(response.text)))
        frame = {r["place"]: r for r in rows}
        assert frame["etorofu-southwest"]["title"] == "japan"
        assert frame["etorofu-northeast"]["geometry"].startswith(("POLYGON", "MULTIPOLYGON"))
        return
    if fmt == "geojson":
        TypeAdapter(SnapshotFileJSON).validate_python(response.json())
    read = gpd.read_parquet(path) if fmt == "geoparquet" else gpd.read_file(path)
    titles = dict(zip(read["place"], read["title"], strict=True))
    assert titles["etorofu-southwest"] == "japan"
    assert titles["etorofu-northeast"] == "russia"
    assert "etorofu" not in titles
    assert read.geometry.notna().all()


def test_a_download_of_an_interval_has_a_safe_file_name(client: TestClient) -> None:
    response = client.get("/api/snapshot?date=1945-08-28/1945-09-05&format=csv")
    disposition = response.headers["content-disposition"]
    assert disposition == (
        'attachment; filename="japan-russia-recorded-1945-08-28_1945-09-05-de-facto.csv"'
    )


def test_without_a_format_the_snapshot_is_unchanged(client: TestClient) -> None:
    response = client.get("/api/snapshot?date=1950-01-01&view=japan")
    assert "content-disposition" not in response.headers
    TypeAdapter(SnapshotJSON).validate_python(response.json())
    refused(client.get("/api/snapshot?date=1950&format=shapefile"), 422, "format")
    refused(client.get("/api/snapshot?date=1950-13&format=csv"), 400, "date")


# -- the OpenAPI document -------------------------------------------------------------------------


# What the map draws with and names places by is the recorded ledger's, whatever a scenario
# says happens to it: the shapes (tiles), the names (labels) and each view's language.
SCENARIO_FREE = {
    "/api/tiles/{z}/{x}/{y}.geojson",
    "/api/tiles/{z}/{x}/{y}.mvt",
    "/api/view-languages",
    "/api/labels",
}


def test_every_endpoint_documents_the_scenario_parameter(
    client: TestClient, bundled: terrachron.Ledger
) -> None:
    spec = client.get("/api/openapi.json").json()
    names = list(bundled.scenarios)
    for path, item in spec["paths"].items():
        params = {p["name"]: p for p in item["get"].get("parameters", [])}
        if path.startswith("/api/scenarios") or path in SCENARIO_FREE:
            continue
        scenario = params["scenario"]
        assert scenario["required"] is False
        assert scenario["schema"]["type"] == "string"
        assert scenario["schema"]["enum"] == names
        assert scenario["examples"]
        assert "409" in item["get"]["responses"], path
    compare_params = {
        p["name"]: p for p in spec["paths"]["/api/scenarios/compare"]["get"]["parameters"]
    }
    assert compare_params["names"]["required"] is True
    assert compare_params["names"]["schema"]["items"]["enum"] == names
    assert compare_params["view"]["schema"]["items"]["enum"] == ["de-facto", "japan", "russia"]
    snapshot = spec["paths"]["/api/snapshot"]["get"]
    content = snapshot["responses"]["200"]["content"]
    assert set(content) == {
        "application/geo+json",
        "application/vnd.apache.parquet",
        "application/geopackage+sqlite3",
        "text/csv",
    }


@pytest.mark.parametrize(
    "model",
    [
        ScenarioInfoJSON,
        ScenarioJSON,
        SplitJSON,
        ViewMetricsJSON,
        ColumnJSON,
        ComparisonJSON,
        ScenarioMapJSON,
        SnapshotFileJSON,
    ],
)
def test_the_documented_examples_are_valid(model: Any) -> None:
    examples = model.__pydantic_config__["json_schema_extra"]["examples"]
    assert examples
    for example in examples:
        TypeAdapter(model).validate_python(json.loads(json.dumps(example)))
