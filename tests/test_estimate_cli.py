"""``paygrade train`` / ``estimate`` / ``evaluate`` on real data (small, quick models)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from paygrade.config import Settings
from paygrade.estimate import modelfile
from paygrade.estimate.service import estimate, levels_disagree, similar_where
from paygrade.ingest import ingest_file
from paygrade.records import number_bounds
from paygrade.stats import stats
from paygrade.store import Store
from paygrade.submissions import submit
from tests.conftest import CliCalls, cli_calls, run_each
from tests.test_cli import assert_one_error_line, run, started
from tests.test_submissions import GOOD

CONTRACT = {"p10", "p50", "p90", "coverage", "measured_coverage", "pay_component", "year",
            "n_similar", "factors", "model"}  # fmt: skip


@pytest.fixture(scope="module")
def cli() -> Iterator[CliCalls]:
    """One process answering this module's reading commands (``CliCalls``): a process per
    test had imported paygrade and scikit-learn again for each."""
    with cli_calls() as calls:
        yield calls


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    """A store with the aijobs survey and the 2013 H-1B filings, and a 30-tree model."""
    db = tmp_path_factory.mktemp("estimate") / "store.duckdb"
    store = Store.open(db)
    ingest_file(store, "aijobs", data_dir / "aijobs-salaries-2025-01.csv")
    ingest_file(store, "h1b_2013", data_dir / "h1b-lca-fy2013q3.csv")
    store.close()
    # --if-stale trains when there is no model at all (``test_train_if_stale...``: not again).
    done = run("--db", db, "train", "--trees", "30", "--if-stale")
    assert done.returncode == 0, done.stderr
    assert "total: measuring" in done.stderr
    assert "saved" in done.stdout and "80% coverage" in done.stdout
    return db


PRINTED = [
    ("--role", "ml_engineer", "--level", "senior", "--country", "US"),
    ("--title", "Sr. ML Engineer", "--years", "6", "--remote", "100", "--year", "2024"),
    ("--role", "software_engineer", "--company", "GOOGLE INC.", "--pay-component", "base"),
]
ENTRY = ("--role", "ml_engineer", "--level", "entry")
SENIOR_OF_1_YEAR = ("--role", "ml_engineer", "--level", "senior", "--years", "1")
SENIOR_IN_CA = ("--role", "ml_engineer", "--level", "senior", "--state", "CA")
UK_AS_A_METRO = ("--role", "ml_engineer", "--metro", "United Kingdom")
# The estimates the tests below ask of the command one at a time, asked of ONE process
# (``run_each``: each answer caught apart): a process per answer loads the model again,
# 2.5-4 s each of the module's 111 s.
ASKED = [*((*args, "--format", "json") for args in PRINTED), ENTRY, SENIOR_OF_1_YEAR,
         SENIOR_IN_CA, UK_AS_A_METRO]  # fmt: skip
Answers = dict[tuple[str, ...], subprocess.CompletedProcess[str]]


@pytest.fixture(scope="module")
def answered(cli: CliCalls, trained: Path) -> Answers:
    """What `paygrade estimate` answers each of ``ASKED`` (its status, stdout, stderr)."""
    answers = cli.run_each(*[("--db", trained, "estimate", *args) for args in ASKED])
    return dict(zip(ASKED, answers, strict=True))


def cli_json(answered: Answers, *args: str) -> dict[str, object]:
    """What `paygrade estimate ARGS --format json` printed (its warnings go to stderr)."""
    done = answered[(*args, "--format", "json")]
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout)
    return result


def _ok(done: subprocess.CompletedProcess[str]) -> str:
    """``tests.test_cli.ok``'s check of one answer: status 0, not a word on stderr."""
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return done.stdout


@cache
def _newest_model(models: Path) -> Any:
    return modelfile.load_newest(models)


def estimate_json(db: Path, *args: str) -> dict[str, object]:
    """The same JSON from the same library call the command makes, in this process: a
    process per answer (a second to import and load the model) made these tests the
    slowest of the suite. ``test_the_command_prints_what_the_library_answers`` holds the
    two equal."""
    given = dict(zip(args[::2], args[1::2], strict=True))
    component = given.pop("--pay-component", "total")
    profile = {FLAGS.get(flag, flag[2:].replace("-", "_")): value for flag, value in given.items()}
    store = Store.open(db, read_only=True)
    try:
        result = estimate(store, _newest_model(db.parent / "models"), profile, component)
    finally:
        store.close()
    answer: dict[str, object] = json.loads(json.dumps(result))
    return answer


FLAGS = {"--years": "years_experience"}  # options not named as their profile field


@pytest.mark.parametrize("args", PRINTED)
def test_the_command_prints_what_the_library_answers(
    answered: Answers, trained: Path, args: tuple[str, ...]
) -> None:
    assert cli_json(answered, *args) == estimate_json(trained, *args)


def test_estimate_json_is_the_contract(answered: Answers) -> None:
    result = cli_json(answered, "--role", "ml_engineer", "--level", "senior", "--country", "US")
    assert set(result) == CONTRACT
    assert result["coverage"] == 0.8 and result["pay_component"] == "total"
    assert 0 < result["p10"] <= result["p50"] <= result["p90"]  # type: ignore[operator]
    assert result["n_similar"] > 0  # type: ignore[operator]
    factors = result["factors"]
    assert isinstance(factors, list)
    assert {f["field"] for f in factors} == {"role", "level", "country"}
    assert set(factors[0]) == {"field", "value", "effect_pct"}
    assert set(result["model"]) == {"version", "trained_on"}  # type: ignore[arg-type]


