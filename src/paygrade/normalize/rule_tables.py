"""Reading the reviewed rule tables shipped in ``normalize/rules/``."""

from __future__ import annotations

import csv
import hashlib
import json
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable


def read_rules(filename: str) -> list[dict[str, str]]:
    """The rows of ``rules/<filename>`` as dicts; lines starting with ``#`` are comments.

    Example:
        >>> read_rules("plausibility.csv")[0]["flag"]
        'below_us_minimum_wage'
    """
    path = resources.files("paygrade.normalize") / "rules" / filename
    lines = path.read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader(line for line in lines if not line.startswith("#")))


# How records are normalized beyond what the tables say: raise it with a change of rule
# written in code that changes stored records, so a store normalized the old way is
# flagged for `paygrade rebuild` as one normalized under other tables is.
# 2: a title naming a level of its company's ladder has that ladder's generic level.
# 3: an LCA file's unreadable date or full-time mark is refused as given (it had been
#    "missing year", or no employment type); an implausible amount's reason keeps cents.
# 4: a submission keeps the level its submitter chose (a title's "Staff" had replaced
#    a chosen "senior").
# 5: a title in a spreadsheet's text formula ('="Corporate Steel Analyst"') is its text.
# 6: a Stack Overflow respondent who gave no developer type is other.
# 7: a township USPS names in another county than its namesake town keeps "TOWNSHIP" in
#    its place key (Shelby Township, MI is Detroit's, not Shelby's); rebuild remakes places.
# 8: a city's ZIP code or HTML non-breaking space is no part of its place key.
# 9: a place in Guam or the Virgin Islands (ZIP codes naming no county) was in its one
#    OFLC area; taken back in 11.
# 10: a bank's rank before a manager of a function ("Vice President, Sr Manager of
#     Software Engineering") is a rank, not an executive's title read whole.
# 11: Guam and the Virgin Islands have no metro again: a record's metro is an area OEWS
#     publishes (compare, local prices and the filters read it so), and OEWS has neither.
# 12: a rank's separator is a rule (title_ranks.csv): Cognizant's "Manager JC50 - <the
#     occupation filed>" is that occupation, not a manager; a tester is a person's job, and
#     so is one before a dash and the function it serves ("Feature Lead - Technology").
# 13: a manager's band numeral ("MGR 1", "Manager 2") gives no level.
# 14: a country or state named in one's own CSV is read with its accents or a curled
#     apostrophe ("Österreich", "Côte d’Ivoire"), as without; a year's pay grouped by dots
#     ("950.000") is no amount (it was 950); its amount and amount_usd must agree; a
#     company's name keeps kana's voicing marks (only Latin accents go).
# 15: one's own CSV giving amount and amount_usd gives the amount's currency (an amount
#     in no currency had been stored beside amount_usd).
# 16: an employer "X dba Y" is its legal name X; a name spelled as a tabled company's
#     name but for spaces or "&" (DATA BRICKS, JP MORGAN CHASE) is that company.
# 17: one's own CSV cell of "'" before a formula's start ("'-Senior ML Engineer", as a
#     records listing guards it) is read without that "'".
# 18: a grade alone after a comma follows an own-grade word before the comma
#     ("Academic Advisor, III" gives no level, as "Academic Advisor III").
# 19: a US state's code as the country is that country, not the state, unless it is a
#     territory's (IN with India had been Indiana; PR with PR is Puerto Rico still).
# 20: an employer's own grade that a title's generic word names is the level it is at that
#     employer (employer_grades.csv): Fidelity's "Principal Software Engineer" is senior.
# 21: a placeholder company is judged on the name as filed, not its key without legal forms:
#     "NAN INC." (Nan, Inc., Guam) is the company Nan, where NAN alone is a spreadsheet's blank.
REVISION = 21


# Rule tables only answers read (claims' currency words, places of currencies and languages,
# the ladder, compare's occupations and wage levels, licences' links, vesting presets, the
# words questions type for a level or a role), never
# normalization: an edit of one had called every record file stale, then the model trained
# on them (a full rebuild and retraining, the same records written again). A test holds
# normalization, ingest and the store to not reading them.
ANSWERS_ONLY = frozenset({"claim_currency_words.csv", "claim_languages.csv",
                          "currency_places.csv", "ladder.csv", "level_wage_levels.csv",
                          "licences.csv", "role_soc.csv", "vesting_presets.csv",
                          "vocab_typed.csv"})  # fmt: skip


# Tables of which normalization reads only the rows whose column holds a value, answers
# the rest: claims' phrases, of which places read the names people use for a metro
# ("Silicon Valley"). Only those rows are in the fingerprint: a claims phrase added ("new
# hires") had called every record file stale. Normalization reads them by
# ``normalizing_rows``; a test holds it to that.
PARTLY_READ = {"claim_subjects.csv": ("kind", "metro")}


def normalizing_rows(filename: str) -> list[dict[str, str]]:
    """The rows of a rule table normalization reads: those :data:`PARTLY_READ` names of
    it, else all of them.

    Example:
        >>> {row["kind"] for row in normalizing_rows("claim_subjects.csv")}
        {'metro'}
    """
    rows = read_rules(filename)
    if filename not in PARTLY_READ:
        return rows
    column, value = PARTLY_READ[filename]
    return [row for row in rows if row[column] == value]


@cache
def fingerprint() -> str:
    """A short hash of the rule tables normalization reads, as installed, and of
    :data:`REVISION`: records
    normalized under other rules (before a rebuild) differ, and so does a data version
    that includes it.

    Example:
        >>> len(fingerprint())
        12
    """
    return tables_digest(resources.files("paygrade.normalize") / "rules")


def tables_digest(folder: Traversable) -> str:
    """:func:`fingerprint` of the rule tables in ``folder``."""
    digest = hashlib.sha256()
    if REVISION > 1:  # revision 1 is the tables alone: stores that match them stay current
        digest.update(f"revision {REVISION}\0".encode())
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".csv") and entry.name not in ANSWERS_ONLY:
            digest.update(entry.name.encode() + b"\0" + _read_part(entry) + b"\0")
    return digest.hexdigest()[:12]


def _read_part(entry: Traversable) -> bytes:
    """A table's bytes, or for one :data:`PARTLY_READ`, its header and the rows read."""
    if entry.name not in PARTLY_READ:
        return entry.read_bytes()
    column, value = PARTLY_READ[entry.name]
    lines = [line for line in entry.read_text(encoding="utf-8").splitlines() if line[:1] != "#"]
    rows = [row for row in csv.DictReader(lines) if row[column] == value]
    return json.dumps([lines[0], rows]).encode()


@cache
def codes(filename: str) -> frozenset[str]:
    """The ``code`` column of a rule table (countries, US states).

    Example:
        >>> "US" in codes("countries.csv") and "PR" in codes("us_states.csv")
        True
    """
    return frozenset(row["code"] for row in read_rules(filename))


@cache
def names(filename: str) -> dict[str, str]:
    """The ``code`` -> ``name`` of a rule table (countries, US states).

    Example:
        >>> names("countries.csv")["CA"], names("us_states.csv")["CA"]
        ('Canada', 'California')
    """
    return {row["code"]: row["name"] for row in read_rules(filename)}
