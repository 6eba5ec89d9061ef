"""Typer, run without the start-up work that a short command does not need.

Before a command runs, Typer (0.29) builds every command's options, evaluating each
function's annotations, and converts each option's text through a pydantic
``TypeAdapter``: importing pydantic and building adapters even for a plain string.
Together that is most of what a quick ``paygrade stats`` pays beyond its query. Here:

* :func:`click_group` builds only the command a command line names;
* :class:`QuickGroup` and :class:`QuickCommand` convert the values whose conversion is
  unambiguous (text, enum values, whole numbers in range, paths) the way Typer does,
  and hand every other value, including every one Typer would refuse (so its error
  messages stay), to Typer's own conversion.

Help, usage, errors and results are Typer's, but for two things Typer 0.29 says less well
than click did, put right here once for every command:

* a value refused by a validator reads as the refusal alone, without pydantic's
  "Value error, " before it, and a bad choice lists the choices as this CLI lists them
  elsewhere ("'csv' is not one of: parquet.");
* an on/off flag shows no value in the help (the rich help showed ``--help <bool>``).

and a number option refuses ``nan`` and ``inf``, which pydantic takes for a float
(``--years nan`` was "Input should be less than or equal to 60").

``tests/test_lean_typer.py`` checks the conversions against Typer's for every option of
every command.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Sequence
from enum import Enum
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, get_args, get_origin

import typer
from typer._click.exceptions import BadOptionUsage, BadParameter
from typer.core import TyperCommand, TyperGroup, TyperOption
from typer.models import CommandInfo, TyperInfo

from paygrade.records import TypedWhole, did_you_mean, past_bound

if TYPE_CHECKING:  # Typer's private modules are used only where it still has them
    from typer._click.core import Context, Parameter

_UNSURE = object()  # a value left to Typer's own conversion


def invoked(args: Sequence[str], options: Sequence[str]) -> str | None:
    """The command a command line names, if only global ``options`` (each taking a value)
    precede it; None for anything else (another option first, or no command).

    Example:
        >>> invoked(["--db", "x.duckdb", "stats", "--by", "level"], ["--db"])
        'stats'
        >>> invoked(["--db=x.duckdb", "info"], ["--db"])
        'info'
        >>> invoked(["--help", "stats"], ["--db"]) is None
        True
    """
    rest = args[len(_leading(args, options)) :]
    return rest[0] if rest and not rest[0].startswith("-") else None


def _leading(args: Sequence[str], options: Sequence[str]) -> list[str]:
    """The global options (and their values) before the command a command line names.

    Example:
        >>> _leading(["--db", "a", "--db=b", "info", "--db", "c"], ["--db"])
        ['--db', 'a', '--db=b']
    """
    leading: list[str] = []
    words = iter(args)
    for word in words:
        if word in options:
            leading += [word, next(words, "")]
        elif word.startswith(tuple(f"{name}=" for name in options)):
            leading.append(word)
        else:
            break
    return leading


def click_group(app: typer.Typer, args: Sequence[str], options: Sequence[str]) -> TyperGroup:
    """The click group that runs ``args``: holding only the command they name, if any.

    ``options`` are the app's own options that take a value. The named command's help,
    usage and errors are the same as in the whole group. Anything else (the overall help,
    --version, a misspelled command, which Typer answers with suggestions) gets the whole
    group.

    Example:
        >>> from paygrade.cli import app
        >>> sorted(click_group(app, ["stats", "--by", "level"], ["--db"]).commands)
        ['stats']
    """
    # The app's own options given twice ("--db a --db b" had taken b without a word).
    globals_ = [SimpleNamespace(opts=[o], multiple=False, is_flag=False) for o in options]
    _refuse_given_twice(globals_, _leading(args, options))  # type: ignore[arg-type]
    name = invoked(args, options)
    commands = [info for info in app.registered_commands if _command_name(info) == name]
    groups = [info for info in app.registered_groups if info.name == name]
    if commands or groups:
        return typer.main.get_group(_quick(app, commands, groups))
    return typer.main.get_group(_quick(app, app.registered_commands, app.registered_groups))


def _command_name(info: CommandInfo) -> str | None:
    if info.name or info.callback is None:
        return info.name
    return typer.main.get_command_name(info.callback.__name__)


def _quick(app: typer.Typer, commands: list[CommandInfo], groups: list[TyperInfo]) -> typer.Typer:
    """A copy of ``app`` with these commands and groups, each built as a Quick one."""
    lean = copy.copy(app)
    lean.registered_commands = [_quick_command(info) for info in commands]
    lean.registered_groups = [_quick_group(info) for info in groups]
    return lean


def _quick_command(info: CommandInfo) -> CommandInfo:
    quick = copy.copy(info)
    if info.cls in (None, TyperCommand):  # Typer's default: a command of its own class
        quick.cls = QuickCommand
    return quick


def _quick_group(info: TyperInfo) -> TyperInfo:
    quick = copy.copy(info)
    inner = info.typer_instance
    if inner is not None:
        quick.typer_instance = _quick(inner, inner.registered_commands, inner.registered_groups)
    return quick


class QuickCommand(TyperCommand):
    """A Typer command whose options convert the easy values without pydantic, and whose
    help reflows its docstring's paragraphs (see ``unwrapped``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help = unwrapped(self.help)

    def get_params(self, ctx: Context) -> list[Parameter]:
        return _quickened(super().get_params(ctx))

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        _refuse_given_twice(self.get_params(ctx), args)
        return super().parse_args(ctx, args)


