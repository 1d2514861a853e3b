"""Every forged or wrong token is refused with the right status, header and reason."""

from __future__ import annotations

import hashlib
import hmac
import logging
import time
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from jwt import exceptions as jwt_errors

from docs_auth import errors
from docs_auth.verifier import _raise_for

from .conftest import (
    DISCOVERY,
    ISSUER,
    JWKS_URI,
    Env,
    Key,
    assert_invalid_token,
    b64json,
    b64url,
    claims,
    make_token,
    unsigned,
)


def test_valid_rs256_token_gives_the_user(env: Env, rsa_key: Key) -> None:
    response = env.get("/me", make_token(rsa_key))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["sub"] == "7f1c-user"
    assert body["email"] == "ada@example.org"
    assert body["email_verified"] is True
    assert body["experience_level"] == "advanced"
    assert body["professional_role"] == "researcher"
    assert body["organization"] == "Analytical Engines"
    assert body["role_other"] is None
    assert body["realm_roles"] == ["default-roles-docs", "offline_access"]
    assert body["client_roles"] == {"rag-api": ["reader"], "account": ["view-profile"]}
    assert env.count("accepted") == 1


def test_valid_es256_token(env: Env, ec_key: Key) -> None:
    assert env.get("/me", make_token(ec_key)).status_code == 200


def test_string_audience_is_accepted(env: Env, rsa_key: Key) -> None:
    assert env.get("/me", make_token(rsa_key, claims(aud="rag-api"))).status_code == 200


def test_eddsa_and_pss_follow_the_key_type_when_jwk_has_no_alg(env: Env, rsa_key2: Key, ed_key: Key) -> None:
    env.keycloak.jwks = [rsa_key2.jwk(with_alg=False), ed_key.jwk(with_alg=False)]
    assert env.get("/me", make_token(rsa_key2, alg="PS256")).status_code == 200
    assert env.get("/me", make_token(ed_key)).status_code == 200
    # An RSA key cannot verify an ECDSA alg even without a declared alg.
    assert_invalid_token(env.get("/me", make_token(rsa_key2, alg="RS256", kid="ed-1")), errors.AlgorithmMismatch.description)


def test_alg_must_match_the_jwk_alg(env: Env, rsa_key: Key, ec_key: Key) -> None:
    # Same RSA key, PS256 instead of the JWK's declared RS256.
    assert_invalid_token(env.get("/me", make_token(rsa_key, alg="PS256")), errors.AlgorithmMismatch.description)
    # An RSA-signed token naming the EC key's kid.
    token = make_token(rsa_key, kid=ec_key.kid)
    assert_invalid_token(env.get("/me", token), errors.AlgorithmMismatch.description)
    assert env.count("alg_mismatch") == 2


def test_alg_none_is_refused(env: Env, rsa_key: Key) -> None:
    token = unsigned({"alg": "none", "kid": rsa_key.kid, "typ": "JWT"}, claims(), b"sig")
    assert_invalid_token(env.get("/me", token), errors.BadAlgorithm.description)
    # Even the spec-shaped form with an empty signature never gets through.
    assert env.get("/me", unsigned({"alg": "none", "kid": rsa_key.kid}, claims())).status_code == 401


@pytest.mark.parametrize("alg,digest", [("HS256", hashlib.sha256), ("HS384", hashlib.sha384), ("HS512", hashlib.sha512)])
def test_hmac_signed_with_the_public_key_pem_is_refused(env: Env, rsa_key: Key, alg: str, digest: Any) -> None:
    pem = rsa_key.private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signing_input = f"{b64json({'alg': alg, 'kid': rsa_key.kid, 'typ': 'JWT'})}.{b64json(claims())}"
    signature = hmac.new(pem, signing_input.encode(), digest).digest()
    assert_invalid_token(env.get("/me", f"{signing_input}.{b64url(signature)}"), errors.BadAlgorithm.description)
    assert env.count("bad_alg") == 1


def test_wrong_signature(env: Env, rsa_key: Key, attacker_key: Key) -> None:
    forged = make_token(attacker_key, kid=rsa_key.kid)
    assert_invalid_token(env.get("/me", forged), errors.BadSignature.description)


def test_tampered_payload(env: Env, rsa_key: Key) -> None:
    header, _, signature = make_token(rsa_key).split(".")
    tampered = f"{header}.{b64json(claims(sub='someone-else'))}.{signature}"
    assert_invalid_token(env.get("/me", tampered), errors.BadSignature.description)


