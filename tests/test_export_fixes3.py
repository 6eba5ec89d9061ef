"""Exports and Spark questions as an auditor met them: a folder the system will not let be
written said as status 1 (not 74); a silent S3 endpoint sent four requests where the docs
promise three attempts; ``stats --engine spark`` started Spark before saying a filter
error; an upload stopped before any object was put said the prefix "may hold part".

The store here holds tests/fixtures/fixture-canonical-small.csv (3 records accepted)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from paygrade import object_store, parquet
from paygrade.cli import main
from paygrade.parquet import ParquetError
from paygrade.records import CannotWrite
from tests.conftest import FIXTURES, can_write_in
from tests.test_cli import run
from tests.test_object_store import BUCKET, _credentials, _names, endpoint  # noqa: F401

FIXTURE = FIXTURES / "fixture-canonical-small.csv"


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("export-fixes3") / "small.duckdb"
    done = run("--db", db, "ingest", "csv", FIXTURE)
    assert done.returncode == 0, done.stderr
    return db


# --- 1. a folder the system will not let be written: 74, as report says it -------------


def test_an_export_into_an_immutable_folder_is_74_as_report_says_it(
    small_db: Path, immutable: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = immutable / "x"
    # It was "error: cannot write to .../rodir/x: Operation not permitted", status 1.
    assert main(["--db", str(small_db), "export", "--out", str(out)]) == 74
    assert capsys.readouterr().err == (
        f"error: cannot write the export to {out}: Operation not permitted; no export was written\n"
    )
    assert not out.exists()


def test_an_export_under_sys_is_74(small_db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if Path("/sys/x").exists() or can_write_in(Path("/sys")):
        pytest.skip("/sys is writable here")
    assert main(["--db", str(small_db), "export", "--out", "/sys/x"]) == 74
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("error: cannot write the export to /sys/x: "), line
    assert line.endswith("; no export was written"), line


def test_a_file_in_the_way_is_still_the_exports_own_error(
    small_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-file").write_text("mine")
    out = tmp_path / "a-file" / "records"
    assert main(["--db", str(small_db), "export", "--out", str(out)]) == 1
    assert capsys.readouterr().err == (
        f"error: cannot write to {out}: {tmp_path / 'a-file'} is a file, not a folder\n"
    )


@pytest.mark.parametrize("why", ["Permission denied", "Operation not permitted"])
def test_a_write_refused_while_exporting_is_cannot_write(why: str) -> None:
    # DuckDB's "Cannot open file ...: Permission denied" mid-export had been status 1.
    said = parquet._not_written("the export to out", why, "out is as it was")
    assert isinstance(said, CannotWrite)
    assert str(said) == f"cannot write the export to out: {why}; out is as it was"
    other = parquet._not_written("the export to out", "Is a directory", "out is as it was")
    assert type(other) is ParquetError


# --- 2. a silent S3 endpoint: three attempts, as docs/scale.md says -------------------


class SilentEndpoint:
    """A listener that takes every connection, reads its requests and never answers."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        self.requests: list[str] = []
        self._held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:  # closed: the test is over
                return
            self._held.append(connection)
            threading.Thread(target=self._read, args=(connection,), daemon=True).start()

    def _read(self, connection: socket.socket) -> None:
        with connection:
            while chunk := _received(connection):
                lines = chunk.decode("latin-1").split("\r\n")
                self.requests += [line for line in lines if line.startswith(("GET ", "HEAD "))]

    def close(self) -> None:
        self.socket.close()
        for connection in self._held:
            connection.close()


def _received(connection: socket.socket) -> bytes:
    try:
        return connection.recv(65536)
    except OSError:
        return b""


@pytest.fixture
def silent(monkeypatch: pytest.MonkeyPatch) -> Iterator[SilentEndpoint]:
    listener = SilentEndpoint()
    for name, value in _credentials(listener.url).items():
        monkeypatch.setenv(name, value)
    # A read timeout of 1 s where the product waits 60: the count, not the wait, is tested.
    bounded = object_store.BOUNDED["s3"]["config_kwargs"]
    shortened = {**bounded, "read_timeout": 1, "retries": dict(bounded["retries"])}
    monkeypatch.setitem(object_store.BOUNDED, "s3", {"config_kwargs": shortened})
    import s3fs

    s3fs.S3FileSystem.clear_instance_cache()  # one made for another endpoint
    yield listener
    listener.close()
    s3fs.S3FileSystem.clear_instance_cache()


def test_a_silent_endpoint_is_asked_three_times_as_the_docs_say(silent: SilentEndpoint) -> None:
    filesystem = object_store.fsspec_filesystem("s3")
    # DuckDB's glob of a prefix (stats --from-parquet): it had sent 4 identical GETs.
    with pytest.raises(Exception, match=r"(?i)timeout|timed out"):
        filesystem.glob(f"{BUCKET}/records/**")
    assert len(silent.requests) == 3, silent.requests
    assert len(set(silent.requests)) == 1  # the one request, tried again


# --- 3. stats --engine spark: the question checked before Spark starts ----------------


