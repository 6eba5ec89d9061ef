"""The fifth round's CLI fixes: an option named as typed, an empty store before Spark."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer

from paygrade.cli import _none_blank, app
from paygrade.records import PROFILE_HELP, PaygradeError
from paygrade.stats import EMPTY_STORE
from paygrade.store import Store
from tests.test_cli import run


@pytest.mark.parametrize("field", list(PROFILE_HELP))
def test_an_empty_profile_value_names_the_estimate_option_as_typed(field: str) -> None:
    # years_experience had been said "empty value for --years-experience", no option.
    options = [o for p in typer.main.get_command(app).commands["estimate"].params for o in p.opts]  # type: ignore[attr-defined]
    with pytest.raises(PaygradeError) as refused:
        _none_blank(**{field: " "})
    option = str(refused.value).removeprefix("empty value for ")
    assert option in options


def test_spark_is_not_started_for_a_store_of_no_records(tmp_path: Path) -> None:
    Store.open(tmp_path / "empty.duckdb").close()
    env = {"PAYGRADE_DB": str(tmp_path / "empty.duckdb"), "PAYGRADE_SPARK_MASTER": "local[1]"}
    on_duckdb = run("stats", env=env)
    assert on_duckdb.returncode == 1 and EMPTY_STORE in on_duckdb.stdout
    # Spark had started, then said "the store ... holds no public records to export".
    on_spark = run("stats", "--engine", "spark", env=env, timeout=300)
    assert (on_spark.returncode, on_spark.stdout) == (1, "")
    assert on_spark.stderr == f"error: {EMPTY_STORE}\n"
