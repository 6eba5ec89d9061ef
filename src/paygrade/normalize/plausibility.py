"""Plausibility flags: reviewed bounds by country, currency, employment type, level and pay.

A flagged record is kept and shown (``paygrade quality``) but left out of
statistics by default: an entry-level analyst at $774,000 or a full-time US
developer at $2,000 is far more likely a typo or a mis-coded level than a
person's pay. The rules are data (``rules/plausibility.csv``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from paygrade.normalize.rule_tables import read_rules

CONDITIONS = ("country", "currency", "employment_type", "level", "pay_component")


@dataclass(frozen=True)
class Flag:
    """One row of the plausibility table."""

    flag: str
    conditions: dict[str, str]  # field -> "value|value", "?" (unknown) or "*" (any)
    min_usd: float | None
    max_usd: float | None
    why: str

    def applies(self, record: dict[str, object]) -> bool:
        """Whether the record is flagged by this rule.

        Example:
            >>> rule = flags()[0]
            >>> rule.applies({"country": "US", "employment_type": None, "amount_usd": 2000})
            True
            >>> rule.applies({"country": "US", "employment_type": None, "amount_usd": 90000})
            False
        """
        for name, condition in self.conditions.items():
            if condition != "*" and not _accepts(condition, record.get(name)):
                return False
        amount = float(record["amount_usd"])  # type: ignore[arg-type]
        too_low = self.min_usd is not None and amount < self.min_usd
        too_high = self.max_usd is not None and amount > self.max_usd
        return too_low or too_high


def _accepts(condition: str, value: object) -> bool:
    options = condition.split("|")
    return (value is None and "?" in options) or (value is not None and str(value) in options)


def _bound(text: str) -> float | None:
    return float(text) if text.strip() else None


@cache
def flags() -> tuple[Flag, ...]:
    """The plausibility rules in table order."""
    return tuple(
        Flag(
            row["flag"],
            {name: row[name] for name in CONDITIONS},
            _bound(row["min_annual_usd"]),
            _bound(row["max_annual_usd"]),
            row["why"],
        )
        for row in read_rules("plausibility.csv")
    )


def reasons() -> dict[str, str]:
    """flag -> why: every row's wording, in table order, where a flag has several rows.
    The first alone had explained the Stack Overflow extract's 11 flagged answers, which
    have no country, as "full-time US pay below the federal minimum wage".

    Example:
        >>> reasons()["below_us_minimum_wage"]  # doctest: +ELLIPSIS
        'full-time US pay below ... part-time job; the same floor ... with no country ...'
    """
    found: dict[str, list[str]] = {}
    for rule in flags():
        found.setdefault(rule.flag, []).append(rule.why)
    return {flag: "; ".join(dict.fromkeys(whys)) for flag, whys in found.items()}


def _condition_sql(name: str, condition: str, alias: str) -> str | None:
    if condition == "*":
        return None
    options = condition.split("|")
    parts = [f"{alias}.{name} IS NULL"] if "?" in options else []
    values = ", ".join("'" + o.replace("'", "''") + "'" for o in options if o != "?")
    if values:
        parts.append(f"{alias}.{name} IN ({values})")
    return "(" + " OR ".join(parts) + ")"


def flags_sql(alias: str) -> str:
    """A SQL list of the flags a row of ``alias`` earns (distinct, sorted)."""
    cases = []
    for rule in flags():
        tests = [_condition_sql(n, c, alias) for n, c in rule.conditions.items()]
        bounds = []
        if rule.min_usd is not None:
            bounds.append(f"{alias}.amount_usd < {rule.min_usd}")
        if rule.max_usd is not None:
            bounds.append(f"{alias}.amount_usd > {rule.max_usd}")
        where = " AND ".join([*(t for t in tests if t), "(" + " OR ".join(bounds) + ")"])
        cases.append(f"CASE WHEN {where} THEN '{rule.flag}' END")
    earned = f"list_filter([{', '.join(cases)}], lambda f: f IS NOT NULL)"
    return f"list_sort(list_distinct({earned}))"
