"""Submissions: validation, the queue and its rate limit, approval through ingest, rejection,
and the queue working while another process holds the store's write lock."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pytest

from paygrade import submissions
from paygrade.config import Settings
from paygrade.engines import PRIVATE_MIN
from paygrade.evidence import records
from paygrade.normalize.submission import Submission
from paygrade.quality import loaded_sources, quality_report
from paygrade.stats import stats
from paygrade.store import Store, StoreBusy, StoreError
from paygrade.store.snapshot import PublishedStore
from paygrade.submissions import (
    AlreadyDecided,
    BadSubmission,
    TooManySubmissions,
    UnknownStatus,
    UnknownSubmission,
    approve,
    pending,
    queue,
    queue_path,
    reject,
    submit,
    validate,
    withdraw,
)
from tests.conftest import ok_each, run_each
from tests.test_cli import ok, run, short_of_room

SEATTLE = "Seattle-Tacoma-Bellevue, WA"
GOOD: dict[str, Any] = {
    "title": "Senior Machine Learning Engineer",
    "company": "GOOGLE LLC",
    "level": "senior",
    "years_experience": 6,
    "city": "Seattle",
    "state": "WA",
    "country": "US",
    "base": 180_000,
    "bonus": 20_000,
    "stock_per_year": 50_000,
    "year": 2024,
}
SUBMITTED = {"source": ["submission"]}


def stored_submissions(store: Store) -> dict[str, int]:
    """The submission records a store holds, by pay component: what its answers count
    (publicly only in groups of PRIVATE_MIN of them, which one or two submissions are not)."""
    rows = store.con.execute(
        "SELECT pay_component, count(*) FROM records WHERE source = 'submission' "
        "GROUP BY ALL ORDER BY 1"
    ).fetchall()
    return {str(component): int(n) for component, n in rows}


@contextmanager
def write_lock_held(db: Path) -> Iterator[None]:
    """Another process holds ``db`` open for writing, as `paygrade ingest` does, until the
    block ends."""
    code = (
        "import sys; from paygrade.store import Store; store = Store.open(sys.argv[1]); "
        "print('holding', flush=True); sys.stdin.read(); store.close()"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "holding"
        yield
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
        holder.stdout.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for a store in tmp_path (no DuckDB file needed to queue)."""
    return Settings(db=tmp_path / "paygrade.duckdb", submissions_per_hour=3)


@pytest.fixture
def real_copy(real_db: Path, tmp_path: Path) -> Path:
    """A copy of the real store that a test may write."""
    db = tmp_path / "store.duckdb"
    shutil.copyfile(real_db, db)
    return db


# -- validation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (GOOD, {"company": "GOOGLE LLC", "level": "senior", "total": 250_000.0}),
        ({**GOOD, "level": "SE", "country": "us", "state": "wa"}, {"level": "senior"}),
        ({**GOOD, "base": "180,000", "year": "2024", "bonus": ""}, {"base": 180_000.0}),
        ({**GOOD, "title": "  ML \t Engineer\n"}, {"title": "ML Engineer"}),
        ({**GOOD, "city": None, "state": None, "metro": SEATTLE}, {"metro": SEATTLE}),
        (
            {"title": "ML Engineer", "country": "DE", "base": 80_000, "year": 2024},
            {"currency": "USD", "bonus": 0.0, "metro": None, "level": None},
        ),
        (
            {**GOOD, "city": None, "state": None, "country": "de", "currency": "eur"},
            {"country": "DE", "currency": "EUR"},
        ),
        ({**GOOD, "level": None, "years_experience": 0}, {"years_experience": 0.0}),
        # London, GB "needs its US state code"; typed as the metro, it is the city.
        (
            {**GOOD, "city": "London", "state": None, "country": "United Kingdom"},
            {"city": "London", "metro": None, "state": None, "country": "GB"},
        ),
        (
            {**GOOD, "city": None, "state": None, "metro": "London", "country": "GB"},
            {"city": "London", "metro": None, "country": "GB"},
        ),
    ],
)
def test_good_submissions_come_back_canonical(
    given: dict[str, Any], expected: dict[str, Any]
) -> None:
    submission = validate(given)
    for name, value in expected.items():
        assert getattr(submission, name) == value, name


def test_a_country_or_state_by_its_name_is_its_code() -> None:
    # The form said "'USA' is not an ISO 3166 country code", as the filters read it as US.
    said = validate({**GOOD, "country": "United States", "state": "washington"})
    assert (said.country, said.state) == ("US", "WA")
    assert validate({**GOOD, "country": "USA"}).country == "US"
    # An amount as people type it in the form: "185k" was "must be a number".
    assert validate({**GOOD, "base": "185k", "bonus": "$20,000"}).base == 185_000
    assert validate({**GOOD, "base": "95000,50", "currency": "EUR"}).base == 95_000.5


