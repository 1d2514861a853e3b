"""``RevocationList`` and ``MemoryRevocationStore``: how long an entry and a ``jti`` are kept, and what a merge keeps.

Their behaviour seen from tokens is in ``test_security_events.py``; these are the rules mutation testing (mutmut)
found unchecked there: ``until`` counts from when a revocation was received when that is given (a store replaying
revocations received earlier), a merge keeps the later ``before`` (not the entry's end in its place) and the later
end, and the store's sweep of expired ``jti`` values drops those only, oldest first.
"""

import asyncio

from docs_auth import MemoryRevocationStore, Revocation, RevocationList
from docs_auth.revocation import SESSION, SUBJECT

from .conftest import FakeClock


def test_an_entry_stays_in_force_a_lifetime_from_when_it_was_received() -> None:
    revocations = RevocationList(300, clock=FakeClock(1000.0))
    assert revocations.until(Revocation(SESSION, "s")) == 1300.0
    assert revocations.until(Revocation(SESSION, "s"), received_at=900.0) == 1200.0
    # An event stamped after it was received counts from its stamp.
    assert revocations.until(Revocation(SUBJECT, "u", 950.0), received_at=900.0) == 1250.0


def test_an_entry_added_with_its_own_end_ends_then() -> None:
    clock = FakeClock(1000.0)
    revocations = RevocationList(300, clock=clock)
    revocations.add(Revocation(SESSION, "s"), until=1010.0)
    clock.advance(10)
    revocations.prune()
    assert len(revocations) == 0


def test_a_merge_keeps_the_later_cutoff_and_refuses_no_token_issued_after_it() -> None:
    revocations = RevocationList(300, clock=FakeClock(1000.0))
    revocations.add(Revocation(SUBJECT, "u", 900.0))  # in force until 1300
    revocations.add(Revocation(SUBJECT, "u", 800.0))
    assert revocations.refuses({"sub": "u", "iat": 899})
    assert not revocations.refuses({"sub": "u", "iat": 900})  # the renewal right after the later event
    assert not revocations.refuses({"sub": "u", "iat": 1100})


def test_the_sweep_of_expired_jtis_keeps_the_ones_still_within_their_retention() -> None:
    clock = FakeClock(0.0)
    store = MemoryRevocationStore(RevocationList(300, clock=clock), jti_retention=60, clock=clock)

    async def scenario() -> list[bool]:
        await store.record("first", None)  # kept until 60
        clock.advance(50)
        await store.record("second", None)  # kept until 110
        clock.advance(11)  # 61: "first" is past its retention, "second" is not
        await store.record("third", None)  # the sweep runs here
        return [await store.record("second", None), await store.record("first", None)]

    # "second" is still a replay; "first" was forgotten and counts as new.
    assert asyncio.run(scenario()) == [False, True]


def test_a_merge_never_shortens_an_entrys_life() -> None:
    clock = FakeClock(1000.0)
    revocations = RevocationList(300, clock=clock)
    revocations.add(Revocation(SESSION, "s"), until=1200.0)
    revocations.add(Revocation(SESSION, "s"), until=1100.0)  # a later delivery that would end sooner
    clock.advance(150)
    assert revocations.refuses({"sub": "u", "iat": 0, "sid": "s"})  # still in force at 1150
