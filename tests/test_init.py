"""The package root: its exports, its version, and what importing it (or starting the CLI) loads."""

from __future__ import annotations

import importlib.metadata
import json
import subprocess
import sys

import pytest

import terrachron

# What issue 16 keeps out of `import terrachron`: each extra, and numba (compiled on first use).
HEAVY = ("spacy", "dask", "distributed", "numba", "fastapi", "uvicorn")
# And what --help and --version have no use for: the engine and the geometry stack. (Not
# pydantic: typer itself uses it to convert a command's parameters.)
ENGINE = ("terrachron.query", "numpy", "shapely", "pandas", "edtf")


def _loaded_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code`` (its output discarded)."""
    probe = (
        "import contextlib as c, io, json, sys\n"
        "with c.redirect_stdout(io.StringIO()), c.redirect_stderr(io.StringIO()):\n"
        f"    exec({code!r})\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=300
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


def _cli(*argv: str) -> str:
    return (
        f"import sys\nsys.argv = ['terrachron', *{list(argv)!r}]\n"
        "from terrachron.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
    )


def test_importing_terrachron_loads_no_extra_and_not_the_engine() -> None:
    loaded = _loaded_after("import terrachron")
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))
    assert loaded.isdisjoint((*ENGINE, "pydantic", "typer")), sorted(loaded & {*ENGINE, "pydantic"})


@pytest.mark.parametrize("argv", [("--help",), ("--version",), ("status", "--help")])
def test_help_and_version_load_neither_the_engine_nor_an_extra(argv: tuple[str, ...]) -> None:
    loaded = _loaded_after(_cli(*argv))
    # The probe did run the command line (a bare --version is answered before Typer loads).
    assert "terrachron.cli" in loaded
    assert ("terrachron.cli.app" in loaded) is (argv != ("--version",))
    assert loaded.isdisjoint(HEAVY + ENGINE), sorted(loaded & set(HEAVY + ENGINE))


def test_status_loads_the_engine_but_no_extra() -> None:
    loaded = _loaded_after(_cli("status", "etorofu", "1950-01-01"))
    assert "terrachron.query" in loaded
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_every_exported_name_resolves_to_its_definition() -> None:
    for name in terrachron.__all__:
        value = getattr(terrachron, name)
        if name != "__version__":
            assert value.__name__ == name, name
    assert set(terrachron.__all__) <= set(dir(terrachron))
    with pytest.raises(AttributeError, match="no attribute 'no_such_name'"):
        _ = terrachron.no_such_name  # type: ignore[attr-defined]


def test_the_version_is_the_installed_metadata() -> None:
    assert terrachron.__version__ == importlib.metadata.version("terrachron")
    done = subprocess.run(
        [sys.executable, "-m", "terrachron", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout == f"terrachron {terrachron.__version__}\n"
    # The Typer app declares the same option (for --help), and answers it the same way.
    typer_path = (
        "import sys; sys.argv[1:] = ['--version']; from terrachron.cli.app import main; main()"
    )
    done = subprocess.run(
        [sys.executable, "-c", typer_path], capture_output=True, text=True, check=True
    )
    assert done.stdout == f"terrachron {terrachron.__version__}\n"
