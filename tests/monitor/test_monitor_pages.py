"""The Monitor's pages per IGS, per municipality and per group, and the Monitor block on the
Atlas pages, on the synthetic bundle (tests/fixtures/bundle.py) with measurements made here.

Cultuur Zuid ("zuid") in 2023 and 2024 has two partners: Gent (centrumstad, 270.000
inhabitants, referentieregio Regio Gent) and Merelbeke-Melle (42.000, Vlaamse Ardennen; Melle
and Merelbeke are both members until the end of 2024). From 2025 Merelbeke has left, so
Merelbeke-Melle is only partly covered and Gent is the only full partner.
"""

from decimal import Decimal

import pytest

from samenspel.monitor import charts
from samenspel.monitor.loading import ensure_catalogue
from samenspel.monitor.models import Indicator, Measurement

SURVEY = "GSM_CU_S_08"
# Survey 2023 (invented): one value per municipality, Merelbeke-Melle one per former one.
SURVEY_VALUES = {
    "43005": 30,  # Eeklo (Regio Gent)
    "44019": 40,  # Evergem (Regio Gent)
    "44087": 20,  # Lochristi (Regio Gent)
    "44084": 50,  # Aalter (Regio Gent)
    "44021": 70,  # Gent (Regio Gent, centrumstad)
    "44086": 90,  # Nazareth-De Pinte (Regio Gent)
    "73109": 10,  # Voeren (Limburg)
}
PARTS = [("44088", "44040", "Melle", 60), ("44088", "44043", "Merelbeke", 80)]


@pytest.fixture
def monitor(loaded):
    ensure_catalogue()
    ind = Indicator.objects.create(
        code=SURVEY,
        name="Tevredenheid over culturele voorzieningen",
        definition="Aandeel tevreden inwoners.",
        unit="% van de respondenten",
        source="Gemeente- en Stadsmonitor 2023 (test)",
        reference="2023 (bevraging)",
        frequency="om de drie jaar",
        kind="survey",
        direction="up",
        level="municipality",
        caveat="Eén waarde per gemeente van vóór 2025.",
        whole_numbers=True,
    )
    for refnis, v in SURVEY_VALUES.items():
        Measurement.objects.create(indicator=ind, refnis=refnis, year=2023, value=Decimal(v))
    for refnis, part, name, v in PARTS:
        Measurement.objects.create(
            indicator=ind, refnis=refnis, part_refnis=part, part_name=name, year=2023, value=v
        )
    codes = {i.code: i for i in Indicator.objects.all()}
    for code, gent, mm in (("ACT_AANTAL", 300, 12), ("IGS_BIJDRAGE", 27_000, 3_000)):
        Measurement.objects.create(indicator=codes[code], refnis="44021", year=2024, value=gent)
        Measurement.objects.create(indicator=codes[code], refnis="44088", year=2024, value=mm)
    return ind


def text_of(response) -> str:
    return response.content.decode()


