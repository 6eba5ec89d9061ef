"""The report "ML Engineer Salaries by Experience Level and Leading Companies", from the data.

``build_report(store)`` computes it once as plain data (sections of tables and
charts, every figure with n and sources); ``render_html`` and
``render_markdown`` turn that data into ``report.html`` (one self-contained
file, charts inline as SVG) and ``report.md``.

Example:
    >>> report = build_report(store)  # doctest: +SKIP
    >>> write_report(report, Path("out"))  # doctest: +SKIP
"""

from paygrade.report.build import build_report
from paygrade.report.render import check_out, render_html, render_markdown, write_report

__all__ = ["build_report", "check_out", "render_html", "render_markdown", "write_report"]
