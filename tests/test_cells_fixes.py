"""Cells and names every face says alike.

* A median interval with one end known (the other the group's smallest or largest pay):
  the CLI's table said "suppressed (min/max)" for both ends, where the report and the
  pages showed the known one ("not shown-$68,421", Austria's ML engineers); its note
  said "blank ... (or one end)" of cells that were not blank.
* Every area code the store's OEWS and OFLC tables hold, given as a metro, names its area:
  a state's, the nation's and Guam's (OFLC's alone) had been "no area has that code", and
  so had a code with a zero more than OEWS writes ("00042660").
* A metro named by its city as people write it: "Boise" (Boise City, ID), "Barnstable",
  "Amherst", "Salt Lake", "Winston-Salem", "Nashville-Davidson" had been "no metro area is
  called 'Boise'; did you mean Boise City, ID?", though docs/cli.md says a metro may be
  named by one of its cities.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from paygrade.places_held import code_as_metro
from paygrade.records import PaygradeError
from paygrade.report.build import build_report
from paygrade.report.render import cell
from paygrade.stats import stats
from paygrade.store import Store
from tests.test_cli import ok, run
from tests.web.html import Page

# ------------------------------------------------- a median interval with one end known

# An end that is the group's smallest or largest pay, as docs/methodology.md names it.
HIDDEN = "not shown"


def _one_end_rows(store: Store) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """The report's rows (with their table) whose median interval has one end known."""
    tables = [t for section in build_report(store)["sections"] for t in section["tables"]]
    return [
        (table, row)
        for table in tables
        for row in table["rows"]
        if (ci := row.get("p50_ci")) and [end is None for end in ci].count(True) == 1
    ]


def _asked(table: dict[str, Any], row: dict[str, Any]) -> dict[str, list[Any]]:
    """The question of one row of a report's table: its filters, its key for its ``by``."""
    return {**table["where"], **{field: [value] for field, value in row["key"].items()}}


def _ends(said: str, between: str) -> list[str]:
    """A cell's two ends as words, whatever a face writes between them and before dollars."""
    return [end.strip().removeprefix("$") for end in said.split(between)]


def test_every_face_shows_the_known_end_of_a_median_interval(
    real_store: Store, real_db: Path, app: Any
) -> None:
    rows = _one_end_rows(real_store)
    assert rows  # the real store's report has such a row (Austria's ML engineers)
    for table, row in rows[:2]:
        asked = _asked(table, row)
        (group,) = stats(real_store, [], asked)["groups"]
        assert group["p50_ci"] == row["p50_ci"]
        expected = [f"{end:,.0f}" if end is not None else HIDDEN for end in row["p50_ci"]]
        flags = [arg for f, vs in asked.items() for v in vs for arg in ("--where", f"{f}={v}")]
        lines = ok("--db", real_db, "stats", *flags).splitlines()
        head = next(i for i, line in enumerate(lines) if "median 95% CI" in line)
        shown = lines[head + 2].rstrip()
        # The CLI's table: the last cell of its one row, "not shown - 68,421".
        assert shown.endswith(" - ".join(expected)), shown
        assert any(f'median 95% CI "{HIDDEN}" at an end' in line for line in lines)
        assert not any("(or one end)" in line for line in lines)
        # The report, as the brief's face for it: "not shown-$68,421".
        assert _ends(cell(row, "p50_ci"), "-") == expected
        # /explore, the pages' face of the same question.
        query = "&".join(f"where={f}:{v}" for f, vs in asked.items() for v in vs)
        by = ",".join(table["by"])
        page = Page(app.get(f"/explore?by={by}&{query}").text).table("stats-table")
        column = page.rows[0].index("median 95% CI")
        (shown_row,) = page.rows[1:]
        assert shown_row[: len(table["by"])] == [str(row["key"][f]) for f in table["by"]]
        assert _ends(shown_row[column], "–") == expected


