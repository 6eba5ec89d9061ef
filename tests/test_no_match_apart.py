"""Filters that each match records and together none say what each left out would match.

"ML engineers at Amazon" finds no record (Amazon files them as applied scientists); the
answer had said only "no record matches all of these filters together", and the claims
checker "No record matches this subject.", leaving the reader to guess which part to drop.
"""

from __future__ import annotations

from pathlib import Path

from paygrade.claims import check_text
from paygrade.evidence import none_listed, records
from paygrade.stats import NONE_TOGETHER, stats
from paygrade.store import Store
from tests.test_cli import run

AMAZON_ML = {"company": ["Amazon"], "role": ["ml_engineer"]}


def _n(store: Store, where: dict[str, list[str]]) -> int:
    """The records a question counts, as an ungrouped answer says them."""
    return sum(g["n"] for g in stats(store, [], where)["groups"])


def test_each_filter_left_out_is_counted_as_the_question_alone_counts(real_store: Store) -> None:
    none = stats(real_store, [], AMAZON_ML)["no_match"]
    company, role = (
        _n(real_store, {"role": ["ml_engineer"]}),
        _n(real_store, {"company": ["Amazon"]}),
    )
    assert company > 1000 and role > 1000  # each alone matches many; together, none
    assert none["each_left_out"] == {"company": company, "role": role}
    assert none["message"] == (
        f"{NONE_TOGETHER} (without company: {company:,} records; without role: {role:,} records)"
    )
    assert none["unmatched"] == []


def test_a_filter_whose_removal_leaves_none_is_said_none(real_store: Store) -> None:
    where = {**AMAZON_ML, "country": ["DE"]}
    apart = stats(real_store, [], where)["no_match"]["each_left_out"]
    assert apart == {
        "company": _n(real_store, {"role": ["ml_engineer"], "country": ["DE"]}),
        "role": 0,  # Amazon has no record in Germany at all
        "country": 0,  # nor ML engineers anywhere
    }
    assert (
        "without role: none; without country: none)"
        in (stats(real_store, [], where)["no_match"]["message"])
    )


def test_a_value_no_record_holds_or_a_source_of_other_years_is_said_as_before(
    real_store: Store,
) -> None:
    typo = stats(real_store, [], {"company": ["Amazonn"], "role": ["ml_engineer"]})["no_match"]
    assert "each_left_out" not in typo and "did you mean Amazon?" in typo["message"]
    # The years a source holds say more than what dropping the year or the source leaves.
    years = stats(real_store, [], {"source": ["h1b_2024"], "year": [2024]})["no_match"]
    assert "each_left_out" not in years
    assert years["message"] == f"{NONE_TOGETHER}; h1b_2024 holds records of 2023 only"


def test_the_cli_says_it(real_db: Path, real_store: Store) -> None:
    asked = ["--where", "company=Amazon", "--where", "role=ml_engineer"]
    done = run("--db", real_db, "stats", *asked)
    said = stats(real_store, [], AMAZON_ML)["no_match"]["message"]
    assert done.returncode == 1 and said in done.stdout + done.stderr
    assert "without company: " in said


def test_the_claims_checker_says_which_part_of_the_subject_finds_none(
    real_store: Store,
) -> None:
    (claim,) = check_text(real_store, "Amazon pays ML engineers a median of $180,000.")["claims"]
    assert claim["verdict"] == "no_data" and claim["data"]["n"] == 0
    role, company = (
        _n(real_store, {"company": ["Amazon"]}),
        _n(real_store, {"role": ["ml_engineer"]}),
    )
    assert claim["explanation"] == (
        "No record matches this subject. "
        f"Without its role, {role:,} records match; without its company, {company:,} records."
    )
    # A company no record holds is still said so, and nothing more.
    (deepmind,) = check_text(real_store, "DeepMind pays ML engineers $800,000.")["claims"]
    assert deepmind["explanation"].endswith("No record has company DeepMind.")


def test_records_say_it_in_their_own_count(real_db: Path, real_store: Store) -> None:
    listing = records(real_store, AMAZON_ML)
    # The records each filter's removal would list, as a listing of the rest counts them.
    assert listing["each_left_out"] == {
        "company": records(real_store, {"role": ["ml_engineer"]})["total"],
        "role": records(real_store, {"company": ["Amazon"]})["total"],
    }
    said = none_listed(real_store, listing)
    assert said is not None and said.startswith(NONE_TOGETHER + " (without company: ")
    asked = ["--where", "company=Amazon", "--where", "role=ml_engineer"]
    done = run("--db", real_db, "records", *asked)
    assert done.returncode == 1 and done.stderr == f"no records: {said}\n"
    assert "each_left_out" not in records(real_store, {"company": ["Amazon"]})


def test_records_of_a_value_no_record_holds_count_nothing_apart(real_store: Store) -> None:
    # The typo says why; counts of each filter left out would be said of nothing.
    listing = records(real_store, {"company": ["Amazonn"], "role": ["ml_engineer"]})
    assert listing["total"] == 0 and listing["unmatched"]
    assert "each_left_out" not in listing
