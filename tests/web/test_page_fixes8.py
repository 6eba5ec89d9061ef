"""Pages, as a browser audit read them: claims numbered from 1 and set apart from their
figures, titles that say the page's question, and /estimate's years read as /ladder's."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from tests.web.html import Page
from tests.web.test_claims_page import claims_token

AUDITED = (
    "Senior machine learning engineers in the US earn a median of $350,000 in total pay, "
    "while entry-level ML engineers make about $140,000. Mid-level ML engineers earn 30% "
    "more than entry-level ones."
)


def test_claims_are_numbered_from_1_and_each_marker_stands_apart_from_its_figure(
    client: TestClient,
) -> None:
    sent = {"text": AUDITED, "csrf_token": claims_token(client)}
    page = Page(client.post("/claims", data=sent).text)
    checked = client.post("/api/v1/claims/check", json={"text": AUDITED}).json()["claims"]
    assert [c["id"] for c in checked] == [0, 1, 2]  # the JSON's ids stay as they were
    (article,) = page.by_testid("claims-article")
    # The marker "0: above data" had followed the mark at once: "$350,0000: above data".
    assert "$350,0000" not in article.text and "$350,000 [1: " in article.text
    labels = [e.text for e in page.elements if "verdict" in e.attrs.get("class", "").split()]
    said = [f"[{c['id'] + 1}: {c['verdict'].replace('_', ' ')}]" for c in checked]
    assert labels == said
    for claim, mark in zip(checked, [e for e in page.elements if e.tag == "mark"], strict=True):
        assert mark.attrs["id"] == f"claim-{claim['id']}"  # anchors keep the JSON's id
    table = page.table("claims-table")
    assert [row[0] for row in table.rows[1:]] == ["1", "2", "3"]


def test_contradictions_name_their_claims_by_the_pages_numbers(client: TestClient) -> None:
    text = "Google pays $1M. Apple pays $1M."
    answer = client.post("/claims", data={"text": text, "csrf_token": claims_token(client)})
    found = client.post("/api/v1/claims/check", json={"text": text}).json()["contradictions"]
    assert [c["claims"] for c in found] == [[0, 1]]
    (listing,) = Page(answer.text).by_testid("claims-contradictions")
    assert "(claims 1, 2)" in listing.text, listing.text


def test_a_statement_made_again_is_named_by_the_pages_numbers(client: TestClient) -> None:
    # "Said again in claims 2 and 3" (the JSON's ids) had followed "(claims 1, 2)": the
    # page's claims 3 and 4.
    text = "Senior engineers earn $120,000. Junior engineers earn $150,000. " * 2
    answer = client.post("/claims", data={"text": text, "csrf_token": claims_token(client)})
    (found,) = client.post("/api/v1/claims/check", json={"text": text}).json()["contradictions"]
    assert found["claims"] == [0, 1]
    assert found["explanation"].endswith(" Said again in claims 2 and 3.")  # the JSON's ids
    (listing,) = Page(answer.text).by_testid("claims-contradictions")
    assert "(claims 1, 2)" in listing.text
    assert listing.text.strip().endswith("Said again in claims 3 and 4."), listing.text


# Each had kept its page's bare title ("Companies · paygrade"), whatever it answered: ten
# tabs, the history and a screen reader's first words read alike. Said as /records says it.
def title(html_text: str) -> str:
    found = re.search(r"<title>(.*?)</title>", html_text, re.S)
    assert found is not None
    return html.unescape(found.group(1))


def test_a_page_of_companies_is_titled_by_its_number(client: TestClient) -> None:
    assert title(client.get("/companies?page=2").text) == "Companies, page 2 · paygrade"
    assert title(client.get("/companies").text) == "Companies · paygrade"


def test_a_search_of_companies_is_titled_by_its_words_cut_short(client: TestClient) -> None:
    assert title(client.get("/companies?q=goo").text) == "Companies matching “goo” · paygrade"
    long = "google " * 20  # 140 characters: the title keeps the first 40
    said = title(client.get("/companies", params={"q": long}).text)
    assert said == f"Companies matching “{'google ' * 5}goog…” · paygrade"


def test_a_search_of_locations_is_titled_by_its_words(client: TestClient) -> None:
    assert (
        title(client.get("/locations?q=seattle").text) == "Locations matching “seattle” · paygrade"
    )


def test_a_metro_page_is_titled_by_its_role_and_level(client: TestClient) -> None:
    metro = "/locations/Seattle-Tacoma-Bellevue%2C%20WA"
    said = title(client.get(f"{metro}?role=data_scientist&level=senior").text)
    assert said == "Seattle-Tacoma-Bellevue, WA: role: data_scientist; level: senior · paygrade"
    assert (
        title(client.get(metro).text) == "Seattle-Tacoma-Bellevue, WA: role: ml_engineer · paygrade"
    )


def test_a_ladder_is_titled_by_its_question(client: TestClient) -> None:
    said = title(
        client.get("/ladder?company=google&level=SE&years=6").text
    )  # as the page reads them
    assert (
        said
        == "Career ladder: role: ml_engineer; company: Google; level: senior; years: 6 · paygrade"
    )


def test_an_offer_check_is_titled_by_its_offers(client: TestClient) -> None:
    said = title(client.get("/offers?base=150000&base=170000&role=ml_engineer").text)
    assert said == "Offer check: Offer 1, Offer 2; role: ml_engineer · paygrade"
    assert title(client.get("/offers").text) == "Offer check · paygrade"


def test_a_checked_article_is_titled_by_its_claims(client: TestClient) -> None:
    sent = {"text": AUDITED, "csrf_token": claims_token(client)}
    assert (
        title(client.post("/claims", data=sent).text)
        == "Check an article: 3 salary claims · paygrade"
    )


def test_an_estimate_is_titled_by_its_profile(estimating: TestClient) -> None:
    said = title(estimating.get("/estimate?role=ml_engineer&years_experience=6").text)
    assert said == "Estimate: role: ml_engineer; years experience: 6; pay: total · paygrade"


def test_estimate_years_are_read_and_refused_as_the_ladders(estimating: TestClient) -> None:
    # "1,5" had been "Years of experience must be a number, got '1,5'", where /ladder and
    # /offers say how to write one; "1,200" was refused as no number, where they read it.
    def refused(url: str, testid: str) -> str:
        (error,) = Page(estimating.get(url).text).by_testid(testid)
        return html.unescape(" ".join(error.text.split()))

    said = refused("/estimate?role=ml_engineer&years_experience=1,5", "estimate-error")
    ladder = refused("/ladder?years=1,5", "ladder-error")
    assert said == "Years of experience: " + ladder.removeprefix("Years: ")
    assert ladder.endswith(
        "'1,5' is not a number (write 1200, 1,200 or 12.5; a dot marks decimals)"
    )
    grouped = refused("/estimate?role=ml_engineer&years_experience=1,200", "estimate-error")
    assert grouped == refused("/ladder?years=1,200", "ladder-error").removeprefix("Years: ")
    assert "is not a number" not in grouped
