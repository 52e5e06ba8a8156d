"""The compiled-ledger cache: a validated ledger saved once, opened again in a fraction of the time.

Reading, validating and compiling a world ledger (10⁴ places, 10⁵ effects) takes far longer than
loading the result. The result is kept in the user's cache folder (``$XDG_CACHE_HOME/terrachron``,
else ``~/.cache/terrachron``), which a read-only install can still write, under a key that is a
SHA-256 over the bytes of every file of the ledger and of every ledger it includes, the
terrachron version and its modules: any change to the data or the code misses the cache.

**The key without reading the files.** Hashing a world ledger's thousand files costs more than
loading the cache, so each key is kept beside the cache with the ``stat`` of every file and
folder it was computed from (a *stat manifest*). The key is reused without reading a byte when
every file still has the same size, inode, modification time and status-change time (``ctime``)
and every folder the same modification time. That is safe because the kernel sets ``ctime`` on
every write, rename or metadata change and no program can set it back (``touch -d`` resets
``mtime``, not ``ctime``), and a folder's ``mtime`` changes when a file is added, removed or
renamed in it. A file whose ``mtime`` or ``ctime`` is within two seconds of the moment the
manifest's hashing began is never trusted (the "racy" case: a file written in the same clock
tick as it was read, or on a file system with coarse timestamps); such a ledger is hashed in
full again, and the manifest rewritten. A missing, unreadable or stale manifest means a full hash.

**Sections, loaded when first used.** A cache file holds separately pickled sections: ``core``
(the records a status needs — polities, places, groups, views, sources — and the compiled
steps), ``instruments``, ``geometries`` and ``provenance`` (where each record was written, the
table rows, each included ledger as read). Opening unpickles ``core`` only; the rest is
unpickled the first time an attribute of it is read. Records from a checksummed cache are not
validated again (their constructor is not called).

A cache file is written atomically (temporary file, then rename) and starts with a checksum of
its payload, checked whole when it is opened; a file that fails the checksum or does not load
is rebuilt with a one-line warning. When the folder cannot be written, the ledger opens without
the cache, with a one-line warning.

The payload is a pickle: it is only ever read from the user's own cache folder, which only the
user's own processes write.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from terrachron.ledger.load import LedgerFiles

if TYPE_CHECKING:
    from shapely.geometry.base import BaseGeometry

    from terrachron.engine.compiled import InstrumentHead, Step

__all__ = [
    "CacheWarning",
    "CompiledLedger",
    "cache_dir",
    "cache_key",
    "full_cache_key",
    "load",
    "store",
]

_MAGIC = b"terrachron-compiled-ledger 3\n"
RACY_NS = 2_000_000_000
"""A file changed this close (ns) to the start of a full hash is not trusted by its stat."""

CORE_FIELDS = (
    "root",
    "meta",
    "polities",
    "places",
    "groups",
    "views",
    "sources",
    "problems",
    "digest",
    "ledger_of",
    "ranks",
    "dropped_places",
    "windows",
)
"""The :class:`LedgerFiles` fields a status reads; every other field is loaded when first read."""
LAZY_FIELDS: dict[str, tuple[str, ...]] = {
    "instruments": ("instruments",),
    "provenance": (
        "origins",
        "table_rows",
        "table_effects",
        "given_geometries",
        "parts",
        "meta_located",
    ),
}


class CacheWarning(UserWarning):
    """The compiled cache could not be used (unwritable folder, corrupt file); nothing is lost."""


@dataclass(frozen=True)
class CompiledLedger:
    """What :func:`terrachron.open_ledger` rebuilds a :class:`~terrachron.Ledger` from.

    ``geometries`` is a mapping, or (from the cache) a function that loads it on first use;
    ``heads`` holds what an answer cites of each instrument, so that an answer needs no
    instrument record.
    """

    files: LedgerFiles
    geometries: Any  # Mapping[str, BaseGeometry] | Callable[[], dict[str, BaseGeometry]]
    steps: list[Step]
    heads: dict[str, InstrumentHead]


class _Sections:
    """The still-pickled sections of one cache file, unpickled one at a time on first use."""

    def __init__(self, payload: bytes, index: dict[str, tuple[int, int]], path: Path) -> None:
        self._payload: bytes | None = payload
        self._index = index
        self._path = path
        self._loaded: dict[str, Any] = {}
        self._lock = threading.Lock()

    def get(self, name: str) -> Any:
        with self._lock:
            if name not in self._loaded:
                assert self._payload is not None
                start, length = self._index[name]
                # The whole payload passed its checksum when the file was opened.
                view = memoryview(self._payload)[start : start + length]
                self._loaded[name] = pickle.loads(view)
                if len(self._loaded) == len(self._index):
                    self._payload = None  # every section is out: the bytes are not needed
            return self._loaded[name]


class LazyLedgerFiles(LedgerFiles):
    """A :class:`LedgerFiles` from the cache whose less-used fields are unpickled on first read.

    It is built without calling ``__init__`` (see :func:`load`); a field of a section not yet
    loaded is absent from the instance, so Python asks :meth:`__getattr__`, which loads the
    section and stores its fields: later reads are plain attribute reads.
    """

    def __getattr__(self, name: str) -> Any:
        sections: _Sections | None = self.__dict__.get("_sections")
        for section, names in LAZY_FIELDS.items():
            if name in names and sections is not None:
                self.__dict__.update(sections.get(section))
                return self.__dict__[name]
        raise AttributeError(name)

    def __reduce__(self) -> Any:
        # Pickled (a scenario branch, a copy) as the plain dataclass it stands for.
        from dataclasses import fields

        return _rebuild_files, (tuple((f.name, getattr(self, f.name)) for f in fields(self)),)


def _rebuild_files(items: tuple[tuple[str, Any], ...]) -> LedgerFiles:
    return LedgerFiles(**dict(items))


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/terrachron``, else ``~/.cache/terrachron``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "terrachron"


def _ledger_files(root: Path, seen: set[Path]) -> Iterator[tuple[Path, Path]]:
    """(ledger root, file) for every file of the ledger at ``root`` and of what it includes."""
    root = root.resolve()
    if root in seen or not root.is_dir():
        return
    seen.add(root)
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if path.is_file() and not any(part.startswith(".") for part in rel.parts):
            yield root, path
    meta = root / "ledger.yaml"
    if meta.is_file():
        # The ledger's own reader: no type is constructed (a bad date is the reader's to report)
        # and alias bombs are refused, as for every file of a ledger.
        from terrachron.ledger.yamlpos import load_yaml

        try:
            data = load_yaml(meta.read_text(encoding="utf-8")).data
        except UnicodeDecodeError:
            return  # the reader reports it; such a ledger does not open, so is never cached
        includes = data.get("includes") if isinstance(data, dict) else None
        if isinstance(includes, list):
            from terrachron.ledger.merge import _resolve

            for ref in includes:
                found = _resolve(root, ref) if isinstance(ref, str) else None
                if found is not None:
                    yield from _ledger_files(found, seen)


def _code_fingerprint() -> bytes:
    """Size and mtime of every terrachron module: a change of code must miss the cache."""
    import terrachron

    package = os.path.dirname(terrachron.__file__)
    out = hashlib.sha256(terrachron.__version__.encode())
    found: list[tuple[str, str]] = []
    for folder, dirs, names in os.walk(package):
        dirs.sort()
        rel = os.path.relpath(folder, package)
        found.extend((rel if rel != "." else "", name) for name in names if name.endswith(".py"))
    for rel, name in sorted(found, key=lambda f: Path(f[0], f[1]).parts):
        stat = os.stat(os.path.join(package, rel, name))
        out.update(f"{Path(rel, name).as_posix()}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return out.digest()


def full_cache_key(root: Path) -> str:
    """SHA-256 over every file's path and bytes (includes too), the version and the code."""
    return _full_key(Path(root), _code_fingerprint())[0]


