"""One mistake in one set of words, second round: the submissions API's ``detail`` whichever
check refused, a year not whole, and the CLI's numbers echoed as typed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from paygrade.estimate.profile import BadProfile, check_profile
from paygrade.offers import plain_number
from paygrade.submissions import BadSubmission, validate
from tests.conftest import run_each
from tests.test_submissions import GOOD
from tests.test_words_fixes6 import pages, queue_only  # noqa: F401 - apps of the real store, of the queue
from tests.web.test_pages import SALARY, form_token

# ---------------------------------------------------------------- the submissions API's detail


@pytest.mark.parametrize(
    "sent",
    [
        {"year": 1989},  # past the schema's bound: its check refuses it
        {"year": 2999},  # past next year: the submission's own check refuses it
        {"years_experience": 61},  # the schema's
        {"level": "wizard"},  # the submission's own
        {"year": 2999, "level": "wizard"},  # two of its own, each said
    ],
)
def test_the_submissions_api_says_each_field_alike_whichever_check_refused_it(
    queue_only: TestClient,  # noqa: F811 - test_words_fixes6's
    sent: dict[str, Any],
) -> None:
    # The year 2999 was "bad submission: year: the year is 1990 to 2027, not 2999" where
    # 1989 was "year: the year is 1990 to 2027, not 1989".
    got = queue_only.post("/api/v1/submissions", json={**GOOD, **sent})
    assert got.status_code == 422
    errors = got.json()["errors"]
    assert set(errors) == set(sent)
    assert got.json()["detail"] == "; ".join(f"{name}: {said}" for name, said in errors.items())


# ---------------------------------------------------------------- a year not whole

# Said after the field's name ("year: ..."), as each of a submission's problems is.
NOT_WHOLE = "must be a whole number, got "


@pytest.mark.parametrize("typed", [2024.5, "2024.50", " 2024.5 "])
def test_a_submission_and_a_profile_say_a_year_not_whole_alike_as_typed(typed: Any) -> None:
    # The submission said "not a whole year: 2024.5" (of "2024.50" too), the profile
    # "year must be a whole number, got 2024.50".
    with pytest.raises(BadSubmission) as submitted:
        validate({**GOOD, "year": typed})
    with pytest.raises(BadProfile) as profiled:
        check_profile({"year": typed})
    said = NOT_WHOLE + str(typed).strip()
    assert submitted.value.errors["year"] == said
    assert str(profiled.value) == f"year {said}"


def test_the_api_and_the_form_say_a_year_not_whole_as_estimate_says_it(
    queue_only: TestClient,  # noqa: F811 - test_words_fixes6's
) -> None:
    # The API said pydantic's "input should be a valid integer, got a number with a
    # fractional part", the form "not a whole year: 2024.5" of "2024.50".
    got = queue_only.post("/api/v1/submissions", json={**GOOD, "year": 2024.5})
    assert got.status_code == 422
    assert got.json()["errors"] == {"year": f"{NOT_WHOLE}2024.5"}
    sent = {**SALARY, "year": "2024.50", "csrf_token": form_token(queue_only)}
    page = queue_only.post("/submit", data=sent)
    assert page.status_code == 422
    assert f"{NOT_WHOLE}2024.50" in page.text


# ---------------------------------------------------------------- the CLI's numbers as typed

YEARS = "years of experience are 0 to 60, not "
OFFER = ["offer", "--base", "185000", "--role", "ml_engineer"]


@pytest.mark.parametrize(
    ("call", "said"),
    [
        (["ladder", "--years", "61.0"], f"{YEARS}61.0"),
        (["ladder", "--years", "061"], f"{YEARS}061"),
        (["ladder", "--years", "1e2"], f"{YEARS}1e2"),
        (["estimate", "--years", "61.0"], f"{YEARS}61.0"),
        ([*OFFER, "--years", "61.0"], f"{YEARS}61.0"),
        ([*OFFER, "--cliff-months", "13.0"], "the cliff is 0 to 12 months, not 13.0"),
        ([*OFFER, "--bonus-pct", "250.0"], "the target bonus percent is 0 to 200, not 250.0"),
        ([*OFFER, "--growth", "150.0"], "stock growth is -90 to 100 percent a year, not 150.0"),
    ],
)
def test_the_cli_echoes_a_number_out_of_range_as_typed(
    real_db: Path, call: list[str], said: str
) -> None:
    # Each said the number typer parsed: "not 61" (of 061 too; 1e2 "not 100"), "not 13",
    # "not 250", "not 150", where the pages and the API echo the text sent.
    (done,) = run_each(["--db", real_db, *call])
    assert (done.returncode, done.stderr) == (1, f"error: {said}\n")


@pytest.mark.parametrize(
    ("option", "field", "written"),
    [
        ("--years", "years", "write 1200, 1,200 or 12.5; a dot marks decimals"),
        # A percent is told it may end in "%", as the page tells it.
        ("--growth", "growth_pct", "write 10, 12.5 or 10%; a dot marks decimals"),
    ],
)
def test_the_cli_reads_years_and_growth_as_the_offers_page_reads_them(
    real_db: Path, option: str, field: str, written: str
) -> None:
    # They were pydantic's "Input should be a valid number, unable to parse string as a
    # number", where the page says what a number is written as.
    from paygrade.offers import offer_number

    (done,) = run_each(["--db", real_db, *OFFER, option, "1,5"])
    assert done.returncode == 2
    said = f"'1,5' is not a number ({written})"
    assert done.stderr == f"error: Invalid value for '{option}': {said}\n"
    with pytest.raises(ValueError) as page_said:
        offer_number(field, "1,5")
    assert str(page_said.value) in done.stderr


@pytest.mark.parametrize("option", ["--years", "--growth", "--bonus-pct"])
def test_a_plain_number_option_refuses_nan_as_every_number_option(
    real_db: Path, option: str
) -> None:
    # --bonus-pct nan was "'nan' is not a number (write 1200, ...)", where docs/cli.md and
    # every other number option say "'nan' is not a finite number".
    (done,) = run_each(["--db", real_db, *OFFER, option, "nan"])
    assert done.returncode == 2
    assert done.stderr == f"error: Invalid value for '{option}': 'nan' is not a finite number\n"


def plain_number_refuses(text: str) -> str:
    """What the reader the Offer check page reads its numbers with says of ``text``."""
    with pytest.raises(ValueError) as refused:
        plain_number(text)
    return str(refused.value)


@pytest.mark.parametrize("typed", ["abc", "1,5"])
def test_the_ladder_page_reads_years_as_the_offers_page_and_the_cli(
    pages: TestClient,  # noqa: F811 - test_words_fixes6's: an app on the real store
    typed: str,
) -> None:
    # The ladder page said "years: 'abc' is not a number", where the offers page and the CLI
    # say how to write one; "1,200" years are read alike (then refused as past 60).
    with pytest.raises(ValueError) as read:
        plain_number(typed)
    got = pages.get("/ladder", params={"years": typed, "format": "json"})
    refused = {"detail": f"years: {read.value}", "errors": {"years": str(read.value)}}
    assert (got.status_code, got.json()) == (422, refused)  # as /api/v1/ladder says it
    assert "write 1200, 1,200 or 12.5" in got.json()["detail"]
    thousands = pages.get("/ladder", params={"years": "1,200", "format": "json"})
    past = "years of experience are 0 to 60, not 1,200"
    assert thousands.json() == {"detail": past, "errors": {"years": past}}
