"""A ``steunpunt`` role is held in one of the organisations of Wie is wie, so its staff are listed
under it; an unknown code is refused in Dutch (the admin and forms call ``Role.clean``)."""

import pytest
from django.core.exceptions import ValidationError

from samenspel.accounts.models import Person, Role


@pytest.mark.django_db
def test_known_organisation_passes_unknown_is_refused_with_the_choices():
    person = Person.objects.create(name="Sara")
    Role(person=person, role="steunpunt", organisation="optil").clean()
    with pytest.raises(ValidationError) as refused:
        Role(person=person, role="steunpunt", organisation="optill").clean()
    message = refused.value.message_dict["organisation"][0]
    assert message.startswith("Onbekend steunpunt 'optill'. Kies uit: ")
    assert "optil" in message and "faro" in message
