"""The compiled index: cached on disk by content, written atomically, rebuilt when stale."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely

import terrachron
from terrachron.errors import QueryError
from terrachron.geo import index as geo_index
from terrachron.geo.index import IndexParams, SpatialIndex, load_or_build


def _geoms(ledger: terrachron.Ledger) -> dict[str, shapely.Geometry]:
    return dict(ledger.geometries)


def test_second_load_comes_from_the_cache(
    bundled: terrachron.Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERRACHRON_CACHE", str(tmp_path))
    first = load_or_build(bundled.content_hash, _geoms(bundled))
    files = list(tmp_path.iterdir())
    assert [f.name for f in files] == [f"index-{first.key}.npz"]

    def no_build(*_: object, **__: object) -> SpatialIndex:
        raise AssertionError("the cached index should have been used")

    monkeypatch.setattr(geo_index, "build_index", no_build)
    second = load_or_build(bundled.content_hash, _geoms(bundled))
    assert second.key == first.key
    for name in SpatialIndex._ARRAYS:
        np.testing.assert_array_equal(getattr(first, name), getattr(second, name))


def test_the_key_follows_content_geometry_and_parameters(bundled: terrachron.Ledger) -> None:
    places = tuple(sorted(bundled.geometries))
    geoms = [bundled.geometries[p] for p in places]
    base = geo_index.index_key("h", places, geoms, IndexParams())
    assert geo_index.index_key("h2", places, geoms, IndexParams()) != base
    assert geo_index.index_key("h", places, geoms, IndexParams(max_edges=4)) != base
    moved = [shapely.affinity.translate(geoms[0], 1e-9), *geoms[1:]]
    assert geo_index.index_key("h", places, moved, IndexParams()) != base


def test_a_damaged_cache_file_is_rebuilt(
    mini: terrachron.Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERRACHRON_CACHE", str(tmp_path))
    index = load_or_build(mini.content_hash, _geoms(mini))
    path = tmp_path / f"index-{index.key}.npz"
    path.write_bytes(b"not an index")
    again = load_or_build(mini.content_hash, _geoms(mini))
    np.testing.assert_array_equal(again.top, index.top)
    assert SpatialIndex.load(path).key == ""  # rewritten, readable again


def test_an_unwritable_cache_is_not_an_error(
    mini: terrachron.Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("TERRACHRON_CACHE", str(blocker / "cache"))
    assert load_or_build(mini.content_hash, _geoms(mini)).n_mixed >= 0


def test_the_save_leaves_no_temporary_file(mini: terrachron.Ledger, tmp_path: Path) -> None:
    index = load_or_build(mini.content_hash, _geoms(mini), use_cache=False)
    index.save(tmp_path / "i.npz")
    assert [p.name for p in tmp_path.iterdir()] == ["i.npz"]


def test_bad_parameters() -> None:
    with pytest.raises(QueryError):
        IndexParams(top_cell=0.3)
    with pytest.raises(QueryError):
        IndexParams(max_edges=0)
