"""Shared fixtures: the bundled ledger and the small invented one, each loaded once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import terrachron

DATA = Path(__file__).parent / "data"
MINI = DATA / "ledgers" / "mini"


@pytest.fixture(scope="session", autouse=True)
def _compiled_cache_in_a_temporary_folder(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[None]:
    """Keep the compiled-ledger cache of a test run out of the user's own cache folder."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield


@pytest.fixture(scope="session")
def bundled() -> terrachron.Ledger:
    """The bundled Japan–Russia ledger."""
    return terrachron.open_ledger()


@pytest.fixture(scope="session")
def mini() -> terrachron.Ledger:
    """The invented two-island ledger in tests/data/ledgers/mini."""
    return terrachron.open_ledger(MINI)
