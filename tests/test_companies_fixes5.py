"""Employers -> companies: one firm filed under a "dba" name or spelled with other spaces or
"&" is one company (it was several), and firms only spelled alike stay apart."""

from __future__ import annotations

import pytest

from paygrade.normalize import companies
from paygrade.normalize.companies import canonical_company, company_key
from paygrade.normalize.rule_tables import read_rules
from paygrade.store import Store

# -- "X dba Y": the legal name X ----------------------------------------------------

# Real filings' names (H-1B files) and the company their employer is filed under elsewhere.
DBA = [
    ("ContextLogic Inc., dba Wish", "Wish"),  # was "Contextlogic Inc Dba Wish" beside Wish
    ("Virginia Polytechnic Institute and State University d/b/a Virginia Tech", "Virginia Tech"),
    ("Calsoft Labs, Inc. d/b/a ACL Digital", "Calsoft Labs"),
    ("ADVANCE MAGAZINE PUBLISHERS INC. DBA CONDÉ NAST", "Advance Magazine Publishers"),
    ("THE BSST SOFTWARE GROUP D/B/A THE BOSTON GROUP", "BSST Software Group"),
    ("Architects Orange, LLP d.b.a. AO", "Architects Orange"),
    ("Mirage Software Inc. dba: Bourntec Solutions", "Mirage Software"),
    ("Narahari IT Services Inc \u201cDBA\u201d NITS Data Services", "Narahari IT Services"),
    ("WETSTOCK MANAGEMENT LLC DBA", "Wetstock Management"),  # the trade name cut off
    # Records that hold the trade name alone: the legal name is its alias.
    ("RYZAC INC DBA CODECADEMY", "Codecademy"),
    ("VSTRS LLC DBA TekGlobal", "TekGlobal"),
]


@pytest.mark.parametrize(("name", "company"), DBA)
def test_a_dba_name_is_the_company_of_its_legal_name(name: str, company: str) -> None:
    assert canonical_company(name) == company


def test_the_legal_name_is_what_the_records_hold_elsewhere() -> None:
    assert canonical_company("ContextLogic Inc.") == canonical_company("Wish") == "Wish"
    assert canonical_company("CALSOFT LABS INC") == "Calsoft Labs"
    assert canonical_company("Codecademy, LLC") == "Codecademy"


def test_dba_leading_a_name_is_a_word_of_it() -> None:
    # Nothing before it is a legal name: kept whole, as any word.
    assert company_key("DBA Consulting LLC") == "DBA CONSULTING"
    assert company_key("DBAZONE, Inc.") == "DBAZONE"


# -- spellings: spaces and "&" -------------------------------------------------------

SPELLINGS = [
    ("Databricks, Inc.", "DATA BRICKS INC"),
    ("JPMORGAN CHASE & CO.", "JP Morgan Chase & Co.", "JPMorgan & Chase Co."),
    ("Source Infotech Inc", "Sourceinfo Tech Inc."),
    (
        "Blue Cross Blue Shield of Massachusetts",
        "BLUE CROSS AND BLUE SHIELD OF MASSACHUSETTS INC",
    ),
    ("KUEHNE + NAGEL INC", "Kuehne and Nagel Inc.", "Kuehne & Nagel Inc."),
    ("The Leland Stanford, Jr University", "THE BOARD OF TRUSTEES OF THE LELAND STANFORD, JR."),
    ("XENONINFOTEK, INC", "XENON INFOTEK, INC."),
]


@pytest.mark.parametrize("names", SPELLINGS, ids=lambda names: names[0])
def test_spellings_of_one_firm_are_one_company(names: tuple[str, ...]) -> None:
    assert len({canonical_company(name) for name in names}) == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("AF & I Inc", "AFI US, LLC"),
        ("Cloud Space LLC", "Cloudspace LLC"),
        ("Duke University and Health System", "Duke University Health System"),
        ("E & J GALLO WINERY", "EJ GALLO WINERY"),
    ],
)
def test_firms_only_spelled_alike_stay_apart(first: str, second: str) -> None:
    assert canonical_company(first) != canonical_company(second)


def test_no_two_tabled_companies_share_a_spelling_key() -> None:
    # One spelling key, one company: else which of two a spelling is would be a row's order.
    by_spelling: dict[str, set[str]] = {}
    for key, company in companies.COMPANIES_BY_KEY.items():
        by_spelling.setdefault(companies.spelling_key(key), set()).add(company)
    assert {s: names for s, names in by_spelling.items() if len(names) > 1} == {}


# -- the real store -------------------------------------------------------------------

APART = {row["name"] for row in read_rules("company_distinct.csv")}


def squeezed(key: str) -> str:
    """The key without spaces and ANDs, written out here as the docs say it."""
    return key.replace(" AND ", " ").replace(" ", "")


def test_no_two_real_companies_share_a_spelling_key_unless_listed_apart(
    real_store: Store,
) -> None:
    # 51 groups (103 companies) differed only by spaces, "&" or punctuation.
    shown = real_store.con.execute(
        "SELECT DISTINCT company FROM records WHERE company IS NOT NULL"
    ).fetchall()
    by_spelling: dict[str, list[str]] = {}
    for (company,) in shown:
        key = company_key(company)
        if key is not None and key not in APART:
            by_spelling.setdefault(squeezed(key), []).append(company)
    assert {s: names for s, names in by_spelling.items() if len(names) > 1} == {}


def test_real_dba_filings_are_counted_with_their_firm(real_store: Store) -> None:
    held = dict(
        real_store.con.execute(
            "SELECT company_raw, company FROM records WHERE company_raw IN (?, ?)",
            ["ContextLogic Inc., dba Wish", "DATA BRICKS INC"],
        ).fetchall()
    )
    assert held == {"ContextLogic Inc., dba Wish": "Wish", "DATA BRICKS INC": "Databricks"}
