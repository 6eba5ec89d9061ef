"""The ladder page says why a promotion step falls beyond noise (a methodologist's
recomputation: staff -> principal read as a firm 21.3% pay cut, without a word)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from mcp_types import TextContent

import paygrade.web.pages.ladder as ladder_page
from paygrade.ladder import promotion_steps
from paygrade.mcp_server import Tools
from paygrade.store.snapshot import PublishedStore
from tests.test_statfix_fixes10 import FALLING
from tests.web.html import Page


def test_the_ladder_page_marks_a_fall_beyond_noise_and_says_why(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    answered = ladder_page.ladder_answer

    def falling(*asked: Any) -> dict[str, Any]:  # the real answer, its steps hand-written
        return {**answered(*asked), "promotion_steps": promotion_steps(FALLING)}

    monkeypatch.setattr(ladder_page, "ladder_answer", falling)
    page = Page(client.get("/ladder?role=software_engineer&country=US").text)
    (mark,) = page.by_testid("step-falls")
    assert mark.text == "falls beyond noise"
    (said,) = page.by_testid("falls-said")
    assert said.text.startswith("Principal's median is below that of staff, the level under it")
    assert "different grades at different employers" in said.text


def test_the_mcp_ladder_tool_warns_of_a_fall_beyond_noise(
    web_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import paygrade.ladder

    def falling(pay: Any, *rest: Any, **named: Any) -> list[dict[str, Any]]:
        return promotion_steps(FALLING)  # the real ladder, its steps over hand-written cells

    monkeypatch.setattr(paygrade.ladder, "promotion_steps", falling)
    called = Tools(PublishedStore(web_db)).ladder(role="software_engineer", country="US")
    warnings = [part.text for part in called.content[1:] if isinstance(part, TextContent)]
    assert any("different grades at different employers" in said for said in warnings)
