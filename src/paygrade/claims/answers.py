"""One check of a text's questions to the data, each asked once.

Every claim on a subject asks the data the same question (its percentiles by pay
component); a long article has hundreds of claims on a few subjects. ``Answers``
remembers each answer for the length of one check (a 50,000-character article asked
``stats`` 1,197 times, for a few dozen distinct questions).
"""

from __future__ import annotations

import copy
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from paygrade.filters import KnownValues, Where
from paygrade.stats import stats


@dataclass
class Answers(KnownValues):
    """The store's values per field (``KnownValues``) and the data's answers asked so far
    in one check: a store's data must not change while it lives.

    Example:
        >>> answers = Answers(store)  # doctest: +SKIP
        >>> first = answers.stats(["year"], {"role": ["ml_engineer"]})  # doctest: +SKIP
        >>> answers.stats(["year"], {"role": ["ml_engineer"]}) == first  # doctest: +SKIP
        True
    """

    _answers: dict[Hashable, dict[str, Any]] = field(default_factory=dict)

    def stats(self, by: Sequence[str], where: Where, **options: Any) -> dict[str, Any]:
        """``stats.stats(store, by, where, **options)``, computed once per question; a copy,
        so that a caller's changes never reach the next caller."""
        assert self.store is not None
        question = (tuple(by), _frozen(where), tuple(sorted(options.items())))
        if question not in self._answers:
            self._answers[question] = stats(self.store, by, where, known=self, **options)
        return copy.deepcopy(self._answers[question])


def _frozen(where: Where) -> tuple[tuple[str, tuple[Any, ...]], ...]:
    """A filter as a key: its fields in order, each field's values as asked.

    Example:
        >>> _frozen({"year": [2024], "role": ["ml_engineer"]})
        (('role', ('ml_engineer',)), ('year', (2024,)))
    """
    return tuple((name, tuple(values)) for name, values in sorted(where.items()))
