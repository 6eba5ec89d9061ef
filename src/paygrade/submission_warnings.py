"""What the admin is told of a pending submission before approving it.

Nothing here refuses a submission (people can be right: an entry-level title after a
career change, a company the data has never seen); each warning only says what the
data's own rules make of it, so that an approval is not made blind:

* the plausibility flags its records would get (``rules/plausibility.csv``): 15,000 a
  year in the US, a monthly figure typed as yearly, had been stored flagged unsaid;
* an identical submission queued or approved before it ("same as #7"): the same
  submission sent twice was approved twice and counted as two people. Approved anyway,
  its records keep ``dup_rank`` 1: that marks copies within one file (the schema's
  contract, docs/methodology.md), and two people may report the same pay; the admin,
  told, decides (reject, or withdraw after);
* pay below (or above) every public record of its level, country and pay component:
  16,000 for a senior in the US, a monthly figure, passes the floor above;
* a level the years of experience set two levels apart (``level_apart_from_years``);
* a company no public record holds, spelt near one that some do ("did you mean Google?"),
  which would be stored as a company of its own.

Example:
    >>> level_warnings({"level": "entry", "years_experience": 25.0})
    ["level entry with 25 years of experience: 25 years is senior level by the data's bands"]
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import fields
from typing import Any, Final

from paygrade.filters import KnownValues, resolve
from paygrade.fx import rate_of
from paygrade.normalize.canonical import level_apart_from_years, level_from_years
from paygrade.normalize.plausibility import flags
from paygrade.normalize.submission import Submission
from paygrade.records import PRIVATE_SQL, UNFLAGGED_SQL
from paygrade.store import Store, first_row

# The fewest public records of a level, country and pay component that a submission's
# pay is said to be past all of: fewer are no range of that pay.
MIN_PEERS: Final = 100
# The submitted fields of a queue's row (the rest is the queue's own: id, status, ...).
SUBMITTED: Final = tuple(field.name for field in fields(Submission))


def warned(rows: list[dict[str, Any]], store: Store | None) -> list[dict[str, Any]]:
    """``rows`` of the queue (oldest first) with ``warnings``: for a pending one, what the
    admin should know before approving it (a list, empty when nothing); None for one
    decided. Without ``store`` (none yet) what needs the data is left unsaid.

    Example:
        >>> row = {"id": 1, "status": "pending", "title": "ML Engineer", "year": 2024,
        ...        "base": 150000.0, "country": "US"}
        >>> [r["warnings"] for r in warned([row, {**row, "id": 2}], None)]
        [[], ['same as #1']]
    """
    known = KnownValues(store) if store is not None else None
    first: dict[str, int] = {}  # the submitted fields, as JSON -> the first id with them
    listed = []
    for row in rows:
        submitted = {name: row.get(name) for name in SUBMITTED}
        key = json.dumps(submitted, sort_keys=True)
        said = None
        if row["status"] == "pending":
            same = [f"same as #{first[key]}"] if key in first else []
            said = same + warnings(submitted, store, known)
        if row["status"] != "rejected":  # a rejected one is no count to double
            first.setdefault(key, row["id"])
        listed.append({**row, "warnings": said})
    return listed


def warnings(
    submitted: Mapping[str, Any], store: Store | None, known: KnownValues | None = None
) -> list[str]:
    """What the data's rules say of one submission's fields (``warned`` adds duplicates)."""
    flagged = flag_warnings(submitted, store)
    said = flagged + level_warnings(submitted)
    if store is not None:
        # Pay flagged already is not said twice (15,000 is below all its peers too).
        said += [] if flagged else peer_warnings(submitted, store)
        said += company_warnings(submitted, known or KnownValues(store))
    return said


def flag_warnings(submitted: Mapping[str, Any], store: Store | None) -> list[str]:
    """The plausibility flags its base and total records would get, one line a flag.

    Example:
        >>> flag_warnings({"title": "ML Engineer", "year": 2024, "base": 15000.0,
        ...                "country": "US", "level": "senior"}, None)  # doctest: +ELLIPSIS
        ['would be flagged below_us_minimum_wage (base 15,000 USD, total 15,000 USD): ...']
    """
    found: dict[tuple[str, str], list[str]] = {}  # (flag, the rule's why) -> amounts
    for record in _records_in_usd(submitted, store):
        for rule in flags():
            if rule.applies(record):
                amount = f"{record['pay_component']} {record['amount_usd']:,.0f} USD"
                found.setdefault((rule.flag, rule.why), []).append(amount)
    return [
        f"would be flagged {flag} ({', '.join(dict.fromkeys(amounts))}): {why}"
        for (flag, why), amounts in found.items()
    ]


def _records_in_usd(submitted: Mapping[str, Any], store: Store | None) -> list[dict[str, Any]]:
    """Its records as the plausibility rules read them: in USD at the year's rate (none
    where no rate is known), the level given, else the one its years give, as ingest
    reads them (the title's words aside)."""
    submission = Submission(**submitted)
    rate = 1.0
    if submission.currency != "USD":
        found = rate_of(store, submission.currency, submission.year) if store else None
        if found is None:
            return []
        rate = found
    level = submission.level
    if level is None and submission.years_experience is not None:
        level = level_from_years(submission.years_experience)
    return [
        {**record, "level": level, "employment_type": None, "amount_usd": record["amount"] * rate}
        for record in submission.records()
    ]


def peer_warnings(submitted: Mapping[str, Any], store: Store) -> list[str]:
    """A record below (or above) every public, unflagged record of its level, country and
    pay component, where at least ``MIN_PEERS`` are: 16,000 a year for a senior in the
    US, a monthly figure typed as yearly, passes the plausibility floor ($15,080) yet is
    below all 26,092 such base salaries (the lowest 38,438)."""
    said = []
    for record in _records_in_usd(submitted, store):
        if record["level"] is None:
            continue
        n, low, high = _peers(store, record)
        amount = record["amount_usd"]
        if n < MIN_PEERS or low <= amount <= high:
            continue
        below = amount < low
        edge = f"the lowest {low:,.0f} USD" if below else f"the highest {high:,.0f} USD"
        said.append(
            f"{record['pay_component']} {amount:,.0f} USD is {'below' if below else 'above'} "
            f"all {n:,} {record['level']} {record['pay_component']} records of "
            f"{record['country']} ({edge}): "
            + ("a monthly figure, or a typo?" if below else "a typo?")
        )
    return said


def _peers(store: Store, record: Mapping[str, Any]) -> tuple[int, float, float]:
    """How many public, unflagged records share the record's level, country and pay
    component, and the least and most they are paid (USD). Submissions are left out: a
    group's lowest is never one person's submitted pay."""
    found = first_row(
        store.con,
        f"SELECT count(*), min(amount_usd), max(amount_usd) FROM records WHERE "
        f"level = ? AND country = ? AND pay_component = ? AND {UNFLAGGED_SQL} "
        f"AND source NOT IN {PRIVATE_SQL}",
        [record["level"], record["country"], record["pay_component"]],
    )
    return (0, 0.0, 0.0) if found is None or not found[0] else found


def level_warnings(submitted: Mapping[str, Any]) -> list[str]:
    """A level two or more levels from the one the years of experience give."""
    level, years = submitted.get("level"), submitted.get("years_experience")
    if level is None or years is None:
        return []
    by_years = level_apart_from_years(str(level), float(years))
    if by_years is None:
        return []
    count = f"{float(years):g} year{'' if years == 1 else 's'}"
    return [
        f"level {level} with {count} of experience: {count} is {by_years} level by the data's bands"
    ]


def company_warnings(submitted: Mapping[str, Any], known: KnownValues) -> list[str]:
    """A company no public record holds, where one some do is spelt near it ("Gogle"):
    approved, it is stored as a company of its own. One no record is near is not said: a
    company new to the data is no mistake."""
    company = submitted.get("company")
    if not company:
        return []
    _, unmatched = resolve({"company": [company]}, known)
    near = [str(value) for miss in unmatched for value in miss.suggestions]
    if not near:
        return []
    return [f"company {company} not held; did you mean {' or '.join(near)}?"]


def approved_warnings(store: Store, ingest_id: int | None) -> list[str]:
    """The plausibility flags an approval's records got, one line a record flagged: they
    are left out of statistics unless --include-flagged, which the admin is told."""
    if ingest_id is None:
        return []
    rows = store.con.execute(
        "SELECT pay_component, amount_usd, flags FROM records "
        "WHERE ingest_id = ? AND len(flags) > 0 ORDER BY pay_component",
        [ingest_id],
    ).fetchall()
    return [
        f"{component} record ({amount:,.0f} USD) flagged {', '.join(flagged)}: left out of "
        "statistics unless --include-flagged"
        for component, amount, flagged in rows
    ]
