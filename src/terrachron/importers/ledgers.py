"""The import commands: data files in, a ledger folder out, and a report of what was done."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from terrachron.importers.historical_basemaps import (
    HB_URL,
    NE_DATE,
    EffectRow,
    ImportResult,
    PlaceRow,
    build_world,
)
from terrachron.importers.natural_earth import DisputedArea, read_disputed_areas
from terrachron.importers.polities import PolityNames
from terrachron.importers.snapshots import read_snapshots
from terrachron.importers.write import InstrumentSpec, SourceSpec, file_sha256, write_ledger

__all__ = ["ImportReport", "import_historical_basemaps", "import_natural_earth_disputes"]

NE_URL = "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/"


@dataclass
class ImportReport:
    """What an import wrote and measured."""

    ledger: Path
    figures: dict[str, float] = field(default_factory=dict)
    skipped: list[Path] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report as lines of text."""
        out = [f"wrote {self.ledger}"]
        out += [f"  {k}: {v:g}" for k, v in self.figures.items()]
        out += [f"  skipped (same year given later): {p}" for p in self.skipped]
        out += [f"  not read: {e}" for e in self.exceptions]
        return out


def _polity_records(names: PolityNames, used: set[str]) -> list[dict[str, Any]]:
    records = []
    for pid in sorted(used):
        rec = names.polities[pid]
        observed = "; ".join(
            f"{name} ({', '.join(str(y) for y in sorted(years))})"
            for name, years in sorted(rec.observed.items())
        )
        data: dict[str, Any] = {"id": pid, "names": {"en": rec.name}}
        if rec.alias_list():
            data["aliases"] = {"en": rec.alias_list()}
        if rec.codes:
            data["codes"] = dict(rec.codes)
        data["lifespan"] = rec.lifespan
        if rec.continues and rec.continues in used:
            data["continues"] = rec.continues
        data["summary"] = f"Named in the imported data as: {observed}."
        records.append(data)
    return records


def _used_polities(effects: Sequence[EffectRow]) -> set[str]:
    used: set[str] = set()
    for e in effects:
        used.update(p for p in (e.from_, e.to, e.by) if p)
    return used


def _ne_source(path: Path) -> SourceSpec:
    return SourceSpec(
        id="natural-earth-disputed-areas",
        title="Natural Earth 1:10m Cultural Vectors: Admin 0 – Breakaway, Disputed Areas",
        url=NE_URL,
        note=f"File {path.name}, read for NOTE_BRK (who administers and who claims each "
        f"area); packaged {NE_DATE}. Public domain.",
        authors=("Natural Earth",),
        published=NE_DATE,
        sha256=file_sha256(path),
    )


def import_historical_basemaps(
    paths: Sequence[Path],
    out: Path,
    *,
    disputes: Path | None = None,
    grid: float = 0.001,
    sliver_width: float = 0.02,
    ledger_id: str = "historical-basemaps",
    replace: bool = False,
) -> ImportReport:
    """Import historical-basemaps snapshots (and optionally Natural Earth's disputed areas).

    Parameters
    ----------
    paths : sequence of Path
        Snapshot files ``world_YYYY.geojson`` or folders of them.
    out : Path
        The ledger folder to write.
    disputes : Path, optional
        ``ne_10m_admin_0_disputed_areas`` (GeoJSON), whose readings decide control of overlaps.
    """
    snapshots, skipped = read_snapshots(paths)
    names = PolityNames()
    areas: list[DisputedArea] = read_disputed_areas(disputes, names) if disputes else []
    result = build_world(snapshots, areas, names=names, grid=grid, sliver_width=sliver_width)
    result.skipped = skipped
    sources = [
        SourceSpec(
            id=f"historical-basemaps-{s.year:04d}",
            title=f"historical-basemaps: the world in {s.year} ({s.path.name})",
            url=HB_URL,
            note="World borders drawn for one year by the historical-basemaps project "
            "(André Ourednik and contributors), GPL-3.0. Coarse: BORDERPRECISION 1 means "
            "approximate, 2 moderate, 3 set by international law.",
            authors=("André Ourednik", "historical-basemaps contributors"),
            sha256=file_sha256(s.path),
        )
        for s in snapshots
    ]
    if disputes:
        sources.append(_ne_source(disputes))
    instruments = [_instrument_spec(iid, spec) for iid, spec in sorted(result.instruments.items())]
    first, last = snapshots[0].year, snapshots[-1].year
    meta = {
        "id": ledger_id,
        "title": f"The world {first}–{last}, imported from historical-basemaps",
        "description": f"Who held each part of the world at {len(snapshots)} snapshots from "
        f"{first} to {last}, imported from historical-basemaps"
        + (" and read with Natural Earth's disputed areas" if disputes else "")
        + ". Coarse: a change between two snapshots is dated to the interval between them.",
        "license": "GPL-3.0-or-later (derived from historical-basemaps); Natural Earth is "
        "public domain",
        "coverage": f"the land of the world {first}–{last} as historical-basemaps draws it",
    }
    report = ImportReport(
        out,
        result.figures,
        skipped,
        [f"{a.name}: {a.exception}" for a in areas if a.exception],
    )
    extra = {"README.md": _readme(meta, snapshots, report, disputes is not None)}
    licence = _licence_beside(snapshots[0].path)
    if licence is not None:
        extra["LICENSE"] = licence
    write_ledger(
        out,
        meta=meta,
        polities=_polity_records(names, _used_polities(result.effects)),
        sources=sources,
        instruments=instruments,
        places=result.places,
        effects=result.effects,
        extra_files=extra,
        replace=replace,
    )
    return report


