"""A source's data counted once: a newer snapshot replaces the earlier; the same rows
saved as other bytes are not counted again. On the real files (or the first rows of
them, cut here) and a real DuckDB store."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

import paygrade.ingest
from paygrade.ingest import IngestResult, ingest_file
from paygrade.quality import loaded_sources
from paygrade.rebuild import rebuild
from paygrade.records import BadInputFile, Interrupted
from paygrade.replacement import PER_FILE_TABLES
from paygrade.store import Store
from tests.conftest import write_file
from tests.test_cli import PAYGRADE
from tests.test_ingest import GOOD, HEADER, NEGATIVE, OTHER

AIJOBS = "aijobs-salaries-2025-01.csv"
H1B_2024 = "h1b-lca-fy2024q1-fulltime.parquet"


def first_lines(data_dir: Path, folder: Path, name: str, lines: int) -> Path:
    """The real aijobs file's header and first ``lines - 1`` rows, saved as ``name``."""
    with (data_dir / AIJOBS).open(encoding="utf-8", newline="") as real:
        text = "".join(line for _, line in zip(range(lines), real, strict=False))
    return write_file(folder, name, text)


def all_but_last(data_dir: Path, folder: Path, name: str, dropped: int) -> Path:
    """The real aijobs file less its last ``dropped`` rows (`head -n -100`), as ``name``."""
    rows = (data_dir / AIJOBS).read_bytes().splitlines(keepends=True)
    return write_file(folder, name, b"".join(rows[:-dropped]))


def counted(store: Store, source: str) -> int:
    return int(store.scalar("SELECT count(*) FROM records WHERE source = ?", [source]))


def log(store: Store, source: str) -> list[tuple[str, str, int | None]]:
    return [
        (str(file), str(status), replaced_by)
        for file, status, replaced_by in store.con.execute(
            "SELECT file, status, replaced_by FROM ingest_log WHERE source = ? ORDER BY ingest_id",
            [source],
        ).fetchall()
    ]


def left_of(store: Store, ingest_id: int) -> dict[str, int]:
    return {
        table: int(store.scalar(f"SELECT count(*) FROM {table} WHERE ingest_id = ?", [ingest_id]))
        for table in PER_FILE_TABLES
    }


def test_a_newer_snapshot_replaces_the_earlier_whole(
    store: Store, data_dir: Path, tmp_path: Path
) -> None:
    # The QA repro: the real file, then the same less its last 100 rows, had counted both.
    first = ingest_file(store, "aijobs", data_dir / AIJOBS)
    newer = all_but_last(data_dir, tmp_path, "aijobs-salaries-2025-02.csv", 100)

    result = ingest_file(store, "aijobs", newer)

    assert counted(store, "aijobs") == result.rows_accepted == 74_201
    assert first.ingest_id is not None and result.ingest_id is not None
    assert left_of(store, first.ingest_id) == dict.fromkeys(PER_FILE_TABLES, 0)
    assert store.scalar("SELECT count(DISTINCT ingest_id) FROM fx_rates") == 1
    assert store.scalar("SELECT min(ingest_id) FROM fx_rates") == result.ingest_id
    assert log(store, "aijobs") == [
        (AIJOBS, "replaced", result.ingest_id),
        ("aijobs-salaries-2025-02.csv", "ok", None),
    ]
    # The sources listed (API, page, report, MCP) are the files counted.
    listed = [f["file"] for f in loaded_sources(store) if f["source"] == "aijobs"]
    assert listed == ["aijobs-salaries-2025-02.csv"]
    assert result.summary().splitlines()[1] == (
        f"aijobs aijobs-salaries-2025-02.csv replaces {AIJOBS} (74,301 records)"
    )


def test_a_newer_snapshot_of_which_no_row_is_accepted_replaces_nothing(
    store: Store, data_dir: Path, tmp_path: Path
) -> None:
    # One row of an unknown level, newer by its name, took the survey's records and its
    # exchange rates away ("accepted 0 ... replaces ... (74,301 records)"), exit 0.
    first = ingest_file(store, "aijobs", first_lines(data_dir, tmp_path, AIJOBS, 40))
    header = (data_dir / AIJOBS).read_text(encoding="utf-8").splitlines()[0]
    row = "2025,XX,FT,Prompt Engineer,90000,EUR,97000,AT,0,AT,M"
    assert header.startswith("work_year,experience_level,")
    bad = write_file(tmp_path, "aijobs-salaries-2025-03.csv", f"{header}\n{row}\n")
    rates = store.scalar("SELECT count(*) FROM fx_rates")
    with pytest.raises(BadInputFile) as refused:
        ingest_file(store, "aijobs", bad)
    assert str(refused.value) == (
        "aijobs aijobs-salaries-2025-03.csv: its one row was not accepted (bad level 1); as a "
        f"newer snapshot it would replace {AIJOBS} ({first.rows_accepted} records) by nothing:"
        " nothing stored"
    )
    assert counted(store, "aijobs") == first.rows_accepted == 39
    assert store.scalar("SELECT count(*) FROM fx_rates") == rates > 0
    assert log(store, "aijobs") == [(AIJOBS, "ok", None)]


