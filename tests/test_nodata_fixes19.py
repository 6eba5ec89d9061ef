"""What the CLI says when it has no data: a metro no record matched in `local-prices`, an
offer no peer can place (`offer --format json`), a country holding none of the role in
`ladder`. Each had answered blanks (or said it only inside the JSON) without a word."""

from __future__ import annotations

import json
from pathlib import Path

from .test_cli import ok, run

SEATTLE = "Seattle-Tacoma-Bellevue, WA"
BOISE = "Boise City, ID"  # BEA prices it; no ML engineer's filing names it


def test_local_prices_names_a_metro_no_record_matched(real_db: Path) -> None:
    asked = ("--db", real_db, "local-prices", "--metro", BOISE, "--metro", SEATTLE)
    rows = json.loads(ok(*asked, "--format", "json"))["rows"]
    boise = rows[-1]  # last: no median
    assert boise["metro"] == BOISE and boise["n"] == 0 and boise["p50_nominal"] is None
    assert boise["rpp_all_items"] is not None  # a metro BEA prices, not an unknown name
    assert boise["rank_note"] == "no record of the metro matched"  # it was null
    assert rows[0]["rank_note"] is None and rows[0]["rank_nominal"] == 1
    table = " ".join(ok(*asked).split())
    assert f"not ranked (-): {BOISE} (n 0): no record of the metro matched" in table


def test_an_offer_no_peer_places_says_so_on_stderr_too(real_db: Path) -> None:
    asked = ["--db", real_db, "offer", "--base", "185000", "--role", "ml_engineer"]
    asked += ["--level", "staff", "--country", "LU"]
    done = run(*asked, "--format", "json")
    assert done.returncode == 0  # the offer itself is answered
    market = json.loads(done.stdout)["market"]
    assert market["percentile"] is None and market["n"] == 0
    said = f"market: {market['note']} (n = 0)"
    assert done.stderr == f"warning: {said}\n"  # it was said only inside the JSON
    assert said in ok(*asked).splitlines()  # the table's words


def test_a_placed_offer_warns_of_nothing(real_db: Path) -> None:
    asked = ["--db", real_db, "offer", "--base", "185000", "--role", "ml_engineer"]
    answer = json.loads(ok(*asked, "--country", "US", "--format", "json"))  # stderr empty
    assert answer["market"]["percentile"] is not None
