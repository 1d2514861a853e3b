"""Schemathesis hook: every request carries the access token of a real reader of the running stack.

Loaded by ``schemathesis.toml`` beside it (``hooks``), with the repository as the working directory, as
``scripts/test.sh`` runs it. At the first request a reader signs up through Keycloak's hosted form and gets
tokens by the code flow with PKCE (``docs_testkit.keycloak_reader``, as the integration tests do); the access
token is refreshed every two minutes, well within its five. Schemathesis's own ``ignored_auth`` check takes
it away again to see that the API refuses the request without it.

``KEYCLOAK_URL`` must be set (``scripts/test.sh`` exports it): without it the run fails, it never runs without
a token.
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis
from docs_testkit.keycloak_reader import Reader, Tokens

KEYCLOAK_URL = os.environ["KEYCLOAK_URL"].rstrip("/")


# retry_on=[]: a 401 is an answer under test here (ignored_auth, forged tokens), not a cue to fetch a new token.
@schemathesis.auth(refresh_interval=120, retry_on=[])
class ReaderToken:
    def __init__(self) -> None:
        self.reader: Reader | None = None
        self.tokens: Tokens | None = None

    def get(self, case: Any, context: Any) -> str:
        if self.reader is None or self.tokens is None:
            self.reader = Reader(KEYCLOAK_URL)
            self.tokens = self.reader.sign_up(experienceLevel="intermediate", professionalRole="software-engineer")
        else:
            self.tokens = self.reader.refresh(self.tokens)
        return self.tokens.access_token

    def set(self, case: Any, data: str, context: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}
