"""The :class:`Ledger` facade: load a ledger, then ask it questions.

Everything an interface needs goes through here: the CLI, and later the HTTP API and the web map,
call these methods and never reach into the engine themselves.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from functools import cached_property
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from shapely.geometry.base import BaseGeometry

from terrachron.dates import EdtfDate, day_to_iso, parse_query_date
from terrachron.engine.answer import Answer
from terrachron.engine.compiled import (
    UNIVERSAL,
    Reading,
    Step,
    build_readings,
    compile_steps,
    default_groups,
)
from terrachron.engine.explain import build_chain, narrate
from terrachron.engine.fold import Folder, StepIndex, fold
from terrachron.engine.timeline import Alternative, Timeline, answer_at, build_timeline
from terrachron.errors import (
    LedgerError,
    NotCoveredError,
    Problem,
    QueryError,
    Severity,
    UnknownPlaceError,
    UnknownViewError,
)
from terrachron.gazetteer import Gazetteer
from terrachron.ledger.load import LedgerFiles, LedgerMeta, read_ledger
from terrachron.ledger.validate import validate
from terrachron.model import Group, Instrument, Place, Polity, Source, View
from terrachron.results import Explanation, Status

if TYPE_CHECKING:
    import geopandas
    import pandas

    from terrachron.geo.locate import Locator
    from terrachron.geo.state import GeoState
    from terrachron.scenarios.model import Scenario, ScenarioInfo

T = TypeVar("T")

__all__ = ["BUNDLED_LEDGER", "Ledger", "check_ledger", "open_ledger"]

BUNDLED_LEDGER = "japan-russia"
DE_FACTO = View(
    id="de-facto",
    kind="de-facto",
    names={"en": "De facto"},
    description="Who actually controls each place; no title layer.",
)


def _ledger_root(path: str | Path | None) -> Path:
    """The folder of ``path``; a bare name that is no folder here may name a bundled ledger
    (``world``, ``japan-russia``, ``historical-basemaps``)."""
    if path is None:
        return _bundled_path()
    root = Path(path)
    name = str(path)
    if not root.exists() and "/" not in name and "\\" not in name:
        bundled = Path(str(resources.files("terrachron") / "data" / name))
        if (bundled / "ledger.yaml").is_file():
            return bundled
    return root


def _bundled_path() -> Path:
    return Path(str(resources.files("terrachron") / "data" / BUNDLED_LEDGER))


def check_ledger(path: str | Path | None = None) -> tuple[LedgerFiles, list[Problem]]:
    """Read and validate a ledger without raising: the records and every problem found.

    Parameters
    ----------
    path : str or Path, optional
        The ledger folder; None for the bundled Japan–Russia ledger.
    """
    root = _ledger_root(path)
    try:
        files = read_ledger(root)
    except LedgerError as exc:
        return LedgerFiles(root=root, meta=LedgerMeta(root.name, root.name)), list(exc.problems)
    validate(files)
    return files, files.problems


def open_ledger(path: str | Path | None = None, *, cache: bool = True) -> Ledger:
    """Load and validate a ledger.

    Parameters
    ----------
    path : str or Path, optional
        The ledger folder; None for the bundled Japan–Russia ledger.
    cache : bool, default True
        Reuse (and keep) the validated, compiled ledger in the user's cache folder, keyed by the
        content of every file (see :mod:`terrachron.ledger.cache`); False reads everything.

    Returns
    -------
    Ledger

    Raises
    ------
    LedgerError
        Carrying every problem found, when the ledger breaks any rule of severity ``error``.

    Examples
    --------
    >>> import terrachron
    >>> ledger = terrachron.open_ledger()
    >>> ledger.status("kunashiri", "1950-01-01", view="japan").status
    'disputed'
    """
    root = _ledger_root(path)
    if not cache:
        return _read_and_validate(root)
    from terrachron.ledger import cache as compiled

    key = compiled.cache_key(root) if root.is_dir() else None
    hit = compiled.load(key) if key is not None else None
    if hit is not None:
        return Ledger(hit.files, hit.geometries, steps=hit.steps)
    ledger = _read_and_validate(root)
    if key is not None:
        compiled.store(
            key, compiled.CompiledLedger(ledger._files, ledger._geometries, ledger._steps)
        )
    return ledger


def _read_and_validate(root: Path) -> Ledger:
    files = read_ledger(root)
    geometries = validate(files)
    if any(p.severity is Severity.ERROR for p in files.problems):
        raise LedgerError(files.problems)
    return Ledger(files, geometries)


class Ledger:
    """A validated ledger and the derivations made from it.

    Create one with :func:`open_ledger`. Timelines are computed once per (place, view) and every
    point query is answered from them by binary search.
    """

    def __init__(
        self,
        files: LedgerFiles,
        geometries: Mapping[str, BaseGeometry],
        *,
        scenario: Scenario | None = None,
        base: Ledger | None = None,
        steps: list[Step] | None = None,
    ) -> None:
        self._files = files
        self._scenario = scenario
        self._base = base
        self._branches: dict[str, Ledger] = {}
        self._geometries = dict(geometries)
        views = dict(files.views)
        views.setdefault("de-facto", DE_FACTO)
        self._views = views
        # ``steps``: compiled already (the compiled cache); compiling 10⁵ effects takes seconds.
        self._steps: list[Step] = (
            steps
            if steps is not None
            else compile_steps(files.instruments, files.polities, files.windows)
        )
        self._steps_by_uid = {s.uid: s for s in self._steps}
        self._readings: dict[str, Reading] = build_readings(views, files.polities, files.groups)
        self._groups = default_groups(files.groups)
        self._parties = {i.id: frozenset(i.parties) for i in files.instruments.values()}
        self._folders: dict[str, tuple[Folder, list[Step]]] = {}
        self._timelines: dict[tuple[str, str], Timeline] = {}
        # Answers already given, by the question as asked: a map or an API asks the same
        # (place, date, view) again and again, and an answer never changes (bounded: see status).
        self._answers: dict[tuple[str, str, str], Status] = {}
        self._derived: dict[str, object] = {}
        self._derived_lock = threading.Lock()

    def __repr__(self) -> str:
        # What a notebook shows for a ledger: which one, how big, and the span it records.
        days = [s.lo for s in self._steps if s.instrument is not None and not s.hypothetical]
        first = (day_to_iso(min(days)) if days else None) or ".."
        return (
            f"<Ledger {self.id!r}: {len(self.places)} places, {len(self.polities)} polities, "
            f"{len(self._files.instruments)} instruments, {first} to {self.horizon or '..'}>"
        )

    # -- the records -----------------------------------------------------------------------------

    @property
    def id(self) -> str:
        """The ledger's id (from ``ledger.yaml``, else the folder name)."""
        return self._files.meta.id

    @property
    def title(self) -> str:
        """The ledger's title."""
        return self._files.meta.title

    @property
    def root(self) -> Path:
        """The ledger folder."""
        return self._files.root

    @property
    def content_hash(self) -> str:
        """SHA-256 over every record file: changes whenever the ledger's content does."""
        return self._files.digest

    @cached_property
    def _horizon(self) -> tuple[int, str] | None:
        stated = self._files.meta.recorded_until
        if stated is not None:
            return stated.hi, stated.text
        # Unstated, the record ends with its latest effect; a scenario's hypothetical steps are
        # not part of the record.
        days = [s.hi for s in self._steps if s.instrument is not None and not s.hypothetical]
        if not days:
            return None
        last = max(days)
        return last, day_to_iso(last) or ""

    @property
    def horizon(self) -> str | None:
        """The date the record ends: ``recorded_until`` in ``ledger.yaml``, else the latest
        effect's date; None for a ledger with no dated effect.

        A status asked for a later date carries it (``Status.horizon``) and says "nothing
        recorded after" it.
        """
        return self._horizon[1] if self._horizon else None

    @property
    def files(self) -> LedgerFiles:
        """The records as read and validated: what a layer building on the ledger starts from."""
        return self._files

    @property
    def land_layer(self) -> str:
        """The land layer ``ledger.yaml`` names (``land:``, relative to the folder), or ``""``."""
        return self._files.meta.land

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """Problems of severity ``warning`` found while loading."""
        return tuple(p for p in self._files.problems if p.severity is Severity.WARNING)

    @property
    def polities(self) -> Mapping[str, Polity]:
        """Polities by id."""
        return MappingProxyType(self._files.polities)

    @property
    def places(self) -> Mapping[str, Place]:
        """Places by id."""
        return MappingProxyType(self._files.places)

    @property
    def groups(self) -> Mapping[str, Group]:
        """Groups by id."""
        return MappingProxyType(self._files.groups)

    @property
    def instruments(self) -> Mapping[str, Instrument]:
        """Instruments by id, in chronological order of their effective date."""
        ordered = sorted(
            self._files.instruments.values(),
            key=lambda i: (i.effective.lo if i.effective else 0, i.id),
        )
        return MappingProxyType({i.id: i for i in ordered})

    @property
    def views(self) -> Mapping[str, View]:
        """Views by id (``de-facto`` is always present)."""
        return MappingProxyType(self._views)

    @property
    def sources(self) -> Mapping[str, Source]:
        """Sources by id."""
        return MappingProxyType(self._files.sources)

    @property
    def geometries(self) -> Mapping[str, BaseGeometry]:
        """Each place's geometry (lon/lat, WGS84), for the places that have one."""
        return MappingProxyType(self._geometries)

    # -- names -----------------------------------------------------------------------------------

    @cached_property
    def _place_names(self) -> Gazetteer:
        records = [*self._files.places.values(), *self._files.groups.values()]
        return Gazetteer.build({rec.id: rec.all_names() for rec in records})

    @cached_property
    def _polity_names(self) -> Gazetteer:
        return Gazetteer.build({p.id: p.all_names() for p in self._files.polities.values()})

    def find(self, name: str) -> list[str]:
        """Ids of the places and groups that ``name`` designates, in any language or alias."""
        return sorted(self._place_names.lookup(name))

    def resolve_place(self, name: str) -> str:
        """The id of the one place called ``name``.

        Raises
        ------
        UnknownPlaceError
            No place has that name (with suggestions), or it names a group (with its members).
        """
        if name in self._files.places:
            # An id names one place, even when it is also a name of another (a curated place
            # called "Montenegro" beside the imported place whose id is "montenegro").
            return name
        hits = self.find(name)
        places = [h for h in hits if h in self._files.places]
        if len(places) == 1:
            return places[0]
        groups = [h for h in hits if h in self._files.groups]
        if groups:
            members = ", ".join(self._files.groups[groups[0]].members)
            raise QueryError(
                f"{name!r} is the group {groups[0]!r}; ask about one of its places: {members}",
                parameter="place",
            )
        if len(places) > 1:
            raise QueryError(
                f"{name!r} is ambiguous: it names {', '.join(places)}; use an id",
                parameter="place",
            )
        from terrachron.coverage import known_name

        polities = {
            self.polity_name(p.id): [
                p.id,
                *p.names.values(),
                *(a for al in p.aliases.values() for a in al),
            ]
            for p in self._files.polities.values()
        }
        known = known_name(name, polities)
        if known is not None:
            raise NotCoveredError(name, str(known), self.coverage)
        raise UnknownPlaceError(name, self._place_names.suggest(name))

    @cached_property
    def coverage(self) -> str:
        """What the ledger covers, in words: ``ledger.yaml``'s ``coverage:``, else derived
        from its places (how many, the box of their geometries, the first names)."""
        from terrachron.coverage import describe_coverage

        names = {pid: self.place_name(pid) for pid in self._files.places}
        return describe_coverage(names, self._geometries, self._files.meta.coverage)

    def polity_name(self, pid: str, lang: str = "en") -> str:
        """A polity's name in ``lang`` (English, else its id)."""
        polity = self._files.polities.get(pid)
        if polity is None:
            return pid
        return polity.names.get(lang) or polity.names.get("en") or pid

    def place_name(self, pid: str, lang: str = "en") -> str:
        """A place's or group's name in ``lang`` (English, else its id)."""
        rec = self._files.places.get(pid) or self._files.groups.get(pid)
        if rec is None:
            return pid
        return rec.names.get(lang) or rec.names.get("en") or pid

    def effect_date(self, effect: str) -> EdtfDate | None:
        """The date of an effect (a chain link's or a period's ``caused_by`` id) as recorded,
        with its precision; None for an id the ledger does not hold."""
        step = self._steps_by_uid.get(effect)
        return step.date if step is not None else None

    def resolve_view(self, view: str) -> str:
        """Check a view id, raising :class:`UnknownViewError` with the known ones."""
        if view not in self._views:
            raise UnknownViewError(view, list(self._views))
        return view

    # -- derivation ------------------------------------------------------------------------------

    @cached_property
    def _step_index(self) -> StepIndex:
        # Built once: scanning every step for every place does not scale to a world ledger.
        return StepIndex.build(self._steps, self._readings, self._groups)

    def _folder(self, place: str) -> tuple[Folder, list[Step]]:
        cached = self._folders.get(place)
        if cached is None:
            folder = Folder(place, self._readings, self._groups, self._parties)
            cached = (folder, self._step_index.for_place(place))
            self._folders[place] = cached
        return cached

    def timeline(self, place: str, view: str = "de-facto") -> Timeline:
        """The periods over which the answer for ``place`` under ``view`` stays the same.

        Parameters
        ----------
        place : str
            A place id or any of its names.
        view : str, default "de-facto"
            A view id.

        Returns
        -------
        Timeline
            Periods covering all time, each naming the effects that open it.
        """
        pid = self.resolve_place(place)
        vid = self.resolve_view(view)
        key = (pid, vid)
        cached = self._timelines.get(key)
        if cached is None:
            folder, steps = self._folder(pid)
            cached = build_timeline(folder, steps, self._readings[vid], self._readings)
            self._timelines[key] = cached
        return cached

    def periods(self, view: str = "de-facto") -> pandas.DataFrame:
        """Every place's maximal periods under ``view``: the table ``terrachron periods`` writes.

        Parameters
        ----------
        view : str, default "de-facto"
            A view id.

        Returns
        -------
        pandas.DataFrame
            One row per period, in place-id order: ``place``, ``name``, ``start`` and ``end``
            (dates; None when open), ``start_edtf`` and ``precision``, ``controller``, ``title``,
            ``claimants``, ``status`` and its flags, and the polities' codes (ISO 3166, COW, GW)
            where the ledger has them.

        Raises
        ------
        UnknownViewError
            ``view`` is not a view of the ledger.
        """
        # Deferred: pandas is not needed to answer a status.
        from terrachron.io.periods import periods_frame

        return periods_frame(self, view)

    def derive(
        self,
        place: str,
        date: str | EdtfDate,
        view: str = "de-facto",
    ) -> tuple[Answer, bool, tuple[Alternative, ...]]:
        """Derive the answer for one day directly by folding, without the timeline.

        Used to check the timeline; queries should use :meth:`status`.
        """
        pid = self.resolve_place(place)
        vid = self.resolve_view(view)
        day = parse_query_date(date)
        if day.lo != day.hi:
            raise QueryError("derive() takes a single day", parameter="date")
        folder, steps = self._folder(pid)
        return answer_at(folder, steps, day.lo, self._readings[vid], self._readings)

    def status(self, place: str, date: Any, view: str = "de-facto") -> Status:
        """Who controlled, held and claimed ``place`` on ``date`` under ``view``, and why.

        Parameters
        ----------
        place : str
            A place id or any name or alias in any language (``"Итуруп"``, ``"Etorofu"``).
        date : str, datetime.date or numpy.datetime64
            An EDTF date. A reduced-precision date (``1950``) covers every day in it: when the
            answer changes inside, the status is uncertain and lists every answer.
        view : str, default "de-facto"
            The point of view: ``de-facto`` or a view id from the ledger.

        Returns
        -------
        Status

        Raises
        ------
        UnknownPlaceError, UnknownViewError, DateError
        """
        asked = (place, date, view) if isinstance(date, str) else None
        if asked is not None:
            known = self._answers.get(asked)
            if known is not None:
                return known
        pid = self.resolve_place(place)
        vid = self.resolve_view(view)
        when = parse_query_date(date)
        timeline = self.timeline(pid, vid)
        periods = timeline.periods_between(when.lo, when.hi)
        first = periods[0]
        if len(periods) == 1:
            answer, uncertain, alternatives = first.answer, first.uncertain, first.alternatives
        else:
            found: list[Alternative] = []
            for period in periods:
                options = period.alternatives or (Alternative(period.answer, ()),)
                for alt in options:
                    if all(a.answer != alt.answer for a in found):
                        found.append(
                            Alternative(alt.answer, (*alt.assumes, *period.caused_by))
                            if not alt.assumes and period is not first
                            else alt
                        )
            answer = found[0].answer
            uncertain = len(found) > 1
            alternatives = tuple(found) if uncertain else ()
        folder, steps = self._folder(pid)
        day = when.hi if when.hi < 10**7 else when.lo
        horizon = self._horizon
        beyond = horizon[1] if horizon is not None and when.hi > horizon[0] else None
        chain = build_chain(
            folder,
            steps,
            day,
            self._readings[vid],
            self._files.instruments,
            lambda step: self._holders_before(folder, steps, step),
            self._step_ledger,
        )
        narrative = narrate(
            pid,
            when.text,
            self._readings[vid],
            answer,
            uncertain,
            chain,
            self._steps_by_uid,
            lambda i: self.polity_name(i) if i in self._files.polities else self.place_name(i),
            horizon=beyond,
        )
        status = Status(
            pid, when.text, vid, answer, uncertain, alternatives, chain, narrative, beyond
        )
        if asked is not None:
            if len(self._answers) >= 1 << 16:
                self._answers.clear()
            self._answers[asked] = status
        return status

    def _step_ledger(self, step: Step) -> str:
        """The ledger a step came from: its instrument's, or (a succession) its new polity's."""
        if step.instrument is not None:
            return self._files.source_ledger("instruments", step.instrument)
        return self._files.source_ledger("polities", step.to or "")

    def _holders_before(self, folder: Folder, steps: list[Step], step: Step) -> set[str]:
        world = fold(folder, [s for s in steps if s.sort_key < step.sort_key])
        holders = set(world.control) | set(world.claims)
        for titles in world.title.values():
            holders |= set(titles)
        for promises in world.promises.values():
            holders |= {p.from_ for p in promises if p.from_} | {p.to for p in promises if p.to}
        return holders

    def explain(self, place: str, date: Any, view: str = "de-facto") -> Explanation:
        """The status of ``place`` on ``date`` under ``view``, with every other view's answer.

        The status carries the chain of effects with citations and the generated narrative;
        ``other_views`` shows the same day as each other view sees it, so disagreement is visible.
        """
        status = self.status(place, date, view)
        others = {
            v: self.status(status.place, date, v).answer for v in self._views if v != status.view
        }
        return Explanation(status=status, other_views=others)

    def statuses(self, date: Any, view: str = "de-facto") -> list[Status]:
        """The status of every place on ``date`` under ``view``, in place-id order.

        In a scenario's branch, a split place's parts stand instead of it.
        """
        self.resolve_view(view)
        when = parse_query_date(date)  # once, not once per place: long EDTF sets parse slowly
        return [self.status(pid, when, view) for pid in sorted(self._files.places)]

    def disputes(self, date: Any, view: str = "de-facto") -> list[Status]:
        """The places with two or more claimants on ``date`` (as ``view`` sees them)."""
        return [s for s in self.statuses(date, view) if s.disputed]

    @property
    def readings(self) -> Mapping[str, Reading]:
        """The engine's reading of each view (internal, for interfaces that list views)."""
        return MappingProxyType({k: v for k, v in self._readings.items() if k != UNIVERSAL})

    # -- scenarios (terrachron.scenarios, imported on first use) -------------------------------
    # Branching is one layer: a branch is a Ledger built from the records a scenario makes, and
    # every query of the branch is an ordinary query. terrachron.scenarios reads and checks the
    # scenario folders; it knows this class only as a type, so the import goes one way.

    @property
    def scenario(self) -> Scenario | None:
        """The scenario this ledger is a branch of; None for the ledger as recorded."""
        return self._scenario

    @property
    def base(self) -> Ledger:
        """The ledger as recorded that this branch starts from (itself when not a branch)."""
        return self._base if self._base is not None else self

    def origin(self, place: str) -> str:
        """The recorded place a place of this ledger comes from (a split part → the split place)."""
        return self._scenario.origin(place) if self._scenario is not None else place

    @cached_property
    def _scenario_index(self) -> Mapping[str, ScenarioInfo]:
        from terrachron.scenarios.load import find_scenarios

        return MappingProxyType(find_scenarios(self.root))

    @property
    def scenarios(self) -> Mapping[str, ScenarioInfo]:
        """The scenarios kept in the ledger's ``scenarios/`` folder, by name (not yet checked)."""
        return self._scenario_index

    def with_scenario(self, scenario: str | Path) -> Ledger:
        """The ledger as if ``scenario`` had happened: a branch answering every query.

        A split place's id (and its names) designate the group of its two parts in the branch;
        chain links of hypothetical instruments carry ``hypothetical=True``. Scenarios branch
        from the recorded ledger, not from one another: a branch's ``with_scenario`` is its
        base's.

        Parameters
        ----------
        scenario : str or Path
            A name from :attr:`scenarios`, or the path of a scenario folder.

        Returns
        -------
        Ledger
            The branch (its :attr:`scenario` set), built once and kept.

        Raises
        ------
        UnknownScenarioError
            No such scenario.
        ScenarioError
            The scenario breaks a rule; carries every problem as ``file:line``.
        """
        if self._base is not None:
            return self._base.with_scenario(scenario)
        from terrachron.scenarios.load import load_scenario, resolve_scenario

        path, display = resolve_scenario(self, scenario)
        key = str(path.resolve())
        branch = self._branches.get(key)
        if branch is None:
            branch = load_scenario(self, path, display)
            self._branches[key] = branch
        return branch

    def branch(
        self, files: LedgerFiles, geometries: Mapping[str, BaseGeometry], scenario: Scenario
    ) -> Ledger:
        """A branch of this ledger from the records and geometries ``scenario`` makes of it.

        Called by :func:`terrachron.scenarios.load.check_scenario`; use :meth:`with_scenario`.
        """
        return Ledger(files, geometries, scenario=scenario, base=self.base)

    # -- geography (delegated to terrachron.geo, imported on first use) ------------------------

    @cached_property
    def _geo(self) -> GeoState:
        from terrachron.geo.state import GeoState

        return GeoState(self)

    @property
    def place_areas(self) -> Mapping[str, float]:
        """Each place's geodesic area in km² (0 for a place without geometry), measured once."""
        return MappingProxyType(self._geo.place_areas())

    def derived(self, key: str, build: Callable[[], T]) -> T:
        """State derived from this ledger by a layer above it, built once and kept with it.

        The scenario metrics keep their maritime partition here: it lives exactly as long as the
        ledger it describes, with no module-level cache to outlive or to pin it.

        Parameters
        ----------
        key : str
            A name unique to the caller (its module's name, say).
        build : callable
            Makes the state; called at most once per key, even from several threads.
        """
        with self._derived_lock:
            if key not in self._derived:
                self._derived[key] = build()
            return self._derived[key]  # type: ignore[return-value]

    def area(
        self,
        place: str | None = None,
        *,
        polity: str | None = None,
        date: Any = None,
        view: str = "de-facto",
    ) -> float:
        """Geodesic area in km² of a place, or of what a polity holds on a date under a view.

        Parameters
        ----------
        place : str, optional
            A place id or name: its area (0 when it has no geometry).
        polity : str, optional
            Instead of ``place``: a polity id; ``date`` is then required. Under ``de-facto`` it
            counts the places the polity controls, under any other view the places it holds
            title to. A jointly held place counts in full for each joint holder.
        date : str, datetime.date or numpy.datetime64, optional
        view : str, default "de-facto"

        Examples
        --------
        >>> import terrachron
        >>> ledger = terrachron.open_ledger()
        >>> round(ledger.area("kunashiri"))  # doctest: +SKIP
        1490
        """
        if (place is None) == (polity is None):
            raise QueryError("give either a place or a polity", parameter="place")
        if place is not None:
            return self.place_areas[self.resolve_place(place)]
        assert polity is not None
        if polity not in self._files.polities:
            raise QueryError(f"unknown polity {polity!r}", parameter="polity")
        if date is None:
            raise QueryError("the area a polity holds needs a date", parameter="date")
        return self.areas(date, view).get(polity, 0.0)

    def areas(self, date: Any, view: str = "de-facto") -> dict[str, float]:
        """Area in km² held by each polity on ``date`` under ``view`` (see :meth:`area`)."""
        from terrachron.geo.geometry import holdings_area_km2

        rows = self.statuses(date, view)
        de_facto = self._views[view].kind == "de-facto"
        holders = {s.place: (s.controller if de_facto else s.title) for s in rows}
        return holdings_area_km2(holders, self.place_areas)

    def snapshot(
        self,
        date: Any,
        view: str = "de-facto",
        *,
        dissolve: bool | str = False,
    ) -> geopandas.GeoDataFrame:
        """Every place on ``date`` under ``view`` as a GeoDataFrame (EPSG:4326).

        One row per place with ``controller``, ``title``, ``claimants``, ``status``, the flags,
        ``area_km2`` and ``geometry``; ``dissolve=True`` merges the places by holder (see
        :func:`terrachron.geo.snapshot.snapshot_frame`). Write it with
        :func:`terrachron.io.export.write_snapshot`.
        """
        from terrachron.geo.snapshot import snapshot_frame

        return snapshot_frame(self, date, view, areas=self.place_areas, dissolve=dissolve)

    def locator(self, view: str = "de-facto") -> Locator:
        """The compiled spatial index and timetable of ``view``, ready to ship to workers."""
        return self._geo.locator(view)

    def locate(
        self,
        lon: Any,
        lat: Any,
        date: Any,
        *,
        view: str = "de-facto",
        threads: int | None = None,
        max_distance_km: float | None = None,
    ) -> pandas.DataFrame:
        """Which place, and who held it, for every (lon, lat, date) row.

        Parameters
        ----------
        lon, lat : array-like of float
            WGS84 degrees.
        date : array-like
            ``datetime64`` values or text (ISO days, any EDTF date).
        view : str, default "de-facto"
        threads : int, optional
            Threads sharing the rows (default: every available core; ``1``: this thread only).
            The answer does not depend on it.
        max_distance_km : float, optional
            Give a point in no place the nearest place within this geodesic distance (0–100
            km) and add the column ``snapped_km`` saying how far it was.

        Returns
        -------
        pandas.DataFrame
            Aligned with the input: ``place``, ``controller``, ``title``, ``status``,
            ``disputed``, ``uncertain`` and ``problem`` (input defects, or ``at-sea`` /
            ``outside-coverage`` for a point in no place). See :mod:`terrachron.geo.locate` for
            the boundary rule and :func:`terrachron.geo.locate.summary_of` for the counts.
        """
        locator = self._geo.locator(view)
        return locator.locate(lon, lat, date, threads=threads, max_distance_km=max_distance_km)

    def locate_frame(
        self,
        df: pandas.DataFrame,
        *,
        lon: str | None = None,
        lat: str | None = None,
        date: str = "date",
        view: str = "de-facto",
        threads: int | None = None,
        max_distance_km: float | None = None,
    ) -> pandas.DataFrame:
        """:meth:`locate` on the columns of a DataFrame, or on a GeoDataFrame of points.

        Returns the result columns with ``df``'s index (``df.join(result)`` to combine).
        ``threads`` and ``max_distance_km`` as in :meth:`locate`.
        """
        locator = self._geo.locator(view)
        return locator.locate_frame(
            df, lon=lon, lat=lat, date=date, threads=threads, max_distance_km=max_distance_km
        )
