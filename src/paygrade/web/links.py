"""URLs of pages and charts, written the way ``where_of`` reads them back.

A figure's question is ``(by, where)``; these functions turn it into the
query string of the page, chart image or records listing that answers it,
with values quoted like CSV so that commas in metro and company names survive.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote, urlencode

Where = Mapping[str, Sequence[Any]]


def values_text(values: Sequence[Any]) -> str:
    """Values as one CSV line, quoted only where needed.

    Example:
        >>> values_text(["San Jose-Sunnyvale-Santa Clara, CA", "Boston"])
        '"San Jose-Sunnyvale-Santa Clara, CA",Boston'
        >>> values_text([2024])
        '2024'
    """
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([str(v) for v in values])
    return buffer.getvalue()


def clauses(where: Where) -> list[str]:
    """A filter as ``where=FIELD:V1,V2`` clause texts (one per field).

    Example:
        >>> clauses({"role": ["ml_engineer"], "metro": ["Seattle-Tacoma-Bellevue, WA"]})
        ['role:ml_engineer', 'metro:"Seattle-Tacoma-Bellevue, WA"']
    """
    return [f"{name}:{values_text(values)}" for name, values in where.items() if values]


def query(by: Sequence[str] = (), where: Where | None = None, **extra: Any) -> str:
    """The query string of a question: ``by``, the ``where`` clauses, then other parameters
    (``None`` ones left out).

    Example:
        >>> query(["level"], {"role": ["ml_engineer"]}, page=2)
        'by=level&where=role%3Aml_engineer&page=2'
    """
    pairs: list[tuple[str, Any]] = [("by", ",".join(by))] if by else []
    pairs += [("where", clause) for clause in clauses(where or {})]
    pairs += [(name, value) for name, value in extra.items() if value is not None]
    return urlencode(pairs)


def explore_url(by: Sequence[str], where: Where | None = None) -> str:
    """The Explore page that answers ``(by, where)``.

    Example:
        >>> explore_url(["level"], {"role": ["ml_engineer"]})
        '/explore?by=level&where=role%3Aml_engineer'
    """
    return f"/explore?{query(by, where)}"


def records_url(
    where: Where,
    page: int | None = None,
    *,
    include_flagged: bool = False,
    distinct_rows: bool = False,
    per_page: int | None = None,
) -> str:
    """The records behind a cell (its filters); ``include_flagged``: flagged ones
    too, as a figure that counts them does; ``distinct_rows``: identical rows
    of a file once, as a figure that counts them once does.

    Example:
        >>> records_url({"company": ["Google"], "level": ["senior"]})
        '/records?where=company%3AGoogle&where=level%3Asenior'
        >>> records_url({"company": ["Google"]}, include_flagged=True, distinct_rows=True)
        '/records?where=company%3AGoogle&distinct_rows=true&include_flagged=true'
    """
    options = {
        "distinct_rows": "true" if distinct_rows else None,
        "include_flagged": "true" if include_flagged else None,
    }
    return f"/records?{query((), where, page=page, per_page=per_page, **options)}"


def cell_where(where: Where, key: Mapping[str, Any]) -> dict[str, list[Any]] | None:
    """The filters of one group: the question's filters narrowed to the group's key, or None
    when a key is unknown (no filter selects a missing value).

    Example:
        >>> cell_where({"role": ["ml_engineer"]}, {"level": "senior"})
        {'role': ['ml_engineer'], 'level': ['senior']}
        >>> cell_where({}, {"level": None}) is None
        True
    """
    if any(value is None for value in key.values()):
        return None
    return {**{k: list(v) for k, v in where.items()}, **{k: [v] for k, v in key.items()}}


def company_url(name: str) -> str:
    """Example:
    >>> company_url("AT&T / Mobility")
    '/companies/AT%26T%20%2F%20Mobility'
    """
    return f"/companies/{quote(name, safe='')}"


def location_url(metro: str, role: str | None = None) -> str:
    """Example:
    >>> location_url("Boston-Cambridge-Newton, MA-NH", "ml_engineer")
    '/locations/Boston-Cambridge-Newton%2C%20MA-NH?role=ml_engineer'
    """
    path = f"/locations/{quote(metro, safe='')}"
    return f"{path}?{urlencode({'role': role})}" if role else path
