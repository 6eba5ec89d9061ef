"""A bare year-shaped number after "from" that runs "to" money paid by a shorter period than
a year is the range's first end, not a year: "pay ranges from 2000 to $2,500 a month" had
lost its 2,000 (read as $2,500 a month alone) under the rule that such a number after
in/from/since/... is a year. A year stays one: "rose from $150,000 in 2022 to $20,000,000
in 2024" is two figures, and "from 2022 to $200,000" (a year's pay) no range. Texts are
hand-written fixture sentences; the data is the real store."""

from __future__ import annotations

import pytest

from paygrade.claims import check_text, extract_claims
from paygrade.store import Store


@pytest.mark.parametrize(
    ("text", "read"),
    [("ML engineer pay ranges from 2000 to $2,500 a month.", [(24000.0, 30000.0)]),
     ("ML engineers are paid from 2000 to $2,500/mo.", [(24000.0, 30000.0)]),
     ("ML engineer wages run from 1990 to $2,100 a month.", [(23880.0, 25200.0)]),
     # a year, as before: the range's money is a year's pay, or the number follows "in"
     ("ML engineer pay rose from 2022 to $200,000.", [(200000.0, 200000.0)]),
     ("ML engineer pay rose from $150,000 in 2022 to $20,000,000 in 2024.",
      [(150000.0, 150000.0), (2e7, 2e7)])],
)  # fmt: skip
def test_a_number_from_which_money_by_the_month_runs_is_its_low_end(
    text: str, read: list[tuple[float, float]]
) -> None:
    assert [(c.low, c.high) for c in extract_claims(text)] == read


def test_a_monthly_range_from_a_year_shaped_number_is_checked_whole(real_store: Store) -> None:
    (claim,) = check_text(real_store, "ML engineer pay ranges from 2000 to $2,500 a month.")[
        "claims"
    ]
    # Had been $30,000 a year alone, the range's low end dropped.
    assert (claim["low"], claim["high"]) == (24000.0, 30000.0)
    assert claim["text"].startswith("2000 to $2,500 a month")
