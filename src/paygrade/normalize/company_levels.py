"""Company levels: a title at a company -> that company's own level ("Applied Scientist II"
at Amazon is L5) and the generic level it maps to, through the reviewed mapping
``rules/company_levels.csv``.

One derivation serves the ladder (``resolve_level``) and ingest (``company_level``,
kept on each record), so the two never disagree.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from paygrade.normalize.companies import canonical_company
from paygrade.normalize.rule_tables import read_rules
from paygrade.normalize.titles import classify_title
from paygrade.records import LEVELS, PaygradeError


class UnmappedCompany(PaygradeError):
    """The reviewed level mapping has no rows for that company."""


@dataclass(frozen=True)
class CompanyLevel:
    """One company level and the generic level it maps to (approximately)."""

    company: str
    company_level: str
    level: str
    titles: re.Pattern[str]
    track: str
    note: str


@cache
def company_levels() -> tuple[CompanyLevel, ...]:
    """The reviewed company -> generic level mapping.

    Example:
        >>> [(c.company_level, c.level) for c in company_levels() if c.company == "Meta"][2]
        ('E5', 'senior')
    """
    return tuple(
        CompanyLevel(
            row["company"],
            row["company_level"],
            row["level"],
            # Grouped, so that every alternative is a whole word (not "...Engineer II" in "III").
            # A plural "s" too: prose says "SDE IIs", "E5s".
            re.compile(rf"(?<![\w])(?:{row['titles']})s?(?![\w])", re.IGNORECASE),
            row["track"],
            row["note"],
        )
        for row in read_rules("company_levels.csv")
    )


@cache
def mapped_companies() -> tuple[str, ...]:
    """The companies the mapping has levels for, sorted.

    Example:
        >>> mapped_companies()[:2]
        ('Amazon', 'Apple')
    """
    return tuple(sorted({c.company for c in company_levels()}))


def mapped_company(name: str) -> str:
    """The mapped company a name means (aliases as in the data), else UnmappedCompany.

    Example:
        >>> mapped_company("GOOGLE LLC")
        'Google'
        >>> mapped_company("Gogle")
        Traceback (most recent call last):
        paygrade.normalize.company_levels.UnmappedCompany: no reviewed level mapping for 'Gogle' \
(did you mean Google?); mapped companies: Amazon, Apple, Google, Meta, Microsoft
    """
    known = {candidate.casefold(): candidate for candidate in mapped_companies()}
    company = canonical_company(name) or name.strip()
    if company.casefold() in known:
        return known[company.casefold()]
    # A misspelt mapped name is named; any other company is simply not mapped.
    close = difflib.get_close_matches(company.casefold(), list(known), n=1, cutoff=0.75)
    hint = f" (did you mean {known[close[0]]}?)" if close else ""
    raise UnmappedCompany(
        f"no reviewed level mapping for {name!r}{hint};"
        f" mapped companies: {', '.join(known.values())}"
    )


def _best_match(title: str, rows: Sequence[CompanyLevel], bare_numbers: bool) -> list[CompanyLevel]:
    """The rows whose title pattern matches the longest stretch of the title."""
    found = [(m.group(0), row) for row in rows if (m := row.titles.search(title))]
    if not bare_numbers:  # "63" alone could be anything
        found = [(text, row) for text, row in found if not text.isdigit()]
    longest = max((len(text) for text, _ in found), default=0)
    return [row for text, row in found if len(text) == longest]


def level_named_in(text: str, company: str) -> str | None:
    """The generic level a company's own level code or title names in running text ("E5"
    at Meta), or None (none, or several levels named; bare numbers never count in prose).

    Example:
        >>> level_named_in("around $300K total comp for E5", "Meta")
        'senior'
        >>> level_named_in("L5 pays more than L4", "Google") is None
        True
    """
    if company not in mapped_companies():
        return None
    rows = [row for row in company_levels() if row.company == company]
    levels = {row.level for row in _best_match(text, rows, bare_numbers=False)}
    return levels.pop() if len(levels) == 1 else None


def level_written(written: str, company: str | None = None) -> tuple[str, str | None] | None:
    """The generic level a level as people write it means, and the company whose own level
    it is: as the filters read it ("SE", "Senior"), else, given a company with a reviewed
    ladder, its own level ("L5" at Google: approximate, hence the company); None when
    neither. The ladder's path and the estimate's profile read ``--level`` so.

    Example:
        >>> level_written("SE"), level_written("E5", "Meta"), level_written("E5", "Acme")
        (('senior', None), ('senior', 'Meta'), None)
        >>> level_written("Staff Engineer"), level_written("senior staff", "Google")
        (('staff', None), ('principal', None))
    """
    from paygrade.normalize.vocab import canonical_value

    generic, _ = canonical_value("level", written)
    if generic is not None:
        return generic, None
    if company is not None and (own := _own_level_written(written, company)) is not None:
        return own
    # A word typed for a level ("Sr. Staff") last, so that it changes no reading above;
    # imported here: the table is answers' alone, never read while records are normalized.
    from paygrade.normalize.vocab_typed import typed_value

    typed = typed_value("level", written)
    return None if typed is None else (typed, None)


def _own_level_written(written: str, company: str) -> tuple[str, str] | None:
    """The generic level a company's own level as written maps to, and the company."""
    try:
        resolved = resolve_level(written, company)
    except UnmappedCompany:
        return None
    if resolved["company"] is None:
        return None
    return str(resolved["level"]), str(resolved["company"])


