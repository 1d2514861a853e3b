"""What the benchmark asks of Keycloak's admin REST API: a token of the development admin, the password-grant
client, one real Argon2 credential, the seeded accounts (partial import) and the timed admin searches."""

from __future__ import annotations

import json
import time

import httpx
import stack
from docs_testkit.admin import password_grant
from docs_testkit.stats import percentile

from client import PASSWORD, PASSWORD_GRANT_CLIENT, oidc_endpoint
from realms import partial_import, seeded_email, seeded_user
from servers import WORK, Server, load_average

WARM_SEARCHES = 20  # the first searches compile the admin API's paths: not recorded


async def admin_token(http: httpx.AsyncClient, server: Server) -> dict[str, str]:
    r = await http.post(oidc_endpoint(f"{server.url}/realms/master", "token"), data=password_grant())
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
