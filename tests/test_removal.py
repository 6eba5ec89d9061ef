"""A record file taken back out (`paygrade remove`): whole, said, and nothing else touched.
Hand-written fixture rows (not product data) and the real survey's first rows, in a real
DuckDB store."""

from __future__ import annotations

from pathlib import Path

import pytest

from paygrade.ingest import ingest_file
from paygrade.quality import loaded_sources
from paygrade.rebuild import rebuild
from paygrade.records import Interrupted
from paygrade.removal import NotRemovable, remove_file
from paygrade.replacement import PER_FILE_TABLES
from paygrade.store import Store
from paygrade.store.snapshot import published_path
from tests.conftest import write_file
from tests.test_ingest import GOOD, HEADER, NEGATIVE, OTHER, run_cli
from tests.test_replacement import first_lines, left_of, log

STORED_PER_FILE = ("records", "raw_rows", "quarantine", "record_cells")


def test_a_removed_file_leaves_nothing_counted_and_its_log_line_as_history(
    store: Store, tmp_path: Path
) -> None:
    kept = ingest_file(store, "csv", write_file(tmp_path, "kept.csv", HEADER + OTHER))
    wrong = ingest_file(store, "csv", write_file(tmp_path, "wrong.csv", HEADER + GOOD + NEGATIVE))
    before = left_of(store, kept.ingest_id)

    removed = remove_file(store, "csv", "wrong.csv")

    assert (removed.records, removed.quarantined) == (1, 1)
    assert left_of(store, wrong.ingest_id) == dict.fromkeys(PER_FILE_TABLES, 0)
    assert left_of(store, kept.ingest_id) == before
    assert all(before[table] for table in ("records", "raw_rows", "record_cells"))
    assert log(store, "csv") == [("kept.csv", "ok", None), ("wrong.csv", "removed", None)]
    assert [row["file"] for row in loaded_sources(store)] == ["kept.csv"]


def test_a_removed_files_bytes_may_be_ingested_again(store: Store, tmp_path: Path) -> None:
    path = write_file(tmp_path, "mine.csv", HEADER + GOOD)
    ingest_file(store, "csv", path)
    remove_file(store, "csv", "mine.csv")

    again = ingest_file(store, "csv", path)

    assert again.status == "ok" and again.rows_accepted == 1
    assert store.scalar("SELECT count(*) FROM records") == 1


def test_rebuild_after_a_removal_does_not_bring_the_file_back(store: Store, tmp_path: Path) -> None:
    ingest_file(store, "csv", write_file(tmp_path, "kept.csv", HEADER + OTHER))
    ingest_file(store, "csv", write_file(tmp_path, "wrong.csv", HEADER + GOOD))
    remove_file(store, "csv", "wrong.csv")

    rebuild(store)

    files = store.con.execute(
        "SELECT DISTINCT l.file FROM records JOIN ingest_log l USING (ingest_id)"
    ).fetchall()
    assert files == [("kept.csv",)]


