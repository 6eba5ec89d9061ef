"""Every example a ``--help`` shows runs, as shown, and succeeds.

A help's ``Example:`` is what a new user types first; no test ran them, so one could name
an option, value or order the command does not take and nothing would say so."""

from __future__ import annotations

import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
import typer

from paygrade.cli import app
from paygrade.config import Settings
from paygrade.ingest import ingest_all
from paygrade.store import Store
from paygrade.submissions import submit
from tests.conftest import FIXTURES, run_each

# What no test can run as shown: a server until stopped, the network, a training or an
# evaluation of 300 trees a model (minutes each). Their options are tested elsewhere.
NOT_RUN = {"serve", "download", "mcp", "evaluate", "train"}
# The real files the small store is built from: no aijobs or h1b_2024 (most of the rows).
SMALL_DATA = (
    "cpi-u-annual.csv",
    "oflc-geography-2025-26.csv",
    "oflc-wage-levels-2025-26-tech.csv",
    "bls-oews-national-tech-2020-2024.csv",
    "bea-rpp-msa-2008-2024.csv",
    "h1b-data-jobs-2015-2019.csv",
    "h1b-lca-fy2013q3.csv",
    "so-survey-2023-usd.csv",
)
A_SUBMISSION = {
    "title": "Senior Machine Learning Engineer",
    "company": "GOOGLE LLC",
    "level": "senior",
    "city": "Seattle",
    "state": "WA",
    "country": "US",
    "base": 180_000,
    "year": 2024,
}


def helps(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[str, str]]:
    """Each command's and subcommand's name (``submissions approve``) and help text."""
    yield " ".join(path), command.help or ""
    for name, sub in getattr(command, "commands", {}).items():
        yield from helps(sub, (*path, name))


def examples(text: str) -> list[list[str]]:
    """The commands an ``Example:`` shows, `` ; ``-separated, as argument lists.

    Example:
        >>> examples("Sums.\\n\\nExample: paygrade a --b 1 ; paygrade c\\n  \\"d e\\"")
        [['a', '--b', '1'], ['c', 'd e']]
    """
    shown = " ".join(text.split("Example:", 1)[1].split()) if "Example:" in text else ""
    calls = [shlex.split(each) for each in shown.split(" ; ") if each]
    assert all(call[0] == "paygrade" for call in calls), shown
    return [call[1:] for call in calls]


SHOWN = [
    call for name, text in helps(typer.main.get_command(app)) if name for call in examples(text)
]


def command_of(call: list[str]) -> str:
    """The command an example runs, past the global options (``--db PATH mcp``)."""
    words = iter(call)
    return next(word for word in words if not (word.startswith("--") and next(words)))


def test_every_command_and_subcommand_shows_an_example() -> None:
    shown = {command_of(call) for call in SHOWN}
    assert set(typer.main.get_command(app).commands) <= shown  # type: ignore[attr-defined]
    assert len([c for c in SHOWN if c[0] == "submissions"]) >= 5  # the group's and its four


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Path:
    """A folder holding a small store of some real files (``SMALL_DATA``), their data
    folder, eight pending submissions and the files examples name."""
    folder = tmp_path_factory.mktemp("examples")
    mirrored = folder / "data"
    mirrored.mkdir()
    for name in SMALL_DATA:
        (mirrored / name).symlink_to(data_dir / name)
    store = Store.open(folder / "paygrade.duckdb")
    ingest_all(store, mirrored)
    store.close()
    settings = Settings(db=folder / "paygrade.duckdb")
    for n in range(8):
        submit(settings, A_SUBMISSION, client=f"192.0.2.{n}")
    shutil.copyfile(FIXTURES / "fixture-canonical-small.csv", folder / "my-records.csv")
    shutil.copyfile(FIXTURES / "fixture-article-news.md", folder / "article.md")
    return folder


def environment(folder: Path) -> dict[str, str]:
    return {
        "PAYGRADE_DB": str(folder / "paygrade.duckdb"),
        "PAYGRADE_DATA_DIR": str(folder / "data"),
    }


def test_every_example_a_help_shows_succeeds(small: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Once each, in the order shown (`submissions approve 7` is the group's and its own).
    calls = [
        list(c)
        for c in dict.fromkeys(tuple(c) for c in SHOWN)
        if command_of(list(c)) not in NOT_RUN
    ]
    # `train --if-stale` runs: the store's model is current, so it says so at once.
    calls += [call for call in SHOWN if call == ["train", "--if-stale"]]
    monkeypatch.chdir(small)  # the examples' files (my-records.csv, records/) are here
    # First a quick model, for `estimate` (and `train --if-stale`) to read: two trees a
    # quantile model (20 had been ~2 s more of CPU), as no example is about its figures.
    for done in run_each(["train", "--trees", "2"], *calls, env=environment(small)):
        assert done.returncode == 0, (done.args, done.stdout, done.stderr)


def said(*args: str) -> str:
    """A help as one line, its box's borders out."""
    helped = run_each([*args, "--help"], env={"COLUMNS": "200"})[0]
    assert helped.returncode == 0, helped.stderr
    return " ".join(helped.stdout.replace("│", " ").split())


def test_the_help_says_what_companies_min_n_keeps_and_where_a_place_moves_an_estimate() -> None:
    # --min-n said "Only companies with n records." (it keeps those of n >= N); --metro and
    # --state said nothing of total pay, whose records hold neither: `estimate --metro
    # seattle` moved the default (total) estimate as the US only (+6.8%, as --state WA).
    assert "Only companies of at least N records." in said("companies")
    estimate = said("estimate")
    assert "or its city (seattle); base pay (total pay: only as its country)." in estimate
    assert "A US state code, e.g. WA; base pay (total pay: only as its country)." in estimate
