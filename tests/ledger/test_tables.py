"""Bulk tables: written by the helpers, read into the same records as YAML, hashed, located."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from shapely.geometry import MultiPolygon, Point, Polygon, box

import terrachron
from terrachron.ledger.tables import (
    EffectRow,
    PlaceRow,
    TableWriteError,
    write_effects_table,
    write_places_table,
)

from ..conftest import MINI

EAST = box(12, 0, 13, 1)
REEF = MultiPolygon([box(14, 0, 14.5, 0.5), box(15, 0, 15.5, 0.5)])


def _tabled(tmp_path: Path) -> Path:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    write_places_table(
        root,
        [
            PlaceRow("east", "East Isle", EAST, names={"fr": "Île de l'Est"}, summary="drawn"),
            PlaceRow("reef", "Twin Reefs", REEF, aliases={"en": ["The Twins"]}),
        ],
    )
    write_effects_table(
        root,
        [
            EffectRow("partition-1850", "establish", "east", to="alda"),
            EffectRow("partition-1850", "establish", "reef", to="borg"),
            EffectRow("occupation-1920", "occupy", "east", date="1920-05", by="cato"),
            EffectRow("partition-1850", "claim", "reef", date="1860", by="alda"),
        ],
    )
    return root


def test_table_records_join_the_ledger(tmp_path: Path) -> None:
    ledger = terrachron.open_ledger(_tabled(tmp_path))
    assert set(ledger.places) == {"north", "south", "east", "reef"}
    assert ledger.places["east"].names == {"fr": "Île de l'Est", "en": "East Isle"}
    assert ledger.resolve_place("The Twins") == "reef"
    assert ledger.geometries["reef"].equals(REEF)
    effects = [e.id for e in ledger.instruments["partition-1850"].effects]
    assert effects[-3:] == ["partition-1850#t1", "partition-1850#t2", "partition-1850#t3"]
    assert ledger.status("east", "1900-01-01").controller == ("alda",)
    assert ledger.status("east", "1925-01-01").controller == ("cato",)
    reef = ledger.status("reef", "1870-01-01")
    assert reef.controller == ("borg",)
    assert "alda" in reef.answer.claimants
    assert [link.effect for link in reef.chain] == ["partition-1850#t2", "partition-1850#t3"]
    # the YAML places answer as before
    mini = terrachron.open_ledger(MINI)
    for day in ("1860-01-01", "1925-01-01", "1950-01-01"):
        assert ledger.status("north", day).answer == mini.status("north", day).answer


def test_tables_enter_the_content_hash(tmp_path: Path) -> None:
    root = _tabled(tmp_path)
    before = terrachron.open_ledger(root).content_hash
    assert before != terrachron.open_ledger(MINI).content_hash
    write_effects_table(root, [EffectRow("partition-1850", "establish", "east", to="borg")])
    after = terrachron.open_ledger(root)
    assert after.content_hash != before
    assert after.status("east", "1860-01-01").controller == ("borg",)


def test_places_table_carries_geoparquet_metadata(tmp_path: Path) -> None:
    path = write_places_table(tmp_path / "places.parquet", [PlaceRow("east", "East", EAST)])
    import geopandas

    frame = geopandas.read_parquet(path)
    assert frame.crs is not None
    assert frame.crs.to_string() == "OGC:CRS84"
    assert frame.geometry.iloc[0].equals(EAST)
    meta = pq.read_schema(path).metadata
    assert b"geo" in meta


def test_writers_refuse_bad_rows_and_leave_nothing(tmp_path: Path) -> None:
    write_effects_table(tmp_path, [EffectRow("a", "claim", "p", by="x")])
    target = tmp_path / "tables" / "effects.parquet"
    good = target.read_bytes()
    with pytest.raises(TableWriteError, match=r"row 2 .*'condominium'"):
        write_effects_table(
            tmp_path, [EffectRow("a", "claim", "p", by="x"), EffectRow("a", "condominium", "p")]
        )
    with pytest.raises(TableWriteError, match="Point"):
        write_places_table(tmp_path, [PlaceRow("p", "P", Point(0, 0))])
    assert target.read_bytes() == good
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == ["effects.parquet"]


def test_a_table_problem_says_file_row_column(tmp_path: Path) -> None:
    root = _tabled(tmp_path)
    write_effects_table(root, [EffectRow("partition-1850", "establish", "east", to="nobody")])
    _, problems = terrachron.check_ledger(root)
    [problem] = problems
    assert problem.location == "tables/effects.parquet:1:6"
    assert problem.rule == "unknown-polity"
    assert "nobody" in problem.message
    assert problem.hint


def test_a_ledger_of_tables_only_for_places(tmp_path: Path) -> None:
    # Places only in a table, effects only in YAML: the two formats mix freely.
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    shutil.rmtree(root / "places")
    shutil.rmtree(root / "geometry")
    write_places_table(
        root,
        [
            PlaceRow("north", "North Isle", box(10, 1, 11, 2), names={"fr": "Île du Nord"}),
            PlaceRow("south", "South Isle", Polygon([(10, -1), (11, -1), (11, 0), (10, 0)])),
        ],
    )
    ledger = terrachron.open_ledger(root)
    mini = terrachron.open_ledger(MINI)
    for day in ("1860-01-01", "1925-01-01", "1950-01-01"):
        for place in ("north", "south"):
            assert ledger.status(place, day).answer == mini.status(place, day).answer
