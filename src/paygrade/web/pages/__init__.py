"""The HTML pages: one module per page, each building one data object (also ``?format=json``)."""

from fastapi import APIRouter

from paygrade.web.pages import explore, home, records

router = APIRouter()
for page in (home, explore, records):
    router.include_router(page.router)

__all__ = ["router"]
