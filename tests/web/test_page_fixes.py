"""Pages as a person meets them: what a form sends is what was typed, an error is in view
and its field marked, a phone's layout keeps words and controls whole.

Form and layout behaviour lives in the browser: those tests drive headless Chromium
against a real `paygrade serve` (one server, one browser for the module); the rest read
the HTML over HTTP.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page

from paygrade.config import Settings
from paygrade.store.snapshot import publish_file
from paygrade.submissions import queue, reject
from paygrade.web import create_app
from paygrade.web.pages.estimate import factor_bars
from tests.e2e.conftest import PHONE, Watch, closed_clean, opened, watched_page
from tests.web.conftest import Server
from tests.web.html import Element
from tests.web.html import Page as Html

SALARY = {"title": "Machine Learning Engineer", "country": "US", "base": "150,000", "year": "2025"}
# Fixture text: a title longer than a submission takes (200 characters), as pasted.
LONG_TITLE = "Senior Staff Machine Learning Engineer, " * 7


def own_copy(web_db: Path, folder: Path) -> Path:
    """A published copy of the real store: a server or app of its own may queue into it."""
    db = folder / "own.duckdb"
    shutil.copyfile(web_db, db)
    publish_file(db)
    return db


def token(client: TestClient, path: str = "/submit") -> str:
    (field,) = [
        e for e in Html(client.get(path).text).elements if e.attrs.get("name") == "csrf_token"
    ]
    return field.attrs["value"]


def by_id(page: Html, element_id: str) -> Element:
    (found,) = [e for e in page.elements if e.attrs.get("id") == element_id]
    return found


def marked(page: Html) -> list[str]:
    return [e.attrs["id"] for e in page.elements if e.attrs.get("aria-invalid") == "true"]


# ---------------------------------------------------------------- over HTTP


def test_submit_refuses_a_field_the_form_does_not_have(client: TestClient) -> None:
    # remote=100 and pay_component=total were dropped without a word: the salary was
    # queued as if they had not been sent, where the API refuses them.
    sent = {**SALARY, "remote": "100", "pay_component": "total", "csrf_token": token(client)}
    refused = client.post("/submit", data=sent, follow_redirects=False)
    assert refused.status_code == 422  # not queued (a queued one is a 303 to its thanks)
    (box,) = [e for e in Html(refused.text).elements if e.attrs.get("id") == "form-errors"]
    assert "unknown field 'remote'" in box.text and "unknown field 'pay_component'" in box.text
    assert "csrf_token" not in box.text  # the form's own token is no unknown field
    # No field of the form is at fault: none is marked, and none is said to be.
    assert marked(Html(refused.text)) == [] and "Please correct" not in box.text
    assert not Html(refused.text).by_testid("submit-errors")


@pytest.fixture
def limited(web_db: Path, tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(db=own_copy(web_db, tmp_path), submissions_per_hour=1)
    with TestClient(create_app(settings)) as app:
        yield app


def test_submit_too_often_says_when_to_try_again(limited: TestClient) -> None:
    sent = {**SALARY, "csrf_token": token(limited)}
    assert limited.post("/submit", data=sent).status_code == 200
    again = limited.post("/submit", data=sent)
    assert again.status_code == 429
    minutes = -(-int(again.headers["retry-after"]) // 60)
    (box,) = [e for e in Html(again.text).elements if e.attrs.get("id") == "form-errors"]
    # It said "Please correct the fields marked below" (none was), and never when.
    assert f"try again in about {minutes} minutes" in box.text
    assert "Please correct" not in box.text and not Html(again.text).by_testid("submit-errors")


def test_the_errors_of_fields_are_listed_each_a_link_to_its_field(client: TestClient) -> None:
    # The alert said only "Please correct the fields marked below": a screen reader had to
    # walk all 13 fields to find the two marked.
    sent = {**SALARY, "year": "10+", "country": "Germny", "csrf_token": token(client)}
    refused = Html(client.post("/submit", data=sent).text)
    (summary,) = refused.by_testid("submit-errors")
    assert "Year the pay applies to" in summary.text and "Country (ISO code)" in summary.text
    links = [
        e for e in refused.elements if e.tag == "a" and e.attrs["href"] in ("#s-year", "#s-country")
    ]
    assert sorted(a.attrs["href"] for a in links) == ["#s-country", "#s-year"]
    assert sorted(marked(refused)) == ["s-country", "s-year"]  # each link's target is marked
    assert all(
        a.text.split(":")[0] in ("Year the pay applies to", "Country (ISO code)") for a in links
    )


def test_the_fields_about_the_person_say_what_a_browser_may_fill(client: TestClient) -> None:
    inputs = {
        e.attrs["name"]: e.attrs.get("autocomplete")
        for e in Html(client.get("/submit").text).elements
        if e.tag == "input"
    }
    assert inputs["title"] == "organization-title" and inputs["company"] == "organization"
    assert (inputs["city"], inputs["state"], inputs["country"]) == (
        "address-level2",
        "address-level1",
        "country",
    )
    assert inputs["base"] == "off"


def test_the_thanks_says_received_not_a_status(web_db: Path, tmp_path: Path) -> None:
    settings = Settings(db=own_copy(web_db, tmp_path))
    with TestClient(create_app(settings)) as app:
        thanks = app.post("/submit", data={**SALARY, "csrf_token": token(app)})
        sent = thanks.url.params["sent"]
        (queued,) = queue(settings)
        reject(settings, queued["id"], "fixture: decided before the thanks is read again")
        again = app.get(f"/submit?sent={sent}")
        (result,) = Html(again.text).by_testid("submit-result")
        data = app.get(f"/submit?sent={sent}&format=json").json()
    # It said "is pending review" (and "status": "pending") of a rejected submission.
    assert "was received" in result.text and "pending" not in result.text
    assert data["result"] == {"received": True}


def test_the_thanks_tells_no_one_how_many_submissions_were_received(
    web_db: Path, tmp_path: Path
) -> None:
    settings = Settings(db=own_copy(web_db, tmp_path))
    with TestClient(create_app(settings)) as app:
        for _ in range(2):
            thanks = app.post("/submit", data={**SALARY, "csrf_token": token(app)})
            assert thanks.status_code == 200
        (redirect,) = thanks.history
        (result,) = Html(thanks.text).by_testid("submit-result")
        asked = {n: app.get(f"/submit?sent={n}").status_code for n in (1, 2, 3)}
    assert [row["id"] for row in queue(settings)] == [1, 2]
    # Queue ids one by one: ?sent=1 and 2 were 200 and 3 a 404, the site's count of
    # submissions (rejected ones too) for anyone to read; the thanks said "submission 2".
    assert asked == {1: 404, 2: 404, 3: 404}
    assert not re.search(r"sent=\d+\Z", redirect.headers["location"])
    assert not re.search(r"\d", result.text)


def test_an_offer_error_is_the_answer_the_form_goes_to(client: TestClient) -> None:
    # The form posts to /offers#answer, which only a result had: a phone stayed at the top.
    got = client.get("/offers?base=abc&base=150000&role=ml_engineer&years=abc")
    assert got.status_code == 422
    page = Html(got.text)
    (summary,) = page.by_testid("offer-errors")
    assert summary.attrs["id"] == "answer" and summary.attrs["role"] == "alert"
    assert got.text.count('id="answer"') == 1  # the second offer's result has none then
    assert "offer 1: base: 'abc' is not an amount (write 185000," in summary.text
    inside = got.text.split('data-testid="offer-errors"')[1].split("</div>")[0]
    assert re.findall(r'href="([^"]+)"', inside) == ["#o-years", "#o1-base"]  # the fields


def test_the_offers_table_and_its_notes_read_as_sentences(client: TestClient) -> None:
    got = client.get("/offers?base=185000&equity=400000&role=ml_engineer&level=senior"
                     "&metro=Seattle&years=20")  # fmt: skip
    assert got.status_code == 200
    # The top-left cell heads nothing: it was an empty <th> (axe: empty-table-header).
    assert '<thead><tr><td></td><th scope="col"' in got.text
    notes = got.text.split('data-testid="market-notes"')[1].split("</ul>")[0]
    said = re.findall(r"<li[^>]*>(.*?)</li>", notes)
    # "fewer than 5 peers in the metro: the country." and the market note began lower case.
    assert len(said) >= 3 and all(text[0].isupper() for text in said), said


def test_claims_go_to_their_answer(client: TestClient) -> None:
    (form,) = Html(client.get("/claims").text).by_testid("claims-form")
    assert form.attrs["action"] == "/claims#answer"
    text = "Senior ML engineers in the US earn a median of $500,000 a year."
    checked = client.post("/claims", data={"text": text, "csrf_token": token(client, "/claims")})
    assert by_id(Html(checked.text), "answer").text == "The article, checked"
    empty = client.post("/claims", data={"text": " ", "csrf_token": token(client, "/claims")})
    (error,) = Html(empty.text).by_testid("claims-error")
    assert error.attrs["id"] == "answer"


def test_the_report_gives_a_phone_its_own_chart(client: TestClient) -> None:
    page = Html(client.get("/report").text)
    charts = page.by_testid("report-chart")
    sources = [e.attrs for e in page.elements if e.tag == "source"]
    assert len(charts) == len(sources) == 2  # the levels and the sources compared
    for chart, source in zip(charts, sources, strict=True):
        assert source["media"] == "(max-width: 40rem)"
        assert source["srcset"].startswith(chart.attrs["src"]) and "width=230" in source["srcset"]
        narrow = client.get(source["srcset"])
        assert narrow.status_code == 200 and narrow.headers["content-type"].startswith("image/svg")


def _refused(client: TestClient, url: str, field: str, error: str) -> Html:
    """The 422 page of ``url``, its one marked field ``field``, described by ``error``."""
    got = client.get(url)
    assert got.status_code == 422
    page = Html(got.text)
    assert marked(page) == [field]
    assert by_id(page, field).attrs["aria-describedby"] == error
    return page


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("role=ml_engineer&years_experience=abc", "e-years_experience"),
        ("role=ml_engineer&country=California", "e-country"),
        ("role=ml_engineer&metro=Seattle&country=DE", "e-country"),  # the wider place
        ("company=Google&level=L99", "e-level"),
        ("role=ml_engineer&pay_component=net", "e-pay_component"),
    ],
)
def test_an_estimate_error_marks_its_field(estimating: TestClient, query: str, field: str) -> None:
    page = _refused(estimating, f"/estimate?{query}", field, "e-error")
    assert by_id(page, "e-error").text == page.by_testid("estimate-error")[0].text.strip()


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("years=abc", "l-years"),
        ("years=99", "l-years"),
        ("role=chef", "l-role"),
        ("company=Nope", "l-company"),
        ("country=Narnia", "l-country"),
        ("country=AQ", "l-country"),  # a country, of no record
        ("level=x", "l-level"),
        ("level=executive", "l-level"),  # no path starts there
    ],
)
def test_a_ladder_error_marks_its_field(client: TestClient, query: str, field: str) -> None:
    page = _refused(client, f"/ladder?{query}", field, "l-error")
    assert by_id(page, "l-error").text


def test_an_effect_that_rounds_to_nothing_is_no_fall() -> None:
    # A fixture factor list: an effect of -0.04% was shown "-0.0%".
    factors = [
        {"field": "level", "value": "senior", "effect_pct": 8.46},
        {"field": "metro", "value": "X", "effect_pct": -0.04},
        {"field": "company", "value": "Y", "effect_pct": -2.0},
    ]
    assert [bar["effect_said"] for bar in factor_bars(factors)] == ["+8.5%", "+0.0%", "-2.0%"]


# ---------------------------------------------------------------- in the browser


@pytest.fixture(scope="module")
def served_db(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return own_copy(web_db, tmp_path_factory.mktemp("page-fixes"))


@pytest.fixture(scope="module")
def served(served_db: Path, web_models: Path) -> Iterator[Server]:
    running = Server(served_db, env={"PAYGRADE_MODELS": str(web_models)})
    yield running
    running.stop()


@pytest.fixture
def phone(browser: Browser, served: Server) -> Iterator[tuple[Page, Watch]]:
    page, watch = watched_page(browser, served.url, PHONE)
    yield page, watch
    closed_clean(page, watch)


def sent_form(page: Page, fields: dict[str, str], button: str, typed: bool = False) -> None:
    """Fill the fields (as pasted; ``typed``: key by key) and send the form."""
    for selector, text in fields.items():
        page.fill(selector, "")
        if typed:
            page.locator(selector).press_sequentially(text)
        else:
            page.fill(selector, text)
    with page.expect_navigation():
        page.click(button)


def test_the_submit_form_sends_what_was_typed(phone: tuple[Page, Watch], served_db: Path) -> None:
    page, watch = phone
    page.goto("/submit")
    watch.expect_status(422)
    page.fill("#s-title", LONG_TITLE)  # pasted
    typed = {"#s-country": "US", "#s-base": "150,000", "#s-years_experience": "10+",
             "#s-year": "2024-25"}  # fmt: skip
    sent_form(page, typed, "[data-testid=submit-form] button[type=submit]", typed=True)
    # "10+" was sent as "" (queued as no years, unsaid) and "2024-25" answered "required",
    # the text lost; the pasted title was cut at 200 characters without a word.
    assert page.input_value("#s-years_experience") == "10+"
    assert page.input_value("#s-year") == "2024-25"
    assert page.input_value("#s-title") == LONG_TITLE.strip()
    errors = {n: page.inner_text(f"#s-{n}-error") for n in ("years_experience", "year", "title")}
    assert errors == {"years_experience": "must be a number", "year": "must be a number",
                      "title": "longer than 200 characters"}  # fmt: skip
    # "1,5" was sent as 15 years: the server reads it as one and a half.
    page.fill("#s-title", SALARY["title"])
    fixed = {"#s-years_experience": "1,5", "#s-year": "2025"}
    sent_form(page, fixed, "[data-testid=submit-form] button[type=submit]", typed=True)
    assert "sent=" in page.url
    (queued,) = queue(Settings(db=served_db))
    assert queued["years_experience"] == 1.5 and queued["year"] == 2025


def test_an_error_is_in_view_after_sending_on_a_phone(phone: tuple[Page, Watch]) -> None:
    page, watch = phone
    watch.expect_status(422)
    page.goto("/offers")
    sent_form(page, {"#o1-base": "abc"}, "[data-testid=offer-form] button[type=submit]")
    summary = page.get_by_test_id("offer-errors")
    assert summary.count() == 1  # the error was under the offer, out of sight
    assert page.url.endswith("#answer") and _in_view(page, "[data-testid=offer-errors]")
    summary.get_by_role("link").first.click()
    assert page.evaluate("location.hash") == "#o1-base" and _in_view(page, "#o1-base")
    page.goto("/claims")
    text = "Senior ML engineers in the US earn a median of $500,000 a year."
    sent_form(page, {"#claims-text": text}, "[data-testid=claims-form] button[type=submit]")
    assert _in_view(page, "#answer")


def _in_view(page: Page, selector: str) -> bool:
    box = page.locator(selector).bounding_box()
    return box is not None and -1 < box["y"] < PHONE["height"]  # -1: a pixel's fraction


# Words (3+ letters or digits in a row) a cell shows on more than one line: broken inside a
# word (a line may still break after a file name's hyphen, as text does).
_BROKEN_WORDS = """(selector) => {
  const broken = [];
  for (const cell of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node; (node = walker.nextNode());) {
      for (const word of node.textContent.matchAll(/[\\p{L}\\p{N}]{3,}/gu)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
          .map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(word[0]);
      }
    }
  }
  return broken;
}"""


def test_a_phone_keeps_the_records_words_whole(phone: tuple[Page, Watch]) -> None:
    page, watch = phone
    opened(page, watch, "/records?where=role:ml_engineer")
    # overflow-wrap: anywhere squeezed every column to a letter or two a line.
    assert page.evaluate(_BROKEN_WORDS, "table.records td") == []


def test_a_phone_keeps_the_explore_options_whole(phone: tuple[Page, Watch]) -> None:
    page, watch = phone
    opened(page, watch, "/explore")
    # A long label beside it shrank its box (13 px of 19 for the longest).
    boxes = [page.locator(f"#{name}").bounding_box() for name in ("f-real", "f-local")]
    assert all(box and round(box["width"]) >= 19 for box in boxes), boxes  # 1.2rem


def test_a_phone_shows_the_estimate_factor_bars(phone: tuple[Page, Watch]) -> None:
    page, watch = phone
    opened(page, watch, "/estimate?role=ml_engineer&level=senior")
    page.get_by_test_id("estimate-factors").scroll_into_view_if_needed()
    region = page.locator("[aria-labelledby=factors-caption]").bounding_box()
    bars = page.locator("svg.factor-bar")
    assert region is not None and bars.count() > 0
    # 12rem wide whatever the screen: they ran past the table's region, out of sight.
    for index in range(bars.count()):
        box = bars.nth(index).bounding_box()
        assert box and box["x"] + box["width"] <= region["x"] + region["width"], box


def test_a_phone_gets_the_report_charts_drawn_for_it(phone: tuple[Page, Watch]) -> None:
    page, watch = phone
    opened(page, watch, "/report")
    # The desktop chart, scaled to a third, had labels no one could read.
    charts = page.locator("[data-testid=report-section] img")
    drawn = charts.evaluate_all("imgs => imgs.map(i => i.currentSrc)")
    assert len(drawn) == 2 and all("width=230" in src for src in drawn), drawn


def test_a_message_starting_with_a_field_name_keeps_its_case(client: TestClient) -> None:
    # "Company_size 'huge' is not one of small, medium, large": a capital mid-name.
    page = client.get("/explore", params={"where": "company_size:huge"})
    assert page.status_code == 422
    assert "company_size &#39;huge&#39; is not one of" in page.text
    assert "Company_size" not in page.text


def test_a_small_share_above_nothing_is_not_said_as_none(client: TestClient) -> None:
    # Four exact copies in a file of 39,000 rows read "(0.0%)".
    text = client.get("/quality").text
    copies = [line for line in text.splitlines() if 'data-testid="quality-duplicates"' in line]
    assert copies and all("(0.0%)" not in line for line in copies)
