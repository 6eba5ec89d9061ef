"""/explore as an auditor met it: a third group-by field lost when Show was pressed, a kept
clause (``years_experience>=5``) shown as 47 values that pushed a phone's page to 1,195 px,
and with ``distinct_rows`` records links that listed every copy of what the figure counts once."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, ViewportSize

from tests.e2e.conftest import Watch, closed_clean, watched_page
from tests.web.conftest import Server
from tests.web.html import Page as Html

NARROW: ViewportSize = {"width": 390, "height": 740}  # the auditor's phone
THREE = "/explore?by=level,metro,company&where=role:ml_engineer&limit=5"
AT_LEAST_5_YEARS = "/explore?by=level&where=years_experience%3E%3D5"


def _json(client: TestClient, url: str) -> Any:
    answer = client.get(url + "&format=json")
    assert answer.status_code == 200, answer.text
    return answer.json()


@pytest.fixture
def narrow(browser: Browser, server: Server) -> Iterator[tuple[Page, Watch]]:
    page, watch = watched_page(browser, server.url, NARROW)
    yield page, watch
    closed_clean(page, watch)


def _shown(page: Page, path: str) -> None:
    answer = page.goto(path, wait_until="networkidle")
    assert answer is not None and answer.status == 200, path


def _sent(page: Page) -> list[tuple[str, str]]:
    """Press Show; the question the page it leads to asks (the form is redirected to it)."""
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    return parse_qsl(urlsplit(page.url).query)


# ---------------------------------------------------------------- over HTTP


def test_the_forms_group_by_fields_are_the_questions(client: TestClient) -> None:
    # The JSON's form said by=level, then_by=metro where the question was by three.
    answer = _json(client, THREE)
    form = answer["form"]
    assert answer["question"]["by"] == ["level", "metro", "company"]
    assert [form["by"], form["then_by"], *form["kept_by"]] == answer["question"]["by"]
    (kept,) = Html(client.get(THREE).text).by_testid("kept-by")
    assert "company" in kept.text
    assert _json(client, "/explore?by=level,metro")["form"]["kept_by"] == []


def test_a_kept_clause_is_shown_as_written(client: TestClient) -> None:
    # It was "years_experience:5,6,7,...,51": the values the clause stands for.
    assert _json(client, AT_LEAST_5_YEARS)["form"]["kept_where"] == ["years_experience>=5"]
    (kept,) = Html(client.get(AT_LEAST_5_YEARS).text).by_testid("kept-where")
    assert kept.text.split() == ["Also", "asked", "(clear", "one", "to", "leave", "it", "out)",
                                 "years_experience>=5"]  # fmt: skip


def test_a_comparison_on_a_field_with_a_control_is_kept_as_written(client: TestClient) -> None:
    # year>=2024 had been put in the year select as the years held (2024, 2025), and sent
    # again as where=year:2024,2025: a link shared then left 2026's records out later.
    answer = _json(client, "/explore?by=level&where=year%3E%3D2024")
    assert answer["form"]["kept_where"] == ["year>=2024"]
    (year,) = [field for field in answer["form"]["fields"] if field["name"] == "year"]
    assert year["value"] == "" and not any(o["selected"] for o in year["options"])
    assert answer["question"]["where"]["year"] == ["2024", "2025"]  # what it stands for
    # The form sent as it stands keeps it as written; a year chosen in the select wins.
    sent = {"by": "level", "then_by": "", "year": "", "where": "year>=2024"}
    shown = client.get("/explore", params=sent, follow_redirects=False)
    assert parse_qsl(urlsplit(shown.headers["location"]).query) == [
        ("by", "level"), ("where", "year>=2024")
    ]  # fmt: skip
    chosen = client.get("/explore", params={**sent, "year": "2023"}, follow_redirects=False)
    assert parse_qsl(urlsplit(chosen.headers["location"]).query) == [
        ("by", "level"), ("where", "year:2023")
    ]  # fmt: skip


def test_rows_whose_records_links_list_every_metro_say_so(client: TestClient) -> None:
    # At US-average prices with too many metros to name, each row's link lists its group's
    # records of every metro (entry: 1,013 for n 342), said only under the figure.
    wide = "/explore?by=level&where=role:data_scientist&local_prices=true"
    answer = _json(client, wide)
    assert answer["figure"]["records_as_shown"] is False
    (said,) = Html(client.get(wide).text).by_testid("records-row-every-metro")
    assert "every metro" in said.text
    entry = next(g for g in answer["figure"]["groups"] if g["key"]["level"] == "entry")
    listed = client.get(entry["records_url"].replace("/records", "/api/v1/records")).json()
    assert listed["total"] > entry["n"]  # what the note is there to say
    # Where the links list what the rows count, nothing is said.
    for asked in ("/explore?by=level&where=role:data_scientist",
                  "/explore?by=level&where=metro:Seattle&local_prices=true"):  # fmt: skip
        assert _json(client, asked)["figure"]["records_as_shown"] is True
        assert Html(client.get(asked).text).by_testid("records-row-every-metro") == []


def test_a_distinct_rows_figures_records_links_total_its_n(client: TestClient) -> None:
    # Meta's n was 1,895 and its records link listed 2,144 records (/records had no
    # distinct_rows; a note said the links listed every copy). They now carry it.
    url = "/explore?by=company&where=company:Meta"
    counted = _json(client, url + "&distinct_rows=true")["figure"]
    (group,) = counted["groups"]
    listed = _json(client, group["records_url"] + "&page=1")["listing"]["total"]
    assert listed == group["n"]
    assert _json(client, counted["links"]["records"] + "&page=1")["listing"]["total"] == listed
    assert "records_every_copy" not in counted
    # Without distinct_rows the figure counts every copy, and so does its link.
    (every,) = _json(client, url)["figure"]["groups"]
    assert "distinct_rows" not in every["records_url"]
    assert _json(client, every["records_url"] + "&page=1")["listing"]["total"] == every["n"]
    assert every["n"] > group["n"]


# ---------------------------------------------------------------- in the browser


def test_pressing_show_keeps_a_third_group_by_field(narrow: tuple[Page, Watch]) -> None:
    page, _ = narrow
    _shown(page, THREE)
    assert ("by", "level,metro,company") in _sent(page)  # it went to by=level,metro
    page.uncheck("[data-testid=kept-by] input[type=checkbox]")  # cleared: left out
    assert ("by", "level,metro") in _sent(page)


@pytest.mark.parametrize(
    "path",
    [
        AT_LEAST_5_YEARS,
        "/explore?by=level&where=years_experience:" + ",".join(map(str, range(5, 41))),
    ],
    ids=["comparison", "long-list"],
)
def test_a_long_kept_clause_fits_a_phone(narrow: tuple[Page, Watch], path: str) -> None:
    page, _ = narrow
    _shown(page, path)
    # The fieldset was as wide as the clause's one word: the page scrolled to 1,195 px.
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    kept = page.locator("[data-testid=kept-where]").bounding_box()
    assert kept is not None and kept["x"] + kept["width"] <= NARROW["width"]


def test_a_kept_comparison_is_sent_as_written(narrow: tuple[Page, Watch]) -> None:
    page, _ = narrow
    _shown(page, AT_LEAST_5_YEARS)
    assert ("where", "years_experience>=5") in _sent(page)


def test_a_group_by_field_that_is_none_stays_chosen_beside_the_error(
    client: TestClient,
) -> None:
    # The select could not hold "colour": it showed "nothing (all records)", and "Show"
    # asked again with no grouping, the field dropped without a word.
    for by, chosen in (("colour", ["colour"]), ("level,colour", ["level", "colour"])):
        page = client.get("/explore", params={"by": by})
        assert page.status_code == 422 and "Unknown field &#39;colour&#39;" in page.text
        assert re.findall(r'<option value="(\w+)" selected>', page.text)[: len(chosen)] == chosen
