"""A figure: one ``stats`` question with its answer, its table rows and its links.

Home, Explore and company pages are made of figures. A figure holds the
library's result as is (``summary`` and ``groups`` are the stats JSON, each
group with a ``label`` and the link to its records added), the chart image
that draws it, and the Explore view and records that produced it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from paygrade.charts import group_label, result_pay_label, years_span
from paygrade.formats import mixes_pay
from paygrade.store.snapshot import Reader
from paygrade.web import links
from paygrade.web.answers import StatsQuery, frozen, stats_answer, warned_stats_answer
from paygrade.web.cache import AnswerCache

PHONE_WIDTH = 230  # plot pixels of the chart a phone gets (labels and margins come on top)
# A records link longer than this lists no metros (some proxies and browsers refuse long
# addresses; every metro with a price parity is some 9,000 characters).
MAX_RECORDS_LINK = 2_000


def question(
    by: tuple[str, ...], where: dict[str, list[Any]], *, limit: int | None = None
) -> StatsQuery:
    """A stats question written in code (a page's fixed figure), as the request parser makes it.

    Example:
        >>> question(("level",), {"role": ["ml_engineer"]}).filters
        {'role': ['ml_engineer']}
    """
    return StatsQuery(by=by, where=frozen(where), limit=limit)


def query_of(asked: StatsQuery, where: dict[str, list[Any]] | None = None, **extra: Any) -> str:
    """The query string that asks ``asked`` again (its options included).

    Example:
        >>> query_of(StatsQuery(by=("level",), real=True, limit=10))
        'by=level&real=true&limit=10'
    """
    options = {
        "distinct_rows": "true" if asked.distinct_rows else None,
        "real": "true" if asked.real else None,
        "include_flagged": "true" if asked.include_flagged else None,
        "local_prices": "true" if asked.local_prices else None,
        "min_n": asked.min_n if asked.min_n != 1 else None,
        "limit": asked.limit,
    }
    return links.query(asked.by, asked.filters if where is None else where, **options, **extra)


def records_where(
    current: Reader, cache: AnswerCache, asked: StatsQuery, result: dict[str, Any]
) -> tuple[dict[str, list[Any]], bool]:
    """The filters of the records a figure summarizes, and whether they say all of it. At
    US-average prices it summarizes only the metros with a BEA price parity: the same
    question by metro names them, listed unless the link would be too long (then the
    filters are the question's, and False says the link lists other metros too).

    Example:
        >>> records_where(current, cache, question(("level",), {}), result)  # doctest: +SKIP
        ({}, True)
    """
    where: dict[str, list[Any]] = result["where"]
    if not asked.local_prices or not result["groups"]:
        return where, True
    by_metro = replace(asked, by=("metro",), min_n=1, limit=None)
    metros = [g["key"]["metro"] for g in stats_answer(current, cache, by_metro)["groups"]]
    priced = {**where, "metro": metros}
    if len(links.records_url(priced)) > MAX_RECORDS_LINK:
        return where, False
    return priced, True


def records_url(asked: StatsQuery, where: dict[str, list[Any]]) -> str:
    """The records a figure counts: those matching ``where``, flagged ones too where it
    counts them, identical rows of a file once where it counts them once (its n is the
    listing's total).

    Example:
        >>> records_url(StatsQuery(distinct_rows=True), {"company": ["Meta"]})
        '/records?where=company%3AMeta&distinct_rows=true'
    """
    return links.records_url(
        where, include_flagged=asked.include_flagged, distinct_rows=asked.distinct_rows
    )


def _rows(
    result: dict[str, Any], where: dict[str, list[Any]], asked: StatsQuery
) -> list[dict[str, Any]]:
    rows = []
    for group in result["groups"]:
        cell = links.cell_where(where, group["key"])
        rows.append(
            {
                **group,
                "label": group_label(group["key"]),
                "records_url": records_url(asked, cell) if cell else None,
            }
        )
    return rows


def _links(asked: StatsQuery, where: dict[str, list[Any]]) -> dict[str, str]:
    asked_again = query_of(asked)
    return {
        "explore": f"/explore?{asked_again}",
        "records": records_url(asked, where),
        "chart": f"/charts/stats.svg?{asked_again}",
        "chart_narrow": f"/charts/stats.svg?{query_of(asked, width=PHONE_WIDTH)}",
        "csv": f"/api/v1/stats.csv?{asked_again}",
        "json": f"/api/v1/stats?{asked_again}",
    }


def figure(
    current: Reader,
    cache: AnswerCache,
    asked: StatsQuery,
    *,
    title: str,
    caption: str = "",
    figure_id: str = "figure",
    result: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The figure answering ``asked``: result, table rows, chart and links.

    ``result`` is the answer when the caller has it already (from a call that
    asked the same question, such as ``company_profile``); the chart and the
    links ask ``asked`` again, so the two must be the same question.

    Example:
        >>> figure(current, cache, question(("level",), {"role": ["ml_engineer"]}),
        ...        title="ML engineers")["links"]["explore"]  # doctest: +SKIP
        '/explore?by=level&where=role%3Aml_engineer'
    """
    if result is None:
        result = stats_answer(current, cache, asked)
    summary = {name: value for name, value in result.items() if name != "groups"}
    # What the answer's keys cannot carry (records real dollars leave out), said as notes.
    summary["warnings"] = warned_stats_answer(current, cache, asked)[1]
    # Said per group, as the CLI says it: an answer by pay component holds both, no row does.
    summary["mixes_pay"] = mixes_pay(result)
    pay = result_pay_label(result)
    years = years_span(y for g in result["groups"] for y in g["years"])
    where, whole = records_where(current, cache, asked, result)
    return {
        "id": figure_id,
        "title": title,
        "caption": caption,
        "pay": pay,
        "years": years,
        "chart_alt": f"Percentile chart: {title}. {pay}; years {years}. The table has the numbers.",
        "summary": summary,
        # A figure counting flagged records, or identical rows once, links to a listing
        # asked the same way.
        "groups": _rows(result, where, asked),
        "links": _links(asked, where),
        # False: the records links list metros without a price parity too (too many to name).
        "records_as_shown": whole,
        # A row's link lists what its n counts even so when the rows are metros (each its
        # own metro's): the column had said "every metro's" over New York's 5,049 of 5,049.
        "rows_as_shown": whole or "metro" in asked.by,
    }
