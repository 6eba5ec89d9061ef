"""A metro filter says the records it leaves out that are of the metro's states but name no
metro (``stats.warned_stats``, so every surface). Google's late-2023 filings of CA (the
FY2024 Q1 extract gives a state, no city) had been left out of San Jose's answer without a
word: 126 records of 2013-2019, median ~$144k, where the 849 newer ones' is ~$182k."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from paygrade.cli import main
from paygrade.config import Settings
from paygrade.stats import stats, warned_stats
from paygrade.store import Store
from paygrade.web import create_app
from tests.web.html import Page

SAN_JOSE = "San Jose-Sunnyvale-Santa Clara, CA"
NEW_YORK = "New York-Newark-Jersey City, NY-NJ"
GOOGLE = {"metro": [SAN_JOSE], "company": ["google"]}


def _stateless(store: Store, where: dict[str, list[Any]], state: str) -> int:
    """How many records of ``state`` and the source naming no metro match ``where``."""
    asked = {**where, "state": [state], "source": ["h1b_2024"]}
    return sum(g["n"] for g in stats(store, where=asked)["groups"])


def _said(by_state: list[tuple[str, int]]) -> str:
    n = sum(count for _, count in by_state)
    states = [state for state, _ in by_state]
    of = states[0] if len(states) == 1 else " and ".join(f"{s} ({c:,})" for s, c in by_state)
    return (
        f"left out: {n:,} records of {of} that name no metro (h1b_2024 gives states only): "
        f"state={','.join(states)} counts them, a wider place than the metro"
    )


@pytest.fixture(scope="module")
def google_said(real_db: Path) -> str:
    """The warning San Jose's Google records give on the real store."""
    store = Store.open(real_db, read_only=True)
    try:
        n = _stateless(store, {"company": ["google"]}, "CA")
    finally:
        store.close()
    assert n > 100  # the late-2023 filings are there to be said
    return _said([("CA", n)])


def test_a_metro_filter_says_the_records_of_its_state_that_name_no_metro(
    real_store: Store, google_said: str
) -> None:
    result, warnings = warned_stats(real_store, ["level"], GOOGLE)

    assert warnings == [google_said]
    assert set(result["sources"]) == {"h1b", "h1b_2013"}  # the answer itself is as it was
    assert result == stats(real_store, ["level"], GOOGLE)  # a warning is no key


@pytest.mark.parametrize(
    "more",
    [{"source": ["h1b"]}, {"state": ["TX"]}],
    ids=["a-source-with-metros", "another-state"],
)
def test_nothing_is_said_of_records_another_filter_leaves_out(
    real_store: Store, more: dict[str, list[Any]]
) -> None:
    assert warned_stats(real_store, ["level"], {**GOOGLE, **more})[1] == []


# At local prices they are said too, counted as without them, the wider place counting them
# but not at local prices: tests/test_local_prices_fixes70.py.


def test_a_metro_of_two_states_names_each(real_store: Store) -> None:
    where = {"metro": [NEW_YORK], "role": ["ml_engineer"]}
    counts = [
        (state, _stateless(real_store, {"role": ["ml_engineer"]}, state)) for state in ("NY", "NJ")
    ]
    assert all(n for _, n in counts)

    assert warned_stats(real_store, [], where)[1] == [_said(counts)]


def test_the_engine_spark_runs_says_it_too(real_store: Store, google_said: str) -> None:
    import ibis

    from paygrade.engines.ibis_plan import IbisEngine, quiet_duckdb2

    # The rendering Spark runs (IbisEngine), on the store's DuckDB: the count is the engine's.
    with quiet_duckdb2():
        runner = IbisEngine(
            "duckdb-ibis", ibis.duckdb.from_connection(real_store.con).table("records")
        )
    assert warned_stats(real_store, ["level"], GOOGLE, engine=runner)[1] == [google_said]


def test_the_command_warns_on_stderr(
    real_db: Path, google_said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    wheres = ["--where", f"metro={SAN_JOSE}", "--where", "company=google"]
    assert main(["--db", str(real_db), "stats", "--by", "level", *wheres]) == 0
    assert f"warning: {google_said}\n" in capsys.readouterr().err


def test_the_api_and_the_page_say_it(web_db: Path, google_said: str) -> None:
    query = f"where=metro:{SAN_JOSE}&where=company:google&by=level"
    with TestClient(create_app(Settings(db=web_db))) as client:
        answer = client.get(f"/api/v1/stats?{query}")
        page = client.get(f"/explore?{query}")
        filings = client.get(f"/api/v1/stats?{query}&where=source:h1b")
    assert answer.status_code == 200
    assert answer.headers.get_list("X-Paygrade-Warning") == [google_said]
    assert "X-Paygrade-Warning" not in filings.headers
    assert page.status_code == 200
    (note,) = Page(page.text).by_testid("stats-warning")
    assert note.text == f"L{google_said[1:]}."
