"""Staged rows -> canonical records, or quarantined rows with their reasons.

Speed comes from normalizing distinct values, not rows: each text column's
distinct values go through the pure functions (titles, companies, places,
vocabularies) once, the results are registered as small Arrow tables (lookups), and
one SQL statement joins them back onto every row, computes the money and
collects every reason a row cannot be a record.

Reasons read ``<kind>: <detail>``; summaries count the kind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Final, cast

import duckdb

from paygrade.normalize.companies import canonical_company
from paygrade.normalize.company_levels import (
    company_level,
    company_levels,
    employer_grade,
    graded_companies,
    mapped_companies,
    own_levels,
)
from paygrade.normalize.money import (
    CURRENCY_SIGNS,
    DECIMAL_COMMA,
    DOTTED_THOUSANDS,
    GROUPED_BY_COMMAS,
    MAX_ANNUAL_USD,
    MIN_ANNUAL_USD,
    SIGN_CLAIM,
    currencies,
)
from paygrade.normalize.places import metros_meant, metros_spelled_near, misspelt_among, place_key
from paygrade.normalize.plausibility import flags_sql
from paygrade.normalize.rule_tables import codes
from paygrade.normalize.titles import (
    TitleInfo,
    classify_title,
    clean_title,
    in_occupation,
    occupation_role,
    ranks_a_function,
)
from paygrade.normalize.vocab import PAY_PERIODS, canonical_value
from paygrade.records import FIRST_YEAR, LEVELS, MAX_YEARS_EXPERIENCE

if TYPE_CHECKING:
    import pyarrow as pa

Con = duckdb.DuckDBPyConnection

VOCAB_FIELDS = (
    "role",
    "level",
    "company_size",
    "industry",
    "education",
    "specialization",
    "remote",
    "employment_type",
    "pay_component",
    "pay_period",
)
MAX_TITLE = 300
# A company or city longer than this names none: a 300,000-character company had been
# stored, which no filter (200 characters at most) could ask for, and `companies
# --search` printed 360 KB of it. The longest real one is 113 (an H-1B employer).
MAX_NAME = 300


def _distinct(con: Con, table: str, columns: Sequence[str]) -> list[tuple[str | None, ...]]:
    cols = ", ".join(columns)
    return con.execute(f"SELECT DISTINCT {cols} FROM {table}").fetchall()


def _register(
    con: Con, name: str, columns: Mapping[str, Sequence[object]], types: Mapping[str, str]
) -> None:
    """Lookup ``name`` of ``columns`` (equal lists; VARCHAR unless ``types`` says BOOLEAN),
    an Arrow table registered: DuckDB scans it where it is, which a temp table made from
    the lists (``unnest(?)``) spent about 0.25 s more CPU on over the record files.

    The arrays are built from their buffers (``paygrade.arrays``): ``pa.array`` would
    import pandas, half a second of CPU once per process, a third of a one-file
    ``paygrade ingest``'s.

    Example:
        >>> con = duckdb.connect()
        >>> _register(con, "_t", {"raw": ["a", None], "known": [True, False]}, {"known": "BOOLEAN"})
        >>> con.execute("SELECT raw, known, typeof(raw) FROM _t ORDER BY raw").fetchall()
        [('a', True, 'VARCHAR'), (None, False, 'VARCHAR')]
    """
    import pyarrow as pa  # here: claims and submissions read this module's rules, not Arrow

    made = {key: _array(values, types.get(key, "VARCHAR")) for key, values in columns.items()}
    con.register(name, pa.table(made))


def _array(values: Sequence[object], kind: str) -> pa.Array:
    from paygrade.arrays import bool_array, text_array

    if kind == "BOOLEAN":
        return bool_array(cast("Sequence[bool | None]", values))
    return text_array(cast("Sequence[str | None]", values))


def _distinct_values(con: Con, staged: str, columns: Sequence[str]) -> dict[str, list[str]]:
    """Each column's distinct values (NULL left out), all from one scan of ``staged``."""
    lists = ", ".join(f"list(DISTINCT {column})" for column in columns)
    found = con.execute(f"SELECT {lists} FROM {staged}").fetchall()[0]
    return {
        column: [value for value in values if value is not None]
        for column, values in zip(columns, found, strict=True)
    }


def _lookup(
    con: Con,
    name: str,
    raws: list[str],
    derive: Callable[[str], tuple[object, ...]],
    outputs: Sequence[str],
) -> None:
    """Register ``name(raw, *outputs)`` mapping each of the distinct values ``raws``."""
    derived = [derive(raw) for raw in raws]
    columns: dict[str, list[object]] = {"raw": list(raws)}
    for i, output in enumerate(outputs):
        columns[output] = [row[i] for row in derived]
    _register(con, name, columns, {})


def _register_titles(con: Con, staged: str, context: str) -> None:
    """``_titles(raw, occupation, title, role, level, specialization)``: each distinct
    title, with each occupation it is filed under where the file names one."""
    pairs = [(t, o) for t, o in _distinct(con, staged, ["title", "occupation"]) if t is not None]
    found = [_title_in(title, context, occupation) for title, occupation in pairs]
    _register(
        con,
        "_titles",
        {
            "raw": [title for title, _ in pairs],
            "occupation": [occupation for _, occupation in pairs],
            "title": [clean_title(title) for title, _ in pairs],
            "role": [f.role for f in found],
            "level": [f.level for f in found],
            "specialization": [f.specialization for f in found],
        },
        {},
    )


