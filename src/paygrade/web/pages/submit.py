"""GET/POST /submit: the salary submission form, CSRF-protected, over ``submissions.submit``.

The form posts to the same core call as ``POST /api/v1/submissions``: the
submission is validated there, each problem is shown next to its field, and a
valid one is queued as pending until someone approves it.
"""

from __future__ import annotations

from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from paygrade.normalize.submission import unknown_fields
from paygrade.records import LEVELS
from paygrade.submissions import BadSubmission, TooManySubmissions, receipt, received, submit
from paygrade.web import csrf
from paygrade.web.deps import ReaderIfAnyDep, SettingsDep
from paygrade.web.render import error_response

router = APIRouter()
MAX_BODY = 16_384  # bytes: a filled form is well under 2 kB
RECEIPT_LENGTH = 100  # a receipt (``submissions.receipt``) is 87 characters
# Said of a form over it, sent with a Content-Length or chunked (app.py's BodyLimit reads
# no more of one than this): a chunked one had been Starlette's 400 "Field exceeded
# maximum size of 16KB.".
TOO_LARGE = "The form is too large."
# (name, label, kind, hint); the order of the form. Numbers and amounts alike are text
# inputs (inputmode="decimal"): a type="number" input sends "" for what the browser cannot
# parse ("10+", "2024-25"), and the server never saw what was typed.
FIELDS: tuple[tuple[str, str, str, str], ...] = (
    ("title", "Job title", "text", "As on your contract, e.g. Senior Machine Learning Engineer"),
    ("company", "Company", "text", "Optional"),
    ("level", "Experience level", "select", "Optional"),
    ("years_experience", "Years of experience", "number", "Optional"),
    ("metro", "Metro area", "text", "A US metro area, or a city below (outside the US: the city)"),
    ("city", "City", "text", "Optional"),
    ("state", "US state (two letters)", "text", "Optional, e.g. CA"),
    ("country", "Country (ISO code)", "text", "Two letters, e.g. US"),
    ("base", "Base salary per year", "money", "e.g. 150,000"),
    ("bonus", "Bonus per year", "money", "Optional"),
    (
        "stock_per_year",
        "Stock per year",
        "money",
        "Optional: the grant's value divided by its years",
    ),
    ("year", "Year the pay applies to", "number", "e.g. 2025"),
    ("currency", "Currency (ISO code)", "text", "Optional; USD when empty"),
)
REQUIRED = ("title", "country", "base", "year")
# What a browser may fill in about the person (WCAG 1.3.5: the fields' purpose, named).
AUTOCOMPLETE = {
    "title": "organization-title",
    "company": "organization",
    "city": "address-level2",
    "state": "address-level1",
    "country": "country",
}


def form_fields(values: dict[str, str], errors: dict[str, str]) -> list[dict[str, Any]]:
    """The form's fields with what was typed and what is wrong with it.

    Example:
        >>> [f["name"] for f in form_fields({}, {})][:3]
        ['title', 'company', 'level']
    """
    return [
        {
            "name": name,
            "label": label,
            "kind": kind,
            "hint": hint,
            "required": name in REQUIRED,
            "value": values.get(name, ""),
            "error": errors.get(name),
            "options": list(LEVELS) if name == "level" else [],
            "autocomplete": AUTOCOMPLETE.get(name, "off"),
        }
        for name, label, kind, hint in FIELDS
    ]


