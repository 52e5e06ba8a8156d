"""What one ledger keeps for geographic queries: its index, timetables, locators and areas.

Built lazily on first use and kept for the ledger's lifetime; :class:`~terrachron.Ledger`
holds one of these and delegates to it.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from terrachron.geo.geometry import geodesic_area_km2
from terrachron.geo.index import IndexParams, SpatialIndex, load_or_build
from terrachron.geo.land import Land, land_files, load_land
from terrachron.geo.locate import Locator
from terrachron.geo.timetable import Timetable, build_timetable

if TYPE_CHECKING:
    from terrachron.query import Ledger

__all__ = ["GeoState"]


class GeoState:
    """Lazily compiled geographic state of one ledger."""

    def __init__(self, ledger: Ledger) -> None:
        self._ledger = ledger
        self._lock = threading.Lock()
        self._index: SpatialIndex | None = None
        self._timetables: dict[str, Timetable] = {}
        self._locators: dict[str, Locator] = {}
        self._areas: dict[str, float] | None = None
        self._land: Land | None = None

    def index(self, params: IndexParams | None = None, *, use_cache: bool = True) -> SpatialIndex:
        """The spatial index (from the disk cache when it holds this ledger's)."""
        with self._lock:
            if self._index is None or params is not None:
                index = load_or_build(
                    self._ledger.content_hash,
                    self._ledger.geometries,
                    params,
                    use_cache=use_cache,
                )
                if params is not None:
                    return index
                self._index = index
            return self._index

    def land(self) -> Land:
        """The land layers that tell the rows in no place at sea from on land."""
        with self._lock:
            if self._land is None:
                files = land_files(self._ledger.root, self._ledger.land_layer)
                self._land = load_land(files)
            return self._land

    def timetable(self, view: str) -> Timetable:
        """The timetable of every indexed place under ``view``."""
        view = self._ledger.resolve_view(view)
        cached = self._timetables.get(view)
        if cached is None:
            cached = build_timetable(self._ledger, self.index().places, view)
            self._timetables[view] = cached
        return cached

    def locator(self, view: str) -> Locator:
        """The compiled :class:`~terrachron.geo.locate.Locator` for ``view``."""
        view = self._ledger.resolve_view(view)
        cached = self._locators.get(view)
        if cached is None:
            index = self.index()
            geoms = [self._ledger.geometries[p] for p in index.places]
            cached = Locator(index, self.timetable(view), geoms, self.land())
            self._locators[view] = cached
        return cached

    def place_areas(self) -> dict[str, float]:
        """Each place's geodesic area in km² (0 for a place without geometry)."""
        if self._areas is None:
            geoms = self._ledger.geometries
            self._areas = {pid: geodesic_area_km2(geoms.get(pid)) for pid in self._ledger.places}
        return self._areas
