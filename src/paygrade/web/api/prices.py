"""GET /api/v1/local-prices: metros ranked by median pay, nominal and at US-average prices."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from paygrade.prices import LEADING_METROS, factor_table
from paygrade.web.deps import CacheDep, ReaderDep

router = APIRouter(tags=["local prices"])


@router.get("/local-prices")
def local_prices(
    current: ReaderDep,
    cache: CacheDep,
    role: Annotated[str, Query(max_length=40)] = "ml_engineer",
    metro: Annotated[list[str], Query(max_length=40)] = [],  # noqa: B006 - copied per request
) -> dict[str, Any]:
    """The same JSON as ``paygrade local-prices --format json``."""
    metros = tuple(metro) or LEADING_METROS
    return cache.get_or_compute(  # type: ignore[no-any-return]
        current.version,
        ("local-prices", role, metros),
        lambda: factor_table(current.store, role=role, metros=metros),
    )
