"""One approved submission does not show through place resolution.

An audit of a copy of the real store found a lone approved submission in Bismarck, ND
(a metro no public record holds) told by the answers around it: the estimate's and the
offer's "Bismarck, ND is in country US, not DE", North Dakota's busiest metros "... or
Bismarck, ND", and a submission's metro-and-state check. Each answer here is asked of the
real store and of a copy holding one approved fixture submission, and must be the same.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from paygrade.compare import place
from paygrade.config import Settings
from paygrade.estimate.data import titles_held
from paygrade.estimate.service import implied
from paygrade.offers import Profile, market_position
from paygrade.records import PaygradeError
from paygrade.store import Store
from paygrade.submissions import BadSubmission, approve, submit

BISMARCK = "Bismarck, ND"  # no public record holds it
LONE_TITLE = "Fixture Lone Bismarck Engineer"  # the fixture submission's own title
FIXTURE_SUBMISSION = {
    "title": LONE_TITLE,
    "level": "senior",
    "metro": BISMARCK,
    "country": "US",
    "base": 123_456,
    "year": 2025,
}


@pytest.fixture(scope="module")
def stores(real_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Store]]:
    """The real store, and a copy of it holding one approved fixture submission."""
    db = tmp_path_factory.mktemp("privacy9") / "store.duckdb"
    shutil.copyfile(real_db, db)
    settings = Settings(db=db)
    submit(settings, FIXTURE_SUBMISSION, client="lone")
    with closing(Store.open(db)) as writing:
        approve(writing, settings, 1)
    before, after = Store.open(real_db, read_only=True), Store.open(db, read_only=True)
    yield [before, after]
    before.close()
    after.close()


def answers(stores: list[Store], ask: Callable[[Store], Any]) -> list[str]:
    """What ``ask`` answers of each store, a refusal by its message."""
    said = []
    for store in stores:
        try:
            said.append(repr(ask(store)))
        except PaygradeError as exc:
            said.append(f"{type(exc).__name__}: {exc}")
    return said


def test_the_fixture_submission_is_in_the_copy(stores: list[Store]) -> None:
    held = "SELECT count(*) FROM records WHERE metro = ? AND source = 'submission'"
    assert [s.con.execute(held, [BISMARCK]).fetchall() for s in stores] == [[(0,)], [(2,)]]


@pytest.mark.parametrize(
    "profile",
    [{"metro": BISMARCK, "country": "DE"}, {"metro": BISMARCK}],
    ids=["with-another-country", "alone"],
)
def test_an_estimate_implies_no_place_from_one_submission(
    stores: list[Store], profile: dict[str, Any]
) -> None:
    # It had been "Bismarck, ND is in country US, not DE: give one place", and the metro
    # alone had implied state ND and country US (the similar records 85,483 -> 66,994).
    before, after = answers(stores, lambda store: implied(store, profile))
    assert before == repr(profile)
    assert after == before


def test_an_estimate_takes_no_title_spelling_from_one_submission(stores: list[Store]) -> None:
    before, after = answers(stores, lambda store: titles_held(store, "base", [LONE_TITLE]))
    assert (before, after) == ("[]", "[]")


def test_an_offer_finds_no_country_from_one_submission(stores: list[Store]) -> None:
    # It had been "Bismarck, ND is in US, not DE: give one place".
    profile = Profile("ml_engineer", None, BISMARCK, "DE")
    before, after = answers(stores, lambda store: market_position(store, 150_000, profile))
    assert before.startswith("BadOffer: no record has metro 'Bismarck, ND'")
    assert after == before


def test_a_states_busiest_metros_leave_one_submissions_out(stores: list[Store]) -> None:
    # It had been "... such as Fargo, ND-MN or Minot, ND or Bismarck, ND".
    before, after = answers(stores, lambda store: place(store, metro="ND"))
    assert "such as Fargo, ND-MN or Minot, ND or Grand Forks, ND-MN" in before
    assert after == before


@pytest.mark.parametrize(
    ("metro", "state"),
    [("Albany, GA", "TX"), (BISMARCK, "TX"), ("Pocatello, ID", "TX")],
    ids=["no-record", "one-submission", "public-records"],
)
def test_a_submitted_metro_and_state_are_judged_by_the_metros_name(
    stores: list[Store], tmp_path: Path, metro: str, state: str
) -> None:
    # Albany, GA with TX had been queued (approved, state=TX would count a Georgia salary),
    # Pocatello, ID with TX refused, and Bismarck, ND with TX refused only once one
    # submission held it: an oracle.
    settings = Settings(db=tmp_path / "queue.duckdb")
    given = {**FIXTURE_SUBMISSION, "title": "ML Engineer", "metro": metro, "state": state}

    def ask(store: Store) -> Any:
        try:
            return submit(settings, given, client=f"c{id(store)}", store=store)
        except BadSubmission as exc:
            return exc.errors

    before, after = answers(stores, ask)
    expected = {"state": f"{metro} is in state {metro[-2:]}, not {state}: give one place"}
    assert before == repr(expected)
    assert after == before
