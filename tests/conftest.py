"""Shared fixtures: a fresh store file per test, and one store holding all the real data.

Hand-written fixture files live in tests/fixtures/ and are named ``fixture-*``:
they are test inputs, never product data.
"""

from __future__ import annotations

import json
import os
import resource
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pytest
from filelock import FileLock

from paygrade.ingest import ingest_all
from paygrade.store import Store
from paygrade.store.snapshot import publish_file, published_path

if TYPE_CHECKING:
    from tests.web.conftest import Server

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# The JVMs Spark starts in the tests (pyspark's local mode here, each `paygrade --engine
# spark` process's, a Spark Connect server's, and spark-submit's launcher before each)
# compile with the client compiler alone and collect garbage on one thread. A test's JVM
# lives seconds over a few thousand rows: the server compiler's optimizing (and its
# threads) spent 40% of Spark's CPU (56 s to 32 s, a session and four `stats`) and paid
# back nothing. JVM flags only: every answer is Spark's own, and a flag set on the machine
# is left as it is.
_TEST_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
for _variable in ("SPARK_SUBMIT_OPTS", "SPARK_LAUNCHER_OPTS"):
    os.environ.setdefault(_variable, _TEST_JVM)


def real_data_dir() -> Path:
    """The mirrored real data (env PAYGRADE_DATA_DIR, default ../shared/data beside the repo)."""
    configured = os.environ.get("PAYGRADE_DATA_DIR")
    return Path(configured) if configured else ROOT.parent / "shared" / "data"


def write_file(tmp_path: Path, name: str, data: str | bytes) -> Path:
    """Write a test input exactly as given (text as UTF-8, no newline translation)."""
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8", newline="")
    else:
        path.write_bytes(data)
    return path


# Runs the CLI's entry point once per argument list of each list read from stdin (one
# JSON list of lists a line), each call's output caught apart, and writes each line's
# statuses, stdouts and stderrs back as one line of JSON on the stdout it started with.
# A call given as {"args": [...], "columns": "40"} runs with COLUMNS set to that width
# (``ok_each_at_widths``): the CLI reads the terminal's width at each call.
_CLI_LINES = """\
import contextlib, io, json, os, sys
from paygrade.cli import main
channel = sys.stdout
for line in sys.stdin:
    answers = []
    for args in json.loads(line):
        if isinstance(args, dict):
            os.environ.pop("COLUMNS", None)
            if args["columns"] is not None:
                os.environ["COLUMNS"] = args["columns"]
            args = args["args"]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(args)
            except SystemExit as exc:  # as the interpreter turns it into a status
                status = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        answers.append([status, out.getvalue(), err.getvalue()])
    channel.write(json.dumps(answers) + "\\n")
    channel.flush()
"""


