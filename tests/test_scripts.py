"""The quick start's scripts, in a scratch copy of the repository with a stand-in
virtualenv (no network, no real install): what setup does when pip fails, and how the
main job stops."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# A stand-in .venv/bin/python: pip's upgrade works, installing paygrade fails as pip does
# (its error, status 1), and an older install still imports.
FAILING_PIP = """#!/usr/bin/env bash
if [ "$1 $2" = "-m pip" ]; then
  case " $* " in
    *" -e "*) echo "ERROR: No matching distribution found for fixture-package" >&2; exit 1 ;;
  esac
  exit 0
fi
exit 0
"""


def test_setup_fails_and_stamps_nothing_when_pip_fails(tmp_path: Path) -> None:
    # pip's status was lost through a filter: setup said nothing, exited 0 and stamped the
    # install, so the next run skipped pip and the new requirement never came.
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "setup.sh", tmp_path / "scripts" / "setup.sh")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'fixture'\n")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(FAILING_PIP)
    python.chmod(0o755)
    done = subprocess.run(
        ["bash", str(tmp_path / "scripts" / "setup.sh")],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "No matching distribution" in done.stderr
    assert "installing paygrade's packages failed" in done.stderr
    assert not (tmp_path / ".venv" / ".paygrade-installed").exists()


# A stand-in .venv/bin/paygrade: `serve` and `train` note their process id and wait (as the
# web app and a training do), `info` names a models folder, anything else succeeds.
STAND_IN_PAYGRADE = """#!/usr/bin/env bash
case "$1" in
  serve|train) echo $$ > "$MARKS/$1.pid"; exec sleep 600 ;;
  info) echo '{"model": {"folder": "'"$MARKS"'/models"}}' ;;
