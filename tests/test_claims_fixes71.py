"""The claims checker's mends of stop 71, found by checking hand-written sentences about ML
pay through the CLI, the API and the /claims page: money past any pay written "1e+300",
the words a question reads for a role or a level ("SWEs", "DS", "Sr. Staff") unread in an
article, a letter O typed for a zero ("$15O,000" read as $15, "1O5% more" as 5% more),
"on average" after another clause's median, "for senior ones" given to the figure before,
"a third more than" unread and "30% more jobs than" read as pay. Texts are hand-written
fixture sentences; the data is the real store."""

from __future__ import annotations

import re
from pathlib import Path


from paygrade.claims import extract_claims, no_years_pay
from tests.conftest import write_file
from tests.test_cli import ok


def _cells(table: str) -> list[str]:
    """The claim column of a ``check-claims`` table: each row's second cell."""
    rows = [line.strip() for line in table.splitlines() if re.match(r"\s+\d+\s{2}", line)]
    return [re.split(r" {2,}", row)[1] for row in rows]


def test_the_cli_table_writes_money_past_any_pay_as_typed(web_db: Path, tmp_path: Path) -> None:
    text = (
        "Senior ML engineers earn $1e300. ML engineers earn $1e300 an hour.\n"
        "ML engineers at Google earn €1e300."
    )
    article = write_file(tmp_path, "a.md", text)
    table = ok("--db", web_db, "check-claims", article, env={"COLUMNS": "160"})
    # Had been "1e+300", "2.08e+303 (written $1e300 an hour)" and "1e+300 EUR (USD 1.05e+300)".
    assert _cells(table) == ["$1e300", "$1e300 an hour", "€1e300"]
    assert "e+" not in table, table


def test_the_explanation_of_money_past_any_pay_says_it_as_typed() -> None:
    (claim,) = extract_claims("ML engineers earn $1e300 an hour.")
    # It had said "($2.08e+303 a year)" after the figure.
    assert no_years_pay(claim).startswith("$1e300 an hour is not a plausible salary: a year's")
    (claim,) = extract_claims("ML engineers earn $5,000,000 an hour.")  # in digits still
    assert "($10,400,000,000 a year)" in no_years_pay(claim)
