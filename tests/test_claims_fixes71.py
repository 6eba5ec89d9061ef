"""The claims checker's mends of stop 71, found by checking hand-written sentences about ML
pay through the CLI, the API and the /claims page: money past any pay written "1e+300",
the words a question reads for a role or a level ("SWEs", "DS", "Sr. Staff") unread in an
article, a letter O typed for a zero ("$15O,000" read as $15, "1O5% more" as 5% more),
"on average" after another clause's median, "for senior ones" given to the figure before,
"a third more than" unread and "30% more jobs than" read as pay. Texts are hand-written
fixture sentences; the data is the real store."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from paygrade.claims import extract_claims, no_years_pay
from paygrade.normalize.vocab_typed import typed_words
from tests.conftest import write_file
from tests.test_cli import ok
from tests.web.test_claims_page import claims_token


def _cells(table: str) -> list[str]:
    """The claim column of a ``check-claims`` table: each row's second cell."""
    rows = [line.strip() for line in table.splitlines() if re.match(r"\s+\d+\s{2}", line)]
    return [re.split(r" {2,}", row)[1] for row in rows]


def test_the_cli_table_writes_money_past_any_pay_as_typed(web_db: Path, tmp_path: Path) -> None:
    text = (
        "Senior ML engineers earn $1e300. ML engineers earn $1e300 an hour.\n"
        "ML engineers at Google earn €1e300."
    )
    article = write_file(tmp_path, "a.md", text)
    table = ok("--db", web_db, "check-claims", article, env={"COLUMNS": "160"})
    # Had been "1e+300", "2.08e+303 (written $1e300 an hour)" and "1e+300 EUR (USD 1.05e+300)".
    assert _cells(table) == ["$1e300", "$1e300 an hour", "€1e300"]
    assert "e+" not in table, table


def test_the_explanation_of_money_past_any_pay_says_it_as_typed() -> None:
    (claim,) = extract_claims("ML engineers earn $1e300 an hour.")
    # It had said "($2.08e+303 a year)" after the figure.
    assert no_years_pay(claim).startswith("$1e300 an hour is not a plausible salary: a year's")
    (claim,) = extract_claims("ML engineers earn $5,000,000 an hour.")  # in digits still
    assert "($10,400,000,000 a year)" in no_years_pay(claim)


def _subject(text: str) -> dict[str, Any]:
    (claim,) = extract_claims(text)
    return claim.subject


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [("SWEs at Google earn a median of $200,000.", "role", "software_engineer"),  # none
     ("Median pay for a SWE is $180,000.", "role", "software_engineer"),  # none
     ("DS roles pay an average of $150,000.", "role", "data_scientist"),  # none
     ("The median DS salary is $140,000.", "role", "data_scientist"),  # none
     ("Sr. Staff ML engineers make $550,000.", "level", "principal"),  # staff
     ("Senior staff data scientists earn $450,000.", "level", "principal"),  # staff
     ("Snr staff engineers earn $450,000.", "level", "principal")],  # staff
)  # fmt: skip
def test_an_article_reads_the_words_a_question_reads(text: str, field: str, value: str) -> None:
    assert _subject(text)[field] == value


# "distinguished" is an adjective in prose as often, and a Distinguished Engineer a
# company's own level: claims do not read it (claim_subjects.csv says why).
NOT_IN_PROSE = {("level", "distinguished")}


TYPED_WORDS = sorted((f, w) for f, words in typed_words().items() for w in words)


@pytest.mark.parametrize(("field", "word"), [t for t in TYPED_WORDS if t not in NOT_IN_PROSE])
def test_each_typed_word_is_read_in_an_article_as_a_question_does(field: str, word: str) -> None:
    written = word.upper() if len(word) <= 3 else word  # "SWE", "DS": capitals, as typed
    text = (
        f"{written} ML engineers earn $200,000."
        if field == "level"
        else f"The median {written} salary is $200,000."
    )
    assert _subject(text)[field] == typed_words()[field][word]


