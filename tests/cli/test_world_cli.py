"""The command line for the world: locate to standard output, periods, help at 80 columns."""

from __future__ import annotations

import io
import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest

import terrachron
from terrachron.geo.locate import COLUMNS

from ..conftest import MINI

EXE = Path(sys.executable).parent / "terrachron"


def run(*args: str, columns: int | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if columns is not None:
        env["COLUMNS"] = str(columns)
    return subprocess.run(
        [str(EXE), *args], capture_output=True, text=True, timeout=180, check=False, env=env
    )


POINTS = (
    'id,lon,lat,when,note\n1,145.8343,44.0968,1950-01-01,"a, b"\n2,150,30,1950,plain\n3,east,1,,\n'
)


# -- locate to standard output -------------------------------------------------------------------


@pytest.mark.parametrize("target", [[], ["-o", "-"]])
def test_locate_writes_only_the_rows_to_standard_output(tmp_path: Path, target: list[str]) -> None:
    src = tmp_path / "points.csv"
    src.write_text(POINTS)
    out = run("locate", str(src), "--lon", "lon", "--lat", "lat", "--date", "when", *target)
    assert out.returncode == 0, out.stderr
    back = pd.read_csv(io.StringIO(out.stdout), dtype=str, keep_default_na=False)
    assert list(back.columns) == ["id", "lon", "lat", "when", "note", *COLUMNS]
    assert back["place"].tolist() == ["kunashiri", "", ""]
    assert back["problem"].tolist() == ["", "at-sea", "coordinates-missing;date-missing"]
    # Quoted only where CSV needs it: the input's quoted cell, and nothing else.
    assert out.stdout.count('"') == 2
    assert "3 rows" in out.stderr  # the summary, on standard error


def test_locate_json_summary_goes_to_standard_error_with_rows_on_standard_output(
    tmp_path: Path,
) -> None:
    src = tmp_path / "points.csv"
    src.write_text(POINTS)
    out = run("locate", str(src), "--lon", "lon", "--lat", "lat", "--date", "when", "-q", "--json")
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0].startswith("id,lon,lat,when,note,place")
    assert json.loads(out.stderr.strip().splitlines()[-1])["output"] == "-"


def test_locate_refuses_parquet_on_standard_output(tmp_path: Path) -> None:
    src = tmp_path / "points.csv"
    src.write_text(POINTS)
    out = run("locate", str(src), "--lon", "lon", "--lat", "lat", "--date", "when", "-f", "parquet")
    assert out.returncode == 2
    assert out.stdout == ""
    assert "-o NAME.parquet" in out.stderr


def test_locate_to_standard_output_matches_the_file(tmp_path: Path) -> None:
    src = tmp_path / "points.csv"
    src.write_text(POINTS)
    args = ["locate", str(src), "--lon", "lon", "--lat", "lat", "--date", "when", "-q"]
    dst = tmp_path / "out.csv"
    assert run(*args, "-o", str(dst)).returncode == 0
    assert run(*args).stdout == dst.read_text()


# -- periods -------------------------------------------------------------------------------------


def test_periods_csv_is_every_places_timeline(bundled: terrachron.Ledger) -> None:
    out = run("periods", "--view", "japan")
    assert out.returncode == 0, out.stderr
    table = pd.read_csv(io.StringIO(out.stdout), dtype=str, keep_default_na=False)
    assert set(table["place"]) == set(bundled.places)
    for place in bundled.places:
        mine = table[table["place"] == place]
        periods = bundled.timeline(place, "japan").periods
        assert mine["start"].tolist() == [p.start_iso or "" for p in periods]
        assert mine["end"].tolist() == [p.end_iso or "" for p in periods]
        assert mine["status"].tolist() == [p.answer.status for p in periods]
    kuna = table[(table["place"] == "kunashiri") & (table["start"] == "1946-02-02")].iloc[0]
    assert (kuna["controller"], kuna["title"], kuna["claimants"]) == (
        "soviet-union",
        "japan",
        "japan|soviet-union",
    )
    assert (kuna["controller_iso3166"], kuna["title_iso3166"], kuna["title_cow"]) == (
        "",
        "JP",
        "740",
    )
    assert (kuna["start_edtf"], kuna["precision"]) == ("1946-02-02", "day")
    year = table[table["precision"] == "year"]
    assert not year.empty  # a period opened by a year-precise step says so
    assert "periods of" in out.stderr


@pytest.mark.parametrize("suffix", ["gpkg", "parquet"])
def test_periods_files_hold_real_dates_and_geometry(tmp_path: Path, suffix: str) -> None:
    dst = tmp_path / f"periods.{suffix}"
    out = run("periods", "-o", str(dst), "-l", str(MINI))
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().endswith(str(dst))
    if suffix == "gpkg":
        info = pyogrio.read_info(dst)
        types = dict(zip(info["fields"], info["dtypes"], strict=True))
        assert types["start"] == types["end"] == "datetime64[D]"  # GeoPackage DATE fields
        frame = gpd.read_file(dst)
    else:
        frame = gpd.read_parquet(dst)
        assert str(frame["start"].dtype).startswith("datetime64") or frame["start"].dtype == object
    assert frame.crs.to_epsg() == 4326
    assert frame.geometry.notna().all()
    mini = terrachron.open_ledger(MINI)
    want = sum(len(mini.timeline(p).periods) for p in mini.places)
    assert len(frame) == want
    assert [p.name for p in tmp_path.iterdir()] == [dst.name]  # nothing else left behind


def test_periods_refuses_a_binary_format_on_standard_output() -> None:
    out = run("periods", "-f", "gpkg")
    assert out.returncode == 2
    assert out.stdout == ""
    assert "-o FILE" in out.stderr


def test_periods_refuses_an_unknown_view_and_suffix(tmp_path: Path) -> None:
    assert "unknown view" in run("periods", "--view", "mars").stderr
    out = run("periods", "-o", str(tmp_path / "p.xlsx"))
    assert out.returncode == 2
    assert "--format" in out.stderr
    assert not (tmp_path / "p.xlsx").exists()


# -- help and narratives -------------------------------------------------------------------------


def _commands() -> list[list[str]]:
    from terrachron.cli.app import app, scenario_app

    names = [[c.name or c.callback.__name__] for c in app.registered_commands if c.callback]
    names += [["scenario", c.name or ""] for c in scenario_app.registered_commands]
    return [[], *names]


@pytest.mark.parametrize("command", _commands(), ids=lambda c: " ".join(c) or "terrachron")
def test_help_renders_cleanly_at_80_columns(command: list[str]) -> None:
    out = run(*command, "--help", columns=80)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "``" not in out.stdout
    # No paragraph broken by the source's own line ends: a wrapped line ends a sentence or
    # runs to near the full width, never stops at half width mid-sentence.
    prose = [ln.strip() for ln in lines if ln.startswith(" ") and "│" not in ln and ln.strip()]
    for this, following in itertools.pairwise(prose):
        if len(this) < 50 and not re.search(r"[.:)]$", this) and following[:1].islower():
            pytest.fail(f"a paragraph breaks early: {this!r} / {following!r}")


def test_a_year_reads_in_1960_not_on_1960(bundled: terrachron.Ledger) -> None:
    narrative = bundled.status("kunashiri", "1960", "japan").narrative
    assert "In 1960, in the view 'japan'" in narrative
    assert "On 1960" not in narrative
    assert "On 1950-01-01, " in bundled.status("kunashiri", "1950-01-01").narrative
    assert "In 1950-05, " in bundled.status("kunashiri", "1950-05").narrative
