"""Title rules: every rule row pinned by its example, real titles, and properties."""

from __future__ import annotations

import csv
import doctest
import re
import unicodedata
from importlib import resources
from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from paygrade.ingest import ingest_file
from paygrade.normalize import titles
from paygrade.normalize.company_levels import company_levels, employer_grade
from paygrade.normalize.titles import (
    LEVEL_RULES,
    ROLE_RULES,
    SPECIALIZATION_RULES,
    TITLE_CONTEXTS,
    Rule,
    TitleInfo,
    classify_title,
    clean_title,
    core_key,
    first_match,
    load_rules,
    match_key,
)
from paygrade.records import LEVELS, ROLES, SPECIALIZATIONS
from paygrade.sources import REGISTRY, RecordSource
from paygrade.sources.so_survey import UNSPECIFIED
from paygrade.store import Store

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
    context = rule.context or "general"
    assert first_match(ROLE_RULES, match_key(rule.example), context) is rule
    assert classify_title(rule.example, context).role == rule.value


@pytest.mark.parametrize("rule", [r for r in ROLE_RULES if r.context], ids=lambda r: r.example)
def test_each_context_row_applies_only_in_its_context(rule: Rule) -> None:
    assert first_match(ROLE_RULES, match_key(rule.example), "general") is not rule
    assert classify_title(rule.example).role == "other"


def test_rule_tables_use_only_known_contexts_and_scopes() -> None:
    assert {row["context"] for row in table_rows("title_roles.csv")} <= {"", *TITLE_CONTEXTS}
    assert {row["scope"] for row in table_rows("title_levels.csv")} == {"any", "tech"}


