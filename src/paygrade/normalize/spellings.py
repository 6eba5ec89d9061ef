"""Misspelled title words read as the word meant ("ENINGEER" as "engineer").

Filings are typed by hand: the real files hold ENGINEEER, ENINGEER, SOFWARE,
DEVLOPER, SCINETIST and dozens more, each on a few rows, and a title rule that
looks for ``engineer`` misses all of them. Rather than list every misspelling,
``rules/title_spellings.csv`` names the words the title rules depend on
(``kind`` = ``near``) and a token is read as one of them when it is

* one edit away from it (a letter added, dropped, changed, or two neighbours
  swapped), and at least six letters long, or
* the same letters in another order between the same first and last letter
  (``eningeer``, ``archtiect``).

Real words that are one edit from a listed word (``managed``, ``programme``,
plurals) are never changed: rows of kind ``real`` name them, and a listed
word's plural is always real. Rows of kind ``alias`` map a misspelling that is
further away (``principle`` for ``principal``).
"""

from __future__ import annotations

import functools
import string
from collections.abc import Iterator

from paygrade.normalize.rule_tables import read_rules

MIN_LENGTH = 6  # shorter tokens are too close to other real words (senor, sensor)


def _one_edit(word: str) -> Iterator[str]:
    """Every string one insertion, deletion, substitution or adjacent swap from ``word``."""
    letters = string.ascii_lowercase
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    for left, right in splits:
        if right:
            yield left + right[1:]
            for letter in letters:
                yield left + letter + right[1:]
        if len(right) > 1:
            yield left + right[1] + right[0] + right[2:]
        for letter in letters:
            yield left + letter + right


def _shuffle_key(word: str) -> tuple[str, str, str]:
    return word[0], word[-1], "".join(sorted(word))


@functools.cache
def _tables() -> tuple[dict[str, str], dict[tuple[str, str, str], str], frozenset[str]]:
    """(token -> word meant, shuffle key -> word meant, real words), from the rule table."""
    rows = read_rules("title_spellings.csv")
    targets = [row["word"] for row in rows if row["kind"] == "near"]
    real = {row["word"] for row in rows if row["kind"] == "real"}
    real |= set(targets) | {t + "s" for t in targets} | {t + "es" for t in targets}
    meant: dict[str, str] = {}
    ambiguous: set[str] = set()
    for target in targets:
        for variant in _one_edit(target):
            if variant in real or len(variant) < MIN_LENGTH:
                continue
            if meant.get(variant, target) != target:
                ambiguous.add(variant)
            meant[variant] = target
    for variant in ambiguous:
        del meant[variant]
    meant |= {row["word"]: row["means"] for row in rows if row["kind"] == "alias"}
    shuffled = {_shuffle_key(t): t for t in targets}
    return meant, shuffled, frozenset(real)


@functools.lru_cache(maxsize=65536)
def respell(token: str) -> str:
    """The word a lower-case token means: itself unless it is a known misspelling.

    Example:
        >>> respell("eningeer"), respell("sofware"), respell("principle")
        ('engineer', 'software', 'principal')
        >>> respell("managed"), respell("engine"), respell("data")
        ('managed', 'engine', 'data')
    """
    meant, shuffled, real = _tables()
    if token in meant:
        return meant[token]
    if len(token) >= MIN_LENGTH and token not in real:
        return shuffled.get(_shuffle_key(token), token)
    return token