def test_distinguished_in_prose_is_no_level() -> None:
    text = "In a distinguished field, ML engineers earn a median of $180,000."
    assert _subject(text)["level"] is None


# A letter O typed for a zero: no reading, and the same figure with a zero is read (so the
# test is not passed by reading nothing).
O_FOR_ZERO = [
    ("ML engineer pay rose 5O% from 2020 to 2024.", "rose 50%"),
    ("ML engineers earn 1O5% more than data scientists.", "105% more than"),  # 5% more
    ("ML engineers earn $15O,000 a year.", "$150,000"),  # $15
    ("ML engineers earn $150,OOO a year.", "$150,000"),  # $150
    ("ML engineers earn $1O0K.", "$100K"),  # $1 and 0K
    ("ML engineers earn $5O an hour.", "$50 an hour"),  # $5
]


@pytest.mark.parametrize(("typed", "meant"), O_FOR_ZERO)
def test_a_letter_o_typed_for_a_zero_is_no_figure(typed: str, meant: str) -> None:
    assert extract_claims(typed) == []
    with_zero = typed.replace("O", "0")
    assert [c.text for c in extract_claims(with_zero)] == [meant]


def test_a_figure_beside_a_letter_o_is_read_as_before() -> None:
    text = "ML engineers earn $150K or more, and $5 Oct bonuses; pay rose 5O% since 2020."
    assert [c.text for c in extract_claims(text)] == ["$150K", "$5"]


def test_on_average_after_a_figure_is_its_own_statistic_not_the_clause_befores() -> None:
    text = "The median DS salary is $140,000, while SDEs at Amazon earn $170,000 on average."
    assert [c.statistic for c in extract_claims(text)] == ["median", "average"]  # median twice
    # A median named in the figure's own clause is still its statistic.
    assert extract_claims("SDEs earn a median of $170,000 on average.")[0].statistic == "median"


def test_ones_after_the_last_figure_are_its_own_people() -> None:
    text = "The average salary for ML engineers is $150,000, and $180,000 for senior ones."
    assert [c.subject["level"] for c in extract_claims(text)] == [None, "senior"]  # senior twice
    shared = extract_claims("Salaries are $150,000 and $190,000 for ML engineers.")
    assert [c.subject["role"] for c in shared] == ["ml_engineer", "ml_engineer"]


@pytest.mark.parametrize(
    ("text", "low"),
    [("Research scientists earn a third more than data scientists.", 33.3),
     ("Data analysts earn a quarter less than data scientists.", -25.0),
     ("ML engineers at Meta earn one-third more than those at Google.", 33.3)],
)  # fmt: skip
def test_a_share_more_than_is_a_difference_in_percent(text: str, low: float) -> None:
    (claim,) = extract_claims(text)
    assert (claim.statistic, claim.low, claim.high) == ("difference", low, low)


@pytest.mark.parametrize(
    "text",
    ["ML engineers applied to 30% more jobs than in 2023.",
     "ML engineers got a third more offers than data scientists.",
     "ML engineers work 10% more hours than data scientists."],
)  # fmt: skip
def test_more_of_a_count_than_is_no_difference_of_pay(text: str) -> None:
    assert extract_claims(text) == []
    assert extract_claims("ML engineers earn 30% more in total pay than data scientists.")


TYPED = "SWEs at Google earn a median of $200,000. Sr. Staff ML engineers earn up to $900,000."


def test_the_api_and_the_page_read_typed_words_as_the_cli(app: TestClient) -> None:
    def read(result: dict[str, Any]) -> list[tuple[Any, ...]]:
        return [(c["subject"]["role"], c["subject"]["level"]) for c in result["claims"]]

    wanted = [("software_engineer", None), ("ml_engineer", "principal")]
    assert read(app.post("/api/v1/claims/check", json={"text": TYPED}).json()) == wanted
    page = app.post("/claims?format=json", data={"text": TYPED, "csrf_token": claims_token(app)})
    assert read(page.json()["result"]) == wanted
