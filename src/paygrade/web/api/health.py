"""GET /healthz: the server is up, which data version it serves, and its estimator's state."""

from typing import Any

from fastapi import APIRouter, HTTPException

from paygrade.store import Store, damage_said
from paygrade.web.deps import ReaderDep, SettingsDep
from paygrade.web.problems import ERRORS, SERVE

router = APIRouter(tags=["health"])

# The API's 503 (``problems.ERRORS``), which /healthz gives for a damaged store too.
UNREADABLE: dict[int | str, dict[str, Any]] = {
    503: {
        **ERRORS[503],
        "description": "No published store to answer from yet, or its file is damaged "
        "(the detail says which)",
    }
}


@router.get("/healthz", responses=UNREADABLE)
def healthz(current: ReaderDep, settings: SettingsDep) -> dict[str, Any]:
    """Up, with the published data version it answers from, and the estimator's model:
    ``version`` (null: none yet, the Estimate page answers 503), ``trained_on``,
    ``current`` (trained on the data as served, else `paygrade train` is due) and
    ``training`` (a training is under way). 503 when the store's file is damaged, as
    every other route then answers."""
    from paygrade.estimate.modelfile import data_version, model_state

    refuse_damaged(current.store)
    state = model_state(settings.models_dir(), data_version(current.store))
    model = {
        "version": state["newest"],
        "trained_on": state["trained_on"],
        "current": state["current"],
        "training": state["training"] is not None,
    }
    return {"status": "ok", "data_version": current.version, "model": model}


def refuse_damaged(store: Store) -> None:
    """A 503 when the store's file is damaged (``Store.damage``: cut short, or bytes
    changed): /healthz said "ok" while every route reading records answered 503. Not
    logged (an ``HTTPException``, not a ``StoreError``): a monitor polls this route, and
    the server's log says the damage at each route that meets it."""
    if (why := store.damage()) is not None:
        raise HTTPException(503, str(damage_said(why, SERVE)))
