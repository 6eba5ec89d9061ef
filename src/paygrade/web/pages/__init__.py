"""The HTML pages: one module per page, each building one data object (also ``?format=json``)."""

from fastapi import APIRouter

from paygrade.web.pages import (
    apidocs,
    claims,
    companies,
    estimate,
    explore,
    home,
    ladder,
    locations,
    offers,
    quality,
    records,
    report,
    sources,
    submit,
)

router = APIRouter()
for page in (
    home,
    explore,
    estimate,
    records,
    companies,
    locations,
    offers,
    ladder,
    sources,
    quality,
    submit,
    claims,
    report,
    apidocs,
):
    router.include_router(page.router)

__all__ = ["router"]
