"""compare, ladder and local prices say which rows' figures are coarse (``rounded_to``).

A group counting submitted salaries publishes its mean and percentiles to the nearest
$1,000 (``stats.PRIVATE_STEP``) and says so in ``rounded_to``; compare's records rows,
the ladder's cells (and steps, path levels) and the factor table's metros pick their keys
from the group by name, and had shown 119,000 / 129,000 / 138,000 as if exact, with no
word in the JSON, the table or the page.

The submissions are tests/test_privacy_fixes7.py's hand-written fixtures (companies
"Quuxlytics Fixture ...", data scientists at Atlanta, GA), in a scratch store of their
own beside OFLC's geography and BEA's price parities (reference tables, no pay), which a
metro's figures need.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from paygrade.compare import compare
from paygrade.config import Settings
from paygrade.formats import render_compare, render_factor_table, render_ladder
from paygrade.ladder import ladder
from paygrade.prices import factor_table
from paygrade.store import Store
from paygrade.web.app import create_app
from paygrade.web.links import location_url
from tests.test_privacy_fixes7 import PRIVATE_STEP, build_fixture_db

ATLANTA = "Atlanta-Sandy Springs-Roswell, GA"
SEATTLE = "Seattle-Tacoma-Bellevue, WA"
SAID = "mean and percentiles to the nearest $1,000 of a group counting submitted salaries"
PAGE_SAID = 'data-testid="stats-rounded">Mean and percentiles to the nearest $1,000'


def one_line(text: str) -> str:
    """A table's text with its wrapping undone: a note is wrapped to the terminal's width,
    which differs between a test process and an xdist worker."""
    return " ".join(text.split())


# Hand-written public fixture rows at Atlanta: a group of them alone stays exact, unsaid.
PUBLIC_ATLANTA_FIXTURE = "year,title,company,level,pay_component,amount_usd,city,state,country\n"
PUBLIC_ATLANTA_FIXTURE += "".join(
    f"2024,Research Scientist,Quuxlytics Fixture Public,senior,base,{pay},Atlanta,GA,US\n"
    for pay in (150_000.01, 152_000.02, 154_000.03, 156_000.04, 158_000.05, 160_000.07)
)


@pytest.fixture(scope="module")
def priced_db(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    folder = tmp_path_factory.mktemp("privacy-rows-fixes7")
    public = folder / "fixture-public-atlanta.csv"
    public.write_text(PUBLIC_ATLANTA_FIXTURE, encoding="utf-8")
    first = (
        ("oflc_geography", data_dir / "oflc-geography-2025-26.csv"),
        ("bea_rpp", data_dir / "bea-rpp-msa-2008-2024.csv"),
        ("csv", public),
    )
    return build_fixture_db(folder, first)


@pytest.fixture(scope="module")
def priced(priced_db: Path) -> Iterator[Store]:
    with closing(Store.open(priced_db, read_only=True)) as opened:
        yield opened


def _submitted(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [row for row in rows if row.get("source") == "submission"]


def test_compare_rows_say_their_percentiles_are_to_the_nearest_thousand(priced: Store) -> None:
    result = compare(priced, role="data_scientist", metro=ATLANTA)
    rows = _submitted(result["rows"])
    assert rows and all(row["p50"] % PRIVATE_STEP == 0 for row in rows)  # 129,000
    # Last, after p50_local: every key it joined keeps its place.
    assert [list(row)[-2:] for row in rows] == [["p50_local", "rounded_to"]] * len(rows)
    assert {row["rounded_to"] for row in rows} == {PRIVATE_STEP}
    assert SAID in one_line(render_compare(result, "table"))
    # Public records alone: exact, and nothing said.
    public = compare(priced, role="research_scientist", metro=ATLANTA)
    assert [row["rounded_to"] for row in public["rows"]] == [None]
    assert public["rows"][0]["p50"] == 155_000.04  # to the cent
    assert SAID not in one_line(render_compare(public, "table"))


def test_ladder_cells_steps_and_path_say_it(priced: Store) -> None:
    result = ladder(priced, role="data_scientist", level="entry")
    mid = result["levels"][1]["pay"]
    assert mid["total"]["p25"] == 119_000.0 and mid["total"]["rounded_to"] == PRIVATE_STEP
    assert list(mid["base"])[-1] == "rounded_to"
    assert result["path"][1]["pay"]["rounded_to"] == PRIVATE_STEP
    assert SAID in one_line(render_ladder(result, "table"))
    public = ladder(priced, role="research_scientist")
    assert public["levels"][2]["pay"]["base"]["rounded_to"] is None  # the six, to the cent
    assert SAID not in one_line(render_ladder(public, "table"))


def test_the_factor_table_says_it_of_a_metro(priced: Store) -> None:
    result = factor_table(priced, role="data_scientist", metros=(ATLANTA, SEATTLE))
    rows = {row["metro"]: row for row in result["rows"]}
    # Keys added after the contract's come last, in the order they came.
    assert list(rows[ATLANTA])[-2:] == ["rounded_to", "rank_local_note"]
    assert rows[ATLANTA]["rounded_to"] == PRIVATE_STEP and rows[ATLANTA]["p50_nominal"] == 129_000
    assert rows[SEATTLE]["rounded_to"] is None  # one submission: no median published
    assert SAID in one_line(render_factor_table(result, "table"))
    public = factor_table(priced, role="research_scientist", metros=(ATLANTA,))
    assert public["rows"][0]["rounded_to"] is None
    assert SAID not in one_line(render_factor_table(public, "table"))


def test_the_pages_say_it(priced_db: Path) -> None:
    with TestClient(create_app(Settings(db=priced_db))) as client:
        assert PAGE_SAID in client.get("/ladder?role=data_scientist&level=entry").text
        public = client.get("/ladder?role=research_scientist").text
        assert 'data-testid="ladder-table"' in public and "stats-rounded" not in public
        assert PAGE_SAID in client.get(location_url(ATLANTA, "data_scientist")).text
        public = client.get(location_url(ATLANTA, "research_scientist")).text
        assert 'data-testid="compare-table"' in public and "stats-rounded" not in public
        assert PAGE_SAID in client.get("/locations").text
        assert PAGE_SAID in client.get("/explore?where=role:data_scientist&by=level").text