def _cli_environment(env: dict[str, str] | None) -> dict[str, str]:
    """``tests.test_cli.run``'s environment: no PAYGRADE_ setting or COLUMNS but ``env``'s."""
    kept = {k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_") and k != "COLUMNS"}
    return {**kept, **(env or {})}


def _asked(calls: Sequence[Sequence[object]]) -> list[list[str]]:
    return [[str(arg) for arg in call] for call in calls]


def _answered(asked: list[list[str]], line: str) -> list[subprocess.CompletedProcess[str]]:
    """One line of ``_CLI_LINES``'s answers, as the processes ``paygrade ARGS`` would be."""
    answers = json.loads(line)
    assert len(answers) == len(asked)
    paygrade = str(Path(sys.executable).parent / "paygrade")
    return [
        subprocess.CompletedProcess([paygrade, *args], status, out, err)
        for args, (status, out, err) in zip(asked, answers, strict=True)
    ]


def run_each(
    *calls: Sequence[object], env: dict[str, str] | None = None, cwd: Path | None = None
) -> list[subprocess.CompletedProcess[str]]:
    """What ``paygrade ARGS`` answers for each of ``calls``, in order, from ONE process that
    calls the CLI's entry point (``paygrade.cli.main``) once per call: a process per
    command (~2 s of Python and scikit-learn loading) made the estimate, MCP and web tests
    the slowest of the suite. For commands a test asks one after another, where no test is
    about their being separate processes (``tests.test_cli.run`` starts one per command).
    The environment is ``run``'s: no PAYGRADE_ setting or COLUMNS but ``env``'s; ``cwd``,
    the folder the process stands in (``run``'s)."""
    return run_each_in_one(*calls, env=env, cwd=cwd)[0]


def run_each_in_one(
    *calls: Sequence[object],
    env: dict[str, str] | None = None,
    timeout: float | None = None,
    cwd: Path | None = None,
) -> tuple[list[subprocess.CompletedProcess[str]], str]:
    """``run_each``'s answers, and all that the process wrote to its stderr besides theirs
    (what a JVM it started writes there itself, say). ``timeout``: the whole process's."""
    asked = _asked(calls)
    return _lines_answered(asked, asked, env, timeout, cwd)


def _lines_answered(
    sent: Sequence[object],
    asked: list[list[str]],
    env: dict[str, str] | None = None,
    timeout: float | None = None,
    cwd: Path | None = None,
) -> tuple[list[subprocess.CompletedProcess[str]], str]:
    """``_CLI_LINES`` run once on ``sent``: ``asked``, each call maybe given with a width."""
    done = subprocess.run(
        [sys.executable, "-c", _CLI_LINES],
        input=json.dumps(sent) + "\n",
        capture_output=True,
        text=True,
        env=_cli_environment(env),
        timeout=timeout or 120 + 30 * len(asked),
        check=False,
        cwd=cwd,
    )
    assert done.returncode == 0, done.stderr
    return _answered(asked, done.stdout), done.stderr


class CliCalls:
    """``run_each`` / ``ok_each`` answered by ONE process kept for a module's tests (the
    calls of each ``run_each`` asked in turn, each caught apart as there): a process per
    test spent ~1.5 s of CPU importing paygrade, pandas and scikit-learn again before its
    first call. For reading commands whose tests are not about their being separate
    processes; the environment is ``run_each``'s, given once."""

    def __init__(self, env: dict[str, str] | None = None) -> None:
        # Closed by ``close``: the process writes to it for as long as it runs.
        self.errors = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, "-c", _CLI_LINES],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.errors,
            text=True,
            env=_cli_environment(env),
        )

    def run_each(self, *calls: Sequence[object]) -> list[subprocess.CompletedProcess[str]]:
        """``run_each(*calls)``'s answers, from the kept process."""
        asked = _asked(calls)
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps(asked) + "\n")
        self.process.stdin.flush()
        ready, _, _ = select.select([self.process.stdout], [], [], 120 + 30 * len(asked))
        line = self.process.stdout.readline() if ready else ""
        if not line:
            self.errors.seek(0)
            raise AssertionError(f"no answer from the CLI process: {self.errors.read()}")
        return _answered(asked, line)

    def ok_each(self, *calls: Sequence[object]) -> list[str]:
        """``ok_each(*calls)``'s standard outputs, from the kept process."""
        done = self.run_each(*calls)
        for call in done:
            assert (call.returncode, call.stderr) == (0, ""), (call.args, call.stderr)
        return [call.stdout for call in done]

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:  # still in a call that timed out
            self.process.kill()
            self.process.wait()
        assert self.process.stdout is not None
        self.process.stdout.close()
        self.errors.close()


@contextmanager
def cli_calls(env: dict[str, str] | None = None) -> Iterator[CliCalls]:
    """A ``CliCalls`` process, ended on the way out."""
    calls = CliCalls(env)
    try:
        yield calls
    finally:
        calls.close()


def ok_each_at_widths(
    calls: Sequence[tuple[str | None, Sequence[object]]],
) -> list[str]:
    """``ok_each``'s standard outputs of ``(width, call)`` pairs, each call run with
    COLUMNS set to its width (none: unset), all from ONE process: a table drawn at several
    widths had a process per width (~1.5 s of CPU each loading paygrade again)."""
    asked = _asked([call for _, call in calls])
    sent = [{"args": args, "columns": width} for (width, _), args in zip(calls, asked, strict=True)]
    answered, _ = _lines_answered(sent, asked)
    for call in answered:
        assert (call.returncode, call.stderr) == (0, ""), (call.args, call.stderr)
    return [call.stdout for call in answered]


def ok_each(*calls: Sequence[object], env: dict[str, str] | None = None) -> list[str]:
    """``run_each``'s standard outputs, each call having succeeded without a word on stderr
    (as ``tests.test_cli.ok`` asserts of one process)."""
    done = run_each(*calls, env=env)
    for call in done:
        assert (call.returncode, call.stderr) == (0, ""), (call.args, call.stderr)
    return [call.stdout for call in done]


