"""The yearly report of an IGS on the synthetic bundle, with measurements made here.

Cultuur Zuid in 2024 (partners on 1 January 2024: Melle and Merelbeke are both members):

    Gent (centrumstad)   270.000 inhabitants   300 activities   27.000 € contribution
    Merelbeke-Melle       42.000 inhabitants    12 activities    3.000 € contribution
    together             312.000               312              30.000 €

* inhabitants' share of Gent 270/312 = 86,5 %; activities' share 300/312 = 96,2 %
* dominance index (300/312) ÷ (270/312) = 300/270 = 1,111
* against the contribution (300/312) ÷ (27.000/30.000) = 0,961538 / 0,9 = 1,068 → "1,07"
* Gini with two partners = activities' share − inhabitants' share of Gent = 30/312 = 0,096
* activities per 1.000 inhabitants: Gent 300/270 = 1,11 → "1,1"; Merelbeke-Melle 12/42 =
  0,29 → "0,3"; together 312/312 = 1
* participants only known for Gent (4.500): Merelbeke-Melle and the total are "niet gekend"
"""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from samenspel.monitor.balance import PartnerInput, compute_balance
from samenspel.monitor.loading import ensure_catalogue
from samenspel.monitor.models import Indicator, Measurement, Story
from samenspel.monitor.rapport import (
    NOT_KNOWN,
    Measured,
    Partner,
    activity_table,
    show,
)

pytestmark = pytest.mark.django_db


def measure(code, refnis, year, value, **kw):
    ind = Indicator.objects.get(code=code)
    return Measurement.objects.create(
        indicator=ind, refnis=refnis, year=year, value=Decimal(value), **kw
    )


@pytest.fixture
def zuid(loaded):
    ensure_catalogue()
    measure("ACT_AANTAL", "44021", 2024, 300)
    measure("ACT_AANTAL", "44088", 2024, 12)
    measure("IGS_BIJDRAGE", "44021", 2024, 27_000)
    measure("IGS_BIJDRAGE", "44088", 2024, 3_000)
    measure("DEELNEMERS", "44021", 2024, 4_500)
    # a survey indicator of 2023, one value per former municipality for Merelbeke-Melle
    survey = Indicator.objects.create(
        code="GSM_CU_S_08",
        name="Tevredenheid over culturele voorzieningen",
        definition="d",
        unit="% van de respondenten",
        source="Gemeente- en Stadsmonitor 2023",
        reference="2023",
        frequency="3 jaar",
        kind="survey",
        direction="up",
        level="municipality",
    )
    Measurement.objects.create(indicator=survey, refnis="44021", year=2023, value=80)
    for part, name, value in (("44040", "Melle", 70), ("44043", "Merelbeke", 60)):
        Measurement.objects.create(
            indicator=survey,
            refnis="44088",
            part_refnis=part,
            part_name=name,
            year=2023,
            value=value,
        )
    Measurement.objects.create(indicator=survey, refnis="43005", year=2023, value=50)
    return loaded


def test_report_page_balance_figures(client, zuid, django_user_model):
    author = django_user_model.objects.create_user("an", password="x")
    Story.objects.create(
        title="Zomerbar in Melle",
        text="Jongeren bouwden een podium.",
        igs="zuid",
        municipalities=",44088,",
        year_from=2024,
        year_to=2024,
        teller_name="An",
        created_by=author,
    )
    Story.objects.create(
        title="Verhaal van 2022",
        text="x",
        igs="zuid",
        year_from=2022,
        year_to=2022,
        teller_name="B",
    )
    r = client.get("/monitor/igs/zuid/rapport/2024/")
    assert r.status_code == 200
    text = r.content.decode()
    assert "Jaarverslag 2024 van Cultuur Zuid" in text
    assert (
        "Gent heeft 86,5 % van de inwoners van de groep en 96,2 % van de activiteiten: een "
        "dominantie-index van 1,11." in text
    )
    assert "Tegenover de bijdrage is de index 1,07" in text
    assert "Gini 0,096 voor de activiteiten per inwoner" in text
    # activities per 1.000 inhabitants 1,1 and 0,3; participants of Merelbeke-Melle unknown
    assert '<td class="num">1,1</td>' in text and '<td class="num">0,3</td>' in text
    assert '<td class="num onbekend">niet gekend</td>' in text
    # the story of 2024 is in, the one of 2022 not
    assert "Zomerbar in Melle" in text and "Verhaal van 2022" not in text
    # survey of 2023 (latest up to 2024): Merelbeke-Melle per former municipality
    assert "Melle 70 % · Merelbeke 60 %" in text
    # the way back to the IGS page and the XLSX
    assert 'href="/monitor/igs/zuid/"' in text
    assert 'href="/monitor/igs/zuid/rapport/2024.xlsx"' in text


