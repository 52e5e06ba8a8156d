"""Drafts as ledger YAML, and accepting a reviewed draft into a ledger folder.

A draft is one YAML (or JSON) document whose ``instruments``, ``places``, ``polities`` and
``sources`` lists hold records in the ledger's own format (:mod:`terrachron.model` field names),
so a reviewer edits what will be written. What the ledger format has no room for lives in side
fields whose names start with ``x-``:

- ``x-status``: ``new`` (a proposal) or ``linked`` (the ledger already holds this id);
- ``x-evidence``: per field, the character offsets, the phrase, the sentence and a confidence;
- ``x-link-score``: how strongly a mention matched the ledger's instrument.

:func:`accept` strips every ``x-`` field, drops what still breaks the model (an effect whose
giver the text never named), and writes the new records as files of a ledger folder, where
``terrachron validate`` checks them like any others. Linked instruments are not rewritten: the
ledger already holds them, and ``terrachron extract --diff`` says where the article disagrees.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import TypeAdapter, ValidationError

from terrachron.extract.reader import ExtractError
from terrachron.extract.records import (
    DraftEffect,
    DraftEntity,
    DraftInstrument,
    Evidence,
    Extraction,
)
from terrachron.ledger.load import Origin, read_ledger
from terrachron.ledger.write import PlannedFile, write_files
from terrachron.model import Effect, Instrument, Place, Polity, Source
from terrachron.query import check_ledger

__all__ = [
    "AcceptConflictError",
    "AcceptReport",
    "accept",
    "draft_data",
    "dump_draft",
    "load_draft",
]

_EFFECT = TypeAdapter(Effect)
_TITLE_OPS = ("transfer", "cede", "promise_transfer")


def _evidence(ev: Evidence) -> dict[str, Any]:
    return {
        "chars": [ev.start, ev.end],
        "text": ev.text,
        "sentence": [ev.sentence[0], ev.sentence[1]],
        "sentence_text": ev.sentence_text,
        "confidence": ev.confidence,
    }


def _effect(effect: DraftEffect) -> dict[str, Any]:
    out: dict[str, Any] = {"op": effect.op}
    if effect.op in _TITLE_OPS:
        if effect.from_:
            out["from"] = effect.from_
        out["to"] = effect.to
    elif effect.op == "condominium":
        out["parties"] = [p for p in (effect.by,) if p]
    else:
        out["by"] = effect.by
    if effect.places:
        out["places"] = list(effect.places)
    if effect.group:
        out["group"] = effect.group
    if effect.date:
        out["date"] = effect.date
    if effect.condition:
        out["condition"] = effect.condition
    out["x-evidence"] = _evidence(effect.evidence)
    return out


def _summary(inst: DraftInstrument, source: str) -> str:
    # Generated from the fields, never from the source's sentences (which the evidence holds).
    when = inst.signed or inst.date or inst.in_force or "an undated day"
    ops = ", ".join(sorted({e.op for e in inst.effects})) or "no effect found"
    return (
        f"Draft from {source}: a {inst.kind} dated {when} ({ops}). Extracted automatically; "
        "check it against the evidence and rewrite this summary in your own words."
    )


def _instrument(inst: DraftInstrument, source: str) -> dict[str, Any]:
    out: dict[str, Any] = {"id": inst.id, "kind": inst.kind, "title": inst.title}
    if inst.aliases:
        out["aliases"] = list(inst.aliases)
    out["parties"] = list(inst.parties)
    for key in ("date", "signed", "in_force"):
        value = getattr(inst, key)
        if value:
            out[key] = value
    out["summary"] = _summary(inst, source)
    title_ev = inst.evidence.get("title")
    cite: dict[str, Any] = {
        "source": source,
        "note": "Extracted draft: where the article names it.",
    }
    if title_ev is not None:
        cite["chars"] = [title_ev.start, title_ev.end]
    out["sources"] = [cite]
    out["effects"] = [_effect(e) for e in inst.effects]
    out["x-status"] = inst.status
    if inst.link_score is not None:
        out["x-link-score"] = inst.link_score
    out["x-evidence"] = {k: _evidence(v) for k, v in inst.evidence.items()}
    return out


def _entity(entity: DraftEntity) -> dict[str, Any]:
    out: dict[str, Any] = {"id": entity.id, "names": {"en": entity.name}}
    if entity.kind == "polity" and entity.status == "new":
        # A candidate's lifespan is unknown: open at both ends until a reviewer fills it in.
        if entity.code:
            out["codes"] = {"iso3166": entity.code}
        out["lifespan"] = "../.."
    out["x-status"] = entity.status
    out["x-kind"] = entity.kind
    out["x-evidence"] = _evidence(entity.evidence)
    return out


def draft_data(extraction: Extraction) -> dict[str, Any]:
    """The draft as plain data, ready for YAML or JSON.

    Parameters
    ----------
    extraction : Extraction

    Returns
    -------
    dict
        Keys ``draft`` (about the run), ``sources``, ``polities``, ``places``,
        ``instruments``, ``loose-effects`` and ``dates``.
    """
    src = extraction.source
    source: dict[str, Any] = {"id": src.id, "kind": "article", "title": src.title or src.id}
    if src.published:
        source["published"] = src.published
    source["sha256"] = src.sha256
    return {
        "draft": {
            "source": src.path or src.id,
            "ledger": extraction.ledger,
            "characters": src.chars,
            "notes": list(extraction.notes),
        },
        "sources": [source],
        "polities": [_entity(p) for p in extraction.polities],
        "places": [_entity(p) for p in extraction.places],
        "instruments": [_instrument(i, src.id) for i in extraction.instruments],
        "loose-effects": [_effect(e) for e in extraction.loose_effects],
        "dates": [
            {
                "text": ev.text,
                "chars": [ev.start, ev.end],
                "edtf": edtf,
                "form": form,
                "approximate": approx,
                "confidence": ev.confidence,
            }
            for ev, edtf, form, approx in extraction.dates
        ],
    }


def dump_draft(extractions: list[Extraction], fmt: str = "yaml") -> str:
    """Drafts as text: YAML documents separated by ``---``, or one JSON array."""
    data = [draft_data(e) for e in extractions]
    if fmt == "json":
        return json.dumps(data if len(data) != 1 else data[0], ensure_ascii=False, indent=2) + "\n"
    head = (
        "# terrachron extraction draft: review every entry; fields named x-... are evidence\n"
        "# and are dropped by `terrachron accept`.\n"
    )
    docs = [_yaml(d) for d in data]
    return head + "---\n".join(docs)


class _Dumper(yaml.SafeDumper):
    """Short lists of scalars (offsets, ids) on one line, as the ledger files write them."""


def _list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(not isinstance(v, dict | list) for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _list)


def _yaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)


def load_draft(path: Path) -> list[dict[str, Any]]:
    """Read a draft file (YAML documents or JSON) back into plain data."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ExtractError(f"cannot read the draft {path}: {exc}") from exc
    try:
        if path.suffix.lower() == ".json":
            loaded = json.loads(text)
            docs = loaded if isinstance(loaded, list) else [loaded]
        else:
            docs = [d for d in yaml.safe_load_all(text) if d is not None]
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ExtractError(f"{path} is not a draft: {exc}") from exc
    if not all(isinstance(d, Mapping) and "instruments" in d for d in docs):
        raise ExtractError(f"{path} is not a terrachron draft (no `instruments` list)")
    return [dict(d) for d in docs]


