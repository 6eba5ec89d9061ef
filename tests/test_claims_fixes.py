"""The claims checker's mends of an audit: money that is no pay, total pay named in other
words, negated figures, a change over a changing mix of countries, "$X in 2024, up from
$Y", and New York and Washington states. Texts are hand-written fixture sentences; the
checks run on the real store."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from paygrade.claims import check_text, extract_claims
from paygrade.normalize.places import metro_named
from paygrade.stats import stats
from paygrade.store import Store
from tests.test_cli import run


def _claims(store: Store, text: str) -> list[dict[str, Any]]:
    claims: list[dict[str, Any]] = check_text(store, text)["claims"]
    return claims


# 1. Money that is not pay, whatever its size.


@pytest.mark.parametrize(
    "text",
    [
        "The startup raised $5 million to hire ML engineers.",
        "ML engineers pay $40,000 in taxes.",
        "A team of ten ML engineers costs $2 million a year.",
        "Rent alone costs ML engineers $3,500 a month.",
        "Hiring one ML engineer costs the company roughly $300,000 a year.",
    ],
)
def test_money_whose_own_words_say_it_is_no_pay_is_no_claim(text: str) -> None:
    # Each was checked as a salary ($5,000,000 above the data, $42,000 below it).
    assert extract_claims(text) == []


def test_a_not_pay_word_of_another_figure_leaves_a_salary_checked(real_store: Store) -> None:
    text = "ML engineers in San Francisco earn $185,000, but rent alone costs them $3,500 a month."
    (claim,) = _claims(real_store, text)
    assert (claim["text"], claim["low"]) == ("$185,000", 185000.0)
    assert claim["verdict"] != "no_data"  # the salary itself is still checked


@pytest.mark.parametrize(
    ("text", "low"),
    [
        ("At well-funded startups ML engineers get $200,000.", 200000.0),
        ("ML engineers earn $185,000 despite the high cost of living.", 185000.0),
        ("ML engineers earn $150,000 in Seattle, where rent is high.", 150000.0),
        ("Offers from well-funded startups reach $250,000.", 250000.0),
        ("ML engineers at investment firms average $250,000.", 250000.0),
    ],
)
def test_a_salary_beside_a_not_pay_word_of_no_figure_stays(text: str, low: float) -> None:
    assert [c.low for c in extract_claims(text)] == [low]


# 2. Total pay named as "TC", "including stock", and a component after its figure.


@pytest.mark.parametrize(
    "text",
    [
        "Apple ML engineers have a TC of $250K.",
        "Apple ML engineers earn $250,000 including stock and bonus.",
        "Apple ML engineers earn $250,000 including equity.",
        "Apple ML engineers earn an all-in $250,000.",
    ],
)
def test_words_of_total_pay_check_a_figure_against_total_pay(real_store: Store, text: str) -> None:
    # Each was checked against the filings' base pay (above_data), no word of the mix.
    (claim,) = _claims(real_store, text)
    assert claim["subject"]["pay_component"] == "total"
    assert claim["data"]["pay_component"] == "total"
    assert claim["verdict"] == "no_data"  # no total pay record names an employer
    assert "No total pay record names a company" in claim["explanation"]


def test_a_component_after_a_figure_in_its_clause_wins_over_an_earlier_one(
    real_store: Store,
) -> None:
    text = (
        "Senior ML engineers earn a total compensation of $300,000, of which $180,000 is "
        "base salary."
    )
    total, base = _claims(real_store, text)
    assert (total["low"], total["subject"]["pay_component"]) == (300000.0, "total")
    assert (base["low"], base["subject"]["pay_component"]) == (180000.0, "base")
    assert base["data"]["pay_component"] == "base"


@pytest.mark.parametrize(
    ("text", "components"),
    [
        ("ML engineers earn $150K base and $220K TC.", ["base", "total"]),
        ("ML engineers earn $150K base / $220K TC.", ["base", "total"]),
        ("Senior ML engineers earn $180K base and $260K all-in.", ["base", "total"]),
        ("ML engineers earn $220K TC.", ["total"]),
        ("ML engineers earn $150,000 in base salary and $220,000 in total compensation.",
         ["base", "total"]),
    ],
)  # fmt: skip
def test_any_phrase_of_a_component_right_after_a_figure_is_its_own(
    text: str, components: list[str]
) -> None:
    # "$220K TC" after a "base" named earlier had been checked as base pay: above_data.
    assert [claim.subject.get("pay_component") for claim in extract_claims(text)] == components


# 3. Negated figures.


@pytest.mark.parametrize(
    "text",
    [
        "Contrary to popular belief, ML engineers in Austin do not earn $250,000 on average.",
        "ML engineers in Austin don't earn $250,000.",
        "It is not true that ML engineers in Austin earn $250,000.",
    ],
)
def test_a_negated_figure_is_listed_and_not_checked(real_store: Store, text: str) -> None:
    # Each was above_data: the article judged wrong where it agrees with the data.
    (claim,) = _claims(real_store, text)
    assert (claim["text"], claim["verdict"]) == ("$250,000", "no_data")
    assert claim["not_checked"] == "negated"
    assert "negated" in claim["explanation"]


def test_a_negated_figure_makes_no_contradiction(real_store: Store) -> None:
    # A senior's "do not earn $250,000" beside a mid-level $260,000 was "levels out of order".
    text = (
        "Senior ML engineers in Austin do not earn $250,000. "
        "Mid-level ML engineers in Austin earn $260,000."
    )
    assert check_text(real_store, text)["contradictions"] == []


@pytest.mark.parametrize(
    ("text", "statistic"),
    [
        ("ML engineers who don't negotiate make $150,000.", "typical"),
        ("ML engineers not only earn $150,000 but also get stock.", "typical"),
        ("ML engineers don't make more than $150,000.", "maximum"),  # a bound: the other
    ],
)
def test_a_negation_of_something_else_leaves_a_figure_checked(
    real_store: Store, text: str, statistic: str
) -> None:
    (claim,) = _claims(real_store, text)
    assert claim["statistic"] == statistic
    assert claim["verdict"] != "no_data" and "not_checked" not in claim


def test_the_cli_table_says_a_negated_figure_was_not_checked(real_db: Path) -> None:
    text = "ML engineers in Austin do not earn $250,000 on average."
    done = subprocess.run(
        [str(Path(run.__globals__["PAYGRADE"])), "--db", str(real_db), "check-claims", "-"],
        input=text,
        capture_output=True,
        text=True,
        check=False,
        env={k: v for k, v in os.environ.items() if k != "COLUMNS"},
    )
    assert done.returncode == 0, done.stderr
    assert "no_data (negated)" in done.stdout


# 4. A change that names no country, over a changing mix of countries.


def _change(store: Store, where: dict[str, list[Any]]) -> float:
    """The change of ML engineers' median total pay from 2022 to 2024, in percent."""
    asked: dict[str, list[Any]] = {
        "role": ["ml_engineer"], "pay_component": ["total"], "year": [2022, 2024]
    }  # fmt: skip
    groups = stats(store, ["year"], asked | where)["groups"]
    medians = {g["key"]["year"]: float(g["p50"]) for g in groups}
    return round(100 * (medians[2024] / medians[2022] - 1), 1)


