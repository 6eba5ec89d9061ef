"""The CLI and MCP (a real `paygrade mcp` on a published copy of the real store, as
tests/test_mcp.py drives it) hold a text to one bound and say it in one way: a role, a metro,
a company or a filter's value past 200 characters, an article past 50,000; they name a metro
no area is called alike in `compare` and `local-prices` (tests/web/test_faces2_fixes71.py
asks the API the same)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from paygrade.claims import MAX_TEXT, too_long
from paygrade.compare import compare
from paygrade.records import BadFilter
from paygrade.store import Store
from tests import test_mcp
from tests.conftest import run_each

# test_mcp's fixtures, here by name: a published copy of the real store, one session on it
# through the SDK's client.
mcp_db = test_mcp.mcp_db
talking = test_mcp.talking

LONG = "x" * 300
BOUND = "is 300 characters long: at most 200"


def _call(talking: Any, tool: str, arguments: dict[str, Any]) -> str:
    """The text of an MCP tool's refusal of ``arguments``."""

    async def talk(client: Client) -> Any:
        return await client.call_tool(tool, arguments)

    answer = talking(talk)
    assert answer.is_error, answer
    return str(answer.content[0].text)


def test_a_value_too_long_is_said_in_mcps_words_by_the_cli(real_db: Path, talking: Any) -> None:
    # `compare --metro <300 x>` had said "no metro area is called ...", `ladder --company`
    # "no reviewed level mapping ...", and a filter's value "a value of company is 300
    # characters: at most 200", where MCP says "is 300 characters long: at most 200".
    asked = {
        "role": (("compare", "--role", LONG, "--country", "US"), "compare", {"role": LONG}),
        "metro": (
            ("compare", "--role", "ml_engineer", "--metro", LONG),
            "compare",
            {"role": "ml_engineer", "metro": LONG},
        ),
        "company": (("ladder", "--company", LONG), "ladder", {"company": LONG}),
    }
    answers = run_each(*[("--db", real_db, *cli) for cli, _, _ in asked.values()])
    for (name, (_, tool, arguments)), cli in zip(asked.items(), answers, strict=True):
        assert (cli.returncode, cli.stderr) == (1, f"error: {name} {BOUND}\n")
        assert _call(talking, tool, arguments) == f"{tool}: {name}: {BOUND}"
    (filtered,) = run_each(("--db", real_db, "stats", "--where", f"company={LONG}"))
    assert filtered.stderr == f"error: a value of company {BOUND}\n"
    said = _call(talking, "stats", {"where": {"company": [LONG]}})
    assert said == f"stats: where.company.0: {BOUND}"


def test_the_library_holds_every_value_to_one_bound(real_store: Store) -> None:
    # A level past the bound: the library's words, before the vocabulary's.
    with pytest.raises(BadFilter) as refused:
        compare(real_store, role="ml_engineer", level="l" * 201, country="US")
    assert str(refused.value) == "level is 201 characters long: at most 200"
    with pytest.raises(BadFilter) as unknown:  # at the bound: read, and no level
        compare(real_store, role="ml_engineer", level="l" * 200, country="US")
    assert "characters long" not in str(unknown.value)


def test_an_article_too_long_is_said_in_mcps_words_without_the_cli(talking: Any) -> None:
    # The API's 413 (claims.too_long) had said "... check a longer article in parts, or with
    # `paygrade check-claims FILE`", a command an API user has none of.
    text = "y" * 60_000
    assert too_long(text) == "is 60,000 characters long: at most 50,000"
    assert too_long("y" * MAX_TEXT) == ""
    said = _call(talking, "check_claims", {"text": text})
    assert said == f"check_claims: text: {too_long(text)}"


def test_local_prices_names_a_metro_no_area_is_called_as_compare(
    real_db: Path, talking: Any
) -> None:
    # local-prices had said "no record has metro 'Atlantis'", compare "no metro area is
    # called 'Atlantis'" (local-prices takes a metro BEA alone prices: it is no record's).
    prices, compared = run_each(
        ("--db", real_db, "local-prices", "--metro", "Atlantis"),
        ("--db", real_db, "compare", "--role", "ml_engineer", "--metro", "Atlantis"),
    )
    assert prices.returncode == compared.returncode == 1
    assert prices.stderr.startswith("error: no metro area is called 'Atlantis'; did you mean ")
    assert prices.stderr == compared.stderr
    said = _call(talking, "local_prices", {"metros": ["Atlantis"]})
    assert said == f"local_prices: {prices.stderr.removeprefix('error: ').strip()}"
