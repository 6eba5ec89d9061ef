"""The library's answers as routes ask for them, cached per (data version, question).

The JSON API, the CSV download, the chart images and the pages ask the same
questions; they share these helpers so that one question is computed once
per data version, whichever face asked first.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import partial
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query

from paygrade.companies import NoSuchCompany, company_profile
from paygrade.compare import compare
from paygrade.config import Settings
from paygrade.estimate.modelfile import ModelFile, NoModel, load_newest, training_now
from paygrade.formats import asked_by
from paygrade.ladder import ladder
from paygrade.offers import Offer, Profile, evaluate_many
from paygrade.quality import quality_report
from paygrade.records import MAX_LIMIT, PaygradeError
from paygrade.stats import check_by, warned_stats
from paygrade.store.snapshot import Reader
from paygrade.web import links
from paygrade.web.cache import AnswerCache
from paygrade.web.deps import ByParam, ReaderDep, WhereParam, fields_of, where_of
from paygrade.web.limits import in_costly_turn
from paygrade.web.numbers import Typed
from paygrade.web.problems import Suggesting, blamed

Frozen = tuple[tuple[str, tuple[Any, ...]], ...]


def frozen(where: dict[str, list[Any]]) -> Frozen:
    """Filters as a hashable cache key, in the order given: the answer's ``where`` keeps it,
    as the CLI's and MCP's do (sorted, the API alone had reordered them).

    Example:
        >>> frozen({"role": ["ml_engineer"], "level": ["mid"]})
        (('role', ('ml_engineer',)), ('level', ('mid',)))
    """
    return tuple((name, tuple(values)) for name, values in where.items())


@dataclass(frozen=True)
class StatsQuery:
    """One ``stats`` question: parsed, validated, hashable (a cache key)."""

    by: tuple[str, ...] = ()
    where: Frozen = ()
    distinct_rows: bool = False
    real: bool = False
    include_flagged: bool = False
    min_n: int = 1
    limit: int | None = None
    local_prices: bool = False
    clauses: tuple[str, ...] = field(default=(), compare=False)  # as written, for links

    @property
    def filters(self) -> dict[str, list[Any]]:
        """The filters as ``stats`` takes them."""
        return {name: list(values) for name, values in self.where}

    def arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``paygrade.stats.stats`` for this question.

        Example:
            >>> StatsQuery(by=("level",), real=True).arguments()["value"]
            'amount_usd_real'
        """
        return {
            "by": list(self.by),
            "where": self.filters,
            "distinct_rows": self.distinct_rows,
            "value": "amount_usd_real" if self.real else "amount_usd",
            "include_flagged": self.include_flagged,
            "min_n": self.min_n,
            "limit": self.limit,
            "local_prices": self.local_prices,
        }


def _read_stats_query(current: Reader, by: str, where: list[str], **options: Any) -> StatsQuery:
    """The stats parameters of a request (``by``, repeated ``where``, ...), parsed like the
    CLI; ``by``'s fields checked here, so that its error names ``by`` (``problems.blamed``)."""
    fields = tuple(fields_of(by))
    with blamed("by"):
        check_by(fields)
    return StatsQuery(
        by=fields,
        where=frozen(where_of(current, where)),
        clauses=tuple(where),
        **options,
    )


@dataclass(frozen=True)
class Refused:
    """A stats question that could not be read: why, and the question as sent (``by``
    and ``where`` unread, the options as FastAPI typed them), for a page to show back."""

    error: PaygradeError
    by: str
    where: list[str]
    options: dict[str, Any]


def stats_query_or_problem(
    current: ReaderDep,
    by: ByParam = "",
    where: WhereParam = [],  # noqa: B006 - FastAPI copies defaults per request
    distinct_rows: bool = False,
    real: bool = False,
    include_flagged: bool = False,
    min_n: Annotated[int, Query(ge=1, le=1_000_000), Typed()] = 1,
    limit: Annotated[int | None, Query(ge=1, le=MAX_LIMIT), Typed()] = None,
    local_prices: bool = False,
) -> StatsQuery | Refused:
    """The stats parameters of a request, declared once for every route that takes them;
    a question it cannot read is returned (``Refused``), not raised, so that a page can
    keep its form beside the error.

    Example (a FastAPI dependency: ``asked: StatsQueryOrProblemDep``):
        >>> stats_query_or_problem(current, by="salary").error  # doctest: +SKIP
        UnknownField("unknown field 'salary' (did you mean salary_...?) ...")
    """
    options: dict[str, Any] = {
        "distinct_rows": distinct_rows, "real": real, "include_flagged": include_flagged,
        "min_n": min_n, "limit": limit, "local_prices": local_prices,
    }  # fmt: skip
    try:
        return _read_stats_query(current, by, list(where), **options)
    except PaygradeError as exc:
        return Refused(exc, by, list(where), options)


StatsQueryOrProblemDep = Annotated[StatsQuery | Refused, Depends(stats_query_or_problem)]


def stats_query(asked: StatsQueryOrProblemDep) -> StatsQuery:
    """The stats question of a request, its error raised (the API's answer to it).

    Example (a FastAPI dependency: ``question: StatsQueryDep``):
        >>> stats_query(StatsQuery(by=("level",))).by
        ('level',)
    """
    if isinstance(asked, Refused):
        raise asked.error
    return asked


StatsQueryDep = Annotated[StatsQuery, Depends(stats_query)]


