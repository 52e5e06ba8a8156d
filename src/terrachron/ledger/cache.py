"""The compiled-ledger cache: a validated ledger saved once, opened again in a fraction of the time.

Reading, validating and compiling a world ledger (10⁴ places, 10⁵ effects) takes far longer than
loading the result. The result is kept in the user's cache folder (``$XDG_CACHE_HOME/terrachron``,
else ``~/.cache/terrachron``), which a read-only install can still write, under a key that is a
SHA-256 over the bytes of every file of the ledger and of every ledger it includes, the
terrachron version and its modules: any change to the data or the code misses the cache.

A cache file is written atomically (temporary file, then rename) and starts with a checksum of
its payload; a file that fails the checksum or does not load is rebuilt with a one-line warning.
When the folder cannot be written, the ledger opens without the cache, with a one-line warning.

The payload is a pickle: it is only ever read from the user's own cache folder, which only the
user's own processes write.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["CacheWarning", "CompiledLedger", "cache_dir", "cache_key", "load", "store"]

_MAGIC = b"terrachron-compiled-ledger 1\n"


class CacheWarning(UserWarning):
    """The compiled cache could not be used (unwritable folder, corrupt file); nothing is lost."""


@dataclass(frozen=True)
class CompiledLedger:
    """What :func:`terrachron.open_ledger` rebuilds a :class:`~terrachron.Ledger` from."""

    files: Any  # LedgerFiles
    geometries: Any  # dict[str, BaseGeometry]
    steps: Any  # list[Step]


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

    package = Path(terrachron.__file__).parent
    out = hashlib.sha256(terrachron.__version__.encode())
    for path in sorted(package.rglob("*.py")):
        stat = path.stat()
        out.update(f"{path.relative_to(package)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
    return out.digest()


def cache_key(root: Path) -> str:
    """SHA-256 over every file's path and bytes (includes too), the version and the code."""
    hasher = hashlib.sha256(_code_fingerprint())
    for base, path in _ledger_files(Path(root), set()):
        hasher.update(f"{base}\0{path.relative_to(base).as_posix()}\0".encode())
        hasher.update(path.read_bytes())
        hasher.update(b"\0")
    return hasher.hexdigest()


def _path(key: str) -> Path:
    return cache_dir() / f"ledger-{key}.pickle"


def load(key: str) -> CompiledLedger | None:
    """The compiled ledger stored under ``key``; None on a miss or a corrupt file (warned)."""
    path = _path(key)
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    head, _, rest = raw.partition(b"\n")
    checksum, _, payload = rest.partition(b"\n")
    if head + b"\n" != _MAGIC or hashlib.sha256(payload).hexdigest().encode() != checksum:
        warnings.warn(
            f"terrachron: the compiled cache {path} is corrupt; rebuilding it",
            CacheWarning,
            stacklevel=3,
        )
        return None
    try:
        value = pickle.loads(payload)  # the user's own cache folder, and checksummed
    except Exception as exc:
        warnings.warn(
            f"terrachron: the compiled cache {path} does not load ({exc}); rebuilding it",
            CacheWarning,
            stacklevel=3,
        )
        return None
    return value if isinstance(value, CompiledLedger) else None


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
    from terrachron.engine.compiled import Step
    from terrachron.errors import Problem
    from terrachron.ledger.tables import TableRow

    kinds: tuple[type, ...] = (EdtfDate, Step, Problem, TableRow)
    return {k: tuple(f.name for f in fields(k)) for k in kinds}


_FAST: dict[type, tuple[str, ...]] = {}


def _dumps(value: Any) -> bytes:
    import io

    if not _FAST:
        _FAST.update(_fast_types())
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def store(key: str, compiled: CompiledLedger) -> Path | None:
    """Save ``compiled`` under ``key`` atomically; None (warned) when the folder is unwritable."""
    folder = cache_dir()
    payload = _dumps(compiled)
    checksum = hashlib.sha256(payload).hexdigest().encode()
    tmp: str | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".ledger-", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as out:
            out.write(_MAGIC + checksum + b"\n" + payload)
        os.replace(tmp, _path(key))  # a reader sees the old file or the new one, never half
    except OSError as exc:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        warnings.warn(
            f"terrachron: cannot write the compiled cache in {folder} ({exc.strerror}); "
            "opening without it (set XDG_CACHE_HOME to a writable folder)",
            CacheWarning,
            stacklevel=3,
        )
        return None
    return _path(key)
