"""A small API the PostgreSQL tests start as separate uvicorn processes: /me behind docs_auth, the receiver with a
``PostgresRevocationStore``, keys from the test's own JWKS server (SIGNALS_TEST_ISSUER), the database of the test
stack (RAG_DATABASE_URL, schema rag).

    SIGNALS_TEST_ISSUER=http://127.0.0.1:PORT/realms/docs RAG_DATABASE_URL=... SIGNALS_TEST_SECRET=... \\
      uvicorn --app-dir backend-adapter/tests/integration --factory signals_app:create_app --port N
"""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, FastAPI

from docs_auth import AuthSettings, KeycloakBearer, TokenValidator, User, security_events_router
from docs_auth.postgres_store import PostgresRevocationStore


def create_app() -> FastAPI:
    validator = TokenValidator(AuthSettings(issuer=os.environ["SIGNALS_TEST_ISSUER"]))
    current_user = KeycloakBearer(validator)
    store = PostgresRevocationStore(os.environ["RAG_DATABASE_URL"], validator.revocations, schema="rag")

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await store.open()
        await validator.warm_up()
        yield
        await store.close()

    app = FastAPI(lifespan=lifespan)
    app.include_router(security_events_router(validator, secret=os.environ["SIGNALS_TEST_SECRET"], store=store))

    @app.get("/me")
    async def me(user: Annotated[User, Depends(current_user)]) -> dict[str, str]:
        return {"sub": user.sub}

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
