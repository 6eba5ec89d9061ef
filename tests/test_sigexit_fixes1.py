"""Ctrl-C ends `python -m paygrade` with status 130 and one line, wherever it comes.

A Ctrl-C while the CLI loaded could land inside code Python runs from a string (each
dataclass's methods are made so): ``console.main`` said "error: interrupted" and returned
130, but the interpreter had marked the Ctrl-C unhandled as it left that code, and
``python -m`` then ended the process by SIGINT itself (status -2 to its parent).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.test_cli import started

# `python -m` of this module (as `python -m paygrade`): the CLI loads, and the first code it
# runs from a string once DuckDB is loaded (a dataclass's methods, made by ``exec``) writes
# HELD_MARKER, then sleeps inside that code until a signal ends the sleep.
_HELD_IN_CODE_FROM_A_STRING = """
import builtins, os, sys
import duckdb  # loaded first: Ctrl-C is held while it loads (the test below)
from paygrade.console import main
marker = os.environ["HELD_MARKER"]
held = f"__import__('pathlib').Path({marker!r}).write_text('held'); __import__('time').sleep(60)\\n"
real_exec = builtins.exec
def holding(source, *args, **kwargs):
    if isinstance(source, str) and not os.path.exists(marker):
        source = held + source
    return real_exec(source, *args, **kwargs)
builtins.exec = holding
sys.exit(main())
"""


def held_in(folder: Path, module: str, source: str, *args: str) -> subprocess.Popen[str]:
    """`python -m module` (``source``, as `python -m paygrade`) with ``args``, once it has
    written HELD_MARKER where its source holds it."""
    (folder / f"{module}.py").write_text(source)
    marker = folder / "held"
    path = os.pathsep.join(p for p in (str(folder), os.environ.get("PYTHONPATH", "")) if p)
    process = started(
        *args,
        env={"HELD_MARKER": str(marker), "PYTHONPATH": path},
        program=[sys.executable, "-m", module],
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"never held: {process.communicate()!r}")
        time.sleep(0.01)
    return process


def interrupted_where_held(folder: Path, module: str, source: str) -> tuple[int, str, str]:
    """The status, stderr and stdout of `paygrade --version` run by ``held_in``, sent
    SIGINT once held."""
    process = held_in(folder, module, source, "--version")
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    return process.returncode, err, out


def test_ctrl_c_in_code_run_from_a_string_as_the_cli_loads_is_130_and_one_line(
    tmp_path: Path,
) -> None:
    said = interrupted_where_held(tmp_path, "held_as_it_loads", _HELD_IN_CODE_FROM_A_STRING)
    assert said == (130, "error: interrupted\n", "")


# `python -m` of this module (as `python -m paygrade`): the command runs to its end, then, as
# Python shuts down (the module's globals let go of, after Python gave SIGINT back to the
# system), HELD_MARKER is written and the shutdown is held two seconds.
_HELD_AS_PYTHON_SHUTS_DOWN = """
import os, pathlib, sys, time
from paygrade.console import main
class HeldAtShutdown:
    def __init__(self):
        self.marker, self.sleep = pathlib.Path(os.environ["HELD_MARKER"]), time.sleep
    def __del__(self):
        self.marker.write_text("held")
        self.sleep(2)
held = HeldAtShutdown()
sys.exit(main())
"""


def test_ctrl_c_once_the_command_has_ended_leaves_its_status_and_says_nothing(
    tmp_path: Path,
) -> None:
    status, err, out = interrupted_where_held(
        tmp_path, "held_at_shutdown", _HELD_AS_PYTHON_SHUTS_DOWN
    )
    assert (status, err) == (0, "")
    assert out.startswith("paygrade ")


# `python -m` of this module (as `python -m paygrade`): the CLI loads, and the first enum DuckDB's
# extension makes as it is imported (by calling Python's ``enum``) writes HELD_MARKER, then
# sleeps 3 s inside that call (a Ctrl-C held is heard as the import ends; one not held
# raises KeyboardInterrupt inside the call).
_HELD_AS_DUCKDB_MAKES_AN_ENUM = """
import enum, os, pathlib, sys, time
from paygrade.console import main
marker = pathlib.Path(os.environ["HELD_MARKER"])
create = enum.EnumType._create_
def holding(cls, *args, **kwargs):
    if "duckdb" in sys.modules and not marker.exists():
        marker.write_text("held")
        time.sleep(3)
    return create(cls, *args, **kwargs)
enum.EnumType._create_ = holding
sys.exit(main())
"""


def test_ctrl_c_as_duckdb_is_imported_is_130_and_one_line(tmp_path: Path) -> None:
    status, err, out = interrupted_where_held(
        tmp_path, "held_in_duckdb", _HELD_AS_DUCKDB_MAKES_AN_ENUM
    )
    assert (status, err, out) == (130, "error: interrupted\n", "")


# `python -m` of this module (as `python -m paygrade`): the command runs to its end, then one of
# Python's exit handlers (as a library registers one) writes HELD_MARKER and sleeps two seconds.
_HELD_IN_AN_EXIT_HANDLER = """
import atexit, os, pathlib, sys, time
from paygrade.console import main
marker = pathlib.Path(os.environ["HELD_MARKER"])
def held():
    marker.write_text("held")
    time.sleep(2)
atexit.register(held)
sys.exit(main())
"""


def test_ctrl_c_in_an_exit_handler_once_the_command_has_ended_prints_no_traceback(
    tmp_path: Path,
) -> None:
    status, err, out = interrupted_where_held(tmp_path, "held_at_exit", _HELD_IN_AN_EXIT_HANDLER)
    assert (status, err) == (0, "")
    assert out.startswith("paygrade ")
