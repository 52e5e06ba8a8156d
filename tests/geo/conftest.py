"""Fixtures of the geo tests: a small slice of the synthetic world ledger, built once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import terrachron

REPO = Path(__file__).resolve().parents[2]
SOURCE = REPO.parent / "shared" / "data" / "natural-earth" / "countries-10m.json"
SLICE = (
    # Fiji and Russia cross the antimeridian; Lesotho is a hole in South Africa; Macao and
    # Luxembourg overlap China and Germany at this precision; France/Belgium/Germany/Luxembourg
    # share borders and a tripoint.
    "Fiji",
    "Russia",
    "Lesotho",
    "South Africa",
    "Germany",
    "Luxembourg",
    "France",
    "Belgium",
    "Macao",
    "China",
)


@pytest.fixture(scope="session")
def world_slice(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Ten countries of the synthetic world ledger, written by the build script."""
    if not SOURCE.is_file():
        pytest.skip(f"{SOURCE} is not there (see ../shared/data/README.md)")
    out = tmp_path_factory.mktemp("world") / "slice"
    done = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "build_world_ledger.py"),
            str(out),
            "--only",
            ",".join(SLICE),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="session")
def slice_ledger(world_slice: Path) -> terrachron.Ledger:
    """The slice, opened (and so validated)."""
    return terrachron.open_ledger(world_slice)


@pytest.fixture(autouse=True)
def _private_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep compiled indexes of the tests out of the user's cache folder."""
    monkeypatch.setenv("TERRACHRON_CACHE", str(tmp_path_factory.getbasetemp() / "cache"))
