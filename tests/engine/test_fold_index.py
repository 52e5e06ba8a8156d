"""The step index returns, for every place, exactly what the per-place scan returns."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from terrachron import Ledger
from terrachron.dates import parse_edtf
from terrachron.engine.compiled import UNIVERSAL, Reading, Step
from terrachron.engine.fold import Folder, StepIndex

PLACES = ("a", "b", "c", "d")
GROUPS = ("g1", "g2")


def _ledger_parts(ledger: Ledger) -> tuple[list[Step], StepIndex]:
    steps = ledger._steps
    return steps, StepIndex.build(steps, ledger._readings, ledger._groups)


def test_index_matches_scan_on_the_ledgers(bundled: Ledger, mini: Ledger) -> None:
    for ledger in (bundled, mini):
        steps, index = _ledger_parts(ledger)
        for place in [*ledger.places, "not-a-place"]:
            folder = Folder(place, ledger._readings, ledger._groups, ledger._parties)
            assert index.for_place(place) == folder.relevant(steps), place


_step = st.builds(
    lambda order, op, places, group, year: Step(
        uid=f"s#{order}",
        order=order,
        op=op,
        instrument=None if op == "succession" else "s",
        date=parse_edtf(str(year)),
        places=frozenset(places) if op != "succession" else frozenset(),
        group=group if op != "succession" else None,
        from_="x",
        to="y",
    ),
    order=st.integers(0, 10_000),
    op=st.sampled_from(["transfer", "occupy", "claim", "succession"]),
    places=st.sets(st.sampled_from(PLACES), max_size=3),
    group=st.none() | st.sampled_from([*GROUPS, "g-unknown"]),
    year=st.integers(1800, 2000),
)
_membership = st.dictionaries(
    st.sampled_from(GROUPS), st.frozensets(st.sampled_from(PLACES), min_size=1), max_size=2
)


@settings(max_examples=200, deadline=None)
@given(
    steps=st.lists(_step, max_size=30, unique_by=lambda s: s.order),
    defaults=_membership,
    view_groups=st.lists(_membership, max_size=3),
)
def test_index_matches_scan_for_any_steps_and_readings(
    steps: list[Step],
    defaults: dict[str, frozenset[str]],
    view_groups: list[dict[str, frozenset[str]]],
) -> None:
    steps.sort(key=lambda s: s.sort_key)
    readings = {
        f"v{i}": Reading(f"v{i}", "polity", None, frozenset(), groups)
        for i, groups in enumerate(view_groups)
    }
    readings[UNIVERSAL] = Reading(UNIVERSAL, "universal", None, frozenset(), {})
    index = StepIndex.build(steps, readings, defaults)
    for place in PLACES:
        folder = Folder(place, readings, defaults, {})
        assert index.for_place(place) == folder.relevant(steps)
