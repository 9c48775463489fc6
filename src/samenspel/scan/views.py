"""The Samenwerkingsscan's pages for people with an account: the start page, a new scan, a
group with its rounds, a round with its personal links.

Who may do what is written in :mod:`samenspel.accounts.permissions`: ``scan.add_group`` (start
a scan), ``scan.manage_group`` (rounds, links, closing: the IGS coordinator, the creator,
support staff) and ``scan.view_results`` (also everyone with a role in one of the partners).
The answer page (no account) is in :mod:`samenspel.scan.views_answer`, the results in
:mod:`samenspel.scan.views_results`.

Personal links are shown once: right after they were made, the tokens wait in the session for
the one page that shows them (and is then forgotten); the CSV of the links is made from the
tokens that page posts back, checked against the stored hashes.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samenspel.accounts.services import history_entries
from samenspel.atlas.services import get_atlas
from samenspel.core.numbers import format_number
from samenspel.core.tables import Column, Table
from samenspel.core.web import no_data
from samenspel.network.themes import THEME_LABELS
from samenspel.scan import items, services
from samenspel.scan.forms import MAX_LINKS, GroupForm, LinksForm, RoundForm
from samenspel.scan.models import Invitation, ScanGroup, ScanRound, hash_token, join_codes
from samenspel.scan.stats import MIN_GROUP

PER_PAGE = 25
#: At most this many personal links in one round (a group of partners, not a population).
MAX_LINKS_PER_ROUND = 2_000
#: The session key under which freshly made links wait for the page that shows them once.
SESSION_LINKS = "scan_nieuwe_links"


def _refuse(request, message: str, status: int = 403):
    return render(
        request, "scan/fout.html", {"title": "Geen toegang", "message": message}, status=status
    )


def _group(request, pk: int, perm: str):
    """The group, or a Dutch 403 page when the user may not ``perm`` it."""
    group = get_object_or_404(ScanGroup, pk=pk)
    if not request.user.has_perm(perm, group):
        return None, _refuse(
            request,
            "Deze scan is alleen zichtbaar voor de partners van de groep, de coördinator van "
            "het IGS en wie de scan maakte.",
        )
    return group, None


def _round(request, pk: int, perm: str):
    scan_round = get_object_or_404(ScanRound.objects.select_related("group"), pk=pk)
    if not request.user.has_perm(perm, scan_round):
        return None, _refuse(
            request,
            "Deze ronde is alleen zichtbaar voor de partners van de groep, de coördinator van "
            "het IGS en wie de scan maakte.",
        )
    return scan_round, None


# --------------------------------------------------------------------------------------------
# Start page
# --------------------------------------------------------------------------------------------


@require_safe
def home(request):
    """What the scan is, the user's scans, and "Nieuwe scan"."""
    groups = None
    if request.user.is_authenticated:
        qs = services.visible_groups(request.user).prefetch_related("rounds")
        groups = Paginator(qs, PER_PAGE).get_page(request.GET.get("pagina"))
    dimensions = [(d, THEME_LABELS[d], len(items.items_for(d))) for d in items.DIMENSIONS]
    context = {
        "groups": groups,
        "dimensions": dimensions,
        "item_count": len(items.ITEMS),
        "open_count": len(items.OPEN_QUESTIONS),
        "min_group": MIN_GROUP,
        "may_add": request.user.has_perm("scan.add_group"),
    }
    return render(request, "scan/home.html", context)


# --------------------------------------------------------------------------------------------
# A new scan (group)
# --------------------------------------------------------------------------------------------