@pytest.mark.parametrize(
    ("given", "field", "message"),
    [
        ({**GOOD, "title": " "}, "title", "required"),
        ({k: v for k, v in GOOD.items() if k != "year"}, "year", "required"),
        ({**GOOD, "title": "x" * 201}, "title", "longer than 200 characters"),
        ({**GOOD, "company": "x" * 201}, "company", "longer than 200 characters"),
        ({**GOOD, "title": "a\x00b"}, "title", "no control or invisible characters"),
        # Invisible: one zero-width space was a title; "Goo\u200bgle" a company of its own;
        # a right-to-left override turned the title around wherever it was shown.
        ({**GOOD, "title": "\u200b"}, "title", "no control or invisible characters"),
        ({**GOOD, "company": "Goo\u200bgle"}, "company", "no control or invisible characters"),
        ({**GOOD, "title": "ML \u202eEngineer"}, "title", "no control or invisible characters"),
        ({**GOOD, "city": "a\ud800b"}, "city", "lone surrogates"),
        ({**GOOD, "title": 42}, "title", "must be text"),
        ({**GOOD, "level": "wizard"}, "level", "'wizard' is not one of entry, mid"),
        ({**GOOD, "years_experience": 61}, "years_experience", "experience are 0 to 60, not 61"),
        ({**GOOD, "years_experience": -1}, "years_experience", "0 to 60, not -1"),
        ({**GOOD, "base": "a lot"}, "base", "must be a number"),
        ({**GOOD, "base": True}, "base", "must be a number"),
        ({**GOOD, "base": float("nan")}, "base", "must be a number"),
        ({**GOOD, "base": 10**400}, "base", "must be a number"),
        # Typed where the decimal mark is a comma: "85.000" was taken as 85 (in EUR, not
        # checked until approval), "95,0000" as 950000.
        (
            {**GOOD, "base": "85.000", "currency": "EUR"},
            "base",
            "'85.000': a dot marks decimals; write 85000 or 85,000",
        ),
        ({**GOOD, "base": "95,0000"}, "base", "must be a number (a comma groups digits"),
        # The currency typed with the amount: it said "(a comma groups digits ...)".
        ({**GOOD, "base": "€85,000"}, "base", "must be a number (the currency has a field"),
        ({**GOOD, "base": "85000 EUR"}, "base", "must be a number (the currency has a field"),
        ({**GOOD, "base": 500}, "base", "below 1,000 USD a year"),
        ({**GOOD, "base": 0, "currency": "EUR"}, "base", "more than 0"),
        ({**GOOD, "bonus": -5}, "bonus", "must be 0 or more (leave it empty for none)"),
        ({**GOOD, "base": -5}, "base", "must be more than 0"),
        ({**GOOD, "stock_per_year": 4_900_000}, "total", "above 5,000,000 USD a year"),
        ({**GOOD, "stock_per_year": 4_900_000}, "stock_per_year", "above 5,000,000 USD a"),
        ({**GOOD, "stock_per_year": 4_900_000}, "base", "base + bonus + stock is above"),
        (
            {**GOOD, "base": 15_000_000, "bonus": None, "stock_per_year": None},
            "base",
            "above 5,000,000 USD a year",
        ),
        ({**GOOD, "base": 2e12, "currency": "EUR"}, "base", "above 1,000,000,000,000 EUR"),
        ({**GOOD, "year": 1989}, "year", "the year is 1990 to"),
        ({**GOOD, "year": 2999}, "year", "the year is 1990 to"),
        ({**GOOD, "year": 2024.5}, "year", "must be a whole number, got 2024.5"),
        # Said as every question naming a country says it (it was "'ZZ' is not a country").
        ({**GOOD, "country": "ZZ"}, "country", "no country is called 'ZZ' (a country by its"),
        ({**GOOD, "country": "Germny"}, "country", "'Germny'; did you mean Germany? (a country"),
        ({**GOOD, "level": "seniro"}, "level", "executive (did you mean senior?)"),
        # Said as a country is (it was "'XX' is not a US state", the one meant unnamed).
        ({**GOOD, "state": "XX"}, "state", "no US state is called 'XX' (a US state by its code"),
        ({**GOOD, "state": "Washingtn"}, "state", "'Washingtn'; did you mean Washington? (a US"),
        ({**GOOD, "currency": "DOGE"}, "currency", "no currency is called 'DOGE' (a currency by"),
        ({**GOOD, "currency": "euros"}, "currency", "'euros'; did you mean EUR? (a currency by"),
        ({**GOOD, "metro": SEATTLE}, "city", "a metro or a city with its state, not both"),
        ({**GOOD, "state": None}, "state", "a US city needs its state code"),
        ({**GOOD, "city": None, "country": "DE"}, "country", "goes with country US"),
        ({**GOOD, "salary": 1}, "salary", "unknown field 'salary'"),
        ({**GOOD, "cuntry": "US"}, "cuntry", "unknown field 'cuntry' (did you mean country?)"),
    ],
)
def test_bad_submissions_name_the_field(given: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(BadSubmission) as caught:
        validate(given)
    assert message in caught.value.errors[field]
    assert f"{field}: " in str(caught.value)


def test_words_that_name_no_currency_get_no_currency_hint() -> None:
    # "a lot" ends in three letters, as "85000 EUR" does: only a currency's code counts.
    with pytest.raises(BadSubmission) as caught:
        validate({**GOOD, "base": "a lot"})
    assert caught.value.errors["base"] == "must be a number"


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(BadSubmission) as caught:
        validate({"base": "x", "level": "wizard", "shoe_size": 44})
    assert set(caught.value.errors) == {"title", "level", "country", "base", "year", "shoe_size"}


def test_a_submission_is_a_base_and_a_total_record() -> None:
    rows = validate(GOOD).records()
    assert [(r["pay_component"], r["amount"]) for r in rows] == [
        ("base", 180_000.0),
        ("total", 250_000.0),
    ]
    assert all(r["currency"] == "USD" and r["city"] == "Seattle" for r in rows)


# -- the queue -------------------------------------------------------------------------


def test_submit_queues_a_pending_submission(settings: Settings) -> None:
    assert submit(settings, GOOD, client="198.51.100.1") == {"id": 1, "status": "pending"}
    [row] = pending(settings)
    assert row["id"] == 1 and row["status"] == "pending" and row["title"] == GOOD["title"]
    assert row["submitted_at"].endswith("Z") and row["decided_at"] is None
    assert queue_path(settings).is_file()
    # The client's address is not kept, only what the rate limit compares.
    with sqlite3.connect(queue_path(settings)) as con:
        assert "198.51.100.1" not in json.dumps(con.execute("SELECT * FROM submissions").fetchall())
    con.close()


def test_a_bad_submission_is_not_queued(settings: Settings) -> None:
    with pytest.raises(BadSubmission):
        submit(settings, {**GOOD, "year": 1800}, client="a")
    assert pending(settings) == []


def test_the_rate_limit_counts_each_client_per_hour(settings: Settings) -> None:
    now = 1_700_000_000.0
    for minute in range(3):
        submit(settings, GOOD, client="a", now=now + 60 * minute)
    with pytest.raises(TooManySubmissions) as caught:
        submit(settings, GOOD, client="a", now=now + 600)
    assert "at most 3 an hour" in str(caught.value)
    assert caught.value.retry_after == 3600 - 600 + 1
    submit(settings, GOOD, client="b", now=now + 600)  # another client is not held back
    submit(settings, GOOD, client="a", now=now + 3601)  # the first has left the hour
    assert [r["id"] for r in pending(settings)] == [1, 2, 3, 4, 5]


def test_reject_keeps_the_reason_and_decides_once(settings: Settings) -> None:
    submit(settings, GOOD, client="a")
    done = reject(settings, 1, " duplicate   of 7 ")
    assert done == {"id": 1, "status": "rejected", "reason": "duplicate of 7"}
    [row] = queue(settings, "rejected")
    assert row["reason"] == "duplicate of 7" and row["decided_at"] is not None
    assert pending(settings) == []
    with pytest.raises(AlreadyDecided, match="already rejected"):
        reject(settings, 1)
    with pytest.raises(UnknownSubmission, match="no submission has id 9"):
        reject(settings, 9)
    with pytest.raises(BadSubmission, match="reason: longer than 500"):
        reject(settings, 1, "x" * 501)


def test_a_queue_held_or_damaged_is_said_not_an_internal_error(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    import paygrade.submissions as module

    # "database is locked" and "file is not a database" were 500s ("internal error") on
    # the API and the form, and "internal error (OperationalError)" (70) on the CLI.
    submit(settings, GOOD, client="a")
    monkeypatch.setattr(module, "BUSY_SECONDS", 0.2)
    holder = sqlite3.connect(queue_path(settings), isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreBusy, match=r"the submissions queue .* is busy"):
            submit(settings, GOOD, client="b")
    finally:
        holder.close()
    queue_path(settings).write_bytes(b"not a queue" * 100)
    for name in ("-wal", "-shm"):
        queue_path(settings).with_name(queue_path(settings).name + name).unlink(missing_ok=True)
    with pytest.raises(StoreError, match=r"the submissions queue .* cannot be read"):
        pending(settings)


def test_queue_refuses_an_unknown_status(settings: Settings) -> None:
    with pytest.raises(UnknownStatus, match="unknown status 'done'"):
        queue(settings, "done")


# -- approval --------------------------------------------------------------------------


def _submitted_rows(store: Store) -> list[tuple[Any, ...]]:
    return store.con.execute(
        """SELECT pay_component, amount, amount_usd, currency, year, role, level, company,
            metro, city, state, country, years_experience
        FROM records WHERE source = 'submission' ORDER BY pay_component"""
    ).fetchall()


def test_the_queue_is_its_owners_alone(tmp_path: Path) -> None:
    # It holds pending and rejected submissions too, and was made -rw-r--r--.
    settings = Settings(db=tmp_path / "paygrade.duckdb")
    submit(settings, GOOD, client="a")
    assert queue_path(settings).stat().st_mode & 0o777 == 0o600
    wal = queue_path(settings).with_name(queue_path(settings).name + "-wal")
    assert not wal.exists() or wal.stat().st_mode & 0o077 == 0


def test_an_export_leaves_submitted_salaries_out_and_says_so(
    real_copy: Path, tmp_path: Path
) -> None:
    # Every approved submission was written as a row of the export (company, title, metro,
    # years and pay), a folder meant for other readers: never listed, they are left out.
    settings = Settings(db=real_copy)
    submit(settings, GOOD, client="a")
    with closing(Store.open(real_copy)) as store:
        approve(store, settings, 1)
    out = tmp_path / "exported"
    said = ok("--db", real_copy, "export", "--format", "parquet", "--out", out)
    # One submission is not told by its count (its two records): fewer than a group counts.
    assert "  left out: submission records of fewer than 10 submissions (submitted" in said
    assert not list(out.glob("source=submission*"))
    summary = json.loads((out / "_paygrade.json").read_text(encoding="utf-8"))
    assert summary["left_out"] == {"submission": None} and "submission" not in summary["records"]
    cells = (
        duckdb.connect()
        .execute(
            "SELECT count(*) FILTER (WHERE source = 'submission'), sum(n) FROM read_parquet(?)",
            [str(out / "_tables" / "record_cells.parquet")],
        )
        .fetchone()
    )
    assert cells is not None and cells[0] == 0 and cells[1] == sum(summary["records"].values())


def test_the_sources_list_submissions_as_one_row_without_hash_or_small_counts(
    real_copy: Path,
) -> None:
    # Each approval was a row with its file's sha256 (a guessed salary's CSV confirmed by
    # its hash), its second, and its one submission's flagged and rejected counts; summed,
    # a few approvals still told how many there were (their seconds) and when.
    settings = Settings(db=real_copy)
    for client in "abcdefghij":
        submit(settings, GOOD, client=client)

    def listed(store: Store) -> list[dict[str, Any]]:
        return [r for r in loaded_sources(store) if r["source"] == "submission"]

    with closing(Store.open(real_copy)) as store:
        for number in range(1, PRIVATE_MIN):
            approve(store, settings, number)
        assert listed(store) == []  # fewer than a group counts: not listed
        approve(store, settings, PRIVATE_MIN)
        (summed,) = listed(store)
        public = [r["sha256"] for r in loaded_sources(store) if r["source"] != "submission"]
    assert summed == {
        "source": "submission",
        "kind": "records",
        "file": "10 approved submissions",
        "sha256": None,
        "rows_read": 2 * PRIVATE_MIN,
        "rows_accepted": 2 * PRIVATE_MIN,
        "rows_rejected": 0,
        "licence": "submitted by a user (shown only in aggregates)",
        "ingested_at": summed["ingested_at"][:10],
        "seconds": summed["seconds"],
        "rows_flagged": 0,
        "encoding": None,
    }
    assert len(summed["ingested_at"]) == 10 and all(len(h) == 64 for h in public)
    assert "not told" in ok("--db", real_copy, "sources")


def test_approve_ingests_exactly_a_base_and_a_total_record(real_copy: Path) -> None:
    settings = Settings(db=real_copy)
    submit(settings, GOOD, client="a")
    store = Store.open(real_copy)
    try:
        assert stats(store, [], SUBMITTED)["groups"] == []  # pending counts nowhere
        result = approve(store, settings, 1)
        rows = _submitted_rows(store)
        log = store.con.execute(
            "SELECT file, rows_read, rows_accepted, licence FROM ingest_log "
            "WHERE source = 'submission'"
        ).fetchall()
        counted = stats(store, ["pay_component"], SUBMITTED)
        held = stored_submissions(store)
    finally:
        store.close()
    assert result["status"] == "approved" and result["records_accepted"] == 2
    common = (2024, "ml_engineer", "senior", "Google", SEATTLE, "Seattle", "WA", "US", 6.0)
    assert rows == [
        ("base", 180_000.0, 180_000.0, "USD", *common),
        ("total", 250_000.0, 250_000.0, "USD", *common),
    ]
    assert log == [("submission-1.csv", 2, 2, "submitted by a user (shown only in aggregates)")]
    # Stored, and counted where enough are: one alone is in no published group.
    assert held == {"base": 1, "total": 1} and counted["groups"] == []
    [row] = queue(settings, "approved")
    assert row["records_accepted"] == 2


def test_approved_salaries_are_counted_but_never_listed(real_copy: Path) -> None:
    settings = Settings(db=real_copy)
    submit(settings, GOOD, client="a")
    store = Store.open(real_copy)
    try:
        approve(store, settings, 1)
        listed = records(store, SUBMITTED)
    finally:
        store.close()
    # Two records are fewer than a group counts (PRIVATE_MIN): their count is not told
    # either ("also matching: 2 submission records" said whether one person had submitted).
    assert listed["rows"] == [] and listed["not_listed"] == {}
    done = run("--db", real_copy, "records", "--where", "source=submission")
    assert "also matching" not in done.stdout + done.stderr


def test_an_approval_cut_short_is_completed_not_doubled(real_copy: Path) -> None:
    settings = Settings(db=real_copy)
    submit(settings, GOOD, client="a")
    store = Store.open(real_copy)
    try:
        approve(store, settings, 1)
        # As if the process died after the store's commit, before the queue's update.
        with sqlite3.connect(queue_path(settings)) as con:
            con.execute("UPDATE submissions SET status = 'pending'")
        con.close()
        again = approve(store, settings, 1)
        n = store.scalar("SELECT count(*) FROM records WHERE source = 'submission'")
    finally:
        store.close()
    assert n == 2 and again["records_accepted"] == 2 and "skipped" in again["summary"]
    assert queue(settings, "approved")[0]["id"] == 1


def test_a_metro_is_taken_as_the_store_names_it_or_refused(real_copy: Path) -> None:
    settings = Settings(db=real_copy)
    place = {"city": None, "state": None}
    submit(settings, {**GOOD, **place, "metro": SEATTLE.upper()}, client="a")
    submit(settings, {**GOOD, **place, "metro": "Gotham-Metropolis, NJ"}, client="a")
    store = Store.open(real_copy)
    try:
        approve(store, settings, 1)
        # With its state, as every filing with a metro has one: `--where state=WA` had
        # missed the approved submissions of Seattle.
        places = {(row[8], row[10]) for row in _submitted_rows(store)}
        with pytest.raises(BadSubmission, match="metro: no metro area is called"):
            approve(store, settings, 2)
    finally:
        store.close()
    assert places == {(SEATTLE, "WA")}
    assert [row["id"] for row in pending(settings)] == [2]


def test_approve_refuses_unknown_and_decided_submissions(real_copy: Path) -> None:
    settings = Settings(db=real_copy)
    submit(settings, GOOD, client="a")
    reject(settings, 1)
    store = Store.open(real_copy)
    try:
        with pytest.raises(AlreadyDecided):
            approve(store, settings, 1)
        with pytest.raises(UnknownSubmission):
            approve(store, settings, 2)
        assert store.scalar("SELECT count(*) FROM records WHERE source = 'submission'") == 0
    finally:
        store.close()


def test_a_rejection_during_an_approval_waits_and_finds_it_approved(
    real_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import paygrade.submissions as module

    # Both had answered 200: the rejection "rejected", then the approval, ingesting
    # meanwhile, set "approved" over it (its records counted, the reason dropped).
    settings = Settings(db=real_copy)
    submit(settings, GOOD, client="a")
    ingesting, ingest = threading.Event(), module._ingest

    def slow_ingest(*args: Any) -> Any:
        ingesting.set()
        time.sleep(1.0)
        return ingest(*args)

    monkeypatch.setattr(module, "_ingest", slow_ingest)
    with closing(Store.open(real_copy)) as store, ThreadPoolExecutor(1) as approving:
        approval = approving.submit(approve, store, settings, 1)
        assert ingesting.wait(60)
        with pytest.raises(AlreadyDecided, match="submission 1 is already approved"):
            reject(settings, 1, "dup")
        assert approval.result()["status"] == "approved"
    [row] = queue(settings, "approved")
    assert row["reason"] is None and row["records_accepted"] == 2


def test_a_currency_without_a_rate_is_quarantined_by_ingest(real_copy: Path) -> None:
    settings = Settings(db=real_copy)
    foreign = {**GOOD, "city": None, "state": None, "country": "DE", "currency": "EUR"}
    submit(settings, {**foreign, "year": 2019}, client="a")  # the aijobs rates start in 2020
    store = Store.open(real_copy)
    try:
        result = approve(store, settings, 1)
    finally:
        store.close()
    assert result["records_accepted"] == 0 and result["records_quarantined"] == 2
    assert "no exchange rate" in result["summary"]


def test_a_currency_and_year_without_a_rate_are_refused_when_sent(real_copy: Path) -> None:
    # Sent through the page or the API (which hold the store), it was queued, and its
    # approval then stored nothing: "approved: 0 records stored, 2 quarantined".
    settings = Settings(db=real_copy)
    foreign = {**GOOD, "city": None, "state": None, "country": "DE", "currency": "EUR"}
    store = Store.open(real_copy, read_only=True)
    try:
        with pytest.raises(BadSubmission) as refused:
            submit(settings, {**foreign, "year": 2019}, client="a", store=store)
        with pytest.raises(BadSubmission, match="the data has no rate of XAF"):
            submit(settings, {**foreign, "currency": "XAF"}, client="a", store=store)
        assert submit(settings, foreign, client="a", store=store)["status"] == "pending"
    finally:
        store.close()
    assert refused.value.errors == {
        "currency": "no exchange rate of EUR for 2019: the data's rates of EUR are of "
        "2020-2025; give the amounts in USD"
    }
    assert [row["year"] for row in pending(settings)] == [GOOD["year"]]


def test_amounts_in_another_currency_are_held_to_the_usd_bounds_at_its_rate(
    real_copy: Path,
) -> None:
    # 9,000,000 EUR and 5 EUR were queued (201) and their approvals stored nothing: both
    # records quarantined, "approved" with 0 records.
    settings = Settings(db=real_copy)
    foreign = {**GOOD, "city": None, "state": None, "country": "DE", "currency": "EUR"}
    foreign |= {"bonus": 0, "stock_per_year": 0}
    with closing(Store.open(real_copy, read_only=True)) as store:
        rate = float(
            store.scalar(
                "SELECT usd_per_unit FROM fx_rates WHERE currency = 'EUR' AND year = ?",
                [GOOD["year"]],
            )
        )
        with pytest.raises(BadSubmission) as huge:
            submit(settings, {**foreign, "base": 9_000_000}, client="a", store=store)
        with pytest.raises(BadSubmission) as tiny:
            submit(settings, {**foreign, "base": 5}, client="a", store=store)
        assert submit(settings, foreign, client="a", store=store)["status"] == "pending"
    assert huge.value.errors == {
        "base": f"above 5,000,000 USD a year (9,000,000 EUR at {rate:.4g} USD)",
        "total": f"above 5,000,000 USD a year (9,000,000 EUR at {rate:.4g} USD)",
    }
    assert tiny.value.errors == {"base": f"below 1,000 USD a year (5 EUR at {rate:.4g} USD)"}
    assert len(pending(settings)) == 1


# -- concurrency -----------------------------------------------------------------------


def test_submissions_are_taken_while_another_process_writes_the_store(real_copy: Path) -> None:
    settings = Settings(db=real_copy)
    with write_lock_held(real_copy):
        with pytest.raises(StoreBusy):
            Store.open(real_copy, wait=0)  # the store really is held
        assert submit(settings, GOOD, client="a")["status"] == "pending"
        assert [row["id"] for row in pending(settings)] == [1]
        assert reject(settings, 1)["status"] == "rejected"  # deciding needs no store either


# -- the CLI ---------------------------------------------------------------------------


def test_the_cli_lists_approves_and_rejects(real_copy: Path) -> None:
    settings = Settings(db=real_copy)
    for _ in range(2):
        submit(settings, GOOD, client="a")
    # The commands one after another, as a user types them, from ONE process (``ok_each``
    # checks each as ``ok`` does): none is about being a process of its own.
    queue = ("--db", real_copy, "submissions")
    as_json = ("--format", "json")
    listed, table, out, rejected, approved, every = ok_each(
        (*queue, "list", *as_json),
        (*queue, "list"),
        (*queue, "approve", "1"),
        (*queue, "reject", "2", "--reason", "dup"),
        (*queue, "list", "--status", "approved", *as_json),
        (*queue, "list", "--status", "all", *as_json),
    )
    assert [row["id"] for row in json.loads(listed)] == [1, 2]
    assert "Submissions (pending)" in table and "250,000" in table
    assert "submission 1 approved: 2 records stored" in out
    assert rejected == "submission 2 rejected\n"
    assert [row["id"] for row in json.loads(approved)] == [1]
    assert [row["status"] for row in json.loads(every)] == ["approved", "rejected"]
    # The approval was published: readers of the published copy (the server) count it.
    current = PublishedStore(real_copy).reader()
    try:
        assert stored_submissions(current.store) == {"base": 1, "total": 1}
    finally:
        current.store.close()


def test_the_cli_says_what_is_wrong_in_one_line(real_copy: Path) -> None:
    done, listed = run_each(
        ("--db", real_copy, "submissions", "approve", "7"),
        ("--db", real_copy, "submissions", "list", "--status", "done"),
    )
    assert (done.returncode, done.stderr) == (1, "error: no submission has id 7\n")
    assert listed.returncode == 2 and "done" in listed.stderr


def test_submission_is_a_plain_value() -> None:
    submission = Submission("ML Engineer", 2024, 150_000.0, "US")
    assert submission.replace(metro=SEATTLE).metro == SEATTLE and submission.total == 150_000.0


def test_a_flagged_submission_is_counted_in_quality_but_never_shown(real_copy: Path) -> None:
    # An entry-level salary above 300,000 is flagged implausible; `paygrade quality`
    # listed it as an example row (title, level, pay), which the web and MCP serve.
    settings = Settings(db=real_copy)
    submit(settings, {**GOOD, "level": "entry", "base": 400_000}, client="a")
    for client in "bcdefghij":  # as many as a group counts (PRIVATE_MIN): reported
        submit(settings, GOOD, client=client)
    store = Store.open(real_copy)
    try:
        for number in range(1, PRIVATE_MIN + 1):
            approve(store, settings, number)
        [reported] = [s for s in quality_report(store)["sources"] if s["source"] == "submission"]
        checks = reported["checks"]
    finally:
        store.close()
    # Nor are counts below 10 told: "2 entry-level, both flagged, all of the US" pointed at
    # the person behind them as a row would.
    assert checks["implausible"]["rows"] is None and checks["implausible"]["examples"] == []
    # Nor is the flag named: "entry_above_300k" had told someone's entry-level pay.
    assert checks["implausible"]["by_flag"] == {}
    # Nor one level's beside the others: with 20 records and senior 18 told, entry's 2
    # was theirs by subtraction. No count is told then, not even an empty level's (a 0
    # beside nulls had told which levels someone submitted at).
    assert reported["records"] == 20
    assert set(checks["levels"].values()) == {None}
    assert checks["country_share"] == {"US": 1.0} and checks["heaping"] == []
    said = ok("--db", real_copy, "quality")
    assert "fewer than 10 flagged rows, left out of statistics (flags not told)" in said
    assert "not told by level" in said
    assert "400,000" not in said and "senior 18" not in said


def test_fewer_submissions_than_a_group_counts_are_not_in_the_quality_report(
    real_copy: Path,
) -> None:
    # One submission (two records) counts in no group: the report told its records, its
    # quarantined rows and its year and country mix all the same.
    settings = Settings(db=real_copy)
    submit(settings, GOOD, client="a")
    with closing(Store.open(real_copy)) as store:
        approve(store, settings, 1)
        sources = [s["source"] for s in quality_report(store)["sources"]]
    assert "submission" not in sources and "h1b" in sources


def test_a_queue_the_disk_cannot_write_is_said_and_left_as_it_was(settings: Settings) -> None:
    # It was "error: internal error (OperationalError): disk I/O error" (status 70).
    submit(settings, GOOD, client="a")
    Store.open(settings.db).close()  # the queue's store, which the commands ask for
    done = short_of_room(8, "--db", settings.db, "submissions", "reject", "1")
    assert (done.returncode, done.stderr) == (
        74,
        f"error: cannot write {queue_path(settings)}: disk I/O error; nothing was saved, "
        "try again later\n",
    )
    assert [row["id"] for row in pending(settings)] == [1]


# Approves submission 1 of the store argv[1] after the queue is read and the store opened,
# with no file allowed past 2 KiB: the store's commit (its WAL) is refused, the queue's
# files exist already (a connection held open keeps them).
_APPROVE_SHORT_OF_ROOM = """
import resource, sqlite3, sys
from pathlib import Path
from paygrade.config import Settings
from paygrade.engines import PRIVATE_MIN
from paygrade.records import CannotWrite
from paygrade.store import Store
from paygrade.submissions import approve, queue_path
settings = Settings(db=Path(sys.argv[1]))
held = sqlite3.connect(queue_path(settings))
held.execute("SELECT count(*) FROM submissions").fetchall()
store = Store.open(settings.db)
resource.setrlimit(resource.RLIMIT_FSIZE, (2048, 2048))
try:
    approve(store, settings, 1)
except CannotWrite as exc:
    print(exc)
"""


def test_an_approval_the_disk_cannot_store_stays_pending_and_completes_later(
    real_copy: Path,
) -> None:
    settings = Settings(db=real_copy)
    submit(settings, GOOD, client="a")
    done = subprocess.run(
        [sys.executable, "-c", _APPROVE_SHORT_OF_ROOM, str(real_copy)],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert done.stdout == (
        f"cannot write {real_copy}.wal: File too large; submission 1 stays pending: "
        "approve it again once there is room\n"
    )
    assert [row["id"] for row in pending(settings)] == [1]
    store = Store.open(real_copy)
    try:
        assert _submitted_rows(store) == []
        assert approve(store, settings, 1)["records_accepted"] == 2  # once there is room
        assert len(_submitted_rows(store)) == 2
    finally:
        store.close()


def test_submitted_salaries_enter_only_through_the_queue(tmp_path: Path) -> None:
    # Hand-written fixture row (not product data) in the submission source's layout. It was
    # stored (exit 0): a record no one approved, never listed, counted as submitted.
    given = tmp_path / "submissions.csv"
    given.write_text(
        "submission_id,submitted_at,year,title,company,level,years_experience,metro,city,"
        "state,country,pay_component,amount,currency\n"
        "77,2026-12-05T00:00:00Z,2024,ML Engineer,Google,senior,6,,,,US,base,180000,USD\n"
    )
    db = tmp_path / "store.duckdb"
    done = run("--db", db, "ingest", "submission", given)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(
        "error: submission records come only from the submissions queue: `paygrade "
        "submissions approve ID` ingests one once approved"
    )
    assert not db.exists()


def test_the_queue_commands_ask_for_a_store_that_exists(tmp_path: Path) -> None:
    # A store path mistyped had made its folders and an empty queue, and said
    # "Submissions (pending): none" of the wrong store.
    db = tmp_path / "typo" / "dir" / "x.duckdb"
    asked = [
        ("--db", db, "submissions", *command)
        for command in (["list"], ["approve", "3"], ["reject", "3"])
    ]
    for done in run_each(*asked):  # one process: none is about being a process of its own
        assert (done.returncode, done.stdout) == (1, "")
        assert done.stderr == f"error: no store at {db}: run `paygrade ingest --all` first\n"
    assert not (tmp_path / "typo").exists()


def test_a_queue_that_cannot_be_opened_is_said_not_an_internal_error(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    Store.open(db).close()
    queue_path(Settings(db=db)).mkdir()  # a folder where the queue's file belongs
    done = run("--db", db, "submissions", "list")
    # It was "error: internal error (OperationalError): unable to open database file" (70),
    # and a 500 on the API.
    assert (done.returncode, done.stderr) == (
        1,
        f"error: the submissions queue {queue_path(Settings(db=db))} cannot be opened: "
        "unable to open database file\n",
    )


# -- a currency sign, and the level chosen -------------------------------------------------


def test_an_amount_with_another_currencys_sign_is_refused() -> None:
    # "$90,000" with currency EUR was queued as 90,000 EUR, while "€90000" was refused.
    german = {"title": "ML Engineer", "country": "DE", "year": 2024, "currency": "EUR"}
    with pytest.raises(BadSubmission) as caught:
        validate({**german, "base": "$90,000", "bonus": "$5,000"})
    assert caught.value.errors == dict.fromkeys(
        ("base", "bonus"),
        "'$' is the sign of dollars or pesos, not of EUR: write the amount in EUR as a "
        "number (90000 or 90k), or give the currency it is in",
    )
    with pytest.raises(BadSubmission) as pounds:
        validate({**german, "country": "GB", "currency": "gbp", "base": "$70k"})
    assert pounds.value.errors["base"].startswith("'$' is the sign of dollars or pesos, not of GBP")
    canadian = {**german, "country": "CA", "currency": "cad", "base": "$90,000"}
    assert (validate(canadian).base, validate(canadian).currency) == (90_000, "CAD")
    assert validate({**GOOD, "base": "$180,000"}).base == 180_000  # dollars: USD


# (title, level chosen, the level stored)
CHOSEN = [
    ("Staff Machine Learning Engineer", "senior", "senior"),
    ("Principal Data Scientist", "senior", "senior"),
    ("Staff Data Scientist", None, "staff"),  # none chosen: the title's, as for every source
]


def test_the_level_a_submitter_chose_is_not_overridden_by_the_title(
    store: Store, tmp_path: Path
) -> None:
    # "Staff Machine Learning Engineer" chosen as senior was stored staff: the title's
    # word refines aijobs' SE (nothing above it), but the form offers staff and principal.
    settings = Settings(db=tmp_path / "test.duckdb")
    for number, (title, level, _) in enumerate(CHOSEN, 1):
        given = {"title": title, "level": level, "country": "US", "base": 180_000, "year": 2024}
        submit(settings, given, client=f"client {number}")
        assert approve(store, settings, number)["records_accepted"] == 2
    stored = store.con.execute(
        "SELECT DISTINCT title, level FROM records WHERE source = 'submission'"
    ).fetchall()
    assert dict(stored) == {title: level for title, _, level in CHOSEN}


def test_the_title_refines_senior_for_other_sources_only() -> None:
    from paygrade.normalize.canonical import LEVEL_CHOSEN, _level_precedence

    # (the source's level, the ladder's, an employer's grade, the title's) -> the record's,
    # as chosen and not
    rows = (
        "(VALUES ('senior', NULL, NULL, 'staff'), ('senior', 'principal', NULL, NULL), "
        "(NULL, NULL, NULL, 'staff'), (NULL, NULL, 'senior', 'principal'))"
    )
    frame = f"{rows} k(v_level, lad_level, eg_level, t_level)"
    levels = {
        chosen: [r[0] for r in duckdb.connect().execute(
            f"SELECT {_level_precedence('NULL', chosen)} FROM {frame}").fetchall()]
        for chosen in (True, False)
    }  # fmt: skip
    assert levels == {
        True: ["senior", "senior", "staff", "senior"],
        False: ["staff", "principal", "staff", "senior"],
    }
    assert {"submission"} == LEVEL_CHOSEN


def test_an_approved_submission_is_withdrawn_whole_and_listed_rejected(real_copy: Path) -> None:
    # One approved by mistake counted for good: reject is of pending ones, and submitted
    # records are removed by no file name.
    settings = Settings(db=real_copy)
    submit(settings, GOOD, client="a")
    # One process for the three (``run_each``): none is about being a process of its own.
    approved, withdrawn, again = run_each(
        ("--db", real_copy, "submissions", "approve", "1"),
        ("--db", real_copy, "submissions", "withdraw", "1", "--reason", "spam"),
        ("--db", real_copy, "submissions", "withdraw", "1"),
    )
    for done in (approved, withdrawn):  # as ``ok`` checks them
        assert (done.returncode, done.stderr) == (0, ""), done.stderr
    out = withdrawn.stdout

    assert out == "submission 1 withdrawn: 2 records removed; listed as rejected\n"
    assert (again.returncode, again.stderr) == (
        1,
        "error: submission 1 is rejected, not approved: only an approved one is withdrawn "
        "(a pending one is rejected)\n",
    )
    [row] = queue(settings, "rejected")
    assert row["reason"] == "withdrawn after approval: spam"
    current = PublishedStore(real_copy).reader()  # published: a server stops counting them
    try:
        assert stored_submissions(current.store) == {}
    finally:
        current.store.close()


def test_a_withdrawal_cut_short_after_the_store_committed_completes(real_copy: Path) -> None:
    from paygrade.removal import remove_ingest

    settings = Settings(db=real_copy)
    submit(settings, GOOD, client="a")
    store = Store.open(real_copy)
    try:
        approve(store, settings, 1)
        ingest_id = store.scalar("SELECT ingest_id FROM ingest_log WHERE source = 'submission'")
        assert remove_ingest(store, ingest_id) == 2  # the store's part done alone
        result = withdraw(store, settings, 1)
        assert (result["status"], result["records"]) == ("rejected", 0)
        assert stored_submissions(store) == {}
    finally:
        store.close()


def test_the_stores_problems_are_said_beside_the_fields_problems(real_copy: Path) -> None:
    # A form with a bad year and an unknown metro had been told of the year alone; sent
    # again with the year mended, of the metro. Every problem is now said at once, and a
    # check of a field already refused is not made (no rate is looked up for a bad year).
    settings = Settings(db=real_copy)
    place = {"city": None, "state": None}
    sent = {**GOOD, **place, "metro": "Gotham-Metropolis, NJ", "year": "last year"}
    foreign = {**GOOD, "city": "Seattle", "state": "TX", "currency": "EUR", "year": 2019}
    with closing(Store.open(real_copy, read_only=True)) as store:
        with pytest.raises(BadSubmission) as metro_and_year:
            submit(settings, sent, client="a", store=store)
        with pytest.raises(BadSubmission) as city_and_rate:
            submit(settings, foreign, client="a", store=store)
        with pytest.raises(BadSubmission) as bad_year:
            submit(settings, {**foreign, "state": "WA", "year": "x"}, client="a", store=store)
    assert set(metro_and_year.value.errors) == {"metro", "year"}
    assert metro_and_year.value.errors["metro"].startswith("no metro area is called")
    assert city_and_rate.value.errors["state"].startswith("there is no Seattle in TX")
    assert city_and_rate.value.errors["currency"].startswith("no exchange rate of EUR for 2019")
    assert set(bad_year.value.errors) == {"year"}
    assert pending(settings) == []


def test_listing_makes_no_queue_and_reads_one_it_may_not_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Listing made an empty queue file beside any store; on a read-only mount, or as
    # another user, it failed "the submissions queue ... cannot be opened".
    settings = Settings(db=tmp_path / "s.duckdb", submissions_per_hour=100)
    assert queue(settings) == [] and not queue_path(settings).exists()
    submit(settings, GOOD, client="a")

    @contextmanager
    def refused(settings: Settings) -> Iterator[sqlite3.Connection]:
        raise StoreError("the submissions queue x cannot be opened: Read-only file system")
        yield  # never reached: a generator, as the real one is

    monkeypatch.setattr(submissions, "_queue", refused)
    (listed,) = queue(settings)
    assert (listed["id"], listed["status"]) == (1, "pending")
