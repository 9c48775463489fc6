"""Two people click "Ik kom" for the last seat at the same moment, in two threads with their own
database connections: exactly one gets the seat, the other lands on the waiting list.

Runs on PostgreSQL (``DATABASE_URL``), where the two transactions really run side by side. On
SQLite the test database is an in-memory database whose shared cache refuses a second writer
outright ("database table is locked") instead of letting it wait, so there the race is covered
by the deterministic test with two stale copies in ``test_services.py``.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from samenspel.network.events import services
from samenspel.network.events.models import Event, Registration
from tests.people import user_with

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs a server database (PostgreSQL)"
    ),
]


@pytest.mark.parametrize("round_", range(5))
def test_two_simultaneous_requests_for_the_last_seat(make_event, round_):
    event = make_event(capacity=1)
    people = [user_with(f"p{round_}{i}").person for i in range(2)]
    start = threading.Barrier(2)
    results, errors = [], []

    def click(person):
        try:
            seen = Event.objects.get(pk=event.pk)  # both see one free seat
            start.wait(timeout=10)
            results.append(services.register(seen, person, consent_listed=False).status)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    assert sorted(results) == ["bevestigd", "wachtlijst"]
    event.refresh_from_db()
    assert event.taken == 1
    assert Registration.objects.confirmed().filter(event=event).count() == 1
