"""Fixes of a methodologist's recomputation: a step down beyond noise said why, employers'
own principal grades, one filing in two H-1B sources counted once, clinical data managers,
and a company filter's "did you mean"."""

from __future__ import annotations

from typing import Any

import pytest

from paygrade import ladder
from paygrade.formats import render_ladder
from paygrade.ingest import ingest_file
from paygrade.ladder import NOT_ENOUGH, promotion_steps
from paygrade.normalize.titles import classify_title
from paygrade.records import LEVELS
from paygrade.report.career import steps_table
from paygrade.store import Store
from tests.conftest import FIXTURES


def _cell(p50: float, ci: tuple[float, float]) -> dict[str, Any]:
    return {"n": 50, "n_distinct": 40, "p25": p50 * 0.9, "p50": p50, "p75": p50 * 1.1,
            "p50_ci": list(ci)}  # fmt: skip


def _pay(**cells: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Hand-written ladder cells of base pay (total has too few records)."""
    thin = {"n": 2, "n_distinct": 2, "note": NOT_ENOUGH}
    return {level: {"total": thin, "base": cells.get(level, thin)} for level in LEVELS}


# US software engineers' base pay of 2023 (the real store, 2026-12-07): principal's median
# fell 21.3% below staff's, the two intervals apart, and nothing said so.
FALLING = _pay(
    senior=_cell(130_000, (129_000, 131_000)),
    staff=_cell(184_547, (181_813, 185_640)),
    principal=_cell(145_318, (142_563, 150_000)),
)


def test_a_step_down_beyond_noise_is_flagged_and_said_why() -> None:
    steps = {f"{s['from']}->{s['to']}": s for s in promotion_steps(FALLING)}
    fall, rise = steps["staff->principal"], steps["senior->staff"]
    assert (fall["within_noise"], fall["falls_beyond_noise"]) == (False, True)
    assert rise["falls_beyond_noise"] is False  # a rise is no fall
    said = ladder.falls_said(fall)
    assert said.startswith("principal's median is below that of staff, the level under it")
    assert "different grades at different employers" in said


def test_a_step_down_within_noise_is_not_said_to_fall_beyond_it() -> None:
    overlapping = {**FALLING, "principal": {**FALLING["principal"]}}
    overlapping["principal"]["base"] = _cell(180_000, (170_000, 182_000))
    step = promotion_steps(overlapping)[-1]
    assert (step["within_noise"], step["falls_beyond_noise"]) == (True, False)


def _ladder_result(pay: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The fields ``render_ladder`` reads, as ``ladder`` gives them (its ``falls_note`` too)."""
    steps = promotion_steps(pay)
    levels = [{"level": level, "years": [0, None], "company_levels": {}, "pay": pay[level]}
              for level in LEVELS]  # fmt: skip
    falls = [ladder.falls_said(s) for s in steps if s.get("falls_beyond_noise")]
    return {"role": "software_engineer", "company": None, "country": "US",
            "population": "in US", "levels": levels, "promotion_steps": steps,
            "steps_note": "steps", "mapping_note": "mapping"} | (
                {"falls_note": falls} if falls else {})  # fmt: skip


def test_the_ladder_table_marks_a_fall_beyond_noise_and_says_why(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # one line per step, whatever the terminal running it
    text = render_ladder(_ladder_result(FALLING), "table")
    (row,) = [line for line in text.splitlines() if line.lstrip().startswith("staff -> principal")]
    assert "(-21.3%) !" in row
    flat = " ".join(text.split())
    assert "note: ! principal's median is below that of staff, the level under it, beyond " in flat
    assert "different grades at different employers" in flat


def test_the_reports_steps_table_says_why_a_step_falls_beyond_noise() -> None:
    table = steps_table(_ladder_result(FALLING), {})
    assert any("different grades at different employers" in note for note in table["notes"])


# Hand-written filings in DOL's layout: Fidelity's and Capital One's principal grades beside
# the same titles at another employer.
EMPLOYER_GRADES = FIXTURES / "fixture-lca-employer-grades.csv"


def test_an_employers_own_principal_grade_is_the_level_it_is_there(store: Store) -> None:
    result = ingest_file(store, "lca", EMPLOYER_GRADES)
    got = dict(store.con.execute(
        "SELECT company || ': ' || title, level FROM records WHERE ingest_id = ?",
        [result.ingest_id]).fetchall())  # fmt: skip
    assert got == {
        # Fidelity's grade after Senior (its median 132,413 against senior's 110,365).
        "Fidelity Investments: Principal Software Engineer/Developer": "senior",
        "Fidelity Investments: Senior Software Engineer/Developer": "senior",
        "Fidelity Investments: Principal Architect": None,  # of no tech role: no level
        "Capital One: Principal Data Analyst": "senior",  # after its Senior Data Analyst
        "Acme Widgets: Principal Software Engineer": "principal",  # elsewhere a principal
        "Acme Widgets: Principal Data Analyst": "principal",
    }


# Managers of (clinical) data management had been managers (about 40 records) while their
# Clinical Data Managers are other: methodology.md says a data manager is other.
@pytest.mark.parametrize(
    ("title", "role"),
    [
        ("Senior Manager, Clinical Data Management", "other"),
        ("Director, Clinical Data Management", "other"),
        ("Associate Director, Clinical Data Management", "other"),
        ("Clinical Data Management Manager II", "other"),
        ("Manager, Data Management", "other"),
        ("Sr. Manager, Data Management", "other"),
        ("Data Management Manager", "other"),
        ("DATA SCIENTIST I CLINICAL DATA MANAGER", "other"),
        ("Clinical Data Manager", "other"),
        # A developer of clinical data management software is one; so is a data team's manager.
        ("Software Developer II, Clinical Data Management", "software_engineer"),
        ("Manager, Data Engineering", "manager"),
        ("Director of Data Science", "manager"),
    ],
)
@pytest.mark.parametrize("context", ["general", "tech"])
def test_a_manager_of_data_management_is_other_as_a_data_manager_is(
    title: str, role: str, context: str
) -> None:
    assert classify_title(title, context).role == role
