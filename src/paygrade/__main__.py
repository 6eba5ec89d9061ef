"""``python -m paygrade``: the ``paygrade`` command, for an environment whose scripts folder
is not on the PATH."""

import sys

from paygrade.console import main

if __name__ == "__main__":
    sys.exit(main())
