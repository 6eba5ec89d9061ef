"""`paygrade serve` comes up without loading what only training and estimates need."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# Libraries of the estimator alone (LightGBM, scikit-learn and the SciPy it loads): seconds
# of a server's start, and of each of the test suite's servers, that no page but the
# estimate's uses; a model read from its file loads them when an estimate is asked.
ESTIMATOR_ONLY = ("lightgbm", "sklearn", "scipy")


# The app imported and built, as `serve` builds it before it listens.
BUILT = """\
import sys
from paygrade.config import Settings
from paygrade.web import create_app
create_app(Settings(db=sys.argv[1]))
print(*sorted(sys.modules))
"""


def test_the_web_app_loads_without_the_estimators_libraries(tmp_path: Path) -> None:
    # Importing the estimate service had loaded all three (~2 s of a 2-core machine's
    # start); building the app must not load them either.
    loaded = subprocess.run(
        [sys.executable, "-c", BUILT, str(tmp_path / "store.duckdb")],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "paygrade.web" in loaded
    assert [name for name in ESTIMATOR_ONLY if name in loaded] == []
