"""The canonical records as a Parquet folder: written by ``paygrade export``, read by
``paygrade stats --from-parquet`` (DuckDB) and by Spark.

Layout (Hive-style: Spark and pandas/pyarrow read it as a dataset given the folder,
Polars and DuckDB given the glob ``DIR/*/*/*.parquet``, which leaves ``_tables`` out)::

    DIR/source=aijobs/year=2024/records-<export>-0.parquet
    DIR/_paygrade.json          what was exported, from which store, when
    DIR/_tables/price_parities.parquet, DIR/_tables/oflc_geography.parquet
                                what local prices need (a leading "_" hides them
                                from Spark's and pyarrow's dataset readers)
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
import re
import secrets
import shutil
import tempfile
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

import duckdb

from paygrade import object_store
from paygrade.engines import PRIVATE_MIN
from paygrade.paths import (
    NO_ROOM,
    NO_ROOM_SAID,
    REFUSED,
    REFUSED_SAID,
    expanded,
    why_unwritable,
    write_failure,
)
from paygrade.records import (
    FIELDS,
    PRIVATE_SQL,
    BlankValue,
    CannotWrite,
    Interrupted,
    PaygradeError,
)
from paygrade.store import Store, cells
from paygrade.store.db import first_row, quiet

PARTITIONS = ("source", "year")
# Beside the canonical fields: which copy of identical rows this is, the company as
# filed, and plausibility flags (the counting rules of stats need the first and last).
EXTRA_COLUMNS = {"dup_rank": "INTEGER", "company_raw": "VARCHAR", "flags": "VARCHAR[]"}
SIDE_TABLES = ("price_parities", "oflc_geography")
METADATA = "_paygrade.json"


class ParquetError(PaygradeError):
    """A Parquet folder cannot be written or read as canonical records."""


class NoFolderGiven(ParquetError, BlankValue):
    """The folder's path given blank (``export --out ""``): a usage mistake."""


def columns() -> dict[str, str]:
    """Canonical column -> DuckDB type, in export order."""
    return {**{f.name: f.sql_type for f in FIELDS}, **EXTRA_COLUMNS}


def export(
    store: Store, out: Path | str, *, overwrite: bool = False, private: bool = False
) -> dict[str, Any]:
    """Write the store's records to ``out`` as Hive-partitioned Parquet; returns what was written.

    All or nothing: the folder is written beside ``out`` and moved into place
    when complete, so a reader never sees half an export. An earlier export at
    ``out`` is replaced only with ``overwrite``; anything else there is refused.
    ``out`` may be an object-store URL (:func:`_export_to_url`). Submitted salaries are
    left out unless ``private`` (a folder of one's own, as Spark reads the store from).
    """
    if not str(out).strip():  # Path("") is "." (the folder one stands in), never meant
        raise NoFolderGiven("no folder given to export to: the path is empty")
    if isinstance(out, str) and object_store.scheme(out) not in ("", "file"):
        return _export_to_url(store, object_store.as_read(out), overwrite)
    if isinstance(out, str) and (said := _one_slash(out)) is not None:
        raise ParquetError(said)
    # A file:// URL is its path; any other text a local path ("s3://b" had made ./s3:/b).
    out = _home_expanded(local_path(out) if isinstance(out, str) and is_url(out) else out)
    if _standing_in(out):
        # The export takes the folder's place: one stood in it ("."), which had been an
        # internal error (70), and its shell would be left in a folder gone.
        raise ParquetError(
            f"{out} is the folder you are in (or holds it): the export replaces the folder, "
            "so give it from outside (cd ..)"
        )
    if out.is_symlink():  # the folder it names: the link itself had been moved aside
        out = out.resolve()
    _check_replaceable(out, Path(store.path), overwrite)
    refuse_empty(store, private)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
        # mkdtemp's folder is its owner's alone (0700); an export is for other readers
        # too (a Spark service account), as any folder made here would be.
        staging.chmod(0o777 & ~_umask())
    except OSError as exc:  # read-only, no such device, no permission: said, not a trace
        raise _not_begun(out, exc) from None
    try:
        summary = _write(store, staging, private)
        if (left := _move_in(staging, out)) is not None:
            summary["left_behind"] = str(left)  # said by the command, not in the metadata
    except BaseException as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if (why := _write_failed(exc)) is not None:
            raise _not_written(f"the export to {out}", why, f"{out} is as it was") from None
        raise
    return summary


def _not_begun(out: Path, exc: OSError) -> PaygradeError:
    """The error of an export whose folder could not be begun: a refusal of the system's (no
    permission, a read-only or immutable folder, no room) as ``report`` says one (74), where
    "Operation not permitted" had been status 1; a file in the way as the export's own."""
    why = why_unwritable(out, exc)
    if exc.errno in REFUSED or exc.errno in NO_ROOM:
        return CannotWrite(f"the export to {out}", why, "no export was written")
    return ParquetError(f"cannot write to {out}: {why}")


def _standing_in(out: Path) -> bool:
    """Whether the folder this process stands in is ``out`` or inside it, however named
    (``.``, ``../inner``, through a link); a folder stood in that is gone is none."""
    try:
        here = Path.cwd().resolve()
    except OSError:  # the folder stood in was removed: it is in no export's way
        return False
    return here.is_relative_to(out.resolve())


def _home_expanded(path: str | Path) -> Path:
    try:
        return expanded(Path(path))
    except ValueError as exc:
        raise ParquetError(str(exc)) from None


def local_path(url: str) -> Path:
    """The local folder a ``file://`` URL names, its escapes read (``%20`` is a space: a
    folder "sp ace" had been looked for as "sp%20ace"); a URL naming a host is refused.

    Example:
        >>> local_path("file:///data/sp%20ace/exp"), local_path("file://localhost/x")
        (PosixPath('/data/sp ace/exp'), PosixPath('/x'))
        >>> local_path("file://newexp")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        paygrade.parquet.ParquetError: file://newexp: a file URL names an absolute path ...
    """
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise ParquetError(
            f"{url}: a file URL names an absolute path (file:///...); {parts.netloc} reads "
            "as a host"
        )
    return Path(unquote(parts.path))


