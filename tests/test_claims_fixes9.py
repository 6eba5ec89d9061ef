"""The claims checker's mends of a ninth round: a comma between digits is no clause break,
a sign's currency named by the code after it, a range's trailing code for both its ends, and
a list line's years of experience kept to its line. Then (a seventh round of the claims
checker's review) lists paired with figures by "respectively", and the later of two years
named apart read whatever their order. Texts are hand-written fixture sentences."""

from __future__ import annotations

import pytest

from paygrade.claims import check_text, extract_claims
from paygrade.claims.check import unread_said
from paygrade.store import Store


@pytest.mark.parametrize("first", ["$90,000", "$90K"])
def test_a_thousands_comma_starts_no_clause(first: str) -> None:
    # "Few" heads the clause of "more than": with "$90,000" the clause had begun at its
    # comma, and the $300,000 was read as a floor (minimum) where "$90K" made it a tail.
    text = f"Few ML engineers who start at {first} ever make more than $300,000."
    claim = extract_claims(text)[-1]
    assert (claim.text, claim.statistic) == ("$300,000", "few_above")


@pytest.mark.parametrize("first", ["$250,000", "$250K", "$250000"])
def test_a_group_after_a_figure_takes_no_level_however_the_figure_is_written(
    first: str,
) -> None:
    # It had been the thousands comma of "$250,000" that kept "Senior" from the data
    # scientists; "$250K" and "$250000" made them senior.
    text = f"Senior ML engineers make {first} and data scientists make $150,000."
    senior, other = extract_claims(text)
    assert senior.subject["level"] == "senior"
    assert (other.subject["role"], other.subject["level"]) == ("data_scientist", None)


@pytest.mark.parametrize("first", ["$250,000", "$250K"])
@pytest.mark.parametrize(
    ("heading", "level", "years"),
    [("Senior:", "senior", None), ("With 5+ years:", "senior", [5.0, None])],
)
def test_a_heading_line_heads_every_list_line_however_its_figures_are_written(
    first: str, heading: str, level: str, years: list[float | None] | None
) -> None:
    # Behind "$250,000" the data scientist's line had lost the heading: its clause was read
    # as starting inside the figure above ("000\nData scientist: "), a clause of a group of
    # its own after a figure. "$250K" kept it.
    text = f"{heading}\nML engineer: {first}\nData scientist: $150K"
    assert [(c.subject["level"], c.experience) for c in extract_claims(text)] == [
        (level, years)
    ] * 2


@pytest.mark.parametrize("first", ["$95,000", "$95K"])
def test_a_span_after_a_figure_is_its_own_clause_however_the_figure_is_written(
    first: str,
) -> None:
    text = f"Entry-level ML engineers start at {first} and those with 5+ years earn $150,000."
    entry, senior = extract_claims(text)
    assert entry.subject["level"] == "entry"
    assert (senior.subject["level"], senior.experience) == ("senior", [5.0, None])


@pytest.mark.parametrize("total", ["$300,000", "$300K"])
def test_a_component_after_a_figure_is_its_own_however_the_figure_is_written(
    total: str,
) -> None:
    text = f"A total compensation of {total} of which $180,000 is base salary."
    assert [c.subject["pay_component"] for c in extract_claims(text)] == ["total", "base"]


@pytest.mark.parametrize(
    ("text", "currency"),
    [("In Tokyo, ML engineers earn ¥15 million JPY.", "JPY"),
     ("In Shanghai, ML engineers earn ¥500,000 CNY.", "CNY"),
     ("ML engineers earn ¥500,000 RMB.", "CNY"),
     ("ML engineers earn ￥15,000,000 JPY.", "JPY"),
     ("In Stockholm, ML engineers earn kr 600,000 SEK.", "SEK"),
     ("In Toronto, ML engineers earn $150,000 CAD.", "CAD"),
     ("ML engineers earn £80,000 GBP.", "GBP"),
     ("ML engineers earn €80,000 EUR.", "EUR")],
)  # fmt: skip
def test_a_sign_and_a_code_of_one_of_its_currencies_are_that_currency(
    text: str, currency: str
) -> None:
    # "¥15 million JPY" had been "currency not read" (the sign's yen or yuan), the code
    # after it saying which.
    (claim,) = extract_claims(text)
    assert claim.currency == currency


def test_a_sign_and_a_code_of_none_of_its_currencies_stay_unread() -> None:
    # ¥ is no euro: the sign and the code disagree, and the figure is not read as either.
    (claim,) = extract_claims("ML engineers earn ¥15 million EUR.")
    assert claim.currency == "¥" and "not read" in unread_said(claim)


@pytest.mark.parametrize(
    ("text", "low", "high", "currency"),
    [("ML engineers earn $120K-$150K CAD.", 120_000, 150_000, "CAD"),
     ("ML engineers earn $120,000-$150,000 CAD.", 120_000, 150_000, "CAD"),
     ("ML engineers earn $120,000 to $150,000 AUD.", 120_000, 150_000, "AUD"),
     ("ML engineers earn ¥10M-¥15M JPY.", 10_000_000, 15_000_000, "JPY"),
     ("ML engineers earn $120K-$150K.", 120_000, 150_000, "USD")],
)  # fmt: skip
def test_a_ranges_trailing_code_names_the_currency_of_both_ends(
    text: str, low: float, high: float, currency: str
) -> None:
    # "$120K-$150K CAD" had been two figures, $120K in US dollars and $150K in CAD.
    (claim,) = extract_claims(text)
    assert (claim.low, claim.high, claim.currency) == (low, high, currency)


