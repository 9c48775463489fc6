"""``{% load scan %}{% scan_block igs=slug %}``: the Samenwerkingsscan on an IGS page.

Shows the scans of the IGS that the user may see (with their latest round), the link to start
one for users who may start the IGS's scan (``scan.start_group``), and otherwise one line on
what the scan is. Never a result: those live behind the permission on the results page.
"""

from __future__ import annotations

from urllib.parse import quote

from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("scan/_blok.html", takes_context=True)
def scan_block(context, igs: str = ""):
    from samenspel.scan.models import ScanGroup

    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    groups = []
    may_add = False
    if user is not None and user.is_authenticated and igs:
        for g in ScanGroup.objects.filter(igs=igs).prefetch_related("rounds")[:10]:
            if user.has_perm("scan.view_results", g):
                rounds = sorted(g.rounds.all(), key=lambda r: (r.opened_on, r.pk))
                groups.append({"group": g, "latest": rounds[-1] if rounds else None})
        # The scan of an IGS is started by its coordinator (or support), not by any role.
        may_add = user.has_perm("scan.start_group", ScanGroup(igs=igs))
    new_url = reverse("scan_group_new") + (f"?igs={quote(igs)}" if igs else "")
    return {"groups": groups, "may_add": may_add, "new_url": new_url, "igs": igs}