@pytest.mark.parametrize("rule", _word_rows(LEVEL_RULES), ids=lambda r: r.example)
def test_each_level_word_row_is_first_to_match_its_example(rule: Rule) -> None:
    assert first_match(LEVEL_RULES, match_key(rule.example)) is rule
    assert classify_title(rule.example).role != "other"  # so a tech-scoped word counts
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
    # A manager's band is no step of the engineers' ladder (Apple's "MGR 1" had been entry).
    ("DATA ENGINEERING MANAGER III", "manager", None),
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
    ("CHIEF FINANCIAL OFFICER", "other", None),
    ("CHIEF EXECUTIVE OFFICER", "other", None),  # of a firm of any kind: see CONTEXT
    ("PRESIDENT AND CEO", "other", None),
    ("CHIEF TECHNOLOGY OFFICER", "manager", "executive"),
    ("CHIEF EXECUTIVE OFFICER & CHIEF TECHNOLOGY OFFICER", "manager", "executive"),
    ("CHIEF INFORMATION OFFICER", "manager", "executive"),
    ("MANAGER", "other", None),
    ("SENIOR MANAGER", "other", "senior"),
    ("VICE PRESIDENT", "other", None),
    ("SENIOR VICE PRESIDENT", "other", None),
    ("DIRECTOR", "other", None),
    ("MANAGING DIRECTOR", "other", None),
    ("PRESIDENT", "other", None),
    ("ASSISTANT VICE PRESIDENT", "other", None),
    ("GENERAL MANAGER", "other", None),
    ("ENGINEERING MANAGER", "manager", None),
    ("COMPUTER AND INFORMATION SYSTEMS MANAGER", "manager", None),
    ("MANAGER, SOFTWARE ENGINEERING", "manager", None),
    ("SYSTEMS MANAGER - II", "manager", None),
    # A project manager written "Mgr" is one too, not a manager of engineering.
    ("ENGINEERING PROJECT MGR", "other", None),
    ("SOFTWARE DEVELOP MANAGER 1", "manager", None),
    ("DIRECTOR OF NURSING", "other", None),
    ("IT HUMAN RESOURCES MANAGER", "other", None),
    ("SENIOR FINANCE MANAGER, IT", "other", "senior"),
    ("MANAGER, CLINICAL RESEARCH", "other", None),
    ("SENIOR MANAGER, MARKET RESEARCH", "other", "senior"),
    ("CLINICAL RESEARCH SCIENTIST", "research_scientist", None),
    ("JR. ART DIRECTOR", "other", "entry"),
    ("PROGRAMMER ANALYST", "software_engineer", None),
    ("SOFTWARE ENGINEER", "software_engineer", None),
    ("TEAM LEADER", "other", None),
    ("PRINCIPAL", "other", None),
    ("ASSISTANT PRINCIPAL", "other", None),
    ("STAFF ASSISTANT", "other", None),
    ("LEAD CONSULTANT", "other", None),
    ("TECHNICAL LEAD", "software_engineer", "senior"),
    ("MOBILE TECHNICAL LEAD", "software_engineer", "senior"),
    # misspelled, as filed
    ("MACHINE LEARNING ENINGEER", "ml_engineer", None),
    ("MACHINE LEARNING ENGINGEER", "ml_engineer", None),
    ("MACHINE LEARNING SOFWARE ENGINEER", "ml_engineer", None),
    ("DATA ANALYTICS ENGINER", "data_engineer", None),
    ("DATA SCIENCE ANALYSYT", "data_analyst", None),
    ("ENNGINEERING MANAGER", "manager", None),
    ("TECHNOLOCY MANAGER", "manager", None),
    ("MACHINE LEARNING EXPERT", "ml_engineer", None),
    # the ML field after the engineering word
    ("Software Engineer, Machine Learning", "ml_engineer", None),
    ("Engineer, Machine Learning", "ml_engineer", None),
    ("Engineer II, Machine Learning", "ml_engineer", "mid"),
    ("Staff Software Engineer - ML", "ml_engineer", "staff"),
    ("Software Engineer (Deep Learning)", "ml_engineer", None),
    ("Data Engineer, Machine Learning", "data_engineer", None),
    ("Research Engineer, Machine Learning", "research_scientist", None),
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
    ("Manager", "manager", None),  # a bare manager in a survey of AI and data jobs
    ("Director", "manager", "executive"),
    ("Head of Data", "manager", "executive"),
    ("Head of AI", "manager", "executive"),
    ("Director of Machine Learning", "manager", "executive"),
    ("Engineering Manager", "manager", None),
    ("Data Analytics Manager", "manager", None),
    ("Product Manager", "other", None),
    ("AI Product Manager", "other", None),
    ("Engineer", "other", None),
    ("Analyst", "other", None),
    ("Associate", "other", None),
    ("Principal Consultant", "other", None),
    ("Principal Statistical Programmer", "other", None),
    ("Technical Lead", "software_engineer", "senior"),
    ("Tech Lead", "software_engineer", "senior"),
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


@pytest.mark.parametrize(("title", "role", "level"), H1B + STACK_OVERFLOW)
def test_real_titles(title: str, role: str, level: str | None) -> None:
    info = classify_title(title)
    assert (info.role, info.level) == (role, level)


@pytest.mark.parametrize(("title", "role", "level"), SURVEY)
def test_real_survey_titles_in_its_tech_context(title: str, role: str, level: str | None) -> None:
    info = classify_title(title, "tech")
    assert (info.role, info.level) == (role, level)


# Bare management titles name no function: a tech source's are managers, others' are other.
CONTEXT = [
    ("MANAGER", ("other", None), ("manager", None)),
    ("Senior Manager", ("other", "senior"), ("manager", "senior")),
    ("DIRECTOR", ("other", None), ("manager", "executive")),
    ("VICE PRESIDENT", ("other", None), ("manager", "executive")),
    ("Head", ("other", None), ("manager", "executive")),
    ("PRESIDENT", ("other", None), ("manager", "executive")),
    ("EXECUTIVE DIRECTOR", ("other", None), ("manager", "executive")),
    ("CEO", ("other", None), ("manager", "executive")),
    ("CHIEF EXECUTIVE OFFICER", ("other", None), ("manager", "executive")),
    ("CHIEF FINANCIAL OFFICER", ("other", None), ("other", None)),
    ("PARTNER", ("other", None), ("other", None)),
    ("Chief Data Officer", ("manager", "executive"), ("manager", "executive")),
    ("Engineering Manager", ("manager", None), ("manager", None)),
    ("Product Manager", ("other", None), ("other", None)),
    # A data manager keeps data, no team (aijobs' 607 had been managers; DOL's SOC for a
    # Clinical Data Manager is 15-2051.02), while a manager of data science runs one.
    ("Data Manager", ("other", None), ("other", None)),
    ("Clinical Data Manager", ("other", None), ("other", None)),
    ("Data Science Manager", ("manager", None), ("manager", None)),
]


