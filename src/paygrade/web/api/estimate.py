"""POST /api/v1/estimate: the same JSON as ``paygrade estimate --format json``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse
from pydantic import (
    ConfigDict,
    Field,
    JsonValue,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)

from paygrade.estimate.profile import LONGEST, BadProfile, check_profile
from paygrade.estimate.service import warned_estimate
from paygrade.filters import not_given
from paygrade.records import REMOTE_WRITTEN, PaygradeError
from paygrade.web.answers import model_for
from paygrade.web.api.body import Body
from paygrade.web.deps import SOME_TEXT, JsonOnlyDep, ReaderDep, SettingsDep
from paygrade.web.pages.estimate import field_at_fault
from paygrade.web.problems import JSON_BODY, FieldProblems, problem
from paygrade.web.render import header_text

router = APIRouter(tags=["estimate"])
# Base pay's newest year and total pay's differ (2023, 2025): the answer's ``year`` says it.
YEAR_DEFAULT = "Default: the newest year of the pay component's records the model learned"
Text = Annotated[str | None, Field(None, max_length=LONGEST)]
EXAMPLE: dict[str, JsonValue] = {
    "role": "ml_engineer",
    "level": "senior",
    "company": "Google",
    "metro": "San Jose-Sunnyvale-Santa Clara, CA",
    "pay_component": "base",
}


# A field given: a value, not null, and text not only spaces (``check_profile`` drops
# those). Applied to a field as well as its own schema, so a number stays a number.
GIVEN: dict[str, JsonValue] = {"type": ["string", "number"], "pattern": SOME_TEXT}


def _some_field_given(schema: dict[str, JsonValue]) -> None:
    """Say in the schema what the estimator needs: at least one profile field given
    (``pay_component`` is none), so a client generated from /openapi.json knows that
    ``{}`` is refused (422, "describe the profile: give at least one field")."""
    schema["examples"] = [EXAMPLE]
    fields = [name for name in EstimateRequest.model_fields if name != "pay_component"]
    schema["anyOf"] = [{"required": [name], "properties": {name: GIVEN}} for name in fields]


# A number, or the word the survey answers with, as the CLI, the page and MCP read it:
# taken as sent, for the profile's check to refuse in their words. Why: pydantic's union
# refused 50.5, 1e20, {} and a 50-character word with its branches' names ("remote.int:
# ...; remote.constrained-str: ...") where they said "remote must be 0, 50 or 100 (...)".
# ``Body`` still refuses true and false: the union's kinds are a number's.
Remote = Annotated[
    float | str | None,
    PlainValidator(lambda value: value),
    PlainSerializer(lambda value: value),  # as sent too: 50 and {} are no float or str
    WithJsonSchema(
        {"anyOf": [{"type": "number"}, {"type": "string", "maxLength": LONGEST}, {"type": "null"}]}
    ),
]


# A whole number, taken as sent for the profile's check to refuse one not whole in its
# words ("year must be a whole number, got 2024.5", as the CLI, the page and MCP say it),
# where pydantic's int had said "input should be a valid integer, got a number with a
# fractional part". The schema still says an integer: the one kind of year answered.
def _number_as_sent(value: Any) -> Any:
    """A number as sent (2024.5 kept for the profile's check), anything else refused.

    Example:
        >>> _number_as_sent(2024.5), _number_as_sent(None)
        (2024.5, None)
        >>> _number_as_sent([2024])
        Traceback (most recent call last):
        ValueError: input should be a number
    """
    if value is None or isinstance(value, int | float):
        return value
    raise ValueError("input should be a number")


Year = Annotated[
    float | None,
    PlainValidator(_number_as_sent),
    PlainSerializer(lambda value: value),
    WithJsonSchema({"anyOf": [{"type": "integer"}, {"type": "null"}]}),
]


class EstimateRequest(Body):
    """A profile: any of these fields (missing ones are unknown), at least one of them
    given (not null, not blank). Values are checked like the CLI's (vocabularies,
    ranges); text is matched to the data's spelling."""

    model_config = ConfigDict(
        extra="forbid", allow_inf_nan=False, json_schema_extra=_some_field_given
    )

    role: Text = None
    level: Text = None
    years_experience: float | None = Field(None, description="0-60")
    title: Text = None
    company: Text = None
    metro: Text = None
    state: Text = None
    country: Text = None
    company_size: Text = None
    industry: Text = None
    education: Text = None
    specialization: Text = None
    remote: Remote = Field(None, description=f"the remote share: {REMOTE_WRITTEN}")
    year: Year = Field(None, description=YEAR_DEFAULT)
    pay_component: Literal["total", "base"] = "total"

    # "pay_component": null was "Input should be 'total' or 'base'": null is not given.
    @model_validator(mode="before")
    @classmethod
    def _null_is_not_given(cls, data: Any) -> Any:
        return not_given(data, cls.model_fields)


