"""From snapshots to places and honestly dated effects; bad input stops before anything is
written."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

from terrachron.importers.errors import ImportDataError
from terrachron.importers.historical_basemaps import build_world, place_histories
from terrachron.importers.ledgers import import_historical_basemaps
from terrachron.importers.natural_earth import read_disputed_areas
from terrachron.importers.polities import PolityNames
from terrachron.importers.snapshots import read_snapshots

from .conftest import feature, square, write


def test_a_moved_border_is_a_transfer_dated_between_the_snapshots(snapshots: Path) -> None:
    snaps, skipped = read_snapshots([snapshots])
    assert [s.year for s in snaps] == [1900, 1920]
    assert skipped == []
    result = build_world(snaps, sliver_width=0.0)
    histories = place_histories(result)
    strip = [
        rows
        for rows in histories.values()
        if [r.op for r in rows] == ["establish", "transfer"] and rows[0].to == "france"
    ]
    assert len(strip) == 1
    moved = strip[0][1]
    assert (moved.from_, moved.to, moved.date) == ("france", "germany", "1900-07-02/1920-07-01")
    assert moved.instrument == "historical-basemaps-1900-1920"
    assert "border precision 2 (moderate)" in (moved.note or "")
    # The German Empire of 1900 and the Germany of 1920 are one polity: no change there.
    german = [rows for rows in histories.values() if rows[0].to == "germany"]
    assert [[r.op for r in rows] for rows in german] == [["establish"]]


def test_an_overlap_is_a_set_of_claims_and_control_is_not_guessed(snapshots: Path) -> None:
    snaps, _ = read_snapshots([snapshots])
    result = build_world(snaps, sliver_width=0.0)
    island = next(rows for rows in place_histories(result).values() if rows[0].to == "japan")
    later = [(r.op, r.by) for r in island[1:]]
    assert ("claim", "japan") in later
    assert ("claim", "soviet-union") in later
    # Japan held it alone before the overlap: it keeps control (no withdraw, no administer).
    assert not any(op in ("withdraw", "administer") for op, _ in later)


def test_natural_earth_decides_control_of_an_overlap(snapshots: Path, disputes: Path) -> None:
    snaps, _ = read_snapshots([snapshots])
    names = PolityNames()
    areas = read_disputed_areas(disputes, names)
    result = build_world(snaps, areas, names=names, sliver_width=0.0)
    island = next(rows for rows in place_histories(result).values() if rows[0].to == "japan")
    assert ("administer", "soviet-union") in [(r.op, r.by) for r in island]


def test_import_writes_a_complete_ledger(snapshots: Path, disputes: Path, tmp_path: Path) -> None:
    out = tmp_path / "ledger"
    report = import_historical_basemaps([snapshots], out, disputes=disputes, sliver_width=0.0)
    assert report.figures["places"] >= 4
    assert "GNU General Public License" in (out / "README.md").read_text()
    meta = yaml.safe_load((out / "ledger.yaml").read_text())
    assert meta["id"] == "historical-basemaps"
    effects = pq.read_table(out / "tables" / "effects.parquet")
    assert effects.column_names == [
        "instrument",
        "op",
        "place",
        "date",
        "from",
        "to",
        "by",
        "control",
        "note",
    ]
    places = pq.read_table(out / "tables" / "places.parquet")
    assert b"geo" in (places.schema.metadata or {})
    instruments = {p.stem for p in (out / "instruments").glob("*.yaml")}
    assert set(effects.column("instrument").to_pylist()) <= instruments
    sources = yaml.safe_load((out / "sources" / "imported.yaml").read_text())
    assert {s["id"] for s in sources} >= {"historical-basemaps-1900", "historical-basemaps-1920"}


def test_cli_import_refuses_to_overwrite(snapshots: Path, tmp_path: Path) -> None:
    out = tmp_path / "ledger"
    args = [sys.executable, "-m", "terrachron", "import", "historical-basemaps", str(snapshots)]
    first = subprocess.run([*args, "-o", str(out)], capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    assert "places:" in first.stdout
    second = subprocess.run([*args, "-o", str(out)], capture_output=True, text=True, check=False)
    assert second.returncode == 2
    assert "--replace" in second.stderr
    assert "Traceback" not in second.stderr


def _bad(tmp_path: Path, features: list[object], name: str = "world_1900.geojson") -> Path:
    folder = tmp_path / "bad"
    folder.mkdir(exist_ok=True)
    write(folder / name, features)  # type: ignore[arg-type]
    return folder


def test_missing_field_names_the_file(tmp_path: Path) -> None:
    geom = square(0, 0, 1, 1)
    folder = _bad(tmp_path, [{"type": "Feature", "properties": {"NAME": "X"}, "geometry": geom}])
    with pytest.raises(ImportDataError, match=r"world_1900\.geojson: missing field"):
        read_snapshots([folder])


def test_a_line_is_not_a_territory(tmp_path: Path) -> None:
    line = {"type": "LineString", "coordinates": [[0, 0], [1, 1]]}
    folder = _bad(tmp_path, [feature("A", "A", square(0, 0, 1, 1)), feature("B", "B", line)])
    with pytest.raises(ImportDataError, match="feature 1: a LineString"):
        read_snapshots([folder])


def test_not_geojson_and_nothing_written(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "world_1900.geojson").write_text("this is not json")
    out = tmp_path / "out"
    with pytest.raises(ImportDataError, match="not readable as vector data"):
        import_historical_basemaps([folder], out)
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_an_invalid_polygon_is_repaired(tmp_path: Path) -> None:
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    folder = _bad(tmp_path, [feature("A", "A", bowtie)])
    snaps, _ = read_snapshots([folder])
    result = build_world(snaps, sliver_width=0.0)
    assert len(result.places) >= 1


def test_same_year_twice_keeps_the_last(snapshots: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    write(other / "world_1920.geojson", [feature("France", "France", square(0, 0, 4, 2))])
    snaps, skipped = read_snapshots([snapshots, other])
    assert [s.path.parent.name for s in snaps] == ["snapshots", "other"]
    assert [p.name for p in skipped] == ["world_1920.geojson"]
    json.dumps([str(p) for p in skipped])


def test_a_change_never_precedes_the_state_that_gains_by_it() -> None:
    from terrachron.importers.historical_basemaps import _within_lifespans

    names = PolityNames()
    names.resolve("Russian Federation", 1991)
    names.resolve("Ukraine", 1991)
    date = "1990-07-02/1991-07-01"
    assert _within_lifespans(date, ("ukraine", "russia", None), names) == "1990-07-02/1991-12-26"
    assert _within_lifespans(date, ("ukraine",), names) == date
    assert _within_lifespans("1991-07-01", ("russia",), names) == "1991-07-01"


def test_a_field_naming_several_polities_is_one_claim_each(tmp_path: Path) -> None:
    """historical-basemaps draws the Kurils of 1800 as one polygon held by "(Russian and Japanese
    claim)": two claimants, not a polity of that name; control is not guessed."""
    folder = tmp_path / "joint"
    folder.mkdir()
    write(
        folder / "world_1783.geojson",
        [feature("Kuril Islands", "Russian Empire", square(0, 0, 1, 1))],
    )
    write(
        folder / "world_1800.geojson",
        [feature("Kuril Islands", "(Russian and Japanese claim)", square(0, 0, 1, 1))],
    )
    snaps, _ = read_snapshots([folder])
    result = build_world(snaps, sliver_width=0.0)
    assert "russian-and-japanese-claim" not in result.names.polities
    [rows] = place_histories(result).values()
    assert [(r.op, r.to or r.by) for r in rows] == [
        ("establish", "russian-empire"),
        ("claim", "japan"),
        ("claim", "russian-empire"),
    ]
    assert rows[1].date == "1783-07-02/1800-07-01"
    assert "historical-basemaps 1800: japan, russian-empire" in (rows[1].note or "")