@pytest.mark.django_db
def test_what_each_municipality_gets_back_and_dominance(client, monitor):
    r = client.get("/monitor/igs/zuid/?jaar=2024")
    assert r.status_code == 200
    gent, mm = r.context["returns"]
    whole = r.context["whole"]
    assert (gent.name, mm.name) == ("Gent", "Merelbeke-Melle")
    # per 1.000 inhabitants: 300 / 270.000 × 1.000 = 1,111; 12 / 42.000 × 1.000 = 0,2857
    assert gent.per_1000 == pytest.approx(1.1111, abs=1e-4)
    assert mm.per_1000 == pytest.approx(0.2857, abs=1e-4)
    # per euro paid: 300 / 27.000 = 0,0111; 12 / 3.000 = 0,004
    assert gent.per_euro == pytest.approx(0.01111, abs=1e-5)
    assert mm.per_euro == pytest.approx(0.004)
    # reachable: all activities of both partners, 312; per euro for Merelbeke-Melle 312/3.000
    assert gent.reachable == mm.reachable == 312
    assert mm.reachable_per_euro == pytest.approx(0.104)
    # the IGS as a whole: 312 / 312.000 × 1.000 = 1,0 per 1.000; 312 / 30.000 = 0,0104 per euro
    assert whole.per_1000 == pytest.approx(1.0)
    assert whole.per_euro == pytest.approx(0.0104)
    # dominance of Gent: (300/312) / (270/312) = 1,111
    b = r.context["b"]
    assert b.dominance_index == pytest.approx(300 / 270)
    # against the contribution: (300/312) / (27.000/30.000) = 0,9615 / 0,9 = 1,068
    assert b.dominance["activiteiten_bijdrage"] == pytest.approx((300 / 312) / 0.9)
    page = text_of(r)
    assert "een dominantie-index van 1,11" in page
    assert "27.000,00 €" in page and "3.000,00 €" in page
    # per 1.000 € on the page: 0,0111 × 1.000 = 11,1 and 0,004 × 1.000 = 4,0
    assert "11,1 activiteiten op het eigen grondgebied" in page
    assert "4,0 activiteiten op het eigen grondgebied; 104,0 bereikbaar" in page
    assert "Er zijn nog geen activiteiten ingelezen" not in page


@pytest.mark.django_db
def test_comparison_of_the_partners_on_the_survey(client, monitor):
    r = client.get(f"/monitor/igs/zuid/?jaar=2023&indicator={SURVEY}&vergelijk=Voeren")
    assert r.status_code == 200
    rows = {row.label: row for row in r.context["cmp"].rows}
    # IGS: Gent 70 and the two parts of Merelbeke-Melle 60 and 80 → (70 + 60 + 80) / 3 = 70
    assert rows["Gemiddelde van de partners (IGS)"].value == pytest.approx(70)
    assert rows["Gemiddelde van de partners (IGS)"].areas == 3
    # Regio Gent: Eeklo 30, Evergem 40, Lochristi 20, Aalter 50, Gent 70, Nazareth-De Pinte 90
    # → 300 / 6 = 50; Vlaamse Ardennen: Melle 60 and Merelbeke 80 → 70
    assert rows["Gemiddelde referentieregio Regio Gent"].value == pytest.approx(50)
    assert rows["Gemiddelde referentieregio Vlaamse Ardennen"].value == pytest.approx(70)
    # centrumsteden: Gent alone → 70; Flanders: the nine values, 450 / 9 = 50
    assert rows["Gemiddelde centrumsteden"].value == pytest.approx(70)
    assert rows["Gemiddelde Vlaanderen"].value == pytest.approx(50)
    assert rows["Gemiddelde Vlaanderen"].areas == 9
    # the chosen set: Voeren 10
    assert rows["Voeren"].value == 10 and rows["Voeren"].kind == "gekozen"
    # Gent against the IGS: 70 − 70 = 0; against Regio Gent: 70 − 50 = 20
    assert rows["Gent"].diff_igs == pytest.approx(0)
    assert rows["Gent"].diff_region == pytest.approx(20)
    # merged municipality: its former municipalities apart, labelled, never summed
    melle = rows["Merelbeke-Melle: deel Melle (44040, vóór 2025)"]
    assert (melle.value, melle.kind) == (60, "deel")
    assert "Merelbeke-Melle" not in rows  # no combined value
    # Nazareth-De Pinte borders Merelbeke-Melle: a neighbour of the IGS
    assert rows["Nazareth-De Pinte"].kind == "buur"
    page = text_of(r)
    assert "Samengevoegde gemeente:" in page
    assert "Eén waarde per gemeente van vóór 2025." in page  # the caveat beside the figures
    assert '<svg class="m-kaart-svg"' in page  # the map
    # the download of the same figures (Belgian CSV: decimal comma)
    csv = client.get(
        f"/monitor/igs/zuid/?jaar=2023&indicator={SURVEY}&formaat=csv"
        f"&tabel=monitor-zuid-{SURVEY}-2023"
    ).content.decode("utf-8-sig")
    assert "Gemiddelde Vlaanderen;gemiddelde Vlaanderen;50;;;9;" in csv
    assert "Gent;partner;70;0,00;20,00;1;" in csv


