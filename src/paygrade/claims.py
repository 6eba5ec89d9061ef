"""Salary claims in prose: extract them, check them against the store, find contradictions.

Extraction is rules, not a model (no network, no LLM): money figures are found
by pattern (``$150,000``, ``$150K``, ``150k USD``, ``$111k-$145k``, ``between
$80,000 and $127,000``, ``upwards of $150,000``); the statistic meant and the
subject (role, level, company, place, industry, pay component) come from the
phrase table ``normalize/rules/claim_subjects.csv``, looked up in the sentence
first (the mention nearest before the figure wins), then in the Markdown
headings above it, innermost first. A Markdown table row reads as a sentence
made of its first cell, the column header and the cell. Experience spans
("less than two years", "two to five years", "5+ years") define a level.

Tolerance (documented in docs/methodology.md): a claimed average, median or
typical figure is ``consistent`` inside the data's p25-p75; a claimed range is
consistent when it overlaps the data's p10-p90 (p25-p75 when n < 10); a lower
bound ("more than X") when X <= p90; an upper bound ("as high as X") when
p50 <= X <= p90 (a raw maximum is never published, so a claimed top beyond p90
cannot be confirmed and reads as ``above_data``). Fewer than 5 matching
records, or no role named, is ``no_data``.

Example:
    >>> [c.low for c in extract_claims("Senior ML engineers earn $150K-$180K.")]
    [150000.0]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from typing import Any

from paygrade.normalize.rule_tables import read_rules
from paygrade.records import LEVELS
from paygrade.stats import MIN_N, stats
from paygrade.store import Store

SUBJECT_FIELDS = ("role", "level", "company", "metro", "country", "industry", "pay_component")
CENTRAL = ("average", "median", "typical")
BOUND_WINDOW = 25  # a bound phrase ("up to") must sit this close before its figure
PLAUSIBLE = (10_000.0, 10_000_000.0)  # annual USD; anything else is not a salary figure
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "fifteen": 15,
}  # fmt: skip
_NUM = r"(?:\d+|" + "|".join(NUMBER_WORDS) + r")"
AMOUNT = re.compile(
    r"(?P<cur>US\$|\$)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s?(?P<mult>[kK]\b|thousand\b|[mM]\b|million\b))?(?P<usd>\s?(?:USD|dollars)\b)?"
)
JOINER = re.compile(r"^\s*(?:-|–|—|to|and)\s*$")
SPANS = (
    (re.compile(rf"\b(?:less than|under|fewer than|up to)\s+({_NUM})\s+years?", re.I), "below"),
    (re.compile(rf"\b({_NUM})\s*(?:-|–|to)\s*({_NUM})\s+years?", re.I), "between"),
    (re.compile(rf"\b({_NUM})\s*(?:\+|or more|plus)\s+years?", re.I), "above"),
    (re.compile(rf"\b(?:more than|over|at least)\s+({_NUM})\s+years?", re.I), "above"),
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


@cache
def phrases() -> tuple[tuple[str, re.Pattern[str], str], ...]:
    """(kind, pattern, value) from the phrase table, longest phrase first.

    Example:
        >>> [(k, v) for k, p, v in phrases() if "facebook" in p.pattern]
        [('company', 'Meta')]
    """
    rows = sorted(read_rules("claim_subjects.csv"), key=lambda r: -len(r["phrase"]))
    return tuple(
        (r["kind"], re.compile(r"(?<!\w)" + re.escape(r["phrase"]) + r"(?!\w)", re.I), r["value"])
        for r in rows
    )


def number(text: str) -> float:
    """A number written in digits or as a word.

    Example:
        >>> number("two"), number("5")
        (2.0, 5.0)
    """
    return float(NUMBER_WORDS.get(text.lower(), 0) or text)


def parse_amount(match: re.Match[str], multiplier: str | None = None) -> float | None:
    """The annual USD value of an AMOUNT match, or None if it is not a salary figure.

    Example:
        >>> parse_amount(AMOUNT.search("$150K"))
        150000.0
        >>> parse_amount(AMOUNT.search("2024")) is None
        True
    """
    mult = (match["mult"] or multiplier or "").lower()
    if not (match["cur"] or match["usd"] or mult):
        return None
    value = float(match["num"].replace(",", ""))
    value *= 1_000 if mult in ("k", "thousand") else 1_000_000 if mult in ("m", "million") else 1
    return value if PLAUSIBLE[0] <= value <= PLAUSIBLE[1] else None


HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'*(])")
TABLE_RULE = re.compile(r"^\|?[\s:|-]+\|?$")


def segments(text: str) -> list[_Segment]:
    """The document as sentences and table cells, each with the headings above it.

    Example:
        >>> [s.text for s in segments("# Pay\\nOne. Two.")]
        ['Pay', 'One.', 'Two.']
    """
    found: list[_Segment] = []
    headings: list[tuple[int, str]] = []
    header: list[str] = []
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if heading := HEADING.match(body):
            depth = len(heading[1])
            headings = [h for h in headings if h[0] < depth]
            found.append(_Segment(offset + heading.start(2), heading[2], _titles(headings)))
            headings.append((depth, heading[2]))
        elif body.lstrip().startswith("|"):
            header = _table_line(found, body, offset, _titles(headings), header)
        else:
            header = []
            found += _sentences(body, offset, _titles(headings))
        offset += len(line)
    return found


def _titles(headings: list[tuple[int, str]]) -> tuple[str, ...]:
    """Headings innermost first."""
    return tuple(h[1] for h in reversed(headings))


def _sentences(body: str, offset: int, headings: tuple[str, ...]) -> list[_Segment]:
    out, start = [], 0
    for cut in [*SENTENCE_END.finditer(body), None]:
        end = cut.start() if cut else len(body)
        if body[start:end].strip():
            out.append(_Segment(offset + start, body[start:end], headings))
        start = cut.end() if cut else end
    return out


def _cells(body: str) -> list[tuple[int, str]]:
    """(offset in the line, text) of each cell of a Markdown table row."""
    bars = [m.start() for m in re.finditer(r"\|", body)]
    if not body.rstrip().endswith("|"):
        bars.append(len(body))
    return [(a + 1, body[a + 1 : b]) for a, b in pairwise(bars)]


def _table_line(
    found: list[_Segment], body: str, offset: int, headings: tuple[str, ...], header: list[str]
) -> list[str]:
    """Add a table row's cells as segments; return the table's header (the first row)."""
    if TABLE_RULE.match(body.strip()):
        return header
    cells = _cells(body)
    if not header:
        return [c[1].strip() for c in cells]
    first = cells[0][1].strip() if cells else ""
    for index, (at, cell) in enumerate(cells):
        column = header[index] if index < len(header) else ""
        prefix = f"{first} {column}:" if index else f"{column}:"
        found.append(_Segment(offset + at, cell, headings, prefix))
    return header


@dataclass(frozen=True)
class _Figure:
    start: int  # in the segment
    end: int
    low: float
    high: float | None  # set for a range


def figures(text: str) -> list[_Figure]:
    """Money figures and ranges in one sentence, in order.

    Example:
        >>> [(f.low, f.high) for f in figures("from $120-150K, or $90,000")]
        [(120000.0, 150000.0), (90000.0, None)]
    """
    matches = [m for m in AMOUNT.finditer(text) if m["num"]]
    out: list[_Figure] = []
    index = 0
    while index < len(matches):
        first = matches[index]
        second = matches[index + 1] if index + 1 < len(matches) else None
        if second is not None and _joined(text, first, second):
            low = parse_amount(first, second["mult"])
            high = parse_amount(second)
            if low is not None and high is not None and low <= high:
                out.append(_Figure(first.start(), second.end(), low, high))
                index += 2
                continue
        if (value := parse_amount(first)) is not None:
            out.append(_Figure(first.start(), first.end(), value, None))
        index += 1
    return out


def _joined(text: str, first: re.Match[str], second: re.Match[str]) -> bool:
    """Two amounts form a range: "$1-$2", "$1 to $2", "between $1 and $2"."""
    between = text[first.end() : second.start()]
    if not JOINER.match(between):
        return False
    return "and" not in between or "between" in text[max(0, first.start() - 12) : first.start()]


def _mentions(text: str) -> list[tuple[int, str, str]]:
    """(position, kind, value) of every phrase-table mention, longest phrase first at a spot."""
    taken: list[tuple[int, int]] = []
    found = []
    for kind, pattern, value in phrases():
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            taken.append(match.span())
            found.append((match.start(), kind, value))
    return sorted(found)


def _statistic(before: str, after: str, is_range: bool) -> str:
    """What a figure is said to measure: nearest bound phrase just before, else the nearest
    average / median / typical word in the sentence, else "typical" (or "range")."""
    if re.match(r"\s*(?:or more|and up|\+|plus)\b", after):
        return "minimum"
    if re.match(r"\s*or less\b", after):
        return "maximum"
    stats_before = [(p, v) for p, k, v in _mentions(before) if k == "statistic"]
    if is_range:
        return "range"
    bounds = [v for p, v in stats_before if v not in CENTRAL and p >= len(before) - BOUND_WINDOW]
    if bounds:
        return bounds[-1]
    central = [v for _, v in stats_before if v in CENTRAL]
    central_after = [v for _, k, v in _mentions(after) if k == "statistic" and v in CENTRAL]
    return (central[-1:] or central_after[:1] or ["typical"])[0]


def _subject(before: str, after: str, headings: tuple[str, ...]) -> dict[str, Any]:
    """Each subject field from the nearest mention before the figure, else after it in the
    sentence, else the innermost heading that names it."""
    subject: dict[str, Any] = dict.fromkeys(SUBJECT_FIELDS)
    places = [_mentions(before)[::-1], _mentions(after)] + [_mentions(h) for h in headings]
    for mentions in places:
        for _, kind, value in mentions:
            if kind in subject and subject[kind] is None:
                subject[kind] = value
    if subject["metro"]:
        subject["country"] = "US"
    return subject


def experience_span(text: str) -> list[float | None] | None:
    """Years of experience a phrase defines, as [from, to) (None: open).

    Example:
        >>> experience_span("those with less than two years"), experience_span("5+ years")
        ([0.0, 2.0], [5.0, None])
        >>> experience_span("two to five years of experience")
        [2.0, 5.0]
    """
    for pattern, kind in SPANS:
        if match := pattern.search(text):
            if kind == "below":
                return [0.0, number(match[1])]
            if kind == "between":
                return [number(match[1]), number(match[2])]
            return [number(match[1]), None]
    return None


def level_for_span(span: list[float | None]) -> str | None:
    """The generic level an experience span describes (DOMAIN: entry < 2 y, mid 2-5, senior 5+).

    Example:
        >>> level_for_span([0, 2]), level_for_span([2, 5]), level_for_span([5, None])
        ('entry', 'mid', 'senior')
    """
    low, high = span[0] or 0, span[1]
    if high is not None and high <= 3:
        return "entry"
    if low >= 5:
        return "senior"
    return "mid" if low >= 2 else None


def extract_claims(text: str) -> list[Claim]:
    """Every salary figure, range and bound in plain text or Markdown, with its subject.

    Example:
        >>> claim = extract_claims("## Google\\nSenior ML engineers average $250,000.")[0]
        >>> claim.statistic, claim.low, claim.subject["company"], claim.subject["level"]
        ('average', 250000.0, 'Google', 'senior')
    """
    claims: list[Claim] = []
    for segment in segments(text):
        found = figures(segment.text)
        for index, figure in enumerate(found):
            stop = found[index + 1].start if index + 1 < len(found) else len(segment.text)
            claims.append(_claim(len(claims), segment, figure, stop))
    return claims


def _claim(id_: int, segment: _Segment, figure: _Figure, stop: int) -> Claim:
    before = f"{segment.prefix} {segment.text[: figure.start]}"
    after = re.split(r"[,;(]|\bwhile\b|\bwhereas\b", segment.text[figure.end : stop])[0]
    statistic = _statistic(before, after, figure.high is not None)
    low: float | None = figure.low
    high: float | None = figure.high if figure.high is not None else figure.low
    if statistic == "minimum":
        high = None
    elif statistic == "maximum":
        low, high = None, figure.low
    subject = _subject(before, after, segment.headings)
    span = experience_span(f"{segment.prefix} {segment.text}")
    if span is None:
        span = next(filter(None, map(experience_span, segment.headings)), None)
    if span is not None and subject["level"] is None:
        subject["level"] = level_for_span(span)
    start = segment.start + figure.start
    return Claim(
        id_, segment.text[figure.start : figure.end], start, segment.start + figure.end,
        statistic, low, high, subject, span,
    )  # fmt: skip


def check_claim(store: Store, claim: Claim) -> dict[str, Any]:
    """A claim as the contract's JSON: the claim, the data for its subject, a verdict and why.

    Example:
        >>> claim = extract_claims("ML engineers earn $150K.")[0]
        >>> check_claim(store, claim)["verdict"]  # doctest: +SKIP
        'consistent'
    """
    data = _data_for(store, claim.subject)
    verdict, why = _verdict(claim, data)
    return {
        "id": claim.id,
        "text": claim.text,
        "start": claim.start,
        "end": claim.end,
        "subject": claim.subject,
        "experience": claim.experience,
        "statistic": claim.statistic,
        "low": claim.low,
        "high": claim.high,
        "verdict": verdict,
        "data": data,
        "explanation": why,
    }


def _where(subject: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [v] for k, v in subject.items() if v is not None}


def _data_for(store: Store, subject: dict[str, Any]) -> dict[str, Any]:
    """The data's n and percentiles for the subject, in the pay component with most records
    unless the claim names one (base and total never mix)."""
    empty: dict[str, Any] = {"n": 0, "pay_component": subject.get("pay_component")}
    if subject.get("role") is None:
        return empty
    groups = stats(store, ["pay_component"], _where(subject))["groups"]
    if not groups:
        return empty
    group = max(groups, key=lambda g: g["n"])
    keys = ("p10", "p25", "p50", "p75", "p90")
    return {"n": group["n"], "pay_component": group["key"]["pay_component"]} | {
        k: group.get(k) for k in keys
    }


def _band(data: dict[str, Any], wide: bool) -> tuple[float, float]:
    """p10-p90 when wide and n allows it, else p25-p75."""
    if wide and data.get("p10") is not None:
        return data["p10"], data["p90"]
    return data["p25"], data["p75"]


def _verdict(claim: Claim, data: dict[str, Any]) -> tuple[str, str]:
    if claim.subject.get("role") is None:
        return "no_data", "The text names no role for this figure, so there is nothing to compare."
    if data["n"] < MIN_N or data.get("p50") is None:
        return "no_data", f"Only {data['n']} records match this subject (fewer than {MIN_N})."
    wide = claim.statistic in ("range", "minimum", "maximum")
    low, high = _band(data, wide)
    band = "p10-p90" if wide and data.get("p10") is not None else "p25-p75"
    lo, hi = claim.low, claim.high
    if claim.statistic == "maximum":  # a claimed top: at least the median, at most p90
        lo, high = claim.high, high
        low = data["p50"]
        band = f"p50-{band.split('-')[1]}"
    if claim.statistic == "minimum":
        hi, low = claim.low, float("-inf")
        band = f"at most {band.split('-')[1]}"
    verdict = _place(lo, hi, low, high)
    what = f"{data['pay_component']} pay, n={data['n']}, {band} ${low:,.0f}-${high:,.0f}"
    if claim.statistic == "minimum":
        what = f"{data['pay_component']} pay, n={data['n']}, p90 ${high:,.0f}"
    words = {"consistent": "within", "above_data": "above", "below_data": "below"}
    return verdict, f"The claimed {claim.statistic} lies {words[verdict]} the data ({what})."


def _place(lo: float | None, hi: float | None, low: float, high: float) -> str:
    """Where a claimed interval [lo, hi] sits against the data's band [low, high]."""
    first = lo if lo is not None else hi
    last = hi if hi is not None else lo
    assert first is not None and last is not None
    if first > high:
        return "above_data"
    if last < low:
        return "below_data"
    return "consistent"


