"""`paygrade serve` comes up without loading what only training and estimates need."""

from __future__ import annotations

import subprocess
import sys

# Libraries of the estimator alone (LightGBM, scikit-learn and the SciPy it loads): seconds
# of a server's start, and of each of the test suite's servers, that no page but the
# estimate's uses; a model read from its file loads them when an estimate is asked.
ESTIMATOR_ONLY = ("lightgbm", "sklearn", "scipy")


def test_the_web_app_loads_without_the_estimators_libraries() -> None:
    # `serve` imports the app (paygrade.web) and builds it before it listens: importing
    # the estimate service had loaded all three (~2 s of a 2-core machine's start).
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, paygrade.web; print(*sorted(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert [name for name in ESTIMATOR_ONLY if name in loaded] == []
