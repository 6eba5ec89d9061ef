"""Names spelt close to a word among tens of thousands, as ``difflib`` finds them, fast.

``difflib.get_close_matches`` compares the word with every name in Python: ~100 ms
over the 27,000 companies of the real store, and a "did you mean" asks it twice per
value no record holds (5 values asked at once took the server 4.6 s). Its cheap
bound, ``quick_ratio`` (letters in common, as a multiset), is computed here for all
names at once from an index built once per list of names, and ``difflib`` is run on
the few names the bound leaves: the same answer, as ``get_close_matches`` orders its
matches by (score, name) whatever order they come in.
"""

from __future__ import annotations

import difflib
import threading
from bisect import bisect_right
from collections import Counter, OrderedDict
from collections.abc import Mapping
from itertools import accumulate
from typing import Any

# Lists of fewer names are compared by difflib alone (an index would cost more than it
# saves); a list of more is indexed at its first question and kept for the next.
INDEXED_FROM = 1000
# Lists kept indexed (a store's companies, titles, cities; a server's company lists).
KEPT = 8
# quick_ratio is a float: a name at the cutoff is kept whatever the rounding.
_SLACK = 1e-9
_SEPARATOR = "\0"
# The most times a letter is in one name that two bytes count (a word is read as holding
# it at most as often as its counts can say: min(count, times) is the same).
_SHORT = 65535
# Letters counted each in its own column; the rarer share one (see ``_columns``).
COLUMNS = 127


class CloseSpelling:
    """The names of a list indexed by their letters, to find those spelt close to a word.

    Example:
        >>> CloseSpelling(["google", "gogo", "intel"]).close_matches("gogle", 3, 0.6)
        ['google', 'gogo']
    """

    builds = 0  # indexes built, all lists together (a test counts them)

    def __init__(self, names: list[str]) -> None:
        import numpy as np  # here, not at import: `paygrade stats` (every filter) loads this
        # module, and numpy cost it 0.11 s of a 0.29 s run; only a value no record holds, in
        # a long list, comes here

        CloseSpelling.builds += 1
        self.names = names
        self._lengths = np.fromiter(map(len, names), dtype=np.int64, count=len(names))
        self._joined = _SEPARATOR.join(names)
        self._starts = list(accumulate((len(name) + 1 for name in names), initial=0))
        letters = np.frombuffer("".join(names).encode("utf-32-le"), dtype=np.uint32)
        owners = np.repeat(np.arange(len(names), dtype=np.int64), self._lengths)
        self._columns, column = _columns(letters)
        # Each column's count in each name, counted name by name (in order in memory: 5
        # times faster than column by column), then kept a row per column, as read.
        width = len(self._columns) + 1
        counts = np.bincount(owners * width + column, minlength=width * len(names))
        kept = np.uint16 if counts.max(initial=0) <= _SHORT else np.uint32  # 2 bytes a count
        self._counts = np.ascontiguousarray(counts.reshape(-1, width).T.astype(kept))
        self._most = int(np.iinfo(kept).max)

    def close_matches(self, word: str, n: int, cutoff: float) -> list[str]:
        """``difflib.get_close_matches(word, names, n, cutoff)``, run on the names whose
        letters in common with ``word`` could reach ``cutoff`` (ratio <= quick_ratio)."""
        import numpy as np

        asked = Counter[int]()
        for letter, times in Counter(word).items():
            asked[self._columns.get(letter, len(self._columns))] += times
        common = np.zeros(len(self.names), dtype=np.int64)
        for column, times in asked.items():
            common += np.minimum(self._counts[column], min(times, self._most))
        reach = 2 * common >= cutoff * (self._lengths + len(word)) - _SLACK
        shortlist = [self.names[i] for i in np.flatnonzero(reach)]
        return difflib.get_close_matches(word, shortlist, n=n, cutoff=cutoff)

    def holding(self, word: str) -> list[str]:
        """The names holding ``word``, found in the names joined in one string (a test
        per name took ~10 ms over 30,000)."""
        if not word:
            return list(self.names)
        found = []
        at = self._joined.find(word)
        while at >= 0:
            name = bisect_right(self._starts, at) - 1
            if word in self.names[name]:  # not across a separator
                found.append(self.names[name])
            at = self._joined.find(word, self._starts[name + 1])
        return found


def _columns(letters: Any) -> tuple[dict[str, int], Any]:
    """The ``COLUMNS`` letters most often written, each a column, and each of ``letters``'
    column; the rest share the last one, counted together (the bound only grows, so a
    name near the word is never left out): a list in a script of thousands of letters
    needs no column of each.

    Example:
        >>> import numpy as np
        >>> columns, of = _columns(np.frombuffer("abba".encode("utf-32-le"), np.uint32))
        >>> columns, of.tolist()
        ({'a': 0, 'b': 1}, [0, 1, 1, 0])
    """
    import numpy as np

    written = np.bincount(letters) if len(letters) else np.zeros(1, dtype=np.int64)
    codes = np.flatnonzero(written)
    kept = np.sort(codes[np.argsort(-written[codes], kind="stable")][:COLUMNS])
    table = np.full(len(written), len(kept), dtype=np.int64)
    table[kept] = np.arange(len(kept))
    return {chr(code): i for i, code in enumerate(kept.tolist())}, table[letters]


_KEPT: OrderedDict[int, tuple[Mapping[str, Any], CloseSpelling]] = OrderedDict()
_KEEPING = threading.Lock()  # a server's requests run in threads


def close_matches(word: str, held: Mapping[str, Any], n: int, cutoff: float) -> list[str]:
    """The keys of ``held`` spelt closest to ``word``, as ``difflib.get_close_matches``
    gives them; a long ``held`` (a store's companies) is indexed once and kept while it
    is in use, so it must not change after its first question (a store's held values,
    read once per snapshot, do not).

    Example:
        >>> close_matches("gogle", {"google": ["Google"], "intel": ["Intel"]}, 3, 0.75)
        ['google']
    """
    if len(held) < INDEXED_FROM:
        return difflib.get_close_matches(word, list(held), n=n, cutoff=cutoff)
    return spelling_of(held).close_matches(word, n, cutoff)


def holding(word: str, held: Mapping[str, Any]) -> list[str]:
    """The keys of ``held`` that hold ``word``, in no particular order.

    Example:
        >>> holding("goo", {"google": ["Google"], "intel": ["Intel"]})
        ['google']
    """
    if len(held) < INDEXED_FROM:
        return [key for key in held if word in key]
    return spelling_of(held).holding(word)


def spelling_of(held: Mapping[str, Any]) -> CloseSpelling:
    """The index of ``held``'s keys, built at its first question and kept (the
    ``KEPT`` lists asked last) with ``held`` itself, so its id names no other list."""
    with _KEEPING:
        kept = _KEPT.get(id(held))
        if kept is not None and kept[0] is held and len(kept[1].names) == len(held):
            _KEPT.move_to_end(id(held))
            return kept[1]
    spelling = CloseSpelling(list(held))
    with _KEEPING:
        _KEPT[id(held)] = (held, spelling)
        while len(_KEPT) > KEPT:
            _KEPT.popitem(last=False)
    return spelling
