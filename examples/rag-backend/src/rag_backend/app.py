"""The example chatbot API of docs/contracts.md: /api/health, /api/me, /api/query, /api/me/export (the reader's data
held here), and /api/security-events where Keycloak pushes Security Event Tokens (RFC 8935) that end tokens before
they expire and, when an account is deleted, make this API delete the reader's rows.

    RAG_DATABASE_URL=postgresql://rag:rag@127.0.0.1:5433/keycloak uvicorn --factory rag_backend.app:create_app --port 8000
"""

# No `from __future__ import annotations`: FastAPI must evaluate the endpoints' annotations, which name locals.
import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from pydantic import BaseModel, Field, field_validator

from docs_auth import (
    AuthSettings,
    JSONBodyRoute,
    KeycloakBearer,
    TokenValidator,
    User,
    mount_metrics,
    security_events_router,
)
from docs_auth.postgres_store import PostgresRevocationStore
from docs_auth.quota import QUOTA_RESPONSES, ReaderQuota, parse_quota, require_quota

from .answers import answer
from .export import ChatbotExport, LoggedQuestion, QuotaState, utc_times
from .query_log import QueryLog
from .retention import purge_periodically
from .settings import DEV_SIGNALS_SECRET, RagAuthSettings, RagSettings

log = logging.getLogger("rag_backend")


class Query(BaseModel):
    # The pattern puts "not blank" in the OpenAPI document too, so that no client (nor Schemathesis) takes "   " for
    # a valid question; the validator keeps Python's idea of a space (str.strip), a little wider than the regex's.
    query: str = Field(min_length=1, max_length=2000, pattern=r"\S", description="The reader's question, not blank")

    @field_validator("query")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("the question is empty")
        return value


class Source(BaseModel):
    title: str
    path: str


class Answer(BaseModel):
    answer: str
    experience_level: str | None = Field(description="the level the answer follows; null: the generic answer (the "
                                                     "token has no background, as without the reader's consent)")
    sources: list[Source]


class Me(User):
    questions_asked: int


def create_app(settings: RagSettings | None = None, auth: AuthSettings | None = None) -> FastAPI:
    settings = settings or RagSettings()  # type: ignore[call-arg]  # fields come from RAG_* env vars
    validator = TokenValidator(auth or RagAuthSettings())
    current_user = KeycloakBearer(validator)
    queries = QueryLog(settings.database_url.get_secret_value())
    # Security events recorded in the schema rag, and followed by every process of the API (LISTEN/NOTIFY).
    revocations = PostgresRevocationStore(settings.database_url.get_secret_value(), validator.revocations, schema="rag")
    # RAG_QUERY_QUOTA, shared by every process of the API through the database (table rag.quota_request).
    quota = ReaderQuota.on_postgres(parse_quota(settings.query_quota), settings.database_url.get_secret_value(),
                                    schema="rag")
    within_quota = require_quota(current_user, quota)
    # RAG_EXPORT_QUOTA: the same mechanism, tables of its own name.
    export_quota = ReaderQuota.on_postgres(parse_quota(settings.export_quota), settings.database_url.get_secret_value(),
                                           schema="rag", table="quota_export")
    within_export_quota = require_quota(current_user, export_quota)

    async def forget_reader(sub: str) -> None:
        """The account-purged hook: every row about the reader in schema rag. Idempotent (a retried SET)."""
        deleted = await queries.forget(sub)
        await quota.forget(sub)
        await export_quota.forget(sub)
        log.info("account purged: %d logged questions and the quota's counts deleted", deleted)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        await queries.open()  # creates the schema rag if missing
        await revocations.open()
        await quota.open()
        await export_quota.open()
        retention = asyncio.create_task(purge_periodically(queries, settings.retention_days,
                                                           settings.retention_interval_seconds))
        if settings.signals_secret.get_secret_value() == DEV_SIGNALS_SECRET:
            log.warning("RAG_SIGNALS_SECRET is the development default: set your own outside development")
        if not await validator.warm_up():
            log.warning("Keycloak's keys could not be loaded at start; the first request will retry")
        yield
        retention.cancel()
        await export_quota.close()
        await quota.close()
        await revocations.close()
        await queries.close()

    # The body limit is FastAPI's own (Starlette's RequestBodyLimitMiddleware): 413 before a body over it is read,
    # so before the token is looked at. The OpenAPI document and its pages only where asked for (RAG_OPENAPI_ENABLED).
    openapi_url = "/openapi.json" if settings.openapi_enabled else None
    app = FastAPI(title="Docs chatbot API (example)", lifespan=lifespan, max_body_size=settings.max_body_bytes,
                  openapi_url=openapi_url)
    # A body that is not JSON at all (not UTF-8, nested too deeply) gets FastAPI's documented 422, not a 400.
    app.router.route_class = JSONBodyRoute
    # The docs site calls us from the browser with a bearer token: no cookies, so no credentials mode.
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Authorization", "Content-Type"],
        expose_headers=["WWW-Authenticate", "Retry-After"],
        max_age=600,
    )
    if settings.metrics_enabled:
        mount_metrics(app)

    @app.get("/api/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/api/me")
    async def me(user: Annotated[User, Depends(current_user)]) -> Me:
        return Me(**user.model_dump(), questions_asked=await queries.count(user.sub))

    @app.post("/api/query", responses={413: {"description": "The body is over RAG_MAX_BODY_BYTES"}, **QUOTA_RESPONSES})
    async def query(body: Query, user: Annotated[User, Depends(within_quota)]) -> Answer:
        result: dict[str, Any] = answer(body.query, user.experience_level)
        await queries.record(user.sub, user.experience_level)
        return Answer.model_validate(result)

    @app.get("/api/me/export", responses=QUOTA_RESPONSES)
    async def export(user: Annotated[User, Depends(within_export_quota)]) -> ChatbotExport:
        """Everything this API holds about the caller (docs/data-export-chatbot.schema.json)."""
        return ChatbotExport(
            sub=user.sub,
            exported_at=datetime.now(UTC),
            retention_days=settings.retention_days,
            questions=[LoggedQuestion(asked_at=at, experience_level=level)
                       for at, level in await queries.questions(user.sub)],
            quota=QuotaState(questions=utc_times(await quota.counted(user.sub)),
                             exports=utc_times(await export_quota.counted(user.sub))),
        )

    # Keycloak's Security Event Tokens (audience rag-api): not in /openapi.json, only Keycloak calls it. An
    # account-purged event (the reader deleted, by themselves or an admin) runs forget_reader; if it fails, the
    # delivery gets 500 and Keycloak's outbox sends it again.
    app.include_router(security_events_router(validator, secret=settings.signals_secret, store=revocations,
                                              on_account_purged=forget_reader))

    current_user.document(app)  # the 400, 401, 403 and 503 of /api/me and /api/query, in /openapi.json
    app.state.validator = validator
    app.state.queries = queries
    app.state.revocations = revocations
    app.state.quota = quota
    app.state.export_quota = export_quota
    app.state.forget_reader = forget_reader
    return app

