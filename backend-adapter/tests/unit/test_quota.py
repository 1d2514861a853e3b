"""docs_auth.quota: the setting's notation, the 429 and its Retry-After, one reader's quota apart from another's.

Everything runs on the real store (ReaderQuota.on_postgres) on a PostgreSQL that the fixture starts from the
embedded binaries of `make build`, with a clock the test moves; the quota's tests across two API processes are in
tests/integration/test_quota.py.
"""

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Callable, Iterator
from typing import Annotated, Any

import httpx
import psycopg
import pytest
from docs_testkit.scratch_postgres import scratch_postgres
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel
from pyrate_limiter import AbstractClock, RateItem

from docs_auth import KeycloakBearer, TokenValidator, User
from docs_auth.quota import (
    QUOTA_RESPONSES,
    QuotaSettingError,
    ReaderLog,
    ReaderQuota,
    parse_quota,
    require_quota,
)

from .conftest import Env, Key, claims, make_token

MINUTE = 60_000
DAY = 86_400_000


class MovedClock(AbstractClock):
    """Wall-clock milliseconds that the test moves forward."""

    def __init__(self) -> None:
        self.ms = 1_700_000_000_000

    def now(self) -> int:
        return self.ms


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL from `make build`'s embedded binaries (docs_testkit.scratch_postgres), on a free port."""
    with scratch_postgres("quota-unit-postgres") as url:
        yield url


@pytest.fixture
def quotas(postgres_url: str) -> Iterator[Callable[[str, AbstractClock], ReaderQuota]]:
    """Opens quotas on the module's PostgreSQL (schema rag), each on an empty table; closes them afterwards."""
    opened: list[ReaderQuota] = []

    def open_quota(text: str, clock: AbstractClock) -> ReaderQuota:
        quota = ReaderQuota.on_postgres(parse_quota(text), postgres_url, schema="rag", clock=clock)
        asyncio.run(quota.open())
        quota.bucket.flush()
        opened.append(quota)
        return quota

    yield open_quota
    for quota in opened:
        asyncio.run(quota.close())


Quotas = Callable[[str, AbstractClock], ReaderQuota]


# ------------------------------------------------------------------------------------------------ the setting
def windows(text: str) -> list[tuple[int, int]]:
    return [(rate.limit, rate.interval) for rate in parse_quota(text)]


def test_the_setting_of_the_issue_reads_as_two_rates() -> None:
    assert windows("30/10 minutes; 300/day") == [(30, 10 * MINUTE), (300, DAY)]


def test_the_windows_may_come_in_any_order_and_in_words() -> None:
    assert windows("300 per day, 30 per 10 minutes") == [(30, 10 * MINUTE), (300, DAY)]


@pytest.mark.parametrize(("text", "says"), [
    ("thirty a minute", "is not a quota like '30/10 minutes; 300/day'"),
    ("30/fortnight", "is not a quota like"),
    ("", "is not a quota like"),
    (" ; ", "is not a quota like"),
    ("0/minute", "each window must allow at least 1 request"),
    ("30/minute; 20/hour", "each longer window must allow more requests"),
    ("30/minute; 3000/hour", "at no higher rate"),
])
def test_a_bad_setting_is_refused_with_what_is_expected(text: str, says: str) -> None:
    with pytest.raises(QuotaSettingError, match=says):
        parse_quota(text)


def test_a_schema_that_is_not_a_plain_name_is_refused() -> None:
    with pytest.raises(QuotaSettingError, match="not a plain lower-case PostgreSQL name"):
        ReaderQuota.on_postgres(parse_quota("3/minute"), "postgresql://x@127.0.0.1/db", schema="rag; DROP")


# ---------------------------------------------------------------------------------------------- the counting
def test_the_request_over_a_window_waits_until_the_first_one_leaves_it(quotas: Quotas) -> None:
    clock = MovedClock()
    quota = quotas("3/10 minutes; 10/day", clock)
    for _ in range(3):
        assert quota.acquire_blocking("ada") is None
        clock.ms += 1_000
    # The first of the three was 3 s ago: it leaves the 10-minute window in 597 s (and 1 ms).
    assert quota.acquire_blocking("ada") == 598
    clock.ms += 598_000
    assert quota.acquire_blocking("ada") is None


