"""Extraction precision and recall of the claims checker on the hand-labelled fixture articles,
and with a store the speed of checking them.

A claim counts as found when its figure text, statistic, level, company and role
all match a labelled claim (each labelled claim matches once). Prints one line per
article and the total. No store is needed for that: it measures extraction only.

With --db STORE: the time to check the fixture articles, one after another
(--copies times: a long article), as ``check_text`` does (the store's values per
field loaded, and each distinct question of the data asked, once for all claims:
``claims.answers``) against each claim checked on its own (both per claim, as before
2026-12-01), best of --repeat, and their ratio.

Also: extraction time per claim of the claims pasted as a list without a full stop, at
1x, 4x and 16x its lines, over 1x's (1.0: linear); and per figure of 1,000, 4,000 and
16,000 figures in a row ("$1 $1 ..."), over 1,000's.

Run: .venv/bin/python benchmarks/claims.py [--db STORE] [--copies 5] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from stores import existing

from paygrade.claims import Claim, check_claim, check_text, extract_claims, in_dollars

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
GOLD = FIXTURES / "fixture-claims-gold.json"


LABELS = ("text", "statistic", "level", "company", "role")


def key(claim: Claim) -> tuple[str | None, ...]:
    return (claim.text, claim.statistic, *(claim.subject[label] for label in LABELS[2:]))


def score(name: str, labelled: list[dict[str, str | None]]) -> tuple[int, int, int]:
    """(matched, extracted, labelled) for one article."""
    found = Counter(key(c) for c in extract_claims((FIXTURES / name).read_text("utf-8")))
    wanted = Counter(tuple(g[label] for label in LABELS) for g in labelled)
    matched = sum((found & wanted).values())
    return matched, sum(found.values()), sum(wanted.values())


def best(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def speed(db: Path, names: list[str], copies: int, repeat: int) -> None:
    """Checking time: values and answers once per text (check_text) against per claim."""
    from paygrade.store import Store

    text = "\n\n".join((FIXTURES / name).read_text("utf-8") for name in names) + "\n\n"
    text *= copies
    store = Store.open(existing(db), read_only=True)  # a typo had made an empty store
    try:
        claims = [in_dollars(store, c) for c in extract_claims(text)]
        shared = best(lambda: check_text(store, text), repeat)
        alone = best(lambda: [check_claim(store, c) for c in claims], repeat)
    finally:
        store.close()
    print(f"checking {len(claims)} claims ({copies} copies of the articles, best of {repeat}):")
    print(f"  check_text (each question asked once) {shared:.2f} s")
    print(f"  each claim alone (asked per claim)    {alone:.2f} s")
    print(f"  ratio: {alone / shared:.2f}x faster")


def pasted_list(gold: dict[str, Any], times: int) -> str:
    """The labelled claims as a list pasted without a full stop ("Google, senior ML
    engineer, $250,000," a line): one segment, read as a whole before each figure. Each
    line ends in a comma: without it each line is a sentence (``line_starts_sentence``)."""
    lines = [
        f"{c['company'] or 'Acme'}, {c['level'] or 'mid'} ML engineer, {c['text']},"
        for labels in gold.values()
        for c in labels["claims"]
    ]
    return "\n".join(lines * times) + "\n"


def scaling(gold: dict[str, Any], repeat: int) -> None:
    """Extraction time per figure of a pasted list at 1x, 4x and 16x its lines, over 1x's:
    1.0 is linear (each figure had read the whole list before it: quadratic, 300 lines 52 s)."""
    base = None
    for times in (1, 4, 16):
        text = pasted_list(gold, times)
        figures = len(extract_claims(text))
        seconds = best(lambda text=text: extract_claims(text), repeat)
        per = seconds / max(figures, 1)
        base = base or per
        print(f"  pasted list x{times:<2} {len(text):>7,} characters, {figures:>5,} claims: "
              f"{seconds:.2f} s, time per claim {per / base:.2f} of 1x's")  # fmt: skip


def figures_in_a_row(repeat: int) -> None:
    """Extraction time per figure of 1,000, 4,000 and 16,000 figures in a row, over
    1,000's: 1.0 is linear (each figure had searched the text before it for a period
    said before it: 4,000 figures 8.6 s, 16,000 over a minute)."""
    base = None
    for count in (1000, 4000, 16000):
        text = "$1 " * count
        seconds = best(lambda text=text: extract_claims(text), repeat)
        per = seconds / count
        base = base or per
        print(f"  {count:>6,} figures in a row: {seconds:.2f} s, time per figure "
              f"{per / base:.2f} of 1,000's")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("--db", type=Path, help="a store: also time the checking")
    parser.add_argument("--copies", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    gold = {k: v for k, v in json.loads(GOLD.read_text("utf-8")).items() if not k.startswith("_")}
    totals = [0, 0, 0]
    for name, labels in gold.items():
        matched, extracted, labelled = score(name, labels["claims"])
        labelled += len(labels["known_misses"])  # a known miss still counts against recall
        totals = [a + b for a, b in zip(totals, (matched, extracted, labelled), strict=True)]
        print(f"{name}: precision {matched / extracted:.2f}, recall {matched / labelled:.2f}")
    matched, extracted, labelled = totals
    print(
        f"all: precision {matched / extracted:.2f}, recall {matched / labelled:.2f} "
        f"({matched} of {labelled} labelled claims, {extracted} extracted)"
    )
    print("extraction of a list pasted without a full stop (one segment):")
    scaling(gold, args.repeat)
    print("extraction of figures in a row:")
    figures_in_a_row(args.repeat)
    if args.db is not None:
        speed(args.db, list(gold), args.copies, args.repeat)


if __name__ == "__main__":
    main()
