"""GET /api/v1/stats: the same JSON as ``paygrade stats --format json``; stats.csv as CSV."""

from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response

from paygrade.formats import csv_notes, render_stats
from paygrade.web.answers import StatsQueryDep, warned_stats_answer
from paygrade.web.deps import CacheDep, ReaderDep
from paygrade.web.jsonbody import json_answer
from paygrade.web.render import warn

router = APIRouter(tags=["stats"])


@router.get("/stats", response_model=dict[str, Any])
def stats(
    current: ReaderDep, cache: CacheDep, question: StatsQueryDep, response: Response
) -> Response:
    """Percentiles, n, distinct n and the median's CI per group (filters as the CLI's); what
    the JSON's keys cannot carry (records real dollars leave out for want of CPI-U) in
    ``X-Paygrade-Warning`` headers, one each."""
    answer, warnings = warned_stats_answer(current, cache, question)
    warn(response, warnings)
    return json_answer(answer, response)  # every company by metro: 5 MB, off the loop


@router.get(
    "/stats.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "One row per group."}},
)
def stats_csv(current: ReaderDep, cache: CacheDep, question: StatsQueryDep) -> Response:
    """The same groups as CSV (``paygrade stats --format csv``): a row per group. A filter
    matching nothing says so in an ``X-Paygrade-Warning`` header (a CSV has no room for it:
    company:gogle was a header row and nothing else), and so do the JSON's notes: records
    left out as flagged, groups not shown, base and total pay mixed in a group, each naming
    the query parameters that ask for more (include_flagged=true, not --include-flagged)."""
    answer, warnings = warned_stats_answer(current, cache, question)
    headers = {"Content-Disposition": 'attachment; filename="paygrade-stats.csv"'}
    said = [(answer.get("no_match") or {}).get("message") or ""]
    said += csv_notes(answer, "api") + warnings
    response = Response(
        render_stats(answer, "csv"), media_type="text/csv; charset=utf-8", headers=headers
    )
    warn(response, filter(None, said))  # one header a warning, as the estimate's
    return response
