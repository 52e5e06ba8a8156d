"""Example answers on the bundled ledger, shown beside each declared JSON shape in the OpenAPI.

They are illustrations (shortened where a real answer is long), kept apart from the shapes so
that the modules declaring the shapes read as the shapes; ``tests/api`` validates each example
against its shape, so an example cannot drift from what it illustrates.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ALTERNATIVE",
    "ANSWER",
    "CAVEATS",
    "CHAIN_LINK",
    "COLUMN",
    "COMPARISON",
    "ERROR",
    "EXPLAIN",
    "FEATURE_PROPERTIES",
    "HEALTH",
    "INSTRUMENT_DETAIL",
    "LINE",
    "METRICS",
    "PERIOD",
    "PLACES",
    "PLACE_DETAIL",
    "SCENARIO",
    "SCENARIO_INFO",
    "SCENARIO_MAP",
    "SNAPSHOT",
    "SNAPSHOT_FILE",
    "SPLIT",
    "STATUS",
    "TIMELINE",
]

ANSWER: dict[str, Any] = {
    "controller": "soviet-union",
    "title": "japan",
    "claimants": ["japan", "soviet-union"],
    "status": "disputed",
    "disputed": True,
    "occupied": True,
    "pending": [],
}
_CITATION: dict[str, Any] = {
    "source": "fushita-2019",
    "paragraph": 9,
    "chars": [2888, 3092],
    "note": "The article dates the occupation of the four islands to 28 August – 5 September.",
}
CHAIN_LINK: dict[str, Any] = {
    "effect": "soviet-occupation-four-islands-1945#kunashiri",
    "instrument": "soviet-occupation-four-islands-1945",
    "instrument_title": "Soviet occupation of Etorofu, Kunashiri, Shikotan and the Habomai islets",
    "op": "occupy",
    "role": "control",
    "date": "1945-09-01",
    "polities": ["soviet-union"],
    "recognized": True,
    "reason": None,
    "pending": False,
    "hypothetical": False,
    "note": "Landing on Kunashiri.",
    "ledger": "japan-russia",
    "precision": None,
    "citations": [_CITATION],
}
STATUS: dict[str, Any] = {
    "place": "kunashiri",
    "date": "1950-01-01",
    "view": "japan",
    **ANSWER,
    "uncertain": False,
    "alternatives": [],
    "chain": [CHAIN_LINK],
    "narrative": "On 1945-09-01, Soviet occupation of Etorofu, Kunashiri, "
    "Shikotan and the Habomai islets brought it under Soviet Union's military control. On "
    "1950-01-01, in the view 'japan', Kunashiri is controlled by Soviet Union; title is held by "
    "Japan; claimed by Japan and Soviet Union: disputed and occupied.",
    "horizon": None,
}
EXPLAIN: dict[str, Any] = {
    **STATUS,
    "other_views": {
        "de-facto": {**ANSWER, "title": None, "occupied": False},
        "russia": {**ANSWER, "title": "soviet-union", "occupied": False},
    },
}
ALTERNATIVE: dict[str, Any] = {
    **ANSWER,
    "title": "japan",
    "controller": "japan",
    "claimants": ["japan"],
    "status": "undisputed",
    "disputed": False,
    "occupied": False,
    "assumes": [],
}
PERIOD: dict[str, Any] = {
    "start": "1946-02-02",
    "end": "1991-12-25",
    **ANSWER,
    "uncertain": False,
    "alternatives": [],
    "caused_by": ["soviet-incorporation-decree-1946#2"],
}
TIMELINE: dict[str, Any] = {"place": "kunashiri", "view": "japan", "periods": [PERIOD]}
FEATURE_PROPERTIES: dict[str, Any] = {
    **STATUS,
    "name": "Kunashiri",
    "label_point": [145.97, 44.07],
}
SNAPSHOT: dict[str, Any] = {
    "type": "FeatureCollection",
    "date": "1950-01-01",
    "view": "japan",
    "features": [
        {"type": "Feature", "id": "kunashiri", "geometry": None, "properties": FEATURE_PROPERTIES}
    ],
}
SNAPSHOT_FILE: dict[str, Any] = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {
                "place": "kunashiri",
                "date": "1950-01-01",
                "view": "japan",
                "controller": "soviet-union",
                "title": "japan",
                "claimants": "japan|soviet-union",
                "status": "disputed",
                "disputed": True,
                "occupied": True,
                "uncertain": False,
                "pending": None,
                "chain": "shimoda-treaty-1855#1|yalta-agreement-1945#2",
                "name": "Kunashiri",
                "area_km2": 1566.169,
            },
            "geometry": None,
        }
    ],
}
ERROR: dict[str, Any] = {
    "detail": "unknown place 'kunashir1'; did you mean 'kunashiri'?",
    "parameter": "place",
}
HEALTH: dict[str, Any] = {
    "status": "ok",
    "ledger": "japan-russia",
    "title": "Japan and Russia: Hokkaido, the Kuril Islands and Sakhalin",
    "content_hash": "3f1c…",
    "version": "0.1.0",
    "places": 11,
    "instruments": 21,
    "views": ["de-facto", "japan", "russia"],
    "scenario": None,
}
_KUNASHIRI: dict[str, Any] = {
    "id": "kunashiri",
    "names": {"en": "Kunashiri", "ja": "国後島", "ru": "Кунашир"},
    "aliases": {"en": ["Kunashir"]},
    "geometry": "../geometry/kunashiri.geojson",
}
PLACES: dict[str, Any] = {"places": [_KUNASHIRI], "groups": []}
PLACE_DETAIL: dict[str, Any] = {
    "place": _KUNASHIRI,
    "groups": {
        "de-facto": ["kuril-islands", "northern-territories"],
        "japan": ["northern-territories"],
        "russia": ["kuril-islands", "northern-territories"],
    },
    "bbox": [145.43, 43.58, 146.65, 44.51],
    "label_point": [145.97, 44.07],
    "geometry": {
        "type": "Polygon",
        "coordinates": [[[145.4, 43.6], [146.6, 44.5], [145.9, 44.4], [145.4, 43.6]]],
    },
}
INSTRUMENT_DETAIL: dict[str, Any] = {
    "instrument": {
        "id": "japan-soviet-joint-declaration-1956",
        "kind": "joint-declaration",
        "title": "Joint Declaration by Japan and the USSR",
        "parties": ["japan", "soviet-union"],
        "signed": "1956-10-19",
        "in_force": "1956-12-12",
        "summary": "Ended the state of war; promised Habomai and Shikotan.",
    },
    "effective": "1956-12-12",
    "effective_range": ["1956-12-12", "1956-12-12"],
    "parties": [{"id": "japan", "name": "Japan"}],
    "effects": [],
    "sources": [],
}

CAVEATS: list[str] = [
    "Approximate maritime split, not a delimitation: sea within 200 nm of the ledger's land, "
    "given to the nearest land (equidistance from the drawn coastlines).",
]
LINE: dict[str, Any] = {
    "type": "LineString",
    "coordinates": [[147.159397, 44.890045], [147.431094, 44.636858]],
}
SPLIT: dict[str, Any] = {
    "place": "etorofu",
    "parts": ["etorofu-southwest", "etorofu-northeast"],
    "method": "bisect",
    "part_km2": [548.774, 2484.841],
    "target_km2": 548.779,
    "error_km2": -0.005,
    "iterations": 16,
    "line": LINE,
}
SCENARIO_INFO: dict[str, Any] = {
    "name": "two-islands",
    "path": "scenarios/two-islands",
    "title": "Two islands: Habomai and Shikotan handed over under a peace treaty",
    "description": "The settlement the 1956 Joint Declaration pointed to. …",
    "sources": [{"source": "text-japan-soviet-joint-declaration-1956", "locator": "Point 9"}],
    "instruments": ["peace-treaty-two-islands-2030"],
    "first_date": "2030-01-01",
    "splits": [],
    "problems": [],
}
SCENARIO: dict[str, Any] = {
    "name": "area-split",
    "title": "Area split: the four islands divided into equal halves",
    "description": "The disputed area divided into two halves of equal area …",
    "path": "scenarios/area-split",
    "sources": [
        {
            "source": "aso-area-split-remark-2006",
            "note": "The proposal to divide the combined area of the four islands equally.",
        }
    ],
    "instruments": ["peace-treaty-area-split-2030"],
    "branch_date": "2030-01-01",
    "last_date": "2030-01-01",
    "splits": [SPLIT],
}
METRICS: dict[str, Any] = {
    "view": "japan",
    "layer": "title",
    "holders": {"etorofu-northeast": "russia", "etorofu-southwest": "japan"},
    "land_km2": {"japan": 81279.412, "russia": 44226.398, "undetermined": 39273.041},
    "disputed_km2": {"japan": 2484.828, "russia": 2484.841},
    "disputed_share": {"japan": 0.499999, "russia": 0.500001},
    "changes": [
        {
            "place": "etorofu-northeast",
            "origin": "etorofu",
            "before": "japan",
            "after": "russia",
            "km2": 2484.841,
        }
    ],
    "promises_pending": [],
    "promises_fulfilled": [
        {
            "effect": "japan-soviet-joint-declaration-1956#1",
            "instrument": "japan-soviet-joint-declaration-1956",
            "to": "japan",
            "places": ["habomai", "shikotan"],
        }
    ],
    "sea_km2": {"japan": 608026.943, "russia": 851669.738, "undetermined": 829141.594},
}
COLUMN: dict[str, Any] = {
    "name": "area-split",
    "title": SCENARIO["title"],
    "date": "2030-01-01",
    "scenario": SCENARIO,
    "instruments": ["peace-treaty-area-split-2030"],
    "total_land_km2": 164778.851,
    "disputes": {
        "disputed": [],
        "ended": ["etorofu", "habomai", "kunashiri", "shikotan"],
        "remaining": [],
        "new": [],
    },
    "sea_km2": 2288838.275,
    "views": {"japan": METRICS},
}
COMPARISON: dict[str, Any] = {
    "ledger": "japan-russia",
    "date": "2030-01-01",
    "views": ["japan"],
    "disputed_area": {
        "places": ["etorofu", "habomai", "kunashiri", "shikotan"],
        "km2": 4969.666,
    },
    "columns": [COLUMN],
    "maritime": {
        "computed": True,
        "limit_nm": 200,
        "limit_m": 370400.0,
        "method": "equidistance (nearest land) from densified coastlines; …",
        "caveats": CAVEATS,
    },
}
SCENARIO_MAP: dict[str, Any] = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {
                "layer": "land",
                "place": "etorofu-southwest",
                "origin": "etorofu",
                "holder": "japan",
                "km2": 548.774,
                "changed": False,
            },
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[147.0, 44.5], [147.4, 44.6], [147.2, 44.9], [147.0, 44.5]]],
            },
        },
        {
            "type": "Feature",
            "properties": {
                "layer": "split-line",
                "place": "etorofu",
                "parts": ["etorofu-southwest", "etorofu-northeast"],
            },
            "geometry": LINE,
        },
    ],
    "properties": {
        "scenario": "area-split",
        "date": "2030-01-01",
        "view": "japan",
        "caveats": CAVEATS,
    },
}
