"""The fifth round's CLI fixes: an option named as typed, an empty store before Spark."""

from __future__ import annotations

import pytest
import typer

from paygrade.cli import _PROFILE_HELP, _none_blank, app
from paygrade.records import PaygradeError


@pytest.mark.parametrize("field", list(_PROFILE_HELP))
def test_an_empty_profile_value_names_the_estimate_option_as_typed(field: str) -> None:
    # years_experience had been said "empty value for --years-experience", no option.
    options = [o for p in typer.main.get_command(app).commands["estimate"].params for o in p.opts]  # type: ignore[attr-defined]
    with pytest.raises(PaygradeError) as refused:
        _none_blank(**{field: " "})
    option = str(refused.value).removeprefix("empty value for ")
    assert option in options
