"""What every curated-ledger test shares: the world ledger, opened once, and the famous check.

A region's test module holds its own ``FAMOUS`` rows, ``(what, lon, lat, date, controller)`` or
``(what, lon, lat, date, controller, deciding ledger)``, and calls :func:`assert_famous`; the checks
that hold for every curated ledger live in ``test_ledgers.py`` and run for each ledger the world
includes, so a new ledger is checked without being listed anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

import pytest
import yaml

import terrachron

DATA = Path(str(resources.files("terrachron") / "data"))
IMPORT = "historical-basemaps"

Famous = tuple[str, float, float, str, str] | tuple[str, float, float, str, str, str]


def included() -> list[str]:
    """The world's includes, highest rank first."""
    meta = yaml.safe_load((DATA / "world" / "ledger.yaml").read_text(encoding="utf-8"))
    return [str(name) for name in meta["includes"]]


def curated() -> list[str]:
    """Every ledger the world includes above the import."""
    return [name for name in included() if name != IMPORT]


@pytest.fixture(scope="session")
def world() -> terrachron.Ledger:
    """The bundled world ledger (a cold open compiles it once per test session)."""
    return terrachron.open_ledger(DATA / "world")


def assert_famous(world: terrachron.Ledger, cases: Sequence[Famous]) -> None:
    """Each case's point on its date has the expected de facto controller (and deciding ledger).

    Every wrong case is listed at once, with the answer and the place that gave it, so a failure
    reads as a to-do list rather than the first mismatch.
    """
    got = world.locate([c[1] for c in cases], [c[2] for c in cases], [c[3] for c in cases])
    wrong: list[tuple[str, str, str, object, object]] = []
    controllers = got["controller"].astype(object)
    places = got["place"].astype(object)
    for case, controller, place in zip(cases, controllers, places, strict=True):
        what, _, _, date, want = case[:5]
        if controller != want:
            wrong.append((what, date, want, controller, place))
        elif len(case) == 6:
            ledgers = {link.ledger for link in world.status(str(place), date).chain}
            if case[5] not in ledgers:
                wrong.append((what, date, f"decided by {case[5]}", sorted(ledgers), place))
    assert wrong == []
