"""Drawing a long table: rich lays out its head, its foot and a few rows; the other rows
are laid out in the same columns.

Why: rich spends about 70 microseconds on every cell it draws, so `paygrade stats --by
company` (28,000 groups of 11 columns) took 16 s to draw and `paygrade companies` 15 s,
against a second for the same answer as JSON. In a table whose columns have fixed
widths, where each cell goes is known once rich has drawn a probe: a row of marker
cells (its runs of marks are the columns' spans) and a few real rows, each followed by
the marker row. Every other row is laid out in those spans: a cell that fits one line
as it is, a cell that does not (it folds, or holds a tab or edge spaces) as rich draws
that cell alone in its column. The probe's real rows (the first, those holding each
column's longest cell, and the first ``WRAPPED_SAMPLE`` that fold) must come out as
rich drew them; on any difference rich draws the whole table.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Column, Table

# Fewer rows than this: rich draws them all (it takes a few milliseconds).
PLACED_FROM: Final = 100
# Fills a probe cell to its column's width: its runs give the columns' spans.
MARK: Final = "\u2588"
# Rows that do not fit one line drawn by rich to check the layout of such rows (a long
# title folds in one column: 3,000 of 32,000 titles when piped).
WRAPPED_SAMPLE: Final = 20

Span = tuple[int, int]


def draw(
    console: Console, table: Table, placed_from: int | None = None, sampled: int | None = None
) -> None:
    """Print ``table`` to ``console`` as rich would, its rows laid out by the probe's
    spans when there are ``placed_from`` rows or more (``PLACED_FROM`` by default;
    ``sampled``: how many rows that do not fit one line rich draws to check them,
    ``WRAPPED_SAMPLE`` by default)."""
    rows = _text_rows(table)
    if rows is None or len(rows) < (PLACED_FROM if placed_from is None else placed_from):
        lines = None
    else:
        lines = _laid_out(console, table, rows, sampled)
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
    return all(
        text.isprintable()
        and text == text.strip()
        and MARK not in text
        and cell_width(text) <= width
        for text, width in zip(row, widths, strict=True)
    )


def _laid_out(
    console: Console, table: Table, rows: list[list[str]], sampled: int | None = None
) -> list[str] | None:
    """The table's lines: rich draws its head and foot, the first ``sampled`` rows that
    do not fit one line and a few that do (each followed by a marker row, which parts
    them); the others are laid out by the marker row's spans, a cell that does not fit
    as rich draws that cell alone. None if rich drew a checked row otherwise."""
    widths = [column.width or 0 for column in table.columns]
    fitting = [_fits(row, widths) for row in rows]
    one_line = [i for i, fits in enumerate(fitting) if fits]
    if not one_line:
        return None
    by_column = zip(*(rows[i] for i in one_line), strict=True)
    wrapped = [i for i, fits in enumerate(fitting) if not fits][: _sampled(sampled)]
    checked = sorted({one_line[0], *(one_line[longest(t)] for t in by_column), *wrapped})
    marks = [MARK * width for width in widths]
    probe = [marks]
    for i in checked:
        probe += [rows[i], marks]
    drawn = _drawn(console, table, probe)
    at = [k for k, line in enumerate(drawn) if MARK in line]
    if len(at) != len(checked) + 1 or len({drawn[k] for k in at}) != 1:
        return None
    layout = _Layout(console, table, drawn[at[0]])
    if len(layout.spans) != len(widths):
        return None
    own = {i: drawn[a + 1 : b] for i, a, b in zip(checked, at[:-1], at[1:], strict=True)}
    if any(own[i] != layout.lines(rows[i], fitting[i]) for i in checked):
        return None
    body = [line for i, row in enumerate(rows) for line in layout.lines(row, fitting[i])]
    return [*drawn[: at[0]], *body, *drawn[at[-1] + 1 :]]


def _sampled(sampled: int | None) -> int:
    return WRAPPED_SAMPLE if sampled is None else sampled


class _Layout:
    """Where a table's cells go, read off rich's drawing of its marker row."""

    def __init__(self, console: Console, table: Table, marked: str) -> None:
        self.console = console
        self.columns = table.columns
        self.blank = marked.replace(MARK, " ")
        self.spans = _spans(marked)

    def lines(self, row: list[str], fits: bool) -> list[str]:
        """``row``'s lines: its cells in their spans, each cell that does not fit one line
        as rich draws it in its column (the others on the first line)."""
        if fits:
            return [
                _line(self.blank, self.spans, [self._justified(t, c) for c, t in enumerate(row)])
            ]
        cells = [
            [self._justified(text, c)] if _fits([text], [column.width or 0]) else
            self._drawn_cell(text, column)
            for c, (text, column) in enumerate(zip(row, self.columns, strict=True))
        ]  # fmt: skip
        return [
            _line(self.blank, self.spans, [self._at(cell, k, c) for c, cell in enumerate(cells)])
            for k in range(max(map(len, cells)))
        ]

    def _justified(self, text: str, c: int) -> str:
        """``text`` padded to column ``c``'s span, on the side its justification says."""
        start, stop = self.spans[c]
        pad = " " * (stop - start - cell_width(text))
        return pad + text if self.columns[c].justify == "right" else text + pad

    def _at(self, cell: list[str], k: int, c: int) -> str:
        """Line ``k`` of a cell in column ``c``: blank below its last."""
        start, stop = self.spans[c]
        return cell[k] if k < len(cell) else " " * (stop - start)

    def _drawn_cell(self, text: str, column: Column) -> list[str]:
        """A cell's lines as rich draws it in its column, each as wide as the column."""
        options = self.console.options.update(
            width=column.width or 0,
            justify=column.justify,
            no_wrap=column.no_wrap,
            overflow=column.overflow,
            height=None,
        )
        rendered = self.console.render_lines(self.console.render_str(text), options, pad=True)
        return ["".join(segment.text for segment in line) for line in rendered]


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


def cell_width(text: str) -> int:
    """How many terminal cells ``text`` takes: its length when it is printable ASCII (a
    twentieth of the time of rich's ``cell_len``, which counts wide characters as two
    and control characters as none).

    Example:
        >>> cell_width("Amazon"), cell_width("東京")
        (6, 4)
    """
    if text.isascii() and text.isprintable():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


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


def _line(blank: str, spans: list[Span], texts: list[str]) -> str:
    """``texts``, each as wide as its span, placed in ``spans`` of ``blank``.

    Example:
        >>> _line("|    |    |", [(1, 5), (6, 10)], ["ab  ", "   7"])
        '|ab  |   7|'
    """
    parts: list[str] = []
    end = 0
    for (start, stop), text in zip(spans, texts, strict=True):
        parts += [blank[end:start], text]
        end = stop
    return "".join([*parts, blank[end:]])


def longest(texts: Sequence[str]) -> int:
    """The index of the longest of ``texts`` (the first of equals).

    Example:
        >>> longest(["1", "100", "10"])
        1
    """
    return max(range(len(texts)), key=lambda i: len(texts[i]))
