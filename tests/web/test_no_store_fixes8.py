"""Answers holding a secret say ``Cache-Control: no-store``: the admin's (the queue, an
approval, a rejection), whatever their status, and the pages holding a form's token.
None had said it: a cache on the way (a browser's, a shared proxy's) could keep the
queue's submissions or one visitor's token."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from tests.test_submissions import GOOD
from tests.web.test_page_fixes import own_copy
from tests.web.test_submissions_api import ADMIN, SUBMIT, _client


@pytest.fixture
def admin_client(web_db: Path, tmp_path: Path) -> Iterator[TestClient]:
    with _client(own_copy(web_db, tmp_path)) as client:
        yield client


def kept_by_no_cache(answer: httpx.Response) -> bool:
    return answer.headers.get("cache-control") == "no-store"


def test_every_admin_answer_is_kept_by_no_cache(admin_client: TestClient) -> None:
    first = admin_client.post(SUBMIT, json=GOOD).json()["id"]
    second = admin_client.post(SUBMIT, json=GOOD).json()["id"]
    answers = {
        "queue": admin_client.get(SUBMIT, headers=ADMIN),
        "queue, all": admin_client.get(SUBMIT, params={"status": "all"}, headers=ADMIN),
        "approve": admin_client.post(f"{SUBMIT}/{first}/approve", headers=ADMIN),
        "reject": admin_client.post(f"{SUBMIT}/{second}/reject", json={}, headers=ADMIN),
        "approve again (409)": admin_client.post(f"{SUBMIT}/{second}/approve", headers=ADMIN),
        "no such (404)": admin_client.post(f"{SUBMIT}/999999/reject", headers=ADMIN),
        "wrong token (403)": admin_client.get(SUBMIT, headers={"Authorization": "Bearer x"}),
    }
    statuses = {name: got.status_code for name, got in answers.items()}
    assert statuses == {
        "queue": 200, "queue, all": 200, "approve": 200, "reject": 200,
        "approve again (409)": 409, "no such (404)": 404, "wrong token (403)": 403,
    }  # fmt: skip
    assert [name for name, got in answers.items() if not kept_by_no_cache(got)] == []


@pytest.mark.parametrize("path", ["/submit", "/claims"])
def test_a_page_holding_a_token_is_kept_by_no_cache(admin_client: TestClient, path: str) -> None:
    got = admin_client.get(path)
    assert got.status_code == 200 and 'name="csrf_token"' in got.text
    assert kept_by_no_cache(got)


def test_a_public_answer_may_still_be_cached(admin_client: TestClient) -> None:
    # Not every answer: the statistics anyone may ask are the same for everyone.
    assert not kept_by_no_cache(admin_client.get("/api/v1/sources"))
