"""The JSON API under /api/v1 (and /healthz): one router per resource."""

from fastapi import APIRouter

from paygrade.web.api import (
    claims,
    companies,
    compare,
    estimate,
    health,
    offers,
    prices,
    quality,
    records,
    sources,
    stats,
    submissions,
)
from paygrade.web.deps import DocumentedParametersDep
from paygrade.web.problems import ERRORS

router = APIRouter(responses=ERRORS, dependencies=[DocumentedParametersDep])
router.include_router(health.router)
for resource in (
    stats,
    records,
    compare,
    sources,
    quality,
    companies,
    prices,
    submissions,
    offers,
    claims,
    estimate,
):
    router.include_router(resource.router, prefix="/api/v1")

__all__ = ["router"]
