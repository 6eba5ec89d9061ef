"""A limited stats question (``--limit 40``) against the forms that make every group's
figures first, in one run: the figures of the groups shown alone (paygrade now), every
group's figures with the shown ones chosen after (as paygrade did, and as Spark's one job
does), and the unlimited answer cut in Python (every group made).

Run: .venv/bin/python benchmarks/limit.py [--db STORE] [--data-dir DIR] [--repeat N]

Without ``--db`` a store is built here with ``paygrade ingest --all`` (not timed). Each
question's three forms run in turn, best of N each, so a shared machine's load hits all
alike; each form's answer is checked to be the limited one before it is timed. Times are
CPU seconds of this process (its DuckDB threads included); only the ratios travel.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from stores import build_store, store_options

from paygrade.engines import Plan, Shown
from paygrade.engines.duckdb_sql import DuckDBEngine
from paygrade.filters import KnownValues
from paygrade.stats import warned_stats
from paygrade.store import Store

LIMIT = 40
QUESTIONS: list[tuple[list[str], dict[str, list[str]]]] = [
    (["title"], {}),
    (["company"], {}),
    (["metro", "level"], {}),
    (["company"], {"role": ["ml_engineer"]}),
]


class EveryFigure(DuckDBEngine):
    """The DuckDB engine as it was: every group's figures, whichever groups are shown."""

    def aggregate(self, plan: Plan, shown: Shown | None = None) -> list[dict[str, Any]]:
        return super().aggregate(plan)


def cut(answer: dict[str, Any], limit: int) -> dict[str, Any]:
    """The unlimited ``answer`` cut as ``limit`` cuts it (its largest groups, ties: the
    earlier, in its order)."""
    groups = answer["groups"]
    largest = set(sorted(range(len(groups)), key=lambda i: -groups[i]["n"])[:limit])
    kept = [g for i, g in enumerate(groups) if i in largest]
    omitted = answer["groups_omitted"] + len(groups) - len(kept)
    return {**answer, "groups": kept, "groups_omitted": omitted}


def forms(store: Store, by: list[str], where: dict[str, list[str]]) -> dict[str, Callable[[], Any]]:
    """Each form of the question, as a call giving its answer."""

    def every_figure() -> Any:
        engine = EveryFigure(store.con, KnownValues(store).relation, alongside=store.read_only)
        try:
            return warned_stats(store, by, where, limit=LIMIT, engine=engine)[0]
        finally:
            engine.close()

    return {
        "shown groups' figures alone": lambda: warned_stats(store, by, where, limit=LIMIT)[0],
        "every group's figures, cut": every_figure,
        "every group made, then cut": lambda: cut(warned_stats(store, by, where)[0], LIMIT),
    }


def cpu(work: Callable[[], Any]) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


def main() -> None:
    args = store_options(__doc__, repeat=5)
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(build_store(Path(folder), args.db, args.data_dir), read_only=True)
        try:
            print(f"stats --limit {LIMIT}: CPU seconds, best of {args.repeat}")
            for by, where in QUESTIONS:
                report(store, by, where, args.repeat)
        finally:
            store.close()


def report(store: Store, by: list[str], where: dict[str, list[str]], repeat: int) -> None:
    asked = forms(store, by, where)
    answers = [form() for form in asked.values()]
    if any(answer != answers[0] for answer in answers):
        raise SystemExit(f"error: the forms of --by {','.join(by)} answer differently")
    best = {name: cpu(form) for name, form in asked.items()}
    for _ in range(repeat - 1):  # in turn, so that the machine's load hits every form
        best = {name: min(best[name], cpu(form)) for name, form in asked.items()}
    new = best["shown groups' figures alone"]
    filters = "".join(f" --where {f}={','.join(v)}" for f, v in where.items())
    groups = len(answers[0]["groups"]) + answers[0]["groups_omitted"]
    print(f"--by {','.join(by)}{filters} ({groups:,} groups)")
    for name, seconds in best.items():
        print(f"  {name:30} {seconds:7.3f} s  {seconds / new:5.2f}x")


if __name__ == "__main__":
    main()
