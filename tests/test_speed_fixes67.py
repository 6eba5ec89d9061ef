"""Speedups that must answer as before.

``features.per_value`` reads a column of up to ``FEW_ROWS`` cells one by one (an
estimate's frames), a longer one through pandas' factorize (a training frame): both
ways must give each cell the same answer, whatever the column holds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from paygrade.estimate.features import FEW_ROWS, per_value
from paygrade.normalize.titles import title_form

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
