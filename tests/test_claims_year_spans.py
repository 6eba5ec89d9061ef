"""A figure said of a span of years ("between 2022 and 2024", "since 2020", "after 2021",
"before 2020") is checked against those years' records; each had been read as the one
year nearest the figure. Texts are hand-written fixture sentences."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from paygrade.claims import check_text, extract_claims
from paygrade.stats import stats
from paygrade.store import Store
from tests.test_cli import run


@pytest.mark.parametrize(
    ("text", "years", "where"),
    [("Between 2022 and 2024, ML engineers earned $190,000.", (2022, 2024), [2022, 2023, 2024]),
     ("From 2015 to 2019, ML engineers earned $100,000.", (2015, 2019), list(range(2015, 2020))),
     ("In 2022-24 ML engineers earned $190,000.", (2022, 2024), [2022, 2023, 2024]),
     ("ML engineers earned $190,000 in 2019–2021.", (2019, 2021), [2019, 2020, 2021]),
     ("Since 2020, ML engineers have earned $150,000.", (2020, None), [">=2020"]),
     ("From 2021 onwards ML engineers earned $150,000.", (2021, None), [">=2021"]),
     ("After 2021, ML engineers earned $220,000.", (2022, None), [">=2022"]),
     ("Post-2021, ML engineers earned $220,000.", (2022, None), [">=2022"]),
     ("Before 2020, ML engineers earned $120,000.", (None, 2019), ["<=2019"]),
     ("In 2019 and earlier, ML engineers earned $120,000.", (None, 2019), ["<=2019"])],
)  # fmt: skip
def test_a_span_of_years_is_the_figures_years(
    text: str, years: tuple[int | None, int | None], where: list[object]
) -> None:
    (claim,) = extract_claims(text)
    assert (claim.subject["year"], claim.years, claim.where()["year"]) == (None, years, where)


@pytest.mark.parametrize(
    ("text", "year"),
    [("In 2024, ML engineers earned $150,000.", 2024),
     # Not spans: a backwards or too long pair, a figure's own year after it.
     ("From 2024 to 2020 nothing moved; ML engineers earned $150,000.", 2020),
     ("Between 2022 and 2024 pay moved; ML engineers earned $150,000 in 2023.", 2023),
     # A change's years are the change's: the figure it reaches is of the end year.
     ("ML engineer pay grew 10% from 2022 to 2024, to $200,000.", 2024)],
)  # fmt: skip
def test_one_year_stays_one_year(text: str, year: int) -> None:
    figure = next(c for c in extract_claims(text) if c.statistic != "growth")
    assert (figure.subject["year"], figure.years) == (year, None)


def test_a_span_is_checked_against_its_years_records(real_store: Store) -> None:
    text = "After 2021, ML engineers earned a median total pay of $220,000."
    (claim,) = check_text(real_store, text)["claims"]
    # It had been checked against 2021's records alone (n=33 here, p75 under $100,000).
    where = {"role": ["ml_engineer"], "pay_component": ["total"], "year": [">=2022"]}
    (group,) = stats(real_store, [], where)["groups"]
    assert (claim["data"]["n"], claim["data"]["p50"]) == (group["n"], group["p50"])
    assert min(claim["data"]["years"]) == 2022 and claim["years"] == [2022, None]
    assert claim["subject"]["year"] is None and claim["verdict"] == "consistent"


def test_a_span_of_years_with_too_few_records_says_so(real_store: Store) -> None:
    text = "Between 2008 and 2011, ML engineers in Seattle earned a median base salary of $90,000."
    (claim,) = check_text(real_store, text)["claims"]
    assert claim["verdict"] == "no_data" and claim["data"]["year_asked"] == [2008, 2011]
    assert claim["explanation"].startswith("Too few records of 2008-2011: this subject's base")
    text = "Before 2020, senior ML engineers earned a median total pay of $100,000."
    (claim,) = check_text(real_store, text)["claims"]
    assert "(too few records of 2019 and before)" in claim["explanation"]


def test_claims_of_years_apart_are_no_contradiction(real_store: Store) -> None:
    text = (
        "In 2024, staff ML engineers earned a median total pay of $150,000. Before 2020, "
        "senior ML engineers earned a median total pay of $250,000."
    )
    assert check_text(real_store, text)["contradictions"] == []
    # The same two figures of one year are one: the higher level paid less.
    same = text.replace("Before 2020", "In 2024")
    assert [c["kind"] for c in check_text(real_store, same)["contradictions"]] == ["level_order"]


def test_the_table_and_the_json_say_the_span(real_db: Path, tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Since 2020, ML engineers have earned a median of $150,000.\n", "utf-8")
    table = run("--db", real_db, "check-claims", article)
    assert table.returncode == 0, table.stderr
    assert "ml_engineer, 2020 and after" in table.stdout
    done = run("--db", real_db, "check-claims", article, "--format", "json")
    assert json.loads(done.stdout)["claims"][0]["years"] == [2020, None]


@pytest.mark.parametrize(
    ("text", "years", "place"),
    [("ML engineers earned $230,000 between 2022 and 2024.", (2022, 2024), None),
     ("ML engineers earned $230,000 between FY2022 and FY2024.", (2022, 2024), None),
     ("ML engineers earned between $150,000 and $200,000 between 2022 and 2024.", (2022, 2024),
      None),
     ("ML engineers earned $230,000 between 2022 and 2024 in Seattle.", (2022, 2024),
      "Seattle-Tacoma-Bellevue, WA"),
     # The span's "and" joins its years; the next "and" still ends the figure's clause.
     ("ML engineers earned $230,000 between 2022 and 2024 and in Seattle they earned $250,000.",
      (2022, 2024), None)],
)  # fmt: skip
def test_a_span_of_years_after_its_figure_is_its_span(
    text: str, years: tuple[int, int], place: str | None
) -> None:
    # The words after a figure had been cut at the span's "and": 2022 alone.
    claim = extract_claims(text)[0]
    assert (claim.subject["year"], claim.years, claim.subject["metro"]) == (None, years, place)


def test_a_span_after_or_before_its_figure_is_checked_alike(real_store: Store) -> None:
    after = "ML engineers earned $230,000 between 2022 and 2024."
    before = "Between 2022 and 2024, ML engineers earned $230,000."
    # It had been 2022's 155 records, "above_data", and the span's 7,219 "consistent".
    (late,) = check_text(real_store, after)["claims"]
    (early,) = check_text(real_store, before)["claims"]
    assert late.get("years") == early["years"] == [2022, 2024]
    assert (late["verdict"], late["data"]["n"]) == (early["verdict"], early["data"]["n"])
