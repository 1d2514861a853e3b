"""Security events shared by API processes on one real PostgreSQL (the test stack's, schema rag).

Each API is its own uvicorn process (signals_app.py) with a ``PostgresRevocationStore``; their keys come from a
JWKS this test serves, so that it can sign both the access tokens and the SETs. A SET pushed to one process must
make every process refuse the token: the delay of the second is printed, never asserted (speed is bench/'s).
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import jwt
import psycopg
import pytest
from psycopg import sql
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from docs_auth import Revocation, RevocationList
from docs_auth.postgres_store import PostgresRevocationStore
from docs_auth.revocation import SESSION, SUBJECT

HERE = Path(__file__).resolve().parent
LOGS = HERE.parents[2] / "build" / "signals-postgres-test"
SECRET = "integration-push-secret"
CAEP = "https://schemas.openid.net/secevent/caep/event-type/"
KID = "signals-test-key"
# A bound on waiting, so that a lost notification fails the test instead of hanging it; not a speed check.
GIVE_UP_SECONDS = 20.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Realm:
    """A JWKS and discovery document served over HTTP, and the key that signs tokens and SETs."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        jwk = RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
        jwk.update(kid=KID, use="sig", alg="RS256")
        port = _free_port()
        self.issuer = f"http://127.0.0.1:{port}/realms/docs"
        docs = {
            "/realms/docs/.well-known/openid-configuration": {"issuer": self.issuer,
                                                             "jwks_uri": f"{self.issuer}/certs"},
            "/realms/docs/certs": {"keys": [jwk]},
        }

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                body = json.dumps(docs.get(self.path, {})).encode()
                self.send_response(200 if self.path in docs else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def token(self, sub: str, sid: str, iat: int | None = None) -> str:
        now = int(time.time()) if iat is None else iat
        claims = {"iss": self.issuer, "aud": "rag-api", "sub": sub, "sid": sid, "typ": "Bearer", "azp": "docs-site",
                  "iat": now, "exp": now + 300}
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": KID})

    def set(self, event_type: str, sub_id: dict[str, Any], jti: str | None = None) -> tuple[str, str]:
        jti = jti or str(uuid.uuid4())
        claims = {"iss": self.issuer, "aud": "rag-api", "iat": int(time.time()), "jti": jti, "sub_id": sub_id,
                  "events": {CAEP + event_type: {"event_timestamp": int(time.time())}}}
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": KID, "typ": "secevent+jwt"}), jti

    def user(self, sub: str) -> dict[str, Any]:
        return {"format": "iss_sub", "iss": self.issuer, "sub": sub}

    def session(self, sub: str, sid: str) -> dict[str, Any]:
        return {"format": "complex", "user": self.user(sub), "session": {"format": "opaque", "id": sid}}


class Api:
    """One uvicorn process of signals_app.py."""

    def __init__(self, name: str, realm: Realm, database_url: str) -> None:
        self.name, self.port = name, _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        LOGS.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "SIGNALS_TEST_ISSUER": realm.issuer, "RAG_DATABASE_URL": database_url,
               "SIGNALS_TEST_SECRET": SECRET}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "--app-dir", str(HERE), "--factory", "signals_app:create_app",
             "--host", "127.0.0.1", "--port", str(self.port), "--no-access-log"],
            env=env, stdout=open(LOGS / f"{name}.log", "a"), stderr=subprocess.STDOUT)
        self.http = httpx.Client(base_url=self.url, timeout=10)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"API {name} exited; see {LOGS / (name + '.log')}")
            try:
                if self.http.get("/health").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)
        raise AssertionError(f"API {name} did not start")

    def me(self, token: str) -> int:
        return self.http.get("/me", headers={"Authorization": f"Bearer {token}"}).status_code

    def push(self, body: str) -> httpx.Response:
        return self.http.post("/api/security-events", content=body, headers={
            "Authorization": f"Bearer {SECRET}", "Content-Type": "application/secevent+jwt"})

    def stop(self) -> None:
        self.http.close()
        self.proc.terminate()
        self.proc.wait(timeout=20)


def wait_refused(api: Api, token: str) -> float:
    """Seconds until ``api`` answers 401 for ``token``."""
    start = time.monotonic()
    while api.me(token) != 401:
        if time.monotonic() - start > GIVE_UP_SECONDS:
            raise AssertionError(f"API {api.name} still accepts the token after {GIVE_UP_SECONDS} s")
        time.sleep(0.002)
    return time.monotonic() - start


