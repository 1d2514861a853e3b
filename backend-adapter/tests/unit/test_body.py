"""``JSONBodyRoute``: a body FastAPI cannot decode gets its documented 422, as every unparsable body does."""

# No `from __future__ import annotations`: FastAPI must evaluate the endpoints' annotations.
from typing import Any

import pytest
from fastapi import APIRouter, FastAPI, Request
from fastapi.testclient import TestClient
from pydantic import BaseModel

from docs_auth import JSONBodyRoute


class Question(BaseModel):
    query: str


def new_app(route_class: type | None) -> FastAPI:
    app = FastAPI()
    if route_class is not None:
        app.router.route_class = route_class

    @app.post("/query")
    async def query(body: Question) -> str:
        return body.query

    @app.post("/raw")
    async def raw(request: Request) -> Any:
        first = await request.json()
        assert await request.json() is first  # decoded once
        return first

    router = APIRouter(route_class=JSONBodyRoute)

    @router.post("/query")
    async def routed(body: Question) -> str:
        return body.query

    app.include_router(router, prefix="/v1")
    return app


# Each kind of body json.loads refuses with something other than json.JSONDecodeError.
UNDECODABLE = {
    "not UTF-8": (b'{"query": "caf\xe9"}', "Invalid utf-8 text", 14),
    "broken UTF-16": ('{"query": "x"}'.encode("utf-16-le")[:-1] + b"\x00\xd8", "Invalid utf-16-le text", 28),
    "nested too deeply": (b"[" * 100_000 + b"]" * 100_000, "Nested too deeply", 0),
    "an integer of 5000 digits": (b'{"query": ' + b"9" * 5000 + b"}", "Number too long", 0),
}


@pytest.mark.parametrize("name", UNDECODABLE)
def test_fastapi_alone_answers_an_undocumented_400(name: str) -> None:
    body, _, _ = UNDECODABLE[name]
    with TestClient(new_app(None)) as client:
        response = client.post("/query", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.json() == {"detail": "There was an error parsing the body"}
    assert "400" not in client.get("/openapi.json").json()["paths"]["/query"]["post"]["responses"]


@pytest.mark.parametrize("path", ["/query", "/v1/query"])
@pytest.mark.parametrize("name", UNDECODABLE)
def test_an_undecodable_body_is_the_documented_422(name: str, path: str) -> None:
    body, reason, position = UNDECODABLE[name]
    with TestClient(new_app(JSONBodyRoute)) as client:
        response = client.post(path, content=body, headers={"Content-Type": "application/json"})
        documented = client.get("/openapi.json").json()["paths"][path]["post"]["responses"]
    assert response.status_code == 422, response.text
    assert response.json() == {"detail": [{
        "type": "json_invalid", "loc": ["body", position], "msg": "JSON decode error", "input": {},
        "ctx": {"error": reason},
    }]}
    assert documented["422"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/HTTPValidationError"}


def test_json_syntax_errors_and_good_bodies_are_unchanged() -> None:
    with TestClient(new_app(JSONBodyRoute)) as client:
        assert client.post("/query", json={"query": "café"}).json() == "café"
        utf16 = '{"query": "x"}'.encode("utf-16")  # json.loads detects it
        assert client.post("/query", content=utf16, headers={"Content-Type": "application/json"}).json() == "x"
        broken = client.post("/query", content=b"{", headers={"Content-Type": "application/json"})
        assert client.post("/raw", json=[1, 2]).json() == [1, 2]
    assert broken.status_code == 422
    assert broken.json()["detail"][0]["ctx"] == {"error": "Expecting property name enclosed in double quotes"}


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/octet-stream"])
def test_bytes_without_a_json_content_type_are_a_422_that_fastapi_can_write(content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    with TestClient(new_app(None), raise_server_exceptions=False) as client:
        assert client.post("/query", content=b"\xff\xfe", headers=headers).status_code == 500  # FastAPI alone
    with TestClient(new_app(JSONBodyRoute)) as client:
        response = client.post("/query", content=b"\xff\xfe", headers=headers)
        text = client.post("/query", content=b"plain", headers=headers)
    assert response.status_code == 422
    assert response.json()["detail"] == [{
        "type": "model_attributes_type", "loc": ["body"],
        "msg": "Input should be a valid dictionary or object to extract fields from", "input": "\ufffd\ufffd",
    }]
    assert text.status_code == 422 and text.json()["detail"][0]["input"] == "plain"


def test_other_validation_errors_pass_through() -> None:
    with TestClient(new_app(JSONBodyRoute)) as client:
        response = client.post("/query", json={"query": 3})
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "string_type"
