"""The real ``paygrade`` console script, run as a subprocess on DuckDB files in tmp_path.

Questions a test asks one after another, where none is about their being separate processes
(how a process exits, a signal, standard input, a terminal's width, a pipe, the locale), are
asked of ONE process (``run_each``, ``ok_each``: each answer caught apart): a process each
paid Python's start-up and paygrade's imports again (~0.2 s of CPU, more under load)."""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
import os
import re
import shlex
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pytest

from paygrade.cli import main
from paygrade.records import FLAGGED_MEANS
from paygrade.store import Store
from paygrade.store.snapshot import published_path
from tests.conftest import (
    FIXTURES,
    damaged_copy,
    files_limited_to,
    ok_each,
    ok_each_at_widths,
    older_store,
    run_each,
    write_file,
)
from tests.test_stats import (
    GROUP_KEYS,
    assert_matches,
    expected_groups,
    fixture_rows,
    write_fixture,
)

PAYGRADE = Path(sys.executable).parent / "paygrade"
Row = dict[str, Any]


def run(
    *args: str | Path,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    # No COLUMNS: the output is piped, as a user's redirect to a file (a test may set it).
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_") and k != "COLUMNS"
    }
    return subprocess.run(
        [str(PAYGRADE), *map(str, args)],
        capture_output=True,
        text=True,
        env={**environment, **(env or {})},
        timeout=timeout,
        check=False,
        cwd=cwd,
    )


def started(
    *args: str | Path, env: dict[str, str] | None = None, program: list[str] | None = None
) -> subprocess.Popen[str]:
    """A ``paygrade`` process (or ``program``) running in the background (to interrupt it),
    its output piped, with no PAYGRADE_ setting of this machine but ``env``'s."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_")}
    return subprocess.Popen(
        [*(program or [str(PAYGRADE)]), *map(str, args)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**environment, **(env or {})},
    )


# `paygrade` with the work a Ctrl-C test is about held: once a record file's rows are
# normalized into records, in its transaction (an ingest's or a rebuild's), it writes the
# file's ingest id to HELD_MARKER, then runs a DuckDB query that only a signal ends (as
# "Query interrupted", which had come out as status 70). HELD_INGEST_ID names the file
# held; 0, the first normalized. A Ctrl-C sent a while after a progress line had come,
# on a loaded machine, before the file's work, or after it ended.
_HELD_IN_A_QUERY = """
import os, pathlib, sys
import paygrade.ingest, paygrade.rebuild
marker, held = pathlib.Path(os.environ["HELD_MARKER"]), int(os.environ["HELD_INGEST_ID"])
normalize_raw = paygrade.ingest.normalize_raw
def holding(con, source, columns, ingest_id, reference_year):
    done = normalize_raw(con, source, columns, ingest_id, reference_year)
    if held in (0, ingest_id) and not marker.exists():
        marker.write_text(str(ingest_id))
        con.execute("SELECT count(*) FROM range(1000000000000000)").fetchall()
    return done
