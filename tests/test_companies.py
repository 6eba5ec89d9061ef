"""Employer names: every alias row pinned, real filings names, display rule, properties."""

from __future__ import annotations

import csv
import doctest
from importlib import resources

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paygrade.normalize import companies
from paygrade.normalize.companies import (
    ALIASES,
    canonical_company,
    company_key,
    display_name,
)


def alias_rows() -> list[dict[str, str]]:
    path = resources.files("paygrade.normalize") / "rules" / "company_aliases.csv"
    return list(csv.DictReader(path.read_text("utf-8").splitlines()))


# -- the alias table -----------------------------------------------------------


def test_alias_keys_are_unique() -> None:
    keys = [row["key"] for row in alias_rows()]
    assert len(keys) == len(set(keys))
    assert set(keys) <= set(ALIASES)


@pytest.mark.parametrize("row", alias_rows(), ids=lambda row: row["key"])
def test_each_alias_row_maps_its_key(row: dict[str, str]) -> None:
    assert company_key(row["key"]) == row["key"]  # written in key form, or unreachable
    assert canonical_company(row["key"]) == row["company"]


@pytest.mark.parametrize("company", sorted(set(ALIASES.values())))
def test_canonical_names_are_fixed_points(company: str) -> None:
    assert canonical_company(company) == company


# -- required and real filings names -------------------------------------------

REQUIRED = [
    ("AMAZONCOM SERVICES INC", "Amazon"),
    ("AMAZON.COM SERVICES LLC", "Amazon"),
    ("AMAZON WEB SERVICES INC", "Amazon"),
    ("A2Z DEVELOPMENT CENTER INC", "Amazon"),
    ("AMAZON CORPORATE LLC", "Amazon"),
    ("AMAZON DEVELOPMENT CENTER U.S., INC.", "Amazon"),
    ("FACEBOOK INC", "Meta"),
    ("META PLATFORMS INC", "Meta"),
    ("GOOGLE LLC", "Google"),
    ("GOOGLE INC", "Google"),
    ("APPLE INC", "Apple"),
    ("MICROSOFT CORPORATION", "Microsoft"),
    ("NETFLIX INC", "Netflix"),
    ("NVIDIA CORPORATION", "Nvidia"),
    ("CAPITAL ONE SERVICES LLC", "Capital One"),
    ("CAPITAL ONE NATIONAL ASSOCIATION", "Capital One"),
    ("WAL-MART ASSOCIATES INC", "Walmart"),
    ("IBM CORPORATION", "IBM"),
    ("INTERNATIONAL BUSINESS MACHINES CORPORATION", "IBM"),
    ("UBER TECHNOLOGIES INC", "Uber"),
    ("LINKEDIN CORPORATION", "LinkedIn"),
]

FILED = [
    ("FACEBOOK, INC.", "Meta"),
    ("GOOGLE INC.", "Google"),
    ("APPLE, INC.", "Apple"),
    ("A9.COM, INC.", "Amazon"),
    ("AMAZON.COM.KYDC, INC.", "Amazon"),
    ("AMAZON FULFILLMENT SERVICES, INC", "Amazon"),
    ("A2Z DEVELOPMENT CENTER, INC.", "Amazon"),
    ("CAPITAL ONE, NATIONAL ASSOCIATION", "Capital One"),
    ("CAPITAL ONE SERVICES II LLC", "Capital One"),
    ("WAL-MART ASSOCIATES, INC.", "Walmart"),
    ("IBM INDIA PRIVATE LIMITED", "IBM"),
    ("CAPGEMINI AMERICA INC", "Capgemini"),
    ("CAPGEMINI FINANCIAL SERVICES USA INC. (LEGACY KANB", "Capgemini"),
    ("CAPGEMINI U.S. LLC", "Capgemini"),
    ("JPMORGAN CHASE & CO.", "JPMorgan Chase"),
    ("JPMORGAN CHASE &CO.", "JPMorgan Chase"),
    ("SALESFORCE.COM, INC.", "Salesforce"),
    ("THE NIELSEN COMPANY (US) LLC", "Nielsen"),
    ("THE BOSTON CONSULTING GROUP, INC.", "Boston Consulting Group"),
    ("MCKINSEY & COMPANY INC UNITED STATES", "McKinsey & Company"),
    ("BELL INFO SOLUTIONSLLC", "Bell Info Solutions"),
    ("GOLDMAN, SACHS & CO.", "Goldman Sachs"),
    ("CITIBANK, N.A.", "Citi"),
    ("WELLS FARGO BANK, N.A.", "Wells Fargo"),
    ("YAHOO! INC.", "Yahoo"),
    ("GENERAL ELECTRIC COMPANY - GE GLOBAL RESEARCH CENTER", "General Electric"),
    ("UT-BATTELLE LLC (OAK RIDGE NATIONAL LABORATORY)", "UT-Battelle"),
    ("ADOBE SYSTEMS INCORPORATED", "Adobe"),
    ("8451 LLC", "84.51°"),
    ("MAPLEBEAR INC", "Instacart"),
    ("EDGEIT CORP", "Edge IT"),
]


