"""The claims checker's mends of a fifteenth round: a text's contradictions pair only claims
that can make one (a list of 4,320 figures had been 9.3 million pairs, minutes of a core);
the web and MCP check at most MAX_FIGURES salary figures at once, refused before any is read.
Texts are hand-written fixture sentences and made-up lists of figures."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from mcp.server.mcpserver.exceptions import ToolError

import paygrade.claims
from paygrade.claims import MAX_FIGURES, extract_claims, too_many
from paygrade.claims.contradictions import contradictions
from paygrade.config import Settings
from paygrade.mcp_server import Tools
from paygrade.store.snapshot import PublishedStore
from paygrade.web.app import create_app
from tests.conftest import FIXTURES
from tests.web.html import Page
from tests.web.test_claims_page import claims_token

# The module, which ``paygrade.claims`` hides behind a function of its name.
contradictions_module = sys.modules["paygrade.claims.contradictions"]


def _list_of(count: int, start: int = 90_000) -> str:
    """A list of ``count`` different figures pasted as one sentence: "$90,000, $91,000, ..."."""
    return ", ".join(f"${pay:,}" for pay in range(start, start + 1000 * count, 1000))


def _counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[Any]:
    """Every call of the contradictions module's ``name``, by its arguments."""
    calls: list[Any] = []
    original: Callable[..., Any] = getattr(contradictions_module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(contradictions_module, name, counted)
    return calls


def test_figures_naming_no_level_are_never_set_in_level_order(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Every central figure was paired with every other of its group: 300 figures were
    # 44,850 calls of _same_group, 4,320 figures 9.3 million, though none names a level.
    calls = _counting(monkeypatch, "_same_group")
    claims = extract_claims(_list_of(300))
    assert len(claims) == 300
    assert contradictions(claims) == []
    assert calls == []


def test_only_two_levels_of_one_measure_are_set_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (
        "Senior ML engineers earn $120,000. Senior ML engineers earn $125,000. "
        "Senior data scientists earn $90,000. Junior ML engineers earn $150,000 base. "
        "Junior ML engineers earn $150,000."
    )
    calls = _counting(monkeypatch, "_same_group")
    found = contradictions(extract_claims(text))
    assert [(c["kind"], c["claims"]) for c in found] == [
        ("level_order", [0, 4]),
        ("level_order", [1, 4]),
    ]
    # The ML engineers' four figures were six pairs, each asking _same_group: two seniors
    # (one level) and a base pay against a total (another measure) among them.
    assert sorted((a.id, b.id) for a, b, *_ in calls) == [(0, 4), (1, 4)]


def test_one_figure_said_alike_of_one_subject_is_not_compared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # "$150,000" and "$150K" are two statements (their words differ), one figure, one
    # statistic, one subject: a restatement, which conflicts() was asked about pair by pair.
    calls = _counting(monkeypatch, "conflicts")
    said = ["$150,000", "$150K", "$150k", "150,000 USD", "USD 150,000", "$150 thousand"]
    claims = extract_claims(" ".join(f"ML engineers earn {pay}." for pay in said))
    assert {(c.low, c.statistic) for c in claims} == {(150_000.0, "typical")}
    assert contradictions(claims) == []
    assert calls == []
    # Of another statistic, it is still a contradiction.
    claims = extract_claims("ML engineers earn an average of $150,000 and a median of $150K.")
    assert [c["kind"] for c in contradictions(claims)] == ["same_figure"]


def test_an_average_is_set_against_ranges_of_its_own_level_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = (
        "Senior ML engineers earn $100,000-$120,000. Junior ML engineers earn $60,000-$70,000. "
        "The average senior ML engineer earns $200,000."
    )
    calls = _counting(monkeypatch, "_same_group")
    found = contradictions(extract_claims(text))
    assert [(c["kind"], c["claims"]) for c in found] == [("average_outside_range", [0, 2])]
    # Five calls had been made: the junior range against the average, and in level order
    # each pair of the three (two of one level; none of two levels in the wrong order).
    assert [(a.id, b.id) for a, b, *_ in calls] == [(0, 2)]


def test_too_many_counts_the_figures_against_the_bound() -> None:
    assert too_many(_list_of(3), 3) == ""
    assert too_many(_list_of(4), 3) == (
        "The text holds 4 salary figures; at most 3 are checked at once: check a longer "
        "article in parts, or with `paygrade check-claims FILE`."
    )
    # A long article passes: the fixture articles 21 times over (651 claims, 609 figures).
    articles = [(FIXTURES / f"fixture-article-{n}.md").read_text("utf-8") for n in NAMES]
    assert too_many("\n\n".join([*articles] * 21)) == ""
    assert MAX_FIGURES == 1_000


NAMES = ("listicle", "news", "table")
# More figures than are checked at once: 1,001 in 10,000 characters.
MANY = _list_of(MAX_FIGURES + 1)
REFUSED = (
    "The text holds 1,001 salary figures; at most 1,000 are checked at once: check a longer "
    "article in parts, or with `paygrade check-claims FILE`."
)


@pytest.fixture
def unread(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No claim extracted: a refusal must come before the figures' words are read."""

    def refused(text: str) -> Any:
        raise AssertionError("the text was read for claims")

    monkeypatch.setattr(paygrade.claims, "extract_claims", refused)
    yield


@pytest.fixture(scope="module")
def app(web_db: Path) -> Iterator[TestClient]:
    settings = Settings(db=web_db, admin_token="a" * 32, claims_per_minute=100_000)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def test_the_api_refuses_too_many_figures_as_too_large(app: TestClient, unread: None) -> None:
    # It had been checked, 1,001 figures pair by pair (4,320: minutes of a core).
    answer = app.post("/api/v1/claims/check", json={"text": MANY})
    assert answer.status_code == 413
    assert answer.json()["detail"] == REFUSED
    page = f"<html><body><p>{MANY}</p></body></html>"  # counted in the text it is read as
    assert app.post("/api/v1/claims/check", json={"text": page}).json()["detail"] == REFUSED


def test_the_page_gives_its_form_back_for_too_many_figures(app: TestClient, unread: None) -> None:
    token = claims_token(app)
    answer = app.post("/claims", data={"text": MANY, "csrf_token": token})
    assert answer.status_code == 422
    page = Page(answer.text)
    (error,) = page.by_testid("claims-error")
    assert error.text.strip() == REFUSED
    (box,) = [e for e in page.elements if e.tag == "textarea"]
    assert box.text.strip() == MANY  # the text comes back, as a too long one does
    as_json = app.post("/claims?format=json", data={"text": MANY, "csrf_token": token})
    assert as_json.status_code == 422 and as_json.json()["detail"] == REFUSED


def test_the_mcp_tool_refuses_too_many_figures(web_db: Path, unread: None) -> None:
    with pytest.raises(ToolError) as refused:
        Tools(PublishedStore(web_db)).check_claims(MANY)
    assert str(refused.value) == REFUSED
