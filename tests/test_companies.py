"""Employer names: the key, the alias and keep-apart tables, the display rule, properties."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paygrade.normalize import companies
from paygrade.normalize.companies import (
    ALIASES,
    COMPANIES_BY_KEY,
    canonical_company,
    company_key,
    display_name,
)
from paygrade.normalize.rule_tables import read_rules

ALIAS_ROWS = read_rules("company_aliases.csv")
DISTINCT_ROWS = read_rules("company_distinct.csv")
CANONICAL = sorted(set(ALIASES.values()))

# -- the alias table -----------------------------------------------------------


def test_alias_keys_are_unique() -> None:
    keys = [row["key"] for row in ALIAS_ROWS]
    assert len(keys) == len(set(keys))
    assert set(keys) == set(ALIASES)


@pytest.mark.parametrize("row", ALIAS_ROWS, ids=lambda row: row["key"])
def test_each_alias_row_maps_its_key(row: dict[str, str]) -> None:
    assert company_key(row["key"]) == row["key"]  # written in key form, or unreachable
    assert canonical_company(row["key"]) == row["company"]


@pytest.mark.parametrize("row", ALIAS_ROWS, ids=lambda row: row["key"])
def test_each_alias_is_reached_by_filings_forms_of_its_key(row: dict[str, str]) -> None:
    # The old key kept "US" but dropped "(US)": RANDSTAD GENERAL PARTNER (US) LLC never
    # reached its alias. Every way of filing a key must reach it.
    key, company = row["key"], row["company"]
    for filed in (
        f"The {key.lower()} (US), Inc.",
        f"{key}, U.S.A., L.L.C.",
        f"{key} USA CORPORATION",
        f"{key} (UNITED STATES) LTD",
    ):
        assert canonical_company(filed) == company, filed


def test_a_parent_means_the_company_its_engineers_file_under_and_no_other() -> None:
    # "Alphabet" was "no record has company 'Alphabet'; did you mean Alphabet Energy?".
    assert canonical_company("Alphabet Inc.") == "Google"
    assert canonical_company("Alphabet Energy") == "Alphabet Energy"
    assert canonical_company("Waymo LLC") == "Waymo"


@pytest.mark.parametrize("company", CANONICAL)
def test_canonical_names_are_fixed_points(company: str) -> None:
    assert canonical_company(company) == company


@pytest.mark.parametrize("company", CANONICAL)
def test_a_canonical_name_is_an_alias_of_its_own_key(company: str) -> None:
    # "Intel" is canonical, so INTEL CORPORATION (key INTEL) is Intel; no alias row
    # may send a canonical name's key to another company.
    key = company_key(company)
    assert key is not None
    assert COMPANIES_BY_KEY[key] == company
    assert ALIASES.get(key, company) == company


# -- firms that must stay apart --------------------------------------------------


@pytest.mark.parametrize("row", DISTINCT_ROWS, ids=lambda row: row["name"])
def test_each_distinct_firm_stays_apart(row: dict[str, str]) -> None:
    name, other = row["name"], row["apart_from"]
    assert row["reason"].strip()
    assert company_key(name) == name  # written in key form
    assert company_key(name) != company_key(other)
    assert canonical_company(name) != canonical_company(other)
    # ... however it is filed
    for filed in (f"THE {name} INC", f"{name}, L.L.C.", f"{name.lower()} (US) corp."):
        assert canonical_company(filed) == canonical_company(name), filed


def test_meta_company_is_not_meta_but_intel_corporation_is_intel() -> None:
    # A legal form alone does not tell firms apart (Intel Corporation IS Intel); the
    # reviewed table says where it does ("Meta Company" is an AR start-up).
    assert canonical_company("INTEL CORPORATION") == canonical_company("Intel") == "Intel"
    assert canonical_company("Intel Corp.") == "Intel"
    assert canonical_company("META COMPANY") == "Meta Company"
    assert canonical_company("META PLATFORMS INC") == canonical_company("Meta") == "Meta"
    assert canonical_company("META INC") == "Meta"


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
    # AI labs as they file (late 2023): "Openai Opco" and "Anthropic PBC" were no match for
    # "OpenAI" or "Anthropic" in a filter or an article.
    ("OpenAI OpCo, LLC", "OpenAI"),
    ("Anthropic, PBC", "Anthropic"),
    ("X.AI Corp", "xAI"),
    ("XAI INC", "Xai Inc"),  # a New York data firm of 2015-2019, not xAI
    ("DoorDash, Inc.", "DoorDash"),
    ("ByteDance Inc.", "ByteDance"),
    ("TikTok Inc.", "TikTok"),
]


@pytest.mark.parametrize(("name", "company"), REQUIRED + FILED)
def test_filings_names(name: str, company: str) -> None:
    assert canonical_company(name) == company


# -- the key ---------------------------------------------------------------------

# Each group: names that differ only in case, punctuation, accents, a leading THE,
# legal forms or US country tags, so one key and one company.
SAME_KEY = [
    ("Intel Corporation", "INTEL", "Intel Corp.", "intel, inc."),
    ("Overstock.com", "OVERSTOCKCOM INC", "overstock.com, inc.", "OVERSTOCK.COM (US) LLC"),
    ("Siemens USA", "SIEMENS (US) INC", "Siemens U.S.", "SIEMENS U. S. A. CORP", "Siemens"),
    ("SIEMENS UNITED STATES", "Siemens United States of America, Inc.", "SIEMENS (USA)"),
    ("L'ORÉAL USA, INC.", "L'OREAL", "LORÉAL USA INC", "L\u2019Oréal"),
    ("J. C. PENNEY CORPORATION, INC.", "J.C. PENNEY", "JC PENNEY CO"),
    ("W. W. GRAINGER, INC.", "W W GRAINGER INC", "WW GRAINGER"),
    ("BED BATH & BEYOND INC", "Bed Bath and Beyond", "BED BATH &BEYOND"),
    ("THE ALLANT GROUP, INC.", "ALLANT GROUP", "The The Allant Group"),
    ("EGAN-JONES RATINGS CO", "EGAN JONES RATINGS", "Egan/Jones Ratings"),
    ("RANDSTAD GENERAL PARTNER (US) LLC", "Randstad General Partner US LLC"),
    ("Bloomberg, L.P.", "BLOOMBERG LP", "Bloomberg"),
    ("MCKINSEY & COMPANY INC UNITED STATES", "McKinsey & Co.", "MCKINSEY"),
    ("ＡＣＭＥ ＩＮＣ", "Acme"),  # full-width letters (NFKC)
]
LEGAL_FORMS_OF_THE_ISSUE = (
    *("Inc", "Inc.", "Incorporated", "Corp", "Corp.", "Corporation", "Co", "Co.", "Company"),
    *("LLC", "L.L.C.", "LP", "L.P.", "LLP", "Ltd", "Ltd.", "Limited", "PLC", "GmbH", "AG"),
    *("SE", "AB", "ASA", "SA", "S.A.", "S. A.", "NV", "N.V.", "BV", "B.V.", "Pvt. Ltd."),
    *("Private Limited", "Pte Ltd", "Pty Ltd", "GmbH & Co. KG", "S.A. de C.V.", "N.A."),
    *("National Association", "Limited Liability Company", "PLLC", "P.C.", "FSB", "LC"),
)


@pytest.mark.parametrize("names", SAME_KEY, ids=lambda names: names[0])
def test_names_that_differ_in_form_only_share_a_key(names: tuple[str, ...]) -> None:
    assert len({company_key(name) for name in names}) == 1
    assert len({canonical_company(name) for name in names}) == 1


@pytest.mark.parametrize("form", LEGAL_FORMS_OF_THE_ISSUE)
def test_every_legal_form_is_dropped(form: str) -> None:
    assert company_key(f"Nordic Widgets {form}") == "NORDIC WIDGETS"
    assert company_key(f"Nordic Widgets, {form} (US)") == "NORDIC WIDGETS"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("USA PAYMENT SERVICES", "PAYMENT SERVICES"),  # a leading tag is part of the name
        ("BANK OF US", "BANK"),  # OF binds what follows
        ("AIR INDIA", "AIR"),  # only US country tags are dropped
        ("AIR CANADA LTD", "AIR INC"),
        ("HEWLETT PACKARD ENTERPRISE COMPANY", "HEWLETT-PACKARD COMPANY"),
        ("GOOGLE", "GOOGLE FIBER"),
        ("E & J GALLO WINERY", "EJ GALLO WINERY"),  # AND is a word between initials
    ],
)
def test_names_with_a_word_of_difference_stay_apart(first: str, second: str) -> None:
    assert company_key(first) != company_key(second)
    assert canonical_company(first) != canonical_company(second)


def test_key_examples() -> None:
    assert company_key("The Boston Consulting Group, Inc.") == "BOSTON CONSULTING GROUP"
    assert company_key("Deloitte & Touche LLP") == "DELOITTE AND TOUCHE"
    assert company_key("A.B.C. Holdings Pvt. Ltd.") == "ABC HOLDINGS"
    assert company_key("UT-BATTELLE LLC (OAK RIDGE NATIONAL LABORATORY)") == "UT BATTELLE"
    assert company_key("USA") == "USA"  # never the last word
    assert company_key("") is None


# -- the display rule: a pure function of the key ----------------------------------

DISPLAY = [
    ("1010DATA SERVICES LLC", "1010data Services"),  # only a word's first character is upper
    ("ZILLOW INC", "Zillow"),
    ("3M COMPANY", "3M"),  # no vowel: kept upper case
    ("KPMG LLP", "KPMG"),
    ("ZS ASSOCIATES, INC.", "ZS Associates"),  # one or two characters: initials
    ("GE HEALTHCARE IITS USA CORP", "GE Healthcare Iits"),
    ("LE TOTE INC", "Le Tote"),  # ... unless a known short word
    ("MCGRAW-HILL GLOBAL EDUCATION", "McGraw Hill Global Education"),
    ("SPOTIFY USA INC", "Spotify"),  # alias
    ("MACY'S INC", "Macy's"),  # alias: the key has no apostrophe
    ("OVERSTOCKCOM INC", "Overstock.com"),  # alias: nor a dot
    ("MURPHY-BROWN LLC", "Murphy Brown"),  # no alias: a hyphen separates words
    ("EXAMPLE.COM, INC.", "Examplecom"),
    ("BANK OF AMERICA N.A.", "Bank of America"),
    ("BED BATH AND BEYOND INC", "Bed Bath & Beyond"),  # AND is shown as &
    (
        "STATE UNIVERSITY OF NEW YORK COLLEGE AT ONEONTA",
        "State University of New York College at Oneonta",
    ),
    ("THE ROCKET SCIENCE GROUP LLC", "Rocket Science Group"),
    ("SYMPHONY ASSET MANAGEMENT, LLC.", "Symphony Asset Management"),
    ("Symphony Asset Management, LLC.", "Symphony Asset Management"),
    ("  deepMind   Technologies  Limited ", "Deepmind Technologies"),  # case is not kept
    ("HCL GLOBAL SYSTEMS INC", "HCL Global Systems"),  # not HCL Technologies
    ("SIEMENS USA", "Siemens"),
    ("META COMPANY", "Meta Company"),  # company_distinct.csv
]


@pytest.mark.parametrize(("name", "shown"), DISPLAY)
def test_display_of_employers(name: str, shown: str) -> None:
    assert canonical_company(name) == shown
    assert company_key(shown) == company_key(name)


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
        "L. L. C.",
        "()",
        "THE COMPANY",
    ],
)
def test_unusable_names_are_none(name: str) -> None:
    assert canonical_company(name) is None


def test_display_name_skips_aliases() -> None:
    assert display_name("FACEBOOK INC") == "Facebook"
    assert display_name("") is None


def test_canonical_company_is_cached() -> None:
    assert canonical_company.cache_info().maxsize == 65536


def test_doctests_pass() -> None:
    assert doctest.testmod(companies).failed == 0


# -- properties ------------------------------------------------------------------

LEGALISH = st.sampled_from(
    ["INC", "Inc.", "LLC", ", L.L.C.", "CORP", "& CO", "N.A.", "(US)", "USA", "U. S.", ""]
)
WORD = st.from_regex(r"[A-Za-z0-9ÀÉÎÕÜàéîõüß]{1,10}", fullmatch=True)
NAMES = st.one_of(
    st.text(),
    st.builds(
        lambda words, form: " ".join([*words, form]),
        st.lists(st.from_regex(r"[A-Za-z0-9.'&-]{1,12}", fullmatch=True), max_size=4),
        LEGALISH,
    ),
)
# Between words: anything that separates them; inside a word: marks that are dropped.
SEPARATORS = st.sampled_from([" ", "  ", ", ", " - ", "-", "/", "; ", " : ", ". ", "*", "!"])
INNER_MARKS = st.sampled_from(["", "", ".", "'", "\u2019"])


@st.composite
def spellings(draw: st.DrawFn) -> tuple[str, str]:
    """One name written twice, with different case and punctuation."""
    words = draw(st.lists(WORD, min_size=1, max_size=5))
    form = draw(LEGALISH)

    def write() -> str:
        marked = []
        for word in words:
            at = draw(st.integers(0, len(word) - 1)) if len(word) > 1 else 0
            mark = draw(INNER_MARKS) if at else ""
            text = word[:at] + mark + word[at:]
            marked.append(draw(st.sampled_from([text, text.upper(), text.lower()])))
        separators = [draw(SEPARATORS) for _ in marked[1:]]
        joined = marked[0] + "".join(s + w for s, w in zip(separators, marked[1:], strict=True))
        return f"{joined} {form}".strip() + draw(st.sampled_from(["", ".", ","]))

    return write(), write()


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
def test_company_key_is_idempotent(name: str) -> None:
    key = company_key(name)
    if key is not None:
        assert company_key(key) == key


@given(NAMES)
def test_a_company_has_the_key_of_its_names(name: str) -> None:
    # So two companies never share a key: the shown name leads back to its own key.
    company = canonical_company(name)
    if company is not None and company not in ALIASES.values():
        assert company_key(company) == company_key(name)


@given(NAMES)
def test_case_and_spacing_do_not_change_the_key(name: str) -> None:
    assert company_key(f"  {name.upper()}  ") == company_key(name) == company_key(name.lower())


@given(spellings())
def test_case_and_punctuation_do_not_change_the_key(pair: tuple[str, str]) -> None:
    first, second = pair
    assert company_key(first) == company_key(second)
    assert canonical_company(first) == canonical_company(second)


@pytest.mark.parametrize(
    ("given", "shown"),
    [("株式会社テストジャパン", "株式会社テストジャパン"),  # kana's voicing marks are letters'
     ("Société Générale", "Societe Generale")],  # Latin accents go, as before
)  # fmt: skip
def test_a_names_marks_are_kept_unless_latin_accents(given: str, shown: str) -> None:
    # "株式会社テストジャパン" had been listed as "株式会社テストシャハン".
    assert canonical_company(given) == shown
