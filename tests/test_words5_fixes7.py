"""One mistake in one set of words, fifth round: records say which years a source holds as
stats say it, on every skin."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from mcp import Client
from mcp.server.mcpserver.exceptions import ToolError

from paygrade.config import Settings
from paygrade.estimate.modelfile import FORMAT, MARKER, ModelFile, save
from paygrade.mcp_server import Tools
from paygrade.store.snapshot import PublishedStore
from paygrade.web import create_app
from paygrade.web.render import sentence
from tests.conftest import run_each
from tests.test_cli import assert_one_error_line
from tests.test_mcp import mcp_db, talking  # noqa: F401 - the MCP session fixtures
from tests.test_words_fixes6 import pages  # noqa: F401 - an app of the real store
from tests.web.html import Page

Talk = Callable[[Client], Any]

# ---------------------------------------------------------------- records: the years a source holds

NONE_OF_2024 = (
    "no record matches all of these filters together; h1b_2024 holds records of 2023 only"
)


def test_the_cli_says_which_years_a_source_holds_of_records_as_of_stats(real_db: Path) -> None:
    # `records` said "no records: no record matches all of these filters together" alone,
    # where `stats` of the same filters named the years h1b_2024 holds.
    (listed,) = run_each(
        ["--db", real_db, "records", "--where", "year=2024", "--where", "source=h1b_2024"]
    )
    assert (listed.returncode, listed.stdout) == (1, "")
    assert listed.stderr == f"no records: {NONE_OF_2024}\n"


def test_the_api_and_the_page_say_which_years_a_source_holds(
    pages: TestClient,  # noqa: F811 - test_words_fixes6's
) -> None:
    # The API answered total 0 and said nothing; the page "No public records match."
    asked = {"where": ["year:2024", "source:h1b_2024"]}
    api = pages.get("/api/v1/records", params=asked)
    assert api.status_code == 200 and api.json()["total"] == 0
    assert api.headers["X-Paygrade-Warning"] == NONE_OF_2024
    page = pages.get("/records", params=asked)
    assert f"No public records match: {NONE_OF_2024}." in page.text
    held = pages.get("/api/v1/records", params={"where": ["source:h1b_2024"], "per_page": 1})
    assert "X-Paygrade-Warning" not in held.headers


def test_mcp_says_which_years_a_source_holds_of_records(
    talking: Callable[[Talk], Any],  # noqa: F811
) -> None:
    async def talk(client: Client) -> Any:
        where = {"year": [2024], "source": ["h1b_2024"]}
        return await client.call_tool("records", {"where": where})

    listed = talking(talk)
    assert not listed.is_error and listed.structured_content["total"] == 0
    assert [said.text for said in listed.content[1:]] == [f"warning: {NONE_OF_2024}"]


# ---------------------------------------------------------------- digits grouped by "_"

NOT_A_NUMBER = "is not a number (write 1200, 1,200 or 12.5; a dot marks decimals)"


def test_the_cli_refuses_digits_grouped_by_underscores_as_the_api_does(
    real_db: Path,
    pages: TestClient,  # noqa: F811 - test_words_fixes6's
) -> None:
    # Typer's int read `--limit 1_000` as 1000 (Python's int takes "_"), where the API's
    # ?limit=1_000 is refused and the shared words say to write 1200 or 1,200.
    limit, page, grouped = run_each(
        ["--db", real_db, "stats", "--by", "level", "--limit", "1_000"],
        ["--db", real_db, "records", "--page", "1_0"],
        ["--db", real_db, "companies", "--limit", "1,000"],
    )
    assert_one_error_line(limit, 2, f"Invalid value for '--limit': '1_000' {NOT_A_NUMBER}")
    assert_one_error_line(page, 2, f"Invalid value for '--page': '1_0' {NOT_A_NUMBER}")
    assert grouped.returncode == 0  # commas group digits, as everywhere
    api = pages.get("/api/v1/stats", params={"limit": "1_000"})
    assert api.json()["errors"] == {"limit": f"'1_000' {NOT_A_NUMBER}"}


# ---------------------------------------------------------------- an estimate field too long

TOO_LONG = "is 5,000 characters long: at most 200"


@pytest.mark.parametrize("field", ["title", "company", "pay_component"])
def test_an_estimate_field_too_long_gets_the_form_again_filled_as_sent(
    pages: TestClient,  # noqa: F811 - test_words_fixes6's
    field: str,
) -> None:
    # It was the bare 422 page "title: is 5,000 characters long: at most 200", the form gone.
    sent = {"role": "ml_engineer", "level": "senior", field: "x" * 5000}
    page = pages.get("/estimate", params=sent)
    assert page.status_code == 422
    said = sentence(f"{field} {TOO_LONG}")  # "Title is 5,000 ...", as the CLI says it
    assert f'<p id="e-error">{said}</p>' in page.text
    assert 'data-testid="estimate-error"' in page.text
    # A text field holds the value sent; the pay's select its choices, as for "Pay is ...".
    assert ("x" * 5000 in page.text) is (field != "pay_component")
    marked = re.search(rf'name="{field}"[^>]*aria-invalid="true"', page.text)
    assert marked is not None
    assert '<option value="senior" selected>' in page.text
    # Programs are told as before: the field, then its problem.
    as_json = pages.get("/estimate", params={**sent, "format": "json"})
    assert as_json.status_code == 422
    assert as_json.json() == {"detail": f"{field}: {TOO_LONG}", "errors": {field: TOO_LONG}}


@pytest.mark.parametrize(
    ("field", "value", "bound"),
    [("country", "x" * 5000, TOO_LONG), ("company", "x" * 5000, TOO_LONG),
     ("role", "x" * 5000, "is 5,000 characters long: at most 200"),
     ("years", "1" * 50, "is 50 characters long: at most 10")],
)  # fmt: skip
def test_a_ladder_field_too_long_gets_the_form_again_filled_as_sent(
    pages: TestClient,  # noqa: F811 - test_words_fixes6's
    field: str,
    value: str,
    bound: str,
) -> None:
    # It was the bare 422 page "country: is 5,000 characters long: at most 200", the form gone.
    sent = {"role": "data_scientist", "level": "senior", field: value}
    page = pages.get("/ladder", params=sent)
    assert page.status_code == 422
    assert f'<p id="l-error">{sentence(f"{field} {bound}")}</p>' in page.text
    assert 'data-testid="ladder-form"' in page.text
    assert re.search(rf'name="{field}" aria-invalid="true"', page.text) is not None
    assert f'value="{value}"' in page.text  # as sent: an input's value, a select's option
    assert '<option value="senior" selected>' in page.text
    as_json = pages.get("/ladder", params={**sent, "format": "json"})
    assert as_json.status_code == 422
    assert as_json.json() == {"detail": f"{field}: {bound}", "errors": {field: bound}}


# ---------------------------------------------------------------- no model, to a visitor

RETRAIN = "this site's operator has not trained a new one (operator: run `paygrade train`)"


def _stopped(folder: Path) -> None:
    # A training's marker whose process is not the one that began it: stopped, unsaved.
    marked = {"pid": os.getpid(), "started": "11:47 UTC", "process_start": "1"}
    (folder / MARKER).write_text(json.dumps(marked))


def _other_version(folder: Path) -> None:
    save(ModelFile(version="20261201T000000Z", trained_on="fixture", format=FORMAT - 1), folder)


def _damaged(folder: Path) -> None:
    (folder / "estimator-20261201T000000Z.pkl").write_bytes(b"garbage, not a model\n")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="process start times: Linux")
@pytest.mark.parametrize(
    ("make", "said"),
    [
        (
            _stopped,
            f"no model yet: the training started at 11:47 UTC stopped without saving a "
            f"model: {RETRAIN}",
        ),
        (_other_version, f"the model was saved by another version of paygrade: {RETRAIN}"),
        (_damaged, f"the model cannot be read: {RETRAIN}"),
    ],
    ids=["stopped", "other version", "damaged"],
)
def test_no_model_is_said_to_a_visitor_as_no_model_trained_is(
    web_db: Path, tmp_path: Path, make: Callable[[Path], None], said: str
) -> None:
    # Each ended "run `paygrade train`", an order to a visitor, where a model never trained
    # is "this site's operator has not trained one (operator: run `paygrade train`)".
    make(tmp_path)
    with TestClient(create_app(Settings(db=web_db, models=tmp_path))) as app:
        api = app.post("/api/v1/estimate", json={"role": "ml_engineer"})
        page = app.get("/estimate", params={"role": "ml_engineer"})
    assert (api.status_code, api.json()["detail"]) == (503, said)
    assert page.status_code == 503
    (error,) = Page(page.text).by_testid("error")
    assert " ".join(error.text.split()) == said


def test_mcp_without_a_models_folder_says_no_model_as_the_page_does(web_db: Path) -> None:
    # It said "no model folder configured: run `paygrade train` first".
    with pytest.raises(ToolError) as refused:
        Tools(PublishedStore(web_db)).estimate({"role": "ml_engineer"})
    assert str(refused.value) == (
        "no model yet: this server reads no models folder (operator: serve with "
        "PAYGRADE_MODELS naming the folder `paygrade train` saves into)"
    )
