"""The server's fifth round of mends: big JSON answers written off the event loop; a Host
header naming another site (DNS rebinding) refused; claims checks capped server-wide, the
page's written off the loop; a page's JSON written without FastAPI's encoder walking it;
the clients behind a listed reverse proxy told apart (PAYGRADE_FORWARDED_ALLOW_IPS)."""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.encoders import jsonable_encoder
from fastapi.testclient import TestClient
from markupsafe import Markup
from pydantic import TypeAdapter
from starlette.responses import JSONResponse

from paygrade import cli
from paygrade.config import BadSetting, Settings
from paygrade.web import create_app, jsonbody, render, serving
from paygrade.web.api import claims as claims_api
from paygrade.web.pages import claims as claims_page
from paygrade.web.security import HEADERS
from tests.web.conftest import Server
from tests.web.test_claims_page import claims_token

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


CLAIM = {"text": "Senior ML engineers earn $150K-$180K."}


def _first_check_held(monkeypatch: pytest.MonkeyPatch) -> tuple[threading.Event, threading.Event]:
    """The API's and the page's checks, the first of them held until ``release`` is set
    (``entered`` says it runs); those after it run at once."""
    entered, release, calls = threading.Event(), threading.Event(), []

    def held(real: Callable[..., Any]) -> Callable[..., Any]:
        def check(*args: Any, **options: Any) -> Any:
            calls.append(args)
            if len(calls) == 1:
                entered.set()
                assert release.wait(60)
            return real(*args, **options)

        return check

    monkeypatch.setattr(claims_api, "check_article", held(claims_api.check_article))
    monkeypatch.setattr(claims_page, "check_text", held(claims_page.check_text))
    return entered, release


