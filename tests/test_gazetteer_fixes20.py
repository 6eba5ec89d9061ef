"""The places gazetteer, kept on the machine: every process that ingested an OFLC
geography file, rebuilt, or read a township's name had built it again from the zipcodes
package (about 1.4 s of CPU each, hundreds of processes in the test suite). Now one
process builds it and keeps it in the user's cache folder (``paygrade.machine_cache``);
the next read it, unless an input changed (then it is built again), and a kept file cut
short, garbled or unwritable is no cache, silently."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import paygrade
from paygrade import machine_cache
from paygrade.normalize import places, rule_tables

SRC = Path(paygrade.__file__).parent.parent

# What a process's places are, and whether it loaded the zipcodes package's ZIP codes to
# make them.
_PLACES = """
import hashlib, json, zipcodes
loaded = []
list_all = zipcodes.list_all
zipcodes.list_all = lambda *args: loaded.append(1) or list_all(*args)
from paygrade.normalize.places import gazetteer, townships_apart
rows = sorted(gazetteer())
print(json.dumps({
    "rows": hashlib.sha256(repr(rows).encode()).hexdigest(),
    "count": len(rows),
    "townships": sorted(townships_apart()),
    "menlo_park": [row for row in rows if row[:2] == ("MENLO PARK", "CA")],
    "zipcodes_loaded": bool(loaded),
}))
"""


def _env(cache: Path, src: Path = SRC) -> dict[str, str]:
    return {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(src)}


def _places(cache: Path, src: Path = SRC) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", _PLACES], env=_env(cache, src), capture_output=True, text=True,
        timeout=300, check=False,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")  # a bad cache is said nowhere
    answer: dict[str, Any] = json.loads(done.stdout)
    return answer


def _kept(cache: Path) -> list[Path]:
    return sorted((cache / "paygrade").glob("*"))


def _same_places(one: dict[str, Any], other: dict[str, Any]) -> bool:
    return {k: v for k, v in one.items() if k != "zipcodes_loaded"} == {
        k: v for k, v in other.items() if k != "zipcodes_loaded"
    }


# A build costs ~2.3 s of CPU, and the tests below made ~17 of them (a third of their
# time): what a fresh cache's first process answers and keeps, and what a build in this
# process reads and makes, are each made once for the tests that start from them.
Kept = tuple[dict[str, Any], Path]


@pytest.fixture(scope="module")
def kept_first(tmp_path_factory: pytest.TempPathFactory) -> Kept:
    """What the first process on an empty cache folder answered, and the folder it kept
    its gazetteer in (no test writes to it: ``kept_copy`` for one that does)."""
    cache = tmp_path_factory.mktemp("kept-first") / "cache"  # made by the process
    return _places(cache), cache


def kept_copy(kept_first: Kept, cache: Path) -> Path:
    """``kept_first``'s kept gazetteer copied into the cache folder ``cache``: its path."""
    [kept] = _kept(kept_first[1])
    (cache / "paygrade").mkdir(parents=True)
    return Path(shutil.copy2(kept, cache / "paygrade" / kept.name))


Built = tuple[places.Gazetteer, list[str]]


@pytest.fixture(scope="module")
def built_here() -> Built:
    """A gazetteer built in this process, and the rule tables its build read."""
    read: list[str] = []

    def recorded(filename: str) -> list[dict[str, str]]:
        read.append(filename)
        return rule_tables.read_rules(filename)

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(places, "read_rules", recorded)
        places.place_aliases.cache_clear()
        try:
            built = places._build_gazetteer()
        finally:
            places.place_aliases.cache_clear()
    return built, read


def test_a_second_process_reads_the_gazetteer_the_first_kept(kept_first: Kept) -> None:
    first, cache = kept_first
    assert first["zipcodes_loaded"] and first["count"] > 30000
    assert [p.name.startswith("places-") for p in _kept(cache)] == [True]
    second = _places(cache)
    assert not second["zipcodes_loaded"]  # read, not built: no ZIP code was loaded
    assert _same_places(first, second)


def test_the_gazetteer_kept_is_the_one_built(built_here: Built, tmp_path: Path) -> None:
    built, _ = built_here
    # This process's, perhaps kept by another (whose set of keys ordered them otherwise).
    assert built.townships == places.townships_apart()
    assert sorted(built.rows) == sorted(places.gazetteer())
    path = tmp_path / "places.json"
    assert machine_cache.keep(path, {"townships": sorted(built.townships), "rows": built.rows})
    kept = places._gazetteer_of_json(machine_cache.held(path))
    assert kept == built  # the same rows in the same order, the same townships
    assert ("SHELBY", "MI") in kept.townships


def test_a_kept_gazetteer_of_another_shape_is_none() -> None:
    row = ["MENLO PARK", "CA", "Menlo Park", "San Mateo County"]
    assert places._gazetteer_of_json({"townships": [["SHELBY", "MI"]], "rows": [row]}) == (
        places.Gazetteer(frozenset({("SHELBY", "MI")}), (tuple(row),))
    )
    for garbled in (
        None, [], "rows", {"rows": [row]}, {"townships": [], "rows": [row[:3]]},
        {"townships": [], "rows": ["MENL"]}, {"townships": [], "rows": [[*row[:3], 1]]},
        {"townships": ["MI"], "rows": []}, {"townships": [["S", "MI"]], "rows": {"a": row}},
    ):  # fmt: skip
        assert places._gazetteer_of_json(garbled) is None, garbled


