"""Turning library results into text: tables, JSON, CSV, progress. No computation here."""

from __future__ import annotations

import copy
import csv
import io
import json
import math
import re
import shutil
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from paygrade.charts import spans, years_cell, years_span
from paygrade.drawing import cell_width, draw, longest
from paygrade.engines import PRIVATE_MIN, UNKNOWN
from paygrade.records import FLAGGED_MEANS, FORMULA_STARTS
from paygrade.stats import (
    CI_END_HIDDEN,
    CI_SUPPRESSED,
    MIN_N,
    MIN_N_TAILS,
    PRIVATE_STEP,
    SUPPRESSED,
    interval_withheld,
    median_ci_said,
)

if TYPE_CHECKING:  # rich loads when a table is drawn: JSON and CSV answers never pay for it
    from rich.console import Console
    from rich.table import Table

STAT_COLUMNS = ("n", "p10", "p25", "p50", "p75", "p90", "mean")
# Left out, in this order, when a terminal is too narrow for every figure and word whole
# (a pair together); n and the median always stay.
Droppable = Sequence[str | tuple[str, ...]]
# In a droppable list: from here on, before each column is left out, the table may lose
# its edges and break its longest words after a hyphen (``_squeeze``), if that fits it.
BREAK_WORDS: Final = "(words break after a hyphen)"
STATS_DROPPABLE: Final = (
    "distinct",
    "mean",
    "years",
    ("p10", "p90"),
    ("p25", "p75"),
    "median 95% CI",
)
# The pay column goes last: the note under the table says which sources report base pay
# and which total (an occupation's title, "Information", had kept it 41-44 wide at 40).
COMPARE_DROPPABLE: Final = ("kind", ("p10", "p90"), ("p25", "p75"), "p50 at US prices", "pay")
# OFLC's wages by level: the occupation and the level a profile asks for (marked *) stay.
OFLC_DROPPABLE: Final = ("period", "IV", "I")
LOCAL_PRICES_DROPPABLE: Final = ("rents", "years", "median 95% CI", "RPP")
# The id stays while a contradiction under the table cites claims by it; the data's
# p25-p75 stays while the table's edges or a word's break after a hyphen make room.
CLAIMS_DROPPABLE: Final = ("n", "statistic", "id", BREAK_WORDS, "p25-p75", "subject")
RECORDS_DROPPABLE: Final = ("level", "place", "title")
COMPANIES_DROPPABLE: Final = ("raw_names", "sources", "n_distinct")
# A source and the rows it gave stay; a file's long name breaks after its hyphens before
# a column is left out ("oflc-wage-levels-" / "2025-26-tech.csv").
SOURCES_DROPPABLE: Final = (BREAK_WORDS, "sha256", "read", "flagged", "rejected", "file", "licence")
# A ladder's level, pay component, n and median stay.
LADDER_DROPPABLE: Final = ("n distinct", ("p25", "p75"), "years", "company levels")
COMPANY_LEVEL_DROPPABLE: Final = ("n distinct", ("p25", "p75"), "level")
MANAGEMENT_DROPPABLE: Final = ("n distinct", ("p25", "p75"))
STEPS_DROPPABLE: Final = ("n distinct", "years", ("median from", "median to"))
RECORD_FIGURES: Final = ("year", "amount_usd", "row")


# Piped into a file or another program, a table gets the width it needs within these
# bounds: no cell wraps in a file, and a long free-text column is still cut somewhere.
PIPED_WIDTH: Final = (100, 160)
# A terminal narrower than this gets tables this wide (the terminal wraps them); a
# table whose figures and words need more gets what they need (``_squeeze``).
NARROWEST: Final = 40


def _print(buffer: io.StringIO, renderable: Any, droppable: Droppable = ()) -> list[str]:
    """Draw ``renderable`` into ``buffer`` as wide as the terminal (or COLUMNS) when there
    is one; piped, as wide as it needs within ``PIPED_WIDTH``; the columns left out.

    A table's figures (right-aligned columns) are never cut: text columns fold instead,
    and when the figures alone are too wide, the ``droppable`` columns (least important
    first) are left out one by one, and a note says which; still too wide, the table loses
    its edges and its longest words break after a hyphen (``_squeeze``).
    """
    from rich.console import Console
    from rich.measure import Measurement
    from rich.table import Table

    terminal = shutil.get_terminal_size((0, 0)).columns
    # markup=False: a cell is data ("[b]" in a title is no bold, "[/]" no error).
    console = Console(
        file=buffer,
        width=max(terminal, NARROWEST),
        color_system=None,
        highlight=False,
        markup=False,
    )
    table = renderable if isinstance(renderable, Table) else None
    if table is not None:
        _shape(table)
    fixed = table is not None and _fix_widths(table)
    if not terminal:
        low, high = PIPED_WIDTH
        needed = Measurement.get(console, console.options.update_width(high), renderable).maximum
        console.width = min(max(needed, low), high)
    if table is not None and fixed:
        fixed = _folded(console, table)
    dropped = _fit(console, table, droppable) if table is not None and not fixed else []
    squeezed = table is not None and not fixed and _squeeze(console, table)
    if (dropped or squeezed) and table is not None and _fix_widths(table):  # folds as above
        _folded(console, table)
    if table is not None:
        draw(console, table)
    else:
        console.print(renderable)
    if dropped:  # drawn by the console: wrapped to its width like the table
        console.print(f"left out for width: {', '.join(dropped)} (a wider terminal shows them)")
    return dropped


def _folded(console: Console, table: Table) -> bool:
    """Fold the text columns of a table of fixed widths to fit ``console``; whether they
    fit (else the widths are unfixed again, for rich to fit)."""
    from rich.measure import Measurement

    wide = console.options.update_width(10_000)  # measured unclamped, to compare
    excess = Measurement.get(console, wide, table).maximum - console.width
    return _fold_text(table, excess) or _fix_widths(table, unfix=True)


def _fix_widths(table: Table, unfix: bool = False) -> bool:
    """Give each column of plain text cells the width of its longest cell, so that rich
    does not measure every cell again (three times over: 27,000 companies took 77 s as a
    table, 3 s as CSV); ``unfix`` undoes it. Whether the widths are now fixed.
    """
    if unfix or table.expand or any(c.ratio for c in table.columns):
        for column in table.columns:
            column.width = None
        return False
    columns = [[column.header, *column.cells] for column in table.columns]
    if not all(isinstance(cell, str) for texts in columns for cell in texts):
        return False
    for column, texts in zip(table.columns, columns, strict=True):
        column.width = max(cell_width(text) for text in texts)  # type: ignore[arg-type]
    return True


def _fold_text(table: Table, excess: int) -> bool:
    """Narrow the widest text columns (never below ``TEXT_FLOOR``) by ``excess`` columns
    in all; whether that was enough (else the widths are as they were).

    Example:
        >>> from rich.table import Table
        >>> table = Table("name", "n")
        >>> table.columns[0].width, table.columns[1].width = 30, 5
        >>> _fold_text(table, 12), [c.width for c in table.columns]
        (True, [18, 5])
        >>> _fold_text(table, 11), [c.width for c in table.columns]
        (False, [18, 5])
    """
    text = [(c, _floor(c)) for c in table.columns if c.justify != "right" and not c.no_wrap]
    room = sum(max(0, (c.width or 0) - floor) for c, floor in text)
    if excess > room:
        return False
    while excess > 0:
        widest, _ = max(text, key=lambda pair: (pair[0].width or 0) - pair[1])
        widest.width = (widest.width or 0) - 1
        excess -= 1
    return True


# Text columns fold to no narrower than this when figures need the room.
TEXT_FLOOR: Final = 8
# A figure in a text cell ("90,000-120,000 EUR"): never broken at its hyphen.
FIGURE: Final = re.compile(r"[$€£]?\d[\d,.]*(?:[-–][$€£]?\d[\d,.]*)?%?")


def _floor(column: Any) -> int:
    """How narrow a text column may fold: ``TEXT_FLOOR``, or its longest word, kept whole
    (a figure such as "90,000-120,000" is one; rich folds a text between words, and inside
    one only when the column is narrower: "senio / r").

    Example:
        >>> from rich.table import Table
        >>> table = Table("claim", "level")
        >>> table.add_row("90,000-120,000 (base)", "executive")
        >>> [_floor(column) for column in table.columns]
        [14, 9]
    """
    if column.no_wrap:  # a column cut on purpose (a raw row's JSON): its words are cut
        return TEXT_FLOOR
    texts = [str(column.header), *map(str, column.cells)]
    return max([TEXT_FLOOR, *(cell_width(word) for text in texts for word in text.split())])


# Characters a terminal acts on rather than shows: C0 and C1 controls (ESC starts a colour,
# a window title, a link) and the bidirectional overrides and isolates, which reverse the
# figures after them ("151,256" read "652,151"). From filed employer names and file names.
_UNSHOWN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    r"""``text`` with each character a terminal would act on as U+FFFD, a tab as a space.

    Example:
        >>> printable("\x1b[31mRedCo\x1b[0m") == "\ufffd[31mRedCo\ufffd[0m"
        True
        >>> printable("\u202eEngineer") == "\ufffdEngineer", printable("a\tb")
        (True, 'a b')
    """
    return _UNSHOWN.sub("\ufffd", text.replace("\t", " "))


def render_left_out(unread: list[str], missing: list[str]) -> list[str]:
    """The lines ``ingest --all`` ends with: a data folder's files no source reads, and the
    mirrored files not there (by name), each said once or not at all.

    Example:
        >>> alone, missing = render_left_out(["a.csv", "notes.txt"], ["so-survey-2023-usd.csv"])
        >>> alone[:64]
        'left alone: a.csv, notes.txt (no source reads them; `paygrade in'
        >>> missing
        "not found: 1 source's file (so-survey-2023-usd.csv): ingested the others"
        >>> render_left_out([], [])
        []
    """
    lines = []
    if unread:
        them = "it" if len(unread) == 1 else "them"
        lines.append(
            f"left alone: {printable(', '.join(unread))} (no source reads {them}; "
            "`paygrade ingest csv FILE` reads your own)"
        )
    if missing:
        files = "1 source's file" if len(missing) == 1 else f"{len(missing)} sources' files"
        lines.append(f"not found: {files} ({', '.join(missing)}): ingested the others")
    return lines


def _shape(table: Table) -> None:
    """A figure (or an interval) stays whole, on one line; text folds; no cell holds a
    character the terminal would act on (``printable``)."""
    for column in table.columns:
        # rich keeps a column's cells in ``_cells``, with no public way to set them.
        column._cells = [printable(c) if isinstance(c, str) else c for c in column._cells]
        if column.justify == "right":
            column.no_wrap = True
        elif not column.no_wrap:  # a column cut on purpose (a raw row's JSON) stays cut
            column.overflow = "fold"


def _fit(console: Console, table: Table, droppable: Droppable) -> list[str]:
    """Make ``table`` fit ``console`` without cutting a figure or a word; the columns left
    out (a pair such as p25 and p75 together: p75 beside no p25 read as lopsided). After
    ``BREAK_WORDS`` in ``droppable``, words breaking after a hyphen is tried first."""
    dropped: list[str] = []
    breaks = False
    for names in droppable:
        if names == BREAK_WORDS:
            breaks = True
            continue
        if _needed(console, table) <= console.width or (breaks and _breaks_to_fit(console, table)):
            break
        names = (names,) if isinstance(names, str) else names
        kept = [c for c in table.columns if str(c.header) not in names]
        if len(kept) < len(table.columns):
            dropped += [str(c.header) for c in table.columns if c not in kept]
            table.columns[:] = kept
            for index, column in enumerate(kept):
                column._index = index  # rich pads the first and last column by it
    return dropped


def _squeeze(console: Console, table: Table) -> bool:
    """With every droppable column left out and the table still too wide for its words
    whole: draw no edges, then break the longest words after a hyphen, as a metro's
    "Nashville-Davidson--Murfreesboro--Franklin, TN" breaks (rich folded it anywhere,
    as it folded "senio / r"), and at last draw it wider than the terminal; whether it
    did any (or ``_fit`` had broken its words)."""
    if _needed(console, table) <= console.width:
        return not table.show_edge
    _break_words(console, table)
    # Narrower yet would cut a figure or a word: drawn this wide, the terminal wraps it.
    console.width = max(console.width, _needed(console, table))
    return True


def _breaks_to_fit(console: Console, table: Table) -> bool:
    """Whether ``table`` fits ``console`` with its longest words broken after a hyphen
    (``_break_words``); if not, it is left as it was."""
    kept_cells, edge = [(column, column._cells) for column in table.columns], table.show_edge
    _break_words(console, table)
    if _needed(console, table) <= console.width:
        return True
    for column, kept in kept_cells:
        column._cells = kept
    table.show_edge = edge
    return False


