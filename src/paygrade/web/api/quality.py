"""GET /api/v1/quality: per source, what was kept out and what looks odd (``paygrade quality``)."""

from typing import Any

from fastapi import APIRouter

from paygrade.web.answers import quality_answer
from paygrade.web.deps import CacheDep, ReaderDep

router = APIRouter(tags=["sources"])


@router.get("/quality")
def quality(current: ReaderDep, cache: CacheDep) -> dict[str, Any]:
    """The same JSON as ``paygrade quality --format json``: per record source, records,
    quarantined rows, exact duplicates, heaped values, flagged rows by flag (with
    why), levels, and the year and country mix."""
    return quality_answer(current, cache)
