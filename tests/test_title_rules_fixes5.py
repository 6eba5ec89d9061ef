"""Title rules the data audit found wrong: specializations of other trades, a bank's rank
before a function, a feature lead, data visualization engineers (real titles as filed)."""

from __future__ import annotations

from pathlib import Path

import pytest

from paygrade.ingest import ingest_file
from paygrade.normalize.titles import classify_title
from paygrade.store import Store
from tests.test_h1b_2024 import filing, records, write_parquet


@pytest.mark.parametrize(
    ("title", "occupation", "specialization"),
    [  # Words other trades share name no ML field outside a tech role's title.
        ("Speech Language Pathologist", "29-1127", None),  # h1b_2024 rows 1243, 2484
        ("SPEECH LANGUAGE PATHOLOGIST", None, None),
        ("Speech Therapist", "29-1127", None),
        ("Network Voice Engineer", "15-1241", None),
        ("Audio Designer", "27-1024", None),
        ("Director of Low Vision Services", "29-1122", None),
        ("Medical Imaging Scientist", "19-1042", None),
        ("Diagnostic Imaging/Radiology Resident", "29-1224", None),
        ("Director of Pediatric Robotic & Minimally Invasive Surgery", "29-1248", None),
        ("North America Energy Autonomy Project Lead", "11-9199", None),
        ("Bear Robotics", None, None),
        # Robotic process automation is software, not robots.
        ("Lead Robotic Process Automation Engineer", "15-1252", None),
        ("Software Architect - Robotic Process Automation", "15-1252", None),
        # Tech roles keep them, and so do robotics engineers of any role.
        ("Data Scientist, Speech and Language", "15-2051", "speech"),
        ("Applied Scientist, Audio Algorithms", "15-1221", "speech"),
        ("Speech Recognition Scientist", None, "speech"),
        ("Perception Software Engineer", "15-1252", "computer_vision"),
        ("Computer Vision Engineer", None, "computer_vision"),
        ("Robotics Engineer", None, "robotics"),
        ("Robotics Engineer", "17-2199", "robotics"),
        ("SENIOR ROBOTICS ENGINEER", "17-2141", "robotics"),
        ("Robotics Controls Researcher", "17-2199", "robotics"),
        ("Sr. Engineer I, Integrated Robotics", "17-2141", "robotics"),
        ("Senior Engineer (Autonomy - Perception & Prediction)", "17-2199", "robotics"),
        ("Robotics Software Engineer", None, "robotics"),
        ("Sr. Software Engineer, Embedded, Autonomy", "15-1252", "robotics"),
    ],
)
def test_a_specialization_of_words_other_trades_share_needs_a_tech_job(
    title: str, occupation: str | None, specialization: str | None
) -> None:
    assert classify_title(title, occupation=occupation).specialization == specialization


@pytest.mark.parametrize(
    ("title", "occupation", "role", "level"),
    [  # JPMorgan's 52 "Vice President, Software Engineering" (15-1252) had been executive
        # managers, paid as its senior "Vice President, Lead Software Engineer"; its 30
        # "Associate, Software Engineering" entry, its "Associate, Software Engineer" mid.
        ("Vice President, Software Engineering", "15-1252", "software_engineer", "senior"),
        ("VICE PRESIDENT, SOFTWARE ENGINEERING", "15-1132", "software_engineer", "senior"),
        ("Associate, Software Engineering", "15-1252", "software_engineer", "mid"),
        ("Associate, Software Engineer", "15-1252", "software_engineer", "mid"),
        ("AVP, Software Development", "15-1252", "software_engineer", "senior"),
        ("Associate, Data Engineering", "15-1252", "data_engineer", "mid"),
        # Outside computing, or with no occupation filed, the title is read whole.
        ("Vice President, Software Engineering", "11-3021", "manager", "executive"),
        ("Vice President, Software Engineering", None, "manager", "executive"),
        # A function of no role we place, or no software function, is read whole too.
        ("Vice President, Infrastructure Engineering", "15-1252", "manager", "executive"),
        ("Vice President, Business Development", "15-1252", "other", None),
        ("VP, Data Science", "15-2041", "manager", "executive"),
    ],
)
def test_a_bank_rank_before_a_software_function_filed_in_computing_is_that_job(
    title: str, occupation: str | None, role: str, level: str | None
) -> None:
    info = classify_title(title, occupation=occupation)
    assert (info.role, info.level) == (role, level)


