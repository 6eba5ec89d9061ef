"""A submission's problems said at once: the checks of fields taken together (place,
amounts' bounds) beside a field that could not be read. The form had marked "10+" years
alone, then, sent again, a base of "1,5" below the floor."""

from __future__ import annotations

import pytest

from paygrade.normalize.submission import BadSubmission, validate

GOOD = {"title": "ML Engineer", "year": "2024", "base": "150,000", "country": "US"}


def errors_of(data: dict[str, object]) -> dict[str, str]:
    with pytest.raises(BadSubmission) as refused:
        validate(data)
    return refused.value.errors


def test_a_base_below_the_floor_is_said_beside_an_unread_field() -> None:
    errors = errors_of({**GOOD, "years_experience": "10+", "base": "1,5"})
    assert set(errors) == {"years_experience", "base"}
    assert errors["base"].startswith("below 1,000 USD a year")


def test_a_place_that_does_not_go_together_is_said_beside_an_unread_field() -> None:
    errors = errors_of({**GOOD, "country": "GB", "state": "WA", "year": "1800"})
    assert set(errors) == {"year", "country"}
    assert errors["country"] == "a US metro or state goes with country US"


def test_what_reads_a_field_not_read_is_not_checked() -> None:
    # The bounds need the base and its currency; the place needs every place field.
    assert set(errors_of({**GOOD, "base": "lots", "bonus": "1"})) == {"base"}
    assert set(errors_of({**GOOD, "currency": "ZZZ", "base": "1"})) == {"currency"}
    assert set(errors_of({**GOOD, "country": "Narnia", "state": "WA"})) == {"country"}


def test_a_good_submission_is_taken() -> None:
    taken = validate({**GOOD, "state": "WA", "years_experience": "10"})
    assert (taken.base, taken.state, taken.years_experience) == (150_000, "WA", 10)
