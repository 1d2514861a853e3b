"""The two realms of the benchmark and the seeded accounts: pure functions, no I/O.

`stock_realm` derives stock Keycloak's realm from ours (scripts/stack.py's `realm_import()`): the same clients,
scopes and user profile attributes, but nothing of our jar: no `required-when` validator, Keycloak's own login
theme (keycloak.v2), none of our event listeners (`docs-audit`, `docs-email-change-notice`, `docs-signals`), none of
our password policies (`password-strength`) and Keycloak's default authentication flows (ours carry the proof
of work, `proof-of-work`).
"""

from __future__ import annotations

import copy
import json

PROFILE_PROVIDER = "org.keycloak.userprofile.UserProfileProvider"
PROFILE_KEY = "kc.user.profile.config"
OUR_VALIDATORS = ("required-when",)
OUR_LISTENERS = ("docs-audit", "docs-email-change-notice", "docs-signals")
OUR_PASSWORD_POLICIES = ("password-strength",)
STOCK_LOGIN_THEME = "keycloak.v2"
# Our flows and their bindings: without them the import makes Keycloak's defaults.
OUR_FLOW_KEYS = ("authenticationFlows", "authenticatorConfig", "browserFlow", "registrationFlow", "directGrantFlow")

SESSION_USERS = 100  # the first accounts: the held sessions and the warm-ups sign them in (the user cache stays put)
PASSWORD_GRANT_USERS = 200  # the accounts after them: the password grants cycle through these

LEVELS = ("beginner", "intermediate", "advanced")
ROLES = ("student", "software-engineer", "hardware-engineer", "researcher", "educator", "hobbyist")


def measurable(realm: dict) -> dict:
    """The realm as the bench serves it: as imported, less the client policies (deploy/README.md, "Security"),
    refresh-token rotation and e-mail verification. The bench drives password sign-ins at the token endpoint through
    a password-grant client of its own, to measure what a password check costs (readers never can); wrk sends the
    same refresh tokens again and again, without DPoP proofs, which rotation and the DPoP policy refuse after the
    first; and it measures the sign-up form's own work: one POST that creates a reader with a password, as with
    verification off (with it on, the password comes after a mailed link)."""
    realm = copy.deepcopy(realm)
    realm.pop("clientPolicies", None)
    realm["revokeRefreshToken"] = False
    realm["verifyEmail"] = False
    return realm


def stock_realm(ours: dict) -> dict:
    realm = copy.deepcopy(ours)
    realm["loginTheme"] = STOCK_LOGIN_THEME
    for key in OUR_FLOW_KEYS:
        realm.pop(key, None)
    realm["eventsListeners"] = [name for name in realm.get("eventsListeners", []) if name not in OUR_LISTENERS]
    policies = [p for p in realm.get("passwordPolicy", "").split(" and ") if p and p.split("(")[0] not in OUR_PASSWORD_POLICIES]
    realm["passwordPolicy"] = " and ".join(policies)
    for component in realm.get("components", {}).get(PROFILE_PROVIDER, []):
        values = component["config"][PROFILE_KEY]
        profile = json.loads(values[0])
        for attribute in profile.get("attributes", []):
            for validator in OUR_VALIDATORS:
                attribute.get("validations", {}).pop(validator, None)
        values[0] = json.dumps(profile)
    return realm


def user_profile(realm: dict) -> dict:
    return json.loads(realm["components"][PROFILE_PROVIDER][0]["config"][PROFILE_KEY][0])


def seeded_email(i: int) -> str:
    return f"bench-{i:05d}@example.org"


def seeded_user(i: int, secret_data: str, credential_data: str) -> dict:
    """An account with a background and a password credential sharing one pre-computed Argon2 hash: importing
    it costs no hashing. One in three is `advanced` (what the admin search looks for)."""
    return {
        "username": seeded_email(i), "email": seeded_email(i), "enabled": True, "emailVerified": True,
        "firstName": "Bench", "lastName": f"Reader {i}",
        "attributes": {"experienceLevel": [LEVELS[i % len(LEVELS)]], "professionalRole": [ROLES[i % len(ROLES)]]},
        "credentials": [{"type": "password", "secretData": secret_data, "credentialData": credential_data}],
    }


def next_account(index: int, total: int) -> int:
    """The seeded account that signs in after account `index`: sign-ins cycle through SESSION_USERS..total-1, so
    that they never open a session for the accounts whose sessions are held."""
    return SESSION_USERS + (index + 1 - SESSION_USERS) % (total - SESSION_USERS)


def partial_import(users: list[dict]) -> dict:
    return {"ifResourceExists": "SKIP", "users": users}
