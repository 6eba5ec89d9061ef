"""Subjects said in words the checker had misread: part-time, contract or freelance workers
(checked against every worker, nearly all full-time), a share or a count that changes (read
as a change of pay), a lead (no level), an employer the phrase table lacks (every company's
records). Texts are hand-written fixture sentences."""

from __future__ import annotations

import pytest

from paygrade.claims import check_text, extract_claims
from paygrade.stats import stats
from paygrade.store import Store


@pytest.mark.parametrize(
    ("text", "kind"),
    [("Part-time ML engineers earn $45,000.", "part_time"),
     ("ML engineers working part time make $40,000.", "part_time"),
     ("ML engineer contractors earn $120,000.", "contract"),
     ("Freelance ML engineers charge $150,000 a year.", "freelance"),
     # The norm names no filter: the filings of 2015-2019 hold no employment type.
     ("Full-time ML engineers earn $180,000.", None),
     ("ML engineers earn $180,000.", None)],
)  # fmt: skip
def test_how_they_are_employed_is_the_subjects(text: str, kind: str | None) -> None:
    (claim,) = extract_claims(text)
    assert claim.subject["employment_type"] == kind


def test_a_part_time_figure_is_checked_against_part_time_records(real_store: Store) -> None:
    (claim,) = check_text(real_store, "Part-time ML engineers earn a median of $45,000.")["claims"]
    where = {"role": ["ml_engineer"], "employment_type": ["part_time"]}
    groups = stats(real_store, ["pay_component"], where)["groups"]
    assert claim["data"]["n"] == max(g["n"] for g in groups) < 50
    # Against every ML engineer (median total pay near $180,000) it was below the data.
    assert claim["verdict"] != "below_data"


def test_part_time_and_full_time_figures_are_no_contradiction() -> None:
    from paygrade.claims.contradictions import contradictions

    text = "Senior ML engineers earn $90,000 part-time. Mid-level ML engineers earn $150,000."
    assert contradictions(extract_claims(text)) == []
    assert len(contradictions(extract_claims(text.replace(" part-time", "")))) == 1


@pytest.mark.parametrize(
    "text",
    ["Women make up 10% of ML engineers, who earn $150,000.",
     "Demand for ML engineers grew 35% from 2022 to 2024.",
     "ML jobs grew 20% in 2024."],
)  # fmt: skip
def test_a_share_or_a_count_is_no_change_of_pay(text: str) -> None:
    # Each was a growth claim checked against ML engineers' pay.
    assert [c.statistic for c in extract_claims(text) if c.statistic == "growth"] == []


def test_a_change_of_pay_stays_one() -> None:
    text = "ML engineers who made the jump saw their pay up 10%."
    assert [c.statistic for c in extract_claims(text)] == ["growth"]


@pytest.mark.parametrize(
    ("text", "level"),
    [("Lead ML engineers earn $220,000.", "senior"),
     ("A lead data scientist makes $200,000.", "senior"),
     ("Tech leads in machine learning earn $230,000.", "senior"),
     # The verb is no level.
     ("Higher pay can lead ML engineers to stay; they earn $150,000.", None)],
)  # fmt: skip
def test_a_lead_is_senior_as_a_titles_lead_is(text: str, level: str | None) -> None:
    # "Lead ML engineers" had no level (titles read "Lead Data Scientist" as senior).
    (claim,) = extract_claims(text)
    assert claim.subject["level"] == level


def test_an_employer_the_checker_does_not_read_leaves_the_figure_unchecked(
    real_store: Store,
) -> None:
    # "ML engineers at eBay earn $250,000" was checked against every company's records.
    (claim,) = check_text(real_store, "ML engineers at eBay earn a median of $250,000.")["claims"]
    assert (claim["verdict"], claim["not_checked"]) == ("no_data", "subject")
    assert claim["explanation"].startswith("The text names pay at eBay, an employer the checker")
    # Names the table reads, places and acronyms are no unknown employer.
    for text in ("ML engineers at Google earn $250,000.", "ML engineers at AI startups earn "
                 "$180,000.", "At Senior level, ML engineers earn $200,000."):  # fmt: skip
        assert extract_claims(text)[0].unchecked is None
