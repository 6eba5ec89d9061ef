"""A "did you mean" for a company or title no record holds: fast (an index of the held
names' letters, built once per store snapshot), and the same suggestions as before.

``stats?where=company:`` five random names had taken the server 4.6 s: each was spelt
against all 27,000 companies by ``difflib.get_close_matches``, twice.
"""

from __future__ import annotations

import difflib
import random
import subprocess
import sys
from collections.abc import Mapping
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from paygrade.companies import missed
from paygrade.filters import KnownValues, resolve
from paygrade.normalize import close_spelling
from paygrade.normalize.close_spelling import CloseSpelling, close_matches, holding
from paygrade.normalize.places import _contains_word, _starts_word, suggest
from paygrade.store import Store

# Captured from the base code (57b8b4ed) on the real store, where it was right: the
# suggestions each misspelling is answered with.
MISSPELT = {
    ("company", "Gogle"): ["Google"],
    ("company", "Amazn"): ["Amazon", "Daman"],
    ("company", "Microsft"): ["Microsoft", "Iconsoft"],
    ("company", "Metaa"): ["Meta", "Metastar", "Metabase"],
    ("company", "Capital Onee"): ["Capital One", "Capital Care"],
    ("company", "Goldman Sacks"): ["Goldman Sachs", "Goldman Sachs Bank"],
    ("company", "Deloite"): ["Deloitte", "Deltek", "Tekdelite"],
    ("company", "Bloomburg"): ["Bloomberg"],
    ("company", "Moody"): [
        "Moodys Analytics",
        "Moodys Investors Service",
        "Moodys Shared Services",
    ],
    ("company", "Fidelity"): [
        "Fidelity Investments",
        "Fidelity Workplace Investing",
        "Fidelity Management & Research",
    ],
    ("title", "Machine Learnign Engineer"): [
        "MACHINE LEARNING ENGINEER",
        "MACHINE LEARNING ENGINGEER",
        "MACHINE LEARNING ENGINEER I",
    ],
    ("title", "Data Scientst"): ["DATA SCIENTIST", "Data Scientists", "DATA SCIENTIST I"],
    ("title", "Applied Scientst"): [
        "APPLIED SCIENTIST",
        "APPLIED SCIENTIST I",
        "APPLIED SCIENTIST 2",
    ],
    ("title", "Data Anaylst"): ["DATA ANALYST", "Data Analayst", "DATA ANALYST I"],
    ("city", "Seatle"): ["Seattle"],
    ("city", "San Fransisco"): ["San Francisco", "South San Francisco"],
    ("city", "Mountain Veiw"): ["Mountain View"],
    ("city", "Sunyvale"): ["Sunnyvale", "Sun Valley"],
    ("city", "Redmnd"): ["Redmond", "Edmond"],
}


@pytest.mark.parametrize(("field", "value"), list(MISSPELT))
def test_a_misspelt_value_is_offered_what_it_was(real_store: Store, field: str, value: str) -> None:
    _, unmatched = resolve({field: [value]}, KnownValues(real_store))
    assert [(u.value, u.suggestions) for u in unmatched] == [(value, MISSPELT[field, value])]


def by_difflib(text: str, held: Mapping[str, list[Any]], n: int = 3, cutoff: float = 0.75) -> Any:
    """``places.suggest`` as it was (57b8b4ed): every held name spelt against ``text``."""
    key = text.casefold().strip()
    containing = sorted(k for k in held if _contains_word(k, key))
    starting = sorted(k for k in held if len(key) >= 4 and _starts_word(k, key))
    close = difflib.get_close_matches(key, list(held), n=n, cutoff=cutoff)
    chosen = list(dict.fromkeys([*close[:1], *containing, *starting, *close]))[:n]
    return [held[k][0] for k in chosen]


def misspelt(name: str, pick: random.Random) -> str:
    """``name`` with one letter left out, changed, added or swapped with the next."""
    at, letter = pick.randrange(len(name)), pick.choice("abcdefghijklmnopqrstuvwxyz ")
    return pick.choice(
        [
            name[:at] + name[at + 1 :],
            name[:at] + letter + name[at + 1 :],
            name[:at] + letter + name[at:],
            name[:at] + name[at + 1 : at + 2] + name[at : at + 1] + name[at + 2 :],
        ]
    )