def test_the_day_limit_holds_when_the_short_window_has_room(quotas: Quotas) -> None:
    clock = MovedClock()
    quota = quotas("2/minute; 3/day", clock)
    assert quota.acquire_blocking("ada") is None
    assert quota.acquire_blocking("ada") is None
    clock.ms += MINUTE + 1
    assert quota.acquire_blocking("ada") is None
    clock.ms += MINUTE + 1
    # Room in the minute, none in the day: the wait is until the first request is a day old.
    assert quota.acquire_blocking("ada") == (DAY - 2 * (MINUTE + 1) + 1 + 999) // 1000


def test_a_refused_request_is_not_counted(quotas: Quotas) -> None:
    clock = MovedClock()
    quota = quotas("1/minute; 2/day", clock)
    assert quota.acquire_blocking("ada") is None
    assert quota.acquire_blocking("ada") == 61  # 60 s and 1 ms, rounded up
    clock.ms += MINUTE + 1
    assert quota.acquire_blocking("ada") is None  # the refused one took no room of the day


def test_another_reader_has_their_own_quota(quotas: Quotas) -> None:
    quota = quotas("1/minute", MovedClock())
    assert quota.acquire_blocking("ada") is None
    assert quota.acquire_blocking("ada") is not None
    assert quota.acquire_blocking("grace") is None


def test_a_wait_under_a_second_is_given_as_one(quotas: Quotas) -> None:
    clock = MovedClock()
    quota = quotas("1/second", clock)
    assert quota.acquire_blocking("ada") is None
    clock.ms += 900
    assert quota.acquire_blocking("ada") == 1


# ------------------------------------------------------------------------------------------- the dependency
class Question(BaseModel):
    query: str


def quota_app(env: Env, quota: ReaderQuota) -> TestClient:
    current_user = KeycloakBearer(env.validator)
    within_quota = require_quota(current_user, quota)
    app = FastAPI()

    @app.post("/ask", responses=QUOTA_RESPONSES)
    async def ask(user: Annotated[User, Depends(within_quota)]) -> dict[str, str]:
        return {"sub": user.sub}

    @app.post("/ask-with-body")
    async def ask_with_body(body: Question, user: Annotated[User, Depends(within_quota)]) -> dict[str, str]:
        return {"sub": user.sub}

    current_user.document(app)
    return TestClient(app)


@pytest.fixture
def ask(rsa_key: Key) -> Callable[[TestClient, str | None], httpx.Response]:
    """POST /ask with a token whose sub is the one given (None: no sub claim)."""

    def asking(client: TestClient, sub: str | None) -> httpx.Response:
        token = make_token(rsa_key, claims(sub=sub))
        response: httpx.Response = client.post("/ask", headers={"Authorization": f"Bearer {token}"})
        return response

    return asking


Ask = Callable[[TestClient, "str | None"], httpx.Response]


def test_over_the_quota_the_answer_is_429_with_retry_after_and_a_bearer_shaped_body(env: Env, ask: Ask, quotas: Quotas) -> None:
    client = quota_app(env, quotas("2/10 minutes", MovedClock()))
    assert [ask(client, "ada").status_code for _ in range(2)] == [200, 200]
    refused = ask(client, "ada")
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "601"
    assert refused.json() == {"detail": {
        "error": "too_many_requests",
        "error_description": "Too many requests in a short time; try again after Retry-After seconds"}}
    assert ask(client, "grace").status_code == 200


def test_a_request_whose_body_is_refused_counts_too(env: Env, rsa_key: Key, quotas: Quotas) -> None:
    # FastAPI runs the dependencies before it reports the body's errors: an invalid question takes room too.
    client = quota_app(env, quotas("1/minute", MovedClock()))
    headers = {"Authorization": f"Bearer {make_token(rsa_key, claims(sub='ada'))}"}
    assert client.post("/ask-with-body", headers=headers, json={"nothing": 1}).status_code == 422
    assert client.post("/ask-with-body", headers=headers, json={"query": "?"}).status_code == 429


