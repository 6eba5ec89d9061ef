"""Local price levels: BEA Regional Price Parities (US = 100) from table ``price_parities``.

A parity compares price levels across places within one year; it is not an
inflation index (CPI-U does that, see ``amount_usd_real``).
"""

from __future__ import annotations

from typing import NamedTuple

import duckdb

from paygrade.records import PaygradeError
from paygrade.sources.bea_rpp import COMPONENTS
from paygrade.store import Store, scalar


class NoPriceParity(PaygradeError, LookupError):
    """BEA publishes no price parity for that area, year and component (or none is loaded)."""


class PriceParity(NamedTuple):
    """A price parity and the year it is for, which may be earlier than the year asked."""

    value: float
    year: int


def rpp_for(
    con_or_store: duckdb.DuckDBPyConnection | Store,
    cbsa: str,
    year: int,
    component: str = "all_items",
) -> PriceParity:
    """The price parity of CBSA ``cbsa`` in ``year``, or in BEA's latest year when ``year``
    is newer than that; ``.year`` says which year was used, so a caller can say so.

    A year BEA left blank for the area, or one before its series begins, raises
    NoPriceParity rather than borrowing another year's value.

    Example:
        >>> store = Store.open(":memory:")
        >>> _ = store.con.execute("INSERT INTO price_parities VALUES (1, 323, '42660', "
        ...     "'Seattle-Tacoma-Bellevue, WA', false, 1, 'all_items', 2024, 111.133)")
        >>> rpp_for(store, "42660", 2026)
        PriceParity(value=111.133, year=2024)
        >>> value, year_used = rpp_for(store, "42660", 2024)
        >>> store.close()
    """
    if component not in COMPONENTS:
        raise NoPriceParity(f"unknown component {component!r}; known: {', '.join(COMPONENTS)}")
    con = con_or_store.con if isinstance(con_or_store, Store) else con_or_store
    years = dict(
        con.execute(
            "SELECT year, rpp FROM price_parities WHERE cbsa = ? AND component = ?",
            [cbsa, component],
        ).fetchall()
    )
    if not years:
        raise NoPriceParity(_no_area(con, cbsa))
    used = min(year, max(years))
    if used not in years:
        raise NoPriceParity(f"BEA publishes no {component} price parity for CBSA {cbsa} in {year}")
    return PriceParity(float(years[used]), int(used))


def _no_area(con: duckdb.DuckDBPyConnection, cbsa: str) -> str:
    if not scalar(con, "SELECT count(*) FROM price_parities"):
        return "no BEA price parities are loaded: run `paygrade ingest --all` (source bea_rpp)"
    return f"BEA publishes no price parities for CBSA {cbsa!r} (a 5-digit metro code)"
