"""Submitted salaries in aggregates: counted where enough of them are, never given away.

A copy of the real store with hand-written fixture submissions approved into it (the
fixture values are a test's, named as such: company "Fixture Zyx Audit"). The attacks
are the ones an audit of 2026-12-04 made work: a small group's percentiles, a mean with
and without them, a listing by every field.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from paygrade.companies import NoSuchCompany, companies, company_profile
from paygrade.config import Settings
from paygrade.engines import PRIVATE_MIN
from paygrade.evidence import records
from paygrade.filters import KnownValues, fields_held, parse_where, resolve, values_held
from paygrade.formats import stats_notes
from paygrade.offers import _peer_pay, _sources_with_years
from paygrade.report.build import top_of_market
from paygrade.stats import stats
from paygrade.store import Store
from paygrade.submissions import approve, submit
from tests.conftest import built_once
from tests.test_engines import _ibis_on_duckdb
from tests.test_submissions import GOOD

COMPANY = "Fixture Zyx Audit"
LONE = "Fixture Lone Audit"  # one submission's company, none other
FLAGGED_AT = "Fixture Flagged Audit"  # ten submissions, one of them flagged implausible
TITLE = "Senior Machine Learning Engineer Zyxwhisperer"  # the five seniors' own title
SEATTLE = "Seattle-Tacoma-Bellevue, WA"
PUBLIC = ["aijobs", "h1b", "h1b_2013", "h1b_2024", "so_survey"]


def fixture_submission(base: int, **fields: Any) -> dict[str, Any]:
    return {**GOOD, "company": COMPANY, "base": base, "bonus": 0, "stock_per_year": 0, **fields}


def build_store(db: Path, real_db: Path) -> None:
    """The real store with five fixture submissions at one company, senior ML engineers in
    Seattle (a group of 10 records, 5 of each pay component), and ten data scientists
    there at another level (mid; 20 records, 10 of each), written to ``db``."""
    shutil.copyfile(real_db, db)
    settings = Settings(db=db, submissions_per_hour=100)
    senior = [333_333, 345_678, 355_555, 366_666, 444_444]
    mid = [150_001 + 10_001 * i for i in range(PRIVATE_MIN)]
    for i, base in enumerate(senior):
        submit(settings, fixture_submission(base, title=TITLE), client=f"s{i}")
    lone = {"company": LONE, "years_experience": 7.25}  # years no public record holds
    submit(settings, fixture_submission(250_000, **lone), client="lone")
    nowhere = {"company": LONE, "city": None, "state": None}  # the US, no metro
    submit(settings, fixture_submission(260_000, **nowhere), client="lone2")
    for i, base in enumerate(mid):
        scientist = {"title": "Data Scientist", "level": "mid", "years_experience": 3}
        submit(settings, fixture_submission(base, **scientist), client=f"m{i}")
    for i in range(PRIVATE_MIN):  # entry level above $300,000 is flagged implausible
        entry = {"company": FLAGGED_AT, "level": "entry", "title": "Data Engineer"}
        submit(settings, fixture_submission(310_000 if i == 0 else 120_000, **entry), f"f{i}")
    with closing(Store.open(db)) as writing:
        for number in range(1, len(senior) + 2 + len(mid) + PRIVATE_MIN + 1):
            approve(writing, settings, number)


@pytest.fixture(scope="module")
def store(real_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """``build_store``'s store, built once per test run whichever module asks first
    (``built_once``: tests/test_words_fixes6.py reads it too, and each module had built
    its own, ~8 s each); every test opens it read-only."""
    folder = built_once(
        tmp_path_factory, "privacy", lambda into: build_store(into / "store.duckdb", real_db)
    )
    opened = Store.open(folder / "store.duckdb", read_only=True)
    yield opened
    opened.close()


def test_five_submissions_make_no_group_however_asked(store: Store) -> None:
    # Counted as records, three had made a group of six (a base and a total record each)
    # whose p25, median and p75 gave every one's pay (345,678 was the median); counted over
    # both pay components, five made a group of ten whose p10-p90 were their five pays.
    where = {"company": [COMPANY], "level": ["senior"]}
    for flagged in (False, True):
        answer = stats(store, [], where, include_flagged=flagged)
        assert answer["groups"] == [] and answer["sources"] == {}
    # Listed by every field, one row each (n = 1), they said who submitted what.
    every = ["company", "title", "metro", "level", "years_experience", "year"]
    listed = stats(store, every, {"source": ["submission"]})["groups"]
    assert [g["key"]["level"] for g in listed] == ["mid"]  # the ten, and they alone
    assert listed[0]["n"] == 2 * PRIVATE_MIN


def test_a_mean_with_and_without_them_is_the_same(store: Store) -> None:
    # Boise's mean with one submission, less its mean without, was that submission's pay.
    where = {"metro": [SEATTLE], "pay_component": ["base"], "level": ["senior"]}
    with_all = stats(store, ["metro"], where)["groups"][0]
    public = stats(store, ["metro"], {**where, "source": PUBLIC})["groups"][0]
    assert with_all["n"] > 100 and (with_all["n"], with_all["mean"]) == (
        public["n"],
        public["mean"],
    )


def test_enough_submissions_in_a_group_count(store: Store) -> None:
    # Ten submitters, ten records of each pay component: the group is theirs to be counted
    # in, as any other; the five seniors' group is not.
    counted = stats(store, ["level"], {"company": [COMPANY]})
    (mid,) = counted["groups"]
    assert (mid["key"], mid["n"]) == ({"level": "mid"}, 2 * PRIVATE_MIN)
    assert counted["sources"] == {"submission": 2 * PRIVATE_MIN}
    # Narrowed to one component, or grouped by it, the ten still count.
    base = stats(store, ["level"], {"company": [COMPANY], "pay_component": ["base"]})
    assert [(g["key"], g["n"]) for g in base["groups"]] == [({"level": "mid"}, PRIVATE_MIN)]
    split = stats(store, ["level", "pay_component"], {"company": [COMPANY]})["groups"]
    assert [g["n"] for g in split] == [PRIVATE_MIN, PRIVATE_MIN]


def test_a_company_and_an_offer_keep_a_few_submissions_out(store: Store, real_store: Store) -> None:
    # The companies list named the submitters' employer as typed with their count; an
    # offer's peers held the three, so its percentile stepped across each one's pay.
    listed = {c["company"]: c for c in companies(store, search="fixture zyx")}
    # Fifteen submissions at the company (30 records): counted, as `stats --by company`
    # does; the names they typed are not shown.
    by_company = stats(store, ["company"], {"company": [COMPANY]})["groups"]
    assert listed[COMPANY]["n"] == by_company[0]["n"] == 30
    # Within filters, as a group holds them: the five seniors are no company's records
    # there ("--where years_experience=3" had shown one submitter's two).
    senior = companies(store, where={"company": [COMPANY], "level": ["senior"]})
    assert senior == []
    mid = companies(store, where={"company": [COMPANY], "level": ["mid"]})
    assert [c["n"] for c in mid] == [2 * PRIVATE_MIN]
    assert listed[COMPANY]["raw_names"] == []
    peers, _ = _peer_pay(store, {"company": [COMPANY], "level": ["senior"]})
    assert peers == []
    # Counted or not, submissions are no offer's peers: a percentile stepped a dollar at a
    # time read every peer's exact pay, eleven submissions' totals in 240 calls.
    mid, _ = _peer_pay(store, {"company": [COMPANY], "level": ["mid"]})
    assert mid == []
    # Nor does a lone submission's year move the peers' years (its 2027 had cut every data
    # scientist's peers to one year) or the year the dated note calls the newest.
    lone = _peer_pay(store, {"role": ["data_scientist"], "country": ["US"]})[0]
    public = _peer_pay(real_store, {"role": ["data_scientist"], "country": ["US"]})[0]
    assert sorted(lone) == sorted(public)
    # Nor are they among the sources an offer names for years ("so_survey, submission").
    assert _sources_with_years(store) == _sources_with_years(real_store)


def test_the_records_listing_tells_their_count_only_where_a_group_would_count_them(
    store: Store,
) -> None:
    # "also matching: 2 submission records" told whether one person had submitted.
    assert records(store, {"company": [COMPANY]})["not_listed"] == {"submission": 30}
    assert records(store, {"company": [COMPANY], "level": ["senior"]})["not_listed"] == {}


@pytest.mark.parametrize(
    ("by", "where"),
    [
        (["level"], {"company": [COMPANY]}),
        (["company", "level"], {"metro": [SEATTLE]}),
        (["title"], {"source": ["submission"]}),
        ([], {"metro": [SEATTLE], "level": ["senior"]}),
    ],
)
def test_both_renderings_keep_the_same_submissions(
    store: Store, by: list[str], where: dict[str, list[Any]]
) -> None:
    # The rule lives in the plan: Spark's rendering (Ibis) keeps what DuckDB's keeps.
    assert stats(store, by, where) == stats(store, by, where, engine=_ibis_on_duckdb(store))


def test_the_reports_p99_keeps_a_few_submissions_out(store: Store, real_store: Store) -> None:
    # The report's p99 had SQL of its own: fixture submissions too few to count (each pay
    # component of US ML engineers holds five of them, under PRIVATE_MIN) moved the US base
    # p99 from $283,442 to $285,000 while its n and p10-p90 stayed as they were.
    counted = top_of_market(store)["tables"][0]["rows"]
    public = top_of_market(real_store)["tables"][0]["rows"]
    assert [(r["key"], r["n"], r["p99"]) for r in counted] == [
        (r["key"], r["n"], r["p99"]) for r in public
    ]
    assert all(r["p99"] is not None for r in counted)


def test_values_only_a_few_submissions_hold_are_as_no_records(store: Store) -> None:
    # "did you mean Chief Llama Whisperer?", and "no record matches" where a name nobody
    # gave said "no record has company ...", told what submitters had typed.
    known = KnownValues(store)
    assert TITLE.casefold() not in known.of("title") and LONE.casefold() not in known.of("company")
    assert COMPANY.casefold() in known.of("company")  # fifteen submissions: counted
    _, unmatched = resolve({"title": ["Zyxwhisperr"], "company": ["Fixture Lone Audt"]}, known)
    assert [u.field for u in unmatched] == ["title", "company"]
    assert TITLE not in unmatched[0].suggestions and LONE not in unmatched[1].suggestions
    with pytest.raises(NoSuchCompany, match=f"no record has company '{LONE}'"):
        company_profile(store, LONE)  # an internal error (nothing to unpack), a 500
    # What the claims checker says of a subject no record holds.
    assert values_held(store, {"company": [LONE], "title": [TITLE]}, "base") == set()
    assert values_held(store, {"company": [COMPANY]}, "base") == {"company"}
    assert fields_held(store, ["company"], "total", {"company": [LONE]}) == set()


def test_a_flagged_submission_does_not_count_toward_the_ten(store: Store) -> None:
    # Ten at a company, one flagged implausible: stats counts nine, so no group of theirs
    # counts, and the company is as one nobody gave. It was listed with n = 20 and known
    # to the filters ("no record matches" where a name nobody gave says "no record has").
    flagged = store.scalar(
        "SELECT count(*) FROM records WHERE company = ? AND len(flags) > 0", [FLAGGED_AT]
    )
    assert flagged == 2  # the one submission's base and total records
    assert FLAGGED_AT.casefold() not in KnownValues(store).of("company")
    assert companies(store, search="fixture flagged") == []
    assert values_held(store, {"company": [FLAGGED_AT]}, "base") == set()
    with pytest.raises(NoSuchCompany, match=f"no record has company '{FLAGGED_AT}'"):
        company_profile(store, FLAGGED_AT)


def test_what_local_prices_leave_out_keeps_a_few_submissions_out(
    store: Store, real_store: Store
) -> None:
    # "of the records matching, 1 name no metro": a lone submission with no metro was
    # counted where local prices left it out, and a metro with no price parity named.
    where = {"role": ["ml_engineer"], "country": ["US"], "level": ["senior"]}
    counted = stats(store, ["pay_component"], where, local_prices=True)
    public = stats(real_store, ["pay_component"], where, local_prices=True)
    assert counted["local_prices"] == public["local_prices"]
    assert counted["local_prices"]["no_metro"] > 0  # the filings' own, told as before
    rendered = stats(store, ["pay_component"], where, local_prices=True,
                     engine=_ibis_on_duckdb(store))  # fmt: skip
    assert rendered["local_prices"] == counted["local_prices"]


def test_a_span_of_numbers_keeps_a_submissions_own_value(store: Store) -> None:
    # years_experience=0-60 is the held values within it: without the 7.25 only a lone
    # submission holds, a group with it less the same group without gave its pay (means).
    known = KnownValues(store)
    spanned = parse_where(["years_experience=0-60"], known)["years_experience"]
    assert "7.25" in spanned, spanned
    # A text value it alone holds stays unknown (test above); its number is no name.
    assert LONE.casefold() not in known.of("company")


def test_a_group_counting_submissions_publishes_no_median_interval(store: Store) -> None:
    # The interval's ends are two of the group's own values: at n = 10 they were the
    # second and ninth submitted bases, and with p10 = x1 + 0.9 (x2 - x1) they gave the
    # lowest submitter's exact pay (the same of the highest with p90).
    where = {"company": [COMPANY], "pay_component": ["base"], "level": ["mid"]}
    (mid,) = stats(store, [], where)["groups"]
    assert mid["n"] == PRIVATE_MIN and mid["p50_ci"] is None
    # Grouped with public groups: only those counting submissions lose it.
    groups = stats(store, ["company"], {"pay_component": ["base"], "level": ["mid"]},
                   limit=100_000)["groups"]  # fmt: skip
    ours = next(g for g in groups if g["key"]["company"] == COMPANY)
    assert ours["p50_ci"] is None
    public = [g for g in groups if g["key"]["company"] != COMPANY and g["n"] >= 20]
    assert public and all(g["p50_ci"] and None not in g["p50_ci"] for g in public[:5])
    # And the table's note says why: it had said "too few records" of a group of 10.
    said = stats_notes(stats(store, [], where))
    assert any("a group counting submitted salaries" in line for line in said)
    assert not any("too few records" in line for line in said)


def test_a_number_only_a_few_submissions_hold_is_never_suggested(store: Store) -> None:
    # "no record has years_experience 7.2; did you mean 7.25 or 7.0 or 8.0?": the 7.25 of
    # one submitter (a span still keeps it: the test above).
    known = KnownValues(store)
    assert "7.25" in known.of("years_experience")
    _, unmatched = resolve({"years_experience": ["7.2"]}, known)
    (said,) = unmatched
    assert (
        said.suggestions
        and 7.25 not in said.suggestions
        and "7.25" not in map(str, said.suggestions)
    )


def test_ten_submissions_naming_a_metro_leave_an_estimates_similar_records_be(
    store: Store,
) -> None:
    # The surveys' total pay names no metro; ten submitted totals in Seattle made the field
    # "held", so every profile with a metro matched on it among the public records listed
    # as similar: "similar records: 0".
    from paygrade.estimate.service import similar_where

    where = similar_where(store, {"role": "data_scientist", "metro": SEATTLE}, "total")
    assert "metro" not in where and where["role"] == ["data_scientist"]
    assert fields_held(store, ["metro"], "total") == {"metro"}  # a statistics group's view
    assert fields_held(store, ["metro"], "total", public=True) == set()


def test_the_quality_report_gives_no_share_of_a_few_submissions(store: Store) -> None:
    # "years: 2024 91.7%, (values of fewer than 10 records each) 8.3%": 8.3% of 24 records
    # is 2, one submitter's other year. The folded values are named with no share.
    from paygrade.formats import _shares as said
    from paygrade.quality import FEWER, _shares

    metros = _shares(store, "submission", "metro")  # the lone ones' "(unknown)" folded
    assert metros[FEWER] is None and all(v is not None for k, v in metros.items() if k != FEWER)
    assert said({"2024": 0.9167, FEWER: None}) == f"2024 91.7%, {FEWER}"


def _withheld_ends(group: dict[str, Any]) -> list[float]:
    """A group's withheld interval ends (stats' library-internal ``withheld_ci``)."""
    from paygrade.stats import interval_withheld, verdict_interval

    assert interval_withheld(group), group
    ends = verdict_interval(group)
    assert ends is not None
    return list(ends)


def test_a_ladder_step_judges_a_level_counting_submissions_by_its_withheld_interval(
    store: Store,
) -> None:
    # The US mid -> senior step of ML engineers (+20.7%, n 1,452 / 4,756) was marked within
    # noise, "or one level has too few records for one", for eleven submissions among them.
    from paygrade.ladder import ladder

    answer = ladder(store, "data_scientist", country="US")
    step = next(s for s in answer["promotion_steps"] if s["to"] == "mid")
    assert step["pay_component"] == "total" and step["p50_ci_to"] is None  # never printed
    assert step["within_noise"] is False  # as its two intervals, one withheld, say:
    where = {"role": ["data_scientist"], "country": ["US"], "year": step["years"]}
    cells = {g["key"]["level"]: g for g in stats(store, ["level"], {**where,
             "level": ["entry", "mid"], "pay_component": ["total"]})["groups"]}  # fmt: skip
    low, high = cells["entry"]["p50_ci"], _withheld_ends(cells["mid"])
    assert (cells["mid"]["p50"], cells["mid"]["n"]) == (step["median_to"], step["n_to"])
    assert not (low[0] <= high[1] and high[0] <= low[1])
    (mid,) = [row["pay"]["total"] for row in answer["levels"] if row["level"] == "mid"]
    assert mid["p50_ci"] is None and "withheld_ci" not in json.dumps(answer)


def test_local_prices_rank_a_metro_counting_submissions_and_say_its_interval_is_withheld(
    store: Store,
) -> None:
    # Seattle (66 records, eleven submissions) was unranked, "too few records for its
    # median's 95% interval", its interval cell blank with no word why.
    from paygrade.formats import render_factor_table
    from paygrade.prices import factor_table

    metros = (SEATTLE, "San Francisco-Oakland-Fremont, CA", "Raleigh-Cary, NC")
    answer = factor_table(store, role="data_scientist", metros=metros)
    seattle = next(r for r in answer["rows"] if r["metro"] == SEATTLE)
    assert seattle["p50_nominal_ci"] is None and seattle["n"] >= 2 * PRIVATE_MIN
    assert seattle["rank_note"] is None and seattle["rank_nominal"] is not None
    table = render_factor_table(answer, "table")
    assert "withheld" in table and "Seattle-Tacoma-Bellevue, WA (n" in table.split("withheld")[-1]
    assert not any(SEATTLE in line for line in table.splitlines() if "not ranked" in line)


@pytest.mark.parametrize(
    "text",
    [
        "Mid-level data scientists in the US earn 50% more than entry-level ones.",
        "Data scientist pay in the US grew 60% from 2022 to 2024.",
    ],
)
def test_a_claim_on_groups_counting_submissions_is_checked_on_public_records_alone(
    store: Store, text: str
) -> None:
    # "above_data" had become no_data, "its records' pay is heaped at a few figures" (a
    # difference) or "(no interval)" (a change): the groups' intervals are withheld. A
    # verdict from them would give their ends away (a claimed figure moved step by step).
    from paygrade.claims import check_text

    (checked,) = check_text(store, text)["claims"]
    assert checked["verdict"] != "no_data", checked
    from paygrade.claims.growth import PUBLIC_ALONE

    assert checked["explanation"].startswith(PUBLIC_ALONE)
    where = {"role": ["data_scientist"], "country": ["US"], "source": PUBLIC}
    if "grew" in text:
        where |= {"year": [2024], "pay_component": [checked["data"]["pay_component"]]}
    else:
        where |= {"level": ["mid"], "pay_component": [checked["data"]["pay_component"]]}
    (public,) = stats(store, [], where)["groups"]
    assert checked["data"]["p50"] == public["p50"]
    assert f"n={public['n']:,})" in checked["explanation"]  # 10 fewer than with them
