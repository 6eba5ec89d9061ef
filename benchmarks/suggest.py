""" "Did you mean" for values no record holds: paygrade's suggestions (``filters.resolve``
on a read-only store, as a server or MCP session asks) with the held names' letters
indexed (``normalize.close_spelling``) and without (``difflib`` spelling the value
against every held name, as suggestions were found before), in one run.

Run: .venv/bin/python benchmarks/suggest.py [--db STORE] [--data-dir DIR] [--repeat N]

Without ``--db`` a store is built here with ``paygrade ingest --all`` (not timed). Each
round asks five random 12-letter names, then five misspellings, of company and of title
(a value per question); the store's first question, which loads the held values and
indexes their letters, is timed apart. The two ways are interleaved so a shared
machine's load hits both alike, and must suggest the same.
"""

from __future__ import annotations

import random
import string
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from stores import build_store, store_options

from paygrade.filters import KnownValues, resolve
from paygrade.normalize import close_spelling
from paygrade.store import Store

MISSPELT = {
    "company": ["Gogle", "Amazn", "Microsft", "Capital Onee", "Goldman Sacks"],
    "title": ["Machine Learnign Engineer", "Data Scientst", "ML Enginer", "Data Anaylst", "Sr"],
}
INDEXED_FROM = close_spelling.INDEXED_FROM


def timed(work: Callable[..., Any], *args: Any) -> tuple[float, Any]:
    started = time.perf_counter()
    answer = work(*args)
    return time.perf_counter() - started, answer


def main() -> None:
    args = store_options(__doc__, repeat=3)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(build_store(Path(folder), args.db, args.data_dir), read_only=True)
        try:
            first, _ = timed(lambda: [suggested(store, f, "zzqx", True) for f in MISSPELT])
            print(f"first question of the store (load + index): {first * 1000:7.0f} ms")
            for field, typos in MISSPELT.items():
                report(store, field, typos, args.repeat)
        finally:
            store.close()


def suggested(store: Store, field: str, value: str, indexed: bool) -> list[Any]:
    """The suggestions for ``value`` of ``field``, the held names indexed or not."""
    close_spelling.INDEXED_FROM = INDEXED_FROM if indexed else 10**12
    try:
        _, unmatched = resolve({field: [value]}, KnownValues(store))
    finally:
        close_spelling.INDEXED_FROM = INDEXED_FROM
    return unmatched[0].suggestions if unmatched else []


def report(store: Store, field: str, typos: list[str], repeat: int) -> None:
    """Best of ``repeat`` rounds of five values, random names and misspellings apart."""
    pick = random.Random(field)
    held = len(KnownValues(store).told(field))
    for kind in ("random", "misspelt"):
        took: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(repeat):
            values = typos if kind == "misspelt" else [random_name(pick) for _ in range(5)]
            for indexed in (True, False):
                took[indexed].append(0.0)
            for value in values:
                said = {}
                for indexed in (True, False):
                    seconds, said[indexed] = timed(suggested, store, field, value, indexed)
                    took[indexed][-1] += seconds
                if said[True] != said[False]:
                    raise SystemExit(f"{field} {value!r}: {said[True]} against {said[False]}")
        ours, then = min(took[True]) / 5, min(took[False]) / 5
        print(
            f"{field:8s} {kind:8s} indexed {ours * 1000:6.1f} ms a value; difflib over all"
            f" {held:,} names {then * 1000:6.1f} ms ({then / ours:5.1f}x); same suggestions"
        )


def random_name(pick: random.Random) -> str:
    return "".join(pick.choices(string.ascii_lowercase, k=12))


if __name__ == "__main__":
    main()
