"""Regenerate the broken-ledger corpus from the mini ledger.

Run from anywhere (no network, no arguments)::

    python tests/data/broken/make_cases.py

Every case is a full copy of ``tests/data/ledgers/mini/`` with ONE defect applied, plus an
``expected.yaml`` listing each problem the validator must report (file relative to the ledger root,
1-based line, rule, severity and, where certain, column). A case whose expectation the current
validator does not meet carries an ``xfail`` line saying why (the tests mark it
``xfail(strict=True)``). Re-running rewrites every case folder byte for byte the same.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
MINI = HERE.parent / "ledgers" / "mini"

OCCUPATION = "instruments/1920-occupation.yaml"
PARTITION = "instruments/1850-partition.yaml"
ANNEXATION = "instruments/1921-annexation.yaml"
SOUTH = "places/south.yaml"
SOUTH_GEOJSON = "geometry/south.geojson"


@dataclass(frozen=True)
class Expect:
    """One problem a case must produce."""

    file: str
    line: int
    rule: str
    severity: str = "error"
    column: int | None = None

    def to_yaml(self) -> str:
        col = f", column: {self.column}" if self.column is not None else ""
        return (
            f"  - {{file: {self.file}, line: {self.line}{col}, rule: {self.rule}, "
            f"severity: {self.severity}}}"
        )


@dataclass(frozen=True)
class Case:
    """A broken ledger: the mini ledger plus edits, and what the validator must say about it."""

    name: str
    what: str
    problems: tuple[Expect, ...]
    # (file, old, new): ``old`` must occur exactly once in ``file``.
    replace: tuple[tuple[str, str, str], ...] = ()
    # file → whole new content (str is written as UTF-8, bytes as is).
    write: dict[str, str | bytes] = field(default_factory=dict)
    # file → the relative target of a symbolic link written in its place.
    links: dict[str, str] = field(default_factory=dict)
    # Why the current validator fails this case; the tests then mark it xfail(strict=True).
    xfail: str | None = None


_DEEP = "[" * 400 + "]" * 400
_CATO = '- id: cato\n  names: {en: Cato}\n  lifespan: "../.."\n'
_ALDA = '- id: alda\n  names: {en: Alda}\n  lifespan: "../.."\n'
MEMO = "instruments/1940-memo.yaml"


def _memo(amends: str, date: str) -> str:
    return (
        "id: memo-1940\n"
        "kind: statement\n"
        "title: Memorandum\n"
        "parties: [alda]\n"
        f'date: "{date}"\n'
        "summary: Alda adds a condition to its promise.\n"
        "sources: [{source: notes}]\n"
        f"effects:\n  - {{op: amend_condition, amends: '{amends}', by: alda, places: [north], "
        "condition: after a peace treaty and a withdrawal}\n"
    )


PLACES_TABLE = "tables/places.parquet"
EFFECTS_TABLE = "tables/effects.parquet"
EAST_RING = [[12.0, 0.0], [13.0, 0.0], [13.0, 1.0], [12.0, 1.0], [12.0, 0.0]]
EFFECT_ROW = {"instrument": "partition-1850", "op": "establish", "place": "east", "to": "alda"}


def _wkb(ring: list[list[float]]) -> bytes:
    from shapely.geometry import Polygon

    return bytes(Polygon(ring).wkb)


def _parquet(columns: dict[str, list[object]], types: dict[str, str] | None = None) -> bytes:
    """A Parquet file's bytes, written the same way every time (no compression, no dictionary)."""
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    kinds = {"string": pa.string(), "binary": pa.binary(), "bool": pa.bool_()}
    types = types or {}
    arrays = {}
    for name, values in columns.items():
        default = "binary" if name == "geometry" else "bool" if name == "control" else "string"
        arrays[name] = pa.array(values, kinds[types.get(name, default)])
    buffer = io.BytesIO()
    pq.write_table(pa.table(arrays), buffer, compression="none", use_dictionary=False)
    return buffer.getvalue()


