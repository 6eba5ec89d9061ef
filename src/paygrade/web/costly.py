"""Which questions are costly, told from the request's address alone, before any work.

What a stats question costs is the number of groups it counts, and every group is counted
before ``limit`` chooses those shown. Measured on the real store (220,738 records; two
cores; one question at a time, the answer cache off): grouping by title (34,423 values),
company (26,997) or city (2,019) took 1.0-3.3 s (``by=company&limit=20`` 3.3 s), by two of
them 5-7.7 s, and the explore page's table of title by company 16 s; grouping by any other
fields, six at once included, took 0.54 s at most, most questions 0.06-0.3 s. A filter on
a company, title, city, metro or state leaves few records: grouped by company then,
0.08-0.15 s. Other filters may leave most (``where=country:US``: 2.5 s).
"""

from __future__ import annotations

from starlette.datastructures import QueryParams

from paygrade.filters import COMPARISON

# The routes that take a stats question's parameters (``by``, ``where``, ...).
STATS_ROUTES = frozenset({"/api/v1/stats", "/api/v1/stats.csv", "/charts/stats.svg", "/explore"})
# Fields of thousands of values: a question grouped by one of them is costly...
MANY_VALUED = frozenset({"title", "company", "city"})
# ...unless a filter on one of these (one value or a list of them) leaves few records.
NARROWING = frozenset({"company", "title", "city", "metro", "state"})


def is_costly(path: str, query: bytes | str) -> bool:
    """Whether a request to ``path`` with ``query`` (its query string) asks a costly question.

    Example:
        >>> is_costly("/api/v1/stats", "by=title,company&limit=10")
        True
        >>> is_costly("/charts/stats.svg", b"by=company&where=metro:Boston")
        False
        >>> is_costly("/api/v1/stats", "by=metro,level,year"), is_costly("/", "by=company")
        (False, False)
    """
    if path not in STATS_ROUTES:
        return False
    params = QueryParams(query)
    if "then_by" in params:  # the explore form sent: only redirected to its question
        return False
    grouped = {name.strip() for by in params.getlist("by") for name in by.split(",")}
    return bool(grouped & MANY_VALUED) and not narrowed(params.getlist("where"))


def narrowed(clauses: list[str]) -> bool:
    """Whether a ``where`` clause names values of a field that leaves few records; a
    comparison (``year>=2024``) does not (``company!=Google`` leaves most).

    Example:
        >>> narrowed(["year:2024", "metro:Seattle-Tacoma-Bellevue, WA"]), narrowed(["year:2024"])
        (True, False)
    """
    return any(
        COMPARISON.match(clause) is None and clause.partition(":")[0].strip() in NARROWING
        for clause in clauses
    )
