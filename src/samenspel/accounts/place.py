"""A place people hold roles in, as an object the permission rules can be asked about (pure).

``Place`` follows the object protocol of ``roles.py``: an IGS is ``igs_slugs() == {slug}``, a
municipality is ``refnis_codes() == {refnis}``. An IGS also knows its member municipalities
(``member_refnis_codes()``) and a municipality the IGS it belongs to (``member_of_igs_slugs()``),
so that the officials of a member municipality may see who works for their IGS, and the people
of an IGS who works in its municipalities, without managing them (see ``accounts.view_person``
in ``permissions.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from samenspel.accounts import roles

IGS = "igs"
MUNICIPALITY = "gemeente"
ORGANISATION = "organisatie"


@dataclass(frozen=True)
class Place:
    kind: str  #: "igs", "gemeente" or "organisatie"
    code: str  #: the IGS slug, the REFNIS 2025 code, or the organisation code
    name: str
    members: frozenset[str] = field(default_factory=frozenset)  #: REFNIS codes of an IGS today
    member_of: frozenset[str] = field(default_factory=frozenset)  #: IGS of a municipality today

    owner_id = None

    def igs_slugs(self) -> set[str]:
        return {self.code} if self.kind == IGS else set()

    def refnis_codes(self) -> set[str]:
        return {self.code} if self.kind == MUNICIPALITY else set()

    def member_refnis_codes(self) -> set[str]:
        return set(self.members) if self.kind == IGS else set()

    def member_of_igs_slugs(self) -> set[str]:
        return set(self.member_of) if self.kind == MUNICIPALITY else set()

    def is_public(self) -> bool:
        return False

    def roles_allowed(self) -> list[tuple[str, str]]:
        """The (code, label) of the roles that can be held here, in the order of ROLE_CHOICES."""
        return [(c, label) for c, label in roles.ROLE_CHOICES if self.kind in roles.ROLE_PLACES[c]]


def describe_role(role: str, place_name: str) -> str:
    """'IGS-coördinator van COMEET', 'schepen van cultuur in Eeklo'."""
    label = roles.ROLE_LABELS.get(role, role)
    if role == roles.SCHEPEN:
        return f"{label} in {place_name}"
    if role == roles.STEUNPUNT:
        return f"medewerker van {place_name} (beheer van het platform)"
    return f"{label} van {place_name}"
