"""Ctrl-C in a DuckDB query: the query interrupted, not a Python exception raised inside it.

Python's own SIGINT handler raises KeyboardInterrupt where the main thread stands; inside a
DuckDB call that is DuckDB's check of signals, and DuckDB 2.0.1 then cleans up a parallel
query (``Executor::CancelTasks``) without having told its threads to stop, and waited on
them: for ever in 5 of 15 `paygrade rebuild`s stopped in such a query (only SIGKILL ended
them), 6-8 s in a join when it did not hang. Interrupted first (``con.interrupt()``, as a
thread that stops another's query does), the query ends in a tenth of a second.
So every connection paygrade opens is kept here (``kept``), and the SIGINT handler
(``ctrl_c``) interrupts their queries before it raises KeyboardInterrupt as Python's does.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import weakref
from types import FrameType
from typing import NoReturn

import duckdb

# Each connection and cursor paygrade opened and has not let go of.
_OPEN: weakref.WeakSet[duckdb.DuckDBPyConnection] = weakref.WeakSet()


def kept(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """``con``, whose query Ctrl-C interrupts from now on (``ctrl_c``, made the SIGINT
    handler in place of Python's own when this is the main thread).

    Example:
        >>> con = kept(duckdb.connect())
        >>> con in _OPEN
        True
    """
    _OPEN.add(con)
    if (
        threading.current_thread() is threading.main_thread()
        and signal.getsignal(signal.SIGINT) is signal.default_int_handler
    ):  # any other handler is someone's choice (ignored, held, a server's): left so
        signal.signal(signal.SIGINT, ctrl_c)
    return con


def stop_queries() -> None:
    """Interrupt the query each open connection runs. One that runs none is not hurt: its
    next query clears the mark (a rollback after Ctrl-C runs).

    Example:
        >>> con = kept(duckdb.connect())
        >>> stop_queries()
        >>> con.execute("SELECT 42").fetchall()
        [(42,)]
    """
    for con in _open_now():
        with contextlib.suppress(duckdb.Error):  # closed meanwhile: nothing to stop
            con.interrupt()


def ctrl_c(signum: int, frame: FrameType | None) -> NoReturn:
    """The SIGINT handler: the queries under way interrupted, then KeyboardInterrupt, which
    the command unwinds with as ever ("error: interrupted", 130)."""
    stop_queries()
    raise KeyboardInterrupt


def _open_now() -> list[duckdb.DuckDBPyConnection]:
    """The open connections: a thread opening one meanwhile changes the set, which its
    copy then refuses ("changed size during iteration"); copied again. No lock: the
    handler runs in the main thread, which may hold it (``kept`` interrupted)."""
    while True:
        with contextlib.suppress(RuntimeError):
            return list(_OPEN)
