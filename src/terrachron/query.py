"""The :class:`Ledger` facade: load a ledger, then ask it questions.

Everything an interface needs goes through here: the CLI, and later the HTTP API and the web map,
call these methods and never reach into the engine themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

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
from terrachron.engine.fold import Folder, fold
from terrachron.engine.timeline import Alternative, Timeline, answer_at, build_timeline
from terrachron.errors import (
    LedgerError,
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

ScenarioRef = str | Path | None
"""A scenario: its name in the ledger's ``scenarios/``, or the path of its folder; None for none."""

__all__ = ["BUNDLED_LEDGER", "Ledger", "check_ledger", "open_ledger"]

BUNDLED_LEDGER = "japan-russia"
DE_FACTO = View(
    id="de-facto",
    kind="de-facto",
    names={"en": "De facto"},
    description="Who actually controls each place; no title layer.",
)


def _bundled_path() -> Path:
    return Path(str(resources.files("terrachron") / "data" / BUNDLED_LEDGER))


def check_ledger(path: str | Path | None = None) -> tuple[LedgerFiles, list[Problem]]:
    """Read and validate a ledger without raising: the records and every problem found.

    Parameters
    ----------
    path : str or Path, optional
        The ledger folder; None for the bundled Japan–Russia ledger.
    """
    root = Path(path) if path is not None else _bundled_path()
    try:
        files = read_ledger(root)
    except LedgerError as exc:
        return LedgerFiles(root=root, meta=LedgerMeta(root.name, root.name)), list(exc.problems)
    validate(files)
    return files, files.problems