def _one_slash(out: str) -> str | None:
    """What is wrong with an object-store URL written with one slash ("s3:/bucket/x"),
    which had been written as the local folder ./s3:/bucket/x without a word.

    Example:
        >>> print(_one_slash("s3:/bucket/x"))  # doctest: +NORMALIZE_WHITESPACE
        s3:/bucket/x: an object-store URL has two slashes (s3://bucket/...); for a local
        folder of that name write ./s3:/bucket/x
        >>> _one_slash("records") is None
        True
    """
    found = urlsplit(out).scheme.lower()
    if found in ("", "file") or found not in object_store.READABLE:
        return None
    return (
        f"{out}: an object-store URL has two slashes ({found}://bucket/...); "
        f"for a local folder of that name write ./{out}"
    )


def refuse_empty(store: Store, private: bool = False) -> None:
    """Refuse to export a store of no public records (``private``: of no records).

    Why: an export of nothing has no data file: no reader (ours, Spark's) could open it.
    """
    if not store.scalar(f"SELECT count(*) FROM records {'' if private else PUBLIC}"):
        raise ParquetError(
            f"the store {store.path} holds no public records to export (submitted salaries "
            "are never exported): run `paygrade ingest --all` first"
        )


def _export_to_url(store: Store, url: str, overwrite: bool) -> dict[str, Any]:
    """The export written here first, whole, then uploaded under the prefix ``url``.

    An object store has no rename, so an upload is not atomic. Its order keeps what
    can be kept: ``_paygrade.json`` first (the prefix is known as an export from the
    first object on, so an upload cut short is completed by running it again with
    ``--overwrite``), then the files, then the objects of an earlier export that this
    one does not have (a source or year since gone) deleted. Ctrl-C once objects are
    being put says the prefix may hold part of the export (before, the command's own
    word holds: it is as it was).
    """
    with tempfile.TemporaryDirectory(prefix="paygrade-export-") as staging:
        folder = Path(staging)
        prefix = object_store.Prefix.at(url)
        earlier = _earlier_export(prefix, overwrite)
        refuse_empty(store)
        summary = _written_to_upload(store, folder, prefix.url)
        names = sorted(
            os.path.relpath(os.path.join(root, f), folder).replace(os.sep, "/")
            for root, _, files in os.walk(folder)
            for f in files
        )
        with _in_part_if_interrupted(url):
            for name in [METADATA, *(n for n in names if n != METADATA)]:
                prefix.put(str(folder / name), name)
            prefix.remove(sorted(earlier - set(names)))
    return summary


@contextmanager
def _in_part_if_interrupted(url: str) -> Iterator[None]:
    """Ctrl-C (or SIGTERM) once objects are being put: ``url`` may hold part of the
    export, which running it again with ``--overwrite`` completes."""
    from paygrade.ingest import interrupted_as

    said = f"interrupted, {url} may hold part of this export: run it again with --overwrite"
    with interrupted_as(lambda: said):
        yield


def _earlier_export(prefix: object_store.Prefix, overwrite: bool) -> set[str]:
    """The names under ``prefix``: none, or an earlier export that ``overwrite`` replaces."""
    earlier = prefix.names()
    if earlier and METADATA not in earlier:
        raise ParquetError(
            f"{prefix.url} holds objects that are not a paygrade export (no {METADATA}); "
            "--overwrite replaces only an earlier export: choose a new or empty prefix"
        )
    if earlier and not overwrite:
        raise ParquetError(f"{prefix.url} holds an earlier export; pass --overwrite to replace it")
    return earlier


def _written_to_upload(store: Store, folder: Path, url: str) -> dict[str, Any]:
    """The export written into ``folder``, to be uploaded to ``url``; a write the system
    refused said as one, ``url`` untouched."""
    try:
        return _write(store, folder)
    except (OSError, duckdb.Error) as exc:
        if (why := _write_failed(exc)) is None:
            raise
        written = f"the export in {folder.parent} before uploading it"
        raise _not_written(written, why, f"{url} is as it was") from None


def _not_written(what: str, why: str, outcome: str) -> PaygradeError:
    """A write the system refused, for want of room or of leave (``NO_ROOM_SAID``,
    ``REFUSED_SAID``), as every command says it (74); anything else as the export's own.

    Example:
        >>> type(_not_written("the export to x", "Operation not permitted", "x is as it was"))
        <class 'paygrade.records.CannotWrite'>
        >>> type(_not_written("the export to x", "Is a directory", "x is as it was"))
        <class 'paygrade.parquet.ParquetError'>
    """
    if why in NO_ROOM_SAID or why in REFUSED_SAID:
        return CannotWrite(what, why, outcome)
    return ParquetError(f"cannot write {what}: {why}; {outcome}")


def _write_failed(exc: BaseException) -> str | None:
    """Why writing failed (a full disk, a limit on file size, a permission), as the
    system says it; None for any other error."""
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    failed = write_failure(str(exc)) if isinstance(exc, duckdb.Error) else None
    return None if failed is None else failed[1]


def _check_replaceable(out: Path, store: Path, overwrite: bool) -> None:
    """Refuse an ``out`` that holds anything but an earlier export, or the store itself.

    ``--overwrite`` had replaced whatever was there: a text file, a home folder, the
    folder holding the store being exported (which it deleted).
    """
    if (inside := _export_holding(out)) is not None:
        raise ParquetError(
            f"{out} is inside the export {inside}, whose readers would count its records "
            "twice: export to a folder outside it"
        )
    if not out.exists() or (out.is_dir() and not any(out.iterdir())):
        return
    if store.resolve().is_relative_to(out.resolve()):
        raise ParquetError(f"{out} holds the store {store}; export to another folder")
    if not out.is_dir():
        raise ParquetError(
            f"{out} is a file: --out names the folder the export is written to; "
            "choose a new or empty folder"
        )
    if not (out / METADATA).is_file():
        raise ParquetError(
            f"{out} is a folder that is not a paygrade export (no {METADATA}); "
            "--overwrite replaces only an earlier export: choose a new or empty folder"
        )
    if not overwrite:
        raise ParquetError(f"{out} holds an earlier export; pass --overwrite to replace it")