@pytest.mark.parametrize(("title", "general", "tech"), CONTEXT)
def test_bare_management_titles_depend_on_the_source_context(
    title: str, general: tuple[str, str | None], tech: tuple[str, str | None]
) -> None:
    for context, expected in (("general", general), ("tech", tech)):
        info = classify_title(title, context)
        assert (info.role, info.level) == expected, context


def test_an_unknown_context_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown title context 'finance'"):
        classify_title("Manager", "finance")


def test_every_record_source_declares_a_known_context() -> None:
    contexts = {s.name: s.title_context for s in REGISTRY.values() if isinstance(s, RecordSource)}
    assert set(contexts.values()) <= set(TITLE_CONTEXTS)
    assert contexts["aijobs"] == "tech"
    assert contexts["h1b_2013"] == contexts["lca"] == contexts["csv"] == "general"
    assert contexts["h1b_2024"] == "general"  # every occupation, like h1b_2013


# Level words of scope "tech" count only in a title of a tech role.
@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("PRINCIPAL", None),  # of a school
        ("Principal Consultant", None),
        ("Senior Principal Consultant", None),  # the first level word decides
        ("STAFF ASSISTANT", None),
        ("Staff Accountant", None),
        ("Associate Attorney", None),
        ("Associate Professor", None),
        ("Lead Teacher", None),
        ("Director of Nursing", None),
        ("Senior Accountant", "senior"),  # scope "any"
        ("Junior Accountant", "entry"),
        ("Accounting Intern", "entry"),
        ("Accountant II", "mid"),  # grades count in any job
        ("Principal Data Scientist", "principal"),
        ("Staff Software Engineer", "staff"),
        ("Associate Data Engineer", "entry"),
        ("Lead Data Analyst", "senior"),
        ("VP, Data Science", "executive"),
    ],
)
def test_level_words_count_only_in_tech_titles(title: str, level: str | None) -> None:
    assert classify_title(title).level == level


@pytest.mark.parametrize(
    ("title", "occupation", "role", "level"),
    [  # 318 FY2024 Q1 filings of a bare engineer title, filed as software developers, were
        # other: their staff and principal levels lost.
        ("Staff Engineer", "15-1252", "software_engineer", "staff"),
        ("Senior Engineer", "15-1252.00", "software_engineer", "senior"),
        ("Engineer II", "15-1253", "software_engineer", "mid"),
        ("Vice President; Principal Engineer", "15-1252", "software_engineer", "principal"),
        ("Staff Engineer", "17-2141", "other", None),  # a mechanical engineer stays other
        ("Staff Engineer", None, "other", None),  # no occupation filed: the title alone
        ("Hardware Engineer", "15-1252", "other", None),  # names a job of its own
    ],
)
def test_a_bare_engineer_title_is_the_role_of_the_occupation_filed(
    title: str, occupation: str | None, role: str, level: str | None
) -> None:
    info = classify_title(title, occupation=occupation)
    assert (info.role, info.level) == (role, level)


@pytest.mark.parametrize(
    ("title", "role", "level"),
    [  # Titles of the FY2024 Q1 filings the rules had read without a level or role.
        ("Software Engineering SMTS", "software_engineer", "senior"),  # Salesforce, 77
        ("Software Engineering LMTS", "software_engineer", "staff"),  # 55, median 226,590
        ("Software Engineering PMTS", "software_engineer", "principal"),  # 19
        ("Applied Sciences", "research_scientist", None),  # Microsoft files its own so
        ("Research Sciences", "research_scientist", None),
        ("Technical Business Developer III", "other", "senior"),  # Amazon: not a developer
        ("Member of Technical Staff", "software_engineer", None),  # no level, as before
    ],
)
def test_grades_and_titles_of_particular_employers(
    title: str, role: str, level: str | None
) -> None:
    info = classify_title(title)
    assert (info.role, info.level) == (role, level)


