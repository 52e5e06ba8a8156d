"""The HTTP API: every endpoint, its refusals, its caching, and its agreement with the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import TypeAdapter
from typer.testing import CliRunner

import terrachron
from terrachron.api import create_app
from terrachron.api.shapes import (
    DisputeJSON,
    ErrorJSON,
    HealthJSON,
    InstrumentDetailJSON,
    PlaceDetailJSON,
    PlacesJSON,
)
from terrachron.model import Instrument, Polity, Source, View
from terrachron.results import ExplainJSON, SnapshotJSON, StatusJSON, TimelineJSON, timeline_dict

KUNASHIRI_1950_JAPAN = "/api/places/kunashiri/status?date=1950-01-01&view=japan"

# Every endpoint with a typical request, and the model its answer must validate against.
ENDPOINTS: list[tuple[str, Any]] = [
    ("/api/health", HealthJSON),
    ("/api/places", PlacesJSON),
    ("/api/places?q=kuna", PlacesJSON),
    ("/api/places/kunashiri", PlaceDetailJSON),
    (KUNASHIRI_1950_JAPAN, StatusJSON),
    ("/api/places/etorofu/status?date=1945-09-01", StatusJSON),
    ("/api/places/kunashiri/explain?date=1956&view=russia", ExplainJSON),
    ("/api/places/shikotan/timeline?view=japan", TimelineJSON),
    ("/api/snapshot?date=1950-01-01&view=japan", SnapshotJSON),
    ("/api/snapshot?date=1875&geometry=false", SnapshotJSON),
    ("/api/disputes?date=2000-01-01", list[DisputeJSON]),
    ("/api/disputes?date=1960&view=japan", list[DisputeJSON]),
    ("/api/instruments", list[Instrument]),
    ("/api/instruments/japan-soviet-joint-declaration-1956", InstrumentDetailJSON),
    ("/api/views", list[View]),
    ("/api/polities", list[Polity]),
    ("/api/sources", list[Source]),
]


def jsonable(value: Any) -> Any:
    """``value`` as it reads back from JSON (tuples become lists)."""
    return json.loads(json.dumps(value))


def refused(response: Any, status: int, parameter: str | None) -> str:
    """Check a refusal's status and shape; return its message."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = TypeAdapter(ErrorJSON).validate_python(response.json())
    assert body["parameter"] == parameter
    assert "Traceback" not in body["detail"]
    assert "etag" not in response.headers
    return body["detail"]


# -- every endpoint answers with what its model says ----------------------------------------------


@pytest.mark.parametrize(("url", "model"), ENDPOINTS)
def test_every_endpoint_answers_as_documented(client: TestClient, url: str, model: Any) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text
    # The models forbid extra keys, so this fails when an answer grows a key the docs lack.
    TypeAdapter(model).validate_python(response.json())


def test_health_names_the_ledger_and_its_hash(
    client: TestClient, bundled: terrachron.Ledger
) -> None:
    body = client.get("/api/health").json()
    assert body["status"] == "ok"
    assert body["ledger"] == bundled.id == "japan-russia"
    assert body["content_hash"] == bundled.content_hash
    assert body["views"] == ["de-facto", "japan", "russia"]
    assert body["places"] == len(bundled.places)


# -- places ---------------------------------------------------------------------------------------


def test_places_lists_every_place_and_group(client: TestClient, bundled: terrachron.Ledger) -> None:
    body = client.get("/api/places").json()
    assert [p["id"] for p in body["places"]] == list(bundled.places)
    assert {g["id"] for g in body["groups"]} == set(bundled.groups)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Итуруп", {"etorofu"}),  # a Russian name
        ("国後島", {"kunashiri"}),  # a Japanese name
        ("kunashir", {"kunashiri"}),  # an alias
        ("KUNA", {"kunashiri"}),  # part of a name, any case
        ("habomai", {"habomai"}),
    ],
)
def test_places_are_searched_by_any_name(client: TestClient, q: str, expected: set[str]) -> None:
    body = client.get("/api/places", params={"q": q}).json()
    assert {p["id"] for p in body["places"]} == expected