@pytest.fixture(scope="module")
def realm() -> Iterator[Realm]:
    r = Realm()
    yield r
    r.server.shutdown()


@pytest.fixture(scope="module")
def apis(realm: Realm, rag_database_url: str) -> Iterator[list[Api]]:
    started = [Api("a", realm, rag_database_url), Api("b", realm, rag_database_url)]
    yield started
    for api in started:
        api.stop()


def test_a_set_pushed_to_one_process_makes_every_process_refuse(realm: Realm, apis: list[Api]) -> None:
    a, b = apis
    delays = []
    for event, make_subject in (("session-revoked", realm.session), ("credential-change", None)):
        sub, sid = str(uuid.uuid4()), str(uuid.uuid4())
        token = realm.token(sub, sid, iat=int(time.time()) - 2)
        assert (a.me(token), b.me(token)) == (200, 200)  # both have it in their cache now
        subject = make_subject(sub, sid) if make_subject else realm.user(sub)
        body, _ = realm.set(event, subject)
        assert a.push(body).status_code == 202
        assert a.me(token) == 401  # the process that received it: at once
        delays.append(wait_refused(b, token))
        print(f"\n[signals] {event}: the other process refused the token {delays[-1] * 1000:.1f} ms after the 202")
        assert b.me(realm.token(str(uuid.uuid4()), str(uuid.uuid4()))) == 200  # other readers unaffected


def test_a_retry_to_another_process_is_acknowledged_and_recorded_once(realm: Realm, apis: list[Api],
                                                                       rag_database_url: str) -> None:
    a, b = apis
    body, jti = realm.set("session-revoked", realm.session(str(uuid.uuid4()), str(uuid.uuid4())))
    assert a.push(body).status_code == 202
    assert b.push(body).status_code == 202
    with psycopg.connect(rag_database_url) as conn:
        count = conn.execute("SELECT count(*) FROM rag.security_event_deliveries WHERE jti = %s", (jti,)).fetchone()
    assert count == (1,)


def test_a_process_started_later_loads_the_revocations_in_force(realm: Realm, apis: list[Api],
                                                                 rag_database_url: str) -> None:
    a, _ = apis
    sub, sid = str(uuid.uuid4()), str(uuid.uuid4())
    token = realm.token(sub, sid, iat=int(time.time()) - 2)
    body, _ = realm.set("session-revoked", realm.session(sub, sid))
    assert a.push(body).status_code == 202
    later = Api("later", realm, rag_database_url)  # as an API restarted after the event
    try:
        assert later.me(token) == 401  # its first sight of the token
        assert later.me(realm.token(sub, str(uuid.uuid4()))) == 200  # the reader's other sessions are kept
    finally:
        later.stop()


def test_the_listener_ignores_junk_and_comes_back_after_losing_its_connection(rag_database_url: str) -> None:
    async def scenario() -> tuple[bool, bool]:
        revocations = RevocationList(330)
        store = PostgresRevocationStore(rag_database_url, revocations, schema="rag")
        await store.open()
        try:
            async with await psycopg.AsyncConnection.connect(rag_database_url, autocommit=True) as other:
                await other.execute("SELECT pg_notify(%s, %s)", (store.channel, "not json"))
                await other.execute("SELECT pg_notify(%s, %s)", (store.channel, json.dumps({"kind": "email"})))
                # Another process's revocation after the junk: still applied.
                sid = str(uuid.uuid4())
                revocation = Revocation(SESSION, sid)
                await other.execute("SELECT pg_notify(%s, %s)", (
                    store.channel, json.dumps({**revocation.to_json(), "until": time.time() + 60})))
                applied = await _eventually(lambda: revocations.refuses({"sub": "x", "iat": 0, "sid": sid}))
                # Cut the listener off (a role may end its own sessions), then record from elsewhere.
                cut = store.listener_pid
                await other.execute("SELECT pg_terminate_backend(%s)", (cut,))
                writer = PostgresRevocationStore(rag_database_url, RevocationList(330), schema="rag")
                await writer.open()
                sub = str(uuid.uuid4())
                await writer.record(str(uuid.uuid4()), Revocation(SUBJECT, sub))
                await writer.close()
                # Heard by the listener's new connection, or read from the table when it reconnected.
                reloaded = await _eventually(lambda: revocations.refuses({"sub": sub, "iat": 0}))
            assert store.listener_pid != cut
            return applied, reloaded
        finally:
            await store.close()

    assert asyncio.run(scenario()) == (True, True)


