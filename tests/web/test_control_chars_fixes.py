"""A control character typed into a page's search (a NUL) is written as the replacement
character, as a browser shows it: /companies?q=%00 had put the raw byte in its HTML twice
(the search box's value and "No company matches"), a parse error."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from paygrade.config import Settings
from paygrade.web import create_app

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
