"""The support organisations of Wie is wie, and the directory's search (pure, no database)."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlparse

from samenspel.accounts import organisations
from samenspel.accounts.organisations import ORGANISATIONS
from samenspel.network import directory


def test_every_organisation_has_a_source_and_a_date():
    assert len(ORGANISATIONS) >= 6
    for o in ORGANISATIONS:
        for url in (o.source_url, o.website):
            parts = urlparse(url)
            assert parts.scheme in ("http", "https") and parts.netloc, (o.code, url)
        assert o.role and o.focus and o.ask_for, o.code
        assert date(2026, 1, 1) <= o.checked <= date(2027, 1, 1)
        assert o.kind in organisations.KIND_LABELS


def test_the_organisations_the_research_names_are_there():
    # the research names Faro, Cultuurconnect and VVSG; the brief adds OP/TIL, publiq and CJM
    codes = {o.code for o in ORGANISATIONS}
    assert {"optil", "faro", "cultuurconnect", "vvsg", "publiq", "cjm"} <= codes
    assert len(codes) == len(ORGANISATIONS)  # codes are unique (they are role places)


def test_organisation_search_needs_every_word():
    assert [o.code for o in organisations.search(ORGANISATIONS, "UiTPAS")] == ["publiq"]
    assert [o.code for o in organisations.search(ORGANISATIONS, "erfgoed musea")] == ["faro"]
    assert len(organisations.search(ORGANISATIONS, "")) == len(ORGANISATIONS)


def test_organisation_search_ignores_accents_like_wie_is_wie():
    # "coördinatie" stands only in ABB's focus ("Algemene coördinatie van de regiovorming"),
    # "coördineert" in FARO's and ABB's: the query is found with or without the accent.
    assert [o.code for o in organisations.search(ORGANISATIONS, "coordinatie")] == ["abb"]
    assert [o.code for o in organisations.search(ORGANISATIONS, "COÖRDINATIE")] == ["abb"]
    assert [o.code for o in organisations.search(ORGANISATIONS, "coordineert")] == ["faro", "abb"]


def _entry(pid, name, consent_contact, *roles):
    return directory.entry(
        pid,
        name,
        "",
        f"{name.lower()}@x.be",
        "09 000",
        consent_contact,
        roles,
        role_labels={"schepen": "schepen", "igs_coordinator": "IGS-coördinator"},
        igs_names={"noord": "Cultuur Noord"},
        municipalities={"43005": ("Eeklo", "Regio Gent"), "44021": ("Gent", "Regio Gent")},
        organisations={"optil": "OP/TIL"},
    )


def test_entry_drops_contact_without_consent_and_unknown_places():
    with_contact = _entry(1, "An", True, ("schepen", "43005", "", ""))
    without = _entry(2, "Bo", False, ("schepen", "43005", "", ""))
    assert (with_contact.email, with_contact.phone) == ("an@x.be", "09 000")
    assert (without.email, without.phone) == ("", "")
    assert _entry(3, "Cy", True, ("schepen", "99999", "", "")) is None  # no known place


def test_group_search_ignores_case_and_accents():
    people = [
        _entry(1, "Zoë Peeters", False, ("schepen", "43005", "", "")),
        _entry(2, "Bert", False, ("igs_coordinator", "", "noord", "")),
        _entry(3, "Carl", False, ("schepen", "44021", "", "")),
    ]
    found = directory.group(people, "zoe")
    assert found.total == 1 and found.regions[0][1][0].people[0][0].name == "Zoë Peeters"
    found = directory.group(people, "CULTUUR noord")
    assert [s.name for s in found.igs] == ["Cultuur Noord"] and found.regions == ()
    found = directory.group(people, "regio gent")  # both municipalities, by name
    assert [s.name for s in found.regions[0][1]] == ["Eeklo", "Gent"]
    found = directory.group(people, "", limit=2)
    assert (found.shown, found.total, found.truncated) == (2, 3, True)


def test_wie_is_wie_finds_a_flemish_name_however_its_apostrophe_or_hyphen_is_typed():
    """ "D’Haese" (typographic apostrophe, as Word writes it) is found by "d'haese" and by
    "dhaese"; "Van den Broeck-Smet" by "broeck smet" and "broeck-smet"; "regio gent" still
    finds both people of Regio Gent."""
    people = [
        _entry(1, "Ann D’Haese", False, ("schepen", "43005", "", "")),
        _entry(2, "Bram Van den Broeck-Smet", False, ("schepen", "44021", "", "")),
    ]

    def names(q):
        found = directory.group(people, q)
        return sorted(
            p.name for _r, sections in found.regions for s in sections for p, _ in s.people
        )

    assert names("d'haese") == ["Ann D’Haese"]
    assert names("DHaese") == ["Ann D’Haese"]
    assert names("broeck smet") == ["Bram Van den Broeck-Smet"]
    assert names("broeck-smet") == ["Bram Van den Broeck-Smet"]
    assert names("regio gent") == ["Ann D’Haese", "Bram Van den Broeck-Smet"]
