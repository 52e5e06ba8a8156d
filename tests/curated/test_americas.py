"""The curated ledgers of Spanish and Portuguese America, the Caribbean and British North America:
each clean on its own, ranked above the import, and right through the world ledger at famous
places before, during and after each change (dates the import sees only between its snapshots)."""

from __future__ import annotations

import terrachron
from tests.curated.conftest import assert_famous

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


def test_famous_points_on_famous_dates(world: terrachron.Ledger) -> None:
    assert_famous(world, FAMOUS)


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
