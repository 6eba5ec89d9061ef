"""What routes depend on: settings, the published store, the cache, the parsed filters."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Query, Request

from paygrade.config import Settings
from paygrade.filters import KnownValues, parse_where
from paygrade.store.snapshot import PublishedStore, Reader
from paygrade.web.cache import AnswerCache


def settings(request: Request) -> Settings:
    value: Settings = request.app.state.settings
    return value


def reader(request: Request) -> Iterator[Reader]:
    published: PublishedStore = request.app.state.published
    current = published.reader()
    try:
        yield current
    finally:
        current.store.con.close()  # the cursor; the connection stays for the next request


def cache(request: Request) -> AnswerCache:
    value: AnswerCache = request.app.state.cache
    return value


SettingsDep = Annotated[Settings, Depends(settings)]
ReaderDep = Annotated[Reader, Depends(reader)]
CacheDep = Annotated[AnswerCache, Depends(cache)]
WhereParam = Annotated[
    list[str],
    Query(
        description="FIELD:V1[,V2...]; repeat to AND. Values are read like CSV: "
        'where=metro:"San Jose-Sunnyvale-Santa Clara, CA"',
        max_length=40,
    ),
]
ByParam = Annotated[
    str, Query(description="Field(s) to group by: level or metro,level", max_length=200)
]


def where_of(current: Reader, clauses: list[str]) -> dict[str, list[Any]]:
    """The API's ``where=FIELD:V1,V2`` clauses, parsed exactly like the CLI's ``--where``.

    The distinct values each field holds are loaded once per data version, not per
    request (a scan of the records each time was most of a cached answer's cost).
    """
    known = current.memo.setdefault("known_values", {})
    return parse_where(clauses, KnownValues(current.store, known), sep=":")


def fields_of(by: str) -> list[str]:
    """``"metro,level"`` -> ``["metro", "level"]``."""
    return [name.strip() for name in by.split(",") if name.strip()]