@pytest.mark.parametrize("field", ["company", "title", "city"])
def test_suggestions_are_difflibs_for_held_names_misspelt(real_store: Store, field: str) -> None:
    held = KnownValues(real_store).told(field)
    pick = random.Random(field)
    names = pick.sample(sorted(held), 30)
    words = [misspelt(name, pick) for name in names] + [name[: len(name) // 2] for name in names]
    assert [suggest(w, held) for w in words] == [by_difflib(w, held) for w in words]


def test_letters_counted_together_leave_out_no_close_name(
    real_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A list in a script of thousands of letters counts the rarer ones in one column.
    monkeypatch.setattr(close_spelling, "COLUMNS", 4)
    names = sorted(KnownValues(real_store).told("company"))
    spelling = CloseSpelling(names)
    pick = random.Random(4)
    for word in [misspelt(name, pick) for name in pick.sample(names, 20)] + ["", "zzqx"]:
        found = spelling.close_matches(word, 3, 0.6)
        assert found == difflib.get_close_matches(word, names, n=3, cutoff=0.6), word


def test_names_holding_a_word_are_found_in_each_name_alone(real_store: Store) -> None:
    held = KnownValues(real_store).told("company")
    names = list(held)
    across = names[0][-2:] + close_spelling._SEPARATOR + names[1][:2]  # where they join
    for word in ["google", "ai", "inc.", "", across, names[-1], "zzqx"]:
        assert sorted(holding(word, held)) == sorted(k for k in held if word in k), word


def test_a_suggestion_spells_a_few_companies_against_the_value_not_all(
    real_store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    known = KnownValues(real_store)
    spelt: list[str] = []
    original = difflib.SequenceMatcher.set_seq1

    def counted(matcher: difflib.SequenceMatcher[str], a: str) -> None:
        spelt.append(a)
        original(matcher, a)

    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq1", counted)
    _, unmatched = resolve({"company": ["Microsft"]}, known)
    assert unmatched[0].suggestions[0] == "Microsoft"
    # It had been every one of 27,000 companies, twice (as written and as normalized).
    assert 0 < len(spelt) < len(known.told("company")) / 20


def test_the_index_is_built_once_per_store_snapshot(real_db: Path) -> None:
    before = CloseSpelling.builds
    with closing(Store.open(real_db, read_only=True)) as store:
        for typo in ["Gogle", "Amazn", "Metaa"]:  # a server's requests: each its own KnownValues
            _, unmatched = resolve({"company": [typo]}, KnownValues(store))
            assert unmatched[0].suggestions
        assert CloseSpelling.builds == before + 1
    with closing(Store.open(real_db, read_only=True)) as store:  # another snapshot: its own index
        resolve({"company": ["Gogle"]}, KnownValues(store))
    assert CloseSpelling.builds == before + 2


def test_a_short_list_is_spelt_by_difflib_alone() -> None:
    before = CloseSpelling.builds
    held = {"google": ["Google"], "gogo": ["Gogo"]}
    assert close_matches("gogle", held, 3, 0.6) == ["google", "gogo"]
    assert CloseSpelling.builds == before


def test_a_company_search_finding_none_indexes_the_company_list_once(real_db: Path) -> None:
    before = CloseSpelling.builds
    with closing(Store.open(real_db, read_only=True)) as store:  # a server's published copy
        said = [missed(store, search, []) for search in ["gogle", "microsft", "qwxzrtplkmnb"]]
    assert said[:2] == [
        "no company matches 'gogle'; did you mean Google?",
        "no company matches 'microsft'; did you mean Microsoft or Iconsoft?",
    ]
    assert said[2] == "no company matches 'qwxzrtplkmnb'"
    # Its names had been keyed again at each search, so would their letters have been.
    assert CloseSpelling.builds == before + 1


def test_a_word_longer_than_a_count_is_spelt_as_difflib_spells_it(real_store: Store) -> None:
    names = sorted(KnownValues(real_store).told("company"))
    for word in ["a" * 100_000, "google" * 20_000]:  # a search is cut only in its note
        assert CloseSpelling(names).close_matches(word, 3, 0.75) == []
    spelling = CloseSpelling([*names, "b" * 70_000])  # a name past two bytes' count
    assert spelling.close_matches("b" * 69_000, 3, 0.75) == ["b" * 70_000]


def test_loading_the_filters_loads_no_numpy() -> None:
    # numpy (0.11 s) is the index's alone: every `paygrade stats` loads the filters, and a
    # question whose values are all held had paid for it (0.29 s where a plain DuckDB
    # process takes 0.14 s: benchmarks/stats.py's goal is 2x).
    probe = (
        "import sys\n"
        "import paygrade.filters, paygrade.normalize.places, paygrade.companies\n"
        "print('numpy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
