"""Filters as people write them -> values as the store holds them.

One parser for every face: the CLI's ``--where FIELD=V1,V2``, the API's
``where=FIELD:V1,V2`` and (already split) the MCP tools' lists.

* Value lists are read like a CSV line: double quotes protect commas, a
  doubled quote is a quote (``metro="Seattle-Tacoma-Bellevue, WA",Boston``).
* A value the store holds is taken whole even with a comma in it, so
  ``metro=San Francisco-Oakland-Fremont, CA`` works unquoted.
* Values are normalized the way the data is: vocabulary aliases (``level=SE``),
  case (``country=us``), company names and aliases (``company=GOOGLE LLC``,
  ``company=Facebook``); a metro may be named by one of its cities
  (``metro=atlanta``, ``metro="Portland, OR"``) when that names one metro only; a city
  written with its state (``city=Seattle, WA``) is that city in that state.
* A value the store does not hold is reported with the nearest ones it does
  ("did you mean Google?"), never silently turned into an empty answer.
"""

from __future__ import annotations

import csv
import difflib
import json
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from paygrade.engines import FOLDED, PRIVATE_MIN
from paygrade.normalize.close_spelling import holding
from paygrade.normalize.companies import canonical_company
from paygrade.normalize.company_levels import company_level_refused
from paygrade.normalize.places import (
    SUGGESTIONS,
    Counties,
    country_meant,
    county_in_state,
    county_unplaced,
    metro_said_first,
    metros_by_initials,
    metros_meant,
    metros_of_counties_named,
    metros_spelled_near,
    not_a_metro,
    place_code,
    region_named,
    regions,
    state_meant,
    suggest,
)
from paygrade.normalize.rule_tables import codes
from paygrade.normalize.vocab import CHECKED, canonical_value, held_under
from paygrade.normalize.vocab_typed import TYPED_FIELDS, meant, typed_value
from paygrade.places_held import code_as_metro, counties_of
from paygrade.records import (
    FIELD_NAMES,
    FIELDS,
    GROUPABLE_FIELDS,
    PRIVATE_SQL,
    REMOTE_SAID,
    REMOTE_WRITTEN,
    UNFLAGGED_SQL,
    VOCABULARIES,
    BadFilter,
    BlankFilterValue,
    FilterNotRead,
    UnknownField,
    did_you_mean,
    few,
    holds_private,
    list_wanted,
    number_bounds,
    past_bound,
    shortened,
    text_wanted,
    too_long,
    unknown_field,
)
from paygrade.store import Store, first_row

_TYPES = {f.name: f.sql_type for f in FIELDS}
_NUMERIC = ("INTEGER", "BIGINT", "DOUBLE")
# Fields whose values are written in upper case (ISO and USPS codes).
_UPPER = ("country", "state", "currency")

Where = Mapping[str, Sequence[Any]]


def split_values(text: str) -> list[str]:
    """A comma-separated list of values, read with CSV quoting rules.

    Example:
        >>> split_values('"Seattle-Tacoma-Bellevue, WA",Boston-Cambridge-Newton, MA-NH')
        ['Seattle-Tacoma-Bellevue, WA', 'Boston-Cambridge-Newton', 'MA-NH']
        >>> split_values('"Say ""hi"", Inc",Meta')
        ['Say "hi", Inc', 'Meta']
        >>> split_values("a\\nb")
        Traceback (most recent call last):
        paygrade.records.BadFilter: cannot read the value list 'a\\nb': a line break in it
    """
    if "\n" in text or "\r" in text:  # the csv module's words were about opening files
        raise BadFilter(f"cannot read the value list {text!r}: a line break in it")
    try:
        rows = list(csv.reader([text], skipinitialspace=True, strict=True))
    except csv.Error as exc:
        raise BadFilter(f"cannot read the value list {text!r}: {exc}") from None
    values = [value.strip() for value in rows[0]] if rows else []
    if not any(values):
        raise BlankFilterValue("a filter needs a value")
    if not all(values):
        raise BlankFilterValue(f"an empty value in {text!r}")
    return values


# "year>=2023": a number field compared, read as the span to the field's bound.
OPERATOR = r"(>=|<=|!=|>|<)\s*(.*)"  # and the number compared with, as data gives it
COMPARISON = re.compile(rf"\s*(\w+)\s*{OPERATOR}", re.S)


def parse_clause(clause: str, sep: str = "=") -> tuple[str, str]:
    """``"role=a,b"`` -> ``("role", "a,b")``; the field is checked, the text kept whole.

    Example:
        >>> parse_clause("metro:San Jose-Sunnyvale-Santa Clara, CA", ":")
        ('metro', 'San Jose-Sunnyvale-Santa Clara, CA')
        >>> parse_clause("year>2020"), parse_clause("remote <= 50")
        (('year', '>2020'), ('remote', '<=50'))
    """
    if compared := COMPARISON.match(clause):
        field_, operator, text = compared[1], compared[2], compared[3].strip()
        check_filtered_field(field_)
        _compared_span(field_, operator, text, f"{field_}{sep}")  # refused here if it is
        return field_, f"{operator}{text}"  # kept as written: a message names it so
    _check_not_reversed(clause, sep)
    name, found, text = clause.partition(sep)
    name = name.strip()
    if not found or not name:
        raise FilterNotRead(f"a filter reads FIELD{sep}VALUE[,VALUE...], not {clause!r}")
    check_filtered_field(name)
    if not text.strip():
        raise BlankFilterValue(f"the filter on {name} has no value")
    return name, text.strip()


# "year=>2023": "=" then a comparison's sign, its two characters the wrong way round.
REVERSED = re.compile(r"\s*(\w+)\s*=\s*([<>])=?\s*(.*)", re.S)


def _check_not_reversed(clause: str, sep: str = "=") -> None:
    """Refuse a value led by ``>`` or ``<`` right after ``=``, naming the comparison meant:
    ``year=>2023`` had been read as the value ">2023", so year>2023, 2023 left out (63,751
    records against year>=2023's 180,074). No value the store holds starts so; the MCP
    tools' values are data, where ``">=2023"`` is a comparison on purpose.

    Example:
        >>> _check_not_reversed("year=>2023")
        Traceback (most recent call last):
        paygrade.records.BadFilter: year=>2023 puts the sign after "=": did you mean year>=2023?
        >>> _check_not_reversed("year>=2023"), _check_not_reversed("year:>=2023")
        (None, None)
    """
    # Only of a field a comparison filters: a title may begin with "<" ("title=<unknown>").
    if (reversed_ := REVERSED.match(clause)) and reversed_[1] in COMPARED:
        name, sign, text = reversed_[1], reversed_[2], reversed_[3].strip()
        said = f'{clause.strip()} puts the sign after "="'
        raise BadFilter(f"{said}: did you mean {_comparison_meant(name, sign, text, sep)}?")


def _comparison_meant(name: str, sign: str, text: str, sep: str) -> str:
    """The filter a reversed sign meant, written so that it is read: of one value the
    comparison itself; of a list, the list with the comparison last, as a list's values
    take one (``year>=2023,2015`` had been offered, and read as year>= "2023,2015").

    Example:
        >>> _comparison_meant("year", ">", "2023", "="), _comparison_meant("year", "<", "2020", ":")
        ('year>=2023', 'year<=2020')
        >>> _comparison_meant("year", ">", "2023,2015", "=")
        'year=2015,>=2023'
        >>> _comparison_meant("year", ">", "2023, 2015,2017", ":")
        'year:2015,2017,>=2023'
    """
    first, comma, rest = text.partition(",")
    if not comma:
        return f"{name}{sign}={text}"
    rest = ",".join(value.strip() for value in rest.split(","))
    return f"{name}{sep}{rest},{sign}={first.strip()}"


# The fields a comparison may filter: the number fields a group can be of.
COMPARED = tuple(name for name in GROUPABLE_FIELDS if _TYPES[name] in _NUMERIC)


def check_filtered_field(name: str) -> None:
    """A filter's field must be one a filter reads: pay (``amount_usd>=500000``) is what
    the statistics summarize, not a filter; it was "unknown field 'amount_usd>'". Said so
    of every filter of it, in the CLI, the API and MCP alike (the API's
    ``amount_usd:>=500000`` and MCP's ``{"amount_usd": [">=500000"]}`` had been only
    "unknown field 'amount_usd'").

    Example:
        >>> try:
        ...     check_filtered_field("amount_usd")
        ... except UnknownField as exc:
        ...     print(str(exc).partition("; ")[2])
        a comparison takes year, years_experience or remote
    """
    if name in FIELD_NAMES and name not in GROUPABLE_FIELDS:
        raise UnknownField(
            f"{not_asked_of(name, 'filter on')}; a comparison takes "
            f"{', '.join(COMPARED[:-1])} or {COMPARED[-1]}"
        )
    check_field(name)


def check_grouped_field(name: str) -> None:
    """A field to group by must be one a group is of: pay (``--by amount_usd``) is what the
    statistics summarize, told so as a filter of it is, in the CLI, the API's ``by`` and
    MCP's alike (it had been "unknown field 'amount_usd'").

    Example:
        >>> try:
        ...     check_grouped_field("amount_usd")
        ... except UnknownField as exc:
        ...     print(str(exc).partition("; ")[0])
        amount_usd is the pay summarized, not a field to group by
    """
    if name in FIELD_NAMES and name not in GROUPABLE_FIELDS:
        raise UnknownField(
            f"{not_asked_of(name, 'group by')}; use one of: {', '.join(GROUPABLE_FIELDS)}"
        )
    check_field(name)


