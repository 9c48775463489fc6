"""Counting a mixed dump per municipality and year (samenspel.monitor.uit_counts)."""

import pytest

from samenspel.monitor.uit_counts import count_files
from tests.monitor.uitdata import IO, event, organizer, place, uid, virtual_place, write_ndjson

# Organiser 1 is based in 9180 Moerbeke (→ Lokeren 46029), organiser 2 in 9000 Gent.
ORG1 = organizer(1, "9180", "Moerbeke")
ORG2 = organizer(2, "9000", "Gent")


def dump(tmp_path):
    e1 = event(1, organizer_=ORG1)  # Gent, 14/03/2025 20:00–23:00: 1 day, co-organised
    e1_again = dict(e1, **{"@id": f"https://udb-silex-acc.uitdatabank.be/event/{uid(1)}"})
    e4 = event(4)
    del e4["calendarType"]
    lines = [
        e1,  # 1
        e1_again,  # 2: the same uuid under the old URI form → duplicate
        event(2, workflow="DELETED"),  # 3
        event(3, workflow="REJECTED"),  # 4
        "{niet json",  # 5: malformed
        e4,  # 6: malformed (no calendarType)
        event(5, location=virtual_place(), attendance="online"),  # 7: online
        event(6, location=place(906, "4611", "Bergen op Zoom", country="NL")),  # 8: abroad
        event(7, location=place(907, "9999", "Nergenshuizen")),  # 9: unknown place
        event(  # 10: Lokeren, multiple on 2, 3 and 4 May = 3 days, organiser in Lokeren itself
            8,
            calendar="multiple",
            sub=[
                ("2025-05-02T20:00:00+02:00", "2025-05-02T22:00:00+02:00"),
                ("2025-05-03T20:00:00+02:00", "2025-05-04T01:00:00+02:00"),
                ("2025-05-04T15:00:00+02:00", "2025-05-04T17:00:00+02:00"),
            ],
            location=place(908, "9180", "Moerbeke"),
            organizer_=ORG1,
            type_=("0.55.0.0.0", "Theatervoorstelling"),
            themes=(),
        ),
        event(  # 11: Gent, periodic, June 2025 weekends = 9 days, organiser in Gent
            9,
            calendar="periodic",
            start="2025-06-01T00:00:00+02:00",
            end="2025-06-30T23:59:59+02:00",
            opening=["saturday", "sunday"],
            organizer_=ORG2,
            type_=("0.0.0.0.0", "Tentoonstelling"),
            themes=(),
        ),
        {"@id": f"{IO}/places/{uid(99)}", "name": {"nl": "Een plaats"}},  # 12: not an event
        "",  # 13: blank, not a record
        event(10, status="Unavailable"),  # 14: cancelled
        event(11, start="2024-03-14T20:00:00+01:00", end="2024-03-14T23:00:00+01:00"),  # 15
        "42",  # 16: malformed (not an object)
    ]
    return write_ndjson(tmp_path / "dump.ndjson", lines)


@pytest.fixture
def counts(tmp_path, placer):
    return count_files([dump(tmp_path)], placer, years=[2025]).as_dict()


def test_what_was_read_and_rejected(counts):
    # 15 records (the blank line 13 is none); 10 distinct events: 1, 2, 3, 5, 6, 7, 8, 9, 10, 11
    assert counts["gelezen"] == {"records": 15, "activiteiten": 10, "geen_activiteit": 1}
    assert counts["geweigerd"] == {
        "misvormd": 3,
        "dubbel": 1,
        "verwijderd_of_afgekeurd": {"DELETED": 1, "REJECTED": 1},
    }
    assert [(e["regel"], e["reden"]) for e in counts["fouten"]] == [
        (5, "geen geldige JSON: naam tussen aanhalingstekens verwacht (kolom 2)"),
        (6, "calendarType ontbreekt (single, multiple, periodic of permanent)"),
        (16, "geen JSON-object (een activiteit is een object {…})"),
    ]
    assert counts["fouten"][0]["bestand"].endswith("dump.ndjson")
    # event 10 is cancelled, event 11 has its only day in 2024
    assert (counts["afgelast"], counts["buiten_periode"]) == (1, 1)


