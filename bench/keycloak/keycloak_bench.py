"""`make bench-keycloak`: our Keycloak (jar and theme) against stock Keycloak, side by side, in one run.

Two homes copied from the built distribution under build/bench/keycloak/: `stock` with providers/ emptied and a
realm derived from ours (same user profile attributes; no `required-when`, theme keycloak.v2, no `docs-audit`),
`ours` with our jar and realm. Both built with `make run`'s build options, each on its own embedded PostgreSQL,
started by the launcher's classes (scripts/stack.py). Then, on loopback:

- 10,000 accounts seeded by partial import, all sharing one pre-computed Argon2 hash (no hashing per account);
- admin search by attribute (`q=experienceLevel:advanced`) at that size: p50, p95;
- 1,000 user sessions opened and held: RSS of the Keycloak JVM before and after, and live heap after a full GC;
- rounds that alternate the two servers measurement by measurement (stock, ours / ours, stock, ...): sign-in
  (login page, credentials, code exchange with PKCE) and sign-up (hosted registration form, code exchange) by a
  small async client; the password grant (token endpoint: the cheapest password sign-in, what Keycloak's own
  sizing figures count), token refresh and the registration page alone by wrk; each at concurrency 4 and 16.

Keycloak's JIT settles in a fast or a slow state for a whole JVM life, so the full run restarts both servers
(`--starts`) and reports medians over all rounds of all starts. Figures only: nothing is asserted about speed.

    build/py/bin/python bench/keycloak/keycloak_bench.py            # full: about 15 minutes on 2 cores
    build/py/bin/python bench/keycloak/keycloak_bench.py --quick    # a couple of minutes, small counts
"""

from __future__ import annotations

import argparse
import asyncio
import concurrent.futures
import datetime
import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
import stack  # noqa: E402
from docs_testkit.proc_cpu import cpu_seconds  # noqa: E402
from client import (Browser, drive, new_http, oidc_endpoint, wrk, PASSWORD, PASSWORD_GRANT_CLIENT, pkce,  # noqa: E402
                    authorization_query, password_grant, refresh_grant)
from realms import measurable, partial_import, seeded_email, seeded_user, stock_realm  # noqa: E402
from docs_testkit.stats import median, percentile, ratio  # noqa: E402

WORK = ROOT / "build" / "bench" / "keycloak"
RESULTS = WORK / "results.json"
PARTIAL = WORK / "partial.json"  # written as the run goes, in case it is cut short
WARM_SEARCHES = 20
PORTS = {"stock": (8281, 9201, 5440), "ours": (8282, 9202, 5441)}
SESSION_USERS = 100  # the held sessions belong to these accounts (so the user cache does not grow meanwhile)
SCENARIOS = ("sign-in", "password grant", "sign-up", "refresh", "registration page")
SIGN_INS_AND_UPS = ("sign-in", "sign-up", "password grant")  # each pays a hash: measured for --seconds, from c4
PASSWORD_GRANT_USERS = 200  # accounts the password grants cycle through
CONCURRENCY = (4, 16)


def say(message: str) -> None:
    print(f"[bench-keycloak {time.strftime('%H:%M:%S')}] {message}", flush=True)


# ------------------------------------------------------------------------------------------- processes
def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            out += [int(c) for c in (task / "children").read_text().split()]
    except (FileNotFoundError, ProcessLookupError):
        pass
    return out


