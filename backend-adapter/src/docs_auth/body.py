"""A body FastAPI cannot decode gets FastAPI's documented 422, never an undocumented 400 or a 500.

FastAPI reads a JSON body with ``json.loads`` and answers a ``json.JSONDecodeError`` with 422
``json_invalid``, the status its OpenAPI document gives every operation that takes a body. Any other
failure of that one call becomes 400 "There was an error parsing the body", which no operation
documents: bytes that are not valid UTF-8 (or UTF-16/32, which ``json.loads`` also detects), arrays
nested deeper than Python's recursion limit, an integer of more than 4300 digits. The request class
below turns those into the ``json.JSONDecodeError`` they are, at the one place the body is decoded, so
FastAPI's own code answers them as it answers every other unparsable body.

A body sent without a JSON ``Content-Type`` is validated as raw bytes and refused with 422, whose
``input`` echoes those bytes; FastAPI's handler then decodes them as UTF-8 to write the answer and,
when they are not UTF-8, fails with a 500 instead. The route gives the handler that ``input``
already decoded (undecodable bytes replaced by U+FFFD).
"""

import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response


def _reason(exc: Exception) -> str:
    # Fixed texts: the interpreter's own messages name its settings (sys.set_int_max_str_digits, ...).
    if isinstance(exc, UnicodeDecodeError):
        return f"Invalid {exc.encoding} text"
    if isinstance(exc, RecursionError):
        return "Nested too deeply"
    return "Number too long"


class JSONBodyRequest(Request):
    """``json()`` raises ``json.JSONDecodeError`` for every body that is not JSON."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            try:
                self._json = json.loads(body)
            except json.JSONDecodeError:
                raise
            except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
                position = exc.start if isinstance(exc, UnicodeDecodeError) else 0
                raise json.JSONDecodeError(_reason(exc), body.decode("utf-8", "replace"), position) from exc
        return self._json


class JSONBodyRoute(APIRoute):
    """Route class whose endpoints read their JSON body through ``JSONBodyRequest`` and never echo raw bytes.

    ``app.router.route_class = JSONBodyRoute`` (or ``APIRouter(route_class=JSONBodyRoute)``) before
    the routes are added; FastAPI's "Custom Request and APIRoute class" is this same hook.
    """

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(JSONBodyRequest(request.scope, request.receive))
            except RequestValidationError as exc:
                for error in exc.errors():
                    if isinstance(error.get("input"), bytes):  # the whole body, refused before any parsing
                        error["input"] = error["input"].decode("utf-8", "replace")
                raise

        return handle
