"""Data quality, shown not hidden: what is loaded, what was kept out, and what looks odd.

Nothing here drops a row. Flags point at rows a reader should know about:
exact duplicates, heaped values (many unrelated answers giving the same round
figure), flagged records (implausible level/pay combinations, copies another source
counts), how many rows have each level (and
how many none), and the mix of years and countries.
"""

from __future__ import annotations

from typing import Any, Final

from paygrade import cross_copies
from paygrade.engines import PRIVATE_MIN
from paygrade.evidence import PRIVATE_SOURCES
from paygrade.normalize import rule_tables
from paygrade.normalize.plausibility import reasons
from paygrade.records import LEVELS, NO_FIRM_SQL
from paygrade.store import Store, first_row

# The columns of loaded_sources and quarantined_rows, for a CSV's header when there is no row.
SOURCE_COLUMNS = ("source", "kind", "file", "sha256", "rows_read", "rows_accepted",
                  "rows_rejected", "licence", "ingested_at", "seconds", "rows_flagged",
                  "encoding")  # fmt: skip
QUARANTINE_COLUMNS = ("source", "file", "source_row", "reason", "raw")
HEAPING_MIN_ROWS = 200  # a cell smaller than this cannot show heaping reliably
HEAPING_TOP_VALUES = 2


def _dicts(store: Store, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cursor = store.con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def loaded_sources(store: Store) -> list[dict[str, Any]]:
    """One row per ingested file that counts (a snapshot a newer one replaced does not):
    hash, counts, licence, when, and last ``rows_flagged``:
    each record file's flagged records (kept, left out of statistics by
    default); None for reference files, which hold no records. Last, so a CSV's columns
    keep their places; the JSON API and MCP lacked it while the page showed it. After it
    ``encoding``: the file's as read ("utf-8", "cp1252", "latin-1"; "binary" or "sqlite"
    for a file that is not text), which ``ingest`` said and ``sources`` did not.

    A private source's files (each approved submission is one) are one row of their
    sums, with no hash and the day of the newest: a file's hash confirmed a guessed
    salary (its CSV rebuilt from the figures stats tell), its counts and second told one
    submission's flags and when it was approved. Its flagged count is told as quality
    tells it: none, or at least ``TOLD_FROM``.

    Example:
        >>> store = Store.open(":memory:")
        >>> loaded_sources(store)
        []
        >>> store.close()
    """
    files = _dicts(
        store,
        """SELECT l.source, l.kind, l.file, l.sha256, l.rows_read, l.rows_accepted,
            l.rows_rejected, l.licence,
            strftime(l.started_at, '%Y-%m-%d %H:%M:%S') AS ingested_at,
            round(l.seconds, 3) AS seconds,
            CASE WHEN l.kind = 'records' THEN coalesce(f.flagged, 0) END AS rows_flagged,
            l.encoding
        FROM ingest_log l LEFT JOIN (
            SELECT ingest_id, count(*) AS flagged FROM records WHERE len(flags) > 0
            GROUP BY ingest_id
        ) f USING (ingest_id)
        WHERE l.status = 'ok'
        ORDER BY l.ingest_id""",
    )
    public = [f for f in files if f["source"] not in PRIVATE_SOURCES]
    # A private source's files are submissions, one each: listed (summed) where they are
    # as many as a group counts (PRIVATE_MIN); fewer, their times told when each came.
    private = [[f for f in files if f["source"] == s] for s in PRIVATE_SOURCES]
    return public + [_summed(each[0]["source"], each) for each in private
                     if len(each) >= PRIVATE_MIN]  # fmt: skip


def _summed(source: str, files: list[dict[str, Any]]) -> dict[str, Any]:
    """A private source's files as one row (``loaded_sources``), its counts told as
    ``_told`` tells them.

    Example:
        >>> one = {"source": "submission", "kind": "records", "licence": "l",
        ...        "ingested_at": "2026-12-04 16:27:58", "rows_read": 2, "rows_accepted": 2,
        ...        "rows_rejected": 0, "seconds": 0.1, "rows_flagged": 0}
        >>> row = _summed("submission", [one] * 10)
        >>> row["file"], row["sha256"], row["ingested_at"], row["rows_accepted"]
        ('10 approved submissions', None, '2026-12-04', 20)
        >>> row["rows_rejected"], row["rows_flagged"]
        (0, 0)
        >>> _summed("submission", [{**one, "rows_flagged": 1}] * 10)["rows_flagged"]
        10
        >>> few = _summed("submission", [*[one] * 9, {**one, "rows_rejected": 2}])
        >>> few["rows_read"], few["rows_accepted"], few["rows_rejected"]
        (None, 20, None)
    """
    total = {
        k: _told(source, sum(f[k] for f in files))
        for k in ("rows_read", "rows_accepted", "rows_rejected")
    }
    if total["rows_rejected"] is None:  # read less accepted would tell it
        total["rows_read"] = None
    flagged = sum(f["rows_flagged"] or 0 for f in files)
    return {
        "source": source,
        "kind": files[0]["kind"],
        "file": f"{len(files):,} approved submissions",
        "sha256": None,
        **total,
        "licence": files[0]["licence"],
        "ingested_at": max(f["ingested_at"] for f in files)[:10],
        "seconds": round(sum(f["seconds"] or 0 for f in files), 3),
        "rows_flagged": _told(source, flagged),
        "encoding": None,
    }


def quarantined_rows(
    store: Store, *, source: str | None = None, limit: int = 20
) -> list[dict[str, Any]]:
    """Quarantined rows with their reasons and raw payload, oldest first."""
    return _dicts(
        store,
        """SELECT q.source, l.file, q.source_row, q.reason, CAST(q.payload AS VARCHAR) AS raw
        FROM quarantine q JOIN ingest_log l USING (ingest_id)
        WHERE ? IS NULL OR q.source = ? ORDER BY q.ingest_id, q.source_row LIMIT ?""",
        # A limit past BIGINT is every row; DuckDB refused to cast it (internal error).
        [source, source, min(limit, 2**63 - 1)],
    )


def quarantined_count(store: Store, *, source: str | None = None) -> int:
    """How many rows are quarantined (of one source), for saying how many a page shows.

    Example:
        >>> store = Store.open(":memory:")
        >>> quarantined_count(store), quarantined_count(store, source="aijobs")
        (0, 0)
        >>> store.close()
    """
    sql = "SELECT count(*) FROM quarantine WHERE ? IS NULL OR source = ?"
    return int(store.scalar(sql, [source, source]))


def _duplicates(store: Store, source: str) -> dict[str, Any]:
    rows = store.con.execute(
        "SELECT count(*) FILTER (WHERE dup_rank > 1), count(*) FROM records WHERE source = ?",
        [source],
    ).fetchall()
    copies, total = int(rows[0][0]), int(rows[0][1])
    return {"rows": copies, "share": round(copies / total, 4) if total else 0.0}


def _heaping(store: Store, source: str, limit: int = 3) -> list[dict[str, Any]]:
    """Cells (year, country, level, remote) of at least 200 rows, the most heaped first:
    the share of rows that their two commonest exact amounts cover across unrelated titles,
    whatever it is (the real store's cover 5.2-21.5%, not most rows). Amounts of one title
    alone are a pay scale, not rounding (h1b's top cell was 586 filings of "DATA ANALYST 2", one
    employer's two rates)."""
    return _dicts(
        store,
        f"""WITH cells AS (
            SELECT year, country, level, remote, amount_usd, count(*) AS k,
                list(DISTINCT lower(title)) AS titles  -- by case, as stats groups titles
            FROM records WHERE source = ? GROUP BY ALL
        ), ranked AS (
            SELECT *, sum(k) OVER w AS cell_n,
                row_number() OVER (
                    PARTITION BY year, country, level, remote ORDER BY k DESC, amount_usd
                ) AS r
            FROM cells WINDOW w AS (PARTITION BY year, country, level, remote)
        )
        SELECT year, country, level, remote, any_value(cell_n) AS rows,
            list(amount_usd ORDER BY amount_usd) AS values,
            len(list_distinct(flatten(list(titles)))) AS titles_with_these_values,
            round(sum(k) / any_value(cell_n), 4) AS share
        FROM ranked WHERE r <= {HEAPING_TOP_VALUES} AND cell_n >= {HEAPING_MIN_ROWS}
        GROUP BY year, country, level, remote
        HAVING len(list_distinct(flatten(list(titles)))) > 1
        ORDER BY share DESC, rows DESC, year, country, level, remote LIMIT ?""",
        [source, limit],
    )


def _flagged(store: Store, source: str) -> dict[str, Any]:
    """Flagged records (``FLAGGED_MEANS``: kept, left out of statistics by default), by flag."""
    by_flag = dict(
        store.con.execute(
            """SELECT flag, count(*) FROM (SELECT unnest(flags) AS flag FROM records
            WHERE source = ?) GROUP BY flag ORDER BY count(*) DESC, flag""",
            [source],
        ).fetchall()
    )
    rows = _dicts(
        store,
        # With its file: a row number alone pointed at another respondent where a source
        # had two files.
        """SELECT r.source_row, l.file, r.year, r.title, r.level, r.country, r.pay_component,
            r.amount_usd, r.flags
        FROM records r JOIN ingest_log l USING (ingest_id)
        WHERE r.source = ? AND len(r.flags) > 0 ORDER BY r.amount_usd DESC, l.file, r.source_row""",
        [source],
    )
    why = reasons()
    told = _told(source, len(rows))
    if told is None:  # untold: no flag named either ("base_above_1m": someone's base)
        by_flag = {}
    return {
        "rows": told,
        "by_flag": {
            flag: {"rows": _told(source, n), "why": why.get(flag) or cross_copies.why(flag) or ""}
            for flag, n in by_flag.items()
        },
        # A submitted salary is counted, never shown one by one: not even as an example.
        "examples": [] if source in PRIVATE_SOURCES else rows[:5],
    }


def _shares(store: Store, source: str, field: str) -> dict[str, float | None]:
    """Share of each value of ``field`` (every one, commonest first); of a private source,
    the values of fewer than ``TOLD_FROM`` records together, as ``FEWER``."""
    rows = store.con.execute(
        f"""SELECT coalesce(CAST({field} AS VARCHAR), '(unknown)'), count(*),
            count(*) / sum(count(*)) OVER ()
        FROM records WHERE source = ? GROUP BY 1 ORDER BY 3 DESC, 1""",
        [source],
    ).fetchall()
    shares = {str(k): round(float(v), 4) for k, n, v in rows if _shown(source, n)}
    folded = sum(float(v) for _, n, v in rows if not _shown(source, n))
    # The values told apart, and the rest said to exist with no share: 8.3% of 24 records
    # was exactly 2, one submitter's other year.
    return shares | ({FEWER: None} if folded else {})


# A private source's values of fewer records than this are not told apart: submitted
# salaries are counted, never shown one by one, and "2 entry-level, both flagged above
# $300,000, 67% from GB" points at the people behind them as a row would. As a group
# counts them (PRIVATE_MIN): from stats' 5 records, a count told was of 3 people.
TOLD_FROM: Final = PRIVATE_MIN
FEWER: Final = f"(values of fewer than {TOLD_FROM} records each)"


def _shown(source: str, n: int) -> bool:
    """Whether a count of ``n`` records of ``source`` is told (of a private source, none or
    at least ``TOLD_FROM``).

    Example:
        >>> _shown("aijobs", 1), _shown("submission", 5), _shown("submission", 0)
        (True, False, True)
        >>> _shown("submission", 10)
        True
    """
    return source not in PRIVATE_SOURCES or n == 0 or n >= TOLD_FROM


def _told(source: str, n: int) -> int | None:
    """``n``, or None where it is not told (``_shown``)."""
    return n if _shown(source, n) else None


def _no_firm(store: Store, source: str) -> dict[str, Any]:
    """The records whose company as filed names no firm (a legal form or a placeholder
    alone: "Corp", "Unknown"), stored without a company, and the commonest such names (a
    private source's never: a submitter's own words)."""
    rows = _dicts(
        store,
        "SELECT company_raw AS name, count(*) AS rows FROM records WHERE source = ? AND "
        f"{NO_FIRM_SQL} GROUP BY 1 ORDER BY 2 DESC, 1",
        [source],
    )
    told = _told(source, sum(row["rows"] for row in rows))
    return {"rows": told, "names": [] if source in PRIVATE_SOURCES else rows[:5]}


def _levels(store: Store, source: str) -> dict[str, Any]:
    """Rows per level (every level, then ``unknown``) and the share with no level."""
    counts = dict(
        store.con.execute(
            "SELECT level, count(*) FROM records WHERE source = ? GROUP BY level", [source]
        ).fetchall()
    )
    levels: dict[str, Any] = {level: _told(source, int(counts.get(level, 0))) for level in LEVELS}
    unknown = int(counts.get(None, 0))
    levels["unknown"] = _told(source, unknown)
    if None in levels.values():
        # One cell untold beside the source's total and the others gave it by subtraction
        # (24 records, senior 18: entry 6); no count is told then, not even the empty
        # ones (a 0 beside a null had told which levels someone submitted at).
        levels = dict.fromkeys(levels)
    total = sum(counts.values())
    share = round(unknown / total, 4) if total else 0.0
    levels["unknown_share"] = share if levels["unknown"] is not None else None
    return levels


def quality_report(store: Store) -> dict[str, Any]:
    """Per record source: counts, duplicates, heaping, flagged rows, levels, year and
    country mix."""
    # Of the quarantine too: a file whose every row was quarantined had left its source,
    # and so its quarantined rows, out of the report.
    sources = [
        r[0]
        for r in store.con.execute(
            "SELECT source FROM records UNION SELECT source FROM quarantine ORDER BY source"
        ).fetchall()
    ]
    report = []
    for source in sources:
        count, files = first_row(
            store.con,
            "SELECT count(*), count(DISTINCT ingest_id) FROM records WHERE source = ?",
            [source],
        ) or (0, 0)
        # Fewer submissions (a file each) than any group counts: told nowhere, here neither.
        if source in PRIVATE_SOURCES and files < PRIVATE_MIN:
            continue
        quarantined = store.scalar("SELECT count(*) FROM quarantine WHERE source = ?", [source])
        report.append(
            {
                "source": source,
                "records": count,
                "checks": {
                    "quarantined": _told(source, quarantined),
                    "exact_duplicates": _duplicates(store, source),
                    # A private source's heaped amounts would name what few people gave.
                    "heaping": [] if source in PRIVATE_SOURCES else _heaping(store, source),
                    "implausible": _flagged(store, source),
                    "levels": _levels(store, source),
                    "company_no_firm": _no_firm(store, source),
                    "year_share": _shares(store, source, "year"),
                    "country_share": _shares(store, source, "country"),
                },
            }
        )
    return {"sources": report}


def store_info(store: Store, reference_year: int | None = None) -> dict[str, Any]:
    """What the store holds: records, flagged records, and each loaded file in brief.

    A private source's files are one row of their sums where they are as many as a group
    counts (``PRIVATE_MIN``), as ``loaded_sources`` lists them; fewer, neither they nor
    their records are told: "submission-7.csv 2 rows 08:53" had said who submitted when,
    and the total less the files listed how many.

    Example:
        >>> store = Store.open(":memory:")
        >>> store_info(store)["records"]
        0
        >>> store.close()
    """
    files = _dicts(
        store,
        """SELECT source, kind, file, rows_accepted AS rows, reference_year,
            strftime(started_at, '%Y-%m-%d %H:%M') AS ingested_at
        FROM ingest_log WHERE status = 'ok' ORDER BY ingest_id""",
    )
    told = _files_told(files)
    records, flagged = _records_told(store, {f["source"] for f in told})
    # Record files normalized under other rules than this paygrade's (an upgrade,
    # an edited table): their records read titles, aliases and places the old way until
    # `paygrade rebuild`.
    # Or priced in another reference year's dollars than ``reference_year`` (the one
    # `rebuild` would price them in).
    stale = store.con.execute(
        "SELECT source, file FROM ingest_log WHERE kind = 'records' AND status = 'ok' "
        "AND (rules IS DISTINCT FROM ? OR (? IS NOT NULL AND reference_year IS DISTINCT FROM ?)) "
        "ORDER BY ingest_id",
        [rule_tables.fingerprint(), reference_year, reference_year],
    ).fetchall()
    return {
        "records": records,
        "flagged": flagged,
        "files": told,
        "other_rules": _stale_told(stale, told),
    }


def _files_told(files: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``store_info``'s files: the public ones each, a private source's summed where they
    are ``PRIVATE_MIN`` or more (``loaded_sources``), else left out.

    Example:
        >>> one = {"source": "submission", "kind": "records", "file": "submission-7.csv",
        ...        "rows": 2, "reference_year": 2024, "ingested_at": "2026-12-06 08:53"}
        >>> _files_told([one] * 9)
        []
        >>> _files_told([one] * 10)[0]["file"], _files_told([one] * 10)[0]["rows"]
        ('10 approved submissions', 20)
    """
    public = [f for f in files if f["source"] not in PRIVATE_SOURCES]
    private = [[f for f in files if f["source"] == s] for s in PRIVATE_SOURCES]
    return public + [_info_summed(each) for each in private if len(each) >= PRIVATE_MIN]


def _info_summed(files: list[dict[str, Any]]) -> dict[str, Any]:
    """A private source's files as one ``store_info`` row: how many, their rows (as
    ``_told`` tells them), one reference year or None, and the day of the newest."""
    years = {f["reference_year"] for f in files}
    return {
        **files[0],
        "file": f"{len(files):,} approved submissions",
        "rows": _told(files[0]["source"], sum(f["rows"] for f in files)),
        "reference_year": years.pop() if len(years) == 1 else None,
        "ingested_at": max(f["ingested_at"] for f in files)[:10],  # the day: the sources' too
    }


def _records_told(store: Store, listed: set[str]) -> tuple[int, int]:
    """The records and flagged records ``store_info`` tells: a private source's only where
    its files are ``listed``, its flagged ones as ``_told`` tells them."""
    records = flagged = 0
    for source, n, bad in store.con.execute(
        "SELECT source, count(*), count(*) FILTER (WHERE len(flags) > 0) FROM records "
        "GROUP BY source"
    ).fetchall():
        if source not in PRIVATE_SOURCES or source in listed:
            records += int(n)
            flagged += _told(source, int(bad)) or 0
    return records, flagged


def _stale_told(stale: list[tuple[str, str]], told: list[dict[str, Any]]) -> list[str]:
    """The stale files' names, a private source's as its summed row names them (once), or
    none where that row is not told (a file's name is its submission's number)."""
    named = {f["source"]: f["file"] for f in told if f["source"] in PRIVATE_SOURCES}
    names = [
        named.get(source) if source in PRIVATE_SOURCES else str(file) for source, file in stale
    ]
    return [name for name in dict.fromkeys(names) if name is not None]
