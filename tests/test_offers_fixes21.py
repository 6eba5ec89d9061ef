"""A market profile with several inputs wrong, as a user met it on the CLI, the API and the
MCP tool: `paygrade offer --role wizard --level boss --years 99` said the years alone, the
role only once they were put right, then the level; the API and the MCP tool likewise
(their years read first, by the schema). The /offers page says every one at once
(``offers.profile_problems``); now every face does, each problem in the words that face
says it alone, the status kept."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from mcp import Client

from tests.conftest import run_each
from tests.test_cli import assert_one_error_line
from tests.test_mcp import mcp_db, talking, tool_errors  # noqa: F401 - the MCP session fixtures

Talk = Callable[[Client], Any]

# Three inputs of the profile at fault at once: a role and a level outside the vocabulary
# and years of experience past 60, each said alone in a profile otherwise right; each
# face's own name of each (the CLI's option).
RIGHT = {"role": "ml_engineer", "level": "senior", "years": 5}
WRONG = {"role": "wizard", "level": "boss", "years": 99}
OPTION = {"role": "--role", "level": "--level", "years": "--years"}
ARGUMENT = {"role": "role", "level": "level", "years": "years_experience"}
BASE = 185_000


def profiled(field: str, wrong: tuple[str, ...]) -> object:
    """The value of the profile's ``field``: wrong when among ``wrong``, else right."""
    return WRONG[field] if field in wrong else RIGHT[field]


def test_the_cli_says_every_profile_input_at_fault_at_once(web_db: Path) -> None:
    def asked(*fields: str) -> list[object]:
        given = [(OPTION[f], f"{profiled(f, fields)}") for f in RIGHT]
        return ["--db", web_db, "offer", "--base", f"{BASE}", "--country", "US", *sum(given, ())]

    *alone, together = run_each(*(asked(field) for field in WRONG), asked(*WRONG))
    said = [done.stderr.strip().removeprefix("error: ") for done in alone]
    # Had been "error: years of experience are 0 to 60, not 99" alone.
    assert_one_error_line(together, 1, "; ".join(said))
    assert together.stderr.strip() == "error: " + "; ".join(said)
    assert [done.returncode for done in alone] == [1, 1, 1]


def test_the_api_names_every_profile_field_at_fault_at_once(app: TestClient) -> None:
    def evaluated(*fields: str) -> Any:
        offer = {"base": BASE, "country": "US"} | {ARGUMENT[f]: profiled(f, fields) for f in RIGHT}
        return app.post("/api/v1/offers/evaluate", json={"offers": [offer]})

    alone = [evaluated(field) for field in WRONG]
    together = evaluated(*WRONG)
    assert [got.status_code for got in (*alone, together)] == [422] * 4
    errors = {key: said for got in alone for key, said in got.json()["errors"].items()}
    assert list(errors) == [f"offers.0.{ARGUMENT[f]}" for f in WRONG]
    # Had been {"offers.0.years_experience": ...} alone, found by the schema first.
    assert together.json() == {
        "detail": "; ".join(got.json()["detail"] for got in alone),
        "errors": errors,
    }


def test_the_mcp_tool_says_every_profile_argument_at_fault_at_once(
    talking: Callable[[Talk], Any],  # noqa: F811
) -> None:
    def call(*fields: str) -> tuple[str, dict[str, Any]]:
        return "offer", {"base": BASE, "country": "US"} | {
            ARGUMENT[f]: profiled(f, fields) for f in RIGHT
        }

    *alone, together = tool_errors(talking, *(call(field) for field in WRONG), call(*WRONG))
    assert [said.split(": ")[1] for said in alone] == list(ARGUMENT.values())
    # Had been "offer: years_experience: years of experience are 0 to 60, not 99" alone.
    assert together == "offer: " + "; ".join(said.removeprefix("offer: ") for said in alone)
