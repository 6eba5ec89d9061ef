"""GET /quality: per source, what was kept out and what looks odd (``paygrade quality``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from paygrade.evidence import PRIVATE_SOURCES
from paygrade.quality import TOLD_FROM
from paygrade.store.snapshot import Reader
from paygrade.web.answers import quality_answer
from paygrade.web.cache import AnswerCache
from paygrade.web.deps import CacheDep, ReaderDep
from paygrade.web.render import respond

router = APIRouter()


def quality_page(current: Reader, cache: AnswerCache) -> dict[str, Any]:
    """The page's data: the quality report of the data served (``/api/v1/quality``'s
    ``sources``), with the page's title and the data version.

    Example:
        >>> quality_page(current, cache)["sources"][0]["source"]  # doctest: +SKIP
        'aijobs'
    """
    report = quality_answer(current, cache)
    return {
        "title": "Data quality",
        "data_version": current.version,
        "private_sources": list(PRIVATE_SOURCES),
        "told_from": TOLD_FROM,  # a private source's counts below it are not told
        **report,
    }


@router.get("/quality", include_in_schema=False)
def quality(request: Request, current: ReaderDep, cache: CacheDep) -> Response:
    """Per source: records, quarantined, duplicates, heaping, flagged rows, mix."""
    return respond(request, "quality.html", quality_page(current, cache))
