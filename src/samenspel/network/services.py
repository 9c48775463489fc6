"""The bridge between the database and the Netwerk's pure modules (graph, directory).

- :func:`network` builds today's cooperation network: municipalities from the Atlas, linked by
  the IGS they are in today (fully or partly, :mod:`samenspel.partnerships.coverage`) and by the
  partners of *published* initiatives (an IGS among the partners stands for its municipalities
  of today); people who agreed to be listed in Wie is wie, linked when both took part in the
  same past published event and both agreed to be listed among its participants
  (:func:`samenspel.network.events.services.consented_participations`).
- :func:`directory_entries` reads the people for Wie is wie: only ``consent_listed_at`` set,
  contact details only with ``consent_contact_at`` set, with their roles valid today.
- :func:`latest` gathers the newest published practices and initiatives and the upcoming
  events for the landing page and the block on the IGS and municipality pages.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from samenspel.accounts import organisations
from samenspel.accounts import roles as role_names
from samenspel.accounts.models import Person, Role
from samenspel.atlas.services import get_atlas
from samenspel.network import directory, graph

#: Bounds: initiatives and listed people read for the graph; meetings read for the people graph.
MAX_INITIATIVES = 1_000
MAX_PEOPLE = 5_000
MAX_PARTICIPATIONS = 50_000


def safe_url(name: str, *args) -> str:
    """The URL of ``name``, or "" while a sub-app does not define it yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def object_url(obj, detail_name: str) -> str:
    fn = getattr(obj, "get_absolute_url", None)
    if callable(fn):
        try:
            return fn()
        except NoReverseMatch:
            return ""
    return safe_url(detail_name, obj.pk)


# --- places and groups -------------------------------------------------------------------


def places(atlas) -> list[graph.Place]:
    return [
        graph.Place(
            m.refnis, m.name, m.region, m.is_centrumstad, float(m.centroid[0]), float(m.centroid[1])
        )
        for m in atlas.municipalities.values()
    ]


def igs_today(atlas, on: date | None = None) -> dict[str, list[str]]:
    """IGS slug → the 2025 municipalities in it today (fully or partly), active IGS only."""
    on = on or timezone.localdate()
    cov = atlas.coverage(on)
    return {s: pc.territory for s, pc in cov.partnerships.items() if pc.memberships}


def igs_groups(atlas, members: dict[str, list[str]]) -> list[graph.Group]:
    return [
        graph.Group(graph.IGS, slug, atlas.partnerships[slug].name, frozenset(codes))
        for slug, codes in sorted(members.items())
        if slug in atlas.partnerships
    ]


def initiative_groups(members: dict[str, list[str]]) -> list[graph.Group]:
    """One group per published initiative: its municipalities plus today's municipalities of
    its IGS partners."""
    from samenspel.network.initiatives.models import Initiative

    out = []
    qs = Initiative.objects.published().order_by("-published_at", "-id")[:MAX_INITIATIVES]
    for ini in qs:
        codes = set(ini.refnis_list)
        for slug in ini.igs_list:
            codes.update(members.get(slug, ()))
        out.append(graph.Group(graph.INITIATIVE, str(ini.pk), ini.title, frozenset(codes)))
    return out


# --- people ------------------------------------------------------------------------------


def _roles_today() -> dict[int, list[tuple[str, str, str, str]]]:
    rows = defaultdict(list)
    for pid, role, refnis, igs, org in (
        Role.objects.valid_on()
        .filter(person__consent_listed_at__isnull=False)
        .values_list("person_id", "role", "refnis", "igs", "organisation")
        .order_by("person_id", "pk")
    ):
        rows[pid].append((role, refnis, igs, org))
    return rows


def listed_people(limit: int = MAX_PEOPLE):
    """The persons who agreed to be listed, with their roles today (id → rows)."""
    roles = _roles_today()
    people = (
        Person.objects.filter(consent_listed_at__isnull=False)
        .order_by("name", "pk")
        .values_list("pk", "name", "function", "email", "phone", "consent_contact_at")[:limit]
    )
    return [(p, roles.get(p[0], [])) for p in people]


# --- contact details: one rule for every page -------------------------------------------------


def may_see_contact(user) -> bool:
    """Contact details (e-mail, phone) are shown only to signed-in users, and only of people
    who consented to showing them; a name and role (with consent to be listed) may be public."""
    return bool(getattr(user, "is_authenticated", False))


