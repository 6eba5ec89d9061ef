"""The language a salary figure is said in, when it is not English: the checker reads
negation, bounds and ranges in English only, so such a figure is listed and not checked.

Rules, not a model: the words of ``normalize/rules/claim_languages.csv``.

Example:
    >>> language_of("Les ML engineers à Paris ne gagnent pas €80,000.", 37, 44)
    'French'
    >>> language_of("ML engineers in Paris earn €80,000.", 27, 34) is None
    True
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

from paygrade.normalize.rule_tables import read_rules

ENGLISH = "English"
# Words of other languages a sentence needs, with no English word, to be read as theirs:
# one alone is a name as often ("Los Angeles", "La Jolla", "Van Ness").
FOREIGN_WORDS = 2
# Where a figure's own clause ends, in any script ("，" and "、" in Chinese and Japanese).
CLAUSE_MARKS = re.compile(r"[,;:，、；：]")


@cache
def _table() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """(language -> its whole words, language -> the words found within others)."""
    words: dict[str, frozenset[str]] = {}
    within: dict[str, frozenset[str]] = {}
    for row in read_rules("claim_languages.csv"):
        listed = frozenset(row["words"].casefold().split())
        (within if row["match"] == "within" else words)[row["language"]] = listed
    return words, within


def _separates(char: str) -> bool:
    """Whether a character stands between words: a space, a digit, a mark of punctuation or a
    symbol ("€"); not an apostrophe ("don't", "jusqu'à") nor a vowel sign of Devanagari,
    which Python's ``\\w`` does not hold (it had cut "नहीं" in two)."""
    if char in "'’":
        return False
    return char.isspace() or unicodedata.category(char)[0] in "NPSZ"


@lru_cache(maxsize=256)
def marks(text: str) -> dict[str, frozenset[str]]:
    """The words of each language of the table that ``text`` holds.

    Example:
        >>> sorted(marks("ML Engineer in Berlin verdienen mehr als €80,000.")["German"])
        ['als', 'mehr', 'verdienen']
        >>> sorted(marks("ML engineers 的工资不是 $200,000。")["Chinese"])
        ['不是', '工资', '的']
    """
    cut = "".join(" " if _separates(c) else c for c in text.casefold())
    said = {word.strip("'’") for word in cut.split()}
    words, within = _table()
    found = {language: frozenset(said & listed) for language, listed in words.items()}
    for language, listed in within.items():
        found[language] = frozenset(w for w in listed if w in text)
    return {language: held for language, held in found.items() if held}


def _reads_as(text: str) -> str | None:
    """English, another language (the one with most words), or None when ``text`` says
    too little to tell."""
    found = marks(text)
    if ENGLISH in found:
        return ENGLISH
    foreign = frozenset().union(*found.values()) if found else frozenset()
    if len(foreign) < FOREIGN_WORDS:
        return None
    return max(found, key=lambda language: len(found[language]))


def language_of(sentence: str, start: int, end: int) -> str | None:
    """The language other than English that the figure from ``start`` to ``end`` is said
    in, or None: its own clause decides when it tells, else its sentence. English means any
    English word of the table; another language, none and ``FOREIGN_WORDS`` of others.

    Example:
        >>> language_of("Los ML engineers ganan entre €50,000 y €70,000.", 28, 35)
        'Spanish'
        >>> text = "ML engineers earn $150,000, mais les juniors gagnent €50,000."
        >>> language_of(text, 18, 26), language_of(text, 53, 60)
        (None, 'French')
        >>> language_of("In Los Angeles, ML engineers earn $200,000.", 34, 42) is None
        True
    """
    clause_start = max((m.end() for m in CLAUSE_MARKS.finditer(sentence, 0, start)), default=0)
    clause_end = CLAUSE_MARKS.search(sentence, end)
    clause = sentence[clause_start : clause_end.start() if clause_end else len(sentence)]
    said = _reads_as(clause) or _reads_as(sentence)
    return None if said in (None, ENGLISH) else said
