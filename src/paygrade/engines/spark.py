"""The statistics on Apache Spark: the Ibis rendering over a Parquet folder.

The session comes from settings: a Spark Connect URL (``spark_remote``) wins
over a master URL (``spark_master``, ``local[*]`` by default). Reaching Spark is
bounded by ``spark_timeout``: an unreachable master or a wrong URL is an error
that says so, never a hang. Spark reads the folder itself, so Hive partitions
(``source=.../year=...``) become columns.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import logging
import os
import re
import shutil
import signal
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from paygrade.config import Settings
from paygrade.engines.ibis_plan import IbisEngine
from paygrade.records import Interrupted, PaygradeError
from paygrade.store import Store

_QUIET_LOG = Path(__file__).with_name("log4j2-quiet.properties")
# The ports Spark Connect (sc://) and a standalone master (spark://) listen on by default.
_DEFAULT_PORTS = {"sc": 15002, "spark": 7077}


class SparkUnavailable(PaygradeError):
    """Spark cannot be reached or started with the settings given."""


class SparkCannotRead(PaygradeError):
    """Spark started but cannot read the folder (DuckDB could: it was read first)."""


def session(settings: Settings) -> Any:
    """A Spark session for the settings, or :class:`SparkUnavailable` within the timeout."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable(
            "--engine spark needs pyspark: pip install 'paygrade[spark]' (pyspark>=3.5,<4.1)"
        ) from None
    where = settings.spark_remote or settings.spark_master
    _quiet_py4j()
    _noting_interrupts()

    def build() -> Any:
        builder = SparkSession.builder.appName("paygrade")
        if settings.spark_remote:
            return builder.remote(settings.spark_remote).getOrCreate()
        configured = (
            builder.master(settings.spark_master)
            .config("spark.driver.extraJavaOptions", f"-Dlog4j.configurationFile={_QUIET_LOG}")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", "8")
        )
        spark = configured.getOrCreate()
        spark.sparkContext.setLogLevel("ERROR")
        return spark

    started = time.monotonic()
    _refuse_if_refused(where, settings.spark_timeout)
    left = settings.spark_timeout - (time.monotonic() - started)
    return _within(build, max(left, 0.1), where, settings.spark_timeout)


def _quiet_py4j() -> None:
    """py4j logs through the root logger (``logging.exception``), which then prints to
    stderr: Ctrl-C during a Spark run printed "ERROR:root:KeyboardInterrupt while sending
    command." and a traceback before "error: interrupted". The CLI says what happened;
    Spark's own log keeps the JVM's side."""
    logging.getLogger("py4j").setLevel(logging.CRITICAL)
    root = logging.getLogger()
    if not root.handlers:  # a process that set up logging (a server) keeps its own
        root.addHandler(logging.NullHandler())


# Set by Ctrl-C during a Spark run. The terminal's SIGINT reaches the whole process group,
# and what py4j then raised ("Answer from Java side is empty") had been said as Spark
# failing to read the folder, status 1.
_INTERRUPTED = threading.Event()


def _noting_interrupts() -> None:
    """Note a SIGINT before Python's own handler raises KeyboardInterrupt."""
    previous = signal.getsignal(signal.SIGINT)
    if (
        threading.current_thread() is not threading.main_thread()
        or not callable(previous)  # ignored (a background job): left so
        or getattr(previous, "notes_interrupts", False)
    ):
        return

    def note(signum: int, frame: Any) -> None:
        _INTERRUPTED.set()
        previous(signum, frame)  # Python's own: raises KeyboardInterrupt

    note.notes_interrupts = True  # type: ignore[attr-defined]
    signal.signal(signal.SIGINT, note)


def _or_interrupted(error: PaygradeError) -> PaygradeError:
    """``error``, or what it was when Ctrl-C came first: an interruption (status 130)."""
    return Interrupted("interrupted") if _INTERRUPTED.is_set() else error


def _without_secrets(where: str) -> str:
    """A Spark address as a message says it: a Spark Connect URL's token, user and password
    left out (every error had printed ``sc://host:15002/;token=...`` whole).

    Example:
        >>> _without_secrets("sc://spark.example:15002/;token=s3cr3t;use_ssl=true")
        'sc://spark.example:15002/;token=…;use_ssl=true'
        >>> _without_secrets("spark://ana:pw@host:7077"), _without_secrets("local[*]")
        ('spark://…@host:7077', 'local[*]')
    """
    hidden = re.sub(r"(;(?:token|user_id|password|secret)=)[^;]*", r"\1…", where, flags=re.I)
    return re.sub(r"(://)[^/@]*@", r"\1…@", hidden)


