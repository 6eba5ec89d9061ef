"""Title rules: every rule row pinned by its example, real titles, and properties."""

from __future__ import annotations

import csv
import doctest
from importlib import resources
from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from paygrade.normalize import titles
from paygrade.normalize.titles import (
    LEVEL_RULES,
    ROLE_RULES,
    SPECIALIZATION_RULES,
    Rule,
    TitleInfo,
    classify_title,
    clean_title,
    first_match,
    load_rules,
    match_key,
)
from paygrade.records import LEVELS, ROLES, SPECIALIZATIONS

TABLES = {
    "title_roles.csv": ("role", ROLES),
    "title_levels.csv": ("level", LEVELS),
    "title_specializations.csv": ("specialization", SPECIALIZATIONS),
}


def table_rows(filename: str) -> list[dict[str, str]]:
    text = (resources.files("paygrade.normalize") / "rules" / filename).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


# -- the rule tables ---------------------------------------------------------


@pytest.mark.parametrize("filename", sorted(TABLES))
def test_rule_tables_use_only_vocabulary_values(filename: str) -> None:
    column, vocabulary = TABLES[filename]
    rows = table_rows(filename)
    assert rows
    assert {row[column] for row in rows} <= set(vocabulary)
    assert all(row["example"] and row["pattern"] and row["note"] for row in rows)


def test_loading_refuses_a_value_outside_the_vocabulary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = [{"role": "wizard", "pattern": "magic", "example": "Magic", "note": ""}]
    monkeypatch.setattr(titles, "read_rules", lambda _name: bad)
    with pytest.raises(ValueError, match="wizard"):
        load_rules("bad.csv", "role", ROLES)


def _word_rows(rules: tuple[Rule, ...]) -> list[Rule]:
    return [rule for rule in rules if rule.kind == "word"]


@pytest.mark.parametrize("rule", ROLE_RULES, ids=lambda r: r.example)
def test_each_role_row_is_first_to_match_its_example(rule: Rule) -> None:
    assert first_match(ROLE_RULES, match_key(rule.example)) is rule
    assert classify_title(rule.example).role == rule.value


@pytest.mark.parametrize("rule", _word_rows(LEVEL_RULES), ids=lambda r: r.example)
def test_each_level_word_row_is_first_to_match_its_example(rule: Rule) -> None:
    assert first_match(LEVEL_RULES, match_key(rule.example)) is rule
    assert classify_title(rule.example).level == rule.value


@pytest.mark.parametrize(
    "rule", [r for r in LEVEL_RULES if r.kind == "numeral"], ids=lambda r: r.example
)
def test_each_grade_row_decides_its_example(rule: Rule) -> None:
    assert first_match(LEVEL_RULES, match_key(rule.example)) is None  # no level word
    assert classify_title(rule.example).level == rule.value


@pytest.mark.parametrize("rule", SPECIALIZATION_RULES, ids=lambda r: r.example)
def test_each_specialization_row_is_first_to_match_its_example(rule: Rule) -> None:
    assert first_match(SPECIALIZATION_RULES, match_key(rule.example)) is rule
    assert classify_title(rule.example).specialization == rule.value


def test_every_role_but_other_has_a_rule() -> None:
    assert {rule.value for rule in ROLE_RULES} == set(ROLES)


# -- real titles, as filed ---------------------------------------------------

