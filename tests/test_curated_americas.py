"""The curated ledgers of Spanish and Portuguese America, the Caribbean and British North America:
each clean on its own, ranked above the import, and right through the world ledger at famous
places before, during and after each change (dates the import sees only between its snapshots)."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import yaml

import terrachron
from terrachron import check_ledger

DATA = Path(str(resources.files("terrachron") / "data"))
REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"

AMERICAS = [
    "new-spain",
    "south-america",
    "caribbean",
    "british-north-america",
    "confederacy",
    "americas",
]

# (what, lon, lat, date, de facto controller history records). Points sit inland, away from the
# hand-drawn lines (docs/curated.md says where those run).
FAMOUS = [
    ("Mexico City", -99.13, 19.43, "1815-07-01", "spain"),
    ("Mexico City", -99.13, 19.43, "1825-07-01", "mexico"),
    ("Mexico City", -99.13, 19.43, "1847-12-01", "united-states"),
    ("Mexico City", -99.13, 19.43, "1850-07-01", "mexico"),
    ("Mexico City", -99.13, 19.43, "1865-07-01", "second-mexican-empire"),
    ("Mexico City", -99.13, 19.43, "1870-07-01", "mexico"),
    ("Monterrey", -100.31, 25.67, "1870-07-01", "mexico"),
    ("San Antonio", -98.49, 29.42, "1830-07-01", "mexico"),
    ("San Antonio", -98.49, 29.42, "1840-07-01", "republic-of-texas"),
    ("San Antonio", -98.49, 29.42, "1850-07-01", "united-states"),
    ("San Antonio", -98.49, 29.42, "1863-07-01", "confederate-states"),
    ("San Antonio", -98.49, 29.42, "1870-07-01", "united-states"),
    ("Sacramento", -121.49, 38.58, "1845-07-01", "mexico"),
    ("Sacramento", -121.49, 38.58, "1847-07-01", "united-states"),
    ("Santa Fe", -105.94, 35.69, "1845-07-01", "mexico"),
    ("Santa Fe", -105.94, 35.69, "1847-07-01", "united-states"),
    ("Tucson", -110.97, 32.22, "1850-07-01", "mexico"),
    ("Tucson", -110.97, 32.22, "1860-07-01", "united-states"),
    ("Tallahassee", -84.28, 30.44, "1818-07-01", "spain"),
    ("Tallahassee", -84.28, 30.44, "1830-07-01", "united-states"),
    ("Tallahassee", -84.28, 30.44, "1863-07-01", "confederate-states"),
    ("Guatemala City", -90.51, 14.63, "1815-07-01", "spain"),
    ("Guatemala City", -90.51, 14.63, "1822-07-01", "mexico"),
    ("Guatemala City", -90.51, 14.63, "1830-07-01", "federal-republic-of-central-america"),
    ("Guatemala City", -90.51, 14.63, "1850-07-01", "guatemala"),
    ("Belmopan", -88.77, 17.25, "1950-07-01", "united-kingdom"),
    ("Belmopan", -88.77, 17.25, "1985-07-01", "belize"),
    ("Bogotá", -74.07, 4.71, "1817-07-01", "spain"),
    ("Bogotá", -74.07, 4.71, "1825-07-01", "colombia"),
    ("Valencia, Venezuela", -68.0, 10.16, "1816-07-01", "spain"),
    ("Valencia, Venezuela", -68.0, 10.16, "1825-07-01", "colombia"),
    ("Valencia, Venezuela", -68.0, 10.16, "1835-07-01", "venezuela"),
    ("Quito", -78.47, -0.18, "1835-07-01", "ecuador"),
    ("Cusco", -71.97, -13.53, "1820-07-01", "spain"),
    ("Cusco", -71.97, -13.53, "1830-07-01", "peru"),
    ("Calama", -68.93, -22.46, "1875-07-01", "bolivia"),
    ("Calama", -68.93, -22.46, "1885-07-01", "chile"),
    ("Iquique", -70.0, -20.3, "1875-07-01", "peru"),
    ("Iquique", -70.0, -20.3, "1890-07-01", "chile"),
    ("Tacna", -70.25, -18.01, "1900-07-01", "chile"),
    ("Tacna", -70.25, -18.01, "1930-07-01", "peru"),
    ("Santiago de Chile", -70.65, -33.45, "1816-07-01", "spain"),
    ("Santiago de Chile", -70.65, -33.45, "1820-07-01", "chile"),
    ("Córdoba", -64.18, -31.42, "1850-07-01", "argentina"),
    ("Durazno", -56.52, -33.38, "1820-07-01", "portugal"),
    ("Durazno", -56.52, -33.38, "1835-07-01", "uruguay"),
    ("Ouro Preto", -43.5, -20.38, "1820-07-01", "portugal"),
    ("Ouro Preto", -43.5, -20.38, "1825-07-01", "brazil"),
    ("Rio Branco", -67.81, -9.97, "1900-07-01", "bolivia"),
    ("Rio Branco", -67.81, -9.97, "1905-07-01", "brazil"),
    ("Santa Clara, Cuba", -79.96, 22.41, "1890-07-01", "spain"),
    ("Santa Clara, Cuba", -79.96, 22.41, "1900-07-01", "united-states"),
    ("Santa Clara, Cuba", -79.96, 22.41, "1905-07-01", "cuba"),
    ("Santa Clara, Cuba", -79.96, 22.41, "1907-07-01", "united-states"),
    ("Santa Clara, Cuba", -79.96, 22.41, "1910-07-01", "cuba"),
    ("Utuado, Puerto Rico", -66.7, 18.27, "1890-07-01", "spain"),
    ("Utuado, Puerto Rico", -66.7, 18.27, "1900-07-01", "united-states"),
    ("Hinche, Haiti", -72.01, 19.15, "1920-07-01", "united-states"),
    ("Hinche, Haiti", -72.01, 19.15, "1950-07-01", "haiti"),
    ("Santiago de los Caballeros", -70.69, 19.45, "1830-07-01", "haiti"),
    ("Santiago de los Caballeros", -70.69, 19.45, "1850-07-01", "dominican-republic"),
    ("Santiago de los Caballeros", -70.69, 19.45, "1862-07-01", "spain"),
    ("Santiago de los Caballeros", -70.69, 19.45, "1870-07-01", "dominican-republic"),
    ("Santiago de los Caballeros", -70.69, 19.45, "1920-07-01", "united-states"),
    ("Penonomé, Panama", -80.36, 8.52, "1900-07-01", "colombia"),
    ("Penonomé, Panama", -80.36, 8.52, "1905-07-01", "panama"),
    ("Winnipeg", -97.14, 49.9, "1860-07-01", "united-kingdom"),
    ("Winnipeg", -97.14, 49.9, "1875-07-01", "canada"),
    ("Toronto", -79.38, 43.65, "1850-07-01", "united-kingdom"),
    ("Toronto", -79.38, 43.65, "1870-07-01", "canada"),
    ("Georgetown, Guyana", -58.16, 6.8, "1900-07-01", "united-kingdom"),
    ("Georgetown, Guyana", -58.16, 6.8, "1970-07-01", "guyana"),
    ("Greenland ice sheet", -45.0, 72.0, "2000-07-01", "denmark"),
    ("Richmond, Virginia", -77.44, 37.54, "1850-07-01", "united-states"),
    ("Richmond, Virginia", -77.44, 37.54, "1863-07-01", "confederate-states"),
    ("Richmond, Virginia", -77.44, 37.54, "1866-07-01", "united-states"),
    ("Atlanta", -84.39, 33.75, "1863-07-01", "confederate-states"),
    ("Atlanta", -84.39, 33.75, "1866-07-01", "united-states"),
]


@pytest.fixture(scope="module")
def world() -> terrachron.Ledger:
    return terrachron.open_ledger(DATA / "world")


@pytest.mark.parametrize("name", AMERICAS)
def test_each_ledger_validates_clean(name: str) -> None:
    files, problems = check_ledger(DATA / name)
    assert [str(p) for p in problems] == []
    assert files.places
    assert files.instruments


@pytest.mark.parametrize("name", AMERICAS)
def test_every_instrument_cites_and_summarises(name: str) -> None:
    files, _ = check_ledger(DATA / name)
    for inst in files.instruments.values():
        assert inst.sources, inst.id
        assert len(inst.summary) > 80, inst.id
        for cite in inst.sources:
            assert cite.source in files.sources, (inst.id, cite.source)


def test_the_world_ranks_them_above_the_import() -> None:
    meta = yaml.safe_load((DATA / "world" / "ledger.yaml").read_text(encoding="utf-8"))
    includes = meta["includes"]
    assert set(AMERICAS) <= set(includes[: includes.index("historical-basemaps")])


def test_no_place_id_is_also_an_imported_one() -> None:
    # The merge refuses two places of one id; the import names many places after countries.
    imported = set(
        pq.read_table(DATA / "historical-basemaps" / "tables" / "places.parquet", columns=["id"])
        .column("id")
        .to_pylist()
    )
    mine = {p.stem for n in AMERICAS for p in (DATA / n / "places").glob("*.yaml")}
    assert sorted(mine & imported) == []


def test_committed_outlines_come_from_their_recipes() -> None:
    if not (SHARED / "natural-earth").is_dir():
        pytest.skip(f"{SHARED} is not there (see docs/import.md)")
    run = [
        sys.executable,
        str(REPO / "scripts" / "derive_geometry.py"),
        *(str(DATA / n) for n in AMERICAS),
        "--data",
        str(SHARED),
        "--check",
    ]
    result = subprocess.run(run, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_famous_points_on_famous_dates(world: terrachron.Ledger) -> None:
    got = world.locate(
        [row[1] for row in FAMOUS], [row[2] for row in FAMOUS], [row[3] for row in FAMOUS]
    )
    wrong = [
        (what, date, want, ctrl, place)
        for (what, _, _, date, want), ctrl, place in zip(
            FAMOUS, got["controller"].astype(object), got["place"].astype(object), strict=True
        )
        if ctrl != want
    ]
    assert wrong == []


def test_the_answer_names_the_curated_ledger_and_its_treaty(world: terrachron.Ledger) -> None:
    place = str(world.locate([-98.49], [29.42], ["1850-07-01"])["place"].iloc[0])
    assert place == "texas"
    status = world.status(place, "1850-07-01")
    assert {link.ledger for link in status.chain} == {"new-spain"}
    cited = {c.source for link in status.chain for c in link.citations}
    assert "text-texas-annexation-1845" in cited


def test_a_place_is_unrecorded_before_its_first_effect(world: terrachron.Ledger) -> None:
    # British Columbia's record starts in 1821; before that the ledger is silent, not Spanish.
    got = world.locate([-123.1], [49.28], ["1800-07-01"])
    assert got["place"].iloc[0] == "british-columbia"
    assert got["status"].iloc[0] == "unrecorded"
