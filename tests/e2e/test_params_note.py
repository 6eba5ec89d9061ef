"""A parameter a page does not read, in a browser: a link carried from /estimate to /ladder
(``years_experience``, which /ladder calls ``years``) answers the ladder and says, above
it, what was left out and the name meant."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.conftest import Tab


def test_a_parameter_of_another_page_is_said_above_the_answer(desktop: Tab) -> None:
    page = desktop.page
    desktop.open("/ladder?role=ml_engineer&years_experience=7&fbclid=IwAR0x")
    note = page.get_by_test_id("unread-parameters")
    expect(note).to_be_visible()
    expect(note).to_have_attribute("role", "status")
    expect(note).to_contain_text("does not read 'years_experience'")
    expect(note).to_contain_text("(did you mean years?)")
    expect(note).not_to_contain_text("fbclid")  # a click id no one typed is let be
    # Above the answer, which is still given.
    answer = page.locator("h1")
    assert note.bounding_box()["y"] < answer.bounding_box()["y"]  # type: ignore[index]
