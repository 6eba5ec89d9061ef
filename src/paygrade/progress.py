"""Progress of a long read, told to whoever listens (the CLI's bar on a terminal), else no one.

A reader deep inside an ingest (a 600,000-row workbook) reports rows done out
of rows in all; the CLI decides whether and how to show it. The listener is
a context variable, so library callers and tests that do not listen pay one
lookup per batch and see nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Listener = Callable[[int, int], None]  # (rows done, rows in all)

_LISTENER: ContextVar[Listener | None] = ContextVar("paygrade_progress", default=None)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Send every ``report`` made inside the block to ``listener``.

    Example:
        >>> seen = []
        >>> with listening(lambda done, total: seen.append((done, total))):
        ...     report(5, 10)
        >>> report(10, 10)  # no one listens any more
        >>> seen
        [(5, 10)]
    """
    token = _LISTENER.set(listener)
    try:
        yield
    finally:
        _LISTENER.reset(token)


def report(done: int, total: int) -> None:
    """Tell the listener, if any, that ``done`` of ``total`` rows are read."""
    listener = _LISTENER.get()
    if listener is not None:
        listener(done, total)