def test_base_pay_resolves_a_company_like_the_data(trained: Path) -> None:
    result = estimate_json(
        trained,
        "--role",
        "software_engineer",
        "--company",
        "GOOGLE INC.",
        "--pay-component",
        "base",
    )
    assert result["pay_component"] == "base"
    assert [f["value"] for f in result["factors"] if f["field"] == "company"] == ["Google"]  # type: ignore[attr-defined, index]


def spread(result: dict[str, Any]) -> float:
    """How wide a range is, as the ratio of its ends."""
    return float(result["p90"]) / float(result["p10"])


def test_unseen_company_still_gets_an_estimate_and_fewer_similar(trained: Path) -> None:
    profile = ("--role", "software_engineer", "--pay-component", "base")
    known = estimate_json(trained, *profile)
    unseen = estimate_json(trained, *profile, "--company", "Zyxw Nonexistent Corp")
    other = estimate_json(trained, *profile, "--company", "Qqq Unheard Of LLC")
    learned = estimate_json(trained, *profile, "--company", "Microsoft")
    assert unseen["n_similar"] == 0 < known["n_similar"]  # type: ignore[operator]
    # The model knows no effect for a company it did not learn, whatever its name...
    assert [unseen[k] for k in ("p10", "p50", "p90")] == [other[k] for k in ("p10", "p50", "p90")]
    # ...so its range is wider than at a company it learned.
    assert learned["p50"] != unseen["p50"] and spread(unseen) > spread(learned)
    assert "unseen" not in unseen and "like" not in unseen  # the JSON keys are the contract


def test_a_value_no_record_holds_is_named_with_the_nearest(cli: CliCalls, trained: Path) -> None:
    # "Gogle" was estimated as a company the model never saw, and only "not learned" said
    # so: a typo looked like a rare company.
    profile = ("--role", "ml_engineer", "--pay-component", "base")
    command = ("--db", trained, "estimate", *profile)
    table, google, titled, asked = cli.run_each(
        (*command, "--company", "Gogle"),
        (*command, "--company", "Google"),
        # A title is written freely: an unheld one is no typo to point out.
        (*command, "--title", "Chief Vibes Officer"),
        (*command, "--company", "Gogle", "--format", "json"),
    )
    for done in (table, google, titled):
        assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert "note: no record has company 'Gogle'; did you mean Google?" in table.stdout
    assert "no record has" not in google.stdout
    assert "no record has" not in titled.stdout
    assert "unheld" not in estimate_json(trained, *profile, "--company", "Gogle")  # contract
    # ...and the JSON's reader is told on stderr, as the API's header and MCP tell it: the
    # JSON alone had said nothing of it.
    assert asked.returncode == 0 and json.loads(asked.stdout)["p50"] > 0
    assert "warning: no record has company 'Gogle'; did you mean Google?\n" in asked.stderr


def test_a_title_never_seen_is_answered_as_a_blank_one_and_the_table_says_so(
    cli: CliCalls,
    trained: Path,
) -> None:
    # It went down the trees' branch of rare titles, priced like the odd ones: 2024's new
    # survey titles came out a quarter low from a model of the years before. Now the records
    # like the profile keep their own titles, as for a title not given.
    profile = ("--role", "ml_engineer", "--level", "senior")
    unseen = estimate_json(trained, *profile, "--title", "Chief Vibes Officer")
    other = estimate_json(trained, *profile, "--title", "Zorp Wrangler")
    blank = estimate_json(trained, *profile)
    learned = estimate_json(trained, *profile, "--title", "Machine Learning Engineer")
    ranges = [(e["p10"], e["p50"], e["p90"]) for e in (unseen, other, blank)]
    assert ranges[0] == ranges[1] == ranges[2] != (learned["p10"], learned["p50"], learned["p90"])
    assert "title" not in [f["field"] for f in unseen["factors"]]  # it moves nothing
    assert unseen["n_similar"] == 0 < blank["n_similar"]  # no record holds it
    table, plain = cli.ok_each(
        ("--db", trained, "estimate", *profile, "--title", "Chief Vibes Officer"),
        ("--db", trained, "estimate", *profile),
    )
    assert "never seen: title (no training record holds it: answered for the values the" in (
        " ".join(table.split())
    )
    assert "not learned" not in table and "never seen" not in plain


def test_blank_fields_are_answered_for_the_people_the_profile_describes(trained: Path) -> None:
    # Every survey record has a title, so the model never saw one blank: a profile giving
    # role, level and country alone once took the trees' branch of rare titles, where role
    # moved nothing (every role's entry level got one median). Now blanks come from
    # records like the profile.
    model = modelfile.load_newest(trained.parent / "models")
    store = Store.open(trained, read_only=True)
    errors, entry = [], {}
    try:
        for role in ("ml_engineer", "data_scientist", "data_engineer", "research_scientist"):
            for level in ("entry", "mid", "senior"):
                profile = {"role": role, "level": level, "country": "US"}
                found = estimate(store, model, profile, explain=True)
                assert found["like"] == {"records": 200, "matched_on": list(profile)}
                (median,) = store.con.execute(
                    "SELECT median(amount_usd) FROM records WHERE pay_component = 'total' "
                    "AND role = ? AND level = ? AND country = 'US'",
                    [role, level],
                ).fetchone() or (None,)
                errors.append(abs(found["p50"] / median - 1))
                assert found["p10"] < median < found["p90"]
                if level == "entry":
                    entry[role] = found["p50"]
    finally:
        store.close()
    assert float(np.mean(errors)) < 0.08
    assert entry["research_scientist"] > entry["ml_engineer"] > entry["data_engineer"]


