"""``locate`` streams under faults: malformed lines, odd cells, interruptions, full disks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import terrachron
from terrachron.errors import QueryError
from terrachron.geo.locate import COLUMNS, Locator
from terrachron.io.stream import MalformedLineError, locate_file

from ..conftest import MINI

EXE = Path(sys.executable).parent / "terrachron"
N_RESULTS = len(COLUMNS)


@pytest.fixture(scope="module")
def locator() -> Locator:
    return terrachron.open_ledger(MINI).locator()


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().split(b"\n")[:-1]


def _passed_through(out: Path) -> list[bytes]:
    """Each output line without the result cells appended to it."""
    return [line.rsplit(b",", N_RESULTS)[0] for line in _lines(out)]


ODD = [b"NA", b"null", b"N/A", b"#N/A", b"NULL", b"nan", b"", b'""', b"007", b"1.50", b" x "]


def test_pass_through_cells_come_back_byte_for_byte(locator: Locator, tmp_path: Path) -> None:
    src = tmp_path / "p.csv"
    body = [b"id,lon,lat,when,note"]
    for k, odd in enumerate(ODD):
        body.append(b"%d,10.5,0.5,1900-01-01,%s" % (k, odd))
    body.append(b'99,10.5,0.5,1900,"a, ""quoted"" value"')
    body.append(b"100,10.5,0.5,1900,caf\xe9 not utf-8")
    src.write_bytes(b"\n".join(body) + b"\n")
    out = tmp_path / "o.csv"
    summary = locate_file(locator, src, out, lon="lon", lat="lat", date="when")
    assert summary.rows == len(body) - 1
    assert _passed_through(out) == body
    assert summary.problems == 0


def test_crlf_lines_keep_their_ends(locator: Locator, tmp_path: Path) -> None:
    src = tmp_path / "p.csv"
    src.write_bytes(b"lon,lat,when\r\n10.5,0.5,1900\r\nNA,0.5,1900\r\n")
    out = tmp_path / "o.csv"
    locate_file(locator, src, out, lon="lon", lat="lat", date="when")
    lines = out.read_bytes().split(b"\r\n")
    assert lines[-1] == b""
    assert [line.rsplit(b",", N_RESULTS)[0] for line in lines[:-1]] == [
        b"lon,lat,when",
        b"10.5,0.5,1900",
        b"NA,0.5,1900",
    ]


MALFORMED = {
    b"1,10.5,0.5,1900,extra": "5 field(s)",
    b"2,10.5": "2 field(s)",
    b'3,10.5,0.5,"1900': "unexpected end of data",
    b"": "1 field(s)",
}


def _with_malformed(tmp_path: Path, rows: int = 50) -> tuple[Path, dict[int, str]]:
    src = tmp_path / "p.csv"
    lines = [b"id,lon,lat,when"]
    where: dict[int, str] = {}
    bad = list(MALFORMED.items())
    for k in range(rows):
        if k % 10 == 3:
            raw, why = bad[(k // 10) % len(bad)]
            lines.append(raw)
            where[len(lines)] = why  # 1-based line number
        else:
            lines.append(b"%d,10.5,0.5,1900-01-01" % k)
    src.write_bytes(b"\n".join(lines) + b"\n")
    return src, where


@pytest.mark.parametrize("chunk_rows", [1, 7, 1000])
def test_malformed_lines_become_problem_rows_with_their_line(
    locator: Locator, tmp_path: Path, chunk_rows: int
) -> None:
    src, where = _with_malformed(tmp_path)
    out = tmp_path / "o.csv"
    summary = locate_file(
        locator, src, out, lon="lon", lat="lat", date="when", chunk_rows=chunk_rows
    )
    back = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(back) == 50  # one row per input line, in order
    assert summary.rows == 50
    problems = back["problem"].tolist()
    for line, why in where.items():
        problem = problems[line - 2]
        assert problem.startswith(f"malformed-line (line {line}: "), problem
        assert why in problem
    good = [p for k, p in enumerate(problems) if k + 2 not in where]
    assert all(not p.startswith("malformed") for p in good)
    # A point in no place is at sea or on land outside coverage: an answer, not an input defect.
    no_place = {"", "at-sea", "outside-coverage"}
    assert summary.problems == sum(p not in no_place for p in problems)
    assert summary.at_sea + summary.outside_coverage == sum(p in no_place - {""} for p in problems)
    # Well-formed lines are still copied as they were.
    kept = [x for k, x in enumerate(_passed_through(out)[1:]) if k + 2 not in where]
    assert kept == [x for k, x in enumerate(_lines(src)[1:]) if k + 2 not in where]


def test_malformed_lines_into_parquet(locator: Locator, tmp_path: Path) -> None:
    src, where = _with_malformed(tmp_path)
    out = tmp_path / "o.parquet"
    locate_file(locator, src, out, lon="lon", lat="lat", date="when", chunk_rows=9)
    back = pq.read_table(out).to_pydict()
    assert len(back["id"]) == 50
    for line in where:
        assert back["problem"][line - 2].startswith(f"malformed-line (line {line}")
        assert back["id"][line - 2] is None
    assert back["id"][0] == "0"  # text stays text


def test_strict_stops_at_the_first_malformed_line_and_writes_nothing(
    locator: Locator, tmp_path: Path
) -> None:
    src, where = _with_malformed(tmp_path, rows=3000)
    out = tmp_path / "o.csv"
    first = min(where)
    with pytest.raises(MalformedLineError, match=rf"p.csv:{first}: malformed line") as caught:
        locate_file(locator, src, out, lon="lon", lat="lat", date="when", strict=True)
    assert caught.value.line == first
    assert list(tmp_path.iterdir()) == [src]


@settings(max_examples=60, deadline=None)
@given(
    cells=st.lists(
        st.lists(st.binary(max_size=6).filter(lambda b: b"\n" not in b and b"\r" not in b)),
        max_size=12,
    )
)
def test_any_bytes_give_one_row_per_line_and_no_crash(
    locator: Locator, tmp_path_factory: pytest.TempPathFactory, cells: list[list[bytes]]
) -> None:
    folder = tmp_path_factory.mktemp("any")
    src = folder / "p.csv"
    lines = [b"lon,lat,when,note", *(b",".join(row) for row in cells)]
    src.write_bytes(b"\n".join(lines) + b"\n")
    out = folder / "o.csv"
    summary = locate_file(locator, src, out, lon="lon", lat="lat", date="when", chunk_rows=3)
    assert summary.rows == len(cells)
    assert len(_lines(out)) == len(lines)
    # Every line that is plainly a row of four fields comes back as it was.
    back = _passed_through(out)
    for k in range(1, len(lines)):
        plain = not any(c in lines[k] for c in (b'"', b"\0"))
        if plain and len(lines[k].split(b",")) == 4:
            assert back[k] == lines[k]


def test_a_corrupt_parquet_file_is_a_clear_error(locator: Locator, tmp_path: Path) -> None:
    src = tmp_path / "p.parquet"
    table = pa.table({"lon": [10.5] * 1000, "lat": [0.5] * 1000, "when": ["1900"] * 1000})
    pq.write_table(table, src, row_group_size=100)
    data = src.read_bytes()
    out = tmp_path / "o.parquet"
    src.write_bytes(data[:-20])  # the footer cut
    with pytest.raises(QueryError, match="cannot be read as Parquet"):
        locate_file(locator, src, out, lon="lon", lat="lat", date="when")
    mid = bytearray(data)
    mid[len(data) // 2 : len(data) // 2 + 200] = b"\xff" * 200  # pages overwritten
    src.write_bytes(bytes(mid))
    with pytest.raises(QueryError, match="Parquet"):
        locate_file(locator, src, out, lon="lon", lat="lat", date="when", chunk_rows=100)
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.parquet"]


def test_a_list_column_into_csv_is_a_clear_error(locator: Locator, tmp_path: Path) -> None:
    src = tmp_path / "p.parquet"
    pq.write_table(pa.table({"lon": [10.5], "lat": [0.5], "when": ["1900"], "tags": [[1, 2]]}), src)
    with pytest.raises(QueryError, match="tags"):
        locate_file(locator, src, tmp_path / "o.csv", lon="lon", lat="lat", date="when")
    # Into Parquet, the list column passes through.
    locate_file(locator, src, tmp_path / "o.parquet", lon="lon", lat="lat", date="when")
    assert pq.read_table(tmp_path / "o.parquet")["tags"].to_pylist() == [[1, 2]]


def _locate_cli(src: Path, out: Path, *extra: str) -> list[str]:
    columns = ["--lon", "lon", "--lat", "lat", "--date", "when"]
    return [str(EXE), "locate", str(src), *columns, "-o", str(out), "-l", str(MINI), "-q", *extra]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_a_full_device_is_a_clear_error(tmp_path: Path) -> None:
    src = tmp_path / "p.csv"
    src.write_text("lon,lat,when\n" + "10.5,0.5,1900\n" * 20_000)
    done = subprocess.run(
        _locate_cli(src, Path("/dev/full"), "--format", "csv"),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "cannot write /dev/full: No space left on device" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_an_interrupted_run_leaves_nothing_under_the_output_name(
    tmp_path: Path, how: signal.Signals, suffix: str
) -> None:
    src = tmp_path / "p.csv"
    row = b"10.5,0.5,1900-01-01\n"
    src.write_bytes(b"lon,lat,when\n" + row * 3_000_000)
    out = tmp_path / f"o.{suffix}"
    proc = subprocess.Popen(
        _locate_cli(src, out, "--chunk-rows", "20000"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    # Wait until the run is writing (its hidden temporary file has grown), then stop it.
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        parts = list(tmp_path.glob(f".o.{suffix}.*.part"))
        if parts and parts[0].stat().st_size > 0:
            break
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    else:
        pytest.fail("the run never started writing")
    proc.send_signal(how)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode != 0
    assert not out.exists()
    if how is not signal.SIGKILL:
        assert b"Traceback" not in err
        assert sorted(p.name for p in tmp_path.iterdir()) == ["p.csv"]


def test_a_finished_run_replaces_the_output_whole(locator: Locator, tmp_path: Path) -> None:
    src = tmp_path / "p.csv"
    src.write_text("lon,lat,when\n10.5,0.5,1900\n")
    out = tmp_path / "o.csv"
    out.write_text("an older output\n")
    locate_file(locator, src, out, lon="lon", lat="lat", date="when")
    assert out.read_text().startswith("lon,lat,when,place")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.csv", "p.csv"]
    assert os.stat(out).st_size > 0
