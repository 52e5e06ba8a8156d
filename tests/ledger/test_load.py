"""Loading a ledger: what the content hash covers."""

from __future__ import annotations

import shutil
from pathlib import Path

import terrachron

from ..conftest import MINI


def test_content_hash_covers_geometry_files(tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    before = terrachron.open_ledger(root).content_hash
    path = root / "geometry" / "north.geojson"
    path.write_text(path.read_text(encoding="utf-8").replace("11.0, 2.0", "11.0, 2.5"))
    assert terrachron.open_ledger(root).content_hash != before
