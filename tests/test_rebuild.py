"""Rebuilding records from the kept raw rows, with the rules of today."""

from __future__ import annotations

import hashlib
import re
import shutil
import signal
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

import paygrade.ingest
import paygrade.normalize.canonical
import paygrade.rebuild
from paygrade.estimate.modelfile import data_version
from paygrade.ingest import ingest_file
from paygrade.normalize import rule_tables
from paygrade.quality import store_info
from paygrade.rebuild import rebuild
from paygrade.store import Store
from tests.conftest import FIXTURES, write_file
from tests.test_cli import held_now, started_held

SNAPSHOT = "SELECT * EXCLUDE (ingest_id) FROM records ORDER BY source, source_row"


def _ingested_copy(store: Store, tmp_path: Path) -> Path:
    # A copy that is deleted before rebuilding: rebuild must need only the store.
    path = tmp_path / "fixture-canonical-small.csv"
    shutil.copy(FIXTURES / "fixture-canonical-small.csv", path)
    assert ingest_file(store, "csv", path).status == "ok"
    path.unlink()
    return path


def test_rebuild_restores_records_from_raw_rows_without_the_file(
    store: Store, tmp_path: Path
) -> None:
    _ingested_copy(store, tmp_path)
    records = store.con.execute(SNAPSHOT).fetchall()
    quarantine = store.con.execute("SELECT * FROM quarantine ORDER BY source_row").fetchall()
    log = store.con.execute("SELECT * FROM ingest_log").fetchall()
    store.con.execute("UPDATE records SET role = 'other', company = NULL, amount_usd = 1")

    [result] = rebuild(store)

    assert store.con.execute(SNAPSHOT).fetchall() == records
    assert store.con.execute("SELECT * FROM quarantine ORDER BY source_row").fetchall() == (
        quarantine
    )
    assert store.con.execute("SELECT * FROM ingest_log").fetchall() == log
    assert (result.rows_read, result.rows_accepted) == (log[0][9], log[0][10])


