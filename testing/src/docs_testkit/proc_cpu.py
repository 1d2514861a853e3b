"""CPU used by a process so far, from /proc: shared by the benches under bench/ (Linux only)."""

import os
from pathlib import Path

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int, with_reaped_children: bool = False) -> float:
    """User + system CPU of `pid` (/proc/PID/stat fields 14 and 15), plus that of its waited-for children (16, 17)
    when asked: PostgreSQL's exited backends, for one."""
    text = Path(f"/proc/{pid}/stat").read_text()
    f = text[text.rindex(")") + 2:].split()  # the command name may hold spaces and parentheses
    ticks = int(f[11]) + int(f[12]) + ((int(f[13]) + int(f[14])) if with_reaped_children else 0)
    return ticks / TICK


def listening_pid(port: int) -> int:
    """The process that listens on TCP ``port`` (IPv4 or IPv6), from /proc/net/tcp* and /proc/*/fd: the server a
    bench measures, found by what it serves. ``LookupError`` when no process of ours listens there."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port, state = int(fields[1].rsplit(":", 1)[1], 16), fields[3]
            if local_port == port and state == "0A":  # TCP_LISTEN
                inodes.add(f"socket:[{fields[9]}]")
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if any(os.readlink(fd) in inodes for fd in (proc / "fd").iterdir()):
                return int(proc.name)
        except OSError:  # gone, or not ours to read
            continue
    raise LookupError(f"no process listens on port {port}")