def _company(raw: str) -> tuple[object, ...]:
    return (canonical_company(raw),)


def _titles_at(con: Con, staged: str, companies: Sequence[str]) -> list[tuple[str, str]]:
    """Each distinct (title, company) of the staged rows at one of ``companies`` (their
    canonical names: after ``_companies``, which it joins)."""
    return con.execute(
        f"""SELECT DISTINCT s.title, c.company FROM {staged} s
        JOIN _companies c ON c.raw = s.company
        WHERE s.title IS NOT NULL AND c.company IN (SELECT unnest(?))""",
        [list(companies)],
    ).fetchall()


def _register_company_levels(con: Con, staged: str) -> None:
    """``_company_levels(raw, company, company_level)``: each distinct title at a company
    with a reviewed ladder, resolved once (after ``_companies``, which it joins)."""
    pairs = _titles_at(con, staged, mapped_companies())
    _register(
        con,
        "_company_levels",
        {
            "raw": [p[0] for p in pairs],
            "company": [p[1] for p in pairs],
            "company_level": [company_level(p[0], p[1]) for p in pairs],
        },
        {},
    )


def _register_employer_grades(con: Con, staged: str) -> None:
    """``_employer_grades(raw, company, reads, level)``: each distinct title at a company with
    reviewed grades of its own (``employer_grades.csv``) that names one (after
    ``_companies``, which it joins)."""
    pairs = _titles_at(con, staged, graded_companies())
    found = [(title, company, grade) for title, company in pairs
             if (grade := employer_grade(title, company))]  # fmt: skip
    _register(
        con,
        "_employer_grades",
        {
            "raw": [f[0] for f in found],
            "company": [f[1] for f in found],
            "reads": [f[2][0] for f in found],
            "level": [f[2][1] for f in found],
        },
        {},
    )


def _title_in(title: str, context: str, occupation: str | None) -> TitleInfo:
    """``classify_title`` read once per title, and again with its occupation only where
    that can change it (a role held to its occupations, a bare "Staff Engineer" the
    occupation gives a role): the FY2024 Q1 filings hold
    29,811 distinct titles in 37,158 distinct pairs of title and SOC code."""
    info = classify_title(title, context)
    if occupation and ranks_a_function(title):  # "Vice President, Software Engineering"
        return classify_title(title, context, occupation)
    if not in_occupation(info.role, occupation):
        return classify_title(title, context, occupation)
    if info.role == "other" and occupation_role(title, occupation):  # "Staff Engineer"
        return classify_title(title, context, occupation)
    return info


def _spelt_right(con: Con, keys: list[str], states: list[str | None]) -> list[str]:
    """Each city key, or for one no city of its state has, the city it misspells
    (``places.misspelt_city``): 306 filings had no metro, "SEATLLE" and "KIRLAND" among them."""
    unknown = sorted({(k, s) for k, s in zip(keys, states, strict=True) if s is not None})
    if not unknown:
        return keys
    # The store says which keys it has no city of: only those, and only their states'
    # cities, come back to Python (not every city of every state the file names).
    misspelt: list[tuple[str, str]] = con.execute(
        """SELECT q.k, q.s FROM (SELECT unnest(?) AS k, unnest(?) AS s) q
        ANTI JOIN places p ON p.city_key = q.k AND p.state = q.s""",
        [[k for k, _ in unknown], [s for _, s in unknown]],
    ).fetchall()
    if not misspelt:
        return keys
    held = con.execute(
        "SELECT DISTINCT city_key, state FROM places WHERE state IN (SELECT unnest(?))",
        [sorted({s for _, s in misspelt})],
    ).fetchall()
    # misspelt_city reads only the cities with the key's first letter: handing it just
    # those, found once, spares scanning every city of a state for each key.
    cities: dict[tuple[str, str], list[str]] = {(s, k[:1]): [] for k, s in misspelt}
    for key, state in held:
        if (bucket := cities.get((state, key[:1]))) is not None:
            bucket.append(key)
    mended: dict[tuple[str, str | None], str | None] = {
        (k, s): misspelt_among(k, tuple(sorted(cities[(s, k[:1])]))) for k, s in misspelt
    }
    return [mended.get((k, s)) or k for k, s in zip(keys, states, strict=True)]


