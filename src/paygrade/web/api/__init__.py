"""The JSON API under /api/v1 (and /healthz): one router per resource."""

from fastapi import APIRouter

from paygrade.web.api import compare, health, records, sources, stats
from paygrade.web.problems import ERRORS

router = APIRouter(responses=ERRORS)
router.include_router(health.router)
for resource in (stats, records, compare, sources):
    router.include_router(resource.router, prefix="/api/v1")

__all__ = ["router"]
