"""Security events shared between API processes and hosts through PostgreSQL (psycopg 3), with LISTEN/NOTIFY.

    store = PostgresRevocationStore(database_url, validator.revocations, schema="rag")
    await store.open()      # in the app's lifespan: tables, LISTEN, the revocations in force loaded
    app.include_router(security_events_router(validator, secret=..., store=store))
    await store.close()

Two tables in ``schema`` (which must exist; the store creates only its tables):

* ``security_event_deliveries(jti primary key, forget_after)``: the SETs accepted, so that a retry delivered to
  any process is acknowledged without being applied twice;
* ``token_revocations(kind, key, before, until, primary key (kind, key))``: the revocations in force.

Recording a SET is one statement, so one round trip and one transaction: the ``jti`` inserted (nothing more if it
was there), the revocation merged into its row, and ``pg_notify`` on the channel ``<schema>_token_revocations``,
which PostgreSQL delivers to every listening process when the statement commits. Rows past their time are deleted
at most once a ``sweep_interval`` (60 s) by each process, not with every SET. Each process holds one connection
that LISTENs; whenever it (re)connects it LISTENs first and then reads ``token_revocations``, so a process that
starts later, or lost its connection for a while, misses nothing. The driver is psycopg 3 (``psycopg[binary,pool]``), the example API's
own: ``pip install 'docs-auth-fastapi[postgres]'``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import math
import re
import time
from collections.abc import Callable

from psycopg import AsyncConnection, sql
from psycopg_pool import AsyncConnectionPool

from .revocation import Revocation, RevocationList
from .store import JTI_RETENTION_SECONDS

log = logging.getLogger("docs_auth")

_IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]{0,40}")
_RETRY_SECONDS = (0.2, 0.5, 1.0, 2.0, 5.0)
# How often a process deletes the deliveries and revocations past their time, in seconds
SWEEP_INTERVAL_SECONDS = 60.0


class PostgresRevocationStore:
    """A ``RevocationStore`` on PostgreSQL; ``revocations`` (the validator's) follows every process's events."""

    def __init__(
        self,
        database_url: str,
        revocations: RevocationList,
        *,
        schema: str = "public",
        jti_retention: float = JTI_RETENTION_SECONDS,
        sweep_interval: float = SWEEP_INTERVAL_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not _IDENTIFIER.fullmatch(schema):
            raise ValueError("schema must be a lower-case SQL identifier")
        self._url, self._revocations, self._retention, self._clock = database_url, revocations, jti_retention, clock
        self._schema = sql.Identifier(schema)
        self.channel = f"{schema}_token_revocations"
        self._pool = AsyncConnectionPool(database_url, min_size=1, max_size=2, open=False, kwargs={"autocommit": True})
        # Rows past their time are deleted at most once a sweep interval, not with every SET
        self._sweep_interval, self._next_sweep = sweep_interval, 0.0
        # One statement, one round trip, its own transaction: the jti inserted, and only if it is new, the
        # revocation merged into its row and announced (pg_notify is delivered when the statement commits)
        self._record_delivery = sql.SQL(
            "INSERT INTO {}.security_event_deliveries (jti, forget_after) VALUES (%(jti)s, %(forget_after)s) "
            "ON CONFLICT (jti) DO NOTHING RETURNING true"
        ).format(self._schema)
        self._record_revocation = sql.SQL(
            "WITH delivery AS ("
            " INSERT INTO {0}.security_event_deliveries (jti, forget_after) VALUES (%(jti)s, %(forget_after)s)"
            " ON CONFLICT (jti) DO NOTHING RETURNING jti),"
            " revocation AS ("
            " INSERT INTO {0}.token_revocations AS r (kind, key, before, until)"
            " SELECT %(kind)s::text, %(key)s::text, %(before)s::double precision, %(until)s::double precision"
            " FROM delivery"
            " ON CONFLICT (kind, key) DO UPDATE SET"
            " before = CASE WHEN r.before IS NULL OR excluded.before IS NULL THEN NULL"
            " ELSE greatest(r.before, excluded.before) END, until = greatest(r.until, excluded.until)"
            " RETURNING 1)"
            " SELECT EXISTS (SELECT 1 FROM delivery), (SELECT pg_notify(%(channel)s, %(payload)s) FROM revocation)"
        ).format(self._schema)
        self._sweep_deliveries = sql.SQL(
            "DELETE FROM {}.security_event_deliveries WHERE forget_after <= %s").format(self._schema)
        self._sweep_revocations = sql.SQL("DELETE FROM {}.token_revocations WHERE until <= %s").format(self._schema)
        self._listener: asyncio.Task[None] | None = None
        self._loaded = asyncio.Event()
        self.listener_pid: int | None = None  # the server process of the LISTEN connection, while connected

    async def open(self, timeout: float = 15.0) -> None:
        """Create the tables if missing, start listening and load the revocations in force (or raise)."""
        await self._pool.open(wait=True, timeout=timeout)
        async with self._pool.connection() as conn:
            for statement in self._schema_sql():
                await conn.execute(statement)
        self._loaded.clear()
        self._listener = asyncio.create_task(self._listen(), name="docs_auth revocation listener")
        await asyncio.wait_for(self._loaded.wait(), timeout)

    async def close(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
            self._listener = None
        await self._pool.close()

    async def record(self, jti: str, revocation: Revocation | None) -> bool:
        now = self._clock()
        params: dict[str, object] = {"jti": jti, "forget_after": now + self._retention, "channel": self.channel}
        if revocation is None:
            statement = self._record_delivery
        else:
            until = self._revocations.until(revocation, now)
            params.update(kind=revocation.kind, key=revocation.key, until=until,
                          before=None if math.isinf(revocation.before) else revocation.before,
                          payload=json.dumps({**revocation.to_json(), "until": until}))
            statement = self._record_revocation
        async with self._pool.connection() as conn:
            cur = await conn.execute(statement, params)
            row = await cur.fetchone()
            if now >= self._next_sweep:
                self._next_sweep = now + self._sweep_interval
                await conn.execute(self._sweep_deliveries, (now,))
                await conn.execute(self._sweep_revocations, (now,))
        if row is None or not row[0]:
            return False
        if revocation is not None:
            self._revocations.add(revocation, until)  # this process need not wait for its own notification
        return True

    async def forget(self, jti: str) -> None:
        async with self._pool.connection() as conn:
            await conn.execute(
                sql.SQL("DELETE FROM {}.security_event_deliveries WHERE jti = %s").format(self._schema), (jti,)
            )

    def _schema_sql(self) -> list[sql.Composed]:
        return [
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {}.security_event_deliveries "
                "(jti text PRIMARY KEY, forget_after double precision NOT NULL)"
            ).format(self._schema),
            sql.SQL(
                "CREATE TABLE IF NOT EXISTS {}.token_revocations (kind text NOT NULL, key text NOT NULL, "
                "before double precision, until double precision NOT NULL, PRIMARY KEY (kind, key))"
            ).format(self._schema),
        ]

    async def _listen(self) -> None:
        attempt = 0
        while True:
            try:
                async with await AsyncConnection.connect(self._url, autocommit=True) as conn:
                    self.listener_pid = conn.info.backend_pid
                    await conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(self.channel)))
                    await self._load(conn)
                    attempt = 0
                    self._loaded.set()
                    async for notify in conn.notifies():
                        self._apply(notify.payload)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database restarted, the network dropped: listen again
                delay = _RETRY_SECONDS[min(attempt, len(_RETRY_SECONDS) - 1)]
                attempt += 1
                log.warning("revocation listener lost its connection (%s); again in %.1f s", type(exc).__name__, delay)
                await asyncio.sleep(delay)

    async def _load(self, conn: AsyncConnection) -> None:
        cur = await conn.execute(
            sql.SQL("SELECT kind, key, before, until FROM {}.token_revocations WHERE until > %s").format(self._schema),
            (self._clock(),),
        )
        rows = await cur.fetchall()
        for kind, key, before, until in rows:
            self._revocations.add(Revocation.from_json({"kind": kind, "key": key, "before": before}), until)
        log.info("revocations in force loaded: %d", len(rows))

    def _apply(self, payload: str) -> None:
        try:
            data = json.loads(payload)
            revocation = Revocation.from_json(data)
            until = float(data["until"])
        except (ValueError, KeyError, TypeError):
            log.warning("ignoring a malformed revocation notification on %s", self.channel)
            return
        self._revocations.add(revocation, until)