@pytest.mark.parametrize(
    ("title", "role", "level"),
    [  # A bank's rank, a separator and a job: the job decides, the rank's level fills in.
        ("Vice President, Lead Software Engineer", "software_engineer", "senior"),
        ("Vice President; Software Engineer III", "software_engineer", "senior"),
        ("VP, Machine Learning Engineer", "ml_engineer", "senior"),
        ("Assistant Vice President, Data Engineer II", "data_engineer", "mid"),
        ("Vice President, Principal Developer", "software_engineer", "principal"),
        ("Vice President; Technology Manager", "manager", "senior"),
        ("Vice President, Sales Manager", "other", None),
        # JPMorgan's Associate, the grade above Analyst: 166 filings had been entry.
        ("Associate, Software Engineer III", "software_engineer", "senior"),
        ("Associate, Software Engineer", "software_engineer", "mid"),
        ("Associate Data Scientist", "data_scientist", "entry"),  # no rank: read whole
        ("Associate, SRE III", "software_engineer", "senior"),  # a job abbreviated (was entry)
        ("Vice President, SRE III", "software_engineer", "senior"),  # was executive
        # A manager of a function after the rank (39 filings had been executives).
        ("Vice President, Sr Manager of Software Engineering", "manager", "senior"),
        # A job, a dash and the function it serves (Bank of America: 12 had been managers,
        # 10 of them executives).
        ("Vice President; Feature Lead - Technology", "software_engineer", "senior"),
        ("Vice President; Analyst II - Tech Delivery", "other", "mid"),
        ("VP, Fraud Operations - Data Analyst Lead", "data_analyst", "senior"),
        # Read whole, as before: no separator, or a function rather than a job.
        ("Vice President of Engineering", "manager", "executive"),
        ("VP, Data Science", "manager", "executive"),
        ("Principal Associate, Data Science", "data_scientist", "senior"),  # Capital One
        # Cognizant's designation, job code and the occupation filed: 762 "Manager JC50"
        # filings had been people managers; the occupation is the job.
        ("Manager JC50 - Software Developers", "software_engineer", None),
        ("Manager JC50 - Computer Systems Engineers/Architects", "other", None),
        ("Sr. Mgr. JC45 - Database Architects", "data_engineer", None),  # was manager, senior
        ("Senior Associate JC60 - Software Developers", "software_engineer", "senior"),
        ("SA JC60 - Software Quality Assurance Analysts & Testers", "software_engineer", "senior"),
        ("Associate II JC65 - Software Developers", "software_engineer", "mid"),
        ("Manager - Software Developers", "manager", None),  # no job code: read whole
    ],
)
def test_a_rank_before_a_job_is_a_rank(title: str, role: str, level: str | None) -> None:
    # JPMorgan's 302 "Vice President, ..." engineers were executive managers.
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
        ("Distinguished Software Engineer", "principal"),
        ("Technical Fellow, Software Engineering", "principal"),
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
def test_a_clean_title_holds_no_control_character(title: str) -> None:
    # A BEL or an escape sequence's ESC in a filed title reached CSV output and terminals.
    cleaned = clean_title(title)
    assert not any(unicodedata.category(c) == "Cc" for c in cleaned)
    assert cleaned.replace(" ", "") == "".join(
        c for c in title if unicodedata.category(c) != "Cc" and not c.isspace()
    )


@given(st.text())
def test_classify_title_ignores_whitespace_noise(title: str) -> None:
    assert classify_title(clean_title(title)) == classify_title(title)


@given(st.lists(st.sampled_from([r.example for r in ROLE_RULES]), min_size=1, max_size=3))
def test_joined_rule_examples_still_classify(parts: list[str]) -> None:
    assert classify_title(" / ".join(parts)).role in ROLES


def _first_row_by_row(rules: tuple[Rule, ...], key: str, context: str) -> Rule | None:
    """first_match as the tables define it: each row in order, its own pattern alone."""
    for rule in rules:
        if rule.kind == "word" and rule.context in ("", context) and rule.pattern.search(key):
            return rule
    return None