def cached(current: Reader, cache: AnswerCache, key: Hashable, compute: Callable[[], Any]) -> Any:
    """``compute()`` once per data version and ``key``; for a costly question, in a costly
    slot (``limits.costly_turn``), taken only when it must be computed: an answer from the
    cache, or from another request computing it, takes none.

    Example:
        >>> cached(current, cache, ("answer",), lambda: 42)  # doctest: +SKIP
        42
    """
    return cache.get_or_compute(current.version, key, partial(in_costly_turn, compute))


# While a model is being trained, how long a client should wait before asking again.
RETRY_TRAINING_SECONDS = 60


def model_for(settings: Settings) -> ModelFile:
    """The newest model, else 503 (the server lacks it, not the question), with
    ``Retry-After`` while one is being trained (``scripts/start.sh`` trains in the
    background)."""
    folder = settings.models_dir()
    try:
        return load_newest(folder)
    except NoModel as exc:
        coming = training_now(folder) is not None
        retry = {"Retry-After": str(RETRY_TRAINING_SECONDS)} if coming else None
        # Said without the server's paths and process ids: a page and an API answer are public.
        raise NoModelHere(exc.public, retry) from None


class NoModelHere(HTTPException):
    """503: no model to estimate with. Its page has a title of its own and no advice to
    change the question: the server lacks the model, the question is fine."""

    title = "No estimate yet"

    def __init__(self, said: str, headers: dict[str, str] | None) -> None:
        super().__init__(503, said, headers=headers)


def company_answer(current: Reader, cache: AnswerCache, name: str) -> dict[str, Any]:
    """``company_profile``, cached (the API and the page share one computation); a company
    no record names is 404, the nearest names said, on both.

    Example:
        >>> company_answer(current, cache, "google")["company"]  # doctest: +SKIP
        'Google'
    """
    try:
        with blamed("name"):  # the path's: "a value of company is 300 characters"
            found: dict[str, Any] = cached(
                current, cache, ("company", name), lambda: company_profile(current.store, name)
            )
    except NoSuchCompany as exc:
        pages = [{"label": name, "url": links.company_url(name)} for name in exc.suggestions]
        raise Suggesting(404, str(exc), pages) from None
    return found


def stats_answer(current: Reader, cache: AnswerCache, question: StatsQuery) -> dict[str, Any]:
    """The ``stats`` result for a question (the API's JSON), cached.

    Example:
        >>> stats_answer(current, cache, StatsQuery(by=("level",)))["by"]  # doctest: +SKIP
        ['level']
    """
    return warned_stats_answer(current, cache, question)[0]


def warned_stats_answer(
    current: Reader, cache: AnswerCache, question: StatsQuery
) -> tuple[dict[str, Any], list[str]]:
    """The ``stats`` result for a question and its warnings (``stats.warned_stats``: what
    its keys cannot carry, such as records real dollars leave out), cached as one."""
    switch = asked_by("--include-flagged", "api")  # a page's reader too: the form asks so
    answer: tuple[dict[str, Any], list[str]] = cached(
        current,
        cache,
        ("stats", question),
        lambda: warned_stats(current.store, **question.arguments(), switch=switch),
    )
    return answer


def compare_answer(
    current: Reader,
    cache: AnswerCache,
    *,
    role: str,
    metro: str | None = None,
    country: str | None = None,
    level: str | None = None,
) -> dict[str, Any]:
    """The ``compare`` result for a place and role, cached.

    Example:
        >>> compare_answer(current, cache, role="ml_engineer", country="US")  # doctest: +SKIP
    """
    key = ("compare", role, metro, country, level)
    result: dict[str, Any] = cached(
        current,
        cache,
        key,
        lambda: compare(current.store, role=role, metro=metro, country=country, level=level),
    )
    return result


def evaluate_answer(
    current: Reader, cache: AnswerCache, pairs: list[tuple[Offer, Profile | None]]
) -> dict[str, Any]:
    """``evaluate_many`` for offers and their profiles, cached (offers are hashable).

    Example:
        >>> evaluate_answer(current, cache, [(Offer(base=90_000), None)])  # doctest: +SKIP
        {'offers': [{'name': 'Offer 1', 'years': [...], ...}]}
    """
    key = ("offers", tuple(pairs))
    result: dict[str, Any] = cached(
        current, cache, key, lambda: evaluate_many(pairs, current.store)
    )
    return result


def ladder_answer(
    current: Reader,
    cache: AnswerCache,
    role: str,
    company: str | None,
    country: str | None,
    level: str | None,
    years: float | None,
) -> dict[str, Any]:
    """The ``ladder`` result, cached.

    Example:
        >>> ladder_answer(current, cache, "ml_engineer", None, None, None, 3)  # doctest: +SKIP
    """
    key = ("ladder", role, company, country, level, years)
    result: dict[str, Any] = cached(
        current,
        cache,
        key,
        lambda: ladder(current.store, role, company, country, level=level, years=years),
    )
    return result


def quality_answer(current: Reader, cache: AnswerCache) -> dict[str, Any]:
    """The ``quality_report`` of the data served (``paygrade quality``), once per version.

    Example:
        >>> quality_answer(current, cache)["sources"][0]["checks"]["quarantined"]  # doctest: +SKIP
        0
    """
    result: dict[str, Any] = cached(
        current, cache, ("quality",), lambda: quality_report(current.store)
    )
    return result