def test_placed_and_counted_apart(counts):
    # placed: 1, 8, 9; apart: 5 online, 6 in the Netherlands, 7 unknown
    assert counts["geplaatst"] == {"totaal": 3, "per_methode": {"postcode": 3}}
    assert counts["apart"] == {"online": 1, "buiten_vlaanderen": 1, "onbekend": 1}
    assert counts["onbekende_plaatsen"] == [
        {
            "plaats": "Zaal 907",
            "id": f"{IO}/places/{uid(907)}",
            "postcode": "9999",
            "plaatsnaam": "Nergenshuizen",
            "reden": "postcode 9999 is onbekend",
            "activiteiten": 1,
        }
    ]


def test_counts_per_municipality_and_year(counts):
    by = {(b["refnis"], b["jaar"]): b for b in counts["per_gemeente"]}
    assert set(by) == {("44021", 2025), ("46029", 2025)}
    gent, lokeren = by[("44021", 2025)], by[("46029", 2025)]
    # Gent: events 1 (1 day) and 9 (9 days) = 2 events, 10 event-days
    assert (gent["activiteiten"], gent["speeldagen"]) == (2, 10)
    assert gent["per_kalender"] == {"periodic": 1, "single": 1}
    assert gent["per_type"] == {"Concert": 1, "Tentoonstelling": 1}
    assert gent["per_thema"] == {"Jazz en blues": 1}
    assert [(o["id"], o["refnis"], o["activiteiten"]) for o in gent["per_organisator"]] == [
        (uid(1), "46029", 1),
        (uid(2), "44021", 1),
    ]
    # Lokeren: event 8 on 2, 3 and 4 May (the night to 01:00 stays on the 3rd) = 3 days
    assert (lokeren["activiteiten"], lokeren["speeldagen"]) == (1, 3)
    assert lokeren["per_type"] == {"Theatervoorstelling": 1}


def test_co_organisation_is_visible_from_both_sides(counts):
    # event 1 takes place in Gent, its organiser is based in Lokeren (9180 Moerbeke);
    # event 8 is in Lokeren by the same organiser (same municipality: not co-organised)
    by = {(b["refnis"], b["jaar"]): b for b in counts["per_gemeente"]}
    assert by[("44021", 2025)]["samen_georganiseerd"] == 1
    assert by[("46029", 2025)]["samen_georganiseerd"] == 0
    assert by[("46029", 2025)]["elders_georganiseerd"] == 1
    assert counts["samenwerking"] == [
        {"jaar": 2025, "gemeente": "44021", "organisator_gemeente": "46029", "activiteiten": 1}
    ]


def test_duplicates_across_files(tmp_path, placer):
    a = write_ndjson(tmp_path / "a.ndjson", [event(1), event(2)])
    b = write_ndjson(tmp_path / "b.ndjson", [event(2), event(3)])
    result = count_files([a, b], placer, years=[2025]).as_dict()
    # 4 records, event 2 twice → 3 events, 1 duplicate; all in Gent on 14/03/2025
    assert result["gelezen"]["activiteiten"] == 3
    assert result["geweigerd"]["dubbel"] == 1
    assert result["per_gemeente"][0]["activiteiten"] == 3


def test_without_years_every_year_with_a_day_counts(tmp_path, placer):
    path = write_ndjson(
        tmp_path / "d.ndjson",
        [event(1, start="2025-12-31T10:00:00+01:00", end="2026-01-02T18:00:00+01:00")],
    )
    result = count_files([path], placer, reference_year=2026).as_dict()
    # 31/12/2025 (1 day) and 1–2/01/2026 (2 days): one event in each year
    assert [(b["jaar"], b["activiteiten"], b["speeldagen"]) for b in result["per_gemeente"]] == [
        (2025, 1, 1),
        (2026, 1, 2),
    ]


def test_flat_measurements_for_storing_later(tmp_path, placer):
    result = count_files([dump(tmp_path)], placer, years=[2025])
    # the same figures as test_counts_per_municipality_and_year, one row per indicator
    assert result.measurements() == [
        ("44021", 2025, "uit_activiteiten", 2),
        ("44021", 2025, "uit_speeldagen", 10),
        ("44021", 2025, "uit_samen_georganiseerd", 1),
        ("44021", 2025, "uit_elders_georganiseerd", 0),
        ("46029", 2025, "uit_activiteiten", 1),
        ("46029", 2025, "uit_speeldagen", 3),
        ("46029", 2025, "uit_samen_georganiseerd", 0),
        ("46029", 2025, "uit_elders_georganiseerd", 1),
    ]
