"""The report's words for what a store holds (``paygrade.holdings.Held``)."""

from __future__ import annotations

from paygrade.holdings import Held
from paygrade.records import and_list

# The kinds of record (a source's ``evidence``) as the overview names them, in its order.
EVIDENCE_SAID = (
    ("survey", "public surveys (total pay)"),
    ("filing", "US H-1B filings (base pay)"),
    ("self-report", "salaries submitted to paygrade"),
    ("import", "records of the user's own files"),
)


def records_said(held: Held) -> str:
    """The records the report is made of, by kind.

    Example:
        >>> records_said(Held(frozenset({"aijobs", "h1b", "oews"})))
        'public surveys (total pay) and US H-1B filings (base pay)'
        >>> records_said(Held(frozenset()))
        'no record file yet'
    """
    return and_list(said for kind, said in EVIDENCE_SAID if held.has(kind)) or "no record file yet"


# The kinds of record as a table's rows name where they come from.
EVIDENCE_NAMED = (
    ("filing", "H-1B filings"),
    ("survey", "surveys"),
    ("self-report", "salaries submitted to paygrade"),
    ("import", "the user's own records"),
)


def origins_said(held: Held) -> str:
    """Where the records ``held`` come from, by kind.

    Example:
        >>> origins_said(Held(frozenset({"h1b", "h1b_2024"}))), origins_said(Held(frozenset()))
        ('H-1B filings', 'no record')
    """
    return and_list(named for kind, named in EVIDENCE_NAMED if held.has(kind)) or "no record"