def test_a_change_naming_no_country_is_compared_within_one_when_the_mix_moves(
    real_store: Store,
) -> None:
    # The US went from 66% of the records to 91%: over all countries +29.1%, "below" a
    # claimed 6%, where within the US pay rose 6.8%.
    within, over_all = _change(real_store, {"country": ["US"]}), _change(real_store, {})
    assert abs(over_all - within) > 10  # the fixture's point: the mix moves the median
    (claim,) = _claims(real_store, "Machine learning engineer pay grew 6% from 2022 to 2024.")
    assert claim["data"]["change_pct"] == within
    assert claim["verdict"] == "consistent"
    assert "mix of countries changed" in claim["explanation"]
    assert "compared within the records of US" in claim["explanation"]
    (named,) = _claims(real_store, "ML engineer pay in the US grew 6% from 2022 to 2024.")
    assert named["data"]["change_pct"] == within and "mix" not in named["explanation"]


# 5. "$X in 2024, up from $Y in 2022".


@pytest.mark.parametrize(
    "text",
    [
        "ML engineers earned $165,000 in 2024, up from $150,000 in 2022.",
        "ML engineers earned $165,000 (2024), up from $150,000 in 2022.",
    ],
)
def test_a_figure_with_its_year_then_up_from_is_a_change(text: str) -> None:
    # Two figures, no change: the year between them hid "up from".
    growth = [c for c in extract_claims(text) if c.statistic == "growth"]
    assert [(c.text, c.low, c.years) for c in growth] == [("up from", 10.0, (2022, 2024))]
    assert len(extract_claims(text)) == 3


