"""Heligoland (germany-borders): Danish, British from 1807, German from 1890, British again in
1945–1952. Checked on the germany-borders ledger itself; the nineteenth-century and First World War
ledgers of this branch are on ``cur-europe-wip`` until they merge into the world cleanly."""

from __future__ import annotations

import pytest

import terrachron
from tests.curated.conftest import DATA

HELIGOLAND = (7.897, 54.185)

# (date, de facto controller history records)
TIMELINE = [
    ("1800-06-01", "denmark"),
    ("1810-06-01", "united-kingdom"),
    ("1850-06-01", "united-kingdom"),
    ("1890-06-01", "united-kingdom"),
    ("1900-06-01", "germany"),
    ("1940-06-01", "germany"),
    ("1948-06-01", "united-kingdom"),
    ("1960-06-01", "germany"),
    ("2020-06-01", "germany"),
]


@pytest.fixture(scope="module")
def borders() -> terrachron.Ledger:
    return terrachron.open_ledger(DATA / "germany-borders")


def test_heligoland_has_a_place_and_its_history(borders: terrachron.Ledger) -> None:
    lon, lat = HELIGOLAND
    got = borders.locate([lon] * len(TIMELINE), [lat] * len(TIMELINE), [day for day, _ in TIMELINE])
    assert list(got["place"].astype(object)) == ["heligoland"] * len(TIMELINE)
    assert list(got["controller"].astype(object)) == [want for _, want in TIMELINE]
