"""One mistake in one set of words, second round: the submissions API's ``detail`` whichever
check refused, a year not whole, and the CLI's numbers echoed as typed."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from paygrade.config import Settings
from paygrade.estimate.profile import BadProfile, check_profile
from paygrade.submissions import BadSubmission, validate
from paygrade.web import create_app
from tests.test_submissions import GOOD
from tests.web.test_pages import SALARY, form_token


@pytest.fixture(scope="module")
def queue_only(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """An app whose store does not exist: taking submissions needs none."""
    db = tmp_path_factory.mktemp("queue") / "none.duckdb"
    settings = Settings(db=db, submissions_per_hour=100)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


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
    queue_only: TestClient, sent: dict[str, Any]
) -> None:
    # The year 2999 was "bad submission: year: the year is 1990 to 2027, not 2999" where
    # 1989 was "year: the year is 1990 to 2027, not 1989".
    got = queue_only.post("/api/v1/submissions", json={**GOOD, **sent})
    assert got.status_code == 422
    errors = got.json()["errors"]
    assert set(errors) == set(sent)
    assert got.json()["detail"] == "; ".join(f"{name}: {said}" for name, said in errors.items())


# ---------------------------------------------------------------- a year not whole

NOT_WHOLE = "year must be a whole number, got "


@pytest.mark.parametrize("typed", [2024.5, "2024.50", " 2024.5 "])
def test_a_submission_and_a_profile_say_a_year_not_whole_alike_as_typed(typed: Any) -> None:
    # The submission said "not a whole year: 2024.5" (of "2024.50" too), the profile
    # "year must be a whole number, got 2024.50".
    with pytest.raises(BadSubmission) as submitted:
        validate({**GOOD, "year": typed})
    with pytest.raises(BadProfile) as profiled:
        check_profile({"year": typed})
    said = NOT_WHOLE + str(typed).strip()
    assert submitted.value.errors["year"] == str(profiled.value) == said


def test_the_api_and_the_form_say_a_year_not_whole_as_estimate_says_it(
    queue_only: TestClient,
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
