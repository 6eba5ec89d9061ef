"""H-1B LCA filings of FY2013 Q3, all occupations (DOL, public domain); latin-1 encoded.

The file has no date column: FY2013 Q3 is April-June 2013, so year = 2013.
"""

from __future__ import annotations

from paygrade.sources.base import RecordSource, project_columns

SOURCE = RecordSource(
    name="h1b_2013",
    description="H-1B LCA filings FY2013 Q3, all occupations (base salary)",
    evidence="filing",
    licence="US government work (public domain)",
    filename="h1b-lca-fy2013q3.csv",
    required=("Employer", "JobTitle", "Wage", "City", "State"),
    # Detection guesses cp1250 from the few non-ASCII bytes, turning "KJÆR" into
    # "KJĆR"; the publisher's encoding is known.
    encoding="latin-1",
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
