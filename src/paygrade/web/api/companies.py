"""GET /api/v1/companies and /api/v1/companies/{name}."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from paygrade.companies import companies as listing
from paygrade.companies import missed
from paygrade.records import MAX_LIMIT
from paygrade.web.answers import cached, company_answer, frozen
from paygrade.web.deps import CacheDep, ReaderDep, WhereParam, where_of
from paygrade.web.render import header_text

router = APIRouter(tags=["companies"])


@router.get("/companies")
def companies(
    response: Response,
    current: ReaderDep,
    cache: CacheDep,
    where: WhereParam = [],  # noqa: B006 - FastAPI copies defaults per request
    search: Annotated[str | None, Query(max_length=200)] = None,
    min_n: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
) -> list[dict[str, Any]]:
    """Companies with n, distinct n, sources and the filed names merged into each. A search
    that found none says so, and the names spelt nearest, in an ``X-Paygrade-Warning``
    header, as the CLI and MCP say it (``[]`` alone read as "no such company" and as
    "nothing there" alike)."""
    filters = where_of(current, where)
    # Cached per data version like every answer: a search reads every company's names.
    key = ("company list", frozen(filters), search, min_n, limit)
    found: list[dict[str, Any]] = cached(
        current,
        cache,
        key,
        lambda: listing(current.store, where=filters, search=search, min_n=min_n, limit=limit),
    )
    if (said := missed(current.store, search, found)) is not None:
        response.headers["X-Paygrade-Warning"] = header_text(said)
    return found


@router.get(
    "/companies/{name}",
    responses={404: {"description": "No record names this company (the nearest are said)"}},
)
def company(current: ReaderDep, cache: CacheDep, name: str) -> dict[str, Any]:
    """One company: merged names, sources, pay by level, title, metro and year."""
    return company_answer(current, cache, name)
