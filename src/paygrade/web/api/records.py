"""GET /api/v1/records: the public rows behind a figure, paginated."""

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response

from paygrade.evidence import MAX_PAGE, MAX_PER_PAGE, PER_PAGE
from paygrade.evidence import records as listing
from paygrade.web.deps import ReaderDep, WhereParam, where_of
from paygrade.web.jsonbody import json_answer
from paygrade.web.numbers import Typed

router = APIRouter(tags=["records"])


@router.get("/records", response_model=dict[str, Any])
def records(
    current: ReaderDep,
    where: WhereParam = [],  # noqa: B006 - FastAPI copies defaults per request
    page: Annotated[int, Query(ge=1, le=MAX_PAGE), Typed()] = 1,
    per_page: Annotated[int, Query(ge=1, le=MAX_PER_PAGE), Typed()] = PER_PAGE,
    include_flagged: bool = False,
    distinct_rows: bool = False,
) -> Response:
    """Rows with source, file, row number and licence; submitted salaries only counted.
    ``distinct_rows``: identical rows of a file listed once, as the stats count them."""
    filters = where_of(current, where)
    found = listing(
        current.store,
        filters,
        page=page,
        per_page=per_page,
        include_flagged=include_flagged,
        distinct_rows=distinct_rows,
    )
    return json_answer(found)  # 500 rows a page: written off the loop too
