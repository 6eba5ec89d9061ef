"""A bad question on a page comes back as the page's form, as sent, the error beside it
(422): /records had no form at all, and every page answered the bare error page for a
question refused before its route ran (a number FastAPI could not read, a parameter given
twice, more clauses than taken, a ``by`` past its length) or, on /locations/{metro}, for
a role or level no record reads."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from fastapi.testclient import TestClient

from tests.web.html import Page

SEATTLE = "/locations/Seattle-Tacoma-Bellevue, WA"
MANY_WHERE = "&".join(["where=role:ml_engineer"] * 41)  # WhereParam takes 40


def refused(client: TestClient, url: str, testid: str) -> tuple[Page, str]:
    """The page a refused question answers: 422, its own form, the error at ``testid``,
    not the bare error page."""
    answer = client.get(url)
    assert answer.status_code == 422, (url, answer.status_code)
    page = Page(answer.text)
    assert page.by_testid("error") == [], f"{url} answered the bare error page"
    (said,) = page.by_testid(testid)
    return page, " ".join(said.text.split())


def selected(page: Page, name: str) -> str | None:
    """The value of the option chosen in the select ``name`` (None when none is)."""
    inside = False
    for element in page.elements:
        if element.tag == "select":
            inside = element.attrs.get("name") == name
        elif inside and element.tag == "option" and "selected" in element.attrs:
            return element.attrs["value"]
    return None


def test_records_has_a_form_filled_with_its_listing(client: TestClient) -> None:
    answer = client.get("/records?where=role:ml_engineer&where=year>=2024&include_flagged=true")
    assert answer.status_code == 200
    page = Page(answer.text)
    assert len(page.by_testid("records-form")) == 1 and page.by_testid("records-table")
    assert selected(page, "role") == "ml_engineer"
    sent = page.form_sent()
    assert ("where", "year>=2024") in sent  # a comparison kept as written, in a box
    assert ("include_flagged", "true") in sent and ("per_page", "50") in sent
    labelled = {e.attrs.get("for") for e in page.elements if e.tag == "label"}
    controls = [e for e in page.elements if e.tag in ("input", "select") and "name" in e.attrs]
    assert all(e.attrs.get("id") in labelled for e in controls)  # each control labelled


def test_the_records_form_sent_is_the_same_listing_in_where_clauses(client: TestClient) -> None:
    page = Page(client.get("/records?where=role:ml_engineer&where=year>=2024").text)
    sent = [(n, v) for n, v in page.form_sent() if n != "level"] + [("level", "senior")]
    answer = client.get(f"/records?{urlencode(sent)}", follow_redirects=False)
    assert answer.status_code == 303
    asked = parse_qs(urlsplit(answer.headers["location"]).query)
    assert asked == {"where": ["year>=2024", "role:ml_engineer", "level:senior"]}
    assert client.get(answer.headers["location"]).status_code == 200


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/records?where=role:ml_enginer", "'ml_enginer' is not one of"),
        ("/records?where=role:ml_engineer&page=0", "Page: must be 1 or more, not 0"),
        ("/records?page=1&page=2", "/records takes one page, not 2"),
        ("/records?per_page=abc", "'abc' is not a number"),
        ("/records?include_flagged=maybe", "include_flagged"),
        (f"/records?{MANY_WHERE}", "given 41 times: at most 40"),
    ],
)
def test_a_refused_records_question_shows_the_form_as_sent(
    client: TestClient, url: str, words: str
) -> None:
    page, said = refused(client, url, "records-error")
    assert words in said
    assert len(page.by_testid("records-form")) == 1 and page.by_testid("records-table") == []


def test_records_refused_keeps_what_was_sent_in_the_form(client: TestClient) -> None:
    page, _ = refused(client, "/records?where=role:ml_enginer&per_page=abc", "records-error")
    assert selected(page, "role") == "ml_enginer"  # shown as sent, to be mended
    assert ("per_page", "abc") in page.form_sent()


@pytest.mark.parametrize(
    ("url", "words"),
    [
        (f"/explore?by={'x' * 5000}", "is 5,000 characters long: at most 200"),
        (f"/explore?{MANY_WHERE}", "given 41 times: at most 40"),
        ("/explore?by=level&min_n=abc", "'abc' is not a number"),
        ("/explore?by=level&limit=0", "must be 1 or more, not 0"),
    ],
)
def test_explore_refused_before_reading_shows_its_form(
    client: TestClient, url: str, words: str
) -> None:
    page, said = refused(client, url, "explore-error")
    assert words in said
    assert page.form_sent()[-1] != ("by", "")  # the form is there


def test_explore_refused_keeps_the_options_as_sent(client: TestClient) -> None:
    page, _ = refused(client, "/explore?where=role:ml_engineer&real=true&limit=0", "explore-error")
    sent = page.form_sent()
    assert ("real", "true") in sent and ("limit", "0") in sent
    assert selected(page, "role") == "ml_engineer"


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("role=ml_enginer", "role", "Role 'ml_enginer' is not one of"),
        ("level=seniorr", "level", "did you mean senior?"),
        ("role=", "role", "Empty value for role"),
        ("role=ml_engineer&role=data_scientist", "role", "takes one role, not 2"),
    ],
)
def test_a_metros_refused_role_or_level_shows_its_form(
    client: TestClient, query: str, field: str, words: str
) -> None:
    page, said = refused(client, f"{SEATTLE}?{query}", "location-error")
    assert words in said
    (marked,) = [e for e in page.elements if e.attrs.get("aria-invalid") == "true"]
    assert marked.attrs["name"] == field


@pytest.mark.parametrize(
    ("url", "testid", "words"),
    [
        ("/locations?q=seattle&q=boston", "locations-error", "takes one q, not 2"),
        ("/companies?q=intel&page=0", "companies-error", "must be 1 or more, not 0"),
        ("/companies?page=1&page=2", "companies-error", "takes one page, not 2"),
        (f"/companies/{'x' * 5000}", "companies-error", "5,000 characters long: at most 200"),
        ("/ladder?country=US&country=DE", "ladder-error", "takes one country, not 2"),
    ],
)
def test_other_pages_refused_before_reading_show_their_form(
    client: TestClient, url: str, testid: str, words: str
) -> None:
    _, said = refused(client, url, testid)
    assert words in said


def test_programs_still_get_the_detail(client: TestClient) -> None:
    answer = client.get("/records?page=0&format=json")
    assert answer.status_code == 422 and "page" in answer.json()["detail"]


def test_an_unknown_metro_with_a_bad_role_is_its_404_naming_the_metros_meant(
    client: TestClient,
) -> None:
    answer = client.get("/locations/Seatle?role=ml_enginer")
    assert answer.status_code == 404 and "did you mean" in answer.text


@pytest.mark.parametrize(
    ("url", "testid"),
    [
        ("/records?role=ml_engineer&company=&per_page=0", "records-error"),
        ("/explore?by=level&then_by=&role=ml_engineer&company=&limit=0", "explore-error"),
    ],
)
def test_a_form_refused_before_its_redirect_comes_back_as_sent(
    client: TestClient, url: str, testid: str
) -> None:
    page, said = refused(client, url, testid)
    assert "must be 1 or more, not 0" in said
    assert selected(page, "role") == "ml_engineer"
