"""A quota of requests per reader (keyed by the token's ``sub``), counted in a store every API process shares.

    rates = parse_quota("30/10 minutes; 300/day")
    quota = ReaderQuota.on_postgres(rates, "postgresql://rag:rag@127.0.0.1:5433/keycloak", schema="rag")
    within_quota = require_quota(current_user, quota)

    @app.post("/api/query", responses=QUOTA_RESPONSES)
    async def query(user: Annotated[User, Depends(within_quota)]) -> Answer: ...

    # in the app's lifespan: await quota.open() ... await quota.close()
    # when an account is deleted: await quota.forget(sub)

Over the quota: ``429 Too Many Requests`` (RFC 6585 §4) with ``Retry-After`` in seconds (RFC 9110 §10.2.3), the
earliest a request will be accepted again, and the body ``{"detail": {"error": "too_many_requests",
"error_description": ...}}``, shaped like the bearer refusals (``BearerError``).

The verdict and the wait are pyrate-limiter's (PyPI ``pyrate-limiter`` 4): its sliding-window log
(``SlidingWindowLog``) behind its bucket interface, on one PostgreSQL table for every reader (``ReaderLog``: a row
per counted request, keyed by ``sub``), pruned by the library's leaker.
The notation of the setting is the ``limits`` package's (``limits.parse_many``), which pyrate-limiter lacks.
"""

# No `from __future__ import annotations`: FastAPI must evaluate the dependency's annotations, which name locals.
import logging
import math
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Annotated, Any, Literal

import anyio.to_thread
from fastapi import Depends, HTTPException
from limits import parse_many
from pydantic import BaseModel, Field
from pyrate_limiter import AbstractBucket, AbstractClock, BucketFactory, Rate, RateItem, WallClock
from pyrate_limiter.abstracts.algorithm import ADMITTED
from pyrate_limiter.utils import validate_rate_list

from .errors import MissingClaim
from .fastapi import SECONDS_SCHEMA, KeycloakBearer
from .models import User

if TYPE_CHECKING:
    from psycopg_pool import ConnectionPool

log = logging.getLogger("docs_auth")

QUOTA_EXAMPLE = "30/10 minutes; 300/day"
QUOTA_DESCRIPTION = "Too many requests in a short time; try again after Retry-After seconds"
_SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


class QuotaSettingError(ValueError):
    """A quota setting that cannot be used; the message names the setting's expected form."""


def parse_quota(text: str) -> list[Rate]:
    """The rates of a quota written in the ``limits`` notation: ``"30/10 minutes; 300/day"``.

    Each part is ``AMOUNT/[N ]UNIT`` (``second``, ``minute``, ``hour``, ``day``, ``month``, ``year``, plural or not;
    also ``AMOUNT per N UNIT``), parts separated by ``;``, ``,`` or ``|``. Returns pyrate-limiter ``Rate``\\ s
    (limit, interval in milliseconds), shortest window first. Raises ``QuotaSettingError`` for text that is not in
    the notation, an amount under 1, or windows that contradict each other (a longer window must allow more
    requests, and not at a higher rate: ``30/minute; 20/hour`` is refused).
    """
    try:
        items = parse_many(text)
    except ValueError:
        raise QuotaSettingError(f"{text!r} is not a quota like {QUOTA_EXAMPLE!r} (requests/window; ...)") from None
    if any(item.amount < 1 for item in items):
        raise QuotaSettingError(f"{text!r}: each window must allow at least 1 request")
    rates = sorted((Rate(item.amount, item.get_expiry() * 1000) for item in items), key=lambda r: r.interval)
    if not validate_rate_list(rates):
        raise QuotaSettingError(
            f"{text!r}: each longer window must allow more requests than a shorter one, at no higher rate "
            f"(like {QUOTA_EXAMPLE!r})"
        )
    return rates


