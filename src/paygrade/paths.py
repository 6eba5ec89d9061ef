"""What the command line says when a path cannot be written or read as asked."""

from __future__ import annotations

from pathlib import Path


def why_unwritable(path: Path, exc: OSError) -> str:
    """Why a folder could not be made or written into: the file standing in its way, else
    the system's words (read-only, no such device, no permission).

    Example:
        >>> why_unwritable(Path("/etc/hostname/out"), NotADirectoryError(20, "Not a directory"))
        '/etc/hostname is a file, not a folder'
    """
    blocked = next((p for p in [path, *path.parents] if p.exists()), path)
    if blocked.is_file():
        return f"{blocked} is a file, not a folder"
    return exc.strerror or str(exc)
