"""Speedups that must answer as before.

``features.per_value`` reads a column of up to ``FEW_ROWS`` cells one by one (an
estimate's frames), a longer one through pandas' factorize (a training frame): both
ways must give each cell the same answer, whatever the column holds."""

from __future__ import annotations

import shutil
from contextlib import closing
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from paygrade.estimate.features import FEW_ROWS, per_value
from paygrade.estimate.modelfile import data_version
from paygrade.normalize.titles import title_form
from paygrade.places_held import PLACES, _held_with
from paygrade.store import Store

CELLS = ["Sr. ML Engineer", None, "Data Scientist", np.nan, "Sr. ML Engineer", "", pd.NA]
MIXED = ["a", 1, 1.0, True, None, np.nan, "1"]


# A string column holds texts and missing cells alone; an object column anything.
@pytest.mark.parametrize(
    ("cells", "dtype"),
    [(CELLS, object), (CELLS, "string[pyarrow]"), (MIXED, object)],
    ids=["texts", "arrow-texts", "mixed"],
)
def test_a_short_column_answers_as_a_long_one(cells: list[object], dtype: object) -> None:
    repeats = FEW_ROWS // len(cells) + 1  # past FEW_ROWS: the factorized way
    short = pd.Series(cells, dtype=dtype)  # type: ignore[call-overload]
    long = pd.Series(cells * repeats, dtype=dtype)  # type: ignore[call-overload]
    assert len(short) <= FEW_ROWS < len(long)
    for value_of in (title_form, str.upper, {"a", "1"}.__contains__):
        got = per_value(short, value_of, "missing").tolist()
        assert got == per_value(long, value_of, "missing").tolist()[: len(cells)]


def test_the_places_a_read_only_store_keeps_are_those_its_records_hold(
    real_db: Path, tmp_path: Path
) -> None:
    # A read-only store (a server's reader) finds every place's wider places at once and
    # keeps them; one open for writing asks at each call. Both must say the same: the
    # metros of several states and of none, the commonest ones, a place no record holds.
    copy = tmp_path / "writable.duckdb"
    shutil.copyfile(real_db, copy)
    with closing(Store.open(real_db, read_only=True)) as kept, closing(Store.open(copy)) as asked:
        several = kept.con.execute(
            "SELECT metro FROM records WHERE metro IS NOT NULL GROUP BY metro "
            "ORDER BY count(DISTINCT state) DESC, count(*) DESC, metro LIMIT 25"
        ).fetchall()
        states = kept.con.execute("SELECT DISTINCT state FROM records ORDER BY 1").fetchall()
        places = [("metro", m) for (m,) in several] + [("state", s) for (s,) in states]
        places += [("metro", "Nowhere, ZZ"), ("state", "ZZ")]
        for place, value in places:
            for wider in PLACES[place]:
                held = _held_with(kept, place, value, wider)
                assert held == _held_with(asked, place, value, wider), (place, value, wider)
        assert [r for r in several if _held_with(kept, "metro", r[0], "state")[1:]]  # NY-NJ
        assert data_version(kept) == data_version(kept) == data_version(asked)
