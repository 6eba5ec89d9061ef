"""Every user-visible command and option is documented (README and docs/cli.md)."""

from __future__ import annotations

import re

import pytest
import typer

from paygrade.cli import app
from paygrade.sources import REGISTRY, RecordSource
from tests.conftest import ROOT

COMMAND = typer.main.get_command(app)
COMMANDS = sorted(COMMAND.commands)  # type: ignore[attr-defined]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CLI_DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")


def test_the_cli_has_the_contract_commands() -> None:
    assert {"ingest", "stats", "sources"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_in_the_readme_and_cli_doc(name: str) -> None:
    assert f"paygrade {name}" in README
    assert f"## {name}" in CLI_DOC


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_is_in_the_cli_doc(name: str) -> None:
    command = COMMAND.commands[name]  # type: ignore[attr-defined]
    for param in command.params:
        for flag in getattr(param, "opts", []):
            if flag.startswith("--"):
                assert flag in CLI_DOC, f"{name} {flag} is not documented in docs/cli.md"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_an_example_in_its_help(name: str) -> None:
    assert "Example:" in (COMMAND.commands[name].help or "")  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_summed_up_in_one_line(name: str) -> None:
    # The command list shows the first paragraph as written: two commands' summaries broke
    # off mid-sentence ("for Spark," then "DuckDB, Polars ..." on a line of its own).
    summary = (COMMAND.commands[name].help or "").split("\n\n")[0]  # type: ignore[attr-defined]
    assert summary and "\n" not in summary and len(summary) <= 100


def test_global_options_are_documented() -> None:
    for flag in ("--db", "--data-dir", "PAYGRADE_DB", "PAYGRADE_DATA_DIR"):
        assert flag in README and flag in CLI_DOC


def test_readme_quick_start_commands_are_the_scripts() -> None:
    assert "bash scripts/start.sh" in README and "bash scripts/test.sh" in README
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "scripts/test.sh" in ci


def test_the_public_surface_resolves() -> None:
    import paygrade

    for name in paygrade.__all__:
        assert getattr(paygrade, name) is not None, name


SUBCOMMANDS = sorted(
    (group, name)
    for group, command in COMMAND.commands.items()  # type: ignore[attr-defined]
    for name in getattr(command, "commands", {})
)


@pytest.mark.parametrize(("group", "name"), SUBCOMMANDS)
def test_every_subcommand_and_its_options_are_documented(group: str, name: str) -> None:
    command = COMMAND.commands[group].commands[name]  # type: ignore[attr-defined]
    assert f"paygrade {group} {name}" in README and f"paygrade {group} {name}" in CLI_DOC
    assert "Example:" in (command.help or "")
    for param in command.params:
        for flag in getattr(param, "opts", []):
            if flag.startswith("--"):
                assert flag in CLI_DOC, f"{group} {name} {flag} is not documented in docs/cli.md"


def test_the_record_fields_table_names_every_record_source() -> None:
    # methodology.md's `source` row had left out `submission`, the one source a reader of
    # the data most needs told apart (self-reports, published only in groups of 10).
    row = next(
        line
        for line in (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| `source` |")
    )
    named = set(re.findall(r"`([a-z0-9_]+)`", row)) - {"source"}
    records = {name for name, s in REGISTRY.items() if isinstance(s, RecordSource)}
    assert records <= named, sorted(records - named)


def cli_doc_sections() -> dict[str, str]:
    """docs/cli.md's text under each `## command` heading."""
    parts = re.split(r"^## (\S+)\n", CLI_DOC, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def options_of(command: typer.core.TyperCommand) -> set[str]:
    return {flag for param in command.params for flag in getattr(param, "opts", [])}


@pytest.mark.parametrize("name", COMMANDS)
def test_every_option_is_in_its_own_commands_section(name: str) -> None:
    # The check above finds a flag anywhere in cli.md: `--limit` documented under stats
    # passed for a command whose own section never says it.
    section = cli_doc_sections()[name]
    command = COMMAND.commands[name]  # type: ignore[attr-defined]
    for sub in getattr(command, "commands", {name: command}).values():
        missing = {flag for flag in options_of(sub) if flag.startswith("--")} - set(
            re.findall(r"--[a-z][a-z0-9-]*", section)
        )
        assert not missing, f"{name}: {sorted(missing)} not in its section of docs/cli.md"


DOCS = {
    path.name: path.read_text(encoding="utf-8")
    for path in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
}
# `paygrade [--db X] [--data-dir X] COMMAND [SUBCOMMAND] rest-of-the-line`, as the docs write it
EXAMPLE = re.compile(
    r"paygrade((?: --(?:db|data-dir) \S+)*) ([a-z][a-z-]*)((?: [a-z][a-z_-]*)?)([^\n`\"]*)"
)


def example_flags() -> list[tuple[str, str, str, str]]:
    """(doc, command, flag, example) for each `--flag` a `paygrade COMMAND ...` example uses."""
    found = []
    for doc, text in DOCS.items():
        for match in EXAMPLE.finditer(text):
            name, sub, rest = match.group(2), match.group(3).strip(), match.group(4)
            if name not in COMMAND.commands:  # type: ignore[attr-defined]
                continue  # prose: "paygrade runs ..."
            group = COMMAND.commands[name]  # type: ignore[attr-defined]
            if hasattr(group, "commands"):
                if sub not in group.commands:
                    continue
                name = f"{name} {sub}"
            for flag in re.findall(r"(?<![\w-])--[a-z][a-z0-9-]*", rest):
                found.append((doc, name, flag, match.group(0)))
    return found


def test_every_flag_an_example_uses_is_its_commands() -> None:
    # An example with a renamed or another command's flag fails for whoever copies it.
    known = options_of(COMMAND) | {"--help"}  # type: ignore[arg-type]
    wrong = []
    for doc, name, flag, example in example_flags():
        command = COMMAND
        for part in name.split():
            command = command.commands[part]  # type: ignore[attr-defined]
        if flag not in options_of(command) | known:  # type: ignore[arg-type]
            wrong.append(f"{doc}: {example!r}: {flag}")
    assert len(example_flags()) > 100 and not wrong, wrong
