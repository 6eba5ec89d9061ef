"""The report's prose says only what the store holds; a store with no manager title prints
no empty list of titles; ``--out -`` is a usage error; an ``--out`` that is a link to
nothing is refused before the report is built, with status 74."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from paygrade.ingest import ingest_file
from paygrade.records import CannotWrite
from paygrade.report import build_report, check_out, render_markdown
from paygrade.report.build import _row
from paygrade.report.management import management_table
from paygrade.store import Store
from tests.conftest import FIXTURES
from tests.test_cli import assert_one_error_line, run

# Sources a store of the aijobs survey alone holds nothing of.
NOT_HELD = re.compile(r"H-1B|filing|OEWS|OFLC|Stack Overflow", re.IGNORECASE)


@pytest.fixture(scope="module")
def aijobs_only(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Iterator[Store]:
    """A store of one source: the real aijobs survey file, nothing else."""
    store = Store.open(tmp_path_factory.mktemp("aijobs") / "aijobs.duckdb")
    ingest_file(store, "aijobs", data_dir / "aijobs-salaries-2025-01.csv")
    yield store
    store.close()


@pytest.fixture(scope="module")
def own_records(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A store of the partial fixture's twelve ML engineer records: no manager among them."""
    db = tmp_path_factory.mktemp("own") / "own.duckdb"
    store = Store.open(db)
    ingest_file(store, "csv", FIXTURES / "fixture-canonical-partial.csv")
    store.close()
    return db


def test_a_one_source_report_names_only_that_source(aijobs_only: Store) -> None:
    # It described H-1B filings, BLS OEWS and Stack Overflow respondents it did not hold.
    markdown = render_markdown(build_report(aijobs_only))
    assert NOT_HELD.findall(markdown) == []
    assert "from public surveys (total pay)." in markdown
    # No location table has a row: the factors are not "the other" ones.
    assert "The factors use the surveys' total pay of US jobs." in markdown
    assert "Management track: US total pay from aijobs only." in markdown


def test_no_manager_title_prints_no_empty_list(own_records: Path) -> None:
    # "managers, any field, US (titles: , ...)": an empty list joined.
    store = Store.open(own_records, read_only=True)
    try:
        labels = [row["group"] for row in management_table(store, _row)["rows"]]
        markdown = render_markdown(build_report(store))
    finally:
        store.close()
    assert labels[2] == "managers, any field, US"
    assert "titles: ," not in markdown


def test_out_dash_is_a_usage_error(own_records: Path, tmp_path: Path) -> None:
    # It wrote a folder named "-" where one stood.
    done = run("--db", own_records, "report", "--out", "-", cwd=tmp_path)
    assert_one_error_line(done, 2, "--out - is not standard output here: the report is a folder")
    assert list(tmp_path.iterdir()) == []


def test_a_link_to_nothing_is_refused_before_the_build(own_records: Path, tmp_path: Path) -> None:
    # "cannot write the report to out: File exists", status 1, once the report was built.
    out = tmp_path / "out"
    out.symlink_to(tmp_path / "gone")
    with pytest.raises(CannotWrite, match=r"out is a link to .*gone, which does not exist"):
        check_out(out)  # what the command asks before it builds
    with pytest.raises(CannotWrite):
        check_out(out / "inside")  # a link to nothing on the way
    done = run("--db", own_records, "report", "--out", out)
    assert_one_error_line(done, 74, f"cannot write the report to {out}: {out} is a link to")
    assert done.stderr.rstrip().endswith("which does not exist; no report was built")
    assert sorted(tmp_path.iterdir()) == [out] and not (tmp_path / "gone").exists()


def test_a_factor_no_record_names_is_an_empty_table(aijobs_only: Store) -> None:
    # "No record names its industry or education: those tables are empty" stood above
    # tables of one row, "unknown": every US record (6,624 of them), as if a group.
    report = build_report(aijobs_only)
    (factors,) = [s for s in report["sections"] if s["id"] == "factors"]
    tables = {t["caption"]: t for t in factors["tables"]}
    assert tables["Industry, US"]["rows"] == tables["Education, US"]["rows"] == []
    assert "No record names its industry or education: those tables are empty." in factors["text"]
    assert tables["Company size, US"]["rows"]  # a factor the survey does name keeps its rows
    markdown = render_markdown(report)
    industry = markdown[markdown.index("**Industry, US**") : markdown.index("**Company size, US**")]
    assert "No group to show." in industry and "| unknown |" not in industry


def test_the_report_page_says_an_empty_table_is_empty(aijobs_only: Store) -> None:
    # The page drew an empty grid (a sources sentence under it) where the
    # file says the table has no group.
    from fastapi.testclient import TestClient

    from paygrade.config import Settings
    from paygrade.store.snapshot import publish
    from paygrade.web import create_app

    publish(aijobs_only)  # what the server reads
    settings = Settings(db=aijobs_only.path, admin_token="a" * 32)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        page = client.get("/report").text
    assert '<p class="empty">Industry, US: No group to show.</p>' in page
    assert ">Industry, US</caption>" not in page  # no empty grid beside it


def test_a_store_without_filings_is_told_of_none_beside_bls(
    tmp_path_factory: pytest.TempPathFactory, data_dir: Path
) -> None:
    # Beside BLS OEWS, a store of the aijobs survey was told "Records rows are the H-1B
    # filings employers made ..." and, under each metro's table of no record, "Pay has
    # risen since the filings' years".
    store = Store.open(tmp_path_factory.mktemp("aijobs-oews") / "store.duckdb")
    try:
        ingest_file(store, "aijobs", data_dir / "aijobs-salaries-2025-01.csv")
        ingest_file(store, "oews", None)
        markdown = render_markdown(build_report(store))
    finally:
        store.close()
    assert "Records rows are the ML engineer records that name a metro" in markdown
    assert "BLS OEWS" in markdown and re.findall(r"H-1B|filing", markdown) == []
    assert "Pay has risen" not in markdown
    # Said by the row "ML engineer records: none in this metro", and not under a row of the
    # metro's state's filings (a store of the late-2023 filings alone).
    assert "none in this metro" in markdown and "No records match this role" not in markdown


def test_the_countries_sentence_counts_the_countries_shown(real_db: Path) -> None:
    # "Sources: aijobs (n=745)" stood under 12 countries of 622 records: all 54 counted.
    from paygrade.report.build import outside_us

    store = Store.open(real_db, read_only=True)
    try:
        (table,) = outside_us(store)
    finally:
        store.close()
    assert table["result"]["groups_omitted"] > 0
    assert sum(table["sources"].values()) == sum(row["n"] for row in table["rows"])