def _export_holding(out: Path) -> Path | None:
    """The earlier export a folder would be written inside, if any: its readers read every
    folder below (an export into ``ex1/sub`` had doubled every group of ``ex1``). An export
    holds its partitions: a stray copy of its metadata alone (``/tmp/_paygrade.json``) had
    refused every export below it, and every Spark run over a store (its own export is
    made in the temporary folder)."""
    for parent in out.resolve().parents:
        if (parent / METADATA).is_file() and any(parent.glob(f"{PARTITIONS[0]}=*")):
            return parent
    return None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# Submitted salaries are counted in the store's answers, never listed: an export is a
# listing for other readers (a Spark service account, a bucket), so it leaves them out.
PUBLIC = f"WHERE source NOT IN {PRIVATE_SQL}"


def _write(store: Store, folder: Path, private: bool = False) -> dict[str, Any]:
    shown = "" if private else PUBLIC
    selected = ", ".join(f'"{name}"' for name in columns())
    # Named for this export: an object store's earlier export had the same names, and an
    # upload cut short read as whole, each file of one export or the other.
    pattern = f"records-{secrets.token_hex(4)}-{{i}}"
    store.con.execute(
        f"COPY (SELECT {selected} FROM records {shown} ORDER BY source, year, source_row) "
        f"TO '{_quoted(folder)}' (FORMAT parquet, PARTITION_BY ({', '.join(PARTITIONS)}), "
        f"COMPRESSION zstd, FILENAME_PATTERN '{pattern}')"
    )
    (folder / "_tables").mkdir()
    for table in SIDE_TABLES:
        target = folder / "_tables" / f"{table}.parquet"
        store.con.execute(f"COPY {table} TO '{_quoted(target)}' (FORMAT parquet)")
    # Counted from the records exported (not copied from the store's own cells), so
    # they agree with the files whatever state the store's cells are in.
    target = folder / "_tables" / f"{cells.TABLE}.parquet"
    store.con.execute(f"COPY ({cells.counted(shown)}) TO '{_quoted(target)}' (FORMAT parquet)")
    counts = store.con.execute(
        f"SELECT source, count(*) FROM records {shown} GROUP BY source ORDER BY source"
    ).fetchall()
    from paygrade.stats import reference_year

    summary = {
        "format": "paygrade canonical records, Hive-partitioned Parquet",
        "partitioning": list(PARTITIONS),
        "columns": columns(),
        "records": {source: n for source, n in counts},
        # Counted, never written: the store's private records (submitted salaries).
        "left_out": {} if private else left_out(store),
        "reference_year": reference_year(store),
        # The data files the cells count (path under the folder -> bytes): a folder
        # whose files differ is read without them.
        "files": _file_sizes(folder),
        "store": store.path,
        "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    (folder / METADATA).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary


def left_out(store: Store) -> dict[str, int | None]:
    """The private records an export leaves out, by source: how many, or None where
    fewer than ``PRIVATE_MIN`` submissions (a file each) hold them, as the sources
    listing and the quality report keep them untold: "submission 2" said one person had
    submitted, and each approval after it.

    Example:
        >>> store = Store.open(":memory:")
        >>> left_out(store)
        {}
        >>> store.close()
    """
    found = store.con.execute(
        f"SELECT source, count(*), count(DISTINCT ingest_id) FROM records "
        f"WHERE source IN {PRIVATE_SQL} GROUP BY source ORDER BY source"
    ).fetchall()
    return {source: n if files >= PRIVATE_MIN else None for source, n, files in found}


def _file_sizes(folder: Path) -> dict[str, int]:
    return {os.path.relpath(path, folder): os.path.getsize(path) for path in data_files(folder)}


def _move_in(staging: Path, out: Path) -> Path | None:
    """``staging`` moved to ``out``; the earlier export's copy where some of it is left."""
    try:
        retired = _replace(staging, out)
    except OSError as exc:  # an empty folder that is a mount point, or not ours to move
        raise ParquetError(
            f"cannot replace {out}: {exc.strerror or exc}; export to a new folder "
            f"(e.g. --out {out / 'records'})"
        ) from None
    return None if retired is None else _discard(retired, out)


def _replace(staging: Path, out: Path) -> Path | None:
    """``staging`` put at ``out``; the earlier export moved aside (to be discarded)."""
    if not out.exists():
        staging.rename(out)
        return None
    retired = out.with_name(f".{out.name}-old-{os.getpid()}")
    out.rename(retired)
    try:
        staging.rename(out)
    except BaseException:
        retired.rename(out)  # the earlier export stays where it was, not hidden
        raise
    return retired


def _discard(retired: Path, out: Path) -> Path | None:
    """The earlier export, moved aside, taken away as far as it can be; ``retired`` if some
    of it is left. The new export is in place by now: a Ctrl-C or a file the system keeps
    had said "left as it was" of a folder already replaced (status 130 or 1), a half-deleted
    copy of the old one hidden beside it."""
    try:
        if retired.is_dir():
            shutil.rmtree(retired, ignore_errors=True)
        else:
            retired.unlink(missing_ok=True)
    except KeyboardInterrupt:
        raise Interrupted(
            f"interrupted after the export to {out} was written; the earlier export's copy "
            f"is left at {retired}: remove it"
        ) from None
    return retired if retired.exists() else None


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
    # A partition folder that is a link is followed (pyarrow and Spark read it; 74,301
    # records under one had been left out without a word), each real folder once.
    seen: set[str] = set()
    for root, dirs, files in os.walk(folder, followlinks=True):
        if (real := os.path.realpath(root)) in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not d.startswith(("_", ".")))
        found.extend(
            os.path.join(root, name)
            for name in sorted(files)
            if name.endswith(".parquet") and not name.startswith(("_", "."))
        )
    return found


