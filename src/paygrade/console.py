"""The ``paygrade`` console script (and ``python -m paygrade``): loads the CLI, then runs it.

Loading the CLI (Typer, Click, the command tree) takes a tenth of a second or
more; Ctrl-C in that time raised KeyboardInterrupt before ``cli.main`` could
catch it, and Python printed a traceback. This module imports nothing heavy,
so only the interpreter's own start-up is left uncovered.
"""

from __future__ import annotations

import sys

# Not typing's, nor codecs' error handler at import: typing cost ~11 ms before ``main``
# could catch Ctrl-C (a traceback, status -2); mypy reads any TYPE_CHECKING as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import NoReturn, TextIO

INTERRUPTED = 130  # the shell's status for a command stopped by SIGINT (128 + 2)

# What a table's lines and arrows are in ASCII, for a terminal that cannot show them.
_IN_ASCII = {"─": "-", "━": "-", "│": "|", "┃": "|", "┼": "+", "→": "->", "…": "...",
             "–": "-", "—": "-", "≥": ">=", "≤": "<=", "·": "."}  # fmt: skip


def _in_ascii(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    return "".join(_IN_ASCII.get(c, "?") for c in text), error.end


def fit_streams(*streams: TextIO) -> None:
    """Let each stream that cannot write every character (a Latin-1 or cp1252 terminal,
    PYTHONIOENCODING) write a table's lines in ASCII and "?" for a letter it lacks: the
    box-drawing line under a header had stopped every table with "internal error
    (UnicodeEncodeError)", status 70, nothing printed."""
    import codecs

    codecs.register_error("paygrade-ascii", _in_ascii)
    for stream in streams:
        encoding = getattr(stream, "encoding", None) or "utf-8"
        if codecs.lookup(encoding).name.startswith("utf") or not hasattr(stream, "reconfigure"):
            continue
        stream.reconfigure(errors="paygrade-ascii")


class WhileHeard:
    r"""Standard error written while someone reads it, and quietly nothing after: closed
    (``2>&-``: Python holds None) or its reader gone (``2>&1 | head -1``). A progress line
    to a reader gone had stopped ``paygrade train`` unsaved at status 0 (taken for stdout's
    reader gone), a warning to a closed stderr every command at status 70.

    Example:
        >>> import io
        >>> said = io.StringIO()
        >>> heard = WhileHeard(said)
        >>> heard.write("one\n"), said.getvalue()
        (4, 'one\n')
        >>> said.close()
        >>> heard.write("two\n"), heard.isatty(), WhileHeard(None).write("x")
        (4, False, 1)
    """

    def __init__(self, stream: TextIO | None) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        if self.stream is not None:
            try:
                return self.stream.write(text)
            except (OSError, ValueError):  # EPIPE; a closed file
                self.stream = None
        return len(text)

    def flush(self) -> None:
        if self.stream is not None:
            try:
                self.stream.flush()
            except (OSError, ValueError):
                self.stream = None

    def isatty(self) -> bool:
        return self.stream is not None and self.stream.isatty()

    def __getattr__(self, name: str) -> object:  # encoding, fileno, ... of the stream
        if self.stream is None:
            raise AttributeError(name)
        return getattr(self.stream, name)


def not_text(args: list[str]) -> str | None:
    r"""The first argument whose bytes are not UTF-8 (Python holds them as lone surrogates),
    shown with its bytes escaped; None when every one is text.

    Example:
        >>> not_text(["stats", "--where", "title=Soci\udce9t\udce9"])
        'title=Soci\\xe9t\\xe9'
        >>> not_text(["stats"]) is None
        True
    """
    for arg in args:
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            # Whole: the error line cuts a long one (``cli._shortened``).
            return arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return None


def utf8_misread(args: list[str]) -> bool:
    r"""Whether the first argument ``not_text`` finds is UTF-8 after all: Python decoded it
    in another encoding, as one whose UTF-8 mode is off (``PYTHONUTF8=0``) decodes every
    argument under the C locale, as ASCII. "Société" typed in UTF-8 had been said to be
    "not UTF-8 text".

    Example:
        >>> utf8_misread(["--where", "title=Soci\udcc3\udca9t\udcc3\udca9"])
        True
        >>> utf8_misread(["--where", "title=Soci\udce9t\udce9"]), utf8_misread(["stats"])
        (False, False)
    """
    for arg in args:
        raw = arg.encode("utf-8", "surrogateescape")  # the bytes as they were given
        try:
            if raw.decode("utf-8") != arg:
                return True  # UTF-8 bytes Python held as surrogates: read otherwise
        except UnicodeDecodeError:
            return False  # the first that is not text is not UTF-8 either
    return False


def main() -> int:
    """Run the command in ``sys.argv``; Ctrl-C while it loads is "error: interrupted", 130."""
    if SERVE in sys.argv[1:]:
        stop_at_once_by_term()
    try:
        imported_whole("duckdb")
        from paygrade.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted\n")
        # Not returned: a Ctrl-C inside code Python runs from a string (each dataclass's
        # methods are made so as the CLI loads) leaves the interpreter's mark of a Ctrl-C
        # unhandled, and ``python -m paygrade`` then died by SIGINT (-2) after this line.
        leave_now(INTERRUPTED)
    status = run()
    if status == INTERRUPTED:
        leave_now(status)
    deaf_to_ctrl_c()
    return status


def deaf_to_ctrl_c() -> None:
    """Ctrl-C ignored from here on: the command has ended, its output written, and what is
    left is Python's shutdown. It had ended the process by SIGINT itself (status -2 to its
    parent, not a word, once Python gave the signal back to the system as it shut down) or
    printed a traceback ("Exception ignored in atexit callback"), after a whole answer.
    An ignored signal is the one setting Python's shutdown keeps; the status stands."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def imported_whole(module: str) -> None:
    """Import ``module`` with Ctrl-C held until it is loaded, then raised (KeyboardInterrupt).
    DuckDB's extension makes its enums by calling Python's ``enum``: KeyboardInterrupt in
    one ended the process with "Critical nanobind error: ... enum_create(...)", a traceback
    and SIGABRT (-6), for a Ctrl-C as the CLI loaded. An ignored SIGINT stays ignored.

    Example:
        >>> import signal
        >>> earlier = signal.getsignal(signal.SIGINT)
        >>> imported_whole("json")
        >>> signal.getsignal(signal.SIGINT) is earlier
        True
    """
    import signal

    heard: list[int] = []
    earlier = signal.getsignal(signal.SIGINT)
    if earlier == signal.SIG_IGN:
        __import__(module)
        return
    signal.signal(signal.SIGINT, lambda signum, frame: heard.append(signum))
    try:
        __import__(module)
    finally:
        signal.signal(signal.SIGINT, earlier)
    if heard:
        raise KeyboardInterrupt


# The command a service manager stops with SIGTERM. Any argument spelled so counts (the CLI is
# not loaded yet to tell a command from a value): another command given it as a value ends
# on SIGTERM as it did (at once), saying "error: interrupted" and 130 for 143.
SERVE = "serve"


def stop_at_once_by_term() -> None:
    """SIGTERM ends the process at once with "error: interrupted", 130, as Ctrl-C does while
    the CLI loads (nothing is under way to finish): `paygrade serve` stopped then (half a
    second or more on a loaded machine) had been killed by it, status 143 and not a word.
    ``cli.serve`` takes SIGTERM over once it runs.

    Example:
        >>> import signal
        >>> earlier = signal.getsignal(signal.SIGTERM)
        >>> stop_at_once_by_term()
        >>> signal.getsignal(signal.SIGTERM) is _ended_at_once
        True
        >>> _ = signal.signal(signal.SIGTERM, earlier)
    """
    import signal

    signal.signal(signal.SIGTERM, _ended_at_once)


def _ended_at_once(signum: int, frame: object) -> None:
    sys.stderr.write("error: interrupted\n")
    leave_now(INTERRUPTED)


def leave_now(status: int) -> NoReturn:
    """End the process at once, its output flushed: no exit handlers, no shutdown. After a
    Ctrl-C a thread may still be inside a DuckDB query (one the interrupt cut short on its
    way out); the interpreter's shutdown then ended it mid-query, and the process aborted
    ("terminate called after throwing ...", SIGABRT, 134) or an exit handler printed a
    traceback, after "error: interrupted". Every store was closed as the Ctrl-C unwound."""
    import os

    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (OSError, ValueError):  # a reader gone, a closed stream: nothing to keep
            pass
    os._exit(status)
