"""The revocation check of issue 17 on the cached path: its cost per request, and the API's throughput with and
without it, measured in the same run.

1. ``RevocationList.refuses`` alone, with a busy five minutes in force (1,000 revoked sessions and 1,000 readers
   with a cutoff; the bench token in neither): the median of 30 batches of 100,000 calls, per call, beside the
   same call to a function that does nothing (what timeit and a Python call cost by themselves).
2. The bench app's ``/api/me`` (``Depends(current_user)``, token cached) called in process as ASGI (no server,
   so no load generator's noise), twice: with docs_auth's validator as it is, and with a validator whose cached
   path is the one before issue 17 (no revocation check). Calls alternate one by one between the two, so that
   both see the same moments of a shared machine; the median time of a call gives each one's requests per second
   on one core (1 / median), and their ratio is printed.
3. ``RevocationList.add``, what every received SET costs each API process: with 1,000 revocations in force and with
   30,000 (a five-minute burst of 100 sign-outs per second), the median over 15 rounds of 1,000 adds, per add, and
   the ratio of the two (near 1 when the cost does not grow with what is in force).

Asserts nothing about speed. Run: build/py/bin/python bench/backend/revocation_bench.py [calls per app]
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
import timeit
import uuid

# Beside this script: Python puts a script's folder first on sys.path.
from api_bench import stand_in_realm
from asgi_bench import call

from docs_auth import Revocation, TokenValidator, User
from docs_auth.metrics import ACCEPTED
from docs_auth.revocation import SESSION, SUBJECT, RevocationList

BATCH = 100_000


class WithoutRevocationCheck(TokenValidator):
    """The validator's cached path as it was before issue 17: the baseline."""

    def cached(self, token: str) -> User | None:
        if self.introspector is not None or len(token) > self.settings.max_token_bytes:
            return None
        user = self.cache.get(token)
        if user is not None:
            self.metrics.outcome(ACCEPTED)
        return user


def fill(validator: TokenValidator) -> None:
    now = time.time()
    for _ in range(1000):
        validator.revocations.add(Revocation(SESSION, str(uuid.uuid4())))
        validator.revocations.add(Revocation(SUBJECT, str(uuid.uuid4()), now))


def add_cost(in_force: int, rounds: int = 15, adds: int = 1000) -> float:
    """Median seconds per ``RevocationList.add`` of a new session with ``in_force`` revocations already in force."""
    revocations = RevocationList(330)
    for _ in range(in_force):
        revocations.add(Revocation(SESSION, str(uuid.uuid4())))
    per_add = []
    for _ in range(rounds):
        keys = [str(uuid.uuid4()) for _ in range(adds)]
        t0 = time.perf_counter()
        for key in keys:
            revocations.add(Revocation(SESSION, key))
        per_add.append((time.perf_counter() - t0) / adds)
    return statistics.median(per_add)


async def main() -> None:
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    server, issuer, token = stand_in_realm()
    os.environ.update(DOCS_AUTH_ISSUER=issuer, DOCS_AUTH_TOKEN_CACHE_SIZE="1024")
    from prometheus_client import CollectorRegistry

    from docs_auth import AuthSettings

    checked = TokenValidator(AuthSettings(), registry=CollectorRegistry())
    baseline = WithoutRevocationCheck(AuthSettings(), registry=CollectorRegistry())
    fill(checked)
    import bench_app

    apps = {"with the check": bench_app.create_app(checked),
            "without (before issue 17)": bench_app.create_app(baseline)}
    authorization = b"Bearer " + token.encode()
    for app in apps.values():  # keys fetched, token cached
        for _ in range(500):
            await call(app, "/api/me", authorization)
    user = checked.cached(token)
    assert user is not None and not checked.revocations.refuses(user.claims)

    claims = user.claims
    refuses = checked.revocations.refuses

    def nothing(_: object) -> bool:
        return False

    # The same call to a function that does nothing, batch by batch alongside: timeit's own loop and the call.
    per_call, empty = [], []
    for _ in range(30):
        per_call.append(timeit.timeit("refuses(claims)", globals={"refuses": refuses, "claims": claims},
                                      number=BATCH) / BATCH)
        empty.append(timeit.timeit("refuses(claims)", globals={"refuses": nothing, "claims": claims},
                                   number=BATCH) / BATCH)

    times: dict[str, list[int]] = {name: [] for name in apps}
    for _ in range(calls):
        for name, app in apps.items():
            t0 = time.perf_counter_ns()
            await call(app, "/api/me", authorization)
            times[name].append(time.perf_counter_ns() - t0)
    server.shutdown()

    print(f"\nLoad average of the machine: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"The revocation check (RevocationList.refuses), {len(checked.revocations)} revocations in force:")
    print(f"  median of 30 batches of {BATCH:,} calls: {statistics.median(per_call) * 1e9:.0f} ns per call "
          f"(fastest batch {min(per_call) * 1e9:.0f} ns); a call to a function doing nothing: "
          f"{statistics.median(empty) * 1e9:.0f} ns")
    print(f"\n/api/me, token cached, in process (ASGI), {calls:,} calls to each, alternating:")
    rps = {}
    for name, values in times.items():
        median_us = statistics.median(values) / 1000
        rps[name] = 1e6 / median_us
        print(f"  {name:<28} {median_us:7.1f} µs per call (median), {rps[name]:7.0f} requests/s on one core")
    ratio = rps["with the check"] / rps["without (before issue 17)"]
    print(f"  throughput ratio with/without: {ratio:.3f}")
    small, large = add_cost(1000), add_cost(30_000)
    print("\nPutting a received revocation in force (RevocationList.add), median of 15 rounds of 1,000:")
    print(f"  1,000 in force: {small * 1e6:.2f} µs per add; 30,000 in force: {large * 1e6:.2f} µs per add; "
          f"ratio {large / small:.2f}")

if __name__ == "__main__":
    asyncio.run(main())
