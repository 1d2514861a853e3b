"""What one check of the question quota costs, in the store's two designs, in one run on one fresh PostgreSQL:

    table per reader  the quota before (up to commit 760ab9f): pyrate-limiter's PostgresBucket per reader, a table
                      rag.ratelimit___quota_<sha256(sub)> each, PostgreSQL's clock (PostgresClock): the clock, the
                      table lock, the window counts, on refusal a peek, the insert, two commits
    one table         docs_auth.quota.ReaderQuota.on_postgres: one table keyed by sub, the reader's advisory lock
                      and newest rows in one round trip, the insert and the commit in a second (pipeline mode)

The quota is the example API's default, "30/10 minutes; 300/day", on a fresh embedded PostgreSQL
(docs_testkit.scratch_postgres, the binaries of `make build`), each design through its own pool of 4 connections
with asynchronous commit, as the API opens it. READERS readers ask in turn, so each reader's rows are what a real
reader's are (up to 30 in the window): first 30 rounds all admitted, then REFUSED_ROUNDS rounds all refused.
The two designs' checks alternate, so load on this shared machine hits both alike; medians of the per-check
times and their ratio. PostgreSQL is on loopback here: over a network each round trip adds its latency, so the
gap grows. Asserts nothing about speed.

Run: make bench   (or build/py/bin/python bench/backend/quota_bench.py [readers] [refused rounds])
"""

from __future__ import annotations

import hashlib
import statistics
import sys
import time
from collections.abc import Callable

from docs_testkit.scratch_postgres import scratch_postgres
from psycopg_pool import ConnectionPool
from pyrate_limiter import PostgresBucket, PostgresClock, Rate, RateItem

from docs_auth.quota import ReaderQuota, parse_quota

READERS = int(sys.argv[1]) if len(sys.argv) > 1 else 200
REFUSED_ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 10
QUOTA = "30/10 minutes; 300/day"
ADMITTED_ROUNDS = 30  # the 10-minute window's limit: every reader's 31st is refused


class TablePerReader:
    """The design replaced: one pyrate-limiter PostgresBucket (one table) per reader, PostgreSQL's clock."""

    def __init__(self, rates: list[Rate], url: str) -> None:
        self.rates = rates
        self.pool = ConnectionPool(url, min_size=1, max_size=4, open=True,
                                   kwargs={"options": "-c synchronous_commit=off -c search_path=rag"})
        self.clock = PostgresClock(self.pool)
        self.buckets: dict[str, PostgresBucket] = {}

    def bucket(self, sub: str) -> PostgresBucket:
        if sub not in self.buckets:
            self.buckets[sub] = PostgresBucket(self.pool, f"quota_{hashlib.sha256(sub.encode()).hexdigest()[:40]}",
                                               self.rates)
        return self.buckets[sub]

    def admitted(self, sub: str) -> bool:
        decision = self.bucket(sub).put_decision(RateItem(sub, self.clock.now()))
        return bool(decision.allowed)  # type: ignore[union-attr]


def timed(check: Callable[[str], bool], sub: str, expect: bool) -> int:
    t0 = time.perf_counter_ns()
    admitted = check(sub)
    elapsed = time.perf_counter_ns() - t0
    assert admitted is expect, f"expected {'admitted' if expect else 'refused'}"
    return elapsed


def main() -> None:
    readers = [f"reader-{i:04d}" for i in range(READERS)]
    with scratch_postgres("bench/quota-postgres") as url:
        before = TablePerReader(parse_quota(QUOTA), url)
        after = ReaderQuota.on_postgres(parse_quota(QUOTA), url, schema="rag")
        after.bucket.open()

        def shared(sub: str) -> bool:
            return after.acquire_blocking(sub) is None

        for sub in readers:  # each design's tables made before timing (the old one's on first use)
            before.bucket(sub)
        times: dict[str, list[int]] = {name: [] for name in (
            "admitted, table per reader", "admitted, one table", "refused, table per reader", "refused, one table")}
        for rounds, verdict, expect in ((ADMITTED_ROUNDS, "admitted", True), (REFUSED_ROUNDS, "refused", False)):
            for _ in range(rounds):
                for sub in readers:
                    times[f"{verdict}, table per reader"].append(timed(before.admitted, sub, expect))
                    times[f"{verdict}, one table"].append(timed(shared, sub, expect))
        before.pool.close()
        after.bucket.pool.close()
    print(f"\nThe question quota ({QUOTA!r}) on PostgreSQL (loopback), one check, {READERS} readers; "
          f"medians of alternating checks")
    for verdict in ("admitted", "refused"):
        old = statistics.median(times[f"{verdict}, table per reader"]) / 1000
        new = statistics.median(times[f"{verdict}, one table"]) / 1000
        count = len(times[f"{verdict}, one table"])
        print(f"  {verdict:<9} table per reader {old:8.1f} µs   one table {new:8.1f} µs   "
              f"ratio {old / new:4.2f}x   ({count} checks each)")


if __name__ == "__main__":
    main()