# A title naming a manager: on a management track, not on the IC levels its words name.
# "MGR" too: Apple's "SW ENG SYS MGR 3" would take ICT3, an IC level, from its grade.
MANAGER = re.compile(r"\b(?:manag(?:er|ers|ement|ing)|mgrs?)\b", re.IGNORECASE)


def resolve_level(title: str, company: str | None = None) -> dict[str, Any]:
    """A title's generic level, through a company's levels when they name it.

    With a company, its level codes and titles count ("E5" at Meta, "Applied Scientist II"
    at Amazon). Without one, a code only one company uses counts ("ICT4" is Apple's), or
    a title the companies using it agree on ("SDE II" is mid); else the title's generic
    level (Roman and Arabic grades, senior, staff, ...). A code two companies use for
    different levels ("L5") resolves only with the company.

    Example:
        >>> resolve_level("E5", "Meta")["level"], resolve_level("ICT4")["company_level"]
        ('senior', 'ICT4')
        >>> resolve_level("Machine Learning Engineer (4)")["level"]
        'senior'
    """
    rows: Sequence[CompanyLevel] = company_levels()
    if company is not None:
        name = mapped_company(company)
        rows = [row for row in rows if row.company == name]
    if MANAGER.search(title):  # "Senior SDE Manager" had Amazon's L6, an IC level
        rows = [row for row in rows if row.track != "ic"]
    matches = _best_match(title, rows, bare_numbers=company is not None)
    if len({(m.company, m.level) for m in matches}) == 1:
        row = matches[0]
        return {"level": row.level, "company": row.company, "company_level": row.company_level}
    if len({m.level for m in matches}) == 1:
        # Companies agree on the level ("Distinguished Engineer" is principal at Google,
        # Amazon and Microsoft), though the title names no one company's level.
        return {"level": matches[0].level, "company": None, "company_level": None}
    generic = classify_title(title).level
    return {"level": generic, "company": None, "company_level": None}


def company_level(title: str, company: str | None) -> str | None:
    """The company's own level a record's title names, on that company's ladder; None when
    the company has no reviewed ladder or the title names none of its levels.

    Only the record's own company counts: "ICT4" at a company without a ladder is not
    Apple's ICT4, so a record says which ladder its level is on by its ``company``.

    Example:
        >>> company_level("Applied Scientist II", "Amazon"), company_level("SDE II", "Microsoft")
        ('L5', '61')
        >>> company_level("ICT4", "Acme"), company_level("Software Engineer", "Google")
        (None, None)
    """
    if company is None or company not in mapped_companies():
        return None
    resolved = resolve_level(title, company)
    return None if resolved["company"] is None else str(resolved["company_level"])


def levels_named_by(written: str) -> tuple[CompanyLevel, ...]:
    """The company levels a level as written names whole, by code or title ("L5" is
    Google's and Amazon's, "IC4" Meta's E4); a bare number only as a code itself
    (Microsoft's 61: "4" ends Apple's titles, it is no level of its own).

    Example:
        >>> [(c.company, c.company_level) for c in levels_named_by("l6")]
        [('Google', 'L6'), ('Amazon', 'L6')]
        >>> [c.company_level for c in levels_named_by("IC4")], levels_named_by("4")
        (['E4'], ())
    """
    text = written.strip()
    rows = (row for row in company_levels() if row.titles.fullmatch(text))
    return tuple(row for row in rows if not text.isdigit() or row.company_level == text)


