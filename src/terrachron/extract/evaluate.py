"""Scoring extraction against a gold set: precision, recall and F1 per field kind.

A gold file (YAML, one per article) names the article, the ledger it is read against, and the
instruments, dates, places, polities and effects a careful reader finds in it. The rules for
annotating and for what counts as a true positive are in ``tests/extract/gold/README.md``; in
short:

- **instruments**: a drafted instrument matches a gold one when it links to the gold id, or when
  their titles share their distinctive words, or when they have the same kind and overlapping
  dates. Matching is one to one.
- **dates**: a date mention matches when its span overlaps the gold span and its EDTF is equal.
- **places**, **polities**: the sets of ids (``new:<slug>`` for candidates) are compared.
- **effects**: the sets of ``(operation, place or group, principal polity)`` are compared, where
  the principal is ``to`` for transfers and promises and ``by`` otherwise, and ``cede`` counts as
  ``transfer``.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from terrachron.dates import parse_edtf
from terrachron.errors import DateError
from terrachron.extract.confidence import DEFAULT_THRESHOLD, keep_confident
from terrachron.extract.link import title_similarity, title_tokens
from terrachron.extract.pipeline import Extractor, Reading
from terrachron.extract.reader import Document, ExtractError, read_path
from terrachron.extract.records import Extraction
from terrachron.query import Ledger, open_ledger

__all__ = [
    "FIELDS",
    "ArticleResult",
    "GoldArticle",
    "Score",
    "evaluate",
    "load_gold",
    "score_article",
    "scores_at",
]

FIELDS: tuple[str, ...] = ("instruments", "dates", "places", "polities", "effects")
"""The field kinds scored, in the order tables print them."""


class _Gold(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GoldInstrument(_Gold):
    """One instrument a reader finds in the article."""

    id: str
    new: bool = False
    title: str | None = None
    aliases: list[str] = Field(default_factory=list)
    kind: str
    dates: dict[Literal["date", "signed", "in_force"], str] = Field(default_factory=dict)
    parties: list[str] = Field(default_factory=list)


class GoldDate(_Gold):
    """A date expression: its text (the ``occurrence``-th one) and its EDTF value."""

    text: str
    edtf: str
    occurrence: int = 1


class GoldEffect(_Gold):
    """An effect, as ``(op, target, to or by)``."""

    op: str
    target: str
    to: str | None = None
    by: str | None = None
    from_: str | None = Field(None, alias="from")


class GoldArticle(_Gold):
    """The annotation of one article."""

    article: str | None = None
    article_repo: str | None = None
    ledger: str
    published: str | None = None
    split: Literal["seed", "dev", "holdout"]
    instruments: list[GoldInstrument] = Field(default_factory=list)
    dates: list[GoldDate] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)
    polities: list[str] = Field(default_factory=list)
    effects: list[GoldEffect] = Field(default_factory=list)


@dataclass(frozen=True)
class LoadedGold:
    """A gold annotation with where its files are."""

    name: str
    gold: GoldArticle
    text_path: Path
    ledger_path: Path | None


@dataclass
class Score:
    """True positives, false positives and false negatives, with what they were."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    extras: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        """Add another score's counts (micro-averaging)."""
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.misses.extend(other.misses)
        self.extras.extend(other.extras)

    @property
    def precision(self) -> float:
        """TP / (TP + FP); 1 when nothing was predicted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """TP / (TP + FN); 1 when there was nothing to find."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _repo_root(start: Path) -> Path:
    for parent in (start, *start.parents):
        if (parent / "pyproject.toml").is_file():
            return parent
    return start


def load_gold(folder: Path) -> list[LoadedGold]:
    """Every ``*.yaml`` gold file in ``folder``, sorted by name.

    Raises
    ------
    ExtractError
        When a gold file does not parse or names an article that is not there.
    """
    out = []
    root = _repo_root(folder.resolve())
    for path in sorted(folder.glob("*.yaml")):
        try:
            gold = GoldArticle.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        except Exception as exc:  # pydantic and YAML errors alike: name the file
            raise ExtractError(f"gold file {path} is not valid: {exc}") from exc
        if gold.article_repo:
            text_path = root / gold.article_repo
        elif gold.article:
            text_path = path.parent / gold.article
        else:
            raise ExtractError(f"gold file {path} names no article")
        ledger = None if gold.ledger == "bundled" else (path.parent.parent / gold.ledger)
        out.append(LoadedGold(path.stem, gold, text_path.resolve(), ledger))
    return out