def test_an_older_snapshot_after_a_newer_is_skipped_naming_both(
    store: Store, data_dir: Path, tmp_path: Path
) -> None:
    newer = first_lines(data_dir, tmp_path, "aijobs-salaries-2025-02.csv", 301)
    older = first_lines(data_dir, tmp_path, "aijobs-salaries-2025-01.csv", 201)
    ingest_file(store, "aijobs", newer)

    result = ingest_file(store, "aijobs", older)

    assert result.status == "skipped"
    assert result.summary() == (
        "aijobs aijobs-salaries-2025-01.csv: skipped (an older snapshot than "
        "aijobs-salaries-2025-02.csv, which the store counts)"
    )
    assert counted(store, "aijobs") == 300
    assert log(store, "aijobs") == [("aijobs-salaries-2025-02.csv", "ok", None)]


def test_a_replaced_file_may_come_back(store: Store, data_dir: Path, tmp_path: Path) -> None:
    # A snapshot cut short by mistake (no date in its name) replaced the real one: the
    # real one's bytes, ingested again, replace it in turn (the log keeps both lines).
    real = first_lines(data_dir, tmp_path, "aijobs-salaries-2025-01.csv", 301)
    ingest_file(store, "aijobs", real)
    ingest_file(store, "aijobs", first_lines(data_dir, tmp_path, "cut.csv", 11))

    back = ingest_file(store, "aijobs", real)

    assert back.status == "ok"
    assert counted(store, "aijobs") == 300
    assert [status for _, status, _ in log(store, "aijobs")] == ["replaced", "replaced", "ok"]


def test_ingest_all_with_a_newer_snapshot_beside_the_old_counts_it_alone(
    data_dir: Path, tmp_path: Path
) -> None:
    # The realistic path: a new weekly file lands beside the old; `ingest --all` again.
    folder = tmp_path / "data"
    folder.mkdir()
    first_lines(data_dir, folder, "aijobs-salaries-2025-01.csv", 201)
    db = tmp_path / "store.duckdb"
    run = [PAYGRADE, "--db", str(db), "--data-dir", str(folder), "ingest", "--all"]
    subprocess.run(run, check=True, capture_output=True, text=True, timeout=300)
    first_lines(data_dir, folder, "aijobs-salaries-2025-02.csv", 251)

    again = subprocess.run(run, check=True, capture_output=True, text=True, timeout=300)

    assert (
        "aijobs aijobs-salaries-2025-02.csv replaces aijobs-salaries-2025-01.csv (200 records)"
    ) in again.stdout.splitlines()
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM records").fetchall() == [(250,)]


def test_the_same_rows_saved_as_other_bytes_are_not_counted_twice(
    store: Store, data_dir: Path, tmp_path: Path
) -> None:
    # The QA repro: a DuckDB re-export of the real H-1B parquet had doubled its n.
    ingest_file(store, "h1b_2024", data_dir / H1B_2024)
    again = tmp_path / "h1b-2024q1-reexported.parquet"
    source = str(data_dir / H1B_2024).replace("'", "''")
    with duckdb.connect() as con:
        con.execute(f"COPY (SELECT * FROM '{source}') TO '{again}' (FORMAT parquet)")

    result = ingest_file(store, "h1b_2024", again)

    assert result.summary() == (
        "h1b_2024 h1b-2024q1-reexported.parquet: skipped (every row is stored already, "
        f"from {H1B_2024})"
    )
    assert counted(store, "h1b_2024") == 96_545
    assert store.scalar("SELECT count(*) FROM ingest_log") == 1


