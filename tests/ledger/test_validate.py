"""Validation rules checked on records built in memory (the broken corpus has the file cases)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from terrachron.ledger.load import LedgerFiles, LedgerMeta
from terrachron.ledger.validate import validate
from terrachron.model import Polity

IDS = [f"p{i}" for i in range(8)]


def _on_cycles(continues: dict[str, str]) -> set[str]:
    """Polities that following ``continues`` leads back to (independent of the rule)."""
    on = set()
    for start in continues:
        pid: str | None = continues[start]
        for _ in IDS:
            if pid == start:
                on.add(start)
                break
            pid = continues.get(pid) if pid is not None else None
    return on


@settings(deadline=None)
@given(st.dictionaries(st.sampled_from(IDS), st.sampled_from(IDS)))
def test_every_polity_on_a_succession_loop_and_no_other_is_reported(
    continues: dict[str, str],
) -> None:
    files = LedgerFiles(root=Path("."), meta=LedgerMeta("t", "t"))
    for pid in IDS:
        files.polities[pid] = Polity.model_validate(
            {"id": pid, "names": {"en": pid}, "lifespan": "../..", "continues": continues.get(pid)}
        )
    validate(files)
    loops = [p for p in files.problems if p.rule == "succession-cycle"]
    reported = {p.message.split()[2] for p in loops}  # "succession loop: <first> ..."
    members = {pid for p in loops for pid in p.message.split(": ", 1)[1].split()[::2]}
    assert members == _on_cycles(continues)
    assert len(loops) == len(members)  # one problem per polity on a loop
    assert reported <= members
