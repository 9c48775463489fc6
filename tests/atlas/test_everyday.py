"""Everyday use of the Atlas on the synthetic bundle: the municipality list searched, filtered,
sorted and paged through the query string (so it works without JavaScript), its downloads, and
the colours of the referentieregio map.

The bundle (tests/fixtures/bundle.py) at 28/11/2026, worked out by hand:

    REFNIS  name                region            inhabitants  IGS            coverage
    43005   Eeklo               Regio Gent             20.000  noord, los     full
    44019   Evergem             Regio Gent             40.000  noord          full
    44087   Lochristi           Regio Gent             25.000  noord          partly (Wachtebeke)
    44084   Aalter              Regio Gent             30.000  noord          full
    44021   Gent (centrumstad)  Regio Gent            270.000  zuid           full
    44088   Merelbeke-Melle     Vlaamse Ardennen       42.000  zuid           partly (via Melle)
    44086   Nazareth-De Pinte   Regio Gent             28.000  —              not covered
    73109   Voeren              Limburg                 5.000  los            full

IGS names: noord = "Cultuur Noord", zuid = "Cultuur Zuid", los = "Los Verband".
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from samenspel.atlas import views_territory
from samenspel.core.colours import MIN_DIFFERENCE, delta_e_2000, srgb_to_lab

ON = "peildatum=2026-11-28"
NAMES = {
    "43005": "Eeklo",
    "44019": "Evergem",
    "44087": "Lochristi",
    "44084": "Aalter",
    "44021": "Gent",
    "44088": "Merelbeke-Melle",
    "44086": "Nazareth-De Pinte",
    "73109": "Voeren",
}
ROW_LINK = re.compile(r'href="/gemeenten/(\d{5})/\?peildatum=')


@pytest.fixture
def client_loaded(loaded, client):
    return client


def listed(client, query: str = "") -> list[str]:
    """The names in the table of the municipality list, in the order shown."""
    r = client.get(f"/gemeenten/?{ON}&{query}")
    assert r.status_code == 200
    html = r.content.decode()
    if "<table" not in html:  # nothing found: the page says so instead of an empty table
        assert "Geen gemeente gevonden" in html
        return []
    table = html[html.index("<table") : html.index("</table>")]
    return [NAMES[code] for code in ROW_LINK.findall(table)]


def count_line(client, query: str) -> str:
    html = client.get(f"/gemeenten/?{ON}&{query}").content.decode()
    return re.search(r'<p class="aantal"[^>]*>(.*?)</p>', html, re.S).group(1)


def test_default_list_is_all_municipalities_by_name(client_loaded):
    assert listed(client_loaded) == [
        "Aalter",
        "Eeklo",
        "Evergem",
        "Gent",
        "Lochristi",
        "Merelbeke-Melle",
        "Nazareth-De Pinte",
        "Voeren",
    ]
    assert count_line(client_loaded, "").startswith("8 gemeenten")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # "ge" is in evERGEm and GEnt, in no other name or former municipality
        ("q=ge", ["Evergem", "Gent"]),
        # case, accents and hyphens do not matter
        ("q=MERELBEKE melle", ["Merelbeke-Melle"]),
        # a former municipality finds the one it merged into (Wachtebeke → Lochristi)
        ("q=Wachtebeke", ["Lochristi"]),
        # the start of a REFNIS code: 44084, 44086, 44087, 44088 — by name
        ("q=4408", ["Aalter", "Lochristi", "Merelbeke-Melle", "Nazareth-De Pinte"]),
        ("q=zzz", []),
    ],
)
def test_search_by_name_former_name_or_refnis(client_loaded, query, expected):
    assert listed(client_loaded, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # not covered: only Nazareth-De Pinte (Lochristi and Merelbeke-Melle are partly covered)
        ("igs=geen", ["Nazareth-De Pinte"]),
        # members of Cultuur Noord, the partly covered Lochristi included
        ("igs=noord", ["Aalter", "Eeklo", "Evergem", "Lochristi"]),
        ("igs=los", ["Eeklo", "Voeren"]),
        ("centrumstad=1", ["Gent"]),
        ("regio=vlaamse-ardennen", ["Merelbeke-Melle"]),
        # both: the four members of Cultuur Noord all lie in Regio Gent
        ("regio=regio-gent&igs=noord", ["Aalter", "Eeklo", "Evergem", "Lochristi"]),
        ("regio=limburg&centrumstad=1", []),
    ],
)
def test_filters(client_loaded, query, expected):
    assert listed(client_loaded, query) == expected


def test_sort_by_inhabitants_most_first(client_loaded):
    # 270.000 > 42.000 > 40.000 > 30.000 > 28.000 > 25.000 > 20.000 > 5.000
    assert listed(client_loaded, "sorteer=inwoners") == [
        "Gent",
        "Merelbeke-Melle",
        "Evergem",
        "Aalter",
        "Nazareth-De Pinte",
        "Lochristi",
        "Eeklo",
        "Voeren",
    ]
    # filtered and sorted: Cultuur Noord by inhabitants, 40.000 > 30.000 > 25.000 > 20.000
    assert listed(client_loaded, "igs=noord&sorteer=inwoners") == [
        "Evergem",
        "Aalter",
        "Lochristi",
        "Eeklo",
    ]


def test_sort_by_igs_then_name_without_igs_last(client_loaded):
    # keys (IGS names, sorted): [Cultuur Noord] for Aalter, Evergem, Lochristi;
    # [Cultuur Noord, Los Verband] for Eeklo (a longer list after its prefix);
    # [Cultuur Zuid] for Gent and Merelbeke-Melle; [Los Verband] for Voeren; none last.
    assert listed(client_loaded, "sorteer=igs") == [
        "Aalter",
        "Evergem",
        "Lochristi",
        "Eeklo",
        "Gent",
        "Merelbeke-Melle",
        "Voeren",
        "Nazareth-De Pinte",
    ]


def test_pages_of_the_list(client_loaded, monkeypatch):
    # 3 per page: 8 rows make pages of 3, 3 and 2
    monkeypatch.setattr(views_territory, "PAGE_SIZE", 3)
    assert listed(client_loaded) == ["Aalter", "Eeklo", "Evergem"]
    assert listed(client_loaded, "pagina=2") == ["Gent", "Lochristi", "Merelbeke-Melle"]
    assert listed(client_loaded, "pagina=3") == ["Nazareth-De Pinte", "Voeren"]
    assert "hieronder 4 tot en met 6" in count_line(client_loaded, "pagina=2")
    # past the end: the last page; unreadable: the first; "alle": all 8
    assert listed(client_loaded, "pagina=99") == ["Nazareth-De Pinte", "Voeren"]
    assert listed(client_loaded, "pagina=abc") == ["Aalter", "Eeklo", "Evergem"]
    assert listed(client_loaded, "pagina=²") == ["Aalter", "Eeklo", "Evergem"]  # was a 500
    assert len(listed(client_loaded, "pagina=alle")) == 8
    # the page links keep the search and the filters
    html = client_loaded.get(f"/gemeenten/?{ON}&igs=noord&sorteer=inwoners").content.decode()
    assert 'href="?peildatum=2026-11-28&amp;igs=noord&amp;sorteer=inwoners&amp;pagina=2"' in html


def test_downloads_hold_every_match_not_only_the_page(client_loaded, monkeypatch):
    monkeypatch.setattr(views_territory, "PAGE_SIZE", 3)
    r = client_loaded.get(f"/gemeenten/?{ON}&igs=noord&sorteer=inwoners&pagina=2&formaat=csv")
    assert r.status_code == 200
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:2] == ["REFNIS", "gemeente"]
    assert [row[1] for row in rows[1:]] == ["Evergem", "Aalter", "Lochristi", "Eeklo"]
    r = client_loaded.get(f"/gemeenten/?{ON}&centrumstad=1&formaat=xlsx")
    sheet = load_workbook(io.BytesIO(r.content)).active
    assert [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Gent"]
    # the unfiltered download still has all 8
    r = client_loaded.get(f"/gemeenten/?{ON}&formaat=csv")
    assert len(r.content.decode("utf-8-sig").strip().splitlines()) == 1 + 8


def test_unknown_choices_fall_back_and_say_so(client_loaded):
    html = client_loaded.get(f"/gemeenten/?{ON}&igs=bestaat-niet&regio=nergens").content.decode()
    assert "Onbekend of niet actief IGS &#x27;bestaat-niet&#x27;" in html
    assert "Onbekende referentieregio &#x27;nergens&#x27;" in html
    assert listed(client_loaded, "igs=bestaat-niet&sorteer=raar") == listed(client_loaded)
    # a search of 5.000 characters is read as its first 100 and finds nothing
    r = client_loaded.get(f"/gemeenten/?{ON}&q={'a' * 5000}")
    assert r.status_code == 200
    html = r.content.decode()
    assert 'name="q" value="' + "a" * 100 + '"' in html
    assert "Geen gemeente gevonden voor ‘" + "a" * 100 + "’" in html
    assert listed(client_loaded, f"q={'a' * 5000}") == []


def test_the_form_shows_the_current_choices(client_loaded):
    html = client_loaded.get(f"/gemeenten/?{ON}&q=ge&igs=geen&centrumstad=1").content.decode()
    assert 'name="q" value="ge"' in html
    assert '<option value="geen" selected>' in html
    assert 'name="centrumstad" value="1" checked' in html
    assert 'aria-describedby="gemeente-q-hulp"' in html
    assert "Geen gemeente gevonden voor ‘ge’ met deze filters" in html


def test_map_status_gives_the_regions_distinct_colours(client_loaded):
    data = client_loaded.get(f"/kaart/toestand.json?{ON}").json()
    regions = {r["naam"]: r for r in data["regios"]}
    assert set(regions) == {"Regio Gent", "Vlaamse Ardennen", "Limburg"}
    assert regions["Regio Gent"]["slug"] == "regio-gent"
    # Gent (column 1) and Merelbeke-Melle (column 2) share a side: the two regions border
    gent, ardennen = regions["Regio Gent"]["kleur"], regions["Vlaamse Ardennen"]["kleur"]
    assert delta_e_2000(srgb_to_lab(gent), srgb_to_lab(ardennen)) >= MIN_DIFFERENCE


def test_region_list_has_a_region_map(client_loaded):
    html = client_loaded.get(f"/referentieregios/?{ON}").content.decode()
    assert 'data-modus="regio"' in html
    assert 'data-regio-url="/referentieregios/SLUG/"' in html
