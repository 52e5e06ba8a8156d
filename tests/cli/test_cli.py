"""The command line, run as a user runs it: a real subprocess of the console script."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ..conftest import MINI

EXE = Path(sys.executable).parent / "terrachron"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EXE), *args], capture_output=True, text=True, timeout=120, check=False
    )


def test_status_json_has_the_documented_keys() -> None:
    out = run("status", "kunashiri", "1950-01-01", "--view", "japan", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    for key in (
        "place",
        "date",
        "view",
        "controller",
        "title",
        "claimants",
        "status",
        "disputed",
        "occupied",
        "uncertain",
        "alternatives",
        "pending",
        "chain",
    ):
        assert key in data
    assert data["controller"] == "soviet-union"
    assert data["title"] == "japan"
    assert sorted(data["claimants"]) == ["japan", "soviet-union"]
    assert data["status"] == "disputed"
    assert data["occupied"] is True
    assert any(
        c["instrument"] == "soviet-incorporation-decree-1946" and not c["recognized"]
        for c in data["chain"]
    )


def test_joint_control_is_a_list_in_json() -> None:
    data = json.loads(run("status", "north-sakhalin", "1870-01-01", "--json").stdout)
    assert data["controller"] == ["japan", "russian-empire"]


def test_status_human_output_names_the_instruments() -> None:
    # The Habomai islets fell some time between 3 and 5 September 1945.
    out = run("status", "Хабомаи", "1945-09-04")
    assert out.returncode == 0
    assert "uncertain" in out.stdout
    assert "possible answers on this date" in out.stdout


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("status", "atlantis", "1950-01-01"), "unknown place"),
        (("status", "kunashri", "1950-01-01"), "did you mean"),
        (("status", "kunashiri", "1950-02-30"), "names no real day"),
        (("status", "kunashiri", "yesterday"), "not a valid EDTF date"),
        (("status", "kunashiri", "1950", "--view", "mars"), "unknown view"),
        (("timeline", "atlantis"), "unknown place"),
        (("explain", "kunashiri", "1950-01-01", "--view", "mars"), "unknown view"),
        (("status", "kunashiri", "1950", "--ledger", "/nonexistent/ledger"), "not a folder"),
    ],
)
def test_errors_print_one_line_and_exit_2(args: tuple[str, ...], needle: str) -> None:
    out = run(*args)
    assert out.returncode == 2
    assert needle in out.stderr
    assert "Traceback" not in out.stderr + out.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("status", "kunashiri", "Y99999999999"),
        ("snapshot", "Y-99999999999"),
        ("disputes", "Y12000"),
    ],
)
def test_a_date_out_of_range_is_one_line_and_exit_2(args: tuple[str, ...]) -> None:
    # Issue 15: Y99999999999 was an OverflowError traceback.
    out = run(*args)
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        f"error: {args[-1]!r} lies outside the years 1 to 9999 that terrachron represents; "
        "ask about a date in that range"
    ]


def test_every_command_runs_on_the_bundled_ledger() -> None:
    for args in (
        ("timeline", "kunashiri", "--view", "russia"),
        ("explain", "shikotan", "2019-02-12", "--view", "japan"),
        ("snapshot", "1950-01-01", "--view", "japan"),
        ("disputes", "2019-02-12"),
        ("places",),
        ("instruments",),
        ("views",),
        ("tour",),
    ):
        out = run(*args)
        assert out.returncode == 0, (args, out.stderr)
        assert out.stdout.strip()


def test_snapshot_formats() -> None:
    rows = json.loads(run("snapshot", "2019-02-12", "--format", "json").stdout)
    assert {r["place"] for r in rows} >= {"etorofu", "hokkaido"}
    csv_out = run("snapshot", "2019-02-12", "--format", "csv").stdout.splitlines()
    assert csv_out[0].startswith("place,date,view,controller")
    assert len(csv_out) == len(rows) + 1


def test_timeline_json_and_explain_json() -> None:
    tl = json.loads(run("timeline", "kunashiri", "--view", "japan", "--json").stdout)
    assert tl["periods"][0]["start"] is None
    assert tl["periods"][-1]["end"] is None
    ex = json.loads(run("explain", "kunashiri", "1950-01-01", "--view", "japan", "--json").stdout)
    assert ex["other_views"]["russia"]["title"] == "soviet-union"


def test_validate_clean_ledgers_exit_0() -> None:
    assert run("validate").returncode == 0
    assert run("validate", str(MINI)).returncode == 0


def test_other_ledger_via_option() -> None:
    data = json.loads(run("status", "north", "1925-01-01", "--ledger", str(MINI), "--json").stdout)
    assert data["controller"] == "alda"


def test_schema_command_writes_every_kind(tmp_path: Path) -> None:
    out = run("schema", "--out", str(tmp_path))
    assert out.returncode == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(
        f"{k}.schema.json"
        for k in ("polities", "places", "groups", "instruments", "views", "sources", "scenario")
    )