def machine_jiffies() -> tuple[int, int]:
    """(busy, total) over all cores, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]
    total = sum(values[:8])
    return total - idle, total


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# --------------------------------------------------------------------------------------------- servers
@dataclass
class Server:
    label: str
    pg: stack.EmbeddedPostgres
    kc: stack.Keycloak
    url: str
    management_url: str
    next_user: int = SESSION_USERS
    refresh_tokens: list[str] = field(default_factory=list)

    @property
    def realm_url(self) -> str:
        return f"{self.url}/realms/{stack.REALM}"

    def java_pid(self) -> int:
        todo = [self.kc.proc.pid]
        while todo:
            pid = todo.pop()
            try:
                if Path(f"/proc/{pid}/comm").read_text().strip() == "java":
                    return pid
            except FileNotFoundError:
                continue
            todo += _children(pid)
        raise RuntimeError(f"no java process under {self.kc.proc.pid}")

    def kc_cpu(self) -> float:
        return cpu_seconds(self.java_pid())

    def pg_cpu(self) -> float:
        root = self.pg.proc.pid
        total = cpu_seconds(root, with_reaped_children=True)
        for child in _children(root):
            try:
                total += cpu_seconds(child)
            except FileNotFoundError:
                pass
        return total

    def rss_mb(self) -> float:
        out = subprocess.run(["ps", "-o", "rss=", "-p", str(self.java_pid())], capture_output=True, text=True)
        return int(out.stdout.strip()) / 1024

    def metrics(self) -> dict[str, float]:
        text = httpx.get(f"{self.management_url}/metrics", timeout=10).text
        heap = sum(float(v) for v in re.findall(r'^jvm_memory_used_bytes\{[^}]*area="heap"[^}]*\} (\S+)', text, re.M))
        gc = sum(float(v) for v in re.findall(r'^jvm_gc_pause_seconds_sum\{[^}]*\} (\S+)', text, re.M))
        return {"heap_mb": heap / 2**20, "gc_s": gc}

    def live_heap_mb(self) -> float:
        """Heap in use right after a full collection (jcmd GC.run): the live data."""
        subprocess.run(["jcmd", str(self.java_pid()), "GC.run"], capture_output=True, check=True)
        time.sleep(1)
        return self.metrics()["heap_mb"]


def prepare(label: str, realm: dict, fresh: bool) -> Server:
    http_port, management_port, pg_port = PORTS[label]
    source = sorted(stack.DIST_TARGET.glob("keycloak-[0-9]*"))[-1]
    home = WORK / f"kc-{label}"
    if home.exists() and (home / "version.txt").read_bytes() != (source / "version.txt").read_bytes():
        shutil.rmtree(home)  # another Keycloak version was built since
    if not home.exists():
        shutil.copytree(source, home, symlinks=True, ignore=shutil.ignore_patterns("data"))
    shutil.rmtree(home / "providers")
    if label == "ours":
        shutil.copytree(source / "providers", home / "providers")
    else:
        (home / "providers").mkdir()
    shutil.rmtree(home / "data", ignore_errors=True)  # transaction logs and the import of an earlier run
    logs = WORK / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    # The databases are kept between runs (a first start on an empty one imports the realm, slowly): wiped with
    # --fresh, or when the realm to import has changed since they were made.
    pg_dir = WORK / f"pg-{label}"
    digest = hashlib.sha256(json.dumps(realm, sort_keys=True).encode()).hexdigest()
    marker = pg_dir / "realm.sha256"
    if fresh or not marker.exists() or marker.read_text() != digest:
        shutil.rmtree(pg_dir, ignore_errors=True)
        pg_dir.mkdir(parents=True)
        marker.write_text(digest)
    pg = stack.EmbeddedPostgres(WORK / f"pg-{label}", logs)
    pg.port = pg_port
    pg.log = logs / f"postgres-{label}.log"
    url = f"http://127.0.0.1:{http_port}"
    kc = stack.Keycloak(logs, pg, home=home, name=f"keycloak-{label}", http_port=http_port,
                       management_port=management_port, hostname=url, build_options=stack.KC_BUILD_OPTIONS,
                       realm=realm)
    return Server(label, pg, kc, url, f"http://127.0.0.1:{management_port}")


# ----------------------------------------------------------------------------------------- admin calls
async def admin_token(http: httpx.AsyncClient, server: Server) -> dict[str, str]:
    r = await http.post(oidc_endpoint(f"{server.url}/realms/master", "token"), data={
        "grant_type": "password", "client_id": "admin-cli", "username": stack.DEV_ADMIN[0],
        "password": stack.DEV_ADMIN[1]})
    r.raise_for_status()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


async def ensure_password_grant_client(server: Server) -> None:
    async with httpx.AsyncClient(timeout=60) as http:
        r = await http.post(f"{server.url}/admin/realms/{stack.REALM}/clients", headers=await admin_token(http, server),
                            json={"clientId": PASSWORD_GRANT_CLIENT, "publicClient": True, "standardFlowEnabled": False,
                                  "directAccessGrantsEnabled": True})
        if r.status_code not in (201, 409):  # 409: made by an earlier run on the kept database
            r.raise_for_status()


async def shared_hash(server: Server) -> tuple[str, str]:
    """One real Argon2 credential: a user created with a password through the admin API, read back from the
    database (the admin API never returns secrets)."""
    import psycopg

    email = "hash-donor@example.org"
    async with httpx.AsyncClient(timeout=60) as http:
        headers = await admin_token(http, server)
        r = await http.post(f"{server.realm_url.replace('/realms/', '/admin/realms/')}/users", headers=headers, json={
            "username": email, "email": email, "enabled": True, "firstName": "Hash", "lastName": "Donor",
            "attributes": {"experienceLevel": ["beginner"], "professionalRole": ["student"]},
            "credentials": [{"type": "password", "value": PASSWORD, "temporary": False}]})
        if r.status_code not in (201, 409):
            raise RuntimeError(f"creating the hash donor: {r.status_code} {r.text}")
    url, user, password = server.pg.jdbc()
    with psycopg.connect(host="127.0.0.1", port=server.pg.port, dbname="keycloak", user=user,
                         password=password) as conn:
        row = conn.execute("SELECT c.secret_data, c.credential_data FROM credential c JOIN user_entity u "
                           "ON u.id = c.user_id WHERE u.username = %s AND c.type = 'password'", (email,)).fetchone()
    if row is None:
        raise RuntimeError("the hash donor has no password credential")
    return row[0], row[1]


async def seed(server: Server, users: int, credential: tuple[str, str], batch: int = 500) -> dict:
    t0 = time.perf_counter()
    async with httpx.AsyncClient(timeout=600) as http:
        headers = await admin_token(http, server)
        last = await http.get(f"{server.url}/admin/realms/{stack.REALM}/users", headers=headers,
                              params={"username": seeded_email(users - 1), "exact": "true", "briefRepresentation": "true"})
        done = bool(last.json())  # seeded by an earlier run: the database was kept
        for first in range(0, 0 if done else users, batch):
            headers = await admin_token(http, server)  # admin tokens live 60 s
            body = partial_import([seeded_user(i, *credential) for i in range(first, min(first + batch, users))])
            r = await http.post(f"{server.url}/admin/realms/{stack.REALM}/partialImport", headers=headers, json=body)
            if r.status_code != 200:
                raise RuntimeError(f"{server.label}: partial import: {r.status_code} {r.text[:500]}")
        headers = await admin_token(http, server)
        count = (await http.get(f"{server.url}/admin/realms/{stack.REALM}/users/count", headers=headers)).json()
    elapsed = time.perf_counter() - t0
    record = WORK / f"pg-{server.label}" / "seeding.json"
    if done:
        earlier = json.loads(record.read_text()) if record.exists() else None
        return {"users": count, "seconds": None, "per_second": None, "kept_from_earlier_run": True, "earlier": earlier}
    out = {"users": count, "seconds": elapsed, "per_second": users / elapsed, "load_average": load_average()}
    record.write_text(json.dumps(out))
    return out


async def admin_search(server: Server, n: int) -> dict:
    out = {}
    queries = {"q=experienceLevel:advanced": "q=experienceLevel:advanced",
               "console listing (brief, max 11)": "briefRepresentation=true&first=0&max=11&q=experienceLevel:advanced"}
    async with httpx.AsyncClient(timeout=60) as http:
        for name, query in queries.items():
            latencies = []
            for i in range(n + WARM_SEARCHES):
                if i % 20 == 0:
                    headers = await admin_token(http, server)
                t0 = time.perf_counter()
                r = await http.get(f"{server.url}/admin/realms/{stack.REALM}/users?{query}", headers=headers)
                dt = (time.perf_counter() - t0) * 1000
                r.raise_for_status()
                if i >= WARM_SEARCHES:  # the first ones compile the admin API's paths
                    latencies.append(dt)
            out[name] = {"n": len(latencies), "results": len(r.json()), "p50": percentile(latencies, 50),
                         "p95": percentile(latencies, 95)}
    return out


# ---------------------------------------------------------------------------------------- measurements
async def sign_ins(server: Server, concurrency: int, *, seconds: float | None = None, count: int | None = None,
                   users: range | None = None, total_users: int = 0) -> dict:
    async with new_http(concurrency) as http:
        async def op(i: int) -> dict:
            if users is not None:
                index = users[i % len(users)]
            else:
                index = server.next_user
                server.next_user = SESSION_USERS + (server.next_user + 1 - SESSION_USERS) % (total_users - SESSION_USERS)
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
    kc0, pg0, idle0, (busy0, tot0) = server.kc_cpu(), server.pg_cpu(), idle.kc_cpu() + idle.pg_cpu(), machine_jiffies()
    gc0 = server.metrics()["gc_s"]
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
    kc1, pg1, idle1, (busy1, tot1) = server.kc_cpu(), server.pg_cpu(), idle.kc_cpu() + idle.pg_cpu(), machine_jiffies()
    gc1 = server.metrics()["gc_s"]
    result.pop("results", None)
    wall = result["elapsed_s"]
    ops = max(result["count"], 1)
    cores = os.cpu_count() or 1
    busy = (busy1 - busy0) / max(tot1 - tot0, 1) * cores * wall  # core-seconds used on the machine
    result.update(
        kc_cpu_ms_per_op=(kc1 - kc0) * 1000 / ops, pg_cpu_ms_per_op=(pg1 - pg0) * 1000 / ops,
        kc_cores=(kc1 - kc0) / wall, pg_cores=(pg1 - pg0) / wall, client_cores=result["client_cpu_s"] / wall,
        gc_share_of_kc_cpu=(gc1 - gc0) / max(kc1 - kc0, 1e-9),
        others_cores=max(0.0, busy / wall - (kc1 - kc0 + pg1 - pg0 + idle1 - idle0 + result["client_cpu_s"]) / wall),
        load_average=load_average())
    return result


# --------------------------------------------------------------------------------------------- the run
def start_all(servers: list[Server]) -> None:
    with concurrent.futures.ThreadPoolExecutor(len(servers)) as pool:
        for f in [pool.submit(s.kc.start, wait=False) for s in servers]:
            f.result()
    for s in servers:  # generous: on a loaded machine a first start can take minutes
        s.kc.wait_ready(timeout=900)


def make_work_dir() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    for p in (ROOT / "build" / "bench", WORK):
        os.chmod(p, 0o755)  # PostgreSQL runs as `nobody` when we are root


def report_header() -> dict:
    return {"date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "command": " ".join([Path(sys.executable).name, *sys.argv]), "cores": os.cpu_count(),
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
                report["memory"] = dict(zip(by, _parallel([lambda s=s: hold_sessions(s, args) for s in servers])))
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
    report["admin_search"] = {label: {name: {k: median([x[name][k] for x in runs]) for k in ("p50", "p95", "results")}
                                      for name in runs[0]} for label, runs in searches.items()}
    report["rounds"] = {sc: {str(c): v for c, v in per.items()} for sc, per in rounds.items()}
    return report


def _parallel(calls: list) -> list:
    with concurrent.futures.ThreadPoolExecutor(len(calls)) as pool:
        return [f.result() for f in [pool.submit(c) for c in calls]]


async def _gather(*aws):
    return await asyncio.gather(*aws)


def _other(servers: list[Server], s: Server) -> Server:
    return servers[1] if s is servers[0] else servers[0]


def hold_sessions(server: Server, args: argparse.Namespace) -> dict:
    """Opens `args.sessions` user sessions (sign-ins spread over the first accounts) and keeps them: JVM RSS
    before and after, and live heap after a full GC. A warm-up pass over the same accounts first, so that their
    user cache entries and the sign-in path's JIT are in the 'before' figures."""
    users = range(SESSION_USERS)
    warm = asyncio.run(sign_ins(server, 16, count=SESSION_USERS, users=users))
    time.sleep(2)
    rss0 = server.rss_mb()
    heap0 = server.live_heap_mb()
    held = asyncio.run(sign_ins(server, 16, count=args.sessions, users=users))
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


