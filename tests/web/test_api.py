"""The JSON API in process: the same answers as the library and the CLI, clear errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from paygrade.config import Settings
from paygrade.filters import MAX_VALUES
from paygrade.ingest import ingest_file
from paygrade.records import FLAGGED_MEANS
from paygrade.stats import stats
from paygrade.store import Store
from paygrade.store.snapshot import publish_file
from paygrade.web import create_app
from paygrade.web.deps import BLANK_TAKEN
from tests.conftest import FIXTURES
from tests.test_cli import ok

SAN_JOSE = "San Jose-Sunnyvale-Santa Clara, CA"


def test_stats_is_the_cli_json(client: TestClient, web_db: Path) -> None:
    got = client.get("/api/v1/stats", params={"by": "level", "where": "role:ml_engineer"})
    assert got.status_code == 200
    cli = json.loads(
        ok(
            "--db",
            web_db,
            "stats",
            "--by",
            "level",
            "--where",
            "role=ml_engineer",
            "--format",
            "json",
        )
    )
    assert got.json() == cli


def test_where_values_are_parsed_like_the_cli(client: TestClient, web_db: Path) -> None:
    params = [("by", "level"), ("where", f"metro:{SAN_JOSE}"), ("where", "company:GOOGLE LLC")]
    got = client.get("/api/v1/stats", params=params).json()
    assert got["where"] == {"metro": [SAN_JOSE], "company": ["Google"]}
    store = Store.open(web_db, read_only=True)
    try:
        direct = stats(store, ["level"], {"metro": [SAN_JOSE], "company": ["Google"]})
    finally:
        store.close()
    assert got["groups"] == direct["groups"]


def test_one_field_twice_is_what_both_values_stand_for(client: TestClient) -> None:
    # Seattle by its city and by its full name was a 422, "cannot both hold".
    seattle = "Seattle-Tacoma-Bellevue, WA"
    alone = client.get("/api/v1/stats", params={"where": f"metro:{seattle}"}).json()
    params = [("where", "metro:seattle"), ("where", f"metro:{seattle}")]
    got = client.get("/api/v1/stats", params=params)
    assert got.status_code == 200 and got.json() == alone
    region = [("where", "country:europe"), ("where", "country:DE")]
    assert client.get("/api/v1/stats", params=region).json()["where"] == {"country": ["DE"]}


def test_bad_questions_are_422_with_a_message(client: TestClient) -> None:
    # A number past 2**53 was a 500 (1e40 overflowed the query's integers); NaN was
    # echoed back as null.
    huge = ({"where": "year:1e40"}, {"where": "remote:-1e300"}, {"where": "years_experience:nan"})
    for params in ({"by": "salary"}, {"where": "level:wizard"}, {"min_n": "0"}, *huge):
        got = client.get("/api/v1/stats", params=params)
        assert got.status_code == 422, params
        detail = got.json()["detail"]
        assert isinstance(detail, str) and "Traceback" not in detail and "SELECT" not in detail


def test_the_answers_filters_keep_the_order_given_as_the_cli_does(
    client: TestClient, web_db: Path
) -> None:
    # The API alone sorted them: {"country": .., "role": ..} for role first, then country.
    for clauses in (["role:ml_engineer", "country:US"], ["country:US", "role:ml_engineer"]):
        got = client.get("/api/v1/stats", params={"by": "level", "where": clauses}).json()
        assert list(got["where"]) == [c.split(":")[0] for c in clauses]
        cli = ok("--db", web_db, "stats", "--by", "level", "--format", "json",
                 *[a for c in clauses for a in ("--where", c.replace(":", "="))])  # fmt: skip
        assert got == json.loads(cli)


def test_a_filter_error_is_written_as_the_api_reads_filters(client: TestClient) -> None:
    # It said "give one filter, role=ml_engineer,manager": the CLI's syntax.
    got = client.get("/api/v1/stats", params={"where": ["role:ml_engineer", "role:manager"]})
    assert got.status_code == 422
    assert got.json()["detail"] == (
        "role:ml_engineer and role:manager cannot both hold (a record has one role): for "
        "either, give one filter, role:ml_engineer,manager"
    )


def test_no_published_store_is_a_503_that_names_no_server_path(tmp_path: Path) -> None:
    # It was "no published store at /srv/.../x.published.duckdb: run ..." on every route.
    with TestClient(create_app(Settings(db=tmp_path / "x.duckdb"))) as served:
        for url in ("/api/v1/sources", "/healthz", "/sources"):
            got = served.get(url)
            assert got.status_code == 503 and "x.published.duckdb" in got.text, url
            assert str(tmp_path) not in got.text


def test_a_filter_of_too_many_or_too_long_values_is_a_422(client: TestClient) -> None:
    # 3,000 companies in one filter took 157 s of the server; a 5,000-character value was
    # echoed back whole.
    many = ",".join(f"x{i}" for i in range(MAX_VALUES + 1))
    for where, said in (
        (f"company:{many}", f"the filter on company has {MAX_VALUES + 1} values: at most"),
        ("company:" + "a" * 5_000, "a value of company is 5,000 characters long: at most 200"),
    ):
        got = client.get("/api/v1/stats", params={"where": where})
        assert got.status_code == 422 and got.json()["detail"] == said + (
            "" if "characters" in said else f" {MAX_VALUES}"
        )
    metro = client.get("/api/v1/local-prices", params={"metro": "a" * 5_000})
    assert metro.status_code == 422 and len(metro.text) < 300


def test_a_parameter_over_its_bound_is_said_as_the_cli_says_a_bound(client: TestClient) -> None:
    # Pydantic's words had reached the user: "list should have at most 40 items after
    # validation, not 41", "string should have at most 200 characters".
    many = client.get("/api/v1/stats", params={"where": ["year:2024"] * 41})
    assert many.status_code == 422
    assert many.json()["errors"] == {"where": "given 41 times: at most 40"}
    long_title = client.get("/estimate", params={"title": "a" * 300, "role": "ml_engineer"})
    assert long_title.status_code == 422
    # The page shows its form again, the field's words under it (2473547).
    assert "Title is 300 characters long: at most 200" in long_title.text
    bases = client.get("/offers", params={"base": ["100000"] * 7})
    assert bases.status_code == 422 and "base: given 7 times: at most 6" in bases.text
    no_offer = client.post("/api/v1/offers/evaluate", json={"offers": []})
    assert no_offer.json()["errors"] == {"offers": "has 0 values: at least 1"}
    no_text = client.post("/api/v1/claims/check", json={"text": ""})
    assert no_text.json()["errors"] == {"text": "is empty"}
    answers = [many, long_title, bases, no_offer, no_text]
    assert not any("validation" in got.text or "should have" in got.text for got in answers)


def test_a_company_name_as_long_as_a_filed_one_is_taken_by_every_route(client: TestClient) -> None:
    # A filed name of 113 characters ("The Health Care Authority for Baptist Health, ...")
    # was found by /api/v1/companies but refused by /companies: "at most 100".
    name = "The Health Care Authority for Baptist Health, An Affiliate of UAB " + "x" * 100
    assert client.get("/api/v1/companies", params={"search": name}).status_code == 200
    assert client.get("/companies", params={"q": name}).status_code == 200
    ladder = client.get("/api/v1/ladder", params={"company": name})
    assert ladder.status_code == 422 and "no reviewed level mapping" in ladder.json()["detail"]
    over = client.get("/companies", params={"q": "x" * 201})
    assert over.status_code == 422 and "is 201 characters long: at most 200" in over.text


def test_a_parameter_a_route_does_not_take_is_refused_not_dropped(client: TestClient) -> None:
    # FastAPI dropped it: ?role=ml_engineer answered for every record of every role.
    got = client.get("/api/v1/stats", params={"by": "level", "role": "ml_engineer"})
    assert got.status_code == 422
    assert got.json()["detail"] == (
        "/api/v1/stats takes no parameter 'role' (a record's field: filter with "
        "where=role:VALUE); it takes by, where, distinct_rows, real, include_flagged, "
        "min_n, limit, local_prices"
    )
    misspelled = client.get("/api/v1/ladder", params={"compnay": "Google"}).json()["detail"]
    assert "'compnay' (did you mean company?)" in misspelled
    # A path template matches its values; a route without parameters says so.
    profile = client.get("/api/v1/companies/Google", params={"q": "x"})
    assert profile.status_code == 422 and "/api/v1/companies/{name}" in profile.json()["detail"]
    assert client.get("/charts/stats.svg", params={"wher": "role:x"}).status_code == 422
    assert client.get("/api/v1/records", params={"limit": 2}).status_code == 422
    # What the description lists still answers.
    assert client.get("/api/v1/records", params={"per_page": 2}).json()["per_page"] == 2


def test_a_filter_matching_nothing_names_the_nearest(client: TestClient) -> None:
    got = client.get("/api/v1/stats", params={"where": "company:Gogle"}).json()
    assert got["groups"] == [] and "did you mean Google?" in got["no_match"]["message"]


def test_a_span_of_years_is_the_years_within_it(client: TestClient) -> None:
    got = client.get("/api/v1/stats", params={"by": "year", "where": "year:2013-2024"}).json()
    years = [g["key"]["year"] for g in got["groups"]]
    assert got["where"]["year"] == years and years and min(years) >= 2013 and max(years) <= 2024


def test_a_comparison_of_years_is_the_years_from_it(client: TestClient) -> None:
    every = client.get("/api/v1/stats", params={"by": "year"}).json()
    got = client.get("/api/v1/stats", params={"by": "year", "where": "year>=2020"}).json()
    years = [g["key"]["year"] for g in got["groups"]]
    assert years == [g["key"]["year"] for g in every["groups"] if g["key"]["year"] >= 2020]
    assert got["where"]["year"] == years and years


def test_records_list_public_rows_with_provenance(client: TestClient) -> None:
    got = client.get(
        "/api/v1/records", params={"where": ["company:Google", "role:ml_engineer"], "per_page": 5}
    ).json()
    assert got["total"] >= len(got["rows"]) > 0
    for row in got["rows"]:
        assert row["company"] == "Google" and row["role"] == "ml_engineer"
        assert row["file"] and row["source_row"] >= 1 and row["licence_url"].startswith("https://")


def test_a_page_past_the_last_is_empty_so_a_reader_of_pages_stops(client: TestClient) -> None:
    # It answered the last page's rows again, as the page asked for: `while rows` never ended.
    params = {"where": "company:Google", "per_page": 100}
    last = client.get("/api/v1/records", params=params).json()["pages"]
    read, page = [], 1
    while page <= last + 1 and (
        rows := client.get("/api/v1/records", params={**params, "page": page}).json()["rows"]
    ):
        read += rows
        page += 1
    assert page == last + 1
    assert len(read) == client.get("/api/v1/records", params=params).json()["total"]
    answer = client.get("/api/v1/records", params={**params, "page": last + 5})
    past = answer.json()
    assert (past["page"], past["pages"], past["rows"]) == (last + 5, last, [])
    # And said, as MCP's records and the CLI say it: an empty page had come without a word.
    assert answer.headers["X-Paygrade-Warning"] == (
        f"page {last + 5} of {last:,}: the answer has {last:,} page{'s' if last > 1 else ''}"
        f" ({past['total']:,} records)"
    )
    assert "X-Paygrade-Warning" not in client.get("/api/v1/records", params=params).headers


def test_compare_sources_and_health(client: TestClient) -> None:
    compare = client.get("/api/v1/compare", params={"role": "data_scientist", "metro": SAN_JOSE})
    assert compare.status_code == 200
    assert {r["source"] for r in compare.json()["rows"]} >= {"h1b", "oews", "oflc"}
    assert client.get("/api/v1/compare", params={"role": "data_scientist"}).status_code == 422
    sources = client.get("/api/v1/sources").json()
    assert {s["source"] for s in sources} >= {"aijobs", "h1b", "oews"}
    # The flagged records of each record file, as the page shows them (the API had none).
    page = client.get("/sources?format=json").json()["files"]
    assert [s["rows_flagged"] for s in sources] == [f["rows_flagged"] for f in page]
    flagged = {s["source"]: s["rows_flagged"] for s in sources}
    assert flagged["aijobs"] > 0 and flagged["oews"] is None
    # Each file's encoding, as `paygrade sources --format json` gives it (it had none).
    encodings = {s["file"]: s["encoding"] for s in sources}
    assert encodings["h1b-lca-fy2013q3.csv"] == "latin-1"
    assert encodings["aijobs-salaries-2025-01.csv"] == "utf-8"
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["data_version"].startswith("web.published-")
    # This client's models folder is empty: no model, none being trained.
    assert health["model"] == {
        "version": None, "trained_on": None, "current": None, "training": False}  # fmt: skip


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for path in ("/healthz", "/api/v1/stats", "/api/v1/nowhere"):
        headers = client.get(path).headers
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert "script-src 'self'" in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"


def test_answers_are_cached_per_data_version(client: TestClient) -> None:
    cache = client.app.state.cache  # type: ignore[attr-defined]
    params = {"by": "year", "where": "role:data_engineer"}
    first = client.get("/api/v1/stats", params=params).json()
    hits = cache.hits
    assert client.get("/api/v1/stats", params=params).json() == first
    assert cache.hits == hits + 1


def test_filter_values_are_loaded_once_per_data_version(client: TestClient) -> None:
    # The distinct values a filter is checked against come from the version's memo,
    # not a scan of the records per request (benchmarks/api.py).
    client.get("/api/v1/stats", params={"by": "level", "where": "role:ml_engineer"})
    reader = client.app.state.published.reader()  # type: ignore[attr-defined]
    try:
        assert "ml_engineer" in reader.memo["known_values"]["role"]
    finally:
        reader.store.con.close()


def test_companies_list_and_profile(client: TestClient) -> None:
    listed = client.get("/api/v1/companies", params={"search": "google", "limit": 5}).json()
    assert listed[0]["company"] == "Google" and listed[0]["n"] > 0
    profile = client.get("/api/v1/companies/GOOGLE LLC").json()
    assert profile["company"] == "Google" and profile["n"] == listed[0]["n"]
    levels = profile["by_level"]
    assert levels["where"] == {"company": ["Google"]}
    assert sum(g["n"] for g in levels["groups"]) + levels["flagged_excluded"] == profile["n"]
    # By state too: the newest filings (late 2023) name a state, never a metro.
    states = profile["by_state"]
    assert (
        states["by"] == ["pay_component", "state"] and states["groups"][0]["key"]["state"] == "CA"
    )
    assert 2023 in states["groups"][0]["years"]
    assert not any(2023 in g["years"] for g in profile["by_metro"]["groups"] if g["key"]["metro"])
    missing = client.get("/api/v1/companies/Gogle")
    # An unknown resource is 404, as on the page (it was 422, as for a bad question).
    assert missing.status_code == 404 and "did you mean Google?" in missing.json()["detail"]
    # A filter value no record holds is said, as stats.csv says it (it listed none, no
    # word; then it was 422, no answer): the empty answer and the header.
    unheld = client.get("/api/v1/companies", params={"where": "company:Gogle"})
    assert (unheld.status_code, unheld.json()) == (200, [])
    said = "no record has company 'Gogle'; did you mean Google?"
    assert unheld.headers["X-Paygrade-Warning"] == said


def test_local_prices_through_the_api(client: TestClient) -> None:
    stats_answer = client.get(
        "/api/v1/stats", params={"where": "role:data_scientist", "local_prices": "true"}
    ).json()
    assert stats_answer["local_prices"]["no_metro"] > 0
    table = client.get("/api/v1/local-prices", params={"metro": SAN_JOSE}).json()
    assert [r["metro"] for r in table["rows"]] == [SAN_JOSE]


def test_company_lists_are_cached_per_data_version(client: TestClient) -> None:
    cache = client.app.state.cache  # type: ignore[attr-defined]
    params = {"search": "google", "limit": 3}
    first = client.get("/api/v1/companies", params=params).json()
    hits = cache.hits
    assert client.get("/api/v1/companies", params=params).json() == first
    assert cache.hits == hits + 1


@pytest.mark.parametrize(
    "path", ["/api/v1/claims/check", "/api/v1/estimate", "/api/v1/offers/evaluate"]
)
def test_a_body_that_is_not_json_is_400_and_says_where(client: TestClient, path: str) -> None:
    # It was a 422 naming "1" as the field ("1: JSON decode error").
    headers = {"content-type": "application/json"}
    got = client.post(path, content=b"{bad", headers=headers)
    assert got.status_code == 400
    assert got.json() == {
        "detail": "the body is not readable JSON: expecting property name enclosed in "
        "double quotes (at character 1)"
    }
    assert "400" in client.get("/openapi.json").json()["paths"][path]["post"]["responses"]


def test_offers_take_only_json_and_only_so_much_of_it(client: TestClient) -> None:
    # text/plain was read as JSON (422 "valid dictionary"); 3 MB were read whole.
    offer = b'{"offers": [{"base": 100000}]}'
    plain = client.post(
        "/api/v1/offers/evaluate", content=offer, headers={"content-type": "text/plain"}
    )
    assert plain.status_code == 415
    huge = {"offers": [{"base": 100000, "name": "x" * 20_000}]}
    assert client.post("/api/v1/offers/evaluate", json=huge).status_code == 413
    assert client.post("/api/v1/estimate", json={"role": "x" * 20_000}).status_code == 413


@pytest.mark.parametrize(
    ("path", "params", "name"),
    [
        # Answered as not given, without a word: every company, every country, all companies.
        ("/api/v1/ladder", {"role": "ml_engineer", "company": ""}, "company"),
        ("/api/v1/ladder", {"role": "ml_engineer", "country": " "}, "country"),
        ("/api/v1/companies", {"search": ""}, "search"),
        ("/api/v1/compare", {"role": "ml_engineer", "metro": ""}, "metro"),
        ("/api/v1/stats", {"by": "level", "where": ""}, "where"),
        ("/charts/compare.svg", {"role": "ml_engineer", "metro": ""}, "metro"),
    ],
)
def test_a_blank_parameter_is_refused_as_the_cli_refuses_it(
    client: TestClient, path: str, params: dict[str, str], name: str
) -> None:
    got = client.get(path, params=params)
    said = f"empty value for {name}"
    assert (got.status_code, got.json()) == (422, {"detail": said, "errors": {name: said}})


def test_every_text_query_parameter_is_refused_blank(client: TestClient) -> None:
    # Over the whole OpenAPI description, so a route added later is held to it too.
    spec = client.get("/openapi.json").json()
    asked = 0
    for path, operations in spec["paths"].items():
        parameters = operations.get("get", {}).get("parameters", [])
        query = [p for p in parameters if p["in"] == "query"]
        if "{" in path or not query:
            continue
        required = {p["name"]: "ml_engineer" for p in query if p.get("required")}
        for parameter in query:
            kinds = json.dumps(parameter.get("schema", {}))
            if parameter["name"] in BLANK_TAKEN or '"string"' not in kinds:
                continue
            got = client.get(path, params={**required, parameter["name"]: " "})
            said = f"empty value for {parameter['name']}"
            errors = {parameter["name"]: said}  # the parameter at fault named, as sent
            assert (got.status_code, got.json()) == (422, {"detail": said, "errors": errors}), path
            asked += 1
    assert asked >= 10


def test_a_blank_by_groups_nothing_as_the_cli_does(client: TestClient) -> None:
    got = client.get("/api/v1/stats", params={"by": ""})
    assert got.status_code == 200 and got.json()["by"] == [] and len(got.json()["groups"]) == 1


def test_a_one_value_parameter_given_twice_is_refused_not_half_read(client: TestClient) -> None:
    # ?by=level&by=metro answered by metro alone; compare answered for the last metro.
    got = client.get("/api/v1/stats", params=[("by", "level"), ("by", "metro")])
    assert got.status_code == 422
    assert got.json()["detail"] == (
        "/api/v1/stats takes one by, not 2 (by=level and by=metro); "
        "several fields go in one, by=level,metro"
    )
    twice = client.get("/api/v1/records", params=[("page", "1"), ("page", "2")])
    assert twice.status_code == 422 and "takes one page, not 2" in twice.json()["detail"]
    # A list parameter still takes several.
    where = [("where", "role:ml_engineer"), ("where", "country:US")]
    assert client.get("/api/v1/stats", params=where).status_code == 200


def test_a_country_no_one_is_in_is_refused_by_every_question(client: TestClient) -> None:
    # The ladder answered Narnia with empty levels, and echoed "germany" as written; the
    # estimate answered Narnia with a -15.8% factor; offers dropped a level without a role.
    narnia = "no country is called 'Narnia'"
    ladder = client.get("/api/v1/ladder", params={"country": "Narnia"})
    assert ladder.status_code == 422 and narnia in ladder.json()["detail"]
    germany = client.get("/api/v1/ladder", params={"country": "germany"}).json()
    assert germany["country"] == "DE"
    estimate = client.post("/api/v1/estimate", json={"role": "ml_engineer", "country": "Narnia"})
    assert estimate.status_code == 422 and narnia in estimate.json()["detail"]
    offers = client.post("/api/v1/offers/evaluate", json={"offers": [{"base": 1e5, "level": "x"}]})
    assert offers.status_code == 422
    assert offers.json()["detail"].startswith("offers.0.role: level places the offer among")


def test_the_companies_limit_reaches_every_company_and_no_further(client: TestClient) -> None:
    # Capped at 20,000, the listing (which has no pages) left some 7,000 companies out of
    # reach; a limit past the cap is a 422 that says the cap.
    every = client.get("/api/v1/companies", params={"limit": 100_000})
    assert every.status_code == 200 and len(every.json()) > 20_000
    for huge in (100_001, 10**30):
        refused = client.get("/api/v1/companies", params={"limit": huge})
        assert refused.status_code == 422
        # As the MCP tools and the CLI say it (it was pydantic's "Input should be less than
        # or equal to 100000"), the value as sent.
        assert refused.json()["detail"] == f"limit: must be 100,000 or less, not {huge}"


def test_a_csv_matching_nothing_says_so_in_a_header(client: TestClient) -> None:
    # It was a header row and nothing else, with no word of why.
    got = client.get("/api/v1/stats.csv", params={"where": "company:Gogle"})
    assert got.status_code == 200 and got.text.count("\n") == 1
    assert "did you mean Google?" in got.headers["x-paygrade-warning"]
    found = client.get("/api/v1/stats.csv", params={"where": "company:Google"})
    assert "did you mean" not in found.headers.get("x-paygrade-warning", "")
    # Every matching record flagged: the header said it twice, as the reason and as a note.
    flagged = client.get(
        "/api/v1/stats.csv", params={"where": "company:Paramount Group Management"}
    )
    assert flagged.headers["x-paygrade-warning"].count("is flagged and left out") == 1
    # How to count them is said as the API asks it: it named the CLI's --include-flagged.
    assert "(include_flagged=true counts it)" in flagged.headers["x-paygrade-warning"]
    asked = client.get("/api/v1/stats", params={"where": "company:Paramount Group Management"})
    assert asked.json()["no_match"]["message"] == (
        "the 1 matching record is flagged and left out (include_flagged=true counts it)"
    )


def test_a_csv_says_the_jsons_notes_in_a_header(client: TestClient) -> None:
    # The JSON's flagged_excluded, groups_omitted and the mixed pay were lost in the CSV.
    params = {"by": "level", "where": "role:ml_engineer", "limit": 2}
    answer = client.get("/api/v1/stats", params=params).json()
    assert answer["flagged_excluded"] and answer["groups_omitted"]
    said = client.get("/api/v1/stats.csv", params=params).headers["x-paygrade-warning"]
    assert "base and total pay are mixed here" in said
    assert f"left out: {answer['flagged_excluded']:,} flagged" in said
    assert f"not shown: {answer['groups_omitted']:,} more groups (min_n, limit)" in said
    split = client.get("/api/v1/stats.csv", params={**params, "by": "pay_component"})
    assert "mixed" not in split.headers["x-paygrade-warning"]  # no row mixes them


def test_a_csv_says_each_note_in_a_header_of_its_own(client: TestClient) -> None:
    # Joined by "; ", which a note holds itself ("...; did you mean Google?"), the notes
    # could not be told apart.
    params = {"by": "level", "where": ["role:ml_engineer", "company:gogle"], "limit": 2}
    said = client.get("/api/v1/stats.csv", params=params).headers.get_list("x-paygrade-warning")
    assert said[0] == "no record has company 'Gogle'; did you mean Google?"
    params = {"by": "level", "where": "role:ml_engineer", "limit": 2}
    said = client.get("/api/v1/stats.csv", params=params).headers.get_list("x-paygrade-warning")
    assert [note.split(":")[0] for note in said] == ["note", "left out", "not shown"], said


def test_a_csvs_notes_name_the_apis_query_parameters(client: TestClient) -> None:
    # The header told a program to add --include-flagged and --where pay_component=base:
    # the CLI's options, which the API does not take.
    params = {"by": "level", "where": "role:ml_engineer", "limit": 2}
    said = client.get("/api/v1/stats.csv", params=params).headers["x-paygrade-warning"]
    assert f"flagged records (each {FLAGGED_MEANS}; include_flagged=true counts them)" in said
    assert "add where=pay_component:base (or total)" in said
    assert "(min_n, limit)" in said and "--" not in said


def test_no_csv_cell_starts_a_formula(tmp_path: Path) -> None:
    # A school's filed title "="Early Learning Center..." was a live spreadsheet formula.
    db = tmp_path / "formulas.duckdb"
    store = Store.open(db)
    assert ingest_file(store, "csv", FIXTURES / "fixture-formula-text.csv").status == "ok"
    store.close()
    publish_file(db)
    with TestClient(create_app(Settings(db=db))) as served:
        answer = served.get("/api/v1/stats.csv", params={"by": "title,company"}).text
    cells = [c for row in csv.reader(io.StringIO(answer)) for c in row]
    assert {"'=1+1", "'+Senior ML Engineer"} <= set(cells)
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)


def test_an_offer_is_held_to_the_dollar_bounds_in_its_own_currency(client: TestClient) -> None:
    evaluate = "/api/v1/offers/evaluate"
    # A bound on the bare number refused 25,000,000 JPY, about 173,000 USD, a real salary.
    jpy = {"base": 25_000_000, "currency": "JPY", "role": "ml_engineer", "country": "JP"}
    taken = client.post(evaluate, json={"offers": [jpy]})
    assert taken.status_code == 200, taken.text
    assert taken.json()["offers"][0]["currency"] == "JPY"
    # And without a role no dollar bound held at all: 25,000,000 EUR was taken.
    for offer, said in [
        ({"base": 25_000_000, "currency": "EUR"}, "is beyond 20,000,000 USD: is it a typo?"),
        ({"base": 100_000, "currency": "JPY"}, "a year is below 1,000 USD, no year's pay"),
    ]:
        refused = client.post(evaluate, json={"offers": [offer]})
        assert refused.status_code == 422
        assert said in refused.json()["errors"]["offers.0.base"]


def test_a_currency_that_is_none_is_said_as_the_cli_says_it(client: TestClient) -> None:
    # A blank or mistyped currency was pydantic's "string should match pattern
    # '^[A-Za-z]{3}$'": a regex shown to a person; the CLI and MCP name the currency meant.
    for currency, said in [
        ("", "no currency is called ''"),
        ("eur1", "no currency is called 'eur1'; did you mean EUR?"),
    ]:
        offer = {"base": 150_000, "currency": currency}
        refused = client.post("/api/v1/offers/evaluate", json={"offers": [offer]})
        assert refused.status_code == 422, refused.text
        assert said in json.dumps(refused.json())
    # Spaces around a code are no part of it, as the CLI reads " eur ".
    padded = {"base": 85_000, "currency": " eur ", "role": "ml_engineer", "country": "DE"}
    taken = client.post("/api/v1/offers/evaluate", json={"offers": [padded]})
    assert taken.status_code == 200 and taken.json()["offers"][0]["currency"] == "EUR"


def test_nan_in_a_number_is_said_to_be_no_finite_number(client: TestClient) -> None:
    # Python's JSON reads NaN; it was said as a bound it broke ("less than or equal to").
    json_body = {"content-type": "application/json"}
    finite = "input should be a finite number, not NaN"
    offer = client.post(
        "/api/v1/offers/evaluate", content=b'{"offers": [{"base": NaN}]}', headers=json_body
    )
    assert (offer.status_code, offer.json()["errors"]) == (422, {"offers.0.base": finite})
    ladder = client.get("/api/v1/ladder", params={"role": "ml_engineer", "years": "nan"})
    # A query's text is read as the ladder page and the CLI read it, and said as typed.
    typed = "'nan' is not a finite number"
    assert (ladder.status_code, ladder.json()["errors"]) == (422, {"years": typed})
    body = b'{"title": "x", "country": "US", "base": NaN, "year": 2024}'
    submitted = client.post("/api/v1/submissions", content=body, headers=json_body)
    assert (submitted.status_code, submitted.json()["errors"]) == (422, {"base": finite})


def test_true_or_false_is_no_number_in_a_body(client: TestClient) -> None:
    # Pydantic read JSON's true as 1: an estimate for one year of experience, an offer of
    # one dollar a year, a submission for the year 1.
    said = "input should be a number, not true or false"
    estimate = client.post(
        "/api/v1/estimate", json={"title": "ML Engineer", "years_experience": True}
    )
    assert (estimate.status_code, estimate.json()["errors"]) == (422, {"years_experience": said})
    offer = client.post("/api/v1/offers/evaluate", json={"offers": [{"base": True}]})
    assert (offer.status_code, offer.json()["errors"]) == (422, {"offers.0.base": said})
    body = {"title": "x", "country": "US", "base": 150_000, "year": False}
    submitted = client.post("/api/v1/submissions", json=body)
    assert (submitted.status_code, submitted.json()["errors"]) == (422, {"year": said})
    # A number is still a number, and remote's words are still words.
    asked = {"title": "ML Engineer", "years_experience": 3, "remote": "fully remote"}
    assert client.post("/api/v1/estimate", json=asked).status_code != 422


def test_a_company_search_that_finds_none_says_so_as_the_cli_does(client: TestClient) -> None:
    # `[]` alone: the CLI said "no company matches 'gogle'; did you mean Google?" on stderr,
    # MCP as a warning, the page its suggestions; the API could not tell none from nothing.
    missed = client.get("/api/v1/companies?search=gogle")
    assert (missed.status_code, missed.json()) == (200, [])
    assert missed.headers["X-Paygrade-Warning"].startswith("no company matches 'gogle'; did you")
    assert "Google" in missed.headers["X-Paygrade-Warning"]
    found = client.get("/api/v1/companies?search=google")
    assert found.json() and "X-Paygrade-Warning" not in found.headers


@pytest.mark.parametrize("route", ["offers/evaluate", "submissions", "claims/check", "estimate"])
def test_a_body_that_cannot_be_read_says_why(client: TestClient, route: str) -> None:
    import gzip

    url, json_type = f"/api/v1/{route}", {"Content-Type": "application/json"}
    # An empty body was 422 "is required" (filed under "request"); one nested past Python's
    # stack "There was an error parsing the body"; a gzip body "not UTF-8 (byte 0x8b)".
    empty = client.post(url, content=b"", headers=json_type)
    assert (empty.status_code, empty.json()) == (
        400, {"detail": "the body is empty: send a JSON object"},
    )  # fmt: skip
    deep = client.post(url, content=b"[" * 3000 + b"]" * 3000, headers=json_type)
    assert (deep.status_code, deep.json()) == (
        400, {"detail": "the body is not readable JSON: it is nested too deeply to read"},
    )  # fmt: skip
    zipped = client.post(
        url, content=gzip.compress(b"{}"), headers={**json_type, "Content-Encoding": "gzip"}
    )
    assert (zipped.status_code, zipped.json()) == (
        415, {"detail": "the body is sent with Content-Encoding gzip: send it plain"},
    )  # fmt: skip


def test_a_company_search_left_out_by_its_other_filters_says_so(client: TestClient) -> None:
    # "no company matches 'Google'; did you mean Google ...?", of a search for Google that
    # min_n had emptied.
    left = client.get("/api/v1/companies?search=Google&min_n=100000")
    assert left.json() == []
    assert left.headers["X-Paygrade-Warning"] == (
        "the companies matching 'Google' are all left out by the other filters"
    )


def test_a_company_name_holding_a_slash_is_asked_as_on_the_page(client: TestClient) -> None:
    # The API answered a bare {"detail": "Not Found"} (its route took no "/"); the page's
    # route takes one, and says which name no record holds.
    for path in ("/api/v1/companies/a%2Fb", "/companies/a%2Fb?format=json"):
        got = client.get(path)
        assert (got.status_code, got.json()["detail"]) == (404, "no record has company 'a/b'")


def test_an_empty_field_among_the_by_fields_is_refused_as_the_cli_refuses_it(
    client: TestClient,
) -> None:
    # by=level, was taken as by=level where `--by level,` is a usage error.
    refused = client.get("/api/v1/stats", params={"by": "level,"})
    assert refused.status_code == 422
    assert refused.json()["detail"] == "empty field in by 'level,': give a field, or leave by out"
    assert client.get("/api/v1/stats", params={"by": ""}).status_code == 200  # none: no grouping