# 6. New York and Washington states.


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("Data scientists in the state of New York earn $120,000.", "NY"),
        ("Data scientists in New York state earn $120,000.", "NY"),
        ("ML engineers in Washington state earn $130,000.", "WA"),
        ("ML engineers in the state of Washington earn $130,000.", "WA"),
    ],
)
def test_a_state_written_so_is_the_state(text: str, state: str) -> None:
    # New York state was the NYC metro; Washington state no place at all.
    (claim,) = extract_claims(text)
    assert (claim.subject["state"], claim.subject["metro"]) == (state, None)
    assert claim.subject["country"] == "US"


def test_new_york_alone_is_still_the_metro_and_a_filter_value() -> None:
    (claim,) = extract_claims("Data scientists in New York earn $120,000.")
    assert claim.subject["metro"] == "New York-Newark-Jersey City, NY-NJ"
    assert metro_named("new york") == "New York-Newark-Jersey City, NY-NJ"
    # The state rows are no metro names: a metro filter "New York state" is not NYC.
    assert metro_named("new york state") is None
    assert metro_named("washington state") is None


def test_the_json_of_a_state_claim_names_the_state(real_store: Store) -> None:
    text = "Data scientists in the state of New York earn $120,000."
    (claim,) = json.loads(json.dumps(check_text(real_store, text)))["claims"]
    assert claim["subject"]["state"] == "NY" and claim["subject"]["metro"] is None


def test_a_difference_between_two_years_is_checked_within_one_country_as_growth_is(
    real_store: Store,
) -> None:
    # The difference had been checked over every country (+29.1%, the countries' mix moving)
    # and found consistent where the same change said as growth was above the data.
    said = "ML engineers earned 30% more in 2024 than in 2022."
    grew = "ML engineer pay grew 30% from 2022 to 2024."
    (difference,) = _claims(real_store, said)
    (growth,) = _claims(real_store, grew)
    assert difference["verdict"] == growth["verdict"]
    assert difference["data"]["change_pct"] == growth["data"]["change_pct"]
    assert "compared within the records of US" in difference["explanation"]
    # A text naming the country is compared as it says, without a word of the mix.
    (in_us,) = _claims(real_store, "ML engineers in the US earned 30% more in 2024 than in 2022.")
    assert in_us["data"]["change_pct"] == difference["data"]["change_pct"]
    assert "mix of countries" not in in_us["explanation"]


@pytest.mark.parametrize(
    ("text", "statistic", "verdict"),
    [
        ("ML engineers rarely earn more than $300,000.", "few_above", "consistent"),
        ("Few ML engineers earn more than $300,000.", "few_above", "consistent"),
        ("Very few ML engineers earn above $500,000.", "few_above", "consistent"),
        ("Few ML engineers earn more than $150,000.", "few_above", "below_data"),
        ("Hardly any ML engineers make less than $60,000.", "few_below", "consistent"),
        ("Few ML engineers earn less than $250,000.", "few_below", "above_data"),
        # "A few" do: a floor, as before.
        ("A few ML engineers earn more than $500,000.", "minimum", "above_data"),
    ],
)
def test_a_bound_few_are_said_to_pass_is_a_tail(
    real_store: Store, text: str, statistic: str, verdict: str
) -> None:
    # Read as a floor, "rarely earn more than $300,000" was above_data where the data's
    # p90 agrees with it.
    (claim,) = _claims(real_store, text)
    assert (claim["statistic"], claim["verdict"]) == (statistic, verdict)
    data = claim["data"]
    edge = data["p75"] if statistic == "few_above" else data["p25"]
    if statistic != "minimum":
        assert f"${edge:,.0f}" in claim["explanation"]