def _licence_beside(path: Path) -> str | None:
    """The licence text shipped with the snapshots (historical-basemaps: GPL-3.0), if found."""
    for folder in (path.parent, path.parent.parent):
        candidate = folder / "LICENSE"
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    return None


def _readme(meta: dict[str, Any], snapshots: Sequence[Any], report: ImportReport, ne: bool) -> str:
    years = ", ".join(str(s.year) for s in snapshots)
    ne_line = "Natural Earth's disputed areas (public domain) decide control of overlaps."
    figures = "\n".join(f"| {k} | {v:g} |" for k, v in report.figures.items() if k != "seconds")
    return f"""# {meta["title"]}

A terrachron ledger written by `terrachron import historical-basemaps` (see docs/import.md in the
terrachron repository). Do not edit it by hand: rebuild it with `make world-ledger`.

**Licence.** The geometry and the holders are derived from
[historical-basemaps](https://github.com/aourednik/historical-basemaps) by André Ourednik and
contributors, licensed under the GNU General Public License v3.0 (the file LICENSE here); this
folder is distributed under the same licence, apart from terrachron's Apache-2.0 code.
{ne_line if ne else ""}

**Snapshots read** ({len(snapshots)}): {years}. A snapshot stands for the middle of its year;
a change seen between two snapshots is dated to the interval between them.

| figure | value |
|---|---|
{figures}
"""


def _instrument_spec(iid: str, spec: tuple[str, str, list[str]]) -> InstrumentSpec:
    title, date, source_ids = spec
    if iid == "natural-earth-disputed-areas":
        summary = (
            "Natural Earth's own reading of each disputed area as of its publication: who "
            "administers it and who claims it. It says nothing of when a claim began, so it is "
            "dated to the data's publication."
        )
        locators = tuple((s, "NOTE_BRK") for s in source_ids)
    elif len(source_ids) == 1:
        summary = (
            "The holders that one historical-basemaps snapshot draws, read as the state on the "
            "middle of its year; the first record of each place."
        )
        locators = tuple((s, "SUBJECTO, NAME") for s in source_ids)
    else:
        summary = (
            "Every change of holder seen between two consecutive historical-basemaps snapshots. "
            "The data does not say when a change happened, so each is dated to the interval "
            "between the two snapshots and answers inside it are uncertain."
        )
        locators = tuple((s, "SUBJECTO, NAME") for s in source_ids)
    return InstrumentSpec(iid, title, date, summary, locators)


def import_natural_earth_disputes(path: Path, out: Path, *, replace: bool = False) -> ImportReport:
    """A ledger of Natural Earth's disputed areas alone: one place each, today's reading."""
    from terrachron.importers.historical_basemaps import _ne_target, _State, _transition
    from terrachron.importers.polities import slugify

    names = PolityNames()
    areas = read_disputed_areas(path, names)
    places: list[PlaceRow] = []
    effects: list[EffectRow] = []
    seen: dict[str, int] = {}
    for area in areas:
        slug = slugify(area.name)
        seen[slug] = seen.get(slug, 0) + 1
        pid = slug if seen[slug] == 1 else f"{slug}-{seen[slug]}"
        summary = f"Natural Earth disputed area {area.name!r}: {area.note or 'no note'}."
        places.append(PlaceRow(id=pid, name=area.name, geometry=area.geometry, summary=summary))
        if area.reading is None:
            continue
        target = _ne_target(_State(), area)
        for op, from_, to, by, control in _transition(_State(), target, names):
            effects.append(
                EffectRow(
                    "natural-earth-disputed-areas",
                    op,
                    pid,
                    None,
                    from_,
                    to,
                    by,
                    control,
                    area.note,
                )
            )
    instruments = [
        _instrument_spec(
            "natural-earth-disputed-areas",
            (
                "Natural Earth's reading of disputed areas",
                NE_DATE,
                ["natural-earth-disputed-areas"],
            ),
        )
    ]
    meta = {
        "id": "natural-earth-disputes",
        "title": "Disputed areas as Natural Earth reads them",
        "description": "Who administers and who claims each of Natural Earth's disputed areas.",
        "license": "Public domain (Natural Earth)",
        "coverage": "Natural Earth's disputed and breakaway areas",
    }
    write_ledger(
        out,
        meta=meta,
        polities=_polity_records(names, _used_polities(effects)),
        sources=[_ne_source(path)],
        instruments=instruments,
        places=places,
        effects=effects,
        replace=replace,
    )
    result = ImportResult(places, effects, {}, [], names, areas)
    return ImportReport(
        out,
        {"areas": float(len(areas)), "effects": float(len(result.effects))},
        [],
        [f"{a.name}: {a.exception}" for a in areas if a.exception],
    )
