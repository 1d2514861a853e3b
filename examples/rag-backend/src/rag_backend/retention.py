"""The retention of the question log: rows older than ``RAG_RETENTION_DAYS`` are deleted at start and then every
``RAG_RETENTION_INTERVAL_SECONDS``, by each process of the API (a DELETE by age: running it twice deletes nothing
more)."""

from __future__ import annotations

import asyncio
import logging

from .query_log import QueryLog

log = logging.getLogger("rag_backend")


async def purge_periodically(queries: QueryLog, days: int, interval_seconds: float) -> None:
    """Runs until cancelled: deletes the questions asked more than ``days`` days ago, then sleeps
    ``interval_seconds``. A failed purge (the database away) is logged and tried again at the next interval."""
    while True:
        try:
            deleted = await queries.purge_older_than(days)
            if deleted:
                log.info("retention: %d logged questions older than %d days deleted", deleted, days)
        except Exception:
            log.exception("retention: the purge failed; next try in %.0f s", interval_seconds)
        await asyncio.sleep(interval_seconds)
