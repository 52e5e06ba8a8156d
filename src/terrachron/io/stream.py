"""Locating the rows of a CSV or Parquet file in chunks, so a file larger than memory works.

Each chunk is read, located and written before the next is read. CSV columns are read as text
and written back unchanged (no re-formatting of numbers or dates); the result columns are
appended. Parquet keeps its column types; the result's text columns are dictionary-encoded.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from terrachron.errors import QueryError
from terrachron.geo.locate import COLUMNS, SNAPPED, LocateSummary, Locator, summary_of

__all__ = ["TableFormat", "locate_file"]

_CSV_OUT = pacsv.WriteOptions(quoting_style="needed")
"""Quote only the cells that need it, as most CSV writers do."""


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


class _Counting(io.RawIOBase):
    """A binary file that reports how many bytes were read from it (for the progress bar)."""

    def __init__(self, raw: IO[bytes], on_read: Callable[[int], None] | None) -> None:
        super().__init__()
        self._raw = raw
        self._on_read = on_read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self._raw.readinto(buffer)  # type: ignore[attr-defined]
        if n and self._on_read is not None:
            self._on_read(n)
        return int(n or 0)

    def close(self) -> None:
        self._raw.close()
        super().close()


def _header(path: Path) -> list[str]:
    with path.open("r", encoding="utf-8", newline="") as fh:
        row = next(csv.reader(fh), None)
    if not row:
        raise QueryError(f"{path} is empty: a CSV needs a header line", parameter="input")
    return row


def _csv_batches(
    path: Path, chunk_rows: int, on_read: Callable[[int], None] | None
) -> Iterator[pa.RecordBatch]:
    names = _header(path)
    with path.open("rb") as fh:
        sample = fh.read(1 << 16)
    lines = max(sample.count(b"\n"), 1)
    per_row = max(len(sample) // lines, 8)
    block = int(min(max(chunk_rows * per_row, 1 << 20), 1 << 28))
    counting = io.BufferedReader(_Counting(path.open("rb"), on_read))
    try:
        reader = pacsv.open_csv(
            counting,
            read_options=pacsv.ReadOptions(block_size=block, use_threads=True),
            convert_options=pacsv.ConvertOptions(
                # Text in, text out: a later chunk can never fail a type guessed from the first.
                column_types={name: pa.string() for name in names},
                strings_can_be_null=True,
            ),
        )
        yield from reader
    finally:
        counting.close()


def _parquet_batches(path: Path, chunk_rows: int) -> Iterator[pa.RecordBatch]:
    parquet = pq.ParquetFile(path)
    yield from parquet.iter_batches(batch_size=chunk_rows)


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


def _result_arrays(frame: pd.DataFrame, text: bool, columns: list[str]) -> list[pa.Array]:
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


def _result_types(text: bool, columns: list[str]) -> list[pa.DataType]:
    kinds = {"disputed", "uncertain"}
    string = pa.string() if text else pa.dictionary(pa.int32(), pa.string())
    return [
        pa.float64() if name == SNAPPED else pa.bool_() if name in kinds else string
        for name in columns
    ]


def locate_file(
    locator: Locator,
    source: Path,
    target: Path,
    *,
    lon: str,
    lat: str,
    date: str,
    in_format: TableFormat | str | None = None,
    out_format: TableFormat | str | None = None,
    chunk_rows: int = 500_000,
    prefix: str = "",
    progress: Callable[[int, int | None], None] | None = None,
    max_distance_km: float | None = None,
) -> LocateSummary:
    """Locate every row of ``source`` and write it with the result columns to ``target``.

    Parameters
    ----------
    locator : Locator
        From :meth:`terrachron.Ledger.locator`.
    source, target : Path
        CSV or Parquet files (the format from the suffix unless given).
    lon, lat, date : str
        Column names in ``source``.
    chunk_rows : int
        Rows per chunk (about; CSV chunks are cut by bytes).
    prefix : str
        Put before each result column's name (to avoid a clash with an input column).
    progress : callable, optional
        Called as ``progress(advance, total)`` in bytes (CSV) or rows (Parquet).
    max_distance_km : float, optional
        Snap rows in no place to the nearest place within this distance, and write the
        ``snapped_km`` column (see :meth:`terrachron.geo.locate.Locator.locate`).

    Returns
    -------
    LocateSummary
        The counts over the whole file.
    """
    if not source.is_file():
        raise QueryError(f"no such file: {source}", parameter="input")
    src_fmt = table_format(source, in_format)
    dst_fmt = table_format(target, out_format)
    text = dst_fmt is TableFormat.csv
    if src_fmt is TableFormat.csv:
        total = source.stat().st_size
        batches = _csv_batches(
            source, chunk_rows, (lambda n: progress(n, total)) if progress else None
        )
    else:
        total = pq.ParquetFile(source).metadata.num_rows
        batches = _parquet_batches(source, chunk_rows)
    summary = LocateSummary(0, 0, 0, 0, 0)
    writer: pacsv.CSVWriter | pq.ParquetWriter | None = None
    columns = [*COLUMNS, SNAPPED] if max_distance_km is not None else list(COLUMNS)
    names = [prefix + c for c in columns]
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        for batch in batches:
            clash = set(names) & set(batch.schema.names)
            if clash:
                raise QueryError(
                    f"the input already has column(s) {', '.join(sorted(clash))}; "
                    "use --prefix to name the result columns apart",
                    parameter="prefix",
                )
            x = _numbers(_column(batch, lon, "lon"))
            y = _numbers(_column(batch, lat, "lat"))
            when = _column(batch, date, "date")
            frame = locator.locate(x, y, when, max_distance_km=max_distance_km)
            summary = summary + summary_of(frame)
            arrays = [*batch.columns, *_result_arrays(frame, text, columns)]
            out_names = [*batch.schema.names, *names]
            if text:
                arrays = [
                    pc.cast(a, pa.string()) if pa.types.is_dictionary(a.type) else a for a in arrays
                ]
            table = pa.Table.from_arrays(arrays, names=out_names)
            if writer is None:
                if text:
                    writer = pacsv.CSVWriter(str(target), table.schema, write_options=_CSV_OUT)
                else:
                    writer = pq.ParquetWriter(str(target), table.schema)
            writer.write_table(table)
            if progress is not None and src_fmt is TableFormat.parquet:
                progress(batch.num_rows, total)
        if writer is None:
            # An input with a header and no rows still gives an output with the columns.
            schema = _empty_schema(source, src_fmt, names, text, columns)
            if text:
                writer = pacsv.CSVWriter(str(target), schema, write_options=_CSV_OUT)
            else:
                writer = pq.ParquetWriter(str(target), schema)
    finally:
        if writer is not None:
            writer.close()
    return summary


def _empty_schema(
    source: Path, fmt: TableFormat, names: list[str], text: bool, columns: list[str]
) -> pa.Schema:
    if fmt is TableFormat.csv:
        fields = [pa.field(n, pa.string()) for n in _header(source)]
    else:
        fields = list(pq.ParquetFile(source).schema_arrow)
    types = _result_types(text, columns)
    return pa.schema([*fields, *(pa.field(n, t) for n, t in zip(names, types, strict=True))])
