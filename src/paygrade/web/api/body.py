"""``Body``: what every JSON body the API reads is built on."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationInfo, field_validator

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
          Value error, input should be a number, not text ...
        >>> Asked.model_validate({"remote": "yes"}).remote
        'yes'
    """

    @field_validator("*", mode="before")
    @classmethod
    def _no_truth_as_a_number(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        if field is None or not _takes_a_number(field.annotation):
            return value
        if isinstance(value, bool):
            raise ValueError("input should be a number, not true or false")
        # "185000" was converted, while the MCP tool refused it (values as typed): JSON's
        # numbers are numbers, and "185k" had been refused here anyway.
        if isinstance(value, str) and str not in kinds(field.annotation):
            raise ValueError("input should be a number, not text")
        return value


def _takes_a_number(annotation: Any) -> bool:
    """Whether a field's type takes an int or a float.

    Example:
        >>> _takes_a_number(float | None), _takes_a_number(str | None), _takes_a_number(bool)
        (True, False, False)
    """
    return any(kind in (int, float) for kind in kinds(annotation))