def _strip(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _strip(v) for k, v in value.items() if not str(k).startswith("x-")}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


@dataclass
class AcceptReport:
    """What :func:`accept` wrote and what it left out, with why.

    Attributes
    ----------
    written : list of Path
        The files written (under the ledger folder given).
    skipped : list of str
        Records and effects the model rejects, each with the reason.
    unchanged : list of str
        ``kind/id`` of draft records the ledger already holds exactly as drafted.
    notes : list of str
        Anything else worth knowing (a file name taken, so the record went under another).
    """

    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class AcceptConflictError(ExtractError):
    """A draft record has the id of a different record already in the ledger.

    Attributes
    ----------
    conflicts : tuple of str
        One line per conflicting record: its ``kind/id`` and where the ledger defines it.
    """

    def __init__(self, conflicts: list[str]) -> None:
        self.conflicts = tuple(conflicts)
        listed = "\n".join(f"  {c}" for c in conflicts)
        super().__init__(
            f"{len(conflicts)} draft record(s) have the id of a different record already in the "
            f"ledger; nothing was written:\n{listed}\n"
            "pass `--replace ID` for each record the draft should overwrite, or give the draft "
            "record another id"
        )


_KINDS: dict[str, type[Polity] | type[Place] | type[Source] | type[Instrument]] = {
    "sources": Source,
    "polities": Polity,
    "places": Place,
    "instruments": Instrument,
}


def _free_name(root: Path, kind: str, rid: str, taken: set[Path]) -> Path:
    """``kind/rid.yaml``, or ``kind/rid-2.yaml``... when a file (or link) has that name."""
    n = 1
    while True:
        rel = Path(kind) / (f"{rid}.yaml" if n == 1 else f"{rid}-{n}.yaml")
        target = root / rel
        if rel not in taken and not target.exists() and not target.is_symlink():
            return rel
        n += 1


def _sole_record(origin: Origin) -> bool:
    """Whether the file of ``origin`` holds that record and no other."""
    data = origin.located.data
    return origin.prefix == () or (isinstance(data, list) and len(data) == 1)