def normal_op(op: str) -> str:
    """An operation as the gold set scores it: ``cede`` counts as ``transfer``."""
    return "transfer" if op == "cede" else op


def dates_overlap(a: str, b: str) -> bool:
    """Whether two EDTF strings share a day (False when either is not EDTF)."""
    try:
        x, y = parse_edtf(a), parse_edtf(b)
    except DateError:
        return False
    return x.lo <= y.hi and y.lo <= x.hi


def _sets(gold: Iterable[str], pred: Iterable[str]) -> Score:
    g, p = set(gold), set(pred)
    return Score(len(g & p), len(p - g), len(g - p), sorted(g - p), sorted(p - g))


def _entity_id(rid: str, status: str) -> str:
    return rid if status == "linked" else f"new:{rid}"


def find_occurrence(text: str, needle: str, occurrence: int) -> tuple[int, int] | None:
    """The span of the ``occurrence``-th ``needle`` in ``text``, or None."""
    pos = -1
    for _ in range(occurrence):
        pos = text.find(needle, pos + 1)
        if pos < 0:
            return None
    return pos, pos + len(needle)


def score_article(gold: GoldArticle, text: str, draft: Extraction) -> dict[str, Score]:
    """Score one article's draft against its gold annotation, per field kind."""
    scores: dict[str, Score] = {}
    # dates: overlapping span and equal EDTF
    spans: list[tuple[int, int, str, str]] = []
    for d in gold.dates:
        found = find_occurrence(text, d.text, d.occurrence)
        if found is None:
            raise ExtractError(f"gold date {d.text!r} (#{d.occurrence}) is not in the article")
        spans.append((*found, d.edtf, d.text))
    score = Score()
    used: set[int] = set()
    for ev, edtf, _, _ in draft.dates:
        hit = next(
            (
                i
                for i, (s, e, g, _) in enumerate(spans)
                if i not in used and s < ev.end and ev.start < e and g == edtf
            ),
            None,
        )
        if hit is None:
            score.fp += 1
            score.extras.append(f"{ev.text}={edtf}")
        else:
            used.add(hit)
            score.tp += 1
    for i, (_, _, g, t) in enumerate(spans):
        if i not in used:
            score.fn += 1
            score.misses.append(f"{t}={g}")
    scores["dates"] = score
    scores["places"] = _sets(gold.places, (_entity_id(p.id, p.status) for p in draft.places))
    scores["polities"] = _sets(gold.polities, (_entity_id(p.id, p.status) for p in draft.polities))
    new_ids = {e.id: f"new:{e.id}" for e in (*draft.places, *draft.polities) if e.status == "new"}

    def principal(pid: str | None) -> str:
        return new_ids.get(pid or "", pid or "-")

    gold_effects = {(normal_op(e.op), e.target, e.to or e.by or "-") for e in gold.effects}
    pred_effects = set()
    for _, eff in draft.effects:
        for target in eff.targets:
            pred_effects.add(
                (normal_op(eff.op), new_ids.get(target, target), principal(eff.principal))
            )
    scores["effects"] = _sets(
        (" ".join(t) for t in gold_effects), (" ".join(t) for t in pred_effects)
    )
    scores["instruments"] = _score_instruments(gold.instruments, draft)
    return scores


