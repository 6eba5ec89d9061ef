"""Salaries people submitted, once approved: self-reported, counted only in aggregates.

``paygrade submissions approve ID`` writes an approved submission as a small
file in this source's layout and ingests it like any other file, so the same
normalization, validation and quarantine apply. One submission is two rows:
``base`` (the base salary) and ``total`` (base + bonus + stock per year).

``submission_id`` and ``submitted_at`` tie the rows to the queue entry; they
make every file's hash its own (two people may report identical pay) and are
not evidence of the pay itself.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final

from paygrade.sources.base import RecordSource, project_columns

LICENCE: Final = "submitted by a user (shown only in aggregates)"
COLUMNS: Final = (
    "submission_id",
    "submitted_at",
    "year",
    "title",
    "company",
    "level",
    "years_experience",
    "metro",
    "city",
    "state",
    "country",
    "pay_component",
    "amount",
    "currency",
)


def write_rows(path: Path, rows: Iterable[Mapping[str, Any]]) -> Path:
    """Write rows (dicts keyed by ``COLUMNS``; missing keys blank) as this source's file.

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as tmp:
        ...     path = write_rows(Path(tmp) / "s.csv", [{"year": 2024, "amount": 1.5}])
        ...     path.read_text(encoding="utf-8").splitlines()[1]
        ',,2024,,,,,,,,,,1.5,'
    """
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS, restval="", extrasaction="raise")
        writer.writeheader()
        writer.writerows(rows)
    return path


SOURCE = RecordSource(
    name="submission",
    description="Salaries people submitted, counted once approved (paygrade submissions)",
    evidence="self-report",
    licence=LICENCE,
    filename=None,  # never mirrored: files are written by `paygrade submissions approve`
    required=COLUMNS,
    not_evidence=("submission_id", "submitted_at"),
    project=project_columns(
        {
            "year": "year",
            "title": "title",
            "company": "company",
            "level": "level",
            "years_experience": "years_experience",
            "metro": "metro",
            "city": "city",
            "state": "state",
            "country": "country",
            "pay_component": "pay_component",
            "amount": "amount",
            "currency": "currency",
            "pay_period": "'year'",
        }
    ),
)
