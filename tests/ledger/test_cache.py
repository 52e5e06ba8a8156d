"""The compiled-ledger cache: hit, miss on any change, corrupt file rebuilt, unwritable folder."""

from __future__ import annotations

import os
import shutil
import warnings
from pathlib import Path

import pytest

import terrachron
from terrachron import query
from terrachron.ledger import cache
from terrachron.ledger.tables import EffectRow, write_effects_table

from ..conftest import MINI

LEDGERS = MINI.parent


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home / "terrachron"


def _answers(ledger: terrachron.Ledger) -> list[object]:
    return [
        ledger.status(p, day, v).to_dict()
        for p in sorted(ledger.places)
        for v in sorted(ledger.views)
        for day in ("1860-01-01", "1920", "1950-01-01")
    ]


def _no_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(root: Path) -> None:
        raise AssertionError(f"read {root} although the cache holds it")

    monkeypatch.setattr(query, "read_ledger", refuse)


def test_a_second_open_is_a_hit_with_the_same_answers(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    first = terrachron.open_ledger(root)
    assert len(list(cache_home.glob("ledger-*.pickle"))) == 1
    _no_reading(monkeypatch)
    second = terrachron.open_ledger(root)
    assert second.content_hash == first.content_hash
    assert _answers(second) == _answers(first)
    assert second.geometries["north"].equals(first.geometries["north"])


def test_any_change_misses(cache_home: Path, tmp_path: Path) -> None:
    for name in ("mini", "imported", "merged"):
        shutil.copytree(LEDGERS / name, tmp_path / name)
    root = tmp_path / "merged"
    key = cache.cache_key(root)
    terrachron.open_ledger(root)
    # a change in an included ledger's table changes the key and the answer
    write_effects_table(
        tmp_path / "imported", [EffectRow("snapshot-1900", "establish", "face-south", to="alda")]
    )
    assert cache.cache_key(root) != key
    assert terrachron.open_ledger(root).status("face-south", "1910-01-01").controller == ("alda",)
    assert len(list(cache_home.glob("ledger-*.pickle"))) == 2


def test_a_corrupt_cache_is_rebuilt_with_one_warning(cache_home: Path, tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    want = _answers(terrachron.open_ledger(root))
    [path] = cache_home.glob("ledger-*.pickle")
    raw = bytearray(path.read_bytes())
    raw[-10] ^= 0xFF
    path.write_bytes(bytes(raw))
    with pytest.warns(cache.CacheWarning, match="corrupt; rebuilding") as caught:
        again = terrachron.open_ledger(root)
    assert len(caught) == 1
    assert "\n" not in str(caught[0].message)
    assert _answers(again) == want
    assert cache.load(cache.cache_key(root)) is not None  # rewritten whole
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        terrachron.open_ledger(root)


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_an_unwritable_cache_folder_warns_and_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "ro"
    home.mkdir()
    home.chmod(0o500)
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    with pytest.warns(cache.CacheWarning, match="cannot write the compiled cache"):
        ledger = terrachron.open_ledger(MINI)
    assert "north" in ledger.places


def test_a_cache_path_that_is_a_file_warns_and_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Works as root too: a folder cannot be made where a file stands.
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    with pytest.warns(cache.CacheWarning, match="cannot write the compiled cache"):
        ledger = terrachron.open_ledger(MINI)
    assert _answers(ledger) == _answers(terrachron.open_ledger(MINI, cache=False))
    assert not list(tmp_path.glob("**/.ledger-*.tmp"))


def test_the_cache_folder_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "terrachron"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.cache_dir() == Path.home() / ".cache" / "terrachron"