def not_asked_of(name: str, asked: str) -> str:
    """What a record's field that no question filters on or groups by is told when one is
    ``asked`` of it: what it holds instead.

    Example:
        >>> not_asked_of("source_row", "group by")
        "source_row is a row's number in its file, not a field to group by"
    """
    what = "a row's number in its file" if name == "source_row" else "the pay summarized"
    return f"{name} is {what}, not a field to {asked}"


def _compared_span(name: str, operator: str, text: str, written: str) -> str:
    """A comparison of a number field as the span it means, both ends in: ``year>2020``
    is 2021 to next year, ``years_experience<=3`` 0 to 3 (the bounds of ``number_bounds``).
    Text fields, ``!=`` and a strict comparison of a fractional field are refused, with
    what to write instead."""
    if _TYPES[name] not in _NUMERIC:
        raise BadFilter(
            f"{name} is text: list the values it may take, {written}A,B (not {operator})"
        )
    if operator == "!=":
        raise BadFilter(f"a filter says what to keep: {written}LOW-HIGH or {written}A,B (not !=)")
    integer = _TYPES[name] != "DOUBLE"
    number = read_number(f"{name} (after {operator})", text)  # "year>" was said glued
    if operator in (">", "<") and not (integer and number.is_integer()):
        raise BadFilter(_strict_refused(name, operator, text, number, integer, written))
    step = {">": 1, "<": -1}.get(operator, 0)
    bounds = number_bounds(name)
    low, high = float(bounds[0]), float(bounds[1])
    # Past a bound the span is the one value asked for: said as unmatched, what is held named.
    if operator.startswith(">"):
        low = max(low, number + step)
        high = max(high, low)
    else:
        high = min(high, number + step)
        low = min(low, high)
    if low < 0:
        raise BadFilter(f"{name} is never below 0, not {operator}{text}")
    return f"{low:g}-{high:g}"


def _strict_refused(
    name: str, operator: str, text: str, number: float, integer: bool, written: str
) -> str:
    """Why a strict comparison is refused, with what to write: for a whole-number field the
    filter it means (``year>2020.5`` is ``year>=2021``); for a fractional one there is none
    (``years_experience>3`` is not ``>=3``, which keeps 3), so what to choose is said.

    Example:
        >>> _strict_refused("year", "<", "2020.5", 2020.5, True, "year=")
        'a filter of year keeps both ends: write year<=2020, the same'
        >>> print(_strict_refused("years_experience", ">", "3", 3.0, False, "years_experience="))
        ... # doctest: +NORMALIZE_WHITESPACE
        years_experience>3 leaves 3 out, and a filter of a fractional field keeps both ends:
        write years_experience>= the first value to keep (years_experience>=3 keeps 3 too),
        or a span, years_experience=LOW-HIGH
    """
    if integer:
        nearest = math.ceil(number) if operator == ">" else math.floor(number)
        return f"a filter of {name} keeps both ends: write {name}{operator}={nearest}, the same"
    which = "first" if operator == ">" else "last"
    return (
        f"{name}{operator}{text} leaves {text} out, and a filter of a fractional field keeps both"
        f" ends: write {name}{operator}= the {which} value to keep ({name}{operator}={text} keeps"
        f" {text} too), or a span, {written}LOW-HIGH"
    )


def check_field(name: str) -> None:
    """Raise ``UnknownField`` unless ``name`` can be grouped and filtered on."""
    if name not in GROUPABLE_FIELDS:
        said = unknown_field(name, GROUPABLE_FIELDS)
        raise UnknownField(f"{said}; use one of: {', '.join(GROUPABLE_FIELDS)}")


@dataclass
class KnownValues:
    """The distinct values each field holds in a store, loaded once per field when asked:
    of a read-only store, once while it is open (kept in ``Store.memo``; a server's every
    request had loaded them again, 18 ms a field)."""

    store: Store | None
    _cache: dict[str, dict[str, list[Any]]] = field(default_factory=dict)
    _relation: str | None = None  # what the values are read from, checked once
    _pieces: dict[str, int] = field(default_factory=dict)
    _private: bool | None = None  # whether the store holds private records, checked once

    def __post_init__(self) -> None:
        if self.store is not None and self.store.read_only and not self._cache:
            self._cache = self.store.memo.setdefault("known_values", {})

    def most_pieces(self, name: str) -> int:
        """The most comma-separated pieces one held value of ``name`` is written in, found
        once per field (a scan of every company or title took ~7 ms per list asked)."""
        if name not in self._pieces:
            self._pieces[name] = max((key.count(",") + 1 for key in self.of(name)), default=1)
        return self._pieces[name]

    def of(self, name: str) -> dict[str, list[Any]]:
        """casefolded text -> the values stored with that text (case variants of a title)."""
        if name not in self._cache:
            self._cache[name] = self._load(name)
        return self._cache[name]

    def held(self, where: Mapping[str, list[Any]]) -> dict[str, list[Any]] | None:
        """``where`` with each text value no record holds left out (case aside, as a filter
        reads it), or None when a field is left none: for a question of our own choosing
        (the report's leading companies), which ``stats`` would refuse whole for one value
        the store lacks. Numbers (years) are kept as given.

        Example:
            >>> known = KnownValues(None, {"company": {"google": ["Google"]}})
            >>> known.held({"company": ["Amazon", "Google"], "year": [2024]})
            {'company': ['Google'], 'year': [2024]}
            >>> known.held({"company": ["Amazon"]}) is None
            True
        """
        asked = {
            field: [v for v in values if not isinstance(v, str) or v.casefold() in self.of(field)]
            for field, values in where.items()
        }
        return asked if all(asked.values()) else None

    @property
    def relation(self) -> str | None:
        """What the store's statistics read: ``record_cells`` or ``records``, checked once
        (``Store.statistics_relation``); None without a store."""
        if self._relation is None and self.store is not None:
            self._relation = self.store.statistics_relation()
        return self._relation

    def told(self, name: str) -> dict[str, list[Any]]:
        """The values ``of`` holds that a suggestion may name: a number only a few
        submissions hold is known (a span keeps it) but never offered ("did you mean
        7.25?" had told one submitter's years of experience)."""
        if _TYPES[name] not in _NUMERIC or not self._holds_private():
            return self.of(name)
        key = f"{name} (told)"
        if key not in self._cache:
            self._cache[key] = self._load(name, every_number=False)
        return self._cache[key]

    def _load(self, name: str, every_number: bool = True) -> dict[str, list[Any]]:
        if self.store is None:
            return {}
        # The counted cells hold the same distinct values as the records, in a fraction
        # of the rows. A text value only submitted salaries hold is known where a
        # statistics group would count them (PRIVATE_MIN of a pay component, unflagged): "did you
        # mean" told one submission's company. A number's are all known: a span is the
        # held values within it, and one that left out a submission's own years of
        # experience was a group less that one person, its mean giving their pay.
        cells = self.relation == "record_cells"
        weight = "n" if cells else "1"
        private = f"source IN {PRIVATE_SQL}"
        counted = f"{private} AND {'NOT flagged' if cells else UNFLAGGED_SQL}"
        if (every_number and _TYPES[name] in _NUMERIC) or not self._holds_private():
            sql = f'SELECT DISTINCT "{name}" FROM {self.relation} WHERE "{name}" IS NOT NULL'
            return self._folded(self.store.con.execute(f"{sql} ORDER BY 1").fetchall())
        rows = self.store.con.execute(
            f"""SELECT "{name}" FROM (
                SELECT "{name}", bool_or(source IS NULL OR NOT {private}) AS public,
                    sum({weight}) FILTER (WHERE {counted}) AS submitted
                FROM {self.relation} WHERE "{name}" IS NOT NULL
                GROUP BY "{name}", pay_component)
            GROUP BY 1 HAVING bool_or(public) OR max(submitted) >= {PRIVATE_MIN}
            ORDER BY 1"""
        ).fetchall()
        return self._folded(rows)

    def counts(self, name: str, values: Sequence[Any]) -> dict[Any, int]:
        """Records of each of ``values`` of ``name``, of public sources alone (an order by
        them tells nothing of the submissions); one query, on a miss only.

        Example:
            >>> KnownValues(None).counts("company", ["Google"])
            {}
        """
        if self.store is None or not values or self.relation is None:
            return {}
        weight = "n" if self.relation == "record_cells" else "1"
        listed = ", ".join("'" + str(v).replace("'", "''") + "'" for v in values)
        # The values written out: a list given as a parameter was scanned as a join (32 ms
        # on the real store against 8).
        rows = self.store.con.execute(
            f"""SELECT "{name}", sum({weight}) FROM {self.relation}
            WHERE "{name}" IN ({listed}) AND coalesce(source, '') NOT IN {PRIVATE_SQL}
            GROUP BY 1"""
        ).fetchall()
        return {value: int(n) for value, n in rows}

    def _holds_private(self) -> bool:
        """Whether the store holds records of a private source (checked once)."""
        if self._private is None and self.store is not None and self.relation is not None:
            self._private = holds_private(self.store.con, self.relation)
        return bool(self._private)

    @staticmethod
    def _folded(rows: list[tuple[Any, ...]]) -> dict[str, list[Any]]:
        folded: dict[str, list[Any]] = {}
        for (value,) in rows:
            folded.setdefault(str(value).casefold(), []).append(value)
        return folded