def _refuse_given_twice(params: list[Parameter], args: Sequence[str]) -> None:
    """Refuse an option of one value given more than once: the last had been taken and
    the first dropped without a word (``estimate --role ml_engineer --role data_analyst``
    answered for data analysts), where the API and MCP refuse a field given twice.

    Example:
        >>> from types import SimpleNamespace
        >>> role = SimpleNamespace(opts=["--role"], multiple=False, is_flag=False)
        >>> _refuse_given_twice([role], ["--role", "a", "--role=b"])
        Traceback (most recent call last):
        ...
        typer._click.exceptions.BadOptionUsage: --role given twice ('a' and 'b'): give it once
        >>> _refuse_given_twice([role], ["--where", "--role", "--role", "a"])
    """
    one_value = {
        name: param
        for param in params
        if getattr(param, "opts", None) and not getattr(param, "multiple", True)
        and not getattr(param, "is_flag", False) and not getattr(param, "count", False)
        for name in [*param.opts, *getattr(param, "secondary_opts", [])]
    }  # fmt: skip
    given: dict[str, list[str]] = {}
    position = 0
    while position < len(args) and args[position] != "--":
        name, equals, value = args[position].partition("=")
        param = one_value.get(name) if name.startswith("--") else None
        if param is not None:
            if not equals:  # its value is the next word, whatever it looks like
                value = args[position + 1] if position + 1 < len(args) else ""
                position += 1
            said = given.setdefault(param.opts[0], [])
            said.append(value)
            if len(said) > 1:
                values = " and ".join(repr(v) for v in said)
                raise BadOptionUsage(
                    param.opts[0], f"{param.opts[0]} given twice ({values}): give it once"
                )
        position += 1


class QuickGroup(TyperGroup):
    """A Typer group whose own options convert the easy values without pydantic."""

    def get_params(self, ctx: Context) -> list[Parameter]:
        return _quickened(super().get_params(ctx))


def unwrapped(text: str | None) -> str | None:
    r"""A docstring's paragraphs each on one line, for the help to wrap to the terminal:
    Typer's rich help keeps every line break of the source, so a paragraph wrapped at 88
    columns printed as ragged half-lines ("Exits 1" alone on a line). Blank lines still
    part paragraphs, and a line starting a list item ("* ", "- ") starts its own line.

    Example:
        >>> unwrapped("First line\n    goes on.\n\nNext:\n* one\n* two")
        'First line goes on.\n\nNext:\n* one\n* two'
    """
    if not text:
        return text
    paragraphs = []
    for paragraph in inspect.cleandoc(text).split("\n\n"):
        lines: list[str] = []
        for line in paragraph.splitlines():
            if lines and not line.lstrip().startswith(("* ", "- ")):
                lines[-1] = f"{lines[-1]} {line.strip()}"
            else:
                lines.append(line.strip())
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs)