BAD_PROFILES = [
    (("--level", "wizard"), "level 'wizard' is not one of"),
    (("--years", "-3"), "years of experience are 0 to 60, not -3"),
    (("--year", "1700"), f"the year is 1990 to {number_bounds('year')[1]}, not 1700"),
    (("--remote", "30"), "remote must be 0, 50 or 100 (or in-person, hybrid, remote)"),
    (("--remote", "yes"), "remote must be 0, 50 or 100 (or in-person, hybrid, remote)"),
    # Answered for every role without a word (an unset shell variable, say).
    (("--role", "", "--level", "senior"), "empty value for --role"),
    (("--role", "ml_engineer", "--company", "  "), "empty value for --company"),
    # A place of the other kind was "no country is called 'California'", naming no field.
    (("--country", "California"), "California is a US state, not a country: give state CA"),
    (("--state", "Germany"), "Germany is a country, not a US state: give country DE"),
    # The API and the page refused it; the CLI and MCP read a title of any length.
    (("--title", "Engineer " * 23), "title is 207 characters long: at most 200"),
]


@pytest.fixture(scope="module")
def refused(
    cli: CliCalls, trained: Path
) -> dict[tuple[str, ...], subprocess.CompletedProcess[str]]:
    """What `paygrade estimate` answers each bad profile, asked of one process (each answer
    caught apart: its status, stdout and stderr)."""
    asked = [args for args, _ in BAD_PROFILES]
    answers = cli.run_each(*[("--db", trained, "estimate", *args) for args in asked])
    return dict(zip(asked, answers, strict=True))


@pytest.mark.parametrize(("args", "message"), BAD_PROFILES)
def test_bad_profiles_are_clear_errors(
    refused: dict[tuple[str, ...], subprocess.CompletedProcess[str]],
    args: tuple[str, ...],
    message: str,
) -> None:
    blank = message.startswith("empty value")  # a usage mistake (test_usage_fixes11)
    assert_one_error_line(refused[args], 2 if blank else 1, message)


def test_train_if_stale_keeps_a_model_of_the_data_as_it_is(cli: CliCalls, trained: Path) -> None:
    models = sorted((trained.parent / "models").glob("estimator-*.pkl"))
    (out,) = cli.ok_each(("--db", trained, "train", "--if-stale"))
    assert out.endswith(": nothing to train\n") and models[-1].stem[10:] in out
    assert sorted((trained.parent / "models").glob("estimator-*.pkl")) == models


