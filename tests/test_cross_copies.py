"""Filings both ``h1b_2024`` (the extract) and an ``lca`` file (DOL's own) hold: counted once.

The extract is written here from hand-written rows (``fixture-h1b-2024-extract``);
the LCA file is ``fixture-lca-also-in-h1b-2024.csv``: rows 1-3 are filings of the
extract as DOL's CSV writes them (".00" on the SOC code, "$" and "," in the wage, no
blank after the employer), row 4 differs from row 3 by its wage alone, row 5 is in no
other file, and row 6 (denied, so quarantined) is row 2 again.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from paygrade.ingest import ingest_file
from paygrade.rebuild import rebuild
from paygrade.removal import remove_file
from paygrade.stats import stats
from paygrade.store import Store
from tests.test_h1b_2024 import write_parquet

LCA = Path(__file__).resolve().parent / "fixtures" / "fixture-lca-also-in-h1b-2024.csv"
EXTRACT = "fixture-h1b-2024-extract.parquet"


def extract_row(employer: str, title: str, soc: str, wage: float, unit: str, state: str,
                index: int) -> dict[str, Any]:  # fmt: skip
    return {
        "EMPLOYER_NAME": employer, "JOB_TITLE": title, "SOC_CODE": soc, "SOC_TITLE": "",
        "WAGE_RATE_OF_PAY_FROM": wage, "PREVAILING_WAGE": wage, "WAGE_UNIT_OF_PAY": unit,
        "PW_UNIT_OF_PAY": unit, "ANNUAL_WAGE": None, "ANNUAL_PREVAILING_WAGE": None,
        "WAGE_RATIO": 1.0, "WORKSITE_STATE": state, "__index_level_0__": index,
    }  # fmt: skip


# The extract's rows 1, 2 and 4 are LCA rows 1, 2 and 3; row 3 is row 2 again (two
# filings alike, of which the LCA file, as written here, holds one).
ROWS = [
    extract_row("Meta Platforms, Inc. ", "Machine Learning Engineer", "15-1252", 221636.13,
                "Year", "WA", 0),
    extract_row("ByteDance Inc.", "Machine Learning Engineer", "15-2051", 160000.0, "Year",
                "WA", 1),
    extract_row("ByteDance Inc.", "Machine Learning Engineer", "15-2051", 160000.0, "Year",
                "WA", 2),
    extract_row("IBM Corporation", "Data Scientist", "15-2051", 50.0, "Hour", "NY", 3),
]  # fmt: skip
# Distinct filings: the extract's 4 and the LCA file's rows 4 and 5.
FILINGS = 6


@pytest.fixture
def extract(tmp_path: Path) -> Path:
    return write_parquet(tmp_path / EXTRACT, ROWS)


def counted(store: Store) -> dict[str, int]:
    """Records each source adds to a statistic without a source filter."""
    groups = stats(store, ["source"])["groups"]
    return {group["key"]["source"]: group["n"] for group in groups}


def flagged(store: Store) -> dict[tuple[str, int], list[str]]:
    rows = store.con.execute(
        "SELECT source, source_row, flags FROM records WHERE len(flags) > 0"
    ).fetchall()
    return {(str(source), int(row)): list(flags) for source, row, flags in rows}


def test_an_lca_file_after_the_extract_has_its_copies_counted_once(
    store: Store, extract: Path
) -> None:
    ingest_file(store, "h1b_2024", extract)
    result = ingest_file(store, "lca", LCA)
    assert (result.rows_accepted, result.also_in) == (5, [("h1b_2024", 3)])
    assert "3 filings are also in h1b_2024 (same employer, title, SOC, wage, unit, state): " \
        "counted once, as h1b_2024's" in result.summary()  # fmt: skip
    copy = ["also_in_h1b_2024"]
    assert flagged(store) == {("lca", 1): copy, ("lca", 2): copy, ("lca", 3): copy}
    assert counted(store) == {"h1b_2024": 4, "lca": 2}
    assert stats(store)["flagged_excluded"] == 3
    assert sum(counted(store).values()) == FILINGS


def test_the_extract_after_an_lca_file_has_its_copies_counted_once(
    store: Store, extract: Path
) -> None:
    ingest_file(store, "lca", LCA)
    result = ingest_file(store, "h1b_2024", extract)
    assert result.also_in == [("lca", 3)]
    # One of the extract's two ByteDance filings pairs with the LCA file's one.
    copy = ["also_in_lca"]
    assert flagged(store) == {("h1b_2024", 1): copy, ("h1b_2024", 2): copy,
                              ("h1b_2024", 4): copy}  # fmt: skip
    assert counted(store) == {"lca": 5, "h1b_2024": 1}


@pytest.mark.parametrize("first", ["h1b_2024", "lca"])
def test_removing_either_file_lets_the_others_copies_count_again(
    store: Store, extract: Path, first: str
) -> None:
    files = {"h1b_2024": extract, "lca": LCA}
    second = "lca" if first == "h1b_2024" else "h1b_2024"
    ingest_file(store, first, files[first])
    ingest_file(store, second, files[second])
    removed = remove_file(store, first, files[first].name)
    assert removed.count_again == {second: 3}
    assert "copies count again" in removed.summary()
    assert flagged(store) == {}
    assert counted(store) == {second: {"lca": 5, "h1b_2024": 4}[second]}
    # Ingested again, it comes later: its own copies are the ones left out.
    ingest_file(store, first, files[first])
    assert sorted({source for source, _ in flagged(store)}) == [first]
    assert sum(counted(store).values()) == FILINGS


def test_removing_the_flagged_copies_leaves_the_counted_ones_as_they_were(
    store: Store, extract: Path
) -> None:
    ingest_file(store, "h1b_2024", extract)
    ingest_file(store, "lca", LCA)
    assert remove_file(store, "lca", LCA.name).count_again == {}
    assert (flagged(store), counted(store)) == ({}, {"h1b_2024": 4})


def test_a_rebuild_flags_the_same_copies(store: Store, extract: Path) -> None:
    ingest_file(store, "h1b_2024", extract)
    ingest_file(store, "lca", LCA)
    before = flagged(store)
    rebuild(store, read_ahead=False)
    assert flagged(store) == before
    assert counted(store) == {"h1b_2024": 4, "lca": 2}
