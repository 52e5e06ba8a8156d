"""Writing an imported ledger folder: all of it or nothing.

The folder is built next to its destination under a temporary name and renamed into place only
when every file is written; a failure leaves the destination as it was. An existing destination
is replaced only when asked (``replace=True``), and then through a rename as well.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import shapely
import yaml

from terrachron.errors import LedgerWriteError
from terrachron.ledger.tables import (
    EffectRow,
    PlaceRow,
    write_effects_table,
    write_places_table,
)

__all__ = ["ImportWriteError", "InstrumentSpec", "SourceSpec", "write_ledger"]


class ImportWriteError(LedgerWriteError):
    """An imported ledger could not be written; the destination is left as it was."""

    def __init__(self, message: str) -> None:
        super().__init__(message, ())


@dataclass(frozen=True)
class SourceSpec:
    """A source record of an imported ledger (a data file, usually)."""

    id: str
    title: str
    url: str
    note: str
    authors: tuple[str, ...] = ()
    published: str | None = None
    sha256: str | None = None


@dataclass(frozen=True)
class InstrumentSpec:
    """An instrument record whose effects live in the effects table."""

    id: str
    title: str
    date: str
    summary: str
    sources: tuple[tuple[str, str], ...]
    """(source id, locator) pairs."""
    kind: str = "other"


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _dump(path: Path, data: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(text, encoding="utf-8")


def _write_tables(root: Path, places: Sequence[PlaceRow], effects: Sequence[EffectRow]) -> None:
    # Normalised, so that the same import writes the same bytes (vertex order and ring start
    # are otherwise up to GEOS).
    write_places_table(root, [replace(p, geometry=shapely.normalize(p.geometry)) for p in places])
    write_effects_table(root, effects)


def write_ledger(
    dest: Path,
    *,
    meta: Mapping[str, Any],
    polities: Iterable[Mapping[str, Any]],
    sources: Iterable[SourceSpec],
    instruments: Iterable[InstrumentSpec],
    places: Sequence[PlaceRow],
    effects: Sequence[EffectRow],
    extra_files: Mapping[str, str] | None = None,
    replace: bool = False,
) -> Path:
    """Write a ledger folder at ``dest`` atomically.

    Parameters
    ----------
    dest : Path
        The ledger folder to create.
    meta : mapping
        The content of ``ledger.yaml``.
    polities, sources, instruments
        The YAML records.
    places, effects
        The rows of ``tables/places.parquet`` and ``tables/effects.parquet``.
    extra_files : mapping, optional
        Further text files (relative path → text), e.g. a README and a LICENSE.
    replace : bool, default False
        Replace an existing ``dest``; otherwise an existing non-empty folder is an error.

    Raises
    ------
    ImportWriteError
        When ``dest`` exists (and ``replace`` is False) or a file cannot be written.
    """
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()) and not replace:
        raise ImportWriteError(
            f"{dest} exists and is not empty; choose a new folder or pass --replace"
        )
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    try:
        _dump(staging / "ledger.yaml", dict(meta))
        _dump(staging / "polities" / "imported.yaml", list(polities))
        _dump(
            staging / "sources" / "imported.yaml",
            [
                {
                    "id": s.id,
                    "kind": "dataset",
                    "title": s.title,
                    **({"authors": list(s.authors)} if s.authors else {}),
                    **({"published": s.published} if s.published else {}),
                    "url": s.url,
                    **({"sha256": s.sha256} if s.sha256 else {}),
                    "note": s.note,
                }
                for s in sources
            ],
        )
        for inst in instruments:
            _dump(
                staging / "instruments" / f"{inst.id}.yaml",
                {
                    "id": inst.id,
                    "kind": inst.kind,
                    "title": inst.title,
                    "date": inst.date,
                    "summary": inst.summary,
                    "sources": [{"source": s, "locator": loc} for s, loc in inst.sources],
                },
            )
        _write_tables(staging, places, effects)
        for rel, text in (extra_files or {}).items():
            path = staging / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        os.chmod(staging, 0o755)
        if dest.exists():
            old = dest.with_name(f".{dest.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(dest, old)
            os.replace(staging, dest)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, dest)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise ImportWriteError(f"could not write {dest}: {exc}; nothing was changed") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return dest


def dumps_json(value: object) -> str:
    """Compact, stable JSON for table cells."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
