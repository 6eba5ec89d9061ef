"""The claims checker's mends of an eleventh round: each group's qualifiers stay on its
figure. A list line naming its group keeps its words from the line above and takes no
place from it; "those with ..." after a contrast is a group of its own; a trailing "both
with ..." is every group's; a bare "$" takes a code after it only of a currency it may be.
Texts are hand-written fixture sentences."""

from __future__ import annotations

import pytest

from paygrade.claims import extract_claims


@pytest.mark.parametrize(
    ("text", "currency"),
    [("ML engineers earn $80,000 EUR.", "USD"),
     ("ML engineers earn $80,000 euros.", "USD"),
     ("ML engineers earn $150,000 CAD.", "CAD"),
     ("ML engineers earn $150,000 NZD.", "NZD"),
     ("ML engineers earn $2,000,000 MXN.", "MXN"),
     ("ML engineers earn $150,000 Canadian dollars.", "CAD"),
     ("ML engineers earn $2,000,000 pesos.", "pesos")],
)  # fmt: skip
def test_a_bare_dollar_takes_a_code_after_it_only_of_a_currency_it_may_be(
    text: str, currency: str
) -> None:
    # "$80,000 EUR" had been euros: a "$" took any code. A sign and a code that disagree
    # keep the sign, as "£80,000 USD" is pounds.
    (claim,) = extract_claims(text)
    assert claim.currency == currency


def test_a_dollar_and_a_code_that_disagree_say_which_was_read() -> None:
    # The figure is checked as US dollars: the explanation says the code was not taken.
    from paygrade.claims.check import code_disagreed  # new in this round: imported here

    (claim,) = extract_claims("ML engineers earn $80,000 EUR.")
    assert "Its $ and EUR disagree: it is read as US dollars" in code_disagreed(claim)
    (canadian,) = extract_claims("ML engineers earn $80,000 CAD.")
    assert code_disagreed(canadian) == ""


def _levels(text: str) -> list[tuple[str | None, str | None, list[float | None] | None]]:
    return [(c.subject["role"], c.subject["level"], c.experience) for c in extract_claims(text)]


@pytest.mark.parametrize(
    "text",
    [
        "ML engineers: $150,000\nSenior data scientists, remote: $140,000\n",
        "**ML engineers:** $150,000\n**Senior data scientists, remote:** $140,000\n",
        "ML engineers: $150,000\nSenior data scientists, 2024: $140,000\n",
    ],
)
def test_a_list_lines_comma_is_no_clause_break_for_the_line_above(text: str) -> None:
    # The comma of "Senior data scientists, remote:" was read as a clause break of prose
    # wrapped past the $150,000: the ML engineers were senior.
    ml, data = extract_claims(text)
    assert (ml.subject["level"], ml.subject["remote"]) == (None, None)
    assert (data.subject["role"], data.subject["level"]) == ("data_scientist", "senior")


@pytest.mark.parametrize(
    ("text", "first"),
    [
        # Prose wrapped onto the next line: no label, no colon; the clause runs on.
        ("ML engineers earn $200,000 on average in\nSeattle, and data scientists $150,000.",
         "Seattle-Tacoma-Bellevue, WA"),
        ("Pay is $200,000 for\nML engineers, and $150,000 for data scientists.", None),
    ],
)  # fmt: skip
def test_prose_wrapped_past_a_figure_keeps_its_words(text: str, first: str | None) -> None:
    ml, data = extract_claims(text)
    assert (ml.subject["role"], ml.subject["metro"]) == ("ml_engineer", first)
    assert data.subject["role"] == "data_scientist"


@pytest.mark.parametrize(
    "those",
    ["those with 5+ years", "those at 5+ years", "people with 5+ years", "anyone with 5+ years"],
)
@pytest.mark.parametrize("contrast", [", while", " whereas", ", but"])
def test_those_with_years_after_a_contrast_keep_their_years(those: str, contrast: str) -> None:
    # "..., while those with 5+ years command $150,000" gave [5, None] years to the
    # entry-level $95,000 too: "those with" named no group, so the clause ran on.
    text = f"Entry-level data scientists start at $95,000{contrast} {those} command $150,000."
    assert _levels(text) == [
        ("data_scientist", "entry", None),
        ("data_scientist", "senior", [5.0, None]),
    ]


def test_those_picked_out_of_a_group_keep_its_level() -> None:
    # "those at Google" are the senior ML engineers at Google, as "those in Austin" are.
    _, second = extract_claims(
        "Senior ML engineers make $250,000, while those at Google make $300,000."
    )
    assert (second.subject["level"], second.subject["company"]) == ("senior", "Google")


@pytest.mark.parametrize(
    ("first", "field", "value"),
    [("ML engineers in Seattle", "metro", "Seattle-Tacoma-Bellevue, WA"),
     ("ML engineers in California", "state", "CA"),
     ("ML engineers at Stripe", "company", "Stripe"),
     ("ML engineers in finance", "industry", "finance"),
     ("Remote ML engineers", "remote", 100)],
)  # fmt: skip
def test_a_list_line_naming_its_group_takes_no_qualifier_from_the_line_above(
    first: str, field: str, value: object
) -> None:
    # The line above's place (or employer, industry, remote) had flowed down to the data
    # scientists, who name a group of their own.
    ml, data = extract_claims(f"{first}: $150K\nData scientists: $140K\n")
    assert (ml.subject[field], data.subject[field]) == (value, None)
    assert data.subject["country"] is None


def test_a_list_line_takes_no_unchecked_place_from_the_line_above() -> None:
    # "outside the US" of the line above had left the data scientists unchecked too.
    ml, data = extract_claims("ML engineers outside the US: $150K\nData scientists: $140K\n")
    assert ml.unchecked is not None and data.unchecked is None


def test_a_group_named_after_its_figure_takes_the_role_above_but_not_its_years() -> None:
    # The new hires are ML engineers (the list's role flows down), not senior, not Seattle.
    text = "ML engineers in Seattle with 5+ years: $150,000\n$140,000 for new hires\n"
    _, hires = extract_claims(text)
    assert (hires.subject["role"], hires.subject["level"], hires.experience) == (
        "ml_engineer", None, None,
    )  # fmt: skip
    assert hires.subject["metro"] is None


def test_a_heading_line_above_a_list_still_places_every_line() -> None:
    ml, data = extract_claims("In Seattle:\nML engineers: $150K\nData scientists: $140K\n")
    assert ml.subject["metro"] == data.subject["metro"] == "Seattle-Tacoma-Bellevue, WA"


@pytest.mark.parametrize(
    "said", [", both with 5+ years", ", all with 5+ years", "; each with 5+ years"]
)
def test_a_trailing_qualifier_of_all_groups_is_each_ones(said: str) -> None:
    # "..., both with 5+ years" had given neither group the years.
    text = f"Data scientists earn $140,000 and ML engineers $150,000{said}."
    assert _levels(text) == [
        ("data_scientist", "senior", [5.0, None]),
        ("ml_engineer", "senior", [5.0, None]),
    ]


def test_a_trailing_place_of_all_groups_is_each_ones() -> None:
    text = "Data scientists earn $140,000 and ML engineers $150,000, both in Seattle."
    assert [c.subject["metro"] for c in extract_claims(text)] == [
        "Seattle-Tacoma-Bellevue, WA", "Seattle-Tacoma-Bellevue, WA",
    ]  # fmt: skip
