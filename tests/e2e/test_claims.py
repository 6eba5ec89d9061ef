"""Checking an article in the browser: paste it into /claims, submit, and read the text back
with each claim highlighted and its verdict beside it (the page must log no errors)."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Locator, expect

from tests.conftest import FIXTURES
from tests.e2e.conftest import Tab

# A hand-written news story (fixture): verdicts of every kind and two contradictions.
ARTICLE = (FIXTURES / "fixture-article-news.md").read_text("utf-8")
# The article's text as the page shows it, without the verdict labels it added (each with
# the space that sets it apart from its mark).
_TEXT_ALONE = """(article) => {
  const copy = article.cloneNode(true);
  copy.querySelectorAll("a.verdict").forEach(label => {
    label.previousSibling.remove();
    label.remove();
  });
  return copy.textContent;
}"""


# The mark's last line box (a mark wrapped over lines has one per line) and the box of
# the element right after it, both in viewport pixels from one moment.
_BOXES = """(mark) => {
  const rects = mark.getClientRects();
  const end = rects[rects.length - 1];
  const label = mark.nextElementSibling.getBoundingClientRect();
  const box = r => ({x: r.x, y: r.y, width: r.width, height: r.height});
  return [box(end), box(label)];
}"""


def _beside(mark: Locator) -> None:
    """The verdict label follows its mark: after the mark's last line, on that line, or
    first on the next line when there is no room."""
    end, label = mark.evaluate(_BOXES)
    middle = label["y"] + label["height"] / 2
    if end["y"] <= middle <= end["y"] + end["height"]:  # same line
        assert label["x"] >= end["x"] + end["width"] - 1, (end, label)
    else:  # wrapped: the label starts the next line, just below the mark's last line
        assert end["y"] + end["height"] <= label["y"] + 2 < end["y"] + end["height"] * 3


def _paste_and_check(tab: Tab, text: str) -> None:
    page = tab.page
    tab.open("/claims")
    form = page.get_by_test_id("claims-form")
    form.get_by_label("Article text").focus()
    page.keyboard.insert_text(text)  # as a paste does: one input, the whole text
    with tab.navigation():
        form.get_by_role("button", name="Check the claims").click()


def test_a_pasted_article_comes_back_with_each_claim_highlighted_and_its_verdict(
    tab: Tab,
) -> None:
    page = tab.page
    _paste_and_check(tab, ARTICLE)
    answer = page.request.post("/api/v1/claims/check", data={"text": ARTICLE})
    assert answer.ok, answer.status
    checked: dict[str, Any] = answer.json()
    assert {c["verdict"] for c in checked["claims"]} >= {"consistent", "below_data", "no_data"}

    article = page.get_by_test_id("claims-article")
    expect(article).to_be_visible()
    shown = article.evaluate(_TEXT_ALONE).replace("\r\n", "\n")
    assert shown == ARTICLE
    expect(article.locator("mark")).to_have_count(len(checked["claims"]))
    for claim in checked["claims"]:
        mark = article.locator(f"mark#claim-{claim['id']}")
        expect(mark).to_have_text(claim["text"])
        expect(mark).to_have_class(re.compile(rf"\bverdict-{claim['verdict']}\b"))
        background = mark.evaluate("m => getComputedStyle(m).backgroundColor")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent"), claim["text"]
        label = mark.locator("xpath=following-sibling::*[1]")
        expect(label).to_be_visible()
        # Numbered from 1, bracketed and a space after the mark: "$350,0000: above data" had
        # read as one figure (the JSON's ids count from 0).
        verdict = claim["verdict"].replace("_", " ")
        expect(label).to_have_text(f"[{claim['id'] + 1}: {verdict}]")
        assert mark.evaluate("m => m.nextSibling.textContent") == " "
        _beside(mark)
        row = page.locator(f"#row-{claim['id']}")  # the label links to the claim's row
        expect(label).to_have_attribute("href", f"#row-{claim['id']}")
        expect(row).to_contain_text(claim["explanation"])

    # The claims table was 735 px wide on a 360 px phone, its last columns off the screen:
    # it scrolls in its own box, as every other table does.
    width = page.evaluate("document.scrollingElement.scrollWidth")
    viewport = page.viewport_size
    assert viewport is not None and width <= viewport["width"], width
    contradictions = page.get_by_test_id("claims-contradictions")
    for c in checked["contradictions"]:
        expect(contradictions).to_contain_text(c["explanation"])
    expect(contradictions.locator("li")).to_have_count(len(checked["contradictions"]))


def test_a_long_link_in_the_article_wraps_within_the_screen(tab: Tab) -> None:
    # A URL with a query string does not break at hyphens: the page was 644 px wide on a
    # 375 px phone, and 2,226 px on a desktop with a 200-character word.
    link = "https://example.com/article?utm_source=newsletter&utm_medium=email&utm_campaign=pay"
    text = f"Senior ML engineers earn a median of $250,000 in total pay. See {link}{'x' * 200}."
    _paste_and_check(tab, text)
    expect(tab.page.get_by_test_id("claims-article")).to_contain_text(link)
    width = tab.page.evaluate("document.scrollingElement.scrollWidth")
    viewport = tab.page.viewport_size
    assert viewport is not None and width <= viewport["width"], width
