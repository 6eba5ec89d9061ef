"""GET/POST /claims: "Check an article". Paste a text, get it back with each salary claim
highlighted and its verdict beside it (``claims.check_text``, as ``POST /api/v1/claims/check``).

The form is CSRF-protected by double submit like /submit, although it changes
nothing: a cross-site page should not be able to run checks in a visitor's name.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from paygrade.claims import (
    MAX_FIGURES,
    MAX_TEXT,
    NO_CLAIMS,
    TooManySubjects,
    check_text,
    not_text,
    too_long,
    too_many,
)
from paygrade.claims.html import article_text
from paygrade.store.snapshot import Reader
from paygrade.web import csrf
from paygrade.web.api.claims import MAX_BODY
from paygrade.web.deps import ClientDep, ReaderDep, claims_turn
from paygrade.web.render import error_response, wants_json

router = APIRouter()


def pieces(text: str, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The text cut into plain runs and claims, in order, for highlighting.

    Example:
        >>> claim = {"id": 0, "start": 5, "end": 10, "verdict": "consistent"}
        >>> [(p["text"], p["claim"] is not None) for p in pieces("Earn $150K now", [claim])]
        [('Earn ', False), ('$150K', True), (' now', False)]
    """
    out: list[dict[str, Any]] = []
    at = 0
    for claim in sorted(claims, key=lambda c: c["start"]):
        if claim["start"] > at:
            out.append({"text": text[at : claim["start"]], "claim": None})
        out.append({"text": text[claim["start"] : claim["end"]], "claim": claim})
        at = claim["end"]
    if at < len(text):
        out.append({"text": text[at:], "claim": None})
    return out


def claims_page(
    text: str = "", result: dict[str, Any] | None = None, error: str = ""
) -> dict[str, Any]:
    """The page's data: the text, and once checked its pieces, claims and contradictions.

    Example:
        >>> claims_page()["result"] is None
        True
    """
    return {
        "title": "Check an article",
        "text": text,
        "max_text": MAX_TEXT,
        "error": error,
        "result": result,
        "pieces": pieces(text, result["claims"]) if result else [],
        "no_claims": NO_CLAIMS,
    }


def refused(text: str) -> str:
    """Why the page checks no claim of a pasted text, or "" when it checks it: empty, too
    long, of too many figures (the API's rule, ``claims.too_many``), or binary data (the
    API's and the CLI's rule, ``claims.not_text``).

    Example:
        >>> refused("ML engineers earn $150K."), refused(" ")
        ('', 'Paste a text of 1 to 50,000 characters.')
        >>> refused("$150K\\x00")
        'Cannot read the text: it is binary data, not text (it holds NUL characters)'
    """
    if not text.strip():
        return f"Paste a text of 1 to {MAX_TEXT:,} characters."
    said = (f"text {over}" if (over := too_long(text)) else "") or not_text(text) or too_many(text)
    return said[:1].upper() + said[1:]  # a sentence of the page, as its others


def _page(request: Request, data: dict[str, Any], status_code: int = 200) -> Response:
    return csrf.form_page(request, "claims.html", data, status_code)


@router.get("/claims", include_in_schema=False)
def claims_form(request: Request) -> Response:
    """The empty form, with a fresh CSRF token."""
    return _page(request, claims_page())


@router.post("/claims", include_in_schema=False)
async def claims_sent(request: Request, current: ReaderDep, client: ClientDep) -> Response:
    """A pasted text: 403 without its token, 422 when empty or too long, 503 while the
    server checks as many texts as it may at once, else the check."""
    if int(request.headers.get("content-length") or 0) > MAX_BODY:
        raise HTTPException(413, "The text is too large.")
    form = await request.form(max_files=0, max_fields=3, max_part_size=MAX_BODY)
    try:
        csrf.check(request, form)
    except csrf.StaleToken:
        if wants_json(request):
            raise
        return _sent_again(request, form.getlist("text"))
    # Counted once the form is this site's: another site's refused posts (403) had used up
    # a visitor's checks of the minute, the page's and the API's.
    with claims_turn(request, client):
        # All of it in a worker thread: reading a page's HTML (0.16 s for the largest
        # form) and writing the answer's page had held every other request on the loop.
        return await run_in_threadpool(_checked_page, request, current, form.getlist("text"))


def _sent_again(request: Request, sent: list[Any]) -> Response:
    """The form again, its text as sent and a fresh token, for one whose token was out of
    date (the server restarted since its page was served): nothing checked. "Reload the
    page" had emptied it."""
    text = sent[0].replace("\r\n", "\n") if sent and isinstance(sent[0], str) else ""
    return _page(request, claims_page(text, error=csrf.SEND_AGAIN), 403)


def _checked_page(request: Request, current: Reader, sent: list[Any]) -> Response:
    """The page (or its JSON) for the form's ``text`` values: refused when sent twice,
    empty, too long, of too many figures or binary, or when its claims are of too many
    subjects, else checked."""
    if len(sent) > 1:  # the last had been checked, the first dropped
        error = f"The text was sent {len(sent)} times: send it once."
        if wants_json(request):
            return error_response(request, 422, error)
        first = sent[0] if isinstance(sent[0], str) else ""  # the form comes back filled
        return _page(request, claims_page(first, error=error), 422)
    text = sent[0].replace("\r\n", "\n") if sent and isinstance(sent[0], str) else ""
    text = article_text(text)  # a page's source pasted: shown and checked as its text
    if error := refused(text):
        if wants_json(request):  # {"detail": ...}, as every page's error
            return error_response(request, 422, error)
        # The whole text comes back, as sent (its tail had been cut off the form).
        return _page(request, claims_page(text, error=error), 422)
    # The page counts claims from 1 (its table, its markers), its JSON from 0 (the ids).
    counted_from = 0 if wants_json(request) else 1
    try:
        # The API's and MCP's bounds: its figures (counted above) and their subjects.
        result = check_text(current.store, text, counted_from, most=MAX_FIGURES)
    except TooManySubjects as exc:
        if wants_json(request):
            return error_response(request, 422, str(exc))
        return _page(request, claims_page(text, error=str(exc)), 422)
    return _page(request, claims_page(text, result))
