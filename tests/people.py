"""Users with roles, for tests: ``user_with("an", ("igs_coordinator", "noord"))``.

A place is a REFNIS code (5 digits: a municipality), a support organisation code when the role is
``steunpunt``, or else an IGS slug.
"""

from __future__ import annotations


def user_with(username: str, *roles: tuple[str, str], password: str = "geheim-wachtwoord-123"):
    from django.contrib.auth import get_user_model

    from samenspel.accounts.models import Person, Role

    user = get_user_model().objects.create_user(username, password=password)
    person = Person.objects.create(user=user, name=username.capitalize())
    for role, place in roles:
        if role == "steunpunt":
            Role.objects.create(person=person, role=role, organisation=place)
        elif place.isdigit() and len(place) == 5:
            Role.objects.create(person=person, role=role, refnis=place)
        else:
            Role.objects.create(person=person, role=role, igs=place)
    return user
