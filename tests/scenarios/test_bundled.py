"""The bundled Japan–Russia scenarios: what each settlement does, and what it leaves alone."""

from __future__ import annotations

import inspect
import random

import pytest

import terrachron
from terrachron.dates import day_to_iso
from terrachron.scenarios import UnknownScenarioError

NAMES = ["area-split", "four-islands", "three-islands", "two-islands", "two-plus-joint"]
FOUR = {"etorofu", "habomai", "kunashiri", "shikotan"}
AFTER = "2031-01-01"


def branch(ledger: terrachron.Ledger, name: str) -> terrachron.Ledger:
    result = ledger.with_scenario(name)
    assert result.scenario is not None
    assert result.base is ledger
    return result


def test_the_ledger_lists_its_five_scenarios(bundled: terrachron.Ledger) -> None:
    assert list(bundled.scenarios) == NAMES
    for info in bundled.scenarios.values():
        assert info.problems == ()
        assert info.sources, info.name
        assert info.first_date == "2030-01-01"


@pytest.mark.parametrize("name", NAMES)
def test_each_scenario_loads_cleanly_and_is_cached(bundled: terrachron.Ledger, name: str) -> None:
    led = branch(bundled, name)
    assert led.warnings == ()
    assert bundled.with_scenario(name) is led
    assert led.scenario.branch_date == "2030-01-01"
    assert led.base is bundled
    assert led.content_hash != bundled.content_hash
    for iid in led.scenario.instruments:
        assert led.instruments[iid].hypothetical


@pytest.mark.parametrize(
    ("name", "to_japan", "still_disputed"),
    [
        ("two-islands", {"habomai", "shikotan"}, set()),
        ("two-plus-joint", {"habomai", "shikotan"}, {"etorofu", "kunashiri"}),
        ("three-islands", {"habomai", "shikotan", "kunashiri"}, set()),
        ("four-islands", FOUR, set()),
        ("area-split", {"habomai", "shikotan", "kunashiri", "etorofu-southwest"}, set()),
    ],
)
def test_who_holds_what_after_the_treaty(
    bundled: terrachron.Ledger, name: str, to_japan: set[str], still_disputed: set[str]
) -> None:
    led = branch(bundled, name)
    assert {s.place for s in led.disputes(AFTER)} == still_disputed
    assert {s.place for s in bundled.disputes(AFTER)} == FOUR
    places = (FOUR - {"etorofu"}) | ({"etorofu"} if name != "area-split" else set())
    if name == "area-split":
        places |= {"etorofu-southwest", "etorofu-northeast"}
    for place in places:
        for view in ("de-facto", "japan", "russia"):
            status = led.status(place, AFTER, view)
            holder = "japan" if place in to_japan else "russia"
            assert status.controller == (holder,), (place, view)
            if view == "de-facto":
                continue
            if place in still_disputed:
                # No change of title: each side's view keeps its own answer.
                assert status.title == (view,), (place, view)
                assert status.status == "disputed"
            else:
                assert status.title == (holder,), (place, view)
                assert status.status == "undisputed", (place, view)
                assert status.claimants == (holder,)


@pytest.mark.parametrize("name", NAMES)
def test_the_1956_promise_is_kept_in_every_scenario(bundled: terrachron.Ledger, name: str) -> None:
    before = bundled.status("shikotan", AFTER, view="russia")
    assert [p.effect for p in before.pending] == ["japan-soviet-joint-declaration-1956#1"]
    after = bundled.with_scenario(name).status("shikotan", AFTER, view="russia")
    assert after.pending == ()


def test_hypothetical_steps_are_marked_in_chain_and_narrative(bundled: terrachron.Ledger) -> None:
    status = bundled.with_scenario("two-islands").status("kunashiri", AFTER, view="japan")
    hypothetical = [link for link in status.chain if link.hypothetical]
    assert [link.effect for link in hypothetical] == [
        "peace-treaty-two-islands-2030#2",
        "peace-treaty-two-islands-2030#3",
    ]
    assert all(not link.hypothetical for link in status.chain if link not in hypothetical)
    assert "in this scenario, the hypothetical Peace Treaty" in status.narrative
    assert status.to_dict()["chain"][-1]["hypothetical"] is True
    joint = bundled.with_scenario("two-plus-joint").status("etorofu", AFTER, view="japan")
    assert joint.chain[-1].op == "affirm"
    assert joint.chain[-1].hypothetical


