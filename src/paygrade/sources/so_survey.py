"""Stack Overflow Developer Survey 2023, respondents paid in USD (ODbL 1.0).

The survey asks for total annual compensation. It records no country in this
extract, and no job title: the developer type stands in for the title.
Several employment answers may be ticked; the first one is used.
"""

from paygrade.sources.base import RecordSource, project_columns

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
            "title": "coalesce(DevType, 'Unspecified developer type')",
            "role": "CASE WHEN ICorPM = 'People manager' THEN 'manager' END",
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
