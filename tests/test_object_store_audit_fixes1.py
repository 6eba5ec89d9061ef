"""One process asking of an object store twice (the library called twice, a kept CLI
process): fsspec keeps the filesystem, and the listings it read, for the process, and the
second question had been answered from the folder as the first saw it: "No files found
that match the pattern .../_tables/price_parities.parquet" of a file written since."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import cli_calls, run_each
from tests.test_object_store import (  # noqa: F401 - the S3 endpoint and export fixtures
    BUCKET,
    _credentials,
    _put,
    endpoint,
    exported,
    small_db,
)

pytest.importorskip("s3fs")
pytest.importorskip("moto")


def test_a_second_question_in_one_process_sees_files_written_since_the_first(
    endpoint: str,  # noqa: F811
    exported: Path,  # noqa: F811
) -> None:
    files = sorted(exported.rglob("*.parquet"))
    first, rest = files[:1], files[1:]
    assert first[0].parent.name == "_tables"  # a table file alone: no records yet
    url = f"s3://{BUCKET}/written-late"
    question = ["stats", "--from-parquet", url, "--by", "source", "--format", "json"]
    with cli_calls(_credentials(endpoint)) as calls:
        _put(endpoint, exported, first, "written-late")
        before = calls.run_each(question)[0]
        assert (before.returncode, before.stderr) == (1, f"error: {url} holds no Parquet files\n")
        _put(endpoint, exported, rest, "written-late")
        after = calls.run_each(question)[0]
    fresh = run_each(question, env=_credentials(endpoint))[0]  # a process of its own
    assert (fresh.returncode, fresh.stderr) == (0, "")
    # Was status 1, "cannot read ... No files found that match the pattern ...".
    assert (after.returncode, after.stderr, after.stdout) == (0, "", fresh.stdout)
