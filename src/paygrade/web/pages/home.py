"""GET /: ML engineer pay by experience level, and base pay at the leading companies."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from paygrade.filters import KnownValues
from paygrade.records import LEVELS
from paygrade.sources import sources_of
from paygrade.store.snapshot import Reader
from paygrade.web.cache import AnswerCache
from paygrade.web.deps import CacheDep, ReaderDep
from paygrade.web.links import company_url
from paygrade.web.pages.figures import figure, question
from paygrade.web.render import respond

router = APIRouter()
LEADING_COMPANIES = ("Amazon", "Apple", "Google", "Meta", "Microsoft", "Netflix", "Nvidia")
ML_ROLES = ("ml_engineer", "research_scientist", "data_scientist", "data_engineer")
# Each figure counts the sources its caption names, and no other: approved submissions
# (base and total pay, US) had counted in "from H-1B filings" (12 of 1,212 records) and
# "from salary surveys".
SURVEYS = sources_of("survey")
FILINGS = sources_of("filing")
# (id, title, caption, by, where): each a question anyone can ask again on /explore.
# Surveys give total pay and filings base pay: separate figures, never one mixed bar.
FIGURES: tuple[tuple[str, str, str, tuple[str, ...], dict[str, list[Any]]], ...] = (
    (
        "ml-total-by-level",
        "US ML engineers: total pay by experience level",
        "Self-reported total gross pay from salary surveys, US respondents: like the filings "
        "below, US jobs (the survey's other countries pay far less and would pull p10 down).",
        ("level",),
        {"role": ["ml_engineer"], "pay_component": ["total"], "country": ["US"], "source": SURVEYS},
    ),
    (
        "ml-base-by-level",
        "ML engineers: base pay by experience level",
        "Base salary from H-1B filings (most filings name no level).",
        ("level",),
        {"role": ["ml_engineer"], "pay_component": ["base"], "source": FILINGS},
    ),
    (
        "leading-companies",
        "Leading companies: base pay for ML and data roles",
        "Base salary from H-1B filings for ML engineers, research scientists, data "
        "scientists and data engineers (too few filings name ML engineers alone).",
        ("company",),
        {
            "company": list(LEADING_COMPANIES),
            "pay_component": ["base"],
            "role": list(ML_ROLES),
            "source": FILINGS,
        },
    ),
)


def home_page(current: Reader, cache: AnswerCache) -> dict[str, Any]:
    """The home page's data: its figures, each a stats answer with its links.

    Example:
        >>> [f["id"] for f in home_page(current, cache)["figures"]]  # doctest: +SKIP
        ['ml-total-by-level', 'ml-base-by-level', 'leading-companies']
    """
    known = KnownValues(current.store)
    figures = [
        figure(
            current,
            cache,
            question(by, sources_held(known, where)),
            title=title,
            caption=caption,
            figure_id=key,
        )
        for key, title, caption, by, where in FIGURES
    ]
    return {
        "title": "ML engineer pay by experience level and at leading companies",
        "levels": list(LEVELS),
        "leading_companies": [{"name": c, "url": company_url(c)} for c in LEADING_COMPANIES],
        "figures": figures,
    }


def sources_held(known: KnownValues, where: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """``where`` naming only the sources of its kind the store holds: ``stats`` refuses a
    list naming one it lacks (no lca file loaded) whole. Holding none, as asked (no match).

    Example:
        >>> known = KnownValues(None, {"source": {"h1b": ["h1b"]}})
        >>> sources_held(known, {"role": ["ml_engineer"], "source": ["h1b", "lca"]})
        {'role': ['ml_engineer'], 'source': ['h1b']}
    """
    held = known.held({"source": where["source"]})
    return where if held is None else {**where, **held}


@router.get("/", include_in_schema=False)
def home(request: Request, current: ReaderDep, cache: CacheDep) -> Response:
    """ML engineer pay by level and at the leading companies."""
    return respond(request, "home.html", home_page(current, cache))
