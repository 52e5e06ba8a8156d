"""Measure, on bench/truth.py's per-case output, a rule for answers between two snapshots.

Between the historical-basemaps snapshots of Y1 and Y2 a change is dated ``Y1-07-02/Y2-07-01``;
an answer inside is uncertain and reports the earlier holder first, the later one among the
alternatives. The rule measured (not adopted: choosing the reported alternative is the engine's,
``terrachron.engine.timeline.answer_at``): *past the interval's middle, report the alternative in
which every pending step has happened*, keeping the answer uncertain. For each output file this
prints how many cases the rule touches and how many of them are right now and under the rule.

Run (from the repository root), after saving bench/truth.py's output per set::

    .venv/bin/python bench/truth.py --cases bench/truth/cases-1.csv > out-1.txt
    .venv/bin/python bench/truth_midpoint.py bench/truth/cases-1.csv out-1.txt
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from importlib import resources
from pathlib import Path

import yaml

from terrachron.truth import load_cases, matches

_CASE = re.compile(r"^(\S+)\s+\d{4}-\d\d-\d\d\s+expected")
_ANSWER = re.compile(r"^\s+terrachron (right|MISS)\s+(.*)$")
_ALTERNATIVES = re.compile(r"uncertain \(alternatives: ([^)]*)\)")
_INTERVAL = re.compile(
    r"historical-basemaps snapshots of \d{4} and \d{4} \((\d{4}-\d\d-\d\d)/(\d{4}-\d\d-\d\d)\)"
)


def _polity_names() -> dict[str, list[str]]:
    """Every bundled ledger's polities: id → id, names and aliases (the first ledger wins)."""
    data = Path(str(resources.files("terrachron") / "data"))
    out: dict[str, list[str]] = {}
    for path in sorted(data.glob("*/polities/*.yaml")):
        docs = yaml.safe_load(path.read_text("utf-8"))
        for doc in docs if isinstance(docs, list) else [docs]:
            if isinstance(doc, dict) and "id" in doc:
                aliases = [a for group in (doc.get("aliases") or {}).values() for a in group]
                out.setdefault(doc["id"], [doc["id"], *doc.get("names", {}).values(), *aliases])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", type=Path)
    parser.add_argument("output", type=Path, help="bench/truth.py's output for those cases")
    args = parser.parse_args()
    cases = {c.id: c for c in load_cases(args.cases)}
    names = _polity_names()
    total = right = touched = right_now = right_rule = 0
    current: str | None = None
    for line in args.output.read_text("utf-8").splitlines():
        if m := _CASE.match(line):
            current = m.group(1)
            continue
        m = _ANSWER.match(line)
        if m is None or current is None:
            continue
        case, ok, body = cases[current], m.group(1) == "right", m.group(2)
        current = None
        total += 1
        right += ok
        alternatives, interval = _ALTERNATIVES.search(body), _INTERVAL.search(body)
        if alternatives is None or interval is None:
            continue
        lo, hi = (dt.date.fromisoformat(x) for x in interval.groups())
        if case.date <= lo + (hi - lo) / 2:
            continue
        touched += 1
        right_now += ok
        last = alternatives.group(1).split("; ")[-1].split("|")
        right_rule += matches(case, [n for pid in last for n in names.get(pid, [pid])])
    print(
        f"{args.cases.name}: {right}/{total} right; the rule touches {touched} (uncertain, decided"
        f" by a snapshot interval, past its middle): {right_now} right now, {right_rule} under"
        f" the rule -> {right - right_now + right_rule}/{total}"
    )


if __name__ == "__main__":
    main()