def parse_where(
    clauses: Iterable[str], known: KnownValues | None = None, *, sep: str = "="
) -> dict[str, list[str]]:
    """Filter clauses -> field -> the values it may take (repeated fields are ANDed).

    Example:
        >>> parse_where(["role=ml_engineer,research_scientist", "country=US"])
        {'role': ['ml_engineer', 'research_scientist'], 'country': ['US']}
    """
    where: dict[str, list[str]] = {}
    for clause in clauses:
        name, text = parse_clause(clause, sep)
        values = _values(name, text, known)
        _check_no_other_field(name, values, sep)
        where[name] = _and(name, where[name], values, known, sep) if name in where else values
    return where


def _check_no_other_field(name: str, values: list[str], sep: str) -> None:
    """A value that is a filter of its own ("role=ml_engineer,year=2024") is refused with
    the two filters it meant: a comma separates one field's values, never two fields.

    Example:
        >>> try:
        ...     _check_no_other_field("role", ["ml_engineer", "year=2024"], "=")
        ... except BadFilter as exc:
        ...     print(str(exc).partition(": ")[2])
        give each field its own where (role=ml_engineer and year=2024)
    """
    for value in values:
        other, found, _ = value.partition(sep)
        if found and other.strip() in GROUPABLE_FIELDS:
            mine = ",".join(v for v in values if sep not in v)
            raise BadFilter(
                f"{value!r} is a filter of its own, not a {name}: give each field its own "
                f"where ({name}{sep}{mine} and {value})"
            )


def _values(name: str, text: str, known: KnownValues | None) -> list[str]:
    # A held value is taken whole: metro and company names hold commas (and quotes).
    if known is not None and text.casefold() in known.of(name):
        return [text]
    values = split_values(text)
    check_bounds(name, values)
    if _TYPES[name] not in _NUMERIC:
        return _held_whole(values, *_whole_value(name, known)) if known is not None else values
    return [number for value in values for number in _span(name, value, known)]


def _whole_value(name: str, known: KnownValues) -> tuple[Callable[[str], bool], int]:
    """Whether a text is one value of the field as a whole: one the store holds, or for a
    metro a city and its state naming one held metro ("austin, TX") or a name people use
    with its state ("Bay Area, CA"); and the most pieces
    such a value is written in (a list of every metro is not tried piece by piece)."""
    held = known.of(name)
    pieces = known.most_pieces(name)

    def whole(text: str) -> bool:
        if text.casefold() in held:
            return True
        if name == "company":
            # As filed: "Meta Platforms, Inc." had been "Meta Platforms" and "Inc.".
            return (canonical_company(text) or "").casefold() in held
        if name == "country":  # ISO's "Korea, Republic of" had been "Korea" and "Republic of"
            return "," in text and place_code("country", text) is not None
        if name == "city":  # "Seattle, WA" had been "Seattle" and "WA"
            pair = city_in_state(text)
            # A state's name wins over a city of that name: "Buffalo, New York" had been
            # Buffalo and every New York (3,281 records for Buffalo's 40), "Redmond,
            # Washington" Redmond and Washington, DC.
            return pair is not None and ("," not in pair[0] or pair[0].casefold() in held)
        if name != "metro" or text.count(",") != 1:
            return False
        metros = [v for values in held.values() for v in values]
        # "austin, TX"; a name people use, with its state: "Bay Area, CA" is its metros;
        # a county with its state: "Fayette County, KY" had been "Fayette County" and "KY"
        found = metros_meant(text, metros, _counties(text, known))
        return bool(found) or in_a_state(text, metros)

    # A filed company name has up to three pieces ("Amazon Web Services, Inc., LLC" is rare).
    return whole, max(pieces, {"metro": 2, "company": 3, "country": 2}.get(name, 1))


def in_a_state(text: str, metros: Sequence[str]) -> bool:
    """Whether a metro's text is one place written with its US state though it names no
    held metro: a county of any state ("Fayette County, WA"), or a place before a state
    that alone is no metro ("Foo, WA"; not "Seattle, LA", Los Angeles by its initials).
    It is said as one place, as compare says it: "Fayette County, WA" had been "Fayette
    County" (eleven states' areas offered) and "WA" refused as a state, and "Fayette
    County, Washington" the county and Washington, DC's metro.

    Example:
        >>> metros = ["Los Angeles-Long Beach-Anaheim, CA"]
        >>> in_a_state("Fayette County, WA", metros), in_a_state("Foo, Georgia", metros)
        (True, True)
        >>> in_a_state("Seattle, LA", metros), in_a_state("Toronto, Canada", metros)
        (False, False)
    """
    if county_in_state(text) is not None:
        return True
    state = text.rpartition(",")[2]
    alone = city_in_state(text) is not None and not metros_meant(state, metros)
    return alone and not_a_metro(state, metros) is not None


def _held_whole(values: list[str], whole: Callable[[str], bool], longest: int = 3) -> list[str]:
    """A list's pieces put back together where, joined by ", ", they are one value
    (``whole``, of at most ``longest`` pieces): ``austin,San Jose-Sunnyvale-Santa Clara, CA``
    is Austin and San Jose's metro (read as three values, "CA" among them, San Jose was
    lost). The longest run wins.

    Example:
        >>> held = {"san jose-sunnyvale-santa clara, ca"}
        >>> _held_whole(["austin", "San Jose-Sunnyvale-Santa Clara", "CA"],
        ...             lambda text: text.casefold() in held)
        ['austin', 'San Jose-Sunnyvale-Santa Clara, CA']
    """
    joined: list[str] = []
    start = 0
    while start < len(values):
        runs = range(min(len(values), start + longest), start + 1, -1)
        end = next((end for end in runs if whole(", ".join(values[start:end]))), start + 1)
        joined.append(", ".join(values[start:end]))
        start = end
    return joined


class WithinSpan(str):
    """A held number a span stood for (``parse_where``): held, though only a few
    submissions hold it, where the same number written alone is as no record's."""

    __slots__ = ()


# A span of a number field: "2022-2024", "2022..2024", "5 to 8".
SPAN = re.compile(r"(\d+(?:\.\d+)?)\s*(?:-|–|\.\.|to)\s*(\d+(?:\.\d+)?)")
MAX_SPAN = 200  # whole numbers one span may stand for


def _span(name: str, text: str, known: KnownValues | None) -> list[str]:
    """The values a number field's span or comparison stands for, both ends in: those the
    store holds ("years_experience=5-8": 5, 5.5, 6, ...; none: the span as written, said
    as unmatched so), or without a store each whole number of an integer field's
    ("year=2022-2024"). Anything else is itself.

    Example:
        >>> _span("year", "2022-2024", None), _span("year", "2024", None)
        (['2022', '2023', '2024'], ['2024'])
    """
    written = text.strip()
    if compared := re.fullmatch(OPERATOR, written, re.S):
        text = _compared_span(name, compared[1], compared[2].strip(), f"{name}=")
    span = SPAN.fullmatch(text.strip())
    if span is None:
        return [text]
    low, high = _span_ends(name, text, span)
    integer = _TYPES[name] != "DOUBLE"
    if known is not None and (held := known.of(name)):
        # Every held value within, a few submissions' own too (a span less one of them was
        # a group less that person); none of those alone make it held, as none make a value.
        within: list[str] = [WithinSpan(f"{v:g}") for v in _held_within(held, low, high)]
        return within if _held_within(known.told(name), low, high) else [written]
    if not integer or high - low >= MAX_SPAN:
        raise BadFilter(f"the span {text!r} of {name} is read against the store's values")
    return [str(n) for n in range(int(low), int(high) + 1)]


def _span_ends(name: str, text: str, span: re.Match[str]) -> tuple[float, float]:
    """A span's two ends, refused when it runs backwards or an integer field's ends are not
    whole: every surface reads a span alike (the MCP tools, given the span as data, had
    answered "2024-2022" as 2022-2024 and "2022.5-2024" as 2023-2024).

    Example:
        >>> _span_ends("year", "2024-2022", SPAN.fullmatch("2024-2022"))
        Traceback (most recent call last):
        paygrade.records.BadFilter: the span '2024-2022' of year runs backwards: write 2022-2024
    """
    low, high = read_number(name, span[1]), read_number(name, span[2])
    if low > high:
        raise BadFilter(f"the span {text!r} of {name} runs backwards: write {span[2]}-{span[1]}")
    if _TYPES[name] != "DOUBLE" and not (low.is_integer() and high.is_integer()):
        raise BadFilter(f"{name} spans whole numbers, not {text!r}")
    return low, high


