"""Years a text says a figure is of, as a span: "between 2022 and 2024", "2022-24", "since
2020", "after 2021", "before 2020"; as a filter's values and in words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

# Years a figure is said of as a span: [from, to], an end None when the text leaves it
# open. Each had been read as its one year nearest the figure: "After 2021, ML engineers
# earned a median total pay of $220,000" was checked against 2021's 33 records alone, "Since
# 2020, ... $150,000" against 2020's. (pattern, how its years give the span)
# A fiscal year is its year, "FY" glued to it or not: "FY2019-FY2021" as "FY 2019" was
# (it had been no year).
FISCAL = r"(?:FY\s?)?"
# A fiscal year of two digits ("FY19", "FY'19", "FY 19") is the year of the four-digit
# window (1950-2039) ending in them: 2019; "FY99" 1999. Only after a capital "FY" of its
# own: a bare "19", "fy19" or "AFY19" names no year. (They had been no year at all.)
FISCAL_SHORT = r"\b(?-i:FY)\s?['’]?([0-3]\d|[5-9]\d)"
_Y = rf"(?:{FISCAL}(19[5-9]\d|20[0-3]\d)|{FISCAL_SHORT})"
_TO = r"(?:-|–|—|\bto\b|\bthrough\b|\buntil\b|\btill\b)"
_LAST = rf"(?:{_Y}|(\d\d))\b"  # "2022-2024", "2022-24"
YEAR_SPANS = (
    (re.compile(rf"\b(?:between|from)\s+{_Y}\s*(?:\band\b|{_TO})\s*{_LAST}", re.I), "both"),
    (re.compile(rf"(?<![\d$€£.,])\b{_Y}\s*{_TO}\s*{_LAST}(?![\d%]|[.,]\d)", re.I), "both"),
    # Two years running: "in 2022 and 2023" is both (it had been 2022 alone, or 2023 when
    # said before the figure); "in 2022 and 2024" is no span, which would hold 2023, nor
    # "in 2022 and 2023, respectively" (a year each).
    (re.compile(rf"\b(?:in|during|for)\s+(?:both\s+)?{_Y}\s+and\s+{_Y}\b(?![\d%]|[.,]\d)"
                r"(?!,?\s+respectively\b)", re.I), "pair"),
    (re.compile(rf"\b(?:since|(?:from|starting\s+in|beginning\s+in)\s+(?=(?:19|20)\d\d\s+on))\s*{_Y}"
                r"(?:\s+on(?:wards?)?\b)?", re.I), "from"),
    (re.compile(rf"\b{_Y}\s+(?:and|or)\s+(?:later|after|since|beyond|onwards?)\b", re.I), "from"),
    (re.compile(rf"\b(?:after|post-)\s*{_Y}\b", re.I), "after"),
    (re.compile(rf"\b(?:before|prior\s+to|pre-)\s*{_Y}\b", re.I), "before"),
    (re.compile(rf"\b{_Y}\s+(?:and|or)\s+(?:earlier|before)\b", re.I), "to"),
)  # fmt: skip
# Two years named apart: "in 2022 and 2024" (the "pair" of ``YEAR_SPANS`` a year or more
# apart). A claim holds one span of years, and 2022-2024 would take in 2023, which the
# text leaves out: a figure of it is read as of the later (``extract.later_of_two``), and its
# explanation names the other, unchecked (it had been read as 2022 alone, or 2024, without a
# word).
YEARS_APART = YEAR_SPANS[2][0]
LONGEST_SPAN = 40  # years: "1990-2030" is a span; "2030 to 1990" or "2024-1990" no span


def year_of(match: re.Match[str]) -> int:
    """The year a match of years reads: its first group found, four digits or a fiscal
    year's two (``FISCAL_SHORT``).

    Example:
        >>> [year_of(re.match(rf"{_Y}", y)) for y in ("2019", "FY2019", "FY19", "FY'99")]
        [2019, 2019, 2019, 1999]
    """
    digits = next(g for g in match.groups() if g is not None)
    return _full_year(digits)


def _full_year(digits: str) -> int:
    if len(digits) == 4:
        return int(digits)
    return int(digits) + (1900 if int(digits) >= 50 else 2000)


def span_values(years: tuple[int | None, int | None]) -> list[Any]:
    """A span of years as a filter's values: each year, or a comparison for an open end."""
    first, last = years
    if first is not None and last is not None:
        return list(range(first, last + 1))
    return [f">={first}"] if first is not None else [f"<={last}"]


def span_said(years: Sequence[int | None]) -> str:
    """A span of years (a claim's ``years``) in words.

    Example:
        >>> span_said((2022, 2024)), span_said([2020, None]), span_said((None, 2019))
        ('2022-2024', '2020 and after', '2019 and before')
    """
    first, last = years
    if first is not None and last is not None:
        return f"{first}-{last}"
    return f"{first} and after" if first is not None else f"{last} and before"


