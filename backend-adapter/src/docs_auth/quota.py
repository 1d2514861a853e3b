"""A quota of requests per reader (keyed by the token's ``sub``), counted in a store every API process shares.

    rates = parse_quota("30/10 minutes; 300/day")
    quota = ReaderQuota.on_postgres(rates, "postgresql://rag:rag@127.0.0.1:5433/keycloak", schema="rag")
    within_quota = require_quota(current_user, quota)

    @app.post("/api/query", responses=QUOTA_RESPONSES)
    async def query(user: Annotated[User, Depends(within_quota)]) -> Answer: ...

    # in the app's lifespan: await quota.open() ... await quota.close()

Over the quota: ``429 Too Many Requests`` (RFC 6585 §4) with ``Retry-After`` in seconds (RFC 9110 §10.2.3), the
earliest a request will be accepted again, and the body ``{"detail": {"error": "too_many_requests",
"error_description": ...}}``, shaped like the bearer refusals (``BearerError``).

The counting is pyrate-limiter's (PyPI ``pyrate-limiter`` 4): its sliding-window log, stored by its own
``PostgresBucket`` with PostgreSQL's clock, one bucket (one table, ``ratelimit___quota_<hash of sub>``) per reader.
The notation of the setting is the ``limits`` package's (``limits.parse_many``), which pyrate-limiter lacks.

What the quota holds about a reader (the times of their requests still in a window) is theirs to see and goes with
their account: ``counted(sub)`` lists it, for a data export; ``forget(sub)`` deletes it, for the account-purged hook.
"""

# No `from __future__ import annotations`: FastAPI must evaluate the dependency's annotations, which name locals.
import hashlib
import logging
import math
import re
import threading
import time
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Annotated, Any, Literal

import anyio.to_thread
from fastapi import Depends, HTTPException
from limits import parse_many
from pydantic import BaseModel, Field
from pyrate_limiter import AbstractBucket, AbstractClock, BucketFactory, Rate, RateItem
from pyrate_limiter.utils import validate_rate_list

from .errors import MissingClaim
from .fastapi import SECONDS_SCHEMA, KeycloakBearer
from .models import User

log = logging.getLogger("docs_auth")

QUOTA_EXAMPLE = "30/10 minutes; 300/day"
QUOTA_DESCRIPTION = "Too many requests in a short time; try again after Retry-After seconds"
# A reader's two requests at once, from two API processes: PostgresBucket locks the reader's table with NOWAIT
# and refuses the one that finds it locked. Asked again after these pauses (seconds) before being refused.
CONTENTION_PAUSES = (0.01, 0.02, 0.05, 0.1)
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


def bucket_table(sub: str, prefix: str = "quota") -> str:
    """The table name of a reader's bucket: ``prefix`` and 40 hex digits of SHA-256 of ``sub`` (a ``sub`` may
    hold any character and be up to 255 long; PostgreSQL's names end at 63 bytes)."""
    return f"{prefix}_{hashlib.sha256(sub.encode()).hexdigest()[:40]}"


class ReaderBuckets(BucketFactory):
    """pyrate-limiter's extension point for routing: one bucket per reader, made by ``make_bucket(sub)`` on the
    reader's first request and kept for the process's life, its old entries removed by the library's leaker
    every ``leak_interval`` ms; timestamps from ``clock`` (ms)."""

    def __init__(self, make_bucket: Callable[[str], AbstractBucket], clock: AbstractClock,
                 leak_interval: int = 60_000) -> None:
        self._make_bucket = make_bucket
        self._clock = clock
        self.leak_interval = leak_interval
        self._buckets: dict[str, tuple[AbstractBucket, threading.Lock]] = {}
        self._guard = threading.Lock()

    def wrap_item(self, name: str, weight: int = 1) -> RateItem:
        now = self._clock.now()
        assert isinstance(now, int)  # a synchronous clock
        return RateItem(name, now, weight=weight)

    def get(self, item: RateItem) -> AbstractBucket:
        return self.entry(item.name)[0]

    def entry(self, sub: str) -> tuple[AbstractBucket, threading.Lock]:
        """The reader's bucket and the lock that makes a check and its verdict one step in this process."""
        with self._guard:
            found = self._buckets.get(sub)
            if found is None:
                bucket = self._make_bucket(sub)
                self.schedule_leak(bucket)
                found = self._buckets[sub] = (bucket, threading.Lock())
            return found

    def find(self, sub: str) -> tuple[AbstractBucket, threading.Lock] | None:
        """The reader's bucket in this process, if it has one; none is made."""
        with self._guard:
            return self._buckets.get(sub)

    def discard(self, sub: str) -> tuple[AbstractBucket, threading.Lock] | None:
        """Drops the reader's bucket from this process (and from the leaker's list); the bucket, if there was one."""
        with self._guard:
            found = self._buckets.pop(sub, None)
        if found is not None:
            self.dispose(found[0])
        return found

    def owned_buckets(self) -> list[AbstractBucket]:
        owned = {id(b): b for b in super().owned_buckets()}
        owned.update((id(b), b) for b, _ in self._buckets.values())
        return list(owned.values())


