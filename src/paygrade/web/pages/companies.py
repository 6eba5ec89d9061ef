"""GET /companies (a list with search) and /companies/{name}: pay by level, title, metro and
year, with the sources and the raw employer names merged into the company."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import RedirectResponse, Response

from paygrade.companies import companies
from paygrade.store.snapshot import Reader
from paygrade.web import links
from paygrade.web.answers import cached, stats_answer
from paygrade.web.cache import AnswerCache
from paygrade.web.deps import CacheDep, ReaderDep
from paygrade.web.pages.figures import figure, question
from paygrade.web.render import respond

router = APIRouter()
PER_PAGE = 100
TOP = 10  # titles and metros shown per pay component
Search = Annotated[str, Query(max_length=100, description="Part of a company or filed name")]


def company_list(current: Reader, cache: AnswerCache, search: str) -> list[dict[str, Any]]:
    """Companies matching ``search`` (all when empty), most records first, cached."""
    text = search.strip() or None
    found: list[dict[str, Any]] = cached(
        current, cache, ("companies", text), lambda: companies(current.store, search=text)
    )
    return found


def companies_page(
    current: Reader, cache: AnswerCache, search: str, page: int
) -> dict[str, Any]:
    """The company list's data: one page of companies matching the search, with links."""
    found = company_list(current, cache, search)
    pages = max(1, -(-len(found) // PER_PAGE))
    page = min(page, pages)
    shown = found[(page - 1) * PER_PAGE : page * PER_PAGE]

    def url(number: int) -> str:
        return f"/companies?{links.query(q=search or None, page=number)}"

    return {
        "title": "Companies",
        "search": search,
        "total": len(found),
        "companies": [{**c, "url": links.company_url(c["company"])} for c in shown],
        "pages": {
            "page": page,
            "pages": pages,
            "previous": url(page - 1) if page > 1 else None,
            "next": url(page + 1) if page < pages else None,
        },
    }


def _figures(
    current: Reader, cache: AnswerCache, where: dict[str, list[Any]], component: str
) -> list[dict[str, Any]]:
    """Pay by level, top titles, top metros and year, for one pay component."""
    asked = {**where, "pay_component": [component]}
    plan = (
        ("level", "by experience level", None),
        ("title", f"by title (the {TOP} with most records)", TOP),
        ("metro", f"by metro area (the {TOP} with most records)", TOP),
        ("year", "by year", None),
    )
    return [
        figure(
            current,
            cache,
            question((field,), asked, limit=limit),
            title=f"{component.capitalize()} pay {words}",
            figure_id=f"{component}-{field}",
        )
        for field, words, limit in plan
    ]


def company_page(current: Reader, cache: AnswerCache, name: str) -> dict[str, Any]:
    """A company's data: totals, sources, raw names, and figures per pay component."""
    overall = stats_answer(current, cache, question(("pay_component",), {"company": [name]}))
    if "no_match" in overall:
        raise HTTPException(404, f"No records for company {name!r}. {overall['no_match']['message']}")
    where = {"company": overall["where"]["company"]}
    listed = company_list(current, cache, "")
    entries = [c for c in listed if c["company"] in where["company"]]
    components = [group["key"]["pay_component"] for group in overall["groups"]]
    return {
        "title": where["company"][0],
        "company": where["company"][0],
        "n": sum(e["n"] for e in entries),
        "n_distinct": sum(e["n_distinct"] for e in entries),
        "sources": overall["sources"],
        "raw_names": [raw for e in entries for raw in e["raw_names"]],
        "pay_components": overall["groups"],
        "figures": [f for c in components for f in _figures(current, cache, where, c)],
        "records_url": links.records_url(where),
        "explore_url": links.explore_url(("pay_component", "level"), where),
    }


@router.get("/companies", include_in_schema=False)
def companies_index(
    request: Request,
    current: ReaderDep,
    cache: CacheDep,
    q: Search = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> Response:
    return respond(request, "companies.html", companies_page(current, cache, q, page))


@router.get("/companies/{name:path}", include_in_schema=False)
def company(request: Request, name: str, current: ReaderDep, cache: CacheDep) -> Response:
    data = company_page(current, cache, name)
    if data["company"] != name:  # GOOGLE LLC is Google: one address per company
        target = links.company_url(data["company"])
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(target + query, status_code=307)
    return respond(request, "company.html", data)
