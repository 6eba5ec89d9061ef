"""One statistics definition, several engines: the DuckDB SQL rendering (the default),
the Ibis rendering on DuckDB and on Spark (pyspark local mode), and Parquet folders
written by ``paygrade export`` — all held to identical answers over the real store."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from paygrade.config import Settings
from paygrade.engines.ibis_plan import IbisEngine, quiet_duckdb2
from paygrade.parquet import ParquetError, columns, export, open_folder
from paygrade.prices import metro_prices_sql
from paygrade.store import Store
from tests.conftest import CliCalls, cli_calls, run_each, run_each_in_one
from tests.test_cli import PAYGRADE, run
from tests.test_parquet_fixes8 import _years_folders

from paygrade.stats import stats  # isort: skip


# (by, where, options): every rendering must agree on each, group by group.
QUERIES: list[tuple[list[str], dict[str, list[Any]], dict[str, Any]]] = [
    (["level"], {"role": ["ml_engineer"]}, {}),
    (["metro", "level"], {"country": ["US"]}, {}),
    ([], {}, {}),
    (["source", "pay_component"], {}, {"include_flagged": True}),
    # h1b_2024's base p90 falls on a half cent exactly (188,639.325): DuckDB's float
    # interpolation came a hair under it and Spark's on it, a cent apart.
    (["source", "pay_component"], {}, {}),
    (["year"], {"source": ["aijobs"]}, {"distinct_rows": True}),
    (["level"], {}, {"value": "amount_usd_real"}),
    (["metro"], {"role": ["data_scientist"]}, {"local_prices": True}),
    (["company"], {"company": ["Google", "Meta"], "year": [2024, 2023]}, {}),
    (["level"], {"company": ["No Such Firm Anywhere"]}, {}),
    # Titles group without regard to case ("DATA SCIENTIST" and "Data Scientist").
    (["year", "title"], {"role": ["data_scientist"], "company": ["Amazon", "Meta"]}, {}),
    # Each held, together none: what each left out would match is counted by the engine.
    ([], {"company": ["Amazon"], "role": ["ml_engineer"]}, {}),
]


def _ids(query: tuple[list[str], dict[str, list[Any]], dict[str, Any]]) -> str:
    by, where, options = query
    return f"by={','.join(by)}|where={','.join(where)}|{','.join(options)}"


@pytest.fixture(autouse=True)
def _temporary_folder_of_its_own(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A temporary folder for each test, this process's and its ``paygrade`` processes':
    a refused Spark address keeps Spark's log there, by design (the error names it), and
    the suite had left ~15 ``paygrade-spark-*.log`` files in the machine's /tmp a run."""
    folder = tmp_path_factory.mktemp("tmp")
    monkeypatch.setenv("TMPDIR", str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.fixture(scope="module")
def exported(real_export: Path) -> Path:
    """The real store's export, made once per test run (``tests.conftest.real_export``)."""
    return real_export


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    """A store of every source's first 4,000 records (tests.test_read_ahead.head_of_data),
    never written: for the tests of how an export is written, moved or refused, which no
    number of records changes (they exported all 220,000 some 17 times, 2-3 s each)."""
    from tests.test_read_ahead import head_store_of

    return head_store_of(tmp_path_factory, data_dir)


@pytest.fixture
def small_store(small_db: Path) -> Iterator[Store]:
    with _opened(small_db) as opened:
        yield opened


@pytest.fixture(scope="module")
def duckdb_cli() -> Iterator[CliCalls]:
    """ONE process that answers this module's DuckDB-only CLI questions about a folder
    (``tests.conftest.CliCalls``), each caught apart as ``run`` catches a process's: a
    process per question loaded paygrade, pyarrow and DuckDB again (~0.4 s of CPU each,
    17 of them). Not for questions whose point is a process of their own (Spark's, a
    working folder's, what a process writes as it exits)."""
    with cli_calls() as calls:
        yield calls


def _asked(calls: CliCalls, *args: object) -> subprocess.CompletedProcess[str]:
    """What ``paygrade ARGS`` answers, asked of the kept process ``calls``."""
    (done,) = calls.run_each(args)
    return done


def _opened(db: Path) -> Any:
    from contextlib import closing

    return closing(Store.open(db, read_only=True))


def _ibis_on_duckdb(store: Store) -> IbisEngine:
    import ibis

    backend = ibis.duckdb.from_connection(store.con)

    def prices() -> Any:
        store.con.execute(f"CREATE OR REPLACE TEMP VIEW metro_prices AS {metro_prices_sql()}")
        with quiet_duckdb2():
            return backend.table("metro_prices")

    with quiet_duckdb2():
        return IbisEngine("duckdb-ibis", backend.table("records"), prices)


@pytest.mark.parametrize("query", QUERIES, ids=_ids)
def test_sql_and_ibis_renderings_agree_on_the_real_store(
    real_store: Store, query: tuple[list[str], dict[str, list[Any]], dict[str, Any]]
) -> None:
    by, where, options = query
    fast = stats(real_store, by, where, **options)
    assert fast == stats(real_store, by, where, **options, engine=_ibis_on_duckdb(real_store))
    if by == ["level"] and where == {"role": ["ml_engineer"]}:
        assert sum(g["n"] for g in fast["groups"]) > 5_000  # a real answer, not an empty one


@pytest.mark.parametrize("query", QUERIES, ids=_ids)
def test_an_exported_folder_answers_exactly_as_the_store(
    real_store: Store, exported: Path, query: tuple[list[str], dict[str, list[Any]], dict[str, Any]]
) -> None:
    by, where, options = query
    folder = open_folder(exported)
    try:
        assert stats(folder, by, where, **options) == stats(real_store, by, where, **options)
    finally:
        folder.close()


@pytest.mark.parametrize("given", ["_tables", "_tables/record_cells.parquet"])
def test_an_exports_counted_cells_are_refused_as_records(exported: Path, given: str) -> None:
    # Read one row per record, they gave aijobs 46,155 records of its 74,221 (the cells'
    # weights and flags ignored), with exit 0.
    with pytest.raises(ParquetError, match=r"counted cells .* not records: give the export's"):
        open_folder(exported / given)


def test_the_export_is_hive_partitioned_by_source_and_year(
    real_store: Store, exported: Path
) -> None:
    held = real_store.con.execute(
        "SELECT source, year, count(*) FROM records GROUP BY ALL ORDER BY ALL"
    ).fetchall()
    written = []
    for folder in sorted(exported.glob("source=*/year=*")):
        source = folder.parent.name.removeprefix("source=")
        year = int(folder.name.removeprefix("year="))
        rows = sum(pq.ParquetFile(f).metadata.num_rows for f in folder.glob("*.parquet"))
        written.append((source, year, rows))
    assert sorted(written) == held
    meta = json.loads((exported / "_paygrade.json").read_text())
    assert meta["partitioning"] == ["source", "year"]
    assert sum(meta["records"].values()) == sum(n for _, _, n in held)


def test_pyarrow_and_pandas_read_the_folder_with_canonical_columns(exported: Path) -> None:
    dataset = ds.dataset(exported, format="parquet", partitioning="hive")
    assert set(dataset.schema.names) == set(columns())
    table = dataset.to_table(columns=["source", "year", "amount_usd"])
    import pandas as pd

    frame = pd.read_parquet(exported, columns=["source", "amount_usd"])
    assert (
        len(frame)
        == table.num_rows
        == int(sum(json.loads((exported / "_paygrade.json").read_text())["records"].values()))
    )


def test_export_replaces_only_an_earlier_export_and_whole(
    small_store: Store, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    export(small_store, out)
    (out / "stale.txt").write_text("from before")
    with pytest.raises(ParquetError, match="holds an earlier export; pass --overwrite"):
        export(small_store, out)
    assert (out / "stale.txt").is_file()  # nothing touched
    export(small_store, out, overwrite=True)
    assert not (out / "stale.txt").exists() and (out / "_paygrade.json").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left
    assert out.stat().st_mode & 0o055 == 0o055  # readable by others, as mkdir makes it


@pytest.mark.parametrize("overwrite", [False, True])
def test_export_never_replaces_what_is_no_export(
    real_store: Store, tmp_path: Path, overwrite: bool
) -> None:
    # --overwrite had replaced whatever was at --out: a folder of one's own files, a file.
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "keep.txt").write_text("mine")
    note = tmp_path / "note.txt"
    note.write_text("mine")
    said = {
        mine: "a folder that is not a paygrade export",
        # "note.txt is a file that is not a paygrade export" read as if a file could be one.
        note: "is a file: --out names the folder the export is written to",
    }
    for out, says in said.items():
        with pytest.raises(ParquetError, match=says):
            export(real_store, out, overwrite=overwrite)
    assert (mine / "keep.txt").read_text() == note.read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine", "note.txt"]


def test_export_refuses_a_folder_inside_an_earlier_export(
    real_store: Store, exported: Path
) -> None:
    # An export into ex1/sub was written, and ex1 then read every record twice.
    with pytest.raises(ParquetError, match=f"is inside the export {exported}, whose readers"):
        export(real_store, exported / "sub" / "records")
    assert not (exported / "sub").exists()


def test_a_stray_copy_of_an_exports_metadata_above_holds_no_export(
    real_store: Store, exported: Path, tmp_path: Path
) -> None:
    # A _paygrade.json alone in a parent folder (copied there, or in /tmp) refused every
    # export below it, and every Spark run over the store (its export is made in TMPDIR).
    shutil.copyfile(exported / "_paygrade.json", tmp_path / "_paygrade.json")
    written = export(real_store, tmp_path / "exports" / "new")
    assert sum(written["records"].values()) > 0
    assert (tmp_path / "exports" / "new" / "_paygrade.json").is_file()


def test_an_object_store_url_with_one_slash_is_refused(
    real_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "s3:/bucket/x" was written as the local folder ./s3:/bucket/x, and said done.
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ParquetError, match=r"s3:/bucket/x: an object-store URL has two slashes"):
        export(real_store, "s3:/bucket/x")
    assert list(tmp_path.iterdir()) == []
    export(real_store, "./s3:/bucket/x")  # a local folder of that name, asked for as one
    assert (tmp_path / "s3:" / "bucket" / "x" / "_paygrade.json").is_file()


def test_an_out_that_is_a_link_is_the_folder_it_names(small_store: Store, tmp_path: Path) -> None:
    # The link was moved aside as an earlier export would be, a real folder written in its
    # place, then "cannot replace out: Cannot call rmtree on a symbolic link", status 1.
    target = tmp_path / "bigdisk"
    target.mkdir()
    link = tmp_path / "out"
    link.symlink_to(target)
    export(small_store, link)
    export(small_store, link, overwrite=True)
    assert link.is_symlink() and (target / "_paygrade.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bigdisk", "out"]


def test_export_refuses_the_folder_holding_its_store(real_db: Path, tmp_path: Path) -> None:
    # `export --out DIR --overwrite` with the store in DIR deleted the store.
    folder = tmp_path / "work"
    folder.mkdir()
    db = folder / "store.duckdb"
    db.write_bytes(real_db.read_bytes())
    store = Store.open(db, read_only=True)
    try:
        with pytest.raises(ParquetError, match="holds the store"):
            export(store, folder, overwrite=True)
    finally:
        store.close()
    assert db.stat().st_size == real_db.stat().st_size


_STOPPED_EXPORT = """
import os, signal, sys, time
import paygrade.parquet as parquet
from paygrade.cli import main

written = parquet._write

def stopped(store, folder, private=False):
    summary = written(store, folder, private)  # the whole export written, not yet moved in
    if sys.argv[1] == "term":
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(30)
    raise RuntimeError("Query interrupted")  # what DuckDB raises on Ctrl-C in a query

parquet._write = stopped
sys.exit(main(["--db", sys.argv[2], "export", "--out", sys.argv[3], "--overwrite"]))
"""


@pytest.mark.parametrize("signal_name", ["interrupt", "term"])
def test_a_stopped_export_leaves_the_earlier_one_as_it_was(
    small_db: Path, tmp_path: Path, signal_name: str
) -> None:
    # Ctrl-C was "error: internal error (RuntimeError): Query interrupted" (status 70);
    # SIGTERM killed the process and left the half-moved staging folder beside --out.
    out = tmp_path / "records"
    with _opened(small_db) as store:
        export(store, out)
    before = (out / "_paygrade.json").read_text()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_")}
    done = subprocess.run(
        [sys.executable, "-c", _STOPPED_EXPORT, signal_name, str(small_db), str(out)],
        capture_output=True, text=True, timeout=120, check=False, env=environment,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (130, f"error: interrupted, {out} left as it was\n")
    assert (out / "_paygrade.json").read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["records"]  # no staging folder left


def test_export_of_an_empty_store_writes_nothing(store: Store, tmp_path: Path) -> None:
    # It wrote a folder with no data file, which no reader (stats --from-parquet, Spark)
    # could open, and said "wrote 0 records".
    with pytest.raises(
        ParquetError,
        match=r"holds no public records to export \(submitted salaries are never exported\)",
    ):
        export(store, tmp_path / "records")
    assert not (tmp_path / "records").exists()


@pytest.mark.parametrize("failing", ["moving the earlier one aside", "moving the new one in"])
def test_an_export_that_cannot_be_moved_into_place_says_so_and_keeps_what_was_there(
    small_store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    # An empty folder that is a mount point (a container's volume) or not ours to move
    # was an internal error (OSError); a failure after the earlier export was moved
    # aside left it hidden as .records-old-<pid>, and nothing at --out.
    out = tmp_path / "records"
    export(small_store, out)
    before = (out / "_paygrade.json").read_text()
    rename = Path.rename

    def refused(self: Path, target: Any) -> Path:
        moving_in = Path(target) == out and "-old-" not in self.name  # not the way back
        if (self == out) if failing == "moving the earlier one aside" else moving_in:
            raise OSError(16, "Device or resource busy")
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", refused)
    with pytest.raises(ParquetError) as refusal:
        export(small_store, out, overwrite=True)
    assert str(refusal.value) == (
        f"cannot replace {out}: Device or resource busy; export to a new folder "
        f"(e.g. --out {out / 'records'})"
    )
    assert (out / "_paygrade.json").read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["records"]


def test_a_foreign_parquet_folder_needs_only_amount_usd(tmp_path: Path) -> None:
    import pyarrow as pa

    # Hand-written fixture rows (not product data): no partitions, few columns.
    pq.write_table(
        pa.table(
            {
                "level": ["senior"] * 6 + ["mid"] * 5,
                "amount_usd": [200e3, 210e3, 190e3, 250e3, 230e3, 220e3] + [150e3] * 5,
                "pay_component": ["total"] * 11,
            }
        ),
        tmp_path / "part-0.parquet",
    )
    folder = open_folder(tmp_path)
    try:
        result = stats(folder, ["level"])
    finally:
        folder.close()
    groups = {g["key"]["level"]: g for g in result["groups"]}
    assert (groups["senior"]["n"], groups["senior"]["p50"]) == (6, 215000.0)
    assert (groups["mid"]["n"], groups["mid"]["n_distinct"]) == (5, 5)  # no dup_rank: all first
    pq.write_table(pa.table({"level": ["x"]}), tmp_path / "part-0.parquet")
    with pytest.raises(ParquetError, match="no amount_usd column"):
        open_folder(tmp_path)
    with pytest.raises(ParquetError, match="no folder or Parquet file at"):
        open_folder(tmp_path / "missing")


def test_a_folder_of_too_few_submissions_says_why_nothing_is_counted(tmp_path: Path) -> None:
    import pyarrow as pa

    # Hand-written fixture rows (not product data): seven submitted salaries, fewer than a
    # group counts. It had said "no record in DIR has amount_usd" of records that have one.
    pq.write_table(
        pa.table({"source": ["submission"] * 7, "amount_usd": [150e3 + i for i in range(7)],
                  "pay_component": ["base"] * 7}),
        tmp_path / "part-0.parquet",
    )  # fmt: skip
    folder = open_folder(tmp_path)
    try:
        result = stats(folder, ["level"])
    finally:
        folder.close()
    assert result["groups"] == []
    assert result["no_match"]["message"] == (
        f"no record in {tmp_path} is counted: it holds submitted salaries, which count only "
        "in a group holding 10 of them of a pay component"
    )


def test_one_parquet_file_is_read_alone(tmp_path: Path) -> None:
    import pyarrow as pa

    # Hand-written fixture rows (not product data). A file was refused with "give its
    # folder", which reads every other Parquet file there too (here: the other level).
    for name, level in (("mine.parquet", "senior"), ("other.parquet", "mid")):
        pq.write_table(
            pa.table({"level": [level] * 5, "amount_usd": [1e5, 2e5, 3e5, 4e5, 5e5]}),
            tmp_path / name,
        )
    folder = open_folder(tmp_path / "mine.parquet")
    try:
        result = stats(folder, ["level"])
    finally:
        folder.close()
    assert [(g["key"]["level"], g["n"], g["p50"]) for g in result["groups"]] == [("senior", 5, 3e5)]


def test_a_foreign_folder_without_source_or_pay_component_says_they_are_unknown(
    tmp_path: Path,
) -> None:
    import pyarrow as pa

    # Hand-written fixture rows (not product data): no source, pay_component or level.
    pq.write_table(
        pa.table(
            {
                "name": ["a", "b", "c"],
                "amount_usd": [100e3, 120e3, 90e3],
                "amount_usd_real": [104e3, 125e3, 93e3],
                "role": ["ml_engineer", "ml_engineer", "data_scientist"],
            }
        ),
        tmp_path / "part-0.parquet",
    )
    # The four commands from one process (``run_each``), not a process each (~0.4 s of CPU).
    role, level, done, real = run_each(
        ["stats", "--from-parquet", tmp_path, "--by", "role"],
        ["stats", "--from-parquet", tmp_path, "--by", "level"],
        ["stats", "--from-parquet", tmp_path, "--by", "role", "--format", "json"],
        ["stats", "--from-parquet", tmp_path, "--real", "--include-flagged"],
    )
    for table in (role, level):  # the table failed: "internal error (TypeError)", status 70
        assert (table.returncode, table.stderr) == (0, ""), table.stderr
        assert "pay: (unknown); years: none; sources: (unknown) 3\n" in table.stdout
    result = json.loads(done.stdout)
    # No _paygrade.json to say the CPI year: the title said "USD in None dollars".
    assert (
        real.stdout.splitlines()[0].strip()
        == "Annual pay, USD in real dollars (CPI-U) (all records)"
    )
    # They were [null] and {"null": 3}: a source named "null".
    assert (result["pay_components"], result["sources"]) == (["(unknown)"], {"(unknown)": 3})
    assert {tuple(g["pay_components"]) for g in result["groups"]} == {("(unknown)",)}


@pytest.mark.parametrize(
    ("column", "values", "says"),
    [
        ("flags", ["", "outlier", ""], "column flags is VARCHAR, not a list (VARCHAR[])"),
        ("amount_usd", ["100000", "n/a", "90000"], "column amount_usd is VARCHAR, not a number"),
        ("year", ["2024", "2023", "2024"], "column year is VARCHAR, not a number (INTEGER)"),
    ],
)
def test_a_column_of_a_type_that_cannot_be_read_is_refused_by_name(
    duckdb_cli: CliCalls, tmp_path: Path, column: str, values: list[str], says: str
) -> None:
    import pyarrow as pa

    # Hand-written fixture rows (not product data). Flags as text and a number as text
    # were "error: internal error (ConversionException)" at the first query, status 70.
    rows = {"level": ["mid"] * 3, "amount_usd": [1e5, 1.2e5, 9e4], column: values}
    pq.write_table(pa.table(rows), tmp_path / "part-0.parquet")
    done = _asked(duckdb_cli, "stats", "--from-parquet", tmp_path, "--by", "level")
    assert (done.returncode, done.stdout) == (1, "")
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"error: {tmp_path}: {says}") and "leave the column out" in line, line


def test_a_partition_folder_naming_no_number_says_to_name_the_folders(
    duckdb_cli: CliCalls, tmp_path: Path
) -> None:
    import pyarrow as pa

    # Hand-written fixture rows (not product data). It said "write it as INTEGER in the
    # files" of a value in a folder's name.
    (tmp_path / "year=unknown").mkdir()
    rows = {"level": ["mid"] * 3, "amount_usd": [1e5, 1.2e5, 9e4]}
    pq.write_table(pa.table(rows), tmp_path / "year=unknown" / "part-0.parquet")
    done = _asked(duckdb_cli, "stats", "--from-parquet", tmp_path, "--by", "level")
    assert done.stderr == (
        f"error: {tmp_path}: column year is VARCHAR, not a number (INTEGER) as paygrade's year "
        "is; name its folders year=<a number>, or leave the column out\n"
    )


def test_a_value_its_column_cannot_hold_is_one_error_line(
    duckdb_cli: CliCalls, tmp_path: Path
) -> None:
    import pyarrow as pa

    # Hand-written fixture rows (not product data): a year past INTEGER, found by the query.
    rows = {"year": [2024, 10**12, 2023], "amount_usd": [1e5, 1.2e5, 9e4]}
    pq.write_table(pa.table(rows), tmp_path / "part-0.parquet")
    done = _asked(duckdb_cli, "stats", "--from-parquet", tmp_path, "--by", "year")
    assert (done.returncode, done.stdout) == (1, "")
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"error: cannot read {tmp_path} as canonical records: Conversion"), line
    assert line.endswith("correct that column in the files, or leave it out"), line


@pytest.mark.parametrize(
    ("value", "said"),
    # Zero and less too: a pay of -120,000 had made a p10 of -12,000 (both engines).
    [("nan", "nan"), ("inf", "inf"), ("-inf", "-inf"), ("1e308", "1e+308"), ("0", "0.0"),
     ("-120000", "-120000.0")],
)  # fmt: skip
def test_a_pay_that_is_no_amount_is_one_error_line(
    duckdb_cli: CliCalls, tmp_path: Path, value: str, said: str
) -> None:
    import pyarrow as pa

    # Hand-written fixture rows (not product data). It was "internal error (ValueError):
    # cannot convert float NaN to integer" (an infinity: OverflowError), status 70.
    rows = {"year": [2024] * 6, "amount_usd": [1e5, 1.1e5, 1.2e5, float(value), 9e4, 8e4]}
    pq.write_table(pa.table(rows), tmp_path / "part-0.parquet")
    done = _asked(duckdb_cli, "stats", "--from-parquet", tmp_path, "--by", "year")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"error: cannot read {tmp_path} as canonical records: column amount_usd holds "
        f"{said}, which is no amount of money; correct those rows in the files, or leave "
        "them out\n"
    )


