"""The CLI's mends of a power user's audit: a Japanese sentence after an English one,
Ctrl-C at start, CSV notes of real and local prices, compare at 40 columns, the area code
of compare, and exit codes of usage mistakes. Texts are hand-written fixture sentences."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from paygrade.claims import check_text, extract_claims
from paygrade.config import Settings
from paygrade.store import Store
from paygrade.web import create_app
from tests.test_cli import ok, run

JAPANESE = "機械学習エンジニアは$200,000。"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (JAPANESE, "Japanese"),  # one listed word ("は"), but kana are Japanese letters
        ("서울의 ML 엔지니어 $150,000", "Korean"),
        (f"In Paris, ML engineers earn €90K. {JAPANESE}", "Japanese"),
    ],
)
def test_a_sentence_in_another_language_is_its_own_whatever_came_before(
    store: Store, text: str, language: str
) -> None:
    # After the English sentence it had been English: checked as above_data with
    # the subject (ml_engineer, FR) of the sentence before it.
    assert extract_claims(text)[-1].language == language
    last = check_text(store, text)["claims"][-1]
    assert (last["verdict"], last.get("not_checked")) == ("no_data", "language")


def test_the_english_sentence_before_a_foreign_one_is_english(store: Store) -> None:
    first = check_text(store, f"In Paris, ML engineers earn €90K. {JAPANESE}")["claims"][0]
    assert first.get("not_checked") != "language"


# Ctrl-C as soon as anything imports typing (or registers a codecs error handler): the
# console script had imported both at its top, before main's handler.
_CTRL_C_AT_TYPING = """
import builtins, codecs, os, signal, sys
real_import, real_register = builtins.__import__, codecs.register_error
def importing(name, *args, **kwargs):
    if name == "typing":
        os.kill(os.getpid(), signal.SIGINT)
    return real_import(name, *args, **kwargs)
def registering(*args):
    os.kill(os.getpid(), signal.SIGINT)
    return real_register(*args)
builtins.__import__, codecs.register_error = importing, registering
from paygrade.console import main
sys.exit(main())
"""


def test_ctrl_c_before_the_cli_loads_is_caught_not_a_traceback() -> None:
    # It was "Traceback ... KeyboardInterrupt", status 1 (-2 from a real Ctrl-C), for a
    # Ctrl-C in the first 10-40 ms: while paygrade.console imported typing.
    done = subprocess.run(
        [sys.executable, "-c", _CTRL_C_AT_TYPING, "stats", "--by", "level"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr, done.stdout) == (130, "error: interrupted\n", "")


REAL = "note: figures in USD in 2024 dollars (CPI-U)"
LOCAL = "note: figures in USD at US-average prices (BEA regional price parities)"


@pytest.mark.parametrize(
    ("option", "said"), [("--real", REAL), ("--local-prices", LOCAL), (None, None)]
)
def test_a_stats_csv_says_the_dollars_its_figures_are_in(
    real_db: Path, option: str | None, said: str | None
) -> None:
    # Its header is the same as a nominal CSV's, and nothing said 2024 dollars.
    args = ["--db", real_db, "stats", "--by", "level", "--where", "role=ml_engineer"]
    done = run(*args, *([option] if option else []), "--format", "csv")
    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stderr.splitlines() if line.startswith("note: figures")]
    assert notes == ([said] if said else [])


def test_the_apis_stats_csv_says_its_dollars_in_a_header(web_db: Path) -> None:
    asked = {"by": "level", "where": "role:ml_engineer"}
    with TestClient(create_app(Settings(db=web_db))) as client:
        for params, said in [({"real": "true"}, REAL), ({"local_prices": "true"}, LOCAL)]:
            got = client.get("/api/v1/stats.csv", params={**asked, **params})
            assert said in got.headers.get_list("x-paygrade-warning")
        nominal = client.get("/api/v1/stats.csv", params=asked)
        assert not any("figures in" in w for w in nominal.headers.get_list("x-paygrade-warning"))


@pytest.mark.parametrize(
    "metro", ["Seattle-Tacoma-Bellevue, WA", "Northwest Alabama nonmetropolitan area"]
)
def test_a_comparison_gives_its_area_code_in_one_form(
    real_db: Path, web_db: Path, metro: str
) -> None:
    # The OFLC row's was "42660" (OFLC's files drop leading zeros), the rest "0042660".
    question = {"metro": metro, "role": "data_scientist"}
    answer = json.loads(ok("--db", real_db, "compare", *options(question), "--format", "json"))
    with TestClient(create_app(Settings(db=web_db))) as client:
        served = client.get("/api/v1/compare", params=question).json()
    for said in (answer, served):
        rows = said["rows"]
        assert len(said["area"]) == 7 and "oflc" in {row["source"] for row in rows}
        assert {row["area"] for row in rows if "area" in row} == {said["area"]}


def options(question: dict[str, str]) -> list[str]:
    return [arg for name, value in question.items() for arg in (f"--{name}", value)]


@pytest.mark.parametrize(
    ("args", "status", "said"),
    [
        # Written wrong: usage mistakes, as an option given twice is (they were 1).
        (["--by", "level", "--by", "level"], 2, "a field to group by is named twice: level"),
        (["--where", "role"], 2, "a filter reads FIELD=VALUE[,VALUE...], not 'role'"),
        # Values refused, as docs/cli.md's "refused input": 1, as they were.
        (["--by", "salary"], 1, "unknown field 'salary'"),
        # No value at all is a usage mistake, as `--by ""` is (test_usage_fixes11).
        (["--where", "level="], 2, "the filter on level has no value"),
    ],
)
def test_a_question_written_wrong_is_a_usage_mistake(
    real_db: Path, args: list[str], status: int, said: str
) -> None:
    done = run("--db", real_db, "stats", *args)
    assert (done.returncode, done.stdout) == (status, "")
    assert done.stderr.startswith(f"error: {said}"), done.stderr


def test_the_offers_market_line_says_what_its_percentile_counts() -> None:
    # The page said "pays more than 85.6% of the 4,663 peers counted"; the CLI's line had
    # said only "percentile 85.6 among 4,663 peers".
    from paygrade.formats import _market_line

    market = {"percentile": 85.6, "n": 4663, "pay_component": "total", "peers": {"country": "US"}}
    assert _market_line(market).splitlines()[0] == (
        "market: percentile 85.6: pays more than 85.6% of the 4,663 peers counted (a peer "
        "paid the same counts as half) (total pay; country US)"
    )
