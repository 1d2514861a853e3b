"""The pure parts of the Keycloak benchmark: the grant bodies, the stock realm, the seeded accounts (the
percentiles are the test toolkit's: testing/tests/test_stats.py).

Run: build/py/bin/python -m pytest bench/keycloak/tests -q
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs

import pytest
import stack

# The bench's own modules: bench/keycloak/conftest.py makes pytest put that folder on sys.path.
from client import PASSWORD, PASSWORD_GRANT_CLIENT, password_grant, refresh_grant
from cpu import Usage, cpu_split
from realms import (OUR_FLOW_KEYS, SESSION_USERS, measurable, next_account, partial_import, seeded_user, stock_realm,
                    user_profile)


def test_grant_bodies_are_form_encoded_for_wrk():
    body = password_grant("bench-00001@example.org")
    assert " " not in body and "@" not in body  # one line of the wrk body file, sent as is
    assert parse_qs(body) == {"grant_type": ["password"], "client_id": [PASSWORD_GRANT_CLIENT],
                              "username": ["bench-00001@example.org"], "password": [PASSWORD]}
    assert parse_qs(refresh_grant("a.b+c/="))["refresh_token"] == ["a.b+c/="]


def test_cpu_split_gives_each_process_its_share_per_operation_and_the_rest_to_the_others():
    before = Usage(kc_s=10.0, pg_s=2.0, idle_s=1.0, busy_jiffies=1000, total_jiffies=4000, gc_s=0.5)
    # 2 s on 2 cores: the machine was 75% busy (3 core-seconds); Keycloak 1.2 s, PostgreSQL 0.4 s, the idle server
    # 0.1 s, the load generator 0.5 s: 0.8 core-seconds were someone else's.
    after = Usage(kc_s=11.2, pg_s=2.4, idle_s=1.1, busy_jiffies=1300, total_jiffies=4400, gc_s=0.56)
    split = cpu_split(before, after, count=400, wall_s=2.0, client_cpu_s=0.5, cores=2)
    assert split == pytest.approx({"kc_cpu_ms_per_op": 3.0, "pg_cpu_ms_per_op": 1.0, "kc_cores": 0.6,
                                   "pg_cores": 0.2, "client_cores": 0.25, "gc_share_of_kc_cpu": 0.05,
                                   "others_cores": 0.4})


def test_cpu_split_of_no_operation_and_an_idle_machine_divides_by_nothing():
    still = Usage(1.0, 1.0, 1.0, 100, 100, 0.0)
    split = cpu_split(still, still, count=0, wall_s=1.0, client_cpu_s=0.2, cores=2)
    assert split["kc_cpu_ms_per_op"] == 0 and split["gc_share_of_kc_cpu"] == 0
    assert split["others_cores"] == 0.0  # never below zero, though the client's CPU is not in the machine's


def test_sign_ins_cycle_through_the_accounts_after_the_held_sessions():
    total = SESSION_USERS + 3
    index, seen = SESSION_USERS, []
    for _ in range(7):
        seen.append(index)
        index = next_account(index, total)
    assert seen == [SESSION_USERS, SESSION_USERS + 1, SESSION_USERS + 2] * 2 + [SESSION_USERS]


def test_stock_realm_has_the_same_attributes_without_our_providers():
    ours = stack.realm_import()
    stock = stock_realm(ours)
    assert stock["loginTheme"] == "keycloak.v2"
    # Ours has our listeners alone (Keycloak's jboss-logging logs typed usernames: deploy/README.md, "Security").
    assert stock["eventsListeners"] == []
    text = json.dumps(stock)
    assert "required-when" not in text and "docs-audit" not in text and "docs-email-change-notice" not in text
    assert "proof-of-work" not in text and "proof-of-work" in json.dumps(ours)
    assert "password-strength" in ours["passwordPolicy"] and "password-strength" not in text
    assert stock["passwordPolicy"] == "length(8) and maxLength(128) and notEmail"
    ours_profile, stock_profile = user_profile(ours), user_profile(stock)
    assert [a["name"] for a in stock_profile["attributes"]] == [a["name"] for a in ours_profile["attributes"]]
    role_other = {a["name"]: a for a in stock_profile["attributes"]}["roleOther"]
    assert role_other["validations"] == {"length": {"min": 1, "max": 100}}
    # everything else is as ours, and ours is left untouched
    ours_only = ("loginTheme", "eventsListeners", "components", "passwordPolicy", *OUR_FLOW_KEYS)
    assert {k: v for k, v in stock.items() if k not in ours_only} == {k: v for k, v in ours.items() if k not in ours_only}
    assert "required-when" in json.dumps(ours) and ours["loginTheme"] == "docs"


def test_seeded_users_share_the_credential_and_a_third_are_advanced():
    users = [seeded_user(i, "{\"value\":\"h\"}", "{\"algorithm\":\"argon2\"}") for i in range(9)]
    assert {u["email"] for u in users} == {f"bench-{i:05d}@example.org" for i in range(9)}
    assert sum(u["attributes"]["experienceLevel"] == ["advanced"] for u in users) == 3
    assert all(u["credentials"][0]["secretData"] == "{\"value\":\"h\"}" for u in users)
    assert partial_import(users)["ifResourceExists"] == "SKIP"


def test_the_bench_serves_the_realm_without_its_client_policies_and_rotation_and_nothing_else_changes():
    ours = stack.realm_import()
    assert ours["clientPolicies"]["policies"], "the realm refuses password grants by a client policy"
    served = measurable(ours)
    assert "clientPolicies" not in served
    assert served["revokeRefreshToken"] is False and ours["revokeRefreshToken"] is True
    assert served["verifyEmail"] is False and ours["verifyEmail"] == "${REQUIRE_EMAIL_VERIFICATION:true}"
    changed = ("clientPolicies", "revokeRefreshToken", "verifyEmail")
    assert {k: v for k, v in ours.items() if k not in changed} == {k: v for k, v in served.items() if k not in changed}
    assert "clientPolicies" in ours  # the launcher's realm is left as it is