def _places_table(*rows: dict[str, object]) -> bytes:
    columns = ["id", "name", "names", "aliases", "summary", "geometry"]
    return _parquet({c: [r.get(c) for r in rows] for c in columns})


def _effects_table(*rows: dict[str, object], extra: tuple[str, ...] = ()) -> bytes:
    columns = ["instrument", "op", "place", "date", "from", "to", "by", "control", "note", *extra]
    return _parquet({c: [r.get(c) for r in rows] for c in columns})


EAST = {"id": "east", "name": "East Isle", "geometry": _wkb(EAST_RING)}


def _tables(
    places: tuple[dict[str, object], ...] = (EAST,),
    effects: tuple[dict[str, object], ...] = (EFFECT_ROW,),
) -> dict[str, str | bytes]:
    """The mini ledger's East Isle, from tables: one place row and the rows given."""
    return {PLACES_TABLE: _places_table(*places), EFFECTS_TABLE: _effects_table(*effects)}


def _polygon(ring: list[list[float]]) -> str:
    geometry = {"type": "Polygon", "coordinates": [ring]}
    return json.dumps({"type": "Feature", "properties": {"id": "south"}, "geometry": geometry})


CASES: tuple[Case, ...] = (
    # --- YAML reading -----------------------------------------------------------------------
    Case(
        "yaml-syntax",
        "an over-indented key makes views/alda.yaml unparsable (mapping value not allowed)",
        (Expect("views/alda.yaml", 3, "yaml-syntax", column=9),),
        replace=(("views/alda.yaml", "\npolity: alda", "\n  polity: alda"),),
    ),
    Case(
        "yaml-tag",
        "a python object tag (!!python/object/apply:os.system) in a view's description",
        (Expect("views/alda.yaml", 4, "yaml-tag", column=14),),
        replace=(
            (
                "views/alda.yaml",
                "polity: alda\n",
                'polity: alda\ndescription: !!python/object/apply:os.system ["echo pwned"]\n',
            ),
        ),
    ),
    Case(
        "yaml-recursive-alias",
        "a self-referencing YAML alias (&d [*d]) in a view: must be reported, not crash",
        (Expect("views/alda.yaml", 4, "yaml-syntax"),),
        replace=(("views/alda.yaml", "polity: alda\n", "polity: alda\ndescription: &d [*d]\n"),),
    ),
    Case(
        "yaml-depth",
        "a view's description nests 400 flow lists in 810 bytes: reported, not a RecursionError",
        (Expect("views/alda.yaml", 4, "yaml-depth", column=77),),
        replace=(("views/alda.yaml", "polity: alda\n", f"polity: alda\ndescription: {_DEEP}\n"),),
    ),
    Case(
        "duplicate-key",
        "the key 'names' appears twice in places/south.yaml",
        (Expect(SOUTH, 3, "duplicate-key", column=1),),
        replace=((SOUTH, "aliases:", "names: {en: Southern Isle}\naliases:"),),
    ),
    Case(
        "duplicate-key-in-effect",
        "an effect's flow mapping gives 'to' twice",
        (Expect(PARTITION, 10, "duplicate-key", column=31),),
        replace=((PARTITION, "to: borg,", "to: borg, to: alda,"),),
    ),
    Case(
        "encoding",
        "views/alda.yaml starts with a Latin-1 comment line (invalid UTF-8 bytes on line 1)",
        (Expect("views/alda.yaml", 1, "encoding"),),
        write={
            "views/alda.yaml": b"# Vue d'Alda, r\xe9vis\xe9e\nid: alda\nkind: polity\n"
            b"polity: alda\n"
        },
    ),
    Case(
        "encoding-later-line",
        "views/alda.yaml has invalid UTF-8 bytes (Latin-1 e-acute) on line 4 only",
        (Expect("views/alda.yaml", 4, "encoding"),),
        write={
            "views/alda.yaml": b"id: alda\nkind: polity\npolity: alda\n"
            b"description: Vue d'Alda, r\xe9vis\xe9e\n"
        },
    ),
    Case(
        "empty-file",
        "views/empty.yaml is an empty file",
        (Expect("views/empty.yaml", 1, "empty-file", column=1),),
        write={"views/empty.yaml": ""},
    ),
    Case(
        "ledger-yaml-syntax",
        "the root ledger.yaml has a YAML syntax error (over-indented key)",
        (Expect("ledger.yaml", 3, "yaml-syntax", column=14),),
        replace=(("ledger.yaml", "\ndescription:", "\n  description:"),),
    ),
    Case(
        "ledger-yaml-encoding",
        "the root ledger.yaml starts with a Latin-1 comment line (invalid UTF-8)",
        (Expect("ledger.yaml", 1, "encoding"),),
        write={
            "ledger.yaml": b"# r\xe9sum\xe9 of the mini ledger\nid: mini\n"
            b"title: A small invented ledger for tests\n"
        },
    ),
    # --- schema -----------------------------------------------------------------------------
    Case(
        "schema-missing",
        "the occupation instrument has no title",
        (Expect(OCCUPATION, 1, "schema-missing", column=1),),
        replace=((OCCUPATION, "title: Occupation of the Isles\n", ""),),
    ),
    Case(
        "schema-unknown-field",
        "the occupation instrument misspells 'parties' as 'partys'",
        (Expect(OCCUPATION, 4, "schema-unknown-field"),),
        replace=((OCCUPATION, "parties:", "partys:"),),
    ),
    Case(
        "schema-unknown-field-block",
        "a misspelled key 'partys' whose value is a block list on the following line",
        (Expect(OCCUPATION, 4, "schema-unknown-field", column=1),),
        replace=((OCCUPATION, "parties: [alda]", "partys:\n  - alda"),),
    ),
    Case(
        "schema-type",
        "polity 'cato' gives its names as a list instead of a mapping",
        (Expect("polities/all.yaml", 12, "schema-type"),),
        replace=(("polities/all.yaml", "names: {en: Cato}", "names: [Cato]"),),
    ),
    Case(
        "effect-op",
        "an effect uses the unknown op 'invade'",
        (Expect(OCCUPATION, 9, "effect-op"),),
        replace=((OCCUPATION, "op: occupy", "op: invade"),),
    ),
    # --- dates ------------------------------------------------------------------------------
    Case(
        "date-invalid-text",
        "an instrument date written as prose: '13th of May'",
        (Expect(OCCUPATION, 5, "date-invalid", column=7),),
        replace=((OCCUPATION, 'date: "1920-08-10/1920-08-20"', 'date: "13th of May"'),),
    ),
    Case(
        "date-invalid-day",
        "an instrument date naming a day that does not exist: 1945-02-30",
        (Expect(OCCUPATION, 5, "date-invalid", column=7),),
        replace=((OCCUPATION, 'date: "1920-08-10/1920-08-20"', 'date: "1945-02-30"'),),
    ),
    Case(
        "date-invalid-reversed",
        "an instrument date interval that ends before it starts: 1920-08-20/1920-08-10",
        (Expect(OCCUPATION, 5, "date-invalid", column=7),),
        replace=((OCCUPATION, 'date: "1920-08-10/1920-08-20"', 'date: "1920-08-20/1920-08-10"'),),
    ),
    Case(
        "date-order",
        "the partition treaty comes into force (1849-06-01) before it is signed (1850-03-01)",
        (Expect(PARTITION, 6, "date-order"),),
        replace=((PARTITION, 'in_force: "1850-06-01"', 'in_force: "1849-06-01"'),),
    ),
    Case(
        "date-order-effect",
        "an effect of the partition treaty is dated before the treaty's signature",
        (Expect(PARTITION, 10, "date-order"),),
        replace=((PARTITION, "places: [north]}", 'places: [north], date: "1849-12-31"}'),),
    ),
    Case(
        "date-unbounded",
        "an effect dated '../1920' (open start)",
        (Expect(OCCUPATION, 9, "date-unbounded"),),
        replace=((OCCUPATION, "group: isles}", 'group: isles, date: "../1920"}'),),
    ),
    Case(
        "date-unbounded-instrument",
        "the occupation's own date is open-ended ('../1920-08-20') and its effect inherits it",
        (Expect(OCCUPATION, 5, "date-unbounded"),),
        replace=((OCCUPATION, 'date: "1920-08-10/1920-08-20"', 'date: "../1920-08-20"'),),
    ),
    Case(
        "instrument-date",
        "the occupation instrument has no date, signed or in_force at all",
        (Expect(OCCUPATION, 1, "instrument-date", column=1),),
        replace=((OCCUPATION, 'date: "1920-08-10/1920-08-20"\n', ""),),
    ),
    # --- polities and references ------------------------------------------------------------
    Case(
        "polity-lifespan-before",
        "a partition effect of 1850 gives North to borgia, which exists only from 1900",
        (Expect(PARTITION, 10, "polity-lifespan"),),
        replace=((PARTITION, "to: borg,", "to: borgia,"),),
    ),
    Case(
        "polity-lifespan-after",
        "the 1921 annexation is made by borg, which ended in 1899",
        (Expect(ANNEXATION, 9, "polity-lifespan", column=21),),
        replace=((ANNEXATION, "by: alda", "by: borg"),),
    ),
    Case(
        "succession-cycle-self",
        "the polity cato continues itself",
        (Expect("polities/all.yaml", 14, "succession-cycle", column=14),),
        replace=(("polities/all.yaml", _CATO, _CATO + "  continues: cato\n"),),
    ),
    Case(
        "succession-cycle-pair",
        "alda continues cato and cato succeeds alda: each is reported at the key closing the loop",
        (
            Expect("polities/all.yaml", 4, "succession-cycle", column=14),
            Expect("polities/all.yaml", 15, "succession-cycle", column=13),
        ),
        replace=(
            ("polities/all.yaml", _ALDA, _ALDA + "  continues: cato\n"),
            ("polities/all.yaml", _CATO, _CATO + "  succeeds: alda\n"),
        ),
    ),
    Case(
        "unknown-polity",
        "the 1921 annexation is made by 'borgo', which is no polity",
        (Expect(ANNEXATION, 9, "unknown-polity", column=21),),
        replace=((ANNEXATION, "by: alda", "by: borgo"),),
    ),
    Case(
        "unknown-place",
        "the 1921 annexation touches 'nort', which is no place",
        (Expect(ANNEXATION, 9, "unknown-place", column=36),),
        replace=((ANNEXATION, "places: [north]", "places: [nort]"),),
    ),
    Case(
        "unknown-place-group-member",
        "the group 'isles' lists a member 'west' that is no place",
        (Expect("groups/isles.yaml", 3, "unknown-place", column=25),),
        replace=(("groups/isles.yaml", "[north, south]", "[north, south, west]"),),
    ),
    Case(
        "unknown-group",
        "the occupation touches the group 'islez', which does not exist",
        (Expect(OCCUPATION, 9, "unknown-group", column=35),),
        replace=((OCCUPATION, "group: isles", "group: islez"),),
    ),
    Case(
        "unknown-instrument",
        "the borgia view rejects 'annexation-1922', which is no instrument or effect",
        (Expect("views/borgia.yaml", 4, "unknown-instrument", column=11),),
        replace=(("views/borgia.yaml", "annexation-1921", "annexation-1922"),),
    ),
    Case(
        "unknown-source",
        "the 1921 annexation cites the source 'note', which does not exist",
        (Expect(ANNEXATION, 7, "unknown-source", column=20),),
        replace=((ANNEXATION, "{source: notes}", "{source: note}"),),
    ),
    Case(
        "duplicate-id",
        "a second place file reuses the id 'north'",
        (Expect("places/zz-north-again.yaml", 1, "duplicate-id", column=5),),
        write={"places/zz-north-again.yaml": "id: north\nnames: {en: North Isle again}\n"},
    ),
    # --- title logic (runs only on an otherwise sound ledger) --------------------------------
    Case(
        "title-conflict",
        "the partition establishes North for both borg and alda on the same day",
        (Expect(PARTITION, 12, "title-conflict", column=10),),
        replace=(
            (
                PARTITION,
                "places: [south]}\n",
                "places: [south]}\n  - {op: establish, to: alda, places: [north]}\n",
            ),
        ),
    ),
    Case(
        "transfer-from-nonholder",
        "a new 1860 treaty has cato transfer South, which alda holds (warning only)",
        (Expect("instruments/1860-sale.yaml", 9, "transfer-from-nonholder", "warning", 26),),
        write={
            "instruments/1860-sale.yaml": (
                "id: sale-1860\n"
                "kind: treaty\n"
                "title: Sale of South\n"
                "parties: [cato, alda]\n"
                'signed: "1860-01-01"\n'
                "summary: Cato sells South to Alda, though Alda already holds it.\n"
                "sources: [{source: notes}]\n"
                "effects:\n"
                "  - {op: transfer, from: cato, to: alda, places: [south]}\n"
            )
        },
    ),
    Case(
        "no-source",
        "the occupation instrument cites no source (warning only)",
        (Expect(OCCUPATION, 1, "no-source", "warning", 5),),
        replace=((OCCUPATION, "sources: [{source: notes}]\n", ""),),
    ),
    # --- geometry ---------------------------------------------------------------------------
    Case(
        "geometry-missing",
        "places/south.yaml points at a geometry file that does not exist",
        (Expect(SOUTH, 4, "geometry-missing", column=11),),
        replace=((SOUTH, "south.geojson", "sud.geojson"),),
    ),
    Case(
        "geometry-outside-absolute",
        "places/south.yaml points at an absolute path (/etc/hostname)",
        (Expect(SOUTH, 4, "geometry-outside", column=11),),
        replace=((SOUTH, "../geometry/south.geojson", "/etc/hostname"),),
    ),
    Case(
        "geometry-outside-dotdot",
        "places/south.yaml climbs out of the ledger with '..' (to a file that exists)",
        (Expect(SOUTH, 4, "geometry-outside", column=11),),
        replace=((SOUTH, "../geometry/south.geojson", "../../make_cases.py"),),
    ),
    Case(
        "geometry-outside-symlink",
        "geometry/south.geojson is a symbolic link to a file outside the ledger",
        (Expect(SOUTH, 4, "geometry-outside", column=11),),
        links={SOUTH_GEOJSON: "../../../ledgers/mini/geometry/south.geojson"},
    ),
    Case(
        "geometry-format-not-json",
        "geometry/south.geojson is truncated: not JSON",
        (Expect(SOUTH, 4, "geometry-format", column=11),),
        write={SOUTH_GEOJSON: '{"type": "Feature", "geometry": {"type": "Polygon", \n'},
    ),
    Case(
        "geometry-format-not-geojson",
        "geometry/south.geojson is JSON but not GeoJSON (no type, no geometry)",
        (Expect(SOUTH, 4, "geometry-format", column=11),),
        write={SOUTH_GEOJSON: '{"name": "South Isle", "area_km2": 12345}\n'},
    ),
    Case(
        "geometry-format-null-geometry",
        "geometry/south.geojson is a Feature whose geometry is null: must be reported, not crash",
        (Expect(SOUTH, 4, "geometry-format", column=11),),
        write={SOUTH_GEOJSON: '{"type": "Feature", "properties": {}, "geometry": null}\n'},
    ),
    Case(
        "geometry-invalid-bowtie",
        "geometry/south.geojson is a self-intersecting bow-tie polygon",
        (Expect(SOUTH, 4, "geometry-invalid", column=11),),
        write={SOUTH_GEOJSON: _polygon([[10, -1], [11, 0], [11, -1], [10, 0], [10, -1]]) + "\n"},
    ),
    Case(
        "geometry-invalid-linestring",
        "geometry/south.geojson holds a LineString, not an area",
        (Expect(SOUTH, 4, "geometry-invalid", column=11),),
        write={SOUTH_GEOJSON: '{"type": "LineString", "coordinates": [[10, -1], [11, 0]]}\n'},
    ),
    Case(
        "geometry-overlap",
        "South's outline is moved north so that it overlaps North by half a square degree",
        (Expect(SOUTH, 4, "geometry-overlap", column=11),),
        write={
            SOUTH_GEOJSON: _polygon([[10, 0.5], [11, 0.5], [11, 1.5], [10, 1.5], [10, 0.5]]) + "\n"
        },
    ),
    # --- amendments of a promise's condition, and the record's horizon ----------------------
    Case(
        "amend-unknown-effect",
        "a memorandum amends 'promise-1930#9', which is no effect",
        (Expect(MEMO, 9, "unknown-effect", column=35),),
        write={MEMO: _memo("promise-1930#9", "1940-01-27")},
    ),
    Case(
        "amend-not-promise",
        "a memorandum amends the condition of the 1921 annexation, which is no promise",
        (Expect(MEMO, 9, "amend-not-promise", column=35),),
        write={MEMO: _memo("annexation-1921#1", "1940-01-27")},
    ),
    Case(
        "amend-before-promise",
        "a memorandum of 1929 amends the promise made in 1930",
        (Expect(MEMO, 9, "date-order", column=35),),
        write={MEMO: _memo("promise-1930#1", "1929-01-27")},
    ),
    Case(
        "recorded-until-invalid",
        "ledger.yaml states recorded_until: 1999-13-01, a month that does not exist",
        (Expect("ledger.yaml", 4, "recorded-until", column=17),),
        replace=(
            (
                "ledger.yaml",
                "no history is claimed.\n",
                "no history is claimed.\nrecorded_until: 1999-13-01\n",
            ),
        ),
    ),
    # --- bulk tables (tables/*.parquet): line = 1-based row, column = 1-based column index ---
    Case(
        "table-unknown-place",
        "the second row of tables/effects.parquet names a place no table or YAML defines",
        (Expect(EFFECTS_TABLE, 2, "unknown-place", column=3),),
        write=_tables(effects=(EFFECT_ROW, {**EFFECT_ROW, "place": "atlantis"})),
    ),
    Case(
        "table-unknown-polity",
        "an effects table row gives East to a polity that does not exist",
        (Expect(EFFECTS_TABLE, 1, "unknown-polity", column=6),),
        write=_tables(effects=({**EFFECT_ROW, "to": "zorg"},)),
    ),
    Case(
        "table-unknown-instrument",
        "an effects table row belongs to an instrument no YAML file defines",
        (Expect(EFFECTS_TABLE, 2, "unknown-instrument", column=1),),
        write=_tables(effects=(EFFECT_ROW, {**EFFECT_ROW, "instrument": "treaty-of-nowhere"})),
    ),
    Case(
        "table-effect-op",
        "an effects table row holds 'condominium', which a table row cannot express",
        (Expect(EFFECTS_TABLE, 1, "effect-op", column=2),),
        write=_tables(effects=({**EFFECT_ROW, "op": "condominium"},)),
    ),
    Case(
        "table-date-invalid",
        "an effects table row's date has a thirteenth month",
        (Expect(EFFECTS_TABLE, 1, "date-invalid", column=4),),
        write=_tables(effects=({**EFFECT_ROW, "date": "1850-13-01"},)),
    ),
    Case(
        "table-schema-missing",
        "an effects table row has no place (null in a required column)",
        (Expect(EFFECTS_TABLE, 1, "schema-missing", column=3),),
        write=_tables(effects=({**EFFECT_ROW, "place": None},)),
    ),
    Case(
        "table-schema-missing-op-field",
        "a transfer row in the effects table has no 'from'",
        (Expect(EFFECTS_TABLE, 1, "schema-missing", column=5),),
        write=_tables(effects=({**EFFECT_ROW, "op": "transfer"},)),
    ),
    Case(
        "table-unknown-column",
        "tables/effects.parquet has a tenth column, 'colour', that the format does not define",
        (Expect(EFFECTS_TABLE, 0, "schema-unknown-field", column=10),),
        write={
            PLACES_TABLE: _places_table(EAST),
            EFFECTS_TABLE: _effects_table(EFFECT_ROW, extra=("colour",)),
        },
    ),
    Case(
        "table-missing-column",
        "tables/places.parquet has no geometry column",
        (Expect(PLACES_TABLE, 0, "schema-missing", column=0),),
        write={
            PLACES_TABLE: _parquet({"id": ["east"], "name": ["East Isle"]}),
            EFFECTS_TABLE: _effects_table(),
        },
    ),
    Case(
        "table-duplicate-id",
        "tables/places.parquet defines 'north', which places/north.yaml already defines",
        (Expect(PLACES_TABLE, 2, "duplicate-id", column=1),),
        write=_tables(places=(EAST, {**EAST, "id": "north", "name": "North again"})),
    ),
    Case(
        "table-geometry-invalid",
        "East's WKB in tables/places.parquet is a self-intersecting bow-tie",
        (Expect(PLACES_TABLE, 1, "geometry-invalid", column=6),),
        write=_tables(
            places=({**EAST, "geometry": _wkb([[12, 0], [13, 1], [13, 0], [12, 1], [12, 0]])},),
            effects=(),
        ),
    ),
    Case(
        "table-geometry-format",
        "East's geometry cell holds bytes that are not WKB",
        (Expect(PLACES_TABLE, 1, "geometry-format", column=6),),
        write=_tables(places=({**EAST, "geometry": b"not wkb at all"},), effects=()),
    ),
    Case(
        "table-geometry-overlap",
        "a table place, West Reef (its id sorts after north: the later id is reported), "
        "overlaps North",
        (Expect(PLACES_TABLE, 1, "geometry-overlap", column=6),),
        write=_tables(
            places=(
                {
                    "id": "west-reef",
                    "name": "West Reef",
                    "geometry": _wkb([[10.5, 1], [11.5, 1], [11.5, 2], [10.5, 2], [10.5, 1]]),
                },
            ),
            effects=(),
        ),
    ),
    Case(
        "table-format",
        "tables/effects.parquet is a CSV file saved under a .parquet name",
        (Expect(EFFECTS_TABLE, 0, "table-format", column=0),),
        write={
            PLACES_TABLE: _places_table(EAST),
            EFFECTS_TABLE: "instrument,op,place\npartition-1850,establish,east\n",
        },
    ),
    Case(
        "table-names-json",
        "East's names cell is not a JSON object",
        (Expect(PLACES_TABLE, 1, "schema-type", column=3),),
        write=_tables(places=({**EAST, "names": "ja: 東島"},), effects=()),
    ),
)


