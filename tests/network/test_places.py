"""IGS → referentieregio's (network.places), shared by practices and initiatives (pure)."""

from types import SimpleNamespace as NS

from samenspel.network.places import igs_regions


def _atlas():
    # "noord" once had Eeklo (Regio Gent) and still has Maldegem (Brugge); "zuid" has Gent; a
    # membership of a municipality that is not in the snapshot (99999) counts for nothing.
    munis = {
        "43005": NS(region_code="R1", region_slug="regio-gent"),
        "43010": NS(region_code="R2", region_slug="regio-brugge"),
        "44021": NS(region_code="R1", region_slug="regio-gent"),
    }
    members = [
        NS(igs="noord", refnis_2025="43005"),
        NS(igs="noord", refnis_2025="43010"),
        NS(igs="zuid", refnis_2025="44021"),
        NS(igs="zuid", refnis_2025="99999"),
    ]
    return NS(municipalities=munis, members=members)


def test_every_region_an_igs_ever_reached_by_code_or_slug():
    atlas = _atlas()
    assert igs_regions(atlas) == {"noord": {"R1", "R2"}, "zuid": {"R1"}}
    assert igs_regions(atlas, "region_slug") == {
        "noord": {"regio-gent", "regio-brugge"},
        "zuid": {"regio-gent"},
    }
    assert igs_regions(atlas) == {"noord": {"R1", "R2"}, "zuid": {"R1"}}  # cache per key
    assert igs_regions(None) == {}
