"""Drawing long tables: rows placed by the probe's layout vs rich drawing every cell.

Run: .venv/bin/python benchmarks/tables.py [--db STORE] [--repeat N]

The tables are the real store's answers a user may print whole: `paygrade stats --by
company` and `paygrade companies`, each rendered as the CLI renders it (piped width),
once with long tables placed (``paygrade.drawing``, the default) and once drawn by rich
cell by cell, interleaved, best of N. Both must give the same text, byte for byte.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

from paygrade import drawing, formats
from paygrade.companies import companies
from paygrade.config import Settings
from paygrade.stats import stats
from paygrade.store import Store


def timed(render: Callable[[], str], repeat: int, placed: bool) -> tuple[float, str]:
    best, text = float("inf"), ""
    for _ in range(repeat):
        with mock.patch.object(drawing, "PLACED_FROM", drawing.PLACED_FROM if placed else 10**12):
            start = time.perf_counter()
            text = render()
            best = min(best, time.perf_counter() - start)
    return best, text


def main() -> None:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--db", type=Path, default=None, help="A store (default: the settings').")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    store = Store.open(args.db or Settings().db, read_only=True)
    tables = {
        "stats --by company": lambda: formats.render_stats(stats(store, ["company"]), "table"),
        "companies": lambda: formats.render_companies(companies(store), "table"),
    }
    for name, render in tables.items():
        rich_s, by_rich = timed(render, args.repeat, placed=False)
        placed_s, placed = timed(render, args.repeat, placed=True)
        lines = by_rich.count("\n")
        same = "identical" if placed == by_rich else "DIFFERENT"
        print(
            f"{name}: {lines:,} lines; rich cell by cell {rich_s:.2f} s, placed {placed_s:.2f} s"
            f" = {rich_s / placed_s:.1f}x faster; text {same}"
        )
    store.close()


if __name__ == "__main__":
    main()
