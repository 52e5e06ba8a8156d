"""Score a ledger and the raw historical-basemaps snapshots on a blind truth set.

Each case of the cases file (``bench/truth/cases-1.csv`` by default) is a point, a day and
the de facto controller history records there, with a source. For each, this asks

* the ledger (``--ledger``, ``world`` by default): :meth:`terrachron.Ledger.locate`, de facto
  view, and
* the raw snapshots: the latest ``world_YYYY.geojson`` on or before the day (a snapshot stands
  for 1 January of its year), the first feature covering the point, its ``SUBJECTO`` (else
  ``NAME``),

and decides which answer is right (see :mod:`terrachron.truth` for the matching rule). It
prints one line per case and the totals with Wilson 95 % intervals, overall, before and from
1900, and by continent. ``--report`` also writes ``docs/truth.md`` (method, figures, every
miss with both answers) and ``docs/truth-cases.md`` (every case with its source).

Run (from the repository root; ``make truth-report`` runs the second)::

    .venv/bin/python bench/truth.py
    .venv/bin/python bench/truth.py --report --label "before curation"
    .venv/bin/python bench/truth.py --cases my-cases.csv --ledger path/to/ledger
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from terrachron import TerrachronError, open_ledger
from terrachron.truth import (
    CONTINENTS,
    CaseResult,
    SnapshotSet,
    load_cases,
    score,
    wilson_interval,
)

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "bench" / "truth" / "cases-1.csv"
SHARED = ROOT.parent / "shared" / "data" / "historical-basemaps"
SNAPSHOTS = (SHARED, SHARED / "yearly-1988-2022")
REPORT = ROOT / "docs" / "truth.md"
CASES_PAGE = ROOT / "docs" / "truth-cases.md"

Verdict = Callable[[CaseResult], bool]
VERDICTS: tuple[tuple[str, Verdict], ...] = (
    ("terrachron", lambda r: r.ledger_right),
    ("raw snapshots", lambda r: r.snapshot_right),
    ("raw snapshots, names read through the ledger", lambda r: r.snapshot_resolved_right),
)


def _figure(results: Sequence[CaseResult], right: Verdict) -> str:
    n = len(results)
    if n == 0:
        return "–"
    k = sum(1 for r in results if right(r))
    lo, hi = wilson_interval(k, n)
    return f"{k}/{n} = {100 * k / n:.1f} % [{100 * lo:.1f}–{100 * hi:.1f}]"


def _groups(results: Sequence[CaseResult]) -> list[tuple[str, list[CaseResult]]]:
    groups = [
        ("all cases", list(results)),
        ("before 1900", [r for r in results if r.case.date.year < 1900]),
        ("1900 and after", [r for r in results if r.case.date.year >= 1900]),
    ]
    for name in CONTINENTS.values():
        groups.append((name, [r for r in results if r.case.continent == name]))
    return groups


def _ledger_text(r: CaseResult) -> str:
    a = r.ledger
    if a.place is None:
        return f"no place ({a.problem or 'no answer'})"
    who = " + ".join(f"{n} [{p}]" for n, p in zip(r.ledger_names, a.controller, strict=True))
    text = f"{who or 'nobody'} in place {a.place}"
    if a.uncertain:
        alts = "; ".join(" + ".join(alt) or "nobody" for alt in a.alternatives)
        text += f", uncertain (alternatives: {alts})"
    return text


def _snapshot_text(r: CaseResult) -> str:
    s = r.snapshot
    if s is None:
        return "no snapshot this early"
    if s.name is None:
        return f"{s.year}: no feature covers the point"
    text = f"{s.year}: {s.name}"
    if s.feature and s.feature != s.name:
        text += f" (feature {s.feature})"
    if s.others:
        text += f", also covered by {', '.join(s.others)}"
    return text


def _mark(ok: bool) -> str:
    return "right" if ok else "MISS"


def print_results(results: Sequence[CaseResult]) -> None:
    """One line per case, then the totals."""
    for r in results:
        c = r.case
        print(
            f"{c.id:24} {c.date}  expected {c.controller!r}"
            f"{' or ' + ' / '.join(c.also_accept) if c.also_accept else ''}\n"
            f"    terrachron {_mark(r.ledger_right):5}  {_ledger_text(r)}"
            f"{'  decided by ' + r.ledger.decided_by if r.ledger.decided_by else ''}\n"
            f"    snapshot   {_mark(r.snapshot_resolved_right):5}  {_snapshot_text(r)}"
        )
    print()
    for label, group in _groups(results):
        print(f"{label} ({len(group)} cases)")
        for name, verdict in VERDICTS:
            print(f"    {name:46} {_figure(group, verdict)}")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def report(
    results: Sequence[CaseResult],
    *,
    cases_file: str,
    ledger_id: str,
    ledger_hash: str,
    label: str | None,
) -> str:
    """The Markdown of ``docs/truth.md``."""
    uncertain = [r for r in results if r.ledger.uncertain]
    lines = [
        "# The blind truth set: terrachron and the raw snapshots, case by case",
        "",
        "How often is terrachron's world ledger right about who controlled a point on a day? A "
        "helper who had not read the importer, the ledger's files or the curated ledgers wrote "
        f"{len(results)} (point, date) cases from well-known history, each with the de facto "
        "controller and a source (a treaty and its article, an official act, a standard "
        "history), and committed them before running anything against terrachron. All the "
        "cases, with their sources and reasoning, are listed in "
        "[the cases page](truth-cases.md); the file is "
        f"`{cases_file}`.",
        "",
        f"**This run**: ledger `{ledger_id}` (content hash `{ledger_hash[:16]}`)"
        + (f", {label}" if label else "")
        + ". Regenerate with `make truth-report`.",
        "",
        "## Method",
        "",
        "- **The controller** is the state exercising authority there on that day: for a "
        "colony its metropole, for a League mandate the mandatory power, for a military "
        "occupation the occupier, for a territory under the League of Nations the League (or "
        "its commission), for a free city the free city itself. `also_accept` holds other "
        "answers only where historians genuinely differ, with the reason in `why`.",
        "- **The cases** cover famous changes of 1815–2022 on every continent (plebiscites, "
        "partitions, annexations, decolonisation, dissolutions, occupations), dates just before "
        "and just after a change, and ordinary dates in ordinary places. Points lie on land "
        "and, where the territory allows, at least 20 km from a border or coast (a few, such "
        "as Fiume, Macau, Walvis Bay and the Canal Zone, are smaller than that).",
        "- **terrachron's answer** is `Ledger.locate` on the point and day, de facto view. Under "
        "joint control, any of the joint controllers may match. An uncertain answer (a day "
        "between two snapshots that disagree) counts by locate's controller; how often the "
        "right one was among its alternatives is reported apart and never counted as right.",
        "- **The raw snapshots' answer** is the latest historical-basemaps snapshot "
        "(`world_YYYY.geojson`, main series and yearly 1988–2022, the yearly file winning a "
        "year both have) on or before the day, a snapshot standing for 1 January of its year; "
        "the first feature in file order that covers the point; its `SUBJECTO`, else its "
        "`NAME`.",
        "- **Matching**: an answer is right when one of its names equals an accepted name "
        "(`controller` or `also_accept`) after normalisation: case, diacritics, punctuation "
        "and a leading \"the\" are ignored. terrachron's names are its polity's id, names and "
        "aliases. The snapshot's name is taken literally, and again *read through the "
        "ledger*: also right when the name (or the name without a trailing parenthesis) is a "
        "name of a ledger polity that matches, since the snapshots spell one state many ways "
        '("French Republic", "United States of America (unincorporated territory)").',
        "- **Intervals** are Wilson 95 % score intervals.",
        "",
        "## Figures",
        "",
        "| cases | " + " | ".join(name for name, _ in VERDICTS) + " |",
        "|---|" + "---|" * len(VERDICTS),
    ]
    for group_label, group in _groups(results):
        cells = [_figure(group, v) for _, v in VERDICTS]
        lines.append(f"| {group_label} ({len(group)}) | " + " | ".join(cells) + " |")
    alt = sum(1 for r in uncertain if r.ledger_alternative_right and not r.ledger_right)
    lines += [
        "",
        f"terrachron's answer was uncertain for {len(uncertain)} cases; "
        f"{sum(1 for r in uncertain if r.ledger_right)} of them right by locate's controller, "
        f"and in {alt} more the right controller was among the alternatives.",
        "",
        "## Every miss",
        "",
        "Every case that terrachron or the snapshots (read through the ledger) got wrong, with "
        "both answers. *decided by* is the last step of terrachron's chain that set control.",
        "",
        "| case | date | expected | terrachron | snapshot |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        if r.ledger_right and r.snapshot_resolved_right:
            continue
        c = r.case
        expected = c.controller + (f" (or {' / '.join(c.also_accept)})" if c.also_accept else "")
        ours = _ledger_text(r) + (
            f"; decided by {r.ledger.decided_by}" if r.ledger.decided_by else ""
        )
        lines.append(
            f"| {c.id} | {c.date} | {_cell(expected)} | {_mark(r.ledger_right)}: {_cell(ours)} "
            f"| {_mark(r.snapshot_resolved_right)}: {_cell(_snapshot_text(r))} |"
        )
    lines.append("")
    return "\n".join(lines)


def cases_page(results: Sequence[CaseResult], cases_file: str) -> str:
    """The Markdown of ``docs/truth-cases.md``: every case with its source and reasoning."""
    lines = [
        "# The blind truth set: the cases",
        "",
        f"Every case of `{cases_file}`, as written before any run; the scores are in "
        "[the truth set's report](truth.md).",
        "",
        "| case | point (lon, lat) | date | controller | also accepted | place | source | why |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        c = r.case
        lines.append(
            f"| {c.id} | {c.lon:.2f}, {c.lat:.2f} | {c.date} | {_cell(c.controller)} "
            f"| {_cell('; '.join(c.also_accept))} | {_cell(c.place)} | {_cell(c.source)} "
            f"| {_cell(c.why)} |"
        )
    lines.append("")
    return "\n".join(lines)


def _write(path: Path, text: str) -> None:
    # Write next to the target, then rename: a failed run never leaves half a report.
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=Path, default=CASES, help="the cases CSV file")
    parser.add_argument("--ledger", default="world", help="a bundled ledger name or a folder")
    parser.add_argument(
        "--snapshots",
        type=Path,
        nargs="+",
        default=list(SNAPSHOTS),
        help="folders of world_YYYY.geojson, later folders winning a year",
    )
    parser.add_argument("--report", action="store_true", help="write docs/truth*.md")
    parser.add_argument("--label", help='a note on the run for the report ("before curation")')
    args = parser.parse_args(argv)
    try:
        cases = load_cases(args.cases)
        snapshots = SnapshotSet.from_folders(args.snapshots)
        t0 = time.perf_counter()
        ledger = open_ledger(args.ledger)
        t1 = time.perf_counter()
        results = score(ledger, snapshots, cases)
        t2 = time.perf_counter()
    except (TerrachronError, OSError) as exc:
        print(f"truth: {exc}", file=sys.stderr)
        return 2
    print_results(results)
    print(f"\nopened the ledger in {t1 - t0:.1f} s, scored {len(cases)} cases in {t2 - t1:.1f} s")
    if args.report:
        try:
            shown = args.cases.resolve().relative_to(ROOT).as_posix()
        except ValueError:
            shown = str(args.cases)
        _write(
            REPORT,
            report(
                results,
                cases_file=shown,
                ledger_id=ledger.id,
                ledger_hash=ledger.content_hash,
                label=args.label,
            ),
        )
        _write(CASES_PAGE, cases_page(results, shown))
        print(f"wrote {REPORT.relative_to(ROOT)} and {CASES_PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
