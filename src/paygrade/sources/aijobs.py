"""aijobs.net salary survey (CC0): one row per anonymous response, gross pay.

Duplicate policy: the file has no row ids and ~39k rows identical to another
row. Identical answers (same title, year, country, round salary) are common in
a survey, so every row is kept as an observation, as the publisher counts
them; ``records.dup_rank`` numbers the copies so a report can count distinct
rows instead (``stats(..., distinct_rows=True)``), and ``paygrade quality``
shows the share.
"""

from paygrade.sources.base import Con, RecordSource, project_columns


def derive_exchange_rates(con: Con, ingest_id: int) -> None:
    """Yearly USD rates implied by the file (salary vs salary_in_usd), for other imports.

    The publisher converts at one rate per currency and year (from 2024 round
    figures: 0.90 EUR per USD), so the median ratio
    per currency and year recovers that rate; rows of one currency-year agree to
    rounding. Read from the file's accepted records, as normalized: from its raw rows,
    a row with no currency was an internal error (its whole file refused), and one
    quarantined for its year (2024.5) set the rate of the year it rounded to.
    """
    con.execute("DELETE FROM fx_rates")
    con.execute(
        """INSERT INTO fx_rates
        SELECT ?, currency, year, median(amount_usd / amount), count(*)
        FROM records
        WHERE ingest_id = ? AND amount > 0 AND amount_usd > 0
          AND currency IS NOT NULL AND year IS NOT NULL
        GROUP BY ALL""",
        [ingest_id, ingest_id],
    )


SOURCE = RecordSource(
    name="aijobs",
    description="aijobs.net AI/ML/data salary survey, 2020-2025 (gross salary)",
    evidence="survey",
    licence="CC0 1.0",
    filename="aijobs-salaries*.csv",  # the mirror is -2025-01; a download has no date
    required=(
        "work_year",
        "experience_level",
        "employment_type",
        "job_title",
        "salary",
        "salary_currency",
        "salary_in_usd",
        "company_location",
    ),
    derive=derive_exchange_rates,
    # A weekly export of every answer to date: one file at a time is the survey.
    files="snapshot",
    # An AI/ML/data survey: a bare "Manager" or "Director" manages AI, ML or data work.
    title_context="tech",
    project=project_columns(
        {
            "year": "work_year",
            "title": "job_title",
            "country": "company_location",
            "level": "experience_level",
            "company_size": "company_size",
            "remote": "remote_ratio",
            "employment_type": "employment_type",
            "pay_component": "'total'",
            "amount": "salary",
            "currency": "salary_currency",
            "pay_period": "'year'",
            "amount_usd": "salary_in_usd",
        }
    ),
)
