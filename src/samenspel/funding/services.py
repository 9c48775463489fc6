"""Bridge between the Atlas data and the pure verdeelsleutel comparison."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from samenspel.atlas.services import Atlas
from samenspel.funding.analysis import Place


def place(atlas: Atlas, code: str, on: date) -> Place:
    m = atlas.municipalities[code]
    income, _ = m.figure("income_per_capita_eur", on)
    area, _ = m.figure("area_km2", on)
    return Place(
        refnis=code,
        name=m.name,
        population=atlas.population(code, on),
        income_per_capita=income,
        region=m.region,
        lon=m.centroid[0],
        lat=m.centroid[1],
        area_km2=area or 1.0,
    )


def places(atlas: Atlas, codes: list[str], on: date) -> list[Place]:
    unknown = [c for c in codes if c not in atlas.municipalities]
    if unknown:
        raise ValueError(f"Onbekende REFNIS-code(s): {', '.join(unknown)}.")
    return [place(atlas, c, on) for c in codes]


def adjacency(atlas: Atlas, codes: list[str]) -> list[tuple[str, str]]:
    chosen = set(codes)
    return sorted(
        (a, b) for a in chosen for b in atlas.adjacency.get(a, ()) if b in chosen and a < b
    )


def find_igs(atlas: Atlas, slug: str) -> str:
    """The IGS ``slug`` (case-insensitive), or a Dutch error that lists the valid ones."""
    wanted = slug.strip().lower()
    for known in atlas.partnerships:
        if known.lower() == wanted:
            return known
    raise ValueError(f"Onbekend IGS '{slug}'. Kies uit: {', '.join(sorted(atlas.partnerships))}.")


def igs_members(atlas: Atlas, slug: str, on: date) -> list[str]:
    """The partners of an IGS at a date: the 2025 municipalities fully inside it.

    A partly covered municipality does not count (:data:`PARTLY_RULE`); see
    :func:`igs_partly_members`."""
    slug = find_igs(atlas, slug)
    ended = atlas.ended_on(slug, on)
    if ended:
        raise ValueError(
            f"{atlas.partnerships[slug].name} is opgehouden op {ended:%d/%m/%Y} en heeft op "
            f"{on:%d/%m/%Y} geen leden. Kies een peildatum tot en met {ended:%d/%m/%Y}."
        )
    return list(atlas.coverage(on).partnerships[slug].members)


def igs_partly_members(atlas: Atlas, slug: str, on: date) -> list[str]:
    return list(atlas.coverage(on).partnerships[find_igs(atlas, slug)].members_partly)


@dataclass(frozen=True)
class Today:
    """An IGS that some of the chosen municipalities are in today: what it gets now (the
    2020 rules, extended to 2026: the granted amount where a source states it, else the
    rule's estimate) and what it would get on its own under the chosen 2027 rules."""

    igs: str
    name: str
    subsidy: Decimal  # on its own, under the chosen 2027 rules
    qualifies: bool
    now: Decimal  # today, 2020–2026
    now_granted: bool  # ``now`` is the granted amount (with a source), not an estimate


def today(atlas: Atlas, codes: list[str], on: date, rules: str, contiguous: bool) -> list[Today]:
    """Every IGS active on ``on`` with at least one of ``codes`` among its members, with the
    subsidy it gets under ``rules`` as it is today (nothing when it does not qualify)."""
    chosen = set(codes)
    out = []
    cov = atlas.coverage(on)
    for slug in atlas.active_partnerships(on):
        if chosen & set(cov.partnerships[slug].territory):
            e = atlas.eligibility(slug, on, rules, contiguous=contiguous)
            p = atlas.partnerships[slug]
            granted = p.granted_subsidy_eur
            now = (
                granted if granted is not None else atlas.eligibility(slug, on, "2020").subsidy_eur
            )
            out.append(Today(slug, p.name, e.subsidy_eur, e.qualifies, now, granted is not None))
    return out


def group_title(atlas: Atlas, igs: str | None, codes: list[str], on: date) -> str:
    """What is being computed, in words: 'Leie Schelde met Gent', or the municipalities."""
    names = [atlas.municipalities[c].name for c in codes]
    if igs:
        members = set(igs_members(atlas, igs, on))
        extra = [atlas.municipalities[c].name for c in codes if c not in members]
        missing = [atlas.municipalities[c].name for c in sorted(members) if c not in set(codes)]
        title = atlas.partnerships[igs].name
        if extra:
            title += " met " + _join(extra)
        if missing:
            title += " zonder " + _join(missing)
        return title
    if len(names) > 5:
        return f"{_join(names[:4] + [f'{len(names) - 4} andere gemeenten'])}"
    return _join(names)


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


# --------------------------------------------------------------------------------------------
# Personal data (samenspel.accounts.personal_data, registered in apps.py)
# --------------------------------------------------------------------------------------------


def export_personal_data(user) -> list[dict]:
    """The comparisons ``user`` saved: name, settings (the page's query), when, the data
    version, and the link that shows them."""
    from django.urls import reverse

    from samenspel.funding.models import SavedComparison

    return [
        {
            "naam": c.name,
            "instellingen": c.query,
            "bewaard": c.created_at.isoformat(),
            "gegevensversie": c.data_version,
            "link": reverse("funding_saved", args=[c.pk]),
        }
        for c in SavedComparison.objects.filter(created_by=user)[:10_000]
    ]


def anonymise_personal_data(user) -> int:
    """Saved comparisons are kept without their author: their read-only link may have gone to
    a council or into a report (the raadsdocument links to it), so deleting them would break
    what others rely on; they hold figures of municipalities, nothing of the person. The link
    to the account goes, in the history too; nobody can rename or delete them any more."""
    from samenspel.funding.models import SavedComparison

    n = SavedComparison.objects.filter(created_by=user).update(created_by=None)
    SavedComparison.history.filter(created_by_id=user.pk).update(created_by=None)
    return n
