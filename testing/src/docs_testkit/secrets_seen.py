"""Every password, token, authorization code and reader's e-mail address the Python tests send or receive, appended
to SECRETS_SEEN (scripts/test.sh: build/secrets-seen.txt), one ``kind<TAB>value`` a line; after the whole run,
scripts/scan_logs_for_secrets.py looks for each of them in every log. The Java and browser tests write the same file.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx

# The repository's build/ (the package is installed editable: testing/src/docs_testkit/ is where it runs from).
FILE = Path(os.environ.get("SECRETS_SEEN", Path(__file__).resolve().parents[3] / "build" / "secrets-seen.txt"))
TOKEN_FIELDS = ("access_token", "refresh_token", "id_token")
_lock = threading.Lock()


def seen(kind: str, value: str | None) -> None:
    """Records one value of `kind` (password, token, code or email)."""
    if not value:
        return
    with _lock:
        FILE.parent.mkdir(parents=True, exist_ok=True)
        with FILE.open("a", encoding="utf-8") as f:
            f.write(f"{kind}\t{value.replace(chr(10), ' ')}\n")


def form(fields: Mapping[str, object] | None) -> None:
    """The fields of a form the tests post: passwords, addresses, codes and refresh tokens."""
    for name, value in (fields or {}).items():
        if not isinstance(value, str):
            continue
        if name.startswith("password"):
            seen("password", value)
        elif name in ("email", "username") and "@" in value:
            seen("email", value)
        elif name == "code":
            seen("code", value)
        elif name == "refresh_token":
            seen("token", value)


def response(r: httpx.Response) -> None:
    """Tokens in a token endpoint's JSON answer, and a code on a redirect."""
    for code in parse_qs(urlsplit(r.headers.get("location", "")).query).get("code", []):
        seen("code", code)
    if r.headers.get("content-type", "").startswith("application/json") and "_token" in r.text:
        body = r.json()
        if isinstance(body, dict):
            for field in TOKEN_FIELDS:
                seen("token", body.get(field))