def test_places_search_finds_groups_and_can_find_nothing(client: TestClient) -> None:
    body = client.get("/api/places", params={"q": "Northern Territories"}).json()
    assert [g["id"] for g in body["groups"]] == ["northern-territories"]
    assert client.get("/api/places", params={"q": "Atlantis"}).json() == {
        "places": [],
        "groups": [],
    }


def test_place_detail_by_any_name_with_groups_per_view(client: TestClient) -> None:
    body = client.get("/api/places/Кунашир").json()
    assert body["place"]["id"] == "kunashiri"
    # Japan reads the Kurils it renounced as Uruppu to Shumshu: Kunashiri is not among them.
    assert "kuril-islands" not in body["groups"]["japan"]
    assert "kuril-islands" in body["groups"]["russia"]
    assert body["geometry"]["type"] in ("Polygon", "MultiPolygon")
    west, south, east, north = body["bbox"]
    lon, lat = body["label_point"]
    assert west <= lon <= east
    assert south <= lat <= north


def test_unknown_place_is_a_404_with_suggestions(client: TestClient) -> None:
    detail = refused(client.get("/api/places/kunashir1"), 404, "place")
    assert "kunashiri" in detail.lower()
    # An API client is pointed at the endpoint that lists the ids, not at a command.
    assert "GET /api/places" in detail
    assert "terrachron" not in detail


def test_a_group_where_a_place_is_asked_is_a_400(client: TestClient) -> None:
    detail = refused(client.get("/api/places/kuril-islands/status?date=1950"), 400, "place")
    assert "group" in detail


# -- status, explain, timeline --------------------------------------------------------------------


def test_status_is_the_ledgers_status(client: TestClient, bundled: terrachron.Ledger) -> None:
    body = client.get(KUNASHIRI_1950_JAPAN).json()
    assert body == jsonable(bundled.status("kunashiri", "1950-01-01", "japan").to_dict())
    assert body["controller"] == "soviet-union"
    assert body["title"] == "japan"
    assert body["disputed"] is True
    assert body["occupied"] is True


def test_status_view_changes_the_title(client: TestClient) -> None:
    body = client.get("/api/places/kunashiri/status?date=1950-01-01&view=russia").json()
    assert body["title"] == "soviet-union"


def test_status_default_view_is_de_facto_with_no_title(client: TestClient) -> None:
    body = client.get("/api/places/kunashiri/status?date=1950-01-01").json()
    assert body["view"] == "de-facto"
    assert body["title"] is None


def test_status_of_a_reduced_precision_date_can_be_uncertain(client: TestClient) -> None:
    # The Habomai islets were occupied some time between 3 and 5 September 1945.
    body = client.get("/api/places/habomai/status?date=1945-09").json()
    assert body["uncertain"] is True
    assert len(body["alternatives"]) >= 2


def test_explain_shows_every_other_view(client: TestClient, bundled: terrachron.Ledger) -> None:
    body = client.get("/api/places/kunashiri/explain?date=1950-01-01&view=japan").json()
    assert body == jsonable(bundled.explain("kunashiri", "1950-01-01", "japan").to_dict())
    assert set(body["other_views"]) == {"de-facto", "russia"}
    assert body["other_views"]["russia"]["title"] == "soviet-union"
    assert body["chain"][0]["citations"]


def test_timeline_is_the_ledgers_timeline(client: TestClient, bundled: terrachron.Ledger) -> None:
    body = client.get("/api/places/shikotan/timeline?view=japan").json()
    assert body == jsonable(timeline_dict(bundled.timeline("shikotan", "japan")))
    assert body["periods"][0]["start"] is None
    assert body["periods"][-1]["end"] is None