@pytest.mark.django_db
def test_without_activities_the_page_says_so_and_links_to_the_import(client, monitor):
    r = client.get("/monitor/igs/zuid/?jaar=2023")
    page = text_of(r)
    assert "Er zijn nog geen activiteiten ingelezen voor 2023" in page
    assert 'href="/monitor/inlezen/"' in page
    assert r.context["returns"][0].contribution is None
    assert "niet gekend" in page


@pytest.mark.django_db
def test_bad_requests_are_dutch_4xx(client, monitor):
    r = client.get("/monitor/igs/bestaat-niet/")
    assert r.status_code == 404
    assert r.context["message"] == "Er is geen IGS met de naam 'bestaat-niet'."
    r = client.get("/monitor/gemeente/99999/")
    assert r.status_code == 404
    assert r.context["message"] == "Er is geen gemeente met REFNIS-code '99999'."
    r = client.get("/monitor/igs/zuid/?jaar=20x4")
    assert r.status_code == 400 and r.context["message"].startswith("'20x4' is geen geldig jaar")
    r = client.get("/monitor/igs/zuid/?jaar=1234567")
    assert r.status_code == 400
    r = client.get("/monitor/igs/zuid/?indicator=BESTAAT_NIET")
    assert r.status_code == 400
    assert r.context["message"].startswith("Onbekende indicator 'BESTAAT_NIET'")
    r = client.get("/monitor/igs/zuid/?vergelijk=Nergensdorp")
    assert r.status_code == 400 and "geen gemeente “Nergensdorp” gevonden" in text_of(r)
    r = client.get("/monitor/groep/?gemeenten=Gent,Nergensdorp")
    assert r.status_code == 400


@pytest.mark.django_db
def test_municipality_page_with_its_parts_region_and_neighbours(client, monitor):
    r = client.get("/monitor/gemeente/44088/")
    assert r.status_code == 200
    row = next(x for x in r.context["rows"] if x.code == SURVEY)
    assert row.own is None
    assert row.parts == [("44040", "Melle", 60.0), ("44043", "Merelbeke", 80.0)]
    # Vlaamse Ardennen holds only Merelbeke-Melle: (60 + 80) / 2 = 70
    assert row.region == pytest.approx(70)
    assert row.flanders == pytest.approx(50)
    # neighbours of Merelbeke-Melle in the grid (a shared corner counts): Gent 70, Lochristi
    # 20, Nazareth-De Pinte 90 and, across the corner, Evergem 40 → 220 / 4 = 55
    assert row.neighbours == pytest.approx(55)
    page = text_of(r)
    assert "Melle</strong> (vóór 2025): 60" in page
    r = client.get(f"/monitor/gemeente/44021/?indicator={SURVEY}")
    assert r.context["ind_year"] == 2023
    assert "Tevredenheid over culturele voorzieningen (2023)" in text_of(r)


@pytest.mark.django_db
def test_group_page_gives_the_balance_of_any_group(client, monitor):
    r = client.get("/monitor/groep/?gemeenten=Gent, Merelbeke-Melle&jaar=2024")
    assert r.status_code == 200
    # the same two municipalities as Cultuur Zuid in 2024: (300/312) / (270/312) = 1,111
    assert r.context["b"].dominance_index == pytest.approx(300 / 270)
    assert "een dominantie-index van 1,11" in text_of(r)


