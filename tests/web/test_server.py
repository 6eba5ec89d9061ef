"""A real `paygrade serve` process over HTTP, and an ingest while it serves."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from paygrade.web.render import templates
from paygrade.web.serving import GRACE_SECONDS
from tests.conftest import FIXTURES, served_damaged
from tests.test_cli import _held_for_writing, assert_one_error_line, ok, run
from tests.web.conftest import Server, free_port


def test_the_server_answers_over_http(server: Server) -> None:
    health = httpx.get(f"{server.url}/healthz", timeout=10)
    assert health.status_code == 200 and health.json()["status"] == "ok"
    got = httpx.get(
        f"{server.url}/api/v1/stats",
        params={"by": "level", "where": "role:ml_engineer"},
        timeout=30,
    )
    assert got.status_code == 200 and got.json()["by"] == ["level"]
    assert httpx.get(f"{server.url}/openapi.json", timeout=10).json()["info"]["title"] == "paygrade"


def test_a_damaged_store_is_a_503_that_says_so(real_db: Path, tmp_path: Path) -> None:
    # Every page had been a 500 "internal error", and the server's log alone knew why.
    damaged = served_damaged(real_db, tmp_path)
    try:
        api = httpx.get(f"{damaged.url}/api/v1/stats", params={"by": "level"}, timeout=30)
        page = httpx.get(f"{damaged.url}/explore", params={"by": "level"}, timeout=30)
    finally:
        damaged.stop()
    assert api.status_code == 503 and page.status_code == 503
    detail = api.json()["detail"]
    assert detail.startswith("the store cannot be read: its file is damaged (IO Error")
    assert str(tmp_path) not in detail  # the server's folders stay out of the answer
    assert "its file is damaged" in page.text and "internal error" not in page.text


def test_serve_beside_a_first_ingest_waits_for_it_then_serves(tmp_path: Path) -> None:
    db = tmp_path / "first.duckdb"
    ok("--db", db, "ingest", "csv", FIXTURES / "fixture-canonical-small.csv")
    for published in tmp_path.glob("first.published*"):  # none yet, as in a first ingest
        published.unlink()
    with ThreadPoolExecutor(1) as starting:
        with _held_for_writing(db, 120):
            given_up = run(
                "--db", db, "serve", "--port", free_port(), env={"PAYGRADE_BUSY_TIMEOUT": "0.5"}
            )
            started = starting.submit(Server, db)  # the default 30 s: waits for the writer
            time.sleep(5)
            assert not started.done()  # waiting: not up, and not given up
        waited = started.result()  # up once the writer is gone
    try:
        answer = httpx.get(f"{waited.url}/api/v1/stats", params={"by": "level"}, timeout=30)
    finally:
        waited.stop()
    # It had been "cannot publish ...: IO Error: Could not set lock on file ...", at once.
    assert_one_error_line(given_up, 1, f"the store {db} is busy: in use by another process")
    assert "(waited 0.5 s); try again when it has finished" in given_up.stderr
    assert answer.status_code == 200 and answer.json()["groups"]


def test_quality_over_http_is_the_cli_json(server: Server, web_db: Path) -> None:
    got = httpx.get(f"{server.url}/api/v1/quality", timeout=60)
    assert got.status_code == 200 and got.headers["content-type"] == "application/json"
    cli = json.loads(ok("--db", web_db, "quality", "--format", "json"))
    assert got.json() == cli  # the same keys and figures as `paygrade quality --format json`
    assert {s["source"] for s in cli["sources"]} >= {"aijobs", "h1b", "so_survey"}
    assert httpx.get(f"{server.url}/api/v1/quality", timeout=60).json() == cli  # cached
    refused = httpx.get(f"{server.url}/api/v1/quality", params={"source": "aijobs"}, timeout=10)
    assert refused.status_code == 422
    said = "/api/v1/quality takes no parameter 'source'; it takes no parameters"
    assert refused.json() == {"detail": said, "errors": {"source": said}}


def test_a_json_body_that_is_not_utf8_is_a_400_that_says_so(server: Server) -> None:
    # Latin-1's "café" got FastAPI's "There was an error parsing the body", which says
    # nothing of what to mend.
    latin1 = '{"role": "café", "text": "café"}'.encode("latin-1")
    for path in ["estimate", "claims/check", "offers/evaluate", "submissions"]:
        got = httpx.post(
            f"{server.url}/api/v1/{path}",
            content=latin1,
            headers={"content-type": "application/json"},
            timeout=30,
        )
        assert got.status_code == 400, (path, got.text)
        assert got.json() == {
            "detail": "the body is not readable JSON: it is not UTF-8 (byte 0xe9 at byte 13); "
            "send it as UTF-8"
        }


def test_the_server_listens_on_the_port_the_environment_names(web_db: Path) -> None:
    running = Server(web_db, port_by_env=True)  # it did not come up: port 8000 regardless
    try:
        assert httpx.get(f"{running.url}/healthz", timeout=10).status_code == 200
    finally:
        running.stop()


def test_an_ingest_while_serving_works_and_answers_change(web_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "live.duckdb"
    shutil.copyfile(web_db, db)
    running = Server(db)
    try:
        params = {"where": "source:csv"}
        before = httpx.get(f"{running.url}/api/v1/stats", params=params, timeout=30).json()
        assert before["groups"] == []
        # A writer in another process while the server has the data open: no "in use".
        out = ok("--db", db, "ingest", "csv", FIXTURES / "fixture-canonical-small.csv")
        assert "accepted 3" in out
        after = httpx.get(f"{running.url}/api/v1/stats", params=params, timeout=30).json()
        assert after["groups"][0]["n"] == 3
        assert json.dumps(after) != json.dumps(before)
    finally:
        running.stop()


# A claims check of a text without figures (answered at once), its head sent and its body
# held by the test: the route is under way, awaiting the body, until the test sends it.
# Connection: close: the server ends the connection after its answer, read to the end.
HELD_BODY = b'{"text": "fixture: a text without a salary figure."}'
HELD_HEAD = (
    b"POST /api/v1/claims/check HTTP/1.1\r\nHost: 127.0.0.1\r\n"
    b"Content-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
) % len(HELD_BODY)
# The body's deadline (PAYGRADE_BODY_SECONDS) well past the held request's hold on a
# loaded machine: at its default of 10 s the server could answer 408 before the release.
HOLDING = {"PAYGRADE_BODY_SECONDS": "120"}


def _asking_held(server: Server) -> tuple[threading.Thread, list[int], Callable[[], None]]:
    """A request under way (its head read by the server, its route awaiting the body) that
    stays so until the test calls the release given back, which sends its body: what a stop
    lets finish. It had been a real report, built in a few seconds: under load it outlasted
    the stop's grace (GRACE_SECONDS) and was answered 500."""
    statuses: list[int] = []
    asking = socket.create_connection(("127.0.0.1", server.port))
    asking.sendall(HELD_HEAD)  # whole before the wait: read by the server once none is unread

    def answered() -> None:
        asking.settimeout(60)
        with asking, asking.makefile("rb") as answer:
            try:
                said = answer.read()
            except OSError:  # reset, or no end in 60 s
                said = b""
        statuses.append(int(said.split()[1]) if said.startswith(b"HTTP/1.1 ") else 0)

    waiting = threading.Thread(target=answered)
    waiting.start()
    server.wait_until(server.has_read_a_request, "read the request's head")
    return waiting, statuses, lambda: asking.sendall(HELD_BODY)


