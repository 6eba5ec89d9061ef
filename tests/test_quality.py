"""The quality report: exact numbers on a hand-written fixture, then the known real-data figures."""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from pathlib import Path
from typing import Any

import duckdb
import pytest

from paygrade.formats import _heaped, render_quality
from paygrade.ingest import ingest_file
from paygrade.normalize.plausibility import reasons
from paygrade.normalize.titles import classify_title
from paygrade.quality import loaded_sources, quality_report, quarantined_rows
from paygrade.records import LEVELS
from paygrade.store import Store
from tests.conftest import real_data_dir

COLUMNS = ("year", "title", "company", "country", "level", "remote", "pay_component", "amount_usd")
HEAPED_TITLES = ("ML Engineer", "Data Scientist", "Research Scientist")
AIJOBS = real_data_dir() / "aijobs-salaries-2025-01.csv"
Row = dict[str, Any]


def row(
    year: int,
    title: str,
    company: str,
    country: str | None,
    level: str,
    remote: int | None,
    amount: int,
) -> Row:
    values = (year, title, company, country, level, remote, "base", amount)
    return dict(zip(COLUMNS, values, strict=True))


def fixture_rows() -> list[Row]:
    """Fixture: one heaped cell, one small all-equal cell, exact duplicates, implausible rows."""
    rows = []
    # 2024 US senior fully remote: 200 rows, 180 of them at 150,000 or 200,000.
    for i in range(200):
        if i < 180:
            amount, title = (150_000 if i < 120 else 200_000), HEAPED_TITLES[i % 3]
        else:
            amount, title = 150_500 + i * 100, "Data Engineer"
        rows.append(row(2024, title, f"Fixture Co {i}", "US", "senior", 100, amount))
    # Every row at one figure, but 50 rows are too few to call it heaping.
    rows += [row(2023, "Data Analyst", f"Small Co {i}", "DE", "mid", 0, 100_000) for i in range(50)]
    # Exact duplicates: three copies (two extra) and two copies (one extra); the
    # lower-case title makes the last row a different raw row.
    first = row(2022, "Analyst", "Dup Co", None, "mid", None, 90_000)
    second = row(2022, "Analyst", "Dup Co", None, "entry", None, 60_000)
    rows += [first, first, first, second, second, {**first, "title": "analyst"}]
    # Above the entry and mid bounds (flagged), at the entry bound, and a level without a bound.
    rows += [
        row(2024, "Data Analyst", "Odd Co", "US", "entry", 0, 774_000),
        row(2024, "Data Analyst", "Odd Co", "US", "entry", 0, 300_000),
        row(2024, "ML Engineer", "Odd Co", "US", "mid", 0, 650_000),
        row(2024, "ML Engineer", "Odd Co", "US", "executive", 0, 900_000),
    ]
    return rows


