"""Would a dependency parse read effects better than the patterns? A measured experiment.

The extractor takes roles from word order around its cue words. This script reads effects the
other way: the roles come from a statistical dependency parse (subject, object, "to" and "by"
phrases of the cue verb), the names from terrachron's own gazetteer, and a pronoun or "the
island" is the last place read. About a hundred lines, no tuning on any article. Both readers
are scored on the same blind articles (rounds 3 to 5 of ``tests/extract/gold``), effects only,
with the gold set's rule: ``(op, place, principal)``, ``cede`` read as ``transfer``.

The parse comes from spaCy's trained English pipeline ``en_core_web_sm`` 3.8.0, as the
``extract`` extra installs it and :func:`terrachron.extract.model.load_english` loads it
(provenance: ``docs/extract.md``)::

    .venv/bin/python bench/extract_parse.py [-v]

The extractor's figure printed here is today's, on articles that rounds 3 and 4 were tuned on;
the figures each round scored when it was still unseen are in ``docs/extract.md``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from terrachron.dates import EdtfDate
from terrachron.errors import MissingExtraError
from terrachron.extract import Document, Extractor
from terrachron.extract.dates import cached_edtf, find_dates
from terrachron.extract.evaluate import LoadedGold, load_gold
from terrachron.extract.model import load_english
from terrachron.extract.names import NameMatch, fold_token, shared_nlp, slugify
from terrachron.query import open_ledger

GOLD = Path(__file__).resolve().parent.parent / "tests" / "extract" / "gold"
ROUND3 = ("bakassi-2008", "danish-west-indies-1917", "hatay-1939", "panama-canal-1999")
BLIND = (*ROUND3, "savoy-nice-1860")

_VERBS: dict[str, tuple[str, str]] = {}
for _words, _role in (
    ("cede transfer hand return restore sell give award grant yield", ("transfer", "give")),
    ("buy purchase acquire obtain gain receive regain recover", ("transfer", "receive")),
    (
        "occupy seize capture invade conquer overrun storm retake recapture garrison enter take",
        ("occupy", "act"),
    ),
    ("annex absorb incorporate", ("annex", "act")),
    ("administer govern rule", ("administer", "act")),
    ("withdraw evacuate", ("withdraw", "act")),
    ("renounce relinquish", ("renounce", "act")),
    ("claim", ("claim", "act")),
    ("revert pass", ("transfer", "intrans")),
):
    for _w in _words.split():
        _VERBS[_w] = _role
_KIND_WORDS = (
    "island islands territory peninsula province region colony bay enclave city port zone strip"
    " valley land area"
)
KINDS = frozenset(_KIND_WORDS.split())


class ParseReader:
    """Effects from a dependency parse, names from the gazetteer of ``ledger_path``."""

    def __init__(self, nlp: Any, ledger_path: Path | None) -> None:
        self.nlp = nlp
        self.index = Extractor(open_ledger(ledger_path) if ledger_path else None).index

    def fmt(self, rid: str) -> str:
        entity = self.index.entities.get(rid)
        return rid if entity is not None and entity.known else f"new:{rid}"

    def effects(self, text: str, published: EdtfDate | None) -> set[tuple[str, str, str]]:
        blank = shared_nlp()(text)
        for t in blank:
            t.norm_ = fold_token(t.text)
        names = self.index.match(blank)
        dates = find_dates(text, published)
        doc = self.nlp(text)
        out: set[tuple[str, str, str]] = set()
        seen: list[str] = []  # places read so far, for "it" and "the island"

        def inside(tok: Any) -> list[NameMatch]:
            words = [t for t in tok.subtree if not _in_clause(t, tok)]
            lo = min(t.idx for t in words)
            hi = max(t.idx + len(t) for t in words)
            return [m for m in names if lo <= m.start and m.end <= hi]

        def day(tok: Any) -> int | None:
            sent = tok.sent
            near = [d for d in dates if sent.start_char <= d.start < sent.end_char]
            if not near:
                return None
            value = cached_edtf(min(near, key=lambda d: abs(d.start - tok.idx)).edtf)
            return None if value is None or not value.bounded else (value.lo + value.hi) // 2

        def places(tok: Any) -> list[str]:
            found: list[str] = []
            for t in (tok, *tok.conjuncts):
                ms = [m for m in inside(t) if not m.via_demonym]
                land = [m for m in ms if m.kind != "polity"]
                if land:
                    found.append(self.fmt(land[0].ids[0]))
                elif ms and t.pos_ == "PROPN":
                    found.append(self.fmt(ms[0].ids[0]))
                elif t.pos_ == "PROPN":
                    run = [c for c in t.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
                    found.append("new:" + slugify(" ".join(c.text for c in (*run, t))))
                elif (t.lower_ in ("it", "them", "they") or t.lemma_.lower() in KINDS) and seen:
                    found.append(seen[-1])
            return found

        def state(tok: Any, when: int | None) -> str | None:
            ms = [m for m in inside(tok) if m.kind == "polity"]
            if ms:
                return self.fmt(self.index.polity_at(ms[0].ids, when))
            for c in tok.children:  # "Indian troops"
                ids = self.index.demonym(c.text) if c.dep_ == "amod" else ()
                if ids:
                    return self.fmt(self.index.polity_at(ids, when))
            return None

        for tok in doc:
            if tok.pos_ != "VERB" or tok.lemma_ not in _VERBS:
                continue
            op, frame = _VERBS[tok.lemma_]
            kids = {c.dep_: c for c in tok.children}
            subj = kids.get("nsubj")
            if subj is None and tok.dep_ == "conj":
                subj = next((c for c in tok.head.children if c.dep_ == "nsubj"), None)
            by = _pobj(tok, ("agent",), None)
            to = _pobj(tok, ("prep", "dative"), "to")
            passive = "nsubjpass" in kids
            if passive:
                target, actor = kids["nsubjpass"], by
            elif frame == "intrans":
                target, actor = subj, to
            else:
                target, actor = kids.get("dobj"), subj
            if target is None:
                continue
            when = day(tok)
            if op == "transfer":
                recipient = subj if frame == "receive" and not passive else to
                principal = state(recipient, when) if recipient is not None else None
            else:
                principal = state(actor, when) if actor is not None else None
            for place in places(target):
                seen.append(place)
                if principal:
                    out.add(("transfer" if op == "cede" else op, place, principal))
        return out


def _in_clause(t: Any, head: Any) -> bool:
    """Whether ``t`` sits in a relative clause, apposition or phrase hanging off ``head``."""
    return any(
        a.dep_ in ("relcl", "acl", "appos", "prep") and a is not head and head in a.ancestors
        for a in (t, *t.ancestors)
        if a is not head and a in head.subtree
    )


def _pobj(tok: Any, deps: tuple[str, ...], word: str | None) -> Any:
    for c in tok.children:
        if c.dep_ in deps and (word is None or c.lower_ == word):
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return None


def _gold_effects(item: LoadedGold) -> set[tuple[str, str, str]]:
    return {
        ("transfer" if e.op == "cede" else e.op, e.target, e.to or e.by or "-")
        for e in item.gold.effects
    }


def _draft_effects(ex: Extractor, text: str, published: str | None) -> set[tuple[str, str, str]]:
    draft = ex.extract(Document.from_text(text, published))
    new = {e.id: f"new:{e.id}" for e in (*draft.places, *draft.polities) if e.status == "new"}
    out = set()
    for _, eff in draft.effects:
        for target in eff.targets:
            principal = new.get(eff.principal or "", eff.principal or "-")
            op = "transfer" if eff.op == "cede" else eff.op
            out.add((op, new.get(target, target), principal))
    return out


def _prf(pairs: Iterable[tuple[set[Any], set[Any]]]) -> tuple[float, float, float, int, int, int]:
    tp = fp = fn = 0
    for gold, pred in pairs:
        tp, fp, fn = tp + len(gold & pred), fp + len(pred - gold), fn + len(gold - pred)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), tp, fp, fn


def main(verbose: bool) -> int:
    try:
        nlp = load_english()
    except MissingExtraError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    items = [g for g in load_gold(GOLD) if g.name in BLIND or g.name.startswith(("r4-", "r5-"))]
    readers: dict[Path | None, tuple[ParseReader, Extractor]] = {}
    parse_pairs: dict[str, list[tuple[set[Any], set[Any]]]] = {"seen": [], "unseen": []}
    pattern_pairs: dict[str, list[tuple[set[Any], set[Any]]]] = {"seen": [], "unseen": []}
    for item in items:
        # Round 5 is held out for both readers; rounds 3 and 4 taught the patterns.
        part = "unseen" if item.gold.split == "holdout" else "seen"
        if item.ledger_path not in readers:
            reader = ParseReader(nlp, item.ledger_path)
            ledger = open_ledger(item.ledger_path) if item.ledger_path else None
            readers[item.ledger_path] = (reader, Extractor(ledger))
        reader, ex = readers[item.ledger_path]
        text = item.text_path.read_text(encoding="utf-8")
        doc = Document.from_text(text, item.gold.published)
        gold = _gold_effects(item)
        parsed = reader.effects(text, doc.published)
        patterned = _draft_effects(ex, text, item.gold.published)
        parse_pairs[part].append((gold, parsed))
        pattern_pairs[part].append((gold, patterned))
        if verbose:
            print(f"{item.name}: parse {sorted(parsed & gold)} extra {sorted(parsed - gold)}")
    print(f"{len(items)} blind articles, effects: P / R / F1 (TP FP FN)")
    for part, title in (
        ("unseen", "held out now (unseen by both readers)"),
        ("seen", "rounds 3-4 (the patterns were revised after reading them)"),
    ):
        print(f"  {title}: {len(parse_pairs[part])} articles")
        for label, pairs in (("dependency parse", parse_pairs), ("patterns", pattern_pairs)):
            p, r, f, tp, fp, fn = _prf(pairs[part])
            print(f"    {label:<17} {p:.2f} / {r:.2f} / {f:.2f}  ({tp} {fp} {fn})")
    return 0


if __name__ == "__main__":
    sys.exit(main("-v" in sys.argv))
