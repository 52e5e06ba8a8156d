"""The compiled index: cached on disk by content, written atomically, rebuilt when stale."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
import shapely

import terrachron
from terrachron.errors import QueryError
from terrachron.geo import index as geo_index
from terrachron.geo.index import IndexCacheError, IndexParams, SpatialIndex, load_or_build

from ..conftest import MINI


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
    assert SpatialIndex.load(path, index.key).key == index.key  # rewritten, readable again


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


def _cached(ledger: terrachron.Ledger, folder: Path) -> tuple[SpatialIndex, Path]:
    index = load_or_build(ledger.content_hash, _geoms(ledger))
    return index, folder / f"index-{index.key}.npz"


def _rebuilt_with_warning(
    ledger: terrachron.Ledger, index: SpatialIndex, caplog: pytest.LogCaptureFixture
) -> str:
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="terrachron.geo.index"):
        again = load_or_build(ledger.content_hash, _geoms(ledger))
    for name in SpatialIndex._ARRAYS:
        np.testing.assert_array_equal(getattr(again, name), getattr(index, name))
    [record] = caplog.records
    message = record.getMessage()
    assert "\n" not in message
    assert "rebuilding" in message
    return message


@pytest.mark.parametrize("keep", [0.0, 0.1, 0.5, 0.9, 0.999])
def test_a_truncated_cache_file_is_rebuilt_with_a_warning(
    mini: terrachron.Ledger,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    keep: float,
) -> None:
    monkeypatch.setenv("TERRACHRON_CACHE", str(tmp_path))
    index, path = _cached(mini, tmp_path)
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    assert "unreadable" in _rebuilt_with_warning(mini, index, caplog)
    SpatialIndex.load(path, index.key)  # the rebuilt file is whole again


def test_every_flipped_byte_is_caught(
    mini: terrachron.Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERRACHRON_CACHE", str(tmp_path))
    index, path = _cached(mini, tmp_path)
    data = path.read_bytes()
    # 300 bytes (headers included), each flipped on its own: each must be refused (zip CRC,
    # format, key or checksum) or, in zip bookkeeping the reader ignores, change nothing.
    spots = np.random.default_rng(15).choice(len(data), size=min(300, len(data)), replace=False)
    for at in sorted({*spots.tolist(), *range(64)}):
        bad = bytearray(data)
        bad[at] ^= 0x41
        path.write_bytes(bytes(bad))
        try:
            loaded = SpatialIndex.load(path, index.key)
        except IndexCacheError:
            continue
        for name in SpatialIndex._ARRAYS:
            np.testing.assert_array_equal(getattr(loaded, name), getattr(index, name))
        assert loaded.places == index.places


def _rewrite(path: Path, edit: Callable[[dict[str, np.ndarray]], None], resum: bool) -> None:
    """Edit the arrays of a cache file by hand, keeping it a well-formed .npz file."""
    with np.load(path, allow_pickle=False) as data:
        arrays = {name: data[name] for name in data.files}
    edit(arrays)
    if resum:
        meta = arrays["meta"]
        fake = SpatialIndex(
            places=tuple(str(p) for p in arrays["places"]),
            top_cell=float(meta[0]),
            nx=int(meta[1]),
            ny=int(meta[2]),
            key=str(arrays["key"][()]),
            **{name: arrays[name] for name in SpatialIndex._ARRAYS},
        )
        arrays["checksum"] = np.array(fake.checksum())
    with zipfile.ZipFile(path, "w") as zf:
        for name, arr in arrays.items():
            with zf.open(name + ".npy", "w") as fh:
                np.lib.format.write_array(fh, arr, allow_pickle=False)


def _set(name: str, at: int, value: float) -> Callable[[dict[str, np.ndarray]], None]:
    def edit(arrays: dict[str, np.ndarray]) -> None:
        arr = arrays[name].copy()
        arr.reshape(-1)[at] = value
        arrays[name] = arr

    return edit


def _inner(arrays: dict[str, np.ndarray]) -> int:
    return int(np.flatnonzero(arrays["top"] >= 0)[0])


def _cand(arrays: dict[str, np.ndarray]) -> int:
    """Where the first mixed leaf's first candidate is (after rx, ry, nc, ne)."""
    return 4


def _slot(arrays: dict[str, np.ndarray]) -> int:
    """Where the first mixed leaf's first edge keeps its slot (x0, y0, x1, y1, slot)."""
    return 4 + int(arrays["leaf"][2]) + 4