class ReaderQuota:
    """Checks and counts each reader's requests against the rates of its buckets.

    ``on_postgres`` builds the one for API processes that share a PostgreSQL database; any pyrate-limiter bucket
    works (``ReaderBuckets(lambda sub: InMemoryBucket(rates), WallClock())`` for one process alone).
    """

    def __init__(self, buckets: ReaderBuckets, *, on_open: Callable[[], None] | None = None,
                 on_close: Callable[[], None] | None = None, stored: "StoredCounts | None" = None) -> None:
        self.buckets = buckets
        self._on_open = on_open
        self._on_close = on_close
        # Where the counts live beyond this process (PostgreSQL); None: in this process's buckets alone.
        self._stored = stored

    @classmethod
    def on_postgres(cls, rates: list[Rate], conninfo: str, *, schema: str | None = None,
                    max_connections: int = 4, name: str = "quota") -> "ReaderQuota":
        """Buckets in PostgreSQL (pyrate-limiter's ``PostgresBucket`` and ``PostgresClock``), in ``schema`` if
        given (its tables are made there; the role needs CREATE on it), through a pool of ``max_connections``
        connections opened by ``open()``. ``conninfo`` is a libpq URL or key=value string. ``name`` (a plain
        lower-case name) starts the tables' names: two quotas of one app on one database need two names."""
        if not _SCHEMA_NAME.fullmatch(name):
            raise QuotaSettingError(f"name {name!r} is not a plain lower-case PostgreSQL name")
        from psycopg_pool import ConnectionPool
        from pyrate_limiter import PostgresBucket, PostgresClock

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
        buckets = ReaderBuckets(lambda sub: PostgresBucket(pool, bucket_table(sub, name), rates), PostgresClock(pool))
        return cls(buckets, on_open=partial(pool.open, wait=True, timeout=15), on_close=pool.close,
                   stored=StoredCounts(pool, name))

    async def open(self) -> None:
        if self._on_open is not None:
            await anyio.to_thread.run_sync(self._on_open)

    async def close(self) -> None:
        self.buckets.close()
        if self._on_close is not None:
            await anyio.to_thread.run_sync(self._on_close)

    async def acquire(self, sub: str) -> int | None:
        """Counts one request of ``sub`` if it is within every rate: ``None``; else nothing is counted and the
        answer is the seconds (at least 1) until one will be accepted. The buckets' calls block, so they run in
        a worker thread."""
        return await anyio.to_thread.run_sync(self.acquire_blocking, sub)

    async def counted(self, sub: str) -> list[int]:
        """The times (ms since the epoch, newest first) of the reader's requests the quota still counts: those of
        its longest window, the older ones being deleted as they leave it. Makes no bucket for a reader who has
        none."""
        return await anyio.to_thread.run_sync(self.counted_blocking, sub)

    def counted_blocking(self, sub: str) -> list[int]:
        """``counted`` in the calling thread."""
        if self._stored is not None:
            return self._stored.times(sub)
        found = self.buckets.find(sub)
        if found is None:
            return []
        bucket, lock = found
        with lock:
            items: list[RateItem] = [_sync(bucket.peek(index)) for index in range(_sync(bucket.count()))]
        return sorted((item.timestamp for item in items), reverse=True)

    async def forget(self, sub: str) -> None:
        """Deletes every count of the reader (their account is gone): this process's bucket and, where the counts
        are shared, the stored ones. Idempotent."""
        await anyio.to_thread.run_sync(self.forget_blocking, sub)

    def forget_blocking(self, sub: str) -> None:
        """``forget`` in the calling thread."""
        found = self.buckets.discard(sub)
        if found is not None:
            bucket, lock = found
            with lock:
                bucket.flush()
        if self._stored is not None:
            self._stored.forget(sub)

    def acquire_blocking(self, sub: str) -> int | None:
        """``acquire`` in the calling thread."""
        bucket, lock = self.buckets.entry(sub)
        for pause in (*CONTENTION_PAUSES, None):
            with lock:
                item = self.buckets.wrap_item(sub)
                decision = bucket.put_decision(item)
            assert not isinstance(decision, Awaitable)  # a synchronous bucket
            if decision.allowed:
                return None
            if decision.retry_after_ms is not None:  # over a rate: the wait the algorithm computed
                return max(1, math.ceil(decision.retry_after_ms / 1000))
            if pause is not None:  # another process holds the reader's bucket: ask again shortly
                time.sleep(pause)
        return 1


def _sync(value: Any) -> Any:
    assert not isinstance(value, Awaitable)  # a synchronous bucket
    return value


class StoredCounts:
    """A reader's counts as ``PostgresBucket`` stores them (a table ``ratelimit___<name>_<hash of sub>`` in the
    pool's ``search_path``), read and deleted without making the table when the reader has none."""

    def __init__(self, pool: Any, name: str) -> None:
        self._pool = pool
        self._name = name

    def _table(self, conn: Any, sub: str) -> Any:
        from psycopg import sql

        table = f"ratelimit___{bucket_table(sub, self._name)}"
        found = conn.execute("SELECT to_regclass(%s)", (table,)).fetchone()[0]
        return None if found is None else sql.Identifier(table)

    def times(self, sub: str) -> list[int]:
        from psycopg import sql

        with self._pool.connection() as conn:
            table = self._table(conn, sub)
            if table is None:
                return []
            rows = conn.execute(sql.SQL(
                "SELECT (extract(epoch FROM item_timestamp::timestamptz) * 1000)::bigint FROM {} "
                "ORDER BY item_timestamp DESC").format(table)).fetchall()
        return [int(row[0]) for row in rows]

    def forget(self, sub: str) -> None:
        from psycopg import sql

        with self._pool.connection() as conn:
            table = self._table(conn, sub)
            if table is not None:
                conn.execute(sql.SQL("DELETE FROM {}").format(table))


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
