"""Which valid tokens security events have ended: by session (``sid``) or by reader (``sub`` and ``iat``).

Filled by the security-event receiver (``receiver.py``) and, across processes, by a ``RevocationStore``; read by
``TokenValidator`` on every request, the cached path included, where the check is two dictionary look-ups (a
clock is read only on a hit).

An entry is kept while a token it refuses can still be valid, then dropped: tokens live at most
``lifetime`` seconds (``AuthSettings.token_lifetime_seconds``, Keycloak's access-token lifespan, plus the
validator's leeway), so an entry received at ``t`` that refuses tokens issued before ``before`` is needed until
``max(t, before) + lifetime``. Expired entries leave through a heap ordered by ``until``, so putting one in force
costs O(log n) however many are in force (a burst of sign-outs keeps tens of thousands for five minutes). Meant for
the event-loop thread (no locking).
"""

from __future__ import annotations

import heapq
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["sid", "sub"]
SESSION: Kind = "sid"
SUBJECT: Kind = "sub"


@dataclass(frozen=True)
class Revocation:
    """Refuse tokens whose claim ``kind`` (``sid`` or ``sub``) is ``key`` and whose ``iat`` is before ``before``.

    ``before`` is seconds since the epoch, ``math.inf`` for every token (a revoked session, a purged account).
    The comparison is strict: ``iat`` has whole seconds, so a token issued in the very second of the event is
    kept. That is the renewal a client makes right after a claims change, which must not be refused; the price
    is that a token issued earlier in that same second also stays valid until it expires.
    """

    kind: Kind
    key: str
    before: float = math.inf

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "key": self.key, "before": None if math.isinf(self.before) else self.before}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Revocation:
        """The inverse of ``to_json``; ``ValueError`` for anything else."""
        kind, key, before = data.get("kind"), data.get("key"), data.get("before")
        if kind not in (SESSION, SUBJECT) or not isinstance(key, str):
            raise ValueError("not a revocation")
        if before is not None and not isinstance(before, (int, float)):
            raise ValueError("before is not a number")
        return cls(kind, key, math.inf if before is None else float(before))


class RevocationList:
    """The revocations in force in this process, each with the time (epoch seconds) it may be dropped."""

    def __init__(self, lifetime: float, *, clock: Callable[[], float] = time.time) -> None:
        if lifetime <= 0:
            raise ValueError("lifetime must be > 0")
        self.lifetime = lifetime
        self._clock = clock
        # key -> (before, until)
        self._entries: dict[Kind, dict[str, tuple[float, float]]] = {SESSION: {}, SUBJECT: {}}
        self._sids = self._entries[SESSION]
        self._subs = self._entries[SUBJECT]
        # (until, kind, key) each time an entry was put in force or extended; an item whose entry was extended
        # since is stale and skipped when it comes out
        self._expiry: list[tuple[float, Kind, str]] = []

    def until(self, revocation: Revocation, received_at: float | None = None) -> float:
        """When ``revocation``, received at ``received_at`` (default now), refuses no token that is still valid."""
        now = self._clock() if received_at is None else received_at
        start = now if math.isinf(revocation.before) else max(now, revocation.before)
        return start + self.lifetime

    def add(self, revocation: Revocation, until: float | None = None) -> None:
        """Put ``revocation`` in force until ``until`` (default: ``self.until(revocation)``); merging with an
        entry for the same key keeps the later ``before`` and the later ``until``. Drops expired entries."""
        until = self.until(revocation) if until is None else until
        entries = self._entries[revocation.kind]
        old = entries.get(revocation.key)
        if old is not None:
            entries[revocation.key] = (max(old[0], revocation.before), max(old[1], until))
        else:
            entries[revocation.key] = (revocation.before, until)
        heapq.heappush(self._expiry, (entries[revocation.key][1], revocation.kind, revocation.key))
        self.prune()

    def prune(self) -> None:
        """Drop the entries whose ``until`` has passed (each ``add`` does it; O(log n) per entry dropped)."""
        now = self._clock()
        while self._expiry and self._expiry[0][0] <= now:
            _, kind, key = heapq.heappop(self._expiry)
            entry = self._entries[kind].get(key)
            if entry is not None and entry[1] <= now:
                del self._entries[kind][key]

    def refuses(self, claims: dict[str, Any]) -> bool:
        """True if the (verified) claims belong to a token a revocation in force ends."""
        entry = self._subs.get(claims["sub"])
        if entry is not None and claims["iat"] < entry[0] and self._clock() < entry[1]:
            return True
        sid = claims.get("sid")
        if sid is None:
            return False
        entry = self._sids.get(sid)
        return entry is not None and self._clock() < entry[1]

    def clear(self) -> None:
        for entries in self._entries.values():
            entries.clear()
        self._expiry.clear()
        self._expiry.clear()

    def __len__(self) -> int:
        return sum(len(entries) for entries in self._entries.values())
