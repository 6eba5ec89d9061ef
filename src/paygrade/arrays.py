"""Arrow arrays made from Python lists without ``pa.array``.

Why: ``pa.array(list)`` asks whether the list is a pandas object, and to ask it imports
pandas, half a second of CPU once per process (a third of a one-file ``paygrade
ingest``'s). Built from their buffers (numpy comes with pyarrow), the arrays are the
same, and DuckDB scans a registered Arrow table without copying it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyarrow as pa

# A string array's offsets are 32-bit; past this many bytes of text its large twin's are
# 64-bit (DuckDB reads both as VARCHAR).
_MAX_STRING_BYTES = 2**31 - 1


def text_array(values: Sequence[str | None]) -> pa.Array:
    """``values`` (text or None) as an Arrow string array, as ``pa.array(values, pa.string())``.

    Example:
        >>> text_array(["a", None, "é"]).to_pylist()
        ['a', None, 'é']
        >>> text_array(["a", None]).type, text_array(["a", None]).null_count
        (DataType(string), 1)
    """
    encoded = [b"" if value is None else value.encode() for value in values]
    count = len(encoded)
    offsets = np.zeros(count + 1, np.int64)
    np.cumsum(np.fromiter(map(len, encoded), np.int64, count), out=offsets[1:])
    kind = pa.string() if offsets[-1] <= _MAX_STRING_BYTES else pa.large_string()
    if kind == pa.string():
        offsets = offsets.astype(np.int32)
    buffers = [pa.py_buffer(offsets), pa.py_buffer(b"".join(encoded))]
    return _with_nulls(kind, values, buffers)


def bool_array(values: Sequence[bool | None]) -> pa.Array:
    """``values`` as an Arrow boolean array, as ``pa.array(values, pa.bool_())``.

    Example:
        >>> bool_array([True, None, False]).to_pylist()
        [True, None, False]
    """
    bits = np.fromiter((bool(value) for value in values), np.bool_, len(values))
    return _with_nulls(pa.bool_(), values, [_bitmap(bits)])


def int_array(values: Sequence[int], kind: pa.DataType) -> pa.Array:
    """``values`` (no None) as an Arrow integer array of ``kind`` (``pa.int64()``, ...).

    Example:
        >>> int_array(range(1, 4), pa.int32()).to_pylist(), int_array([], pa.int64()).type
        ([1, 2, 3], DataType(int64))
    """
    numbers = np.fromiter(values, np.dtype(f"int{kind.bit_width}"), len(values))
    return pa.Array.from_buffers(kind, len(values), [None, pa.py_buffer(numbers)], null_count=0)


def _with_nulls(kind: pa.DataType, values: Sequence[object], buffers: list[pa.Buffer]) -> pa.Array:
    """The array of ``kind`` from its data ``buffers``, None in ``values`` null."""
    count = len(values)
    present = np.fromiter((value is not None for value in values), np.bool_, count)
    nulls = count - int(present.sum())
    validity = _bitmap(present) if nulls else None
    return pa.Array.from_buffers(kind, count, [validity, *buffers], null_count=nulls)


def _bitmap(bits: np.ndarray) -> pa.Buffer:
    """Arrow's bitmaps are least-significant bit first."""
    return pa.py_buffer(np.packbits(bits, bitorder="little"))
