"""One check of a text's questions to the data, each asked once.

Every claim on a subject asks the data the same question (its percentiles by pay
component); a long article has hundreds of claims on a few subjects. ``Answers``
remembers each answer for the length of one check (a 50,000-character article asked
``stats`` 1,197 times, for a few dozen distinct questions).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from paygrade.filters import KnownValues, Where, fields_held, values_held
from paygrade.stats import stats
from paygrade.store import Store

T = TypeVar("T")


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

    _answers: dict[Hashable, Any] = field(default_factory=dict)

    def stats(self, by: Sequence[str], where: Where, **options: Any) -> dict[str, Any]:
        """``stats.stats(store, by, where, **options)``, computed once per question."""
        question = ("stats", tuple(by), _frozen(where), tuple(sorted(options.items())))
        return self._once(question, lambda store: stats(store, by, where, known=self, **options))

    def fields_held(self, names: Sequence[str], pay_component: str) -> set[str]:
        """``filters.fields_held``, computed once per question."""
        question = ("fields_held", tuple(names), pay_component)
        return self._once(question, lambda store: fields_held(store, names, pay_component))

    def values_held(self, where: Where, pay_component: str) -> set[str]:
        """``filters.values_held``, computed once per question."""
        question = ("values_held", _frozen(where), pay_component)
        return self._once(question, lambda store: values_held(store, where, pay_component))

    def _once(self, question: Hashable, compute: Callable[[Store], T]) -> T:
        """The answer to ``question``, computed the first time it is asked; a copy, so that
        a caller's changes never reach the next caller."""
        assert self.store is not None
        if question not in self._answers:
            self._answers[question] = compute(self.store)
        answer: T = copy.deepcopy(self._answers[question])
        return answer


def _frozen(where: Where) -> tuple[tuple[str, tuple[Any, ...]], ...]:
    """A filter as a key: its fields in order, each field's values as asked.

    Example:
        >>> _frozen({"year": [2024], "role": ["ml_engineer"]})
        (('role', ('ml_engineer',)), ('year', (2024,)))
    """
    return tuple((name, tuple(values)) for name, values in sorted(where.items()))
