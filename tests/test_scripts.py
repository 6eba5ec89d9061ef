"""The quick start's setup script, in a scratch copy of the repository with a stand-in
virtualenv (no network, no real install): what it does when pip fails."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A stand-in .venv/bin/python: pip's upgrade works, installing paygrade fails as pip does
# (its error, status 1), and an older install still imports.
FAILING_PIP = """#!/usr/bin/env bash
if [ "$1 $2" = "-m pip" ]; then
  case " $* " in
    *" -e "*) echo "ERROR: No matching distribution found for fixture-package" >&2; exit 1 ;;
  esac
  exit 0
fi
exit 0
"""


def test_setup_fails_and_stamps_nothing_when_pip_fails(tmp_path: Path) -> None:
    # pip's status was lost through a filter: setup said nothing, exited 0 and stamped the
    # install, so the next run skipped pip and the new requirement never came.
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "setup.sh", tmp_path / "scripts" / "setup.sh")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'fixture'\n")
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(FAILING_PIP)
    python.chmod(0o755)
    done = subprocess.run(
        ["bash", str(tmp_path / "scripts" / "setup.sh")],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "No matching distribution" in done.stderr
    assert "installing paygrade's packages failed" in done.stderr
    assert not (tmp_path / ".venv" / ".paygrade-installed").exists()
