"""Employer names as filed -> one company key -> one company name.

Filings name one company many ways (``AMAZONCOM SERVICES INC``, ``AMAZON
CORPORATE LLC``, ``INTEL CORPORATION``, ``Intel``, ``OVERSTOCK.COM INC``,
``OVERSTOCKCOM INC``). Each name is reduced to one *key*, and the key alone
decides both which company a name belongs to and how that company is shown:
two names with one key are one company, and two companies never share a key.

The key ignores what does not tell firms apart:

* case, accents (``L'ORÉAL`` = ``L'OREAL``), Unicode width (NFKC), whitespace;
* punctuation: ``.`` and ``'`` inside a word are dropped (``AMAZON.COM`` ->
  ``AMAZONCOM``, ``MACY'S`` -> ``MACYS``), any other mark separates words
  (``WAL-MART`` -> ``WAL MART``), ``&`` is the word AND, and a run of single
  letters is one word (``J. C. PENNEY`` = ``J.C. PENNEY`` = ``JC PENNEY``);
* parenthetical notes (``(US)``, ``(FKA VERSCEND)``, ``(LEGACY KANB`` cut short);
* a leading THE;
* a trade name after DBA (``CONTEXTLOGIC INC DBA WISH`` -> ``CONTEXTLOGIC``):
  the legal name wins, as the filings name the employer by it;
* legal forms and US country tags at the end, repeatedly, in any order (``INC``,
  ``CORPORATION``, ``LLC``, ``GMBH``, ``PVT LTD``, ``N.A.``, ``USA``,
  ``U.S.``, ``UNITED STATES``...), and a dangling AND (``GOLDMAN SACHS & CO``).
  Never the last word, and never after OF, FOR, IN... (``BANK OF US``). Other
  countries stay: ``AIR INDIA`` is not ``AIR``.

What the key drops is what merges; a name whose legal form is really part of
the name ("Meta Company", an AR start-up, is not Meta) is listed in
``rules/company_distinct.csv`` (reviewed, with reasons): the key is never cut
shorter than a listed name, nor taken for another spelling of a listed company
(``AF & I`` is not ``AFI``). Every row there names a firm it must stay apart
from, and a test checks each pair.

The company name of a key: the alias table ``rules/company_aliases.csv`` (key ->
canonical name, reviewed), where a canonical name's own key counts as an alias
too (``INTEL CORPORATION`` -> ``Intel``), and so is any other spelling of a
listed key, without its spaces and ANDs (:func:`spelling_key`: ``DATA BRICKS`` is
Databricks); otherwise the key, cased word by word (see :func:`display_name`).
The name is a pure function of the key, so it does not depend on which file or
spelling came first, and a rebuild gives the same answer. The price:
punctuation that the key drops is not shown (``OVERSTOCK.COM`` shows as
``Overstockcom``) unless an alias row spells the name.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import Final

from paygrade.normalize.rule_tables import read_rules


def _forms(names: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    # Longer forms first, so that PRIVATE LIMITED is taken whole, not as LIMITED.
    return tuple(sorted((tuple(n.split()) for n in names), key=len, reverse=True))


# Legal forms, as key words.
LEGAL_FORMS: Final = _forms(
    (
        *("INC", "INCORPORATED", "CORP", "CORPORATION", "CO", "COMPANY"),
        *("LLC", "LC", "LLP", "LP", "LLLP", "PLLC", "PC", "PA", "GP", "FSB"),
        "PBC",  # public benefit corporation: "Anthropic, PBC"
        *("LIMITED LIABILITY COMPANY", "LIMITED LIABILITY PARTNERSHIP", "LIMITED PARTNERSHIP"),
        *("PROFESSIONAL CORPORATION", "PROFESSIONAL LIMITED LIABILITY COMPANY"),
        *("LTD", "LIMITED", "PLC", "PVT", "PRIVATE LIMITED", "PTE", "PTY"),
        *("GMBH", "AG", "KG", "SE", "AB", "ASA", "OY", "OYJ", "SA", "SAS", "SARL", "SRL"),
        *("SPA", "NV", "BV", "KK", "SA DE CV", "S DE RL DE CV"),
        *("NA", "NATIONAL ASSOCIATION"),
        "AND",  # left dangling by "& CO"
    )
)
# US country tags: filings name a firm's US arm "X USA INC", "X (US) LLC", "X U.S. CORP".
COUNTRY_TAGS: Final = _forms(("US", "USA", "UNITED STATES", "UNITED STATES OF AMERICA"))
_STRIPPED: Final = _forms(" ".join(form) for form in LEGAL_FORMS + COUNTRY_TAGS)
# A form or tag after one of these words is part of the name: BANK OF US, BANK OF PA.
_BOUND_BEFORE: Final = frozenset({"OF", "FOR", "IN", "AT", "THE", "TO", "BY", "ON"})
# Names that name no employer, filed whole (with a legal form after it, a firm's name).
UNUSABLE: Final = frozenset(
    {"AND", "NONE", "NULL", "NAN", "UNKNOWN", "NOT APPLICABLE", "NOT AVAILABLE"}
)
# Words kept upper case when casing a key, besides words without vowels.
ACRONYMS: Final = frozenset({"US", "USA", "UK", "IT", "AI"})
SMALL_WORDS: Final = frozenset({"OF", "AND", "THE", "FOR", "AT", "IN", "ON", "TO", "BY", "DE"})
# Words of one or two characters are mostly initials (GE, EY, AI); these are words.
SHORT_WORDS: Final = frozenset(
    {"A", "AN", "AS", "DA", "DI", "DO", "DU", "EL", "GO", "HI", "IS", "LA", "LE", "ME", "MY"}
    | {"NO", "SO", "UP", "WE"}
)

_DBA: Final = "DBA"  # doing business as: what follows is a trade name
_WORD = re.compile(r"[^\W_]+(?:['\u2018\u2019.][^\W_]+)*|&")
_PARENTHETICAL = re.compile(r"\([^)]*\)?")
_INNER_MARKS = re.compile(r"['\u2018\u2019.]")
_VOWEL = re.compile(r"[AEIOUY]")
_MC_NAME = re.compile(r"MC[A-Z][A-Z]{2}")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _prepare(name: str) -> str:
    """Upper case, NFKC, accents dropped, parenthetical notes dropped.

    Example:
        >>> _prepare("Société Générale (Paris)"), _prepare("株式会社テストジャパン")
        ('SOCIETE GENERALE  ', '株式会社テストジャパン')
    """
    if name.isascii():  # most names: ASCII has no accents and is its own NFKC form
        return _PARENTHETICAL.sub(" ", name.upper())
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", name).upper())
    text = unicodedata.normalize("NFKC", "".join(c for c in text if not _ACCENT.match(c)))
    return _PARENTHETICAL.sub(" ", text)


# The accents of the Latin, Greek and Cyrillic letters, not every combining mark: kana's
# voicing marks are letters' own (株式会社テストジャパン had been listed as ...テストシャハン).
_ACCENT = re.compile("[\u0300-\u036f]")


# What no word of a key holds, of ASCII: every character but a letter or a digit.
_NOT_ALNUM: Final = bytes(c for c in range(128) if not chr(c).isalnum())


def key_letters(name: str) -> str:
    """The letters and digits of a name as its key reads it (``_prepare``), all else
    dropped: each word of its ``company_key`` but AND (a "&"'s) is within it, as the key
    only drops marks within a word, joins initials and cuts words, never adds a letter.
    So a search's key word not within it is in no key of the name, which a search then
    need not work out (most of the time of one: 57,000 names keyed).

    Example:
        >>> key_letters("J. C. Penney Co. (US)"), company_key("J. C. Penney Co. (US)")
        ('JCPENNEYCO', 'JC PENNEY')
        >>> key_letters("L'Oréal USA, Inc."), key_letters("A (X) B")
        ('LOREALUSAINC', 'AB')
    """
    # Most names: ASCII without a note in parentheses, whose _prepare is its upper case.
    if name.isascii() and "(" not in name:
        return name.upper().encode().translate(None, _NOT_ALNUM).decode()
    prepared = _prepare(name)
    if prepared.isascii():
        return prepared.encode().translate(None, _NOT_ALNUM).decode()
    return "".join(c for c in prepared if c.isalnum())


def _key_word(word: str) -> str:
    return "AND" if word == "&" else _INNER_MARKS.sub("", word)


def _join_initials(words: list[str]) -> list[str]:
    """Runs of one-character words become one word: ``U S A`` -> ``USA``."""
    joined: list[str] = []
    previous_single = False
    for word in words:
        single = len(word) == 1
        if single and previous_single:
            joined[-1] += word
        else:
            joined.append(word)
        previous_single = single
    return joined


def _load_distinct() -> frozenset[tuple[str, ...]]:
    return frozenset(tuple(row["name"].split()) for row in read_rules("company_distinct.csv"))


# Names kept whole by the key: a legal form or tag in them is part of the name.
DISTINCT_NAMES: Final = _load_distinct()


# The forms and tags by length, longest first: a set lookup per length, not a scan per form.
_STRIPPED_BY_SIZE: Final = tuple(
    (size, frozenset(form for form in _STRIPPED if len(form) == size))
    for size in sorted({len(form) for form in _STRIPPED}, reverse=True)
)


def _strippable_end(words: list[str], n: int) -> int:
    """How many words at the end of ``words[:n]`` are a legal form or tag (0: none).

    The longest form wins: PRIVATE LIMITED is taken whole, not as LIMITED.
    """
    for size, forms in _STRIPPED_BY_SIZE:
        if n - size >= 1 and tuple(words[n - size : n]) in forms:
            return 0 if words[n - size - 1] in _BOUND_BEFORE else size
    return 0


def _kept(words: list[str]) -> int:
    """How many leading words remain once legal forms and tags are dropped from the end."""
    n = len(words)
    while tuple(words[:n]) not in DISTINCT_NAMES and (cut := _strippable_end(words, n)):
        n -= cut
    return n


def _legal_name(words: list[str]) -> list[str]:
    """The words before DBA (D/B/A, d.b.a.: "doing business as"), the legal name.

    The legal name wins because the filings name the employer by it: of the
    real filings' "X dba Y" whose employer is filed elsewhere too, most (48 of
    62) are filed under X, and a parenthetical "(D/B/A Y)" was dropped already.
    """
    return words[: words.index(_DBA, 1)] if _DBA in words[1:] else words


@functools.lru_cache(maxsize=262144)  # pure; searches key every merged name again
def company_key(name: str) -> str | None:
    """The key of an employer name: what decides its company; None when it has no words.

    Example:
        >>> company_key("Amazon.com Services, Inc.")
        'AMAZONCOM SERVICES'
        >>> company_key("CAPITAL ONE, NATIONAL ASSOCIATION")
        'CAPITAL ONE'
        >>> company_key("RANDSTAD GENERAL PARTNER (US) LLC")
        'RANDSTAD GENERAL PARTNER'
        >>> company_key("Intel Corporation") == company_key("INTEL") == "INTEL"
        True
        >>> company_key("ContextLogic Inc., d/b/a Wish")  # the legal name, before DBA
        'CONTEXTLOGIC'
    """
    words, kept = _words_kept(name)
    return " ".join(kept) if words else None


def _words_kept(name: str) -> tuple[list[str], list[str]]:
    """A name's key words (``_name_words``) and those of them its key keeps: what both
    ``company_key`` and ``names_no_firm`` ask, found once when ``canonical_company`` asks
    both (a third of its time over an ingest's 32,720 distinct employers, found twice)."""
    words = _name_words(name)
    return words, words[: _kept(words)]


def _name_words(name: str) -> list[str]:
    """The key words of an employer's legal name, its legal forms and tags not yet cut."""
    words = _join_initials([_key_word(m.group()) for m in _WORD.finditer(_prepare(name))])
    while len(words) > 1 and words[0] == "THE":
        words = words[1:]
    return _legal_name(words)


def _case_word(word: str, first: bool) -> str:
    if word in SMALL_WORDS and not first:
        return "&" if word == "AND" else word.translate(_ASCII_LOWER)
    if (len(word) <= 2 and word not in SHORT_WORDS) or word in ACRONYMS or not _VOWEL.search(word):
        return word  # GE, KPMG, 3M, USA
    # ASCII only, so that the key of the shown name is the key it was made from.
    if _MC_NAME.match(word):
        return "Mc" + word[2] + word[3:].translate(_ASCII_LOWER)  # McGraw, McLean
    return word[0] + word[1:].translate(_ASCII_LOWER)


def _shown(key: str) -> str:
    words = key.split()
    return " ".join(_case_word(word, i == 0) for i, word in enumerate(words))


def display_name(name: str) -> str | None:
    """The shown form of an employer name's key, without alias lookup.

    Each word of the key keeps its first character and lower-cases the rest
    (ASCII letters only; MC... as McGraw); words of one or two characters (GE,
    EY), words without a vowel (KPMG, 3M) and a few acronyms stay upper case;
    after the first word OF, THE, FOR... are lower case and AND is ``&``, as
    most filings write it.

    Example:
        >>> display_name("1010DATA SERVICES LLC")
        '1010data Services'
        >>> display_name("OVERSTOCK.COM, INC.") == display_name("Overstockcom") == "Overstockcom"
        True
        >>> display_name("BANK OF AMERICA N.A.")
        'Bank of America'
        >>> display_name("JOHNSON AND JOHNSON SERVICES INC")
        'Johnson & Johnson Services'
    """
    key = company_key(name)
    return None if key is None else _shown(key)


def _load_aliases() -> dict[str, str]:
    return {row["key"]: row["company"] for row in read_rules("company_aliases.csv")}


ALIASES: Final = _load_aliases()


def _companies_by_key() -> dict[str, str]:
    # A canonical name is an alias of itself: "INTEL CORPORATION" and "Intel" are Intel.
    by_key: dict[str, str] = {}
    for company in sorted(set(ALIASES.values())):
        key = company_key(company)
        if key is not None:
            by_key[key] = company
    return by_key | ALIASES  # the table wins; a test checks that the two agree


COMPANIES_BY_KEY: Final = _companies_by_key()


def spelling_key(key: str) -> str:
    """A key without its spaces and its ANDs: the same for every spelling of a name.

    Filings write one name as one word or two (DATA BRICKS, SOURCEINFO TECH) and
    with or without "&" (BLUE CROSS & BLUE SHIELD); the key keeps both, as the
    shown name is cased from its words.

    Example:
        >>> spelling_key("JP MORGAN AND CHASE") == spelling_key("JPMORGAN CHASE")
        True
        >>> spelling_key("SOURCEINFO TECH")
        'SOURCEINFOTECH'
    """
    return "".join(word for word in key.split() if word != "AND")


def _companies_by_spelling() -> dict[str, str]:
    # A test checks that no two companies of the table share a spelling key.
    return {spelling_key(key): company for key, company in COMPANIES_BY_KEY.items()}


# The table's companies by spelling key: any spelling of a company in the table is it.
COMPANIES_BY_SPELLING: Final = _companies_by_spelling()


@functools.lru_cache(maxsize=65536)
def canonical_company(name: str) -> str | None:
    """The company of an employer name; None when the name is blank or unusable.

    Example:
        >>> canonical_company("AMAZONCOM SERVICES INC")
        'Amazon'
        >>> canonical_company("WAL-MART ASSOCIATES, INC.")
        'Walmart'
        >>> canonical_company("INTEL CORPORATION")
        'Intel'
        >>> canonical_company("ZILLOW INC")
        'Zillow'
        >>> canonical_company("JP MORGAN CHASE & CO")  # another spelling of a tabled name
        'JPMorgan Chase'
        >>> canonical_company("  ") is None
        True
    """
    words, kept = _words_kept(name)
    if _no_firm(words, kept):
        return None
    key = " ".join(kept)  # company_key(name)
    return COMPANIES_BY_KEY.get(key) or _tabled_spelling(key) or _shown(key)


def names_no_firm(name: str) -> bool:
    """Whether an employer name names no firm: blank, a placeholder (as filed whole) or a
    legal form alone. "NAN INC." names one (Nan, Inc., a builder in Guam: 5 H-1B filings of
    2023 had no company), though NAN, its name without the form, is the placeholder a
    spreadsheet writes for a blank.

    Example:
        >>> [names_no_firm(name) for name in ("NaN", " unknown ", "Corp.", "& Co")]
        [True, True, True, True]
        >>> names_no_firm("NAN INC."), names_no_firm("Intel Corporation")
        (False, False)
    """
    return _no_firm(*_words_kept(name))


def _no_firm(words: list[str], kept: list[str]) -> bool:
    """``names_no_firm`` of a name's ``_words_kept``."""
    return not words or tuple(kept) in LEGAL_FORMS or " ".join(words) in UNUSABLE


def _tabled_spelling(key: str) -> str | None:
    # A name listed apart (company_distinct.csv) is never taken for another spelling.
    if tuple(key.split()) in DISTINCT_NAMES:
        return None
    return COMPANIES_BY_SPELLING.get(spelling_key(key))
