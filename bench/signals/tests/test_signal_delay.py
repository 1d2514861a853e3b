"""The pure parts of bench/signals/signal_delay.py: the load's schedule, the session id, the summary.

Run: build/py/bin/python -m pytest bench/signals/tests -q
"""

from __future__ import annotations

import base64
import json
import os

import pytest

# The bench's own module: bench/signals/conftest.py makes pytest put that folder on sys.path.
from signal_delay import cpu_per, schedule, session_id, summary


def test_the_schedule_spaces_rate_times_seconds_starts_evenly_from_zero():
    offsets = schedule(100, 5)
    assert len(offsets) == 500
    assert offsets[0] == 0
    assert offsets[1] == pytest.approx(0.01)
    assert offsets[-1] == pytest.approx(4.99)


@pytest.mark.parametrize(("rate", "seconds"), [(0, 5), (100, 0), (-1, 5)])
def test_a_schedule_needs_a_positive_rate_and_length(rate, seconds):
    with pytest.raises(ValueError):
        schedule(rate, seconds)


def test_the_session_id_is_the_tokens_sid_claim():
    payload = base64.urlsafe_b64encode(json.dumps({"sub": "u", "sid": "s-1?"}).encode()).decode().rstrip("=")
    assert session_id(f"e30.{payload}.sig") == "s-1?"


def test_the_summary_gives_median_p95_max_and_the_rate_reached():
    delays = [float(d) for d in range(1, 101)]
    result = summary(delays, 2.0)
    assert result == {"median_ms": 50.5, "p95_ms": 95.0, "max_ms": 100.0, "n": 100, "rate_per_second": 50.0}
    assert summary([1.0], 0)["rate_per_second"] == 0.0


def test_cpu_is_given_per_event_in_milliseconds():
    spent = cpu_per({"me": os.getpid()}, {"me": 0.0}, 4)
    assert spent["me"] > 0  # this process's CPU so far, over 4
    assert cpu_per({"me": os.getpid()}, {"me": 0.0}, 0) == {"me": None}
