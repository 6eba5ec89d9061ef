"""The report's data as ``report.html`` (self-contained, charts as inline SVG) and ``report.md``.

Plain string building with ``html.escape``: the core imports no template engine.
The HTML carries its CSS in one ``<style>`` element (print rules included) and no
script, so the file opens anywhere and prints well.
"""

from __future__ import annotations

import html
import os
import re
from contextlib import suppress
from pathlib import Path
from typing import Any

from paygrade.paths import NO_ROOM, REFUSED, not_a_folder, why_unwritable
from paygrade.records import CannotWrite, PaygradeError
from paygrade.stats import SUPPRESSED, interval_withheld, median_ci_said

COLUMNS = (
    ("n", "n"),
    ("n_distinct", "distinct n"),
    ("n_from", "n, lower level"),
    ("n_to", "n, higher level"),
    ("n_distinct_from", "distinct n, lower level"),
    ("n_distinct_to", "distinct n, higher level"),
    ("pay_component", "pay"),
    ("years", "years"),
    ("typical_years", "typical years"),
    ("p10", "p10"),
    ("p25", "p25"),
    ("p50", "median"),
    ("p50_ci", "median 95% CI"),
    ("p50_real", "median, CPI-adjusted"),
    ("p75", "p75"),
    ("p90", "p90"),
    ("p99", "p99"),
    ("p50_local_prices", "median at US prices"),
    ("rpp", "price parity"),
    ("employment", "OEWS employment"),
    ("median_from", "median, lower level"),
    ("median_to", "median, higher level"),
    ("p50_ci_from", "median 95% CI, lower level"),
    ("p50_ci_to", "median 95% CI, higher level"),
    ("increase", "increase"),
    ("increase_pct", "increase %"),
    ("licence", "licence"),
    ("sha256", "sha256"),
)
MONEY = {
    "p10",
    "p25",
    "p50",
    "p50_real",
    "p75",
    "p90",
    "p99",
    "p50_local_prices",
    "median_from",
    "median_to",
}
CSS = """
body { font: 15px/1.5 system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
  color: #1a1a1a; }
h1 { font-size: 1.8rem; } h2 { border-bottom: 1px solid #ccc; margin-top: 2.5rem; }
.table-wrap { overflow-x: auto; margin: 1rem 0; }
.table-wrap:focus-visible { outline: 2px solid #1a1a1a; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 0.2rem 0.6rem; border-bottom: 1px solid #e2e2e2; text-align: right; }
th:first-child, td:first-child { text-align: left; }
caption { text-align: left; font-weight: 600; position: sticky; left: 0;
  max-width: calc(100vw - 2rem); box-sizing: border-box; }
.suppressed { color: #777; font-style: italic; }
.sources { color: #555; font-size: 0.85rem; }
svg { max-width: 100%; height: auto; }
@media print { body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  section { break-inside: avoid-page; } table, figure { break-inside: avoid; }
  .table-wrap { overflow: visible; }
  table { font-size: 7pt; } th, td { padding: 0.1em 0.3em; }
  caption { position: static; max-width: none; } }
"""


def columns(table: dict[str, Any]) -> list[tuple[str, str]]:
    """The columns a table's rows have, in report order.

    Example:
        >>> columns({"rows": [{"group": "x", "n": 3, "p50": 1.0}]})
        [('n', 'n'), ('p50', 'median')]
    """
    present = {key for row in table["rows"] for key in row}
    return [(key, label) for key, label in COLUMNS if key in present]


def cell(row: dict[str, Any], key: str) -> str:
    """A value as the report shows it: dollars rounded, steps signed, gaps blank, a value
    top-coded by its publisher said so.

    Example:
        >>> cell({"p50": 150000.4}, "p50"), cell({"increase": -120.0}, "increase")
        ('$150,000', '-$120')
        >>> cell({"increase_pct": 12.04}, "increase_pct"), cell({"top_coded": ["p90"]}, "p90")
        ('+12.0%', 'top-coded')
        >>> cell({"p50_ci": [150000.0, 160000.5]}, "p50_ci"), cell({"p50_ci": [None] * 2}, "p50_ci")
        ('$150,000-$160,000', 'suppressed (min/max)')
        >>> cell({"p50_ci": [150000.0, None]}, "p50_ci")
        '$150,000-not shown'
        >>> cell({"n": 12, "p50_ci": None}, "p50_ci"), cell({"n": 4, "p50_ci": None}, "p50_ci")
        ('withheld', '')
        >>> cell({"n_to": 12, "p50_ci_to": None}, "p50_ci_to")
        'withheld'

    """
    value = row.get(key)
    if value is None and key.startswith("p50_ci") and _withheld(row, key):
        return "withheld"
    if value is None:
        return "top-coded" if key in row.get("top_coded", ()) else ""
    if key in MONEY:
        return f"${value:,.0f}"
    if key.startswith("p50_ci"):
        # A bound that is the group's minimum or maximum is null: never published. The
        # other is, as every face shows it (the report had hidden both).
        return median_ci_said(value, "${:,.0f}".format, "-")
    if key == "increase":
        return f"{'-' if value < 0 else '+'}${abs(value):,.0f}"
    if key == "increase_pct":
        return f"{value:+.1f}%"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _withheld(row: dict[str, Any], key: str) -> bool:
    """Whether the median interval under ``key`` is withheld of a group counting submitted
    salaries (``stats.interval_withheld``): its cell had been blank, as one of too few
    records is, where the local-prices table says "withheld". A step's interval of a
    level (``p50_ci_to``) goes with that level's n (``n_to``)."""
    n = row.get("n" + key.removeprefix("p50_ci"))
    return n is not None and interval_withheld({"n": n, "p50_ci": row.get(key)})


