"""What each way of checking the token adds to one request, in process: the bench app called as ASGI, no server.

    /api/me-no-auth | /api/me-noop-dependency | /api/me (Depends) | /api/me-direct (authenticate)

Every call sends the same Authorization header; calls alternate endpoint by endpoint, and the medians of the
per-call times are printed. With no socket, HTTP parser or load generator in the way this is steadier than
api_bench.py on a shared machine, and shows the part of a request's CPU that our code and FastAPI decide.
Asserts nothing about speed. Run: build/py/bin/python bench/backend/asgi_bench.py [calls per endpoint]
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import time
from typing import Any

from api_bench import stand_in_realm  # beside this script: Python puts a script's folder first on sys.path

ENDPOINTS = {"no auth": "/api/me-no-auth", "no-op dependency": "/api/me-noop-dependency",
             "Depends(current_user)": "/api/me", "await current_user.authenticate(request)": "/api/me-direct"}


async def call(app: Any, path: str, authorization: bytes, expect: int = 200) -> None:
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "",
             "headers": [(b"host", b"127.0.0.1"), (b"authorization", authorization)],
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
    status: list[int] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    await app(scope, receive, send)
    if status != [expect]:
        raise SystemExit(f"{path} answered {status}")


async def main() -> None:
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    server, issuer, token = stand_in_realm()
    authorization = b"Bearer " + token.encode()
    os.environ.update(DOCS_AUTH_ISSUER=issuer, DOCS_AUTH_TOKEN_CACHE_SIZE="1024")
    import bench_app

    app = bench_app.create_app()
    for path in ENDPOINTS.values():  # warm-up: keys fetched, token cached
        for _ in range(500):
            await call(app, path, authorization)
    times: dict[str, list[int]] = {name: [] for name in ENDPOINTS}
    for _ in range(calls):
        for name, path in ENDPOINTS.items():
            t0 = time.perf_counter_ns()
            await call(app, path, authorization)
            times[name].append(time.perf_counter_ns() - t0)
    server.shutdown()
    base = statistics.median(times["no auth"]) / 1000
    print(f"\nOne request through the bench app in process (ASGI, no server), medians of {calls} alternating calls")
    for name, values in times.items():
        m = statistics.median(values) / 1000
        print(f"  {name:<42} {m:7.1f} µs  (+{m - base:5.1f})")


if __name__ == "__main__":
    asyncio.run(main())
