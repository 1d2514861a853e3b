"""Two Keycloak nodes on one PostgreSQL form one cluster and lose nothing when a node or the database goes.

The tests run in file order, as one story: B joins A; a reader signed in on A refreshes on B; A is killed
while readers sign up through the proxy; A comes back; PostgreSQL restarts under both nodes.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable

import pytest
from docs_testkit.keycloak_reader import Reader, Tokens

from .conftest import admin_client, mail_catcher, reader_via_proxy
from .deployment import PUBLIC_URL, Deployment, Node

STATE: dict[str, object] = {}


def wait_for(what: str, check: Callable[[], bool], timeout: float = 180) -> float:
    t0 = time.monotonic()
    while not check():
        if time.monotonic() - t0 > timeout:
            pytest.fail(f"{what}: not within {timeout:.0f} s")
        time.sleep(0.5)
    return time.monotonic() - t0


def views_since(node: Node, start: int) -> list[int]:
    return node.cluster_views()[start:]


def test_node_b_joins_node_a_and_both_see_two_members(deployment: Deployment, figures: dict[str, object]) -> None:
    a, b = deployment.nodes
    b.keycloak.start(wait=False)

    formed = wait_for("a view of two members on both nodes",
                      lambda: 2 in a.cluster_views() and 2 in b.cluster_views(), timeout=240)
    b.keycloak.wait_ready()
    figures["cluster_formed_after_b_started_s"] = round(formed, 1)
    assert a.cluster_views()[-1] == 2 and b.cluster_views()[-1] == 2


def test_a_reader_signed_in_through_node_a_refreshes_through_node_b(deployment: Deployment) -> None:
    a, b = deployment.nodes
    reader = Reader(PUBLIC_URL, node_url=a.url, mail=mail_catcher(deployment))
    tokens = reader.sign_up(experienceLevel="intermediate", professionalRole="educator")

    reader.node_url = b.url
    refreshed = reader.refresh(tokens)

    assert refreshed.access_token != tokens.access_token
    STATE["reader"], STATE["tokens"] = reader, refreshed


def test_node_a_killed_loses_no_account_and_no_session(deployment: Deployment, figures: dict[str, object]) -> None:
    a, b = deployment.nodes
    attempts: list[tuple[str, bool, str]] = []  # email, succeeded, error
    stop = threading.Event()

    def sign_ups() -> None:
        while not stop.is_set():
            reader = reader_via_proxy(deployment, source="127.0.0.9")
            try:
                reader.sign_up(experienceLevel="advanced", professionalRole="other", roleOther="SRE",
                               organization="Ops")
                attempts.append((reader.email, True, ""))
            except Exception as exc:  # noqa: BLE001 - a failure is an outcome here, checked below
                attempts.append((reader.email, False, (str(exc).splitlines() or [type(exc).__name__])[0][:120]))
            finally:
                reader.close()
            time.sleep(0.2)

    worker = threading.Thread(target=sign_ups)
    worker.start()
    try:
        wait_for("three sign-ups before the kill", lambda: len(attempts) >= 3, timeout=120)
        a.keycloak.stop(signal.SIGKILL)
        killed_at = len(attempts)
        wait_for("eight sign-up attempts after the kill", lambda: len(attempts) >= killed_at + 8, timeout=180)
    finally:
        stop.set()
        worker.join(timeout=120)

    lost, half_written = [], []
    with admin_client(b.url) as admin:
        for email, succeeded, _ in attempts:
            users = admin.get("/users", params={"email": email, "exact": "true"}).json()
            if succeeded and not users:
                lost.append(email)
            if users:
                attrs = users[0].get("attributes", {})
                if attrs.get("experienceLevel") != ["advanced"] or attrs.get("roleOther") != ["SRE"]:
                    half_written.append(email)
    figures["sign_ups_during_kill"] = {
        "attempted": len(attempts), "succeeded": sum(1 for _, ok, _ in attempts if ok),
        "failed_cleanly": sum(1 for _, ok, _ in attempts if not ok), "lost": len(lost),
        "half_written": len(half_written), "attempted_after_kill": len(attempts) - killed_at,
        "errors": sorted({error for _, ok, error in attempts if not ok})}
    assert not lost and not half_written
    assert sum(1 for _, ok, _ in attempts[killed_at + 2:] if ok) > 0, "no sign-up succeeded on node B"

    reader, tokens = STATE["reader"], STATE["tokens"]
    assert isinstance(reader, Reader) and isinstance(tokens, Tokens)
    reader.node_url = b.url
    STATE["tokens"] = reader.refresh(tokens)  # the session outlived node A


def test_node_a_rejoins_when_restarted(deployment: Deployment, figures: dict[str, object]) -> None:
    a, b = deployment.nodes
    a_seen, b_seen = len(a.cluster_views()), len(b.cluster_views())
    t0 = time.monotonic()
    a.keycloak.start()
    figures["node_a_restarted_ready_s"] = round(time.monotonic() - t0, 1)

    wait_for("node A back in a view of two", lambda: 2 in views_since(a, a_seen) and 2 in views_since(b, b_seen),
             timeout=60)
    figures["node_a_rejoined_view_s"] = round(time.monotonic() - t0, 1)
    reader, tokens = STATE["reader"], STATE["tokens"]
    assert isinstance(reader, Reader) and isinstance(tokens, Tokens)
    reader.node_url = a.url
    reader.refresh(tokens)


def test_postgresql_restarted_under_running_nodes(deployment: Deployment, figures: dict[str, object]) -> None:
    a, b = deployment.nodes
    with admin_client(b.url) as admin:
        before = admin.get("/users/count").json()

    deployment.postgres.stop()
    wait_for("node B noticing the database is gone", lambda: not b.keycloak.ready(), timeout=60)
    t0 = time.monotonic()
    deployment.postgres.start()
    wait_for("both nodes ready again", lambda: a.keycloak.ready() and b.keycloak.ready(), timeout=180)
    reader = reader_via_proxy(deployment)
    wait_for("a sign-up through the proxy", lambda: _signs_up(reader), timeout=120)
    figures["recovered_after_postgresql_restart_s"] = round(time.monotonic() - t0, 1)

    with admin_client(a.url) as admin:
        assert admin.get("/users/count").json() == before + 1


def _signs_up(reader: Reader) -> bool:
    try:
        reader.sign_up(experienceLevel="beginner", professionalRole="hobbyist")
        return True
    except Exception:  # noqa: BLE001 - retried until the deadline
        reader.email = reader.email.replace("reader-", "reader-retry-", 1)
        return False
