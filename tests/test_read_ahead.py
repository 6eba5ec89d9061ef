"""Reading ahead in ``ingest --all``: the next record files' lookups warmed on a thread,
with what is stored the same as without it."""

from __future__ import annotations

import itertools
import shutil
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import ClassVar

import duckdb
import pytest

import paygrade.ingest
import paygrade.rebuild
from paygrade.ingest import ingest_file, ingest_files, sources_to_ingest
from paygrade.normalize import titles
from paygrade.read_ahead import SWITCH_INTERVAL, ReadAhead, Upcoming, file_ahead
from paygrade.rebuild import rebuild
from paygrade.sources import RecordSource, get_source
from paygrade.sources.base import Con
from paygrade.store import Store
from tests.conftest import built_once

# The tables an ingest writes from what the lookups answer.
WRITTEN = ("records", "quarantine", "record_cells", "raw_rows")


# Rows kept of each real record file in ``head_of_data``.
HEAD_ROWS = 4_000


def head_of_data(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    """The real data folder with each record file cut to its first ``HEAD_ROWS`` rows (the
    reference files linked whole), built once per run: every source, its encoding (Latin-1
    rows included) and format still read, a tenth of the 220,000 records. For tests of how
    files are ingested, not of what the data says (they read ``real_db`` for that)."""
    import pyarrow.parquet as pq

    def build(folder: Path) -> None:
        for source, path in sources_to_ingest(data_dir):
            if path is None:
                continue  # OEWS is bundled
            cut = folder / path.name
            if not isinstance(source, RecordSource):
                cut.symlink_to(path)
            elif path.suffix == ".parquet":
                pq.write_table(pq.read_table(path).slice(0, HEAD_ROWS), cut)
            else:  # one row a line in every record CSV (no quoted line breaks)
                with path.open("rb") as whole:
                    cut.write_bytes(b"".join(itertools.islice(whole, HEAD_ROWS + 1)))
        (folder / "SOURCES.md").symlink_to(data_dir / "SOURCES.md")

    return built_once(tmp_path_factory, "head-of-data", build)


@pytest.fixture(scope="module")
def head_data(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    return head_of_data(tmp_path_factory, data_dir)


class _Watched(ReadAhead):
    """A ReadAhead that keeps itself in ``made``: what it warmed is read after the run."""

    made: ClassVar[list[ReadAhead]] = []

    def __init__(self, con: Con, files: Sequence[Upcoming]) -> None:
        super().__init__(con, files)
        _Watched.made.append(self)


def _warmed_in(monkeypatch: pytest.MonkeyPatch, module: object) -> list[ReadAhead]:
    """The ReadAheads ``module`` makes from now on, to check they warmed some file (else
    reading ahead and not would store the same trivially)."""
    made: list[ReadAhead] = []
    monkeypatch.setattr(_Watched, "made", made)
    monkeypatch.setattr(module, "ReadAhead", _Watched)
    return made


def references_of(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    """A store holding the real reference files alone (CPI, OFLC, BLS, BEA, OEWS: 8 s of
    an ingest), built once per run; never written: copy it to ingest the record files
    into (an ingest skips the references as already ingested)."""

    def build(folder: Path) -> None:
        store = Store.open(folder / "references.duckdb")
        try:
            found = sources_to_ingest(data_dir)
            ingest_files(store, [(s, p) for s, p in found if not isinstance(s, RecordSource)])
        finally:
            store.close()

    return built_once(tmp_path_factory, "references", build) / "references.duckdb"


def head_store_of(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    """A store of ``head_of_data`` (every source, its first rows), built once per run;
    never written: for tests of what is done with a store that no number of records
    changes (exporting one, say)."""
    references = references_of(tmp_path_factory, data_dir)
    head = head_of_data(tmp_path_factory, data_dir)

    def build(folder: Path) -> None:
        shutil.copyfile(references, folder / "head.duckdb")
        store = Store.open(folder / "head.duckdb")
        try:
            ingest_files(store, sources_to_ingest(head))
        finally:
            store.close()

    return built_once(tmp_path_factory, "head-store", build) / "head.duckdb"


@pytest.fixture(scope="module")
def references_db(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    return references_of(tmp_path_factory, data_dir)


def _ingested(references_db: Path, head_data: Path, db: Path, *, read_ahead: bool) -> None:
    """``head_data`` ingested into ``db`` as `ingest --all` does it, from the references on."""
    shutil.copyfile(references_db, db)
    store = Store.open(db)
    try:
        titles.classify_title.cache_clear()  # cold, as a fresh process
        results = ingest_files(store, sources_to_ingest(head_data), read_ahead=read_ahead)
    finally:
        store.close()
    assert sum(r.rows_accepted for r in results) > 10_000  # records, not only skipped files


@pytest.fixture(scope="module")
def head_db(references_db: Path, head_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of ``head_data`` ingested reading ahead, as `ingest --all` does."""
    path = tmp_path_factory.mktemp("ahead") / "ahead.duckdb"
    with pytest.MonkeyPatch.context() as patched:
        made = _warmed_in(patched, paygrade.ingest)
        _ingested(references_db, head_data, path, read_ahead=True)
    (ahead,) = made
    assert ahead.warmed  # some file's lookups ran ahead of its ingest
    return path


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty store; closing it fails while a thread still uses a cursor of it."""
    opened = Store.open(tmp_path / "store.duckdb")
    yield opened
    opened.close()


@pytest.fixture
def many_files(data_dir: Path) -> list[Upcoming]:
    """The real record files twenty times over: more than any test lets it read."""
    found = sources_to_ingest(data_dir)
    return [file_ahead(s, p) for s, p in found if isinstance(s, RecordSource) and p] * 20


def _warmed(ahead: ReadAhead, count: int, timeout: float = 120) -> list[str]:
    deadline = time.monotonic() + timeout
    while len(ahead.warmed) < count and time.monotonic() < deadline:
        time.sleep(0.02)
    return list(ahead.warmed)


def _differing_rows(ahead: Path, plain: Path, tables: tuple[str, ...] = WRITTEN) -> dict[str, int]:
    """Per table, the rows one store holds and the other does not (both ways), and the
    rows of ``ahead``'s, which must not be 0."""
    con = duckdb.connect()
    con.execute(f"ATTACH '{ahead}' AS ahead (READ_ONLY)")
    con.execute(f"ATTACH '{plain}' AS plain (READ_ONLY)")
    found: dict[str, int] = {}
    for table in tables:
        found[f"{table} rows"] = con.execute(f"SELECT count(*) FROM ahead.{table}").fetchall()[0][0]
        for a, b in (("ahead", "plain"), ("plain", "ahead")):
            differ = f"SELECT * FROM {a}.{table} EXCEPT ALL SELECT * FROM {b}.{table}"
            found[f"{table} {a} only"] = con.execute(f"SELECT count(*) FROM ({differ})").fetchall()[
                0
            ][0]
    con.close()
    return found


def _assert_same(found: dict[str, int]) -> None:
    assert {k: n for k, n in found.items() if " only" in k and n} == {}
    assert all(n > 0 for k, n in found.items() if k.endswith(" rows") and k != "quarantine rows")


def test_an_ingest_reading_ahead_stores_what_one_without_it_stores(
    head_db: Path, references_db: Path, head_data: Path, tmp_path: Path
) -> None:
    # head_db is `ingest_all`'s way, which reads ahead; this one does not.
    _ingested(references_db, head_data, tmp_path / "plain.duckdb", read_ahead=False)
    _assert_same(_differing_rows(head_db, tmp_path / "plain.duckdb"))


def test_a_rebuild_reading_ahead_stores_what_one_without_it_stores(
    head_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = _warmed_in(monkeypatch, paygrade.rebuild)
    for name, read_ahead in (("ahead", True), ("plain", False)):
        shutil.copyfile(head_db, tmp_path / f"{name}.duckdb")
        store = Store.open(tmp_path / f"{name}.duckdb")
        try:
            titles.classify_title.cache_clear()  # each starts cold, as a fresh process
            rebuilt = rebuild(store, read_ahead=read_ahead)
        finally:
            store.close()
        assert len(rebuilt) >= 2  # a first file, and one or more read ahead
    (ahead,) = made
    assert ahead.warmed  # some file's lookups ran ahead of its rebuild
    tables = ("records", "quarantine", "record_cells")
    _assert_same(_differing_rows(tmp_path / "ahead.duckdb", tmp_path / "plain.duckdb", tables))


def test_the_files_after_the_one_being_ingested_go_through_the_lookups(
    data_dir: Path, store: Store
) -> None:
    source = get_source("h1b_2013")
    assert isinstance(source, RecordSource)
    path = data_dir / "h1b-lca-fy2013q3.csv"
    titles.classify_title.cache_clear()
    before = sys.getswitchinterval()
    with ReadAhead(store.con, [file_ahead(source, path)]) as ahead:
        assert sys.getswitchinterval() == min(before, SWITCH_INTERVAL)
        assert _warmed(ahead, 1) == [path.name]
    assert sys.getswitchinterval() == before
    # Its titles are looked up already: the ingest finds them in the cache.
    warm = titles.classify_title.cache_info().currsize
    assert warm > 1000
    ingest_file(store, source.name, path)
    assert titles.classify_title.cache_info().currsize == warm
    # A file the store holds is passed over: the ingest will skip it.
    with ReadAhead(store.con, [file_ahead(source, path)]) as again:
        again._thread.join(timeout=120)  # through its list, not stopped early
    assert again.warmed == []


def test_a_file_that_fails_is_left_to_the_ingest_and_the_rest_still_read(
    data_dir: Path, store: Store, tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    h1b, survey = get_source("h1b_2013"), get_source("so_survey")
    assert isinstance(h1b, RecordSource) and isinstance(survey, RecordSource)
    bad = tmp_path / "h1b-lca-fy2013q3.csv"
    bad.write_bytes(b"")  # empty: the ingest refuses it, saying so
    good = data_dir / "so-survey-2023-usd.csv"
    with ReadAhead(store.con, [file_ahead(h1b, bad), file_ahead(survey, good)]) as ahead:
        assert _warmed(ahead, 1) == [good.name]
    assert capfd.readouterr().err == ""  # nothing from the thread reaches the user


def test_leaving_the_block_stops_reading_ahead_at_once(
    store: Store, many_files: list[Upcoming]
) -> None:
    # What `ingest --all` does on Ctrl-C or a failing file: it must not wait for the rest.
    ahead = ReadAhead(store.con, many_files)
    with ahead:
        time.sleep(0.2)
    assert not ahead._thread.is_alive()
    assert len(ahead.warmed) < len(many_files)


def test_ctrl_c_as_reading_ahead_starts_stops_it_too(
    store: Store, many_files: list[Upcoming], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ctrl-C landing just after the thread started (inside Thread.start, which waits for
    # it) left it running with no block to leave: closing the store under it failed
    # ("connection is busy with another call") and the process aborted at exit.
    started: list[threading.Thread] = []
    real_start = threading.Thread.start

    def start_then_ctrl_c(thread: threading.Thread) -> None:
        real_start(thread)
        started.append(thread)
        raise KeyboardInterrupt

    before = sys.getswitchinterval()
    monkeypatch.setattr(threading.Thread, "start", start_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt), ReadAhead(store.con, many_files):
        raise AssertionError("the block is never entered")
    monkeypatch.undo()
    assert not started[0].is_alive()
    assert sys.getswitchinterval() == before


def test_ctrl_c_again_while_it_stops_still_waits_for_the_thread(
    store: Store, many_files: list[Upcoming], monkeypatch: pytest.MonkeyPatch
) -> None:
    joins: list[threading.Thread] = []
    real_join = threading.Thread.join

    def join_interrupted_once(thread: threading.Thread, timeout: float | None = None) -> None:
        joins.append(thread)
        if len(joins) == 1:
            raise KeyboardInterrupt  # a second Ctrl-C, while the first is being handled
        real_join(thread, timeout)

    ahead = ReadAhead(store.con, many_files)
    with pytest.raises(KeyboardInterrupt), ahead:
        monkeypatch.setattr(threading.Thread, "join", join_interrupted_once)
    monkeypatch.undo()
    assert len(joins) == 2 and not ahead._thread.is_alive()
