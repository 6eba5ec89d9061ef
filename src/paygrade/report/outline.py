"""The report as plain JSON-ready data: no chart specs, no raw ``stats`` results."""

from __future__ import annotations

from typing import Any

from paygrade.report.build import build_report
from paygrade.store import Store


def outline(report: dict[str, Any]) -> dict[str, Any]:
    """A built report without charts and without each table's raw ``stats`` result.

    Example:
        >>> outline({"title": "T", "sections": [{"id": "a", "charts": [{}],
        ...     "tables": [{"caption": "c", "rows": [], "result": {}}]}]})["sections"]
        [{'id': 'a', 'tables': [{'caption': 'c', 'rows': []}]}]
    """
    sections = [
        {k: v for k, v in section.items() if k != "charts"}
        | {"tables": [{k: v for k, v in t.items() if k != "result"} for t in section["tables"]]}
        for section in report["sections"]
    ]
    return {**report, "sections": sections}


def report_outline(store: Store) -> dict[str, Any]:
    """Build the report from the store and return its outline.

    Example:
        >>> report_outline(store)["title"]  # doctest: +SKIP
        'ML Engineer Salaries by Experience Level and Leading Companies'
    """
    return outline(build_report(store))