@pytest.fixture
def spark_started(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Each Spark session asked for, none made (stands in for ~30 s of starting Spark)."""
    pytest.importorskip("pyspark")
    from paygrade.engines import spark

    asked: list[Any] = []

    def session(settings: Any) -> Any:
        asked.append(settings)
        raise spark.SparkUnavailable("fixture: Spark is not started in this test")

    monkeypatch.setattr(spark, "session", session)
    return asked


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["--where", "level=seniorx"],
            "error: level 'seniorx' is not one of entry, mid, senior, staff, principal, "
            "executive (did you mean senior?)\n",
        ),
        (["--by", "levelx"], "error: unknown field 'levelx' (did you mean level?); use one of: "),
        # The store (hand-written fixture rows) holds no CPI-U and no BEA parities.
        (["--real"], "error: real dollars need CPI-U, which the store does not hold: "),
        (["--local-prices"], "error: the store holds no BEA price parities, which local "),
    ],
    ids=["where", "by", "real", "local-prices"],
)
def test_a_bad_question_on_spark_is_said_before_spark_starts(
    small_db: Path,
    spark_started: list[Any],
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    said: str,
) -> None:
    status = main(["--db", str(small_db), "stats", "--engine", "spark", *args])
    err = capsys.readouterr().err
    assert (status, spark_started) == (1, []), err
    assert err.startswith(said), err


def test_a_good_question_on_spark_still_starts_spark(
    small_db: Path, spark_started: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["--db", str(small_db), "stats", "--engine", "spark", "--where", "level=senior"]
    assert main(args) == 1
    assert len(spark_started) == 1
    assert "fixture: Spark is not started" in capsys.readouterr().err


# --- 4. an upload stopped before any object was put: the prefix as it was -------------


@pytest.fixture
def s3_env(endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:  # noqa: F811
    for name, value in _credentials(endpoint).items():
        monkeypatch.setenv(name, value)
    import s3fs

    s3fs.S3FileSystem.clear_instance_cache()
    yield endpoint
    s3fs.S3FileSystem.clear_instance_cache()


def _stopped(*args: Any, **kwargs: Any) -> Any:
    raise KeyboardInterrupt  # Ctrl-C, as the interpreter raises it


def test_ctrl_c_before_any_object_is_put_says_the_prefix_is_as_it_was(
    small_db: Path,
    s3_env: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = f"s3://{BUCKET}/fix3-stopped-early"
    monkeypatch.setattr(parquet, "_write", _stopped)  # while the export is written here
    assert main(["--db", str(small_db), "export", "--out", url]) == 130
    # It was "s3://... may hold part of this export: run it again with --overwrite".
    assert capsys.readouterr().err == f"error: interrupted, {url} left as it was\n"
    assert _names(s3_env, "fix3-stopped-early") == set()


def test_ctrl_c_after_an_object_is_put_still_says_it_may_hold_part(
    small_db: Path,
    s3_env: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = f"s3://{BUCKET}/fix3-stopped-late"
    put = object_store.Prefix.put

    def once(prefix: object_store.Prefix, local: str, name: str) -> None:
        if name != parquet.METADATA:
            raise KeyboardInterrupt
        put(prefix, local, name)

    monkeypatch.setattr(object_store.Prefix, "put", once)
    assert main(["--db", str(small_db), "export", "--out", url]) == 130
    assert capsys.readouterr().err == (
        f"error: interrupted, {url} may hold part of this export: run it again with --overwrite\n"
    )
    assert _names(s3_env, "fix3-stopped-late") == {parquet.METADATA}


# --- the earlier export taken away after the new one is in place ------------------------


def _exported_twice(
    small_db: Path, out: Path, monkeypatch: pytest.MonkeyPatch, rmtree: Any
) -> tuple[int, str]:
    assert main(["--db", str(small_db), "export", "--out", str(out)]) == 0
    first = (out / "_paygrade.json").read_text()
    monkeypatch.setattr(parquet.shutil, "rmtree", rmtree)
    status = main(["--db", str(small_db), "export", "--out", str(out), "--overwrite"])
    assert (out / "_paygrade.json").read_text() != first  # the new export is in place
    return status, first


def test_an_earlier_export_the_system_keeps_is_said_and_the_export_stands(
    small_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    # A file the system would not let go of (chattr +i) had said "cannot replace OUT" of a
    # folder already replaced, status 1, the old copy hidden beside it.
    out = tmp_path / "records"
    status, _ = _exported_twice(small_db, out, monkeypatch, lambda path, **kw: None)
    (left,) = [p for p in tmp_path.iterdir() if p.name.startswith(".records-old-")]
    assert status == 0
    assert capsys.readouterr().err == (
        f"warning: the earlier export's copy could not all be removed: {left} is left; remove it\n"
    )


def test_ctrl_c_while_the_earlier_export_is_taken_away_says_the_new_one_is_written(
    small_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    # It had said "interrupted, OUT left as it was" of a folder already replaced.
    def interrupted(path: object, **kwargs: object) -> None:
        if ".records-old-" in str(path):  # the earlier export's copy, not the staging folder
            raise KeyboardInterrupt

    out = tmp_path / "records"
    status, _ = _exported_twice(small_db, out, monkeypatch, interrupted)
    (left,) = [p for p in tmp_path.iterdir() if p.name.startswith(".records-old-")]
    assert status == 130
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"error: interrupted after the export to {out} was written; the earlier export's copy "
        f"is left at {left}: remove it"
    )