def _address(where: str) -> tuple[str, int] | None:
    """The one (host, port) a Spark Connect or standalone master URL names, if it names one.

    Example:
        >>> _address("sc://127.0.0.1:1"), _address("sc://spark.example/;token=x")
        (('127.0.0.1', 1), ('spark.example', 15002))
        >>> _address("local[*]"), _address("spark://a:7077,b:7077")
        (None, None)
    """
    shown = _without_secrets(where)  # in messages: no token
    parts = urlsplit(where)
    if parts.scheme not in _DEFAULT_PORTS or "," in parts.netloc:
        return None
    if not parts.hostname:  # "sc://", "sc://:15002": it had waited the whole timeout
        raise SparkUnavailable(
            f"cannot reach Spark at {shown}: the URL names no host (e.g. "
            f"{parts.scheme}://HOST:{_DEFAULT_PORTS[parts.scheme]}; check "
            "PAYGRADE_SPARK_REMOTE / PAYGRADE_SPARK_MASTER)"
        )
    try:
        port = parts.port
        if port == 0:  # had been read as no port: "connection refused at HOST:7077"
            raise ValueError(port)
        return parts.hostname, port or _DEFAULT_PORTS[parts.scheme]
    except ValueError:  # Spark said "invalid literal for int() with base 10: 'x'"
        raise SparkUnavailable(
            f"cannot reach Spark at {shown}: the port is not a number from 1 to 65535 "
            f"(e.g. {parts.scheme}://HOST:{_DEFAULT_PORTS[parts.scheme]}; check "
            "PAYGRADE_SPARK_REMOTE / PAYGRADE_SPARK_MASTER)"
        ) from None


def _refuse_if_refused(where: str, timeout: float) -> None:
    """Fail at once when nothing listens at the URL's address: Spark (Connect above all)
    retries a refused connection until the timeout, then says only that it did not answer.
    A host that does not answer is left to the bounded wait; one with no address, said."""
    shown = _without_secrets(where)  # in messages: no token
    address = _address(where)
    if address is None:
        return
    try:
        with socket.create_connection(address, timeout=min(timeout, 2.0)):
            pass
    except ConnectionRefusedError:
        raise SparkUnavailable(
            f"cannot reach Spark at {shown}: connection refused at {address[0]}:{address[1]} "
            "(nothing listens there; check PAYGRADE_SPARK_REMOTE / PAYGRADE_SPARK_MASTER)"
        ) from None
    except socket.gaierror:
        # A host no name server knows: waiting longer cannot help, and it had waited the
        # whole timeout, then said Spark "did not answer" and advised raising it.
        raise SparkUnavailable(
            f"cannot reach Spark at {shown}: no host is called {address[0]!r} "
            "(check PAYGRADE_SPARK_REMOTE / PAYGRADE_SPARK_MASTER)"
        ) from None
    except OSError:
        return  # unreachable, slow or unknown: the bounded wait says so


