"""Famous points of the asia2 ledgers: the Korean War south of the parallel, Mysore and
Hyderabad, Talpur Sind, Upper Burma, the British occupations of Kandahar and Kabul, Laos, Aceh,
the Philippine Republic and the Tamil Tigers' north."""

from __future__ import annotations

import terrachron
from tests.curated.conftest import assert_famous

# (what, lon, lat, date, de facto controller history records, a ledger in the deciding chain).
# Points sit inland, away from the hand-chosen lines (docs/curated.md, the asia2 section); a row
# before or after a window names the ledger that answers there.
FAMOUS = [
    ("Seoul before the invasion", 126.98, 37.57, "1950-06-01", "south-korea", "japanese-empire"),
    ("Seoul, first occupation", 126.98, 37.57, "1950-08-01", "north-korea", "korean-war"),
    ("Seoul, retaken", 126.98, 37.57, "1950-11-01", "south-korea", "korean-war"),
    ("Seoul, second occupation", 126.98, 37.57, "1951-02-01", "north-korea", "korean-war"),
    ("Seoul after Ripper", 126.98, 37.57, "1951-06-01", "south-korea", "japanese-empire"),
    ("Suwon, summer 1950", 127.01, 37.27, "1950-08-15", "north-korea", "korean-war"),
    ("Daejeon before its fall", 127.38, 36.35, "1950-07-10", "south-korea", "japanese-empire"),
    ("Daejeon, occupied", 127.38, 36.35, "1950-08-15", "north-korea", "korean-war"),
    ("Daejeon, retaken", 127.38, 36.35, "1950-10-15", "south-korea", "japanese-empire"),
    ("Gwangju, occupied", 126.85, 35.16, "1950-09-01", "north-korea", "korean-war"),
    ("Daegu inside the perimeter", 128.6, 35.87, "1950-09-01", "south-korea", "japanese-empire"),
    ("Busan inside the perimeter", 129.04, 35.18, "1950-09-01", "south-korea", "japanese-empire"),
    ("Andong before the retreat", 128.73, 36.57, "1950-07-15", "south-korea", "japanese-empire"),
    ("Andong outside the perimeter", 128.73, 36.57, "1950-08-20", "north-korea", "korean-war"),
    ("Jinju outside the perimeter", 128.08, 35.18, "1950-09-10", "north-korea", "korean-war"),
    ("Bangalore under Tipu", 77.59, 12.97, "1795-06-01", "mysore", "india-princely"),
    ("Mysore town under Tipu", 76.65, 12.3, "1790-06-01", "mysore", "india-princely"),
    (
        "Bangalore after Seringapatam",
        77.59,
        12.97,
        "1800-06-01",
        "british-east-india-company",
        "india-princely",
    ),
    ("Shimoga, 1810", 75.57, 13.93, "1810-06-01", "british-east-india-company", "india-princely"),
    ("Bangalore, 1830", 77.59, 12.97, "1830-06-01", "british-east-india-company", "asia-windows"),
    ("Hyderabad, Nizam outside India", 78.47, 17.38, "1948-06-01", "nizams-dominions"),
    ("Warangal, Nizam outside India", 79.59, 17.97, "1948-01-01", "nizams-dominions"),
    ("Aurangabad, Nizam outside India", 75.34, 19.88, "1948-03-01", "nizams-dominions"),
    ("Hyderabad after Operation Polo", 78.47, 17.38, "1949-06-01", "india"),
    ("Hyderabad (Sind), Talpurs", 68.37, 25.39, "1800-06-01", "sind", "asia-windows"),
    ("Hyderabad (Sind) before Miani", 68.37, 25.39, "1842-06-01", "sind", "asia-windows"),
    (
        "Hyderabad (Sind) after Miani",
        68.37,
        25.39,
        "1845-06-01",
        "british-east-india-company",
        "asia-windows",
    ),
    ("Mandalay, King Thibaw", 96.08, 21.97, "1884-06-01", "burma", "burma-kingdom"),
    ("Sagaing, 1830", 95.98, 21.88, "1830-06-01", "burma", "burma-kingdom"),
    ("Myitkyina, 1870", 97.4, 25.38, "1870-06-01", "burma", "burma-kingdom"),
    ("Magway, 1860", 94.93, 20.15, "1860-06-01", "burma", "burma-kingdom"),
    ("Mandalay, British", 96.08, 21.97, "1887-06-01", "united-kingdom"),
    ("Kandahar before the first war", 65.71, 31.61, "1838-06-01", "afghanistan"),
    (
        "Kandahar, first occupation",
        65.71,
        31.61,
        "1840-06-01",
        "british-east-india-company",
        "afghan-wars",
    ),
    ("Kandahar between the wars", 65.71, 31.61, "1860-06-01", "afghanistan", "afghan-wars"),
    ("Kandahar, second occupation", 65.71, 31.61, "1880-06-01", "united-kingdom", "afghan-wars"),
    ("Kandahar after the evacuation", 65.71, 31.61, "1885-06-01", "afghanistan"),
    (
        "Kabul under Shah Shuja",
        69.17,
        34.53,
        "1841-06-01",
        "british-east-india-company",
        "afghan-wars",
    ),
    ("Kabul after the retreat", 69.17, 34.53, "1843-06-01", "afghanistan", "afghan-wars"),
    ("Kabul under Roberts", 69.17, 34.53, "1880-01-15", "united-kingdom", "afghan-wars"),
    ("Kabul under Abdur Rahman", 69.17, 34.53, "1881-06-01", "afghanistan"),
    (
        "Luang Prabang, Siamese vassal",
        102.14,
        19.89,
        "1880-06-01",
        "thailand",
        "southeast-asia-windows",
    ),
    ("Luang Prabang, French", 102.14, 19.89, "1895-06-01", "france", "southeast-asia-windows"),
    ("Vientiane, French", 102.6, 17.97, "1897-06-01", "france", "southeast-asia-windows"),
    ("Luang Prabang, colony", 102.14, 19.89, "1910-06-01", "france"),
    ("Banda Aceh, sultanate", 95.32, 5.55, "1860-06-01", "aceh", "southeast-asia-windows"),
    ("Banda Aceh, Dutch", 95.32, 5.55, "1880-06-01", "netherlands"),
    ("Takengon, Gayo highlands", 96.85, 4.62, "1870-06-01", "aceh", "southeast-asia-windows"),
    ("Takengon after the war", 96.85, 4.62, "1910-06-01", "netherlands"),
    ("Malolos, republic", 120.81, 14.84, "1899-01-15", "philippines", "southeast-asia-windows"),
    ("Tarlac, republic", 120.6, 15.49, "1899-06-01", "philippines", "southeast-asia-windows"),
    ("Tarlac, Spanish", 120.6, 15.49, "1890-06-01", "spain"),
    ("Kilinochchi before the war", 80.4, 9.39, "1985-06-01", "sri-lanka"),
    ("Kilinochchi, the Tigers' capital", 80.4, 9.39, "2005-06-01", "tamil-eelam", "sri-lanka-war"),
    ("Kilinochchi after January 2009", 80.4, 9.39, "2010-06-01", "sri-lanka"),
    ("Mullaitivu hinterland, 2000", 80.75, 9.25, "2000-06-01", "tamil-eelam", "sri-lanka-war"),
    ("Vavuniya, army-held", 80.5, 8.75, "2000-06-01", "sri-lanka"),
]


def test_famous_points_on_famous_dates(world: terrachron.Ledger) -> None:
    assert_famous(world, FAMOUS)
