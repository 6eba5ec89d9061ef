"""POST /api/v1/submissions (anyone, JSON only, limited per client) and the admin's queue:
GET /api/v1/submissions, POST /api/v1/submissions/{id}/approve and .../reject."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from paygrade import submissions
from paygrade.normalize.submission import MAX_CHARS
from paygrade.web.deps import AdminDep, ClientDep, JsonOnlyDep, SettingsDep

router = APIRouter(tags=["submissions"])
# How long an approval waits for a CLI ingest to let go of the store before 503.
APPROVE_WAIT = 5.0
MAX_BODY = 16 * 1024
SubmissionId = Annotated[int, Path(ge=1, le=2**62)]


class SubmissionRequest(BaseModel):
    """A self-reported salary. Amounts are per year in ``currency`` (USD by default);
    the place is a metro, or a city with its US state, or only the country."""

    model_config = ConfigDict(extra="forbid")

    title: str = Field(max_length=MAX_CHARS["title"], examples=["Machine Learning Engineer"])
    company: str | None = Field(None, max_length=MAX_CHARS["company"], examples=["Google"])
    level: str | None = Field(
        None, max_length=40, description="entry, mid, senior, staff, principal or executive"
    )
    years_experience: float | None = Field(None, examples=[6])
    metro: str | None = Field(
        None, max_length=MAX_CHARS["metro"], examples=["Seattle-Tacoma-Bellevue, WA"]
    )
    city: str | None = Field(None, max_length=MAX_CHARS["city"], examples=["Seattle"])
    state: str | None = Field(None, max_length=10, description="US state code", examples=["WA"])
    country: str = Field(max_length=10, description="ISO 3166 alpha-2 code", examples=["US"])
    base: float = Field(description="Base salary per year", examples=[180000])
    bonus: float = Field(0.0, description="Bonus per year")
    stock_per_year: float = Field(0.0, description="Equity vesting per year, at grant value")
    year: int = Field(description="The year this pay applies to", examples=[2024])
    currency: str = Field("USD", max_length=10, description="ISO 4217 code")


class SubmissionAccepted(BaseModel):
    id: int
    status: Literal["pending"]


class RejectRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(None, max_length=submissions.MAX_REASON)


@router.post(
    "/submissions",
    status_code=201,
    dependencies=[JsonOnlyDep],
    responses={413: {}, 415: {}, 422: {}, 429: {}},
)
def submit(body: SubmissionRequest, settings: SettingsDep, client: ClientDep) -> SubmissionAccepted:
    """Queue a salary as pending: it counts in statistics once an admin approves it.

    JSON only (415 otherwise), at most 16 KiB (413), a few per client an hour (429).
    """
    queued = submissions.submit(settings, body.model_dump(exclude_none=True), client)
    return SubmissionAccepted.model_validate(queued)


@router.get("/submissions", dependencies=[AdminDep])
def listing(
    settings: SettingsDep,
    status: Literal["pending", "approved", "rejected", "all"] = "pending",
) -> list[dict[str, Any]]:
    """The queue, oldest first (admin token needed)."""
    return submissions.queue(settings, None if status == "all" else status)


@router.post("/submissions/{submission_id}/approve", dependencies=[AdminDep])
def approve(settings: SettingsDep, submission_id: SubmissionId) -> dict[str, Any]:
    """Store a pending submission's base and total records and publish them (admin token
    needed); 503 while an ingest holds the store."""
    return submissions.approve_and_publish(settings, submission_id, wait=APPROVE_WAIT)


@router.post("/submissions/{submission_id}/reject", dependencies=[AdminDep])
def reject(
    settings: SettingsDep, submission_id: SubmissionId, body: RejectRequest | None = None
) -> dict[str, Any]:
    """Reject a pending submission, with an optional reason (admin token needed)."""
    return submissions.reject(settings, submission_id, body.reason if body else None)


_STATUS = {
    submissions.BadSubmission: 422,
    submissions.TooManySubmissions: 429,
    submissions.UnknownSubmission: 404,
    submissions.AlreadyDecided: 409,
}


async def refused(_request: Request, exc: Exception) -> JSONResponse:
    """A submission error as its status: per-field ``errors`` for a bad one, Retry-After
    for one over the rate limit."""
    status = next((code for kind, code in _STATUS.items() if isinstance(exc, kind)), 422)
    body: dict[str, Any] = {"detail": str(exc)}
    headers = {}
    if isinstance(exc, submissions.BadSubmission):
        body["errors"] = exc.errors
    if isinstance(exc, submissions.TooManySubmissions):
        headers["Retry-After"] = str(exc.retry_after)
    return JSONResponse(body, status_code=status, headers=headers)
