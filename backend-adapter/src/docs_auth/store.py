"""Where accepted security events are recorded: once per ``jti``, their revocation put in force everywhere.

``MemoryRevocationStore`` serves one process; ``PostgresRevocationStore`` (``postgres_store.py``) shares the
record between processes and hosts on one database.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

from .revocation import Revocation, RevocationList

# How long a SET's jti is remembered, so that a retry of an accepted delivery is not applied twice. The
# transmitter retries for minutes at most (docs/signals.md: backoff capped at a minute); a day is far beyond.
JTI_RETENTION_SECONDS = 24 * 3600.0


class RevocationStore(Protocol):
    """The receiver's record of accepted SETs."""

    async def record(self, jti: str, revocation: Revocation | None) -> bool:
        """Record the SET ``jti`` and put ``revocation`` in force in every process sharing the store.

        False (and nothing done) when ``jti`` was recorded before: a retry of an accepted delivery.
        """
        ...

    async def forget(self, jti: str) -> None:
        """Forget ``jti`` (its revocation stays), so that a retry of the SET is processed again."""
        ...


class MemoryRevocationStore:
    """One process's record: ``jti`` values in a dict, the revocations in the validator's ``RevocationList``."""

    def __init__(
        self,
        revocations: RevocationList,
        *,
        jti_retention: float = JTI_RETENTION_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._revocations, self._retention, self._clock = revocations, jti_retention, clock
        self._seen: OrderedDict[str, float] = OrderedDict()  # jti -> forgotten after, oldest first

    async def record(self, jti: str, revocation: Revocation | None) -> bool:
        now = self._clock()
        # Every jti is kept for the same retention, so insertion order is expiry order: the expired ones are at
        # the front, and the sweep stops at the first one still kept (not a scan of a day of deliveries).
        while self._seen and next(iter(self._seen.values())) <= now:
            self._seen.popitem(last=False)
        if jti in self._seen:
            return False
        self._seen[jti] = now + self._retention
        if revocation is not None:
            self._revocations.add(revocation)
        return True

    async def forget(self, jti: str) -> None:
        self._seen.pop(jti, None)
