"""``scheme.document(app)``: every operation that requires the scheme shows the refusals it can get, with their body.

Each app here is new, built the way a user of the package builds one: routes with ``Depends(scheme)``,
``require_roles``, an optional scheme, an included router, and ``authenticate`` with ``openapi_extra``.
"""

# No `from __future__ import annotations`: FastAPI must evaluate the endpoints' annotations, which name locals.
import copy
from collections.abc import Callable
from typing import Annotated, Any

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.testclient import TestClient
from prometheus_client import CollectorRegistry

from docs_auth import AuthSettings, BearerError, EmailNotVerified, KeycloakBearer, TokenValidator, User, require_roles

from .conftest import Env, FakeKeycloak, Key, make_token

REF = {"$ref": "#/components/schemas/BearerError"}


def new_app(validator: TokenValidator) -> tuple[FastAPI, KeycloakBearer]:
    current_user = KeycloakBearer(validator)
    optional_user = KeycloakBearer(validator, auto_error=False)
    app = FastAPI()

    @app.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/me")
    async def me(user: Annotated[User, Depends(current_user)]) -> str:
        return user.sub

    @app.get("/hello")
    async def hello(user: Annotated[User | None, Depends(optional_user)]) -> str:
        return user.sub if user else "guest"

    @app.delete("/index")
    async def reindex(
        user: Annotated[User, Depends(require_roles(current_user, "admin", client_roles={"rag-api": ["reader"]}))],
    ) -> None: ...

    @app.get("/hot", openapi_extra=current_user.openapi_extra())
    async def hot(request: Request) -> str:
        return (await current_user.authenticate(request)).sub

    router = APIRouter(dependencies=[Depends(current_user)])

    @router.get("/notes")
    async def notes() -> list[str]:
        return []

    app.include_router(router, prefix="/v1")
    return app, current_user


@pytest.fixture
def validator(registry: CollectorRegistry) -> TokenValidator:
    return TokenValidator(AuthSettings(), registry=registry)


@pytest.fixture
def documented(validator: TokenValidator) -> dict[str, Any]:
    app, current_user = new_app(validator)
    current_user.document(app)
    return app.openapi()


def responses(schema: dict[str, Any], path: str, method: str = "get") -> dict[str, Any]:
    result: dict[str, Any] = schema["paths"][path][method]["responses"]
    return result


@pytest.mark.parametrize("path, method", [
    ("/me", "get"), ("/hello", "get"), ("/index", "delete"), ("/hot", "get"), ("/v1/notes", "get"),
])
def test_every_operation_that_requires_the_scheme_documents_400_401_and_503(
        documented: dict[str, Any], path: str, method: str) -> None:
    documented_responses = responses(documented, path, method)

    for status in ("400", "401", "503"):
        assert documented_responses[status]["content"]["application/json"]["schema"] == REF, status
    challenge = documented_responses["401"]["headers"]["WWW-Authenticate"]
    assert challenge["required"] is True and challenge["schema"]["type"] == "string"
    assert documented_responses["503"]["headers"]["Retry-After"]["required"] is True
    assert "200" in documented_responses or "204" in documented_responses  # FastAPI's own response is kept


def test_403_only_where_roles_are_required(documented: dict[str, Any]) -> None:
    assert documented["paths"]["/index"]["delete"]["security"] == [{"KeycloakBearer": ["admin", "rag-api:reader"]}]
    forbidden = responses(documented, "/index", "delete")["403"]
    assert forbidden["content"]["application/json"]["schema"] == REF
    assert forbidden["headers"]["WWW-Authenticate"]["required"] is True
    for path in ("/me", "/hello", "/hot", "/v1/notes"):
        assert "403" not in responses(documented, path)


def test_operations_without_the_scheme_are_left_alone(documented: dict[str, Any]) -> None:
    assert set(responses(documented, "/health")) == {"200"}


def test_the_error_body_schema_is_a_component(documented: dict[str, Any]) -> None:
    schemas = documented["components"]["schemas"]
    assert schemas["BearerError"]["required"] == ["detail"]
    assert schemas["BearerError"]["properties"]["detail"] == {"$ref": "#/components/schemas/BearerErrorDetail"}
    detail = schemas["BearerErrorDetail"]
    assert detail["required"] == ["error", "error_description"]
    assert set(detail["properties"]["error"]["enum"]) == {
        "missing_token", "invalid_request", "invalid_token", "insufficient_scope", "temporarily_unavailable"}
    examples = responses(documented, "/me")["401"]["content"]["application/json"]["examples"]
    for example in examples.values():
        BearerError.model_validate(example["value"])


def test_authenticate_route_gets_the_requirement_and_the_scheme(validator: TokenValidator) -> None:
    scheme = KeycloakBearer(validator, scheme_name="Keycloak")
    app = FastAPI()

    @app.get("/hot", openapi_extra=scheme.openapi_extra("admin"))
    async def hot(request: Request) -> str:
        return (await scheme.authenticate(request)).sub

    scheme.document(app)
    schema = app.openapi()

    assert schema["paths"]["/hot"]["get"]["security"] == [{"Keycloak": ["admin"]}]
    assert set(responses(schema, "/hot")) == {"200", "400", "401", "403", "503"}
    # No route has Depends(scheme), so FastAPI did not declare it: document() does.
    assert schema["components"]["securitySchemes"]["Keycloak"]["scheme"] == "bearer"


