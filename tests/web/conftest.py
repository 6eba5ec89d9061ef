"""The web app over the real store: an in-process client, and a real `paygrade serve`."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import suppress
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from paygrade.config import Settings
from paygrade.web import create_app
from tests.conftest import FIXTURES, files_limited_to

PAYGRADE = Path(sys.executable).parent / "paygrade"
# A TCP socket's state as Linux's /proc/net/tcp writes it.
ESTABLISHED, LISTEN = "01", "0A"
# web_db and web_models live in tests/conftest.py: e2e and MCP tests share them.


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """One node id per schemathesis test. schemathesis 4.32 names its items per API
    operation but sets their id the way pytest before 9.2 read it, so all 19 share
    one; pytest-xdist runs items by id, and ran one operation of the 19."""
    for item in items:
        if type(item).__name__ == "SchemathesisFunction" and item.parent is not None:
            item._id = item.parent.id.child(item.name)  # pytest's own rule for an item's id


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    """fixture-canonical-small.csv ingested into a store of the test's own, by the CLI: a
    store a test may serve, damage or stop a server over."""
    from tests.test_cli import ok  # the CLI's helpers import this package's fixtures

    db = tmp_path / "small.duckdb"
    ok("--db", db, "ingest", "csv", FIXTURES / "fixture-canonical-small.csv")
    return db


@pytest.fixture(scope="session")
def client(web_db: Path) -> Iterator[TestClient]:
    # One client for the whole session checks many texts: no per-minute limit in the way.
    settings = Settings(db=web_db, admin_token="a" * 32, claims_per_minute=100_000)
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def estimating(web_db: Path, web_models: Path) -> Iterator[TestClient]:
    """An app over the web store with the session's model: estimates answer."""
    settings = Settings(db=web_db, models=web_models)
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        yield test_client


def free_port() -> int:
    """A loopback port free now: any, or one of TESTS_PORT_RANGE's (``18300-18319``) on a
    machine whose users share out ports; under pytest-xdist, one of this worker's share."""
    ports = worker_ports(
        os.environ.get("TESTS_PORT_RANGE", "0-0"),
        os.environ.get("PYTEST_XDIST_WORKER", ""),
        int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")),
    )
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return int(probe.getsockname()[1])
    raise RuntimeError(f"no free port in TESTS_PORT_RANGE's {ports.start}-{ports.stop - 1}")


def worker_ports(spread: str, worker: str, workers: int) -> range:
    """The ports of ``spread`` ("first-last", or "0-0": any) that xdist worker ``worker``
    ("gw0", "gw1", ...; "" when not under xdist) of ``workers`` may take: workers that
    each took the first free port of the whole range raced for the same one. The range
    is cut in ``workers`` consecutive shares (gw0 the first, gw1 the next, ...), the last
    taking what is left over; "0-0" asks the system for any port, which never races.

    >>> worker_ports("18300-18319", "gw1", 2)
    range(18310, 18320)
    >>> worker_ports("18300-18319", "", 1), worker_ports("0-0", "gw1", 2)
    (range(18300, 18320), range(0, 1))
    """
    first, _, last = spread.partition("-")
    ports = range(int(first), int(last or first) + 1)
    if ports.start == 0 or not worker:
        return ports
    share, index = len(ports) // workers, int(worker.removeprefix("gw"))
    if share == 0:
        raise RuntimeError(f"TESTS_PORT_RANGE {spread} has fewer ports than {workers} workers")
    end = ports.stop if index == workers - 1 else ports.start + (index + 1) * share
    return range(ports.start + index * share, end)


# Servers started on a port another process took first, before each gives up: under
# TESTS_PORT_RANGE both workers scan the range from its first port, and a port one found
# free could be bound by the other's server before its own bound it.
PORT_TRIES = 3


