"""A review of one draft against one ledger: its records, their diff status, the decisions.

The review page (:mod:`terrachron.api.review_app`) is a view of a :class:`ReviewSession`. Each
drafted instrument, effect, place and polity is one :class:`ReviewItem`, keyed by its position in
the draft (``instruments/2``, ``instruments/2/effects/0``, ``places/5``), which stays stable when a
reviewer edits the record's id. Decisions are kept in a sidecar file next to the draft
(``DRAFT.review.json``), written atomically after every change, so a review survives a closed
tab or a stopped server and is resumed by starting it again.

Writing goes through :func:`terrachron.extract.draft.accept`, the code path of ``terrachron
accept``: the accepted records become one draft document, the ids the reviewer chose to replace
become its ``replace`` list, and the ledger is validated before anything is moved into place.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from terrachron.dates import EdtfDate, parse_edtf
from terrachron.errors import DateError, TerrachronError
from terrachron.extract.draft import AcceptReport, accept, load_draft
from terrachron.ledger.load import LedgerFiles, read_ledger
from terrachron.ledger.yamlpos import load_yaml
from terrachron.model import Effect, Instrument, Place, Polity

__all__ = [
    "Decision",
    "EditError",
    "ReviewError",
    "ReviewItem",
    "ReviewSession",
    "Status",
    "WritePlan",
]

Kind = Literal["instrument", "effect", "place", "polity"]
Status = Literal["new", "agrees", "contradicts"]
Decision = Literal["pending", "accept", "reject", "edit"]

_SIDECAR_VERSION = 1
_EFFECT: TypeAdapter[Any] = TypeAdapter(Effect)
_MODELS: dict[str, type[BaseModel]] = {
    "instrument": Instrument,
    "place": Place,
    "polity": Polity,
}
_SECTIONS: dict[str, Kind] = {"instruments": "instrument", "places": "place", "polities": "polity"}


class ReviewError(TerrachronError):
    """A review cannot start or go on as asked (missing article, stale sidecar, bad request)."""


class EditError(ReviewError):
    """An edited record breaks the model; ``rule`` names the field and what it must be."""

    def __init__(self, rule: str) -> None:
        self.rule = rule
        super().__init__(f"the edited record is not valid: {rule}; fix it and save again")


def _strip(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _strip(v) for k, v in value.items() if not str(k).startswith("x-")}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def _rule(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"]) or "(the record)"
    more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
    return f"{where}: {first['msg']}{more}"


def _edtf(text: object) -> EdtfDate | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        return parse_edtf(text)
    except DateError:
        return None


@dataclass
class ReviewItem:
    """One drafted record as the page shows it.

    Attributes
    ----------
    key : str
        Its position in the draft (``instruments/0/effects/1``), stable across edits.
    kind : {'instrument', 'effect', 'place', 'polity'}
    label : str
        A one-line description.
    record : dict
        The drafted record without its ``x-`` fields (what would be written).
    evidence : list of dict
        Spans of the article: ``start``, ``end``, ``text``, ``field`` and ``confidence``.
    confidence : float or None
        The lowest confidence of its evidence.
    status : {'new', 'agrees', 'contradicts'}
        Against the ledger, like ``terrachron extract --diff``.
    reasons : list of str
        Why it agrees or contradicts.
    ledger_record : dict or None
        The ledger's record of the same id, shown beside a contradiction.
    linked : bool
        The draft names a record the ledger already holds (``x-status: linked``).
    parent : str or None
        The instrument's key, for an effect.
    """

    key: str
    kind: Kind
    label: str
    record: dict[str, Any]
    evidence: list[dict[str, Any]]
    confidence: float | None
    status: Status = "new"
    reasons: list[str] = field(default_factory=list)
    ledger_record: dict[str, Any] | None = None
    linked: bool = False
    parent: str | None = None


@dataclass
class WritePlan:
    """What a write would do: the records written, the ledger records replaced, what is left out."""

    write: list[str] = field(default_factory=list)
    replace: list[str] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)


def _spans(raw: Mapping[str, Any], fallback_field: str) -> list[dict[str, Any]]:
    ev = raw.get("x-evidence")
    if not isinstance(ev, Mapping):
        return []
    pieces = {fallback_field: ev} if "chars" in ev else dict(ev)
    out = []
    for name, one in pieces.items():
        if not isinstance(one, Mapping):
            continue
        chars = one.get("chars")
        if isinstance(chars, list) and len(chars) == 2:
            out.append(
                {
                    "start": int(chars[0]),
                    "end": int(chars[1]),
                    "text": str(one.get("text", "")),
                    "field": name,
                    "confidence": one.get("confidence"),
                }
            )
    return out


def _lowest(spans: list[dict[str, Any]]) -> float | None:
    values = [float(s["confidence"]) for s in spans if isinstance(s["confidence"], int | float)]
    return min(values) if values else None


def _label(kind: Kind, record: Mapping[str, Any]) -> str:
    if kind == "effect":
        whom = record.get("to") or record.get("by") or ", ".join(record.get("parties") or [])
        where = ", ".join(record.get("places") or []) or record.get("group") or "?"
        role = "to" if "to" in record else "by"
        return f"{record.get('op')} {where} {role} {whom}"
    if kind == "instrument":
        when = record.get("signed") or record.get("date") or record.get("in_force") or "undated"
        return f"{record.get('title')} ({record.get('kind')}, {when})"
    names = record.get("names")
    name = names.get("en") if isinstance(names, Mapping) else None
    return f"{name or record.get('id')} ({record.get('id')})"


def _dump(model: BaseModel) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(model.model_dump_json(by_alias=True, exclude_defaults=True))
    return data


class ReviewSession:
    """The review of ``draft`` into the ledger folder ``into``.

    Parameters
    ----------
    draft : Path
        A draft written by ``terrachron extract -o``.
    into : Path
        The ledger folder the accepted records go into.
    article : Path, optional
        The article; by default the draft's ``draft.source``, relative to the draft's folder.

    Raises
    ------
    ReviewError
        When the article cannot be read, the draft holds more than one article, or the sidecar
        was written for another version of the draft.
    """

    def __init__(self, draft: Path, into: Path, article: Path | None = None) -> None:
        self.draft_path = draft
        self.into = into
        docs = load_draft(draft)
        if len(docs) != 1:
            raise ReviewError(
                f"{draft} holds {len(docs)} articles' drafts; the review page shows one article: "
                "extract each article to its own draft file"
            )
        self.doc: dict[str, Any] = docs[0]
        self.draft_sha256 = hashlib.sha256(draft.read_bytes()).hexdigest()
        self.article_path = article or self._article_path()
        try:
            self.article = self.article_path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ReviewError(
                f"cannot read the article {self.article_path} ({exc}); pass --article PATH"
            ) from exc
        self.sidecar = draft.with_name(draft.name + ".review.json")
        self.decisions: dict[str, dict[str, Any]] = {}
        self.written: list[str] = []
        self._load_sidecar()
        self.items: list[ReviewItem] = []
        self.refresh()

    def _article_path(self) -> Path:
        meta = self.doc.get("draft")
        source = meta.get("source") if isinstance(meta, Mapping) else None
        if not isinstance(source, str):
            raise ReviewError(f"{self.draft_path} does not name its article: pass --article PATH")
        path = Path(source)
        return path if path.is_absolute() else self.draft_path.parent / path

    # -- the sidecar ------------------------------------------------------------------------

    def _load_sidecar(self) -> None:
        if not self.sidecar.exists():
            return
        try:
            data = json.loads(self.sidecar.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise ReviewError(
                f"cannot read the saved decisions {self.sidecar} ({exc}); move it away to start "
                "the review over"
            ) from exc
        if not isinstance(data, dict) or data.get("draft_sha256") != self.draft_sha256:
            raise ReviewError(
                f"the saved decisions {self.sidecar} were made on another version of "
                f"{self.draft_path.name}; move the file away to start the review over"
            )
        self.decisions = dict(data.get("decisions") or {})
        self.written = list(data.get("written") or [])

    def _save(self) -> None:
        body = {
            "version": _SIDECAR_VERSION,
            "draft": self.draft_path.name,
            "draft_sha256": self.draft_sha256,
            "decisions": self.decisions,
            "written": self.written,
        }
        data = (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
        fd, tmp = tempfile.mkstemp(prefix=".review-", suffix=".tmp", dir=self.sidecar.parent)
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            # A reader (or the next start) sees the old decisions or the new ones, never half.
            os.replace(tmp, self.sidecar)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise ReviewError(f"cannot save the decisions to {self.sidecar}: {exc}") from exc

    # -- the records and their status ------------------------------------------------------

    def refresh(self) -> None:
        """Read the ledger again and recompute every record's status (at start, after a write)."""
        self._ledger = read_ledger(self.into) if self.into.is_dir() else None
        self._raw: dict[str, tuple[Kind, Mapping[str, Any], Mapping[str, Any] | None]] = {}
        for section, kind in _SECTIONS.items():
            for i, raw in enumerate(self.doc.get(section) or []):
                if not isinstance(raw, Mapping):
                    continue
                if kind == "place" and raw.get("x-kind") == "group":
                    continue  # groups are the ledger's: a draft only ever links to them
                key = f"{section}/{i}"
                self._raw[key] = (kind, raw, None)
                if kind == "instrument":
                    for j, eff in enumerate(raw.get("effects") or []):
                        if isinstance(eff, Mapping):
                            self._raw[f"{key}/effects/{j}"] = ("effect", eff, raw)
        for j, eff in enumerate(self.doc.get("loose-effects") or []):
            if isinstance(eff, Mapping):
                self._raw[f"loose-effects/{j}"] = ("effect", eff, None)
        self.items = [self._make(key) for key in self._raw]

    def _make(self, key: str) -> ReviewItem:
        kind, raw, parent = self._raw[key]
        item = self._item(key, kind, raw, self._ledger)
        if parent is not None:
            item.parent = key.rsplit("/effects/", 1)[0]
            item.linked = parent.get("x-status") == "linked"
        if kind == "effect":
            self._effect_status(item, self._ledger)
        return item

    def _remake(self, key: str) -> None:
        # An edit may change an id or a date: that record's status is computed again, from
        # the ledger as read at start (or at the last write), not from the disk on every key.
        self.items = [self._make(key) if it.key == key else it for it in self.items]

    def _item(
        self, key: str, kind: Kind, raw: Mapping[str, Any], ledger: LedgerFiles | None
    ) -> ReviewItem:
        spans = _spans(raw, "title" if kind == "instrument" else kind)
        record = _strip(dict(raw))
        item = ReviewItem(
            key=key,
            kind=kind,
            label=_label(kind, record),
            record=record,
            evidence=spans,
            confidence=_lowest(spans),
            linked=raw.get("x-status") == "linked",
        )
        edited = self.decisions.get(key, {}).get("record")
        if isinstance(edited, Mapping):
            item.label = _label(kind, edited)
        if kind != "effect":
            self._record_status(item, ledger)
        return item

    def _record_status(self, item: ReviewItem, ledger: LedgerFiles | None) -> None:
        rec = self.current(item)
        rid = str(rec.get("id"))
        section = item.key.split("/")[0]
        known = ledger.table(section).get(rid) if ledger is not None else None
        if known is None:
            return
        item.ledger_record = _dump(known)
        if item.kind != "instrument" and item.linked:
            item.status = "agrees"
            item.reasons = [f"the ledger holds {rid} under this name"]
            return
        if item.kind == "instrument" and item.linked:
            self._linked_instrument(item, rec, known)
            return
        try:
            mine = _MODELS[item.kind].model_validate(rec)
        except ValidationError:
            mine = None
        if mine == known:
            item.status = "agrees"
            item.reasons = ["the ledger holds this record exactly"]
        else:
            item.status = "contradicts"
            item.reasons = [f"the ledger's {rid} is a different record"]

    def _linked_instrument(
        self, item: ReviewItem, rec: Mapping[str, Any], known: Instrument
    ) -> None:
        theirs = {
            k: v
            for k, v in (
                ("date", known.date),
                ("signed", known.signed),
                ("in_force", known.in_force),
            )
            if v is not None
        }
        shown = ", ".join(f"{k} {v.text}" for k, v in theirs.items()) or "no date"
        reasons: list[str] = []
        bad = False
        for role in ("date", "signed", "in_force"):
            mine = _edtf(rec.get(role))
            if mine is None:
                continue
            agree = any(mine.lo <= d.hi and d.lo <= mine.hi for d in theirs.values())
            bad |= not agree
            verb = "agrees with" if agree else "contradicts"
            reasons.append(f"{role} {rec.get(role)} {verb} the ledger's {shown}")
        for party in rec.get("parties") or []:
            listed = party in known.parties
            bad |= not listed
            verb = "is" if listed else "is not"
            reasons.append(f"party {party} {verb} among the ledger's parties")
        item.status = "contradicts" if bad else "agrees"
        item.reasons = reasons or ["the ledger holds this instrument"]

    def _effect_status(self, item: ReviewItem, ledger: LedgerFiles | None) -> None:
        if ledger is None:
            return
        rec = self.current(item)

        def places(ids: Any, group: Any) -> set[str]:
            out: set[str] = set()
            for pid in [*(ids or []), *([group] if group else [])]:
                members = ledger.groups[pid].members if pid in ledger.groups else [pid]
                out |= set(members)
            return out

        def op(name: object) -> object:
            return "transfer" if name == "cede" else name

        mine = places(rec.get("places"), rec.get("group"))
        principal = rec.get("to") or rec.get("by")
        others: list[str] = []
        for inst in ledger.instruments.values():
            for eff in inst.effects:
                if op(eff.op) != op(rec.get("op")):
                    continue
                if not mine & places(eff.places, eff.group):
                    continue
                who = getattr(eff, "to", None) or getattr(eff, "by", None)
                if who == principal:
                    item.status = "agrees"
                    item.reasons = [f"{inst.id}: {eff.op} → {who}"]
                    return
                if isinstance(who, str):
                    others.append(f"{inst.id}: {eff.op} → {who}")
        if others:
            item.status = "contradicts"
            item.reasons = others

    # -- decisions ---------------------------------------------------------------------------

    def item(self, key: str) -> ReviewItem:
        """The item at ``key``; :class:`ReviewError` naming the known keys' form when unknown."""
        for it in self.items:
            if it.key == key:
                return it
        raise ReviewError(f"no drafted record at {key!r} (keys look like 'instruments/0')")

    def decide(
        self,
        key: str,
        decision: Decision,
        *,
        record: Mapping[str, Any] | str | None = None,
        replace: bool = False,
    ) -> dict[str, Any]:
        """Record a decision on one item and save the sidecar.

        Parameters
        ----------
        key : str
        decision : {'pending', 'accept', 'reject', 'edit'}
            ``pending`` forgets an earlier decision (what undo sends).
        record : dict or str, optional
            For ``edit``: the edited record, as data or as YAML text; validated against the model.
        replace : bool
            Overwrite the ledger's record of the same id when writing (a contradiction only).

        Returns
        -------
        dict
            The decision as stored.

        Raises
        ------
        EditError
            When the edited record breaks the model.
        ReviewError
            When the key is unknown or the decision cannot apply to this item.
        """
        item = self.item(key)
        if decision == "pending":
            self.decisions.pop(key, None)
            self._save()
            self._remake(key)
            return {"decision": "pending"}
        if decision in ("accept", "edit") and item.kind == "effect" and item.parent is None:
            raise ReviewError(
                "this effect belongs to no instrument, and the ledger keeps effects inside "
                "instruments: edit an instrument to add it there, or reject it"
            )
        stored: dict[str, Any] = {"decision": decision, "replace": False}
        if decision == "edit":
            stored["record"] = self._validated(item, record)
        previous = self.decisions.get(key)
        self.decisions[key] = stored
        self._remake(key)  # an edit may make the record contradict the ledger, or stop doing so
        if replace:
            now = self.item(key)
            if now.status != "contradicts":
                if previous is None:
                    del self.decisions[key]
                else:
                    self.decisions[key] = previous
                self._remake(key)
                raise ReviewError(
                    f"{now.label} does not contradict a ledger record, so there is nothing to "
                    "replace"
                )
            stored["replace"] = True
        self._save()
        return stored

    def _validated(
        self, item: ReviewItem, record: Mapping[str, Any] | str | None
    ) -> dict[str, Any]:
        located = None
        if isinstance(record, str):
            # The ledger's own reader: dates stay as written (EDTF), duplicate keys are refused.
            located = load_yaml(record)
            if located.issues:
                issue = located.issues[0]
                raise EditError(f"line {issue.line}: {issue.message} ({issue.hint})")
            record = located.data
        if not isinstance(record, Mapping):
            raise EditError("the record must be a mapping of fields (key: value)")
        data: dict[str, Any] = _strip(dict(record))
        if item.kind == "instrument":
            data.pop("effects", None)  # reviewed one by one, as items of their own
        try:
            if item.kind == "effect":
                _EFFECT.validate_python(data)
            else:
                _MODELS[item.kind].model_validate(data)
        except ValidationError as exc:
            where = ""
            if located is not None:
                line, _ = located.position(tuple(exc.errors()[0]["loc"]))
                where = f"line {line}: "
            raise EditError(where + _rule(exc)) from exc
        return data

    def current(self, item: ReviewItem) -> dict[str, Any]:
        """The record as it stands: the edit when there is one, else the draft's."""
        chosen = self.decisions.get(item.key, {})
        edited = chosen.get("record")
        return dict(edited) if isinstance(edited, Mapping) else copy.deepcopy(item.record)

    def current_yaml(self, item: ReviewItem) -> str:
        """The record as it stands, as the YAML an editor starts from (an instrument's effects
        are left out: each is reviewed as an item of its own)."""
        record = self.current(item)
        if item.kind == "instrument":
            record.pop("effects", None)
        text: str = yaml.safe_dump(record, allow_unicode=True, sort_keys=False, width=100)
        return text

    def _accepted(self, key: str) -> bool:
        return self.decisions.get(key, {}).get("decision") in ("accept", "edit")

    # -- writing -----------------------------------------------------------------------------

    def _build(self) -> tuple[dict[str, Any], WritePlan]:
        plan = WritePlan()
        out: dict[str, Any] = {"sources": [], "polities": [], "places": [], "instruments": []}
        cited: set[str] = set()
        for item in self.items:
            if item.kind == "effect":
                if self._accepted(item.key) and (
                    item.parent is None or not self._accepted(item.parent)
                ):
                    plan.left_out.append(f"effect {item.label}: its instrument is not accepted")
                continue
            if not self._accepted(item.key):
                continue
            chosen = self.decisions[item.key]
            record = self.current(item)
            section = item.key.split("/")[0]
            rid = str(record.get("id"))
            if item.kind == "instrument":
                kept = []
                for eff_item in self.items:
                    if eff_item.parent != item.key:
                        continue
                    if self._accepted(eff_item.key):
                        kept.append(self.current(eff_item))
                    else:
                        state = self.decisions.get(eff_item.key, {}).get("decision", "pending")
                        plan.left_out.append(f"effect {eff_item.label} of {rid}: {state}")
                # Effects are reviewed one by one: the instrument carries the accepted ones.
                record["effects"] = kept
                for cite in record.get("sources") or []:
                    if isinstance(cite, Mapping) and isinstance(cite.get("source"), str):
                        cited.add(cite["source"])
            replacing = bool(chosen.get("replace")) and item.status == "contradicts"
            if item.linked and not replacing:
                plan.left_out.append(
                    f"{section}/{rid}: the ledger already holds it (choose replace to overwrite it)"
                )
                continue
            if item.status == "agrees" and not replacing:
                plan.left_out.append(f"{section}/{rid}: the ledger already holds it as drafted")
                continue
            record["x-status"] = "new"
            out[section].append(record)
            plan.write.append(f"{section}/{rid}")
            if replacing:
                plan.replace.append(rid)
        for raw in self.doc.get("sources") or []:
            if isinstance(raw, Mapping) and raw.get("id") in cited and out["instruments"]:
                out["sources"].append(_strip(dict(raw)))
                plan.write.append(f"sources/{raw.get('id')}")
        return out, plan

    def plan(self) -> WritePlan:
        """What :meth:`write` would write and replace, and what it leaves out, with why."""
        return self._build()[1]

    def write(self) -> AcceptReport:
        """Write the accepted records into the ledger: all or none, through ``accept``.

        Raises
        ------
        AcceptConflictError
            A record has the id of a different ledger record the reviewer did not choose to replace.
        LedgerWriteError
            The ledger would not validate with the records, or a file cannot be written.
        """
        doc, plan = self._build()
        if not plan.write:
            raise ReviewError("nothing to write: accept or edit a record first")
        report = accept([doc], self.into, replace=plan.replace)
        self.written = [p.as_posix() for p in report.written]
        self._save()
        self.refresh()
        return report

    def counts(self) -> dict[str, int]:
        """Accepted (edits included), rejected and pending items."""
        out = {"accepted": 0, "rejected": 0, "pending": 0}
        for item in self.items:
            state = self.decisions.get(item.key, {}).get("decision", "pending")
            out[
                "accepted"
                if state in ("accept", "edit")
                else "rejected"
                if state == "reject"
                else "pending"
            ] += 1
        return out
