"""JSON read as its sender meant it: a key given twice is no answer of which value counts.

JSON readers keep the last value of a key given twice, dropping the first without a
word; the JSON API (``web.security.OneValuePerKey``) and the MCP server
(``mcp_lines``) refuse such a body or line instead.
"""

from __future__ import annotations

import json
import re
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


# What a JSON value is, in JSON's words (anything else is a number).
KINDS = {
    list: "an array", dict: "an object", str: "a string", bool: "true or false",
    type(None): "null",
}  # fmt: skip


def json_kind(value: Any) -> str:
    """What a JSON value is, as a refusal names it.

    Example:
        >>> json_kind([]), json_kind(None), json_kind(7), json_kind("text")
        ('an array', 'null', 'a number', 'a string')
    """
    return KINDS.get(type(value), "a number")


def half_a_character(half: str) -> str:
    r"""What a string holding ``half`` (a lone UTF-16 surrogate, which JSON's ``\ud83d``
    escape can send) is told, after where it is, on every skin (an MCP line, a JSON body).

    Example:
        >>> half_a_character("\ud83d")
        'holds half a character (the escape \\ud83d): send whole characters'
    """
    return f"holds half a character (the escape \\u{ord(half):04x}): send whole characters"


_HALVES = re.compile("[\ud800-\udfff]")


def half_character_at(value: Any, where: str = "") -> tuple[str, str] | None:
    r"""Where (a dotted path, "" for ``value`` itself or a key of it) the first lone
    surrogate in ``value``, read from JSON, is, and it; None when every string is whole.

    Example:
        >>> half_character_at({"offers": [{"name": "A \ud83d"}]})
        ('offers.0.name', '\ud83d')
        >>> half_character_at({"\udc00": 1})
        ('', '\udc00')
        >>> half_character_at(json.loads('{"text": "\\ud83d\\ude00"}')) is None  # an emoji
        True
    """
    if isinstance(value, str):
        half = _HALVES.search(value)  # a regex: a 50,000-character text read in C
        return None if half is None else (where, half.group())
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        if isinstance(key, str) and (found := half_character_at(key, where)) is not None:
            return found
        if (found := half_character_at(item, f"{where}.{key}" if where else str(key))) is not None:
            return found
    return None