def test_an_ingested_rank_before_a_software_function_reads_its_occupation(
    store: Store, tmp_path: Path
) -> None:
    # Ingest reads each title without its occupation first: this one needs it.
    rows = [
        {**filing("JPMorgan Chase & Co.", "Vice President, Software Engineering", 156_100.0,
                  "Year", 156_100.0, 1), "SOC_CODE": "15-1252", "SOC_TITLE": "Software Developers"},
        {**filing("JPMorgan Chase & Co.", "Associate, Software Engineering", 126_750.0,
                  "Year", 126_750.0, 2), "SOC_CODE": "15-1252", "SOC_TITLE": "Software Developers"},
        {**filing("Example Corp", "Vice President, Software Engineering", 300_000.0, "Year",
                  300_000.0, 3), "SOC_CODE": "11-3021",
         "SOC_TITLE": "Computer and Information Systems Managers"},
    ]  # fmt: skip
    ingest_file(store, "h1b_2024", write_parquet(tmp_path / "fixture-ranks.parquet", rows))
    got = records(store)
    assert [(got[r]["role"], got[r]["level"]) for r in (1, 2, 3)] == [
        ("software_engineer", "senior"),
        ("software_engineer", "mid"),
        ("manager", "executive"),
    ]


@pytest.mark.parametrize(
    ("title", "occupation", "role", "level"),
    [  # Bank of America's 7 (row 24228 among them) had been other with no level.
        ("Vice President; Feature Lead - Technology", "15-1252", "software_engineer", "senior"),
        ("Vice President; Feature Lead - Technology", "15-1299.08", "software_engineer", "senior"),
        # aijobs' Data Visualization Engineers and Developers are paid as its analysts.
        ("Data Visualization Engineer", None, "data_analyst", None),
        ("Senior Data Visualization Developer", None, "data_analyst", "senior"),
        ("Data Visualisation Engineer", None, "data_analyst", None),
        ("Data Visualization Analyst", None, "data_analyst", None),
        ("Data Engineer", None, "data_engineer", None),
    ],
)
def test_feature_leads_and_data_visualization_engineers(
    title: str, occupation: str | None, role: str, level: str | None
) -> None:
    info = classify_title(title, occupation=occupation)
    assert (info.role, info.level) == (role, level)


@pytest.mark.parametrize(
    ("title", "occupation", "specialization"),
    [  # Reporting and insights are accountants', bankers' and marketers' words too: of
        # the 232 other records analytics had held, these (real titles as filed).
        ("Financial Reporting Accountant", None, None),
        ("Associate, Regulatory Reporting", None, None),
        ("Regulatory Reporting", None, None),
        ("Business Insights Specialist", None, None),
        ("Senior Consumer Insights and Market Strategy Analyst", None, None),
        ("MANAGER, VISUALIZATION", None, None),
        # An LLM outside a tech job is the law degree.
        ("ASSOCIATE DIRECTOR OF STUDENT SERVICES & LLMS", None, None),
        ("COORDINATOR - LLM PROGRAM AND INTERNATIONAL STUDEN", None, None),
        # Analytics and BI named as such keep it in any title; tech roles keep every word.
        ("Business Intelligence Analyst", None, "analytics"),
        ("Data Visualization Specialist", None, "analytics"),
        ("Director, Marketing Analytics", None, "analytics"),
        ("Data Analyst, Reporting", "15-2051", "analytics"),
        ("Data Scientist, Customer Insights", "15-2051", "analytics"),
        ("LLM Engineer", None, "generative_ai"),
        ("Senior LLM Research Scientist", "15-1221", "generative_ai"),
        ("Senior Large Language Model Engineer", None, "generative_ai"),
    ],
)
def test_reporting_insights_and_llm_name_a_field_only_in_a_tech_job(
    title: str, occupation: str | None, specialization: str | None
) -> None:
    assert classify_title(title, occupation=occupation).specialization == specialization


@pytest.mark.parametrize(
    ("title", "role", "level"),
    [  # A grade alone after a comma follows the word before the comma, as without it:
        # h1b_2024's "Academic Advisor, III" had been senior, "Academic Advisor III" none.
        ("Academic Advisor, III", "other", None),
        ("Academic Advisor III", "other", None),
        ("Software Development Engineering - Advisor, II", "software_engineer", None),
        ("SCIENTIST, II", "research_scientist", "mid"),  # no own-grade word: a grade
        ("Data Analyst, 2", "data_analyst", "mid"),
        # A clinical (SAS, data) programmer writes SAS for trials, as a statistical one does:
        # h1b_2024's 7 Clinical SAS Programmers had been software engineers.
        ("Senior Clinical SAS Programmer", "other", "senior"),
        ("Clinical SAS Programmer Analyst", "other", None),
        ("Clinical Data Programming Lead", "other", None),
        # A business systems analyst is other, as the store's 342 others are.
        ("MTS 1, Business Systems Analyst", "other", None),
    ],
)
def test_an_own_grade_across_a_comma_and_clinical_programmers(
    title: str, role: str, level: str | None
) -> None:
    info = classify_title(title)
    assert (info.role, info.level) == (role, level)
