"""The server's fifth round of mends: big JSON answers written off the event loop; a Host
header naming another site (DNS rebinding) refused."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from pydantic import TypeAdapter
from starlette.responses import JSONResponse

from paygrade.config import BadSetting, Settings
from paygrade.web.security import HEADERS
from tests.web.conftest import Server

# Over this, one serializer call held the GIL (and so the event loop) for tens of ms.
ONE_CALL = 1_000_000


def _on_a_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _spied(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[tuple[bool, int]]:
    """Each call of ``owner.name`` as (made on the event loop's thread, bytes written)."""
    calls: list[tuple[bool, int]] = []
    real: Callable[..., Any] = getattr(owner, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        written = real(*args, **kwargs)
        calls.append((_on_a_loop(), len(written)))
        return written

    monkeypatch.setattr(owner, name, spy)
    return calls


@pytest.mark.parametrize(
    "path",
    ["/api/v1/stats?by=company,metro", "/api/v1/companies?limit=100000"],
)
def test_a_big_api_answer_is_written_off_the_event_loop_in_slices(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    client.get(path)  # computed and cached: what follows writes it alone
    calls = _spied(monkeypatch, TypeAdapter, "dump_json")
    response = client.get(path)
    assert response.status_code == 200
    assert len(response.content) > 2 * ONE_CALL  # big enough to matter (5 MB, 4 MB)
    assert calls, "the answer was not written by pydantic"
    assert not [call for call in calls if call[0]], "written on the event loop's thread"
    assert max(size for _, size in calls) < ONE_CALL  # slices: the loop gets the GIL


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/stats?by=company,metro",
        "/api/v1/companies?limit=100000",
        "/api/v1/records?per_page=500",
        "/api/v1/stats?by=level",
    ],
)
def test_an_api_answer_is_the_bytes_fastapi_wrote(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.headers["content-type"] == "application/json"
    shape = list[dict[str, Any]] if path.startswith("/api/v1/companies") else dict[str, Any]
    assert response.content == TypeAdapter(shape).dump_json(response.json())


def test_a_big_page_json_is_written_in_slices_as_starlette_wrote_it(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = "/explore?by=company,metro&limit=100000&format=json"
    calls = _spied(monkeypatch, json, "dumps")
    response = client.get(path)
    largest = max(size for _, size in calls)
    monkeypatch.undo()
    assert response.status_code == 200
    assert response.content == JSONResponse(response.json()).body
    assert len(response.content) > 2 * ONE_CALL
    assert largest < ONE_CALL  # slices: another thread gets the GIL between them


def test_the_warnings_of_a_stats_answer_stay_in_its_headers(client: TestClient) -> None:
    response = client.get("/api/v1/stats?by=city&where=city:Portland")
    warnings = response.headers.get_list("x-paygrade-warning")
    assert any("holds records of 2 states" in warning for warning in warnings), warnings
    assert response.json()["groups"]


def test_a_missed_company_search_keeps_its_warning(client: TestClient) -> None:
    response = client.get("/api/v1/companies?search=gogle")
    assert response.json() == []
    assert "did you mean Google?" in response.headers["x-paygrade-warning"]


def _asked(server: Server, host: str, path: str = "/api/v1/sources") -> httpx.Response:
    return httpx.get(server.url + path, headers={"Host": host}, timeout=30)


def test_a_server_answers_no_page_that_names_another_host(server: Server) -> None:
    """A page of evil.example, its name pointed at 127.0.0.1, had read /api/v1/sources."""
    refused = _asked(server, f"evil.example:{server.port}")
    assert refused.status_code == 400
    said = refused.json()["detail"]
    assert "'evil.example'" in said and "PAYGRADE_ALLOWED_HOSTS" in said
    assert all(refused.headers[name] == value for name, value in HEADERS.items())
    assert _asked(server, "EVIL.example.", "/").status_code == 400
    for own in ("localhost", "127.0.0.1", "[::1]", "192.168.1.20"):
        assert _asked(server, f"{own}:{server.port}").status_code == 200, own


def test_the_names_allowed_hosts_lists_are_answered(web_db: Path) -> None:
    running = Server(web_db, {"PAYGRADE_ALLOWED_HOSTS": "paygrade.example.org, *.example.net"})
    try:
        assert _asked(running, "paygrade.example.org").status_code == 200
        assert _asked(running, "pay.example.net:8443").status_code == 200
        assert _asked(running, "example.net").status_code == 400
        assert _asked(running, "evil.example").status_code == 400
    finally:
        running.stop()
    assert "Traceback" not in running.log


def test_a_setting_of_a_url_for_a_host_name_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAYGRADE_ALLOWED_HOSTS", "https://paygrade.example.org")
    said = "allowed_hosts: 'https://paygrade.example.org' is no host name"
    with pytest.raises(BadSetting, match=re.escape(said)):
        Settings()


def _form_chunks(field: bytes) -> Iterator[bytes]:
    """A form of ``field`` over 16 KiB, sent without a Content-Length (chunked)."""
    yield field + b"="
    for _ in range(20):
        yield b"x" * 1024


@pytest.mark.parametrize("chunked", [False, True])
@pytest.mark.parametrize("path", ["/submit", "/submit?format=json"])
def test_an_oversize_submit_form_is_413_however_it_is_sent(
    client: TestClient, chunked: bool, path: str
) -> None:
    """Chunked, it had been Starlette's 400 "Field exceeded maximum size of 16KB."."""
    kind = {"content-type": "application/x-www-form-urlencoded"}
    body = _form_chunks(b"title") if chunked else b"".join(_form_chunks(b"title"))
    got = client.post(path, content=body, headers=kind)
    assert got.status_code == 413
    said = got.json()["detail"] if "json" in path else got.text
    assert "The form is too large." in said
