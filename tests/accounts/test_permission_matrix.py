"""THE permission matrix: every role × every permission of ``permissions.py`` × objects.

Each cell is its own test (``test_cell[<permission>-<user>-<object>]``), so a change to a rule
makes exactly the affected cells fail. ``x`` = allowed, ``.`` = refused.

Columns (objects), all following the object protocol of ``roles.py``:

    -        no object (the question "may this user add one at all?")
    noord    an entry of IGS noord (members Eeklo 43005, Evergem, Wachtebeke, Aalter)
    zuid     an entry of IGS zuid
    eeklo    an entry of municipality 43005 (Eeklo, a member of noord)
    gent     an entry of municipality 44021 (Gent, a member of zuid)
    eigen    an entry without a place, created by the user asking
    publiek  a published entry of Gent
    p.noord  the place IGS noord itself (accounts.place.Place, knows its member municipalities)
    p.eeklo  the place municipality Eeklo itself (knows that it is a member of IGS noord)

Rows (users): support staff (role steunpunt at OP/TIL), a Django staff account without role,
the IGS coordinators of noord and zuid, the cultuurbeleidscoördinator, a medewerker and the
schepen of Eeklo, a medewerker of IGS noord, a former coordinator of noord (role ended
yesterday), a logged-in user without role, and an anonymous visitor.

The cells are checked twice: fast, with the user's places computed from the role rows
(``test_cell``), and through the database and Django's ``user.has_perm`` for real users with real
Role rows (``test_row_through_the_database``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest
import rules
from django.contrib.auth.models import AnonymousUser, User

from samenspel.accounts import permissions, roles
from samenspel.accounts.place import IGS, MUNICIPALITY, Place

COLUMNS = ["-", "noord", "zuid", "eeklo", "gent", "eigen", "publiek", "p.noord", "p.eeklo"]
OWN_PK = 4242


@dataclass
class Entry:
    igs: set = field(default_factory=set)
    refnis: set = field(default_factory=set)
    owner_id: int | None = None
    public: bool = False

    def igs_slugs(self):
        return self.igs

    def refnis_codes(self):
        return self.refnis

    def is_public(self):
        return self.public


def objects_for(owner_pk):
    return {
        "-": None,
        "noord": Entry(igs={"noord"}),
        "zuid": Entry(igs={"zuid"}),
        "eeklo": Entry(refnis={"43005"}),
        "gent": Entry(refnis={"44021"}),
        "eigen": Entry(owner_id=owner_pk),
        "publiek": Entry(refnis={"44021"}, public=True),
        "p.noord": Place(IGS, "noord", "Cultuur Noord", frozenset({"43005", "44019", "44073"})),
        "p.eeklo": Place(MUNICIPALITY, "43005", "Eeklo", member_of=frozenset({"noord"})),
    }


#: user → (roles as (role, refnis, igs, organisation), is_staff); None: anonymous.
USERS = {
    "steunpunt": ([("steunpunt", "", "", "optil")], False),
    "django-staff": ([], True),
    "coord-noord": ([("igs_coordinator", "", "noord", "")], False),
    "coord-zuid": ([("igs_coordinator", "", "zuid", "")], False),
    "cbc-eeklo": ([("cultuurbeleidscoordinator", "43005", "", "")], False),
    "medew-eeklo": ([("medewerker", "43005", "", "")], False),
    "schepen-eeklo": ([("schepen", "43005", "", "")], False),
    "medew-noord": ([("medewerker", "", "noord", "")], False),
    "oud-coord-noord": ([], False),  # an igs_coordinator role of noord that ended yesterday
    "zonder-rol": ([], False),
    "anoniem": None,
}

# fmt: off
MATRIX = """
permission                     user            - noord zuid eeklo gent eigen publiek p.noord p.eeklo
accounts.moderate              steunpunt       x x     x    x     x    x     x       x       x
accounts.moderate              django-staff    x x     x    x     x    x     x       x       x
accounts.moderate              coord-noord     . .     .    .     .    .     .       .       .
accounts.moderate              coord-zuid      . .     .    .     .    .     .       .       .
accounts.moderate              cbc-eeklo       . .     .    .     .    .     .       .       .
accounts.moderate              medew-eeklo     . .     .    .     .    .     .       .       .
accounts.moderate              schepen-eeklo   . .     .    .     .    .     .       .       .
accounts.moderate              medew-noord     . .     .    .     .    .     .       .       .
accounts.moderate              oud-coord-noord . .     .    .     .    .     .       .       .
accounts.moderate              zonder-rol      . .     .    .     .    .     .       .       .
accounts.moderate              anoniem         . .     .    .     .    .     .       .       .

