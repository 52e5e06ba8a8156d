"""The local projection the scenario geometry works in.

Areas are geodesic (:func:`terrachron.geo.geometry.geodesic_area_km2`). Cuts and
Voronoi partitions are computed in an azimuthal equidistant projection (AEQD) centred on the
region, where straight lines and distances stay close to geodesic ones; results are brought back
to lon/lat after densifying their edges, so that a long straight edge of the plane keeps its shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import shapely
from numpy.typing import NDArray
from pyproj import Transformer
from shapely.geometry.base import BaseGeometry

from terrachron.geo.geometry import geodesic_area_km2

__all__ = ["LocalPlane"]


@dataclass(frozen=True)
class LocalPlane:
    """An azimuthal equidistant plane centred on ``(lon, lat)``, in metres.

    Distances and azimuths from the centre are exact; elsewhere the scale error grows with the
    square of the distance from it (about 0.4 % at 1,000 km), which is why the centre is put in the
    middle of the region studied.
    """

    lon: float
    lat: float
    densify_m: float = field(default=5_000.0)
    """Longest edge kept straight when a planar geometry is taken back to lon/lat."""

    @cached_property
    def _forward(self) -> Transformer:
        return Transformer.from_crs("EPSG:4326", self._crs, always_xy=True)

    @cached_property
    def _backward(self) -> Transformer:
        return Transformer.from_crs(self._crs, "EPSG:4326", always_xy=True)

    @property
    def _crs(self) -> str:
        return f"+proj=aeqd +lat_0={self.lat} +lon_0={self.lon} +datum=WGS84 +units=m +no_defs"

    def to_plane(self, geom: BaseGeometry) -> BaseGeometry:
        """A lon/lat geometry in the plane."""
        forward = self._forward

        def move(xy: NDArray[np.float64]) -> NDArray[np.float64]:
            x, y = forward.transform(xy[:, 0], xy[:, 1])
            return np.column_stack([x, y])

        return shapely.transform(geom, move)

    def to_lonlat(self, geom: BaseGeometry, *, densify: bool = True) -> BaseGeometry:
        """A planar geometry in lon/lat, its long edges densified first so they keep their shape."""
        backward = self._backward
        if densify:
            geom = shapely.segmentize(geom, self.densify_m)

        def move(xy: NDArray[np.float64]) -> NDArray[np.float64]:
            x, y = backward.transform(xy[:, 0], xy[:, 1])
            return np.column_stack([x, y])

        return shapely.transform(geom, move)

    def xy(
        self, lon: NDArray[np.float64], lat: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Plane coordinates of lon/lat arrays."""
        x, y = self._forward.transform(lon, lat)
        return np.asarray(x, dtype=float), np.asarray(y, dtype=float)

    def lonlat(
        self, x: NDArray[np.float64], y: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Lon/lat of plane coordinate arrays."""
        lon, lat = self._backward.transform(x, y)
        return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)

    def km2(self, planar: BaseGeometry) -> float:
        """Geodesic area (km²) of a planar geometry, measured back in lon/lat."""
        return geodesic_area_km2(self.to_lonlat(planar))

    @classmethod
    def around(cls, geom: BaseGeometry, *, step: float = 0.5) -> LocalPlane:
        """A plane centred on the middle of ``geom``'s lon/lat bounds, rounded to ``step`` degrees.

        Rounding keeps the centre (and so every figure computed in the plane) stable when a
        geometry changes by a few metres.
        """
        minx, miny, maxx, maxy = geom.bounds
        lon = round((minx + maxx) / 2 / step) * step
        lat = round((miny + maxy) / 2 / step) * step
        return cls(lon=lon, lat=lat)
