"""Natural Earth's NOTE_BRK forms, read or kept as explained exceptions."""

from __future__ import annotations

import pytest

from terrachron.importers.natural_earth import parse_note
from terrachron.importers.polities import PolityNames


def read(note: str, self_name: str = "Somewhere") -> tuple[object, ...]:
    r = parse_note(note, self_name=self_name, names=PolityNames())
    return (r.admin, r.lessor, r.claimants, r.self_administered)


def test_admin_and_claims() -> None:
    assert read("Admin. by Russia; Claimed by Japan") == ("russia", None, ("japan",), False)
    assert read("Admin. By Israel; Claimed by Syria")[0] == "israel"
    assert read("Admin by U.K.; Claimed by Ireland, Denmark, and Iceland") == (
        "united-kingdom",
        None,
        ("ireland", "denmark", "iceland"),
        False,
    )


def test_administered_for_another() -> None:
    assert read("Admin. by New Caledonia for France; Claimed by Vanuatu")[0] == "france"


def test_lease_and_self_administration() -> None:
    assert read("Leased to U.S.A. by Cuba; Claimed by Cuba") == (
        "united-states",
        "cuba",
        ("cuba",),
        False,
    )
    assert read("Self admin.; Claimed by Georgia", "Abkhazia") == (
        "abkhazia",
        None,
        ("georgia",),
        True,
    )


def test_claims_only_and_history_clauses() -> None:
    assert read("Claimed by China, Taiwan, Malaysia, the Philippines, and Brunei")[2] == (
        "peoples-republic-of-china",
        "china",
        "malaysia",
        "philippines",
        "brunei",
    )
    assert read("Admin. by China; Ceded to China by Pakistan; Claimed by India")[:3] == (
        "peoples-republic-of-china",
        None,
        ("india",),
    )


@pytest.mark.parametrize(
    "note", ["Admin. by Venezuela; Claimed by multiple", "UN Patrolled Zone in Syria"]
)
def test_unreadable_notes_are_refused(note: str) -> None:
    with pytest.raises(ValueError, match=r"claimants|no known form"):
        parse_note(note, self_name="x", names=PolityNames())
