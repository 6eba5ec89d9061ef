"""The HTML pages: one module per page, each building one data object (also ``?format=json``)."""

from fastapi import APIRouter, Depends

from paygrade.web.deps import one_value_each
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

# Each page takes one value of each of its one-value parameters, as the API does.
router = APIRouter(dependencies=[Depends(one_value_each)])
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