KEYS = ("rps", "p50", "p95", "p99", "kc_cpu_ms_per_op", "pg_cpu_ms_per_op", "client_cores", "others_cores",
        "gc_share_of_kc_cpu", "errors")


def summarize(rounds: dict) -> dict:
    out: dict = {}
    for scenario, per in rounds.items():
        out[scenario] = {}
        for c, sides in per.items():
            med = {label: {k: median([m[k] for m in runs]) for k in KEYS} for label, runs in sides.items()}
            for label, runs in sides.items():
                med[label]["errors"] = sum(m["errors"] for m in runs)
                med[label]["client_cores_max"] = max((m["client_cores"] for m in runs), default=math.nan)
                med[label]["rounds"] = len(runs)
            med["ratio"] = {k: ratio(med["ours"][k], med["stock"][k])
                            for k in ("rps", "p50", "p95", "p99", "kc_cpu_ms_per_op")}
            # Per round (the two measured back to back), then the median of those ratios: less noise.
            pairs = [ratio(o["rps"], s["rps"]) for s, o in zip(sides["stock"], sides["ours"])]
            med["ratio"]["rps_paired_median"] = median(pairs)
            out[scenario][str(c)] = med
    return out


def _f(v: float, width: int, digits: int = 1) -> str:
    return f"{'-':>{width}}" if v is None or (isinstance(v, float) and math.isnan(v)) else f"{v:>{width}.{digits}f}"