@pytest.mark.parametrize(
    "url",
    [
        "/api/places/kunashiri/status?date={date}",
        "/api/places/kunashiri/explain?date={date}",
        "/api/snapshot?date={date}",
        "/api/disputes?date={date}",
    ],
)
@pytest.mark.parametrize(
    "date",
    ["1950-13", "1950-02-30", "tomorrow", "2000-01-01/1900-01-01", "9999-99-99", "..", "\x00"],
)
def test_a_malformed_date_is_a_400_naming_the_date(client: TestClient, url: str, date: str) -> None:
    refused(client.get(url.format(date=""), params={"date": date}), 400, "date")


@pytest.mark.parametrize(
    "url",
    [
        "/api/places/kunashiri/status?date=1950&view=china",
        "/api/places/kunashiri/explain?date=1950&view=china",
        "/api/places/kunashiri/timeline?view=china",
        "/api/snapshot?date=1950&view=china",
    ],
)
def test_an_unknown_view_is_a_400_listing_the_views(client: TestClient, url: str) -> None:
    detail = refused(client.get(url), 400, "view")
    assert "de-facto, japan, russia" in detail


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/places/kunashiri/status", "date"),  # missing
        ("/api/snapshot", "date"),
        ("/api/disputes", "date"),
        ("/api/places/kunashiri/status?date=" + "1" * 65, "date"),  # absurdly long
        ("/api/places/kunashiri/status?date=1950&view=" + "x" * 81, "view"),
        ("/api/places/" + "k" * 201, "place"),
        ("/api/places?q=" + "q" * 201, "q"),
        ("/api/snapshot?date=1950&geometry=perhaps", "geometry"),
        ("/api/instruments/" + "i" * 201, "instrument"),
    ],
)
def test_parameters_breaking_their_limits_are_a_422(
    client: TestClient, url: str, parameter: str
) -> None:
    detail = refused(client.get(url), 422, parameter)
    assert parameter in detail


def test_absurd_but_valid_dates_are_answered(client: TestClient) -> None:
    for date in ("../..", "-1000/1800", "9999-12-31", "XXXX"):
        response = client.get("/api/places/kunashiri/status", params={"date": date})
        assert response.status_code == 200, (date, response.text)
    early = client.get("/api/places/kunashiri/status?date=1700-01-01").json()
    assert early["status"] == "unrecorded"


# -- snapshot and disputes ------------------------------------------------------------------------


def test_snapshot_is_geojson_with_a_status_per_place(
    client: TestClient, bundled: terrachron.Ledger
) -> None:
    response = client.get("/api/snapshot?date=1950-01-01&view=japan")
    assert response.headers["content-type"].startswith("application/geo+json")
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert body["date"] == "1950-01-01"
    assert [f["id"] for f in body["features"]] == sorted(bundled.places)
    statuses = {s.place: jsonable(s.to_dict()) for s in bundled.statuses("1950-01-01", "japan")}
    for feature in body["features"]:
        props = dict(feature["properties"])
        assert props.pop("name") == bundled.place_name(feature["id"])
        assert props.pop("label_point") is not None
        assert props == statuses[feature["id"]]
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
    kunashiri = next(f for f in body["features"] if f["id"] == "kunashiri")["properties"]
    assert (kunashiri["controller"], kunashiri["title"]) == ("soviet-union", "japan")


def test_snapshot_without_geometry_sends_null_geometries(client: TestClient) -> None:
    body = client.get("/api/snapshot?date=2000&geometry=false").json()
    assert all(f["geometry"] is None for f in body["features"])
    assert len(client.get("/api/snapshot?date=2000&geometry=false").content) < len(
        client.get("/api/snapshot?date=2000").content
    )


def test_disputes_are_the_ledgers_disputes(client: TestClient, bundled: terrachron.Ledger) -> None:
    body = client.get("/api/disputes?date=2000-01-01").json()
    # Each status as the ledger gives it, plus what a list needs to link to the map.
    statuses = [
        {k: v for k, v in d.items() if k not in ("name", "bbox", "label_point")} for d in body
    ]
    assert statuses == jsonable([s.to_dict() for s in bundled.disputes("2000-01-01")])
    assert [d["name"] for d in body] == [bundled.place_name(d["place"]) for d in body]
    for d in body:
        west, south, east, north = d["bbox"]
        lon, lat = d["label_point"]
        assert west <= lon <= east
        assert south <= lat <= north
    assert {s["place"] for s in body} == {"etorofu", "kunashiri", "shikotan", "habomai"}
    assert client.get("/api/disputes?date=1900").json() == []


