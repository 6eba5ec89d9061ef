"""Fewer submissions than a group counts, told by no count, file or value.

A copy of the real store with three hand-written fixture submissions approved into it
(company "Fixture Few Audit", one of them at 7.25 years of experience, which no public
record holds), and a second copy with ten. The audit of 2026-12-06 read how many people
had submitted from the export's summary and `info`, and that one had submitted 7.25 years
from "no record matches" where a value nobody holds says "no record has ...".
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from paygrade.config import Settings
from paygrade.engines import PRIVATE_MIN
from paygrade.filters import KnownValues, parse_where, resolve
from paygrade.quality import store_info
from paygrade.store import Store
from paygrade.submissions import approve, submit
from tests.conftest import run_each
from tests.test_submissions import GOOD

COMPANY = "Fixture Few Audit"
PUBLIC_SQL = "SELECT count(*) FROM records WHERE source <> 'submission'"


def fixture_submission(base: int, **fields: Any) -> dict[str, Any]:
    return {**GOOD, "company": COMPANY, "base": base, **fields}


def _approved(db: Path, first: int, last: int) -> None:
    """Fixture submissions ``first``..``last`` (the first at 7.25 years) queued and approved."""
    settings = Settings(db=db, submissions_per_hour=100)
    for number in range(first, last + 1):
        years = {"years_experience": 7.25} if number == 1 else {}
        submit(settings, fixture_submission(150_000 + 1_000 * number, **years), f"c{number}")
    with closing(Store.open(db)) as writing:
        for number in range(first, last + 1):
            approve(writing, settings, number)


@pytest.fixture(scope="module")
def few(real_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("few") / "store.duckdb"
    shutil.copyfile(real_db, db)
    _approved(db, 1, 3)
    return db


@pytest.fixture(scope="module")
def ten(few: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ten")
    db = folder / "store.duckdb"
    shutil.copyfile(few, db)
    shutil.copyfile(
        few.with_name("store.submissions.sqlite"), db.with_name(f"{db.stem}.submissions.sqlite")
    )
    _approved(db, 4, PRIVATE_MIN)
    return db


@pytest.fixture
def few_store(few: Path) -> Iterator[Store]:
    with closing(Store.open(few, read_only=True)) as opened:
        yield opened


def test_an_export_tells_no_count_of_fewer_submissions_than_a_group_counts(
    few: Path, ten: Path, tmp_path: Path
) -> None:
    # "left out: submission 6" said three people had submitted (two records each).
    exported, counted = run_each(
        ["--db", few, "export", "--out", tmp_path / "few"],
        ["--db", ten, "export", "--out", tmp_path / "ten"],
    )
    assert exported.returncode == 0, exported.stderr
    said = "  left out: submission records of fewer than 10 submissions (submitted"
    assert said in exported.stdout and "submission 6" not in exported.stdout
    summary = json.loads((tmp_path / "few" / "_paygrade.json").read_text(encoding="utf-8"))
    assert summary["left_out"] == {"submission": None}
    # Ten counted in a group are counted here too, as the sources list them.
    assert "  left out: submission 20 (submitted" in counted.stdout
    from paygrade.parquet import left_out  # new: the old code had no such function

    with closing(Store.open(ten, read_only=True)) as store:
        assert left_out(store) == {"submission": 2 * PRIVATE_MIN}


def test_info_lists_no_file_or_record_of_fewer_submissions(few_store: Store, ten: Path) -> None:
    # Each approval was listed ("submission-1.csv 2 rows 2026-12-06 08:53 UTC": when each
    # came), and the records total less the files listed gave their number.
    facts = store_info(few_store)
    assert [f for f in facts["files"] if f["source"] == "submission"] == []
    assert facts["records"] == few_store.scalar(PUBLIC_SQL)
    assert sum(f["rows"] for f in facts["files"] if f["kind"] == "records") == facts["records"]
    assert not any("submission" in name for name in facts["other_rules"])
    with closing(Store.open(ten, read_only=True)) as store:
        counted = store_info(store)
        total = store.scalar("SELECT count(*) FROM records")
    (summed,) = [f for f in counted["files"] if f["source"] == "submission"]
    assert (summed["file"], summed["rows"], counted["records"]) == (
        "10 approved submissions",
        2 * PRIVATE_MIN,
        total,
    )
    assert len(summed["ingested_at"]) == len("2026-12-06")  # the day, not each minute


def test_a_number_only_a_few_submissions_hold_is_answered_as_one_nobody_holds(
    few_store: Store,
) -> None:
    # "no record matches" for 7.25 where 7.3 had "no record has years_experience 7.3":
    # someone had submitted 7.25 years.
    known = KnownValues(few_store)
    assert "7.25" in known.of("years_experience") and "7.25" not in known.told("years_experience")

    def said(*clauses: str) -> list[dict[str, Any]]:
        _, unmatched = resolve(parse_where(list(clauses), known), known)
        return [{**u.as_dict(), "value": "V", "written": u.written and "W"} for u in unmatched]

    for clauses in (["years_experience={}"], ["years_experience={},8"]):
        asked = [c.format(7.25) for c in clauses]
        assert said(*asked) == said(*[c.format(7.3) for c in clauses]) != []
    # A span holding it alone is as one holding nothing; a wider one keeps it.
    assert said("years_experience=7.2-7.3") == said("years_experience=7.3-7.4") != []
    spanned, unmatched = resolve(parse_where(["years_experience=6-8"], known), known)
    assert 7.25 in spanned["years_experience"] and unmatched == []
    # Given as data (MCP), a span reads alike.
    assert resolve({"years_experience": ["7.2-7.3"]}, known)[1][0].written == "7.2-7.3"
    assert 7.25 in resolve({"years_experience": ["6-8"]}, known)[0]["years_experience"]


def test_the_cli_answers_a_submitted_number_as_one_nobody_holds(few: Path) -> None:
    answers = run_each(
        *[["--db", few, "stats", "--where", f"years_experience={v}"] for v in ("7.25", "7.3")]
    )
    assert [a.returncode for a in answers] == [1, 1]
    lone, nobody = (a.stdout + a.stderr for a in answers)
    assert "no record has years_experience 7.25" in lone
    assert lone.replace("7.25", "7.3") == nobody


def test_an_answer_names_no_number_of_a_span_only_a_few_submissions_hold(
    few_store: Store,
) -> None:
    # "Annual pay, USD (years_experience in 6, 7, 7.25, 8)": the span's held values, and
    # `where` in the JSON, named the one submitter's 7.25. The query still counts it.
    from paygrade.evidence import records
    from paygrade.stats import stats

    known = KnownValues(few_store)
    where = parse_where(["years_experience=6-8"], known)
    assert "7.25" in where["years_experience"]
    said = stats(few_store, [], where, known=known)["where"]
    assert said == {"years_experience": [6.0, 7.0, 8.0]}
    assert records(few_store, where)["where"] == said
    # Asked alone it is said as asked, as 7.3 would be.
    assert stats(few_store, [], {"years_experience": ["7.25"]})["where"] == {
        "years_experience": [7.25]
    }