def _break_words(console: Console, table: Table) -> None:
    """Draw ``table`` with no edges and its longest words broken after a hyphen, each text
    column by what the table is too wide by, never below ``TEXT_FLOOR``."""
    table.show_edge = False
    for column in sorted(table.columns, key=_floor, reverse=True):
        excess = _needed(console, table) - console.width
        if excess <= 0 or column.justify == "right" or column.no_wrap:
            continue
        room = max(TEXT_FLOOR, _floor(column) - excess)
        column._cells = [
            " ".join(_broken(w, room) for w in str(c).split(" ")) for c in column.cells
        ]


def _broken(word: str, room: int) -> str:
    r"""``word`` on lines of at most ``room`` characters, broken only after a hyphen (a
    piece longer still, or a figure, stays whole).

    Example:
        >>> _broken("Seattle-Tacoma-Bellevue,", 15)
        'Seattle-Tacoma-\nBellevue,'
        >>> _broken("executive", 4), _broken("90,000-120,000", 8)
        ('executive', '90,000-120,000')
    """
    if FIGURE.fullmatch(word.rstrip(",.;")):  # "90,000-120,000" is one figure
        return word
    lines = [""]
    for piece in re.findall(r"[^-]+-*|-+", word):
        if lines[-1] and len(lines[-1]) + len(piece) > room:
            lines.append("")
        lines[-1] += piece
    return "\n".join(lines)


def _needed(console: Console, table: Table) -> int:
    """The width ``table`` needs for its figures whole and its text folded to its ``_floor``.

    Measured on the rows holding each column's longest cell: the widths come from
    those, and a table of 27,000 groups is not measured twice.
    """
    from dataclasses import replace

    from rich.measure import Measurement

    texts = [[str(cell) for cell in column.cells] for column in table.columns]
    rows = sorted({longest(column) for column in texts if column})
    probed = [_probed(c, column, rows) for c, column in zip(table.columns, texts, strict=True)]

    probe = copy.copy(table)
    probe.columns = [
        replace(column, header=header, _cells=shown)
        for column, (header, shown) in zip(table.columns, probed, strict=True)
    ]
    probe.rows = [table.rows[i] for i in rows]
    wide = console.options.update_width(10_000)
    return Measurement.get(console, wide, probe).maximum


def _probed(column: Any, texts: list[str], rows: list[int]) -> tuple[str, list[Any]]:
    r"""A column's header and cells in ``_needed``'s probe: a figure's as they are; a text
    column's one line as wide as its text folded to its ``_floor`` (or its longest line,
    when shorter: a word broken after a hyphen is measured by its pieces, not whole).

    Example:
        >>> from rich.table import Table
        >>> table = Table("file")
        >>> table.add_column("n", justify="right")
        >>> table.add_row("oflc-wage-\nlevels.csv", "3,275")
        >>> [_probed(column, list(column.cells), [0]) for column in table.columns]
        [('', ['xxxxxxxxxx']), ('n', ['3,275'])]
    """
    if column.justify == "right":
        return str(column.header), [texts[i] for i in rows]
    lines = [line for text in [str(column.header), *texts] for line in text.splitlines()]
    width = min(_floor(column), max(map(cell_width, lines), default=0))
    return "", ["x" * width] + [""] * (len(rows) - 1)


def _table(title: str) -> Table:
    # Rules only under the header: the columns get the width that borders would take.
    from rich import box
    from rich.table import Table

    return Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True)


def half_up(value: float) -> float:
    """A number rounded to a whole, half up (away from zero), as an offer's amounts are
    rounded to cents; from the decimal it is written as (``:,.0f`` rounds half to even).

    Example:
        >>> half_up(15_000.5), half_up(15_001.5), half_up(-35_450.5), half_up(2.4999)
        (15001.0, 15002.0, -35451.0, 2.0)
        >>> half_up(-0.4), half_up(float("inf"))  # no "-0"
        (0.0, inf)
    """
    if not math.isfinite(value):
        return value
    return float(_half_up_exact(Decimal(repr(float(value))))) or 0.0


def _half_up_exact(value: Decimal) -> Decimal:
    return value.to_integral_value(rounding=ROUND_HALF_UP)


DIGITS_MOST = 1e15  # past a quadrillion a table writes no number in digits


def _money(value: Any) -> str:
    """A sum in whole units; past a quadrillion (no pay: a claim's "$1e308") in powers
    of ten, not in its hundreds of digits.

    Example:
        >>> _money(185000.4), _money(1e308), _money(None)
        ('185,000', '1e+308', '')
    """
    if value is None:
        return ""
    return f"{value:,.0f}" if abs(value) < DIGITS_MOST else f"{value:.3g}"


def _offer_money(value: float) -> str:
    """An offer's amount in whole units, half up as its cents are (docs/cli.md, "offer"):
    ``_money`` shows 15,000.50 as 15,000 (half to even), and a year's parts did not add up
    to its total. Statistics keep ``_money``'s rounding, as their charts do.

    Example:
        >>> _offer_money(15_000.5), _money(15_000.5)
        ('15,001', '15,000')
    """
    return _money(half_up(value))


def whole_year(row: dict[str, Any]) -> dict[str, Any]:
    """An offer's year row in the whole units shown: its total half up, and its parts (every
    figure but ``year`` and ``total``, in order) so that they add up to it, each the step
    between running sums rounded half up (cumulative rounding, as a grant's vests are
    split). Each part rounded on its own, 100,000.50 + 10,000.50 had shown 100,001 + 10,001
    beside a total of 110,001. One rule for ``paygrade offer``'s table and the Offer page.

    Example:
        >>> row = {"year": 1, "base": 100_000.5, "bonus": 10_000.5, "stock": 0.0,
        ...        "one_time": 0.0, "total": 110_001.0}
        >>> [whole_year(row)[k] for k in row]
        [1, 100001.0, 10000.0, 0.0, 0.0, 110001.0]
    """
    names = [name for name in row if name not in ("year", "total")]
    amounts = [row[name] for name in names] + [row["total"]]
    if not all(math.isfinite(amount) for amount in amounts):
        return {name: half_up(value) if name != "year" else value for name, value in row.items()}
    # The running sums of the parts but the last, then the total (their exact sum):
    # the last step ends at the total shown, whatever a float's last digit.
    exact = [Decimal(repr(float(amount))) for amount in amounts]
    running = [sum(exact[: k + 1], Decimal(0)) for k in range(len(names) - 1)] + [exact[-1]]
    ends = [_half_up_exact(value) for value in running]
    steps = [end - start for start, end in zip([Decimal(0), *ends], ends, strict=False)]
    shown = {name: float(step) or 0.0 for name, step in zip(names, steps, strict=True)}
    return {**row, **shown, "total": float(ends[-1]) or 0.0}


def json_text(value: Any, default: Callable[[Any], Any] | None = None) -> str:
    """``value`` as every ``--format json`` (and the MCP server) writes it: indented, and
    never a bare ``NaN`` or ``Infinity``, which is no JSON (a folder's NaN years had been
    printed as a group key ``NaN``, and a strict reader refused the whole answer). A number
    JSON cannot hold is written ``null``, as the JSON API (pydantic) writes it.

    Example:
        >>> print(json_text({"key": {"years_experience": float("nan")}, "n": 2}), end="")
        {
          "key": {
            "years_experience": null
          },
          "n": 2
        }
    """
    try:
        return json.dumps(value, indent=2, allow_nan=False, default=default) + "\n"
    except ValueError:  # a NaN or an infinity in it (walked only then: answers are large)
        return json.dumps(finite_or_null(value), indent=2, allow_nan=False, default=default) + "\n"


