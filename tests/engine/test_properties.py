"""Invariants of the derivation, checked with hypothesis on both ledgers."""

from __future__ import annotations

import datetime as dt
import itertools
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import terrachron
from terrachron import Ledger
from terrachron.dates import OPEN_END, OPEN_START
from terrachron.ledger.load import read_ledger
from terrachron.ledger.validate import load_geometries
from terrachron.model import Instrument
from terrachron.query import Ledger as LedgerClass

from ..conftest import MINI

days = st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2030, 12, 31))
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _all_pairs(ledger: Ledger) -> list[tuple[str, str]]:
    return [(p, v) for p in ledger.places for v in ledger.views]


def test_timelines_partition_all_time(bundled: Ledger, mini: Ledger) -> None:
    for ledger in (bundled, mini):
        for place, view in _all_pairs(ledger):
            periods = ledger.timeline(place, view).periods
            assert periods[0].start == OPEN_START
            assert periods[-1].end == OPEN_END
            for left, right in itertools.pairwise(periods):
                assert left.end + 1 == right.start, (place, view, left, right)
                assert not left.same_answer(right), "adjacent periods must differ (maximal)"


@FAST
@given(day=days, data=st.data())
def test_status_equals_direct_derivation(
    bundled: Ledger, day: dt.date, data: st.DataObject
) -> None:
    place, view = data.draw(st.sampled_from(_all_pairs(bundled)))
    status = bundled.status(place, day.isoformat(), view)
    answer, uncertain, alternatives = bundled.derive(place, day.isoformat(), view)
    assert status.answer == answer
    assert status.uncertain == uncertain
    assert [a.answer for a in status.alternatives] == [a.answer for a in alternatives]


@FAST
@given(day=days, data=st.data())
def test_status_equals_timeline_lookup(mini: Ledger, day: dt.date, data: st.DataObject) -> None:
    place, view = data.draw(st.sampled_from(_all_pairs(mini)))
    period = mini.timeline(place, view).period_at(day.toordinal())
    status = mini.status(place, day.isoformat(), view)
    assert (status.answer, status.uncertain) == (period.answer, period.uncertain)
    assert period.start <= day.toordinal() <= period.end


ops = st.sampled_from(
    ["establish", "annex", "occupy", "administer", "withdraw", "claim", "renounce"]
)
polities = st.sampled_from(["alda", "cato"])


@st.composite
def instruments_about_south(draw: st.DrawFn) -> Instrument:
    op = draw(ops)
    who = draw(polities)
    lo = draw(st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2020, 1, 1)))
    span = draw(st.integers(min_value=0, max_value=400))
    hi = lo + dt.timedelta(days=span)
    date = lo.isoformat() if span == 0 else f"{lo.isoformat()}/{hi.isoformat()}"
    effect = {"op": op, "places": ["south"], ("to" if op == "establish" else "by"): who}
    return Instrument.model_validate(
        {
            "id": "extra",
            "kind": "other",
            "title": "Extra",
            "summary": "x",
            "date": date,
            "effects": [effect],
        }
    )


@FAST
@given(extra=instruments_about_south())
def test_an_instrument_about_one_place_changes_no_answer_about_another(
    mini: Ledger, extra: Instrument
) -> None:
    files = read_ledger(MINI)
    files.instruments["extra"] = extra
    changed = LedgerClass(files, load_geometries(files))
    for view in mini.views:
        before = [(p.start, p.end, p.answer, p.uncertain) for p in mini.timeline("north", view)]
        after = [(p.start, p.end, p.answer, p.uncertain) for p in changed.timeline("north", view)]
        assert before == after


def test_every_bundled_answer_explains_itself(bundled: Ledger) -> None:
    for view in bundled.views:
        for status in bundled.statuses("1950-01-01", view):
            if status.status == "unrecorded":
                continue
            assert status.chain, (status.place, view)
            assert any(link.citations for link in status.chain), (status.place, view)
            assert status.narrative


def test_public_api_is_small_and_exported() -> None:
    assert "open_ledger" in terrachron.__all__
    for name in terrachron.__all__:
        assert hasattr(terrachron, name)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(days, min_size=1, max_size=6), st.randoms(use_true_random=False))
def test_kept_chains_and_answers_equal_fresh_ones(
    bundled: Ledger, asked: list[dt.date], rnd: random.Random
) -> None:
    """Chains kept per stretch of days and answers kept per question are what a ledger that never
    answered anything says, whatever order the questions come in."""
    used = LedgerClass(bundled._files, bundled._geometries, steps=bundled._steps)
    questions = [("kunashiri", v, d.isoformat()) for v in used.views for d in asked]
    # Days at the steps' boundaries, where a kept chain would go stale first.
    for step in rnd.sample(used._steps, 6):
        for day in (step.lo - 1, step.lo, step.hi - 1, step.hi):
            if 0 < day < 800_000:
                questions.append(("kunashiri", "japan", dt.date.fromordinal(day).isoformat()))
    rnd.shuffle(questions)
    for place, view, day in questions:
        used.status(place, day, view)
    for place, view, day in questions:
        fresh = LedgerClass(bundled._files, bundled._geometries, steps=bundled._steps)
        expected = fresh.status(place, day, view)
        for got in (
            used.status(place, day, view),
            used.status(place, dt.date.fromisoformat(day), view),
        ):
            assert got.chain == expected.chain
            assert got.answer == expected.answer
            assert got.narrative == expected.narrative
