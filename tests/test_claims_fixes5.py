"""The claims checker's mends of an audit of wrong verdicts: figures said in other languages,
a second subject in a sentence, thousands shared by a range's ends, ranges whose ends each
carry a period, "below" as a bound, and a bare "$" abroad. Texts are hand-written fixture
sentences."""

from __future__ import annotations

import pytest

from paygrade.claims import check_text, extract_claims
from paygrade.store import Store


@pytest.mark.parametrize(
    ("text", "language"),
    [
        # Each had been checked as a typical figure: its negation, bound or range unread.
        ("Les ML engineers à Paris ne gagnent pas €80,000.", "French"),
        ("Les ML engineers gagnent de €50,000 à €70,000.", "French"),
        ("Los ML engineers en Madrid no ganan €80,000.", "Spanish"),
        ("Los ML engineers ganan entre €50,000 y €70,000.", "Spanish"),
        ("ML Engineer in Berlin verdienen mehr als €80,000.", "German"),
        ("ML engineers 的工资不是 $200,000。", "Chinese"),
        ("ML engineers की सैलरी ₹40 lakh नहीं है।", "Hindi"),
    ],
)
def test_a_figure_said_in_another_language_is_not_checked(
    store: Store, text: str, language: str
) -> None:
    claims = check_text(store, text)["claims"]
    assert claims and all(c["not_checked"] == "language" for c in claims)
    assert all(c["verdict"] == "no_data" and language in c["explanation"] for c in claims)
    assert check_text(store, text)["contradictions"] == []


@pytest.mark.parametrize(
    "text",
    [
        "In Los Angeles, ML engineers earn $200,000.",
        "ML engineers in Madrid earn €80,000 en la capital.",
        "ML engineers in Berlin earn more than €80,000.",
    ],
)
def test_an_english_sentence_with_a_foreign_name_is_english(text: str) -> None:
    assert [c.language for c in extract_claims(text)] == [None]


def test_a_foreign_clause_of_an_english_sentence_is_its_own() -> None:
    text = "ML engineers earn $150,000, mais les juniors ne gagnent pas €50,000."
    assert [c.language for c in extract_claims(text)] == [None, "French"]


def places(text: str) -> list[tuple[str | None, str | None, str | None]]:
    """Each claim's (metro, state, country)."""
    return [(c.subject["metro"], c.subject["state"], c.subject["country"]) for c in
            extract_claims(text)]  # fmt: skip


SEATTLE = "Seattle-Tacoma-Bellevue, WA"


@pytest.mark.parametrize(
    "text",
    [
        # The London figure had been checked against Seattle's records (its country US).
        "ML engineers earn $200,000 in Seattle and $110,000 in London.",
        "In Seattle ML engineers earn $200,000 and in London $110,000.",
    ],
)
def test_a_second_place_in_a_sentence_is_its_figures_own(text: str) -> None:
    assert places(text) == [(SEATTLE, None, "US"), (None, None, "GB")]


def test_a_heading_state_is_no_state_of_a_metro_elsewhere() -> None:
    # The sentence's Seattle had been put in the heading's California (no record is).
    assert places("## California\nML engineers in Seattle earn $200,000.") == [
        (SEATTLE, None, "US")
    ]
    austin = places("ML engineers in Austin, Texas earn $150,000.")
    assert austin == [("Austin-Round Rock-San Marcos, TX", "TX", "US")]


def test_freshers_are_entry_level() -> None:
    # Indian English for new graduates: the ₹12 lakh had been checked as senior pay.
    text = "Senior ML engineers in India earn ₹40 lakh, while freshers earn ₹12 lakh."
    assert [(c.subject["level"], c.subject["country"]) for c in extract_claims(text)] == [
        ("senior", "IN"), ("entry", "IN")
    ]  # fmt: skip


def ranges(text: str) -> list[tuple[float | None, float | None, str]]:
    """Each claim's (low, high, period) as a year's pay."""
    return [(c.low, c.high, c.period) for c in extract_claims(text)]


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        # Read as $120 (no salary) and as a figure of $80 beside one of $100,000.
        ("ML engineers earn $120-150,000.", 120_000.0, 150_000.0),
        ("ML engineers earn between $80 and $100,000.", 80_000.0, 100_000.0),
        ("ML engineers earn 120-150,000 USD.", 120_000.0, 150_000.0),
    ],
)
def test_a_range_whose_ends_share_the_thousands(text: str, low: float, high: float) -> None:
    assert ranges(text) == [(low, high, "year")]


@pytest.mark.parametrize(
    ("text", "low", "high", "period"),
    [
        # Each had been two claims, one below the data and one above.
        ("ML engineers earn $40/hour to $150/hour.", 40 * 2080.0, 150 * 2080.0, "hour"),
        ("ML engineers earn $100,000 a year to $300,000 a year.", 1e5, 3e5, "year"),
        ("ML engineers earn $150k~$200k.", 150_000.0, 200_000.0, "year"),
    ],
)
def test_a_range_whose_ends_each_carry_a_period_or_a_tilde(
    text: str, low: float, high: float, period: str
) -> None:
    assert ranges(text) == [(low, high, period)]


def test_ends_paid_by_different_periods_stay_two_figures() -> None:
    assert ranges("ML engineers earn $95/hour to $150,000 a year.") == [
        (95 * 2080.0, 95 * 2080.0, "hour"), (150_000.0, 150_000.0, "year")
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "statistic", "low", "high"),
    [
        # "below" had been a typical $150,000 (consistent), where "under" was at most.
        ("ML engineers earn below $150,000.", "maximum", None, 150_000.0),
        ("ML engineers earn under $150,000.", "maximum", None, 150_000.0),
        # Negated, the other bound, as "don't make more than" is at most.
        ("ML engineers don't earn below $150,000.", "minimum", 150_000.0, None),
    ],
)
def test_below_is_an_upper_bound(
    text: str, statistic: str, low: float | None, high: float | None
) -> None:
    (claim,) = extract_claims(text)
    assert (claim.statistic, claim.low, claim.high) == (statistic, low, high)


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # Checked as US dollars without a word, where a Canadian text means its own.
        ("In Toronto, ML engineers earn $240,000.", "CA$240,000 or 240,000 CAD"),
        ("ML engineers in Australia earn 200,000 dollars.", "AU$200,000 or 200,000 AUD"),
    ],
)
def test_a_bare_dollar_abroad_says_it_is_read_as_us_dollars(
    store: Store, text: str, said: str
) -> None:
    (claim,) = check_text(store, text)["claims"]
    assert claim["currency"] == "USD"
    assert "read as US dollars" in claim["explanation"] and said in claim["explanation"]


@pytest.mark.parametrize(
    "text",
    [
        "In Toronto, ML engineers earn US$240,000.",
        "In Seattle, ML engineers earn $240,000.",
        "In London, ML engineers earn $240,000.",
    ],
)
def test_a_dollar_said_to_be_american_or_at_home_says_nothing(store: Store, text: str) -> None:
    (claim,) = check_text(store, text)["claims"]
    assert "read as US dollars" not in claim["explanation"]
