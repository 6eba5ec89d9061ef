"""Stack Overflow Developer Survey 2023, respondents paid in USD (ODbL 1.0).

The survey asks for total annual compensation. It records no country in this
extract, and no job title: the developer type stands in for the title.
Several employment answers may be ticked; the first one is used.

A people manager (``ICorPM``) is a ``manager`` when the developer type is a job
of a tech role, as titles are read: a people manager who answered "Project
manager", "Educator" or "Designer" manages no engineering or data team and stays
``other``, as those titles do (docs/methodology.md). A respondent who gave no
developer type is ``other``: no job was named.
"""

from paygrade.normalize.titles import classify_title
from paygrade.sources.base import RecordSource, project_columns

# The survey's answers to DevType (2023 questionnaire; the file's blank is our own).
DEVELOPER_TYPES = (
    "Academic researcher", "Blockchain", "Cloud infrastructure engineer",
    "Data or business analyst", "Data scientist or machine learning specialist",
    "Database administrator", "Designer", "DevOps specialist", "Developer Advocate",
    "Developer Experience", "Developer, QA or test", "Developer, back-end",
    "Developer, desktop or enterprise applications", "Developer, embedded applications or devices",
    "Developer, front-end", "Developer, full-stack", "Developer, game or graphics",
    "Developer, mobile", "Educator", "Engineer, data", "Engineer, site reliability",
    "Engineering manager", "Hardware Engineer", "Marketing or sales professional",
    "Other (please specify):", "Product manager", "Project manager",
    "Research & Development role", "Scientist", "Security professional",
    "Senior Executive (C-Suite, VP, etc.)", "Student", "System administrator",
    "Unspecified developer type",
)  # fmt: skip
UNSPECIFIED = "Unspecified developer type"
TITLE = f"coalesce(DevType, '{UNSPECIFIED}')"
# The answers whose people managers manage a tech or data team. No answer names no job:
# its title is our own, and the title rules had read it as a software engineer's.
MANAGED = tuple(
    t for t in DEVELOPER_TYPES if t != UNSPECIFIED and classify_title(t).role != "other"
)
QUOTED = ["'" + t.replace("'", "''") + "'" for t in MANAGED]

SOURCE = RecordSource(
    name="so_survey",
    description="Stack Overflow Developer Survey 2023, paid in USD (total compensation)",
    evidence="survey",
    licence="ODbL 1.0 (attribute Stack Overflow)",
    filename="so-survey-2023-usd.csv",
    required=("DevType", "Salary", "WorkExp", "YearsCodePro", "EdLevel", "OrgSize"),
    project=project_columns(
        {
            "year": "'2023'",
            "title": TITLE,
            "role": (
                "CASE WHEN DevType IS NULL THEN 'other' "
                f"WHEN ICorPM = 'People manager' AND {TITLE} IN "
                f"({', '.join(QUOTED)}) THEN 'manager' END"
            ),
            "years_experience": "coalesce(WorkExp, YearsCodePro)",
            "company_size": "OrgSize",
            "industry": "Industry",
            "education": "EdLevel",
            "remote": "RemoteWork",
            "employment_type": "split_part(Employment, ';', 1)",
            "pay_component": "'total'",
            "amount": "Salary",
            "currency": "'USD'",
            "pay_period": "'year'",
        }
    ),
)
