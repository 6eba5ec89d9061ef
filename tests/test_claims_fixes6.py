"""The claims checker's mends of a second audit: currencies named in words after a figure,
fiscal years, footnotes glued to figures in HTML, thousands separators of other scripts,
table headers naming a currency or period, and a long article's time. Texts are
hand-written fixture sentences."""

from __future__ import annotations

import pytest

from paygrade.claims import extract_claims
from paygrade.claims.check import dollar_assumed


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        # Each of the first three had been no claim at all; "Euro" is read in any case.
        ("ML engineers earn 240,000 US dollars.", "USD"),
        ("ML engineers earn 240,000 U.S. dollars.", "USD"),
        ("ML engineers earn 240.000 Euro.", "EUR"),
        ("ML engineers earn 240,000 Canadian dollars.", "CAD"),
        ("ML engineers earn 240,000 British pounds.", "GBP"),
        ("ML engineers earn 240,000 US$.", "USD"),
        ("ML engineers earn 240,000 dollars.", "USD"),
        ("ML engineers earn USD 240,000.", "USD"),
        ("ML engineers earn 240 000 euros.", "EUR"),
    ],
)
def test_a_currency_named_in_words_after_a_figure_is_read(text: str, currency: str) -> None:
    claims = extract_claims(text)
    assert [(c.low, c.currency) for c in claims] == [(240_000.0, currency)]
    assert text[claims[0].start : claims[0].end].startswith(("240", "USD"))


def test_a_range_in_us_dollars_is_one_range() -> None:
    [claim] = extract_claims("ML engineers earn 200,000 to 240,000 US dollars.")
    assert (claim.low, claim.high, claim.currency) == (200_000.0, 240_000.0, "USD")


def test_a_code_after_a_figure_keeps_its_capitals() -> None:
    # "pen" is no sol, as before: only "PEN" names it.
    assert extract_claims("ML engineers earn 90,000 pen.") == []


def test_dollars_said_american_assume_nothing_abroad() -> None:
    [claim] = extract_claims("In Toronto, ML engineers earn 240,000 American dollars.")
    assert claim.currency == "USD" and dollar_assumed(claim) == ""


@pytest.mark.parametrize(
    "text",
    [
        # "FY2019" had been no year: checked against every year's records.
        "In FY2019, ML engineers earned $150,000.",
        "ML engineers earned $150,000 in FY2019.",
        "ML engineers earned $150,000 (FY2019).",
        "In FY 2019, ML engineers earned $150,000.",
        "In fiscal 2019, ML engineers earned $150,000.",
    ],
)
def test_a_fiscal_year_is_its_year(text: str) -> None:
    assert [(c.subject["year"], c.years) for c in extract_claims(text)] == [(2019, None)]


@pytest.mark.parametrize(
    "text",
    [
        "ML engineers earned $150,000 in FY2019-FY2021.",
        "In FY2019-21, ML engineers earned $150,000.",
    ],
)
def test_a_span_of_fiscal_years_is_a_span(text: str) -> None:
    assert [c.years for c in extract_claims(text)] == [(2019, 2021)]


@pytest.mark.parametrize(
    ("text", "year"),
    [
        # A fiscal year of two digits had been no year: checked against every year's records.
        ("In FY19, ML engineers earned $150,000.", 2019),
        ("In FY'19, ML engineers earned $150,000.", 2019),
        ("In FY\u201919, ML engineers earned $150,000.", 2019),
        ("ML engineers earned $150,000 in FY19.", 2019),
        ("ML engineers earned $150,000 (FY19).", 2019),
        ("In FY99, ML engineers earned $150,000.", 1999),
    ],
)
def test_a_fiscal_year_of_two_digits_is_its_year(text: str, year: int) -> None:
    assert [(c.subject["year"], c.years) for c in extract_claims(text)] == [(year, None)]


@pytest.mark.parametrize(
    "text",
    [
        "In FY19-21, ML engineers earned $150,000.",
        "ML engineers earned $150,000 in FY19-FY21.",
        "ML engineers earned $150,000 in FY'19-FY'21.",
    ],
)
def test_a_span_of_two_digit_fiscal_years_is_a_span(text: str) -> None:
    assert [c.years for c in extract_claims(text)] == [(2019, 2021)]


@pytest.mark.parametrize(
    "text",
    [
        "AFY19 ML engineers earn $150,000.",  # no "FY" of its own
        "In fy19, ML engineers earn $150,000.",  # only a capital FY
        "Our FY19Q3 ML engineers earn $150,000.",  # glued to more
        "In FY45, ML engineers earned $150,000.",  # no year 1950-2039 ends in 45
        "Team 19 ML engineers earn $150,000.",  # two digits with no FY
    ],
)
def test_two_digits_that_are_no_fiscal_year_name_no_year(text: str) -> None:
    assert [(c.subject["year"], c.years) for c in extract_claims(text)] == [(None, None)]