def finite_or_null(value: Any) -> Any:
    """``value`` with each float that is no finite number as None (lists, dicts, tuples),
    as pydantic, and so the JSON API, writes one: ``null``.

    Example:
        >>> finite_or_null({"p50": float("nan"), "ci": (1.0, float("inf"))})
        {'p50': None, 'ci': [1.0, None]}
    """
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: finite_or_null(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [finite_or_null(item) for item in value]
    return value


def render_stats(
    result: dict[str, Any],
    fmt: str,
    title: str | None = None,
    more: str | None = None,
    flagged: str | None = None,
) -> str:
    """The stats result as a table, JSON (the contract) or CSV; ``title``: the table's,
    instead of one said from the filters; ``more``: how to see the groups left out
    (default: the options ``--min-n, --limit``); ``flagged``: how to count the flagged
    records left out (default: the option ``--include-flagged``)."""
    if fmt == "json":
        return json_text(result)
    by = result["by"]
    if fmt == "csv":
        return _stats_csv(result, by)
    title = title or _stats_title(result)
    if "no_match" in result:
        # The message says why there are none ("no record has country 'AQ'"); "no records."
        # before it said it twice. Folded as the notes are: a county's eleven areas had run
        # to 580 characters on one line of an 80-column terminal.
        return folded([f"{title}: {result['no_match']['message']}"])
    if not result["groups"] and result.get("groups_omitted"):
        # Every group is under the records asked for: an empty table with "years: none"
        # under it read as if the company had no such records.
        left = result["groups_omitted"]
        more = more or _more_groups("cli")
        have = "has" if left == 1 else "have"
        return f"{title}: none shown; {counted(left, 'group')} {have} fewer records ({more})\n"
    table = _table(title)
    # Each row's years where rows differ (filings of 2013 beside surveys of 2025); when all
    # rows share them, the footer's span says it once.
    spans = [years_cell(g.get("years")) for g in result["groups"]]
    by_row = len(set(spans)) > 1 and "year" not in by  # by year: the key says it
    for name in [*by, "n", "distinct", *(["years"] if by_row else []), *STAT_COLUMNS[1:]]:
        table.add_column(name, justify="left" if name in by else "right")
    table.add_column("median 95% CI", justify="right")
    for group, span in zip(result["groups"], spans, strict=True):
        keys = [str(group["key"][f]) if group["key"][f] is not None else "(unknown)" for f in by]
        counts = [f"{group['n']:,}", f"{group['n_distinct']:,}", *([span] if by_row else [])]
        if group["suppressed"]:
            # Said in the last, widest column: "suppressed" under p10 widened the table
            # past 100 columns and wrapped every interval.
            table.add_row(*keys, *counts, *([""] * 6), SUPPRESSED)
            continue
        # Withheld of a group counting submitted salaries, as the report and the pages say.
        shown_ci = "withheld" if interval_withheld(group) else _ci_cell(group["p50_ci"])
        table.add_row(*keys, *counts, *(_money(group[c]) for c in STAT_COLUMNS[1:]), shown_ci)
    buffer = io.StringIO()
    _print(buffer, table, droppable=STATS_DROPPABLE)
    buffer.write(_stats_footer(result, more, flagged))
    return buffer.getvalue()


def _ci_cell(ci: list[float | None] | None) -> str:
    """The median's interval in a table, as the report and the pages say it: a bound that
    would be the group's raw minimum or maximum is null and "not shown", both such
    "suppressed (min/max)"; blank where no interval exists.

    Example:
        >>> _ci_cell([1000.0, 2000.0]), _ci_cell([None, 2000.0]), _ci_cell(None)
        ('1,000 - 2,000', 'not shown - 2,000', '')
    """
    return median_ci_said(ci, _money) if ci else ""


def _listed(values: list[Any]) -> str:
    """A filter's values as a person reads them: "Google, Meta"; metros, which hold a comma
    of their own, apart by " / "; whole numbers as runs, as a span was written
    ("years_experience=40-60" had been said "40.0, 41.0, ..., 51.0", the years held).

    Example:
        >>> _listed(["Google", "Meta"]), _listed(["Austin, TX", "Boise, ID"])
        ('Google, Meta', 'Austin, TX / Boise, ID')
        >>> _listed([40.0, 41.0, 42.0, 45.0]), _listed([2019, 2020]), _listed([3.5, 4.0])
        ('40-42, 45', '2019-2020', '3.5, 4')
    """
    if values and all(_whole(v) for v in values):
        return ", ".join(spans(sorted({int(v) for v in values})))
    texts = [str(int(v)) if _whole(v) else str(v) for v in values]
    return (" / " if any("," in t for t in texts) else ", ").join(texts)


def _whole(value: Any) -> bool:
    # Never true of a bool, nan or infinity (no filter holds them; a title must not fail).
    return (
        isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer()
    )


def _stats_title(result: dict[str, Any]) -> str:
    # A span no record is in is named as written ("year < 2013"), not by the year its
    # query stands in with (1990, a year nobody wrote).
    unmatched = result.get("no_match", {}).get("unmatched", [])
    written = {u["field"]: u["written"] for u in unmatched if "written" in u}
    where = "; ".join(
        f"{k} {written[k]}" if k in written else f"{k} in {_listed(v)}"
        for k, v in result["where"].items()
    )
    return f"Annual pay, {dollars_said(result)} ({where or 'all records'})"


def dollars_said(result: dict[str, Any]) -> str:
    """The dollars a stats answer's figures are in, as its table's title says them.

    Example:
        >>> dollars_said({"value": "amount_usd_real", "reference_year": 2024})
        'USD in 2024 dollars (CPI-U)'
        >>> dollars_said({"value": "amount_usd", "local_prices": {}})
        'USD at US-average prices (BEA regional price parities)'
    """
    dollars = "USD"
    if result["value"] == "amount_usd_real":
        # A folder not written by `paygrade export` does not say its CPI year ("None dollars").
        year = result.get("reference_year")
        dollars = f"USD in {year} dollars (CPI-U)" if year else "USD in real dollars (CPI-U)"
    if "local_prices" in result:
        dollars += " at US-average prices (BEA regional price parities)"
    return dollars


def csv_notes(result: dict[str, Any], skin: str = "cli") -> list[str]:
    """What a stats CSV cannot hold, for the CLI's stderr and the API's
    ``X-Paygrade-Warning``: its table's notes (``stats_notes``), after the dollars its
    figures are in when not nominal (its header is the same: a CSV of 2024 dollars had
    read as nominal).

    Example:
        >>> csv_notes({"value": "amount_usd_real", "reference_year": 2024, "groups": []})
        ['note: figures in USD in 2024 dollars (CPI-U)']
    """
    dollars = dollars_said(result)
    said = [f"note: figures in {dollars}"] if dollars != "USD" else []
    return said + stats_notes(result, skin)


# What ``--distinct-rows`` counts, as the table's footer says it.
DISTINCT_ROWS_SAID: Final = "identical rows of one file, so n is the distinct n"


def _stats_footer(result: dict[str, Any], more: str | None, flagged: str | None = None) -> str:
    components = result["pay_components"]
    sources = ", ".join(f"{name} {n:,}" for name, n in result["sources"].items())
    span = years_span(y for g in result["groups"] for y in g.get("years", []))
    # The years are the shown groups'; the sources count every matching record, so with
    # groups left out a 2013 record could be a source of no year shown.
    years = "years of the groups shown" if result.get("groups_omitted") else "years"
    note = f"pay: {' + '.join(components) or 'none'}; {years}: {span}; "
    note += f"sources: {sources or 'none'}\n"
    # Only the JSON's "distinct_rows" had said it: the table's n read as every row's.
    if result.get("distinct_rows"):
        note += f"counted once: {DISTINCT_ROWS_SAID} (--distinct-rows)\n"
    # The table says "suppressed" in its CI column, which a narrow terminal leaves out (a
    # CSV and the JSON say it in their own "suppressed").
    if any(g.get("suppressed") for g in result["groups"]):
        note += f"blank figures, n alone: suppressed, fewer than {MIN_N} records in the group\n"
    said = stats_notes(result, more=more, flagged=flagged, table=True)
    return folded(note.splitlines() + said)


def folded(lines: Sequence[str]) -> str:
    """Lines under a table, each folded to the terminal's width (or COLUMNS) when there is
    one, its later parts indented; piped, whole. A note of what flagged records are had run
    to 121 characters under a table fitted to 80.

    Example:
        >>> print(folded(["note: short", "left out: 6 flagged records"]), end="")
        note: short
        left out: 6 flagged records
    """
    import textwrap

    terminal = shutil.get_terminal_size((0, 0)).columns
    if not terminal:
        return "".join(f"{line}\n" for line in lines)
    width = max(terminal, NARROWEST)
    fold = textwrap.TextWrapper(
        width, subsequent_indent="  ", break_long_words=False, break_on_hyphens=False
    )
    return "".join("\n".join(fold.wrap(line) or [""]) + "\n" for line in lines)


# What a note tells a person to add, as the CLI's option -> how each other skin asks for it
# (the API's query parameters): a CSV's notes reach the CLI's stderr and the API's header.
ASKED_BY: Final = {
    "--include-flagged": {"api": "include_flagged=true", "mcp": '"include_flagged": true'},
    "--min-n": {"api": "min_n"},
    "--limit": {"api": "limit"},
    "--where pay_component=base": {"api": "where=pay_component:base"},
}


def asked_by(option: str, skin: str) -> str:
    """How ``skin`` ("cli", "api" or, where it has it, "mcp") asks for what the CLI's
    ``option`` does.

    Example:
        >>> asked_by("--include-flagged", "api"), asked_by("--include-flagged", "cli")
        ('include_flagged=true', '--include-flagged')
    """
    return option if skin == "cli" else ASKED_BY[option][skin]


def _mixed_pay(skin: str = "cli") -> str:
    """The note under a group mixing base and total pay, as ``skin`` asks for one of them."""
    return (
        f"base and total pay are mixed here; add {asked_by('--where pay_component=base', skin)} "
        "(or total) to compare like with like"
    )


def mixes_pay(result: dict[str, Any]) -> bool:
    """Whether some group of a stats answer holds both base and total pay (grouped by pay
    component or by source, no row mixes them, though the answer holds both).

    A record of no known pay component (a foreign Parquet folder) mixes nothing known.

    Example:
        >>> mixes_pay({"groups": [{"pay_components": ["base"]}, {"pay_components": ["total"]}]})
        False
        >>> mixes_pay({"groups": [{"pay_components": ["base", "total"]}]})
        True
    """
    return any(
        len([c for c in group["pay_components"] if c != UNKNOWN]) > 1 for group in result["groups"]
    )


def flagged_said(n: int, how: str = "") -> str:
    """``n`` flagged records and what a flag is (``how``: how to count them too): "flagged
    implausible" was wrong for a filing another source counts (cross_copies).

    Example:
        >>> flagged_said(2, "--include-flagged counts them")
        '2 flagged records (each an implausible figure or a filing another source counts; \
--include-flagged counts them)'
        >>> flagged_said(1)
        '1 flagged record (an implausible figure or a filing another source counts)'
    """
    each = "" if n == 1 else "each "
    return f"{counted(n, 'flagged record')} ({each}{FLAGGED_MEANS}{'; ' if how else ''}{how})"


def stats_notes(
    result: dict[str, Any],
    skin: str = "cli",
    more: str | None = None,
    flagged: str | None = None,
    *,
    table: bool = False,
) -> list[str]:
    """What a stats answer says beside its groups: under the table, and for a CSV, which
    has no room for it, on the CLI's stderr and in the API's ``X-Paygrade-Warning``; what
    they tell a person to add is said as ``skin`` ("cli" or "api") asks for it (``more``:
    how to see the groups left out, ``flagged``: how to count the flagged records, when
    not by the options: a company's tables are asked by ``company``, which has neither;
    ``table``: said under the table, whose interval cells have words where a CSV is blank).

    Example:
        >>> stats_notes({"groups": [], "flagged_excluded": 7, "groups_omitted": 2})
        ['left out: 7 flagged records (each an implausible figure or a filing another source \
counts; --include-flagged counts them)', 'not shown: 2 more groups (--min-n, --limit)']
        >>> stats_notes({"groups": [], "flagged_excluded": 7}, "api")[0]
        'left out: 7 flagged records (each an implausible figure or a filing another source \
counts; include_flagged=true counts them)'
        >>> stats_notes({"groups": [], "flagged_excluded": 1}, flagged="paygrade stats ...")
        ['left out: 1 flagged record (an implausible figure or a filing another source counts; \
paygrade stats ... counts it)']
    """
    notes = [f"note: {_mixed_pay(skin)}"] if mixes_pay(result) else []
    # With no group, the no-match message says why, flagged records too (said twice).
    if result.get("flagged_excluded") and "no_match" not in result:
        n = result["flagged_excluded"]
        flagged = flagged or asked_by("--include-flagged", skin)
        them = "it" if n == 1 else "them"
        notes.append(f"left out: {flagged_said(n, f'{flagged} counts {them}')}")
    if "local_prices" in result:
        from paygrade.prices import left_out_notes  # its sources load only for local prices

        notes += left_out_notes(result["local_prices"])
    if result.get("groups_omitted"):
        shown = more or _more_groups(skin)
        notes.append(f"not shown: {counted(result['groups_omitted'], 'more group')} ({shown})")
    return notes + _blanks_said(result["groups"], table=table)


def _blanks_said(groups: list[dict[str, Any]], *, table: bool = False) -> list[str]:
    """Why a shown group's figures are blank (or coarse): a reader of the table sees no
    reason else.

    Example:
        >>> seven = {"suppressed": False, "n": 7, "p10": None, "p50_ci": [None, 2.0]}
        >>> _blanks_said([seven])[0]
        'blank p10 and p90: fewer than 10 records in the group'
        >>> _blanks_said([seven], table=True)[1].split(": that")[0]
        'median 95% CI "not shown" at an end (both ends: "suppressed (min/max)")'
    """
    shown = [g for g in groups if not g.get("suppressed")]
    return blank_cells_said(shown, table=table) + _rounding_said(shown)


def blank_cells_said(shown: list[dict[str, Any]], *, table: bool = True) -> list[str]:
    """Why shown groups' cells are blank or no two figures: p10 and p90 of fewer than 10
    records, a median interval of too few, an end of one never published, one withheld.
    The report says it beneath its tables in these words too (its blank p10 and "not
    shown" had been said under no table, only in its methodology).

    Example:
        >>> eight = {"n": 8, "p10": None, "p50_ci": [None, 2.0]}
        >>> [note.split(":")[0] for note in blank_cells_said([eight])]
        ['blank p10 and p90', 'median 95% CI "not shown" at an end (both ends']
    """
    notes = []
    # A row with no p10 column (a median's interval alone) has no blank p10 to say.
    if any("p10" in g and g["p10"] is None for g in shown):
        notes.append(f"blank p10 and p90: fewer than {MIN_N_TAILS} records in the group")
    # None with an interval's records: a group counting submitted salaries (``stats``).
    private = {id(g) for g in shown if interval_withheld(g)}
    intervals = [g.get("p50_ci") for g in shown if id(g) not in private]
    notes += _interval_blanks_said(intervals) if table else _csv_interval_blanks_said(intervals)
    if private:
        # It had been said "too few records" of a group of 11.
        notes.append(
            "median 95% CI withheld of a group counting submitted salaries (null in JSON): "
            "never published of those (its ends are two of the group's own pay)"
        )
    return notes


def _csv_interval_blanks_said(intervals: list[list[float | None] | None]) -> list[str]:
    # A CSV's p50_ci_low and p50_ci_high, the JSON's nulls: blank either way.
    if any(None in (ci or [None]) for ci in intervals):
        return [
            "blank median 95% CI (or one end): too few records, so no 95% interval exists "
            "(fewer than 6) or its end is the group's smallest or largest pay, never published"
        ]
    return []


def _interval_blanks_said(intervals: list[list[float | None] | None]) -> list[str]:
    """A table's interval cells that are no two figures, as ``_ci_cell`` says them: blank
    where none exists, an end "not shown" (the note had said "blank ... (or one end)" of a
    table whose cells said "suppressed (min/max)")."""
    notes = []
    if any(ci is None for ci in intervals):
        notes.append(
            "blank median 95% CI: too few records, so no 95% interval exists (fewer than 6)"
        )
    if any(ci is not None and None in ci for ci in intervals):
        notes.append(
            f'median 95% CI "{CI_END_HIDDEN}" at an end (both ends: "{CI_SUPPRESSED}"): that '
            "end is the group's smallest or largest pay, never published"
        )
    return notes


def _rounding_said(shown: list[dict[str, Any]]) -> list[str]:
    """That a shown group's mean and percentiles are coarse (its ``rounded_to``): they look
    exact, and without a word a reader would take $127,000 to the dollar.

    Example:
        >>> _rounding_said([{"n": 5, "rounded_to": 1000}])[0][:42]
        'mean and percentiles to the nearest $1,000'
        >>> _rounding_said([{"n": 5, "rounded_to": None}])
        []
    """
    if not any(g.get("rounded_to") for g in shown):
        return []
    return [
        f"mean and percentiles to the nearest ${PRIVATE_STEP:,} of a group counting submitted "
        "salaries (rounded_to in JSON): exact figures of two groups one submission apart "
        "give its pay"
    ]


def _more_groups(skin: str) -> str:
    return f"{asked_by('--min-n', skin)}, {asked_by('--limit', skin)}"


def terminal_wrapped(line: str) -> str:
    """``line`` folded to the terminal's width as the tables are (piped: as it is).

    Example:
        >>> terminal_wrapped("a few words")  # piped, as the doctests run
        'a few words'
    """
    import textwrap

    terminal = shutil.get_terminal_size((0, 0)).columns
    return textwrap.fill(line, max(terminal, NARROWEST)) if terminal else line


def _nominal_ci_withheld(row: dict[str, Any]) -> bool:
    return row["p50_nominal"] is not None and interval_withheld(
        {"n": row["n"], "p50_ci": row["p50_nominal_ci"]}
    )


def _nominal_ci_cell(row: dict[str, Any]) -> str:
    """A metro's median interval; "withheld" of a metro counting submitted salaries (its
    cell had been blank, with no word why).

    Example:
        >>> row = {"p50_nominal": 9.0, "n": 66, "p50_nominal_ci": None}
        >>> _nominal_ci_cell(row), _nominal_ci_cell({**row, "p50_nominal_ci": [1.0, 2.0]})
        ('withheld', '1 - 2')
    """
    if row["p50_nominal"] is None:
        return ""
    return "withheld" if _nominal_ci_withheld(row) else _ci_cell(row["p50_nominal_ci"])


def _parity_years(rows: list[dict[str, Any]]) -> str:
    """The years of the parities shown, as the report names them: "latest year" had left
    which year unsaid (the JSON's ``rpp_year``).

    Example:
        >>> _parity_years([{"rpp_year": 2024}, {"rpp_year": None}]), _parity_years([])
        (' of 2024', ', latest year')
    """
    years = sorted({row["rpp_year"] for row in rows if row.get("rpp_year")})
    return f" of {', '.join(map(str, years))}" if years else ", latest year"


def render_factor_table(result: dict[str, Any], fmt: str) -> str:
    """Metros ranked by median pay, nominal and at US-average prices."""
    if fmt == "json":
        return json_text(result)
    where = "; ".join(
        f"{k} {', '.join(map(str, v))}" for k, v in result["where"].items() if k != "metro"
    )
    table = _table(f"Median pay, nominal and at US-average prices ({where})")
    names = ("metro", "n", "years", "RPP", "rents", "median", "median 95% CI", "rank",
             "at US prices", "rank ")  # fmt: skip
    for name in names:
        table.add_column(name, justify="left" if name == "metro" else "right")
    for row in result["rows"]:
        unranked = "-" if row.get("rank_note") else ""
        table.add_row(
            row["metro"],
            f"{row['n']:,}",
            years_span(row.get("years") or []),
            _cell(row["rpp_all_items"]),
            _cell(row["rpp_housing"]),
            _money(row["p50_nominal"]),
            _nominal_ci_cell(row),
            _cell(row["rank_nominal"]) or unranked,
            _money(row["p50_local"]),
            _cell(row["rank_local"]) or ("-" if row.get("rank_local_note") else unranked),
        )
    buffer = io.StringIO()
    _print(buffer, table, droppable=LOCAL_PRICES_DROPPABLE)
    notes = dict.fromkeys(row["rank_note"] for row in result["rows"] if row.get("rank_note"))
    for note in notes:  # each reason once, with its metros
        rows = [row for row in result["rows"] if row.get("rank_note") == note]
        metros = ", ".join(f"{row['metro']} (n {row['n']:,})" for row in rows)
        buffer.write(f"{terminal_wrapped(f'not ranked (-): {metros}: {note}')}\n")
    # Each reason once, with its metros: San Juan (BEA never prices Puerto Rico) and a metro
    # of years before BEA's series had been said one reason, the first metro's.
    unpriced = dict.fromkeys(
        row["rank_local_note"] for row in result["rows"] if row.get("rank_local_note")
    )
    for note in unpriced:
        rows = [row for row in result["rows"] if row.get("rank_local_note") == note]
        metros = ", ".join(f"{row['metro']} (n {row['n']:,})" for row in rows)
        buffer.write(f"{terminal_wrapped(f'not ranked at US prices (-): {metros}: {note}')}\n")
    if withheld := [row for row in result["rows"] if _nominal_ci_withheld(row)]:
        metros = ", ".join(f"{row['metro']} (n {row['n']:,})" for row in withheld)
        said = f"withheld median 95% CI: {metros}: the group counts submitted salaries"
        buffer.write(f"{terminal_wrapped(said)}\n")
    buffer.writelines(f"{terminal_wrapped(note)}\n" for note in _rounding_said(result["rows"]))
    buffer.write(
        f"RPP: BEA all-items regional price parity{_parity_years(result['rows'])} (US = 100); "
        "rents: housing. Each record is divided by its own year's parity before the median is "
        "taken.\n"
    )
    from paygrade.prices import left_out_notes

    for note in left_out_notes(result.get("local_prices")):
        buffer.write(f"{note}\n")
    return buffer.getvalue()


def _stats_csv(result: dict[str, Any], by: list[str]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    # years came last (the contract gives every group its years, in every format), then
    # rounded_to: the columns before each keep their places for readers that count them.
    # Without rounded_to a group's withheld interval read as one of too few records.
    extra = ("p50_ci_low", "p50_ci_high", "suppressed", "pay_components", "years", "rounded_to")
    writer.writerow([*by, "n", "n_distinct", *STAT_COLUMNS[1:], *extra])
    for group in result["groups"]:
        ci = group.get("p50_ci") or [None, None]
        stats = [group.get(c) for c in ("n", "n_distinct", *STAT_COLUMNS[1:])]
        components = "+".join(group["pay_components"])
        years = ";".join(map(str, group.get("years") or []))
        keys = [group["key"][f] for f in by]
        cells = [*keys, *_blank(stats), *_blank(ci), group["suppressed"], components, years]
        cells += _blank([group.get("rounded_to")])  # none of a suppressed group, as in JSON
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return buffer.getvalue()


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell that a spreadsheet will not run: text starting as a formula gets a
    leading ``'`` (OWASP's advice); numbers and other text are left as they are.

    Example:
        >>> spreadsheet_safe("=HYPERLINK(1)"), spreadsheet_safe("-x"), spreadsheet_safe(-5.0)
        ("'=HYPERLINK(1)", "'-x", -5.0)
        >>> spreadsheet_safe("Google")
        'Google'
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _blank(values: Sequence[Any]) -> list[Any]:
    return ["" if v is None else v for v in values]


def render_compare(result: dict[str, Any], fmt: str) -> str:
    """A comparison as JSON (the contract) or a table with a row per source."""
    if fmt == "json":
        return json_text(result)
    where = "; ".join(f"{k} {', '.join(map(str, v))}" for k, v in result["where"].items())
    title = f"Annual pay side by side ({where})"
    table = _table(title)
    local = result.get("price_parity") is not None
    for name in ("source", "kind", "pay", "what", "n", *STAT_COLUMNS[1:6]):
        table.add_column(name, justify="right" if name in STAT_COLUMNS else "left")
    if local:
        table.add_column("p50 at US prices", justify="right")
    for row in result["rows"]:
        if row["kind"] != "prevailing_wage":
            extra = [_money(row.get("p50_local"))] if local else []
            table.add_row(*_compare_cells(row), *extra)
    buffer = io.StringIO()
    # No row: its title alone, as every table of none says it (``render_rows``), folded at
    # the terminal's width; an empty table's title had folded at its headers' 53 columns,
    # mid-phrase ("(role ml_engineer; country" over "AQ)"). The notes say why.
    _print(buffer, table if table.row_count else f"{title}: none", COMPARE_DROPPABLE)
    matching = {r["level_for_profile"] for r in result["rows"] if r.get("level_for_profile")}
    levels = _wage_levels_table(result["rows"])
    if levels.row_count:
        _print(buffer, levels, [name for name in OFLC_DROPPABLE if name not in matching])
    if levels.row_count > sum(row["kind"] == "prevailing_wage" for row in result["rows"]):
        buffer.write(f"note: {US_PRICES_ROW}\n")
    if matching:
        asked = ", ".join(map(str, result["where"].get("level", [])))
        buffer.write(f"*: level {', '.join(sorted(matching))} is the one for --level {asked}\n")
    buffer.writelines(f"note: {note}\n" for note in result["notes"])
    buffer.writelines(f"note: {note}\n" for note in _rounding_said(result["rows"]))
    if flagged := result.get("flagged_excluded"):  # as the report's copy of this table says
        buffer.write(f"left out: {flagged_said(flagged)}\n")
    return buffer.getvalue()


# Said under the OFLC table when it has rows at US-average prices (``levels_local``), as
# the /locations/{metro} page shows them beside the wages: the command line had left them out.
US_PRICES_ROW: Final = (
    "US prices: an occupation's wages at US-average prices, divided by the metro's BEA "
    "all-items price parity"
)


def _wage_levels_table(rows: list[dict[str, Any]]) -> Table:
    """OFLC's wages by level, each occupation's row followed by its wages at US-average
    prices where the comparison gives them (a metro's)."""
    levels = _table("OFLC prevailing wage levels (H-1B minimums, base pay)")
    for name in ("occupation", "period", "I", "II", "III", "IV"):
        levels.add_column(name, justify="left" if name in ("occupation", "period") else "right")
    for row in rows:
        if row["kind"] != "prevailing_wage":
            continue
        levels.add_row(row["occupation"], row["period"], *_wage_level_cells(row))
        if row.get("levels_local"):
            local = {**row, "levels": row["levels_local"]}
            # Named in the occupation's column, never left out for width ("US prices" is
            # no wider than its header): the period's would leave the row unnamed.
            levels.add_row("US prices", "", *_wage_level_cells(local))
    return levels


def _wage_level_cells(row: dict[str, Any]) -> list[str]:
    """An OFLC row's wages by level, the level matching the profile's marked ``*`` (the
    JSON's ``level_for_profile``).

    Example:
        >>> _wage_level_cells({"levels": {"I": 1e5, "II": 1.2e5}, "level_for_profile": "II"})
        ['100,000', '120,000*']
    """
    marked = row.get("level_for_profile")
    return [_money(v) + ("*" if name == marked else "") for name, v in row["levels"].items()]


def _compare_cells(row: dict[str, Any]) -> list[str]:
    head = [row["source"], row["kind"], row["pay_component"]]
    if row["kind"] == "official":
        what = f"{row['occupation']} {row['occupation_title']}, {row['year']}"
        cells = [
            f">= {_money(row[c])}" if c in row["top_coded"] else _money(row[c])
            for c in STAT_COLUMNS[1:6]
        ]
        return [*head, what, "", *cells]
    span = years_span(row["years"])
    if row.get("state"):  # a file naming no metro: its records of the metro's state(s)
        span += f", all of {'/'.join(row['state'])}"
    if row["suppressed"]:
        return [*head, span, f"{row['n']:,}", "suppressed", "", "", "", ""]
    return [*head, span, f"{row['n']:,}", *(_money(row[c]) for c in STAT_COLUMNS[1:6])]


RAW_NEIGHBOUR_WIDTH: Final = 28


# A quarantined row's number is its data row (1 = the row under the header, blank rows
# counted), not its line: headed "source_row", the audit read fifty.csv's "26" as the line
# it is not (27), and an xlsx's "3" (its header on sheet row 3) as sheet row 3, not 6.
QUARANTINE_LABELS: Final = {"source_row": "data row"}


def render_rows(
    rows: list[dict[str, Any]],
    fmt: str,
    *,
    title: str,
    columns: Sequence[str] = (),
    figures: Sequence[str] = (),
    droppable: Droppable = (),
    labels: Mapping[str, str] | None = None,
) -> str:
    """A list of flat dicts as a table, JSON or CSV; ``columns``: the CSV header when there
    are no rows; ``figures``: the columns of numbers (right-aligned, never cut),
    ``droppable``: the columns a narrow terminal leaves out first (see ``_print``) and
    ``labels``: a table's heading of a column (JSON and CSV keep its key)."""
    if fmt == "json":
        return json_text(rows, default=str)
    columns = list(rows[0]) if rows else list(columns)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: spreadsheet_safe(v) for k, v in row.items()} for row in rows)
        return buffer.getvalue()
    table = _table(title)
    # A raw row is long JSON: one line of it, cut, keeps the table readable. It takes the
    # width the other columns leave (``expand`` with a ``ratio``); measured like them, its
    # one long line squeezed them to nothing (the quarantine's reasons went unseen).
    table.expand = "raw" in columns
    for column in columns:
        raw = column == "raw"
        table.add_column(
            (labels or {}).get(column, column),
            justify="right" if column in figures else "left",
            no_wrap=raw,
            overflow="ellipsis",
            ratio=1 if raw else None,
            min_width=20 if raw else None,
            # Beside a raw row the other columns fold within a share of the width: a long
            # reason had taken it all (the raw row, the point of the listing, went unseen).
            max_width=RAW_NEIGHBOUR_WIDTH if table.expand and not raw else None,
        )
    for row in rows:
        table.add_row(*(_cell(row[c]) for c in columns))
    buffer = io.StringIO()
    _print(buffer, table if rows else f"{title}: none", droppable)
    return buffer.getvalue()