def own_levels(company: str) -> str:
    """A mapped company's own levels, in order, as a refusal names them.

    Example:
        >>> own_levels("Meta")
        'E3, E4, E5, E6, E7, E8, E9'
    """
    return ", ".join(row.company_level for row in company_levels() if row.company == company)


# What a question takes in place of a company's level, before the generic level it maps
# to: a filter has the company_level field; a question with a company reads the level
# with it (estimate, ladder); an offer has neither.
INSTEAD: dict[str | None, str] = {
    "company_level": "filter company_level={codes}, or give ",
    "company": "give its company with it (company {companies}) or ",
    None: "give ",
}


def company_level_refused(
    written: str,
    companies: Sequence[str] = (),
    takes: str | None = None,
    choices: Sequence[str] = LEVELS,
) -> str | None:
    """Why a company's level ("L6") is no generic level, whose it is and what to give
    instead (``takes``: see ``INSTEAD``), for every question that refuses one; None
    when the text is no company's level. ``companies``: those the question names.

    Example:
        >>> company_level_refused("L5", ["GOOGLE LLC"], takes="company_level")
        "level 'L5' is a company's level: filter company_level=L5, or give the level it \
maps to (Google L5: senior)"
        >>> company_level_refused("L6")  # doctest: +NORMALIZE_WHITESPACE
        "level 'L6' is a company's level (Google L6: staff; Amazon L6: senior): give the
         generic level it maps to, one of entry, mid, senior, staff, principal, executive"
        >>> company_level_refused("wizard") is None
        True
    """
    named = levels_named_by(written)
    if not named:
        return None
    given = _mapped_of(companies)
    theirs = [row for row in named if row.company in given]
    said = f"level {written.strip()!r} is a company's level"
    if theirs:  # as the question's companies map it
        way = INSTEAD[takes if takes == "company_level" else None].format(codes=_codes(theirs))
        return f"{said}: {way}the level it maps to ({_maps(theirs)})"
    others = "".join(f", not one of {c}'s levels ({own_levels(c)})" for c in given)
    users = " or ".join(dict.fromkeys(row.company for row in named))
    way = INSTEAD[takes].format(codes=_codes(named), companies=users)
    return (
        f"{said} ({_maps(named)}){others}: {way}the generic level it maps to,"
        f" one of {', '.join(choices)}"
    )


def _mapped_of(companies: Sequence[str]) -> list[str]:
    """The mapped companies among those named (aliases read; the others left out)."""
    mapped = []
    for name in companies:
        try:
            mapped.append(mapped_company(str(name)))
        except UnmappedCompany:
            continue
    return list(dict.fromkeys(mapped))


def _codes(rows: Sequence[CompanyLevel]) -> str:
    return ",".join(dict.fromkeys(row.company_level for row in rows))


def _maps(rows: Sequence[CompanyLevel]) -> str:
    return "; ".join(f"{row.company} {row.company_level}: {row.level}" for row in rows)


@dataclass(frozen=True)
class EmployerGrade:
    """An employer's own grade a title's generic word names (``reads``), and the generic
    level it is at that employer (``rules/employer_grades.csv``)."""

    company: str
    pattern: re.Pattern[str]
    reads: str
    level: str


@cache
def employer_grades() -> tuple[EmployerGrade, ...]:
    """The reviewed employer grades, in the table's order.

    Example:
        >>> next(g.level for g in employer_grades() if g.company == "Fidelity Investments")
        'senior'
    """
    return tuple(
        EmployerGrade(
            row["company"],
            re.compile(rf"(?<![\w])(?:{row['pattern']})(?![\w])", re.IGNORECASE),
            row["reads"],
            row["level"],
        )
        for row in read_rules("employer_grades.csv")
    )


def employer_grade(title: str, company: str | None) -> tuple[str, str] | None:
    """The level a title's word reads as and the generic level it is at ``company`` (its
    own grade, where one word means different grades at different employers); None where
    no reviewed row names the title at that company. Ingest applies it only to a title
    that does read so (``reads``): "Principal Architect", of no tech role, has no level.

    Example:
        >>> employer_grade("Principal Software Engineer/Developer", "Fidelity Investments")
        ('principal', 'senior')
        >>> employer_grade("Principal Software Engineer", "Google") is None
        True
    """
    for grade in employer_grades():
        if grade.company == company and grade.pattern.search(title):
            return grade.reads, grade.level
    return None


@cache
def graded_companies() -> tuple[str, ...]:
    """The companies ``employer_grades.csv`` has rows for, sorted."""
    return tuple(sorted({grade.company for grade in employer_grades()}))
