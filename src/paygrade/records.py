"""The canonical record: its fields, their vocabularies, and paygrade's errors.

Every other module speaks in these names: DB columns, JSON keys, CLI ``--by``
and ``--where`` fields, DataFrame columns.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from paygrade.json_keys import json_kind

if TYPE_CHECKING:
    import duckdb

# Closed vocabularies. ``None`` (unknown) is always allowed besides these.
ROLES: Final = (
    "ml_engineer",
    "research_scientist",
    "data_scientist",
    "data_engineer",
    "data_analyst",
    "software_engineer",
    "manager",
    "other",
)
LEVELS: Final = ("entry", "mid", "senior", "staff", "principal", "executive")
PAY_COMPONENTS: Final = ("base", "total")
EMPLOYMENT_TYPES: Final = ("full_time", "part_time", "contract", "freelance")
COMPANY_SIZES: Final = ("small", "medium", "large")
INDUSTRIES: Final = (
    "tech",
    "finance",
    "insurance",
    "healthcare",
    "manufacturing",
    "retail",
    "wholesale",
    "education",
    "advertising",
    "energy",
    "legal",
    "government",
    "consulting",
    "other",
)
EDUCATIONS: Final = (
    "primary",
    "secondary",
    "some_college",
    "associate",
    "bachelor",
    "master",
    "professional",
    "doctorate",
    "other",
)
SPECIALIZATIONS: Final = (
    "nlp",
    "computer_vision",
    "reinforcement_learning",
    "mlops",
    "deep_learning",
    "generative_ai",
    "speech",
    "recommender_systems",
    "robotics",
    "analytics",
)
REMOTE_RATIOS: Final = (0, 50, 100)
# Each remote share's word, as the Stack Overflow survey answers (vocab_aliases.csv reads
# them back), and how a share is asked for: a number or its word.
REMOTE_SAID: Final = {0: "in-person", 50: "hybrid", 100: "remote"}
REMOTE_WRITTEN: Final = f"0, 50 or 100 (or {', '.join(REMOTE_SAID.values())})"

# What each field of an estimate's profile takes, as `paygrade estimate --help` and the MCP
# tool's schema say it (the tool's profile had described only its numbers).
PROFILE_HELP: Final = {
    "role": "The role, e.g. ml_engineer.",
    "level": "entry, mid, senior, staff, principal or executive.",
    "years_experience": "Years of experience.",
    "title": "A job title as the data holds it.",
    "company": "A company (base pay only: the H-1B filings name companies).",
    # Total pay's records (surveys) hold no metro or state: there they count only as the US.
    "metro": 'A metro area, e.g. "Seattle-Tacoma-Bellevue, WA", or its city (seattle); '
    "base pay (total pay: only as its country).",
    "state": "A US state code, e.g. WA; base pay (total pay: only as its country).",
    "country": "A country by its ISO code or name, e.g. US or Germany.",
    "company_size": "small, medium or large.",
    "industry": "An industry, e.g. tech.",
    "education": "bachelor, master, doctorate, ...",
    "specialization": "e.g. nlp, computer_vision.",
    "remote": "Remote share: 0, 50 or 100 (or in-person, hybrid, remote).",
    "year": "The pay year (default: the newest year of the pay component's records; said).",
}

VOCABULARIES: Final[dict[str, tuple[str, ...]]] = {
    "role": ROLES,
    "level": LEVELS,
    "pay_component": PAY_COMPONENTS,
    "employment_type": EMPLOYMENT_TYPES,
    "company_size": COMPANY_SIZES,
    "industry": INDUSTRIES,
    "education": EDUCATIONS,
    "specialization": SPECIALIZATIONS,
}


@dataclass(frozen=True)
class Field:
    name: str
    sql_type: str  # DuckDB type of the column in ``records``
    groupable: bool = True  # may be used in --by / --where


FIELDS: Final = (
    Field("source", "VARCHAR"),
    Field("source_row", "BIGINT", groupable=False),
    Field("year", "INTEGER"),
    Field("role", "VARCHAR"),
    Field("level", "VARCHAR"),
    Field("years_experience", "DOUBLE"),
    Field("title", "VARCHAR"),
    Field("company", "VARCHAR"),
    # The company's own level ("L5", "E5", "61") on its ladder in rules/company_levels.csv.
    Field("company_level", "VARCHAR"),
    Field("metro", "VARCHAR"),
    Field("city", "VARCHAR"),
    Field("state", "VARCHAR"),
    Field("country", "VARCHAR"),
    Field("company_size", "VARCHAR"),
    Field("industry", "VARCHAR"),
    Field("education", "VARCHAR"),
    Field("specialization", "VARCHAR"),
    Field("remote", "INTEGER"),
    Field("employment_type", "VARCHAR"),
    Field("pay_component", "VARCHAR"),
    Field("amount", "DOUBLE", groupable=False),
    Field("currency", "VARCHAR"),
    Field("amount_usd", "DOUBLE", groupable=False),
    Field("amount_usd_real", "DOUBLE", groupable=False),
)
FIELD_NAMES: Final = tuple(f.name for f in FIELDS)
GROUPABLE_FIELDS: Final = tuple(f.name for f in FIELDS if f.groupable)

# Plausible range of a year a pay figure applies to; the upper bound moves with
# the clock so that next year's offers are accepted.
FIRST_YEAR: Final = 1990
# Sources whose records are counted in aggregates and never listed one by one: salaries
# people submitted (each a base and a total record).
PRIVATE_SOURCES: Final = ("submission",)
# The same as SQL, for ``source IN {PRIVATE_SQL}`` (rendered once, not at each query).
PRIVATE_SQL: Final = "(" + ", ".join(f"'{source}'" for source in PRIVATE_SOURCES) + ")"
# What a flagged record is, said wherever flagged records are counted or left out: a
# plausibility rule's flag, or cross_copies' ``also_in_<source>`` (a filing another source
# holds too, counted once from there). "Flagged implausible" was wrong for the second kind.
FLAGGED_MEANS: Final = "an implausible figure or a filing another source counts"
# A record with no flag (plausibility or cross-source copy), as SQL over ``records``.
UNFLAGGED_SQL: Final = "coalesce(len(flags), 0) = 0"
# A record whose company as filed names no firm ("Corp", "Unknown": ``names_no_firm``), as
# SQL over ``records``: something was filed, and no company was read from it.
NO_FIRM_SQL: Final = "company IS NULL AND trim(company_raw) <> ''"
# A record that is the first of identical raw rows of its file (``dup_rank`` 1), as SQL over
# ``records``: what ``distinct_rows`` keeps (the engines' and ``record_cells``' "first"), so
# that a listing with it holds the records a statistic with it counts.
FIRST_COPY_SQL: Final = "coalesce(dup_rank, 1) = 1"
# A text cell starting with one of these is a formula to a spreadsheet (OWASP, CSV injection):
# a CSV paygrade writes puts a ``'`` before it (``formats.spreadsheet_safe``), and one's own
# CSV read back drops that ``'`` (``sources.canonical_csv``), so a listing re-imports as it was.
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")


def holds_private(con: duckdb.DuckDBPyConnection, relation: str) -> bool:
    """Whether ``relation`` (``records`` or ``record_cells``) holds a private source's
    records: where none does, the privacy rule's per-group counting can be skipped."""
    # Fetched to the end: a result left open (fetchone) held the connection from an engine
    # sharing it (Ibis's: "connection has an unfinished result").
    found = con.execute(
        f"SELECT EXISTS (SELECT 1 FROM {relation} WHERE source IN {PRIVATE_SQL})"
    ).fetchall()
    return bool(found and found[0][0])


