"""paygrade: compensation intelligence for machine learning engineers, from real public data.

The library is the product; the CLI (and later the web app and report) are
thin skins over these calls. Names load on first use, so that a command pays
only for the modules it needs.

Example:
    >>> from paygrade import Store, ingest_all, stats  # doctest: +SKIP
    >>> store = Store.open("var/paygrade.duckdb")  # doctest: +SKIP
    >>> ingest_all(store, Path("../shared/data"))  # doctest: +SKIP
    >>> stats(store, by=["level"], where={"role": ["ml_engineer"]})  # doctest: +SKIP
"""

from __future__ import annotations

from importlib import import_module

# Not typing's: importing typing costs the console script ~7 ms before it can catch Ctrl-C
# (paygrade.console); mypy reads any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

_HOMES = {
    "Settings": "paygrade.config",
    "IngestResult": "paygrade.ingest",
    "ingest_all": "paygrade.ingest",
    "ingest_file": "paygrade.ingest",
    "rebuild": "paygrade.rebuild",
    "stats": "paygrade.stats",
    "check_text": "paygrade.claims",
    "extract_claims": "paygrade.claims",
    "build_report": "paygrade.report",
    "write_report": "paygrade.report",
    "quality_report": "paygrade.quality",
    "loaded_sources": "paygrade.quality",
    "Store": "paygrade.store",
    "rpp_for": "paygrade.prices",
    "BadOffer": "paygrade.offers",
    "Offer": "paygrade.offers",
    "Profile": "paygrade.offers",
    "evaluate": "paygrade.offers",
    "evaluate_many": "paygrade.offers",
    "make_offer": "paygrade.offers",
    "level_mapping": "paygrade.ladder",
    "resolve_level": "paygrade.ladder",
    "NoPriceParity": "paygrade.prices",
    "NoCPI": "paygrade.prices",
    "FIELD_NAMES": "paygrade.records",
    "BadFilter": "paygrade.records",
    "BadInputFile": "paygrade.records",
    "PaygradeError": "paygrade.records",
    "UnknownField": "paygrade.records",
    "UnknownSource": "paygrade.records",
}

__all__ = sorted(_HOMES)


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'paygrade' has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)