accounts.manage_people         steunpunt       x x     x    x     x    x     x       x       x
accounts.manage_people         django-staff    x x     x    x     x    x     x       x       x
accounts.manage_people         coord-noord     . x     .    .     .    .     .       x       .
accounts.manage_people         coord-zuid      . .     x    .     .    .     .       .       .
accounts.manage_people         cbc-eeklo       . .     .    x     .    .     .       .       x
accounts.manage_people         medew-eeklo     . .     .    .     .    .     .       .       .
accounts.manage_people         schepen-eeklo   . .     .    .     .    .     .       .       .
accounts.manage_people         medew-noord     . .     .    .     .    .     .       .       .
accounts.manage_people         oud-coord-noord . .     .    .     .    .     .       .       .
accounts.manage_people         zonder-rol      . .     .    .     .    .     .       .       .
accounts.manage_people         anoniem         . .     .    .     .    .     .       .       .

accounts.view_person           steunpunt       x x     x    x     x    x     x       x       x
accounts.view_person           django-staff    x x     x    x     x    x     x       x       x
accounts.view_person           coord-noord     . x     .    .     .    .     .       x       x
accounts.view_person           coord-zuid      . .     x    .     .    .     .       .       .
accounts.view_person           cbc-eeklo       . .     .    x     .    .     .       x       x
accounts.view_person           medew-eeklo     . .     .    x     .    .     .       x       x
accounts.view_person           schepen-eeklo   . .     .    x     .    .     .       x       x
accounts.view_person           medew-noord     . x     .    .     .    .     .       x       x
accounts.view_person           oud-coord-noord . .     .    .     .    .     .       .       .
accounts.view_person           zonder-rol      . .     .    .     .    .     .       .       .
accounts.view_person           anoniem         . .     .    .     .    .     .       .       .

scan.add_group                 steunpunt       x x     x    x     x    x     x       x       x
scan.add_group                 django-staff    x x     x    x     x    x     x       x       x
scan.add_group                 coord-noord     x x     x    x     x    x     x       x       x
scan.add_group                 coord-zuid      x x     x    x     x    x     x       x       x
scan.add_group                 cbc-eeklo       x x     x    x     x    x     x       x       x
scan.add_group                 medew-eeklo     x x     x    x     x    x     x       x       x
scan.add_group                 schepen-eeklo   x x     x    x     x    x     x       x       x
scan.add_group                 medew-noord     x x     x    x     x    x     x       x       x
scan.add_group                 oud-coord-noord . .     .    .     .    .     .       .       .
scan.add_group                 zonder-rol      . .     .    .     .    .     .       .       .
scan.add_group                 anoniem         . .     .    .     .    .     .       .       .

scan.start_group               steunpunt       x x     x    x     x    x     x       x       x
scan.start_group               django-staff    x x     x    x     x    x     x       x       x
scan.start_group               coord-noord     . x     .    .     .    .     .       x       .
scan.start_group               coord-zuid      . .     x    .     .    .     .       .       .
scan.start_group               cbc-eeklo       . .     .    x     .    .     .       .       x
scan.start_group               medew-eeklo     . .     .    x     .    .     .       .       x
scan.start_group               schepen-eeklo   . .     .    x     .    .     .       .       x
scan.start_group               medew-noord     . .     .    .     .    .     .       .       .
scan.start_group               oud-coord-noord . .     .    .     .    .     .       .       .
scan.start_group               zonder-rol      . .     .    .     .    .     .       .       .
scan.start_group               anoniem         . .     .    .     .    .     .       .       .

