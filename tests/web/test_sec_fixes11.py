"""A security review's mends, eleventh round: the web and MCP claims checks refuse a text
whose claims are of more subjects than they check at once (``claims.MAX_SUBJECTS``), before
any claim is checked. 730 claims of as many subjects, within the 50,000 characters and the
1,000 figures, had held the server's checking for 515 s. Texts are hand-written fixture
sentences, each pairing a level, a role and a company."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import product
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from mcp.server.mcpserver.exceptions import ToolError

import paygrade.claims
from paygrade.claims import MAX_SUBJECTS, extract_claims, too_many, too_many_subjects
from paygrade.config import Settings
from paygrade.mcp_server import Tools
from paygrade.store.snapshot import PublishedStore
from paygrade.web.app import create_app
from tests.conftest import FIXTURES
from tests.web.html import Page
from tests.web.test_claims_page import claims_token

LEVELS = ("Senior", "Junior", "Staff", "Principal", "Mid-level")
ROLES = ("ML engineers", "data scientists", "software engineers", "research scientists")
COMPANIES = ("Google", "Meta", "Amazon", "Apple", "Microsoft", "Netflix", "Nvidia")


def fixture_sentences(count: int) -> str:
    """``count`` hand-written claims, each of its own subject (level, role, company)."""
    subjects = list(product(LEVELS, ROLES, COMPANIES))[:count]
    return " ".join(f"{level} {role} at {company} earn $150K." for level, role, company in subjects)


# One subject more than is checked at once: 101 claims in 4,500 characters and 101 figures,
# far inside the text's and the figures' bounds.
MANY = fixture_sentences(MAX_SUBJECTS + 1)
REFUSED = (
    "The text's claims are of 101 different subjects (role, level, company, place and "
    "years); at most 100 are checked at once: check a longer article in parts, or with "
    "`paygrade check-claims FILE`."
)


def test_the_fixture_text_is_within_the_other_bounds() -> None:
    assert len(MANY) < paygrade.claims.MAX_TEXT and too_many(MANY) == ""
    assert len(extract_claims(MANY)) == MAX_SUBJECTS + 1


def test_too_many_subjects_counts_subjects_not_claims() -> None:
    claims = extract_claims(MANY)
    assert too_many_subjects(claims) == REFUSED
    assert too_many_subjects(claims[:MAX_SUBJECTS]) == ""
    # One subject said many times is one subject: each asks the data once.
    assert too_many_subjects(extract_claims("Senior ML engineers earn $150K. " * 300)) == ""
    # A long real article passes: the fixture articles 21 times over (651 claims).
    names = ("listicle", "news", "table")
    articles = [(FIXTURES / f"fixture-article-{n}.md").read_text("utf-8") for n in names]
    assert too_many_subjects(extract_claims("\n\n".join([*articles] * 21))) == ""


@pytest.fixture
def unchecked(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No claim checked: a refusal must come before the data is asked anything."""

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a claim was checked")

    monkeypatch.setattr(paygrade.claims, "check_claim", refused)
    yield


@pytest.fixture(scope="module")
def app(web_db: Path) -> Iterator[TestClient]:
    settings = Settings(db=web_db, admin_token="a" * 32, claims_per_minute=100_000)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def test_the_api_refuses_too_many_subjects_as_too_large(app: TestClient, unchecked: None) -> None:
    answer = app.post("/api/v1/claims/check", json={"text": MANY})
    assert answer.status_code == 413
    assert answer.json()["detail"] == REFUSED


def test_the_page_gives_its_form_back_for_too_many_subjects(
    app: TestClient, unchecked: None
) -> None:
    token = claims_token(app)
    answer = app.post("/claims", data={"text": MANY, "csrf_token": token})
    assert answer.status_code == 422
    page = Page(answer.text)
    (error,) = page.by_testid("claims-error")
    assert error.text.strip() == REFUSED
    (box,) = [e for e in page.elements if e.tag == "textarea"]
    assert box.text.strip() == MANY
    as_json = app.post("/claims?format=json", data={"text": MANY, "csrf_token": token})
    assert as_json.status_code == 422 and as_json.json()["detail"] == REFUSED


def test_the_mcp_tool_refuses_too_many_subjects(web_db: Path, unchecked: None) -> None:
    with pytest.raises(ToolError) as refused:
        Tools(PublishedStore(web_db)).check_claims(MANY)
    assert str(refused.value) == REFUSED


def test_a_text_at_the_bound_is_checked(app: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    # Each claim checked as no data (the data's questions cost seconds, not the bound's test).
    def no_data(store: Any, claim: Any, answers: Any = None) -> dict[str, Any]:
        return {"id": claim.id, "text": claim.text, "verdict": "no_data"}

    monkeypatch.setattr(paygrade.claims, "check_claim", no_data)
    answer = app.post("/api/v1/claims/check", json={"text": fixture_sentences(MAX_SUBJECTS)})
    assert answer.status_code == 200
    assert len(answer.json()["claims"]) == MAX_SUBJECTS
