"""The offer check as a demanding user met it on each face: the API and the MCP tool said a
negative amount in their schema's words ("must be more than 0, not -1") where the CLI and
the page say "base cannot be negative"; a JSON list for ``vesting`` ([25, 25, 25, 25]) was
"input should be a valid string"; peers of one pay year were said "recent_years 2024-2024";
an even three-year schedule had no preset."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from mcp import Client

from paygrade.filters import MAX_VALUE_LENGTH
from paygrade.offers import presets
from tests.conftest import ROOT, run_each
from tests.test_cli import assert_one_error_line
from tests.test_mcp import mcp_db, talking, tool_errors  # noqa: F401 - the MCP session fixtures

Talk = Callable[[Client], Any]


# ---------------------------------------------------------------- an amount below 0

# Each amount below its least: the CLI's options, the body's (and the tool's) fields, the
# page's parameters, and the words every face says, the library's (``offers.below_least``).
BELOW = [
    (["--base=-1"], {"base": -1}, {"base": "-1"}, "base", "base cannot be negative"),
    (["--base", "0"], {"base": 0}, {"base": "0"}, "base", "base must be more than 0"),
    (["--sign-on=-5"], {"sign_on": -5}, {"sign_on": "-5"}, "sign_on", "sign-on cannot be negative"),
    (
        ["--sign-on-year2=-5"],
        {"sign_on_year2": -5},
        {"sign_on_year2": "-5"},
        "sign_on_year2",
        "second-year sign-on cannot be negative",
    ),
    (["--bonus=-5"], {"bonus": -5}, {"bonus": "-5"}, "bonus", "bonus cannot be negative"),
    (["--equity=-5"], {"equity": -5}, {"equity": "-5"}, "equity", "equity cannot be negative"),
    (
        ["--refresher=-5"],
        {"refresher": -5},
        {"refresher": "-5"},
        "refresher",
        "refresher cannot be negative",
    ),
    (
        ["--shares=-5", "--price", "3"],
        {"shares": -5, "price": 3},
        {"shares": "-5", "price": "3"},
        "shares",
        "shares cannot be negative",
    ),
    (
        ["--shares", "5", "--price=-3"],
        {"shares": 5, "price": -3},
        {"shares": "5", "price": "-3"},
        "price",
        "price cannot be negative",
    ),
]  # fmt: skip


def with_base(given: dict[str, Any], base: Any) -> dict[str, Any]:
    """The offer's fields, a base of ``base`` unless the mistake is the base's own."""
    return {"base": base, **given}


def with_base_option(options: list[str]) -> list[str]:
    """The command's options, a base of 185k unless the mistake is the base's own."""
    return options if options[0].startswith("--base") else ["--base", "185k", *options]


def test_the_cli_and_the_page_say_an_amount_below_0_in_the_library_words(
    web_db: Path, app: TestClient
) -> None:
    done = run_each(*(("--db", web_db, "offer", *with_base_option(opts)) for opts, *_ in BELOW))
    for (*_, said), cli in zip(BELOW, done, strict=True):
        assert_one_error_line(cli, 1, said)
    for _, _, query, _, said in BELOW:
        page = app.get("/offers", params={**with_base(query, "185k"), "format": "json"})
        assert (page.status_code, page.json()["detail"]) == (422, said)


def test_the_api_says_an_amount_below_0_as_the_cli_and_the_page_say_it(app: TestClient) -> None:
    for _, body, _, field, said in BELOW:
        got = app.post("/api/v1/offers/evaluate", json={"offers": [with_base(body, 185_000)]})
        assert got.status_code == 422
        # Was "offers.0.base: must be more than 0, not -1", "must be 0 or more, not -5".
        assert got.json() == {
            "detail": f"offers.0.{field}: {said}",
            "errors": {f"offers.0.{field}": said},
        }


def test_the_mcp_tool_says_an_amount_below_0_as_the_cli_says_it(
    talking: Callable[[Talk], Any],  # noqa: F811
) -> None:
    said = tool_errors(talking, *(("offer", with_base(body, 185_000)) for _, body, *_ in BELOW))
    assert said == [f"offer: {field}: {words}" for *_, field, words in BELOW]


# ---------------------------------------------------------------- vesting as a JSON list

WRITTEN = (
    "vesting is a preset (even, even_3yr, amazon, google, front_loaded, airbnb) or "
    'percentages that sum to 100, as text ("25,25,25,25") or as a list of numbers '
    "([25, 25, 25, 25])"
)
NOT_SCHEDULES = [["25%", "75%"], [True, 99], 25, {"years": 4}]


def test_the_api_reads_a_list_of_numbers_as_the_schedule_its_text_is(app: TestClient) -> None:
    def evaluated(vesting: Any) -> Any:
        offer = {"base": 185_000, "equity": 400_000, "vesting": vesting, "role": "ml_engineer"}
        got = app.post("/api/v1/offers/evaluate", json={"offers": [{**offer, "country": "US"}]})
        return got.status_code, got.json()

    listed, text = evaluated([5, 15, 40, 40]), evaluated("5,15,40,40")
    assert listed[0] == 200, listed  # was 422 "offers.0.vesting: input should be a valid string"
    assert listed == text
    assert [year["stock"] for year in listed[1]["offers"][0]["years"]] == [
        20_000,
        60_000,
        160_000,
        160_000,
    ]
    # The list is held to the library's checks, in its words, as the text is.
    assert (
        evaluated([50, 40])[1]["detail"]
        == "offers.0.vesting: vesting percentages sum to 90, not 100"
    )
    assert evaluated([])[1]["detail"] == "offers.0.vesting: a vesting schedule has 1 to 10 years"
    for vesting in NOT_SCHEDULES:
        status, said = evaluated(vesting)
        assert (status, said["errors"]) == (422, {"offers.0.vesting": WRITTEN}), vesting
    # Text too long is told that alone, as before, not also that it is no list.
    long = "is 101 characters long: at most 100"
    assert evaluated("1" * 101) == (
        422,
        {"detail": f"offers.0.vesting: {long}", "errors": {"offers.0.vesting": long}},
    )


def test_the_mcp_tool_reads_a_list_of_numbers_as_the_schedule_its_text_is(
    talking: Callable[[Talk], Any],  # noqa: F811
) -> None:
    async def talk(client: Client) -> list[Any]:
        asked = [[5, 15, 40, 40], "5,15,40,40"]
        return [
            await client.call_tool("offer", {"base": 185_000, "equity": 400_000, "vesting": v})
            for v in asked
        ]

    listed, text = talking(talk)
    assert not listed.is_error, listed.content[0].text
    assert listed.content[0].text == text.content[0].text
    asked = [*NOT_SCHEDULES, "1" * (MAX_VALUE_LENGTH + 1)]
    said = tool_errors(talking, *(("offer", {"base": 185_000, "vesting": v}) for v in asked))
    assert said[:-1] == [f"offer: vesting: {WRITTEN}"] * len(NOT_SCHEDULES)
    # Text too long is told that alone, as before, not also that it is no list.
    assert said[-1].startswith("offer: vesting: is 201 characters long: at most 200"), said[-1]


# ---------------------------------------------------------------- one pay year, said once


def test_peers_of_one_pay_year_are_said_of_that_year_not_a_range_of_it(
    web_db: Path, app: TestClient
) -> None:
    # The real data's senior software engineers in GB report total pay of one year only.
    profile = ["--role", "software_engineer", "--level", "senior", "--country", "GB"]
    asked = ("--db", web_db, "offer", "--base", "100k", *profile)
    as_json, as_table = run_each((*asked, "--format", "json"), asked)
    first, last = json.loads(as_json.stdout)["market"]["filters"]["recent_years"]
    assert first == last  # the case at hand; the JSON keeps its pair
    (peers,) = [line for line in as_table.stdout.splitlines() if line.startswith("peers: ")]
    assert peers.endswith(f", recent_years {first}"), peers  # was "recent_years 2024-2024"
    query = {"base": "100k", "role": "software_engineer", "level": "senior", "country": "GB"}
    page = app.get("/offers", params=query)
    assert f"recent years {first}; sources" in page.text
    assert f"{first}-{first}" not in page.text


# ---------------------------------------------------------------- an even three-year grant


def test_an_even_three_year_grant_is_a_preset_on_every_face(
    web_db: Path,
    app: TestClient,
    talking: Callable[[Talk], Any],  # noqa: F811
) -> None:
    grant = ["--base", "185k", "--equity", "300k", "--vesting", "even_3yr", "--format", "json"]
    cli, helped = run_each(("--db", web_db, "offer", *grant), ("offer", "--help"))
    years = json.loads(cli.stdout)["years"]
    assert [year["stock"] for year in years] == [100_000, 100_000, 100_000, 0]  # equal thirds
    body = {"offers": [{"base": 185_000, "equity": 300_000, "vesting": "even_3yr"}]}
    api = app.post("/api/v1/offers/evaluate", json=body)
    assert api.status_code == 200, api.text
    assert api.json()["offers"][0]["years"] == years

    async def talk(client: Client) -> Any:
        tools = (await client.list_tools()).tools
        offer = next(tool for tool in tools if tool.name == "offer")
        return offer.input_schema["properties"]["vesting"]["description"]

    # Every face that lists the presets names each of them, the new one too.
    listings = {
        "paygrade offer --help": " ".join(helped.stdout.split()),
        "the MCP tool": talking(talk),
        "docs/cli.md": (ROOT / "docs/cli.md").read_text(),
        "docs/methodology.md": (ROOT / "docs/methodology.md").read_text(),
        "the offers page": app.get("/offers").text,
    }
    for face, text in listings.items():
        missing = [name for name in presets() if not re.search(rf"\b{name}\b", text)]
        assert missing == [], f"{face} does not name {missing}"


# ---------------------------------------------------------------- what the check leaves out


def test_the_docs_say_what_the_offer_check_does_not_model() -> None:
    for doc in ("docs/cli.md", "docs/methodology.md"):
        text = " ".join((ROOT / doc).read_text().split())
        for left_out in ("clawback", "prorat", "start part-way through"):
            assert left_out in text, (doc, left_out)