scan.manage_group              steunpunt       x x     x    x     x    x     x       x       x
scan.manage_group              django-staff    x x     x    x     x    x     x       x       x
scan.manage_group              coord-noord     . x     .    .     .    .     .       x       .
scan.manage_group              coord-zuid      . .     x    .     .    .     .       .       .
scan.manage_group              cbc-eeklo       . .     .    .     .    .     .       .       .
scan.manage_group              medew-eeklo     . .     .    .     .    .     .       .       .
scan.manage_group              schepen-eeklo   . .     .    .     .    .     .       .       .
scan.manage_group              medew-noord     . .     .    .     .    .     .       .       .
scan.manage_group              oud-coord-noord . .     .    .     .    .     .       .       .
scan.manage_group              zonder-rol      . .     .    .     .    .     .       .       .
scan.manage_group              anoniem         . .     .    .     .    .     .       .       .

scan.view_results              steunpunt       x x     x    x     x    x     x       x       x
scan.view_results              django-staff    x x     x    x     x    x     x       x       x
scan.view_results              coord-noord     . x     .    .     .    .     .       x       .
scan.view_results              coord-zuid      . .     x    .     .    .     .       .       .
scan.view_results              cbc-eeklo       . .     .    x     .    .     .       .       x
scan.view_results              medew-eeklo     . .     .    x     .    .     .       .       x
scan.view_results              schepen-eeklo   . .     .    x     .    .     .       .       x
scan.view_results              medew-noord     . x     .    .     .    .     .       x       .
scan.view_results              oud-coord-noord . .     .    .     .    .     .       .       .
scan.view_results              zonder-rol      . .     .    .     .    .     .       .       .
scan.view_results              anoniem         . .     .    .     .    .     .       .       .

practices.add_practice         steunpunt       x x     x    x     x    x     x       x       x
practices.add_practice         django-staff    x x     x    x     x    x     x       x       x
practices.add_practice         coord-noord     x x     x    x     x    x     x       x       x
practices.add_practice         coord-zuid      x x     x    x     x    x     x       x       x
practices.add_practice         cbc-eeklo       x x     x    x     x    x     x       x       x
practices.add_practice         medew-eeklo     x x     x    x     x    x     x       x       x
practices.add_practice         schepen-eeklo   x x     x    x     x    x     x       x       x
practices.add_practice         medew-noord     x x     x    x     x    x     x       x       x
practices.add_practice         oud-coord-noord x x     x    x     x    x     x       x       x
practices.add_practice         zonder-rol      x x     x    x     x    x     x       x       x
practices.add_practice         anoniem         . .     .    .     .    .     .       .       .

practices.view_practice        steunpunt       x x     x    x     x    x     x       x       x
practices.view_practice        django-staff    x x     x    x     x    x     x       x       x
practices.view_practice        coord-noord     . x     .    .     .    x     x       x       .
practices.view_practice        coord-zuid      . .     x    .     .    x     x       .       .
practices.view_practice        cbc-eeklo       . .     .    x     .    x     x       .       x
practices.view_practice        medew-eeklo     . .     .    x     .    x     x       .       x
practices.view_practice        schepen-eeklo   . .     .    .     .    x     x       .       .
practices.view_practice        medew-noord     . x     .    .     .    x     x       x       .
practices.view_practice        oud-coord-noord . .     .    .     .    x     x       .       .
practices.view_practice        zonder-rol      . .     .    .     .    x     x       .       .
practices.view_practice        anoniem         . .     .    .     .    .     x       .       .

practices.change_practice      steunpunt       x x     x    x     x    x     x       x       x
practices.change_practice      django-staff    x x     x    x     x    x     x       x       x
practices.change_practice      coord-noord     . x     .    .     .    x     .       x       .
practices.change_practice      coord-zuid      . .     x    .     .    x     .       .       .
practices.change_practice      cbc-eeklo       . .     .    x     .    x     .       .       x
practices.change_practice      medew-eeklo     . .     .    x     .    x     .       .       x
practices.change_practice      schepen-eeklo   . .     .    .     .    x     .       .       .
practices.change_practice      medew-noord     . x     .    .     .    x     .       x       .
practices.change_practice      oud-coord-noord . .     .    .     .    x     .       .       .
practices.change_practice      zonder-rol      . .     .    .     .    x     .       .       .
practices.change_practice      anoniem         . .     .    .     .    .     .       .       .

