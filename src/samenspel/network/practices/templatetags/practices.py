"""``{% load practices %}{% practices_block igs=slug %}`` (or ``refnis=code``, ``themes=...``):
the newest published practices of an IGS, a municipality or a theme, with a link to all of them
in the library and one to write a new one."""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from samenspel.network.practices import services
from samenspel.network.themes import THEME_LABELS

register = template.Library()


@register.inclusion_tag("practices/_blok.html")
def practices_block(igs=None, refnis=None, themes=None, limit=5, heading="Praktijken"):
    if isinstance(themes, str):
        themes = [t for t in themes.split(",") if t]
    themes = [t for t in (themes or []) if t in THEME_LABELS]
    items = services.published_for(igs=igs, refnis=refnis, themes=themes, limit=limit)
    params = []
    if igs:
        params.append(("igs", igs))
    if refnis:
        params.append(("gemeente", refnis))
    params += [("thema", t) for t in themes]
    query = urlencode(params)
    new_params = urlencode([("igs", igs)] if igs else [("gemeente", refnis)] if refnis else [])
    return {
        "items": items,
        "heading": heading,
        "all_url": reverse("practice_list") + (f"?{query}" if query else ""),
        "new_url": reverse("practice_new") + (f"?{new_params}" if new_params else ""),
    }


@register.filter
def author_name(user) -> str:
    """The name of the person behind an account (``{{ p.author|author_name }}``), never the
    login name; "(verwijderde gebruiker)" when the account or its person is gone."""
    if user is None:
        return "(verwijderde gebruiker)"
    person = getattr(user, "person", None)  # RelatedObjectDoesNotExist is an AttributeError
    if person is not None and person.name:
        return person.name
    return user.get_full_name() or "(onbekende naam)"
