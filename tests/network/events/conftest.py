"""Events for the tests: ``make_event(...)`` with sensible defaults (published, next week)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.people import user_with


@pytest.fixture
def make_event(db):
    from samenspel.network.events.models import Event

    def make(**kw):
        start = kw.pop("start", timezone.now() + dt.timedelta(days=7))
        values = dict(
            title="Lerend netwerk cultuurbeleid",
            kind="formeel",
            start=start,
            end=kw.pop("end", start + dt.timedelta(hours=3)),
            location="CC Eeklo",
            refnis="43005",
            igs="noord",
            published=True,
        )
        values.update(kw)
        return Event.objects.create(**values)

    return make


@pytest.fixture
def person(db):
    def make(name: str, *roles):
        return user_with(name, *roles).person

    return make
