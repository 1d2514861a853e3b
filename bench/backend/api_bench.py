"""Cost of token validation under load: /api/me with a valid token against the same endpoint with no auth.

One run, side by side: two uvicorn processes with the same settings (one worker each), token cache on and off;
a local JWKS server stands in for Keycloak; Debian's `wrk` on loopback is the client. Every case sends the same
request bytes, the 1.3 KB Authorization header included (the endpoints without auth ignore it): sending that
header alone costs wrk, the kernel and the HTTP parser about 40 us per request at 16 connections here, which is
not validation. On this shared machine one endpoint's rate varies by up to ±25% between 1-second runs, so the
bench runs many short rounds, each in a new shuffled order, divides each case by the no-auth run of its own
round, and prints the medians of those ratios with bootstrap 95% intervals; also the app's CPU per request
(/proc). Asserts nothing about speed.

Run: make bench   (or build/py/bin/python bench/backend/api_bench.py [rounds] [seconds] [connections,...])
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from docs_testkit.proc_cpu import cpu_seconds

# Beside this script: Python puts a script's folder first on sys.path.
import verify_bench
from verify_bench import keycloak_like_token  # (one token shape for both benches)

HERE = Path(__file__).resolve().parent
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 40
SECONDS = int(sys.argv[2]) if len(sys.argv) > 2 else 1
# One connection shows the latency a request gains; sixteen saturate the app and show its throughput.
CONNECTIONS = [int(c) for c in sys.argv[3].split(",")] if len(sys.argv) > 3 else [1, 16]
UVICORN = Path(sys.executable).parent / "uvicorn"
BASELINE = "no auth"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fake_keycloak(jwk: dict) -> tuple[ThreadingHTTPServer, str]:
    """Discovery and JWKS of a realm, served on loopback."""
    port = free_port()
    issuer = f"http://127.0.0.1:{port}/realms/docs"
    documents = {
        "/realms/docs/.well-known/openid-configuration": {"issuer": issuer, "jwks_uri": f"{issuer}/certs"},
        "/realms/docs/certs": {"keys": [jwk]},
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body = json.dumps(documents.get(self.path, {})).encode()
            self.send_response(200 if self.path in documents else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, issuer


def start_app(issuer: str, cache_size: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = dict(os.environ, DOCS_AUTH_ISSUER=issuer, DOCS_AUTH_TOKEN_CACHE_SIZE=str(cache_size))
    proc = subprocess.Popen([str(UVICORN), "--factory", "bench_app:create_app", "--app-dir", str(HERE), "--host", "127.0.0.1",
                             "--port", str(port), "--workers", "1", "--no-access-log", "--log-level", "warning"],
                            env=env)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{url}/api/me-no-auth", timeout=1)
            return proc, url
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the bench app on {url} did not start")


def stand_in_realm() -> tuple[ThreadingHTTPServer, str, str]:
    """A fresh signing key served by fake_keycloak, and a Keycloak-like access token of that realm."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = RSAAlgorithm.to_jwk(key.public_key(), as_dict=True) | {"kid": "bench-rs256", "alg": "RS256", "use": "sig"}
    server, issuer = fake_keycloak(jwk)
    verify_bench.ISSUER = issuer  # the token's iss must be the stand-in realm
    return server, issuer, keycloak_like_token(key)


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def wrk(url: str, token: str, pid: int, connections: int) -> dict[str, float]:
    """One wrk run, every request carrying the token; also the app's CPU per request, from /proc."""
    cmd = ["wrk", "-H", f"Authorization: Bearer {token}", f"-t{min(2, connections)}", f"-c{connections}",
           f"-d{SECONDS}s", "--latency", url]
    cpu0 = cpu_seconds(pid)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    cpu = cpu_seconds(pid) - cpu0
    if re.search(r"Non-2xx or 3xx responses", out):
        raise SystemExit(f"wrk saw errors on {url}:\n{out}")
    pct = {p: float(v) * UNITS[u] for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)$", out, re.M)}
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return {"rps": rps, "p50": pct["50"], "p99": pct["99"], "cpu_us": cpu * 1e6 / max(requests, 1)}


def bootstrap_ci(values: list[float], draws: int = 2000) -> tuple[float, float]:
    """95% interval of the median by resampling the rounds (fixed seed, so a rerun on the same data agrees)."""
    rng = random.Random(5)
    medians = sorted(statistics.median(rng.choices(values, k=len(values))) for _ in range(draws))
    return medians[int(0.025 * draws)], medians[int(0.975 * draws) - 1]


def measure(cases: dict[str, tuple[str, int]], token: str, connections: int) -> dict[str, list[dict[str, float]]]:
    """ROUNDS rounds of every case, each round in a new order, so that no case always follows another."""
    results: dict[str, list[dict[str, float]]] = {case: [] for case in cases}
    order = list(cases)
    shuffle = random.Random(connections).shuffle
    for url, pid in cases.values():  # warm-up: JWKS fetched, code paths hot
        wrk(url, token, pid, connections)
    for _ in range(ROUNDS):
        shuffle(order)
        for case in order:
            url, pid = cases[case]
            results[case].append(wrk(url, token, pid, connections))
    return results


def report(results: dict[str, list[dict[str, float]]], connections: int) -> None:
    base = results[BASELINE]
    print(f"\n/api/me, uvicorn 1 worker, wrk -t{min(2, connections)} -c{connections} -d{SECONDS}s on loopback, "
          f"{ROUNDS} rounds in shuffled order. Each case is divided by the no-auth run of its own round: medians "
          "over the rounds, with 95% intervals")
    print(f"  {'case':<27} {'req/s':>6} {'p50 ms':>7} {'p99 ms':>7} {'CPU µs/req':>11}   {'throughput ratio':<21}"
          f" {'by CPU':>6}  {'p99 added':>9}")
    for case, runs in results.items():
        med = {k: statistics.median(r[k] for r in runs) for k in ("rps", "p50", "p99", "cpu_us")}
        line = f"  {case:<27} {med['rps']:>6.0f} {med['p50']:>7.2f} {med['p99']:>7.2f} {med['cpu_us']:>11.0f}"
        if case != BASELINE:
            ratios = [r["rps"] / b["rps"] for r, b in zip(runs, base)]
            low, high = bootstrap_ci(ratios)
            by_cpu = statistics.median(b["cpu_us"] / r["cpu_us"] for r, b in zip(runs, base))
            p99_added = statistics.median(r["p99"] - b["p99"] for r, b in zip(runs, base))
            line += f"   {statistics.median(ratios):.3f} ({low:.3f}-{high:.3f}) {by_cpu:>6.3f}  {p99_added:>+6.2f} ms"
        print(line)


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk (make bench installs it when run as root)")
    server, issuer, token = stand_in_realm()
    apps = {"cache on": start_app(issuer, 1024), "cache off": start_app(issuer, 0)}
    (on_proc, on_url), (off_proc, off_url) = apps["cache on"], apps["cache off"]
    cases = {label: (f"{on_url}{path}", on_proc.pid) for label, path in (
        (BASELINE, "/api/me-no-auth"),
        ("no-op dependency", "/api/me-noop-dependency"),
        ("Depends(current_user)", "/api/me"),
        ("current_user.authenticate", "/api/me-direct"))}
    cases["Depends, token cache off"] = (f"{off_url}/api/me", off_proc.pid)
    try:
        results = {connections: measure(cases, token, connections) for connections in CONNECTIONS}
    finally:
        for proc, _ in apps.values():
            proc.terminate()
            proc.wait()
        server.shutdown()
    for connections, by_case in results.items():
        report(by_case, connections)


if __name__ == "__main__":
    main()
