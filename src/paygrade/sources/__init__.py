"""The registry of sources: each reads one kind of file into staged rows or a reference table."""

from __future__ import annotations

from paygrade.records import UnknownSource, did_you_mean
from paygrade.sources import (
    aijobs,
    bea_rpp,
    canonical_csv,
    h1b_2013,
    h1b_2024,
    h1b_jobs,
    lca,
    oews,
    reference,
    so_survey,
    submission,
)
from paygrade.sources.base import RecordSource, ReferenceSource, Source

# Order matters for `ingest --all`: reference tables that normalization joins
# (CPI, geography) first, then aijobs, whose rates convert other currencies.
REGISTRY: dict[str, Source] = {
    source.name: source
    for source in (
        *reference.SOURCES,
        bea_rpp.SOURCE,
        oews.SOURCE,
        aijobs.SOURCE,
        h1b_jobs.SOURCE,
        h1b_2013.SOURCE,
        h1b_2024.SOURCE,
        so_survey.SOURCE,
        lca.SOURCE,
        canonical_csv.SOURCE,
        submission.SOURCE,
    )
}


def sources_of(evidence: str) -> list[str]:
    """The record sources whose rows are one kind of evidence (``RecordSource.evidence``),
    for a question that must count that kind alone (a figure captioned "H-1B filings").

    Example:
        >>> sources_of("filing"), sources_of("survey")
        (['h1b', 'h1b_2013', 'h1b_2024', 'lca'], ['aijobs', 'so_survey'])
    """
    return sorted(
        name
        for name, source in REGISTRY.items()
        if isinstance(source, RecordSource) and source.evidence == evidence
    )


def get_source(name: str) -> Source:
    """The registered source called ``name``, in any letter case (as filters read it).

    Example:
        >>> get_source("aijobs").licence, get_source("SO_SURVEY").name
        ('CC0 1.0', 'so_survey')
    """
    try:
        return REGISTRY[name.strip().casefold()]
    except KeyError:
        # The one spelt nearest, as every refused vocabulary value says it ("so_surve").
        meant = did_you_mean(name.strip().casefold(), REGISTRY)
        raise UnknownSource(
            f"unknown source {name!r}{meant}; known: {', '.join(sorted(REGISTRY))}"
        ) from None


__all__ = ["REGISTRY", "RecordSource", "ReferenceSource", "Source", "get_source", "sources_of"]
