"""Long calls into C or Rust, run where Ctrl-C reaches them.

Python runs its SIGINT handler only between the main thread's bytecodes, so a call that
stays in native code there holds Ctrl-C until it returns: calamine parsing a 600,000-row
sheet held it 10.5 s, and DuckDB reading a large CSV likewise. Such a call runs in a
thread of its own, which the main thread waits on a fifth of a second at a time.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")
# How often the waiting thread wakes: to take Ctrl-C, and to report progress.
POLL_SECONDS = 0.2

# The caller's check, made between the steps of long work in Python (a text's sentences and
# figures, ``stop_if_asked``): it raises once no one will read the answer (an MCP client
# cancelled the call: ``mcp_cancelling``). A DuckDB query is interrupted; a loop in Python
# is not, and a cancelled check of a long text had run on to its end.
STOP_CHECK: ContextVar[Callable[[], None] | None] = ContextVar("paygrade_stop_check", default=None)


def stop_if_asked() -> None:
    """Raises what the caller's ``STOP_CHECK`` raises when it wants the answer no more;
    nothing when it does, or set no check.

    Example:
        >>> stop_if_asked()
    """
    check = STOP_CHECK.get()
    if check is not None:
        check()


def run_interruptibly(
    call: Callable[[], T],
    *,
    tick: Callable[[], None] | None = None,
    interrupt: Callable[[], None] | None = None,
    name: str = "paygrade-worker",
) -> T:
    """``call()``'s result, or its exception, with ``call`` run in a daemon thread while
    this one waits, calling ``tick()`` each time it wakes (a progress report). On Ctrl-C
    (anything raised while waiting) ``interrupt()`` stops the call, which is waited for to
    end; without ``interrupt`` the call is left to end with the process.

    Example:
        >>> run_interruptibly(lambda: 6 * 7)
        42
        >>> run_interruptibly(lambda: int("x"))
        Traceback (most recent call last):
        ValueError: invalid literal for int() with base 10: 'x'
    """
    done: list[T] = []
    failed: list[BaseException] = []
    # The worker's own end, waited on rather than Thread.join: a Ctrl-C inside join marks
    # a thread still running as ended (CPython 3.11's bpo-45274 handling releases the
    # running thread's lock), so a later join returned at once and the store's ROLLBACK
    # met "connection is busy with another call" from the query still running.
    ended = threading.Event()

    def run() -> None:
        try:
            done.append(call())
        except BaseException as exc:  # raised to the caller, in its thread
            failed.append(exc)
        finally:
            ended.set()

    threading.Thread(target=run, daemon=True, name=name).start()
    try:
        while not ended.wait(POLL_SECONDS):
            if tick is not None:
                tick()
    except BaseException:
        if interrupt is not None:
            _stop(interrupt, ended)
        raise
    if failed:
        raise failed[0]
    return done[0]


def _stop(interrupt: Callable[[], None], ended: threading.Event) -> None:
    """Interrupt the call until it ends: one interrupt before its query starts is lost."""
    interrupt()
    while not ended.wait(POLL_SECONDS):
        interrupt()