class Server:
    """A real `paygrade serve` process on a free loopback port."""

    def __init__(
        self,
        db: Path,
        env: dict[str, str] | None = None,
        *,
        port_by_env: bool = False,
        file_limit: int | None = None,
        up: int = 200,
    ) -> None:
        """``file_limit``: bytes no file of the server may grow past (``files_limited_to``);
        ``up``: the /healthz status that says it is up (503 of a damaged store)."""
        self.log = ""  # what the server wrote to stderr, once stopped
        for _ in range(PORT_TRIES):
            self.port = free_port()
            self.url = f"http://127.0.0.1:{self.port}"
            self.process = self._started(db, env, port_by_env, file_limit)
            if self._wait_until_up(up):
                return
        raise RuntimeError(f"paygrade serve found its port taken {PORT_TRIES} times")

    def _started(
        self, db: Path, env: dict[str, str] | None, port_by_env: bool, file_limit: int | None
    ) -> subprocess.Popen[bytes]:
        environment = {k: v for k, v in os.environ.items() if not k.startswith("PAYGRADE_")}
        where = ["--port", str(self.port)]
        if port_by_env:  # as scripts/start.sh passes PAYGRADE_PORT on
            env, where = {**(env or {}), "PAYGRADE_PORT": str(self.port)}, []
        return subprocess.Popen(
            [str(PAYGRADE), "--db", str(db), "serve", *where],
            env={**environment, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            preexec_fn=None if file_limit is None else files_limited_to(file_limit),
        )

    def _wait_until_up(self, status: int, timeout: float = 60) -> bool:
        """Whether the server came up: False when another process took its port first (it
        exits saying so). An answer counts once this process listens on the port itself:
        another worker's server there had answered for one that then exited, and the tests
        using it met "connection refused" once that other server stopped."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                said = self.process.stderr.read()  # type: ignore[union-attr]
                self.process.stderr.close()  # type: ignore[union-attr]
                if b"Address already in use" in said:
                    return False
                raise RuntimeError(f"paygrade serve exited: {said!r}")
            try:
                answered = httpx.get(f"{self.url}/healthz", timeout=1).status_code == status
            except httpx.TransportError:
                answered = False
            if answered and self.is_listening():
                return True
            time.sleep(0.1)
        raise RuntimeError("paygrade serve did not come up")

    def has_read_a_request(self) -> bool:
        """Whether the server holds a connection it accepted and read all that was sent on
        (a request sent whole before asking): a request under way, which a stop lets finish.
        One still queued to be accepted, or accepted and not yet read, a stop drops."""
        return any(state == ESTABLISHED and unread == 0 for state, unread in self._sockets())

    def is_listening(self) -> bool:
        """Whether the server still takes connections: it stops on a first Ctrl-C or SIGTERM."""
        return any(state == LISTEN for state, _ in self._sockets())

    def _sockets(self) -> Iterator[tuple[str, int]]:
        """The state and unread bytes of each TCP socket the server process holds on its
        port, read from Linux's /proc (none once it has ended)."""
        held = set()
        with suppress(FileNotFoundError):  # the process has ended
            for fd in Path(f"/proc/{self.process.pid}/fd").iterdir():
                with suppress(OSError):  # closed meanwhile
                    held.add(os.readlink(fd))
        for row in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            _, local, _, state, queues, *_, inode = row.split()[:10]
            if int(local.split(":")[1], 16) == self.port and f"socket:[{inode}]" in held:
                yield state, int(queues.split(":")[1], 16)

    def wait_until(self, condition: Callable[[], bool], what: str, timeout: float = 60) -> None:
        """Poll ``condition`` (one of the methods above) until it holds."""
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError(f"the server still had not {what} after {timeout} s")
            time.sleep(0.02)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stderr is not None:
            self.log = self.process.stderr.read().decode("utf-8", "replace")
            self.process.stderr.close()


@pytest.fixture(scope="session")
def server(web_db: Path) -> Iterator[Server]:
    running = Server(web_db)
    yield running
    running.stop()
