"""Companies in the store: records per company, the sources they come from, the names merged.

One plain list of dicts, the data behind ``paygrade companies``. A company is
what ``normalize.companies`` made of each employer name as filed; the filed
names (``company_raw``) show what was merged into it, so a wrong merge or a
missed one is visible.
"""

from __future__ import annotations

import shlex
import threading
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, Final

from paygrade.engines import PRIVATE_MIN
from paygrade.filters import KnownValues, as_letters, resolve
from paygrade.normalize.companies import canonical_company, company_key, key_letters
from paygrade.normalize.places import suggest
from paygrade.records import PRIVATE_SQL, UNFLAGGED_SQL, PaygradeError, shortened
from paygrade.stats import stats
from paygrade.store import Store

_COMPANIES = """
WITH held AS (
    SELECT company, pay_component FROM records
    WHERE source IN {private} AND {unflagged} {where}
    GROUP BY ALL HAVING count(*) >= {least}
), r AS (
    SELECT company, company_raw, source, dup_rank FROM records
    WHERE company IS NOT NULL {where} AND (source NOT IN {private}
        OR EXISTS (SELECT 1 FROM held h
                   WHERE h.company = records.company AND h.pay_component = records.pay_component))
), totals AS (
    SELECT company, count(*) AS n, count(*) FILTER (WHERE dup_rank = 1) AS n_distinct
    FROM r GROUP BY company HAVING count(*) >= ?
), by_source AS (
    SELECT company, list(struct_pack(source, k) ORDER BY k DESC, source) AS sources
    FROM (SELECT company, source, count(*) AS k FROM r GROUP BY ALL) GROUP BY company
), by_name AS (
    SELECT company, list(struct_pack(name, k) ORDER BY k DESC, name) AS raw_names
    FROM (SELECT company, company_raw AS name, count(*) AS k FROM r
          WHERE company_raw IS NOT NULL AND source NOT IN {private}
          GROUP BY ALL)
    GROUP BY company
)
SELECT t.company, t.n, t.n_distinct, s.sources, coalesce(b.raw_names, []) AS raw_names
FROM totals t JOIN by_source s USING (company) LEFT JOIN by_name b USING (company)
ORDER BY t.n DESC, lower(t.company), t.company
"""


def _where_sql(store: Store, where: Mapping[str, Sequence[Any]]) -> tuple[str, list[Any]]:
    # Values as the store holds them, as in stats: company=GOOGLE LLC is Google. A value no
    # record holds matches no company, the answer printed empty and ``filtered_out`` saying
    # why as stats says it ("no record has country 'AQ'" had been an error, no answer).
    typed, unmatched = resolve(where, KnownValues(store), listed=True)
    if unmatched:
        return "AND FALSE", []
    clauses = [
        f"AND {field} IN ({', '.join('?' * len(values))})" for field, values in typed.items()
    ]
    return " ".join(clauses), [value for values in typed.values() for value in values]


def _company(row: tuple[Any, ...]) -> dict[str, Any]:
    company, n, n_distinct, sources, raw_names = row
    return {
        "company": company,
        "n": n,
        "n_distinct": n_distinct,
        "sources": {item["source"]: item["k"] for item in sources},
        "raw_names": [{"name": item["name"], "n": item["k"]} for item in raw_names],
    }


class _Search:
    """A search's text in each form :func:`matches` compares, worked out once per search."""

    def __init__(self, text: str) -> None:
        # Read as a filter reads its value: "Ore\u0301al" (the accent a combining mark, as
        # macOS sends it) had found no L'Oréal, where "Oréal" and company=Ore\u0301al did.
        text = as_letters(text)
        # /companies/Alphabet is Google's page: a search for Alphabet had listed only
        # Alphabet Energy, as no name merged into Google holds the word.
        self.company = (canonical_company(text) or "").casefold()
        self.wanted = text.casefold().strip()
        # Spaced otherwise: "open ai" is OpenAI, "door dash" DoorDash.
        squeezed = "".join(self.wanted.split())
        self.squeezed = squeezed if len(squeezed) >= 4 else None
        key = company_key(text)
        self.key = None if key is None else f" {key} "
        # In the letters of any name whose key holds this one (``key_letters``): its longest
        # word but AND (which may be a "&" there), one test a name, as the keys' had been.
        words = [] if key is None else [w for w in key.split() if w != "AND"]
        self.needle = max(words, key=len, default="")

    def finds(self, names: _Names) -> bool:
        if self.company == names.company:
            return True
        if any(self.wanted in name for name in names.folded):
            return True
        if self.squeezed is not None and any(self.squeezed in n for n in names.squeezed):
            return True
        return self.key is not None and any(
            self.key in names.key(index)
            for index, letters in enumerate(names.letters)
            if self.needle in letters
        )