class ReaderLog(AbstractBucket):
    """pyrate-limiter's bucket interface on one PostgreSQL table for every reader: a row ``(sub, at_ms)`` per
    counted request (``RateItem.name`` is the reader's ``sub``, ``at_ms`` epoch milliseconds), so a reader's
    window is the rows with their ``sub``. The verdict and the wait are the library's ``SlidingWindowLog``
    (``decide``), applied to that reader's rows as the library's ``PostgresBucket`` applies it to a table.

    A check (``put``) is one transaction in two round trips (psycopg's pipeline mode): the reader's advisory lock
    (``pg_advisory_xact_lock``, so two processes never count the same reader at once) and the reader's newest
    rows within the longest window; then the insert if admitted, and the commit. ``count``, ``peek``, ``leak``
    and ``flush`` are over every reader; ``forget(sub)`` deletes one reader's rows.
    """

    is_async = False
    # The advisory locks' first key, so the quota's locks (second key: hashtext(sub)) meet no one else's.
    LOCK_CLASS = 0x71_75_6F  # "quo"

    def __init__(self, pool: "ConnectionPool", rates: list[Rate], table: str = "quota_request",
                 clock: AbstractClock | None = None) -> None:
        if not _SCHEMA_NAME.fullmatch(table):
            raise QuotaSettingError(f"table {table!r} is not a plain lower-case PostgreSQL name")
        self.pool = pool
        self.table = table
        self.rates = rates  # sorted and validated by AbstractBucket
        self._clock = self.clock = clock or WallClock()
        # Rows a verdict may need: every window's limit of them, newest first (a count of `limit` refuses).
        self._depth = max(rate.limit for rate in self.rates)

    def open(self) -> None:
        """Opens the pool (waiting up to 15 s for a first connection), then makes the table and its indexes if
        missing (the role needs CREATE on the schema)."""
        self.pool.open(wait=True, timeout=15)
        with self.pool.connection() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s, 0)", (self.LOCK_CLASS,))
            conn.execute(f"CREATE TABLE IF NOT EXISTS {self.table} (sub text NOT NULL, at_ms bigint NOT NULL)")
            conn.execute(f"CREATE INDEX IF NOT EXISTS {self.table}_sub_at ON {self.table} (sub, at_ms DESC)")
            conn.execute(f"CREATE INDEX IF NOT EXISTS {self.table}_at ON {self.table} (at_ms)")

    def put(self, item: RateItem) -> bool:
        if item.weight == 0:
            return self._record(item, ADMITTED)
        oldest = self._algorithm.leak_bound(self.rates, item.timestamp)
        with self.pool.connection() as conn, conn.pipeline():
            conn.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (self.LOCK_CLASS, item.name))
            newest = [at for (at,) in conn.execute(
                f"SELECT at_ms FROM {self.table} WHERE sub = %s AND at_ms >= %s ORDER BY at_ms DESC LIMIT %s",
                (item.name, oldest, self._depth)).fetchall()]
            counts = [sum(1 for at in newest if at >= self._algorithm.window_start(rate, item.timestamp))
                      for rate in self.rates]
            decision = self._algorithm.decide(self.rates, counts, item.weight, item.timestamp,
                                              lambda offset: newest[offset] if offset < len(newest) else None)
            if decision.allowed:
                conn.execute(f"INSERT INTO {self.table} (sub, at_ms) SELECT %s, %s FROM generate_series(1, %s)",
                             (item.name, item.timestamp, item.weight))
            conn.commit()
        return self._record(item, decision)

    def forget(self, sub: str) -> int:
        """Deletes every counted request of ``sub``; returns how many rows there were."""
        with self.pool.connection() as conn:
            return conn.execute(f"DELETE FROM {self.table} WHERE sub = %s", (sub,)).rowcount

    def times(self, sub: str) -> list[int]:
        """The times (ms since the epoch, newest first) of ``sub``'s counted requests still kept."""
        with self.pool.connection() as conn:
            rows = conn.execute(f"SELECT at_ms FROM {self.table} WHERE sub = %s ORDER BY at_ms DESC", (sub,)).fetchall()
        return [int(row[0]) for row in rows]

    def leak(self, current_timestamp: int | None = None) -> int:
        """Deletes the rows outside every window at ``current_timestamp`` (ms); returns how many."""
        assert current_timestamp is not None, "the leaker passes the time"
        bound = self._algorithm.leak_bound(self.rates, current_timestamp)
        with self.pool.connection() as conn:
            return conn.execute(f"DELETE FROM {self.table} WHERE at_ms < %s", (bound,)).rowcount

    def flush(self) -> None:
        """Deletes every reader's rows."""
        with self.pool.connection() as conn:
            conn.execute(f"DELETE FROM {self.table}")
        self.failing_rate = None
        self._last_wait = None

    def count(self) -> int:
        """Rows of every reader, leaked or not."""
        with self.pool.connection() as conn:
            row = conn.execute(f"SELECT count(*) FROM {self.table}").fetchone()
        assert row is not None
        return int(row[0])

    def peek(self, index: int) -> RateItem | None:
        """The ``index``-th newest row of any reader (0: the newest), or ``None``."""
        with self.pool.connection() as conn:
            row = conn.execute(f"SELECT sub, at_ms FROM {self.table} ORDER BY at_ms DESC LIMIT 1 OFFSET %s",
                               (index,)).fetchone()
        return None if row is None else RateItem(row[0], int(row[1]))


