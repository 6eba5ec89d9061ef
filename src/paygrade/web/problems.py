"""What an error answer looks like, so that /openapi.json tells clients the truth.

Every error is ``{"detail": "one sentence"}`` (see ``app._errors``), not FastAPI's
default list of validation errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import HTTPException
from pydantic import BaseModel, Field

from paygrade.records import PaygradeError

# The command that runs this server, named where a restart is what to do (a store restored
# from a backup is read once the server publishes it again, as it does at its start).
SERVE = "paygrade serve"


class Problem(BaseModel):
    """An error answer: a sentence a person can act on; no stack trace, no SQL."""

    detail: str


class FieldProblems(Problem):
    """A bad question (422): with ``errors``, when a field or parameter is at fault, each
    named as the body or the query names it (``offers.0.base``) and mapped to what is
    wrong with it."""

    errors: dict[str, str] = Field(default_factory=dict)


@contextmanager
def blamed(parameter: str) -> Iterator[None]:
    """A ``PaygradeError`` raised within is the fault of the query parameter ``parameter``
    (as sent: ``where``, ``by``), which its 422's ``errors`` name (``app``'s handler): the
    filters' own words ("year needs a number, not 'abc'") had come without ``errors``, where
    a value pydantic refused names its parameter. One blamed already keeps its parameter.

    Example:
        >>> try:
        ...     with blamed("where"):
        ...         raise PaygradeError("year needs a number, not 'abc'")
        ... except PaygradeError as exc:
        ...     exc.parameter
        'where'
    """
    try:
        yield
    except PaygradeError as exc:
        exc.parameter = exc.parameter or parameter
        raise


def at_fault(exc: PaygradeError, sent: Iterable[str]) -> str | None:
    """The parameter ``exc`` is the fault of: the one it was blamed on (:func:`blamed`),
    else one of ``sent`` (the request's parameters) that leads its words, as the checks of
    a route's own parameters say them ("role 'nope' is not one of ..."); None for neither.

    Example:
        >>> at_fault(PaygradeError("role 'nope' is not one of ml_engineer, ..."), ["role"])
        'role'
        >>> at_fault(PaygradeError("no level 'wizard': the path starts ..."), ["level"])
        'level'
        >>> at_fault(PaygradeError("give either a metro or a country"), ["role"]) is None
        True
    """
    if exc.parameter is not None:
        return exc.parameter
    said = str(exc)
    # "no level 'wizard': ..." names its parameter after "no", as a check of a value says it.
    return next(
        (name for name in sent if said.startswith((f"{name} ", f"{name}: ", f"no {name} "))),
        None,
    )


def problem(description: str, model: type[Problem] = Problem) -> dict[str, Any]:
    """An error answer's OpenAPI entry: the body it has (``{"detail"}``; a 422's
    ``FieldProblems``) besides its words. A route's own entry replaces its router's
    whole: one of words alone had told clients the answer had no body (a route's 400,
    413, 415, 422 or 503; /api/v1/companies/{name}'s 404).

    Example:
        >>> problem("Not JSON")
        {'model': <class 'paygrade.web.problems.Problem'>, 'description': 'Not JSON'}
    """
    return {"model": model, "description": description}


class Suggesting(HTTPException):
    """An error whose "did you mean" names pages: ``suggestions`` are ``{"label", "url"}``,
    each a link on the error page (programs get the ``detail`` as ever).

    Example:
        >>> Suggesting(404, "no such", [{"label": "Google", "url": "/companies/G"}]).suggestions
        [{'label': 'Google', 'url': '/companies/G'}]
    """

    def __init__(self, status_code: int, detail: str, suggestions: list[dict[str, str]]) -> None:
        super().__init__(status_code, detail)
        self.suggestions = suggestions


# What a route taking a JSON body answers for one it cannot read (app.py's 400, deps'
# json_only's 415); each route adds its own size limit (413) and 422.
JSON_BODY: dict[int | str, dict[str, Any]] = {
    400: problem("The body is not readable JSON"),
    415: problem("Not JSON"),
}
# The error answers every API route may give (FastAPI adds its own 422 otherwise).
ERRORS: dict[int | str, dict[str, Any]] = {
    422: problem("A bad question: the detail says what to change", FieldProblems),
    503: problem("No published store to answer from yet"),
}
