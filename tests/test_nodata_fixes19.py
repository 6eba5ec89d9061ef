"""What the CLI says when it has no data: a metro no record matched in `local-prices`, an
offer no peer can place (`offer --format json`), a country holding none of the role in
`ladder`. Each had answered blanks (or said it only inside the JSON) without a word."""

from __future__ import annotations

import json
from pathlib import Path

from .test_cli import ok, run
from .test_local_prices import local_prices

SEATTLE = "Seattle-Tacoma-Bellevue, WA"
BOISE = "Boise City, ID"  # BEA prices it; no ML engineer's filing names it


def test_local_prices_names_a_metro_no_record_matched(real_db: Path) -> None:
    asked = ("--db", real_db, "local-prices", "--metro", BOISE, "--metro", SEATTLE)
    rows = json.loads(local_prices(*asked, "--format", "json"))["rows"]
    boise = rows[-1]  # last: no median
    assert boise["metro"] == BOISE and boise["n"] == 0 and boise["p50_nominal"] is None
    assert boise["rpp_all_items"] is not None  # a metro BEA prices, not an unknown name
    assert boise["rank_note"] == "no record of the metro matched"  # it was null
    assert rows[0]["rank_note"] is None and rows[0]["rank_nominal"] == 1
    table = " ".join(local_prices(*asked).split())
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


def _role_by_country(db: Path, role: str) -> dict[str, int]:
    groups = json.loads(
        ok("--db", db, "stats", "--by", "country", "--where", f"role={role}", "--format", "json")
    )["groups"]
    return {g["key"]["country"]: g["n"] for g in groups if g["key"]["country"] is not None}


def test_a_ladder_of_a_country_without_the_role_is_one_line(real_db: Path) -> None:
    held = _role_by_country(real_db, "ml_engineer")
    assert "NZ" not in held and "US" in held  # NZ's records are of other roles
    table = ok("--db", real_db, "ladder", "--country", "NZ")
    assert "not enough data" not in table  # it was tables of it at every level
    lines = table.splitlines()
    assert lines[0] == "pay of ml_engineer records in NZ"
    said = " ".join(" ".join(lines[1:]).split())
    most = sorted(held.items(), key=lambda item: -item[1])[:3]
    named = ", ".join(f"{code} ({n:,})" for code, n in most)
    assert said.startswith(f"note: no ml_engineer record is of NZ; they are of {named}, ")
    assert said.endswith(f" and {len(held) - 12} more countries: ask with --country")

    done = run("--db", real_db, "ladder", "--country", "NZ", "--format", "json")
    assert (done.returncode, done.stderr) == (0, f"warning: {said[len('note: ') :]}\n")
    answer = json.loads(done.stdout)
    assert {"role", "country", "population", "levels", "promotion_steps"} <= set(answer)
    assert answer["countries_held"] == held  # every country of the role, most records first
    counts = list(answer["countries_held"].values())
    assert counts == sorted(counts, reverse=True)


def test_a_ladder_of_a_country_with_the_role_has_no_such_note(real_db: Path) -> None:
    # Luxembourg holds one ML engineer: too few for a figure, said as "not enough data".
    done = run("--db", real_db, "ladder", "--country", "LU", "--format", "json")
    assert (done.returncode, done.stderr) == (0, "")
    assert "countries_held" not in json.loads(done.stdout)
