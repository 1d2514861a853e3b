"""The measurements: each scenario driven against one server (the async client for the hosted-page flows, wrk for
single requests), with the CPU of Keycloak, its PostgreSQL, the load generator and everything else; and the
memory of held sessions."""

from __future__ import annotations

import asyncio
import os
import time
import uuid

from client import (Browser, authorization_query, drive, new_http, oidc_endpoint, password_grant, pkce,
                    refresh_grant, wrk)
from realms import PASSWORD_GRANT_USERS, SESSION_USERS, next_account, seeded_email
from servers import Server, load_average, say
from cpu import cpu_split


async def sign_ins(server: Server, concurrency: int, *, seconds: float | None = None, count: int | None = None,
                   users: range | None = None, total_users: int = 0) -> dict:
    """Sign-ins through the login page: of `users` in turn when given, else of the seeded accounts after the held
    sessions' (`total_users` seeded), carrying on where the last measurement of this server stopped."""
    async with new_http(concurrency) as http:
        async def op(i: int) -> dict:
            if users is not None:
                index = users[i % len(users)]
            else:
                index = server.next_user
                server.next_user = next_account(index, total_users)
            return await Browser(http, server.realm_url).sign_in(seeded_email(index))
        return await drive(op, concurrency, seconds=seconds, count=count)


async def sign_ups(server: Server, concurrency: int, seconds: float) -> dict:
    async with new_http(concurrency) as http:
        async def op(i: int) -> dict:
            return await Browser(http, server.realm_url).sign_up(f"signup-{uuid.uuid4().hex[:16]}@example.org")
        return await drive(op, concurrency, seconds=seconds)


def password_grants(server: Server, concurrency: int, seconds: float) -> dict:
    return wrk(oidc_endpoint(server.realm_url, "token"), concurrency, seconds,
               form_bodies=[password_grant(seeded_email(i))
                            for i in range(SESSION_USERS, SESSION_USERS + PASSWORD_GRANT_USERS)])


def registration_url(server: Server) -> str:
    _, challenge = pkce()
    return f"{oidc_endpoint(server.realm_url, 'registrations')}?{authorization_query(challenge, 'bench')}"


def measure(server: Server, idle: Server, scenario: str, concurrency: int, seconds: float,
            total_users: int) -> dict:
    """One measurement, with the CPU of Keycloak, its PostgreSQL, the load generator and everyone else."""
    before = server.usage(idle)
    if scenario == "sign-in":
        result = asyncio.run(sign_ins(server, concurrency, seconds=seconds, total_users=total_users))
    elif scenario == "sign-up":
        result = asyncio.run(sign_ups(server, concurrency, seconds))
    elif scenario == "refresh":
        result = wrk(oidc_endpoint(server.realm_url, "token"), concurrency, seconds,
                     form_bodies=[refresh_grant(t) for t in server.refresh_tokens])
    elif scenario == "password grant":
        result = password_grants(server, concurrency, seconds)
    else:
        result = wrk(registration_url(server), concurrency, seconds)
    after = server.usage(idle)
    result.pop("results", None)
    result.update(cpu_split(before, after, count=result["count"], wall_s=result["elapsed_s"],
                            client_cpu_s=result["client_cpu_s"], cores=os.cpu_count() or 1),
                  load_average=load_average())
    return result


def grants(server: Server, concurrency: int, seconds: float) -> dict:
    """Password grants alone, with Keycloak's CPU per grant."""
    kc0 = server.kc_cpu()
    result = password_grants(server, concurrency, seconds)
    result["kc_cpu_ms_per_op"] = (server.kc_cpu() - kc0) * 1000 / max(result["count"], 1)
    return result


def hold_sessions(server: Server, sessions: int) -> dict:
    """Opens `sessions` user sessions (sign-ins spread over the first accounts) and keeps them: JVM RSS
    before and after, and live heap after a full GC. A warm-up pass over the same accounts first, so that their
    user cache entries and the sign-in path's JIT are in the 'before' figures."""
    users = range(SESSION_USERS)
    warm = asyncio.run(sign_ins(server, 16, count=SESSION_USERS, users=users))
    time.sleep(2)
    rss0 = server.rss_mb()
    heap0 = server.live_heap_mb()
    held = asyncio.run(sign_ins(server, 16, count=sessions, users=users))
    tokens = [t["refresh_token"] for t in held["results"]]
    server.refresh_tokens = tokens[:64]
    time.sleep(2)
    rss1 = server.rss_mb()
    heap1 = server.live_heap_mb()
    rss2 = server.rss_mb()
    n = len(tokens)
    out = {"sessions": n, "errors": held["errors"] + warm["errors"], "rss_before_mb": rss0, "rss_after_mb": rss1,
           "rss_after_gc_mb": rss2, "rss_per_session_kb": (rss1 - rss0) * 1024 / max(n, 1),
           "live_heap_before_mb": heap0, "live_heap_after_mb": heap1,
           "live_heap_per_session_kb": (heap1 - heap0) * 1024 / max(n, 1),
           "sign_in_rps_c16": held["rps"], "sign_in_p95_ms": held["p95"]}
    say(f"{server.label}: {n} sessions held: RSS {rss0:.0f} -> {rss1:.0f} MB "
        f"({out['rss_per_session_kb']:.1f} KB/session), live heap {heap0:.1f} -> {heap1:.1f} MB "
        f"({out['live_heap_per_session_kb']:.1f} KB/session)")
    return out
