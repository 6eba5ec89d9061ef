"""Ingest speed without a changed answer: ``canonical_company`` reads a name's words once.

An ingest sends every distinct employer name through ``canonical_company`` (32,720 of
them in the mirrored files). It asked ``company_key`` and then ``names_no_firm``, and each
worked out the name's key words again; now they are worked out once. These pin that it
does so, and that its answer is the one the two questions gave, for every distinct
employer name of the mirrored files and for any text.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from hypothesis import given
from hypothesis import strategies as st

from paygrade.normalize import companies
from paygrade.normalize.companies import (
    COMPANIES_BY_KEY,
    _shown,
    _tabled_spelling,
    canonical_company,
    company_key,
    names_no_firm,
)

# The mirrored files naming employers: the column naming them, and how DuckDB reads the file.
EMPLOYER_COLUMNS = {
    "h1b-lca-fy2024q1-fulltime.parquet": ("EMPLOYER_NAME", "read_parquet(?)"),
    "h1b-data-jobs-2015-2019.csv": ("company", "read_csv(?, all_varchar = true)"),
    "h1b-lca-fy2013q3.csv": (
        "Employer",
        "read_csv(?, all_varchar = true, encoding = 'latin-1')",
    ),
}


def _as_two_questions(name: str) -> str | None:
    """``canonical_company`` as it was written: the key, then whether the name names no firm."""
    key = company_key(name)
    if key is None or names_no_firm(name):
        return None
    return COMPANIES_BY_KEY.get(key) or _tabled_spelling(key) or _shown(key)


def test_a_names_words_are_read_once(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    real = companies._name_words

    def counted(name: str) -> list[str]:
        read.append(name)
        return real(name)

    monkeypatch.setattr(companies, "_name_words", counted)
    canonical_company.cache_clear()
    company_key.cache_clear()
    names = ["Amazon.com Services LLC", "NAN INC.", "Corp.", "Fresh Start Bakery, Inc."]
    try:
        found = [canonical_company(name) for name in names]
    finally:
        canonical_company.cache_clear()
        company_key.cache_clear()
    assert found == ["Amazon", "Nan", None, "Fresh Start Bakery"]
    assert read == names  # each once: it had been twice, for the key and for names_no_firm


def test_every_mirrored_employer_name_gets_the_company_it_got(data_dir: Path) -> None:
    con = duckdb.connect()
    names: set[str] = set()
    for file, (column, reader) in EMPLOYER_COLUMNS.items():
        rows = con.execute(
            f'SELECT DISTINCT "{column}" FROM {reader} WHERE "{column}" IS NOT NULL',
            [str(data_dir / file)],
        ).fetchall()
        names.update(str(name) for (name,) in rows)
    assert len(names) > 30_000  # the files' distinct employers, all of them
    canonical_company.cache_clear()
    differing = [n for n in sorted(names) if canonical_company(n) != _as_two_questions(n)]
    assert differing == []


@given(st.text())
def test_any_text_gets_the_company_the_two_questions_give(name: str) -> None:
    assert canonical_company.__wrapped__(name) == _as_two_questions(name)
