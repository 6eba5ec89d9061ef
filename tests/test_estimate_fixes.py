"""Estimates while a model trains, and a profile's numbers echoed as they were given.

The model files here are hand-made fixtures (``ModelFile`` with no estimator in it): what
is tested is what is said of them, never an estimate.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from paygrade.estimate.modelfile import (
    FORMAT,
    MARKER,
    ModelFile,
    NoModel,
    load,
    load_newest,
    newest,
    save,
    training,
)
from paygrade.estimate.profile import BadProfile, check_profile
from paygrade.estimate.service import stale
from paygrade.records import number_bounds
from paygrade.store import Store
from tests.test_cli import assert_one_error_line, run

VERSION = "20261201T000000Z"


def fixture_model(folder: Path, **facts: Any) -> Path:
    """A model file fixture with no estimator: enough to be found, read and dated."""
    return save(ModelFile(version=VERSION, trained_on="fixture0data", **facts), folder)


def under_way(folder: Path, public: bool = False) -> str:
    """The sentence saying this process is training into ``folder`` (``training_now``)."""
    marked = json.loads((folder / MARKER).read_text())
    process = "" if public else f", process {os.getpid()}"
    return (
        f"a model is being trained (since {marked['started']}{process}); "
        "estimates answer once it is saved, in a few minutes"
    )


def refused(folder: Path) -> NoModel:
    with pytest.raises(NoModel) as caught:
        load_newest(folder)
    return caught.value


def test_a_model_of_another_version_says_the_training_under_way(tmp_path: Path) -> None:
    # `paygrade train --if-stale &` was replacing it, and every estimate said "run
    # `paygrade train`" (docs/cli.md: while a model trains, estimates say so).
    path = fixture_model(tmp_path, format=FORMAT - 1)
    idle = refused(tmp_path)
    assert str(idle) == f"{path} is not a model this paygrade reads: run `paygrade train`"
    with training(tmp_path):
        said = refused(tmp_path)
        assert str(said) == f"{path} is not a model this paygrade reads: {under_way(tmp_path)}"
        assert said.public == (
            "the model was saved by another version of paygrade: "
            + under_way(tmp_path, public=True)
        )
    assert "run `paygrade train`" in refused(tmp_path).public  # the training is over


def test_a_model_that_cannot_be_read_says_the_training_under_way(tmp_path: Path) -> None:
    path = tmp_path / f"estimator-{VERSION}.pkl"
    path.write_bytes(b"a fixture: no pickle at all\n")
    with training(tmp_path):
        said = refused(tmp_path)
        assert re.fullmatch(
            rf"cannot read the model {re.escape(str(path))}: .+; " + re.escape(under_way(tmp_path)),
            str(said),
        ), str(said)
        assert said.public == f"the model cannot be read: {under_way(tmp_path, public=True)}"
        assert "run `paygrade train`" not in str(said) + said.public


def test_the_cli_says_the_training_under_way_not_run_train(tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    Store.open(db).close()
    models = tmp_path / "models"
    fixture_model(models, format=FORMAT - 1)
    env = {"PAYGRADE_MODELS": str(models)}
    with training(models):  # this test's process is the one training
        done = run("--db", db, "estimate", "--role", "ml_engineer", env=env)
        assert_one_error_line(done, 1, f"{models / f'estimator-{VERSION}.pkl'} is not a model")
        assert done.stderr.rstrip().endswith(under_way(models))
        assert "run `paygrade train`" not in done.stderr


def test_a_model_of_older_data_says_the_training_under_way(store: Store, tmp_path: Path) -> None:
    fixture_model(tmp_path)  # trained on other data than the (empty) store holds
    model = load(newest(tmp_path))
    opening = f"the model {VERSION} was trained on data version fixture0data; the store is now "
    idle = stale(store, model)
    assert idle is not None and idle.startswith(opening)
    assert idle.endswith(": run `paygrade train` for estimates from the newest data")
    with training(tmp_path):
        said = stale(store, model)
        assert said is not None and said.startswith(opening)
        # Public: the page and the API say it too, with no process id.
        assert said.endswith(f": {under_way(tmp_path, public=True)}"), said
        assert "run `paygrade train`" not in said
    # A model made here, never read from a folder, has no training to wait for.
    made = ModelFile(version=VERSION, trained_on="fixture0data")
    assert str(stale(store, made)).endswith(
        "run `paygrade train` for estimates from the newest data"
    )


@pytest.mark.parametrize(
    ("profile", "said"),
    [
        # A JSON number, or the CLI's float: it had been "got -1.0", and "got 1000000000.0".
        ({"years_experience": -1.0}, "years of experience are 0 to 60, not -1"),
        ({"years_experience": -1}, "years of experience are 0 to 60, not -1"),
        ({"years_experience": 1e9}, "years of experience are 0 to 60, not 1000000000"),
        ({"years_experience": 60.5}, "years of experience are 0 to 60, not 60.5"),
        # The page's text: as typed.
        ({"years_experience": "-1"}, "years of experience are 0 to 60, not -1"),
        ({"years_experience": "1e9"}, "years of experience are 0 to 60, not 1e9"),
        ({"year": 1700.0}, f"the year is 1990 to {number_bounds('year')[1]}, not 1700"),
        # A remote share: the API's number and the CLI's text were "got 30" and "got '30'".
        ({"remote": 30}, "remote must be 0, 50 or 100 (or in-person, hybrid, remote), got 30"),
        ({"remote": "30"}, "remote must be 0, 50 or 100 (or in-person, hybrid, remote), got 30"),
        ({"remote": 30.0}, "remote must be 0, 50 or 100 (or in-person, hybrid, remote), got 30"),
    ],
)
def test_a_number_refused_is_echoed_as_it_was_given(profile: dict[str, Any], said: str) -> None:
    with pytest.raises(BadProfile) as caught:
        check_profile(profile)
    assert str(caught.value) == said


def test_the_cli_echoes_a_number_as_it_was_typed(tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    Store.open(db).close()
    done = run("--db", db, "estimate", "--years", "-1")
    assert_one_error_line(done, 1, "years of experience are 0 to 60, not -1")
    assert done.stderr.rstrip().endswith("not -1")


def test_the_newest_model_is_the_newest_version_whatever_else_is_there(tmp_path: Path) -> None:
    # A copy kept as "estimator-backup.pkl" sorted after every version: each later
    # training was shadowed by it, and "run `paygrade train`" could not mend that.
    for name in ("estimator-20261201T000000Z.pkl", "estimator-20261206T061426Z.pkl",
                 "estimator-backup.pkl", "estimator-old-copy.pkl"):  # fmt: skip
        (tmp_path / name).write_bytes(b"a fixture: no model\n")
    assert newest(tmp_path).name == "estimator-20261206T061426Z.pkl"
    (tmp_path / "only").mkdir()
    (tmp_path / "only" / "estimator-backup.pkl").write_bytes(b"a fixture: no model\n")
    with pytest.raises(NoModel, match="run `paygrade train` first"):
        newest(tmp_path / "only")
