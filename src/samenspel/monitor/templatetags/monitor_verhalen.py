"""``{% verhalen_bij igs=slug refnis=code indicator=code %}``: the stories next to the figures.

Renders the stories of an IGS, a municipality (among the story's partners) and/or an indicator;
each argument only counts when it is given and not empty, and all given ones must hold. With
``jaar=`` only stories about a period that includes that year; ``aantal=`` (default 5, at most
50) limits how many are shown, with a link to all of them. Used on the IGS and municipality
pages of the Monitor and in the yearly report.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from samenspel.monitor.models import Story

register = template.Library()


@register.inclusion_tag("monitor/_verhaal_bij.html", takes_context=True)
def verhalen_bij(context, igs="", refnis="", indicator="", jaar=None, aantal=5, titel=None):
    from samenspel.monitor.views_verhalen import describe_all

    igs, refnis, indicator = (str(x or "").strip() for x in (igs, refnis, indicator))
    try:
        year = int(jaar) if jaar not in (None, "") else None
    except (TypeError, ValueError):
        year = None
    try:
        limit = int(aantal)
    except (TypeError, ValueError):
        limit = 5
    limit = 5 if limit < 1 else min(limit, 50)
    qs = Story.objects.about(igs=igs, refnis=refnis, indicator=indicator, year=year)
    stories = list(qs[: limit + 1])
    more = len(stories) > limit
    query = {
        k: v
        for k, v in (("igs", igs), ("gemeente", refnis), ("indicator", indicator), ("jaar", year))
        if v
    }
    request = context.get("request")
    user = getattr(request, "user", None)
    return {
        "items": describe_all(stories[:limit]),
        "more": more,
        "count": qs.count() if more else len(stories),
        "all_url": reverse("monitor_stories") + ("?" + urlencode(query) if query else ""),
        "new_url": reverse("monitor_story_new") + ("?" + urlencode(query) if query else ""),
        "logged_in": bool(user and user.is_authenticated),
        "titel": titel or "Verhalen",
        "request": request,
    }