def test_a_token_with_an_empty_sub_is_refused_as_invalid(env: Env, ask: Ask, quotas: Quotas) -> None:
    refused = ask(quota_app(env, quotas("2/minute", MovedClock())), "")
    assert refused.status_code == 401
    assert refused.json()["detail"] == {"error": "invalid_token",
                                        "error_description": "The token lacks a required claim"}


def test_a_token_without_sub_is_refused_before_the_quota(env: Env, ask: Ask, quotas: Quotas) -> None:
    refused = ask(quota_app(env, quotas("2/minute", MovedClock())), None)
    assert refused.status_code == 401
    assert refused.json()["detail"]["error"] == "invalid_token"


def test_the_429_is_in_the_openapi_document(env: Env, quotas: Quotas) -> None:
    client = quota_app(env, quotas("2/minute", MovedClock()))
    document = client.get("/openapi.json").json()
    refusal = document["paths"]["/ask"]["post"]["responses"]["429"]
    assert refusal["headers"]["Retry-After"]["schema"] == {"type": "integer", "minimum": 1}
    assert refusal["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/QuotaError"}
    assert document["components"]["schemas"]["QuotaErrorDetail"]["properties"]["error"]["const"] == "too_many_requests"
    assert "401" in document["paths"]["/ask"]["post"]["responses"]  # the scheme's own refusals stay


# ------------------------------------------------------------------------------------------------ the store
def tables(postgres_url: str) -> set[tuple[str, str]]:
    with psycopg.connect(postgres_url) as conn:
        return {(row[0], row[1]) for row in conn.execute(
            "SELECT schemaname, tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')")}


def test_two_processes_count_a_reader_in_one_place_one_table_for_every_reader(postgres_url: str,
                                                                                quotas: Quotas) -> None:
    clock = MovedClock()
    one, two = quotas("3/10 minutes; 5/day", clock), quotas("3/10 minutes; 5/day", clock)
    ada = [(one if i % 2 else two).acquire_blocking("ada") for i in range(4)]
    assert ada == [None, None, None, 601]
    before = tables(postgres_url)
    assert ("rag", "quota_request") in before
    assert [asyncio.run(one.acquire(f"reader-{i}")) for i in range(20)] == [None] * 20
    assert tables(postgres_url) == before  # no table per reader
    with one.bucket.pool.connection() as conn:  # the quota's own connections: asynchronous commit, in schema rag
        assert conn.execute("SHOW synchronous_commit").fetchone() == ("off",)
        assert conn.execute("SHOW search_path").fetchone() == ("rag",)


def test_without_a_schema_the_table_goes_where_the_roles_search_path_puts_it(postgres_url: str) -> None:
    quota = ReaderQuota.on_postgres(parse_quota("3/10 minutes"), postgres_url, table="quota_elsewhere")
    asyncio.run(quota.open())
    try:
        assert quota.acquire_blocking("margaret") is None
    finally:
        asyncio.run(quota.close())
    assert ("rag", "quota_elsewhere") in tables(postgres_url)  # "$user" first: the role rag's own schema


def test_a_table_that_is_not_a_plain_name_is_refused(postgres_url: str) -> None:
    with pytest.raises(QuotaSettingError, match="table 'quota; DROP' is not a plain lower-case PostgreSQL name"):
        ReaderQuota.on_postgres(parse_quota("3/minute"), postgres_url, table="quota; DROP")


def test_a_readers_requests_at_once_from_two_processes_are_counted_one_at_a_time(quotas: Quotas) -> None:
    one, two = quotas("1/10 minutes", MovedClock()), quotas("1/10 minutes", MovedClock())
    admitted = []
    for round_ in range(10):  # each round a new reader asks 8 times at the same moment, from both quotas
        start = threading.Barrier(8)

        def ask(i: int, sub: str = f"linus-{round_}") -> int | None:
            start.wait()
            return (one if i % 2 else two).acquire_blocking(sub)

        with ThreadPoolExecutor(8) as pool:
            admitted.append(list(pool.map(ask, range(8))).count(None))
    assert admitted == [1] * 10  # exactly the limit, every time