def test_of_two_files_of_one_name_the_sha256_picks_one(store: Store, tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = ingest_file(store, "csv", write_file(tmp_path / "a", "mine.csv", HEADER + GOOD))
    second = ingest_file(store, "csv", write_file(tmp_path / "b", "mine.csv", HEADER + OTHER))
    sha = store.scalar("SELECT sha256 FROM ingest_log WHERE ingest_id = ?", [second.ingest_id])

    with pytest.raises(NotRemovable, match=r"counts 2 csv files named 'mine.csv' .*--sha256"):
        remove_file(store, "csv", "mine.csv")
    # As `paygrade sources` shows it: 12 characters and an ellipsis, in any case.
    remove_file(store, "csv", "mine.csv", sha256=sha[:12].upper() + "…")

    assert [status for _, status, _ in log(store, "csv")] == ["ok", "removed"]
    assert left_of(store, first.ingest_id)["records"] == 1


def test_removing_the_newest_snapshot_says_the_one_it_replaced_stays_out(
    store: Store, data_dir: Path, tmp_path: Path
) -> None:
    ingest_file(store, "aijobs", first_lines(data_dir, tmp_path, "aijobs-salaries-2025-01.csv", 11))
    ingest_file(store, "aijobs", first_lines(data_dir, tmp_path, "aijobs-salaries-2025-02.csv", 21))

    removed = remove_file(store, "aijobs", "aijobs-salaries-2025-02.csv")

    assert removed.records == 20 and removed.had_replaced == ["aijobs-salaries-2025-01.csv"]
    assert "is a mirrored file: `paygrade ingest --all` ingests it again" in removed.summary()
    assert store.scalar("SELECT count(*) FROM records") == 0
    assert store.scalar("SELECT count(*) FROM fx_rates") == 0


def test_files_converted_at_the_removed_surveys_rates_are_stale(
    store: Store, data_dir: Path, tmp_path: Path
) -> None:
    # Hand-written fixture row (not product data): a user's euros, converted at the rates
    # the survey brought; with the survey gone, the conversion has no rate behind it.
    ingest_file(store, "aijobs", data_dir / "aijobs-salaries-2025-01.csv")
    euros = "year,title,pay_component,amount,currency,country,level\n" + (
        "2023,Machine Learning Engineer,base,70000,EUR,DE,mid\n"
    )
    ingest_file(store, "csv", write_file(tmp_path, "eur.csv", euros))

    removed = remove_file(store, "aijobs", "aijobs-salaries-2025-01.csv")

    assert removed.stale == ["eur.csv"]
    # No rate is left: the rebuild quarantines the euros (it had said it converts them).
    assert "no exchange rate is left, so `paygrade rebuild --if-stale` quarantines" in (
        removed.summary()
    )
    rebuilt = rebuild(store, only_stale=True)
    assert [(r.file, r.rows_accepted, r.rows_rejected) for r in rebuilt] == [("eur.csv", 0, 1)]


@pytest.mark.parametrize(
    ("source", "name", "said"),
    [
        ("cpi", "cpi-u-annual.csv", "cpi is a reference table, not a record file"),
        ("submission", "x", "taken back out with `paygrade submissions withdraw ID`"),
        ("oews", "x", r"replaced by a newer one \(`paygrade ingest oews`\)"),
        ("csv", "never.csv", "the store counts no csv file named 'never.csv'"),
    ],
)
def test_what_cannot_be_removed_is_refused_and_nothing_changes(
    store: Store, tmp_path: Path, source: str, name: str, said: str
) -> None:
    ingest_file(store, "csv", write_file(tmp_path, "mine.csv", HEADER + GOOD))

    with pytest.raises(NotRemovable, match=said):
        remove_file(store, source, name)

    assert log(store, "csv") == [("mine.csv", "ok", None)]
    assert store.scalar("SELECT count(*) FROM records") == 1


def test_the_cli_removes_by_a_files_path_and_publishes(tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    path = write_file(tmp_path, "mine.csv", HEADER + GOOD + OTHER)
    assert run_cli(db, "ingest", "csv", path).returncode == 0

    done = run_cli(db, "remove", "csv", path)
    again = run_cli(db, "remove", "csv", "mine.csv")
    blank = run_cli(db, "remove", "csv", " ")

    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "csv mine.csv removed: 2 records and 0 quarantined rows no longer count\n"
    assert again.returncode == 1
    assert again.stderr.startswith("error: the store counts no csv file named 'mine.csv'")
    assert blank.returncode == 2 and "give a SOURCE and a FILE" in blank.stderr
    published = Store.open(published_path(db), read_only=True)
    try:
        assert published.scalar("SELECT count(*) FROM records") == 0
    finally:
        published.close()


def test_a_prefix_both_files_start_with_asks_for_more_of_it(store: Store, tmp_path: Path) -> None:
    for folder, row in (("a", GOOD), ("b", OTHER)):
        (tmp_path / folder).mkdir()
        ingest_file(store, "csv", write_file(tmp_path / folder, "mine.csv", HEADER + row))
    hashes = [h for (h,) in store.con.execute("SELECT sha256 FROM ingest_log").fetchall()]
    first, second = hashes
    # The start the two fixture rows' files share ("2"): characters, not path parts.
    shared = next((first[:i] for i in range(64, 0, -1) if second.startswith(first[:i])), "")
    assert shared  # a blank --sha256 is refused as blank (test_user_files_fixes)
    with pytest.raises(NotRemovable, match=rf"give more of --sha256 than '{shared}'$"):
        remove_file(store, "csv", "mine.csv", sha256=shared)


def test_a_name_with_accents_composed_another_way_is_the_same_name(
    store: Store, tmp_path: Path
) -> None:
    ingest_file(store, "csv", write_file(tmp_path, "caf\u00e9.csv", HEADER + GOOD))
    assert remove_file(store, "csv", "cafe\u0301.csv").records == 1


def test_only_a_file_ingest_all_reads_is_said_to_come_back(
    store: Store, data_dir: Path, tmp_path: Path
) -> None:
    # A user's file of a mirrored source had been said to come back with ingest --all.
    mine = first_lines(data_dir, tmp_path, "my-survey-extract.csv", 6)
    ingest_file(store, "aijobs", mine)
    assert not remove_file(store, "aijobs", mine.name).mirrored


def test_ctrl_c_as_a_removal_commits_says_the_file_was_removed(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # It had been a bare "interrupted": the user believed nothing changed.
    import paygrade.removal

    ingest_file(store, "csv", write_file(tmp_path, "mine.csv", HEADER + GOOD))

    def stopped_after_commit(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(paygrade.removal, "Removed", stopped_after_commit)
    with pytest.raises(Interrupted, match=r"^interrupted after mine\.csv was removed whole$"):
        remove_file(store, "csv", "mine.csv")


def test_a_store_left_without_records_says_so_and_names_are_printed_safely(
    tmp_path: Path,
) -> None:
    db = tmp_path / "store.duckdb"
    assert (
        run_cli(db, "ingest", "csv", write_file(tmp_path, "a.csv", HEADER + GOOD)).returncode == 0
    )
    assert run_cli(db, "remove", "csv", "a.csv").returncode == 0

    quality = run_cli(db, "quality")  # one blank line had been the whole answer
    named = run_cli(db, "remove", "csv", "a\x1b[31mred\u202e.csv")
    missing = run_cli(db, "ingest", "csv", tmp_path / "gone\x1b[31m.csv")  # said as given

    assert quality.stdout == "No record is loaded: run `paygrade ingest --all`.\n"
    assert named.returncode == 1 and "'a\\x1b[31mred\\u202e.csv'" in named.stderr
    assert missing.returncode == 1 and "\x1b" not in missing.stderr
    assert "gone\ufffd[31m.csv" in missing.stderr
