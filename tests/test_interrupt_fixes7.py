"""Ctrl-C (or SIGTERM) during an ingest's read of a large CSV says only "interrupted,
nothing stored from FILE": it had added "warning: cannot publish: ResourceInUseException:
... connection is busy with another call" (or "TransactionException: ... Current
transaction is aborted"), since the read was still running when the transaction was
rolled back, and publishing then queried the connection it had left unusable."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

import paygrade.sources.reading
from paygrade.cli import _publish_committed, main
from paygrade.interruptible import run_interruptibly
from paygrade.store import Store
from tests.conftest import FIXTURES, write_file

HEADER = "year,title,pay_component,amount_usd\n"


def ctrl_c_from_the_worker() -> None:
    """Ctrl-C sent while the main thread waits for the worker, as a user's comes (the pause
    lets it reach the waiting, past the thread's start)."""
    time.sleep(0.05)
    os.kill(os.getpid(), signal.SIGINT)


def test_an_interrupted_call_is_waited_for_until_it_ends() -> None:
    # A Ctrl-C inside Thread.join marked the running worker as ended (CPython 3.11), so
    # the join after interrupt() returned at once, the call still running.
    interrupted, ended = threading.Event(), threading.Event()

    def call() -> None:
        ctrl_c_from_the_worker()
        interrupted.wait(10)
        time.sleep(0.3)  # the native call winding down after its interrupt
        ended.set()

    with pytest.raises(KeyboardInterrupt):
        run_interruptibly(call, interrupt=interrupted.set)
    assert ended.is_set()


def test_an_interrupt_before_the_call_starts_its_query_is_repeated() -> None:
    # DuckDB's interrupt() stops only a query running: one sent before it starts is lost.
    calls: list[float] = []
    ended = threading.Event()

    def call() -> None:
        ctrl_c_from_the_worker()
        while len(calls) < 2:  # a query that runs until interrupted, started late
            time.sleep(0.01)
        ended.set()

    with pytest.raises(KeyboardInterrupt):
        run_interruptibly(call, interrupt=lambda: calls.append(time.monotonic()))
    assert ended.is_set()


def interrupted_reader(
    real: Callable[..., Callable[[], None]],
) -> Callable[..., Callable[[], None]]:
    """``_csv_reader`` whose read takes a Ctrl-C while DuckDB holds the connection in a call
    that an interrupt stops only once it returns, as a large read_csv winding down does."""

    def reader(con: duckdb.DuckDBPyConnection, *args: object) -> Callable[[], None]:
        read = real(con, *args)

        def slow(value: int) -> int:
            ctrl_c_from_the_worker()
            time.sleep(0.3)
            return value

        def interrupted_read() -> None:
            con.create_function("fixture_slow", slow, [int], int, side_effects=True)
            con.execute("SELECT fixture_slow(1)")
            read()

        return interrupted_read

    return reader


def test_ctrl_c_in_an_ingests_read_says_only_nothing_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "i.duckdb"
    assert (
        main(["--db", str(db), "ingest", "csv", str(FIXTURES / "fixture-canonical-small.csv")]) == 0
    )
    path = write_file(tmp_path, "fixture-read.csv", HEADER + "2024,Data Scientist,base,1\n")
    monkeypatch.setattr(paygrade.sources.reading, "PROGRESS_BYTES", 0)  # read in a thread
    monkeypatch.setattr(
        paygrade.sources.reading,
        "_csv_reader",
        interrupted_reader(paygrade.sources.reading._csv_reader),
    )
    capsys.readouterr()
    assert main(["--db", str(db), "ingest", "csv", str(path)]) == 130
    assert capsys.readouterr().err == "error: interrupted, nothing stored from fixture-read.csv\n"
    store = Store.open(db)
    try:
        assert store.scalar("SELECT count(*) FROM ingest_log WHERE file = 'fixture-read.csv'") == 0
    finally:
        store.close()


def test_a_failed_command_that_committed_nothing_asks_its_store_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "p.duckdb"
    assert (
        main(["--db", str(db), "ingest", "csv", str(FIXTURES / "fixture-canonical-small.csv")]) == 0
    )
    capsys.readouterr()
    store = Store.open(db)
    try:
        store.con.execute("BEGIN TRANSACTION")
        with pytest.raises(duckdb.Error):
            store.con.execute("SELECT CAST('x' AS INTEGER)")  # the transaction is now aborted
        _publish_committed(store, failing=True)
        assert capsys.readouterr().err == ""
    finally:
        store.con.execute("ROLLBACK")
        store.close()
