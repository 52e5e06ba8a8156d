"""Shared fixtures: the bundled ledger and the small invented one, each loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

import terrachron

DATA = Path(__file__).parent / "data"
MINI = DATA / "ledgers" / "mini"


@pytest.fixture(scope="session")
def bundled() -> terrachron.Ledger:
    """The bundled Japan–Russia ledger."""
    return terrachron.open_ledger()


@pytest.fixture(scope="session")
def mini() -> terrachron.Ledger:
    """The invented two-island ledger in tests/data/ledgers/mini."""
    return terrachron.open_ledger(MINI)
