"""The submissions queue's privacy and robustness: the client kept keyed and for the rate
limit's hour only, reads that read on a full disk, an admin's reason counted as given."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from paygrade import submissions
from paygrade.config import Settings
from paygrade.store import Store
from paygrade.submissions import BadSubmission, pending, queue_path, submit
from tests.test_cli import short_of_room
from tests.test_submissions import GOOD

NOW = 1_700_000_000.0


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(db=tmp_path / "paygrade.duckdb", submissions_per_hour=3)


def clients(settings: Settings) -> dict[int, str | None]:
    with closing(sqlite3.connect(queue_path(settings))) as con:
        return dict(con.execute("SELECT id, client FROM submissions ORDER BY id").fetchall())


# -- the client: keyed, and for the rate limit's hour only --------------------------------


def test_the_client_is_kept_as_a_keyed_hash_not_its_sha256(settings: Settings) -> None:
    # It was sha256("198.51.100.1"): every IPv4 address hashed in minutes names the sender.
    submit(settings, GOOD, client="198.51.100.1", now=NOW)
    [kept] = clients(settings).values()
    assert kept is not None and kept != hashlib.sha256(b"198.51.100.1").hexdigest()
    key = submissions.key_path(settings)
    assert key.stat().st_mode & 0o777 == 0o600 and len(key.read_bytes()) == 32
    assert list(key.parent.glob("*.new")) == []  # made whole, then linked


def test_a_client_is_forgotten_once_past_the_rate_limits_hour(settings: Settings) -> None:
    # Approved, rejected and pending rows all kept it for good.
    submit(settings, GOOD, client="198.51.100.1", now=NOW)
    submit(settings, GOOD, client="198.51.100.2", now=NOW + 1800)
    submit(settings, GOOD, client="198.51.100.3", now=NOW + 3600)
    kept = clients(settings)
    assert kept[1] is None and kept[2] is not None and kept[3] is not None


def test_the_rate_limit_still_counts_a_client_within_the_hour(settings: Settings) -> None:
    for minute in range(3):
        submit(settings, GOOD, client="a", now=NOW + 60 * minute)
    with pytest.raises(submissions.TooManySubmissions):
        submit(settings, GOOD, client="a", now=NOW + 3599)
    submit(settings, GOOD, client="a", now=NOW + 3601)


def test_a_queue_of_the_first_schema_forgets_its_unsalted_clients(settings: Settings) -> None:
    old = hashlib.sha256(b"198.51.100.1").hexdigest()
    with closing(sqlite3.connect(queue_path(settings), isolation_level=None)) as con:
        for statement in submissions._MIGRATIONS[0]:
            con.execute(statement)
        con.execute(
            "INSERT INTO submissions (submission, client, submitted_at) VALUES (?, ?, ?)",
            ['{"title": "ML Engineer"}', old, NOW],
        )
        con.execute("PRAGMA user_version = 1")
    assert [row["title"] for row in pending(settings)] == ["ML Engineer"]  # migrated
    assert clients(settings) == {1: None}
    assert submit(settings, GOOD, client="a", now=NOW)["id"] == 2  # ids go on


# -- a full disk: a read reads, an approval says it stays pending -------------------------


def test_a_listing_on_a_full_disk_reads_the_queue(settings: Settings) -> None:
    # It was status 74, "error: cannot write ...: disk I/O error; nothing was saved, try
    # again later": opening the queue wrote (its WAL's shared memory), for a read.
    submit(settings, GOOD, client="a")
    Store.open(settings.db).close()  # the queue's store, which the commands ask for
    done = short_of_room(8, "--db", settings.db, "submissions", "list", "--format", "json")
    assert (done.returncode, done.stderr) == (0, "")
    assert [row["id"] for row in json.loads(done.stdout)] == [1]


def test_an_approval_on_a_full_disk_says_it_stays_pending(settings: Settings) -> None:
    # It said "nothing was saved, try again later": its first look at the queue wrote.
    submit(settings, GOOD, client="a")
    Store.open(settings.db).close()
    done = short_of_room(8, "--db", settings.db, "submissions", "approve", "1")
    assert (done.returncode, done.stderr) == (
        74,
        f"error: cannot write {queue_path(settings)}: disk I/O error; submission 1 stays "
        "pending: approve it again once there is room\n",
    )
    assert [row["id"] for row in pending(settings)] == [1]


# What the server's core answers with no file allowed past 8 KiB: a listing, the thanks
# page's look-up and an approval (POST /api/v1/submissions/ID/approve).
_SERVER_SHORT_OF_ROOM = """
import resource, sys
from pathlib import Path
from paygrade.config import Settings
from paygrade.records import CannotWrite
from paygrade.submissions import approve_and_publish, queue, receipt, received
settings = Settings(db=Path(sys.argv[1]))
resource.setrlimit(resource.RLIMIT_FSIZE, (8192, 8192))
for ask in (lambda: [r["id"] for r in queue(settings)],
            lambda: received(settings, receipt(settings)),
            lambda: approve_and_publish(settings, 1, wait=5.0)):
    try:
        print(ask())
    except CannotWrite as exc:
        print(exc)