def _full_key(root: Path, code: bytes) -> tuple[str, list[Path]]:
    """The key, and every ledger root it read (the root itself and what it includes)."""
    hasher = hashlib.sha256(code)
    roots: list[Path] = []
    for base, path in _ledger_files(root, set()):
        if not roots or roots[-1] != base:
            roots.append(base)
        hasher.update(f"{base}\0{path.relative_to(base).as_posix()}\0".encode())
        hasher.update(path.read_bytes())
        hasher.update(b"\0")
    return hasher.hexdigest(), roots


def _stats(roots: list[Path]) -> tuple[list[list[Any]], list[list[Any]]]:
    """(folders, files): each folder's path and mtime, each file's path, size, inode, times.

    Hidden entries are skipped, as :func:`_ledger_files` skips them.
    """
    folders: list[list[Any]] = []
    files: list[list[Any]] = []
    for root in roots:
        for folder, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            folders.append([folder, os.stat(folder).st_mtime_ns])
            for name in sorted(names):
                if name.startswith("."):
                    continue
                path = os.path.join(folder, name)
                st = os.stat(path)
                files.append([path, st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns])
    return folders, files


def _manifest_path(root: Path) -> Path:
    name = hashlib.sha256(str(root).encode()).hexdigest()[:32]
    return cache_dir() / f"stat-{name}.json"


