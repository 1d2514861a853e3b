"""The pure parts of bench/mail/reset_timing.py: comparing two readers' pages, the summary, the ratio's interval.

Run: build/py/bin/python -m pytest bench/mail/tests -q
"""

from __future__ import annotations

# The bench's own module: bench/mail/conftest.py makes pytest put that folder on sys.path.
from reset_timing import bootstrap_ratio, same_for_every_browser, summary

PAGE = """<form action="/realms/docs/login-actions/authenticate?session_code=abc&amp;execution=e1&amp;client_id=docs-site&amp;tab_id=T1&amp;client_data=xyz">
<input id="username" value="{typed}">
<script>checkAuthSession(
  "R99lx4WzK+qwIkh7"
);</script><p>You should receive an email shortly.</p>"""


def test_two_browsers_typing_two_addresses_get_the_same_page():
    one = PAGE.format(typed="a@example.org")
    other = (PAGE.format(typed="someone.else@example.org").replace("abc", "zzz").replace("T1", "T9")
             .replace("R99lx4WzK+qwIkh7", "Ug60Xjd06qNu"))
    assert same_for_every_browser(one, "a@example.org") == same_for_every_browser(other, "someone.else@example.org")


def test_a_page_that_says_something_else_stays_different():
    told = PAGE.format(typed="a@example.org").replace("You should receive", "No account has")
    assert same_for_every_browser(told, "a@example.org") != same_for_every_browser(
        PAGE.format(typed="b@example.org"), "b@example.org")


def test_summary_reads_quartiles_and_p90():
    values = [float(v) for v in range(1, 101)]
    assert summary(values) == {"median_ms": 50.5, "p25_ms": 25.75, "p75_ms": 75.25, "p90_ms": 90.1, "n": 100}


def test_the_interval_holds_the_ratio_and_excludes_one_when_the_kinds_differ():
    known = [200.0 + i % 7 for i in range(60)]
    unknown = [100.0 + i % 5 for i in range(60)]
    low, high = bootstrap_ratio(known, unknown)
    assert 1.9 < low <= high < 2.1
    low, high = bootstrap_ratio(unknown, unknown)
    assert low <= 1.0 <= high