def open_folder(location: str | Path) -> Store:
    """A read-only view of Parquet records (a folder, or one file) as a store that
    ``stats`` can answer from.

    Canonical columns the files lack read as NULL (``dup_rank`` as 1: every row
    its own first copy); ``amount_usd`` is required, and a column of a type that
    cannot be read as its canonical one (text for a number) is refused. Hive
    partition folders (``source=.../year=...``) become columns.
    """
    location = object_store.as_read(location) if isinstance(location, str) else location
    if isinstance(location, str) and object_store.scheme(location) == "file" and "%" in location:
        location = str(local_path(location))  # its escapes read: "sp%20ace" is "sp ace"
    con = quiet(duckdb.connect(":memory:"))
    shelter: str | None = None
    try:
        object_store.reach(con, str(location))
        listed = _listing(con, str(location))
        files, shelter = _read_below(str(location), listed.data)
        present = _register_records(con, str(location), files)
        _register_side_tables(con, listed.tables)
        _register_cells(con, str(location))
        meta = _metadata(con, str(location), listed.metadata)
        _refuse_part_of_an_upload(str(location), listed, meta)
        _register_ingest_log(con, meta)
    except duckdb.Error as exc:
        con.close()
        raise ParquetError(
            f"cannot read {location} as Parquet records: {_said(exc, str(location))}"
        ) from None
    except BaseException:
        con.close()
        _leave(shelter)
        raise
    if "amount_usd" not in present:
        con.close()
        _leave(shelter)
        raise ParquetError(f"{location}: the Parquet files have no amount_usd column")
    store = Store(con, str(location), folder=True, columns=frozenset(present))
    if shelter is not None:
        weakref.finalize(store, _leave, shelter)
    return store


def _read_below(location: str, files: list[str]) -> tuple[list[str], str | None]:
    """The files, named so that DuckDB reads Hive values only from the folder Spark takes
    as their base (the folder given, or one file's, and the ``key=value`` folders it is
    in, up to the first plain one) and below; and the folder made for that, if one was.
    DuckDB reads every ``key=value`` of a path, the first one found winning: an export
    under ``snap/source=2026-12/`` was one source, "2026-12", and one under ``year=1999/``
    every record of 1999. Such a base is read through a link of its name in a folder of
    no such names."""
    given = Path(location)
    if is_url(location) or not given.exists():
        return files, None
    # Named as given, ".." read off ("source=csv/.." is the export), links kept.
    whole = Path(os.path.abspath(given))
    base = hive_base(whole if given.is_dir() else whole.parent)
    if not any("=" in part for part in base.parent.parts):
        return files, None
    shelter = tempfile.mkdtemp(prefix="paygrade-folder-")
    link = Path(shelter) / base.name
    try:
        link.symlink_to(base, target_is_directory=True)
    except OSError:
        _leave(shelter)
        raise
    return [str(link / os.path.relpath(os.path.abspath(f), base)) for f in files], shelter


# A Hive partition folder's name: key=value.
_PARTITION_NAME = re.compile(r"[^=/]+=[^/]*")


def hive_base(folder: Path) -> Path:
    """The folder whose partition folders hold ``folder``'s Hive values: ``folder`` and
    the ``key=value`` folders it is in, up to the first plain one (Spark's base path, and
    what DuckDB is given to read below).

    Example:
        >>> hive_base(Path("/data/exp/source=aijobs/year=2024")), hive_base(Path("/data/exp"))
        (PosixPath('/data/exp'), PosixPath('/data/exp'))
    """
    while _PARTITION_NAME.fullmatch(folder.name) and folder.parent != folder:
        folder = folder.parent
    return folder


def _leave(shelter: str | None) -> None:
    if shelter is not None:
        shutil.rmtree(shelter, ignore_errors=True)


_GONE = re.compile(r"No files found that match the pattern|No such file or directory")


@contextmanager
def reading(location: str | Path) -> Iterator[Store]:
    """:func:`open_folder` for the length of a block, closed after it; a value the
    files hold that its column cannot be read as (a year past INTEGER), or a pay that
    is no amount (NaN, an infinity), is a :class:`ParquetError` naming it, not
    DuckDB's error or a crash of the statistics."""
    store = open_folder(location)
    try:
        yield store
    except duckdb.ConversionException as exc:
        raise ParquetError(
            f"cannot read {location} as canonical records: {_said(exc, str(location))}; "
            "correct that column in the files, or leave it out"
        ) from None
    except duckdb.InvalidInputException as exc:
        said = str(exc).strip().splitlines()[0].removeprefix("Invalid Input Error: ")
        if _NO_AMOUNT not in said:
            # A page that does not decompress ("ZSTD Decompression failure"): the file's.
            raise ParquetError(f"cannot read {location}: {said}") from None
        raise ParquetError(_holds_no_amount(location, said)) from None
    except duckdb.IOException as exc:
        if _GONE.search(str(exc)):
            # A file listed when the folder was opened, removed since: an export replaced
            # with --overwrite beside its readers (it was "internal error", status 70).
            raise ParquetError(
                f"{location} changed while it was read (an export replaced with --overwrite?): "
                "run it again"
            ) from None
        raise  # the machine's (no room for a spill): said as such
    except (duckdb.InterruptException, duckdb.InternalException):
        raise  # Ctrl-C, or a bug of ours: said as such
    except duckdb.Error as exc:
        # A file damaged inside (a data page: "TProtocolException: Invalid data") that its
        # footer let open: it had been "internal error (Error)", status 70.
        raise ParquetError(f"cannot read {location}: {_said(exc, str(location))}") from None
    finally:
        store.close()


_EXTENSION_NEEDED = re.compile(r"install the required extension '(\w+)")


def _said(exc: duckdb.Error, location: str) -> str:
    """DuckDB's error in one line, or what to do when it could not fetch its reader of URLs.

    An error of an fsspec filesystem reaches DuckDB as Python's traceback: its last
    line says it ("FileNotFoundError: ...").

    Example:
        >>> _said(duckdb.Error('Traceback (most recent call last):\\n  File "x.py", line 2\\n'
        ...     'PermissionError: Access Denied\\n\\nLINE 1: SELECT'), "s3://b/r")
        'PermissionError: Access Denied'
        >>> _said(duckdb.Error("An error occurred while trying to automatically install the "
        ...     "required extension 'azure:\\nFailed to download"), "az://b/r")[:59]
        'DuckDB reads URLs with its azure extension, which is not in'
    """
    text = str(exc)
    # httpfs for s3:// and https://, azure for az://: DuckDB's own words were cut off
    # mid-quote ("... the required extension 'azure:") and named nothing to install.
    needed = _EXTENSION_NEEDED.search(text) or ("httpfs" in text and "install" in text)
    if needed:
        extension = "httpfs" if needed is True else needed[1]
        fsspec = object_store.missing_reader(location)
        fsspec = "" if fsspec is None else f"or {fsspec}, "
        return (
            f"DuckDB reads URLs with its {extension} extension, which is not installed and "
            "could not be downloaded (no network?); install it once where there is: "
            f"python -c \"import duckdb; duckdb.install_extension('{extension}')\", "
            f"{fsspec}or copy the folder here and give its local path"
        )
    lines = text.strip().splitlines()
    if lines[0].startswith("Traceback (most recent call last)"):
        told = lines[: lines.index("")] if "" in lines else lines
        return next(line for line in reversed(told) if not line.startswith(" "))
    return lines[0]


