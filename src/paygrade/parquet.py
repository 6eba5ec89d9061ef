"""The canonical records as a Parquet folder: written by ``paygrade export``, read by
``paygrade stats --from-parquet`` (DuckDB) and by Spark.

Layout (Hive-style, what Spark, DuckDB, Polars and pandas/pyarrow all read as a
dataset when given the folder)::

    DIR/source=aijobs/year=2024/data_0.parquet
    DIR/_paygrade.json          what was exported, from which store, when
    DIR/_tables/price_parities.parquet, DIR/_tables/oflc_geography.parquet
                                what local prices need (a leading "_" hides them
                                from every dataset reader, as it does Spark's)
    DIR/_tables/record_cells.parquet
                                the records counted per distinct row
                                (paygrade.store.cells): what stats reads, while
                                the folder's files are the ones listed in
                                _paygrade.json

The partition columns live in the paths, not in the files: read the folder,
not a glob of its files (a glob drops them on Spark).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from paygrade.paths import why_unwritable
from paygrade.records import FIELDS, PaygradeError
from paygrade.store import Store, cells

PARTITIONS = ("source", "year")
# Beside the canonical fields: which copy of identical rows this is, the company as
# filed, and plausibility flags (the counting rules of stats need the first and last).
EXTRA_COLUMNS = {"dup_rank": "INTEGER", "company_raw": "VARCHAR", "flags": "VARCHAR[]"}
SIDE_TABLES = ("price_parities", "oflc_geography")
METADATA = "_paygrade.json"


class ParquetError(PaygradeError):
    """A Parquet folder cannot be written or read as canonical records."""


def columns() -> dict[str, str]:
    """Canonical column -> DuckDB type, in export order."""
    return {**{f.name: f.sql_type for f in FIELDS}, **EXTRA_COLUMNS}


def export(store: Store, out: Path, *, overwrite: bool = False) -> dict[str, Any]:
    """Write the store's records to ``out`` as Hive-partitioned Parquet; returns what was written.

    All or nothing: the folder is written beside ``out`` and moved into place
    when complete, so a reader never sees half an export. An earlier export at
    ``out`` is replaced only with ``overwrite``; anything else there is refused.
    """
    out = out.expanduser()
    _check_replaceable(out, Path(store.path), overwrite)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
        # mkdtemp's folder is its owner's alone (0700); an export is for other readers
        # too (a Spark service account), as any folder made here would be.
        staging.chmod(0o777 & ~_umask())
    except OSError as exc:  # read-only, no such device, no permission: said, not a trace
        raise ParquetError(f"cannot write to {out}: {why_unwritable(out, exc)}") from None
    try:
        summary = _write(store, staging)
        _replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return summary


def _check_replaceable(out: Path, store: Path, overwrite: bool) -> None:
    """Refuse an ``out`` that holds anything but an earlier export, or the store itself.

    ``--overwrite`` had replaced whatever was there: a text file, a home folder, the
    folder holding the store being exported (which it deleted).
    """
    if not out.exists() or (out.is_dir() and not any(out.iterdir())):
        return
    if store.resolve().is_relative_to(out.resolve()):
        raise ParquetError(f"{out} holds the store {store}; export to another folder")
    if not (out / METADATA).is_file():
        kind = "folder" if out.is_dir() else "file"
        raise ParquetError(
            f"{out} is a {kind} that is not a paygrade export (no {METADATA}); "
            "--overwrite replaces only an earlier export: choose a new or empty folder"
        )
    if not overwrite:
        raise ParquetError(f"{out} holds an earlier export; pass --overwrite to replace it")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write(store: Store, folder: Path) -> dict[str, Any]:
    selected = ", ".join(f'"{name}"' for name in columns())
    store.con.execute(
        f"COPY (SELECT {selected} FROM records ORDER BY source, year, source_row) "
        f"TO '{_quoted(folder)}' (FORMAT parquet, PARTITION_BY ({', '.join(PARTITIONS)}), "
        "COMPRESSION zstd)"
    )
    (folder / "_tables").mkdir()
    for table in SIDE_TABLES:
        target = folder / "_tables" / f"{table}.parquet"
        store.con.execute(f"COPY {table} TO '{_quoted(target)}' (FORMAT parquet)")
    # Counted from the records exported (not copied from the store's own cells), so
    # they agree with the files whatever state the store's cells are in.
    target = folder / "_tables" / f"{cells.TABLE}.parquet"
    store.con.execute(f"COPY ({cells.counted()}) TO '{_quoted(target)}' (FORMAT parquet)")
    counts = store.con.execute(
        "SELECT source, count(*) FROM records GROUP BY source ORDER BY source"
    ).fetchall()
    from paygrade.stats import reference_year

    summary = {
        "format": "paygrade canonical records, Hive-partitioned Parquet",
        "partitioning": list(PARTITIONS),
        "columns": columns(),
        "records": {source: n for source, n in counts},
        "reference_year": reference_year(store),
        # The data files the cells count (path under the folder -> bytes): a folder
        # whose files differ is read without them.
        "files": _file_sizes(folder),
        "store": store.path,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    (folder / METADATA).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary


def _file_sizes(folder: Path) -> dict[str, int]:
    return {os.path.relpath(path, folder): os.path.getsize(path) for path in data_files(folder)}


def _replace(staging: Path, out: Path) -> None:
    if out.exists():
        retired = out.with_name(f".{out.name}-old-{os.getpid()}")
        out.rename(retired)
        staging.rename(out)
        if retired.is_dir():
            shutil.rmtree(retired)
        else:
            retired.unlink()
    else:
        staging.rename(out)


def _quoted(path: Path | str) -> str:
    return str(path).replace("'", "''")


def is_url(location: str) -> bool:
    """An object-store or web location rather than a local folder.

    Example:
        >>> is_url("s3://bucket/records"), is_url("/data/records")
        (True, False)
    """
    return "://" in location


def data_files(folder: Path) -> list[str]:
    """The Parquet files of a local folder a dataset reader would read (none under
    ``_`` or ``.`` names: metadata, side tables, unfinished writes)."""
    found: list[str] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
        found.extend(
            os.path.join(root, name)
            for name in sorted(files)
            if name.endswith(".parquet") and not name.startswith(("_", "."))
        )
    return found


def open_folder(location: str | Path) -> Store:
    """A read-only view of a Parquet folder as a store that ``stats`` can answer from.

    Canonical columns the files lack read as NULL (``dup_rank`` as 1: every row
    its own first copy); ``amount_usd`` is required. Hive partition folders
    (``source=.../year=...``) become columns.
    """
    con = duckdb.connect(":memory:")
    try:
        present = _register_records(con, str(location))
        _register_side_tables(con, str(location))
        _register_cells(con, str(location))
        _register_ingest_log(con, str(location))
    except duckdb.Error as exc:
        con.close()
        first = str(exc).splitlines()[0]
        raise ParquetError(f"cannot read {location} as Parquet records: {first}") from None
    except BaseException:
        con.close()
        raise
    if "amount_usd" not in present:
        con.close()
        raise ParquetError(f"{location}: the Parquet files have no amount_usd column")
    return Store(con, str(location))


def _source(location: str) -> str:
    if is_url(location):
        return f"'{_quoted(location.rstrip('/'))}/**/*.parquet'"
    folder = Path(location).expanduser()
    if folder.is_file():
        raise ParquetError(
            f"{folder} is a file: --from-parquet reads a folder of Parquet files "
            f"(as `paygrade export` writes; give {folder.parent})"
        )
    if not folder.is_dir():
        raise ParquetError(f"no folder at {folder}")
    files = data_files(folder)
    if not files:
        raise ParquetError(f"{folder} holds no Parquet files")
    return "[" + ", ".join(f"'{_quoted(f)}'" for f in files) + "]"


def _register_records(con: duckdb.DuckDBPyConnection, location: str) -> set[str]:
    raw = f"read_parquet({_source(location)}, hive_partitioning = true, union_by_name = true)"
    present = {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {raw}").fetchall()}
    selected = []
    for name, sql_type in columns().items():
        if name in present:
            selected.append(f'CAST("{name}" AS {sql_type}) AS "{name}"')
        elif name == "dup_rank":
            selected.append('1 AS "dup_rank"')
        else:
            selected.append(f'CAST(NULL AS {sql_type}) AS "{name}"')
    con.execute(f"CREATE VIEW records AS SELECT {', '.join(selected)} FROM {raw}")
    return present


def _register_side_tables(con: duckdb.DuckDBPyConnection, location: str) -> None:
    # An export carries what local prices need; a foreign folder simply has none
    # (local prices then say no metro could be priced, rather than fail).
    for table in SIDE_TABLES:
        path = f"{location.rstrip('/')}/_tables/{table}.parquet"
        if is_url(location) or Path(path).is_file():
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{_quoted(path)}')")
    known = {row[0] for row in con.execute("SELECT view_name FROM duckdb_views()").fetchall()}
    if "price_parities" not in known:
        con.execute(
            "CREATE VIEW price_parities AS SELECT NULL::VARCHAR AS cbsa, NULL::VARCHAR AS "
            "component, NULL::INTEGER AS year, NULL::DOUBLE AS rpp WHERE false"
        )
    if "oflc_geography" not in known:
        con.execute(
            "CREATE VIEW oflc_geography AS SELECT NULL::VARCHAR AS area, "
            "NULL::VARCHAR AS area_name WHERE false"
        )


def _register_cells(con: duckdb.DuckDBPyConnection, location: str) -> None:
    """The exported cells, when the folder still holds exactly the files they count."""
    if is_url(location):
        return  # listing an object store is not free; read the records
    folder = Path(location).expanduser()
    path = folder / "_tables" / f"{cells.TABLE}.parquet"
    meta = _metadata(folder)
    if path.is_file() and meta.get("files") == _file_sizes(folder):
        con.execute(f"CREATE VIEW {cells.TABLE} AS SELECT * FROM read_parquet('{_quoted(path)}')")


def _metadata(folder: Path) -> dict[str, Any]:
    meta = folder / METADATA
    if not meta.is_file():
        return {}
    try:
        found = json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # a folder's own metadata is a hint; unreadable, it is no hint
    return found if isinstance(found, dict) else {}


def _register_ingest_log(con: duckdb.DuckDBPyConnection, location: str) -> None:
    # stats asks a store which CPI year its real dollars are in; an export says it.
    reference = None
    if not is_url(location):
        reference = _metadata(Path(location).expanduser()).get("reference_year")
    year = "NULL" if reference is None else str(int(reference))
    # One counted file (status 'ok', as the store's log says of files no snapshot replaced).
    con.execute(
        f"CREATE VIEW ingest_log AS SELECT 'records' AS kind, {year}::INTEGER AS reference_year,"
        " 'ok' AS status"
    )