def _and(
    name: str,
    first: list[str],
    second: list[str],
    known: KnownValues | None = None,
    sep: str = "=",
) -> list[str]:
    """One field filtered twice: the values both allow, each read for the stored values it
    stands for (a region its members, a city its metro, a word its value: "europe" and
    "DE" allow DE, "seattle" and "Seattle-Tacoma-Bellevue, WA" one metro). A value all of
    whose meaning is allowed is kept as written, else the stored values allowed. None in
    common is refused: a record has one role, so "role=ml_engineer and
    role=data_scientist" matched nothing, said as no match.

    Example:
        >>> _and("level", ["SE", "mid"], ["senior"])
        ['SE']
        >>> _and("country", ["europe"], ["DE", "US"])
        ['DE']
    """
    if name == "city":  # a city with its state: that city, in that state
        first, second = _stated_first(first, second)
    allowed = {key for written in second for key in _meanings(name, written, known)}
    both: list[str] = []
    for written in first:
        meant = _meanings(name, written, known)
        kept = [key for key in meant if key in allowed]
        both += [written] if len(kept) == len(meant) else [meant[key] for key in kept]
    if not both:
        either = ",".join(dict.fromkeys([*first, *second]))
        # Written as the face reads filters: where=role:a,b on the web (sep).
        raise BadFilter(
            f"{name}{sep}{','.join(first)} and {name}{sep}{','.join(second)} cannot both hold "
            f"(a record has one {name}): for either, give one filter, {name}{sep}{either}"
        )
    return list(dict.fromkeys(both))


def _meanings(name: str, written: str, known: KnownValues | None) -> dict[str, str]:
    """The stored values a written value stands for, by a key to compare them with: as
    ``resolve`` reads it, and a region without the store's values every member, a city of
    several metros each of them (one of them and the city have it in common).

    Example:
        >>> sorted(_meanings("remote", "remote", None)), list(_meanings("level", "SE", None))
        (['100'], ['senior'])
    """
    held = known.of(name) if known is not None else {}
    if name == "city" and (pair := city_in_state(written)) is not None:
        # By the city alone ("Portland, OR" and "portland" allow Portland), its state kept
        # as written (``_stated_first``): the two had been refused as cities apart.
        return {key: written for key in _meanings(name, pair[0], known)}
    values: list[Any] = _normalized(name, written, held)
    unheld = [str(values[0]).casefold()] == [written.casefold()] and written.casefold() not in held
    if unheld and (region := region_named(written, name)) is not None:
        values = list(regions(name)[region])
    elif unheld and name == "metro" and held:
        metros = (v for vs in held.values() for v in vs)
        values = metros_meant(written, metros, _counties(written, known)) or values
    if _TYPES[name] in _NUMERIC:
        return {f"{float(v):g}": f"{v:g}" for v in values}
    # Exact when held: a company held in two spellings is two values; unheld, by case.
    return {str(v) if str(v).casefold() in held else str(v).casefold(): str(v) for v in values}


def _stated_first(first: list[str], second: list[str]) -> tuple[list[str], list[str]]:
    """Two city filters in the order ``_and`` keeps the first's values as written: the one
    naming a state first, so that its state stays. Cities of two different states cannot
    both hold.

    Example:
        >>> _stated_first(["portland"], ["Portland, OR"])
        (['Portland, OR'], ['portland'])
    """
    states = [{pair[1] for w in side if (pair := city_in_state(w))} for side in (first, second)]
    if states[0] and states[1] and states[0] != states[1]:
        raise BadFilter(
            f"city={','.join(first)} and city={','.join(second)} cannot both hold (their "
            "cities are of different states): give one filter"
        )
    return (second, first) if states[1] and not states[0] else (first, second)


# The cities of several states a grouping by city names one by one; the rest are counted.
POOLED_SAID = 3
# As every face says it: the CLI's --by, the API's by=, the MCP tool's "by".
PART_THEM = "group by state too to part them"


def cities_of_several_states(
    rows: Iterable[Mapping[str, Any]], shown: Iterable[Mapping[str, Any]]
) -> list[str]:
    """What a stats answer grouped by city says of its ``shown`` groups whose city's name
    holds records of several states, largest first (``--by city`` had answered Portland,
    OR and Portland, ME as one Portland without a word). ``rows``: the same question's
    groups by its fields and state too (``Engine.aggregate``); none, nothing is said.

    Example:
        >>> rows = [{"city": "Portland", "state": "OR", "n": 52},
        ...         {"city": "Portland", "state": "ME", "n": 8},
        ...         {"city": "Austin", "state": "TX", "n": 9}]
        >>> shown = [{"key": {"city": "Portland"}}, {"key": {"city": "Austin"}}]
        >>> cities_of_several_states(rows, shown)
        ['city Portland holds records of 2 states (OR 52, ME 8): group by state too to part them']
    """
    wanted = {group["key"].get("city") for group in shown} - {None}  # None: no city's name
    states: dict[Any, Counter[str]] = {}
    for row in rows:
        if row["city"] in wanted and row["state"] is not None and row["n"]:
            states.setdefault(row["city"], Counter())[row["state"]] += int(row["n"])
    pooled = [city for city, held in states.items() if len(held) > 1]
    pooled.sort(key=lambda city: (-states[city].total(), str(city)))
    said = [_several_states(city, states[city]) for city in pooled[:POOLED_SAID]]
    if len(pooled) > POOLED_SAID:
        more = len(pooled) - POOLED_SAID
        cities = "city of one name holds" if more == 1 else "cities of one name hold"
        said.append(f"{more:,} more {cities} records of several states: {PART_THEM}")
    return said


def _several_states(city: Any, states: Counter[str]) -> str:
    # Most records first, ties by name: in the engine's row order, which varies from run
    # to run, one question had been said two ways ("VA 1, NJ 1, TX 1"; "TX 1, VA 1, NJ 1").
    ordered = sorted(states.items(), key=lambda held: (-held[1], held[0]))
    each = ", ".join(f"{state} {n:,}" for state, n in ordered)
    return f"city {city} holds records of {len(states)} states ({each}): {PART_THEM}"


@dataclass(frozen=True)
class Unmatched:
    """A filter value no record holds, with the nearest values that some do."""

    field: str
    value: Any
    suggestions: list[Any]
    why: str | None = None  # where the data files such records instead
    # A span or comparison as written ("< 2013"), ``value`` standing in for it: its low end
    written: str | None = None

    def as_dict(self) -> dict[str, Any]:
        found = {"field": self.field, "value": self.value, "suggestions": self.suggestions}
        return found | ({"why": self.why} if self.why else {}) | self._written()

    def _written(self) -> dict[str, str]:
        return {"written": self.written} if self.written else {}

    def sentence(self) -> str:
        """Example:
        >>> Unmatched("company", "Gogle", ["Google"]).sentence()
        "no record has company 'Gogle'; did you mean Google?"
        >>> Unmatched("education", "doctorate", ["professional"], "filed so").sentence()
        "no record has education 'doctorate'; did you mean professional? (filed so)"
        >>> Unmatched("year", 1990, [2013], written="< 2013").sentence()
        'no record has year < 2013; did you mean 2013?'
        """
        text = f"no record has {self.field} {self.written or repr(self.value)}"
        if self.suggestions:
            text += f"; did you mean {' or '.join(map(str, self.suggestions))}?"
        if self.why:
            text += f" ({self.why})"
        return text


def fields_held(
    store: Store,
    names: Sequence[str],
    pay_component: str,
    among: Mapping[str, Any] | None = None,
    *,
    public: bool = False,
) -> set[str]:
    """Which of the fields some record of the pay component names (the surveys' total pay
    names no employer: ``company`` is not held for ``total``), of the records with the
    values ``among`` gives, if any, a list for any of its values (the H-1B filings
    titled MACHINE LEARNING ENGINEER hold no level); ``public``: of the public records
    alone, as a listing of records holds them.

    Example:
        >>> fields_held(store, ["role", "company"], "total")  # doctest: +SKIP
        {'role'}
    """
    return _holding(store, names, _named, [], pay_component, among, public=public)


def _named(name: str) -> str:
    """SQL: the record names field ``name``."""
    return f'"{name}" IS NOT NULL'


def values_held(store: Store, where: Mapping[str, Sequence[Any]], pay_component: str) -> set[str]:
    """Which fields of ``where`` some record of the pay component holds one of the values
    of (no base pay record, an H-1B filing, is of country DE).

    Example:
        >>> where = {"country": ["DE"], "role": ["ml_engineer"]}
        >>> values_held(store, where, "base")  # doctest: +SKIP
        {'role'}
    """
    values = [list(where[name]) for name in where]
    return _holding(
        store,
        list(where),
        lambda name: f'list_contains(?, "{name}")',
        values,
        pay_component,
    )


def _holding(
    store: Store,
    names: Sequence[str],
    holds: Callable[[str], str],
    params: list[Any],
    pay_component: str,
    among: Mapping[str, Any] | None = None,
    *,
    public: bool = False,
) -> set[str]:
    """The names for which the SQL test ``holds(name)`` is true of some record of the pay
    component (and of the values ``among`` gives), all tested in one scan; ``public``: of
    a public record.

    Submitted salaries hold a name only as a statistics group counts them: where
    ``PRIVATE_MIN`` of them do. Told of fewer, "no record has company X" against "no
    record matches" said which companies someone had submitted a salary at.
    """
    if not names:
        return set()
    for name in [*names, *(among or {})]:
        check_field(name)
    private = f"source IN {PRIVATE_SQL}"
    counted = f"{private} AND {UNFLAGGED_SQL}"  # as a statistics group counts

    def test(name: str) -> str:
        held = f"bool_or({holds(name)}) FILTER (WHERE NOT {private})"
        enough = f"count(*) FILTER (WHERE {counted} AND {holds(name)}) >= {PRIVATE_MIN}"
        return held if public else f"{held} OR {enough}"

    tests = ", ".join(test(name) for name in names)
    also = "".join(
        f' AND "{name}" IN (SELECT unnest(?))' if isinstance(value, list) else f' AND "{name}" = ?'
        for name, value in (among or {}).items()
    )
    found = first_row(
        store.con,
        f"SELECT {tests} FROM records WHERE pay_component = ?{also}",
        [
            *[p for p in params for _ in range(1 if public else 2)],
            pay_component,
            *(among or {}).values(),
        ],
    )
    return {name for name, held in zip(names, found or (), strict=False) if held}