def test_a_range_of_two_currencies_is_still_two_figures() -> None:
    claims = extract_claims("ML engineers earn €80,000 to $95,000 CAD.")
    assert [(c.low, c.currency) for c in claims] == [(80_000, "EUR"), (95_000, "CAD")]


LIST = """ML engineer salaries
ML engineers: $150,000
Data scientists: $140,000
Research scientists with 5-7 years of experience: $200,000
"""


def test_a_list_lines_experience_stays_on_its_line() -> None:
    # The third line's "5-7 years" had been every line's: the ML engineers and data
    # scientists above it were checked as senior, with 5-7 years.
    ml, data, research = extract_claims(LIST)
    assert [(c.subject["level"], c.experience) for c in (ml, data)] == [(None, None)] * 2
    assert (research.subject["level"], research.experience) == ("senior", [5.0, 7.0])


def test_a_list_line_keeps_its_own_experience_from_the_next_lines_words() -> None:
    text = "ML engineers: $150,000\nML engineers with 5-7 years of experience: $200,000\n"
    first, second = extract_claims(text)
    assert (first.subject["level"], first.experience) == (None, None)
    assert second.experience == [5.0, 7.0]


def test_a_heading_line_of_experience_still_heads_the_lines_below() -> None:
    text = "Salaries\nWith 5+ years:\nML engineers: $150,000\n"
    (claim,) = extract_claims(text)
    assert (claim.subject["level"], claim.experience) == ("senior", [5.0, None])


def test_a_span_said_after_its_figure_on_a_wrapped_line_is_still_its_own() -> None:
    # Prose wrapped over lines: the span runs on past the line end, with no other figure
    # on the line it reaches.
    text = "Senior ML engineers earn $200,000 on average with five to\nseven years of experience."
    (claim,) = extract_claims(text)
    assert claim.experience == [5.0, 7.0]


@pytest.mark.parametrize(
    ("text", "kind", "values"),
    [("In 2019 and 2024, ML engineers earned $150,000 and $190,000, respectively.",
      "year", [2019, 2024]),
     ("In 2019 and 2024, ML engineers earned $150,000 and $190,000 respectively.",
      "year", [2019, 2024]),
     ("ML engineers earned $150,000 and $190,000 in 2019 and 2024, respectively.",
      "year", [2019, 2024]),
     ("In 2022 and 2023, ML engineers earned $150,000 and $170,000, respectively.",
      "year", [2022, 2023]),
     ("In 2019, 2022 and 2024, ML engineers earned $150,000, $170,000 and $190,000, "
      "respectively.", "year", [2019, 2022, 2024]),
     ("Senior and staff ML engineers earn $200,000 and $280,000, respectively.",
      "level", ["senior", "staff"]),
     ("Entry-level and senior ML engineers earn $120K-$140K and $200K-$250K, respectively.",
      "level", ["entry", "senior"]),
     ("At Google, Meta and Apple, senior ML engineers earn $300,000, $290,000 and $280,000, "
      "respectively.", "company", ["Google", "Meta", "Apple"]),
     ("ML engineers in Seattle and Austin earn $200,000 and $160,000, respectively.",
      "metro", ["Seattle-Tacoma-Bellevue, WA", "Austin-Round Rock-San Marcos, TX"])],
)  # fmt: skip
def test_respectively_pairs_a_list_with_the_figures_in_order(
    text: str, kind: str, values: list[object]
) -> None:
    # Each figure had taken the value nearest before it (both 2024, both staff), or a list
    # of companies or cities had left every figure unchecked as one figure of two.
    claims = extract_claims(text)
    assert [c.subject[kind] for c in claims] == values
    assert [(c.unchecked, c.years, c.year_left) for c in claims] == [(None, None, None)] * len(
        values
    )


def test_respectively_pairs_nothing_when_the_counts_differ_and_says_so() -> None:
    text = "In 2019 and 2024, ML engineers earned $150,000, $170,000 and $190,000, respectively."
    claims = extract_claims(text)
    assert [c.subject["year"] for c in claims] == [None] * 3  # each had been 2024
    assert {c.unchecked for c in claims} == {
        "The text pairs 2 years (2019 and 2024) with 3 figures, respectively: the counts "
        "differ, so no figure is paired with one, and it is not checked."
    }


def test_the_explanation_says_a_list_of_another_count_pairs_nothing(real_store: Store) -> None:
    text = "At Google and Meta, ML engineers earn $300,000, $290,000 and $280,000, respectively."
    for claim in check_text(real_store, text)["claims"]:
        assert claim["verdict"] == "no_data"
        assert claim["explanation"].startswith("The text pairs 2 companies (Google and Meta)")


@pytest.mark.parametrize(
    ("text", "left"),
    [("ML engineers earned a median of $180,000 in 2022 and 2024.", 2022),
     ("In 2022 and 2024, ML engineers earned a median of $180,000.", 2022),
     ("ML engineers earned $180,000 in both 2019 and 2024.", 2019),
     ("In both 2019 and 2024, ML engineers earned $180,000.", 2019)],
)  # fmt: skip
def test_of_two_years_apart_the_later_is_read_whatever_the_word_order(text: str, left: int) -> None:
    # "$180,000 in 2022 and 2024" had been read as 2022, "In 2022 and 2024, ... $180,000"
    # as 2024: the nearer of the two to the figure.
    (claim,) = extract_claims(text)
    assert (claim.subject["year"], claim.year_left) == (2024, left)


def test_a_city_paired_by_respectively_is_in_the_us() -> None:
    # The first figure's paired Austin had no country (the nearest place before it had
    # been none), where a metro read in its own words is the US.
    text = "ML engineers earn $160,000 and $175,000 in Austin and Denver, respectively."
    assert [c.subject["country"] for c in extract_claims(text)] == ["US", "US"]
