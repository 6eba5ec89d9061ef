"""A saved web page checked as an article: its structure read as Markdown's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paygrade.claims import extract_claims
from paygrade.claims.html import article_text, html_to_text, looks_like_html
from tests.test_cli import ok

# A hand-written page (a fixture, not data): a title, a heading, paragraphs, a list, a
# table, and a script and a style whose figures are no part of the article.
PAGE = """<!DOCTYPE html>
<html><head><title>Pay</title><style>.x { width: 100px }</style>
<script>var price = "$999,999";</script></head>
<body><nav><a href="/">Home</a></nav>
<h1>ML Engineer Salaries in 2024</h1>
<p>In Seattle, the median is <b>$170,000</b>.<br>That is up from last year.</p>
<h2>By level</h2>
<ul><li>Entry level: $120,000</li><li>Senior:   $210,000</li></ul>
<table><tr><th>Level</th><th>Total</th></tr><tr><td>Staff</td><td>$300,000</td></tr></table>
<script>track("$5,000,000")</script>
</body></html>"""


def test_a_page_is_read_as_markdown() -> None:
    text = html_to_text(PAGE)
    assert text.splitlines() == [
        "Home", "", "# ML Engineer Salaries in 2024", "",
        "In Seattle, the median is $170,000.", "That is up from last year.", "",
        "## By level", "", "- Entry level: $120,000", "", "- Senior: $210,000", "",
        "| Level | Total |", "|---|---|", "| Staff | $300,000 |",
    ]  # fmt: skip
    assert "999" not in text and "5,000,000" not in text and "width" not in text


def test_its_claims_take_the_pages_headings_and_leave_its_scripts_out() -> None:
    # Read as one line of tags, the script's $999,999 was a claim and no heading reached a
    # figure (every figure was Seattle's, of the page's only sentence run).
    claims = extract_claims(html_to_text(PAGE))
    assert [c.text for c in claims] == ["$170,000", "$120,000", "$210,000", "$300,000"]
    assert all((c.subject["role"], c.subject["year"]) == ("ml_engineer", 2024) for c in claims)
    assert [c.subject["level"] for c in claims] == [None, "entry", "senior", "staff"]
    assert claims[0].subject["metro"] == "Seattle-Tacoma-Bellevue, WA"
    assert claims[1].subject["metro"] is None


@pytest.mark.parametrize(
    "preamble",
    [
        "\ufeff",
        "<!-- saved from url=(0051)https://example.com/blog/ml-2024 -->\n" + "<!-- x -->" * 30,
        '<?xml version="1.0" encoding="UTF-8"?>\n' + " " * 300,
    ],
    ids=["byte-order-mark", "saved-from-comment", "xml-declaration"],
)
def test_a_page_is_a_page_whatever_comes_before_its_doctype(preamble: str) -> None:
    # Pasted or piped (no .html name), such a page was read as plain text: its script's
    # $5,000,000 a claim, its <meta> tags the company Meta, its URLs' years the year.
    assert [c.text for c in extract_claims(article_text(preamble + PAGE))] == [
        "$170,000", "$120,000", "$210,000", "$300,000"]  # fmt: skip


def test_only_a_page_is_converted() -> None:
    assert looks_like_html(PAGE) and looks_like_html("  <div><p>Pay</p></div>")
    markdown = "# Pay\n\nSenior ML engineers earn <b>$150K</b>."
    assert not looks_like_html(markdown) and article_text(markdown) == markdown
    assert article_text("<p>x</p>", "saved.htm") == "x\n"


def test_check_claims_reads_a_saved_page(real_db: Path, tmp_path: Path) -> None:
    saved = tmp_path / "article.html"
    saved.write_text(PAGE, encoding="utf-8")
    table = ok("--db", real_db, "check-claims", saved)
    assert "4 salary claims" in table and "999,999" not in table


def test_the_json_gives_the_text_its_offsets_count_in(real_db: Path, tmp_path: Path) -> None:
    # A claim's start and end count in the Markdown the page is read as, which the
    # answer did not carry: they pointed at nothing a user holds.
    saved = tmp_path / "article.html"
    saved.write_text(PAGE, encoding="utf-8")
    answer = json.loads(ok("--db", real_db, "check-claims", saved, "--format", "json"))
    assert answer["checked_text"] == html_to_text(PAGE)
    spans = [answer["checked_text"][c["start"] : c["end"]] for c in answer["claims"]]
    assert spans == ["$170,000", "$120,000", "$210,000", "$300,000"]
    plain = tmp_path / "article.md"
    plain.write_text("Senior ML engineers earn $150K.", encoding="utf-8")
    assert "checked_text" not in json.loads(
        ok("--db", real_db, "check-claims", plain, "--format", "json")
    )


def test_the_api_reads_a_page_as_the_cli_does(real_db: Path, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from paygrade.config import Settings
    from paygrade.web import create_app
    from tests.conftest import copy_of

    saved = tmp_path / "article.html"
    saved.write_text(PAGE, encoding="utf-8")
    db = copy_of(real_db, tmp_path)
    with TestClient(create_app(Settings(db=db))) as client:
        answer = client.post("/api/v1/claims/check", json={"text": PAGE})
    assert answer.status_code == 200
    # The script's $999,999 was a claim of the API's, which checked the tags as text.
    assert answer.json() == json.loads(ok("--db", db, "check-claims", saved, "--format", "json"))


@given(st.lists(st.sampled_from([
    "<p>", "</p>", "<h2>", "</h2>", "<li>", "</li>", "<table>", "</table>", "<tr>", "</tr>",
    "<td>", "</td>", "<th>", "<script>", "</script>", "<br>", "<b>", "</b>", "$150K", "Pay ",
    "&amp;", "&#36;", "<", ">", "|", "\n", "<div", "senior ",
]), max_size=40))  # fmt: skip
def test_any_tag_soup_is_read_without_error(parts: list[str]) -> None:
    text = html_to_text("".join(parts))
    assert text.endswith("\n") and "<script>" not in text
    extract_claims(text)  # and the checker reads whatever it gives


@pytest.mark.parametrize(
    ("body", "read", "ends"),
    [
        # Each footnote's mark had been glued to the figure's digits.
        ("ML engineers earn $150K<sup>1</sup>.", "$150K.", (150_000.0, 150_000.0)),
        ("ML engineers earn €85.000<sup>1</sup>.", "€85.000.", (85_000.0, 85_000.0)),
        (
            'ML engineers earn $150,000<sup><a href="#n">[2]</a></sup> to $180,000<sup>3</sup>.',
            "$150,000 to $180,000.",
            (150_000.0, 180_000.0),
        ),
        ("ML engineers earn $150,000<sup>1,4</sup>.", "$150,000.", (150_000.0, 150_000.0)),
        ("ML engineers earn $150,000<sup>†</sup>.", "$150,000.", (150_000.0, 150_000.0)),
    ],
)
def test_a_footnote_mark_after_a_figure_is_left_out(
    body: str, read: str, ends: tuple[float, float]
) -> None:
    text = article_text(f"<html><body><p>{body}</p></body></html>")
    assert text == f"ML engineers earn {read}\n"
    assert [(c.low, c.high) for c in extract_claims(text)] == [ends]


def test_a_superscript_of_words_stays() -> None:
    text = html_to_text("<p>The 90<sup>th</sup> percentile of ML engineers earn $250,000.</p>")
    assert text.startswith("The 90th percentile")
    assert [c.statistic for c in extract_claims(text)] == ["p90"]


@pytest.mark.parametrize(
    ("body", "read", "ends"),
    [
        # Ten to the sixth had been read as $10 (its superscript dropped as a footnote).
        ("ML engineers earn $10<sup>6</sup>.", "$10⁶.", (1_000_000.0, 1_000_000.0)),
        ("ML engineers earn $<b>10</b><sup> 6 </sup>.", "$10⁶.", (1_000_000.0, 1_000_000.0)),
        ("ML engineers earn $10<sup>5</sup>-$10<sup>6</sup>.", "$10⁵-$10⁶.", (1e5, 1e6)),
        # After any other number a superscript stays a footnote's mark.
        ("ML engineers earn $110<sup>6</sup>.", "$110.", (110.0, 110.0)),
        ("ML engineers earn $10<sup>[6]</sup>.", "$10.", (10.0, 10.0)),
    ],
)
def test_a_superscript_after_ten_is_a_power_of_ten(
    body: str, read: str, ends: tuple[float, float]
) -> None:
    text = article_text(f"<html><body><p>{body}</p></body></html>")
    assert text == f"ML engineers earn {read}\n"
    assert [(c.low, c.high) for c in extract_claims(text)] == [ends]


# A table without <th>: its first row of figures is data. It had been the header, its
# figure never checked ("1 salary claim" of two) and nothing said of it.
HEADLESS = (
    "<html><body><table><tr><td>Senior ML engineer</td><td>$150,000</td></tr>"
    "<tr><td>Staff ML engineer</td><td>$250,000</td></tr></table></body></html>"
)


def test_a_first_row_of_figures_is_data_not_the_header() -> None:
    text = article_text(HEADLESS)
    assert text == "| Senior ML engineer | $150,000 |\n| Staff ML engineer | $250,000 |\n"
    claims = [(c.text, c.subject["level"]) for c in extract_claims(text)]
    assert claims == [("$150,000", "senior"), ("$250,000", "staff")]


@pytest.mark.parametrize(
    "first",
    [
        "<tr><th>Role</th><th>Pay</th></tr>",  # <th> cells
        "<thead><tr><td>Role</td><td>Pay</td></tr></thead>",  # in <thead>
        "<tr><td>Role</td><td>Pay</td></tr>",  # no figure
        "<thead><tr><td>Role</td><td>Under $100K</td></tr></thead>",  # a band, in <thead>
    ],
)
def test_a_first_row_of_th_or_without_figures_is_the_header(first: str) -> None:
    page = f"<html><body><table>{first}<tr><td>Staff</td><td>30%</td></tr></table></body></html>"
    assert article_text(page).splitlines()[1] == "|---|---|"


def test_a_markdown_first_row_of_figures_without_a_rule_is_data() -> None:
    text = "| Senior ML engineer | $150,000 |\n| Staff ML engineer | $250,000 |"
    assert [c.text for c in extract_claims(text)] == ["$150,000", "$250,000"]
    # A rule under it makes it the header, as Markdown says.
    ruled = "| Role | $150,000 |\n|---|---|\n| Staff ML engineer | $250,000 |"
    assert [c.text for c in extract_claims(ruled)] == ["$250,000"]
