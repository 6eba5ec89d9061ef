"""Exchange rates: the survey's own, one per currency and year (``fx_rates``).

The aijobs survey gives each salary in its currency and in USD; their ratio is the
rate it used (``paygrade.sources.aijobs``). A figure in another currency (a claim in
euros, an offer in rupees) is compared with the records at one of these rates, and says
which: a claim at its own year's (``rate_nearest``), an offer at the newest.
"""

from __future__ import annotations

from dataclasses import dataclass

from paygrade.store import Store, first_row


@dataclass(frozen=True)
class Rate:
    """US dollars per unit of a currency, and the survey year the rate is of."""

    currency: str
    usd_per_unit: float
    year: int


def newest_rate(store: Store, currency: str) -> Rate | None:
    """The newest rate of ``currency`` in the store; None for none (a store without the
    survey, or a currency no respondent was paid in). USD is 1.

    Example:
        >>> newest_rate(store, "EUR").usd_per_unit  # doctest: +SKIP
        1.052623855342381
    """
    if currency == "USD":
        return Rate("USD", 1.0, 0)
    found = first_row(
        store.con,
        "SELECT usd_per_unit, year FROM fx_rates WHERE currency = ? ORDER BY year DESC LIMIT 1",
        [currency],
    )
    return None if found is None else Rate(currency, float(found[0]), int(found[1]))


def rate_nearest(store: Store, currency: str, year: int | None) -> Rate | None:
    """The rate of ``currency`` in the year nearest ``year`` the store holds one for (the
    later of two as near), so that a figure of a year is converted as that year's records
    were (DOMAIN: the yearly rate of the pay year); the newest rate when ``year`` is None.

    Example:
        >>> rate_nearest(store, "EUR", 2024).year  # doctest: +SKIP
        2024
    """
    if year is None or currency == "USD":
        return newest_rate(store, currency)
    found = first_row(
        store.con,
        "SELECT usd_per_unit, year FROM fx_rates WHERE currency = ?"
        " ORDER BY abs(year - ?), year DESC LIMIT 1",
        [currency, year],
    )
    return None if found is None else Rate(currency, float(found[0]), int(found[1]))


def rate_years(store: Store, currency: str) -> list[int]:
    """The years the store holds a rate of ``currency`` for, oldest first (what a record
    paid in it can be converted at: ingest converts at its own year's rate).

    Example:
        >>> rate_years(store, "EUR")  # doctest: +SKIP
        [2020, 2021, 2022, 2023, 2024, 2025]
    """
    rows = store.con.execute(
        "SELECT DISTINCT year FROM fx_rates WHERE currency = ? ORDER BY year", [currency]
    ).fetchall()
    return [int(year) for (year,) in rows]


def rate_of(store: Store, currency: str, year: int) -> float | None:
    """USD per unit of ``currency`` in ``year``, as ingest converts at; None for none.

    Example:
        >>> rate_of(store, "EUR", 2024)  # doctest: +SKIP
        1.1111041535968214
    """
    found = store.scalar(
        "SELECT usd_per_unit FROM fx_rates WHERE currency = ? AND year = ?", [currency, year]
    )
    return None if found is None else float(found)