def test_unknown_kid_refetches_once_per_interval(env: Env, attacker_key: Key) -> None:
    for i in range(50):
        response = env.get("/me", make_token(attacker_key, kid=f"random-{i}"))
        assert_invalid_token(response, errors.UnknownKey.description)
    # The first request loads the set; the flood inside the interval adds no fetch.
    assert env.keycloak.count(JWKS_URI) == 1
    env.monotonic.advance(10)
    env.get("/me", make_token(attacker_key, kid="random-late"))
    env.get("/me", make_token(attacker_key, kid="random-later"))
    assert env.keycloak.count(JWKS_URI) == 2
    assert env.count("unknown_key") == 52


def test_token_without_kid(env: Env, rsa_key: Key) -> None:
    token = jwt_without_kid(rsa_key)
    assert_invalid_token(env.get("/me", token), errors.UnknownKey.description)


def jwt_without_kid(key: Key) -> str:
    import jwt

    return jwt.encode(claims(), key.private, algorithm="RS256")


@pytest.mark.parametrize(
    "iss", ["http://localhost:8080/realms/master", "http://localhost:8080/realms/docs/", "https://evil.example/realms/docs"]
)
def test_wrong_issuer(env: Env, rsa_key: Key, iss: str) -> None:
    assert_invalid_token(env.get("/me", make_token(rsa_key, claims(iss=iss))), errors.WrongIssuer.description)


def test_missing_issuer(env: Env, rsa_key: Key) -> None:
    payload = claims()
    del payload["iss"]
    assert_invalid_token(env.get("/me", make_token(rsa_key, payload)), errors.WrongIssuer.description)


@pytest.mark.parametrize("aud", ["account", ["account", "other"], "rag-api-2"])
def test_wrong_audience(env: Env, rsa_key: Key, aud: object) -> None:
    assert_invalid_token(env.get("/me", make_token(rsa_key, claims(aud=aud))), errors.WrongAudience.description)


def test_missing_audience(env: Env, rsa_key: Key) -> None:
    payload = claims()
    del payload["aud"]
    assert_invalid_token(env.get("/me", make_token(rsa_key, payload)), errors.WrongAudience.description)


def test_expired(env: Env, rsa_key: Key) -> None:
    now = int(time.time())
    token = make_token(rsa_key, claims(exp=now - 31, iat=now - 400))
    assert_invalid_token(env.get("/me", token), errors.ExpiredToken.description)
    assert env.count("expired") == 1


def test_expired_within_leeway_is_accepted(env: Env, rsa_key: Key) -> None:
    now = int(time.time())
    assert env.get("/me", make_token(rsa_key, claims(exp=now - 10, iat=now - 400))).status_code == 200


def test_leeway_is_configurable(make_env: object, rsa_key: Key) -> None:
    env = make_env(leeway_seconds=0)  # type: ignore[operator]
    now = int(time.time())
    assert_invalid_token(env.get("/me", make_token(rsa_key, claims(exp=now - 5))), errors.ExpiredToken.description)


def test_not_yet_valid(env: Env, rsa_key: Key) -> None:
    now = int(time.time())
    assert_invalid_token(env.get("/me", make_token(rsa_key, claims(nbf=now + 120))), errors.NotYetValid.description)
    assert_invalid_token(env.get("/me", make_token(rsa_key, claims(iat=now + 120))), errors.NotYetValid.description)
    assert env.get("/me", make_token(rsa_key, claims(nbf=now + 10))).status_code == 200


@pytest.mark.parametrize("claim", ["exp", "iat", "sub"])
def test_missing_required_claim(env: Env, rsa_key: Key, claim: str) -> None:
    payload = claims()
    del payload[claim]
    assert_invalid_token(env.get("/me", make_token(rsa_key, payload)), errors.MissingClaim.description)


@pytest.mark.parametrize("typ", ["ID", "Refresh", "Offline", "bearer", None])
def test_only_access_tokens(env: Env, rsa_key: Key, typ: str | None) -> None:
    assert_invalid_token(env.get("/me", make_token(rsa_key, claims(typ=typ))), errors.WrongTokenType.description)


@pytest.mark.parametrize("cnf", [{"jkt": "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"}, {"x5t#S256": "bwcK0esc3ACC3DB2Y5_lESsXE8o9ltc05O89jdN-dg2"}])
def test_a_sender_constrained_token_is_not_a_bearer_token(env: Env, rsa_key: Key, cnf: dict[str, str]) -> None:
    """RFC 9449 §7.2 (and RFC 8705): a token bound to a DPoP key or a certificate, sent as Bearer, is refused."""
    assert_invalid_token(env.get("/me", make_token(rsa_key, claims(cnf=cnf))), errors.SenderConstrainedToken.description)


