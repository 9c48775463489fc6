"""The answer page of the Samenwerkingsscan: ``/scan/antwoord/<token>/``, no account needed.

The token is looked up by its SHA-256 hash; an unknown token is a Dutch 404, a used link says so
politely, a closed round too. The respondent states a role and a municipality (one of the
group's partners, or "andere"), answers the statements (1–5 or "weet niet") and the open
questions; everything is stored in one transaction, once per link. Nothing on the page or in
the database ties the answer to an account: the page never looks at who is logged in.
"""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from samenspel.atlas.services import get_atlas
from samenspel.core.numbers import format_number
from samenspel.core.web import declared_length
from samenspel.scan import items, services
from samenspel.scan.forms import OTHER, AnswerForm
from samenspel.scan.stats import MIN_GROUP

#: A request body larger than this is refused (4 open answers of 2.000 characters, which may
#: take 4 bytes each in UTF-8 and more once URL-encoded, plus 41 statements and the rest).
MAX_BODY = 96 * 1024


def _page(request, template: str, context: dict, status: int = 200):
    response = render(request, template, context, status=status)
    response["Cache-Control"] = "no-store"
    # The token is in the URL: never send it to another site. ("no-referrer" would make the
    # browser send "Origin: null" with the form, which the CSRF check refuses.)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


def _unknown(request):
    return _page(request, "scan/link_onbekend.html", {}, status=404)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def answer(request, token: str):
    invitation = services.invitation_for(token)
    if invitation is None:
        return _unknown(request)
    scan_round = invitation.round
    group = scan_round.group
    base = {"round": scan_round, "group": group, "min_group": MIN_GROUP}
    if invitation.used_at is not None:
        return _page(
            request,
            "scan/antwoord_gebruikt.html",
            base,
            status=409 if request.method == "POST" else 200,
        )
    if not scan_round.is_open():
        return _page(request, "scan/antwoord_gesloten.html", base, status=410)
    if request.method == "POST" and declared_length(request) > MAX_BODY:
        return _page(
            request,
            "scan/antwoord_fout.html",
            {
                **base,
                "message": f"Wat je verstuurde is groter dan {format_number(MAX_BODY // 1024)} kB. "
                "Maak de open antwoorden korter (hoogstens 2.000 tekens elk) en probeer opnieuw.",
            },
            status=413,
        )
    atlas = get_atlas()
    members = services.member_names(atlas, group.refnis_list)
    status = 200
    if request.method == "POST":
        form = AnswerForm(request.POST, members=members)
        if form.is_valid():
            chosen = form.cleaned_data["gemeente"]
            try:
                services.submit(
                    invitation,
                    role=form.cleaned_data["rol"],
                    refnis="" if chosen == OTHER else chosen,
                    values=form.values(),
                    texts=form.open_texts(),
                )
            except services.AlreadyAnswered:
                return _page(request, "scan/antwoord_gebruikt.html", base, status=409)
            except services.RoundClosed:
                return _page(request, "scan/antwoord_gesloten.html", base, status=410)
            return _page(request, "scan/antwoord_bedankt.html", base)
        status = 400
    else:
        form = AnswerForm(members=members)
    context = {
        **base,
        "form": form,
        "scale": items.SCALE,
        "item_count": len(items.ITEMS),
        "closes_on": scan_round.closes_on,
        "today": timezone.localdate(),
    }
    return _page(request, "scan/antwoord.html", context, status=status)