H1B = [
    ("DATA SCIENTIST", "data_scientist", None),
    ("SENIOR DATA SCIENTIST", "data_scientist", "senior"),
    ("DATA ANALYST 2", "data_analyst", "mid"),
    ("DATA ANALYST 3", "data_analyst", "senior"),
    ("DATA ANALYST 4", "data_analyst", "senior"),
    ("DATA ANALYST IV", "data_analyst", "senior"),
    ("APPLIED SCIENTIST II", "research_scientist", "mid"),
    ("APPLIED SCIENTIST I", "research_scientist", "entry"),
    ("APPLIED SCIENTIST III", "research_scientist", "senior"),
    ("SR. DATA ENGINEER", "data_engineer", "senior"),
    ("DATA ENGINEER II", "data_engineer", "mid"),
    ("RESEARCH SCIENTIST", "research_scientist", None),
    ("RESEARCH SCIENTIST I, BIOLOGY", "research_scientist", "entry"),
    ("MACHINE LEARNING ENGINEER", "ml_engineer", None),
    ("MACHINE LEARNING ENG 4", "ml_engineer", "senior"),
    ("MACHINE LEARNING SOFTWARE ENGINEER", "ml_engineer", None),
    ("MACHINE LEARNING RESEARCH ENGINEER", "research_scientist", None),
    ("MACHINE LEARNING RESEARCHER", "research_scientist", None),
    ("MACHINE LEARNING SCIENTIST II", "research_scientist", "mid"),
    ("MACHINE LEARNING DATA SCIENTIST", "data_scientist", None),
    ("DATA SCIENCE ENGINEER", "data_scientist", None),
    ("DATA SCIENCE ANALYST", "data_analyst", None),
    ("DATA SCIENCE SENIOR ANALYST", "data_analyst", "senior"),
    ("DATA SCIENCE MANAGER", "manager", None),
    ("DATA SCIENCE DIRECTOR", "manager", "executive"),
    ("DATA ENGINEERING MANAGER III", "manager", "senior"),
    ("DATA ANALYTICS ENGINEER", "data_engineer", None),
    ("DATA ANALYTICS SENIOR ASSOCIATE", "data_analyst", "senior"),
    ("DATA ANALYTICS ASSOCIATE", "data_analyst", "entry"),
    ("DATA ANALYST DATA SCIENTIST", "data_scientist", None),
    ("DATA ANALYTICS SCIENTIST", "data_scientist", None),
    ("DATA ENGINEER ANALYST", "data_engineer", None),
    ("DATA ANALYST MODELER", "data_analyst", None),
    ("DATA SCIENTIST - INTERMEDIATE", "data_scientist", "mid"),
    ("DATA SCIENTIST - II", "data_scientist", "mid"),
    ("DATA SCIENCE FELLOW", "data_scientist", None),
    ("DATA SCIENCE PROJECT MANAGER", "other", None),
    ("RESEARCH SCIENTIST MANAGER", "manager", None),
    ("DATA ENGINEERING ASSOCIATE MANAGER", "manager", None),
    ("MACHINE LEARNING ENGINEER 5", "ml_engineer", None),
    # FY2013 LCA: all occupations
    ("PROJECT MANAGER", "other", None),
    ("PROGRAM MANAGER 2", "other", "mid"),
    ("TECHNICAL PROGRAM MANAGER", "other", None),
    ("PRODUCT MANAGER", "other", None),
    ("MARKETING MANAGER", "other", None),
    ("RESTAURANT MANAGER", "other", None),
    ("BUSINESS DEVELOPMENT MANAGER", "other", None),
    ("TECHNICAL SALES MANAGER", "other", None),
    ("CHIEF FINANCIAL OFFICER", "other", "executive"),
    ("CHIEF EXECUTIVE OFFICER", "manager", "executive"),
    ("CHIEF TECHNOLOGY OFFICER", "manager", "executive"),
    ("MANAGER", "manager", None),
    ("SENIOR MANAGER", "manager", "senior"),
    ("VICE PRESIDENT", "manager", "executive"),
    ("ASSISTANT VICE PRESIDENT", "other", "senior"),
    ("ENGINEERING MANAGER", "manager", None),
    ("COMPUTER AND INFORMATION SYSTEMS MANAGER", "manager", None),
    ("MANAGER, SOFTWARE ENGINEERING", "manager", None),
    ("SYSTEMS MANAGER - II", "manager", "mid"),
    ("DIRECTOR OF NURSING", "other", "executive"),
    ("JR. ART DIRECTOR", "other", "entry"),
    ("PROGRAMMER ANALYST", "software_engineer", None),
    ("SOFTWARE ENGINEER", "software_engineer", None),
    ("TEAM LEADER", "other", "senior"),
    ("PRINCIPAL", "other", "principal"),
]