def _expected_yaml(case: Case) -> str:
    lines = [f"# {case.what}", "problems:", *(p.to_yaml() for p in case.problems)]
    if case.xfail:
        lines.append(f"xfail: {json.dumps(case.xfail)}")
    return "\n".join(lines) + "\n"


def build(case: Case, root: Path = HERE) -> Path:
    """Write one case folder under ``root`` from scratch and return it."""
    target = root / case.name
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(MINI, target)
    for rel, old, new in case.replace:
        path = target / rel
        text = path.read_text(encoding="utf-8")
        if text.count(old) != 1:
            raise SystemExit(f"{case.name}: {old!r} occurs {text.count(old)} times in {rel}")
        path.write_bytes(text.replace(old, new).encode("utf-8"))
    for rel, content in case.write.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    for rel, link in case.links.items():
        path = target / rel
        path.unlink(missing_ok=True)
        path.symlink_to(link)
    (target / "expected.yaml").write_bytes(_expected_yaml(case).encode("utf-8"))
    return target


def main() -> None:
    names = [case.name for case in CASES]
    if len(set(names)) != len(names):
        raise SystemExit("case names must be unique")
    for stale in sorted(HERE.iterdir()):
        if stale.is_dir() and (stale / "expected.yaml").is_file() and stale.name not in names:
            shutil.rmtree(stale)
    for case in CASES:
        build(case)
    print(f"wrote {len(CASES)} cases under {HERE}")


if __name__ == "__main__":
    main()
