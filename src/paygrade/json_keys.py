"""JSON read as its sender meant it: a key given twice is no answer of which value counts.

JSON readers keep the last value of a key given twice, dropping the first without a
word; the JSON API (``web.security.OneValuePerKey``) and the MCP server
(``mcp_lines``) refuse such a body or line instead.
"""

from __future__ import annotations

import json
from typing import Any


def repeated_key(body: bytes | str) -> str | None:
    """The first key a JSON object of ``body`` gives twice; None for none, or for a body
    that is no JSON (the route says what is wrong with it).

    Example:
        >>> repeated_key(b'{"base": 150000, "year": 2024, "base": 160000}')
        'base'
        >>> repeated_key(b'{"a": {"b": 1, "b": 2}}'), repeated_key(b'{"a": 1}'), repeated_key(b"{")
        ('b', None, None)
    """
    try:
        return loads_noting_repeats(body)[1]
    except (ValueError, RecursionError):
        return None


def loads_noting_repeats(text: bytes | str) -> tuple[Any, str | None]:
    """``text`` read as JSON (the last value of a repeated key kept, as ``json.loads``
    keeps it), and the first key any object of it gives twice; ``ValueError`` or
    ``RecursionError`` as ``json.loads`` raises them. One reading for both.

    Example:
        >>> loads_noting_repeats('{"id": 1, "a": {"b": 1, "b": 2}}')
        ({'id': 1, 'a': {'b': 2}}, 'b')
    """
    found: list[str] = []

    def pairs(items: list[tuple[str, object]]) -> dict[str, object]:
        seen: set[str] = set()
        for key, _ in items:
            if key in seen and not found:
                found.append(key)
            seen.add(key)
        return dict(items)

    value = json.loads(text, object_pairs_hook=pairs)
    return value, found[0] if found else None
