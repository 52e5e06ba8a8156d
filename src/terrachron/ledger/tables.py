"""Bulk tables inside a ledger folder: ``tables/places.parquet`` and ``tables/effects.parquet``.

Hand-curated records stay in YAML; an importer writes thousands of places and effects, which YAML
reads too slowly and reviews no better. The two tables are read into the same records as YAML
(:class:`~terrachron.model.Place`, effects appended to their
:class:`~terrachron.model.Instrument`), so the engine, the validator and every interface see one
ledger. Their problems point at ``tables/<name>.parquet`` with line = 1-based row and column =
1-based column index, as YAML problems point at a line and column.

``places.parquet`` carries GeoParquet 1.x metadata: ``geometry`` is WKB in lon/lat (OGC:CRS84).
An effect read from a table has the uid ``<instrument>#t<n>``, ``n`` counting that instrument's
rows in file order, so that adding a YAML effect never renumbers a table effect.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shapely
from pydantic import TypeAdapter, ValidationError
from shapely.geometry.base import BaseGeometry

from terrachron.errors import Problem, TerrachronError
from terrachron.model import Effect, Place

if TYPE_CHECKING:
    import hashlib

    from terrachron.ledger.load import LedgerFiles

__all__ = [
    "EFFECTS_TABLE",
    "EFFECT_COLUMNS",
    "PLACES_TABLE",
    "PLACE_COLUMNS",
    "TABLE_OPS",
    "EffectRow",
    "PlaceRow",
    "TableRow",
    "TableWriteError",
    "read_tables",
    "write_effects_table",
    "write_places_table",
]

PLACES_TABLE = Path("tables/places.parquet")
EFFECTS_TABLE = Path("tables/effects.parquet")
PLACE_COLUMNS: tuple[str, ...] = ("id", "name", "names", "aliases", "summary", "geometry")
EFFECT_COLUMNS: tuple[str, ...] = (
    "instrument",
    "op",
    "place",
    "date",
    "from",
    "to",
    "by",
    "control",
    "note",
)
_PLACE_REQUIRED = frozenset({"id", "name", "geometry"})
_EFFECT_REQUIRED = frozenset({"instrument", "op", "place"})
TABLE_OPS: tuple[str, ...] = (
    "transfer",
    "cede",
    "establish",
    "annex",
    "renounce",
    "occupy",
    "administer",
    "withdraw",
    "claim",
    "drop_claim",
)
"""The effect operations a table row may hold: those that take ``from``/``to``/``by``."""

_EFFECT_ADAPTER: TypeAdapter[Effect] = TypeAdapter(Effect)
_POLYGONAL = frozenset({"Polygon", "MultiPolygon"})
# Where a model field's problem is shown: the effect's ``places`` list comes from ``place``.
_EFFECT_FIELD_COLUMN = {"places": "place", "from_": "from"}


class TableWriteError(TerrachronError):
    """A table could not be written: a row breaks the format (the message names the row)."""


@dataclass(frozen=True, slots=True)
class TableRow:
    """Where a record read from a table was written: the table, its row, and its columns."""

    display: Path
    row: int
    columns: tuple[str, ...]

    def where(self, *sub: str | int) -> tuple[int, int]:
        """1-based (row, column index) of the field ``sub[0]`` (column 0: the whole row)."""
        for part in sub:
            # An effect's path starts with ("effects", n): the field is the first known column.
            if isinstance(part, str):
                name = _EFFECT_FIELD_COLUMN.get(part, part)
                if name in self.columns:
                    return self.row, self.columns.index(name) + 1
        return self.row, 0


@dataclass(frozen=True)
class PlaceRow:
    """One row of ``tables/places.parquet``, as an importer hands it to :func:`write_places_table`.

    Attributes
    ----------
    id : str
        The place slug.
    name : str
        English name (becomes ``names.en``).
    geometry : BaseGeometry
        A Polygon or MultiPolygon in lon/lat degrees.
    names : Mapping of str to str, optional
        Names in other languages.
    aliases : Mapping of str to list of str, optional
    summary : str, optional
        Provenance in words (largest source polygon, snapshot years, ...).
    """

    id: str
    name: str
    geometry: BaseGeometry
    names: Mapping[str, str] | None = None
    aliases: Mapping[str, Sequence[str]] | None = None
    summary: str | None = None


@dataclass(frozen=True)
class EffectRow:
    """One row of ``tables/effects.parquet``: one effect of an instrument on one place.

    ``from_`` is the ``from`` column (a Python keyword). ``control`` None means the default, True.
    """

    instrument: str
    op: str
    place: str
    date: str | None = None
    from_: str | None = None
    to: str | None = None
    by: str | None = None
    control: bool | None = None
    note: str | None = None


# -- reading -------------------------------------------------------------------------------------


def read_tables(root: Path, files: LedgerFiles, hasher: hashlib._Hash) -> None:
    """Read both tables of the ledger at ``root`` into ``files``, if they exist.

    Places join ``files.places`` (their geometry in ``files.given_geometries``); effects are
    appended to their instruments, which must already have been read from YAML. Every problem is
    recorded in ``files.problems``; nothing raises.
    """
    for rel in (PLACES_TABLE, EFFECTS_TABLE):
        path = root / rel
        if path.is_file():
            raw = path.read_bytes()
            # Tables change answers as much as YAML does: they go into the content hash.
            hasher.update(rel.as_posix().encode() + b"\0" + raw + b"\0")
    places = root / PLACES_TABLE
    if places.is_file():
        columns = _read_columns(places, PLACES_TABLE, PLACE_COLUMNS, _PLACE_REQUIRED, files)
        if columns is not None:
            _read_places(columns, files)
    effects = root / EFFECTS_TABLE
    if effects.is_file():
        columns = _read_columns(effects, EFFECTS_TABLE, EFFECT_COLUMNS, _EFFECT_REQUIRED, files)
        if columns is not None:
            _read_effects(columns, files)


@dataclass
class _Columns:
    display: Path
    names: tuple[str, ...]
    values: dict[str, list[Any]]
    rows: int

    def cell(self, name: str, i: int) -> Any:
        column = self.values.get(name)
        return None if column is None else column[i]

    def where(self, i: int) -> TableRow:
        return TableRow(self.display, i + 1, self.names)


def _read_columns(
    path: Path,
    display: Path,
    allowed: tuple[str, ...],
    required: frozenset[str],
    files: LedgerFiles,
) -> _Columns | None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as exc:
        files.problems.append(
            Problem(
                display,
                0,
                0,
                "table-format",
                f"not a readable Parquet file ({exc})",
                "write it with terrachron.ledger.tables or pyarrow.parquet",
            )
        )
        return None
    names = tuple(table.column_names)
    ok = True
    for j, name in enumerate(names):
        if name not in allowed:
            files.problems.append(
                Problem(
                    display,
                    0,
                    j + 1,
                    "schema-unknown-field",
                    f"unknown column {name!r}",
                    f"remove it or rename it; the columns are {', '.join(allowed)}",
                )
            )
            ok = False
    for name in allowed:
        if name in required and name not in names:
            files.problems.append(
                Problem(
                    display,
                    0,
                    0,
                    "schema-missing",
                    f"the required column {name!r} is missing",
                    f"add the column {name!r}",
                )
            )
            ok = False
    for j, name in enumerate(names):
        kind = table.schema.field(name).type
        want_binary = name == "geometry"
        want_bool = name == "control"
        if want_binary:
            good = pa.types.is_binary(kind) or pa.types.is_large_binary(kind)
            expected = "binary (WKB)"
        elif want_bool:
            good = pa.types.is_boolean(kind)
            expected = "boolean"
        else:
            good = pa.types.is_string(kind) or pa.types.is_large_string(kind)
            expected = "string"
        if not good and not pa.types.is_null(kind):
            files.problems.append(
                Problem(
                    display,
                    0,
                    j + 1,
                    "schema-type",
                    f"column {name!r} holds {kind}, not {expected}",
                    f"store {name!r} as {expected}",
                )
            )
            ok = False
    if not ok:
        return None  # a row-by-row reading of a table with the wrong shape would only mislead
    values = {name: table.column(name).to_pylist() for name in names}
    return _Columns(display, names, values, table.num_rows)


def _cell_problem(
    files: LedgerFiles, cols: _Columns, i: int, column: str, rule: str, message: str, hint: str
) -> None:
    line, col = cols.where(i).where(column)
    files.problems.append(Problem(cols.display, line, col, rule, message, hint))


def _required(files: LedgerFiles, cols: _Columns, i: int, required: Iterable[str]) -> bool:
    ok = True
    for name in required:
        if cols.cell(name, i) is None:
            _cell_problem(
                files,
                cols,
                i,
                name,
                "schema-missing",
                f"{name}: the field is required",
                f"give the row a {name!r}",
            )
            ok = False
    return ok


def _json_cell(
    files: LedgerFiles, cols: _Columns, i: int, name: str, of_lists: bool
) -> dict[str, Any] | None:
    """The JSON object in a ``names``/``aliases`` cell; None (and a problem) when it is not one."""
    text = cols.cell(name, i)
    if text is None:
        return {}
    shape = 'a JSON object such as {"ja": "国後島"}'
    if of_lists:
        shape = 'a JSON object of lists such as {"en": ["Kunashir"]}'
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        _cell_problem(
            files, cols, i, name, "schema-type", f"{name}: not JSON ({exc.msg})", f"write {shape}"
        )
        return None
    if not isinstance(value, dict):
        _cell_problem(
            files, cols, i, name, "schema-type", f"{name}: not a JSON object", f"write {shape}"
        )
        return None
    return value


def _read_places(cols: _Columns, files: LedgerFiles) -> None:
    wkb = cols.values["geometry"]
    geoms = shapely.from_wkb(wkb, on_invalid="ignore")
    for i in range(cols.rows):
        if not _required(files, cols, i, ("id", "name", "geometry")):
            continue
        names = _json_cell(files, cols, i, "names", of_lists=False)
        aliases = _json_cell(files, cols, i, "aliases", of_lists=True)
        if names is None or aliases is None:
            continue
        data: dict[str, Any] = {
            "id": cols.cell("id", i),
            "names": {**names, "en": cols.cell("name", i)},
            "aliases": aliases,
        }
        if cols.cell("summary", i) is not None:
            data["summary"] = cols.cell("summary", i)
        try:
            place = Place.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                field = str(err["loc"][0]) if err["loc"] else "id"
                column = "name" if err["loc"][:2] == ("names", "en") else field
                _cell_problem(
                    files,
                    cols,
                    i,
                    column,
                    "schema-type",
                    f"{column}: {err['msg']}",
                    "see the places table columns in docs (ids are lowercase slugs)",
                )
            continue
        geom = geoms[i]
        if not _check_geometry(files, cols, i, geom):
            continue
        first = files.origins.get(("places", place.id))
        earlier = files.table_rows.get(("places", place.id))
        if first is not None or earlier is not None:
            at = (
                f"{first.display.as_posix()}:{first.where()[0]}"
                if first is not None
                else f"{cols.display.as_posix()}:{earlier.row if earlier else 0}"
            )
            _cell_problem(
                files,
                cols,
                i,
                "id",
                "duplicate-id",
                f"the place id {place.id!r} is already defined at {at}",
                "give each record a unique id",
            )
            continue
        files.places[place.id] = place
        files.table_rows[("places", place.id)] = cols.where(i)
        files.given_geometries[place.id] = geom


def _check_geometry(files: LedgerFiles, cols: _Columns, i: int, geom: BaseGeometry | None) -> bool:
    if geom is None:
        _cell_problem(
            files,
            cols,
            i,
            "geometry",
            "geometry-format",
            "geometry: not valid WKB",
            "store the geometry as WKB (shapely.to_wkb)",
        )
        return False
    if geom.geom_type not in _POLYGONAL or geom.is_empty:
        _cell_problem(
            files,
            cols,
            i,
            "geometry",
            "geometry-invalid",
            f"geometry: an empty geometry or a {geom.geom_type}, not polygons",
            "a place's geometry is a Polygon or MultiPolygon",
        )
        return False
    if not geom.is_valid:
        _cell_problem(
            files,
            cols,
            i,
            "geometry",
            "geometry-invalid",
            f"geometry: not a valid polygon: {shapely.is_valid_reason(geom)}",
            "repair it (e.g. shapely.make_valid) and write the table again",
        )
        return False
    return True


def _read_effects(cols: _Columns, files: LedgerFiles) -> None:
    added: dict[str, list[Any]] = {}
    for i in range(cols.rows):
        if not _required(files, cols, i, ("instrument", "op", "place")):
            continue
        iid = cols.cell("instrument", i)
        op = cols.cell("op", i)
        instrument = files.instruments.get(iid)
        if instrument is None:
            _cell_problem(
                files,
                cols,
                i,
                "instrument",
                "unknown-instrument",
                f"no instrument has the id {iid!r}",
                "define it under instruments/ (it carries the title, kind and sources)",
            )
            continue
        if op not in TABLE_OPS:
            _cell_problem(
                files,
                cols,
                i,
                "op",
                "effect-op",
                f"op: {op!r} is not an operation a table row may hold",
                f"use one of {', '.join(TABLE_OPS)}; write other effects in YAML",
            )
            continue
        rows = added.setdefault(iid, [])
        data: dict[str, Any] = {
            "id": f"{iid}#t{len(rows) + 1}",
            "op": op,
            "places": [cols.cell("place", i)],
        }
        for name in ("date", "from", "to", "by", "control", "note"):
            value = cols.cell(name, i)
            if value is not None:
                data[name] = value
        try:
            effect = _EFFECT_ADAPTER.validate_python(data)
        except ValidationError as exc:
            for err in exc.errors():
                # pydantic puts the op tag first in the location; the field follows it.
                loc = [p for p in err["loc"] if isinstance(p, str) and p != op]
                column = _EFFECT_FIELD_COLUMN.get(loc[0], loc[0]) if loc else "op"
                kind = err["type"]
                msg = str(err["msg"]).removeprefix("Value error, ")
                if kind == "missing":
                    rule, hint = "schema-missing", f"the op {op!r} needs {column!r}"
                elif kind == "extra_forbidden":
                    rule, hint = "schema-unknown-field", f"the op {op!r} takes no {column!r}"
                elif "EDTF" in msg:
                    rule, hint = "date-invalid", "write an EDTF date such as 1945-09-02 or 1946-02"
                else:
                    rule, hint = "schema-type", "see the effects table columns in docs"
                _cell_problem(files, cols, i, column, rule, f"{column}: {msg}", hint)
            continue
        base = len(instrument.effects) + len(rows)
        rows.append(effect)
        files.table_effects[(iid, base)] = cols.where(i)
    for iid, effects in added.items():
        instrument = files.instruments[iid]
        files.instruments[iid] = instrument.model_copy(
            update={"effects": [*instrument.effects, *effects]}
        )


# -- writing -------------------------------------------------------------------------------------


def _atomic_write(table: Any, target: Path) -> Path:
    import pyarrow.parquet as pq

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        pq.write_table(table, tmp, compression="zstd")
        os.replace(tmp, target)  # readers see the old table or the new one, never half of one
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _target(path: Path, default: Path) -> Path:
    path = Path(path)
    return path / default if path.is_dir() or path.suffix != ".parquet" else path


def write_places_table(path: str | Path, rows: Iterable[PlaceRow]) -> Path:
    """Write ``tables/places.parquet`` (GeoParquet 1.0 metadata) atomically.

    Parameters
    ----------
    path : str or Path
        A ledger folder (the table goes to ``tables/places.parquet`` in it) or a ``.parquet`` path.
    rows : iterable of PlaceRow

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    TableWriteError
        A row's geometry is not a Polygon or MultiPolygon; nothing is written.
    """
    import pyarrow as pa

    ids: list[str] = []
    names: list[str] = []
    other: list[str | None] = []
    aliases: list[str | None] = []
    summaries: list[str | None] = []
    geoms: list[BaseGeometry] = []
    types: set[str] = set()
    for n, row in enumerate(rows, start=1):
        if row.geometry.geom_type not in _POLYGONAL:
            raise TableWriteError(
                f"row {n} ({row.id!r}): a {row.geometry.geom_type} is not a place geometry; "
                "give a Polygon or MultiPolygon"
            )
        types.add(row.geometry.geom_type)
        ids.append(row.id)
        names.append(row.name)
        other.append(json.dumps(dict(row.names), ensure_ascii=False) if row.names else None)
        aliases.append(
            json.dumps({k: list(v) for k, v in row.aliases.items()}, ensure_ascii=False)
            if row.aliases
            else None
        )
        summaries.append(row.summary)
        geoms.append(row.geometry)
    wkb = list(shapely.to_wkb(geoms)) if geoms else []
    bounds = list(shapely.total_bounds(geoms)) if geoms else []
    geo = {
        "version": "1.0.0",
        "primary_column": "geometry",
        "columns": {
            "geometry": {
                # No "crs": GeoParquet then means OGC:CRS84, lon/lat on WGS84, as places are.
                "encoding": "WKB",
                "geometry_types": sorted(types),
                **({"bbox": [float(b) for b in bounds]} if bounds else {}),
            }
        },
    }
    table = pa.table(
        {
            "id": pa.array(ids, pa.string()),
            "name": pa.array(names, pa.string()),
            "names": pa.array(other, pa.string()),
            "aliases": pa.array(aliases, pa.string()),
            "summary": pa.array(summaries, pa.string()),
            "geometry": pa.array(wkb, pa.binary()),
        }
    ).replace_schema_metadata({"geo": json.dumps(geo)})
    return _atomic_write(table, _target(Path(path), PLACES_TABLE))


def write_effects_table(path: str | Path, rows: Iterable[EffectRow]) -> Path:
    """Write ``tables/effects.parquet`` atomically.

    Parameters
    ----------
    path : str or Path
        A ledger folder (the table goes to ``tables/effects.parquet``) or a ``.parquet`` path.
    rows : iterable of EffectRow
        In the order the effects should take within each instrument.

    Returns
    -------
    Path
        The file written.

    Raises
    ------
    TableWriteError
        A row's ``op`` is not one of :data:`TABLE_OPS`; nothing is written.
    """
    import pyarrow as pa

    cols: dict[str, list[Any]] = {name: [] for name in EFFECT_COLUMNS}
    for n, row in enumerate(rows, start=1):
        if row.op not in TABLE_OPS:
            raise TableWriteError(
                f"row {n} ({row.instrument!r}): op {row.op!r} cannot be a table row; "
                f"use one of {', '.join(TABLE_OPS)}"
            )
        cols["instrument"].append(row.instrument)
        cols["op"].append(row.op)
        cols["place"].append(row.place)
        cols["date"].append(row.date)
        cols["from"].append(row.from_)
        cols["to"].append(row.to)
        cols["by"].append(row.by)
        cols["control"].append(row.control)
        cols["note"].append(row.note)
    table = pa.table(
        {
            name: pa.array(values, pa.bool_() if name == "control" else pa.string())
            for name, values in cols.items()
        }
    )
    return _atomic_write(table, _target(Path(path), EFFECTS_TABLE))
