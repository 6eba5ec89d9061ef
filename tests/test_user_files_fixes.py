"""A user's own files and what is said of them: an amount written with another currency's
sign, records real dollars leave out for want of CPI-U, a ragged row's field count, a blank
--sha256. Hand-written fixture rows (named fixture-*, never product data) in real DuckDB
stores; CPI-U is the real mirrored series."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from paygrade.ingest import ingest_file
from paygrade.records import BadInputFile
from paygrade.removal import NotRemovable, remove_file
from paygrade.store import Store
from tests.conftest import write_file

# amount_usd given beside the amount: the store holds no exchange rates, which amounts in
# other currencies than USD would otherwise be quarantined for as well.
CANONICAL = "year,title,country,pay_component,amount,currency,amount_usd\n"


def _quarantined(store: Store) -> dict[int, str]:
    return dict(store.con.execute("SELECT source_row, reason FROM quarantine").fetchall())


def _stored(store: Store) -> list[tuple[Any, ...]]:
    return store.con.execute("SELECT amount, currency FROM records ORDER BY source_row").fetchall()


# --- 1. an amount with another currency's sign ------------------------------------------

SIGNED = (
    CANONICAL + '2024,ML Engineer,DE,base,"$90,000",EUR,100000\n'  # 1: dollars' sign, euros
    '2024,ML Engineer,GB,base,"$90,000",gbp,100000\n'  # 2: dollars' sign, pounds
    '2024,ML Engineer,CA,base,"$90,000",CAD,100000\n'  # 3: a dollar's own sign
    '2024,ML Engineer,US,base,"$90,000",USD,90000\n'  # 4: the dollar's own sign
    "2024,ML Engineer,DE,base,€90000,EUR,100000\n"  # 5: the euro's own sign
    "2024,ML Engineer,DE,base,$90000,XYZ,100000\n"  # 6: no currency of that code
)


def test_an_amount_signed_for_another_currency_is_quarantined_not_stored(
    store: Store, tmp_path: Path
) -> None:
    # "$90,000" with EUR had been stored as 90,000 EUR: the "$" dropped as noise.
    ingest_file(store, "csv", write_file(tmp_path, "fixture-signs.csv", SIGNED))

    said = _quarantined(store)
    assert said[1] == "bad amount: '$90,000': '$' is the sign of dollars or pesos, not of EUR"
    assert said[2] == "bad amount: '$90,000': '$' is the sign of dollars or pesos, not of GBP"
    assert _stored(store) == [(90_000.0, "CAD"), (90_000.0, "USD")]
    # A form refuses "€90000" as no number too (the currency has a field of its own).
    assert said[5] == "bad amount: '€90000' is not a number"
    assert said[6] == "unknown currency: 'XYZ'"  # said once: not a sign's fault as well


def _form_says(amount: str, currency: str) -> str | None:
    """What the submission form says of ``amount`` as a base pay in ``currency``."""
    from paygrade.normalize.submission import BadSubmission, validate

    form = {"title": "ML Engineer", "year": "2024", "country": "US", "base": amount,
            "currency": currency}  # fmt: skip
    try:
        validate(form)
    except BadSubmission as exc:
        return exc.errors.get("base")
    return None


@pytest.mark.parametrize(
    ("amount", "currency"),
    [("$90,000", "EUR"), ("$90,000", "gbp"), ("$ 90000", "JPY"), ("$90,000", "MXN"),
     ("$90,000", "USD"), ("£70,000", "USD"), ("$€90000", "USD"), ("90000", "JPY")],
)  # fmt: skip
def test_a_files_amount_and_its_sign_are_read_as_the_submission_form_reads_them(
    store: Store, tmp_path: Path, amount: str, currency: str
) -> None:
    usd = 90000 if currency == "USD" else 100000  # amount_usd as its amount says
    text = CANONICAL + f'2024,ML Engineer,US,base,"{amount}",{currency},{usd}\n'
    ingest_file(store, "csv", write_file(tmp_path, "fixture-sign.csv", text))
    reasons = _quarantined(store).get(1, "").split("; ")
    bad = [reason for reason in reasons if reason.startswith("bad amount")]
    form = _form_says(amount, currency.upper())

    if form is None:  # the form takes it: so does the file
        assert bad == []
    elif form.startswith("must be a number"):
        assert len(bad) == 1 and bad[0].startswith(f"bad amount: '{amount}' is not a number")
    else:  # the form's sign rule, in its words (less its advice: 90k is no number in a file)
        claim = form.split(": write ")[0]
        assert "is the sign of" in claim
        assert bad == [f"bad amount: '{amount}': {claim}"]


# --- 2. real dollars and years CPI-U does not reach --------------------------------------


@pytest.fixture
def priced(store: Store, tmp_path: Path, data_dir: Path) -> tuple[Store, int]:
    """Fixture: 6 records of a year CPI-U reaches and 6 of the year after its last."""
    ingest_file(store, "cpi", data_dir / "cpi-u-annual.csv")
    last = int(store.scalar("SELECT max(year) FROM cpi"))
    lines = ["year,title,company,pay_component,amount_usd"]
    lines += [f"{last - 1},ML Engineer,Fixture Co,base,{150_000 + i}" for i in range(6)]
    lines += [f"{last + 1},ML Engineer,Fixture Co,base,{160_000 + i}" for i in range(6)]
    path = write_file(tmp_path, "fixture-cpi-years.csv", "\n".join(lines) + "\n")
    ingest_file(store, "csv", path)
    return store, last


def _ibis_on_duckdb(store: Store) -> Any:
    """The rendering Spark runs (:class:`IbisEngine`), on the store's DuckDB."""
    import ibis

    from paygrade.engines.ibis_plan import IbisEngine, quiet_duckdb2

    with quiet_duckdb2():
        return IbisEngine("duckdb-ibis", ibis.duckdb.from_connection(store.con).table("records"))


