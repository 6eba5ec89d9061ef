"""Company levels: a title at a company resolved through the reviewed mapping, kept on the
record at ingest, recomputed by rebuild, and usable as a stats field."""

from __future__ import annotations

from pathlib import Path

import pytest

import paygrade.store.db
from paygrade.ingest import ingest_file
from paygrade.normalize.company_levels import company_level, company_levels
from paygrade.rebuild import rebuild
from paygrade.stats import stats
from paygrade.store import Store
from tests.conftest import write_file


@pytest.mark.parametrize(
    ("title", "company", "expected"),
    [
        ("Applied Scientist II", "Amazon", "L5"),
        ("APPLIED SCIENTIST III", "Amazon", "L6"),
        ("Software Development Engineer II", "Amazon", "L5"),
        ("Senior Principal Engineer", "Amazon", "L8"),  # the longest title wins over L7
        ("SDE II", "Microsoft", "61"),
        ("Software Engineer 63", "Microsoft", "63"),  # bare numbers count with the company
        ("E5", "Meta", "E5"),
        ("L5", "Google", "L5"),
        ("L5", "Amazon", "L5"),  # the same code, on Amazon's ladder
        ("ICT4 Machine Learning Engineer", "Apple", "ICT4"),
        ("Software Engineer", "Google", None),  # names no level
        ("ICT4", "Acme", None),  # Acme has no ladder: not Apple's ICT4
        ("E5", None, None),
        ("Machine Learning Engineer (4)", None, None),  # a generic grade, no company level
        # Found by an audit (2026-12-04): "SDE" alone matched inside "SDE III" (entry at
        # Microsoft), Google's own title for L4 was not read, and managers took IC levels.
        ("SDE III", "Microsoft", None),
        ("SDE", "Microsoft", "59"),
        ("Software Engineer III", "Google", "L4"),
        ("Software Engineer II", "Google", "L3"),
        ("Principal Software Engineer Manager", "Microsoft", None),
        ("Senior SDE Manager", "Amazon", None),
        ("Senior SDE", "Amazon", "L6"),
    ],
)
def test_company_level_reads_the_records_own_companys_ladder(
    title: str, company: str | None, expected: str | None
) -> None:
    assert company_level(title, company) == expected


# Hand-written fixture rows (not product data): raw employer names as filed.
FIXTURE = """year,title,company,pay_component,amount_usd
2024,Applied Scientist II,AMAZON.COM SERVICES LLC,base,180000
2024,APPLIED SCIENTIST II,Amazon Web Services,base,185000
2024,Sr. Software Engineer,Amazon,base,200000
2024,Machine Learning Engineer E5,Facebook Inc,total,400000
2024,Machine Learning Engineer E5,Acme Robotics,total,200000
2023,Software Engineer,Google LLC,base,150000
"""


def _ingest_fixture(store: Store, tmp_path: Path) -> None:
    path = write_file(tmp_path, "fixture-company-levels.csv", FIXTURE)
    assert ingest_file(store, "csv", path).rows_accepted == 6


def _levels(store: Store) -> list[tuple[object, ...]]:
    return store.con.execute(
        "SELECT source_row, company, company_level FROM records ORDER BY source_row"
    ).fetchall()


EXPECTED = [
    (1, "Amazon", "L5"),
    (2, "Amazon", "L5"),
    (3, "Amazon", None),
    (4, "Meta", "E5"),
    (5, "Acme Robotics", None),
    (6, "Google", None),
]


def test_ingest_keeps_the_company_level_on_each_record(store: Store, tmp_path: Path) -> None:
    _ingest_fixture(store, tmp_path)
    assert _levels(store) == EXPECTED


def test_company_level_filters_and_groups(store: Store, tmp_path: Path) -> None:
    _ingest_fixture(store, tmp_path)
    result = stats(store, ["company_level"], {"company": ["Amazon"]})
    counts = {g["key"]["company_level"]: g["n"] for g in result["groups"]}
    assert counts == {"L5": 2, None: 1}
    meta = stats(store, ["company"], {"company_level": ["E5"]})
    assert [(g["key"]["company"], g["n"]) for g in meta["groups"]] == [("Meta", 1)]


def test_rebuild_recomputes_the_company_level(store: Store, tmp_path: Path) -> None:
    _ingest_fixture(store, tmp_path)
    store.con.execute("UPDATE records SET company_level = NULL")  # as a store made before 004
    rebuild(store)
    assert _levels(store) == EXPECTED


def test_migration_adds_the_column_to_an_older_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    every = paygrade.store.db._migrations()
    before = [number for number, _, _ in every].index(4)
    assert every[before][:2] == (4, "records_company_level")
    with monkeypatch.context() as patched:
        patched.setattr(paygrade.store.db, "_migrations", lambda: every[:before])
        older = Store.open(tmp_path / "older.duckdb")
        columns = older.con.execute("SELECT * FROM records LIMIT 0").description
        assert "company_level" not in [c[0] for c in columns]
        older.close()

    store = Store.open(tmp_path / "older.duckdb")
    assert store.pending_migrations() == []
    assert store.scalar("SELECT max(version) FROM schema_migrations") == every[-1][0]
    _ingest_fixture(store, tmp_path)
    assert _levels(store) == EXPECTED
    store.close()


@pytest.mark.parametrize(
    ("title", "company", "expected"),
    [
        # Found in the real H-1B titles: each alternative of a row must be a whole word.
        ("Software Development Engineer III", "Amazon", "L6"),
        ("SOFTWARE DEVELOPMENT ENGINEER II-TEST", "Amazon", "L5"),
        ("Partner Marketing", "Microsoft", None),
        ("SENIOR CHANNEL PARTNER MANAGER", "Microsoft", None),
        ("Partner Software Engineer", "Microsoft", "68"),
    ],
)
def test_titles_found_in_the_data_resolve_as_reviewed(
    title: str, company: str, expected: str | None
) -> None:
    assert company_level(title, company) == expected


def test_every_real_record_with_a_company_level_has_that_ladders_level(real_store: Store) -> None:
    # Over the whole store, not only the titles pinned: a level read from a company's
    # ladder (Apple's trailing grade, "MACHINE LEARNING ENG 3": ICT3, mid) is the level the
    # ladder maps it to, and a manager's title takes none (its "MGR 3" is a band).
    rows = real_store.con.execute(
        """SELECT company, company_level, level, role, count(*) FROM records
        WHERE company_level IS NOT NULL GROUP BY ALL"""
    ).fetchall()
    ladders = {(row.company, row.company_level): row.level for row in company_levels()}
    assert sum(n for *_, n in rows) > 2000  # Amazon's, Apple's, Google's, Microsoft's ...
    assert [r for r in rows if ladders.get((r[0], r[1])) != r[2] or r[3] == "manager"] == []
