"""Report generation time on the full store: `paygrade report --out DIR` against one
`paygrade stats` call, both as fresh CLI processes on the same store in the same run.

Run: .venv/bin/python benchmarks/report.py [--db STORE] [--data-dir DIR] [--repeat N]

Without ``--db`` a store is built here with ``paygrade ingest --all`` (not timed).
The bar is a full report in under a minute. The baseline is the smallest question
the report asks many times over (ML engineer pay by level), through the same CLI
start-up, store opening and output; the ratio says how many such questions the
report costs, which moves less with a shared machine's load than seconds do.
Each phase is timed best of N, alternating, so neighbours' load hits both alike.
Then, in this process, the time of each report section and of rendering the HTML
(charts to SVG) and Markdown, to show where the time goes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from stores import PAYGRADE, build_store, data_dir_default, environment

from paygrade.report import render_html, render_markdown
from paygrade.report.build import SECTIONS
from paygrade.store import Store

BAR_SECONDS = 60.0


def paygrade(db: Path, *args: str) -> float:
    """Seconds of one `paygrade` process, from start to exit (it must succeed)."""
    started = time.perf_counter()
    done = subprocess.run(
        [str(PAYGRADE), "--db", str(db), *args], capture_output=True, text=True, env=environment()
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"paygrade {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return seconds


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def breakdown(db: Path) -> None:
    """Seconds per section and per rendering, in this process (one pass)."""
    store = Store.open(db, read_only=True)
    try:
        sections = []
        for section in SECTIONS:
            started = time.perf_counter()
            sections.append(section(store))
            print(f"  section {sections[-1]['id']:<17} {time.perf_counter() - started:6.2f} s")
    finally:
        store.close()
    report = {"title": "t", "generated_at": "", "sections": sections}
    print(f"  render HTML (SVG)         {timed(lambda: render_html(report)):6.2f} s")
    print(f"  render Markdown           {timed(lambda: render_markdown(report)):6.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--db", type=Path, help="an ingested store (default: build one)")
    parser.add_argument("--data-dir", type=Path, default=data_dir_default())
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="paygrade-bench-") as tmp:
        db = args.db or build_store(Path(tmp), None, args.data_dir)
        stats_args = ("stats", "--by", "level", "--where", "role=ml_engineer")
        report_args = ("report", "--out", str(Path(tmp) / "out"))
        baseline, full = [], []
        for _ in range(args.repeat):
            baseline.append(paygrade(db, *stats_args))
            full.append(paygrade(db, *report_args))
        best_stats, best_report = min(baseline), min(full)
        print(f"paygrade stats --by level --where role=ml_engineer: {best_stats:6.2f} s (best of "
              f"{args.repeat})")  # fmt: skip
        print(f"paygrade report --out DIR:                          {best_report:6.2f} s (best of "
              f"{args.repeat}; all: {', '.join(f'{s:.1f}' for s in full)})")  # fmt: skip
        print(f"ratio report / stats: {best_report / best_stats:.1f}x")
        verdict = "under" if best_report < BAR_SECONDS else "OVER"
        print(f"bar: {verdict} {BAR_SECONDS:.0f} s")
        print("where the time goes (in process, one pass):")
        breakdown(db)


if __name__ == "__main__":
    main()
