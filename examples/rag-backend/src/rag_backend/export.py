"""The chatbot's part of a reader's data export (GDPR articles 15 and 20): everything this API holds about the
reader whose token calls ``GET /api/me/export``. The published JSON Schema is docs/data-export-chatbot.schema.json
(draft 2020-12); the docs site puts this object under ``chatbot`` of the whole file (docs/data-export.schema.json).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, Field

# The format and its version, as the Keycloak part names its own ("docs-keycloak-export/1"); a change that a reader
# of version 1 cannot read gets a new number.
FORMAT = "docs-chatbot-export/1"


class LoggedQuestion(BaseModel):
    """One question the reader asked: when, and at which experience level it was answered (``null``: the generic
    answer). The question's text is never stored."""

    asked_at: datetime = Field(description="when it was asked (RFC 3339, UTC)")
    experience_level: str | None = Field(description="the level the answer followed, null for the generic answer")


class QuotaState(BaseModel):
    """The times of the reader's requests that the API's quotas still count (RAG_QUERY_QUOTA, RAG_EXPORT_QUOTA),
    newest first; each is deleted once it leaves the longest window (a day)."""

    questions: list[datetime]
    exports: list[datetime]


class ChatbotExport(BaseModel):
    """``GET /api/me/export``: the format's version, the reader (the token's ``sub``), what is logged and counted."""

    format: Literal["docs-chatbot-export/1"] = FORMAT
    sub: str = Field(description="the reader: the access token's sub, their Keycloak user id")
    exported_at: datetime
    retention_days: int = Field(description="logged questions are deleted this many days after they were asked")
    questions: list[LoggedQuestion]
    quota: QuotaState


def utc_times(epoch_ms: list[int]) -> list[datetime]:
    return [datetime.fromtimestamp(ms / 1000, tz=UTC) for ms in epoch_ms]
