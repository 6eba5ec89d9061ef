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
# Where a sentence ends within a text of several: "." before a space, not "$1.5".
SENTENCE_ENDS = re.compile(r"[.!?](?=\s)|[。！？]")


Words = dict[str, frozenset[str]]


@cache
def _table() -> tuple[Words, Words, dict[str, tuple[str, ...]]]:
    """(language -> its whole words, language -> the words found within others,
    language -> the Unicode names its script's letters start with)."""
    words: Words = {}
    within: Words = {}
    scripts: dict[str, tuple[str, ...]] = {}
    for row in read_rules("claim_languages.csv"):
        if row["match"] == "script":
            scripts[row["language"]] = tuple(row["words"].upper().split())
            continue
        listed = frozenset(row["words"].casefold().split())
        (within if row["match"] == "within" else words)[row["language"]] = listed
    return words, within, scripts


def _letters(text: str, names: tuple[str, ...]) -> frozenset[str]:
    """The letters of ``text`` whose Unicode names start with one of ``names``: each is
    a mark of its language ("エンジニア" is Japanese with no listed word)."""
    return frozenset(c for c in text if unicodedata.name(c, "").startswith(names))


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
        >>> sorted(marks("機械学習エンジニアは$200,000。")["Japanese"])
        ['は', 'ア', 'エ', 'ジ', 'ニ', 'ン']
    """
    cut = "".join(" " if _separates(c) else c for c in text.casefold())
    said = {word.strip("'’") for word in cut.split()}
    words, within, scripts = _table()
    found = {language: frozenset(said & listed) for language, listed in words.items()}
    for language, listed in within.items():
        found[language] = frozenset(w for w in listed if w in text)
    for language, names in scripts.items():
        found[language] = found.get(language, frozenset()) | _letters(text, names)
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
        >>> language_of("ML engineers earn €90K. 機械学習エンジニアは$200,000。", 34, 42)
        'Japanese'
    """
    sentence = _around(sentence, start, end, SENTENCE_ENDS)
    clause = _around(sentence, start, end, CLAUSE_MARKS)
    said = _reads_as(clause) or _reads_as(sentence)
    return None if said in (None, ENGLISH) else said


def _around(text: str, start: int, end: int, ends: re.Pattern[str]) -> str:
    """The part of ``text`` between the last of ``ends`` before ``start`` and the first
    after ``end``: a text of several sentences is not one ("ML engineers earn €90K.
    機械学習エンジニアは$200,000。" had been English, its Japanese figure checked)."""
    first = max((m.end() for m in ends.finditer(text, 0, start)), default=0)
    last = ends.search(text, end)
    return text[first : last.start() if last else len(text)]
