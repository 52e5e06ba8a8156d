"""Land and sea, for the points of ``locate`` that lie in no place.

A point in no place is *outside coverage*: the ledger does not speak for it. When it is also off
every coast it is *at sea*, which a user wants told apart ("my ship was in no country" is not
"this ledger does not know Paris"). Land is the union of two layers:

* the ledger's own land, near its places: the GeoJSON ``ledger.yaml`` names with ``land:``
  (relative to the ledger folder), else ``context/land.geojson`` when the ledger has one (the
  Japan–Russia ledger's coasts of Honshu, Kamchatka and the mainland, unrounded);
* the bundled world layer, Natural Earth 1:10m land and minor islands (public domain), whose
  coast lies within 0.005° (about 0.55 km) of Natural Earth's (``scripts/build_world_land.py``).

So a point farther than about 0.6 km from Natural Earth's coast is classified as that data
would; closer to a coast the answer follows the simplified line. The layers are compiled into a
spatial index of the same kind as the places' (:mod:`terrachron.geo.index`), cached on disk
under the digest of their geometries, and only the points that miss every place consult it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from importlib import resources
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from terrachron.errors import QueryError
from terrachron.geo.index import (
    FORMAT_VERSION,
    IndexCacheError,
    IndexParams,
    SpatialIndex,
    build_index,
    cache_dir,
)

__all__ = ["WORLD_LAND", "Land", "land_files", "load_land", "read_land"]

WORLD_LAND = "natural-earth-land.parquet"
"""The bundled world land layer, in ``terrachron/data/land/``."""

CONTEXT_LAND = Path("context") / "land.geojson"

# Land cells need less detail than places: no answer hangs on which place, only land or not.
_PARAMS = IndexParams(max_edges=16)

_log = logging.getLogger(__name__)


@dataclass(frozen=True, eq=False)
class Land:
    """The compiled land layers: an index whose "places" are the layers.

    Attributes
    ----------
    index : SpatialIndex
        Every cell inside any layer is land; a cell in none is sea.
    files : tuple of Path
        The layers' files.
    """

    index: SpatialIndex
    files: tuple[Path, ...]

    @cached_property
    def geometries(self) -> tuple[BaseGeometry, ...]:
        """One (Multi)Polygon per layer, read on first use: only the points floating point
        cannot settle (on or in line with a coast) need them."""
        return tuple(read_land(p) for p in self.files)

    def covers(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """GEOS's answer: whether each point is on land (interior or coast)."""
        on = np.zeros(len(lon), dtype=bool)
        for geom in self.geometries:
            shapely.prepare(geom)
            on |= shapely.intersects_xy(geom, lon, lat)
        return on


def _world_path() -> Path:
    return Path(str(resources.files("terrachron") / "data" / "land" / WORLD_LAND))


def land_files(root: Path, named: str = "") -> list[Path]:
    """The land layers of the ledger at ``root``: its own (named, else context), then the world.

    Raises
    ------
    QueryError
        ``ledger.yaml`` names a land layer that is not there.
    """
    files: list[Path] = []
    if named:
        path = (root / named).resolve()
        if not path.is_file():
            raise QueryError(
                f"ledger.yaml names the land layer {named!r}, but {path} is not a file; "
                "fix the path (relative to the ledger folder) or remove `land:`",
                parameter="land",
            )
        files.append(path)
    elif (root / CONTEXT_LAND).is_file():
        files.append(root / CONTEXT_LAND)
    files.append(_world_path())
    return files


def read_land(path: Path) -> BaseGeometry:
    """The polygons of one layer as one (Multi)Polygon: GeoJSON, or Parquet of WKB."""
    if path.suffix.lower() == ".parquet":
        wkb = pq.read_table(path, columns=["geometry"]).column("geometry")
        geoms = shapely.from_wkb(np.asarray(wkb.to_pylist(), dtype=object))
    else:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise QueryError(f"the land layer {path} is not readable GeoJSON: {exc}") from exc
        features = data.get("features", [data]) if isinstance(data, dict) else []
        try:
            geoms = np.asarray(
                [shape(f.get("geometry", f)) for f in features if isinstance(f, dict)],
                dtype=object,
            )
        except (AttributeError, TypeError, ValueError, KeyError) as exc:
            raise QueryError(f"the land layer {path} holds a geometry that is not valid") from exc
    parts = [p for p in shapely.get_parts(geoms) if p.geom_type == "Polygon" and not p.is_empty]
    if not parts:
        raise QueryError(f"the land layer {path} holds no polygon")
    return shapely.multipolygons(parts)


def load_land(files: Sequence[Path], *, use_cache: bool = True) -> Land:
    """Compile the land layers, or load them from the disk cache when it holds them.

    The cache key is a digest of the files' bytes and the index parameters, so a warm start
    reads no geometry at all. A cache folder that cannot be written is not an error.
    """
    # The format version too: a file of an older layout is then simply not looked at.
    digest = hashlib.sha256(f"land;v{FORMAT_VERSION};{_PARAMS.token()}".encode())
    for p in files:
        digest.update(p.read_bytes() + b"\0")
    key = digest.hexdigest()[:40]
    path = cache_dir() / f"land-{key}.npz"
    names = tuple(f"land-{i}" for i in range(len(files)))
    if use_cache and path.is_file():
        try:
            index = SpatialIndex.load(path, key)
            if index.places == names:
                return Land(index, tuple(files))
        except IndexCacheError as exc:
            _log.warning("terrachron: rebuilding the cached land index %s: %s", path, exc)
    geometries = tuple(read_land(p) for p in files)
    index = build_index(names, list(geometries), _PARAMS, key=key)
    if use_cache:
        with contextlib.suppress(OSError):
            index.save(path)
    land = Land(index, tuple(files))
    land.__dict__["geometries"] = geometries  # already read: spare the first fallback a re-read
    return land
