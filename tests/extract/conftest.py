"""Fixtures of the extraction tests: the reference ledger, extractors, the gold folder."""

from __future__ import annotations

from pathlib import Path

import pytest

import terrachron
from terrachron.extract import Extractor

HERE = Path(__file__).parent
GOLD = HERE / "gold"
ARTICLES = GOLD / "articles"
TEST_LEDGER = HERE / "ledger"
SEED = (
    HERE.parent.parent.parent / "shared" / "sources" / "fushita-2019-japan-russia-peace-treaty.txt"
)


@pytest.fixture(scope="session")
def ref_ledger() -> terrachron.Ledger:
    """The reference ledger of the gold-set articles."""
    return terrachron.open_ledger(TEST_LEDGER)


@pytest.fixture(scope="session")
def ref_extractor(ref_ledger: terrachron.Ledger) -> Extractor:
    """An extractor over the reference ledger."""
    return Extractor(ref_ledger)


@pytest.fixture(scope="session")
def bundled_extractor(bundled: terrachron.Ledger) -> Extractor:
    """An extractor over the bundled Japan–Russia ledger."""
    return Extractor(bundled)
