"""Values slow to build from files that change only with an upgrade or an edit, kept on
this machine between processes: every process that ingested or rebuilt had built the
places gazetteer again (about 1.4 s of CPU), the test suite's hundreds of them too.

A value is kept in the user's cache folder (``$XDG_CACHE_HOME/paygrade``, else
``~/.cache/paygrade``) under its name and the fingerprint of everything it is built from:
a changed input is another file, so a value is never read stale. A file is written whole
under a temporary name and renamed, so a reader (another process at the same time) sees
all of it or none. A cache that cannot be read, parsed or written is no cache: the value
is built, and nothing is said.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# A kept value whose inputs changed (an upgrade, an edited rule table) is read by no one
# of this version; one untouched this long is removed when another of its name is kept.
STALE_AFTER_S = 7 * 24 * 3600


def folder() -> Path:
    """The user's cache folder for paygrade (platformdirs: ``$XDG_CACHE_HOME/paygrade``).

    Example:
        >>> folder().name
        'paygrade'
    """
    from platformdirs import user_cache_path

    return user_cache_path("paygrade", appauthor=False)


def fingerprint(parts: Iterable[bytes]) -> str:
    """A short hash of the inputs a value is built from, each with its length (so that
    moving bytes from one to the next is another fingerprint).

    Example:
        >>> fingerprint([b"ab", b"c"]) == fingerprint([b"a", b"bc"])
        False
    """
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()[:20]


def kept_path(name: str, print_: str) -> Path:
    """Where the value ``name`` built from inputs of fingerprint ``print_`` is kept."""
    return folder() / f"{name}-{print_}.json"


def held(path: Path) -> Any | None:
    """The JSON value kept at ``path``; None when there is none, or it cannot be read or
    parsed (a truncated file, another file's bytes, a folder in its place).

    Example:
        >>> held(Path("/dev/null")) is None, held(Path("/nonexistent/x.json")) is None
        (True, True)
    """
    try:
        return json.loads(path.read_bytes())
    except (OSError, ValueError, RecursionError):  # ValueError: bad JSON or UTF-8
        return None


def keep(path: Path, value: Any) -> bool:
    """Write ``value`` as JSON at ``path`` whole (a temporary file renamed over it), and
    remove its stale namesakes; False, and nothing written, where the folder cannot be
    made or written (read-only, full, a file in its way)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError:
        return False
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(value, out, separators=(",", ":"))
        os.replace(temporary, path)
    except BaseException as exc:  # an interrupt too: no temporary file is left behind
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            return False
        raise
    _remove_stale(path)
    return True


def _remove_stale(path: Path) -> None:
    """Remove the files of ``path``'s name kept for other inputs, untouched for
    :data:`STALE_AFTER_S` (those of another installed version in use stay)."""
    name = path.name.rsplit("-", 1)[0]
    now = time.time()
    for other in path.parent.glob(f"{name}-*.json"):
        with contextlib.suppress(OSError):
            if other != path and now - other.stat().st_mtime > STALE_AFTER_S:
                other.unlink()
