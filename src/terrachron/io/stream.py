"""Locating the rows of a CSV or Parquet file in chunks, so a file larger than memory works.

Each chunk is read, located and written before the next is read, so memory stays flat whatever
the file's size (``bench/locate_memory.py`` measures it).

CSV to CSV keeps every input line's bytes as they were (quotes, ``NA``, ``null``, odd encodings
and all) and appends the result columns to it: only the three columns ``locate`` uses are
parsed. A line that is not a row of the header's width (extra or missing fields, an unclosed
quote, a NUL byte) becomes a *problem row*: its cells are left empty and ``problem`` names the
line (``malformed-line``, counted like any other problem), or with ``strict`` the run stops
with ``file:line`` and what is wrong. A quoted value is read within its line: a value running
over a line break is such a malformed line.

Parquet keeps its column types; the result's text columns are dictionary-encoded. CSV read into
Parquet keeps its cells as text.

Nothing half-written is ever left under the output's name: the output is written to a hidden
temporary file in the same folder and renamed over the name once complete (an interruption or
a failure removes it; ``kill -9`` can leave only the hidden ``.NAME.*.part`` file). An output
that is not a regular file (``/dev/stdout``, a pipe, ``/dev/full``) is written directly, and so
is a stream passed instead of a path (the CLI's ``-o -``): a stream cannot be taken back, so a
failure there is reported by the exit status alone.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import stat
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from terrachron.errors import QueryError
from terrachron.geo.locate import COLUMNS, SNAPPED, LocateSummary, Locator, summary_of

__all__ = ["MalformedLineError", "TableFormat", "locate_file"]

_CSV_OUT = pacsv.WriteOptions(quoting_style="needed")
"""Quote only the cells that need it, as most CSV writers do."""

MALFORMED = "malformed-line"
"""The ``problem`` of a CSV line that is not a row of the header's width."""


class MalformedLineError(QueryError):
    """A CSV line that is not a row (with ``strict``): names the file and the line."""

    def __init__(self, path: Path, line: int, reason: str) -> None:
        self.path = path
        self.line = line
        super().__init__(
            f"{path}:{line}: malformed line ({reason}); fix it, or run without --strict "
            "to get it as a row with problem 'malformed-line'",
            parameter="input",
        )


class TableFormat(StrEnum):
    """Formats ``locate`` reads and writes."""

    csv = "csv"
    parquet = "parquet"


def table_format(path: Path, given: TableFormat | str | None) -> TableFormat:
    """The format named, else the one the suffix implies."""
    if given is not None:
        return TableFormat(given)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt", ".tsv"):
        return TableFormat.csv
    if suffix in (".parquet", ".pq", ".geoparquet"):
        return TableFormat.parquet
    raise QueryError(
        f"cannot tell whether {path.name!r} is CSV or Parquet from its suffix; use --format",
        parameter="format",
    )


def _column(batch: pa.RecordBatch, name: str, role: str) -> pa.Array:
    try:
        return batch.column(name)
    except KeyError:
        raise QueryError(
            f"no column {name!r} for {role} in the input "
            f"(columns: {', '.join(batch.schema.names)})",
            parameter=role,
        ) from None