def metro_as_filed(raw: str, areas: Mapping[str, str]) -> tuple[str | None, str | None]:
    """A metro a file gives, as OEWS names it (``areas``: casefolded name -> name), and the
    reason it is none: a file's "Seattle" had become a metro of its own, which
    ``metro=seattle`` then took whole, leaving out Seattle's 3,447 filings. A city naming
    one metro, or a name people use ("NYC"), is that metro; without any area loaded (no
    geography yet) the metro is taken as given.

    Example:
        >>> areas = {"seattle-tacoma-bellevue, wa": "Seattle-Tacoma-Bellevue, WA"}
        >>> metro_as_filed(" seattle ", areas), metro_as_filed("Seattle-Tacoma-Bellevue, WA", {})
        (('Seattle-Tacoma-Bellevue, WA', None), ('Seattle-Tacoma-Bellevue, WA', None))
        >>> print(metro_as_filed("Seatle", areas)[1])
        unknown metro: 'Seatle' is no OEWS metro area; did you mean Seattle-Tacoma-Bellevue, WA?
    """
    text = " ".join(raw.split())
    if not text:
        return None, None
    if not areas:
        return text, None
    if (name := areas.get(text.casefold()) or _by_letters(text, areas)) is not None:
        return name, None
    meant = [
        areas[m.casefold()] for m in metros_meant(text, areas.values()) if m.casefold() in areas
    ]
    if len(meant) == 1:
        return meant[0], None
    hint = meant or metros_spelled_near(text, areas.values())
    tip = f"; did you mean {' or '.join(hint)}?" if hint else " (e.g. Seattle-Tacoma-Bellevue, WA)"
    return None, f"unknown metro: '{text[:40]}' is no OEWS metro area{tip}"


def _by_letters(text: str, areas: Mapping[str, str]) -> str | None:
    """The area whose name has ``text``'s letters and digits, punctuation aside
    ("Seattle-Tacoma-Bellevue WA")."""
    key = _letters(text)
    return next((name for name in areas.values() if _letters(name) == key), None)


def _letters(text: str) -> str:
    return "".join(c for c in text.casefold() if c.isalnum())


# The US territories whose metros are of their own country code too (San Juan's is PR);
# a state's code as the country (CA, DE) is another country, whatever the metro's suffix.
TERRITORIES = "'PR', 'GU', 'VI', 'AS', 'MP'"


def _register_metros(con: Con, raws: list[str]) -> None:
    """``_metros(raw, metro, error)``: each distinct metro a file gives (``metro_as_filed``),
    against the OEWS metro and nonmetro areas and the gazetteer's metros."""
    areas: dict[str, str] = {}
    if raws:
        names = con.execute(
            """SELECT area_name FROM oews WHERE area_type IN ('metro', 'nonmetro')
            UNION SELECT metro FROM places WHERE metro IS NOT NULL"""
        ).fetchall()
        areas = {str(name).casefold(): str(name) for (name,) in names}
    found = [metro_as_filed(raw, areas) for raw in raws]
    _register(
        con,
        "_metros",
        {"raw": raws, "metro": [f[0] for f in found], "error": [f[1] for f in found],
         # Read against the areas (else taken as given: no geography to say it is a US one).
         "known": [bool(areas) for _ in raws]},
        {"known": "BOOLEAN"},
    )  # fmt: skip


# The staged columns whose values are few in any file: a row's *kind* is its combination of
# them, and all the work that reads only these columns is done once per kind
# (``_kinds_sql``), not once per row: aijobs' 74,301 rows are 1,057 kinds, the FY2024 LCA
# filings' 96,545 are 144.
KIND_FIELDS: Final = (*VOCAB_FIELDS, "year", "currency", "country", "state", "metro")


def _register_kinds(con: Con, staged: str) -> list[str]:
    """``_kinds(<each of KIND_FIELDS>, v_<field>, e_<field> for each of VOCAB_FIELDS)``:
    each kind of row in ``staged``, with its vocabulary fields' canonical values and
    reasons (``vocab.canonical_value``). Returns the distinct metros (NULL left out)."""
    kinds = _distinct(con, staged, KIND_FIELDS)
    given = {field: [kind[i] for kind in kinds] for i, field in enumerate(KIND_FIELDS)}
    columns: dict[str, list[str | None]] = dict(given)
    for field in VOCAB_FIELDS:
        # Each value read once, however many kinds hold it.
        found = {raw: canonical_value(field, raw) for raw in set(given[field])}
        columns[f"v_{field}"] = [found[raw][0] for raw in given[field]]
        columns[f"e_{field}"] = [found[raw][1] for raw in given[field]]
    _register(con, "_kinds", columns, {})
    return [metro for metro in set(given["metro"]) if metro is not None]


def _register_places(con: Con, staged: str) -> None:
    pairs = [p for p in _distinct(con, staged, ["city", "state"]) if p[0] is not None]
    keys = [place_key(p[0] or "", p[1]) for p in pairs]
    states = [(p[1] or "").strip().upper() or None for p in pairs]
    _register(
        con,
        "_places",
        {
            "raw_city": [p[0] for p in pairs],
            "raw_state": [p[1] for p in pairs],
            "ckey": _spelt_right(con, keys, states),
            "st": states,
            "shown": [" ".join((p[0] or "").split()).title() or None for p in pairs],
        },
        {},
    )


def register_lookups(con: Con, staged: str, title_context: str = "general") -> None:
    """Every lookup table the canonical SELECT joins, from ``staged``'s distinct values.

    ``title_context`` is the source's (``RecordSource.title_context``): how a
    title that names no function is read.
    """
    distinct = _distinct_values(con, staged, ["company"])
    _register_titles(con, staged, title_context)
    _lookup(con, "_companies", distinct["company"], _company, ("company",))
    _register_company_levels(con, staged)
    _register_employer_grades(con, staged)
    _register_ladders(con)
    _register_metros(con, _register_kinds(con, staged))
    _register_places(con, staged)
    _register(con, "_currencies", {"code": sorted(currencies())}, {})
    _register(con, "_countries", {"code": sorted(codes("countries.csv"))}, {})
    _register(con, "_states", {"code": sorted(codes("us_states.csv"))}, {})