def _stopping(server: Server, stop: signal.Signals) -> None:
    """Send ``stop`` and wait until the server has taken it (it stops listening): two
    Ctrl-C sent 0.2 s apart to a server not run meanwhile are one to Python's handler."""
    server.process.send_signal(stop)
    server.wait_until(lambda: not server.is_listening(), "stopped listening")


@pytest.mark.parametrize(
    "stops",
    [(signal.SIGTERM,), (signal.SIGINT,), (signal.SIGINT, signal.SIGTERM)],
    ids=["sigterm", "ctrl-c", "ctrl-c-then-sigterm"],
)
def test_a_signal_stops_the_server_after_the_requests_under_way_quietly(
    web_db: Path, stops: tuple[signal.Signals, ...]
) -> None:
    # SIGTERM ended it as killed (143) after uvicorn raised it again; a stop is no failure.
    # Ctrl-C then SIGTERM is scripts/start.sh's stop (the terminal's SIGINT reaches the
    # whole group, then the script's exit sends SIGTERM): taken as a second signal, it had
    # cut the requests short.
    server = Server(web_db, HOLDING)
    asking, statuses, release = _asking_held(server)

    for stop in stops:
        _stopping(server, stop)
    release()  # still under way when the server stopped listening: now it can finish
    asking.join(60)
    status = server.process.wait(30)
    server.stop()

    assert (statuses, status) == ([200], 0)
    assert server.log.splitlines() == [f"paygrade: serving {web_db} at {server.url}/"]


def test_a_second_ctrl_c_stops_at_once_without_a_traceback(web_db: Path) -> None:
    # It cancelled the requests under way: a bare "Internal Server Error" (500) and
    # tracebacks of CancelledError on the terminal.
    server = Server(web_db, HOLDING)
    asking, statuses, _ = _asking_held(server)  # never released: under way to the end

    _stopping(server, signal.SIGINT)
    server.process.send_signal(signal.SIGINT)
    status = server.process.wait(30)
    asking.join(60)
    server.stop()

    assert status == 130 and statuses != [500]
    assert server.log.splitlines()[-1] == "error: interrupted"
    assert "Traceback" not in server.log


def test_a_stop_does_not_wait_for_ever_on_a_request_body_half_sent(web_db: Path) -> None:
    # A client that sent headers promising 100,000 bytes and then a few kept a SIGTERM'd
    # server running for as long as it held the connection (scripts/start.sh's stop too).
    server = Server(web_db)
    client = socket.create_connection(("127.0.0.1", server.port))
    try:
        client.sendall(
            b"POST /api/v1/claims/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 100000\r\n\r\n{"text": "'
        )
        server.wait_until(server.has_read_a_request, "read the request's head")
        server.process.send_signal(signal.SIGTERM)
        status = server.process.wait(GRACE_SECONDS + 30)  # TimeoutExpired had it hung
    finally:
        client.close()
        server.stop()
    assert status == 0


def test_templates_are_read_once_not_again_under_a_running_server() -> None:
    # Edited under a running server (an upgrade in place), a template using a filter its
    # older code lacked was loaded: every page using it a 500 until a restart.
    env = templates().env
    first = env.get_template("error.html")
    path = Path(first.filename or "")
    times = path.stat()
    try:
        os.utime(path, (times.st_atime + 60, times.st_mtime + 60))  # as an edit leaves it
        assert env.get_template("error.html") is first
    finally:
        os.utime(path, ns=(times.st_atime_ns, times.st_mtime_ns))
