"""``terrachron locate --max-distance-km``: rows off a coast snapped, and said so, in files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

EXE = Path(sys.executable).parent / "terrachron"
ROWS = pd.DataFrame(
    {
        "name": ["Yuzhno-Kurilsk harbour", "Paris", "mid-Atlantic", "Hokkaido"],
        "lon": ["145.9", "2.35", "-30", "142.8"],
        "lat": ["44.0", "48.85", "30", "43.5"],
        "when": ["2000-01-01"] * 4,
    }
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EXE), *args], capture_output=True, text=True, timeout=300, check=False
    )


def _locate(src: Path, dst: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run(
        "locate", str(src), "--lon", "lon", "--lat", "lat", "--date", "when", "-o", str(dst), "-q",
        *extra,
    )  # fmt: skip


def test_csv_rows_in_no_place_say_where_they_are(tmp_path: Path) -> None:
    src = tmp_path / "points.csv"
    ROWS.to_csv(src, index=False)
    out = _locate(src, tmp_path / "out.csv")
    assert out.returncode == 0, out.stderr
    assert "3 outside every place (2 at sea, 1 on land outside coverage)" in out.stdout
    back = pd.read_csv(tmp_path / "out.csv")
    assert "snapped_km" not in back.columns
    assert back["problem"].fillna("").tolist() == ["at-sea", "outside-coverage", "at-sea", ""]


def test_csv_and_parquet_snap_the_harbour(tmp_path: Path) -> None:
    src = tmp_path / "points.csv"
    ROWS.to_csv(src, index=False)
    out = _locate(src, tmp_path / "out.parquet", "--max-distance-km", "5", "--json")
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert (summary["located"], summary["snapped"], summary["at_sea"]) == (2, 1, 1)
    table = pq.read_table(tmp_path / "out.parquet")
    assert str(table.schema.field("snapped_km").type) == "double"
    back = table.to_pandas()
    assert back.loc[0, "place"] == "kunashiri"
    assert pd.isna(back.loc[1, "place"])
    assert 2.5 < back.loc[0, "snapped_km"] < 3.5
    assert back["snapped_km"].isna().tolist() == [False, True, True, True]
    out = _locate(src, tmp_path / "out.csv", "--max-distance-km", "5")
    assert out.returncode == 0, out.stderr
    assert "2 located (1 snapped)" in out.stdout
    back = pd.read_csv(tmp_path / "out.csv")
    assert back.columns[-1] == "snapped_km"
    assert back.loc[0, "place"] == "kunashiri"


def test_a_bad_distance_is_one_line_and_status_2(tmp_path: Path) -> None:
    src = tmp_path / "points.csv"
    ROWS.to_csv(src, index=False)
    out = _locate(src, tmp_path / "out.csv", "--max-distance-km", "500")
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        "error: max_distance_km must be a number from 0 to 100 (km), not 500.0"
    ]
    assert not (tmp_path / "out.csv").exists()
