"""schemathesis against /openapi.json of a real `paygrade serve`: no operation answers 5xx.

Every operation the schema lists gets generated requests, valid and invalid
(out-of-range numbers, unknown fields, odd strings), sent over HTTP to a real
server process on a copy of the real store. A bad question is the client's
mistake (422), never the server's, and every answer has the shape the schema
promises (errors are ``{"detail": str}``, see paygrade.web.problems).

The operations are collected from the app's schema at import time (one test
per operation), and a test checks that the server serves exactly that schema
at /openapi.json. schemathesis's fixture loader (``from_fixture``) would fetch
it from the server instead, but it breaks on pytest 9.2 (it sets the removed
``Node._nodeid``).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import Case
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from paygrade.config import Settings
from paygrade.web import create_app
from tests.conftest import copy_of
from tests.web.conftest import Server

# Per operation: enough to reach every parameter's edges, few enough that the
# whole run stays well under two minutes on two cores.
EXAMPLES = 25
# The admin endpoints exist only with a token; generated requests carry it, and the
# rate limit is raised so that submissions reach validation and the queue, not 429.
TOKEN = "schema-" + "t" * 32
ENV = {
    "PAYGRADE_ADMIN_TOKEN": TOKEN,
    "PAYGRADE_SUBMISSIONS_PER_HOUR": "10000",
    "PAYGRADE_CLAIMS_PER_MINUTE": "100000",
}
# The schema needs no store: the app opens its store on the first request.
OPENAPI = create_app(Settings(db=Path("schema-only.duckdb"), admin_token=TOKEN)).openapi()
schema = schemathesis.openapi.from_dict(OPENAPI)


@pytest.fixture(scope="module")
def schema_server(
    web_db: Path, web_models: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """A server of its own: generated submissions must not reach other tests' store. It
    has a model, so that generated profiles reach the estimator."""
    env = {**ENV, "PAYGRADE_MODELS": str(web_models)}
    running = Server(copy_of(web_db, tmp_path_factory.mktemp("schema")), env=env)
    yield running
    running.stop()


def test_the_server_serves_the_schema_under_test(schema_server: Server) -> None:
    served = httpx.get(f"{schema_server.url}/openapi.json", timeout=10)
    assert served.status_code == 200
    assert served.json() == OPENAPI


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    # The first answers over the real store are slower than the rest (cold cache).
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    derandomize=True,
)
def test_no_operation_answers_a_server_error(case: Case[Any], schema_server: Server) -> None:
    # No 5xx, and every answer (errors too) has a status and the shape the schema promises:
    # a route's 422 or 503 had been described without its body, so never checked.
    checks = [not_a_server_error, status_code_conformance, response_schema_conformance]
    admin = {"Authorization": f"Bearer {TOKEN}"}
    case.call_and_validate(base_url=schema_server.url, headers=admin, checks=checks, timeout=60)