paygrade.ingest.normalize_raw = paygrade.rebuild.normalize_raw = holding
from paygrade.console import main
sys.exit(main())
"""


def started_held(marker: Path, ingest_id: int, *args: str | Path) -> subprocess.Popen[str]:
    """``started``'s ``paygrade``, held in a DuckDB query inside the work on the record
    file ``ingest_id`` (0: the first) once ``marker`` exists (``_HELD_IN_A_QUERY``)."""
    return started(
        *args,
        env={"HELD_MARKER": str(marker), "HELD_INGEST_ID": str(ingest_id)},
        program=[sys.executable, "-c", _HELD_IN_A_QUERY],
    )


def held_now(process: subprocess.Popen[str], marker: Path, timeout: float = 120) -> int:
    """The ingest id of the file ``process`` (``started_held``) holds, once it holds it."""
    deadline = time.monotonic() + timeout
    while not marker.exists() or not marker.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            out, err = process.communicate()
            raise AssertionError(f"never held: stdout {out!r}, stderr {err!r}")
        time.sleep(0.02)
    return int(marker.read_text())


def warned_only(done: subprocess.CompletedProcess[str]) -> str:
    """The standard output of a command that succeeded, its stderr empty or only what
    ``stats`` warns of records its metros leave out, which local-prices says too (the
    records of the metros' states that name no metro)."""
    assert done.returncode == 0, done.stderr
    said = done.stderr.splitlines()
    assert all(line.startswith("warning: left out: ") for line in said), done.stderr
    assert not said or done.args[done.args.index("--db") + 2] == "local-prices", done.stderr
    return done.stdout


def ok(*args: str | Path, env: dict[str, str] | None = None) -> str:
    done = run(*args, env=env)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return done.stdout


@functools.cache
def json_answer(*args: str | Path) -> str:
    """``ok(*args, "--format", "json")``, asked once per run for a store no test writes to
    (``real_db``): the narrow-terminal tests check one question's table at several widths
    against its answer, which no width changes."""
    return ok(*args, "--format", "json")


Asked = tuple[tuple[str, ...], ...]


@functools.cache
def _answered(
    calls: Asked, cwd: Path | None, env: tuple[tuple[str, str], ...]
) -> dict[tuple[str, ...], subprocess.CompletedProcess[str]]:
    return dict(zip(calls, run_each(*calls, env=dict(env), cwd=cwd), strict=True))


def answered_among(
    call: tuple[str | Path, ...],
    every: list[tuple[str | Path, ...]],
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """What ``paygrade CALL`` answers, asked once per run in ONE process (``run_each``,
    standing in ``cwd``, with ``env``) with each call of ``every``: the calls of one
    parametrized test, where none writes what another reads and none is about being a
    process of its own (a process each paid Python's start-up and paygrade's imports
    again, ~0.5 s of CPU)."""
    asked = tuple(tuple(map(str, each)) for each in every)
    return _answered(asked, cwd, tuple(sorted((env or {}).items())))[tuple(map(str, call))]


def assert_one_error_line(done: subprocess.CompletedProcess[str], status: int, starts: str) -> None:
    assert done.returncode == status
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith(f"error: {starts}"), line


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    return fixture_rows()


@pytest.fixture(scope="module")
def fixture_file(tmp_path_factory: pytest.TempPathFactory, rows: list[Row]) -> Path:
    return write_fixture(tmp_path_factory.mktemp("cli") / "fixture-stats-cli.csv", rows)


@pytest.fixture(scope="module")
def db(fixture_file: Path) -> Path:
    path = fixture_file.parent / "cli.duckdb"
    summary = ok("--db", path, "ingest", "csv", fixture_file)
    assert summary.startswith("csv fixture-stats-cli.csv: read 276, accepted 276, rejected 0 in ")
    return path


@pytest.fixture(scope="module")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """fixture-canonical-small.csv ingested once: the tests of its quarantine only read it."""
    path = tmp_path_factory.mktemp("small") / "q.duckdb"
    ok("--db", path, "ingest", "csv", FIXTURES / "fixture-canonical-small.csv")
    return path


@pytest.fixture(scope="module")
def ml_json(db: Path) -> dict[str, Any]:
    out = ok(
        "--db", db, "stats", "--by", "level", "--where", "role=ml_engineer", "--format", "json"
    )
    result: dict[str, Any] = json.loads(out)
    return result


def test_stats_json_has_the_contract_shape(ml_json: dict[str, Any]) -> None:
    assert ml_json["by"] == ["level"]
    assert ml_json["where"] == {"role": ["ml_engineer"]}
    assert [g["key"] for g in ml_json["groups"]] == [
        {"level": name}
        for name in ("entry", "mid", "senior", "staff", "principal", "executive", None)
    ]
    for group in ml_json["groups"]:
        if group["n"] < 5:
            assert set(group) == {"key", "n", "n_distinct", "pay_components", "years", "suppressed"}
            assert group["suppressed"] is True
        else:
            assert list(group) == GROUP_KEYS and group["suppressed"] is False
            assert isinstance(group["n"], int) and isinstance(group["p50"], float)
            assert group["p50_ci"] is None or len(group["p50_ci"]) == 2


def test_stats_json_numbers_match_numpy_and_scipy(ml_json: dict[str, Any], rows: list[Row]) -> None:
    expected = expected_groups(rows, ["level"], lambda r: r["role"] == "ml_engineer")
    got = {g["key"]["level"]: g for g in ml_json["groups"]}
    assert set(got) == {key[0] for key in expected}
    for (level,), amounts in expected.items():
        assert_matches(got[level], amounts)


def test_stats_csv_parses_and_matches_the_json(db: Path, ml_json: dict[str, Any]) -> None:
    out = ok("--db", db, "stats", "--by", "level", "--where", "role=ml_engineer", "--format", "csv")
    reader = csv.DictReader(io.StringIO(out))
    assert reader.fieldnames == [
        "level",
        "n",
        "n_distinct",
        "p10",
        "p25",
        "p50",
        "p75",
        "p90",
        "mean",
        "p50_ci_low",
        "p50_ci_high",
        "suppressed",
        "pay_components",
        "years",  # the contract's "pay component(s) and years, in every format"
        "rounded_to",  # last: the columns before it keep their places
    ]
    lines = list(reader)
    assert len(lines) == len(ml_json["groups"])
    for line, group in zip(lines, ml_json["groups"], strict=True):
        assert line["level"] == (group["key"]["level"] or "")
        assert int(line["n"]) == group["n"]
        assert int(line["n_distinct"]) == group["n_distinct"]
        assert line["pay_components"] == "+".join(group["pay_components"])
        assert line["suppressed"] == str(group["suppressed"])
        assert line["years"] == ";".join(map(str, group["years"]))
        assert line["rounded_to"] == str(group.get("rounded_to") or "")
        ci = group.get("p50_ci") or [None, None]
        for name, value in [
            *((c, group.get(c)) for c in GROUP_KEYS[5:11]),
            *zip(("p50_ci_low", "p50_ci_high"), ci, strict=True),
        ]:
            assert (float(line[name]) if line[name] else None) == value, name


def test_a_span_is_titled_as_runs_of_the_values_held(real_db: Path) -> None:
    # "years_experience in 40.0, 41.0, 42.0, ..., 51.0" had filled two lines of the title.
    spanned = ok(
        "--db", real_db, "stats", "--where", "years_experience=40-60", "--where", "year>=2019"
    )
    assert "(years_experience in 40-51; year in 2019-2025)" in spanned


def test_stats_table_shows_the_numbers(db: Path, ml_json: dict[str, Any]) -> None:
    out, both = ok_each(
        ("--db", db, "stats", "--by", "level", "--where", "role=ml_engineer"),
        ("--db", db, "stats", "--where", "role=ml_engineer,data_scientist", "--where", "year=2024"),
    )
    assert "Annual pay, USD (role in ml_engineer)" in out
    assert "(role in ml_engineer, data_scientist; year in 2024)" in both  # was "ml_engineer,data_"
    for group in ml_json["groups"]:
        line = next(
            text for text in out.splitlines() if (group["key"]["level"] or "(unknown)") in text
        )
        if group["suppressed"]:
            assert "suppressed" in line
            continue
        for name in ("p25", "p50", "p75", "mean"):
            assert f"{group[name]:,.0f}" in line
        assert f"{group['p50_ci'][0]:,.0f} - {group['p50_ci'][1]:,.0f}" in line
    assert "pay: base; years: 2023-2024; sources: csv " in out


def test_stats_table_gives_each_rows_years_where_rows_differ(real_db: Path) -> None:
    # Filings of 2013 beside surveys of 2025: only the footer's 2013-2025 said it.
    out, same, by_year = ok_each(
        ("--db", real_db, "stats", "--by", "source"),
        ("--db", real_db, "stats", "--by", "level", "--where", "source=h1b_2013"),
        ("--db", real_db, "stats", "--by", "year", "--where", "source=h1b"),
    )
    header = next(line for line in out.splitlines() if line.split()[:1] == ["source"])
    assert header.split()[:4] == ["source", "n", "distinct", "years"]
    rows = {line.split()[0]: line.split()[3] for line in out.splitlines() if "h1b" in line[:9]}
    assert rows["h1b_2013"] == "2013" and rows["h1b"] == "2015-2019"
    # All of one year: said once, below the table.
    assert " years " not in same.splitlines()[2] and "years: 2013;" in same
    assert by_year.splitlines()[2].split()[:4] == ["year", "n", "distinct", "p10"]


def test_a_piped_table_keeps_each_group_on_one_line(real_db: Path) -> None:
    # The quick start's first answer, redirected to a file: a suppressed row once widened
    # the p10 column past 100 characters and every median's interval wrapped in two.
    question = ["stats", "--by", "level", "--where", "role=ml_engineer", "--where", "country=US"]
    question += ["--where", "pay_component=total"]
    as_json, table = ok_each(
        ("--db", real_db, *question, "--format", "json"), ("--db", real_db, *question)
    )
    answer, piped = json.loads(as_json), table.splitlines()
    assert any(group["suppressed"] for group in answer["groups"])
    for group in answer["groups"]:
        (line,) = [text for text in piped if text.startswith(f" {group['key']['level']} ")]
        if group["suppressed"]:
            assert line.rstrip().endswith("suppressed (n < 5)")
        else:
            assert line.rstrip().endswith(f"{group['p50_ci'][0]:,.0f} - {group['p50_ci'][1]:,.0f}")
    assert max(map(len, piped)) <= 160
    # A terminal's width (COLUMNS) is kept: the table fits it, wrapping if it must.
    narrow = ok("--db", real_db, *question, env={"COLUMNS": "80"}).splitlines()
    assert max(map(len, narrow)) <= 80 < max(map(len, piped))


def test_a_table_says_why_a_shown_groups_figures_are_blank(real_db: Path) -> None:
    # German research scientists: entry level's 5 records showed no p10, p90 or CI, unsaid.
    question = ["stats", "--by", "level", "--where", "role=research_scientist"]
    question += ["--where", "country=DE"]
    as_json, said, big = ok_each(
        ("--db", real_db, *question, "--format", "json"),
        ("--db", real_db, *question),
        ("--db", real_db, "stats", "--by", "pay_component"),
    )
    groups = json.loads(as_json)["groups"]
    shown = [g for g in groups if not g["suppressed"]]
    assert any(g["p10"] is None for g in shown) and any(g["p50_ci"] is None for g in shown)
    assert "blank p10 and p90: fewer than 10 records in the group" in said
    assert "blank median 95% CI: too few records" in said
    # A table of large groups has nothing blank to explain.
    assert "blank " not in big


def words_shown(table: str) -> set[str]:
    """The words of a table's text cells, a word broken after a hyphen joined again."""
    tokens = [t for t in table.split() if not re.fullmatch(r"[\d,]+", t)]  # not the figures
    joined: list[str] = []
    for token in tokens:
        broken = bool(joined) and joined[-1].endswith("-") and token[0] != "-"
        joined[-1:] = [joined[-1] + token] if broken else [*joined[-1:], token]
    return set(tokens) | set(joined)


NARROW_BY = ["level", "specialization", "metro", "company", "title"]


def narrow_questions() -> list[tuple[str, ...]]:
    """The questions the narrow-terminal tests draw: stats by each of ``NARROW_BY``, and
    each command's table of ``NARROW_TABLES``."""
    by_each = [("stats", "--by", by, "--limit", "40") for by in NARROW_BY]
    return [*by_each, *(tuple(question) for question, _ in NARROW_TABLES.values())]


NARROW_WIDTHS = ("40", "50", "60")


def drawn_at(db: Path, width: str | None) -> dict[tuple[str, ...], str]:
    """Each of ``narrow_questions``' tables at ``width`` columns (of ``NARROW_WIDTHS``;
    its JSON answer when None), each checked as ``ok`` checks one."""
    return _drawn(db)[width]


@functools.cache
def _drawn(db: Path) -> dict[str | None, dict[tuple[str, ...], str]]:
    """``drawn_at`` of each width, all asked of ONE process (``ok_each_at_widths``) once
    per run: a process per table and width (63) was a sixth of this file's time, and then
    a process per width ~1.5 s of CPU each. Each call is drawn at its own COLUMNS, which
    the CLI reads at each call as a terminal's; none changes an answer, and ``real_db`` is
    written by no test."""
    questions = narrow_questions()
    widths = (None, *NARROW_WIDTHS)
    calls = [
        (width, ("--db", db, *question, *(("--format", "json") if width is None else ())))
        for width in widths
        for question in questions
    ]
    said = iter(ok_each_at_widths(calls))
    return {width: {question: next(said) for question in questions} for width in widths}


@pytest.mark.parametrize("width", NARROW_WIDTHS)
@pytest.mark.parametrize("by", NARROW_BY)
def test_a_narrow_terminal_breaks_no_word(real_db: Path, width: str, by: str) -> None:
    # At 60 columns --by level showed "senio / r" and "(unk / nown / )" after leaving out
    # every column it could; at 40 and 50 the table was drawn 60 wide all the same.
    question = ("stats", "--by", by, "--limit", "40")
    groups = json.loads(drawn_at(real_db, None)[question])["groups"]
    table = drawn_at(real_db, width)[question]
    lines = table.split("left out for width")[0].splitlines()
    assert max(map(len, lines)) <= int(width)
    shown = words_shown("\n".join(lines))
    for group in groups:
        key = group["key"][by]
        words = {w for w in str(key).split() if not w.isdigit()} if key else {"(unknown)"}
        assert words <= shown, key
        figures = [group["n"], *([] if group["suppressed"] else [group["p50"]])]
        assert {f"{figure:,.0f}" for figure in figures} <= set(table.split())
    assert any(line.split()[:1] == [by] and "p50" in line.split() for line in lines)


@pytest.mark.parametrize("width", ["60", "80"])
def test_a_narrow_terminal_never_cuts_a_figure(real_db: Path, width: str) -> None:
    # The first documented example at 80 columns showed "entry 420 220 2019… 54,8… 97,7…".
    question = ["stats", "--by", "level", "--where", "role=ml_engineer"]
    answer = json.loads(json_answer("--db", real_db, *question))
    seattle = ("compare", "--metro", "seattle", "--role", "ml_engineer")
    table, compare = ok_each(
        ("--db", real_db, *question), ("--db", real_db, *seattle), env={"COLUMNS": width}
    )
    assert "…" not in table
    lines = table.splitlines()
    said = ("note:", "pay:", "left out: 7")  # the footer's sentences are not drawn to fit
    assert max(len(text) for text in lines if not text.startswith(said)) <= int(width)
    for group in answer["groups"]:
        ci = group["p50_ci"]
        (line,) = [text for text in lines if f"{ci[0]:,.0f} - {ci[1]:,.0f}" in text]
        assert f" {group['n']:,} " in line and f" {group['p50']:,.0f} " in line
    assert "left out for width: distinct, mean" in table
    assert "…" not in compare and "125,000" in compare  # the H-1B median was "125,…"


def test_a_narrow_terminal_keeps_every_table_figure_whole(real_db: Path, tmp_path: Path) -> None:
    # At 60 columns local-prices lost its metros and showed "1…", "132,1…"; records folded
    # "177,0 / 00"; check-claims folded "90,000-1 / 20,000" and "185,922-2 / 28,750".
    article = tmp_path / "article.txt"
    article.write_text(
        "Entry-level data scientists in the US earn between $90,000 and $120,000.\n"
        "A staff ML engineer makes around $400,000 a year.\n",
        encoding="utf-8",
    )
    asked = ("--db", real_db, "records", "--where", "company=google", "--per-page", "5")
    questions = [
        ("--db", real_db, "local-prices"),
        asked,
        ("--db", real_db, "check-claims", article),
    ]
    # Each JSON answer from one process, each table at 60 columns from another (``ok_each``
    # checks each as ``ok`` did).
    answers = run_each(*[(*question, "--format", "json") for question in questions])
    tables = run_each(*questions, env={"COLUMNS": "60"})
    # Each as ``ok`` checks it, local-prices beside what stats warns of its question.
    answers, (prices_table, records_table, claims_table) = (
        [warned_only(done) for done in answers],
        [warned_only(done) for done in tables],
    )
    prices = json.loads(answers[0])
    table = prices_table
    for row in prices["rows"]:
        figures = (row["n"], row["p50_nominal"], row["p50_local"])
        assert re.search(r" {:,.0f} .* {:,.0f} .* {:,.0f} ".format(*figures), table), row
    assert "metro" in table and "left out for width: rents, years" in table
    page = json.loads(answers[1])
    table = records_table
    for row in page["rows"]:
        # No edges when a file's name must break (after a hyphen) to fit: no space around.
        assert re.search(
            rf"^ ?{row['year']} .* {row['amount_usd']:,.0f}  .* {row['source_row']} ?$",
            table,
            re.MULTILINE,
        )
    assert "left out for width: level, place" in table
    checked = json.loads(answers[2])
    table = claims_table
    assert "90,000-120,000" in table
    assert "data_scientist," in table.split()  # it folded "data_scie / ntist,"
    for claim in checked["claims"]:
        assert f"{claim['data']['p25']:,.0f}-{claim['data']['p75']:,.0f}" in table
    for text in (prices_table, table):
        assert "…" not in text
        assert max(len(line) for line in text.splitlines() if not line.startswith("RPP")) <= 60


# Each command's table at a narrow terminal: its question, the columns it keeps, and the
# figures of its JSON answer that the table must show whole.
SEATTLE = ["--metro", "Seattle-Tacoma-Bellevue, WA", "--role", "ml_engineer"]
AMAZON = ["ladder", "--company", "Amazon", "--role", "software_engineer"]
NARROW_TABLES: dict[str, tuple[list[str], list[str]]] = {
    "ladder": (AMAZON, ["level", "pay", "n", "p50"]),
    "ladder --years": ([*AMAZON, "--years", "3"], ["level", "pay", "n", "p50", "step"]),
    "companies": (["companies", "--limit", "20"], ["company", "n"]),
    "companies --search": (["companies", "--search", "intel"], ["company", "n"]),
    "companies --min-n": (["companies", "--min-n", "1000"], ["company", "n"]),
    "sources": (["sources"], ["source", "accepted"]),
    "compare": (["compare", *SEATTLE], ["source", "pay", "what", "n", "p50", "occupation"]),
    "compare --level": (["compare", *SEATTLE, "--level", "senior"], ["p50", "occupation"]),
    # A country's OEWS titles and a long metro's had run 44 and 41 wide at 40.
    "compare --country": (["compare", "--country", "US", "--role", "ml_engineer"],
                          ["source", "what", "n", "p50"]),
    "compare --metro --level": (["compare", "--metro", "San Jose-Sunnyvale-Santa Clara, CA",
                                 "--role", "data_scientist", "--level", "senior"],
                                ["source", "what", "n", "p50", "occupation"]),
    "check-claims": (["check-claims", str(FIXTURES / "fixture-article-news.md")],
                     ["id", "claim", "verdict"]),
}  # fmt: skip
# Sentences under a table, not drawn to fit it (a terminal wraps them).
SAID_UNDER = ("note:", "path:", "path from", "contradiction (", "*:", "pay of ", "left out:")


def figures_answered(command: str, answer: Any) -> set[str]:
    """The figures of a JSON answer its narrow table keeps, as the table writes them."""
    if command.startswith("ladder"):
        cells = [c for row in answer["levels"] for c in row["pay"].values()]
        cells += [c for row in answer["company_level_pay"] for c in row["pay"].values()]
        return {f"{c[k]:,.0f}" for c in cells for k in ("n", "p50") if k in c}
    if command.startswith("companies"):
        return {f"{row['n']:,}" for row in answer}
    if command == "sources":
        return {f"{row['rows_accepted']:,}" for row in answer}
    if command.startswith("compare"):
        rows = [row for row in answer["rows"] if row["kind"] != "prevailing_wage"]
        marked = [r["levels"][r["level_for_profile"]] for r in answer["rows"]
                  if r.get("level_for_profile")]  # fmt: skip
        return {f"{r['p50']:,.0f}" for r in rows if r.get("p50")} | {f"{m:,.0f}*" for m in marked}
    return {str(claim["id"]) for claim in answer["claims"]}


def names_answered(command: str, answer: Any) -> set[str]:
    """The names of a JSON answer its narrow table keeps, each word whole."""
    if command.startswith("ladder"):
        return {row["level"] for row in answer["levels"]}
    if command.startswith("companies"):
        return {word for row in answer for word in row["company"].split()}
    if command == "sources":
        return {row["source"] for row in answer}
    if command.startswith("compare"):
        return {row["source"] for row in answer["rows"] if row["kind"] != "prevailing_wage"}
    return {claim["verdict"] for claim in answer["claims"]}


@pytest.mark.parametrize("width", NARROW_WIDTHS)
@pytest.mark.parametrize("command", list(NARROW_TABLES))
def test_every_table_fits_a_narrow_terminal(real_db: Path, width: str, command: str) -> None:
    # ladder, companies, sources and compare's OFLC table ran 54 to 92 columns wide at
    # 40-60 ("oflc_geograp / hy", "occupati / on"); check-claims left out its ids at 60
    # while its contradictions cite claims by them ("claims [3, 4]").
    question, kept = NARROW_TABLES[command]
    answer = json.loads(drawn_at(real_db, None)[tuple(question)])
    table = drawn_at(real_db, width)[tuple(question)]
    drawn = [line for line in table.splitlines() if not line.startswith(SAID_UNDER)]
    assert max(map(len, drawn)) <= int(width), command
    assert "…" not in table
    tokens = set(" ".join(drawn).split())
    assert set(kept) <= tokens
    assert figures_answered(command, answer) <= tokens
    assert names_answered(command, answer) <= words_shown("\n".join(drawn))
    # A number broken across lines leaves a piece no number is written as ("177,0", "00");
    # a year has no comma but may end a list's item ("2023, all of WA").
    for token in tokens:
        if re.fullmatch(r"[\d,]+\*?", token):
            assert re.fullmatch(r"(0|[1-9]\d{0,2}(,\d{3})*)\*?|(19|20)\d\d,?", token), token
    if command == "check-claims":
        cited = {i for c in answer["contradictions"] for i in c["claims"]}
        ids = {int(line.split()[0]) for line in drawn if re.match(r"\s*\d+\s", line)}
        assert cited and cited <= ids


def test_a_csv_of_no_rows_still_has_its_header(real_db: Path) -> None:
    # An empty search or quarantine printed an empty line, no columns to read.
    done, none, cut, sources = run_each(
        ("--db", real_db, "companies", "--search", "zzqqxx", "--format", "csv"),
        ("--db", real_db, "quarantine", "--source", "submission", "--format", "csv"),
        ("--db", real_db, "quarantine", "--format", "csv", "--limit", "1"),
        ("--db", real_db, "sources", "--format", "csv"),
    )
    assert done.stdout == "company,n,n_distinct,sources,raw_names\n"
    for said in (none, sources):  # as ``ok`` checks them
        assert (said.returncode, said.stderr) == (0, ""), said.stderr
    assert none.stdout == "source,file,source_row,reason,raw\n"
    every = [cut.stdout, sources.stdout]
    from paygrade.quality import QUARANTINE_COLUMNS, SOURCE_COLUMNS

    assert [text.splitlines()[0].split(",") for text in every] == [
        list(QUARANTINE_COLUMNS),
        list(SOURCE_COLUMNS),
    ]


def test_a_stats_csv_says_the_notes_on_stderr(real_db: Path) -> None:
    # The table's notes (flagged left out, base and total mixed) were lost in the CSV.
    question = ["--db", real_db, "stats", "--by", "level", "--where", "role=ml_engineer"]
    done, as_json = run_each((*question, "--format", "csv"), (*question, "--format", "json"))
    assert (as_json.returncode, as_json.stderr) == (0, ""), as_json.stderr
    answer = json.loads(as_json.stdout)
    assert done.returncode == 0 and answer["flagged_excluded"]
    assert done.stderr.splitlines() == [
        "note: base and total pay are mixed here; add --where pay_component=base (or total) "
        "to compare like with like",
        f"left out: {answer['flagged_excluded']:,} flagged records (each {FLAGGED_MEANS}; "
        "--include-flagged counts them)",
    ]


def test_a_csv_neutralizes_what_a_spreadsheet_would_read_as_a_formula(tmp_path: Path) -> None:
    # A filed title "="Early Learning Center ("ELC") Fellow"" was a spreadsheet formula
    # (titles are now read out of such a formula; the guard stays for any other value).
    db = tmp_path / "formulas.duckdb"
    assert run("--db", db, "ingest", "csv", FIXTURES / "fixture-formula-text.csv").returncode == 0
    commands = ("stats", "records")
    asked = [("--db", db, c, *(["--by", "title,company"] if c == "stats" else []), "--format",
              "csv") for c in commands]  # fmt: skip
    for command, done in zip(commands, run_each(*asked), strict=True):
        out = done.stdout
        cells = [cell for row in csv.reader(io.StringIO(out)) for cell in row]
        assert {"'=1+1", "'+Senior ML Engineer"} <= set(cells), command
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells), command


@pytest.mark.parametrize(
    "question",
    [
        ["--by", "level", "--where", "role=ml_engineer"],
        ["--by", "level", "--where", "role=ml_engineer", "--local-prices"],
        ["--by", "company", "--limit", "3"],
    ],
)
def test_a_stats_csv_says_on_stderr_every_note_the_table_says(
    real_db: Path, question: list[str]
) -> None:
    # The local-prices lines were under the table only; the CSV lost them.
    said, done = run_each(
        ("--db", real_db, "stats", *question),
        ("--db", real_db, "stats", *question, "--format", "csv"),
    )
    assert (said.returncode, said.stderr) == (0, ""), said.stderr
    table = said.stdout.splitlines()
    notes = table[[i for i, line in enumerate(table) if line.startswith("pay: ")][-1] + 1 :]
    # Bar the table's own word for its blank rows: the CSV has a column "suppressed".
    notes = [note for note in notes if not note.startswith("blank figures, n alone:")]
    csv_said = done.stderr.splitlines()
    if "--local-prices" in question:  # and what its title says of the dollars
        dollars = csv_said.pop(0).removeprefix("note: figures in ")
        assert dollars.endswith("(BEA regional price parities)") and dollars in table[0]
    assert done.returncode == 0 and notes and csv_said == notes


def test_the_mixed_pay_note_only_when_a_group_mixes_them(real_db: Path) -> None:
    # By pay component (or source) no row mixes base and total, yet the note said so.
    *apart, mixed = ok_each(
        *[("--db", real_db, "stats", "--by", by, "--where", "role=ml_engineer")
          for by in ("pay_component", "source", "level")]
    )  # fmt: skip
    for by, out in zip(("pay_component", "source"), apart, strict=True):
        assert "pay: base + total" in out and "mixed" not in out, by
    assert "note: base and total pay are mixed here" in mixed


def test_repeated_where_is_anded(db: Path, rows: list[Row]) -> None:
    out = ok(
        "--db",
        db,
        "stats",
        "--by",
        "level",
        "--format",
        "json",
        "--where",
        "role=ml_engineer,data_scientist",
        "--where",
        "year=2024",
        "--where",
        "role=ml_engineer,research_scientist",
    )
    result = json.loads(out)
    assert result["where"] == {"role": ["ml_engineer"], "year": [2024]}
    expected = expected_groups(
        rows, ["level"], lambda r: r["role"] == "ml_engineer" and r["year"] == 2024
    )
    got = {g["key"]["level"]: g for g in result["groups"]}
    for (level,), amounts in expected.items():
        assert_matches(got[level], amounts)


def test_the_store_comes_from_db_or_the_environment(db: Path, tmp_path: Path) -> None:
    args = ("stats", "--by", "level", "--format", "json")
    by_option = ok("--db", db, *args)
    assert ok(*args, env={"PAYGRADE_DB": str(db)}) == by_option
    # The option wins over the environment.
    assert ok("--db", db, *args, env={"PAYGRADE_DB": str(tmp_path / "none.duckdb")}) == by_option


@pytest.mark.parametrize(
    "args",
    [
        ("stats", "--by", "level", "--db", "{db}"),
        ("ingest", "--all", "--data-dir", "{folder}"),
    ],
)
def test_global_options_only_work_before_the_command(db: Path, args: tuple[str, ...]) -> None:
    done = run(*(a.format(db=db, folder=db.parent) for a in args))
    flag = next(a for a in args if a in ("--db", "--data-dir"))
    assert_one_error_line(done, 2, f"No such option: {flag}")


REJECTED_ARGUMENTS = [
    (("stats", "--by", "salary"), 1, "unknown field 'salary'; use one of: source,"),
    (("stats", "--by", "level;DROP TABLE records"), 1, "unknown field 'level;DROP TABLE"),
    (("stats", "--where", "foo=1"), 1, "unknown field 'foo'"),
    # Written wrong, not a value refused: a usage mistake (test_cli_fixes10).
    (("stats", "--where", "level"), 2, "a filter reads FIELD=VALUE[,VALUE...], not 'level'"),
    (("stats", "--where", "level="), 2, "the filter on level has no value"),
    (("stats", "--where", "level=wizard"), 1, "level 'wizard' is not one of entry, mid,"),
    (("stats", "--where", "year=abc"), 1, "year needs a number, not 'abc'"),
    (("stats", "--format", "xml"), 2, "Invalid value for '--format'"),
    (("statistics",), 2, "No such command 'statistics'"),
    # A record's field as an option (Typer offered --real for --role): it is a filter.
    (
        ("stats", "--role", "ml_engineer"),
        2,
        "No such option: --role (a record's field: filter with --where role=VALUE)",
    ),
    (("stats", "--pay-component=base"), 2, "No such option: --pay-component (a record's"),
    (("stats", "--salary", "1"), 2, "No such option: --salary"),
]


@pytest.mark.parametrize(("args", "status", "starts"), REJECTED_ARGUMENTS)
def test_a_rejected_argument_is_one_error_line(
    db: Path, args: tuple[str, ...], status: int, starts: str
) -> None:
    every = [("--db", db, *each) for each, _, _ in REJECTED_ARGUMENTS]
    assert_one_error_line(answered_among(("--db", db, *args), every), status, starts)


def test_a_missing_store_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "paygrade.duckdb"
    assert_one_error_line(
        run("--db", missing, "stats", "--by", "level"), 1, f"no store at {missing}"
    )
    assert not missing.exists()


REJECTED_INGESTS = [
    (
        ("ingest", "csv", "{folder}/no-such-file.csv"),
        1,
        "{folder}/no-such-file.csv: no such file",
    ),
    (("ingest", "nosuch", "{fixture}"), 1, "unknown source 'nosuch'; known: aijobs,"),
    (("ingest",), 2, "give either --all, or a SOURCE and a FILE"),
    (("ingest", "csv"), 2, "give a SOURCE and a FILE"),
    (("ingest", "--all", "csv", "{fixture}"), 2, "give either --all, or a SOURCE and a FILE"),
]


@pytest.mark.parametrize(("args", "status", "starts"), REJECTED_INGESTS)
def test_a_rejected_ingest_is_one_error_line(
    tmp_path_factory: pytest.TempPathFactory,
    fixture_file: Path,
    args: tuple[str, ...],
    status: int,
    starts: str,
) -> None:
    # One folder for every case (asked of one process, ``answered_among``): none makes
    # the store, so each finds the folder as a fresh one.
    folder = tmp_path_factory.getbasetemp() / "rejected-ingests"
    folder.mkdir(exist_ok=True)
    names = {"folder": folder, "fixture": fixture_file}
    every = [("--db", folder / "x.duckdb", *(a.format(**names) for a in each))
             for each, _, _ in REJECTED_INGESTS]  # fmt: skip
    done = answered_among(("--db", folder / "x.duckdb", *(a.format(**names) for a in args)), every)
    assert_one_error_line(done, status, starts.format(**names))
    assert list(folder.iterdir()) == []


def test_a_bad_setting_in_the_environment_is_one_error_line(db: Path) -> None:
    done = run("--db", db, "sources", env={"PAYGRADE_REFERENCE_YEAR": "abc"})
    said = "'abc' is not a number (write 1200, 1,200 or 12.5; a dot marks decimals)"
    assert_one_error_line(done, 2, f"bad setting reference_year: {said}")


def test_ingesting_the_same_file_again_adds_nothing(db: Path, fixture_file: Path) -> None:
    again = ok("--db", db, "ingest", "csv", fixture_file)
    assert again == "csv fixture-stats-cli.csv: skipped (already ingested)\n"


def test_sources_json_lists_the_loaded_file(db: Path, fixture_file: Path) -> None:
    (loaded,) = json.loads(ok("--db", db, "sources", "--format", "json"))
    assert loaded["source"] == "csv" and loaded["file"] == fixture_file.name
    assert re.fullmatch(r"[0-9a-f]{64}", loaded["sha256"])
    assert loaded["sha256"] == hashlib.sha256(fixture_file.read_bytes()).hexdigest()
    assert (loaded["rows_read"], loaded["rows_accepted"], loaded["rows_rejected"]) == (276, 276, 0)
    assert loaded["licence"] == "as supplied by the importer"


def test_sources_says_a_files_encoding_as_ingest_does(tmp_path: Path) -> None:
    # ingest said "(Latin-1, not UTF-8)" and stored it; sources said nothing of it.
    from tests.test_ingest import WESTERN_FIXTURE

    db, western = tmp_path / "e.duckdb", tmp_path / "fixture-western.csv"
    western.write_bytes(WESTERN_FIXTURE.encode("cp1252"))
    ingested, _, table, as_json = ok_each(
        ("--db", db, "ingest", "csv", western),
        ("--db", db, "ingest", "csv", FIXTURES / "fixture-canonical-small.csv"),
        ("--db", db, "sources"),
        ("--db", db, "sources", "--format", "json"),
    )
    said = ingested.split(":")[0]
    assert said == "csv fixture-western.csv (Windows-1252, not UTF-8)"
    assert f"{said.removeprefix('csv ')} " in table and "fixture-canonical-small.csv " in table
    assert "UTF-8" not in table.split("fixture-canonical-small.csv")[1]  # said when not
    loaded = json.loads(as_json)
    assert [f["encoding"] for f in loaded] == ["cp1252", "utf-8"]
    kept = ["source", "kind", "file", "sha256", "rows_read", "rows_accepted", "rows_rejected",
            "licence", "ingested_at", "seconds", "rows_flagged"]  # fmt: skip
    assert list(loaded[0]) == [*kept, "encoding"]  # the keys as they were, one added


def test_quality_json_reports_the_source(db: Path, rows: list[Row]) -> None:
    (source,) = json.loads(ok("--db", db, "quality", "--format", "json"))["sources"]
    assert (source["source"], source["records"]) == ("csv", 276)
    copies = sum(n - 1 for n in Counter(tuple(sorted(r.items())) for r in rows).values())
    assert source["checks"]["exact_duplicates"]["rows"] == copies
    years = Counter(str(r["year"]) for r in rows)
    assert source["checks"]["year_share"] == {y: round(n / 276, 4) for y, n in years.items()}
    assert source["checks"]["year_share"] == {"2023": 0.5072, "2024": 0.4928}


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_a_reader_that_left_ends_the_command_quietly(db: Path, fmt: str) -> None:
    # `paygrade stats ... | head -1`: the reader gone, the command exited 1 (Typer's answer).
    read, write = os.pipe()
    os.close(read)  # gone before the first line is written
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_")}
    with os.fdopen(write, "wb") as closed:
        done = subprocess.run(
            [str(PAYGRADE), "--db", str(db), "stats", "--by", "level", "--format", fmt],
            stdout=closed,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
            timeout=120,
            check=False,
        )
    assert (done.returncode, done.stderr) == (0, "")


def test_main_in_process_returns_the_status(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", str(db), "stats", "--by", "level", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["by"] == ["level"]
    assert main(["--db", str(db), "stats", "--by", "salary"]) == 1
    assert capsys.readouterr().err == (
        "error: unknown field 'salary'; use one of: " + _groupable() + "\n"
    )
    assert main(["stats", "--db", str(db)]) == 2
    assert capsys.readouterr().err.startswith("error: No such option: --db")
    assert main([]) == 0
    assert "Usage: paygrade" in capsys.readouterr().out


def test_an_interrupted_command_exits_130(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("paygrade.stats.warned_stats", interrupted)
    assert main(["--db", str(db), "stats", "--by", "level"]) == 130
    # Typer turned it into a silent exit 130: the user saw nothing at all.
    assert capsys.readouterr().err == "error: interrupted\n"


def test_an_error_raised_while_ctrl_c_unwinds_is_an_interrupt(
    db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import duckdb

    def interrupted(*args: object, **kwargs: object) -> None:
        try:
            raise KeyboardInterrupt
        finally:  # as closing a query the interrupt left running says
            raise duckdb.ConnectionException("connection is busy with another call")

    monkeypatch.setattr("paygrade.stats.warned_stats", interrupted)
    # It had been "error: internal error (ConnectionException): ...", status 70.
    assert main(["--db", str(db), "stats", "--by", "level"]) == 130
    assert capsys.readouterr().err == "error: interrupted\n"


def _groupable() -> str:
    from paygrade.records import GROUPABLE_FIELDS

    return ", ".join(GROUPABLE_FIELDS)


def test_download_of_an_unknown_source_fetches_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Names are checked before any request: no network is touched here.
    target = tmp_path / "data"
    assert main(["--data-dir", str(target), "download", "aijobs", "nonsense"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: unknown download 'nonsense'") and err.count("\n") == 1
    assert not target.exists() or not any(target.iterdir())


def test_a_store_in_use_is_named_not_dumped(tmp_path: Path) -> None:
    # Another process writes the store: DuckDB's long lock message becomes one plain line.
    db = tmp_path / "busy.duckdb"
    assert run("--db", db, "sources").returncode == 1  # no store yet
    # Held once the holder says so: the file's being there, then 0.3 s, had been the sign.
    with _held_for_writing(db, 30) as holder:
        started = time.monotonic()
        done = run(
            "--db",
            db,
            "ingest",
            "csv",
            FIXTURES / "fixture-canonical-small.csv",
            env={"PAYGRADE_BUSY_TIMEOUT": "1"},
        )
        waited = time.monotonic() - started
    assert done.returncode == 1
    assert done.stderr == (
        f"error: the store {db} is busy: in use by another process (PID {holder}), "
        "e.g. an ingest (waited 1 s); try again when it has finished\n"
    )
    assert waited >= 1.0


@contextmanager
def _held_for_writing(db: Path, seconds: float) -> Iterator[int]:
    """Another process (its id given) holds the store open for writing (an ingest) for up
    to ``seconds``."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(db)!r}); "
            f"print('locked', flush=True); time.sleep({seconds})",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        yield holder.pid
    finally:
        holder.kill()
        holder.communicate()


def test_a_reader_waits_for_a_writer_to_finish(tmp_path: Path) -> None:
    db = tmp_path / "wait.duckdb"
    ok("--db", db, "ingest", "csv", FIXTURES / "fixture-canonical-small.csv")
    with _held_for_writing(db, 2):
        out = ok("--db", db, "stats", "--format", "json", "--include-flagged")
    assert json.loads(out)["groups"][0]["n"] == 3


def test_what_was_given_wrong_is_said_before_waiting_for_a_busy_store(tmp_path: Path) -> None:
    # `ingest` of a missing file and `submissions approve` of an unknown id opened the
    # store for writing first: they waited for an ingest to finish, then said "busy", and
    # while they held it every reader was locked out (a CI run failed on that race).
    db = tmp_path / "held.duckdb"
    ok("--db", db, "ingest", "csv", FIXTURES / "fixture-canonical-small.csv")
    with _held_for_writing(db, 60):
        env = {"PAYGRADE_BUSY_TIMEOUT": "20"}
        started = time.monotonic()
        missing = run("--db", db, "ingest", "csv", tmp_path / "missing.csv", env=env)
        unknown = run("--db", db, "submissions", "approve", "7", env=env)
        waited = time.monotonic() - started
    assert (missing.returncode, missing.stderr) == (
        1,
        f"error: {tmp_path / 'missing.csv'}: no such file\n",
    )
    assert (unknown.returncode, unknown.stderr) == (1, "error: no submission has id 7\n")
    assert waited < 20  # neither waited for the store


def test_a_file_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    import duckdb

    db = tmp_path / "other.duckdb"
    duckdb.connect(str(db)).close()  # a DuckDB file, but not paygrade's
    done = run("--db", db, "stats", "--by", "level")
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: {db} is not an up-to-date paygrade store")
    assert "Traceback" not in done.stderr
    # ... and never migrated into one.
    assert duckdb.connect(str(db)).execute("SHOW TABLES").fetchall() == []


def test_a_damaged_store_is_said_to_be_damaged_not_an_internal_error(
    real_db: Path, tmp_path: Path
) -> None:
    # It was "internal error (IOException): IO Error: Could not read enough bytes ...", 70.
    db = damaged_copy(real_db, tmp_path)
    done = run("--db", db, "stats", "--by", "level", "--where", "role=ml_engineer")
    assert_one_error_line(done, 1, "the store cannot be read: its file is damaged (IO Error")
    assert done.stderr.rstrip().endswith("or remove it and run `paygrade ingest --all`")


def test_a_reading_command_migrates_a_store_an_older_paygrade_wrote(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Upgrading paygrade needs no write command of its own: the first read migrates.
    db = tmp_path / "older.duckdb"
    newest = older_store(db, monkeypatch)
    assert json.loads(ok("--db", db, "info", "--format", "json"))["records"] == 0
    store = Store.open(db, read_only=True)  # read-only: raises while still behind
    try:
        assert store.scalar("SELECT max(version) FROM schema_migrations") == newest
    finally:
        store.close()


def test_version_is_the_package_version() -> None:
    from importlib.metadata import version

    assert ok("--version") == f"paygrade {version('paygrade')}\n"


def test_python_dash_m_paygrade_is_the_command(db: Path) -> None:
    # For a venv whose scripts folder is not on the PATH; it was "No module named
    # paygrade.__main__".
    argv = [sys.executable, "-m", "paygrade", "--db", str(db), "info", "--format", "json"]
    # The settings `ok` runs with: none of this machine's PAYGRADE_ (CI sets the data folder).
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_")}
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120, env=environment)
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout) == json.loads(ok("--db", db, "info", "--format", "json"))
    bad = subprocess.run(
        [*argv[:5], "stats", "--by", "wizard"], capture_output=True, text=True, env=environment
    )
    assert bad.returncode == 1 and bad.stderr.startswith("error: ") and not bad.stdout


def test_the_default_store_is_in_the_user_data_folder(tmp_path: Path) -> None:
    # Two working directories, one store: the default does not depend on where one stands.
    home = {"HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "data-home")}
    first = json.loads(ok("info", "--format", "json", env=home))
    assert first["store"] == str(tmp_path / "data-home" / "paygrade" / "paygrade.duckdb")
    assert first["records"] == 0 and first["files"] == []


def test_info_lists_what_is_loaded(db: Path) -> None:
    facts = json.loads(ok("--db", db, "info", "--format", "json"))
    assert facts["store"] == str(db) and facts["records"] == 276
    assert [f["rows"] for f in facts["files"]] == [276]


def test_a_missing_relative_data_dir_is_said_where_it_was_looked_for(tmp_path: Path) -> None:
    # "data directory ../shared/data does not exist": relative to what, the user could not tell.
    done = subprocess.run(
        [str(PAYGRADE), "--db", str(tmp_path / "x.duckdb"), "--data-dir", "../nowhere", "ingest",
         "--all"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert_one_error_line(
        done, 1, f"data directory ../nowhere ({tmp_path}/../nowhere) does not exist (set"
    )


def test_ingest_all_without_record_files_fails_and_leaves_no_store(tmp_path: Path) -> None:
    empty = tmp_path / "no-records"
    empty.mkdir()
    (empty / "cpi-u-annual.csv").write_text("year,cpi_u_sa_annual_avg,months\n2024,313.7,12\n")
    db = tmp_path / "new.duckdb"
    done = run("--db", db, "--data-dir", empty, "ingest", "--all")
    assert_one_error_line(done, 1, f"no file of pay records in {empty}")
    assert not db.exists()


def test_a_failed_first_ingest_leaves_no_empty_store(tmp_path: Path) -> None:
    db = tmp_path / "first.duckdb"
    bad = tmp_path / "fixture-bad.csv"
    bad.write_text("not,a,canonical,header\n1,2,3,4\n", encoding="utf-8")
    assert run("--db", db, "ingest", "csv", bad).returncode == 1
    assert not db.exists() and not db.with_name("first.duckdb.wal").exists()


def test_quarantine_names_the_file_and_refuses_unknown_sources(small_db: Path) -> None:
    db = small_db
    rows = json.loads(json_answer("--db", db, "quarantine"))
    assert {r["file"] for r in rows} == {"fixture-canonical-small.csv"}
    assert_one_error_line(run("--db", db, "quarantine", "--source", "nosuch"), 1, "unknown source")


QUARANTINE_WIDTHS = (None, "100", "60", "80", "120")


@functools.cache
def _quarantine_tables(db: Path) -> dict[str | None, str]:
    return dict(zip(QUARANTINE_WIDTHS, ok_each_at_widths(
        [(width, ("--db", db, "quarantine")) for width in QUARANTINE_WIDTHS]
    ), strict=True))  # fmt: skip


def quarantine_at(db: Path, width: str | None) -> str:
    """``ok("--db", DB, "quarantine")`` at ``width`` columns (None: piped), each width of
    ``QUARANTINE_WIDTHS`` asked of ONE process once per run (``ok_each_at_widths``): a
    process per width (~0.5 s of CPU each) for a store no test writes to (``small_db``)."""
    return _quarantine_tables(db)[width]


@pytest.mark.parametrize("terminal", [{}, {"COLUMNS": "100"}], ids=["piped", "100 columns"])
def test_the_quarantine_table_shows_each_rows_reason(
    small_db: Path, terminal: dict[str, str]
) -> None:
    # The raw row is one long line of JSON: measured like the other columns, it once
    # squeezed source, file, row and reason to nothing, piped or in a terminal.
    db = small_db
    rows = json.loads(json_answer("--db", db, "quarantine"))
    table = quarantine_at(db, terminal.get("COLUMNS"))
    assert "reason" in table.splitlines()[2] and "fixture-canonical-small.csv" in table
    for row in rows:
        assert row["reason"].split()[0] in table


@pytest.mark.parametrize("columns", ["60", "80", "120"])
def test_the_quarantine_table_shows_the_raw_row_and_fits(small_db: Path, columns: str) -> None:
    # A long reason took the width: at 80 and 120 columns the raw row (the listing's point)
    # showed one character or none; at 60 the table ran 9 columns past the terminal.
    db = small_db
    rows = json.loads(json_answer("--db", db, "quarantine"))
    lines = quarantine_at(db, columns).splitlines()
    assert max(len(line) for line in lines) <= int(columns)
    first = next(line for line in lines if rows[0]["source"] in line)
    shown = first.rstrip().split()[-1].rstrip("…")
    assert len(shown) >= 6 and rows[0]["raw"].startswith(shown), first


@pytest.mark.parametrize("stop", ["SIGINT", "SIGTERM"])
def test_ctrl_c_during_an_ingest_stores_nothing_of_that_file(tmp_path: Path, stop: str) -> None:
    # SIGTERM (a service manager, a container stopping) had ended it at once: status 143,
    # no word, the write-ahead log unmerged and nothing published.
    import signal

    from tests.conftest import real_data_dir

    db, marker = tmp_path / "interrupted.duckdb", tmp_path / "held"
    # Reference files go first; interrupt inside the first record file's (aijobs) work.
    ingest = started_held(marker, 0, "--db", db, "--data-dir", real_data_dir(), "ingest", "--all")
    held_now(ingest, marker)
    ingest.send_signal(getattr(signal, stop))
    out, err = ingest.communicate(timeout=120)
    # Both streams in a failure's message: a CI run once had status 130 and no stderr.
    said = f"stderr {err!r}; stdout {out!r}"
    assert ingest.returncode == 130, said
    assert re.fullmatch(r"error: interrupted, nothing stored from \S+\n", err), said
    file = err.split("nothing stored from ")[1].strip()
    facts = json.loads(ok("--db", db, "info", "--format", "json"))
    assert file not in {f["file"] for f in facts["files"]}
    assert facts["records"] == sum(f["rows"] for f in facts["files"] if f["kind"] == "records")
    assert not db.with_name(db.name + ".wal").exists()  # merged, and what was stored published
    published = duckdb.connect(str(published_path(db)), read_only=True)
    try:
        assert published.execute("SELECT count(*) FROM records").fetchone() == (facts["records"],)
    finally:
        published.close()


BLANK_OPTIONS = [
    # --company "" answered as no company, "company": null, without a word.
    (("ladder", "--company", ""), "--company"),
    # "no metro area is called ''"; and every company listed, as no --search does.
    (("compare", "--metro", "", "--role", "ml_engineer"), "--metro"),
    (("compare", "--country", "US", "--role", " "), "--role"),
    (("companies", "--search", ""), "--search"),
]


@pytest.mark.parametrize(("args", "option"), BLANK_OPTIONS)
def test_a_blank_option_is_refused(real_db: Path, args: tuple[str, ...], option: str) -> None:
    every = [("--db", real_db, *each) for each, _ in BLANK_OPTIONS]
    done = answered_among(("--db", real_db, *args), every)
    assert_one_error_line(done, 2, f"empty value for {option}")


@pytest.mark.parametrize("option", ["--db", "--data-dir"])
def test_a_blank_global_option_is_refused(tmp_path: Path, option: str) -> None:
    # Read as the path ".": `--data-dir ""` downloaded into the working folder, status 0.
    done = run(option, "", "download", "cpi", cwd=tmp_path)
    assert_one_error_line(done, 2, f"empty value for {option}")
    assert list(tmp_path.iterdir()) == []


def test_by_given_twice_groups_by_both(real_db: Path) -> None:
    # It kept the last --by, silently: --by level --by metro grouped by metro alone.
    question = ("--db", real_db, "stats", "--where", "role=ml_engineer", "--format", "json")
    twice, listed = ok_each((*question, "--by", "level", "--by", "metro"),
                            (*question, "--by", "level,metro"))  # fmt: skip
    assert twice == listed
    assert json.loads(twice)["by"] == ["level", "metro"]


def test_the_footer_says_whose_years_it_gives(real_db: Path) -> None:
    # "years: 2015-2025" beside "sources: ... h1b_2013 1": the years were the shown groups'.
    asked = ("--db", real_db, "stats", "--by", "metro", "--where", "role=data_scientist")
    cut, whole = ok_each((*asked, "--limit", "5"), asked)
    assert "; years of the groups shown: " in cut and "h1b_2013" in cut
    assert "; years: " in whole


def test_a_where_list_naming_a_value_no_record_holds_exits_1_naming_it(real_db: Path) -> None:
    # "company=google,gogle" printed Google's figures, exit 0, no word about "gogle".
    asked = ("--db", real_db, "stats", "--by", "company", "--where", "pay_component=base")
    done, as_json, listed = run_each(
        (*asked, "--where", "company=google,gogle"),
        (*asked, "--where", "company=google,gogle", "--format", "json"),
        ("--db", real_db, "records", "--where", "company=google,gogle"),
    )
    assert done.returncode == 1
    assert "no record has company 'Gogle'; did you mean Google?" in done.stdout
    answer = json.loads(as_json.stdout)
    assert answer["groups"] == [] and answer["no_match"]["unmatched"][0]["value"] == "Gogle"
    assert listed.returncode == 1 and "did you mean Google?" in listed.stderr


def test_a_country_that_is_none_is_an_error_as_in_estimate_and_ladder(real_db: Path) -> None:
    # "stats --where country=ZZ" printed "Annual pay, USD (country in ZZ): no records. no
    # record has country 'ZZ'", where `estimate --country ZZ` says there is no such country.
    *nowhere, done = run_each(
        ("--db", real_db, "stats", "--where", "country=ZZ"),
        ("--db", real_db, "records", "--where", "country=ZZ"),
        ("--db", real_db, "stats", "--where", "country=AQ"),
    )
    for said in nowhere:
        assert_one_error_line(said, 1, "no country is called 'ZZ' (a country by its ISO code")
    # A real country no record is of: still no records, said once.
    assert done.returncode == 1
    assert done.stdout == "Annual pay, USD (country in AQ): no record has country 'AQ'\n"


def test_no_records_because_all_are_flagged_says_so_and_how_to_count_them(real_db: Path) -> None:
    # It said "no record matches all of these filters together", though one did.
    asked = ("--db", real_db, "--where", "company=Paramount Group Management")
    said = "the 1 matching record is flagged and left out (--include-flagged counts it)"
    done, listed, flagged, as_csv = run_each(
        (asked[0], asked[1], "stats", *asked[2:]),
        (asked[0], asked[1], "records", *asked[2:]),
        (asked[0], asked[1], "records", *asked[2:], "--include-flagged"),
        (asked[0], asked[1], "stats", *asked[2:], "--format", "csv"),
    )
    assert done.returncode == 1 and done.stdout.endswith(f"Management): {said}\n")
    assert (listed.returncode, listed.stderr) == (1, f"no records: {said}\n")
    assert (flagged.returncode, flagged.stderr) == (0, ""), flagged.stderr
    assert "1,100,000" in flagged.stdout
    # A CSV's stderr said it twice: "left out: 1 flagged ..." above "no records: the 1 ...".
    assert (as_csv.returncode, as_csv.stderr) == (1, f"no records: {said}\n")


def test_a_count_of_one_is_said_in_the_singular(real_db: Path) -> None:
    # "1 records", "1 flagged records (... counts them)", "1 groups have".
    one = "company=Paramount Group Management"
    done, company, shown = run_each(
        ("--db", real_db, "stats", "--where", f"{one},Anthropic", "--format", "csv"),
        ("--db", real_db, "company", "Paramount Group Management"),
        ("--db", real_db, "stats", "--by", "company", "--where", one, "--include-flagged",
         "--min-n", "2"),
    )  # fmt: skip
    assert done.stderr.splitlines()[0] == (
        f"left out: 1 flagged record ({FLAGGED_MEANS}; --include-flagged counts it)"
    )
    for said in (company, shown):  # as ``ok`` checks them
        assert (said.returncode, said.stderr) == (0, ""), said.stderr
    assert company.stdout.startswith("Paramount Group Management: 1 record (1 distinct); ")
    assert "none shown; 1 group has fewer records (--min-n, --limit)" in shown.stdout


def test_a_comparison_no_record_meets_is_named_as_written(real_db: Path) -> None:
    # "year<2013" said "no record has year 1990" (in the title too), a year nobody wrote.
    seattle = ("--where", "metro=seattle", "--where", "metro=Seattle-Tacoma-Bellevue, WA")
    before, after, strict, done = run_each(
        ("--db", real_db, "stats", "--where", "year<2013"),
        ("--db", real_db, "stats", "--where", "year>2030", "--format", "json"),
        ("--db", real_db, "stats", "--where", "years_experience>3"),
        ("--db", real_db, "stats", *seattle),
    )
    assert before.returncode == 1 and "1990" not in before.stdout
    assert "(year < 2013): no record has year < 2013; did you mean 2013" in before.stdout
    answer = json.loads(after.stdout)
    assert answer["no_match"]["message"].startswith("no record has year > 2030; did you mean")
    assert answer["no_match"]["unmatched"][0]["written"] == "> 2030"
    # ">3" was answered "write years_experience>=3", a filter keeping 3 as well.
    assert strict.returncode != 0 and "years_experience>=3 keeps 3 too" in strict.stderr
    # Seattle by its city and by its name is one metro: it was "cannot both hold".
    assert done.returncode == 0 and "Seattle" in done.stdout
    # Only the metro filter's word on the records of WA that name no metro (stats_metro).
    assert done.stderr.startswith("warning: left out: ") and "records of WA" in done.stderr


def test_a_where_list_of_a_short_and_a_full_metro_name_means_both(real_db: Path) -> None:
    # The full name's ", CA" was read as a metro of its own; San Jose's went missing.
    san_jose = "San Jose-Sunnyvale-Santa Clara, CA"
    asked = ("--db", real_db, "stats", "--by", "metro", "--where", "role=ml_engineer")
    done = run(*asked, "--where", f"metro=austin,{san_jose}", "--format", "json")
    assert done.returncode == 0 and "of TX (" in done.stderr and "CA (" in done.stderr
    both = json.loads(done.stdout)
    assert {g["key"]["metro"] for g in both["groups"]} == {
        "Austin-Round Rock-San Marcos, TX",
        san_jose,
    }


def test_records_past_the_last_page_says_which_is_last(real_db: Path) -> None:
    # "Records (page 3 of 1): none", exit 0: read as if nothing matched.
    asked = ("--db", real_db, "records", "--where", "company=google", "--where", "level=staff")
    # The pages are counted first: the two pages past them are asked of one process after.
    pages = json.loads(ok(*asked, "--format", "json"))["pages"]
    done, as_json = run_each((*asked, "--page", str(pages + 2)),
                             (*asked, "--page", "99", "--format", "json"))  # fmt: skip
    assert_one_error_line(done, 1, f"page {pages + 2} of {pages:,}: the answer has {pages:,} page")
    # JSON printed only the error, though the API and MCP answer an object with no rows.
    assert as_json.returncode == 1 and as_json.stderr.startswith("error: page 99 of ")
    answer = json.loads(as_json.stdout)
    assert (answer["page"], answer["pages"], answer["rows"]) == (99, pages, [])
    assert answer["total"] > 0


def test_the_documented_records_examples_answer(real_db: Path) -> None:
    # "--where country=DE --page 2 --per-page 100" failed: 47 records, one page.
    text = (Path(__file__).parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    examples = [line for line in text.splitlines() if line.startswith("paygrade records ")]
    assert len(examples) >= 3
    asked = [("--db", real_db, *shlex.split(example.split(">")[0])[1:]) for example in examples]
    for example, done in zip(examples, run_each(*asked), strict=True):
        assert done.returncode == 0, (example, done.stderr)


def test_a_csv_page_of_records_says_on_stderr_what_it_does_not_hold(real_db: Path) -> None:
    # `> seattle.csv` held the first 50 of 3,447 records, and nothing said so.
    asked = ("--db", real_db, "records", "--where", "metro=seattle", "--format")
    done, as_json = run_each((*asked, "csv"), (*asked, "json"))
    pages = json.loads(as_json.stdout)["pages"]
    assert done.returncode == 0 and len(done.stdout.splitlines()) == 51
    assert done.stderr == f"page 1 of {pages:,}: --page 2 for more\n"


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_records_matching_nothing_say_only_that_on_any_page(real_db: Path, fmt: str) -> None:
    # "Records (page 2 of 1): none" (a blank line in CSV) came before the no-match message.
    asked = ("--db", real_db, "records", "--where", "company=nonexistentxyz", "--format", fmt)
    pages = ("1", "2")
    for page, done in zip(pages, run_each(*[(*asked, "--page", p) for p in pages]), strict=True):
        assert done.returncode == 1
        assert done.stderr == "no records: no record has company 'Nonexistentxyz'\n"
        if fmt == "json":  # the contract, as /api/v1/records answers
            answer = json.loads(done.stdout)
            assert (answer["total"], answer["rows"], answer["page"]) == (0, [], int(page))
        else:
            assert done.stdout == ""


def test_quarantine_says_how_many_of_how_many_it_shows(small_db: Path) -> None:
    db = small_db
    every = json.loads(json_answer("--db", db, "quarantine"))
    assert len(every) >= 2  # the fixture's bad rows
    table, cut, whole = run_each(
        ("--db", db, "quarantine", "--limit", "1"),
        ("--db", db, "quarantine", "--limit", "1", "--format", "json"),
        ("--db", db, "quarantine"),
    )
    for said in (table, whole):  # as ``ok`` checks them
        assert (said.returncode, said.stderr) == (0, ""), said.stderr
    # --limit 1 showed one row and never said there were more.
    assert f"1 of {len(every)} shown" in table.stdout
    assert len(json.loads(cut.stdout)) == 1 and f"1 of {len(every)} shown" in cut.stderr
    assert "shown" not in whole.stdout  # all of them: nothing to say


def test_quarantine_reads_a_source_in_any_case(small_db: Path) -> None:
    # "--source CSV" was an unknown source; every filter reads any letter case.
    db = small_db
    every = json.loads(json_answer("--db", db, "quarantine"))
    assert json.loads(ok("--db", db, "quarantine", "--source", "CSV", "--format", "json")) == every


def test_a_long_table_is_not_measured_cell_by_cell(
    real_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # stats --by company (27,000 groups) took 77 s as a table, 6 s as CSV: rich measured
    # every cell three times over. Widths now come from the cells' text, once.
    from rich.table import Table

    from paygrade.formats import render_stats

    answer = json.loads(ok("--db", real_db, "stats", "--by", "title", "--format", "json",
                           "--limit", "400"))  # fmt: skip
    measured: list[str] = []
    original = Table._measure_column

    def counting(self: Table, console: Any, options: Any, column: Any) -> Any:
        if column.width is None:
            measured.append(str(column.header))
        return original(self, console, options, column)

    monkeypatch.setattr(Table, "_measure_column", counting)
    monkeypatch.delenv("COLUMNS", raising=False)
    table = render_stats(answer, "table")
    assert len(answer["groups"]) == 400 and measured == []
    assert all(f"{g['n']:,}" in table for g in answer["groups"])
    monkeypatch.setenv("COLUMNS", "60")  # too narrow: rich measures, the figures stay whole
    assert "…" not in render_stats(answer, "table")


def test_a_narrow_table_says_why_a_groups_figures_are_blank(real_db: Path) -> None:
    # "suppressed (n < 5)" stood in the CI column, the last a narrow terminal leaves out:
    # Apple's mid-level row read "mid 2" and a blank median, with no word why (those two
    # were "MGR 2" managers, no level since; Nvidia's executives are 2).
    question = ["stats", "--by", "level", "--where", "company=Nvidia", "--min-n", "1"]
    table = ok("--db", real_db, *question, env={"COLUMNS": "40"})
    assert "median 95% CI" in table.split("left out for width:")[1]
    said = "blank figures, n alone: suppressed, fewer than 5 records in the group"
    assert said in " ".join(table.split())  # folded to the terminal's 40 columns


def short_of_room(
    kilobytes: int, *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """``paygrade`` run where no file may grow past ``kilobytes`` (``files_limited_to``)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_")}
    return subprocess.run(
        [str(PAYGRADE), *map(str, args)],
        capture_output=True, text=True, timeout=300, check=False,
        env={**environment, **(env or {})}, preexec_fn=files_limited_to(kilobytes * 1024),
    )  # fmt: skip


def test_an_export_short_of_room_says_so_and_keeps_the_earlier_one(
    real_db: Path, tmp_path: Path
) -> None:
    # It was "error: internal error (IOException): IO Error: Async write failed for range
    # [offset=158855, size=95878]: {...}" (status 70).
    out = tmp_path / "records"
    assert run("--db", real_db, "export", "--out", out).returncode == 0
    before = (out / "_paygrade.json").read_text()
    done = short_of_room(200, "--db", real_db, "export", "--out", out, "--overwrite")
    assert (done.returncode, done.stderr) == (  # 74: the machine's refusal, as every command's
        74,
        f"error: cannot write the export to {out}: File too large; {out} is as it was\n",
    )
    assert (out / "_paygrade.json").read_text() == before
    assert [p.name for p in tmp_path.iterdir()] == ["records"]  # no staging folder left


def test_an_ingest_short_of_room_says_so_and_keeps_what_was_stored(
    tmp_path: Path, data_dir: Path
) -> None:
    # It was "error: internal error (TransactionException): TransactionContext Error:
    # Failed to commit: Could not write file ...: File too large" (status 70).
    db = tmp_path / "store.duckdb"
    assert run("--db", db, "ingest", "cpi", data_dir / "cpi-u-annual.csv").returncode == 0
    done = short_of_room(
        256, "--db", db, "ingest", "so_survey", data_dir / "so-survey-2023-usd.csv"
    )
    assert done.returncode == 74
    # Publishing the store for readers, which follows, is short of room as well: warned.
    *warnings, said = done.stderr.splitlines()
    assert re.fullmatch(rf"error: cannot write {re.escape(str(db))}(\.wal)?: File too large", said)
    assert all(line.startswith("warning: cannot publish store.duckdb") for line in warnings)
    store = Store.open(db, read_only=True)
    try:
        assert store.scalar("SELECT count(*) FROM records") == 0  # the file's transaction: none
        assert store.scalar("SELECT list(source ORDER BY source) FROM ingest_log") == ["cpi"]
    finally:
        store.close()


# The console script's code, with Ctrl-C (a real SIGINT, sent by the process to itself)
# arriving while the CLI loads: when Typer is first imported.
_CTRL_C_WHILE_LOADING = """
import builtins, os, signal, sys
real_import = builtins.__import__
def importing(name, *args, **kwargs):
    if name == "typer":
        os.kill(os.getpid(), signal.SIGINT)
    return real_import(name, *args, **kwargs)
builtins.__import__ = importing
from paygrade.console import main
sys.exit(main())
"""


def test_ctrl_c_while_the_command_loads_says_interrupted() -> None:
    # It was a traceback ending in KeyboardInterrupt, from wherever the import had got to.
    done = subprocess.run(
        [sys.executable, "-c", _CTRL_C_WHILE_LOADING, "stats", "--by", "level"],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr, done.stdout) == (130, "error: interrupted\n", "")
    from importlib.metadata import entry_points

    (script,) = entry_points(group="console_scripts", name="paygrade")
    assert script.value == "paygrade.console:main"  # what `paygrade` runs


# A command that a Ctrl-C stopped, an exit handler left waiting behind it, and a query
# still running on a thread of its own, as one the interrupt cut short on its way out.
_INTERRUPTED_WITH_A_QUERY_RUNNING = """
import atexit, sys, threading
import duckdb
import paygrade.cli
atexit.register(lambda: sys.stderr.write("an exit handler ran\\n"))
def interrupted(args=None):
    con = duckdb.connect()
    query = "SELECT count(*) FROM range(100000000) a, range(1000) b"
    threading.Thread(target=lambda: con.execute(query), daemon=True).start()
    print("partial answer")
    sys.stderr.write("error: interrupted\\n")
    return 130
paygrade.cli.main = interrupted
from paygrade.console import main
sys.exit(main())
"""


def test_an_interrupted_command_leaves_at_once_its_output_flushed() -> None:
    # After "error: interrupted" the interpreter's shutdown met a thread still inside a
    # DuckDB query: the process aborted (134) now and then, or an exit handler printed a
    # traceback. It now leaves at once, what it wrote flushed, no exit handler run.
    done = subprocess.run(
        [sys.executable, "-c", _INTERRUPTED_WITH_A_QUERY_RUNNING],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr, done.stdout) == (
        130, "error: interrupted\n", "partial answer\n",
    )  # fmt: skip


# --- input the checks did not foresee: one line, never "internal error" -----------------

_LONG = "d" * 300  # one name past the 255 bytes a file system allows


TOO_LONG = [
    ("export", "--out", _LONG),
    ("report", "--out", _LONG),
    ("check-claims", _LONG),
    ("ingest", "csv", f"{_LONG}.csv"),
    ("stats", "--by", "level", "--from-parquet", _LONG),
    ("--db", f"{_LONG}.duckdb", "info"),
]


@pytest.mark.parametrize(
    "args", TOO_LONG, ids=["export", "report", "check-claims", "ingest", "from-parquet", "store"]
)
def test_a_name_too_long_for_the_file_system_is_one_line(
    real_db: Path, tmp_path_factory: pytest.TempPathFactory, args: tuple[str, ...]
) -> None:
    # Each was "internal error (OSError): [Errno 36] File name too long", status 70.
    # Every case asked of one process (``answered_among``), standing in one folder.
    folder = tmp_path_factory.getbasetemp() / "names-too-long"
    folder.mkdir(exist_ok=True)
    env = {"PAYGRADE_DB": str(real_db)}
    done = answered_among(args, TOO_LONG, cwd=folder, env=env)
    assert_one_error_line(done, 1, "cannot use ")
    # The path said by its start and its length (some commands resolve it first).
    assert re.search(r"… \(\d{3} characters\): File name too long\n$", done.stderr)


def test_numbers_past_what_the_engines_hold_are_said_or_taken_whole(real_db: Path) -> None:
    env = {"PAYGRADE_DB": str(real_db)}
    # quarantine --limit past BIGINT: every row (DuckDB refused to cast it: status 70).
    every, limited, *ids, done = run_each(
        ("quarantine", "--limit", str(2**63), "--format", "json"),
        ("quarantine", "--limit", "1000000", "--format", "json"),
        *[("submissions", verb, n) for verb in ("approve", "reject") for n in (str(2**63), "-1")],
        ("train", "--trees", str(2**31)),
        env=env,
    )
    assert every.returncode == 0, every.stderr
    assert (limited.returncode, limited.stderr) == (0, ""), limited.stderr
    assert json.loads(every.stdout) == json.loads(limited.stdout)
    # An id past SQLite's integers is no submission (it was an OverflowError).
    for past, negative in (ids[:2], ids[2:]):
        assert_one_error_line(past, 1, f"no submission has id {2**63}")
        # -1 was read as an option: "No such option: -1", status 2.
        assert_one_error_line(negative, 1, "no submission has id -1")
    # LightGBM counts trees in a C int and aborted past it.
    assert_one_error_line(done, 2, "Invalid value for '--trees'")
    assert f"must be 100,000 or less, not {2**31}" in done.stderr


def test_an_empty_out_is_refused_not_taken_as_here(real_db: Path, tmp_path: Path) -> None:
    # As a Path, "" is "."; the report was written where one stood, with status 0.
    env = {"PAYGRADE_DB": str(real_db)}
    done = run("report", "--out", "", env=env, cwd=tmp_path)
    assert_one_error_line(done, 2, "empty value for --out")
    done = run("export", "--out", " ", env=env, cwd=tmp_path)
    assert_one_error_line(done, 2, "no folder given to export to: the path is empty")
    done = run("stats", "--from-parquet", "", env=env, cwd=tmp_path)
    assert_one_error_line(done, 2, "no folder given: the path is empty")
    assert list(tmp_path.iterdir()) == []


def test_a_country_given_as_a_metro_says_to_give_it_as_the_country(real_db: Path) -> None:
    # compare said "no metro area is called 'United Kingdom'", offer and stats "no record
    # has metro 'United Kingdom'", without a word of the country field (estimate said it).
    env = {"PAYGRADE_DB": str(real_db)}
    compared, state, offered = run_each(
        ("compare", "--metro", "United Kingdom", "--role", "ml_engineer"),
        ("compare", "--metro", "Georgia", "--role", "ml_engineer"),
        ("offer", "--base", "100000", "--role", "ml_engineer", "--metro", "germany"),
        env=env,
    )
    assert_one_error_line(
        compared,
        1,
        "United Kingdom: a country, not a metro: metros are US metro areas; give country GB",
    )
    # A US state's name too: both are said, the state by its metros (compare takes no state).
    assert state.stderr.startswith(
        "error: Georgia: a country or a US state, not a metro: give country GE, or for the "
        "state one of its metros, such as Atlanta-"
    )
    assert_one_error_line(offered, 1, "no record has metro 'germany' (a country, not a metro")
    assert offered.stderr.endswith("; give country DE)\n")


def test_compare_with_nothing_to_set_side_by_side_exits_1(real_db: Path) -> None:
    # Antarctica is a country no record, OEWS area or OFLC level has: the table was empty
    # and the status 0, where stats, ladder and offer say nothing matched.
    env = {"PAYGRADE_DB": str(real_db)}
    done, germany = run_each(
        ("compare", "--country", "AQ", "--role", "ml_engineer", "--format", "json"),
        ("compare", "--country", "DE", "--role", "ml_engineer"),
        env=env,
    )
    assert done.returncode == 1
    answer = json.loads(done.stdout)
    assert answer["rows"] == [] and "no records match this role and place" in answer["notes"]
    assert germany.returncode == 0


def test_records_show_the_narrowest_place_named(real_db: Path) -> None:
    # The 2013 filing of Mountain View showed San Jose's metro.
    env = {"PAYGRADE_DB": str(real_db)}
    asked = ("records", "--where", "company=google", "--where", "level=staff")
    said, as_json = run_each(asked, (*asked, "--format", "json"), env=env)
    table = said.stdout
    assert " Mountain View, CA " in table and "San Jose" not in table
    # A state alone was written bare: "CA" was California here and Canada in the survey.
    rows = json.loads(as_json.stdout)["rows"]
    alone = [r for r in rows if r["state"] and not r["city"] and not r["metro"]]
    assert alone and f" {alone[0]['state']}, US " in table


def test_compare_says_the_flagged_records_it_left_out(real_db: Path) -> None:
    # The JSON had `flagged_excluded` and the report's copy said it; the table did not.
    env = {"PAYGRADE_DB": str(real_db)}
    asked = ("compare", "--country", "US", "--role", "ml_engineer")
    as_json, said = run_each((*asked, "--format", "json"), asked, env=env)
    answer = json.loads(as_json.stdout)
    assert answer["flagged_excluded"] > 0
    table = said.stdout
    assert table.splitlines()[-1] == (
        f"left out: {answer['flagged_excluded']} flagged records (each {FLAGGED_MEANS})"
    )


def test_ctrl_c_while_publishing_says_the_data_is_kept(
    fixture_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    # Ctrl-C in the CHECKPOINT publishing makes was "internal error (RuntimeError): Query
    # interrupted", status 70, after the file's line had said it was stored.
    def interrupted(store: Store) -> None:
        raise RuntimeError("Query interrupted")  # DuckDB's words for Ctrl-C in a statement

    monkeypatch.setattr("paygrade.store.snapshot.publish", interrupted)
    db = tmp_path / "s.duckdb"
    assert main(["--db", str(db), "ingest", "csv", str(fixture_file)]) == 130
    said = capsys.readouterr().err
    assert said == (
        f"error: interrupted while publishing: what was stored is kept in {db}, and readers "
        "see it once it is published (`paygrade serve` publishes it when it starts)\n"
    )
    store = Store.open(db, read_only=True)
    try:
        assert store.scalar("SELECT count(*) FROM records") == 276
    finally:
        store.close()


def test_ctrl_c_while_publishing_lets_the_copy_be_made_first(
    fixture_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    # Ctrl-C as `remove` published left a running server counting the removed file until
    # it restarted: the copy for readers is made first, and a second Ctrl-C stops at once.
    import os
    import signal

    from paygrade.store import snapshot

    made = snapshot.publish

    def ctrl_c_then_publish(store: Store) -> Path:
        os.kill(os.getpid(), signal.SIGINT)
        return made(store)

    db = tmp_path / "s.duckdb"
    assert main(["--db", str(db), "ingest", "csv", str(fixture_file)]) == 0
    monkeypatch.setattr("paygrade.store.snapshot.publish", ctrl_c_then_publish)
    capsys.readouterr()
    assert main(["--db", str(db), "remove", "csv", fixture_file.name]) == 130
    assert capsys.readouterr().err == (
        "stopping once the copy for readers is made (Ctrl-C again stops at once)\n"
        f"error: interrupted once published: readers see {db} as it is\n"
    )
    copy = Store.open_reading(snapshot.published_path(db))
    try:
        assert copy.scalar("SELECT count(*) FROM records") == 0  # the removal, published
    finally:
        copy.close()


def test_ctrl_c_while_a_new_store_is_made_leaves_no_file(
    fixture_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    # Ctrl-C in the migrations of a first ingest was "internal error (RuntimeError): Query
    # interrupted", status 70, and the half-made store file stayed (its connection was
    # still open, so the empty file could not be read and removed).
    def interrupted(store: Store) -> None:
        raise RuntimeError("Query interrupted")

    monkeypatch.setattr(Store, "migrate", interrupted)
    db = tmp_path / "new.duckdb"
    assert main(["--db", str(db), "ingest", "csv", str(fixture_file)]) == 130
    assert capsys.readouterr().err == "error: interrupted\n"
    assert list(tmp_path.iterdir()) == []


def test_output_the_machine_cannot_take_is_74_and_a_group_alone_is_its_help(
    real_db: Path,
) -> None:
    # > /dev/full was "internal error (OSError)", status 70: the output names no file.
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_")}
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [str(PAYGRADE), "--db", str(real_db), "info"],
            stdout=full, stderr=subprocess.PIPE, text=True, env=environment, timeout=120,
            check=False,
        )  # fmt: skip
    assert done.returncode == 74, done.stderr
    assert done.stderr == "error: cannot write the output: No space left on device\n"
    # Started with standard output closed (>&-), every command answered nowhere, status 0.
    closed = subprocess.run(
        ["bash", "-c", f"'{PAYGRADE}' --db '{real_db}' info >&-"],
        stderr=subprocess.PIPE, text=True, env=environment, timeout=120, check=False,
    )  # fmt: skip
    assert (closed.returncode, closed.stderr) == (74, "error: cannot write the output: "
        "standard output is closed (send it to a file, or to /dev/null to drop it)\n")  # fmt: skip
    both = subprocess.run(
        ["bash", "-c", f"'{PAYGRADE}' --db '{real_db}' info >&- 2>&-"],
        env=environment, timeout=120, check=False,
    )  # fmt: skip
    assert both.returncode == 74
    # "paygrade submissions" alone printed its help, then "error: " and status 2.
    helped = run("submissions")
    assert (helped.returncode, helped.stderr) == (0, "") and "approve" in helped.stdout


def test_no_character_a_terminal_acts_on_is_printed_from_the_data(tmp_path: Path) -> None:
    # Hand-written fixture rows: an employer filed with colour escapes and a title with a
    # right-to-left override reached the terminal (a table's figures read reversed), as did
    # a file name holding a window-title sequence.
    red, rtl = "\x1b[31mRedCo\x1b[0m", "\u202eReversed Engineer"
    rows = "".join(f'2024,{rtl},"{red}",base,{150_000 + i}\n' for i in range(5))
    name = "esc\x1b]0;PWNED\x07red.csv"
    data = write_file(tmp_path, name, "year,title,company,pay_component,amount_usd\n" + rows)
    db = tmp_path / "store.duckdb"
    said = [ok("--db", db, "ingest", "csv", data)]
    said += ok_each(
        ("--db", db, "companies", "--where", "source=csv"),
        ("--db", db, "stats", "--by", "title", "--where", "source=csv"),
        ("--db", db, "info"),
        ("--db", db, "sources"),
    )
    for out in said:
        assert not any(c in out for c in "\x1b\x07\u202e"), out
    assert "RedCo" in said[1] and "Reversed Engineer" in said[2] and "PWNED" in said[3]


def test_the_records_table_says_how_many_flagged_records_it_left_out(real_db: Path) -> None:
    # The JSON (flagged_excluded) and the page said so; the table did not.
    asked = ("records", "--where", "role=ml_engineer", "--where", "pay_component=total",
             "--where", "country=US", "--per-page", "2")  # fmt: skip
    as_json, table, every = ok_each(
        ("--db", real_db, *asked, "--format", "json"),
        ("--db", real_db, *asked),
        ("--db", real_db, *asked, "--include-flagged"),
    )
    flagged = json.loads(as_json)["flagged_excluded"]
    assert flagged > 0
    assert f"left out: {flagged:,} flagged record" in table and "--include-flagged" in table
    assert "left out:" not in every


def test_an_argument_that_is_not_utf8_is_one_line_not_an_internal_error(real_db: Path) -> None:
    # A Latin-1 terminal's "Société": "internal error (InvalidInputException): ... cannot
    # encode str as UTF-8, surrogate '\udce9'", status 70.
    done = subprocess.run(
        [str(PAYGRADE), "--db", str(real_db), "stats", "--where", b"title=Soci\xe9t\xe9"],
        capture_output=True, timeout=120, check=False,
        env={k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_")},
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (2, b"")
    assert done.stderr == (
        b"error: 'title=Soci\\xe9t\\xe9' is not UTF-8 text (a terminal or script in another"
        b" encoding?): give it in UTF-8\n"
    )


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_a_table_prints_to_a_terminal_without_box_drawing_letters(
    real_db: Path, encoding: str
) -> None:
    # Every table stopped at the line under its header: "internal error
    # (UnicodeEncodeError): 'latin-1' codec can't encode characters", status 70.
    done = run("--db", real_db, "stats", "--by", "level", "--where", "role=ml_engineer",
               env={"PYTHONIOENCODING": encoding})  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert set(lines[3].strip()) == {"-"} and lines[4].split()[0] == "entry"


def test_a_store_in_a_folder_it_may_not_write_is_said_not_an_internal_error(
    tmp_path: Path,
) -> None:
    import shutil

    from paygrade.ingest import ingest_file

    if shutil.which("setpriv") is None or os.geteuid() != 0:
        pytest.skip("needs root and setpriv, to run the command without root's overrides")
    folder = tmp_path / "read-only"
    folder.mkdir()
    db = folder / "store.duckdb"
    # A store of one small fixture file, not a copy of the real one: both commands fail
    # at their first write, which a rebuild of every real record reached after ~4 s of
    # CPU; what they may not write is the folder, whatever the store holds.
    with closing(Store.open(db)) as store:
        assert ingest_file(store, "csv", FIXTURES / "fixture-canonical-small.csv").status == "ok"
    # Hand-written fixture row (not product data).
    one = tmp_path / "one.csv"
    one.write_text("year,title,pay_component,amount_usd\n2024,Data Scientist,base,100000\n")
    folder.chmod(0o555)
    unprivileged = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_")}
    try:
        for command in (["ingest", "csv", str(one)], ["rebuild"]):
            done = subprocess.run(
                [*unprivileged, str(PAYGRADE), "--db", str(db), *command],
                capture_output=True, text=True, env=env, timeout=300, check=False,
            )  # fmt: skip
            # It was "internal error (TransactionException): ... Cannot open file
            # ".../store.duckdb.wal": Permission denied" (and FatalException), status 70.
            assert done.returncode == 74, done.stderr
            assert done.stderr.endswith(f"error: cannot write {db}.wal: Permission denied\n")
    finally:
        folder.chmod(0o755)


# The files of the data folder ``ingest --all`` is given in the test below, whole: the
# store's file meets the limit (4,300 KB) as the first H-1B file is written to it (~4.9 MB),
# after cpi and the bundled OEWS (whose .wal, ~3.7 MB, stays under it), before the last two.
# The whole folder (10 files, 20 MB limit) wrote ~20 MB first (10 s of the run); the
# reference files' .wal alone (~10 MB) would meet a lower limit before the store's file.
SHORT_OF_ROOM_DATA = (
    "cpi-u-annual.csv",
    "h1b-data-jobs-2015-2019.csv",
    "h1b-lca-fy2013q3.csv",
    "so-survey-2023-usd.csv",
    "SOURCES.md",
)


def test_ingest_all_short_of_room_says_where_it_stopped(tmp_path: Path, data_dir: Path) -> None:
    db = tmp_path / "store.duckdb"
    data = tmp_path / "data"
    data.mkdir()
    for name in SHORT_OF_ROOM_DATA:
        (data / name).symlink_to(data_dir / name)
    done = short_of_room(4300, "--db", db, "ingest", "--all", env={"PAYGRADE_DATA_DIR": str(data)})
    # It was "cannot write .../store.duckdb: File too large" alone: the store's last
    # checkpoint (and publishing's count), refused too, had replaced the run's own error.
    assert done.returncode == 74, done.stderr
    warning, error = done.stderr.splitlines()
    assert warning.startswith(f"warning: cannot publish: cannot write {db}: File too large; ")
    assert error.startswith(f"error: cannot write {db}: File too large; ingest --all stopped ")
    assert "stored before it: cpi-u-annual.csv," in error and "; not attempted: " in error


def test_serve_on_a_port_in_use_is_one_line_before_saying_it_serves(real_db: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = run("--db", real_db, "serve", "--port", str(port), timeout=60)
    # It said "paygrade: serving ... at http://127.0.0.1:PORT/", then uvicorn's "ERROR:
    # [Errno 98] error while attempting to bind on address ...", status 3.
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (
        f"error: cannot serve at 127.0.0.1:{port}: Address already in use (set --host and "
        "--port, or PAYGRADE_HOST and PAYGRADE_PORT)\n"
    )


def test_serve_on_an_ipv6_address_says_a_url(real_db: Path) -> None:
    # "paygrade: serving ... at http://:::8646/": no URL a browser takes.
    import socket

    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
            port = probe.getsockname()[1]
    except OSError:
        pytest.skip("no IPv6 loopback here")
    with subprocess.Popen(
        [str(PAYGRADE), "--db", str(real_db), "serve", "--host", "::1", "--port", str(port)],
        stderr=subprocess.PIPE, text=True,
    ) as server:  # fmt: skip
        try:
            assert server.stderr is not None
            said = server.stderr.readline()
        finally:
            server.terminate()
    assert said == f"paygrade: serving {real_db} at http://[::1]:{port}/\n"


def test_settings_and_inputs_of_the_wrong_kind_are_said_as_such(
    real_db: Path, tmp_path: Path
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder\n")
    said = {
        # "data directory ... does not exist", of a file that does.
        "data": run("--db", tmp_path / "s.duckdb", "ingest", "--all",
                    env={"PAYGRADE_DATA_DIR": str(a_file)}),
        # "no model in FILE: run `paygrade train` first", which then failed: "File exists".
        "models": run("--db", real_db, "estimate", "--role", "ml_engineer",
                      env={"PAYGRADE_MODELS": str(a_file)}),
        # "internal error (AttributeError): 'NoneType' object has no attribute 'buffer'".
        "closed": subprocess.run(
            [str(PAYGRADE), "--db", str(real_db), "check-claims", "-"], stdin=subprocess.DEVNULL,
            capture_output=True, text=True, check=False, preexec_fn=lambda: os.close(0),
        ),
        # "cannot read : a folder, not a file": an empty name read as ".".
        "empty": run("--db", real_db, "check-claims", ""),
    }  # fmt: skip
    assert {k: (d.returncode, d.stderr) for k, d in said.items()} == {
        "data": (1, f"error: data directory {a_file} is a file, not a folder (set --data-dir "
                    "or PAYGRADE_DATA_DIR)\n"),
        "models": (1, f"error: the models folder {a_file} is a file, not a folder: set "
                      "PAYGRADE_MODELS to a folder\n"),
        "closed": (1, "error: cannot read standard input: it is closed\n"),
        "empty": (2, "error: no file given to check: give a file's name, or - for standard "
                     "input\n"),
    }  # fmt: skip
    assert not (tmp_path / "s.duckdb").exists()
    # info said "model: none in FILE (run `paygrade train`)", which then failed.
    info = run("--db", real_db, "info", env={"PAYGRADE_MODELS": str(a_file)})
    assert info.returncode == 0 and info.stdout.endswith(
        f"model: none: the models folder {a_file} is a file, not a folder (set PAYGRADE_MODELS"
        " to a folder)\n"
    ), info.stdout[-300:]


def test_a_huge_value_is_not_echoed_whole_into_its_error_line(real_db: Path) -> None:
    huge, spaced = "x" * 100_000, "machine learning engineer " * 4_000
    # Each echoed all 100,000 characters into one error line (a value with spaces too).
    asked = (["stats", "--where", f"{huge}=x"], ["compare", "--role", "ml_engineer",
             "--metro", huge], ["ladder", "--company", huge],
             ["ladder", "--company", spaced], ["compare", "--role", "ml_engineer",
             "--metro", spaced])  # fmt: skip
    for done in run_each(*[("--db", real_db, *args) for args in asked]):
        assert done.returncode in (1, 2) and done.stderr.startswith("error: ")
        assert len(done.stderr) < 1_000 and ",0" in done.stderr, done.stderr[:300]


def test_an_option_of_one_value_given_twice_is_refused(real_db: Path) -> None:
    # The last was taken and the first dropped without a word: estimate --role ml_engineer
    # --role data_analyst answered for data analysts (the API and MCP refuse a field twice).
    refused = (
        (["stats", "--by", "level", "--format", "csv", "--format=json"], "--format",
         "'csv' and 'json'"),
        (["compare", "--role", "ml_engineer", "--metro", "seattle", "--metro", "austin"],
         "--metro", "'seattle' and 'austin'"),
    )  # fmt: skip
    *said, twice, many, valued = run_each(
        *[("--db", real_db, *args) for args, _, _ in refused],
        ("--db", "/nowhere/a.duckdb", "--db", real_db, "info"),
        ("--db", real_db, "local-prices", "--metro", "seattle", "--metro", "austin"),
        ("--db", real_db, "stats", "--where", "role=ml_engineer", "--where", "level=senior"),
    )
    for (_, option, values), done in zip(refused, said, strict=True):
        assert (done.returncode, done.stdout) == (2, ""), done.stderr
        assert done.stderr == f"error: {option} given twice ({values}): give it once\n"
    # The app's own options too: --db a --db b took b.
    assert (twice.returncode, twice.stdout) == (2, "")
    assert twice.stderr.startswith("error: --db given twice ('/nowhere/a.duckdb' and ")
    # An option that takes many is taken as many; a value that reads as an option is a value.
    for taken in (many, valued):  # as ``ok`` checks them
        warned_only(taken)


def _with_stderr(args: list[str], stderr: int | None, close: bool = False) -> tuple[int, str]:
    """A run whose standard error is ``stderr`` (a pipe's write end), or closed."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_")}
    done = subprocess.run(
        [str(PAYGRADE), *args], stdout=subprocess.PIPE, stderr=stderr, text=True,
        env=environment, timeout=120, check=False,
        preexec_fn=(lambda: os.close(2)) if close else None,
    )  # fmt: skip
    return done.returncode, done.stdout


def test_a_closed_or_unread_stderr_changes_no_answer_and_no_status(real_db: Path) -> None:
    # A warning to a closed stderr (2>&-) made every command status 70, its answer lost; one
    # to a reader gone (2>&1 | head -1) was taken for stdout's reader gone: status 0 where
    # the command failed, and `train` stopped unsaved at 0.
    listing = ["--db", str(real_db), "records", "--where", "company=gogle"]
    answer = ["--db", str(real_db), "stats", "--by", "level", "--where", "company=gogle",
              "--where", "role=ml_engineer", "--format", "json"]  # fmt: skip
    read, write = os.pipe()
    os.close(read)  # the reader is gone before a word is written
    try:
        unread = [_with_stderr(listing, write), _with_stderr(answer, write)]
    finally:
        os.close(write)
    closed = [_with_stderr(listing, None, close=True), _with_stderr(answer, None, close=True)]
    for (status, _), (again, _) in zip(unread, closed, strict=True):
        assert status == again
    assert unread[0][0] == 1  # no record has company 'gogle': an error whoever reads it
    assert json.loads(unread[1][1])["groups"] == json.loads(closed[1][1])["groups"] == []


def test_mcp_with_standard_input_closed_is_said(real_db: Path) -> None:
    # "internal error (ExceptionGroup)", 70: fd 0 had become a file the server opened.
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_")}
    done = subprocess.run(
        [str(PAYGRADE), "--db", str(real_db), "mcp"], capture_output=True, text=True,
        env=environment, timeout=60, check=False, preexec_fn=lambda: os.close(0),
    )  # fmt: skip
    assert_one_error_line(done, 1, "cannot serve MCP: standard input is closed")


PIPELINE_MISTAKES = [
    (("ingest", "cpu"), 1, "unknown source 'cpu' (did you mean cpi?)"),
    (("export", "--out", "-"), 2, "--out - is not standard output here"),
    (("ingest", "csv", "-"), 1, "ingest reads no standard input (-)"),
    (("stats", "--by", ""), 2, "empty field in --by ''"),
    (("stats", "--by", "level,"), 2, "empty field in --by 'level,'"),
]


@pytest.mark.parametrize(("args", "status", "starts"), PIPELINE_MISTAKES)
def test_pipeline_mistakes_are_said(
    real_db: Path,
    tmp_path_factory: pytest.TempPathFactory,
    args: tuple[str, ...],
    status: int,
    starts: str,
) -> None:
    # "give a SOURCE and a FILE" (no suggestion); a folder named "-"; "/cwd/-: no such
    # file"; a blank --by answered all records, status 0. Every case asked of one process
    # (``answered_among``), standing in one folder: none may make anything in it.
    folder = tmp_path_factory.getbasetemp() / "pipeline-mistakes"
    folder.mkdir(exist_ok=True)
    every = [("--db", real_db, *each) for each, _, _ in PIPELINE_MISTAKES]
    done = answered_among(("--db", real_db, *args), every, cwd=folder)
    assert_one_error_line(done, status, starts)
    assert list(folder.iterdir()) == []


def test_a_file_given_as_a_process_pipe_is_said_to_be_a_pipe(real_db: Path) -> None:
    # `ingest csv <(cat f)` was "/proc/N/fd/pipe:[M]: no such file".
    read, write = os.pipe()
    os.write(write, b"year,title,pay_component,amount_usd\n")
    os.close(write)
    try:
        done = subprocess.run(
            [str(PAYGRADE), "--db", str(real_db), "ingest", "csv", f"/dev/fd/{read}"],
            capture_output=True, text=True, timeout=60, check=False, pass_fds=(read,),
        )  # fmt: skip
    finally:
        os.close(read)
    assert_one_error_line(
        done, 1, f"/dev/fd/{read}: not a regular file (a pipe or a device): save it as a file"
    )


def test_claims_sentences_are_not_folded_when_piped(real_db: Path, tmp_path: Path) -> None:
    # Piped, each explanation was folded at 160 characters, a line of "USD per EUR, 2025."
    article = tmp_path / "article.txt"
    article.write_text("ML engineers earned 30% more in 2024 than in 2022.\n")
    done = run("--db", real_db, "check-claims", article)
    (said,) = [line for line in done.stdout.splitlines() if line.startswith("+30% vs ")]
    assert said.endswith("(±2 points).") and len(said) > 300


@pytest.mark.parametrize("args", [["info"], ["export", "--out", "out"]])
def test_a_deleted_current_folder_is_one_line(
    real_db: Path, tmp_path: Path, args: list[str]
) -> None:
    # "internal error (FileNotFoundError): [Errno 2] No such file or directory", 70: a
    # relative path read from a folder deleted under the shell.
    gone = tmp_path / "gone"
    gone.mkdir()
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_")}
    script = f'cd "{gone}" && rmdir "{gone}" && exec "$@"'
    done = subprocess.run(
        ["bash", "-c", script, "bash", str(PAYGRADE), "--db", str(real_db), *args],
        capture_output=True, text=True, env=environment, timeout=120, check=False,
    )  # fmt: skip
    assert_one_error_line(done, 1, "the current folder no longer exists: cd to another")


def test_a_csv_is_utf8_whatever_the_locales_encoding(real_db: Path) -> None:
    # In a Latin-1 locale "Architect – Product Development" was written "Architect -
    # Product Development" (and "•" as "?"): a listing that re-imported as other titles.
    environment = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    args = [str(PAYGRADE), "--db", str(real_db), "records", "--where", "company=issquared"]
    done = subprocess.run([*args, "--format", "csv"], capture_output=True, env=environment,
                          timeout=120, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Architect \u2013 Product Development" in done.stdout.decode("utf-8")
    table = subprocess.run(args, capture_output=True, env=environment, timeout=120, check=False)
    table.stdout.decode("latin-1")  # a table stays in the terminal's encoding
    assert b"\xe2\x80\x93" not in table.stdout
