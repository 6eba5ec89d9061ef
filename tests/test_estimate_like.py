"""The records that stand for a profile (``service.people_like``): of the year asked, and
never given a number their source does not hold. A real store of the surveys and the
filings: the session's real store and its shared model (``web_models``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from paygrade.estimate import modelfile
from paygrade.estimate.data import records_like
from paygrade.estimate.service import estimate, warned_estimate
from paygrade.store import Store


@pytest.fixture
def opened(real_db: Path, web_models: Path) -> Iterator[tuple[Store, Any]]:
    """The real store (the surveys and the filings) and the session's model of it."""
    store = Store.open(real_db, read_only=True)
    yield store, modelfile.load_newest(web_models)
    store.close()


def test_years_no_record_like_the_profile_holds_cannot_move_it(
    opened: tuple[Store, Any],
) -> None:
    # Only the Stack Overflow respondents hold years, and none of them is a US ML engineer
    # (they name no country): 5 years had moved a senior US ML engineer's median -12.7%,
    # the model's "years known" being "a Stack Overflow respondent".
    store, model = opened
    profile = {"role": "ml_engineer", "level": "senior", "country": "US"}
    without = estimate(store, model, profile)
    answer, said = warned_estimate(store, model, {**profile, "years_experience": 5}, "total")
    assert answer["p50"] == without["p50"]
    assert "years_experience" not in [factor["field"] for factor in answer["factors"]]
    assert any(w.startswith("no record like this profile holds years_experience") for w in said)


def test_the_records_like_a_profile_are_of_its_year_first(opened: tuple[Store, Any]) -> None:
    # California's ML engineers' base pay for 2023 had been answered from records of any
    # year (418 of 672 from 2015-19): 10% below 2023's own median.
    store, _ = opened
    match = {"role": "ml_engineer", "state": "CA"}
    held = store.con.execute(
        "SELECT count(*) FROM records WHERE pay_component = 'base' AND role = 'ml_engineer' "
        "AND state = 'CA' AND year = 2023"
    ).fetchone()
    assert held is not None and held[0] >= 200
    found = records_like(store, "base", match, 200, 2023)
    assert set(found["year"]) == {2023}
    older = records_like(store, "base", match, 200, 2016)
    assert 2023 not in set(older["year"])


def test_years_that_cannot_move_it_are_not_said_to_be_read(opened: tuple[Store, Any]) -> None:
    # "no record like this profile holds years_experience: it cannot move this estimate"
    # stood beside "0 years of experience is entry level ..., and the estimate reads both".
    store, model = opened
    profile = {"role": "ml_engineer", "level": "principal", "country": "US", "years_experience": 0}
    _, said = warned_estimate(store, model, profile, "total")
    assert any(w.startswith("no record like this profile holds years_experience") for w in said)
    disagree = [w for w in said if "by the data's bands" in w]
    assert disagree and all(w.endswith("the estimate reads the level alone") for w in disagree)


def test_a_title_learned_only_in_another_levels_words_is_read_as_its_job(
    opened: tuple[Store, Any],
) -> None:
    # "Senior Data Scientist" was the survey's few "Lead Data Scientist" records (Lead folds
    # into senior): its similar records were those few, its range narrower than the data's.
    store, model = opened
    learned = model.models["total"].spellings_["title"]
    assert "Lead Data Scientist" in learned and "Senior Data Scientist" not in learned
    titled = estimate(store, model, {"title": "Senior Data Scientist", "country": "US"})
    levelled = estimate(
        store, model, {"title": "Data Scientist", "level": "senior", "country": "US"}
    )
    assert (titled["p10"], titled["p50"], titled["p90"]) == (
        levelled["p10"], levelled["p50"], levelled["p90"],
    )  # fmt: skip
    assert titled["n_similar"] == levelled["n_similar"] > 100
    # In its own words a learned title is still itself.
    lead = estimate(store, model, {"title": "Lead Data Scientist", "country": "US"})
    assert lead["n_similar"] < levelled["n_similar"]
