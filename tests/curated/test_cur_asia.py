"""China, Tibet, Mongolia, Xinjiang, the southern Caucasus and the Central Asian oases (branch
cur-asia: ledgers china, china-wartime and caucasus-central-asia): right through the world ledger
at capitals, provincial towns and the famous changes, before, during and after each."""

from __future__ import annotations

import terrachron
from tests.curated.conftest import assert_famous

# (what, lon, lat, date, de facto controller history records, a ledger in the deciding chain).
# Points sit inland, away from the hand-drawn boxes' edges (docs/curated.md, the cur-asia section).
FAMOUS = [
    ("Beijing, Qing", 116.4, 39.9, "1900-06-01", "qing-empire", "china"),
    ("Beijing, Beiyang Republic", 116.4, 39.9, "1920-06-01", "china", "china"),
    ("Beijing under Japan", 116.4, 39.9, "1940-06-01", "japan", "japanese-occupations"),
    ("Beijing, People's Republic", 116.4, 39.9, "1960-06-01", "peoples-republic-of-china", "china"),
    ("Hefei, warlord years", 117.28, 31.86, "1926-06-01", "china", "china"),
    ("Kunming, Qing", 102.71, 25.04, "1880-06-01", "qing-empire", "china"),
    ("Kunming before the war", 102.71, 25.04, "1937-06-01", "china", "china"),
    (
        "Kunming, People's Republic",
        102.71,
        25.04,
        "1955-06-01",
        "peoples-republic-of-china",
        "china",
    ),
    ("Chengdu, Qing", 104.07, 30.67, "1905-06-01", "qing-empire", "china"),
    ("Chongqing, wartime capital", 106.55, 29.56, "1942-06-01", "china", "china"),
    ("Xi'an, Nanjing decade", 108.94, 34.34, "1935-06-01", "china", "china"),
    ("Changsha, unoccupied in 1939", 112.94, 28.23, "1939-06-01", "china", "china"),
    ("Harbin under Zhang Zuolin", 126.63, 45.75, "1925-06-01", "china", "china"),
    ("Harbin, Manchukuo", 126.63, 45.75, "1935-06-01", "japan", "japanese-occupations"),
    ("Nanjing, Qing", 118.78, 32.06, "1850-06-01", "qing-empire", "china"),
    ("Nanjing, Taiping capital", 118.78, 32.06, "1860-06-01", "taiping-heavenly-kingdom", "china"),
    ("Nanjing, retaken", 118.78, 32.06, "1870-06-01", "qing-empire", "china"),
    ("Nanjing, Nationalist capital", 118.78, 32.06, "1930-06-01", "china", "china"),
    ("Nanjing under Japan", 118.78, 32.06, "1942-06-01", "japan", "china-wartime"),
    ("Nanjing after the surrender", 118.78, 32.06, "1947-06-01", "china", "china"),
    (
        "Nanjing, People's Republic",
        118.78,
        32.06,
        "1955-06-01",
        "peoples-republic-of-china",
        "china",
    ),
    ("Suzhou under Japan", 120.62, 31.3, "1940-06-01", "japan", "china-wartime"),
    ("Shanghai (Chinese city) under Japan", 121.45, 31.2, "1940-06-01", "japan", "china-wartime"),
    ("Shanghai after the surrender", 121.45, 31.2, "1946-06-01", "china", "china"),
    ("Wuhan before its fall", 114.3, 30.59, "1938-06-01", "china", "china"),
    ("Wuhan under Japan", 114.3, 30.59, "1940-06-01", "japan", "china-wartime"),
    ("Canton under Japan", 113.26, 23.13, "1940-06-01", "japan", "china-wartime"),
    ("Canton after the war", 113.26, 23.13, "1947-06-01", "china", "china"),
    ("Qingdao, Qing", 120.4, 36.1, "1890-06-01", "qing-empire", "china"),
    ("Qingdao, German lease", 120.4, 36.1, "1905-06-01", "germany", "china"),
    ("Qingdao, Japanese", 120.4, 36.1, "1917-06-01", "japan", "china"),
    ("Qingdao, returned", 120.4, 36.1, "1925-06-01", "china", "china"),
    ("Qingdao, occupied again", 120.4, 36.1, "1940-06-01", "japan", "china-wartime"),
    ("Qingdao, People's Republic", 120.4, 36.1, "1960-06-01", "peoples-republic-of-china", "china"),
    ("Jinzhou (Kwantung), Qing", 121.72, 39.1, "1890-06-01", "qing-empire", "china"),
    ("Jinzhou (Kwantung), Russian lease", 121.72, 39.1, "1900-06-01", "russian-empire", "china"),
    ("Jinzhou (Kwantung), Japanese", 121.72, 39.1, "1910-06-01", "japan", "china"),
    ("Jinzhou (Kwantung), Soviet", 121.72, 39.1, "1950-06-01", "soviet-union", "china"),
    (
        "Jinzhou (Kwantung), returned",
        121.72,
        39.1,
        "1960-06-01",
        "peoples-republic-of-china",
        "china",
    ),
    ("Lhasa, Qing", 91.11, 29.65, "1900-06-01", "qing-empire", "china"),
    ("Lhasa, the Dalai Lama's state", 91.11, 29.65, "1920-06-01", "tibet", "china"),
    ("Shigatse, the Dalai Lama's state", 88.88, 29.27, "1945-06-01", "tibet", "china"),
    ("Lhasa after 1951", 91.11, 29.65, "1955-06-01", "peoples-republic-of-china", "china"),
    ("Urga, Qing", 106.92, 47.92, "1900-06-01", "qing-empire", "china"),
    ("Urga, Bogd Khanate", 106.92, 47.92, "1913-06-01", "mongolia", "china"),
    ("Urga, Chinese reoccupation", 106.92, 47.92, "1920-06-01", "china", "china"),
    ("Urga under Ungern", 106.92, 47.92, "1921-04-01", "mongolia", "china"),
    ("Ulaanbaatar, People's Republic", 106.92, 47.92, "1930-06-01", "mongolia", "china"),
    ("Kashgar, Qing", 75.99, 39.47, "1850-06-01", "qing-empire", "china"),
    ("Kashgar, Yettishar", 75.99, 39.47, "1870-06-01", "yettishar", "china"),
    ("Khotan, Yettishar", 79.92, 37.11, "1872-06-01", "yettishar", "china"),
    ("Kashgar, reconquered", 75.99, 39.47, "1885-06-01", "qing-empire", "china"),
    ("Kashgar, Republic", 75.99, 39.47, "1930-06-01", "china", "china"),
    ("Ghulja, Qing", 81.33, 43.92, "1860-06-01", "qing-empire", "china"),
    ("Ghulja, Russian occupation", 81.33, 43.92, "1875-06-01", "russian-empire", "china"),
    ("Ghulja, returned", 81.33, 43.92, "1885-06-01", "qing-empire", "china"),
    (
        "Ghulja, East Turkestan Republic",
        81.33,
        43.92,
        "1946-06-01",
        "east-turkestan-republic",
        "china",
    ),
    ("Ghulja, People's Republic", 81.33, 43.92, "1955-06-01", "peoples-republic-of-china", "china"),
    ("Urumqi, Republic", 87.62, 43.82, "1930-06-01", "china", "china"),
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


def test_a_wartime_window_leaves_china_to_answer_before_and_after(world: terrachron.Ledger) -> None:
    # Wuhan's window is 1938-10-25/1945-09-09: before it the china ledger alone decides; after it a
    # window step closes it and the Republic answers again.
    got = world.locate([114.3, 114.3], [30.59, 30.59], ["1938-06-01", "1946-06-01"])
    before, after = (str(p) for p in got["place"].astype(object))
    early = world.status(before, "1938-06-01")
    assert "china-wartime" not in {link.ledger for link in early.chain}
    assert early.controller == ("china",)
    late = world.status(after, "1946-06-01")
    assert "window" in {link.role for link in late.chain}
    assert late.controller == ("china",)
