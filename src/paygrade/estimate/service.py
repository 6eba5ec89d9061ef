"""Train the model file from the store, and answer "what should I expect?" for a profile."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from paygrade import evidence
from paygrade.charts import years_span
from paygrade.estimate import mixture
from paygrade.estimate.data import (
    FEATURES,
    NotEnoughData,
    records_like,
    titles_held,
    training_count,
    training_frame,
    years_held,
)
from paygrade.estimate.evaluation import COVERAGE, splits
from paygrade.estimate.factors import effects
from paygrade.estimate.modelfile import (
    ModelFile,
    NoModel,
    data_version,
    new_version,
    training_now,
)
from paygrade.estimate.profile import EMPTY, NUMERIC, BadProfile, check_profile, stored_and_unheld
from paygrade.filters import fields_held
from paygrade.formats import counted
from paygrade.ladder import below_level_under
from paygrade.normalize.canonical import level_apart_from_years, level_from_years
from paygrade.normalize.titles import classify_title, core_key, match_key, title_form
from paygrade.places_held import PLACES, PlacesApart, with_wider_places
from paygrade.records import LEVELS, PAY_COMPONENTS, REMOTE_SAID, PaygradeError
from paygrade.stats import MIN_N
from paygrade.store import Store

if TYPE_CHECKING:  # LightGBM and scikit-learn (seconds to import) load only to train, or
    # with a model read from its file: `paygrade serve` came up without waiting for them.
    from paygrade.estimate.model import SalaryEstimator

Progress = Callable[[str], None]


def holdout_metrics(frame: pd.DataFrame, estimator: SalaryEstimator) -> dict[str, Any]:
    """MAE, 80% coverage and mean width on one held-out fold of five (copies kept together)."""
    train, test = next(splits(frame, "5-fold, copies together"))
    X, y = frame[list(FEATURES)], frame["amount_usd"].to_numpy()
    model = estimator.fit(X.iloc[train], y[train])
    low, high = model.predict_interval(X.iloc[test], COVERAGE)
    return {
        "rows": len(frame),
        "holdout_rows": len(test),
        "mae": round(float(np.mean(np.abs(model.predict(X.iloc[test]) - y[test]))), 0),
        "coverage": round(float(np.mean((y[test] >= low) & (y[test] <= high))), 3),
        "mean_width": round(float(np.mean(high - low)), 0),
    }


def train(
    store: Store, estimator: SalaryEstimator | None = None, progress: Progress = lambda _: None
) -> ModelFile:
    """One estimator per pay component (never mixed), with held-out metrics.

    Example:
        >>> train(store).models["total"].predict(profile_frame)  # doctest: +SKIP
    """
    from paygrade.estimate.model import SalaryEstimator

    model = ModelFile(version=new_version(), trained_on=data_version(store))
    too_few = []
    for component in PAY_COMPONENTS:
        try:
            frame = training_frame(store, component)
        except NotEnoughData as exc:
            # A store of H-1B filings alone holds no total pay: its base model still serves.
            too_few.append(str(exc))
            progress(f"{component}: not trained, {exc}")
            continue
        template = estimator or SalaryEstimator()
        progress(f"{component}: measuring on a held-out fold ({len(frame):,} records)")
        model.metrics[component] = holdout_metrics(frame, _copy(template))
        progress(f"{component}: fitting on all records")
        model.models[component] = _copy(template).fit(frame[list(FEATURES)], frame["amount_usd"])
        model.newest_year[component] = int(frame["year"].max())
    if not model.models:
        raise NotEnoughData("; ".join(too_few))
    return model


def _copy(estimator: SalaryEstimator) -> SalaryEstimator:
    from sklearn.base import clone

    fresh: SalaryEstimator = clone(estimator)
    return fresh


# What to do about a model of older data, said to the operator (the CLI, MCP) and to a
# site's visitor (the page, the API), who cannot train: its operator's command in brackets,
# as ``modelfile.NOT_RETRAINED`` says a model that cannot serve.
RETRAIN = "run `paygrade train` for estimates from the newest data"
RETRAIN_PUBLIC = f"this site's operator has not trained a new one (operator: {RETRAIN})"


def stale(store: Store, model: ModelFile, public: bool = False) -> str | None:
    """A warning when the store holds other data than the model was trained on: train
    again (``public``: to a visitor, that the operator has not), or, while a model is being
    trained into its folder, that one is coming (with no process id: every skin says it).

    Example:
        >>> stale(store, model)  # doctest: +SKIP
        'the model 20261201T000000Z was trained on data version 1a2b3c4d5e6f; the store is now
        0f9e8d7c6b5a: run `paygrade train` for estimates from the newest data'
        >>> stale(store, model, public=True)  # doctest: +SKIP
        "the model 20261201T000000Z ...: this site's operator has not trained a new one
        (operator: run `paygrade train` for estimates from the newest data)"
    """
    current = data_version(store)
    if current == model.trained_on:
        return None
    said = (
        f"the model {model.version} was trained on data version {model.trained_on}; "
        f"the store is now {current}: "
    )
    folder = model.loaded_from.parent if model.loaded_from is not None else None
    if folder is not None and (coming := training_now(folder, public=True)) is not None:
        return said + coming
    return said + (RETRAIN_PUBLIC if public else RETRAIN)


# A profile's blank fields are taken from up to SAMPLE training records like it, matched
# on its given fields, fewer of them until at least MIN_LIKE records match.
SAMPLE = 200
MIN_LIKE = 30
# Fields matched on, the first kept longest; numbers (year, years, remote) are not matched.
MATCHED = (
    *("role", "level", "country", "state", "metro", "company", "title", "company_size"),
    *("industry", "education", "specialization"),
)
# Factors are averaged over this many of the rows (each costs a prediction per value).
FACTOR_ROWS = 10


def estimate(
    store: Store,
    model: ModelFile,
    profile: Mapping[str, Any],
    pay_component: str = "total",
    *,
    explain: bool = False,
) -> dict[str, Any]:
    """p10 / p50 / p90 for a profile, the factors that move it, and how many records match.

    The range is that of the people the profile describes: the model's range for
    each of the records like it (its given values written over theirs), pooled
    (``mixture.pooled``). With ``explain``, also the given fields whose value the
    model did not learn (``unseen``: a company of no or few records; its range is
    widened for it), what the blank fields were taken from (``like``) and the given
    values no record holds (``unheld``). Off by default: the JSON answer's keys are a
    contract.

    Example:
        >>> estimate(store, model, {"role": "ml_engineer"})["p50"]  # doctest: +SKIP
        185000.0
    """
    return _estimate(store, model, profile, pay_component, explain)[0]


def warned_estimate(
    store: Store,
    model: ModelFile,
    profile: Mapping[str, Any],
    pay_component: str = "total",
    *,
    public: bool = False,
) -> tuple[dict[str, Any], list[str]]:
    """The contract's answer (``estimate``) and what its keys cannot carry, as the page and
    the CLI say it: a model trained on older data (``stale``), each given value no record
    holds, a given value the model did not learn or a field no record of the pay component
    holds (``learning_said``), a year outside the records' years, and a level that its
    years or its title set two or more levels apart. The API says them in a header (to a
    visitor: ``public``), the MCP tool as texts after the JSON.

    Example:
        >>> warned_estimate(store, model, {"company": "Gogle"})[1]  # doctest: +SKIP
        ["no record has company 'Gogle'; did you mean Google?"]
    """
    result, said = _estimate(store, model, profile, pay_component, False)
    return result, [w for w in [stale(store, model, public), *said] if w]


def _estimate(
    store: Store,
    model: ModelFile,
    profile: Mapping[str, Any],
    pay_component: str,
    explain: bool,
) -> tuple[dict[str, Any], list[str]]:
    """``estimate``'s answer, and what it says beside it: each given value no record holds,
    then ``learning_said`` and ``notes_said`` (read once for the explained answer and the
    warnings alike)."""
    if pay_component not in model.models:
        trained = " or ".join(f"{c} pay" for c in model.models)
        raise NoModel(
            f"no {pay_component} pay model: the store held too few {pay_component} pay records "
            f"when the model was trained; ask for {trained}, or ingest {pay_component} pay "
            "records and train again"
        )
    given, unheld = stored_and_unheld(store, check_profile(profile))
    if not given:
        raise PaygradeError(EMPTY)
    estimator = model.models[pay_component]
    words = words_read(given)
    row = implied(store, {"year": model.newest_year[pay_component], **given})
    read_as = _learned_title(estimator, row.get("title"))
    if read_as is not None:
        row["title"] = read_as
    flags = estimator.unlearned(pd.DataFrame([row]))
    unlearned = [name for name in row if flags.get(name, [False])[0]]
    # A value training never held says nothing of pay: the records like the profile
    # keep their own (as for a blank field), where the trees' branch of rare values priced
    # 2024's new survey titles a quarter low (``estimate.unseen``).
    theirs = [name for name in estimator.never_held(pd.DataFrame([row])) if name in given]
    spellings = titles_held(store, pay_component, title_spellings(estimator, row.get("title")))
    people, matched, unheld_like, behind = people_like(
        store, row, unlearned, pay_component, spellings, theirs
    )
    from_title = [name for name, (_, source) in words.items() if source == "title"]
    where = similar_where(store, row, pay_component, from_title, spellings)
    places = places_implied(estimator, given, row)
    notes = {
        "year_outside": year_outside(store, pay_component, given.get("year")),
        "disagree": levels_disagree(given, words),
        "title_disagree": title_disagrees(given),
        "too_few_like": too_few_like(behind["narrower"], row, given, len(people), matched),
        "copies_like": copies_like(behind["pay"]),
    }
    rare_level = row.get("level") if "level" in unlearned else None  # given or read
    unlearned = [name for name in unlearned if name in given]
    learning = {
        "unseen": [n for n in unlearned if estimator.categories_.get(n) and n not in theirs],
        "never_held": theirs,
        "one_held": one_held(model, pay_component, {n: given[n] for n in theirs}),
        "absent": absent(model, pay_component, [*unlearned, *(n for n in NUMERIC if n in given)]),
        "unheld_like": [n for n in unheld_like if n in given],
    }
    learning["not_local"] = not_local(store, pay_component, given, learning)
    low, mid, high = _range(estimator, people)
    notes["level_below"] = level_below(store, estimator, people, rare_level, pay_component, mid)
    if (outside := notes["year_outside"]) is not None and "year" in people:
        # Whether one year of drift widened it: measured on a newest year of a few months
        # (the survey's January), it can be within every cell's margin, and the note
        # had said "widened" of a range the same as the newest year's.
        last = outside["learned"][1]
        at_last = _range(estimator, people.assign(year=last))
        outside["widened"] = outside["year"] > last and (low, high) != (at_last[0], at_last[2])
    result: dict[str, Any] = {
        "p10": low,
        "p50": mid,
        "p90": high,
        "coverage": COVERAGE,
        # What the 80% range held on the held-out fold at training: "coverage" is the aim.
        "measured_coverage": measured_coverage(model, pay_component),
        "pay_component": pay_component,
        # The year it is for: none given, the newest of the pay component's records, and
        # base and total had differed unsaid (2023 and 2025).
        "year": int(row["year"]),
        "n_similar": similar(store, where),
        # A level the title's words give moves the median as a given one does, and so
        # does the country a metro is in: say them.
        "factors": factors(
            estimator,
            people.head(FACTOR_ROWS),
            {name: value for name, value in given.items() if name not in (*theirs, *unheld_like)}
            | {name: value for name, (value, _) in words.items()}
            | {name: row[name] for name in places},
        ),
        "model": {"version": model.version, "trained_on": model.trained_on},
    }
    read = {name: source for name, (_, source) in words.items()} | places
    said = learning_said({**result, **learning, "read_from": read})
    if explain:
        result |= learning
        records = 0 if matched is None else len(people)
        result["like"] = {"records": records, "matched_on": matched or []}
        result["similar_where"] = where
        result["read_as"] = {"title": read_as} if read_as is not None else {}
        result["read_from"] = read
        result["year_defaulted"] = "year" not in given
        result |= notes
        result["unheld"] = unheld
    noted: dict[str, Any] = {"pay_component": pay_component, **notes}
    noted |= {"absent": learning["absent"], "unheld_like": learning["unheld_like"]}
    return result, [*unheld, *said, *notes_said(noted)]


def year_said(result: Mapping[str, Any]) -> str:
    """The year an estimate is for, and, for an ``explain`` answer given no year, that it
    is the newest year of the pay component's records (what it defaults to).

    Example:
        >>> year_said({"year": 2023, "pay_component": "base", "year_defaulted": True})
        '2023 (the newest year of base pay records)'
        >>> year_said({"year": 2021, "pay_component": "total"})
        '2021'
    """
    newest = f" (the newest year of {result['pay_component']} pay records)"
    return f"{result['year']}{newest if result.get('year_defaulted') else ''}"


def learning_said(result: Mapping[str, Any], switch: str = "pay_component {}") -> list[str]:
    """What an ``explain`` answer's ``never_held``, ``unseen`` and ``absent`` say, as a
    person says it: the given values training never held (answered as blank fields are),
    those the model did not learn (the range is widened for them), and the fields
    no record of the pay component holds (they cannot move it), with how to ask for the
    pay component whose records do (``switch``: the CLI's ``--pay-component {}``). The
    CLI's lines, the API's and MCP's warnings.

    Example:
        >>> learning_said({"pay_component": "total", "unseen": ["title"], "factors": [],
        ...     "absent": {"fields": ["company"], "in": "base"}})  # doctest: +NORMALIZE_WHITESPACE
        ['not learned: title (too few records to learn their effect: the range is widened for it)',
         "total pay's records hold no company: it cannot move this estimate; base pay's do:
         pay_component base"]
    """
    # First: the figure is no local pay at all, before what it is answered as.
    local = result.get("not_local")
    said = [not_local_said(result["pay_component"], local)] if local else []
    if result.get("never_held"):
        said.append(
            f"never seen: {', '.join(result['never_held'])} (no training record holds it: "
            "answered for the values the records like this profile hold)"
        )
    said += one_held_said(result, switch)
    if result.get("unseen"):
        said.append(
            f"not learned: {', '.join(result['unseen'])} (too few records to learn their "
            "effect: the range is widened for it)"
        )
    if absent := absent_said(result):
        other = result["absent"]["in"]
        said.append(absent + (f"; {other} pay's do: {switch.format(other)}" if other else ""))
    if unheld := unheld_like_said(result):
        said.append(unheld)
    return said


def unheld_like_said(result: Mapping[str, Any]) -> str | None:
    """What the given fields no record like the profile holds do to the estimate (nothing,
    but through a level read from them); None when there are none. The CLI's line, the
    API's and MCP's warning and the page's note.

    Example:
        >>> unheld_like_said({"unheld_like": ["years_experience"], "read_from": {}})
        'no record like this profile holds years_experience: it cannot move this estimate'
    """
    unheld = [n for n in result.get("unheld_like") or () if n not in _absent(result)]
    if not unheld:
        return None
    level_from = (result.get("read_from") or {}).get("level")
    return (
        f"no record like this profile holds {' or '.join(unheld)}: "
        f"{'it' if len(unheld) == 1 else 'they'} cannot move this estimate"
        + (" but through the level read from it" if level_from in unheld else "")
    )


def not_local(
    store: Store, pay_component: str, given: Mapping[str, Any], learning: Mapping[str, Any]
) -> dict[str, Any]:
    """A country given whose pay the model did not learn (too few of the pay component's
    records, or none), with how many of the records it learns from hold it (full-time,
    unflagged: ``training_count``); {} when it learned it, or when
    every record is of one country (base pay: ``one_held`` says "this is US pay").

    Why: total pay in KE (6 survey records) was about US pay, its median $166,600
    where KE's records' is $52,650, said only as "not learned: country".
    """
    country = given.get("country")
    rare = [*learning["unseen"], *learning["never_held"]]
    if country is None or "country" not in rare or "country" in learning["one_held"]:
        return {}
    # Those the model learns from: NG's "10, too few to learn it from" (10 is what a value
    # is learned from) had counted 3 contract and freelance answers it never reads.
    return {
        "country": country,
        "records": training_count(store, pay_component, {"country": country}),
    }


def not_local_said(pay_component: str, found: Mapping[str, Any]) -> str:
    """What ``not_local`` says, as a person says it: first of the answer's notes.

    Example:
        >>> not_local_said("total", {"country": "KE", "records": 6})
        ... # doctest: +NORMALIZE_WHITESPACE
        "pay in KE was not learned: total pay's records hold 6 of country KE, too few to learn
         it from; this is not an estimate of local pay in KE"
        >>> not_local_said("total", {"country": "ZW", "records": 0})[:70]
        "pay in ZW was not learned: total pay's records hold none of country ZW"
    """
    country, records = found["country"], found["records"]
    held = f"{records:,} of country {country}, too few to learn it from"
    held = held if records else f"none of country {country}"
    return (
        f"pay in {country} was not learned: {pay_component} pay's records hold {held}; "
        f"this is not an estimate of local pay in {country}"
    )


def _absent(result: Mapping[str, Any]) -> list[str]:
    return list((result.get("absent") or {}).get("fields") or ())


def one_held(model: ModelFile, pay_component: str, never: Mapping[str, Any]) -> dict[str, Any]:
    """Of the given values training never held (``never``), those of a field every record
    of the pay component holds one value of (the H-1B filings: country US), each with that
    value and the other pay component whose records hold the one given, if any.

    Why: a base estimate for country DE was the US filings' pay, said only as "never
    seen: country (... answered for the values the records like this profile hold)".
    """
    found = {}
    for name, value in never.items():
        held = sorted(model.models[pay_component].seen_.get(name) or ())
        if len(held) == 1:
            others = [c for c, e in model.models.items() if str(value) in e.seen_.get(name, ())]
            found[name] = {"value": value, "held": held[0], "in": others[0] if others else None}
    return found


def one_held_said(result: Mapping[str, Any], switch: str = "pay_component {}") -> list[str]:
    """What an ``explain`` answer's ``one_held`` says, as a person says it (``switch``: how
    to ask for another pay component, as in ``learning_said``).

    Example:
        >>> one_held_said({"pay_component": "base", "one_held": {"country": {"value": "DE",
        ...     "held": "US", "in": "total"}}})  # doctest: +NORMALIZE_WHITESPACE
        ["base pay's records are all of country US: this is US pay, not DE; total pay's
          records hold DE: pay_component total"]
    """
    said = []
    for name, one in (result.get("one_held") or {}).items():
        other = f"; {one['in']} pay's records hold {one['value']}: {switch.format(one['in'])}"
        said.append(
            f"{result['pay_component']} pay's records are all of {name} {one['held']}: this is "
            f"{one['held']} pay, not {one['value']}" + (other if one["in"] else "")
        )
    return said


def notes_said(result: Mapping[str, Any]) -> list[str]:
    """What an ``explain`` answer's ``year_outside``, ``disagree`` and ``title_disagree``
    say, as a person says it: the CLI's notes, the API's and MCP's warnings.

    Example:
        >>> notes_said({"pay_component": "total", "disagree": {}, "title_disagree": {},
        ...             "year_outside": {"year": 2012, "learned": [2020, 2025]}})
        ["total pay's records are of 2020-2025: 2012 is answered as 2020 (no earlier records)"]
    """
    outside = result.get("year_outside")
    said = [year_outside_said(result["pay_component"], outside)] if outside else []
    if below := result.get("level_below"):
        said.append(level_below_said(result["pay_component"], below))
    if few := result.get("too_few_like"):
        said.append(too_few_like_said(few))
    if copies := result.get("copies_like"):
        said.append(copies_like_said(copies))
    return said + disagreements_said(result)


def level_below(
    store: Store,
    estimator: SalaryEstimator,
    people: pd.DataFrame,
    level: str | None,
    pay_component: str,
    median: float,
) -> dict[str, Any]:
    """A level the model did not learn (``level``: too few records; None otherwise) whose
    median is below that of the level under it for the same records, with how many of
    the records the model learns from hold it (``training_count``); {} otherwise. Said,
    not held monotone: the records give no figure to hold it at, and a median raised to
    the level under it would look learned.

    Why: staff ML engineers in the US (3 total pay records) were priced at $185,400,
    below senior's $195,400, said only as "not learned: level".
    """
    if level not in LEVELS[1:] or "level" not in people:
        return {}
    under = LEVELS[LEVELS.index(level) - 1]
    under_median = _range(estimator, people.assign(level=under))[1]
    if median >= under_median:
        return {}
    # The records the model learns from: "rests on" them (the store held a third, a contract).
    records = training_count(store, pay_component, {"level": level})
    found = {"level": level, "records": records, "p50": median}
    return found | {"under": under, "under_p50": under_median}


def level_below_said(pay_component: str, below: Mapping[str, Any]) -> str:
    """What ``level_below`` says, as a person says it.

    Example:
        >>> print(level_below_said("total", {"level": "staff", "records": 3, "p50": 185400.0,
        ...     "under": "senior", "under_p50": 193500.0}))  # doctest: +NORMALIZE_WHITESPACE
        staff level rests on 3 total pay records, too few to learn: its median, $185,400, is
         below that of senior, the level under it ($193,500 for the same profile)
    """
    records = (
        f"{below['records']:,} {pay_component} pay record{'' if below['records'] == 1 else 's'}"
    )
    return (
        f"{below['level']} level rests on {records}, too few to learn: its median, "
        f"${below['p50']:,.0f}, {below_level_under(below['under'])} "
        f"(${below['under_p50']:,.0f} for the same profile)"
    )


def measured_coverage(model: ModelFile, pay_component: str) -> float | None:
    """The share of the held-out fold's records the model's 80% range held at training
    (``holdout_metrics``); None for a model file that stores none.

    Why: the answer said only ``coverage`` 0.8, the aim, while base pay's range had held
    82.7% of the held-out records and total pay's 79.1%.
    """
    found = (model.metrics.get(pay_component) or {}).get("coverage")
    return None if found is None else float(found)


def measured_coverage_said(result: Mapping[str, Any]) -> str | None:
    """What ``measured_coverage`` says, as a person says it; None without it.

    Example:
        >>> measured_coverage_said({"coverage": 0.8, "measured_coverage": 0.791})
        'on held-out records the 80% range held 79.1%'
    """
    measured = result.get("measured_coverage")
    if measured is None:
        return None
    return f"on held-out records the {round(100 * result['coverage'])}% range held {measured:.1%}"


def too_few_like(
    narrower: Mapping[str, Mapping[str, Any]],
    row: Mapping[str, Any],
    given: Mapping[str, Any],
    like: int,
    matched: Sequence[str] | None,
) -> dict[str, Any]:
    """A field given that the records like the profile were let go of (fewer than
    ``MIN_LIKE`` matched with it, ``_found_like``): the widest such field, how many records
    matched with it and their median pay, the records the range is of (``like``) and the
    fields they match (``matched``) with the profile's values (``row``), and the other
    given fields let go (``also``); {} when no given field was let go.

    Why: 28 WA principal software engineers' base pay (median $189,080) fell under 30, and
    200 US ones stood in: a median of $166,700, below staff's, without a word.
    """
    dropped = [name for name in narrower if name in given]
    if not dropped or matched is None:
        return {}
    widest = narrower[dropped[-1]]  # let go of last: the one the fewest fields matched with
    return {
        "field": dropped[-1],
        "value": given[dropped[-1]],
        "records": widest["records"],
        "p50": widest["p50"],
        "like": like,
        "matched": {name: row[name] for name in matched},
        "also": dropped[:-1],
    }


def too_few_like_said(found: Mapping[str, Any]) -> str:
    """What ``too_few_like`` says, as a person says it.

    Example:
        >>> print(too_few_like_said({"field": "state", "value": "WA", "records": 28,
        ...     "p50": 189080.0, "like": 200, "matched": {"role": "software_engineer",
        ...     "country": "US"}, "also": []}))  # doctest: +NORMALIZE_WHITESPACE
        only 28 like records match state WA (median $189,080, fewer than the 30 a range rests
         on): the range is of 200 like records (same role software_engineer, country US)
    """
    records = found["records"]
    # "like": those of the profile's other fields ("no record matches" says a filter found none).
    some = f"only {counted(records, 'like record')} match{'es' if records == 1 else ''}"
    some = some if records else "no like record matches"
    median = f"median ${found['p50']:,.0f}, " if found["p50"] is not None else ""
    same = ", ".join(f"{name} {value}" for name, value in found["matched"].items())
    also = f"; nor are its {' and '.join(found['also'])} matched" if found["also"] else ""
    return (
        f"{some} {found['field']} {found['value']} ({median}fewer than the {MIN_LIKE} a range "
        f"rests on): the range is of {counted(found['like'], 'like record')}"
        + (f" (same {same})" if same else "")
        + also
    )


# Like records whose COPIES_TOP most repeated pays are over COPIES_SHARE of them: blocks of
# one figure, each copy read as a person (the survey's 173 copies of $110,000 and of $160,000).
COPIES_TOP = 2
COPIES_SHARE = 0.5


def copies_like(pay: Sequence[float]) -> dict[str, Any]:
    """The records like the profile (their own ``pay``), when their few most repeated pays
    are most of them: how many, how many distinct pays, and those pays with their copies;
    {} otherwise (and below ``MIN_LIKE`` records: ``too_few_like`` speaks of those).

    Example:
        >>> copies_like([110000.0] * 20 + [160000.0] * 20 + [90000.0, 95000.0])
        ... # doctest: +NORMALIZE_WHITESPACE
        {'records': 42, 'distinct': 4, 'most': [{'pay': 110000.0, 'times': 20},
         {'pay': 160000.0, 'times': 20}]}
        >>> copies_like([float(p) for p in range(100_000, 142_000, 1000)])
        {}
    """
    if len(pay) < MIN_LIKE:
        return {}
    most = Counter(float(p) for p in pay).most_common(COPIES_TOP)
    if sum(times for _, times in most) <= COPIES_SHARE * len(pay):
        return {}
    return {
        "records": len(pay),
        "distinct": len(set(pay)),
        "most": [{"pay": value, "times": times} for value, times in most],
    }


def copies_like_said(found: Mapping[str, Any]) -> str:
    """What ``copies_like`` says, as a person says it.

    Example:
        >>> print(copies_like_said({"records": 200, "distinct": 26, "most": [
        ...     {"pay": 110000.0, "times": 92}, {"pay": 160000.0, "times": 92}]}))
        ... # doctest: +NORMALIZE_WHITESPACE
        200 like records hold 26 distinct pays ($110,000 and $160,000, 92 times each): the
         range reads each copy as a person
        >>> copies_like_said({"records": 50, "distinct": 3, "most": [
        ...     {"pay": 90000.0, "times": 40}, {"pay": 80000.0, "times": 9}]})[:65]
        '50 like records hold 3 distinct pays ($90,000 40 times, $80,000 9'
    """
    most = found["most"]
    times = {m["times"] for m in most}
    if len(times) == 1:
        pays = " and ".join(f"${m['pay']:,.0f}" for m in most)
        copies = f"{pays}, {most[0]['times']:,} times each"
    else:
        copies = ", ".join(f"${m['pay']:,.0f} {_times(m['times'])}" for m in most)
    return (
        f"{found['records']:,} like records hold {found['distinct']:,} distinct pays "
        f"({copies}): the range reads each copy as a person"
    )


def _times(count: int) -> str:
    return "once" if count == 1 else f"{count:,} times"


def levels_disagree(
    given: Mapping[str, Any], read: Mapping[str, tuple[Any, str]] | None = None
) -> dict[str, Any]:
    """A level and years of experience that the data's bands set two or more levels apart
    ("senior" with 1 year, "executive" with 3): both are kept, and the answer says so.
    Years beyond the last band say nothing against staff, principal or executive. The
    level is the one given, else the one the title's words give (``words_read``: ``read``),
    marked ``"read_from": "title"``.

    Why: "Principal ML Engineer" with 0 years was said nothing, while "ML Engineer" at level
    principal with 0 years was; the estimate reads the title's level as a given one.

    Example:
        >>> levels_disagree({"level": "senior", "years_experience": 1.0})
        {'level': 'senior', 'years_experience': 1.0, 'years_level': 'entry'}
        >>> levels_disagree({"level": "staff", "years_experience": 9.0})
        {}
        >>> levels_disagree({"years_experience": 0.0}, {"level": ("principal", "title")})
        ... # doctest: +NORMALIZE_WHITESPACE
        {'level': 'principal', 'years_experience': 0.0, 'years_level': 'entry',
         'read_from': 'title'}
    """
    level, years = given.get("level"), given.get("years_experience")
    by_title = (read or {}).get("level", (None, None))
    if level is None and by_title[1] == "title":
        level = by_title[0]
    if level is None or years is None:
        return {}
    by_years = level_apart_from_years(level, float(years))
    if by_years is None:
        return {}
    found = {"level": level, "years_experience": years, "years_level": by_years}
    return found | ({"read_from": "title"} if given.get("level") is None else {})


def title_disagrees(given: Mapping[str, Any]) -> dict[str, Any]:
    """A level given and the level the given title's words say, two or more levels apart
    ("Senior ML Engineer" at level entry): the level given is the one read, and the
    answer says so.

    Example:
        >>> title_disagrees({"level": "entry", "title": "Senior ML Engineer"})
        {'level': 'entry', 'title': 'Senior ML Engineer', 'title_level': 'senior'}
        >>> title_disagrees({"level": "staff", "title": "Senior ML Engineer"})
        {}
    """
    level, title = given.get("level"), given.get("title")
    said = classify_title(str(title)).level if title is not None else None
    if level is None or said is None or abs(LEVELS.index(level) - LEVELS.index(said)) < 2:
        return {}
    return {"level": level, "title": title, "title_level": said}


def disagreements_said(result: Mapping[str, Any]) -> list[str]:
    """What an ``explain`` answer's ``disagree`` and ``title_disagree`` say, as a person
    says it.

    Example:
        >>> disagreements_said({"disagree": {}, "title_disagree": {
        ...     "level": "entry", "title": "Senior ML Engineer", "title_level": "senior"}})
        ["the title 'Senior ML Engineer' says senior level, not entry: the level is read as given"]
    """
    said = []
    if years := result.get("disagree"):
        count = f"{years['years_experience']:g} year{'' if years['years_experience'] == 1 else 's'}"
        # Base pay's records hold no years: its estimate reads the level alone.
        # Nor do the records like a profile when none holds years ("no record like this
        # profile holds years_experience"): said "reads both" beside that, it contradicted it.
        unread = "years_experience" in (
            *((result.get("absent") or {}).get("fields") or ()),
            *(result.get("unheld_like") or ()),
        )
        level = years["level"] + (" (the title's level)" if "read_from" in years else "")
        said.append(
            f"{count} of experience is {years['years_level']} level by the data's bands, not "
            f"{level}: both are kept as given, and the estimate reads "
            + ("the level alone" if unread else "both")
        )
    if title := result.get("title_disagree"):
        said.append(
            f"the title '{title['title']}' says {title['title_level']} level, not "
            f"{title['level']}: the level is read as given"
        )
    return said


def absent(model: ModelFile, pay_component: str, names: list[str]) -> dict[str, Any]:
    """Of ``names`` (text fields given that the model did not learn, and numbers given),
    those no record of this pay component holds (the surveys name no company or metro,
    the H-1B filings no years of experience or remote share), and the other pay component
    whose model learned them all, if any.

    Such a field cannot move the estimate, and its range is not widened for it: there
    is no record to measure what not knowing it costs.
    """
    fields = [n for n in names if not learned(model.models[pay_component], n)]
    others = [
        other
        for other, estimator in model.models.items()
        if other != pay_component and fields and all(learned(estimator, n) for n in fields)
    ]
    return {"fields": fields, "in": others[0] if others else None}


def learned(estimator: SalaryEstimator, name: str) -> bool:
    """Whether the model learned anything of a field: a text field's values it tells apart,
    a number any training record holds (its reference mix is more than missing).

    Why: base pay's records hold no years of experience or remote share, and a base
    estimate listed them as factors of +0.0% without a word, as it no longer did a
    company for total pay.
    """
    if name in estimator.categories_:
        return bool(estimator.categories_[name])
    values, _ = estimator.reference_mix_.get(name, ([None], [1.0]))
    return any(value is not None for value in values)


def people_like(
    store: Store,
    row: Mapping[str, Any],
    unlearned: list[str],
    pay_component: str,
    spellings: Sequence[str] = (),
    theirs: Sequence[str] = (),
) -> tuple[pd.DataFrame, list[str] | None, list[str], dict[str, Any]]:
    """Rows standing for the people a profile describes, the fields they matched on, the
    numbers given that none of them holds (kept blank, as theirs), and what they stand
    on: ``narrower``, each field let go with the records that had matched with it
    (``_found_like``), and ``pay``, the records' own pay (read by ``too_few_like`` and
    ``copies_like``).

    Why: the model never saw most fields blank (every survey row has a title and a
    company size), so a blank sent a profile down an arbitrary branch of the trees
    (a US senior ML engineer as one row with blanks: total median $158,900, while
    the 4,747 such records' median is $199,000; ``benchmarks/estimator.py``).
    Instead the blank fields take the values of up to ``SAMPLE`` training records
    like the profile (same given values, but not those in ``unlearned``: values the
    model did not learn; a title by any of its ``spellings``), and the given ones are
    written over theirs, but for the fields in ``theirs`` (a value training never held:
    each record keeps its own). No record like it at all (a tiny store): the profile
    alone, and ``None``.
    """
    match: dict[str, Any] = {
        name: row[name] for name in MATCHED if row.get(name) is not None and name not in unlearned
    }
    if "title" in match and spellings:
        match["title"] = list(spellings)
    found, narrower = _found_like(store, pay_component, match, row.get("year"))
    behind = {"narrower": narrower, "pay": found["amount_usd"].tolist()}
    if found.empty:
        return pd.DataFrame([row], columns=list(FEATURES)), None, [], behind
    # A number is written only over the records that hold one (a survey that asks no
    # years of experience keeps it blank): the trees never saw it beside such a record's
    # other values, and a senior US ML engineer's 5 years had read as the one survey that
    # holds years (-12.7%). None of them holding it: it cannot move the estimate.
    numbers = [n for n in ("years_experience", "remote") if row.get(n) is not None and n in found]
    unheld = [name for name in numbers if found[name].isna().all()]
    kept = {*theirs, *numbers}
    given = {name: value for name, value in row.items() if name in FEATURES and name not in kept}
    people = found.astype(object).assign(**given).reset_index(drop=True)
    for name in numbers:
        people.loc[people[name].notna(), name] = row[name]
    return people[list(FEATURES)], list(match), unheld, behind


def _found_like(
    store: Store, pay_component: str, match: dict[str, Any], year: Any
) -> tuple[pd.DataFrame, dict[str, dict[str, Any]]]:
    """The records like the profile (``match`` narrowed, its last field first, until
    ``MIN_LIKE`` match), and for each field let go, how many matched with it and their
    median pay (all of them: fewer than ``MIN_LIKE``, so fewer than ``SAMPLE``; none below
    ``stats.MIN_N``, where a group's percentiles are withheld too)."""
    narrower: dict[str, dict[str, Any]] = {}
    while True:
        found = records_like(store, pay_component, match, SAMPLE, year)
        if len(found) >= MIN_LIKE or not match:
            return found, narrower
        name, value = match.popitem()  # the last of MATCHED's order goes first
        # A median of fewer than stats' MIN_N records is not said, as a group's is not.
        median = float(found["amount_usd"].median()) if len(found) >= MIN_N else None
        narrower[name] = {"value": value, "records": len(found), "p50": median}


def _learned_title(estimator: SalaryEstimator, title: Any) -> str | None:
    """A learned spelling of the job a given title names once its level words are set
    aside, when the model did not learn the title in any spelling; None otherwise.

    Why: the survey's titles carry no level ("Machine Learning Engineer", the level
    apart), so "Senior Machine Learning Engineer" was a title the model never saw and
    went down the branch of rare titles: in GB, median $91,800 against $157,100 for
    "Machine Learning Engineer" at senior level. Its level is read from it already
    (``implied``); what is left is a title the model knows.
    """
    if title is None:
        return None
    learned = tuple(estimator.spellings_.get("title") or ())
    form = title_form(str(title))
    if form in (estimator.categories_.get("title") or ()):
        # Learned in its own words, or only in another level's: "Senior Data Scientist"
        # was the survey's 11 "Lead Data Scientist" records (Lead folds into senior), its
        # similar records 3 of them, where "Data Scientist" at senior level has thousands.
        forms = _spellings_by(learned, title_form).get(form, [])
        if not forms or any(_level_words(s) == _level_words(str(title)) for s in forms):
            return None
    # A title of level words alone ("Senior") or no word ("!!!") names no job: its key is
    # empty, as is that of a learned title made only of level words ("Associate").
    if not (key := core_key(str(title))):
        return None
    spellings = _spellings_by(learned, core_key).get(key)
    return spellings[0] if spellings else None


# Level words written short, as their word: "Sr." is "Senior" in its own words.
_SHORT_LEVEL_WORDS = {"sr": "senior", "snr": "senior", "jr": "junior", "jnr": "junior"}


def _level_words(title: str) -> tuple[str, ...]:
    """The words of a title that are not its job: its level words as written.

    Example:
        >>> _level_words("Sr. Data Scientist"), _level_words("Lead Data Scientist")
        (('senior',), ('lead',))
        >>> _level_words("Data Scientist")
        ()
    """
    job = set(core_key(title).split())
    words = match_key(title).split()
    return tuple(_SHORT_LEVEL_WORDS.get(w, w) for w in words if w not in job)


def title_spellings(estimator: SalaryEstimator, title: Any) -> list[str]:
    """The title given and the model's learned spellings of it (``title_form``): the
    titles the records like the profile, and its similar records, are found by.

    Why: found by the title as written, "Sr Software Engineer" and "Sr. Software
    Engineer" drew different filings (115 and 212, of other companies and metros) to
    stand for the profile's blank fields, and the base median moved by 13% with a full
    stop, though the model reads the two alike.

    Example:
        >>> title_spellings(estimator, "Sr. ML Engineer")  # doctest: +SKIP
        ['Sr. ML Engineer', 'SENIOR MACHINE LEARNING ENGINEER', 'Senior ML Engineer']
    """
    if title is None:
        return []
    learned = tuple(estimator.spellings_.get("title") or ())
    others = _spellings_by(learned, title_form).get(title_form(str(title)), [])
    return [str(title), *(name for name in others if name != str(title))]


@functools.cache
def _spellings_by(learned: tuple[str, ...], key: Callable[[str], str]) -> dict[str, list[str]]:
    """``key`` of a title -> the learned titles of that key: those without level words
    first ("Data Scientist" before "Senior Data Scientist"), then by name."""
    found: dict[str, list[str]] = {}
    for name in sorted(learned, key=lambda t: (core_key(t) != match_key(t), t)):
        found.setdefault(key(name), []).append(name)
    return found


def implied(store: Store, row: Mapping[str, Any]) -> dict[str, Any]:
    """The profile with what it implies filled in: a title's role, level and
    specialization (by the rules that read the records' titles), the level of its years
    of experience when nothing else gives one (as ingest does), a metro's state and
    country and a state's country (as their records hold them). A field every training
    record has one value of (country US in the H-1B filings) needs nothing here: the
    records standing for the profile (``people_like``) carry it.

    Example:
        >>> seattle = {"metro": "Seattle-Tacoma-Bellevue, WA"}
        >>> implied(store, seattle)  # doctest: +SKIP
        {'metro': 'Seattle-Tacoma-Bellevue, WA', 'state': 'WA', 'country': 'US'}
    """
    filled = dict(row) | {name: value for name, (value, _) in words_read(row).items()}
    try:
        return with_wider_places(store, filled)
    except PlacesApart as exc:
        raise BadProfile(str(exc)) from None


def places_implied(
    estimator: SalaryEstimator, given: Mapping[str, Any], row: Mapping[str, Any]
) -> dict[str, str]:
    """The wider places a given place implies (``implied``) that the model tells apart,
    each with the place it is implied by.

    Why: a metro moved a total-pay estimate through its country (Seattle: +4.9% for US),
    while the answer listed no country and said the metro could not move it.

    Example:
        >>> places_implied(estimator, {"metro": "Seattle, WA"}, row)  # doctest: +SKIP
        {'country': 'metro'}
    """
    found: dict[str, str] = {}
    for place, wider in PLACES.items():
        for name in wider:
            learned = estimator.categories_.get(name) or ()
            if (
                given.get(place) is not None
                and given.get(name) is None
                and name not in found
                and len(learned) > 1  # one value (base pay's country, US) moves nothing
                and row.get(name) in learned
            ):
                found[name] = place
    return found


def year_outside(store: Store, pay_component: str, year: Any) -> dict[str, Any] | None:
    """A year asked outside the years the pay component's records hold, with those years:
    before the first it is answered as the first (no earlier records), after the last
    from the last, its range widened for one year of drift (no forecast further).

    Example:
        >>> year_outside(store, "total", 2012)  # doctest: +SKIP
        {'year': 2012, 'learned': [2020, 2025]}
    """
    years = years_held(store, pay_component) if year is not None else []
    if not years:
        return None
    held = [years[0], years[-1]]
    if held[0] <= float(year) <= held[1]:
        # A year inside the span that no record holds (base pay's 2020-2022) had been
        # answered as the years around it without a word.
        if float(year) != int(year) or int(year) in years:
            return None
        return {"year": int(year), "learned": held, "held": years}
    # After the last: the drift is measured from the years before the last to the last
    # (``SalaryEstimator._calibrate_drift``), for base pay 2013-2019 to 2023, not one year.
    later = {"drift_from": years[:-1]} if float(year) > held[1] and len(years) > 1 else {}
    return {"year": int(year), "learned": held} | later


def year_outside_said(pay_component: str, outside: dict[str, Any]) -> str:
    """Why an estimate for a year outside the data is what it is.

    Example:
        >>> year_outside_said("total", {"year": 2012, "learned": [2020, 2025]})
        "total pay's records are of 2020-2025: 2012 is answered as 2020 (no earlier records)"
        >>> print(year_outside_said("base", {"year": 2021, "learned": [2015, 2024],
        ...     "held": [2015, 2016, 2017, 2018, 2019, 2023, 2024]}))
        ... # doctest: +NORMALIZE_WHITESPACE
        base pay's records hold no 2021 (they are of 2015-2019 and 2023-2024): it is
        answered from the years around it
        >>> year_outside_said("total", {"year": 2026, "learned": [2020, 2025], "widened": False})
        ... # doctest: +NORMALIZE_WHITESPACE
        "total pay's records are of 2020-2025: 2026 is answered as 2025, its range as 2025's:
         the drift one year brought in the records is within its margin (no forecast further)"
    """
    first, last = outside["learned"]
    year = outside["year"]
    if "held" in outside:
        return (
            f"{pay_component} pay's records hold no {year} (they are of "
            f"{years_span(outside['held'], prose=True)}): it is answered from the years "
            "around it"
        )
    said = f"{pay_component} pay's records are of {first}-{last}: {year} is answered as "
    if year < first:
        return said + f"{first} (no earlier records)"
    measured = _drift_measured(outside.get("drift_from") or [], last)
    if not outside.get("widened", True):
        return said + (
            f"{last}, its range as {last}'s: the drift {measured or 'one year brought'} in "
            "the records is within its margin (no forecast further)"
        )
    if measured:
        return said + f"{last}, its range widened for the drift {measured}: no forecast further"
    return said + f"{last}, its range widened for one year of drift (no forecast further)"


def _drift_measured(before: Sequence[int], last: int) -> str | None:
    """The span a drift was measured over, as a person says it; None without the years.

    Example:
        >>> _drift_measured([2013, 2015, 2016, 2017, 2018, 2019], 2023)
        'measured from 2013 and 2015-2019 to 2023 (4 years on from 2019)'
        >>> _drift_measured([2020, 2021, 2022, 2023, 2024], 2025)
        'measured from 2020-2024 to 2025 (1 year on from 2024)'
    """
    if not before:
        return None
    gap = last - before[-1]
    return (
        f"measured from {years_span(list(before), prose=True)} to {last} "
        f"({gap} year{'' if gap == 1 else 's'} on from {before[-1]})"
    )


def words_read(row: Mapping[str, Any]) -> dict[str, tuple[Any, str]]:
    """The fields a profile leaves blank that its own words give, each with the field it
    is read from: a title's role, level and specialization (by the rules that read the
    records' titles: "Senior ML Engineer" is a senior ml_engineer, whether or not the
    model learned that spelling), and the level of its years of experience when nothing
    else gives one (as ingest gives records with years alone, the survey's answers).

    Example:
        >>> words_read({"title": "Senior ML Engineer", "role": "ml_engineer"})
        {'level': ('senior', 'title')}
        >>> words_read({"years_experience": 1.0})
        {'level': ('entry', 'years_experience')}
    """
    read: dict[str, tuple[Any, str]] = {}
    if row.get("title") is not None:
        said = classify_title(str(row["title"]))
        for name, value in (
            ("role", said.role if said.role != "other" else None),
            ("level", said.level),
            ("specialization", said.specialization),
        ):
            if row.get(name) is None and value is not None:
                read[name] = (value, "title")
    if row.get("level") is None and "level" not in read and row.get("years_experience") is not None:
        read["level"] = (level_from_years(float(row["years_experience"])), "years_experience")
    return read


def _range(estimator: SalaryEstimator, people: pd.DataFrame) -> tuple[float, float, float]:
    low, high = estimator.predict_interval(people, COVERAGE)
    pooled = mixture.pooled(low, estimator.predict(people), high, COVERAGE)
    return _dollars(pooled[0]), _dollars(pooled[1]), _dollars(pooled[2])


def _dollars(value: float) -> float:
    return float(round(float(value), -2))


def factors(
    estimator: SalaryEstimator, people: pd.DataFrame, given: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """Each given field's counterfactual effect on the median, in %, largest first.

    "metro: +12%": this profile's median is 12% above that of the same profile with
    its metro replaced by the training data's mix of metros (``paygrade.estimate.factors``),
    averaged over the rows standing for the profile (``people_like``).
    """
    names = [name for name in given if name != "year"]
    rows = [{str(k): v for k, v in r.items()} for r in people.to_dict("records")]
    found = effects(estimator.predict, estimator.reference_mix_, rows, names)
    listed = [
        {"field": name, "value": given[name], "effect_pct": effect}
        for name, effect in zip(names, found, strict=True)
    ]
    return sorted(listed, key=lambda f: -abs(f["effect_pct"]))


def similar(store: Store, where: Mapping[str, list[Any]]) -> int:
    """How many unflagged records match ``where`` (``similar_where``: like the profile)."""
    return evidence.listed_total(store, where)


def similar_where(
    store: Store,
    profile: Mapping[str, Any],
    pay_component: str,
    from_title: Sequence[str] = (),
    spellings: Sequence[str] = (),
) -> dict[str, list[Any]]:
    """The filter of the similar records: the pay component and every field of the
    profile but its years (text fields, and remote; as ``implied``: a metro names its
    country) that its records hold. A field none of them holds (a company for total
    pay: the surveys name no employer) cannot tell them apart; matching on it found no
    record at all.

    A field read from the title's words (``from_title``) is matched as well as the title
    only when the records of that title hold it. Why: "Senior ML Engineer" is read as
    the learned title MACHINE LEARNING ENGINEER, whose H-1B filings have no level (their
    title gives none): matched on level senior too, "similar records: 0" by construction.

    Example:
        >>> similar_where(store, {"role": "ml_engineer", "company": "X"}, "total")  # doctest: +SKIP
        {'role': ['ml_engineer'], 'pay_component': ['total']}
    """
    given = {k: v for k, v in profile.items() if v is not None}
    names = [k for k in given if k not in ("year", "years_experience")]
    # Of the public records: the similar records are those a listing shows (ten
    # submissions naming a metro had made every profile with one match none: "0 similar").
    held = fields_held(store, names, pay_component, public=True)
    where: dict[str, list[Any]] = {k: [given[k]] for k in names if k in held}
    if "title" in where:
        where["title"] = list(spellings) or where["title"]  # the job, however spelled
        read = [name for name in from_title if name in where]
        kept = fields_held(store, read, pay_component, {"title": where["title"]}, public=True)
        where = {k: v for k, v in where.items() if k not in read or k in kept}
    return {**where, "pay_component": [pay_component]}


def read_from(result: dict[str, Any]) -> dict[str, str]:
    """Each factor of a field the profile left blank -> where it comes from, as a person
    says it (an ``explain`` answer's ``read_from``): read from its own words, or implied
    by a place given.

    Example:
        >>> read_from({"read_from": {"level": "years_experience", "country": "metro"}})
        {'level': 'read from the years of experience', 'country': 'implied by the metro'}
    """
    said = {"years_experience": "years of experience"}
    return {
        name: f"implied by the {source}"
        if source in PLACES
        else f"read from the {said.get(source, source)}"
        for name, source in result.get("read_from", {}).items()
    }


def absent_said(result: Mapping[str, Any]) -> str | None:
    """What the fields no record of the pay component holds do to the estimate: nothing,
    or, for a place, only through the wider place it implies (a metro for total pay
    counts through its country). None when there is no such field.

    Example:
        >>> said = absent_said({"pay_component": "total", "absent": {"fields": ["metro"]},
        ...     "read_from": {"country": "metro"}, "factors": [
        ...     {"field": "country", "value": "US", "effect_pct": 4.9}]})
        >>> said
        "total pay's records hold no metro: metro counts only through its country (US)"
    """
    fields = (result.get("absent") or {}).get("fields") or []
    if not fields:
        return None
    values = {f["field"]: f["value"] for f in result["factors"]}
    by = (result.get("read_from") or {}).items()
    wider = {place: [f"{n} ({values[n]})" for n, b in by if b == place] for place in fields}
    none = [name for name in fields if not wider[name]]
    said = [f"{', '.join(none)} cannot move this estimate"] if none else []
    if none == fields:
        said = [f"{'it' if len(fields) == 1 else 'they'} cannot move this estimate"]
    said += [f"{place} counts only through its {', '.join(w)}" for place, w in wider.items() if w]
    return f"{result['pay_component']} pay's records hold no {', '.join(fields)}: " + "; ".join(
        said
    )


def value_said(factor: dict[str, Any]) -> str:
    """A factor's value as the CLI and the page say it: a whole number without ".0", a
    remote share with its word (the JSON keeps the number).

    Example:
        >>> [value_said({"field": f, "value": v}) for f, v in [("remote", 100.0), ("year", 2024.0)]]
        ['100 (remote)', '2024']
    """
    value = factor["value"]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    word = REMOTE_SAID.get(value) if factor["field"] == "remote" else None
    return f"{value} ({word})" if word else str(value)


def moving_factors(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The factors to show: all but those of fields the pay component's records never hold
    (said once above them: "cannot move this estimate"; each would read +0.0%). The JSON
    keeps every factor: its keys are a contract.

    Example:
        >>> moving_factors({"factors": [{"field": "company"}, {"field": "role"}],
        ...     "absent": {"fields": ["company"]}})
        [{'field': 'role'}]
    """
    absent = set((result.get("absent") or {}).get("fields") or ())
    return [f for f in result["factors"] if f["field"] not in absent]
