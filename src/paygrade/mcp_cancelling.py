"""A tool call the client cancels stops its query, as Ctrl-C stops the CLI's.

The SDK runs a tool's library call in a worker thread and, on ``notifications/cancelled``,
cancels the request's task; but the task waits for its thread, and the thread's DuckDB
query ran on: ``stats`` by company, title and metro cancelled after 0.5 s held a core ~4 s
more, and the next call took 19.3 s where it takes 9.3 s alone. The call's connection is
interrupted instead (``paygrade.interruptible`` does so for the CLI), and its answer, no
one's to read, is not built. Work in Python stops at its next check
(``interruptible.stop_if_asked``): a cancelled ``check_claims`` of a long text had read
it to its end, holding a core.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Awaitable
from contextvars import ContextVar
from typing import TypeVar

import anyio
import duckdb
from mcp.server.mcpserver.exceptions import ToolError

from paygrade.interruptible import STOP_CHECK

T = TypeVar("T")
# How often a cancelled call's connection is interrupted until its thread ends: DuckDB
# keeps no interrupt that comes between two queries (``engines.duckdb_sql`` asks again too).
INTERRUPT_EVERY = 0.05


class CallCancelled(ToolError):
    """A tool call the client cancelled: it has no answer (the protocol sends none)."""

    def __init__(self) -> None:
        super().__init__("the call was cancelled")


class Running:
    """The store connection a tool call's library call uses, interrupted when the client
    cancels the call. The call's worker thread names it (``using``); the event loop
    interrupts it (``interrupt``).

    Example:
        >>> running = Running()
        >>> running.interrupt()
        >>> running.check()
        Traceback (most recent call last):
        paygrade.mcp_cancelling.CallCancelled: the call was cancelled
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()  # the connection is named and interrupted in two threads
        self._con: duckdb.DuckDBPyConnection | None = None
        self.interrupted = False

    def using(self, con: duckdb.DuckDBPyConnection | None) -> None:
        """The call's connection from now on (None: it has done with one); refused if the
        call was cancelled before it began."""
        with self._lock:
            self._con = con
            if self.interrupted and con is not None:
                raise CallCancelled()

    def interrupt(self) -> None:
        with self._lock:
            self.interrupted = True
            if self._con is not None:
                with contextlib.suppress(duckdb.Error):  # its query ended meanwhile
                    self._con.interrupt()

    def check(self) -> None:
        """Raises ``CallCancelled`` if the call was cancelled (its answer unread)."""
        if self.interrupted:
            raise CallCancelled()


# The running call of the task (and of its worker thread, which the SDK runs in a copy of
# the task's context); None outside a cancellable call.
RUNNING: ContextVar[Running | None] = ContextVar("paygrade_mcp_running", default=None)


def running_call() -> Running:
    """The call running in this context, or one no one interrupts (a tool called
    outside ``cancellable``)."""
    return RUNNING.get() or Running()


async def cancellable(call: Awaitable[T]) -> T:
    """``call``'s result; if the task is cancelled while it runs, the connection its
    library call named (``running_call().using``) is interrupted until it returns, and
    its work in Python stops at its next ``stop_if_asked``.

    Example:
        >>> async def asked() -> int:
        ...     return 42
        >>> anyio.run(cancellable, asked())
        42
    """
    running, ended = Running(), anyio.Event()
    failed: list[Exception] = []  # raised past the group, which wraps what it sees in a group
    token, checked = RUNNING.set(running), STOP_CHECK.set(running.check)
    try:
        async with anyio.create_task_group() as group:
            group.start_soon(_interrupt_when_cancelled, running, ended)
            try:
                result = await call
            except Exception as exc:
                failed.append(exc)
            finally:
                ended.set()
                group.cancel_scope.cancel()
    finally:
        RUNNING.reset(token)
        STOP_CHECK.reset(checked)
    if failed:
        raise failed[0]
    return result


async def _interrupt_when_cancelled(running: Running, ended: anyio.Event) -> None:
    try:
        await ended.wait()
    except anyio.get_cancelled_exc_class():
        # Shielded: the call's task waits for its thread all the same, so wait with it.
        with anyio.CancelScope(shield=True):
            while not ended.is_set():
                running.interrupt()
                with anyio.move_on_after(INTERRUPT_EVERY):
                    await ended.wait()
        raise
