"""paygrade.companies: companies with n, sources and raw names, on fixtures, the real store
and through the CLI."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from paygrade.companies import companies, matches
from paygrade.ingest import ingest_file
from paygrade.normalize.companies import canonical_company, company_key
from paygrade.rebuild import rebuild
from paygrade.records import UnknownField
from paygrade.store import Store
from tests.conftest import run_each, write_file

HEADER = "year,title,pay_component,amount_usd,company\n"
# Hand-written rows: one firm filed several ways, and a firm that must stay apart.
FIRST = (
    "2023,Machine Learning Engineer,base,150000,INTEL CORPORATION\n"
    "2023,Machine Learning Engineer,base,150000,INTEL CORPORATION\n"  # an identical copy
    "2023,Data Scientist,base,140000,INTEL CORPORATION\n"
    "2023,Data Scientist,base,141000,Intel\n"
    '2023,Software Engineer,base,120000,"OVERSTOCK.COM, INC."\n'
    "2023,Research Scientist,base,200000,META COMPANY\n"
)
SECOND = (
    "2024,Software Engineer,base,125000,OVERSTOCKCOM INC\n"
    "2024,Software Engineer,base,126000,OVERSTOCKCOM INC\n"
    '2024,Research Scientist,base,250000,"FACEBOOK, INC."\n'
    "2024,Research Scientist,base,260000,Meta Platforms Inc\n"
    "2024,Data Analyst,base,90000,\n"
)


def _load(store: Store, tmp_path: Path, *files: tuple[str, str]) -> None:
    for name, rows in files:
        path = write_file(tmp_path, f"fixture-{name}.csv", HEADER + rows)
        assert ingest_file(store, "csv", path).rows_rejected == 0


@pytest.fixture
def loaded(store: Store, tmp_path: Path) -> Store:
    _load(store, tmp_path, ("first", FIRST), ("second", SECOND))
    return store


def test_companies_counts_sources_and_raw_names(loaded: Store) -> None:
    found = {c["company"]: c for c in companies(loaded)}
    assert list(found) == ["Intel", "Overstock.com", "Meta", "Meta Company"]
    assert found["Intel"] == {
        "company": "Intel",
        "n": 4,
        "n_distinct": 3,
        "sources": {"csv": 4},
        "raw_names": [{"name": "INTEL CORPORATION", "n": 3}, {"name": "Intel", "n": 1}],
    }
    assert found["Overstock.com"]["raw_names"] == [
        {"name": "OVERSTOCKCOM INC", "n": 2},
        {"name": "OVERSTOCK.COM, INC.", "n": 1},
    ]
    assert [r["name"] for r in found["Meta"]["raw_names"]] == [
        "FACEBOOK, INC.",
        "Meta Platforms Inc",
    ]
    assert found["Meta Company"]["n"] == 1


def test_filters_search_min_n_and_limit(loaded: Store) -> None:
    assert [c["company"] for c in companies(loaded, search="intel corp.")] == ["Intel"]
    assert [c["company"] for c in companies(loaded, search="facebook")] == ["Meta"]
    assert [c["company"] for c in companies(loaded, search="meta")] == ["Meta", "Meta Company"]
    assert [c["company"] for c in companies(loaded, min_n=3)] == ["Intel", "Overstock.com"]
    assert [c["company"] for c in companies(loaded, limit=1)] == ["Intel"]
    assert [c["company"] for c in companies(loaded, where={"year": ["2024"]})] == [
        "Meta",  # n ties: by name
        "Overstock.com",
    ]
    with pytest.raises(UnknownField):
        companies(loaded, where={"employer": ["Intel"]})


def test_the_result_does_not_depend_on_file_order_or_a_rebuild(
    loaded: Store, tmp_path: Path
) -> None:
    reversed_store = Store.open(tmp_path / "reversed.duckdb")
    _load(reversed_store, tmp_path, ("second", SECOND), ("first", FIRST))
    assert companies(reversed_store) == companies(loaded)
    rebuild(reversed_store)
    assert companies(reversed_store) == companies(loaded)
    reversed_store.close()


def test_matches_ignores_case_and_forms() -> None:
    overstock = {"company": "Overstock.com", "raw_names": [{"name": "OVERSTOCKCOM INC", "n": 1}]}
    assert matches(overstock, "OVERSTOCK.COM, INC.")
    assert matches(overstock, "stock")
    assert not matches(overstock, "overstocks")


# -- the real store ---------------------------------------------------------------


@pytest.fixture(scope="module")
def real_companies(real_db: Path) -> list[dict[str, Any]]:
    store = Store.open(real_db, read_only=True)
    found = companies(store)
    store.close()
    return found


def test_no_two_real_companies_share_a_key(real_companies: list[dict[str, Any]]) -> None:
    by_key: dict[str | None, list[str]] = {}
    for company in real_companies:
        by_key.setdefault(company_key(company["company"]), []).append(company["company"])
    shared = {key: names for key, names in by_key.items() if len(names) > 1}
    assert shared == {}
    assert None not in by_key


def test_every_real_record_has_the_company_of_its_filed_name(
    real_companies: list[dict[str, Any]],
) -> None:
    wrong = [
        (raw["name"], company["company"])
        for company in real_companies
        for raw in company["raw_names"]
        if canonical_company(raw["name"]) != company["company"]
    ]
    assert wrong == []


def test_real_counts_add_up(real_store: Store, real_companies: list[dict[str, Any]]) -> None:
    assert sum(c["n"] for c in real_companies) == real_store.scalar(
        "SELECT count(company) FROM records"
    )
    for company in real_companies:
        assert sum(company["sources"].values()) == company["n"]
        assert sum(raw["n"] for raw in company["raw_names"]) == company["n"]
        assert 0 < company["n_distinct"] <= company["n"]
    ns = [c["n"] for c in real_companies]
    assert ns == sorted(ns, reverse=True)
    # Ties in alphabetical order, whatever the case: "xAI" came after "Zyxware".
    order = [(-c["n"], c["company"].lower()) for c in real_companies]
    assert order == sorted(order)


def test_real_intel_rows_are_all_intel(real_store: Store) -> None:
    rows = real_store.con.execute(
        "SELECT company_raw, company, count(*) FROM records WHERE company_raw ILIKE 'intel%' "
        "GROUP BY ALL"
    ).fetchall()
    intel = {raw: company for raw, company, _ in rows if company_key(raw) in {"INTEL"}}
    assert {"INTEL CORPORATION"} <= set(intel)
    assert set(intel.values()) == {"Intel"}
    assert real_store.scalar("SELECT count(*) FROM records WHERE company = 'Intel'") >= 100


def test_real_overstock_spellings_are_one_company(real_companies: list[dict[str, Any]]) -> None:
    (overstock,) = [c for c in real_companies if c["company"] == "Overstock.com"]
    names = {raw["name"] for raw in overstock["raw_names"]}
    assert {"OVERSTOCKCOM INC", "OVERSTOCK.COM, INC."} <= names


def test_real_meta_company_stays_apart_from_meta(real_companies: list[dict[str, Any]]) -> None:
    names = {c["company"]: {r["name"] for r in c["raw_names"]} for c in real_companies}
    assert "META COMPANY" in names["Meta Company"]
    assert "META COMPANY" not in names["Meta"]


# -- the command line ---------------------------------------------------------------


# Every command the tests below ask, by name, answered by ONE process that calls the CLI
# once per command (tests.conftest.run_each), each test reading its own answers: a process
# each (16) had taken 18 s of a durations run, the four lists of all companies 2 s each.
ASKED: dict[str, list[str]] = {
    "intel": ["companies", "--search", "Intel Corporation", "--format", "json"],
    "filtered": ["companies", "--where", "role=ml_engineer", "--where", "country=US",
                 "--limit", "5", "--format", "json"],
    "misspelt role": ["companies", "--where", "role=ml_enginer"],
    "gogle": ["companies", "--search", "gogle", "--format", "json"],
    "zzzqqq table": ["companies", "--search", "zzzqqq", "--format", "table"],
    "zzzqqq csv": ["companies", "--search", "zzzqqq", "--format", "csv"],
    "zzzqqq json": ["companies", "--search", "zzzqqq", "--format", "json"],
    "min-n csv": ["companies", "--min-n", "500", "--format", "csv"],
    "top 3": ["companies", "--limit", "3"],
    "google json": ["company", "GOOGLE LLC", "--format", "json"],
    "google": ["company", "Google"],
    "cars.com": ["company", "Cars.com"],
    "company gogle": ["company", "Gogle"],
    "staff at google": ["records", "--where", "company=google", "--where", "level=staff",
                        "--format", "json"],
    "3 at google": ["records", "--where", "company=google", "--per-page", "3"],
    "records gogle": ["records", "--where", "company=gogle"],
    "flagged csv": ["records", "--where", "source=so_survey", "--where", "role=data_engineer",
                    "--where", "level=mid", "--where", "year=2023", "--include-flagged",
                    "--format", "csv"],
    "google csv": ["records", "--where", "company=Google", "--format", "csv"],
}  # fmt: skip


Answers = dict[str, subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def answered(real_db: Path) -> Answers:
    done = run_each(*(["--db", real_db, *args] for args in ASKED.values()))
    return dict(zip(ASKED, done, strict=True))


def _ok(done: subprocess.CompletedProcess[str]) -> str:
    """``tests.test_cli.ok``'s check of one answer: status 0, not a word on stderr."""
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return done.stdout


