"""GET /companies (a list with search) and /companies/{name}: the company's profile
(``companies.company_profile``, the same object as ``/api/v1/companies/{name}``) as figures."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from paygrade.companies import PROFILE_TABLES, TOP, company_list
from paygrade.store.snapshot import Reader
from paygrade.web import links
from paygrade.web.again import shows_again
from paygrade.web.answers import StatsQuery, company_answer, frozen
from paygrade.web.cache import AnswerCache
from paygrade.web.deps import CacheDep, ReaderDep, search_too_long
from paygrade.web.numbers import Typed
from paygrade.web.pages.figures import figure
from paygrade.web.render import respond, sentence

router = APIRouter()
PER_PAGE = 100
# As long as a filter value (a filed name of 113 characters had been refused), checked by
# the route (``search_too_long``) so that the search box comes back with it, said.
Search = Annotated[str, Query(description="Part of a company or filed name")]
# The titles of the profile's tables (``companies.PROFILE_TABLES``: their questions, asked
# again for each chart and link).
PROFILE_TITLES = {
    "by_level": "Pay by experience level",
    "by_title": f"Pay by title (the {TOP} with most records)",
    "by_metro": f"Pay by metro area (the {TOP} with most records)",
    "by_state": f"Pay by US state (the {TOP} with most records)",
    "by_year": "Pay by year",
}


def _pages(search: str, page: int, pages: int) -> dict[str, Any]:
    def url(number: int) -> str:
        return f"/companies?{links.query(q=search or None, page=number)}"

    return {
        "page": page,
        "pages": pages,
        "previous": url(page - 1) if page > 1 else None,
        "next": url(page + 1) if page < pages else None,
    }


def companies_page(current: Reader, cache: AnswerCache, search: str, page: int) -> dict[str, Any]:
    """The company list's data: one page of companies matching the search, with links.

    Example:
        >>> companies_page(current, cache, "", 1)["companies"][0]["url"]  # doctest: +SKIP
        '/companies/Amazon'
    """
    every = company_list(current.store)  # kept per data version: a search reads it
    found = every.matching(search)
    near = [] if found else every.spelled_near(search)
    pages = max(1, -(-len(found) // PER_PAGE))
    page = min(page, pages)
    shown = found[(page - 1) * PER_PAGE : page * PER_PAGE]
    return {
        "title": "Companies",
        "search": search,
        "total": len(found),
        "companies": [{**c, "url": links.company_url(c["company"])} for c in shown],
        "pages": _pages(search, page, pages),
        "suggestions": [{"company": name, "url": links.company_url(name)} for name in near],
    }


def company_page(current: Reader, cache: AnswerCache, name: str) -> dict[str, Any]:
    """A company's data: its profile (as the API gives it) and the profile's figures.

    Example:
        >>> [f["id"] for f in company_page(current, cache, "Google")["figures"]]  # doctest: +SKIP
        ['by-level', 'by-title', 'by-metro', 'by-state', 'by-year']
    """
    found = company_answer(current, cache, name)
    where = {"company": [found["company"]]}
    figures = [
        figure(
            current,
            cache,
            StatsQuery(by=by, where=frozen(where), min_n=min_n, limit=limit),
            title=PROFILE_TITLES[key],
            figure_id=key.replace("_", "-"),
            result=found[key],
        )
        for key, by, min_n, limit in PROFILE_TABLES
    ]
    return {
        "title": found["company"],
        "profile": found,
        "figures": figures,
        "years": records_by_year(found["by_year"]),
        "records_url": links.records_url(where),
        "explore_url": links.explore_url(("pay_component", "level"), where),
    }


def records_by_year(by_year: dict[str, Any]) -> list[tuple[int, int]]:
    """(year, records) of a profile's table by pay component and year, each year once: a
    year of base and total pay had been listed twice, "2024 (11), 2024 (11)".

    Example:
        >>> records_by_year({"groups": [{"key": {"pay_component": "base", "year": 2024}, "n": 5},
        ...     {"key": {"pay_component": "total", "year": 2024}, "n": 11},
        ...     {"key": {"pay_component": "base", "year": 2019}, "n": 3}]})
        [(2019, 3), (2024, 16)]
    """
    years: dict[int, int] = {}
    for group in by_year["groups"]:
        years[group["key"]["year"]] = years.get(group["key"]["year"], 0) + group["n"]
    return sorted(years.items())


@router.get("/companies", include_in_schema=False)
def companies_index(
    request: Request,
    current: ReaderDep,
    cache: CacheDep,
    q: Search = "",
    page: Annotated[int, Query(ge=1, le=100_000), Typed()] = 1,
) -> Response:
    """Companies with records, most first: ``/companies?q=intel``; a search too long comes
    back in its box, said beside it (422)."""
    if said := search_too_long(request, q):
        refused = {"title": "Companies", "search": q, "error": said}
        return respond(request, "companies.html", refused, 422)
    return respond(request, "companies.html", companies_page(current, cache, q, page))


@router.get("/companies/{name:path}", include_in_schema=False)
def company(request: Request, name: str, current: ReaderDep, cache: CacheDep) -> Response:
    """One company's page; another spelling of it redirects to its own address."""
    canonical = company_answer(current, cache, name)["company"]
    if canonical != name:  # GOOGLE LLC is Google: one address per company
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(links.company_url(canonical) + query, status_code=307)
    return respond(request, "company.html", company_page(current, cache, name))


def companies_again(request: Request, said: str) -> Response:
    """The search box as sent, ``said`` beside it (422): ``page=0``, a parameter twice. A
    company's page, which has no form, comes back as this search with its name in the box
    (a name past its length: the bare error page had left no way on but "Home")."""
    search = request.query_params.get("q", request.path_params.get("name", ""))
    refused = {"title": "Companies", "search": search, "error": sentence(said)}
    return respond(request, "companies.html", refused, 422)


shows_again(companies_index, companies_again)
shows_again(company, companies_again)