def render_records(result: dict[str, Any], fmt: str) -> str:
    """A page of records (``evidence.records``): JSON (the API's), CSV (every column of each
    row), or a table of the columns that place a figure, and what else matched."""
    if fmt == "json":
        return json_text(result, default=str)
    rows = result["rows"]
    if fmt == "csv":  # a record's flags in one cell, apart by ";" (none: empty)
        from paygrade.evidence import ROW_KEYS

        flat = [{**row, "flags": ";".join(row["flags"] or [])} for row in rows]
        # Its header even with no row listed (only submitted salaries matched: it had been
        # an empty line, no column named).
        return render_rows(flat, fmt, title="Records", columns=ROW_KEYS)
    first = (result["page"] - 1) * result["per_page"] + 1
    title = (
        f"Records {first:,}-{first + len(rows) - 1:,} of {result['total']:,}, newest first"
        if rows
        else f"Records (page {result['page']} of {result['pages']})"
    )
    # What places a figure, and where to find its row: numbers as written in a file
    # (a year is no count), the narrowest place a record names.
    shown = [
        {
            "year": str(row["year"] or ""),
            "company": row["company"],
            "title": row["title"],
            "level": row["level"],
            "place": narrowest_place(row),
            "pay": row["pay_component"],
            "amount_usd": _money(row["amount_usd"]),
            "file": row["file"],
            "row": str(row["source_row"]),
        }
        for row in rows
    ]
    text = render_rows(shown, fmt, title=title, figures=RECORD_FIGURES, droppable=RECORDS_DROPPABLE)
    return text + "".join(f"{line}\n" for line in records_notes(result))