# What one filter may ask, on every face: 3,000 companies in one filter took 157 s of
# the server (each value no record holds is spelt against every held one, ~45 ms), and
# a 5,000-character value was echoed back whole.
MAX_VALUES = 100
MAX_VALUE_LENGTH = 200
# Values no record holds that get suggestions; the rest are said without ("did you mean"
# is for a typo, not for a list of guesses).
MAX_SUGGESTED = 5


def check_bounds(name: str, values: Sequence[Any]) -> None:
    """Refuse (``BadFilter``) a filter of more than ``MAX_VALUES`` values or a value past
    ``MAX_VALUE_LENGTH`` characters.

    Example:
        >>> check_bounds("company", ["Google", "Meta"])
        >>> check_bounds("company", ["x"] * 101)
        Traceback (most recent call last):
        ...
        paygrade.records.BadFilter: the filter on company has 101 values: at most 100
    """
    if len(values) > MAX_VALUES:
        raise BadFilter(f"the filter on {name} has {len(values):,} values: at most {MAX_VALUES}")
    for value in values:
        _refuse_long(f"a value of {name}", value)


def check_lengths(**values: object) -> None:
    """Refuse (``BadFilter``) a text past ``MAX_VALUE_LENGTH`` characters, said after its
    name as every face says a text too long (``records.too_long``): a role, a metro, a
    company asked of any command is held to the bound of a filter's value. ``compare
    --metro`` and ``ladder --company`` had answered "no metro area is called ..." and "no
    reviewed level mapping ..." of a 300-character one.

    Example:
        >>> check_lengths(role="ml_engineer", metro=None)
        >>> check_lengths(metro="x" * 300)
        Traceback (most recent call last):
        ...
        paygrade.records.BadFilter: metro is 300 characters long: at most 200
    """
    for name, value in values.items():
        _refuse_long(name, value)


def _refuse_long(name: str, value: object) -> None:
    if isinstance(value, str) and (said := too_long(value, MAX_VALUE_LENGTH)) is not None:
        raise BadFilter(f"{name} {said}")


def resolve(
    where: Where, known: KnownValues, *, listed: bool = False
) -> tuple[dict[str, list[Any]], list[Unmatched]]:
    """Values as stored (typed, normalized) and the values no record holds (the first
    ``MAX_SUGGESTED`` of them with the held values spelt nearest); cities written with
    their state ("Seattle, WA") as the city and a filter of that state. ``listed``: each
    field takes a list, so a value that is several joined by commas is refused with its
    items (``_check_not_joined``); a question of one value each (an offer's metro) is
    told of the value it names none."""
    resolved: dict[str, list[Any]] = {}
    unmatched: list[Unmatched] = []
    state = None
    _check_company_levels(where)
    for name, values in where.items():
        check_filtered_field(name)
        resolved[name] = []
        if _TYPES[name] not in _NUMERIC:  # a number field's spans are held values already
            check_bounds(name, values)
        if name == "city":
            values, state = cities_in_state(values, known.of(name))
        for raw in values:
            if listed:
                _check_not_joined(name, raw, known)
            found, held = _found(name, raw, known)
            resolved[name] += [value for value in found if value not in resolved[name]]
            if held and str(found[0]).casefold() not in held:
                near = (
                    _nearest_held(name, raw, found[0], known.told(name), known)
                    if len(unmatched) < MAX_SUGGESTED
                    else []
                )
                unmatched.append(
                    _filed_elsewhere(name, found[0], held)
                    or _a_country(name, raw, known)
                    or _an_area_code(name, raw, known)
                    or Unmatched(
                        name,
                        found[0],
                        near,
                        _county_why(name, raw, known),
                        written=_span_written(name, raw),
                    )
                )
    return _in_state(resolved, state), unmatched


def _check_not_joined(name: str, raw: Any, known: KnownValues) -> None:
    """Refuse a value that is several of the field's values joined by commas
    (``joined_values``), with the items to give instead: as the CLI's and the API's lists
    write them, where a list's values come apart (MCP's ``where``, local-prices' metros).
    ``"ml_engineer,data_scientist"`` had been "role ... is not one of ...", ``"Seattle,
    WA,Austin, TX"`` no metro offered Seattle's.

    Example:
        >>> _check_not_joined("role", "ml_engineer, data_scientist", KnownValues(None))
        Traceback (most recent call last):
        paygrade.records.BadFilter: role 'ml_engineer, data_scientist' is 2 values: give each \
as its own item, ["ml_engineer", "data_scientist"]
        >>> _check_not_joined("role", "ml_engineer,astronaut", KnownValues(None))
    """
    if parts := joined_values(name, raw, known):
        listed = json.dumps(parts)
        raise BadFilter(
            f"{name} {raw!r} is {len(parts)} values: give each as its own item, {listed}"
        )


def joined_values(name: str, raw: Any, known: KnownValues) -> list[str]:
    """The values of ``name`` a text of several joined by commas is written as, each some
    record's; none for a text that is one value as a whole ("Seattle, WA", a held name: a
    metro's own name is never parted) or whose parts are not all held.

    Example:
        >>> joined_values("level", "SE,staff", KnownValues(None))
        ['SE', 'staff']
        >>> joined_values("level", "staff", KnownValues(None)), joined_values("level", "SE,L9",
        ...     KnownValues(None))
        ([], [])
    """
    if not isinstance(raw, str) or "," not in raw:
        return []
    whole, longest = _whole_value(name, known)
    if whole(raw.strip()):
        return []
    try:
        parts = _held_whole(split_values(raw), whole, longest)
    except BadFilter:  # an empty piece, a stray quote: said as the value it is
        return []
    if len(parts) > 1 and all(_is_held(name, part, known) for part in parts):
        return parts
    return []


def _is_held(name: str, text: str, known: KnownValues) -> bool:
    """Whether ``text`` reads as a value of ``name`` some record holds (a vocabulary's
    value is one without a store). A free text (a metro, a company) with no held values to
    read it against is none: a store holding no metros had parted "New York-Newark-Jersey
    City, NY-NJ" at its comma, each part taken for held, and refused the report's question.

    Example:
        >>> _is_held("level", "SE", KnownValues(None)), _is_held("level", "L9", KnownValues(None))
        (True, False)
        >>> _is_held("metro", "NY-NJ", KnownValues(None))
        False
    """
    try:
        found, held = _found(name, text, known)
    except BadFilter:
        return False
    if not held:
        return name in VOCABULARIES
    return str(found[0]).casefold() in held


def _check_company_levels(where: Where) -> None:
    """A company's level filtered as a level ("L5") is refused naming the company_level
    filter and the level it maps to at the filter's companies: it had been "level 'L5' is
    not one of entry, ...", though company_level=L5 held it."""
    companies = [str(company) for company in where.get("company", ())]
    for raw in where.get("level", ()):
        unread = canonical_value("level", str(raw))[0] is None
        if unread and (said := company_level_refused(str(raw), companies, "company_level")):
            raise BadFilter(said)


def _found(name: str, raw: Any, known: KnownValues) -> tuple[list[Any], dict[str, list[Any]]]:
    """The stored values ``raw`` means, and the held values it is matched against: for a
    number written alone, those a few submissions hold are as no record's ("no record
    matches" for 7.25 where "no record has years_experience 7.3" told that someone had
    submitted 7.25); a span keeps them (``_span``), given as data (MCP) too, where it holds
    another."""
    held = known.of(name)
    if _TYPES[name] not in _NUMERIC or isinstance(raw, WithinSpan):
        found = _normalized(name, raw, held)
        if name == "metro" and str(found[0]).casefold() not in held:
            found = _county_metro(str(raw), known) or found  # "Fayette County, KY"
        return found, held
    told = known.told(name)
    found = _normalized(name, raw, told)
    if told and str(found[0]).casefold() in told and _span_written(name, raw):
        found = _normalized(name, raw, held)
    return found, told


def _counties(text: str, known: KnownValues | None) -> Counties | None:
    """The store's counties (``counties_of``) for a text naming a county with its state,
    read only then; None otherwise."""
    if known is None or known.store is None or county_in_state(text) is None:
        return None
    return counties_of(known.store)


def _county_metro(text: str, known: KnownValues) -> list[str]:
    """The one held metro a county with its state names (``metros_meant``'s last reading,
    which only the store's counties give), else none."""
    metros = [v for values in known.of("metro").values() for v in values]
    found = metros_meant(text, metros, _counties(text, known))
    return found if len(found) == 1 else []


