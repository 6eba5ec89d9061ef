"""POST /api/v1/submissions (anyone, JSON only, limited per client) and the admin's queue:
GET /api/v1/submissions, POST /api/v1/submissions/{id}/approve and .../reject."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, GetCoreSchemaHandler, JsonValue, model_validator
from pydantic_core import CoreSchema

from paygrade import submissions
from paygrade.filters import not_given
from paygrade.normalize.submission import MAX_CHARS, field_problem, said_by_field
from paygrade.offer_inputs import OUTSIDE, told_outside
from paygrade.records import FIRST_YEAR, MAX_YEARS_EXPERIENCE
from paygrade.web.api.body import Body
from paygrade.web.deps import (
    AdminDep,
    ClientDep,
    JsonIfSentDep,
    JsonOnlyDep,
    ReaderIfAnyDep,
    SettingsDep,
)
from paygrade.web.numbers import Typed
from paygrade.web.problems import JSON_BODY, FieldProblems, problem
from paygrade.web.refusals import REFUSALS

router = APIRouter(tags=["submissions"])
_ADMIN_ANSWERS: dict[int | str, dict[str, Any]] = {
    401: problem("No admin token given"),
    403: problem("Wrong admin token"),
    404: problem("No such submission, or no admin token configured"),
}
# How long an approval waits for a CLI ingest to let go of the store before 503.
APPROVE_WAIT = 5.0
MAX_BODY = 16 * 1024
# Read as a query number is (``Typed``): "abc" had been pydantic's "input should be a valid
# integer, unable to parse string as an integer", where `paygrade approve abc` says "'abc'
# is not a number (...)"; "1_0" had been id 10.
SubmissionId = Annotated[int, Path(ge=1, le=2**62), Typed()]
EXAMPLE: dict[str, JsonValue] = {
    "title": "Senior Machine Learning Engineer",
    "company": "Google",
    "level": "senior",
    "years_experience": 6,
    "city": "Seattle",
    "state": "WA",
    "country": "US",
    "base": 180000,
    "bonus": 20000,
    "stock_per_year": 50000,
    "year": 2024,
}


# Pydantic's errors a submission's number is told in its own check's words: past a bound,
# and a year not whole (2024.5 was "input should be a valid integer, got a number with a
# fractional part", where the form and estimate say "must be a whole number, ...").
TOLD = OUTSIDE | {"int_from_float"}


@dataclass(frozen=True)
class Told:
    """Annotated metadata after a number's ``Field`` bound: a value past it is told what the
    submission's own check of field ``name`` says (``field_problem``), as the form is told,
    where pydantic's "input should be less than or equal to 60" had been said. The JSON
    Schema still gives the bound."""

    name: str

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return told_outside(handler(source), partial(field_problem, self.name), TOLD)


class SubmissionRequest(Body):
    """A self-reported salary. Amounts are per year in ``currency`` (USD by default);
    the place is a US metro, or a city (with its state in the US; outside it a metro
    given is taken as the city), or only the country. The
    schema gives types and sizes; ``submissions.validate`` decides the rest
    (vocabularies, codes, amounts in the product's bounds) and answers 422 per field."""

    # NaN (which Python's JSON reads) was "input should be greater than 0".
    model_config = ConfigDict(
        extra="forbid", allow_inf_nan=False, json_schema_extra={"examples": [EXAMPLE]}
    )

    title: str = Field(min_length=1, max_length=MAX_CHARS["title"])
    company: str | None = Field(None, max_length=MAX_CHARS["company"])
    level: str | None = Field(
        None, max_length=40, description="entry, mid, senior, staff, principal or executive"
    )
    years_experience: Annotated[
        float | None, Field(ge=0, le=MAX_YEARS_EXPERIENCE), Told("years_experience")
    ] = None
    metro: str | None = Field(
        None,
        max_length=MAX_CHARS["metro"],
        description='An OEWS metro name, e.g. "Seattle-Tacoma-Bellevue, WA" (or city + state)',
    )
    city: str | None = Field(
        None, max_length=MAX_CHARS["city"], description="With its state in the US"
    )
    # Codes or names ("WA" or "Washington", "DE" or "Germany"), read as the form and the
    # filters read them (paygrade.normalize.submission); anything else is a 422 naming it.
    state: str | None = Field(None, max_length=60, description="US state code or name")
    country: str = Field(max_length=60, description="ISO 3166 alpha-2 code or country name")
    base: Annotated[float, Field(gt=0), Told("base")] = Field(description="Base salary per year")
    bonus: Annotated[float, Field(ge=0), Told("bonus")] = Field(0.0, description="Bonus per year")
    stock_per_year: Annotated[float, Field(ge=0), Told("stock_per_year")] = Field(
        0.0, description="Equity vesting per year, at grant value"
    )
    year: Annotated[int, Field(ge=FIRST_YEAR), Told("year")] = Field(
        description="The year this pay applies to"
    )
    currency: str = Field("USD", max_length=40, description="ISO 4217 code")

    # "bonus": null was pydantic's "Input should be a valid number": null is not given.
    @model_validator(mode="before")
    @classmethod
    def _null_is_not_given(cls, data: Any) -> Any:
        return not_given(data, cls.model_fields)


class SubmissionAccepted(BaseModel):
    id: int
    status: Literal["pending"]


class RejectRequest(Body):
    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(None, max_length=submissions.MAX_REASON)


@router.post(
    "/submissions",
    status_code=201,
    dependencies=[JsonOnlyDep],
    responses={
        **JSON_BODY,
        413: problem("Body over 16 KiB"),
        422: problem("Invalid fields: `errors` maps each to what is wrong", FieldProblems),
        429: problem("Too many submissions from this client this hour (Retry-After)"),
    },
)
def submit(
    body: SubmissionRequest, settings: SettingsDep, client: ClientDep, current: ReaderIfAnyDep
) -> SubmissionAccepted:
    """Queue a salary as pending: it counts in statistics once an admin approves it.

    JSON only (415 otherwise), at most 16 KiB (413), a few per client an hour (429); a
    metro the data does not know is a 422 with the nearest names.
    """
    sent = body.model_dump(exclude_none=True)
    queued = submissions.submit(settings, sent, client, store=current.store if current else None)
    return SubmissionAccepted.model_validate(queued)


@router.get("/submissions", dependencies=[AdminDep], responses=_ADMIN_ANSWERS)
def listing(
    settings: SettingsDep,
    current: ReaderIfAnyDep,
    status: Literal["pending", "approved", "rejected", "all"] = "pending",
) -> list[dict[str, Any]]:
    """The queue, oldest first (admin token needed); each pending submission's
    ``warnings`` say what the data's rules make of it (null once decided)."""
    store = current.store if current else None
    return submissions.queue(settings, None if status == "all" else status, store)


@router.post(
    "/submissions/{submission_id}/approve",
    dependencies=[AdminDep],
    responses={
        **_ADMIN_ANSWERS,
        409: problem("Already approved or rejected"),
        422: problem("Refused at approval (e.g. a metro the store does not know)", FieldProblems),
        503: problem("An ingest holds the store: try again (Retry-After)"),
    },
)
def approve(settings: SettingsDep, submission_id: SubmissionId) -> dict[str, Any]:
    """Store a pending submission's base and total records and publish them (admin token
    needed); 503 while an ingest holds the store."""
    return submissions.approve_and_publish(settings, submission_id, wait=APPROVE_WAIT)


@router.post(
    "/submissions/{submission_id}/reject",
    dependencies=[AdminDep, JsonIfSentDep],
    responses={
        **_ADMIN_ANSWERS,
        **JSON_BODY,
        409: problem("Already approved or rejected"),
    },
)
def reject(
    settings: SettingsDep, submission_id: SubmissionId, body: RejectRequest | None = None
) -> dict[str, Any]:
    """Reject a pending submission, with an optional reason (admin token needed)."""
    return submissions.reject(settings, submission_id, body.reason if body else None)


@router.post(
    "/submissions/{submission_id}/withdraw",
    dependencies=[AdminDep, JsonIfSentDep],
    responses={
        **_ADMIN_ANSWERS,
        **JSON_BODY,
        409: problem("Not approved (pending or rejected)"),
        503: problem("An ingest holds the store: try again (Retry-After)"),
    },
)
def withdraw(
    settings: SettingsDep, submission_id: SubmissionId, body: RejectRequest | None = None
) -> dict[str, Any]:
    """Take an approved submission back out: its records stop counting, it is listed
    rejected, "withdrawn after approval" (admin token needed); 503 while an ingest holds
    the store."""
    reason = body.reason if body else None
    return submissions.withdraw_and_publish(settings, submission_id, reason, wait=APPROVE_WAIT)


_STATUS = {
    submissions.BadSubmission: 422,
    submissions.TooManySubmissions: 429,
    submissions.UnknownSubmission: 404,
    submissions.AlreadyDecided: 409,
}


async def refused(request: Request, exc: Exception) -> JSONResponse:
    """A submission error as its status: per-field ``errors`` for a bad one, Retry-After
    for one over the rate limit."""
    status = next((code for kind, code in _STATUS.items() if isinstance(exc, kind)), 422)
    body: dict[str, Any] = {"detail": str(exc)}
    headers = {}
    if isinstance(exc, submissions.BadSubmission):
        # Said as the schema's refusals are, "year: ...": the library's check had said
        # "bad submission: year: ..." of the year 2999, its schema "year: ..." of 1989.
        body["detail"], body["errors"] = said_by_field(exc.errors), exc.errors
    if isinstance(exc, submissions.TooManySubmissions):
        REFUSALS.note(request.scope, "submissions")
        headers["Retry-After"] = str(exc.retry_after)
    return JSONResponse(body, status_code=status, headers=headers)