def _igs_choices(atlas, user) -> list[tuple[str, str]]:
    """The active IGS this user may start a scan for: those they coordinate (``scan.start_group``
    in accounts/permissions.py); support staff get every IGS."""
    today = timezone.localdate()
    out = []
    for slug in atlas.active_partnerships(today):
        members = services.igs_members(atlas, slug)
        draft = ScanGroup(name=slug, igs=slug, municipalities=join_codes(members))
        if user.has_perm("scan.start_group", draft):
            out.append((slug, atlas.partnerships[slug].name))
    return sorted(out, key=lambda p: p[1])


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def group_new(request):
    if not request.user.has_perm("scan.add_group"):
        return _refuse(
            request,
            "Een scan starten kan wie een rol heeft in een gemeente of een IGS (of het "
            "steunpunt). Vraag de coördinator van je IGS om je toe te voegen.",
        )
    atlas = get_atlas()
    if atlas is None:
        return no_data(request)
    status = 200
    if request.method == "POST":
        form = GroupForm(request.POST, atlas=atlas, igs_choices=_igs_choices(atlas, request.user))
        if form.is_valid():
            data = form.cleaned_data
            if data["soort"] == "igs":
                igs = data["igs"]
                members = services.igs_members(atlas, igs)
                name = data["naam"] or atlas.partnerships[igs].name
            else:
                igs = ""
                members = data["gemeenten"]
                names = [n for _c, n in services.member_names(atlas, members)]
                name = data["naam"] or ("Verkenning " + ", ".join(names))[:200]
            draft = ScanGroup(name=name, igs=igs, municipalities=join_codes(members))
            # The scan of an IGS is its coordinator's; a group that considers cooperating may
            # be started by anyone with a role in one of its municipalities (or by support).
            if not request.user.has_perm("scan.start_group", draft):
                form.add_error(
                    None,
                    "De scan van een IGS start de IGS-coördinator; een scan voor een groep "
                    "gemeenten start je als je een rol hebt in een van die gemeenten.",
                )
            else:
                group = services.new_group(name=name, igs=igs, members=members, user=request.user)
                messages.success(request, f"De scan “{group.name}” is aangemaakt.")
                return redirect("scan_group", pk=group.pk)
        status = 400
    else:
        initial = {}
        slug = request.GET.get("igs", "")
        if slug in atlas.partnerships:
            initial = {"soort": "igs", "igs": slug}
        form = GroupForm(
            initial=initial, atlas=atlas, igs_choices=_igs_choices(atlas, request.user)
        )
    return render(request, "scan/group_new.html", {"form": form}, status=status)


# --------------------------------------------------------------------------------------------
# A group and its rounds
# --------------------------------------------------------------------------------------------


def _group_context(request, group: ScanGroup, round_form=None) -> dict:
    atlas = get_atlas()
    rounds = list(group.rounds.order_by("-opened_on", "-id")[:50])
    counts = services.round_counts(rounds)
    centre = services.centre_cities(atlas, group.refnis_list)
    members = [
        (code, name, code in centre)
        for code, name in services.member_names(atlas, group.refnis_list)
    ]
    return {
        "group": group,
        "igs_name": atlas.partnerships[group.igs].name
        if atlas and group.igs in atlas.partnerships
        else group.igs,
        "members": members,
        "rounds": [(r, *counts[r.pk]) for r in rounds],
        "may_manage": request.user.has_perm("scan.manage_group", group),
        "round_form": round_form
        or RoundForm(initial={"titel": f"Ronde {timezone.localdate().year}"}),
        "history": history_entries(group),
        "min_group": MIN_GROUP,
    }


@login_required
@require_safe
def group_detail(request, pk: int):
    group, refused = _group(request, pk, "scan.view_results")
    if refused:
        return refused
    return render(request, "scan/group.html", _group_context(request, group))


@login_required
@require_POST
def round_new(request, pk: int):
    group, refused = _group(request, pk, "scan.manage_group")
    if refused:
        return refused
    form = RoundForm(request.POST)
    if not form.is_valid():
        return render(request, "scan/group.html", _group_context(request, group, form), status=400)
    with transaction.atomic():
        scan_round = ScanRound.objects.create(
            group=group, title=form.cleaned_data["titel"], closes_on=form.cleaned_data["sluit_op"]
        )
    messages.success(request, f"De ronde “{scan_round.title}” is geopend. Maak nu de links.")
    return redirect("scan_round", pk=scan_round.pk)


# --------------------------------------------------------------------------------------------
# A round: links, counts, closing
# --------------------------------------------------------------------------------------------


