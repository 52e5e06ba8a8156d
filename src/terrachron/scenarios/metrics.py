"""Comparing scenarios with the ledger as recorded: land, disputes, promises and sea, side by side.

:func:`compare` answers, for one date, the ledger as recorded (the *baseline*) and each scenario:

* land area by holder under each view (geodesic km²: title under a polity view, control under
  ``de-facto``; joint holders count as one holder ``a+b``, so the holders' areas add up to the
  total land area);
* each holder's share of the *disputed area*: the places disputed in the baseline on that date
  (for the Japan–Russia ledger, the four Northern Territories / Southern Kurils);
* the places whose holder differs from the baseline's (a split part is compared with the place it
  was cut from);
* the disputes that end, remain, or begin;
* the promises of transfer pending in the baseline that the scenario fulfils;
* the approximate maritime split (:mod:`terrachron.scenarios.maritime`), per holder.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, cast

from pydantic import Field
from typing_extensions import TypedDict

from terrachron.dates import OPEN_END, day_to_iso, parse_query_date
from terrachron.errors import QueryError
from terrachron.examples import COLUMN, COMPARISON, METRICS
from terrachron.results import Status, shape

if TYPE_CHECKING:
    from terrachron.query import Ledger
from terrachron.scenarios.maritime import CAVEATS, LIMIT_M, context_holder, maritime_split
from terrachron.scenarios.model import Scenario, ScenarioJSON

__all__ = [
    "Column",
    "ColumnJSON",
    "Comparison",
    "ComparisonJSON",
    "HolderChange",
    "HolderChangeJSON",
    "PromiseJSON",
    "PromiseKept",
    "Row",
    "ViewMetrics",
    "ViewMetricsJSON",
    "compare",
    "holder_of",
]

BASELINE = "baseline"
UNDETERMINED = "undetermined"
UNRECORDED = "unrecorded"
NOBODY = "nobody"
_LAST = (UNDETERMINED, NOBODY, UNRECORDED)


Km2 = Annotated[float, Field(description="Geodesic area in km² (WGS84), rounded to 0.001.")]
Holder = Annotated[
    str,
    Field(
        description="A polity id; joint holders as one holder `a+b`; `undetermined` (no title "
        "holder), `nobody` (no controller) or `unrecorded` (nothing recorded yet)."
    ),
]


@shape()
class HolderChangeJSON(TypedDict):
    """A place whose holder under a view differs from the baseline's."""

    place: str
    origin: Annotated[
        str, Field(description="The ledger place it comes from (a split part's whole).")
    ]
    before: Holder
    after: Holder
    km2: Km2


@shape()
class PromiseJSON(TypedDict):
    """A promise of transfer (one effect) and the places it concerns."""

    effect: Annotated[str, Field(description="The promising effect's id (`<instrument>#<n>`).")]
    instrument: str
    to: Annotated[str, Field(description="The polity promised the places.")]
    places: list[str]


@shape(METRICS)
class ViewMetricsJSON(TypedDict):
    """One column's figures under one view."""

    view: str
    layer: Annotated[
        Literal["title", "control"],
        Field(
            description="What `holder` means: title under a polity or neutral view, control "
            "under de-facto."
        ),
    ]
    holders: Annotated[dict[str, Holder], Field(description="Each place's holder.")]
    land_km2: Annotated[
        dict[str, float],
        Field(description="Land area per holder, km²; adds up to the column's total land area."),
    ]
    disputed_km2: Annotated[
        dict[str, float], Field(description="Area per holder of the baseline's disputed area, km².")
    ]
    disputed_share: Annotated[
        dict[str, float],
        Field(description="Share per holder (0–1) of the baseline's disputed area."),
    ]
    changes: Annotated[
        list[HolderChangeJSON], Field(description="Places whose holder differs from the baseline.")
    ]
    promises_pending: Annotated[
        list[PromiseJSON], Field(description="Promises still pending on the date.")
    ]
    promises_fulfilled: Annotated[
        list[PromiseJSON],
        Field(description="Promises pending in the baseline and kept in this column."),
    ]
    sea_km2: Annotated[
        dict[str, float],
        Field(description="Approximate maritime zone per holder, km² (empty when not computed)."),
    ]