def test_a_rule_change_reaches_stored_records(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ingested_copy(store, tmp_path)
    with_company = store.scalar("SELECT count(company) FROM records")
    assert with_company > 0
    monkeypatch.setattr(paygrade.normalize.canonical, "canonical_company", lambda _: "Renamed")

    rebuild(store)

    renamed = store.con.execute(
        "SELECT company, count(*) FROM records WHERE company IS NOT NULL GROUP BY company"
    ).fetchall()
    assert renamed == [("Renamed", with_company)]


def test_a_rebuild_under_changed_rules_changes_the_data_version(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A model trained before must say it was trained on other data (``stale``): filings it
    # learns from (DOL's, as `ingest lca` loads them); a user's own CSV it never reads
    # does not make it stale (it had, and training again learned nothing new).
    assert ingest_file(store, "lca", FIXTURES / "fixture-lca-small.csv").status == "ok"
    logged = store.scalar("SELECT rules FROM ingest_log WHERE kind = 'records'")
    assert logged == rule_tables.fingerprint()
    before = data_version(store)
    _ingested_copy(store, tmp_path)
    assert data_version(store) == before
    rebuild(store)
    assert data_version(store) == before  # the same rules: the same records, the same version
    monkeypatch.setattr(rule_tables, "fingerprint", lambda: "changed-rules")
    rebuild(store)
    assert data_version(store) != before


def test_info_names_the_files_other_rules_normalized_until_a_rebuild(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # After an upgrade (new aliases, titles) nothing said the stored records still read
    # the old way, nor that `paygrade rebuild` reads them by the new rules.
    from paygrade.formats import render_info
    from paygrade.quality import store_info

    path = _ingested_copy(store, tmp_path)
    assert store_info(store)["other_rules"] == []
    monkeypatch.setattr(rule_tables, "fingerprint", lambda: "changed-rules")
    facts = store_info(store)
    assert facts["other_rules"] == [path.name]
    said = render_info({"store": "s", "data_dir": "d", **facts}, "table")
    assert "1 record file(s) were normalized under other rules" in said
    assert "run `paygrade rebuild --if-stale`" in said
    rebuild(store)
    assert store_info(store)["other_rules"] == []


def test_a_new_cpi_names_the_records_normalized_before_it_until_they_are_rebuilt(
    store: Store, tmp_path: Path, data_dir: Path
) -> None:
    # A CPI file replaced the table and said nothing more: the old file stayed "ok" beside
    # it, and the records kept real dollars of the old CPI while new ones used the new.
    from paygrade.quality import loaded_sources, store_info

    ingest_file(store, "cpi", data_dir / "cpi-u-annual.csv")
    fixture = "year,title,pay_component,amount_usd\n2020,Senior Data Engineer,base,150000\n"
    records = ingest_file(store, "csv", write_file(tmp_path, "fixture-2020.csv", fixture))
    real = "SELECT amount_usd_real FROM records WHERE source = 'csv'"
    before = store.scalar(real)
    assert before is not None and before > 150_000
    cpi = "year,cpi_u_sa_annual_avg,months\n2020,100,12\n2024,120,12\n"  # a fixture CPI
    loaded = ingest_file(store, "cpi", write_file(tmp_path, "fixture-cpi.csv", cpi))
    assert loaded.summary().splitlines()[1:] == [
        "cpi fixture-cpi.csv replaces cpi-u-annual.csv (46 rows)",
        "cpi fixture-cpi.csv: the records of fixture-2020.csv were normalized before it was "
        "loaded: `paygrade rebuild --if-stale` normalizes them again",
    ]
    assert [f["file"] for f in loaded_sources(store) if f["source"] == "cpi"] == ["fixture-cpi.csv"]
    assert store_info(store)["other_rules"] == ["fixture-2020.csv"]
    assert store.scalar(real) == before  # as normalized, until rebuilt
    (again,) = rebuild(store, only_stale=True)
    assert (again.file, again.ingest_id) == ("fixture-2020.csv", records.ingest_id)
    assert store.scalar(real) == 180_000  # 150,000 x 120 / 100
    assert store_info(store)["other_rules"] == []


def test_a_store_from_before_the_rules_were_logged_keeps_its_data_version(
    store: Store, tmp_path: Path
) -> None:
    assert ingest_file(store, "lca", FIXTURES / "fixture-lca-small.csv").status == "ok"
    rows = store.con.execute(
        "SELECT source, sha256, rows_accepted FROM ingest_log WHERE kind = 'records'"
    ).fetchall()
    store.con.execute("UPDATE ingest_log SET rules = NULL")
    text = "\n".join("|".join(map(str, row)) for row in rows)
    assert data_version(store) == hashlib.sha256(text.encode()).hexdigest()[:12]


def test_a_failed_rebuild_changes_nothing(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _ingested_copy(store, tmp_path)
    store.con.execute("UPDATE records SET role = 'other'")  # stale, as after a rule change
    before = store.con.execute(SNAPSHOT).fetchall()

    def fail(*_args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(paygrade.ingest, "_write_quarantine", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        rebuild(store)
    assert store.con.execute(SNAPSHOT).fetchall() == before


def test_a_rebuild_remakes_the_places_before_records_read_them(
    store: Store, tmp_path: Path, data_dir: Path
) -> None:
    # A store's places were made at its OFLC geography load: records rebuilt under a new
    # place rule (Shelby Township, MI apart from Shelby) would have found no place at all.
    ingest_file(store, "oflc_geography", data_dir / "oflc-geography-2025-26.csv")
    path = write_file(
        tmp_path,
        "fixture-township.csv",
        "year,title,city,state,country,pay_component,amount_usd\n"
        "2024,ML Engineer,Shelby Township,MI,US,base,150000\n",
    )
    assert ingest_file(store, "csv", path).status == "ok"
    # As a store of the rules before: the township read as the town, no place of its own.
    store.con.execute("DELETE FROM places WHERE city_key = 'SHELBY TOWNSHIP'")
    store.con.execute("UPDATE records SET metro = 'Mid Michigan nonmetropolitan area'")
    store.con.execute("UPDATE ingest_log SET rules = 'older' WHERE kind = 'records'")
    rebuild(store, only_stale=True)
    assert store.scalar("SELECT metro FROM records") == "Detroit-Warren-Dearborn, MI"
    assert store.scalar("SELECT count(*) FROM places WHERE city_key = 'SHELBY TOWNSHIP'") == 1


class _CtrlCAfterCommit:
    """A store's connection on which Ctrl-C comes as COMMIT has run (the commit landed)."""

    def __init__(self, con: Any) -> None:
        self._con = con

    def execute(self, sql: str, *args: Any) -> Any:
        done = self._con.execute(sql, *args)
        if sql.strip().upper() == "COMMIT":
            raise KeyboardInterrupt
        return done

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


def test_ctrl_c_as_a_rebuild_commits_says_the_file_was_rebuilt_whole(
    store: Store, tmp_path: Path
) -> None:
    # It said "rolled back (its records as before the rebuild)" of a file whose records
    # were by then in the other reference year's dollars.
    _ingested_copy(store, tmp_path)
    store.con = _CtrlCAfterCommit(store.con)  # type: ignore[assignment]
    with pytest.raises(paygrade.ingest.Interrupted) as stopped:
        rebuild(store, reference_year=2020)
    assert str(stopped.value) == "interrupted after fixture-canonical-small.csv was rebuilt whole"
    assert store.scalar("SELECT reference_year FROM ingest_log WHERE kind = 'records'") == 2020


def test_ctrl_c_as_the_next_file_begins_names_it_and_those_rebuilt(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ctrl-C as the next file's log line was read, before its rebuild's block, said
    # "error: interrupted" alone; the CLI test's Ctrl-C 0.3 s after a file's line could
    # land there on a loaded machine.
    _ingested_copy(store, tmp_path)
    second = tmp_path / "second.csv"
    second.write_text("year,title,pay_component,amount_usd\n2024,ML Engineer,base,150000\n")
    ingest_file(store, "csv", second)
    read, calls = paygrade.rebuild._normalized_as, []

    def interrupted_at_the_second(*args: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:  # the second file's, as it begins
            raise KeyboardInterrupt
        return read(*args)

    monkeypatch.setattr(paygrade.rebuild, "_normalized_as", interrupted_at_the_second)
    with pytest.raises(paygrade.ingest.Interrupted) as stopped:
        try:
            rebuild(store, reference_year=2020)
        except KeyboardInterrupt:  # as it came: it would stop pytest itself
            pytest.fail("Ctrl-C came out as it was: the CLI says 'interrupted' alone")
    assert str(stopped.value) == (
        "interrupted, second.csv rolled back (its records as before the rebuild); "
        "rebuilt already: fixture-canonical-small.csv"
    )


def test_ctrl_c_during_a_rebuild_rolls_back_that_file_and_keeps_the_lines_of_the_others(
    real_db: Path, tmp_path: Path
) -> None:
    # It was "error: internal error (RuntimeError): Query interrupted", status 70, and the
    # lines of the files already rebuilt, held in a buffer, never reached a pipe.
    db = tmp_path / "rebuilt.duckdb"
    shutil.copyfile(real_db, db)
    with closing(Store.open(db)) as store:
        store.con.execute("UPDATE records SET role = 'other'")  # stale, as after a rule change
        files = store.con.execute(
            "SELECT source, file, rows_read, ingest_id FROM ingest_log "
            "WHERE kind = 'records' ORDER BY ingest_id"
        ).fetchall()
    # Interrupt inside the rebuild of the largest file, after the line of the file before.
    largest = max(range(1, len(files)), key=lambda i: files[i][2])
    before = f"{files[largest - 1][0]} {files[largest - 1][1]}"  # then its encoding, if said
    marker = tmp_path / "held"
    rebuilding = started_held(marker, files[largest][3], "--db", db, "rebuild")
    assert rebuilding.stdout is not None
    lines = []
    for line in rebuilding.stdout:
        lines.append(line)
        if line.startswith(before):
            break
    held_now(rebuilding, marker)
    rebuilding.send_signal(signal.SIGINT)
    out, err = rebuilding.communicate(timeout=120)
    said = f"stderr {err!r}; stdout {lines!r} then {out!r}"
    assert rebuilding.returncode == 130, said
    assert out == "" and len(lines) == largest, said
    earlier = ", ".join(file for _, file, _, _ in files[:largest])
    assert re.fullmatch(
        rf"error: interrupted, {re.escape(files[largest][1])} rolled back \(its records as "
        rf"before the rebuild\); rebuilt already: {re.escape(earlier)}(; \d+ not rebuilt)?\n",
        err,
    ), said
    stale = per_file(db, "bool_and(role = 'other')")
    assert stale[files[largest][1]] and not any(stale[f] for _, f, _, _ in files[:largest])


def test_a_rule_written_in_code_changes_the_fingerprint_by_its_revision(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A change of normalization in code (revision 2: a company ladder's level over a
    # title's word) had left stores normalized the old way unflagged: only tables counted.
    now = rule_tables.fingerprint()
    rule_tables.fingerprint.cache_clear()
    monkeypatch.setattr(rule_tables, "REVISION", rule_tables.REVISION + 1)
    try:
        assert rule_tables.fingerprint() != now
    finally:
        rule_tables.fingerprint.cache_clear()


def test_rebuild_if_stale_rebuilds_only_the_files_other_rules_normalized(
    store: Store, tmp_path: Path
) -> None:
    # After an upgrade `paygrade ingest --all` passed over every stored file, so the quick
    # start kept answering from records normalized the old way; it now runs this.
    from tests.conftest import ok_each

    _ingested_copy(store, tmp_path)
    second = tmp_path / "second.csv"
    second.write_text("year,title,pay_component,amount_usd\n2024,ML Engineer,base,150000\n")
    ingest_file(store, "csv", second)
    store.con.execute(
        "UPDATE ingest_log SET rules = 'old' WHERE file = 'fixture-canonical-small.csv'"
    )
    store.con.execute("UPDATE records SET title = 'stale' WHERE source = 'csv'")
    path = store.path
    store.close()
    # Both from one process (``ok_each``, each checked as ``ok`` checks one): neither is
    # about being a process of its own; what the first left is read after both.
    first, again = ok_each(
        ("--db", path, "rebuild", "--if-stale"), ("--db", path, "rebuild", "--if-stale")
    )
    said = first.splitlines()
    assert [line.split(":")[0] for line in said] == ["csv fixture-canonical-small.csv"]
    titles = per_file(path, "bool_or(title = 'stale')")
    assert titles == {"fixture-canonical-small.csv": False, "second.csv": True}
    with closing(Store.open(path, read_only=True)) as after:
        assert after.scalar("SELECT count(*) FROM ingest_log WHERE rules = 'old'") == 0
    assert again == ("every record file was normalized under this paygrade's rules: none rebuilt\n")


def per_file(db: Path, aggregate: str) -> dict[str, Any]:
    """``aggregate`` over each ingested file's records, by file name, in a store on disk."""
    with closing(Store.open(db, read_only=True)) as store:
        return dict(
            store.con.execute(
                f"SELECT file, {aggregate} FROM records JOIN ingest_log USING (ingest_id) "
                "GROUP BY file"
            ).fetchall()
        )


def test_a_file_priced_in_another_reference_year_is_stale(tmp_path: Path) -> None:
    # An ingest under PAYGRADE_REFERENCE_YEAR=2020 beside files of 2024 made `stats --real`
    # refuse ("priced in different reference years"), and --if-stale rebuilt none.
    with closing(Store.open(tmp_path / "s.duckdb")) as store:
        small = FIXTURES / "fixture-canonical-small.csv"
        assert ingest_file(store, "csv", small, reference_year=2020).status == "ok"
        assert store_info(store, 2024)["other_rules"] == [small.name]
        assert store_info(store, 2020)["other_rules"] == []
        assert [r.file for r in rebuild(store, reference_year=2024, only_stale=True)] == [
            small.name
        ]
        assert store_info(store, 2024)["other_rules"] == []
        assert rebuild(store, reference_year=2024, only_stale=True) == []


def test_a_reference_year_the_cpi_does_not_reach_is_refused_and_nothing_changes(
    real_db: Path, tmp_path: Path
) -> None:
    import duckdb

    from tests.test_cli import run

    db = tmp_path / "store.duckdb"
    shutil.copy(real_db, db)

    def priced() -> int:
        with closing(duckdb.connect(str(db), read_only=True)) as con:
            return int(con.execute("SELECT count(amount_usd_real) FROM records").fetchone()[0])

    before = priced()
    # CPI-U ends in 2025: a rebuild in 2026 dollars had blanked every real-dollar value
    # (0 of 220,738) with status 0, and `stats --real` then said no record matched.
    done = run("--db", db, "rebuild", env={"PAYGRADE_REFERENCE_YEAR": "2026"})
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        "error: bad setting reference_year: the store's CPI-U has no 2026 (it holds "
        "1980-2025), so no pay could be said in 2026 dollars; set PAYGRADE_REFERENCE_YEAR "
        "to a year it holds\n"
    )
    assert priced() == before > 200_000


def test_rebuild_says_each_file_as_ingest_said_it(store: Store, data_dir: Path) -> None:
    ingested = ingest_file(store, "h1b_2013", data_dir / "h1b-lca-fy2013q3.csv")
    (rebuilt,) = rebuild(store)
    # The file's encoding was left out of rebuild's line: "h1b_2013 h1b-lca-fy2013q3.csv:".
    said = "h1b_2013 h1b-lca-fy2013q3.csv (Latin-1, not UTF-8): read 10,366, accepted 10,366"
    assert ingested.summary().startswith(said) and rebuilt.summary().startswith(said)


def test_the_tables_left_out_of_the_fingerprint_are_read_by_no_normalization() -> None:
    # Claims', the ladder's, offers' tables: an edit of one had called every record file
    # stale (a full rebuild and retraining, the same records written again). Left out,
    # they must stay out of what ingest and rebuild run: every module those import, read.
    import subprocess
    import sys

    listed = subprocess.run(
        [sys.executable, "-c", "import sys, paygrade.ingest, paygrade.rebuild, paygrade.store; "
         "print('\\n'.join(m.__file__ or '' for m in list(sys.modules.values()) "
         "if m.__name__.startswith('paygrade')))"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    modules = [Path(line) for line in listed.stdout.split() if line.endswith(".py")]
    assert len(modules) > 20 and any(m.name == "titles.py" for m in modules)
    reading = {
        (module.name, table)
        for module in modules
        for table in rule_tables.ANSWERS_ONLY
        # read as read_rules("ladder.csv") names it (a comment may name it)
        if f'"{table}"' in module.read_text() and module.name != "rule_tables.py"
    }
    assert reading == set()
    # A table read in part is read by normalizing_rows alone, which reads only its part.
    whole = {
        (module.name, table)
        for module in modules
        for table in rule_tables.PARTLY_READ
        if f'read_rules("{table}")' in module.read_text()
    }
    assert whole == set()


def test_a_row_answers_alone_read_leaves_the_fingerprint_as_it_was(tmp_path: Path) -> None:
    # A claims phrase added to claim_subjects.csv ("new hires") had called every record
    # file stale: normalization reads only its metro rows (places' "Silicon Valley").
    from importlib import resources

    shipped = Path(str(resources.files("paygrade.normalize") / "rules"))
    shutil.copytree(shipped, tmp_path / "rules")
    table = tmp_path / "rules" / "claim_subjects.csv"
    assert rule_tables.tables_digest(tmp_path / "rules") == rule_tables.fingerprint()
    table.write_text(table.read_text() + "group,new starters,\n# a comment\n")
    assert rule_tables.tables_digest(tmp_path / "rules") == rule_tables.fingerprint()
    table.write_text(table.read_text() + "metro,the big smoke,London\n")
    assert rule_tables.tables_digest(tmp_path / "rules") != rule_tables.fingerprint()