practices.moderate_practice    steunpunt       x x     x    x     x    x     x       x       x
practices.moderate_practice    django-staff    x x     x    x     x    x     x       x       x
practices.moderate_practice    coord-noord     . .     .    .     .    .     .       .       .
practices.moderate_practice    coord-zuid      . .     .    .     .    .     .       .       .
practices.moderate_practice    cbc-eeklo       . .     .    .     .    .     .       .       .
practices.moderate_practice    medew-eeklo     . .     .    .     .    .     .       .       .
practices.moderate_practice    schepen-eeklo   . .     .    .     .    .     .       .       .
practices.moderate_practice    medew-noord     . .     .    .     .    .     .       .       .
practices.moderate_practice    oud-coord-noord . .     .    .     .    .     .       .       .
practices.moderate_practice    zonder-rol      . .     .    .     .    .     .       .       .
practices.moderate_practice    anoniem         . .     .    .     .    .     .       .       .

initiatives.add_initiative     steunpunt       x x     x    x     x    x     x       x       x
initiatives.add_initiative     django-staff    x x     x    x     x    x     x       x       x
initiatives.add_initiative     coord-noord     x x     x    x     x    x     x       x       x
initiatives.add_initiative     coord-zuid      x x     x    x     x    x     x       x       x
initiatives.add_initiative     cbc-eeklo       x x     x    x     x    x     x       x       x
initiatives.add_initiative     medew-eeklo     x x     x    x     x    x     x       x       x
initiatives.add_initiative     schepen-eeklo   x x     x    x     x    x     x       x       x
initiatives.add_initiative     medew-noord     x x     x    x     x    x     x       x       x
initiatives.add_initiative     oud-coord-noord x x     x    x     x    x     x       x       x
initiatives.add_initiative     zonder-rol      x x     x    x     x    x     x       x       x
initiatives.add_initiative     anoniem         . .     .    .     .    .     .       .       .

initiatives.view_initiative    steunpunt       x x     x    x     x    x     x       x       x
initiatives.view_initiative    django-staff    x x     x    x     x    x     x       x       x
initiatives.view_initiative    coord-noord     . x     .    .     .    x     x       x       .
initiatives.view_initiative    coord-zuid      . .     x    .     .    x     x       .       .
initiatives.view_initiative    cbc-eeklo       . .     .    x     .    x     x       .       x
initiatives.view_initiative    medew-eeklo     . .     .    x     .    x     x       .       x
initiatives.view_initiative    schepen-eeklo   . .     .    .     .    x     x       .       .
initiatives.view_initiative    medew-noord     . x     .    .     .    x     x       x       .
initiatives.view_initiative    oud-coord-noord . .     .    .     .    x     x       .       .
initiatives.view_initiative    zonder-rol      . .     .    .     .    x     x       .       .
initiatives.view_initiative    anoniem         . .     .    .     .    .     x       .       .

initiatives.change_initiative  steunpunt       x x     x    x     x    x     x       x       x
initiatives.change_initiative  django-staff    x x     x    x     x    x     x       x       x
initiatives.change_initiative  coord-noord     . x     .    .     .    x     .       x       .
initiatives.change_initiative  coord-zuid      . .     x    .     .    x     .       .       .
initiatives.change_initiative  cbc-eeklo       . .     .    x     .    x     .       .       x
initiatives.change_initiative  medew-eeklo     . .     .    x     .    x     .       .       x
initiatives.change_initiative  schepen-eeklo   . .     .    .     .    x     .       .       .
initiatives.change_initiative  medew-noord     . x     .    .     .    x     .       x       .
initiatives.change_initiative  oud-coord-noord . .     .    .     .    x     .       .       .
initiatives.change_initiative  zonder-rol      . .     .    .     .    x     .       .       .
initiatives.change_initiative  anoniem         . .     .    .     .    .     .       .       .