def test_odd_export_and_folder_paths_are_said_not_internal_errors(
    small_db: Path, tmp_path: Path
) -> None:
    # Each was "internal error (ValueError|RuntimeError)", status 70; a file:// URL's
    # escapes were not read ("sp%20ace" looked for, or written, as such).
    here = tmp_path / "empty"
    here.mkdir()
    # The refusals that need no working folder of their own are asked of one process
    # (``run_each``): a process each had been a third of the test's 3 s.
    home, read, db = run_each(
        ["--db", small_db, "export", "--out", "~paygrade-nobody/x"],
        ["stats", "--from-parquet", "~paygrade-nobody/x"],
        ["--db", "~paygrade-nobody/x.duckdb", "info"],
    )
    said = {
        "here": run("--db", small_db, "export", "--out", ".", cwd=here),
        "host": run("--db", small_db, "export", "--out", "file://newexp", cwd=here),
        "home": home,
        "read": read,
        "db": db,
    }
    assert {k: (d.returncode, d.stderr) for k, d in said.items()} == {
        "here": (1, "error: . is the folder you are in (or holds it): the export replaces the "
                    "folder, so give it from outside (cd ..)\n"),
        "host": (1, "error: file://newexp: a file URL names an absolute path (file:///...); "
                    "newexp reads as a host\n"),
        "home": (1, "error: ~paygrade-nobody/x: no home folder is known for ~paygrade-nobody\n"),
        "read": (1, "error: ~paygrade-nobody/x: no home folder is known for ~paygrade-nobody\n"),
        "db": (2, "error: bad setting db: ~paygrade-nobody/x.duckdb: no home folder is known "
                  "for ~paygrade-nobody\n"),
    }  # fmt: skip
    assert list(here.iterdir()) == []
    # The same folder by another name: it was replaced, the shell left in a folder gone.
    again = run("--db", small_db, "export", "--out", "../empty", cwd=here)
    assert again.returncode == 1 and "is the folder you are in" in again.stderr
    # From a folder that is gone, the check itself was an internal error (70).
    gone = tmp_path / "gone"
    gone.mkdir()
    elsewhere = tmp_path / "elsewhere"
    done = subprocess.run(
        ["bash", "-c", f"cd '{gone}' && rmdir '{gone}' && exec '{PAYGRADE}' --db '{small_db}' "
         f"export --out '{elsewhere}'"], capture_output=True, text=True, timeout=120, check=False,
        env={k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_")},
    )  # fmt: skip
    assert done.returncode == 0 and (elsewhere / "_paygrade.json").is_file(), done.stderr
    spaced = tmp_path / "sp ace"
    url = f"file://{tmp_path}/sp%20ace/exp%201"
    assert run("--db", small_db, "export", "--out", url).returncode == 0
    assert [p.name for p in spaced.iterdir()] == ["exp 1"]
    done = run("stats", "--from-parquet", url, "--by", "source", "--format", "json")
    assert done.returncode == 0 and json.loads(done.stdout)["groups"], done.stderr


def test_a_key_value_folder_above_an_export_is_not_read_as_its_values(
    small_db: Path, tmp_path: Path
) -> None:
    # DuckDB reads every key=value of a path, the first winning: an export under
    # source=2026-12/year=1999/ was one source and every record of 1999, from its counted
    # cells and from its records alike (Spark, given the folder as its base, read below).
    out = tmp_path / "source=snap-2026-12" / "year=1999" / "records"
    assert run("--db", small_db, "export", "--out", out).returncode == 0

    def by(*fields: str) -> list[list[tuple[str, int]]]:
        """Each field's groups from the export, then from the store, asked of one process
        (``run_each``): a process each had been most of the test's 3 s."""
        asked = [(f, ["--from-parquet", out]) for f in fields] + [(f, []) for f in fields]
        calls = [
            ["--db", small_db, "stats", *src, "--by", f, "--format", "json"] for f, src in asked
        ]
        answers = []
        for (field, _), done in zip(asked, run_each(*calls), strict=True):
            assert done.returncode == 0, done.stderr
            groups = json.loads(done.stdout)["groups"]
            answers.append(sorted((str(g["key"][field]), g["n"]) for g in groups))
        return answers

    export_source, export_year, store_source, store_year = by("source", "year")
    assert (export_source, export_year) == (store_source, store_year)
    shutil.rmtree(out / "_tables")  # the records themselves, not their counted cells
    export_year, store_year = by("year")
    assert export_year == store_year
    # One file of it read alone: its own folders' values, not the outer ones (DuckDB).
    one = next(out.glob("source=aijobs/year=2024/*.parquet"))
    done = run("stats", "--from-parquet", one, "--by", "source,year", "--format", "json")
    keys = [g["key"] for g in json.loads(done.stdout)["groups"]]
    assert keys == [{"source": "aijobs", "year": 2024}], done.stderr
    # Given as "..", from inside a partition folder: it was "cannot use ...: File exists".
    inside = run("stats", "--from-parquet", "..", "--by", "source", cwd=out / "source=h1b")
    assert inside.returncode == 0 and "aijobs" in inside.stdout, inside.stderr
    assert not list(Path(tempfile.gettempdir()).glob("paygrade-folder-*"))


def test_a_partition_folder_that_is_a_link_is_read_once(tmp_path: Path) -> None:
    import pyarrow as pa

    # Hand-written fixture rows (not product data). A linked partition folder was left out
    # without a word (pyarrow and Spark read it); a link back up is read once, not forever.
    elsewhere = tmp_path / "elsewhere" / "source=b"
    for folder in (tmp_path / "data" / "source=a", elsewhere):
        folder.mkdir(parents=True)
        pq.write_table(pa.table({"amount_usd": [1e5, 1.1e5, 1.2e5, 1.3e5, 1.4e5]}),
                       folder / "part-0.parquet")  # fmt: skip
    (tmp_path / "data" / "source=b").symlink_to(elsewhere, target_is_directory=True)
    (tmp_path / "data" / "source=a" / "up").symlink_to(tmp_path / "data")
    done = run("stats", "--from-parquet", tmp_path / "data", "--by", "source", "--format", "json")
    assert done.returncode == 0, done.stderr
    counted = {g["key"]["source"]: g["n"] for g in json.loads(done.stdout)["groups"]}
    assert counted == {"a": 5, "b": 5}


def test_a_parquet_file_damaged_inside_is_one_error_line(
    duckdb_cli: CliCalls, tmp_path: Path
) -> None:
    import pyarrow as pa

    # Hand-written fixture rows (not product data), a data page then zeroed: its footer
    # opens, its pages do not. It was "internal error (Error): TProtocolException", 70.
    rows = {"year": [2024] * 2000, "title": [f"title {i}" for i in range(2000)],
            "amount_usd": [1e5 + i for i in range(2000)]}  # fmt: skip
    # Compressed as paygrade's exports are, a page that does not decompress: 70 too.
    for compression in ("none", "zstd", "snappy"):
        folder = tmp_path / compression
        folder.mkdir()
        path = folder / "part-0.parquet"
        pq.write_table(pa.table(rows), path, compression=compression)
        data = bytearray(path.read_bytes())
        data[100:2100] = bytes(2000)
        path.write_bytes(bytes(data))
        done = _asked(
            duckdb_cli, "stats", "--from-parquet", folder, "--by", "title", "--limit", "1"
        )
        assert (done.returncode, done.stdout) == (1, ""), done.stderr
        assert done.stderr.startswith(f"error: cannot read {folder}: "), done.stderr
        assert "internal error" not in done.stderr


def _nan_years(folder: Path, missing: bool = True) -> Path:
    """A folder of one Parquet file whose years of experience are NaN, 3 and missing (or,
    without ``missing``, NaN, 3 and 5)."""
    import pyarrow as pa

    # Hand-written fixture rows (not product data): NaN is pandas' missing number. A group
    # of NaN years over two pay years looped for ever (NaN is never equal to itself); over
    # one, its key was NaN, which is no JSON. Spark kept NaN apart from the missing years:
    # two groups under one null key, one given the other's interval. With no missing year,
    # DuckDB still made NaN a group (printed as NaN): pyarrow leaves NaN out of the file's
    # min/max (3 and 5), from which DuckDB had folded the isnan test away.
    years = [float("nan")] * 6 + [3.0] * 6 + ([None] if missing else [5.0]) * 6
    rows = {"years_experience": pa.array(years, pa.float64(), from_pandas=False),
            "amount_usd": [1e5 + 1000 * i for i in range(18)],
            "year": [2020 + i % 2 for i in range(18)]}  # fmt: skip
    pq.write_table(pa.table(rows), folder / "part-0.parquet")
    return folder


NAN_YEARS = ["stats", "--by", "years_experience", "--format", "json"]


def _strict_json(text: str) -> Any:
    """``text`` read as JSON is: Python's reader takes NaN and Infinity, which are none."""

    def refused(constant: str) -> Any:
        raise ValueError(f"{constant} is no JSON")

    return json.loads(text, parse_constant=refused)


@pytest.mark.parametrize("missing", [True, False], ids=["missing-too", "no-missing"])
@pytest.mark.parametrize("engine", ["duckdb", "spark"])
def test_a_nan_number_of_years_is_a_missing_one(
    duckdb_cli: CliCalls, tmp_path: Path, engine: str, missing: bool, request: pytest.FixtureRequest
) -> None:
    if engine == "spark":  # asked in the one Spark process of the CLI tests
        spark_cli = request.getfixturevalue("spark_cli")
        done = spark_cli.nan_years if missing else spark_cli.nan_years_only
    else:
        folder = _nan_years(tmp_path, missing)
        done = _asked(duckdb_cli, *NAN_YEARS, "--from-parquet", folder, "--engine", engine)
    assert done.returncode == 0, done.stderr
    groups = _strict_json(done.stdout)["groups"]
    found = sorted((g["key"]["years_experience"] or 0, g["n"]) for g in groups)
    assert found == ([(0, 12), (3.0, 6)] if missing else [(0, 6), (3.0, 6), (5.0, 6)])


def test_a_column_of_nothing_reads_as_missing(duckdb_cli: CliCalls, tmp_path: Path) -> None:
    import pyarrow as pa

    # Hand-written fixture rows (not product data): pandas writes a column of None as
    # Arrow's null type; the folder was refused ("column flags is "NULL", not a list").
    rows = {"amount_usd": [1e5 + 1000 * i for i in range(12)], "year": [2023] * 12,
            "flags": pa.nulls(12), "level": pa.nulls(12)}  # fmt: skip
    pq.write_table(pa.table(rows), tmp_path / "part-0.parquet")
    done = _asked(
        duckdb_cli, "stats", "--from-parquet", tmp_path, "--by", "level", "--format", "json"
    )
    assert done.returncode == 0, done.stderr
    (group,) = json.loads(done.stdout)["groups"]
    assert group["key"] == {"level": None} and group["n"] == 12


@pytest.mark.parametrize("engine", ["duckdb", "spark"])
@pytest.mark.parametrize("as_url", [False, True])
def test_a_partition_folder_naming_no_value_is_refused(
    tmp_path: Path, engine: str, as_url: bool
) -> None:
    import pyarrow as pa

    # Hand-written fixture rows (not product data). DuckDB read "level=" as a level ""
    # (a group of six of its own, exit 0); Spark stopped with "[INTERNAL_ERROR]".
    for level in ("senior", ""):
        (tmp_path / f"level={level}").mkdir()
        pays = {"amount_usd": [1e5, 1.1e5, 1.2e5, 1.3e5, 1.4e5, 1.5e5]}
        pq.write_table(pa.table(pays), tmp_path / f"level={level}" / "a.parquet")
    where = f"file://{tmp_path}" if as_url else str(tmp_path)
    done = run("stats", "--from-parquet", where, "--by", "level", "--engine", engine)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"error: {where}: the partition folder level= names no value; name a missing level "
        "level=__HIVE_DEFAULT_PARTITION__, as Spark and pyarrow write it\n"
    )