def test_a_kept_file_cut_short_garbled_or_unreadable_is_built_again(
    kept_first: Kept, tmp_path: Path
) -> None:
    first, _ = kept_first
    path = kept_copy(kept_first, tmp_path)
    assert not _places(tmp_path)["zipcodes_loaded"]  # whole, it is read
    whole = path.read_bytes()
    for garbled in (whole[: len(whole) // 2], b"\xff\x00 not json", b'{"rows": [["A"]]}'):
        path.write_bytes(garbled)
        again = _places(tmp_path)
        assert again["zipcodes_loaded"] and _same_places(again, first)
        assert path.read_bytes() != garbled  # kept whole again
        assert places._gazetteer_of_json(machine_cache.held(path)) is not None
    path.unlink()
    path.mkdir()  # unreadable as a file, and not to be replaced by one
    again = _places(tmp_path)
    assert again["zipcodes_loaded"] and _same_places(again, first)
    assert path.is_dir() and [p.name for p in _kept(tmp_path)] == [path.name]


def test_a_cache_folder_it_cannot_write_is_no_cache(
    kept_first: Kept, tmp_path: Path, immutable: Path
) -> None:
    in_a_file = tmp_path / "a-file"
    in_a_file.write_text("not a folder\n")
    answers = [_places(cache) for cache in (in_a_file / "cache", immutable)]
    assert all(a["zipcodes_loaded"] for a in answers) and _same_places(*answers)
    assert list(immutable.iterdir()) == []
    writable, kept_in = kept_first  # a writable folder's first process
    assert _same_places(writable, answers[0])
    assert len(_kept(kept_in)) == 1  # where it can, it keeps it


def test_processes_at_once_each_read_or_keep_a_whole_gazetteer(tmp_path: Path) -> None:
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    started = [
        subprocess.Popen([sys.executable, "-c", _PLACES], env=_env(tmp_path), text=True, **pipes)
        for _ in range(3)
    ]
    answers = []
    for process in started:
        out, err = process.communicate(timeout=300)
        assert (process.returncode, err) == (0, "")
        answers.append(json.loads(out))
    assert all(_same_places(answer, answers[0]) for answer in answers)
    [path] = _kept(tmp_path)  # one file, no temporary one left
    assert places._gazetteer_of_json(machine_cache.held(path)) is not None
    assert not _places(tmp_path)["zipcodes_loaded"]


def test_a_changed_rule_table_or_key_function_is_a_new_build(
    kept_first: Kept, tmp_path: Path
) -> None:
    src = tmp_path / "src"
    shutil.copytree(
        SRC / "paygrade", src / "paygrade", ignore=shutil.ignore_patterns("__pycache__")
    )
    cache = tmp_path / "cache"
    kept_copy(kept_first, cache)
    # The same inputs elsewhere (a copy of the package): the gazetteer kept for them is read.
    first = _places(cache, src)
    assert first["menlo_park"] == [["MENLO PARK", "CA", "Menlo Park", "San Mateo County"]]
    assert not first["zipcodes_loaded"] and _same_places(first, kept_first[0])
    # A rule table's bytes changed: Menlo Park filed as Palo Alto.
    aliases = src / "paygrade" / "normalize" / "rules" / "place_aliases.csv"
    aliases.write_text(aliases.read_text() + "Menlo Park,CA,Palo Alto,a fixture\n")
    aliased = _places(cache, src)
    assert aliased["zipcodes_loaded"] and aliased["menlo_park"] == []
    assert len(_kept(cache)) == 2
    assert not _places(cache, src)["zipcodes_loaded"]
    # The key functions' source changed (a comment will do): built again.
    module = src / "paygrade" / "normalize" / "places.py"
    module.write_text(module.read_text() + "# changed\n")
    assert _places(cache, src)["zipcodes_loaded"] and len(_kept(cache)) == 3


def test_the_gazetteer_is_built_of_its_fingerprinted_tables_alone(built_here: Built) -> None:
    # A table the build read and the fingerprint left out would be read stale.
    _, read = built_here
    assert read and set(read) <= set(places.GAZETTEER_TABLES)
    from zipcodes import _zipcodes

    inputs = places._gazetteer_inputs()
    assert Path(str(_zipcodes.__file__)).read_bytes() in inputs  # the ZIP codes themselves
    assert Path(places.__file__).read_bytes() in inputs


def test_a_kept_value_of_inputs_long_gone_is_removed_when_another_is_kept(tmp_path: Path) -> None:
    old, recent = tmp_path / "places-old.json", tmp_path / "places-recent.json"
    other = tmp_path / "models-old.json"
    for path in (old, recent, other):
        path.write_text("[]")
    weeks_ago = old.stat().st_mtime - 2 * machine_cache.STALE_AFTER_S
    for path in (old, other):
        os.utime(path, (weeks_ago, weeks_ago))
    assert machine_cache.keep(tmp_path / "places-new.json", [1])
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "models-old.json", "places-new.json", "places-recent.json"
    ]  # fmt: skip
    assert machine_cache.held(tmp_path / "places-new.json") == [1]


def test_a_process_whose_places_name_no_township_reads_no_gazetteer(tmp_path: Path) -> None:
    # Only a township's name asks whether it is kept apart from its town.
    keys = """
import json, zipcodes
loaded = []
list_all = zipcodes.list_all
zipcodes.list_all = lambda *args: loaded.append(1) or list_all(*args)
from paygrade.normalize.places import ct_planning_regions, place_key
keys = [place_key("Seattle", "WA"), place_key("Bethel", "CT"), len(ct_planning_regions())]
print(json.dumps([keys, bool(loaded)]))
"""
    done = subprocess.run(
        [sys.executable, "-c", keys], env=_env(tmp_path), capture_output=True, text=True,
        timeout=300, check=True,
    )  # fmt: skip
    regions = len(places.ct_planning_regions())
    assert json.loads(done.stdout) == [["SEATTLE", "BETHEL", regions], False]
    assert _kept(tmp_path) == []