def test_a_median_intervals_json_and_csv_keep_their_nulls(real_store: Store, real_db: Path) -> None:
    (table, row), *_ = _one_end_rows(real_store)
    flags = [a for f, vs in _asked(table, row).items() for v in vs for a in ("--where", f"{f}={v}")]
    (group,) = json.loads(ok("--db", real_db, "stats", *flags, "--format", "json"))["groups"]
    assert group["p50_ci"] == row["p50_ci"]  # null where the report says "not shown"
    done = run("--db", real_db, "stats", *flags, "--format", "csv")
    (line,) = csv.DictReader(io.StringIO(done.stdout))
    low, high = (f"{end}" if end is not None else "" for end in row["p50_ci"])
    assert (line["p50_ci_low"], line["p50_ci_high"]) == (low, high)
    # A CSV's cells are blank: its note (stderr) says so still.
    assert "blank median 95% CI (or one end)" in done.stderr


# ------------------------------------------------- every area code the store holds, as a metro


def _codes(store: Store) -> tuple[dict[str, tuple[str, set[str]]], dict[str, str]]:
    """OEWS's codes (7 digits) -> (area type, names), and OFLC's codes as it writes them
    (leading zeros dropped: CBSA's 5 digits for a metro) -> name."""
    oews: dict[str, tuple[str, set[str]]] = {}
    for code, kind, name in store.con.execute(
        "SELECT DISTINCT area_code, area_type, area_name FROM oews"
    ).fetchall():
        oews.setdefault(code, (kind, set()))[1].add(name)
    oflc = dict(
        store.con.execute(
            "SELECT DISTINCT area, area_name FROM oflc_wage_levels "
            "UNION SELECT DISTINCT area, area_name FROM oflc_geography"
        ).fetchall()
    )
    return oews, oflc


def _forms(code: str) -> set[str]:
    """A code as OEWS writes it (7 digits), without its leading zeros (OFLC's, a CBSA's 5
    digits) and with one zero more."""
    return {code.zfill(7), code.lstrip("0") or "0", "0" + code.zfill(7)}


def test_every_area_code_the_store_holds_names_its_area(real_store: Store) -> None:
    oews, oflc = _codes(real_store)
    assert len(oews) > 500 and len(oflc) > 500  # every OEWS and OFLC area, not a few
    for code, (kind, names) in oews.items():
        for form in _forms(code):
            coded = code_as_metro(real_store, form)
            assert coded is not None, form
            if kind in ("metro", "nonmetro"):
                # The metro as the store names it, the one a comparison or a filter asks.
                assert coded.metro in names and coded.suggestions == [coded.metro], form
                assert coded.why.endswith(f"{form} is the area code of {coded.metro}")
            else:  # a state's, the nation's: named, never a metro
                assert coded.metro is None and any(n in coded.why for n in names), coded
                assert "no area has that code" not in coded.why, form
    for code, name in oflc.items():
        for form in _forms(code):
            coded = code_as_metro(real_store, form)
            assert coded is not None and name in coded.why, (form, coded)
            # OFLC's name of an area OEWS holds is OEWS's: the metro offered.
            if oews.get(code.zfill(7), ("", set()))[0] in ("metro", "nonmetro"):
                assert coded.metro == name, form
            else:
                assert coded.metro is None and "no area has that code" not in coded.why


def test_a_code_no_area_has_says_so(real_store: Store) -> None:
    oews, oflc = _codes(real_store)
    held = {int(code) for code in [*oews, *oflc]}
    unheld = next(str(n) for n in range(10_000, 100_000) if n not in held)
    coded = code_as_metro(real_store, unheld)
    assert coded == ("metros are asked by name, and no area has that code", None)


