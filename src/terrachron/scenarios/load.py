"""Reading a scenario folder, checking it against its ledger, and building the branch.

A scenario is validated like a ledger: every problem is collected (never just the first) and
located as ``file:line:column``. The branch is a new set of ledger records, the ledger's own with
the scenario's on top, checked again by :func:`terrachron.ledger.validate.validate`, so a
hypothetical instrument obeys every rule a recorded one does. On top of those, scenarios have
their own rules:

=========================  ===============================================================
``scenario-missing``       the folder has no ``scenario.yaml``
``scenario-id``            a ledger's scenario whose id differs from its folder name
``scenario-content``       a record other than an instrument or a source in the folder
``scenario-hypothetical``  an instrument not marked ``hypothetical: true``
``scenario-date``          a hypothetical instrument or effect dated inside the ledger's
                           recorded history (on or before its last recorded date)
``split-line``             a split line that does not cross its place (or crosses itself)
``split-target``           a bisection target that cannot be met
=========================  ===============================================================
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from shapely.geometry.base import BaseGeometry

from terrachron.dates import OPEN_END, day_to_iso
from terrachron.engine.compiled import compile_effect
from terrachron.errors import LedgerError, Problem, Severity
from terrachron.ledger.load import (
    LedgerFiles,
    LedgerMeta,
    Origin,
    _decode,
    _read_record,
    read_ledger,
)
from terrachron.ledger.validate import validate
from terrachron.ledger.yamlpos import load_yaml
from terrachron.model import Effect, Group, Instrument, Place, View
from terrachron.scenarios.geodesy import geodesic_km2
from terrachron.scenarios.model import (
    Scenario,
    ScenarioError,
    ScenarioInfo,
    Split,
    UnknownScenarioError,
)
from terrachron.scenarios.spec import ScenarioSpec, SplitSpec
from terrachron.scenarios.split import Cut, CutError, bisect_place, cut_along

if TYPE_CHECKING:
    from terrachron.query import Ledger
    from terrachron.scenarios.branch import ScenarioLedger

__all__ = [
    "SCENARIOS_DIR",
    "SCENARIO_FILE",
    "check_scenario",
    "find_scenarios",
    "load_scenario",
    "read_info",
    "resolve_scenario",
]

SCENARIO_FILE = "scenario.yaml"
SCENARIOS_DIR = "scenarios"
_ALLOWED_KINDS = ("instruments", "sources")


@dataclass
class ScenarioFiles(LedgerFiles):
    """The records of a scenario folder: instruments and sources, plus its ``scenario.yaml``."""

    scenario: dict[str, ScenarioSpec] = field(default_factory=dict)

    @property
    def spec(self) -> ScenarioSpec | None:
        """The scenario record, when ``scenario.yaml`` could be read."""
        return next(iter(self.scenario.values()), None)


# -- finding scenarios ------------------------------------------------------------------------


def find_scenarios(root: Path) -> dict[str, ScenarioInfo]:
    """The scenarios kept in ``<root>/scenarios/<name>/``, by name, read without the ledger."""
    folder = Path(root) / SCENARIOS_DIR
    found: dict[str, ScenarioInfo] = {}
    if not folder.is_dir():
        return found
    for path in sorted(p for p in folder.iterdir() if (p / SCENARIO_FILE).is_file()):
        info = read_info(path, display=path.relative_to(root))
        found.setdefault(info.name, info)
    return found


def resolve_scenario(ledger: Ledger, scenario: str | Path) -> tuple[Path, Path]:
    """The folder of a scenario named or located by ``scenario``, and how to display its files.

    A name is looked up among the ledger's own scenarios first (by folder name or id); anything
    else is taken as a path to a folder holding a ``scenario.yaml``.

    Raises
    ------
    UnknownScenarioError
    """
    known = ledger.scenarios
    if isinstance(scenario, str) and scenario in known:
        path = known[scenario].path
        return path, path.relative_to(ledger.root)
    path = Path(scenario)
    if (path / SCENARIO_FILE).is_file() or (path.is_dir() and any(path.iterdir())):
        try:
            return path, path.resolve().relative_to(Path(ledger.root).resolve())
        except ValueError:
            return path, path
    raise UnknownScenarioError(str(scenario), list(known))


def read_info(path: Path, display: Path | None = None) -> ScenarioInfo:
    """What a scenario folder says about itself, without checking it against a ledger."""
    files = _read_folder(Path(path), display if display is not None else Path(path))
    spec = files.spec
    dates = [d for inst in files.instruments.values() if (d := inst.effective) is not None]
    first = min(dates, key=lambda d: d.lo).text if dates else None
    return ScenarioInfo(
        name=spec.id if spec else Path(path).name,
        path=Path(path),
        title=spec.title if spec else Path(path).name,
        description=spec.description if spec else "",
        sources=tuple(spec.sources) if spec else (),
        instruments=tuple(sorted(files.instruments, key=lambda i: _sort_key(files, i))),
        first_date=first,
        splits=tuple(s.place for s in spec.splits) if spec else (),
        problems=tuple(files.problems),
        display=display,
    )


def _sort_key(files: LedgerFiles, iid: str) -> tuple[int, str]:
    effective = files.instruments[iid].effective
    return (effective.lo if effective else OPEN_END, iid)


# -- reading a folder ---------------------------------------------------------------------------


def _read_folder(path: Path, display: Path) -> ScenarioFiles:
    """Every record of the scenario folder, with problems located under ``display``."""
    try:
        raw = read_ledger(path)
    except LedgerError as exc:  # not a folder
        files = ScenarioFiles(root=path, meta=LedgerMeta(path.name, path.name))
        files.problems.extend(exc.problems)
        return files
    files = ScenarioFiles(
        root=path,
        meta=LedgerMeta(path.name, path.name),
        polities=raw.polities,
        places=raw.places,
        groups=raw.groups,
        instruments=raw.instruments,
        views=raw.views,
        sources=raw.sources,
        origins={
            key: replace(origin, display=display / origin.display)
            for key, origin in raw.origins.items()
        },
        problems=[
            replace(p, file=display / p.file if p.file is not None else display)
            for p in raw.problems
        ],
        digest=raw.digest,
    )
    for kind in ("polities", "places", "groups", "views"):
        for rid in files.table(kind):
            files.problem(
                kind,
                rid,
                (),
                "scenario-content",
                f"a scenario holds instruments and sources only, not {kind}",
                "new places come from `splits:` in scenario.yaml; move other records to the ledger",
            )
    _read_spec(path, display, files)
    return files


def _read_spec(path: Path, display: Path, files: ScenarioFiles) -> None:
    spec_path = path / SCENARIO_FILE
    shown = display / SCENARIO_FILE
    if not spec_path.is_file():
        files.problems.append(
            Problem(
                display,
                0,
                0,
                "scenario-missing",
                f"{shown.as_posix()} does not exist",
                "write scenario.yaml with id, title, description and sources",
            )
        )
        return
    raw = spec_path.read_bytes()
    files.digest = hashlib.sha256(files.digest.encode() + b"\0" + raw).hexdigest()
    text = _decode(raw, shown, files)
    if text is None:
        return
    located = load_yaml(text)
    for issue in located.issues:
        files.problems.append(
            Problem(shown, issue.line, issue.column, issue.rule, issue.message, issue.hint)
        )
    if any(issue.rule == "yaml-syntax" for issue in located.issues):
        return
    if isinstance(located.data, list):
        files.problems.append(
            Problem(
                shown,
                1,
                1,
                "schema-type",
                "scenario.yaml holds one scenario, not a list",
                "write one mapping",
            )
        )
        return
    if located.data is None:
        files.problems.append(
            Problem(shown, 1, 1, "empty-file", "the file holds no record", "write the scenario")
        )
        return
    _read_record(files, "scenario", ScenarioSpec, located.data, spec_path, shown, located, ())


# -- checking and building the branch -----------------------------------------------------------


def _ledger_end(files: LedgerFiles) -> int:
    """The last day the ledger records anything on (an instrument's or an effect's date)."""
    end = 0
    for inst in files.instruments.values():
        if inst.hypothetical:
            continue
        dates = [inst.signed, inst.date, inst.in_force, *(e.date for e in inst.effects)]
        for date in dates:
            if date is not None and date.hi != OPEN_END:
                end = max(end, date.hi)
    return end


def _expand(ids: Iterable[str], parts: Mapping[str, tuple[str, str]]) -> list[str]:
    out: list[str] = []
    for pid in ids:
        out.extend(parts.get(pid, (pid,)))
    return out


def _rewrite_instrument(inst: Instrument, parts: Mapping[str, tuple[str, str]]) -> Instrument:
    """Every effect that named a split place names each of its parts instead."""
    if not parts or not any(set(e.places or ()) & parts.keys() for e in inst.effects):
        return inst
    effects: list[Effect] = [
        e.model_copy(update={"places": _expand(e.places, parts)})
        if e.places and set(e.places) & parts.keys()
        else e
        for e in inst.effects
    ]
    return inst.model_copy(update={"effects": effects})


@dataclass
class _Build:
    """Everything gathered while checking a scenario against its ledger."""

    base: LedgerFiles
    scenario: ScenarioFiles
    display: Path
    geometries: Mapping[str, BaseGeometry]
    problems: list[Problem] = field(default_factory=list)
    cuts: dict[str, tuple[SplitSpec, Cut]] = field(default_factory=dict)
    splits: list[Split] = field(default_factory=list)

    def problem(self, sub: tuple[str | int, ...], rule: str, message: str, hint: str = "") -> None:
        """A problem located in scenario.yaml."""
        spec = self.scenario.spec
        if spec is None:  # pragma: no cover - only called once the spec has been read
            return
        self.scenario.problem("scenario", spec.id, sub, rule, message, hint)


def _check_instruments(build: _Build, end: int) -> tuple[int, int]:
    """Hypothetical flags, ids and dates of the scenario's instruments; the branch's day range."""
    files, base = build.scenario, build.base
    first, last = OPEN_END, 0
    end_iso = day_to_iso(end) or "?"
    for iid, inst in files.instruments.items():
        if not inst.hypothetical:
            files.problem(
                "instruments",
                iid,
                ("hypothetical",) if "hypothetical" in inst.model_fields_set else ("id",),
                "scenario-hypothetical",
                f"the scenario's instrument {iid!r} is not marked hypothetical",
                "add `hypothetical: true`: a scenario records what has not happened",
            )
        if iid in base.instruments:
            files.problem(
                "instruments",
                iid,
                ("id",),
                "duplicate-id",
                f"the instrument id {iid!r} is already used by the ledger",
                "give the hypothetical instrument its own id",
            )
        for key in ("signed", "date", "in_force"):
            date = getattr(inst, key)
            if date is not None and date.lo <= end:
                files.problem(
                    "instruments",
                    iid,
                    (key,),
                    "scenario-date",
                    f"{key} {date.text} lies inside the ledger's recorded history, which runs "
                    f"to {end_iso}",
                    "a scenario branches from the end of the record: date it later",
                )
        for i, effect in enumerate(inst.effects):
            if effect.date is not None and effect.date.lo <= end:
                files.problem(
                    "instruments",
                    iid,
                    ("effects", i, "date"),
                    "scenario-date",
                    f"the effect's date {effect.date.text} lies inside the ledger's recorded "
                    f"history, which runs to {end_iso}",
                    "a scenario branches from the end of the record: date it later",
                )
            step = compile_effect(inst, i, effect, 0)
            if step is not None and step.date.bounded:
                first, last = min(first, step.lo), max(last, step.hi)
    for sid in files.sources:
        if sid in base.sources:
            files.problem(
                "sources",
                sid,
                ("id",),
                "duplicate-id",
                f"the source id {sid!r} is already used by the ledger",
                "cite the ledger's source directly, or give this one its own id",
            )
    return first, last


def _check_spec(build: _Build) -> None:
    """The citations and splits of scenario.yaml."""
    spec = build.scenario.spec
    if spec is None:
        return
    sources = build.base.sources.keys() | build.scenario.sources.keys()
    for i, cite in enumerate(spec.sources):
        if cite.source not in sources:
            build.problem(
                ("sources", i, "source"),
                "unknown-source",
                f"no source has the id {cite.source!r}",
                "add it under the scenario's sources/ or the ledger's",
            )
    taken = set(build.base.places) | set(build.base.groups)
    for i, split in enumerate(spec.splits):
        _check_split(build, i, split, taken)


def _check_split(build: _Build, i: int, split: SplitSpec, taken: set[str]) -> None:
    base, sub = build.base, ("splits", i)
    for j, part in enumerate(split.parts):
        if part.id in taken:
            build.problem(
                (*sub, "parts", j, "id"),
                "duplicate-id",
                f"the part id {part.id!r} is already a place or group",
                "give each part a new id",
            )
        taken.add(part.id)
    if split.parts[0].id == split.parts[1].id:
        return
    if split.place not in base.places:
        hint = (
            "split one place at a time: a group cannot be split"
            if split.place in base.groups
            else "use a place id of the ledger"
        )
        build.problem(
            (*sub, "place"),
            "unknown-place",
            f"the split names {split.place!r}, which is not a place of the ledger",
            hint,
        )
        return
    if split.place in build.cuts:
        build.problem(
            (*sub, "place"),
            "duplicate-id",
            f"{split.place!r} is split twice",
            "split each place once",
        )
        return
    geometry = build.geometries.get(split.place)
    if geometry is None:
        build.problem(
            (*sub, "place"),
            "geometry-missing",
            f"{split.place!r} has no geometry to split",
            "give the place a geometry in the ledger",
        )
        return
    if (split.line is None) == (split.bisect is None):
        build.problem(
            sub,
            "schema-missing" if split.line is None else "schema-type",
            "a split needs either `line` or `bisect`"
            if split.line is None
            else "a split takes `line` or `bisect`, not both",
            "give one of them",
        )
        return
    if split.line is not None:
        try:
            cut = cut_along(geometry, split.line)
        except CutError as exc:
            build.problem(
                (*sub, "line"),
                "split-line",
                f"{exc} {split.place!r}",
                "draw the line from outside the place, across it, to outside again",
            )
            return
        build.cuts[split.place] = (split, cut)
        build.splits.append(
            Split(
                split.place,
                (split.parts[0].id, split.parts[1].id),
                "line",
                cut.line,
                (cut.first_km2, cut.second_km2),
            )
        )
        return
    assert split.bisect is not None
    target = _bisect_target(build, i, split)
    if target is None:
        return
    try:
        cut = bisect_place(geometry, split.bisect.azimuth, target, split.bisect.tolerance_km2)
    except CutError as exc:
        build.problem((*sub, "bisect", "target"), "split-target", str(exc), "check the target")
        return
    build.cuts[split.place] = (split, cut)
    build.splits.append(
        Split(
            split.place,
            (split.parts[0].id, split.parts[1].id),
            "bisect",
            cut.line,
            (cut.first_km2, cut.second_km2),
            target_km2=target,
            iterations=cut.iterations,
        )
    )


def _bisect_target(build: _Build, i: int, split: SplitSpec) -> float | None:
    """The area the first part must have, or None after reporting why it cannot be known."""
    assert split.bisect is not None
    target, base = split.bisect.target, build.base
    sub = ("splits", i, "bisect", "target")
    if (target.km2 is None) == (target.half_of is None):
        build.problem(
            sub,
            "schema-missing" if target.km2 is None else "schema-type",
            "a bisection target takes either `km2` or `half_of`",
            "give exactly one",
        )
        return None
    if target.km2 is not None:
        if target.with_:
            build.problem((*sub, "with"), "schema-type", "`with` goes with `half_of`", "remove it")
            return None
        return target.km2
    assert target.half_of is not None
    if target.half_of in base.groups:
        members = list(base.groups[target.half_of].members)
    elif target.half_of in base.places:
        members = [target.half_of]
    else:
        build.problem(
            (*sub, "half_of"),
            "unknown-group",
            f"no group or place has the id {target.half_of!r}",
            "name a group of the ledger",
        )
        return None
    ok = True
    for k, pid in enumerate(target.with_):
        if pid not in base.places:
            build.problem(
                (*sub, "with", k),
                "unknown-place",
                f"{pid!r} is not a place of the ledger",
                "use a place id",
            )
            ok = False
        elif pid not in members or pid == split.place:
            build.problem(
                (*sub, "with", k),
                "split-target",
                f"{pid!r} must be a member of {target.half_of!r} other than the split place",
                "list the places that join the first part in the halving",
            )
            ok = False
    if split.place not in members:
        build.problem(
            (*sub, "half_of"),
            "split-target",
            f"{split.place!r} is not a member of {target.half_of!r}",
            "halve a group the split place belongs to",
        )
        ok = False
    missing = [m for m in members if m not in build.geometries]
    if missing:
        build.problem(
            (*sub, "half_of"),
            "geometry-missing",
            f"{', '.join(missing)} of {target.half_of!r} have no geometry to measure",
            "give them geometries",
        )
        ok = False
    if not ok:
        return None
    total = sum(geodesic_km2(build.geometries[m]) for m in members)
    others = sum(geodesic_km2(build.geometries[m]) for m in target.with_)
    return total / 2 - others


def _merge(build: _Build) -> LedgerFiles:
    """The branch's records: the ledger's, rewritten for the splits, with the scenario's added."""
    base, scen = build.base, build.scenario
    spec = scen.spec
    parts = {place: (s.parts[0].id, s.parts[1].id) for place, (s, _) in build.cuts.items()}
    places: dict[str, Place] = {k: v for k, v in base.places.items() if k not in parts}
    origins: dict[tuple[str, str], Origin] = dict(base.origins)
    groups: dict[str, Group] = {
        gid: g.model_copy(update={"members": _expand(g.members, parts)})
        for gid, g in base.groups.items()
    }
    for place, (split, _) in build.cuts.items():
        original = base.places[place]
        index = spec.splits.index(split) if spec else 0
        for j, part in enumerate(split.parts):
            places[part.id] = Place(
                id=part.id,
                names=part.names,
                aliases=part.aliases,
                summary=part.summary or f"Part of {place!r} made by the scenario's split.",
            )
            if spec is not None:
                origins[("places", part.id)] = replace(
                    scen.origins[("scenario", spec.id)],
                    prefix=("splits", index, "parts", j),
                )
        # The split place's id (and names) now designate the group of its parts.
        groups[place] = Group(
            id=place,
            names=original.names,
            aliases=original.aliases,
            members=list(parts[place]),
            summary=f"Split by the scenario into {parts[place][0]} and {parts[place][1]}.",
        )
        origins[("groups", place)] = base.origins[("places", place)]
        origins.pop(("places", place), None)
    views: dict[str, View] = {
        vid: v.model_copy(update={"groups": {g: _expand(m, parts) for g, m in v.groups.items()}})
        for vid, v in base.views.items()
    }
    instruments = {iid: _rewrite_instrument(i, parts) for iid, i in base.instruments.items()}
    for iid, inst in scen.instruments.items():
        if iid not in instruments:
            instruments[iid] = _rewrite_instrument(inst, parts)
            origins[("instruments", iid)] = scen.origins[("instruments", iid)]
    sources = dict(base.sources)
    for sid, source in scen.sources.items():
        if sid not in sources:
            sources[sid] = source
            origins[("sources", sid)] = scen.origins[("sources", sid)]
    title = spec.title if spec else build.display.name
    digest = hashlib.sha256(f"{base.digest}\0{scen.digest}".encode()).hexdigest()
    return LedgerFiles(
        root=base.root,
        meta=LedgerMeta(
            id=base.meta.id,
            title=f"{base.meta.title} — scenario: {title}",
            description=base.meta.description,
            license=base.meta.license,
            recorded_until=base.meta.recorded_until,
        ),
        polities=dict(base.polities),
        places=places,
        groups=groups,
        instruments=instruments,
        views=views,
        sources=sources,
        origins=origins,
        digest=digest,
    )