def test_four_occupying_powers_are_four_holders(tmp_path: Path) -> None:
    folder = tmp_path / "berlin"
    folder.mkdir()
    powers = (
        "French Republic, Union of Soviet Socialist Republics, United Kingdom of Great Britain "
        "and Northern Ireland, United States of America (occupation zones)"
    )
    write(folder / "world_1988.geojson", [feature("Berlin", powers, square(0, 0, 1, 1))])
    snaps, _ = read_snapshots([folder])
    result = build_world(snaps, sliver_width=0.0)
    [rows] = place_histories(result).values()
    claims = {r.by for r in rows if r.op == "claim"}
    assert claims == {"france", "soviet-union", "united-kingdom", "united-states"}
    # No title or control is recorded: the data does not draw the sectors.
    assert all(r.op == "claim" for r in rows)


def test_the_shipped_import_takes_no_place_id_of_a_curated_ledger() -> None:
    """The import names places after their holders; a curated ledger of the world may not see its
    place's id taken by an imported face (the merge would join two places under one id)."""
    data = Path(__file__).resolve().parents[2] / "src" / "terrachron" / "data"
    world = yaml.safe_load((data / "world" / "ledger.yaml").read_text("utf-8"))
    imported = set(
        pq.read_table(data / "historical-basemaps" / "tables" / "places.parquet", columns=["id"])
        .column("id")
        .to_pylist()
    )
    curated: set[str] = set()
    for include in world["includes"]:
        for path in (data / include / "places").glob("*.yaml"):
            docs = yaml.safe_load(path.read_text("utf-8"))
            for doc in docs if isinstance(docs, list) else [docs]:
                curated.add(doc["id"])
    assert curated
    assert not curated & imported
