"""How fast ``terrachron`` starts (``--version``, ``--help``, ``status``), against bare Python.

Each command runs as a user runs it (the console script of this interpreter's environment, a
new process each time), ``--warmup`` times unmeasured and then ``--runs`` times; like hyperfine
it prints the median and the minimum wall time of each, and the ratio of the median to the
median of ``python -c pass`` in the same run (the floor: an interpreter that starts and exits).

Three more rows give the scale: ``import terrachron`` (the package root alone), the top-level
help rendered by Typer's own help module (what ``--help`` ran before ``cli/help.py``), and
``eager``, a process that imports what every call imported before issue 16 deferred it (the
engine, the web server, spaCy, Dask and the command line's rich help). The targets of issue 16 are
``--version`` and ``--help`` ≤ 0.3 s and ``status`` ≤ 0.6 s; each row says whether its median
meets its target.

The environment is the caller's except ``PYTHONDONTWRITEBYTECODE``, which is removed: an
installed package starts from bytecode (pip and ``uv sync --compile-bytecode`` write it), and
a source tree writes its own on the warm-up runs.

Run from the repository root::

    .venv/bin/python bench/startup.py [--runs 15] [--warmup 2] [--markdown]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

MAX_RUNS = 1000


@dataclass(frozen=True)
class Case:
    """One command line timed, and the median it should stay under (None: no target)."""

    name: str
    argv: tuple[str, ...]
    target_s: float | None = None


@dataclass(frozen=True)
class Timing:
    """The wall times of one case's measured runs, in seconds."""

    case: Case
    seconds: tuple[float, ...]
    cpu_seconds: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def minimum(self) -> float:
        return min(self.seconds)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu_seconds)


EAGER = (
    "import terrachron.query, terrachron.results, terrachron.scenarios.metrics, "
    "terrachron.io.export, terrachron.api, terrachron.extract, terrachron.dask, typer.rich_utils"
)


# The top-level help as Typer renders it (typer.rich_utils), which `terrachron --help` did until
# cli/help.py drew the same panels without it: the obvious alternative, in the same run.
TYPER_HELP = (
    "import sys; sys.argv = ['terrachron', '--help']; from terrachron.cli.app import app\n"
    "try:\n    app()\nexcept SystemExit:\n    pass\n"
)


def cases() -> list[Case]:
    """The command lines timed, the console script taken from this interpreter's environment."""
    python = sys.executable
    script = str(Path(python).with_name("terrachron"))
    return [
        Case("python -c pass", (python, "-c", "pass")),
        Case("import terrachron", (python, "-c", "import terrachron")),
        Case("terrachron --version", (script, "--version"), 0.3),
        Case("terrachron --help", (script, "--help"), 0.3),
        Case("the same help drawn by Typer (before)", (python, "-c", TYPER_HELP)),
        Case(
            "terrachron status etorofu 1950-01-01", (script, "status", "etorofu", "1950-01-01"), 0.6
        ),
        Case(
            "terrachron status etorofu 1950-01-01 --json",
            (script, "status", "etorofu", "1950-01-01", "--json"),
            0.6,
        ),
        Case("eager imports (before issue 16)", (python, "-c", EAGER)),
    ]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_once(case: Case, env: dict[str, str]) -> tuple[float, float]:
    """Run the case once: its wall time and its CPU time (user + system), in seconds.

    The CPU time is what the process itself used, which other processes on a busy machine
    inflate far less than the wall time. A failing command stops the benchmark.
    """
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(case.argv, env=env, capture_output=True, check=False)
    elapsed = time.perf_counter() - start
    cpu = _children_cpu() - cpu
    if done.returncode != 0:
        stderr = done.stderr.decode(errors="replace").strip()
        raise SystemExit(f"error: {case.name!r} exited {done.returncode}: {stderr}")
    return elapsed, cpu


def measure(case: Case, runs: int, warmup: int, env: dict[str, str]) -> Timing:
    """Warm the case up (caches, bytecode), then time ``runs`` runs of it."""
    for _ in range(warmup):
        run_once(case, env)
    runs_done = [run_once(case, env) for _ in range(runs)]
    return Timing(case, tuple(w for w, _ in runs_done), tuple(c for _, c in runs_done))


def report(timings: list[Timing], *, markdown: bool) -> str:
    """The table: median, minimum, ratio to ``python -c pass``, and the target each meets."""
    floor = timings[0].median
    head = ("command", "median s", "min s", "CPU s (median)", "× python -c pass", "target")
    rows = []
    for t in timings:
        target = t.case.target_s
        verdict = (
            "—"
            if target is None
            else f"≤ {target} s " + ("met" if t.median <= target else "MISSED")
        )
        rows.append(
            (
                t.case.name,
                f"{t.median:.3f}",
                f"{t.minimum:.3f}",
                f"{t.cpu_median:.3f}",
                f"{t.median / floor:.1f}",
                verdict,
            )
        )
    if markdown:
        lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(r) + " |" for r in rows]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    return "\n".join(
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) for r in [head, *rows]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=15, help="measured runs per command")
    parser.add_argument("--warmup", type=int, default=2, help="unmeasured runs first")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = parser.parse_args()
    if not 1 <= args.runs <= MAX_RUNS or not 0 <= args.warmup <= MAX_RUNS:
        parser.error(f"--runs must be 1..{MAX_RUNS} and --warmup 0..{MAX_RUNS}")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    timings = [measure(c, args.runs, args.warmup, env) for c in cases()]
    print(report(timings, markdown=args.markdown))
    load = os.getloadavg()[0]
    print(
        f"\n{args.runs} runs each after {args.warmup} warm-up; "
        f"{os.cpu_count()} CPUs, load average {load:.1f}"
    )


if __name__ == "__main__":
    main()
