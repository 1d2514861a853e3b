"""The app under load in api_bench.py: /api/me with a token and the same answer with no auth.

Both endpoints are `async`, return the same User model and run in the same process, so the difference
between them is the token check alone.
"""

from typing import Annotated

from fastapi import Depends, FastAPI

from docs_auth import AuthSettings, KeycloakBearer, TokenValidator, User

# What /api/me answers for the bench token, without looking at any token.
ANONYMOUS_TWIN = User(sub="0b6f1d7e-5a4f-4c8e-9a57-3c1c1d2c9b10", email="ada@example.org", name="Ada Lovelace",
                      preferred_username="ada@example.org", email_verified=True, experience_level="advanced",
                      professional_role="researcher", realm_roles=["default-roles-docs"])


def create_app() -> FastAPI:
    current_user = KeycloakBearer(TokenValidator(AuthSettings()))  # DOCS_AUTH_* from api_bench.py
    app = FastAPI()

    @app.get("/api/me")
    async def me(user: Annotated[User, Depends(current_user)]) -> User:
        return user

    @app.get("/api/me-no-auth")
    async def me_no_auth() -> User:
        return ANONYMOUS_TWIN

    return app
