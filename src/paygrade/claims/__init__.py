"""Salary claims in prose: extract them, check them against the store, find contradictions.

Extraction is rules, not a model (no network, no LLM): money figures are found
by pattern (``$150,000``, ``$150K``, ``150k USD``, ``$111k-$145k``, ``between
$80,000 and $127,000``, ``upwards of $150,000``; other currencies ``€80,000``,
``£50k``, ``300,000 PLN``, ``85.000 €``, ``₹25 lakh``, checked in dollars at the store's
rate: ``check.in_dollars``; changes and differences in percent, ``growth`` and
``difference``);
the statistic meant and the
subject (role, level, company, place, industry, remote, employment type, pay component)
come from the
phrase table ``normalize/rules/claim_subjects.csv``, looked up in the sentence
first (the mention nearest before the figure wins), then in the Markdown
headings above it, innermost first. A Markdown table row reads as a sentence
made of its first cell, the column header and the cell. Experience spans
("less than two years", "two to five years", "5+ years") define a level.

Tolerance (documented in docs/methodology.md): a claimed average, median or
typical figure is ``consistent`` inside the data's p25-p75; a claimed range is
consistent when it overlaps the data's p10-p90 (p25-p75 when n < 10); a lower
bound ("more than X") when X <= p90; an upper bound ("as high as X") when
p50 <= X <= p90 (a raw maximum is never published, so a claimed top beyond p90
cannot be confirmed and reads as ``above_data``). Fewer than 5 matching
records, or no role named, is ``no_data``.

Example:
    >>> [c.low for c in extract_claims("Senior ML engineers earn $150K-$180K.")]
    [150000.0]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from paygrade import records
from paygrade.claims.answers import Answers
from paygrade.claims.check import RELATIVE, check_claim, in_dollars, no_years_pay
from paygrade.claims.contradictions import contradictions
from paygrade.claims.extract import (
    Claim,
    experience_span,
    extract_claims,
    level_for_span,
    phrases,
    segments,
)
from paygrade.claims.figures import figures
from paygrade.normalize.places import regions
from paygrade.records import PaygradeError
from paygrade.store import Store

# What a text without claims is told: what the checker reads, so that a miss is seen.
NO_CLAIMS = (
    "No salary claims found: the text has no figure of pay paygrade reads ($150,000, "
    "$120-150K, €80,000, $95/hour, ...), no change of pay in percent (grew 12% from 2022 "
    "to 2024) and no difference (30% more than)."
)

# What the web API, the page and the MCP tool check in one call: a long article, 651
# claims in 3.0 s on the real store, 2026-12-03 (benchmarks/claims.py --db STORE --copies
# 21; 5.7 s with the machine busy). The CLI reads any length.
MAX_TEXT = 50_000
# And the salary figures they check in one call (``too_many``), counted before any is read:
# within MAX_TEXT, a list of 4,320 figures had held a core for minutes (168 s), its
# contradictions pair by pair. The long article above (651 claims) holds 609 figures.
MAX_FIGURES = 1_000
# And the different subjects their claims are of (``too_many_subjects``), counted once the
# claims are read, before any is checked: each asks the data its own questions, and 730
# claims of as many subjects (level, role, company, metro, year) within MAX_TEXT and
# MAX_FIGURES had held the server's checking for 515 s; 100 subjects take 34 s, the long
# article above 20 subjects (real store, two busy cores, 2026-12-07).
MAX_SUBJECTS = 100

__all__ = [
    "MAX_FIGURES",
    "MAX_SUBJECTS",
    "MAX_TEXT",
    "NO_CLAIMS",
    "Claim",
    "NoText",
    "NotText",
    "TooManyFigures",
    "TooManySubjects",
    "check_article",
    "check_claim",
    "check_text",
    "contradictions",
    "experience_span",
    "extract_claims",
    "figures",
    "in_dollars",
    "level_for_span",
    "not_text",
    "phrases",
    "regions",
    "segments",
    "too_long",
    "too_many",
    "too_many_subjects",
]


def too_long(text: str) -> str:
    """Why a text is more than the web and MCP check in one call, or "" when it is not: said
    after the text's name as every face says a text too long (``records.too_long``; MCP's
    schema says it so). The API's 413 had told its user of `paygrade check-claims FILE`.

    Example:
        >>> too_long("ML engineers earn $150K.")
        ''
        >>> too_long("x" * 60_000)
        'is 60,000 characters long: at most 50,000'
    """
    return records.too_long(text, MAX_TEXT) or ""


def too_many(text: str, most: int = MAX_FIGURES) -> str:
    """Why a text holds more salary figures than the web and MCP check in one call (``most``),
    or "" when it does not: counted as the text's money is found (``figures``), before any
    figure's words are read, so that a refusal costs no more than reading its characters.

    Example:
        >>> too_many("ML engineers earn $150K.")
        ''
        >>> print(too_many("$150,000, $160,000 and $170,000.", 2))  # doctest: +NORMALIZE_WHITESPACE
        The text holds 3 salary figures; at most 2 are checked at once: check a longer
        article in parts, or with `paygrade check-claims FILE`.
    """
    count = len(figures(text, every=True))
    if count <= most:
        return ""
    return (
        f"The text holds {count:,} salary figures; at most {most:,} are checked at once: "
        "check a longer article in parts, or with `paygrade check-claims FILE`."
    )


class TooManyFigures(PaygradeError):
    """A text holding more salary figures than are checked at once (``too_many``)."""


class TooManySubjects(TooManyFigures):
    """A text whose claims are of more subjects than are checked at once
    (``too_many_subjects``): too much to check at once, as too many figures are."""


def too_many_subjects(claims: Sequence[Claim], most: int = MAX_SUBJECTS) -> str:
    """Why a text's claims are of more different subjects than the web and MCP check in one
    call (``most``), or "" when they are not: a subject (its fields, what it is set against
    and its years) is the data's questions of a claim, asked once however many claims share
    it, so that it, not the claims, is what a check costs.

    Example:
        >>> claims = extract_claims("Google pays $150K. Meta pays $160K. Google pays $170K.")
        >>> too_many_subjects(claims)
        ''
        >>> print(too_many_subjects(claims, 1))  # doctest: +NORMALIZE_WHITESPACE
        The text's claims are of 2 different subjects (role, level, company, place and years);
        at most 1 is checked at once: check a longer article in parts, or with
        `paygrade check-claims FILE`.
    """
    count = len({_subject(claim) for claim in claims})
    if count <= most:
        return ""
    return (
        f"The text's claims are of {count:,} different subjects (role, level, company, place "
        f"and years); at most {most:,} {'is' if most == 1 else 'are'} checked at once: check "
        "a longer article in parts, or with `paygrade check-claims FILE`."
    )


def _subject(claim: Claim) -> str:
    """What a claim asks the data of, as a key: its subject, what it is set against, and its
    years (written out: a subject's value may be a list)."""
    return repr((sorted(claim.subject.items()), sorted((claim.versus or {}).items()), claim.years))


class NotText(PaygradeError):
    """A text holding NUL characters: binary data, which nothing checks (``not_text``)."""


def not_text(text: str, name: str = "the text") -> str:
    """Why a text (``name``: how to call it, a file's name) is refused as binary data, or ""
    when it is text: one that holds NUL characters, refused alike by the CLI (a file or
    stdin), the API, the MCP tool and the page (they had checked it, "\\u0000" and all).

    Example:
        >>> not_text("ML engineers earn $150K.")
        ''
        >>> not_text("ML engineers earn $150K.\\x00")
        'cannot read the text: it is binary data, not text (it holds NUL characters)'
    """
    if "\x00" not in text:
        return ""
    return f"cannot read {name}: it is binary data, not text (it holds NUL characters)"


def check_text(store: Store, text: str, first: int = 0, most: int | None = None) -> dict[str, Any]:
    """Extract, check and cross-check every claim in a text: the contract of
    ``paygrade check-claims --format json``; a text that is binary data is refused
    (``NotText``), as is one of more than ``most`` salary figures, when given
    (``TooManyFigures``: the web's and MCP's ``MAX_FIGURES``), and then one whose claims are
    of more than ``MAX_SUBJECTS`` subjects (``TooManySubjects``). The contradictions' words
    count claims from ``first``: the ids' 0, or the page's 1.

    Example:
        >>> check_text(store, "ML engineers earn $150K.")["claims"][0]["verdict"]  # doctest: +SKIP
        'consistent'
    """
    if said := not_text(text):
        raise NotText(said)
    if most is not None and (said := too_many(text, most)):
        raise TooManyFigures(said)
    claims = [in_dollars(store, c) for c in extract_claims(text)]
    if most is not None and (said := too_many_subjects(claims)):
        raise TooManySubjects(said)
    # The values each field holds, and each question's answer, asked once for every claim.
    answers = Answers(store)
    # A figure in a currency the store has no rate for cannot be set against the others,
    # nor can a change in percent (its currency is "%").
    # Nor can a difference in money: it is a gap between two subjects' pay, no pay.
    comparable = [
        c
        for c in claims
        if (c.currency == "USD" or c.written is not None)
        and c.statistic not in RELATIVE
        and c.part is None  # a bonus is no pay to set against pay
        and not no_years_pay(c)  # nor is "$500" or "-$50,000"
        and not c.negated  # nor is "do not earn $250,000"
        and c.unchecked is None  # nor "Google and Meta pay", "outside the US"
        and c.language is None  # nor a figure said in French: its "not" is not read
    ]
    return {
        "claims": [check_claim(store, c, answers) for c in claims],
        "contradictions": contradictions(comparable, first),
    }


class NoText(PaygradeError):
    """An article that is markup alone: nothing is checked, and the answer says so."""


def check_article(
    store: Store, text: str, name: str = "", most: int | None = None
) -> dict[str, Any]:
    """:func:`check_text` over the text an article is read as: a web page (by ``name``, a
    file's, or by its look) as Markdown; with ``most``, the figures that text may hold.
    Claims' ``start`` and ``end`` count in that text, so the answer carries it as
    ``checked_text`` when it is not the text given.

    Example:
        >>> page = "<html><body><p>ML engineers earn $150K.</p></body></html>"
        >>> check_article(store, page)["checked_text"]  # doctest: +SKIP
        'ML engineers earn $150K.\\n'
    """
    from paygrade.claims.html import article_text

    read = article_text(text, name)
    if not read.strip():  # "<p></p>": the CLI refused it, the API and MCP answered no claim
        raise NoText(f"{name or 'the text'} holds no text to check (markup alone)")
    result = check_text(store, read, most=most)
    if read != text:
        result["checked_text"] = read
    return result