def test_a_word_ending_in_fy_names_no_year() -> None:
    assert [c.subject["year"] for c in extract_claims("AFY2019 ML engineers earn $150,000.")] == [
        None
    ]


@pytest.mark.parametrize(
    "text",
    [
        # The Arabic thousands separator and the full-width comma had been read as $150.
        "ML engineers earn $150\u066c000.",
        "ML engineers earn $150\uff0c000.",
        # Thin and narrow no-break spaces, as French writes them, were read already.
        "ML engineers earn $150\u202f000.",
        "ML engineers earn $150\u2009000.",
    ],
)
def test_thousands_separators_of_other_scripts_are_read(text: str) -> None:
    assert [(c.low, c.currency) for c in extract_claims(text)] == [(150_000.0, "USD")]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # A full-width dollar sign (U+FF04) had been no currency: no claim was read.
        ("ML engineers earn \uff04150,000.", (150_000.0, 150_000.0, "USD")),
        ("ML engineers earn US\uff04150,000.", (150_000.0, 150_000.0, "USD")),
        ("ML engineers earn \uff04150\uff0c000.", (150_000.0, 150_000.0, "USD")),
        ("ML engineers earn \uff04120K-\uff04150K.", (120_000.0, 150_000.0, "USD")),
        ("ML engineers earn \uff04150,000 CAD.", (150_000.0, 150_000.0, "CAD")),
        ("ML engineers earn HK\uff041,200,000.", (1_200_000.0, 1_200_000.0, "HKD")),
        ("ML engineers earn \uffe190,000.", (90_000.0, 90_000.0, "GBP")),  # full-width pound
    ],
)
def test_a_full_width_currency_sign_is_that_sign(text: str, read: tuple[float, float, str]) -> None:
    [claim] = extract_claims(text)
    assert (claim.low, claim.high, claim.currency) == read
    # Quoted as written, where the text's offsets put it.
    assert claim.text == text[claim.start : claim.end] and claim.text[0] in "\uff04\uffe1UHM"


def test_a_full_width_dollar_abroad_says_its_assumption() -> None:
    [claim] = extract_claims("In Toronto, ML engineers earn \uff04240,000.")
    assert "a $ may be CAD: write CA$240,000 or 240,000 CAD" in dollar_assumed(claim)


def test_a_range_sharing_thousands_by_a_full_width_comma_is_one_range() -> None:
    [claim] = extract_claims("ML engineers earn $120-150\uff0c000.")
    assert (claim.low, claim.high) == (120_000.0, 150_000.0)


def test_french_thousands_with_a_narrow_space_before_the_euro() -> None:
    [claim] = extract_claims("ML engineers in Paris earn 80\u202f000\u00a0€.")
    assert (claim.low, claim.currency) == (80_000.0, "EUR")


@pytest.mark.parametrize(
    "text",
    [
        "Senior ML engineers at Google in the US earn $200,000.",
        "## Machine Learning Engineer Salaries in Seattle\nStaff data scientists make $250K.",
        # Letters a pattern read in any case matches as ASCII ones: dotless i, long s, the
        # Kelvin sign, a dotted capital I.
        "Senıor ML engıneers in ſeattle at \u212aaggle, İNTERN pay",
        "ML ENGINEERS IN THE us AND uk, 3M and 3m",
        "",
    ],
)
def test_the_phrases_searched_are_those_found_by_searching_all(text: str) -> None:
    # A sentence's phrases are found through a substring test first (a long article took
    # a minute searching all ~760 patterns in each sentence): the same rows, in order.
    from paygrade.claims.extract import _phrases_in, phrases

    assert _phrases_in(text) == tuple(row for row in phrases() if row[1].search(text))
    assert _phrases_in(text) or not text


def table(header: str, cell: str) -> str:
    """A hand-written Markdown table of one row: a senior ML engineer's pay."""
    return f"| Level | {header} |\n|---|---|\n| Senior ML engineer | {cell} |\n"