ALL_EXAMPLES = [r.example for r in (*ROLE_RULES, *LEVEL_RULES, *SPECIALIZATION_RULES)]


@given(
    st.lists(st.sampled_from(ALL_EXAMPLES), min_size=1, max_size=3),
    st.sampled_from(TITLE_CONTEXTS),
)
def test_combined_pattern_picks_the_row_a_row_by_row_search_picks(
    parts: list[str], context: str
) -> None:
    # Several rows match a joined title at different places: the table's order decides.
    key = match_key(" ".join(parts))
    for rules in (ROLE_RULES, LEVEL_RULES, SPECIALIZATION_RULES):
        assert first_match(rules, key, context) is _first_row_by_row(rules, key, context)


def test_a_rule_with_a_capturing_group_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    row = {"role": "other", "pattern": "(sales) manager", "example": "Sales Manager"}
    monkeypatch.setattr(titles, "read_rules", lambda _name: [row])
    with pytest.raises(ValueError, match=r"captures; write \(\?:\.\.\.\)"):
        load_rules("title_roles.csv", "role", ROLES)


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


# -- through an ingest: the level precedence and the source's context ----------


def ingest_rows(store: Store, tmp_path: Path, source: str, header: str, rows: list[str]) -> list:
    """Ingest hand-written rows of ``source``'s format; (role, level) of each record, in order."""
    path = tmp_path / f"fixture-levels-{source}.csv"
    path.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = ingest_file(store, source, path)
    assert (result.rows_accepted, result.rows_rejected) == (len(rows), 0)
    return store.con.execute(
        "SELECT role, level FROM records WHERE source = ? ORDER BY source_row", [source]
    ).fetchall()


# (level given by the source, title, years of experience, the record's level)
PRECEDENCE = [
    ("senior", "Principal Machine Learning Engineer", "", "principal"),  # the title refines
    ("senior", "Staff Data Scientist", "", "staff"),
    ("senior", "Senior Staff Software Engineer", "", "staff"),
    ("senior", "Data Scientist", "", "senior"),
    ("mid", "Principal Data Scientist", "", "mid"),  # inconsistent: the source wins
    ("entry", "Staff Data Engineer", "", "entry"),
    ("senior", "Lead Data Scientist", "", "senior"),
    ("mid", "Senior Data Engineer", "", "mid"),
    ("executive", "Principal Data Scientist", "", "executive"),
    ("executive", "Head of Data", "", "executive"),
    ("senior", "Head of Data", "", "senior"),  # a title's executive never replaces the code
    ("senior", "Principal", "", "senior"),  # a school's principal: no level from the title
    ("senior", "Staff Assistant", "", "senior"),
    ("", "Staff Data Scientist", "1", "staff"),  # no source level: the title's, then years
    ("", "Principal", "12", "senior"),
    ("", "Data Scientist", "3", "mid"),
    ("", "Data Scientist", "", None),
]


def test_level_precedence_through_a_canonical_csv_ingest(store: Store, tmp_path: Path) -> None:
    rows = [f'2024,"{title}",{level},{years},base,100000' for level, title, years, _ in PRECEDENCE]
    header = "year,title,level,years_experience,pay_component,amount_usd"
    got = ingest_rows(store, tmp_path, "csv", header, rows)
    assert [level for _, level in got] == [expected for *_, expected in PRECEDENCE]


def test_a_title_in_a_spreadsheet_text_formula_is_stored_as_its_text(
    store: Store, tmp_path: Path
) -> None:
    # Two H-1B filings' titles were stored and shown as '="Corporate Steel Analyst (...)"'.
    title = '="Senior Machine Learning Engineer ("ML")"'
    cell = '"' + title.replace('"', '""') + '"'  # as a CSV writer quotes it
    header = "year,title,pay_component,amount_usd"
    assert ingest_rows(store, tmp_path, "csv", header, [f"2024,{cell},base,100000"]) == [
        ("ml_engineer", "senior")
    ]
    stored = store.scalar("SELECT title FROM records WHERE source = 'csv'")
    assert stored == 'Senior Machine Learning Engineer ("ML")'