def city_in_state(text: str) -> tuple[str, str] | None:
    """A city written with its US state, by code or name -> the city and the state's code;
    None for any other text.

    Example:
        >>> city_in_state("Seattle, WA"), city_in_state("Portland, Oregon")
        (('Seattle', 'WA'), ('Portland', 'OR'))
        >>> city_in_state("Seattle"), city_in_state("Seattle, Narnia"), city_in_state(", WA")
        (None, None, None)
    """
    city, comma, state = (part.strip() for part in text.rpartition(","))
    code = place_code("state", state) or state.upper()
    if not comma or not city or code not in codes("us_states.csv"):
        return None
    return city, code


def cities_in_state(
    values: Sequence[Any], held: Mapping[str, list[Any]]
) -> tuple[list[Any], str | None]:
    """A city filter's values as cities, and the US state they are written with, if any: a
    city's name is not one place (``city=portland`` had pooled Portland, OR and Portland,
    ME), and "Seattle, WA" had been read as the cities Seattle and "WA". A held name with
    a comma in it is that name. Cities of several states, or some with a state and some
    without, are refused: a filter takes each field's values apart, not pairs of them.

    Example:
        >>> cities_in_state(["Portland, OR", "Beaverton, Oregon"], {})
        (['Portland', 'Beaverton'], 'OR')
        >>> cities_in_state(["Portland", "Sandy Springs, Atlanta"], {"sandy springs, atlanta": []})
        (['Portland', 'Sandy Springs, Atlanta'], None)
        >>> cities_in_state(["Portland, OR", "Columbus, OH"], {})
        Traceback (most recent call last):
        paygrade.records.BadFilter: a city filter's cities are all of one state or all \
written without one, not Portland, OR; Columbus, OH (to part cities of several states, \
group by city and state)
    """
    pairs = [None if str(v).casefold() in held else city_in_state(str(v)) for v in values]
    states = {pair[1] for pair in pairs if pair is not None}
    if not states:
        return list(values), None
    if len(states) > 1 or None in pairs:
        raise BadFilter(
            "a city filter's cities are all of one state or all written without one, not "
            f"{'; '.join(map(str, values))} (to part cities of several states, group by "
            "city and state)"
        )
    return [pair[0] for pair in pairs if pair is not None], states.pop()


def _in_state(resolved: dict[str, list[Any]], state: str | None) -> dict[str, list[Any]]:
    """``resolved`` kept to the state a city filter names, with any state filter given too
    (none in common is refused, as one field filtered twice is).

    Example:
        >>> _in_state({"city": ["Seattle"], "state": ["WA", "OR"]}, "WA")
        {'city': ['Seattle'], 'state': ['WA']}
    """
    if state is None:
        return resolved
    if "state" in resolved and state not in resolved["state"]:
        given = ",".join(map(str, resolved["state"]))
        raise BadFilter(
            f"the cities in {state} and state {given} cannot both hold (a record has one state)"
        )
    return resolved | {"state": [state]}


def _span_written(name: str, raw: Any) -> str | None:
    """A number field's span or comparison as the message names it (its low end is what
    the query is asked: "year<2013" said "no record has year 1990"); None for a value.

    Example:
        >>> _span_written("year", "<2013"), _span_written("year", "2090..2095")
        ('< 2013', '2090..2095')
        >>> _span_written("year", "2030"), _span_written("title", "<2013")
        (None, None)
    """
    text = str(raw).strip()
    if _TYPES[name] not in _NUMERIC:
        return None
    if compared := re.fullmatch(OPERATOR, text, re.S):
        return f"{compared[1]} {compared[2].strip()}"
    return text if SPAN.fullmatch(text) else None


def as_asked(
    where: Mapping[str, list[Any]], unmatched: Sequence[Unmatched]
) -> dict[str, list[Any]]:
    """The filter a query runs: ``where`` as resolved, or, when some value no record holds,
    each such field cut to those values, so the answer is as empty as for one of them
    alone and says each (``company=google,gogle`` was answered for Google without a word
    about "gogle").

    Example:
        >>> as_asked({"company": ["Google", "gogle"], "year": [2024]},
        ...          [Unmatched("company", "gogle", ["Google"])])
        {'company': ['gogle'], 'year': [2024]}
    """
    unheld: dict[str, list[Any]] = {}
    for u in unmatched:
        unheld.setdefault(u.field, []).append(u.value)
    return {name: unheld.get(name, list(values)) for name, values in where.items()}


def as_told(
    where: Mapping[str, list[Any]], unmatched: Sequence[Unmatched], known: KnownValues
) -> dict[str, list[Any]]:
    """``where`` as an answer says it: without the numbers a span stood for that only a few
    submissions hold ("years_experience in 6, 7, 7.25, 8" told that someone had submitted
    7.25); one asked alone is said, as unmatched, as any number no record holds.

    Example:
        >>> known = KnownValues(None, {"years_experience": {"7.0": [7.0], "7.25": [7.25]},
        ...     "years_experience (told)": {"7.0": [7.0]}}, _private=True)
        >>> as_told({"years_experience": [7.0, 7.25], "company": ["X"]}, [], known)
        {'years_experience': [7.0], 'company': ['X']}
        >>> as_told({"years_experience": [7.25]}, [Unmatched("years_experience", 7.25, [])],
        ...         known)
        {'years_experience': [7.25]}
    """
    said = {(u.field, str(u.value).casefold()) for u in unmatched}

    def told(name: str, value: Any) -> bool:
        key = str(value).casefold()
        if _TYPES[name] not in _NUMERIC or (name, key) in said or key not in known.of(name):
            return True
        return key in known.told(name)

    return {name: [v for v in values if told(name, v)] for name, values in where.items()}


def _nearest_held(
    name: str,
    raw: Any,
    value: Any,
    held: Mapping[str, list[Any]],
    known: KnownValues | None = None,
) -> list[Any]:
    """The held values to suggest for one no record holds: a number's nearest, else by
    spelling as written, then as normalized ("Moody's" is held as "Moodys Analytics"),
    then, for a metro, by the spelling of its cities ("seatle"); a city of several metros
    is offered those first ("Manhattan": New York's, then Manhattan, KS); a name of
    words (a company) is offered those its words begin, then hold, first (``_worded``)."""
    near = nearest(value, held) if _TYPES[name] in _NUMERIC else None
    near = near or suggest(str(raw), held) or suggest(str(value), held)
    if name in NAMED_IN_WORDS:
        near = list(dict.fromkeys([*_worded(name, str(raw), held, known), *near]))
        near = near[:SUGGESTIONS]
    if name == "metro":
        metros = [v for vs in held.values() for v in vs]
        near = near or metros_spelled_near(str(raw), metros)
        near = [*metro_said_first(str(raw), metros), *metros_by_initials(str(raw), metros), *near]
        near = list(dict.fromkeys(near))[:SUGGESTIONS]
        if known is not None and known.store is not None:  # a county alone: each state's
            held_metros = set(metros)
            counties = metros_of_counties_named(str(raw), counties_of(known.store))
            near = list(dict.fromkeys([*near, *(m for m in counties if m in held_metros)]))
    return near


# Fields whose values are names of words, a name often given by its first words:
# "Fidelity" had been offered American Fidelity Assurance, Audio Fidelity Communications
# and Fidelity & Guaranty Life (by spelling, then alphabetically), not Fidelity
# Investments' 542 records.
NAMED_IN_WORDS = ("company",)
# Held names counted to order those a value's words begin or hold (a word most names
# hold, "services", is not worth a count of thousands on every miss).
MAX_COUNTED = 200


def _worded(
    name: str, text: str, held: Mapping[str, list[Any]], known: KnownValues | None
) -> list[Any]:
    """The held values whose names begin with ``text``'s words, then hold them as whole
    words, each most records first (then alphabetically).

    Example:
        >>> held = {k.casefold(): [k] for k in ["Audio Fidelity", "Fidelity Investments",
        ...     "Fidelity & Guaranty Life", "Fidelityhouse"]}
        >>> _worded("company", "fidelity", held, None)
        ['Fidelity & Guaranty Life', 'Fidelity Investments', 'Audio Fidelity']
    """
    key = " ".join(text.casefold().split())
    if not key:
        return []
    whole = re.compile(rf"(?<![^\W_]){re.escape(key)}(?![^\W_])")
    found = sorted(k for k in holding(key, held) if whole.search(k))
    found = sorted(found, key=lambda k: not k.startswith(key))[:MAX_COUNTED]
    values = [held[k][0] for k in found]
    counts = known.counts(name, values) if known is not None else {}
    order = sorted(range(len(values)), key=lambda i: (not found[i].startswith(key),
                                                      -counts.get(values[i], 0)))  # fmt: skip
    return [values[i] for i in order]


def _a_country(name: str, raw: Any, known: KnownValues) -> Unmatched | None:
    """A metro no record holds that names a country, said so with its code ("United
    Kingdom" as a metro was "no record has metro 'United Kingdom'").

    Example:
        >>> known = KnownValues(None, {"metro": {}})
        >>> _a_country("metro", "United Kingdom", known).why
        'a country, not a metro: metros are US metro areas; give country GB'
        >>> _a_country("metro", "WA", known).why
        'a US state, not a metro: metros are US metro areas; give state WA'
        >>> _a_country("metro", "Seattle", known), _a_country("company", "Germany", known)
        (None, None)
    """
    metros = (v for vs in known.of("metro").values() for v in vs) if name == "metro" else ()
    why = not_a_metro(str(raw), metros) if name == "metro" else None
    return None if why is None else Unmatched(name, str(raw).strip(), [], why)