async def _eventually(check: Any) -> bool:
    deadline = time.monotonic() + GIVE_UP_SECONDS
    while time.monotonic() < deadline:
        if check():
            return True
        await asyncio.sleep(0.01)
    return False


def test_notification_delay_figures(realm: Realm, apis: list[Api]) -> None:
    """20 session revocations pushed to one process: how long the other took (printed)."""
    a, b = apis
    delays = []
    for _ in range(20):
        sub, sid = str(uuid.uuid4()), str(uuid.uuid4())
        token = realm.token(sub, sid)
        assert b.me(token) == 200
        body, _ = realm.set("session-revoked", realm.session(sub, sid))
        assert a.push(body).status_code == 202
        delays.append(wait_refused(b, token))
    delays.sort()
    print(f"\n[signals] other process, 20 SETs: p50 {statistics.median(delays) * 1000:.1f} ms, "
          f"p95 {delays[18] * 1000:.1f} ms, max {delays[-1] * 1000:.1f} ms")


class Clock:
    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def test_the_store_merges_revocations_announces_only_new_sets_and_sweeps_once_an_interval(
        rag_database_url: str) -> None:
    """One statement per SET: the jti, the merged revocation and the notification; a replay changes nothing and is
    not announced; rows past their time go at the next sweep (one a minute), not with every SET."""
    clock = Clock(time.time())
    sub = str(uuid.uuid4())

    def rows(conn: psycopg.Connection[Any], jtis: list[str]) -> tuple[Any, int]:
        revocation = conn.execute("SELECT before, until FROM rag.token_revocations WHERE kind = 'sub' AND key = %s",
                                  (sub,)).fetchone()
        deliveries = conn.execute("SELECT count(*) FROM rag.security_event_deliveries WHERE jti = ANY(%s)",
                                  (jtis,)).fetchone()
        return revocation, deliveries[0] if deliveries else -1

    async def scenario() -> list[Any]:
        store = PostgresRevocationStore(rag_database_url, RevocationList(300, clock=clock), schema="rag",
                                        jti_retention=100, sweep_interval=60, clock=clock)
        await store.open()
        seen: list[Any] = []
        try:
            async with await psycopg.AsyncConnection.connect(rag_database_url, autocommit=True) as listener:
                await listener.execute(sql.SQL("LISTEN {}").format(sql.Identifier(store.channel)))
                t0 = clock.now
                jtis = [str(uuid.uuid4()) for _ in range(3)]
                seen.append(await store.record(jtis[0], Revocation(SUBJECT, sub, t0 - 10)))
                seen.append(await store.record(jtis[1], Revocation(SUBJECT, sub, t0 - 20)))  # an older cutoff
                seen.append(await store.record(jtis[0], Revocation(SUBJECT, sub, t0 + 50)))  # a replay: ignored
                notices = await _drain(listener)
                with psycopg.connect(rag_database_url) as conn:
                    seen.append((rows(conn, jtis), len(notices)))
                clock.now = t0 + 150  # the jtis' 100 s are over; the sweep is due at t0 + 60 after the first
                seen.append(await store.record(jtis[2], Revocation(SUBJECT, sub)))  # every token of sub: before NULL
                with psycopg.connect(rag_database_url) as conn:
                    seen.append(rows(conn, jtis))
                clock.now = t0 + 500  # the revocation's until (t0 + 150 + 300) is over too
                seen.append(await store.record(str(uuid.uuid4()), None))  # an event with no effect still sweeps
                with psycopg.connect(rag_database_url) as conn:
                    seen.append(rows(conn, jtis))
        finally:
            await store.close()
        return seen

    t0 = clock.now
    assert asyncio.run(scenario()) == [
        True, True, False,
        (((t0 - 10, t0 + 300), 2), 2),  # two new SETs announced, the replay not; the later cutoff kept
        True,
        ((None, t0 + 450), 1),  # merged to "every token"; the two old jtis swept, the third kept
        True,
        (None, 0),  # everything past its time is gone
    ]


async def _drain(conn: psycopg.AsyncConnection[Any]) -> list[str]:
    """The notifications that arrived on ``conn`` (waits briefly for the last one)."""
    payloads: list[str] = []
    async for notify in conn.notifies(timeout=1.0):
        payloads.append(notify.payload)
    return payloads