AIJOBS_HEADER = (
    "work_year,experience_level,employment_type,job_title,salary,salary_currency,"
    "salary_in_usd,employee_residence,remote_ratio,company_location,company_size"
)
# (aijobs experience code, title, the record's role and level)
AIJOBS_ROWS = [
    ("SE", "Principal Machine Learning Engineer", ("ml_engineer", "principal")),
    ("SE", "Staff Data Scientist", ("data_scientist", "staff")),
    ("MI", "Principal Data Scientist", ("data_scientist", "mid")),
    ("EX", "Principal Data Scientist", ("data_scientist", "executive")),
    ("EX", "Head of Data", ("manager", "executive")),
    ("SE", "Manager", ("manager", "senior")),  # a tech source: a bare manager manages data
    ("EX", "Director", ("manager", "executive")),
    ("SE", "Principal Consultant", ("other", "senior")),  # other: the title's word does not count
    ("SE", "Principal Statistical Programmer", ("other", "senior")),
    ("SE", "Product Manager", ("other", "senior")),
    ("MI", "Software Engineer, Machine Learning", ("ml_engineer", "mid")),
]


def test_aijobs_rows_read_bare_managers_as_data_managers_and_refine_se(
    store: Store, tmp_path: Path
) -> None:
    rows = [
        f'2024,{code},FT,"{title}",150000,USD,150000,US,0,US,M' for code, title, _ in AIJOBS_ROWS
    ]
    got = ingest_rows(store, tmp_path, "aijobs", AIJOBS_HEADER, rows)
    assert got == [expected for *_, expected in AIJOBS_ROWS]


def test_the_same_bare_titles_in_a_general_source_are_other(store: Store, tmp_path: Path) -> None:
    titles = ["Manager", "Director", "VICE PRESIDENT", "CEO", "Chief Technology Officer"]
    rows = [f'2024,"{title}",senior,base,100000' for title in titles]
    got = ingest_rows(store, tmp_path, "csv", "year,title,level,pay_component,amount_usd", rows)
    assert [role for role, _ in got] == ["other", "other", "other", "other", "manager"]


# -- the real store ------------------------------------------------------------

CONTEXTS = {s.name: s.title_context for s in REGISTRY.values() if isinstance(s, RecordSource)}
# A record's occupation as its file named it (the filings' SOC code; NULL elsewhere).
FILED_OCCUPATION = "w.payload->>'SOC_CODE'"
WITH_RAW = "LEFT JOIN raw_rows w ON w.ingest_id = r.ingest_id AND w.source_row = r.source_row"


def test_real_store_no_other_record_has_a_title_level_out_of_scope(real_store: Store) -> None:
    def count(where: str) -> int:
        return int(
            real_store.scalar(f"SELECT count(*) FROM records WHERE role = 'other' AND {where}")
        )

    assert count("level IN ('staff', 'principal')") == 0
    # Where the level can only come from the title (the filings): no executive rank either.
    assert count("level = 'executive' AND source IN ('h1b', 'h1b_2013')") == 0
    any_scope = {rule.value for rule in LEVEL_RULES if rule.scope == "any"}
    assert any_scope == {"entry", "mid", "senior"}
    others = real_store.con.execute(
        f"SELECT DISTINCT source, title, {FILED_OCCUPATION} FROM records r {WITH_RAW}"
        " WHERE role = 'other'"
    ).fetchall()
    assert len(others) > 1_000
    for source, title, occupation in others:
        if (source, title) == ("so_survey", UNSPECIFIED):
            continue  # no job named: the title is the source's stand-in, the role its own
        info = classify_title(title, CONTEXTS[source], occupation)
        assert info.role == "other"
        assert info.level is None or info.level in any_scope, title


