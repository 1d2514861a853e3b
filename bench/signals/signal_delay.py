"""From a reader's sign-out to the chatbot API's refusal: alone, and at 100 sign-outs per second (issue 17;
`make bench-signals`).

A fresh stack of our own (scripts/stack.py: Keycloak with our jar, theme and realm and its `docs-signals`
transmitter, PostgreSQL, the example API and its receiver, on the ports of the environment, as `make run`), then:

1. ``--readers`` readers created through the admin REST API, each signed in once through Keycloak's hosted pages
   (a session each, and its tokens), as the docs site does;
2. a baseline: ``--baseline`` sign-outs, one every ``--gap`` seconds, nothing else going on;
3. the load: ``--rate`` sign-outs per second for ``--seconds`` seconds, each started at its scheduled time by a
   pool of browsers (open loop: a slow answer does not slow the schedule), each the docs site's sign-out
   (RP-initiated logout with ``id_token_hint``).

The CPU each side spends, which the machine's load does not inflate as it does the delays: the example API's CPU
per SET received during the load (its whole receiver: verify, record, notify; the API serves nothing else then) and
Keycloak's CPU per sign-out (the logout, its outbox row and its push), from /proc (bench/proc_cpu.py); 1 / the CPU
per SET is what one core could receive per second.

For each sign-out: the delay from Keycloak's answer to the sign-out (the change has committed) to the moment the
API has recorded the session's revocation, which it announces to all of its processes with PostgreSQL's NOTIFY
(docs_auth.postgres_store: channel ``rag_token_revocations``); this bench LISTENs on that channel, so it sees the
revocation when every API process does. A process refuses the session's tokens from then on; a sample of the
tokens signed out is then checked against ``GET /api/me`` (401 expected).

Printed and written to build/bench/signals/results.json: for each phase the median, p95 and max delay in
milliseconds, the rate reached, and the ratio of the load's median and p95 to the baseline's. Nothing is asserted:
this is a figure (the tests check that each kind of change is refused: test_security_events_end_to_end.py,
SignalsIT). A delay can be a little below zero: the push may land before the sign-out's answer reaches us.

Usage: ``build/py/bin/python bench/signals/signal_delay.py [--readers 560] [--rate 100] [--seconds 5] [--keep]``.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import psycopg
from docs_testkit.admin import admin_client
from docs_testkit.keycloak_reader import Reader, Tokens
from docs_testkit.proc_cpu import cpu_seconds, listening_pid
from docs_testkit.stats import percentile

ROOT = Path(__file__).resolve().parents[2]
STACK = [sys.executable, str(ROOT / "scripts" / "stack.py")]
DATA = ROOT / "build" / "bench-signals"
RESULTS = ROOT / "build" / "bench" / "signals" / "results.json"
CHANNEL = "rag_token_revocations"
PASSWORD = "bench-only long passphrase 2026"
# Waiting for a revocation that never comes ends the run with what arrived; not a speed check.
GIVE_UP_SECONDS = 60.0


def schedule(rate: float, seconds: float) -> list[float]:
    """Start offsets in seconds of ``rate`` × ``seconds`` sign-outs, evenly spaced from 0."""
    if rate <= 0 or seconds <= 0:
        raise ValueError("rate and seconds must be positive")
    return [i / rate for i in range(round(rate * seconds))]


def session_id(access_token: str) -> str:
    """The ``sid`` claim of a JWT access token (not verified: our own stack's token)."""
    payload = access_token.split(".")[1]
    sid: str = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["sid"]
    return sid


def summary(delays_ms: list[float], wall_seconds: float) -> dict[str, float]:
    """Median, p95 and max of ``delays_ms``; the rate reached is the sign-outs over the phase's wall time."""
    return {"median_ms": round(percentile(delays_ms, 50), 1), "p95_ms": round(percentile(delays_ms, 95), 1),
            "max_ms": round(max(delays_ms), 1), "n": len(delays_ms),
            "rate_per_second": round(len(delays_ms) / wall_seconds, 1) if wall_seconds > 0 else 0.0}


class RevocationWatch:
    """LISTENs on the API's revocation channel; ``seen[sid]`` is the monotonic time a session's revocation came."""

    def __init__(self, database_url: str) -> None:
        self.seen: dict[str, float] = {}
        self._arrived = threading.Condition()
        self._conn = psycopg.connect(database_url, autocommit=True)
        self._conn.execute(f"LISTEN {CHANNEL}")
        self._thread = threading.Thread(target=self._listen, daemon=True)
        self._thread.start()

    def _listen(self) -> None:
        try:
            self._read()
        except psycopg.OperationalError:
            pass  # closed by close()

    def _read(self) -> None:
        for notify in self._conn.notifies():
            at = time.monotonic()
            body = json.loads(notify.payload)
            if body.get("kind") == "sid":
                with self._arrived:
                    self.seen.setdefault(body["key"], at)
                    self._arrived.notify_all()

    def close(self) -> None:
        """Stops listening (before the stack goes down, so the listener does not see the server go)."""
        self._conn.close()

    def wait_for(self, sids: list[str], timeout: float) -> None:
        deadline = time.monotonic() + timeout
        with self._arrived:
            while not all(s in self.seen for s in sids) and time.monotonic() < deadline:
                self._arrived.wait(deadline - time.monotonic())


def signed_in_readers(keycloak_url: str, count: int) -> list[tuple[Reader, Tokens]]:
    """``count`` readers created by the admin and signed in once each (four browsers at a time)."""
    emails: list[str] = []
    while len(emails) < count:
        # a new admin token every 50 readers: the development admin's lasts a minute
        with admin_client(keycloak_url) as admin:
            for _ in range(min(50, count - len(emails))):
                email = f"bench-signals-{uuid.uuid4().hex[:12]}@example.org"
                r = admin.post("/users", json={
                    "username": email, "email": email, "emailVerified": True, "enabled": True, "firstName": "Ada", "lastName": "Reader",
                    "attributes": {"experienceLevel": ["intermediate"], "professionalRole": ["software-engineer"]},
                    "credentials": [{"type": "password", "value": PASSWORD, "temporary": False}]})
                assert r.status_code == 201, f"creating a reader: {r.status_code} {r.text[:200]}"
                emails.append(email)

    def sign_in(email: str) -> tuple[Reader, Tokens]:
        reader = Reader(keycloak_url)
        reader.email, reader.password = email, PASSWORD
        return reader, reader.sign_in()

    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(sign_in, emails))


