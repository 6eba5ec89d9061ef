"""The command line: each command parses, makes one or two library calls, and formats.

Errors a user can cause become one line beginning ``error:`` on stderr and a
non-zero exit; a Python traceback never reaches the terminal.
"""

from __future__ import annotations

import math
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, ExitStack, contextmanager, suppress
from enum import StrEnum
from functools import partial, wraps
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Annotated, Any, Final, TypeVar

import typer

from paygrade import formats

if TYPE_CHECKING:
    from paygrade.engines import Engine as QueryEngine
    from paygrade.estimate import SalaryEstimator
    from paygrade.filters import KnownValues, Where
    from paygrade.offers import BadOffer, Offer, Profile
from paygrade.config import BadSetting, Settings
from paygrade.console import INTERRUPTED, WhileHeard, fit_streams, not_text, utf8_misread
from paygrade.engines import PRIVATE_MIN
from paygrade.estimate.modelfile import KEEP_MODELS
from paygrade.evidence import MAX_PAGE, MAX_PER_PAGE, PER_PAGE
from paygrade.failures import unforeseen
from paygrade.lean_typer import EMPTY_NUMBER, READS_BLANK, QuickGroup, click_group
from paygrade.paths import write_failure
from paygrade.records import (
    FIELD_NAMES,
    FLAGGED_MEANS,
    PROFILE_HELP,
    BlankValue,
    CannotWrite,
    Interrupted,
    MiswrittenQuestion,
    PaygradeError,
    TypedNumber,
    shortened,
    whole_wanted,
)
from paygrade.store import Store, StoreBusy, StoreError, discard_if_empty, no_store
from paygrade.store.snapshot import NotPublished

T = TypeVar("T")

app = typer.Typer(
    cls=QuickGroup,  # with click_group(), a command pays only for what it uses
    name="paygrade",
    help="Compensation intelligence for ML engineers, from real public data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class UsageProblem(PaygradeError):
    """The command line asks for something contradictory or incomplete."""


class Format(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


class Engine(StrEnum):
    duckdb = "duckdb"
    spark = "spark"


class ExportFormat(StrEnum):
    parquet = "parquet"


class ReportFormat(StrEnum):
    table = "table"
    json = "json"


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"paygrade {version('paygrade')}")
        raise typer.Exit(0)


@app.callback()
def main_options(
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
    db: Annotated[
        str | None,
        typer.Option("--db", metavar="<path>", help="The DuckDB store (env PAYGRADE_DB)."),
    ] = None,
    data_dir: Annotated[
        str | None,
        typer.Option(
            "--data-dir", metavar="<path>", help="Folder of mirrored data (env PAYGRADE_DATA_DIR)."
        ),
    ] = None,
) -> None:
    """Global options come before the command: paygrade --db x.duckdb stats --by level"""
    for name, value in (("db", db), ("data-dir", data_dir)):
        # Typer reads "" as the path "." (`--data-dir "$UNSET"` downloaded into the working
        # folder without a word): a blank one is refused as every blank option is.
        if value is not None and not str(value).strip():
            raise BlankValue(f"empty value for --{name}")
    given: dict[str, Any] = {k: v for k, v in {"db": db, "data_dir": data_dir}.items() if v}
    # What is given is not read from the environment (nor is the default store located).
    ctx.obj = Settings(**given)  # a bad one (PAYGRADE_REFERENCE_YEAR=abc) is a BadSetting


def _settings(ctx: typer.Context) -> Settings:
    settings = ctx.obj
    assert isinstance(settings, Settings)
    return settings


@contextmanager
def _store(ctx: typer.Context, *, read_only: bool = False) -> Iterator[Store]:
    settings = _settings(ctx)
    wait = settings.busy_timeout
    store = (
        Store.open_reading(settings.db, wait=wait)
        if read_only
        else Store.open(settings.db, wait=wait)
    )
    try:
        yield store
    except BaseException:
        # Its last checkpoint refused too (the same full disk): the command's own error is
        # the one to say (its "stopped there" had been lost to the checkpoint's). What was
        # committed stays in the store's log, read back when it is next opened.
        with suppress(Exception):
            store.close()
        raise
    store.close()


@contextmanager
def _published(ctx: typer.Context) -> Iterator[Store]:
    """The store's published copy, made current first, for a long read (training, a Spark
    run): the store itself, held minutes, had kept writers (an approval) out meanwhile.
    The store where no copy can be made (a read-only folder); a copy given as --db as it
    is (no writer opens one: a copy of it had been published beside it)."""
    from paygrade.store.snapshot import ensure_published, store_of_copy

    settings = _settings(ctx)
    try:
        copy = None if store_of_copy(settings.db) else ensure_published(settings.db)
    except StoreError:
        copy = None
    if copy is None:
        with _store(ctx, read_only=True) as store:
            yield store
        return
    store = Store.open_reading(copy, wait=settings.busy_timeout)
    try:
        yield store
    finally:
        store.close()


@contextmanager
def _records(
    ctx: typer.Context, from_parquet: str | None, *, long: bool = False
) -> Iterator[Store]:
    """The records a reading command answers from: the store (its published copy for a
    ``long`` read), or a Parquet folder."""
    if from_parquet is None:
        with _published(ctx) if long else _store(ctx, read_only=True) as store:
            yield store
        return
    from paygrade.parquet import reading

    with reading(from_parquet) as folder:
        yield folder


@contextmanager
def _engine(
    ctx: typer.Context, name: Engine, store: Store, from_parquet: str | None
) -> Iterator[QueryEngine | None]:
    """The engine a query runs on: None for DuckDB on ``store`` itself (the fast path)."""
    if name is Engine.duckdb:
        yield None
        return
    from paygrade.engines import spark

    session = spark.session(_settings(ctx))
    if from_parquet is not None:
        yield spark.engine(session, from_parquet, spark.metro_prices(store))
        return
    with spark.store_as_parquet(store) as folder:
        yield spark.engine(session, folder, spark.metro_prices(store), of_store=True)


def _check_question(
    fields: list[str],
    filters: Where,
    known: KnownValues,
    store: Store,
    *,
    real: bool,
    local: bool,
    distinct: bool,
) -> None:
    """Refuse groups or filters the store cannot answer (an unknown field, a city of several
    states; real dollars without CPI-U, local prices without BEA's parities) as the query
    itself would first: Spark had started (~30 s) before saying an error that DuckDB says
    at once."""
    from paygrade.filters import resolve
    from paygrade.stats import check_by, check_folder_holds, check_store_holds

    check_by(fields)
    check_folder_holds(store, filters, real=real, distinct=distinct)
    resolve(dict(filters), known)
    check_store_holds(store, real=real, local_prices=local)
    _check_exportable(store)


def _check_exportable(store: Store) -> None:
    """Refuse a store Spark would read nothing of (it reads the store's public records
    exported), in DuckDB's words when it holds no record: an empty store had started
    Spark, then said it held "no public records to export", a word of no command asked."""
    from paygrade.parquet import refuse_empty
    from paygrade.stats import EMPTY_STORE

    if store.folder:
        return
    if not store.scalar("SELECT count(*) FROM records"):
        raise PaygradeError(EMPTY_STORE)
    refuse_empty(store)  # submitted salaries only: they are never exported


def _refuse_private(source: str) -> None:
    """Submitted salaries enter only through the queue (``paygrade submissions approve``):
    ``ingest submission FILE`` had stored records no one approved, never listed by
    ``submissions``, counted as submitted salaries."""
    from paygrade.records import PRIVATE_SOURCES
    from paygrade.sources import get_source

    if (name := get_source(source).name) in PRIVATE_SOURCES:
        raise UsageProblem(
            f"{name} records come only from the submissions queue: `paygrade submissions "
            "approve ID` ingests one once approved; a file of them is not read (a file of "
            "your own records is `paygrade ingest csv FILE`)"
        )


@contextmanager
def _writing(ctx: typer.Context, *, creates: bool = False) -> Iterator[Store]:
    """A store to write, published for readers (the web server) once the command is done.

    Only a command that ``creates`` one (ingest, approve) starts a store where none is:
    `rebuild` of a mistyped --db had made an empty store and said nothing. A store file
    this command created is removed again if it failed before anything was stored (no
    empty store is left behind). The copy published for readers is refused: what was
    written to it was lost at the next publish. SIGTERM (a service manager, a container
    stopping) stops it as Ctrl-C does: it had ended the process at once, leaving the log
    unmerged and nothing published.
    """
    from paygrade.store.snapshot import store_of_copy

    db = _settings(ctx).db
    if (copied := store_of_copy(db)) is not None:
        raise StoreError(
            f"{db} is the copy of {copied.name} published for readers, replaced whenever "
            f"the store changes: write to the store itself (--db {copied})"
        )
    existed = db.exists()
    if not (existed or creates):
        raise no_store(db)
    try:
        with _stopped_by_term(), _store(ctx) as store:
            try:
                yield store
            except BaseException:
                # What was committed is published, also when a later file failed.
                _publish_committed(store, failing=True)
                raise
            _publish_committed(store, failing=False)
    except BaseException:
        if not existed:
            discard_if_empty(db)
        raise


WHEN_PUBLISHED = " (`paygrade serve` publishes it when it starts)"
# Said at a Ctrl-C while the copy for readers is made: a running server would otherwise
# answer from the last copy until it restarts.
PUBLISHING_FIRST = "stopping once the copy for readers is made (Ctrl-C again stops at once)"


def _publish_committed(store: Store, *, failing: bool) -> None:
    """Publish what the store holds for readers; a copy that cannot be made (a full disk)
    is an error that says the data is kept, or a warning beside the command's own error."""
    from paygrade.ingest import ctrl_c_held, interrupted_as
    from paygrade.store.snapshot import publish

    kept = f"what was stored is kept in {store.path}, and readers see it once it is published"
    # Ctrl-C in the CHECKPOINT that publishing makes was "internal error (RuntimeError):
    # Query interrupted", as if something were lost.
    try:
        # Ctrl-C anywhere here is said as an interruption of publishing: before its first
        # query, it had been a bare "interrupted" after the command's work was committed.
        with interrupted_as(lambda: f"interrupted while publishing: {kept}{WHEN_PUBLISHED}"):
            if failing and not store.commits:
                # Nothing of this command's landed: a new copy of the same data (56 MB) had
                # been published, and every cached answer of a running server thrown away.
                # Asked before any query: the failure may have left the connection unusable
                # (an aborted transaction), which had added "warning: cannot publish:
                # TransactionException: ..." to an interrupted ingest's "nothing stored".
                return
            if not store.scalar("SELECT count(*) FROM ingest_log"):
                return
            with ctrl_c_held(PUBLISHING_FIRST) as held:
                publish(store)
        if held.is_set() and not failing:  # a failing command's own error is the one said
            raise Interrupted(f"interrupted once published: readers see {store.path} as it is")
    except StoreError as exc:
        said = f"{exc}; {kept}{WHEN_PUBLISHED}"
        if not failing:
            raise type(exc)(said) from None  # NotPublished stays itself: status 74
        typer.echo(f"warning: {said}", err=True)
    except Interrupted:  # Ctrl-C while publishing: said as such, whatever came before
        raise
    except Exception as exc:  # the copy refused too (a limit on file size): the command's
        if not failing:  # own error is the one to say, this one beside it
            raise
        failed = write_failure(str(exc))
        why = str(CannotWrite(*failed)) if failed else f"{type(exc).__name__}: {exc}"
        line = " ".join(why.split())
        typer.echo(f"warning: cannot publish: {line}; {kept}{WHEN_PUBLISHED}", err=True)


@app.command()
def ingest(
    ctx: typer.Context,
    source: Annotated[str | None, typer.Argument(help="Source name, e.g. csv or lca.")] = None,
    file: Annotated[
        Path | None,
        typer.Argument(
            help="The file to ingest (none for oews; none: a mirrored source's file "
            "in the data directory)."
        ),
    ] = None,
    all_: Annotated[
        bool,
        typer.Option("--all", help="Every mirrored data set in the data directory, plus OEWS."),
    ] = False,
) -> None:
    """Ingest data: every mirrored source, or one file of a named source.

    Example: paygrade ingest --all ; paygrade ingest csv my-records.csv ; paygrade ingest cpi
    """
    from paygrade.ingest import given_file, ingest_all, ingest_given, mirrors_a_file, takes_a_file
    from paygrade.progress import listening
    from paygrade.sources import get_source

    settings = _settings(ctx)
    _none_blank(source=source)
    if all_ == bool(source or file):
        raise UsageProblem("give either --all, or a SOURCE and a FILE")
    if source is not None and file is None:  # "cpu" alone: its name first ("did you mean")
        get_source(source)
    # Without FILE: OEWS reads its package's data, a mirrored source its data directory's file.
    alone = source is not None and (not takes_a_file(source) or mirrors_a_file(source))
    if not all_ and (source is None or (file is None and not alone)):
        raise UsageProblem("give a SOURCE and a FILE, e.g. `paygrade ingest csv records.csv`")
    if all_:
        from paygrade.ingest import sources_to_ingest

        sources_to_ingest(settings.data_dir)  # refuse a folder without records before writing
    else:
        assert source is not None
        _refuse_private(source)
        # A file given wrong (or no mirrored file) is said before the store is held.
        given = given_file(source, file, settings.data_dir)
    with (
        _writing(ctx, creates=True) as store,
        formats.ingest_progress() as progress,
        listening(progress.rows),
    ):
        if all_:
            ingest_all(
                store,
                settings.data_dir,
                reference_year=settings.reference_year,
                on_start=progress.start,
                on_done=progress.done,
            )
            _say_left_out(settings.data_dir)
        else:
            package = not takes_a_file(given.source.name)
            read = "bundled package data" if package else given.facts.path.name
            progress.begin(f"ingesting {source}: {read}")
            result = ingest_given(store, given, reference_year=settings.reference_year)
            progress.end()
            typer.echo(formats.printable(result.summary()))


def _say_left_out(data_dir: Path) -> None:
    """After ``ingest --all``: the data folder's files no source reads, and the sources whose
    file was not there. It had said neither (exit 0, no note)."""
    from paygrade.ingest import left_out

    left = left_out(data_dir)
    missing = [source.filename or source.name for source in left.missing]
    for line in formats.render_left_out(left.unread, missing):
        typer.echo(line)


@app.command()
def remove(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="Source name, as `paygrade sources` lists it.")],
    file: Annotated[str, typer.Argument(help="The file's name, as `paygrade sources` lists it.")],
    sha256: Annotated[
        str | None,
        typer.Option("--sha256", help="The start of its sha256, when several share the name."),
    ] = None,
) -> None:
    """Take an ingested record file back out: its records, raw and quarantined rows.

    Example: paygrade remove csv my-records.csv
    """
    from paygrade.removal import remove_file

    if not (source.strip() and file.strip()):
        raise UsageProblem("give a SOURCE and a FILE, e.g. `paygrade remove csv records.csv`")
    # A path is read as its name: the store keeps a file by the name it was ingested under.
    # What was done is said before it is published: a copy that cannot be made is an
    # error after it, and the removal had gone unsaid (run again: "no csv file named").
    with _writing(ctx) as store:
        removed = remove_file(store, source, PurePath(file).name, sha256)
        typer.echo(formats.printable(removed.summary()))