MAX_YEARS_EXPERIENCE: Final = 60  # a record's or a profile's years of experience, 0 to this
# The range of years of experience as every command and skin says it; years outside it
# are told ``out_of_range(YEARS_OUT_OF_RANGE, years)``, "years of experience are 0 to 60,
# not 61", a refused input (the CLI's status 1; typer's own check had made it status 2).
YEARS_OUT_OF_RANGE: Final = f"years of experience are 0 to {MAX_YEARS_EXPERIENCE}"
# Groups or companies one answer lists at most: the API's and MCP's `limit` (above the
# real data's some 27,000 companies: a listing has no pages, so a lower cap hid the rest).
MAX_LIMIT: Final = 100_000


def out_of_range(said: str, value: Any) -> str:
    """What a number outside its range is told, on every command and skin: the range as
    ``said``, then the value as it was given (``as_given``).

    Why: ``estimate`` said "years of experience must be between 0 and 60, got 61" where
    ``ladder`` and ``offer`` said "years of experience are 0 to 60", not naming the 61.

    Example:
        >>> out_of_range(YEARS_OUT_OF_RANGE, 61.0)
        'years of experience are 0 to 60, not 61'
        >>> out_of_range("the cliff is 0 to 12 months", " 1e9 ")
        'the cliff is 0 to 12 months, not 1e9'
    """
    return f"{said}, not {as_given(value)}"


