"""``{% network_block igs=slug %}`` / ``{% network_block refnis=code %}``: the Netwerk on the IGS
and municipality pages of the Atlas.

A compact block with that place's newest published practices and initiatives, its upcoming
events, how many of its people are listed in Wie is wie, and links to its counterparts in the
network view. Drafts never show: the sub-apps' ``published_for``/``upcoming`` return only what
is published. The Atlas sits in a lower layer, so its templates load this library
(``{% load netwerk %}``) instead of importing the Netwerk.
"""

from __future__ import annotations

from django import template
from django.db.models import Q
from django.utils.http import urlencode

from samenspel.accounts.models import Person, Role
from samenspel.atlas.services import get_atlas
from samenspel.network import services

register = template.Library()

#: Items per kind in the block.
BLOCK_ITEMS = 3


def _listed_count(igs: str, refnis: str) -> int:
    roles = Role.objects.valid_on().filter(Q(igs=igs) if igs else Q(refnis=refnis))
    return (
        Person.objects.filter(consent_listed_at__isnull=False, pk__in=roles.values("person_id"))
        .distinct()
        .count()
    )


@register.inclusion_tag("network/_blok.html")
def network_block(igs="", refnis=""):
    igs, refnis = str(igs or "").strip(), str(refnis or "").strip()
    atlas = get_atlas()
    if atlas is None or not (igs or refnis):
        return {"show": False}
    if igs:
        if igs not in atlas.partnerships:
            return {"show": False}
        name, query = atlas.partnerships[igs].name, {"igs": igs}
    else:
        if refnis not in atlas.municipalities:
            return {"show": False}
        name, query = atlas.municipalities[refnis].name, {"gemeente": refnis}
    latest = services.latest(igs=igs or None, refnis=None if igs else refnis, limit=BLOCK_ITEMS)
    urls = services.list_urls()
    filtered = {}
    if urls["practices"]:
        filtered["practices"] = urls["practices"] + "?" + urlencode(query)
    if urls["initiatives"]:
        filtered["initiatives"] = urls["initiatives"] + "?" + urlencode(query)
    return {
        "show": True,
        "kind": "igs" if igs else "gemeente",
        "name": name,
        "latest": latest,
        "urls": urls,
        "filtered": filtered,
        "listed": _listed_count(igs, refnis),
        "query": urlencode(query),
        # An IGS that stopped has no members today, hence no counterparts to show.
        "graph_link": bool(refnis) or igs in services.igs_today(atlas),
    }