@shape()
class ColumnDisputesJSON(TypedDict):
    """The disputes of one column, against the baseline's."""

    disputed: Annotated[list[str], Field(description="Places disputed on the date.")]
    ended: Annotated[
        list[str], Field(description="Baseline disputes settled (the ledger's place ids).")
    ]
    remaining: Annotated[
        list[str], Field(description="Places still disputed that were in the baseline.")
    ]
    new: Annotated[list[str], Field(description="Places newly disputed.")]


@shape(COLUMN)
class ColumnJSON(TypedDict):
    """The baseline or one scenario on the comparison's date."""

    name: Annotated[str, Field(description="`baseline` or the scenario's name.")]
    title: str
    date: str
    scenario: Annotated[ScenarioJSON | None, Field(description="Null for the baseline.")]
    instruments: Annotated[
        list[str],
        Field(description="The scenario's hypothetical instruments in effect by the date."),
    ]
    total_land_km2: Km2
    disputes: ColumnDisputesJSON
    sea_km2: Annotated[
        float | None,
        Field(
            description="The sea studied (within 200 nm of the ledger's land), km²; null when "
            "the maritime split was not computed."
        ),
    ]
    views: Annotated[
        dict[str, ViewMetricsJSON], Field(description="The figures under each view asked for.")
    ]


@shape()
class DisputedAreaJSON(TypedDict):
    """The places disputed in the baseline on the date: what the shares are shares of."""

    places: list[str]
    km2: Km2


@shape()
class MaritimeJSON(TypedDict):
    """How the sea figures were computed, and what they ignore: show the caveats with them."""

    computed: bool
    limit_nm: Annotated[int, Field(description="The limit of the sea studied, nautical miles.")]
    limit_m: Annotated[float, Field(description="The same limit in metres.")]
    method: str
    caveats: Annotated[
        list[str], Field(description="What the approximation ignores; it is not a delimitation.")
    ]


@shape(COMPARISON)
class ComparisonJSON(TypedDict):
    """The ledger as recorded and each scenario on one date, side by side."""

    ledger: Annotated[str, Field(description="The ledger's id.")]
    date: Annotated[str, Field(description="The date compared (EDTF, as asked or the default).")]
    views: list[str]
    disputed_area: DisputedAreaJSON
    columns: Annotated[
        list[ColumnJSON],
        Field(
            description="The baseline first (`name` `baseline`, `scenario` null), then each "
            "scenario in the order asked."
        ),
    ]
    maritime: MaritimeJSON


def holder_of(status: Status) -> str:
    """Who holds a place in a status: title under a polity view, control under ``de-facto``.

    Joint holders are one holder ``a+b``; no holder is ``undetermined`` (title) or ``nobody``
    (control); a place the ledger has not yet recorded anything on is ``unrecorded``.
    """
    if status.status == UNRECORDED:
        return UNRECORDED
    if status.title is None:
        return "+".join(status.controller) or NOBODY
    return "+".join(status.title) or UNDETERMINED


@dataclass(frozen=True)
class HolderChange:
    """A place whose holder under a view differs from the baseline's."""

    place: str
    origin: str
    before: str
    after: str
    km2: float

    def to_dict(self) -> HolderChangeJSON:
        """The JSON form."""
        return {
            "place": self.place,
            "origin": self.origin,
            "before": self.before,
            "after": self.after,
            "km2": round(self.km2, 3),
        }


@dataclass(frozen=True)
class PromiseKept:
    """A promise of transfer (one effect) and the places it concerns."""

    effect: str
    instrument: str
    to: str
    places: tuple[str, ...]

    def to_dict(self) -> PromiseJSON:
        """The JSON form."""
        return {
            "effect": self.effect,
            "instrument": self.instrument,
            "to": self.to,
            "places": list(self.places),
        }


