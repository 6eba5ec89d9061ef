"""Estimator accuracy and speed: SalaryEstimator vs the baselines, on the issue's protocol.

Run: .venv/bin/python benchmarks/estimator.py [--db STORE] [--data-dir DIR] [--trees N]
     [--cpi] [--drift MODE] [--seed N]

--cpi trains on CPI-U real dollars (SalaryEstimator(cpi=...)); --drift picks how
rows of a later year are calibrated (paygrade.estimate.drift.MODES; default
pooled). Each is measured against the defaults by running the script with
and without it.

Without --db, the aijobs survey is ingested into a temporary store first. Prints
the accuracy tables of ``paygrade evaluate`` (aijobs full-time rows: 5-fold CV
with shuffled rows, 5-fold keeping copies together, train <= 2023 / test 2024;
all models in one run), then what a model of the test year itself reaches (fit
on four fifths of the 2024 rows, copies together, tested on the rest: the
interval width the temporal split cannot beat by much), then fit time on the
whole store (both pay components, as ``paygrade train`` fits them), predict
latency for one profile and for a batch of 10,000, a whole answer for a profile
with blank fields (service.estimate), how much of the records of the 40
commonest partial profiles (role, level, country or state) their answers' ranges
hold, and how wide the base-pay range of an employer the model never saw is
beside those of known employers.
--seed sets the estimator's random_state (the calibration split): run a few to
see how much the coverage per group moves with it.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from stores import data_dir_default, data_folder, existing

from paygrade.estimate import SalaryEstimator, unseen
from paygrade.estimate.data import FEATURES, training_frame
from paygrade.estimate.drift import MODES
from paygrade.estimate.evaluation import evaluate, splits
from paygrade.estimate.inflation import cpi_table
from paygrade.estimate.modelfile import ModelFile, data_version
from paygrade.estimate.service import SAMPLE, estimate, implied
from paygrade.formats import render_evaluation
from paygrade.ingest import ingest_all
from paygrade.store import Store


def timings(store: Store, estimator: SalaryEstimator) -> list[str]:
    """Fit seconds per pay component on all its records; predict latency of the total model."""
    lines = []
    model = estimator
    for component in ("total", "base"):
        frame = training_frame(store, component)
        start = time.perf_counter()
        model = SalaryEstimator(**estimator.get_params()).fit(
            frame[list(FEATURES)], frame["amount_usd"]
        )
        lines.append(
            f"fit {component}: {len(frame):,} records in {time.perf_counter() - start:.1f} s"
        )
        if component == "total":
            lines += latency(model, frame[list(FEATURES)])
            lines.append(answer_latency(store, model, int(frame["year"].max())))
        else:
            lines.append(unlearned_employer(model, frame))
        lines.append(partial_profiles(store, model, component, frame))
    return lines


# Partial profiles: which fields they give, per pay component (the H-1B filings name a
# state, the surveys a country).
PARTIAL = {"total": ("role", "level", "country"), "base": ("role", "level", "state")}


def partial_profiles(
    store: Store, model: SalaryEstimator, component: str, frame: pd.DataFrame
) -> str:
    """How much of each partial profile's own records its 80% range holds, for the 40
    commonest profiles of the year with most records (role, level and country or state):
    the answer's pooled range against the profile as one row with its blanks left blank.
    In sample (the model learned from these records; its margins are out of fold)."""
    fields = list(PARTIAL[component])
    year = int(frame["year"].value_counts().idxmax())  # the year with the most records
    recent = frame[frame["year"] == year].dropna(subset=fields)
    counts = recent.groupby(fields).size().sort_values(ascending=False).head(40)
    answers = answering(store, component, model, year)
    pooled, alone, rows = [], [], 0
    for key in counts.index:
        profile = dict(zip(fields, key, strict=True))
        pays = recent.loc[(recent[fields] == pd.Series(profile)).all(axis=1), "amount_usd"]
        found = estimate(store, answers, profile, component)
        low, _, high = one_row(store, model, profile, year)
        pooled.append(pays.between(found["p10"], found["p90"]).sum())
        alone.append(pays.between(low, high).sum())
        rows += len(pays)
    return (
        f"{component}, {len(counts)} partial profiles ({', '.join(fields)}) of {year}, their"
        f" {rows:,} records: {sum(pooled) / rows:.3f} inside the answer's 80% range (records"
        f" like the profile pooled), {sum(alone) / rows:.3f} inside the range of the profile"
        " as one row with blanks left blank"
    )


def unlearned_employer(model: SalaryEstimator, frame: pd.DataFrame) -> str:
    """The base-pay range of an employer the model never saw, against those of the 30
    commonest employers, for a US software engineer of the newest year (log pay)."""
    profile = {"role": "software_engineer", "country": "US", "year": int(frame["year"].max())}
    engineers = frame[frame["role"] == "software_engineer"]
    known = engineers["company"].value_counts().head(30).index.tolist()
    rows = pd.DataFrame(
        [{**profile, "company": c} for c in [*known, "Zyxw Nonexistent Corp"]],
        columns=list(FEATURES),
    )
    low, high = model.predict_interval(rows)
    widths = np.log(high / low)
    return (
        f"base, US software engineer: an unlearned employer's 80% range spans "
        f"{widths[-1]:.3f} in log pay; the 30 commonest employers' ranges: median "
        f"{np.median(widths[:-1]):.3f}, {np.mean(widths[:-1] < widths[-1]):.0%} of them narrower"
    )


def equal_coverage(result: dict[str, Any]) -> str:
    """Each model's mean width at the estimator's coverage, per protocol (oracle-scaled)."""
    lines = [
        "mean width at the estimator's coverage (each model's intervals scaled on the test "
        "rows until they hold as many: an oracle, which only flatters the others):"
    ]
    for protocol, found in result["equal_coverage"].items():
        widths = ", ".join(f"{name} ${w:,.0f}" for name, w in found["width"].items())
        lines.append(f"  {protocol} (coverage {found['coverage']:.3f}): {widths}")
    return "\n".join(lines) + "\n"


def in_year(frame: pd.DataFrame, estimator: SalaryEstimator) -> str:
    """Coverage and mean width on 2024 rows of a model fit on the other 2024 rows."""
    newest = frame[frame["year"] == 2024].reset_index(drop=True)
    train, test = next(splits(newest, "5-fold, copies together"))
    X, y = newest[list(FEATURES)], newest["amount_usd"].to_numpy()
    model = SalaryEstimator(**estimator.get_params()).fit(X.iloc[train], y[train])
    low, high = model.predict_interval(X.iloc[test])
    inside = (y[test] >= low) & (y[test] <= high)
    return (
        f"2024 from 2024 (one fold of 5, copies together, {len(test):,} rows): "
        f"80% coverage {inside.mean():.3f}, mean width ${(high - low).mean():,.0f}"
    )


def latency(model: SalaryEstimator, X: pd.DataFrame) -> list[str]:
    """Median of 20 single-profile predictions (median + interval), and one batch of 10,000."""
    one = X.head(1)
    seconds = []
    for _ in range(20):
        start = time.perf_counter()
        model.predict(one)
        model.predict_interval(one)
        seconds.append(time.perf_counter() - start)
    batch = X.sample(10_000, replace=len(X) < 10_000, random_state=0)
    start = time.perf_counter()
    model.predict(batch)
    model.predict_interval(batch)
    took = time.perf_counter() - start
    return [
        f"predict one profile (median + interval): {1000 * sorted(seconds)[10]:.1f} ms",
        f"predict a batch of 10,000: {took:.2f} s",
    ]


def answer_latency(store: Store, model: SalaryEstimator, newest: int) -> str:
    """A whole answer for a profile with blank fields, as the CLI, API and page give it:
    records like it sampled, their ranges pooled, the factors (median of 10); beside it
    the same profile as one row with its blanks left blank."""
    answers = answering(store, "total", model, newest)
    profile = {"role": "ml_engineer", "level": "senior", "country": "US"}
    seconds = []
    for _ in range(10):
        start = time.perf_counter()
        found = estimate(store, answers, profile)
        seconds.append(time.perf_counter() - start)
    low, median, high = one_row(store, model, profile, newest)
    return (
        f"answer a profile with blank fields (service.estimate, {SAMPLE} records like it"
        f" pooled, factors): {1000 * sorted(seconds)[5]:.0f} ms"
        f" (US senior ML engineer: median {found['p50']:,.0f},"
        f" range {found['p10']:,.0f}-{found['p90']:,.0f}; as one row with blanks left blank:"
        f" median {median:,.0f}, range {low:,.0f}-{high:,.0f})"
    )


def answering(store: Store, component: str, model: SalaryEstimator, year: int) -> ModelFile:
    """A model file holding ``model`` for ``component``, answering for ``year``."""
    answers = ModelFile(version="benchmark", trained_on=data_version(store))
    answers.models[component], answers.newest_year[component] = model, year
    return answers


def one_row(
    store: Store, model: SalaryEstimator, profile: dict[str, Any], year: int
) -> tuple[float, float, float]:
    """The range and median of a profile as one row, its blanks left blank (what
    estimates were before records like the profile stood for it)."""
    row = pd.DataFrame([implied(store, {"year": year, **profile})], columns=list(FEATURES))
    low, high = model.predict_interval(row)
    return float(low[0]), float(model.predict(row)[0]), float(high[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--db", type=Path, help="A store with every source ingested.")
    parser.add_argument("--data-dir", type=Path, default=data_dir_default())
    parser.add_argument("--trees", type=int, default=None)
    parser.add_argument("--cpi", action="store_true", help="Train on CPI-U real dollars.")
    parser.add_argument("--drift", choices=MODES, default=MODES[0], help="Later-year margins.")
    parser.add_argument("--seed", type=int, default=0, help="The estimator's random_state.")
    parser.add_argument(
        "--never-seen", choices=unseen.MODES, default=unseen.MODES[0], help="A value never seen."
    )
    args = parser.parse_args()
    estimator = SalaryEstimator(
        drift_calibration=args.drift, random_state=args.seed, never_seen=args.never_seen
    )
    if args.trees is not None:
        estimator.set_params(n_estimators=args.trees)
    with tempfile.TemporaryDirectory() as folder:
        db = existing(args.db) if args.db else Path(folder) / "bench.duckdb"
        if args.db is None:
            built = Store.open(db)
            ingest_all(built, data_folder(args.data_dir))
            built.close()
        store = Store.open(db, read_only=True)
        if args.cpi:
            estimator.set_params(cpi=cpi_table(store))
        frame = training_frame(store, "total", ("aijobs",))
        start = time.perf_counter()
        result = evaluate(frame, estimator, progress=lambda step: print(step, flush=True))
        print(f"\nevaluation took {time.perf_counter() - start:.0f} s\n")
        print(render_evaluation(result, "table"))
        print(equal_coverage(result))
        print(in_year(frame, estimator))
        print("\n".join(timings(store, estimator)))
        store.close()


if __name__ == "__main__":
    main()