@dataclass(frozen=True)
class _Listing:
    """A location's files: the records' data files, side tables and metadata found."""

    data: list[str]
    tables: dict[str, str]
    metadata: str | None


def _listing(con: duckdb.DuckDBPyConnection, location: str) -> _Listing:
    if not location.strip():
        raise NoFolderGiven("no folder given: the path is empty")
    if (wrong := object_store.url_problem(location)) is not None:
        raise ParquetError(wrong)
    if (found := object_store.scheme(location)) not in object_store.READABLE:
        raise ParquetError(
            f"{location}: paygrade does not read {found}:// URLs; give a local folder or "
            "an object-store URL (s3://, gs://, az://, https://)"
        )
    if is_url(location):
        root = location.rstrip("/")
        listed = _url_listing(con, root)
        _refuse_unpartitioned_alike(location, [_relative(f, root) for f in listed.data])
        return listed
    path = _home_expanded(location)
    if path.is_file():  # one file of records: nothing beside it is read
        return _Listing([str(path)], {}, None)
    if not path.is_dir():
        raise ParquetError(f"no folder or Parquet file at {path}")
    files = data_files(path)
    if not files:
        raise ParquetError(f"{path} holds no Parquet files")
    relative = [os.path.relpath(f, path).replace(os.sep, "/") for f in files]
    _refuse_unpartitioned_alike(location, relative)
    _refuse_exports_below(location, relative, lambda folder: (path / folder / METADATA).is_file())
    tables = {t: str(path / "_tables" / f"{t}.parquet") for t in SIDE_TABLES}
    meta = path / METADATA
    return _Listing(
        files,
        {t: f for t, f in tables.items() if Path(f).is_file()},
        str(meta) if meta.is_file() else None,
    )


def _refuse_valueless_partition(location: str, relative: list[str]) -> None:
    """Refuse a partition folder that names no value (``level=``): DuckDB read its rows as
    the level "" (a group of its own), Spark stopped with an internal error. Writers name a
    missing value ``__HIVE_DEFAULT_PARTITION__``, which both engines read as missing.

    Example:
        >>> _refuse_valueless_partition("recs", ["source=h1b/year=2024/a.parquet"])
        >>> _refuse_valueless_partition("recs", ["source=h1b/level=/a.parquet"])
        Traceback (most recent call last):
        paygrade.parquet.ParquetError: recs: the partition folder source=h1b/level= names no \
value; name a missing level level=__HIVE_DEFAULT_PARTITION__, as Spark and pyarrow write it
    """
    for path in relative:
        folders = path.replace(os.sep, "/").split("/")[:-1]
        for depth, part in enumerate(folders):
            key, equals, value = part.partition("=")
            if equals and key and not value:
                raise ParquetError(
                    f"{location}: the partition folder {'/'.join(folders[: depth + 1])} names "
                    f"no value; name a missing {key} {key}=__HIVE_DEFAULT_PARTITION__, as Spark "
                    "and pyarrow write it"
                )


def _refuse_unpartitioned_alike(location: str, relative: list[str]) -> None:
    """Refuse files in partition folders of different keys (``source=a/year=2024/`` beside
    ``source=b/``, or a file beside the partitions), which no reader can give one set of
    columns: it was DuckDB's "Binder Error: Hive partition mismatch between file ...";
    each folder naming a value, too (:func:`_refuse_valueless_partition`).

    Example:
        >>> _refuse_unpartitioned_alike("recs", ["year=2024/a.parquet", "b.parquet"])
        Traceback (most recent call last):
        paygrade.parquet.ParquetError: recs: its files are not partitioned alike: \
year=2024/a.parquet is in year=... folders, b.parquet in no key=value folder; every file \
must be in folders of the same keys (move them so, or give each part's folder alone)
    """
    _refuse_valueless_partition(location, relative)
    keys = [_partition_keys(path) for path in relative]
    if odd := next((i for i, found in enumerate(keys) if found != keys[0]), None):
        first, other = (
            "/".join(f"{key}=..." for key in keys[i]) + " folders"
            if keys[i]
            else "no key=value folder"
            for i in (0, odd)
        )
        raise ParquetError(
            f"{location}: its files are not partitioned alike: {relative[0]} is in {first}, "
            f"{relative[odd]} in {other}; every file must be in folders of the same keys "
            "(move them so, or give each part's folder alone)"
        )


def _partition_keys(path: str) -> tuple[str, ...]:
    """The Hive keys of a file's path (its ``key=value`` folders), as a reader compares them."""
    folders = path.replace(os.sep, "/").split("/")[:-1]
    return tuple(sorted(f.partition("=")[0] for f in folders if _PARTITION_NAME.fullmatch(f)))


