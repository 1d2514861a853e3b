"""Helpers of the launcher's tests: the processes of a folder (what a stop must leave none of), waits on a condition,
free ports."""
from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable
from pathlib import Path


def processes_of(folder: Path) -> list[int]:
    """Live processes whose command line names `folder`, or that hold a file or their working directory in it
    (a service's log under DIR/logs, PostgreSQL's -D DIR/postgres). Zombies and this process are left out."""
    root = str(folder.resolve())
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if (entry / "stat").read_text().rsplit(")", 1)[1].split()[0] == "Z":
                continue
            named = root in (entry / "cmdline").read_text()
            links = [os.readlink(entry / "cwd")] + [os.readlink(fd) for fd in (entry / "fd").iterdir()]
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if named or any(link == root or link.startswith(root + "/") for link in links):
            found.append(int(entry.name))
    return found


def wait_until(what: str, condition: Callable[[], bool], timeout: float = 60) -> None:
    """Polls `condition` every 0.1 s until it holds; AssertionError naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout:.0f} s")
        time.sleep(0.1)


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port