class OneBucket(BucketFactory):
    """pyrate-limiter's routing for a bucket that keys its items itself (``ReaderLog``): every item goes to
    ``bucket``, stamped by the bucket's clock, and the library's leaker (a daemon thread, started by
    ``schedule_leak``) deletes its old rows every ``leak_interval`` ms."""

    def __init__(self, bucket: "ReaderLog", leak_interval: int = 60_000) -> None:
        self.bucket = bucket
        self.leak_interval = leak_interval

    def wrap_item(self, name: str, weight: int = 1) -> RateItem:
        now = self.bucket.clock.now()
        assert isinstance(now, int)  # a synchronous clock
        return RateItem(name, now, weight=weight)

    def get(self, item: RateItem) -> AbstractBucket:
        return self.bucket


class ReaderQuota:
    """Checks and counts each reader's requests against the rates of a ``ReaderLog``, shared by every API
    process on its database."""

    def __init__(self, bucket: ReaderLog, *, leak_interval: int = 60_000) -> None:
        self.bucket = bucket
        self.buckets = OneBucket(bucket, leak_interval)

    @classmethod
    def on_postgres(cls, rates: list[Rate], conninfo: str, *, schema: str | None = None,
                    max_connections: int = 4, table: str = "quota_request",
                    clock: AbstractClock | None = None) -> "ReaderQuota":
        """A ``ReaderLog`` (its ``table``) in ``schema`` if given (else the first of the role's
        ``search_path``), through a pool of ``max_connections`` connections opened by ``open()``, which also makes
        the table. ``conninfo`` is a libpq URL or key=value string; ``clock`` gives epoch ms (default: the wall
        clock; every process must keep its clock right, as NTP does)."""
        from psycopg_pool import ConnectionPool

        # Asynchronous commit (PostgreSQL's "synchronous_commit = off", for these connections alone): a count
        # does not wait for its WAL to reach the disk, which costs a request tens of ms on a cloud disk; a crash
        # of the server may forget the last moments' counts, never corrupt them.
        options = ["-c synchronous_commit=off"]
        if schema is not None:
            if not _SCHEMA_NAME.fullmatch(schema):
                raise QuotaSettingError(f"schema {schema!r} is not a plain lower-case PostgreSQL name")
            options.append(f"-c search_path={schema}")
        pool = ConnectionPool(conninfo, min_size=1, max_size=max_connections, open=False,
                              kwargs={"options": " ".join(options)})
        return cls(ReaderLog(pool, rates, table, clock))

    async def open(self) -> None:
        """Opens the store (``ReaderLog.open``), then starts deleting rows outside every window every
        ``leak_interval`` ms."""
        await anyio.to_thread.run_sync(self.bucket.open)
        self.buckets.schedule_leak(self.bucket)

    async def close(self) -> None:
        """Stops the leaker, then closes the store's pool."""
        self.buckets.dispose(self.bucket)
        await anyio.to_thread.run_sync(self.bucket.pool.close)

    async def acquire(self, sub: str) -> int | None:
        """Counts one request of ``sub`` if it is within every rate: ``None``; else nothing is counted and the
        answer is the seconds (at least 1) until one will be accepted. The store's calls block, so they run in
        a worker thread."""
        return await anyio.to_thread.run_sync(self.acquire_blocking, sub)

    def acquire_blocking(self, sub: str) -> int | None:
        """``acquire`` in the calling thread."""
        item = self.buckets.wrap_item(sub)
        decision = self.buckets.get(item).put_decision(item)
        assert not isinstance(decision, Awaitable)  # a synchronous bucket
        if decision.allowed:
            return None
        assert decision.retry_after_ms is not None  # the sliding window always knows its wait (weight 1)
        return max(1, math.ceil(decision.retry_after_ms / 1000))

    async def counted(self, sub: str) -> list[int]:
        """The times (ms since the epoch, newest first) of ``sub``'s requests the quota still keeps (those of its
        longest window; older ones are deleted as they leave it): what it holds about the reader, for a data
        export."""
        return await anyio.to_thread.run_sync(self.bucket.times, sub)

    async def forget(self, sub: str) -> None:
        """Deletes what the quota keeps of ``sub`` (the times of their counted requests), as when their account
        is deleted: afterwards ``sub`` is a reader who never asked. Idempotent."""
        await anyio.to_thread.run_sync(self.bucket.forget, sub)