def test_a_folder_with_no_amount_says_so_not_to_ingest(tmp_path: Path) -> None:
    import pyarrow as pa

    # Hand-written fixture rows (not product data): amounts all empty; no real dollars.
    # It said "the store holds no records: run `paygrade ingest --all`".
    rows = {"year": [2024, 2023], "amount_usd": pa.array([None, None], pa.float64())}
    pq.write_table(pa.table(rows), tmp_path / "part-0.parquet")
    folder = open_folder(tmp_path)
    try:
        said = stats(folder, [], value="amount_usd")["no_match"]["message"]
        assert said == f"no record in {tmp_path} has amount_usd"
        # Real dollars: the files have no such column at all, said so (test_user_files_fixes5).
        with pytest.raises(ParquetError, match="have no amount_usd_real column"):
            stats(folder, [], value="amount_usd_real")
    finally:
        folder.close()


def test_the_amount_check_passes_every_amount_a_store_holds(
    real_store: Store, exported: Path
) -> None:
    folder = open_folder(exported)
    try:
        for value in ("amount_usd", "amount_usd_real"):
            # From the records, not the exported cells: the view with the check is read.
            assert folder.scalar(f"SELECT count({value}) FROM records") == real_store.scalar(
                f"SELECT count({value}) FROM records"
            )
    finally:
        folder.close()


