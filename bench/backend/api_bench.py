"""Cost of token validation under load: /api/me with a valid token against the same endpoint with no auth.

One run, side by side: two uvicorn processes with the same settings (one worker each), token cache on and off;
a local JWKS server stands in for Keycloak; Debian's `wrk` on loopback is the client. Every case sends the same
request bytes, the 1.3 KB Authorization header included (the endpoints without auth ignore it): sending that
header alone costs wrk, the kernel and the HTTP parser about 40 us per request at 16 connections here, which is
not validation. Rounds alternate the cases so that noise on this shared machine hits all of them alike. Prints
medians over the rounds, with the app's CPU per request (/proc), which a busy neighbour disturbs less than
requests per second; asserts nothing about speed.

Run: make bench   (or build/py/bin/python bench/backend/api_bench.py [rounds] [seconds] [connections])
"""

from __future__ import annotations

import json
import os
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

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
from proc_cpu import cpu_seconds  # noqa: E402
import verify_bench  # noqa: E402
from verify_bench import keycloak_like_token  # noqa: E402  (one token shape for both benches)

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 5
SECONDS = int(sys.argv[2]) if len(sys.argv) > 2 else 4
CONNECTIONS = int(sys.argv[3]) if len(sys.argv) > 3 else 16
UVICORN = Path(sys.executable).parent / "uvicorn"


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
    env = dict(os.environ, DOCS_AUTH_ISSUER=issuer, DOCS_AUTH_TOKEN_CACHE_SIZE=str(cache_size),
               PYTHONPATH=str(HERE))
    proc = subprocess.Popen([str(UVICORN), "--factory", "bench_app:create_app", "--host", "127.0.0.1",
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


def wrk(url: str, token: str | None, pid: int) -> dict[str, float]:
    """One wrk run; also the app's CPU per request, which a busy neighbour disturbs less than requests/s."""
    cmd = ["wrk", f"-t{min(2, CONNECTIONS)}", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", url]
    if token:
        cmd[1:1] = ["-H", f"Authorization: Bearer {token}"]
    cpu0 = cpu_seconds(pid)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    cpu = cpu_seconds(pid) - cpu0
    if re.search(r"Non-2xx or 3xx responses", out):
        raise SystemExit(f"wrk saw errors on {url}:\n{out}")
    pct = {p: float(v) * UNITS[u] for p, v, u in re.findall(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)$", out, re.M)}
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    return {"rps": rps, "p50": pct["50"], "p99": pct["99"], "cpu_us": cpu * 1e6 / max(requests, 1)}


def main() -> None:
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk (make bench installs it when run as root)")
    server, issuer, token = stand_in_realm()
    apps = {"cache on": start_app(issuer, 1024), "cache off": start_app(issuer, 0)}
    cases = {f"{name}: {label}": (f"{url}{path}", tok, proc.pid)
             for name, (proc, url) in apps.items()
             for label, path, tok in (("no auth", "/api/me-no-auth", token),
                                      ("no-op dependency", "/api/me-noop-dependency", token),
                                      ("token", "/api/me", token),
                                      ("token, direct call", "/api/me-direct", token))}
    results: dict[str, list[dict[str, float]]] = {case: [] for case in cases}
    try:
        for url, tok, pid in cases.values():  # warm-up: JWKS fetched, code paths hot
            wrk(url, tok, pid)
        for _ in range(ROUNDS):
            for case, (url, tok, pid) in cases.items():
                results[case].append(wrk(url, tok, pid))
    finally:
        for proc, _ in apps.values():
            proc.terminate()
            proc.wait()
        server.shutdown()

    med = {case: {k: statistics.median(r[k] for r in runs) for k in ("rps", "p50", "p99", "cpu_us")}
           for case, runs in results.items()}
    print(f"\n/api/me, uvicorn 1 worker, wrk -t{min(2, CONNECTIONS)} -c{CONNECTIONS} -d{SECONDS}s on loopback; medians of {ROUNDS} "
          f"alternating rounds")
    print(f"  {'case':<30} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'app CPU µs/req':>15}")
    for case, m in med.items():
        print(f"  {case:<30} {m['rps']:>9.0f} {m['p50']:>8.2f} {m['p99']:>8.2f} {m['cpu_us']:>15.0f}")
    for name in apps:
        anon, noop = med[f"{name}: no auth"], med[f"{name}: no-op dependency"]
        print(f"  {name}: a no-op dependency alone costs throughput ratio {noop['rps'] / anon['rps']:.3f}")
        for label, how in (("token", "Depends(current_user)"), ("token, direct call", "current_user.authenticate")):
            auth = med[f"{name}: {label}"]
            print(f"  {name}, {how}: throughput ratio token/no-auth {auth['rps'] / anon['rps']:.3f} "
                  f"(by app CPU per request {anon['cpu_us'] / auth['cpu_us']:.3f}); "
                  f"p99 added {auth['p99'] - anon['p99']:+.2f} ms; p50 added {auth['p50'] - anon['p50']:+.2f} ms")


if __name__ == "__main__":
    main()