def sign_outs(readers: list[tuple[Reader, Tokens]], offsets: list[float], watch: RevocationWatch,
              workers: int) -> tuple[list[float], float, list[Tokens]]:
    """Signs ``readers`` out at ``offsets`` (seconds from now); returns the delays in ms, the wall time of the
    phase in seconds, and the tokens signed out."""
    done: dict[str, float] = {}
    start = time.monotonic() + 0.2

    failed: list[str] = []

    def sign_out(item: tuple[tuple[Reader, Tokens], float]) -> None:
        (reader, tokens), offset = item
        time.sleep(max(0.0, start + offset - time.monotonic()))
        try:
            reader.sign_out(tokens)
        except httpx.HTTPError as e:  # a sign-out Keycloak did not answer in time: counted, not waited for
            failed.append(type(e).__name__)
            return
        done[session_id(tokens.access_token)] = time.monotonic()

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(sign_out, zip(readers, offsets)))
    wall = time.monotonic() - start
    watch.wait_for(list(done), GIVE_UP_SECONDS)
    delays = [(watch.seen[sid] - at) * 1000 for sid, at in done.items() if sid in watch.seen]
    if failed:
        print(f"[signals] {len(failed)} sign-outs failed ({', '.join(sorted(set(failed)))}); not counted")
    missing = len(done) - len(delays)
    if missing:
        print(f"[signals] {missing} of {len(done)} revocations did not arrive within {GIVE_UP_SECONDS:.0f} s")
    return delays, wall, [tokens for _, tokens in readers]


