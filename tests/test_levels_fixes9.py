"""A company's own level ("L6", "E5", "IC4") given where a generic level is taken: `estimate
--company Amazon --level L6` and `ladder --company Amazon --level L6` read it, but offer,
stats' filters, compare, estimate and ladder without a company refused it as no level at all
("level 'L6' is not one of entry, mid, ..."), and a ladder refusal promised "one of Meta's
levels", naming none. Each now says whose level it is and what to give instead, in the
words of one helper (``company_level_refused``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from paygrade.compare import compare
from paygrade.estimate.profile import BadProfile, check_profile
from paygrade.filters import BadFilter
from paygrade.ladder import ladder
from paygrade.offers import BadOffer, Profile
from paygrade.records import PaygradeError
from paygrade.stats import stats
from paygrade.store import Store
from tests import test_mcp
from tests.test_cli import assert_one_error_line, run
from tests.test_mcp import tool_errors

# test_mcp's fixtures, here by name: a published copy of the real store, one session on it.
mcp_db = test_mcp.mcp_db
talking = test_mcp.talking

LEVELS = "one of entry, mid, senior, staff, principal, executive"
PATH_LEVELS = "one of entry, mid, senior, staff, principal"
L6 = "level 'L6' is a company's level (Google L6: staff; Amazon L6: senior)"
L5 = "level 'L5' is a company's level (Google L5: senior; Amazon L5: mid)"
GOOGLE_L5 = (
    "level 'L5' is a company's level: filter company_level=L5, or give the level it maps to"
    " (Google L5: senior)"
)
ANY_L5 = f"{L5}: filter company_level=L5, or give the generic level it maps to, {LEVELS}"
OFFER_L6 = f"{L6}: give the generic level it maps to, {LEVELS}"
PATH_L6 = (
    f"{L6}: give its company with it (company Google or Amazon) or the generic level it"
    f" maps to, {PATH_LEVELS}"
)
META = "Meta's levels: E3, E4, E5, E6, E7, E8, E9"


@pytest.mark.parametrize(
    ("written", "company", "takes", "said"),
    [
        ("E5", None, "company", "level 'E5' is a company's level (Meta E5: senior): give its"),
        ("IC4", None, None, "level 'IC4' is a company's level (Meta E4: mid): give the generic"),
        ("61", None, "company_level", "level '61' is a company's level (Microsoft 61: mid)"),
        ("L5", "Meta Platforms", "company", f"{L5}, not one of Meta's levels (E3, E4, E5, E6,"),
    ],
)
def test_the_helper_says_whose_level_it_is(
    written: str, company: str | None, takes: str | None, said: str
) -> None:
    from paygrade.normalize.company_levels import company_level_refused  # new here

    words = company_level_refused(written, [company] if company else [], takes)
    assert words is not None and words.startswith(said), words
    # A bare grade is no company's level (Apple's titles end in it), nor a typo.
    assert company_level_refused("4") is None and company_level_refused("senoir") is None


def test_a_filter_on_a_companys_level_names_company_level_and_the_level_it_maps_to(
    store: Store,
) -> None:
    with pytest.raises(BadFilter) as at_google:
        stats(store, by=[], where={"company": ["Google"], "level": ["L5"]})
    assert str(at_google.value) == GOOGLE_L5
    with pytest.raises(BadFilter) as anywhere:
        stats(store, by=[], where={"level": ["L5"]})
    assert str(anywhere.value) == ANY_L5
    # A typo is refused as before.
    with pytest.raises(BadFilter, match=f"^level 'wizard' is not {LEVELS}$"):
        stats(store, by=[], where={"level": ["wizard"]})


def test_an_offer_at_a_companys_level_says_whose_it_is() -> None:
    with pytest.raises(BadOffer) as refused:
        Profile(role="ml_engineer", level="L6")
    assert str(refused.value) == OFFER_L6


def test_compare_and_estimate_say_a_companys_level(real_store: Store) -> None:
    with pytest.raises(BadFilter) as compared:
        compare(real_store, role="ml_engineer", country="US", level="L5")
    assert str(compared.value) == f"{L5}: give the generic level it maps to, {LEVELS}"
    with pytest.raises(BadProfile) as estimated:
        check_profile({"role": "ml_engineer", "level": "L6"})
    assert str(estimated.value) == PATH_L6.replace(PATH_LEVELS, LEVELS)
    # With its company it is read, as before.
    assert check_profile({"level": "L6", "company": "Amazon"})["level"] == "senior"


def test_a_path_from_a_companys_level_without_its_company_says_to_give_it(
    real_store: Store,
) -> None:
    with pytest.raises(PaygradeError) as refused:
        ladder(real_store, level="L6")
    assert str(refused.value) == PATH_L6
    assert ladder(real_store, company="Amazon", level="L6")["path"][0]["level"] == "senior"


def test_a_ladder_refusal_promising_a_companys_levels_names_them(real_store: Store) -> None:
    with pytest.raises(PaygradeError) as unknown:
        ladder(real_store, company="Meta Platforms", level="L99")
    assert str(unknown.value).endswith(f", or one of {META}")
    with pytest.raises(PaygradeError) as another:
        ladder(real_store, company="Meta Platforms", level="L5")
    assert str(another.value).startswith(f"{L5}, not one of Meta's levels (E3, E4, E5, E6, E7,")


def test_the_commands_say_a_companys_level(real_db: Path) -> None:
    offer = ["offer", "--base", "185k", "--role", "ml_engineer", "--level", "L6"]
    assert_one_error_line(run("--db", real_db, *offer), 1, OFFER_L6)
    assert_one_error_line(run("--db", real_db, "ladder", "--level", "L6"), 1, PATH_L6)
    where = ["--where", "company=Google", "--where", "level=L5"]
    assert_one_error_line(run("--db", real_db, "stats", *where), 1, GOOGLE_L5)


def test_the_api_and_pages_say_a_companys_level(app: TestClient) -> None:
    body = {"offers": [{"base": 185_000, "role": "ml_engineer", "level": "L6"}]}
    api = app.post("/api/v1/offers/evaluate", json=body)
    assert (api.status_code, api.json()["errors"]) == (422, {"offers.0.level": OFFER_L6})
    asked = {"base": "185k", "role": "ml_engineer", "level": "L6", "format": "json"}
    page = app.get("/offers", params=asked)
    assert (page.status_code, page.json()["detail"]) == (422, OFFER_L6)
    filtered = app.get("/api/v1/stats?where=level:L5")
    assert ANY_L5 in filtered.text


def test_the_mcp_tools_say_a_companys_level(talking: Any) -> None:
    said = tool_errors(
        talking,
        ("offer", {"base": 185000, "role": "ml_engineer", "level": "L6"}),
        ("stats", {"where": {"company": ["Google"], "level": ["L5"]}}),
        ("ladder", {"company": "Meta Platforms", "level": "L99"}),
    )
    assert OFFER_L6 in said[0]
    assert GOOGLE_L5 in said[1]
    assert META in said[2]