def _inside(problem: Problem, display: Path) -> bool:
    return problem.file is not None and (problem.file == display or display in problem.file.parents)


def check_scenario(
    ledger: Ledger, path: Path, display: Path | None = None
) -> tuple[ScenarioLedger | None, list[Problem]]:
    """Check a scenario folder against ``ledger`` without raising.

    Returns
    -------
    (ScenarioLedger or None, list of Problem)
        The branch when the scenario has no error, and every problem found (errors and the
        warnings of the scenario's own files).
    """
    from terrachron.scenarios.branch import ScenarioLedger

    path = Path(path)
    display = display if display is not None else path
    base_files: LedgerFiles = ledger._files  # the branch is built from the records as read
    scen = _read_folder(path, display)
    build = _Build(base_files, scen, display, ledger.geometries)
    spec = scen.spec
    if spec is not None and display.parent.name == SCENARIOS_DIR and spec.id != path.name:
        build.problem(
            ("id",),
            "scenario-id",
            f"the scenario's id {spec.id!r} differs from its folder name {path.name!r}",
            "name the folder after the id",
        )
    end = _ledger_end(base_files)
    first, last = _check_instruments(build, end)
    _check_spec(build)
    merged = _merge(build)
    geometries = validate(merged)
    for place, (_, cut) in build.cuts.items():
        geometries.pop(place, None)
        split = next(s for s in build.splits if s.place == place)
        geometries[split.parts[0]] = cut.first
        geometries[split.parts[1]] = cut.second
    problems = [
        *scen.problems,
        *(p for p in merged.problems if p.severity is Severity.ERROR or _inside(p, display)),
    ]
    if any(p.severity is Severity.ERROR for p in problems):
        return None, problems
    scenario = Scenario(
        name=spec.id if spec else path.name,
        title=spec.title if spec else path.name,
        description=spec.description if spec else "",
        path=path,
        sources=tuple(spec.sources) if spec else (),
        instruments=tuple(sorted(scen.instruments, key=lambda i: _sort_key(scen, i))),
        branch_day=first,
        last_day=last if last else end,
        splits=tuple(build.splits),
        display=display,
    )
    merged.problems = problems
    return ScenarioLedger(merged, geometries, scenario, ledger), problems


def load_scenario(ledger: Ledger, path: Path, display: Path | None = None) -> ScenarioLedger:
    """The branch of ``ledger`` that the scenario at ``path`` describes.

    Raises
    ------
    ScenarioError
        Carrying every problem, when the scenario breaks any rule of severity ``error``.
    """
    branch, problems = check_scenario(ledger, path, display)
    if branch is None:
        # Name the scenario as a person calls it: its folder's name (its id inside a ledger).
        raise ScenarioError(Path(display or path).name, problems)
    return branch
