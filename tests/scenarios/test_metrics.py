"""Comparing scenarios: areas add up, shares and changes are right, the JSON form is stable."""

from __future__ import annotations

import json

import pytest

import terrachron
from terrachron.scenarios import Comparison, compare, map_features

NAMES = ["two-islands", "two-plus-joint", "three-islands", "four-islands", "area-split"]


@pytest.fixture(scope="module")
def comparison(bundled: terrachron.Ledger) -> Comparison:
    return compare(bundled, NAMES, maritime=False)


def test_the_default_date_is_when_every_scenario_is_in_effect(comparison: Comparison) -> None:
    assert comparison.date == "2030-01-01"
    assert [c.name for c in comparison.columns] == ["baseline", *NAMES]
    assert comparison.disputed_area == ("etorofu", "habomai", "kunashiri", "shikotan")
    assert comparison.views == ("de-facto", "japan", "russia")


def test_holder_areas_add_up_to_the_total_land_area(comparison: Comparison) -> None:
    for column in comparison.columns:
        total = sum(column.ledger.place_areas.values())
        assert column.total_land_km2 == pytest.approx(total)
        for view, metrics in column.views.items():
            assert sum(metrics.land_km2.values()) == pytest.approx(total, abs=1e-6), view
            if comparison.disputed_area:
                assert sum(metrics.disputed_share.values()) == pytest.approx(1.0)
                assert sum(metrics.disputed_km2.values()) == pytest.approx(
                    comparison.disputed_area_km2, abs=0.01
                )
    # A split moves no land: the total stays the ledger's to within the cut's rounding.
    totals = [c.total_land_km2 for c in comparison.columns]
    assert max(totals) - min(totals) < 0.01


def test_shares_of_the_disputed_area(comparison: Comparison) -> None:
    def share(name: str, view: str) -> float:
        return comparison.column(name).views[view].disputed_share.get("japan", 0.0)

    assert share("baseline", "japan") == 1.0
    assert share("baseline", "russia") == 0.0
    assert share("four-islands", "russia") == 1.0
    assert share("area-split", "japan") == pytest.approx(0.5, abs=1e-4)
    assert share("area-split", "russia") == pytest.approx(0.5, abs=1e-4)
    assert 0 < share("two-islands", "russia") < share("three-islands", "russia") < 0.5
    # Two islands plus joint activity: Japan's view keeps all four as Japan's.
    assert share("two-plus-joint", "japan") == 1.0


def test_changes_disputes_and_promises(comparison: Comparison) -> None:
    two = comparison.column("two-islands")
    assert [(c.place, c.before, c.after) for c in two.views["russia"].changes] == [
        ("habomai", "russia", "japan"),
        ("shikotan", "russia", "japan"),
    ]
    assert [(c.place, c.before, c.after) for c in two.views["japan"].changes] == [
        ("etorofu", "japan", "russia"),
        ("kunashiri", "japan", "russia"),
    ]
    assert two.disputes_ended == ("etorofu", "habomai", "kunashiri", "shikotan")
    assert two.disputes_remaining == ()
    joint = comparison.column("two-plus-joint")
    assert joint.disputes_ended == ("habomai", "shikotan")
    assert joint.disputes_remaining == ("etorofu", "kunashiri")
    for column in comparison.columns[1:]:
        for view in ("japan", "russia"):
            kept = column.views[view].fulfilled
            assert [(p.effect, p.places) for p in kept] == [
                ("japan-soviet-joint-declaration-1956#1", ("habomai", "shikotan"))
            ]
    split = comparison.column("area-split")
    assert {c.place for c in split.views["japan"].changes} == {"etorofu-northeast"}
    assert {c.origin for c in split.views["russia"].changes} == {
        "etorofu",
        "habomai",
        "kunashiri",
        "shikotan",
    }


def test_the_json_form(comparison: Comparison) -> None:
    data = json.loads(json.dumps(comparison.to_dict()))
    assert data["date"] == "2030-01-01"
    assert data["maritime"]["computed"] is False
    assert data["maritime"]["caveats"]
    split = data["columns"][-1]
    assert split["scenario"]["splits"][0]["line"]["type"] == "LineString"
    assert split["views"]["japan"]["disputed_share"]["japan"] == pytest.approx(0.5, abs=1e-4)
    assert data["columns"][0]["scenario"] is None
    keys = [r.key for r in comparison.rows()]
    assert "japan.disputed_share.japan" in keys
    assert "de-facto.land.russia" in keys


def test_a_date_before_the_treaties_changes_nothing(bundled: terrachron.Ledger) -> None:
    early = compare(bundled, NAMES, "2029-12-31", ["japan"], maritime=False)
    base = early.baseline.views["japan"]
    for column in early.columns[1:]:
        assert column.instruments == ()
        assert column.views["japan"].changes == ()
        assert column.views["japan"].land_km2 == pytest.approx(base.land_km2)
        assert column.disputes_ended == ()


def test_map_features_draw_places_and_the_split_line(comparison: Comparison) -> None:
    data = map_features(comparison.column("area-split"), "japan", sea=False)
    layers = [f["properties"]["layer"] for f in data["features"]]
    assert layers.count("split-line") == 1
    assert layers.count("land") == 12
    south = next(f for f in data["features"] if f["properties"].get("place") == "etorofu-southwest")
    assert south["properties"]["holder"] == "japan"
