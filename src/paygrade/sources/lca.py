"""DOL OFLC LCA disclosure files (the quarterly H-1B downloads), as CSV or XLSX.

Only certified filings are pay evidence (an LCA is an employer's attestation,
not a hire); other statuses are quarantined with the status as the reason, so
nothing a user gave disappears. Wages are base pay in the filing's unit.
"""

from __future__ import annotations

from collections.abc import Sequence

from paygrade.sources.base import RecordSource, project_columns
from paygrade.sources.workbook import stage_text_or_workbook

REQUIRED = (
    "CASE_STATUS",
    "EMPLOYER_NAME",
    "JOB_TITLE",
    "WORKSITE_CITY",
    "WORKSITE_STATE",
    "WAGE_RATE_OF_PAY_FROM",
    "WAGE_UNIT_OF_PAY",
)


def _project(columns: Sequence[str]) -> str:
    # The year the pay applies to: the employment start, else the decision, else receipt;
    # a blank or unreadable date falls through to the next. When none has a year, the first
    # date given is the year as read, so its reason shows it ("bad year: '01-OCT-24' is not
    # a whole number"): a date given but unreadable had been said as "missing year".
    dates = [c for c in ("BEGIN_DATE", "DECISION_DATE", "RECEIVED_DATE") if c in columns]
    # Four digits standing alone: an Excel date serial (42019) had given 2019.
    years = [
        f"nullif(regexp_extract({c}, '(^|[^0-9])((19|20)[0-9][0-9])([^0-9]|$)', 2), '')"
        for c in dates
    ]
    given = [f"nullif(trim({c}), '')" for c in dates]
    year = f"coalesce({', '.join(years + given)})" if years else "NULL"
    occupation = "SOC_CODE" if "SOC_CODE" in columns else "NULL"
    full_time = (
        "CASE upper(trim(FULL_TIME_POSITION)) WHEN 'Y' THEN 'full_time' "
        # Any other mark goes on as given, for the vocabulary to refuse with its reason:
        # "maybe" had become no employment type without a word.
        "WHEN 'N' THEN 'part_time' ELSE nullif(trim(FULL_TIME_POSITION), '') END"
        if "FULL_TIME_POSITION" in columns
        else "NULL"
    )
    return project_columns(
        {
            "year": year,
            "title": "JOB_TITLE",
            "company": "EMPLOYER_NAME",
            "city": "WORKSITE_CITY",
            "state": "WORKSITE_STATE",
            "country": "'US'",
            "employment_type": full_time,
            "pay_component": "'base'",
            "amount": "WAGE_RATE_OF_PAY_FROM",
            "currency": "'USD'",
            "pay_period": "WAGE_UNIT_OF_PAY",
            "occupation": occupation,
            "source_reason": (
                "CASE WHEN upper(trim(coalesce(CASE_STATUS, ''))) <> 'CERTIFIED' THEN "
                "'case status: ' || coalesce('\"' || CASE_STATUS || '\"', 'missing') || "
                "' is not pay evidence (only certified filings count)' END"
            ),
        }
    )(columns)


SOURCE = RecordSource(
    name="lca",
    description="DOL OFLC LCA disclosure file (H-1B), quarterly CSV or XLSX (base wage)",
    evidence="filing",
    licence="US government work (public domain)",
    filename=None,
    required=REQUIRED,
    project=_project,
    stage=stage_text_or_workbook,  # XLSX as DOL publishes it, or CSV
)
