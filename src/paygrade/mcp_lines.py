"""Every request on the MCP server's stdin gets an answer, even one the SDK would drop.

Lines that are no JSON-RPC message get JSON-RPC's answer:
the SDK's stdio transport passes such a line on as an exception, which its
server drops: the client waited for an answer that never came. JSON-RPC 2.0
(section 5.1) answers -32700 Parse error to a line that is no JSON and -32600
Invalid Request to JSON that is no message, with the id where one could be read
and null where not; ``error.data`` says what was wrong, in a sentence.

And the end of input waits for the requests still being worked on: the SDK
cancelled them when stdin closed, so ``printf '...' | paygrade mcp`` got no
answer to any tool call that reached the store, and exited 0.
"""

from __future__ import annotations

import json
from collections import Counter, deque
from collections.abc import AsyncIterator, Mapping
from dataclasses import replace
from types import TracebackType
from typing import Any, Self

import anyio
from mcp.shared._stream_protocols import ReadStream, WriteStream
from mcp.shared.message import SessionMessage
from mcp_types import (
    INTERNAL_ERROR,
    INVALID_PARAMS,
    INVALID_REQUEST,
    METHOD_NOT_FOUND,
    PARSE_ERROR,
    CallToolRequestParams,
    ErrorData,
    InitializeRequestParams,
    JSONRPCError,
    JSONRPCMessage,
    JSONRPCNotification,
    JSONRPCRequest,
    JSONRPCResponse,
)
from pydantic import BaseModel, ValidationError

from paygrade.json_keys import KINDS, half_a_character, half_character_at, loads_noting_repeats
from paygrade.records import shortened

