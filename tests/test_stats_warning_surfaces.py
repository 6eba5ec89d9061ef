"""Records real dollars leave out for want of their year's CPI-U are said on every surface
(``stats.warned_stats``): the CLI on stderr, the API in ``X-Paygrade-Warning`` headers, the
pages as a note, MCP as a text after the JSON. Each had answered n 6 of 12 without a word."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from paygrade.cli import main
from paygrade.config import Settings
from paygrade.ingest import ingest_file
from paygrade.store import Store
from paygrade.store.snapshot import publish_file
from paygrade.web import create_app
from tests.conftest import write_file
from tests.test_mcp import Client, in_session
from tests.web.html import Page

WHERE = ["company:Fixture Co", "pay_component:base"]


@pytest.fixture
def priced(tmp_path: Path, data_dir: Path) -> tuple[Path, str]:
    """Fixture: a published store of 6 records of a year CPI-U reaches and 6 of the year
    after its last; the warning real dollars give over them."""
    db = tmp_path / "priced.duckdb"
    store = Store.open(db)
    ingest_file(store, "cpi", data_dir / "cpi-u-annual.csv")
    last = int(store.scalar("SELECT max(year) FROM cpi"))
    lines = ["year,title,company,pay_component,amount_usd"]
    lines += [f"{last - 1},ML Engineer,Fixture Co,base,{150_000 + i}" for i in range(6)]
    lines += [f"{last + 1},ML Engineer,Fixture Co,base,{160_000 + i}" for i in range(6)]
    ingest_file(store, "csv", write_file(tmp_path, "fixture-cpi-years.csv", "\n".join(lines)))
    store.close()
    publish_file(db)
    said = f"left out: 6 records of years CPI-U does not reach (its last is {last})"
    return db, said


def test_the_command_warns_on_stderr(
    priced: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    db, said = priced
    wheres = [arg for clause in WHERE for arg in ("--where", clause.replace(":", "=", 1))]
    assert main(["--db", str(db), "stats", *wheres, "--real", "--format", "json"]) == 0
    out, err = capsys.readouterr()
    assert '"n": 6' in out
    assert f"warning: {said}: nominal dollars count them\n" in err
    assert main(["--db", str(db), "stats", *wheres, "--format", "json"]) == 0
    assert "warning" not in capsys.readouterr().err  # nominal dollars count all 12


def test_the_api_and_the_page_say_it(priced: tuple[Path, str]) -> None:
    db, said = priced
    query = "&".join(f"where={clause}" for clause in WHERE) + "&real=true"
    with TestClient(create_app(Settings(db=db))) as client:
        answers = [client.get(f"/api/v1/stats?{query}"), client.get(f"/api/v1/stats.csv?{query}")]
        page = client.get(f"/explore?{query}")
        nominal = client.get(f"/api/v1/stats?{query.replace('&real=true', '')}")
    for answer in answers:
        assert answer.status_code == 200
        assert any(w.startswith(said) for w in answer.headers.get_list("X-Paygrade-Warning"))
    assert "X-Paygrade-Warning" not in nominal.headers
    assert page.status_code == 200
    (note,) = Page(page.text).by_testid("stats-warning")
    assert note.text.startswith("L" + said[1:])


def test_the_mcp_tool_says_it(priced: tuple[Path, str]) -> None:
    db, said = priced
    where = {"company": ["Fixture Co"], "pay_component": ["base"]}

    async def talk(client: Client) -> Any:
        return await client.call_tool("stats", {"where": where, "real": True})

    answered = in_session(db, talk)
    assert not answered.is_error
    assert [c.text for c in answered.content[1:]] == [
        f"warning: {said}: nominal dollars count them"
    ]


def test_the_chart_sends_the_apis_warning_headers(priced: tuple[Path, str]) -> None:
    # /charts/stats.svg drew 6 of 12 in real dollars without a header saying so.
    db, said = priced
    query = "&".join(f"where={clause}" for clause in WHERE) + "&real=true"
    with TestClient(create_app(Settings(db=db))) as client:
        chart = client.get(f"/charts/stats.svg?{query}")
        api = client.get(f"/api/v1/stats?{query}")
        nominal = client.get(f"/charts/stats.svg?{query.replace('&real=true', '')}")
    assert chart.status_code == 200
    warned = chart.headers.get_list("X-Paygrade-Warning")
    assert warned == api.headers.get_list("X-Paygrade-Warning")
    assert [w for w in warned if w.startswith(said)] == warned != []
    assert "X-Paygrade-Warning" not in nominal.headers
