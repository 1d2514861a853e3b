"""Who asked, at which level, when: in the backend's own schema of Keycloak's PostgreSQL database.

The backend connects as its own role (`rag` in the embedded development database), which owns schema `rag` and
has no rights on Keycloak's tables in `public`: sharing the server never means touching Keycloak's data. The
query text is not stored.
"""

from __future__ import annotations

from datetime import datetime

from psycopg_pool import AsyncConnectionPool

SCHEMA_SQL = (
    # Its own role may not CREATE in the database (even with IF NOT EXISTS): create the schema only if missing.
    "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = 'rag') THEN CREATE SCHEMA rag; END IF; END $$",
    """CREATE TABLE IF NOT EXISTS rag.queries (
           id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
           sub text NOT NULL,
           experience_level text,
           asked_at timestamptz NOT NULL DEFAULT now()
       )""",
    "CREATE INDEX IF NOT EXISTS queries_sub_idx ON rag.queries (sub)",
    # The retention purge deletes by age (RAG_RETENTION_DAYS).
    "CREATE INDEX IF NOT EXISTS queries_asked_at_idx ON rag.queries (asked_at)",
)


class QueryLog:
    def __init__(self, database_url: str, *, max_size: int = 4) -> None:
        self._pool = AsyncConnectionPool(database_url, min_size=1, max_size=max_size, open=False)

    async def open(self) -> None:
        await self._pool.open(wait=True, timeout=15)
        async with self._pool.connection() as conn:
            for statement in SCHEMA_SQL:
                await conn.execute(statement)

    async def close(self) -> None:
        await self._pool.close()

    async def record(self, sub: str, experience_level: str | None) -> None:
        async with self._pool.connection() as conn:
            await conn.execute("INSERT INTO rag.queries (sub, experience_level) VALUES (%s, %s)",
                               (sub, experience_level))

    async def count(self, sub: str) -> int:
        async with self._pool.connection() as conn:
            cur = await conn.execute("SELECT count(*) FROM rag.queries WHERE sub = %s", (sub,))
            row = await cur.fetchone()
            return int(row[0]) if row else 0

    async def questions(self, sub: str) -> list[tuple[datetime, str | None]]:
        """The reader's logged questions, oldest first: ``(asked_at, experience_level)`` (the text is not kept)."""
        async with self._pool.connection() as conn:
            cur = await conn.execute(
                "SELECT asked_at, experience_level FROM rag.queries WHERE sub = %s ORDER BY asked_at, id", (sub,))
            return [(asked_at, level) for asked_at, level in await cur.fetchall()]

    async def forget(self, sub: str) -> int:
        """Deletes every logged question of the reader (their account was deleted); the number of rows deleted.
        Idempotent: a second call deletes nothing."""
        async with self._pool.connection() as conn:
            cur = await conn.execute("DELETE FROM rag.queries WHERE sub = %s", (sub,))
            return cur.rowcount

    async def purge_older_than(self, days: int) -> int:
        """Deletes the questions asked more than ``days`` days ago (PostgreSQL's clock): the retention of
        ``RAG_RETENTION_DAYS``. The number of rows deleted."""
        async with self._pool.connection() as conn:
            cur = await conn.execute(
                "DELETE FROM rag.queries WHERE asked_at < now() - make_interval(days => %s)", (days,))
            return cur.rowcount
