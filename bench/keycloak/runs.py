"""The benchmark's three runs, each returning its report (a dict, see report.py): `run` (ours against stock, rounds
alternating the two servers), `compare_starts` (our server alone, two settings alternating start by start) and
`soak` (our server alone, password grants minute after minute)."""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import datetime
import json
import os
import sys
import time
from pathlib import Path

import stack
from admin import admin_search, ensure_password_grant_client, seed, shared_hash
from options import COMPARISONS, CONCURRENCY, SCENARIOS
from realms import PASSWORD_GRANT_USERS, SESSION_USERS, measurable, stock_realm
from report import comparison_medians, search_medians, summarize
from scenarios import grants, hold_sessions, measure, sign_ins
from servers import WORK, Server, keycloak_version, load_average, make_work_dir, prepare, say, start_all

PARTIAL = WORK / "partial.json"  # written as the run goes, in case it is cut short
SIGN_INS_AND_UPS = ("sign-in", "sign-up", "password grant")  # each pays a hash: measured for --seconds, from c4


def report_header() -> dict:
    return {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "command": " ".join([Path(sys.executable).name, *sys.argv]), "keycloak": keycloak_version(),
            "cores": os.cpu_count(),
            "load_average_start": load_average()}


def run(args: argparse.Namespace) -> dict:
    ours_realm = measurable(stack.realm_import())
    make_work_dir()
    servers = [prepare("stock", stock_realm(ours_realm), args.fresh), prepare("ours", ours_realm, args.fresh)]
    by = {s.label: s for s in servers}
    report: dict = {**report_header(), "mode": "quick" if args.quick else "full",
                    "config": {k: v for k, v in vars(args).items()}, "starts": []}
    scenarios = args.only or SCENARIOS
    rounds: dict[str, dict[int, dict[str, list[dict]]]] = {
        sc: {c: {"stock": [], "ours": []} for c in CONCURRENCY} for sc in scenarios}
    searches: dict[str, list[dict]] = {"stock": [], "ours": []}
    t_start = time.perf_counter()
    try:
        for s in servers:
            s.pg.start()
        for start in range(args.starts):
            say(f"Start {start + 1}/{args.starts}: starting both Keycloaks (load average {load_average()})")
            t0 = time.perf_counter()
            start_all(servers)
            info = {"start": start + 1, "ready_s": time.perf_counter() - t0,
                    "idle_rss_mb": {s.label: s.rss_mb() for s in servers}}
            if start == 0:
                credential = asyncio.run(shared_hash(by["stock"]))
                say(f"Seeding {args.users} accounts in each (partial import, one shared Argon2 hash)")
                seeded = asyncio.run(_gather(*(seed(s, args.users, credential) for s in servers)))
                report["seeding"] = {s.label: r for s, r in zip(servers, seeded)}
                say("Seeded: " + ", ".join(f"{s.label} {r['users']} users" for s, r in zip(servers, seeded)))
                if args.seed_only:
                    return report
                if args.search_only:
                    report["admin_search"] = {s.label: asyncio.run(admin_search(s, args.searches)) for s in servers}
                    return report
                asyncio.run(_gather(*(ensure_password_grant_client(s) for s in servers)))
                # Both at once (each figure is its own server's before/after): the setup takes half the time.
                report["memory"] = dict(zip(by, _parallel([lambda s=s: hold_sessions(s, args.sessions)
                                                           for s in servers])))
            else:
                # the new JVMs: the sign-in path warmed as in the first start
                _parallel([lambda s=s: asyncio.run(sign_ins(s, 16, count=SESSION_USERS, users=range(SESSION_USERS)))
                           for s in servers])
            for s in servers:
                searches[s.label].append(asyncio.run(admin_search(s, args.searches)))
            say("Warm-up of every case (not recorded)")
            for scenario in scenarios:
                for s in servers:
                    flow = scenario in SIGN_INS_AND_UPS
                    measure(s, _other(servers, s), scenario, 4 if flow else 16,
                            args.seconds if flow else max(3, args.wrk_seconds), args.users)
            for r in range(args.rounds):
                say(f"Start {start + 1}, round {r + 1}/{args.rounds} (load average {load_average()})")
                for scenario in scenarios:
                    for c in CONCURRENCY:
                        order = servers if (start * args.rounds + r) % 2 == 0 else servers[::-1]
                        for s in order:
                            seconds = args.seconds if scenario in SIGN_INS_AND_UPS else args.wrk_seconds
                            m = measure(s, _other(servers, s), scenario, c, seconds, args.users)
                            m.update(start=start + 1, round=r + 1)
                            rounds[scenario][c][s.label].append(m)
                            PARTIAL.write_text(json.dumps({**report, "rounds": rounds}, indent=1, default=str))
                            say(f"  {scenario:<18} c{c:<3} {s.label:<6} {m['rps']:8.1f}/s  p50 {m['p50']:7.1f}  "
                                f"p95 {m['p95']:7.1f}  p99 {m['p99']:7.1f} ms  KC {m['kc_cpu_ms_per_op']:6.2f} ms CPU/op"
                                f"  client {m['client_cores']:.2f} cores  others {m['others_cores']:.2f} cores"
                                + (f"  ERRORS {m['errors']}: {m['first_error']}" if m["errors"] else ""))
            info["rss_mb_end"] = {s.label: s.rss_mb() for s in servers}
            report["starts"].append(info)
            say("Stopping both Keycloaks")
            for s in servers:
                s.kc.stop()
    finally:
        for s in servers:
            s.kc.stop()
            s.pg.stop()
    report["load_average_end"] = load_average()
    report["duration_s"] = time.perf_counter() - t_start
    report["results"] = summarize(rounds)
    report["admin_search"] = search_medians(searches)
    report["rounds"] = {sc: {str(c): v for c, v in per.items()} for sc, per in rounds.items()}
    return report


