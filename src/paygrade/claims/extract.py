"""Extraction: the claims of a text or Markdown article, each a figure (``figures`` reads
the money), a change or a difference, with its statistic and its subject.

Rules, not a model: see ``paygrade.claims`` for what is read and how.

Example:
    >>> [c.low for c in extract_claims("Senior ML engineers earn $150K-$180K.")]
    [150000.0]
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from itertools import pairwise
from typing import Any

from paygrade.claims.figures import (
    MINUS,
    NUMBER_WORDS,
    SAME_SIGNS,
    Figure,
    column_unit,
    figures,
    number,
    pay_part,
    without_footnote_marks,
    without_unit,
)
from paygrade.claims.languages import language_of
from paygrade.claims.years import (
    FISCAL_SHORT,
    YEARS_APART,
    span_values,
    year_of,
    year_spans,
    years_apart,
)
from paygrade.interruptible import stop_if_asked
from paygrade.normalize.canonical import YEARS_BANDS, level_from_years
from paygrade.normalize.company_levels import level_named_in
from paygrade.normalize.places import PLACE_TABLES
from paygrade.normalize.rule_tables import read_rules
from paygrade.records import LEVELS, MAX_YEARS_EXPERIENCE, REMOTE_SAID

SUBJECT_FIELDS = (
    "role", "level", "company", "metro", "state", "country", "industry", "remote",
    "employment_type", "pay_component", "year",
)  # fmt: skip
NUMERIC_KINDS = ("remote",)  # a phrase's value is a number of the records' field
# Words that set one clause against another ("Data scientists earn $140,000 whilst ML
# engineers with 5+ years earn $150,000"): each clause's group and years are its own.
CONTRASTS = "while|whilst|whereas"


def subject_value(field: str, value: Any) -> str:
    """A subject's value in words: remote 0 / 50 / 100 as the filters and forms word them
    (in-person / hybrid / remote, however the text put it: "on-site", "in the office").

    Example:
        >>> subject_value("remote", 0), subject_value("level", "senior")
        ('in-person', 'senior')
    """
    if field == "remote":
        return REMOTE_SAID.get(value, f"remote {value}%")
    return str(value)


# A year the text names ("in 2024", a heading "Salary Guide 2024"): the claim's pay year.
# Not an amount ($2,024), a percentage or part of a longer number.
# From 1950: a figure of 1999 was checked against every year (no year read), where one of
# 2010 is said to be too far from the data's years to check. A fiscal year's "FY" may be
# glued to it: "In FY2019" is 2019, as "FY 2019" and "fiscal 2019" were (it had been none);
# "FY19" and "FY'19" are 2019 too (``FISCAL_SHORT``). Read a match with ``year_of``.
YEAR = re.compile(
    rf"(?<![\d$€£.,])(?:(?:\b|(?<=\bFY))(19[5-9]\d|20[0-3]\d)|{FISCAL_SHORT})\b(?![\d%]|[.,]\d)"
)


CENTRAL = ("average", "median", "typical")
# A year right after a figure is that figure's ("$170,000 in 2024", "$170K (2024)").
YEAR_AFTER = re.compile(
    r"\s*(?:\(|,\s*)?(?:in|for|during|as of)?\s*"
    rf"(?:(?:FY\s?|fiscal\s+(?:year\s+)?)?(19[5-9]\d|20[0-3]\d)|{FISCAL_SHORT})\b(?![\d%]|[.,]\d)"
    r"(?!\s*(?:-|–|—|to\b|through\b)\s*(?:FY\s?['’]?)?\d\d)"  # not a span's first: "in 2019-21"
)
BOUND_WINDOW = 25  # a bound phrase ("up to") must sit this close before its figure
_NUM = r"(?:\d+|" + "|".join(NUMBER_WORDS) + r")"
# Years back right after a figure, from the year the sentence is about: "In 2024 they made
# $155,000, up from $140,000 two years earlier" (2022), "... last year", "a year ago".
YEARS_EARLIER = re.compile(
    rf"\s*(?:,\s*)?(?:(?P<n>{_NUM}|an?)\s+years?\s+(?:earlier|ago|before|prior)"
    r"|(?:last|the\s+previous|the\s+prior)\s+year|the\s+year\s+(?:before|prior))\b",
    re.I,
)


# What comes right before years of a payment, not of experience: a money figure, vesting.
DURATION_BEFORE = re.compile(
    r"(?:[$€£]\s?[\d.,]+\s*(?:[kKmM]|thousand|million)?|\bvest\w*|\bpaid\s+out)\s*$", re.I
)
# "with between 5 and 10 years" (it had set no level), as "5-10 years" reads; its "and"
# ends no clause (``clause_ends``).
EXPERIENCE_BETWEEN = re.compile(rf"\bbetween\s+({_NUM})\s+and\s+({_NUM})\s+years?", re.I)
# A bound negated is the other bound: "no more than 5 years" is at most 5 (it had been read
# as 5+ years, senior), "no fewer than 5 years" at least 5 (it had been [0, 5)).
_NOT = r"(?<!\bno\s)(?<!\bnot\s)"
SPANS = (
    (
        re.compile(rf"{_NOT}\b(?:less than|under|fewer than|up to)\s+({_NUM})\s+years?", re.I),
        "below",
    ),
    # "at most 5 years", "5 or fewer years" (each had been no span), "5 years or less" (it
    # had been 5 years exactly: senior)
    (re.compile(rf"\b(?:no more than|not more than|at most)\s+({_NUM})\s+years?", re.I), "below"),
    (
        re.compile(
            rf"\b({_NUM})\s+(?:years?\s+or\s+(?:less|fewer)\b|or\s+(?:less|fewer)\s+years?)", re.I
        ),
        "below",
    ),
    (re.compile(rf"\b({_NUM})\s*(?:-|–|to)\s*({_NUM})\s+years?", re.I), "between"),
    (EXPERIENCE_BETWEEN, "between"),
    (re.compile(rf"\b({_NUM})\s*(?:\+|or more|plus)\s+years?", re.I), "above"),
    (re.compile(rf"{_NOT}\b(?:more than|over|at least)\s+({_NUM})\s+years?", re.I), "above"),
    (re.compile(rf"\bnot?\s+(?:less|fewer)\s+than\s+({_NUM})\s+years?", re.I), "above"),
    # One number: "with 2 years of experience" (it had set no level: every ML engineer's).
    (
        re.compile(
            rf"\bwith\s+(?:about\s+|around\s+|roughly\s+)?({_NUM})\s+years?"
            r"(?:\s+of\s+(?:work\s+|professional\s+|industry\s+)?experience)?\b",
            re.I,
        ),
        "exactly",
    ),
    (re.compile(r"\bwith\s+(?:a|one)\s+decade\b", re.I), "decade"),
)


@dataclass
class Claim:
    """One salary figure or range in the text, what it is said to measure, and about whom."""

    id: int
    text: str
    start: int
    end: int
    statistic: str
    low: float | None
    high: float | None
    subject: dict[str, Any] = field(default_factory=dict)
    experience: list[float | None] | None = None  # years [from, to) that define the level
    currency: str = "USD"  # of low and high; ``check.in_dollars`` converts to USD
    written: tuple[float | None, float | None] | None = None  # low, high as written, converted
    usd_per_unit: float | None = None  # the rate used (``check.in_dollars``)
    rate_year: int | None = None
    # A growth claim (statistic "growth": low and high are a change in percent): the years
    # it runs between, either end None when the text leaves it open ("since 2020"). A
    # figure's: the span of years it is said of ("between 2022 and 2024"), its subject's
    # year None.
    years: tuple[int | None, int | None] | None = None
    # A figure of one year of two the text names apart ("in 2022 and 2024", ``years_apart``):
    # the other, which it is not checked against.
    year_left: int | None = None
    # A growth over a span back ("over the past three years") in a text that names no year
    # to count it from: its length; it ends at the newest year of the subject's data.
    back: int | None = None
    # A difference claim (statistic "difference": low and high are percent more, or less
    # when negative): the subject it is set against, its own subject otherwise.
    versus: dict[str, Any] | None = None
    # What the figure is paid by as written ("hour", "week", "month"); low and high are
    # always a year's pay (``PER_YEAR``).
    period: str = "year"
    # A part of pay that is no year's salary ("bonus", "equity", "stipend"; ``pay_part``):
    # checked against nothing. None: pay.
    part: str | None = None
    # A figure the text says pay is not ("do not earn $250,000", "It is not true that ...
    # earn $250,000"): listed, and checked against nothing (``NEGATED_FIGURE``).
    negated: bool = False
    # Why its subject cannot be checked (``unchecked_subject``), or None.
    unchecked: str | None = None
    # The language other than English its sentence is in (``language_of``): its negation,
    # bounds and ranges are read in English only, so it is not checked. None: English.
    language: str | None = None

    def where(self) -> dict[str, list[Any]]:
        """The subject as ``stats`` filters: each field it names. A region stays its name:
        the filters read it as its members that records hold (listed member by member,
        the members no record holds made the whole list refused).

        Example:
            >>> extract_claims("Senior ML engineers earn $150K.")[0].where()
            {'role': ['ml_engineer'], 'level': ['senior']}
            >>> extract_claims("ML engineers in the EU earn €70K.")[0].where()["country"]
            ['EU']
            >>> [extract_claims(f"{when}, ML engineers earned $150K.")[0].where()["year"]
            ...  for when in ("Between 2022 and 2024", "Since 2020", "Before 2020")]
            [[2022, 2023, 2024], ['>=2020'], ['<=2019']]
        """
        where = {k: [v] for k, v in self.subject.items() if v is not None}
        if self.years is not None and self.statistic not in ("growth", "difference"):
            where["year"] = span_values(self.years)
        return where

    def midpoint(self) -> float:
        """The figure a comparison uses: the middle of a range, else the one figure."""
        values = [v for v in (self.low, self.high) if v is not None]
        return sum(values) / len(values)


@dataclass(frozen=True)
class _Segment:
    """A sentence (or table row) in the document, with what precedes each figure."""

    start: int
    text: str
    headings: tuple[str, ...]
    prefix: str = ""  # a table row's first cell and column header
    unit: str = ""  # what a bare amount in a table cell is in, from its header: " EUR"


@cache
def currency_places() -> dict[str, str]:
    """A figure's currency -> the country (or region) it names when the text names none.

    Example:
        >>> currency_places()["GBP"], currency_places()["EUR"], "USD" in currency_places()
        ('GB', 'Euro area', False)
    """
    return {row["currency"]: row["place"] for row in read_rules("currency_places.csv")}


@cache
def phrases() -> tuple[tuple[str, re.Pattern[str], Any], ...]:
    """(kind, pattern, value) from the phrase table, longest phrase first.

    Example:
        >>> [(k, v) for k, p, v in phrases() if "facebook" in p.pattern]
        [('company', 'Meta')]
    """
    return tuple(
        (
            r["kind"],
            re.compile(
                r"(?<!\w)" + re.escape(r["phrase"]).replace(r"\ ", r"\s+") + r"(?!\w)",
                0 if _capitals(r["phrase"]) else re.I,
            ),
            int(r["value"]) if r["kind"] in NUMERIC_KINDS else r["value"],
        )
        for r in _phrase_rows()
    )


@cache
def _phrase_rows() -> tuple[dict[str, str], ...]:
    """The phrase table's rows and the place names', longest phrase first."""
    table = read_rules("claim_subjects.csv")
    places = [*_place_names(table, "state"), *_place_names(table, "country")]
    return tuple(sorted([*table, *places], key=lambda r: -len(r["phrase"])))


# The four letters that match an ASCII one in a pattern read in any case (re.IGNORECASE:
# "ı" matches "i"), as that ASCII letter, so that a text folded with them and lowered holds
# each ASCII word any match of the pattern holds.
_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


@cache
def _needles() -> tuple[tuple[str, bool], ...]:
    """For each of ``phrases()``: its longest run of ASCII letters and digits (lowered
    when it is read in any case; "" when it has none) and whether it is read as written.
    A text without the run holds no match of the phrase: a substring test says so
    ~50 times faster than the pattern's search.

    Example:
        >>> needles = dict(zip([r["phrase"] for r in _phrase_rows()], _needles()))
        >>> needles["machine learning engineer"], needles["US"]
        (('learning', False), ('US', True))
    """
    found = []
    for row in _phrase_rows():
        exact = _capitals(row["phrase"])
        runs = re.findall(r"[A-Za-z0-9]+", row["phrase"] if exact else row["phrase"].lower())
        found.append((max(runs, key=len, default=""), exact))
    return tuple(found)


def _phrases_in(text: str) -> tuple[tuple[str, re.Pattern[str], Any], ...]:
    """The rows of ``phrases()`` with a match in ``text``; only those holding their
    needle (``_needles``) are searched: searching all ~760 in every sentence had been 80%
    of the time of a long article (a 1 MB article: over a minute).

    Example:
        >>> sorted({(k, v) for k, _, v in _phrases_in("ML engineers at Google in the US")})
        [('company', 'Google'), ('country', 'US'), ('role', 'ml_engineer')]
    """
    folded = text.translate(_FOLDS).lower()
    return tuple(
        row
        for row, (needle, exact) in zip(phrases(), _needles(), strict=True)
        if needle in (text if exact else folded) and row[1].search(text)
    )


def _capitals(phrase: str) -> bool:
    """Whether a phrase is written in capitals, and so is matched only as written.

    Example:
        >>> _capitals("US"), _capitals("the us"), _capitals("3M")
        (True, False, True)
    """
    return any(c.isalpha() for c in phrase) and phrase == phrase.upper()


# Place names that more often mean something else in an article about US pay: a US
# state (Georgia), part of one (New Jersey), a first name (Jordan, Chad), the capital
# as much as the state (Washington).
AMBIGUOUS_PLACE_NAMES = {
    "country": frozenset(
        {"georgia", "jersey", "jordan", "chad", "turkey", "holland", "emirates", "america"}
    ),
    "state": frozenset({"washington"}),
}


def _place_names(table: list[dict[str, str]], kind: str) -> list[dict[str, str]]:
    """Phrases for every country by its ISO 3166 name (``countries.csv``) and the names
    people write for it (``country_aliases.csv``: "Russia", "South Korea"), or every US
    state by its name (``us_states.csv``), that the phrase table does not name and that is
    plain (no comma or brackets) and unambiguous: a place the table missed ("Thailand",
    "Russia", "California") left the claim compared with every country.

    Example:
        >>> [r["value"] for r in _place_names([], "country") if r["phrase"] in ("thailand",
        ...  "russia")]
        ['TH', 'RU']
        >>> [r["value"] for r in _place_names([], "state") if r["phrase"] == "georgia"]
        ['GA']
    """
    named = {row["phrase"].casefold() for row in table}
    rows = [r for r in read_rules(PLACE_TABLES[kind]) if kind != "state" or r["kind"] == "state"]
    # (territories are left out of the states: Puerto Rico is a country name as well)
    names = [(r["name"], r["code"]) for r in rows]
    if kind == "country":
        names += [(r["alias"], r["code"]) for r in read_rules("country_aliases.csv")]
    found = []
    for name, code in names:
        phrase = name.casefold()
        plain = not any(mark in phrase for mark in ",()")
        if plain and phrase not in named and phrase not in AMBIGUOUS_PLACE_NAMES[kind]:
            named.add(phrase)
            found.append({"kind": kind, "phrase": phrase, "value": code})
    return found


HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
# Where a sentence may end: after . ! ? (or one closing quote or bracket after them),
# before the next word. ``sentence_starts`` says whether one does.
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’»)]))\s+(?=\S)")
# What starts a sentence besides a capital (any script's: "Élite", "Über") or a digit
# ("2024 was different"): an opening quote or bracket, Markdown's emphasis, Spanish's
# inverted marks. Only ASCII capitals and straight quotes had been read so, and a
# sentence starting “Senior” took the place and year of the sentence before it.
SENTENCE_OPENERS = frozenset("\"'*(“‘„«¿¡")
# A word ending in a full stop that ends no sentence: "e.g. 2024", "vs. Google",
# "Sr. ML engineers", "St. Louis". Not "U.S." or "etc.", which often end one.
ABBREVIATIONS = frozenset(
    {"e.g.", "i.e.", "vs.", "cf.", "approx.", "ca.", "incl.", "excl.", "sr.", "jr.", "mr.",
     "mrs.", "ms.", "dr.", "st.", "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.",
     "sep.", "sept.", "oct.", "nov.", "dec.", "rs."}
)  # fmt: skip
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s")
TABLE_RULE = re.compile(r"^\|?[\s:|-]+\|?$")


def blocks(text: str) -> Iterator[tuple[str, int, str]]:
    """(kind, offset, body) of each heading, table row and paragraph; a paragraph's lines
    (wrapped prose) are one block, and each list item starts a new one.

    Example:
        >>> [k for k, _, _ in blocks("# T\\nOne\\ntwo.\\n\\n- item\\n| a |")]
        ['heading', 'prose', 'blank', 'prose', 'table']
        >>> [b for k, _, b in blocks("One\\ntwo.") if k == "prose"]
        ['One\\ntwo.']
    """
    start: int | None = None
    offset = end = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        kind = (
            "heading" if HEADING.match(body) else "table" if body.lstrip().startswith("|") else ""
        )
        if start is not None and (kind or not body.strip() or LIST_ITEM.match(body)):
            yield "prose", start, text[start:end]
            start = None
        if kind or not body.strip():
            yield kind or "blank", offset, body
        else:
            start = offset if start is None else start
            end = offset + len(body)
        offset += len(line)
    if start is not None:
        yield "prose", start, text[start:end]


# A fenced block of code (``` or ~~~ to the same fence) and a Markdown link's target are
# no one's prose: "salary = $999,999" in a code block, "?min=$500,000" in a link's address
# had been checked as claims.
FENCED = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[^\n]*$", re.M | re.S)
LINK_TARGET = re.compile(r"\]\(([^()\s]*)\)")


def prose_only(text: str) -> str:
    r"""``text`` with its fenced code and its links' targets blanked: each of their
    characters a space, its line breaks kept, so that every offset stays where it was.

    Example:
        >>> prose_only("[source](https://x.com/?min=$5)\n```\npay = $9\n```\nEnd.")
        '[source](                     )\n   \n        \n   \nEnd.'
    """
    text = FENCED.sub(lambda code: re.sub(r"[^\n]", " ", code[0]), text)
    return LINK_TARGET.sub(lambda link: "](" + " " * len(link[1]) + ")", text)


def segments(text: str) -> list[_Segment]:
    """The document as sentences and table cells, each with the headings above it.

    Example:
        >>> [s.text for s in segments("# Pay\\nOne. Two\\nlines.")]
        ['Pay', 'One.', 'Two\\nlines.']
    """
    found: list[_Segment] = []
    headings: list[tuple[int, str]] = []
    header: list[str] = []
    text = prose_only(text)
    for kind, offset, body in blocks(text):
        if kind == "heading":
            heading = HEADING.match(body)
            assert heading is not None
            depth = len(heading[1])
            headings = [h for h in headings if h[0] < depth]
            found.append(_Segment(offset + heading.start(2), heading[2], _titles(headings)))
            headings.append((depth, heading[2]))
        elif kind == "table":
            ruled = not header and rule_follows(text, offset + len(body))
            header = _table_line(found, body, offset, _titles(headings), header, ruled)
        elif kind == "blank":
            header = []
        elif plain_heading(body):  # a text pasted without Markdown: its title, its sections
            header = []
            depth = 2 if found else 1
            headings = [h for h in headings if h[0] < depth]
            indent = len(body) - len(body.lstrip())  # the text starts after its indent
            found.append(_Segment(offset + indent, body.strip(), _titles(headings)))
            headings.append((depth, body.strip()))
        else:
            header = []
            found += _sentences(body, offset, _titles(headings))
    return found


def plain_heading(body: str) -> bool:
    """Whether a paragraph is a heading written as plain text: one short line with no
    sentence end but a question's and no figure ("Machine learning engineer salaries in
    2024", "How much do AI engineers make?").

    Example:
        >>> plain_heading("ML engineer pay in 2024: the numbers"), plain_heading("Pay rose.")
        (True, False)
        >>> plain_heading("Google pays $300K"), plain_heading("- Google")
        (False, False)
    """
    line = body.strip()
    return (
        "\n" not in line
        and len(line.split()) <= PLAIN_HEADING_WORDS
        and not line.endswith((".", "!", ":", ";", ","))
        and not LIST_ITEM.match(body)
        and not re.search(r"\d\s*%|\bper\s?cent\b", line, re.IGNORECASE)
        and not figures(line)
    )


PLAIN_HEADING_WORDS = 15


def _titles(headings: list[tuple[int, str]]) -> tuple[str, ...]:
    """Headings innermost first."""
    return tuple(h[1] for h in reversed(headings))


def sentence_starts(body: str, cut: int, next_at: int) -> bool:
    """Whether a new sentence starts at ``next_at`` of ``body``, after a full stop (or !
    or ?) and the space that ends at ``next_at`` and starts at ``cut``.

    Example:
        >>> text = "Pay is $165,000. “Senior” pay is €90,000. Élite pay is €1."
        >>> [sentence_starts(text, m.start(), m.end()) for m in SENTENCE_END.finditer(text)]
        [True, True]
        >>> text = "Pay rose, e.g. 2024 was up. In the U.S. engineers earn $1.5M."
        >>> [sentence_starts(text, m.start(), m.end()) for m in SENTENCE_END.finditer(text)]
        [False, True, False]
    """
    first = body[next_at]
    if not (first.isupper() or first.isdigit() or first in SENTENCE_OPENERS):
        return False
    word = body[:cut].rsplit(None, 1)[-1].lstrip("\"'*(“‘„«")
    return word.casefold() not in ABBREVIATIONS


def _sentences(body: str, offset: int, headings: tuple[str, ...]) -> list[_Segment]:
    out, start = [], 0
    for cut in [*_cuts(body), None]:
        end = cut[0] if cut else len(body)
        if body[start:end].strip():
            out.append(_Segment(offset + start, body[start:end], headings))
        start = cut[1] if cut else end
    return out


def _cuts(body: str) -> list[tuple[int, int]]:
    """(start, end) of the space between each two sentences of a paragraph: after a full
    stop, or at a line's end (``line_starts_sentence``) above any line with no figure: the
    lines below "In Seattle:" or "Senior level" are all of it, as wrapped prose is one."""
    ends = [m.span() for m in SENTENCE_END.finditer(body) if sentence_starts(body, *m.span())]
    label = next((m.start() for m in LINE.finditer(body) if not figures(m[0])), len(body))
    lines = [m.span() for m in LINE_END.finditer(body, 0, label)]
    lines = [c for c in lines if line_starts_sentence(body, *c)]
    return sorted({*ends, *(c for c in lines if not any(a < c[1] and c[0] < b for a, b in ends))})


LINE_END = re.compile(r"[ \t]*\n\s*")
LINE = re.compile(r"^.*$", re.MULTILINE)
# A line's end that runs on: after a comma, a colon, a dash, a conjunction or a
# preposition ("... earn $200,000 on average in\nSeattle and ...").
RUNS_ON = re.compile(
    r"(?:[,;:(&/+–—-]|\b(?:and|or|but|while|whereas|with|at|in|for|of|to|from|than|vs|by|"
    r"on|as|plus|including|excluding)\b)\W*\Z",
    re.IGNORECASE,
)


def line_starts_sentence(body: str, cut: int, next_at: int) -> bool:
    r"""Whether a new sentence starts at ``next_at``, the next line of a paragraph, with no
    full stop before it: the line before holds a figure and does not run on (``RUNS_ON``),
    and the next starts with a capital and holds a group (a role) and a figure of its own.
    Such lines had been one sentence: "Senior ML engineers earn $150,000\nAt Google, data
    scientists earn $120,000" put the first claim's engineers at Google.

    Example:
        >>> text = "ML engineers earn $150,000\nSenior data scientists earn $120,000"
        >>> [line_starts_sentence(text, m.start(), m.end()) for m in LINE_END.finditer(text)]
        [True]
        >>> text = "ML engineers earn $200,000 in\nSeattle and data scientists $150,000."
        >>> [line_starts_sentence(text, m.start(), m.end()) for m in LINE_END.finditer(text)]
        [False]
    """
    before = body[body.rfind("\n", 0, cut) + 1 : cut]  # not body[:cut]: a long list's
    stop = body.find("\n", next_at)  # lines each read it all
    after = body[next_at : stop if stop >= 0 else None]
    found = figures(before) if after[:1].isupper() and not RUNS_ON.search(before) else []
    return (
        bool(found)
        and figure_words_only(before[found[-1].end :])
        and bool(figures(after))
        and any(kind == "role" for _, kind, _ in _mentions(after))
    )


def figure_words_only(tail: str) -> bool:
    """Whether the words after a line's last figure are its own ("in total pay", "a year
    in Seattle"), not a clause that runs on to the next line ("while Meta's" before "ML
    engineers earn ...": a conjunction, a group or a company).

    Example:
        >>> figure_words_only(" in total pay"), figure_words_only(" whereas Meta's")
        (True, False)
    """
    mentioned = {kind for _, kind, _ in _mentions(tail)}
    return not CONJUNCTION.search(tail) and not mentioned & {"role", "level", "company"}


CONJUNCTION = re.compile(r"\b(?:and|or|but|while|whereas|than|vs|versus)\b", re.IGNORECASE)


def _cells(body: str) -> list[tuple[int, str]]:
    """(offset in the line, text) of each cell of a Markdown table row."""
    bars = [m.start() for m in re.finditer(r"\|", body)]
    if not body.rstrip().endswith("|"):
        bars.append(len(body))
    return [(a + 1, body[a + 1 : b]) for a, b in pairwise(bars)]


def rule_follows(text: str, end: int) -> bool:
    """Whether the line after the one ending at ``end`` is a table's rule (``|---|---|``).

    Example:
        >>> rule_follows("| Role | Pay |\\n|---|---|\\n", 14), rule_follows("| a |\\n| b |", 5)
        (True, False)
    """
    start = text.find("\n", end) + 1
    stop = text.find("\n", start)
    line = text[start : stop if stop >= 0 else None].strip() if start else ""
    return line.startswith("|") and bool(TABLE_RULE.match(line))


def _table_line(
    found: list[_Segment],
    body: str,
    offset: int,
    headings: tuple[str, ...],
    header: list[str],
    ruled: bool = False,
) -> list[str]:
    """Add a table row's cells as segments; return the table's header: its first row when
    a rule follows it or it holds no figure. A first row of figures with no rule under it
    ("| Senior ML engineer | $150,000 |", a page's table without <th>) is data: it had
    been taken for the header, its figure never checked and nothing said."""
    if TABLE_RULE.match(body.strip()):
        return header
    cells = [(at, level_cell(header[i] if i < len(header) else "", cell))
             for i, (at, cell) in enumerate(_cells(body))]  # fmt: skip
    if not header and (ruled or not any(figures(cell) for _, cell in cells)):
        return [c[1].strip() for c in cells]
    header = header or [""] * len(cells)  # its columns have no names
    first = cells[0][1].strip() if cells else ""
    units = [column_unit(header[i] if i < len(header) else "", c) for i, (_, c) in enumerate(cells)]
    # The row's other cells without money say whom it is about too ("| Google | L5 | ...").
    said = " ".join(c.strip() for (_, c), unit in zip(cells[1:], units[1:], strict=True)
                    if c.strip() and not figures(c.rstrip() + unit))  # fmt: skip
    for index, (at, cell) in enumerate(cells):
        column = header[index] if index < len(header) else ""
        column = without_unit(column)  # "Bonus ($)": a bonus, "Total (USD)": total pay
        column = PAY_HEADERS.get(" ".join(column.split()).casefold(), column)
        prefix = f"{first} {said} {column}:" if index else f"{column}:"
        found.append(_Segment(offset + at, cell, headings, prefix, units[index]))
    return header


def level_cell(column: str, cell: str) -> str:
    """A cell under a level column as the phrase table reads it: a bare level word
    ("Entry", "Mid") is that level ("Entry level"), where alone it was no level.

    Example:
        >>> level_cell("Level", " Entry "), level_cell("Seniority", "mid")
        ('Entry level', 'mid level')
        >>> level_cell("Role", "Staff")
        'Staff'
    """
    word = cell.strip()
    if column.strip().casefold() in LEVEL_HEADERS and word.casefold() in LEVELS:
        return f"{word} level"
    return cell


LEVEL_HEADERS = frozenset({"level", "levels", "seniority", "experience level", "career level"})


# A column header that is a pay component alone ("| Base | Total |"): in prose "total" is
# too common a word ("a total of") to be read so.
PAY_HEADERS = {"total": "total pay", "tc": "total pay", "total ($)": "total pay",
               "base": "base pay", "base ($)": "base pay"}  # fmt: skip


@lru_cache(maxsize=1024)  # a heading is read for every claim below it
def _unambiguous(heading: str) -> tuple[tuple[int, str, Any], ...]:
    """A heading's mentions, less the fields it names two values of: "UK and US pay" is
    about neither country for a sentence below it that names none.

    Example:
        >>> [(k, v) for _, k, v in _unambiguous("UK and US ML engineer pay in 2024")]
        [('role', 'ml_engineer'), ('year', 2024)]
    """
    mentions = _mentions(heading)
    values: dict[str, set[Any]] = {}
    for _, kind, value in mentions:
        values.setdefault(kind, set()).add(value)
    return tuple(m for m in mentions if len(values[m[1]]) == 1)


def _mentions(text: str) -> list[tuple[int, str, Any]]:
    """(position, kind, value) of every phrase-table mention, longest phrase first at a
    spot, and of every year (``YEAR``)."""
    return [(start, kind, value) for start, _, kind, value in _mention_spans(text)]


def _mention_spans(text: str) -> list[tuple[int, int, str, Any]]:
    """``_mentions`` with where each ends."""
    # Each character marked once taken: each match checked against every earlier one
    # had made a long list of figures quadratic (300 lines pasted: 52 s).
    taken = bytearray(len(text))
    found: list[tuple[int, int, str, Any]] = []
    table = _IN_SEGMENT.get()
    for kind, pattern, value in phrases() if table is None else table:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            found.append((start, end, kind, value))
    for match in LEAD.finditer(text):  # "Lead ML engineers": senior, as a title's "Lead" is
        start, end = match.span("lead")
        if not any(taken[start:end]) and not LEAD_AS_VERB.search(text, 0, start):
            found.append((start, end, "level", "senior"))
    spans = year_spans(text)
    found += [(start, end, "year", span) for start, end, span in spans]  # a tuple: a span
    found += [
        (m.start(), m.end(), "year", year_of(m))
        for m in YEAR.finditer(text)
        if not any(start <= m.start() < end for start, end, _ in spans)
    ]
    return sorted(found)


# A lead is a senior individual contributor, as titles read it (``title_levels.csv``:
# "Lead Data Scientist"): "Lead ML engineers earn $220,000" had no level. Before a role's
# words, or "tech lead(s)" / "team lead(s)"; not the verb ("can lead ML engineers to").
LEAD = re.compile(
    r"\b(?P<lead>(?:tech|team)\s+leads?|leads?(?=\s+(?:ml|machine[\s-]learning|data|ai|"
    r"software|research|applied|deep[\s-]learning|mlops|nlp|computer[\s-]vision)\b))\b",
    re.I,
)
LEAD_AS_VERB = re.compile(
    r"\b(?:can|could|will|would|may|might|should|must|to|does|do|did|often|also)\s+$", re.I
)


# Values of one field joined as a list ("Google and Meta", "data scientists and ML
# engineers", "Seattle, Austin or Boston"): one figure said of two groups, each with pay of
# its own. Read as the nearest alone, "Google and Meta pay $180,000" was checked against
# Meta, "Meta and Google ..." against Google (opposite verdicts), and the pair a
# contradiction.
LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|&\s*|/\s*)(?:the\s+)?", re.I)
LISTED_KINDS = ("role", "company", "metro", "state", "country")
# A place a text sets apart: "outside the US", "non-US", "everywhere but the US" (each
# had been checked as the US).
OUTSIDE = re.compile(
    r"(?:\boutside(?:\s+of)?|\bnon-?|\bexcept(?:\s+(?:in|for))?|\beverywhere\s+but(?:\s+in)?"
    r"|\bexcluding|\bbeyond)\s*(?:the\s+)?$",
    re.I,
)


# "at Stripe": an employer by a name the phrase table lacks (a capital after "at"). Its
# figure had been checked against every company's records, unsaid.
# Not an acronym of three letters or fewer ("at AI startups"): the table holds IBM, AMD, SAP.
_CAPITALIZED = r"(?:[A-Z][\w&.'-]*[\w&]|[a-z]+[A-Z][\w&.'-]*)"  # "Stripe", "eBay"
AT_EMPLOYER = re.compile(
    rf"\b[Aa]t\s+(?P<name>(?![A-Z]{{1,3}}\b){_CAPITALIZED}(?:\s+{_CAPITALIZED}){{0,2}})"
)


def unchecked_subject(text: str) -> str | None:
    """Why the subject a text gives a figure cannot be checked, or None: it names two
    values of one field as a list, or a place by what lies outside it.

    Example:
        >>> unchecked_subject("Google and Meta pay research scientists ")[:50]
        'The text names 2 companies (Google and Meta) for o'
        >>> unchecked_subject("ML engineers outside the US earn ")[:42]
        'The text names pay outside a place (US): t'
        >>> unchecked_subject("Google pays $200K and Meta pays ") is None
        True
        >>> unchecked_subject("ML engineers at eBay earn ")[:32]
        'The text names pay at eBay, an e'
        >>> unchecked_subject("ML engineers at Google earn ") is None
        True
    """
    spans = _mention_spans(text)
    for start, _, kind, value in spans:
        if kind in PLACES and OUTSIDE.search(text[max(0, start - 30) : start]):
            return (
                f"The text names pay outside a place ({value}): the data holds places, not "
                "what lies beyond them, so it is not checked."
            )
    for match in AT_EMPLOYER.finditer(text):
        start, end = match.span("name")
        if not any(s < end and start < e for s, e, _, _ in spans):  # no name the table reads
            return (
                f"The text names pay at {match['name']}, an employer the checker does not "
                "read: against every company's records it would mislead, so it is not checked."
            )
    listed = [span for span in spans if span[2] in LISTED_KINDS]
    for (_, end, kind, value), (start, _, other_kind, other) in itertools.pairwise(listed):
        if kind == other_kind and value != other and LIST_JOIN.fullmatch(text[end:start]):
            return two_named(kind, value, other)
    return None


def two_named(kind: str, value: Any, other: Any) -> str:
    """Why a figure said of two values of one field (``unchecked_subject``) is not checked."""
    return (
        f"The text names 2 {PLURALS.get(kind, f'{kind}s')} ({value} and {other}) for one "
        "figure: each has pay of its own, so it is not checked."
    )


PLURALS = {"company": "companies", "country": "countries"}


# A bound said with a negation just before it is the other bound: "do not earn more than",
# "never make less than" (read as at least, and at most, they were judged backwards).
# The negation must be of the bound's own verb ("don't make", "never earn"): "with no
# degree earn more than" and "who don't negotiate make more than" negate something else.
NEGATION = re.compile(r"(?:\b(?:not|never)\b|n[’']t\b)(?:\s+\w+)?\s*$", re.I)
NEGATION_WINDOW = 30
NEGATED = {"minimum": "maximum", "maximum": "minimum"}
# A bound few are said to pass: "ML engineers rarely earn more than $300,000", "few make
# under $80,000" say where a tail begins, not a floor or a top (read as a floor, each was
# above_data where the data agrees). Not "a few" (some do).
RARELY = re.compile(
    r"\b(?:rarely|seldom|hardly(?:\s+any(?:one)?|\s+ever)?|barely(?:\s+any(?:one)?)?"
    r"|not\s+many|only\s+a\s+few|only\s+a\s+handful|(?<!\ba\s)few)\b",
    re.I,
)
RARELY_PAST = {"minimum": "few_above", "maximum": "few_below"}


# A figure its own verb denies: "do not earn $250,000", "don't typically make", "is not
# $250,000". Not "not only earn" (an addition), nor "who don't negotiate make" (a
# negation of something else); a negated bound is the other bound instead (``NEGATED``).
NEGATED_FIGURE = re.compile(
    r"(?:\b(?:not|never)\b|n[’']t\b)(?!\s+(?:only|just|merely)\b)"
    r"(?:\s+(?:typically|usually|necessarily|always|actually|really|even|all))?"
    r"(?:\s+\w+)?\s*$",
    re.I,
)
# A clause a sentence denies whole: "It is not true that ML engineers earn $250,000".
DENIED = re.compile(
    r"\b(?:it\s+is|it[’']s)\s+(?:not\s+true|not\s+the\s+case|untrue|false|a\s+myth)\s+that\b"
    r"|\bit\s+isn[’']t\s+(?:true|the\s+case)\s+that\b",
    re.I,
)
# Where a sentence's denial stops: "It is not true that X earn $250,000, but they earn $150,000".
DENIAL_ENDS = re.compile(rf"[;:]|\b(?:but|{CONTRASTS}|however|yet|instead)\b", re.I)


def negated(before: str, statistic: str) -> bool:
    """Whether the text says pay is not the figure that follows ``before``: its own verb
    is negated (a bound is not: it was read as the other bound, ``_statistic``), or its
    clause is denied whole.

    Example:
        >>> negated("ML engineers in Austin do not earn ", "average")
        True
        >>> negated("It is not true that ML engineers earn ", "minimum")
        True
        >>> negated("ML engineers who don't negotiate make ", "typical")
        False
        >>> negated("ML engineers don't make more than ", "maximum")
        False
    """
    if statistic not in NEGATED and NEGATED_FIGURE.search(before):
        return True
    return DENIED.search(DENIAL_ENDS.split(before)[-1]) is not None


# A span of experience right after a bound word: the bound is the years', not the figure's.
YEARS_BOUNDED = re.compile(rf"\s+(?:{_NUM}|an?)\s+years?\b", re.I)


def bounds_years(before: str, end: int) -> bool:
    """Whether the bound phrase ending at ``end`` of ``before`` bounds a span of experience
    ("less than 2 years", as ``SPANS`` reads it), not the figure after: "those with less
    than 2 years earn $100,000" had been read as at most $100,000.

    Example:
        >>> text = "those with less than 2 years earn "
        >>> bounds_years(text, text.index(" 2")), bounds_years("earn less than ", 14)
        (True, False)
    """
    return YEARS_BOUNDED.match(before, end) is not None


def bounds_people(before: str, end: int) -> bool:
    """Whether the bound phrase ending at ``end`` of ``before`` (a figure's words before
    it) sets people against people: a subject is named between it and the figure. "Data
    scientists earn less than ML engineers: $140,000 versus $170,000" had read the
    $140,000 as at most that.

    Example:
        >>> bounds_people("Data scientists earn less than ML engineers: ", 30)
        True
        >>> bounds_people("Data scientists earn less than ", 30)
        False
    """
    return any(kind in SUBJECT_FIELDS for _, kind, _ in _mentions(before[end:]))


def _statistic(before: str, after: str, is_range: bool) -> str:
    """What a figure is said to measure: nearest bound phrase just before, else the nearest
    average / median / typical word in the sentence, else "typical" (or "range")."""
    if re.match(r"\s*(?:-?(?:or more|and up|plus)\b(?!\s+(?:an?\b|the\b|[$€£\d]))|\+)", after):
        # "$400k+.", "$150K-plus"; not "$150,000 plus a $30,000 bonus" (an addition)
        return "minimum"
    if re.match(r"\s*or less\b", after):
        return "maximum"
    spans = [(p, e, v) for p, e, k, v in _mention_spans(before) if k == "statistic"]
    stats_before = [(p, v) for p, _, v in spans]
    if is_range:
        return "range"
    bounds = [
        (p, v)
        for p, e, v in spans
        if v not in CENTRAL
        and p >= len(before) - BOUND_WINDOW
        and not bounds_years(before, e)
        and not bounds_people(before, e)
    ]
    if bounds:
        at, bound = bounds[-1]
        # "don't make more than $150,000" is at most that ("more than" alone: at least).
        if bound in NEGATED and NEGATION.search(before[max(0, at - NEGATION_WINDOW) : at]):
            return NEGATED[bound]
        if bound in RARELY_PAST and RARELY.search(CLAUSE_BREAK.split(before[:at])[-1]):
            return RARELY_PAST[bound]
        return str(bound)
    central = [v for _, v in stats_before if v in CENTRAL]
    if rounded := _rounded_statistic(before, [s for s in spans if s[2] in CENTRAL]):
        return rounded
    central_after = [v for _, k, v in _mentions(after) if k == "statistic" and v in CENTRAL]
    if central_after and not _central_named_in_clause(before, spans):
        # "The median DS salary is $140,000, while SDEs earn $170,000 on average": the
        # figure's own word, not the clause before's (it had been read as a median).
        return str(central_after[0])
    return str((central[-1:] or central_after[:1] or ["typical"])[0])


def _central_named_in_clause(before: str, spans: list[tuple[int, int, Any]]) -> bool:
    """Whether a figure's own clause names an average, median or typical figure before it,
    a word of rounding ("about") apart: it names none.

    Example:
        >>> before = "The median is $140,000, while SDEs earn about "
        >>> _central_named_in_clause(before, [(4, 10, "median"), (40, 45, "typical")])
        False
        >>> _central_named_in_clause("SDEs earn a median of ", [(12, 18, "median")])
        True
    """
    start = clause_start(before)
    return any(
        v in CENTRAL and at >= start and before[at:end].lower() not in APPROXIMATE
        for at, end, v in spans
    )


# Words that say a figure is rounded, not which statistic it is (the phrase table reads
# them as typical, the statistic of a figure that names none).
APPROXIMATE = frozenset({"about", "around", "roughly"})


def _rounded_statistic(before: str, central: list[tuple[int, int, Any]]) -> str | None:
    """The average or median a word of rounding right before a figure stands beside in
    its clause ("a median of about $185,000", "the average salary is around"); None when
    the nearest central word is no word of rounding, or its clause names neither.

    Example:
        >>> _rounded_statistic("a median of about ", [(2, 8, "median"), (12, 17, "typical")])
        'median'
    """
    if not central or before[central[-1][0] : central[-1][1]].lower() not in APPROXIMATE:
        return None
    start = clause_start(before)
    named = [str(v) for at, _, v in central if v != "typical" and at >= start]
    return named[-1] if named else None


# Where a figure's own clause ends, before it and after it: a comma, a semicolon, an
# aside, or a word that starts another clause with its own subject. "ML engineers earn
# $150,000 and in Seattle they earn $180,000": the $150,000 is no Seattle figure (the
# words after a figure had run on past "and" and "but", and taken the next clause's
# place). Not "and up", which bounds the figure itself.
FIGURE_CLAUSE_END = re.compile(
    rf"[,;(]|\b(?:{CONTRASTS}|but)\b|\band\b(?!\s+(?:up|above|over|more|beyond)\b)", re.I
)


def clause_ends(text: str, start: int = 0, stop: int | None = None) -> list[re.Match[str]]:
    """Where a figure's clause may end in ``text`` between ``start`` and ``stop``
    (``FIGURE_CLAUSE_END``), but for the "and" of a span of years (``year_spans``), which
    joins the span's ends: "$230,000 between 2022 and 2024" had been read as of 2022 alone
    (its words cut at "and") where "Between 2022 and 2024, ... $230,000" was of 2022-2024.
    So for a span of experience ("with between 5 and 10 years", ``EXPERIENCE_BETWEEN``).

    Example:
        >>> words = " between 2022 and 2024 and in Seattle they earned"
        >>> [(m[0], m.start()) for m in clause_ends(words)]
        [('and', 23)]
        >>> clause_ends(" with between 5 and 10 years of experience")
        []
    """
    stop = len(text) if stop is None else stop
    spans = [(start + a, start + b) for a, b, _ in year_spans(text[start:stop])]
    spans += [m.span() for m in EXPERIENCE_BETWEEN.finditer(text, start, stop)]
    ends = FIGURE_CLAUSE_END.finditer(text, start, stop)
    return [m for m in ends if not any(a <= m.start() < b for a, b in spans)]


def _subject(before: str, after: str, headings: tuple[str, ...]) -> dict[str, Any]:
    """Each subject field from the nearest mention before the figure, else after it in the
    sentence, else the innermost heading that names it; a place only where it fits the
    places taken (``place_fits``)."""
    subject: dict[str, Any] = dict.fromkeys(SUBJECT_FIELDS)
    # "$150k base and $250k total": a component named right after the figure is its own
    # (the nearest before, "base", had been the second figure's too); "total" alone too,
    # which in prose elsewhere is no component ("a total of 300 engineers").
    if own := _own_component(before, after):
        subject["pay_component"] = own
    # A clause or a list line naming a group of its own takes no other's level; a list
    # line, none of the qualifiers of the lines above either (``LINE_OWN_KINDS``).
    start, end = others_words(before, after)
    theirs = {"level"} if own_clause(before) else LINE_OWN_KINDS
    nearest = [m for m in _mentions(before)[::-1] if m[1] not in theirs or not start <= m[0] < end]
    nearest = own_places_first(before, nearest)
    nearest, said_after = levels_of_people_first(before, nearest, _mentions(after), after)
    places = [nearest, said_after, *(_unambiguous(h) for h in headings)]
    if re.match(r"\s*(?:a year\s+)?(?:for|among|at|in)\b", after):
        # "compared with $120K for data scientists", "compared to $380K at Google", "$150K
        # in Seattle": theirs, whatever the sentence named before.
        places[:2] = places[1::-1]
    for mentions in places:
        for _, kind, value in mentions:
            if kind in subject and subject[kind] is None and place_fits(subject, kind, value):
                subject[kind] = value
    if subject["level"] is None and subject["company"] is not None:  # "$300K for E5" at Meta
        # The figure's own clause first: "E6s earn $480,000, and an E4 earns $250,000".
        clause = before[end:]
        clause = clause[max([0, *(m.end() for m in clause_ends(clause))]) :]
        company = subject["company"]
        subject["level"] = level_named_in(f"{clause} {after}", company) or level_named_in(
            f"{before[:start]}{before[end:]} {after}", company
        )
    if subject["metro"] or subject["state"]:
        subject["country"] = "US"
    return subject


def own_places_first(before: str, nearest: list[Mention]) -> list[Mention]:
    """``nearest`` (mentions in ``before``, nearest first) less the places of the clauses
    before the figure's own when that clause names a place and follows another figure: those
    are the other figure's. "Senior ML engineers in Seattle earn $450,000, while entry-level
    ML engineers in the US make $90k" had checked the $90k against Seattle (the US fits a
    Seattle subject, so both were taken).

    Example:
        >>> before = "ML engineers in Seattle earn $450,000, while those in the US make "
        >>> [value for _, kind, value in own_places_first(before, _mentions(before)[::-1])
        ...  if kind in PLACES]
        ['US']
    """
    at = clause_start(before)
    if not at or not figures(before[:at], every=True):
        return nearest
    if not any(kind in PLACES and position >= at for position, kind, _ in nearest):
        return nearest
    return [m for m in nearest if m[1] not in PLACES or m[0] >= at]


# The level rows of claim_subjects.csv that are words for pay ("starting salary", "entry
# salaries": entry), not for people: a level said of the people the figure is of wins
# ("Senior engineers' starting salary is $150,000" had been checked as entry, the nearer).
LEVEL_OF_PAY = re.compile(r"(?:starting|entry)\s+(?:salar|pay)", re.I)
Mention = tuple[int, str, Any]


def levels_of_people_first(
    before: str, nearest: list[Mention], after_mentions: list[Mention], after: str
) -> tuple[list[Mention], list[Mention]]:
    """``nearest`` (mentions in ``before``, nearest first) and ``after_mentions`` (in
    ``after``) less the levels said by words for pay (``LEVEL_OF_PAY``) when another level
    stands among them since the last figure before (a level of another figure's people
    stays theirs: "Senior ML engineers make $250,000, while starting salaries are
    $110,000").

    Example:
        >>> before = "Senior engineers' starting salary is "
        >>> nearest, _ = levels_of_people_first(before, _mentions(before)[::-1], [], "")
        >>> [value for _, kind, value in nearest if kind == "level"]
        ['senior']
    """
    pay_before, pay_after = _pay_levels(before, nearest), _pay_levels(after, after_mentions)
    if not pay_before and not pay_after:
        return nearest, after_mentions
    since = max([0, *(figure.end for figure in figures(before, every=True))])
    people = [m for m in nearest if m[1] == "level" and m[0] >= since and m[0] not in pay_before]
    people += [m for m in after_mentions if m[1] == "level" and m[0] not in pay_after]
    if not people:  # no level but by pay
        return nearest, after_mentions
    return (
        [m for m in nearest if m[0] not in pay_before],
        [m for m in after_mentions if m[0] not in pay_after],
    )


def _pay_levels(text: str, mentions: list[Mention]) -> set[int]:
    """Where in ``text`` its ``mentions`` of a level by words for pay stand."""
    return {at for at, kind, _ in mentions if kind == "level" and LEVEL_OF_PAY.match(text, at)}


# Who a clause is about when it names them by no level: a role, or a group ("new hires").
GROUP_KINDS = ("role", "group")
# What a list line naming a group of its own takes from no list line above it
# (``other_lines``): who those lines' groups are besides their role. "ML engineers in
# Seattle: $150K" then "Data scientists: $140K" had put the data scientists in Seattle
# too (a line above's level had been kept from them, not its place); "$140,000 for new
# hires" below "ML engineers ...: $150,000" is still of ML engineers.
LINE_OWN_KINDS = frozenset(
    {"level", "company", "metro", "state", "country", "industry", "remote", "employment_type"}
)
# Who a later clause is about when it picks people out of the group named before it
# ("..., while those with 5+ years command $150,000"): its words are its own, as a
# group's are, where the group's level stays theirs ("..., while those at Google make").
THOSE_KINDS = (*GROUP_KINDS, "those")


def own_clause(before: str) -> int:
    """Where in ``before`` (a figure's words before it) the figure's own clause starts when
    that clause names a group of its own and no level, after a clause with a figure of its
    own; 0 otherwise. "Senior ML engineers make $250,000, while new hires make $120,000":
    the new hires had been checked as senior, the level of another group. "..., while those
    in Austin make $200,000" names no group, and "At senior level, ML engineers earn" gives
    the level no figure before: the level is theirs.

    Example:
        >>> before = "Senior ML engineers make $250,000, while data scientists make "
        >>> before[own_clause(before) :], own_clause("At senior level, ML engineers earn ")
        (' data scientists make ', 0)
    """
    at = clause_start(before)
    if not at:
        return 0
    kinds = {kind for _, kind, _ in _mentions(before[at:])}
    if "level" in kinds or not kinds & set(GROUP_KINDS):
        return 0
    return at if figures(before[:at], every=True) else 0


def others_words(before: str, after: str = "") -> tuple[int, int]:
    """The stretch of ``before`` (a figure's words before it; ``after``, its own words
    after it) whose level is another group's: all before the figure's own clause
    (``own_clause``), else the list lines right above its own (``other_lines``); (0, 0)
    when there is none.

    Example:
        >>> others_words("Senior ML engineers make $250,000, while data scientists make ")
        (0, 40)
        >>> others_words("Senior ML engineer: $250K\\nData scientist: "), others_words("Pay: ")
        ((0, 26), (0, 0))
    """
    clause_at = own_clause(before)
    return (0, clause_at) if clause_at else other_lines(before, after)


def own_lines(before: str, after: str) -> str:
    """``before`` (a figure's words before it; ``after``, its own words after it) less the
    list lines right above it that are other groups' (``other_lines``): "ML engineers
    outside the US: $150K" above "Data scientists: $140K" had left the data scientists
    unchecked as pay outside the US. A clause before it stays (``own_clause``).

    Example:
        >>> own_lines("ML engineers outside the US: $150K\\nData scientists: ", "")
        'Data scientists: '
    """
    if own_clause(before):
        return before
    start, end = other_lines(before, after)
    return before[:start] + before[end:]


def other_lines(before: str, after: str = "") -> tuple[int, int]:
    """Where the lines right above a figure's own stand in ``before`` (its words before
    it) that each give a figure to a group of their own, when its own line names a group
    of its own and no level, before the figure or after it (``after``: "$140,000 for data
    scientists" had taken the span of "ML engineers with 5+ years: $150,000" above it):
    their levels are theirs. "Senior ML engineer: $250K" then
    "Data scientist: $150K" on the next line had checked the data scientist as senior. A
    line naming a level and no figure ("Senior:", "Senior level") heads the lines below
    it: its level stays theirs. (0, 0) when there are none.

    Example:
        >>> other_lines("Senior ML engineer: $250K\\nData scientist: ")
        (0, 26)
        >>> other_lines("Senior:\\nML engineer: $250K\\nData scientist: ")
        (8, 27)
        >>> other_lines("Senior ML engineer: $250K\\nStaff data scientist: ")
        (0, 0)
        >>> other_lines("Senior ML engineer: $250K\\n", " for data scientists")
        (0, 26)
    """
    *above, own = before.split("\n")
    line = own + " " + after.partition("\n")[0]
    if not _names_a_group(line) or "level" in _kinds(line):
        return (0, 0)
    end = len(before) - len(own)
    start = end
    for line in reversed(above):
        if not _pays_a_group(line):
            break
        start -= len(line) + 1
    return (start, end)


@lru_cache(maxsize=1024)
def _pays_a_group(line: str) -> bool:
    """Whether a line gives a figure to a group it names: read once per line, not again
    for each line below it (a list of 300 lines took half as long again)."""
    return _names_a_group(line) and bool(figures(line, every=True))


def _kinds(text: str) -> set[str]:
    return {kind for _, kind, _ in _mentions(text)}


def _names_a_group(text: str) -> bool:
    """Whether ``text`` names whom pay is of: a role or a group ("new hires")."""
    return bool(_kinds(text) & set(GROUP_KINDS))


def place_fits(subject: dict[str, Any], kind: str, value: Any) -> bool:
    """Whether a place said farther from a figure than the places its subject has may be
    its place too: a state its metro is in ("Austin, Texas"), the US of a metro; not another
    country's city. "ML engineers earn $200,000 in Seattle and $110,000 in London" had
    checked the London figure against Seattle (a metro's country is the US), and a heading
    "## California" put a sentence's Seattle in California. Any other field fits.

    Example:
        >>> seattle = {"metro": "Seattle-Tacoma-Bellevue, WA", "state": None, "country": None}
        >>> place_fits(seattle, "country", "GB"), place_fits(seattle, "state", "WA")
        (False, True)
        >>> place_fits({"metro": None, "state": None, "country": "GB"}, "metro", "Bay Area")
        False
    """
    if kind == "country":
        return value == "US" or not (subject["metro"] or subject["state"])
    if kind not in PLACES:
        return True
    if subject["country"] not in (None, "US"):
        return False
    metro, state = (value, subject["state"]) if kind == "metro" else (subject["metro"], value)
    if metro is None or state is None or ", " not in metro:
        return True
    return state in metro.rsplit(", ", 1)[1].split("-")  # "New York-Newark-Jersey City, NY-NJ"


def _years_of(subject: dict[str, Any]) -> tuple[int | None, int | None] | None:
    """The span of years a subject was read with (``year_spans``), taken out of its
    ``year``, which holds one year or none; None when it names one year or none."""
    if not isinstance(subject["year"], tuple):
        return None
    years, subject["year"] = subject["year"], None
    return years


def _segment_span(text: str) -> list[float | None] | None:
    """``experience_span`` of a whole segment, read once for all its figures (each had
    read it again: a list of figures pasted without a full stop, quadratic)."""
    span = _span_once(text)
    return None if span is None else list(span)


Span = list[float | None]


def _experience(
    segment: _Segment, before: str, after: str, below: int
) -> tuple[Span | None, Span | None, str]:
    """A figure's years of experience said in its own clause, the years it is checked
    with (its own, else its segment's above ``below``, outside other groups' words, else a
    heading's), and its own clause. ``below``: where other groups' words after the figure
    begin, lines below (``lines_below``) or a later clause (``theirs_after``).
    """
    # The figure's own clause first: "Entry-level data scientists typically start at $95,000,
    # while those with 5+ years command $150,000" (the second is no entry-level figure).
    others = others_words(before, after)  # its own list line's clause, not the lines above
    theirs = before[others[1] :]
    clause = f"{theirs[clause_start(theirs) :]} {after}"
    own = experience_span(clause)
    if own is None:  # "... and those with less earn $120,000": the years others lack
        said, own = other_span(clause, theirs[: clause_start(theirs)])
        if said:
            return own, own, clause
    span = own or _shared_span(segment, before, others, below)
    if span is None:
        span = next(filter(None, map(experience_span, segment.headings)), None)
    return own, span, clause


def _shared_span(
    segment: _Segment, before: str, others: tuple[int, int], below: int
) -> Span | None:
    """The years of experience a figure takes from its segment outside its own clause,
    ``others`` being the stretch of ``before`` that is other groups' (``others_words``):
    none after a clause naming a group of its own (``own_clause``: no other's years), the
    words before it less the lines above for a list line (``other_lines``), else the
    segment's (``_segment_span``) above ``below``: a list line's years are its own, never
    the lines' above it ("Research scientists with 5-7 years of experience: $200,000"
    had given its years to the lines above it)."""
    start, end = others
    if start == end:
        whole = _segment_span(f"{segment.prefix} {segment.text}")
        if whole is None or below >= len(segment.text):
            return whole  # read once for the segment: most say no years at all
        return experience_span(f"{segment.prefix} {segment.text[:below]}")
    if start == 0 and own_clause(before):
        return None
    return experience_span(f"{before[:start]} {before[end:]}")


@lru_cache(maxsize=16)
def _span_once(text: str) -> tuple[float | None, ...] | None:
    span = experience_span(text)
    return None if span is None else tuple(span)


def experience_span(text: str) -> list[float | None] | None:
    """Years of experience a phrase defines, as [from, to) (None: open). Years that are
    how long money is paid over ("$400,000 over four years", "grants vest over four
    years") are no experience.

    Example:
        >>> experience_span("those with less than two years"), experience_span("5+ years")
        ([0.0, 2.0], [5.0, None])
        >>> experience_span("two to five years of experience")
        [2.0, 5.0]
        >>> experience_span("with between 5 and 10 years of experience")
        [5.0, 10.0]
        >>> experience_span("those with 7 years of experience"), experience_span("with a decade")
        ([7.0, 7.0], [10.0, None])
        >>> experience_span("Seniors earn $400,000 over four years") is None
        True
        >>> experience_span("$600,000 over 1000 years") is None
        True
    """
    return next((span for _, span in _spans_in(text)), None)


def last_span(text: str) -> list[float | None] | None:
    """The experience span said last in ``text``, or None.

    Example:
        >>> last_span("those with 2-5 years earn $140,000 and those with 5+ years $170,000")
        [5.0, None]
    """
    found = list(_spans_in(text))
    return max(found, key=lambda at_span: at_span[0])[1] if found else None


def _spans_in(text: str) -> Iterator[tuple[int, list[float | None]]]:
    """(start, span) of each experience span in ``text``, pattern by pattern (``SPANS``)."""
    for pattern, kind in SPANS:
        for match in pattern.finditer(text):
            if DURATION_BEFORE.search(text[: match.start()]):
                continue
            if kind == "below":
                span: list[float | None] = [0.0, number(match[1])]
            elif kind == "between":
                span = [number(match[1]), number(match[2])]
            elif kind == "exactly":
                span = [number(match[1]), number(match[1])]
            elif kind == "decade":
                span = [10.0, None]
            else:
                span = [number(match[1]), None]
            # "over 1000 years" is no career ("$600,000 over 1000 years" was read as senior).
            if all(v is None or v <= MAX_YEARS_EXPERIENCE for v in span):
                yield match.start(), span


# People said to have less or more experience than the group before them: "those with 5+
# years earn $180,000 and those with less earn $120,000" (the $120,000 had been read as
# of 5+ years, the span named before it). An experience word after it, or none: "with
# less equity" is no experience.
OTHER_EXPERIENCE = re.compile(
    r"\bwith\s+(?P<way>less|fewer|more)\b(?!\s+than\b)"
    r"(?:\s+(?:experience|years?|tenure|seniority)\b(?!\s+than\b)"
    r"|(?=\s*(?:[,;:.)]|$|\s+(?:earn|make|get|take|are|were|command|receive|average|see|"
    r"report|typically|usually|often|only|still)\w*\b)))",
    re.I,
)


def other_span(clause: str, before: str) -> tuple[bool, list[float | None] | None]:
    """Whether a figure's own ``clause`` says its people have less or more experience than
    the group before it (``OTHER_EXPERIENCE``), and the span that is: the complement of
    the span said last in ``before`` (the words before that clause), or None when it has
    no complement of one span ("more" than "2-5 years") or none was said: no span, never
    the other group's.

    Example:
        >>> other_span(" and those with less earn ", "those with 5+ years earn $180,000")
        (True, [0.0, 5.0])
        >>> other_span(" and those with more earn ", "those with 5+ years earn $180,000")
        (True, None)
        >>> other_span(" and those with more experience ", "with 2-5 years earn $140,000")
        (True, [5.0, None])
        >>> other_span(" those with less equity earn ", "with 5+ years earn $180,000")
        (False, None)
    """
    said = OTHER_EXPERIENCE.search(clause)
    if said is None:
        return False, None
    low, high = last_span(before) or [None, None]
    if said["way"].lower() == "more":
        return True, None if high is None else [high, None]
    return True, [0.0, low] if low else None


# A span may run this many years past the end of its first year's band and still be that
# band's level: "under 3 years" and "1-3 years" are entry, "3-6 years" mid, as articles
# say them; "3-8 years" is no one level.
SPAN_SLACK = 1.0


def level_for_span(span: list[float | None]) -> str | None:
    """The generic level an experience span describes, by the bands the records' levels are
    set by (``level_from_years``: entry < 2 y, mid 2-5, senior 5+): its first year's band,
    if the span ends within ``SPAN_SLACK`` of that band's end. "with 3 years" had been entry,
    where a record of 3 years is mid; "over 10 years" is senior, as every record of 10 years
    or more with no level of its own is (the ladder's typical years are a guide to a path).

    Example:
        >>> level_for_span([0, 2]), level_for_span([2, 5]), level_for_span([5, None])
        ('entry', 'mid', 'senior')
        >>> level_for_span([3, 3]), level_for_span([0, 3]), level_for_span([10, None])
        ('mid', 'entry', 'senior')
        >>> level_for_span([0, 5]), level_for_span([3, 8]), level_for_span([1, None])
        (None, None, None)
    """
    low, high = span[0] or 0.0, span[1]
    level = level_from_years(low)
    band_end = dict(YEARS_BANDS).get(level)  # None: the last band, open
    if high is None:  # "2+ years": its band, unless every level's ("1+ years")
        return level if level != YEARS_BANDS[0][0] else None
    return level if band_end is None or high <= band_end + SPAN_SLACK else None


# Words that say pay changed, each form of the verb: rising, then falling.
RISING = (
    "grow", "grows", "grew", "grown", "rise", "rises", "rose", "risen", "increase",
    "increases", "increased", "climb", "climbs", "climbed", "jump", "jumps", "jumped",
    "went up", "gone up", "up",
)  # fmt: skip
FALLING = (
    "fall", "falls", "fell", "fallen", "drop", "drops", "dropped", "decline", "declines",
    "declined", "decrease", "decreases", "decreased", "shrink", "shrinks", "shrank",
    "shrunk", "went down", "gone down", "down",
)  # fmt: skip
# A change as a multiple: "pay has doubled since 2020" is +100%; said of pay only, as
# postings and jobs double too.
PAY_WORD = re.compile(r"\b(?:pay|paid|salar\w*|compensation|comp|earn\w*|wages?|income)\b", re.I)
# The first end of a range of percentages, before the second: "20-30%", "20% to 30%" (one
# end was dropped: "20-30% more" was read as 30%, and judged above the data's +15.8% to
# +26.6% that the claimed range meets).
# A percent or a multiple: "20.6" or "20,6" (a decimal comma: "20,6%" had been read as 6%,
# "1,5 times" as 5 times), never begun inside another number's digits. Its thousands
# grouped as money's are (``figures._DIGITS``): "50,000%" and "50 000%" (the first had been
# no claim, the second read as "000% more than", 0%); in scientific notation as money is,
# so that "grew 1e400%" is listed as no change there can be ("1e5% more than" had been 5%).
_GROUP_SPACE = "[ \u00a0\u2009\u202f]"
# Not after a letter O typed for a zero: "1O5% more than" is no 5% (``figures.o_for_zero``).
_PCT = (
    r"(?<!\d)(?<!\d[.,eEOo])(?<!\d[eE][+-])"
    rf"(?:\d{{1,3}}(?:(?:,\d{{3}})+|(?:{_GROUP_SPACE}\d{{3}})+)(?:\.\d+)?(?![\d.,]?\d)"
    r"|\d+(?:\.\d+|,\d{1,2}(?!\d))?(?:[eE][+-]?\d+)?)"
)
# A sign written before it: "grew -5%" is a fall of 5%, "-5% more than" 5% less (the first
# had been no claim, the second +5%); a plus changes nothing ("rose +5%" had been none).
# Glued to its digits: a spaced dash is a separator ("Google – 10% more than Meta").
_SIGN = rf"(?:(?<![\w.,%])(?P<sign>[+{MINUS}]))?"
_FROM_PCT = rf"(?:(?P<lo>{_PCT})\s?(?:%|percent\b|per cent\b)?\s*(?:-|–|—|\bto\b)\s*)?"
TIMES_CHANGED = {"doubled": 100.0, "tripled": 200.0, "quadrupled": 300.0, "halved": -50.0}
GROWTH = re.compile(
    rf"\b(?P<verb>{'|'.join(sorted(RISING + FALLING, key=len, reverse=True))})\s+(?:by\s+)?"
    r"(?:about\s+|around\s+|roughly\s+|nearly\s+|almost\s+|some\s+|over\s+|more than\s+)?"
    rf"{_SIGN}{_FROM_PCT}(?P<pct>{_PCT})\s?(?:%|percent\b|per cent\b)"
    rf"|\b(?P<times>{'|'.join(TIMES_CHANGED)})\b",
    re.I,
)
_YEAR = r"((?:19|20)\d{2})"
GROWTH_YEARS = (  # (pattern, which ends it gives), the first that matches decides
    (re.compile(rf"\b(?:from|between)\s+{_YEAR}\s+(?:to|and|-|–)\s+{_YEAR}\b", re.I), "both"),
    (re.compile(rf"\b{_YEAR}\s*(?:-|–|to)\s*{_YEAR}\b"), "both"),
    (re.compile(rf"\b(?:since|from)\s+{_YEAR}\b", re.I), "from"),
    (re.compile(rf"\b(?:in|during)\s+{_YEAR}\b", re.I), "to"),
)


PERCENT = "%"  # the currency of a claim in percent (a growth or a difference), not money
# A multiple of the other subject's pay, as percent more: "twice as much as" is +100%.
MULTIPLES = {"twice": 100.0, "double": 100.0, "three times": 200.0, "triple": 200.0,
             "half": -50.0}  # fmt: skip
# A money figure followed by these is a difference of pay in money ("$20,000 more than").
# A few words may stand between the comparison and "than" ("more in total pay than"): they
# say more of the subject.
# "8% below office-based positions" says the same without "than".
_WAY = (
    r"(?:(?P<way>more|less|higher|lower)(?P<also>(?:\s+[\w-]+){0,4}?)\s+than"
    r"|(?P<side>below|above))\b"
)
MORE_THAN = re.compile(rf"\s+{_WAY}", re.I)
# Money followed by "more" or "less" with no "than": a gap between two pays, not a pay
# ("mid-level ones earn $40,000 less" had been checked as a $40,000 salary); "more or
# less" is about.
GAP = re.compile(r"\s+(?:more|less|higher|lower)\b(?!\s+(?:than|or\s+less|or\s+more)\b)", re.I)
# A share of the other subject's pay, as percent more: "a third more than" is +33.3%, as a
# multiple is rounded ("1.5x" +50.0%).
SHARES = {"a third": 33.3, "one third": 33.3, "one-third": 33.3, "a quarter": 25.0,
          "one quarter": 25.0, "a fifth": 20.0, "a tenth": 10.0}  # fmt: skip
_SHARE = "|".join(share.replace(" ", r"\s+") for share in SHARES)
DIFFERENCE = re.compile(
    rf"(?:(?:{_SIGN}{_FROM_PCT}(?P<pct>{_PCT})\s?(?:%|percent\b|per cent\b)"
    rf"|\b(?P<share>{_SHARE}))\s+{_WAY}"
    rf"|\b(?P<times>{'|'.join(MULTIPLES)})\s+(?:as\s+much\s+as|what)\b"
    # "1.5x as much as", "3 times what": a multiple written as a number. ("2x more than" is
    # not read: it means +100% to some and +200% to others.)
    rf"|\b(?P<factor>{_PCT})\s?(?:x|×|times)\s+(?:as\s+much\s+as|what)\b)",
    re.I,
)


@dataclass(frozen=True)
class _Growth:
    start: int  # in the segment
    end: int
    pct: float  # signed: a fall is negative
    years: tuple[int | None, int | None] | None
    back: int | None = None  # "over the past five years": to a year the text names
    other: float | None = None  # a range's other end ("grew 20-30%"), signed alike


# A change over a span back from the year the text is about: "over the past five years",
# "in the last year", "year over year".
_NUMBER = rf"\d{{1,2}}|{'|'.join(NUMBER_WORDS)}"
YEARS_BACK = re.compile(
    rf"\b(?:over|in|during|for|across)\s+the\s+(?:past|last|previous)\s+"
    rf"(?:(?P<n>{_NUMBER})\s+years|(?P<one>year))\b|\byear[- ](?:over|on)[- ]year\b",
    re.I,
)


SHARE_OF = re.compile(r"\b(?:make|makes|made|making)\s+$", re.I)  # before "up": a share


def growths(text: str) -> list[_Growth]:
    """Changes of pay in percent in one sentence ("grew 12% from 2022 to 2024"), with the
    years they run between: both named, ``since 2020`` or ``from 2023`` (open: to a later
    year the text names, ``_growth_claim``, else the newest year of data), or
    ``in 2024`` (from the year before); None when the sentence names no year. A span back
    ("over the past five years", "year over year") is ``back``: from the year the text
    names (``_growth_claim``).

    Example:
        >>> [(g.pct, g.years) for g in growths("Pay grew 12% from 2022 to 2024.")]
        [(12.0, (2022, 2024))]
        >>> [(g.pct, g.years) for g in growths("Pay fell 3% in 2023; it rose 5% since 2020.")]
        [(-3.0, (2022, 2023)), (5.0, (2020, None))]
        >>> [(g.pct, g.years) for g in growths("Pay has doubled since 2020.")]
        [(100.0, (2020, None))]
        >>> [(g.pct, g.back) for g in growths("Over the past five years, pay rose 25%.")]
        [(25.0, 5)]
    """
    found = []
    matches = list(GROWTH.finditer(text))
    for index, match in enumerate(matches):
        # The years belong to the clause of this change: up to the next change.
        stop = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        start = matches[index - 1].end() if index else 0
        clause = text[match.end() : stop] + " " + text[start : match.start()]
        if (match["verb"] or "").lower() == "up" and SHARE_OF.search(text, 0, match.start()):
            continue  # "Women make up 10% of ML engineers": a share, no change (it was +10%)
        if match["times"]:
            if not PAY_WORD.search(text):  # "job postings doubled": a count, not pay
                continue
            pct = TIMES_CHANGED[match["times"].lower()]
        else:
            sign = -1.0 if match["verb"].lower() in FALLING or minus(match) else 1.0
            pct = sign * decimal(match["pct"])
        back = YEARS_BACK.search(clause)
        span = int(number(back["n"])) if back and back["n"] else 1 if back else None
        other = math.copysign(decimal(match["lo"]), pct) if match["lo"] else None
        years = _growth_years(clause)
        found.append(_Growth(match.start(), match.end(), pct, years, span, other))
        found += listed_changes(text, found[-1], stop)
    return found


# More changes listed after one: "rose 5% and 8%" (the 8% had been no claim); not a share
# ("rose 5%, and 10% of them ...").
LISTED_CHANGE = re.compile(
    rf"{LIST_JOIN.pattern}{_SIGN}(?P<pct>{_PCT})\s?(?:%|percent\b|per cent\b)(?!\s+of\b)", re.I
)


def listed_changes(text: str, change: _Growth, stop: int) -> list[_Growth]:
    """The changes listed right after ``change`` (``LISTED_CHANGE``) before ``stop``, each
    of its sign and years.

    Example:
        >>> head = growths("Pay rose 5%")[0]
        >>> [(g.pct, g.start) for g in listed_changes("Pay rose 5% and 8%.", head, 19)]
        [(8.0, 16)]
    """
    found: list[_Growth] = []
    end = change.end
    while (listed := LISTED_CHANGE.match(text, end, stop)) is not None:
        pct = decimal(listed["pct"])
        pct = -pct if minus(listed) else math.copysign(pct, change.pct)  # "and -8%": a fall
        start = listed.start("sign" if listed["sign"] else "pct")
        found.append(replace(change, start=start, end=listed.end(), pct=pct, other=None))
        end = listed.end()
    return found


def _growth_years(clause: str) -> tuple[int | None, int | None] | None:
    for pattern, ends in GROWTH_YEARS:
        if years := pattern.search(clause):
            if ends == "both":
                return int(years[1]), int(years[2])
            if ends == "from":
                return int(years[1]), None
            return int(years[1]) - 1, int(years[1])
    return None


def extract_claims(text: str) -> list[Claim]:
    """Every salary figure, range and bound in plain text or Markdown, with its subject.

    Example:
        >>> claim = extract_claims("## Google\\nSenior ML engineers average $250,000.")[0]
        >>> claim.statistic, claim.low, claim.subject["company"], claim.subject["level"]
        ('average', 250000.0, 'Google', 'senior')
    """
    claims: list[Claim] = []
    read = without_footnote_marks(text.translate(SAME_SIGNS))  # "＄150,000¹" as "$150,000 "
    for segment in segments(read):
        stop_if_asked()  # a cancelled MCP call: its answer is no one's to read
        with _phrases_of(segment):
            claims += _segment_claims(segment, len(claims))
    return claims if read == text else _as_written(claims, text, read)


def _as_written(claims: list[Claim], text: str, read: str) -> list[Claim]:
    """Claims found in ``read`` (``text`` with ``SAME_SIGNS`` made one and footnote marks
    left out) with their words as ``text`` writes them: "＄150,000" is quoted as written."""
    return [
        replace(c, text=text[c.start : c.end]) if read[c.start : c.end] == c.text else c
        for c in claims
    ]


# The phrases a segment (its words, its table row's cells, its headings) holds: the only
# ones worth looking for in its parts, read once per figure (of some 700 looked for in
# each, a list of figures pasted without a full stop took minutes).
_IN_SEGMENT: ContextVar[tuple[tuple[str, re.Pattern[str], Any], ...] | None] = ContextVar(
    "phrases_in_segment", default=None
)


@contextmanager
def _phrases_of(segment: _Segment) -> Iterator[None]:
    whole = "\n".join([segment.prefix, segment.text, *segment.headings])
    token = _IN_SEGMENT.set(_phrases_in(whole))
    try:
        yield
    finally:
        _IN_SEGMENT.reset(token)


def _segment_claims(segment: _Segment, numbered: int) -> list[Claim]:
    """The claims of one segment, numbered on from ``numbered``."""
    claims: list[Claim] = []
    found = _money_of(segment)
    made = []
    said: dict[int, Claim] = {}  # a figure's claim by its place in ``found``
    starts = [figure.start for figure in found]
    theirs = theirs_after(segment.text, found)
    for index, figure in enumerate(found):
        stop_if_asked()  # a list of thousands of figures is one segment
        stop = found[index + 1].start if index + 1 < len(found) else len(segment.text)
        more = (
            MORE_THAN.match(segment.text, figure.end)
            if figure.high is None and figure.low >= 0  # "-$5,000 more": no gap to check
            else None
        )
        if more is not None:  # "$20,000 more than": a difference in money, no salary
            signed = -figure.low if _is_less(more) else figure.low
            difference = _difference_claim(
                segment, figure.start, more.end(), signed, figure.currency, also=more["also"]
            )
            made.append(replace(difference, period=figure.period))
            continue
        if figure.high is None and GAP.match(segment.text, figure.end):
            continue  # a gap whose other side is not said: no pay of anyone
        below = lines_below(segment.text, figure.end, starts)
        stop = min(own_words_end(segment.text, figure.end, stop, below), theirs[index])
        # numbered below, in text order
        claim = _claim(0, segment, figure, stop, min(below, theirs[index]))
        if figure.can_be_pay() and not claim.negated:  # a change is between two pays
            said[index] = claim
        made.append(claim)
    made += changes_from(segment, found, said) + changes_to(segment, found, said)
    made += [
        _growth_claim(segment, growth)
        for growth in growths(segment.text)
        if of_pay(segment.text, growth.start)
    ]
    for match in DIFFERENCE.finditer(segment.text):
        if not of_pay(segment.text, match.start()) or counts_more(match["also"]):
            continue
        made.append(
            _difference_claim(
                segment, match.start(), match.end(), _percent(match), PERCENT,
                also=match["also"], other=_other_percent(match),
            )
        )  # fmt: skip
    for start, end, pct, versus in compared(segment.text):
        if not of_pay(segment.text, start):
            continue
        if year := re.fullmatch(rf"(?:the\s+year\s+)?{_YEAR}", versus, re.I):
            # "Compared to 2023, pay is 10% higher": a change since that year.
            growth = _Growth(start, end, pct, (int(year[1]), None))
            made.append(_growth_claim(segment, growth))
            continue
        made.append(_difference_claim(segment, start, end, pct, PERCENT, than=versus))
    end = -1
    for claim in sorted(made, key=lambda c: c.start):
        if claim.start >= end:  # one claim per stretch of text ("rose 5% more than")
            claims.append(replace(claim, id=numbered + len(claims)))
            end = claim.end
    return pair_lists(segment, claims)


# Words that say money is pay, besides ``PAY_WORD``: "ML engineers make $500", "bill $2 an
# hour", "take home -$5,000".
PAY_VERB = re.compile(
    r"\b(?:mak(?:e|es|ing)|made|takes?\s+home|bill(?:s|ed)?|command\w*|rates?)\b", re.I
)
# Words right around a figure that say it is no one's pay: a company's money, a price.
NOT_PAY = re.compile(
    r"\b(?:revenues?|rais(?:ed|ing)|fund\w*|valu\w*|sales|profits?|budgets?|costs?|costing|"
    r"pric\w*|spen[dt]\w*|invest\w*|market\w*|acqui\w*|debts?|fines?|fined|tuition|rent)\b",
    re.I,
)
NEAR = 40  # characters either side of a figure whose words say what money it is
BEFORE = 600  # characters before a figure read for its subject: a long sentence's whole


def about_pay(sentence: str, start: int, end: int) -> bool:
    """Whether money from ``start`` to ``end`` in a sentence reads as pay: the sentence
    says pay (``PAY_WORD``, ``PAY_VERB``) or names a role, and no word near the figure in
    its clause says it is a company's money or a price (``NOT_PAY``).

    Example:
        >>> about_pay("ML engineers earn $999,999,999,999.", 18, 34)
        True
        >>> about_pay("The startup that pays ML engineers well raised $50M.", 47, 51)
        False
        >>> about_pay("A team lunch costs $75.", 19, 22)
        False
    """
    before = CLAUSE_BREAK.split(sentence[max(0, start - NEAR) : start])[-1]
    after = CLAUSE_BREAK.split(sentence[end : end + NEAR])[0]
    if NOT_PAY.search(f"{before} {after}"):
        return False
    return _says_pay(sentence)


@lru_cache(maxsize=64)
def _says_pay(sentence: str) -> bool:
    """Whether a sentence says pay or names a role: read once a sentence, not once a
    figure (a sentence of thousands of figures had been read as many times)."""
    said = PAY_WORD.search(sentence) or PAY_VERB.search(sentence)
    return bool(said or any(kind == "role" for _, kind, _ in _mentions(sentence)))


# Words before a change in percent that say it is of something else than pay: a price, a
# cost, a count ("Rent rose 12%", "Job postings grew 25%", "Demand for ML engineers grew
# 35%" were checked as ML pay).
NOT_PAY_CHANGE = re.compile(
    r"\b(?:inflation|housing|homes?|houses?|living|postings?|openings?|listings?|vacanc\w*|"
    r"hiring|hires|headcount|layoffs?|applica\w*|applicants?|prices?|rents|grants?|"
    r"number|numbers|count|share|shares|percentage|proportion|demand|interest|searches|"
    r"jobs|employment|workforce|adoption|usage|enrol\w*)\b",
    re.I,
)
# Counts between "more" and "than" ("30% more jobs than", "a third more offers than"):
# more of them, not more pay (they had been checked as differences of pay).
COUNTED = re.compile(r"\b(?:offers|interviews|hours|candidates|positions|roles)\b", re.I)


def counts_more(also: str | None) -> bool:
    """Whether the words between "more" and "than" of a difference name a count, not pay.

    Example:
        >>> counts_more(" jobs"), counts_more(" offers"), counts_more(" in total pay")
        (True, True, False)
    """
    return also is not None and bool(NOT_PAY_CHANGE.search(also) or COUNTED.search(also))


def of_pay(sentence: str, start: int) -> bool:
    """Whether a change in percent at ``start`` is said of pay: its clause before it (its
    subject) names pay (``PAY_WORD``), or no word there says it is a price, a cost or a
    count (``NOT_PAY``, ``NOT_PAY_CHANGE``).

    Example:
        >>> of_pay("ML engineer pay grew 12% from 2022 to 2024.", 16)
        True
        >>> of_pay("Rent rose 12% from 2022 to 2024.", 5)
        False
        >>> of_pay("The cost of living is 30% higher in San Francisco.", 22)
        False
        >>> of_pay("Pay in high cost-of-living cities rose 10%.", 34)
        True
    """
    before = CLAUSE_BREAK.split(sentence[max(0, start - NEAR) : start])[-1]
    if PAY_WORD.search(before):
        return True
    return not (NOT_PAY.search(before) or NOT_PAY_CHANGE.search(before))


# A word that says what money a figure is, pay or not: the nearest one before it in its
# clause decides ("earn $185,000, but rent costs them $3,500": the first is pay).
MONEY_WORD = re.compile(
    rf"{NOT_PAY.pattern}|{PAY_WORD.pattern}|{PAY_VERB.pattern}"
    r"|\b(?:pays|gets?|got|receiv\w*|offer\w*|starts?\s+at)\b",
    re.I,
)
# The words that may stand between a not-pay word and its own figure ("costs the company
# roughly $2 million", "raised a whopping $5 million"): small words, and one other at
# most, besides a role it is paid for ("costs ML engineers $3,500"). More is a sentence of
# its own: "well-funded startups reach $250,000" is pay.
SMALL_WORDS = frozenset({
    "a", "an", "the", "its", "their", "his", "her", "our", "your", "my", "them", "us", "him",
    "it", "this", "that", "some", "is", "was", "were", "are", "be", "been", "has", "had",
    "have", "at", "of", "by", "to", "for", "in", "on", "up", "than", "just", "only", "alone",
    "already", "nearly", "almost", "roughly", "about", "around", "over", "under",
    "estimated", "reported", "whopping", "total", "another", "additional", "extra", "annual",
    "annually", "yearly", "monthly", "per", "each", "every",
})  # fmt: skip
NOT_PAY_WORDS_BETWEEN = 1  # words between that are no small word
# Money right after a figure that says what it is, and it is no pay: "$40,000 in taxes",
# "$3,500 a month on rent", "$5 million in Series A funding".
NOT_PAY_AFTER = re.compile(
    r"\s*(?:(?:a|an|per|each)\s+(?:year|month|week)\s+)?(?:in|on|for|of|toward|towards)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:revenues?|sales|profits?|funding|financing|capital|investments?"
    r"|valuation|debts?|loans?|mortgages?|tax(?:es)?(?!-)|rent|tuition|fees|fines)\b",
    re.I,
)


def said_not_pay(sentence: str, start: int, end: int) -> bool:
    """Whether the words tied to money from ``start`` to ``end`` say it is no one's pay:
    the nearest word before it in its clause that says what money it is (``NOT_PAY``
    beside ``PAY_WORD``), with small words and one other at most between (``SMALL_WORDS``),
    or the noun it is "in" right after it ("$40,000 in taxes"). A not-pay word further
    off is another figure's.

    Example:
        >>> text = "ML engineers earn $185,000, but rent alone costs them $3,500 a month."
        >>> said_not_pay(text, 18, 26), said_not_pay(text, 53, 67)
        (False, True)
        >>> said_not_pay("The startup raised $5 million to hire ML engineers.", 19, 29)
        True
        >>> said_not_pay("ML engineers pay $40,000 in taxes.", 17, 24)
        True
        >>> said_not_pay("At well-funded startups ML engineers get $200,000.", 41, 49)
        False
        >>> said_not_pay("Offers from well-funded startups reach $250,000.", 39, 47)
        False
    """
    before = CLAUSE_BREAK.split(sentence[max(0, start - NEAR) : start])[-1]
    words = [*MONEY_WORD.finditer(before)]
    if words and NOT_PAY.fullmatch(words[-1][0]):
        between = re.findall(r"[\w'’-]+", _without_roles(before[words[-1].end() :]).lower())
        if sum(word not in SMALL_WORDS for word in between) <= NOT_PAY_WORDS_BETWEEN:
            return True
    return NOT_PAY_AFTER.match(sentence, end) is not None


def _without_roles(text: str) -> str:
    """``text`` with each role the phrase table names blanked.

    Example:
        >>> _without_roles("costs ML engineers ")
        'costs   '
    """
    table = _IN_SEGMENT.get()
    for kind, pattern, _ in phrases() if table is None else table:
        if kind == "role":
            text = pattern.sub(" ", text)
    return text


def _money_of(segment: _Segment) -> list[Figure]:
    """A segment's figures: every year's pay, and money that can be no year's pay ("$500",
    "-$50,000") when it is said of pay (a claim listed and not checked, not lost); money
    whose own words say it is no one's pay is no salary, whatever its size ("raised $5
    million", "rent costs them $3,500 a month": each had been checked as pay)."""
    lead = f"{segment.prefix} "
    sentence = lead + segment.text
    found = []
    for figure in _figures_of(segment):
        start, end = len(lead) + figure.start, len(lead) + figure.end
        if said_not_pay(sentence, start, end):
            continue
        if figure.can_be_pay() or about_pay(sentence, start, end):
            found.append(figure)
    return found


def _figures_of(segment: _Segment) -> list[Figure]:
    """The money of a segment, every year's pay or not: a table cell's bare amount as
    written in its column's unit ("150,000" under "Salary (EUR)" is €150,000), the figure
    ending where the cell does."""
    if not segment.unit:
        return figures(segment.text, every=True)
    text = segment.text.rstrip()
    return [replace(f, end=min(f.end, len(text))) for f in figures(text + segment.unit, True)]


# Between a figure and an earlier one it changed from: "$165,000, up from $150K", with the
# first figure's year or time between ("$165,000 in 2024, up from": no change was read).
CHANGE_FROM = re.compile(
    r"(?:\s*,?\s*\(?(?:(?:in|for|during|as\s+of)\s+)?(?:19[5-9]\d|20[0-3]\d)\)?"
    r"|\s*,?\s*(?:today|now|this\s+year))?"
    r"\s*,?\s*(?P<words>(?:up|down|rising|falling)\s+from)\s*",
    re.I,
)


def changes_from(segment: _Segment, found: list[Figure], said: dict[int, Claim]) -> list[Claim]:
    """A growth claim for each figure said to be "up from" (or "down from") the next one:
    the change between the two, from the second's year to the first's (both figures are
    claims of their own too). Pairs whose years are unknown are left as two figures.

    Example:
        >>> text = "In 2024 pay was $165,000, up from $150,000 in 2022."
        >>> [(c.text, c.low, c.years) for c in extract_claims(text) if c.statistic == "growth"]
        [('up from', 10.0, (2022, 2024))]
        >>> text = "Pay was $165,000 in 2024, up from $150,000 in 2022."
        >>> [(c.text, c.low, c.years) for c in extract_claims(text) if c.statistic == "growth"]
        [('up from', 10.0, (2022, 2024))]
    """
    made = []
    for index in said:
        if (pair := _figures_joined(segment, found, said, index, CHANGE_FROM)) is None:
            continue
        now, before, between = pair
        later, earlier = now.subject["year"], before.subject["year"]
        back = years_earlier(segment.text[found[index + 1].end :]) if later is None else None
        if earlier is None and back is None:
            continue
        years = None if back else (earlier, later)
        made.append(_change(segment, between, before, now, years, back))
    return made


# Verbs of a figure said to have changed "to" a later one ("$130,000 in 2021, and by 2024
# that had risen to $170,000"): the reverse order of "up from", the earlier figure first.
CHANGED_TO_VERBS = (
    *("risen", "rose", "rising", "grown", "grew", "climbed"),
    *("fallen", "fell", "falling", "dropped"),
)
_YEAR_WORD = r"(?:19[5-9]\d|20[0-3]\d)"
CHANGE_TO = re.compile(
    rf"(?:\s*,?\s*\(?(?:(?:in|for|during|as\s+of)\s+)?{_YEAR_WORD}\)?)?"  # the earlier's year
    r"\s*[,;]?\s*(?:(?:and|but|while)\s+)?"
    rf"(?:(?:by|in)\s+{_YEAR_WORD}\s*,?\s*)?"  # "by 2024", the later figure's year
    r"(?:(?:that|this|it|which|the\s+figure|the\s+median|the\s+average|pay)\s+)?"
    rf"(?P<words>(?:(?:had|has|have)\s+)?(?:{'|'.join(CHANGED_TO_VERBS)})\s+to)\s*",
    re.I,
)


def changes_to(segment: _Segment, found: list[Figure], said: dict[int, Claim]) -> list[Claim]:
    """A growth claim for each figure said to have "risen to" (or "fallen to", ...) the next
    one: the change from the first's year to the second's, both named (each figure stays a
    claim of its own too); a pair without both years, or not in time order, is left as two.

    Example:
        >>> text = ("In 2021, ML engineers earned a median of $130,000, and by 2024 that "
        ...         "had risen to $170,000.")
        >>> [(c.text, c.low, c.years) for c in extract_claims(text) if c.statistic == "growth"]
        [('had risen to', 30.8, (2021, 2024))]
    """
    made = []
    for index in said:
        if (pair := _figures_joined(segment, found, said, index, CHANGE_TO)) is None:
            continue
        before, now, between = pair
        earlier, later = before.subject["year"], now.subject["year"]
        if earlier is None or later is None or earlier >= later:
            continue
        made.append(_change(segment, between, before, now, (earlier, later)))
    return made


def _figures_joined(
    segment: _Segment,
    found: list[Figure],
    said: dict[int, Claim],
    index: int,
    words: re.Pattern[str],
) -> tuple[Claim, Claim, re.Match[str]] | None:
    """The figure said at ``index`` and the next one, with the words between them, when
    those words are ``words`` (a change's: "up from", "had risen to") and both are single
    figures, in one currency, neither zero; else None."""
    first, second = said[index], said.get(index + 1)
    if second is None or first.high != first.low or second.high != second.low:
        return None  # ranges and bounds are no single figure to change from
    between = words.fullmatch(segment.text, found[index].end, found[index + 1].start)
    if between is None or first.currency != second.currency or not (first.low and second.low):
        return None
    return first, second, between


def _change(
    segment: _Segment,
    between: re.Match[str],
    before: Claim,
    now: Claim,
    years: tuple[int | None, int | None] | None,
    back: int | None = None,
) -> Claim:
    """The growth claim from figure ``before`` to figure ``now``, said by ``between``'s
    words, of the later figure's subject (any year: a change runs between its own)."""
    words = between["words"]
    start = segment.start + between.start("words")
    pct = round((float(now.low or 0) / float(before.low or 1) - 1) * 100, 1)  # neither is 0
    return Claim(
        0, words, start, start + len(words), "growth", pct, pct,
        now.subject | {"year": None}, None, PERCENT, years=years, back=back,
    )  # fmt: skip


def _growth_claim(segment: _Segment, growth: _Growth) -> Claim:
    before = _before(segment, growth.start)
    after = re.split(rf"[;(]|\b(?:{CONTRASTS})\b", segment.text[growth.end :])[0]
    # A change runs between its own years (``growths``), not in the one a subject names.
    subject = _subject(before, after, segment.headings) | {"year": None}
    years, back = growth.years, None
    if years is None and growth.back:
        if named := _years_named(segment):
            years = (named[0] - growth.back, named[0])  # "the past five years" of a 2024 report
        else:
            back = growth.back  # counted back from the data's newest year (``growth``)
    if years is not None and years[0] is not None and years[1] is None:
        # "up 4% from 2023" in a 2024 report: to the year the text is about, when it names
        # a later one (the sentence, then the headings); else to the data's newest year.
        later = [y for y in _years_named(segment) if y > years[0]]
        years = (years[0], later[0] if later else None)
    start = segment.start + growth.start
    return Claim(
        0, segment.text[growth.start : growth.end], start, segment.start + growth.end,
        "growth", *_ends(growth.pct, growth.other), subject, None, PERCENT, years=years,
        back=back,
    )  # fmt: skip


def _ends(pct: float, other: float | None) -> tuple[float, float]:
    """A claim's low and high from a figure and a range's other end, if any.

    Example:
        >>> _ends(30.0, 20.0), _ends(-10.0, -5.0), _ends(12.0, None)
        ((20.0, 30.0), (-10.0, -5.0), (12.0, 12.0))
    """
    return (pct, pct) if other is None else (min(pct, other), max(pct, other))


def years_earlier(after: str) -> int | None:
    """How many years before the sentence's year a figure is, from the words right after it.

    Example:
        >>> years_earlier(" two years earlier."), years_earlier(" last year"), years_earlier(" ago")
        (2, 1, None)
    """
    found = YEARS_EARLIER.match(after)
    if found is None:
        return None
    written = found["n"]
    return 1 if written is None or written.lower() in ("a", "an") else int(number(written))


def _years_named(segment: _Segment) -> list[int]:
    """The years a sentence names, then those of its headings, innermost first."""
    texts = [segment.text, *segment.headings]
    return [year_of(match) for text in texts for match in YEAR.finditer(text)]


LESS = ("less", "lower", "below")


# A difference whose other side is "compared to" it, not "than": "Compared to software
# engineers, ML engineers earn 10% more", "10% more compared with data scientists".
_COMPARED = r"(?:compared\s+(?:to|with)|relative\s+to|versus|vs\.?)"
_PCT_WAY = (
    rf"{_SIGN}(?P<pct>{_PCT})\s?(?:%|percent\b|per cent\b)\s+"
    r"(?P<way>more|less|higher|lower)\b(?!\s+than\b)"
)
_PCT_WAY_2 = re.sub(r"\?P<(pct|way|sign)>", r"?P<\g<1>2>", _PCT_WAY)  # its groups renamed
COMPARED = re.compile(
    rf"\b{_COMPARED}\s+(?P<first>[^,;.]+?)\s*,[^;.]*?(?<![\w.,]){_PCT_WAY}"
    rf"|(?<![\w.,]){_PCT_WAY_2}\s+{_COMPARED}\s+"
    r"(?P<after>[^,;.]+)",
    re.I,
)


def compared(text: str) -> list[tuple[int, int, float, str]]:
    """(start, end, percent more, what it is compared to) of each difference said with
    "compared to" instead of "than".

    Example:
        >>> compared("Compared to software engineers, ML engineers earn roughly 10% more.")
        [(58, 66, 10.0, 'software engineers')]
        >>> compared("Data scientists earn 5% less compared with ML engineers.")
        [(21, 28, -5.0, 'ML engineers')]
    """
    found = []
    for match in COMPARED.finditer(text):
        key = "pct" if match["pct"] else "pct2"
        way = (match["way"] or match["way2"]).lower()
        written = match["sign"] or match["sign2"] or "+"
        sign = -1.0 if way in LESS or written != "+" else 1.0
        end = match.end("way") if match["way"] else match.end("way2")
        versus = match["first"] or match["after"]
        start = match.start(key.replace("pct", "sign") if written != "+" else key)
        found.append((start, end, sign * decimal(match[key]), versus.strip()))
    return found


def decimal(text: str) -> float:
    """A percent or a multiple as written, with a decimal point or comma, its thousands
    grouped by commas or spaces, or in scientific notation (``_PCT``).

    Example:
        >>> decimal("20,6"), decimal("1.5"), decimal("30"), decimal("50,000"), decimal("50 000")
        (20.6, 1.5, 30.0, 50000.0, 50000.0)
        >>> decimal("2.5e3"), decimal("1e400")
        (2500.0, inf)
    """
    if re.fullmatch(rf"\d{{1,3}}(?:[,]\d{{3}}|{_GROUP_SPACE}\d{{3}})+(?:\.\d+)?", text):
        return float(re.sub(f",|{_GROUP_SPACE}", "", text))
    return float(text.replace(",", "."))


def _is_less(match: re.Match[str]) -> bool:
    return str(match["way"] or match["side"]).lower() in LESS or minus(match)


def minus(match: re.Match[str]) -> bool:
    """Whether a ``GROWTH`` or ``DIFFERENCE`` match's percent is written with a minus
    (``_SIGN``): the change is a fall, the difference less, whatever the words say.

    Example:
        >>> minus(GROWTH.search("grew -5%")), minus(GROWTH.search("rose +5%"))
        (True, False)
    """
    return (match.groupdict().get("sign") or "+") != "+"  # a money gap's has no sign


def _percent(match: re.Match[str]) -> float:
    """The percent more (negative: less) a ``DIFFERENCE`` match says."""
    if match["times"]:
        return MULTIPLES[match["times"].lower()]
    if match["factor"]:
        return round((decimal(match["factor"]) - 1.0) * 100.0, 1)
    said = SHARES[" ".join(match["share"].lower().split())] if match["share"] else None
    return (said or decimal(match["pct"])) * (-1.0 if _is_less(match) else 1.0)


def _other_percent(match: re.Match[str]) -> float | None:
    """The other end of a ``DIFFERENCE`` match's range ("20-30% more"), signed alike."""
    if match["times"] or match["factor"] or match["share"] or not match["lo"]:
        return None
    return decimal(match["lo"]) * (-1.0 if _is_less(match) else 1.0)


PLACES = frozenset({"metro", "state", "country"})


def _difference_claim(
    segment: _Segment,
    start: int,
    end: int,
    amount: float,
    currency: str,
    *,
    also: str | None = None,
    than: str | None = None,
    other: float | None = None,
) -> Claim:
    """ "Senior ML engineers earn 30% more than mid-level ones" ("twice as much as", "$20,000
    more than"), said from ``start`` to ``end``: the subject before it (and ``also``, words
    between the comparison and "than"), set against the same subject with what the words
    after "than" ("as") name instead (up to the end of the clause), or ``than`` when given
    (``compared``: "compared to X"). ``amount`` is percent more (``currency`` PERCENT) or
    money more, negative for less."""
    before = _before(segment, start)
    if than is not None:  # "Compared to X, ...": X is the other side, not the subject
        before = before.replace(than, " ")
    else:
        than = re.split(rf"[,;(]|\b(?:{CONTRASTS})\b", segment.text[end:])[0]
    subject = _subject(before, also or "", segment.headings)
    _years_of(subject)  # a difference is of one year or of all: a span is not compared
    versus = dict(subject)
    named = {kind: value for _, kind, value in _mentions(than)[::-1]}
    if PLACES & named.keys():
        # A place after "than" is the other side's place, whatever its kind: "in Texas ...
        # than those in Seattle" had kept Texas beside Seattle, a place none is in.
        versus |= dict.fromkeys(PLACES)
    for kind, value in named.items():
        if kind in versus:
            versus[kind] = value
    if versus["metro"] != subject["metro"] or versus["state"] != subject["state"]:
        versus["country"] = "US" if versus["metro"] or versus["state"] else versus["country"]
    return Claim(
        0, segment.text[start:end], segment.start + start,
        segment.start + end, "difference", *_ends(amount, other), subject, None, currency,
        versus=versus,
    )  # fmt: skip


# A percentile a figure is said to be: "the 90th percentile", "the top 10% earn more than".
PERCENTILE = re.compile(
    r"\b(?P<nth>\d{1,2})(?:st|nd|rd|th)[\s-]+percentile\b"
    r"|\b(?P<side>top|bottom|highest-paid|lowest-paid|best-paid)\s+(?P<pct>\d{1,2})\s?(?:%|percent\b)"
    # "the bottom quartile", "the top decile" (read as a bound or a typical figure before).
    r"|\b(?P<end>top|bottom|upper|lower)\s+(?P<part>quartile|decile)\b"
    r"|\b(?P<half>half)\s+of\s+(?!what\b)",
    re.I,
)
PARTS = {"quartile": 25, "decile": 10}
# The statistic in brackets right after a figure: "$220K (median)".
SAID_AFTER = re.compile(r"\s*\((median|average|mean)\b", re.I)
# A share below or above the figure: "10% of ML engineers earn less than" it is the p10.
SHARE = re.compile(
    r"\b(?P<pct>\d{1,2})\s?(?:%|percent\b)\s+of\b.*?\b(?P<side>less|more|under|over|below"
    r"|above)(?:\s+than)?\s*$",
    re.I,
)


def percentile_named(before: str, after: str) -> int | None:
    """The percentile a figure is said to be, from its clause: "the 90th percentile" is 90,
    "the top 10% earn more than" 90, "the bottom 25%" 25, "10% of them earn less than" 10;
    None when none is named.

    Example:
        >>> top = percentile_named("The top 10% of ML engineers earn more than ", ".")
        >>> top, percentile_named("Pay is ", " at the 25th percentile.")
        (90, 25)
        >>> percentile_named("Only 10% of ML engineers earn less than ", ".")
        10
        >>> percentile_named("The bottom quartile earn under ", "."), percentile_named("A ", \
" 90th-percentile pay.")
        (25, 90)
    """
    clause = re.split(r"[,;]", before)[-1]
    if beside := SHARE.search(clause):
        below = beside["side"].lower() in ("less", "under", "below")
        return int(beside["pct"]) if below else 100 - int(beside["pct"])
    found = [*PERCENTILE.finditer(clause)][-1:] or [*PERCENTILE.finditer(after)][:1]
    if not found:
        return None
    match = found[0]
    if match["half"]:  # "half of ML engineers earn more than $180,000": the median
        return 50
    if match["nth"]:
        return int(match["nth"])
    if match["part"]:
        share = PARTS[match["part"].lower()]
        return share if match["end"].lower() in ("bottom", "lower") else 100 - share
    share = int(match["pct"])
    return share if match["side"].lower() in ("bottom", "lowest-paid") else 100 - share


# Where a sentence's clause ends, for what a figure's own clause says ("and" is left out:
# "between two and five years"). Not a comma between digits, which groups a figure's
# thousands: in "Few ML engineers who start at $90,000 ever make more than $300,000" the
# clause of "more than" had begun inside "$90,000", past "Few" (a floor, not a tail).
CLAUSE_BREAK = re.compile(rf"(?<!\d),|,(?!\d)|;|\b(?:{CONTRASTS}|but)\b")


@lru_cache(maxsize=64)
def clause_start(before: str) -> int:
    """Where a figure's own clause starts in ``before`` (its words before it), for whom it
    is said of (``own_clause``), its years and its pay component: after the last clause
    break or the last figure on its own line, whichever is later. "Senior ML engineers make
    $250K and data scientists make $150,000": the data scientists' clause is theirs. It had
    been so only behind a figure with a thousands comma, read as a break ("$250,000";
    "$250K" made them senior). A figure on a line above is a list's, whose lines are read
    as lines (``other_lines``: "Senior:" above them heads them all). Read once per figure.

    Example:
        >>> before = "Senior ML engineers make $250K and data scientists make "
        >>> before[clause_start(before) :], clause_start("Senior:\\nML engineer: $250K\\nData: ")
        (' and data scientists make ', 0)
    """
    breaks = [match.end() for match in CLAUSE_BREAK.finditer(before)]
    line = before.rfind("\n") + 1
    ends = [line + figure.end for figure in figures(before[line:], every=True)]
    return max([0, *breaks[-1:], *ends[-1:]])


OWN_COMPONENT = re.compile(r"\s*(?:in\s+)?(base|total)\b", re.I)
OWN_COMPONENT_LEAD = re.compile(r"\s*(?:in\s+)?", re.I)
NEAR_COMPONENT = 30  # characters after it that the longest phrase of a component fits
# "base $150k, total comp: $250k": a component named right before the figure is its own
# too. "a total of $150,000 went to ML engineers" is a sum, not a component: "total of"
# is one only beside a base named before it ("a base of $150k and a total of $250k").
OWN_COMPONENT_BEFORE = re.compile(
    r"\b(base|total)(?:\s+(?:pay|salary|comp(?:ensation)?)(?:\s*(?:of|:|=|is|was))?|\s*[:=]?)\s*$",
    re.I,
)
TOTAL_OF_BESIDE_BASE = re.compile(r"\bbase\b.*\btotal\s+of\s*$", re.I | re.S)


def _own_component(before: str, after: str) -> str | None:
    """The pay component named right after the figure, else right before it.

    Example:
        >>> _own_component("earn a base of $150k and a total of ", ".")
        'total'
        >>> _own_component("A total of ", " went to ML engineers.") is None
        True
        >>> _own_component("earn $150K base and ", " TC.")
        'total'
    """
    if (named := _component_named_at(after)) is not None:
        return named
    own = OWN_COMPONENT.match(after) or OWN_COMPONENT_BEFORE.search(before)
    if own is not None:
        return own[1].lower()
    return "total" if TOTAL_OF_BESIDE_BASE.search(before) else None


def _component_named_at(after: str) -> str | None:
    """The pay component a phrase of the table names first thing after a figure ("$220K
    TC", "$260K all-in": they had lost to a "base" named earlier in the sentence)."""
    lead = found.end() if (found := OWN_COMPONENT_LEAD.match(after)) else 0
    for position, kind, value in _mentions(after[: lead + NEAR_COMPONENT]):
        if position == lead and kind == "pay_component":
            return str(value)
    return None


# Where the words after a figure stop saying what it is: another subject set against it.
OTHER_SIDE = re.compile(r"\b(?:versus|vs\.?|compared|than|against|and|or)\b", re.I)


def component_after(before: str, after: str) -> str | None:
    """The pay component its own clause names right after a figure, when that clause
    names none before it: "a total compensation of $300,000, of which $180,000 is base
    salary" (the $180,000 had been total pay, from the words before its clause).

    Example:
        >>> component_after("earn a total compensation of $300,000, of which ", " is base salary.")
        'base'
        >>> component_after("earn ", " including stock and bonus.")
        'total'
        >>> component_after("Total pay: ", " is base salary.") is None
        True
    """
    clause = before[clause_start(before) :]
    if any(kind == "pay_component" for _, kind, _ in _mentions(clause)):
        return None
    own = OTHER_SIDE.split(after)[0]
    return next((value for _, kind, value in _mentions(own) if kind == "pay_component"), None)


# A short aside of words right after a figure, read as the sentence's own words: "$160,000
# (median) in 2023" (its year was cut off with the aside, and checked against every year).
ASIDE_AFTER = re.compile(r"\s*\(([^()\d$€£¥₹]{1,40})\)")


def _before(segment: _Segment, start: int) -> str:
    """The words of a figure's segment before it (``start``), up to ``BEFORE`` characters
    back: a list of figures pasted without a full stop is one segment, and reading all of
    it before each figure had made such a list take minutes."""
    return f"{segment.prefix} {segment.text[max(0, start - BEFORE) : start]}"


def _words_after(text: str, end: int, stop: int) -> str:
    """A figure's own words after it (it ends at ``end``), up to ``stop`` or its clause's
    end (``clause_ends``), a short aside read as its words (``ASIDE_AFTER``)."""
    rest = text[end:stop]
    if aside := ASIDE_AFTER.match(rest):
        rest = f" {aside[1]} {rest[aside.end() :]}"
    return rest[: min([len(rest), *(m.start() for m in clause_ends(rest))])]


# A line that heads the list lines below it: it ends in a colon and holds no figure
# ("Senior:", "With 5+ years:", "In Seattle:").
HEADING_LINE = re.compile(r"\n[^\n]*:[ \t*_]*(?=\n)")


def lines_below(text: str, end: int, starts: list[int]) -> int:
    """Where the lines below a figure's own (it ends at ``end``) that hold a figure of
    their own (one of ``starts``, in order) begin: at the newline before the first, or
    before a heading line above it (``HEADING_LINE``), which heads the lines below it and
    not the line above ("Senior:" between "ML engineers: $150,000" and "Data scientists:
    $200,000" had made the ML engineers senior too); the text's end when there is none.

    Example:
        >>> text = "ML engineers: $150,000\\nSenior:\\nData scientists: $140,000"
        >>> lines_below(text, 22, [14, 48]), lines_below(text, 56, [14, 48])
        (22, 56)
    """
    line_end = text.find("\n", end)
    later = bisect.bisect_left(starts, line_end)
    if line_end < 0 or later == len(starts):
        return len(text)
    below = text.rfind("\n", 0, starts[later])
    heading = HEADING_LINE.search(text, line_end, below + 1)
    return below if heading is None else heading.start()


def their_clause(text: str, end: int, stop: int) -> int:
    """Where a clause naming a group of its own, with a level or none, or people picked
    out of the group named before it (``THOSE_KINDS``: "those with 5+ years"), begins in
    ``text`` between a figure (it ends at ``end``) and the next (at ``stop``): at the last
    clause break (``clause_ends``, not an aside's bracket) before the words that name
    it. -1 when there is none: the words right after a figure, "$150,000 for ML engineers
    and $120,000 ...", are its own.

    Example:
        >>> text = "Data scientists earn $140,000 while ML engineers with 5+ years earn $150,000"
        >>> text[their_clause(text, 29, 68) :], their_clause(text, 0, 21)
        ('while ML engineers with 5+ years earn $150,000', -1)
        >>> text = "Data scientists start at $95,000, while those with 5+ years command $150,000"
        >>> text[their_clause(text, 32, 68) :]
        'while those with 5+ years command $150,000'
        >>> text = "Juniors earn $120,000, and all with 5+ years earn $180,000"
        >>> text[their_clause(text, 21, 50) :]
        'and all with 5+ years earn $180,000'
    """
    breaks = [b for b in clause_ends(text, end, stop) if b[0] != "("]
    for brk in reversed(breaks):
        if _kinds(text[brk.start() : stop]) & set(THOSE_KINDS):
            return brk.start()
        if OF_EVERY_GROUP.match(text, brk.end()):  # "..., and all with 5+ years earn"
            return brk.start()
    return -1


def theirs_after(text: str, found: list[Figure]) -> list[int]:
    """For each figure of ``found`` (in ``text``), where the first later clause naming a
    group of its own (``their_clause``) begins; the text's end when none does. "Data
    scientists earn $140,000 while ML engineers with 5+ years earn $150,000": the span is
    the ML engineers' (the data scientists had been senior too)."""
    ends = [len(text)] * len(found)
    for index in range(len(found) - 2, -1, -1):
        at = their_clause(text, found[index].end, found[index + 1].start)
        ends[index] = at if at >= 0 else ends[index + 1]
    return ends


def own_words_end(text: str, end: int, stop: int, below: int) -> int:
    """Where a figure's own words after it (it ends at ``end``) may run to: ``stop``, the
    next figure's start, but no further than ``below`` (``lines_below``)
    where they would run on into a list line below (``list_line``), or any line below with
    no clause break: "ML engineers: $150,000" had taken the level, years and place of
    "Senior data scientists in Seattle: $140,000" below it, and the level of "Senior data
    scientists, remote: $140,000", whose comma was read as a clause break of prose. Prose
    wrapped past a figure up to a clause break runs on ("$200,000 on average in\\nSeattle
    and data scientists $150,000").

    Example:
        >>> text = "ML engineers: $150,000\\nSenior data scientists, remote: $140,000"
        >>> own_words_end(text, 22, 55, 22)
        22
        >>> text = "ML engineers earn $200,000 on average in\\nSeattle and data scientists $150,000"
        >>> own_words_end(text, 26, 69, 40)
        69
    """
    if below < stop and (list_line(text, stop) or not clause_ends(text, end, stop)):
        return below
    return stop


# A list line's words before its figure: a label ending in a colon ("Senior data
# scientists, remote: $140,000", "**Data scientists:** $140,000").
LIST_LABEL = re.compile(r"[^\n:]*:[ \t*_]*")


def list_line(text: str, start: int) -> bool:
    """Whether the figure starting at ``start`` of ``text`` is a list line's: its line's
    words before it are a label that names a group and ends in a colon (``LIST_LABEL``).
    Its commas are the label's own, where in prose wrapped onto that line a comma or
    "and" ends the clause of the figure above ("in\\nSeattle and data scientists
    $150,000": no label, and no colon).

    Example:
        >>> list_line("ML engineers: $150,000\\nSenior data scientists, remote: $140,000", 55)
        True
        >>> list_line("$200,000 on average in\\nSeattle and data scientists $150,000", 51)
        False
        >>> list_line("Pay is $200,000 for\\nML engineers, and $150,000", 38)
        False
    """
    label = text[text.rfind("\n", 0, start) + 1 : start]
    return LIST_LABEL.fullmatch(label) is not None and _names_a_group(label)


# A qualifier said last of every group of its sentence: "Data scientists earn $140,000 and
# ML engineers $150,000, both with 5+ years" (neither had the years: each figure's words
# stop at the next group's clause, or at the comma).
SAID_OF_ALL = re.compile(
    r"(?:[,;]|\s[–—]|\band\b)\s*(?:both|all|each)(?:\s+of\s+them)?\s+(?=(?:with|at|in)\b)",
    re.I,
)


@lru_cache(maxsize=64)  # read once per sentence, not once per figure
def said_of_all(text: str) -> tuple[int, str] | None:
    """Where the qualifier said of every group of ``text`` after its last figure starts,
    and its words (``SAID_OF_ALL``), read as each earlier figure's own words after it;
    None when there is none.

    Example:
        >>> said_of_all("Data scientists earn $140K and ML engineers $150K, both with 5+ years")
        (49, ' with 5+ years')
        >>> said_of_all("Data scientists earn $140K, and all with 5+ years earn $150K") is None
        True
    """
    found = [*SAID_OF_ALL.finditer(text)][-1:]
    if not found or figures(text[found[0].end() :], every=True):
        return None
    return found[0].start(), " " + text[found[0].end() :]


# What may stand between a figure and a span of years that is its own: "$250,000 between
# 2022 and 2024", "$250,000 (2022-2024)", "$250,000, in 2019-21".
SPAN_AFTER = re.compile(r"(\s*(?:\(|,\s*)?)(?:(?:in|for|during|over)\s+)?", re.I)


def span_after(after: str) -> tuple[int | None, int | None] | None:
    """The span of years (``year_spans``) right after a figure, in its words ``after`` it,
    or None: its own, as a year right after it is (``YEAR_AFTER``).

    Example:
        >>> span_after(" between 2022 and 2024."), span_after(" in 2019-21"), span_after(" in 2024")
        ((2022, 2024), (2019, 2021), None)
    """
    lead = SPAN_AFTER.match(after)
    assert lead is not None  # it matches the empty string
    starts = {lead.end(1), lead.end()}
    return next((span for start, _, span in year_spans(after) if start in starts), None)


def _figure_years(
    text: str, end: int, stop: int, subject: dict[str, Any]
) -> tuple[int | None, int | None] | None:
    """The span of years a figure of ``text`` (ending at ``end``; its words run to
    ``stop``) is of, setting its ``subject``'s one year: a span or a year right after it is
    its own ("$230,000 between 2019 and 2021 and $250,000 between 2022 and 2024": the
    second had taken the first's span, the nearest before it), else its sentence's."""
    after = text[end:stop]
    years = _years_of(subject)
    if (own := span_after(after)) is not None:
        years, subject["year"] = own, None
    if years is not None and (last := years[1]) is not None and GROWTH.search(text):
        years, subject["year"] = None, last  # "grew 12% from 2022 to 2024, to $170,000"
    if own is None and (own_year := YEAR_AFTER.match(after)):
        subject["year"] = year_of(own_year)  # "from $150,000 in 2022 to $170,000 in 2024"
        years = None
    elif subject["year"] is not None and (back := years_earlier(after)):
        subject["year"] -= back  # "up from $140,000 two years earlier" in a 2024 sentence
    return years


RESPECTIVELY = re.compile(r"\brespectively\b", re.I)


def year_left(text: str, year: int | None) -> int | None:
    """The other year of a pair named apart in ``text`` (``years_apart``) whose one year is
    the ``year`` a figure was read as of: the year it is not checked against.

    Example:
        >>> year_left("ML engineers earned $180,000 in 2022 and 2024.", 2022)
        2024
        >>> year_left("ML engineers earned $180,000 in 2022 and 2023.", 2022) is None
        True
        >>> year_left("In 2019 and 2024 they earned $150,000 and $190,000, respectively.", 2024)
    """
    if year is None or RESPECTIVELY.search(text):  # "..., respectively": a year each
        return None
    pairs = years_apart(text)
    return next((b if a == year else a for a, b in pairs if year in (a, b)), None)


def later_of_two(subject: dict[str, Any], left: int | None) -> int | None:
    """Of two years named apart, a figure is read as of the later, the year left unchecked
    the earlier, whichever the text says nearer the figure: "$180,000 in 2022 and 2024" had
    been 2022 and "In 2022 and 2024, ... $180,000" 2024. Sets ``subject``'s year; returns
    the year left.

    Example:
        >>> subject = {"year": 2022}
        >>> later_of_two(subject, 2024), subject
        (2022, {'year': 2024})
    """
    if left is None or left < subject["year"]:
        return left
    subject["year"], left = left, subject["year"]
    return left


# A list of values of one field paired in order with the list of figures before
# "respectively": "In 2019 and 2024, ML engineers earned $150,000 and $190,000,
# respectively" had read both figures as of 2024 (the year nearest before each), "Senior and
# staff ML engineers earn $200,000 and $280,000, respectively" both as staff, and "At
# Google and Meta, ..." left both unchecked as one figure of two companies.
PAIRED_KINDS = ("year", "level", "role", "company", "metro", "state", "country", "remote")


def pair_lists(segment: _Segment, claims: list[Claim]) -> list[Claim]:
    """``claims`` (a segment's) with each list of figures given the subject said after it
    (``share_said_after``), then paired with the lists of values before a "respectively"
    (``pair_respectively``) or set against one another (``pair_versus``)."""
    claims = share_said_after(segment, claims)
    return pair_versus(segment, pair_respectively(segment, claims))


def pair_respectively(segment: _Segment, claims: list[Claim]) -> list[Claim]:
    """``claims`` (a segment's) with each list of figures before a "respectively" given, in
    order, the values of each list of one field before it (``value_lists``); where the
    counts differ, no figure any value, and each unchecked, saying why.

    Example:
        >>> text = "Senior and staff ML engineers earn $200K and $280K, respectively."
        >>> [c.subject["level"] for c in extract_claims(text)]
        ['senior', 'staff']
        >>> [c.years for c in extract_claims("Pay rose 5% and 8% in 2023 and 2024, respectively.")]
        [(2022, 2023), (2023, 2024)]
    """
    begin, claims = 0, list(claims)
    for match in RESPECTIVELY.finditer(segment.text):
        run = listed_figures(claims, segment, begin, match.start())
        for kind, values in value_lists(segment.text[begin : match.start()]) if run else []:
            paired = values if len(values) == len(run) else [None] * len(run)
            for index, value in zip(run, paired, strict=True):
                claims[index] = _paired(claims[index], kind, value, values, len(run))
        begin = match.end()
    return claims


def listed_figures(claims: list[Claim], segment: _Segment, begin: int, stop: int) -> list[int]:
    """Where in ``claims`` the last list of two figures or more joined by commas or "and"
    (``LIST_JOIN``) between ``begin`` and ``stop`` of ``segment``'s text stands; [] if none."""
    return next(iter(figure_runs(claims, segment, LIST_JOIN, begin, stop)[::-1]), [])


def figure_runs(
    claims: list[Claim],
    segment: _Segment,
    join: re.Pattern[str],
    begin: int = 0,
    stop: int | None = None,
) -> list[list[int]]:
    """Where in ``claims`` each list of two figures or more of one kind (money, or changes
    in percent: "rose 5% and 8%") joined by ``join`` between ``begin`` and ``stop`` of
    ``segment``'s text stands."""
    stop = len(segment.text) if stop is None else stop
    runs: list[list[int]] = []
    for index, claim in enumerate(claims):
        start = claim.start - segment.start
        if claim.statistic == "difference" or not begin <= start < stop:
            continue
        last = claims[runs[-1][-1]] if runs else None
        if (
            last is not None
            and (last.statistic == "growth") == (claim.statistic == "growth")
            and join.fullmatch(segment.text, last.end - segment.start, start)
        ):
            runs[-1].append(index)
        else:
            runs.append([index])
    return [run for run in runs if len(run) > 1]


# The subject said once right after a list of figures is every figure's: "the median
# salaries were $150,000 and $190,000 for ML engineers, respectively" had left the first
# with no role (the words after a figure end at the next).
def share_said_after(segment: _Segment, claims: list[Claim]) -> list[Claim]:
    """``claims`` with each value that the last figure of a list (``LIST_JOIN``) takes
    from its own words after it, one value of its field there, given to the figures of
    the list before it that have none.

    Example:
        >>> claims = extract_claims("Salaries are $150,000 and $190,000 for ML engineers.")
        >>> [c.subject["role"] for c in claims]
        ['ml_engineer', 'ml_engineer']
    """
    claims = list(claims)
    for run in figure_runs(claims, segment, LIST_JOIN):
        last = claims[run[-1]]
        tail = _list_tail(segment, claims, run[-1])
        if OTHER_ONES.search(tail):
            continue  # "$150,000, and $180,000 for senior ones": the seniors' alone
        for kind, value in _said_once(tail):
            if last.subject.get(kind) != value or (kind == "year" and last.years is not None):
                continue
            for index in run[:-1]:
                claims[index] = _shared(claims[index], kind, value)
    return claims


# "Ones" after a list's last figure stand for the people named before it with other words
# ("The average for ML engineers is $150,000, and $180,000 for senior ones"): what they
# say is the last figure's own, not the list's (the $150,000 had been read as seniors').
OTHER_ONES = re.compile(r"\bones\b", re.I)


# A stop that ends what a list of figures' last words say, whatever follows it (a segment
# runs on past ". in 2023" when no capital starts the next sentence).
LIST_TAIL_END = re.compile(r"[.!?:](?:\s|$)")


def _list_tail(segment: _Segment, claims: list[Claim], last: int) -> str:
    """The words of ``segment`` after the figure ``claims[last]`` to its clause's end."""
    start = claims[last].end - segment.start
    stop = claims[last + 1].start - segment.start if last + 1 < len(claims) else None
    ends = [*clause_ends(segment.text, start, stop)[:1]]
    ends += [
        *itertools.islice(LIST_TAIL_END.finditer(segment.text, start, stop or len(segment.text)), 1)
    ]
    return segment.text[start : min((m.start() for m in ends), default=stop)]


def _said_once(text: str) -> list[tuple[str, Any]]:
    """(kind, value) of each subject field that ``text`` names one value of, no span."""
    said: dict[str, set[Any]] = {}
    for _, kind, value in _mentions(text):
        said.setdefault(kind, set()).add(value)
    return [
        (kind, value)
        for kind, (value, *more) in said.items()
        if kind in SUBJECT_FIELDS and not more and not isinstance(value, tuple)
    ]


def _shared(claim: Claim, kind: str, value: Any) -> Claim:
    """``claim`` with ``value`` as its ``kind`` where it has none and the value fits."""
    if claim.subject[kind] is not None or not place_fits(claim.subject, kind, value):
        return claim
    if kind == "year" and (claim.statistic == "growth" or claim.years is not None):
        return claim
    subject = claim.subject | {kind: value}
    if kind in ("metro", "state"):
        subject["country"] = "US"
    return replace(claim, subject=subject)


# Two figures set against one another ("versus", "vs.", "compared with") in a sentence
# that names two values of one field: the values in order. "ML engineers at Amazon earn
# less than those at Google, about $190,000 versus $230,000" had read both as Google's.
VERSUS_JOIN = re.compile(r"\s*,?\s*(?:versus|vs\.?|compared\s+(?:with|to))\s+", re.I)


def pair_versus(segment: _Segment, claims: list[Claim]) -> list[Claim]:
    """``claims`` with two figures joined by ``VERSUS_JOIN`` given, in order, the two values
    of each field (``PAIRED_KINDS``) that ``segment`` names exactly two of; left as read
    otherwise.

    Example:
        >>> text = "ML engineers at Amazon earn less than those at Google: $190K vs. $230K."
        >>> [c.subject["company"] for c in extract_claims(text)]
        ['Amazon', 'Google']
    """
    claims = list(claims)
    for run in figure_runs(claims, segment, VERSUS_JOIN):
        if len(run) != 2 or any(claims[i].statistic == "growth" for i in run):
            continue
        for kind in PAIRED_KINDS:
            values = list(dict.fromkeys(value for *_, value in _listed(segment.text, kind)))
            if len(values) == 2:
                for index, value in zip(run, values, strict=True):
                    claims[index] = _paired(claims[index], kind, value, values, 2)
    return claims


def value_lists(text: str) -> list[tuple[str, list[Any]]]:
    """(kind, values) of each list of two values or more of one field (``PAIRED_KINDS``)
    joined by commas, "and" or "or" (``LIST_JOIN``).

    Example:
        >>> value_lists("In 2019, 2022 and 2024, senior ML engineers at Google and Meta")
        [('year', [2019, 2022, 2024]), ('company', ['Google', 'Meta'])]
    """
    found = []
    for kind in PAIRED_KINDS:
        runs: list[list[tuple[int, int, Any]]] = []
        for mention in _listed(text, kind):
            if runs and LIST_JOIN.fullmatch(text, runs[-1][-1][1], mention[0]):
                runs[-1].append(mention)
            else:
                runs.append([mention])
        found += [(kind, [value for *_, value in run]) for run in runs if len(run) > 1]
    return found


def _listed(text: str, kind: str) -> list[tuple[int, int, Any]]:
    """(start, end, value) of each mention of ``kind`` in ``text``; of years, each year but
    those of a span, where two years running ("in 2022 and 2023") are two."""
    if kind != "year":
        return [(start, end, value) for start, end, of, value in _mention_spans(text) if of == kind]
    spans = [(a, b) for a, b, _ in year_spans(text) if not YEARS_APART.match(text, a)]
    return [
        (m.start(), m.end(), year_of(m))
        for m in YEAR.finditer(text)
        if not any(a <= m.start() < b for a, b in spans)
    ]


def _paired(claim: Claim, kind: str, value: Any, values: list[Any], figures: int) -> Claim:
    """``claim`` with ``value`` of ``values`` as its ``kind``: None when their counts differ
    from the ``figures`` listed, which leaves it unchecked, saying why."""
    unchecked = claim.unchecked
    if value is None:
        said = f"{', '.join(map(str, values[:-1]))} and {values[-1]}"
        unchecked = (
            f"The text pairs {len(values)} {PLURALS.get(kind, f'{kind}s')} ({said}) with "
            f"{figures} figures, respectively: the counts differ, so no figure is paired "
            "with one, and it is not checked."
        )
    elif unchecked in {two_named(kind, *pair) for pair in pairwise(values)}:
        unchecked = None  # "At Google and Meta, ... respectively": one company each
    subject = claim.subject | {kind: value}
    if kind in ("metro", "state") and value is not None:
        subject["country"] = "US"  # as ``_subject`` sets it: every metro and state is the US
    if kind != "year":
        return replace(claim, subject=subject, unchecked=unchecked)
    if claim.statistic == "growth":  # "rose 5% and 8% in 2023 and 2024": each from the year before
        years = None if value is None else (value - 1, value)
        return replace(claim, unchecked=unchecked, years=years)
    return replace(claim, subject=subject, unchecked=unchecked, years=None, year_left=None)


# A figure's own clause said of all the groups named before it: "ML engineers earn
# $140,000, data scientists $130,000, and all with 5+ years earn $150,000" (the $150,000
# had been checked as the data scientists', the nearest role).
OF_EVERY_GROUP = re.compile(
    r"\s*(?:and\s+)?(?:all|everyone|everybody|both)(?:\s+of\s+them)?\s+(?:with|at|in)\b", re.I
)


def every_group_said(before: str) -> str | None:
    """Why a figure whose own clause is said of every group named before it in its
    sentence (``OF_EVERY_GROUP``, after a clause with a figure) cannot be checked, when
    those groups are two roles or more; None otherwise.

    Example:
        >>> every_group_said("ML engineers earn $140,000, data scientists $130,000, "
        ...                  "and all with 5+ years earn ")[:62]
        'The text names 2 roles (ml_engineer and data_scientist) for on'
        >>> every_group_said("Among ML engineers, juniors earn $120,000, and all with 5+ years ")
    """
    at = clause_start(before)
    if not at or not OF_EVERY_GROUP.match(before, at) or not figures(before[:at], every=True):
        return None
    roles = list(dict.fromkeys(v for _, kind, v in _mentions(before[:at]) if kind == "role"))
    if len(roles) < 2:
        return None
    return (
        f"The text names {len(roles)} roles ({' and '.join(roles)}) for one figure, said "
        "of all of them: each has pay of its own, so it is not checked."
    )


def _claim(id_: int, segment: _Segment, figure: Figure, stop: int, below: int) -> Claim:
    before = _before(segment, figure.start)
    after = _words_after(segment.text, figure.end, stop)
    if (shared := said_of_all(segment.text)) and figure.end <= shared[0]:
        after += shared[1]  # "..., both with 5+ years": every group's
    statistic = _statistic(before, after, figure.high is not None)
    if statistic == "typical" and (said := SAID_AFTER.match(segment.text, figure.end)):
        statistic = "average" if said[1].lower() in ("average", "mean") else "median"
    low: float | None = figure.low
    high: float | None = figure.high if figure.high is not None else figure.low
    q = percentile_named(before, after) if figure.high is None else None
    if q is not None:  # "the top 10% earn more than $290,000": $290,000 is the 90th
        statistic = "median" if q == 50 else f"p{q}"
    elif statistic == "minimum":
        high = None
    elif statistic == "maximum":
        low, high = None, figure.low
    subject = _subject(before, after, segment.headings)
    years = _figure_years(segment.text, figure.end, stop, subject)
    if not OWN_COMPONENT_BEFORE.search(before) and (component := component_after(before, after)):
        subject["pay_component"] = component
    if not (subject["country"] or subject["metro"] or subject["state"]):
        # "£70,000 per annum" naming no place is UK pay, not every country's.
        subject["country"] = currency_places().get(figure.currency)
    own, span, clause = _experience(segment, before, after, below)
    if own is not None and not any(kind == "level" for _, kind, _ in _mentions(clause)):
        subject["level"] = level_for_span(own) or subject["level"]
    elif span is not None and subject["level"] is None:
        subject["level"] = level_for_span(span)
    start = segment.start + figure.start
    left = (
        None
        if years is not None
        else later_of_two(subject, year_left(segment.text, subject["year"]))
    )
    return Claim(
        id_, segment.text[figure.start : figure.end], start, segment.start + figure.end,
        statistic, low, high, subject, span, figure.currency, period=figure.period,
        part=pay_part(before, after), negated=negated(before, statistic),
        unchecked=unchecked_subject(f"{own_lines(before, after)} {after}")
        or every_group_said(before), years=years,
        language=language_of(segment.text, figure.start, figure.end),
        year_left=left,
    )  # fmt: skip
