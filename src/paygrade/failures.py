"""Failures no check foresaw, in words for a person, with the status the CLI exits with.

The CLI's ``main`` and the MCP server's tools say them alike: a write the system
refused (a full disk) is "cannot write PATH: why" (74), a damaged store says so
(1), a path the system refuses is "cannot use PATH: why" (1), anything else is
"internal error (its type): its words" (70). Never a traceback.
"""

from __future__ import annotations

import os

from paygrade.console import INTERRUPTED
from paygrade.paths import NO_ROOM, write_failure
from paygrade.records import CannotWrite
from paygrade.store import damaged


def unforeseen(exc: Exception) -> tuple[str, int]:
    r"""What ``exc`` is said as, and the exit status that goes with it.

    Example:
        >>> unforeseen(OSError(28, "No space left on device", "/d/out.json"))
        ('cannot write /d/out.json: No space left on device', 74)
        >>> unforeseen(OSError(36, "File name too long", "/d/" + "x" * 300))[1]
        1
        >>> unforeseen(RuntimeError("Out of Memory Error"))
        ('internal error (RuntimeError): Out of Memory Error', 70)
    """
    if (failed := write_failure(str(exc))) is not None:
        return str(CannotWrite(*failed)), 74
    if isinstance(exc, FileNotFoundError) and exc.filename is None and _folder_gone():
        # A relative path read from a folder deleted under the shell: "internal error
        # (FileNotFoundError): [Errno 2] No such file or directory", 70.
        return "the current folder no longer exists: cd to another, or give absolute paths", 1
    if (unreadable := damaged(exc)) is not None:  # the store, not a bug of ours
        return str(unreadable), 1
    if str(exc) == "Query interrupted":  # DuckDB's words for Ctrl-C in a statement
        return "interrupted", INTERRUPTED
    if isinstance(exc, OSError) and exc.filename is not None:
        path = path_said(str(exc.filename))
        if exc.errno in NO_ROOM:  # the machine's
            return str(CannotWrite(path, exc.strerror or str(exc))), 74
        # A name the system refuses (longer than 255 bytes, a loop of links) that no
        # check of ours foresaw: the path and the system's words, not a bug report.
        return f"cannot use {path}: {exc.strerror}", 1
    if isinstance(exc, OSError) and exc.errno in NO_ROOM:
        # The output itself (> /dev/full): no file named, the machine's refusal all the same.
        return str(CannotWrite("the output", exc.strerror or str(exc))), 74
    return f"internal error ({type(exc).__name__}): {exc}", 70


def path_said(path: str, most: int = 80) -> str:
    """A path for an error line: whole, or its ends around how much was left out.

    Example:
        >>> path_said("/tmp/" + "d" * 300)
        '/tmp/ddddddddddddddddddddddddddddddddddddddddddddd… (305 characters)'
    """
    return path if len(path) <= most else f"{path[: most - 30]}… ({len(path)} characters)"


def _folder_gone() -> bool:
    """Whether the current folder was deleted (its path can no longer be asked for)."""
    try:
        os.getcwd()
    except FileNotFoundError:
        return True
    return False
