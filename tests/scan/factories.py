"""Scan groups, rounds and answers for the web tests of the Samenwerkingsscan.

Answers go through the real code path (:func:`samenspel.scan.services.create_links` and
:func:`services.submit`). :func:`values_for` gives the answers that make a respondent's score on
each dimension exactly the target: the target itself on a normal statement, ``6 - target`` on a
reverse-keyed one (scored back to the target), so that every expected mean can be worked out by
hand from the targets alone.
"""

from __future__ import annotations

from samenspel.core.codes import join_codes
from samenspel.scan import items, services
from samenspel.scan.models import Invitation, ScanGroup, ScanRound

#: The synthetic bundle (tests/fixtures/bundle.py): IGS zuid = Gent (centrumstad) and
#: Merelbeke-Melle (partly); IGS noord = Eeklo, Evergem, Lochristi (partly), Aalter.
GENT, MERELBEKE_MELLE = "44021", "44088"
EEKLO, EVERGEM, LOCHRISTI, AALTER = "43005", "44019", "44087", "44084"
MEMBERS = {"zuid": [GENT, MERELBEKE_MELLE], "noord": [EEKLO, EVERGEM, LOCHRISTI, AALTER]}


def make_group(igs: str = "zuid", user=None, name: str | None = None) -> ScanGroup:
    return ScanGroup.objects.create(
        name=name or f"Scan {igs}",
        igs=igs,
        municipalities=join_codes(MEMBERS[igs]),
        created_by=user,
    )


def make_round(group: ScanGroup | None = None, title: str = "Ronde 2026", **kw) -> ScanRound:
    return ScanRound.objects.create(group=group or make_group(), title=title, **kw)


def values_for(targets: int | dict[str, int]) -> dict[str, int | None]:
    """Answers whose dimension scores are exactly ``targets`` (one int: every dimension)."""
    out = {}
    for it in items.ITEMS:
        t = targets if isinstance(targets, int) else targets.get(it.dimension)
        out[it.code] = None if t is None else (6 - t if it.reverse else t)
    return out


def answer(
    scan_round: ScanRound,
    *,
    refnis: str = GENT,
    role: str = "ambtenaar",
    targets: int | dict[str, int] = 3,
    texts: dict[str, str] | None = None,
):
    [(token, _label)] = services.create_links(scan_round, 1, [])
    invitation = Invitation.objects.get(token_hash=services.hash_token(token))
    return services.submit(
        invitation, role=role, refnis=refnis, values=values_for(targets), texts=texts or {}
    )
