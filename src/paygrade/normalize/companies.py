"""Employer names as filed -> one canonical name per company.

Filings name one company many ways (``AMAZONCOM SERVICES INC``, ``AMAZON
CORPORATE LLC``, ``A2Z DEVELOPMENT CENTER INC``). Each name is reduced to a
*key*, and ``rules/company_aliases.csv`` (reviewed data) maps keys to the
canonical name. The key:

* Unicode NFKC, parenthetical notes dropped ("(US)", "(LEGACY KANB" cut short);
* words are runs of letters and digits, ``.`` and ``'`` inside a word are
  dropped (``AMAZON.COM`` -> ``AMAZONCOM``, ``U.S.`` -> ``US``, ``MACY'S`` ->
  ``MACYS``), any other punctuation separates words, ``&`` is the word AND;
* upper case; legal forms at the end are dropped, repeatedly (``INC``,
  ``LLC``, ``CORPORATION``, ``CO``, ``NATIONAL ASSOCIATION``, ``N.A.``,
  ``GMBH``...) and so is a dangling AND (``JPMORGAN CHASE & CO``); a leading
  THE is dropped. A name that is only a legal form (``LLC``, ``THE COMPANY``)
  is unusable.

A name with no alias is shown as filed, cleaned: legal form and parenthetical
notes removed, whitespace collapsed, and ALL-CAPS input title-cased word by
word (``1010DATA SERVICES LLC`` -> ``1010data Services``: only a word's first
character is upper-cased). Words without a vowel stay upper case (``KPMG``,
``3M``), as do a few known acronyms. Mixed-case input keeps its case.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Final

from paygrade.normalize.rule_tables import read_rules

# Legal forms, as key words. Longer forms first so NATIONAL ASSOCIATION is
# taken whole.
LEGAL_FORMS: Final = tuple(
    sorted(
        (
            tuple(form.split())
            for form in (
                "INC",
                "INCORPORATED",
                "LLC",
                "LLP",
                "LP",
                "LLLP",
                "PLLC",
                "PC",
                "PA",
                "GP",
                "CORP",
                "CORPORATION",
                "CO",
                "COMPANY",
                "LTD",
                "LIMITED",
                "PLC",
                "PVT",
                "PRIVATE LIMITED",
                "PTE",
                "PTY",
                "GMBH",
                "AG",
                "SA",
                "SARL",
                "SRL",
                "NV",
                "BV",
                "NA",
                "NATIONAL ASSOCIATION",
                "AND",  # left dangling by "& CO"
            )
        ),
        key=len,
        reverse=True,
    )
)
# Keys that name no employer.
UNUSABLE: Final = frozenset(
    {"AND", "NA", "N A", "NONE", "NULL", "NAN", "UNKNOWN", "NOT APPLICABLE", "NOT AVAILABLE"}
)
# Words kept upper case when title-casing, besides words without vowels.
ACRONYMS: Final = frozenset({"US", "USA", "UK", "IT", "AI"})
SMALL_WORDS: Final = frozenset({"OF", "AND", "THE", "FOR", "AT", "IN", "ON", "TO", "BY", "DE"})

_WORD = re.compile(r"[^\W_]+(?:['\u2019.][^\W_]+)*|&")
_PARENTHETICAL = re.compile(r"\([^)]*\)?")
_INNER_MARKS = re.compile(r"['\u2019.]")
_VOWEL = re.compile(r"[AEIOUY]")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_EDGE_PUNCTUATION = " ,;:-\u2013\u2014/.\u00b7"


def _prepare(name: str) -> str:
    """NFKC, parenthetical notes dropped, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", name)
    return " ".join(_PARENTHETICAL.sub(" ", text).split())


def _key_word(word: str) -> str:
    return "AND" if word == "&" else _INNER_MARKS.sub("", word.upper())


def _forms_by_last_word() -> dict[str, tuple[tuple[str, ...], ...]]:
    # Only forms ending in the name's last word can match there; longest first, as
    # in LEGAL_FORMS, so the first match is the same as a scan of them all.
    index: dict[str, list[tuple[str, ...]]] = {}
    for form in LEGAL_FORMS:
        index.setdefault(form[-1], []).append(form)
    return {last: tuple(forms) for last, forms in index.items()}