# Which of the SDK's message models a JSON object meant to be, by the key that tells.
MEANT = (
    ("method", "id", "JSONRPCRequest"),
    ("method", None, "JSONRPCNotification"),
    ("result", None, "JSONRPCResponse"),
    ("error", None, "JSONRPCError"),
)
# How long the end of input waits for the answers still being worked on: longer than
# any tool takes on the full data, short enough that a stuck one cannot hold the process.
PATIENCE_SECONDS = 300.0
# The params a method takes, checked before the SDK's check, which says nothing of
# what is wrong; and what a param's common faults are, in JSON's words. The server adds
# each method it serves (``Answering``'s ``served``); the runner answers initialize.
PARAMS: dict[str, type[BaseModel]] = {
    "tools/call": CallToolRequestParams,
    "initialize": InitializeRequestParams,
}
# What a client may ask before ``initialize``: the SDK answered anything else -32602
# "Invalid request parameters" with data "", the params blamed for the order.
BEFORE_INITIALIZE = frozenset({"initialize", "ping"})
SAID_OF_PARAM = {
    "missing": "is required",
    "dict_type": "must be an object",
    "model_type": "must be an object",
    "string_type": "must be a string",
}
# The SDK's methods of the 2026-07-28 protocol (discovery, change notices): no question a
# client of this one asks, and none the SDK answers after an ``initialize`` (it said -32601
# with data "server/discover", or -32602 to ``subscriptions/listen``'s params), so not
# served: answered as any method the server has not.
PLUMBING = ("server/", "subscriptions/")
# What the SDK's -32602 with data "" says instead (``mended``): params the method's own
# model took and the protocol's did not, where ``bad_params`` could not say why.
UNSAID_PARAMS = "the params are not what this method takes (see it in the MCP specification)"


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
        >>> answer("[" * 300 + "]" * 300)[2]
        'the line is not readable JSON: it is nested too deeply to read'
    """
    errors = problem.errors(include_url=False) if isinstance(problem, ValidationError) else []
    if errors and errors[0]["type"] == "json_invalid" and not str(errors[0]["input"]).strip():
        return None
    if not errors or errors[0]["type"] == "json_invalid":
        why = errors[0]["msg"].removeprefix("Invalid JSON: ") if errors else str(problem)
        said = f"the line is not JSON: {why}"
        if why.startswith("recursion limit exceeded"):  # it is JSON: said as the API says it
            said = "the line is not readable JSON: it is nested too deeply to read"
        return _error(None, PARSE_ERROR, "Parse error", said)
    value = _message_value(errors)
    said = _what_is_wrong(value, errors)
    return _error(_id_of(value), INVALID_REQUEST, "Invalid Request", said)


def noted(line: str) -> JSONRPCError | None:
    """The answer a line gets before the SDK reads it, or None: a line that is not UTF-8
    (``not_utf8``), a request numbered by no string or integer (``misnumbered``), a key
    given twice (``given_twice``). The line is read as JSON once for the last two.

    Example:
        >>> noted('{"jsonrpc": "2.0", "id": 2, "method": "ping", "id": 3}').error.data
        "the line gives 'id' twice: give each key once"
        >>> noted('{"jsonrpc": "2.0", "id": 2, "method": "ping"}') is None
        True
    """
    if (refused := not_utf8(line)) is not None:
        return refused
    try:
        value, twice = loads_noting_repeats(line)
    except (ValueError, RecursionError) as problem:  # no JSON, or nested past Python's
        return control_character(line, problem)  # stack: the SDK says -32700, with no id
    return misnumbered(value) or given_twice(value, twice) or half_a_character_in(value)


def control_character(line: str, problem: Exception) -> JSONRPCError | None:
    r"""The -32700 answer, under its request's id, to a line (``problem``: why JSON's
    reader refused it) whose strings hold a raw control character (a tab, U+0001): JSON
    takes them only escaped. The SDK's -32700 had no id, though the id was there to
    read, and the client waited for an answer to its request. None for any other line.

    Example:
        >>> line = '{"id": 5, "params": {"name": "Goo\tgle"}}'
        >>> try:
        ...     json.loads(line)
        ... except ValueError as problem:
        ...     said = control_character(line, problem)
        >>> said.id, said.error.data.removeprefix("the line is not JSON: ")
        (5, 'a string holds the control character U+0009 at column 34: send it escaped, \\t')
    """
    if not isinstance(problem, json.JSONDecodeError):
        return None
    if not problem.msg.startswith("Invalid control character"):
        return None
    try:
        value = json.loads(line, strict=False)  # read only for its id
    except (ValueError, RecursionError):  # no JSON for another fault too: the SDK says it
        return None
    raw = line[problem.pos]
    escaped = json.dumps(raw)[1:-1]
    said = (
        f"the line is not JSON: a string holds the control character U+{ord(raw):04X} "
        f"at column {problem.pos + 1}: send it escaped, {escaped}"
    )
    return _error(_id_of(value), PARSE_ERROR, "Parse error", said)


def half_a_character_in(value: Any) -> JSONRPCError | None:
    r"""The answer to a line (``value``: as JSON) holding half a character, a lone UTF-16
    surrogate escape (``\ud83d``: a JavaScript client's string cut inside an emoji). It is
    JSON, which the SDK's reader refuses as none: its -32700 had no id, and the client
    waited for an answer to its request until it gave up. None when every string is whole.

    Example:
        >>> line = '{"id": 7, "params": {"arguments": {"text": "ML \\ud83d"}}}'
        >>> half_a_character_in(json.loads(line)).error.data
        'params.arguments.text holds half a character (the escape \\ud83d): send whole characters'
        >>> whole = '{"id": 7, "params": {"text": "\\ud83d\\ude00"}}'
        >>> half_a_character_in(json.loads(whole)) is None
        True
    """
    found = half_character_at(value)
    if found is None:
        return None
    where, half = found
    said = f"{where or 'the line'} {half_a_character(half)}"
    if where.startswith("params"):
        return _error(_id_of(value), INVALID_PARAMS, "Invalid request parameters", said)
    return _error(_id_of(value), INVALID_REQUEST, "Invalid Request", said)


def misnumbered(value: Any) -> JSONRPCError | None:
    """The -32600 answer to a request (``value``: a line as JSON) whose id is neither a
    string nor an integer (the SDK reads it as a notification, which has no answer); None
    for any other.

    Example:
        >>> misnumbered({"jsonrpc": "2.0", "id": 1.5, "method": "tools/list"}).error.data
        "not a JSON-RPC 2.0 message: id: a request's id is a string or an integer, not 1.5"
        >>> misnumbered({"jsonrpc": "2.0", "id": 2, "method": "ping"}) is None
        True
    """
    if not isinstance(value, dict) or "method" not in value or "id" not in value:
        return None
    if _id_of(value) is not None:
        return None
    said = f"id: a request's id is a string or an integer, not {json.dumps(value['id'])}"
    return _error(None, INVALID_REQUEST, "Invalid Request", f"not a JSON-RPC 2.0 message: {said}")


def not_utf8(line: str) -> JSONRPCError | None:
    r"""The -32700 answer to a line whose bytes are not UTF-8 (stdin is read with
    ``surrogateescape``, so they come as lone surrogates); None for a line of text. Read
    with "replace", "Caf\xe9" had been the company "Caf\ufffd" (no record: "did you mean
    CA?"), a claim's "\x80" a claim of no figure, as if the line said so.

    Example:
        >>> not_utf8('{"name": "Caf\udce9"}').error.data
        'the line is not UTF-8 (byte 0xe9 at byte 14): send it as UTF-8'
        >>> not_utf8('{"name": "Café"}') is None
        True
    """
    try:
        line.encode("utf-8")
        return None
    except UnicodeEncodeError:
        raw = line.encode("utf-8", "surrogateescape")
    try:
        raw.decode("utf-8")
        return None
    except UnicodeDecodeError as exc:
        said = f"the line is not UTF-8 (byte 0x{raw[exc.start]:02x} at byte {exc.start + 1})"
        try:  # its id, where the rest of the line gives one
            found = json.loads(raw.decode("utf-8", "replace"))
        except (ValueError, RecursionError):
            found = None
        return _error(_id_of(found), PARSE_ERROR, "Parse error", f"{said}: send it as UTF-8")


def given_twice(value: Any, twice: str | None) -> JSONRPCError | None:
    """The -32600 answer to a line (``value``: as JSON) giving key ``twice`` twice (JSON's
    readers keep the last, so a tool call's first ``base``, or a ``where``'s first
    ``role``, was dropped without a word; the JSON API refuses such a body); None when no
    key was.

    Example:
        >>> given_twice({"id": 1, "method": "tools/call"}, "base").error.data
        "the line gives 'base' twice: give each key once"
        >>> given_twice({"id": 2, "method": "ping"}, None) is None
        True
    """
    if twice is None:
        return None
    said = f"the line gives {twice!r} twice: give each key once"
    return _error(
        None if twice == "id" else _id_of(value), INVALID_REQUEST, "Invalid Request", said
    )


def bad_params(
    message: JSONRPCMessage, params: Mapping[str, type[BaseModel]] = PARAMS
) -> JSONRPCError | None:
    """The -32602 answer to a request whose params its method cannot take (``params``: the
    model of each method's), saying what is wrong (the SDK's said nothing: ``data: ""``);
    None for any other message.

    Example:
        >>> from mcp_types import JSONRPCRequest, PaginatedRequestParams
        >>> call = JSONRPCRequest(jsonrpc="2.0", id=3, method="tools/call", params={})
        >>> bad_params(call).error.data
        'params.name is required'
        >>> call.params = {"name": "stats", "arguments": []}
        >>> bad_params(call).error.data
        'params.arguments must be an object'
        >>> listing = JSONRPCRequest(jsonrpc="2.0", id=4, method="tools/list", params={"cursor": 5})
        >>> bad_params(listing, {"tools/list": PaginatedRequestParams}).error.data
        'params.cursor must be a string'
    """
    takes = params.get(message.method) if isinstance(message, JSONRPCRequest) else None
    if takes is None or not isinstance(message, JSONRPCRequest):
        return None
    try:
        takes.model_validate(message.params or {}, by_name=False)
    except ValidationError as problem:
        said = "; ".join(map(_wrong_param, problem.errors(include_url=False)))
        return _error(message.id, INVALID_PARAMS, "Invalid request parameters", said)
    return None


def not_served(message: JSONRPCMessage, served: Mapping[str, Any]) -> JSONRPCError | None:
    """The -32601 answer to a request for a method the server does not serve (``served``:
    its methods, less ``PLUMBING``), saying which it does, whatever the params; None for
    any other message. The SDK had taken ``prompts/get`` for a method it served, and
    answered code 0 with a traceback on stderr; ``{}`` as its params had been -32602 with
    data "".

    Example:
        >>> from mcp_types import JSONRPCRequest
        >>> asked = JSONRPCRequest(jsonrpc="2.0", id=2, method="prompts/get", params={})
        >>> served = {"ping": None, "server/discover": None, "tools/list": None}
        >>> not_served(asked, served).error.data
        "no method 'prompts/get' here: the methods are initialize, ping, tools/list"
        >>> not_served(asked, {"prompts/get": None}) is None
        True
        >>> discover = JSONRPCRequest(jsonrpc="2.0", id=4, method="server/discover")
        >>> not_served(discover, served).error.data
        "no method 'server/discover' here: the methods are initialize, ping, tools/list"
        >>> noticed = JSONRPCRequest(jsonrpc="2.0", id=3, method="notifications/initialized")
        >>> not_served(noticed, served).error.data
        'notifications/initialized is a notification: send it without an id'
    """
    methods = [m for m in ["initialize", *served] if not m.startswith(PLUMBING)]
    if not isinstance(message, JSONRPCRequest) or message.method in methods:
        return None
    if message.method.startswith("notifications/"):  # sent with an id: no method either
        said = f"{message.method} is a notification: send it without an id"
        return _error(message.id, INVALID_REQUEST, "Invalid Request", said)
    said = f"no method {message.method!r} here: the methods are {', '.join(methods)}"
    said = shortened(said)
    return _error(message.id, METHOD_NOT_FOUND, "Method not found", said)


def mended(message: JSONRPCMessage) -> JSONRPCMessage:
    r"""``message`` as sent, unless it is an error of the SDK's that says nothing of what
    went wrong: -32602 with data "" gets ``UNSAID_PARAMS``; code 0 (a handler's crash)
    is -32603 Internal error, its words one line.

    Example:
        >>> mended(_error(5, INVALID_PARAMS, "Invalid request parameters", "")).error.data
        'the params are not what this method takes (see it in the MCP specification)'
        >>> crashed = mended(JSONRPCError(jsonrpc="2.0", id=6, error=ErrorData(
        ...     code=0, message="Unknown prompt:\nsalary")))
        >>> (crashed.error.code, crashed.error.data)
        (-32603, 'Unknown prompt: salary')
    """
    if not isinstance(message, JSONRPCError):
        return message
    if message.error.code == INVALID_PARAMS and not message.error.data:
        return _error(message.id, INVALID_PARAMS, message.error.message, UNSAID_PARAMS)
    if message.error.code == 0:
        said = shortened(" ".join(message.error.message.split()))
        return _error(message.id, INTERNAL_ERROR, "Internal error", said)
    return message


def _wrong_param(error: Any) -> str:
    at = ".".join(["params", *map(str, error["loc"])])
    if error["type"] in SAID_OF_PARAM:
        return f"{at} {SAID_OF_PARAM[error['type']]}"
    return f"{at}: {error['msg'][:1].lower()}{error['msg'][1:]}"


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


class Closing:
    """A stream as an async context manager: closed (``aclose``) on leaving the block."""

    async def aclose(self) -> None:
        raise NotImplementedError

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc_val: BaseException | None,
        exc_tb: TracebackType | None,
    ) -> None:
        await self.aclose()


class Lines(anyio.AsyncFile[str]):
    """The server's stdin as the SDK's transport reads it, line by line, each line's
    ``noted`` answer (or None) in ``refusals``: the transport hands on one
    message or exception per line, in order, so ``Answering`` takes one note per item.

    Example:
        >>> stdin = open(0, errors="surrogateescape", closefd=False)  # doctest: +SKIP
        >>> lines = Lines(stdin)  # doctest: +SKIP
    """

    def __init__(self, fp: Any) -> None:
        super().__init__(fp)
        self.refusals: deque[JSONRPCError | None] = deque()

    async def __aiter__(self) -> AsyncIterator[str]:
        async for line in super().__aiter__():
            # A byte order mark before a line's JSON (Windows tools write one) is no part
            # of it: it had been "the line is not JSON", as the API does not say of a body.
            line = line.removeprefix("\ufeff")
            self.refusals.append(noted(line))
            # A line not UTF-8 is answered so (``not_utf8``), never read as its text.
            yield line.encode("utf-8", "surrogateescape").decode("utf-8", "replace")

    def refusal(self) -> JSONRPCError | None:
        """The note of the line the next item was read from."""
        return self.refusals.popleft() if self.refusals else None


class Unanswered:
    """The requests read and not answered yet, by id (a client may reuse one).

    Example:
        >>> from mcp_types import JSONRPCRequest, JSONRPCResponse
        >>> waiting = Unanswered()
        >>> waiting.asked(JSONRPCRequest(jsonrpc="2.0", id=4, method="ping"))
        >>> sorted(waiting.ids)
        [4]
        >>> waiting.answered(JSONRPCResponse(jsonrpc="2.0", id=4, result={}))
        >>> sorted(waiting.ids)
        []
    """

    def __init__(self) -> None:
        self.ids: Counter[str | int | None] = Counter()
        self.none_left: anyio.Event | None = None  # made when the input ends

    def asked(self, message: JSONRPCMessage) -> None:
        if isinstance(message, JSONRPCRequest):
            self.ids[message.id] += 1
        elif (
            isinstance(message, JSONRPCNotification) and message.method == "notifications/cancelled"
        ):
            # A request the client cancelled is never answered (the spec forbids it).
            self._settle((message.params or {}).get("requestId"))

    def answered(self, message: JSONRPCMessage) -> None:
        if isinstance(message, JSONRPCResponse | JSONRPCError):
            self._settle(message.id)

    def _settle(self, id: Any) -> None:
        if self.ids[id] > 0:
            self.ids[id] -= 1
        self.ids = +self.ids  # drops the ids counted down to 0
        if not self.ids and self.none_left is not None:
            self.none_left.set()

    async def wait(self, seconds: float) -> list[str | int | None]:
        """Until every request read is answered, or ``seconds`` have passed: the ids of
        those still unanswered then."""
        self.none_left = anyio.Event()
        if self.ids:
            with anyio.move_on_after(seconds):
                await self.none_left.wait()
        return list(self.ids.elements())


class Noting(Closing):
    """The transport's write stream, noting each answer sent in ``waiting``."""

    def __init__(self, write: WriteStream[SessionMessage], waiting: Unanswered) -> None:
        self.write = write
        self.waiting = waiting

    async def send(self, item: SessionMessage, /) -> None:
        item = replace(item, message=mended(item.message))
        await self.write.send(item)
        self.waiting.answered(item.message)

    async def aclose(self) -> None:
        await self.write.aclose()


class Answering(Closing):
    """The transport's read stream, less its unreadable lines: each is answered on
    ``write`` (``rejection``) and the next message read, so the session goes on; so is a
    request for a method not ``served`` (method -> its params' model), or of params its
    method cannot take (``bad_params``). Its end comes once the requests read are
    answered on ``write`` (or ``patience`` has passed): the SDK's loop cancels those
    still running when its input ends.

    Example:
        >>> read = Answering(read_stream, write_stream)  # doctest: +SKIP
        >>> await server.run(read, read.write, options)  # doctest: +SKIP
    """

    def __init__(
        self,
        read: ReadStream[SessionMessage | Exception],
        write: WriteStream[SessionMessage],
        patience: float = PATIENCE_SECONDS,
        lines: Lines | None = None,
        served: Mapping[str, type[BaseModel]] | None = None,
    ) -> None:
        self.read = read
        self.lines = lines  # the transport's input, where read comes from
        self.served = served  # None: every method is passed on to the SDK
        self.params = {**PARAMS, **(served or {})}
        self.waiting = Unanswered()
        self.write = Noting(write, self.waiting)  # the server writes its answers here
        self.patience = patience
        self.given_up: list[str | int | None] = []  # requests answered by the end's error
        self.initialized = False  # an initialize read, whose params the SDK takes

    @property
    def last_context(self) -> Any:  # the sender's context, which the SDK's loop restores
        return getattr(self.read, "last_context", None)

    async def receive(self) -> SessionMessage | Exception:
        while True:
            item = await self.read.receive()
            refused = self.lines.refusal() if self.lines else None
            if isinstance(item, Exception):
                # A line's bytes are checked before its JSON: bare bytes not UTF-8 had been
                # "the line is not JSON", its note (``not_utf8``) passed over.
                refused = refused or rejection(item)
            elif refused is None:
                refused = self._answered_here(item.message)
                if refused is None:
                    self.waiting.asked(item.message)
                    return item
            if refused is not None:
                await self.write.send(SessionMessage(refused))

    def _answered_here(self, message: JSONRPCMessage) -> JSONRPCError | None:
        """The answer to a request the SDK would answer with too little said, or None."""
        # A method not served is -32601 before initialize too, as the SDK answers it.
        unknown = None if self.served is None else not_served(message, self.served)
        return unknown or self._out_of_order(message) or bad_params(message, self.params)

    def _out_of_order(self, message: JSONRPCMessage) -> JSONRPCError | None:
        """The answer to a request sent before ``initialize`` (notes when it comes)."""
        if not isinstance(message, JSONRPCRequest):
            return None
        if message.method == "initialize" and bad_params(message) is None:
            self.initialized = True
        if self.initialized or message.method in BEFORE_INITIALIZE:
            return None
        said = f"{message.method} before initialize: send initialize first"
        return _error(message.id, INVALID_REQUEST, "Invalid Request", said)

    async def aclose(self) -> None:
        await self.read.aclose()

    def __aiter__(self) -> Answering:
        return self

    async def __anext__(self) -> SessionMessage | Exception:
        try:
            return await self.receive()
        except anyio.EndOfStream:
            self.given_up = await self.waiting.wait(self.patience)
            for id in self.given_up:  # the SDK would cancel them without a word
                said = f"no answer within {self.patience:g} s of the end of input"
                await self.write.send(
                    SessionMessage(_error(id, INTERNAL_ERROR, "Internal error", said))
                )
            raise StopAsyncIteration from None