@app.command()
def stats(
    ctx: typer.Context,
    by: Annotated[
        list[str] | None,
        typer.Option(
            "--by", help="Field(s) to group by: level or metro,level (or --by metro --by level)."
        ),
    ] = None,
    where: Annotated[
        list[str] | None,
        typer.Option(
            "--where",
            help="F=V[,V...]: F is any of the values (quote a value with a comma: "
            'metro="Seattle-Tacoma-Bellevue, WA"); repeat to AND.',
        ),
    ] = None,
    format_: Annotated[Format, typer.Option("--format", help="table, json or csv.")] = Format.table,
    distinct_rows: Annotated[
        bool, typer.Option("--distinct-rows", help="Count identical rows of one file once.")
    ] = False,
    real: Annotated[
        bool, typer.Option("--real", help="Reference-year dollars (CPI-U) instead of nominal.")
    ] = False,
    include_flagged: Annotated[
        bool,
        typer.Option("--include-flagged", help=f"Count flagged records too ({FLAGGED_MEANS})."),
    ] = False,
    min_n: Annotated[
        int, typer.Option("--min-n", min=1, help="Show only groups of at least N records.")
    ] = 1,
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="Show the N groups with most records.")
    ] = None,
    local_prices: Annotated[
        bool,
        typer.Option(
            "--local-prices", help="Pay at US-average prices (BEA price parity of the metro)."
        ),
    ] = False,
    engine: Annotated[
        Engine,
        typer.Option(
            "--engine",
            help="Where the query runs: duckdb, or spark (PAYGRADE_SPARK_MASTER, "
            "default local[*], or PAYGRADE_SPARK_REMOTE for Spark Connect).",
        ),
    ] = Engine.duckdb,
    from_parquet: Annotated[
        str | None,
        typer.Option(
            "--from-parquet",
            help="Answer from a Parquet folder of canonical records (paygrade export, "
            "local or s3://...) instead of the store.",
        ),
    ] = None,
) -> None:
    """Percentiles (p10-p90), mean, n and the median's 95% CI of annual USD pay per group.

    Exits 1 (like grep) when no record matches, naming the nearest known values.

    Example: paygrade stats --by level --where role=ml_engineer --where pay_component=base
    """
    from paygrade.filters import KnownValues, parse_where
    from paygrade.stats import warned_stats as compute

    # --by given twice groups by both (it kept the last, silently).
    for given in by or []:  # `--by "$F"` with F unset answered all records, status 0
        if not all(part.strip() for part in given.split(",")):
            raise UsageProblem(f"empty field in --by {given!r}: give a field, or leave --by out")
    fields = [f.strip() for given in by or [] for f in given.split(",")]
    # A Spark run (a minute or more) reads the published copy: the store itself, held
    # throughout, had kept an ingest meanwhile out ("the store ... is busy", waited 5 s).
    with _records(ctx, from_parquet, long=engine is Engine.spark) as store:
        known = KnownValues(store)
        filters = parse_where(where or [], known)
        if engine is not Engine.duckdb:  # before Spark starts; DuckDB's query checks at once
            _check_question(
                fields,
                filters,
                known,
                store,
                real=real,
                local=local_prices,
                distinct=distinct_rows,
            )
        with _engine(ctx, engine, store, from_parquet) as runner:
            result, warnings = compute(
                store,
                fields,
                filters,
                distinct_rows=distinct_rows,
                value="amount_usd_real" if real else "amount_usd",
                include_flagged=include_flagged,
                min_n=min_n,
                limit=limit,
                local_prices=local_prices,
                engine=runner,
                known=known,
            )
    _emit(formats.render_stats(result, format_.value), format_.value)
    for warning in warnings:  # what the answer's keys cannot carry, as estimate says it
        sys.stderr.write(f"warning: {formats.printable(warning)}\n")
    if format_ is Format.csv:  # a CSV has no room for what the table says under it
        for note in formats.csv_notes(result):
            sys.stderr.write(f"{note}\n")
    if "no_match" in result:
        if format_ is not Format.table:
            sys.stderr.write(f"no records: {result['no_match']['message']}\n")
        raise typer.Exit(1)