def _same_group(a: Claim, b: Claim, *, but: str) -> bool:
    """Same subject in every field except ``but`` (which differs and is set in both)."""
    fields = [f for f in ("role", "company", "metro", "industry") if f != but]
    if any(a.subject[f] != b.subject[f] for f in fields):
        return False
    levels = (a.subject["level"], b.subject["level"])
    if but == "level":
        return None not in levels and levels[0] != levels[1]
    return bool(levels[0] == levels[1])


def _level_order(claims: list[Claim]) -> list[dict[str, Any]]:
    central = [c for c in claims if c.statistic in (*CENTRAL, "range")]
    found = []
    for a in central:
        for b in central:
            if a.id < b.id and _same_group(a, b, but="level"):
                lower, higher = sorted((a, b), key=lambda c: LEVELS.index(c.subject["level"]))
                if higher.midpoint() < lower.midpoint():
                    found.append(_contradiction(a, b, "level_order", _order_text(lower, higher)))
    return found


def _order_text(lower: Claim, higher: Claim) -> str:
    return (
        f"{higher.subject['level']} is given {higher.text} but the lower level "
        f"{lower.subject['level']} is given more ({lower.text})."
    )


def _level_definitions(claims: list[Claim]) -> list[dict[str, Any]]:
    first: dict[str, Claim] = {}
    found = []
    for claim in claims:
        level = claim.subject["level"]
        if claim.experience is None or level is None:
            continue
        seen = first.setdefault(level, claim)
        if seen.experience != claim.experience:
            text = (
                f"{level} is defined as {_years(seen.experience)} and also as "
                f"{_years(claim.experience)}."
            )
            found.append(_contradiction(seen, claim, "level_definition", text))
    return found


