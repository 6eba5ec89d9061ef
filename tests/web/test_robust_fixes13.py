"""Carried robustness gaps of the web skins: a ladder refusal without ``errors``, a
page's JSON that raised on a number JSON cannot hold."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_a_level_no_path_starts_from_names_level_in_errors(client: TestClient) -> None:
    # `level=executive` is a level, but no path starts there: the 422 came without
    # ``errors`` ("the path starts from one of: ..."), where `level=wizard` named `level`.
    refused = client.get("/api/v1/ladder", params={"level": "executive"})
    assert refused.status_code == 422
    said = refused.json()["detail"]
    assert refused.json()["errors"] == {"level": said}
    assert said.startswith("level 'executive' ")
    assert "entry, mid, senior, staff, principal" in said
