"""A throwaway PostgreSQL for a test module or a benchmark: scripts/stack.py's embedded server (the binaries of
`make build`), fresh, on a free loopback port, with the example backend's role and schema (`rag`).

    with scratch_postgres("quota-unit") as url:   # postgresql://rag:rag@127.0.0.1:PORT/keycloak
        ...
"""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from contextlib import contextmanager

import stack


@contextmanager
def scratch_postgres(name: str) -> Iterator[str]:
    """Starts it in build/NAME (emptied first, removed after); yields the URL of role `rag`."""
    data = stack.ROOT / "build" / name
    shutil.rmtree(data, ignore_errors=True)
    (data / "logs").mkdir(parents=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    database = stack.EmbeddedPostgres(data, data / "logs", port=port)
    database.start()
    try:
        yield database.rag_url()
    finally:
        database.stop()
        shutil.rmtree(data, ignore_errors=True)