def submit_page(
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    result: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The submit page's data: the fields (filled when sent back), errors, or the result.

    Example:
        >>> page = submit_page({"year": "soon"}, {"year": "must be a year", "total": "too much"})
        >>> [(f["value"], f["error"]) for f in page["fields"] if f["name"] == "year"]
        [('soon', 'must be a year')]
        >>> page["form_errors"], page["fields_marked"]
        (['too much'], True)
        >>> submit_page({}, {"rate": "too many submissions"})["fields_marked"]
        False
    """
    errors = errors or {}
    known = {name for name, *_ in FIELDS}
    return {
        "title": "Submit your salary",
        "fields": form_fields(values or {}, errors),
        "errors": errors,
        # "Correct the fields marked below" only when one is: a refusal of the whole form
        # (too many submissions, an unknown field) had said it with none marked.
        "fields_marked": any(name in known for name in errors),
        # A problem of no one field (total) is said once: not again when fields show it.
        "form_errors": [
            message
            for name, message in errors.items()
            if name not in known and message not in {errors.get(k) for k in known}
        ],
        "result": result,
    }


def _page(request: Request, data: dict[str, Any], status_code: int = 200) -> Response:
    return csrf.form_page(request, "submit.html", data, status_code)


@router.get("/submit", include_in_schema=False)
def submit_form(
    request: Request,
    settings: SettingsDep,
    sent: Annotated[str | None, Query(max_length=RECEIPT_LENGTH)] = None,
) -> Response:
    """The empty form, with a fresh CSRF token; after a submission (``sent``, its receipt),
    its thanks (a 404 for a receipt this site did not give: any number had been thanked)."""
    if sent is not None and not received(settings, sent):
        message = "this thanks link was not given by this site: send the form to submit a salary"
        return error_response(request, 404, message)
    # Received, its status not said: it may have been decided since ("pending" was said
    # of an approved or rejected one); nor its queue id, which counts the submissions.
    result = {"received": True} if sent is not None else None
    return _page(request, submit_page(result=result))


async def _form_values(request: Request) -> tuple[dict[str, str], dict[str, str]]:
    """The posted form, size-limited and CSRF-checked, as field -> stripped text; and the
    fields refused as sent, each with its problem: sent more than once (the last had been
    kept, unsaid), not UTF-8, or not a field of the form (dropped unsaid, where the API
    refuses it)."""
    if int(request.headers.get("content-length") or 0) > MAX_BODY:
        raise HTTPException(413, TOO_LARGE)
    form = await request.form(max_files=0, max_fields=len(FIELDS) + 2, max_part_size=MAX_BODY)
    csrf.check(request, form)
    sent = _fields_sent(form)
    twice = {
        name: f"sent {len(given)} times ({' and '.join(given[:3])}): send one"
        for name, given in sent.items()
        if len(given) > 1
    }
    # A percent-encoded byte that is no UTF-8 ("Caf%E9") is read as U+FFFD: it had been
    # queued so ("Caf\ufffd"), the letter lost without a word.
    garbled = {
        name: "is not UTF-8 text (a page or tool in another encoding sent it): send it as UTF-8"
        for name, given in sent.items()
        if any("\ufffd" in value for value in given)
    }
    # A field the form has not is refused as the API refuses it (it was dropped unsaid).
    refused = twice | garbled | unknown_fields(k for k in form if k != csrf.FIELD)
    return _first_values(sent), refused


def _fields_sent(form: FormData) -> dict[str, list[str]]:
    """Each field of the form, its values as sent (stripped)."""
    return {
        name: [v.strip() for v in form.getlist(name) if isinstance(v, str)] for name, *_ in FIELDS
    }


def _first_values(sent: dict[str, list[str]]) -> dict[str, str]:
    return {name: given[0] for name, given in sent.items() if given}


@router.post("/submit", include_in_schema=False)
async def submit_sent(request: Request, settings: SettingsDep, current: ReaderIfAnyDep) -> Response:
    """A sent form: 403 without its token (its own page's, out of date: the form again,
    filled as sent, nothing queued), 422 with errors by field, 429, or pending."""
    try:
        values, refused = await _form_values(request)
    except csrf.StaleToken as stale:
        values = _first_values(_fields_sent(stale.form))
        return _page(request, submit_page(values, {"token": csrf.SEND_AGAIN}), 403)
    if refused:
        return _page(request, submit_page(values, refused), 422)
    sent = {name: value for name, value in values.items() if value}
    try:
        await run_in_threadpool(
            partial(submit, store=current.store if current else None),
            settings,
            sent,
            _client(request),
        )
    except BadSubmission as exc:
        return _page(request, submit_page(values, exc.errors), 422)
    except TooManySubmissions as exc:
        response = _page(request, submit_page(values, {"rate": str(exc)}), 429)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    # Post/Redirect/Get: reloading the thanks sent the form again, a second submission.
    thanks = await run_in_threadpool(receipt, settings)
    return RedirectResponse(f"/submit?sent={thanks}", status_code=303)


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"
