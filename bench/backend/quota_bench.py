"""What the question quota (docs_auth.quota on PostgreSQL) adds to one request, in process: the bench app's
(bench_app.py) endpoint with the token check alone (the baseline) against the same with the quota, called as
ASGI, no server.

    /api/me (Depends(current_user)) | /api/me-within-quota (Depends(require_quota(current_user, quota)))

The quota is the example API's default, "30/10 minutes; 300/day", on a fresh embedded PostgreSQL
(testing/scratch_postgres.py, the binaries of `make build`) through pyrate-limiter's PostgresBucket, the
example API's pool of 4 connections. READERS readers (each a token of its own, cached by the validator) ask in
turn, so each bucket holds what a real reader's does (up to 30 rows in the window): first 30 rounds that are
all admitted, then rounds that are all refused (429, Retry-After). The baseline call alternates with each quota
call, so load on this shared machine hits both alike; medians of the per-call times. Asserts nothing about speed.

Run: make bench   (or build/py/bin/python bench/backend/quota_bench.py [readers] [refused rounds])
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1] / "testing"))
from api_bench import fake_keycloak  # noqa: E402
from asgi_bench import call  # noqa: E402
from scratch_postgres import scratch_postgres  # noqa: E402
import verify_bench  # noqa: E402

from docs_auth.quota import ReaderQuota, parse_quota  # noqa: E402

READERS = int(sys.argv[1]) if len(sys.argv) > 1 else 200
REFUSED_ROUNDS = int(sys.argv[2]) if len(sys.argv) > 2 else 10
QUOTA = "30/10 minutes; 300/day"
ADMITTED_ROUNDS = 30  # the 10-minute window's limit: every reader's 31st is refused


async def timed(app: Any, path: str, authorization: bytes, status: int) -> int:
    t0 = time.perf_counter_ns()
    await call(app, path, authorization, expect=status)
    return time.perf_counter_ns() - t0


async def main() -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = RSAAlgorithm.to_jwk(key.public_key(), as_dict=True) | {"kid": "bench-rs256", "alg": "RS256", "use": "sig"}
    server, issuer = fake_keycloak(jwk)
    verify_bench.ISSUER = issuer
    os.environ.update(DOCS_AUTH_ISSUER=issuer, DOCS_AUTH_TOKEN_CACHE_SIZE=str(2 * READERS))
    import bench_app  # its settings come from the environment just set
    tokens = [b"Bearer " + jwt.encode(verify_bench.keycloak_like_claims() | {"sub": str(uuid.uuid4())}, key,
                                      algorithm="RS256", headers={"kid": "bench-rs256"}).encode()
              for _ in range(READERS)]
    with scratch_postgres("bench/quota-postgres") as url:
        quota = ReaderQuota.on_postgres(parse_quota(QUOTA), url, schema="rag")
        await quota.open()
        app = bench_app.create_app(quota=quota)
        for token in tokens:  # warm-up: keys fetched, tokens cached (the quota's tables are made on first use)
            await call(app, "/api/me", token)
        times: dict[str, list[int]] = {"token check alone": [], "with the quota, admitted": [],
                                       "token check alone (beside refused)": [], "with the quota, refused (429)": []}
        for _ in range(ADMITTED_ROUNDS):
            for token in tokens:
                times["token check alone"].append(await timed(app, "/api/me", token, 200))
                times["with the quota, admitted"].append(await timed(app, "/api/me-within-quota", token, 200))
        for _ in range(REFUSED_ROUNDS):
            for token in tokens:
                times["token check alone (beside refused)"].append(await timed(app, "/api/me", token, 200))
                times["with the quota, refused (429)"].append(await timed(app, "/api/me-within-quota", token, 429))
        await quota.close()
    server.shutdown()
    print(f"\nThe question quota ({QUOTA!r}, PostgreSQL), one request in process (ASGI, no server), "
          f"{READERS} readers; medians of alternating calls")
    pairs = [("token check alone", "with the quota, admitted"),
             ("token check alone (beside refused)", "with the quota, refused (429)")]
    for base_name, name in pairs:
        base = statistics.median(times[base_name]) / 1000
        m = statistics.median(times[name]) / 1000
        print(f"  {base_name:<36} {base:8.1f} µs  ({len(times[base_name])} calls)")
        print(f"  {name:<36} {m:8.1f} µs  (+{m - base:7.1f} µs; {len(times[name])} calls)")


if __name__ == "__main__":
    asyncio.run(main())