def test_rows_held_by_two_files_are_named_and_a_partly_new_file_is_counted(
    store: Store, tmp_path: Path
) -> None:
    # The hand-written fixture rows of test_ingest, split and joined here.
    ingest_file(store, "csv", write_file(tmp_path, "fixture-a.csv", HEADER + GOOD))
    ingest_file(store, "csv", write_file(tmp_path, "fixture-b.csv", HEADER + OTHER))
    joined = write_file(tmp_path, "fixture-ab.csv", HEADER + GOOD + OTHER)
    partly_new = write_file(tmp_path, "fixture-ac.csv", HEADER + GOOD + NEGATIVE)

    both = ingest_file(store, "csv", joined)
    # Identical rows in files of two periods may be two observations: the file counts.
    partly = ingest_file(store, "csv", partly_new)

    assert both.summary() == (
        "csv fixture-ab.csv: skipped (every row is stored already, "
        "from fixture-a.csv, fixture-b.csv)"
    )
    assert (partly.status, partly.rows_read) == ("ok", 2)
    assert counted(store, "csv") == 3


def test_a_file_with_more_copies_of_a_row_than_the_store_holds_is_counted(
    store: Store, tmp_path: Path
) -> None:
    # Copies are observations (dup_rank): a file of GOOD four times was skipped as "every
    # row is stored already" by a store holding GOOD once, and its four rows were lost.
    ingest_file(store, "csv", write_file(tmp_path, "fixture-once.csv", HEADER + GOOD))
    four = ingest_file(store, "csv", write_file(tmp_path, "fixture-four.csv", HEADER + GOOD * 4))
    assert (four.status, four.rows_accepted) == ("ok", 4)
    assert counted(store, "csv") == 5
    # Held as many times as it has them (by the two files between them): skipped.
    twice = ingest_file(store, "csv", write_file(tmp_path, "fixture-twice.csv", HEADER + GOOD * 2))
    assert twice.summary() == (
        "csv fixture-twice.csv: skipped (every row is stored already, "
        "from fixture-four.csv, fixture-once.csv)"
    )


def test_rows_held_with_their_columns_in_another_order_are_held(
    store: Store, tmp_path: Path
) -> None:
    # The same rows saved with their columns moved were counted twice ("read 1, accepted 1").
    header = "year,title,pay_component,amount_usd,company\n"
    rows = "2024,Ingénieur ML,base,150000,Société Générale\n2024,Analyst,base,90000,\n"
    ingest_file(store, "csv", write_file(tmp_path, "fixture-first.csv", header + rows))
    moved = "company,year,title,pay_component,amount_usd\n"
    moved += "Société Générale,2024,Ingénieur ML,base,150000\n,2024,Analyst,base,90000\n"
    again = ingest_file(store, "csv", write_file(tmp_path, "fixture-moved.csv", moved))
    assert again.summary() == (
        "csv fixture-moved.csv: skipped (every row is stored already, from fixture-first.csv)"
    )
    # A row of other values in the moved order is new: the file counts.
    other = moved.replace("90000", "95000")
    assert (
        ingest_file(store, "csv", write_file(tmp_path, "fixture-other.csv", other)).status == "ok"
    )
    assert counted(store, "csv") == 4


def test_rebuild_after_a_replacement_does_not_bring_the_old_file_back(
    store: Store, data_dir: Path, tmp_path: Path
) -> None:
    ingest_file(
        store, "aijobs", first_lines(data_dir, tmp_path, "aijobs-salaries-2025-01.csv", 301)
    )
    ingest_file(
        store, "aijobs", first_lines(data_dir, tmp_path, "aijobs-salaries-2025-02.csv", 201)
    )

    results = rebuild(store)

    assert [r.file for r in results] == ["aijobs-salaries-2025-02.csv"]
    assert counted(store, "aijobs") == 200