@dataclass(frozen=True)
class ViewMetrics:
    """One column's figures under one view.

    Attributes
    ----------
    view : str
    layer : str
        ``title`` (a polity or neutral view) or ``control`` (``de-facto``).
    holders : dict of str to str
        Each place's holder (see :func:`holder_of`).
    land_km2 : dict of str to float
        Land area per holder; adds up to the column's total land area.
    disputed_km2, disputed_share : dict of str to float
        Area and share (0–1) per holder of the baseline's disputed area.
    changes : tuple of HolderChange
        Places whose holder differs from the baseline's.
    pending : tuple of PromiseKept
        Promises still pending on the date.
    fulfilled : tuple of PromiseKept
        Promises pending in the baseline and kept in this column.
    sea_km2 : dict of str to float
        Approximate maritime zone per holder (empty when not computed).
    """

    view: str
    layer: str
    holders: dict[str, str]
    land_km2: dict[str, float]
    disputed_km2: dict[str, float]
    disputed_share: dict[str, float]
    changes: tuple[HolderChange, ...]
    pending: tuple[PromiseKept, ...]
    fulfilled: tuple[PromiseKept, ...]
    sea_km2: dict[str, float]

    def to_dict(self) -> ViewMetricsJSON:
        """The JSON form."""
        return {
            "view": self.view,
            "layer": cast(Literal["title", "control"], self.layer),
            "holders": dict(self.holders),
            "land_km2": _rounded(self.land_km2),
            "disputed_km2": _rounded(self.disputed_km2),
            "disputed_share": {k: round(v, 6) for k, v in self.disputed_share.items()},
            "changes": [c.to_dict() for c in self.changes],
            "promises_pending": [p.to_dict() for p in self.pending],
            "promises_fulfilled": [p.to_dict() for p in self.fulfilled],
            "sea_km2": _rounded(self.sea_km2),
        }


def _rounded(values: Mapping[str, float]) -> dict[str, float]:
    return {k: round(v, 3) for k, v in values.items()}


@dataclass(frozen=True)
class Column:
    """The baseline or one scenario, answered on the comparison's date.

    Attributes
    ----------
    name : str
        ``baseline`` or the scenario's name.
    title : str
    date : str
        The date answered (the same for every column of a comparison).
    scenario : Scenario or None
        None for the baseline.
    ledger : Ledger
        The ledger answered (the branch for a scenario): query it for anything else.
    instruments : tuple of str
        The scenario's hypothetical instruments that have taken effect by the date.
    total_land_km2 : float
    disputed : tuple of str
        Places disputed on the date.
    disputes_ended, disputes_remaining, disputes_new : tuple of str
        Against the baseline: baseline disputes settled (by the ledger's place ids), places still
        disputed that were disputed in the baseline, and places newly disputed.
    views : dict of str to ViewMetrics
    """

    name: str
    title: str
    date: str
    scenario: Scenario | None
    ledger: Ledger = field(repr=False, compare=False)
    instruments: tuple[str, ...]
    total_land_km2: float
    disputed: tuple[str, ...]
    disputes_ended: tuple[str, ...]
    disputes_remaining: tuple[str, ...]
    disputes_new: tuple[str, ...]
    views: dict[str, ViewMetrics]
    sea_km2: float | None

    def to_dict(self) -> ColumnJSON:
        """The JSON form."""
        return {
            "name": self.name,
            "title": self.title,
            "date": self.date,
            "scenario": self.scenario.to_dict() if self.scenario else None,
            "instruments": list(self.instruments),
            "total_land_km2": round(self.total_land_km2, 3),
            "disputes": {
                "disputed": list(self.disputed),
                "ended": list(self.disputes_ended),
                "remaining": list(self.disputes_remaining),
                "new": list(self.disputes_new),
            },
            "sea_km2": None if self.sea_km2 is None else round(self.sea_km2, 3),
            "views": {v: m.to_dict() for v, m in self.views.items()},
        }


@dataclass(frozen=True)
class Row:
    """One line of the side-by-side table: a metric and its value in each column."""

    key: str
    label: str
    unit: str
    values: tuple[float | str | None, ...]


