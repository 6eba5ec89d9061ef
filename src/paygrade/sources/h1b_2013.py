"""H-1B LCA filings of FY2013 Q3, all occupations (DOL, public domain); latin-1 encoded.

The file has no date column: FY2013 Q3 is April-June 2013, so year = 2013.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from paygrade.sources.base import Con, RecordSource, project_columns
from paygrade.sources.reading import FileFacts, stage_csv


def stage_latin1(con: Con, facts: FileFacts, table: str, required: Sequence[str]) -> list[str]:
    """Stage the file as latin-1 unless it is UTF-8.

    Detection guesses cp1250 for this file's few non-ASCII bytes, which turns
    "BRÜEL & KJÆR" into "BRÜEL & KJĆR"; the publisher's encoding is known.
    """
    if facts.encoding != "utf-8":
        facts = dataclasses.replace(facts, encoding="latin-1")
    return stage_csv(con, facts, table, required)


SOURCE = RecordSource(
    name="h1b_2013",
    description="H-1B LCA filings FY2013 Q3, all occupations (base salary)",
    licence="US government work (public domain)",
    filename="h1b-lca-fy2013q3.csv",
    required=("Employer", "JobTitle", "Wage", "City", "State"),
    stage=stage_latin1,
    project=project_columns(
        {
            "year": "'2013'",
            "title": "JobTitle",
            "company": "Employer",
            "city": "City",
            "state": "State",
            "country": "'US'",
            "pay_component": "'base'",
            "amount": "Wage",
            "currency": "'USD'",
            "pay_period": "'year'",
        }
    ),
)
