"""``terrachron scenario ...`` and ``--scenario`` on the command line.

``scenario list`` and ``scenario compare`` (table, JSON, CSV) run as a user runs them, as real
subprocesses started side by side; the other commands run in-process through Typer's runner,
since each subprocess pays the start-up of the whole command line.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from terrachron.cli import query_cmds, scenario_cmds  # noqa: F401 - registers the commands
from terrachron.cli.app import app

from ..conftest import DATA, MINI

EXE = Path(sys.executable).parent / "terrachron"
ALL = ["two-islands", "two-plus-joint", "three-islands", "four-islands", "area-split"]
BAD = DATA / "scenarios" / "bad-split-line"
Runs = dict[str, subprocess.CompletedProcess[str]]
RUNNER = CliRunner()


@pytest.fixture(scope="module")
def runs() -> Runs:
    """``scenario list`` and ``scenario compare`` in every format, as real subprocesses."""
    commands = {
        "list": ["scenario", "list"],
        "table": ["scenario", "compare", *ALL],
        "json": ["scenario", "compare", *ALL, "--format", "json"],
        "csv": ["scenario", "compare", *ALL, "--format", "csv", "--no-maritime"],
    }
    procs = {
        name: subprocess.Popen(
            [str(EXE), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for name, args in commands.items()
    }
    out: Runs = {}
    for name, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=300)
        out[name] = subprocess.CompletedProcess(proc.args, proc.returncode, stdout, stderr)
    return out


def invoke(*args: str) -> Result:
    """The other commands, run in-process (the same Typer app, without a new interpreter)."""
    return RUNNER.invoke(app, list(args))


def test_scenario_list(runs: Runs) -> None:
    assert runs["list"].returncode == 0, runs["list"].stderr
    for name in ALL:
        assert name in runs["list"].stdout
    data = json.loads(invoke("scenario", "list", "--json").stdout)
    assert [d["name"] for d in data] == sorted(ALL)
    assert all(d["first_date"] == "2030-01-01" and d["sources"] for d in data)


def test_compare_table_has_a_column_per_scenario(runs: Runs) -> None:
    out = runs["table"]
    assert out.returncode == 0, out.stderr
    header = next(line for line in out.stdout.splitlines() if "metric" in line)
    for name in ["baseline", *ALL]:
        assert name in header
    assert "50.00 %" in out.stdout
    assert "not a delimitation" in out.stdout


def test_compare_json(runs: Runs) -> None:
    out = runs["json"]
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert [c["name"] for c in data["columns"]] == ["baseline", *ALL]
    assert data["maritime"]["computed"] is True
    split = data["columns"][-1]
    assert split["views"]["japan"]["disputed_share"]["japan"] == pytest.approx(0.5, abs=1e-4)
    assert split["disputes"]["ended"] == ["etorofu", "habomai", "kunashiri", "shikotan"]
    sea = data["columns"][0]["views"]["de-facto"]["sea_km2"]
    assert sum(sea.values()) == pytest.approx(data["columns"][0]["sea_km2"], rel=1e-5)


def test_compare_csv(runs: Runs) -> None:
    out = runs["csv"]
    assert out.returncode == 0, out.stderr
    rows = list(csv.reader(io.StringIO(out.stdout)))
    assert rows[0] == ["metric", "label", "unit", "baseline", *ALL]
    by_key = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert float(by_key["japan.disputed_share.japan"]["baseline"]) == 100.0
    assert float(by_key["japan.disputed_share.japan"]["area-split"]) == pytest.approx(50, abs=0.01)
    assert by_key["disputes.remaining"]["two-plus-joint"] == "etorofu, kunashiri"
    assert by_key["disputes.remaining"]["two-islands"] == ""
    assert not any(key.startswith("note.") for key in by_key)  # no maritime, no caveat


def test_query_commands_take_scenario() -> None:
    out = invoke("status", "shikotan", "2031-01-01", "-v", "russia", "-s", "two-islands", "--json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["title"] == "japan"
    assert data["pending"] == []
    assert data["chain"][-1]["hypothetical"] is True
    table = invoke("timeline", "etorofu-northeast", "--view", "japan", "-s", "area-split")
    assert table.exit_code == 0, table.output
    assert "scenario area-split" in table.stdout
    # Which effects open the last period is read from the JSON: in the table the ids wrap at
    # whatever width the other columns leave them.
    periods = json.loads(
        invoke(
            "timeline", "etorofu-northeast", "--view", "japan", "-s", "area-split", "--json"
        ).stdout
    )["periods"]
    assert any(c.startswith("peace-treaty-area-") for c in periods[-1]["caused_by"])


def test_a_bad_scenario_fails_with_file_and_line() -> None:
    bad = invoke("status", "north", "1960", "--ledger", str(MINI), "--scenario", str(BAD))
    assert bad.exit_code == 2
    assert "the scenario" in bad.stderr
    assert "does not load" in bad.stderr
    assert f"{BAD.as_posix()}/scenario.yaml:11:3: error[split-line]" in bad.stderr.replace("\n", "")
    check = invoke("scenario", "validate", str(BAD), "--ledger", str(MINI))
    assert check.exit_code == 1
    assert "split-line" in check.stderr  # errors go to stderr, as `terrachron validate` does
    good = invoke("scenario", "validate", "area-split")
    assert good.exit_code == 0, good.output
    assert "0 error(s), 0 warning(s)" in good.stdout
    unknown = invoke("status", "habomai", "2031", "-s", "no-such-scenario")
    assert unknown.exit_code == 2
    assert "unknown scenario" in unknown.stderr


def test_scenario_map_writes_geojson(tmp_path: Path) -> None:
    target = tmp_path / "split.geojson"
    out = invoke("scenario", "map", "area-split", "-v", "japan", "--no-maritime", "-o", str(target))
    assert out.exit_code == 0, out.output
    data = json.loads(target.read_text(encoding="utf-8"))
    layers = {f["properties"]["layer"] for f in data["features"]}
    assert layers == {"land", "split-line"}
    assert data["properties"]["scenario"] == "area-split"