def test_no_model_says_train_first(cli: CliCalls, tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    Store.open(db).close()
    modelless, blank, info = cli.run_each(
        ("--db", db, "estimate", "--role", "ml_engineer"),
        ("--db", db, "estimate"),
        ("--db", db, "info"),
    )
    assert_one_error_line(modelless, 1, "no model")
    # No profile at all is the asker's to mend, model or none.
    assert_one_error_line(blank, 1, "describe the profile: give at")
    assert (info.returncode, info.stderr) == (0, "")
    assert info.stdout.splitlines()[-1].endswith("(run `paygrade train`)")


@pytest.mark.parametrize("damaged", [b"", b"garbage, not a model\n"], ids=["empty", "text"])
def test_a_damaged_model_file_is_one_line_saying_train(
    trained: Path, tmp_path: Path, damaged: bytes
) -> None:
    # An empty file had the CLI say "interrupted" (status 130), a text file "internal
    # error (ValueError)" (status 70).
    (tmp_path / "estimator-20261201T000000Z.pkl").write_bytes(damaged)
    done = run(
        "--db", trained, "estimate", "--role", "ml_engineer", env={"PAYGRADE_MODELS": str(tmp_path)}
    )
    assert_one_error_line(done, 1, "cannot read the model")
    assert "run `paygrade train`" in done.stderr


def test_train_if_stale_replaces_a_model_that_cannot_be_read(
    filings: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    # Its facts beside it said it was current, so --if-stale (scripts/start.sh) kept a
    # model file cut short, and every estimate said "cannot read the model".
    # (The store of filings alone: training its 10,000 records takes a few seconds where
    # ``trained``'s 84,000 took ~10 s twice over, and a store's size says nothing here.)
    trained, _ = filings
    newest = sorted((trained.parent / "models").glob("estimator-*.pkl"))[-1]
    models = tmp_path / "models"
    models.mkdir()
    (models / newest.name).write_bytes(newest.read_bytes()[:1000])
    (models / newest.name).with_suffix(".json").write_bytes(
        newest.with_suffix(".json").read_bytes()
    )
    env = {"PAYGRADE_MODELS": str(models)}
    info, done = run_each(
        ("--db", trained, "info"),
        ("--db", trained, "train", "--if-stale", "--trees", "2"),
        env=env,
    )
    # info read the facts alone and called it current; its size says it is cut short.
    assert (info.returncode, info.stderr) == (0, "")
    assert info.stdout.splitlines()[-1].endswith(
        "cannot be read (its file is not the bytes it was saved as): run `paygrade train`"
    )
    assert done.returncode == 0, done.stderr
    assert f"the model {newest.stem[10:]} cannot be read: training a new one" in done.stderr
    assert len(list(models.glob("estimator-*.pkl"))) == 2
    assert modelfile.loads(models)


def test_a_model_on_older_data_says_so(
    cli: CliCalls, trained: Path, tmp_path: Path, data_dir: Path
) -> None:
    db = tmp_path / "newer.duckdb"
    db.write_bytes(trained.read_bytes())
    (tmp_path / "models").symlink_to(trained.parent / "models")
    store = Store.open(db)
    ingest_file(store, "so_survey", data_dir / "so-survey-2023-usd.csv")
    store.close()
    done, *infos = cli.run_each(
        ("--db", db, "estimate", "--role", "ml_engineer"),
        ("--db", db, "info", "--format", "json"),
        ("--db", db, "info"),
        ("--db", trained, "info"),
    )
    assert done.returncode == 0
    assert done.stderr.startswith("warning: the model") and "paygrade train" in done.stderr
    for info in infos:
        assert (info.returncode, info.stderr) == (0, ""), info.stderr
    as_json, newer, current = (info.stdout for info in infos)
    # info says so too (it named no model at all), read from the facts beside the model
    newest = sorted((trained.parent / "models").glob("estimator-*.pkl"))[-1]
    facts = json.loads(newest.with_suffix(".json").read_text())
    state = json.loads(as_json)["model"]
    assert (state["newest"], state["trained_on"], state["current"]) == (
        facts["version"], facts["trained_on"], False,
    )  # fmt: skip
    assert "trained on older data" in newer.splitlines()[-1]
    assert current.splitlines()[-1].endswith("trained on the data as it is")


def test_table_output_names_the_factors(answered: Answers) -> None:
    text = _ok(answered[ENTRY])
    assert "median" in text and "level = entry" in text and "similar records" in text


def test_an_estimate_says_the_year_it_is_for(answered: Answers, trained: Path) -> None:
    # It never said: base and total, given no year, are of their own newest years.
    newest = _newest_model(trained.parent / "models").newest_year
    line = f"year: {newest['total']} (the newest year of total pay records)"
    assert line in _ok(answered[ENTRY]).splitlines()
    assert cli_json(answered, *PRINTED[0])["year"] == newest["total"]
    assert cli_json(answered, *PRINTED[1])["year"] == 2024  # given
    assert cli_json(answered, *PRINTED[2])["year"] == newest["base"]


def test_a_level_its_years_set_apart_is_kept_and_said(answered: Answers, trained: Path) -> None:
    # "--level senior --years 1" was answered without a word.
    text = _ok(answered[SENIOR_OF_1_YEAR])
    assert "note: 1 year of experience is entry level by the data's bands, not senior" in text
    # the JSON's keys are a contract
    assert set(estimate_json(trained, *SENIOR_OF_1_YEAR)) == CONTRACT


@pytest.mark.parametrize(
    ("level", "years", "apart"),
    [("senior", 1, "entry"), ("entry", 10, "senior"), ("senior", 7, None), ("mid", 1, None),
     ("staff", 9, None), ("principal", 30, None),  # years past the last band: no word
     ("executive", 0, "entry"), ("executive", 3, "mid"), ("executive", 25, None)],
)  # fmt: skip
def test_levels_disagree_two_or_more_levels_apart(
    level: str, years: float, apart: str | None
) -> None:
    assert levels_disagree({"level": level, "years_experience": years}).get("years_level") == (
        apart
    )


@pytest.fixture(scope="module")
def evaluated(cli: CliCalls, trained: Path) -> list[subprocess.CompletedProcess[str]]:
    """`paygrade evaluate` (quick: 10 trees, 1,500 records) as a table, then as JSON, asked
    of one process."""
    evaluate = ("--db", trained, "evaluate", "--trees", "10", "--sample", "1500")
    return cli.run_each(evaluate, (*evaluate, "--format", "json"))


def test_evaluate_prints_the_tables(evaluated: list[subprocess.CompletedProcess[str]]) -> None:
    done = evaluated[0]
    assert done.returncode == 0, done.stderr
    assert "| model | 5-fold MAE | 5-fold 80% coverage | temporal 80% coverage |" in done.stdout
    for name in ("global median", "median by (level, country, title)", "LightGBM + CQR"):
        assert f"| {name}" in done.stdout
    assert "| SalaryEstimator" in done.stdout and "non-US" in done.stdout


def test_evaluate_compares_widths_at_the_estimators_coverage(
    evaluated: list[subprocess.CompletedProcess[str]],
) -> None:
    done = evaluated[1]
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    ours = "SalaryEstimator (LightGBM + Mondrian CQR)"
    for protocol, found in result["protocols"].items():
        equal = result["equal_coverage"][protocol]
        assert equal["coverage"] == found[ours]["coverage"]
        assert set(equal["width"]) == set(found)  # every model, at the estimator's coverage
        # Its own intervals already hold that much: scaled to it, they are no wider.
        assert 0 < equal["width"][ours] <= found[ours]["width"] + 1e-6


def test_a_year_outside_the_data_says_what_it_is_answered_as(cli: CliCalls, trained: Path) -> None:
    # --year 2012 for total pay (surveys of 2020-2025) gave 2020's answer without a word.
    store = Store.open(trained, read_only=True)
    try:
        asked = {"pay_component": ["total"], "source": ["aijobs"]}
        years = [g["key"]["year"] for g in stats(store, ["year"], asked)["groups"]]
    finally:
        store.close()
    first, last = years[0], years[-1]
    # Widened is said only of a range that is wider than the newest year's: the drift
    # measured on a newest year of a few months can be within its margin.
    profiles = [("--role", "ml_engineer"), ("--role", "software_engineer", "--level", "senior")]
    command = ("--db", trained, "estimate")
    before, at_first, *answers = cli.run_each(
        (*command, "--role", "ml_engineer", "--year", str(first - 3)),
        (*command, "--role", "ml_engineer", "--year", str(first)),
        *[
            (*command, *profile, "--year", str(year), *form)
            for profile in profiles
            for year, form in ((last, ("--format", "json")), (last + 1, ("--format", "json")),
                               (last + 1, ()))
        ],
    )  # fmt: skip
    for done in (before, at_first, *answers[2::3]):  # the tables: nothing on stderr
        assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert before.stdout.splitlines()[0] == at_first.stdout.splitlines()[0]  # the same answer
    assert (
        f"note: total pay's records are of {first}-{last}: {first - 3} is answered as {first} "
        "(no earlier records)"
    ) in before.stdout  # ... said
    assert "note: total pay's records" not in at_first.stdout
    for at_last, at_next, after in zip(answers[::3], answers[1::3], answers[2::3], strict=True):
        at = [json.loads(at_last.stdout), json.loads(at_next.stdout)]
        widened = (at[0]["p10"], at[0]["p90"]) != (at[1]["p10"], at[1]["p90"])
        said = f"{last + 1} is answered as {last}, its range "
        assert said + (
            "widened for the drift measured from" if widened else f"as {last}'s: the drift measured"
        ) in " ".join(after.stdout.split())


def test_a_title_implies_its_role_and_level(cli: CliCalls, trained: Path) -> None:
    # Read by the rules that read the records' titles: a spelling the model never learned
    # still says who the person is.
    title = ("--title", "Sr. Machine Learning Engineer")
    alone = estimate_json(trained, *title)
    spelled = estimate_json(trained, *title, "--role", "ml_engineer", "--level", "senior")
    assert [alone[k] for k in ("p10", "p50", "p90")] == [spelled[k] for k in ("p10", "p50", "p90")]
    table, years = cli.ok_each(
        ("--db", trained, "estimate", *title),
        ("--db", trained, "estimate", "--role", "ml_engineer", "--years", "7"),
    )
    assert "title read as: Machine Learning Engineer" in table
    assert "records like this profile (same role, level, title)" in table
    # The level the title gives moves the median as a given one does, and is listed as
    # such (only the title was: its +52% stood for the title alone, the level's +20% unsaid).
    factors = {f["field"]: f for f in alone["factors"]}
    assert {f["field"]: f for f in spelled["factors"]}["level"] == factors["level"]
    assert factors["level"]["value"] == "senior" and factors["role"]["value"] == "ml_engineer"
    assert "  level = senior (read from the title): " in table
    assert "  level = senior (read from the years of experience): " in years


def test_a_title_with_level_words_is_read_as_the_learned_title_at_that_level(
    cli: CliCalls,
    trained: Path,
) -> None:
    # The survey's titles carry no level: "Senior Machine Learning Engineer" was a title
    # the model never saw, sent down the branch of rare titles (in GB: $91,800 against
    # $157,100 for "Machine Learning Engineer" at senior level, full model).
    read = estimate_json(trained, "--title", "Senior Machine Learning Engineer", "--country", "GB")
    learned = estimate_json(
        trained, "--title", "Machine Learning Engineer", "--level", "senior", "--country", "GB"
    )
    assert [read[k] for k in ("p10", "p50", "p90")] == [learned[k] for k in ("p10", "p50", "p90")]
    assert read["n_similar"] == learned["n_similar"] > 0
    command = ("--db", trained, "estimate", "--title")
    *tables, done = cli.run_each(
        (*command, "Sr. ML Engineer", "--country", "US"),
        (*command, "Senior Quantum Basket Weaver"),
        (*command, "Senior"),
        (*command, "Sr."),
        (*command, "!!!"),
    )
    for table in tables:
        assert (table.returncode, table.stderr) == (0, ""), table.stderr
    short, odd, *level_words = (table.stdout for table in tables)
    # Abbreviations are spelled out on both sides (rules/title_abbreviations.csv).
    assert "title read as: Machine Learning Engineer" in short
    # A title whose core the model never learned is still a rare title, said so.
    assert "never seen: title" in odd and "read as" not in odd
    # Level words alone name no job: "Senior" was read as "Associate", a learned title
    # made only of level words, with its title factor.
    for alone in level_words:
        assert "never seen: title" in alone and "read as" not in alone
        assert "level = senior (read from the title)" in alone
    # A title of no word at all is refused ("!!!" had been "Associate" too).
    assert_one_error_line(done, 1, "title '!!!' has no letter or digit")


def test_spellings_of_one_title_get_one_answer(trained: Path) -> None:
    # The model learned each spelling on its own, and the records standing for the blank
    # fields were found by the spelling: "Sr Software Engineer" and "Sr. Software
    # Engineer" differed by 13% in base pay (full model).
    spelled = ["SENIOR PROGRAM MANAGER", "Sr. Program Manager", "senior  program manager"]
    answers = [estimate_json(trained, "--title", t, "--pay-component", "base") for t in spelled]
    keys = ("p10", "p50", "p90", "n_similar")
    assert all([a[k] for k in keys] == [answers[0][k] for k in keys] for a in answers)
    assert answers[0]["n_similar"] > 0
    # Its level words still count, in any job: a program manager is not a senior one.
    plain = estimate_json(trained, "--title", "Program Manager", "--pay-component", "base")
    assert plain["p50"] != answers[0]["p50"]


def test_a_field_no_record_of_the_pay_component_holds_says_where_it_does(
    cli: CliCalls, trained: Path
) -> None:
    profile = ("--role", "ml_engineer", "--company", "Google")
    table, base, seattle = cli.ok_each(
        ("--db", trained, "estimate", *profile),
        ("--db", trained, "estimate", *profile, "--pay-component", "base"),
        ("--db", trained, "estimate", *profile, "--metro", "Seattle-Tacoma-Bellevue, WA"),
    )
    assert (
        "total pay's records hold no company: it cannot move this estimate;"
        " base pay's do: --pay-component base"
    ) in table
    assert "not learned" not in table
    # Said once; not listed again as a factor of +0.0% (the JSON keeps every factor).
    assert "company = Google" not in table and "  role = ml_engineer: " in table
    fields = [f["field"] for f in estimate_json(trained, *profile)["factors"]]  # type: ignore[union-attr]
    assert sorted(fields) == ["company", "role"]
    assert "hold no" not in base
    # This store's filings have no metro (no gazetteer was loaded): neither pay names it.
    assert "total pay's records hold no company, metro: they cannot move this estimate\n" in seattle


def test_numbers_base_pays_records_never_hold_are_said_not_listed_as_factors(
    cli: CliCalls,
    trained: Path,
) -> None:
    # The filings give no years of experience or remote share: a base estimate listed
    # "remote = 100 (remote): +0.0%" as a factor without a word, where a company for
    # total pay is said to be unable to move it.
    asked = ("--role", "software_engineer", "--remote", "100", "--pay-component", "base")
    command = ("--db", trained, "estimate")
    table, years, total, apart = cli.ok_each(
        (*command, *asked, "--level", "senior"),
        (*command, *asked, "--years", "10"),
        (*command, *asked[:4]),
        (*command, *asked, "--years", "10", "--level", "entry"),
    )
    assert (
        "base pay's records hold no remote: it cannot move this estimate;"
        " total pay's do: --pay-component total"
    ) in table
    assert "remote = " not in table and "  role = software_engineer: " in table
    # Years without a level still give one, as at ingest: they count through it.
    assert (
        "base pay's records hold no years_experience, remote: remote cannot move this "
        "estimate; years_experience counts only through its level (senior)"
    ) in years
    assert "years_experience = " not in years and "level = senior (read from" in years
    assert "hold no" not in total  # total pay's do
    # Years a level given sets apart were said to be read with it: base pay reads no years.
    assert (
        "note: 10 years of experience is senior level by the data's bands, not entry: both "
        "are kept as given, and the estimate reads the level alone\n"
    ) in apart


def test_a_country_base_pays_records_never_hold_is_said_to_get_us_pay(
    cli: CliCalls, trained: Path
) -> None:
    # The filings are all of the US: base pay for Germany was the US filings' pay, said only
    # as "never seen: country (... answered for the values the records like this profile hold)".
    us = ("--role", "software_engineer", "--country", "US", "--pay-component", "base")
    table, at_home = cli.ok_each(
        ("--db", trained, "estimate", "--role", "software_engineer", "--country", "DE",
         "--pay-component", "base"),
        ("--db", trained, "estimate", *us),
    )  # fmt: skip
    assert (
        "base pay's records are all of country US: this is US pay, not DE; total pay's "
        "records hold DE: --pay-component total\n"
    ) in table
    assert "records are all of" not in at_home


def test_similar_records_match_the_fields_the_pay_components_records_hold(trained: Path) -> None:
    # Matched on the company too, the survey's records said "similar records: 0" for any
    # named employer; a state names its country, which they do hold.
    named = ("--role", "ml_engineer", "--level", "senior", "--state", "CA")
    got = estimate_json(trained, *named, "--company", "Google")
    store = Store.open(trained, read_only=True)
    try:
        where = {"role": ["ml_engineer"], "level": ["senior"], "country": ["US"]}
        expected = stats(store, [], {**where, "pay_component": ["total"]})["groups"][0]["n"]
        found = estimate(store, modelfile.load_newest(trained.parent / "models"), {
            "role": "ml_engineer", "level": "senior", "state": "CA", "company": "Google"
        }, explain=True)  # fmt: skip
    finally:
        store.close()
    assert got["n_similar"] == expected > 0
    assert found["similar_where"] == {**where, "pay_component": ["total"]}


def test_years_of_experience_imply_a_level_as_at_ingest(trained: Path) -> None:
    # Blank, the level came from records like the profile: seniors with "1 year" got in.
    profile = ("--role", "data_scientist", "--country", "US")
    medians = [estimate_json(trained, *profile, "--years", y)["p50"] for y in ("1", "3", "6")]
    assert medians == sorted(medians) and len(set(medians)) == 3
    said = estimate_json(trained, *profile, "--years", "6", "--level", "senior")
    assert said["p50"] == medians[2]


def test_a_state_implies_its_country(trained: Path) -> None:
    profile = ("--role", "ml_engineer", "--level", "senior", "--state", "CA")
    alone = estimate_json(trained, *profile)
    said = estimate_json(trained, *profile, "--country", "US")
    assert [alone[k] for k in ("p10", "p50", "p90")] == [said[k] for k in ("p10", "p50", "p90")]
    anywhere = estimate_json(trained, "--role", "ml_engineer", "--level", "senior")
    assert anywhere["p50"] != alone["p50"]  # the survey is not all US


def test_a_title_read_as_a_learned_one_is_matched_on_what_its_records_hold(
    trained: Path,
) -> None:
    # "Senior ML Engineer" was read as the filings' MACHINE LEARNING ENGINEER, whose records
    # hold no level (their title gives none): matched on the level its words read too, the
    # answer said "similar records: 0" by construction, and its link found none.
    store = Store.open(trained, read_only=True)
    try:
        title = store.con.execute(
            "SELECT title FROM records WHERE pay_component = 'base' GROUP BY title "
            "HAVING count(level) = 0 ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
        profile = {"title": title, "level": "senior"}
        read = similar_where(store, profile, "base", ["level"])
        given = similar_where(store, profile, "base")
        expected = stats(store, [], read)["groups"][0]["n"]
    finally:
        store.close()
    assert read == {"title": [title], "pay_component": ["base"]}
    assert expected > 0
    # A level the person gives is asked as given: no record of that title holds it.
    assert given["level"] == ["senior"]


def test_a_place_moves_total_pay_through_the_country_it_implies_and_says_so(
    answered: Answers, trained: Path
) -> None:
    # The surveys name no state: CA moved the median through its country (US), while the
    # answer listed no country factor and said the state could not move it.
    profile = ("--role", "ml_engineer", "--level", "senior")
    state = estimate_json(trained, *profile, "--state", "CA")
    country = estimate_json(trained, *profile, "--country", "US")
    factors = {f["field"]: f for f in state["factors"]}  # type: ignore[union-attr]
    said = {f["field"]: f for f in country["factors"]}  # type: ignore[union-attr]
    assert factors["country"] == said["country"] and factors["country"]["effect_pct"] != 0
    table = _ok(answered[SENIOR_IN_CA])
    assert "total pay's records hold no state: state counts only through its country (US)" in table
    assert "  country = US (implied by the state): " in table
    assert "cannot move" not in table


def test_a_title_whose_words_give_another_level_than_the_one_given_is_said(
    cli: CliCalls,
    trained: Path,
) -> None:
    # "Senior ML Engineer" at level entry: the level given is read, and nothing said so.
    given = ("--title", "Senior ML Engineer", "--level", "entry")
    table, agreed = cli.ok_each(
        ("--db", trained, "estimate", *given),
        ("--db", trained, "estimate", "--title", "Senior ML Engineer", "--level", "senior"),
    )
    assert (
        "note: the title 'Senior ML Engineer' says senior level, not entry: "
        "the level is read as given\n"
    ) in table
    assert "note: the title" not in agreed


def test_a_place_abroad_given_as_a_metro_is_said_to_be_no_us_metro(answered: Answers) -> None:
    # A country as a metro was answered for every country, nothing said that metros are
    # US metro areas (the note of a metro no record holds says so too: tests/web).
    assert_one_error_line(
        answered[UK_AS_A_METRO],
        1,
        "United Kingdom is a country, not a metro (metros are US metro areas): give country GB",
    )


def test_the_table_says_numbers_as_given_and_a_remote_share_by_its_word(
    cli: CliCalls, trained: Path
) -> None:
    # The factor said "remote = 100.0": the JSON keeps the number.
    args = ("--role", "ml_engineer", "--country", "US", "--remote", "100")
    said, as_json = cli.run_each(
        ("--db", trained, "estimate", *args),
        ("--db", trained, "estimate", *args, "--format", "json"),
    )
    assert (said.returncode, said.stderr) == (0, "") and as_json.returncode == 0, said.stderr
    assert "  remote = 100 (remote): " in said.stdout and ".0:" not in said.stdout
    factors = json.loads(as_json.stdout)["factors"]
    assert {"field": "remote", "value": 100} in [
        {k: f[k] for k in ("field", "value")} for f in factors
    ]


@pytest.mark.parametrize("signals", [1, 5])
def test_sigterm_stops_a_training_and_takes_its_marker_away(
    real_db: Path, tmp_path: Path, signals: int
) -> None:
    import signal
    import time

    from paygrade.estimate.modelfile import MARKER
    from tests.test_cli import started

    # scripts/start.sh trains in the background, where Ctrl-C does not reach; on its way out
    # it sends SIGTERM, which killed the training with its marker left behind. It sends it
    # again while the job lives (a job forked an instant before may lose the first): the
    # later ones must not cut the cleanup the first started.
    models = tmp_path / "models"
    training = started("--db", real_db, "train", env={"PAYGRADE_MODELS": str(models)})
    deadline = time.monotonic() + 120
    while not (models / MARKER).exists() and training.poll() is None:
        assert time.monotonic() < deadline, "no training marker"
        time.sleep(0.05)
    for _ in range(signals):
        training.send_signal(signal.SIGTERM)
        time.sleep(0.001)
    _, err = training.communicate(timeout=120)
    assert (training.returncode, err) == (130, "error: interrupted, no model saved\n"), err
    assert not (models / MARKER).exists() and not list(models.glob("*.pkl"))


@pytest.fixture(scope="module")
def filings(
    tmp_path_factory: pytest.TempPathFactory, data_dir: Path
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """A store of the 2013 H-1B filings alone, and what `paygrade train --trees 10` answered
    training its model (beside it): the tests that train once more train this small store."""
    db = tmp_path_factory.mktemp("filings") / "filings.duckdb"
    store = Store.open(db)
    ingest_file(store, "h1b_2013", data_dir / "h1b-lca-fy2013q3.csv")
    store.close()
    return db, run("--db", db, "train", "--trees", "10")


def test_a_store_of_filings_alone_trains_and_answers_base_pay(
    cli: CliCalls, filings: tuple[Path, subprocess.CompletedProcess[str]]
) -> None:
    # The 2013 H-1B filings hold base pay only: train refused the store ("only 0 total pay
    # records"), throwing away the base model it had just fitted.
    db, done = filings
    based, total = cli.run_each(
        ("--db", db, "estimate", "--role", "software_engineer", "--pay-component", "base",
         "--format", "json"),
        ("--db", db, "estimate", "--role", "software_engineer"),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "total: not trained, only 0 total pay records" in done.stderr
    assert "base: " in done.stdout and "total: " not in done.stdout
    assert based.returncode == 0, based.stderr
    base = json.loads(based.stdout)
    assert base["pay_component"] == "base" and base["p10"] < base["p50"] < base["p90"]
    assert_one_error_line(total, 1, "no total pay model: the store held too few total pay")
    assert "ask for base pay" in total.stderr


def test_an_approval_is_not_held_up_while_a_model_trains(trained: Path, tmp_path: Path) -> None:
    # Training held the store itself for its minutes: an approval waited out its
    # PAYGRADE_BUSY_TIMEOUT ("busy: in use by another process ... e.g. an ingest"), and
    # scripts/start.sh trains beside the server. It reads the published copy now.
    db = tmp_path / "store.duckdb"
    shutil.copyfile(trained, db)
    queued = submit(Settings(db=db), GOOD, client="a")
    training = started("--db", db, "train", "--trees", "30",
                       env={"PAYGRADE_MODELS": str(tmp_path / "models")})  # fmt: skip
    try:
        assert training.stderr is not None
        for line in training.stderr:
            if "measuring" in line:  # the store read, the fitting under way
                break
        approved = run("--db", db, "submissions", "approve", str(queued["id"]),
                       env={"PAYGRADE_BUSY_TIMEOUT": "2"})  # fmt: skip
        assert approved.returncode == 0, approved.stderr
        assert training.poll() is None  # it was still training meanwhile
    finally:
        training.kill()
        training.communicate(timeout=60)


def test_train_keeps_the_newest_models_and_says_what_it_removed(
    filings: tuple[Path, subprocess.CompletedProcess[str]], tmp_path: Path
) -> None:
    # Every training kept its model for ever: 7 of ~42 MB (290 MB) after a week of
    # scripts/start.sh training after each data change.
    trained, _ = filings  # a small store: what it holds says nothing here
    models = tmp_path / "models"
    models.mkdir()
    older = [models / f"estimator-2026010{day}T000000Z.pkl" for day in (1, 2, 3)]
    for path in older:
        path.write_bytes(b"an older model")
        path.with_suffix(".json").write_text("{}")
    kept_by_hand = models / "estimator-backup.pkl"  # no version: not a model train saved
    kept_by_hand.write_bytes(b"a copy")
    done = run("--db", trained, "train", "--trees", "2", env={"PAYGRADE_MODELS": str(models)})
    assert done.returncode == 0, done.stderr
    left = sorted(p.name for p in models.iterdir() if p.suffix == ".pkl")
    assert left == sorted([older[2].name, kept_by_hand.name, modelfile.newest(models).name])
    assert not older[0].with_suffix(".json").exists() and older[2].with_suffix(".json").exists()
    assert (
        f"removed 2 older model(s), 0 MB: {older[0].name}, {older[1].name} "
        "(the newest 2 kept: --keep)"
    ) in done.stderr.splitlines()


def test_train_keep_is_at_least_two(cli: CliCalls, trained: Path) -> None:
    # The one before the new one may be being read by a server as the new one lands.
    (done,) = cli.run_each(("--db", trained, "train", "--keep", "1"))
    assert_one_error_line(done, 2, "Invalid value for '--keep': must be 2 or more, not 1")