def _years(span: list[float | None] | None) -> str:
    assert span is not None
    low, high = span
    return f"{low:g}+ years" if high is None else f"{low:g}-{high:g} years"


def _average_outside(claims: list[Claim]) -> list[dict[str, Any]]:
    ranges = [c for c in claims if c.statistic == "range"]
    centers = [c for c in claims if c.statistic in ("average", "median")]
    found = []
    for span in ranges:
        for center in centers:
            if _same_group(span, center, but=""):
                assert span.low is not None and span.high is not None
                if not span.low <= center.midpoint() <= span.high:
                    text = (
                        f"the {center.statistic} {center.text} lies outside the range {span.text}."
                    )
                    found.append(_contradiction(span, center, "average_outside_range", text))
    return found


def _same_figure(claims: list[Claim]) -> list[dict[str, Any]]:
    found = []
    for a in claims:
        for b in claims:
            keys = ("role", "level", "company", "metro", "industry")
            same_value = (a.low, a.high) == (b.low, b.high)
            if a.id < b.id and same_value and any(a.subject[k] != b.subject[k] for k in keys):
                text = f"{a.text} is given for two different subjects ({_who(a)}; {_who(b)})."
                found.append(_contradiction(a, b, "same_figure", text))
    return found


def _who(claim: Claim) -> str:
    keys = ("role", "level", "company", "metro", "industry")
    return ", ".join(f"{k} {claim.subject[k]}" for k in keys if claim.subject[k]) or "no subject"


def _contradiction(a: Claim, b: Claim, kind: str, text: str) -> dict[str, Any]:
    return {"claims": sorted([a.id, b.id]), "kind": kind, "explanation": text[0].upper() + text[1:]}


def contradictions(claims: list[Claim]) -> list[dict[str, Any]]:
    """Where the text disagrees with itself: level order, level definitions, an average
    outside its own range, one figure for different things.

    Example:
        >>> text = "Senior engineers earn $120,000. Junior engineers earn $150,000."
        >>> [c["kind"] for c in contradictions(extract_claims(text))]
        ['level_order']
    """
    return [
        *_level_order(claims),
        *_level_definitions(claims),
        *_average_outside(claims),
        *_same_figure(claims),
    ]


def check_text(store: Store, text: str) -> dict[str, Any]:
    """Extract, check and cross-check every claim in a text: the contract of
    ``paygrade check-claims --format json``.

    Example:
        >>> check_text(store, "ML engineers earn $150K.")["claims"][0]["verdict"]  # doctest: +SKIP
        'consistent'
    """
    claims = extract_claims(text)
    return {
        "claims": [check_claim(store, c) for c in claims],
        "contradictions": contradictions(claims),
    }
