"""The canonical CSV format: a header of canonical field names, one record per row.

Required: ``year``, ``title``, ``pay_component`` and either ``amount_usd`` or
``amount`` with ``currency``. Amounts are annual. ``source``, ``source_row``
and ``amount_usd_real`` are accepted but recomputed, and so are the columns a
``paygrade records --format csv`` listing adds (``LISTING_COLUMNS``), so such a
listing re-imports; the row as given is kept in ``raw_rows``. (``paygrade export``
writes Parquet, which this source does not read.) A country or US state may be
written by its name ("Germany", "California"). A cell a listing guarded against
spreadsheet formulas (``'`` before ``=``, ``+``, ``-``, ``@``, a tab or a CR) is read
without that ``'``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from paygrade.normalize.places import place_names
from paygrade.records import FIELD_NAMES, FORMULA_STARTS, BadInputFile
from paygrade.sources.base import STAGED_COLUMNS, Con, RecordSource, project_columns
from paygrade.sources.reading import WORKBOOK_SUFFIXES, FileFacts, ordinal
from paygrade.sources.workbook import stage_text_or_workbook

REQUIRED = ("year", "title", "pay_component")
# The columns of a ``paygrade records --format csv`` listing that are no canonical field:
# where a record came from (its file, its source's licence) and what was derived from it
# (its plausibility flags, its place among copies). Kept in the raw row as given, never
# taken as the record's: its file, licence and flags are its new file's, its copies are
# found anew. (tests pin these against ``evidence.ROW_KEYS``.)
LISTING_COLUMNS = ("file", "licence", "licence_url", "flags", "dup_rank")


def stage_canonical(con: Con, facts: FileFacts, table: str, required: Sequence[str]) -> list[str]:
    """Stage the file (delimited text, or a workbook's first sheet), then check its header
    against the canonical field list. Rows are numbered by their place in the file, blank
    ones counted: a person's own file, where they look a quarantined row up."""
    columns = stage_text_or_workbook(con, facts, table, required, by_place=True)
    unknown = [name for name in columns if name not in (*FIELD_NAMES, *LISTING_COLUMNS)]
    if unknown:
        raise BadInputFile(
            f"{facts.path.name}: unknown column(s) "
            f"{', '.join(_said(name, workbook=_is_workbook(facts)) for name in unknown[:8])}"
            f"{f', ... {len(unknown)} in all' if len(unknown) > 8 else ''}; "
            f"the header must use canonical field names ({', '.join(FIELD_NAMES)}), or those "
            f"a paygrade records listing adds ({', '.join(LISTING_COLUMNS)})"
        )
    if "amount_usd" not in columns and not {"amount", "currency"} <= set(columns):
        raise BadInputFile(
            f"{facts.path.name}: needs an amount_usd column, or amount with currency"
        )
    return columns


def _said(name: str, workbook: bool = False) -> str:
    """A column's name as an error says it: one with no name in the header (a trailing
    comma; in a workbook, an empty header cell above values) by its place, not as the name
    staging gave it ("unknown column 'column4'").

    Example:
        >>> _said("salary"), _said("column4")
        ("'salary'", 'the 5th (no name: a comma too many?)')
        >>> _said("column4", workbook=True)
        'the 5th (no name in the header, and values below it)'
    """
    if unnamed := re.fullmatch(r"column(\d+)", name):
        why = (
            "no name in the header, and values below it"
            if workbook
            else "no name: a comma too many?"
        )
        return f"the {ordinal(int(unnamed[1]) + 1)} ({why})"
    return repr(name)


def _is_workbook(facts: FileFacts) -> bool:
    return facts.path.suffix.lower() in WORKBOOK_SUFFIXES


def _project(columns: Sequence[str]) -> str:
    given = {name: _unguarded(f'"{name}"') for name in columns if name in STAGED_COLUMNS}
    if "amount" not in columns:  # only amount_usd given: it is the amount as reported
        given["amount"] = '"amount_usd"'
        given["currency"] = "'USD'"
    elif "amount_usd" in columns:  # so is it in a row that leaves amount blank
        blank = "nullif(trim(\"amount\"), '') IS NULL"
        given["amount"] = f'CASE WHEN {blank} THEN "amount_usd" ELSE "amount" END'
        given["currency"] = f"CASE WHEN {blank} THEN 'USD' ELSE {given.get('currency', 'NULL')} END"
    for field in ("country", "state"):  # "Germany", "California": read as their codes
        if field in given:
            given[field] = _code_of_name(field, given[field])
    given["pay_period"] = "'year'"
    return project_columns(given)(columns)


def _unguarded(column: str) -> str:
    """SQL: the cell without the ``'`` a CSV paygrade writes puts before text a spreadsheet
    would run (``formats.spreadsheet_safe``), exactly its inverse: a listing's title
    "-Senior ML Engineer" had come back as "'-Senior ML Engineer". A ``'`` before anything
    else ("'abc", a lone "'") is the cell's own and kept.

    Example:
        >>> print(_unguarded('"title"')[:58])
        CASE WHEN starts_with("title", '''') AND substr("title", 2
    """
    starts = ", ".join(_quoted(start) for start in FORMULA_STARTS)
    guarded = f"starts_with({column}, '''') AND substr({column}, 2, 1) IN ({starts})"
    return f"CASE WHEN {guarded} THEN substr({column}, 2) ELSE {column} END"


def _code_of_name(field: str, column: str) -> str:
    """SQL: a country's or US state's code where the cell names it, with its accents or
    without ("Österreich" had been quarantined where "Osterreich" was read), its apostrophe
    straight or curled, else the cell as given (a code, or anything else, which the
    normalizer checks and quarantines).

    A MAP, not a CASE of a WHEN per name: DuckDB binds a view's SQL at each query, and the
    CASE, the cell's expression repeated in each of its 800 branches, made the staged view
    of a CSV 184 KB to bind, 0.1-0.2 s for each query that reads it, whatever the file's
    size (a five-row file's ingest took 1.1 s).

    Example:
        >>> print(_code_of_name("state", '"state"')[:48])
        coalesce(MAP(['alabama', 'alaska', 'arizona', 'a
    """
    names = place_names(field)
    keys = ", ".join(map(_quoted, names))
    codes = ", ".join(map(_quoted, names.values()))
    codes_of = f"MAP([{keys}], [{codes}])"
    named = f"replace(lower(trim({column})), '’', '''')"  # "Côte d’Ivoire" as a sheet curls it
    return f"coalesce({codes_of}[{named}], {codes_of}[strip_accents({named})], {column})"


def _quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


SOURCE = RecordSource(
    name="csv",
    description="Canonical CSV import (your own records)",
    licence="as supplied by the importer",
    filename=None,
    required=REQUIRED,
    project=_project,
    stage=stage_canonical,
    # A row number (a paygrade listing's, re-imported) tells no two observations apart:
    # three copies numbered 1, 2, 3 had been three distinct rows. Nor does a listing's
    # dup_rank (copies 1 and 2 of one row), nor what is derived from the row's values or
    # its source (flags, licence). Its file does: rows of two files were not copies.
    not_evidence=("source_row", "dup_rank", "flags", "licence", "licence_url"),
)