@dataclass(frozen=True)
class Comparison:
    """The baseline and each scenario on one date, side by side (:func:`compare` makes it).

    Attributes
    ----------
    ledger : str
        The ledger's id.
    date : str
        The date compared (ISO day).
    views : tuple of str
    disputed_area : tuple of str
        The places disputed in the baseline on the date.
    disputed_area_km2 : float
    columns : tuple of Column
        The baseline first, then each scenario in the order asked.
    maritime : bool
        Whether the maritime split was computed.
    caveats : tuple of str
        What the maritime approximation ignores; print them with its figures.
    """

    ledger: str
    date: str
    views: tuple[str, ...]
    disputed_area: tuple[str, ...]
    disputed_area_km2: float
    columns: tuple[Column, ...]
    maritime: bool
    caveats: tuple[str, ...] = CAVEATS

    @property
    def baseline(self) -> Column:
        """The ledger as recorded."""
        return self.columns[0]

    def column(self, name: str) -> Column:
        """The column called ``name`` (``baseline`` or a scenario name)."""
        for col in self.columns:
            if col.name == name:
                return col
        raise QueryError(f"no column {name!r} in this comparison", parameter="scenario")

    def to_dict(self) -> ComparisonJSON:
        """The JSON form (see ``docs/scenarios.md``)."""
        return {
            "ledger": self.ledger,
            "date": self.date,
            "views": list(self.views),
            "disputed_area": {
                "places": list(self.disputed_area),
                "km2": round(self.disputed_area_km2, 3),
            },
            "columns": [c.to_dict() for c in self.columns],
            "maritime": {
                "computed": self.maritime,
                "limit_nm": 200,
                "limit_m": LIMIT_M,
                "method": "equidistance (nearest land) from densified coastlines; Voronoi "
                "partition in an azimuthal equidistant projection; geodesic 200 nm limit "
                "and areas",
                "caveats": list(self.caveats),
            },
        }

    def rows(self) -> list[Row]:
        """The table :command:`terrachron scenario compare` prints, one row per metric."""
        rows = _column_rows(self.date, self.columns)
        for view in self.views:
            rows += _view_rows(view, [c.views[view] for c in self.columns], self)
        if self.maritime:
            rows.append(
                Row(
                    "sea.total",
                    "sea ≤ 200 nm, total",
                    "km²",
                    tuple(c.sea_km2 for c in self.columns),
                )
            )
        return rows


def _holders(tables: Any) -> list[str]:
    seen: dict[str, None] = {}
    for table in tables:
        seen.update(dict.fromkeys(table))
    return sorted(seen, key=lambda h: (h in _LAST, _LAST.index(h) if h in _LAST else 0, h))


def _listed(items: Sequence[str]) -> str:
    return ", ".join(items) or "—"


def _column_rows(date: str, cols: Sequence[Column]) -> list[Row]:
    """The rows every comparison starts with: date, instruments, splits, land and disputes."""
    return [
        Row("date", "date", "", tuple(date for _ in cols)),
        Row(
            "instruments",
            "hypothetical instruments in effect",
            "",
            tuple(_listed(c.instruments) for c in cols),
        ),
        Row("splits", "places split", "", tuple(_splits_cell(c) for c in cols)),
        Row("land.total", "land, total", "km²", tuple(c.total_land_km2 for c in cols)),
        Row("disputes.disputed", "disputed places", "", tuple(_listed(c.disputed) for c in cols)),
        Row("disputes.ended", "disputes ended", "", tuple(_listed(c.disputes_ended) for c in cols)),
        Row(
            "disputes.remaining",
            "disputes remaining",
            "",
            tuple(_listed(c.disputes_remaining) for c in cols),
        ),
        Row("disputes.new", "disputes begun", "", tuple(_listed(c.disputes_new) for c in cols)),
    ]


