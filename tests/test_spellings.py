"""Misspelled title words: every rule row pinned, real misspellings, real words left alone."""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from paygrade.normalize import spellings
from paygrade.normalize.rule_tables import read_rules
from paygrade.normalize.spellings import respell
from paygrade.normalize.titles import match_key

ROWS = read_rules("title_spellings.csv")
NEAR = [row for row in ROWS if row["kind"] == "near"]
WORDS = {row["word"] for row in NEAR}


def test_rows_have_known_kinds_and_say_why() -> None:
    assert {row["kind"] for row in ROWS} == {"near", "alias", "real"}
    assert all(row["word"] and row["example"] and row["note"] for row in ROWS)
    assert all(bool(row["means"]) == (row["kind"] == "alias") for row in ROWS)


def raw_words(title: str) -> list[str]:
    """The title's words as match_key splits them, before respelling."""
    return re.sub(r"[\W_]+", " ", title.casefold().replace("&", " and ")).split()


@pytest.mark.parametrize("row", NEAR, ids=lambda r: r["word"])
def test_each_listed_word_corrects_the_misspelling_in_its_example(row: dict[str, str]) -> None:
    assert row["word"] not in raw_words(row["example"])  # the example misspells it
    assert row["word"] in match_key(row["example"]).split()


@pytest.mark.parametrize("row", [r for r in ROWS if r["kind"] == "alias"], ids=lambda r: r["word"])
def test_each_alias_reads_as_its_word(row: dict[str, str]) -> None:
    assert respell(row["word"]) == row["means"]
    assert row["means"] in match_key(row["example"]).split()


@pytest.mark.parametrize("row", [r for r in ROWS if r["kind"] == "real"], ids=lambda r: r["word"])
def test_each_real_word_is_left_alone(row: dict[str, str]) -> None:
    assert respell(row["word"]) == row["word"]
    assert row["word"] in match_key(row["example"]).split()


@pytest.mark.parametrize(
    ("token", "meant"),
    [
        ("eningeer", "engineer"),  # letters moved: not one edit
        ("engineeer", "engineer"),
        ("enginner", "engineer"),
        ("enigneer", "engineer"),
        ("engeneer", "engineer"),
        ("enginee", "engineer"),  # cut off at the field's width
        ("eningeering", "engineering"),
        ("scinetist", "scientist"),
        ("analayst", "analyst"),
        ("devloper", "developer"),
        ("developement", "development"),
        ("sofware", "software"),
        ("manger", "manager"),
        ("prinicpal", "principal"),
        ("principle", "principal"),
        ("bussiness", "business"),
    ],
)
def test_real_misspellings(token: str, meant: str) -> None:
    assert respell(token) == meant


@pytest.mark.parametrize(
    "token",
    [
        "engine",
        "engines",
        "engineered",
        "engineers",
        "analysis",
        "analysts",
        "catalyst",
        "managed",
        "managers",
        "programme",
        "system",
        "senior",
        "sensor",
        "senor",
        "data",
        "directory",
    ],
)
def test_real_words_are_never_changed(token: str) -> None:
    assert respell(token) == token


def test_doctests_pass() -> None:
    assert doctest.testmod(spellings).failed == 0


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", max_size=14))
def test_respell_is_idempotent_and_gives_the_token_or_a_listed_word(token: str) -> None:
    meant = respell(token)
    assert respell(meant) == meant
    assert meant == token or meant in WORDS


def test_every_correction_in_the_real_titles_is_reviewed(data_dir: Path) -> None:
    """Every token of the real title columns that is changed, and what it becomes.

    A new data file (or a newly listed word) that starts changing a real word
    fails here until the change is reviewed, and the word listed as real if need be.
    """
    columns = [
        ("h1b-data-jobs-2015-2019.csv", "title", "utf-8"),
        ("aijobs-salaries-2025-01.csv", "job_title", "utf-8"),
        ("h1b-lca-fy2013q3.csv", "JobTitle", "latin-1"),
    ]
    tokens: set[str] = set()
    with duckdb.connect() as con:
        for filename, column, encoding in columns:
            query = f"""SELECT DISTINCT "{column}" FROM read_csv(?, encoding = '{encoding}')"""
            for (title,) in con.execute(query, [str(data_dir / filename)]).fetchall():
                tokens.update(raw_words(title or ""))
    changed = {token: respell(token) for token in sorted(tokens) if respell(token) != token}
    assert changed == REVIEWED


# Reviewed: each is a misspelling or a cut-off word (FY2013 titles end at 50 characters).
REVIEWED = {
    "analys": "analyst",
    "analysyt": "analyst",
    "besiness": "business",
    "buisness": "business",
    "businees": "business",
    "busines": "business",
    "develoment": "development",
    "developement": "development",
    "developmen": "development",
    "developmene": "development",
    "deveopment": "development",
    "devleopment": "development",
    "dierctor": "director",
    "dirctor": "director",
    "directior": "director",
    "enginee": "engineer",
    "engineeri": "engineer",
    "engineerin": "engineering",
    "enginer": "engineer",
    "engingeer": "engineer",
    "eningeer": "engineer",
    "enngineering": "engineering",
    "inforamtion": "information",
    "informatin": "information",
    "infrastructur": "infrastructure",
    "manger": "manager",
    "researc": "research",
    "softwar": "software",
    "sofware": "software",
    "sysems": "systems",
    "sytems": "systems",
    "techincal": "technical",
    "technolocy": "technology",
    "technolog": "technology",
}
