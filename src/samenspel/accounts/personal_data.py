"""Where each app's personal data is: a registry the "Mijn gegevens" page walks (pure: no Django).

Every app that stores something a person wrote or that names them registers one provider in its
``AppConfig.ready``::

    from samenspel.accounts import personal_data
    personal_data.register("praktijken", export=export_for, anonymise=anonymise_for)

- ``export(user) -> dict | list``: everything of this person in this app, as JSON-ready data
  (for the download of one's own data).
- ``anonymise(user) -> int``: called inside the deletion's transaction, before the account and
  the person are deleted. It removes what identifies the person (names, contact, authorship,
  registrations) and keeps the anonymous parts of what they contributed (a practice's text, a
  scan answer, a story); it returns how many records it changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Provider:
    name: str
    export: Callable
    anonymise: Callable


_PROVIDERS: dict[str, Provider] = {}


def register(name: str, *, export: Callable, anonymise: Callable) -> None:
    _PROVIDERS[name] = Provider(name, export, anonymise)


def providers() -> list[Provider]:
    return [_PROVIDERS[k] for k in sorted(_PROVIDERS)]
