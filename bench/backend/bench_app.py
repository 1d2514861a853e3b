"""The app under load in api_bench.py: /api/me with a token and the same answer with no auth.

All endpoints are `async`, return the same User and run in the same process, so the difference between
them is the token check alone; /api/me-noop-dependency shows what FastAPI charges for any dependency.
Starlette tries routes in order (a few µs each), so the route without auth comes first: the order can
only flatter the baseline.
"""

from typing import Annotated

from fastapi import Depends, FastAPI, Request

from docs_auth import AuthSettings, KeycloakBearer, TokenValidator, User
from verify_bench import keycloak_like_claims

# What /api/me answers for the bench token (same claims, so the same response), without looking at any token.
ANONYMOUS_TWIN = User.from_claims(keycloak_like_claims())


def create_app(validator: TokenValidator | None = None) -> FastAPI:
    # DOCS_AUTH_* from api_bench.py; revocation_bench.py passes validators of its own.
    current_user = KeycloakBearer(validator or TokenValidator(AuthSettings()))
    app = FastAPI()

    @app.get("/api/me-no-auth")
    async def me_no_auth() -> User:
        return ANONYMOUS_TWIN

    # FastAPI's own cost of one dependency, whatever it does: the floor under /api/me's figures.
    async def no_check() -> User:
        return ANONYMOUS_TWIN

    @app.get("/api/me-noop-dependency")
    async def me_noop_dependency(user: Annotated[User, Depends(no_check)]) -> User:
        return user

    @app.get("/api/me")
    async def me(user: Annotated[User, Depends(current_user)]) -> User:
        return user

    # The same check called from the endpoint, without FastAPI's per-dependency work.
    @app.get("/api/me-direct")
    async def me_direct(request: Request) -> User:
        return await current_user.authenticate(request)

    return app
