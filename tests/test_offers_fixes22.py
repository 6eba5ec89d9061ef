"""An offer and its market profile both at fault, as a user met it on every face:
`paygrade offer --base 185000 --bonus-pct 250 --role wizard --level boss` said the bonus
alone, the profile read only once the offer was put right; the API and the MCP tool
likewise (their schema, or ``make_offer``, refusing before the profile was read); a role
past the API's 40 characters hid the profile's other faults; of several offers sent side
by side only the first at fault was said. Now every input at fault is said at once, each
in the words that face says it alone ("; " between them), the status kept."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from mcp import Client

from tests.conftest import run_each
from tests.test_cli import assert_one_error_line
from tests.test_mcp import mcp_db, talking, tool_errors  # noqa: F401 - the MCP session fixtures

Talk = Callable[[Client], Any]
EVALUATE = "/api/v1/offers/evaluate"

# Each input right, and wrong as a user typed it: an offer's fault the API's and the MCP
# tool's schema refuses (a bonus percent past 200) or the library alone (a base of no
# year's pay), then the profile's, a role and a level outside the vocabulary.
RIGHT = {"base": 185_000, "bonus_pct": 15, "role": "ml_engineer", "level": "senior"}
WRONG_BONUS = {"bonus_pct": 250, "role": "wizard", "level": "boss"}
WRONG_BASE = {"base": 1, "role": "wizard", "level": "boss"}
WRONGS = pytest.mark.parametrize("wrong", [WRONG_BONUS, WRONG_BASE], ids=["bonus", "base"])
OPTION = {"base": "--base", "bonus_pct": "--bonus-pct", "role": "--role", "level": "--level"}


def given(wrong: dict[str, Any], *fields: str) -> dict[str, Any]:
    """The inputs, those of ``fields`` wrong (as in ``wrong``), the others right."""
    return {f: wrong[f] if f in fields else right for f, right in RIGHT.items()}


def alone_and_together(wrong: dict[str, Any]) -> list[tuple[str, ...]]:
    """Each wrong input alone, then all of them."""
    return [(field,) for field in wrong] + [tuple(wrong)]


@WRONGS
def test_the_cli_says_the_offers_fault_with_the_profiles(
    web_db: Path, wrong: dict[str, Any]
) -> None:
    def asked(*fields: str) -> list[object]:
        options = [(OPTION[f], f"{v}") for f, v in given(wrong, *fields).items()]
        return ["--db", web_db, "offer", "--country", "US", *sum(options, ())]

    *alone, together = run_each(*(asked(*fields) for fields in alone_and_together(wrong)))
    said = [done.stderr.strip().removeprefix("error: ") for done in alone]
    assert [done.returncode for done in alone] == [1, 1, 1]
    # Had been the offer's alone: "error: the target bonus percent is 0 to 200, not 250".
    assert_one_error_line(together, 1, "; ".join(said))
    assert together.stderr.strip() == "error: " + "; ".join(said)


def evaluated(app: TestClient, *offers: dict[str, Any]) -> Any:
    return app.post(EVALUATE, json={"offers": [{"country": "US"} | o for o in offers]})


def assert_said_at_once(alone: list[Any], together: Any) -> None:
    """``together`` says every one of ``alone``'s errors, in their words, 422 each."""
    assert [got.status_code for got in (*alone, together)] == [422] * (len(alone) + 1)
    errors = {key: said for got in alone for key, said in got.json()["errors"].items()}
    assert together.json() == {
        "detail": "; ".join(got.json()["detail"] for got in alone),
        "errors": errors,
    }


@WRONGS
def test_the_api_names_the_offers_field_at_fault_with_the_profiles(
    app: TestClient, wrong: dict[str, Any]
) -> None:
    *alone, together = [
        evaluated(app, given(wrong, *fields)) for fields in alone_and_together(wrong)
    ]
    # Had been {"offers.0.bonus_pct": ...} (or base) alone, the profile not read.
    assert_said_at_once(alone, together)


def test_a_role_past_its_length_is_said_with_the_profiles_other_faults(
    app: TestClient,
) -> None:
    wrong = {"role": "w" * 201, "level": "boss", "years_experience": 99}
    right = {"base": 185_000, "role": "ml_engineer", "level": "senior", "years_experience": 5}
    *alone, together = [
        evaluated(app, right | {f: wrong[f] for f in fields})
        for fields in [("role",), ("level",), ("years_experience",), tuple(wrong)]
    ]
    assert alone[0].json()["errors"] == {"offers.0.role": "is 201 characters long: at most 200"}
    # Had been the role's length alone, the schema's check first.
    assert_said_at_once(alone, together)


def test_every_offer_sent_side_by_side_is_said_at_fault(app: TestClient) -> None:
    right = {"base": 185_000, "role": "ml_engineer"}
    first = {"base": 185_000, "role": "wizard"}
    second = {"base": 1, "role": "ml_engineer", "level": "boss"}
    alone = [evaluated(app, first, right), evaluated(app, right, second)]
    together = evaluated(app, first, second)
    assert [*together.json()["errors"]] == ["offers.0.role", "offers.1.base", "offers.1.level"]
    # Had been offers.0's alone.
    assert_said_at_once(alone, together)
    assert together.json()["detail"].count("; ") == 2


@WRONGS
def test_the_mcp_tool_says_the_offers_argument_at_fault_with_the_profiles(
    talking: Callable[[Talk], Any],  # noqa: F811
    wrong: dict[str, Any],
) -> None:
    calls = [
        ("offer", {"country": "US"} | given(wrong, *fields)) for fields in alone_and_together(wrong)
    ]
    *alone, together = tool_errors(talking, *calls)
    assert [said.split(": ")[1] for said in alone] == list(wrong)
    # Had been "offer: bonus_pct: the target bonus percent is 0 to 200, not 250" alone.
    assert together == "offer: " + "; ".join(said.removeprefix("offer: ") for said in alone)


def test_the_page_and_the_cli_say_the_same_faults_in_the_same_words(
    app: TestClient, web_db: Path
) -> None:
    # The Offer check page said every one already (an offer's column, then the profile):
    # the CLI had said the bonus alone.
    wrong = given(WRONG_BONUS, *WRONG_BONUS)
    page = app.get("/offers", params={"country": "US", "format": "json"} | wrong)
    options = [(OPTION[f], f"{v}") for f, v in wrong.items()]
    (cli,) = run_each(["--db", web_db, "offer", "--country", "US", *sum(options, ())])
    assert page.status_code == 422
    # One offer: its faults led by no "offer 1:" (``offers.led_by_offer``), as the CLI says them.
    assert page.json()["detail"] == cli.stderr.strip().removeprefix("error: ")
