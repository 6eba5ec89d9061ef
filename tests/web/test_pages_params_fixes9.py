"""What a page was sent is never dropped without a word: a parameter of another page is said
with the name this page reads it by (``years`` carried to /estimate, which reads
``years_experience``), a page's JSON says what it left out, every bad input of an offer
is listed and marked at once, and /estimate asked a field twice shows its form again."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.web.html import Element, Page
from tests.web.test_pages_fixes9 import refused, selected


@pytest.mark.parametrize(
    ("url", "unread", "meant"),
    [
        # /estimate answered the median of every years of experience ($173,300 where
        # years_experience=1 gave $131,900), the note naming no years_experience.
        ("/estimate?role=ml_engineer&years=1", "years", "years_experience"),
        ("/offers?base=200k&role=ml_engineer&years_experience=7", "years_experience", "years"),
        ("/ladder?role=ml_engineer&years_experience=7", "years_experience", "years"),
        ("/ladder?role=ml_engineer&yrs=1&foo=bar", "yrs", "years"),
        ("/companies?search=goo", "search", "q"),
    ],
)
def test_a_parameter_a_page_does_not_read_is_said_with_the_name_it_reads(
    client: TestClient, url: str, unread: str, meant: str
) -> None:
    answer = client.get(url)
    assert answer.status_code in (200, 503), url  # /estimate without a model: 503
    (notice,) = Page(answer.text).by_testid("unread-parameters")
    assert f"'{unread}'" in notice.text
    assert f"(did you mean {meant}?)" in notice.text


@pytest.mark.parametrize(
    "url", ["/ladder?role=ml_engineer&fbclid=IwAR0x", "/explore?by=level&gclid=Cj0K", "/?msclkid=1"]
)
def test_the_click_ids_links_carry_are_let_be(client: TestClient, url: str) -> None:
    # No one types them: a note on every page shared from Facebook said nothing of use.
    assert Page(client.get(url).text).by_testid("unread-parameters") == []
    answer = client.get(url + "&format=json")
    assert "X-Paygrade-Warning" not in answer.headers and "ignored" not in answer.json()


@pytest.mark.parametrize(
    ("url", "unread"),
    [
        # Answered {"years": "", ...}: only a header said years_experience was left out.
        ("/offers?base=200k&role=ml_engineer&years_experience=7", ["years_experience"]),
        ("/report?year=abc", ["year"]),
        ("/ladder?role=ml_engineer&yrs=1&foo=bar", ["yrs", "foo"]),
        ("/companies?q=goo&search=goo", ["search"]),
    ],
)
def test_a_pages_json_says_what_it_left_out(
    client: TestClient, url: str, unread: list[str]
) -> None:
    answer = client.get(url + "&format=json")
    assert answer.status_code == 200
    ignored = answer.json()["ignored"]
    assert ignored["parameters"] == unread
    assert ignored["said"] == answer.headers["X-Paygrade-Warning"]
    assert "ignored" not in client.get(url.partition("?")[0] + "?format=json").json()


def test_every_bad_input_of_an_offer_is_listed_and_marked(client: TestClient) -> None:
    # Only "bonus pct: '10%' is not a number" was said; equity's "0.1%" was neither listed
    # nor marked. ("10%" is a bonus percent now, as its label asks: "1,5" is none.)
    url = "/offers?base=200k&equity=0.1%25&bonus_pct=1,5"
    answer = client.get(url)
    assert answer.status_code == 422
    page = Page(answer.text)
    (listed,) = page.by_testid("offer-errors")
    links = [e.attrs["href"] for e in listed_links(page)]
    assert links == ["#o1-bonus_pct", "#o1-equity"]
    assert "'1,5' is not a number" in listed.text and "'0.1%' is not an amount" in listed.text
    marked = [e.attrs["id"] for e in page.elements if e.attrs.get("aria-invalid") == "true"]
    assert marked == ["o1-bonus_pct", "o1-equity"]
    detail = client.get(url + "&format=json").json()["detail"]
    assert "bonus pct: '1,5'" in detail and "equity: '0.1%'" in detail


def test_an_offer_with_no_base_and_a_bad_input_says_both(client: TestClient) -> None:
    page = Page(client.get("/offers?name=A&equity=lots").text)
    marked = [e.attrs["id"] for e in page.elements if e.attrs.get("aria-invalid") == "true"]
    assert marked == ["o1-base", "o1-equity"]
    (said,) = page.by_testid("offer-error")
    assert "give the yearly base salary" in said.text and "'lots' is not an amount" in said.text


def test_estimate_asked_a_field_twice_shows_its_form_as_sent(client: TestClient) -> None:
    # It answered the bare error page, the profile gone.
    page, said = refused(client, "/estimate?role=a&role=b&level=senior", "estimate-error")
    assert "/estimate takes one role, not 2 (role=a and role=b)" in said
    (marked,) = [e for e in page.elements if e.attrs.get("aria-invalid") == "true"]
    assert marked.attrs["name"] == "role"
    assert selected(page, "level") == "senior"
    assert selected(page, "role") == "b"  # the last, as FastAPI reads it
    answer = client.get("/estimate?role=a&role=b&format=json")
    assert answer.status_code == 422 and answer.json()["detail"].startswith("/estimate takes")


def listed_links(page: Page) -> list[Element]:
    """The links of the list of errors above the form, each to its input."""
    return [e for e in page.elements if e.tag == "a" and e.attrs.get("href", "").startswith("#o")]
