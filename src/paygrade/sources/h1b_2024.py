"""H-1B LCA filings of DOL fiscal year 2024 Q1: certified, full-time, all occupations (Parquet).

An extract of DOL's ``LCA_Disclosure_Data_FY2024_Q1.xlsx`` (public domain;
the extract is The Unlicense): 96,545 certified full-time filings, base pay
only, every worksite in the US, its state given but no city (so no metro).
Filtered too: its ``WAGE_RATIO`` runs 0.5005-4.9502, so filings paid under half
or over five times their prevailing wage are not in it (docs/sources.md).

Year 2023: the extract carries no dates, and the one date it implies is
receipt; DOL's fiscal year 2024 starts in October, so Q1 is the filings
received October-December 2023. The wage is what the employer attested then;
the employment itself often begins months later (``lca`` uses the begin date
where a file has it), which this extract does not say.

The amount is ``WAGE_RATE_OF_PAY_FROM`` (the offered wage, the lower end of
any range) in its ``WAGE_UNIT_OF_PAY``, annualized by paygrade's own rule
(hour x 2080, week x 52, bi-weekly x 26, month x 12). The extract's
``ANNUAL_WAGE`` is the publisher's annualization and is not used:
``annual_wage_check`` says where the two differ. A blank unit quarantines the
row ("missing pay_period"), as for any DOL file.

Titles decide roles, as in every other source, but the employer's ``SOC_CODE``
decides a title whose words every science shares: a "Postdoctoral Fellow" or
"Research Scientist" filed as a biochemist or a medical scientist is ``other``, not
``research_scientist`` (``rules/role_occupations.csv``). The last column,
``__index_level_0__``, is a pandas index left by the export: it numbers rows
and says nothing about a filing, so filings identical but for it are copies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

from paygrade.normalize.vocab import PAY_PERIODS, canonical_value
from paygrade.sources.base import Con, RecordSource, project_columns
from paygrade.sources.reading import stage_parquet
from paygrade.store import Store, scalar

REQUIRED = (
    "EMPLOYER_NAME",
    "JOB_TITLE",
    "SOC_CODE",
    "WAGE_RATE_OF_PAY_FROM",
    "WAGE_UNIT_OF_PAY",
    "WORKSITE_STATE",
)
# What the columns read hold (reading.PARQUET_KINDS): staged as text, an employer of
# integers or of structs had been stored as the company "12345" or "{'a': 1}".
COLUMN_KINDS = {
    "EMPLOYER_NAME": "text",
    "JOB_TITLE": "text",
    "SOC_CODE": "text",
    "WAGE_RATE_OF_PAY_FROM": "number",
    "WAGE_UNIT_OF_PAY": "text",
    "WORKSITE_STATE": "text",
    "ANNUAL_WAGE": "number",
}
# Columns annual_wage_check reads: the wage, its unit, the extract's annual figure.
CHECKED_COLUMNS = ("WAGE_RATE_OF_PAY_FROM", "WAGE_UNIT_OF_PAY", "ANNUAL_WAGE")
# Rounding to cents on either side stays well inside a dollar.
TOLERANCE_USD = 1.0

SOURCE = RecordSource(
    name="h1b_2024",
    description="H-1B LCA filings FY2024 Q1 (Oct-Dec 2023), certified full-time (base wage)",
    evidence="filing",
    # The filings are DOL records; the extract's own licence (The Unlicense) adds no
    # condition, and this text is the one rules/licences.csv links for DOL records.
    licence="US government work (public domain)",
    filename="h1b-lca-fy2024q1-fulltime.parquet",
    required=REQUIRED,
    stage=partial(stage_parquet, kinds=COLUMN_KINDS),
    # The exporter's pandas index numbers rows; it is not the filing's id.
    not_evidence=("__index_level_0__",),
    project=project_columns(
        {
            "year": "'2023'",
            "title": "JOB_TITLE",
            "company": "EMPLOYER_NAME",
            "state": "WORKSITE_STATE",
            "country": "'US'",
            "employment_type": "'full_time'",
            "pay_component": "'base'",
            "amount": "WAGE_RATE_OF_PAY_FROM",
            "currency": "'USD'",
            "pay_period": "WAGE_UNIT_OF_PAY",
            "occupation": "SOC_CODE",
        }
    ),
)


@dataclass(frozen=True)
class AnnualWageCheck:
    """The extract's ANNUAL_WAGE against the wage x its unit's factor, row by row."""

    rows: int  # rows looked at
    compared: int  # rows with a number on both sides (a known unit, two numbers)
    differing: int  # compared rows more than TOLERANCE_USD apart
    examples: list[dict[str, Any]] = field(default_factory=list)  # the first few, in file order


def annual_wage_check(con: Con, relation: str = "raw", limit: int = 5) -> AnnualWageCheck:
    """Compare ANNUAL_WAGE with the re-derived annual wage over ``relation``.

    ``relation`` is a table, view or parenthesized SELECT with ``source_row``
    and CHECKED_COLUMNS as text, e.g. the staged ``raw`` table during ingest.

    Example:
        >>> import duckdb
        >>> con = duckdb.connect()
        >>> _ = con.execute(
        ...     "CREATE TABLE raw AS SELECT * FROM (VALUES (1, '50.0', 'Hour', '104000.0'),"
        ...     " (2, '4000.0', 'Bi-Weekly', '208000.0')) AS t(source_row, "
        ...     "WAGE_RATE_OF_PAY_FROM, WAGE_UNIT_OF_PAY, ANNUAL_WAGE)")
        >>> check = annual_wage_check(con)
        >>> (check.rows, check.compared, check.differing)
        (2, 2, 1)
        >>> check.examples[0]["derived_annual"]
        104000.0
        >>> con.close()
    """
    derived = _derived_sql(con, relation)
    base = f"""SELECT source_row, WAGE_RATE_OF_PAY_FROM AS wage, WAGE_UNIT_OF_PAY AS unit,
        TRY_CAST(ANNUAL_WAGE AS DOUBLE) AS extract_annual, {derived} AS derived_annual
        FROM {relation}"""
    apart = f"abs(extract_annual - derived_annual) > {TOLERANCE_USD}"
    totals = con.execute(
        f"""SELECT count(*),
            count(*) FILTER (WHERE extract_annual IS NOT NULL AND derived_annual IS NOT NULL),
            count(*) FILTER (WHERE {apart}) FROM ({base})"""
    ).fetchall()[0]
    cursor = con.execute(
        f"SELECT * FROM ({base}) WHERE {apart} ORDER BY source_row LIMIT ?", [limit]
    )
    names = [d[0] for d in cursor.description]
    examples = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return AnnualWageCheck(int(totals[0]), int(totals[1]), int(totals[2]), examples)


def _derived_sql(con: Con, relation: str) -> str:
    """SQL for the wage x its unit's factor, by the vocabulary normalization uses."""
    units = con.execute(f"SELECT DISTINCT WAGE_UNIT_OF_PAY FROM {relation}").fetchall()
    cases = []
    for (unit,) in units:
        period, _error = canonical_value("pay_period", unit)
        if period is not None:
            quoted = str(unit).replace("'", "''")
            cases.append(f"WHEN '{quoted}' THEN {PAY_PERIODS[period]}")
    factor = f"CASE WAGE_UNIT_OF_PAY {' '.join(cases)} END" if cases else "NULL"
    return f"TRY_CAST(WAGE_RATE_OF_PAY_FROM AS DOUBLE) * {factor}"


def stored_annual_wage_check(store: Store, limit: int = 5) -> AnnualWageCheck | None:
    """``annual_wage_check`` over the raw rows of the latest ``h1b_2024`` file in the store.

    None when no such file has been ingested.

    Example:
        >>> stored_annual_wage_check(store).differing  # doctest: +SKIP
        5
    """
    ingest_id = scalar(
        store.con, "SELECT max(ingest_id) FROM ingest_log WHERE source = ?", [SOURCE.name]
    )
    if ingest_id is None:
        return None
    fields = ", ".join(f"payload->>'{name}' AS {name}" for name in CHECKED_COLUMNS)
    relation = f"(SELECT source_row, {fields} FROM raw_rows WHERE ingest_id = {int(ingest_id)})"
    return annual_wage_check(store.con, relation, limit)