def test_a_split_place_becomes_the_group_of_its_parts(bundled: terrachron.Ledger) -> None:
    led = branch(bundled, "area-split")
    assert "etorofu" not in led.places
    assert led.groups["etorofu"].members == ["etorofu-southwest", "etorofu-northeast"]
    assert "etorofu-northeast" in led.groups["northern-territories"].members
    assert "etorofu-southwest" in led.groups["kuril-islands"].members
    with pytest.raises(terrachron.QueryError, match="etorofu-southwest, etorofu-northeast"):
        led.status("Iturup", AFTER)
    assert led.find("Итуруп") == ["etorofu"]
    assert led.resolve_place("South-western Iturup") == "etorofu-southwest"
    assert led.origin("etorofu-northeast") == "etorofu"


def _clipped(timeline: terrachron.Timeline, before: int) -> list[tuple[object, ...]]:
    out = []
    for p in timeline.periods:
        if p.start >= before:
            break
        out.append(
            (
                p.start,
                min(p.end, before - 1),
                p.answer,
                p.uncertain,
                tuple(a.answer for a in p.alternatives),
            )
        )
    return out


@pytest.mark.parametrize("name", NAMES)
def test_no_answer_changes_before_the_first_hypothetical_instrument(
    bundled: terrachron.Ledger, name: str
) -> None:
    led = branch(bundled, name)
    first = led.scenario.branch_day
    for place in led.places:
        origin = led.origin(place)
        for view in led.views:
            assert _clipped(led.timeline(place, view), first) == _clipped(
                bundled.timeline(origin, view), first
            ), (place, view)
    # Spot checks of whole statuses (chain and all) on random days before the branch.
    rng = random.Random(name)
    for _ in range(25):
        day = day_to_iso(rng.randrange(first - 200 * 365, first))
        place = rng.choice(sorted(led.places))
        view = rng.choice(sorted(led.views))
        mine = led.status(place, day, view)
        theirs = bundled.status(led.origin(place), day, view)
        assert mine.answer == theirs.answer
        assert mine.chain == theirs.chain
    assert {led.origin(s.place) for s in led.disputes("2029-12-31")} == FOUR


def test_a_branch_answers_every_query_and_is_built_once(bundled: terrachron.Ledger) -> None:
    led = bundled.with_scenario("two-islands")
    assert led is bundled.with_scenario("two-islands")
    assert led.timeline("habomai", "japan") is led.timeline("habomai", "japan")
    assert led.derive("habomai", AFTER, "japan")[0] == led.status("habomai", AFTER, "japan").answer
    explained = led.explain("habomai", AFTER, "japan")
    assert explained.status == led.status("habomai", AFTER, "japan")
    split = bundled.with_scenario("area-split")
    assert [s.place for s in split.statuses(AFTER, "japan")][:3] == [
        "central-kurils",
        "etorofu-northeast",
        "etorofu-southwest",
    ]
    assert led.disputes(AFTER) == []
    # Scenarios branch from the recorded ledger, never from one another.
    assert led.with_scenario("four-islands") is bundled.with_scenario("four-islands")
    # Branching is one layer: no query takes a scenario of its own.
    for method in (led.status, led.timeline, led.explain, led.statuses, led.disputes, led.area):
        assert "scenario" not in inspect.signature(method).parameters


def test_an_unknown_scenario_names_the_known_ones(bundled: terrachron.Ledger) -> None:
    with pytest.raises(UnknownScenarioError, match="two-islands") as info:
        bundled.with_scenario("five-islands")
    assert info.value.parameter == "scenario"
    assert isinstance(info.value, terrachron.TerrachronError)