@pytest.mark.parametrize(("name", "company"), REQUIRED + FILED)
def test_filings_names(name: str, company: str) -> None:
    assert canonical_company(name) == company


# -- employers without an alias: the display rule ------------------------------

DISPLAY = [
    ("1010DATA SERVICES LLC", "1010data Services"),  # only a word's first character is upper
    ("ZILLOW INC", "Zillow"),
    ("3M COMPANY", "3M"),  # no vowel: kept upper case
    ("KPMG LLP", "KPMG"),
    ("ZS ASSOCIATES, INC.", "ZS Associates"),
    ("SPOTIFY USA INC", "Spotify"),  # alias
    ("MACY'S INC", "Macy's"),
    ("MURPHY-BROWN LLC", "Murphy-Brown"),
    ("BANK OF AMERICA N.A.", "Bank of America"),
    (
        "STATE UNIVERSITY OF NEW YORK COLLEGE AT ONEONTA",
        "State University of New York College at Oneonta",
    ),
    ("THE ROCKET SCIENCE GROUP LLC", "The Rocket Science Group"),
    ("SYMPHONY ASSET MANAGEMENT, LLC.", "Symphony Asset Management"),
    ("Symphony Asset Management, LLC.", "Symphony Asset Management"),  # mixed case kept
    ("  deepMind   Technologies  Limited ", "deepMind Technologies"),
    ("HCL GLOBAL SYSTEMS INC", "HCL Global Systems"),  # not HCL Technologies
    ("SIEMENS USA", "Siemens USA"),
]


@pytest.mark.parametrize(("name", "shown"), DISPLAY)
def test_display_of_unknown_employers(name: str, shown: str) -> None:
    assert canonical_company(name) == shown


@pytest.mark.parametrize(
    "name",
    [
        "",
        "   ",
        "\t\n",
        "N/A",
        "NA",
        "null",
        "Unknown",
        "---",
        "&",
        "LLC",
        "Inc.",
        "()",
        "THE COMPANY",
    ],
)
def test_unusable_names_are_none(name: str) -> None:
    assert canonical_company(name) is None


def test_key_drops_legal_forms_punctuation_and_a_leading_the() -> None:
    assert company_key("The Boston Consulting Group, Inc.") == "BOSTON CONSULTING GROUP"
    assert company_key("Deloitte & Touche LLP") == "DELOITTE AND TOUCHE"
    assert company_key("A.B.C. Holdings Pvt. Ltd.") == "ABC HOLDINGS"
    assert company_key("") is None


def test_display_name_skips_aliases() -> None:
    assert display_name("FACEBOOK INC") == "Facebook"


def test_canonical_company_is_cached() -> None:
    assert canonical_company.cache_info().maxsize == 65536


def test_doctests_pass() -> None:
    assert doctest.testmod(companies).failed == 0


# -- properties ------------------------------------------------------------------

LEGALISH = st.sampled_from(["INC", "Inc.", "LLC", ", L.L.C.", "CORP", "& CO", "N.A.", "(US)", ""])
NAMES = st.one_of(
    st.text(),
    st.builds(
        lambda words, form: " ".join([*words, form]),
        st.lists(st.from_regex(r"[A-Za-z0-9.'&-]{1,12}", fullmatch=True), max_size=4),
        LEGALISH,
    ),
)


@given(NAMES)
def test_canonical_company_never_raises(name: str) -> None:
    result = canonical_company(name)
    assert result is None or (result == result.strip() and "  " not in result and result)


@given(NAMES)
def test_canonical_company_is_idempotent(name: str) -> None:
    once = canonical_company(name)
    if once is not None:
        assert canonical_company(once) == once


@given(NAMES)
def test_case_and_spacing_do_not_change_the_key(name: str) -> None:
    assert company_key(f"  {name.upper()}  ") == company_key(name.upper())


@pytest.mark.parametrize(
    ("filed", "shown"),
    [("META COMPANY", "Meta Company"), ("Meta", "Meta"), ("AMAZON STUDIOS LLC", "Amazon")],
)
def test_a_firm_whose_short_name_is_canonical_is_not_merged(filed: str, shown: str) -> None:
    # "META COMPANY" (an AR start-up) shortens to "Meta"; it must not count as Meta.
    assert canonical_company(filed) == shown
