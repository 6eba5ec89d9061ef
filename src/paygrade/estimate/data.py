"""Training rows from the store: one pay component, plausible records, canonical fields."""

from __future__ import annotations

import hashlib

import pandas as pd

from paygrade.records import PAY_COMPONENTS, PaygradeError
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
SOURCES = {"total": ("aijobs", "so_survey"), "base": ("h1b", "h1b_2013", "h1b_2024")}


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
    if pay_component not in PAY_COMPONENTS:
        raise PaygradeError(f"pay component must be one of {', '.join(PAY_COMPONENTS)}")
    chosen = list(sources or SOURCES[pay_component])
    frame = store.con.execute(
        f"""SELECT {", ".join(FEATURES)}, amount_usd, dup_rank FROM records
        WHERE pay_component = ? AND source IN (SELECT unnest(?))
          AND coalesce(employment_type, 'full_time') = 'full_time'
          AND coalesce(len(flags), 0) = 0
        ORDER BY source, ingest_id, source_row""",
        [pay_component, chosen],
    ).df()
    if len(frame) < 100:
        raise NotEnoughData(
            f"only {len(frame)} {pay_component} pay records: run `paygrade ingest --all` first"
        )
    return frame


def data_version(store: Store) -> str:
    """A fingerprint of the record files loaded (changes when a file is added or rebuilt).

    Example:
        >>> len(data_version(Store.open(":memory:")))
        12
    """
    rows = store.con.execute(
        "SELECT source, sha256, rows_accepted FROM ingest_log WHERE kind = 'records' ORDER BY 1, 2"
    ).fetchall()
    text = "\n".join("|".join(map(str, row)) for row in rows)
    return hashlib.sha256(text.encode()).hexdigest()[:12]