def unregister_lookups(con: Con) -> None:
    names = [
        "_titles",
        "_companies",
        "_company_levels",
        "_employer_grades",
        "_ladders",
        "_places",
        "_metros",
        "_currencies",
        "_countries",
        "_states",
        "_kinds",
    ]
    for name in names:
        # After a failed statement the transaction is aborted and refuses even this;
        # the rollback that follows drops the views anyway.
        with contextlib.suppress(duckdb.Error):
            con.unregister(name)


def _number(expr: str) -> str:
    # Like money.parse_amount: 'NaN' and 'inf' parse as doubles but are not numbers;
    # \pZ: RE2's \s is ASCII only, but "120 000" may be written with a thin space.
    # A comma groups digits or is a decimal comma (money.DECIMAL_COMMA); else no number.
    bare = f"regexp_replace(trim({expr}), '[\\s\\pZ$]', '', 'g')"
    text = f"""CASE WHEN NOT contains({bare}, ',') THEN {bare}
        WHEN regexp_full_match({bare}, '{GROUPED_BY_COMMAS}') THEN replace({bare}, ',', '')
        WHEN regexp_full_match({bare}, '{DECIMAL_COMMA}')
        THEN replace(replace({bare}, '.', ''), ',', '.') END"""
    # DuckDB reads "+-1" as -1 where Python (parse_amount) reads no number, as it reads
    # "-+1", "++1" and "--1": two signs are none (a property test found "+-0").
    signed = f"CASE WHEN NOT starts_with({bare}, '+-') THEN {text} END"
    value = f"TRY_CAST({signed} AS DOUBLE)"
    return f"CASE WHEN isfinite({value}) THEN {value} END"


def _not_a_number(column: str) -> str:
    """SQL: the reason an amount cell is no number, saying why a comma made it so."""
    return (
        f"'bad {column}: ' || {_shown('k.' + column)} || ' is not a number' || CASE WHEN"
        f" contains(k.{column}, ',') THEN ' (a comma groups digits, as in 120,000, or marks"
        " one or two decimals, as in 65000,50)' ELSE '' END"
    )


def _sign_claim(amount: str, currency: str) -> str:
    """``money.sign_claim`` in SQL: the first sign of ``CURRENCY_SIGNS`` in ``amount`` that
    is not ``currency``'s, in the words a form says it ("$90,000" with EUR had been stored as
    90,000 EUR, ``_number`` dropping the "$"); NULL when there is none."""
    cases = " ".join(
        f"WHEN contains({amount}, {_literal(sign)}) AND {currency} NOT IN "
        f"({', '.join(_literal(code) for code in sorted(written_for))}) THEN replace("
        f"{_literal(SIGN_CLAIM.format(sign=sign, called=called, currency='{currency}'))}, "
        f"'{{currency}}', {currency})"
        for sign, (called, written_for) in CURRENCY_SIGNS.items()
    )
    return f"CASE {cases} END"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _whole_number(expr: str) -> str:
    # TRY_CAST('2024.5' AS INTEGER) rounds to 2025; a year must be whole ("2024.0" is).
    value = f"TRY_CAST(trim({expr}) AS DOUBLE)"
    return f"CASE WHEN {value} = floor({value}) THEN TRY_CAST({value} AS INTEGER) END"


def _shown(expr: str) -> str:
    return f"'''' || left({expr}, 40) || ''''"


def _blank(expr: str) -> str:
    """SQL: whether a cell is empty or only spaces (of any kind, as Python's ``str.strip``
    strips them): a year of "  " had been "bad year: '  ' is not a whole number", where an
    empty one is "missing year"."""
    return f"coalesce(regexp_full_match({expr}, '[\\s\\pZ]*'), true)"


