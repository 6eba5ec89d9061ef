"""Drawing a long table: rich lays out its head, its foot and a few rows; the other rows
are placed in the same columns.

Why: rich spends about 70 microseconds on every cell it draws, so `paygrade stats --by
company` (28,000 groups of 11 columns) took 15 s to draw and `paygrade companies` 13 s,
against a second for the same answer as JSON. A table whose columns have fixed widths
and whose cells are one line each that fits its column is laid out by those widths
alone: rich draws a probe (a row of marker cells, which shows where each column's cells
go, and the rows holding each column's longest cell), and every row is placed as the
probe's rows were. The probe's real rows are checked against rich's own drawing of
them; on any difference, or any cell rich might draw otherwise (a tab, a control
character, edge spaces), rich draws the whole table.
"""

from __future__ import annotations

import copy
import io
from dataclasses import replace
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

# Fewer rows than this: rich draws them all (it takes a few milliseconds).
PLACED_FROM: Final = 100
# Fills a probe cell to its column's width: its runs give the columns' spans.
MARK: Final = "\u2588"

Span = tuple[int, int]


def draw(console: Console, table: Table, placed_from: int = PLACED_FROM) -> None:
    """Print ``table`` to ``console`` as rich would, its rows placed by the probe's layout
    when there are ``placed_from`` rows or more."""
    rows = _text_rows(table)
    lines = None if rows is None or len(rows) < placed_from else _laid_out(console, table, rows)
    if lines is None:
        console.print(table)
        return
    console.file.write("".join(line + "\n" for line in lines))


def _text_rows(table: Table) -> list[list[str]] | None:
    """The rows' cells when all are text in columns of fixed widths, with no rules,
    styles or expansion between rows; else None."""
    if table.expand or table.show_lines or table.row_styles:
        return None
    if any(row.style or row.end_section for row in table.rows):
        return None
    columns = table.columns
    if not columns or any(column.width is None for column in columns):
        return None
    cells = [list(column.cells) for column in columns]
    if not all(isinstance(text, str) for texts in cells for text in texts):
        return None
    return [list(row) for row in zip(*cells, strict=True)]


def _fits(row: list[str], widths: list[int]) -> bool:
    r"""Whether rich draws ``row`` on one line, each cell as it is: printable, no edge
    spaces, within its column's width.

    Example:
        >>> _fits(["Société Générale", ""], [16, 3]), _fits(["a\tb", "1"], [9, 3])
        (True, False)
        >>> _fits([" a", "1"], [9, 3]), _fits(["too long", "1"], [4, 3])
        (False, False)
    """
    from rich.cells import cell_len

    return all(
        text.isprintable() and text == text.strip() and MARK not in text and cell_len(text) <= width
        for text, width in zip(row, widths, strict=True)
    )


def _laid_out(console: Console, table: Table, rows: list[list[str]]) -> list[str] | None:
    """The table's lines: rich draws its head and foot, the rows that do not fit one line
    and a few that do (each followed by a marker row, which parts them); the others are
    placed by the marker row's spans. None if rich drew a checked row otherwise."""
    widths = [column.width or 0 for column in table.columns]
    fitting = [_fits(row, widths) for row in rows]
    one_line = [i for i, fits in enumerate(fitting) if fits]
    if not one_line:
        return None
    by_column = zip(*(rows[i] for i in one_line), strict=True)
    checked = sorted({one_line[0], *(one_line[_longest(texts)] for texts in by_column)})
    drawn_rows = [i for i, fits in enumerate(fitting) if not fits] + checked
    marks = [MARK * width for width in widths]
    probe = [marks]
    for i in drawn_rows:
        probe += [rows[i], marks]
    drawn = _drawn(console, table, probe)
    at = [k for k, line in enumerate(drawn) if MARK in line]
    if len(at) != len(drawn_rows) + 1 or len({drawn[k] for k in at}) != 1:
        return None
    spans = _spans(drawn[at[0]])
    if len(spans) != len(widths):
        return None
    blank = drawn[at[0]].replace(MARK, " ")
    right = [column.justify == "right" for column in table.columns]
    own = {i: drawn[a + 1 : b] for i, a, b in zip(drawn_rows, at[:-1], at[1:], strict=True)}
    if any(own[i] != [_line(blank, spans, right, rows[i])] for i in checked):
        return None
    body = [
        line
        for i, row in enumerate(rows)
        for line in (own[i] if not fitting[i] else [_line(blank, spans, right, row)])
    ]
    return [*drawn[: at[0]], *body, *drawn[at[-1] + 1 :]]


def _drawn(console: Console, table: Table, rows: list[list[str]]) -> list[str]:
    """Rich's drawing of ``table`` holding only ``rows``, as lines."""
    from rich.console import Console

    probe = copy.copy(table)
    probe.columns = [
        replace(column, _cells=list(texts))
        for column, texts in zip(table.columns, zip(*rows, strict=True), strict=True)
    ]
    probe.rows = [table.rows[0]] * len(rows)
    buffer = io.StringIO()
    Console(
        file=buffer, width=console.width, color_system=None, highlight=False, markup=False
    ).print(probe)
    return buffer.getvalue().splitlines()


def _spans(line: str) -> list[Span]:
    """Where each run of ``MARK`` starts and ends in ``line``.

    Example:
        >>> _spans(" \u2588\u2588  \u2588 ")
        [(1, 3), (5, 6)]
    """
    spans: list[Span] = []
    start = None
    for i, char in enumerate(line + " "):
        if char == MARK and start is None:
            start = i
        elif char != MARK and start is not None:
            spans.append((start, i))
            start = None
    return spans


def _line(blank: str, spans: list[Span], right: list[bool], row: list[str]) -> str:
    """``row``'s cells placed in ``spans`` of ``blank``, right-aligned where ``right``.

    Example:
        >>> _line("|    |    |", [(1, 5), (6, 10)], [False, True], ["ab", "7"])
        '|ab  |   7|'
    """
    from rich.cells import cell_len

    parts: list[str] = []
    end = 0
    for (start, stop), flush_right, text in zip(spans, right, row, strict=True):
        pad = " " * (stop - start - cell_len(text))
        parts += [blank[end:start], pad + text if flush_right else text + pad]
        end = stop
    return "".join([*parts, blank[end:]])


def _longest(texts: tuple[str, ...]) -> int:
    """The index of the longest of ``texts`` (the first of equals).

    Example:
        >>> _longest(("1", "100", "10"))
        1
    """
    return max(range(len(texts)), key=lambda i: len(texts[i]))
