"""Running the app under uvicorn: Ctrl-C or SIGTERM stops it gracefully and quietly.

A server stopping because it was asked to is no failure: the requests under way
finish, and the process ends with status 0 (as a service manager expects of a
SIGTERM it sent). A second Ctrl-C while it finishes stops it at once with
"error: interrupted" (130); a SIGTERM then changes nothing (it is stopping).
uvicorn's own second-signal path cancelled the requests under way, which then
answered a bare "Internal Server Error" and printed tracebacks, and its
re-raised SIGTERM ended the process as killed (143).
"""

from __future__ import annotations

import os
import signal
import socket
from types import FrameType

import uvicorn
from starlette.types import ASGIApp

from paygrade.console import INTERRUPTED
from paygrade.web.security import KnownHosts


class StoppableServer(uvicorn.Server):
    """uvicorn's server, stopped by the first signal gracefully, by a second at once."""

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        # Only a second Ctrl-C is asked to hurry: `scripts/start.sh` sends a SIGTERM after
        # the terminal's SIGINT reached the whole group, which had cut the requests short.
        if self.should_exit and sig == signal.SIGINT:
            os.write(2, b"error: interrupted\n")
            os._exit(INTERRUPTED)
        # Not recorded as captured: uvicorn raises each captured signal again once shut
        # down, which made a SIGTERM end the process as killed by it.
        self.should_exit = True


# How long a stop waits for the requests under way: a client holding a request body half
# sent had kept a SIGTERM'd server (and scripts/start.sh's stop) waiting for ever.
GRACE_SECONDS = 20


def serve_on(
    app: ASGIApp,
    listening: socket.socket,
    host_names: tuple[str, ...] = (),
    proxies: tuple[str, ...] | None = None,
) -> None:
    """Serve ``app`` on a bound socket until a signal stops it, to requests naming
    localhost, an IP address or one of ``host_names`` as their Host (``KnownHosts``); the
    client of a request from one of ``proxies`` (None: loopback, uvicorn's default) is the
    one its X-Forwarded-For names."""
    # No lifespan: the app has no startup or shutdown handlers, and a signal arriving
    # as the lifespan task started printed its CancelledError's traceback.
    config = uvicorn.Config(
        KnownHosts(app, host_names),
        log_level="warning",
        lifespan="off",
        timeout_graceful_shutdown=GRACE_SECONDS,
        forwarded_allow_ips=None if proxies is None else list(proxies),
    )
    StoppableServer(config).run(sockets=[listening])