@contextmanager
def opened_copy(db: Path, tmp_path: Path) -> Iterator[Store]:
    """A writable copy of a store built once per module, so tests cannot see each other."""
    copy = tmp_path / f"copy-{db.name}"
    shutil.copyfile(db, copy)
    opened = Store.open(copy)
    yield opened
    opened.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """An empty, migrated store in a real DuckDB file."""
    opened = Store.open(tmp_path / "test.duckdb")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def data_dir() -> Path:
    path = real_data_dir()
    if not (path / "SOURCES.md").is_file():
        pytest.fail(f"the real data directory {path} is missing (set PAYGRADE_DATA_DIR)")
    return path


def built_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]
) -> Path:
    """A folder ``name`` that ``build`` fills once per test run, whichever pytest-xdist
    worker asks first; the others wait for it and read it (each worker built the real store
    and trained a model of its own: ~45 s of the run). Only what no test writes to."""
    base = tmp_path_factory.getbasetemp()
    # A worker's base is popen-gwN inside the run's own folder, which all workers share.
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = root / name
    with FileLock(f"{folder}.lock"):
        done = folder / ".built"
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def real_db(tmp_path_factory: pytest.TempPathFactory, data_dir: Path) -> Iterator[Path]:
    """A store file with every real data set ingested once per test run.

    Tests open it read-only (``Store.open(real_db, read_only=True)``, the CLI's
    reading commands) so that none can change what the others see; a test that
    writes works on a copy (``opened_copy``, ``copy_of``).
    """

    def build(folder: Path) -> None:
        built = Store.open(folder / "real.duckdb")
        ingest_all(built, data_dir)
        built.close()

    path = built_once(tmp_path_factory, "real", build) / "real.duckdb"
    # Each worker holds it open read-only while it runs: a command that opens it for
    # writing then fails in its own test, every time ("busy"). It had raced the other
    # workers' readers instead, and failed one of theirs now and then (CI: StoreBusy).
    held = duckdb.connect(str(path), read_only=True)
    yield path
    held.close()


