"""Fixtures of the API tests: apps over the bundled and the invented ledger, and their clients."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import terrachron
from terrachron.api import create_app


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
