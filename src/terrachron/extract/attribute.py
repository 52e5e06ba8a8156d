"""Which stage of the extractor lost each miss, or made each extra, of a scored gold article.

Every miss (a gold item the draft lacks) and every extra (a drafted item the gold set lacks)
is put to the first stage, in the order the pipeline runs them, whose output shows the item
lost or made up:

- **segmentation**: the item's words span two of the extractor's sentences;
- **mention**: no date, name, title or cue phrase was found for it (or one was found where
  the gold set has none);
- **reference**: it hangs on what a word points back to: "it", "the territory" standing for
  another place, "Russia" resolved to another polity on the day, "the treaty" to another
  instrument;
- **role**: the mentions were there, but the words around a cue or a title were read into the
  wrong role (giver, recipient, actor, place, party, date), or into none;
- **assembly**: the sentences drafted it, and merging or linking to the ledger lost or
  mislabelled it.

The checks are a fixed cascade over what :meth:`.Extractor.read` kept of each stage; each
verdict says which check decided it. They are for aiming work on the extractor, not a proof:
an item the cascade puts to "mention" may also have failed later.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from terrachron.extract.article import Article
from terrachron.extract.dates import mid_day
from terrachron.extract.evaluate import (
    ArticleResult,
    GoldArticle,
    GoldInstrument,
    dates_overlap,
    find_occurrence,
    normal_op,
)
from terrachron.extract.link import title_similarity, title_tokens
from terrachron.extract.pipeline import Reading
from terrachron.query import Ledger

__all__ = ["STAGES", "Attributed", "attribute", "count_stages"]

STAGES: tuple[str, ...] = ("segmentation", "mention", "reference", "role", "assembly")
"""The stages a miss or an extra is put to, in the order the pipeline runs them."""

Stage = Literal["segmentation", "mention", "reference", "role", "assembly"]


@dataclass(frozen=True)
class Attributed:
    """One miss or extra of one article, the stage it is put to, and why."""

    article: str
    kind: str  # the field kind: instruments, dates, places, polities, effects
    side: Literal["miss", "extra"]
    item: str  # as the score lists it
    stage: Stage
    why: str


def attribute(result: ArticleResult, ledger: Ledger | None = None) -> list[Attributed]:
    """Every miss and extra of one scored article, each put to a stage.

    Parameters
    ----------
    result : ArticleResult
        From :attr:`.evaluate.Report.details`.
    ledger : Ledger, optional
        The ledger the article was read against, for the titles of the instruments it
        links to.

    Returns
    -------
    list of Attributed
        As many as the article's misses and extras, field by field.
    """
    out: list[Attributed] = []
    name, gold, reading = result.item.name, result.item.gold, result.reading
    checks = _Checks(reading, result.text, gold, ledger)
    for kind, score in result.scores.items():
        for side, items in (("miss", score.misses), ("extra", score.extras)):
            for item in items:
                stage, why = checks.verdict(kind, side, item)
                out.append(Attributed(name, kind, side, item, stage, why))  # type: ignore[arg-type]
    return out


def count_stages(found: Iterable[Attributed]) -> dict[str, Counter[str]]:
    """Per field kind, how many misses and extras each stage accounts for."""
    out: dict[str, Counter[str]] = {}
    for a in found:
        out.setdefault(a.kind, Counter())[a.stage] += 1
    return out


Verdict = tuple[Stage, str]


class _Checks:
    """The checks of one article, over what each stage of its reading produced."""

    def __init__(
        self, reading: Reading, text: str, gold: GoldArticle, ledger: Ledger | None
    ) -> None:
        self.art: Article = reading.article
        self.reading = reading
        self.text = text
        self.gold = gold
        self.ledger = ledger
        self.days = [mid_day(d) for d in self.art.dates]
        draft = reading.extraction
        entities = (*draft.places, *draft.polities)
        new_ids = {e.id: f"new:{e.id}" for e in entities if e.status == "new"}
        self.pred: dict[tuple[str, str, str], int] = {}  # effect → where its cue stands
        for _, eff in draft.effects:
            for target in eff.targets:
                key = (
                    normal_op(eff.op),
                    new_ids.get(target, target),
                    new_ids.get(eff.principal or "", eff.principal or "-"),
                )
                self.pred.setdefault(key, eff.evidence.start)
        self.gold_effects = {(normal_op(e.op), e.target, e.to or e.by or "-") for e in gold.effects}
        self._date_misses: dict[str, list[tuple[int, int]]] = {}

    def verdict(self, kind: str, side: str, item: str) -> Verdict:
        if kind == "dates":
            return self._date(item) if side == "miss" else ("mention", _EXTRA_DATE)
        if kind in ("places", "polities"):
            return self._entity(kind, side, item)
        if kind == "effects":
            return self._effect(side, tuple(item.split(" ")))  # type: ignore[arg-type]
        return self._instrument(item) if side == "miss" else self._extra_instrument(item)

    # -- spans ---------------------------------------------------------------------------------

    def _crosses(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` is not inside one sentence of the segmentation."""
        first = self.art.sentence_of(start)
        return first.end <= start or end > first.end

    def _date(self, item: str) -> Verdict:
        written, edtf = item.rsplit("=", 1)
        spans = self._date_misses.get(item)
        if spans is None:
            spans = [
                span
                for d in self.gold.dates
                if d.text == written and d.edtf == edtf
                if (span := find_occurrence(self.text, d.text, d.occurrence)) is not None
            ]
            self._date_misses[item] = spans
        if not spans:
            return "mention", "the gold date is not in the text as written"
        start, end = spans.pop(0)
        if self._crosses(start, end):
            return "segmentation", "the date's words span two sentences"
        near = [d for d in self.art.dates if d.start < end and start < d.end]
        if not near:
            return "mention", "the date grammar found no date there"
        if any(d.form in ("relative", "period") for d in near):
            return "reference", "read as a date counted from another one, to another value"
        return "mention", f"read there as {near[0].edtf}"

    # -- places and polities ------------------------------------------------------------------

    def _entity(self, kind: str, side: str, item: str) -> Verdict:
        polity = kind == "polities"
        rid = item.removeprefix("new:")
        named = [n for n in self.art.names if (n.kind == "polity") == polity]
        direct = any(rid == n.id or rid in n.match.ids for n in named)
        resolved = polity and any(
            self.art.index.polity_at(n.match.ids, day) == rid for n in named for day in self.days
        )
        if side == "extra":
            if item.startswith("new:") and not polity:
                return "role", "an unknown name taken as the place of a cue"
            if polity and not direct:
                return "reference", "resolved to this polity from another one's name on the day"
            if polity:
                return "role", "named, and drafted as an actor or party the gold set does not list"
            return "mention", "a name the gazetteer matched, counted as a place"
        if item.startswith("new:") and not polity:
            sal = self.art.salience
            if rid in sal.places or any(d[0] == rid for d in sal.described):
                return "role", "read as a candidate place, but no cue took it"
            return "mention", "never read as a candidate place"
        if direct:
            return "role", "named, but not drafted (inside a title, a venue, or read as land)"
        if resolved:
            return "reference", "another polity's name resolves to it on some day of the text"
        return "mention", "the gazetteer found no name for it"

    # -- effects -------------------------------------------------------------------------------

    def _effect(self, side: str, key: tuple[str, str, str]) -> Verdict:
        op, target, who = key
        other = set(self.pred) if side == "miss" else self.gold_effects
        if any(o[0] == op and o[1] == target for o in other):
            return "role", "the act and its place were read, with another principal"
        if any(o[1] == target and o[2] == who for o in other):
            return "mention", "the cue was read as another operation"
        if side == "extra":
            moved = any(o[0] == op and o[2] == who for o in other)
            if moved and not self._named_by_cue(target, self.pred[key]):
                return "reference", "the place came from a word pointing back, to another one"
            if moved:
                return "role", "the act and its principal were read, on another named place"
            return "mention", "a cue read as an act the gold set does not list"
        for o, at in self.pred.items():
            if o[0] == op and o[2] == who:
                if not self._named_by_cue(o[1], at):
                    return (
                        "reference",
                        "the act was read, with a word pointing back to another place",
                    )
                return "role", "the act and its principal were read, on another named place"
        return self._unread_effect(op, target.removeprefix("new:"))

    def _named_by_cue(self, target: str, at: int) -> bool:
        """Whether ``target`` is named in the sentence of the cue at ``at``."""
        sent = self.art.sentence_of(at)
        rid = target.removeprefix("new:")
        return any(
            sent.start <= n.match.start < sent.end and rid in (n.id, *n.match.ids)
            for n in self.art.names
        ) or any(sent.start <= a < sent.end for r, a, _ in self.art.salience.described if r == rid)

    def _unread_effect(self, op: str, rid: str) -> Verdict:
        named_at = [n.match.start for n in self.art.names if rid in (n.id, *n.match.ids)]
        sal = self.art.salience.places.get(rid)
        named_at += sal[1] if sal else []
        if not named_at:
            return "mention", "the place is never read as a name"
        sentences = {self.art.sentence_of(at) for at in named_at}
        if any(s.start <= c.start < s.end for c in self.art.cues for s in sentences):
            return "role", "a cue stands in a sentence naming the place; its roles were not read"
        if any(normal_op(c.cue.op) == op for c in self.art.cues):
            return "reference", "a cue of the act stands where the place is not named"
        return "mention", "no cue phrase states the act"

    # -- instruments ---------------------------------------------------------------------------

    def _titles_of(self, g: GoldInstrument) -> list[str]:
        titles = [t for t in (g.title, *g.aliases) if t]
        if not g.new and self.ledger is not None and g.id in self.ledger.instruments:
            known = self.ledger.instruments[g.id]
            titles += [known.title, *known.aliases]
        return titles

    def _instrument(self, gid: str) -> Verdict:
        g = next((x for x in self.gold.instruments if x.id == gid), None)
        if g is None:
            return "mention", "not a gold instrument"
        titles = self._titles_of(g)
        tokens = [title_tokens(t) for t in titles]
        for inst in self.reading.opened:
            mine = [title_tokens(t) for t in (inst.title, *inst.aliases)]
            same_title = any(title_similarity(a, b) >= 0.75 for a in mine for b in tokens)
            dated = [inst.date.edtf] if inst.date else []
            same_event = inst.kind == g.kind and any(
                dates_overlap(a, b) for a in dated for b in g.dates.values()
            )
            if same_title or same_event:
                return "assembly", f"drafted as {inst.title!r}, then merged or linked away"
        low = self.text.lower()
        for title in titles:
            at = low.find(title.lower())
            if at < 0:
                continue
            end = at + len(title)
            if self._crosses(at, end):
                return "segmentation", "its title spans two sentences"
            over = [t for t in self.art.titles if t.start < end and at < t.end]
            if any(t.anaphor for t in over):
                return "reference", "its title was read as pointing back to another instrument"
            if over:
                return "role", "its title was found, but no date or party made it a draft"
        return self._by_date(g)

    def _by_date(self, g: GoldInstrument) -> Verdict:
        dated = [
            d for d in self.art.dates if any(dates_overlap(d.edtf, v) for v in g.dates.values())
        ]
        for d in dated:
            sent = self.art.sentence_of(d.start)
            if any(sent.start <= t.start < sent.end for t in self.art.titles) or any(
                sent.start <= c.start < sent.end for c in self.art.cues
            ):
                return "role", "a title or cue stands by its date, but was drafted otherwise"
        if dated:
            return "mention", "its date was read, but no title or cue stands by it"
        return "mention", "neither its title nor its date was read"

    def _extra_instrument(self, item: str) -> Verdict:
        rid = item.split(" (", 1)[0]
        inst = next((i for i in self.reading.extraction.instruments if i.id == rid), None)
        if inst is None:
            return "mention", "not a drafted instrument"
        if inst.status == "linked":
            return "assembly", "linked to a ledger instrument the gold set does not list"
        at = inst.evidence["title"].start
        if any(t.start <= at < t.end for t in self.art.titles):
            return "mention", "a title or noun read as an instrument the gold set does not list"
        return "role", "an act drafted as an instrument of its own"


_EXTRA_DATE = "the date grammar read a date the gold set does not list"
