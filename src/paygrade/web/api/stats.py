"""GET /api/v1/stats: the same JSON as ``paygrade stats --format json``; stats.csv as CSV."""

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from paygrade.formats import render_stats
from paygrade.web.answers import StatsQueryDep, stats_answer
from paygrade.web.deps import CacheDep, ReaderDep

router = APIRouter(tags=["stats"])


@router.get("/stats")
def stats(current: ReaderDep, cache: CacheDep, question: StatsQueryDep) -> dict[str, Any]:
    """Percentiles, n, distinct n and the median's CI per group (filters as the CLI's)."""
    return stats_answer(current, cache, question)


@router.get(
    "/stats.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "One row per group."}},
)
def stats_csv(current: ReaderDep, cache: CacheDep, question: StatsQueryDep) -> Response:
    """The same groups as CSV (``paygrade stats --format csv``): a row per group."""
    text = render_stats(stats_answer(current, cache, question), "csv")
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="paygrade-stats.csv"'},
    )
