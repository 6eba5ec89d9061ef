"""The offer page's profile as a user met it: a form with its role, level and years all
wrong said the role's problem alone and marked the role alone; the level and the years were
said only once the role was put right, one send at a time."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from tests.web.html import Page

# Sent by hand (a select's value too: the address holds it), each field wrong, in the
# form's order; and each alone, beside a right role.
SENT = {"base": "185000", "role": "wizard", "level": "boss", "years": "99", "country": "Narnia"}
RIGHT = {"base": "185000", "role": "ml_engineer"}


def marked(page: Page) -> dict[str, str]:
    """The profile's inputs and selects marked aria-invalid, each with what describes it."""
    return {
        e.attrs["id"]: e.attrs.get("aria-describedby", "")
        for e in page.elements
        if e.tag in ("input", "select") and e.attrs.get("aria-invalid") == "true"
    }


def lines(text: str) -> list[str]:
    """The lines of the profile's error paragraph, as shown."""
    found = re.search(r'id="o-profile-error"[^>]*>(.*?)</p>', text, re.S)
    assert found is not None
    return [html.unescape(line) for line in found.group(1).split("<br>")]


def test_the_offer_page_says_every_profile_field_at_fault_at_once(client: TestClient) -> None:
    # Each as the page says it alone.
    said = [
        lines(client.get("/offers", params={**RIGHT, field: SENT[field]}).text)[0]
        for field in ("role", "level", "years", "country")
    ]
    assert said[2] == "years of experience are 0 to 60, not 99"
    got = client.get("/offers", params=SENT)
    page = Page(got.text)
    assert got.status_code == 422
    # Had been the role alone, its select alone marked.
    (beside,) = page.by_testid("offer-error")
    assert beside.attrs["id"] == "o-profile-error"
    assert lines(got.text) == said  # each on a line of its own
    fields = ("o-role", "o-level", "o-years", "o-country")
    assert marked(page) == dict.fromkeys(fields, "o-profile-error")
    # The summary at the top lists each, linked to its input.
    (summary,) = page.by_testid("offer-errors")
    items = [e for e in page.elements if e.tag == "a" and e.attrs.get("href", "")[1:] in fields]
    assert [a.attrs["href"] for a in items] == [f"#{field}" for field in fields]
    assert [a.text for a in items] == said
    assert "Please correct these" in summary.text
    # Programs get each, as the page says them.
    as_json = client.get("/offers", params={**SENT, "format": "json"})
    assert (as_json.status_code, as_json.json()["detail"]) == (422, "; ".join(said))


def test_a_field_is_said_once_and_a_role_wanted_beside_the_others(client: TestClient) -> None:
    # A level and a country without a role, the country none: the role wanted and the
    # country said; a currency past its length and no currency: said once, of its length.
    sent = {"base": "185000", "level": "senior", "country": "Narnia", "currency": "x" * 201}
    got = client.get("/offers", params=sent)
    page = Page(got.text)
    said = lines(got.text)
    assert said[0].startswith("level and country place the offer among its peers")
    assert said[1].startswith("no country is called 'Narnia'")
    assert said[2:] == ["Currency is 201 characters long: at most 200"]
    assert set(marked(page)) == {"o-role", "o-country", "o-currency"}
    # One field wrong is said as before, alone.
    sent = {"base": "185000", "role": "ml_engineer", "years": "70"}
    one = Page(client.get("/offers", params=sent).text)
    (beside,) = one.by_testid("offer-error")
    assert beside.text == "years of experience are 0 to 60, not 70"
    assert marked(one) == {"o-years": "o-profile-error"}
