"""Every page loads in a real browser, at desktop and phone width, with nothing broken:
no console or script error, no failed request, every image drawn, nothing wider than
a phone's screen, and the page's own content (found by role and data-testid) there."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from playwright.sync_api import Page, expect

from paygrade.filters import MAX_VALUE_LENGTH
from tests.e2e.conftest import PHONE, SHOTS, Tab

SAN_JOSE = "San Jose-Sunnyvale-Santa Clara, CA"
# path -> the data-testid that carries the page's answer, and how many of it at least.
PAGES = {
    "/": ("stats-table", 3),
    "/explore": ("stats-table", 1),
    "/records?where=company:Google&where=role:ml_engineer": ("records-table", 1),
    "/companies": ("companies-table", 1),
    "/companies/Google": ("stats-table", 2),
    f"/locations/{quote(SAN_JOSE)}": ("compare-table", 1),
    "/locations": ("locations-table", 1),
    "/sources": ("sources-table", 1),
    "/quality": ("quality-source", 3),
    "/submit": ("submit-form", 1),
    "/offers": ("offer-form", 1),
    "/ladder": ("ladder-table", 1),
    "/claims": ("claims-form", 1),
    "/report": ("report-section", 5),
    "/docs": ("swagger-ui", 1),
}
# Saved for a person to look at after the run (not compared, not committed).
SCREENSHOTS = {"/": "home", "/explore": "explore"}


@pytest.mark.parametrize("path", list(PAGES))
def test_every_page_loads_clean_at_desktop_and_phone_width(tab: Tab, path: str) -> None:
    tab.open(path)
    page = tab.page
    expect(page.get_by_role("heading", level=1).first).to_be_visible()  # Swagger UI adds one
    testid, at_least = PAGES[path]
    assert page.get_by_test_id(testid).count() >= at_least
    assert_images_drawn(page)
    if page.viewport_size == PHONE:
        assert_fits_the_screen(page)
    # The layout rules of the two tests below, on this load of the page rather than on
    # one of their own (a second load of the same page proved nothing more, at ~1.5 s each):
    # test_every_table_fits_a_desktop_screen[path] for each page here at desktop width,
    # test_every_form_control_is_large_enough_to_tap[path] for its pages here at both.
    if page.viewport_size != PHONE:
        assert broken(tab, TOO_WIDE) == []
    if path in FORM_PAGES:
        assert broken(tab, TOO_SMALL) == []
    if path in SCREENSHOTS:
        width = "phone" if page.viewport_size == PHONE else "desktop"
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SHOTS / f"{SCREENSHOTS[path]}-{width}.png", full_page=True)


# Elements breaking a layout rule, each named: (CSS selector, JS test of one element, name).
TOO_WIDE = (
    ".table-wrap",
    "w => w.scrollWidth > w.clientWidth + 1",
    "w => `${w.getAttribute('aria-labelledby')}: ${w.scrollWidth} > ${w.clientWidth}`",
)
TOO_SMALL = ("main input:not([type=hidden]):not([type=checkbox]), main select",
             "e => e.offsetParent !== null && e.getBoundingClientRect().height < 40",
             "e => e.id || e.name")  # fmt: skip


# The pages with form controls to tap.
FORMS = ["/offers", "/ladder", "/submit", "/estimate", "/explore"]
# Those test_every_page_loads_clean_at_desktop_and_phone_width loads and checks already.
FORM_PAGES = [path for path in FORMS if path in PAGES]


def broken(tab: Tab, rule: tuple[str, str, str]) -> list[str]:
    """The elements of the page open in ``tab`` that break ``rule``, by name."""
    selector, test, name = rule
    found: list[str] = tab.page.evaluate(
        f"Array.from(document.querySelectorAll({selector!r})).filter({test}).map({name})"
    )
    return found


def offending(tab: Tab, path: str, rule: tuple[str, str, str]) -> list[str]:
    """The elements of the page at ``path`` that break ``rule``, by name."""
    tab.open(path)
    return broken(tab, rule)


# Every page of PAGES is checked by test_every_page_loads_clean_at_desktop_and_phone_width
# (its desktop-... ids); a page not there is checked here.
@pytest.mark.parametrize("path", ["/ladder?company=Google&role=software_engineer"])
def test_every_table_fits_a_desktop_screen(desktop: Tab, path: str) -> None:
    # At 1280 px the company page's titles and metros, the ladder's text and a
    # location's source labels once pushed the pay columns out of sight, behind a
    # sideways scroll: names, intervals and notes wrap instead.
    assert offending(desktop, path, TOO_WIDE) == []


# FORM_PAGES are checked by test_every_page_loads_clean_at_desktop_and_phone_width.
@pytest.mark.parametrize("path", [path for path in FORMS if path not in FORM_PAGES])
def test_every_form_control_is_large_enough_to_tap(tab: Tab, path: str) -> None:
    # Inputs written without a type (offers, ladder, submit) once missed the stylesheet's
    # input[type="text"] rule and were drawn at the browser's small default.
    assert offending(tab, path, TOO_SMALL) == []


def assert_images_drawn(page: Page) -> None:
    broken = page.evaluate(
        "Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0)"
        ".map(i => i.currentSrc || i.src)"
    )
    assert broken == []


def assert_fits_the_screen(page: Page) -> None:
    """Nothing makes the page scroll sideways (wide tables scroll inside their own box)."""
    width = page.evaluate("document.scrollingElement.scrollWidth")
    if width > PHONE["width"]:
        culprits = page.evaluate(OVERFLOWING, PHONE["width"])
        pytest.fail(f"the page is {width}px wide on a {PHONE['width']}px screen: {culprits}")


# The outermost elements reaching past the screen's edge, outside any scrolling box.
OVERFLOWING = """(limit) => Array.from(document.querySelectorAll("body *"))
  .filter(e => e.getBoundingClientRect().right > limit + 1)
  .filter(e => { for (let a = e.parentElement; a; a = a.parentElement)
                   if (getComputedStyle(a).overflowX !== "visible") return false;
                 return true; })
  .slice(0, 3).map(e => `<${e.tagName.toLowerCase()} class="${e.className}">`
                        + ` ${e.textContent.trim().slice(0, 40)}`)"""


def test_the_api_docs_list_the_operations(desktop: Tab) -> None:
    desktop.open("/docs")
    docs = desktop.page.get_by_test_id("swagger-ui")
    expect(docs.get_by_text("/api/v1/stats", exact=True)).to_be_visible()
    expect(docs.get_by_text("/api/v1/submissions", exact=True).first).to_be_visible()


def test_the_ladder_shows_pay_and_whole_captions_on_a_phone(phone: Tab) -> None:
    # On a phone the levels table put pay after scope, responsibilities, skills and
    # company levels, ~900 px of sideways scrolling away, and its captions were cut at
    # the screen's edge ("Levels, what they mean, company levels ar...").
    phone.open("/ladder?years=3")
    width = PHONE["width"]
    table = phone.page.get_by_test_id("ladder-table")
    pay = table.locator("thead th", has_text="total pay").bounding_box()
    assert pay is not None and pay["x"] + pay["width"] <= width
    # Its captions, on the same load (they had been checked on a second load of it).
    captions = phone.page.locator("caption").all()
    assert len(captions) >= 4
    for caption in captions:
        box = caption.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, box
    # A company's own levels likewise: its roles list came before pay.
    phone.open("/ladder?company=Amazon")
    own = phone.page.get_by_test_id("company-level-table")
    pay = own.locator("thead th", has_text="total pay").bounding_box()
    assert pay is not None and pay["x"] < width  # starts on the screen (was at 651 px)


LONG = "A" * 3000  # a value with no space to break at
# Pages that say a value back in a notice, and the status each answers with.
NOTICES = {
    # The longest value a filter takes (MAX_VALUE_LENGTH): no record has company 'AAA...'.
    f"/explore?by=level&where=company:{LONG[:MAX_VALUE_LENGTH]}": 200,
    f"/records?where=company:{LONG[:MAX_VALUE_LENGTH]}": 200,
    f"/records?where=company:{LONG}": 422,  # longer: refused, said without being echoed
    f"/explore?by={LONG}": 422,  # unknown field 'AAA...'
    f"/explore?by=level&{LONG}=1": 200,  # this page does not read 'AAA...'
    f"/companies?search={'A' * 100}": 200,  # no company matches
    f"/nope/{LONG}": 404,
    # An offer named by a long word (a URL) in its year-by-year heading: 2,596 px at 360.
    f"/offers?name={'A' * 200}&base=180000": 200,
}


@pytest.mark.parametrize("path", list(NOTICES))
def test_a_long_word_said_back_wraps_in_its_notice(tab: Tab, path: str) -> None:
    # The notice did not wrap: Explore was 29,521 px wide at 1,280, Records 29,503 at 390.
    tab.watch.expect_status(NOTICES[path])
    answer = tab.go(path)
    assert answer is not None and answer.status == NOTICES[path]
    width = tab.page.evaluate("document.scrollingElement.scrollWidth")
    viewport = tab.page.viewport_size
    assert viewport is not None
    if width > viewport["width"]:
        culprits = tab.page.evaluate(OVERFLOWING, viewport["width"])
        pytest.fail(f"the page is {width}px wide on a {viewport['width']}px screen: {culprits}")


@pytest.mark.parametrize(
    ("path", "testid"),
    [("/explore?by=level&local_prices=true", "stats-table"),
     ("/ladder?company=Amazon", "company-level-table")],
)  # fmt: skip
def test_long_header_notes_and_role_lists_wrap_on_a_desktop(
    desktop: Tab, path: str, testid: str
) -> None:
    # The records column's note was 698 px on one line, the Amazon levels' "roles (n)" one
    # line too: both tables overflowed a 1280 px screen (1568 and 1335 px in 1118).
    desktop.open(path)
    table = desktop.page.get_by_test_id(testid)
    widths = table.evaluate("t => [t.scrollWidth, t.closest('.table-wrap').clientWidth]")
    assert widths[0] <= widths[1], widths
