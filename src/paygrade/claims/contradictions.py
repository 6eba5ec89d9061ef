"""Contradictions inside one text: level order, level definitions, an average outside its
own range, one figure for different things."""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Callable, Hashable, Iterator
from dataclasses import replace
from typing import Any

from paygrade.claims.extract import CENTRAL, PLACES, Claim, place_fits
from paygrade.interruptible import stop_if_asked
from paygrade.records import LEVELS

# The fields two claims of one group have alike (both naming none is alike): whom their
# pay is of, besides level, place and year. A claim naming no employment type is of
# full-time pay (the norm), not of any: "$90,000 part-time" is no senior's full-time pay.
GROUP_FIELDS = ("role", "company", "industry", "employment_type")
# Fields that set two claims apart only when both name them, differently: "remote senior
# ML engineers" and "mid-level ML engineers" are one group (as a year only one of them
# names, or a place: ``_places_meet``); remote and on-site pay are not.
NAMED_APART_FIELDS = ("remote",)


def _by(claims: list[Claim], key: Callable[[Claim], Hashable]) -> dict[Hashable, list[Claim]]:
    """The claims by ``key``, in order: only claims of one key can be a pair, so a long text
    is not every claim against every other (651 claims: 212,000 pairs, 2.6 s).

    Example:
        >>> from paygrade.claims import extract_claims
        >>> claims = extract_claims("Google pays $1M. Apple pays $2M. Google pays $3M.")
        >>> {k: [c.id for c in v] for k, v in _by(claims, lambda c: c.subject["company"]).items()}
        {'Google': [0, 2], 'Apple': [1]}
    """
    found: dict[Hashable, list[Claim]] = {}
    for claim in claims:
        found.setdefault(key(claim), []).append(claim)
    return found


def _group(claim: Claim) -> tuple[Any, ...]:
    return tuple(claim.subject[f] for f in GROUP_FIELDS)


def _pairs(
    claims: list[Claim], bucket: Callable[[Claim], Hashable], kind: Callable[[Claim], Hashable]
) -> Iterator[tuple[Claim, Claim]]:
    """Each claim ``a`` with every later claim ``b`` (a higher id) of its ``bucket`` but of
    another ``kind``, by ``a`` then ``b`` as the claims are numbered: two claims of two
    buckets, or of one kind, can make no contradiction, so they are never paired (a list
    of 4,320 figures of one group had been 9.3 million pairs, none of two levels).

    Example:
        >>> from paygrade.claims import extract_claims
        >>> claims = extract_claims("Google pays $1M. Apple pays $2M. Google pays $1M or $3M.")
        >>> company = lambda c: c.subject["company"]
        >>> [(a.id, b.id) for a, b in _pairs(claims, company, lambda c: c.low)]
        [(0, 3), (2, 3)]
    """
    kinds = {key: _by(sorted(them, key=_id), kind) for key, them in _by(claims, bucket).items()}
    for a in claims:
        stop_if_asked()  # a cancelled MCP call: its answer is no one's to read
        own = kind(a)
        later = [_after(them, a.id) for key, them in kinds[bucket(a)].items() if key != own]
        yield from ((a, b) for b in heapq.merge(*later, key=_id))


def _id(claim: Claim) -> int:
    return claim.id


def _after(claims: list[Claim], claim_id: int) -> list[Claim]:
    """The claims (in the order of their ids) numbered after ``claim_id``."""
    return claims[bisect_right(claims, claim_id, key=_id) :]


def _same_group(a: Claim, b: Claim, *, but: str) -> bool:
    """One group in every field except ``but`` (which differs and is set in both): alike
    in ``GROUP_FIELDS``; places, years and ``NAMED_APART_FIELDS`` not set apart (a field
    only one claim names does not set them apart, as in ``conflicts``)."""
    if any(a.subject[f] != b.subject[f] for f in GROUP_FIELDS if f != but):
        return False
    if _named_apart(a, b) or not _places_meet(a, b):
        return False
    if _years_apart(a, b):  # pay of two years: not one group
        return False
    if "pay_component" in conflicts(a, b):  # a base salary beside a total: not one measure
        return False
    levels = (a.subject["level"], b.subject["level"])
    if but == "level":
        # An order of levels is one measure's: a figure naming no component set above a
        # senior's base pay may be a total ("mid $180K" against "senior base $170K").
        same = a.subject["pay_component"] == b.subject["pay_component"]
        return same and None not in levels and levels[0] != levels[1]
    return bool(levels[0] == levels[1])


