"""A change or difference of pay no two years' pay can be ("grew 999…9%", past any double)
is listed as written and not checked, on every face: it had been checked, its explanation
saying "the claimed +inf% lies above that", the CLI's table "+1.79769e+308%" (and
"1.8e+308" for "$1e400"). Texts are hand-written fixture sentences."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from paygrade.claims import check_text
from paygrade.mcp_server import Tools
from paygrade.store import Store
from paygrade.store.snapshot import PublishedStore
from tests.conftest import write_file
from tests.test_cli import ok
from tests.web.conftest import Server
from tests.web.html import Page
from tests.web.test_claims_page import claims_token

NINES = "9" * 400  # past the largest double: read as infinite
GROWTH = f"Machine learning engineer salaries grew {NINES}% from 2022 to 2024."
# Each a change or difference no two years' pay can be, and the words its claim is said by.
NO_SUCH = [
    (GROWTH, f"grew {NINES}%"),
    (f"Machine learning engineer salaries fell {NINES}% from 2022 to 2024.", f"fell {NINES}%"),
    ("Machine learning engineer salaries fell 150% from 2022 to 2024.", "fell 150%"),
    (f"Senior ML engineers earn {NINES}% more than mid-level ones.", f"{NINES}% more than"),
    (f"Senior ML engineers earn {NINES}% less than mid-level ones.", f"{NINES}% less than"),
    (f"Senior ML engineers earn ${NINES} more than mid-level ones.", f"${NINES} more than"),
    (f"Senior ML engineers earn {NINES} times what mid-level ones earn.", f"{NINES} times what"),
]
# Words no reader should see for a figure: infinity, or the largest double in its stead.
NO_NUMBER = re.compile(r"[+-]?\binf\b|e\+308|e\+06|1\.79769|1\.8e\+308", re.I)


def _checked(result: dict[str, object]) -> list[dict[str, object]]:
    claims = result["claims"]
    assert isinstance(claims, list)
    return claims


@pytest.mark.parametrize(("text", "written"), NO_SUCH)
def test_a_change_no_pay_can_make_is_listed_as_written_and_not_checked(
    real_store: Store, text: str, written: str
) -> None:
    (claim,) = _checked(check_text(real_store, text))
    assert claim["verdict"] == "no_data"
    why = str(claim["explanation"])
    assert NO_NUMBER.search(why) is None, why
    assert why.startswith(f"{written} is no ")
    assert why.endswith("apart, so it is not checked.")


def test_a_change_pay_can_make_is_still_checked(real_store: Store) -> None:
    text = "Machine learning engineer salaries grew 12% from 2022 to 2024."
    (claim,) = _checked(check_text(real_store, text))
    assert claim["verdict"] != "no_data" and "the claimed +12%" in str(claim["explanation"])


def test_the_cli_table_says_such_figures_as_written(web_db: Path, tmp_path: Path) -> None:
    article = write_file(
        tmp_path,
        "article.md",
        f"ML engineers earn $1e400. {GROWTH} Senior ML engineers earn 2500000% more than "
        "mid-level ones.",
    )
    table = ok("--db", web_db, "check-claims", article, env={"COLUMNS": "120"})
    assert NO_NUMBER.search(table) is None, table
    rows = [re.split(r" {2,}", line.strip()) for line in table.splitlines()[4:7]]
    assert [row[1] for row in rows] == [
        "$1e400",
        "grew 999…9% (a 400-digit figure)",
        "+2,500,000% vs mid",
    ]
    assert max(len(line) for line in table.splitlines()[:8]) <= 120  # the table fits
    # Under the table, led by its cell, the explanation gives the figure whole (folded).
    assert "\ngrew 999…9% (a 400-digit figure): grew" in table
    assert f"grew{NINES}%isnochangeofpay" in "".join(table.split())


def test_the_api_over_http_lists_it_not_checked(server: Server) -> None:
    answer = httpx.post(f"{server.url}/api/v1/claims/check", json={"text": GROWTH}, timeout=60)
    assert answer.status_code == 200
    (claim,) = answer.json()["claims"]
    # JSON has no infinity: its ends are the largest double, as docs/cli.md says.
    assert (claim["low"], claim["high"]) == (sys.float_info.max, sys.float_info.max)
    assert claim["verdict"] == "no_data"
    assert NO_NUMBER.search(claim["explanation"]) is None, claim["explanation"]
    assert claim["explanation"].startswith(f"grew {NINES}% is no change of pay there can be")


def test_the_page_says_why_in_words(client: TestClient) -> None:
    token = claims_token(client)
    answer = client.post("/claims", data={"text": GROWTH, "csrf_token": token})
    assert answer.status_code == 200
    assert len(Page(answer.text).by_testid("claims-table")) == 1  # the claim is listed
    words = " ".join(html.unescape(answer.text).split())
    assert NO_NUMBER.search(words) is None, words
    assert "is no change of pay there can be" in words


def test_the_mcp_tool_says_why_in_words(web_db: Path) -> None:
    called = Tools(PublishedStore(web_db)).check_claims(GROWTH)
    assert not called.is_error
    (claim,) = called.structured_content["claims"]
    assert claim["verdict"] == "no_data"
    assert NO_NUMBER.search(claim["explanation"]) is None, claim["explanation"]