@pytest.mark.django_db
def test_monitor_block_on_the_atlas_pages(client, monitor):
    page = text_of(client.get("/gemeenten/44088/"))
    assert 'id="monitor-blok"' in page
    # the parts of Merelbeke-Melle; Flanders (450 / 9) = 50,0
    assert "Melle 60, Merelbeke 80" in page and "Vlaanderen 50,0" in page
    assert 'href="/monitor/gemeente/44088/"' in page
    page = text_of(client.get("/igs/zuid/"))
    # today only Gent is fully in Cultuur Zuid (Merelbeke left at the end of 2024): 70,0
    assert "<strong>70,0</strong> % van de respondenten (gemiddelde van de partners)" in page
    assert 'href="/monitor/igs/zuid/"' in page


def test_bars_and_classes_by_hand():
    b = charts.bars([("a", 10, "partner"), ("b", -5, "igs"), ("c", None, "buur")], 0)
    # scale −5 … 10: zero at 5/15 = 33,33 %; 10 runs from 33,33 to 100; −5 from 0 to 33,33
    assert (b[0].x, b[0].width) == (33.33, 66.67)
    assert (b[1].x, b[1].width) == (0.0, 33.33)
    assert b[2].text == "—" and b[2].width == 0
    # 16 … 79 in five classes: step (79 − 16) / 5 = 12,6 → 20, from 0: 0–20, …, 60–80
    cls = charts.classes([16, 79])
    assert [(c.low, c.high) for c in cls] == [(0, 20), (20, 40), (40, 60), (60, 80)]
    assert charts.class_colour(79, cls) == charts.CLASS_COLOURS[-1]
    assert charts.class_colour(None, cls) == charts.NO_VALUE


@pytest.mark.django_db
def test_trend_of_the_dominance_over_the_years(client, monitor):
    act = Indicator.objects.get(code="ACT_AANTAL")
    Measurement.objects.create(indicator=act, refnis="44021", year=2023, value=200)
    Measurement.objects.create(indicator=act, refnis="44088", year=2023, value=40)
    r = client.get("/monitor/igs/zuid/?jaar=2024")
    points, sentence = r.context["trend"]
    # 2023 (inhabitants of 2026, the nearer year, 270.000 and 42.000 of 312.000):
    # (200/240) / (270/312) = 0,8333 / 0,8654 = 0,963; 2024: (300/312) / (270/312) = 1,111.
    # |ln 0,963| = 0,038 < |ln 1,111| = 0,105: further from balance.
    assert [p.year for p in points] == [2023, 2024]
    assert points[0].dominance_index == pytest.approx((200 / 240) / (270 / 312))
    assert sentence.startswith(
        "De dominantie-index ging van 0,96 (2023) naar 1,11 (2024): het evenwicht verslechterde."
    )
    assert "het evenwicht verslechterde" in text_of(r)


@pytest.mark.django_db
def test_too_many_names_are_refused_before_they_are_looked_up(client, monitor):
    r = client.get("/monitor/igs/zuid/", {"vergelijk": "Nergensdorp," * 21})
    assert r.status_code == 400
    assert "Vergelijk met: kies hoogstens 20 gemeenten." in text_of(r)


def test_the_front_page_leads_to_every_active_igs_and_municipality(client, monitor):
    # The menu's "Monitor" opens on the choice of an IGS or a municipality (the catalogue is
    # below it). Today Cultuur Noord and Cultuur Zuid are active in the synthetic bundle, and
    # Los Verband too; each links to its monitor page.
    html = client.get("/monitor/").content.decode()
    for slug in ("noord", "zuid", "los"):
        assert f'href="/monitor/igs/{slug}/"' in html
    assert html.index("Kies een IGS of een gemeente") < html.index("Catalogus")
    # the municipality picker works without JavaScript: ?gemeente=REFNIS goes to its page
    r = client.get("/monitor/", {"gemeente": "44021"})
    assert r.status_code == 302 and r["Location"] == "/monitor/gemeente/44021/"
    r = client.get("/monitor/", {"gemeente": "99999"})
    assert r.status_code == 400 and "geen gemeente met code '99999'" in r.content.decode()
