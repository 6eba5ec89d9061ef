"""GET /api/v1/stats: the same JSON as ``paygrade stats --format json``."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from paygrade.stats import stats as compute
from paygrade.web.deps import ByParam, CacheDep, ReaderDep, WhereParam, fields_of, where_of

router = APIRouter(tags=["stats"])


@router.get("/stats")
def stats(
    current: ReaderDep,
    cache: CacheDep,
    by: ByParam = "",
    where: WhereParam = [],  # noqa: B006 - FastAPI copies defaults per request
    distinct_rows: bool = False,
    real: bool = False,
    include_flagged: bool = False,
    min_n: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    limit: Annotated[int | None, Query(ge=1, le=100_000)] = None,
    local_prices: bool = False,
) -> dict[str, Any]:
    """Percentiles, n, distinct n and the median's CI per group (filters as the CLI's)."""
    fields = fields_of(by)
    filters = where_of(current, where)
    key = (
        "stats",
        tuple(fields),
        _frozen(filters),
        distinct_rows,
        real,
        include_flagged,
        min_n,
        limit,
        local_prices,
    )
    return cache.get_or_compute(  # type: ignore[no-any-return]
        current.version,
        key,
        lambda: compute(
            current.store,
            fields,
            filters,
            distinct_rows=distinct_rows,
            value="amount_usd_real" if real else "amount_usd",
            include_flagged=include_flagged,
            min_n=min_n,
            limit=limit,
            local_prices=local_prices,
        ),
    )


def _frozen(filters: dict[str, list[Any]]) -> tuple[tuple[str, tuple[Any, ...]], ...]:
    return tuple(sorted((name, tuple(values)) for name, values in filters.items()))
