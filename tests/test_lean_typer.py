"""The lean Typer plumbing: same conversions, help and errors as Typer's own, less start-up."""

from __future__ import annotations

import re
from itertools import pairwise
from typing import Any

import pytest
import typer
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param

from paygrade.cli import GLOBAL_VALUES, Unread, _percent, _plain, app, main
from paygrade.lean_typer import (
    _UNSURE,
    NUMBERS,
    PATHS,
    QuickConversion,
    click_group,
    invoked,
    quick_value,
)
from paygrade.offers import plain_number
from paygrade.records import did_you_mean

FULL = typer.main.get_command(app)
assert isinstance(FULL, typer.core.TyperGroup)


def _commands(group: typer.core.TyperGroup) -> list[typer.core.TyperCommand]:
    found: list[typer.core.TyperCommand] = [group]
    for command in group.commands.values():
        if isinstance(command, typer.core.TyperGroup):
            found += _commands(command)
        else:
            found.append(command)  # type: ignore[arg-type]
    return found


PARAMS = [
    pytest.param(command, param, id=f"{command.name}-{param.name}")
    for command in _commands(FULL)
    for param in command.get_params(typer.Context(command))
]
RAW = [
    None,
    "",
    "level",
    "7",
    "007",
    "0",
    "100",
    "65535",
    "65536",
    "-1",
    "1.5",
    " 3",
    "x",
    "json",
    "JSON",
    "table",
    "spark",
    "pending",
    "all",
    "-",
    "/nonexistent/paygrade.duckdb",
    ".",
    ("role=ml_engineer", "level=senior"),
    (),
    5,
    True,
]


def _typer_converts(param: Any, value: Any, ctx: typer.Context) -> tuple[str, Any]:
    if isinstance(value, str) and not value.strip() and param.type_descriptor.annotation in PATHS:
        # Typer reads "" as the path "." (`ingest csv ""`: "a folder, not a file"); lean_typer
        # refuses it, as it refuses a blank number.
        said = BadParameter("empty value: give a path", ctx=ctx, param=param).format_message()
        return "error", said
    runtime = build_runtime_param(param.type_descriptor)
    try:
        return "value", runtime.coerce(value, param=param, ctx=ctx)
    except BadParameter as exc:
        return "error", _in_our_words(exc.format_message(), param, value)


def _in_our_words(message: str, param: Any, value: Any) -> str:
    # The five rewordings lean_typer makes of Typer's refusals, and no other (its sixth, a
    # blank path, is a refusal where Typer takes ".": _typer_converts).
    head = message.split(": ", 1)[0]
    if isinstance(value, str) and not value.strip() and param.type_descriptor.annotation in NUMBERS:
        return f"{head}: empty value: give a number"
    if message.endswith(": Input should be a valid integer, unable to parse string as an integer"):
        # Read as the API reads a whole number: the shared reader's words, or not whole.
        try:
            number = plain_number(value)
        except ValueError as exc:
            return f"{head}: {exc}"
        assert not number.is_integer(), value  # a whole one is taken ("1,000": below)
        return f"{head}: must be a whole number, got {value.strip()}"
    if bound := re.search(r": Input should be (greater|less) than or equal to (\d+)$", message):
        beyond = "or more" if bound[1] == "greater" else "or less"
        return f"{head}: must be {int(bound[2]):,} {beyond}, not {str(value).strip()}"
    if param.type_descriptor.choices and " is not one of " in message:
        head = message.split(": ", 1)[0]
        names = [str(c.value) for c in param.type_descriptor.choices]
        return (
            f"{head}: {value!r} is not one of: {', '.join(names)}{did_you_mean(str(value), names)}."
        )
    return message.replace(": Value error, ", ": ", 1)


def _kept(converted: tuple[str, Any]) -> tuple[str, Any]:
    """A conversion as compared: a refusal kept by ``offer``'s readers (``cli.Unread``, a
    NaN) by its text and words, as NaN equals nothing."""
    kind, value = converted
    return (kind, ("unread", value.text, value.why)) if isinstance(value, Unread) else converted


def _we_convert(param: Any, value: Any, ctx: typer.Context) -> tuple[str, Any]:
    try:
        return "value", QuickConversion(param.type_descriptor).coerce(value, param, ctx)
    except BadParameter as exc:
        return "error", exc.format_message()