def test_area_codes_through_the_commands_name_their_metro(real_store: Store, real_db: Path) -> None:
    oews, _ = _codes(real_store)
    metros = sorted((c, min(n)) for c, (k, n) in oews.items() if k == "metro")
    nonmetros = sorted((c, min(n)) for c, (k, n) in oews.items() if k == "nonmetro")
    states = sorted((c, min(n)) for c, (k, n) in oews.items() if k == "state")
    (metro, metro_name), (rural, rural_name), (state, state_name) = (
        metros[len(metros) // 2],
        nonmetros[0],
        states[-1],
    )
    short = metro.lstrip("0")  # a CBSA's 5 digits, as OFLC writes it
    said = run("--db", real_db, "stats", "--where", f"metro={metro}").stdout
    assert f"{metro} is the area code of {metro_name})" in said
    done = run("--db", real_db, "compare", "--metro", short, "--role", "ml_engineer")
    assert f"{short} is the area code of {metro_name}" in done.stderr, done.stderr
    done = run("--db", real_db, "local-prices", "--metro", rural)
    assert f"{rural} is the area code of {rural_name}" in done.stderr, done.stderr
    said = run("--db", real_db, "stats", "--where", f"metro={state}").stdout
    assert (
        f"{state} is the area code of {state_name}, a whole state or territory, not a metro" in said
    )


# ------------------------------------------------- a metro named by its city as people write it

CENSUS_SUFFIXES = (" city", " town")  # "Boise City", "Barnstable Town": the Census's legal names


def _cities_as_written(store: Store) -> dict[str, str]:
    """A city as people write it -> the metro named for it whose name writes it otherwise:
    the gazetteer's city without the Census's suffix ("Boise", in Boise City, ID), and a
    city whose own name holds a hyphen ("Winston-Salem", "Nashville-Davidson")."""
    from paygrade.normalize.places import metro_cities

    written: dict[str, str] = {}
    for (metro,) in store.con.execute(
        "SELECT DISTINCT area_name FROM oews WHERE area_type = 'metro'"
    ).fetchall():
        # OEWS's "--" between cities, one of which holds a hyphen of its own.
        for part in metro.rpartition(", ")[0].split("--")[: 1 if "--" not in metro else None]:
            if "-" in part and "--" in metro:
                written[part] = metro  # "Nashville-Davidson", "Wilkes-Barre"
    for city, state, metro in store.con.execute(
        "SELECT DISTINCT city, state, metro FROM places WHERE metro IS NOT NULL"
    ).fetchall():
        cities, states = metro_cities(metro)
        head = metro.rpartition(", ")[0].casefold()
        if state.casefold() not in states:
            continue
        if any(city.casefold() + suffix in cities for suffix in CENSUS_SUFFIXES):
            written[city] = metro  # "Boise", its state's Boise City, ID
        elif " " in city and city.casefold().replace(" ", "-") == head:
            written[city.replace(" ", "-")] = metro  # "Winston Salem": Winston-Salem, NC
    return written


def test_a_metro_is_named_by_its_city_as_people_write_it(real_store: Store) -> None:
    from paygrade.compare import place

    written = _cities_as_written(real_store)
    assert len(written) >= 3, written  # Boise, Winston-Salem, Nashville-Davidson at least
    wrong = {}
    for city, metro in written.items():
        try:
            found = place(real_store, metro=city).metro
        except PaygradeError as exc:
            found = str(exc)
        if found != metro:
            wrong[city] = found
    assert wrong == {}


def test_boise_names_its_metro_on_each_command(real_store: Store, real_db: Path) -> None:
    metro = _cities_as_written(real_store)["Boise"]
    said = run("--db", real_db, "local-prices", "--metro", "Boise")
    assert said.returncode == 0 and f" {metro} " in said.stdout, said.stderr
    said = run("--db", real_db, "stats", "--where", "metro=Boise")
    assert f"(metro in {metro})" in said.stdout, said.stdout + said.stderr
    said = run("--db", real_db, "compare", "--metro", "Boise", "--role", "ml_engineer")
    assert f"metro {metro})" in said.stdout, said.stderr