# Staff and principal rows per source. Before the scoped level words and the
# refinement: aijobs 0 and 0, h1b 4 and 2, h1b_2013 14 and 95 (school principals,
# STAFF ASSISTANTs), so_survey 0 and 0.
STAFF_PRINCIPAL = {
    "aijobs": (3, 24),
    # 4 and 2 before Apple's grade ending a title was its ICT grade (MACHINE LEARNING ENG 5:
    # ICT5, staff; a bare grade 5 gives no level).
    "h1b": (5, 2),
    "h1b_2013": (2, 6),
    # 915 and 897 before the occupation rule (NIH's and universities' Staff Scientists are
    # other) and Capital One's Principal Associate (senior, not principal); 788 and 865
    # before a company ladder's level counted over the title's word (Amazon's Principal
    # SDE, L7, and Microsoft's Principal, 65, are staff: 33 filings); 821 and 832 before
    # Salesforce's and AMD's grades (LMTS staff, PMTS principal) were read; 901 and 857
    # before a bare "Staff Engineer" filed as a software developer was a software engineer;
    # 972 and 900 while a Principal Clinical Data Manager (3) was a manager; 972 while a
    # "Staff Data Tech Product Mgr" was (a product manager written "Mgr"); 971 and 897
    # before SW, QA and language engineers (Staff SW Engineer, Principal Engineer I - .Net)
    # were software engineers and a bare MTS or statistical programming was not; 992 and 913
    # before Fidelity's principal grades and Capital One's Principal Data Analyst were
    # senior, their employers' own grade after Senior (employer_grades.csv).
    "h1b_2024": (992, 716),
    "so_survey": (0, 0),
}


def test_real_store_staff_and_principal_rows_come_from_tech_titles(real_store: Store) -> None:
    counts = real_store.con.execute(
        """SELECT source, count(*) FILTER (WHERE level = 'staff'),
            count(*) FILTER (WHERE level = 'principal')
        FROM records GROUP BY source"""
    ).fetchall()
    assert {source: (staff, principal) for source, staff, principal in counts} == STAFF_PRINCIPAL
    rows = real_store.con.execute(
        f"""SELECT DISTINCT source, title, role, level, {FILED_OCCUPATION}, company,
            company_level FROM records r {WITH_RAW} WHERE level IN ('staff', 'principal')"""
    ).fetchall()
    # A title naming its company's ladder level has that ladder's level (Amazon's
    # "Principal Software Development Engineer" is L7: staff), else the title's own; none
    # is an employer's own grade (Fidelity's principal is its senior).
    ladders = {(c.company, c.company_level): c.level for c in company_levels()}
    for source, title, role, level, occupation, company, company_level in rows:
        assert role != "other"
        own = classify_title(title, CONTEXTS[source], occupation).level
        assert ladders.get((company, company_level), own) == level, title
        assert company_level or employer_grade(title, company) is None, title


def test_real_store_research_scientists_of_the_filings_are_computing_occupations(
    real_store: Store,
) -> None:
    # 2,951 of the 4,161 were life, physical, health or teaching occupations.
    filed = dict(
        real_store.con.execute(
            f"""SELECT {FILED_OCCUPATION} LIKE '15-%', count(*) FROM records r {WITH_RAW}
            WHERE source = 'h1b_2024' AND role = 'research_scientist' GROUP BY ALL"""
        ).fetchall()
    )
    # 656 before Microsoft's own "Applied Sciences" (63); 719 while a scientist of
    # statistical programming (SAS for clinical trials, 8) was a research scientist.
    assert filed == {True: 711}


# Words naming a tech or data function, written independently of the rule table.
FUNCTION_WORDS = re.compile(
    r"\b(?:data|analytics?|engineer\w*|software|machine learning|ai|ml|research|scien\w*|"
    r"sw|sys|"  # as filed: Apple's SW ENG SYS MGR 3
    r"technolog\w*|technical|tech|it|information|systems?|computer|platform|infrastructure|bi|"
    r"business intelligence|insights|devops|cloud|applications?|development|r and d|database|"
    r"modeling|statistics|cto|cio|cdo|chief (?:technology|technical|information|data|digital|"
    r"product|scientific|analytics))\b"
)
BARE_MANAGEMENT = re.compile(
    r"(?:senior |sr |associate |deputy |executive |managing |senior vice |executive vice |vice )?"
    r"(?:managers?|mgr|directors?|president|vp|svp|evp|head|ceo|chief executive(?: officer)?)"
    r"(?: (?:i|ii|iii|iv|v|[1-9]))?"
)