@pytest.mark.parametrize(
    ("location", "said"),
    [
        ("ftp://host/records", "ftp://host/records: paygrade does not read ftp:// URLs"),
        ("gs://", "gs:// names no bucket or host"),
        ("", "no folder given: the path is empty"),
    ],
)
def test_a_location_that_cannot_be_read_is_said_at_once(location: str, said: str) -> None:
    # ftp:// had reached fsspec's FTP filesystem, made without a host: a TypeError and a
    # traceback from its __del__; "gs://" was "gs: holds no Parquet files".
    done = run("stats", "--from-parquet", location, "--by", "level")
    # No path at all is a usage mistake (2), as every blank value is; a wrong one is 1.
    assert (done.returncode, done.stdout) == (2 if not location else 1, "")
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"error: {said}"), line


def test_a_url_folder_is_read_as_a_local_one(
    real_store: Store, exported: Path, tmp_path: Path
) -> None:
    # The URL branch (s3://, gs://, https://) read '<url>/**/*.parquet': the side tables
    # under _tables/ too ("Hive partition mismatch"), and a foreign folder not at all
    # ("No files found ... _tables/price_parities.parquet"). file:// takes that branch
    # without the network.
    for query in (QUERIES[0], QUERIES[5], QUERIES[6]):
        by, where, options = query
        folder = open_folder(f"file://{exported}")
        try:
            assert stats(folder, by, where, **options) == stats(real_store, by, where, **options)
        finally:
            folder.close()
    foreign = tmp_path / "foreign"  # not beside the export, which other tests read
    foreign.mkdir()
    shutil.copy(next((exported / "source=aijobs" / "year=2024").glob("*.parquet")), foreign)
    local, url = open_folder(foreign), open_folder(f"file://{foreign}/")
    try:
        assert stats(url, ["year"]) == stats(local, ["year"])  # no partition folders: no source
        assert stats(url, ["year"])["groups"][0]["n"] > 50_000
    finally:
        local.close()
        url.close()