@pytest.fixture(scope="session")
def real_export(real_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real store exported (``paygrade.parquet.export``) once per test run, whichever
    worker asks first: tests/test_engines.py and tests/test_spark_connect_fixes8.py each
    exported all 220,000 records (3-5 s) to the same files. Only read, never written to."""
    from paygrade.parquet import export

    def build(folder: Path) -> None:
        with closing(Store.open(real_db, read_only=True)) as opened:
            export(opened, folder / "records")

    return built_once(tmp_path_factory, "real-export", build) / "records"


@pytest.fixture(scope="session")
def spark_session(real_db: Path) -> Iterator[Any]:
    """One Spark session (pyspark local mode: a JVM) per test process, for the tests that
    ask Spark through the library. Each module had started a JVM of its own (7-12 s
    each: tests/test_parquet_fixes8.py's beside tests/test_engines.py's). The CLI's own
    Spark starts are tested in processes of their own (``tests.test_engines.spark_cli``).
    Each worker that runs a test asking for it still starts one (``--dist loadfile``: a
    file's tests on one worker), so the tests that ask are in tests/test_engines.py: one
    Spark test in a file of its own had cost its worker a JVM (~7 s of CPU) alone."""
    pytest.importorskip("pyspark")
    from paygrade.config import Settings
    from paygrade.engines import spark

    session = spark.session(Settings(db=real_db, spark_master="local[2]", spark_timeout=300))
    yield session
    session.stop()


@pytest.fixture
def real_store(real_db: Path) -> Iterator[Store]:
    opened = Store.open(real_db, read_only=True)
    yield opened
    opened.close()


def older_store(db: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    """A store written by a paygrade that had every migration but the newest; its number."""
    import paygrade.store.db

    every = paygrade.store.db._migrations()
    newest = every[-1][0]
    with monkeypatch.context() as patched:
        patched.setattr(paygrade.store.db, "_migrations", lambda: every[:-1])
        Store.open(db).close()
    return newest


def copy_of(db: Path, folder: Path) -> Path:
    """A published copy of a store in ``folder``: a server of its own may write to it."""
    copy = folder / "web.duckdb"
    shutil.copyfile(db, copy)
    publish_file(copy)
    return copy


def damaged_copy(db: Path, folder: Path) -> Path:
    """A copy of ``db`` cut to half its size, as a failed copy or a failing disk leaves one:
    DuckDB opens it, and the first query that reads a lost block fails."""
    copy = folder / "damaged.duckdb"
    with db.open("rb") as whole, copy.open("wb") as half:
        half.write(whole.read(db.stat().st_size // 2))
    return copy


def served_damaged(db: Path, folder: Path) -> Server:
    """A real server on a copy of ``db`` whose copy for readers is then cut to half its
    size (``damaged_copy``), as a failing disk does to a file it holds: `serve` refuses a
    store it finds damaged at its start, so the damage comes after."""
    from tests.web.conftest import Server

    served = copy_of(db, folder)
    server = Server(served)
    published_damaged(served, folder)
    return server


def published_damaged(served: Path, folder: Path) -> None:
    """The copy for readers of ``served`` (in ``folder``) replaced by one cut to half its size
    (``damaged_copy``), as a failing disk does to a file a running server holds: the server
    opens it as the newest copy."""
    link = published_path(served)
    cut = link.with_name(f"{served.stem}.published-{time.time_ns()}{link.suffix}")
    damaged = damaged_copy(served, folder)
    damaged.rename(cut)
    os.symlink(cut.name, folder / ".damaged-link")
    os.replace(folder / ".damaged-link", link)


@pytest.fixture(scope="session")
def web_db(real_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real store, published, that web tests may serve (and write to)."""
    return copy_of(real_db, tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def app(web_db: Path) -> Iterator[Any]:
    """The web app over ``web_db``, in process (Starlette's TestClient), one per module;
    a server error is answered as a user would see it (500), not raised."""
    from fastapi.testclient import TestClient

    from paygrade.config import Settings
    from paygrade.web import create_app

    with TestClient(create_app(Settings(db=web_db)), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture(scope="session")
def web_models(web_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A quick (20-tree) model of the real store, in a folder of its own, trained once per
    test run: servers, apps and MCP sessions that should answer estimates read it (through
    ``PAYGRADE_MODELS`` / ``models``, or a copy beside their store)."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_")}
    paygrade = Path(sys.executable).parent / "paygrade"

    def train(folder: Path) -> None:
        # Every worker's web_db is a copy of the one real store: one data version, one model.
        done = subprocess.run(
            [str(paygrade), "--db", str(web_db), "train", "--trees", "20"],
            env={**environment, "PAYGRADE_MODELS": str(folder)},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr

    return built_once(tmp_path_factory, "models", train)


def files_limited_to(size: int) -> Callable[[], None]:
    """A ``preexec_fn`` after which no file of the child may grow past ``size`` bytes: a
    write past it fails as one on a full disk does (EFBIG here, ENOSPC there; Python
    ignores SIGXFSZ)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


@pytest.fixture(autouse=True)
def ctrl_c_as_in_a_terminal() -> Iterator[None]:
    """SIGINT raises KeyboardInterrupt in each test, and the commands a test starts take it
    as a foreground command does. A shell starts a background job (``pytest ... &`` without
    job control) with SIGINT ignored, and Python keeps it so and passes it on: the Ctrl-C
    tests' own SIGINT and the one they send a child did nothing (the child ran on to its
    end). A handler, unlike an ignored signal, goes back to the default when a child
    starts; the test session's own setting is back after each test."""
    if signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
        yield
        return
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Debian chromium (Playwright, no browser download), one per test module;
    tests/e2e has its own, which watches every page it opens."""
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("no chromium on PATH: run `bash scripts/setup.sh --browser` (as root)")
    with sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def immutable(tmp_path: Path) -> Iterator[Path]:
    """A folder made immutable (``chattr +i``): not even root may make anything in it (a
    test skips where it cannot be made so)."""
    folder = tmp_path / "rodir"
    folder.mkdir()
    freeze(folder)
    yield folder
    subprocess.run(["chattr", "-i", str(folder)], check=True)


@pytest.fixture
def frozen(tmp_path: Path) -> Iterator[Path]:
    """A folder to put files in, then make immutable with ``freeze`` (the store may then be
    read, nothing made beside it); made writable again after the test."""
    folder = tmp_path / "frozen"
    folder.mkdir()
    yield folder
    subprocess.run(["chattr", "-i", str(folder)], check=False)


def freeze(folder: Path) -> None:
    """Make ``folder`` immutable (``chattr +i``), or skip the test where it cannot be so."""
    made = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False)
    if made.returncode != 0 or can_write_in(folder):
        pytest.skip(f"cannot make an unwritable folder here: {made.stderr!r}")


def can_write_in(folder: Path) -> bool:
    """Whether a folder may be made in ``folder`` (root passes ``os.access`` everywhere)."""
    try:
        (folder / "probe").mkdir()
    except OSError:
        return False
    (folder / "probe").rmdir()
    return True