def test_real_store_fy2013_managers_all_manage_a_tech_or_data_function(real_store: Store) -> None:
    titles = real_store.con.execute(
        "SELECT title, count(*) FROM records WHERE source = 'h1b_2013' GROUP BY title"
    ).fetchall()
    managers = {
        t
        for (t,) in real_store.con.execute(
            "SELECT DISTINCT title FROM records WHERE source = 'h1b_2013' AND role = 'manager'"
        ).fetchall()
    }
    assert len(managers) > 500
    for title in managers:
        assert FUNCTION_WORDS.search(match_key(title)), title
    bare = {t: n for t, n in titles if BARE_MANAGEMENT.fullmatch(match_key(t))}
    assert sum(bare.values()) > 400  # MANAGER 133, CHIEF EXECUTIVE OFFICER 59, VICE PRESIDENT 36...
    assert not set(bare) & managers


def test_real_store_aijobs_bare_managers_are_managers(real_store: Store) -> None:
    roles = real_store.con.execute(
        "SELECT DISTINCT role FROM records WHERE source = 'aijobs' AND title = 'Manager'"
    ).fetchall()
    assert roles == [("manager",)]


@pytest.mark.parametrize(
    ("title", "core"),
    [("Senior Machine Learning Engineer", "machine learning engineer"),
     ("Sr. ML Engineer", "machine learning engineer"),
     ("MACHINE LEARNING ENGINEER II", "machine learning engineer"),
     ("Lead Data Scientist", "data scientist"),
     ("Staff SWE", "software engineer"),
     ("Principal NLP Eng", "natural language processing engineer"),
     ("Data Scientist", "data scientist")],
)  # fmt: skip
def test_the_core_of_a_title_sets_level_words_and_abbreviations_aside(
    title: str, core: str
) -> None:
    assert core_key(title) == core


def test_a_level_word_in_front_never_changes_the_core_of_a_real_title(
    real_store: Store,
) -> None:
    # Over every title of the surveys, not only the pinned ones.
    titles = [
        row[0]
        for row in real_store.con.execute(
            "SELECT DISTINCT title FROM records WHERE pay_component = 'total' AND title IS NOT NULL"
        ).fetchall()
    ]
    assert len(titles) > 100
    changed = [t for t in titles if core_key(f"Senior {t}") != core_key(t)]
    assert changed == []


# A designation and a job code before the occupation filed (Cognizant's "Manager JC50 -
# ..."), and a data manager bare but for level words: written independently of the rules.
GRADE_CODE = re.compile(r"\bJC ?\d+\s*-", re.I)
DATA_MANAGER = re.compile(
    r"^(?:(?:senior|sr\.?|lead|junior|associate|principal|clinical|research)\s+)*"
    r"data\s+manag(?:er|ers)(?:\s+(?:i{1,3}|iv|[1-4]))?$",
    re.I,
)


def test_real_store_managers_are_managers_by_their_words_and_levels(real_store: Store) -> None:
    # Over every filed title read as a manager (not only the pinned ones): no Cognizant
    # grade, no data manager, and a level only from a level word or a rank before the job,
    # never from a band numeral alone ("MGR 1" had been entry, above the "mid" ones).
    rows = real_store.con.execute(
        f"""SELECT DISTINCT source, title, level, {FILED_OCCUPATION}, company_level
        FROM records r {WITH_RAW}
        WHERE role = 'manager' AND source IN ('h1b', 'h1b_2013', 'h1b_2024')"""
    ).fetchall()
    assert len(rows) > 1_000
    words = tuple(_word_rows(LEVEL_RULES))
    for source, title, level, occupation, company_level in rows:
        assert not GRADE_CODE.search(title), title
        assert not DATA_MANAGER.match(clean_title(title)), title
        if level is None or company_level is not None:
            continue
        job = titles._ranked_job(clean_title(title))
        said = first_match(words, match_key(job[0] if job else clean_title(title)))
        assert said is not None or (job is not None and job[1] == level), (source, title, level)
        assert classify_title(title, CONTEXTS[source], occupation).level == level, title
