"""The pages of the network events ("ontmoetingen"): list, detail with registration and the
organiser's tools, write and change, and the iCalendar files.

Who sees what (``accounts/permissions.py``): a published event is public; a draft only for whom
may change it (staff, the coordinator of the organising IGS, its author) and is a 404 for
everyone else, so that a draft's existence does not leak. Registering needs a login. The
organiser's tools (attendance, the registrations as CSV, with names and e-mail addresses: personal
data) are for ``events.change_event`` only.
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samenspel.accounts.models import Role
from samenspel.accounts.organisations import ORGANISATIONS
from samenspel.accounts.permissions import places
from samenspel.accounts.roles import STEUNPUNT
from samenspel.accounts.services import history_entries
from samenspel.atlas.services import get_atlas
from samenspel.core.tables import Column, Table
from samenspel.core.web import no_data
from samenspel.network.events import ical, services
from samenspel.network.events.forms import EventForm, RegisterForm
from samenspel.network.events.models import FORMAL, INFORMAL, KIND_SHORT, Event, Registration

PER_PAGE = 20
MAX_FEED = 200
MAX_DRAFTS = 50
MAX_PK = 2**63 - 1
ORGANISATION_NAMES = {o.code: o.name for o in ORGANISATIONS}
ICS_TYPE = "text/calendar; charset=utf-8"


def _event(pk: int) -> Event:
    if pk > MAX_PK:
        raise Http404("Deze ontmoeting bestaat niet.")
    try:
        return Event.objects.select_related("created_by").get(pk=pk)
    except Event.DoesNotExist:
        raise Http404("Deze ontmoeting bestaat niet.") from None


def _visible(request, pk: int) -> Event:
    event = _event(pk)
    if not request.user.has_perm("events.view_event", event):
        raise Http404("Deze ontmoeting bestaat niet.")
    return event


def _message(request, title: str, message: str, status: int):
    return render(request, "events/fout.html", {"title": title, "message": message}, status=status)


def describe(event: Event, atlas=None) -> dict:
    """Names instead of codes, for the pages."""
    atlas = atlas if atlas is not None else get_atlas()
    igs = atlas.partnerships.get(event.igs) if atlas and event.igs else None
    muni = atlas.municipalities.get(event.refnis) if atlas and event.refnis else None
    organisation = ORGANISATION_NAMES.get(event.organisation, event.organisation)
    organisers = [igs.name if igs else event.igs] if event.igs else []
    if event.organisation:
        organisers.append(organisation)
    return {
        "event": event,
        "igs_name": igs.name if igs else event.igs,
        "municipality_name": muni.name if muni else event.refnis,
        "organisation_name": organisation,
        "organisers": organisers,
        "kind_short": KIND_SHORT.get(event.kind, event.kind),
    }


def _drafts_for(user):
    """The unpublished events this user may change (bounded)."""
    if not user.is_authenticated:
        return []
    mine = places(user)
    qs = Event.objects.filter(published=False)
    if not mine.support:
        qs = qs.filter(Q(created_by=user) | Q(igs__in=sorted(mine.coordinates_igs)))
    return list(qs.order_by("start", "pk")[:MAX_DRAFTS])


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


@require_safe
def event_list(request):
    atlas = get_atlas()
    kind = request.GET.get("soort", "")
    when = request.GET.get("wanneer", "komend")
    problems = []
    if kind not in ("", FORMAL, INFORMAL):
        problems.append(f"Soort: kies formeel of informeel (niet “{kind[:40]}”).")
        kind = ""
    if when not in ("komend", "voorbij"):
        problems.append(f"Wanneer: kies komend of voorbij (niet “{when[:40]}”).")
        when = "komend"
    igs = request.GET.get("igs", "")[:80]
    refnis = request.GET.get("gemeente", "")[:5]
    place = ""
    if igs:
        if atlas is None or igs not in atlas.partnerships:
            problems.append(f"IGS: geen IGS “{igs}” gevonden.")
            igs = ""
        else:
            place = atlas.partnerships[igs].name
    if refnis:
        if atlas is None or refnis not in atlas.municipalities:
            problems.append(f"Gemeente: geen gemeente met REFNIS-code “{refnis}”.")
            refnis = ""
        else:
            place = atlas.municipalities[refnis].name
    qs = Event.objects.published()
    if kind:
        qs = qs.filter(kind=kind)
    if igs:
        qs = qs.filter(igs=igs)
    if refnis:
        qs = qs.filter(refnis=refnis)
    qs = qs.upcoming() if when == "komend" else qs.past()
    current = Paginator(qs, PER_PAGE).get_page(request.GET.get("pagina"))
    params = request.GET.copy()
    params.pop("pagina", None)
    context = {
        "items": [describe(e, atlas) for e in current.object_list],
        "page": current,
        "query": params.urlencode(),
        "kind": kind,
        "when": when,
        "problems": problems,
        "drafts": [describe(e, atlas) for e in _drafts_for(request.user)],
        "may_add": request.user.has_perm("events.add_event"),
        "igs": igs,
        "refnis": refnis,
        "place": place,
        "feed_url": request.build_absolute_uri(reverse("event_feed"))
        + (f"?igs={igs}" if igs else ""),
    }
    return render(request, "events/lijst.html", context, status=400 if problems else 200)


@require_safe
def event_detail(request, pk: int):
    event = _visible(request, pk)
    may_change = request.user.has_perm("events.change_event", event)
    mine = services.registration_of(event, request.user)
    listed = list(services.participants_of(event)[: services.MAX_PER_EVENT])
    total = services.participant_count(event)
    context = describe(event)
    context.update(
        {
            "may_change": may_change,
            "mine": mine,
            "open": event.registration_open(),
            "closed_reason": services.closed_reason(event),
            "form": RegisterForm(initial={"vermelden": mine.consent_listed if mine else False}),
            "listed": listed,
            "others": max(0, total - len(listed)),
            "total": total,
            "waiting": event.registrations.waiting().count(),
            "past": event.is_past(),
            # attendance is ticked off once the event has begun, not before
            "started": event.start <= timezone.now(),
            # only for the organisers: the history names whoever changed the event, and a
            # visitor may not read the name of someone who did not agree to be listed
            "history": history_entries(event) if may_change else None,
        }
    )
    if may_change:
        context["registrations"] = list(
            event.registrations.active()
            .select_related("person")
            .order_by("status", "person__name", "pk")[:1000]
        )
    return render(request, "events/detail.html", context)


def _ics_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text.encode("utf-8"), content_type=ICS_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _ics_event(request, event: Event) -> ical.IcsEvent:
    d = describe(event)
    where = event.location
    if event.refnis and d["municipality_name"] and d["municipality_name"] not in where:
        where = f"{where}, {d['municipality_name']}"
    text = event.description
    if d["organisers"]:
        text = (text + "\n\n" if text else "") + "Organisatie: " + ", ".join(d["organisers"])
    return ical.IcsEvent(
        uid=event.uid,
        start=event.start,
        end=event.end,
        summary=event.title,
        description=text,
        location=where,
        url=request.build_absolute_uri(event.get_absolute_url()),
        last_modified=event.updated_at,
        status="CANCELLED" if event.cancelled else "CONFIRMED",
    )


@require_safe
def event_ics(request, pk: int):
    event = _visible(request, pk)
    text = ical.calendar([_ics_event(request, event)], generated=timezone.now())
    return _ics_response(text, f"ontmoeting-{event.pk}.ics")


_SLUG = re.compile(r"[a-z0-9-]{1,80}")


@require_safe
def event_feed(request):
    """All published events still to come (at most :data:`MAX_FEED`), also the cancelled ones so
    that a subscribed calendar sees the cancellation; ``?igs=<slug>`` for one IGS."""
    qs = Event.objects.published().upcoming()
    igs = request.GET.get("igs", "")
    if igs:
        if not _SLUG.fullmatch(igs):
            return _message(request, "Onbekend IGS", "Geef het IGS met zijn korte naam.", 400)
        qs = qs.filter(igs=igs)
    events = [_ics_event(request, e) for e in qs[:MAX_FEED]]
    text = ical.calendar(events, generated=timezone.now(), name="Samenspel – ontmoetingen")
    return _ics_response(text, "samenspel-ontmoetingen.ics")


# --------------------------------------------------------------------------------------------
# Registering
# --------------------------------------------------------------------------------------------


@login_required
@require_POST
def event_register(request, pk: int):
    event = _visible(request, pk)
    if not request.user.has_perm("events.register", event):
        return _message(request, "Geen toegang", "Meld je aan om in te schrijven.", 403)
    form = RegisterForm(request.POST)
    form.is_valid()  # a single checkbox: always valid
    person = services.person_for(request.user, create=True)
    try:
        reg = services.register(event, person, bool(form.cleaned_data.get("vermelden")))
    except services.RegistrationClosed as exc:
        return _message(request, "Inschrijven kan niet", str(exc), 409)
    if reg.status == Registration.WAITING:
        messages.info(request, "De ontmoeting is volzet: je staat op de wachtlijst.")
    else:
        messages.success(request, f"Je bent ingeschreven voor “{event.title}”.")
    return redirect("event_detail", pk=event.pk)


@login_required
@require_POST
def event_unregister(request, pk: int):
    event = _visible(request, pk)
    reg = services.registration_of(event, request.user)
    if reg is None or reg.cancelled:
        return _message(request, "Niet ingeschreven", "Je was niet ingeschreven.", 409)
    services.cancel(reg)
    messages.success(request, f"Je bent uitgeschreven voor “{event.title}”.")
    return redirect("event_detail", pk=event.pk)


# --------------------------------------------------------------------------------------------
# Organiser's tools
# --------------------------------------------------------------------------------------------


def _organiser(request, pk: int) -> Event | None:
    """The event when the user may organise it; None when they may only see it (404 when not
    even that)."""
    event = _visible(request, pk)
    return event if request.user.has_perm("events.change_event", event) else None


def _forbidden(request, event: Event | None = None):
    what = f"de ontmoeting “{event.title}”" if event else "deze ontmoeting"
    return _message(
        request,
        "Geen toegang",
        f"Enkel wie {what} organiseert (de coördinator van het IGS, wie ze aanmaakte of een "
        "beheerder) kan dit.",
        403,
    )


@login_required
@require_POST
def event_attendance(request, pk: int):
    event = _organiser(request, pk)
    if event is None:
        return _forbidden(request)
    raw = request.POST.getlist("aanwezig")
    if len(raw) > 1000 or not all(v.isdecimal() and len(v) <= 18 for v in raw):
        return _message(request, "Ongeldige keuze", "De lijst van aanwezigen is ongeldig.", 400)
    if event.start > timezone.now():
        return _message(
            request,
            "Nog niet begonnen",
            "Aanwezigheid aanvinken kan vanaf het begin van de ontmoeting.",
            409,
        )
    present = services.record_attendance(event, raw)
    messages.success(request, f"Aanwezigheid bewaard: {present} aanwezig.")
    return redirect("event_detail", pk=event.pk)


@login_required
@require_safe
def event_registrations_csv(request, pk: int):
    event = _organiser(request, pk)
    if event is None:
        return _forbidden(request)
    table = Table(
        name=f"inschrijvingen-ontmoeting-{event.pk}",
        title=f"Inschrijvingen: {event.title}",
        columns=[
            Column("name", "Naam"),
            Column("email", "E-mailadres"),
            Column("function", "Functie"),
            Column("status", "Status"),
            Column("when", "Ingeschreven op"),
            Column("listed", "Vermeld bij deelnemers"),
            Column("attended", "Aanwezig"),
        ],
        rows=[
            {
                "name": r.person.name,
                "email": r.person.email,
                "function": r.person.function,
                "status": r.get_status_display(),
                "when": timezone.localtime(r.created_at).strftime("%d/%m/%Y %H:%M"),
                "listed": r.consent_listed,
                "attended": r.attended,
            }
            for r in event.registrations.active()
            .select_related("person")
            .order_by("status", "person__name", "pk")[:5000]
        ],
    )
    response = HttpResponse(table.to_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{table.name}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def _initial(event: Event | None, atlas, user) -> dict:
    if event is None:
        mine = places(user)
        if len(mine.coordinates_igs) == 1 and not mine.support:  # their IGS organises
            return {"igs": next(iter(mine.coordinates_igs))}
        if mine.support:
            orgs = set(
                Role.objects.valid_on()
                .filter(person__user=user, role=STEUNPUNT)
                .values_list("organisation", flat=True)
            )
            if len(orgs) == 1 and next(iter(orgs)) in ORGANISATION_NAMES:
                return {"organisatie": next(iter(orgs))}
        return {}
    local = timezone.localtime
    muni = atlas.municipalities.get(event.refnis) if event.refnis else None
    return {
        "titel": event.title,
        "soort": event.kind,
        "beschrijving": event.description,
        "begin": local(event.start),
        "einde": local(event.end),
        "plaats": event.location,
        "gemeente": muni.name if muni else event.refnis,
        "igs": event.igs,
        "organisatie": event.organisation,
        "plaatsen": event.capacity,
        "inschrijven_tot": local(event.registration_deadline)
        if event.registration_deadline
        else None,
        "gepubliceerd": event.published,
        "afgelast": event.cancelled,
    }


def _save(form: EventForm, event: Event, user) -> Event:
    d = form.cleaned_data
    event.title = d["titel"]
    event.kind = d["soort"]
    event.description = d["beschrijving"]
    event.start = d["begin"]
    event.end = d["einde"]
    event.location = d["plaats"]
    event.refnis = d["gemeente"]
    event.igs = d["igs"]
    event.organisation = d["organisatie"]
    event.capacity = d["plaatsen"]
    event.registration_deadline = d["inschrijven_tot"]
    event.published = d["gepubliceerd"]
    event.cancelled = d["afgelast"]
    if event.pk is None:
        event.created_by = user
    with transaction.atomic():
        if event.pk is not None:
            # the seats as they are now (another request may have taken one meanwhile)
            locked = Event.objects.select_for_update().only("taken").get(pk=event.pk)
            event.taken = locked.taken
            if event.capacity is not None and event.capacity < event.taken:
                event.capacity = event.taken
        event.save()
        services.fill_from_waiting_list(event)
    return event


def _edit(request, event: Event | None):
    atlas = get_atlas()
    if atlas is None:
        return no_data(request)
    taken = event.taken if event else 0
    kwargs = {"atlas": atlas, "user": request.user, "taken": taken}
    status = 200
    if request.method == "POST":
        form = EventForm(request.POST, initial=_initial(event, atlas, request.user), **kwargs)
        if form.is_valid():
            saved = _save(form, event or Event(), request.user)
            done = "gewijzigd" if event else "bewaard"
            state = "" if saved.published else " Ze is nog niet gepubliceerd."
            messages.success(request, f"De ontmoeting “{saved.title}” is {done}.{state}")
            return redirect("event_detail", pk=saved.pk)
        status = 400
    else:
        form = EventForm(initial=_initial(event, atlas, request.user), **kwargs)
    return render(request, "events/formulier.html", {"form": form, "event": event}, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def event_new(request):
    if not request.user.has_perm("events.add_event"):
        return _message(
            request,
            "Geen toegang",
            "Een ontmoeting aanmaken kan een IGS-coördinator of een medewerker van een steunpunt.",
            403,
        )
    return _edit(request, None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def event_edit(request, pk: int):
    event = _visible(request, pk)
    if not request.user.has_perm("events.change_event", event):
        return _forbidden(request, event)
    return _edit(request, event)