def _kind_reasons() -> dict[str, str]:
    """The reasons that read a row's kind alone (``KIND_FIELDS``), each by the name of its
    column in ``_kinds_sql`` (over ``kinds k``); ``_reasons`` lists them in their place."""
    last_year = dt.date.today().year + 1
    return {
        "r_year": f"CASE WHEN {_blank('k.year')} THEN 'missing year' "
        f"WHEN k.n_year IS NULL THEN 'bad year: ' || {_shown('k.year')} "
        "|| ' is not a whole number' "
        f"WHEN k.n_year NOT BETWEEN {FIRST_YEAR} AND {last_year} THEN "
        f"'impossible year: ' || k.n_year || ' is outside {FIRST_YEAR}-{last_year}' END",
        # Missing: no canonical value and no "bad" reason, so a blank or spaces-only
        # cell counts too (records need both; a NULL there would fail the insert).
        "r_pay_component": "CASE WHEN k.v_pay_component IS NULL AND k.e_pay_component IS NULL "
        "THEN 'missing pay_component' END",
        # Sources of annual figures say so; a blank DOL WAGE_UNIT_OF_PAY is unknown.
        "r_pay_period": "CASE WHEN k.v_pay_period IS NULL AND k.e_pay_period IS NULL "
        "THEN 'missing pay_period' END",
        "r_country": "CASE WHEN nullif(trim(k.country), '') IS NOT NULL "
        "AND upper(trim(k.country)) NOT IN (SELECT code FROM _countries) "
        f"THEN 'bad country: ' || {_shown('k.country')} || ' is not an ISO 3166 alpha-2 code' END",
        # Metros are US areas (a territory's, San Juan's, is of its own country too).
        "r_metro": "CASE WHEN k.m_metro IS NOT NULL AND k.m_known "
        "AND nullif(trim(k.country), '') IS NOT NULL "
        "AND upper(trim(k.country)) <> 'US' AND NOT (upper(trim(k.country)) IN "
        f"({TERRITORIES}) AND ends_with(k.m_metro, ', ' || upper(trim(k.country)))) "
        "THEN 'bad metro: ' || k.m_metro || ' is in the US, but the country is ' "
        "|| upper(trim(k.country)) END",
        "r_state": "CASE WHEN nullif(trim(k.state), '') IS NOT NULL "
        "AND upper(trim(k.state)) NOT IN (SELECT code FROM _states) "
        f"THEN 'bad state: ' || {_shown('k.state')} "
        "|| ' is not the code of a US state, DC or territory' "
        # A US state with another country: one of the two is wrong, and which is unknown.
        # A territory is its own country too (PR, GU, VI: USPS and ISO codes agree); a
        # state is not: IN with India had been Indiana, California with Canada California.
        "WHEN nullif(trim(k.country), '') IS NOT NULL "
        "AND upper(trim(k.country)) <> 'US' AND NOT (upper(trim(k.country)) IN "
        f"({TERRITORIES}) AND upper(trim(k.state)) = upper(trim(k.country))) "
        "THEN 'bad state: ' || upper(trim(k.state)) || ' is in the US, but the country is ' "
        "|| upper(trim(k.country)) END",
    }


# A year's pay grouped by dots ("950.000"), over ``canon k``: no amount (``_reasons``).
DOTTED = (
    "coalesce(k.v_pay_period = 'year' AND regexp_full_match(trim(k.amount), "
    f"{_literal(DOTTED_THOUSANDS.pattern)}), false)"
)


# How far apart a file's amount_usd and its amount at the store's rate may be: a day's
# rate against a year's.
USD_GIVEN_APART = 0.02


def _said_money(expr: str) -> str:
    """SQL: an amount as a reason says it, grouped, cents only where it has them."""
    return f"format(CASE WHEN {expr} = round({expr}) THEN '{{:,.0f}}' ELSE '{{:,.2f}}' END, {expr})"


def _usd_given_apart() -> str:
    """SQL over ``canon k``: why one's own file's amount and amount_usd disagree, or NULL.
    An edited `paygrade records` listing re-imported (the amount changed, amount_usd not)
    was stored as both, the statistics reading the old amount_usd."""
    at_rate = "k.n_amount_raw * k.usd_per_unit"
    return (
        "CASE WHEN k.n_usd_given > 0 AND k.n_amount_raw > 0 AND k.n_currency = 'USD' "
        "AND abs(k.n_amount_raw - k.n_usd_given) >= 0.005 "
        f"THEN 'bad amount_usd: ' || {_said_money('k.n_usd_given')} || ' is not its amount, ' "
        f"|| {_said_money('k.n_amount_raw')} || ' USD: give one of them, or both alike' "
        "WHEN k.n_usd_given > 0 AND k.n_amount_raw > 0 AND k.usd_per_unit IS NOT NULL "
        f"AND abs({at_rate} - k.n_usd_given) > {USD_GIVEN_APART} * {at_rate} "
        f"THEN 'bad amount_usd: ' || {_said_money('k.n_usd_given')} || ' is not its amount, ' "
        f"|| {_said_money('k.n_amount_raw')} || ' ' || k.n_currency || ' (' "
        f"|| {_said_money(f'round({at_rate})')} || ' USD at the rate of ' "
        "|| CAST(k.n_year AS VARCHAR) || ', more than "
        f"{USD_GIVEN_APART:.0%} apart): give one of them, or both alike' "
        # Nothing to hold them to: an amount in no currency had been stored beside any
        # amount_usd (9,000,000 of nothing as 100,000 USD). With no rate of its year, one's
        # own conversion stands (a store without the aijobs file has no rates).
        "WHEN k.n_usd_given > 0 AND k.n_amount_raw > 0 AND k.n_currency IS NULL "
        f"THEN 'missing currency: amount ' || {_said_money('k.n_amount_raw')} "
        "|| ' is in no currency: give its currency, or amount_usd alone' END"
    )


