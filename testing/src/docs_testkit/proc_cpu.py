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
