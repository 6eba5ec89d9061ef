"""Shift-JIS, EUC-JP, GBK and Big5 files are read in their code page: their byte pairs hold
well-formed UTF-8 characters by chance ("機械" in Shift-JIS holds 0xD0 0x83, UTF-8's "Ѓ"),
which had refused them as mixing encodings ("line 2 is not UTF-8 ..., yet line 2 is UTF-8")."""

from __future__ import annotations

from pathlib import Path

import pytest

from paygrade.ingest import ingest_file
from paygrade.records import BadInputFile
from paygrade.sources.reading import inspect_file
from paygrade.store import Store
from tests.conftest import write_file

HEADER = "year,title,pay_component,amount_usd,company,country\n"

# Hand-written fixtures: (title, company) pairs and the code page a local Excel saves in.
JAPANESE = [
    ("機械学習エンジニア", "株式会社メルカリ"),
    ("データサイエンティスト", "トヨタ自動車株式会社"),
]
CHINESE = [("机器学习工程师", "阿里巴巴集团"), ("数据科学家", "腾讯科技有限公司")]
TAIWANESE = [("機器學習工程師", "台灣積體電路製造"), ("資料科學家", "鴻海精密工業")]
FIXTURES = {
    "fixture-shift-jis": (JAPANESE, "shift_jis"),
    "fixture-cp932": (JAPANESE, "cp932"),
    "fixture-euc-jp": (JAPANESE, "euc_jp"),
    "fixture-gbk": (CHINESE, "gbk"),
    "fixture-big5": (TAIWANESE, "big5"),
}


def fixture_file(tmp_path: Path, rows: list[tuple[str, str]], encoding: str) -> Path:
    text = HEADER + "".join(
        f"2024,{title},base,9000{n},{firm},JP\n" for n, (title, firm) in enumerate(rows)
    )
    return write_file(tmp_path, "fixture-cjk.csv", text.encode(encoding))


@pytest.mark.parametrize(("rows", "encoding"), FIXTURES.values(), ids=list(FIXTURES))
def test_a_multi_byte_file_is_stored_with_its_titles_and_companies_as_written(
    store: Store, tmp_path: Path, rows: list[tuple[str, str]], encoding: str
) -> None:
    ingest_file(store, "csv", fixture_file(tmp_path, rows, encoding))
    stored = store.con.execute("SELECT title, company_raw FROM records ORDER BY amount_usd")
    assert stored.fetchall() == rows


def test_utf8_typed_into_a_shift_jis_file_is_still_refused_as_mixed(tmp_path: Path) -> None:
    # Hand-written fixture: Shift-JIS rows, then a UTF-8 "Müller" (edited in two tools).
    path = fixture_file(tmp_path, JAPANESE * 3, "shift_jis")
    path.write_bytes(path.read_bytes() + "2024,Müller,base,1,Café,DE\n".encode())
    with pytest.raises(BadInputFile, match=r"yet line 8 is UTF-8 \('ü'\): the file mixes"):
        inspect_file(path)


def test_a_line_with_a_stray_byte_and_utf8_is_not_said_to_be_utf8(tmp_path: Path) -> None:
    # It read "line 2 is not UTF-8 (byte 0xE9, ...), yet line 2 is UTF-8 ('é')".
    path = write_file(
        tmp_path, "fixture-mixed.csv", HEADER.encode() + b"2024,\xe9t\xc3\xa9,base,1\n"
    )
    with pytest.raises(BadInputFile) as caught:
        inspect_file(path)
    assert "line 2 is not UTF-8 (byte 0xE9, the 6th of the line, after '2024,')," in str(
        caught.value
    )
    assert "yet the line also holds UTF-8 ('é'): the file mixes encodings" in str(caught.value)
