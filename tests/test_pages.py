"""The Atlas pages say the right things (on the synthetic bundle)."""

import io

import pytest
from openpyxl import load_workbook


@pytest.fixture
def client_loaded(loaded, client):
    return client


def test_no_data_page_says_how_to_load(db, client):
    r = client.get("/")
    assert r.status_code == 200
    assert "samenspel data load" in r.content.decode()


def test_home_key_figures(client_loaded):
    html = client_loaded.get("/?peildatum=2026-11-28").content.decode()
    assert "Kerncijfers op 28/11/2026" in html
    assert "365.000" in html  # inhabitants fully covered
    assert "67.000 in gedeeltelijk gedekte gemeenten, niet meegeteld" in html
    assert "79,3 %" in html  # 365.000 / 460.000


def test_partnership_page_gives_reasons(client_loaded):
    html = client_loaded.get("/igs/zuid/?peildatum=2026-11-28").content.decode()
    assert "Cultuur Zuid komt niet in aanmerking" in html
    assert "Ligt in twee referentieregio&#x27;s: Regio Gent (1), Vlaamse Ardennen (1)" in html
    assert "243.000,00 €" in html  # 0,90 × 270.000
    assert "Merelbeke-Melle is maar gedeeltelijk gedekt: enkel Melle" in html


def test_municipality_page_history(client_loaded):
    html = client_loaded.get("/gemeenten/44088/?peildatum=2026-11-28").content.decode()
    assert "gedeeltelijk: enkel Melle" in html
    assert "Merelbeke (44043)" in html and "31/12/2024" in html


def test_unknown_municipality_is_404(client_loaded):
    assert client_loaded.get("/gemeenten/99999/").status_code == 404


def test_map_status_json(client_loaded):
    data = client_loaded.get("/kaart/toestand.json?peildatum=2024-06-01").json()
    assert data["peildatum"] == "2024-06-01"
    assert data["gemeenten"]["44088"]["status"] == "volledig"
    assert data["gemeenten"]["44087"] == {
        "status": "gedeeltelijk",
        "igs": ["noord"],
        "deel": "Wachtebeke",
    }
    colours = {i["slug"]: i["kleur"] for i in data["igs"]}
    assert colours["noord"] != colours["zuid"]  # neighbours never share a colour
    assert client_loaded.get("/kaart/toestand.json?peildatum=morgen").status_code == 400


def test_xlsx_download_has_numbers(client_loaded):
    r = client_loaded.get("/igs/?peildatum=2026-11-28&formaat=xlsx&tabel=igs")
    assert r["Content-Disposition"] == 'attachment; filename="igs.xlsx"'
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:3] == ("IGS", "gemeenten (2025)", "inwoners")
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["Cultuur Noord"][2] == 90_000
    assert by_name["Cultuur Noord"][6] == 100_000


def test_csv_download_uses_belgian_decimals(client_loaded):
    r = client_loaded.get("/referentieregios/?peildatum=2026-11-28&formaat=csv")
    text = r.content.decode("utf-8-sig")
    header, *lines = text.strip().splitlines()
    assert header.startswith("referentieregio;gemeenten;")
    gent = next(line for line in lines if line.startswith("Regio Gent;"))
    # Regio Gent: Eeklo, Evergem, Lochristi, Aalter, Gent, Nazareth-De Pinte = 413.000
    # inhabitants; covered Eeklo + Evergem + Aalter + Gent = 360.000; 360/413 = 87,17 %
    assert gent == "Regio Gent;6;4;1;413000;360000;87,17;Gent;3"


def test_topology_is_served_precompressed(client_loaded):
    import gzip
    import json

    r = client_loaded.get("/kaart/topologie.json", HTTP_ACCEPT_ENCODING="gzip")
    assert r["Content-Encoding"] == "gzip"
    topo = json.loads(gzip.decompress(r.content))
    assert len(topo["gemeenten"]) == 8
    plain = client_loaded.get("/kaart/topologie.json")
    assert "Content-Encoding" not in plain
    assert json.loads(plain.content) == topo


def test_a_correction_in_the_admin_shows_at_once(client_loaded):
    from samenspel.partnerships.models import Membership

    html = client_loaded.get("/gemeenten/44084/?peildatum=2026-11-28").content.decode()
    assert "Cultuur Noord" in html
    # staff end Aalter's membership in the admin (a model save, as the admin does)
    m = Membership.objects.get(partnership="noord", member_refnis="44084")
    m.valid_to = "2025-12-31"
    m.save()
    data = client_loaded.get("/kaart/toestand.json?peildatum=2026-11-28").json()
    assert data["gemeenten"]["44084"]["status"] == "geen"


def test_municipality_figures_download(client_loaded):
    r = client_loaded.get("/gemeenten/44019/?formaat=csv&tabel=cijfers-44019")
    lines = r.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0] == "cijfer;waarde;eenheid;jaar"
    assert "inwoners (1 januari);40000;inwoners;2026" in lines
    assert "oppervlakte;60;km²;2025" in lines