def _named_apart(a: Claim, b: Claim) -> bool:
    """Whether both claims name one of ``NAMED_APART_FIELDS``, differently."""
    values = [(a.subject[f], b.subject[f]) for f in NAMED_APART_FIELDS]
    return any(None not in pair and pair[0] != pair[1] for pair in values)


def _places_meet(a: Claim, b: Claim) -> bool:
    """Whether two claims' places can be one: the same place, one inside the other
    (Seattle and the US, Austin and Texas) or a place against none; not two places
    both name (US and UK), nor Seattle and California.

    Example:
        >>> from paygrade.claims import extract_claims
        >>> us, seattle, anywhere, california = extract_claims(
        ...     "In the US ML engineers earn $1M. In Seattle ML engineers earn $2M. "
        ...     "ML engineers earn $3M. In California ML engineers earn $4M.")
        >>> _places_meet(us, seattle), _places_meet(anywhere, california)
        (True, True)
        >>> _places_meet(seattle, california), _places_meet(california, seattle)
        (False, False)
    """
    for one, other in ((a, b), (b, a)):
        for kind in PLACES:
            value, theirs = one.subject[kind], other.subject[kind]
            if value is None or value == theirs:
                continue
            if theirs is not None or not place_fits(other.subject, kind, value):
                return False
    return True


def _years_apart(a: Claim, b: Claim) -> bool:
    """Whether two claims are of years that do not meet: 2024 and 2022, 2024 and "before
    2020" (a claim naming no year may be of any).

    Example:
        >>> from paygrade.claims import extract_claims
        >>> a, b, c = extract_claims(
        ...     "In 2024 ML engineers earned $210K. Before 2020, ML engineers earned $100K. "
        ...     "Since 2018, ML engineers earned $150K.")
        >>> _years_apart(a, b), _years_apart(b, c), _years_apart(a, c)
        (True, False, False)
    """
    spans = [c.years if c.years is not None else (c.subject.get("year"),) * 2 for c in (a, b)]
    (first_a, last_a), (first_b, last_b) = spans
    low, high = float("-inf"), float("inf")
    return max(first_a or low, first_b or low) > min(last_a or high, last_b or high)


def _level_order(claims: list[Claim]) -> list[dict[str, Any]]:
    central = [c for c in claims if c.statistic in (*CENTRAL, "range") and _level(c) is not None]
    found = []
    # Only two levels of one measure can be in order (``_same_group``, but "level").
    for a, b in _pairs(central, _measure, _level):
        lower, higher = sorted((a, b), key=lambda c: LEVELS.index(c.subject["level"]))
        if higher.midpoint() < lower.midpoint() and _same_group(a, b, but="level"):
            found.append(_contradiction(a, b, "level_order", _order_text(lower, higher)))
    return found


def _level(claim: Claim) -> str | None:
    return claim.subject["level"]  # type: ignore[no-any-return]


def _measure(claim: Claim) -> tuple[Any, ...]:
    """A claim's group and pay component: two claims of one measure have them alike."""
    return (*_group(claim), claim.subject["pay_component"])


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
    if high is None:
        return f"{low:g}+ years"
    return f"{low:g} years" if low == high else f"{low:g}-{high:g} years"