def test_ctrl_c_while_replacing_leaves_the_earlier_snapshot_counted(
    store: Store, data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    earlier = ingest_file(
        store, "aijobs", first_lines(data_dir, tmp_path, "aijobs-salaries-2025-01.csv", 301)
    )
    before = store.con.execute("SELECT * FROM ingest_log").fetchall()

    def ctrl_c(*_args: object) -> None:
        raise KeyboardInterrupt  # after the earlier file's rows were taken away

    newer = first_lines(data_dir, tmp_path, "aijobs-salaries-2025-02.csv", 201)
    with monkeypatch.context() as patch:
        patch.setattr(paygrade.ingest, "_log", ctrl_c)
        with pytest.raises(Interrupted, match=r"nothing stored from aijobs-salaries-2025-02\.csv"):
            ingest_file(store, "aijobs", newer)

    assert store.con.execute("SELECT * FROM ingest_log").fetchall() == before
    assert earlier.ingest_id is not None
    assert left_of(store, earlier.ingest_id)["records"] == counted(store, "aijobs") == 300
    assert ingest_file(store, "aijobs", newer).status == "ok"


SURVEY = "so-survey-2023-usd.csv"


def _survey_saved_again(
    store: Store, data_dir: Path, tmp_path: Path, edit: Callable[[list[str]], list[str]]
) -> tuple[IngestResult, IngestResult]:
    """The survey's file ingested, then its lines as ``edit`` gives them under its name."""
    first = ingest_file(store, "so_survey", data_dir / SURVEY)
    lines = (data_dir / SURVEY).read_text("utf-8").splitlines(keepends=True)
    return first, ingest_file(
        store, "so_survey", write_file(tmp_path, SURVEY, "".join(edit(lines)))
    )


def test_a_mirrored_file_corrected_by_removing_a_row_replaces_its_copy(
    store: Store, data_dir: Path, tmp_path: Path
) -> None:
    # A correction that only removed a row was "skipped (every row is stored already, from
    # so-survey-2023-usd.csv)": held by the very file it corrects, its removed row counted on.
    first, again = _survey_saved_again(store, data_dir, tmp_path, lambda ls: [ls[0], *ls[2:]])
    assert again.status == "ok" and [r.file for r in again.replaced] == [SURVEY]
    assert again.rows_read == first.rows_read - 1
    assert counted(store, "so_survey") == again.rows_accepted == first.rows_accepted - 1


def test_a_mirrored_file_saved_again_with_a_value_fixed_replaces_its_copy(
    store: Store, data_dir: Path, tmp_path: Path
) -> None:
    # One salary corrected in the survey's file (the same name, other bytes) was a file of
    # another period: all 11,277 records counted twice, without a word.
    def fixed(lines: list[str]) -> list[str]:  # its salary, 28500 in the release
        return [lines[0], lines[1].rsplit(",", 1)[0] + ",28400\n", *lines[2:]]

    name = SURVEY
    first, again = _survey_saved_again(store, data_dir, tmp_path, fixed)
    assert again.status == "ok" and [r.file for r in again.replaced] == [name]
    assert again.replaced[0].records == first.rows_accepted
    assert counted(store, "so_survey") == again.rows_accepted == first.rows_accepted
    assert log(store, "so_survey") == [
        (name, "replaced", again.ingest_id), (name, "ok", None)]  # fmt: skip
    assert f"replaces {name}" in again.summary()
    # A user's files of one name stay two periods (no release of which one is a copy).
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
    mine = [
        write_file(tmp_path / d, "mine.csv", HEADER + rows)
        for d, rows in (("a", GOOD), ("b", OTHER))
    ]
    assert [ingest_file(store, "csv", path).replaced for path in mine] == [[], []]
    assert [status for _, status, _ in log(store, "csv")] == ["ok", "ok"]


def test_files_converted_at_the_surveys_rates_are_stale_when_its_rates_come(
    store: Store, data_dir: Path, tmp_path: Path
) -> None:
    # Hand-written fixture row (not product data): a user's euros. Ingested before the
    # survey whose rates convert them, the row stayed quarantined ("no exchange rate"), and
    # `rebuild --if-stale` said every file was current.
    euros = write_file(
        tmp_path,
        "eur.csv",
        "year,title,pay_component,amount,currency,country,level\n"
        "2023,Machine Learning Engineer,base,70000,EUR,DE,mid\n",
    )
    mine = ingest_file(store, "csv", euros)
    assert mine.rows_rejected == 1
    survey = ingest_file(store, "aijobs", data_dir / "aijobs-salaries-2025-01.csv")
    assert survey.stale == ["eur.csv"]
    assert "the records of eur.csv were normalized before it" in survey.summary()
    rebuilt = rebuild(store, only_stale=True)
    assert [r.file for r in rebuilt] == ["eur.csv"] and rebuilt[0].rows_accepted == 1
    rate = store.con.execute(
        "SELECT usd_per_unit FROM fx_rates WHERE currency = 'EUR' AND year = 2023"
    ).fetchone()[0]
    converted = store.con.execute(
        "SELECT amount_usd FROM records WHERE ingest_id = ?", [rebuilt[0].ingest_id]
    ).fetchone()[0]
    assert converted == pytest.approx(70000 * rate)
