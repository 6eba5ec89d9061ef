"""Several faults of one offer, as a user met them on every face: `paygrade offer --base 1
--growth 500 --cliff-months 13` said the cliff alone, the base and the growth only once it
was mended; the API said the faults its schema finds (growth, cliff) and not the base the
library refuses, a bonus percent past 200 hid a base of 1, and one offer refused by the
schema hid another's fault the library finds. Now every input at fault is said at once,
each in the words that face says it alone ("; " between them), the status kept."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from mcp import Client

from tests.conftest import run_each
from tests.test_cli import assert_one_error_line
from tests.test_mcp import mcp_db, talking, tool_errors  # noqa: F401 - the MCP session fixtures
from tests.test_offers_fixes22 import EVALUATE, assert_said_at_once

Talk = Callable[[Client], Any]

# Each input right, and wrong as a user typed it: a base of no year's pay, a growth and a
# cliff past their bounds, percentages that do not sum to 100 (the library alone refuses
# the base and the percentages; the API's schema the growth and the cliff).
RIGHT = {"base": 185_000, "growth_pct": 10, "vesting": "25,25,25,25", "cliff_months": 12}
WRONG = {"base": 1, "growth_pct": 500, "vesting": "50,40", "cliff_months": 13}
OPTION = {
    "base": "--base", "growth_pct": "--growth", "vesting": "--vesting",
    "cliff_months": "--cliff-months",
}  # fmt: skip


def evaluated(app: TestClient, *offers: dict[str, Any]) -> Any:
    return app.post(EVALUATE, json={"offers": list(offers)})


def given(*fields: str) -> dict[str, Any]:
    """The inputs, those of ``fields`` wrong, the others right."""
    return {f: WRONG[f] if f in fields else right for f, right in RIGHT.items()}


def alone_and_together(order: list[str]) -> list[tuple[str, ...]]:
    """Each wrong input alone, in ``order``, then all of them."""
    return [(field,) for field in order] + [tuple(order)]


def cli_said(web_db: Path, order: list[str]) -> tuple[list[str], Any]:
    """What the CLI says of each wrong input alone, and the run with all of them."""

    def asked(*fields: str) -> list[object]:
        options = [(OPTION[f], f"{v}") for f, v in given(*fields).items()]
        return ["--db", web_db, "offer", *sum(options, ())]

    *alone, together = run_each(*(asked(*fields) for fields in alone_and_together(order)))
    assert [done.returncode for done in alone] == [1] * len(order)
    return [done.stderr.strip().removeprefix("error: ") for done in alone], together


def test_the_cli_says_every_fault_of_one_offer(web_db: Path) -> None:
    said, together = cli_said(web_db, list(WRONG))
    assert said[0].startswith("base of 1 a year is below 1,000 USD")
    # Had been "error: vesting percentages sum to 90, not 100" alone.
    assert_one_error_line(together, 1, "; ".join(said))
    assert together.stderr.strip() == "error: " + "; ".join(said)


def test_the_api_says_the_schemas_faults_with_the_librarys(app: TestClient) -> None:
    *alone, together = [evaluated(app, given(*fields)) for fields in alone_and_together([*WRONG])]
    # Had been {"offers.0.cliff_months": ..., "offers.0.growth_pct": ...}: the base not read.
    assert [*together.json()["errors"]] == [f"offers.0.{field}" for field in WRONG]
    assert_said_at_once(alone, together)


def test_a_schema_fault_does_not_hide_a_base_of_no_years_pay(app: TestClient) -> None:
    alone = [evaluated(app, {"base": 1}), evaluated(app, {"base": 185_000, "bonus_pct": 250})]
    together = evaluated(app, {"base": 1, "bonus_pct": 250})
    # Had been {"offers.0.bonus_pct": ...} alone.
    assert_said_at_once(alone, together)


def test_an_offer_the_schema_refuses_does_not_hide_anothers_fault(app: TestClient) -> None:
    first = {"base": 185_000, "bonus_pct": 250}
    second = {"base": 185_000, "role": "wizard"}
    right = {"base": 185_000}
    alone = [evaluated(app, first, right), evaluated(app, right, second)]
    together = evaluated(app, first, second)
    # Had been {"offers.0.bonus_pct": ...} alone.
    assert [*together.json()["errors"]] == ["offers.0.bonus_pct", "offers.1.role"]
    assert_said_at_once(alone, together)


def test_the_mcp_tool_says_every_fault_of_one_offer(
    talking: Callable[[Talk], Any],  # noqa: F811
) -> None:
    calls = [("offer", given(*fields)) for fields in alone_and_together([*WRONG])]
    *alone, together = tool_errors(talking, *calls)
    assert [said.split(": ")[1] for said in alone] == list(WRONG)
    # Had been "offer: cliff_months: ...; growth_pct: ..." alone, the base not read.
    assert together == "offer: " + "; ".join(said.removeprefix("offer: ") for said in alone)


def test_the_page_says_every_fault_in_the_clis_words(app: TestClient, web_db: Path) -> None:
    said, together = cli_said(web_db, list(WRONG))
    page = app.get("/offers", params={"format": "json"} | given(*WRONG))
    assert page.status_code == 422
    assert together.stderr.strip() == "error: " + "; ".join(said)
    # Had been "offer 1: stock growth ...; offer 1: the cliff ...": the base, the vesting not read.
    assert page.json()["detail"] == "; ".join(said)  # one offer: no "offer 1:"
    html = app.get("/offers", params=given(*WRONG)).text
    marked = re.findall(r'name="([a-z_]+)"[^>]* aria-invalid="true" aria-describedby="o1-', html)
    assert sorted(marked) == sorted(WRONG)  # the form marks each input at fault