# -- instruments, views, polities, sources --------------------------------------------------------


def test_instruments_are_in_date_order(client: TestClient, bundled: terrachron.Ledger) -> None:
    body = client.get("/api/instruments").json()
    assert [i["id"] for i in body] == list(bundled.instruments)
    assert body[0]["id"] == "positions-before-1855"


def test_instrument_detail_resolves_effects_parties_and_sources(client: TestClient) -> None:
    body = client.get("/api/instruments/san-francisco-peace-treaty-1951").json()
    assert body["instrument"]["signed"] == "1951-09-08"
    assert body["effective"] == "1952-04-28"
    assert body["effective_range"] == ["1952-04-28", "1952-04-28"]
    assert {p["id"] for p in body["parties"]} >= {"japan"}
    renounce = next(e for e in body["effects"] if e["op"] == "renounce")
    assert renounce["id"].startswith("san-francisco-peace-treaty-1951#")
    # Japan reads the renounced Kurils without the four southern islands; Russia with them.
    assert "kunashiri" not in renounce["members"]["japan"]
    assert "kunashiri" in renounce["members"]["russia"]
    assert {s["id"] for s in body["sources"]} >= {"text-san-francisco-peace-treaty-1951"}


def test_instrument_detail_names_the_views_that_reject_it(client: TestClient) -> None:
    body = client.get("/api/instruments/yalta-agreement-1945").json()
    assert all(e["rejected_by"] == ["japan"] for e in body["effects"])


def test_an_unknown_instrument_is_a_404(client: TestClient) -> None:
    detail = refused(client.get("/api/instruments/treaty-of-nowhere"), 404, "instrument")
    assert "/api/instruments" in detail


def test_views_polities_and_sources(client: TestClient, bundled: terrachron.Ledger) -> None:
    assert [v["id"] for v in client.get("/api/views").json()] == ["de-facto", "japan", "russia"]
    assert {p["id"] for p in client.get("/api/polities").json()} == set(bundled.polities)
    assert {s["id"] for s in client.get("/api/sources").json()} == set(bundled.sources)


def test_unknown_paths_and_methods_answer_json(client: TestClient) -> None:
    refused(client.get("/api/nothing-here"), 404, None)
    refused(client.get("/api/places/kunashiri/nothing"), 404, None)
    refused(client.post("/api/health"), 405, None)


# -- the same objects as the CLI's --json ---------------------------------------------------------


def _cli_json(*args: str) -> Any:
    from terrachron.cli.app import app as cli_app

    result = CliRunner().invoke(cli_app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("cli", "url"),
    [
        (("status", "kunashiri", "1950-01-01", "--view", "japan"), KUNASHIRI_1950_JAPAN),
        (
            ("explain", "Итуруп", "1945-09-01", "--view", "russia"),
            "/api/places/Итуруп/explain?date=1945-09-01&view=russia",
        ),
        (("timeline", "habomai", "--view", "japan"), "/api/places/habomai/timeline?view=japan"),
        (("disputes", "2019-01-22"), "/api/disputes?date=2019-01-22"),
        (("disputes", "1960", "--view", "japan"), "/api/disputes?date=1960&view=japan"),
        (("instruments",), "/api/instruments"),
        (("views",), "/api/views"),
        (("places",), "/api/places"),
    ],
)
def test_the_api_answers_with_the_clis_objects(
    client: TestClient, cli: tuple[str, ...], url: str
) -> None:
    got = client.get(url).json()
    if url.startswith("/api/disputes"):
        # The API adds what a list needs to link to the map; the rest is the CLI's object.
        got = [
            {k: v for k, v in d.items() if k not in ("name", "bbox", "label_point")} for d in got
        ]
    assert got == _cli_json(*cli)


