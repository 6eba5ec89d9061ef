"""A control character typed into a page's search (a NUL) is written as the replacement
character, as a browser shows it: /companies?q=%00 had put the raw byte in its HTML twice
(the search box's value and "No company matches"), a parse error."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from paygrade.config import Settings
from paygrade.web import create_app
from tests.web.conftest import Server

CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@pytest.mark.parametrize(
    "path", ["/companies?q=%00", "/locations?q=%00", "/companies?q=in%07tel", "/records?page=1"]
)
def test_no_page_writes_a_control_character(web_db: Path, path: str) -> None:
    with TestClient(create_app(Settings(db=web_db))) as client:
        page = client.get(path)
    assert page.status_code == 200
    assert not CONTROL.search(page.text), CONTROL.findall(page.text)
    if "q=" in path:  # what was typed is said back, the character as a browser shows it
        assert "\ufffd" in page.text


@pytest.mark.parametrize(
    "query",
    ["where=company:Google&x%0A=1&format=json", "a%0D%0Ab=1&format=json", "x%00=1&format=json"],
)
def test_an_unread_parameter_named_with_a_control_character_is_said_escaped(
    server: Server, query: str
) -> None:
    # Its name went into the warning header as written: the connection dropped (curl
    # "Empty reply from server"), a traceback in the server's log.
    got = httpx.get(f"{server.url}/records?{query}", timeout=30)
    assert got.status_code == 200
    warning = got.headers["x-paygrade-warning"]
    assert warning.startswith("This page does not read") and "\\x0" in warning
    assert all(" " <= c < "\x7f" for c in warning)