SURVEY = [
    ("Machine Learning Engineer", "ml_engineer", None),
    ("ML Engineer", "ml_engineer", None),
    ("MLE", "ml_engineer", None),
    ("AI Engineer", "ml_engineer", None),
    ("Deep Learning Engineer", "ml_engineer", None),
    ("MLOps Engineer", "ml_engineer", None),
    ("NLP Engineer", "ml_engineer", None),
    ("Computer Vision Engineer", "ml_engineer", None),
    ("Applied Machine Learning Engineer", "ml_engineer", None),
    ("Machine Learning Infrastructure Engineer", "ml_engineer", None),
    ("Prompt Engineer", "ml_engineer", None),
    ("AI Architect", "ml_engineer", None),
    ("Lead Machine Learning Engineer", "ml_engineer", "senior"),
    ("Staff Machine Learning Engineer", "ml_engineer", "staff"),
    ("Principal Machine Learning Engineer", "ml_engineer", "principal"),
    ("Research Scientist", "research_scientist", None),
    ("Applied Scientist", "research_scientist", None),
    ("Research Engineer", "research_scientist", None),
    ("AI Research Scientist", "research_scientist", None),
    ("Machine Learning Researcher", "research_scientist", None),
    ("Applied Machine Learning Scientist", "research_scientist", None),
    ("Postdoctoral Fellow", "research_scientist", "entry"),
    ("Data Scientist", "data_scientist", None),
    ("Decision Scientist", "data_scientist", None),
    ("Statistician", "data_scientist", None),
    ("Staff Data Scientist", "data_scientist", "staff"),
    ("Data Engineer", "data_engineer", None),
    ("Analytics Engineer", "data_engineer", None),
    ("Data Architect", "data_engineer", None),
    ("ETL Developer", "data_engineer", None),
    ("AI Data Engineer", "data_engineer", None),
    ("Data Platform Engineer", "data_engineer", None),
    ("Data Analyst", "data_analyst", None),
    ("BI Analyst", "data_analyst", None),
    ("Business Intelligence Engineer", "data_analyst", None),
    ("Business Intelligence Developer", "data_analyst", None),
    ("Power BI Developer", "data_analyst", None),
    ("Business Analyst", "data_analyst", None),
    ("Product Analyst", "data_analyst", None),
    ("Software Engineer", "software_engineer", None),
    ("Software Development Engineer", "software_engineer", None),
    ("SDE II", "software_engineer", "mid"),
    ("Developer", "software_engineer", None),
    ("DevOps Engineer", "software_engineer", None),
    ("Site Reliability Engineer", "software_engineer", None),
    ("Platform Engineer", "software_engineer", None),
    ("Member of Technical Staff", "software_engineer", None),
    ("Senior Member of Technical Staff", "software_engineer", "senior"),
    ("Manager", "manager", None),
    ("Head of Data", "manager", "executive"),
    ("Head of AI", "manager", "executive"),
    ("Director of Machine Learning", "manager", "executive"),
    ("Engineering Manager", "manager", None),
    ("Data Analytics Manager", "manager", None),
    ("Product Manager", "other", None),
    ("AI Product Manager", "other", None),
    ("Engineer", "other", None),
    ("Analyst", "other", None),
    ("Associate", "other", "entry"),
    ("Solutions Architect", "other", None),
    ("Robotics Engineer", "other", None),
    ("Data Science Intern", "data_scientist", "entry"),
    ("Junior Data Analyst", "data_analyst", "entry"),
    ("Entry Level Data Analyst", "data_analyst", "entry"),
    ("New Grad Software Engineer", "software_engineer", "entry"),
    ("Data Entry Clerk", "other", None),
]

STACK_OVERFLOW = [
    ("Data scientist or machine learning specialist", "data_scientist", None),
    ("Engineer, data", "data_engineer", None),
    ("Developer, full-stack", "software_engineer", None),
    ("Developer, back-end", "software_engineer", None),
    ("Developer, QA or test", "software_engineer", None),
    ("Cloud infrastructure engineer", "software_engineer", None),
    ("DevOps specialist", "software_engineer", None),
    ("Engineer, site reliability", "software_engineer", None),
    ("Engineering manager", "manager", None),
    ("Senior Executive (C-Suite, VP, etc.)", "manager", "executive"),
    ("Data or business analyst", "data_analyst", None),
    ("Research & Development role", "research_scientist", None),
    ("Academic researcher", "research_scientist", None),
    ("Scientist", "research_scientist", None),
    ("Product manager", "other", None),
    ("Project manager", "other", None),
    ("Developer Advocate", "other", None),
    ("System administrator", "other", None),
    ("Other (please specify):", "other", None),
]


@pytest.mark.parametrize(("title", "role", "level"), H1B + SURVEY + STACK_OVERFLOW)
def test_real_titles(title: str, role: str, level: str | None) -> None:
    info = classify_title(title)
    assert (info.role, info.level) == (role, level)


