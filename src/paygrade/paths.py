"""What the command line says when a path cannot be written or read as asked."""

from __future__ import annotations

import errno
import os
import re
from pathlib import Path
from typing import Final


def expanded(path: Path) -> Path:
    """``path`` with a leading ``~`` or ``~user`` as that home folder; ``ValueError`` for a
    user the system knows no home of (Python's "Could not determine home directory" had
    been an internal error, status 70).

    Example:
        >>> expanded(Path("~paygrade-nobody/x"))
        Traceback (most recent call last):
        ...
        ValueError: ~paygrade-nobody/x: no home folder is known for ~paygrade-nobody
    """
    try:
        return path.expanduser()
    except RuntimeError:
        raise ValueError(f"{path}: no home folder is known for {path.parts[0]}") from None


def not_a_folder(path: Path) -> str | None:
    """What stops ``path`` being a folder: it, or the nearest of its parents that exists,
    is something else (a file, ``/dev/null``); None when nothing does.

    Example:
        >>> not_a_folder(Path("/dev/null")), not_a_folder(Path("/etc/hostname/out"))
        ('/dev/null is not a folder', '/etc/hostname is a file, not a folder')
        >>> not_a_folder(Path("/"))
    """
    blocked = next((p for p in [path, *path.parents] if p.exists()), None)
    if blocked is None or blocked.is_dir():
        return None
    return f"{blocked} is {'a file, ' if blocked.is_file() else ''}not a folder"


def why_unwritable(path: Path, exc: OSError) -> str:
    """Why a folder could not be made or written into: the file standing in its way, else
    the system's words (read-only, no such device, no permission).

    Example:
        >>> why_unwritable(Path("/etc/hostname/out"), NotADirectoryError(20, "Not a directory"))
        '/etc/hostname is a file, not a folder'
    """
    return not_a_folder(path) or exc.strerror or str(exc)


# How DuckDB says a write failed, plain ("... file "P": why") or inside the JSON of an
# async write (... file \"P\": why","errno":...).
# "Cannot open file": its log (the .wal beside it) in a folder the process may not write.
_COULD_NOT_WRITE = re.compile(
    r'(?:Could not write|Cannot open) file \\?"(?P<path>.+?)\\?": (?P<why>[^"\\]+)'
)


def write_failure(message: str) -> tuple[str, str] | None:
    """(the file, why) when a DuckDB error says it could not write a file (a full disk, a
    limit on file size): the environment, not a bug; None for any other error.

    Example:
        >>> write_failure('Failed to commit: Could not write file "/d/s.duckdb.wal": '
        ...               'No space left on device')
        ('/d/s.duckdb.wal', 'No space left on device')
        >>> write_failure('Failed to commit: Cannot open file "/d/s.duckdb.wal": '
        ...               'Permission denied')
        ('/d/s.duckdb.wal', 'Permission denied')
        >>> write_failure('Binder Error: no such column') is None
        True
    """
    found = _COULD_NOT_WRITE.search(message)
    return None if found is None else (found["path"], found["why"].strip())


# The system's refusals of a write for want of room: a full disk, a quota, a limit on file
# size. The environment's, not the input's nor a bug: status 74 on every command.
NO_ROOM: Final = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
# The same refusals in the words a message carries them in (DuckDB's, an OSError's).
NO_ROOM_SAID: Final = frozenset(os.strerror(number) for number in NO_ROOM)
# The system's refusals of leave to write: no permission, a folder made immutable, a
# read-only one (/sys). The environment's, as a full disk is: status 74 (export, report).
REFUSED: Final = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})
REFUSED_SAID: Final = frozenset(os.strerror(number) for number in REFUSED)
# What to do about a store's folder that refused a write, by the refusal: "cannot publish
# ...: Operation not permitted" had said no way out. A limit on file size is the process's,
# wherever the copy goes: no folder helps ("free space" had been said of it).
_ELSEWHERE: Final = "copy the store to a folder it may write and give the copy as --db"
_WAYS_OUT: Final = (
    (REFUSED_SAID, "let this user write {folder}, or " + _ELSEWHERE),
    (
        frozenset({os.strerror(errno.EFBIG)}),
        "raise the limit on file size it runs under (ulimit -f)",
    ),
    (NO_ROOM_SAID, "free space in {folder}, or " + _ELSEWHERE),
)


def way_out(why: str, folder: str | Path) -> str | None:
    """What a user can do when the folder of a store refused a write (``why`` in the
    system's words), for any other refusal None: fix the folder, or use a copy of the store
    where it can be written (every command takes ``--db``); of a limit on file size, raise it.

    Example:
        >>> print(way_out("Read-only file system", "/srv/pay"))  # doctest: +NORMALIZE_WHITESPACE
        let this user write /srv/pay, or copy the store to a folder it may write and give the
        copy as --db
        >>> way_out("File too large", "/srv/pay")
        'raise the limit on file size it runs under (ulimit -f)'
        >>> way_out("Is a directory", "/srv/pay") is None
        True
    """
    fix = next((said for refusals, said in _WAYS_OUT if why in refusals), None)
    return None if fix is None else fix.format(folder=folder)
