"""A bounded LRU whose entries die at a given wall-clock time.

Keys are whole tokens: a hit needs the very same token (dict equality), and no
digest is computed per request. A lookup compares strings only once their
per-process randomised hashes match, so guessing callers learn nothing from
its timing. Memory is bounded by maxsize times the largest token accepted.
Meant for the event-loop thread (no locking).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

V = TypeVar("V")


class ExpiringLru(Generic[V]):
    def __init__(self, maxsize: int, *, clock: Callable[[], float] = time.time) -> None:
        if maxsize < 0:
            raise ValueError("maxsize must be >= 0")
        self.maxsize = maxsize
        self._clock = clock
        self._entries: OrderedDict[str, tuple[V, float]] = OrderedDict()

    def get(self, key: str) -> V | None:
        entry = self._entries.get(key)
        if entry is None:
            return None
        value, expires_at = entry
        if self._clock() >= expires_at:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return value

    def put(self, key: str, value: V, expires_at: float) -> None:
        if self.maxsize == 0 or self._clock() >= expires_at:
            return
        self._entries[key] = (value, expires_at)
        self._entries.move_to_end(key)
        while len(self._entries) > self.maxsize:
            self._entries.popitem(last=False)

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
