"""The report's management-track table: like for like, US total pay only.

The ``manager`` role is every manager of engineering, data, ML or software work, in any
source. Set beside ML engineers whole it compared aijobs' worldwide managers plus Stack
Overflow developers who manage people (rows naming no country) with ML engineers, and
read as "ML management pays less". So every row here is a US total-pay record, and the
managers of ML work (their title names it: ``ML_TITLE``) have their own row; managers of
any field stay a row of their own, their commonest titles named.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from paygrade.filters import KnownValues
from paygrade.records import LEVELS
from paygrade.stats import stats
from paygrade.store import Store

CAPTION = "Management track vs. individual contributors"
# A manager's title that says the work managed is machine learning or AI.
ML_TITLE = re.compile(r"machine learning|\bML\b|\bAI\b|artificial intelligence", re.IGNORECASE)
LIKE = {"pay_component": ["total"], "country": ["US"]}
TITLES_NAMED = 3
# The individual contributors' levels: executive-level ML engineers had been counted as
# individual contributors (78 of them, beside the managers).
CONTRIBUTOR_LEVELS = [level for level in LEVELS if level != "executive"]


def manager_titles(store: Store) -> dict[str, int]:
    """US managers' titles (total pay) and their counts, most records first.

    Example:
        >>> list(manager_titles(store))[:2]  # doctest: +SKIP
        ['Manager', 'Data Manager']
    """
    groups = stats(store, ["title"], {"role": ["manager"], **LIKE})["groups"]
    return {g["key"]["title"]: g["n"] for g in sorted(groups, key=lambda g: -g["n"])}


def ml_titles(titles: dict[str, int]) -> list[str]:
    """The titles that name machine learning or AI as the work managed.

    Example:
        >>> ml_titles({"Manager": 9, "Head of AI": 2, "Machine Learning Manager": 1})
        ['Head of AI', 'Machine Learning Manager']
    """
    return [title for title in titles if ML_TITLE.search(title)]


def management_table(store: Store, row: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    """ML engineers, managers of ML work and managers of any field, each US total pay.

    ``row`` turns a ``stats`` group into a report row (the report's ``_row``).

    Example:
        >>> [r["group"] for r in management_table(store, _row)["rows"]][:1]  # doctest: +SKIP
        ['ML engineers (individual contributors), US']
    """
    titles = manager_titles(store)
    ml = ml_titles(titles)
    asked = [
        ("ML engineers (individual contributors), US", contributors(store)),
        (f"managers of ML or AI work, US (titles: {', '.join(ml) or 'none'})",
         {"role": ["manager"], "title": ml}),
        (f"managers, any field, US{commonest(titles)}", {"role": ["manager"]}),
    ]  # fmt: skip
    rows: list[dict[str, Any]] = []
    results: list[dict[str, Any] | None] = []
    for label, where in asked:
        # No title names ML work, or the store holds no contributor level: n = 0, said so.
        named = where is not None and where.get("title", True) != []
        result = stats(store, [], {**where, **LIKE}) if where is not None and named else None
        results.append(result)
        group = result["groups"][0] if result and result["groups"] else None
        rows.append(
            {"group": label, "key": {}, "n": 0, "suppressed": True}
            if group is None
            else row(group, []) | {"group": label}
        )
    behind = _counted_once(results)
    return {"caption": CAPTION, "by": ["role"], "where": LIKE, "rows": rows,
            "sources": _per_source(behind), "pay_components": ["total"],
            "value": "amount_usd",
            "notes": contributors_left_out(store, rows[0]["n"]) + part_said(rows[1]),
            "flagged_excluded": sum(r["flagged_excluded"] for r in behind)}  # fmt: skip


def contributors(store: Store) -> dict[str, list[Any]] | None:
    """The individual contributors' filter: ML engineers of the levels below executive the
    store holds (``stats`` refuses a level no record holds); None when it holds none."""
    return KnownValues(store).held({"role": ["ml_engineer"], "level": CONTRIBUTOR_LEVELS})


def contributors_left_out(store: Store, counted: int) -> list[str]:
    """The ML engineer records the individual contributors' row leaves out: executives, and
    those of no level (which cannot be told to be individual contributors)."""
    groups = stats(store, [], {"role": ["ml_engineer"], **LIKE})["groups"]
    left = (groups[0]["n"] if groups else 0) - counted
    if left <= 0:
        return []
    return [
        f"the individual contributors' row leaves out {left:,} ML engineer record"
        f"{'' if left == 1 else 's'} of executive level or of none"
    ]


def part_said(ml_managers: dict[str, Any]) -> list[str]:
    """That the ML or AI managers' row is a part of the any-field managers' row, when it
    holds records: the two had stood one under the other (53 and 3,084) as if apart.

    Example:
        >>> part_said({"n": 53})[0][:60]
        "the any-field managers' row includes the ML or AI managers' "
        >>> part_said({"n": 0})
        []
    """
    if not ml_managers.get("n"):
        return []
    return [
        "the any-field managers' row includes the ML or AI managers' records, not more beside them"
    ]


def commonest(titles: dict[str, int]) -> str:
    """The managers' commonest titles with their counts, said in a row's label; "..." only
    when more are held, and nothing when none is ("titles: , ..." had been printed).

    Example:
        >>> commonest({"Manager": 2_000, "Data Manager": 12}), commonest({})
        (' (titles: Manager 2,000, Data Manager 12)', '')
        >>> commonest(dict.fromkeys("abcd", 1))
        ' (titles: a 1, b 1, c 1, ...)'
    """
    named = [f"{title} {n:,}" for title, n in list(titles.items())[:TITLES_NAMED]]
    more = ", ..." if len(titles) > TITLES_NAMED else ""
    return f" (titles: {', '.join(named)}{more})" if named else ""


def _counted_once(results: list[dict[str, Any] | None]) -> list[dict[str, Any]]:
    """The answers behind the table, each record once: ML engineers plus all managers (the
    ML managers' row is a part of the managers', not more records).

    Example:
        >>> _counted_once([None, {"n": 2}, {"n": 9}])
        [{'n': 9}]
    """
    return [result for result in (results[0], results[-1]) if result is not None]


def _per_source(results: list[dict[str, Any]]) -> dict[str, int]:
    counted: dict[str, int] = {}
    for result in results:
        for source, n in result["sources"].items():
            counted[source] = counted.get(source, 0) + n
    return counted


def limit_said(sources: dict[str, int], stack_overflow: bool) -> str:
    """What the management table can and cannot say, of the sources behind it
    (``stack_overflow``: whether the store holds that survey, whose rows it leaves out).

    Example:
        >>> limit_said({"aijobs": 10}, False)[:60]
        'Management track: US total pay from aijobs only. Only a mana'
        >>> limit_said({}, True)
        'Management track: US total pay (Stack Overflow rows name no country): no record held.'
    """
    whose = f" from {', '.join(sources)} only" if sources else ""
    aside = " (Stack Overflow rows name no country)" if stack_overflow else ""
    said = f"Management track: US total pay{whose}{aside}"
    if not sources:
        return said + ": no record held."
    return said + (
        ". Only a manager's title can say what work is managed, and few do: the ML or AI "
        "managers' row is the titles naming it; the any-field row is every US manager, "
        "whatever the title, so its gap from ML engineers is not the pay of managing ML work."
    )
