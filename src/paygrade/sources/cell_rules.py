"""What a reference file's cells must hold: one rule for every reference source.

A reference table (CPI, OFLC, BLS, BEA) has no quarantine: one cell that is
not what its column holds rejects the whole file, naming the data row, the
column and the value, before anything is written. A cell that merely failed
to cast would otherwise be stored as NULL (or a negative wage as a wage).
Publishers' own symbols for "no value" (BLS ``#``, BEA ``(NA)``) are named per
column and kept apart from garbage.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from paygrade.normalize.money import GROUPED_BY_COMMAS
from paygrade.records import BadInputFile
from paygrade.sources.base import Con
from paygrade.sources.reading import quoted

# A number as the files print it, thousands separators allowed ("139,099,570"); a comma
# that groups no digits is no number ("304,7" had been read as 3047, a decimal comma
# dropped).
_GROUPED = GROUPED_BY_COMMAS.replace("{", "{{").replace("}", "}}")
NUMBER = (
    "TRY_CAST(CASE WHEN regexp_full_match(trim({0}), '" + _GROUPED + "') "
    "THEN replace(trim({0}), ',', '') ELSE trim({0}) END AS DOUBLE)"
)
# A whole number has at most 9 digits: it is stored as an INTEGER.
_VALID = {
    "number": f"coalesce({NUMBER} > 0 AND isfinite({NUMBER}), false)",
    "whole": "coalesce(regexp_full_match(trim({}), '[0-9]{{1,9}}'), false)",
    "text": "coalesce(trim({}) <> '', false)",
}
_MEANING = {"number": "a positive number", "whole": "a whole number"}


@dataclass(frozen=True)
class Cell:
    """What one column's cells hold: ``kind`` (number, whole or text), or one of
    the publisher's ``markers`` for a value not given (stored as NULL)."""

    kind: str
    markers: tuple[str, ...] = ()
    # A whole number's least and greatest values (a year, a count of months), if bounded.
    bounds: tuple[int, int] | None = None

    def valid_sql(self, column: str) -> str:
        """A SQL condition, true where the quoted ``column`` holds a good cell.

        Example:
            >>> Cell("text").valid_sql('"Area"')
            'coalesce(trim("Area") <> \\'\\', false)'
        """
        test = _VALID[self.kind].format(column)
        if self.bounds is not None:  # TRY_CAST: SQL's AND may cast before the pattern holds
            low, high = self.bounds
            within = f"TRY_CAST(trim({column}) AS BIGINT) BETWEEN {low} AND {high}"
            test = f"({test} AND coalesce({within}, false))"
        if not self.markers:
            return test
        listed = ", ".join("'" + m.replace("'", "''") + "'" for m in self.markers)
        return f"({test} OR coalesce({column} IN ({listed}), false))"

    def problem(self, cell: str | None) -> str:
        """Why ``cell`` is refused, in a user's words.

        Example:
            >>> Cell("number", ("(NA)",)).problem("n/a")
            "'n/a' is neither a positive number nor (NA)"
            >>> Cell("number", ("#", "*")).problem(None)
            'empty, neither a positive number nor one of #, *'
            >>> Cell("text").problem("  ")
            "'  ' is blank"
            >>> Cell("whole", bounds=(1, 12)).problem("99")
            "'99' is not a whole number from 1 to 12"
        """
        if self.kind == "text":
            return "empty" if cell is None else f"{cell!r} is blank"
        meaning = _MEANING[self.kind]
        if self.bounds is not None:
            meaning += " from {} to {}".format(*self.bounds)
        shown = "empty," if cell is None else f"{cell!r} is"
        if not self.markers:
            return f"{shown} not {meaning}"
        one_of = self.markers[0] if len(self.markers) == 1 else "one of " + ", ".join(self.markers)
        return f"{shown} neither {meaning} nor {one_of}"


def check_cells(con: Con, table: str, file_name: str, rules: Mapping[str, Cell]) -> None:
    """Raise ``BadInputFile`` for the first cell of ``table`` (by ``source_row``, then
    column order) that breaks its column's rule; the table is left as it was.

    Example:
        >>> import duckdb
        >>> con = duckdb.connect()
        >>> _ = con.execute("CREATE TABLE raw AS SELECT 1 AS source_row, '12' AS a, 'x' AS b")
        >>> check_cells(con, "raw", "f.csv", {"a": Cell("number"), "b": Cell("text")})
        >>> check_cells(con, "raw", "f.csv", {"a": Cell("number"), "b": Cell("number")})
        Traceback (most recent call last):
        paygrade.records.BadInputFile: f.csv: data row 1, b: 'x' is not a positive number
    """
    names = list(rules)
    bad = " UNION ALL ".join(
        f"SELECT source_row, {i} AS position, CAST({quoted(name)} AS VARCHAR) AS cell "
        f"FROM {table} WHERE NOT {rules[name].valid_sql(quoted(name))}"
        for i, name in enumerate(names)
    )
    first = con.execute(f"SELECT * FROM ({bad}) ORDER BY source_row, position LIMIT 1").fetchall()
    if first:
        source_row, position, cell = first[0]
        name = names[position]
        raise BadInputFile(
            f"{file_name}: data row {source_row}, {name}: {rules[name].problem(cell)}"
        )