def records_notes(result: dict[str, Any]) -> list[str]:
    """What a page of records does not show: the pages after it, the records matching that
    are never listed, those left out as flagged. Under a table; on stderr beside a CSV (the
    first 50 of 3,447 records had said nothing of the rest).

    Example:
        >>> records_notes({"page": 1, "pages": 69, "not_listed": {}, "flagged_excluded": 0})
        ['page 1 of 69: --page 2 for more']
        >>> records_notes({"page": 1, "pages": 31077, "not_listed": {}, "flagged_excluded": 0})
        ['page 1 of 31,077: --page 2 for more']
    """
    notes = []
    if result["page"] < result["pages"]:
        # The count marked as the title's "of 62,154" is; the page to type is not.
        page, pages = result["page"], result["pages"]
        notes.append(f"page {page} of {pages:,}: --page {page + 1} for more")
    for source, n in result["not_listed"].items():
        listed = counted(n, f"{source} record")
        notes.append(f"also matching: {listed}, counted in statistics but never listed")
    if flagged := result.get("flagged_excluded"):  # as /records says (records-flagged)
        notes.append(f"left out: {flagged_said(flagged, '--include-flagged lists them too')}")
    return notes


def render_info(facts: dict[str, Any], fmt: str) -> str:
    """Where things are and what is loaded: JSON, or a few lines."""
    if fmt == "json":
        return json_text(facts)
    lines = [
        f"store: {facts['store']}",
        f"data folder: {facts['data_dir']}",
        f"records: {facts['records']:,}"
        + (f" ({facts['flagged']:,} flagged: {FLAGGED_MEANS})" if facts.get("flagged") else ""),
    ]
    if not facts["files"]:
        lines.append("loaded: nothing yet (run `paygrade ingest --all`)")
    lines += [
        f"  {f['source']:<18} {printable(f['file']):<40} {_rows_told(f['rows'])} rows  "
        f"{f['ingested_at']} UTC"
        for f in facts["files"]
    ]
    if stale := facts.get("other_rules"):
        lines.append(
            f"note: {len(stale)} record file(s) were normalized under other rules than "
            "this paygrade's, before a reference file they read (CPI, OFLC geography) "
            "was loaded, at exchange rates a newer aijobs file replaced, or in another "
            "reference year's dollars: run `paygrade rebuild "
            "--if-stale` to read them by these"
        )
    if model := facts.get("model"):
        lines.append(_model_line(model))
    return "\n".join(lines) + "\n"


def _rows_told(rows: int | None) -> str:
    """A file's rows as ``info`` lists them; None: a private source's few, not told.

    Example:
        >>> _rows_told(1234), _rows_told(None)
        ('    1,234', 'not told')
    """
    return "not told" if rows is None else f"{rows:>9,}"


def _model_line(model: dict[str, Any]) -> str:
    """The estimator's model as ``info`` says it.

    Example:
        >>> _model_line({"folder": "m", "newest": "20261202T022805Z", "trained_on": "a1",
        ...              "current": False, "training": None})
        'model: 20261202T022805Z in m, trained on older data (a1): run `paygrade train`'
    """
    # A training under way, or one killed before it saved its model, said after the model.
    said = model["training"] or model.get("training_stopped")
    if model.get("not_a_folder"):
        line = (
            f"model: none: the models folder {model['folder']} is a file, not a folder "
            "(set PAYGRADE_MODELS to a folder)"
        )
    elif model["newest"] is None:
        line = f"model: none in {model['folder']}"
        line += "" if said else " (run `paygrade train`)"
    elif model.get("damaged"):  # bytes other than saved, or no model at all: each in its words
        from paygrade.estimate.modelfile import NOT_AS_SAVED

        why = model.get("unreadable_why") or NOT_AS_SAVED
        line = (
            f"model: {model['newest']} in {model['folder']} cannot be read ({why}): "
            "run `paygrade train`"
        )
    elif model.get("readable") is False:  # "older data" had been said of today's
        line = (
            f"model: {model['newest']} in {model['folder']} was saved by another version of "
            "paygrade, whose models this one does not read: run `paygrade train`"
        )
    else:
        # While a newer model trains, "run `paygrade train`" is under way already.
        train = "" if model["training"] else ": run `paygrade train`"
        line = f"model: {model['newest']} in {model['folder']}, " + (
            "trained on the data as it is"
            if model["current"]
            else f"trained on older data ({model['trained_on']}){train}"
        )
    return f"{line}; {said}" if said else line


def render_sources(rows: list[dict[str, Any]], fmt: str) -> str:
    """Loaded files; the table shortens hashes and drops timings (JSON and CSV keep all)."""
    from paygrade.sources.reading import read_as

    if fmt != "table":
        from paygrade.quality import SOURCE_COLUMNS

        return render_rows(rows, fmt, title="Loaded sources", columns=SOURCE_COLUMNS)
    shown = [
        {
            "source": r["source"],
            "file": r["file"] + read_as(r["encoding"]),  # as ingest said it
            "sha256": r["sha256"][:12] + "…" if r["sha256"] else "not told",
            "read": r["rows_read"],
            "accepted": r["rows_accepted"],
            "rejected": r["rows_rejected"],
            "flagged": r["rows_flagged"],
            "licence": r["licence"],
        }
        for r in rows
    ]
    return render_rows(shown, fmt, title="Loaded sources", droppable=SOURCES_DROPPABLE)


def render_submissions(rows: list[dict[str, Any]], fmt: str, *, title: str) -> str:
    """Queued submissions; the table keeps what a reviewer decides on (JSON keeps all)."""
    if fmt != "table":
        return render_rows(rows, fmt, title=title)
    mixed = len({r["status"] for r in rows}) > 1
    shown = [
        {
            "id": r["id"],
            **({"status": r["status"]} if mixed else {}),
            "submitted": (r["submitted_at"] or "")[:10],
            "title": r["title"],
            "company": r.get("company"),
            "level": r.get("level"),
            "place": _place(r),
            "year": str(r["year"]),
            "base": _money(r["base"]),
            "total": _money(r["base"] + r["bonus"] + r["stock_per_year"]),
            "currency": r["currency"],
            # A decided one's are None: said for deciding, not kept.
            "warnings": "; ".join(r.get("warnings") or ()),
        }
        for r in rows
    ]
    return render_rows(shown, fmt, title=title)


def narrowest_place(row: dict[str, Any]) -> str | None:
    """The narrowest place a record names: its town (``evidence.town``), a city abroad or a
    state alone with its country, else its country. A state alone had been written bare:
    "CA" was California in the H-1B filings' rows and Canada in the survey's.

    Example:
        >>> row = {"city": "Mountain View", "metro": "San Jose-Sunnyvale-Santa Clara, CA",
        ...        "state": "CA", "country": "US"}
        >>> narrowest_place(row), narrowest_place({**row, "city": None})
        ('Mountain View, CA', 'San Jose-Sunnyvale-Santa Clara, CA')
        >>> narrowest_place({"city": "Berlin", "country": "DE"})
        'Berlin, DE'
        >>> narrowest_place({"state": "CA", "country": "US"}), narrowest_place({"country": "CA"})
        ('CA, US', 'CA')
    """
    from paygrade.evidence import town

    found = town(row)
    city_abroad = bool(found and row.get("city") and not row.get("state"))
    state_alone = found is not None and found == row.get("state")
    if (city_abroad or state_alone) and row.get("country"):
        return f"{found}, {row['country']}"
    return found or row.get("country")


def _place(row: dict[str, Any]) -> str:
    """ "Seattle, WA, US", "Seattle-Tacoma-Bellevue, WA, US" or "DE"."""
    local = [row.get("metro")] if row.get("metro") else [row.get("city"), row.get("state")]
    return ", ".join(str(part) for part in [*local, row.get("country")] if part)


COMPANY_COLUMNS: Final = ("company", "n", "n_distinct", "sources", "raw_names")


def render_companies(rows: list[dict[str, Any]], fmt: str) -> str:
    """Companies as JSON (sources and raw names nested), or flat for a table or CSV.

    The table shows a company's three commonest raw names and how many there are
    in all; CSV keeps them all.
    """
    if fmt == "json":
        return render_rows(rows, fmt, title="Companies")
    shown = [
        {
            "company": r["company"],
            "n": r["n"],
            "n_distinct": r["n_distinct"],
            "sources": "; ".join(f"{name} {_number(n, fmt)}" for name, n in r["sources"].items()),
            "raw_names": _raw_names(r["raw_names"], fmt),
        }
        for r in rows
    ]
    return render_rows(
        shown, fmt, title="Companies", columns=COMPANY_COLUMNS, droppable=COMPANIES_DROPPABLE
    )


# A company profile's pay tables, in the order shown, with what each is grouped by.
PROFILE_SECTIONS: Final = (
    ("by_level", "by pay component and level"),
    ("by_title", "by pay component and title (titles with 5 or more records)"),
    ("by_metro", "by pay component and metro"),
    ("by_state", "by pay component and US state (the late-2023 filings name a state, not a metro)"),
    ("by_year", "by pay component and year"),
)


def render_company(profile: dict[str, Any], fmt: str) -> str:
    """A company's profile as JSON (the API's), or its counts and a table per grouping."""
    if fmt == "json":
        return json_text(profile, default=str)
    sources = "; ".join(f"{name} {n:,}" for name, n in profile["sources"].items())
    text = (
        f"{profile['company']}: {counted(profile['n'], 'record')} "
        f"({profile['n_distinct']:,} distinct); "
        f"sources: {sources}\nfiled as: {_raw_names(profile['raw_names'], fmt)}\n"
    )
    from paygrade.companies import flagged_switch

    company = profile["company"]
    for key, grouping in PROFILE_SECTIONS:
        title = f"{company}: annual pay, USD, {grouping}"
        # `company` has no --include-flagged, --min-n or --limit: the notes name the `stats`
        # command that asks the same question and has them.
        switch = flagged_switch(company, profile[key]["by"])
        more = f"{switch.removesuffix(' --include-flagged')} lists all"
        text += "\n" + render_stats(profile[key], fmt, title, more, switch)
    return text


