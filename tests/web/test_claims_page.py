"""The "Check an article" page (/claims) and the report page (/report, /report.html)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

from fastapi.testclient import TestClient

from tests.conftest import FIXTURES
from tests.web.html import Page

ARTICLE = (FIXTURES / "fixture-article-listicle.md").read_text("utf-8")


def claims_token(client: TestClient) -> str:
    page = Page(client.get("/claims").text)
    (field,) = [e for e in page.elements if e.attrs.get("name") == "csrf_token"]
    return field.attrs["value"]


def test_the_form_refuses_a_post_without_its_token(client: TestClient) -> None:
    client.cookies.clear()
    assert client.post("/claims", data={"text": ARTICLE}).status_code == 403
    claims_token(client)
    assert client.post("/claims", data={"text": ARTICLE, "csrf_token": "x" * 43}).status_code == 403


def test_the_text_comes_back_with_each_claim_marked_and_its_verdict(client: TestClient) -> None:
    token = claims_token(client)
    answer = client.post("/claims", data={"text": ARTICLE, "csrf_token": token})
    assert answer.status_code == 200
    page = Page(answer.text)
    checked = client.post("/api/v1/claims/check", json={"text": ARTICLE}).json()
    marks = [e for e in page.elements if e.tag == "mark"]
    assert [m.text for m in marks] == [c["text"] for c in checked["claims"]]
    verdicts = [e.text for e in page.elements if "verdict" in e.attrs.get("class", "").split()]
    # Numbered from 1 on the page, the JSON's ids from 0.
    said = [f"[{c['id'] + 1}: {c['verdict'].replace('_', ' ')}]" for c in checked["claims"]]
    assert verdicts == said
    table = page.table("claims-table")
    assert len(table.rows) == len(checked["claims"]) + 1
    (listing,) = page.by_testid("claims-contradictions")
    assert "level order" in answer.text and listing.tag == "ul"
    assert "<script" not in answer.text and "style=" not in answer.text


def test_a_pasted_page_source_is_checked_and_shown_as_its_text(client: TestClient) -> None:
    source = "<html><body><h1>ML engineer pay 2024</h1><p>Seniors earn <b>$210K</b>.</p>"
    source += "<script>x = '$999,999'</script></body></html>"
    page = Page(
        client.post("/claims", data={"text": source, "csrf_token": claims_token(client)}).text
    )
    assert [e.text for e in page.elements if e.tag == "mark"] == ["$210K"]
    (article,) = page.by_testid("claims-article")
    assert "ML engineer pay 2024" in article.text and "999" not in article.text


def test_an_empty_text_is_422(client: TestClient) -> None:
    token = claims_token(client)
    answer = client.post("/claims", data={"text": "  ", "csrf_token": token})
    assert answer.status_code == 422
    assert Page(answer.text).by_testid("claims-error")
    # The text box is marked and described by the error, as every other form's field is.
    (box,) = [e for e in Page(answer.text).elements if e.attrs.get("id") == "claims-text"]
    assert box.attrs.get("aria-invalid") == "true"
    assert box.attrs.get("aria-describedby") == "claims-error-text"
    # Asked as JSON: {"detail": ...}, as every page's error (it was the page object).
    token = claims_token(client)
    asked = client.post("/claims?format=json", data={"text": "", "csrf_token": token})
    assert asked.status_code == 422 and set(asked.json()) == {"detail"}


def test_the_report_page_and_its_download(client: TestClient) -> None:
    page = Page(client.get("/report").text)
    assert len(page.by_testid("report-section")) == 10
    # The files table has no sources of its own: it said "Sources: ." (the Markdown says
    # "the files in this table").
    assert "Sources: ." not in page.html and "Sources: the files in this table." in page.html
    # A note's first letter is made upper case, the rest kept: "capitalize" had lowered
    # every other letter ("bea all-items regional price parity ... (us = 100)").
    hints = " ".join(e.text for e in page.elements if e.attrs.get("class") == "hint")
    assert "BEA all-items regional price parity" in hints and "(US = 100)" in hints
    assert "bea all-items" not in hints and "n=6624" not in hints
    assert "suppressed (n &lt; 5)" in client.get("/report").text or "suppressed" in page.html
    data = client.get("/report?format=json").json()
    assert data["sections"][1]["id"] == "levels" and "charts" not in data["sections"][1]
    images = [e.attrs["src"] for e in page.elements if e.tag == "img"]
    assert images and all(client.get(src).status_code == 200 for src in images)
    # The level chart asks its table's question: it drew every country beside US tables.
    (levels,) = [src for src in images if src.startswith("/charts/stats.svg")]
    table = data["sections"][1]["tables"][0]
    asked = parse_qs(urlparse(levels).query)
    assert asked["by"] == ["level"] and "country:US" in asked["where"]
    assert sorted(asked["where"]) == sorted(
        f"{k}:{','.join(map(str, v))}" for k, v in table["where"].items()
    )
    download = client.get("/report.html")
    assert download.status_code == 200
    assert download.headers["content-disposition"].startswith("attachment")
    assert download.text.startswith("<!doctype html>") and "<svg" in download.text
    # Each row's group is its header, on the page and in the file, as on every other
    # table: the report's rows had none, and its header cells no scope.
    for text in (page.html, download.text):
        rows = re.findall(r"<tbody>(.*?)</tbody>", text, re.S)
        body_rows = [r for body in rows for r in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]
        assert body_rows and all(r.lstrip().startswith('<th scope="row">') for r in body_rows)
        assert "<th>" not in text
    # Asked as JSON, as every page may be: it answered with the HTML file.
    asked = client.get("/report.html?format=json", follow_redirects=False)
    assert (asked.status_code, asked.headers["location"]) == (307, "/report?format=json")
    assert client.get("/report.html?format=json").json() == client.get("/report?format=json").json()


def test_a_difference_names_what_it_is_set_against(client: TestClient) -> None:
    token = claims_token(client)
    text = "Senior ML engineers earn 30% more than mid-level ones. Pay is 30% more than ever."
    page = Page(client.post("/claims", data={"text": text, "csrf_token": token}).text)
    (versus,) = page.by_testid("claim-versus")  # the second names nothing to set against
    assert versus.text == "versus level: mid"


def test_remote_and_on_site_are_said_in_words(client: TestClient) -> None:
    token = claims_token(client)
    text = "Remote ML engineers earn 10% less than those working on-site."
    page = Page(client.post("/claims", data={"text": text, "csrf_token": token}).text)
    (versus,) = page.by_testid("claim-versus")
    assert versus.text == "versus remote: in-person"  # it said "versus remote: 0"
    subject = page.table("claims-table").rows[1][3]
    assert "remote: remote" in subject and "remote: 100" not in subject


def test_a_text_without_claims_says_what_the_checker_reads(client: TestClient) -> None:
    token = claims_token(client)
    page = Page(client.post("/claims", data={"text": "Nothing here.", "csrf_token": token}).text)
    (said,) = page.by_testid("no-claims")  # it was an empty table, "0 salary claims"
    assert said.text.startswith("No salary claims found") and "$95/hour" in said.text
    assert not page.by_testid("claims-table")


def test_a_figure_in_a_currency_not_read_is_said_not_checked(client: TestClient) -> None:
    token = claims_token(client)
    text = "ML engineers in Tokyo earn ¥15 million."
    page = Page(client.post("/claims", data={"text": text, "csrf_token": token}).text)
    (row,) = page.table("claims-table").rows[1:]
    assert row[1] == "¥15 million" and row[4] == "no data (currency not read)"
    assert "its currency is not read (¥ is JPY or CNY" in row[7]


def test_a_text_sent_twice_is_refused_not_the_first_dropped(client: TestClient) -> None:
    import html as html_lib

    token = claims_token(client)
    # The second text alone was checked ("$90,000"), the first dropped without a word.
    texts = ["ML engineers in the US earn a median of $150,000.", "Data scientists make $90,000."]
    sent = client.post("/claims?format=json", data={"text": texts, "csrf_token": token})
    assert (sent.status_code, sent.json()) == (
        422, {"detail": "The text was sent 2 times: send it once."},
    )  # fmt: skip
    page = client.post("/claims", data={"text": texts, "csrf_token": token})
    assert page.status_code == 422 and "The text was sent 2 times: send it once." in page.text
    assert html_lib.escape(texts[0], quote=False) in page.text  # the form comes back filled


def test_a_text_past_the_body_limit_gets_the_error_page(client: TestClient) -> None:
    # It was raw JSON ({"detail": "The body is over 601 KiB..."}) to a person's form.
    page = client.post("/claims", data={"text": "x" * 700_000, "csrf_token": claims_token(client)})
    assert page.status_code == 413 and page.headers["content-type"].startswith("text/html")
    assert "The body is over 601 KiB" in page.text
    api = client.post("/api/v1/claims/check", json={"text": "x" * 700_000})
    assert api.status_code == 413 and api.json()["detail"].startswith("The body is over 601 KiB")


def test_a_figure_of_a_span_of_years_says_the_span(client: TestClient) -> None:
    text = "Between 2022 and 2024, senior ML engineers earned a median of $190,000."
    page = Page(
        client.post("/claims", data={"text": text, "csrf_token": claims_token(client)}).text
    )
    (row,) = page.table("claims-table").rows[1:]
    assert "years: 2022-2024" in " ".join(row)


def test_a_long_text_reaches_the_server_and_comes_back_whole_when_refused(
    client: TestClient,
) -> None:
    # The box cut a pasted article at 50,000 characters unsaid (the claims past it never
    # checked; a page's source, read as its far shorter text, lost its tail), and a refused
    # text came back cut.
    (box,) = [e for e in Page(client.get("/claims").text).elements if e.tag == "textarea"]
    assert "maxlength" not in box.attrs
    text = "ML engineers earn $150,000. " + "x" * 50_000 + " The tail stays."
    answer = client.post("/claims", data={"text": text, "csrf_token": claims_token(client)})
    assert answer.status_code == 422 and "50,000" in answer.text
    assert "The tail stays." in answer.text


def test_the_search_boxes_leave_their_limit_to_the_server(client: TestClient) -> None:
    for path in ("/companies", "/locations"):
        (box,) = [e for e in Page(client.get(path).text).elements if e.attrs.get("id") == "q"]
        assert "maxlength" not in box.attrs  # 100 where the server takes 200
