"""China, Tibet, Mongolia, Xinjiang, the southern Caucasus and the Central Asian oases (branch
cur-asia: ledgers china, china-wartime and caucasus-central-asia): right through the world ledger
at capitals, provincial towns and the famous changes, before, during and after each."""

from __future__ import annotations

import terrachron
from tests.curated.conftest import assert_famous

# (what, lon, lat, date, de facto controller history records, a ledger in the deciding chain).
# Points sit inland, away from the hand-drawn boxes' edges (docs/curated.md, the cur-asia section).
FAMOUS = [
    ("Beijing under Japan", 116.4, 39.9, "1940-06-01", "japan", "japanese-occupations"),
    ("Harbin, Manchukuo", 126.63, 45.75, "1935-06-01", "japan", "japanese-occupations"),
    ("Nanjing under Japan", 118.78, 32.06, "1942-06-01", "japan", "china-wartime"),
    ("Suzhou under Japan", 120.62, 31.3, "1940-06-01", "japan", "china-wartime"),
    ("Shanghai (Chinese city) under Japan", 121.45, 31.2, "1940-06-01", "japan", "china-wartime"),
    ("Wuhan under Japan", 114.3, 30.59, "1940-06-01", "japan", "china-wartime"),
    ("Canton under Japan", 113.26, 23.13, "1940-06-01", "japan", "china-wartime"),
    ("Qingdao, occupied again", 120.4, 36.1, "1940-06-01", "japan", "china-wartime"),
    ("Yerevan, Iranian khanate", 44.51, 40.18, "1800-06-01", "iran", "caucasus-central-asia"),
    (
        "Yerevan after Turkmenchay",
        44.51,
        40.18,
        "1835-06-01",
        "russian-empire",
        "caucasus-central-asia",
    ),
    ("Yerevan, First Republic", 44.51, 40.18, "1919-10-01", "armenia", "caucasus-central-asia"),
    ("Yerevan, Soviet", 44.51, 40.18, "1930-06-01", "soviet-union", "caucasus-central-asia"),
    ("Yerevan, independent", 44.51, 40.18, "2000-06-01", "armenia", "caucasus-central-asia"),
    (
        "Gyumri (Alexandropol), Russian",
        43.85,
        40.79,
        "1900-06-01",
        "russian-empire",
        "caucasus-central-asia",
    ),
    ("Kars, Ottoman", 43.1, 40.6, "1870-06-01", "ottoman-empire", "caucasus-central-asia"),
    ("Kars, Russian", 43.1, 40.6, "1890-06-01", "russian-empire", "caucasus-central-asia"),
    ("Kars, Ottoman again", 43.1, 40.6, "1918-07-01", "ottoman-empire", "caucasus-central-asia"),
    ("Kars, Armenian", 43.1, 40.6, "1919-10-01", "armenia", "caucasus-central-asia"),
    ("Kars, Turkish", 43.1, 40.6, "1925-06-01", "turkey", "caucasus-central-asia"),
    ("Ardahan, Russian", 42.7, 41.11, "1900-06-01", "russian-empire", "caucasus-central-asia"),
    (
        "Stepanakert site, Karabakh khanate",
        46.75,
        39.82,
        "1800-06-01",
        "karabakh-khanate",
        "caucasus-central-asia",
    ),
    (
        "Stepanakert site, Russian",
        46.75,
        39.82,
        "1900-06-01",
        "russian-empire",
        "caucasus-central-asia",
    ),
    ("Stepanakert, Soviet", 46.75, 39.82, "1950-06-01", "soviet-union", "caucasus-central-asia"),
    (
        "Stepanakert, Artsakh",
        46.75,
        39.82,
        "2000-06-01",
        "nagorno-karabakh",
        "caucasus-central-asia",
    ),
    (
        "Stepanakert, after the 2020 war",
        46.75,
        39.82,
        "2022-06-01",
        "nagorno-karabakh",
        "caucasus-central-asia",
    ),
    ("Khankendi, Azerbaijan", 46.75, 39.82, "2024-06-01", "azerbaijan", "caucasus-central-asia"),
    (
        "Tashkent, city-state",
        69.28,
        41.31,
        "1800-06-01",
        "tashkent-city-state",
        "caucasus-central-asia",
    ),
    ("Tashkent, Kokand", 69.28, 41.31, "1860-06-01", "kokand-khanate", "caucasus-central-asia"),
    (
        "Tashkent, Russian Turkestan",
        69.28,
        41.31,
        "1870-06-01",
        "russian-empire",
        "caucasus-central-asia",
    ),
    ("Tashkent, Soviet", 69.28, 41.31, "1950-06-01", "soviet-union", "caucasus-central-asia"),
    ("Tashkent, Uzbekistan", 69.28, 41.31, "2000-06-01", "uzbekistan", "caucasus-central-asia"),
    ("Samarkand, Bukharan", 66.96, 39.65, "1860-06-01", "bokhara-khanate", "caucasus-central-asia"),
    ("Samarkand, Russian", 66.96, 39.65, "1880-06-01", "russian-empire", "caucasus-central-asia"),
    (
        "Bukhara, protectorate",
        64.42,
        39.77,
        "1900-06-01",
        "bokhara-khanate",
        "caucasus-central-asia",
    ),
    (
        "Bukhara, people's republic",
        64.42,
        39.77,
        "1922-06-01",
        "bukharan-peoples-soviet-republic",
        "caucasus-central-asia",
    ),
    ("Bukhara, Soviet", 64.42, 39.77, "1950-06-01", "soviet-union", "caucasus-central-asia"),
    ("Khiva, protectorate", 60.36, 41.38, "1900-06-01", "khiva-khanate", "caucasus-central-asia"),
    (
        "Khiva, Khorezm republic",
        60.36,
        41.38,
        "1922-06-01",
        "khorezm-peoples-soviet-republic",
        "caucasus-central-asia",
    ),
    ("Khiva, Uzbekistan", 60.36, 41.38, "2000-06-01", "uzbekistan", "caucasus-central-asia"),
]


def test_famous_points_on_famous_dates(world: terrachron.Ledger) -> None:
    assert_famous(world, FAMOUS)