def _earlier(seeding: dict) -> str:
    e = seeding.get("earlier")
    return f", which seeded at {e['per_second']:.0f}/s, load average {e.get('load_average', '?')}" if e else ""


def print_searches(report: dict) -> None:
    for name in report["admin_search"]["stock"]:
        s, o = report["admin_search"]["stock"][name], report["admin_search"]["ours"][name]
        print(f"admin search {name} at {report['seeding']['stock']['users']} accounts ({s['results']:.0f} results): "
              f"stock p50 {s['p50']:.1f} p95 {s['p95']:.1f} ms | ours p50 {o['p50']:.1f} p95 {o['p95']:.1f} ms | "
              f"ours/stock p95 {ratio(o['p95'], s['p95']):.2f}")


def print_table(report: dict) -> None:
    res = report["results"]
    cfg = report["config"]
    print()
    print(f"Keycloak 26.7.3, stock vs ours (jar + theme), {report['date']}, {report['cores']} cores, "
          f"load average {report['load_average_start']} -> {report['load_average_end']}")
    print(f"medians over {cfg['starts']} JVM start(s) x {cfg['rounds']} round(s); flows {cfg['seconds']:.0f} s, "
          f"wrk {cfg['wrk_seconds']:.0f} s per measurement; latencies in ms; CPU = Keycloak JVM ms per operation")
    head = f"{'':<18}{'c':>3} | {'stock req/s':>11}{'p50':>7}{'p95':>7}{'p99':>7}{'CPU':>7} | " \
           f"{'ours req/s':>11}{'p50':>7}{'p95':>7}{'p99':>7}{'CPU':>7} | {'ours/stock':>10}{'p95':>6}{'CPU':>6}"
    print(head)
    print("-" * len(head))
    for scenario, per in res.items():
        for c, m in per.items():
            s, o, r = m["stock"], m["ours"], m["ratio"]
            digits = 0 if s["rps"] > 100 else 1
            print(f"{scenario:<18}{c:>3} | {_f(s['rps'], 11, digits)}{_f(s['p50'], 7)}{_f(s['p95'], 7)}"
                  f"{_f(s['p99'], 7)}{_f(s['kc_cpu_ms_per_op'], 7, 2)} | {_f(o['rps'], 11, digits)}{_f(o['p50'], 7)}"
                  f"{_f(o['p95'], 7)}{_f(o['p99'], 7)}{_f(o['kc_cpu_ms_per_op'], 7, 2)} | {_f(r['rps'], 10, 3)}"
                  f"{_f(r['p95'], 6, 2)}{_f(r['kc_cpu_ms_per_op'], 6, 2)}"
                  + (f"  errors {s['errors']}/{o['errors']}" if s["errors"] or o["errors"] else ""))
    print()
    print_searches(report)
    mem = report["memory"]
    for label in ("stock", "ours"):
        m = mem[label]
        print(f"{m['sessions']} sessions held, {label:<5}: RSS {m['rss_before_mb']:.0f} -> {m['rss_after_mb']:.0f} MB "
              f"({m['rss_per_session_kb']:.1f} KB/session); live heap after full GC {m['live_heap_before_mb']:.1f} -> "
              f"{m['live_heap_after_mb']:.1f} MB ({m['live_heap_per_session_kb']:.1f} KB/session)")
    print(f"ours/stock: RSS per session {ratio(mem['ours']['rss_per_session_kb'], mem['stock']['rss_per_session_kb']):.2f}, "
          f"live heap per session {ratio(mem['ours']['live_heap_per_session_kb'], mem['stock']['live_heap_per_session_kb']):.2f}")
    seeding = report["seeding"]
    print("seeding: " + ", ".join(f"{k} {v['users']} accounts " + (f"(kept from an earlier run{_earlier(v)})" if v.get("kept_from_earlier_run")
                                  else f"at {v['per_second']:.0f}/s") for k, v in seeding.items()))
    client = {sc: max(m[side]["client_cores_max"] for m in per.values() for side in ("stock", "ours"))
              for sc, per in res.items()}
    others = [m[side]["others_cores"] for per in res.values() for m in per.values() for side in ("stock", "ours")]
    print("load generator CPU (max, cores): " + ", ".join(f"{sc} {v:.2f}" for sc, v in client.items())
          + f"; other processes on the machine: median {median(others):.2f} cores during measurements")
    if "sign-in" not in res or "password grant" not in res or "sign-up" not in res:
        print(f"(--only: the target lines need sign-in, sign-up and password grant)  took "
              f"{report['duration_s'] / 60:.1f} min, full figures: {RESULTS.relative_to(ROOT)}")
        return
    per_start = []
    for start in report["starts"]:
        n = start["start"]
        cells = []
        for label in ("stock", "ours"):
            runs = [m for m in report["rounds"]["sign-in"]["4"][label] if m["start"] == n]
            cells.append(f"{median([m['rps'] for m in runs]):.1f}/s {median([m['kc_cpu_ms_per_op'] for m in runs]):.0f} ms")
        per_start.append(f"start {n}: " + " | ".join(cells))
    print("sign-in c4 per JVM start (stock | ours; JIT state shows here): " + "; ".join(per_start))
    grants = res["password grant"]["16"]["ours"]
    print(f"password sign-ins (token endpoint), ours at c16: {grants['rps'] / report['cores']:.1f} per second per core "
          f"(target 27), p95 {grants['p95']:.0f} ms (target under 500)")
    cost = {f"{sc} c{c}": 1 - res[sc][c]["ratio"]["rps"] for sc in ("sign-in", "sign-up") for c in res[sc]}
    cpu = {sc: res[sc]["4"]["ratio"]["kc_cpu_ms_per_op"] - 1 for sc in ("sign-in", "sign-up")}
    search = report["admin_search"]["ours"]["q=experienceLevel:advanced"]["p95"]
    print("targets (figures, not tests): our throughput cost vs stock at most 3% (negative: ours faster) -- measured "
          + ", ".join(f"{sc} {100 * v:+.1f}%" for sc, v in cost.items())
          + "; Keycloak CPU per operation, ours vs stock at c4: "
          + ", ".join(f"{sc} {100 * v:+.1f}%" for sc, v in cpu.items())
          + f"; admin search p95 under 100 ms at {report['seeding']['ours']['users']} accounts -- ours {search:.0f} ms")
    print("JVM starts: " + "; ".join(f"start {i['start']}: ready in {i['ready_s']:.0f} s, idle RSS "
                                     + "/".join(f"{v:.0f}" for v in i["idle_rss_mb"].values()) + " MB (stock/ours)"
                                     for i in report["starts"]))
    print(f"full figures: {RESULTS.relative_to(ROOT)}  (took {report['duration_s'] / 60:.1f} min)")


