"""Find and start the Verdeelsleutel: the menu, names instead of REFNIS codes, the search box's
suggestions and the entries from the municipality and IGS pages (synthetic bundle).

Cultuur Noord on 2026-11-28: Eeklo 20.000, Evergem 40.000 and Aalter 30.000 = 90.000
inhabitants (Lochristi only partly covered, not counted); Gent 270.000.
"""

from types import SimpleNamespace

import pytest

from samenspel.atlas.names import (
    MAX_RESULTS,
    find_municipalities,
    find_partnership,
    normalise,
    suggest,
)

DAY = "peildatum=2026-11-28"


def test_the_verdeelsleutel_is_in_the_main_menu(loaded, client):
    html = client.get("/").content.decode()
    nav = html.split('aria-label="Hoofdnavigatie"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/verdeelsleutel/">Verdeelsleutel</a>' in nav


def test_the_empty_form_has_an_igs_search_box(loaded, client):
    html = client.get("/verdeelsleutel/").content.decode()
    assert '<label for="id_igs">IGS</label>' in html
    assert 'type="text" name="igs"' in html and 'data-zoek="igs"' in html
    assert 'type="hidden" name="igs"' not in html
    assert html.count('data-zoek="gemeente"') == 2  # gemeenten and extra


def test_municipalities_by_name_give_the_same_result_as_by_code(loaded, client):
    by_name = client.get(
        f"/verdeelsleutel/?gemeenten=Eeklo,%20evergem%20;AALTER&sleutel_1=inwoners&{DAY}"
    )
    by_code = client.get(f"/verdeelsleutel/?gemeenten=43005,44019,44084&sleutel_1=inwoners&{DAY}")
    assert by_name.status_code == 200 and by_code.status_code == 200
    html = by_name.content.decode()
    # 75.000 € (the minimum cofinancing of 90.000 inhabitants) per inhabitant:
    # Evergem 75.000 × 40.000 / 90.000 = 33.333,33 €, Eeklo 16.666,67 €, Aalter 25.000,00 €
    for amount in ("75.000,00 €", "33.333,33 €", "16.666,67 €", "25.000,00 €"):
        assert amount in html
        assert amount in by_code.content.decode()


def test_an_igs_by_its_name_and_a_centrumstad_by_name(loaded, client):
    r = client.get(
        "/verdeelsleutel/?igs=cultuur+noord&extra=Gent&bedrag=360.000&sleutel_1=inwoners&" + DAY
    )
    html = r.content.decode()
    assert r.status_code == 200
    # 360.000 € over 360.000 inhabitants: one euro each
    assert "270.000,00 €" in html and "40.000,00 €" in html and "20.000,00 €" in html


def test_an_unknown_name_is_named_with_close_matches(loaded, client):
    r = client.get(f"/verdeelsleutel/?gemeenten=Eeklo,Evergm,Xyzzy&sleutel_1=inwoners&{DAY}")
    assert r.status_code == 400
    html = r.content.decode()
    assert "Gemeenten: geen gemeente “Evergm” gevonden; bedoel je “Evergem”?" in html
    assert "geen gemeente “Xyzzy” gevonden." in html


def test_a_merged_municipality_points_to_its_successor(loaded, client):
    r = client.get(f"/verdeelsleutel/?gemeenten=Eeklo,Wachtebeke&{DAY}")
    assert r.status_code == 400
    assert "“Wachtebeke” is sinds 1/1/2025 deel van Lochristi (44087)" in r.content.decode()


def test_igs_and_municipality_names_are_told_apart(loaded, client):
    r = client.get(f"/verdeelsleutel/?extra=Cultuur%20Noord&{DAY}")
    assert r.status_code == 400
    assert "“Cultuur Noord” is een IGS (Cultuur Noord), geen gemeente" in r.content.decode()
    r = client.get(f"/verdeelsleutel/?igs=Gent&{DAY}")
    assert r.status_code == 400
    assert "IGS: “Gent” is een gemeente, geen IGS" in r.content.decode()
    r = client.get(f"/verdeelsleutel/?igs=Cultuur%20Nord&{DAY}")
    assert r.status_code == 400
    assert "IGS: geen IGS “Cultuur Nord” gevonden. Bedoel je “Cultuur Noord”" in (
        r.content.decode()
    )


def test_search_suggests_municipalities_and_igs(loaded, client):
    data = client.get("/zoek/?q=gen").json()
    assert data["gemeenten"] == [{"naam": "Gent", "refnis": "44021", "centrumstad": True}]
    data = client.get("/zoek/?q=noord").json()
    assert data["igs"] == [{"naam": "Cultuur Noord", "slug": "noord"}]
    # "cultuur" starts both IGS names and no municipality's; soort=gemeente keeps only those
    assert [i["slug"] for i in client.get("/zoek/?q=cultuur").json()["igs"]] == ["noord", "zuid"]
    assert client.get("/zoek/?q=cultuur&soort=gemeente").json() == {"gemeenten": [], "igs": []}
    # a word inside the name: "melle" finds Merelbeke-Melle; digits search REFNIS codes
    assert client.get("/zoek/?q=melle").json()["gemeenten"][0]["refnis"] == "44088"
    assert client.get("/zoek/?q=4300").json()["gemeenten"][0]["naam"] == "Eeklo"
    # a typo gets the close name
    assert client.get("/zoek/?q=evergm").json()["gemeenten"][0]["naam"] == "Evergem"


def test_search_is_bounded(loaded, client):
    r = client.get("/zoek/?q=" + "a" * 5_000)
    assert r.status_code == 200 and r.json() == {"gemeenten": [], "igs": []}
    r = client.get("/zoek/?q=gent&soort=alles")
    assert r.status_code == 400 and "kies gemeente of igs" in r.json()["fout"]


def _fake_atlas(names):
    municipalities = {
        f"{10000 + i}": SimpleNamespace(
            refnis=f"{10000 + i}", name=n, name_fr=n, is_centrumstad=False, parts=()
        )
        for i, n in enumerate(names)
    }
    return SimpleNamespace(municipalities=municipalities, partnerships={})


def test_at_most_twenty_suggestions():
    atlas = _fake_atlas([f"Gemeente {i}" for i in range(30)])
    assert MAX_RESULTS == 20
    assert len(suggest(atlas, "gemeente")["gemeenten"]) == 20


def test_two_municipalities_with_one_name_ask_for_the_code():
    atlas = _fake_atlas(["Sint-Jan", "Sint-Jan", "Zele"])
    with pytest.raises(ValueError, match=r"“sint jan” is meer dan één gemeente: geef de REFNIS"):
        find_municipalities(atlas, "Zele, sint jan", "Gemeenten")
    assert find_municipalities(atlas, "Zele, 10001", "Gemeenten") == ["10002", "10001"]


def test_names_are_compared_without_case_accents_or_hyphens():
    assert normalise("  Merelbeke-Melle ") == normalise("merelbeke   MELLE") == "merelbeke melle"
    assert normalise("Écaussinnes") == "ecaussinnes"


def test_municipality_page_starts_a_verdeelsleutel(loaded, client):
    html = client.get(f"/gemeenten/43005/?{DAY}").content.decode()
    assert "Bereken een verdeelsleutel voor Cultuur Noord" in html
    assert "/verdeelsleutel/?igs=noord&amp;peildatum=2026-11-28" in html
    assert "/verdeelsleutel/?gemeenten=43005%2C" in html
    link = html.split("/verdeelsleutel/?gemeenten=", 1)[1].split('"', 1)[0].replace("&amp;", "&")
    r = client.get("/verdeelsleutel/?gemeenten=" + link)
    assert r.status_code == 200 and "Eeklo" in r.content.decode()


def test_igs_page_starts_a_verdeelsleutel(loaded, client):
    html = client.get(f"/igs/noord/?{DAY}").content.decode()
    assert (
        '<a href="/verdeelsleutel/?igs=noord&amp;peildatum=2026-11-28">'
        "Bereken een verdeelsleutel voor Cultuur Noord</a>"
    ) in html


def test_comparing_with_nobody_chosen_asks_for_an_igs_or_municipalities(loaded, client):
    # the empty form submitted as it is: no IGS, no municipalities
    r = client.get(f"/verdeelsleutel/?igs=&gemeenten=&extra=&bedrag=&{DAY}")
    assert r.status_code == 400
    assert "Kies een IGS of geef minstens één gemeente." in r.content.decode()


def test_an_igs_full_name_beats_a_part_of_another_name():
    atlas = SimpleNamespace(
        municipalities={},
        partnerships={
            "zuidrand": SimpleNamespace(name="Zuidrand"),
            "streek": SimpleNamespace(name="Streekvereniging (Zuidrand)"),
            "a": SimpleNamespace(name="Kunst (Regio)"),
            "b": SimpleNamespace(name="Erfgoed (Regio)"),
        },
    )
    assert find_partnership(atlas, "zuidrand") == "zuidrand"
    assert find_partnership(atlas, "Streekvereniging") == "streek"
    with pytest.raises(ValueError, match="“regio” past bij meer dan één IGS: Kunst"):
        find_partnership(atlas, "regio")


def test_every_help_text_is_linked_to_its_field(loaded, client):
    # Django names the help text of field X "id_X_helptext" in aria-describedby; the element
    # with that id must exist, or a screen reader never reads the help text.
    import re

    html = client.get("/verdeelsleutel/").content.decode()
    described = re.findall(r'aria-describedby="([^"]+)"', html)
    assert described, "geen enkel veld verwijst naar een hulptekst"
    for ids in described:
        for ident in ids.split():
            assert f'id="{ident}"' in html, ident
