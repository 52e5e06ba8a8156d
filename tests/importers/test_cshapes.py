"""The CShapes 2.0 importer against fixtures written in the data set's documented schema."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import terrachron
from terrachron.errors import TerrachronError
from terrachron.importers.common import ImportInputError
from terrachron.importers.cshapes import import_cshapes, read_cshapes

from ..conftest import DATA

FIXTURES = DATA / "importers"
GW = FIXTURES / "cshapes-gw.geojson"
COW = FIXTURES / "cshapes-cow.geojson"
BAD = FIXTURES / "bad"


@pytest.fixture(scope="module")
def gw_ledger(tmp_path_factory: pytest.TempPathFactory) -> terrachron.Ledger:
    out = tmp_path_factory.mktemp("cshapes") / "gw"
    import_cshapes([GW], out)
    return terrachron.open_ledger(out)


def test_reads_every_feature_with_its_days() -> None:
    versions = read_cshapes(GW)
    assert len(versions) == 9
    saar = versions[4]
    assert (saar.name, saar.code, saar.owner, saar.holder_code) == ("Saar", -1, 220, 220)
    assert (saar.start, saar.end) == (dt.date(1947, 1, 1), dt.date(1956, 12, 31))
    assert {v.system for v in versions} == {"gw"}
    assert {v.system for v in read_cshapes(COW)} == {"cow"}


def test_polities_carry_their_codes_and_names(gw_ledger: terrachron.Ledger) -> None:
    codes = {p.id: dict(p.codes) for p in gw_ledger.polities.values()}
    assert codes == {
        "france": {"gw": 220},
        "germany": {"gw": 255},
        "germany-gw260": {"gw": 260},
        "german-democratic-republic": {"gw": 265},
    }
    fed = gw_ledger.polities["germany-gw260"]
    assert fed.names["en"] == "Germany"
    assert fed.aliases["en"] == ["German Federal Republic"]
    # GW 255 has no outline after 1945-05-08: its life ends the day its withdraw is dated.
    assert gw_ledger.polities["germany"].lifespan.text == "1886-01-01/1945-05-09"
    assert gw_ledger.polities["france"].lifespan.text == "1886-01-01/.."


def test_places_are_the_faces_with_one_history_each(gw_ledger: terrachron.Ledger) -> None:
    assert sorted(gw_ledger.places) == [
        "france",
        "france-germany",
        "germany",
        "germany-german-democratic-republic",
        "germany-german-federal-republic-saar",
    ]
    # Faces never overlap and together cover every outline.
    geoms = list(gw_ledger.geometries.values())
    for i, a in enumerate(geoms):
        for b in geoms[i + 1 :]:
            assert a.intersection(b).area < 1e-9
    outlines = shapely.union_all([v.geometry for v in read_cshapes(GW)])
    assert shapely.union_all(geoms).symmetric_difference(outlines).area < 1e-9


@pytest.mark.parametrize(
    ("place", "day", "controller"),
    [
        ("france-germany", "1920-01-09", ("germany",)),
        ("france-germany", "1920-01-10", ("france",)),
        ("germany-german-democratic-republic", "1945-05-08", ("germany",)),
        ("germany-german-democratic-republic", "1945-05-09", ()),
        ("germany-german-democratic-republic", "1949-10-07", ("german-democratic-republic",)),
        ("germany-german-democratic-republic", "1990-10-03", ("germany-gw260",)),
        ("germany-german-federal-republic-saar", "1947-01-01", ("france",)),
        ("germany-german-federal-republic-saar", "1957-01-01", ("germany-gw260",)),
        ("germany", "1949-09-20", ()),
        ("germany", "1949-09-21", ("germany-gw260",)),
    ],
)
def test_control_changes_on_the_recorded_day(
    gw_ledger: terrachron.Ledger, place: str, day: str, controller: tuple[str, ...]
) -> None:
    status = gw_ledger.status(place, day)
    assert status.controller == controller
    assert not status.uncertain


def test_every_effect_cites_its_feature(gw_ledger: terrachron.Ledger) -> None:
    status = gw_ledger.status("germany-german-federal-republic-saar", "1950-01-01")
    last = status.chain[-1]
    assert last.instrument == "cshapes-gw-dep-5-1947-01-01"
    inst = gw_ledger.instruments[last.instrument]
    assert inst.sources[0].source == "cshapes-2-0"
    assert inst.sources[0].locator == "cshapes-gw.geojson, feature 5"
    assert "dependency held by france" in inst.summary


def test_overlapping_outlines_are_claims(tmp_path: Path) -> None:
    out = tmp_path / "overlap"
    import_cshapes([FIXTURES / "cshapes-overlap.geojson"], out)
    ledger = terrachron.open_ledger(out)
    # The square (1..2, 0..2) lies in Arvenia's outline and in Belmark's of 2000–2009.
    strip = next(pid for pid, g in ledger.geometries.items() if g.bounds[::2] == (1, 2))
    during = ledger.status(strip, "2005-01-01")
    assert during.controller == ("arvenia",)
    assert set(during.claimants) == {"arvenia", "belmark"}
    assert during.answer.disputed
    after = ledger.status(strip, "2010-01-01")
    assert set(after.claimants) == {"arvenia"}


def test_outlines_overlapping_from_one_day_claim_and_nobody_controls(tmp_path: Path) -> None:
    out = tmp_path / "overlap"
    import_cshapes([FIXTURES / "cshapes-overlap.geojson"], out)
    ledger = terrachron.open_ledger(out)
    # (5..6, 0..2) lies in Corvia's and Dunmark's outlines, both from 1990-01-01.
    shared = next(pid for pid, g in ledger.geometries.items() if g.bounds[::2] == (5, 6))
    status = ledger.status(shared, "2000-01-01")
    assert status.controller == ()
    assert set(status.claimants) == {"corvia", "dunmark"}
    assert status.answer.disputed
    alone = next(pid for pid, g in ledger.geometries.items() if g.bounds[::2] == (4, 5))
    assert ledger.status(alone, "2000-01-01").controller == ("corvia",)


def test_the_report_counts_faces_and_time(tmp_path: Path) -> None:
    out = tmp_path / "gw"
    report = import_cshapes([GW], out)
    assert (report.polities, report.places) == (4, 5)
    assert report.effects == sum(
        len(e.places or ())
        for i in terrachron.open_ledger(out).instruments.values()
        for e in i.effects
    )
    assert report.seconds > 0
    text = (out / "import-report.md").read_text(encoding="utf-8")
    assert "9 polygon versions (GW version) refined into 5 faces" in text


@pytest.mark.parametrize(
    ("name", "needle"),
    [
        ("cshapes-missing-field.geojson", "feature 2 (Belmark): missing field `gweday`"),
        (
            "cshapes-invalid-polygon.geojson",
            "feature 1 (Arvenia): invalid polygon: Self-intersection",
        ),
        ("cshapes-unknown-owner.geojson", "feature 2 (Belmark Isles): unknown code"),
        (
            "cshapes-bad-day.geojson",
            "feature 1 (Arvenia): gwsyear/month/day = 1990-2-30 is not a day",
        ),
        ("not-geojson.geojson", "not GeoJSON"),
    ],
)
def test_bad_input_names_file_and_feature_and_writes_nothing(
    tmp_path: Path, name: str, needle: str
) -> None:
    out = tmp_path / "out"
    with pytest.raises(ImportInputError) as err:
        import_cshapes([BAD / name], out)
    assert name in str(err.value)
    assert needle in str(err.value)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []  # no temporary folder left behind either


def test_an_existing_ledger_is_kept_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "gw"
    import_cshapes([GW], out)
    before = (out / "places" / "cshapes.yaml").read_bytes()
    with pytest.raises(TerrachronError, match="already exists"):
        import_cshapes([COW], out)
    with pytest.raises(ImportInputError):
        import_cshapes([BAD / "cshapes-invalid-polygon.geojson"], out, replace=True)
    assert (out / "places" / "cshapes.yaml").read_bytes() == before
    import_cshapes([COW], out, replace=True)
    assert (out / "places" / "cshapes.yaml").read_bytes() != before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gw"]


_HOLDERS = st.sampled_from([(301, "Aland"), (302, "Bergia"), (303, "Carovia")])
_PERIODS = st.lists(
    st.tuples(_HOLDERS, st.integers(0, 400), st.integers(1, 3000)), min_size=1, max_size=5
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(periods=_PERIODS)
def test_control_on_any_day_is_the_outline_valid_that_day(
    tmp_path_factory: pytest.TempPathFactory, periods: list[tuple[tuple[int, str], int, int]]
) -> None:
    """One square held in turn by outlines separated by random gaps (0 = contiguous)."""
    day = dt.date(1900, 1, 1)
    features, spans = [], []
    for (code, name), gap, length in periods:
        start = day + dt.timedelta(days=gap)
        end = start + dt.timedelta(days=length - 1)
        spans.append((start, end, name.lower()))
        features.append(_square(code, name, start, end))
        day = end + dt.timedelta(days=1)
    # A neighbour valid throughout fixes the data's horizon after the last outline.
    features.append(_square(399, "Zeland", dt.date(1900, 1, 1), day + dt.timedelta(days=10), x=5))
    folder = tmp_path_factory.mktemp("prop")
    src = folder / "in.geojson"
    src.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    import_cshapes([src], folder / "ledger")
    ledger = terrachron.open_ledger(folder / "ledger")
    square = next(p for p, g in ledger.geometries.items() if g.bounds[0] < 1)
    for start, end, holder in spans:
        for probe in (start, end):
            assert ledger.status(square, probe.isoformat()).controller == (holder,)
        if end == spans[-1][1]:
            continue
        after = end + dt.timedelta(days=1)
        nxt = [s for s in spans if s[0] <= after <= s[1]]
        expected = (nxt[0][2],) if nxt else ()
        assert ledger.status(square, after.isoformat()).controller == expected
    last_day = spans[-1][1] + dt.timedelta(days=1)
    assert ledger.status(square, last_day.isoformat()).controller == ()


def _square(code: int, name: str, start: dt.date, end: dt.date, x: float = 0) -> dict:  # type: ignore[type-arg]
    return {
        "type": "Feature",
        "properties": {
            "cntry_name": name,
            "gwcode": code,
            **{f"gws{k}": getattr(start, k) for k in ("year", "month", "day")},
            **{f"gwe{k}": getattr(end, k) for k in ("year", "month", "day")},
        },
        "geometry": {
            "type": "Polygon",
            "coordinates": [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]],
        },
    }


def test_a_geopackage_reads_as_its_geojson(tmp_path: Path) -> None:
    import geopandas as gpd

    gpkg = tmp_path / "cshapes-gw.gpkg"
    # A GeoPackage keeps `fid` as its own feature id, not as a field.
    frame = gpd.read_file(GW).drop(columns="fid")
    frame.to_file(gpkg, driver="GPKG", engine="pyogrio")
    from_gpkg = read_cshapes(gpkg)
    from_json = read_cshapes(GW)
    assert [(v.code, v.name, v.start, v.end, v.owner) for v in from_gpkg] == [
        (v.code, v.name, v.start, v.end, v.owner) for v in from_json
    ]
    assert all(a.geometry.equals(b.geometry) for a, b in zip(from_gpkg, from_json, strict=True))