def test_cli_companies_json(answered: Answers) -> None:
    out = _ok(answered["intel"])
    found = json.loads(out)
    assert found[0]["company"] == "Intel"
    assert set(found[0]) == {"company", "n", "n_distinct", "sources", "raw_names"}
    names = [entry["name"] for entry in found[0]["raw_names"]]
    # Commonest spelling first: the FY2024 extract's (594 filings), then the older files'.
    assert names[:2] == ["Intel Corporation", "INTEL CORPORATION"]


def test_cli_companies_takes_the_filters_the_api_and_mcp_take(
    answered: Answers, real_store: Store
) -> None:
    # docs/cli.md called the MCP tool (which takes where) this command's JSON: no --where.
    out = json.loads(_ok(answered["filtered"]))
    where = {"role": ["ml_engineer"], "country": ["US"]}
    assert out == companies(real_store, where=where, limit=5)
    assert out != companies(real_store, limit=5)
    done = answered["misspelt role"]
    assert done.returncode == 1 and "did you mean ml_engineer" in done.stderr


def test_cli_companies_a_search_matching_none_suggests_near_spellings(
    answered: Answers,
) -> None:
    # "gogle" printed "Companies: none" and nothing more.
    done = answered["gogle"]
    assert (done.returncode, json.loads(done.stdout)) == (0, [])  # the answer stays the answer
    assert done.stderr == "no company matches 'gogle'; did you mean Google?\n"
    # Nothing spelt near: the table said "Companies: none", a CSV or JSON nothing at all.
    for fmt in ("table", "csv", "json"):
        done = answered[f"zzzqqq {fmt}"]
        assert (done.returncode, done.stderr) == (0, "no company matches 'zzzqqq'\n")


