"""The HTML pages: one module per page, each building one data object (also ``?format=json``)."""

from fastapi import APIRouter

from paygrade.web.pages import (
    apidocs,
    companies,
    estimate,
    explore,
    home,
    locations,
    records,
    sources,
    submit,
)

router = APIRouter()
for page in (home, explore, estimate, records, companies, locations, sources, submit, apidocs):
    router.include_router(page.router)

__all__ = ["router"]