class _Names:
    """A company's name and the names merged into it, as a search compares them."""

    __slots__ = ("company", "folded", "keys", "letters", "names", "squeezed")

    def __init__(self, company: Mapping[str, Any]) -> None:
        self.names = [company["company"], *(raw["name"] for raw in company["raw_names"])]
        self.company = company["company"].casefold()
        self.folded = [name.casefold() for name in self.names]
        self.squeezed = ["".join(name.split()) for name in self.folded]
        # Keyed only where a search's key words are all in its letters: keying all 57,000
        # names had been most of a search's second of CPU.
        self.letters = [key_letters(name) for name in self.names]
        self.keys: list[str | None] = [None] * len(self.names)

    def key(self, index: int) -> str:
        """The key of name ``index``, spaced at its ends, worked out at its first search
        and kept: a server's later searches had each keyed again every name they passed
        (34 ms a search became 66 ms, where all names had been keyed once)."""
        if (key := self.keys[index]) is None:
            key = self.keys[index] = f" {company_key(self.names[index])} "
        return key


def matches(company: Mapping[str, Any], text: str) -> bool:
    """Whether ``text`` is in the company's name or a name merged into it, or is a name of
    the company itself, as a lookup reads it (an alias: "Alphabet" is Google).

    Case never matters. Nor, when the text is whole words of a name, does
    what the company key ignores (punctuation, legal forms, country tags):
    "intel corp." finds Intel, and "Intel Media".

    Example:
        >>> intel = {"company": "Intel", "raw_names": [{"name": "INTEL CORPORATION", "n": 98}]}
        >>> matches(intel, "intel corp."), matches(intel, "CORPORATION"), matches(intel, "amd")
        (True, True, False)
        >>> matches({"company": "Intelligent Robotics", "raw_names": []}, "intel corp")
        False
        >>> matches({"company": "OpenAI", "raw_names": []}, "open ai")
        True
        >>> matches({"company": "Google", "raw_names": []}, "alphabet")
        True
        >>> matches({"company": "L'Oréal", "raw_names": []}, "ore\u0301al")  # é as macOS sends it
        True
    """
    return _Search(text).finds(_Names(company))


class CompanyList:
    """Companies as :func:`companies` lists them, with each one's names kept as a search
    compares them: built once, it answers each search in milliseconds (see
    :func:`company_list`).

    Example:
        >>> listed = CompanyList([{"company": "Intel", "raw_names": []}])
        >>> [row["company"] for row in listed.matching("intel corp.")], listed.matching("amd")
        (['Intel'], [])
    """

    def __init__(self, rows: Sequence[dict[str, Any]]) -> None:
        self.rows = list(rows)
        self._names: list[_Names] | None = None  # keyed at the first search only
        self._by_name: dict[str, list[str]] | None = None  # at the first search finding none

    def matching(self, text: str | None) -> list[dict[str, Any]]:
        """The companies that :func:`matches` ``text``; all of them when it is blank."""
        if text is None or not text.strip():
            return list(self.rows)
        if self._names is None:
            self._names = [_Names(row) for row in self.rows]
        search = _Search(text)
        return [
            row for row, names in zip(self.rows, self._names, strict=True) if search.finds(names)
        ]

    def spelled_near(self, text: str) -> list[str]:
        """:func:`spelled_near` of these companies, their names kept for the next search
        (so is the index of their letters that ``suggest`` builds for a long list)."""
        if self._by_name is None:
            self._by_name = _by_name(self.rows)
        return suggest(text, self._by_name) if text.strip() else []