"""


def test_the_servers_reads_on_a_full_disk_read_and_its_approval_stays_pending(
    settings: Settings,
) -> None:
    submit(settings, GOOD, client="a")
    Store.open(settings.db).close()
    done = subprocess.run(
        [sys.executable, "-c", _SERVER_SHORT_OF_ROOM, str(settings.db)],
        capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    assert done.stdout.splitlines() == [
        "[1]",
        "True",
        f"cannot write {queue_path(settings)}: disk I/O error; submission 1 stays pending: "
        "approve it again once there is room",
    ]


# -- a decision's reason: the admin's text counted, and named as what is wrong ------------


def test_a_withdrawal_takes_a_reason_of_500_characters(settings: Settings) -> None:
    # The schema says maxLength 500, yet 475 to 500 were refused "bad submission: reason:
    # longer than 500 characters": the "withdrawn after approval: " lead was counted.
    submit(settings, GOOD, client="a")
    given = "spam " * 99 + "spam!"  # 500 characters
    with closing(Store.open(settings.db)) as store:
        submissions.approve(store, settings, 1)
        done = submissions.withdraw(store, settings, 1, given)
    assert done["reason"] == f"{submissions.WITHDRAWN}: {given}"
    assert [row["reason"] for row in submissions.queue(settings, "rejected")] == [done["reason"]]


@pytest.mark.parametrize("decide", ["reject", "withdraw"])
def test_a_reason_too_long_is_said_as_the_reasons_fault(settings: Settings, decide: str) -> None:
    submit(settings, GOOD, client="a")
    with closing(Store.open(settings.db)) as store, pytest.raises(BadSubmission) as refused:
        if decide == "reject":
            submissions.reject(settings, 1, "x" * 501)
        else:
            submissions.withdraw(store, settings, 1, "x" * 501)
    assert str(refused.value) == "bad reason: longer than 500 characters"
    assert refused.value.errors == {"reason": "longer than 500 characters"}


# -- the store holding approved submissions: its owner's, as the queue is -----------------


def test_a_new_store_and_its_published_copy_are_their_owners_alone(tmp_path: Path) -> None:
    # Made -rw-r--r-- under a umask of 022 (and each copy for readers with its mode):
    # approved submissions' rows, never listed one by one, readable by anyone on the machine.
    from paygrade.store.snapshot import publish

    db = tmp_path / "store.duckdb"
    umask = os.umask(0o022)
    try:
        with closing(Store.open(db)) as store:
            copy = publish(store)
    finally:
        os.umask(umask)
    assert db.stat().st_mode & 0o777 == 0o600
    assert copy.resolve().stat().st_mode & 0o777 == 0o600
    db.chmod(0o640)  # shared on purpose (a server run as another user): the copy follows
    with closing(Store.open(db)) as store:
        assert publish(store).resolve().stat().st_mode & 0o777 == 0o640
    assert db.stat().st_mode & 0o777 == 0o640  # an existing store keeps its mode
