"""GET /records: the public rows behind a figure, paginated, each with its file and licence."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from paygrade.evidence import MAX_PAGE, MAX_PER_PAGE, PER_PAGE, records
from paygrade.store.snapshot import Reader
from paygrade.web import links
from paygrade.web.deps import ReaderDep, WhereParam, where_of
from paygrade.web.render import respond

router = APIRouter()


def pages(listing: dict[str, Any], per_page: int, include_flagged: bool = False) -> dict[str, Any]:
    """Links to the neighbouring pages of a listing (None at either end).

    Example:
        >>> pages({"page": 1, "pages": 3, "where": {"company": ["Google"]}}, 50)["next"]
        '/records?where=company%3AGoogle&page=2'
    """
    page, last = listing["page"], listing["pages"]
    extra = {
        "per_page": per_page if per_page != PER_PAGE else None,
        "include_flagged": "true" if include_flagged else None,
    }

    def url(number: int) -> str:
        return f"/records?{links.query((), listing['where'], page=number, **extra)}"

    return {
        "page": page,
        "pages": last,
        "previous": url(page - 1) if page > 1 else None,
        "next": url(page + 1) if page < last else None,
    }


def corrected(
    where: dict[str, list[Any]],
    unmatched: dict[str, Any],
    include_flagged: bool = False,
    per_page: int = PER_PAGE,
) -> list[dict[str, str]]:
    """For a value no record holds, each suggestion as the same listing with it instead
    (its page size too: it had been dropped).

    Example:
        >>> typo = {"field": "company", "value": "Gogle", "suggestions": ["Google"]}
        >>> corrected({"company": ["Gogle", "Meta"], "year": [2024]}, typo)[0]["url"]
        '/records?where=company%3AGoogle%2CMeta&where=year%3A2024'
    """
    field, wrong = unmatched["field"], unmatched["value"]
    return [
        {
            "label": str(value),
            "url": links.records_url(
                {**where, field: [value if v == wrong else v for v in where.get(field, [wrong])]},
                include_flagged=include_flagged,
                per_page=per_page if per_page != PER_PAGE else None,
            ),
        }
        for value in unmatched["suggestions"]
    ]


def records_page(
    current: Reader, clauses: list[str], page: int, per_page: int, include_flagged: bool = False
) -> dict[str, Any]:
    """The records page's data: one page of the listing, its neighbours, what is not listed.
    ``include_flagged``: records flagged implausible too (a figure that counts them links
    here with it), as the stats and records APIs take it.

    Example:
        >>> page = records_page(current, ["company:Google"], 1, 50)  # doctest: +SKIP
        >>> page["listing"]["rows"][0]["source"]  # doctest: +SKIP
        'h1b'
    """
    asked = where_of(current, clauses)
    listing = records(
        current.store, asked, page=page, per_page=per_page, include_flagged=include_flagged
    )
    if listing["page"] > listing["pages"]:  # a link older than the data: its last page
        last = listing["pages"]
        listing = records(
            current.store, asked, page=last, per_page=per_page, include_flagged=include_flagged
        )
    where = listing["where"]
    return {
        "title": "Records",
        "listing": listing,
        "include_flagged": include_flagged,
        "pages": pages(listing, per_page, include_flagged),
        "not_listed": sum(listing["not_listed"].values()),
        # Each value no record holds, its suggestions linked to the listing they would give.
        "unmatched": [
            {**u, "links": corrected(where, u, include_flagged, per_page)}
            for u in listing["unmatched"]
        ],
        "explore_url": "/explore?"
        + links.query(("source",), where, include_flagged="true" if include_flagged else None),
    }


@router.get("/records", include_in_schema=False)
def records_view(
    request: Request,
    current: ReaderDep,
    where: WhereParam = [],  # noqa: B006 - FastAPI copies defaults per request
    page: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE)] = PER_PAGE,
    include_flagged: bool = False,
) -> Response:
    """The records behind a figure: ``/records?where=company:Google&page=2``; with
    ``include_flagged=true``, those flagged implausible too."""
    answer = records_page(current, where, page, per_page, include_flagged)
    return respond(request, "records.html", answer)
