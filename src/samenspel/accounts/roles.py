"""The roles a person can hold, and where (pure: no Django).

A role is held *somewhere*: in a municipality (REFNIS 2025 code), in an IGS (its slug) or, for
the staff of a support organisation that runs the platform, in that organisation (its code).
Which role may do what is written once, in ``permissions.py``; this module only names the roles.

Objects that permissions are asked about follow one small protocol (duck typing, so this
module and ``permissions.py`` need no import of the apps above them):

- ``obj.igs_slugs() -> set[str]``      the IGS the object belongs to
- ``obj.refnis_codes() -> set[str]``   the municipalities the object belongs to
- ``obj.owner_id``                     the user id of whoever created it (None when unknown
                                        or deleted)
- ``obj.is_public() -> bool``          published: anyone may read it
"""

from __future__ import annotations

from dataclasses import dataclass, field

CULTUURBELEIDSCOORDINATOR = "cultuurbeleidscoordinator"
SCHEPEN = "schepen"
MEDEWERKER = "medewerker"
IGS_COORDINATOR = "igs_coordinator"
STEUNPUNT = "steunpunt"

#: (code, label shown to users)
ROLE_CHOICES = [
    (CULTUURBELEIDSCOORDINATOR, "cultuurbeleidscoördinator"),
    (SCHEPEN, "schepen van cultuur"),
    (MEDEWERKER, "medewerker"),
    (IGS_COORDINATOR, "IGS-coördinator"),
    (STEUNPUNT, "medewerker steunpunt (beheer van het platform)"),
]
ROLE_LABELS = dict(ROLE_CHOICES)

#: Where each role can be held: "gemeente", "igs", "organisatie".
ROLE_PLACES = {
    CULTUURBELEIDSCOORDINATOR: {"gemeente"},
    SCHEPEN: {"gemeente"},
    MEDEWERKER: {"gemeente", "igs"},
    IGS_COORDINATOR: {"igs"},
    STEUNPUNT: {"organisatie"},
}

#: Roles that edit their municipality's entries.
MUNICIPAL_EDITORS = {CULTUURBELEIDSCOORDINATOR, MEDEWERKER}
#: Roles that edit their IGS's entries (the IGS's own staff; only the coordinator manages).
IGS_EDITORS = {IGS_COORDINATOR, MEDEWERKER}
#: Political roles (the scan compares officials against politicians).
POLITICAL_ROLES = {SCHEPEN}


@dataclass(frozen=True)
class Places:
    """What one user holds today, computed once per request from their roles."""

    support: bool = False
    coordinates_igs: frozenset[str] = field(default_factory=frozenset)
    works_in_igs: frozenset[str] = field(default_factory=frozenset)  # any role in the IGS
    edits_igs: frozenset[str] = field(default_factory=frozenset)  # coördinator, medewerker
    edits_refnis: frozenset[str] = field(default_factory=frozenset)  # coördinator, medewerker
    leads_refnis: frozenset[str] = field(default_factory=frozenset)  # cultuurbeleidscoördinator
    in_refnis: frozenset[str] = field(default_factory=frozenset)  # any role in the municipality

    @property
    def has_role(self) -> bool:
        return bool(self.support or self.works_in_igs or self.in_refnis)


def places_from(rows, *, is_staff: bool = False) -> Places:
    """``rows`` are (role, refnis, igs, organisation) tuples of the roles valid today."""
    coord, works, edits, leads, in_ref, edits_igs = set(), set(), set(), set(), set(), set()
    support = is_staff
    for role, refnis, igs, organisation in rows:
        if role == STEUNPUNT and organisation:
            support = True
        if igs:
            works.add(igs)
            if role == IGS_COORDINATOR:
                coord.add(igs)
            if role in IGS_EDITORS:
                edits_igs.add(igs)
        if refnis:
            in_ref.add(refnis)
            if role in MUNICIPAL_EDITORS:
                edits.add(refnis)
            if role == CULTUURBELEIDSCOORDINATOR:
                leads.add(refnis)
    return Places(
        support=support,
        coordinates_igs=frozenset(coord),
        works_in_igs=frozenset(works),
        edits_igs=frozenset(edits_igs),
        edits_refnis=frozenset(edits),
        leads_refnis=frozenset(leads),
        in_refnis=frozenset(in_ref),
    )