def _refuse_exports_below(
    location: str, relative: list[str], holds_export: Callable[[str], bool]
) -> None:
    """Refuse a folder whose subfolders hold paygrade exports (``holds_export``: whether the
    subfolder at a path relative to ``location`` holds a ``_paygrade.json``). Read as one,
    two exports counted every record twice (aijobs 148,442 where the store holds 74,301)
    with status 0; one export read from above it left its own tables out (local prices).

    Example:
        >>> _refuse_exports_below("recs", ["source=h1b/year=2024/a.parquet"], lambda f: False)
        >>> _refuse_exports_below("two", ["a/source=h1b/x.parquet", "b/source=h1b/y.parquet"],
        ...                       {"a", "b"}.__contains__)
        Traceback (most recent call last):
        paygrade.parquet.ParquetError: two holds 2 paygrade exports in its subfolders (two/a, \
two/b): read together, each record is counted once per export; give one export's folder
    """
    folders = {str(folder) for path in relative for folder in PurePosixPath(path).parents}
    found = sorted(folder for folder in folders - {"."} if holds_export(folder))
    named = [f"{location.rstrip('/')}/{folder}" for folder in found]
    shown = ", ".join(named[:3]) + (f" and {len(named) - 3:,} more" if len(named) > 3 else "")
    if len(named) == 1:
        raise ParquetError(
            f"{location} holds the paygrade export {shown} in a subfolder: read from above "
            f"it, its own tables (local prices, counted cells) are not read; give the "
            f"export's folder ({shown})"
        )
    if named:
        raise ParquetError(
            f"{location} holds {len(named):,} paygrade exports in its subfolders ({shown}): "
            "read together, each record is counted once per export; give one export's folder"
        )


def _url_listing(con: duckdb.DuckDBPyConnection, root: str) -> _Listing:
    """One listing of the object store: the data files are those a dataset reader
    reads (none under ``_`` or ``.`` names), as :func:`data_files` finds locally."""
    found = [row[0] for row in con.execute("SELECT file FROM glob(?)", [f"{root}/**"]).fetchall()]
    relative = {_relative(f, root): f for f in found}
    data = [
        f
        for rel, f in sorted(relative.items())
        if rel.endswith(".parquet") and not any(p.startswith(("_", ".")) for p in rel.split("/"))
    ]
    if not data and root.endswith(".parquet"):  # one object, as a local path may be one file
        return _Listing([root], {}, None)
    if not data:
        raise ParquetError(f"{root} holds no Parquet files")
    _refuse_exports_below(
        root, [_relative(f, root) for f in data], lambda folder: f"{folder}/{METADATA}" in relative
    )
    return _Listing(
        data,
        {t: f for t in SIDE_TABLES if (f := relative.get(f"_tables/{t}.parquet"))},
        relative.get(METADATA),
    )


def schema_names_at(url: str) -> list[list[str]]:
    """The column names of each data file under an object-store URL, listed and read as
    ``open_folder`` reads the URL (httpfs, or the fsspec filesystem of its scheme): how
    ``engines.spark`` says a Spark error of the files in DuckDB's words. Raises what
    reading the URL raises (``duckdb.Error``, :class:`ParquetError`)."""
    url = object_store.as_read(url)
    con = quiet(duckdb.connect(":memory:"))
    try:
        object_store.reach(con, url)
        files = _url_listing(con, url.rstrip("/")).data
        rows = con.execute("SELECT file_name, name FROM parquet_schema(?)", [files]).fetchall()
    finally:
        con.close()
    names: dict[str, list[str]] = {}
    for file, name in rows:
        names.setdefault(file, []).append(name)
    return list(names.values())


def _refuse_part_of_an_upload(location: str, listed: _Listing, meta: dict[str, Any]) -> None:
    """Refuse an object-store export whose upload was cut short: ``_paygrade.json`` goes
    up first and names every data file, and a prefix holding only some of them was read
    as the whole (293 records of 220,738, said as the answer). A local export is moved
    into place whole; a local folder's files are its owner's to change."""
    if not is_url(location) or not isinstance(meta.get("files"), dict):
        return
    root = location.rstrip("/")
    held = {_relative(found, root) for found in listed.data}
    missing = set(meta["files"]) - held
    if missing:
        raise ParquetError(
            f"{location} holds part of an export: {len(missing):,} of its "
            f"{len(meta['files']):,} data files are missing (an upload cut short?); "
            "run the export again with --overwrite"
        )
    if others := held - set(meta["files"]):  # an earlier export's, not yet deleted
        raise ParquetError(
            f"{location} holds {len(others):,} data files its export does not list (an "
            "earlier export's: an upload cut short?); run the export again with --overwrite"
        )


def _relative(found: str, root: str) -> str:
    """A listed file's path under the root URL (DuckDB lists ``file://`` URLs as paths).

    Example:
        >>> _relative("s3://b/r/source=h1b/x.parquet", "s3://b/r")
        'source=h1b/x.parquet'
        >>> _relative("/data/r/_paygrade.json", "file:///data/r")
        '_paygrade.json'
    """
    prefix = root if found.startswith(root) else urlsplit(root).path
    return found[len(prefix) :].lstrip("/")


# Which types a foreign folder's column may have to be read as each canonical type:
# numbers as any number, text as anything, a list as a list. Text is no number
# (one 'n/a' would stop every query, and Spark would read it as empty).
_NUMBERS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE", "DECIMAL")


def _readable_as(found: str, wanted: str) -> bool:
    """Whether a column of DuckDB type ``found`` reads as canonical type ``wanted``.

    Example:
        >>> _readable_as("BIGINT", "INTEGER"), _readable_as("DECIMAL(10,2)", "DOUBLE")
        (True, True)
        >>> _readable_as("VARCHAR", "VARCHAR[]"), _readable_as("VARCHAR", "DOUBLE")
        (False, False)
        >>> _readable_as('"NULL"', "VARCHAR[]"), _readable_as('"NULL"', "INTEGER")
        (True, True)
    """
    if found.strip('"').startswith("NULL"):  # a column of nothing (pandas' None, Polars' null)
        return True
    if wanted.endswith("[]"):
        return found.endswith("[]")
    if wanted == "VARCHAR":
        return True
    return found.lstrip("U").startswith(_NUMBERS) or found == "BOOLEAN"


def _refuse_unreadable(location: str, types: dict[str, str], files: Sequence[str] = ()) -> None:
    for name, wanted in columns().items():
        found = types.get(name)
        if found is not None and not _readable_as(found, wanted):
            kind = "a list" if wanted.endswith("[]") else "a number"
            # A partition's values are in its folders' names ("year=unknown"), not the files.
            where = (
                f"name its folders {name}=<{kind}>"
                if any(f"/{name}=" in f.replace(os.sep, "/") for f in files)
                else f"write it as {wanted} in the files"
            )
            raise ParquetError(
                f"{location}: column {name} is {found}, not {kind} ({wanted}) as paygrade's "
                f"{name} is; {where}, or leave the column out"
            )


