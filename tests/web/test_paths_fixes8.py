"""A 503 names no server path, a path with a space in it included: without_paths had cut
'IO Error: Could not read enough bytes from file "/home/ann/My Data/pay/b.duckdb": x' to
'... file "My Data/pay/b.duckdb": x', two of the server's folders told to any client."""

from __future__ import annotations

import duckdb
import pytest
from fastapi.testclient import TestClient

import paygrade.evidence
from paygrade.web.app import without_paths
from tests.web.test_serve_fixes import failing, small_client  # noqa: F401 (a fixture)

# What DuckDB says of a cut-short file in a folder whose name has a space (made up).
SPACED_BLOCK = (
    'IO Error: Could not read enough bytes from file "/home/ann/My Data/pay/b.published-1.duckdb"'
    ": attempted to read 262144 bytes from location 35926016"
)


@pytest.mark.parametrize(
    ("said", "told"),
    [
        ('file "/home/ann/My Data/pay/b.duckdb": x', 'file "b.duckdb": x'),
        ("file '/srv/pay day/x y.duckdb' gone", "file 'x y.duckdb' gone"),
        ("lock on `/a b/c d/e.duckdb`", "lock on `e.duckdb`"),
        ('"/srv/pay/s.duckdb" and /srv/other/t.duckdb', '"s.duckdb" and t.duckdb'),
        ("it's 1/2 of pay/year", "it's 1/2 of pay/year"),
    ],
)
def test_a_quoted_path_with_spaces_keeps_only_its_name(said: str, told: str) -> None:
    assert without_paths(said) == told


def test_a_damaged_store_in_a_folder_with_a_space_is_told_by_file_name(
    small_client: TestClient,  # noqa: F811 (the fixture imported above)
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(paygrade.evidence, "_page", failing(duckdb.IOException(SPACED_BLOCK)))
    got = small_client.get("/api/v1/records", params={"where": "source:csv"})
    assert got.status_code == 503
    detail = got.json()["detail"]
    assert 'file "b.published-1.duckdb"' in detail, detail
    assert "My Data" not in detail and "/home" not in detail and "pay/" not in detail