def cpu_per(servers: dict[str, int], before: dict[str, float], count: int) -> dict[str, float | None]:
    """Milliseconds of CPU each server (name -> pid) spent since ``before`` (its CPU seconds then), per one of
    ``count`` events; None when there were none."""
    return {name: round((cpu_seconds(pid) - before[name]) * 1000 / count, 2) if count else None
            for name, pid in servers.items()}


def refused(api_url: str, tokens: list[Tokens]) -> int:
    """How many of ``tokens`` the API refuses with 401."""
    with httpx.Client(base_url=api_url, timeout=30) as api:
        return sum(api.get("/api/me", headers={"Authorization": f"Bearer {t.access_token}"}).status_code == 401
                   for t in tokens)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--readers", type=int, default=560, help="readers signed in (baseline + load)")
    parser.add_argument("--baseline", type=int, default=30, help="sign-outs alone, one at a time")
    parser.add_argument("--gap", type=float, default=0.3, help="seconds between the baseline's sign-outs")
    parser.add_argument("--rate", type=float, default=100, help="sign-outs per second under load")
    parser.add_argument("--seconds", type=float, default=5, help="length of the load, in seconds")
    parser.add_argument("--workers", type=int, default=64, help="browsers signing out at once under load")
    parser.add_argument("--keep", action="store_true", help="leave the stack up")
    args = parser.parse_args()
    load = schedule(args.rate, args.seconds)
    if args.readers < args.baseline + len(load):
        parser.error(f"--readers must be at least {args.baseline + len(load)}")

    keycloak_url = os.environ.get("KEYCLOAK_URL", f"http://localhost:{os.environ.get('KEYCLOAK_PORT', '8080')}")
    api_url = os.environ.get("RAG_BACKEND_URL", f"http://localhost:{os.environ.get('RAG_BACKEND_PORT', '8000')}")
    database_url = os.environ.get(
        "RAG_DATABASE_URL", f"postgresql://rag:rag@127.0.0.1:{os.environ.get('EMBEDDED_PG_PORT', '5433')}/keycloak")
    subprocess.run([*STACK, "up", "--data", str(DATA), "--fresh"], check=True)
    try:
        readers = signed_in_readers(keycloak_url, args.readers)
        watch = RevocationWatch(database_url)
        base = readers[:args.baseline]
        base_delays, base_wall, _ = sign_outs(base, [i * args.gap for i in range(len(base))], watch, 1)
        loaded = readers[args.baseline:args.baseline + len(load)]
        servers = {"api": listening_pid(urlsplit(api_url).port or 80),
                   "keycloak": listening_pid(urlsplit(keycloak_url).port or 80)}
        cpu_before = {name: cpu_seconds(pid) for name, pid in servers.items()}
        load_start = os.getloadavg()[0]
        load_delays, load_wall, load_tokens = sign_outs(loaded, load, watch, args.workers)
        cpu = cpu_per(servers, cpu_before, len(load_delays))
        sample = load_tokens[:: max(1, len(load_tokens) // 20)]
        refused_count = refused(api_url, sample)
        watch.close()
    finally:
        if not args.keep:
            subprocess.run([*STACK, "down", "--data", str(DATA)], check=False)

    result = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "command": "make bench-signals",
        "load_average": os.getloadavg()[0],
        "baseline": summary(base_delays, base_wall),
        "load": {**summary(load_delays, load_wall), "rate_asked_per_second": args.rate},
        "ratio_of_medians_load_over_baseline": round(percentile(load_delays, 50) / percentile(base_delays, 50), 2),
        "ratio_of_p95_load_over_baseline": round(percentile(load_delays, 95) / percentile(base_delays, 95), 2),
        "sampled_tokens_refused": f"{refused_count} of {len(sample)}",
        "load_average_at_the_loads_start": round(load_start, 1),
        "api_cpu_ms_per_set_received": cpu["api"],
        "api_sets_per_second_on_one_core": round(1000 / cpu["api"]) if cpu["api"] else None,
        "keycloak_cpu_ms_per_sign_out": cpu["keycloak"],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
