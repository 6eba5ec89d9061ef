"""Gaps carried in earlier notes, met as a user on each face: an offer's amount past
10,000,000,000,000 was told "must be 10000000000000 or less" by the API and the MCP tool,
where the CLI and the page say the library's "base of ... is beyond 20,000,000 USD"."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from mcp import Client

from tests.conftest import run_each
from tests.test_cli import assert_one_error_line
from tests.test_mcp import mcp_db, talking, tool_errors  # noqa: F401 - the MCP session fixtures

Talk = Callable[[Client], Any]


# ---------------------------------------------------------------- an amount past 1e13

# Each amount past the schemas' most (10**13): the CLI's option, the body's (and the
# tool's) field and the page's parameter, and the words every face says, the library's.
TYPO = "100,000,000,000,000 is beyond {:,} USD: is it a typo?"
PAST = [
    ("base", "--base", f"base of {TYPO.format(20_000_000)}"),
    ("sign_on", "--sign-on", f"sign-on of {TYPO.format(20_000_000)}"),
    ("equity", "--equity", f"equity of {TYPO.format(200_000_000)}"),
    ("refresher", "--refresher", f"refresher of {TYPO.format(20_000_000)}"),
]
HUGE = 10**14


def with_base(field: str, amount: Any, base: Any) -> dict[str, Any]:
    """The offer's fields: ``field`` of ``amount``, a base of ``base`` unless it is it."""
    return {"base": base, field: amount}


def test_the_cli_and_the_page_say_an_amount_past_1e13_in_the_library_words(
    web_db: Path, app: TestClient
) -> None:
    def options(option: str) -> list[str]:
        return [option, str(HUGE)] if option == "--base" else ["--base", "185k", option, str(HUGE)]

    done = run_each(*(("--db", web_db, "offer", *options(option)) for _, option, _ in PAST))
    for (*_, said), cli in zip(PAST, done, strict=True):
        assert_one_error_line(cli, 1, said)
    for field, _, said in PAST:
        query = {**with_base(field, str(HUGE), "185k"), "format": "json"}
        page = app.get("/offers", params=query)
        assert (page.status_code, page.json()["detail"]) == (422, said)


def test_the_api_says_an_amount_past_1e13_as_the_cli_and_the_page_say_it(app: TestClient) -> None:
    for field, _, said in PAST:
        got = app.post(
            "/api/v1/offers/evaluate", json={"offers": [with_base(field, HUGE, 185_000)]}
        )
        # Was "offers.0.base: must be 10000000000000 or less, not 100000000000000".
        assert (got.status_code, got.json()) == (
            422,
            {"detail": f"offers.0.{field}: {said}", "errors": {f"offers.0.{field}": said}},
        )


def test_the_api_says_an_amount_past_1e13_in_another_currency_with_its_dollars(
    app: TestClient,
) -> None:
    body = {"offers": [{"base": HUGE, "currency": "JPY"}]}
    detail = app.post("/api/v1/offers/evaluate", json=body).json()["detail"]
    assert detail.startswith("offers.0.base: base of 100,000,000,000,000 JPY (")
    assert detail.endswith(" USD) is beyond 20,000,000 USD: is it a typo?")


def test_the_mcp_tool_says_an_amount_past_1e13_as_the_cli_says_it(
    talking: Callable[[Talk], Any],  # noqa: F811
) -> None:
    said = tool_errors(talking, *(("offer", with_base(field, HUGE, 185_000)) for field, *_ in PAST))
    assert said == [f"offer: {field}: {words}" for field, _, words in PAST]


# ---------------------------------------------------------------- ladder --format json


def test_ladder_json_says_on_stderr_what_the_table_notes(real_db: Path) -> None:
    """A ladder's JSON says beside it why its pay is empty, and a step falling beyond
    noise, as `stats`, `estimate` and `offer` say theirs: it had said nothing on stderr."""
    asked = [("--company", "Google"), ("--role", "software_engineer")]
    done = run_each(
        *(("--db", real_db, "ladder", *a, "--format", f) for a in asked for f in ("table", "json"))
    )
    for table, as_json in zip(done[::2], done[1::2], strict=True):
        assert (table.returncode, as_json.returncode, table.stderr) == (0, 0, "")
        notes = [
            line.removeprefix("note: ").removeprefix("! ")
            for line in table.stdout.splitlines()
            if line.startswith(("note: ! ", "note: 2 ml_engineer records name Google"))
        ]
        assert notes  # each ladder has one: the case is still one that has something to say
        assert as_json.stderr == "".join(f"warning: {note}\n" for note in notes)


# ---------------------------------------------------------------- records: its counts


def test_records_say_a_count_of_pages_as_they_say_the_records(real_db: Path) -> None:
    """ "Records 1-2 of 62,154" above "page 1 of 31077", and "the answer has 1485 pages
    (74,221 records)": one answer wrote its counts two ways."""
    asked = ("--db", real_db, "records", "--where", "source=aijobs", "--per-page", "2")
    answer, table, past = run_each(
        (*asked, "--format", "json"), asked, (*asked, "--page", "1000000")
    )
    pages, total = json.loads(answer.stdout)["pages"], json.loads(answer.stdout)["total"]
    assert pages >= 1_000  # a count the thousands mark
    assert f"Records 1-2 of {total:,}, newest first" in table.stdout
    assert f"page 1 of {pages:,}: --page 2 for more\n" in table.stdout
    said = f"page 1000000 of {pages:,}: the answer has {pages:,} pages ({total:,} records)"
    assert_one_error_line(past, 1, said)