def _score_instruments(gold: Sequence[GoldInstrument], draft: Extraction) -> Score:
    score = Score()
    free = list(gold)
    for inst in draft.instruments:
        mine = [title_tokens(t) for t in (inst.title, *inst.aliases)]
        match = None
        by_title = None
        for g in free:
            if not g.new and inst.status == "linked":
                if inst.id == g.id:
                    match = g
                    break
                continue
            if not (g.new and inst.status == "new"):
                continue
            titles = [title_tokens(t) for t in (g.title or "", *g.aliases) if t]
            same_title = any(title_similarity(a, b) >= 0.75 for a in mine for b in titles)
            same_event = inst.kind == g.kind and any(
                dates_overlap(a, b) for a in inst.dates for b in g.dates.values()
            )
            # The same kind on the same day decides first; a shared title only when no gold
            # instrument meets that ("Transfer of Savoy, Nice" is the 1860 act, not the 1792
            # "French occupation of Savoy and Nice", though the titles share their places).
            if same_event:
                match = g
                break
            if same_title and by_title is None:
                by_title = g
        match = match or by_title
        if match is None:
            score.fp += 1
            score.extras.append(f"{inst.id} ({inst.title})")
        else:
            free.remove(match)
            score.tp += 1
    score.fn = len(free)
    score.misses = [g.id for g in free]
    return score


@dataclass(frozen=True)
class ArticleResult:
    """One gold article as read and scored: for attributing its misses to a stage."""

    item: LoadedGold
    text: str
    reading: Reading
    scores: dict[str, Score]


@dataclass
class Report:
    """Scores per split and field kind, and the time spent extracting."""

    scores: dict[str, dict[str, Score]]
    articles: dict[str, str]
    seconds: float
    details: dict[str, ArticleResult] = field(default_factory=dict)  # by gold file stem


def evaluate(
    folder: Path, names: Sequence[str] = (), threshold: float = DEFAULT_THRESHOLD
) -> Report:
    """Run the extractor over every gold article in ``folder`` and score it.

    Parameters
    ----------
    folder : Path
        The gold folder (``tests/extract/gold``).
    names : sequence of str, optional
        Only these gold files (by stem).
    threshold : float, optional
        Score the draft as ``terrachron extract`` prints it: without the fields whose
        confidence is below this (:func:`~.confidence.keep_confident`); 0 scores everything
        (``--all``).

    Returns
    -------
    Report
        Micro-averaged scores per split (``seed``, ``dev``, ``holdout``) and field kind.
    """
    ledgers: dict[str, Ledger] = {}
    extractors: dict[str, Extractor] = {}
    scores: dict[str, dict[str, Score]] = {}
    articles: dict[str, str] = {}
    details: dict[str, ArticleResult] = {}
    spent = 0.0
    for item in load_gold(folder):
        if names and item.name not in names:
            continue
        if not item.text_path.is_file():
            articles[item.name] = f"skipped: {item.text_path} not found"
            continue
        key = str(item.ledger_path)
        if key not in extractors:
            ledgers[key] = open_ledger(item.ledger_path)
            extractors[key] = Extractor(ledgers[key])
        doc: Document = read_path(item.text_path, published=item.gold.published)[0]
        start = time.perf_counter()
        reading = extractors[key].read(doc)
        spent += time.perf_counter() - start
        result = score_article(item.gold, doc.text, keep_confident(reading.extraction, threshold))
        details[item.name] = ArticleResult(item, doc.text, reading, result)
        split = scores.setdefault(item.gold.split, {f: Score() for f in FIELDS})
        for kind, s in result.items():
            split[kind].add(
                Score(
                    s.tp,
                    s.fp,
                    s.fn,
                    [f"{item.name}: {m}" for m in s.misses],
                    [f"{item.name}: {x}" for x in s.extras],
                )
            )
        articles[item.name] = item.gold.split
    return Report(scores, articles, spent, details)


def scores_at(
    report: Report, threshold: float, names: Iterable[str] | None = None
) -> dict[str, dict[str, Score]]:
    """The scores of ``report``'s drafts kept at another confidence threshold, per split and
    field kind, without reading the articles again (only the articles ``names``, if given)."""
    scores: dict[str, dict[str, Score]] = {}
    wanted = None if names is None else set(names)
    for name, result in report.details.items():
        if wanted is not None and name not in wanted:
            continue
        gold = result.item.gold
        kept = keep_confident(result.reading.extraction, threshold)
        split = scores.setdefault(gold.split, {f: Score() for f in FIELDS})
        for kind, s in score_article(gold, result.text, kept).items():
            split[kind].add(Score(s.tp, s.fp, s.fn))
    return scores