def test_a_url_without_duckdbs_reader_of_urls_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import duckdb

    # No httpfs extension and none to download (no network): it said "An error occurred
    # while trying to automatically install the required extension 'httpfs:", cut there.
    connect = duckdb.connect

    def offline(database: str = ":memory:", **kwargs: Any) -> duckdb.DuckDBPyConnection:
        config = {
            "extension_directory": str(tmp_path),
            "autoinstall_extension_repository": "http://127.0.0.1:9",
        }
        return connect(database, config=config)

    monkeypatch.setattr("paygrade.parquet.duckdb.connect", offline)
    # Nor fsspec's s3fs (paygrade[s3]), which would read it instead.
    monkeypatch.setattr("paygrade.object_store.fsspec_filesystem", lambda protocol: None)
    started = time.monotonic()
    with pytest.raises(ParquetError) as refusal:
        open_folder("s3://bucket/paygrade/records")
    said = str(refusal.value)
    assert said.startswith("cannot read s3://bucket/paygrade/records as Parquet records: ")
    assert "httpfs extension, which is not installed" in said and "give its local path" in said
    assert "or install s3fs (pip install 'paygrade[s3]') to read s3:// through fsspec" in said
    assert "\n" not in said and time.monotonic() - started < 30


# --- Spark (pyspark local mode) -------------------------------------------------------


@pytest.fixture(scope="module")
def spark_engine(exported: Path, real_db: Path, spark_session: Any) -> IbisEngine:
    from paygrade.engines import spark

    with _opened(real_db) as store:
        prices = spark.metro_prices(store)
    return spark.engine(spark_session, str(exported), prices)


@pytest.mark.parametrize("query", QUERIES, ids=_ids)
def test_spark_gives_identical_n_and_percentiles(
    real_store: Store,
    spark_engine: IbisEngine,
    query: tuple[list[str], dict[str, list[Any]], dict[str, Any]],
) -> None:
    by, where, options = query
    on_duckdb = stats(real_store, by, where, **options)
    on_spark = stats(real_store, by, where, **options, engine=spark_engine)
    assert on_spark == on_duckdb


def test_spark_reads_a_foreign_folder_as_duckdb_does(spark_session: Any, tmp_path: Path) -> None:
    import pyarrow as pa

    from paygrade.engines import spark

    # Hand-written fixture rows (not product data): no flags, dup_rank or source, a year
    # of 64 bits. DuckDB read such a folder; Spark said "internal error (AttributeError):
    # 'Table' object has no attribute 'flags'" (status 70).
    rows = {
        "level": ["senior"] * 6 + ["mid"] * 5,
        "year": pa.array([2024] * 11, pa.int64()),
        "amount_usd": [200e3, 210e3, 190e3, 250e3, 230e3, 220e3] + [150e3] * 5,
    }
    pq.write_table(pa.table(rows), tmp_path / "part-0.parquet")
    folder = open_folder(tmp_path)
    try:
        on_duckdb = stats(folder, ["level"], {"year": [2024]}, distinct_rows=True)
        on_spark = stats(
            folder, ["level"], {"year": [2024]}, distinct_rows=True,
            engine=spark.engine(spark_session, str(tmp_path)),
        )  # fmt: skip
    finally:
        folder.close()
    assert on_spark == on_duckdb
    assert [g["n"] for g in on_duckdb["groups"]] == [5, 6]  # mid, senior
    # No pay_component column: each group says so as the answer does (they had said []).
    assert [g["pay_components"] for g in on_duckdb["groups"]] == [["(unknown)"]] * 2


def _fixture_rows(levels: list[str], **more: Any) -> Any:
    """A hand-written fixture table (not product data): a level and a pay per row."""
    import pyarrow as pa

    pays = [100e3 + 1_000 * i for i in range(len(levels))]
    return pa.table({"level": levels, "amount_usd": pays, **more})


@pytest.mark.parametrize(
    ("value", "said"),
    # Zero and less too: a pay of -120,000 had made a p10 of -12,000 (both engines).
    [("nan", "nan"), ("inf", "inf"), ("-inf", "-inf"), ("1e308", "1e+308"), ("0", "0.0"),
     ("-120000", "-120000.0")],
)  # fmt: skip
@pytest.mark.parametrize("given", ["folder", "file"])
def test_spark_refuses_a_pay_that_is_no_amount_in_the_scan_itself(
    spark_session: Any, tmp_path: Path, value: str, said: str, given: str
) -> None:
    import pyarrow as pa

    from paygrade.engines import spark

    # Hand-written fixture rows (not product data). A folder on an object store was read
    # by Spark alone, which left a NaN pay out without a word (n 5 of 6); one file is
    # read as an object store's prefix is (Spark lists it). A missing pay is no error.
    pays = [1e5, 1.1e5, None, 1.2e5, float(value), 9e4, 8e4]
    pq.write_table(pa.table({"year": [2024] * 7, "amount_usd": pays}), tmp_path / "p.parquet")
    where = tmp_path if given == "folder" else tmp_path / "p.parquet"
    folder = open_folder(tmp_path)
    try:
        with pytest.raises(ParquetError) as refusal:
            stats(folder, ["year"], {}, engine=spark.engine(spark_session, str(where)))
    finally:
        folder.close()
    assert str(refusal.value) == (
        f"cannot read {where} as canonical records: column amount_usd holds {said}, which is "
        "no amount of money; correct those rows in the files, or leave them out"
    )


def test_a_folders_rows_with_no_pay_are_said(tmp_path: Path) -> None:
    import pyarrow as pa

    # Hand-written fixture rows (not product data): 2 of 10 with no pay had been left out
    # without a word.
    pays = [None, None, *(1e5 + 1e4 * i for i in range(8))]
    some, none = tmp_path / "some", tmp_path / "none"  # and a folder with no row with pay
    some.mkdir()
    none.mkdir()
    pq.write_table(pa.table({"year": [2024] * 10, "amount_usd": pays}), some / "p.parquet")
    pays = pa.array([None, None], pa.float64())
    pq.write_table(pa.table({"year": [2024] * 2, "amount_usd": pays}), none / "p.parquet")
    done, nothing = run_each(  # one process, not one each (~0.4 s of CPU)
        ["stats", "--from-parquet", some, "--by", "year", "--format", "json"],
        ["stats", "--from-parquet", none, "--by", "year"],
    )
    assert done.returncode == 0 and json.loads(done.stdout)["groups"][0]["n"] == 8
    assert (
        f"warning: left out: 2 rows of {some} with no amount_usd, which no answer counts"
        in done.stderr.splitlines()
    )
    # No row with pay: the no-match line says it, once.
    assert nothing.returncode == 1 and "left out:" not in nothing.stderr


def test_a_folders_connection_is_free_for_other_work_after_stats(tmp_path: Path) -> None:
    import pyarrow as pa

    from paygrade.engines import spark

    # Hand-written fixture rows (not product data). stats left a result of the folder's
    # connection half fetched (fetchone), and the next query on it, the prices a Spark run
    # reads first, failed: "connection has an unfinished result from execute()".
    pq.write_table(_fixture_rows(["mid"] * 6, year=pa.array([2024] * 6)), tmp_path / "p.parquet")
    folder = open_folder(tmp_path)
    try:
        assert stats(folder, ["level"], {"year": [2024]})["groups"][0]["n"] == 6
        assert spark.metro_prices(folder).num_rows == 0
    finally:
        folder.close()


