"""Flagged records are of two kinds; "flagged implausible" was wrong for the second.

A filing both ``h1b_2024`` and an ``lca`` file hold is flagged ``also_in_<source>`` on
the later copy (cross_copies): left out of statistics as an implausible figure is, but
not implausible. Every note said "flagged implausible" of both: ``stats`` said "left
out: 3 flagged implausible records" of three copies, and ``quality`` listed the copy
flag under "implausible:".
"""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from paygrade.config import Settings
from paygrade.evidence import records
from paygrade.formats import records_notes, render_compare, render_quality, stats_notes
from paygrade.ingest import ingest_file
from paygrade.quality import quality_report
from paygrade.stats import stats
from paygrade.store import Store
from paygrade.store.snapshot import publish
from paygrade.web import create_app
from tests.test_cross_copies import LCA, extract  # noqa: F401  (the extract fixture)
from tests.web.html import Page

COPIES = "3 flagged records (each an implausible figure or a filing another source counts"


def copies_of_h1b_2024(store: Store, extract: Path) -> None:  # noqa: F811
    """Three filings of the LCA fixture are the extract's: flagged also_in_h1b_2024."""
    ingest_file(store, "h1b_2024", extract)
    ingest_file(store, "lca", LCA)


def test_stats_says_copies_are_flagged_records_not_implausible(
    store: Store,
    extract: Path,  # noqa: F811
) -> None:
    copies_of_h1b_2024(store, extract)
    notes = stats_notes(stats(store, ["source"]))
    assert notes == [f"left out: {COPIES}; --include-flagged counts them)"]
    listed = records_notes(records(store, {}))
    assert f"left out: {COPIES}; --include-flagged lists them too)" in listed


def test_quality_lists_copies_under_flagged_with_their_why(
    store: Store,
    extract: Path,  # noqa: F811
) -> None:
    copies_of_h1b_2024(store, extract)
    text = render_quality(quality_report(store), "text")
    assert "  flagged: 3 flagged rows, left out of statistics (also_in_h1b_2024 3)" in text
    assert "implausible:" not in text
    assert "  also_in_h1b_2024: a filing h1b_2024 holds too (" in text


def test_a_compare_table_says_what_its_flagged_records_are() -> None:
    result = {"rows": [], "where": {}, "notes": [], "flagged_excluded": 1}
    last = render_compare(result, "text").splitlines()[-1]
    assert (
        last
        == "left out: 1 flagged record (an implausible figure or a filing another source counts)"
    )


def test_pages_say_copies_are_flagged_records(
    store: Store,
    extract: Path,  # noqa: F811
) -> None:
    copies_of_h1b_2024(store, extract)
    publish(store)
    db = Path(store.path)
    store.close()
    with TestClient(create_app(Settings(db=db))) as client:
        explore = client.get("/explore", params={"by": "source"}).text
        quality = Page(client.get("/quality").text)
        listing = Page(client.get("/records").text)
    assert f"Left out: {COPIES})." in explore
    assert "Include flagged records (an implausible figure or a filing another source" in explore
    lca = quality.table("quality-flags")
    assert lca.caption.startswith("lca: flagged records (an implausible figure or a filing")
    assert "Flagged records: 3" in quality.html and "Implausible records" not in quality.html
    said = listing.by_testid("records-flagged")[0].text
    assert f"Left out: {COPIES}; include_flagged=true lists them too)." in " ".join(said.split())
