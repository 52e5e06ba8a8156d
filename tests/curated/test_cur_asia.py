"""China, Tibet, Mongolia, Xinjiang, the southern Caucasus and the Central Asian oases (branch
cur-asia: ledgers china, china-wartime and caucasus-central-asia): right through the world ledger
at capitals, provincial towns and the famous changes, before, during and after each."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

import terrachron

DATA = Path(str(resources.files("terrachron") / "data"))

# (what, lon, lat, date, de facto controller history records). Points sit inland, away from the
# hand-drawn boxes' edges (docs/curated.md, "China, Tibet, Mongolia and Xinjiang").
FAMOUS = [
    ("Beijing, Qing", 116.4, 39.9, "1900-06-01", "qing-empire"),
    ("Beijing, Beiyang Republic", 116.4, 39.9, "1920-06-01", "china"),
    ("Beijing under Japan", 116.4, 39.9, "1940-06-01", "japan"),
    ("Beijing, People's Republic", 116.4, 39.9, "1960-06-01", "peoples-republic-of-china"),
    ("Hefei, warlord years", 117.28, 31.86, "1926-06-01", "china"),
    ("Kunming, Qing", 102.71, 25.04, "1880-06-01", "qing-empire"),
    ("Kunming before the war", 102.71, 25.04, "1937-06-01", "china"),
    ("Kunming, People's Republic", 102.71, 25.04, "1955-06-01", "peoples-republic-of-china"),
    ("Chengdu, Qing", 104.07, 30.67, "1905-06-01", "qing-empire"),
    ("Chongqing, wartime capital", 106.55, 29.56, "1942-06-01", "china"),
    ("Xi'an, Nanjing decade", 108.94, 34.34, "1935-06-01", "china"),
    ("Changsha, unoccupied in 1939", 112.94, 28.23, "1939-06-01", "china"),
    ("Harbin under Zhang Zuolin", 126.63, 45.75, "1925-06-01", "china"),
    ("Harbin, Manchukuo", 126.63, 45.75, "1935-06-01", "japan"),
    ("Nanjing, Qing", 118.78, 32.06, "1850-06-01", "qing-empire"),
    ("Nanjing, Taiping capital", 118.78, 32.06, "1860-06-01", "taiping-heavenly-kingdom"),
    ("Nanjing, retaken", 118.78, 32.06, "1870-06-01", "qing-empire"),
    ("Nanjing, Nationalist capital", 118.78, 32.06, "1930-06-01", "china"),
    ("Nanjing under Japan", 118.78, 32.06, "1942-06-01", "japan"),
    ("Nanjing after the surrender", 118.78, 32.06, "1947-06-01", "china"),
    ("Nanjing, People's Republic", 118.78, 32.06, "1955-06-01", "peoples-republic-of-china"),
    ("Suzhou under Japan", 120.62, 31.3, "1940-06-01", "japan"),
    ("Shanghai (Chinese city) under Japan", 121.45, 31.2, "1940-06-01", "japan"),
    ("Shanghai after the surrender", 121.45, 31.2, "1946-06-01", "china"),
    ("Wuhan before its fall", 114.3, 30.59, "1938-06-01", "china"),
    ("Wuhan under Japan", 114.3, 30.59, "1940-06-01", "japan"),
    ("Canton under Japan", 113.26, 23.13, "1940-06-01", "japan"),
    ("Canton after the war", 113.26, 23.13, "1947-06-01", "china"),
    ("Qingdao, Qing", 120.4, 36.1, "1890-06-01", "qing-empire"),
    ("Qingdao, German lease", 120.4, 36.1, "1905-06-01", "germany"),
    ("Qingdao, Japanese", 120.4, 36.1, "1917-06-01", "japan"),
    ("Qingdao, returned", 120.4, 36.1, "1925-06-01", "china"),
    ("Qingdao, occupied again", 120.4, 36.1, "1940-06-01", "japan"),
    ("Qingdao, People's Republic", 120.4, 36.1, "1960-06-01", "peoples-republic-of-china"),
    ("Jinzhou (Kwantung), Qing", 121.72, 39.1, "1890-06-01", "qing-empire"),
    ("Jinzhou (Kwantung), Russian lease", 121.72, 39.1, "1900-06-01", "russian-empire"),
    ("Jinzhou (Kwantung), Japanese", 121.72, 39.1, "1910-06-01", "japan"),
    ("Jinzhou (Kwantung), Soviet", 121.72, 39.1, "1950-06-01", "soviet-union"),
    ("Jinzhou (Kwantung), returned", 121.72, 39.1, "1960-06-01", "peoples-republic-of-china"),
    ("Lhasa, Qing", 91.11, 29.65, "1900-06-01", "qing-empire"),
    ("Lhasa, the Dalai Lama's state", 91.11, 29.65, "1920-06-01", "tibet"),
    ("Shigatse, the Dalai Lama's state", 88.88, 29.27, "1945-06-01", "tibet"),
    ("Lhasa after 1951", 91.11, 29.65, "1955-06-01", "peoples-republic-of-china"),
    ("Urga, Qing", 106.92, 47.92, "1900-06-01", "qing-empire"),
    ("Urga, Bogd Khanate", 106.92, 47.92, "1913-06-01", "mongolia"),
    ("Urga, Chinese reoccupation", 106.92, 47.92, "1920-06-01", "china"),
    ("Urga under Ungern", 106.92, 47.92, "1921-04-01", "mongolia"),
    ("Ulaanbaatar, People's Republic", 106.92, 47.92, "1930-06-01", "mongolia"),
    ("Kashgar, Qing", 75.99, 39.47, "1850-06-01", "qing-empire"),
    ("Kashgar, Yettishar", 75.99, 39.47, "1870-06-01", "yettishar"),
    ("Khotan, Yettishar", 79.92, 37.11, "1872-06-01", "yettishar"),
    ("Kashgar, reconquered", 75.99, 39.47, "1885-06-01", "qing-empire"),
    ("Kashgar, Republic", 75.99, 39.47, "1930-06-01", "china"),
    ("Ghulja, Qing", 81.33, 43.92, "1860-06-01", "qing-empire"),
    ("Ghulja, Russian occupation", 81.33, 43.92, "1875-06-01", "russian-empire"),
    ("Ghulja, returned", 81.33, 43.92, "1885-06-01", "qing-empire"),
    ("Ghulja, East Turkestan Republic", 81.33, 43.92, "1946-06-01", "east-turkestan-republic"),
    ("Ghulja, People's Republic", 81.33, 43.92, "1955-06-01", "peoples-republic-of-china"),
    ("Urumqi, Republic", 87.62, 43.82, "1930-06-01", "china"),
    ("Yerevan, Iranian khanate", 44.51, 40.18, "1800-06-01", "iran"),
    ("Yerevan after Turkmenchay", 44.51, 40.18, "1835-06-01", "russian-empire"),
    ("Yerevan, First Republic", 44.51, 40.18, "1919-10-01", "armenia"),
    ("Yerevan, Soviet", 44.51, 40.18, "1930-06-01", "soviet-union"),
    ("Yerevan, independent", 44.51, 40.18, "2000-06-01", "armenia"),
    ("Gyumri (Alexandropol), Russian", 43.85, 40.79, "1900-06-01", "russian-empire"),
    ("Kars, Ottoman", 43.1, 40.6, "1870-06-01", "ottoman-empire"),
    ("Kars, Russian", 43.1, 40.6, "1890-06-01", "russian-empire"),
    ("Kars, Ottoman again", 43.1, 40.6, "1918-07-01", "ottoman-empire"),
    ("Kars, Armenian", 43.1, 40.6, "1919-10-01", "armenia"),
    ("Kars, Turkish", 43.1, 40.6, "1925-06-01", "turkey"),
    ("Ardahan, Russian", 42.7, 41.11, "1900-06-01", "russian-empire"),
    ("Stepanakert site, Karabakh khanate", 46.75, 39.82, "1800-06-01", "karabakh-khanate"),
    ("Stepanakert site, Russian", 46.75, 39.82, "1900-06-01", "russian-empire"),
    ("Stepanakert, Soviet", 46.75, 39.82, "1950-06-01", "soviet-union"),
    ("Stepanakert, Artsakh", 46.75, 39.82, "2000-06-01", "nagorno-karabakh"),
    ("Stepanakert, after the 2020 war", 46.75, 39.82, "2022-06-01", "nagorno-karabakh"),
    ("Khankendi, Azerbaijan", 46.75, 39.82, "2024-06-01", "azerbaijan"),
    ("Tashkent, city-state", 69.28, 41.31, "1800-06-01", "tashkent-city-state"),
    ("Tashkent, Kokand", 69.28, 41.31, "1860-06-01", "kokand-khanate"),
    ("Tashkent, Russian Turkestan", 69.28, 41.31, "1870-06-01", "russian-empire"),
    ("Tashkent, Soviet", 69.28, 41.31, "1950-06-01", "soviet-union"),
    ("Tashkent, Uzbekistan", 69.28, 41.31, "2000-06-01", "uzbekistan"),
    ("Samarkand, Bukharan", 66.96, 39.65, "1860-06-01", "bokhara-khanate"),
    ("Samarkand, Russian", 66.96, 39.65, "1880-06-01", "russian-empire"),
    ("Bukhara, protectorate", 64.42, 39.77, "1900-06-01", "bokhara-khanate"),
    ("Bukhara, people's republic", 64.42, 39.77, "1922-06-01", "bukharan-peoples-soviet-republic"),
    ("Bukhara, Soviet", 64.42, 39.77, "1950-06-01", "soviet-union"),
    ("Khiva, protectorate", 60.36, 41.38, "1900-06-01", "khiva-khanate"),
    ("Khiva, Khorezm republic", 60.36, 41.38, "1922-06-01", "khorezm-peoples-soviet-republic"),
    ("Khiva, Uzbekistan", 60.36, 41.38, "2000-06-01", "uzbekistan"),
]


@pytest.fixture(scope="module")
def world() -> terrachron.Ledger:
    return terrachron.open_ledger(DATA / "world")


def test_famous_points_on_famous_dates(world: terrachron.Ledger) -> None:
    got = world.locate([c[1] for c in FAMOUS], [c[2] for c in FAMOUS], [c[3] for c in FAMOUS])
    wrong = [
        (case[0], case[3], controller, case[4])
        for case, controller in zip(FAMOUS, got["controller"].astype(object), strict=True)
        if controller != case[4]
    ]
    assert wrong == []


def test_answers_name_the_curated_ledgers(world: terrachron.Ledger) -> None:
    # Every famous answer is decided inside this branch's ledgers (or the windowed
    # japanese-occupations over china), never by the import alone.
    got = world.locate([c[1] for c in FAMOUS], [c[2] for c in FAMOUS], [c[3] for c in FAMOUS])
    mine = {"china", "china-wartime", "japanese-occupations", "caucasus-central-asia"}
    for case, place in zip(FAMOUS, got["place"].astype(object), strict=True):
        chain = world.status(str(place), case[3]).chain
        assert mine & {link.ledger for link in chain}, case[0]