def _quickened(params: list[Parameter]) -> list[Parameter]:
    # Typer builds its conversion on first use (``_runtime_param`` is None until then);
    # a parameter of another kind, or of a Typer that has changed, is left as it is.
    for param in params:
        if getattr(param, "_runtime_param", False) is None and hasattr(param, "type_descriptor"):
            param._runtime_param = QuickConversion(param.type_descriptor)  # type: ignore[attr-defined]
        if type(param) is TyperOption and (param.is_flag or param.count):
            param.__class__ = FlagOption  # the same option, its help without a value
    return params


class FlagOption(TyperOption):
    """An on/off (or counted) option: given alone, so its help shows no value to give, as
    click's does (Typer's rich help showed ``--include-flagged <bool>``)."""

    def display_type_rich(self, ctx: Context) -> str | None:
        return None


NUMBERS = (int, float, int | None, float | None)
WHOLES = (int, int | None)
PATHS = (Path, Path | None)
EMPTY_NUMBER = "empty value: give a number"
# Parsers that take a blank value themselves (``offer``'s, which keep a refusal to say
# with the offer's other faults): the check of a blank number leaves it to them.
READS_BLANK: set[Any] = set()


class QuickConversion:
    """One option's conversion: the easy values here, any other by Typer's own."""

    def __init__(self, descriptor: Any) -> None:
        self.descriptor = descriptor
        self._typer: Any = None

    def coerce(self, value: Any, param: Any, ctx: typer.Context) -> Any:
        # An option of its own parser (dollars: "185k") says its own refusal of them.
        plain = self.descriptor.parameter_info.parser is None
        blank = isinstance(value, str) and not value.strip()
        if blank and self.descriptor.annotation in NUMBERS and not self._reads_blank():
            # `--years ""` (an unset shell variable) was "unable to parse string as a number".
            raise BadParameter(EMPTY_NUMBER, ctx=ctx, param=param)
        if isinstance(value, str) and not value.strip() and self.descriptor.annotation in PATHS:
            # As a Path, "" is "." (`ingest csv ""`: "/here: a folder, not a file").
            raise BadParameter("empty value: give a path", ctx=ctx, param=param)
        if plain and self.descriptor.annotation is float and not finite(value):
            raise BadParameter(f"{value!r} is not a finite number", ctx=ctx, param=param)
        converted = quick_value(self.descriptor, value, param, ctx)
        if converted is not _UNSURE:
            return converted
        if isinstance(value, str) and read_here(self.descriptor):
            try:  # its bounds then checked by Typer, as any number's
                value = written_whole(value)
            except ValueError as not_whole:
                raise BadParameter(str(not_whole), ctx=ctx, param=param) from None
        if self._typer is None:
            from typer._coercion import build_runtime_param

            self._typer = build_runtime_param(self.descriptor)
        try:
            return self._typer.coerce(value, param=param, ctx=ctx)
        except BadParameter as exc:
            exc.message = refusal(exc, self.descriptor, value)
            raise

    def _reads_blank(self) -> bool:
        return self.descriptor.parameter_info.parser in READS_BLANK


def read_here(descriptor: Any) -> bool:
    """Whether an option is a whole number without a parser of its own (``--limit``), whose
    text ``written_whole`` reads.

    Example:
        >>> read_here(SimpleNamespace(annotation=int, parameter_info=SimpleNamespace(parser=None)))
        True
    """
    return descriptor.annotation in WHOLES and descriptor.parameter_info.parser is None