def _average_outside(claims: list[Claim]) -> list[dict[str, Any]]:
    ranges = [c for c in claims if c.statistic == "range"]
    # Of one measure and one level (``_same_group``): a median naming no component is not
    # set against a range of one: "$150-200K base and $250-350K total; the median is
    # $181,000" fits the base range.
    centers = _by([c for c in claims if c.statistic in ("average", "median")], _measure_level)
    found = []
    for span in ranges:
        stop_if_asked()
        for center in centers.get(_measure_level(span), []):
            assert span.low is not None and span.high is not None
            outside = not span.low <= center.midpoint() <= span.high
            if outside and _same_group(span, center, but=""):
                text = f"the {center.statistic} {center.text} lies outside the range {span.text}."
                found.append(_contradiction(span, center, "average_outside_range", text))
    return found


def _measure_level(claim: Claim) -> tuple[Any, ...]:
    return (*_measure(claim), _level(claim))


SUBJECT_KEYS = (
    "role", "level", "company", "metro", "country", "industry", "remote", "pay_component",
)  # fmt: skip


def conflicts(a: Claim, b: Claim) -> list[str]:
    """The subject fields both claims name, with different values: what sets them apart;
    and "place" for places that cannot be one (``_places_meet``, as for a group) when no
    such field says so: Seattle and California (a metro and a state) had set nothing
    apart, while Seattle and Austin (two metros) did.

    A field only one claim names is no conflict: "staff engineers" and "at Meta" are
    overlapping groups (Meta's staff engineers are in both), not different things.

    Example:
        >>> from paygrade.claims import extract_claims
        >>> a, b, c = extract_claims("Google pays $1M. Apple pays $1M. Senior staff get $1M.")
        >>> conflicts(a, b), conflicts(a, c)
        (['company'], [])
        >>> seattle, california, washington = extract_claims("In Seattle ML engineers earn "
        ...     "$1M. In California ML engineers earn $1M. In Washington ML engineers earn $1M.")
        >>> conflicts(seattle, california), conflicts(seattle, washington)
        (['place'], [])
    """
    apart = [k for k in SUBJECT_KEYS if None not in (a.subject[k], b.subject[k])
             and a.subject[k] != b.subject[k]]  # fmt: skip
    if not PLACES & set(apart) and not _places_meet(a, b):
        apart.append("place")
    return apart


def _said(claim: Claim, key: str) -> Any:
    """A subject field's value; for "place", the claim's nearest place named."""
    if key == "place":
        return next(claim.subject[k] for k in ("metro", "state", "country") if claim.subject[k])
    return claim.subject[key]


def _explicit(claim: Claim) -> str | None:
    """The statistic a claim names; "typical" is what an unqualified figure reads as."""
    return None if claim.statistic == "typical" else claim.statistic


# A figure's one side said two ways: "A few earn more than $500,000" and "very few earn
# above $500,000" agree.
SAME_SIDE = ({"minimum", "few_above"}, {"maximum", "few_below"})


def _same_figure_text(a: Claim, b: Claim, apart: list[str]) -> str | None:
    """Why one figure given twice is a contradiction, or None for a restatement or a
    coincidence.

    Genuinely different things: the same statistic for subjects that differ in a field
    both name (two levels, roles, companies, places), or two different statistics
    (average and median, a floor and an average) for one and the same subject. A figure
    repeated for a compatible subject (a summary, a heading over its paragraph) is a
    restatement; different statistics of different subjects are unrelated figures that
    happen to be equal; so are a base salary and a total pay (a table's columns).
    """
    if "pay_component" in apart:  # base pay for one, total for the other: two measures
        return None
    if {a.statistic, b.statistic} in SAME_SIDE:
        return None
    same_statistic = a.statistic == b.statistic or None in (_explicit(a), _explicit(b))
    if same_statistic and apart:
        what = "; ".join(f"{k} {_said(a, k)} and {_said(b, k)}" for k in apart)
        named = _explicit(a) or _explicit(b) or "typical figure"
        return f"{a.text} is given as the {named} for different subjects ({what})."
    if not same_statistic and a.subject == b.subject:
        return (
            f"{a.text} is given as both the {a.statistic} and the {b.statistic} of the same "
            f"subject ({_who(a)})."
        )
    return None


def _figure(claim: Claim) -> tuple[float, ...]:
    """The figure as written: one amount (a single figure or a bound) or a range's two."""
    return tuple(sorted({v for v in (claim.low, claim.high) if v is not None}))