def test_report_xlsx_cells(client, zuid):
    r = client.get("/monitor/igs/ZUID/rapport/2024.xlsx")
    assert r.status_code == 200
    assert r["Content-Disposition"] == 'attachment; filename="jaarverslag-zuid-2024.xlsx"'
    wb = load_workbook(io.BytesIO(r.content))
    ws = wb["Activiteiten en bereik"]
    header = [c.value for c in ws[1]]
    rows = {
        row[0]: dict(zip(header, row, strict=True)) for row in ws.iter_rows(2, values_only=True)
    }
    gent, mm, total = (
        rows["Gent (centrumstad)"],
        rows["Merelbeke-Melle"],
        rows["Alle partners samen"],
    )
    assert gent["Inwoners op 1 januari"] == 270_000 and mm["Inwoners op 1 januari"] == 42_000
    assert gent["Activiteiten (activiteiten)"] == 300 and mm["Activiteiten (activiteiten)"] == 12
    assert total["Activiteiten (activiteiten)"] == 312 and total["Inwoners op 1 januari"] == 312_000
    assert total["Bijdrage aan het IGS (EUR)"] == 30_000
    # unknown is written as text, never 0
    assert gent["Deelnemers (deelnemers)"] == 4_500
    assert mm["Deelnemers (deelnemers)"] == NOT_KNOWN
    assert total["Deelnemers (deelnemers)"] == NOT_KNOWN
    # 300 / 270.000 × 1.000 = 1,11; 12 / 42.000 × 1.000 = 0,29; 312 / 312.000 × 1.000 = 1
    assert gent["Activiteiten per 1.000 inwoners"] == pytest.approx(1.11)
    assert mm["Activiteiten per 1.000 inwoners"] == pytest.approx(0.29)
    assert total["Activiteiten per 1.000 inwoners"] == pytest.approx(1.0)

    dom = {row[0]: row[1] for row in wb["Dominantie"].iter_rows(2, values_only=True) if row[0]}
    assert dom["Dominantie-index: aandeel activiteiten ÷ aandeel inwoners (Gent)"] == pytest.approx(
        300 / 270
    )
    assert dom["Aandeel activiteiten ÷ aandeel bijdrage (Gent)"] == pytest.approx((300 / 312) / 0.9)
    assert dom["Ongelijkheid: Gini van de activiteiten per inwoner"] == pytest.approx(30 / 312)
    # no spending measured: the spending ratio is unknown
    assert dom["Aandeel uitgaven ÷ aandeel inwoners (Gent)"] == NOT_KNOWN

    shares = wb["Evenwicht"]
    header = [c.value for c in shares[1]]
    gent = dict(zip(header, next(shares.iter_rows(2, 2, values_only=True)), strict=True))
    assert gent["Aandeel inwoners"] == pytest.approx(270 / 312)
    assert gent["Aandeel activiteiten"] == pytest.approx(300 / 312)
    assert gent["Aandeel bijdrage aan het IGS"] == pytest.approx(0.9)
    assert gent["Aandeel uitgaven van het IGS"] == NOT_KNOWN

    survey = wb["Enquête"]
    header = [c.value for c in survey[1]]
    row = dict(zip(header, next(survey.iter_rows(2, 2, values_only=True)), strict=True))
    assert row["Jaar"] == "2023"
    assert row["Gent"] == 80 and row["Merelbeke-Melle"] == "Melle 70 % · Merelbeke 60 %"
    # Flanders: unweighted mean of the measured areas (80 + 70 + 60 + 50) / 4 = 65
    assert row["Gemiddelde Vlaanderen"] == 65

    assert [c.value for c in wb["Verhalen"][2]][0] == "Geen verhalen voor dit IGS en dit jaar."
    assert wb["Toelichting"]["B2"].value == "Cultuur Zuid"


