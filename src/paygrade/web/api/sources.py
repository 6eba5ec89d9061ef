"""GET /api/v1/sources: every loaded file with licence, hash and counts."""

from typing import Any

from fastapi import APIRouter

from paygrade.quality import loaded_sources
from paygrade.web.deps import ReaderDep

router = APIRouter(tags=["sources"])


@router.get("/sources")
def sources(current: ReaderDep) -> list[dict[str, Any]]:
    """Files with sha256, rows read / accepted / rejected, licence, when ingested."""
    return loaded_sources(current.store)
