"""Words people type for a level or a role as a question's value, which no source writes:
"Staff Engineer", "Sr. Staff", "SWE" (``rules/vocab_typed.csv``, reviewed data).

Only questions read them (filters, the ladder, estimates, offers, on every face), never
normalization: a record's level comes from its source and its title, so the table is out
of the rules' fingerprint and an edit of it rebuilds nothing. A word is read only where
the value was refused before (``vocab.canonical_value`` and a company's own levels come
first), so no reading changes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from paygrade.normalize.rule_tables import read_rules
from paygrade.records import did_you_mean

# The fields a question types a word for.
TYPED_FIELDS = ("level", "role")


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


@cache
def typed_words() -> dict[str, dict[str, str]]:
    """field -> word as typed (spaces and case as ``vocab`` reads them) -> canonical value.

    Example:
        >>> typed_words()["level"]["senior staff"]
        'principal'
    """
    table: dict[str, dict[str, str]] = {field: {} for field in TYPED_FIELDS}
    for row in read_rules("vocab_typed.csv"):
        table[row["field"]][_key(row["word"])] = row["value"]
    return table


def typed_value(field: str, text: str) -> str | None:
    """The canonical value a word typed for ``field`` means, or None (not a typed word).

    Example:
        >>> typed_value("level", " Sr.  Staff "), typed_value("role", "swe")
        ('principal', 'software_engineer')
        >>> typed_value("level", "fellow") is None, typed_value("country", "DS") is None
        (True, True)
    """
    return typed_words().get(field, {}).get(_key(text))


def _words(text: str) -> set[str]:
    return set(re.split(r"[\W_]+", text.casefold())) - {""}


def naming_every_word(text: str, values: Sequence[str]) -> list[str]:
    """The values with every word of ``text`` among their own, in their order: each
    candidate a word may mean ("scientist" is a research or a data scientist).

    Example:
        >>> naming_every_word("scientist", ["ml_engineer", "research_scientist", "data_scientist"])
        ['research_scientist', 'data_scientist']
        >>> naming_every_word("data scienist", ["data_scientist", "data_engineer"])
        []
    """
    words = _words(text)
    return [value for value in values if words and words <= set(value.split("_"))]


def naming_a_word(text: str, values: Sequence[str]) -> list[str]:
    """The values with a word of ``text`` among their own, in their order.

    Example:
        >>> naming_a_word("Senior Principal", ["entry", "senior", "staff", "principal"])
        ['senior', 'principal']
    """
    words = _words(text)
    return [value for value in values if words & set(value.split("_"))]


def meant(text: str, values: Sequence[str]) -> str:
    """The "did you mean" of a refused level or role: every value naming each of its words,
    else the one spelled nearest (``records.did_you_mean``), else every value naming one of
    its words, else "".

    Example:
        >>> meant("scientist", ["research_scientist", "data_scientist"])
        ' (did you mean research_scientist or data_scientist?)'
        >>> meant("data scienist", ["data_scientist", "data_engineer"])
        ' (did you mean data_scientist?)'
        >>> meant("lead principal", ["senior", "principal"]), meant("wizard", ["senior"])
        (' (did you mean principal?)', '')
    """
    if every := naming_every_word(text, values):
        return f" (did you mean {' or '.join(every)}?)"
    if spelled := did_you_mean(text, values):
        return spelled
    candidates = naming_a_word(text, values)
    return f" (did you mean {' or '.join(candidates)}?)" if candidates else ""
