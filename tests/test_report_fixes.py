"""The standalone report.html in headless Chromium: it fits a phone and a laptop screen (its
wide tables scroll in their own boxes, never the page) and its tables fit an A4 page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from paygrade.report import build_report, render_html
from paygrade.store import Store

# An A4 page less Chromium's default 1 cm margins each side: 190 mm at 96 px per inch.
A4_PRINTED_WIDTH = round(190 / 25.4 * 96)


@pytest.fixture(scope="module")
def report_file(real_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = Store.open(real_db, read_only=True)
    try:
        report: dict[str, Any] = build_report(store)
    finally:
        store.close()
    path = tmp_path_factory.mktemp("report") / "report.html"
    path.write_text(render_html(report), encoding="utf-8")
    return path


def opened(browser: Browser, path: Path, width: int, height: int, phone: bool) -> Page:
    context = browser.new_context(
        viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone
    )
    page = context.new_page()
    page.goto(path.as_uri())
    return page


@pytest.mark.parametrize(
    ("width", "height", "phone"), [(390, 844, True), (1366, 768, False)], ids=["phone", "laptop"]
)
def test_the_report_file_never_scrolls_sideways(
    browser: Browser, report_file: Path, width: int, height: int, phone: bool
) -> None:
    # Without a viewport meta a phone laid the file out 980 px wide and shrank it to a third;
    # the metro tables ran to 1,414 px on a 1,366 px screen.
    page = opened(browser, report_file, width, height, phone)
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth,"
        " window.visualViewport.scale]"
    )
    assert widths == [width, width, 1]
    # Each table is whole in a box of its own that scrolls: none is cut.
    boxes = page.evaluate(
        "[...document.querySelectorAll('table')].map(t => t.parentElement.className + ' '"
        " + getComputedStyle(t.parentElement).overflowX)"
    )
    assert boxes and set(boxes) == {"table-wrap auto"}
    page.context.close()


def test_the_printed_report_tables_fit_an_a4_page(browser: Browser, report_file: Path) -> None:
    # Printed, 26 of its 27 tables had run past an A4 page's edge and been cut.
    page = opened(browser, report_file, A4_PRINTED_WIDTH, 1000, phone=False)
    page.emulate_media(media="print")
    rights = page.evaluate(
        "[...document.querySelectorAll('table')].map(t => [t.caption.textContent, Math.max("
        "...[...t.querySelectorAll('th, td')].map(c => c.getBoundingClientRect().right))])"
    )
    assert len(rights) > 20
    assert [caption for caption, right in rights if right > A4_PRINTED_WIDTH] == []
    page.context.close()
