"""GET /api/v1/companies and /api/v1/companies/{name}."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from paygrade.companies import companies_said
from paygrade.records import MAX_LIMIT
from paygrade.web.answers import cached, company_answer, frozen
from paygrade.web.deps import CacheDep, ReaderDep, WhereParam, where_of
from paygrade.web.jsonbody import json_answer
from paygrade.web.numbers import Typed
from paygrade.web.problems import problem
from paygrade.web.render import header_text

router = APIRouter(tags=["companies"])


@router.get("/companies", response_model=list[dict[str, Any]])
def companies(
    response: Response,
    current: ReaderDep,
    cache: CacheDep,
    where: WhereParam = [],  # noqa: B006 - FastAPI copies defaults per request
    search: Annotated[str | None, Query(max_length=200)] = None,
    min_n: Annotated[int, Query(ge=1, le=1_000_000), Typed()] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT), Typed()] = 100,
) -> Response:
    """Companies with n, distinct n, sources and the filed names merged into each. A search
    that found none says so, and the names spelt nearest, in an ``X-Paygrade-Warning``
    header, as the CLI and MCP say it (``[]`` alone read as "no such company" and as
    "nothing there" alike); so do filters that leave no company, as stats.csv says it, and
    a list cut to ``limit``, as MCP says it (100 of 510 ML engineers' companies had come
    alone, read as every one)."""
    filters = where_of(current, where)

    def answer() -> tuple[list[dict[str, Any]], str | None]:
        return companies_said(current.store, where=filters, search=search, min_n=min_n, limit=limit)

    # Cached per data version like every answer; a new search is answered from the
    # companies listed once per version (companies.company_list).
    key = ("company list", frozen(filters), search, min_n, limit)
    cached_answer: tuple[list[dict[str, Any]], str | None] = cached(current, cache, key, answer)
    found, said = cached_answer
    if said is not None:
        response.headers["X-Paygrade-Warning"] = header_text(said)
    return json_answer(found, response)  # every company (limit=100000): 4 MB, off the loop


@router.get(
    "/companies/{name:path}",  # a name holding "/" too, as the page takes it (was a bare 404)
    responses={404: problem("No record names this company (the nearest are said)")},
)
def company(current: ReaderDep, cache: CacheDep, name: str) -> dict[str, Any]:
    """One company: merged names, sources, pay by level, title, metro and year."""
    return company_answer(current, cache, name)
