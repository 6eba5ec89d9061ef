"""What the benchmarks that run paygrade as a process share: the command, a clean
environment, and a store to run it on."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

PAYGRADE = Path(sys.executable).parent / "paygrade"


def environment() -> dict[str, str]:
    """This process's environment without PAYGRADE_ settings (the command line decides)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_")}


def data_dir_default() -> Path:
    """The mirrored data as paygrade finds it: PAYGRADE_DATA_DIR, else its own default
    (``../shared/data``); each script had its own, one ignoring the setting."""
    from paygrade.config import DEFAULT_DATA_DIR

    return Path(os.environ.get("PAYGRADE_DATA_DIR", "").strip() or DEFAULT_DATA_DIR)


def data_folder(path: Path) -> Path:
    """``path`` when it is a folder; else the benchmark stops with one line (it had been a
    traceback, once a whole comparison had run)."""
    if not path.is_dir():
        raise SystemExit(f"error: no data folder at {path} (--data-dir or PAYGRADE_DATA_DIR)")
    return path


def store_options(doc: str, repeat: int) -> argparse.Namespace:
    """The command line of a benchmark over one store: ``--db`` (a store to copy, else one
    ingested from ``--data-dir``) and ``--repeat``; ``doc``'s first paragraph its help."""
    parser = argparse.ArgumentParser(description=" ".join(doc.split("\n\n")[0].split()))
    parser.add_argument("--db", type=Path, help="a store to copy (default: ingest one)")
    parser.add_argument("--data-dir", type=Path, default=data_dir_default())
    parser.add_argument("--repeat", type=at_least_one, default=repeat)
    return parser.parse_args()


def at_least_one(text: str) -> int:
    """An argparse type: a whole number of 1 or more (--repeat 0 had been "min() arg is an
    empty sequence" after the work)."""
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{number} is less than 1")
    return number


def scales(text: str) -> list[int]:
    """An argparse type: sizes such as ``1,4,16`` ('' for none), read before any work ("1,x"
    had failed after a minute of it)."""
    return [at_least_one(piece) for piece in text.split(",") if piece.strip()]


def existing(db: Path) -> Path:
    """``db`` when it is a file; else the benchmark stops with one line (a typo had been a
    traceback, or an empty store made where it pointed and timed)."""
    if not db.is_file():
        raise SystemExit(f"error: no store at {db}")
    return db


def build_store(folder: Path, db: Path | None, data_dir: Path) -> Path:
    """A store the benchmark may have to itself: a copy of ``db``, or one ingested now."""
    store = folder / "bench.duckdb"
    if db is not None:
        shutil.copyfile(existing(db), store)
        return store
    print(f"building a store from {data_dir} (paygrade ingest --all) ...", flush=True)
    subprocess.run(
        [str(PAYGRADE), "--db", str(store), "--data-dir", str(data_dir), "ingest", "--all"],
        check=True,
        stdout=subprocess.DEVNULL,
        env=environment(),
    )
    return store
