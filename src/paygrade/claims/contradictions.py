"""Contradictions inside one text: level order, level definitions, an average outside its
own range, one figure for different things."""

from __future__ import annotations

from typing import Any

from paygrade.claims.extract import CENTRAL, Claim
from paygrade.records import LEVELS


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
        >>> from paygrade.claims import extract_claims
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