def not_whole(name: str, value: Any) -> str:
    """What a number that must be whole (a year) is told when it is not, on every command
    and skin: the field, then the value as it was given (``as_given``).

    Why: a submission's year 2024.5 was "not a whole year: 2024.5" (the form) or pydantic's
    "input should be a valid integer, got a number with a fractional part" (the API), where
    ``estimate`` on every skin said "year must be a whole number, got 2024.5".

    Example:
        >>> not_whole("year", 2022.5), not_whole("year", " 2022.50 ")
        ('year must be a whole number, got 2022.5', 'year must be a whole number, got 2022.50')
    """
    return f"{name} {whole_wanted(value)}"


def whole_wanted(value: Any) -> str:
    """``not_whole`` without the field, for a message that names the field before it
    ("field: problem", as the API's ``detail`` and a form's field say it): the API had
    said "year: year must be a whole number, got 2024.5".

    Example:
        >>> whole_wanted(" 12.50 ")
        'must be a whole number, got 12.50'
    """
    return f"must be a whole number, got {as_given(value)}"


# A bound of a number as pydantic's errors name it (``ctx``) and as every skin says it.
BOUND_WORDS: Final = {
    "greater_than_equal": ("ge", "{} or more"),
    "less_than_equal": ("le", "{} or less"),
    "greater_than": ("gt", "more than {}"),
    "less_than": ("lt", "less than {}"),
}


def past_bound(error: Any) -> str | None:
    """A pydantic error refusing a number past a bound (``Field(ge=1)``, Typer's ``min=1``),
    as every skin says it: the bound broken, then the value as given; None for any other
    error. The CLI, the API and the MCP tools had all said pydantic's "input should be less
    than or equal to 1000000" of ``page`` 1000001.

    Example:
        >>> past_bound({"type": "less_than_equal", "input": "1000001", "ctx": {"le": 1_000_000}})
        'must be 1,000,000 or less, not 1000001'
        >>> past_bound({"type": "greater_than_equal", "input": 0, "ctx": {"ge": 1}})
        'must be 1 or more, not 0'
        >>> past_bound({"type": "int_parsing", "input": "x"}) is None
        True
    """
    kind = BOUND_WORDS.get(str(error.get("type")))
    bound = (error.get("ctx") or {}).get(kind[0]) if kind else None
    if kind is None or bound is None:
        return None
    said = f"{bound:,}" if type(bound) is int else as_given(bound)
    return out_of_range(f"must be {kind[1].format(said)}", error.get("input"))


def too_long(text: str, most: int) -> str | None:
    """A text past ``most`` characters as every face says it, after its name (a value, a
    field, a query's text); None for one within it. The CLI and the API had said "a value of
    company is 300 characters: at most 200" where MCP said "is 300 characters long".

    Example:
        >>> too_long("x" * 300, 200)
        'is 300 characters long: at most 200'
        >>> too_long("x" * 200, 200) is None
        True
    """
    if len(text) <= most:
        return None
    return f"is {len(text):,} characters long: at most {most:,}"