@app.command()
def export(
    ctx: typer.Context,
    out: Annotated[
        str, typer.Option("--out", help="The folder to write (local, or s3://... and the like).")
    ],
    format_: Annotated[
        ExportFormat, typer.Option("--format", help="parquet (Hive-partitioned).")
    ] = ExportFormat.parquet,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace an earlier export at --out.")
    ] = False,
) -> None:
    """Write the canonical records as Parquet: OUT/source=.../year=.../*.parquet.

    Partitioned by source and year, for Spark, DuckDB, Polars or pandas.

    Example: paygrade export --out records/ ; paygrade stats --from-parquet records/
    """
    from paygrade.ingest import interrupted_as
    from paygrade.parquet import export as write

    # Ctrl-C was "internal error (RuntimeError): Query interrupted"; a folder at --out is
    # as it was (the export is written beside it and moved in whole), and so is an object
    # store's prefix until its upload begins, which says itself that it may hold part
    # (``parquet._in_part_if_interrupted``: an object store has no rename).
    if out.strip() == "-":  # it had made a folder named "-" where one stands
        raise UsageProblem(
            "--out - is not standard output here: an export is a folder of Parquet files; "
            "give a folder, e.g. --out records"
        )
    stopped = interrupted_as(lambda: f"interrupted, {out} left as it was")
    with _store(ctx, read_only=True) as store, _stopped_by_term(), stopped:
        summary = write(store, out, overwrite=overwrite)
    total = sum(summary["records"].values())
    typer.echo(f"wrote {formats.counted(total, 'record')} ({format_.value}) to {out}")
    for source, n in summary["records"].items():
        typer.echo(f"  {source}: {n:,}")
    for source, n in summary.get("left_out", {}).items():
        # Fewer submissions than a group counts are not told by their number (null).
        count = f"{n:,}" if n is not None else f"records of fewer than {PRIVATE_MIN} submissions"
        typer.echo(f"  left out: {source} {count} (submitted salaries are never exported)")
    if left := summary.get("left_behind"):  # a file of the earlier export the system kept
        typer.echo(
            f"warning: the earlier export's copy could not all be removed: {left} is left; "
            "remove it",
            err=True,
        )


@app.command()
def compare(
    ctx: typer.Context,
    role: Annotated[str, typer.Option("--role", help="The role, e.g. ml_engineer.")],
    metro: Annotated[
        str | None,
        typer.Option("--metro", help='An OEWS metro, e.g. "Austin-Round Rock-San Marcos, TX".'),
    ] = None,
    country: Annotated[
        str | None,
        typer.Option("--country", help="A country by its ISO code or name, e.g. US or Germany."),
    ] = None,
    level: Annotated[str | None, typer.Option("--level", help="entry, mid, senior, ...")] = None,
    format_: Annotated[
        ReportFormat, typer.Option("--format", help="table or json.")
    ] = ReportFormat.table,
) -> None:
    """Surveys, H-1B filings, BLS OEWS and OFLC wage levels side by side for one place and role.

    Example: paygrade compare --metro "Seattle-Tacoma-Bellevue, WA" --role ml_engineer
    """
    from paygrade.compare import compare as side_by_side
    from paygrade.compare import nothing_to_compare

    _none_blank(role=role, metro=metro, country=country, level=level)
    if (metro is None) == (country is None):
        raise UsageProblem("give either --metro or --country")
    with _store(ctx, read_only=True) as store:
        result = side_by_side(store, role=role, metro=metro, country=country, level=level)
    _emit(formats.render_compare(result, format_.value), format_.value)
    if not result["rows"]:  # nothing to set side by side: a status that says so, as stats
        if format_ is not ReportFormat.table:  # the table's notes say it; JSON's are inside
            sys.stderr.write(f"{nothing_to_compare(result)}\n")
        raise typer.Exit(1)


@app.command("local-prices")
def local_prices_table(
    ctx: typer.Context,
    role: Annotated[str, typer.Option("--role", help="The role.")] = "ml_engineer",
    metro: Annotated[
        list[str] | None, typer.Option("--metro", help="A metro (repeat); default: leading ones.")
    ] = None,
    format_: Annotated[
        ReportFormat, typer.Option("--format", help="table or json.")
    ] = ReportFormat.table,
) -> None:
    """Median pay per metro nominal and at US-average prices (BEA RPP), ranked both ways.

    Example: paygrade local-prices --role ml_engineer --metro "Austin-Round Rock-San Marcos, TX"
    """
    from paygrade.prices import LEADING_METROS, warned_factor_table

    with _store(ctx, read_only=True) as store:
        metros = tuple(metro or LEADING_METROS)
        result, warnings = warned_factor_table(store, role=role, metros=metros)
    _emit(formats.render_factor_table(result, format_.value), format_.value)
    for warning in warnings:  # what stats warns of the same question, as stats says it
        sys.stderr.write(f"warning: {formats.printable(warning)}\n")


# What a dollar option's help shows it takes: 185k and $185,000 too, not only a <float>.
DOLLARS = "<amount>"  # in --currency (USD by default), as people type it
NUMBER = "<float>"  # a plain number option's (1,200 and 5. too: ``_plain``)


def _share_price(text: str | float) -> float:
    """A share's price as a plain decimal: $1.125 is a price, not 1,125 grouped by a dot."""
    from paygrade.offers import TypedAmount, share_price

    if isinstance(text, str):
        return TypedAmount(share_price(text), text)
    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(text)  # a default arrives as its number
    raise ValueError(f"{text!r} is not a share price")


def _dollars(text: str | float) -> float:
    """An option's amount of dollars as people type it: 185000, $185,000, 185k (a default
    arrives as its number)."""
    from paygrade.normalize.money import names_a_currency
    from paygrade.offers import TypedAmount, currency_in_amount, dollars

    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(text)
    if not isinstance(text, str):
        raise ValueError(f"{text!r} is not an amount of dollars")
    try:
        return TypedAmount(dollars(text), text)  # its "$" checked against --currency
    except ValueError:
        if not names_a_currency(text):
            raise
        raise ValueError(currency_in_amount(text, "--currency")) from None  # "€85,000"


def _plain(text: str | float) -> float:
    """A plain number option (a percent, shares, years) as people type it, as the Offer
    check page reads it: 1,200 and 5. (``offers.plain_number``; a default arrives as its
    number). Its text is kept, for a message to echo it as typed, as the pages do
    ("not 61.0": typer's float had been said "not 61")."""
    from paygrade.offers import plain_number

    if isinstance(text, str):
        return TypedNumber(plain_number(text), text)
    if isinstance(text, int | float) and not isinstance(text, bool):
        return float(text)
    raise ValueError(f"{text!r} is not a number")


def _percent(text: str | float) -> float:
    """A percent option (the target bonus, stock growth) read as ``_plain`` reads a number,
    or ending in "%" ("10%"), as the Offer check page reads it (``offers.offer_number``)."""
    from paygrade.offers import offer_number

    if isinstance(text, str):
        return TypedNumber(offer_number("bonus_pct", text), text)
    return _plain(text)


def _months(text: str | int) -> int:
    """Whole months read as ``offers.plain_whole`` reads them (6, 6.0 or 6.), as the page
    does, and told how months are written, as it tells them."""
    from paygrade.offers import FIELDS_WRITTEN, plain_whole

    if isinstance(text, str):
        # As typed, as the page and API say it: "12.50".
        return plain_whole(text, FIELDS_WRITTEN["cliff_months"])
    number = _plain(text)  # a default arrives as its number; any other kind is refused
    if not number.is_integer():
        raise ValueError(whole_wanted(text))
    return int(number)


class Unread(float):
    """An option's text its reader refused, with the reader's words (``why``), for the
    ``offer`` command to say with every other fault of the offer at once: the parser's
    refusal (``--base abc``) had been said alone, the offer's other faults (a cliff of 13)
    not read, where the Offer check page and the API say them all."""

    text: str
    why: str

    def __new__(cls, text: str, why: str) -> Unread:
        unread = super().__new__(cls, math.nan)
        unread.text, unread.why = text, why
        return unread