def _numbers(arr: pa.Array) -> np.ndarray:
    """Floats from a numeric or text column; text that is not a number becomes NaN."""
    if pa.types.is_floating(arr.type) or pa.types.is_integer(arr.type):
        return np.asarray(
            pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64
        )
    try:
        return np.asarray(
            pc.cast(arr, pa.float64()).to_numpy(zero_copy_only=False), dtype=np.float64
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return np.asarray(pd.to_numeric(arr.to_pandas(), errors="coerce"), dtype=np.float64)


def _result_arrays(
    frame: pd.DataFrame, text: bool, columns: Sequence[str] = COLUMNS
) -> list[pa.Array]:
    """The result columns as Arrow arrays: text (CSV) or dictionary-encoded (Parquet)."""
    out: list[pa.Array] = []
    for name in columns:
        series = frame[name]
        arr: pa.Array
        if name == SNAPPED:
            arr = pa.array(series.array, type=pa.float64())
        elif isinstance(series.dtype, pd.CategoricalDtype):
            cat = series.array
            codes = pa.array(np.asarray(cat.codes, dtype=np.int32), mask=np.asarray(cat.codes) < 0)
            dictionary = pa.array([str(c) for c in cat.categories], type=pa.string())
            arr = pa.DictionaryArray.from_arrays(codes, dictionary)
            if text:
                arr = pc.cast(arr, pa.string())
        else:
            arr = pa.array(series.array, type=pa.bool_())
        out.append(arr)
    return out


def _result_types(text: bool, columns: Sequence[str] = COLUMNS) -> list[pa.DataType]:
    kinds = {"disputed", "uncertain"}
    string = pa.string() if text else pa.dictionary(pa.int32(), pa.string())
    return [
        pa.float64() if name == SNAPPED else pa.bool_() if name in kinds else string
        for name in columns
    ]


def _header(path: Path) -> tuple[list[str], bytes, bytes]:
    """The header's names, its raw bytes (without the line end) and the line end it uses."""
    with path.open("rb") as fh:
        raw = fh.readline()
    if not raw.strip():
        raise QueryError(f"{path} is empty: a CSV needs a header line", parameter="input")
    newline = b"\r\n" if raw.endswith(b"\r\n") else b"\n"
    line = raw.rstrip(b"\r\n")
    try:
        names = next(csv.reader([line.decode("utf-8")], strict=True))
    except (UnicodeDecodeError, csv.Error) as exc:
        raise QueryError(
            f"{path}:1: the header line cannot be read ({exc}); it must be UTF-8 CSV",
            parameter="input",
        ) from None
    if len(set(names)) != len(names):
        raise QueryError(f"{path}:1: the header names a column twice", parameter="input")
    return names, line, newline


@dataclass
class _CsvChunk:
    """Lines of a CSV file: raw bytes, the three parsed columns, and the malformed ones."""

    first_line: int
    lines: list[bytes]
    x: np.ndarray
    y: np.ndarray
    when: pa.Array
    bad: dict[int, str]
    table: pa.Table | None
    """Every column as text (only when the output is Parquet)."""


def _split_lines(block: list[bytes]) -> list[bytes]:
    # readlines keeps each line's end; a CRLF file keeps its \r, which is not part of the row.
    return [
        line[:-2] if line.endswith(b"\r\n") else line[:-1] if line.endswith(b"\n") else line
        for line in block
    ]


class _DirtyChunkError(Exception):
    """The fast parser met a line it cannot read: the chunk is read line by line instead."""


def _fast_parse(lines: list[bytes], names: list[str], wanted: list[str], full: bool) -> pa.Table:
    data = b"\n".join(lines) + b"\n"
    try:
        table = pacsv.read_csv(
            pa.BufferReader(data),
            read_options=pacsv.ReadOptions(
                column_names=names, use_threads=False, block_size=len(data) + 1
            ),
            # A row of the wrong width raises (no handler: pyarrow's handler cannot be given a
            # line that is not UTF-8), and the chunk is read line by line.
            parse_options=pacsv.ParseOptions(newlines_in_values=False, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                # Text in, text out: "NA", "null" and the like stay what they are.
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                include_columns=names if full else wanted,
            ),
        )
    except pa.ArrowInvalid:
        raise _DirtyChunkError from None
    if table.num_rows != len(lines):
        # A quoted value ran over a line end: rows are no longer lines.
        raise _DirtyChunkError
    return table


def _slow_parse(
    lines: list[bytes], names: list[str], first_line: int
) -> tuple[list[list[str] | None], dict[int, str]]:
    """Each line on its own: its fields, or why it is not a row."""
    rows: list[list[str] | None] = []
    bad: dict[int, str] = {}
    width = len(names)
    for k, raw in enumerate(lines):
        reason = ""
        fields: list[str] = []
        try:
            # An empty line is one empty field, as the fast parser reads it.
            fields = next(csv.reader([raw.decode("utf-8", "surrogateescape")], strict=True)) or [""]
        except csv.Error as exc:
            reason = str(exc)
        if not reason and len(fields) != width:
            reason = f"{len(fields)} field(s) where the header has {width}"
        if reason:
            bad[k] = f"line {first_line + k}: {reason}"
            rows.append(None)
        else:
            rows.append(fields)
    return rows, bad


def _text(values: list[str | None]) -> pa.Array:
    # A cell of bytes that are not UTF-8 cannot be Arrow text: replaced, for Parquet only.
    clean = [
        None if v is None else v.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        for v in values
    ]
    return pa.array(clean, type=pa.string())


def _csv_chunks(
    path: Path,
    names: list[str],
    wanted: list[str],
    chunk_rows: int,
    full: bool,
    on_read: Callable[[int], None] | None,
) -> Iterator[_CsvChunk]:
    with path.open("rb") as fh:
        header = fh.readline()
        sample = fh.read(1 << 16)
        per_line = max(len(sample) // max(sample.count(b"\n"), 1), 8)
        hint = int(min(max(chunk_rows * per_line, 1 << 16), 1 << 28))
        fh.seek(len(header))
        line_no = 2
        while True:
            block = fh.readlines(hint)
            if not block:
                break
            if on_read is not None:
                on_read(sum(len(b) for b in block))
            lines = _split_lines(block)
            del block
            try:
                table = _fast_parse(lines, names, wanted, full)
                bad: dict[int, str] = {}
                cols = {n: table.column(n) for n in wanted}
            except _DirtyChunkError:
                rows, bad = _slow_parse(lines, names, line_no)
                at = {n: names.index(n) for n in (names if full else wanted)}
                texts = {n: [None if r is None else r[i] for r in rows] for n, i in at.items()}
                arrays = {n: _text(v) for n, v in texts.items()}
                table = pa.table(arrays)
                cols = {n: arrays[n] for n in wanted}
            lon, lat, date = wanted
            chunk = _CsvChunk(
                first_line=line_no,
                lines=lines,
                x=_numbers(_chunked(cols[lon])),
                y=_numbers(_chunked(cols[lat])),
                when=_chunked(cols[date]),
                bad=bad,
                table=table if full else None,
            )
            line_no += len(lines)
            # Nothing of this chunk may stay alive here while the next one is read: memory
            # would hold two chunks instead of one.
            del lines, table, cols
            yield chunk
            del chunk


def _chunked(arr: pa.Array | pa.ChunkedArray) -> pa.Array:
    if isinstance(arr, pa.ChunkedArray):
        return arr.combine_chunks() if arr.num_chunks != 1 else arr.chunk(0)
    return arr


def _csv_cell(value: str) -> bytes:
    """One CSV cell, quoted only when it has to be."""
    if any(c in value for c in ',"\r\n') or value != value.strip(" "):
        return b'"' + value.replace('"', '""').encode() + b'"'
    return value.encode()


def _result_cells(
    frame: pd.DataFrame, bad: dict[int, str], columns: Sequence[str] = COLUMNS
) -> np.ndarray:
    """The result columns of each row as the CSV bytes appended to its line.

    Rows share few distinct answers, so each distinct one is written once and the rows point
    to it (an object array): no bytes object per row is made.
    """
    codes: list[np.ndarray] = []
    cells: list[list[bytes]] = []
    for name in COLUMNS:
        series = frame[name]
        if isinstance(series.dtype, pd.CategoricalDtype):
            these = [_csv_cell(str(c)) for c in series.cat.categories] + [b""]
            code = np.asarray(series.cat.codes, dtype=np.int64)
            codes.append(np.where(code < 0, len(these) - 1, code))
        else:
            # Nullable booleans: a row with a problem has no answer, written as an empty cell.
            these = [b"false", b"true", b""]
            known = np.asarray(series.notna(), dtype=bool)
            true = np.asarray(series.fillna(False), dtype=bool)
            codes.append(np.where(known, true.astype(np.int64), 2))
        cells.append(these)
    if not len(frame):
        return np.zeros(0, dtype=object)
    distinct, inverse = np.unique(np.column_stack(codes), axis=0, return_inverse=True)
    table = np.empty(len(distinct), dtype=object)
    table[:] = [b",".join(cells[c][k] for c, k in enumerate(row)) for row in distinct.tolist()]
    out: np.ndarray = table[inverse.reshape(-1)]
    if SNAPPED in columns:
        # Distances are nearly all distinct: one cell per row, only when snapping was asked.
        km = frame[SNAPPED].to_numpy(dtype=np.float64, na_value=np.nan)
        out = np.array(
            [
                c + b"," + (b"" if d != d else repr(float(d)).encode())
                for c, d in zip(out, km, strict=True)
            ],
            dtype=object,
        )
    if bad:
        empty = b"," * (len(COLUMNS) - 1)
        tail = b"," if SNAPPED in columns else b""
        for k, reason in bad.items():
            out[k] = empty + _csv_cell(f"{MALFORMED} ({reason})") + tail
    return out


@contextlib.contextmanager
def _atomic(target: Path) -> Iterator[Path]:
    """The path to write ``target`` through: a hidden file beside it, renamed when complete."""
    with contextlib.suppress(FileNotFoundError):
        if not stat.S_ISREG(target.stat().st_mode):
            # A device or a pipe cannot be renamed over: written as it is.
            yield target
            return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


class _KeepOpen(io.RawIOBase):
    """A stream's writes, through a wrapper whose closing leaves the stream itself open.

    The writers close what they write to; standard output must outlive them.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        super().__init__()
        self._raw = raw

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self._raw.write(data)
        return len(data)

    def flush(self) -> None:
        self._raw.flush()

    def close(self) -> None:
        if not self.closed:
            self._raw.flush()
        super().close()


Sink = Path | IO[bytes]
"""Where a run writes: a file's path, or an open binary stream."""


def _open_sink(path: Sink) -> IO[bytes]:
    if isinstance(path, Path):
        return path.open("wb", buffering=1 << 20)
    return _KeepOpen(path)  # type: ignore[return-value]


def _sink_arg(path: Sink) -> str | IO[bytes]:
    """What the Arrow writers take: a path as text, or a stream kept open."""
    return str(path) if isinstance(path, Path) else _open_sink(path)


def _write_failed(target: Path | str, exc: OSError) -> QueryError:
    reason = exc.strerror or str(exc)
    return QueryError(
        f"cannot write {target}: {reason}; nothing was written under that name",
        parameter="output",
    )


def _parquet_file(path: Path) -> pq.ParquetFile:
    try:
        return pq.ParquetFile(path)
    except (pa.ArrowException, OSError) as exc:
        raise QueryError(
            f"{path} cannot be read as Parquet ({exc}); is it a complete Parquet file?",
            parameter="input",
        ) from None


def locate_file(
    locator: Locator,
    source: Path,
    target: Path | IO[bytes],
    *,
    lon: str,
    lat: str,
    date: str,
    in_format: TableFormat | str | None = None,
    out_format: TableFormat | str | None = None,
    chunk_rows: int = 500_000,
    prefix: str = "",
    strict: bool = False,
    progress: Callable[[int, int | None], None] | None = None,
    max_distance_km: float | None = None,
) -> LocateSummary:
    """Locate every row of ``source`` and write it with the result columns to ``target``.

    Parameters
    ----------
    locator : Locator
        From :meth:`terrachron.Ledger.locator`.
    source : Path
        A CSV or Parquet file (the format from the suffix unless given).
    target : Path or binary stream
        A CSV or Parquet file, which appears only once complete; or a stream (standard output),
        written as the rows are located: CSV unless ``out_format`` says Parquet.
    lon, lat, date : str
        Column names in ``source``.
    chunk_rows : int
        Rows per chunk (about; CSV chunks are cut by bytes).
    prefix : str
        Put before each result column's name (to avoid a clash with an input column).
    strict : bool
        Stop at the first malformed CSV line (:class:`MalformedLineError`) instead of writing
        it as a problem row.
    progress : callable, optional
        Called as ``progress(advance, total)`` in bytes (CSV) or rows (Parquet).
    max_distance_km : float, optional
        Snap rows in no place to the nearest place within this distance, and write the
        ``snapped_km`` column (see :meth:`terrachron.geo.locate.Locator.locate`).

    Returns
    -------
    LocateSummary
        The counts over the whole file.

    Raises
    ------
    QueryError
        A missing file or column, an unreadable input, an output that cannot be written (the
        message says which and why; no partial output is left under ``target``).
    """
    if not source.is_file():
        raise QueryError(f"no such file: {source}", parameter="input")
    src_fmt = table_format(source, in_format)
    if isinstance(target, Path):
        dst_fmt = table_format(target, out_format)
    else:
        dst_fmt = TableFormat(out_format) if out_format is not None else TableFormat.csv
    results = _Results(
        (*COLUMNS, SNAPPED) if max_distance_km is not None else COLUMNS, max_distance_km
    )
    names = [prefix + c for c in results.columns]
    try:
        with (
            _atomic(target) if isinstance(target, Path) else contextlib.nullcontext(target) as path
        ):
            if src_fmt is TableFormat.csv:
                return _from_csv(
                    locator,
                    source,
                    path,
                    dst_fmt,
                    (lon, lat, date),
                    chunk_rows,
                    names,
                    strict,
                    progress,
                    results,
                )
            return _from_parquet(
                locator,
                source,
                path,
                dst_fmt,
                (lon, lat, date),
                chunk_rows,
                names,
                progress,
                results,
            )
    except OSError as exc:
        raise _write_failed(target if isinstance(target, Path) else "-", exc) from None


@dataclass(frozen=True)
class _Results:
    """Which result columns a run writes, and the snapping distance that adds one."""

    columns: Sequence[str]
    max_distance_km: float | None


def _check_columns(have: list[str], wanted: tuple[str, str, str], names: list[str]) -> None:
    for column, role in zip(wanted, ("lon", "lat", "date"), strict=True):
        if column not in have:
            raise QueryError(
                f"no column {column!r} for {role} in the input (columns: {', '.join(have)})",
                parameter=role,
            )
    clash = set(names) & set(have)
    if clash:
        raise QueryError(
            f"the input already has column(s) {', '.join(sorted(clash))}; "
            "use --prefix to name the result columns apart",
            parameter="prefix",
        )


def _from_csv(
    locator: Locator,
    source: Path,
    path: Sink,
    dst_fmt: TableFormat,
    wanted: tuple[str, str, str],
    chunk_rows: int,
    names: list[str],
    strict: bool,
    progress: Callable[[int, int | None], None] | None,
    results: _Results,
) -> LocateSummary:
    header, raw_header, newline = _header(source)
    _check_columns(header, wanted, names)
    total = source.stat().st_size
    on_read = (lambda n: progress(n, total)) if progress else None
    to_csv = dst_fmt is TableFormat.csv
    summary = LocateSummary(0, 0, 0, 0, 0)
    chunks = _csv_chunks(source, header, list(wanted), chunk_rows, not to_csv, on_read)
    out: IO[bytes] | None = None
    writer: pq.ParquetWriter | None = None
    blank = b"," * (len(header) - 1)
    try:
        if to_csv:
            out = _open_sink(path)
            out.write(raw_header + b"," + b",".join(_csv_cell(n) for n in names) + newline)
        for chunk in chunks:
            if chunk.bad and strict:
                k = min(chunk.bad)
                raise MalformedLineError(
                    source, chunk.first_line + k, chunk.bad[k].split(": ", 1)[1]
                )
            frame = locator.locate(
                chunk.x, chunk.y, chunk.when, max_distance_km=results.max_distance_km
            )
            summary = summary + summary_of(frame)
            if out is not None:
                cells = _result_cells(frame, chunk.bad, results.columns)
                for k in chunk.bad:
                    # Its cells are not known: left empty, so the output stays a table.
                    chunk.lines[k] = blank
                out.writelines(
                    line + b"," + cell + newline
                    for line, cell in zip(chunk.lines, cells.tolist(), strict=True)
                )
                del cells
            else:
                assert chunk.table is not None
                table = _with_results(
                    chunk.table, frame, names, chunk.bad, text=False, columns=results.columns
                )
                if writer is None:
                    writer = pq.ParquetWriter(_sink_arg(path), table.schema)
                writer.write_table(table)
                del table
            # Released before the next chunk is read (see _csv_chunks).
            del chunk, frame
        if not to_csv and writer is None:
            fields = [pa.field(n, pa.string()) for n in header]
            schema = _with_result_fields(fields, names, text=False, columns=results.columns)
            writer = pq.ParquetWriter(_sink_arg(path), schema)
    finally:
        if out is not None:
            out.close()
        if writer is not None:
            writer.close()
    return summary


def _with_results(
    table: pa.Table,
    frame: pd.DataFrame,
    names: list[str],
    bad: dict[int, str],
    *,
    text: bool,
    columns: Sequence[str] = COLUMNS,
) -> pa.Table:
    results = _result_arrays(frame, text, columns)
    if bad:
        at = list(columns).index("problem")
        problem = results[at].to_pylist()
        for k, reason in bad.items():
            problem[k] = f"{MALFORMED} ({reason})"
        kind = pa.string() if text else pa.dictionary(pa.int32(), pa.string())
        results[at] = pa.array(problem, type=pa.string()).cast(kind)
    return pa.Table.from_arrays([*table.columns, *results], names=[*table.column_names, *names])


def _with_result_fields(
    fields: list[pa.Field], names: list[str], *, text: bool, columns: Sequence[str] = COLUMNS
) -> pa.Schema:
    types = _result_types(text, columns)
    return pa.schema([*fields, *(pa.field(n, t) for n, t in zip(names, types, strict=True))])


def _from_parquet(
    locator: Locator,
    source: Path,
    path: Sink,
    dst_fmt: TableFormat,
    wanted: tuple[str, str, str],
    chunk_rows: int,
    names: list[str],
    progress: Callable[[int, int | None], None] | None,
    results: _Results,
) -> LocateSummary:
    parquet = _parquet_file(source)
    schema = parquet.schema_arrow
    _check_columns(schema.names, wanted, names)
    text = dst_fmt is TableFormat.csv
    if text:
        nested = [f.name for f in schema if pa.types.is_nested(f.type)]
        if nested:
            raise QueryError(
                f"column(s) {', '.join(nested)} of {source} hold lists or structs, which CSV "
                "cannot hold; write Parquet instead (-o NAME.parquet)",
                parameter="output",
            )
    total = parquet.metadata.num_rows
    summary = LocateSummary(0, 0, 0, 0, 0)
    writer: pacsv.CSVWriter | pq.ParquetWriter | None = None
    lon, lat, date = wanted
    batches = parquet.iter_batches(batch_size=chunk_rows)
    try:
        while True:
            try:
                batch = next(batches, None)
            except (pa.ArrowException, OSError) as exc:
                raise QueryError(
                    f"{source} cannot be read past row {summary.rows:,} ({exc}); "
                    "is it a complete Parquet file?",
                    parameter="input",
                ) from None
            if batch is None:
                break
            frame = locator.locate(
                _numbers(_column(batch, lon, "lon")),
                _numbers(_column(batch, lat, "lat")),
                _column(batch, date, "date"),
                max_distance_km=results.max_distance_km,
            )
            summary = summary + summary_of(frame)
            table = _with_results(
                pa.Table.from_batches([batch]), frame, names, {}, text=text, columns=results.columns
            )
            if text:
                table = pa.Table.from_arrays(
                    [
                        pc.cast(a, pa.string()) if pa.types.is_dictionary(a.type) else a
                        for a in table.columns
                    ],
                    names=table.column_names,
                )
            if writer is None:
                writer = (
                    pacsv.CSVWriter(_sink_arg(path), table.schema, write_options=_CSV_OUT)
                    if text
                    else pq.ParquetWriter(_sink_arg(path), table.schema)
                )
            writer.write_table(table)
            if progress is not None:
                progress(batch.num_rows, total)
        if writer is None:
            empty = _with_result_fields(list(schema), names, text=text, columns=results.columns)
            writer = (
                pacsv.CSVWriter(_sink_arg(path), empty, write_options=_CSV_OUT)
                if text
                else pq.ParquetWriter(_sink_arg(path), empty)
            )
    finally:
        if writer is not None:
            writer.close()
    return summary
