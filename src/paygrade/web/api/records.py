"""GET /api/v1/records: the public rows behind a figure, paginated."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from paygrade.evidence import MAX_PAGE, MAX_PER_PAGE, PER_PAGE, none_listed, past_last_page
from paygrade.evidence import records as listing
from paygrade.formats import asked_by
from paygrade.web.deps import ReaderDep, WhereParam, where_of
from paygrade.web.jsonbody import json_answer
from paygrade.web.numbers import Typed
from paygrade.web.render import header_text

router = APIRouter(tags=["records"])


@router.get("/records", response_model=dict[str, Any])
def records(
    response: Response,
    current: ReaderDep,
    where: WhereParam = [],  # noqa: B006 - FastAPI copies defaults per request
    page: Annotated[int, Query(ge=1, le=MAX_PAGE), Typed()] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE), Typed()] = PER_PAGE,
    include_flagged: bool = False,
    distinct_rows: bool = False,
) -> Response:
    """Rows with source, file, row number and licence; submitted salaries only counted.
    ``distinct_rows``: identical rows of a file listed once, as the stats count them. No
    record matching is said why in an ``X-Paygrade-Warning`` header, as the CLI says it; so is
    a ``page`` past the last, as MCP's ``records`` says it (a page of no rows had come without
    a word, read as "none match")."""
    filters = where_of(current, where)
    found = listing(
        current.store,
        filters,
        page=page,
        per_page=per_page,
        include_flagged=include_flagged,
        distinct_rows=distinct_rows,
    )
    said = none_listed(current.store, found, asked_by("--include-flagged", "api"))
    said = said or past_last_page(found)
    if said is not None:
        response.headers["X-Paygrade-Warning"] = header_text(said)
    return json_answer(found, response)  # 500 rows a page: written off the loop too