JAVA_ARGON2 = ("--spi-password-hashing--argon2--native=false",)  # our jar, hashing as Keycloak's own provider does
# What --compare alternates start by start: label -> (JVM options, extra runtime options) of our server.
COMPARISONS: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {
    # The native library in our jar against BouncyCastle's Java Argon2 (both with make run's JVM options).
    "argon2": {"Java Argon2": (stack.KC_JVM_OPTIONS, JAVA_ARGON2), "native Argon2": (stack.KC_JVM_OPTIONS, ())},
    # What make run's JVM options do for the Java Argon2 (the fallback where the native library cannot load).
    "jvm-options": {"JVM defaults": ("", JAVA_ARGON2), "make run's options": (stack.KC_JVM_OPTIONS, JAVA_ARGON2)},
}


def grants(server: Server, concurrency: int, seconds: float) -> dict:
    kc0 = server.kc_cpu()
    result = password_grants(server, concurrency, seconds)
    result["kc_cpu_ms_per_op"] = (server.kc_cpu() - kc0) * 1000 / max(result["count"], 1)
    return result


def prepare_password_grants(server: Server) -> None:
    """The accounts password_grants() signs in (seeded once, kept in the database) and its client."""
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
            server.kc.jvm_options, extra = choices[label]
            server.kc.runtime_options = (*base_options, *extra)
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
    report["summary"] = {f"{label} c{c}": {k: median([m[k] for m in report["starts"]
                                                      if m["choice"] == label and m["concurrency"] == c])
                                           for k in ("rps", "p95", "kc_cpu_ms_per_op")}
                         for label in choices for c in CONCURRENCY}
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


