"""``terrachron locate`` on CSV and Parquet files, read and written in chunks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import terrachron
from terrachron.errors import QueryError
from terrachron.geo.locate import COLUMNS
from terrachron.io.stream import locate_file

from ..conftest import MINI

EXE = Path(sys.executable).parent / "terrachron"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EXE), *args], capture_output=True, text=True, timeout=180, check=False
    )


def _points(n: int) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    df = pd.DataFrame(
        {
            "id": np.arange(n),
            "lon": np.round(rng.uniform(9.5, 11.5, n), 6),
            "lat": np.round(rng.uniform(-1.5, 2.5, n), 6),
            "when": (np.datetime64("1840-01-01") + rng.integers(0, 60_000, n))
            .astype("datetime64[D]")
            .astype(str),
            "note": "x",
        }
    )
    # Defects that must come back as problems, in place.
    df.loc[5, "lon"] = np.nan
    df.loc[7, "when"] = "soon"
    df.loc[9, "lat"] = 123.0
    return df


def _expected(df: pd.DataFrame) -> pd.DataFrame:
    ledger = terrachron.open_ledger(MINI)
    return ledger.locate(df["lon"], df["lat"], df["when"], view="borgia")


def _same(out: pd.DataFrame, want: pd.DataFrame) -> None:
    for col in COLUMNS:
        left = [None if pd.isna(v) else str(v) for v in out[col]]
        right = [None if pd.isna(v) else str(v) for v in want[col]]
        if col in ("disputed", "uncertain"):
            left = [None if v is None else v.lower() for v in left]
            right = [None if v is None else v.lower() for v in right]
        assert left == right, col


def test_csv_streams_in_chunks(tmp_path: Path) -> None:
    df = _points(5_000)
    src = tmp_path / "points.csv"
    df.to_csv(src, index=False)
    # A bad cell in a coordinate column after the first chunk must not stop the stream.
    text = src.read_text().splitlines()
    text[4001] = text[4001].replace(text[4001].split(",")[1], "east", 1)
    src.write_text("\n".join(text) + "\n")
    dst = tmp_path / "out.csv"
    out = run(
        "locate",
        str(src),
        "--lon",
        "lon",
        "--lat",
        "lat",
        "--date",
        "when",
        "--view",
        "borgia",
        "-o",
        str(dst),
        "--chunk-rows",
        "700",
        "-l",
        str(MINI),
        "--json",
    )
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    back = pd.read_csv(dst, dtype=str, keep_default_na=False, na_values=[""])
    assert list(back.columns) == [*df.columns, *COLUMNS]
    assert back["id"].tolist() == [str(i) for i in range(len(df))]  # order kept
    assert back.loc[4000, "lon"] == "east"  # input cells are written back as they were read
    assert back.loc[4000, "problem"] == "coordinates-missing"
    src_back = pd.read_csv(src, dtype=str)
    want = _expected(
        pd.DataFrame(
            {
                "lon": pd.to_numeric(src_back["lon"], errors="coerce"),
                "lat": pd.to_numeric(src_back["lat"], errors="coerce"),
                "when": src_back["when"],
            }
        )
    )
    _same(back, want)
    assert summary["rows"] == len(df)
    assert summary["problems"] == 4
    assert summary["located"] + summary["outside"] + summary["problems"] == len(df)


def test_parquet_streams_in_chunks(tmp_path: Path) -> None:
    df = _points(3_000)
    df["when"] = pd.to_datetime(df["when"], errors="coerce").astype("datetime64[s]")
    src = tmp_path / "points.parquet"
    pq.write_table(pa.Table.from_pandas(df, preserve_index=False), src, row_group_size=500)
    dst = tmp_path / "out.parquet"
    out = run(
        "locate",
        str(src),
        "--lon",
        "lon",
        "--lat",
        "lat",
        "--date",
        "when",
        "--view",
        "borgia",
        "-o",
        str(dst),
        "--chunk-rows",
        "400",
        "-l",
        str(MINI),
    )
    assert out.returncode == 0, out.stderr
    assert "3,000 rows" in out.stdout
    assert "outside every place" in out.stdout
    back = pd.read_parquet(dst)
    assert back["id"].tolist() == list(range(len(df)))
    assert back["when"].dtype == pd.read_parquet(src)["when"].dtype  # Parquet keeps its types
    _same(back, _expected(df))
    assert back.loc[7, "problem"] == "date-missing"


def test_a_bad_invocation_explains_itself(tmp_path: Path) -> None:
    from terrachron.cli.app import app

    src = tmp_path / "p.csv"
    _points(10).to_csv(src, index=False)
    args = ["--lon", "lon", "--lat", "lat", "--date", "when", "--view", "x"]
    out = CliRunner().invoke(
        app, ["locate", str(src), *args, "-o", str(tmp_path / "o.csv"), "-l", str(MINI)]
    )
    assert out.exit_code == 2
    assert "unknown view" in out.output
    assert out.exception is None or isinstance(out.exception, SystemExit)


def test_missing_and_clashing_columns(tmp_path: Path) -> None:
    locator = terrachron.open_ledger(MINI).locator()
    src = tmp_path / "p.csv"
    _points(10).rename(columns={"note": "place"}).to_csv(src, index=False)
    dst = tmp_path / "o.csv"
    with pytest.raises(QueryError, match="no column 'nope'"):
        locate_file(locator, src, dst, lon="nope", lat="lat", date="when", prefix="tc_")
    with pytest.raises(QueryError, match="--prefix"):
        locate_file(locator, src, dst, lon="lon", lat="lat", date="when")
    summary = locate_file(locator, src, dst, lon="lon", lat="lat", date="when", prefix="tc_")
    assert summary.rows == 10
    assert "tc_place" in pd.read_csv(dst).columns


def test_an_input_without_rows(tmp_path: Path) -> None:
    locator = terrachron.open_ledger(MINI).locator()
    src = tmp_path / "empty.csv"
    src.write_text("lon,lat,when\n")
    dst = tmp_path / "o.parquet"
    summary = locate_file(locator, src, dst, lon="lon", lat="lat", date="when")
    assert summary.rows == 0
    assert pq.read_schema(dst).names == ["lon", "lat", "when", *COLUMNS]