def year_spans(text: str) -> list[tuple[int, int, tuple[int | None, int | None]]]:
    """(start, end, [from, to]) of each span of years the text names, first pattern first.

    Example:
        >>> [s for _, _, s in year_spans("between 2022 and 2024, and 2019-21")]
        [(2022, 2024), (2019, 2021)]
        >>> [s for _, _, s in year_spans("in 2022 and 2023; in 2022 and 2024; in 2023 and 2022")]
        [(2022, 2023), (2022, 2023)]
        >>> [s for _, _, s in year_spans("Since 2020; after 2021; before 2020; 2018 or earlier")]
        [(2020, None), (2022, None), (None, 2019), (None, 2018)]
        >>> year_spans("in 2024") == year_spans("from 2024 to 2020") == []
        True
        >>> [s for _, _, s in year_spans("FY2019-FY2021; after FY2022")]
        [(2019, 2021), (2023, None)]
        >>> [s for _, _, s in year_spans("FY19-21; FY'19-FY'21; since FY20")]
        [(2019, 2021), (2019, 2021), (2020, None)]
    """
    taken = bytearray(len(text))
    found: list[tuple[int, int, tuple[int | None, int | None]]] = []
    for pattern, ends in YEAR_SPANS:
        for match in pattern.finditer(text):
            if any(taken[match.start() : match.end()]):
                continue
            years = [g for g in match.groups() if g is not None]
            first = _full_year(years[0])
            if ends in ("both", "pair"):
                # "2024-25": the later year's last digits, in the first's century
                last = int(years[1]) if len(years[1]) == 4 else first // 100 * 100 + int(years[1])
                if ends == "pair":  # "in 2023 and 2022": both, in either order
                    first, last = sorted((first, last))
                if not 0 < last - first <= (1 if ends == "pair" else LONGEST_SPAN):
                    continue
                span: tuple[int | None, int | None] = (first, last)
            else:
                span = {"from": (first, None), "after": (first + 1, None),
                        "before": (None, first - 1), "to": (None, first)}[ends]  # fmt: skip
            taken[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
            found.append((match.start(), match.end(), span))
    return sorted(found)


def years_apart(text: str) -> list[tuple[int, int]]:
    """The pairs of years the text names together that are no span (``YEARS_APART``),
    earlier first, in whichever order the text names them ("in 2024 and 2022" had been no
    pair: the later year was read and the other never named).

    Example:
        >>> years_apart("in 2022 and 2024; in 2022 and 2023; in both FY19 and FY21")
        [(2022, 2024), (2019, 2021)]
        >>> years_apart("in 2024 and 2022; in 2023 and 2022")
        [(2022, 2024)]
    """
    found = []
    for match in YEARS_APART.finditer(text):
        first, last = sorted(_full_year(g) for g in match.groups() if g is not None)
        if last - first > 1:
            found.append((first, last))
    return found


# Records whose newest year is more than this before the year a text is about are too old
# to check its figure: pay moves (US ML engineers' median base pay in the filings: $125,000
# in 2019, $170,522 in 2023, +36%; `paygrade stats --by year --where role=ml_engineer
# --where country=US --where pay_component=base`).
STALE_YEARS = 3


def too_old(data: dict[str, Any], whose: str = "this subject's") -> str:
    """Why the data of other years cannot check a figure of the year the text names, when
    its records end long before it (San Francisco's filings end in 2019) or begin long
    after it (a 2010 salary was "below the data" of 2020-2025); else "". ``whose`` names
    the records' subject in the words ("the two subjects'" of a difference).

    Example:
        >>> print(too_old({"year_asked": 2025, "years": [2016, 2019], "n": 185,
        ...                 "pay_component": "base"}))  # doctest: +NORMALIZE_WHITESPACE
        Too few records of 2025: this subject's base pay records end in 2019 (n=185), 6 years
        earlier, and pay moves too much in that time to check a 2025 figure against them.
        >>> print(too_old({"year_asked": 2010, "years": [2020, 2025], "n": 90,
        ...                 "pay_component": "total"}))  # doctest: +NORMALIZE_WHITESPACE
        Too few records of 2010: this subject's total pay records begin in 2020 (n=90), 10
        years later, and pay moves too much in that time to check a 2010 figure against them.
        >>> too_old({"year_asked": 2025, "years": [2023], "n": 30, "pay_component": "base"})
        ''
        >>> print(too_old({"year_asked": [2008, 2011], "years": [2015, 2019], "n": 40,
        ...                 "pay_component": "base"}))  # doctest: +ELLIPSIS
        Too few records of 2008-2011: ... begin in 2015 (n=40), 4 years later, ...
    """
    asked, years = data.get("year_asked"), data.get("years") or []
    if asked is None or not years:
        return ""
    first, last = asked if isinstance(asked, list) else (asked, asked)
    if first is not None and first - max(years) > STALE_YEARS:
        edge, gap, word = "end", first - max(years), "earlier"
    elif last is not None and min(years) - last > STALE_YEARS:
        edge, gap, word = "begin", min(years) - last, "later"
    else:
        return ""
    said = asked_said(asked)
    return (
        f"Too few records of {said}: {whose} {data['pay_component']} pay records "
        f"{edge} in {max(years) if edge == 'end' else min(years)} (n={data['n']}), {gap} years "
        f"{word}, and pay moves too much in that time to check a {said} figure against them."
    )


def asked_said(asked: int | list[int | None]) -> str:
    """``year_asked`` in words: "2024", "2022-2024", "2020 and after"."""
    return span_said(asked) if isinstance(asked, list) else str(asked)