@pytest.mark.parametrize(
    "extra",
    [
        {"jku": "http://attacker.example/jwks.json"},
        {"x5u": "http://attacker.example/cert.pem"},
        {"x5c": ["MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"]},
        {},  # filled with the attacker's jwk below
    ],
)
def test_header_keys_are_ignored(env: Env, rsa_key: Key, attacker_key: Key, extra: dict[str, Any]) -> None:
    headers: dict[str, Any] = dict(extra) or {"jwk": attacker_key.jwk()}
    # The attacker's own kid: not in the realm's JWKS, so no key at all.
    response = env.get("/me", make_token(attacker_key, **headers))
    assert_invalid_token(response, errors.UnknownKey.description)
    # The realm's kid: the realm key is used and the attacker's signature fails.
    response = env.get("/me", make_token(attacker_key, kid=rsa_key.kid, **headers))
    assert_invalid_token(response, errors.BadSignature.description)
    assert {str(r.url) for r in env.keycloak.requests} == {DISCOVERY, JWKS_URI}


@pytest.mark.parametrize("kid", ["../../etc/passwd", "' OR 1=1 --", "/dev/zero", "file:///etc/passwd", "a" * 5000])
def test_hostile_kid_just_does_not_match(env: Env, rsa_key: Key, kid: str) -> None:
    assert_invalid_token(env.get("/me", make_token(rsa_key, kid=kid)), errors.UnknownKey.description)
    assert {str(r.url) for r in env.keycloak.requests} == {DISCOVERY, JWKS_URI}


@pytest.mark.parametrize(
    "kid,error",
    [(123, errors.MalformedToken), ({"a": 1}, errors.MalformedToken), (["rsa-1"], errors.MalformedToken), ("", errors.UnknownKey)],
)
def test_non_string_or_empty_kid(env: Env, kid: object, error: type[errors.TokenError]) -> None:
    header = {"alg": "RS256", "kid": kid}
    assert_invalid_token(env.get("/me", unsigned(header, claims(), b"sig")), error.description)


def test_ecdsa_zero_signature(env: Env, ec_key: Key) -> None:
    # r = s = 0 ("psychic signatures", CVE-2022-21449) must never verify.
    token = unsigned({"alg": "ES256", "kid": ec_key.kid}, claims(), b"\x00" * 64)
    assert_invalid_token(env.get("/me", token), errors.BadSignature.description)


def test_crit_header_is_refused(env: Env, rsa_key: Key) -> None:
    token = make_token(rsa_key, crit=["exp"])
    assert_invalid_token(env.get("/me", token), errors.MalformedToken.description)


@pytest.mark.parametrize(
    "token",
    [
        "abc",
        "a.b",
        "a.b.c.d.e",  # JWE-shaped
        "a.b.",  # empty signature
        "eyJhbGciOiJSUzI1NiJ9.e30=.c2ln",  # base64 padding
        "eyJ@bGciOiJSUzI1NiJ9.e30.c2ln",  # not base64url
        "eyJhbGciOiJSUzI1NiJ9.e30.c2ln\u00e9",
        b64url(b"{not json") + ".e30.c2ln",
        b64url(b"[1,2]") + ".e30.c2ln",
        b64url(b"\xff\xfe") + ".e30.c2ln",
        "Zm9v.Zm9v.Zm9v",  # header decodes to "foo"
        "a.b.c",  # header decodes to garbage
    ],
)
def test_malformed_tokens(env: Env, token: str) -> None:
    response = env.client.get("/me", headers={"Authorization": f"Bearer {token}".encode("utf-8")})
    assert_invalid_token(response, errors.MalformedToken.description)


def test_payload_that_is_not_json_even_with_a_good_signature(env: Env, rsa_key: Key) -> None:
    import jwt

    token = jwt.api_jws.encode(b"{not json", rsa_key.private, algorithm="RS256", headers={"kid": rsa_key.kid})
    assert_invalid_token(env.get("/me", token), errors.MalformedToken.description)


def test_non_numeric_exp(env: Env, rsa_key: Key) -> None:
    assert_invalid_token(env.get("/me", make_token(rsa_key, claims(exp="tomorrow"))), errors.MalformedToken.description)


def test_oversized_token_is_refused_before_parsing(env: Env, rsa_key: Key) -> None:
    token = make_token(rsa_key, claims(padding="x" * 17_000))
    assert len(token) > 16 * 1024
    assert_invalid_token(env.get("/me", token), errors.TokenTooLarge.description)
    assert env.keycloak.requests == []  # refused before any key lookup
    assert env.count("too_large") == 1


