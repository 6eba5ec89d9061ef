"""GET /sources: every loaded file with licence, hash and row counts, and the methodology."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from paygrade.engines import QUANTILES
from paygrade.evidence import PRIVATE_SOURCES, licence_urls
from paygrade.quality import loaded_sources
from paygrade.stats import CONFIDENCE, MIN_N, MIN_N_TAILS, reference_year
from paygrade.store.snapshot import Reader
from paygrade.web.deps import ReaderDep
from paygrade.web.render import respond

router = APIRouter()


def methodology(current: Reader) -> dict[str, Any]:
    """The numbers the methodology section states, read from the code that applies them.

    Example:
        >>> methodology(current)["min_n"]  # doctest: +SKIP
        5
    """
    return {
        "percentiles": list(QUANTILES),
        "min_n": MIN_N,
        "min_n_tails": MIN_N_TAILS,
        "confidence": CONFIDENCE,
        "reference_year": reference_year(current.store),
        "private_sources": list(PRIVATE_SOURCES),
    }


def sources_page(current: Reader) -> dict[str, Any]:
    """The sources page's data: the loaded files (with licence links) and the methodology.

    Example:
        >>> sources_page(current)["files"][0]["rows_flagged"]  # doctest: +SKIP
    """
    urls = licence_urls()
    files = [{**f, "licence_url": urls.get(f["licence"])} for f in loaded_sources(current.store)]
    return {
        "title": "Sources and methodology",
        "data_version": current.version,
        "files": files,
        "methodology": methodology(current),
    }


@router.get("/sources", include_in_schema=False)
def sources(request: Request, current: ReaderDep) -> Response:
    """Loaded files and the methodology."""
    return respond(request, "sources.html", sources_page(current))