def _county_why(name: str, raw: Any, known: KnownValues) -> str | None:
    """A metro that is a county named without its state, or with one holding none of that
    name ("Fayette County, WA"), said as compare says it (``county_unplaced``): the areas
    were offered, the reason unsaid.

    Example:
        >>> _county_why("company", "Fayette County, WA", KnownValues(None)) is None
        True
    """
    if name != "metro" or known.store is None:
        return None
    return county_unplaced(str(raw), counties_of(known.store))


def _an_area_code(name: str, raw: Any, known: KnownValues) -> Unmatched | None:
    """A metro given by its OEWS area code ("42660"), said as compare says it: metros are
    asked by name, and the code's metro (it had been "no record has metro '42660'" alone).

    Example:
        >>> _an_area_code("metro", "Seattle", KnownValues(None)) is None
        True
    """
    coded = code_as_metro(known.store, str(raw)) if name == "metro" else None
    return None if coded is None else Unmatched(name, str(raw).strip(), [], coded.why)


def _filed_elsewhere(name: str, value: Any, held: Mapping[str, list[Any]]) -> Unmatched | None:
    """A value no source answers with, named with the held value a source files it under
    ("doctorate": the Stack Overflow survey's professional degree holds Ph.D.s)."""
    under, why = held_under().get((name, str(value)), (None, None))
    if under is None or under.casefold() not in held:
        return None
    return Unmatched(name, value, [under], why)


def as_typed(name: str, text: str) -> str:
    """A value as its letters read: full-width forms as their plain letters (NFKC), and
    without the invisible marks a copy from a web page brings (zero-width spaces, direction
    marks); refused when it holds a byte read as no letter (not UTF-8) or a control
    character. Only ``company`` had been read so: "ｍｌ＿ｅｎｇｉｎｅｅｒ" and "\u200bsenior"
    were refused, and "Google\ufffd" (a byte of another encoding) answered as Google.

    Example:
        >>> as_typed("role", "ｍｌ＿ｅｎｇｉｎｅｅｒ"), as_typed("level", "\u200bsenior\u200f")
        ('ml_engineer', 'senior')
        >>> as_typed("company", "Google\ufffd")
        Traceback (most recent call last):
        paygrade.records.BadFilter: company 'Google\ufffd' holds a byte that is not UTF-8 text
    """
    if text.isascii() and text.isprintable():
        return text
    if "\ufffd" in text:
        raise BadFilter(f"{name} {text!r} holds a byte that is not UTF-8 text")
    if any(unicodedata.category(c) == "Cc" for c in text):
        raise BadFilter(f"{name} {text!r} holds a control character")
    return as_letters(text).strip()


def as_letters(text: str) -> str:
    """``text`` as its letters read, as :func:`as_typed` reads a value (refusing nothing):
    one form of each letter (NFKC: an accent typed as a combining mark, as macOS sends it,
    is the accented letter), full-width forms as plain ones, invisible marks dropped.

    Example:
        >>> as_letters("Ore\u0301al") == "Oréal", as_letters("ｇoo\u200bgle")
        (True, 'google')
    """
    if text.isascii():  # its own NFKC form, and no invisible mark is ASCII
        return text
    plain = unicodedata.normalize("NFKC", text)
    return "".join(c for c in plain if unicodedata.category(c) != "Cf")


def _normalized(name: str, raw: Any, held: Mapping[str, list[Any]]) -> list[Any]:
    """The stored values a written value means: itself when held exactly, else its case
    variants (always, for a field grouped without regard to case: a group's link finds
    its group), else the value normalized as the data is."""
    text = str(raw).strip()
    if not text:
        raise BlankFilterValue(f"empty value for {name}")
    variants = held.get(text.casefold(), [])
    if text in map(str, variants) and name not in FOLDED:
        return [next(v for v in variants if str(v) == text)]
    if not variants and (typed := as_typed(name, text)) != text:
        text = typed
        variants = held.get(text.casefold(), [])
    if variants:
        return list(variants)
    if _TYPES[name] in _NUMERIC:
        if compared := re.fullmatch(OPERATOR, text, re.S):  # ">=2023" as data (MCP)
            text = _compared_span(name, compared[1], compared[2].strip(), f"{name}=")
        if span := SPAN.fullmatch(text):  # given as data (MCP), not through parse_where
            low, high = _span_ends(name, text, span)
            return _held_within(held, low, high) or [_number(name, span[1])]
        if name in CHECKED and (worded := canonical_value(name, text)[0]) is not None:
            return [_number(name, worded)]  # remote=hybrid: the share the word means
        return [_number(name, text)]
    if name in VOCABULARIES:
        return [vocabulary_value(name, text)]
    if name in ("country", "state") and (code := place_code(name, text)) is not None:
        return [code]  # "germany", "United Kingdom", "washington"
    if name in ("country", "metro") and (region := region_named(text, name)) is not None:
        # "europe", "bay area": its members the store holds (none: reported as unmatched)
        members = [held[m.casefold()][0] for m in regions(name)[region] if m.casefold() in held]
        return members or [region]
    if name == "country":  # its ISO code; "ZZ", "Germny": no country at all, so said
        return [country_meant(text)]
    if name == "state":  # its USPS code; "Washingtn": no state at all, so said
        return [state_meant(text)]
    if name in _UPPER:
        return [text.upper()]
    if name == "company":
        company = canonical_company(text) or text
        return list(held.get(company.casefold(), [company]))
    if name == "metro":  # by its city ("atlanta", "Portland, OR") or a name ("NYC")
        metros = metros_meant(text, (v for values in held.values() for v in values))
        return metros if len(metros) == 1 else [text]  # several: not guessed, suggested
    return [text]


# From 2**53 on a float no longer holds every whole number: year=1e30 was echoed as
# 1000000000000000019884624838656, and 1e40 overflowed the query's integers.
LARGEST_NUMBER = 2**53


def read_number(name: str, text: str, wanted: str = "a number") -> float:
    """A filter's number as written: finite, of at most 15 digits (``name``: what the
    error calls it).

    Example:
        >>> read_number("year", "2024"), read_number("year", " 2e3 ")
        (2024.0, 2000.0)
        >>> read_number("year", "nan")
        Traceback (most recent call last):
        paygrade.records.BadFilter: year needs a finite number, not 'nan'
        >>> read_number("year (after >)", "-1e308")
        Traceback (most recent call last):
        paygrade.records.BadFilter: year (after >) needs a number of at most 15 digits, not '-1e308'
    """
    try:
        number = float(text)
    except ValueError:
        raise BadFilter(f"{name} needs {wanted}, not {text!r}") from None
    shown = text if len(text) <= 24 else text[:20] + "..."
    if not math.isfinite(number):  # "NaN" had been "a number of at most 15 digits"
        raise BadFilter(f"{name} needs a finite number, not {shown!r}")
    if abs(number) >= LARGEST_NUMBER:
        raise BadFilter(f"{name} needs a number of at most 15 digits, not {shown!r}")
    return number


# A span with its high end left off ("year=2023-", "years_experience=5.."): the
# comparison that says "from 2023 on" is named, not a bare "needs a number".
OPEN_SPAN = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(?:-|–|\.\.|to)\s*")
# Its low end left off ("year=-2020", "years_experience=..5"): no field holds a number
# below 0, so it means "up to 2020" (it had been read as the year -2020, answered "no
# record has year -2020; did you mean 2013 or 2015 or 2016?").
OPEN_LOW = re.compile(r"\s*(?:-|–|\.\.|to)\s*(\d+(?:\.\d+)?)\s*")


def _number(name: str, text: str) -> int | float:
    wanted = REMOTE_WRITTEN if name == "remote" else "a number"
    try:
        number = read_number(name, text, wanted)
    except BadFilter as exc:  # remote=hybird: the word meant, as a vocabulary's value
        hint = did_you_mean(text, REMOTE_SAID.values()) if name == "remote" else ""
        raise BadFilter(f"{exc}{hint}{_open_span_hint(name, text)}") from None
    if OPEN_LOW.fullmatch(text) is not None:  # "-2020": no field holds a number below 0
        raise BadFilter(
            f"{name} needs a number of 0 or more, not {text!r}{_open_span_hint(name, text)}"
        )
    if _TYPES[name] == "DOUBLE":
        return number
    if not number.is_integer():
        raise BadFilter(f"{name} needs a whole number, not {text!r}")
    return int(number)


def _open_span_hint(name: str, text: str) -> str:
    """What a span with no high end means, as a comparison (a span keeps both its ends).

    Example:
        >>> _open_span_hint("year", "2023-"), _open_span_hint("year", "2023")
        (' (a span has both ends; from 2023 on: year>=2023)', '')
        >>> _open_span_hint("year", "..2020")
        ' (a span has both ends; up to 2020: year<=2020)'
    """
    if (open_span := OPEN_SPAN.fullmatch(text)) is not None:
        return f" (a span has both ends; from {open_span[1]} on: {name}>={open_span[1]})"
    if (open_low := OPEN_LOW.fullmatch(text)) is not None:
        return f" (a span has both ends; up to {open_low[1]}: {name}<={open_low[1]})"
    return ""


