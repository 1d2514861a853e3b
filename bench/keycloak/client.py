"""The load generator: a small async client going through Keycloak's hosted pages as a browser does (sign-in:
login page, credentials, code exchange with PKCE; sign-up: registration form, code exchange), and Debian's wrk
for the single-request cases (token refresh, registration page).

The hosted pages' parts (cookies kept by hand, forms, PKCE, the redirects followed, the callback and the code grant)
are the test toolkit's (docs_testkit.keycloak_reader), here driven asynchronously: Keycloak sets its cookies Secure
even on http, and a standard cookie jar would never send them back. The shared connection pool refuses every cookie,
so no flow sees another's.
"""

from __future__ import annotations

import asyncio
import http.cookiejar
import json
import os
import resource
import secrets
import subprocess
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from urllib.parse import urlencode

import httpx
from docs_testkit.keycloak_reader import (
    PASSWORD, CookieJar, FlowError, authorization_query, callback_code, code_grant_form, form_action, next_hop,
    pkce, proof_of_work, refresh_grant_form)
from docs_testkit.stats import summary

# A public client with direct access grants, added by the bench to both realms (not in the product's realm): the
# password grant is the cheapest password sign-in, the one Keycloak's published figures count.
PASSWORD_GRANT_CLIENT = "bench-password-grant"
WRK_SCRIPT = Path(__file__).resolve().parent / "wrk_report.lua"


def oidc_endpoint(realm_url: str, name: str) -> str:
    """A realm's OpenID Connect endpoint: token, auth, registrations, ..."""
    return f"{realm_url}/protocol/openid-connect/{name}"


def new_http(connections: int) -> httpx.AsyncClient:
    no_cookies = http.cookiejar.CookieJar(http.cookiejar.DefaultCookiePolicy(allowed_domains=[]))
    return httpx.AsyncClient(timeout=60, follow_redirects=False, cookies=no_cookies,
                             limits=httpx.Limits(max_connections=connections + 4,
                                                 max_keepalive_connections=connections + 4))


class Browser:
    """One reader's visit: its own cookies over the shared pool."""

    def __init__(self, http: httpx.AsyncClient, realm_url: str) -> None:
        self.http = http
        self.realm_url = realm_url
        self.jar = CookieJar()

    async def request(self, method: str, url: str, **kwargs) -> httpx.Response:
        response = await self.http.request(method, url, headers=self.jar.header(), **kwargs)
        self.jar.absorb(response)
        return response

    async def browse(self, method: str, url: str, **kwargs) -> httpx.Response:
        """Follows redirects as the toolkit's Reader does (next_hop: at most MAX_REDIRECTS)."""
        response = await self.request(method, url, **kwargs)
        hops = 0
        while (location := next_hop(response, hops)) is not None:
            hops += 1
            response = await self.request("GET", location)
        return response

    async def finish(self, response: httpx.Response, verifier: str, state: str) -> dict:
        r = await self.request("POST", oidc_endpoint(self.realm_url, "token"),
                               data=code_grant_form(callback_code(response, state), verifier))
        if r.status_code != 200:
            raise FlowError(f"code exchange: {r.status_code} {r.text[:300]}")
        return r.json()

    async def sign_in(self, email: str, password: str = PASSWORD) -> dict:
        return await self.hosted_form("auth", "login page", "kc-form-login",
                                      {"username": email, "password": password})

    async def sign_up(self, email: str, password: str = PASSWORD) -> dict:
        return await self.hosted_form("registrations", "registration page", "kc-register-form", {
            "email": email, "password": password, "password-confirm": password, "firstName": "Ada",
            "lastName": "Reader", "experienceLevel": "intermediate", "professionalRole": "researcher",
            "organization": "Bench Lab"})

    async def hosted_form(self, endpoint: str, page_name: str, form_id: str, fields: dict[str, str]) -> dict:
        """Code flow with PKCE through one of Keycloak's hosted forms: GET it, POST the fields (with the solution of
        the page's proof of work, when it carries one, as a browser sends it), exchange the code."""
        verifier, challenge = pkce()
        state = secrets.token_urlsafe(12)
        page = await self.browse("GET", f"{oidc_endpoint(self.realm_url, endpoint)}?"
                                        f"{authorization_query(challenge, state)}")
        if page.status_code != 200:
            raise FlowError(f"{page_name}: {page.status_code}")
        answer = await self.browse("POST", form_action(page.text, form_id), data={**fields, **proof_of_work(page.text)})
        return await self.finish(answer, verifier, state)


async def drive(op: Callable[[int], Awaitable[object]], concurrency: int, *, seconds: float | None = None,
                count: int | None = None) -> dict:
    """Runs `op(i)` from `concurrency` workers until `seconds` have passed (no new operation starts after) or
    `count` operations have started. Returns throughput and latency percentiles of the successful operations,
    the errors, and the client's own CPU time."""
    latencies: list[float] = []
    errors: list[str] = []
    counter = iter(range(10**9))
    start = time.perf_counter()
    deadline = start + seconds if seconds else None
    cpu0 = time.process_time()
    results: list[object] = []

    async def worker() -> None:
        while True:
            if deadline is not None and time.perf_counter() >= deadline:
                return
            i = next(counter)
            if count is not None and i >= count:
                return
            t0 = time.perf_counter()
            try:
                results.append(await op(i))
                latencies.append((time.perf_counter() - t0) * 1000)
            except (FlowError, httpx.HTTPError) as e:
                errors.append(f"{type(e).__name__}: {e}"[:300])

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - start
    out = summary(latencies, elapsed)
    out.update(errors=len(errors), first_error=errors[0] if errors else None, elapsed_s=elapsed,
               client_cpu_s=time.process_time() - cpu0)
    out["results"] = results
    return out


def refresh_grant(refresh_token: str) -> str:
    """The docs site's refresh request as one wrk body (form-encoded)."""
    return urlencode(refresh_grant_form(refresh_token))


def password_grant(email: str) -> str:
    return urlencode({"grant_type": "password", "client_id": PASSWORD_GRANT_CLIENT, "username": email,
                      "password": PASSWORD})


def wrk(url: str, connections: int, seconds: float, *, form_bodies: list[str] | None = None) -> dict:
    """Debian's wrk on loopback (one thread): GETs the URL, or POSTs the form bodies in turn; latency
    percentiles come from the Lua `done` hook."""
    # A generous timeout: a password grant queued behind 16 others can take over wrk's default 2 s, and that is
    # latency to report, not an error.
    args = ["wrk", "-t1", f"-c{connections}", f"-d{seconds:.0f}s", "--timeout", "30s", "-s", str(WRK_SCRIPT), url]
    body_file = None
    if form_bodies:
        body_file = tempfile.NamedTemporaryFile("w", suffix=".bodies", delete=False)
        body_file.write("\n".join(form_bodies) + "\n")
        body_file.close()
        args += ["--", body_file.name]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    finally:
        if body_file:
            os.unlink(body_file.name)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next((ln for ln in out.splitlines() if ln.startswith("{")), None)
    if line is None:
        raise FlowError(f"wrk printed no report:\n{out}")
    report = json.loads(line)
    elapsed = report["duration_us"] / 1e6
    return {"count": report["requests"], "rps": report["requests"] / elapsed, "p50": report["p50"] / 1000,
            "p95": report["p95"] / 1000, "p99": report["p99"] / 1000, "errors": report["errors"],
            "first_error": f"{report['errors']} wrk errors (status {report['status']})" if report["errors"] else None,
            "elapsed_s": elapsed,
            "client_cpu_s": (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)}