@pytest.mark.parametrize(
    ("title", "specialization"),
    [
        ("Computer Vision Engineer", "computer_vision"),
        ("MACHINE LEARNING AND COMPUTER VISION ENGINEER", "computer_vision"),
        ("NLP Engineer", "nlp"),
        ("LLM Engineer", "generative_ai"),
        ("Generative AI Engineer", "generative_ai"),
        ("Prompt Engineer", "generative_ai"),
        ("MLOps Engineer", "mlops"),
        ("Machine Learning Platform Engineer", "mlops"),
        ("ML Infrastructure Engineer", "mlops"),
        ("Deep Learning Engineer", "deep_learning"),
        ("Deep Learning Computer Vision Engineer", "computer_vision"),
        ("Speech Recognition Scientist", "speech"),
        ("Reinforcement Learning Researcher", "reinforcement_learning"),
        ("Robotics Software Engineer", "robotics"),
        ("Recommendation Systems Engineer", "recommender_systems"),
        ("Personalization Data Scientist", "recommender_systems"),
        ("Business Intelligence Analyst", "analytics"),
        ("Analytics Engineer", "analytics"),
        ("Data Analyst", None),
        ("Machine Learning Engineer", None),
        ("SENIOR DATA SCIENTIST", None),
    ],
)
def test_specializations(title: str, specialization: str | None) -> None:
    assert classify_title(title).specialization == specialization


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Senior Principal Data Scientist", "principal"),
        ("Senior Staff Software Engineer", "staff"),
        ("Senior Director, Data Science", "executive"),
        ("Associate Director of Analytics", "executive"),
        ("Distinguished Engineer", "principal"),
        ("Technical Fellow", "principal"),
        ("Research Fellow", None),
        ("Data Scientist I/II", "entry"),
        ("Software Engineer II - Machine Learning", "mid"),
        ("Sr Data Scientist", "senior"),
        ("Sr.Data Scientist", "senior"),
        ("Mid-level Data Engineer", "mid"),
        ("Data Engineer", None),
        ("II", None),
        ("Level 3", "senior"),
    ],
)
def test_levels(title: str, level: str | None) -> None:
    assert classify_title(title).level == level


# -- cleaning and odd input ----------------------------------------------------


def test_clean_title_collapses_whitespace_and_keeps_case() -> None:
    assert clean_title("  Senior \t Data\nScientist  ") == "Senior Data Scientist"


@pytest.mark.parametrize(
    "title", ["", "   ", "\x00\x01\x1f", "x" * 10_000, "DATA " * 2_000, "é" * 5_000, "( ) / -"]
)
def test_odd_titles_classify_without_error(title: str) -> None:
    info = classify_title(title)
    assert info.role in ROLES


def test_classify_title_is_cached() -> None:
    assert classify_title("Data Scientist") is classify_title("Data Scientist")


def test_doctests_pass() -> None:
    assert doctest.testmod(titles).failed == 0


@given(st.text())
def test_classify_title_never_raises_and_stays_in_vocabulary(title: str) -> None:
    info = classify_title(title)
    assert isinstance(info, TitleInfo)
    assert info.role in ROLES
    assert info.level is None or info.level in LEVELS
    assert info.specialization is None or info.specialization in SPECIALIZATIONS


@given(st.text())
def test_clean_title_is_idempotent(title: str) -> None:
    assert clean_title(clean_title(title)) == clean_title(title)


@given(st.text())
def test_classify_title_ignores_whitespace_noise(title: str) -> None:
    assert classify_title(clean_title(title)) == classify_title(title)


@given(st.lists(st.sampled_from([r.example for r in ROLE_RULES]), min_size=1, max_size=3))
def test_joined_rule_examples_still_classify(parts: list[str]) -> None:
    assert classify_title(" / ".join(parts)).role in ROLES


# -- the real data: how much stays "other" -------------------------------------

REAL_TITLE_COLUMNS = [
    ("h1b-data-jobs-2015-2019.csv", "title", 0.01),
    ("aijobs-salaries-2025-01.csv", "job_title", 0.20),
    ("so-survey-2023-usd.csv", "DevType", 0.10),
]


@pytest.mark.parametrize(("filename", "column", "ceiling"), REAL_TITLE_COLUMNS)
def test_share_of_real_rows_left_other(
    data_dir: Path, filename: str, column: str, ceiling: float
) -> None:
    path = str(data_dir / filename).replace("'", "''")
    query = f"""SELECT "{column}", count(*) FROM read_csv('{path}') GROUP BY 1"""
    counts = duckdb.connect().execute(query).fetchall()
    total = sum(n for _, n in counts)
    other = sum(n for title, n in counts if classify_title(title or "").role == "other")
    assert other / total < ceiling
