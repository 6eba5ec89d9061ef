"""Work on a thread of its own, its result or its error handed back to the caller.

The DuckDB engine runs the groups' own queries on a second cursor while its steps
query runs: DuckDB lets go of the GIL while it executes, so on two cores the two
overlap.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Generic, TypeVar, cast

import duckdb

T = TypeVar("T")


class Alongside(Generic[T]):
    """Work run on a thread of its own; :meth:`result` waits for it and raises what it
    raised.

    Example:
        >>> import duckdb
        >>> con = duckdb.connect()
        >>> Alongside(lambda c: c.execute("SELECT 6 * 7").fetchall(), con.cursor()).result()
        [(42,)]
        >>> Alongside.done("here and now").result()
        'here and now'
    """

    def __init__(
        self,
        work: Callable[[duckdb.DuckDBPyConnection], T] | None = None,
        con: duckdb.DuckDBPyConnection | None = None,
    ) -> None:
        self._value: T | None = None
        self._error: BaseException | None = None
        self._thread: threading.Thread | None = None
        if work is not None and con is not None:
            self._thread = threading.Thread(target=self._run, args=(work, con), daemon=True)
            self._thread.start()

    @classmethod
    def done(cls, value: T) -> Alongside[T]:
        finished: Alongside[T] = cls()
        finished._value = value
        return finished

    def _run(
        self, work: Callable[[duckdb.DuckDBPyConnection], T], con: duckdb.DuckDBPyConnection
    ) -> None:
        try:
            self._value = work(con)
        except BaseException as error:  # raised again in the caller's thread
            self._error = error

    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wait(self, seconds: float | None = None) -> None:
        if self._thread is not None:
            self._thread.join(seconds)

    def result(self) -> T:
        self.wait()
        if self._error is not None:
            raise self._error
        return cast(T, self._value)
