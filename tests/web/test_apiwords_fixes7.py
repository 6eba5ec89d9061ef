"""A JSON body's mistakes in words, the same on every skin: an admin's reason sent as a
form, a body that is no object, a string holding half a character, an offer's error that
did not say which offer; and /openapi.json describing the body of every error answer."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

ADMIN = {"Authorization": f"Bearer {'a' * 32}"}  # the session client's token
JSON = {"Content-Type": "application/json"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}  # what curl -d sends
BODY_ROUTES = ["estimate", "offers/evaluate", "claims/check", "submissions"]
HALF = "holds half a character (the escape \\ud83d): send whole characters"


@pytest.mark.parametrize("decision", ["reject", "withdraw"])
def test_an_admins_reason_sent_as_a_form_is_415_as_every_post_says(
    client: TestClient, decision: str
) -> None:
    # It was 422 "input should be a valid dictionary or object to extract fields from",
    # filed under "request"; every other POST says 415 of a body that is not JSON.
    url = f"/api/v1/submissions/999999/{decision}"
    form = client.post(url, content=b'{"reason": "spam"}', headers={**ADMIN, **FORM})
    assert (form.status_code, form.json()) == (
        415, {"detail": "send JSON (Content-Type: application/json)"},
    )  # fmt: skip
    # No body at all still needs no content type: a decision without a reason.
    bare = client.post(url, headers=ADMIN)
    assert (bare.status_code, bare.json()) == (404, {"detail": "no submission has id 999999"})
    sent = client.post(url, json={"reason": "spam"}, headers=ADMIN)
    assert sent.status_code == 404


@pytest.mark.parametrize("route", BODY_ROUTES)
@pytest.mark.parametrize(
    ("body", "kind"),
    [(b"[]", "an array"), (b"null", "null"), (b"7", "a number"), (b'"text"', "a string")],
)
def test_a_body_that_is_no_object_says_what_it_is(
    client: TestClient, route: str, body: bytes, kind: str
) -> None:
    # Pydantic's "input should be a valid dictionary or object to extract fields from",
    # under an "errors" key "request" that names no field of any body.
    got = client.post(f"/api/v1/{route}", content=body, headers=JSON)
    assert (got.status_code, got.json()) == (
        422, {"detail": f"the body must be a JSON object, not {kind}", "errors": {}},
    )  # fmt: skip


def test_an_offer_that_is_no_object_says_what_it_is(client: TestClient) -> None:
    got = client.post("/api/v1/offers/evaluate", json={"offers": [{"base": 100_000}, 7]})
    said = "must be a JSON object, not a number"
    assert (got.status_code, got.json()) == (
        422, {"detail": f"offers.1: {said}", "errors": {"offers.1": said}},
    )  # fmt: skip


@pytest.mark.parametrize(
    ("route", "body", "field"),
    [
        ("claims/check", b'{"text": "ML pay \\ud83d"}', "text"),
        ("estimate", b'{"role": "ml\\ud83d"}', "role"),
        ("estimate", b'{"remote": "\\ud83d"}', "remote"),  # taken as sent: it was echoed
        ("offers/evaluate", b'{"offers": [{"base": 1e5, "name": "\\ud83d"}]}', "offers.0.name"),
        ("submissions", b'{"title": "\\ud83d", "country": "US", "year": 2024}', "title"),
    ],
)  # fmt: skip
def test_half_a_character_is_said_as_the_mcp_server_says_it(
    client: TestClient, route: str, body: bytes, field: str
) -> None:
    # "text: input should be a valid string, unable to parse raw data as a unicode string";
    # MCP: "params.arguments.text holds half a character (the escape \ud83d): ...".
    got = client.post(f"/api/v1/{route}", content=body, headers=JSON)
    assert (got.status_code, got.json()) == (
        422, {"detail": f"{field}: {HALF}", "errors": {field: HALF}},
    )  # fmt: skip


def test_half_a_character_in_a_key_of_the_body_names_the_body(client: TestClient) -> None:
    got = client.post("/api/v1/estimate", content=b'{"\\ud83d": 1}', headers=JSON)
    assert (got.status_code, got.json()) == (422, {"detail": f"the body {HALF}", "errors": {}})


def test_half_a_character_is_said_alike_by_the_api_and_the_mcp_server(
    client: TestClient,
) -> None:
    from paygrade.mcp_lines import noted

    text = '{"text": "\\ud83d"}'
    api = client.post("/api/v1/claims/check", content=text.encode(), headers=JSON).json()
    line = '{"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {"arguments": %s}}'
    mcp = noted(line % text)
    assert mcp is not None and mcp.error.data == f"params.arguments.text {api['errors']['text']}"


@pytest.mark.parametrize(
    ("offers", "detail"),
    [
        (
            [{"base": 100_000}, {"base": 185_000, "vesting": "10,20,30"}],
            "offers.1.vesting: vesting percentages sum to 60, not 100",
        ),
        (
            [{"base": 100_000, "vesting": "10,20,30"}],
            "offers.0.vesting: vesting percentages sum to 60, not 100",
        ),
        (  # an error of two fields: said of its offer
            [{"base": 100_000}, {"base": 100_000, "bonus": 5, "bonus_pct": 5}],
            "offers.1: give the target bonus as a percent or in dollars, not both",
        ),
    ],
)
def test_an_offers_error_says_which_offer_it_is_about(
    client: TestClient, offers: list[dict[str, Any]], detail: str
) -> None:
    # "vesting percentages sum to 60, not 100" did not say which of two offers; the body's
    # validation said "offers.0.base: ...", and errors named offers.1.vesting already.
    got = client.post("/api/v1/offers/evaluate", json={"offers": offers})
    assert (got.status_code, got.json()["detail"]) == (422, detail)
    assert set(got.json()["errors"].values()) == {detail.split(": ", 1)[1]}


def _declared(client: TestClient) -> dict[tuple[str, str], dict[str, Any]]:
    spec = client.get("/openapi.json").json()
    return {
        (method.upper(), path): operation["responses"]
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
    }


def test_every_error_answer_of_the_schema_has_a_body(client: TestClient) -> None:
    # 422 of submissions, offers, estimate and approve, 404 of /api/v1/companies/{name},
    # 503 of approve and estimate (and every 400, 413, 415 a body route declared) had a
    # description alone: a client generated from the schema read them as bodiless.
    bare = [
        f"{method} {path} {status}"
        for (method, path), responses in _declared(client).items()
        for status, response in responses.items()
        if not status.startswith(("2", "3"))
        and "schema" not in response.get("content", {}).get("application/json", {})
    ]
    assert bare == []


# Error answers the tests meet, each with the operation it comes from: each is declared.
MET = [
    ("POST", "/api/v1/submissions", {"json": {"title": "x"}}, 422),
    ("POST", "/api/v1/offers/evaluate", {"json": {"offers": [{"base": 1}]}}, 422),
    ("POST", "/api/v1/estimate", {"json": {}}, 422),
    ("POST", "/api/v1/estimate", {"json": {"role": "ml_engineer"}}, 503),  # no model here
    ("GET", "/api/v1/companies/{name}", {}, 404),
    ("POST", "/api/v1/submissions/{submission_id}/approve", {}, 404),
    ("POST", "/api/v1/submissions/{submission_id}/reject", {"content": b"x", "headers": FORM}, 415),
    ("POST", "/api/v1/submissions/{submission_id}/reject", {"content": b"{", "headers": JSON}, 400),
    ("POST", "/api/v1/claims/check", {"json": {"text": " "}}, 422),
]  # fmt: skip
FILLED = {"{name}": "Gogle Inc Nowhere", "{submission_id}": "999999"}


@pytest.mark.parametrize(("method", "template", "sent", "status"), MET)
def test_an_error_answer_met_is_declared_with_its_body(
    client: TestClient, method: str, template: str, sent: dict[str, Any], status: int
) -> None:
    path = template
    for name, value in FILLED.items():
        path = path.replace(name, value)
    got = client.request(method, path, headers={**ADMIN, **sent.pop("headers", {})}, **sent)
    assert got.status_code == status, got.text
    declared = _declared(client)[(method, template)][str(status)]
    schema = declared["content"]["application/json"]["schema"]
    assert schema["$ref"].rsplit("/", 1)[-1] in ("Problem", "FieldProblems")
    assert "detail" in got.json()
