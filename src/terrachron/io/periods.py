"""Every place's periods as one table: the form QGIS's Temporal Controller, R and pandas load.

A place's timeline (:meth:`terrachron.Ledger.timeline`) is a list of maximal periods over which
its answer under a view stays the same. This module lays every place's timeline out as rows,
one per period, with real date columns (``start``, ``end``: the first and last day, null when
open), the answer (controller, title, claimants, status and flags), the EDTF date of the step
that opened the period with its precision (a period opened by a year-precise event does not
begin on a known day, and the table says so rather than hiding it), and the codes of the
controller and the title holder (ISO 3166, Correlates of War, Gleditsch–Ward) in columns of
their own, for joins with other data. Joint holders are joined by ``|`` as in ``locate``.

Formats: CSV (no geometry: one row per period would repeat each outline), GeoPackage and
GeoParquet (with each place's geometry; dates as Date / ``date32`` columns, which the Temporal
Controller reads as "separate fields for start and end"). The file appears only once complete.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import tempfile
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pandas as pd

from terrachron.dates import OPEN_END, OPEN_START
from terrachron.errors import QueryError
from terrachron.geo.timetable import holders_text

if TYPE_CHECKING:
    import geopandas

    from terrachron.query import Ledger

__all__ = ["CODE_SYSTEMS", "PeriodFormat", "periods_frame", "write_periods"]

CODE_SYSTEMS = ("iso3166", "cow", "gw")
"""The polity codes given columns of their own (when any polity of the ledger has one)."""


class PeriodFormat(StrEnum):
    """The file formats of the periods table."""

    csv = "csv"
    gpkg = "gpkg"
    parquet = "parquet"


_SUFFIXES = {".csv": PeriodFormat.csv, ".gpkg": PeriodFormat.gpkg, ".parquet": PeriodFormat.parquet}


def period_format(path: Path | None, given: PeriodFormat | str | None) -> PeriodFormat:
    """The format asked for, else the one ``path``'s suffix names."""
    if given is not None:
        try:
            return PeriodFormat(given)
        except ValueError:
            raise QueryError(
                f"unknown format {given!r}; use csv, gpkg or parquet", parameter="format"
            ) from None
    if path is None:
        return PeriodFormat.csv
    found = _SUFFIXES.get(path.suffix.lower())
    if found is None:
        raise QueryError(
            f"cannot tell the format of {path.name!r} from its suffix (known: .csv, .gpkg, "
            ".parquet); pass --format",
            parameter="format",
        )
    return found


def _day(ordinal: int) -> dt.date | None:
    if ordinal <= OPEN_START or ordinal >= OPEN_END:
        return None
    return dt.date.fromordinal(ordinal)


