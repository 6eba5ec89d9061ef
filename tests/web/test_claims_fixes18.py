"""The claims checker's mends of an eighteenth round, each on the face it was seen on and
the library's answer under it: a year read as a money range's low end ("from $150,000 in
2022 to $20,000,000" had been "2,022-20,000,000"), percents with their thousands grouped
("50,000%", "50 000%"), in scientific notation ("1e400%") or written with a sign ("grew
-5%", "-5% more than") that had been no claim or another figure, and a tiny percent the
table wrote as a power of ten ("+1e-07%"). Texts are hand-written fixture sentences; the
data is the real store."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import httpx
import pytest

from paygrade.claims import check_text, extract_claims
from paygrade.claims.check import CHANGE_SPAN
from paygrade.mcp_server import Tools
from paygrade.store import Store
from paygrade.store.snapshot import PublishedStore
from tests.conftest import write_file
from tests.test_cli import ok
from tests.web.conftest import Server

RISE_TO_TWENTY_MILLION = "ML engineer pay rose from $150,000 in 2022 to $20,000,000 in 2024."


def _cells(table: str) -> list[str]:
    """The claim column of a ``check-claims`` table: each row's second cell."""
    rows = [line.strip() for line in table.splitlines() if re.match(r"\s+\d+\s{2}", line)]
    return [re.split(r" {2,}", row)[1] for row in rows]


def test_a_year_before_a_figure_is_no_end_of_its_range_over_http(server: Server) -> None:
    answer = httpx.post(
        f"{server.url}/api/v1/claims/check", json={"text": RISE_TO_TWENTY_MILLION}, timeout=60
    )
    assert answer.status_code == 200
    claims = answer.json()["claims"]
    # Two figures, each of its own year; 2022 no money.
    assert [(c["low"], c["high"]) for c in claims] == [(150000.0, 150000.0), (2e7, 2e7)]
    assert [c["subject"]["year"] for c in claims] == [2022, 2024]
    assert claims[1]["explanation"].startswith("$20,000,000 is not a plausible salary")


@pytest.mark.parametrize(
    ("text", "read"),
    [("ML engineers earned $150K to 2024's $180K.", [(150000.0, 150000.0), (180000.0, 180000.0)]),
     ("ML engineer pay has risen since 2021 to $20,000,000.", [(2e7, 2e7)]),
     # a range's end that only looks like a year, after no word of years, is money still
     ("ML engineers earn $1800 to 2000 a month.", [(21600.0, 24000.0)]),
     ("ML engineers earn $120k-150.", [(120000.0, 150000.0)])],
)  # fmt: skip
def test_a_year_named_as_one_is_never_money(text: str, read: list[tuple[float, float]]) -> None:
    assert [(c.low, c.high) for c in extract_claims(text)] == read


GROWTH_OF = "Machine learning engineer salaries grew {} from 2022 to 2024."


@pytest.mark.parametrize(
    ("written", "low"),
    [("50,000%", 50000.0), ("50 000%", 50000.0), ("1,500%", 1500.0), ("1e5%", 1e5),
     ("2.5e3%", 2500.0), ("-5%", -5.0), ("by -50,000%", -50000.0), ("+5%", 5.0),
     ("\u22125%", -5.0),
     # as before: a decimal comma, a decimal point
     ("20,5%", 20.5), ("1,5%", 1.5), ("50.000%", 50.0)],
)  # fmt: skip
def test_a_percent_is_read_as_money_is_grouped_signed_or_in_powers_of_ten(
    written: str, low: float
) -> None:
    (claim,) = extract_claims(GROWTH_OF.format(written))
    assert (claim.statistic, claim.low, claim.years) == ("growth", low, (2022, 2024))
    assert claim.text.endswith(written)


@pytest.mark.parametrize(
    ("text", "low", "said"),
    [("ML engineers earn 50 000% more than data scientists.", 50000.0, "50 000% more than"),
     ("ML engineers earn 1e5% more than data scientists.", 1e5, "1e5% more than"),  # had been 5%
     ("ML engineers earn -5% more than data scientists.", -5.0, "-5% more than"),  # had been +5%
     ("ML engineers earn -10% more compared with data scientists.", -10.0, "-10% more"),
     ("ML engineer salaries rose 5% and -8% from 2022 to 2024.", -8.0, "-8%")],
)  # fmt: skip
def test_a_differences_percent_keeps_its_every_digit_and_sign(
    text: str, low: float, said: str
) -> None:
    claim = extract_claims(text)[-1]
    assert (claim.low, claim.text) == (low, said)


def test_a_spaced_dash_before_a_percent_is_no_minus() -> None:
    (claim,) = extract_claims("Google \u2013 10% more than Meta.")
    assert claim.low == 10.0


@pytest.mark.parametrize("written", ["1e400%", "1e5%", "by -50,000%", "50,000,000%"])
def test_a_change_no_pay_can_make_is_listed_as_written_whatever_its_digits(
    real_store: Store, written: str
) -> None:
    (claim,) = check_text(real_store, GROWTH_OF.format(written))["claims"]
    ends = (claim["low"], claim["high"])
    assert not CHANGE_SPAN[0] <= ends[0] <= CHANGE_SPAN[1]
    assert claim["verdict"] == "no_data"
    assert claim["explanation"].startswith(f"grew {written} is no change of pay there can be")


def test_a_change_pay_can_make_in_grouped_digits_is_checked(real_store: Store) -> None:
    # +50,000% is a change two years' pay can make ($10,000 to $5,010,000): checked, not
    # dropped (it had been no claim at all).
    (claim,) = check_text(real_store, GROWTH_OF.format("50,000%"))["claims"]
    assert CHANGE_SPAN[0] <= claim["low"] <= CHANGE_SPAN[1]
    assert claim["verdict"] == "above_data"
    assert "the claimed +50,000% lies above that" in claim["explanation"]


def test_the_mcp_tool_reads_a_percent_in_powers_of_ten(web_db: Path) -> None:
    called = Tools(PublishedStore(web_db)).check_claims(GROWTH_OF.format("1e400%"))
    assert not called.is_error
    (claim,) = called.structured_content["claims"]
    assert (claim["low"], claim["verdict"]) == (sys.float_info.max, "no_data")
    assert claim["explanation"].startswith("grew 1e400% is no change of pay there can be")


def test_the_cli_table_writes_percents_in_digits_as_typed(web_db: Path, tmp_path: Path) -> None:
    article = write_file(
        tmp_path,
        "article.md",
        " ".join(GROWTH_OF.format(written) for written in ("0.0000001%", "12.3456789%", "1e300%")),
    )
    table = ok("--db", web_db, "check-claims", article, env={"COLUMNS": "160"})
    assert _cells(table) == ["+0.0000001% (2022-2024)", "+12.3456789% (2022-2024)", "grew 1e300%"]
    assert "e-07" not in table and "e+" not in table, table
    # The explanation says the claimed figure so too.
    assert "the claimed +0.0000001% lies" in " ".join(table.split())
