"""``paygrade stats --from-parquet s3://...`` and ``export --out s3://...`` against a real
S3 endpoint (moto's server, on this machine, no network) and a real export: through
fsspec's s3fs, as on a machine that cannot download DuckDB's httpfs extension."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import duckdb
import httpx
import pytest

from paygrade import object_store
from paygrade.parquet import export
from paygrade.store import Store
from tests.conftest import run_each
from tests.test_cli import run

pytest.importorskip("s3fs")
pytest.importorskip("moto")

BUCKET = "paygrade-records"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An S3 endpoint (moto's server in a process of its own) holding one bucket."""
    port = _free_port()
    log = tmp_path_factory.mktemp("moto") / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                httpx.put(f"{url}/{BUCKET}").raise_for_status()
                break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail(f"moto's S3 server did not start: {log.read_text()}")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def _credentials(url: str) -> dict[str, str]:
    # moto takes any key; the endpoint variable is how s3fs (botocore) finds a store not AWS.
    return {
        "AWS_ACCESS_KEY_ID": "fixture",
        "AWS_SECRET_ACCESS_KEY": "fixture",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ENDPOINT_URL": url,
    }


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    """A store of every source's first 4,000 records (tests.test_read_ahead.head_of_data),
    never written: what is exported, uploaded and read back here (every source's
    partitions, an export's files) no number of records changes. The whole real store's
    220,000 took 2-3 s an export, seven times, and as long to read back."""
    from tests.test_read_ahead import head_store_of

    return head_store_of(tmp_path_factory, data_dir)


@pytest.fixture
def small_store(small_db: Path) -> Iterator[Store]:
    opened = Store.open(small_db, read_only=True)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def exported(small_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("export") / "records"
    done = run("export", "--format", "parquet", "--out", folder, env={"PAYGRADE_DB": str(small_db)})
    assert done.returncode == 0, done.stderr
    return folder


@pytest.fixture(scope="module")
def uploaded(endpoint: str, exported: Path) -> str:
    """The export, file for file, under s3://BUCKET/records (S3's plain PUT)."""
    files = [f for f in exported.rglob("*") if f.is_file()]
    assert any(f.parent.name.startswith("year=") for f in files)
    _put(endpoint, exported, files, "records")
    return f"s3://{BUCKET}/records"


def _put(endpoint: str, folder: Path, files: list[Path], prefix: str) -> None:
    """``files`` of ``folder`` under ``prefix`` of the bucket (S3's plain PUT)."""
    for path in files:
        key = f"{prefix}/{path.relative_to(folder).as_posix()}"
        httpx.put(f"{endpoint}/{BUCKET}/{key}", content=path.read_bytes()).raise_for_status()


def test_an_upload_cut_short_is_refused_not_read_as_the_whole(
    endpoint: str, exported: Path
) -> None:
    # _paygrade.json goes up first; with 6 of 18 objects up, stats answered from 293
    # records of 220,738 as if they were the export, with status 0.
    data = sorted(exported.rglob("records-*.parquet"))
    _put(endpoint, exported, [exported / "_paygrade.json", *data[:2]], "partial")
    done = run("stats", "--from-parquet", f"s3://{BUCKET}/partial", env=_credentials(endpoint))
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"error: s3://{BUCKET}/partial holds part of an export: {len(data) - 2} of its "
        f"{len(data)} data files are missing (an upload cut short?); run the export again "
        "with --overwrite\n"
    )


def test_an_overwrite_cut_short_is_refused_not_read_as_a_mix_of_two_exports(
    endpoint: str, exported: Path, small_store: Store, tmp_path: Path
) -> None:
    # Each export had the same file names: a new _paygrade.json and some new files over the
    # earlier export's read as whole, each partition of one export or the other, status 0.
    # The objects such an upload leaves: the earlier export's data files, the newer
    # export's _paygrade.json (it goes up first) and the first three of its files.
    newer = tmp_path / "newer"
    export(small_store, newer)
    earlier = sorted(exported.rglob("records-*.parquet"))
    files = sorted(newer.rglob("records-*.parquet"))
    _put(endpoint, exported, earlier, "mixed")
    _put(endpoint, newer, [newer / "_paygrade.json", *files[:3]], "mixed")
    url, env = f"s3://{BUCKET}/mixed", _credentials(endpoint)
    cut = run("stats", "--from-parquet", url, env=env)
    assert (cut.returncode, cut.stdout) == (1, "")
    assert cut.stderr.startswith(f"error: {url} holds part of an export: {len(files) - 3} of")
    _put(endpoint, newer, files[3:], "mixed")  # all up; the earlier ones not yet deleted
    left = run("stats", "--from-parquet", url, env=env)
    assert (left.returncode, left.stderr) == (
        1,
        f"error: {url} holds {len(earlier)} data files its export does not list (an earlier "
        "export's: an upload cut short?); run the export again with --overwrite\n",
    )


