"""docs_auth.quota: the setting's notation, the 429 and its Retry-After, one reader's quota apart from another's.

The dependency's logic runs on pyrate-limiter's own InMemoryBucket with a clock the test moves; the PostgreSQL
store (ReaderQuota.on_postgres) on a real PostgreSQL that the fixture starts from the embedded binaries of
`make build` (the quota's tests across two API processes are in tests/integration/test_quota.py).
"""

import asyncio
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import httpx
import psycopg
import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel
from pyrate_limiter import AbstractClock, InMemoryBucket, Rate

from docs_auth import KeycloakBearer, TokenValidator, User
from docs_auth.quota import (
    QUOTA_RESPONSES,
    QuotaSettingError,
    ReaderBuckets,
    ReaderQuota,
    bucket_table,
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


def memory_quota(text: str, clock: AbstractClock) -> ReaderQuota:
    rates = parse_quota(text)
    return ReaderQuota(ReaderBuckets(lambda sub: InMemoryBucket(rates), clock))


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


def test_each_reader_has_a_table_name_postgresql_keeps_whole() -> None:
    name = bucket_table("f" * 255)
    assert name == bucket_table("f" * 255) != bucket_table("f" * 254)
    # PostgresBucket prefixes "ratelimit___" and names an index "timestampindex_" + name: both within 63 bytes.
    assert len("timestampindex_" + name) <= 63


# ---------------------------------------------------------------------------------------------- the counting
def test_the_request_over_a_window_waits_until_the_first_one_leaves_it() -> None:
    clock = MovedClock()
    quota = memory_quota("3/10 minutes; 10/day", clock)
    for _ in range(3):
        assert quota.acquire_blocking("ada") is None
        clock.ms += 1_000
    # The first of the three was 3 s ago: it leaves the 10-minute window in 597 s (and 1 ms).
    assert quota.acquire_blocking("ada") == 598
    clock.ms += 598_000
    assert quota.acquire_blocking("ada") is None


def test_the_day_limit_holds_when_the_short_window_has_room() -> None:
    clock = MovedClock()
    quota = memory_quota("2/minute; 3/day", clock)
    assert quota.acquire_blocking("ada") is None
    assert quota.acquire_blocking("ada") is None
    clock.ms += MINUTE + 1
    assert quota.acquire_blocking("ada") is None
    clock.ms += MINUTE + 1
    # Room in the minute, none in the day: the wait is until the first request is a day old.
    assert quota.acquire_blocking("ada") == (DAY - 2 * (MINUTE + 1) + 1 + 999) // 1000


def test_a_refused_request_is_not_counted() -> None:
    clock = MovedClock()
    quota = memory_quota("1/minute; 2/day", clock)
    assert quota.acquire_blocking("ada") is None
    assert quota.acquire_blocking("ada") == 61  # 60 s and 1 ms, rounded up
    clock.ms += MINUTE + 1
    assert quota.acquire_blocking("ada") is None  # the refused one took no room of the day


def test_another_reader_has_their_own_quota() -> None:
    quota = memory_quota("1/minute", MovedClock())
    assert quota.acquire_blocking("ada") is None
    assert quota.acquire_blocking("ada") is not None
    assert quota.acquire_blocking("grace") is None


def test_a_wait_under_a_second_is_given_as_one() -> None:
    clock = MovedClock()
    quota = memory_quota("1/second", clock)
    assert quota.acquire_blocking("ada") is None
    clock.ms += 900
    assert quota.acquire_blocking("ada") == 1


def test_a_quota_without_a_pool_opens_and_closes() -> None:
    quota = memory_quota("1/minute", MovedClock())
    asyncio.run(quota.open())
    assert quota.acquire_blocking("ada") is None
    # The reader's bucket is the library leaker's to prune, once a minute.
    assert quota.buckets.get_buckets() == [quota.buckets.entry("ada")[0]]
    assert quota.buckets.leak_interval == 60_000
    asyncio.run(quota.close())
    assert quota.buckets.get_buckets() == []  # the leaker stopped


def test_closing_releases_every_bucket() -> None:
    closed: list[str] = []

    class Bucket(InMemoryBucket):
        def close(self) -> None:
            closed.append("bucket")

    quota = ReaderQuota(ReaderBuckets(lambda sub: Bucket([Rate(1, MINUTE)]), MovedClock()),
                        on_close=lambda: closed.append("pool"))
    quota.acquire_blocking("ada")
    assert quota.buckets.get(quota.buckets.wrap_item("ada")) is quota.buckets.entry("ada")[0]
    asyncio.run(quota.close())
    assert closed == ["bucket", "pool"]


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


def test_over_the_quota_the_answer_is_429_with_retry_after_and_a_bearer_shaped_body(env: Env, ask: Ask) -> None:
    client = quota_app(env, memory_quota("2/10 minutes", MovedClock()))
    assert [ask(client, "ada").status_code for _ in range(2)] == [200, 200]
    refused = ask(client, "ada")
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "601"
    assert refused.json() == {"detail": {
        "error": "too_many_requests",
        "error_description": "Too many requests in a short time; try again after Retry-After seconds"}}
    assert ask(client, "grace").status_code == 200


def test_a_request_whose_body_is_refused_counts_too(env: Env, rsa_key: Key) -> None:
    # FastAPI runs the dependencies before it reports the body's errors: an invalid question takes room too.
    client = quota_app(env, memory_quota("1/minute", MovedClock()))
    headers = {"Authorization": f"Bearer {make_token(rsa_key, claims(sub='ada'))}"}
    assert client.post("/ask-with-body", headers=headers, json={"nothing": 1}).status_code == 422
    assert client.post("/ask-with-body", headers=headers, json={"query": "?"}).status_code == 429


def test_a_token_with_an_empty_sub_is_refused_as_invalid(env: Env, ask: Ask) -> None:
    refused = ask(quota_app(env, memory_quota("2/minute", MovedClock())), "")
    assert refused.status_code == 401
    assert refused.json()["detail"] == {"error": "invalid_token",
                                        "error_description": "The token lacks a required claim"}


def test_a_token_without_sub_is_refused_before_the_quota(env: Env, ask: Ask) -> None:
    refused = ask(quota_app(env, memory_quota("2/minute", MovedClock())), None)
    assert refused.status_code == 401
    assert refused.json()["detail"]["error"] == "invalid_token"


def test_the_429_is_in_the_openapi_document(env: Env) -> None:
    client = quota_app(env, memory_quota("2/minute", MovedClock()))
    document = client.get("/openapi.json").json()
    refusal = document["paths"]["/ask"]["post"]["responses"]["429"]
    assert refusal["headers"]["Retry-After"]["schema"] == {"type": "integer", "minimum": 1}
    assert refusal["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/QuotaError"}
    assert document["components"]["schemas"]["QuotaErrorDetail"]["properties"]["error"]["const"] == "too_many_requests"
    assert "401" in document["paths"]["/ask"]["post"]["responses"]  # the scheme's own refusals stay


# ------------------------------------------------------------------------------- PostgreSQL (a real server)
@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """A fresh PostgreSQL from `make build`'s embedded binaries (testing/scratch_postgres.py), on a free port."""
    for folder in Path(__file__).resolve().parents:  # the repository, also from mutmut's copy of the tests
        if (folder / "testing" / "scratch_postgres.py").exists():
            sys.path.insert(0, str(folder / "testing"))
            break
    from scratch_postgres import scratch_postgres

    with scratch_postgres("quota-unit-postgres") as url:
        yield url


def test_on_postgres_counts_in_the_schema_across_two_quotas(postgres_url: str) -> None:
    async def scenario() -> tuple[list[int | None], list[int | None]]:
        one = ReaderQuota.on_postgres(parse_quota("3/10 minutes; 5/day"), postgres_url, schema="rag")
        two = ReaderQuota.on_postgres(parse_quota("3/10 minutes; 5/day"), postgres_url, schema="rag")
        await one.open()
        await two.open()
        try:
            # Two processes' quotas on one database: the reader's requests count in one place.
            ada = [await (one if i % 2 else two).acquire("ada") for i in range(4)]
            grace = [await one.acquire("grace")]
            return ada, grace
        finally:
            await one.close()
            await two.close()

    ada, grace = asyncio.run(scenario())
    assert ada[:3] == [None, None, None]
    assert ada[3] is not None and 590 <= ada[3] <= 601
    assert grace == [None]
    with psycopg.connect(postgres_url) as conn:
        tables = {row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'rag'")}
    assert {f"ratelimit___{bucket_table('ada')}", f"ratelimit___{bucket_table('grace')}"} <= tables


def test_without_a_schema_the_tables_go_where_the_roles_search_path_puts_them(postgres_url: str) -> None:
    quota = ReaderQuota.on_postgres(parse_quota("3/10 minutes"), postgres_url)
    asyncio.run(quota.open())
    try:
        assert quota.acquire_blocking("margaret") is None
    finally:
        asyncio.run(quota.close())
    with psycopg.connect(postgres_url) as conn:  # "$user" first: the role rag's own schema
        found = conn.execute("SELECT schemaname FROM pg_tables WHERE tablename = %s",
                             (f"ratelimit___{bucket_table('margaret')}",)).fetchall()
    assert found == [("rag",)]


def test_a_reader_whose_bucket_another_process_holds_is_asked_again_then_told_to_wait(postgres_url: str) -> None:
    quota = ReaderQuota.on_postgres(parse_quota("3/10 minutes"), postgres_url, schema="rag")
    asyncio.run(quota.open())
    try:
        assert quota.acquire_blocking("linus") is None  # the table exists
        pool = quota.buckets.entry("linus")[0].pool  # type: ignore[attr-defined]  # a PostgresBucket's
        with pool.connection() as conn:  # the quota's own connections: asynchronous commit, in schema rag
            assert conn.execute("SHOW synchronous_commit").fetchone() == ("off",)
            assert conn.execute("SHOW search_path").fetchone() == ("rag",)
        with psycopg.connect(postgres_url) as other:  # another process's check, in the middle of it
            other.execute(f"LOCK TABLE rag.ratelimit___{bucket_table('linus')} IN EXCLUSIVE MODE")
            assert quota.acquire_blocking("linus") == 1
        assert quota.acquire_blocking("linus") is None  # the other process done: counted again
    finally:
        asyncio.run(quota.close())


# ------------------------------------------------------------ what the quota holds about a reader: seen, deleted
def test_counted_lists_a_readers_request_times_newest_first_and_forget_deletes_them() -> None:
    clock = MovedClock()
    quota = memory_quota("3/10 minutes; 5/day", clock)
    start = clock.ms
    assert quota.counted_blocking("ada") == []  # no bucket yet: none is made to answer
    assert quota.buckets.find("ada") is None
    for _ in range(2):
        assert quota.acquire_blocking("ada") is None
        clock.ms += MINUTE
    assert quota.acquire_blocking("grace") is None

    assert asyncio.run(quota.counted("ada")) == [start + MINUTE, start]

    asyncio.run(quota.forget("ada"))
    assert quota.counted_blocking("ada") == []
    assert quota.buckets.find("ada") is None
    assert quota.counted_blocking("grace") == [start + 2 * MINUTE]  # another reader's counts stay
    # A forgotten reader starts from nothing: three more requests are within "3/10 minutes".
    assert [quota.acquire_blocking("ada") for _ in range(3)] == [None, None, None]
    quota.forget_blocking("nobody")  # a reader the quota never saw: nothing to do, no error


def test_on_postgres_counted_and_forget_reach_every_processs_counts_and_make_no_table(postgres_url: str) -> None:
    rates = parse_quota("3/10 minutes; 5/day")

    async def scenario() -> None:
        one = ReaderQuota.on_postgres(rates, postgres_url, schema="rag")
        two = ReaderQuota.on_postgres(rates, postgres_url, schema="rag")
        exports = ReaderQuota.on_postgres(rates, postgres_url, schema="rag", name="export")
        for quota in (one, two, exports):
            await quota.open()
        try:
            assert await one.acquire("alan") is None
            assert await two.acquire("alan") is None
            assert await exports.acquire("alan") is None
            assert await one.acquire("barbara") is None
            seen = await two.counted("alan")  # two processes' requests, read where they are stored
            assert len(seen) == 2 and seen == sorted(seen, reverse=True)
            assert len(await exports.counted("alan")) == 1  # a quota of another name counts apart

            await two.forget("alan")  # the process that received the deletion
            assert await one.counted("alan") == []
            assert await two.counted("alan") == []
            assert len(await one.counted("barbara")) == 1
            assert len(await exports.counted("alan")) == 1  # each quota forgets its own
            await exports.forget("alan")
            assert await exports.counted("alan") == []
            # a reader who never asked: nothing read, nothing deleted, no table made
            assert await one.counted("never") == []
            await one.forget("never")
        finally:
            for quota in (one, two, exports):
                await quota.close()

    asyncio.run(scenario())
    with psycopg.connect(postgres_url) as conn:
        tables = {row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'rag'")}
    assert f"ratelimit___{bucket_table('never')}" not in tables
    assert f"ratelimit___{bucket_table('alan', 'export')}" in tables


def test_a_quota_name_that_is_not_a_plain_name_is_refused() -> None:
    with pytest.raises(QuotaSettingError, match="name 'export; DROP' is not a plain"):
        ReaderQuota.on_postgres(parse_quota("3/minute"), "postgresql://x@127.0.0.1/db", name="export; DROP")
