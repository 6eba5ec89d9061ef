"""Write the table of the median CI's ranks that paygrade.stats reads for small groups.

Run: .venv/bin/python scripts/median_ci_ranks_table.py

For each n below ``TABLED_BELOW``: the lower 1-based rank of the 95% interval of
the median (0 where there is none), as ``computed_ranks`` gives it, as unsigned
16-bit little-endian integers. The upper rank is n + 1 - lower: checked here for
every n, as the reader relies on it. tests/test_stats.py holds every entry to
scipy's binomial quantiles.
"""

from __future__ import annotations

import sys
from array import array
from importlib import resources

import numpy  # noqa: F401  (loaded: large tail sums run in it, as in a large answer)

from paygrade.stats import RANKS_TABLE, TABLED_BELOW, computed_ranks


def main() -> None:
    table = array("H")
    for n in range(TABLED_BELOW):
        ranks = computed_ranks(n)
        if ranks is not None and ranks[1] != n + 1 - ranks[0]:
            sys.exit(f"n = {n}: ranks {ranks} are not alike about the middle")
        table.append(0 if ranks is None else ranks[0])
    if sys.byteorder == "big":
        table.byteswap()
    path = resources.files("paygrade").joinpath(RANKS_TABLE)
    with resources.as_file(path) as target:
        target.write_bytes(table.tobytes())
        print(f"wrote {target}: ranks of n = 0 to {TABLED_BELOW - 1}")


if __name__ == "__main__":
    main()
