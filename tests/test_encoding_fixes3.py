"""A file not UTF-8 whose bytes are Cyrillic, Greek or Shift-JIS is read in its code page
or refused, never stored as Windows-1252's tidy-looking accented letters ("Ìîñêâà")."""

from __future__ import annotations

from pathlib import Path

import pytest

from paygrade.ingest import ingest_file
from paygrade.records import BadInputFile
from paygrade.sources.reading import inspect_file
from paygrade.store import Store
from tests.conftest import write_file

HEADER = "year,title,pay_component,amount_usd,company\n"
REFUSED = (
    "fixture-legacy.csv: not UTF-8, and neither Windows-1252 nor another code page reads it"
    " clearly; save the file as UTF-8"
)


def fixture_file(tmp_path: Path, company: str, encoding: str) -> Path:
    """A hand-written one-row fixture naming ``company``, saved in ``encoding``."""
    text = HEADER + f'2024,ML Engineer,total,150001,"{company}"\n'
    return write_file(tmp_path, "fixture-legacy.csv", text.encode(encoding))


# Each was stored garbled, exit 0: as Windows-1252 ("Ìîñêâà", "ÁèÞíá", "“Œ‹ž",
# "Èíæåíåð"), as Johab ("펉檣宮 홷炡"), or as Windows-1250 found "German" ("Ěîńęâŕ Ńčňč").
TOO_LITTLE = {
    "fixture-moscow-cp1251": ("Москва", "cp1251"),
    "fixture-moscow-city-cp1251": ("Москва Сити", "cp1251"),
    "fixture-athens-cp1253": ("Αθήνα", "cp1253"),
    "fixture-tokyo-shift-jis": ("東京", "shift_jis"),
    "fixture-engineer-cp1251": ("Инженер", "cp1251"),
    "fixture-four-words-cp1251": ("Москва Сити Банк Яндекс", "cp1251"),
    "fixture-rakuten-shift-jis": ("楽天", "shift_jis"),
}


@pytest.mark.parametrize(("company", "encoding"), TOO_LITTLE.values(), ids=list(TOO_LITTLE))
def test_too_little_non_latin_text_is_refused_not_read_as_accented_letters(
    tmp_path: Path, company: str, encoding: str
) -> None:
    with pytest.raises(BadInputFile) as caught:
        inspect_file(fixture_file(tmp_path, company, encoding))
    assert str(caught.value) == REFUSED


def test_the_ingest_of_a_short_cyrillic_file_stores_nothing(store: Store, tmp_path: Path) -> None:
    # The auditor's reproduction: `ingest csv` had stored the company as "Ìîñêâà".
    with pytest.raises(BadInputFile, match="neither Windows-1252 nor another code page"):
        ingest_file(store, "csv", fixture_file(tmp_path, "Москва", "cp1251"))
    assert store.scalar("SELECT count(*) FROM records") == 0


# Genuine Western text, including words mostly of accented letters ("Ôté") that the
# detector reads the same way.
WESTERN = {
    "fixture-western-names": "Café Müller, Zürich, São Paulo, Ñandú, naïve, Œuvre",
    "fixture-western-capitals": "ÉCOLE Þórður",
    "fixture-western-short-accented": "Ôté",
}


@pytest.mark.parametrize("company", WESTERN.values(), ids=list(WESTERN))
def test_genuine_windows_1252_text_is_still_read_as_it(
    store: Store, tmp_path: Path, company: str
) -> None:
    path = fixture_file(tmp_path, company, "cp1252")
    assert inspect_file(path).encoding == "cp1252"
    result = ingest_file(store, "csv", path)
    assert result.summary().startswith("csv fixture-legacy.csv (Windows-1252, not UTF-8)")
    assert store.scalar("SELECT company_raw FROM records") == company


def test_enough_shift_jis_text_is_still_read_as_shift_jis(tmp_path: Path) -> None:
    # Hand-written fixture: a Japanese company name with enough byte pairs to tell.
    path = fixture_file(tmp_path, "データサイエンティスト機械学習", "cp932")
    assert inspect_file(path).encoding == "cp932"
