"""``{% initiatives_block igs=slug %}`` / ``{% initiatives_block refnis=code %}``: the published
initiatives of an IGS or a municipality, for their pages (and the scan's, the practices').

Only published initiatives are shown, whoever looks; ``aantal=`` (default 5, at most 50) limits
how many, with a link to all of them in the registry. ``titel=`` replaces the heading.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from samenspel.network.initiatives import services

register = template.Library()


@register.inclusion_tag("initiatives/_blok.html", takes_context=True)
def initiatives_block(context, igs="", refnis="", aantal=5, titel=None):
    igs, refnis = str(igs or "").strip()[:100], str(refnis or "").strip()[:5]
    try:
        limit = int(aantal)
    except (TypeError, ValueError):
        limit = 5
    limit = 5 if limit < 1 else min(limit, services.MAX_LIMIT)
    # one more than shown tells whether there are more; at the cap (published_for returns at
    # most MAX_LIMIT) only a count can tell
    found = services.published_for(igs=igs, refnis=refnis, limit=limit + 1)
    if len(found) == limit == services.MAX_LIMIT:
        more = services.count_published_for(igs=igs, refnis=refnis) > limit
    else:
        more = len(found) > limit
    query = {k: v for k, v in (("igs", igs), ("gemeente", refnis)) if v}
    return {
        "items": services.describe_all(found[:limit]),
        "more": more,
        "count": services.count_published_for(igs=igs, refnis=refnis) if more else len(found),
        "all_url": reverse("initiative_list") + ("?" + urlencode(query) if query else ""),
        "new_url": reverse("initiative_new") + ("?" + urlencode(query) if query else ""),
        "titel": titel or "Samenwerkingsinitiatieven",
        "request": context.get("request"),
    }