def test_without_document_fastapi_shows_no_refusal(validator: TokenValidator) -> None:
    app, _ = new_app(validator)
    schema = app.openapi()
    assert set(responses(schema, "/me")) == {"200"}
    assert "BearerError" not in schema["components"].get("schemas", {})


def test_responses_the_app_declared_are_kept_and_a_second_call_changes_nothing(validator: TokenValidator) -> None:
    current_user = KeycloakBearer(validator)
    app = FastAPI()

    @app.get("/me", responses={401: {"description": "Sign in first"}})
    async def me(user: Annotated[User, Depends(current_user)]) -> str:
        return user.sub

    current_user.document(app)
    current_user.document(app)
    first = app.openapi()
    snapshot = copy.deepcopy(first)
    assert app.openapi() == snapshot
    assert responses(first, "/me")["401"] == {"description": "Sign in first"}
    assert set(responses(first, "/me")) == {"200", "400", "401", "503"}


def test_another_scheme_name_is_not_ours(validator: TokenValidator) -> None:
    ours = KeycloakBearer(validator, scheme_name="Ours")
    theirs = KeycloakBearer(validator, scheme_name="Theirs")
    app = FastAPI()

    @app.get("/theirs")
    async def other(user: Annotated[User, Depends(theirs)]) -> str:
        return user.sub

    ours.document(app)
    schema = app.openapi()
    assert set(responses(schema, "/theirs")) == {"200"}
    assert "Ours" not in schema["components"]["securitySchemes"]
    assert "BearerError" not in schema["components"].get("schemas", {})


def test_every_refusal_the_app_sends_matches_what_is_documented(
        make_env: Callable[..., Env], keycloak: FakeKeycloak, rsa_key: Key, attacker_key: Key) -> None:
    env = make_env()
    KeycloakBearer(env.validator).document(env.app)
    schema = env.app.openapi()
    keycloak.up = False  # no key cached yet and Keycloak unreachable: 503
    answers: list[tuple[str, httpx.Response]] = [("/me", env.get("/me", make_token(rsa_key)))]
    keycloak.up = True
    env.monotonic.advance(60)  # past the minimum interval between two fetches
    answers += [
        ("/me", env.get("/me")),
        ("/me", env.get("/me", make_token(attacker_key, kid=rsa_key.kid))),
        ("/me", env.client.get("/me", params={"access_token": "x"})),
        ("/admin", env.get("/admin", make_token(rsa_key))),
    ]

    assert sorted(r.status_code for _, r in answers) == [400, 401, 401, 403, 503]
    for path, answer in answers:
        documented = responses(schema, path)[str(answer.status_code)]
        BearerError.model_validate(answer.json())
        for header in documented["headers"]:
            assert header.lower() in answer.headers, (answer.status_code, header)


def test_testclient_serves_the_documented_schema(validator: TokenValidator) -> None:
    app, current_user = new_app(validator)
    current_user.document(app)
    with TestClient(app) as client:
        served = client.get("/openapi.json").json()
    assert set(served["paths"]["/me"]["get"]["responses"]) == {"200", "400", "401", "503"}


def test_an_app_s_own_additions_to_a_path_item_are_left_alone(validator: TokenValidator) -> None:
    app, current_user = new_app(validator)
    generate = app.openapi

    def openapi() -> dict[str, Any]:  # an app's own extension of the document, as FastAPI's docs show
        schema = generate()
        schema["paths"]["/me"]["summary"] = "Who is signed in"
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
    current_user.document(app)
    schema = app.openapi()
    assert schema["paths"]["/me"]["summary"] == "Who is signed in"
    assert "401" in responses(schema, "/me")


@pytest.mark.parametrize("verified_email", [False, True], ids=["roles", "roles-and-verified-email"])
def test_the_403_names_each_reason_with_its_example(registry: CollectorRegistry, verified_email: bool) -> None:
    # What a reader of the document sees: the reasons in words, one example body per reason.
    app, current_user = new_app(TokenValidator(AuthSettings(require_verified_email=verified_email),
                                               registry=registry))
    current_user.document(app)
    forbidden = responses(app.openapi(), "/index", "delete")["403"]
    reasons = "lacks a role this operation requires"
    examples = {"insufficient_scope": {"detail": {"error": "insufficient_scope",
                                                  "error_description": "A required role is missing"}}}
    if verified_email:
        reasons += " or the reader's e-mail address is not verified"
        examples["email_unverified"] = {"detail": {"error": "insufficient_scope",
                                                   "error_description": EmailNotVerified.description}}
    assert forbidden["description"] == f"The token is valid but {reasons} (RFC 6750 insufficient_scope)"
    documented = forbidden["content"]["application/json"]["examples"]
    assert {name: example["value"] for name, example in documented.items()} == examples
    challenge = forbidden["headers"]["WWW-Authenticate"]["description"]
    assert challenge == 'RFC 6750 challenge: Bearer realm="docs", then error and error_description'
