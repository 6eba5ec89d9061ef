"""POST /api/v1/claims/check: the JSON of ``paygrade check-claims --format json`` for a text."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException
from pydantic import ConfigDict, Field

from paygrade.claims import MAX_FIGURES, MAX_TEXT, TooManyFigures, check_article, too_long
from paygrade.web.api.body import Body
from paygrade.web.deps import SOME_TEXT, ClaimsTurnDep, JsonOnlyDep, ReaderDep
from paygrade.web.problems import JSON_BODY, FieldProblems, Problem, problem

router = APIRouter(tags=["claims"])
# Bytes: MAX_TEXT characters however a client writes them, and room for the rest. A
# character escaped in JSON takes up to 12 bytes ("\ud83d\ude00"), as it does in a form
# ("%F0%9F%98%80"); at 256 KiB a text of 44,200 Japanese characters had been refused as
# too long when its JSON escaped them, which Python's json does by default.
MAX_BODY = 12 * MAX_TEXT + 16 * 1024
# The body limit's answer (app.py), in the characters a client counts, not bytes.
TOO_LARGE = (
    f"The body is over {MAX_BODY // 1024} KiB: at most {MAX_TEXT:,} characters of text are "
    "checked at once."
)


class ClaimsRequest(Body):
    """An article as plain text, Markdown or a web page's HTML (read as its text)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"text": "Senior ML engineers earn $150K-$180K."}]},
    )

    # Something to read: spaces alone were checked as a text of no claims (the page: 422).
    # Over MAX_TEXT is a 413 that names the limit (it was pydantic's 422).
    text: str = Field(min_length=1, pattern=SOME_TEXT, json_schema_extra={"maxLength": MAX_TEXT})


@router.post(
    "/claims/check",
    dependencies=[JsonOnlyDep, ClaimsTurnDep],
    responses={
        **JSON_BODY,
        413: {
            "model": Problem,
            "description": f"Text over {MAX_TEXT:,} characters or {MAX_FIGURES:,} salary "
            f"figures, or body over {MAX_BODY // 1024} KiB",
        },
        422: problem("No text", FieldProblems),
        429: {
            "model": Problem,
            "description": "More checks from this client in a minute than the server allows "
            "(PAYGRADE_CLAIMS_PER_MINUTE; Retry-After)",
        },
        503: {
            "model": Problem,
            "description": "No published store to answer from yet; or the server is "
            "checking as many texts as it runs at once (PAYGRADE_CLAIMS_AT_ONCE; Retry-After)",
        },
    },
)
def check(body: ClaimsRequest, current: ReaderDep) -> dict[str, Any]:
    """Every salary claim of the text with its verdict against the data, and the text's
    contradictions (the contract of ``paygrade check-claims --format json``). A web page's
    HTML is checked as its text, given back as ``checked_text``: claims' offsets count in it."""
    if said := too_long(body.text):  # in MCP's words: "text: is 60,000 characters long: ..."
        raise HTTPException(413, f"text: {said}")
    try:
        return check_article(current.store, body.text, most=MAX_FIGURES)
    except TooManyFigures as exc:  # too large to check at once, as a too long text: 413
        raise HTTPException(413, str(exc)) from None