def periods_frame(ledger: Ledger, view: str = "de-facto") -> pd.DataFrame:
    """Every place's maximal periods under ``view``, one row per period, in place-id order.

    Parameters
    ----------
    ledger : Ledger
    view : str, default "de-facto"

    Returns
    -------
    pandas.DataFrame
        ``place``, ``name``, ``start``, ``end`` (``datetime.date`` or None when open),
        ``opened_by`` (the step ids, ``|``-joined), ``start_edtf`` and ``precision`` (the
        date of the step that opened the period as the ledger records it, and its precision:
        day, month, year, interval …; null for the first, open period), ``controller``,
        ``title``, ``claimants``, ``status``, ``disputed``, ``occupied``, ``uncertain``, then
        ``controller_<code>`` and ``title_<code>`` for each of :data:`CODE_SYSTEMS` the ledger's
        polities use.

    Raises
    ------
    UnknownViewError
        ``view`` is not a view of the ledger.
    """
    ledger.resolve_view(view)
    systems = [s for s in CODE_SYSTEMS if any(s in p.codes for p in ledger.polities.values())]
    codes = {
        s: {pid: str(p.codes[s]) for pid, p in ledger.polities.items() if s in p.codes}
        for s in systems
    }
    rows: list[dict[str, Any]] = []
    for pid in sorted(ledger.places):
        name = ledger.place_name(pid)
        for period in ledger.timeline(pid, view).periods:
            answer = period.answer
            opened = [ledger.effect_date(uid) for uid in period.caused_by]
            dates = [d for d in opened if d is not None]
            row: dict[str, Any] = {
                "place": pid,
                "name": name,
                "start": _day(period.start),
                "end": _day(period.end),
                "opened_by": "|".join(period.caused_by) or None,
                "start_edtf": dates[0].text if dates else None,
                "precision": dates[0].precision if dates else None,
                "controller": holders_text(answer.controller),
                "title": holders_text(answer.title),
                "claimants": holders_text(answer.claimants),
                "status": answer.status,
                "disputed": answer.disputed,
                "occupied": answer.occupied,
                "uncertain": period.uncertain,
            }
            for s in systems:
                for role, holders in (("controller", answer.controller), ("title", answer.title)):
                    found = [codes[s][h] for h in holders or () if h in codes[s]]
                    row[f"{role}_{s}"] = "|".join(found) or None
            rows.append(row)
    columns = ["place", "name", "start", "end", "opened_by", "start_edtf", "precision"]
    columns += ["controller", "title", "claimants", "status", "disputed", "occupied", "uncertain"]
    columns += [f"{role}_{s}" for s in systems for role in ("controller", "title")]
    frame = pd.DataFrame(rows, columns=columns)
    for c in columns:
        if c not in ("start", "end", "disputed", "occupied", "uncertain"):
            # Text, even where every cell is empty (title under de-facto): typed columns.
            frame[c] = frame[c].astype("string")
    return frame


def _geoframe(ledger: Ledger, frame: pd.DataFrame) -> geopandas.GeoDataFrame:
    import geopandas as gpd

    geoms = ledger.geometries
    geometry = [geoms.get(p) for p in frame["place"]]
    return gpd.GeoDataFrame(frame, geometry=geometry, crs="EPSG:4326")


@contextlib.contextmanager
def _atomic(target: Path) -> Iterator[Path]:
    """A hidden file beside ``target``, renamed over it once written (removed on failure)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        # mkstemp makes the file private; the table is not: the usual permissions (umask).
        mask = os.umask(0)
        os.umask(mask)
        tmp.chmod(0o666 & ~mask)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_periods(
    ledger: Ledger,
    target: Path | IO[str],
    fmt: PeriodFormat | str | None = None,
    *,
    view: str = "de-facto",
) -> int:
    """Write every place's periods under ``view`` to ``target``; return how many rows.

    Parameters
    ----------
    ledger : Ledger
    target : Path or text stream
        A file (it appears only once complete) or a text stream (CSV only).
    fmt : {"csv", "gpkg", "parquet"}, optional
        Default: from the file's suffix (CSV for a stream).
    view : str, default "de-facto"

    Raises
    ------
    QueryError
        An unknown view or format, a binary format asked of a stream, or a file that cannot
        be written (nothing is left under its name).
    """
    path = target if isinstance(target, Path) else None
    kind = period_format(path, fmt)
    frame = periods_frame(ledger, view)
    if path is None:
        if kind is not PeriodFormat.csv:
            raise QueryError(
                f"{kind.value} is a binary format: write it to a file (-o FILE)",
                parameter="output",
            )
        assert not isinstance(target, Path)
        frame.to_csv(target, index=False, lineterminator="\n")
        return len(frame)
    try:
        with _atomic(path) as tmp:
            if kind is PeriodFormat.csv:
                frame.to_csv(tmp, index=False, lineterminator="\n")
            elif kind is PeriodFormat.parquet:
                # Arrow writes datetime.date objects as date32: a real date column.
                _geoframe(ledger, frame).to_parquet(tmp, index=False)
            else:
                gdf = _geoframe(ledger, frame)
                tmp.unlink()  # GDAL adds a layer to an existing GeoPackage
                # Through Arrow, so that the dates are written as GeoPackage DATE fields.
                gdf.to_file(tmp, driver="GPKG", layer="periods", engine="pyogrio", use_arrow=True)
    except OSError as exc:
        raise QueryError(
            f"cannot write {path}: {exc.strerror or exc}; nothing was written under that name",
            parameter="output",
        ) from None
    return len(frame)
