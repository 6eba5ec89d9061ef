"""GET /api/v1/compare: the same JSON as ``paygrade compare --format json``."""

from typing import Annotated, Any

from fastapi import APIRouter, Query

from paygrade.records import BadFilter
from paygrade.web.answers import compare_answer
from paygrade.web.deps import CacheDep, ReaderDep

router = APIRouter(tags=["compare"])
Text = Annotated[str | None, Query(max_length=200)]


@router.get("/compare")
def compare(
    current: ReaderDep,
    cache: CacheDep,
    role: Annotated[str, Query(max_length=40)],
    metro: Text = None,
    country: Text = None,
    level: Text = None,
) -> dict[str, Any]:
    """Surveys, H-1B filings, BLS OEWS and OFLC levels side by side for a place and role."""
    if (metro is None) == (country is None):
        raise BadFilter("give either metro or country")
    return compare_answer(current, cache, role=role, metro=metro, country=country, level=level)