initiatives.publish_initiative steunpunt       x x     x    x     x    x     x       x       x
initiatives.publish_initiative django-staff    x x     x    x     x    x     x       x       x
initiatives.publish_initiative coord-noord     . x     .    .     .    .     .       x       .
initiatives.publish_initiative coord-zuid      . .     x    .     .    .     .       .       .
initiatives.publish_initiative cbc-eeklo       . .     .    x     .    .     .       .       x
initiatives.publish_initiative medew-eeklo     . .     .    .     .    .     .       .       .
initiatives.publish_initiative schepen-eeklo   . .     .    .     .    .     .       .       .
initiatives.publish_initiative medew-noord     . .     .    .     .    .     .       .       .
initiatives.publish_initiative oud-coord-noord . .     .    .     .    .     .       .       .
initiatives.publish_initiative zonder-rol      . .     .    .     .    .     .       .       .
initiatives.publish_initiative anoniem         . .     .    .     .    .     .       .       .

events.add_event               steunpunt       x x     x    x     x    x     x       x       x
events.add_event               django-staff    x x     x    x     x    x     x       x       x
events.add_event               coord-noord     x x     x    x     x    x     x       x       x
events.add_event               coord-zuid      x x     x    x     x    x     x       x       x
events.add_event               cbc-eeklo       . .     .    .     .    .     .       .       .
events.add_event               medew-eeklo     . .     .    .     .    .     .       .       .
events.add_event               schepen-eeklo   . .     .    .     .    .     .       .       .
events.add_event               medew-noord     . .     .    .     .    .     .       .       .
events.add_event               oud-coord-noord . .     .    .     .    .     .       .       .
events.add_event               zonder-rol      . .     .    .     .    .     .       .       .
events.add_event               anoniem         . .     .    .     .    .     .       .       .

events.view_event              steunpunt       x x     x    x     x    x     x       x       x
events.view_event              django-staff    x x     x    x     x    x     x       x       x
events.view_event              coord-noord     . x     .    .     .    x     x       x       .
events.view_event              coord-zuid      . .     x    .     .    x     x       .       .
events.view_event              cbc-eeklo       . .     .    .     .    x     x       .       .
events.view_event              medew-eeklo     . .     .    .     .    x     x       .       .
events.view_event              schepen-eeklo   . .     .    .     .    x     x       .       .
events.view_event              medew-noord     . .     .    .     .    x     x       .       .
events.view_event              oud-coord-noord . .     .    .     .    x     x       .       .
events.view_event              zonder-rol      . .     .    .     .    x     x       .       .
events.view_event              anoniem         . .     .    .     .    .     x       .       .

events.change_event            steunpunt       x x     x    x     x    x     x       x       x
events.change_event            django-staff    x x     x    x     x    x     x       x       x
events.change_event            coord-noord     . x     .    .     .    x     .       x       .
events.change_event            coord-zuid      . .     x    .     .    x     .       .       .
events.change_event            cbc-eeklo       . .     .    .     .    x     .       .       .
events.change_event            medew-eeklo     . .     .    .     .    x     .       .       .
events.change_event            schepen-eeklo   . .     .    .     .    x     .       .       .
events.change_event            medew-noord     . .     .    .     .    x     .       .       .
events.change_event            oud-coord-noord . .     .    .     .    x     .       .       .
events.change_event            zonder-rol      . .     .    .     .    x     .       .       .
events.change_event            anoniem         . .     .    .     .    .     .       .       .

events.register                steunpunt       x x     x    x     x    x     x       x       x
events.register                django-staff    x x     x    x     x    x     x       x       x
events.register                coord-noord     x x     x    x     x    x     x       x       x
events.register                coord-zuid      x x     x    x     x    x     x       x       x
events.register                cbc-eeklo       x x     x    x     x    x     x       x       x
events.register                medew-eeklo     x x     x    x     x    x     x       x       x
events.register                schepen-eeklo   x x     x    x     x    x     x       x       x
events.register                medew-noord     x x     x    x     x    x     x       x       x
events.register                oud-coord-noord x x     x    x     x    x     x       x       x
events.register                zonder-rol      x x     x    x     x    x     x       x       x
events.register                anoniem         . .     .    .     .    .     .       .       .