def sources_note(table: dict[str, Any]) -> str:
    """The sentence under a table: its sources (each with its n, or a published estimate),
    its pay, the flagged records left out, then its notes. The report's files and the
    /report page both print this one sentence (the page had its own copy, which said neither
    the flagged records nor the published estimates).

    Example:
        >>> print(sources_note({"sources": {"h1b": 752, "OEWS": None}, "pay_components": [],
        ...     "flagged_excluded": 6, "notes": ["filings only"]}))
        Sources: h1b (n=752), OEWS (published estimate); 6 flagged records left out. Filings only.
    """
    return " ".join([_sources(table), *_notes(table)])


def _sources(table: dict[str, Any]) -> str:
    parts = [
        f"{name} (n={n:,})" if n is not None else f"{name} (published estimate)"
        for name, n in table["sources"].items()
    ]
    pay = " and ".join(table["pay_components"])
    flagged = table.get("flagged_excluded")
    records = "record" if flagged == 1 else "records"  # "1 flagged records" had been said
    left_out = f"; {flagged:,} flagged {records} left out" if flagged else ""
    # Without sources: the files table's own rows are its sources; any other table counted
    # none ("the files listed above" had stood under tables of no record, n = 0 each).
    none = table.get("sources_said", "no record counted")
    return f"Sources: {', '.join(parts) or none}" + (f"; {pay} pay" if pay else "") + left_out + "."


def row_cells(row: dict[str, Any], keys: list[tuple[str, str]]) -> list[str]:
    """A row's cells under ``keys``; a suppressed row shows its count and says why it has
    no figures (its own note, else the suppression rule).

    Example:
        >>> row_cells({"n": 3, "suppressed": True}, [("n", "n"), ("p50", "median")])
        ['3', 'suppressed (n < 5)']
        >>> row_cells({"n": 0, "suppressed": True, "note": "no records"}, [("n", "n")])
        ['0']
    """
    if row.get("suppressed"):
        # As many cells as columns: a table of no figures (every row n = 0) has n alone,
        # and the note had been a cell beyond its header.
        said = [cell(row, keys[0][0]), row.get("note", SUPPRESSED)]
        return (said + [""] * (len(keys) - 2))[: len(keys)]
    return [cell(row, key) for key, _ in keys]


def _notes(table: dict[str, Any]) -> list[str]:
    return [note[0].upper() + note[1:] + "." for note in table.get("notes", [])]


# A table without rows says so instead of drawing an empty grid (a store of a few records).
EMPTY = "No group to show."


def html_table(table: dict[str, Any]) -> str:
    if not table["rows"]:
        said = html.escape(f"{table['caption']}: {EMPTY}")
        return f'<p class="empty">{said}</p>'
    keys = columns(table)
    # The rows' own header column has no heading: an empty cell, not an empty header (an
    # empty <th> is a header that names nothing to a screen reader).
    head = "<td></td>" + "".join(f'<th scope="col">{html.escape(label)}</th>' for _, label in keys)
    body = []
    for row in table["rows"]:
        klass = ' class="suppressed"' if row.get("suppressed") else ""
        # Each row's group is its header, as on every page's table.
        group = f'<th scope="row">{html.escape(row["group"])}</th>'
        cells = "".join(f"<td>{html.escape(c)}</td>" for c in row_cells(row, keys))
        body.append(f"<tr{klass}>{group}{cells}</tr>")
    caption = html.escape(table["caption"])
    # A wide table scrolls in its own box, never the page (on a phone the whole report had
    # been laid out 980 px wide and shrunk to a third); the box is a named region a keyboard
    # can reach and scroll.
    return (
        f'<div class="table-wrap" role="region" aria-label="{caption}" tabindex="0">'
        f"<table><caption>{caption}</caption><thead><tr>{head}</tr></thead>"
        f'<tbody>{"".join(body)}</tbody></table></div><p class="sources">'
        f"{html.escape(sources_note(table))}</p>"
    )


def svg(spec: dict[str, Any]) -> str:
    """A Vega-Lite chart as inline SVG (vl_convert: no browser, no network)."""
    import vl_convert

    return str(vl_convert.vegalite_to_svg(spec))


def _html_section(section: dict[str, Any]) -> str:
    parts = [f'<section id="{section["id"]}"><h2>{html.escape(section["title"])}</h2>']
    parts += [f"<p>{html.escape(text)}</p>" for text in section["text"]]
    parts += [f"<figure>{svg(spec)}</figure>" for spec in section.get("charts", [])]
    parts += [html_table(table) for table in section["tables"]]
    return "".join(parts) + "</section>"


