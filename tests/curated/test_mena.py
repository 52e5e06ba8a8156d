"""The mena windows: the Caucasus 1914–1921 and 2020, Tabriz 1827–28, eastern Anatolia and Smyrna,
Jerusalem 1917, the Area A towns, Arabia and Yemen, and nineteenth-century Africa (mena-windows and
africa-1914), right through the world ledger before, during and after each change."""

from __future__ import annotations

import terrachron
from tests.curated.conftest import assert_famous

MENA = "mena-windows"
AFRICA = "africa-1914"

# (what, lon, lat, date, de facto controller history records[, deciding ledger]). Points sit
# inside the hand-drawn boxes, away from their edges (geometry/README.md of each ledger).
FAMOUS = [
    # Tabriz, taken by Russia in the war of 1826–1828 and given back after Turkmenchay
    ("Tabriz", 46.29, 38.08, "1827-06-01", "iran"),
    ("Tabriz", 46.29, 38.08, "1827-12-01", "russian-empire", MENA),
    ("Tabriz", 46.29, 38.08, "1830-06-01", "iran"),
    # Georgia and Azerbaijan through the war, the republics of 1918 and the Soviet conquest
    ("Tbilisi", 44.79, 41.72, "1915-06-01", "russian-empire", MENA),
    ("Tbilisi", 44.79, 41.72, "1918-02-01", "transcaucasia", MENA),
    ("Tbilisi", 44.79, 41.72, "1919-06-01", "georgia", MENA),
    ("Kutaisi", 42.70, 42.27, "1920-06-01", "georgia", MENA),
    ("Tbilisi", 44.79, 41.72, "1922-06-01", "soviet-union"),
    ("Ganja", 46.36, 40.68, "1916-06-01", "russian-empire", MENA),
    ("Ganja", 46.36, 40.68, "1919-06-01", "azerbaijan", MENA),
    ("Ganja", 46.36, 40.68, "1920-06-01", "soviet-union"),
    # Karabakh: the war of autumn 2020 and the handovers of November–December
    ("Shusha", 46.75, 39.76, "2020-10-01", "nagorno-karabakh", MENA),
    ("Shusha", 46.75, 39.76, "2021-06-01", "azerbaijan", MENA),
    ("Hadrut", 47.03, 39.52, "2021-06-01", "azerbaijan", MENA),
    ("Stepanakert", 46.75, 39.82, "2021-06-01", "nagorno-karabakh"),
    ("Agdam", 46.93, 39.99, "2020-11-15", "nagorno-karabakh", MENA),
    ("Agdam", 46.93, 39.99, "2020-12-15", "azerbaijan", MENA),
    ("Kalbajar", 46.04, 40.11, "2020-11-22", "nagorno-karabakh", MENA),
    ("Kalbajar", 46.04, 40.11, "2021-06-01", "azerbaijan", MENA),
    # eastern Anatolia 1916–1918 and the Smyrna zone 1919–1922
    ("Erzurum", 41.27, 39.90, "1915-06-01", "ottoman-empire", MENA),
    ("Erzurum", 41.27, 39.90, "1916-06-01", "russian-empire", MENA),
    ("Erzurum", 41.27, 39.90, "1918-06-01", "ottoman-empire", MENA),
    ("Trabzon", 39.72, 41.00, "1917-01-01", "russian-empire", MENA),
    ("Trabzon", 39.72, 41.00, "1918-06-01", "ottoman-empire", MENA),
    ("Izmir", 27.14, 38.42, "1918-06-01", "ottoman-empire", MENA),
    ("Izmir", 27.14, 38.42, "1920-06-01", "greece", MENA),
    ("Manisa", 27.43, 38.61, "1921-06-01", "greece", MENA),
    ("Izmir", 27.14, 38.42, "1922-12-01", "turkey", MENA),
    ("Izmir", 27.14, 38.42, "1930-06-01", "turkey", MENA),
    ("Erzurum", 41.27, 39.90, "1930-06-01", "turkey", MENA),
    ("Trabzon", 39.72, 41.00, "1940-06-01", "turkey", MENA),
    # Jerusalem 1917 and the Area A towns from 1995
    ("Jerusalem", 35.23, 31.78, "1917-11-15", "ottoman-empire", MENA),
    ("Jerusalem", 35.23, 31.78, "1918-06-01", "united-kingdom", MENA),
    ("Nablus", 35.26, 32.22, "1995-06-01", "israel"),
    ("Nablus", 35.26, 32.22, "1997-06-01", "palestinian-territories", MENA),
    ("Jenin", 35.30, 32.46, "2000-06-01", "palestinian-territories", MENA),
    ("Ramallah", 35.20, 31.90, "2010-06-01", "palestinian-territories", MENA),
    # Arabia: the Saudi states, Jabal Shammar and the Hejaz
    ("Riyadh", 46.72, 24.69, "1800-06-01", "emirate-of-diriyah", MENA),
    ("Riyadh", 46.72, 24.69, "1820-06-01", "egypt", MENA),
    ("Riyadh", 46.72, 24.69, "1860-06-01", "nejd", MENA),
    ("Riyadh", 46.72, 24.69, "1900-06-01", "jabal-shammar", MENA),
    ("Riyadh", 46.72, 24.69, "1903-06-01", "nejd", MENA),
    ("Ha'il", 41.69, 27.52, "1850-06-01", "jabal-shammar", MENA),
    ("Ha'il", 41.69, 27.52, "1925-06-01", "nejd", MENA),
    ("Mecca", 39.83, 21.42, "1790-06-01", "ottoman-empire", MENA),
    ("Mecca", 39.83, 21.42, "1810-06-01", "emirate-of-diriyah", MENA),
    ("Mecca", 39.83, 21.42, "1820-06-01", "egypt", MENA),
    ("Mecca", 39.83, 21.42, "1870-06-01", "ottoman-empire", MENA),
    ("Mecca", 39.83, 21.42, "1920-06-01", "hejaz", MENA),
    ("Mecca", 39.83, 21.42, "1926-06-01", "nejd", MENA),
    ("Jeddah", 39.19, 21.54, "1810-06-01", "ottoman-empire", MENA),
    ("Jeddah", 39.19, 21.54, "1925-06-01", "hejaz", MENA),
    # Yemen: the imamate, the Ottoman province and Lahej
    ("Sana'a", 44.21, 15.35, "1800-06-01", "yemen", MENA),
    ("Sana'a", 44.21, 15.35, "1880-06-01", "ottoman-empire", MENA),
    ("Sana'a", 44.21, 15.35, "1925-06-01", "yemen", MENA),
    ("Lahij", 44.88, 13.06, "1905-06-01", "lahej", MENA),
    ("Lahij", 44.88, 13.06, "1916-06-01", "ottoman-empire", MENA),
    # Algeria's conquest by stages
    ("Constantine", 6.61, 36.36, "1836-06-01", "constantine-beylik", AFRICA),
    ("Constantine", 6.61, 36.36, "1838-06-01", "france"),
    ("Mascara", 0.14, 35.40, "1838-06-01", "emirate-of-abdelkader", AFRICA),
    ("Mascara", 0.14, 35.40, "1845-06-01", "france"),
    ("Tlemcen", -1.32, 34.88, "1836-06-01", "france", AFRICA),
    ("Tlemcen", -1.32, 34.88, "1839-06-01", "emirate-of-abdelkader", AFRICA),
    # Kordofan, Harar
    ("El Obeid", 30.22, 13.18, "1800-06-01", "darfur", AFRICA),
    ("El Obeid", 30.22, 13.18, "1850-06-01", "egypt", AFRICA),
    ("El Obeid", 30.22, 13.18, "1883-06-01", "mahdist-state", AFRICA),
    ("Harar", 42.12, 9.31, "1800-06-01", "harar-emirate", AFRICA),
    ("Harar", 42.12, 9.31, "1880-06-01", "egypt", AFRICA),
    ("Harar", 42.12, 9.31, "1886-06-01", "harar-emirate", AFRICA),
    ("Harar", 42.12, 9.31, "1888-06-01", "ethiopia", AFRICA),
    # Zululand, Segou, Ouagadougou
    ("Ulundi", 31.42, -28.32, "1875-06-01", "zulu", AFRICA),
    ("Ulundi", 31.42, -28.32, "1890-06-01", "united-kingdom"),
    ("Segou", -6.27, 13.43, "1850-06-01", "segou-kingdom", AFRICA),
    ("Segou", -6.27, 13.43, "1870-06-01", "tukular-caliphate", AFRICA),
    ("Segou", -6.27, 13.43, "1895-06-01", "france", AFRICA),
    ("Ouagadougou", -1.53, 12.37, "1880-06-01", "mossi-states", AFRICA),
    ("Ouagadougou", -1.53, 12.37, "1905-06-01", "france", AFRICA),
]


def test_famous_places_through_the_world(world: terrachron.Ledger) -> None:
    assert_famous(world, FAMOUS)