def _view_rows(view: str, metrics: Sequence[ViewMetrics], comparison: Comparison) -> list[Row]:
    """One view's rows: land by holder, disputed shares, changes, promises, sea by holder."""
    layer = metrics[0].layer
    rows = [
        Row(
            f"{view}.land.{holder}",
            f"[{view}] {layer}: {holder}",
            "km²",
            tuple(m.land_km2.get(holder, 0.0) for m in metrics),
        )
        for holder in _holders(m.land_km2 for m in metrics)
    ]
    if comparison.disputed_area:
        rows += [
            Row(
                f"{view}.disputed_share.{holder}",
                f"[{view}] share of the disputed area: {holder}",
                "%",
                tuple(100.0 * m.disputed_share.get(holder, 0.0) for m in metrics),
            )
            for holder in _holders(m.disputed_share for m in metrics)
        ]
    rows.append(
        Row(
            f"{view}.changes",
            f"[{view}] places changing {layer} holder",
            "",
            tuple(
                "; ".join(f"{c.place}: {c.before} → {c.after}" for c in m.changes) or "—"
                for m in metrics
            ),
        )
    )
    rows.append(
        Row(
            f"{view}.promises_fulfilled",
            f"[{view}] promises fulfilled",
            "",
            tuple(
                "; ".join(f"{p.effect} ({', '.join(p.places)})" for p in m.fulfilled) or "—"
                for m in metrics
            ),
        )
    )
    if comparison.maritime:
        rows += [
            Row(
                f"{view}.sea.{holder}",
                f"[{view}] sea ≤ 200 nm, nearest land: {holder}",
                "km²",
                tuple(m.sea_km2.get(holder, 0.0) for m in metrics),
            )
            for holder in _holders(m.sea_km2 for m in metrics)
        ]
    return rows


def _splits_cell(col: Column) -> str:
    if col.scenario is None or not col.scenario.splits:
        return "—"
    return "; ".join(
        f"{s.place} → {s.parts[0]} {s.part_km2[0]:,.1f} + {s.parts[1]} {s.part_km2[1]:,.1f} km²"
        for s in col.scenario.splits
    )


def origin_of(ledger: Ledger, place: str) -> str:
    return ledger.origin(place)


def _promises(ledger: Ledger, statuses: Mapping[str, Status]) -> dict[tuple[str, str], PromiseKept]:
    """Pending promises by (effect, ledger place the place comes from)."""
    out: dict[tuple[str, str], PromiseKept] = {}
    for pid, status in statuses.items():
        for p in status.pending:
            origin = origin_of(ledger, pid)
            out[(p.effect, origin)] = PromiseKept(p.effect, p.instrument, p.to, (origin,))
    return out


def _group_promises(items: Mapping[tuple[str, str], PromiseKept]) -> tuple[PromiseKept, ...]:
    grouped: dict[str, PromiseKept] = {}
    for (effect, place), p in sorted(items.items()):
        prev = grouped.get(effect)
        places = (*prev.places, place) if prev else (place,)
        grouped[effect] = PromiseKept(effect, p.instrument, p.to, places)
    return tuple(grouped.values())


@dataclass
class _Baseline:
    ledger: Ledger
    date: str
    disputed: tuple[str, ...]
    holders: dict[str, dict[str, str]]
    pending: dict[str, dict[tuple[str, str], PromiseKept]]


def context_holders(ledger: Ledger, day: int, with_sea: bool) -> dict[str, str]:
    if not with_sea:
        return {}
    sea = maritime_split(ledger)
    return {c.id: context_holder(ledger, c.polity, day) for c in sea.context}


