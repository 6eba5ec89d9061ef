"""`paygrade company`'s note on flagged records names a command that counts them: it had
named --include-flagged, an option `company` does not have (status 2, "No such option")."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from paygrade.formats import stats_notes
from paygrade.records import FLAGGED_MEANS
from tests.test_cli import ok, run

# A company of the real data with one record flagged implausible (a lawyer's filing).
FLAGGED_COMPANY = "Baker & McKenzie"


def test_the_note_of_a_given_command_names_it() -> None:
    result = {"groups": [], "flagged_excluded": 2}
    said = stats_notes(result, flagged="paygrade stats --where company=X --include-flagged")
    assert said == [
        f"left out: 2 flagged records (each {FLAGGED_MEANS}; "
        "paygrade stats --where company=X --include-flagged counts them)"
    ]
    # stats' own note is unchanged: its option
    assert stats_notes(result) == [
        f"left out: 2 flagged records (each {FLAGGED_MEANS}; --include-flagged counts them)"
    ]


def test_company_names_a_command_that_counts_its_flagged_records(real_db: Path) -> None:
    table = ok("--db", real_db, "company", FLAGGED_COMPANY)
    notes = re.findall(
        r"^left out: 1 flagged record \(an implausible .*; (.*) counts it\)$", table, re.M
    )
    assert notes, table
    assert "--include-flagged" not in {note.strip() for note in notes}  # not the bare option
    for note in notes:
        command = shlex.split(note)
        assert command[:2] == ["paygrade", "stats"] and "--include-flagged" in command
        # The command the note names runs, and counts the flagged record.
        done = run("--db", real_db, *command[1:], "--format", "json")
        assert done.returncode == 0, done.stderr
        assert '"flagged_excluded": 0' in done.stdout
