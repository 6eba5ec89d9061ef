"""The claims checker's mends of a twelfth round: each figure takes its own span of years
and of experience, "those with less" the years the group before it lacks, a clause of
"all with ..." the groups named before it, a range its joining words in capitals, a "$"
the currencies written with one. Texts are hand-written fixture sentences."""

from __future__ import annotations

import pytest

from paygrade.claims import extract_claims


@pytest.mark.parametrize(
    "text",
    ["ML engineers earn BETWEEN $150,000 AND $200,000.",
     "ML engineers earn Between $150,000 And $200,000.",
     "ML ENGINEERS EARN $150,000 TO $200,000."],
)  # fmt: skip
def test_a_range_in_capitals_is_one_range(text: str) -> None:
    # "BETWEEN $150,000 AND $200,000" had been two figures: the joining words were read in
    # lower case only.
    (claim,) = extract_claims(text)
    assert (claim.statistic, claim.low, claim.high) == ("range", 150_000.0, 200_000.0)


@pytest.mark.parametrize(
    ("text", "span", "level"),
    [("ML engineers with between 5 and 10 years of experience earn $200,000.",
      [5.0, 10.0], "senior"),
     ("ML engineers with between two and five years earn $150,000.", [2.0, 5.0], "mid"),
     ("ML engineers earn $200,000 with between 5 and 10 years of experience.",
      [5.0, 10.0], "senior")],
)  # fmt: skip
def test_between_n_and_m_years_is_a_span_of_experience(
    text: str, span: list[float | None], level: str
) -> None:
    # "with between 5 and 10 years" had been no span (every ML engineer's pay), where
    # "5-10 years" is senior; after the figure its "and" had ended the figure's words.
    (claim,) = extract_claims(text)
    assert (claim.experience, claim.subject["level"]) == (span, level)


def test_between_years_after_a_figure_is_that_figures_alone() -> None:
    text = (
        "Data scientists earn $140,000 and ML engineers earn $200,000 "
        "with between 5 and 10 years of experience."
    )
    data, ml = extract_claims(text)
    assert (data.experience, ml.experience) == (None, [5.0, 10.0])


@pytest.mark.parametrize(
    ("text", "currency"),
    [("ML engineers in Chile earn $1,000,000 CLP a month.", "CLP"),
     ("ML engineers earn $25,000,000 CLP.", "CLP"),
     ("ML engineers earn $3,000,000 UYU.", "UYU"),
     ("ML engineers earn $80,000 EUR.", "USD")],
)  # fmt: skip
def test_a_bare_dollar_takes_the_code_of_any_dollar_or_peso_after_it(
    text: str, currency: str
) -> None:
    # "$1,000,000 CLP" had been a million US dollars, unsaid: Chile writes its pesos with
    # a "$", which the table of "$"-written currencies left out (it had CA$, MX$, R$ only).
    (claim,) = extract_claims(text)
    assert claim.currency == currency


def test_a_dollar_and_a_code_that_disagree_say_so_before_a_period() -> None:
    # "$5,000 EUR a month" was read as US dollars without a word: the claim's last word,
    # "month", had been taken for its code.
    from paygrade.claims.check import code_disagreed

    (claim,) = extract_claims("ML engineers in Germany earn $5,000 EUR a month.")
    assert claim.currency == "USD"
    assert "Its $ and EUR disagree: it is read as US dollars" in code_disagreed(claim)


@pytest.mark.parametrize(
    "text",
    ["ML engineers earned $230,000 between 2019 and 2021 and $250,000 between 2022 and 2024.",
     "ML engineers earned $230,000 (2019-2021) and $250,000 (2022-2024).",
     "Between 2019 and 2021, ML engineers earned $230,000, and $250,000 between 2022 and 2024."],
)  # fmt: skip
def test_a_span_of_years_right_after_a_figure_is_its_own(text: str) -> None:
    # The second figure had taken the span before it, the nearest mention: 2019-2021.
    first, second = extract_claims(text)
    assert (first.years, second.years) == ((2019, 2021), (2022, 2024))
    assert second.where()["year"] == [2022, 2023, 2024]


