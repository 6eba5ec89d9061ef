"""What a dashboard builder found of the JSON API: a search typed with a combining accent,
empty answers without a word, 422s without ``errors``, a CSV that could not tell a rounded
or withheld row, and a ladder of no records without a word."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi.testclient import TestClient

from tests.conftest import run_each

DECOMPOSED = "Ore\u0301al"  # the é as macOS sends it: e and a combining acute accent


def test_a_search_typed_with_a_combining_accent_finds_the_company(
    client: TestClient, real_db: Path
) -> None:
    answer = client.get("/api/v1/companies", params={"search": DECOMPOSED})
    assert "L'Oréal" in [row["company"] for row in answer.json()]
    assert "X-Paygrade-Warning" not in answer.headers
    (cli,) = run_each(
        ["--db", real_db, "companies", "--search", DECOMPOSED.lower(), "--format", "json"]
    )
    assert "L'Oréal" in [row["company"] for row in json.loads(cli.stdout)], cli.stderr