def _same_figure(claims: list[Claim]) -> list[dict[str, Any]]:
    found = []
    for a, b in _pairs(claims, _figure, _statement):
        text = _same_figure_text(a, b, conflicts(a, b))
        if text is not None:
            found.append(_contradiction(a, b, "same_figure", text))
    return found


def _statement(claim: Claim) -> tuple[Any, ...]:
    """What a figure is said to be, and of whom: one figure said twice as one statistic
    of one subject is a restatement (``_same_figure_text``), never a contradiction."""
    return (claim.statistic, *sorted(claim.subject.items()))


def _who(claim: Claim) -> str:
    return ", ".join(
        f"{k} {claim.subject[k]}" for k in SUBJECT_KEYS if claim.subject[k] is not None
    ) or ("no subject")


def _contradiction(a: Claim, b: Claim, kind: str, text: str) -> dict[str, Any]:
    return {"claims": sorted([a.id, b.id]), "kind": kind, "explanation": text[0].upper() + text[1:]}


def contradictions(claims: list[Claim], first: int = 0) -> list[dict[str, Any]]:
    """Where the text disagrees with itself: level order, level definitions, an average
    outside its own range, one figure for different things.

    A statement made again (the same figure, said of the same subject) is one
    statement: a contradiction is named once, by the first claims that make it, and
    says where it is made again, counting claims from ``first`` (the JSON's ids from 0,
    as the CLI's table; the page counts from 1). Every copy of a repeated paragraph against every
    other had given 8,400 contradictions for a text of 21 copies.

    Example:
        >>> from paygrade.claims import extract_claims
        >>> text = "Senior engineers earn $120,000. Junior engineers earn $150,000."
        >>> [c["kind"] for c in contradictions(extract_claims(text))]
        ['level_order']
        >>> twice = contradictions(extract_claims(f"{text} {text}"))
        >>> [c["explanation"].split(". ")[-1] for c in twice]
        ['Said again in claims 2 and 3.']
        >>> contradictions(extract_claims(f"{text} {text}"), first=1)[0]["explanation"][-29:]
        'Said again in claims 3 and 4.'
    """
    copies = _copies(claims)
    distinct = [claim for claim in claims if claim.id in copies]
    found = [
        *_level_order(distinct),
        *_level_definitions(distinct),
        *_average_outside(distinct),
        *_same_figure(distinct),
    ]
    for item in found:
        again = sorted(i for claim_id in item["claims"] for i in copies[claim_id])
        if again:  # the claims counted from ``first``: the JSON's ids, or the page's numbers
            item["explanation"] += f" Said again in {_claim_ids([i + first for i in again])}."
    return found


def _copies(claims: list[Claim]) -> dict[int, list[int]]:
    """Per claim first making its statement (all it says, wherever it stands), the ids of
    the later claims that make it again.

    Example:
        >>> from paygrade.claims import extract_claims
        >>> _copies(extract_claims("Google pays $1M. Apple pays $2M. Google pays $1M."))
        {0: [2], 1: []}
    """
    first: dict[str, int] = {}
    copies: dict[int, list[int]] = {}
    for claim in claims:
        statement = repr(replace(claim, id=0, start=0, end=0))
        if statement in first:
            copies[first[statement]].append(claim.id)
        else:
            first[statement] = claim.id
            copies[claim.id] = []
    return copies


def _claim_ids(ids: list[int], shown: int = 5) -> str:
    """
    Example:
        >>> _claim_ids([4]), _claim_ids([4, 9]), _claim_ids(list(range(10, 18)))
        ('claim 4', 'claims 4 and 9', 'claims 10, 11, 12, 13, 14 and 3 more')
    """
    if len(ids) == 1:
        return f"claim {ids[0]}"
    if len(ids) <= shown:
        return "claims " + ", ".join(map(str, ids[:-1])) + f" and {ids[-1]}"
    return "claims " + ", ".join(map(str, ids[:shown])) + f" and {len(ids) - shown} more"
