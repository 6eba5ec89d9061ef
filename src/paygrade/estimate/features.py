"""Features: a DataFrame of canonical fields -> what the quantile models read.

Text columns become pandas categoricals with the categories seen in ``fit``, so
that a value never seen (a new company) is simply missing at predict time;
numeric columns pass through. Rows are keyed by experience level and US /
non-US for the group-conditional calibration.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

import numpy as np
import pandas as pd

from paygrade.normalize.titles import title_form

UNKNOWN = "unknown"
# Text fields learned in a form that folds the spellings of one value together: a
# title's case, punctuation, abbreviations and level words (``titles.title_form``: "Sr.
# ML Engineer" and "SENIOR MACHINE LEARNING ENGINEER" are both "senior machine learning
# engineer"). Learned as written, the H-1B filings' 34,282 spellings split one job into
# categories whose effects differed by up to 23% ("Sr Software Engineer" $154,600, "Sr.
# Software Engineer" $130,500) (docs/methodology.md).
FORMS: dict[str, Callable[[str], str]] = {"title": title_form}
# Columns of up to this many rows are read cell by cell (``per_value``): an estimate's
# frames hold 1-500 rows, where pandas' astype and factorize cost 90-300 us a column
# against 1-110 us for a Python loop (an estimate reads ~80 such columns: a tenth of
# its time); a training frame's 200,000 rows are factorized.
FEW_ROWS = 500


def as_frame(X: Any) -> pd.DataFrame:
    """A DataFrame from a DataFrame, a 2-D array or a list of rows (columns x0, x1, ...).

    Example:
        >>> list(as_frame([[1, 2]]).columns)
        ['x0', 'x1']
    """
    if isinstance(X, pd.DataFrame):
        return X
    array = np.asarray(X)
    if array.ndim != 2:
        raise ValueError(f"expected 2-D input (rows x fields), got {array.ndim}-D")
    return pd.DataFrame(array, columns=[f"x{i}" for i in range(array.shape[1])])


def is_numeric(column: pd.Series) -> bool:
    """Whether a column is used as a number (else as a category).

    Example:
        >>> is_numeric(pd.Series([1, 2])), is_numeric(pd.Series(["a"]))
        (True, False)
    """
    return bool(pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column))


def learned_forms(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with each ``FORMS`` field in the form the model learns (a value with no
    form, a title of no word, is missing); other columns as they are.

    Example:
        >>> titles = pd.DataFrame({"title": ["Sr. ML Engineer", "-", None]})
        >>> learned_forms(titles)["title"].tolist()
        ['senior machine learning engineer', None, None]
    """
    folded = frame
    for name, form in FORMS.items():
        if name not in frame.columns or is_numeric(frame[name]):
            continue
        learned = per_value(frame[name], _or_none(form), None)
        folded = folded.assign(**{name: pd.Series(learned, index=frame.index, dtype=object)})
    return folded


def categories(
    frame: pd.DataFrame, min_count: int = 1, max_count: int = 1000
) -> dict[str, list[str]]:
    """Per text column, its values held by ``min_count`` rows or more (at most ``max_count``
    of the most frequent), sorted: rarer values are treated like unseen ones.

    Example:
        >>> categories(pd.DataFrame({"a": ["y", "x", "y", None], "b": [1, 2, 3, 4]}), 2)
        {'a': ['y']}
    """
    found = {}
    for name in frame.columns:
        if is_numeric(frame[name]):
            continue
        counts = frame[name].dropna().astype(str).value_counts()
        kept = counts[counts >= min_count].index[:max_count]
        found[str(name)] = sorted(str(v) for v in kept)
    return found


def encode(
    frame: pd.DataFrame, columns: list[str], cats: Mapping[str, list[str]]
) -> np.ndarray[Any, np.dtype[np.float64]]:
    """The model's view as floats: the fit columns in order, a text value as the number of
    its category (unseen or missing: NaN), numbers as they are.

    Example:
        >>> encode(pd.DataFrame({"a": ["y", "new"], "b": [1, None]}), ["a", "b"], {"a": ["x", "y"]})
        array([[ 1.,  1.],
               [nan, nan]])
    """
    out = np.full((len(frame), len(columns)), np.nan)
    for j, name in enumerate(columns):
        if name not in frame.columns:
            continue
        if name in cats:
            out[:, j] = _category_numbers(frame[name], cats[name])
        else:
            out[:, j] = pd.to_numeric(frame[name], errors="coerce").to_numpy(dtype=float)
    return out


def novel(frame: pd.DataFrame, cats: Mapping[str, list[str]]) -> dict[str, list[bool]]:
    """Per text field the model knows, whether each row holds a value it did not learn
    (never seen, or rarer than the fit's minimum count): a value whose effect is unknown.

    Example:
        >>> novel(pd.DataFrame({"company": ["Acme", "Tiny", None]}), {"company": ["Acme"]})
        {'company': [False, True, False]}
    """
    found = {}
    for name, known in cats.items():
        if name in frame.columns:
            found[name] = unseen_in(frame[name], known).tolist()
    return found


