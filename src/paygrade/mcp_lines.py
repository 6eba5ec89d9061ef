"""Lines on the MCP server's stdin that are no JSON-RPC message get JSON-RPC's answer.

The SDK's stdio transport passes such a line on as an exception, which its
server drops: the client waited for an answer that never came. JSON-RPC 2.0
(section 5.1) answers -32700 Parse error to a line that is no JSON and -32600
Invalid Request to JSON that is no message, with the id where one could be read
and null where not; ``error.data`` says what was wrong, in a sentence.
"""

from __future__ import annotations

from types import TracebackType
from typing import Any

import anyio
from mcp.shared._stream_protocols import ReadStream, WriteStream
from mcp.shared.message import SessionMessage
from mcp_types import INVALID_REQUEST, PARSE_ERROR, ErrorData, JSONRPCError
from pydantic import ValidationError

# Which of the SDK's message models a JSON object meant to be, by the key that tells.
MEANT = (
    ("method", "id", "JSONRPCRequest"),
    ("method", None, "JSONRPCNotification"),
    ("result", None, "JSONRPCResponse"),
    ("error", None, "JSONRPCError"),
)
# What a JSON value that is no object is, in JSON's words.
KINDS = {list: "an array", str: "a string", bool: "true or false", type(None): "null"}


def rejection(problem: Exception) -> JSONRPCError | None:
    """The JSON-RPC error answering a line the transport could not read as a message;
    None for a blank line, which is no message at all (nothing to answer).

    Example:
        >>> from mcp_types import jsonrpc_message_adapter as messages
        >>> def answer(line):
        ...     try:
        ...         messages.validate_json(line)
        ...     except ValidationError as problem:
        ...         said = rejection(problem)
        ...         return said and (said.id, said.error.code, said.error.data)
        >>> answer('{"jsonrpc": "2.0", "id": 1, "method": "ping"')
        (None, -32700, 'the line is not JSON: EOF while parsing an object at line 1 column 44')
        >>> answer('{"jsonrpc": "2.0", "id": 7, "method": 5}')
        (7, -32600, 'not a JSON-RPC 2.0 message: method: input should be a valid string')
        >>> answer("  ") is None
        True
    """
    errors = problem.errors(include_url=False) if isinstance(problem, ValidationError) else []
    if errors and errors[0]["type"] == "json_invalid" and not str(errors[0]["input"]).strip():
        return None
    if not errors or errors[0]["type"] == "json_invalid":
        why = errors[0]["msg"].removeprefix("Invalid JSON: ") if errors else str(problem)
        return _error(None, PARSE_ERROR, "Parse error", f"the line is not JSON: {why}")
    value = _message_value(errors)
    said = _what_is_wrong(value, errors)
    return _error(_id_of(value), INVALID_REQUEST, "Invalid Request", said)


def _error(id: str | int | None, code: int, message: str, data: str) -> JSONRPCError:
    error = ErrorData(code=code, message=message, data=data)
    return JSONRPCError(jsonrpc="2.0", id=id, error=error)


def _message_value(errors: list[Any]) -> Any:
    """The JSON value of the line, as pydantic's errors hold it: the input of an error
    about the whole value, or of a field missing from it."""
    for error in errors:
        if len(error["loc"]) == 1 or (len(error["loc"]) == 2 and error["type"] == "missing"):
            return error["input"]
    return None


def _id_of(value: Any) -> str | int | None:
    """The request's id where it is one (a string or an integer), else None (null).

    Example:
        >>> _id_of({"id": 3}), _id_of({"id": 1.5}), _id_of([{"id": 3}])
        (3, None, None)
    """
    found = value.get("id") if isinstance(value, dict) else None
    return found if isinstance(found, str | int) and not isinstance(found, bool) else None


def _what_is_wrong(value: Any, errors: list[Any]) -> str:
    """One sentence: what the line should have been, and how it is not.

    Example:
        >>> _what_is_wrong([], [])
        'a message is one JSON object on a line, not an array (batches are not taken)'
    """
    if not isinstance(value, dict):
        kind = KINDS.get(type(value), "a number")
        batch = " (batches are not taken)" if isinstance(value, list) else ""
        return f"a message is one JSON object on a line, not {kind}{batch}"
    meant = next(
        (m for key, also, m in MEANT if key in value and (also in value or not also)), None
    )
    clauses = [
        f"{'.'.join(str(p) for p in e['loc'][1:])}: {e['msg'][:1].lower()}{e['msg'][1:]}"
        for e in errors
        if meant and e["loc"][:1] == (meant,)
    ]
    if not clauses:
        return 'not a JSON-RPC 2.0 message: a request is {"jsonrpc": "2.0", "id": .., "method": ..}'
    return "not a JSON-RPC 2.0 message: " + "; ".join(clauses)


class Answering:
    """The transport's read stream, less its unreadable lines: each is answered on
    ``write`` (``rejection``) and the next message read, so the session goes on.

    Example:
        >>> read = Answering(read_stream, write_stream)  # doctest: +SKIP
    """

    def __init__(
        self, read: ReadStream[SessionMessage | Exception], write: WriteStream[SessionMessage]
    ) -> None:
        self.read = read
        self.write = write

    @property
    def last_context(self) -> Any:  # the sender's context, which the SDK's loop restores
        return getattr(self.read, "last_context", None)

    async def receive(self) -> SessionMessage | Exception:
        while isinstance(item := await self.read.receive(), Exception):
            if (answer := rejection(item)) is not None:
                await self.write.send(SessionMessage(answer))
        return item

    async def aclose(self) -> None:
        await self.read.aclose()

    def __aiter__(self) -> Answering:
        return self

    async def __anext__(self) -> SessionMessage | Exception:
        try:
            return await self.receive()
        except anyio.EndOfStream:
            raise StopAsyncIteration from None

    async def __aenter__(self) -> Answering:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        await self.aclose()
