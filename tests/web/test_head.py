"""HEAD on every GET route: GET's status and headers, no body (paygrade.web.head)."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from paygrade.config import Settings
from paygrade.web import create_app
from tests.web.conftest import Server

# An example value for each path parameter of a GET route.
EXAMPLES = {"name": "Google", "metro": "San Jose-Sunnyvale-Santa Clara, CA"}
# The pages (left out of /openapi.json) and what is served beside the routes.
PAGES = [
    "/", "/records", "/report", "/report.html", "/docs", "/offers", "/estimate", "/claims",
    "/sources", "/ladder", "/companies", "/companies/Google", "/submit", "/explore",
    "/locations", "/locations/San Jose-Sunnyvale-Santa Clara, CA",
    "/openapi.json", "/static/style.css", "/swagger-ui/swagger-ui.css",
]  # fmt: skip
# Headers that may differ between two answers to the same question.
PER_ANSWER = {"date", "content-length"}


def _get_paths() -> list[str]:
    """Every GET operation /openapi.json lists, its path parameters filled in."""
    schema = create_app(Settings(db=Path("schema-only.duckdb"), admin_token="a" * 32)).openapi()
    fill = lambda found: EXAMPLES[found.group(1)]  # noqa: E731
    return [re.sub(r"\{(\w+)\}", fill, p) for p, ops in schema["paths"].items() if "get" in ops]


@pytest.mark.parametrize("path", _get_paths() + PAGES + ["/api/v1/stats?by=nothing", "/nowhere"])
def test_head_answers_as_get_without_the_body(client: TestClient, path: str) -> None:
    got, head = client.get(path), client.head(path)
    assert head.status_code == got.status_code  # it was 405 for every route but the files
    assert head.content == b""
    assert head.headers.get("content-length") in (None, got.headers.get("content-length"))
    without = lambda headers: {k: v for k, v in headers.items() if k not in PER_ANSWER}  # noqa: E731
    assert without(head.headers) == without(got.headers)


@pytest.mark.parametrize("path", ["/api/v1/estimate", "/api/v1/offers/evaluate"])
def test_head_on_a_post_only_route_is_405_naming_post(client: TestClient, path: str) -> None:
    head = client.head(path)
    assert head.status_code == 405 and head.headers["allow"] == "POST"
    assert head.content == b""


def test_curl_dash_i_on_the_real_server(server: Server) -> None:
    # What monitors do: HEAD over HTTP to a real `paygrade serve` (uvicorn sends no body).
    for path in ("/healthz", "/", "/api/v1/stats"):
        head = httpx.head(f"{server.url}{path}", timeout=30)
        assert head.status_code == 200 and head.content == b""
        assert int(head.headers["content-length"]) > 0
    # HEAD is no operation of its own in the schema clients are generated from.
    paths = httpx.get(f"{server.url}/openapi.json", timeout=10).json()["paths"]
    assert not [p for p, operations in paths.items() if "head" in operations]


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [("PUT", "/submit", "GET, HEAD, POST"), ("DELETE", "/claims", "GET, HEAD, POST"),
     ("PUT", "/api/v1/submissions", "GET, HEAD, POST"), ("POST", "/records", "GET, HEAD"),
     ("GET", "/api/v1/submissions/3/approve", "POST")],
)  # fmt: skip
def test_a_405_allows_every_method_served_at_its_path(
    client: TestClient, method: str, path: str, allow: str
) -> None:
    # Starlette named the first route whose path matched: "PUT /submit" said "GET" of a page
    # whose form POSTs, and HEAD, answered for every GET, was never named.
    got = client.request(method, path)
    assert (got.status_code, got.headers["allow"]) == (405, allow)