def test_spark_counts_pays_beside_missing_ones(spark_session: Any, tmp_path: Path) -> None:
    import pyarrow as pa

    from paygrade.engines import spark

    # Hand-written fixture rows (not product data): the guard leaves a missing pay missing.
    pays = [1e5, 1.1e5, None, 1.2e5, 1.3e5, 9e4, 8e4]
    pq.write_table(pa.table({"year": [2024] * 7, "amount_usd": pays}), tmp_path / "p.parquet")
    folder = open_folder(tmp_path)
    try:
        on_duckdb = stats(folder, ["year"], {})
        on_spark = stats(folder, ["year"], {}, engine=spark.engine(spark_session, str(tmp_path)))
    finally:
        folder.close()
    assert on_spark == on_duckdb and on_spark["groups"][0]["n"] == 6


def test_one_column_in_two_cases_is_refused_on_both_engines(
    spark_session: Any, tmp_path: Path
) -> None:
    import pyarrow as pa

    from paygrade.engines import spark

    # Hand-written fixture rows (not product data). DuckDB read amount_usd and left
    # AMOUNT_USD without a word; Spark said "[COLUMN_ALREADY_EXISTS] The column
    # `amount_usd` already exists", naming one of them.
    rows = _fixture_rows(["mid"] * 6)
    pq.write_table(rows.append_column("AMOUNT_USD", pa.array([1.0] * 6)), tmp_path / "p.parquet")
    with pytest.raises(ParquetError) as on_duckdb:
        open_folder(tmp_path)
    with pytest.raises(ParquetError) as on_spark:
        spark.engine(spark_session, str(tmp_path))
    assert (
        str(on_duckdb.value)
        == str(on_spark.value)
        == (
            f"{tmp_path} holds columns amount_usd and AMOUNT_USD, one column named in two cases "
            "(a column in any case is paygrade's amount_usd), so which one to read is unclear; "
            "rename or leave out one of them"
        )
    )
    # The folder as a file:// URL, the form of an object store's URL Spark reads here.
    with pytest.raises(ParquetError) as at_url:
        spark.engine(spark_session, tmp_path.as_uri())
    assert str(at_url.value) == str(on_spark.value).replace(str(tmp_path), tmp_path.as_uri(), 1)
    # A column named as DuckDB renames the second (amount_usd_1) is no such pair.
    pq.write_table(rows.append_column("amount_usd_1", pa.array([1.0] * 6)), tmp_path / "p.parquet")
    folder = open_folder(tmp_path)
    try:
        assert stats(folder, ["level"], {})["groups"][0]["n"] == 6
    finally:
        folder.close()


def test_a_nan_whole_number_is_a_missing_one_on_both_engines(
    spark_session: Any, tmp_path: Path
) -> None:
    from paygrade.engines import spark

    # Hand-written fixture rows (not product data), as pandas writes whole numbers with a
    # missing one: doubles, the missing ones NaN. Both engines stopped in their own words:
    # DuckDB "Type DOUBLE with value nan can't be cast ... INT32", Spark "[CAST_OVERFLOW]
    # The value NaN ... Use `try_cast`". A NaN dup_rank is blank: its own first copy.
    nan = float("nan")
    rows = _fixture_rows(["mid"] * 12, year=[2024.0, nan, 2023.0] * 4,
                         remote=[0.0, 1.0, nan, 1.0] * 3, dup_rank=[1.0, nan, 2.0] * 4)  # fmt: skip
    pq.write_table(rows, tmp_path / "p.parquet")
    folder = open_folder(tmp_path)
    try:
        on_duckdb = stats(folder, ["year", "remote"], {}, distinct_rows=True)
        on_spark = stats(
            folder, ["year", "remote"], {}, distinct_rows=True,
            engine=spark.engine(spark_session, str(tmp_path)),
        )  # fmt: skip
    finally:
        folder.close()
    assert on_spark == on_duckdb
    keys = sorted((str(g["key"]["year"]), str(g["key"]["remote"])) for g in on_duckdb["groups"])
    assert keys == [("2024", "0"), ("2024", "1"), ("2024", "None"), ("None", "0"),
                    ("None", "1"), ("None", "None")]  # fmt: skip
    assert sum(g["n"] for g in on_duckdb["groups"]) == 8  # dup_rank 1 or blank: 2023's are 2


@pytest.mark.parametrize(
    "layout",
    ["columns-differ", "no-suffix", "plain-subfolder", "escaped-value", "inside-hive",
     "fractions-brackets-huge", "raw-beside-escaped", "one-file-of-an-export",
     "blank-dup-rank"],
)  # fmt: skip
def test_spark_reads_the_files_duckdb_reads_of_a_folder_paygrade_did_not_write(
    spark_session: Any, tmp_path: Path, layout: str
) -> None:
    from paygrade.engines import spark

    # Given the folder, Spark read what DuckDB does not, or not what it does: a column one
    # file lacks was null in every file; a file without ".parquet" was read (n doubled), a
    # plain subfolder not (n halved); "metro=Z%C3%BCrich" was "ZÃ¼rich"; a folder
    # "source=x" given lost its source. Each gave other answers than DuckDB, exit 0.
    folder = tmp_path / "records"
    (folder / "sub").mkdir(parents=True)
    first = _fixture_rows(["mid"] * 3 + ["senior"] * 3)
    if layout == "columns-differ":
        pq.write_table(first.drop(["level"]), folder / "a.parquet")
        pq.write_table(first, folder / "b.parquet")
    elif layout == "no-suffix":
        pq.write_table(first, folder / "a.parquet")
        pq.write_table(first, folder / "part-00001")
    elif layout == "plain-subfolder":
        pq.write_table(first, folder / "a.parquet")
        pq.write_table(first, folder / "sub" / "b.parquet")
    elif layout == "escaped-value":
        for metro in ("Z%C3%BCrich", "Bern"):
            (folder / f"metro={metro}").mkdir()
            pq.write_table(first, folder / f"metro={metro}" / "a.parquet")
    elif layout == "inside-hive":
        folder = tmp_path / "export" / "source=x"
        folder.mkdir(parents=True)
        pq.write_table(first, folder / "a.parquet")
    elif layout == "raw-beside-escaped":
        # As Spark writes them: "100%" escaped, "Zürich" not. Every value was decoded
        # again: MALFORMED_CHARACTER_CODING.
        for metro in ("Zürich", "100%25 Remote"):
            (folder / f"metro={metro}").mkdir()
            pq.write_table(first, folder / f"metro={metro}" / "a.parquet")
    elif layout == "blank-dup-rank":
        import pyarrow as pa

        # A dup_rank given blank counted as a later copy, on both engines (n_distinct 0).
        blank = pa.array([None] * first.num_rows, pa.int64())
        pq.write_table(first.append_column("dup_rank", blank), folder / "a.parquet")
    elif layout == "one-file-of-an-export":
        # Read alone, Spark lost its folders' source and year (a filter on them: nothing).
        (tmp_path / "export" / "source=x" / "year=2024").mkdir(parents=True)
        folder = tmp_path / "export" / "source=x" / "year=2024" / "a.parquet"
        pq.write_table(first, folder)
    else:
        # A fraction in a whole-number column: DuckDB's cast takes a half to the even
        # number, Spark's cut it off (66.7 was 66). "[2024]" in the path: Hadoop's glob
        # found nothing. A pay past $922 trillion: Spark's sum overflowed a BIGINT.
        folder = tmp_path / "data[2024]"
        folder.mkdir()
        fractions = [66.7, 66.7, 50.5, 50.5, 51.5, 51.5]
        pq.write_table(first.append_column("remote", [fractions]), folder / "a.parquet")
        huge = _fixture_rows(["staff"] * 2).set_column(1, "amount_usd", [[1e16, 1e16]])
        pq.write_table(huge, folder / "b.parquet")
    by = {"escaped-value": ["metro", "level"], "fractions-brackets-huge": ["remote", "level"],
          "raw-beside-escaped": ["metro", "level"], "one-file-of-an-export": ["source", "year"]
          }.get(layout, ["source", "level"])  # fmt: skip
    opened = open_folder(folder)
    try:
        on_duckdb = stats(opened, by)
        on_spark = stats(opened, by, engine=spark.engine(spark_session, str(folder)))
    finally:
        opened.close()
    assert on_spark == on_duckdb
    assert sum(g["n"] for g in on_duckdb["groups"]) >= 6
    if layout == "blank-dup-rank":
        assert all(g["n_distinct"] == g["n"] for g in on_duckdb["groups"]), on_duckdb


