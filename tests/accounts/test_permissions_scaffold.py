"""First checks of the permission rules (the full role × action × object matrix is in
test_permission_matrix.py)."""

from dataclasses import dataclass, field

import pytest

from tests.people import user_with


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


@pytest.mark.django_db
def test_coordinator_edits_own_igs_entry_not_another():
    coord = user_with("an", ("igs_coordinator", "noord"))
    assert coord.has_perm("practices.change_practice", Entry(igs={"noord"}))
    assert not coord.has_perm("practices.change_practice", Entry(igs={"zuid"}))
    assert not coord.has_perm("practices.moderate_practice", Entry(igs={"noord"}))


@pytest.mark.django_db
def test_schepen_reads_scan_results_but_does_not_manage():
    schepen = user_with("bart", ("schepen", "43005"))
    group = Entry(igs={"noord"}, refnis={"43005", "44019"})
    assert schepen.has_perm("scan.view_results", group)
    assert not schepen.has_perm("scan.manage_group", group)
    assert not schepen.has_perm("scan.view_results", Entry(igs={"zuid"}, refnis={"44021"}))
