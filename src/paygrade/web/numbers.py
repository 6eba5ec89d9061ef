"""Number query parameters read as the pages and the CLI read a number.

FastAPI read ``?years=abc`` with pydantic, which said "input should be a valid number,
unable to parse string as a number", where the ladder page and ``paygrade ladder
--years`` say "'abc' is not a number (write 1200, 1,200 or 12.5; a dot marks decimals)"
(``offers.plain_number``). A parameter annotated ``Typed`` reads its text so and keeps
it (``TypedNumber``, ``TypedWhole``), for a bound's message (``Held``) to echo it as sent.
A bound of ``Query(ge=..., le=...)`` is still said as the MCP tools and the CLI say it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

from paygrade.offers import plain_number, plain_whole
from paygrade.records import TypedNumber, TypedWhole
from paygrade.web.deps import kinds


@dataclass(frozen=True)
class Typed:
    """Annotated metadata of a number query parameter: its text read by ``plain_number``, a
    whole one for an ``int``. Put it after any other metadata (``Held``), which then sees
    the number with its text; the JSON Schema is the parameter's own.

    Example:
        >>> from typing import Annotated
        >>> from pydantic import TypeAdapter
        >>> page = TypeAdapter(Annotated[int, Typed()])
        >>> page.validate_python(" 1,000 "), page.json_schema()
        (1000, {'type': 'integer'})
        >>> page.validate_python("1,2")
        Traceback (most recent call last):
        pydantic_core._pydantic_core.ValidationError: 1 validation error for ...
          Value error, '1,2' is not a number (write 1200, 1,200 or 12.5; a dot marks decimals) ...
        >>> page.validate_python("2.5")
        Traceback (most recent call last):
        pydantic_core._pydantic_core.ValidationError: 1 validation error for ...
          Value error, must be a whole number, got 2.5 ...
    """

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        whole = int in kinds(source)

        def read(value: Any, validate: core_schema.ValidatorFunctionWrapHandler) -> Any:
            return validate(typed(value, whole=whole) if isinstance(value, str) else value)

        return core_schema.no_info_wrap_validator_function(read, handler(source))


def typed(text: str, *, whole: bool) -> TypedNumber | TypedWhole:
    """``text`` read as a number (``plain_number``: "1,200", "5.", "1e3"), a whole one when
    ``whole``, keeping the text; not one is a ``ValueError`` in the shared words.

    Example:
        >>> typed("1,200", whole=True), typed("61.0", whole=False).text
        (1200, '61.0')
        >>> typed("12.50", whole=True)
        Traceback (most recent call last):
        ValueError: must be a whole number, got 12.50
    """
    return plain_whole(text) if whole else TypedNumber(plain_number(text), text)
