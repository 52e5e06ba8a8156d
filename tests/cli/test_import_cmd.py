"""``terrachron import``, run as a user runs it: a real subprocess of the console script."""

from __future__ import annotations

import json
from pathlib import Path

from ..conftest import DATA
from .test_cli import run

FIXTURES = DATA / "importers"


def test_import_cshapes_then_cow_then_query(tmp_path: Path) -> None:
    base, out = tmp_path / "cshapes", tmp_path / "with-cow"
    first = run("import", "cshapes", str(FIXTURES / "cshapes-cow.geojson"), "-o", str(base))
    assert first.returncode == 0, first.stderr
    assert "4 polities, 4 places" in first.stdout
    second = run(
        "import", "cow", str(FIXTURES / "tc-germany.csv"), "--base", str(base), "-o", str(out)
    )
    assert second.returncode == 0, second.stderr
    assert "2 unmatched" in second.stdout
    assert "unmatched row 3 (line 4) #3 Saar 1957-01" in second.stdout
    status = run(
        "status", "germany-german-democratic-republic", "1990-10-15", "-l", str(out), "--json"
    )
    assert status.returncode == 0, status.stderr
    data = json.loads(status.stdout)
    assert data["controller"] == "germany"
    assert [link["instrument"] for link in data["chain"]][-2:] == [
        "cow-tc-4",
        "cshapes-cow255-1990-10-03",
    ]


def test_bad_input_is_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    bad = FIXTURES / "bad" / "cshapes-invalid-polygon.geojson"
    out = run("import", "cshapes", str(bad), "-o", str(tmp_path / "x"))
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert f"{bad}: feature 1 (Arvenia): invalid polygon" in out.stderr
    assert "nothing was written" in out.stderr
    assert not (tmp_path / "x").exists()


def test_cow_needs_a_base(tmp_path: Path) -> None:
    out = run("import", "cow", str(FIXTURES / "tc-germany.csv"), "-o", str(tmp_path / "x"))
    assert out.returncode == 2
    assert "needs --base LEDGER" in out.stderr