@contextmanager
def _jvm_output_to(log: Path) -> Iterator[None]:
    # The driver JVM inherits this process's stderr when it starts; give it a log
    # file instead, so that its Java stack traces never reach the user's terminal.
    with log.open("ab") as sink:
        saved = os.dup(2)
        os.dup2(sink.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def _within(build: Callable[[], Any], timeout: float, where: str, said: float) -> Any:
    shown = _without_secrets(where)  # in messages: no token
    # Spark retries an unreachable master (and Connect a dead server) for minutes;
    # wait on a daemon thread so that the caller gets an answer in `timeout` seconds.
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["session"] = build()
        except BaseException as exc:  # reported to the caller below
            outcome["error"] = exc

    log = Path(tempfile.gettempdir()) / f"paygrade-spark-{os.getpid()}.log"
    worker = threading.Thread(target=run, name="paygrade-spark-session", daemon=True)
    try:
        with _jvm_output_to(log):
            worker.start()
            worker.join(timeout)
    except KeyboardInterrupt:  # Ctrl-C as Spark starts: no log left behind, unnamed
        _drop(log)
        raise
    if worker.is_alive():
        raise SparkUnavailable(
            f"Spark at {shown} did not answer within {said:g} s (check "
            "PAYGRADE_SPARK_MASTER / PAYGRADE_SPARK_REMOTE, or raise PAYGRADE_SPARK_TIMEOUT; "
            f"Spark's log: {log})"
        )
    if "error" in outcome:
        raise SparkUnavailable(
            f"cannot start Spark at {shown}: {_reason(outcome['error'], log)} (check "
            f"PAYGRADE_SPARK_MASTER / PAYGRADE_SPARK_REMOTE; Spark's log: {log})"
        )
    # The log is named only when Spark fails to start: a run that went well leaves none
    # behind in the temporary folder (one per process, every run, holding Spark's banner).
    atexit.register(_drop, log)
    return outcome["session"]


def _drop(log: Path) -> None:
    with contextlib.suppress(OSError):
        log.unlink()


def _reason(error: BaseException, log: Path) -> str:
    """Why the session did not start, in one line: Spark Connect's gRPC error by its
    details, a JVM that exited by the exception it logged (spark-submit refusing the
    master URL), anything else by its first line.

    Example:
        >>> grpc = '<_InactiveRpcError of RPC ...:\\n  details = "Socket closed"\\n>'
        >>> _reason(RuntimeError(grpc), Path("/nonexistent"))
        'Socket closed'
    """
    text = str(error).strip()
    details = re.search(r'details = "([^"]+)"', text)
    if text.startswith("<_InactiveRpcError") and details:
        return details.group(1)
    first = (text.splitlines() or [type(error).__name__])[0]
    if "JAVA_GATEWAY_EXITED" in first:
        return _logged_exception(_read(log)) or (
            "Java exited as it started (is Java 17 installed, and JAVA_HOME right?)"
        )
    if first.startswith("An error occurred while calling"):  # py4j: Java's own words follow
        return _logged_exception(text) or first
    return first


def _logged_exception(text: str) -> str | None:
    """The message of the last Java exception in a log or a py4j error, if any.

    Example:
        >>> _logged_exception("org.apache.spark.SparkException: Could not parse Master URL: "
        ...     "'local[x]'\\n\\tat org.apache.spark.SparkContext")
        "Could not parse Master URL: 'local[x]'"
    """
    said = re.search(r"^.*?\w*(?:Exception|Error): (.+)$", text, flags=re.MULTILINE)
    return said.group(1).strip() if said else None


def _read(log: Path) -> str:
    try:
        return log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def engine(
    spark: Any, folder: str, metro_prices: Any | None = None, *, of_store: bool = False
) -> IbisEngine:
    """The Ibis plan on Spark over a Parquet folder of canonical records.

    ``metro_prices`` is an Arrow table of (metro, year, cbsa, rpp, rpp_year) for
    local prices, computed where the price tables are (the store). ``of_store``: the
    folder is the store's, exported for Spark (``store_as_parquet``), which errors say.
    """
    import ibis
    from py4j.protocol import Py4JError
    from pyspark.errors import PySparkException

    from paygrade.engines.ibis_plan import quiet_duckdb2
    from paygrade.parquet import no_amount

    # A Ctrl-C of an earlier run in this process (a notebook's, an MCP session's) is not
    # this run's: left set, every later Spark error had been said as "interrupted".
    _INTERRUPTED.clear()
    with quiet_duckdb2():
        backend = ibis.pyspark.connect(spark)
        try:
            records = canonical(_records_of(spark, backend, folder))
        except (Py4JError, PySparkException) as exc:  # Java's, Spark Connect's, PySpark's
            if "COLUMN_ALREADY_EXISTS" in str(exc) and (clash := _in_two_cases(folder)):
                raise clash from None
            line = _not_on_the_server(spark, folder, cannot_read(folder, str(exc)), of_store)
            raise _or_interrupted(SparkCannotRead(line)) from None
    prices = None
    if metro_prices is not None:

        def prices() -> Any:
            # A memtable: a temporary view of the session, never a table in a warehouse.
            return ibis.memtable(metro_prices)

    def said(error: Exception) -> Exception | None:
        # A file that fails only as the query reads it (a cell of another type, a pay
        # that is no amount: canonical's guard).
        if isinstance(error, Py4JError | PySparkException):
            if found := _NO_AMOUNT_RAISED.search(str(error)):
                return no_amount(folder, found["column"], float(found["value"]))
            return _or_interrupted(SparkCannotRead(cannot_read(folder, str(error))))
        return None

    return IbisEngine("spark", records, prices, said)


# What Hadoop's glob patterns read as more than itself, escaped with a backslash.
_GLOB = re.compile(r"[\\\[\]{}*?]")


def _records_of(spark: Any, backend: Any, folder: str) -> Any:
    """The records of ``folder`` as an Ibis table on Spark: a local folder as DuckDB reads
    it (``parquet.data_files``: its ``*.parquet`` files, none under ``_`` or ``.``; columns
    merged across files; Hive values from the folder's own path too); an object store's
    as Spark lists it.

    Given the folder, Spark read files DuckDB does not (no suffix: n doubled; a CSV or a
    README beside: Java's stack), left out plain subfolders, took its columns from one file
    (a column one file lacks: null for every file), and lost ``source`` of a folder
    ``source=aijobs``.
    """
    from paygrade.parquet import data_files, hive_base, local_path

    local = (local_path(folder) if folder.startswith("file:") else Path(folder)).expanduser()
    # Spark Connect's server reads a relative path from its own working folder: "sparkc/exp"
    # given in /tmp had been looked for as <server's folder>/sparkc/exp ("[PATH_NOT_FOUND]").
    local = local.absolute()
    if local.is_file():  # one file: its folders' Hive values too, as DuckDB reads them
        files, base = [str(local)], local.parent  # (read alone, it had lost source and year)
    elif local.is_dir():
        files, base = data_files(local), local
    else:  # an object store's prefix
        return backend.read_parquet(folder)
    if not files:
        raise SparkCannotRead(f"Spark cannot read {folder}: it holds no Parquet files")
    base = hive_base(base)
    # Hadoop reads a path as a glob pattern: "data[2024]" was "[PATH_NOT_FOUND]".
    globbed = [_GLOB.sub(r"\\\g<0>", path) for path in files]
    frame = spark.read.options(basePath=str(base), mergeSchema="true").parquet(*globbed)
    # Spark reads "%C3%BC" in a folder's name as two characters ("ZÃ¼rich"); DuckDB, as
    # what it escapes (Zürich). Each escaped value is read again from its folder's name;
    # values Spark itself wrote unescaped ("Zürich" beside "100%25 Remote") are let be
    # (the whole column re-read had failed: MALFORMED_CHARACTER_CODING).
    escaped: dict[str, dict[str, str]] = {}
    for path in files:
        for part in Path(path).relative_to(base).parts[:-1]:
            key, _, value = part.partition("=")
            if "%" in value and (read := unquote(value, "latin-1")) != unquote(value):
                escaped.setdefault(key, {})[read] = unquote(value)
    for key, meant in escaped.items():
        frame = frame.withColumn(key, frame[key].cast("string")).replace(meant, subset=[key])
    name = f"paygrade_records_{abs(hash((folder, tuple(files)))):x}"
    frame.createOrReplaceTempView(name)
    return backend.table(name)


def _in_two_cases(folder: str) -> Exception | None:
    """DuckDB's error of a folder's files naming one canonical column in two cases
    (``parquet.in_two_cases``): Spark had named one of them ("[COLUMN_ALREADY_EXISTS] The
    column `amount_usd` already exists"), and not the other. Read once Spark refused; an
    object store's files through the filesystem DuckDB reads it with (they had not been
    read at all: Spark's words reached a library call over ``s3://``)."""
    import duckdb
    import pyarrow.parquet as pq

    from paygrade.object_store import scheme
    from paygrade.parquet import data_files, in_two_cases, local_path, schema_names_at, two_cases

    schemas: Iterable[list[str]]
    if scheme(folder) not in ("", "file"):
        try:
            schemas = schema_names_at(folder)
        except (duckdb.Error, PaygradeError, OSError):  # DuckDB cannot read it: Spark's words
            return None
    else:
        local = (local_path(folder) if folder.startswith("file:") else Path(folder)).expanduser()
        files = [str(local)] if local.is_file() else data_files(local) if local.is_dir() else []
        schemas = (pq.read_schema(path).names for path in files)
    for names in schemas:
        if pair := two_cases(names):
            return in_two_cases(folder, pair)
    return None


def _not_on_the_server(spark: Any, folder: str, line: str, of_store: bool) -> str:
    """``line``, and why, when a Spark Connect server found no local path this machine
    holds: the server reads its own machine's files. Over the store, it had named only
    a temporary folder the user never gave ("Spark cannot read /tmp/paygrade-spark-…/
    records: [PATH_NOT_FOUND] Path does not exist: …")."""
    from paygrade.object_store import scheme

    connect = type(spark).__module__.startswith("pyspark.sql.connect")
    if not connect or "PATH_NOT_FOUND" not in line or scheme(folder) not in ("", "file"):
        return line
    if of_store:
        return (
            # No apostrophe: ``shortened`` cuts 200 characters between two as a quoted value.
            "Spark cannot read the records of the store: a Spark Connect server reads files "
            f"on its own machine, and they were exported for it to {folder} on this one; "
            "export them where the server reads them (paygrade export --out DIR, or to an "
            "object store URL) and pass --from-parquet DIR"
        )
    return line + (
        "; a Spark Connect server reads files on its own machine: give --from-parquet a "
        "folder it reads at the same path, or an object store URL"
    )


def cannot_read(folder: str, error: str) -> str:
    """Why Spark cannot read ``folder``, in one line: Java's own words, not its stack,
    and for a scheme it has no filesystem for, how it gets one.

    Example:
        >>> print(cannot_read("s3://b/r", "An error occurred while calling o39.parquet.\\n"
        ...     ": org.apache.hadoop.fs.UnsupportedFileSystemException: No FileSystem for "
        ...     'scheme "s3"\\n\\tat org.apache.hadoop.fs.FileSystem'))  # doctest: +ELLIPSIS
        Spark cannot read s3://b/r: No FileSystem for scheme "s3"; Spark reads s3:// ...
    """
    said = _logged_exception(error) or (error.strip().splitlines() or ["unknown error"])[0]
    if (differing := _unmerged_columns(error)) is not None:
        # Its first line stops at a colon ("Failed merging schemas:"), naming nothing.
        said += f" the files give {differing}; write each column with one type in every file"
    line = f"Spark cannot read {folder}: {said}"
    # s3:// names no filesystem; s3a:// names Hadoop's S3A, whose class is then missing.
    if "No FileSystem for scheme" in said or "S3AFileSystem not found" in said:
        scheme = urlsplit(folder).scheme
        line += (
            f"; Spark reads {scheme}:// through a Hadoop connector on its classpath "
            "(for S3: hadoop-aws, s3:// mapped to S3A; docs/scale.md), "
            "or leave out --engine spark: DuckDB reads it"
        )
    return line


_STRUCT = re.compile(r'"STRUCT<(.*?)>"', re.S)


def _unmerged_columns(error: str) -> str | None:
    """The columns whose types two files of a folder disagree on, from Spark's
    CANNOT_MERGE_SCHEMAS error (its two schemas); None for another error.

    Example:
        >>> _unmerged_columns('[CANNOT_MERGE_SCHEMAS] Failed merging schemas:\\nInitial '
        ...     'schema:\\n"STRUCT<source: STRING, year: INT>"\\nSchema that cannot be merged '
        ...     'with the initial schema:\\n"STRUCT<source: STRING, year: BIGINT>".')
        'year as INT in one and BIGINT in another'
        >>> _unmerged_columns('[CANNOT_MERGE_SCHEMAS] ...\\n"STRUCT<level: STRING NOT NULL, '
        ...     'year: INT NOT NULL>"\\n...\\n"STRUCT<level: STRING, year: BIGINT NOT NULL>".')
        'year as INT in one and BIGINT in another'
    """
    if "CANNOT_MERGE_SCHEMAS" not in error:
        return None
    schemas = _STRUCT.findall(error)[:2]
    if len(schemas) < 2:
        return None
    # Types as merging reads them: NOT NULL in one file only stops no merge (level had been
    # named beside year, the one that did).
    first, second = ({n: t.removesuffix(" NOT NULL") for n, t in _fields(s)} for s in schemas)
    differing = [
        f"{name} as {kind} in one and {second[name]} in another"
        for name, kind in first.items()
        if name in second and second[name] != kind
    ]
    return ", ".join(differing) or None


def _fields(schema: str) -> list[tuple[str, str]]:
    """(name, type) of a Spark STRUCT's top-level fields (nested types kept whole)."""
    fields: list[tuple[str, str]] = []
    depth, part = 0, ""
    for char in schema + ",":
        depth += (char in "<(") - (char in ">)")
        if char == "," and depth == 0:
            name, _, kind = part.partition(":")
            fields.append((name.strip().strip("`"), kind.strip()))
            part = ""
        else:
            part += char
    return fields


# The Ibis type of each canonical column's DuckDB type (paygrade.parquet.columns).
_IBIS_TYPES = {
    "VARCHAR": "string",
    "INTEGER": "int32",
    "BIGINT": "int64",
    "DOUBLE": "float64",
    "VARCHAR[]": "array<string>",
}


def canonical(records: Any) -> Any:
    """The records as the canonical columns and types, as ``open_folder`` reads them for
    DuckDB: a column the files lack is NULL (``dup_rank`` 1), a narrower number cast,
    a pay that is no amount (NaN, an infinity) an error (``_countable``).
    A foreign folder without ``flags`` or ``source`` was an internal error on Spark."""
    import ibis

    from paygrade.parquet import AMOUNTS, columns

    # Named in any case, as Spark's SQL and DuckDB find them (AMOUNT_USD, a Level folder).
    named = {found.lower(): found for found in reversed(records.columns)}
    named.update({found: found for found in records.columns})

    def column(name: str, sql_type: str) -> Any:
        dtype = _IBIS_TYPES[sql_type]
        if name in named:
            found = records[named[name]]
            if found.type().is_floating() and name not in AMOUNTS:
                # NaN is pandas' missing number, as DuckDB's reading takes it: Spark had kept
                # it, a group of NaN years beside the missing ones under one null key, and
                # a NaN year or remote stopped the query ("[CAST_OVERFLOW] ... Use try_cast").
                found = found.isnan().ifelse(ibis.null().cast(found.type()), found)
            if dtype.startswith("int") and (
                found.type().is_floating() or found.type().is_decimal()
            ):
                found = _half_even(found)  # as DuckDB casts (66.7 is 67); Spark's truncates
            found = found.cast(dtype)
            if name == "dup_rank":  # given but blank: its own first copy, as if not given
                found = found.fill_null(1)
            return _countable(name, found) if name in AMOUNTS else found
        return ibis.literal(1 if name == "dup_rank" else None, dtype)

    return records.select(**{name: column(name, t) for name, t in columns().items()})


# What _countable raises, read back by ``engine``'s ``said`` (Spark writes NaN "NaN", an
# infinity "Infinity", 1e308 "1.0E308": Python reads each, and says it as DuckDB does).
_NO_AMOUNT_RAISED = re.compile(
    r"paygrade: no amount in (?P<column>\w+): (?P<value>-?(?:NaN|Infinity|[\d.]+(?:E-?\d+)?))"
)


def _countable(name: str, value: Any) -> Any:
    """Pay column ``value`` as it is, the query stopped by a value statistics cannot
    count, as DuckDB's ``parquet._an_amount`` stops it: Spark had left a NaN pay out
    without a word (n 5 of 6, status 0), in the same scan the statistics read."""
    import ibis

    from paygrade.parquet import COUNTABLE

    # NaN is past every number in Spark's order (so >= COUNTABLE), NULL in neither branch.
    uncountable = value.isnan() | (value >= COUNTABLE) | (value <= 0)  # as DuckDB's
    said = _raise_error()(f"paygrade: no amount in {name}: " + value.cast("string"))
    return ibis.ifelse(uncountable, said, value)


@functools.cache
def _raise_error() -> Any:
    """Spark's RAISE_ERROR as an Ibis function (made once: Ibis is loaded on the Spark path
    alone): the query fails with the message it is given."""
    import ibis

    @ibis.udf.scalar.builtin(name="raise_error")  # type: ignore[untyped-decorator]
    def raise_error(message: str) -> float:  # type: ignore[empty-body]
        """Spark's RAISE_ERROR."""

    return raise_error


def _half_even(value: Any) -> Any:
    """``value`` rounded to a whole number, a half to the even one, as DuckDB casts a
    DOUBLE to an INTEGER (50.5 is 50, 51.5 is 52); Spark's ROUND takes a half up."""
    import ibis

    half = (value - value.floor()) == 0.5
    return ibis.ifelse(half, (value / 2).round() * 2, value.round())


def metro_prices(store: Store) -> Any:
    """The store's (metro, year) -> price parity table, as Arrow."""
    from paygrade.prices import metro_prices_sql

    return store.con.sql(metro_prices_sql()).to_arrow_table()


@contextmanager
def store_as_parquet(store: Store) -> Iterator[str]:
    """The store's records exported to a temporary Parquet folder Spark can read."""
    from paygrade.parquet import export

    folder = Path(tempfile.mkdtemp(prefix="paygrade-spark-"))
    try:
        export(store, folder / "records", private=True)  # a folder of this user's alone
        yield str(folder / "records")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