class QuotaErrorDetail(BaseModel):
    """What a refusal over the quota says (the shape of ``BearerErrorDetail``)."""

    error: Literal["too_many_requests"] = Field(description="the request is over the reader's quota (RFC 6585 §4)")
    error_description: str = Field(description="a fixed sentence; the wait is in the Retry-After header")


class QuotaError(BaseModel):
    """The body of a ``429``: FastAPI's ``{"detail": ...}`` around the error, as ``BearerError``."""

    detail: QuotaErrorDetail


# The 429 of a route that depends on ``require_quota``, for its ``responses=`` (FastAPI adds the schema).
QUOTA_RESPONSES: dict[int | str, dict[str, Any]] = {
    429: {
        "model": QuotaError,
        "description": "The reader asked too many times in a short time (RFC 6585 §4)",
        "headers": {
            "Retry-After": {
                "description": "seconds until a request will be accepted again (RFC 9110 §10.2.3)",
                "required": True,
                "schema": SECONDS_SCHEMA,
            }
        },
    }
}


def require_quota(scheme: KeycloakBearer, quota: ReaderQuota) -> Callable[..., Awaitable[User]]:
    """Dependency that yields the ``User`` if their request is within ``quota``, counting it.

    Over it: ``HTTPException`` 429 with ``Retry-After`` (seconds) and the ``QuotaError`` body. A token whose
    ``sub`` is empty gets 401 ``invalid_token`` (the validator refuses one without ``sub`` already): a quota needs
    a key. Show the 429 in OpenAPI with ``responses=QUOTA_RESPONSES`` on the route.
    """

    async def within_quota(user: Annotated[User, Depends(scheme)]) -> User:
        if not user.sub:
            raise scheme.challenge(MissingClaim.status_code, MissingClaim.error, MissingClaim.description)
        wait = await quota.acquire(user.sub)
        if wait is not None:
            log.info("request refused: reason=quota sub=%r retry_after=%d", user.sub, wait)
            raise HTTPException(
                status_code=429,
                detail={"error": "too_many_requests", "error_description": QUOTA_DESCRIPTION},
                headers={"Retry-After": str(wait)},
            )
        return user

    return within_quota
