"""POST /api/v1/claims/check: the CLI's JSON for a text; JSON only; size-limited."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from tests.conftest import FIXTURES
from tests.test_cli import ok


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
    assert client.post(url, json={"text": "x" * 50_001}).status_code == 422
    assert client.post(url, json={"text": "x" * 300_000}).status_code == 413


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
