"""Services of the initiatives registry that other apps use.

``published_for(igs=None, refnis=None, limit=5)``: the newest published initiatives with this
IGS and/or this municipality among their partners (both given: both must be partners; neither:
the newest of all). Drafts are never returned, whoever asks. On a page, the template tag
``{% load initiatives %}{% initiatives_block igs=slug %}`` (or ``refnis=code``) shows them.
"""

from __future__ import annotations

from samenspel.network.initiatives.models import Initiative
from samenspel.network.places import igs_regions

#: The most a caller can ask for at once.
MAX_LIMIT = 50


def published_for(igs: str | None = None, refnis: str | None = None, limit: int = 5) -> list:
    """The newest ``limit`` (1–50) published initiatives of an IGS and/or a municipality."""
    try:
        limit = int(limit)
    except (TypeError, ValueError):
        limit = 5
    limit = max(1, min(limit, MAX_LIMIT))
    qs = Initiative.objects.published().with_partner(
        igs=str(igs or "").strip(), refnis=str(refnis or "").strip()
    )
    return list(qs.order_by("-published_at", "-id")[:limit])


def count_published_for(igs: str | None = None, refnis: str | None = None) -> int:
    return (
        Initiative.objects.published()
        .with_partner(igs=str(igs or "").strip(), refnis=str(refnis or "").strip())
        .count()
    )


def partners_in_region(atlas, region_code: str) -> tuple[list[str], list[str]]:
    """(IGS slugs, REFNIS codes) of the partners that lie in a referentieregio."""
    refnis = sorted(c for c, m in atlas.municipalities.items() if m.region_code == region_code)
    slugs = sorted(s for s, regions in igs_regions(atlas).items() if region_code in regions)
    return slugs, refnis


def describe(initiative, atlas=None, regions_of_igs: dict | None = None) -> dict:
    """What a page shows of an initiative: partner names instead of codes, centrumsteden
    marked, the referentieregio's it touches."""
    from samenspel.atlas.services import get_atlas

    atlas = atlas if atlas is not None else get_atlas()
    munis = atlas.municipalities if atlas else {}
    igs = atlas.partnerships if atlas else {}
    if regions_of_igs is None:
        regions_of_igs = igs_regions(atlas) if atlas else {}
    municipalities = [
        {
            "refnis": c,
            "name": munis[c].name if c in munis else c,
            "centrumstad": bool(c in munis and munis[c].is_centrumstad),
            "region": munis[c].region if c in munis else "",
        }
        for c in initiative.refnis_list
    ]
    partnerships = [
        {"slug": s, "name": igs[s].name if s in igs else s} for s in initiative.igs_list
    ]
    region_codes = {munis[c].region_code for c in initiative.refnis_list if c in munis}
    for s in initiative.igs_list:
        region_codes |= regions_of_igs.get(s, set())
    regions = sorted(atlas.regions[r].name for r in region_codes if atlas and r in atlas.regions)
    return {
        "initiative": initiative,
        "municipalities": municipalities,
        "partnerships": partnerships,
        "centrumsteden": [m for m in municipalities if m["centrumstad"]],
        "regions": regions,
    }


def describe_all(initiatives, atlas=None) -> list[dict]:
    from samenspel.atlas.services import get_atlas

    atlas = atlas if atlas is not None else get_atlas()
    regions_of_igs = igs_regions(atlas) if atlas else {}
    return [describe(i, atlas, regions_of_igs) for i in initiatives]


