"""H-1B LCA filings for data jobs, 2015-2019 (DOL, public domain): base salary only.

Worksite is "CITY, ST"; every filing is for a US worksite. Wages are annual.
The file has no case status and its publisher did not filter by it, so its filings
are not said to be certified (``lca`` keeps DOL's certified filings alone).
The first, unnamed column is a pandas index left by whoever exported the
file: it numbers rows and says nothing about a filing, so identical filings
that differ only there are counted as copies.
"""

from paygrade.sources.base import RecordSource, project_columns

SOURCE = RecordSource(
    name="h1b",
    description="H-1B LCA filings for data jobs 2015-2019 (base salary; case status not given)",
    evidence="filing",
    licence="US government work (public domain)",
    filename="h1b-data-jobs-2015-2019.csv",
    required=("company", "title", "salary", "location", "year"),
    # The unnamed first column is the exporter's pandas index, not the filing's id.
    not_evidence=("column0",),
    project=project_columns(
        {
            "year": "year",
            "title": "title",
            "company": "company",
            "city": "trim(regexp_extract(location, '^(.*),\\s*([A-Za-z]{2})\\s*$', 1))",
            "state": "regexp_extract(location, ',\\s*([A-Za-z]{2})\\s*$', 1)",
            "country": "'US'",
            "pay_component": "'base'",
            "amount": "salary",
            "currency": "'USD'",
            "pay_period": "'year'",
        }
    ),
)
