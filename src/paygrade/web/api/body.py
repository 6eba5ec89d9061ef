"""``Body``: what every JSON body the API reads is built on."""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel, ValidationInfo, field_validator

from paygrade.records import number_wanted
from paygrade.web.deps import kinds


class Body(BaseModel):
    """A request body whose numbers are numbers: pydantic reads JSON's ``true`` as 1, so
    ``"years_experience": true`` was an estimate for one year of experience, and
    ``"base": true`` an offer of one dollar.

    Example:
        >>> class Asked(Body):
        ...     years: float | None = None
        ...     remote: int | str | None = None
        >>> Asked.model_validate({"years": 3}).years
        3.0
        >>> Asked.model_validate({"years": True})
        Traceback (most recent call last):
        pydantic_core._pydantic_core.ValidationError: 1 validation error for Asked
        years
          Value error, input should be a number, not true or false ...
        >>> Asked.model_validate({"years": "3"})
        Traceback (most recent call last):
        pydantic_core._pydantic_core.ValidationError: 1 validation error for Asked
        years
          Value error, input should be a number, not text: '3' ...
        >>> Asked.model_validate({"remote": "yes"}).remote
        'yes'
    """

    @field_validator("*", mode="before")
    @classmethod
    def _no_truth_as_a_number(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        if field is None or not _takes_a_number(field.annotation):
            return value
        # "185000" was converted, while the MCP tool refused it (values as typed): JSON's
        # numbers are numbers, and "185k" had been refused here anyway. Text is echoed, and
        # an array, an object or 1e400 (read as infinity) said as the MCP tools say them,
        # not pydantic's "input should be a valid integer" / "... a finite number".
        other = isinstance(value, str | list | dict) or not _finite(value)
        if isinstance(value, bool) or (other and str not in kinds(field.annotation)):
            raise ValueError(number_wanted(value))
        return value


def _finite(value: Any) -> bool:
    return not isinstance(value, float) or math.isfinite(value)


def _takes_a_number(annotation: Any) -> bool:
    """Whether a field's type takes an int or a float.

    Example:
        >>> _takes_a_number(float | None), _takes_a_number(str | None), _takes_a_number(bool)
        (True, False, False)
    """
    return any(kind in (int, float) for kind in kinds(annotation))