@router.post(
    "/estimate",
    response_model=dict[str, Any],  # a refused profile is returned as its own JSONResponse
    dependencies=[JsonOnlyDep],
    responses={
        **JSON_BODY,
        413: problem("Body over 16 KiB"),
        422: problem(
            "A profile value is impossible or unknown: `errors` maps the field at fault, "
            "when one is, to what is wrong",
            FieldProblems,
        ),
        503: problem(
            "No model trained yet (`paygrade train`); with Retry-After while one is being trained"
        ),
    },
)
def estimate(
    body: EstimateRequest, current: ReaderDep, settings: SettingsDep, response: Response
) -> dict[str, Any] | JSONResponse:
    """Median, 80% range, factors and similar-record count for a profile; a model trained
    on older data than the server's, a value no record holds ("no record has company
    'Gogle'; did you mean Google?"), or one the model cannot weigh ("not learned: title",
    "total pay's records hold no company") adds an ``X-Paygrade-Warning`` header, one a
    warning (they hold "; " themselves). A refused profile names its field at fault, when
    one is, in ``errors`` (as the body's validation errors do). ``coverage`` (0.8) is the
    range's aim, ``measured_coverage`` what it held of the held-out records at training.

    Each factor ``{"field", "value", "effect_pct"}``: the profile's median is
    ``effect_pct`` % above (below, if negative) the median of the same profile with
    ``field`` replaced by the mix of its values in the training records (in the
    proportions they occur, unknown included); largest first. Deltas of the model,
    not causes. A metro implies its state and country."""
    profile = body.model_dump(exclude={"pay_component"}, exclude_none=True)
    try:
        check_profile(profile)  # a bad profile is the asker's to mend (422), model or none
    except PaygradeError as exc:
        return refused_profile(exc, profile)
    model = model_for(settings)
    try:
        result, said = warned_estimate(
            current.store, model, profile, body.pay_component, public=True
        )
    except BadProfile as exc:  # a metro with a state none of its records is in
        return refused_profile(exc, profile)
    # One header a warning: they hold "; " and ", " themselves ("...; did you mean Seattle-
    # Tacoma-Bellevue, WA?"), so no separator joining them could be split again.
    for warning in said:
        response.headers.append("X-Paygrade-Warning", header_text(warning))
    return result


def refused_profile(exc: PaygradeError, profile: dict[str, Any]) -> JSONResponse:
    """A profile refused, as 422 ``{"detail"}``, and ``errors`` naming the field at fault
    when one is (as the page marks it, ``field_at_fault``), as the body's validation errors
    name theirs: "10+" had ``errors``, -1 none.

    Example:
        >>> said = "years of experience are 0 to 60, not -1"
        >>> refused = refused_profile(PaygradeError(said), {"role": "x", "years_experience": -1.0})
        >>> refused.status_code, refused.body.endswith(b'"errors":{"years_experience":"' +
        ...     said.encode() + b'"}}')
        (422, True)
    """
    # Each field refused alone again as sent: a value no text stands for ("remote": {}) too.
    body: dict[str, Any] = {"detail": str(exc)}
    if (field := field_at_fault(exc, profile)) is not None:
        body["errors"] = {field: str(exc)}
    return JSONResponse(body, status_code=422)