def companies(
    store: Store,
    *,
    where: Mapping[str, Sequence[Any]] | None = None,
    search: str | None = None,
    min_n: int = 1,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Every company with records: n, n_distinct (dup_rank = 1), sources and raw names.

    ``where`` keeps records as in ``stats`` (field -> any of the values,
    normalized as the data is);
    ``search`` keeps companies that :func:`matches` it; ``min_n`` drops
    companies with fewer records; the most records first, then by name.

    Example:
        >>> store = Store.open(":memory:")
        >>> companies(store, search="intel")
        []
        >>> store.close()
    """
    found = company_list(store, where=where, min_n=min_n).matching(search)
    return found if limit is None else found[:limit]


def cut_short(shown: int, listed: int, more: str) -> str | None:
    """What to say beside a list of companies cut to its first ``shown`` of ``listed``
    (``more``: how the caller asks for more); None when it holds them all. A list is all
    an answer is: the MCP tool's 100 of 510 ML engineers' companies read as every one.

    Example:
        >>> cut_short(100, 510, "limit")
        'showing 100 of 510 companies, those with most records: raise limit for more'
        >>> cut_short(3, 3, "limit") is None
        True
    """
    if shown >= listed:
        return None
    said = f"showing {shown:,} of {listed:,} companies"
    return f"{said}, those with most records: raise {more} for more"


def companies_said(
    store: Store,
    *,
    where: Mapping[str, Sequence[Any]] | None = None,
    search: str | None = None,
    min_n: int = 1,
    limit: int | None = None,
) -> tuple[list[dict[str, Any]], str | None]:
    """:func:`companies`, and what to say beside them (the API's header, the MCP tool's
    warning): filters that leave none (:func:`filtered_out`, said first: a search within
    them finds none either), a search that found none (:func:`missed`), ``min_n`` leaving
    none (:func:`too_few`), else a list cut to ``limit`` (:func:`cut_short`). An empty list
    always comes with its reason.

    Example:
        >>> companies_said(Store.open(":memory:"), search="gogle")
        ([], "no company matches 'gogle'")
    """
    every = companies(store, where=where, search=search, min_n=min_n)
    rows = every if limit is None else every[:limit]
    said = (
        filtered_out(store, where, rows)
        or missed(store, search, rows)
        or too_few(store, where, min_n, rows, "min_n")
        or cut_short(len(rows), len(every), "limit")
    )
    return rows, said


LISTS_KEPT = 8  # company lists a read-only store keeps (per filters and min_n)


def company_list(
    store: Store, *, where: Mapping[str, Sequence[Any]] | None = None, min_n: int = 1
) -> CompanyList:
    """The companies :func:`companies` lists, before any search; of a read-only store
    (a server's, an MCP session's published copy, which nothing changes) kept in its
    ``memo`` for the next search: each new search had listed and keyed all 27,000
    companies again, about a second.

    Example:
        >>> company_list(Store.open(":memory:")).rows
        []
    """
    if not store.read_only:
        return CompanyList(_listed(store, where or {}, min_n))
    key = (tuple((name, tuple(values)) for name, values in (where or {}).items()), min_n)
    with _KEEPING:  # a server's requests run in threads
        kept: dict[Any, CompanyList] = store.memo.setdefault("company lists", {})
        if key in kept:
            return kept[key]
    listed = CompanyList(_listed(store, where or {}, min_n))
    with _KEEPING:
        while len(kept) >= LISTS_KEPT:
            kept.pop(next(iter(kept)))  # the oldest: a server's filters come and go
        kept[key] = listed
    return listed


_KEEPING = threading.Lock()


def _listed(store: Store, where: Mapping[str, Sequence[Any]], min_n: int) -> list[dict[str, Any]]:
    clauses, params = _where_sql(store, where)
    # Submitted salaries count only at a company holding PRIVATE_MIN of them within the
    # filters, as in a stats group ("--where years_experience=3" had shown one submitter's
    # two records); their names as typed are never shown.
    sql = _COMPANIES.format(
        where=clauses, private=PRIVATE_SQL, least=PRIVATE_MIN, unflagged=UNFLAGGED_SQL
    )
    rows = store.con.execute(sql, [*params, *params, min_n]).fetchall()
    return [_company(row) for row in rows]


def spelled_near(rows: Sequence[Mapping[str, Any]], text: str) -> list[str]:
    """The companies of ``rows`` (as :func:`companies` gives them) spelled nearest to
    ``text``, for a search that matched none ("gogle").

    Example:
        >>> rows = [{"company": "Google"}, {"company": "Gogo"}, {"company": "Intel"}]
        >>> spelled_near(rows, "gogle")
        ['Google']
    """
    return suggest(text, _by_name(rows)) if text.strip() else []


def _by_name(rows: Sequence[Mapping[str, Any]]) -> dict[str, list[str]]:
    """The companies of ``rows`` by their casefolded names, as ``suggest`` reads them."""
    held: dict[str, list[str]] = {}
    for row in rows:
        held.setdefault(row["company"].casefold(), []).append(row["company"])
    return held


def missed(store: Store, search: str | None, rows: Sequence[Mapping[str, Any]]) -> str | None:
    """What to say beside a search that found no company, and the names spelt nearest if
    any are; None when it found some (an empty answer alone read as a failure).

    Example:
        >>> missed(Store.open(":memory:"), "gogle", [])
        "no company matches 'gogle'"
    """
    if rows or not search:
        return None
    listed = company_list(store)
    if listed.matching(search):
        # Left out by the other filters (min_n, where): "did you mean Google?" had been
        # said of a search for Google.
        said = f"the companies matching {search!r} are all left out by the other filters"
        return shortened(said)
    near = listed.spelled_near(search)
    said = f"no company matches {search!r}"
    # Cut as every error message is: a search of 100,000 characters was said whole.
    return shortened(f"{said}; did you mean {' or '.join(near)}?" if near else said)


def too_few(
    store: Store,
    where: Mapping[str, Sequence[Any]] | None,
    min_n: int,
    rows: Sequence[Mapping[str, Any]],
    switch: str,
) -> str | None:
    """What to say when ``min_n`` (asked for by ``switch``) leaves none of the companies
    the filters ``where`` list: how many records the largest has. None when ``rows`` holds
    some, or the filters alone leave none (:func:`filtered_out` says why). ``min_n=100000``
    had been ``[]`` without a word.

    Example:
        >>> too_few(Store.open(":memory:"), None, 5, [], "min_n") is None  # no company at all
        True
    """
    if rows or min_n <= 1 or not (listed := company_list(store, where=where).rows):
        return None
    under = " under these filters" if where else ""
    said = f"no company has {min_n:,} records or more{under}; the most is {listed[0]['n']:,}"
    return f"{said}: lower {switch}"


# Filters matching records none of which counts at a company: survey records name none,
# and submitted salaries count only at a company holding PRIVATE_MIN of them.
NAMES_NONE = "the records matching these filters are listed under no company"


def filtered_out(
    store: Store, where: Mapping[str, Sequence[Any]] | None, rows: Sequence[Mapping[str, Any]]
) -> str | None:
    """Why the filters ``where`` leave no company, said as ``stats`` says it of the same
    filters; None when ``rows`` (the answer) holds some, or the filters alone leave some
    (a search or ``min_n`` left them out: :func:`missed` says so).

    Example:
        >>> filtered_out(Store.open(":memory:"), {"role": ["ml_engineer"]}, [])
        'no record matches all of these filters together'
    """
    if rows or not where or companies(store, where=where):
        return None
    # Flagged records too: companies lists them (stats leaves them out, and says so).
    answer = stats(store, [], where, include_flagged=True)
    if "no_match" in answer:
        return str(answer["no_match"]["message"])
    return NAMES_NONE  # source=so_survey: stats answers, and no company is listed


class NoSuchCompany(PaygradeError):
    """No record names this company; ``suggestions``: the held names spelt nearest.

    Example:
        >>> NoSuchCompany("no record has company 'Gogle'", ["Google"]).suggestions
        ['Google']
    """

    def __init__(self, message: str, suggestions: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.suggestions = [str(name) for name in suggestions]


TOP = 15  # titles and metros shown on a company's profile
# A profile's pay tables: (key, grouped by, min_n, limit). Each by pay component first:
# a company's submissions or imported total pay beside its filings' base had made one 2024
# median of both ($360,000, nobody's pay) in the tables of metro, state and year.
PROFILE_TABLES: Final = (
    ("by_level", ("pay_component", "level"), 1, None),
    ("by_title", ("pay_component", "title"), 5, TOP),
    ("by_metro", ("pay_component", "metro"), 1, TOP),
    ("by_state", ("pay_component", "state"), 1, TOP),
    ("by_year", ("pay_component", "year"), 1, None),
)


def company_profile(store: Store, name: str) -> dict[str, Any]:
    """One company: counts, sources and merged names, and pay by level, title, metro, state
    and year. By state as well as by metro: the newest filings (late 2023) name a state only.

    Base pay (filings) and total pay (surveys) are grouped apart, never mixed.

    Example:
        >>> company_profile(store, "google")["company"]  # doctest: +SKIP
        'Google'
    """
    known = KnownValues(store)  # loaded once for the five questions below
    resolved, unmatched = resolve({"company": [name]}, known)
    if unmatched:
        # The name as given: "AWS" had been said as 'Aws', a name the user never wrote.
        said = replace(unmatched[0], value=name, written=None).sentence()
        raise NoSuchCompany(said, unmatched[0].suggestions)
    company = resolved["company"][0]
    listed = companies(store, where={"company": [company]})
    if not listed:  # held by submitted salaries alone, too few to count: as no record
        raise NoSuchCompany(f"no record has company {name!r}")
    (summary,) = listed
    where = {"company": [company]}
    return {
        **summary,
        **{
            key: stats(
                store, list(by), where, min_n=min_n, limit=limit, known=known,
                switch=flagged_switch(company, by),
            )
            for key, by, min_n, limit in PROFILE_TABLES
        },
    }  # fmt: skip


def flagged_switch(company: str, by: Sequence[str]) -> str:
    """How to count a profile table's flagged records: ``stats`` asking the same question
    (a profile has no such option: "(--include-flagged counts it)" named one `company` has
    not).

    Example:
        >>> flagged_switch("Baker & McKenzie", ["level"])
        "paygrade stats --where 'company=Baker & McKenzie' --by level --include-flagged"
    """
    asked = f"paygrade stats --where {shlex.quote('company=' + company)} --by {','.join(by)}"
    return f"{asked} --include-flagged"
