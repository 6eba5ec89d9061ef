"""``stats --engine spark`` through a real Spark Connect server (``PAYGRADE_SPARK_REMOTE``),
started here from the Spark that pyspark bundles (its ``spark-connect`` jar): no network.

The other Spark tests run pyspark's local mode; only refusals of unreachable Connect
addresses had been tested, never an answer from a server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.conftest import run_each_in_one
from tests.web.conftest import free_port

pytest.importorskip("pyspark")

# Seconds a Spark Connect server may take to listen: ~15 s on a quiet two-core machine.
SERVER_START = 180
LEVEL = ["stats", "--by", "level", "--where", "role=ml_engineer", "--format", "json"]
METRO = ["stats", "--by", "metro,level", "--where", "country=US", "--format", "json"]


@pytest.fixture(scope="module")
def connect_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The URL of a Spark Connect server (a JVM in local mode of its own, in a working
    folder of its own), stopped after the module."""
    import pyspark

    home = Path(pyspark.__file__).parent
    port, where = free_port(), tmp_path_factory.mktemp("connect-server")
    command = [
        str(home / "bin" / "spark-submit"),
        "--class", "org.apache.spark.sql.connect.service.SparkConnectServer",
        "--master", "local[2]",
        "--conf", f"spark.connect.grpc.binding.port={port}",
        "--conf", "spark.connect.grpc.binding.address=127.0.0.1",
        "--conf", "spark.ui.enabled=false",
        "spark-internal",
    ]  # fmt: skip
    with (where / "server.log").open("w") as log:
        server = subprocess.Popen(
            command, cwd=where, stdout=log, stderr=subprocess.STDOUT,
            env={**os.environ, "SPARK_HOME": str(home)}, start_new_session=True,
        )  # fmt: skip
    try:
        _wait_for(server, port, where / "server.log")
        yield f"sc://127.0.0.1:{port}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _wait_for(server: subprocess.Popen[bytes], port: int, log: Path) -> None:
    """Until the server listens on ``port``; a failure if it exits or takes too long."""
    deadline = time.monotonic() + SERVER_START
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:  # not yet: asked again soon (each 0.5 s had cost up to that)
            time.sleep(0.1)
    pytest.fail(f"no Spark Connect server on port {port}: {log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def exported(real_export: Path) -> Path:
    """The real store's export, made once per test run (``tests.conftest.real_export``)."""
    return real_export


def test_spark_connect_answers_as_duckdb_does(
    real_db: Path, exported: Path, connect_url: str
) -> None:
    # The folder given as a path relative to the CLI's working folder: the server read it
    # from its own ("[PATH_NOT_FOUND] Path does not exist: file:/<server's folder>/...").
    relative = os.path.relpath(exported)
    asked = [
        ["--db", real_db, *LEVEL],  # the store, exported for the server to a temporary folder
        ["--db", real_db, *METRO, "--from-parquet", relative],
    ]
    # DuckDB's answers from the same process, after Spark's (a process of their own: 2-3 s).
    answers, stderr = run_each_in_one(
        *[[*question, "--engine", "spark"] for question in asked],
        *asked,
        env={"PAYGRADE_SPARK_REMOTE": connect_url},
        timeout=600,  # a session to open: longer than the other CLI tests
    )
    on_spark, on_duckdb = answers[: len(asked)], answers[len(asked) :]
    for spark, duckdb in zip(on_spark, on_duckdb, strict=True):
        assert (spark.returncode, spark.stderr) == (0, ""), spark.stderr
        assert duckdb.returncode == 0 and spark.stdout == duckdb.stdout, spark.args
    assert "Traceback" not in stderr


def _connect_session(url: str) -> Any:
    # Spark Connect's own builder: pyspark's general one marks the whole process as a
    # Connect client (SPARK_CONNECT_MODE_ENABLED), which the local-mode tests must not be.
    from pyspark.sql.connect.session import SparkSession

    return SparkSession.builder.remote(url).getOrCreate()


@pytest.mark.parametrize("of_store", [True, False], ids=["store", "from-parquet"])
def test_a_folder_the_server_cannot_see_says_where_the_server_reads(
    connect_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, of_store: bool
) -> None:
    import paygrade.parquet
    from paygrade.engines import spark

    # Hand-written fixture rows (not product data). The file is listed here but is not
    # where the server looks, as on a server on another machine. Over the store, the error
    # had named only a temporary folder the user never gave, "[PATH_NOT_FOUND]" and no why.
    pq.write_table(pa.table({"level": ["senior"], "amount_usd": [1.5e5]}), tmp_path / "a.parquet")
    elsewhere = str(tmp_path / "on-this-machine-alone.parquet")
    monkeypatch.setattr(paygrade.parquet, "data_files", lambda folder: [elsewhere])
    session = _connect_session(connect_url)
    given = {"of_store": True} if of_store else {}  # --from-parquet: as engine was called
    with pytest.raises(spark.SparkCannotRead) as refusal:
        spark.engine(session, str(tmp_path), **given)
    said = str(refusal.value)
    if of_store:
        assert said.startswith(
            "Spark cannot read the records of the store: a Spark Connect server reads files "
            f"on its own machine, and they were exported for it to {tmp_path} on this one; "
        ), said
        assert said.endswith("and pass --from-parquet DIR")
    else:
        assert said.startswith(f"Spark cannot read {tmp_path}: [PATH_NOT_FOUND]"), said
        assert said.endswith(
            "; a Spark Connect server reads files on its own machine: give --from-parquet a "
            "folder it reads at the same path, or an object store URL"
        )
