"""Extraction precision and recall of the claims checker on the hand-labelled fixture articles.

A claim counts as found when its figure text, statistic, level and company all
match a labelled claim (each labelled claim matches once). Prints one line per
article and the total. No store is needed: this measures extraction only.

Run: .venv/bin/python benchmarks/claims.py
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from paygrade.claims import Claim, extract_claims

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
GOLD = FIXTURES / "fixture-claims-gold.json"


def key(claim: Claim) -> tuple[str, str, str | None, str | None]:
    return (claim.text, claim.statistic, claim.subject["level"], claim.subject["company"])


def score(name: str, labelled: list[dict[str, str | None]]) -> tuple[int, int, int]:
    """(matched, extracted, labelled) for one article."""
    found = Counter(key(c) for c in extract_claims((FIXTURES / name).read_text("utf-8")))
    wanted = Counter((g["text"], g["statistic"], g["level"], g["company"]) for g in labelled)
    matched = sum((found & wanted).values())
    return matched, sum(found.values()), sum(wanted.values())


def main() -> None:
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


if __name__ == "__main__":
    main()
