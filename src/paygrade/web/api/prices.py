"""GET /api/v1/local-prices: metros ranked by median pay, nominal and at US-average prices."""

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from paygrade.filters import MAX_VALUE_LENGTH
from paygrade.prices import LEADING_METROS, warned_factor_table
from paygrade.web.deps import CacheDep, ReaderDep
from paygrade.web.render import warn

router = APIRouter(tags=["local prices"])


@router.get("/local-prices")
def local_prices(
    current: ReaderDep,
    cache: CacheDep,
    response: Response,
    role: Annotated[str, Query(max_length=MAX_VALUE_LENGTH)] = "ml_engineer",
    metro: Annotated[list[str], Query(max_length=40)] = [],  # noqa: B006 - copied per request
) -> dict[str, Any]:
    """The same JSON as ``paygrade local-prices --format json``; what ``stats`` warns of
    the same question (records of the metros' states that name no metro) in
    ``X-Paygrade-Warning`` headers, one each."""
    metros = tuple(metro) or LEADING_METROS
    answer, warnings = cache.get_or_compute(
        current.version,
        ("local-prices", role, metros),
        lambda: warned_factor_table(current.store, role=role, metros=metros, face="api"),
    )
    warn(response, warnings)
    return answer  # type: ignore[no-any-return]