def _key_from_manifest(root: Path, code: bytes) -> str | None:
    """The key the stat manifest holds for ``root``, if nothing it lists has changed."""
    try:
        data = json.loads(_manifest_path(root).read_bytes())
        if data["code"] != code.hex():
            return None
        trusted_before = int(data["started_ns"]) - RACY_NS
        for folder, mtime in data["folders"]:
            if os.stat(folder).st_mtime_ns != mtime or mtime >= trusted_before:
                return None
        for path, size, ino, mtime, ctime in data["files"]:
            st = os.stat(path)
            if (st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns) != (size, ino, mtime, ctime):
                return None
            if max(mtime, ctime) >= trusted_before:
                return None
        key = data["key"]
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no manifest, an unreadable one, or a file gone: hash in full
    return key if isinstance(key, str) else None


def cache_key(root: Path) -> str:
    """The key of the ledger at ``root``: :func:`full_cache_key`, read from the stat manifest
    when no file or folder of the ledger changed since it was computed (see the module text)."""
    root = Path(root).resolve()
    code = _code_fingerprint()
    known = _key_from_manifest(root, code)
    if known is not None:
        return known
    started = time.time_ns()
    key, roots = _full_key(root, code)
    try:
        folders, files = _stats(roots)
    except OSError:
        return key  # a file vanished while we looked: no manifest this time
    manifest = {
        "root": str(root),
        "code": code.hex(),
        "started_ns": started,
        "key": key,
        "folders": folders,
        "files": files,
    }
    _write_atomic(_manifest_path(root), json.dumps(manifest).encode(), warn=False)
    return key


def _path(key: str) -> Path:
    return cache_dir() / f"ledger-{key}.pickle"


def _corrupt(path: Path, why: str) -> None:
    warnings.warn(f"terrachron: the compiled cache {path} {why}; rebuilding it", CacheWarning, 4)