def _round_context(request, scan_round: ScanRound, links_form=None) -> dict:
    invited, answered = services.round_counts([scan_round])[scan_round.pk]
    fresh = []
    waiting = request.session.get(SESSION_LINKS)
    if waiting and waiting.get("round") == scan_round.pk and request.method != "POST":
        request.session.pop(SESSION_LINKS, None)
        fresh = [
            (t, label, request.build_absolute_uri(reverse("scan_answer", args=[t])))
            for t, label in waiting.get("links", [])
        ]
    return {
        "round": scan_round,
        "group": scan_round.group,
        "invited": invited,
        "answered": answered,
        "is_open": scan_round.is_open(),
        "may_manage": request.user.has_perm("scan.manage_group", scan_round),
        "links_form": links_form or LinksForm(),
        "fresh": fresh,
        "history": history_entries(scan_round),
        "min_group": MIN_GROUP,
        "max_links": MAX_LINKS,
    }


@login_required
@require_safe
def round_detail(request, pk: int):
    scan_round, refused = _round(request, pk, "scan.view_results")
    if refused:
        return refused
    response = render(request, "scan/round.html", _round_context(request, scan_round))
    response["Cache-Control"] = "no-store"  # the links shown once must not stay in a cache
    return response


@login_required
@require_POST
def links_new(request, pk: int):
    scan_round, refused = _round(request, pk, "scan.manage_group")
    if refused:
        return refused
    if not scan_round.is_open():
        messages.error(request, "Deze ronde is afgesloten: er kunnen geen links meer bij.")
        return redirect("scan_round", pk=scan_round.pk)
    form = LinksForm(request.POST)
    if form.is_valid():
        invited = services.round_counts([scan_round])[scan_round.pk][0]
        if invited + form.cleaned_data["aantal"] > MAX_LINKS_PER_ROUND:
            form.add_error(
                "aantal",
                f"Een ronde heeft hoogstens {format_number(MAX_LINKS_PER_ROUND)} links; er zijn "
                f"er al {format_number(invited)}.",
            )
    if not form.is_valid():
        return render(
            request, "scan/round.html", _round_context(request, scan_round, form), status=400
        )
    pairs = services.create_links(
        scan_round, form.cleaned_data["aantal"], form.cleaned_data["etiketten"]
    )
    request.session[SESSION_LINKS] = {"round": scan_round.pk, "links": pairs}
    messages.success(
        request,
        f"{len(pairs)} persoonlijke link{'s' if len(pairs) != 1 else ''} gemaakt. Ze staan "
        "hieronder, en alleen nu: download ze of kopieer ze voor je deze pagina verlaat.",
    )
    return redirect("scan_round", pk=scan_round.pk)


@login_required
@require_POST
def links_csv(request, pk: int):
    """The links just shown, as CSV: made from the tokens the page posts back; only tokens of
    this round count (their hashes are checked), so nothing is handed out that the coordinator
    did not already have."""
    scan_round, refused = _round(request, pk, "scan.manage_group")
    if refused:
        return refused
    tokens = [t for t in request.POST.getlist("link")[:MAX_LINKS] if services.TOKEN_RE.fullmatch(t)]
    by_hash = {hash_token(t): t for t in tokens}
    found = dict(
        Invitation.objects.filter(round=scan_round, token_hash__in=list(by_hash)).values_list(
            "token_hash", "label"
        )
    )
    rows = []
    for n, t in enumerate(tokens, start=1):
        h = hash_token(t)
        if h in found:
            url = request.build_absolute_uri(reverse("scan_answer", args=[t]))
            rows.append({"nr": n, "etiket": found[h], "link": url})
    if not rows:
        return _refuse(request, "Geen geldige links ontvangen voor deze ronde.", status=400)
    table = Table(
        name=f"scan-links-ronde-{scan_round.pk}",
        title=f"Persoonlijke links: {scan_round}",
        columns=[Column("nr", "nr", "int"), Column("etiket", "etiket"), Column("link", "link")],
        rows=rows,
    )
    response = HttpResponse(table.to_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table.name}.csv"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def round_close(request, pk: int):
    scan_round, refused = _round(request, pk, "scan.manage_group")
    if refused:
        return refused
    if request.POST.get("bevestig") != "ja":
        context = _round_context(request, scan_round)
        context["close_error"] = (
            "De ronde is niet afgesloten: vink eerst aan dat je begrijpt dat er daarna niemand "
            "meer kan antwoorden."
        )
        return render(request, "scan/round.html", context, status=400)
    with transaction.atomic():
        scan_round.closed = True
        scan_round.save(update_fields=["closed"])
    messages.success(request, f"De ronde “{scan_round.title}” is afgesloten.")
    return redirect("scan_round", pk=scan_round.pk)