@pytest.mark.parametrize(
    "question",
    [
        ("--by", "level", "--where", "role=ml_engineer"),
        ("--by", "metro,level", "--where", "country=US", "--local-prices"),
        ("--by", "source,year"),
    ],
    ids=["level", "metro-local-prices", "partitions"],
)
def test_stats_from_s3_equal_the_same_folder_read_locally(
    uploaded: str, exported: Path, endpoint: str, question: tuple[str, ...]
) -> None:
    # One process asks both (``run_each``): the local read shares no s3fs cache with the
    # remote one, and the process start (~1 s, s3fs and botocore loaded) was each one's.
    remote, local = run_each(
        ["stats", "--from-parquet", uploaded, *question, "--format", "json"],
        ["stats", "--from-parquet", exported, *question, "--format", "json"],
        env=_credentials(endpoint),
    )
    assert (remote.returncode, remote.stderr) == (0, "")
    assert local.returncode == 0, local.stderr
    assert remote.stdout == local.stdout
    assert '"n": ' in remote.stdout


def test_a_prefix_without_files_and_a_missing_bucket_are_one_line_each(
    uploaded: str, endpoint: str
) -> None:
    # One process asks both (``run_each``): two buckets, no listing of one the other's.
    empty, missing = run_each(
        ["stats", "--from-parquet", f"s3://{BUCKET}/nothing-here"],
        ["stats", "--from-parquet", "s3://no-such-bucket/records"],
        env=_credentials(endpoint),
    )
    assert (empty.returncode, empty.stdout) == (1, "")
    assert empty.stderr == f"error: s3://{BUCKET}/nothing-here holds no Parquet files\n"
    assert (missing.returncode, missing.stdout) == (1, "")
    assert missing.stderr == (
        "error: cannot read s3://no-such-bucket/records as Parquet records: "
        "FileNotFoundError: The specified bucket does not exist\n"
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("stats", "--from-parquet"), f"cannot read s3://{BUCKET}/records as Parquet records"),
        (("export", "--out"), f"cannot list s3://{BUCKET}/records"),
    ],
    ids=["stats", "export"],
)
def test_an_endpoint_nobody_answers_is_one_line_not_a_hang(
    small_db: Path, args: tuple[str, str], said: str
) -> None:
    # Nothing listens there; an export says so before it writes anything.
    env = {**_credentials(f"http://127.0.0.1:{_free_port()}"), "PAYGRADE_DB": str(small_db)}
    done = run(*args, f"s3://{BUCKET}/records", env=env, timeout=90)
    assert (done.returncode, done.stdout) == (1, "")
    (line,) = done.stderr.splitlines()
    assert line.startswith(
        f"error: {said}: EndpointConnectionError: Could not connect to the endpoint URL"
    ), line


def test_fsspec_reads_only_where_duckdb_cannot(monkeypatch: pytest.MonkeyPatch) -> None:
    con = duckdb.connect()
    assert object_store.reach(con, "/data/records") is None
    assert object_store.reach(con, "file:///data/records") is None
    assert con.list_filesystems() == []  # a local folder stays DuckDB's own
    monkeypatch.setattr(object_store, "_httpfs_installed", lambda con: True)
    assert object_store.reach(con, "s3://bucket/records") == "httpfs"
    assert con.list_filesystems() == []
    monkeypatch.setattr(object_store, "_httpfs_installed", lambda con: False)
    assert object_store.reach(con, "s3://bucket/records") == "fsspec"
    assert con.list_filesystems() == ["s3"]
    # A scheme no filesystem is known for: neither reader (DuckDB's error then says so).
    assert object_store.reach(duckdb.connect(), "nosuch://container/records") is None


def test_an_s3_filesystem_gives_a_dead_endpoint_up_within_bounds() -> None:
    filesystem = object_store.fsspec_filesystem("s3a")
    config = filesystem.config_kwargs
    assert config["connect_timeout"] == 10 and config["retries"]["total_max_attempts"] == 3
    # Not multiplied by s3fs's own tries again (5): 1,225 s against a silent endpoint.
    assert filesystem.retries == 1


# --- export --out s3://... ------------------------------------------------------------


def _names(endpoint: str, prefix: str) -> set[str]:
    """The objects under ``prefix`` of the bucket, relative to it (S3's own listing)."""
    listed = httpx.get(f"{endpoint}/{BUCKET}", params={"list-type": "2", "prefix": f"{prefix}/"})
    listed.raise_for_status()
    keys = [k.text or "" for k in ET.fromstring(listed.text).iter() if k.tag.endswith("Key")]
    return {key[len(prefix) + 1 :] for key in keys}


def _local_names(folder: Path) -> set[str]:
    return {
        os.path.relpath(os.path.join(root, f), folder)
        for root, _, files in os.walk(folder)
        for f in files
    }


def _named_alike(names: set[str]) -> set[str]:
    """``names`` less each export's own token in its data files' names."""
    return {_TOKEN.sub("records-*-", name) for name in names}


_TOKEN = re.compile(r"records-[0-9a-f]{8}-")