def test_a_tail_and_a_bound_of_one_side_are_no_contradiction(real_store: Store) -> None:
    text = "A few ML engineers earn more than $500,000. Very few ML engineers earn above $500,000."
    assert check_text(real_store, text)["contradictions"] == []


@pytest.mark.parametrize(
    ("text", "read"),
    [
        # Each had been read as every ML engineer, or no role at all.
        ("Machine-learning engineers earn $180,000.", {"role": "ml_engineer"}),
        ("MLOps engineers earn $180,000.", {"role": "ml_engineer"}),
        ("ML researchers earn $200,000.", {"role": "research_scientist"}),
        ("ML engineers with 2 years of experience earn $130,000.", {"level": "mid"}),  # entry < 2
        ("ML engineers with 7 years of experience earn $230,000.", {"level": "senior"}),
        ("ML engineers with a decade of experience earn $250,000.", {"level": "senior"}),
        ("New-grad ML engineers earn $120,000.", {"level": "entry"}),
        ("Early-career ML engineers earn $120,000.", {"level": "entry"}),
        ("ML engineers who work remotely earn $135,000.", {"remote": 100}),
        ("Indian ML engineers earn $30,000.", {"country": "IN"}),
        # A staff of people is no staff level (it was checked against 30 staff filings).
        ("Startups pay the ML engineers on their staff $150,000.", {"level": None}),
        ("Staff ML engineers earn $250,000.", {"level": "staff"}),
        # Quartiles, deciles and a hyphenated percentile (read as bounds or typical figures).
        ("The bottom quartile of ML engineers earn under $140,000.", {"statistic": "p25"}),
        ("ML engineers in the top quartile earn $240,000.", {"statistic": "p75"}),
        ("The top decile of ML engineers earns more than $290,000.", {"statistic": "p90"}),
        ("A 90th-percentile ML engineer makes $290,000.", {"statistic": "p90"}),
    ],
)
def test_subjects_said_in_other_words_are_read(text: str, read: dict[str, Any]) -> None:
    (claim,) = extract_claims(text)
    found = {**claim.subject, "statistic": claim.statistic}
    assert {key: found[key] for key in read} == read


@pytest.mark.parametrize(
    "text",
    [
        # One figure said of a list was checked against its last item alone: "Google and
        # Meta" as Meta (above_data), "Meta and Google" as Google (consistent).
        "Google and Meta pay research scientists $180,000.",
        "Data scientists and ML engineers earn $230,000.",
        "ML engineers in Seattle and San Francisco earn $200,000.",
        # Pay outside a place was checked as that place's.
        "ML engineers outside the US earn $80,000.",
        "Non-US ML engineers earn $80,000.",
    ],
)
def test_a_subject_of_two_groups_or_outside_a_place_is_not_checked(
    real_store: Store, text: str
) -> None:
    (claim,) = _claims(real_store, text)
    assert (claim["verdict"], claim["not_checked"], claim["data"]["n"]) == ("no_data", "subject", 0)
    assert claim["explanation"].endswith("so it is not checked.")


def test_two_figures_each_of_its_own_subject_are_still_checked(real_store: Store) -> None:
    text = "Google pays ML engineers $200K and Meta pays them $220K."
    google, meta = _claims(real_store, text)
    assert "not_checked" not in google and "not_checked" not in meta
    assert (google["subject"]["company"], meta["subject"]["company"]) == ("Google", "Meta")
    listed = "Google and Meta pay research scientists $180,000. Meta and Google pay them $180,000."
    assert check_text(real_store, listed)["contradictions"] == []  # it had been same_figure