def test_report_without_centrumstad_and_errors(client, zuid):
    text = client.get("/monitor/igs/noord/rapport/2024/").content.decode()
    assert "Dit IGS heeft geen centrumstad als partner: er is geen dominantie-index." in text
    assert "niet van toepassing: geen centrumstad" in text
    # no measurements for Cultuur Noord: activities per 1.000 inhabitants unknown, never 0
    assert "Er zijn nog geen metingen voor dit jaar" in text
    assert (
        '<th scope="row">Eeklo</th><td class="num">20.000</td>'
        '<td class="num onbekend">niet gekend</td>' in text
    )
    r = client.get("/monitor/igs/oost/rapport/2024/")
    assert r.status_code == 404 and "Onbekend IGS &#x27;oost&#x27;" in r.content.decode()
    r = client.get("/monitor/igs/zuid/rapport/1800/")
    assert r.status_code == 400
    assert "Een jaarverslag kan voor een jaar van 2000 tot 2100." in r.content.decode()
    r = client.get("/monitor/igs/zuid/rapport/99999.xlsx")
    assert r.status_code == 400


def test_activity_table_totals_only_when_every_partner_is_known():
    partners = [Partner("A", "Aa", 10_000, True), Partner("B", "Bb", 5_000)]
    measured = [
        Measured("ACT_AANTAL", "Activiteiten", "activiteiten", {"A": 20, "B": 10}),
        Measured("DEELNEMERS", "Deelnemers", "deelnemers", {"A": 700}),
        Measured("BEREIK_BUITEN_GASTGEMEENTE", "Bereik", "%", {"A": 40, "B": 30}, additive=False),
    ]
    balance = compute_balance(
        [
            PartnerInput("A", "Aa", 10_000, activities=20, centrumstad=True),
            PartnerInput("B", "Bb", 5_000, activities=10),
        ]
    )
    t = activity_table(partners, measured, balance)
    total = t.rows[-1]
    # activities 20 + 10 = 30; participants of B unknown → the total too; a % is not summed
    assert total[2] == 30 and total[3] is None and total[4] == "niet op te tellen"
    # 30 / 15.000 × 1.000 = 2 per 1.000 inhabitants; A 20 / 10.000 × 1.000 = 2
    assert total[5] == 2 and t.rows[0][5] == 2
    assert t.cell(1, 3) == NOT_KNOWN
    assert show(Decimal("0"), "int") == "0"  # zero stays zero, unknown is words
    assert show(None, "eur") == NOT_KNOWN
    assert show(27_000, "eur") == "27.000 €" and show(45, "points") == "45 %"


def test_a_story_title_never_becomes_a_formula_in_the_xlsx(client, zuid):
    Story.objects.create(
        title='=HYPERLINK("http://kwaad.example","klik")',
        text="+1+2",
        igs="zuid",
        teller_name="@iemand",
        municipalities=",44088,",
    )
    wb = load_workbook(io.BytesIO(client.get("/monitor/igs/zuid/rapport/2024.xlsx").content))
    title, _period, teller, _role, partners, *_rest = (c for c in wb["Verhalen"][2])
    assert title.data_type == "s" and title.value == '=HYPERLINK("http://kwaad.example","klik")'
    assert teller.data_type == "s"
    # the partners by name, not by REFNIS code
    assert partners.value == "Merelbeke-Melle"