def test_a_reader_another_process_is_counting_waits_for_it_and_is_not_refused(postgres_url: str,
                                                                            quotas: Quotas) -> None:
    quota = quotas("3/10 minutes", MovedClock())
    with psycopg.connect(postgres_url) as other:  # another process's check of linus, in the middle of it
        other.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (ReaderLog.LOCK_CLASS, "linus"))
        answer: list[int | None] = []
        waiting = threading.Thread(target=lambda: answer.append(quota.acquire_blocking("linus")))
        waiting.start()
        waiting.join(0.5)
        assert waiting.is_alive() and answer == []  # waits for the other's commit
        assert quota.acquire_blocking("grace") is None  # another reader does not wait
    waiting.join(10)
    assert answer == [None]


def test_forget_deletes_a_readers_counts_and_no_one_elses(quotas: Quotas) -> None:
    quota = quotas("1/10 minutes", MovedClock())
    assert quota.acquire_blocking("ada") is None
    assert quota.acquire_blocking("grace") is None
    assert quota.acquire_blocking("ada") == 601
    asyncio.run(quota.forget("ada"))
    asyncio.run(quota.forget("ada"))  # again: nothing left, no error
    assert quota.acquire_blocking("ada") is None  # as if ada had never asked
    assert quota.acquire_blocking("grace") == 601


def test_counted_lists_a_readers_kept_times_newest_first_and_no_one_elses(quotas: Quotas) -> None:
    clock = MovedClock()
    quota = quotas("5/hour", clock)
    assert asyncio.run(quota.counted("ada")) == []
    start = clock.ms
    quota.acquire_blocking("ada")
    clock.ms += 1_000
    quota.acquire_blocking("grace")
    clock.ms += 1_000
    quota.acquire_blocking("ada")
    assert asyncio.run(quota.counted("ada")) == [start + 2_000, start]
    assert asyncio.run(quota.counted("grace")) == [start + 1_000]


def test_the_leaker_deletes_what_left_every_window(quotas: Quotas) -> None:
    clock = MovedClock()
    quota = quotas("2/minute; 3/hour", clock)
    assert quota.buckets.get_buckets() == [quota.bucket]  # the library's leaker prunes it, once a minute
    assert quota.buckets.leak_interval == 60_000
    quota.acquire_blocking("ada")
    clock.ms += 30 * MINUTE
    quota.acquire_blocking("grace")
    quota.acquire_blocking("grace")
    assert quota.bucket.count() == 3
    assert quota.bucket.leak(clock.ms) == 0  # ada's is in the hour still
    clock.ms += 30 * MINUTE + 1
    assert quota.bucket.leak(clock.ms) == 1
    assert quota.bucket.count() == 2
    newest = quota.bucket.peek(0)
    assert newest is not None and (newest.name, newest.timestamp) == ("grace", clock.ms - 30 * MINUTE - 1)
    assert quota.bucket.peek(2) is None
    quota.bucket.flush()
    assert quota.bucket.count() == 0


def test_closing_stops_the_leaker(postgres_url: str) -> None:
    quota = ReaderQuota.on_postgres(parse_quota("3/10 minutes"), postgres_url, schema="rag")
    asyncio.run(quota.open())
    assert quota.buckets.get_buckets() == [quota.bucket]
    asyncio.run(quota.close())
    assert quota.buckets.get_buckets() == []
    assert quota.bucket.pool.closed


def test_an_item_of_no_weight_is_admitted_and_not_counted(quotas: Quotas) -> None:
    quota = quotas("1/minute", MovedClock())
    assert quota.bucket.put(RateItem("ada", quota.bucket.now(), weight=0)) is True
    assert quota.bucket.count() == 0
