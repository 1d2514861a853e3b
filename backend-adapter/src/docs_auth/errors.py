"""Why a token was refused: one class per reason, each with a stable code.

The tree is one level deep, like PyJWT's: catch ``TokenError`` for all of them.
``reason`` feeds logs and metrics; ``description`` is the fixed text sent to the
client (never the text of the underlying exception).
"""

from __future__ import annotations

from typing import ClassVar


class TokenError(Exception):
    reason: ClassVar[str] = "invalid"
    description: ClassVar[str] = "The access token is invalid"
    status_code: ClassVar[int] = 401
    error: ClassVar[str] = "invalid_token"  # RFC 6750 error code
    # Filled in by the validator for the log line when known; never sent to the client.
    kid: object = None
    sub: object = None


class MalformedToken(TokenError):
    reason = "malformed"
    description = "The access token is malformed"


class TokenTooLarge(TokenError):
    reason = "too_large"
    description = "The access token is too large"


class BadAlgorithm(TokenError):
    reason = "bad_alg"
    description = "The token signing algorithm is not accepted"


class AlgorithmMismatch(TokenError):
    reason = "alg_mismatch"
    description = "The token algorithm does not match its key"


class UnknownKey(TokenError):
    reason = "unknown_key"
    description = "The token was signed by an unknown key"


class BadSignature(TokenError):
    reason = "bad_signature"
    description = "The token signature is invalid"


class ExpiredToken(TokenError):
    reason = "expired"
    description = "The access token expired"


class NotYetValid(TokenError):
    reason = "not_yet_valid"
    description = "The access token is not valid yet"


class WrongIssuer(TokenError):
    reason = "wrong_issuer"
    description = "The token comes from another issuer"


class WrongAudience(TokenError):
    reason = "wrong_audience"
    description = "The token is not meant for this API"


class MissingClaim(TokenError):
    reason = "missing_claim"
    description = "The token lacks a required claim"


class WrongTokenType(TokenError):
    reason = "wrong_type"
    description = "The token is not an access token"


class SenderConstrainedToken(TokenError):
    """A token bound to a key (``cnf``: DPoP, RFC 9449, or a TLS certificate, RFC 8705) sent as a bearer token:
    only its key's holder may use it, and this API checks no proof of possession (RFC 9449 §7.2)."""

    reason = "sender_constrained"
    description = "The access token is bound to a key and cannot be used as a bearer token"


class UnauthorizedParty(TokenError):
    reason = "wrong_azp"
    description = "The token was issued to a client not allowed here"


class InactiveToken(TokenError):
    reason = "inactive"
    description = "The access token is no longer active"


class RevokedToken(TokenError):
    """A valid token that a security event ended before it expired (``revocation.RevocationList``): its session
    was revoked, or its reader signed out everywhere, changed a credential, a background claim or consent, was
    disabled or deleted after it was issued (RFC 8417 SETs, pushed by RFC 8935). ``invalid_token``: the client
    renews, which fails when the session is gone and gives the new claims when only they changed."""

    reason = "revoked"
    description = "The access token has been revoked"


class EmailNotVerified(TokenError):
    """A valid token whose reader has not verified their e-mail address (``email_verified`` is not ``true``),
    refused only when the API requires it (``AuthSettings.require_verified_email``).

    RFC 6750 §3.1 ``insufficient_scope`` (403): the token is valid but does not grant what the API asks for.
    ``invalid_token`` (401) would make a client renew the token and try again, in vain; RFC 9470's
    ``insufficient_user_authentication`` asks for a stronger sign-in, which verifies no address.
    """

    reason = "email_unverified"
    description = "The reader's e-mail address is not verified"
    status_code = 403
    error = "insufficient_scope"


class KeySetUnavailable(TokenError):
    """No signing key is cached and Keycloak cannot be reached: our fault, not the client's."""

    reason = "keyset_unavailable"
    description = "The identity provider's signing keys cannot be fetched"
    status_code = 503
    error = "temporarily_unavailable"


class IntrospectionUnavailable(TokenError):
    """Strict mode could not ask Keycloak; we fail closed but say it is temporary."""

    reason = "introspection_unavailable"
    description = "The identity provider cannot confirm the token"
    status_code = 503
    error = "temporarily_unavailable"


TOKEN_ERRORS: tuple[type[TokenError], ...] = (
    MalformedToken,
    TokenTooLarge,
    BadAlgorithm,
    AlgorithmMismatch,
    UnknownKey,
    BadSignature,
    ExpiredToken,
    NotYetValid,
    WrongIssuer,
    WrongAudience,
    MissingClaim,
    WrongTokenType,
    SenderConstrainedToken,
    UnauthorizedParty,
    InactiveToken,
    RevokedToken,
    EmailNotVerified,
    KeySetUnavailable,
    IntrospectionUnavailable,
)
