"""Extraction benchmark: precision, recall and F1 per field kind on the gold set, and timing.

Run with ``.venv/bin/python bench/extract.py [-v]``. The gold set is ``tests/extract/gold``: the
seed article (read from ``../shared/sources``), the development articles the patterns were tuned
on, and the held-out articles written after tuning. ``-v`` lists every miss and extra.

After the scores, each miss and extra is put to the stage of the extractor that lost or made it
(segmentation, mention, reference, role, assembly; :mod:`terrachron.extract.attribute`), so
that work on the extractor is aimed where the misses are; ``-v`` says why for each.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from terrachron.extract import Document, Extractor
from terrachron.extract.attribute import STAGES, Attributed, attribute, count_stages
from terrachron.extract.evaluate import FIELDS, Report, evaluate
from terrachron.query import Ledger, open_ledger

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "extract" / "gold"
TARGETS = {"instruments": 0.9, "dates": 0.9, "places": 0.85, "polities": 0.85, "effects": 0.75}


def _table(verbose: bool) -> Report:
    report = evaluate(GOLD)
    print(f"gold articles: {len(report.articles)}; extraction time {report.seconds:.2f} s")
    for name, split in sorted(report.articles.items()):
        print(f"  {name}: {split}")
    for split in ("seed", "dev", "holdout"):
        scores = report.scores.get(split)
        if scores is None:
            continue
        print(f"\n{split}")
        print(f"  {'field':<12} {'P':>6} {'R':>6} {'F1':>6}  {'TP':>4} {'FP':>4} {'FN':>4}  target")
        for kind in FIELDS:
            s = scores[kind]
            mark = "ok" if s.f1 >= TARGETS[kind] else "below"
            print(
                f"  {kind:<12} {s.precision:6.2f} {s.recall:6.2f} {s.f1:6.2f}  "
                f"{s.tp:4d} {s.fp:4d} {s.fn:4d}  ≥{TARGETS[kind]:.2f} {mark}"
            )
            if verbose:
                for m in s.misses:
                    print(f"      miss  {m}")
                for x in s.extras:
                    print(f"      extra {x}")
    return report


def _stages(report: Report, verbose: bool) -> None:
    """Misses and extras per split, field kind and the stage that lost or made them."""
    ledgers: dict[Path | None, Ledger] = {}
    found: dict[str, list[Attributed]] = {}
    for _, result in sorted(report.details.items()):
        path = result.item.ledger_path
        if path not in ledgers:
            ledgers[path] = open_ledger(path)
        found.setdefault(result.item.gold.split, []).extend(attribute(result, ledgers[path]))
    print("\nmisses and extras by stage (the first stage that lost or made each)")
    for split in ("seed", "dev", "holdout"):
        if split not in found:
            continue
        counts = count_stages(found[split])
        print(f"\n{split}")
        print(f"  {'field':<12} " + " ".join(f"{s:>12}" for s in STAGES) + f" {'all':>5}")
        for kind in (*FIELDS, "all"):
            row = (
                counts.get(kind, {})
                if kind != "all"
                else {s: sum(c.get(s, 0) for c in counts.values()) for s in STAGES}
            )
            cells = " ".join(f"{row.get(s, 0):12d}" for s in STAGES)
            print(f"  {kind:<12} {cells} {sum(row.values()):5d}")
        if verbose:
            for a in found[split]:
                print(f"      {a.side:<5} {a.stage:<12} {a.article}: {a.kind} {a.item} — {a.why}")


def _timing() -> None:
    """Extraction of a 10,000-word article (the gold articles repeated), best of three."""
    ledger = open_ledger(GOLD.parent / "ledger")
    extractor = Extractor(ledger)
    texts = [p.read_text(encoding="utf-8") for p in sorted((GOLD / "articles").glob("*.txt"))]
    words: list[str] = []
    body: list[str] = []
    while len(words) < 10_000:
        for t in texts:
            body.append(t)
            words.extend(t.split())
    doc = Document.from_text("\n\n".join(body), "2020-01-01")
    extractor.extract(Document.from_text(texts[0], "2020-01-01"))  # warm the caches
    best = min(_timed(extractor, doc) for _ in range(3))
    print(
        f"\n10,000-word timing: {len(doc.text.split()):,} words, {len(doc.text):,} characters: "
        f"{best:.3f} s (best of 3)"
    )


def _timed(extractor: Extractor, doc: Document) -> float:
    start = time.perf_counter()
    extractor.extract(doc)
    return time.perf_counter() - start


if __name__ == "__main__":
    verbose = "-v" in sys.argv
    report = _table(verbose)
    _stages(report, verbose)
    _timing()
