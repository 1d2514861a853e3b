"""Cost of verifying one Keycloak-like RS256 access token, side by side.

    PyJWT decode (what docs_auth uses) | joserfc decode+claims | docs_auth uncached | docs_auth cached

Prints medians in microseconds; asserts nothing about speed. joserfc is only
needed here (``pip install joserfc``); it is not a dependency of docs_auth.
Run: build/py/bin/python bench/backend/verify_bench.py [iterations]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from prometheus_client import CollectorRegistry

from docs_auth import AuthSettings, TokenValidator

ISSUER = "http://localhost:8080/realms/docs"


def keycloak_like_claims() -> dict[str, Any]:
    now = int(time.time())
    return {
        "exp": now + 3600, "iat": now, "jti": str(uuid.uuid4()), "iss": ISSUER,
        "aud": ["rag-api", "account"], "sub": "0b6f1d7e-5a4f-4c8e-9a57-3c1c1d2c9b10", "typ": "Bearer",
        "azp": "docs-site", "sid": str(uuid.uuid4()), "acr": "1", "scope": "openid email profile background",
        "email_verified": True, "name": "Ada Lovelace", "preferred_username": "ada@example.org",
        "given_name": "Ada", "family_name": "Lovelace", "email": "ada@example.org",
        "experience_level": "advanced", "professional_role": "researcher",
        "realm_access": {"roles": ["default-roles-docs", "offline_access", "uma_authorization"]},
        "resource_access": {"account": {"roles": ["manage-account", "view-profile"]}},
    }


def keycloak_like_token(private_key: rsa.RSAPrivateKey) -> str:
    return jwt.encode(keycloak_like_claims(), private_key, algorithm="RS256", headers={"kid": "bench-rs256"})


async def sample(fn: Callable[[], Any], n: int) -> list[int]:
    """n timings of fn() in ns; awaits fn's result when it is a coroutine."""
    out = []
    for _ in range(n):
        t0 = time.perf_counter_ns()
        result = fn()
        if asyncio.iscoroutine(result):
            await result
        out.append(time.perf_counter_ns() - t0)
    return out


async def measure(cases: dict[str, Callable[[], Any]], n: int, rounds: int = 10) -> dict[str, float]:
    """Median µs per case; cases are interleaved in rounds so load spikes hit all alike."""
    samples: dict[str, list[int]] = {name: [] for name in cases}
    for name, fn in cases.items():
        await sample(fn, 100)  # warm-up (also loads the JWKS)
    for _ in range(rounds):
        for name, fn in cases.items():
            samples[name] += await sample(fn, max(1, n // rounds))
    return {name: statistics.median(values) / 1000 for name, values in samples.items()}


def main() -> None:
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = RSAAlgorithm.to_jwk(private_key.public_key(), as_dict=True) | {"kid": "bench-rs256", "alg": "RS256", "use": "sig"}
    token = keycloak_like_token(private_key)
    cases: dict[str, Callable[[], Any]] = {}

    pyjwk = jwt.PyJWK(jwk, algorithm="RS256")
    cases["PyJWT decode (sig + iss/aud/exp/iat)"] = lambda: jwt.decode(
        token, key=pyjwk, algorithms=["RS256"], audience="rag-api", issuer=ISSUER, leeway=30,
        options={"require": ["exp", "iat", "iss", "aud", "sub"]},
    )

    try:
        from joserfc import jwt as jose_jwt
        from joserfc.jwk import RSAKey
    except ImportError:
        print("joserfc not installed (pip install joserfc): its line is skipped", file=sys.stderr)
    else:
        jose_key = RSAKey.import_key(jwk)
        claims_registry = jose_jwt.JWTClaimsRegistry(
            leeway=30,
            iss={"essential": True, "value": ISSUER},
            aud={"essential": True, "value": "rag-api"},
            exp={"essential": True},
            iat={"essential": True},
            sub={"essential": True},
        )

        def jose_decode() -> object:
            decoded = jose_jwt.decode(token, jose_key, algorithms=["RS256"])
            claims_registry.validate(decoded.claims)
            return decoded

        cases["joserfc decode + JWTClaimsRegistry"] = jose_decode

    def keycloak(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("openid-configuration"):
            return httpx.Response(200, json={"issuer": ISSUER, "jwks_uri": f"{ISSUER}/certs"})
        return httpx.Response(200, json={"keys": [jwk]})

    client = httpx.AsyncClient(transport=httpx.MockTransport(keycloak))
    uncached = TokenValidator(AuthSettings(token_cache_size=0), http_client=client, registry=CollectorRegistry())
    cached = TokenValidator(AuthSettings(), http_client=client, registry=CollectorRegistry())
    cases["docs_auth TokenValidator.validate, cache off"] = lambda: uncached.validate(token)
    cases["docs_auth TokenValidator.validate, cache hit"] = lambda: cached.validate(token)

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    results = asyncio.run(measure(cases, n))

    width = max(map(len, results))
    print(f"RS256 (2048-bit) Keycloak-like access token, {len(token)} bytes; median of {n} runs")
    for name, value in results.items():
        print(f"  {name:<{width}}  {value:9.1f} µs")


if __name__ == "__main__":
    main()