def _parallel(calls: list) -> list:
    with concurrent.futures.ThreadPoolExecutor(len(calls)) as pool:
        return [f.result() for f in [pool.submit(c) for c in calls]]


async def _gather(*aws):
    return await asyncio.gather(*aws)


def _other(servers: list[Server], s: Server) -> Server:
    return servers[1] if s is servers[0] else servers[0]


def prepare_password_grants(server: Server) -> None:
    """The accounts scenarios.password_grants() signs in (seeded once, kept in the database) and its client."""
    asyncio.run(seed(server, SESSION_USERS + PASSWORD_GRANT_USERS, asyncio.run(shared_hash(server))))
    asyncio.run(ensure_password_grant_client(server))


def compare_starts(what: str, starts: int, seconds: float, fresh: bool) -> dict:
    """Our server started `starts` times, alternating the two settings of COMPARISONS[what]: password grants at
    concurrency 4 and 16 after a warm-up, per start. The JIT settles once per start, so only many starts tell two
    settings apart."""
    make_work_dir()
    choices = COMPARISONS[what]
    server = prepare("ours", measurable(stack.realm_import()), fresh)
    base_options = server.kc.runtime_options
    report: dict = {**report_header(), "compare": what, "choices": choices, "starts": []}
    server.pg.start()
    try:
        for n in range(starts):
            label = list(choices)[n % len(choices)]
            jvm_options, extra = choices[label]
            server.reconfigure(jvm_options, (*base_options, *extra))
            start_all([server])
            if n == 0:
                prepare_password_grants(server)
            grants(server, 4, seconds)  # warm-up: the JIT makes its choices here
            for concurrency in CONCURRENCY:
                m = grants(server, concurrency, 2 * seconds)
                m.update(start=n + 1, choice=label, concurrency=concurrency, load_average=load_average())
                report["starts"].append(m)
                say(f"start {n + 1}/{starts} {label:<20} c{concurrency:<2} {m['rps']:6.1f} grants/s  "
                    f"p95 {m['p95']:6.0f} ms  Keycloak {m['kc_cpu_ms_per_op']:5.1f} ms CPU per grant  "
                    f"(load average {m['load_average']})")
            server.kc.stop()
    finally:
        server.kc.stop()
        server.pg.stop()
    report["load_average_end"] = load_average()
    report["summary"] = comparison_medians(report["starts"], list(choices))
    return report


def soak(minutes: int, fresh: bool) -> dict:
    """Our server with make run's settings, password grants at concurrency 16 without pause for `minutes`, one
    line per minute: what a node carries once C2 has compiled the hot paths (it takes minutes at this rate)."""
    make_work_dir()
    server = prepare("ours", measurable(stack.realm_import()), fresh)
    report: dict = {**report_header(), "minutes": []}
    server.pg.start()
    try:
        start_all([server])
        prepare_password_grants(server)
        for minute in range(1, minutes + 1):
            m = grants(server, 16, 60)
            m.update(minute=minute, load_average=load_average())
            report["minutes"].append(m)
            say(f"minute {minute:>2}: {m['rps']:5.1f} grants/s ({m['rps'] / report['cores']:.1f} per core)  "
                f"p95 {m['p95']:5.0f} ms  Keycloak {m['kc_cpu_ms_per_op']:5.1f} ms CPU per grant  "
                f"(load average {m['load_average']})")
    finally:
        server.kc.stop()
        server.pg.stop()
    return report
