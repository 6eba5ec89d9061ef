"""Long tables: rows placed by the probe's layout draw exactly what rich draws."""

from __future__ import annotations

import io
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table

from paygrade import drawing, formats
from paygrade.stats import stats
from paygrade.store import Store

# Cell texts a table meets: names, figures, empty cells, accents, wide characters, and
# what rich draws otherwise (tabs, edge spaces, a line break, brackets of rich's markup).
WORDS = st.sampled_from(
    ["Amazon", "Société", "Générale", "東京", "Data", "Scientist", "[b]", "[/]", "-", "I"]
)
TEXT = st.one_of(
    st.lists(WORDS, max_size=6).map(" ".join),
    st.integers(0, 10**7).map(lambda n: f"{n:,}"),
    st.sampled_from(["", " padded ", "a\tb", "two\nlines", "x" * 40]),
)


def _console(width: int) -> Console:
    return Console(
        file=io.StringIO(), width=width, color_system=None, highlight=False, markup=False
    )


def _table(columns: list[bool], rows: list[list[str]], widths: list[int]) -> Table:
    table = formats._table("A table")
    for i, right in enumerate(columns):
        table.add_column(f"c{i}", justify="right" if right else "left")
    for row in rows:
        table.add_row(*row)
    formats._shape(table)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    return table


def _both(table: Table, width: int, sampled: int | None = None) -> tuple[str, str]:
    """The table drawn by rich alone, and with its rows laid out."""
    by_rich, placed = _console(width), _console(width)
    by_rich.print(table)
    drawing.draw(placed, table, placed_from=0, sampled=sampled)
    return by_rich.file.getvalue(), placed.file.getvalue()  # type: ignore[attr-defined]


@settings(max_examples=150, deadline=None)
@given(
    columns=st.lists(st.booleans(), min_size=1, max_size=5),
    data=st.data(),
    width=st.integers(30, 160),
)
def test_placed_rows_draw_as_rich_does(
    columns: list[bool], data: st.DataObject, width: int
) -> None:
    rows = data.draw(
        st.lists(st.lists(TEXT, min_size=len(columns), max_size=len(columns)), max_size=12)
    )
    widths = data.draw(st.lists(st.integers(1, 30), min_size=len(columns), max_size=len(columns)))
    table = _table(columns, rows, widths)
    # sampled=0: no row that wraps is checked against rich first, each is laid out.
    by_rich, placed = _both(table, width, sampled=0)
    assert placed == by_rich


def test_a_long_table_is_placed_not_drawn_cell_by_cell(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [[f"Company {i}", f"{i:,}"] for i in range(300)] + [["a name too long to fit", "1"]]
    table = _table([False, True], rows, [12, 5])
    drawn: list[int] = []
    real = drawing._drawn

    def counting(console: Console, table: Table, rows: list[list[str]]) -> list[str]:
        drawn.append(len(rows))
        return real(console, table, rows)

    monkeypatch.setattr(drawing, "_drawn", counting)
    by_rich, placed = _both(table, 80)
    assert placed == by_rich
    # Rich drew the marker rows, the row that wraps and the few rows checked: not 301.
    assert drawn and drawn[0] < 10
    assert drawing._laid_out(_console(80), table, drawing._text_rows(table) or []) is not None


def test_a_cell_is_data_not_rich_markup() -> None:
    rows = [{"title": "[bold]Engineer[/bold]", "note": "x [/] y"}]
    drawn = formats.render_rows(rows, "table", title="Titles [b]")
    assert "[bold]Engineer[/bold]" in drawn and "x [/] y" in drawn and "Titles [b]" in drawn


def test_the_real_stores_companies_draw_as_rich_draws_them(
    real_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    answer = stats(real_store, ["company"], {"pay_component": ["base"]}, min_n=3)
    assert len(answer["groups"]) > drawing.PLACED_FROM  # long enough to be placed
    laid: list[bool] = []
    real = drawing._laid_out

    def noting(*args: Any) -> list[str] | None:
        lines = real(*args)
        laid.append(lines is not None)
        return lines

    monkeypatch.setattr(drawing, "_laid_out", noting)
    placed = formats.render_stats(answer, "table")
    assert laid == [True]  # laid out, not drawn by rich for want of a layout
    monkeypatch.setattr(drawing, "PLACED_FROM", 10**9)  # rich draws every row
    assert placed == formats.render_stats(answer, "table")
