"""The Keycloak benchmark's servers (servers.py), without starting any: each on its own ports and logs, and
--compare's new Keycloak per start that keeps all but the options.

Run: build/py/bin/python -m pytest bench/keycloak/tests -q
"""

from __future__ import annotations


import stack
from servers import PORTS, WORK, Server, keycloak


def test_each_server_has_its_own_ports_and_logs_beside_make_runs(tmp_path):
    http_port, management_port, pg_port = PORTS["stock"]
    pg = stack.EmbeddedPostgres(tmp_path, WORK / "logs", port=pg_port, name="postgres-stock")
    kc = keycloak("stock", tmp_path, pg, {"realm": "docs"})
    assert (kc.http_port, kc.management_port, kc.hostname) == (http_port, management_port,
                                                                f"http://127.0.0.1:{http_port}")
    assert kc.log == WORK / "logs" / "keycloak-stock.log" and kc.realm == {"realm": "docs"}
    assert kc.build_options == stack.KC_BUILD_OPTIONS
    assert len({p for ports in PORTS.values() for p in ports}) == 6
    assert not {stack.KEYCLOAK_PORT, stack.KEYCLOAK_MANAGEMENT_PORT, stack.EMBEDDED_PG_PORT} & set(PORTS["ours"])


def test_reconfigure_makes_a_new_keycloak_with_other_options_on_the_same_home_database_and_ports(tmp_path):
    pg = stack.EmbeddedPostgres(tmp_path, WORK / "logs", port=PORTS["ours"][2], name="postgres-ours")
    first = keycloak("ours", tmp_path, pg, {"realm": "docs"})
    server = Server("ours", pg, first, "http://127.0.0.1:8282", "http://127.0.0.1:9202")
    server.reconfigure("", ("--cache=local", "--spi-password-hashing--argon2--native=false"))
    kc = server.kc
    assert kc is not first and (first.jvm_options, first.runtime_options) == (stack.KC_JVM_OPTIONS,
                                                                              stack.KC_RUNTIME_OPTIONS)
    assert (kc.jvm_options, kc.runtime_options) == ("", ("--cache=local", "--spi-password-hashing--argon2--native=false"))
    assert (kc.home, kc.database, kc.http_port, kc.management_port, kc.log, kc.realm) == \
        (first.home, pg, first.http_port, first.management_port, first.log, first.realm)