def written_whole(text: str) -> TypedWhole:
    """A whole-number option's text read as the API and the pages read one
    (``offers.plain_whole``: "1,000", "1e3"), keeping the text. Text that is no whole number
    raises ``ValueError`` in the shared words, where Typer said pydantic's "Input should be
    a valid integer, unable to parse string as an integer" of "2.5" and "abc" alike; and
    Typer's int read "1_000" (Python's digits grouped by underscores), which the API's
    ``?limit=1_000`` and the hint of the shared words refuse.

    Example:
        >>> written_whole("1,000"), written_whole(" 1e3 ").text
        (1000, ' 1e3 ')
        >>> written_whole("1_000")
        Traceback (most recent call last):
        ValueError: '1_000' is not a number (write 1200, 1,200 or 12.5; a dot marks decimals)
        >>> written_whole("2.5")
        Traceback (most recent call last):
        ValueError: must be a whole number, got 2.5
    """
    from paygrade.offers import plain_whole

    return plain_whole(text)


def finite(value: Any) -> bool:
    """Whether a number option's value is no ``nan`` or ``inf`` (any other value, a number or
    not, is left to its conversion).

    Example:
        >>> finite("nan"), finite(" -Infinity"), finite("1e999"), finite("185k"), finite(3.0)
        (False, False, False, True, True)
    """
    import math

    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return True


def refusal(exc: BadParameter, descriptor: Any, value: Any) -> str:
    """Why Typer refused ``value``, in this CLI's words: a validator's own reason without
    pydantic's "Value error, " before it; a bad choice with its choices listed, and the one
    spelled nearest as every refused vocabulary value says it ("(did you mean total?)")."""
    cause: Any = exc.__cause__
    errors = cause.errors() if hasattr(cause, "errors") else []  # a pydantic ValidationError
    if errors and (bound := past_bound({**errors[0], "input": value})):
        return bound  # "must be 1 or more, not 0", as the API and the MCP tools say it
    if not errors or errors[0].get("type") != "value_error":
        return exc.message  # a missing file, ...: Typer's words
    if descriptor.choices:
        names = [str(c.value) if isinstance(c, Enum) else str(c) for c in descriptor.choices]
        return f"{value!r} is not one of: {', '.join(names)}{did_you_mean(str(value), names)}."
    return exc.message.removeprefix("Value error, ")


def quick_value(descriptor: Any, value: Any, param: Any, ctx: typer.Context) -> Any:
    """``value`` converted as Typer converts it, or ``_UNSURE`` to leave it to Typer."""
    info = descriptor.parameter_info
    if descriptor.file_annotation is not None or info.parser is not None:
        return _UNSURE
    if ctx.token_normalize_func is not None:
        return _UNSURE
    if value is None:
        return () if param.multiple or param.nargs == -1 else None
    annotation = descriptor.annotation
    if annotation is bool or annotation is str:
        return value if type(value) is annotation else _UNSURE
    if get_origin(annotation) is list and get_args(annotation) == (str,):
        texts = isinstance(value, list | tuple) and all(type(v) is str for v in value)
        return list(value) if texts else _UNSURE
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _choice(annotation, value, case_sensitive=info.case_sensitive)
    if annotation is int:
        return _whole_number(value, info)
    if annotation is Path and info.path_type is None:
        return _path(value, info, param, ctx)
    return _UNSURE


def _choice(enum: type[Enum], value: Any, *, case_sensitive: bool) -> Any:
    if isinstance(value, enum):
        return value
    if not case_sensitive or type(value) is not str:
        return _UNSURE
    return next((member for member in enum if str(member.value) == value), _UNSURE)


def _whole_number(value: Any, info: Any) -> Any:
    if info.clamp:
        return _UNSURE
    if type(value) is int:
        number = value
    elif type(value) is str and value.isascii() and value.isdigit():
        number = int(value)
    else:
        return _UNSURE
    if (info.min is not None and number < info.min) or (info.max is not None and number > info.max):
        return _UNSURE  # Typer says what the range is
    return number


def _path(value: Any, info: Any, param: Any, ctx: typer.Context) -> Any:
    from typer._param_types import coerce_cli_path

    if isinstance(value, Path):
        path = value
    elif type(value) is str and value:
        path = Path(value)
    else:
        return _UNSURE
    # Typer's own checks (exists, file_okay, readable, ...) on a Path need no pydantic.
    return coerce_cli_path(path, info, path_type=Path, param=param, ctx=ctx)
