"""POST /api/v1/submissions and the admin queue: in process, and against a real
`paygrade serve` with `paygrade submissions approve` run while it serves."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from paygrade.config import Settings
from paygrade.store import Store
from paygrade.store.snapshot import PublishedStore, publish_file
from paygrade.submissions import pending, queue, queue_path, submit
from paygrade.web import create_app
from paygrade.web.api import submissions as route
from tests.test_cli import ok
from tests.test_submissions import GOOD, stored_submissions, write_lock_held
from tests.web.conftest import Server

TOKEN = "t" * 32
ADMIN = {"Authorization": f"Bearer {TOKEN}"}
SUBMIT = "/api/v1/submissions"
SUBMITTED = {"where": "source:submission"}
ONE = {"base": 1, "total": 1}  # one submission stored: a base and a total record


def served_submissions(db: Path) -> dict[str, int]:
    """The submission records of the store's published copy: what a server counts (in
    public answers only in groups of PRIVATE_MIN of them, which one is not)."""
    current = PublishedStore(db).reader()
    try:
        return stored_submissions(current.store)
    finally:
        current.store.close()


def _client(db: Path, **settings: Any) -> TestClient:
    chosen = {"admin_token": TOKEN, "submissions_per_hour": 3, **settings}
    return TestClient(create_app(Settings(db=db, **chosen)), raise_server_exceptions=False)


@pytest.fixture
def queue_only(tmp_path: Path) -> Iterator[TestClient]:
    """An app whose store does not exist: taking submissions needs none."""
    with _client(tmp_path / "none.duckdb") as client:
        yield client


@pytest.fixture
def store_copy(web_db: Path, tmp_path: Path) -> Path:
    """A published copy of the real store of its own, for tests that approve."""
    db = tmp_path / "store.duckdb"
    shutil.copyfile(web_db, db)
    publish_file(db)
    return db


def test_a_submission_is_accepted_as_pending(queue_only: TestClient) -> None:
    got = queue_only.post(SUBMIT, json=GOOD)
    assert (got.status_code, got.json()) == (201, {"id": 1, "status": "pending"})
    assert got.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**GOOD, "base": "a lot"}, "base"),  # not a number: the model says so
        ({**GOOD, "shoe_size": 44}, "shoe_size"),
        ({k: v for k, v in GOOD.items() if k != "title"}, "title"),
        ({**GOOD, "title": "x" * 201}, "title"),
        ({**GOOD, "level": "wizard"}, "level"),  # the vocabulary: validate() says so
        ({**GOOD, "year": 1800}, "year"),
        ({**GOOD, "country": "ZZ"}, "country"),
        ({**GOOD, "country": "Atlantis"}, "country"),
        ({**GOOD, "state": "Cascadia"}, "state"),
        ({**GOOD, "base": 10}, "base"),
    ],
)
def test_a_bad_submission_is_422_per_field(
    queue_only: TestClient, body: dict[str, Any], field: str
) -> None:
    got = queue_only.post(SUBMIT, json=body)
    assert got.status_code == 422
    answer = got.json()
    assert field in answer["errors"] and field in answer["detail"]
    assert "Traceback" not in got.text


@pytest.mark.parametrize(
    ("body", "field", "said"),
    [
        # The words of every face; pydantic's and the form's own were said here.
        ({**GOOD, "country": "ZZ"}, "country", "no country is called 'ZZ' (a country by its"),
        ({**GOOD, "country": "Germny"}, "country", "'Germny'; did you mean Germany? (a country"),
        ({**GOOD, "level": "seniro"}, "level", "(did you mean senior?)"),
        ({**GOOD, "cuntry": "US"}, "cuntry", "unknown field 'cuntry' (did you mean country?)"),
        # Sent null, an unknown field was dropped without a word (read as "not given").
        ({**GOOD, "cuntry": None}, "cuntry", "unknown field 'cuntry' (did you mean country?)"),
        ({**GOOD, "title": None}, "title", "is required"),  # was "a valid string"
        # Was "string should match pattern '^[A-Za-z]{3}$'".
        ({**GOOD, "currency": "eur1"}, "currency", "no currency is called 'eur1'"),
    ],
)
def test_a_refused_submission_is_said_as_every_face_says_it(
    queue_only: TestClient, body: dict[str, Any], field: str, said: str
) -> None:
    got = queue_only.post(SUBMIT, json=body)
    assert got.status_code == 422
    assert said in got.json()["errors"][field], got.json()
    assert f"{field}: " in got.json()["detail"]


def test_a_null_optional_field_is_one_not_sent(queue_only: TestClient) -> None:
    # "bonus": null was 422 "Input should be a valid number", "currency": null "... string".
    got = queue_only.post(SUBMIT, json={**GOOD, "bonus": None, "currency": None})
    assert got.status_code == 201, got.text
    (row,) = [
        r for r in queue_only.get(SUBMIT, headers=ADMIN).json() if r["id"] == got.json()["id"]
    ]
    assert (row["bonus"], row["currency"]) == (0.0, "USD")


def test_a_country_or_state_may_be_given_by_its_name(queue_only: TestClient) -> None:
    # The form and the library read names; the API's schema refused them ("^[A-Za-z]{2}$").
    got = queue_only.post(SUBMIT, json={**GOOD, "country": "United States", "state": "washington"})
    assert got.status_code == 201, got.text
    queued = queue_only.get(SUBMIT, headers=ADMIN).json()
    (row,) = [r for r in queued if r["id"] == got.json()["id"]]
    assert (row["country"], row["state"]) == ("US", "WA")


def test_too_many_submissions_are_429_with_retry_after(queue_only: TestClient) -> None:
    for _ in range(3):
        assert queue_only.post(SUBMIT, json=GOOD).status_code == 201
    got = queue_only.post(SUBMIT, json=GOOD)
    assert got.status_code == 429 and "at most 3 an hour" in got.json()["detail"]
    assert 0 < int(got.headers["retry-after"]) <= 3600


def test_a_large_body_is_413_declared_or_streamed(queue_only: TestClient) -> None:
    big = {**GOOD, "title": "x" * 20_000}
    assert queue_only.post(SUBMIT, json=big).status_code == 413

    def chunks() -> Iterator[bytes]:  # no Content-Length: the body is counted as it comes
        yield b'{"title": "'
        for _ in range(20):
            yield b"x" * 1024
        yield b'"}'

    got = queue_only.post(SUBMIT, content=chunks(), headers={"content-type": "application/json"})
    assert got.status_code == 413 and "16384 bytes" in got.json()["detail"]


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain", None]
)
def test_only_json_is_taken_so_a_cross_site_form_cannot_post(
    queue_only: TestClient, content_type: str | None
) -> None:
    headers = {"content-type": content_type} if content_type else {}
    got = queue_only.post(SUBMIT, content=b'{"title": "x"}', headers=headers)
    assert got.status_code == 415
    assert pending(queue_only.app.state.settings) == []  # type: ignore[attr-defined]


def test_a_field_given_twice_in_the_json_is_refused_not_the_last_kept(
    queue_only: TestClient,
) -> None:
    # JSON readers keep the last: "base" sent twice was queued at 160,000 without a word,
    # where the form refuses a field sent twice. Every JSON route under /api/v1 says so.
    body = (
        b'{"title": "ML Engineer", "country": "US", "base": 150000, "year": 2024, "base": 160000}'
    )
    got = queue_only.post(SUBMIT, content=body, headers={"content-type": "application/json"})
    assert (got.status_code, got.json()) == (
        422,
        {"detail": "the JSON body gives 'base' twice: give each field once"},
    )
    assert pending(queue_only.app.state.settings) == []  # type: ignore[attr-defined]
    profile = b'{"role": "ml_engineer", "role": "data_scientist"}'
    estimate = queue_only.post("/api/v1/estimate", content=profile,
                               headers={"content-type": "application/json"})  # fmt: skip
    assert estimate.status_code == 422 and "'role' twice" in estimate.json()["detail"]


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", SUBMIT),
        ("POST", f"{SUBMIT}/1/approve"),
        ("POST", f"{SUBMIT}/1/reject"),
        ("POST", f"{SUBMIT}/1/withdraw"),
    ],
)
def test_admin_endpoints_need_the_token(queue_only: TestClient, method: str, path: str) -> None:
    missing = queue_only.request(method, path)
    assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
    wrong = queue_only.request(method, path, headers={"Authorization": "Bearer " + "x" * 32})
    assert wrong.status_code == 403
    basic = queue_only.request(method, path, headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert basic.status_code == 401


def test_admin_endpoints_do_not_exist_without_a_token(tmp_path: Path) -> None:
    with _client(tmp_path / "none.duckdb", admin_token=None) as client:
        assert client.get(SUBMIT, headers=ADMIN).status_code == 404
        assert client.post(f"{SUBMIT}/1/approve", headers=ADMIN).status_code == 404
        assert client.post(SUBMIT, json=GOOD).status_code == 201  # submitting still works


def test_the_admin_lists_and_rejects(queue_only: TestClient) -> None:
    queue_only.post(SUBMIT, json=GOOD)
    listed = queue_only.get(SUBMIT, headers=ADMIN)
    assert [row["id"] for row in listed.json()] == [1]
    got = queue_only.post(f"{SUBMIT}/1/reject", headers=ADMIN, json={"reason": "spam"})
    assert got.json() == {"id": 1, "status": "rejected", "reason": "spam"}
    assert queue_only.get(SUBMIT, headers=ADMIN).json() == []
    rejected = queue_only.get(SUBMIT, params={"status": "rejected"}, headers=ADMIN).json()
    assert rejected[0]["reason"] == "spam"
    assert queue_only.post(f"{SUBMIT}/1/reject", headers=ADMIN).status_code == 409
    assert queue_only.post(f"{SUBMIT}/9/reject", headers=ADMIN).status_code == 404
    assert queue_only.get(SUBMIT, params={"status": "x"}, headers=ADMIN).status_code == 422


def test_an_approval_through_the_api_is_counted_at_once(store_copy: Path) -> None:
    with _client(store_copy) as client:
        assert client.get("/api/v1/stats", params=SUBMITTED).json()["groups"] == []
        client.post(SUBMIT, json=GOOD)
        approved = client.post(f"{SUBMIT}/1/approve", headers=ADMIN)
        assert approved.status_code == 200 and approved.json()["records_accepted"] == 2
        assert served_submissions(store_copy) == ONE
        # Counted where enough are: alone, in no published group.
        after = client.get("/api/v1/stats", params={**SUBMITTED, "by": "pay_component"})
        assert after.json()["groups"] == []
        assert client.post(f"{SUBMIT}/1/approve", headers=ADMIN).status_code == 409


def test_a_withdrawal_through_the_api_takes_its_records_out_at_once(store_copy: Path) -> None:
    # `paygrade submissions withdraw` had no admin endpoint beside approve and reject.
    with _client(store_copy) as client:
        client.post(SUBMIT, json=GOOD)
        assert client.post(f"{SUBMIT}/1/withdraw", headers=ADMIN).status_code == 409  # pending
        client.post(f"{SUBMIT}/1/approve", headers=ADMIN)
        assert served_submissions(store_copy) == ONE
        got = client.post(f"{SUBMIT}/1/withdraw", headers=ADMIN, json={"reason": "spam"})
        assert got.status_code == 200
        assert (got.json()["status"], got.json()["reason"], got.json()["records"]) == (
            "rejected", "withdrawn after approval: spam", 2)  # fmt: skip
        assert served_submissions(store_copy) == {}
        assert client.post(f"{SUBMIT}/9/withdraw", headers=ADMIN).status_code == 404


def test_an_approval_while_an_ingest_holds_the_store_is_503(
    store_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(route, "APPROVE_WAIT", 0.5)  # bounded: no request hangs on a lock
    with _client(store_copy) as client:
        client.post(SUBMIT, json=GOOD)
        with write_lock_held(store_copy):
            got = client.post(f"{SUBMIT}/1/approve", headers=ADMIN)
            assert (got.status_code, got.json()) == (503, {"detail": "store busy, try again"})
            assert "retry-after" in got.headers
            assert client.post(SUBMIT, json=GOOD).status_code == 201  # submitting still works
            assert client.get("/healthz").status_code == 200  # and so does reading
        assert [row["id"] for row in client.get(SUBMIT, headers=ADMIN).json()] == [1, 2]
        assert client.post(f"{SUBMIT}/1/approve", headers=ADMIN).status_code == 200


def test_approvals_of_one_submission_at_once_count_it_once(store_copy: Path) -> None:
    # Three requests at once on a real server: each found it pending and ingested it (six
    # records for one salary) and two answered 500 (their publish met the others' writes).
    running = Server(store_copy, env={"PAYGRADE_ADMIN_TOKEN": TOKEN})
    try:
        sent = httpx.post(f"{running.url}{SUBMIT}", json=GOOD, timeout=30).json()
        url = f"{running.url}{SUBMIT}/{sent['id']}/approve"
        with ThreadPoolExecutor(3) as pool:
            codes = sorted(
                pool.map(lambda _: httpx.post(url, headers=ADMIN, timeout=60).status_code, "abc")
            )
        assert codes == [200, 409, 409]
        assert served_submissions(store_copy) == ONE
    finally:
        running.stop()


def test_the_openapi_schema_documents_the_submission(queue_only: TestClient) -> None:
    schema = queue_only.get("/openapi.json").json()
    body = schema["components"]["schemas"]["SubmissionRequest"]
    assert {"title", "base", "year", "country", "stock_per_year"} <= set(body["properties"])
    assert set(schema["paths"][f"{SUBMIT}/{{submission_id}}/approve"]["post"]["security"][0]) == {
        "HTTPBearer"
    }


def test_a_real_server_counts_a_submission_once_the_cli_approves_it(store_copy: Path) -> None:
    running = Server(store_copy)
    try:
        stats = f"{running.url}/api/v1/stats"
        sent = httpx.post(f"{running.url}{SUBMIT}", json=GOOD, timeout=30)
        assert sent.status_code == 201
        assert httpx.get(stats, params=SUBMITTED, timeout=30).json()["groups"] == []
        # The CLI writes the store while the server is up and serving it.
        out = ok("--db", store_copy, "submissions", "approve", str(sent.json()["id"]))
        assert "approved: 2 records stored" in out
        assert served_submissions(store_copy) == ONE  # published while the server serves
        assert httpx.get(stats, params=SUBMITTED, timeout=30).json()["groups"] == []
    finally:
        running.stop()


def test_the_library_call_the_submit_page_uses(tmp_path: Path) -> None:
    # The /submit page calls submit(settings, data, client) with the form's text values.
    form = {name: str(value) for name, value in GOOD.items()}
    settings = Settings(db=tmp_path / "p.duckdb")
    assert submit(settings, form, "203.0.113.9") == {"id": 1, "status": "pending"}


def test_a_metro_is_read_or_refused_when_sent_not_at_approval(store_copy: Path) -> None:
    # "seatle" was queued as written and refused only at approval, the sender long gone.
    unplaced = {k: v for k, v in GOOD.items() if k not in ("city", "state")}
    with _client(store_copy) as client:
        misspelt = client.post(SUBMIT, json={**unplaced, "metro": "seatle"})
        assert misspelt.status_code == 422
        assert "did you mean Seattle-Tacoma-Bellevue, WA" in misspelt.json()["errors"]["metro"]
        by_city = client.post(SUBMIT, json={**unplaced, "metro": "seattle"})
        assert by_city.status_code == 201, by_city.text
        (row,) = client.get(SUBMIT, headers=ADMIN).json()
        assert row["metro"] == "Seattle-Tacoma-Bellevue, WA"


def test_a_city_outside_the_us_is_taken_with_no_state_and_no_us_metro(store_copy: Path) -> None:
    # London, GB was told it "needs its US state code"; as the metro, with country US
    # it was offered "Norwich-New London-Willimantic, CT".
    unplaced = {k: v for k, v in GOOD.items() if k not in ("city", "state")}
    with _client(store_copy) as client:
        by_city = client.post(SUBMIT, json={**unplaced, "city": "London", "country": "GB"})
        as_metro = client.post(SUBMIT, json={**unplaced, "metro": "London", "country": "GB"})
        assert (by_city.status_code, as_metro.status_code) == (201, 201), as_metro.text
        rows = client.get(SUBMIT, headers=ADMIN).json()
        assert [(r["city"], r["metro"], r["state"], r["country"]) for r in rows] == [
            ("London", None, None, "GB")
        ] * 2
        approved = client.post(f"{SUBMIT}/1/approve", headers=ADMIN)
        assert approved.status_code == 200 and approved.json()["records_accepted"] == 2
        current = PublishedStore(store_copy).reader()
        try:
            places = current.store.con.execute(
                "SELECT DISTINCT country, metro FROM records WHERE source = 'submission'"
            ).fetchall()
        finally:
            current.store.close()
        assert places == [("GB", None)]


def test_a_metro_with_another_state_is_refused_as_the_estimator_refuses_it(
    store_copy: Path,
) -> None:
    # Seattle with state TX was queued (201), listed as "Seattle-Tacoma-Bellevue, WA / TX".
    unplaced = {k: v for k, v in GOOD.items() if k not in ("city", "state")}
    with _client(store_copy) as client:
        apart = client.post(SUBMIT, json={**unplaced, "metro": "seattle", "state": "TX"})
        assert apart.status_code == 422, apart.text
        assert apart.json()["errors"] == {
            "state": "Seattle-Tacoma-Bellevue, WA is in state WA, not TX: give one place"
        }
        together = client.post(SUBMIT, json={**unplaced, "metro": "seattle", "state": "WA"})
        assert together.status_code == 201, together.text
        assert [row["state"] for row in client.get(SUBMIT, headers=ADMIN).json()] == ["WA"]


def test_a_us_city_its_state_has_not_is_refused_on_the_state(store_copy: Path) -> None:
    # City Seattle with state TX was queued, and its records stored with no metro.
    unplaced = {k: v for k, v in GOOD.items() if k not in ("metro", "city", "state")}
    with _client(store_copy, submissions_per_hour=10) as client:
        apart = client.post(SUBMIT, json={**unplaced, "city": "Seattle", "state": "TX"})
        assert (apart.status_code, apart.json()["errors"]) == (
            422,
            {"state": "there is no Seattle in TX; there is in WA"},
        )
        many = client.post(SUBMIT, json={**unplaced, "city": "Springfield", "state": "CA"})
        assert many.json()["errors"]["state"].startswith(
            "there is no Springfield in CA; there is in AR, CO, GA, ID, IL and "
        )
        # A city of that state, and a place no state has (the gazetteer lacks it): taken.
        for city, state in (("Springfield", "IL"), ("Seattle", "WA"), ("Zzyzxtown", "TX")):
            taken = client.post(SUBMIT, json={**unplaced, "city": city, "state": state})
            assert taken.status_code == 201, taken.text


def test_a_submission_the_disk_cannot_hold_is_507_and_nothing_of_it_is_queued(
    store_copy: Path,
) -> None:
    # It was 500 "internal error": the sender could not tell a full disk from a bug.
    running = Server(store_copy, {"PAYGRADE_SUBMISSIONS_PER_HOUR": "10000"}, file_limit=40 * 1024)
    try:
        answers = []
        while len(answers) < 500 and (not answers or answers[-1].status_code == 201):
            answers.append(httpx.post(f"{running.url}{SUBMIT}", json=GOOD, timeout=30))
        refused = answers[-1]
        assert (refused.status_code, refused.json()) == (
            507,
            {
                "detail": "the server could not save this: its disk refused the write "
                "(disk I/O error); nothing was saved, try again later"
            },
        )
        assert len(answers) > 1  # the queue took submissions until its file was full
        assert httpx.get(f"{running.url}/healthz", timeout=10).status_code == 200
    finally:
        running.stop()
    # The server's log names the file; the answer did not.
    assert f"cannot write {queue_path(Settings(db=store_copy))}: disk I/O error" in running.log
    queued = queue(Settings(db=store_copy), status=None)
    assert [row["id"] for row in queued] == [a.json()["id"] for a in answers[:-1]]


def test_an_approval_stored_but_not_published_for_want_of_room_says_so(store_copy: Path) -> None:
    settings = Settings(db=store_copy)
    submit(settings, GOOD, client="a")
    running = Server(store_copy, {"PAYGRADE_ADMIN_TOKEN": TOKEN}, file_limit=40 * 1024)
    try:
        got = httpx.post(f"{running.url}{SUBMIT}/1/approve", headers=ADMIN, timeout=60)
    finally:
        running.stop()
    # It was 500 "internal error", and the admin could not tell that it was approved.
    assert (got.status_code, got.json()) == (
        503,
        {
            "detail": "cannot publish store.duckdb for readers (paygrade serve, mcp) in "
            f"{store_copy.parent.name}: File too large; raise the limit on file size it runs "
            "under (ulimit -f); submission 1 is approved and stored; "
            "readers see it once published (by the next approval or ingest, or when the "
            "server starts)"
        },
    )
    # The server's path is in its log, not in the answer.
    assert f"in {store_copy.parent}: File too large" in running.log
    assert [row["status"] for row in queue(settings, status=None)] == ["approved"]
    store = Store.open_reading(store_copy)  # the store holds it, once, as the queue says
    try:
        assert stored_submissions(store) == ONE
    finally:
        store.close()
