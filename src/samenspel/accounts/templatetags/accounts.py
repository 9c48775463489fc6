"""``{% load accounts %}{% people_block igs=p.slug %}`` / ``{% people_block refnis=m.refnis %}``:
a short block "Mensen" for the IGS and municipality pages (how many people hold a role there,
and a link to who they are for those who may see it)."""

from __future__ import annotations

from django import template

from samenspel.accounts import services
from samenspel.accounts.models import Role

register = template.Library()


@register.inclusion_tag("accounts/_mensenblok.html", takes_context=True)
def people_block(context, igs: str = "", refnis: str = ""):
    place = (
        services.igs_place(igs) if igs else services.municipality_place(refnis) if refnis else None
    )
    if place is None:
        return {"place": None}
    field = "igs" if place.kind == "igs" else "refnis"
    count = (
        Role.objects.valid_on().filter(**{field: place.code}).values("person_id").distinct().count()
    )
    user = context.get("user")
    request = context.get("request")
    return {
        "next": request.get_full_path() if request is not None else "",
        "place": place,
        "count": count,
        "may_view": bool(user and user.has_perm("accounts.view_person", place)),
        "signed_in": bool(user and user.is_authenticated),
    }