def test_an_export_to_s3_holds_the_local_exports_files_and_answers_alike(
    endpoint: str, exported: Path, small_db: Path, tmp_path: Path
) -> None:
    env = {**_credentials(endpoint), "PAYGRADE_DB": str(small_db)}
    url = f"s3://{BUCKET}/exports/records"
    done = run("export", "--out", url, env=env, cwd=tmp_path)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("wrote ") and f"(parquet) to {url}\n" in done.stdout
    assert list(tmp_path.iterdir()) == []  # it had made a local folder "s3:" and said done
    assert _named_alike(_names(endpoint, "exports/records")) == _named_alike(_local_names(exported))
    question = ("--by", "metro,level", "--where", "country=US", "--format", "json")
    # One process reads both (``run_each``), in a process of its own after the export's.
    remote, local = run_each(
        ["stats", "--from-parquet", url, *question],
        ["stats", "--from-parquet", exported, *question],
        env=env,
    )
    assert (remote.returncode, remote.stdout) == (0, local.stdout)


def test_overwrite_replaces_an_earlier_export_and_its_objects_since_gone(
    endpoint: str, exported: Path, small_db: Path
) -> None:
    env = {**_credentials(endpoint), "PAYGRADE_DB": str(small_db)}
    url = f"s3://{BUCKET}/again/records"
    assert run("export", "--out", url, env=env).returncode == 0
    again = run("export", "--out", url, env=env)
    assert (again.returncode, again.stderr) == (
        1,
        f"error: {url} holds an earlier export; pass --overwrite to replace it\n",
    )
    # A partition an earlier export had and this one does not (a source since dropped).
    gone = "source=gone/year=1999/data_0.parquet"
    data = next(exported.rglob("records-*-0.parquet")).read_bytes()
    httpx.put(f"{endpoint}/{BUCKET}/again/records/{gone}", content=data).raise_for_status()
    replaced = run("export", "--out", url, "--overwrite", env=env)
    assert (replaced.returncode, replaced.stderr) == (0, "")
    assert _named_alike(_names(endpoint, "again/records")) == _named_alike(_local_names(exported))


def test_a_prefix_holding_other_objects_is_left_alone(endpoint: str, small_db: Path) -> None:
    env = {**_credentials(endpoint), "PAYGRADE_DB": str(small_db)}
    httpx.put(f"{endpoint}/{BUCKET}/theirs/notes.txt", content=b"not ours").raise_for_status()
    done = run("export", "--out", f"s3://{BUCKET}/theirs", "--overwrite", env=env)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.startswith(
        f"error: s3://{BUCKET}/theirs holds objects that are not a paygrade export"
    )
    assert _names(endpoint, "theirs") == {"notes.txt"}


def test_a_file_url_is_its_local_folder(small_db: Path, tmp_path: Path) -> None:
    done = run("export", "--out", f"file://{tmp_path}/records", env={"PAYGRADE_DB": str(small_db)})
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "records" / "_paygrade.json").is_file()


def test_without_an_fsspec_filesystem_an_export_says_what_to_install(
    small_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(object_store, "fsspec_filesystem", lambda protocol: None)
    with pytest.raises(object_store.ObjectStoreError) as refusal:
        export(small_store, "s3://bucket/records")
    assert str(refusal.value) == (
        "cannot write to s3://bucket/records: install s3fs (pip install 'paygrade[s3]') "
        "to write s3:// through fsspec, or export to a local folder and copy it there"
    )


def test_one_object_and_an_upper_case_scheme_are_read(
    uploaded: str, exported: Path, endpoint: str
) -> None:
    # One object was "holds no Parquet files" (a local file is read alone); "S3://" was
    # "holds no Parquet files" too, and export to it a ParamValidationError cut off.
    env = _credentials(endpoint)
    one = next(exported.rglob("records-*-0.parquet")).relative_to(exported).as_posix()
    # One process reads the object and the local file (``run_each``); the upper-case
    # scheme is read in a process of its own, with no listing of the bucket cached.
    alone, local = run_each(
        ["stats", "--from-parquet", f"{uploaded}/{one}", "--format", "json"],
        ["stats", "--from-parquet", exported / one, "--format", "json"],
        env=env,
    )
    assert (alone.returncode, alone.stdout) == (0, local.stdout)
    upper = run("stats", "--from-parquet", uploaded.replace("s3://", "S3://"), env=env)
    assert (upper.returncode, upper.stderr) == (0, "")


@pytest.mark.parametrize(
    ("url", "said"),
    [
        (f"s3://{BUCKET}//records", f"s3://{BUCKET}//records: an empty step in the key ('//')"),
        (f"s3://me@{BUCKET}/r", f"s3://me@{BUCKET}/r: a bucket has no user or port (me@{BUCKET})"),
    ],
)
def test_a_url_no_key_can_be_read_back_from_is_refused(
    endpoint: str, small_db: Path, url: str, said: str
) -> None:
    # "s3://b//e3" wrote every object under a key with a leading "/": "wrote 220,738
    # records", then no URL read them back.
    env = {**_credentials(endpoint), "PAYGRADE_DB": str(small_db)}
    # One process asks both (``run_each``): each is refused before any request is sent.
    for done in run_each(("export", "--out", url), ("stats", "--from-parquet", url), env=env):
        assert (done.returncode, done.stdout, done.stderr) == (1, "", f"error: {said}\n")
