"""A rebuild writes the places table again only when today's rules make it otherwise: the
same rows committed had published a new copy of the same data when the rebuild was then
interrupted ("none of 19 files rebuilt", a server's cached answers thrown away)."""

from __future__ import annotations

import shutil
from pathlib import Path

from paygrade.rebuild import _places_by_these_rules
from paygrade.store import Store


def test_places_as_the_rules_make_them_are_not_written_again(real_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "store.duckdb"
    shutil.copyfile(real_db, db)
    store = Store.open(db)
    try:
        held = store.scalar("SELECT count(*) FROM places")
        _places_by_these_rules(store)
        assert store.commits == 0 and held > 1000  # the same rows: nothing written
        with store.transaction() as con:  # a place the rules make, gone: written again
            con.execute("DELETE FROM places WHERE rowid = (SELECT min(rowid) FROM places)")
        before = store.commits
        _places_by_these_rules(store)
        assert store.commits == before + 1
        assert store.scalar("SELECT count(*) FROM places") == held
    finally:
        store.close()