_FORMS_BY_LAST_WORD: Final = _forms_by_last_word()


def _kept(words: list[str]) -> int:
    """How many leading words remain once legal forms are dropped from the end."""
    n = len(words)
    floor = 2 if words[0] == "THE" else 1  # "THE COMPANY" is not "THE"
    while n > floor:
        for form in _FORMS_BY_LAST_WORD.get(words[n - 1], ()):
            if n - len(form) >= floor and tuple(words[n - len(form) : n]) == form:
                n -= len(form)
                break
        else:
            return n
    return n


def _join_key(words: list[str]) -> str:
    if len(words) > 1 and words[0] == "THE":
        words = words[1:]
    return " ".join(words)


def company_key(name: str) -> str | None:
    """The alias-table key of an employer name; None when it has no words.

    Example:
        >>> company_key("Amazon.com Services, Inc.")
        'AMAZONCOM SERVICES'
        >>> company_key("CAPITAL ONE, NATIONAL ASSOCIATION")
        'CAPITAL ONE'
    """
    words = [_key_word(m.group()) for m in _WORD.finditer(_prepare(name))]
    if not words:
        return None
    return _join_key(words[: _kept(words)])


def _load_aliases() -> dict[str, str]:
    return {row["key"]: row["company"] for row in read_rules("company_aliases.csv")}


ALIASES: Final = _load_aliases()
# A canonical name given as itself ("Meta", "SAP") stays itself, so that "SAP" is not
# shown as "Sap". Only the name itself: "META COMPANY", an unrelated start-up, has
# the key META too, and must not become Meta.
CANONICAL_NAMES: Final = {company.casefold(): company for company in set(ALIASES.values())}


def _case_word(word: str, first: bool) -> str:
    plain = _INNER_MARKS.sub("", word)
    if word == "&" or plain in ACRONYMS or not _VOWEL.search(plain):
        return word  # KPMG, 3M, U.S.
    if plain in SMALL_WORDS and not first:
        return word.translate(_ASCII_LOWER)
    # ASCII only, so the key of the shown name is the key of the filed one.
    return word[0] + word[1:].translate(_ASCII_LOWER)


def _title_case(text: str) -> str:
    first = _WORD.search(text)
    start = first.start() if first else 0
    return _WORD.sub(lambda m: _case_word(m.group(), m.start() == start), text)


def _is_all_caps(text: str) -> bool:
    return any(c.isupper() for c in text) and not any(c.islower() for c in text)


def display_name(name: str) -> str | None:
    """An employer name cleaned for display, without alias lookup.

    Example:
        >>> display_name("1010DATA SERVICES LLC")
        '1010data Services'
        >>> display_name("Symphony Asset Management, LLC.")
        'Symphony Asset Management'
    """
    text = _prepare(name)
    matches = list(_WORD.finditer(text))
    if not matches:
        return None
    kept = _kept([_key_word(m.group()) for m in matches])
    cut = matches[kept].start() if kept < len(matches) else len(text)
    shown = text[:cut].strip(_EDGE_PUNCTUATION)
    return _title_case(shown) if _is_all_caps(shown) else shown


@functools.lru_cache(maxsize=65536)
def canonical_company(name: str) -> str | None:
    """The canonical name of an employer; None when the name is blank or unusable.

    Example:
        >>> canonical_company("AMAZONCOM SERVICES INC")
        'Amazon'
        >>> canonical_company("WAL-MART ASSOCIATES, INC.")
        'Walmart'
        >>> canonical_company("ZILLOW INC")
        'Zillow'
        >>> canonical_company("  ") is None
        True
    """
    key = company_key(name)
    if key is None or key in UNUSABLE or tuple(key.split()) in LEGAL_FORMS:
        return None  # no name, a placeholder, or a legal form alone ("LLC")
    whole = " ".join(name.split())
    found = ALIASES.get(key) or CANONICAL_NAMES.get(whole.casefold())
    if found:
        return found
    shown = display_name(name)
    if shown is not None and shown.casefold() in CANONICAL_NAMES:
        # Another firm whose short name is a canonical one ("META COMPANY" is not
        # Meta): keep its full name so that the two are never counted together.
        return _title_case(whole) if _is_all_caps(whole) else whole
    return shown