def test_spark_reads_fractions_in_folders_and_columns_in_another_case_as_duckdb(
    spark_session: Any, tmp_path: Path
) -> None:
    from paygrade.engines import spark

    # The folders of tests/test_parquet_fixes8.py, asked of this module's Spark session.
    folder = _years_folders(tmp_path / "records")
    for path in folder.glob("*/*.parquet"):  # Level and AMOUNT_USD, as another tool names them
        table = pq.read_table(path, partitioning=None)
        pq.write_table(table.rename_columns(["role", "Level", "AMOUNT_USD"]), path)
    opened = open_folder(folder)
    try:
        on_duckdb = stats(opened, ["years_experience", "level"])
        on_spark = stats(
            opened, ["years_experience", "level"], engine=spark.engine(spark_session, str(folder))
        )
    finally:
        opened.close()
    assert on_spark == on_duckdb
    found = [(g["key"]["years_experience"], g["key"]["level"], g["n"]) for g in on_duckdb["groups"]]
    assert found == [(0.5, "senior", 6), (2.0, "senior", 5), (None, "senior", 5)]


def test_an_error_as_the_query_runs_is_said_as_the_backend_is_known_to_say_it() -> None:
    # Spark read a folder, then failed as the query read a file (a cell of another type):
    # "internal error (Py4JJavaError)" and Java's whole stack, exit 70.
    class Failing:
        def to_pyarrow(self) -> Any:
            raise RuntimeError("at org.apache.spark ... stack")

    told = ValueError("Spark cannot read f: one line")
    engine = IbisEngine("spark", None, said=lambda e: told if "org.apache" in str(e) else None)
    with pytest.raises(ValueError) as caught:
        engine._fetch(Failing())
    assert caught.value is told
    with pytest.raises(RuntimeError):  # an error it does not know goes on as it is
        IbisEngine("spark", None, said=lambda e: None)._fetch(Failing())


def test_a_scheme_spark_has_no_filesystem_for_is_one_line(spark_session: Any) -> None:
    from paygrade.engines import spark

    # DuckDB reads s3:// (httpfs or s3fs: tests/test_object_store.py); this Spark has no
    # Hadoop S3A connector. It was "internal error (Py4JJavaError)" and Java's whole stack.
    with pytest.raises(spark.SparkCannotRead) as refusal:
        spark.engine(spark_session, "s3://bucket/paygrade/records")
    said = str(refusal.value)
    assert said.startswith(
        'Spark cannot read s3://bucket/paygrade/records: No FileSystem for scheme "s3"; '
        "Spark reads s3:// through a Hadoop connector"
    ), said
    assert "\n" not in said and "at org.apache" not in said
    # s3a:// names Hadoop's S3A, whose class is then missing: the same advice, not the
    # bare ClassNotFoundException.
    with pytest.raises(spark.SparkCannotRead) as refusal:
        spark.engine(spark_session, "s3a://bucket/paygrade/records")
    assert "Spark reads s3a:// through a Hadoop connector on its classpath" in str(refusal.value)


def test_a_spark_url_with_no_port_number_says_so(real_db: Path) -> None:
    pytest.importorskip("pyspark")
    from paygrade.engines import spark

    # It said "invalid literal for int() with base 10: 'notaport'"; port 0 was read as
    # none ("connection refused at 127.0.0.1:7077", a port not given).
    for url in ("sc://localhost:notaport", "spark://localhost:99999", "spark://127.0.0.1:0"):
        with pytest.raises(spark.SparkUnavailable) as refusal:
            spark.session(Settings(db=real_db, spark_remote=url, spark_timeout=5))
        assert str(refusal.value).startswith(
            f"cannot reach Spark at {url}: the port is not a number from 1 to 65535"
        )


def test_a_spark_url_with_no_host_says_so_at_once(real_db: Path) -> None:
    pytest.importorskip("pyspark")
    from paygrade.engines import spark

    # "sc://" waited the whole timeout, then said Spark did not answer.
    for url in ("sc://", "sc://:15002", "spark://"):
        started = time.monotonic()
        with pytest.raises(spark.SparkUnavailable) as refusal:
            spark.session(Settings(db=real_db, spark_remote=url, spark_timeout=60))
        assert str(refusal.value).startswith(f"cannot reach Spark at {url}: the URL names no host")
        assert time.monotonic() - started < 30


def test_a_spark_host_no_name_server_knows_is_said_at_once(real_db: Path) -> None:
    pytest.importorskip("pyspark")
    from paygrade.engines import spark

    # It waited the whole timeout, then said Spark "did not answer" (raise the timeout).
    for url in ("sc://nosuchhost.invalid:15002", "spark://nosuchhost.invalid:7077"):
        started = time.monotonic()
        with pytest.raises(spark.SparkUnavailable) as refusal:
            spark.session(Settings(db=real_db, spark_remote=url, spark_timeout=60))
        said = f"cannot reach Spark at {url}: no host is called 'nosuchhost.invalid'"
        assert str(refusal.value).startswith(said)
        assert time.monotonic() - started < 30


def test_a_ctrl_c_of_an_earlier_spark_run_is_not_said_of_the_next(
    spark_session: Any, tmp_path: Path
) -> None:
    from paygrade.engines import spark

    # One Ctrl-C in a process that goes on (a notebook, run_each's CLI calls) had left the
    # note set: every later Spark error of the process was said as "interrupted".
    (tmp_path / "records").mkdir()
    (tmp_path / "records" / "a.parquet").write_bytes(b"PAR1 not a parquet file PAR1")
    spark._INTERRUPTED.set()
    try:
        with pytest.raises(spark.SparkCannotRead):
            spark.engine(spark_session, str(tmp_path / "records"))
    finally:
        spark._INTERRUPTED.clear()


