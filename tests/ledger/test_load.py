"""Loading a ledger: what the content hash covers, and files too large to read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import terrachron
from terrachron.ledger.load import MAX_YAML_BYTES

from ..conftest import MINI


def test_content_hash_covers_geometry_files(tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    before = terrachron.open_ledger(root).content_hash
    path = root / "geometry" / "north.geojson"
    path.write_text(path.read_text(encoding="utf-8").replace("11.0, 2.0", "11.0, 2.5"))
    assert terrachron.open_ledger(root).content_hash != before


def _comment_file(path: Path, size: int) -> None:
    """A YAML file of exactly ``size`` bytes holding only comments (so, no record)."""
    line = b"# " + b"x" * 1021 + b"\n"
    whole, rest = divmod(size, len(line))
    path.write_bytes(line * whole + (b"#" * (rest - 1) + b"\n" if rest else b""))
    assert path.stat().st_size == size


@pytest.mark.parametrize("name", ["places/huge.yaml", "ledger.yaml"])
def test_a_file_over_8_mib_is_refused_by_its_size_before_it_is_read(
    tmp_path: Path, name: str
) -> None:
    # Issue 15: a 50 MB file took 19 s and 0.9 GB to be refused with a hint about aliases.
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    _comment_file(root / name, MAX_YAML_BYTES + 1)
    _, problems = terrachron.check_ledger(root)
    assert [(p.location, p.rule) for p in problems] == [(f"{name}:1:1", "file-size")]
    assert "split its records" in problems[0].hint
    assert f"{MAX_YAML_BYTES + 1:,} bytes" in problems[0].message


def test_a_file_of_exactly_8_mib_is_read(tmp_path: Path) -> None:
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    _comment_file(root / "places" / "huge.yaml", MAX_YAML_BYTES)
    _, problems = terrachron.check_ledger(root)
    assert [(p.location, p.rule) for p in problems] == [("places/huge.yaml:1:1", "empty-file")]
