"""A form left open across a server restart: its token is out of date. Its own page shows
it again, filled as sent, with a fresh token; another site's post is refused as ever."""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from paygrade.config import Settings
from paygrade.submissions import queue
from paygrade.web import create_app, csrf
from tests.web.html import Page
from tests.web.test_page_fixes import SALARY, own_copy, token

# Fixture text, as a person would paste it.
TEXT = "Senior ML engineers at Google earn $300,000 a year."
OWN_PAGE = {"sec-fetch-site": "same-origin", "origin": "http://testserver"}


def field_value(html: str, name: str) -> str:
    """What the form's field ``name`` holds: an input's value, a textarea's text."""
    (found,) = [e for e in Page(html).elements if e.attrs.get("name") == name]
    return found.text if found.tag == "textarea" else found.attrs.get("value") or ""


def restart(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a restart does to the tokens: the server signs with a key of its own."""
    monkeypatch.setattr(csrf, "_KEY", secrets.token_bytes(32))


@pytest.fixture
def app(web_db: Path, tmp_path: Path) -> TestClient:
    settings = Settings(db=own_copy(web_db, tmp_path), claims_per_minute=1_000)
    return TestClient(create_app(settings))


def test_a_claims_form_sent_after_a_restart_comes_back_filled(
    app: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    with app:
        stale = token(app, "/claims")
        restart(monkeypatch)
        sent = {"text": TEXT, "csrf_token": stale}
        again = app.post("/claims", data=sent, headers=OWN_PAGE)
        # It was the bare 403 "reload the page and send it again": a reload emptied it.
        assert again.status_code == 403 and "<mark" not in again.text  # nothing checked
        assert field_value(again.text, "text") == TEXT
        assert "nothing was done with what you sent" in again.text
        fresh = field_value(again.text, "csrf_token")
        assert fresh != stale and csrf.signed(fresh)
        checked = app.post("/claims", data={**sent, "csrf_token": fresh}, headers=OWN_PAGE)
    assert checked.status_code == 200 and "<mark" in checked.text


def test_a_salary_sent_after_a_restart_comes_back_filled_and_unqueued(
    app: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    with app:
        stale = token(app)
        restart(monkeypatch)
        sent = {**SALARY, "csrf_token": stale}
        again = app.post("/submit", data=sent, headers=OWN_PAGE, follow_redirects=False)
        assert again.status_code == 403 and "nothing was done" in again.text
        assert [field_value(again.text, name) for name in SALARY] == list(SALARY.values())
        assert queue(app.app.state.settings) == []
        fresh = {**sent, "csrf_token": field_value(again.text, "csrf_token")}
        queued = app.post("/submit", data=fresh, headers=OWN_PAGE, follow_redirects=False)
    assert queued.status_code == 303


@pytest.mark.parametrize(
    "headers",
    [
        {"sec-fetch-site": "cross-site", "origin": "https://evil.example"},
        {"sec-fetch-site": "same-site", "origin": "http://a.testserver"},  # a sibling
        {"origin": "http://testserver:8001"},  # another port, no Sec-Fetch-Site
        {"origin": "null"},
        {},  # a browser that says nothing
    ],
)
@pytest.mark.parametrize("path", ["/claims", "/submit"])
def test_a_post_not_of_this_sites_page_is_refused_as_before(
    app: TestClient, monkeypatch: pytest.MonkeyPatch, headers: dict[str, str], path: str
) -> None:
    with app:
        stale = token(app, path)
        restart(monkeypatch)
        sent = {"text": TEXT} if path == "/claims" else dict(SALARY)
        sent["csrf_token"] = stale
        refused = app.post(path, data=sent, headers=headers, follow_redirects=False)
        assert queue(app.app.state.settings) == []
    assert refused.status_code == 403 and "security token is missing or out of date" in refused.text
    assert TEXT not in refused.text and "Machine Learning Engineer" not in refused.text
    assert "set-cookie" not in refused.headers  # no token given to it


def test_a_cross_site_post_with_a_good_token_is_refused(app: TestClient) -> None:
    with app:
        good = token(app, "/claims")
        headers = {"sec-fetch-site": "cross-site", "origin": "https://evil.example"}
        refused = app.post("/claims", data={"text": TEXT, "csrf_token": good}, headers=headers)
    assert refused.status_code == 403 and TEXT not in refused.text