def number_wanted(value: Any) -> str:
    """What a value of another kind than a number is told where a number is taken (a JSON
    body's, an MCP tool's argument), on every skin: what it is, text echoed as sent.

    Why: ``"year": "abc"`` was "input should be a number, not text" (naming no value) and
    ``[2024]`` pydantic's "input should be a valid integer", ``ladder``'s ``"years": "abc"``
    "input should be a valid number, unable to parse string as a number".

    Example:
        >>> number_wanted("abc"), number_wanted(True), number_wanted([2024])
        ("input should be a number, not text: 'abc'", 'input should be a number, not true \
or false', 'input should be a number, not an array')
        >>> number_wanted({}), number_wanted(float("inf")), number_wanted(None)
        ('input should be a number, not an object', 'input should be a finite number, not \
Infinity', 'input should be a number, not null')
    """
    if isinstance(value, str):
        return shortened(f"input should be a number, not text: {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        return f"input should be a finite number, not {json_number(value)}"
    kinds = {bool: "true or false", list: "an array", dict: "an object", type(None): "null"}
    return f"input should be a number, not {kinds.get(type(value), 'a ' + type(value).__name__)}"


# The longest value a refusal offers back as what to give instead: a text of 50,000
# characters sent as a list is not said back whole.
LONGEST_HINT = 80


def text_wanted(value: Any) -> str:
    """What a value of another kind than text is told where one text value is taken (a
    JSON body's field, an MCP tool's argument), on every skin: an array as the one value
    it should be, anything else by its kind.

    Why: MCP's ``compare`` given ``"level": ["senior"]`` and the API's body given
    ``"role": ["ml_engineer"]`` said pydantic's "input should be a valid string", not that
    a list was given where one value is wanted.

    Example:
        >>> text_wanted(["senior"])
        "input should be one value, not an array: give 'senior' alone"
        >>> text_wanted(["senior", "mid"]), text_wanted(5), text_wanted(True)
        ('input should be one value, not an array of 2', 'input should be text, not a \
number', 'input should be text, not true or false')
        >>> text_wanted(["x" * 81])
        'input should be one value, not an array'
    """
    if not isinstance(value, list):
        return f"input should be text, not {json_kind(value)}"
    if len(value) == 1 and isinstance(value[0], str) and len(value[0]) <= LONGEST_HINT:
        return f"input should be one value, not an array: give {value[0]!r} alone"
    return "input should be one value, not an array" + (f" of {len(value):,}" if value[1:] else "")


def list_wanted(value: Any) -> str:
    """What a value of another kind than an array is told where a list is taken (an MCP
    tool's ``by`` or ``metros``, the API's ``offers``), on every skin, as ``number_wanted``
    says text: echoed, shortened.

    Why: MCP's ``stats`` given ``"by": "level"`` said pydantic's "input should be a valid
    list".

    Example:
        >>> list_wanted("level")
        "input should be an array, not text: 'level'"
        >>> list_wanted({"base": 1}), list_wanted(5)
        ('input should be an array, not an object', 'input should be an array, not a number')
    """
    if isinstance(value, str):
        return shortened(f"input should be an array, not text: {value!r}")
    return f"input should be an array, not {json_kind(value)}"


def json_number(value: float) -> str:
    """A number not finite as JSON (as Python's ``json``) writes it: NaN, Infinity."""
    return "NaN" if value != value else ("Infinity" if value > 0 else "-Infinity")


class TypedNumber(float):
    """A number read from text that keeps the text (``text``), so that a message about it
    says it as typed (``as_given``) wherever the number travels: the CLI's ``--years 61.0``
    had been told "not 61" (its option read as a float), where the pages say "not 61.0".

    Example:
        >>> out_of_range("the cliff is 0 to 12 months", TypedNumber(13.0, "13.0"))
        'the cliff is 0 to 12 months, not 13.0'
    """

    text: str

    def __new__(cls, value: float, text: str) -> TypedNumber:
        number = super().__new__(cls, value)
        number.text = text
        return number


class TypedWhole(int):
    """A whole number read from text that keeps the text, as ``TypedNumber`` (months)."""

    text: str

    def __new__(cls, value: int, text: str) -> TypedWhole:
        number = super().__new__(cls, value)
        number.text = text
        return number


def as_given(value: Any) -> str:
    """A number as its asker wrote it, for a message: text as typed (a ``TypedNumber``'s
    text too), a number in its shortest form (Python's, without a trailing ".0").

    Why: -1 was "got -1.0" from the CLI and the API (read as a float), "got -1" on the
    page (read from its text), and 1e9 "got 1000000000.0".

    Example:
        >>> [as_given(v) for v in (-1.0, -1, 1e9, 2.5, 1e16, " -1 ", "1e9")]
        ['-1', '-1', '1000000000', '2.5', '1e+16', '-1', '1e9']
    """
    if isinstance(value, TypedNumber | TypedWhole):
        return value.text.strip()
    if isinstance(value, str):
        return value.strip()
    return repr(value).removesuffix(".0") if isinstance(value, float) else str(value)


def number_bounds(name: str) -> tuple[int, int]:
    """The least and greatest value a number field of a record may hold.

    Example:
        >>> number_bounds("remote"), number_bounds("years_experience")
        ((0, 100), (0, 60))
    """
    return {
        "year": (FIRST_YEAR, dt.date.today().year + 1),
        "years_experience": (0, MAX_YEARS_EXPERIENCE),
        "remote": (0, 100),
    }[name]


def range_said(name: str) -> str:
    """A number field's range as every skin says it, for ``out_of_range``: years in the
    ladder's and an offer's words. A profile's and a submission's numbers are told it.

    Example:
        >>> range_said("years_experience"), range_said("year")[:20]
        ('years of experience are 0 to 60', 'the year is 1990 to ')
    """
    low, high = number_bounds(name)
    return YEARS_OUT_OF_RANGE if name == "years_experience" else f"the {name} is {low} to {high}"


def did_you_mean(text: str, choices: Iterable[str]) -> str:
    """The clause every refusal of a near miss ends with: " (did you mean X?)" naming the
    choice spelled nearest ``text``, or "" when none is near. One wording for every
    vocabulary, field name and option value, on every face (CLI, API, MCP).

    Example:
        >>> did_you_mean("ml_enginer", ROLES), did_you_mean("wizard", LEVELS)
        (' (did you mean ml_engineer?)', '')
    """
    close = difflib.get_close_matches(text.strip().casefold(), list(choices), n=1)
    return f" (did you mean {close[0]}?)" if close else ""


def unknown_field(name: str, fields: Iterable[str]) -> str:
    """How a field a call does not take is refused, on every face: a submission's, a
    filter's or an API body's "cuntry".

    Example:
        >>> unknown_field("cuntry", ("title", "country"))
        "unknown field 'cuntry' (did you mean country?)"
    """
    return f"unknown field {name!r}{did_you_mean(name, fields)}"


class PaygradeError(Exception):
    """Base of every error paygrade reports to a user (CLI prints its message).

    Its message is :func:`shortened`: a 10,000-character value was echoed whole by the
    API, the MCP tools and the pages, while the CLI cut it. ``parameter``: the question's
    parameter at fault, when a caller knows it (the API's ``where``, ``by``), for an answer
    that names it (a 422's ``errors``).
    """

    parameter: str | None = None

    def __str__(self) -> str:
        return shortened(super().__str__())


# A word (or quoted value) longer than this is cut to its ends where a message says it.
LONGEST_WORD = 200


def shortened(line: str) -> str:
    """``line`` with each word longer than ``LONGEST_WORD`` cut to its ends.

    Example:
        >>> shortened("unknown field '" + "x" * 1000 + "'")
        "unknown field 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...(1,000 characters)...xxxxxxxxxx'"
        >>> said = "no record has metro 'X'; did you mean " + "Y or " * 60 + "Z? ('X' is none)"
        >>> shortened(said) == said
        True
    """

    def cut(word: re.Match[str]) -> str:
        text = word[0]
        # A quoted value's letters are counted, not its quotes (300 were "302 characters").
        mark = text[0] if len(text) > 1 and text[0] == text[-1] and text[0] in "'\"" else ""
        inner = text[len(mark) : len(text) - len(mark)]
        return f"{mark}{inner[:30]}...({len(inner):,} characters)...{inner[-10:]}{mark}"

    # A quoted value with spaces in it too ('machine learning engineer ...' x 4,000); its
    # quotes not a word's ends: the text between two quoted values ("'Fayette County, WA';
    # did you mean ... (WA has no county called 'Fayette County'") had been cut as one.
    quoted = "|".join(rf"(?<!\w){q}[^{q}\n]{{{LONGEST_WORD + 1},}}{q}(?!\w)" for q in ("'", '"'))
    return re.sub(rf"{quoted}|\S{{{LONGEST_WORD + 1},}}", cut, line)


def few(names: Sequence[str], shown: int = 8) -> str:
    """Names as an error lists them: the first ``shown``, then how many in all (3,000
    unknown columns had made one line of 26,311 characters).

    Example:
        >>> few(["a", "b"]), few([f"c{i}" for i in range(10)], shown=3)
        ("'a', 'b'", "'c0', 'c1', 'c2', ... 10 in all")
    """
    listed = ", ".join(repr(name) for name in names[:shown])
    return listed + (f", ... {len(names)} in all" if len(names) > shown else "")


class BadInputFile(PaygradeError):
    """A file was rejected whole; nothing of it was stored."""


class UnknownField(PaygradeError):
    """A field name is not a canonical field (or not usable where it was given)."""


class BadFilter(PaygradeError):
    """A --where value is malformed or not in its field's vocabulary."""


class MiswrittenQuestion(PaygradeError):
    """A question written wrong in its shape, not refused for a value: a field to group by
    named twice, a filter with no "=". The command line's usage mistake (status 2, where
    it had been 1, a refused input); the API's and MCP's error as their other kinds."""


class FieldNamedTwice(UnknownField, MiswrittenQuestion):
    """A field to group by named twice (``--by level --by level``)."""


class FilterNotRead(BadFilter, MiswrittenQuestion):
    """A filter that does not read FIELD=VALUE (``--where role``)."""


class BlankValue(MiswrittenQuestion):
    """A value given blank (``--role ""``, ``--where level=``: an unset shell variable's
    ``"$ROLE"``). A usage mistake, as ``--by ""`` and ``--years ""`` were: no value at all
    is not one the vocabulary refused (``--where level=`` had been status 1)."""


class BlankFilterValue(BadFilter, BlankValue):
    """A filter's value given blank (``--where level=``, ``--where level=senior,``)."""


class UnknownSource(PaygradeError):
    """No registered source has that name."""


class DataDirMissing(PaygradeError):
    """The configured data directory does not exist."""


class NoRecordFiles(PaygradeError):
    """``ingest --all`` found no file of pay records in the data directory."""


class CannotWrite(PaygradeError):
    """The system refused a write (a full disk, a limit on file size): the environment,
    not the input. ``outcome`` says what that left, when the writer knows.

    Example:
        >>> str(CannotWrite("/d/q.sqlite", "database or disk is full", "nothing was saved"))
        'cannot write /d/q.sqlite: database or disk is full; nothing was saved'
    """

    def __init__(self, path: str, why: str, outcome: str | None = None) -> None:
        super().__init__(f"cannot write {path}: {why}" + (f"; {outcome}" if outcome else ""))
        self.path = path
        self.why = why
        self.outcome = outcome


class Interrupted(PaygradeError):
    """The user stopped an ingest (Ctrl-C); the file being read was rolled back whole."""


def and_list(items: Iterable[str]) -> str:
    """Items as a sentence lists them.

    Example:
        >>> and_list(["a"]), and_list(["a", "b"]), and_list(["a", "b", "c"]), and_list([])
        ('a', 'a and b', 'a, b and c', '')
    """
    said = list(items)
    return ", ".join(said[:-1]) + " and " + said[-1] if len(said) > 1 else "".join(said)
