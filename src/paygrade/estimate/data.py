"""Training rows from the store: one pay component, plausible records, canonical fields."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from paygrade.estimate.modelfile import SOURCES  # kept there, where no pandas loads
from paygrade.places_held import counted_by
from paygrade.records import PAY_COMPONENTS, UNFLAGGED_SQL, PaygradeError
from paygrade.store import Store

# The profile a user can describe; the fields a model reads.
FEATURES = (
    "year",
    "role",
    "level",
    "years_experience",
    "title",
    "company",
    "metro",
    "state",
    "country",
    "company_size",
    "industry",
    "education",
    "specialization",
    "remote",
)
# Survey rows only: full-time pay, as the accuracy bars are measured on.


class NotEnoughData(PaygradeError):
    """The store holds too few records to fit or evaluate a model."""


def training_frame(
    store: Store, pay_component: str, sources: tuple[str, ...] | None = None
) -> pd.DataFrame:
    """Full-time, unflagged records of one pay component: FEATURES, amount_usd, dup_rank.

    Example:
        >>> training_frame(store, "total").columns[-1]  # doctest: +SKIP
        'dup_rank'
    """
    rows, params = _training_rows(pay_component, sources)
    frame = store.con.execute(
        f"""SELECT {", ".join(FEATURES)}, amount_usd, dup_rank {rows}
        ORDER BY source, ingest_id, source_row""",
        params,
    ).df()
    if len(frame) < 100:
        raise NotEnoughData(
            f"only {len(frame)} {pay_component} pay records: run `paygrade ingest --all` first"
        )
    return frame


def records_like(
    store: Store,
    pay_component: str,
    match: Mapping[str, Any],
    limit: int,
    year: int | None = None,
) -> pd.DataFrame:
    """The FEATURES and pay (``amount_usd``) of up to ``limit`` training records whose fields
    equal ``match`` (one of them, for a list), those of years nearest ``year`` first.

    A fixed sample (ordered by a hash of each record's place in the store), so the
    same store and profile give the same rows. Nearest years first: a profile's blank
    fields had been those of any year (CA's ML engineers' base pay for 2023 took 2015-19
    filings' titles and companies, and came out 10% below 2023's own median).

    Example:
        >>> len(records_like(store, "total", {"role": "ml_engineer"}, 200))  # doctest: +SKIP
        200
    """
    rows, params = _training_rows(pay_component)
    rows += _matching(match)
    return store.con.execute(
        f"""SELECT {", ".join(FEATURES)}, amount_usd {rows}
        ORDER BY abs(year - ?::INTEGER) NULLS LAST, hash(source, ingest_id, source_row)
        LIMIT ?""",
        [*params, *match.values(), year, limit],
    ).df()


def training_count(store: Store, pay_component: str, match: Mapping[str, Any]) -> int:
    """How many of the records a model of ``pay_component`` learns from (full-time,
    unflagged, of its sources) hold ``match``'s values: those a value is learned from.

    Why: "too few to learn it from" had counted every unflagged record, those the model
    never reads too: total pay's records "hold 10 of country NG" (the learned need 10),
    of which 7 are full-time; staff level "rests on 3", one of them a contract.

    Example:
        >>> training_count(store, "total", {"level": "staff"})  # doctest: +SKIP
        2
    """
    rows, params = _training_rows(pay_component)
    found = store.scalar(f"SELECT count(*) {rows}{_matching(match)}", [*params, *match.values()])
    return int(found)


def _matching(match: Mapping[str, Any]) -> str:
    """The SQL conditions of ``match``: each field equal to its value (one of them, for a
    list), a parameter each."""
    conditions = ""
    for name, value in match.items():
        if name not in FEATURES:
            raise PaygradeError(f"unknown field {name!r}")
        conditions += (
            f' AND "{name}" IN (SELECT unnest(?))'
            if isinstance(value, list)
            else f' AND "{name}" = ?'
        )
    return conditions


def titles_held(store: Store, pay_component: str, titles: Sequence[str]) -> list[str]:
    """Those of ``titles`` some record of the pay component has, in their order (a filter
    naming a title no record has finds nothing at all).

    Example:
        >>> titles = ["Sr. ML Engineer", "MACHINE LEARNING ENGINEER"]
        >>> titles_held(store, "base", titles)  # doctest: +SKIP
        ['MACHINE LEARNING ENGINEER']
    """
    # As a statistic counts records: a title one submission alone held had become one
    # of the similar records' spellings, and their count told it.
    counted = counted_by("title", "pay_component = ? AND title IN (SELECT unnest(?))")
    held = {
        title for title, _ in store.con.execute(counted, [pay_component, list(titles)]).fetchall()
    }
    return [title for title in titles if title in held]


def years_held(store: Store, pay_component: str) -> list[int]:
    """Each year the records a model of ``pay_component`` learns from hold, in order.

    Example:
        >>> years_held(store, "base")  # doctest: +SKIP
        [2013, 2015, 2016, 2017, 2018, 2019, 2023, 2024]
    """
    rows, params = _training_rows(pay_component)
    found = store.con.execute(f"SELECT DISTINCT year {rows} ORDER BY 1", params).fetchall()
    return [int(year) for (year,) in found if year is not None]


def _training_rows(
    pay_component: str, sources: tuple[str, ...] | None = None
) -> tuple[str, list[Any]]:
    """``FROM records WHERE ...``: the records a model of ``pay_component`` learns from."""
    if pay_component not in PAY_COMPONENTS:
        raise PaygradeError(f"pay component must be one of {', '.join(PAY_COMPONENTS)}")
    return (
        f"""FROM records WHERE pay_component = ? AND source IN (SELECT unnest(?))
          AND coalesce(employment_type, 'full_time') = 'full_time' AND {UNFLAGGED_SQL}""",
        [pay_component, list(sources or SOURCES[pay_component])],
    )
