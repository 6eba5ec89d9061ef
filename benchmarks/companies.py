"""Company search on a served store: ``companies(store, search=...)`` on a read-only store
(as the server and MCP sessions read their published copy) against the plainest search
there is, a hand-written DuckDB query of the company names holding the text, in one run.

Run: .venv/bin/python benchmarks/companies.py [--db STORE] [--data-dir DIR] [--repeat N]

Without ``--db`` a store is built here with ``paygrade ingest --all`` (not timed).
paygrade's search is more than the baseline's: it also finds a company by a filed name
merged into it, by its key ("intel corp." is Intel) and by its aliases ("Alphabet" is
Google), and answers n, distinct n and sources per company. The first search of a store
lists every company and keys its names (``companies.company_list``); each later search
reads that list (kept in the read-only store's memo). Both are printed against the
baseline, best of N, the two interleaved so a shared machine's load hits both alike.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from stores import build_store, store_options

from paygrade.companies import companies
from paygrade.store import Store

SEARCHES = ("intel corp.", "google", "open ai", "alphabet", "zzqx")
# Every company whose name holds the text, most records first: the plain search.
BASELINE = """
SELECT company, count(*) AS n FROM records
WHERE company IS NOT NULL AND contains(lower(company), lower(?))
GROUP BY company ORDER BY n DESC
"""


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main() -> None:
    args = store_options(__doc__, repeat=5)
    with tempfile.TemporaryDirectory() as folder:
        db = build_store(Path(folder), args.db, args.data_dir)
        runs = [one_round(db) for _ in range(args.repeat)]
    first, later, plain = (min(run[i] for run in runs) for i in range(3))
    baseline, each = plain / len(SEARCHES), later / len(SEARCHES)
    print(f"searches: {', '.join(SEARCHES)}; best of {args.repeat}")
    print(f"hand-written DuckDB name search:   {baseline * 1000:8.1f} ms a search")
    print(f"paygrade, first search of a store: {first * 1000:8.1f} ms = {first / baseline:6.1f}x")
    print(f"paygrade, each later search:       {each * 1000:8.1f} ms = {each / baseline:6.1f}x")


def one_round(db: Path) -> tuple[float, float, float]:
    """Seconds of: the first search of a freshly opened store (its memo empty), then the
    five searches through paygrade, then the five by the baseline query."""
    fresh = Store.open(db, read_only=True)
    try:
        first = timed(lambda: companies(fresh, search=SEARCHES[0]))
        later = timed(lambda: [companies(fresh, search=t) for t in SEARCHES])
        plain = timed(lambda: [fresh.con.execute(BASELINE, [t]).fetchall() for t in SEARCHES])
    finally:
        fresh.close()
    return first, later, plain


if __name__ == "__main__":
    main()
