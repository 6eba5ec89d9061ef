"""The report read as a demanding reader would: every blank or partial cell of records is
said beneath its own table, in the words ``paygrade stats`` says it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from paygrade.report import build_report
from paygrade.report.render import cell, columns, row_cells, sources_note
from paygrade.stats import CI_END_HIDDEN, CI_SUPPRESSED
from paygrade.store import Store

TAILS_SAID = "Blank p10 and p90: fewer than 10 records in the group."
ENDS_SAID = 'Median 95% CI "not shown" at an end (both ends: "suppressed (min/max)")'


@pytest.fixture(scope="module")
def report(real_db: Path) -> Iterator[dict[str, Any]]:
    store = Store.open(real_db, read_only=True)
    yield build_report(store)
    store.close()


def _shown_cells(table: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """Each (column, cell) of the table's rows of records that show figures."""
    keys = columns(table)
    for row in table["rows"]:
        if row.get("suppressed") or row.get("n", row.get("n_from")) is None:
            continue  # a suppressed row says why; a published estimate has no n
        yield from zip((key for key, _ in keys), row_cells(row, keys), strict=True)


def _hides_an_end(interval: str) -> bool:
    """Whether an interval cell shows fewer than its two ends ("not shown-$68,421")."""
    hidden = (CI_END_HIDDEN, CI_SUPPRESSED)
    return interval.startswith(hidden) or interval.endswith(hidden)


def _tables(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [table for section in report["sections"] for table in section["tables"]]


def test_a_blank_p10_or_a_hidden_interval_end_is_said_beneath_its_table(
    report: dict[str, Any],
) -> None:
    # Mexico's 9 records abroad, principal's 8 base filings, Raleigh's 8: the real store
    # has such rows, which had been said only in the methodology, far from the table.
    blank_tails = ends_hidden = 0
    for table in _tables(report):
        cells = list(_shown_cells(table))
        said = sources_note(table)
        if any(key == "p10" and not text for key, text in cells):
            blank_tails += 1
            assert TAILS_SAID in said, table["caption"]
        else:
            assert TAILS_SAID not in said, table["caption"]
        if any(key.startswith("p50_ci") and _hides_an_end(text) for key, text in cells):
            ends_hidden += 1
            assert ENDS_SAID in said, table["caption"]
        else:
            assert ENDS_SAID not in said, table["caption"]
    assert blank_tails >= 3 and ends_hidden >= 3  # the real store's, not a vacuous pass


def test_published_estimates_and_steps_are_not_said_to_lack_records(
    report: dict[str, Any],
) -> None:
    # BLS OEWS rows have no n and no interval: not "too few records"; nor is a promotion
    # step's row without p10 a row of blank p10.
    for table in _tables(report):
        assert "blank median 95% CI: too few records" not in sources_note(table)
    steps = next(t for t in _tables(report) if t["caption"].startswith("Promotion steps"))
    assert TAILS_SAID not in sources_note(steps)


def test_a_published_estimates_blank_cells_are_said_beneath_its_table(
    report: dict[str, Any],
) -> None:
    # The metro tables' BLS OEWS rows: n, distinct n, interval and CPI-adjusted median blank;
    # the records rows: OEWS employment blank. No word had said why.
    estimated = [t for t in _tables(report) if any(r.get("n", 0) is None for r in t["rows"])]
    assert len(estimated) >= 2  # the real store's metros and the US comparison
    for table in estimated:
        said = sources_note(table)
        blank = {label for key, label in columns(table) for row in table["rows"]
                 if row.get("n", 0) is None and key in ("n", "n_distinct", "p50_ci", "p50_real")
                 and not cell(row, key)}  # fmt: skip
        assert blank and "The BLS OEWS rows are published estimates of no records" in said
        assert all(f'"{label}"' in said for label in blank), (table["caption"], blank)
        employment = any(key == "employment" for key, _ in columns(table))
        assert ("OEWS employment is the workers BLS estimates" in said) == employment