def _or_unread(reader: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``reader``, its refusal of an option's text kept as ``Unread`` in its words.

    Example:
        >>> _or_unread(_dollars)("abc").why
        "'abc' is not an amount (write 185000, $185,000 or 185k; a dot marks decimals)"
        >>> _or_unread(_dollars)("85k"), _or_unread(_dollars)(" ").why
        (85000.0, 'empty value: give a number')
    """

    @wraps(reader)  # its reader named as ``__wrapped__``
    def read(text: Any) -> Any:
        if isinstance(text, str) and not text.strip():  # `--base ""`, in the usual words
            return Unread(text, EMPTY_NUMBER)
        try:
            return reader(text)
        except ValueError as exc:
            if not isinstance(text, str):  # a default is no text typed: the reader's
                raise
            return Unread(text, str(exc))

    READS_BLANK.add(read)  # a blank one too: it had been said alone, before the parser
    return read


# The ``offer`` options read as numbers, by the library's name of the input each gives.
OFFER_OPTIONS: Final = {
    "base": "--base", "bonus_pct": "--bonus-pct", "bonus": "--bonus", "sign_on": "--sign-on",
    "sign_on_year2": "--sign-on-year2", "equity": "--equity", "shares": "--shares",
    "price": "--price", "strike": "--strike", "refresher": "--refresher",
    "growth_pct": "--growth", "cliff_months": "--cliff-months", "years": "--years",
}  # fmt: skip


def unread_faults(given: dict[str, Any]) -> list[BadOffer]:
    """Each of ``given`` (the offer's inputs by the library's names) its option's reader
    could not read, in the words typer's refusal said it alone: "Invalid value for
    '--base': 'abc' is not an amount ...".

    Example:
        >>> unread_faults({"base": Unread("abc", "'abc' is no amount"), "growth_pct": 5.0})
        [BadOffer("Invalid value for '--base': 'abc' is no amount")]
    """
    from paygrade.offers import BadOffer

    return [
        BadOffer(f"Invalid value for '{OFFER_OPTIONS[name]}': {value.why}", name)
        for name, value in given.items()
        if isinstance(value, Unread)
    ]


@app.command()
def offer(
    ctx: typer.Context,
    base: Annotated[
        float,
        typer.Option(
            "--base",
            parser=_or_unread(_dollars),
            metavar=DOLLARS,
            help="Yearly base salary (in --currency).",
        ),
    ],
    bonus_pct: Annotated[
        float | None,
        typer.Option(
            "--bonus-pct",
            parser=_or_unread(_percent),
            metavar=NUMBER,
            help="Target bonus, percent of base.",
        ),
    ] = None,
    bonus: Annotated[
        float | None,
        typer.Option(
            "--bonus",
            parser=_or_unread(_dollars),
            metavar=DOLLARS,
            help="Target bonus, an amount (in --currency).",
        ),
    ] = None,
    sign_on: Annotated[
        float,
        typer.Option(
            "--sign-on",
            parser=_or_unread(_dollars),
            metavar=DOLLARS,
            help="Sign-on bonus paid in year 1 (in --currency).",
        ),
    ] = 0.0,
    sign_on_year2: Annotated[
        float,
        typer.Option(
            "--sign-on-year2",
            parser=_or_unread(_dollars),
            metavar=DOLLARS,
            help="Sign-on paid in year 2 (in --currency).",
        ),
    ] = 0.0,
    equity: Annotated[
        float | None,
        typer.Option(
            "--equity",
            parser=_or_unread(_dollars),
            metavar=DOLLARS,
            help="Equity grant, its total value (in --currency).",
        ),
    ] = None,
    shares: Annotated[
        float | None,
        typer.Option(
            "--shares",
            parser=_or_unread(_plain),
            metavar=NUMBER,
            help="Equity grant in shares (with --price).",
        ),
    ] = None,
    price: Annotated[
        float | None,
        typer.Option(
            "--price",
            parser=_or_unread(_share_price),
            metavar=DOLLARS,
            help="Share price (in --currency).",
        ),
    ] = None,
    strike: Annotated[
        float | None,
        typer.Option(
            "--strike",
            parser=_or_unread(_share_price),
            metavar=DOLLARS,
            help="Options' strike price a share, in --currency (with --shares and --price).",
        ),
    ] = None,
    vesting: Annotated[
        str,
        typer.Option(
            "--vesting",
            help="even, even_3yr, amazon, google, front_loaded, airbnb or 10,20,30,40.",
        ),
    ] = "even",
    cliff_months: Annotated[
        int | None,
        typer.Option(
            "--cliff-months",
            parser=_or_unread(_months),
            metavar="<int>",
            help="Months before anything vests (0-12).",
        ),
    ] = None,
    vest_every: Annotated[
        str | None,
        typer.Option("--vest-every", help="After the cliff: monthly, quarterly or yearly."),
    ] = None,
    refresher: Annotated[
        float,
        typer.Option(
            "--refresher",
            parser=_or_unread(_dollars),
            metavar=DOLLARS,
            help="Refresher grant each year (in --currency).",
        ),
    ] = 0.0,
    growth: Annotated[
        float,
        typer.Option(
            "--growth",
            parser=_or_unread(_percent),
            metavar=NUMBER,
            help="Assumed stock growth, percent a year.",
        ),
    ] = 0.0,
    role: Annotated[
        str | None, typer.Option("--role", help="Your role, for the market comparison.")
    ] = None,
    level: Annotated[str | None, typer.Option("--level", help="entry, mid, senior, ...")] = None,
    years: Annotated[
        float | None,
        typer.Option(
            "--years",
            parser=_or_unread(_plain),
            metavar=NUMBER,
            help="Your years of experience, 0-60 (peers within 1).",
        ),
    ] = None,
    metro: Annotated[str | None, typer.Option("--metro", help="The offer's metro.")] = None,
    country: Annotated[str | None, typer.Option("--country", help="Or its country.")] = None,
    currency: Annotated[
        str,
        typer.Option(
            "--currency",
            help="The amounts' currency (ISO 4217: EUR, GBP, INR, ...); compared with peers "
            "in USD at the survey's newest rate.",
        ),
    ] = "USD",
    format_: Annotated[
        ReportFormat, typer.Option("--format", help="table or json.")
    ] = ReportFormat.table,
) -> None:
    """An offer year by year, first-year and annualized totals, and its market percentile.

    Example: paygrade offer --base 185000 --bonus-pct 15 --sign-on 50000 --equity 400000
    --vesting amazon --role ml_engineer --level senior --metro "Seattle-Tacoma-Bellevue, WA"
    """
    from paygrade.offers import evaluate, vesting_said

    _none_blank(role=role, level=level, metro=metro, country=country, vesting=vesting)
    given = {
        "base": base, "bonus_pct": bonus_pct, "bonus": bonus, "sign_on": sign_on,
        "sign_on_year2": sign_on_year2, "equity": equity, "shares": shares, "price": price,
        "strike": strike, "refresher": refresher, "growth_pct": growth,
        "cliff_months": cliff_months, "years": years,
    }  # fmt: skip
    with ExitStack() as opened:
        store = _opened_once(opened, lambda: _store(ctx, read_only=True))
        place = (role, level, metro, country)
        terms, profile = _offered(given, vesting, vest_every, currency, place, store)
        if profile is None and terms.currency == "USD":  # no peers, no rate: no store needed
            result = evaluate(terms)
        else:
            result = evaluate(terms, store(), profile)
    said = vesting_said(terms.vesting)  # the table's: JSON keeps the contract's keys
    _emit(formats.render_offer(result, format_.value, said), format_.value)
    # An offer without a percentile says why on stderr too, as `stats` and `estimate` say
    # theirs beside their JSON: it had been said only inside the JSON, status 0 (as still:
    # the offer itself is answered).
    if format_ is ReportFormat.json and (unplaced := formats.market_unplaced(result)):
        sys.stderr.write(f"warning: {unplaced}\n")


@app.command()
def ladder(
    ctx: typer.Context,
    company: Annotated[
        str | None, typer.Option("--company", help="Show this company's levels and pay.")
    ] = None,
    role: Annotated[str, typer.Option("--role", help="The role.")] = "ml_engineer",
    country: Annotated[
        str | None, typer.Option("--country", help="Pay in this country only, e.g. US.")
    ] = None,
    level: Annotated[
        str | None, typer.Option("--level", help="Your level, for a projected path.")
    ] = None,
    years: Annotated[
        float | None,
        typer.Option(
            "--years", parser=_plain, metavar=NUMBER, help="Your years of experience, 0-60."
        ),
    ] = None,
    format_: Annotated[
        ReportFormat, typer.Option("--format", help="table or json.")
    ] = ReportFormat.table,
) -> None:
    """Levels entry to executive: meaning, company levels (approximate), pay, promotion steps.

    Example: paygrade ladder --company Google --format json ; paygrade ladder --years 3
    """
    from paygrade.ladder import ladder as build_ladder

    _none_blank(company=company, role=role, country=country, level=level)
    with _store(ctx, read_only=True) as store:
        result = build_ladder(store, role, company, country, level=level, years=years)
    _emit(formats.render_ladder(result, format_.value), format_.value)
    if format_ is ReportFormat.json:
        # Why its pay is empty, and a step falling beyond noise, beside the JSON as the
        # table's notes say them (and MCP's warnings): as `stats`, `estimate` and `offer`
        # say theirs on stderr. It had said nothing there, status 0.
        warned = formats.ladder_warnings(result, "--")
        sys.stderr.writelines(f"warning: {said}\n" for said in warned)


def _opened_once(
    opened: ExitStack, open_: Callable[[], AbstractContextManager[T]]
) -> Callable[[], T]:
    """A function giving what ``open_`` opens, opened at its first call and kept open (closed
    with ``opened``): the store an offer's place is checked against and then set among
    peers in, opened only when one of them needs it."""
    kept: list[T] = []

    def get() -> T:
        if not kept:
            kept.append(opened.enter_context(open_()))
        return kept[0]

    return get


def _offered(
    given: dict[str, Any],
    vesting: str,
    vest_every: str | None,
    currency: str,
    place: tuple[str | None, str | None, str | None, str | None],
    store: Callable[[], Store],
) -> tuple[Offer, Profile | None]:
    """The offer ``given`` (inputs by the library's names, an option not read ``Unread``)
    and its profile (role, level, metro, country, and ``given``'s years), every fault said
    at once (``offers.offered``), with those of the options not read or typed with another
    currency's sign: each such input is none to the library (a base one it takes, as
    ``offer_inputs.offer_faults`` reads them), so that only the others' faults are found.
    A place ``store`` holds no record of is said with them (``offers.place_problems``).
    An option not read is a usage mistake, status 2, said with the rest, an unknown place
    among them too: the option is to be mended first."""
    from paygrade.normalize.money import currency_code
    from paygrade.offers import MIN_BASE, BadOffer, at_once, in_input_order, make_offer, offered

    code, unread = currency_code(currency), unread_faults(given)
    read = {name: value for name, value in given.items() if not isinstance(value, Unread)}
    faults = unread + _signs_refused(read, code)
    refused = {name for fault in faults for name in fault.fields}
    read = {name: value for name, value in read.items() if name not in refused}
    years, base = read.pop("years", None), read.pop("base", MIN_BASE)  # the rest the offer's
    try:
        answer = offered(
            partial(make_offer, base, vesting=vesting, frequency=vest_every, currency=code, **read),
            *place, years, store,
        )  # fmt: skip
    except BadOffer as exc:
        if not faults:
            raise
        faults += [fault for fault in exc.each if not refused & set(fault.fields)]
    if faults:
        said = str(at_once(in_input_order(faults)))
        raise UsageProblem(said) if unread else BadOffer(said)
    return answer


def _signs_refused(read: dict[str, Any], currency: str) -> list[BadOffer]:
    """Each amount of ``read`` typed with a sign that is not ``currency``'s ("$150,000" in
    INR), named by its option (``offers.sign_refused``), about its input."""
    from paygrade.offers import AMOUNTS, BadOffer, faults_of, sign_refused

    typed = {name: getattr(read.get(name), "text", "") for name in AMOUNTS}
    return [
        BadOffer(str(fault), name)  # about its input, for the order the faults are said in
        for name, text in typed.items()
        for fault in faults_of(partial(sign_refused, {OFFER_OPTIONS[name]: text}, currency))
    ]


def _none_blank(**options: Any) -> None:
    """Refuse an option given as blank text (``--role ""``, an unset shell variable): it
    was answered as if not given, for all roles, without a word (``stats`` refuses its
    filters' empty values alike). The option is named as typed (``--years``).

    Example:
        >>> _none_blank(years_experience=" ")
        Traceback (most recent call last):
        ...
        paygrade.records.BlankValue: empty value for --years
    """
    for name, value in options.items():
        if isinstance(value, str) and not value.strip():
            option = _OPTION_TYPED.get(name, f"--{name.replace('_', '-')}")
            raise BlankValue(f"empty value for {option}")


# A parameter whose option is not its name with dashes: the profile's field
# years_experience is typed --years ("--years-experience" is no option).
# An argument is named as the usage errors name it (ingest's SOURCE, download's NAME).
_OPTION_TYPED = {"years_experience": "--years", "source": "SOURCE", "name": "NAME"}


@app.command()
def sources(
    ctx: typer.Context,
    format_: Annotated[Format, typer.Option("--format", help="table, json or csv.")] = Format.table,
) -> None:
    """What is loaded: files, sha256, rows read / accepted / rejected, licences.

    Example: paygrade sources --format json
    """
    from paygrade.quality import loaded_sources

    with _store(ctx, read_only=True) as store:
        rows = loaded_sources(store)
    _emit(formats.render_sources(rows, format_.value), format_.value)


@app.command()
def companies(
    ctx: typer.Context,
    search: Annotated[
        str | None,
        typer.Option("--search", help="Only companies whose name or a raw name has this."),
    ] = None,
    where: Annotated[
        list[str] | None,
        typer.Option("--where", help="Count only records with F=V[,V...], as for stats."),
    ] = None,
    min_n: Annotated[
        int, typer.Option("--min-n", min=1, help="Only companies of at least N records.")
    ] = 1,
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Companies to show.")] = None,
    format_: Annotated[Format, typer.Option("--format", help="table, json or csv.")] = Format.table,
) -> None:
    """Companies, most records first: n, distinct rows, sources, the raw names merged into each.

    Exits 1 when the --where filters leave no company, saying why as stats does.

    Example: paygrade companies --search intel --where role=ml_engineer --format json
    """
    from paygrade.companies import companies as list_companies
    from paygrade.companies import filtered_out, missed, too_few
    from paygrade.filters import KnownValues, check_lengths, parse_where

    _none_blank(search=search)  # "" listed every company, as no --search does
    check_lengths(**{"--search": search})  # as the API and MCP refuse it
    with _store(ctx, read_only=True) as store:
        # As the API and MCP take it (the MCP tool is this command's JSON).
        filters = parse_where(where or [], KnownValues(store))
        rows = list_companies(store, where=filters, search=search, min_n=min_n, limit=limit)
        # Filters matching nothing had printed "Companies: none", status 0, no reason.
        unmatched = filtered_out(store, filters, rows)
        said = (
            unmatched
            or missed(store, search, rows)
            or too_few(store, filters, min_n, rows, "--min-n")
        )
    _emit(formats.render_companies(rows, format_.value), format_.value)
    if said:  # beside the answer, which stays what was asked for
        typer.echo(said, err=True)
    if unmatched:  # as stats and records: no record to count is status 1
        raise typer.Exit(1)


@app.command()
def company(
    ctx: typer.Context,
    name: Annotated[
        str, typer.Argument(help="A company as known or as filed: Google, GOOGLE LLC, meta.")
    ],
    format_: Annotated[
        ReportFormat, typer.Option("--format", help="table or json.")
    ] = ReportFormat.table,
) -> None:
    """One company: records, sources, merged names, pay by level, title, metro, state, year.

    Base pay (H-1B filings) and total pay (surveys) stay apart. The JSON is the API's
    /api/v1/companies/NAME.

    Example: paygrade company Google --format json
    """
    from paygrade.companies import company_profile

    with _store(ctx, read_only=True) as store:
        profile = company_profile(store, name)
    _emit(formats.render_company(profile, format_.value), format_.value)


@app.command()
def records(
    ctx: typer.Context,
    where: Annotated[
        list[str] | None,
        typer.Option("--where", help="F=V[,V...] as for stats; repeat to AND."),
    ] = None,
    # Bounded as the API's and MCP's page (a page past it had been exit 1, "page 1000001 of
    # 4413", where they refuse it as input).
    page: Annotated[int, typer.Option("--page", min=1, max=MAX_PAGE, help="Which page.")] = 1,
    per_page: Annotated[
        int, typer.Option("--per-page", min=1, max=MAX_PER_PAGE, help="Records a page.")
    ] = PER_PAGE,
    include_flagged: Annotated[
        bool, typer.Option("--include-flagged", help=f"List flagged records too ({FLAGGED_MEANS}).")
    ] = False,
    distinct_rows: Annotated[
        bool,
        typer.Option(
            "--distinct-rows",
            help="List identical rows of a file once, as stats --distinct-rows counts them.",
        ),
    ] = False,
    format_: Annotated[Format, typer.Option("--format", help="table, json or csv.")] = Format.table,
) -> None:
    """The public records behind a figure, newest first, each with its file, row and licence.

    Submitted salaries are counted, never listed (said under the list). The JSON is that
    of /api/v1/records. Exits 1 when no record matches, saying only that (the JSON still
    printed), naming the nearest known values.

    Example: paygrade records --where company=google --where level=staff
    """
    from paygrade.evidence import check_page, none_listed
    from paygrade.evidence import records as listing
    from paygrade.filters import KnownValues, parse_where

    with _store(ctx, read_only=True) as store:
        filters = parse_where(where or [], KnownValues(store))
        result = listing(
            store,
            filters,
            page=page,
            per_page=per_page,
            include_flagged=include_flagged,
            distinct_rows=distinct_rows,
        )
        none = none_listed(store, result)
    if format_ is Format.json and result["total"] and result["page"] > result["pages"]:
        # The contract, as /api/v1/records and MCP answer it (no rows); the error still said.
        _emit(formats.render_records(result, format_.value), format_.value)
    check_page(result)  # past the last page: said, not an empty page
    # No record, not even one counted but never listed (a submission): said as stats says it.
    if none is not None:
        if format_ is Format.json:  # the contract, as the API answers it
            _emit(formats.render_records(result, format_.value), format_.value)
        sys.stderr.write(f"no records: {none}\n")
        raise typer.Exit(1)
    _emit(formats.render_records(result, format_.value), format_.value)
    # What a CSV page does not hold, said beside it (JSON holds it: total, pages,
    # not_listed, flagged_excluded).
    if format_ is Format.csv:
        for line in formats.records_notes(result):
            sys.stderr.write(f"{line}\n")


@app.command()
def quality(
    ctx: typer.Context,
    format_: Annotated[
        ReportFormat, typer.Option("--format", help="table or json.")
    ] = ReportFormat.table,
) -> None:
    """Data quality per source: duplicates, heaped values, flagged rows, years, countries.

    Example: paygrade quality --format json
    """
    from paygrade.quality import quality_report

    with _store(ctx, read_only=True) as store:
        report = quality_report(store)
    _emit(formats.render_quality(report, format_.value), format_.value)


@app.command()
def quarantine(
    ctx: typer.Context,
    source: Annotated[str | None, typer.Option("--source", help="Only this source.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Rows to show.")] = 20,
    format_: Annotated[Format, typer.Option("--format", help="table, json or csv.")] = Format.table,
) -> None:
    """Rows kept out of the statistics, with the raw row and the reasons.

    Example: paygrade quarantine --source so_survey --limit 5
    """
    from paygrade.quality import QUARANTINE_COLUMNS, quarantined_count, quarantined_rows
    from paygrade.sources import get_source

    if source is not None:
        source = get_source(source).name  # any case; an unknown name is an error, not none
    with _store(ctx, read_only=True) as store:
        rows = quarantined_rows(store, source=source, limit=limit)
        total = quarantined_count(store, source=source)
    shown = f"{len(rows):,} of {total:,} shown"
    title = (
        f"Quarantined rows ({shown}; --limit for more)" if len(rows) < total else "Quarantined rows"
    )
    # Narrow, the file is left out first (its row number and source stay, and say it).
    shown_rows = formats.render_rows(
        rows,
        format_.value,
        title=title,
        columns=QUARANTINE_COLUMNS,
        droppable=("file",),
        labels=formats.QUARANTINE_LABELS,
    )
    _emit(shown_rows, format_.value)
    if len(rows) < total and format_ is not Format.table:  # JSON and CSV stay rows alone
        sys.stderr.write(f"quarantined rows: {shown}; --limit for more\n")


@app.command()
def rebuild(
    ctx: typer.Context,
    if_stale: Annotated[
        bool,
        typer.Option(
            "--if-stale",
            help="Only the files normalized under other rules than this paygrade's "
            "(an upgrade), or before a CPI or OFLC geography file they read: what "
            "`paygrade info` names.",
        ),
    ] = False,
) -> None:
    """Normalize every stored record file again from its kept raw rows (after a rule change).

    Example: paygrade rebuild
    """
    from paygrade.rebuild import rebuild as rebuild_all

    # Each file's line as it is committed (echo flushes): after Ctrl-C, or piped to a
    # file, the lines of the files rebuilt are there.
    with _writing(ctx) as store:
        done = rebuild_all(
            store,
            reference_year=_settings(ctx).reference_year,
            on_done=lambda result: formats.unheard(
                lambda: typer.echo(formats.printable(result.summary()))
            ),
            only_stale=if_stale,
        )
    if if_stale and not done:
        typer.echo("every record file was normalized under this paygrade's rules: none rebuilt")


@app.command()
def info(
    ctx: typer.Context,
    format_: Annotated[
        ReportFormat, typer.Option("--format", help="table or json.")
    ] = ReportFormat.table,
) -> None:
    """Where the store and the data folder are, and what the store holds.

    Example: paygrade info
    """
    from paygrade.estimate.modelfile import data_version, model_state
    from paygrade.quality import store_info

    settings = _settings(ctx)
    if settings.db.exists():
        with _store(ctx, read_only=True) as store:
            # Its counts are read off a few blocks: a block changed elsewhere had passed.
            store.refuse_damaged()
            facts = store_info(store, settings.reference_year)
            facts["model"] = model_state(settings.models_dir(), data_version(store))
    else:
        facts = {"records": 0, "files": []}
    facts = {"store": str(settings.db), "data_dir": str(settings.data_dir.resolve()), **facts}
    _emit(formats.render_info(facts, format_.value), format_.value)


class BadArticle(PaygradeError):
    """The article to check cannot be read."""


class NoArticleGiven(BadArticle, BlankValue):
    """The article's name given blank (``check-claims ""``): a usage mistake."""


def _read_text(file: str) -> str:
    """The text of ``file`` (``-``: standard input), refused when it is not UTF-8 text: an
    image or a PDF piped in was read as a text with no claims (stdin's decoding passes
    any byte)."""
    name = "standard input" if file == "-" else file
    if file == "-" and sys.stdin is None:  # closed (`<&-`): "internal error (AttributeError)"
        raise BadArticle("cannot read standard input: it is closed")
    if not file:  # an empty name was read as "." ("cannot read : a folder, not a file")
        raise NoArticleGiven("no file given to check: give a file's name, or - for standard input")
    try:
        data = sys.stdin.buffer.read() if file == "-" else Path(file).read_bytes()
    except OSError as exc:
        why = "a folder, not a file" if Path(file).is_dir() else exc.strerror or str(exc)
        raise BadArticle(f"cannot read {file}: {why}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadArticle(
            f"cannot read {name}: it is not UTF-8 text (byte {exc.start}): binary data, or "
            "text in another encoding"
        ) from None
    from paygrade.claims import not_text

    if said := not_text(text, name):
        raise BadArticle(said)
    return text


@app.command("check-claims")
def check_claims(
    ctx: typer.Context,
    file: Annotated[str, typer.Argument(help="Text, Markdown or a saved web page; - reads stdin.")],
    format_: Annotated[
        ReportFormat, typer.Option("--format", help="table or json.")
    ] = ReportFormat.table,
) -> None:
    """Check the salary claims of an article against the data; list its contradictions.

    Example: paygrade check-claims article.md --format json
    """
    from paygrade.claims import check_article
    from paygrade.claims.html import article_text

    text = _read_text(file)
    if not article_text(text, file).strip():
        raise BadArticle(f"{'standard input' if file == '-' else file} holds no text to check")
    with _store(ctx, read_only=True) as store:
        result = check_article(store, text, file)
    _emit(formats.render_claims(result, format_.value), format_.value)


@app.command()
def report(
    ctx: typer.Context,
    given: Annotated[str, typer.Option("--out", help="Folder to write report.html and report.md.")],
) -> None:
    """Write the report (ML engineer pay by level and leading companies) as HTML and Markdown.

    Example: paygrade report --out build/report
    """
    from paygrade.report import build_report, check_out, write_report

    _none_blank(out=given)  # as a Path, "" is "." and the report went where one stands
    if given == "-":  # it had made a folder named "-" where one stands
        raise UsageProblem(
            "--out - is not standard output here: the report is a folder of files "
            "(report.html, report.md); give a folder, e.g. --out build/report"
        )
    out = Path(given)
    check_out(out)
    with _store(ctx, read_only=True) as store:
        built = build_report(store)
    for path in write_report(built, out):
        typer.echo(f"wrote {path}")
    typer.echo(f"built from the store in {built['seconds']:.1f} s", err=True)


def _estimator(trees: int | None) -> SalaryEstimator:
    from paygrade.estimate import SalaryEstimator

    return SalaryEstimator() if trees is None else SalaryEstimator(n_estimators=trees)


def _say(step: str) -> None:
    sys.stderr.write(f"{step}\n")


def _warn(said: str) -> None:
    _say(f"warning: {said}")


class PayComponent(StrEnum):
    total = "total"
    base = "base"


_TREES_HELP = "Trees per quantile model (default 300; fewer: a quicker, rougher model)."
_KEEP_HELP = "Models kept in the folder, the new one counted (default 2; older ones removed)."
MAX_KEPT = 100_000
# LightGBM counts trees in a C int and aborted past it ("Check failed: num_iterations");
# a hundred thousand is already days of training.
MAX_TREES = 100_000


@app.command()
def train(
    ctx: typer.Context,
    trees: Annotated[
        int | None, typer.Option("--trees", min=1, max=MAX_TREES, help=_TREES_HELP)
    ] = None,
    if_stale: Annotated[
        bool,
        typer.Option(
            "--if-stale", help="Only if no model was trained on the store's data as it is now."
        ),
    ] = False,
    keep: Annotated[
        int,
        typer.Option("--keep", min=2, max=MAX_KEPT, help=_KEEP_HELP),
    ] = KEEP_MODELS,
) -> None:
    """Fit the salary estimator on the store (one model per pay component) and save it.

    Prints progress, then the held-out metrics saved with the versioned model file.

    Example: paygrade train ; paygrade train --if-stale
    """
    from paygrade.estimate.modelfile import data_version, loads, model_state, save, training
    from paygrade.estimate.service import train as fit
    from paygrade.ingest import interrupted_as

    folder = _settings(ctx).models_dir()
    with _published(ctx) as store:
        if if_stale and (state := model_state(folder, data_version(store)))["newest"]:
            # A current model is read to be sure (a damaged one's size says so, not always).
            if state["current"] and loads(folder):
                typer.echo(
                    f"the model {state['newest']} was trained on the store's data as it is "
                    f"({state['trained_on']}): nothing to train"
                )
                return
            if state["current"] or state["damaged"]:
                _say(f"the model {state['newest']} cannot be read: training a new one")
        stopped = interrupted_as(lambda: "interrupted, no model saved")
        with _stopped_by_term(), stopped, training(folder):
            model = fit(store, _estimator(trees), progress=_say)
            path = save(model, folder)
    typer.echo(formats.render_training(model.metrics, path), nl=False)
    _remove_older_models(folder, keep)


def _remove_older_models(folder: Path, keep: int) -> None:
    """Remove the models older than the newest ``keep``, saying which: each training after a
    data change (``scripts/start.sh``) had kept its ~42 MB model for ever (7: 290 MB)."""
    from paygrade.estimate.modelfile import remove_older_models

    pruned = remove_older_models(folder, keep)
    for failed in pruned.failed:
        _say(f"warning: {failed}")
    if pruned.removed:
        names = ", ".join(path.name for path in pruned.removed)
        _say(
            f"removed {len(pruned.removed)} older model(s), {pruned.freed / 1e6:,.0f} MB: "
            f"{names} (the newest {keep} kept: --keep)"
        )


@contextmanager
def _stopped_by_term() -> Iterator[None]:
    """SIGTERM stops the block as Ctrl-C does (its cleanup runs: the training marker goes).
    ``scripts/start.sh`` trains in the background, where Ctrl-C does not reach (a script's
    background job ignores SIGINT); on its way out it sends SIGTERM instead, and again while
    the job lives (a job forked an instant before may lose the first): a SIGTERM after the
    first is ignored, so that the cleanup it started runs whole."""
    import signal

    from paygrade.store.interrupting import ctrl_c

    def interrupt(signum: int, frame: Any) -> None:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        ctrl_c(signum, frame)  # the query under way interrupted: DuckDB's cleanup hung

    earlier = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:  # once stopped, ignored to the end: "interrupted, no model saved" is said whole
        if signal.getsignal(signal.SIGTERM) is interrupt:
            signal.signal(signal.SIGTERM, earlier)


@app.command()
def estimate(
    ctx: typer.Context,
    role: Annotated[str | None, typer.Option("--role", help=PROFILE_HELP["role"])] = None,
    level: Annotated[str | None, typer.Option("--level", help=PROFILE_HELP["level"])] = None,
    years_experience: Annotated[
        float | None,
        typer.Option(
            "--years", parser=_plain, metavar=NUMBER, help=PROFILE_HELP["years_experience"]
        ),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", help=PROFILE_HELP["title"])] = None,
    company: Annotated[str | None, typer.Option("--company", help=PROFILE_HELP["company"])] = None,
    metro: Annotated[str | None, typer.Option("--metro", help=PROFILE_HELP["metro"])] = None,
    state: Annotated[str | None, typer.Option("--state", help=PROFILE_HELP["state"])] = None,
    country: Annotated[str | None, typer.Option("--country", help=PROFILE_HELP["country"])] = None,
    company_size: Annotated[
        str | None, typer.Option("--company-size", help=PROFILE_HELP["company_size"])
    ] = None,
    industry: Annotated[
        str | None, typer.Option("--industry", help=PROFILE_HELP["industry"])
    ] = None,
    education: Annotated[
        str | None, typer.Option("--education", help=PROFILE_HELP["education"])
    ] = None,
    specialization: Annotated[
        str | None, typer.Option("--specialization", help=PROFILE_HELP["specialization"])
    ] = None,
    remote: Annotated[str | None, typer.Option("--remote", help=PROFILE_HELP["remote"])] = None,
    # Text, read by the profile's check: "--year 2024.5" had been Typer's "Input should be
    # a valid integer" (status 2), where the API, the page and MCP say "year must be a
    # whole number, got 2024.5".
    year: Annotated[
        str | None, typer.Option("--year", metavar="<int>", help=PROFILE_HELP["year"])
    ] = None,
    pay_component: Annotated[
        PayComponent, typer.Option("--pay-component", help="total (surveys) or base (H-1B).")
    ] = PayComponent.total,
    format_: Annotated[
        ReportFormat, typer.Option("--format", help="table or json.")
    ] = ReportFormat.table,
) -> None:
    """Median and 80% range of annual pay for a profile, the factors that move it, n similar.

    Example: paygrade estimate --role ml_engineer --level senior --company Google
    --pay-component base
    """
    from paygrade.estimate.modelfile import load, newest
    from paygrade.estimate.profile import check_profile
    from paygrade.estimate.service import estimate as answer
    from paygrade.estimate.service import stale, warned_estimate

    profile = {k: v for k, v in locals().items() if k in PROFILE_HELP}
    _none_blank(**profile)
    check_profile(profile)  # the asker's to mend, model or none (as the API and MCP say)
    model = load(newest(_settings(ctx).models_dir()))
    with _store(ctx, read_only=True) as store:
        if format_ is ReportFormat.json:
            # The JSON is the contract: what its keys cannot carry (US pay for country DE,
            # a company no record has) goes to stderr, as the API's header and MCP say it.
            result, warnings = warned_estimate(store, model, profile, pay_component.value)
        else:  # the table names them itself
            result = answer(store, model, profile, pay_component.value, explain=True)
            warnings = [warning for warning in [stale(store, model)] if warning]
    for warning in warnings:
        sys.stderr.write(f"warning: {warning}\n")
    _emit(formats.render_estimate(result, format_.value), format_.value)


@app.command()
def evaluate(
    ctx: typer.Context,
    trees: Annotated[
        int | None, typer.Option("--trees", min=1, max=MAX_TREES, help=_TREES_HELP)
    ] = None,
    sample: Annotated[
        int | None,
        typer.Option("--sample", min=100, help="Evaluate on N random records (fixed seed)."),
    ] = None,
    format_: Annotated[
        ReportFormat, typer.Option("--format", help="table (Markdown) or json.")
    ] = ReportFormat.table,
) -> None:
    """Accuracy tables of the estimator and the baselines on the aijobs survey (full-time).

    5-fold CV with shuffled rows, 5-fold keeping copies together, and train <= 2023 / test
    2024: MAE, 80% coverage overall, per level and US / non-US, mean interval width.

    Example: paygrade evaluate
    """
    from paygrade.estimate.data import training_frame
    from paygrade.estimate.evaluation import evaluate as measure

    with _store(ctx, read_only=True) as store:
        frame = training_frame(store, "total", ("aijobs",))
    if sample is not None and sample < len(frame):
        frame = frame.sample(sample, random_state=0).reset_index(drop=True)
    result = measure(frame, _estimator(trees), progress=_say)
    _emit(formats.render_evaluation(result, format_.value), format_.value)


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[
        str | None,
        typer.Option("--host", help="Interface to listen on (env PAYGRADE_HOST; 127.0.0.1)."),
    ] = None,
    port: Annotated[
        int | None, typer.Option("--port", min=1, max=65535, help="Port (env PAYGRADE_PORT; 8000).")
    ] = None,
) -> None:
    """Serve the web pages and the JSON API (/api/v1, docs at /docs) from the store.

    Example: paygrade serve --port 8000
    """
    from paygrade.web.serving import Deadlines, EarlyStop, serve_on

    # SIGTERM is Ctrl-C until the server says it serves ("error: interrupted", 130), then a
    # stop noted for uvicorn (quietly, 0): it had killed a server still starting (143, not a
    # word), also for the second or so after its "serving" line while the app was built.
    with _stopped_by_term():
        settings = _settings(ctx)
        host, port = host or settings.host, port or settings.port
        listening = _published_and_bound(settings, host, port)
    # An IPv6 address in brackets: "http://:::8646/" is no URL.
    shown = f"[{host}]" if ":" in host else host
    with EarlyStop() as early:
        typer.echo(f"paygrade: serving {settings.db} at http://{shown}:{port}/", err=True)
        # The name it was told to listen on is its own too (``--host paygrade.lan``).
        names = (*settings.allowed_hosts, host.lower())
        proxies, connections = settings.forwarded_allow_ips, settings.connections_at_once
        deadlines = Deadlines(settings.header_seconds, settings.body_seconds)
        try:
            from paygrade.web import create_app  # the app's modules: a second or more

            app_ = create_app(settings)
            serve_on(app_, listening, names, proxies, connections, deadlines, early=early)
        except KeyboardInterrupt:  # Ctrl-C is how a server is stopped: quietly, 0
            early.asked = True


def _published_and_bound(settings: Settings, host: str, port: int) -> Any:
    """The store published for the server (if need be), and a socket bound for it."""
    from paygrade.store.snapshot import sound_published

    # A damaged store refused: it had said "serving" over a store cut short, and answered
    # 503 to every route reading records. A damaged copy of a sound store is made again.
    sound_published(settings.db, wait=settings.busy_timeout, warn=_warn)
    return _listening_socket(host, port)  # before saying so: it had said "serving" first


def _listening_socket(host: str, port: int) -> Any:
    """A socket bound to ``host``:``port`` for the server, or one line saying why not: a
    port in use, or a host that names no interface here, had been uvicorn's own "ERROR:
    [Errno 98] ... address already in use" after a line saying it served, status 3."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        why = exc.strerror or str(exc)
        raise PaygradeError(
            f"cannot serve at {host}:{port}: {why} (set --host and --port, or PAYGRADE_HOST "
            "and PAYGRADE_PORT)"
        ) from None
    sock.set_inheritable(True)
    return sock


@app.command()
def mcp(ctx: typer.Context) -> None:
    """Serve the library's answers as Model Context Protocol tools over stdio.

    For AI assistants; the tools: stats, compare, local_prices, companies, company, sources,
    quality, records, offer, ladder, estimate, check_claims and report_outline.

    Example: paygrade --db var/paygrade.duckdb mcp
    """
    from paygrade.mcp_server import build_server
    from paygrade.store.snapshot import sound_published

    if sys.stdin is None:  # closed (`<&-`): fd 0 became a file the server opened, 70
        raise PaygradeError(
            "cannot serve MCP: standard input is closed (an MCP client starts `paygrade mcp` "
            "with its requests piped in)"
        )
    settings = _settings(ctx)
    # A damaged store refused before the handshake, in `serve`'s words: it had started, and
    # answered from a store whose blocks' checksums failed (or each call "cannot be read").
    sound_published(settings.db, wait=settings.busy_timeout, warn=_warn)
    signal.signal(signal.SIGINT, _interrupted_now)
    build_server(settings).run("stdio")


def _interrupted_now(signum: int, frame: Any) -> None:
    """Ctrl-C ends the MCP server at once (130): its thread reading stdin held the process
    until stdin closed, so Ctrl-C did nothing. It only reads: nothing is left half-done."""
    import os

    sys.stderr.write("error: interrupted\n")
    sys.stderr.flush()
    os._exit(INTERRUPTED)


@app.command()
def download(
    ctx: typer.Context,
    names: Annotated[
        list[str] | None, typer.Argument(help="Sources to fetch; all if none.")
    ] = None,
) -> None:
    """Fetch the official files into the data directory (needs a network).

    Example: paygrade --data-dir data download aijobs cpi
    """
    from paygrade.sources.download import download_all

    for name in names or []:  # "" was "unknown download ''", a refused name (status 1)
        _none_blank(name=name)
    # Each file said as it lands: a later one failing had hidden what was replaced. SIGTERM
    # stops it as Ctrl-C does, the file under way removed (it had been left as a .part).
    with _stopped_by_term():
        download_all(
            _settings(ctx).data_dir,
            names or None,
            on_written=lambda path: typer.echo(f"downloaded {path}"),
        )


submissions_app = typer.Typer(
    cls=QuickGroup,
    help="Salaries people submitted: list them, approve (counted) or reject; withdraw an "
    "approved one.\n\n"
    "Example: paygrade submissions list ; paygrade submissions approve 7",
    no_args_is_help=True,
)
app.add_typer(submissions_app, name="submissions")


class Status(StrEnum):
    pending = "pending"
    approved = "approved"
    rejected = "rejected"
    all = "all"


# A submission's id, and why it is decided so: the arguments of approve, reject, withdraw.
SubmissionId = Annotated[int, typer.Argument(metavar="ID", help="The submission's id.")]
Reason = Annotated[str | None, typer.Option("--reason", help="Why (kept with the submission).")]


@submissions_app.command("list")
def submissions_list(
    ctx: typer.Context,
    status: Annotated[
        Status, typer.Option("--status", help="pending, approved, rejected or all.")
    ] = Status.pending,
    format_: Annotated[
        ReportFormat, typer.Option("--format", help="table or json.")
    ] = ReportFormat.table,
) -> None:
    """Submissions in the queue, oldest first (JSON has every field), each pending one with
    its warnings: flags its records would get, a duplicate, a level its years set apart,
    a company spelt near one the data holds.

    Example: paygrade submissions list --status pending --format json
    """
    from paygrade.submissions import queue

    settings = _queue_settings(ctx)
    with _store_if_free(settings) as store:
        rows = queue(settings, None if status is Status.all else status.value, store)
    title = f"Submissions ({status.value})"
    _emit(formats.render_submissions(rows, format_.value, title=title), format_.value)


@contextmanager
def _store_if_free(settings: Settings) -> Iterator[Store | None]:
    """The store read-only, or None while a writer (an ingest) holds it: the queue is
    listed meanwhile, as it was before its warnings read the data (those are left out)."""
    try:
        store = Store.open_reading(settings.db)
    except StoreBusy:
        yield None
        return
    try:
        yield store
    finally:
        store.close()


def _queue_settings(ctx: typer.Context) -> Settings:
    """The settings of a store that exists, whose queue lies beside it: a store path
    mistyped had made its folders and an empty queue, and said "Submissions (pending):
    none" of the wrong store."""
    settings = _settings(ctx)
    if not settings.db.is_file():
        raise no_store(settings.db)
    return settings


# "-1" read as an option was "No such option: -1": an id, which no submission has.
_AN_ID_MAY_BE_NEGATIVE = {"ignore_unknown_options": True}


@submissions_app.command("approve", context_settings=_AN_ID_MAY_BE_NEGATIVE)
def submissions_approve(
    ctx: typer.Context,
    submission_id: SubmissionId,
) -> None:
    """Ingest a pending submission (its base and total records) so statistics count it.

    Works while `paygrade serve` runs; the server answers with it once published.

    Example: paygrade submissions approve 7
    """
    from paygrade.submissions import approve, undecided

    undecided(_queue_settings(ctx), submission_id)  # checked again once the store is held
    with _writing(ctx, creates=True) as store:  # said before it is published, as remove does
        result = approve(store, _settings(ctx), submission_id)
        typer.echo(result["summary"])
        typer.echo(
            f"submission {submission_id} approved: "
            f"{formats.counted(result['records_accepted'], 'record')} stored"
            + (
                f", {result['records_quarantined']} quarantined"
                if result["records_quarantined"]
                else ""
            )
        )
        for warning in result["warnings"]:
            typer.echo(f"warning: {warning}")


@submissions_app.command("reject", context_settings=_AN_ID_MAY_BE_NEGATIVE)
def submissions_reject(
    ctx: typer.Context,
    submission_id: SubmissionId,
    reason: Reason = None,
) -> None:
    """Reject a pending submission: it never reaches the store.

    Example: paygrade submissions reject 8 --reason "duplicate of 7"
    """
    from paygrade.submissions import reject

    reject(_queue_settings(ctx), submission_id, reason)
    typer.echo(f"submission {submission_id} rejected")


@submissions_app.command("withdraw", context_settings=_AN_ID_MAY_BE_NEGATIVE)
def submissions_withdraw(
    ctx: typer.Context,
    submission_id: SubmissionId,
    reason: Reason = None,
) -> None:
    """Take an approved submission back out: its records stop counting, it is rejected.

    Example: paygrade submissions withdraw 7 --reason "spam approved by mistake"
    """
    from paygrade.submissions import withdraw

    with _writing(ctx) as store:  # said before it is published, as `remove` says it
        result = withdraw(store, _queue_settings(ctx), submission_id, reason)
        records = formats.counted(result["records"], "record")
        typer.echo(f"submission {submission_id} withdrawn: {records} removed; listed as rejected")


def _first_leaf(group: BaseExceptionGroup[BaseException]) -> BaseException:
    """The first exception a group holds that is not itself a group."""
    first = group.exceptions[0]
    return _first_leaf(first) if isinstance(first, BaseExceptionGroup) else first


def _emit(text: str, fmt: str) -> None:
    """A command's answer on standard output: a CSV in UTF-8 whatever the locale's encoding
    (in a Latin-1 one, "• Principal Solutions Architect" had been written "? Principal
    ...", a listing that no longer re-imports as it was); a table or JSON as the terminal
    takes it (JSON escapes what is not ASCII)."""
    buffer = getattr(sys.stdout, "buffer", None)
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("_", "-")
    if fmt != "csv" or buffer is None or encoding in ("utf-8", "utf8"):
        typer.echo(text, nl=False)
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


def _reader_gone() -> int:
    """The reader of the output left (``paygrade stats | head -1``): the rest goes nowhere,
    quietly, and the command did what was asked (status 0, as ``cat`` would not give)."""
    formats.output_to_nowhere()
    return 0


def _fail(message: str, code: int) -> int:
    # Always one line, whatever the message (pydantic and DuckDB write several).
    line = " ".join(part.strip() for part in message.splitlines() if part.strip())
    # A name given with a terminal's control characters is said, not acted on.
    sys.stderr.write(f"error: {formats.printable(shortened(line))}\n")
    return code


def _usage(exc: typer.TyperException) -> str:
    # `stats --role ml_engineer`: Typer offers the nearest option (--real); a record's
    # field is a filter, so say how to give it.
    option, ctx = getattr(exc, "option_name", None), getattr(exc, "ctx", None)
    if option and ctx is not None:
        field = option.lstrip("-").replace("-", "_")
        if field in FIELD_NAMES and any("--where" in p.opts for p in ctx.command.params):
            return f"No such option: {option} (a record's field: filter with --where {field}=VALUE)"
    return exc.format_message()


# The global options that take a value (main_options): a command's name is not one.
GLOBAL_VALUES = ("--db", "--data-dir")


def _raised_by_interrupt(exc: BaseException) -> bool:
    """Whether an error was raised while a Ctrl-C unwound the program: DuckDB's
    "connection is busy with another call" from a query the interrupt left running had
    been an internal error (status 70) where the user had pressed Ctrl-C (130).

    Example:
        >>> try:
        ...     try:
        ...         raise KeyboardInterrupt
        ...     finally:
        ...         raise RuntimeError("connection is busy with another call")
        ... except RuntimeError as exc:
        ...     _raised_by_interrupt(exc), _raised_by_interrupt(ValueError("bad"))
        (True, False)
    """
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return True
        seen.add(id(cause))
        cause = cause.__context__ or cause.__cause__
    return False


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``paygrade`` console script: standard error written while it is
    heard (``console.WhileHeard``), for the command's length."""
    before = sys.stderr
    sys.stderr = WhileHeard(before)
    try:
        return _main(argv)
    finally:
        sys.stderr = before


def _main(argv: list[str] | None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if sys.stdout is None:  # started with it closed (>&-): every answer had gone nowhere, status 0
        why = "standard output is closed (send it to a file, or to /dev/null to drop it)"
        return _fail(str(CannotWrite("the output", why)), 74)
    fit_streams(sys.stdout, sys.stderr)
    if (bytes_given := not_text(args)) is not None:  # a Latin-1 terminal's "Société"
        if utf8_misread(args):  # UTF-8, read as ASCII: PYTHONUTF8=0 under LC_ALL=C
            return _fail(
                f"'{bytes_given}' is UTF-8 text, but Python read its arguments as "
                f"{sys.getfilesystemencoding()} (UTF-8 mode off in a C or POSIX locale?): "
                "unset PYTHONUTF8, or set LC_ALL=C.UTF-8",
                2,
            )
        return _fail(
            f"'{bytes_given}' is not UTF-8 text (a terminal or script in another encoding?): "
            "give it in UTF-8",
            2,
        )
    try:
        # Building the command tree loads Typer's parts: Ctrl-C may come meanwhile.
        command = click_group(app, args, GLOBAL_VALUES)
        # No arguments: the help and status 0 (Typer would raise an empty usage error).
        # In this mode Typer returns an Exit's status instead of raising it.
        status = command.main(args=args or ["--help"], prog_name="paygrade", standalone_mode=False)
    except typer.Exit as done:
        return int(done.exit_code)
    except typer.TyperException as exc:  # usage errors: bad option, missing argument
        if not str(exc.format_message()).strip():  # a group asked for no command: its help
            return 0  # (click printed it; "error: " alone followed, status 2)
        return _fail(_usage(exc), int(exc.exit_code))
    except typer.Abort:
        return _fail("interrupted", INTERRUPTED)
    except (UsageProblem, BadSetting, MiswrittenQuestion) as exc:
        return _fail(str(exc), 2)
    except Interrupted as exc:
        return _fail(str(exc), INTERRUPTED)
    except (CannotWrite, NotPublished) as exc:  # a full disk: not the input's fault
        return _fail(str(exc), 74)
    except PaygradeError as exc:
        return _fail(str(exc), 1)
    except KeyboardInterrupt:
        return _fail("interrupted", INTERRUPTED)
    except BrokenPipeError:
        return _reader_gone()
    except BaseExceptionGroup as group:  # the MCP server's tasks: its client went away
        rest = group.split(BrokenPipeError)[1]
        if rest is None:
            return _reader_gone()
        # What broke, said as it is alone: its output on a full disk (> /dev/full) had been
        # "internal error (ExceptionGroup): unhandled errors in a TaskGroup", 70.
        leaf = _first_leaf(rest)
        if isinstance(leaf, KeyboardInterrupt):
            return _fail("interrupted", INTERRUPTED)
        if isinstance(leaf, Exception):
            return _fail(*unforeseen(leaf))
        return _fail(f"internal error ({type(leaf).__name__}): {leaf}", 70)
    except SystemExit as exc:  # Typer's own answer to a closed pipe: exit 1
        if isinstance(exc.__context__, BrokenPipeError):
            return _reader_gone()
        raise
    except Exception as exc:  # never show a traceback; say what broke
        if _raised_by_interrupt(exc):  # a query still busy when Ctrl-C unwound its caller
            return _fail("interrupted", INTERRUPTED)
        return _fail(*unforeseen(exc))
    if status == INTERRUPTED:  # Typer's word for Ctrl-C in a command: this status, unsaid
        return _fail("interrupted", INTERRUPTED)
    return status if isinstance(status, int) else 0
