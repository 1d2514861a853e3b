"""Where the CPU of a measurement went (Keycloak, its PostgreSQL, the load generator, the rest): pure functions."""

from __future__ import annotations

from typing import NamedTuple


class Usage(NamedTuple):
    """CPU counters read at one instant, in seconds unless said: Keycloak's JVM, its PostgreSQL, the other server
    (idle meanwhile), the machine's busy and total jiffies over all cores (/proc/stat), and Keycloak's GC pauses."""
    kc_s: float
    pg_s: float
    idle_s: float
    busy_jiffies: int
    total_jiffies: int
    gc_s: float


def cpu_split(before: Usage, after: Usage, *, count: int, wall_s: float, client_cpu_s: float,
              cores: int) -> dict[str, float]:
    """Where the CPU of a measurement of `count` operations over `wall_s` seconds went: Keycloak's and PostgreSQL's
    milliseconds per operation and cores, the load generator's cores (its `client_cpu_s`), GC's share of Keycloak's
    CPU, and the cores every other process on the machine used (never below 0)."""
    ops = max(count, 1)
    kc, pg, idle = after.kc_s - before.kc_s, after.pg_s - before.pg_s, after.idle_s - before.idle_s
    busy_share = (after.busy_jiffies - before.busy_jiffies) / max(after.total_jiffies - before.total_jiffies, 1)
    busy = busy_share * cores * wall_s  # core-seconds used on the machine
    return {"kc_cpu_ms_per_op": kc * 1000 / ops, "pg_cpu_ms_per_op": pg * 1000 / ops,
            "kc_cores": kc / wall_s, "pg_cores": pg / wall_s, "client_cores": client_cpu_s / wall_s,
            "gc_share_of_kc_cpu": (after.gc_s - before.gc_s) / max(kc, 1e-9),
            "others_cores": max(0.0, busy / wall_s - (kc + pg + idle + client_cpu_s) / wall_s)}
