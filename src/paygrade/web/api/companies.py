"""GET /api/v1/companies and /api/v1/companies/{name}."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from paygrade.companies import companies as listing
from paygrade.companies import company_profile
from paygrade.web.deps import CacheDep, ReaderDep, WhereParam, where_of

router = APIRouter(tags=["companies"])


@router.get("/companies")
def companies(
    current: ReaderDep,
    where: WhereParam = [],  # noqa: B006 - FastAPI copies defaults per request
    search: Annotated[str | None, Query(max_length=200)] = None,
    min_n: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    limit: Annotated[int, Query(ge=1, le=20_000)] = 100,
) -> list[dict[str, Any]]:
    """Companies with n, distinct n, sources and the filed names merged into each."""
    filters = where_of(current, where)
    return listing(current.store, where=filters, search=search, min_n=min_n, limit=limit)


@router.get("/companies/{name}")
def company(current: ReaderDep, cache: CacheDep, name: str) -> dict[str, Any]:
    """One company: merged names, sources, pay by level, title, metro and year."""
    return cache.get_or_compute(  # type: ignore[no-any-return]
        current.version, ("company", name), lambda: company_profile(current.store, name)
    )