def _register_records(con: duckdb.DuckDBPyConnection, location: str, files: list[str]) -> set[str]:
    listed = "[" + ", ".join(f"'{_quoted(f)}'" for f in files) + "]"
    hive_types = "".join(f", '{key}': '{kind}'" for key, kind in _hive_types(files).items())
    raw = f"read_parquet({listed}, hive_partitioning = true, union_by_name = true" + (
        f", hive_types = {{{hive_types[2:]}}})" if hive_types else ")"
    )
    # Named in any case, as DuckDB's SQL (and Spark's) finds them: AMOUNT_USD had been
    # "no amount_usd column", and a Level column a level of null for every record.
    described = con.execute(f"DESCRIBE SELECT * FROM {raw}").fetchall()
    _refuse_two_cases(con, location, listed, [row[0] for row in described])
    types = {row[0].lower(): row[1] for row in described}
    _refuse_unreadable(location, types, files)
    _refuse_counted_cells(location, types)
    selected = []
    for name, sql_type in columns().items():
        if name in AMOUNTS and name in types:
            selected.append(f'{_an_amount(name)} AS "{name}"')
        elif name == "dup_rank" and name in types:
            # Given but blank: its own first copy, as a file without the column reads (a
            # blank had counted as a later copy: n_distinct 100 of aijobs' 249).
            selected.append(f'coalesce({_a_number(name, types[name], sql_type)}, 1) AS "{name}"')
        elif name in types:
            selected.append(f'{_a_number(name, types[name], sql_type)} AS "{name}"')
        elif name == "dup_rank":
            selected.append('1 AS "dup_rank"')
        else:
            selected.append(f'CAST(NULL AS {sql_type}) AS "{name}"')
    con.execute(f"CREATE VIEW records AS SELECT {', '.join(selected)} FROM {raw}")
    return set(types)


def _a_number(name: str, found: str, sql_type: str) -> str:
    """SQL: column ``name`` (of DuckDB type ``found``) as canonical type ``sql_type``, a NaN
    read as missing: NaN is pandas' missing number, as Spark's reading takes it too. A NaN
    year or remote had stopped the query ("Type DOUBLE with value nan can't be cast ...
    INT32"); a group of NaN years had looped for ever or given invalid JSON.

    ``isfinite(v) OR isinf(v)``, not ``NOT isnan(v)``: pyarrow leaves NaN out of a file's
    min/max, and DuckDB (2.0) then folds ``isnan`` (and ``v <> v``, ``v = 'NaN'``) to false
    from the statistics of a file with no null (its NaN years were a group of their own).

    Example:
        >>> _a_number("year", "BIGINT", "INTEGER")
        'CAST("year" AS INTEGER)'
        >>> _a_number("remote", "DOUBLE", "INTEGER")
        'CAST(CASE WHEN isfinite("remote") OR isinf("remote") THEN "remote" END AS INTEGER)'
    """
    if not found.startswith(("FLOAT", "DOUBLE")) and sql_type != "DOUBLE":
        return f'CAST("{name}" AS {sql_type})'
    value = f'"{name}"' if found.startswith(("FLOAT", "DOUBLE")) else f'CAST("{name}" AS DOUBLE)'
    return f"CAST(CASE WHEN isfinite({value}) OR isinf({value}) THEN {value} END AS {sql_type})"


# How DuckDB names the second of two columns of a file that differ only in case.
_RENAMED = re.compile(r"(.+)_\d+")


def _refuse_two_cases(
    con: duckdb.DuckDBPyConnection, location: str, listed: str, described: list[str]
) -> None:
    """Refuse files holding one canonical column in two cases (``amount_usd`` and
    ``AMOUNT_USD``): DuckDB had read the first without a word, Spark refused in its own
    words ("[COLUMN_ALREADY_EXISTS]"). DuckDB names the second ``AMOUNT_USD_1``; only
    then are the files' own names read, to tell it from a column so named."""
    lower = {name.lower() for name in described}
    if not any(
        (found := _RENAMED.fullmatch(name)) and found[1].lower() in lower for name in described
    ):
        return
    names = con.execute(f"SELECT DISTINCT name FROM parquet_schema({listed})").fetchall()
    if pair := two_cases(row[0] for row in names):
        raise in_two_cases(location, pair)


def two_cases(names: Iterable[str]) -> tuple[str, str] | None:
    """Two of ``names`` that name one canonical column in two cases, if any.

    Example:
        >>> two_cases(["amount_usd", "level", "AMOUNT_USD"]), two_cases(["Level", "x", "X"])
        (('amount_usd', 'AMOUNT_USD'), None)
    """
    seen: dict[str, str] = {}
    for name in names:
        first = seen.setdefault(name.lower(), name)
        if first != name and name.lower() in columns():
            return first, name
    return None


def in_two_cases(location: str | Path, pair: tuple[str, str]) -> ParquetError:
    """The error of files naming one canonical column twice, on either engine."""
    return ParquetError(
        f"{location} holds columns {pair[0]} and {pair[1]}, one column named in two cases "
        f"(a column in any case is paygrade's {pair[0].lower()}), so which one to read is "
        "unclear; rename or leave out one of them"
    )


# A number as a Hive folder may name it; DuckDB guesses only a date, a timestamp or a
# whole number there, so years_experience=0.5 was text, refused as naming no number.
_A_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_WHOLE = re.compile(r"[+-]?\d+")
_NO_VALUE = "__HIVE_DEFAULT_PARTITION__"  # a missing value, as Spark and pyarrow name it