def _reasons(source: str = "") -> str:
    """SQL list of the reasons a row is quarantined (NULLs dropped), over ``canon k``:
    its kind's (``_kind_reasons``, found once per kind) in their place among its own."""
    checks = [
        "k.source_reason",
        "k.r_year",
        f"CASE WHEN k.t_title IS NULL OR k.t_title = '' THEN 'missing title' "
        f"WHEN length(k.t_title) > {MAX_TITLE} "
        f"THEN 'bad title: longer than {MAX_TITLE} characters' END",
        *(
            f"CASE WHEN length(k.{name}) > {MAX_NAME} "
            f"THEN 'bad {name}: longer than {MAX_NAME} characters' END"
            for name in ("company", "city")
        ),
        *(f"k.e_{field}" for field in VOCAB_FIELDS),
        _company_level_reason(),
        "k.r_pay_component",
        "k.r_pay_period",
        # amount_usd first: a file of amount_usd alone stages it as the amount too, and its
        # "$150k" was said of a column "amount" the file does not have.
        # Blank (spaces) is missing, as an empty cell is, not "'  ' is not a number".
        "CASE WHEN k.n_amount_raw IS NULL AND k.n_usd_given IS NULL "
        f"AND {_blank('k.amount')} AND {_blank('k.amount_usd')} THEN 'missing amount' "
        # "950.000" in a year's pay is 950,000 grouped by dots (a German export), read as
        # 950 with a dot as the decimal mark: 950 EUR was stored, smaller figures called
        # implausible. An hourly "45.125" stays a number.
        f"WHEN {DOTTED} THEN 'bad amount: ' || {_shown('k.amount')} "
        "|| ' groups thousands with dots, and a dot marks decimals: write ' "
        "|| replace(trim(k.amount), '.', '') "
        f"WHEN k.n_usd_given IS NULL AND NOT {_blank('k.amount_usd')} THEN "
        f"{_not_a_number('amount_usd')} "
        f"WHEN k.n_amount_raw IS NULL AND NOT {_blank('k.amount')} THEN "
        f"{_not_a_number('amount')} "
        f"WHEN k.sign_claim IS NOT NULL THEN 'bad amount: ' || {_shown('k.amount')} "
        "|| ': ' || k.sign_claim "
        "WHEN coalesce(k.n_amount_raw, 1) <= 0 OR coalesce(k.n_usd_given, 1) <= 0 THEN "
        "'bad amount: zero or negative' END",
        f"CASE WHEN k.currency_unknown THEN 'unknown currency: ' || {_shown('k.currency')} "
        "WHEN k.n_usd_given IS NULL AND k.n_currency <> 'USD' AND k.usd_per_unit IS NULL "
        "THEN 'no exchange rate: ' || k.n_currency || ' in ' "
        "|| coalesce(CAST(k.n_year AS VARCHAR), '?') "
        "|| ' (rates come from the aijobs file)' "
        "WHEN k.n_usd_given IS NULL AND k.n_currency IS NULL "
        f"AND NOT {_blank('k.amount')} THEN 'missing currency' END",
        # A zero or negative amount has its own reason above; "implausible" beside it said
        # the one fault twice.
        # One's own file only: a source's amount_usd is its own conversion (aijobs').
        _usd_given_apart() if source == "csv" else "NULL",
        f"CASE WHEN k.c_amount_usd > 0 AND NOT {DOTTED} "
        f"AND k.c_amount_usd NOT BETWEEN {MIN_ANNUAL_USD} "
        f"AND {MAX_ANNUAL_USD} THEN "
        # Past a quintillion in powers of ten: 1e308 was said in its 309 digits.
        # Cents where it has them: 999.99 was "1000 USD a year is outside 1,000-5,000,000",
        # 1.5 "2 USD"; every digit where cents would round into the bounds (5000000.004).
        # Under a dollar every digit, as given: 0.001 had been "0 USD a year".
        "'implausible amount: ' || CASE WHEN k.c_amount_usd >= 1e18 "
        "THEN printf('%.2e', k.c_amount_usd) "
        "WHEN k.c_amount_usd < 1 THEN CAST(k.c_amount_usd AS VARCHAR) "
        f"WHEN round(k.c_amount_usd, 2) BETWEEN {MIN_ANNUAL_USD} AND {MAX_ANNUAL_USD} "
        "THEN CAST(k.c_amount_usd AS VARCHAR) "
        "WHEN round(k.c_amount_usd, 2) <> round(k.c_amount_usd) "
        "THEN printf('%.2f', k.c_amount_usd) ELSE printf('%.0f', k.c_amount_usd) END "
        "|| ' USD a year is outside "
        f"{MIN_ANNUAL_USD:,.0f}-{MAX_ANNUAL_USD:,.0f}' END",
        f"CASE WHEN NOT {_blank('k.years_experience')} AND (k.n_years IS NULL OR "
        f"k.n_years NOT BETWEEN 0 AND {MAX_YEARS_EXPERIENCE}) THEN "
        f"'bad years_experience: ' || {_shown('k.years_experience')} END",
        "k.r_country",
        "k.e_metro",
        "k.r_metro",
        "k.r_state",
    ]
    return "list_filter([" + ",\n".join(checks) + "], lambda r: r IS NOT NULL)"


def _company_level_reason() -> str:
    """SQL reason of a company level given that its company's reviewed ladder has not
    (Google L55), over ``canon k``: such a row had been stored with no level and no word.
    A company with no reviewed ladder keeps its level as given.

    Example:
        >>> "WHEN 'Google' THEN 'L3, L4, L5" in _company_level_reason()
        True
    """
    ladders = " ".join(f"WHEN '{c}' THEN '{own_levels(c)}'" for c in mapped_companies())
    levels = f"CASE k.c_company {ladders} END"  # NULL for a company with no ladder
    given = "nullif(trim(k.company_level), '')"
    return (
        f"CASE WHEN {given} IS NOT NULL AND k.lad_level IS NULL AND {levels} IS NOT NULL "
        f"THEN 'bad company_level: ' || {_shown(given)} || ' is not one of ' "
        f"|| k.c_company || '''s levels: ' || {levels} END"
    )