def test_cli_companies_csv_and_table(answered: Answers) -> None:
    out = _ok(answered["min-n csv"])
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0]["company"] == "Amazon"
    assert all(int(r["n"]) >= 500 for r in rows)
    assert Counter(r["company"] for r in rows).most_common(1)[0][1] == 1
    table = _ok(answered["top 3"])
    assert "Amazon" in table and "names in all" in table


def test_cli_company_json_is_the_library_profile(answered: Answers, real_store: Store) -> None:
    from paygrade.companies import company_profile

    printed = json.loads(_ok(answered["google json"]))
    assert printed == json.loads(json.dumps(company_profile(real_store, "google")))
    assert printed["company"] == "Google"
    by_state = {g["key"]["state"] for g in printed["by_state"]["groups"]}
    assert "CA" in by_state  # the newest filings, which name no metro, are placed


def test_cli_company_table_has_a_section_per_grouping(answered: Answers) -> None:
    table = _ok(answered["google"])
    assert table.startswith("Google: ")
    titles = [line.strip() for line in table.splitlines() if "Google: annual pay, USD" in line]
    assert [t.split("USD, ")[1].split(" (")[0] for t in titles] == [
        "by pay component and level",
        "by pay component and title",
        "by pay component and metro",
        "by pay component and US state",
        "by pay component and year",
    ]
    # Groups left out point at the command that lists them, not at options `company` lacks.
    assert "--limit" not in table
    assert "paygrade stats --where company=Google --by pay_component,title lists all" in table


def test_cli_company_section_with_every_group_left_out_says_so(answered: Answers) -> None:
    # No title of Cars.com has 5 records: the section printed an empty table, "years: none".
    table = _ok(answered["cars.com"])
    line = next(x for x in table.splitlines() if "by pay component and title" in x)
    assert line.startswith("Cars.com: annual pay, USD, by pay component and title")
    assert line.endswith(
        "none shown; 5 groups have fewer records (paygrade stats --where company=Cars.com"
        " --by pay_component,title lists all)"
    )
    assert "years of the groups shown: none" not in table


def test_cli_company_unknown_is_an_error_with_a_suggestion(answered: Answers) -> None:
    done = answered["company gogle"]
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == "error: no record has company 'Gogle'; did you mean Google?\n"