def _hive_types(files: Sequence[str]) -> dict[str, str]:
    """The Hive keys of canonical numbers whose folders name fractions, each read as a
    DOUBLE (then cast as the canonical type, as Spark reads them); whole numbers, and text,
    are left to DuckDB's own guess.

    Example:
        >>> _hive_types(["/d/years_experience=0.5/a.parquet", "/d/years_experience=3/b.parquet",
        ...              "/d/years_experience=__HIVE_DEFAULT_PARTITION__/c.parquet"])
        {'years_experience': 'DOUBLE'}
        >>> _hive_types(["/d/year=2024/level=0.5/a.parquet", "/d/remote=n%2Fa/b.parquet"])
        {}
    """
    values: dict[str, set[str]] = {}
    for path in files:
        for part in path.replace(os.sep, "/").split("/")[:-1]:
            if _PARTITION_NAME.fullmatch(part):
                key, _, value = part.partition("=")
                values.setdefault(key, set()).add(unquote(value))
    numbers = {name for name, kind in columns().items() if kind in ("INTEGER", "BIGINT", "DOUBLE")}
    return {
        key: "DOUBLE"
        for key, found in values.items()
        if key.lower() in numbers
        and all(v == _NO_VALUE or _A_NUMBER.fullmatch(v) for v in found)
        and not all(v == _NO_VALUE or _WHOLE.fullmatch(v) for v in found)
    }


def _refuse_counted_cells(location: str, types: dict[str, str]) -> None:
    """Refuse an export's counted cells read as records: each row stands for ``n`` records,
    so read one row per record they gave aijobs n = 46,155 of its 74,221 records, the
    flagged ones counted too, and exit 0 (``--from-parquet DIR/_tables``)."""
    if set(cells.COLUMNS) - {"ingest_id"} <= set(types):
        raise ParquetError(
            f"{location} holds paygrade's counted cells (an export's "
            f"_tables/{cells.TABLE}.parquet, each row standing for n records), not records: "
            "give the export's folder"
        )


# The pay columns, which statistics count in whole 1/10,000 dollars (engines.PAY_SUM_UNITS).
AMOUNTS = ("amount", "amount_usd", "amount_usd_real")
# NaN, an infinity or a double past this (which times 10,000 is an infinity) cannot be
# counted: it was "internal error (ValueError): cannot convert float NaN to integer".
COUNTABLE = 1e300
_NO_AMOUNT = "which is no amount of money"


def no_amount(location: str | Path, column: str, value: float) -> ParquetError:
    """The error of a folder whose ``column`` holds ``value``, which no pay is, said in
    DuckDB's words whichever engine met it (Spark's guard: ``engines.spark._countable``).

    Example:
        >>> print(no_amount("recs/", "amount_usd", float("inf")))  # doctest: +ELLIPSIS
        cannot read recs/ as canonical records: column amount_usd holds inf, which is no ...
    """
    said = f"column {column} holds {value!r}, {_NO_AMOUNT}"
    return ParquetError(_holds_no_amount(location, said))


def _holds_no_amount(location: str | Path, said: str) -> str:
    return (
        f"cannot read {location} as canonical records: {said}; "
        "correct those rows in the files, or leave them out"
    )


def _an_amount(name: str) -> str:
    """SQL: column ``name`` as a DOUBLE, the query stopped by a value no amount is, zero or
    less too (ingest quarantines such a row; a folder's rows are read as they are: a pay
    of -120,000 had made a p10 of -12,000)."""
    value = f'CAST("{name}" AS DOUBLE)'
    return (
        f"CASE WHEN {value} IS NULL OR (isfinite({value}) AND {value} > 0 "
        f"AND {value} < {COUNTABLE}) "
        f"THEN {value} ELSE error('column {name} holds ' || {value} || ', {_NO_AMOUNT}') END"
    )


def _one_table(path: str) -> str:
    """SQL reading one table's file as it is: DuckDB finds Hive values in any path by
    default, and a folder under ``source=2026-12/`` gave the counted cells that one source."""
    return f"read_parquet('{_quoted(path)}', hive_partitioning = false)"


def _register_side_tables(con: duckdb.DuckDBPyConnection, tables: dict[str, str]) -> None:
    # An export carries what local prices need; a foreign folder simply has none
    # (local prices then say no metro could be priced, rather than fail).
    for table, path in tables.items():
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM {_one_table(path)}")
    if "price_parities" not in tables:
        con.execute(
            "CREATE VIEW price_parities AS SELECT NULL::VARCHAR AS cbsa, NULL::VARCHAR AS "
            "component, NULL::INTEGER AS year, NULL::DOUBLE AS rpp WHERE false"
        )
    if "oflc_geography" not in tables:
        con.execute(
            "CREATE VIEW oflc_geography AS SELECT NULL::VARCHAR AS area, "
            "NULL::VARCHAR AS area_name WHERE false"
        )


def _register_cells(con: duckdb.DuckDBPyConnection, location: str) -> None:
    """The exported cells, when the folder still holds exactly the files they count."""
    if is_url(location):
        return  # sizing every file of an object store is not free; read the records
    folder = _home_expanded(location)
    if not folder.is_dir():
        return  # one file of records: no export's cells beside it
    path = folder / "_tables" / f"{cells.TABLE}.parquet"
    meta = _metadata(con, location, str(folder / METADATA))
    if path.is_file() and meta.get("files") == _file_sizes(folder):
        con.execute(f"CREATE VIEW {cells.TABLE} AS SELECT * FROM {_one_table(str(path))}")


def _metadata(con: duckdb.DuckDBPyConnection, location: str, path: str | None) -> dict[str, Any]:
    """What ``_paygrade.json`` says, read by DuckDB (a local file or a URL)."""
    if path is None or not (is_url(location) or Path(path).is_file()):
        return {}
    try:
        text = first_row(con, "SELECT content FROM read_text(?)", [path])
        found = json.loads(text[0]) if text else None
    except (duckdb.Error, ValueError):
        return {}  # a folder's own metadata is a hint; unreadable, it is no hint
    return found if isinstance(found, dict) else {}


def _register_ingest_log(con: duckdb.DuckDBPyConnection, meta: dict[str, Any]) -> None:
    # stats asks a store which CPI year its real dollars are in; an export says it.
    reference = meta.get("reference_year")
    year = str(int(reference)) if isinstance(reference, int) else "NULL"
    # One counted file (status 'ok', as the store's log says of files no snapshot replaced).
    con.execute(
        f"CREATE VIEW ingest_log AS SELECT 'records' AS kind, {year}::INTEGER AS reference_year,"
        " 'ok' AS status"
    )