# -- another ledger -------------------------------------------------------------------------------


def test_an_app_serves_any_ledger(mini_client: TestClient) -> None:
    health = mini_client.get("/api/health").json()
    assert health["views"][0] == "de-facto"
    assert set(health["views"]) == {"de-facto", "alda", "borgia"}
    body = mini_client.get("/api/places/Nordo/status?date=1925&view=borgia").json()
    assert body["place"] == "north"
    spec = mini_client.get("/api/openapi.json").json()
    params = spec["paths"]["/api/places/{place}/status"]["get"]["parameters"]
    view = next(p for p in params if p["name"] == "view")
    assert set(view["schema"]["enum"]) == {"de-facto", "alda", "borgia"}


# -- caching --------------------------------------------------------------------------------------


def test_answers_carry_an_etag_from_the_ledger_hash(
    client: TestClient, bundled: terrachron.Ledger
) -> None:
    first = client.get(KUNASHIRI_1950_JAPAN)
    etag = first.headers["etag"]
    assert etag.startswith('W/"')
    assert first.headers["cache-control"] == "public, max-age=300"
    # Deterministic: another app over the same ledger gives the same tag.
    with TestClient(create_app(bundled)) as other:
        assert other.get(KUNASHIRI_1950_JAPAN).headers["etag"] == etag
    assert client.get("/api/places/kunashiri/status?date=1950-01-02&view=japan").headers[
        "etag"
    ] != (etag)


@pytest.mark.parametrize("form", ["{tag}", "{strong}", '"nope", {tag}', "*"])
def test_if_none_match_answers_304(client: TestClient, form: str) -> None:
    etag = client.get("/api/snapshot?date=1950").headers["etag"]
    header = form.format(tag=etag, strong=etag.removeprefix("W/"))  # weak comparison
    response = client.get("/api/snapshot?date=1950", headers={"If-None-Match": header})
    assert response.status_code == 304
    assert response.content == b""
    assert response.headers["etag"] == etag


def test_a_stale_etag_gets_the_answer(client: TestClient) -> None:
    response = client.get(KUNASHIRI_1950_JAPAN, headers={"If-None-Match": '"stale"'})
    assert response.status_code == 200


def test_an_edited_ledger_changes_every_etag(tmp_path: Path, client: TestClient) -> None:
    import shutil

    from ..conftest import MINI

    copy = tmp_path / "mini"
    shutil.copytree(MINI, copy)
    before = TestClient(create_app(terrachron.open_ledger(copy))).get("/api/health")
    place = copy / "places" / "north.yaml"
    place.write_text(place.read_text(encoding="utf-8") + "summary: edited\n", encoding="utf-8")
    after = TestClient(create_app(terrachron.open_ledger(copy))).get("/api/health")
    assert before.headers["etag"] != after.headers["etag"]


# -- the OpenAPI document -------------------------------------------------------------------------