@pytest.mark.parametrize(("command", "param"), PARAMS)
def test_every_option_converts_every_value_as_typer_does(command: Any, param: Any) -> None:
    ctx = typer.Context(command)
    for value in [*RAW, param.default]:
        ours, theirs = _we_convert(param, value, ctx), _typer_converts(param, value, ctx)
        assert _kept(ours) == _kept(theirs), (value, ours, theirs)
        assert type(ours[1]) is type(theirs[1]), value


def test_the_stats_command_line_converts_without_typer() -> None:
    # What `paygrade --db X stats --by level --where role=ml_engineer --format json` passes.
    stats = FULL.commands["stats"]
    given = {
        "by": ("level",),
        "where": ("role=ml_engineer",),
        "format_": "json",
        "min_n": 1,
        "engine": "duckdb",
        "limit": None,
        "help": None,
    }
    ctx = typer.Context(stats)
    params = {p.name: p for p in stats.get_params(ctx)}
    for name, value in given.items():
        converted = quick_value(params[name].type_descriptor, value, params[name], ctx)
        assert converted is not _UNSURE, name
    db = next(p for p in FULL.params if p.name == "db")
    path = quick_value(db.type_descriptor, "x.duckdb", db, typer.Context(FULL))
    assert str(path) == "x.duckdb"


def test_the_global_options_taking_a_value_are_all_known() -> None:
    valued = {o for p in FULL.params if not getattr(p, "is_flag", True) for o in p.opts}
    assert valued == set(GLOBAL_VALUES)


def test_a_command_line_naming_a_command_builds_that_command_alone() -> None:
    line = ["--db", "s.duckdb", "--data-dir=d", "submissions", "list"]
    assert invoked(line, GLOBAL_VALUES) == "submissions"
    assert sorted(click_group(app, ["--db", "s", "stats"], GLOBAL_VALUES).commands) == ["stats"]
    lean = click_group(app, ["submissions", "list"], GLOBAL_VALUES).commands["submissions"]
    assert sorted(lean.commands) == sorted(FULL.commands["submissions"].commands)  # type: ignore[attr-defined]
    for whole in (["--help"], ["--version"], ["stat"], ["--db", "x"], []):
        built = click_group(app, whole, GLOBAL_VALUES)
        assert sorted(built.commands) == sorted(FULL.commands), whole