@dataclass(frozen=True)
class Contact:
    """What a visitor may see of a contact person (``email``/``phone`` "" when not allowed)."""

    name: str  # "" when an anonymous visitor may not see who it is
    function: str
    email: str
    phone: str
    #: There are contact details (or a name), but the visitor must sign in to see them.
    sign_in_for_details: bool


def contact_of(person, user) -> Contact | None:
    """The contact ``person`` as ``user`` may see it, or None when the person did not consent
    to being shown as contact. Anonymous visitors see the name only of people who agreed to be
    listed, and never their e-mail or phone."""
    if person is None or not person.consent_contact:
        return None
    signed_in = may_see_contact(user)
    if not signed_in and not person.consent_listed:
        name, function = "", ""
    else:
        name, function = person.name, person.function
    return Contact(
        name=name,
        function=function,
        email=person.email if signed_in else "",
        phone=person.phone if signed_in else "",
        sign_in_for_details=not signed_in and (bool(person.email or person.phone) or not name),
    )


def directory_entries(atlas, *, with_contact: bool = False) -> list[directory.Entry]:
    """Wie is wie: every listed person with a role in a place of the loaded data; e-mail and
    phone only ``with_contact`` (a signed-in visitor, :func:`may_see_contact`) and consent."""
    igs_names = {s: p.name for s, p in atlas.partnerships.items()} if atlas else {}
    munis = {c: (m.name, m.region) for c, m in atlas.municipalities.items()} if atlas else {}
    orgs = {o.code: o.name for o in organisations.ORGANISATIONS}
    out = []
    for (pid, name, function, email, phone, consent_contact_at), rows in listed_people():
        e = directory.entry(
            pid,
            name,
            function,
            email,
            phone,
            with_contact and consent_contact_at is not None,
            rows,
            role_labels=role_names.ROLE_LABELS,
            igs_names=igs_names,
            municipalities=munis,
            organisations=orgs,
        )
        if e is not None:
            out.append(e)
    return out


def graph_people() -> tuple[list[graph.Person], list[graph.Meeting]]:
    """Listed people (with a role today) and the past events they took part in with consent."""
    from samenspel.network.events.models import Event
    from samenspel.network.events.services import consented_participations

    people = [
        graph.Person(pid, name, tuple((r, refnis, igs) for r, refnis, igs, _org in rows))
        for (pid, name, *_rest), rows in listed_people()
        if rows
    ]
    ids = {p.id for p in people}
    by_event = defaultdict(set)
    for person_id, event_id in consented_participations().order_by("event_id", "person_id")[
        :MAX_PARTICIPATIONS
    ]:
        if person_id in ids:
            by_event[event_id].add(person_id)
    titles = dict(Event.objects.filter(pk__in=list(by_event)).values_list("pk", "title"))
    meetings = [
        graph.Meeting(str(eid), titles.get(eid, f"ontmoeting {eid}"), frozenset(pids))
        for eid, pids in sorted(by_event.items())
        if len(pids) > 1
    ]
    return people, meetings


def network(atlas=None, *, with_people: bool = True) -> graph.Network | None:
    atlas = atlas if atlas is not None else get_atlas()
    if atlas is None:
        return None
    members = igs_today(atlas)
    groups = igs_groups(atlas, members) + initiative_groups(members)
    people, meetings = graph_people() if with_people else ([], [])
    return graph.build(places(atlas), groups, people, meetings)


# --- the newest of the sub-apps ----------------------------------------------------------


def latest(igs: str | None = None, refnis: str | None = None, limit: int = 5) -> dict:
    """The newest published practices and initiatives and the upcoming events, each as
    ``(title, url, extra)`` rows, for the landing page and the place blocks."""
    from samenspel.network.events.services import upcoming
    from samenspel.network.initiatives.services import published_for as initiatives_for
    from samenspel.network.practices.services import published_for as practices_for

    practices = [
        (p.title, object_url(p, "practice_detail"), p.get_kind_display())
        for p in practices_for(igs=igs, refnis=refnis, limit=limit)
    ]
    initiatives = [
        (i.title, object_url(i, "initiative_detail"), i.status_label)
        for i in initiatives_for(igs=igs, refnis=refnis, limit=limit)
    ]
    events = [
        (e.title, object_url(e, "event_detail"), timezone.localtime(e.start))
        for e in upcoming(igs=igs, refnis=refnis, limit=limit)
    ]
    return {"practices": practices, "initiatives": initiatives, "events": events}


def list_urls() -> dict:
    return {
        "practices": safe_url("practice_list"),
        "initiatives": safe_url("initiative_list"),
        "events": safe_url("event_list"),
    }
