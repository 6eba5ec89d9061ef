"""What a store holds, as prose and notes may name it: a store of the aijobs survey alone
had been told of H-1B filings, BLS OEWS and Stack Overflow respondents it never held (the
report, ``compare``'s notes). Each sentence that names a source asks ``Held`` first."""

from __future__ import annotations

from dataclasses import dataclass

from paygrade.quality import loaded_sources
from paygrade.sources import REGISTRY
from paygrade.store import Store

# The measures set side by side (section "sources-compared"), each with what makes it held
# (a kind of record, or a published table's source) and the pay it reports.
MEASURES = (
    ("survey", "surveys", "Surveys", "total"),
    ("filing", "H-1B filings", "H-1B", "base"),
    ("oews", "BLS OEWS", "BLS OEWS", "base"),
    ("oflc_wage_levels", "OFLC", "OFLC", "base"),
)


@dataclass(frozen=True)
class Held:
    """The sources a store holds files of, and the kinds of record among them.

    Example:
        >>> held = Held(frozenset({"aijobs"}))
        >>> held.has("survey"), held.has("filing"), held.has("aijobs"), held.has("oews")
        (True, False, True, False)
    """

    sources: frozenset[str]

    @classmethod
    def of(cls, store: Store) -> Held:
        return cls(frozenset(row["source"] for row in loaded_sources(store)))

    def has(self, name: str) -> bool:
        """Whether the store holds the source ``name``, or a record of that evidence."""
        return name in self.sources or any(
            getattr(REGISTRY.get(source), "evidence", None) == name for source in self.sources
        )


def measures_held(held: Held) -> list[tuple[str, str, str]]:
    """(name in a caption, name in a title, pay reported) of each measure the store holds.

    Example:
        >>> [m[0] for m in measures_held(Held(frozenset({"aijobs", "oews"})))]
        ['surveys', 'BLS OEWS']
    """
    return [(caption, title, pay) for name, caption, title, pay in MEASURES if held.has(name)]


# What a reader must know of a kind of record before reading its figures (DOMAIN.md), in
# one place: /sources says each in its "What each source measures", and the report beneath
# each table resting on it ("intent to hire" had been said once, in its Methodology).
# (what makes it held, whose figures, what they are).
CAVEATS = (
    ("filing", "H-1B filings", "an offered wage, intent to hire, not a hire; one person can "
     "appear in several filings"),
    ("h1b", "the 2015-2019 H-1B file (h1b)", "no case status, so its filings are not limited "
     "to certified ones"),
    ("survey", "survey salaries", "self-reported by those who chose to answer, unverified and "
     "not a random sample of the field"),
)  # fmt: skip


def caveats(held: Held) -> list[str]:
    """The caveats of the records held, each as "whose: what" (a note's words).

    Example:
        >>> caveats(Held(frozenset({"h1b_2024"})))
        ['H-1B filings: an offered wage, intent to hire, not a hire; one person can appear in \
several filings']
        >>> [c.split(":")[0] for c in caveats(Held(frozenset({"h1b", "aijobs"})))]
        ['H-1B filings', 'the 2015-2019 H-1B file (h1b)', 'survey salaries']
    """
    return [f"{whose}: {what}" for name, whose, what in CAVEATS if held.has(name)]


def caveat_words() -> dict[str, str]:
    """Each caveat's words by what makes it held, as /sources says them in its sentences.

    Example:
        >>> caveat_words()["h1b"][:14]
        'no case status'
    """
    return {name: what for name, _, what in CAVEATS}