def test_cli_records_json_is_the_library_page(answered: Answers, real_store: Store) -> None:
    from paygrade.evidence import records

    printed = json.loads(_ok(answered["staff at google"]))
    expected = records(real_store, {"company": ["Google"], "level": ["staff"]})
    assert printed == json.loads(json.dumps(expected, default=str))
    assert printed["total"] == len(printed["rows"]) > 0
    assert {row["company"] for row in printed["rows"]} == {"Google"}


def test_cli_records_table_names_each_rows_file_and_row(answered: Answers) -> None:
    out = _ok(answered["3 at google"])
    lines = out.splitlines()
    assert lines[0].strip().startswith("Records 1-3 of ")
    header = lines[2].split()
    assert header == ["year", "company", "title", "level", "place", "pay", "amount_usd", "file",
                      "row"]  # fmt: skip
    rows = [line.split() for line in lines[4:7]]
    assert all(r[0].isdigit() and len(r[0]) == 4 for r in rows)  # a year, not "2,023"
    assert all(r[-1].isdigit() and r[-2].endswith((".csv", ".parquet")) for r in rows)
    assert "--page 2 for more" in out


def test_cli_records_of_nothing_exit_1_with_a_suggestion(answered: Answers) -> None:
    done = answered["records gogle"]
    assert done.returncode == 1
    assert done.stderr == "no records: no record has company 'Gogle'; did you mean Google?\n"


def test_cli_records_csv_writes_flags_as_text(answered: Answers) -> None:
    # A flagged record's flags were written as Python's list, "['below_us_minimum_wage']".
    out = _ok(answered["flagged csv"])
    rows = list(csv.DictReader(io.StringIO(out)))
    flags = {row["flags"] for row in rows}
    assert "below_us_minimum_wage" in flags and "" in flags
    assert not any("[" in f for f in flags)


def test_a_records_csv_without_a_listed_row_is_still_its_header(answered: Answers) -> None:
    from paygrade.evidence import ROW_KEYS
    from paygrade.formats import render_records

    # Only submitted salaries matching (counted, never listed): the CSV was an empty line.
    empty = {"rows": [], "page": 1, "per_page": 50, "total": 0, "pages": 1}
    assert render_records(empty, "csv") == ",".join(ROW_KEYS) + "\n"
    # The header is the listed rows' own keys, in their order.
    done = answered["google csv"]
    assert done.returncode == 0 and next(csv.reader(io.StringIO(done.stdout))) == list(ROW_KEYS)


def test_a_company_profile_never_mixes_base_and_total_pay(real_db: Path, tmp_path: Path) -> None:
    import shutil

    from paygrade.companies import PROFILE_TABLES, company_profile
    from tests.conftest import FIXTURES

    shutil.copy(real_db, tmp_path / "store.duckdb")
    store = Store.open(tmp_path / "store.duckdb")
    try:
        # Hand-written fixture rows (not product data): six of a user's own total pay at
        # Google in 2024, beside the filings' base pay. The year, metro and state tables had
        # grouped both together: one 2024 median of base and total, nobody's pay.
        ingest_file(store, "csv", FIXTURES / "fixture-canonical-partial.csv")
        profile = company_profile(store, "Google")
    finally:
        store.close()
    for key, by, _, _ in PROFILE_TABLES:
        assert profile[key]["by"] == list(by) and by[0] == "pay_component", key
        assert all(len(g["pay_components"]) == 1 for g in profile[key]["groups"]), key
    years = {
        (g["key"]["pay_component"], g["key"]["year"]): g["n"] for g in profile["by_year"]["groups"]
    }
    assert years[("total", 2024)] == 6


def test_a_read_only_store_lists_its_companies_once_per_filters(real_db: Path) -> None:
    from paygrade.companies import LISTS_KEPT, company_list

    # A server's and an MCP session's published copy: each new search had listed and
    # keyed all 27,000 companies again (about a second).
    store = Store.open(real_db, read_only=True)
    try:
        every = company_list(store)
        assert company_list(store) is every and len(every.rows) > 20_000
        assert company_list(store, where={"country": ["US"]}) is not every
        assert companies(store, search="open ai") == every.matching("open ai")
        for n in range(2, LISTS_KEPT + 2):  # the oldest lists give way: memory stays bounded
            company_list(store, min_n=n)
        assert len(store.memo["company lists"]) == LISTS_KEPT
        assert company_list(store) is not every
    finally:
        store.close()


def test_a_store_open_for_writing_lists_them_anew(store: Store) -> None:
    from paygrade.companies import company_list

    assert company_list(store) is not company_list(store)  # an ingest may change them
