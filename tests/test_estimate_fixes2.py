"""The estimator's core and CLI: a level the title gives against its years, a factor of
no effect, and a model file that is no model paygrade saved."""

from __future__ import annotations

import json
import math
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from paygrade.estimate.factors import effects
from paygrade.estimate.modelfile import FORMAT, ModelFile, NoModel, load
from paygrade.estimate.service import disagreements_said, levels_disagree, words_read
from tests.test_cli import assert_one_error_line, run

NOT_SAVED = "its file is not a model paygrade saved (damaged or cut short)"


def test_a_level_the_title_gives_is_compared_with_the_years() -> None:
    # "Principal ML Engineer" with 0 years said nothing; "ML Engineer" at level principal
    # with 0 years was noted. The estimate reads the title's level as a given one.
    profile = {"title": "Principal ML Engineer", "years_experience": 0.0}
    found = levels_disagree(profile, words_read(profile))
    assert found == {
        "level": "principal",
        "years_experience": 0.0,
        "years_level": "entry",
        "read_from": "title",
    }
    (said,) = disagreements_said({"disagree": found, "title_disagree": {}})
    assert said.startswith(
        "0 years of experience is entry level by the data's bands, not principal (the title's "
        "level): both are kept as given"
    )


def test_a_level_given_is_still_the_one_compared() -> None:
    # A level given wins over the title's words (the title's own note says that apart).
    given = {"level": "senior", "title": "Principal ML Engineer", "years_experience": 6.0}
    assert levels_disagree(given, words_read(given)) == {}
    given = {"level": "principal", "title": "ML Engineer", "years_experience": 0.0}
    assert "read_from" not in levels_disagree(given, words_read(given))
    # Years alone give a level of their own band: nothing to say.
    alone = {"years_experience": 0.0}
    assert levels_disagree(alone, words_read(alone)) == {}


def fixture_predict(frame: pd.DataFrame) -> np.ndarray:
    """A hand-written model: level senior earns a hundredth of a percent less than mid."""
    return np.where(frame["level"] == "senior", 100.0, 100.01)


def test_a_factor_of_no_effect_is_zero_not_negative_zero() -> None:
    # -0.005% rounded to -0.0: "-0.0%" on the CLI, JSON, API and MCP, "+0.0%" on the page.
    (effect,) = effects(
        fixture_predict,
        {"level": (["senior", "mid"], [0.5, 0.5])},
        [{"level": "senior"}],
        ["level"],
    )
    assert effect == 0.0 and math.copysign(1.0, effect) == 1.0
    assert json.dumps({"effect_pct": effect}) == '{"effect_pct": 0.0}'
    assert f"{effect:+.1f}%" == "+0.0%"


def cut_model() -> bytes:
    """A model file's bytes cut short: a hand-written, empty ModelFile, pickled, halved."""
    whole = pickle.dumps(ModelFile(version="20990101T000000Z", trained_on="fixture"))
    return whole[: len(whole) // 2]


DAMAGED = {"garbage": b"garbage\n", "empty": b"", "cut short": cut_model()}


@pytest.mark.parametrize("kind", DAMAGED)
def test_a_file_no_pickle_of_paygrade_says_so_not_pythons_words(tmp_path: Path, kind: str) -> None:
    # "invalid literal for int() with base 10: 'arbage\n'", "Ran out of input" and "pickle
    # data was truncated" were said of a model file with no facts beside it.
    path = tmp_path / "estimator-20990101T000000Z.pkl"
    path.write_bytes(DAMAGED[kind])
    with pytest.raises(NoModel) as caught:
        load(path)
    assert str(caught.value) == (f"cannot read the model {path}: {NOT_SAVED}; run `paygrade train`")
    assert caught.value.public == (
        "the model cannot be read: this site's operator has not trained a new one "
        "(operator: run `paygrade train`)"
    )


def test_a_model_of_the_bytes_saved_still_loads(tmp_path: Path) -> None:
    # The unpickling path is the only one changed: a file paygrade wrote reads as before.
    path = tmp_path / "estimator-20990101T000000Z.pkl"
    path.write_bytes(pickle.dumps(ModelFile(version="20990101T000000Z", trained_on="fixture")))
    assert load(path).format == FORMAT and load(path).loaded_from == path


def test_the_cli_says_a_garbage_model_is_not_one_paygrade_saved(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / "estimator-20990101T000000Z.pkl").write_bytes(b"garbage\n")
    done = run(
        "--db", tmp_path / "store.duckdb", "estimate", "--role", "ml_engineer",
        env={"PAYGRADE_MODELS": str(models)},
    )  # fmt: skip
    assert_one_error_line(done, 1, "cannot read the model")
    assert f": {NOT_SAVED}; run `paygrade train`" in done.stderr
    assert "invalid literal" not in done.stderr