monitor.change_item            steunpunt       x x     x    x     x    x     x       x       x
monitor.change_item            django-staff    x x     x    x     x    x     x       x       x
monitor.change_item            coord-noord     . x     .    .     .    x     .       x       .
monitor.change_item            coord-zuid      . .     x    .     .    x     .       .       .
monitor.change_item            cbc-eeklo       . .     .    x     .    x     .       .       x
monitor.change_item            medew-eeklo     . .     .    x     .    x     .       .       x
monitor.change_item            schepen-eeklo   . .     .    .     .    x     .       .       .
monitor.change_item            medew-noord     . x     .    .     .    x     .       x       .
monitor.change_item            oud-coord-noord . .     .    .     .    x     .       .       .
monitor.change_item            zonder-rol      . .     .    .     .    x     .       .       .
monitor.change_item            anoniem         . .     .    .     .    .     .       .       .
"""
# fmt: on


def _parse(text: str) -> dict[tuple[str, str], dict[str, bool]]:
    lines = [line.split() for line in text.strip().splitlines() if line.strip()]
    header, rows = lines[0], lines[1:]
    assert header[2:] == COLUMNS
    table = {}
    for row in rows:
        perm, user, *cells = row
        assert len(cells) == len(COLUMNS), row
        assert all(c in "x." for c in cells), row
        assert (perm, user) not in table, f"{perm} {user} twice"
        table[(perm, user)] = {col: c == "x" for col, c in zip(COLUMNS, cells, strict=True)}
    return table


EXPECTED = _parse(MATRIX)
PERMISSIONS = sorted({perm for perm, _ in EXPECTED})
CELLS = [
    (perm, user, col, EXPECTED[(perm, user)][col])
    for perm in PERMISSIONS
    for user in USERS
    for col in COLUMNS
]


def _fake_user(name: str):
    """An unsaved user whose places are computed from the role rows (no database)."""
    spec = USERS[name]
    if spec is None:
        return AnonymousUser()
    rows, is_staff = spec
    user = User(pk=OWN_PK, username=name, is_staff=is_staff, is_active=True)
    user._samenspel_places = roles.places_from(rows, is_staff=is_staff)
    return user


def test_matrix_is_complete():
    """Every permission registered under an app of Samenspel has a row for every user."""
    apps = ("accounts.", "scan.", "practices.", "initiatives.", "events.", "monitor.", "network.")
    registered = sorted(p for p in rules.permissions.permissions if p.startswith(apps))
    assert registered == PERMISSIONS, "permissions.py and the matrix differ"
    assert {(p, u) for p in PERMISSIONS for u in USERS} == set(EXPECTED)


@pytest.mark.parametrize(
    ("perm", "user", "column", "allowed"),
    CELLS,
    ids=[f"{p}-{u}-{c}" for p, u, c, _ in CELLS],
)
def test_cell(perm, user, column, allowed):
    fake = _fake_user(user)
    obj = objects_for(getattr(fake, "pk", None))[column]
    assert rules.has_perm(perm, fake, obj) is allowed


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(USERS))
def test_row_through_the_database(name, django_user_model):
    """Real users with real Role rows (and the ended role), asked through ``user.has_perm``."""
    from tests.people import user_with

    spec = USERS[name]
    if spec is None:
        user = AnonymousUser()
    else:
        rows, is_staff = spec
        user = user_with(name, *[(r, refnis or igs or org) for r, refnis, igs, org in rows])
        if name == "oud-coord-noord":
            from samenspel.accounts.models import Role

            Role.objects.create(
                person=user.person,
                role="igs_coordinator",
                igs="noord",
                valid_from=datetime.date(2020, 1, 1),
                valid_to=datetime.date.today() - datetime.timedelta(days=1),
            )
        if is_staff:
            user.is_staff = True
            user.save()
        user = django_user_model.objects.get(pk=user.pk)  # fresh: nothing cached
    objs = objects_for(getattr(user, "pk", None))
    got = {
        perm: "".join("x" if user.has_perm(perm, objs[c]) else "." for c in COLUMNS)
        for perm in PERMISSIONS
    }
    want = {
        perm: "".join("x" if EXPECTED[(perm, name)][c] else "." for c in COLUMNS)
        for perm in PERMISSIONS
    }
    assert got == want


def test_places_are_cached_per_request_and_forgotten_on_demand():
    user = _fake_user("coord-noord")
    assert permissions.places(user).coordinates_igs == {"noord"}
    permissions.forget_places(user)
    assert not hasattr(user, "_samenspel_places")