def compare_results(what: str) -> Path:
    return WORK / f"compare-{what}.json"


def print_comparison(report: dict) -> None:
    choices = list(report["choices"])
    print(f"\nPassword grants on our Keycloak ({report['compare']}), {report['cores']} cores, one start per column "
          f"(load average {report['load_average_start']} -> {report['load_average_end']})")
    for c in CONCURRENCY:
        for label in choices:
            runs = [m for m in report["starts"] if m["choice"] == label and m["concurrency"] == c]
            print(f"  c{c:<2} {label:<20} grants/s " + " ".join(f"{m['rps']:5.1f}" for m in runs)
                  + " | p95 ms " + " ".join(f"{m['p95']:5.0f}" for m in runs)
                  + " | ms CPU per grant " + " ".join(f"{m['kc_cpu_ms_per_op']:5.1f}" for m in runs))
        a, b = (report["summary"][f"{label} c{c}"] for label in choices)
        print(f"  c{c:<2} medians: {a['rps']:.1f} vs {b['rps']:.1f} grants/s (x{ratio(b['rps'], a['rps']):.2f}), "
              f"p95 {a['p95']:.0f} vs {b['p95']:.0f} ms, {a['kc_cpu_ms_per_op']:.1f} vs {b['kc_cpu_ms_per_op']:.1f} "
              f"ms CPU per grant; {b['rps'] / report['cores']:.1f} grants per second per core with {choices[1]}")
    print(f"full figures: {compare_results(report['compare']).relative_to(ROOT)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small counts and short measurements (development)")
    parser.add_argument("--starts", type=int, help="JVM starts of both servers (full 2, quick 1)")
    parser.add_argument("--rounds", type=int, help="alternating rounds per start (full 2, quick 1)")
    parser.add_argument("--users", type=int, help="accounts seeded (full 10000, quick 1000)")
    parser.add_argument("--sessions", type=int, help="sessions held for the memory figure (full 1000, quick 200)")
    parser.add_argument("--searches", type=int, help="admin searches per query (full 40, quick 20)")
    parser.add_argument("--seconds", type=float, help="seconds per sign-in/sign-up measurement (full 7, quick 3)")
    parser.add_argument("--wrk-seconds", type=float, help="seconds per wrk measurement (full 4, quick 2)")
    parser.add_argument("--fresh", action="store_true", help="new databases (else kept from the last run)")
    parser.add_argument("--seed-only", action="store_true", help="start, seed the accounts and stop (no figures)")
    parser.add_argument("--search-only", action="store_true", help="start, seed, the admin searches alone, stop")
    parser.add_argument("--only", nargs="+", choices=SCENARIOS, metavar="SCENARIO",
                        help=f"measure these scenarios alone, e.g. --only refresh (of: {', '.join(SCENARIOS)})")
    parser.add_argument("--compare", choices=sorted(COMPARISONS), help="instead of the comparison with stock: our "
                        "server alone, started --compare-starts times, alternating Java and native Argon2 (argon2) "
                        "or JVM defaults and make run's JVM options for the Java Argon2 (jvm-options); password grants")
    parser.add_argument("--compare-starts", type=int, default=6, help="JVM starts for --compare (default 6)")
    parser.add_argument("--soak", type=int, metavar="MINUTES", help="instead of the comparison with stock: our "
                        "server alone, password grants at concurrency 16 for MINUTES, one line per minute")
    args = parser.parse_args()
    defaults = dict(starts=1, rounds=1, users=1000, sessions=200, searches=20, seconds=3, wrk_seconds=2) if args.quick \
        else dict(starts=2, rounds=2, users=10000, sessions=1000, searches=40, seconds=7, wrk_seconds=4)
    for k, v in defaults.items():
        if getattr(args, k) is None:
            setattr(args, k, v)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    for label, ports in PORTS.items():
        for port in ports:
            if stack._port_open(port):
                raise SystemExit(f"port {port} ({label}) is taken: a bench left running?")
    if args.soak:
        report = soak(args.soak, args.fresh)
        (WORK / "soak.json").write_text(json.dumps(report, indent=2, default=str))
        return 0
    if args.compare:
        report = compare_starts(args.compare, args.compare_starts, args.seconds, args.fresh)
        compare_results(args.compare).write_text(json.dumps(report, indent=2, default=str))
        print_comparison(report)
        return 0
    report = run(args)
    if args.seed_only:
        say(f"Seeded: {report.get('seeding')}")
        return 0
    if args.search_only:
        print_searches(report)
        return 0
    RESULTS.write_text(json.dumps(report, indent=2, default=str))
    print_table(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
