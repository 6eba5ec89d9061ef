"""A chart with no row: its axes had told a screen reader "values from $NaNundefined to
$NaNundefined" and nothing said why it was empty."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient


def labels(svg: str) -> list[str]:
    return re.findall(r'aria-label="([^"]*)"', svg)


@pytest.mark.parametrize("width", [800, 230])
def test_an_empty_stats_chart_says_no_records_match(client: TestClient, width: int) -> None:
    asked = {"by": "company", "where": "company:Zzyzxqq Widgets"}
    drawn = client.get("/charts/stats.svg", params={**asked, "width": width})
    assert drawn.status_code == 200
    said = " ".join(labels(drawn.text))
    assert "NaN" not in said and "undefined" not in said
    # The page's words ("No records match." and why), as /explore says them.
    message = client.get("/api/v1/stats", params=asked).json()["no_match"]["message"]
    assert f"No records match. {message}" in said


def test_a_chart_with_rows_still_spans_its_values(client: TestClient) -> None:
    drawn = client.get("/charts/stats.svg", params={"by": "level", "where": "role:ml_engineer"})
    assert any(re.search(r"X-axis titled .* values from \$\d", s) for s in labels(drawn.text))
    assert "No records match." not in drawn.text


def test_an_empty_compare_chart_says_nothing_matches(client: TestClient) -> None:
    asked = {"role": "research_scientist", "country": "DE", "level": "staff"}
    assert client.get("/api/v1/compare", params=asked).json()["rows"] == []
    said = " ".join(labels(client.get("/charts/compare.svg", params=asked).text))
    assert "NaN" not in said and "No records or official figures match." in said