def accept(
    drafts: list[dict[str, Any]], into: Path, *, replace: Collection[str] = ()
) -> AcceptReport:
    """Write the new records of reviewed drafts into the ledger folder ``into``: all or none.

    New polities, places, sources and instruments become one YAML file each under the usual
    sub-folders; ``x-`` fields are dropped; linked records, and records the ledger already
    holds unchanged, are left alone; an effect or record that the model rejects is skipped and
    reported. The files are staged, the ledger with them is validated, and only then are they
    moved into place (:func:`terrachron.ledger.write.write_files`), so a failure leaves the
    ledger as it was. An existing file is never overwritten, except the file of a record named
    in ``replace`` when it holds that record alone.

    Parameters
    ----------
    drafts : list of dict
        Draft documents, as :func:`load_draft` returns them.
    into : Path
        The ledger folder (created when missing).
    replace : collection of str
        Ids of ledger records that the draft's record of the same id should overwrite.

    Raises
    ------
    AcceptConflictError
        When a draft record has the id of a different ledger record not named in ``replace``.
    ExtractError
        When ``into`` is not a folder, or a record named in ``replace`` cannot be replaced.
    LedgerWriteError
        When a file cannot be written or the ledger would not validate; nothing is written.
    """
    report = AcceptReport()
    if into.exists() and not into.is_dir():
        raise ExtractError(f"{into} is not a folder")
    ledger = read_ledger(into) if into.is_dir() else None
    conflicts: list[str] = []
    planned: list[PlannedFile] = []
    taken: set[Path] = set()
    pending: dict[tuple[str, str], Any] = {}
    replaced: set[str] = set()
    for doc in drafts:
        for kind, model in _KINDS.items():
            for raw in doc.get(kind) or []:
                if not isinstance(raw, Mapping):
                    continue
                rid = str(raw.get("id", "?"))
                if raw.get("x-status", "new") == "linked":
                    continue
                if kind == "places" and raw.get("x-kind") == "group":
                    continue
                record = _strip(raw)
                if kind == "instruments":
                    record = _keep_valid_effects(record, rid, report)
                try:
                    parsed = model.model_validate(record)
                except ValidationError as exc:
                    first = exc.errors()[0]
                    where = ".".join(str(p) for p in first["loc"])
                    report.skipped.append(f"{kind}/{rid}: {where}: {first['msg']}")
                    continue
                if (kind, rid) in pending:
                    if pending[(kind, rid)] != parsed:
                        conflicts.append(f"{kind}/{rid}: the drafts give two different records")
                    continue
                pending[(kind, rid)] = parsed
                existing = ledger.table(kind).get(rid) if ledger is not None else None
                content = _yaml(record).encode("utf-8")
                if existing is None:
                    rel = _free_name(into, kind, rid, taken)
                    if rel.name != f"{rid}.yaml":
                        report.notes.append(
                            f"{kind}/{rid}.yaml is taken by another file: wrote {rel.as_posix()}"
                        )
                    planned.append(PlannedFile(rel, content))
                    taken.add(rel)
                    continue
                assert ledger is not None
                if existing == parsed:
                    report.unchanged.append(f"{kind}/{rid}")
                    continue
                origin = ledger.origins[(kind, rid)]
                line, _ = origin.where()
                where = f"{origin.display.as_posix()}:{line}"
                if rid not in replace:
                    conflicts.append(f"{kind}/{rid}: differs from the record at {where}")
                    continue
                if not _sole_record(origin):
                    raise ExtractError(
                        f"cannot replace {kind}/{rid}: {origin.display.as_posix()} holds other "
                        "records too, and accept never rewrites them; move the record into a "
                        "file of its own (or edit it there), then accept again"
                    )
                replaced.add(rid)
                planned.append(PlannedFile(origin.display, content, replace=True))
                taken.add(origin.display)
    if conflicts:
        raise AcceptConflictError(conflicts)
    unused = sorted(set(replace) - replaced)
    if unused:
        raise ExtractError(
            f"--replace names {', '.join(unused)}, which no draft record replaces (the ledger "
            "has no such record, or it is unchanged); nothing was written"
        )
    if planned:
        written = write_files(into, planned, check=lambda root: check_ledger(root)[1])
        report.written = [into / rel for rel in written]
    return report


def _keep_valid_effects(record: dict[str, Any], rid: str, report: AcceptReport) -> dict[str, Any]:
    kept = []
    for i, effect in enumerate(record.get("effects") or []):
        try:
            _EFFECT.validate_python(effect)
        except ValidationError as exc:
            first = exc.errors()[0]
            report.skipped.append(
                f"instruments/{rid} effect {i + 1} ({effect.get('op')}): "
                f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"
            )
            continue
        kept.append(effect)
    return {**record, "effects": kept}
