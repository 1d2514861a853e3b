"""The question log on a real PostgreSQL (docs_testkit.scratch_postgres, `make build`'s embedded binaries): the
retention purge deletes exactly the rows older than RAG_RETENTION_DAYS, on its schedule; a reader's rows are listed
for their export and deleted with their account, nobody else's."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import psycopg
import pytest
from docs_testkit.scratch_postgres import scratch_postgres

from rag_backend.query_log import QueryLog
from rag_backend.retention import purge_periodically


@pytest.fixture(scope="module")
def database_url() -> Iterator[str]:
    with scratch_postgres("rag-query-log-unit") as url:
        asyncio.run(_open_and_close(url))  # creates schema rag's table
        yield url


async def _open_and_close(url: str) -> None:
    log = QueryLog(url)
    await log.open()
    await log.close()


def insert(url: str, sub: str, age: str, level: str | None = "beginner") -> None:
    """A logged question asked `age` ago (a PostgreSQL interval), by PostgreSQL's clock as the purge reads it."""
    with psycopg.connect(url) as conn:
        conn.execute("INSERT INTO rag.queries (sub, experience_level, asked_at) VALUES (%s, %s, now() - %s::interval)",
                     (sub, level, age))


def ages(url: str, sub: str) -> list[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT (now() - asked_at)::text FROM rag.queries WHERE sub = %s ORDER BY asked_at",
                            (sub,)).fetchall()
    return [row[0] for row in rows]


def test_the_scheduled_purge_deletes_exactly_the_rows_older_than_the_setting(database_url: str) -> None:
    for age in ("400 days", "181 days", "180 days 00:01:00", "179 days 23:59:00", "30 days", "0 seconds"):
        insert(database_url, "retention-reader", age)

    async def scenario() -> None:
        log = QueryLog(database_url)
        await log.open()
        task = asyncio.create_task(purge_periodically(log, 180, 0.05))
        try:
            for _ in range(200):  # the first purge runs at once; a bound, not a speed check
                if len(ages(database_url, "retention-reader")) < 6:
                    break
                await asyncio.sleep(0.05)
            # the next runs delete nothing more: the rows left are within 180 days
            await asyncio.sleep(0.2)
        finally:
            task.cancel()
            await log.close()

    asyncio.run(scenario())
    left = ages(database_url, "retention-reader")
    assert len(left) == 3
    assert left[0].startswith("179 days 23:59")
    assert left[1].startswith("30 days")


def test_a_purge_that_fails_is_logged_and_tried_again(database_url: str, caplog: pytest.LogCaptureFixture) -> None:
    class Failing:
        calls = 0

        async def purge_older_than(self, days: int) -> int:
            self.calls += 1
            raise psycopg.OperationalError("the database is away")

    async def scenario() -> int:
        log = Failing()
        task = asyncio.create_task(purge_periodically(log, 180, 0.01))  # type: ignore[arg-type]
        while log.calls < 3:
            await asyncio.sleep(0.01)
        task.cancel()
        return log.calls

    assert asyncio.run(scenario()) >= 3
    assert "retention: the purge failed" in caplog.text


def test_a_readers_questions_are_listed_oldest_first_and_forgotten_alone(database_url: str) -> None:
    insert(database_url, "export-reader", "2 days", "advanced")
    insert(database_url, "export-reader", "1 hour", None)
    insert(database_url, "someone-else", "1 hour")

    async def scenario() -> tuple[list, int, int, list, int]:
        log = QueryLog(database_url)
        await log.open()
        try:
            listed = await log.questions("export-reader")
            deleted = await log.forget("export-reader")
            again = await log.forget("export-reader")  # a retried SET: nothing more, no error
            return listed, deleted, again, await log.questions("export-reader"), await log.count("someone-else")
        finally:
            await log.close()

    listed, deleted, again, after, others = asyncio.run(scenario())
    assert [level for _, level in listed] == ["advanced", None]
    assert listed[0][0] < listed[1][0] and listed[0][0].tzinfo is not None
    assert (deleted, again, after, others) == (2, 0, [], 1)