def _raw_names(names: list[dict[str, Any]], fmt: str, shown: int = 3) -> str:
    """``NAME (n); NAME (n)``: all of them in CSV, else the first ``shown`` and how many.

    Example:
        >>> names = [{"name": "INTEL CORPORATION", "n": 1098}, {"name": "INTEL", "n": 2}]
        >>> _raw_names(names, "table", shown=1)
        'INTEL CORPORATION (1,098); ... 2 names in all'
        >>> _raw_names(names, "csv")
        'INTEL CORPORATION (1098); INTEL (2)'
    """
    listed = names if fmt == "csv" else names[:shown]
    text = "; ".join(f"{r['name']} ({_number(r['n'], fmt)})" for r in listed)
    if len(listed) < len(names):
        text += f"; ... {len(names):,} names in all"
    return text


def _number(n: int, fmt: str) -> str:
    return str(n) if fmt == "csv" else f"{n:,}"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def render_quality(report: dict[str, Any], fmt: str) -> str:
    """The quality report as JSON, or a few readable lines per source."""
    if fmt == "json":
        return json_text(report, default=str)
    if not report["sources"]:  # a blank line had been the whole answer, as the page says it
        return "No record is loaded: run `paygrade ingest --all`.\n"
    lines: list[str] = []
    for source in report["sources"]:
        checks = source["checks"]
        lines.append(
            f"{source['source']}: {counted(source['records'], 'record')}, "
            # A private source's count of 1-9 is not told (quality._told): None here.
            f"{_few(checks['quarantined'])} quarantined"
        )
        dup = checks["exact_duplicates"]
        lines.append(
            f"  exact duplicates: {counted(dup['rows'], 'row')} ({share_said(dup['share'])})"
        )
        lines.extend(f"  heaping: {_heaped(cell)}" for cell in checks["heaping"])
        lines.append(f"  flagged: {_flagged(checks['implausible'])}")
        lines.append(f"  levels: {_levels(checks['levels'])}")
        if said := _no_firm_said(checks["company_no_firm"]):
            lines.append(f"  company naming no firm: {said}")
        lines.append(f"  years: {_shares(checks['year_share'])}")
        lines.append(f"  countries: {_shares(checks['country_share'])}")
    return "\n".join([*lines, *_flags_explained(report["sources"])]) + "\n"


def _no_firm_said(check: dict[str, Any]) -> str | None:
    """The records whose company names no firm, with the commonest names; None when none.

    Example:
        >>> _no_firm_said({"rows": 3, "names": [{"name": "Corp", "rows": 2},
        ...                                     {"name": "N/A", "rows": 1}]})
        "3 records ('Corp' 2, 'N/A' 1), stored without a company"
        >>> _no_firm_said({"rows": 0, "names": []}) is None
        True
    """
    if not check["rows"]:
        return None
    names = ", ".join(f"{row['name']!r} {row['rows']:,}" for row in check["names"])
    which = f" ({names})" if names else ""
    return f"{counted(check['rows'], 'record')}{which}, stored without a company"


def _flags_explained(sources: list[dict[str, Any]]) -> list[str]:
    """What each flag named above means, once: the text gave bare codes ("entry_above_300k
    49") while the page and the JSON give each its why.

    Example:
        >>> one = {"checks": {"implausible": {"by_flag": {"f": {"rows": 2, "why": "too low"}}}}}
        >>> _flags_explained([one, one])
        ['flags (kept, left out of statistics unless asked for):', '  f: too low']
    """
    whys = {
        flag: item["why"]
        for source in sources
        for flag, item in source["checks"]["implausible"]["by_flag"].items()
    }
    if not whys:
        return []
    head = "flags (kept, left out of statistics unless asked for):"
    return [head, *(f"  {flag}: {why}" for flag, why in sorted(whys.items()))]


def share_said(share: float) -> str:
    """A share as a percent, one above 0 that rounds to 0.0% as "under 0.1%" (as the
    /quality page says it: 4 copies had read "(0.0%)").

    Example:
        >>> share_said(0.0004), share_said(0.0), share_said(0.1234)
        ('under 0.1%', '0.0%', '12.3%')
    """
    return "under 0.1%" if 0 < share < 0.0005 else f"{share:.1%}"


def _heaped(cell: dict[str, Any]) -> str:
    # Said as the /quality page says a cell: "?" was the CLI's own word for a value not held.
    remote = "unknown" if cell["remote"] is None else f"{cell['remote']}%"  # 0 is on-site
    where = (
        f"{cell['year']}, {cell['country'] or 'no country'}, {cell['level'] or 'no level'}, "
        f"remote {remote}"
    )
    values = " or ".join(_money(v) for v in cell["values"])
    return (
        f"{where}: {cell['share']:.1%} of {cell['rows']:,} rows are exactly {values} "
        f"({counted(cell['titles_with_these_values'], 'title')})"
    )


def counted(n: int | float, noun: str, plural: str | None = None) -> str:
    """``n`` and the noun, plural unless n is 1 (``plural``: a noun's own, else noun + "s").

    Example:
        >>> counted(1, "title"), counted(37, "title"), counted(2.0, "company", "companies")
        ('1 title', '37 titles', '2 companies')
    """
    whole = int(n)
    return f"{whole:,} " + (noun if whole == 1 else plural or noun + "s")


def _few(n: int | None) -> str:
    """A count the quality report tells, or what it says of one it does not (a private
    source's count of 1-9).

    Example:
        >>> _few(1_500), _few(None)
        ('1,500', 'fewer than 10')
    """
    return f"fewer than {PRIVATE_MIN}" if n is None else f"{n:,}"  # quality.TOLD_FROM


def _flagged(check: dict[str, Any]) -> str:
    flags = ", ".join(f"{flag} {_few(item['rows'])}" for flag, item in check["by_flag"].items())
    rows = check["rows"]
    flagged = f"{_few(rows)} flagged rows" if rows is None else counted(rows, "flagged row")
    # Untold (a few submissions): neither their count nor their flags are said.
    flags = flags or ("flags not told" if rows is None else "none")
    text = f"{flagged}, left out of statistics ({flags})"
    if check["examples"]:
        first = check["examples"][0]
        text += (
            f"; e.g. {printable(first['file'])} row {first['source_row']}: {first['year']} "
            f"{first['title']!r} "
            f"{first['level'] or 'no level'} {_money(first['amount_usd'])}"
        )
    return text


def _levels(levels: dict[str, Any]) -> str:
    """Rows per level, then the rows and share with none.

    Example:
        >>> _levels({"entry": 2, "senior": 1_500, "unknown": 3, "unknown_share": 0.002})
        'entry 2, senior 1,500; no level 3 (0.2%)'
    """
    if any(n is None for k, n in levels.items() if k != "unknown_share"):
        return f"not told by level (a level holds fewer than {PRIVATE_MIN})"  # quality._levels
    counts = [f"{k} {_few(n)}" for k, n in levels.items() if k not in ("unknown", "unknown_share")]
    share = levels["unknown_share"]
    none = _few(levels["unknown"]) + ("" if share is None else f" ({share:.1%})")
    return f"{', '.join(counts)}; no level {none}"


def _shares(shares: dict[str, float | None], shown: int = 8) -> str:
    # A share not told (a private source's values of few records) is named alone.
    parts = [
        key if share is None else f"{key} {share_said(share)}"
        for key, share in list(shares.items())[:shown]
    ]
    if len(shares) > shown:
        parts.append(f"... {len(shares)} in all (--format json lists every one)")
    return ", ".join(parts)


class IngestProgress:
    """A spinner while a file loads, with a bar of rows read when the reader reports them
    (stderr, drawn only on a terminal), and its one-line summary when it is done."""

    def __init__(self, console: Console, out: Console) -> None:
        self.console = console
        self.out = out
        self.status: Any = None
        self.label = ""

    def start(self, source: Any, path: Path | None) -> None:
        label = path.name if path is not None else "bundled package data"
        self.begin(f"ingesting {source.name}: {label}")

    def begin(self, label: str) -> None:
        self.label = label
        from rich.text import Text

        self.status = self.console.status(Text(label))
        self.status.start()

    def rows(self, done: int, total: int) -> None:
        """Show ``done`` of ``total`` rows read (a ``paygrade.progress`` listener)."""
        if self.status is not None and self.console.is_terminal:
            from rich.text import Text

            self.status.update(Text(f"{self.label} {rows_bar(done, total)}"))

    def end(self) -> None:
        if self.status is not None:
            self.status.stop()
            self.status = None

    def done(self, result: Any) -> None:
        self.end()
        said = result.summary()
        unheard(lambda: self.out.print(said, highlight=False, soft_wrap=True, markup=False))


def unheard(say: Callable[[], object]) -> None:
    """``say`` a line of a command that writes the store; when the reader of its output has
    gone (``paygrade ingest --all | head -3``), go on without it. Stopping there had left
    ``ingest --all`` at its reference files and ``rebuild`` half done, status 0."""
    try:
        say()
    except BrokenPipeError:
        output_to_nowhere()
    except SystemExit as exc:  # rich's Console.on_broken_pipe: output sent nowhere, then exit
        if not isinstance(exc.__context__, BrokenPipeError):
            raise


def output_to_nowhere() -> None:
    """Send the rest of standard output nowhere: its reader has gone."""
    import os

    with suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.__stdout__.fileno())  # type: ignore[union-attr]


def rows_bar(done: int, total: int, width: int = 30) -> str:
    """A text bar of rows read; once all are read, what happens next.

    Example:
        >>> rows_bar(150_000, 600_000, width=8)
        '[##------] 150,000/600,000 rows read (25%)'
        >>> rows_bar(600_000, 600_000)
        '600,000 rows read; normalizing'
    """
    if done >= total:
        return f"{done:,} rows read; normalizing"
    filled = width * done // max(total, 1)
    bar = "#" * filled + "-" * (width - filled)
    return f"[{bar}] {done:,}/{total:,} rows read ({done / max(total, 1):.0%})"


@contextmanager
def ingest_progress() -> Iterator[IngestProgress]:
    from rich.console import Console

    progress = IngestProgress(Console(file=sys.stderr), Console(file=sys.stdout, highlight=False))
    try:
        yield progress
    finally:
        if progress.status is not None:
            progress.status.stop()


def render_offer(result: dict[str, Any], fmt: str, vesting: dict[str, Any] | None = None) -> str:
    """An evaluated offer as JSON (the contract) or a year table and a few lines
    (``vesting``: the schedule read, ``offers.vesting_said``, said under a table with stock)."""
    if fmt == "json":
        return json_text(result)
    currency = result.get("currency", "USD")
    said = "" if currency == "USD" else f"{currency}; "
    table = _table(f"Offer year by year ({said}one-time cash apart)")
    for name in result["years"][0]:  # year, base, bonus, stock, (options,) one_time, total
        table.add_column(name, justify="right")
    for row in result["years"]:  # parts that add up to the total shown
        shown = whole_year(row)
        table.add_row(str(row["year"]), *(_money(shown[k]) for k in list(row)[1:]))
    buffer = io.StringIO()
    _print(buffer, table)
    buffer.write(f"first-year total: {_offer_money(result['first_year_total'])}\n")
    buffer.write(
        f"annualized total: {_offer_money(result['annualized_total'])} "
        "(base + grant / vesting years + target bonus + sign-on / 4)\n"
    )
    # Options vest though worth 0 when granted (at the money): their schedule is said still.
    options = result.get("options", {}).get("shares", 0)
    granted = options > 0 or any(row["stock"] for row in result["years"])
    if vesting is not None and granted:
        buffer.write(_vesting_line(vesting) + "\n")
    if "options" in result:
        buffer.write(f"{options_line(result['options'], result.get('currency'))}\n")
    if result["market"] is not None:
        buffer.write(_market_line(result["market"], currency) + "\n")
    return buffer.getvalue()


def options_line(options: dict[str, float], currency: str | None = None) -> str:
    """A grant of options as the table says it under the years (and the page under its);
    its prices in ``currency`` when the offer is in another than USD (the answer's
    ``currency``): "the share at 5" of an offer in EUR had named no currency.

    Example:
        >>> options_line({"shares": 10_000, "price": 5, "strike": 1.25, "spread": 3.75})
        'options: 10,000 shares at a strike of 1.25, the share at 5 when granted: each vest \
valued at the price then (grown by the assumed growth) less the strike, never below 0'
        >>> options_line({"shares": 100, "price": 5, "strike": 1}, "EUR").split(":")[1]
        ' 100 shares at a strike of 1 EUR, the share at 5 EUR when granted'
    """
    shares, strike, price = (f"{options[key]:,.10g}" for key in ("shares", "strike", "price"))
    if currency:
        strike, price = f"{strike} {currency}", f"{price} {currency}"
    return (
        f"options: {shares} shares at a strike of {strike}, the share at {price} when granted: "
        "each vest valued at the price then (grown by the assumed growth) less the strike, "
        f"never below 0{_worthless_said(options)}"
    )