def _period_factor() -> str:
    cases = " ".join(f"WHEN '{name}' THEN {factor}" for name, factor in PAY_PERIODS.items())
    return f"CASE k.v_pay_period {cases} END"


def _kinds_sql(reference_year: int) -> str:
    """The SELECT of each kind of row (``_kinds``) with all that its fields alone decide:
    the year and currency read, the metro as filed, the exchange rate, CPI-U and the
    reasons of ``_kind_reasons``."""
    reasons = ",\n".join(f"{sql} AS {name}" for name, sql in _kind_reasons().items())
    return f"""
    WITH read AS (
        SELECT v.*,
            {_whole_number("v.year")} AS n_year,
            nullif(upper(trim(v.currency)), '') AS n_currency,
            m.metro AS m_metro, m.error AS e_metro, m.known AS m_known
        FROM _kinds v
        LEFT JOIN _metros m ON m.raw = v.metro
    )
    SELECT k.*, {_period_factor()} AS factor,
        fx.usd_per_unit, cpi.cpi AS cpi_year, cpi_ref.cpi AS cpi_ref,
        -- FALSE, not NULL, without a currency: the row's checks read it as a condition.
        k.n_currency IS NOT NULL AND k.n_currency NOT IN (SELECT code FROM _currencies)
            AS currency_unknown,
        {reasons}
    FROM read k
    LEFT JOIN fx_rates fx ON fx.currency = k.n_currency AND fx.year = k.n_year
    LEFT JOIN cpi ON cpi.year = k.n_year
    LEFT JOIN cpi cpi_ref ON cpi_ref.year = {int(reference_year)}
    """


def _kind_join(kinds: str, row: str) -> str:
    # NULL-safe: a field a file does not give is NULL in every row and every kind.
    return " AND ".join(f"{kinds}.{f} IS NOT DISTINCT FROM {row}.{f}" for f in KIND_FIELDS)


# The product's experience bands, for records that give years but no level: each
# level up to the years it stops at (entry < 2 years, mid 2-5), then the last (senior 5+).
YEARS_BANDS: Final = (("entry", 2), ("mid", 5))
YEARS_BEYOND: Final = "senior"


def level_from_years(years: float) -> str:
    """The level a record with ``years`` of experience and no other evidence gets.

    Example:
        >>> level_from_years(0.5), level_from_years(2), level_from_years(12)
        ('entry', 'mid', 'senior')
    """
    return next((level for level, below in YEARS_BANDS if years < below), YEARS_BEYOND)


def level_apart_from_years(level: str, years: float) -> str | None:
    """The level ``years`` of experience give by the data's bands, where it is two or more
    levels from ``level`` ("senior" with 1 year, "entry" with 25); None where they are
    near. Years beyond the last band say nothing against staff, principal or executive.

    Example:
        >>> level_apart_from_years("entry", 25), level_apart_from_years("senior", 1)
        ('senior', 'entry')
        >>> level_apart_from_years("senior", 8), level_apart_from_years("staff", 9)
        (None, None)
        >>> level_apart_from_years("mid", 0.5), level_apart_from_years("executive", 3)
        (None, 'mid')
    """
    by_years = level_from_years(years)
    apart = LEVELS.index(level) - LEVELS.index(by_years)
    if abs(apart) < 2 or (by_years == YEARS_BEYOND and apart > 0):
        return None
    return by_years


def _level_from_years(years: str) -> str:
    """``level_from_years`` in SQL (NULL years: NULL)."""
    bands = " ".join(f"WHEN {years} < {below} THEN '{level}'" for level, below in YEARS_BANDS)
    return f"CASE {bands} WHEN {years} >= {YEARS_BANDS[-1][1]} THEN '{YEARS_BEYOND}' END"


# Sources whose level a person chose from the product's own list, which offers staff and
# principal (the submit form): the level chosen is the one meant, never refined by the
# title's words ("Staff Machine Learning Engineer" chosen as senior had been stored staff).
LEVEL_CHOSEN: Final = frozenset({"submission"})


def _level_precedence(years: str, chosen: bool = False) -> str:
    """Level precedence: the most specific evidence wins (docs/methodology.md).

    A source's coarse code (aijobs' SE, a CSV's ``level``) wins over the title,
    except that a title's staff or principal refines a source's senior: it is
    the same seniority, said more precisely (aijobs has no code above SE but
    executive). Where they disagree otherwise (a title's principal on a mid
    code, a title's executive on an EX code) the source wins. A level
    ``chosen`` from the product's levels (``LEVEL_CHOSEN``) is not refined:
    senior there was chosen over staff. Without a source level the title's
    counts, then years of experience.

    A title naming a level of its company's reviewed ladder means that ladder's
    generic level, whatever its words say elsewhere: Amazon's "Principal SDE" is
    L7, which the ladder maps to staff (a record's level and its company level
    never disagree). A company level given with the record counts the same way.
    An employer's own grade (``employer_grades.csv``) comes next: Fidelity's "Principal
    Software Engineer/Developer" is its grade after Senior, senior.
    """
    title = "coalesce(k.lad_level, k.eg_level, k.t_level)"
    given = f"coalesce(k.v_level, {title}, {_level_from_years(years)})"
    if chosen:
        return given
    return f"""CASE WHEN k.v_level = 'senior' AND {title} IN ('staff', 'principal') THEN {title}
        ELSE {given} END"""


