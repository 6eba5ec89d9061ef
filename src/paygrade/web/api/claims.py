"""POST /api/v1/claims/check: the JSON of ``paygrade check-claims --format json`` for a text."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from paygrade.claims import check_article
from paygrade.web.deps import SOME_TEXT, JsonOnlyDep, ReaderDep
from paygrade.web.problems import JSON_BODY

router = APIRouter(tags=["claims"])
MAX_TEXT = 50_000  # characters: a long article; the body limit (bytes) is set in app.py
MAX_BODY = 256 * 1024  # bytes: MAX_TEXT characters of UTF-8 and JSON escapes fit


class ClaimsRequest(BaseModel):
    """An article as plain text, Markdown or a web page's HTML (read as its text)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"text": "Senior ML engineers earn $150K-$180K."}]},
    )

    # Something to read: spaces alone were checked as a text of no claims (the page: 422).
    text: str = Field(min_length=1, max_length=MAX_TEXT, pattern=SOME_TEXT)


@router.post(
    "/claims/check",
    dependencies=[JsonOnlyDep],
    responses={
        **JSON_BODY,
        413: {"description": "Body over 256 KiB"},
        422: {"description": "No text, or over 50,000 characters"},
    },
)
def check(body: ClaimsRequest, current: ReaderDep) -> dict[str, Any]:
    """Every salary claim of the text with its verdict against the data, and the text's
    contradictions (the contract of ``paygrade check-claims --format json``). A web page's
    HTML is checked as its text, given back as ``checked_text``: claims' offsets count in it."""
    return check_article(current.store, body.text)
