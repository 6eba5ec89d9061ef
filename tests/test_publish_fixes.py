"""A write command whose copy for readers cannot be made says what it did first."""

from __future__ import annotations

from pathlib import Path

import pytest

from paygrade.cli import main
from paygrade.ingest import ingest_file
from paygrade.store import Store
from tests.conftest import FIXTURES


def test_a_removal_is_said_before_the_copy_that_could_not_be_made(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Only the error had been said, status 1; run again, the command then answered "the
    # store counts no csv file named ...": the removal had been done without a word.
    db = tmp_path / "full.duckdb"
    store = Store.open(db)
    assert ingest_file(store, "csv", FIXTURES / "fixture-canonical-small.csv").status == "ok"
    store.close()

    def no_space(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("paygrade.store.snapshot.shutil.copyfile", no_space)
    code = main(["--db", str(db), "remove", "csv", "fixture-canonical-small.csv"])
    said = capsys.readouterr()
    assert code == 74
    assert said.out.startswith("csv fixture-canonical-small.csv removed: ")
    assert said.err.startswith("error: cannot publish full.duckdb for readers")
    # What to do is said before what was kept.
    assert (
        f"No space left on device; free space in {tmp_path}, "
        "or copy the store to a folder it may write and give the copy as --db; "
        "what was stored is kept in"
    ) in said.err
    store = Store.open(db, read_only=True)
    try:
        assert store.scalar("SELECT count(*) FROM records") == 0
    finally:
        store.close()