def test_token_in_query_string_is_refused(env: Env, rsa_key: Key) -> None:
    token = make_token(rsa_key)
    for response in (
        env.client.get("/me", params={"access_token": token}),
        env.get("/me", token, params={"access_token": token}),
        env.client.get("/maybe", params={"access_token": token}),
    ):
        assert response.status_code == 400
        assert response.headers["www-authenticate"] == (
            'Bearer realm="docs", error="invalid_request", '
            'error_description="Send the access token in the Authorization header"'
        )
    assert env.count("token_in_query") == 3


def test_percent_encoded_query_token_is_refused_and_other_parameters_pass(env: Env, rsa_key: Key) -> None:
    token = make_token(rsa_key)
    assert env.client.get(f"/me?access%5Ftoken={token}").status_code == 400
    assert env.get("/me", token, params={"q": "access_token"}).status_code == 200
    assert env.count("token_in_query") == 1


def test_missing_authorization(env: Env) -> None:
    response = env.client.get("/me")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="docs"'
    assert env.count("missing_token") == 1


@pytest.mark.parametrize("value", ["Basic YWxhZGRpbjpvcGVuc2VzYW1l", "Token abc", "Bearer", "Bearer    ", "bearerabc"])
def test_wrong_scheme_is_no_token(env: Env, value: str) -> None:
    response = env.client.get("/me", headers={"Authorization": value})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer realm="docs"'
    assert env.client.get("/maybe", headers={"Authorization": value}).json() == {"sub": None}


def test_scheme_is_case_insensitive(env: Env, rsa_key: Key) -> None:
    response = env.client.get("/me", headers={"Authorization": f"bearer {make_token(rsa_key)}"})
    assert response.status_code == 200


def test_optional_user(env: Env, rsa_key: Key, attacker_key: Key) -> None:
    assert env.client.get("/maybe").json() == {"sub": None}
    assert env.get("/maybe", make_token(rsa_key)).json() == {"sub": "7f1c-user"}
    # A token that is given but bad is refused, not silently anonymous.
    assert_invalid_token(env.get("/maybe", make_token(attacker_key, kid=rsa_key.kid)), errors.BadSignature.description)


def test_refusals_are_logged_without_the_token(env: Env, rsa_key: Key, caplog: pytest.LogCaptureFixture) -> None:
    now = int(time.time())
    token = make_token(rsa_key, claims(exp=now - 100, iat=now - 400))
    with caplog.at_level(logging.INFO, logger="docs_auth"):
        env.get("/me", token)
    refusals = [r.getMessage() for r in caplog.records if "token refused" in r.getMessage()]
    assert refusals == ["token refused: reason=expired kid='rsa-1' sub=None detail=ExpiredSignatureError"]
    assert all(token not in r.getMessage() and token.split(".")[1] not in r.getMessage() for r in caplog.records)


def test_post_signature_refusal_logs_sub(env: Env, rsa_key: Key, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="docs_auth"):
        env.get("/me", make_token(rsa_key, claims(typ="ID")))
    assert any("reason=wrong_type kid='rsa-1' sub='7f1c-user'" in r.getMessage() for r in caplog.records)


def test_issuer_constant_matches_contract() -> None:
    assert ISSUER == "http://localhost:8080/realms/docs"


@pytest.mark.parametrize(
    "raised,expected",
    [
        (jwt_errors.InvalidSignatureError(), errors.BadSignature),
        (jwt_errors.ExpiredSignatureError(), errors.ExpiredToken),
        (jwt_errors.ImmatureSignatureError(), errors.NotYetValid),
        (jwt_errors.InvalidAudienceError(), errors.WrongAudience),
        (jwt_errors.InvalidIssuerError(), errors.WrongIssuer),
        (jwt_errors.InvalidAlgorithmError(), errors.BadAlgorithm),
        (jwt_errors.MissingRequiredClaimError("aud"), errors.WrongAudience),
        (jwt_errors.MissingRequiredClaimError("iss"), errors.WrongIssuer),
        (jwt_errors.MissingRequiredClaimError("exp"), errors.MissingClaim),
        (jwt_errors.InvalidIssuedAtError(), errors.MalformedToken),
        (jwt_errors.DecodeError("secret detail"), errors.MalformedToken),
        (jwt_errors.InvalidKeyError(), errors.MalformedToken),
    ],
)
def test_pyjwt_errors_map_to_reasons_without_their_text(raised: Exception, expected: type[errors.TokenError]) -> None:
    with pytest.raises(expected) as caught:
        _raise_for(raised)  # type: ignore[arg-type]
    assert type(caught.value) is expected
    assert caught.value.args == (type(raised).__name__,) or caught.value.args[0].startswith("missing ")
    assert "secret detail" not in str(caught.value)