def test_ctrl_c_during_a_spark_run_is_said_as_an_interruption() -> None:
    pytest.importorskip("pyspark")
    from paygrade.engines import spark
    from paygrade.records import Interrupted

    # The terminal's SIGINT reaches the JVM too: py4j's "Answer from Java side is empty"
    # was said as "Spark cannot read ...", status 1, after py4j's own traceback (logged
    # through the root logger, which printed it).
    before = signal.getsignal(signal.SIGINT)
    try:
        spark._noting_interrupts()
        with pytest.raises(KeyboardInterrupt):
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(5)
        told = spark._or_interrupted(spark.SparkCannotRead("Answer from Java side is empty"))
        assert isinstance(told, Interrupted) and str(told) == "interrupted"
    finally:
        signal.signal(signal.SIGINT, before)
        spark._INTERRUPTED.clear()
    quiet = "from paygrade.engines.spark import _quiet_py4j; _quiet_py4j(); import logging; "
    logged = subprocess.run(
        [sys.executable, "-c", quiet + "logging.exception('KeyboardInterrupt while sending')"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert logged.stderr == ""


def _cli(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    # A Spark process starts a JVM: give it longer than the other CLI tests.
    return run(*args, env=env, timeout=600)


def test_a_nan_pay_is_refused_on_spark_as_on_duckdb(
    real_db: Path, spark_session: Any, tmp_path: Path
) -> None:
    import pyarrow as pa

    from paygrade.engines import spark

    # Hand-written fixture rows (not product data). DuckDB refused the folder; Spark left
    # the NaN out without a word (n 5 of 6, status 0). Spark is asked here as `stats
    # --from-parquet F --engine spark` asks it, on the module's session (a CLI process
    # of its own started a JVM: 30 s); the CLI's own Spark runs and error lines are the
    # tests below.
    pays = [150e3, 160e3, 170e3, 180e3, 190e3, float("nan")]
    pq.write_table(pa.table({"level": ["senior"] * 6, "amount_usd": pays}), tmp_path / "a.parquet")
    said = _cli("--db", real_db, "stats", "--from-parquet", tmp_path, "--by", "level")
    assert (said.returncode, said.stdout) == (1, "")
    assert "column amount_usd holds nan, which is no amount of money" in said.stderr
    folder = open_folder(tmp_path)
    try:
        on_spark = spark.engine(spark_session, str(tmp_path), spark.metro_prices(folder))
        with pytest.raises(ParquetError) as refusal:
            stats(folder, ["level"], {}, engine=on_spark)
    finally:
        folder.close()
    assert f"error: {refusal.value}\n" == said.stderr


@dataclass(frozen=True)
class SparkCli:
    """What one ``paygrade --engine spark`` process answered (see ``spark_cli``)."""

    level_stats: subprocess.CompletedProcess[str]
    nan_years: subprocess.CompletedProcess[str]
    nan_years_only: subprocess.CompletedProcess[str]  # NaN and numbers, none missing
    level_on_duckdb: subprocess.CompletedProcess[str]  # LEVEL_STATS on DuckDB, after Spark's
    level_from_parquet: subprocess.CompletedProcess[str]  # and over the real store's export
    stderr: str  # all the process wrote to its stderr, the JVM's own lines too
    temporary: Path  # its TMPDIR


LEVEL_STATS = ["stats", "--by", "level", "--where", "role=ml_engineer", "--format", "json"]


@pytest.fixture(scope="module")
def spark_cli(real_db: Path, exported: Path, tmp_path_factory: pytest.TempPathFactory) -> SparkCli:
    """The CLI's answers on Spark to the tests that ask it, from ONE process that calls the
    CLI once per question (``tests.conftest.run_each``): a process each started a JVM of
    its own (35 s and 21 s in a durations run). The CLI reuses the process's session, as
    a server's requests do; the first question starts it. The same question on DuckDB
    (the store, its export) is asked last in it: a process of its own each took 2-3 s."""
    pytest.importorskip("pyspark")
    temporary = tmp_path_factory.mktemp("spark-tmp")
    nan_years = _nan_years(tmp_path_factory.mktemp("nan-years"))
    nan_years_only = _nan_years(tmp_path_factory.mktemp("nan-years-only"), missing=False)
    (level, nan, nan_only, duck, folder), stderr = run_each_in_one(
        ["--db", real_db, *LEVEL_STATS, "--engine", "spark"],
        [*NAN_YEARS, "--from-parquet", nan_years, "--engine", "spark"],
        [*NAN_YEARS, "--from-parquet", nan_years_only, "--engine", "spark"],
        ["--db", real_db, *LEVEL_STATS],
        ["--db", real_db, *LEVEL_STATS, "--from-parquet", exported],
        env={"PAYGRADE_SPARK_MASTER": "local[1]", "TMPDIR": str(temporary)},
        timeout=600,  # a JVM to start: longer than the other CLI tests
    )
    return SparkCli(level, nan, nan_only, duck, folder, stderr, temporary)


def test_cli_spark_engine_prints_the_same_json_as_duckdb(spark_cli: SparkCli) -> None:
    spark, duck, folder = (
        spark_cli.level_stats,
        spark_cli.level_on_duckdb,
        spark_cli.level_from_parquet,
    )
    assert duck.returncode == spark.returncode == folder.returncode == 0, spark.stderr
    assert json.loads(spark.stdout) == json.loads(duck.stdout) == json.loads(folder.stdout)
    assert "Traceback" not in spark.stderr + spark_cli.stderr
    # Spark's log is for a start that fails: a run that went well leaves none behind.
    assert not [log.name for log in spark_cli.temporary.glob("paygrade-spark-*.log")]


@pytest.mark.parametrize(
    ("env", "says"),
    [
        # Refused at once by spark-submit, or (JVM slow to start) at the timeout. Spark's
        # reason was in its log only: "[JAVA_GATEWAY_EXITED] Java gateway process exited
        # before sending its port number", or "An error occurred while calling None.org.
        # apache.spark.api.java.JavaSparkContext."
        (
            {"PAYGRADE_SPARK_MASTER": "nonsense://x"},
            "Spark at nonsense://x: Master must either be yarn or start with spark, k8s, or local",
        ),
        ({"PAYGRADE_SPARK_MASTER": "local[x]"}, "Could not parse Master URL: 'local[x]'"),
        ({"JAVA_HOME": "/nonexistent"}, "Java exited as it started (is Java 17 installed"),
    ],
)
def test_bad_spark_settings_are_one_error_line_not_a_hang(
    real_db: Path, env: dict[str, str], says: str
) -> None:
    pytest.importorskip("pyspark")
    done = _cli(
        "--db", real_db, "stats", "--by", "level", "--engine", "spark",
        env={**env, "PAYGRADE_SPARK_TIMEOUT": "30"},
    )  # fmt: skip
    assert done.returncode == 1 and done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith("error: ") and says in line, line


def _closed_port() -> int:
    """A local port nothing listens on: bound, then let go."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize("variable", ["PAYGRADE_SPARK_REMOTE", "PAYGRADE_SPARK_MASTER"])
def test_a_refused_spark_address_fails_at_once(real_db: Path, variable: str) -> None:
    # It waited the whole timeout, then said "did not answer within 15 s".
    pytest.importorskip("pyspark")
    port = _closed_port()
    url = f"{'sc' if variable.endswith('REMOTE') else 'spark'}://127.0.0.1:{port}"
    started = time.monotonic()
    done = _cli(
        "--db", real_db, "stats", "--by", "level", "--engine", "spark",
        env={variable: url, "PAYGRADE_SPARK_TIMEOUT": "60"},
    )  # fmt: skip
    took = time.monotonic() - started
    assert (done.returncode, done.stdout) == (1, "")
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"error: cannot reach Spark at {url}: connection refused at "), line
    assert f"127.0.0.1:{port}" in line
    assert took < 10, took  # a behaviour check (no wait for the timeout), not a benchmark


def test_a_spark_connect_token_is_never_said(real_db: Path) -> None:
    # Every Spark error had printed the URL whole, its token too.
    pytest.importorskip("pyspark")
    url = f"sc://127.0.0.1:{_closed_port()}/;token=s3cr3t-t0ken;use_ssl=false"
    done = _cli(
        "--db", real_db, "stats", "--by", "level", "--engine", "spark",
        env={"PAYGRADE_SPARK_REMOTE": url},
    )  # fmt: skip
    assert done.returncode == 1 and "s3cr3t" not in done.stderr
    assert ";token=…;use_ssl=false: connection refused at" in done.stderr


@pytest.mark.parametrize("scheme", ["sc", "spark"])
def test_a_spark_address_that_never_answers_is_bounded_by_the_timeout(
    real_db: Path, scheme: str
) -> None:
    pytest.importorskip("pyspark")
    # Listening but never accepting: the connection is made, no answer ever comes.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"{scheme}://127.0.0.1:{silent.getsockname()[1]}"
        variable = "PAYGRADE_SPARK_REMOTE" if scheme == "sc" else "PAYGRADE_SPARK_MASTER"
        done = _cli(
            "--db", real_db, "stats", "--by", "level", "--engine", "spark",
            env={variable: url, "PAYGRADE_SPARK_TIMEOUT": "2"},
        )  # fmt: skip
    assert (done.returncode, done.stdout) == (1, "")
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"error: Spark at {url} did not answer within 2 s"), line


def test_cli_export_then_stats_from_parquet(small_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "records"
    (tmp_path / "a-file").write_text("mine")
    # The four commands, in this order, from one process (``run_each``), not a process
    # each (~0.4 s of CPU).
    written, again, missing, blocked = run_each(
        ["--db", small_db, "export", "--format", "parquet", "--out", out],
        ["--db", small_db, "export", "--out", out],
        ["stats", "--from-parquet", tmp_path / "nowhere", "--by", "level"],
        ["--db", small_db, "export", "--out", tmp_path / "a-file" / "records"],
    )
    assert written.returncode == 0, written.stderr
    assert written.stdout.startswith("wrote ") and "aijobs:" in written.stdout
    assert again.returncode == 1 and "pass --overwrite" in again.stderr
    assert (missing.returncode, missing.stderr.strip()) == (
        1,
        f"error: no folder or Parquet file at {tmp_path / 'nowhere'}",
    )
    assert (blocked.returncode, blocked.stderr.strip()) == (  # it was an internal error
        1,
        f"error: cannot write to {tmp_path / 'a-file' / 'records'}: "
        f"{tmp_path / 'a-file'} is a file, not a folder",
    )


def test_the_duckdb_path_imports_no_dataframe_or_spark_machinery(real_db: Path) -> None:
    # The fast path: `paygrade stats` must not pay for Ibis, pandas, pyarrow, scipy or
    # pyspark (together over a second of imports) when DuckDB answers on its own; nor for
    # pydantic (Typer's converters, see paygrade.lean_typer), rich (tables only), the web
    # app's or the estimator's libraries.
    probe = (
        "import sys\n"
        "from paygrade.cli import main\n"
        f"status = main(['--db', {str(real_db)!r}, 'stats', '--by', 'level', '--format', 'json'])\n"
        "heavy = {'ibis', 'pandas', 'pyarrow', 'scipy', 'pyspark', 'pydantic_settings',\n"
        "         'pydantic', 'rich', 'jinja2', 'fastapi', 'sklearn'}\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & heavy), status, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.stderr.strip().splitlines()[-1] == "[] 0", done.stderr
    assert json.loads(done.stdout)["groups"]


def _matching(store: Store, field: str, value: str, distinct_rows: bool) -> int:
    """The records a question matches (a pay; the first copy only with distinct rows),
    counted over ``records`` directly."""
    first = " AND (dup_rank IS NULL OR dup_rank = 1)" if distinct_rows else ""
    sql = f"SELECT count(*) FROM records WHERE amount_usd IS NOT NULL AND {field} = ?{first}"
    return int(store.scalar(sql, [value]))


def _accounted(result: dict[str, Any]) -> int:
    """Every record a local-prices answer accounts for: counted, flagged, unpriced."""
    left = result["local_prices"]
    return (
        sum(g["n"] for g in result["groups"])
        + result["flagged_excluded"]
        + left["no_metro"]
        + sum(left["no_price_parity"].values())
    )


@pytest.mark.parametrize("options", [{}, {"distinct_rows": True}], ids=["plain", "distinct_rows"])
def test_spark_counts_flagged_records_at_local_prices_as_duckdb_does(
    real_store: Store, spark_engine: IbisEngine, options: dict[str, bool]
) -> None:
    where = {"role": ["other"]}
    on_spark = stats(
        real_store, ["level"], where, local_prices=True, **options, engine=spark_engine
    )
    distinct = options.get("distinct_rows", False)
    assert _accounted(on_spark) == _matching(real_store, "role", "other", distinct)
    assert on_spark == stats(real_store, ["level"], where, local_prices=True, **options)
