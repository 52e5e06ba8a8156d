"""Reading a ledger folder: YAML files with positions → typed records, every problem collected.

:func:`read_ledger` never stops at the first problem and never returns a half-built ledger: it
gathers every schema, reference, date and geometry problem (see :mod:`.validate`) and raises one
:class:`~terrachron.errors.LedgerError` carrying them all.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from terrachron.dates import EdtfDate, parse_edtf
from terrachron.engine.compiled import Windows
from terrachron.errors import LedgerError, Problem, Severity
from terrachron.ledger.tables import read_tables
from terrachron.ledger.yamlpos import LocatedYaml, load_yaml
from terrachron.model import RECORD_KINDS, Group, Instrument, Place, Polity, Source, View

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from terrachron.ledger.tables import TableRow

__all__ = ["LedgerFiles", "LedgerMeta", "Origin", "decode_text", "read_ledger", "read_record"]

_YAML_SUFFIXES = {".yaml", ".yml"}
_GEOMETRY_SUFFIXES = {".geojson", ".json"}

MAX_YAML_BYTES = 8 * 1024 * 1024
"""Largest YAML file of a ledger (8 MiB). A record file holds one record or a few hundred; a
larger one is refused by its size before it is read, since parsing 50 MB takes seconds and
gigabytes only to fail on the node limit. Geometry files are not limited: borders are large."""


@dataclass(frozen=True)
class LedgerMeta:
    """The optional ``ledger.yaml`` at the root: an id and a title for the ledger.

    ``recorded_until`` is the date the record ends, when the ledger states one: answers after it
    say that nothing is recorded later.
    ``coverage`` says in words what the ledger covers (for "not covered by this ledger (it
    covers ...)"); ``land`` names a land layer (GeoJSON, relative to the folder) that tells
    ``locate`` land from sea near the ledger's places.
    """

    id: str
    title: str
    description: str = ""
    license: str = ""
    recorded_until: EdtfDate | None = None
    includes: tuple[str, ...] = ()
    coverage: str = ""
    land: str = ""


@dataclass(frozen=True)
class Origin:
    """Where a record was written: its file, the parsed YAML, and its path inside the document."""

    file: Path
    display: Path
    located: LocatedYaml
    prefix: tuple[str | int, ...]

    def where(self, *sub: str | int) -> tuple[int, int]:
        """1-based (line, column) of ``sub`` inside this record."""
        return self.located.position((*self.prefix, *sub))


@dataclass
class LedgerFiles:
    """Records read from a ledger folder, with the origin of each, before cross-checks."""

    root: Path
    meta: LedgerMeta
    polities: dict[str, Polity] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    groups: dict[str, Group] = field(default_factory=dict)
    instruments: dict[str, Instrument] = field(default_factory=dict)
    views: dict[str, View] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    origins: dict[tuple[str, str], Origin] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    digest: str = ""
    # Records read from tables/*.parquet: where each was written (row and columns), and the
    # places' geometry, which has no GeoJSON file to read later.
    table_rows: dict[tuple[str, str], TableRow] = field(default_factory=dict)
    table_effects: dict[tuple[str, int], TableRow] = field(default_factory=dict)
    given_geometries: dict[str, BaseGeometry] = field(default_factory=dict)
    # A ledger merged from includes (see .merge): the ledger each record came from, the ledgers
    # by rank (highest first), each one as read, and the places cut away by a higher one.
    ledger_of: dict[tuple[str, str], str] = field(default_factory=dict)
    ranks: tuple[str, ...] = ()
    parts: list[LedgerFiles] = field(default_factory=list)
    dropped_places: dict[str, str] = field(default_factory=dict)
    # Windowed places (``overrides:``) as the merge split them: see .merge.
    windows: Windows = field(default_factory=Windows)
    meta_located: LocatedYaml | None = None

    def source_ledger(self, kind: str, record_id: str) -> str:
        """The id of the ledger a record came from (this ledger's, when nothing is included)."""
        return self.ledger_of.get((kind, record_id), self.meta.id)

    def meta_position(self, sub: tuple[str | int, ...]) -> tuple[int, int]:
        """1-based (line, column) of ``sub`` inside ``ledger.yaml``."""
        if self.meta_located is None:
            return (0, 0)
        return self.meta_located.position(sub)

    def table(self, kind: str) -> dict[str, Any]:
        """The records of one kind (``polities``, ``places``, ...) by id."""
        table: dict[str, Any] = getattr(self, kind)
        return table

    def problem(
        self,
        kind: str,
        record_id: str,
        sub: tuple[str | int, ...],
        rule: str,
        message: str,
        hint: str = "",
        severity: Severity = Severity.ERROR,
    ) -> None:
        """Record a problem located at ``sub`` inside the record ``(kind, record_id)``."""
        row = self._table_row(kind, record_id, sub)
        if row is not None:
            line, col = row.where(*sub)
            self.problems.append(Problem(row.display, line, col, rule, message, hint, severity))
            return
        origin = self.origins.get((kind, record_id))
        if origin is None:
            self.problems.append(Problem(None, 0, 0, rule, message, hint, severity))
            return
        line, col = origin.where(*sub)
        self.problems.append(Problem(origin.display, line, col, rule, message, hint, severity))

    def _table_row(self, kind: str, record_id: str, sub: tuple[str | int, ...]) -> TableRow | None:
        """The table row a problem belongs to, when the record (or effect) came from a table."""
        if not self.table_rows and not self.table_effects:
            return None
        if kind == "instruments" and len(sub) >= 2 and sub[0] == "effects":
            index = sub[1]
            return self.table_effects.get((record_id, index)) if isinstance(index, int) else None
        return self.table_rows.get((kind, record_id))


def _display(path: Path, root: Path) -> Path:
    try:
        return path.relative_to(root)
    except ValueError:
        return path


def _iter_files(root: Path, kind: str) -> Iterator[Path]:
    folder = root / kind
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix.lower() in _YAML_SUFFIXES:
            yield path


def _loc_path(loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    # pydantic adds the union member's tag (e.g. 'transfer') to the location of an effect
    # error; that segment is not in the YAML, so drop non-key strings that are op names.
    out: list[str | int] = []
    for part in loc:
        if isinstance(part, int | str):
            out.append(part)
    return tuple(out)


def _validation_problems(
    exc: ValidationError, display: Path, located: LocatedYaml, prefix: tuple[str | int, ...]
) -> list[Problem]:
    problems = []
    for err in exc.errors():
        loc = _loc_path(err["loc"])
        # Strip discriminator tags that pydantic inserts after 'effects', i.
        cleaned: list[str | int] = []
        for i, part in enumerate(loc):
            if (
                i >= 2
                and loc[i - 2] == "effects"
                and isinstance(loc[i - 1], int)
                and isinstance(part, str)
                and part not in _EFFECT_FIELDS
            ):
                continue
            cleaned.append(part)
        path = (*prefix, *cleaned)
        if err["type"] == "extra_forbidden":
            line, col = located.key_position(path)  # point at the misspelled key itself
        else:
            line, col = located.position(path)
        field_name = ".".join(str(p) for p in cleaned) or "<record>"
        kind = err["type"]
        if kind == "missing":
            rule, hint = "schema-missing", f"add the field '{cleaned[-1] if cleaned else ''}'"
        elif kind == "extra_forbidden":
            rule, hint = "schema-unknown-field", "remove it or check its spelling"
        elif kind in ("union_tag_invalid", "union_tag_not_found"):
            rule, hint = "effect-op", "use one of the effect operations listed in docs"
        elif "EDTF" in err["msg"]:
            rule, hint = "date-invalid", "write an EDTF date such as 1945-09-02 or 1946-02"
        else:
            rule, hint = "schema-type", "see the JSON Schema in schema/ for the expected type"
        msg = err["msg"].removeprefix("Value error, ")
        problems.append(Problem(display, line, col, rule, f"{field_name}: {msg}", hint))
    return problems


_EFFECT_FIELDS = {
    "id",
    "places",
    "group",
    "date",
    "note",
    "op",
    "from",
    "to",
    "by",
    "parties",
    "control",
    "condition",
    "affirms",
}


def decode_text(raw: bytes, display: Path, files: LedgerFiles) -> str | None:
    """UTF-8 text of a file, or None after recording where the first bad byte is."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        files.problems.append(
            Problem(
                display,
                line,
                column,
                "encoding",
                f"not UTF-8 text: byte 0x{raw[exc.start]:02x} cannot be decoded",
                "save the file as UTF-8",
            )
        )
        return None


def _oversized(path: Path, display: Path, files: LedgerFiles) -> bool:
    """Whether the file is too large to read, after recording the problem."""
    size = path.stat().st_size
    if size <= MAX_YAML_BYTES:
        return False
    files.problems.append(
        Problem(
            display,
            1,
            1,
            "file-size",
            f"the file holds {size:,} bytes; a ledger YAML file may hold at most "
            f"{MAX_YAML_BYTES:,} (8 MiB)",
            "split its records over several files (one record per file is the convention)",
        )
    )
    return True


def _read_meta(root: Path, files: LedgerFiles) -> None:
    path = root / "ledger.yaml"
    if not path.is_file():
        return
    display = Path("ledger.yaml")
    if _oversized(path, display, files):
        return
    text = decode_text(path.read_bytes(), display, files)
    if text is None:
        return
    located = load_yaml(text)
    for issue in located.issues:
        files.problems.append(
            Problem(display, issue.line, issue.column, issue.rule, issue.message, issue.hint)
        )
    data = located.data
    files.meta_located = located
    if isinstance(data, Mapping):
        from terrachron.ledger.merge import parse_includes

        files.meta = LedgerMeta(
            id=str(data.get("id", files.meta.id)),
            title=str(data.get("title", files.meta.title)),
            description=str(data.get("description", "")),
            license=str(data.get("license", "")),
            recorded_until=_recorded_until(data, located, display, files),
            includes=parse_includes(located, display, files),
            coverage=" ".join(str(data.get("coverage", "")).split()),
            land=str(data.get("land", "")),
        )


def _recorded_until(
    data: Mapping[str, Any], located: LocatedYaml, display: Path, files: LedgerFiles
) -> EdtfDate | None:
    raw = data.get("recorded_until")
    if raw is None:
        return None
    try:
        when = parse_edtf(f"{raw:04d}" if isinstance(raw, int) else str(raw))
    except Exception as exc:  # every parse failure is the author's to fix, reported as such
        line, column = located.position(("recorded_until",))
        files.problems.append(
            Problem(
                display,
                line,
                column,
                "recorded-until",
                f"recorded_until is not an EDTF date: {exc}",
                "write the last day the record covers, e.g. 2025-01-24",
            )
        )
        return None
    if not when.bounded:
        line, column = located.position(("recorded_until",))
        files.problems.append(
            Problem(
                display,
                line,
                column,
                "recorded-until",
                f"recorded_until {when.text} is open-ended",
                "write the last day the record covers, e.g. 2025-01-24",
            )
        )
        return None
    return when


def read_ledger(root: Path) -> LedgerFiles:
    """Read every record file of the ledger at ``root``, collecting problems instead of raising.

    A ledger whose ``ledger.yaml`` lists ``includes:`` comes back merged with them (see
    :mod:`terrachron.ledger.merge`).

    Parameters
    ----------
    root : Path
        The ledger folder (holding ``polities/``, ``places/``, ...).

    Returns
    -------
    LedgerFiles
        The records that parsed, their origins, and every problem met so far.
    """
    from terrachron.ledger.merge import merge_includes

    return merge_includes(_read_one(Path(root)), _read_one)


def _read_one(root: Path) -> LedgerFiles:
    """One ledger folder as written, its ``includes:`` not followed."""
    if not root.is_dir():
        raise LedgerError(
            [
                Problem(
                    root, 0, 0, "ledger-missing", f"{root} is not a folder", "pass a ledger folder"
                )
            ]
        )
    files = LedgerFiles(root=root, meta=LedgerMeta(id=root.name, title=root.name))
    _read_meta(root, files)
    hasher = hashlib.sha256()
    for kind, model in RECORD_KINDS.items():
        for path in _iter_files(root, kind):
            display = _display(path, root)
            if _oversized(path, display, files):
                hasher.update(display.as_posix().encode() + b"\0oversized\0")
                continue
            raw = path.read_bytes()
            hasher.update(display.as_posix().encode() + b"\0" + raw + b"\0")
            text = decode_text(raw, display, files)
            if text is None:
                continue
            located = load_yaml(text)
            for issue in located.issues:
                files.problems.append(
                    Problem(
                        display, issue.line, issue.column, issue.rule, issue.message, issue.hint
                    )
                )
            if any(issue.rule == "yaml-syntax" for issue in located.issues):
                continue  # the values are not what the author wrote: checking them misleads
            if located.data is None:
                if not located.issues:
                    files.problems.append(
                        Problem(
                            display, 1, 1, "empty-file", "the file holds no record", "remove it"
                        )
                    )
                continue
            items: list[tuple[tuple[str | int, ...], Any]]
            if isinstance(located.data, list):
                items = [((i,), item) for i, item in enumerate(located.data)]
            else:
                items = [((), located.data)]
            for prefix, item in items:
                read_record(files, kind, model, item, path, display, located, prefix)
    read_tables(root, files, hasher)
    for path in sorted(root.rglob("*")):
        # Geometry files change answers (locate, areas) as much as records do: hash them too.
        if path.is_file() and path.suffix.lower() in _GEOMETRY_SUFFIXES:
            display = _display(path, root)
            hasher.update(display.as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    files.digest = hasher.hexdigest()
    return files


def read_record(
    files: LedgerFiles,
    kind: str,
    model: type[BaseModel],
    item: Any,
    path: Path,
    display: Path,
    located: LocatedYaml,
    prefix: tuple[str | int, ...],
) -> None:
    """Validate one YAML record against ``model`` and add it to ``files`` under ``kind``.

    Every problem (not a mapping, a field breaking the schema, a duplicate id) is recorded in
    ``files.problems`` at its line and column instead of raised; the scenarios read their own
    files with the same rules.
    """
    line, col = located.position(prefix)
    if not isinstance(item, Mapping):
        files.problems.append(
            Problem(
                display,
                line,
                col,
                "schema-type",
                f"a {kind} record must be a mapping, not {type(item).__name__}",
                "write the record as key: value lines",
            )
        )
        return
    try:
        record = model.model_validate(item)
    except ValidationError as exc:
        files.problems.extend(_validation_problems(exc, display, located, prefix))
        return
    record_id = str(getattr(record, "id"))  # noqa: B009 - every record kind has an id
    table = files.table(kind)
    if record_id in table:
        first = files.origins[(kind, record_id)]
        fl, _ = first.where()
        id_line, id_col = located.position((*prefix, "id"))
        files.problems.append(
            Problem(
                display,
                id_line,
                id_col,
                "duplicate-id",
                f"the {kind[:-1]} id {record_id!r} is already defined at "
                f"{first.display.as_posix()}:{fl}",
                "give each record a unique id",
            )
        )
        return
    table[record_id] = record
    files.origins[(kind, record_id)] = Origin(path, display, located, prefix)
