"""GET /api/v1/compare: the same JSON as ``paygrade compare --format json``."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from paygrade.filters import MAX_VALUE_LENGTH
from paygrade.web.answers import compare_answer
from paygrade.web.deps import CacheDep, ReaderDep

router = APIRouter(tags=["compare"])
Text = Annotated[str | None, Query(max_length=MAX_VALUE_LENGTH)]


@router.get("/compare")
def compare(
    current: ReaderDep,
    cache: CacheDep,
    role: Annotated[str, Query(max_length=MAX_VALUE_LENGTH)],
    metro: Text = None,
    country: Text = None,
    level: Text = None,
) -> dict[str, Any]:
    """Surveys, H-1B filings, BLS OEWS and OFLC levels side by side for a place and role
    (the library says what is missing: "give either a metro or a country", as MCP)."""
    return compare_answer(current, cache, role=role, metro=metro, country=country, level=level)
