"""GET /records: the public rows behind a figure, paginated, each with its file and licence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import QueryParams

from paygrade.evidence import MAX_PAGE, MAX_PER_PAGE, PER_PAGE, none_listed, records
from paygrade.formats import asked_by
from paygrade.store.snapshot import Reader
from paygrade.web import links
from paygrade.web.again import reading, shows_again
from paygrade.web.answers import StatsQuery, frozen
from paygrade.web.deps import CacheDep, ReaderDep, WhereParam, where_of
from paygrade.web.numbers import Typed
from paygrade.web.pages.explore import (
    FILTERS,
    form_as_sent,
    form_state,
    held_values,
    sent_clauses,
    ticked_in,
)
from paygrade.web.render import respond

router = APIRouter()


@dataclass(frozen=True)
class Listing:
    """How a listing was asked besides its filters and page, which every link the page
    makes keeps (its neighbours, a suggestion's listing): its page size, ``include_flagged``
    (flagged records too) and ``distinct_rows`` (identical rows of a file once), each as
    the stats take it, so a figure's records link lists what the figure counted."""

    per_page: int = PER_PAGE
    include_flagged: bool = False
    distinct_rows: bool = False

    def url(self, where: dict[str, list[Any]], page: int | None = None) -> str:
        """The listing of ``where`` asked this way (its page ``page``).

        Example:
            >>> Listing(100, distinct_rows=True).url({"company": ["Meta"]}, 2)
            '/records?where=company%3AMeta&page=2&per_page=100&distinct_rows=true'
        """
        return links.records_url(
            where,
            page,
            include_flagged=self.include_flagged,
            distinct_rows=self.distinct_rows,
            per_page=self.per_page if self.per_page != PER_PAGE else None,
        )


def pages(listing: dict[str, Any], asked: Listing) -> dict[str, Any]:
    """Links to the neighbouring pages of a listing (None at either end).

    Example:
        >>> pages({"page": 1, "pages": 3, "where": {"company": ["Google"]}}, Listing())["next"]
        '/records?where=company%3AGoogle&page=2'
    """
    page, last, where = listing["page"], listing["pages"], listing["where"]
    return {
        "page": page,
        "pages": last,
        "previous": asked.url(where, page - 1) if page > 1 else None,
        "next": asked.url(where, page + 1) if page < last else None,
    }


def corrected(
    where: dict[str, list[Any]], unmatched: dict[str, Any], asked: Listing
) -> list[dict[str, str]]:
    """For a value no record holds, each suggestion as the same listing with it instead
    (its page size and options too: the page size had been dropped).

    Example:
        >>> typo = {"field": "company", "value": "Gogle", "suggestions": ["Google"]}
        >>> corrected({"company": ["Gogle", "Meta"], "year": [2024]}, typo, Listing())[0]["url"]
        '/records?where=company%3AGoogle%2CMeta&where=year%3A2024'
    """
    field, wrong = unmatched["field"], unmatched["value"]
    return [
        {
            "label": str(value),
            "url": asked.url(
                {**where, field: [value if v == wrong else v for v in where.get(field, [wrong])]}
            ),
        }
        for value in unmatched["suggestions"]
    ]


def _listing(
    current: Reader, where: dict[str, list[Any]], page: int, asked: Listing
) -> dict[str, Any]:
    return records(
        current.store,
        where,
        page=page,
        per_page=asked.per_page,
        include_flagged=asked.include_flagged,
        distinct_rows=asked.distinct_rows,
    )


def records_page(
    current: Reader, clauses: list[str], page: int, asked: Listing = Listing()
) -> dict[str, Any]:
    """The records page's data: one page of the listing, its neighbours, what is not listed.
    ``asked.include_flagged``: flagged records too; ``asked.distinct_rows``:
    identical rows of a file once (a figure asked with either links here with it), as the
    stats and records APIs take them.

    Example:
        >>> page = records_page(current, ["company:Google"], 1)  # doctest: +SKIP
        >>> page["listing"]["rows"][0]["source"]  # doctest: +SKIP
        'h1b'
    """
    filters = where_of(current, clauses)
    listing = _listing(current, filters, page, asked)
    if listing["page"] > listing["pages"]:  # a link older than the data: its last page
        listing = _listing(current, filters, listing["pages"], asked)
    where = listing["where"]
    return {
        "title": "Records",
        "listing": listing,
        "include_flagged": asked.include_flagged,
        "distinct_rows": asked.distinct_rows,
        "pages": pages(listing, asked),
        "not_listed": sum(listing["not_listed"].values()),
        # Each value no record holds, its suggestions linked to the listing they would give.
        "unmatched": [{**u, "links": corrected(where, u, asked)} for u in listing["unmatched"]],
        # Why none matches, as the API's warning and the CLI say it (the years a source holds).
        "none_listed": none_listed(current.store, listing, asked_by("--include-flagged", "api")),
        "explore_url": "/explore?"
        + links.query(
            ("source",),
            where,
            distinct_rows="true" if asked.distinct_rows else None,
            include_flagged="true" if asked.include_flagged else None,
        ),
    }


# The listing's options its form has a control for, each at its default left out of the URL
# the form sends (a page number is not one: a new question starts at its first page).
OPTIONS = ("per_page", "include_flagged", "distinct_rows")
DEFAULTS = {"per_page": str(PER_PAGE)}


def form_query(params: QueryParams) -> str:
    """The form's parameters (one per field, as /explore's form sends them) as the URL's
    ``where`` clauses, its options at their default left out, any other parameter kept.

    Example:
        >>> form_query(QueryParams("role=ml_engineer&company=Meta&level=&per_page=50"))
        'where=role%3Aml_engineer&where=company%3AMeta'
        >>> form_query(QueryParams("role=&where=year>=2024&per_page=100&include_flagged=true"))
        'where=year%3E%3D2024&per_page=100&include_flagged=true'
    """
    pairs = [("where", clause) for clause in sent_clauses(params)]
    pairs += [
        (name, value)
        for name in OPTIONS
        for value in params.getlist(name)
        if value.strip() and value.strip() != DEFAULTS.get(name)
    ]
    known = {"where", *FILTERS, *OPTIONS}
    pairs += [(name, value) for name, value in params.multi_items() if name not in known]
    return urlencode(pairs)


def records_form(
    held: dict[str, list[Any]], where: dict[str, list[Any]], clauses: list[str], asked: Listing
) -> dict[str, Any]:
    """The records form as a listing fills it (``where``, read from ``clauses``): every
    filter /explore's form has (``held``: the values of its pick lists), each clause on a
    field it has no control for kept as written, the page size and the two options.

    Example:
        >>> form = records_form({}, {"role": ["x"]}, ["role:x"], Listing())
        >>> form["per_page"], form["fields"][0]["value"], form["kept_where"]
        ('50', 'x', [])
    """
    asked_where = StatsQuery(where=frozen(where), clauses=tuple(clauses))
    filters = form_state(asked_where, held)
    return _form(filters, str(asked.per_page), asked.include_flagged, asked.distinct_rows)


def _form(filters: dict[str, Any], per_page: str, flagged: bool, distinct: bool) -> dict[str, Any]:
    return {
        "fields": filters["fields"],
        "kept_where": filters["kept_where"],
        "per_page": per_page,
        "max_per_page": MAX_PER_PAGE,
        "include_flagged": flagged,
        "distinct_rows": distinct,
    }


@router.get("/records", include_in_schema=False)
def records_view(
    request: Request,
    current: ReaderDep,
    cache: CacheDep,
    where: WhereParam = [],  # noqa: B006 - FastAPI copies defaults per request
    page: Annotated[int, Query(ge=1, le=MAX_PAGE), Typed()] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE), Typed()] = PER_PAGE,
    include_flagged: bool = False,
    distinct_rows: bool = False,
) -> Response:
    """The records behind a figure: ``/records?where=company:Google&page=2``; with
    ``include_flagged=true``, flagged ones too; with ``distinct_rows=true``,
    identical rows of a file once. Its form's fields (``role=ml_engineer``) are redirected
    (303) to the same listing as ``where`` clauses; a question it cannot answer comes back
    as the form as sent, the problem beside it (422)."""
    if any(name in request.query_params for name in FILTERS):  # the form was sent
        return RedirectResponse(f"/records?{form_query(request.query_params)}", status_code=303)
    asked = Listing(per_page, include_flagged, distinct_rows)
    data = records_page(current, where, page, asked)
    held = held_values(current, cache)
    data["form"] = records_form(held, data["listing"]["where"], where, asked)
    return respond(request, "records.html", data)


def records_again(request: Request, said: str) -> Response:
    """The records form as sent, ``said`` beside it and no listing (422)."""
    params = request.query_params
    with reading(request) as (current, cache):
        # Its form's fields too: a form refused before its redirect (per_page=0) is sent so.
        filters = form_as_sent(current, cache, "", sent_clauses(params), {})
    ticked = [ticked_in(params, name) for name in ("include_flagged", "distinct_rows")]
    form = _form(filters, params.get("per_page", str(PER_PAGE)), *ticked)
    data = {"title": "Records", "form": form, "listing": None, "error": said}
    return respond(request, "records.html", data, 422)


records_view.reads_also = lambda _params: tuple(FILTERS)  # type: ignore[attr-defined]
shows_again(records_view, records_again)