@pytest.mark.parametrize(
    "text",
    ["ML engineers earned $230,000 in 2022 and 2023.",
     "ML engineers in 2022 and 2023 earned $230,000.",
     "In 2022 and 2023, ML engineers earned $230,000.",
     "ML engineers earned $230,000 in both 2022 and 2023."],
)  # fmt: skip
def test_in_two_years_running_is_both_years(text: str) -> None:
    # "in 2022 and 2023" had been 2022 alone after the figure, 2023 alone before it.
    (claim,) = extract_claims(text)
    assert (claim.years, claim.subject["year"]) == ((2022, 2023), None)


@pytest.mark.parametrize(
    ("text", "years"),
    [("ML engineers earned $230,000 in 2022 and 2024.", [None]),
     ("ML engineers earned $150,000 and $170,000 in 2022 and 2023, respectively.",
      [None, None])],
)  # fmt: skip
def test_two_years_apart_or_one_each_are_no_span(text: str, years: list[object]) -> None:
    # "in 2022 and 2024" as 2022-2024 would hold 2023; "respectively" gives a year each.
    assert [c.years for c in extract_claims(text)] == years


@pytest.mark.parametrize(
    ("text", "span", "level"),
    [("Among ML engineers, those with 5+ years earn $180,000 and those with less earn "
      "$120,000.", [0.0, 5.0], None),
     ("ML engineers with 5+ years earn $180,000; those with fewer years earn $120,000.",
      [0.0, 5.0], None),
     ("Among ML engineers, those with 2-5 years earn $140,000 and those with more earn "
      "$200,000.", [5.0, None], "senior"),
     ("Among ML engineers, those with 5+ years earn $180,000 and those with more earn "
      "$250,000.", None, None)],
)  # fmt: skip
def test_those_with_less_or_more_take_the_years_the_group_before_lacks(
    text: str, span: list[float | None] | None, level: str | None
) -> None:
    # The second figure had taken the span named before it: "those with less" were read
    # as of 5+ years, senior. Now the complement, or no span when it has none.
    _, other = extract_claims(text)
    assert (other.experience, other.subject["level"]) == (span, level)


def test_with_less_of_something_else_is_no_experience() -> None:
    # "with less equity" says nothing of years: no complement is read from it.
    text = (
        "Among ML engineers, those with 5+ years earn $180,000 and those with less equity "
        "earn $120,000."
    )
    _, other = extract_claims(text)
    assert other.experience != [0.0, 5.0]


@pytest.mark.parametrize(
    "text",
    ["ML engineers earn $140,000 on average, data scientists $130,000, and all with 5+ years "
     "earn $150,000.",
     "ML engineers earn $140,000, data scientists $130,000, and both in Seattle earn $150,000."],
)  # fmt: skip
def test_all_with_after_a_list_of_roles_is_said_of_every_role(text: str) -> None:
    # The $150,000 had been checked as the data scientists' alone (the nearest role): it is
    # said of both roles, each with pay of its own, so it is listed and not checked.
    *_, every = extract_claims(text)
    assert every.unchecked is not None
    assert "2 roles (ml_engineer and data_scientist)" in every.unchecked


def test_all_with_keeps_its_years_from_the_figures_before_it() -> None:
    # The juniors' $120,000 had taken the "5+ years" of the clause after it (entry level
    # with [5, None) years); one role named: the $180,000 is the ML engineers', senior.
    juniors, every = extract_claims(
        "Among ML engineers, juniors earn $120,000, and all with 5+ years earn $180,000."
    )
    assert (juniors.subject["level"], juniors.experience) == ("entry", None)
    assert (every.subject["role"], every.subject["level"], every.unchecked) == (
        "ml_engineer", "senior", None,
    )  # fmt: skip
