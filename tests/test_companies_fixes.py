"""paygrade companies / company: a search finds a company by its alias, an unknown name is
echoed as given, a long search's note is cut, and filters that leave no company say why
(CLI, API, library), on the real store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from paygrade.companies import companies, matches, missed
from paygrade.config import Settings
from paygrade.stats import stats
from paygrade.store import Store
from paygrade.web import create_app
from tests.test_cli import run
from tests.web.html import Page

# role=ml_engineer at Amazon: no record (Amazon files its ML engineers as scientists).
NOTHING = {"role": ["ml_engineer"], "company": ["Amazon"]}
NOTHING_SAID = "no record matches all of these filters together"
# Then what each filter left out would match (stats.each_left_out): the role's count first.
NOTHING_APART = NOTHING_SAID + " (without role: 6,517 records; without company: "


@pytest.fixture(scope="module")
def client(web_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=web_db)), raise_server_exceptions=False) as own:
        yield own


# 1. A search finds the company its text is an alias of, as a lookup does.


def test_matches_takes_an_alias_as_its_company() -> None:
    # Hand-written fixture companies: no name merged into Google holds "Alphabet".
    google = {"company": "Google", "raw_names": [{"name": "GOOGLE LLC", "n": 3}]}
    assert matches(google, "Alphabet") and matches(google, "alphabet inc.")
    assert not matches({"company": "Gogo", "raw_names": []}, "Alphabet")


def test_a_search_for_alphabet_lists_google_and_alphabet_energy(real_store: Store) -> None:
    # /companies/Alphabet redirected to Google; the search listed only Alphabet Energy.
    found = [c["company"] for c in companies(real_store, search="Alphabet")]
    assert found == ["Google", "Alphabet Energy"]


def test_cli_and_page_search_alphabet_list_google(real_db: Path, client: TestClient) -> None:
    done = run("--db", real_db, "companies", "--search", "Alphabet", "--format", "json")
    assert (done.returncode, done.stderr) == (0, "")
    assert [c["company"] for c in json.loads(done.stdout)] == ["Google", "Alphabet Energy"]
    got = client.get("/companies?q=Alphabet")
    assert got.status_code == 200
    rows = Page(got.text).table("companies-table").rows[1:]
    assert [row[0] for row in rows] == ["Google", "Alphabet Energy"]
    moved = client.get("/companies/Alphabet", follow_redirects=False)
    assert moved.headers["location"] == "/companies/Google"  # the lookup it now agrees with


# 2. An unknown company is said as the user wrote it.


def test_cli_company_unknown_echoes_the_name_as_given(real_db: Path) -> None:
    # "AWS" was said 'Aws', a name nobody typed.
    done = run("--db", real_db, "company", "GOGLE")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == "error: no record has company 'GOGLE'; did you mean Google?\n"
    done = run("--db", real_db, "company", "gogle llc")
    assert done.stderr == "error: no record has company 'gogle llc'; did you mean Google?\n"


def test_api_company_unknown_echoes_the_name_as_given(client: TestClient) -> None:
    got = client.get("/api/v1/companies/GOGLE")
    assert got.status_code == 404
    assert got.json()["detail"] == "no record has company 'GOGLE'; did you mean Google?"


# 3. A search's note is cut as every error message is.


def test_a_long_search_is_cut_in_its_note(real_db: Path, real_store: Store) -> None:
    long = "x" * 100_000
    said = missed(real_store, long, [])
    assert said == f"no company matches '{'x' * 30}...(100,000 characters)...{'x' * 10}'"
    # The CLI refuses such a search now, as the API and MCP do, its length said.
    done = run("--db", real_db, "companies", "--search", long, "--format", "json")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == "error: --search is 100,000 characters long: at most 200\n"


# 4. Filters that leave no company say so, as stats says it.


def test_filters_matching_nothing_are_said_as_stats_says_them(real_store: Store) -> None:
    from paygrade.companies import NAMES_NONE, filtered_out  # the fix (so the old code fails here)

    assert stats(real_store, [], NOTHING)["no_match"]["message"].startswith(NOTHING_APART)
    assert companies(real_store, where=NOTHING) == []
    # Counted as companies count: flagged records too, as they are listed.
    counted = stats(real_store, [], NOTHING, include_flagged=True)["no_match"]["message"]
    assert filtered_out(real_store, NOTHING, []) == counted
    # Records that match, none listed under a company (surveys name none): not "no record".
    assert filtered_out(real_store, {"source": ["so_survey"]}, []) == NAMES_NONE
    # Left out by the search, not the filters: missed says that.
    assert filtered_out(real_store, {"role": ["ml_engineer"]}, []) is None


def test_cli_companies_filters_matching_nothing_exit_1_saying_why(
    real_db: Path, real_store: Store
) -> None:
    args = ["--where", "role=ml_engineer", "--where", "company=Amazon"]
    for fmt, answer in (("table", "Companies: none"), ("json", "[]")):
        done = run("--db", real_db, "companies", *args, "--format", fmt)
        assert (done.returncode, done.stdout.strip()) == (1, answer)
        from paygrade.companies import filtered_out

        assert done.stderr == filtered_out(real_store, NOTHING, []) + "\n"
    said = stats(real_store, [], NOTHING)["no_match"]["message"]
    asked = run("--db", real_db, "stats", *args, "--format", "json")
    assert (asked.returncode, asked.stderr) == (1, f"no records: {said}\n")
    # A search within filters that hold companies stays a search: status 0.
    done = run("--db", real_db, "companies", "--where", "role=ml_engineer", "--search", "gogle")
    assert done.returncode == 0 and done.stderr.startswith("no company matches 'gogle'")


def test_api_companies_filters_matching_nothing_say_why_in_the_header(
    client: TestClient,
) -> None:
    asked = "/api/v1/companies?where=role:ml_engineer&where=company:Amazon"
    got = client.get(asked)
    assert (got.status_code, got.json()) == (200, [])
    assert got.headers["X-Paygrade-Warning"].startswith(NOTHING_APART)
    as_csv = client.get("/api/v1/stats.csv?where=role:ml_engineer&where=company:Amazon")
    # The same sentence, each counting its own records (companies list flagged ones too).
    assert as_csv.headers["X-Paygrade-Warning"].startswith(NOTHING_APART)
    held = client.get("/api/v1/companies?where=role:ml_engineer&limit=100000")
    assert len(held.json()) > 1 and "X-Paygrade-Warning" not in held.headers


# A filter value no record holds: the empty answer and why, as stats and records give it.


def test_cli_companies_of_a_value_no_record_holds_print_the_empty_answer(real_db: Path) -> None:
    # "error: no record has country 'AQ'", nothing on stdout, where the docs promise the
    # (empty) answer still printed.
    done = run("--db", real_db, "companies", "--where", "country=AQ", "--format", "json")
    assert (done.returncode, json.loads(done.stdout)) == (1, [])
    assert done.stderr == "no record has country 'AQ'\n"
    done = run("--db", real_db, "companies", "--where", "country=AQ", "--format", "csv")
    assert done.stdout == "company,n,n_distinct,sources,raw_names\n"


def test_api_companies_of_a_value_no_record_holds_are_empty_with_the_reason(
    client: TestClient,
) -> None:
    got = client.get("/api/v1/companies", params={"where": "company:zzzz"})
    assert (got.status_code, got.json()) == (200, [])
    assert got.headers["X-Paygrade-Warning"].startswith("no record has company 'ZZZZ'")


def test_a_profile_table_of_flagged_records_alone_names_the_stats_that_counts_them(
    real_db: Path,
) -> None:
    # "(--include-flagged counts it)" named an option `company` has not (its usage error).
    done = run("--db", real_db, "company", "Paramount Group Management")
    assert done.returncode == 0, done.stderr
    line = next(ln for ln in done.stdout.splitlines() if "by pay component and level" in ln)
    assert line.endswith(
        "(paygrade stats --where 'company=Paramount Group Management' --by "
        "pay_component,level --include-flagged counts it)"
    )


def test_cli_companies_refuse_a_search_past_200_characters_as_the_api_does(
    real_db: Path, client: TestClient
) -> None:
    # The CLI answered [] (exit 0) where the API and MCP refuse it.
    done = run("--db", real_db, "companies", "--search", "x" * 300)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == "error: --search is 300 characters long: at most 200\n"
    assert client.get("/api/v1/companies", params={"search": "x" * 300}).status_code == 422