def _held_within(held: Mapping[str, list[Any]], low: float, high: float) -> list[Any]:
    """The held values of a number field from ``low`` to ``high``, both in, in order."""
    return sorted(v for vs in held.values() for v in vs if low <= float(v) <= high)


def vocabulary_value(
    name: str, text: str, companies: Sequence[str] = (), takes: str | None = None
) -> str:
    """A vocabulary field's value as written -> its canonical value, or ``BadFilter``; a
    company's level ("L6") said so, as ``company_level_refused`` words it.

    Example:
        >>> vocabulary_value("level", "SE"), vocabulary_value("level", "Sr. Staff")
        ('senior', 'principal')
    """
    value, _ = canonical_value(name, text)
    unread_level = value is None and name == "level"
    if unread_level and (said := company_level_refused(text, companies, takes)):
        raise BadFilter(said)
    if value is None:  # a word typed for it ("Staff Engineer", "SWE"), after every other reading
        value = typed_value(name, text)
    if value is None:
        choices = VOCABULARIES[name]
        # A level's or a role's word names every value it may be ("scientist": two roles).
        hint = meant(text, choices) if name in TYPED_FIELDS else did_you_mean(text, choices)
        raise BadFilter(f"{name} {text!r} is not one of {', '.join(choices)}{hint}")
    return value


def nearest(number: Any, held: Mapping[str, Sequence[Any]], n: int = SUGGESTIONS) -> list[Any]:
    """The held numbers nearest to ``number`` (a year: the years next to it, not the ones
    spelled alike: 2030 is nearest 2025, not 2023 and 2013).

    Example:
        >>> nearest(2030, {"2013": [2013], "2023": [2023], "2024": [2024], "2025": [2025]})
        [2025, 2024, 2023]
    """
    values = [v for vs in held.values() for v in vs if isinstance(v, int | float)]
    return sorted(values, key=lambda v: (abs(v - number), -v))[:n]


# The unknown names a refusal lists; then how many there were.
NAMES_SHOWN = 8


def not_taken(
    owner: str,
    noun: str,
    unknown: Sequence[str],
    taken: Sequence[str],
    goes: Callable[[str], str] | None = None,
) -> str:
    """Why a call is refused: the names ``owner`` does not take, and those it does. A
    record's field given on its own is said where it goes (``goes``: how to give it),
    anything else gets the taken name spelled nearest. The API and the MCP tools say it
    (their frameworks drop an unknown name without a word: ``?role=ml_engineer`` answered
    for every role).

    Example:
        >>> print(not_taken("records", "argument", ["limit", "pages"], ["where", "page"]))
        records takes no argument 'limit', 'pages' (did you mean page?); it takes where, page
        >>> print(not_taken("stats", "argument", [f"a{i}" for i in range(3000)], ["by"]))
        stats takes no argument 'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', ... 3000 in all; \
it takes by
        >>> said = not_taken("/stats", "parameter", ["role"], ["by"], lambda f: f"use where={f}:V")
        >>> print(said)  # doctest: +NORMALIZE_WHITESPACE
        /stats takes no parameter 'role' (a record's field: use where=role:V);
        it takes by
    """
    shown = unknown[:NAMES_SHOWN]
    fields = [name for name in unknown if name in FIELD_NAMES]
    if goes is not None and fields:
        hint = f" (a record's field: {goes(fields[0])})"
    else:
        close = [c for name in shown for c in difflib.get_close_matches(name, taken, n=1)]
        hint = f" (did you mean {' or '.join(dict.fromkeys(close))}?)" if close else ""
    takes = ", ".join(taken) if taken else f"no {noun}s"
    # Cut as every error is: 100,000 unknown names had been said back, ~1 MB of error.
    return shortened(f"{owner} takes no {noun} {few(unknown, NAMES_SHOWN)}{hint}; it takes {takes}")


def not_given(arguments: Any, taken: Iterable[str]) -> Any:
    """A call's arguments less those of ``taken`` sent null: a null reads as an option left
    out, its default taken (``"sign_on": null`` was "Input should be a valid number"), and a
    required one left null is said as missing. The API's bodies and the MCP tools read them
    so. A name the call does not take stays, null or not, so that it is refused as unknown
    (``"cuntry": null`` was dropped without a word).

    Example:
        >>> not_given({"base": 1, "bonus": None, "bonsu": None}, ["base", "bonus"])
        {'base': 1, 'bonsu': None}
        >>> not_given([1], ["base"])
        [1]
    """
    if not isinstance(arguments, dict):
        return arguments  # the validation says what is wrong with it
    names = set(taken)
    return {
        name: value for name, value in arguments.items() if value is not None or name not in names
    }


def bound_broken(error: Mapping[str, Any]) -> str | None:
    """A pydantic error refusing a text, a list or a number past its bound, as the CLI says a
    bound ("title is 300 characters long: at most 200"; pydantic's "list should have at most
    6 items after validation, not 7"; a number's ``records.past_bound``); None for any other
    error. A query parameter's list is
    the times it was given. The API, the pages and the MCP tools say it after the field.

    Example:
        >>> bound_broken({"type": "string_too_long", "input": "x" * 300,
        ...               "ctx": {"max_length": 200}})
        'is 300 characters long: at most 200'
        >>> bound_broken({"type": "too_long", "loc": ("query", "where"),
        ...               "ctx": {"max_length": 40, "actual_length": 41}})
        'given 41 times: at most 40'
        >>> bound_broken({"type": "too_long", "loc": ("company",),
        ...               "ctx": {"max_length": 100, "actual_length": 101}})
        'has 101 values: at most 100'
        >>> bound_broken({"type": "too_short", "loc": (),  # a whole argument, as MCP's
        ...               "ctx": {"min_length": 1, "actual_length": 0}})
        'has 0 values: at least 1'
        >>> bound_broken({"type": "string_too_short", "input": "", "ctx": {"min_length": 1}})
        'is empty'
    """
    ctx = error.get("ctx") or {}
    kind, said = error.get("type"), error.get("input")
    if kind in ("string_too_long", "string_too_short") and isinstance(said, str):
        if not said:
            return "is empty"
        if kind == "string_too_long":
            return too_long(said, ctx["max_length"])
        return f"is {len(said):,} characters long: at least {ctx['min_length']:,}"
    if kind in ("too_long", "too_short") and ctx.get("actual_length") is not None:
        many = ctx["actual_length"]
        given = f"given {many:,} times" if (error.get("loc") or ("",))[0] == "query" else None
        if kind == "too_long":
            return f"{given or f'has {many:,} values'}: at most {ctx['max_length']:,}"
        return f"{given or f'has {many:,} values'}: at least {ctx['min_length']:,}"
    return past_bound(error)  # a number's: "must be 1 or more, not 0"


# The types a union of an argument's values is made of, as pydantic names its members (a
# str with a bound is a "constrained-str"): an error's location ends in one.
UNION_MEMBERS = ("str", "int", "float", "bool", "constrained-str")


def kind_refused(error: Mapping[str, Any]) -> str | None:
    """A pydantic error refusing a value of another kind than one text, or than a list, in
    the words every face says it (``records.text_wanted``, ``records.list_wanted``); None
    for any other error, and for one member of a union (said with the others). The API and
    the MCP tools say it after the field's name: MCP's ``compare`` given ``"level":
    ["senior"]`` and the API's body given ``"role": ["ml_engineer"]`` had said pydantic's
    "input should be a valid string", not that a list was given where one value is wanted.

    Example:
        >>> kind_refused({"type": "string_type", "loc": ("level",), "input": ["senior"]})
        "input should be one value, not an array: give 'senior' alone"
        >>> kind_refused({"type": "list_type", "loc": ("by",), "input": "level"})
        "input should be an array, not text: 'level'"
        >>> kind_refused({"type": "string_type", "loc": ("metros", 0, "str"), "input": 5})
    """
    loc = error.get("loc") or ("",)
    if str(loc[-1]) in UNION_MEMBERS:
        return None
    if error.get("type") == "string_type":
        return text_wanted(error.get("input"))
    if error.get("type") == "list_type":
        return list_wanted(error.get("input"))
    return None


def choice_refused(error: Mapping[str, Any]) -> str | None:
    """A pydantic error refusing a text outside its choices (a ``Literal`` or an ``Enum``)
    in the words every other refused vocabulary value has, its "did you mean" too (it was
    pydantic's "input should be 'total' or 'base'"); None for any other error. The API and
    the MCP tools say it after the field's name.

    Example:
        >>> choice_refused({"type": "literal_error", "input": "totl",
        ...                 "ctx": {"expected": "'total' or 'base'"}})
        "'totl' is not one of total, base (did you mean total?)"
        >>> choice_refused({"type": "literal_error", "input": 7, "ctx": {"expected": "'a'"}})
    """
    if error.get("type") not in ("literal_error", "enum") or not isinstance(error["input"], str):
        return None
    choices = re.findall(r"'([^']*)'", error["ctx"]["expected"])
    said = f"{error['input']!r} is not one of {', '.join(choices)}"
    return said + did_you_mean(error["input"], choices)
