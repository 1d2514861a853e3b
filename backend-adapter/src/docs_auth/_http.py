"""The two HTTP calls we make to Keycloak, with one error type for every failure."""

from __future__ import annotations

from typing import Any

import httpx


class FetchError(Exception):
    """Keycloak could not be reached or answered something unusable."""


async def _send(client: httpx.AsyncClient | None, request: httpx.Request, timeout: float) -> httpx.Response:
    if client is not None:
        return await client.send(request)
    # Fetches are rare (minutes apart), so a short-lived client avoids owning a
    # pool bound to one event loop.
    async with httpx.AsyncClient(timeout=timeout, follow_redirects=False) as own:
        return await own.send(request)


async def request_json(
    client: httpx.AsyncClient | None,
    method: str,
    url: str,
    *,
    timeout: float,
    data: dict[str, str] | None = None,
) -> dict[str, Any]:
    request = httpx.Request(
        method,
        url,
        data=data,
        headers={"Accept": "application/json"},
        extensions={"timeout": httpx.Timeout(timeout).as_dict()},
    )
    try:
        response = await _send(client, request, timeout)
    except httpx.HTTPError as exc:
        raise FetchError(f"{method} {url}: {type(exc).__name__}") from exc
    if response.status_code != 200:
        raise FetchError(f"{method} {url}: HTTP {response.status_code}")
    try:
        body = response.json()
    except ValueError as exc:
        raise FetchError(f"{method} {url}: body is not JSON") from exc
    if not isinstance(body, dict):
        raise FetchError(f"{method} {url}: body is not a JSON object")
    return body
