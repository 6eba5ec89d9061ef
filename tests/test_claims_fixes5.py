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
