"""The shipped import answers for whole colonial histories: metropole before independence, the
state after, changed on the recorded day (points where no curated ledger speaks)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

import terrachron

DATA = Path(str(resources.files("terrachron") / "data"))


@pytest.fixture(scope="module")
def imported() -> terrachron.Ledger:
    return terrachron.open_ledger(DATA / "historical-basemaps")


@pytest.mark.parametrize(
    ("lon", "lat", "date", "controller"),
    [
        (36.82, -1.29, "1930-06-01", "united-kingdom"),  # Nairobi, Kenya Colony
        (36.82, -1.29, "1963-12-11", "united-kingdom"),
        (36.82, -1.29, "1963-12-12", "kenya"),  # independence day (Kenya Independence Act 1963)
        (36.82, -1.29, "1975-06-01", "kenya"),
        (178.0, -17.8, "1900-06-01", "united-kingdom"),  # inland Viti Levu, Fiji
        (178.0, -17.8, "1975-06-01", "fiji"),
        (-171.76, -13.83, "1925-06-01", "new-zealand"),  # Apia, Western Samoa
        (-171.76, -13.83, "1970-06-01", "samoa"),
        (-88.77, 17.25, "1900-06-01", "united-kingdom"),  # Belmopan's site, British Honduras
        (-88.77, 17.25, "1985-06-01", "belize"),
        (-18.5, 64.9, "1910-06-01", "denmark"),  # inland Iceland
        (-18.5, 64.9, "1950-06-01", "iceland"),
        (80.64, 7.29, "1930-06-01", "united-kingdom"),  # Kandy, Ceylon
        (35.74, -6.17, "1925-06-01", "united-kingdom"),  # Dodoma, Tanganyika
        (35.74, -6.17, "1970-06-01", "tanzania"),
    ],
)
def test_a_colony_s_history(
    imported: terrachron.Ledger, lon: float, lat: float, date: str, controller: str
) -> None:
    got = imported.locate([lon], [lat], [date])
    assert str(got["controller"].iloc[0]) == controller


@pytest.mark.parametrize(
    ("pid", "name", "alias"),
    [
        ("czechia", "Czechia", "Czech Republic"),
        ("north-macedonia", "North Macedonia", "Republic of Macedonia"),
        ("moldova", "Moldova", "Republic of Moldova"),
        ("lithuania", "Lithuania", "Republic of Lithuania"),
        ("tanzania", "Tanzania", "United Republic of Tanzania"),
        ("croatia", "Croatia", "Republic of Croatia"),
    ],
)
def test_one_state_one_polity_with_its_names(
    imported: terrachron.Ledger, pid: str, name: str, alias: str
) -> None:
    polity = imported.polities[pid]
    assert polity.names["en"] == name
    assert alias in polity.all_names()
    assert f"republic-of-{pid}" not in imported.polities