def render_html(report: dict[str, Any]) -> str:
    """One self-contained HTML file: inline CSS and SVG, no script, no external resource."""
    title = html.escape(report["title"])
    toc = "".join(
        f'<li><a href="#{s["id"]}">{html.escape(s["title"])}</a></li>' for s in report["sections"]
    )
    body = "".join(_html_section(s) for s in report["sections"])
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        # Without it a phone lays the page out 980 px wide and shrinks it to fit.
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title>"
        f"<style>{CSS}</style></head><body><h1>{title}</h1>"
        f"<p>Generated {html.escape(report['generated_at'])} by paygrade from its store.</p>"
        f"<nav><ol>{toc}</ol></nav>{body}</body></html>\n"
    )


def markdown_table(table: dict[str, Any]) -> str:
    if not table["rows"]:
        return f"**{table['caption']}**: {EMPTY}\n"
    keys = columns(table)
    lines = [f"**{table['caption']}**", ""]
    lines.append("| " + " | ".join(["", *[label for _, label in keys]]) + " |")
    lines.append("|" + "---|" * (len(keys) + 1))
    for row in table["rows"]:
        cells = [row["group"], *row_cells(row, keys)]
        lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
    return "\n".join([*lines, "", sources_note(table), ""])


def _md_cell(text: str) -> str:
    """A cell's text in a Markdown table: its ``|`` escaped, and a ``<`` that would open a
    tag as an entity (a file named ``<img onerror=...>`` had been HTML to whatever renders
    the Markdown); "n < 5" stays as it is.

    Example:
        >>> print(_md_cell("a|b <img src=x> (n < 5)"))
        a\\|b &lt;img src=x> (n < 5)
    """
    return re.sub(r"<(?=[A-Za-z/!?])", "&lt;", text).replace("|", "\\|")


def render_markdown(report: dict[str, Any]) -> str:
    """The report as Markdown (charts left out: the tables carry the same figures)."""
    lines = [f"# {report['title']}", "", f"Generated {report['generated_at']} by paygrade.", ""]
    for section in report["sections"]:
        lines += [f"## {section['title']}", ""]
        lines += [line for text in section["text"] for line in (text, "")]
        lines += [markdown_table(table) for table in section["tables"]]
    return "\n".join(lines)


def check_out(out: Path) -> None:
    """Refuse an ``out`` that cannot be a folder (``/dev/null``, a file), or that the system
    would not let be written (status 74, as a full disk's), before the report is built for
    nothing: a link to nothing had been said after the whole build ("File exists")."""
    if (why := not_a_folder(out)) is not None:
        raise ReportError(f"cannot write the report to {out}: {why}")
    if (why := unwritable(out)) is not None:
        raise CannotWrite(f"the report to {out}", why, "no report was built")


def unwritable(out: Path) -> str | None:
    """Why the folder ``out`` could not be made or written into: it, or a folder on its way,
    is a link to nothing, or the nearest that exists refuses writing; None when neither.

    Example:
        >>> unwritable(Path("/tmp/a-report")) is None
        True
    """
    for path in [out, *out.parents]:
        if path.is_symlink() and not path.exists():
            return f"{path} is a link to {os.readlink(path)}, which does not exist"
        if path.exists():
            allowed = os.access(path, os.W_OK | os.X_OK)
            return None if allowed else f"{path} may not be written (permission denied)"
    return None


def write_report(report: dict[str, Any], out: Path) -> list[Path]:
    """Write ``report.html`` and ``report.md`` into ``out`` (made if missing): both or
    neither (each written beside itself first, then put in place), and a report file that
    cannot be replaced is named ("report.md is a folder" had left a new report.html
    beside an old report.md, and the message named the folder)."""
    check_out(out)
    texts = {out / "report.html": render_html(report), out / "report.md": render_markdown(report)}
    for path in texts:
        if path.exists() and not path.is_file():
            raise ReportError(f"cannot write the report to {out}: {path} is no file")
    drafts = {path: path.with_name(f".{path.name}.part") for path in texts}
    writing = out
    try:
        out.mkdir(parents=True, exist_ok=True)
        for writing, text in texts.items():
            drafts[writing].write_text(text, encoding="utf-8")
        for path, draft in drafts.items():
            draft.replace(path)
    except OSError as exc:  # under a file, read-only, no such device: said, not a trace
        # The machine's, not the command's: status 74, as export's (no room, or no leave).
        if exc.errno in NO_ROOM or exc.errno in REFUSED:
            why = exc.strerror or str(exc)
            raise CannotWrite(str(writing), why, "no report was written") from None
        raise ReportError(f"cannot write the report to {out}: {why_unwritable(out, exc)}") from None
    finally:
        for draft in drafts.values():
            with suppress(OSError):  # none was made (no folder), or it is in place
                draft.unlink()
    return list(texts)


class ReportError(PaygradeError):
    """The report cannot be written where asked."""
