"""Closed vocabularies: canonical values and the aliases sources use for them.

Aliases live in ``rules/vocab_aliases.csv`` (reviewed data). An alias with an
empty value is a known answer that means "unknown" (e.g. "I don't know"); a
value that is neither canonical nor a known alias is an error, so a new answer
in a source is quarantined with a reason instead of silently becoming null.
"""

from __future__ import annotations

from functools import cache

from paygrade.normalize.rule_tables import read_rules
from paygrade.records import REMOTE_RATIOS, VOCABULARIES

PAY_PERIODS: dict[str, int] = {"year": 1, "month": 12, "biweekly": 26, "week": 52, "hour": 2080}

# Fields whose values are checked against a closed list, with the list.
CHECKED: dict[str, tuple[str, ...]] = {
    **VOCABULARIES,
    "remote": tuple(str(r) for r in REMOTE_RATIOS),
    "pay_period": tuple(PAY_PERIODS),
}


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


@cache
def aliases() -> dict[str, dict[str, str | None]]:
    """field -> normalized alias -> canonical value (None: a known 'unknown')."""
    table: dict[str, dict[str, str | None]] = {field: {} for field in CHECKED}
    for row in read_rules("vocab_aliases.csv"):
        table[row["field"]][_key(row["alias"])] = row["value"] or None
    for field, values in CHECKED.items():
        for value in values:
            # As people write them too: "ML engineer", "some-college".
            for written in (value, value.replace("_", " "), value.replace("_", "-")):
                table[field][_key(written)] = value
    return table


@cache
def held_under() -> dict[tuple[str, str], tuple[str, str]]:
    """(field, value) -> (the value a source files it under, why): see
    ``rules/vocab_held_under.csv``.

    Example:
        >>> held_under()[("education", "doctorate")][0]
        'professional'
    """
    return {
        (row["field"], row["value"]): (row["held_under"], row["why"])
        for row in read_rules("vocab_held_under.csv")
    }


def canonical_value(field: str, raw: str | None) -> tuple[str | None, str | None]:
    """(canonical value, None) or (None, reason). Blank input is simply unknown.

    Example:
        >>> canonical_value("level", "SE"), canonical_value("role", "ML Engineer")
        (('senior', None), ('ml_engineer', None))
        >>> canonical_value("level", "wizard")[1]
        "bad level: 'wizard' is not one of entry, mid, senior, staff, principal, executive"
    """
    if raw is None or not raw.strip():
        return None, None
    table = aliases()[field]
    key = _key(raw)
    if key in table:
        return table[key], None
    if field == "remote":
        try:
            number = float(raw)
            if number.is_integer() and int(number) in REMOTE_RATIOS:
                return str(int(number)), None
        except ValueError:
            pass
    shown = raw if len(raw) <= 60 else raw[:57] + "..."
    return None, f"bad {field}: {shown!r} is not one of {', '.join(CHECKED[field])}"
