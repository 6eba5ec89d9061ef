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
