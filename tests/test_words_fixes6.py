"""One mistake in one set of words on every skin: a submission's numbers out of range, years
typed on the ladder and offers pages, pay asked as a field to group by, and the report's
cell for a median interval withheld."""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from mcp import Client

from paygrade.config import Settings
from paygrade.engines import PRIVATE_MIN
from paygrade.report.render import row_cells
from paygrade.stats import stats
from paygrade.store import Store
from paygrade.submissions import BadSubmission, validate
from paygrade.web import create_app
from tests.conftest import copy_of, run_each
from tests.test_mcp import mcp_db, talking, tool_errors  # noqa: F401 - the MCP session fixtures
from tests.test_privacy import COMPANY, store  # noqa: F401 - the store with submissions
from tests.test_submissions import GOOD
from tests.web.test_pages import SALARY, form_token

Talk = Callable[[Client], Any]

# ---------------------------------------------------------------- a submission's numbers

YEARS = "years of experience are 0 to 60, not 61"


@pytest.fixture(scope="module")
def queue_only(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """An app whose store does not exist: taking submissions needs none."""
    db = tmp_path_factory.mktemp("queue") / "none.duckdb"
    settings = Settings(db=db, submissions_per_hour=100)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def test_the_library_says_a_submissions_years_and_year_as_every_skin_says_them() -> None:
    # It said "not between 0 and 60" and "not between 1990 and 2027".
    for sent, field, said in (
        ({"years_experience": 61}, "years_experience", YEARS),
        ({"years_experience": " 61.0 "}, "years_experience", f"{YEARS}.0"),
        ({"year": 1989}, "year", "the year is 1990 to "),
    ):
        with pytest.raises(BadSubmission) as caught:
            validate({**GOOD, **sent})
        assert caught.value.errors[field].startswith(said)
    assert caught.value.errors["year"].endswith(", not 1989")


@pytest.mark.parametrize(
    ("sent", "field"),
    [
        ({"years_experience": 61}, "years_experience"),
        ({"years_experience": -1}, "years_experience"),
        ({"year": 1989}, "year"),
        ({"base": -5}, "base"),
        ({"bonus": -1}, "bonus"),
        ({"stock_per_year": -1}, "stock_per_year"),
    ],
)
def test_the_api_tells_a_submissions_number_out_of_range_in_the_forms_words(
    queue_only: TestClient, sent: dict[str, Any], field: str
) -> None:
    # It said pydantic's own: "input should be less than or equal to 60", "... greater than
    # or equal to 1990", "input should be greater than 0".
    got = queue_only.post("/api/v1/submissions", json={**GOOD, **sent})
    assert got.status_code == 422
    with pytest.raises(BadSubmission) as caught:
        validate({**GOOD, **sent})
    assert got.json()["errors"][field] == caught.value.errors[field]
    assert "input should" not in got.json()["detail"]


def test_the_api_and_the_form_say_years_out_of_range_as_every_skin(
    queue_only: TestClient,
) -> None:
    got = queue_only.post("/api/v1/submissions", json={**GOOD, "years_experience": 61})
    assert got.json()["errors"] == {"years_experience": YEARS}
    sent = {**SALARY, "years_experience": "61.0", "csrf_token": form_token(queue_only)}
    page = queue_only.post("/submit", data=sent)
    assert page.status_code == 422
    assert f"{YEARS}.0" in page.text  # as typed, as every text is echoed
    schema = queue_only.get("/openapi.json").json()["components"]["schemas"]
    years = schema["SubmissionRequest"]["properties"]["years_experience"]["anyOf"][0]
    assert (years["minimum"], years["maximum"]) == (0, 60)  # the schema still says the bound


# ---------------------------------------------------------------- years typed on a page


def shown(page: str) -> str:
    """A page's text as read: entities read, lines joined, letters small (a page's message
    starts with a capital)."""
    return " ".join(html.unescape(page).split()).casefold()


@pytest.fixture(scope="module")
def pages(web_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(db=web_db)), raise_server_exceptions=False) as client:
        yield client


@pytest.mark.parametrize("typed", ["61.0", "061", "1e2"])
def test_the_ladder_and_offers_pages_echo_years_as_typed(pages: TestClient, typed: str) -> None:
    # Both said "not 61" (and "not 100" of 1e2), where the API's query says "not 61.0".
    said = f"years of experience are 0 to 60, not {typed}"
    ladder = pages.get("/ladder", params={"years": typed})
    offer = {"base": "185000", "role": "ml_engineer", "years": typed}
    offers = pages.get("/offers", params=offer)
    for page in (ladder, offers):
        assert page.status_code == 422
        assert said in shown(page.text)
    assert said in pages.get("/api/v1/ladder", params={"years": typed}).json()["detail"]


