"""The compiled-ledger cache: hit, miss on any change, corrupt file rebuilt, unwritable folder."""

from __future__ import annotations

import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import terrachron
from terrachron import query
from terrachron.ledger import cache
from terrachron.ledger.load import LedgerFiles
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


# -- the key from the stat manifest ----------------------------------------------------------


# The racy window (two seconds) would make every file of a fresh copy untrusted: the tests
# shrink it to 20 ms (still above the kernel's timestamp tick of at most 4 ms) and wait it out.
TEST_RACY_NS = 20_000_000


def _settle() -> None:
    time.sleep(TEST_RACY_NS / 1e9 * 1.5)


def _trust_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cache, "RACY_NS", TEST_RACY_NS)
    _settle()


def _no_full_hash(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    hashed: list[Path] = []
    real = cache._full_key

    def counting(root: Path, code: bytes) -> tuple[str, list[Path]]:
        hashed.append(root)
        return real(root, code)

    monkeypatch.setattr(cache, "_full_key", counting)
    return hashed


def test_an_unchanged_ledger_is_keyed_without_reading_it(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("mini", "imported", "merged"):
        shutil.copytree(LEDGERS / name, tmp_path / name)
    root = tmp_path / "merged"
    _trust_at_once(monkeypatch)
    key = cache.cache_key(root)
    assert key == cache.full_cache_key(root)
    hashed = _no_full_hash(monkeypatch)
    assert cache.cache_key(root) == key
    assert hashed == []


def test_a_same_size_edit_with_its_mtime_put_back_misses(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    _trust_at_once(monkeypatch)
    key = cache.cache_key(root)
    target = next(p for p in sorted(root.rglob("*.yaml")) if b"north" in p.read_bytes())
    before = target.stat()
    target.write_bytes(target.read_bytes().replace(b"north", b"nortH", 1))
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))  # ctime still moves
    assert target.stat().st_size == before.st_size
    _settle()  # past the window: the stats alone must tell
    assert cache.cache_key(root) != key
    assert cache.cache_key(root) == cache.full_cache_key(root)


def test_a_file_added_to_an_empty_folder_misses(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    (root / "notes").mkdir()
    _trust_at_once(monkeypatch)
    key = cache.cache_key(root)
    (root / "notes" / "new.txt").write_text("a file the key must cover\n")
    _settle()
    assert cache.cache_key(root) != key


def test_a_freshly_written_ledger_is_hashed_in_full_each_time(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Inside the racy window a stat match proves nothing: the file may change again within
    # the same clock tick.
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    hashed = _no_full_hash(monkeypatch)
    assert cache.cache_key(root) == cache.cache_key(root)
    assert len(hashed) == 2


def test_a_corrupt_manifest_means_a_full_hash(
    cache_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    _trust_at_once(monkeypatch)
    key = cache.cache_key(root)
    [manifest] = cache_home.glob("stat-*.json")
    manifest.write_text('{"key": "not-the-key"')
    hashed = _no_full_hash(monkeypatch)
    assert cache.cache_key(root) == key
    assert len(hashed) == 1


# -- what a warm open loads ------------------------------------------------------------------


def test_a_warm_open_loads_instruments_and_geometry_only_when_read(
    cache_home: Path, tmp_path: Path
) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    cold = terrachron.open_ledger(root)
    warm = terrachron.open_ledger(root)
    files = warm.files
    assert isinstance(files, cache.LazyLedgerFiles)
    _answers(warm)
    assert "instruments" not in vars(files)
    assert "origins" not in vars(files)
    assert "_geometries" not in vars(warm)
    assert warm.instruments == cold.instruments
    assert files.origins.keys() == cold.files.origins.keys()
    assert warm.geometries.keys() == cold.geometries.keys()
    # A copy (a scenario branch pickles or copies the records) is the plain dataclass.
    plain = pickle.loads(pickle.dumps(files))
    assert type(plain) is LedgerFiles
    assert plain == cold.files


def test_a_cached_status_imports_no_geometry_nor_date_grammar(
    cache_home: Path, tmp_path: Path
) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    time.sleep(cache.RACY_NS / 1e9 + 0.1)  # past the racy window: the stat manifest holds
    terrachron.open_ledger(root)
    code = (
        "import sys, warnings, terrachron\n"
        "warnings.simplefilter('error')\n"
        f"ledger = terrachron.open_ledger({str(root)!r})\n"
        "ledger.explain('north', '1950-01-01')\n"
        "heavy = {'shapely', 'numpy', 'pandas', 'edtf', 'yaml', 'pyarrow'} & set(sys.modules)\n"
        "print(sorted(heavy))\n"
    )
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home.parent)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


_EDITS = st.lists(
    st.tuples(
        st.sampled_from(["same-size", "append", "add", "remove", "nest"]),
        st.integers(min_value=0, max_value=50),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=15, deadline=None)
@given(edits=_EDITS)
def test_the_manifest_key_is_always_the_full_key(edits: list[tuple[str, int]]) -> None:
    # Whatever is done to a ledger's files between two opens, the key read from the stat
    # manifest is the key a full hash gives: an edit that a stat misses would break this.
    with tempfile.TemporaryDirectory() as tmp, pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(Path(tmp) / "cache"))
        patch.setattr(cache, "RACY_NS", TEST_RACY_NS)
        root = Path(tmp) / "mini"
        shutil.copytree(MINI, root)
        _settle()
        assert cache.cache_key(root) == cache.full_cache_key(root)
        for what, n in edits:
            files = sorted(p for p in root.rglob("*") if p.is_file())
            target = files[n % len(files)]
            if what == "same-size":
                before = target.stat()
                raw = bytearray(target.read_bytes() or b"x")
                raw[n % len(raw)] ^= 0x01
                target.write_bytes(bytes(raw))
                os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
            elif what == "append":
                with target.open("ab") as out:
                    out.write(b"\n")
            elif what == "add":
                (target.parent / f"extra-{n}.txt").write_text("x")
            elif what == "remove":
                target.unlink()
            else:
                (root / f"deep-{n}" / "inner").mkdir(parents=True, exist_ok=True)
                (root / f"deep-{n}" / "inner" / "note.txt").write_text(str(n))
            _settle()  # past the window, so that the manifest's stats decide
            assert cache.cache_key(root) == cache.full_cache_key(root)
