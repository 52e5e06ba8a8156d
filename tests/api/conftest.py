"""Fixtures of the API tests: apps over the bundled and the invented ledgers, and their clients."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import terrachron
from terrachron.api import create_app

from ..conftest import DATA, MINI


@pytest.fixture(scope="session")
def app(bundled: terrachron.Ledger) -> FastAPI:
    """The app over the bundled ledger."""
    return create_app(bundled)


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    """A client of the bundled ledger's app (no server: requests go straight to the ASGI app)."""
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def mini_client(mini: terrachron.Ledger) -> Iterator[TestClient]:
    """A client of the invented two-island ledger's app."""
    with TestClient(create_app(mini)) as test_client:
        yield test_client


SCENARIOS_COPIED = ("ok-split", "ok-bisect", "bad-date", "bad-schema")
"""Scenario fixtures copied into the ledger's own ``scenarios/``: two that apply, two that break a
rule (one caught reading the folder alone, one only against the ledger)."""


def mini_with_scenarios(root: Path) -> Path:
    """A copy of the mini ledger at ``root`` keeping some scenario fixtures in ``scenarios/``."""
    shutil.copytree(MINI, root)
    for name in SCENARIOS_COPIED:
        shutil.copytree(DATA / "scenarios" / name, root / "scenarios" / name)
        (root / "scenarios" / name / "expected.yaml").unlink(missing_ok=True)
    return root


@pytest.fixture(scope="session")
def scenario_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the mini ledger with scenarios (see :func:`mini_with_scenarios`)."""
    return mini_with_scenarios(tmp_path_factory.mktemp("scenario-ledger") / "mini")


@pytest.fixture(scope="session")
def scenario_client(scenario_root: Path) -> Iterator[TestClient]:
    """A client of the mini ledger with good and bad scenarios."""
    with TestClient(create_app(terrachron.open_ledger(scenario_root))) as test_client:
        yield test_client