def test_the_offers_page_echoes_its_other_bounds_as_typed(pages: TestClient) -> None:
    offer = {"base": "185000", "cliff_months": "13.0"}
    page = pages.get("/offers", params=offer)
    assert "the cliff is 0 to 12 months, not 13.0" in shown(page.text)
    offer = {"base": "185000", "growth_pct": "150.0"}
    page = pages.get("/offers", params=offer)
    assert "stock growth is -90 to 100 percent a year, not 150.0" in shown(page.text)


# ---------------------------------------------------------------- pay is not a field to group by

PAY_NOT_GROUPED = "amount_usd is the pay summarized, not a field to group by; use one of: source,"


def test_the_cli_says_why_pay_is_no_field_to_group_by(real_db: Path) -> None:
    # It said only "unknown field 'amount_usd'; use one of: ...", where a filter of it is told.
    (done,) = run_each(["--db", real_db, "stats", "--by", "amount_usd"])
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: {PAY_NOT_GROUPED}")
    assert len(done.stderr.splitlines()) == 1


def test_the_api_and_mcp_say_why_pay_is_no_field_to_group_by(
    pages: TestClient,
    talking: Callable[[Talk], Any],  # noqa: F811
) -> None:
    got = pages.get("/api/v1/stats", params={"by": "amount_usd"})
    assert got.status_code == 422
    assert got.json()["detail"].startswith(PAY_NOT_GROUPED)
    (said,) = tool_errors(talking, ("stats", {"by": ["amount_usd"]}))
    assert said.startswith(f"stats: {PAY_NOT_GROUPED}")
    assert said == f"stats: {got.json()['detail']}"


# ---------------------------------------------------------------- the report's withheld interval


def test_the_reports_interval_cell_says_withheld_of_a_group_counting_submissions(
    store: Store,  # noqa: F811 - test_privacy's: the real store with fixture submissions
) -> None:
    # Its cell was blank, as a group of too few records has none; local prices say "withheld".
    where = {"company": [COMPANY], "pay_component": ["base"], "level": ["mid"]}
    (group,) = stats(store, [], where)["groups"]
    assert group["n"] == PRIVATE_MIN and group["p50_ci"] is None
    keys = [("n", "n"), ("p50", "median"), ("p50_ci", "median 95% CI")]
    assert row_cells(group, keys)[2] == "withheld"
    (public,) = stats(store, [], {"company": ["Google"], "pay_component": ["base"]})["groups"]
    assert row_cells(public, keys)[2].startswith("$")  # a public group's is shown


def test_a_pages_interval_cell_says_withheld_of_a_group_counting_submissions(
    store: Store,  # noqa: F811 - test_privacy's: the real store with fixture submissions
    tmp_path: Path,
) -> None:
    # Its cell was "—", as a group of too few records has, where the report says "withheld".
    app = create_app(Settings(db=copy_of(Path(store.path), tmp_path)))
    with TestClient(app, raise_server_exceptions=False) as client:
        asked = f"where=company:{COMPANY}&where=pay_component:base&by=level"
        got = client.get(f"/explore?{asked}")
        assert got.status_code == 200
        table = got.text.split('data-testid="stats-table"')[1].split("</table>")[0]
        cells = [c.split("</td>")[0] for c in table.split('<td class="ci">')[1:]]
        assert cells == ["withheld"], cells  # the mid-level group of ten submissions
        google = client.get("/explore?where=company:Google&where=pay_component:base").text
        (public,) = [c.split("</td>")[0] for c in google.split('<td class="ci">')[1:2]]
        assert public.startswith("$"), public  # a public group's is shown


def test_the_stats_tables_interval_cell_says_withheld_of_a_group_counting_submissions(
    store: Store,  # noqa: F811 - test_privacy's: the real store with fixture submissions
) -> None:
    # The CLI's and MCP's stats table left it blank, as of a group of too few records.
    from paygrade.formats import render_stats

    where = {"company": [COMPANY], "pay_component": ["base"]}
    table = render_stats(stats(store, ["level"], where), "table")
    (mid,) = [line for line in table.splitlines() if " mid " in line]
    assert mid.rstrip(" │").endswith("withheld"), mid
    assert "median 95% CI withheld of a group counting submitted salaries" in table
