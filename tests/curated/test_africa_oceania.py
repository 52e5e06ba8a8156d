"""The curated ledgers of North Africa, German Africa, the Horn, southern Africa, Madagascar, New
Guinea, the Pacific islands and Oceania: each clean on its own, and right through the world ledger
at famous places before, during and after each change."""

from __future__ import annotations

import terrachron
from tests.curated.conftest import assert_famous

# (what, lon, lat, date, de facto controller history records). Points sit inland, away from the
# drawn lines of approximate outlines (the geometry notes say which).
FAMOUS = [
    ("Kairouan", 10.10, 35.68, "1870-06-01", "tunis"),
    ("Kairouan", 10.10, 35.68, "1890-06-01", "france"),
    ("Kairouan", 10.10, 35.68, "1960-06-01", "tunisia"),
    ("Medea", 2.75, 36.26, "1825-06-01", "regency-of-algiers"),
    ("Medea", 2.75, 36.26, "1850-06-01", "france"),
    ("Atakpame", 1.13, 7.53, "1910-06-01", "germany"),
    ("Atakpame", 1.13, 7.53, "1925-06-01", "france"),
    ("Atakpame", 1.13, 7.53, "1965-06-01", "togo"),
    ("Fes", -5.00, 34.03, "1900-06-01", "morocco"),
    ("Fes", -5.00, 34.03, "1920-06-01", "france"),
    ("Fes", -5.00, 34.03, "1960-06-01", "morocco"),
    ("Chefchaouen", -5.27, 35.17, "1930-06-01", "spain"),
    ("Gharyan", 13.02, 32.17, "1905-06-01", "ottoman-empire"),
    ("Gharyan", 13.02, 32.17, "1930-06-01", "italy"),
    ("Gharyan", 13.02, 32.17, "1950-06-01", "united-kingdom"),
    ("Gharyan", 13.02, 32.17, "1955-06-01", "libya"),
    ("Sabha", 14.43, 27.04, "1950-06-01", "france"),
    ("Dodoma", 35.74, -6.17, "1910-06-01", "germany"),
    ("Dodoma", 35.74, -6.17, "1925-06-01", "united-kingdom"),
    ("Dodoma", 35.74, -6.17, "1963-06-01", "tanganyika"),
    ("Dodoma", 35.74, -6.17, "1970-06-01", "tanzania"),
    ("Kigali", 30.06, -1.95, "1910-06-01", "germany"),
    ("Kigali", 30.06, -1.95, "1925-06-01", "belgium"),
    ("Kigali", 30.06, -1.95, "1970-06-01", "rwanda"),
    ("Yaounde", 11.52, 3.87, "1910-06-01", "germany"),
    ("Yaounde", 11.52, 3.87, "1925-06-01", "france"),
    ("Yaounde", 11.52, 3.87, "1965-06-01", "cameroon"),
    ("Bloemfontein", 26.21, -29.09, "1870-06-01", "orange-free-state"),
    ("Bloemfontein", 26.21, -29.09, "1901-06-01", "united-kingdom"),
    ("Bloemfontein", 26.21, -29.09, "1920-06-01", "south-africa"),
    ("Pretoria", 28.19, -25.75, "1879-06-01", "united-kingdom"),
    ("Pretoria", 28.19, -25.75, "1895-06-01", "transvaal"),
    ("Harare", 31.05, -17.83, "1900-06-01", "united-kingdom"),
    ("Harare", 31.05, -17.83, "1970-06-01", "rhodesia"),
    ("Harare", 31.05, -17.83, "1980-01-15", "united-kingdom"),
    ("Harare", 31.05, -17.83, "1985-06-01", "zimbabwe"),
    ("Addis Ababa", 38.75, 9.03, "1900-06-01", "ethiopia"),
    ("Addis Ababa", 38.75, 9.03, "1937-06-01", "italy"),
    ("Addis Ababa", 38.75, 9.03, "1950-06-01", "ethiopia"),
    ("Baidoa", 43.65, 3.11, "1955-06-01", "italy"),
    ("Baidoa", 43.65, 3.11, "1965-06-01", "somalia"),
    ("Hargeisa", 44.06, 9.56, "1930-06-01", "united-kingdom"),
    ("Hargeisa", 44.06, 9.56, "1940-12-01", "italy"),
    ("Hargeisa", 44.06, 9.56, "2010-06-01", "somaliland"),
    ("Antananarivo", 47.52, -18.88, "1890-06-01", "kingdom-of-madagascar"),
    ("Antananarivo", 47.52, -18.88, "1900-06-01", "france"),
    ("Antananarivo", 47.52, -18.88, "1970-06-01", "madagascar"),
    ("Wau", 146.72, -7.34, "1910-06-01", "germany"),
    ("Wau", 146.72, -7.34, "1930-06-01", "australia"),
    ("Wau", 146.72, -7.34, "1980-06-01", "papua-new-guinea"),
    ("Kokoda", 147.74, -8.88, "1900-06-01", "united-kingdom"),
    ("Kokoda", 147.74, -8.88, "1942-09-01", "japan"),
    ("Kokoda", 147.74, -8.88, "1950-06-01", "australia"),
    ("Rabaul, inland", 152.1, -4.3, "1943-06-01", "japan"),
    ("Viti Levu", 178.00, -17.80, "1880-06-01", "united-kingdom"),
    ("Viti Levu", 178.00, -17.80, "1980-06-01", "fiji"),
    ("Savai'i", -172.40, -13.60, "1905-06-01", "germany"),
    ("Savai'i", -172.40, -13.60, "1925-06-01", "new-zealand"),
    ("Savai'i", -172.40, -13.60, "1970-06-01", "samoa"),
    ("Guam", 144.78, 13.47, "1890-06-01", "spain"),
    ("Guam", 144.78, 13.47, "1943-06-01", "japan"),
    ("Guam", 144.78, 13.47, "1950-06-01", "united-states"),
    ("Saipan", 145.75, 15.19, "1910-06-01", "germany"),
    ("Saipan", 145.75, 15.19, "1930-06-01", "japan"),
    ("Saipan", 145.75, 15.19, "1955-06-01", "united-states"),
    ("Babeldaob", 134.58, 7.50, "1890-06-01", "spain"),
    ("Babeldaob", 134.58, 7.50, "2000-06-01", "palau"),
    ("Alice Springs", 133.88, -23.70, "1890-06-01", "united-kingdom"),
    ("Alice Springs", 133.88, -23.70, "1920-06-01", "australia"),
    ("Rotorua", 176.25, -38.14, "1850-06-01", "united-kingdom"),
    ("Rotorua", 176.25, -38.14, "1930-06-01", "new-zealand"),
    ("Grande Terre", 165.50, -21.40, "1900-06-01", "france"),
]


def test_famous_points_on_famous_dates(world: terrachron.Ledger) -> None:
    assert_famous(world, FAMOUS)


def test_an_answer_names_the_curated_ledger_and_its_treaty(world: terrachron.Ledger) -> None:
    place = str(world.locate([10.10], [35.68], ["1890-06-01"])["place"].iloc[0])
    # A piece of Tunisia under the Axis window of 1942–43 (africa-windows); 1890 is before it.
    assert place.partition("--")[0] == "tunisia-territory"
    status = world.status(place, "1890-06-01")
    assert {link.ledger for link in status.chain} == {"maghreb"}
    cited = {c.source for link in status.chain for c in link.citations}
    assert "text-treaty-of-bardo-1881" in cited


def test_before_the_first_record_the_place_is_unrecorded(world: terrachron.Ledger) -> None:
    # New Caledonia is recorded from the French annexation of 1853; the record says nothing
    # earlier rather than inventing a holder.
    got = world.locate([165.5], [-21.4], ["1840-06-01"])
    assert str(got["place"].iloc[0]) == "new-caledonia-islands"
    status = world.status("new-caledonia-islands", "1840-06-01")
    assert status.answer.status == "unrecorded"
    assert not status.answer.controller
