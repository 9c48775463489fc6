"""What other apps and the views use of the practice library.

- :func:`published_for` — the newest published practices of an IGS, a municipality or a theme,
  for the network landing page, the scan's results and the IGS and municipality pages.
- :func:`save_practice`, :func:`transition` — writing and moderating, each in one transaction
  and each recorded in the practice's history (who, when, which status).
- :func:`search_page` — the published practices as search documents (:mod:`.search`).
- :func:`export_for`, :func:`anonymise_for` — the personal-data provider ("praktijken").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from samenspel.accounts import permissions
from samenspel.network.places import igs_regions
from samenspel.network.practices import search, workflow
from samenspel.network.practices.models import (
    KIND_LABELS,
    SCALE_LABELS,
    Practice,
)
from samenspel.network.themes import THEME_LABELS

#: At most this many practices are read for one search (the newest first); the prefilter on
#: every query word keeps the real number far below it.
MAX_CANDIDATES = 2_000
#: :func:`published_for` never returns more than this.
MAX_LIMIT = 50


def published_for(igs=None, refnis=None, themes=None, limit=5) -> list[Practice]:
    """The newest published practices of IGS ``igs`` (a slug), of municipality ``refnis``
    (a REFNIS 2025 code) and with one of ``themes`` (a code or a list of codes of
    :data:`samenspel.network.themes.THEMES`); each only when given. At most ``limit`` (capped
    at :data:`MAX_LIMIT`)."""
    if isinstance(themes, str):
        themes = [themes]
    try:
        limit = max(0, min(int(limit), MAX_LIMIT))
    except (TypeError, ValueError):
        limit = 5
    qs = Practice.objects.published().about(igs=igs or "", refnis=refnis or "", themes=themes or ())
    return list(qs.order_by("-published_at", "-id")[:limit])


# --------------------------------------------------------------------------------------------
# Places and context
# --------------------------------------------------------------------------------------------


def igs_name(atlas, slug: str) -> str:
    p = atlas.partnerships.get(slug) if atlas is not None else None
    return p.name if p else slug


def municipality_name(atlas, refnis: str) -> str:
    m = atlas.municipalities.get(refnis) if atlas is not None else None
    return m.name if m else refnis


def regions_of(practice: Practice, atlas) -> set[str]:
    """The referentieregio's (slugs) of the practice's municipalities and of every municipality
    that was ever a member of its IGS."""
    if atlas is None:
        return set()
    out = {
        atlas.municipalities[c].region_slug
        for c in practice.refnis_list
        if c in atlas.municipalities
    }
    by_igs = igs_regions(atlas, "region_slug")
    for slug in practice.igs_slugs():
        out |= by_igs.get(slug, set())
    return out


def region_labels(atlas) -> dict[str, str]:
    if atlas is None:
        return {}
    return {r.slug: r.name for r in atlas.regions.values()}


def context_text(practice: Practice, atlas) -> str:
    """Theme labels and place names: what the search finds a practice by besides its text."""
    parts = [THEME_LABELS.get(t, t) for t in practice.theme_list]
    parts += [igs_name(atlas, s) for s in practice.igs_list]
    parts += [municipality_name(atlas, c) for c in practice.refnis_list]
    return " ".join(parts)


def describe(practice: Practice, atlas) -> dict:
    """Names instead of codes, for the templates."""
    return {
        "practice": practice,
        "igs": [(s, igs_name(atlas, s)) for s in practice.igs_list],
        "municipalities": [(c, municipality_name(atlas, c)) for c in practice.refnis_list],
        "themes": practice.theme_labels,
        "scale": SCALE_LABELS.get(practice.scale, practice.scale),
    }


# --------------------------------------------------------------------------------------------
# Writing and moderating
# --------------------------------------------------------------------------------------------


def may_moderate(user) -> bool:
    return user.has_perm("practices.moderate_practice")


def save_practice(practice: Practice, user, atlas, *, reason: str = "") -> Practice:
    """Save a new or changed practice written by ``user``. A new one is a draft of its
    author; a published one changed by a non-moderator goes back to review."""
    moderator = may_moderate(user)
    if practice.pk is None:
        practice.author = user
        practice.status = workflow.DRAFT
        reason = reason or "aangemaakt als concept"
    else:
        before = practice.status
        practice.status = workflow.status_after_edit(before, may_moderate=moderator)
        if practice.status != before:
            reason = "gewijzigd na publicatie: opnieuw ter nazicht"
    practice.search_text = practice.build_search_text(context_text(practice, atlas))
    practice._history_user = user
    practice._change_reason = reason[:100] if reason else None
    with transaction.atomic():
        practice.save()
    return practice


def transition(practice: Practice, action: str, user, note: str = "") -> Practice:
    """Apply a workflow action (see :mod:`.workflow`) for ``user``, in one transaction;
    raises :class:`~.workflow.WorkflowError` with a Dutch message when it is not allowed."""
    with transaction.atomic():
        current = Practice.objects.select_for_update().get(pk=practice.pk)
        target = workflow.apply(
            action,
            current.status,
            may_edit=user.has_perm("practices.change_practice", current),
            may_moderate=may_moderate(user),
            note=note,
        )
        t = workflow.TRANSITIONS[action]
        current.status = target
        if t.needs_note:
            current.moderator_note = note.strip()
        elif action == "publish":
            current.moderator_note = ""
        if target == workflow.PUBLISHED:
            current.published_at = timezone.now()
        elif action == "unpublish":
            current.published_at = None
        current._history_user = user
        current._change_reason = t.done
        current.save()
    return current


# --------------------------------------------------------------------------------------------
# Lists
# --------------------------------------------------------------------------------------------


def editable_by(user):
    """The practices ``user`` may change (in any status): theirs, those of the IGS they
    coordinate or work for as medewerker and of the municipalities they edit for; all of them
    for staff (the rule of ``practices.change_practice`` as a query)."""
    from django.db.models import Q

    places = permissions.places(user)
    if places.support:
        return Practice.objects.all()
    cond = Q(author=user)
    for slug in places.edits_igs:  # coordinators and medewerkers of the IGS
        cond |= Q(igs__contains=f",{slug},")
    for code in places.edits_refnis:
        cond |= Q(municipalities__contains=f",{code},")
    return Practice.objects.filter(cond)


def review_queue():
    return Practice.objects.filter(status=workflow.REVIEW).order_by("updated_at", "id")


@dataclass
class Candidates:
    docs: list[search.Doc]
    practices: dict[int, Practice]
    capped: bool


def candidates(tokens: Iterable[str], atlas, *, refnis: str = "") -> Candidates:
    """The published practices that contain every word in ``tokens`` (prefilter), at most
    :data:`MAX_CANDIDATES`, as search documents with their facet values."""
    tokens = list(tokens)
    # The long texts are not read: the stored search_text holds their words (see Doc.all_words)
    # and only a query needs it.
    qs = Practice.objects.published().defer(
        "what_worked", "what_failed", "lessons", "moderator_note"
    )
    if not tokens:
        qs = qs.defer("search_text")
    for token in tokens:
        qs = qs.filter(search_text__icontains=token)
    if refnis:
        qs = qs.about(refnis=refnis)
    rows = list(qs.order_by("-published_at", "-id")[: MAX_CANDIDATES + 1])
    capped = len(rows) > MAX_CANDIDATES
    rows = rows[:MAX_CANDIDATES]
    docs = []
    for p in rows:
        facets = {
            "soort": {p.kind},
            "thema": set(p.theme_list),
            "schaal": {p.scale},
            "jaar": {str(p.year)},
            "igs": p.igs_slugs(),
            "regio": regions_of(p, atlas),
            "gemeente": p.refnis_codes(),
        }
        docs.append(
            search.Doc(
                id=p.pk,
                title=p.title,
                summary=p.summary,
                body="",
                context="",
                facets=facets,
                recency=p.published_at.timestamp() if p.published_at else 0.0,
                all_words=p.search_text if tokens else "",
            )
        )
    return Candidates(docs, {p.pk: p for p in rows}, capped)


def facet_labels(atlas) -> dict[str, dict[str, str]]:
    return {
        "soort": dict(KIND_LABELS),
        "thema": dict(THEME_LABELS),
        "schaal": dict(SCALE_LABELS),
        "jaar": {},
        "igs": {s: p.name for s, p in atlas.partnerships.items()} if atlas else {},
        "regio": region_labels(atlas),
        "gemeente": {c: m.name for c, m in atlas.municipalities.items()} if atlas else {},
    }


# --------------------------------------------------------------------------------------------
# Personal data
# --------------------------------------------------------------------------------------------


def _as_dict(p: Practice, role: str) -> dict:
    return {
        "rol": role,
        "id": p.pk,
        "titel": p.title,
        "soort": p.kind_label,
        "status": p.status_label,
        "themas": p.theme_list,
        "igs": p.igs_list,
        "gemeenten": p.refnis_list,
        "schaal": p.scale,
        "jaar": p.year,
        "samenvatting": p.summary,
        "wat_werkte": p.what_worked,
        "wat_niet_werkte": p.what_failed,
        "lessen": p.lessons,
        "aangemaakt_op": p.created_at.isoformat() if p.created_at else None,
        "gepubliceerd_op": p.published_at.isoformat() if p.published_at else None,
    }


def export_for(user) -> list[dict]:
    """The practices ``user`` wrote and those that name them as contact."""
    out = [_as_dict(p, "auteur") for p in Practice.objects.filter(author=user).order_by("id")]
    person = getattr(user, "person", None) if _has_person(user) else None
    if person is not None:
        out += [
            _as_dict(p, "contactpersoon")
            for p in Practice.objects.filter(contact=person).order_by("id")
        ]
    return out


def _has_person(user) -> bool:
    from django.core.exceptions import ObjectDoesNotExist

    try:
        return user.person is not None
    except ObjectDoesNotExist:
        return False


def anonymise_for(user) -> int:
    """Remove ``user`` as author and their Person as contact, in the practices and in their
    history; the texts stay. Returns how many practices changed."""
    history = Practice.history.model
    changed = set(Practice.objects.filter(author=user).values_list("pk", flat=True))
    Practice.objects.filter(author=user).update(author=None)
    history.objects.filter(author_id=user.pk).update(author_id=None)
    if _has_person(user):
        person = user.person
        changed |= set(Practice.objects.filter(contact=person).values_list("pk", flat=True))
        Practice.objects.filter(contact=person).update(contact=None)
        history.objects.filter(contact_id=person.pk).update(contact_id=None)
    return len(changed)