@pytest.mark.parametrize("engine", ["duckdb", "ibis"])
def test_real_dollars_say_how_many_records_they_leave_out_for_want_of_cpi(
    priced: tuple[Store, int], engine: str
) -> None:
    from paygrade.stats import stats, warned_stats

    store, last = priced
    where = {"company": ["Fixture Co"], "pay_component": ["base"]}
    runner = _ibis_on_duckdb(store) if engine == "ibis" else None

    result, warnings = warned_stats(store, where=where, value="amount_usd_real", engine=runner)

    assert [g["n"] for g in result["groups"]] == [6]
    assert warnings == [
        f"left out: 6 records of years CPI-U does not reach (its last is {last}): "
        "nominal dollars count them"
    ]
    # The JSON contract is as it was: the same keys, the same answer as stats() gives.
    assert result == stats(store, where=where, value="amount_usd_real")
    assert "no_match" not in result
    nominal, said = warned_stats(store, where=where, engine=runner)
    assert ([g["n"] for g in nominal["groups"]], said) == ([12], [])


def test_real_dollars_of_only_years_without_cpi_say_so_not_no_match(
    priced: tuple[Store, int],
) -> None:
    # It had said "no record matches all of these filters together".
    from paygrade.stats import stats

    store, last = priced
    result = stats(store, where={"year": [last + 1]}, value="amount_usd_real")

    assert result["groups"] == []
    assert result["no_match"]["message"] == (
        f"the 6 matching records are of years CPI-U does not reach (its last is {last}), "
        "which real dollars leave out: nominal dollars count them"
    )
    from paygrade.stats import warned_stats

    real = warned_stats(store, where={"year": [last + 1]}, value="amount_usd_real")
    assert real == (result, [])  # said once, in the no-match message


def test_real_dollars_of_records_normalized_before_cpi_say_a_rebuild_prices_them(
    store: Store, tmp_path: Path, data_dir: Path
) -> None:
    # Ingested before CPI-U, 2013's records were said to be "of years CPI-U does not
    # reach", which CPI-U does (ingest had said to rebuild; the answer did not).
    from paygrade.stats import stats

    lines = ["year,title,company,pay_component,amount_usd"]
    lines += [f"2013,ML Engineer,Fixture Co,base,{150_000 + i}" for i in range(5)]
    ingest_file(store, "csv", write_file(tmp_path, "fixture-2013.csv", "\n".join(lines) + "\n"))
    ingest_file(store, "cpi", data_dir / "cpi-u-annual.csv")
    result = stats(store, where={"year": [2013]}, value="amount_usd_real")
    assert result["groups"] == []
    assert (
        "or of files normalized before it was loaded (`paygrade rebuild --if-stale` "
        in (result["no_match"]["message"])
    )


# --- 3. a ragged row's field count; a blank --sha256 -------------------------------------


@pytest.mark.parametrize(
    ("row", "said"),
    [
        ("2024,ML Engineer,base,120000,USD,a,b,c,d", "line 3: 9 fields where the header has 5"),
        ('2024,ML Engineer,base,120000,USD,"a,b",c', "line 3: 7 fields where the header has 5"),
        ("2024,ML Engineer,base,120000,USD,a", "line 3: 6 fields where the header has 5"),
        ("2024,ML Engineer,base", "line 3: 3 fields where the header has 5"),
    ],
)
def test_a_ragged_row_is_said_with_its_true_field_count(
    store: Store, tmp_path: Path, row: str, said: str
) -> None:
    # DuckDB stops counting a field past the header's: 9 fields were said as 6.
    text = "year,title,pay_component,amount,currency\n2024,ML Engineer,base,1000,USD\n"
    path = write_file(tmp_path, "fixture-ragged.csv", text + row + "\n")
    with pytest.raises(BadInputFile) as refused:
        ingest_file(store, "csv", path)
    assert str(refused.value) == f"fixture-ragged.csv: cannot read as CSV: {said}"


@pytest.mark.parametrize("blank", ["", "  ", "…"])
def test_a_blank_sha256_is_refused_and_removes_nothing(
    store: Store, tmp_path: Path, blank: str
) -> None:
    # A blank start starts every sha256: the one file of the name had been removed (and
    # with none, "with a sha256 starting :" was said).
    text = "year,title,pay_component,amount_usd\n2024,ML Engineer,base,150000\n"
    ingest_file(store, "csv", write_file(tmp_path, "fixture-mine.csv", text))

    with pytest.raises(NotRemovable) as refused:
        remove_file(store, "csv", "fixture-mine.csv", sha256=blank)

    assert str(refused.value) == (
        "--sha256 is blank: give the start of the file's sha256, as `paygrade sources` "
        "shows it, or leave --sha256 out"
    )
    assert store.scalar("SELECT count(*) FROM records") == 1