def timeline(initiative) -> list[dict]:
    """The decisions and the status changes of an initiative, oldest first.

    A status change is read from the history: the first record says in which status the
    initiative was registered, every later record whose status differs from the one before is
    a change ("van lopend naar afgelopen"), with the day it was saved. Publishing and
    withdrawing are shown the same way, and the start and end dates ("periode"). Each entry:
    ``date``, ``kind`` ("status", "publicatie", "beslissing", "periode"), ``title``, and for a
    decision ``decision``.
    """
    from django.utils import timezone

    from samenspel.network.initiatives.models import STATUS_LABELS

    events = []
    previous = None
    records = initiative.history.order_by("history_date", "history_id").only(
        "history_date", "history_id", "status", "published"
    )
    for i, record in enumerate(records.iterator()):
        day = timezone.localdate(record.history_date)
        label = STATUS_LABELS.get(record.status, record.status)
        if previous is None:
            events.append(
                {"date": day, "kind": "status", "order": (1, i), "title": f"Geregistreerd: {label}"}
            )
        elif record.status != previous.status:
            old = STATUS_LABELS.get(previous.status, previous.status)
            events.append(
                {
                    "date": day,
                    "kind": "status",
                    "order": (1, i),
                    "title": f"Status: van {old} naar {label}",
                }
            )
        if (previous is None and record.published) or (
            previous is not None and record.published != previous.published
        ):
            events.append(
                {
                    "date": day,
                    "kind": "publicatie",
                    "order": (1, i),
                    "title": "Gepubliceerd" if record.published else "Teruggetrokken (concept)",
                }
            )
        previous = record
        if i >= 1000:  # bounded: a pathological history is cut, never a slow page
            break
    for j, decision in enumerate(initiative.decisions.all()[:500]):
        events.append(
            {
                "date": decision.date,
                "kind": "beslissing",
                "order": (0, j),
                "title": decision.body,
                "decision": decision,
            }
        )
    if initiative.start_date:
        events.append(
            {"date": initiative.start_date, "kind": "periode", "order": (0, -2), "title": "Begin"}
        )
    if initiative.end_date:
        events.append(
            {"date": initiative.end_date, "kind": "periode", "order": (2, 0), "title": "Einde"}
        )
    events.sort(key=lambda e: (e["date"], e["order"]))
    return events


# --- personal data (registered in apps.py) ----------------------------------------------------


def export_for(user) -> dict:
    """Everything of ``user`` in the registry: the initiatives, decisions and documents they
    registered, and the initiatives that name them as contact."""
    from samenspel.network.initiatives.models import Decision, Document, Initiative

    def initiative_row(i):
        return {
            "id": i.pk,
            "titel": i.title,
            "soort": i.kind_label,
            "status": i.status_label,
            "korte omschrijving": i.summary,
            "doelen": i.goals,
            "partnergemeenten": i.refnis_list,
            "partner-IGS": i.igs_list,
            "andere partners": i.other_partners,
            "begindatum": i.start_date.isoformat() if i.start_date else None,
            "einddatum": i.end_date.isoformat() if i.end_date else None,
            "gepubliceerd": i.published,
            "aangemaakt op": i.created_at.isoformat(),
        }

    return {
        "initiatieven": [
            initiative_row(i) for i in Initiative.objects.filter(created_by=user).order_by("pk")
        ],
        "beslissingen": [
            {
                "initiatief": d.initiative_id,
                "datum": d.date.isoformat(),
                "orgaan": d.body,
                "beslissing": d.text,
                "link": d.url,
            }
            for d in Decision.objects.filter(created_by=user).order_by("pk")
        ],
        "documenten": [
            {
                "initiatief": d.initiative_id,
                "titel": d.title,
                "bestandsnaam": d.file_name,
                "link": d.url,
            }
            for d in Document.objects.filter(created_by=user).order_by("pk")
        ],
        "contactpersoon van": [
            {"id": i.pk, "titel": i.title}
            for i in Initiative.objects.filter(contact__user=user).order_by("pk")
        ],
    }


def anonymise_for(user) -> int:
    """Authorship → nobody and contact cleared where it is this user's person, also in the
    history; the initiatives, decisions and documents themselves stay. Returns the number of
    records changed (history rows not counted)."""
    from samenspel.network.initiatives.models import Decision, Document, Initiative

    changed = 0
    for model in (Initiative, Decision, Document):
        changed += model.objects.filter(created_by=user).update(created_by=None)
        model.history.model.objects.filter(created_by=user.pk).update(created_by=None)
    person_ids = list(_person_ids(user))
    if person_ids:
        changed += Initiative.objects.filter(contact__in=person_ids).update(contact=None)
        Initiative.history.model.objects.filter(contact__in=person_ids).update(contact=None)
    return changed


def _person_ids(user):
    from samenspel.accounts.models import Person

    return Person.objects.filter(user=user).values_list("pk", flat=True)