def write_fixture(path: Path, rows: list[Row]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for record in rows:
            writer.writerow({k: "" if v is None else v for k, v in record.items()})
        # One row that cannot be a record (quarantined, so never in the checks' counts).
        writer.writerow({**rows[0], "level": "wizard"})
    return path


def shares(rows: list[Row], field: str) -> dict[str, float]:
    counts = Counter("(unknown)" if r[field] is None else str(r[field]) for r in rows)
    return {k: round(n / len(rows), 4) for k, n in counts.most_common()}


@pytest.fixture
def report(tmp_path: Path, store: Store) -> dict[str, Any]:
    result = ingest_file(
        store, "csv", write_fixture(tmp_path / "fixture-quality.csv", fixture_rows())
    )
    assert (result.rows_accepted, result.rows_rejected) == (260, 1)
    (source,) = quality_report(store)["sources"]
    assert (source["source"], source["records"]) == ("csv", 260)
    checks: dict[str, Any] = source["checks"]
    return checks


def test_exact_duplicates_count_extra_copies_of_identical_raw_rows(report: dict[str, Any]) -> None:
    assert report["exact_duplicates"] == {"rows": 3, "share": round(3 / 260, 4)}


def test_the_heaped_cell_is_reported_with_its_values_and_share(report: dict[str, Any]) -> None:
    assert report["heaping"] == [
        {
            "year": 2024,
            "country": "US",
            "level": "senior",
            "remote": 100,
            "rows": 200,
            "values": [150_000.0, 200_000.0],
            "titles_with_these_values": 3,  # each title at both values counts once
            "share": 0.9,
        }
    ]


def test_amounts_heaped_by_one_title_alone_are_no_heaping(tmp_path: Path, store: Store) -> None:
    # h1b's most heaped cell was 586 filings of one title at two rates (one employer's
    # scale): heaping is common amounts across unrelated titles, as the docs define it.
    rows = fixture_rows()
    scale = [row(2021, "Data Analyst 2", f"Scale Co {i}", "US", "mid", 0, 69_100 + 5_100 * (i % 2))
             for i in range(300)]  # fmt: skip
    ingest_file(store, "csv", write_fixture(tmp_path / "fixture-scale.csv", rows + scale))
    (source,) = quality_report(store)["sources"]
    assert [(h["year"], h["titles_with_these_values"]) for h in source["checks"]["heaping"]] == [
        (2024, 3)
    ]


def test_implausible_rows_are_those_above_their_levels_bound(report: dict[str, Any]) -> None:
    implausible = report["implausible"]
    assert implausible["by_flag"] == {
        "entry_above_300k": {"rows": 1, "why": reasons()["entry_above_300k"]},
        "mid_above_600k": {"rows": 1, "why": reasons()["mid_above_600k"]},
    }
    assert implausible["rows"] == 2
    assert [(r["level"], r["amount_usd"], r["source_row"]) for r in implausible["examples"]] == [
        ("entry", 774_000.0, 257),
        ("mid", 650_000.0, 259),
    ]


def test_year_and_country_shares(report: dict[str, Any]) -> None:
    rows = fixture_rows()
    assert (
        report["year_share"]
        == shares(rows, "year")
        == {
            "2024": 0.7846,
            "2023": 0.1923,
            "2022": 0.0231,
        }
    )
    assert (
        report["country_share"]
        == shares(rows, "country")
        == {
            "US": 0.7846,
            "DE": 0.1923,
            "(unknown)": 0.0231,
        }
    )


def test_levels_count_every_level_and_the_rows_without(report: dict[str, Any]) -> None:
    given = Counter(r["level"] for r in fixture_rows())
    assert report["levels"] == {
        **{level: given[level] for level in LEVELS},
        "unknown": 0,
        "unknown_share": 0.0,
    }
    assert list(report["levels"]) == [*LEVELS, "unknown", "unknown_share"]


def test_levels_of_rows_without_a_given_level(tmp_path: Path, store: Store) -> None:
    rows = [
        row(2024, "Data Scientist", "A", "US", "senior", 0, 150_000),
        row(2024, "Data Scientist", "B", "US", "senior", 0, 150_000),
        row(2024, "Data Analyst", "C", "US", "entry", 0, 80_000),
        row(2024, "Staff Data Scientist", "D", "US", "senior", 0, 250_000),  # refined: staff
        {**row(2024, "Staff Data Scientist", "E", "US", "", 0, 250_000)},  # the title's level
        row(2024, "Data Scientist", "F", "US", "", 0, 150_000),  # no level at all
        row(2024, "Principal", "G", "US", "", 0, 90_000),  # a school's: no level
    ]
    ingest_file(store, "csv", write_fixture(tmp_path / "fixture-levels.csv", rows))
    (source,) = quality_report(store)["sources"]
    assert source["checks"]["levels"] == {
        "entry": 1,
        "mid": 0,
        "senior": 2,
        "staff": 2,
        "principal": 0,
        "executive": 0,
        "unknown": 2,
        "unknown_share": round(2 / 7, 4),
    }
    text = render_quality(quality_report(store), "table")
    assert (
        "  levels: entry 1, mid 0, senior 2, staff 2, principal 0, executive 0; "
        "no level 2 (28.6%)\n"
    ) in text


def test_quarantined_rows_are_counted_and_shown(report: dict[str, Any], store: Store) -> None:
    assert report["quarantined"] == 1
    (kept_out,) = quarantined_rows(store)
    assert kept_out["source_row"] == 261 and kept_out["reason"].startswith("bad level: 'wizard'")
    assert '"level":"wizard"' in kept_out["raw"].replace(" ", "")


def test_an_empty_store_has_an_empty_report() -> None:
    empty = Store.open(":memory:")
    try:
        assert quality_report(empty) == {"sources": []}
        assert loaded_sources(empty) == []
    finally:
        empty.close()


def aijobs_raw(sql: str) -> Any:
    """``sql`` over the raw aijobs file (as ``raw``, every column text), independent of paygrade."""
    with duckdb.connect() as con:
        con.execute(f"CREATE VIEW raw AS SELECT * FROM read_csv('{AIJOBS}', all_varchar = true)")
        return con.execute(sql).fetchall()[0]


@pytest.fixture
def aijobs(real_store: Store) -> dict[str, Any]:
    found = [s for s in quality_report(real_store)["sources"] if s["source"] == "aijobs"]
    assert len(found) == 1
    checks: dict[str, Any] = found[0]["checks"]
    return checks


def test_aijobs_exact_duplicates_are_rows_minus_distinct_rows(aijobs: dict[str, Any]) -> None:
    total, distinct = aijobs_raw(
        "SELECT count(*), (SELECT count(*) FROM (SELECT DISTINCT * FROM raw)) FROM raw"
    )
    assert aijobs["exact_duplicates"]["rows"] == total - distinct
    assert 38_000 < total - distinct < 40_500  # "~39k exact duplicate rows"
    assert aijobs["exact_duplicates"]["share"] == round((total - distinct) / total, 4)


def test_aijobs_heaping_2024_us_senior_fully_remote(aijobs: dict[str, Any]) -> None:
    with duckdb.connect() as con:
        con.execute(f"CREATE VIEW raw AS SELECT * FROM read_csv('{AIJOBS}', all_varchar = true)")
        answers = con.execute(
            """SELECT job_title, salary_in_usd IN ('110000', '160000') FROM raw
            WHERE work_year = '2024' AND company_location = 'US' AND experience_level = 'SE'
                AND remote_ratio = '100'"""
        ).fetchall()
    # SE rows whose title says staff or principal are in those levels' cells.
    senior = [
        heaped
        for title, heaped in answers
        if classify_title(title, "tech").level not in ("staff", "principal")
    ]
    rows, heaped = len(senior), sum(senior)
    assert 0 < len(answers) - rows < 10
    cell = aijobs["heaping"][0]  # the most heaped cell of the file
    assert (cell["year"], cell["country"], cell["level"], cell["remote"]) == (
        2024,
        "US",
        "senior",
        100,
    )
    assert cell["values"] == [110_000.0, 160_000.0]
    assert cell["rows"] == rows
    assert cell["share"] == round(heaped / rows, 4)
    assert f"{cell['share']:.1%}" == "14.6%"


def test_aijobs_entry_level_at_774000_is_implausible(aijobs: dict[str, Any]) -> None:
    flagged = [(r["level"], r["amount_usd"]) for r in aijobs["implausible"]["examples"]]
    assert ("entry", 774_000.0) in flagged
    assert aijobs["implausible"]["rows"] >= len(flagged)


def test_aijobs_is_loaded_with_its_hash_counts_and_licence(real_store: Store) -> None:
    (loaded,) = [s for s in loaded_sources(real_store) if s["source"] == "aijobs"]
    (rows,) = aijobs_raw("SELECT count(*) FROM raw")
    assert loaded["file"] == AIJOBS.name
    assert loaded["sha256"] == hashlib.sha256(AIJOBS.read_bytes()).hexdigest()
    assert (loaded["rows_read"], loaded["rows_accepted"], loaded["rows_rejected"]) == (
        rows,
        rows,
        0,
    )
    assert loaded["licence"] == "CC0 1.0"


def test_aijobs_levels_are_its_codes_with_se_refined_by_titles(aijobs: dict[str, Any]) -> None:
    """EN, MI and EX stay as coded; an SE row is staff or principal when its title says so."""
    with duckdb.connect() as con:
        con.execute(f"CREATE VIEW raw AS SELECT * FROM read_csv('{AIJOBS}', all_varchar = true)")
        codes = dict(
            con.execute("SELECT experience_level, count(*) FROM raw GROUP BY 1").fetchall()
        )
        se_titles = con.execute(
            "SELECT job_title, count(*) FROM raw WHERE experience_level = 'SE' GROUP BY 1"
        ).fetchall()
    refined = Counter()
    for title, n in se_titles:
        refined[classify_title(title, "tech").level] += n
    levels = aijobs["levels"]
    assert (levels["entry"], levels["mid"], levels["executive"]) == (
        codes["EN"],
        codes["MI"],
        codes["EX"],
    )
    assert (levels["staff"], levels["principal"]) == (refined["staff"], refined["principal"])
    assert levels["staff"] + levels["principal"] > 0
    assert levels["senior"] + levels["staff"] + levels["principal"] == codes["SE"]
    assert (levels["unknown"], levels["unknown_share"]) == (0, 0.0)


@pytest.mark.parametrize(
    ("remote", "shown"), [(None, "remote unknown"), (0, "remote 0%"), (50, "remote 50%")]
)
def test_a_heaped_cell_without_remote_reads_as_unknown_like_its_level(
    remote: int | None, shown: str
) -> None:
    # In the /quality page's words ("no level", "remote unknown"), not the CLI's own "?".
    cell = {"year": 2023, "country": "US", "level": None, "remote": remote, "rows": 10}
    cell |= {"values": [1e5], "titles_with_these_values": 1, "share": 0.5}
    line = _heaped(cell)
    assert line.startswith(f"2023, US, no level, {shown}: 50.0% of 10 rows are exactly 100,000")
    missing = _heaped({**cell, "country": None})
    assert missing.startswith("2023, no country, no level, ")


def test_one_flagged_row_is_said_in_the_singular() -> None:
    from paygrade.formats import _flagged

    one = {"rows": 1, "by_flag": {"base_above_1m": {"rows": 1}}, "examples": []}
    assert _flagged(one).startswith("1 flagged row, left out of statistics")


def test_a_source_whose_every_row_was_quarantined_is_reported(tmp_path: Path, store: Store) -> None:
    # Its source was left out of the report (the records' sources only), and with it the
    # quarantined rows `sources` counts and `quarantine` lists.
    bad = tmp_path / "fixture-all-bad.csv"
    bad.write_text("year,title,pay_component,amount_usd\n2024,ML Engineer,base,0\n"
                   "2024,ML Engineer,base,abc\n2031,ML Engineer,base,100000\n")  # fmt: skip
    assert ingest_file(store, "csv", bad).rows_accepted == 0
    (csv_source,) = [s for s in quality_report(store)["sources"] if s["source"] == "csv"]
    assert (csv_source["records"], csv_source["checks"]["quarantined"]) == (0, 3)
    assert "csv: 0 records, 3 quarantined" in render_quality(quality_report(store), "table")


def test_titles_apart_only_by_case_are_one_title_in_heaping(tmp_path: Path, store: Store) -> None:
    # "Staff Data Engineer" and "STAFF DATA ENGINEER" were two titles: a cell of one job
    # read as heaping across unrelated titles (stats groups titles by case).
    rows = [
        row(2024, "Staff Data Engineer" if i % 2 else "STAFF DATA ENGINEER", f"Co {i}", "US",
            "staff", 0, 150_000 if i < 150 else 180_000 + i)
        for i in range(200)
    ]  # fmt: skip
    ingest_file(store, "csv", write_fixture(tmp_path / "fixture-case.csv", rows))
    (csv_source,) = [s for s in quality_report(store)["sources"] if s["source"] == "csv"]
    assert csv_source["checks"]["heaping"] == []
    rows[1] = {**rows[1], "title": "Data Engineer"}  # a second title: heaping again
    other = Store.open(tmp_path / "other.duckdb")
    try:
        ingest_file(other, "csv", write_fixture(tmp_path / "fixture-case2.csv", rows))
        (again,) = [s for s in quality_report(other)["sources"] if s["source"] == "csv"]
    finally:
        other.close()
    assert [cell["titles_with_these_values"] for cell in again["checks"]["heaping"]] == [2]


def test_a_share_that_rounds_to_nothing_is_under_a_tenth_of_a_percent(
    tmp_path: Path, store: Store
) -> None:
    # "exact duplicates: 4 rows (0.0%)" on the command line, "under 0.1%" on the page.
    first = row(2022, "Analyst", "Dup Co", None, "mid", None, 90_000)
    rows = [first, first] + [
        row(2023, "Analyst", f"Co {i}", None, "mid", None, 50_000 + i) for i in range(3_000)
    ]
    ingest_file(store, "csv", write_fixture(tmp_path / "fixture-share.csv", rows))
    said = render_quality(quality_report(store), "table")
    assert "exact duplicates: 1 row (under 0.1%)" in said


def test_an_implausible_example_names_its_file(report: dict[str, Any], store: Store) -> None:
    # "e.g. row 1: ... 2,000,000": with two files of a source, row 1 of the other file was
    # another respondent, paid 285,000.
    first = report["implausible"]["examples"][0]
    assert first["file"] == "fixture-quality.csv"
    said = render_quality(quality_report(store), "table")
    assert f"e.g. fixture-quality.csv row {first['source_row']}: " in said


def test_the_text_says_what_each_flag_it_names_means(report: dict[str, Any]) -> None:
    # The text named flags bare ("entry_above_300k 1, mid_above_600k 1"), unexplained, while
    # the page and the JSON give each its why.
    text = render_quality({"sources": [{"source": "csv", "records": 260, "checks": report}]}, "")
    assert text.endswith(
        "flags (kept, left out of statistics unless asked for):\n"
        f"  entry_above_300k: {reasons()['entry_above_300k']}\n"
        f"  mid_above_600k: {reasons()['mid_above_600k']}\n"
    )
