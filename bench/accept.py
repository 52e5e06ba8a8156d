"""What the safe `accept` costs: staged, validated, all-or-nothing against writing files directly.

For a draft of N new sources, accepted into a fresh copy of a ledger each round, it times:

- ``accept``: the real :func:`terrachron.extract.draft.accept` (stage with fsync, validate the
  ledger before and with the files, move into place, fsync the folders);
- ``direct``: the obvious alternative, what ``accept`` did before issue 15: read the ids of
  the ledger's files, then one ``Path.write_text`` per record, no fsync, no validation;

and prints the median of each and their ratio. Most of the difference is the two validations of
the ledger, so it grows with the ledger, not the draft.

Run from the repository root::

    .venv/bin/python bench/accept.py [--records 40] [--rounds 5] [--ledger PATH]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from terrachron.extract.draft import _yaml, accept
from terrachron.query import _bundled_path

MAX_RECORDS = 10_000


def _draft(count: int) -> dict[str, Any]:
    sources = [
        {"id": f"bench-article-{i:05d}", "kind": "article", "title": f"Article {i}"}
        for i in range(count)
    ]
    return {"instruments": [], "sources": sources}


def _direct(draft: dict[str, Any], into: Path) -> None:
    existing = set()
    for path in (into / "sources").rglob("*.y*ml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for rec in data if isinstance(data, list) else [data]:
            existing.add(rec["id"])
    folder = into / "sources"
    folder.mkdir(parents=True, exist_ok=True)
    for record in draft["sources"]:
        if record["id"] in existing:
            continue
        (folder / f"{record['id']}.yaml").write_text(_yaml(record), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--records", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--ledger", type=Path, default=None, help="default: the bundled ledger")
    args = parser.parse_args()
    count = max(1, min(args.records, MAX_RECORDS))
    ledger = args.ledger or _bundled_path()
    draft = _draft(count)
    times: dict[str, list[float]] = {"accept": [], "direct": []}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(max(1, args.rounds)):
            for name in times:
                target = Path(tmp) / f"{name}-{i}" / "ledger"
                shutil.copytree(ledger, target)
                start = time.perf_counter()
                if name == "accept":
                    report = accept([draft], target)
                    assert len(report.written) == count
                else:
                    _direct(draft, target)
                times[name].append(time.perf_counter() - start)
    safe, direct = (statistics.median(times[k]) for k in ("accept", "direct"))
    print(f"ledger {ledger}, {count} new records, median of {len(times['accept'])} rounds")
    print(f"  accept (staged, validated, fsync'ed): {safe * 1000:9.1f} ms")
    print(f"  direct write (before issue 15):       {direct * 1000:9.1f} ms")
    print(f"  ratio: {safe / direct:.0f}x")


if __name__ == "__main__":
    main()
