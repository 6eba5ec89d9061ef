"""Titles the FY2024 Q1 and FY2013 filings had read wrong (audit of the real store)."""

from __future__ import annotations

import re

import pytest

from paygrade.normalize.rule_tables import read_rules
from paygrade.normalize.titles import classify_title
from paygrade.store import Store


@pytest.mark.parametrize(
    ("title", "level"),
    [  # eBay's and PayPal's MTS 1 (117 filings) had been entry, MTS 2 (69) mid: eBay's
        # "entry" software engineers (median 179,542) stood above its senior ones (155,000).
        ("MTS 1, Software Engineer", None),
        ("MTS 2, SOFTWARE ENGINEER", None),
        ("DATA ENGINEER MTS 1", None),
        ("Software Engineer - MTS IV", None),
        # Fiserv's Advisor I and II are its own grades (33 filings had been entry or mid).
        ("Software Development Engineering - Advisor I", None),
        ("Software Development Engineer, Advisor II", None),
        # The generic grades still count, and so does a level word beside an own grade.
        ("Software Engineer II", "mid"),
        ("Data Analyst 1", "entry"),
        ("Software Development Engineering - Sr Advisor I", "senior"),
    ],
)
def test_a_grade_of_an_employers_own_ladder_gives_no_level(title: str, level: str | None) -> None:
    assert classify_title(title).level == level


@pytest.mark.parametrize("row", read_rules("title_own_grades.csv"), ids=lambda r: r["example"])
def test_each_own_grade_row_takes_the_level_from_its_example(row: dict[str, str]) -> None:
    assert classify_title(row["example"]).level is None
    # The same grade after another word is the generic grade again.
    plain = re.sub(rf"\b(?:{row['pattern']})\b", "Engineer", row["example"], flags=re.I)
    assert classify_title(plain).level is not None


@pytest.mark.parametrize(
    ("title", "occupation", "role"),
    [  # Managers filed under plainly non-computing occupations had been tech managers.
        ("Manager of Turfgrass Research", "19-1013", "other"),
        ("Research Lab Manager", "19-4021", "other"),
        ("Head HRBL, Global Research", "11-3121", "other"),
        ("IT Audit Manager", "13-2011", "other"),
        ("Engineering Manager", "17-2141", "other"),  # a mechanical engineers' manager
        ("Technical Manager", "17-2112", "other"),
        # Computing occupations, top executives and engineering managers keep them.
        ("Engineering Manager", "11-9041", "manager"),
        ("Manager III, Software Development", "11-3021", "manager"),
        ("Director, Software Engineering", "15-1252", "manager"),
        ("Chief Technology Officer", "11-1011", "manager"),
        ("Senior Manager, Research Science", "15-2041", "manager"),  # Amazon's
        ("Manager, Decision Sciences", "15-2031", "manager"),
        # No occupation filed (FY2013): research or science alone names no tech function.
        ("DENTAL SCIENCE MANAGER", None, "other"),
        ("RESEARCH MANAGER", None, "other"),
        ("Manager of Turfgrass Research", None, "other"),
        ("RESEARCH SCIENTIST MANAGER", None, "manager"),
        ("Director of Research & Development", None, "manager"),  # as R&D Director is
        ("R&D Director", None, "manager"),
    ],
)
def test_a_manager_manages_engineering_data_ml_or_software(
    title: str, occupation: str | None, role: str
) -> None:
    assert classify_title(title, occupation=occupation).role == role


def test_a_manager_filed_outside_computing_loses_tech_only_levels() -> None:
    assert classify_title("Director, Engineering", occupation="17-2141").level is None
    assert classify_title("Director, Engineering", occupation="11-9041").level == "executive"


def test_manager_occupations_are_reviewed_rows() -> None:
    rows = {row["role"]: row["soc_prefixes"] for row in read_rules("role_occupations.csv")}
    assert rows["manager"].split(";") == ["11-1", "11-3021", "11-9041", "15-"]


@pytest.mark.parametrize(
    ("title", "occupation", "role", "level"),
    [  # QA written out had been other while "QA Engineer" was a software engineer.
        ("Quality Assurance Engineer", None, "software_engineer", None),
        ("Quality Assurance Engineer II", "15-1253", "software_engineer", "mid"),
        ("QA Automation Engineer", None, "software_engineer", None),
        ("QA Test Engineer II", None, "software_engineer", "mid"),
        ("SQA Engineer", None, "software_engineer", None),
        ("QA Engineer", None, "software_engineer", None),
        ("Quality Engineer", "17-2112", "other", None),  # a factory's as often
        # SW is software; an engineer of a language or framework writes software.
        ("Staff SW Engineer", "15-1252", "software_engineer", "staff"),
        ("SW Engineer II", None, "software_engineer", "mid"),
        ("JAVA ENGINEER 2", "15-1299", "software_engineer", "mid"),
        ("Python Engineer", None, "software_engineer", None),
        ("React Native Engineer", None, "software_engineer", None),
        ("Principal Scala Engineer", None, "software_engineer", "principal"),
        ("Senior Engineer - .NET", "15-1252", "software_engineer", "senior"),
        ("Principal Engineer I - .Net", "15-1252", "software_engineer", "principal"),
        # A bare MTS is a grade: AMD's silicon designers are hardware engineers.
        ("MTS Silicon Design Engineer", "17-2072", "other", None),
        ("SMTS Silicon Design Engineer", "17-2072", "other", None),
        ("Member of Technical Staff", None, "software_engineer", None),
        # Statistical programming is SAS for clinical trials; programming alone is a
        # broadcaster's or bookstore's too.
        ("Manager, Statistical Programming", "15-2041", "other", None),
        ("Associate Director, Statistical Programming", "15-2051", "other", None),
        ("Principal Biostatistical Programmer", "15-2041", "other", None),
        ("Director of Programming", "25-4012", "other", None),
        ("Applications Programming Analyst", "15-1252", "software_engineer", None),
        ("LEADER, SYSTEMS PROGRAMMING", None, "software_engineer", "senior"),
    ],
)
def test_software_titles_as_filed(
    title: str, occupation: str | None, role: str, level: str | None
) -> None:
    info = classify_title(title, occupation=occupation)
    assert (info.role, info.level) == (role, level)


def test_real_store_filed_managers_are_of_computing_or_engineering_occupations(
    real_store: Store,
) -> None:
    # 455 of the 4,050 FY2024 Q1 managers had been filed in other occupations (17-, 13-,
    # 19-, other managers' 11-): an IT Audit Manager, a Manager of Turfgrass Research.
    filed = real_store.con.execute(
        """SELECT w.payload->>'SOC_CODE', count(*) FROM records r
        JOIN raw_rows w ON w.ingest_id = r.ingest_id AND w.source_row = r.source_row
        WHERE r.source = 'h1b_2024' AND r.role = 'manager' GROUP BY ALL"""
    ).fetchall()
    assert sum(n for _, n in filed) > 3_000
    held = ("11-1", "11-3021", "11-9041", "15-")
    assert [code for code, _ in filed if not code.strip().startswith(held)] == []
