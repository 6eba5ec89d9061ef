"""What the benchmarks that run paygrade as a process share: the command, a clean
environment, and a store to run it on."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

PAYGRADE = Path(sys.executable).parent / "paygrade"


def environment() -> dict[str, str]:
    """This process's environment without PAYGRADE_ settings (the command line decides)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_")}


def build_store(folder: Path, db: Path | None, data_dir: Path) -> Path:
    """A store the benchmark may have to itself: a copy of ``db``, or one ingested now."""
    store = folder / "bench.duckdb"
    if db is not None:
        shutil.copyfile(db, store)
        return store
    print(f"building a store from {data_dir} (paygrade ingest --all) ...", flush=True)
    subprocess.run(
        [str(PAYGRADE), "--db", str(store), "--data-dir", str(data_dir), "ingest", "--all"],
        check=True,
        stdout=subprocess.DEVNULL,
        env=environment(),
    )
    return store