def open_ledger(path: str | Path | None = None) -> Ledger:
    """Load and validate a ledger.

    Parameters
    ----------
    path : str or Path, optional
        The ledger folder; None for the bundled Japan–Russia ledger.

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
    root = Path(path) if path is not None else _bundled_path()
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

    def __init__(self, files: LedgerFiles, geometries: Mapping[str, BaseGeometry]) -> None:
        self._files = files
        self._geometries = dict(geometries)
        views = dict(files.views)
        views.setdefault("de-facto", DE_FACTO)
        self._views = views
        self._steps: list[Step] = compile_steps(files.instruments, files.polities)
        self._steps_by_uid = {s.uid: s for s in self._steps}
        self._readings: dict[str, Reading] = build_readings(views, files.polities, files.groups)
        self._groups = default_groups(files.groups)
        self._parties = {i.id: frozenset(i.parties) for i in files.instruments.values()}
        self._folders: dict[str, tuple[Folder, list[Step]]] = {}
        self._timelines: dict[tuple[str, str], Timeline] = {}

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
        names: dict[str, list[str]] = {}
        for kind in ("places", "groups"):
            for rec in self._files.table(kind).values():
                names[rec.id] = [
                    *rec.names.values(),
                    *(a for aliases in rec.aliases.values() for a in aliases),
                ]
        return Gazetteer.build(names)

    @cached_property
    def _polity_names(self) -> Gazetteer:
        return Gazetteer.build(
            {
                p.id: [*p.names.values(), *(a for al in p.aliases.values() for a in al)]
                for p in self._files.polities.values()
            }
        )

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
        raise UnknownPlaceError(name, self._place_names.suggest(name))

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

    def resolve_view(self, view: str) -> str:
        """Check a view id, raising :class:`UnknownViewError` with the known ones."""
        if view not in self._views:
            raise UnknownViewError(view, list(self._views))
        return view

    # -- derivation ------------------------------------------------------------------------------

    def _folder(self, place: str) -> tuple[Folder, list[Step]]:
        cached = self._folders.get(place)
        if cached is None:
            folder = Folder(place, self._readings, self._groups, self._parties)
            cached = (folder, folder.relevant(self._steps))
            self._folders[place] = cached
        return cached

    def timeline(
        self, place: str, view: str = "de-facto", *, scenario: ScenarioRef = None
    ) -> Timeline:
        """The periods over which the answer for ``place`` under ``view`` stays the same.

        Parameters
        ----------
        place : str
            A place id or any of its names.
        view : str, default "de-facto"
            A view id.
        scenario : str or Path, optional
            Answer as if this scenario had happened (see :meth:`with_scenario`).

        Returns
        -------
        Timeline
            Periods covering all time, each naming the effects that open it.
        """
        if scenario is not None:
            return self._branch(scenario).timeline(place, view)
        pid = self.resolve_place(place)
        vid = self.resolve_view(view)
        key = (pid, vid)
        cached = self._timelines.get(key)
        if cached is None:
            folder, steps = self._folder(pid)
            cached = build_timeline(folder, steps, self._readings[vid], self._readings)
            self._timelines[key] = cached
        return cached

    def derive(
        self,
        place: str,
        date: str | EdtfDate,
        view: str = "de-facto",
        *,
        scenario: ScenarioRef = None,
    ) -> tuple[Answer, bool, tuple[Alternative, ...]]:
        """Derive the answer for one day directly by folding, without the timeline.

        Used to check the timeline; queries should use :meth:`status`.
        """
        if scenario is not None:
            return self._branch(scenario).derive(place, date, view)
        pid = self.resolve_place(place)
        vid = self.resolve_view(view)
        day = parse_query_date(date)
        if day.lo != day.hi:
            raise QueryError("derive() takes a single day", parameter="date")
        folder, steps = self._folder(pid)
        return answer_at(folder, steps, day.lo, self._readings[vid], self._readings)

    def status(
        self, place: str, date: Any, view: str = "de-facto", *, scenario: ScenarioRef = None
    ) -> Status:
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
        scenario : str or Path, optional
            Answer as if this scenario had happened (see :meth:`with_scenario`); the chain marks
            its instruments ``hypothetical``.

        Returns
        -------
        Status

        Raises
        ------
        UnknownPlaceError, UnknownViewError, DateError
        """
        if scenario is not None:
            return self._branch(scenario).status(place, date, view)
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
        return Status(
            pid, when.text, vid, answer, uncertain, alternatives, chain, narrative, beyond
        )

    def _holders_before(self, folder: Folder, steps: list[Step], step: Step) -> set[str]:
        world = fold(folder, [s for s in steps if s.sort_key < step.sort_key])
        holders = set(world.control) | set(world.claims)
        for titles in world.title.values():
            holders |= set(titles)
        for promises in world.promises.values():
            holders |= {p.from_ for p in promises if p.from_} | {p.to for p in promises if p.to}
        return holders

    def explain(
        self, place: str, date: Any, view: str = "de-facto", *, scenario: ScenarioRef = None
    ) -> Explanation:
        """The status of ``place`` on ``date`` under ``view``, with every other view's answer.

        The status carries the chain of effects with citations and the generated narrative;
        ``other_views`` shows the same day as each other view sees it, so disagreement is visible.
        With ``scenario``, everything is answered in that scenario's branch.
        """
        if scenario is not None:
            return self._branch(scenario).explain(place, date, view)
        status = self.status(place, date, view)
        others = {
            v: self.status(status.place, date, v).answer for v in self._views if v != status.view
        }
        return Explanation(status=status, other_views=others)

    def statuses(
        self, date: Any, view: str = "de-facto", *, scenario: ScenarioRef = None
    ) -> list[Status]:
        """The status of every place on ``date`` under ``view``, in place-id order.

        With ``scenario``, the places of its branch (a split place's parts instead of it).
        """
        if scenario is not None:
            return self._branch(scenario).statuses(date, view)
        self.resolve_view(view)
        when = parse_query_date(date)  # once, not once per place: long EDTF sets parse slowly
        return [self.status(pid, when, view) for pid in sorted(self._files.places)]

    def disputes(self, date: Any, *, scenario: ScenarioRef = None) -> list[Status]:
        """The places with two or more claimants on ``date`` (as seen de facto)."""
        if scenario is not None:
            return self._branch(scenario).disputes(date)
        return [s for s in self.statuses(date, "de-facto") if s.disputed]

    def period_label(self, day: int) -> str:
        """ISO text for an ordinal day, ``..`` when open."""
        return day_to_iso(day) or ".."

    @property
    def readings(self) -> Mapping[str, Reading]:
        """The engine's reading of each view (internal, for interfaces that list views)."""
        return MappingProxyType({k: v for k, v in self._readings.items() if k != UNIVERSAL})

    # -- scenarios (terrachron.scenarios, imported on first use) -------------------------------

    @property
    def scenario(self) -> Scenario | None:
        """The scenario this ledger is a branch of; None for the ledger as recorded."""
        return None

    @cached_property
    def _scenario_index(self) -> Mapping[str, ScenarioInfo]:
        from terrachron.scenarios.load import find_scenarios

        return MappingProxyType(find_scenarios(self.root))

    @property
    def scenarios(self) -> Mapping[str, ScenarioInfo]:
        """The scenarios kept in the ledger's ``scenarios/`` folder, by name (not yet checked)."""
        return self._scenario_index

    @cached_property
    def _branches(self) -> dict[str, Ledger]:
        return {}

    def with_scenario(self, scenario: str | Path) -> Ledger:
        """The ledger as if ``scenario`` had happened: a branch answering every query.

        Parameters
        ----------
        scenario : str or Path
            A name from :attr:`scenarios`, or the path of a scenario folder.

        Returns
        -------
        Ledger
            A :class:`~terrachron.scenarios.ScenarioLedger`, built once and cached.

        Raises
        ------
        UnknownScenarioError
            No such scenario.
        ScenarioError
            The scenario breaks a rule; carries every problem as ``file:line``.
        """
        from terrachron.scenarios.load import load_scenario, resolve_scenario

        path, display = resolve_scenario(self, scenario)
        key = str(path.resolve())
        branch = self._branches.get(key)
        if branch is None:
            branch = load_scenario(self, path, display)
            self._branches[key] = branch
        return branch

    def _branch(self, scenario: ScenarioRef) -> Ledger:
        """This ledger, or its branch for ``scenario``: how every query takes ``scenario=``."""
        return self if scenario is None else self.with_scenario(scenario)

    # -- geography (delegated to terrachron.geo, imported on first use) ------------------------

    @cached_property
    def _geo(self) -> GeoState:
        from terrachron.geo.state import GeoState

        return GeoState(self)

    def area(
        self,
        place: str | None = None,
        *,
        polity: str | None = None,
        date: Any = None,
        view: str = "de-facto",
        scenario: ScenarioRef = None,
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
        scenario : str or Path, optional
            Measure in this scenario's branch (see :meth:`with_scenario`).

        Examples
        --------
        >>> import terrachron
        >>> ledger = terrachron.open_ledger()
        >>> round(ledger.area("kunashiri"))  # doctest: +SKIP
        1490
        """
        if scenario is not None:
            return self._branch(scenario).area(place, polity=polity, date=date, view=view)
        if (place is None) == (polity is None):
            raise QueryError("give either a place or a polity", parameter="place")
        if place is not None:
            return self._geo.place_areas()[self.resolve_place(place)]
        assert polity is not None
        if polity not in self._files.polities:
            raise QueryError(f"unknown polity {polity!r}", parameter="polity")
        if date is None:
            raise QueryError("the area a polity holds needs a date", parameter="date")
        return self.areas(date, view).get(polity, 0.0)

    def areas(
        self, date: Any, view: str = "de-facto", *, scenario: ScenarioRef = None
    ) -> dict[str, float]:
        """Area in km² held by each polity on ``date`` under ``view`` (see :meth:`area`)."""
        if scenario is not None:
            return self._branch(scenario).areas(date, view)
        from terrachron.geo.geometry import holdings_area_km2

        rows = self.statuses(date, view)
        de_facto = self._views[view].kind == "de-facto"
        holders = {s.place: (s.controller if de_facto else s.title) for s in rows}
        return holdings_area_km2(holders, self._geo.place_areas())

    def snapshot(
        self,
        date: Any,
        view: str = "de-facto",
        *,
        dissolve: bool | str = False,
        scenario: ScenarioRef = None,
    ) -> geopandas.GeoDataFrame:
        """Every place on ``date`` under ``view`` as a GeoDataFrame (EPSG:4326).

        One row per place with ``controller``, ``title``, ``claimants``, ``status``, the flags,
        ``area_km2`` and ``geometry``; ``dissolve=True`` merges the places by holder (see
        :func:`terrachron.geo.snapshot.snapshot_frame`). Write it with
        :func:`terrachron.io.export.write_snapshot`.
        """
        from terrachron.geo.snapshot import snapshot_frame

        if scenario is not None:
            return self._branch(scenario).snapshot(date, view, dissolve=dissolve)
        return snapshot_frame(self, date, view, areas=self._geo.place_areas(), dissolve=dissolve)

    def locator(self, view: str = "de-facto", *, scenario: ScenarioRef = None) -> Locator:
        """The compiled spatial index and timetable of ``view``, ready to ship to workers."""
        return self._branch(scenario)._geo.locator(view)

    def locate(
        self,
        lon: Any,
        lat: Any,
        date: Any,
        *,
        view: str = "de-facto",
        scenario: ScenarioRef = None,
        threads: int | None = None,
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

        Returns
        -------
        pandas.DataFrame
            Aligned with the input: ``place``, ``controller``, ``title``, ``status``,
            ``disputed``, ``uncertain`` and ``problem``. See :mod:`terrachron.geo.locate` for
            the boundary rule and :func:`terrachron.geo.locate.summary_of` for the counts.
        """
        return self._branch(scenario)._geo.locator(view).locate(lon, lat, date, threads=threads)

    def locate_frame(
        self,
        df: pandas.DataFrame,
        *,
        lon: str | None = None,
        lat: str | None = None,
        date: str = "date",
        view: str = "de-facto",
        scenario: ScenarioRef = None,
        threads: int | None = None,
    ) -> pandas.DataFrame:
        """:meth:`locate` on the columns of a DataFrame, or on a GeoDataFrame of points.

        Returns the result columns with ``df``'s index (``df.join(result)`` to combine).
        ``threads`` as in :meth:`locate`.
        """
        locator = self._branch(scenario)._geo.locator(view)
        return locator.locate_frame(df, lon=lon, lat=lat, date=date, threads=threads)
