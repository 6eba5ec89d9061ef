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


def test_a_min_n_that_leaves_no_company_says_so_with_the_most_any_has(
    client: TestClient, real_db: Path
) -> None:
    everyone = client.get("/api/v1/companies", params={"limit": 1}).json()[0]["n"]
    left = client.get("/api/v1/companies", params={"min_n": 100_000})
    assert left.json() == []
    assert left.headers["X-Paygrade-Warning"] == (
        f"no company has 100,000 records or more; the most is {everyone:,}: lower min_n"
    )
    boulder = {"where": 'metro:"Boulder, CO"'}
    most = client.get("/api/v1/companies", params={**boulder, "limit": 1}).json()[0]["n"]
    few = client.get("/api/v1/companies", params={**boulder, "min_n": most + 1})
    assert few.json() == []
    assert few.headers["X-Paygrade-Warning"] == (
        f"no company has {most + 1:,} records or more under these filters; "
        f"the most is {most:,}: lower min_n"
    )
    (cli,) = run_each(["--db", real_db, "companies", "--min-n", "100000", "--format", "json"])
    assert (cli.returncode, json.loads(cli.stdout)) == (0, [])
    assert cli.stderr.strip().endswith(f"the most is {everyone:,}: lower --min-n")