esac
exit 0
"""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"


def _copied_quick_start(tmp_path: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """scripts/start.sh in a scratch copy, set up with stand-ins, started (in its own
    process group) with ``env`` added; the stand-ins write their pids to ``tmp_path/marks``."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "start.sh", tmp_path / "scripts" / "start.sh")
    (tmp_path / "scripts" / "setup.sh").write_text("exit 0\n")
    bin_ = tmp_path / ".venv" / "bin"
    bin_.mkdir(parents=True)
    (bin_ / "paygrade").write_text(STAND_IN_PAYGRADE)
    (bin_ / "paygrade").chmod(0o755)
    (bin_ / "python").symlink_to(sys.executable)
    marks = tmp_path / "marks"
    marks.mkdir()
    return subprocess.Popen(
        ["bash", str(tmp_path / "scripts" / "start.sh")],
        env={**os.environ, "MARKS": str(marks), **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )


def _started_quick_start(tmp_path: Path) -> tuple[subprocess.Popen[bytes], int, int]:
    """scripts/start.sh as above; its process and the stand-in web app's and training's
    process ids, once both run."""
    script, marks = _copied_quick_start(tmp_path, {}), tmp_path / "marks"
    deadline = time.monotonic() + 30
    while not all((marks / f"{name}.pid").is_file() for name in ("serve", "train")):
        assert time.monotonic() < deadline and script.poll() is None
        time.sleep(0.05)
    time.sleep(0.2)  # the pids are written; the traps are set before serve starts
    pids = [int((marks / f"{name}.pid").read_text()) for name in ("serve", "train")]
    return script, pids[0], pids[1]


@pytest.mark.parametrize("how", ["sigterm-to-the-script", "ctrl-c-to-the-group"])
def test_stopping_the_quick_start_stops_the_web_app_and_the_training(
    tmp_path: Path, how: str
) -> None:
    # SIGTERM to the script alone (a service manager, `kill PID`) stopped the training, but
    # the web app went on without it, holding its port.
    script, serve, train = _started_quick_start(tmp_path)
    try:
        if how == "sigterm-to-the-script":
            script.send_signal(signal.SIGTERM)
        else:
            os.killpg(script.pid, signal.SIGINT)
        status = script.wait(timeout=10)
        deadline = time.monotonic() + 5
        while (_alive(serve) or _alive(train)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(serve) and not _alive(train)
        assert status == (143 if how == "sigterm-to-the-script" else 130)
    finally:
        for pid in (serve, train):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _group_alive(group: int) -> list[int]:
    """The processes of process group ``group`` still running (not zombies)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):  # ended meanwhile
            state, _, pgrp = stat.read_text().rpartition(")")[2].split()[:3]
            if int(pgrp) == group and state != "Z":
                alive.append(int(stat.parent.name))
    return alive


# Bash reads BASH_ENV first: a DEBUG trap, run before each command, sends the script
# SIGTERM just before `serve_pid=$!`, once the web app has started: the signal lands in
# the window every time.
SIGNAL_BEFORE_SERVE_PID = """trap '[ "$BASH_COMMAND" != "serve_pid=\\$!" ] || kill -TERM $$' DEBUG
"""


def test_a_signal_just_after_the_web_app_starts_stops_it_too(tmp_path: Path) -> None:
    # The stop read serve_pid before `serve_pid=$!` had set it: empty, so the web app was
    # not sent SIGTERM and went on after the script had ended.
    (tmp_path / "signal.sh").write_text(SIGNAL_BEFORE_SERVE_PID)
    script = _copied_quick_start(tmp_path, {"BASH_ENV": str(tmp_path / "signal.sh")})
    try:
        assert script.wait(timeout=30) == 143
        deadline = time.monotonic() + 5
        while _group_alive(script.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _group_alive(script.pid) == []
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(script.pid, signal.SIGKILL)


# Stand-ins for the test command's tools. mypy waits (up to 10 s) for the tests to have
# started before it answers: run before them, as it once was, it fails "ran alone".
STAND_IN_MYPY = """#!/usr/bin/env bash
for _ in $(seq 100); do [ -f "$MARKS/tests-started" ] && break; sleep 0.1; done
[ -f "$MARKS/tests-started" ] || { echo "mypy ran alone, before the tests"; exit 3; }
[ "$MYPY_SAYS" = ok ] && { echo "Success: no issues found"; exit 0; }
echo "src/x.py:1: error: $MYPY_SAYS"; exit 1
"""
STAND_IN_PYTEST = """#!/usr/bin/env bash
touch "$MARKS/tests-started"
echo "pytest $*"
sleep 0.3
exit "$TESTS_STATUS"
"""


def _run_test_command(
    tmp_path: Path, mypy_says: str, tests_status: int
) -> subprocess.CompletedProcess[str]:
    """scripts/test.sh in a scratch copy with stand-in tools, given ``-k fixture``."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "test.sh", tmp_path / "scripts" / "test.sh")
    (tmp_path / "scripts" / "setup.sh").write_text("exit 0\n")
    bin_ = tmp_path / ".venv" / "bin"
    bin_.mkdir(parents=True)
    tools = {"ruff": "exit 0\n", "mypy": STAND_IN_MYPY, "pytest": STAND_IN_PYTEST}
    for name, text in tools.items():
        (bin_ / name).write_text(text if text.startswith("#!") else f"#!/usr/bin/env bash\n{text}")
        (bin_ / name).chmod(0o755)
    (tmp_path / "marks").mkdir()
    env = {
        "MARKS": str(tmp_path / "marks"),
        "MYPY_SAYS": mypy_says,
        "TESTS_STATUS": str(tests_status),
    }
    return subprocess.run(
        ["bash", str(tmp_path / "scripts" / "test.sh"), "-k", "fixture"],
        env={**os.environ, **env}, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("mypy_says", "tests_status", "status"),
    [("ok", 0, 0), ("bad type", 0, 1), ("ok", 1, 1), ("bad type", 2, 2)],
    ids=["both-pass", "types-fail", "tests-fail", "both-fail-tests-status"],
)
def test_the_test_command_checks_types_beside_the_tests_and_fails_if_either_fails(
    tmp_path: Path, mypy_says: str, tests_status: int, status: int
) -> None:
    done = _run_test_command(tmp_path, mypy_says, tests_status)
    assert done.returncode == status, (done.stdout, done.stderr)
    assert "pytest -n 2 --dist loadfile -k fixture" in done.stdout
    assert "ran alone" not in done.stdout
    # mypy's words come after the tests', whole, and its failure is said.
    said = "error: bad type" if mypy_says != "ok" else "Success: no issues found"
    assert done.stdout.index(said) > done.stdout.index("pytest -n 2")
    assert ("mypy found type errors" in done.stderr) == (mypy_says != "ok")
