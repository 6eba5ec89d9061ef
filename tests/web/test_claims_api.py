"""POST /api/v1/claims/check: the CLI's JSON for a text; JSON only; size-limited."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
from fastapi.testclient import TestClient

from paygrade.config import Settings
from paygrade.web import create_app
from tests.conftest import FIXTURES
from tests.test_cli import ok
from tests.web.conftest import Server
from tests.web.test_claims_page import claims_token


def test_check_answers_like_the_cli(client: TestClient, web_db: Path) -> None:
    article = FIXTURES / "fixture-article-listicle.md"
    answer = client.post("/api/v1/claims/check", json={"text": article.read_text("utf-8")})
    assert answer.status_code == 200
    cli = ok("--db", web_db, "check-claims", article, "--format", "json")
    assert answer.json() == json.loads(cli)


def test_check_refuses_bad_bodies(client: TestClient) -> None:
    url = "/api/v1/claims/check"
    assert (
        client.post(url, content="text=$5", headers={"content-type": "text/plain"}).status_code
        == 415
    )
    assert client.post(url, json={"text": ""}).status_code == 422
    # Spaces alone were a 200 of no claims; the page says 422, as for an empty text.
    blank = client.post(url, json={"text": " \n\t "})
    assert blank.status_code == 422 and "text" in blank.json()["errors"]
    assert client.post(url, json={"text": "x", "extra": 1}).status_code == 422
    assert client.post(url, json={"text": "x" * 300_000}).status_code == 413
    # Markup alone was a 200 of no claims; the CLI refuses it ("holds no text to check").
    markup = client.post(url, json={"text": "<html><body><p></p></body></html>"})
    assert markup.status_code == 422 and "holds no text to check" in markup.json()["detail"]


def test_a_text_within_the_limit_is_read_however_its_json_escapes_it(client: TestClient) -> None:
    # A body over 256 KiB was refused as "at most 50,000 characters": 44,200 Japanese
    # characters escaped as \uXXXX (Python's json does by default) are 265 KB.
    url = "/api/v1/claims/check"
    for text in ("給" * 44_200, "\U0001f600" * 50_000):  # an emoji escapes as two \uXXXX
        body = json.dumps({"text": text}, ensure_ascii=True)
        assert len(body) > 256 * 1024
        answer = client.post(url, content=body, headers={"content-type": "application/json"})
        assert answer.status_code == 200, answer.text


def test_a_text_over_the_limit_is_a_413_that_names_it_over_http(server: Server) -> None:
    # 50,001 characters were pydantic's 422 ("String should have at most 50000
    # characters"); a body over 256 KiB said its size in bytes.
    url = f"{server.url}/api/v1/claims/check"
    at_limit = httpx.post(url, json={"text": "x" * 50_000}, timeout=60)
    assert at_limit.status_code == 200 and at_limit.json()["claims"] == []
    over = httpx.post(url, json={"text": "x" * 50_001}, timeout=60)
    assert over.status_code == 413
    assert over.headers["content-type"] == "application/json"
    # In MCP's words; it had told an API user of `paygrade check-claims FILE`.
    assert over.json() == {"detail": "text: is 50,001 characters long: at most 50,000"}
    body = httpx.post(url, json={"text": "x" * 700_000}, timeout=60)
    assert body.status_code == 413 and "at most 50,000 characters" in body.json()["detail"]
    schema = httpx.get(f"{server.url}/openapi.json", timeout=60).json()
    assert (
        schema["components"]["schemas"]["ClaimsRequest"]["properties"]["text"]["maxLength"]
        == 50_000
    )


def test_a_figure_in_a_currency_not_read_is_said_not_checked(client: TestClient) -> None:
    # "¥15 million" was checked as $15,000,000; "900 000 kr" was dropped.
    text = "ML engineers in Tokyo earn ¥15 million. In Oslo they earn 900 000 kr."
    answer = client.post("/api/v1/claims/check", json={"text": text})
    assert answer.status_code == 200
    claims = answer.json()["claims"]
    assert [(c["text"], c["not_checked"]) for c in claims] == [
        ("¥15 million", "currency not read"),
        ("900 000 kr", "currency not read"),
    ]


def test_a_client_past_its_checks_a_minute_waits(web_db: Path) -> None:
    # An article takes up to seconds of CPU to check, and every POST was answered: one
    # client could keep an open server busy. The API and the page share the budget.
    settings = Settings(db=web_db, claims_per_minute=2)
    with TestClient(create_app(settings), raise_server_exceptions=False) as limited:
        text = {"text": "Senior ML engineers earn $150K-$180K."}
        assert limited.post("/api/v1/claims/check", json=text).status_code == 200
        token = claims_token(limited)
        assert limited.post("/claims", data={**text, "csrf_token": token}).status_code == 200
        refused = limited.post("/api/v1/claims/check", json=text)
        assert refused.status_code == 429
        assert 1 <= int(refused.headers["Retry-After"]) <= 60
        assert refused.json()["detail"].startswith(
            "More than 2 claims checks from this client in a minute: try again in "
        )
        page = limited.post("/claims", data={**text, "csrf_token": token})
        assert page.status_code == 429 and "Retry-After" in page.headers
        assert "More than 2 claims checks" in page.text
        # Other questions are not held back.
        assert limited.get("/api/v1/sources").status_code == 200


def test_another_sites_refused_posts_use_none_of_a_visitors_checks(web_db: Path) -> None:
    # Refused with 403 (no token: another site's post), each had counted against the
    # visitor's checks of the minute: 30 blind posts locked the visitor out.
    settings = Settings(db=web_db, claims_per_minute=2)
    with TestClient(create_app(settings), raise_server_exceptions=False) as limited:
        text = {"text": "Senior ML engineers earn $150K-$180K."}
        for _ in range(5):
            assert limited.post("/claims", data=text).status_code == 403
        token = claims_token(limited)
        assert limited.post("/claims", data={**text, "csrf_token": token}).status_code == 200
        assert limited.post("/api/v1/claims/check", json=text).status_code == 200
