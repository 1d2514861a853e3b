"""docs_testkit.proc_cpu: a process's CPU, and the process behind a port, from /proc."""

from __future__ import annotations

import os
import socket

import pytest

from docs_testkit.proc_cpu import cpu_seconds, listening_pid


def test_this_process_has_spent_cpu() -> None:
    assert cpu_seconds(os.getpid()) > 0


def test_the_server_is_found_by_the_port_it_listens_on() -> None:
    with socket.socket() as server, socket.socket() as other:
        server.bind(("127.0.0.1", 0))
        server.listen()
        other.bind(("127.0.0.1", 0))  # bound but not listening: not a server
        assert listening_pid(server.getsockname()[1]) == os.getpid()
        with pytest.raises(LookupError):
            listening_pid(other.getsockname()[1])
