"""GET /healthz: the server is up, which data version it serves, and its estimator's state."""

from typing import Any

from fastapi import APIRouter

from paygrade.web.deps import ReaderDep, SettingsDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(current: ReaderDep, settings: SettingsDep) -> dict[str, Any]:
    """Up, with the published data version it answers from, and the estimator's model:
    ``version`` (null: none yet, the Estimate page answers 503), ``trained_on``,
    ``current`` (trained on the data as served, else `paygrade train` is due) and
    ``training`` (a training is under way)."""
    from paygrade.estimate.modelfile import data_version, model_state

    state = model_state(settings.models_dir(), data_version(current.store))
    model = {
        "version": state["newest"],
        "trained_on": state["trained_on"],
        "current": state["current"],
        "training": state["training"] is not None,
    }
    return {"status": "ok", "data_version": current.version, "model": model}
