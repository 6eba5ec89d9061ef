"""The ``paygrade`` console script (and ``python -m paygrade``): loads the CLI, then runs it.

Loading the CLI (Typer, Click, the command tree) takes a tenth of a second or
more; Ctrl-C in that time raised KeyboardInterrupt before ``cli.main`` could
catch it, and Python printed a traceback. This module imports nothing heavy,
so only the interpreter's own start-up is left uncovered.
"""

from __future__ import annotations

import sys

INTERRUPTED = 130  # the shell's status for a command stopped by SIGINT (128 + 2)


def main() -> int:
    """Run the command in ``sys.argv``; Ctrl-C while it loads is "error: interrupted", 130."""
    try:
        from paygrade.cli import main as run
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted\n")
        return INTERRUPTED
    return run()
