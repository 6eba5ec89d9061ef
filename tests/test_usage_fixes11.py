"""A value given blank is a usage mistake (status 2) on every command, as `--by ""` and
`--years ""` were: `--where level=` and `--role ""` had been status 1, a refused input, and
`ingest csv ""` read the file's name as the folder one stood in."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_each
from tests.test_cli import assert_one_error_line

# (command line, the start of its one error line). Each is what an unset shell variable
# gives (`--where "level=$LEVEL"`); none names a value the store's vocabulary refused.
BLANKS = [
    (("stats", "--by", ""), "empty field in --by ''"),
    (("stats", "--where", "level="), "the filter on level has no value"),
    (("stats", "--where", "level=senior,"), "an empty value in 'senior,'"),
    (("records", "--where", "company= "), "the filter on company has no value"),
    (("companies", "--where", "level="), "the filter on level has no value"),
    (("companies", "--search", ""), "empty value for --search"),
    (("ladder", "--role", ""), "empty value for --role"),
    (("compare", "--role", " ", "--country", "US"), "empty value for --role"),
    (("estimate", "--role", ""), "empty value for --role"),
    (("offer", "--base", "1", "--role", ""), "empty value for --role"),
    (("export", "--out", " "), "no folder given to export to: the path is empty"),
    (("stats", "--from-parquet", ""), "no folder given: the path is empty"),
    (("check-claims", ""), "no file given to check"),
    (("ingest", "", "x.csv"), "empty value for SOURCE"),
    (("ingest", "csv", ""), "Invalid value for 'file': empty value: give a path"),
    (("download", ""), "empty value for NAME"),
]


def test_a_blank_value_is_a_usage_mistake_on_every_command(real_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"  # ingest writes (or would): never the shared store
    copy.write_bytes(real_db.read_bytes())
    answers = run_each(*[("--db", copy, *args) for args, _ in BLANKS])
    for (_, said), done in zip(BLANKS, answers, strict=True):
        assert_one_error_line(done, 2, said)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.duckdb"]


def test_a_blank_global_option_is_a_usage_mistake(tmp_path: Path) -> None:
    (done,) = run_each(("--db", "", "info"))
    assert_one_error_line(done, 2, "empty value for --db")
