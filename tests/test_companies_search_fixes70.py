"""`paygrade companies --search goog` cost about a second of CPU, most of it keying every
one of 57,000 names (``company_key``) to compare the search's key with. Now a name is
keyed only when the search's key words are all within its letters (``key_letters``): the
key never adds a letter, so no name this passes over could have matched, and the answers
are the same."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from paygrade import companies as listing
from paygrade.companies import CompanyList, _listed, _Search
from paygrade.normalize import companies as keys
from paygrade.normalize.companies import company_key, key_letters
from paygrade.store import Store


def _all_names(rows: list[dict[str, Any]]) -> list[str]:
    return [
        name for row in rows for name in (row["company"], *(r["name"] for r in row["raw_names"]))
    ]


def _within_letters(name: str) -> bool:
    key = company_key(name)
    words = [] if key is None else [w for w in key.split() if w != "AND"]
    return all(word in key_letters(name) for word in words)


def test_every_real_name_s_key_words_are_within_its_letters(real_store: Store) -> None:
    names = _all_names(_listed(real_store, {}, 1))
    assert len(names) > 50_000
    assert [name for name in names if not _within_letters(name)] == []


# Names of the characters the key treats apart: marks within a word, "&", parentheses,
# initials, accents, other scripts, widths.
_NAME = st.lists(
    st.sampled_from([*"ABCjé.'’&() -_,/ＡＢ株式1ﬁ", "\u0301", "DBA", "INC", "THE", " CO."]),
    max_size=16,
).map("".join)


@given(_NAME)
def test_any_name_s_key_words_are_within_its_letters(name: str) -> None:
    assert _within_letters(name)


def _matching_every_name_keyed(
    rows: list[dict[str, Any]], every: list[tuple[Any, list[str]]], text: str
) -> list[str]:
    """The companies a search found as it had: every name keyed (``every``) and compared."""
    search = _Search(text)
    found = []
    for row, (names, keyed) in zip(rows, every, strict=True):
        found_by_key = search.key is not None and any(search.key in k for k in keyed)
        if (
            search.company == names.company
            or any(search.wanted in name for name in names.folded)
            or (search.squeezed is not None and any(search.squeezed in n for n in names.squeezed))
            or found_by_key
        ):
            found.append(row["company"])
    return found


def _queries(rows: list[dict[str, Any]]) -> list[str]:
    """Searches of the real names' own words, spellings and forms: whole names, a word, two
    words, with dots, "&", initials spaced, a legal form, and a prefix."""
    queries = ["goog", "intel corp.", "J. P. Morgan", "at&t", "AT & T", "open ai", "l'oreal"]
    queries += ["ibm", "I B M", "bank of america n.a.", "the", "inc", "& co", "co.", "u.s.a"]
    for row in rows[::4000]:  # a sample: each search walks every name twice
        name = row["raw_names"][0]["name"] if row["raw_names"] else row["company"]
        words = re.findall(r"\S+", name)
        queries += [name, words[0], " ".join(words[:2]), words[-1], name[:4], name.lower()]
        queries.append(".".join(words[0][:3]))
    return list(dict.fromkeys(queries))


def test_searches_find_what_keying_every_name_found(real_store: Store) -> None:
    rows = _listed(real_store, {}, 1)
    listed = CompanyList(rows)
    every = [
        (names, [f" {company_key(name)} " for name in names.names])
        for names in map(listing._Names, rows)
    ]
    queries = _queries(rows)
    assert len(queries) > 50
    differ = {
        text: (found, wanted)
        for text in queries
        if (found := [r["company"] for r in listed.matching(text)])
        != (wanted := _matching_every_name_keyed(rows, every, text))
    }
    assert differ == {}


def test_a_search_keys_only_the_names_that_could_match(
    real_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = _listed(real_store, {}, 1)
    keyed: list[str] = []

    def counted(name: str) -> str | None:
        keyed.append(name)
        return keys.company_key(name)

    monkeypatch.setattr(listing, "company_key", counted)
    found = [row["company"] for row in CompanyList(rows).matching("goog")]
    assert "Google" in found
    # It had keyed each of the 57,000 names.
    assert len(keyed) < len(_all_names(rows)) / 20