def _register_ladders(con: Con) -> None:
    """``_ladders(company, company_level, level)``: the reviewed ladders, each company level
    and the generic level it maps to."""
    rows = company_levels()
    _register(
        con,
        "_ladders",
        {
            "company": [row.company for row in rows],
            "company_level": [row.company_level for row in rows],
            "level": [row.level for row in rows],
        },
        {},
    )


def _canonical_sql(staged: str, reference_year: int, source: str = "") -> str:
    """The SELECT turning ``staged`` (a file of ``source``) into canonical columns plus
    ``reasons``."""
    return f"""
    WITH kinds AS ({_kinds_sql(reference_year)}),
    base AS (
        SELECT s.*,
            {_number("s.amount")} AS n_amount_raw,
            {_number("s.amount_usd")} AS n_usd_given,
            TRY_CAST(trim(s.years_experience) AS DOUBLE) AS n_years
        FROM {staged} s
    ),
    found_places AS (
        -- Each distinct place once, not each row: the gazetteer's city for its key.
        SELECT pl.raw_city, pl.raw_state, pl.shown, p.metro, p.city
        FROM _places pl
        LEFT JOIN places p ON p.city_key = pl.ckey AND p.state = pl.st
    ),
    joined AS (
        SELECT b.*, kd.* EXCLUDE ({", ".join(KIND_FIELDS)}),
            t.title AS t_title, t.role AS t_role, t.level AS t_level, t.specialization AS t_spec,
            c.company AS c_company, cl.company_level AS cl_level, lad.level AS lad_level,
            CASE WHEN eg.reads = t.level THEN eg.level END AS eg_level,
            p.metro AS p_metro, p.city AS p_city, p.shown AS pl_shown
        FROM base b
        LEFT JOIN kinds kd ON {_kind_join("kd", "b")}
        LEFT JOIN _titles t ON t.raw = b.title AND t.occupation IS NOT DISTINCT FROM b.occupation
        LEFT JOIN _companies c ON c.raw = b.company
        LEFT JOIN _company_levels cl ON cl.raw = b.title AND cl.company = c.company
        LEFT JOIN _employer_grades eg ON eg.raw = b.title AND eg.company = c.company
        LEFT JOIN _ladders lad ON lad.company = c.company
            AND lad.company_level = coalesce(nullif(trim(b.company_level), ''), cl.company_level)
        LEFT JOIN found_places p ON p.raw_city = b.city AND p.raw_state IS NOT DISTINCT FROM b.state
    ),
    canon AS (
        SELECT j.*,
            -- Of a known currency only: an unknown one has its own reason.
            CASE WHEN NOT j.currency_unknown THEN {_sign_claim("j.amount", "j.n_currency")}
            END AS sign_claim,
            j.n_amount_raw * j.factor AS c_amount,
            CASE WHEN j.n_usd_given IS NOT NULL THEN j.n_usd_given * j.factor
                 WHEN j.n_currency = 'USD' THEN j.n_amount_raw * j.factor
                 ELSE j.n_amount_raw * j.factor * j.usd_per_unit END AS c_amount_usd
        FROM joined j
    )
    SELECT k.source_row, k.dup_rank,
        k.n_year AS year,
        coalesce(k.v_role, k.t_role) AS role,
        {_level_precedence("k.n_years", source in LEVEL_CHOSEN)} AS level,
        k.n_years AS years_experience,
        k.t_title AS title,
        k.c_company AS company,
        coalesce(nullif(trim(k.company_level), ''), k.cl_level) AS company_level,
        nullif(trim(k.company), '') AS company_raw,
        coalesce(k.m_metro, k.p_metro) AS metro,
        coalesce(k.p_city, k.pl_shown) AS city,
        -- From the row, not the place lookup: a source may give a state without a city.
        nullif(upper(trim(k.state)), '') AS state,
        nullif(upper(trim(k.country)), '') AS country,
        k.v_company_size AS company_size,
        k.v_industry AS industry,
        k.v_education AS education,
        coalesce(k.v_specialization, k.t_spec) AS specialization,
        CAST(k.v_remote AS INTEGER) AS remote,
        k.v_employment_type AS employment_type,
        k.v_pay_component AS pay_component,
        coalesce(k.c_amount, k.c_amount_usd) AS amount,
        k.n_currency AS currency,
        k.c_amount_usd AS amount_usd,
        k.c_amount_usd * k.cpi_ref / k.cpi_year AS amount_usd_real,
        {_reasons(source)} AS reasons
    FROM canon k
    """


def normalize_sql(staged: str, reference_year: int, source: str = "") -> str:
    """The SELECT turning ``staged`` (a file of the source named ``source``) into canonical
    columns, ``reasons`` and ``flags``."""
    canonical = _canonical_sql(staged, reference_year, source)
    return f"SELECT c.*, {flags_sql('c')} AS flags FROM ({canonical}) c"