def per_value(column: pd.Series, value_of: Callable[[str], Any], missing: Any) -> np.ndarray:
    """Per row, ``value_of`` the cell read as text (``str``), or ``missing`` for a cell with
    no value, computed once per distinct value: a training frame's 200,000 rows hold a few
    thousand, and calling Python per row was a third of ``paygrade train``'s time.

    Example:
        >>> per_value(pd.Series(["a", None, "a", 7]), str.upper, "-").tolist()
        ['A', '-', 'A', '7']
    """
    if len(column) <= FEW_ROWS:
        return _per_row(column.tolist(), value_of, missing)
    cells = column.astype(object)
    codes, distinct = pd.factorize(cells, use_na_sentinel=True)
    if not all(isinstance(value, str) for value in distinct):
        # 1, 1.0 and True are one key to a hash table but three texts: row by row.
        return np.array(
            [missing if is_missing(v) else value_of(str(v)) for v in cells.tolist()], dtype=object
        )
    # The last entry answers the missing cells (factorize's code -1).
    answers = np.empty(len(distinct) + 1, dtype=object)
    answers[:-1] = [value_of(value) for value in distinct]
    answers[-1] = missing
    return answers[codes]


def _per_row(cells: list[Any], value_of: Callable[[str], Any], missing: Any) -> np.ndarray:
    """``per_value`` of a few cells, a text's answer computed once (a dict, not pandas).

    Example:
        >>> _per_row(["a", None, "a", 7, True], str.upper, "-").tolist()
        ['A', '-', 'A', '7', 'TRUE']
    """
    answers: dict[str, Any] = {}
    out = np.empty(len(cells), dtype=object)
    for i, cell in enumerate(cells):
        if isinstance(cell, str):  # 1, 1.0 and True are one key to a dict but three texts
            if cell not in answers:
                answers[cell] = value_of(cell)
            out[i] = answers[cell]
        else:
            out[i] = missing if is_missing(cell) else value_of(str(cell))
    return out


def unseen_in(column: pd.Series, known: Collection[str]) -> np.ndarray:
    """Per row, whether the cell holds a value not in ``known`` (a missing one holds none).

    Example:
        >>> unseen_in(pd.Series(["a", "b", None]), ["a"]).tolist()
        [False, True, False]
    """
    held = per_value(column, set(known).__contains__, True)
    return ~held.astype(bool)


def _category_numbers(column: pd.Series, categories: list[str]) -> np.ndarray:
    """Per row, the number of its value's category; NaN for one unseen or missing."""
    numbers = {value: float(i) for i, value in enumerate(categories)}
    return per_value(column, lambda text: numbers.get(text, np.nan), np.nan).astype(float)


def _or_none(form: Callable[[str], str]) -> Callable[[str], str | None]:
    """``form``, with a value of no form (an empty one) as None."""
    return lambda text: form(text) or None


def is_missing(value: Any) -> bool:
    """Whether a cell holds no value (None, NaN or NA)."""
    return value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA


def group_keys(frame: pd.DataFrame) -> list[str]:
    """Calibration group per row: experience level x US / non-US ("unknown" when absent).

    Example:
        >>> group_keys(pd.DataFrame({"level": ["senior", None], "country": ["US", "DE"]}))
        ['senior|US', 'unknown|non-US']
    """
    n = len(frame)
    level = frame["level"] if "level" in frame.columns else pd.Series([None] * n)
    country = frame["country"] if "country" in frame.columns else pd.Series([None] * n)
    keys = []
    for lv, co in zip(level.tolist(), country.tolist(), strict=True):
        region = UNKNOWN if is_missing(co) else ("US" if co == "US" else "non-US")
        keys.append(f"{UNKNOWN if is_missing(lv) else lv}|{region}")
    return keys


def duplicate_ids(frame: pd.DataFrame, y: Any = None) -> np.ndarray[Any, np.dtype[np.int64]]:
    """An id per distinct row (with its salary): copies share it, so splits keep them together.

    Example:
        >>> duplicate_ids(pd.DataFrame({"a": ["x", "x", "y"]}), [1, 1, 1]).tolist()
        [0, 0, 1]
    """
    table = frame.reset_index(drop=True).astype(object)
    if y is not None:
        table = table.assign(__y=np.asarray(y))
    hashes = pd.util.hash_pandas_object(table, index=False).to_numpy()
    _, ids = np.unique(hashes, return_inverse=True)
    order = {v: i for i, v in enumerate(dict.fromkeys(ids.tolist()))}
    return np.asarray([order[v] for v in ids.tolist()], dtype=np.int64)