@pytest.mark.parametrize("name", sorted(FULL.commands))
def test_each_command_help_is_the_same_as_in_the_whole_group(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([name, "--help"]) == 0
    lean = capsys.readouterr()
    # The whole group, as `paygrade --help` (or a misspelled command) builds it.
    whole_group = click_group(app, ["--help"], GLOBAL_VALUES)
    whole_group.main(args=[name, "--help"], prog_name="paygrade", standalone_mode=False)
    whole = capsys.readouterr()
    assert lean.out == whole.out and f"paygrade {name}" in lean.out
    assert lean.err == whole.err


def _help(args: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main([*args, "--help"]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize(
    "args", [[], *([name] for name in sorted(FULL.commands)), ["submissions", "list"]]
)
def test_no_flag_shows_a_value_in_the_help(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    # Every flag showed one: "--include-flagged <bool>", "--help <bool>"; a flag takes none.
    text = _help(args, capsys)
    (line,) = [ln for ln in text.splitlines() if "--help " in ln]
    assert "<" not in line, line
    assert "<bool>" not in text


@pytest.mark.parametrize(
    "args", [[], *([name] for name in sorted(FULL.commands)), ["submissions", "list"]]
)
def test_help_paragraphs_wrap_to_the_terminal_not_to_the_source(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Typer's rich help kept the docstrings' line breaks: "Exits 1" alone on a line, then
    # "when no record matches, ..." on the next.
    monkeypatch.setenv("COLUMNS", "80")
    text = _help(args, capsys)
    description = text.split("Usage:", 1)[1].split("╭", 1)[0]
    lines = [ln.rstrip() for ln in description.splitlines()[1:]]  # after the usage line
    for line, after in pairwise(lines):
        # Two lines of one paragraph: the first is full, unless the second starts an item.
        if line and after and not after.lstrip().startswith(("* ", "- ")):
            assert len(line) + len(after.split()[0]) >= 76, (line, after)


def test_options_taking_a_value_still_show_it(capsys: pytest.CaptureFixture[str]) -> None:
    lines = _help(["records"], capsys).splitlines()
    (flagged,) = [ln for ln in lines if "--include-flagged" in ln]
    (page,) = [ln for ln in lines if "--page " in ln]
    (fmt,) = [ln for ln in lines if "--format" in ln]
    assert "<" not in flagged and "<int range>" in page and "<table|json|csv>" in fmt
    (db,) = [ln for ln in _help([], capsys).splitlines() if "--db" in ln]
    assert "<path>" in db


def test_a_misspelled_command_still_gets_suggestions(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stat"]) == 2
    assert "No such command 'stat'. Did you mean 'stats'" in capsys.readouterr().err


def test_bad_values_keep_typers_prefix(capsys: pytest.CaptureFixture[str]) -> None:
    # The bound in the words the API and the MCP tools say it (it was pydantic's "Input
    # should be greater than or equal to 1"), after Typer's "Invalid value for".
    assert main(["stats", "--min-n", "0"]) == 2
    said = "error: Invalid value for '--min-n': must be 1 or more, not 0\n"
    assert capsys.readouterr().err == said


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["export", "--format", "csv", "--out", "x"], "'--format': 'csv' is not one of: parquet."),
        (["stats", "--format", "xml"], "'--format': 'xml' is not one of: table, json, csv."),
        (["stats", "--engine", "x"], "'--engine': 'x' is not one of: duckdb, spark."),
        (["submissions", "list", "--status", "x"], "'x' is not one of: pending, approved,"),
        (["offer", "--base", "abc"], "'--base': 'abc' is not an amount (write 185000,"),
        # A near miss says the one meant, as a refused --where or --role value does.
        (
            ["estimate", "--pay-component", "totl"],
            "'--pay-component': 'totl' is not one of: total, base (did you mean total?).",
        ),
    ],
)
def test_a_refused_value_is_said_without_pydantics_prefix(
    args: list[str], said: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # It read "Invalid value for '--format': Value error, 'csv' is not one of 'parquet'."
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: Invalid value for ") and said in err, err
    assert "Value error" not in err and err.count("\n") == 1


def _reader(parser: Any) -> Any:
    return getattr(parser, "__wrapped__", parser)


NUMBER_OPTIONS = [
    pytest.param(name, param.opts[0], id=f"{name}-{param.name}")
    for name, command in FULL.commands.items()
    for param in command.get_params(typer.Context(command))
    if getattr(param, "type_descriptor", None)
    and param.type_descriptor.annotation is float
    # Plain numbers, read by Typer or by the Offer check page's readers (``_plain``: --years;
    # ``_percent``: --bonus-pct, --growth); dollars: test_cli_offers.
    # (``offer``'s wrapped to keep a refusal, ``cli._or_unread``: its reader is wrapped)
    and _reader(param.type_descriptor.parameter_info.parser) in (None, _plain, _percent)
]


# What a command needs besides the option asked (``offer``: a base), so that the option's
# refusal is what is said, not "Missing option '--base'".
NEEDED = {"offer": ["--base", "185000"]}


@pytest.mark.parametrize(("name", "option"), NUMBER_OPTIONS)
def test_a_number_option_given_blank_says_so(
    name: str, option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # `--years ""` (an unset shell variable) was "unable to parse string as a number".
    assert main([name, option, " ", *NEEDED.get(name, [])]) == 2
    said = f"error: Invalid value for '{option}': empty value: give a number\n"
    assert capsys.readouterr().err == said


@pytest.mark.parametrize(("name", "option"), NUMBER_OPTIONS)
def test_a_number_option_refuses_nan_and_inf(
    name: str, option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # "--years nan" was "Input should be less than or equal to 60"; "--growth inf" and
    # "--shares nan" reached the offer's arithmetic.
    assert {"offer --years", "offer --growth", "estimate --years"} <= {
        f"{n} {o}" for n, o in (p.values for p in NUMBER_OPTIONS)
    }
    for value in ("nan", "inf", "-Infinity", "1e999"):
        assert main([name, option, value, *NEEDED.get(name, [])]) == 2
        said = f"error: Invalid value for '{option}': '{value}' is not a finite number\n"
        assert capsys.readouterr().err == said