def _worthless_said(options: dict[str, float]) -> str:
    """Said of options worth nothing when granted (a strike at or above the price): their
    rows of 0 and an annualized total without them had gone unexplained.

    Example:
        >>> _worthless_said({"price": 5, "strike": 6}).split(":")[0]
        '; under water when granted (the strike above the price)'
        >>> _worthless_said({"price": 5, "strike": 5}).split(":")[0]
        '; at the money when granted (the strike is the price)'
        >>> _worthless_said({"price": 5, "strike": 1})
        ''
    """
    if options["strike"] < options["price"]:
        return ""
    if options["strike"] > options["price"]:
        said = "under water when granted (the strike above the price)"
    else:
        said = "at the money when granted (the strike is the price)"
    return (
        f"; {said}: worth 0 in the annualized total, and a year's vest is worth something "
        "only if the price grown passes the strike"
    )


def _vesting_line(vesting: dict[str, Any]) -> str:
    """The schedule the stock vested by, its cliff and rhythm said (they move no year total).

    Example:
        >>> _vesting_line({"name": "amazon", "percentages": [5.0, 15.0, 40.0, 40.0],
        ...     "cliff_months": 6, "vest_every": "quarterly"})
        'vesting: amazon 5/15/40/40%, a 6-month cliff, then quarterly'
        >>> _vesting_line({"name": "custom", "percentages": [50.0, 50.0],
        ...     "cliff_months": 0, "vest_every": "monthly"})
        'vesting: 50/50%, no cliff, monthly'
    """
    from paygrade.offers import schedule_said  # the web page's words too

    return f"vesting: {schedule_said(vesting)}"


def market_unplaced(result: dict[str, Any]) -> str | None:
    """Why an offer asked to be placed among peers has no percentile (too few or no peers,
    no place given), as the table says it; None when it has one or none was asked.

    Example:
        >>> market_unplaced({"market": {"percentile": None, "n": 0,
        ...     "note": "no peer records for this profile"}})
        'market: no peer records for this profile (n = 0)'
        >>> market_unplaced({"market": None}) is None
        True
    """
    market = result.get("market")
    if not market or market["percentile"] is not None:
        return None
    return f"market: {market.get('note', 'not enough data')} (n = {market['n']:,})"


def _market_line(market: dict[str, Any], currency: str = "USD") -> str:
    peers = ", ".join(f"{k} {_filter_value(v)}" for k, v in market.get("peers", {}).items())
    if (unplaced := market_unplaced({"market": market})) is not None:
        line = unplaced
    else:
        from paygrade.offers import percentile_said  # the page's words too

        said = percentile_said(market["percentile"], market["n"])
        line = (
            f"market: percentile {market['percentile']:g}: {said} "
            f"({market['pay_component']} pay; {peers})"
        )
    lines = [line]
    if usd := market.get("compared_in_usd"):  # the offer in another currency, peers in USD
        lines.append(
            f"compared in USD: annualized total {_offer_money(usd['annualized_total'])} at "
            f"{usd['usd_per_unit']:.4g} USD per {currency} (the survey's {usd['rate_year']} rate)"
        )
    if "filters" in market:
        used = ", ".join(f"{k} {_filter_value(v)}" for k, v in market["filters"].items())
        lines.append(f"peers: {used}")
    lines += [f"tried first: {text}" for text in market.get("fallbacks", [])]
    keys = ("widened", "widened_years", "dated", "note")
    # Said whatever the percentile, 0 too (it had read as false, and the notes went unsaid).
    lines += [
        f"note: {market[k]}" for k in keys if k in market and market["percentile"] is not None
    ]
    return "\n".join(lines)


def _filter_value(value: Any) -> str:
    from paygrade.offers import range_said  # the page's words too: 2024, not 2024-2024

    return range_said(value) if isinstance(value, list) else str(value)


LADDER_COUNTS = (*STAT_COLUMNS, "n distinct")


def render_ladder(result: dict[str, Any], fmt: str) -> str:
    """The ladder as JSON (the contract) or tables: levels with pay, then promotion steps."""
    if fmt == "json":
        return json_text(result)
    country = f" in {result['country']}" if result["country"] else ""
    table = _table(f"Career ladder: {result['role']}" + _of_company(result) + country)
    columns = ("level", "years", "company levels", "pay", "n", "n distinct", "p25", "p50", "p75")
    for name in columns:
        table.add_column(name, justify="right" if name in LADDER_COUNTS else "left")
    for row in result["levels"]:
        for component, cell in row["pay"].items():
            table.add_row(*_ladder_cells(row, component, cell))
    buffer = io.StringIO()
    # Whose pay: the whole survey is worldwide, and pay differs widely between countries.
    buffer.write(f"pay of {result['role']} records {result['population']}\n")
    if "roles_held" in result:  # why the table below is empty, before it
        buffer.write(f"note: {roles_held_note(result)}\n")
    if "countries_held" in result:  # one line, not tables of "not enough data" at every level
        from paygrade.ladder import none_in_country

        buffer.write(f"{terminal_wrapped(f'note: {none_in_country(result)}')}\n")
        return buffer.getvalue()
    _print_pay(buffer, table, LADDER_DROPPABLE)
    if result.get("company_level_pay"):
        _print_pay(buffer, _company_level_table(result), COMPANY_LEVEL_DROPPABLE)
    if result.get("management_track"):
        _print_pay(buffer, _management_table(result), MANAGEMENT_DROPPABLE)
    promotions = _steps_table("Promotion steps (difference of medians)", result["promotion_steps"])
    _print(buffer, promotions, STEPS_DROPPABLE)
    if result.get("company_level_steps"):
        title = (
            f"Promotion steps between {result['company']} levels (titles naming them; every role)"
        )
        _print(buffer, _steps_table(title, result["company_level_steps"]), STEPS_DROPPABLE)
    company = result["company"]
    if read := result.get("level_read"):
        buffer.write(f"path from {read['written']} at {read['company']}, read as {read['level']}\n")
    buffer.writelines(_path_line(step, company) + "\n" for step in result.get("path", []))
    if said := result.get("path_note"):
        buffer.write(f"note: {said}\n")
    steps = [*result["promotion_steps"], *result.get("company_level_steps", [])]
    if any(step.get("within_noise") for step in steps):
        buffer.write(f"note: {_noise_note()}\n")
    buffer.writelines(f"note: ! {said}\n" for said in result.get("falls_note", []))
    buffer.write(f"note: {result['steps_note']}\n")
    buffer.write(f"note: {result['mapping_note']}\n")
    from paygrade.ladder import rounded_figures

    buffer.writelines(f"note: {note}\n" for note in _rounding_said(rounded_figures(result)))
    return buffer.getvalue()


def _print_pay(buffer: io.StringIO, table: Table, droppable: Droppable) -> None:
    """A ladder's pay table; its p25 left out for width, the "not enough data" it held is
    said under it: a blank p50 said nothing else."""
    from paygrade.ladder import NOT_ENOUGH

    notes = [cell for c in table.columns if c.header == "p25" for cell in c.cells]
    if "p25" in _print(buffer, table, droppable) and NOT_ENOUGH in notes:
        buffer.write(f"blank p50: {NOT_ENOUGH}\n")


def ladder_empty_said(result: dict[str, Any], asked_with: str = "") -> list[str]:
    """Why a ladder's pay is empty, said beside its JSON (the API's header, MCP's warning,
    the CLI's stderr), naming the field to change (``role``, ``country``; ``asked_with``
    before it: the CLI's "--"): a company's records of no level of the role, or a
    country's of no record of it.

    Example:
        >>> ladder_empty_said({"role": "ml_engineer", "country": "NZ", "countries_held": {}})
        ['no ml_engineer record is of NZ']
    """
    from paygrade.ladder import none_in_country

    said = []
    if "roles_held" in result:
        said.append(roles_held_note(result, f"{asked_with}role"))
    if "countries_held" in result:
        said.append(none_in_country(result, f"{asked_with}country"))
    return said


def ladder_warnings(result: dict[str, Any], asked_with: str = "") -> list[str]:
    """What a ladder's JSON is warned of on every face (the CLI's stderr, the API's
    ``X-Paygrade-Warning``, MCP's warnings): why its pay is empty, and each step falling
    beyond noise (its ``falls_note``; the API had said it in the body alone)."""
    return [*ladder_empty_said(result, asked_with), *result.get("falls_note", [])]


def roles_held_note(result: dict[str, Any], ask: str = "--role") -> str:
    """Which roles the company's records hold, when no level of the role asked has enough;
    ``ask``: how the caller asks for another role (the API's and MCP's ``role``).

    Example:
        >>> note = roles_held_note({"role": "ml_engineer", "company": "Google", "country": None,
        ...                         "roles_held": {"software_engineer": 809, "ml_engineer": 2},
        ...                         "levels": [{"pay": {"base": {"n": 2}}}]})
        >>> for part in note.split("; "):
        ...     print(part)
        only 2 ml_engineer records name Google, too few for any level
        its records are of software_engineer (809): ask with --role
    """
    from paygrade.ladder import few_of_role

    said = few_of_role(result)
    held = {role: n for role, n in result["roles_held"].items() if role != result["role"]}
    others = ", ".join(f"{role} ({n:,})" for role, n in held.items())
    return f"{said}; its records are of {others}: ask with {ask}" if others else said


def _noise_note() -> str:
    from paygrade.ladder import WITHIN_NOISE

    return f"* within noise: {WITHIN_NOISE}, so the step (up or down) may be chance"


def _steps_table(title: str, steps: list[dict[str, Any]]) -> Table:
    table = _table(title)
    for name in ("step", "pay", "years", "median from", "median to", "increase", "n", "n distinct"):
        table.add_column(name)
    for step in steps:
        table.add_row(*_step_cells(step))
    return table


def _company_level_table(result: dict[str, Any]) -> Table:
    """Pay by the company's own levels (records whose title names one), every role."""
    table = _table(f"Pay by {result['company']} level (titles naming it; every role)")
    columns = ("company level", "level", "pay", "n", "n distinct", "p25", "p50", "p75")
    for name in columns:
        table.add_column(name, justify="right" if name in LADDER_COUNTS else "left")
    for row in result["company_level_pay"]:
        for component, cell in row["pay"].items():
            head = [row["company_level"], row["level"]] if component == "total" else ["", ""]
            table.add_row(*head, component, *_pay_cells(cell))
    return table


def _management_table(result: dict[str, Any]) -> Table:
    """Managers' pay by level, beside the individual-contributor ladder (as the page has it)."""
    table = _table("Management track: manager records, by level")
    for name in ("level", "pay", "n", "n distinct", "p25", "p50", "p75"):
        table.add_column(name, justify="right" if name in LADDER_COUNTS else "left")
    for level, cells in result["management_track"]["pay"].items():
        for component, cell in cells.items():
            table.add_row(level if component == "total" else "", component, *_pay_cells(cell))
    return table


def _pay_cells(cell: dict[str, Any]) -> list[str]:
    """n, distinct n and p25 / p50 / p75 of a ladder cell, or its note where it has none."""
    counts = [f"{cell['n']:,}", f"{cell['n_distinct']:,}"]
    if "p50" not in cell:
        return [*counts, cell["note"], "", ""]
    return [*counts, *(_money(cell[k]) for k in ("p25", "p50", "p75"))]


def _of_company(result: dict[str, Any]) -> str:
    return f" at {result['company']}" if result["company"] else ""


def _ladder_cells(row: dict[str, Any], component: str, cell: dict[str, Any]) -> list[str]:
    first = component == "total"
    years = row["years"]
    span = f"{years[0]}-{years[1]}" if years[1] is not None else f"{years[0]}+"
    mapped = "; ".join(f"{c} {'/'.join(v)}" for c, v in row["company_levels"].items())
    head = [row["level"], span, mapped] if first else ["", "", ""]
    return [*head, component, *_pay_cells(cell)]


def _step_cells(step: dict[str, Any]) -> list[str]:
    name = f"{step['from']} -> {step['to']}"
    if "note" in step:
        return [name, "", "", "", "", step["note"], "", ""]
    increase = f"{_money(step['increase'])} ({step['increase_pct']:+g}%)"
    increase += " *" if step.get("within_noise") else ""
    increase += " !" if step.get("falls_beyond_noise") else ""  # why: the ladder's falls_note
    n = f"{step['n_from']:,} / {step['n_to']:,}"
    distinct = f"{step['n_distinct_from']:,} / {step['n_distinct_to']:,}"
    money = [_money(step["median_from"]), _money(step["median_to"])]
    return [name, step["pay_component"], years_cell(step["years"]), *money, increase, n, distinct]


