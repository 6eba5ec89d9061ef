"""GET /healthz: the server is up and which data version it serves."""

from typing import Any

from fastapi import APIRouter

from paygrade.web.deps import ReaderDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(current: ReaderDep) -> dict[str, Any]:
    """Up, with the published data version it answers from."""
    return {"status": "ok", "data_version": current.version}