@pytest.mark.parametrize(
    ("header", "cell", "read"),
    [
        # A bare number under a header naming its currency had been no claim.
        ("Salary (EUR)", "150,000", (150_000.0, 150_000.0, "EUR", "year")),
        ("Base (USD/yr)", "150,000", (150_000.0, 150_000.0, "USD", "year")),
        ("Salary ($)", "120,000-150,000", (120_000.0, 150_000.0, "USD", "year")),
        ("Salary (k USD)", "150", (150_000.0, 150_000.0, "USD", "year")),
        ("Monthly salary (EUR)", "6.000", (72_000.0, 72_000.0, "EUR", "month")),
        # "$15,000" under "Monthly salary" had been a year's pay.
        ("Monthly salary", "$15,000", (180_000.0, 180_000.0, "USD", "month")),
        ("Hourly rate ($)", "95", (197_600.0, 197_600.0, "USD", "hour")),
        # The cell's own currency is its own.
        ("Salary (EUR)", "$150,000", (150_000.0, 150_000.0, "USD", "year")),
    ],
)
def test_a_table_header_names_the_currency_and_period_of_its_cells(
    header: str, cell: str, read: tuple[float, float, str, str]
) -> None:
    text = table(header, cell)
    [claim] = extract_claims(text)
    assert (claim.low, claim.high, claim.currency, claim.period) == read
    assert text[claim.start : claim.end] == cell and claim.subject["level"] == "senior"


@pytest.mark.parametrize(
    ("header", "cell"),
    [
        ("Salary", "150,000"),  # no unit said: no money, as before
        ("Salary (EUR)", "150,000 (2024)"),  # more than an amount
        ("401K match ($)", "5,000"),  # the header's "401K" is a figure, no multiplier
        ("Offers above $200K", "12"),
    ],
)
def test_a_header_gives_no_unit_to_what_is_no_bare_amount(header: str, cell: str) -> None:
    assert [c.low for c in extract_claims(table(header, cell))] == []


def test_a_unit_in_brackets_hides_no_part_or_component_of_pay() -> None:
    text = "| Level | Base (USD) | Total (USD) | Bonus ($) |\n|---|---|---|---|\n"
    text += "| Senior ML engineer | 150,000 | 200,000 | 20,000 |\n"
    claims = extract_claims(text)
    assert [(c.low, c.subject["pay_component"], c.part) for c in claims] == [
        (150_000.0, "base", None),
        (200_000.0, "total", None),
        (20_000.0, None, "bonus"),
    ]


def test_a_web_page_table_header_names_its_currency() -> None:
    from paygrade.claims.html import article_text

    page = "<html><body><table><tr><th>Level</th><th>Salary (EUR)</th></tr>"
    page += "<tr><td>Senior ML engineer</td><td>150,000</td></tr></table></body></html>"
    assert [(c.low, c.currency) for c in extract_claims(article_text(page))] == [(150_000.0, "EUR")]


@pytest.mark.parametrize(
    ("text", "low"),
    [
        # A power of ten written with superscript digits had been read as $10.
        ("ML engineers earn $10⁶.", 1_000_000.0),
        ("ML engineers earn 10⁶ dollars a year.", 1_000_000.0),
        ("ML engineers earn $110⁶.", 110.0),  # no power of ten: the digits before it
    ],
)
def test_ten_to_a_superscript_power_is_that_power(text: str, low: float) -> None:
    assert [c.low for c in extract_claims(text)] == [low]


SENIOR = "Senior ML engineers make $250,000, while "


@pytest.mark.parametrize(
    ("text", "second"),
    [
        # Each second figure had been checked as senior: another group's level.
        (SENIOR + "new hires make $120,000.", None),
        ("Senior ML engineers make $250,000; new hires make $120,000.", None),
        (SENIOR + "data scientists make $120,000.", None),
        ("Staff ML engineers make $400,000, but ML engineers in Austin make $180,000.", None),
        ("ML engineers with 5+ years make $250,000, while new hires make $120,000.", None),
        # Those just starting out are entry level, as freshers are.
        (SENIOR + "those just starting out make $120,000.", "entry"),
        (SENIOR + "freshers make $120,000.", "entry"),
        # No group of its own, or a level of its own: as before.
        ("Senior ML engineers in Seattle make $250,000, while those in Austin make $200,000.",
         "senior"),
        ("Senior ML engineers at Google earn $300,000, while at Meta they earn $280,000.",
         "senior"),
        (SENIOR + "senior data scientists make $120,000.", "senior"),
    ],
)  # fmt: skip
def test_a_clause_naming_its_own_group_takes_no_other_groups_level(
    text: str, second: str | None
) -> None:
    first, other = extract_claims(text)
    assert first.subject["level"] in ("senior", "staff")
    assert other.subject["level"] == second


def test_a_level_said_before_the_first_figure_is_its_own() -> None:
    # A clause before it with no figure introduces it: no other group's.
    [claim] = extract_claims("At senior level, ML engineers earn $200,000.")
    assert claim.subject["level"] == "senior"
