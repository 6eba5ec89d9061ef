"""paygrade.arrays builds the arrays pa.array builds, from their buffers (pa.array imports
pandas to ask whether a list is a pandas object)."""

from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paygrade.arrays import bool_array, int_array, text_array

# No deadline: a shared machine's load is no failure of an array.
unhurried = settings(deadline=None)


@unhurried
@given(st.lists(st.none() | st.text()))
def test_text_array_is_pa_arrays_string_array(values: list[str | None]) -> None:
    made = text_array(values)
    made.validate(full=True)
    assert made.equals(pa.array(values, pa.string()))
    assert made.null_count == values.count(None)


@unhurried
@given(st.lists(st.none() | st.booleans()))
def test_bool_array_is_pa_arrays_boolean_array(values: list[bool | None]) -> None:
    made = bool_array(values)
    made.validate(full=True)
    assert made.equals(pa.array(values, pa.bool_()))


@unhurried
@given(st.lists(st.integers(-(2**31), 2**31 - 1)), st.sampled_from([pa.int32(), pa.int64()]))
def test_int_array_is_pa_arrays_integer_array(values: list[int], kind: pa.DataType) -> None:
    made = int_array(values, kind)
    made.validate(full=True)
    assert made.equals(pa.array(values, kind))


@pytest.mark.parametrize("build", [text_array, lambda values: pa.array(values, pa.string())])
def test_text_that_utf_8_cannot_encode_is_refused_as_pa_array_refuses_it(
    build: Callable[[list[str]], pa.Array],
) -> None:
    with pytest.raises(UnicodeEncodeError, match="surrogates not allowed"):
        build(["\ud800"])