def _column(
    ledger: Ledger,
    baseline: _Baseline | None,
    date: str,
    day: int,
    views: Sequence[str],
    with_sea: bool,
) -> tuple[Column, dict[str, dict[str, str]], dict[str, dict[tuple[str, str], PromiseKept]]]:
    areas = ledger.place_areas
    scenario = ledger.scenario
    disputed = tuple(s.place for s in ledger.disputes(date))
    base_disputed = baseline.disputed if baseline else disputed
    disputed_origins = {origin_of(ledger, p) for p in disputed}
    context = context_holders(ledger, day, with_sea)
    sea = maritime_split(ledger) if with_sea else None
    metrics: dict[str, ViewMetrics] = {}
    all_holders: dict[str, dict[str, str]] = {}
    all_pending: dict[str, dict[tuple[str, str], PromiseKept]] = {}
    for view in views:
        statuses = {s.place: s for s in ledger.statuses(date, view)}
        holders = {pid: holder_of(s) for pid, s in statuses.items()}
        land: dict[str, float] = {}
        in_dispute: dict[str, float] = {}
        changes: list[HolderChange] = []
        for pid, holder in holders.items():
            km2 = areas.get(pid, 0.0)
            land[holder] = land.get(holder, 0.0) + km2
            origin = origin_of(ledger, pid)
            if origin in base_disputed:
                in_dispute[holder] = in_dispute.get(holder, 0.0) + km2
            if baseline is not None:
                before = baseline.holders[view].get(origin)
                if before is not None and before != holder:
                    changes.append(HolderChange(pid, origin, before, holder, km2))
        pending = _promises(ledger, statuses)
        fulfilled: tuple[PromiseKept, ...] = ()
        if baseline is not None:
            kept = {k: v for k, v in baseline.pending[view].items() if k not in pending}
            fulfilled = _group_promises(kept)
        disputed_total = sum(in_dispute.values())
        layer = "control" if ledger.views[view].kind == "de-facto" else "title"
        metrics[view] = ViewMetrics(
            view=view,
            layer=layer,
            holders=holders,
            land_km2=dict(sorted(land.items())),
            disputed_km2=dict(sorted(in_dispute.items())),
            disputed_share={
                h: a / disputed_total for h, a in sorted(in_dispute.items()) if disputed_total
            },
            changes=tuple(changes),
            pending=_group_promises(pending),
            fulfilled=fulfilled,
            sea_km2=sea.by_holder({**holders, **context}) if sea else {},
        )
        all_holders[view] = holders
        all_pending[view] = pending
    instruments: tuple[str, ...] = ()
    if scenario is not None:
        instruments = tuple(
            iid
            for iid in scenario.instruments
            if (eff := ledger.instruments[iid].effective) is not None and eff.lo <= day
        )
    column = Column(
        name=scenario.name if scenario else BASELINE,
        title=scenario.title if scenario else "The ledger as recorded",
        date=date,
        scenario=scenario,
        ledger=ledger,
        instruments=instruments,
        total_land_km2=sum(areas.get(p, 0.0) for p in ledger.places),
        disputed=disputed,
        disputes_ended=tuple(sorted(set(base_disputed) - disputed_origins)) if baseline else (),
        disputes_remaining=tuple(p for p in disputed if origin_of(ledger, p) in base_disputed),
        disputes_new=tuple(p for p in disputed if origin_of(ledger, p) not in base_disputed),
        views=metrics,
        sea_km2=sea.sea_km2 if sea else None,
    )
    return column, all_holders, all_pending


def compare(
    ledger: Ledger,
    scenarios: Sequence[str | Path],
    date: Any = None,
    views: Sequence[str] | None = None,
    *,
    maritime: bool = True,
) -> Comparison:
    """The ledger as recorded and each scenario on one date, side by side.

    Parameters
    ----------
    ledger : Ledger
        The ledger (a branch is taken back to its base).
    scenarios : sequence of str or Path
        Scenario names of the ledger, or paths to scenario folders.
    date : str, datetime.date, optional
        The day compared. Default: the last day on which a hypothetical effect of any of the
        scenarios takes hold, so that every scenario is in effect.
    views : sequence of str, optional
        The views to report (default: every view of the ledger).
    maritime : bool, default True
        Compute the approximate maritime split (a few seconds the first time per ledger).

    Returns
    -------
    Comparison

    Raises
    ------
    UnknownScenarioError, ScenarioError, UnknownViewError, DateError
    """
    base = ledger.base
    branches = [base.with_scenario(s) for s in scenarios]
    if date is None:
        days = [b.scenario.last_day for b in branches if b.scenario is not None]
        last = max(days) if days else 0
        if not last or last >= OPEN_END:
            raise QueryError("give a date: no scenario has a dated instrument", parameter="date")
        date = day_to_iso(last)
    when = parse_query_date(date)
    day = when.hi if when.hi < OPEN_END else when.lo
    chosen = tuple(views) if views else tuple(base.views)
    for view in chosen:
        base.resolve_view(view)
    baseline_col, holders, pending = _column(base, None, when.text, day, chosen, maritime)
    baseline = _Baseline(base, when.text, baseline_col.disputed, holders, pending)
    columns = [baseline_col]
    for branch in branches:
        column, _, _ = _column(branch, baseline, when.text, day, chosen, maritime)
        columns.append(column)
    disputed_km2 = sum(base.place_areas.get(p, 0.0) for p in baseline.disputed)
    return Comparison(
        ledger=base.id,
        date=when.text,
        views=chosen,
        disputed_area=baseline.disputed,
        disputed_area_km2=disputed_km2,
        columns=tuple(columns),
        maritime=maritime,
    )
