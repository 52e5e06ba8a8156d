"""Is a change to the extractor behaviour-neutral? Snapshot its output and compare.

``record DIR`` runs ``terrachron extract --format json`` (the real command, one process per
article) on every gold article with the gold file's publication date and ledger, and
``bench/extract.py -v``, and writes what they print into ``DIR``. ``compare DIR`` does the same
into a fresh folder and compares byte for byte; the benchmark's two timing figures are masked
(they differ run to run), every other figure must be equal. From the repository root::

    .venv/bin/python bench/extract_snapshot.py record bench/.data/before
    # ... change the extractor ...
    .venv/bin/python bench/extract_snapshot.py compare bench/.data/before

Exits 1 and names the files that differ when the output changed.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from terrachron.extract.evaluate import LoadedGold, load_gold

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "extract" / "gold"
BIN = Path(sys.executable).parent
# "extraction time 1.23 s" and "...: 0.456 s (best of 3)": the only figures that are timings.
_TIMING = re.compile(r"\d+\.\d+ s\b")


def _extract(item: LoadedGold) -> tuple[str, bytes]:
    # Relative to the repository, so that two checkouts side by side write the same paths.
    article = os.path.relpath(item.text_path, ROOT)
    cmd = [str(BIN / "terrachron"), "extract", article, "--format", "json"]
    if item.gold.published:
        cmd += ["--published", item.gold.published]
    if item.ledger_path is not None:
        cmd += ["--ledger", os.path.relpath(item.ledger_path, ROOT)]
    done = subprocess.run(cmd, capture_output=True, check=False, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{done.stderr.decode()}")
    return f"{item.name}.json", done.stdout


def _bench() -> tuple[str, bytes]:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "extract.py"), "-v"],
        capture_output=True,
        check=True,
        cwd=ROOT,
    )
    return "bench.txt", _TIMING.sub("<timing>", done.stdout.decode()).encode()


def record(folder: Path) -> None:
    """Write every gold article's draft and the benchmark's output into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    items = [i for i in load_gold(GOLD) if i.text_path.is_file()]
    with ThreadPoolExecutor(max_workers=2) as pool:
        outputs = list(pool.map(_extract, items))
    outputs.append(_bench())
    for name, data in outputs:
        (folder / name).write_bytes(data)
    print(f"recorded {len(outputs)} files in {folder}")


def compare(before: Path) -> int:
    """Record afresh and compare with ``before``; 0 when every file is byte-identical."""
    with tempfile.TemporaryDirectory() as tmp:
        after = Path(tmp)
        record(after)
        names = sorted({p.name for p in before.iterdir()} | {p.name for p in after.iterdir()})
        differ = [
            n
            for n in names
            if not (before / n).is_file()
            or not (after / n).is_file()
            or (before / n).read_bytes() != (after / n).read_bytes()
        ]
    for n in differ:
        print(f"differs: {n}")
    print(f"{len(names) - len(differ)} of {len(names)} files byte-identical")
    return 1 if differ else 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("record", "compare"):
        raise SystemExit("usage: extract_snapshot.py record|compare DIR")
    if sys.argv[1] == "record":
        record(Path(sys.argv[2]))
    else:
        sys.exit(compare(Path(sys.argv[2])))
