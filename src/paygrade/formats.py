"""Turning library results into text: tables, JSON, CSV, progress. No computation here."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from paygrade.records import BadFilter

STAT_COLUMNS = ("n", "p10", "p25", "p50", "p75", "p90", "mean")


def parse_where(clauses: Sequence[str]) -> dict[str, list[str]]:
    """``["role=a,b", "year=2024"]`` -> ``{"role": ["a", "b"], "year": ["2024"]}``.

    Repeating a field ANDs it: the values must satisfy both lists, so they are
    intersected here.

    Example:
        >>> parse_where(["role=ml_engineer,research_scientist", "country=US"])
        {'role': ['ml_engineer', 'research_scientist'], 'country': ['US']}
    """
    where: dict[str, list[str]] = {}
    for clause in clauses:
        field, sep, values = clause.partition("=")
        if not sep or not field.strip():
            raise BadFilter(f"--where needs FIELD=VALUE[,VALUE...], got {clause!r}")
        items = [v.strip() for v in values.split(",")]
        if not any(items):
            raise BadFilter(f"--where {field.strip()} has no value")
        name = field.strip()
        where[name] = [v for v in where[name] if v in items] if name in where else items
    return where


def _console(buffer: io.StringIO) -> Console:
    return Console(file=buffer, width=160, color_system=None, highlight=False)


def _money(value: Any) -> str:
    return "" if value is None else f"{value:,.0f}"


def render_stats(result: dict[str, Any], fmt: str) -> str:
    """The stats result as a table, JSON (the contract) or CSV."""
    if fmt == "json":
        return json.dumps(result, indent=2) + "\n"
    by = result["by"]
    if fmt == "csv":
        return _stats_csv(result, by)
    table = Table(title=_stats_title(result), show_lines=False)
    for name in [*by, *STAT_COLUMNS, "median 95% CI"]:
        table.add_column(name, justify="left" if name in by else "right")
    for group in result["groups"]:
        keys = [str(group["key"][f]) if group["key"][f] is not None else "(unknown)" for f in by]
        if group["suppressed"]:
            table.add_row(*keys, f"{group['n']:,}", *(["suppressed"] + [""] * 6))
            continue
        ci = group["p50_ci"]
        shown_ci = f"{_money(ci[0])} - {_money(ci[1])}" if ci else ""
        table.add_row(
            *keys, f"{group['n']:,}", *(_money(group[c]) for c in STAT_COLUMNS[1:]), shown_ci
        )
    buffer = io.StringIO()
    _console(buffer).print(table)
    buffer.write(_stats_footer(result))
    return buffer.getvalue()


def _stats_title(result: dict[str, Any]) -> str:
    where = "; ".join(f"{k} in {','.join(map(str, v))}" for k, v in result["where"].items())
    return f"Annual pay, USD ({where or 'all records'})"


def _stats_footer(result: dict[str, Any]) -> str:
    components = result["pay_components"]
    sources = ", ".join(f"{name} {n:,}" for name, n in result["sources"].items())
    note = f"pay: {' + '.join(components) or 'none'}; sources: {sources or 'none'}\n"
    if len(components) > 1:
        note += (
            "note: base and total pay are mixed here; add --where pay_component=base "
            "(or total) to compare like with like\n"
        )
    return note


def _stats_csv(result: dict[str, Any], by: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([*by, *STAT_COLUMNS, "p50_ci_low", "p50_ci_high", "suppressed"])
    for group in result["groups"]:
        ci = group.get("p50_ci") or [None, None]
        stats = [group.get(c) for c in STAT_COLUMNS]
        writer.writerow(
            [*(group["key"][f] for f in by), *_blank(stats), *_blank(ci), group["suppressed"]]
        )
    return buffer.getvalue()


def _blank(values: Sequence[Any]) -> list[Any]:
    return ["" if v is None else v for v in values]


def render_rows(rows: list[dict[str, Any]], fmt: str, *, title: str) -> str:
    """A list of flat dicts as a table, JSON or CSV."""
    if fmt == "json":
        return json.dumps(rows, indent=2, default=str) + "\n"
    columns = list(rows[0]) if rows else []
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue()
    table = Table(title=title)
    for column in columns:
        table.add_column(column)
    for row in rows:
        table.add_row(*(_cell(row[c]) for c in columns))
    buffer = io.StringIO()
    _console(buffer).print(table if rows else f"{title}: none")
    return buffer.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def render_quality(report: dict[str, Any], fmt: str) -> str:
    """The quality report as JSON or as one small table per source."""
    if fmt == "json":
        return json.dumps(report, indent=2, default=str) + "\n"
    buffer = io.StringIO()
    console = _console(buffer)
    for source in report["sources"]:
        console.print(f"[bold]{source['source']}[/bold]: {source['records']:,} records")
        for name, value in source["checks"].items():
            console.print(f"  {name}: {value}")
    return buffer.getvalue()


class IngestProgress:
    """A spinner while a file loads, and its one-line summary when it is done (stderr)."""

    def __init__(self, console: Console, out: Console) -> None:
        self.console = console
        self.out = out
        self.status: Any = None

    def start(self, source: Any, path: Path | None) -> None:
        label = path.name if path is not None else "bundled package data"
        self.status = self.console.status(f"ingesting {source.name}: {label}")
        self.status.start()

    def done(self, result: Any) -> None:
        if self.status is not None:
            self.status.stop()
        self.out.print(result.summary(), highlight=False, soft_wrap=True, markup=False)


@contextmanager
def ingest_progress() -> Iterator[IngestProgress]:
    progress = IngestProgress(Console(file=sys.stderr), Console(file=sys.stdout, highlight=False))
    try:
        yield progress
    finally:
        if progress.status is not None:
            progress.status.stop()