def _path_line(step: dict[str, Any], company: str | None) -> str:
    from paygrade.ladder import component_fallback

    pay = step["pay"]
    where = f"in {step['years_from_now']:g} years" if step["years_from_now"] else "now"
    if "p50" not in pay:
        return f"path: {step['level']} {where}: {pay['note']} (n = {pay['n']:,})"
    band = f"{_money(pay['p25'])}-{_money(pay['p75'])}"
    basis = f"; {company} {pay['company_level']}, every role" if "company_level" in pay else ""
    counts = f"n = {pay['n']:,}, {pay['n_distinct']:,} distinct"
    priced = f"{pay['pay_component']} pay p25-p75 {band} ({counts}{basis})"
    # Said where the path's one pay component could not price a level, as the page says it.
    if (path_component := pay.get("pay_component_changed")) is not None:
        priced += f" ({component_fallback(path_component)})"
    return f"path: {step['level']} {where}: {priced}"


def _claim_range(claim: dict[str, Any]) -> str:
    """The claimed figure or range; one in another currency as written, then in USD; a
    change in percent with its years; a figure past any number as the text wrote it."""
    if _past_any(claim, DIGITS_MOST):
        # "$1e400", "grew 999…9%": its JSON's largest double is no figure; "$1e300" and
        # "grew 1e300%" as written too, not as "1e+300" (``_money``) or in the 300 digits
        # ``percent`` writes it in
        return _as_written(str(claim["text"]))
    if claim["statistic"] == "growth":
        years = "-".join(str(y or "") for y in claim["years"]) if claim["years"] else "no year"
        from paygrade.claims.growth import percent

        return f"{percent(claim['low'], exact=True)} ({years})"
    if claim["statistic"] == "difference":
        versus = claim["versus"] or {}
        from paygrade.claims.extract import subject_value
        from paygrade.claims.growth import dollars, percent

        apart = [
            subject_value(k, v)
            for k, v in versus.items()
            if v is not None and v != claim["subject"][k]
        ]

        gap = (dollars if claim["unit"] == "dollars" else percent)(claim["low"], exact=True)
        return f"{gap} vs {', '.join(apart) or '?'}"
    if "as_written" in claim:
        written = claim["as_written"]
        shown = f"{_figures(written)} {written['currency']} (USD {_figures(claim)})"
    else:
        other = claim.get("currency", "USD")  # one the store has no rate for: as written
        shown = _figures(claim) + ("" if other == "USD" else f" {other}")
    # A figure paid by the hour or month is a year's pay here; the words it was.
    if claim.get("period", "year") != "year":
        shown = f"{shown} (written {claim['text']})"
    return f"{shown} ({claim['part']})" if claim.get("part") else shown


def _past_any(claim: dict[str, Any], most: float = sys.float_info.max) -> bool:
    """Whether a claim's figure is past the largest double, which its JSON gives in its stead
    (``said_number``): the table had shown "1.8e+308" for "$1e400", "+1.79769e+308%" for a
    growth of 400 nines; or past ``most``.

    Example:
        >>> _past_any({"low": 1.7976931348623157e308, "high": None}), _past_any({"low": 5.0})
        (True, False)
        >>> _past_any({"low": 1e300, "high": 1e300}, DIGITS_MOST)
        True
    """
    ends = (claim.get("low"), claim.get("high"))
    return any(v is not None and abs(v) >= most for v in ends)


# A run of digits too long for a table's cell, which would widen it past any terminal.
_LONG_DIGITS = re.compile(r"\d{16,}")


def _as_written(text: str) -> str:
    """A claim's words for the table, each run of 16 or more digits cut to its first three
    and last, its length said after.

    Example:
        >>> _as_written("grew " + "9" * 400 + "%"), _as_written("$1e400")
        ('grew 999…9% (a 400-digit figure)', '$1e400')
    """
    runs = [len(run) for run in _LONG_DIGITS.findall(text)]
    if not runs:
        return text
    cut = _LONG_DIGITS.sub(lambda run: f"{run[0][:3]}…{run[0][-1]}", text)
    return f"{cut} ({' and '.join(f'a {n}-digit' for n in runs)} figure{'s' * (len(runs) > 1)})"


def _figures(claim: dict[str, Any]) -> str:
    low, high = claim["low"], claim["high"]
    if low is None:
        return f"up to {_money(high)}"
    if high is None:
        return f"from {_money(low)}"
    return _money(low) if low == high else f"{_money(low)}-{_money(high)}"


def render_claims(result: dict[str, Any], fmt: str) -> str:
    """Checked claims as a table (one row per claim, then the contradictions) or JSON."""
    if fmt == "json":
        return json_text(result)
    from paygrade.claims.extract import subject_value
    from paygrade.claims.years import span_said

    found = len(result["claims"])
    if not found:
        from paygrade.claims import NO_CLAIMS

        return NO_CLAIMS + "\n"
    table = _table(f"{found} salary claim{'' if found == 1 else 's'}")
    for name in ("id", "claim", "statistic", "subject", "verdict", "n", "p25-p75"):
        table.add_column(name, justify="right" if name in ("id", "n", "p25-p75") else "left")
    for claim in result["claims"]:
        data = claim["data"]
        band = f"{_money(data['p25'])}-{_money(data['p75'])}" if data.get("p25") else ""
        subject = ", ".join(
            subject_value(k, v) for k, v in claim["subject"].items() if v is not None
        )
        if claim["statistic"] not in ("growth", "difference") and claim.get("years"):
            subject += f", {span_said(claim['years'])}"  # "between 2022 and 2024"
        why_not = claim.get("not_checked")  # "currency not read": said, not a bare no_data
        verdict = f"{claim['verdict']} ({why_not})" if why_not else claim["verdict"]
        # Base or total beside n, as the page says it (which pay a verdict read was unsaid).
        n = f"{data['n']:,}" + (f" {data['pay_component']}" if data.get("pay_component") else "")
        cells = [claim["statistic"], subject, verdict, n, band]
        table.add_row(str(claim["id"]), _claim_range(claim), *cells)
    buffer = io.StringIO()
    cited = bool(result["contradictions"])  # by id: "claims [3, 4]"
    _print(buffer, table, [c for c in CLAIMS_DROPPABLE if not (cited and c == "id")])
    # Each claim's explanation under the table, led by its figure, as the page gives it
    # beside the row: a "no_data 0" had said no reason. Folded to a terminal's width; piped,
    # written whole (each had been folded at 160 characters, trailing spaces kept).
    lines = [
        f"{_claim_range(c)}: {c['explanation']}" for c in result["claims"] if c.get("explanation")
    ]
    lines += [
        f"contradiction ({c['kind']}, claims {c['claims']}): {c['explanation']}"
        for c in result["contradictions"]
    ]
    if lines and shutil.get_terminal_size((0, 0)).columns:
        from rich.text import Text

        _print(buffer, Text("\n".join(lines)))
    else:
        buffer.writelines(f"{printable(line)}\n" for line in lines)
    return buffer.getvalue()


def render_estimate(result: dict[str, Any], fmt: str) -> str:
    """An estimate as JSON (the contract) or a few lines for a person."""
    if fmt == "json":
        return json_text(result)
    from paygrade.estimate.service import (  # loaded by the estimate already
        learning_said,
        measured_coverage_said,
        moving_factors,
        notes_said,
        read_from,
        value_said,
        year_said,
    )

    share = round(100 * result["coverage"])
    lines = [
        f"{result['pay_component']} pay, annual USD: median {_money(result['p50'])}; "
        f"{share}% range {_money(result['p10'])} - {_money(result['p90'])}",
        f"year: {year_said(result)}",
        f"similar records: {result['n_similar']:,}",
    ]
    if measured := measured_coverage_said(result):  # the aim above, what it held here
        lines.insert(1, measured)
    lines += [f"note: {said}" for said in result.get("unheld") or ()]
    lines += learning_said(result, "--pay-component {}")
    if (result.get("read_as") or {}).get("title"):
        lines.append(
            f"title read as: {result['read_as']['title']} (the title the model learned, its "
            "level words apart: they give the level)"
        )
    lines += [f"note: {said}" for said in notes_said(result)]
    like = result.get("like") or {}
    if like.get("records"):
        same = f" (same {', '.join(like['matched_on'])})" if like["matched_on"] else ""
        lines.append(
            f"blank fields: from {counted(like['records'], 'record')} like this profile{same}"
        )
    # An unlearned value moves the median as every value too rare to learn does, not as its own.
    rare = {name: " (not learned: any value so rare)" for name in result.get("unseen") or ()}
    said = {name: f" ({source})" for name, source in read_from(result).items()}
    lines += [
        f"  {f['field']} = {value_said(f)}{rare.get(f['field'], '')}{said.get(f['field'], '')}: "
        f"{f['effect_pct']:+.1f}% "
        f"(vs. the same profile with the data's mix of {f['field']})"
        for f in moving_factors(result)
    ]
    model = result["model"]
    lines.append(f"model {model['version']}, trained on data version {model['trained_on']}")
    return "\n".join(lines) + "\n"


def render_training(metrics: dict[str, dict[str, Any]], path: Path) -> str:
    """What ``paygrade train`` saved: one line per pay component."""
    lines = [f"saved {path}"]
    for component, m in metrics.items():
        lines.append(
            f"{component}: {m['rows']:,} records; held-out fold of {m['holdout_rows']:,}: "
            f"MAE {_money(m['mae'])}, 80% coverage {m['coverage']:.3f}, "
            f"mean width {_money(m['mean_width'])}"
        )
    return "\n".join(lines) + "\n"


def render_evaluation(result: dict[str, Any], fmt: str) -> str:
    """The accuracy tables of ``paygrade evaluate`` as Markdown, or JSON."""
    if fmt == "json":
        return json_text(result)
    p = result["protocols"]
    models = list(p["5-fold"])
    head = (
        "| model | 5-fold MAE | 5-fold 80% coverage | temporal 80% coverage |\n|---|---:|---:|---:|"
    )
    rows = [
        f"| {m} | ${p['5-fold'][m]['mae']:,.0f} | {p['5-fold'][m]['coverage']:.3f} "
        f"| {p['temporal'][m]['coverage']:.3f} |"
        for m in models
    ]
    out = [f"{result['rows']:,} records; 80% intervals\n", head, *rows, ""]
    out += [*_honest_table(p, models), "", *_group_table(p, models)]
    return "\n".join(out) + "\n"


def _honest_table(p: dict[str, Any], models: list[str]) -> list[str]:
    together, temporal = p["5-fold, copies together"], p["temporal"]
    head = (
        "| model | copies-together MAE | copies-together coverage | temporal MAE "
        "| 5-fold mean width | copies-together mean width | temporal mean width |\n"
        "|---|---:|---:|---:|---:|---:|---:|"
    )
    return [head] + [
        f"| {m} | ${together[m]['mae']:,.0f} | {together[m]['coverage']:.3f} "
        f"| ${temporal[m]['mae']:,.0f} | ${p['5-fold'][m]['width']:,.0f} "
        f"| ${together[m]['width']:,.0f} | ${temporal[m]['width']:,.0f} |"
        for m in models
    ]


def _group_table(p: dict[str, Any], models: list[str]) -> list[str]:
    """Coverage per group, a column for each group any protocol measured (a sample too small
    for every group left a header of no columns over rows of none: no table).

    Example:
        >>> cell = {"m": {"groups": {"US": {"coverage": 0.8}}}}
        >>> print("\\n".join(_group_table({"5-fold": {"m": {"groups": {}}}, "temporal": cell},
        ...                              ["m"])))
        80% coverage per experience level and US / non-US (groups of 100+ test rows):
        | model | protocol | US |
        |---|---|---:|
        | m | 5-fold |  |
        | m | temporal | 0.800 |
        >>> _group_table({"5-fold": {"m": {"groups": {}}}}, ["m"])[0][-64:]
        'no group has 100 test rows (evaluate more records than --sample)'
    """
    said = "80% coverage per experience level and US / non-US (groups of 100+ test rows)"
    groups = list(dict.fromkeys(g for by_model in p.values() for m in models
                                for g in by_model[m]["groups"]))  # fmt: skip
    if not groups:
        return [f"{said}: no group has 100 test rows (evaluate more records than --sample)"]
    head = f"| model | protocol | {' | '.join(groups)} |\n|---|---|{'---:|' * len(groups)}"
    rows = []
    for protocol, by_model in p.items():
        for m in models:
            found = by_model[m]["groups"]
            cells = [f"{found[g]['coverage']:.3f}" if g in found else "" for g in groups]
            rows.append(f"| {m} | {protocol} | {' | '.join(cells)} |")
    return [f"{said}:", head, *rows]
