"""GET /report: the generated report as a page of the app; GET /report.html: the standalone file.

The standalone ``report.html`` carries its CSS in a ``<style>`` element and its
charts as inline SVG (with style attributes), which this app's CSP
(``style-src 'self'``) forbids. Rather than relax the CSP for one route, the
page renders the same report data through the app's templates and stylesheet,
with the charts as ``/charts/*.svg`` images; the standalone file is offered as
a download (``Content-Disposition: attachment``), which the browser saves and
does not render under this origin.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from paygrade.report import build_report, render_html
from paygrade.report.outline import outline
from paygrade.report.render import columns, row_cells, sources_note
from paygrade.web.answers import cached
from paygrade.web.deps import CacheDep, ReaderDep
from paygrade.web.links import query
from paygrade.web.render import respond

router = APIRouter()
# Per section: the chart beside its tables, as an image of this app. A stats chart draws
# the question of the section's first table, read off the table itself (a URL written
# here drew every country beside a table of US records).
STATS_CHARTS = frozenset({"levels"})
CHARTS = {"sources-compared": "/charts/compare.svg?role=ml_engineer&country=US"}


def report_page(report: dict[str, Any]) -> dict[str, Any]:
    """The report's outline with each table's header, cells and sources sentence as the page
    shows them.

    Example:
        >>> page = report_page({"title": "T", "sections": [{"id": "a", "tables": [
        ...     {"caption": "c", "rows": [{"group": "x", "n": 7, "p50": 1.0}],
        ...      "sources": {"aijobs": 7}, "pay_components": ["total"]}]}]})
        >>> table = page["sections"][0]["tables"][0]
        >>> table["cells"], table["sources_note"]
        ([['x', '7', '$1']], 'Sources: aijobs (n=7); total pay.')
    """
    data = outline(report)
    for section in data["sections"]:
        section["chart"] = CHARTS.get(section["id"])
        if section["id"] in STATS_CHARTS and section["tables"]:
            first = section["tables"][0]
            section["chart"] = f"/charts/stats.svg?{query(first['by'], first['where'])}"
        for table in section["tables"]:
            keys = columns(table)
            table["header"] = [label for _, label in keys]
            table["cells"] = [_cells(row, keys) for row in table["rows"]]
            # The file's own sentence: the template had rebuilt it and lost the flagged
            # records left out and the OEWS rows' "(published estimate)".
            table["sources_note"] = sources_note(table)
    return data


def _cells(row: dict[str, Any], keys: list[tuple[str, str]]) -> list[str]:
    return [row["group"], *row_cells(row, keys)]


def _report(current: Any, cache: Any) -> dict[str, Any]:
    return dict(cached(current, cache, ("report",), lambda: build_report(current.store)))


@router.get("/report", include_in_schema=False)
def report(request: Request, current: ReaderDep, cache: CacheDep) -> Response:
    """The report, built once per data version."""
    return respond(request, "report.html", report_page(_report(current, cache)))


@router.get("/report.html", include_in_schema=False)
def report_file(request: Request, current: ReaderDep, cache: CacheDep) -> Response:
    """The standalone report.html (as ``paygrade report`` writes it), to download; asked
    as JSON (as every page may be), the report's data: ``/report?format=json`` (it had
    answered with the HTML file)."""
    if request.query_params.get("format") == "json":
        return RedirectResponse("/report?format=json", status_code=307)
    return Response(
        render_html(_report(current, cache)),
        media_type="text/html; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="paygrade-report.html"'},
    )