def test_checks_past_those_the_server_runs_at_once_wait_uncounted(
    web_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One client's 30 checks of a minute sent together had all run, holding both cores."""
    monkeypatch.setenv("PAYGRADE_CLAIMS_AT_ONCE", "1")
    entered, release = _first_check_held(monkeypatch)
    settings = Settings(db=web_db, claims_per_minute=2)
    with TestClient(create_app(settings), raise_server_exceptions=False) as app_client:
        token = claims_token(app_client)
        with ThreadPoolExecutor(1) as beside:
            first = beside.submit(app_client.post, "/api/v1/claims/check", json=CLAIM)
            assert entered.wait(60)
            busy = app_client.post("/api/v1/claims/check", json=CLAIM)
            busy_page = app_client.post("/claims", data={**CLAIM, "csrf_token": token})
            release.set()
            assert first.result(60).status_code == 200
        said = "The server is checking as many texts as it runs at once (1): try again in 2 s."
        assert busy.status_code == 503 and busy.headers["Retry-After"] == "2"
        assert busy.json() == {"detail": said}
        assert busy_page.status_code == 503 and busy_page.headers["Retry-After"] == "2"
        assert said in busy_page.text and "The server is busy" in busy_page.text
        assert "change the question" not in busy_page.text
        # The two refused were not counted: the client's second check of the minute runs.
        assert app_client.post("/claims", data={**CLAIM, "csrf_token": token}).status_code == 200
        assert app_client.post("/api/v1/claims/check", json=CLAIM).status_code == 429


def test_the_claims_at_once_setting_is_checked() -> None:
    with pytest.raises(BadSetting, match="claims_at_once: must be between 1 and 1000"):
        Settings(claims_at_once=0)


def test_a_pasted_page_is_read_checked_and_written_off_the_event_loop(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading a page's HTML (0.16 s for the largest form) and writing the answer had held
    the event loop, every other request waiting."""
    seen: dict[str, bool] = {}
    for name in ("article_text", "check_text", "_page"):
        real = getattr(claims_page, name)

        def spy(*args: Any, _name: str = name, _real: Any = real, **kwargs: Any) -> Any:
            seen[_name] = _on_a_loop()
            return _real(*args, **kwargs)

        monkeypatch.setattr(claims_page, name, spy)
    source = "<!DOCTYPE html><html><body><p>Senior ML engineers earn $150K.</p></body></html>"
    answer = client.post("/claims", data={"text": source, "csrf_token": claims_token(client)})
    assert answer.status_code == 200 and "$150K" in answer.text
    assert seen == {"article_text": False, "check_text": False, "_page": False}


BIG_PAGE = "/explore?by=company,metro&limit=100000&format=json"


def test_a_page_json_is_not_walked_whole_by_fastapis_encoder(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """jsonable_encoder had walked every value of the page first: 0.8-1.6 s of this one's
    1.1-2 s (9 MB), in one call holding the GIL."""
    given: list[Any] = []

    def encoder(value: Any, *args: Any, **kwargs: Any) -> Any:
        given.append(value)
        return jsonable_encoder(value, *args, **kwargs)

    monkeypatch.setattr(render, "jsonable_encoder", encoder, raising=False)
    monkeypatch.setattr(jsonbody, "jsonable_encoder", encoder, raising=False)
    response = client.get(BIG_PAGE)
    assert response.status_code == 200 and len(response.content) > 2 * ONE_CALL
    assert not [value for value in given if isinstance(value, dict) and "figure" in value]


@pytest.mark.parametrize(
    "path",
    [BIG_PAGE, "/?format=json", "/companies/Google?format=json", "/records?format=json",
     "/locations?format=json", "/report?format=json", "/submit?format=json"],
)  # fmt: skip
def test_a_page_json_is_the_bytes_the_encoder_and_starlette_wrote(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    pages: list[Any] = []
    written = render.json_bytes
    monkeypatch.setattr(
        render, "json_bytes", lambda data, dump: pages.append(data) or written(data, dump)
    )
    response = client.get(path)
    assert response.status_code == 200 and len(pages) == 1
    assert response.content == bytes(JSONResponse(jsonable_encoder(pages[0])).body)


class _Pay(Enum):
    BASE = "base"


@dataclass
class _Span:
    first: date
    last: date


def test_what_json_does_not_hold_is_written_as_the_encoder_wrote_it() -> None:
    value = {
        "when": datetime(2024, 5, 1, 12, 30, tzinfo=UTC),
        "span": _Span(date(2020, 1, 1), date(2024, 12, 31)),
        "amount": Decimal("152400"),
        "share": Decimal("0.25"),
        "pay": _Pay.BASE,
        "file": Path("data/levels.csv"),
        "by": ("level", "metro"),
        "groups": [{"key": {"level": "senior"}, "n": 5}] * 1200,
        "said": Markup("<b>n</b> \u00e9"),
        "counts": {2023: 5, 2024: 6},
        "p50": 1e16,
    }
    written = jsonbody.json_bytes(value, jsonbody.page_json)
    assert written == bytes(JSONResponse(jsonable_encoder(value)).body)


async def _checks_through(app: Any, proxy: str, clients: list[str]) -> list[int]:
    """The statuses of one claims check per client, each sent by ``proxy`` naming the
    client in X-Forwarded-For, as a reverse proxy does."""
    transport = httpx.ASGITransport(app=app, client=(proxy, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as sent:
        return [
            (
                await sent.post(
                    "/api/v1/claims/check", json=CLAIM, headers={"X-Forwarded-For": who}
                )
            ).status_code
            for who in clients
        ]


def _served_app(db: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The app ``paygrade serve`` would serve, uvicorn's middleware around it (no port)."""
    configs: list[Any] = []
    monkeypatch.setattr(cli, "_listening_socket", lambda host, port: None)
    monkeypatch.setattr(
        serving.StoppableServer, "run", lambda self, **_: configs.append(self.config)
    )
    assert cli.main(["--db", str(db), "serve"]) == 0
    (config,) = configs
    config.load()
    return config.loaded_app


@pytest.mark.parametrize(
    ("proxy", "statuses"), [("10.0.0.5", [200, 200]), ("10.0.0.6", [200, 429])]
)
def test_clients_behind_a_listed_proxy_each_have_their_checks(
    web_db: Path, monkeypatch: pytest.MonkeyPatch, proxy: str, statuses: list[int]
) -> None:
    """Behind a reverse proxy on another address every client had been the proxy: one
    window of checks a minute for all. A proxy not listed is still not believed."""
    monkeypatch.setenv("PAYGRADE_FORWARDED_ALLOW_IPS", "10.0.0.5, 192.168.0.0/16")
    monkeypatch.setenv("PAYGRADE_CLAIMS_PER_MINUTE", "1")
    app = _served_app(web_db, monkeypatch)
    assert asyncio.run(_checks_through(app, proxy, ["203.0.113.1", "203.0.113.2"])) == statuses


def test_a_proxy_setting_of_a_name_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAYGRADE_FORWARDED_ALLOW_IPS", "10.0.0.5,proxy.lan")
    said = "forwarded_allow_ips: 'proxy.lan' is no IP address or network"
    with pytest.raises(BadSetting, match=re.escape(said)):
        Settings()
