"""A token this server signed is no proof a form is this site's own: any client GETs a
form and its freshly signed token. An evil page on another port of the host (the
browser says ``Sec-Fetch-Site: same-site``) planted one as the ``paygrade_csrf`` cookie,
posted the form with it, and the salary was queued (200 for /claims, a 303 to
/submit?sent=... for /submit). The browser's word on where the form came from decides;
a client that says nothing (curl) is held to the double submit alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from paygrade.config import Settings
from paygrade.submissions import queue
from paygrade.web import create_app
from tests.web.test_csrf_fixes6 import TEXT
from tests.web.test_page_fixes import SALARY, own_copy, token

FOREIGN = "sent from a page of another site or port"
SENT = {"/submit": SALARY, "/claims": {"text": TEXT}}


@pytest.fixture
def app(web_db: Path, tmp_path: Path) -> TestClient:
    settings = Settings(db=own_copy(web_db, tmp_path), claims_per_minute=1_000)
    return TestClient(create_app(settings))


def planted(app: TestClient, path: str) -> dict[str, str]:
    """A signed token another client got with a plain GET, planted as this client's cookie
    and sent in the form beside it: what the evil page on another port did."""
    got = token(app, path)
    app.cookies.clear()
    app.cookies.set("paygrade_csrf", got)
    return {**SENT[path], "csrf_token": got}


@pytest.mark.parametrize(
    "headers",
    [
        {"sec-fetch-site": "same-site", "origin": "http://localhost:9999"},  # another port
        {"sec-fetch-site": "same-site"},
        {"sec-fetch-site": "cross-site", "origin": "https://evil.example"},
        {"origin": "http://testserver:9999"},  # no Sec-Fetch-Site: another port
        {"origin": "https://testserver"},  # another scheme
        {"origin": "null"},
    ],
)
@pytest.mark.parametrize("path", ["/submit", "/claims"])
def test_a_planted_signed_token_from_another_origin_is_refused(
    app: TestClient, headers: dict[str, str], path: str
) -> None:
    with app:
        refused = app.post(path, data=planted(app, path), headers=headers, follow_redirects=False)
        assert queue(app.app.state.settings) == []
    assert refused.status_code == 403 and FOREIGN in refused.text, refused.text[:300]
    assert "<mark" not in refused.text  # nothing checked


@pytest.mark.parametrize(
    "headers",
    [
        {"sec-fetch-site": "same-origin", "origin": "http://testserver"},
        {"sec-fetch-site": "none"},  # an address typed, no page
        {"origin": "http://testserver"},  # an old browser: its Origin is this server's
        {},  # curl: the double submit alone
    ],
)
def test_a_form_of_this_origin_with_its_token_is_taken(
    app: TestClient, headers: dict[str, str]
) -> None:
    with app:
        sent = {**SALARY, "csrf_token": token(app)}
        taken = app.post("/submit", data=sent, headers=headers, follow_redirects=False)
        assert len(queue(app.app.state.settings)) == 1
    assert taken.status_code == 303


def test_a_claims_form_of_this_origin_is_checked(app: TestClient) -> None:
    own = {"sec-fetch-site": "same-origin", "origin": "http://testserver"}
    with app:
        sent = {"text": TEXT, "csrf_token": token(app, "/claims")}
        checked = app.post("/claims", data=sent, headers=own)
    assert checked.status_code == 200 and "<mark" in checked.text
