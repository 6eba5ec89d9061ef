"""No answer of `paygrade serve` names its software: every one had said "server: uvicorn"
to anyone probing (a page, the API, a 404, a refused Host, uvicorn's own 400 of a
request it cannot read). The API and the Ladder page say what the CLI says of no data:
a metro no record matched, a country whose records hold none of the role."""

from __future__ import annotations

import http.client
import socket
from pathlib import Path

from fastapi.testclient import TestClient

from tests.web.conftest import Server


def _headers(port: int, path: str, host: str | None = None) -> tuple[int, list[str]]:
    """The status and the header names of a GET of ``path`` (``host``: its Host header)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": host} if host else {})
        answer = connection.getresponse()
        answer.read()
        return answer.status, [name.lower() for name, _ in answer.getheaders()]
    finally:
        connection.close()


def _unreadable_request(port: int) -> bytes:
    """The head of uvicorn's own answer to a request line it cannot parse."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(b"NOT A REQUEST\r\n\r\n")
        said = b""
        while b"\r\n\r\n" not in said and (chunk := sock.recv(4096)):
            said += chunk
    return said.partition(b"\r\n\r\n")[0]


def test_no_answer_names_the_server_software(small_db: Path) -> None:
    serving = Server(small_db)
    try:
        answers = {
            path: _headers(serving.port, path)
            for path in (
                "/healthz",
                "/",
                "/api/v1/sources",
                "/api/v1/local-prices",
                "/no-such-page",
            )
        }
        answers["bad host"] = _headers(serving.port, "/api/v1/sources", "evil.example")
        raw = _unreadable_request(serving.port)
    finally:
        serving.stop()
    statuses = {what: status for what, (status, _) in answers.items()}
    assert statuses["/healthz"] == statuses["/"] == statuses["/api/v1/sources"] == 200
    assert statuses["/no-such-page"] == 404 and statuses["bad host"] == 400
    for what, (_, names) in answers.items():
        assert "server" not in names, what
        assert "x-content-type-options" in names, what  # the security headers still come
    assert raw.startswith(b"HTTP/1.1 400")
    assert b"\r\nserver:" not in raw.lower()


def test_the_api_names_a_metro_no_record_matched(client: TestClient) -> None:
    metros = {"metro": ["Boise City, ID", "Seattle-Tacoma-Bellevue, WA"]}
    rows = client.get("/api/v1/local-prices", params=metros).json()["rows"]
    boise = next(row for row in rows if row["metro"] == "Boise City, ID")
    assert boise["n"] == 0 and boise["rank_note"] == "no record of the metro matched"


def test_the_api_and_page_say_a_country_holds_none_of_the_role(client: TestClient) -> None:
    answer = client.get("/api/v1/ladder", params={"country": "NZ"})
    held = answer.json()["countries_held"]  # every country holding the role, most first
    assert answer.status_code == 200 and "NZ" not in held
    first = ", ".join(f"{code} ({n:,})" for code, n in list(held.items())[:2])
    said = f"no ml_engineer record is of NZ; they are of {first}, "
    warning = answer.headers["X-Paygrade-Warning"]
    assert warning.startswith(said) and warning.endswith(" more countries: ask with country")
    page = client.get("/ladder", params={"country": "NZ"}).text
    assert f'data-testid="countries-held">N{said[1:]}' in page
    # A country holding the role has no such note.
    assert (
        "X-Paygrade-Warning" not in client.get("/api/v1/ladder", params={"country": "DE"}).headers
    )


def test_an_offer_no_peer_places_says_so_in_the_apis_header_too(client: TestClient) -> None:
    # The CLI says it on stderr beside its JSON; the API had said it only inside the body.
    placed = {"base": 185000, "role": "ml_engineer", "country": "US"}
    unplaced = {**placed, "level": "staff", "country": "LU"}
    got = client.post("/api/v1/offers/evaluate", json={"offers": [placed, unplaced]})
    assert got.status_code == 200
    market = got.json()["offers"][1]["market"]
    assert market["percentile"] is None and market["n"] == 0
    said = got.headers.get_list("X-Paygrade-Warning")
    assert said == [f"offers.1: market: {market['note']} (n = 0)"]
    assert got.json()["offers"][0]["market"]["percentile"] is not None  # no word of it