EDITS: dict[str, Callable[[dict[str, np.ndarray]], None]] = {
    "top points past the child array": lambda a: _set("top", _inner(a), 10**9)(a),
    "top points below the mixed leaves": lambda a: _set("top", 0, -(10**9))(a),
    "a child points back up": lambda a: _set("child", 0, 0)(a),
    "a candidate that is not a place": lambda a: _set("leaf", _cand(a), 2.0 * 10**6)(a),
    "a candidate that is not a whole number": lambda a: _set("leaf", _cand(a), 0.5)(a),
    "an offset past the end": lambda a: _set("leaf_off", len(a["leaf_off"]) - 1, 10**9)(a),
    "offsets going back": _set("leaf_off", 1, -5),
    "a count that breaks its record": lambda a: _set("leaf", 3, 10**6)(a),
    "a slot outside its leaf": lambda a: _set("leaf", _slot(a), 64.0)(a),
    "a value that is not finite": lambda a: _set("leaf", _slot(a) - 1, float("nan"))(a),
    "a shorter top grid": lambda a: a.update(top=a["top"][:-1]),
    "another dtype": lambda a: a.update(child=a["child"].astype(np.int64)),
    "a place dropped": lambda a: a.update(places=a["places"][:-1]),
    "a moved edge, in bounds": lambda a: _set("leaf", _slot(a) - 4, 0.123)(a),
}


@pytest.mark.parametrize("resum", [False, True], ids=["old-checksum", "checksum-recomputed"])
@pytest.mark.parametrize("what", sorted(EDITS))
def test_a_hand_edited_cache_is_refused(
    bundled: terrachron.Ledger,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    what: str,
    resum: bool,
) -> None:
    # The bundled ledger's tree has inner nodes, mixed leaves and edges to edit.
    monkeypatch.setenv("TERRACHRON_CACHE", str(tmp_path))
    index, path = _cached(bundled, tmp_path)
    _rewrite(path, EDITS[what], resum)
    if resum and what == "a moved edge, in bounds":
        # Well-formed, in bounds and checksummed: only the key (ledger + geometry digest)
        # vouches for such a file, as for any file its owner writes on purpose.
        SpatialIndex.load(path, index.key)
        return
    with pytest.raises(IndexCacheError):
        SpatialIndex.load(path, index.key)
    _rebuilt_with_warning(bundled, index, caplog)


def test_a_cache_file_of_another_key_is_refused(
    mini: terrachron.Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERRACHRON_CACHE", str(tmp_path))
    _index, path = _cached(mini, tmp_path)
    with pytest.raises(IndexCacheError, match="another key"):
        SpatialIndex.load(path, "0" * 40)


def _locate_in_subprocess(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    src = tmp_path / "p.csv"
    src.write_text("id,lon,lat,when\n1,10.5,0.5,1900-01-01\n")
    exe = Path(sys.executable).parent / "terrachron"
    args = [str(exe), "locate", str(src), "--lon", "lon", "--lat", "lat", "--date", "when"]
    args += ["-o", str(tmp_path / "out.csv"), "--ledger", str(MINI), "-q"]
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=300, check=False)


def test_locate_heals_a_broken_cache_and_says_so_in_one_line(
    mini: terrachron.Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("TERRACHRON_CACHE", str(cache))
    _index, path = _cached(mini, cache)
    path.write_bytes(path.read_bytes()[:100])
    env = {**os.environ, "TERRACHRON_CACHE": str(cache)}
    first = _locate_in_subprocess(tmp_path, env)
    assert first.returncode == 0, first.stderr
    warning = [line for line in first.stderr.splitlines() if "rebuilding" in line]
    assert len(warning) == 1, first.stderr
    assert str(path) in warning[0]
    assert "Traceback" not in first.stderr
    second = _locate_in_subprocess(tmp_path, env)
    assert second.returncode == 0
    assert "rebuilding" not in second.stderr


def test_locate_runs_with_no_writable_cache_folder_nor_home(tmp_path: Path) -> None:
    # Under a regular file nothing can be created, whoever runs the test (root included).
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    env = {k: v for k, v in os.environ.items() if k not in ("TERRACHRON_CACHE", "NUMBA_CACHE_DIR")}
    env.update(HOME=str(blocker / "home"), XDG_CACHE_HOME=str(blocker / "cache"))
    package = Path(terrachron.__file__).parent / "geo"
    before = sorted(package.rglob("*.nb[ic]"))
    done = _locate_in_subprocess(tmp_path, env)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert (tmp_path / "out.csv").read_text().count("\n") == 2
    # numba's own cache=True would have written next to the source: nothing may appear there.
    assert sorted(package.rglob("*.nb[ic]")) == before


def test_the_compiled_kernel_is_cached_under_the_cache_folder(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("TERRACHRON_CACHE", "NUMBA_CACHE_DIR")}
    env["XDG_CACHE_HOME"] = str(tmp_path / "xdg")
    done = _locate_in_subprocess(tmp_path, env)
    assert done.returncode == 0, done.stderr
    assert list((tmp_path / "xdg" / "terrachron" / "numba").rglob("kernel.locate_span-*.nbi"))
    assert list((tmp_path / "xdg" / "terrachron").glob("index-*.npz"))