def test_the_openapi_document_types_and_illustrates_everything(client: TestClient) -> None:
    spec = client.get("/api/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    schemas = spec["components"]["schemas"]
    assert len(spec["paths"]) == 24
    operations = [(path, op) for path, item in spec["paths"].items() for op in item.values()]
    assert len(operations) == 25  # GET everywhere, and POST /api/locate
    for path, operation in operations:
        assert operation.get("summary"), path
        assert operation.get("description"), path
        for param in operation.get("parameters", []):
            assert param["schema"].get("type") or param["schema"].get("anyOf"), (path, param)
            assert param.get("description"), (path, param["name"])
        ok = operation["responses"]["200"]["content"]
        if "application/vnd.mapbox-vector-tile" in ok:
            # A binary vector tile: no JSON schema to illustrate, but typed as bytes.
            assert ok["application/vnd.mapbox-vector-tile"]["schema"]["format"] == "binary", path
            continue
        # The JSON answer; the snapshot also documents its file downloads beside it.
        media = ok.get("application/json") or ok["application/geo+json"]
        assert media["schema"], path
        # An example of the answer: on the media type, or on every schema it refers to.
        schema = media["schema"]
        refs = [s["$ref"] for s in schema.get("anyOf", []) if "$ref" in s] or [
            schema.get("$ref") or schema.get("items", {}).get("$ref", "")
        ]
        for ref in refs:
            named = schemas.get(ref.rsplit("/", 1)[-1], {}) if ref else {}
            assert media.get("example") or named.get("examples"), (path, ref)
        for code, response in operation["responses"].items():
            if code in ("400", "404", "409", "422"):
                assert response["content"]["application/json"]["schema"] == {
                    "$ref": "#/components/schemas/ErrorJSON"
                }, (path, code)
    for name in ("StatusJSON", "ExplainJSON", "TimelineJSON", "SnapshotJSON", "ErrorJSON"):
        assert schemas[name].get("examples"), name
    for param in spec["paths"]["/api/places/{place}/status"]["get"]["parameters"]:
        assert param.get("examples"), param["name"]


# -- the page -------------------------------------------------------------------------------------


def test_the_page_says_how_to_build_it_when_it_is_missing(
    bundled: terrachron.Ledger, tmp_path: Path
) -> None:
    with TestClient(create_app(bundled, static_dir=tmp_path)) as c:
        response = c.get("/")
        assert response.status_code == 503
        assert "make run" in response.text
        assert "npm run build" in response.text
        assert c.get("/api/health").status_code == 200


def test_the_page_and_its_assets_are_served(bundled: terrachron.Ledger, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<!doctype html><title>t</title>", encoding="utf-8")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "main-abc123.js").write_text("export {};", encoding="utf-8")
    (tmp_path / "land.geojson").write_text('{"type":"FeatureCollection","features":[]}')
    with TestClient(create_app(bundled, static_dir=tmp_path)) as c:
        page = c.get("/")
        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        assert page.headers["cache-control"] == "no-cache"
        asset = c.get("/assets/main-abc123.js")
        assert asset.status_code == 200
        assert "immutable" in asset.headers["cache-control"]
        assert c.get("/land.geojson").status_code == 200
        assert c.get("/api/health").status_code == 200
        refused(c.get("/api/nothing"), 404, None)
        refused(c.get("/missing.js"), 404, None)
    # The build's stamp file is not served.
    (tmp_path / ".built").write_text("")
    with TestClient(create_app(bundled, static_dir=tmp_path)) as c:
        refused(c.get("/.built"), 404, None)


def test_effect_ids_and_group_readings_agree_with_the_engine(
    client: TestClient, bundled: terrachron.Ledger
) -> None:
    # The API states these two rules itself (interfaces do not reach into the engine); this
    # keeps them from drifting apart from the engine's.
    from terrachron.engine.compiled import effect_uid

    for inst in bundled.instruments.values():
        body = client.get(f"/api/instruments/{inst.id}").json()
        expected = [effect_uid(inst, i, e) for i, e in enumerate(inst.effects)]
        assert [e["id"] for e in body["effects"]] == expected
    for vid, reading in bundled.readings.items():
        for gid, group in bundled.groups.items():
            members = set(reading.groups.get(gid, frozenset(group.members)))
            for pid in bundled.places:
                groups = client.get(f"/api/places/{pid}").json()["groups"][vid]
                assert (gid in groups) == (pid in members), (vid, gid, pid)


def test_large_answers_are_gzipped_for_clients_that_ask(client: TestClient) -> None:
    url = "/api/snapshot?date=1950&view=japan&geometry=true"
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    packed = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert plain.headers.get("content-encoding") is None
    assert packed.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in packed.headers["vary"].lower()
    # httpx decodes the body: the same answer and the same (weak) tag, in far fewer bytes.
    assert packed.json() == plain.json()
    assert packed.headers["etag"] == plain.headers["etag"]
    assert int(packed.headers["content-length"]) < len(plain.content) / 2
    # Small answers are not worth compressing.
    small = client.get("/api/health", headers={"Accept-Encoding": "gzip"})
    assert small.status_code == 200
    assert small.headers.get("content-encoding") is None