def load(key: str) -> CompiledLedger | None:
    """The compiled ledger stored under ``key``; None on a miss or a corrupt file (warned).

    Only the ``core`` section is unpickled here; the others when first read.
    """
    path = _path(key)
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    # Offsets, not partition(): each partition would copy the rest of a 50 MB file.
    first = raw.find(b"\n") + 1
    second = raw.find(b"\n", first) + 1
    third = raw.find(b"\n", second) + 1
    if raw[:first] != _MAGIC or not 0 < second < third:
        _corrupt(path, "is corrupt")
        return None
    checksum = raw[first : second - 1]
    index_line = raw[second : third - 1]
    hasher = hashlib.sha256(index_line)
    hasher.update(memoryview(raw)[third:])
    if hasher.hexdigest().encode() != checksum:
        _corrupt(path, "is corrupt")
        return None
    try:
        index = {name: (int(a), int(b)) for name, (a, b) in json.loads(index_line).items()}
        sections = _Sections(raw, {n: (third + a, b) for n, (a, b) in index.items()}, path)
        core = sections.get("core")
        files = LazyLedgerFiles.__new__(LazyLedgerFiles)
        files.__dict__.update(core["files"])
        files.__dict__["_sections"] = sections
    except Exception as exc:
        _corrupt(path, f"does not load ({exc})")
        return None

    def geometries() -> dict[str, BaseGeometry]:
        found: dict[str, BaseGeometry] = sections.get("geometries")
        return found

    return CompiledLedger(files, geometries, core["steps"], core["heads"])


class _Pickler(pickle.Pickler):
    """Pickles frozen, slotted dataclasses as a constructor call.

    Their default state restore walks ``dataclasses.fields`` per object: 10⁵ steps and table rows
    then take seconds to load, a plain constructor call a fraction of that.
    """

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if kind in _FAST:
            return kind, tuple(getattr(obj, name) for name in _FAST[kind])
        return NotImplemented


def _fast_types() -> dict[type, tuple[str, ...]]:
    from dataclasses import fields

    from terrachron.dates import EdtfDate
    from terrachron.engine.compiled import InstrumentHead, Step
    from terrachron.errors import Problem
    from terrachron.ledger.tables import TableRow

    kinds: tuple[type, ...] = (EdtfDate, Step, Problem, TableRow, InstrumentHead)
    return {k: tuple(f.name for f in fields(k)) for k in kinds}


_FAST: dict[type, tuple[str, ...]] = {}


def _dumps(value: Any) -> bytes:
    import io

    if not _FAST:
        _FAST.update(_fast_types())
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def _sections(compiled: CompiledLedger) -> dict[str, Any]:
    files = compiled.files
    geometries = compiled.geometries
    if callable(geometries):
        geometries = geometries()
    return {
        "core": {
            "files": {name: getattr(files, name) for name in CORE_FIELDS},
            "steps": compiled.steps,
            "heads": compiled.heads,
        },
        "geometries": dict(geometries),
        **{
            section: {name: getattr(files, name) for name in names}
            for section, names in LAZY_FIELDS.items()
        },
    }


def _write_atomic(target: Path, data: bytes, *, warn: bool = True) -> bool:
    folder = target.parent
    tmp: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".ledger-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, target)  # a reader sees the old file or the new one, never half
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        if warn:
            warnings.warn(
                f"terrachron: cannot write the compiled cache in {folder} ({exc.strerror}); "
                "opening without it (set XDG_CACHE_HOME to a writable folder)",
                CacheWarning,
                stacklevel=4,
            )
        return False
    return True


def store(key: str, compiled: CompiledLedger) -> Path | None:
    """Save ``compiled`` under ``key`` atomically; None (warned) when the folder is unwritable.

    Each section is pickled on its own, so that :func:`load` can unpickle one without the others.
    """
    index: dict[str, tuple[int, int]] = {}
    chunks: list[bytes] = []
    offset = 0
    for name, value in _sections(compiled).items():
        chunk = _dumps(value)
        index[name] = (offset, len(chunk))
        chunks.append(chunk)
        offset += len(chunk)
    index_line = json.dumps(index).encode()
    payload = b"".join(chunks)
    hasher = hashlib.sha256(index_line)
    hasher.update(payload)
    checksum = hasher.hexdigest().encode()
    data = b"".join((_MAGIC, checksum, b"\n", index_line, b"\n", payload))
    return _path(key) if _write_atomic(_path(key), data) else None
