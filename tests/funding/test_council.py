"""The council document (samenspel.funding.council): the PDF a culture official takes to the
gemeenteraad, and its download (samenspel.funding.views_council).

The PDF is read back with pypdfium2: its page count and size, and its text, in which every
partner, every column header and every amount in Belgian notation must be found.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pypdfium2 as pdfium
import pytest
from tests.jobs.conftest import worker  # noqa: F401 (fixture)

from samenspel.funding.analysis import CostModel, KeySpec, Place, compare
from samenspel.funding.council import (
    Assumption,
    CouncilDocument,
    FontMissing,
    PartnerLine,
    font_paths,
    from_comparison,
    proposed_index,
    render_pdf,
)
from samenspel.funding.models import SavedComparison
from samenspel.territory.models import Figure

A4_LANDSCAPE = (841.89, 595.28)  # points: 297 × 210 mm


def pages_text(data: bytes) -> list[str]:
    """The text of every page, with every run of white space (line breaks too) as one space."""
    pdf = pdfium.PdfDocument(data)
    return [" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    pdf = pdfium.PdfDocument(data)
    return [tuple(pdf[i].get_size()) for i in range(len(pdf))]


# --- a small case worked out by hand --------------------------------------------------------

# Two municipalities in one referentieregio, too small for any subsidy (so c(S) = K(S)):
# A 10.000 and B 20.000 inhabitants; 12.345,67 € to split. The cost model F = 1.000 €, b = 1:
# c(S) = 1.000 + a · P(S) with a = (12.345,67 − 1.000) / 30.000, so a · 10.000 = 3.781,89 exactly.
#   c(A) = 4.781,89; c(B) = 1.000 + 7.563,78 = 8.563,78; c(AB) = 12.345,67.
# Per inhabitant: A 12.345,67 / 3 = 4.115,2233… → 4.115,22; B 8.230,4466… → 8.230,45.
# Shapley (two players): φ_A = (c(A) + c(AB) − c(B)) / 2 = (4.781,89 + 12.345,67 − 8.563,78) / 2
#   = 8.563,78 / 2 = 4.281,89; φ_B = 12.345,67 − 4.281,89 = 8.063,78. With two players the
#   nucleolus is the same point.
# Win-win band: A pays at most c(A) = 4.781,89 and at least c(AB) − c(B) = 3.781,89; B between
#   12.345,67 − 4.781,89 = 7.563,78 and 8.563,78. Both per-inhabitant amounts lie inside.
# Today A pays 5.000,00 and B 7.000,00: with the proposal "naar inwonersaantal" A pays
#   4.115,22 − 5.000,00 = −884,78 € and B 8.230,45 − 7.000,00 = +1.230,45 € (together +345,67).
TWO = [
    Place("11001", "Aardorp", 10_000, 20_000.0, "Regio X", 4.0, 51.0, 30.0),
    Place("11002", "Beekstad", 20_000, 21_000.0, "Regio X", 4.1, 51.0, 30.0),
]


def _two(proposal=None, today=None):
    cmp = compare(
        TWO,
        [("11001", "11002")],
        [KeySpec("gelijk"), KeySpec("inwoners")],
        amount=Decimal("12345.67"),
        model=CostModel(fixed_cost=1000.0, exponent=1.0),
        with_bands=True,
    )
    return from_comparison(
        cmp,
        title="Aardorp en Beekstad",
        on=date(2027, 1, 1),
        data_version="7 (gegevens van 01/12/2026)",
        made_on=date(2026, 12, 2),
        proposal=proposal,
        today=today,
        today_source="ingegeven op de pagina",
        sources={"population": "Statbel, bevolking"},
    )


def test_small_case_amounts_bands_and_change_as_worked_out_by_hand():
    doc = _two("inwoners", {"11001": Decimal("5000"), "11002": Decimal("7000")})
    assert doc.proposed_name == "naar inwonersaantal"
    assert doc.methods == ("gelijke delen", "naar inwonersaantal", "Shapley-waarde", "nucleolus")
    a, b = doc.partners
    assert a.amounts[1:] == (Decimal("4115.22"), Decimal("4281.89"), Decimal("4281.89"))
    assert b.amounts[1:] == (Decimal("8230.45"), Decimal("8063.78"), Decimal("8063.78"))
    assert a.band == (Decimal("3781.89"), Decimal("4781.89"))
    assert b.band == (Decimal("7563.78"), Decimal("8563.78"))
    assert doc.change(a) == Decimal("-884.78") and doc.change(b) == Decimal("1230.45")

    text = " ".join(pages_text(render_pdf(doc)))
    for amount in ("4.115,22 €", "8.230,45 €", "4.281,89 €", "8.063,78 €", "12.345,67 €"):
        assert amount in text
    assert "3.781,89 € 4.781,89 €" in text  # Aardorp's band, from … to
    assert "−884,78 €" in text and "+1.230,45 €" in text and "+345,67 €" in text
    assert "Voorgestelde verdeelsleutel: naar inwonersaantal" in text
    assert "binnen de band" in text and "2 van de 2 gemeenten" in text
    assert "Peildatum 01/01/2027" in text and "gegevensversie 7 (gegevens van 01/12/2026)" in text


def test_the_proposal_is_a_key_name_or_its_number_and_defaults_to_the_first():
    assert _two().proposed_name == "gelijke delen"
    assert _two("2").proposed_name == "naar inwonersaantal"
    with pytest.raises(ValueError, match="geen sleutel van deze vergelijking"):
        _two("draagkracht")
    assert proposed_index(["inwoners", "gelijk"], "gelijk") == 1
    for bad in ("0", "3", "nucleolus"):
        with pytest.raises(ValueError):
            proposed_index(["inwoners", "gelijk"], bad)


def test_without_todays_contributions_or_bands_those_columns_are_left_out():
    doc = CouncilDocument(
        title="X",
        methods=("naar inwonersaantal",),
        proposed=0,
        partners=(PartnerLine("Aardorp", 10, (Decimal("1.00"),)),),
        total=Decimal("1.00"),
        reference_date=date(2027, 1, 1),
        data_version="1",
        made_on=date(2027, 1, 1),
    )
    assert doc.headers() == ["Gemeente", "Inwoners", "naar inwonersaantal (voorstel)"]
    text = " ".join(pages_text(render_pdf(doc)))
    assert "Vandaag" not in text and "Win-win vanaf" not in text


# --- thirteen partners on at most four A4 pages -----------------------------------------------

NAMES = [
    "Anzegem",
    "Avelgem",
    "Deerlijk",
    "Harelbeke",
    "Kortrijk",
    "Kuurne",
    "Lendelede",
    "Menen",
    "Spiere-Helkijn",
    "Waregem",
    "Wervik",
    "Wevelgem",
    "Zwevegem",
]
METHODS = (
    "naar inwonersaantal",
    "4.000 € vast + 0,235 €/inw., max. 30 %, min. 1.000 €",
    "draagkracht (belastbaar inkomen)",
    "mix 50 % naar inwonersaantal, 30 % draagkracht (belastbaar inkomen), "
    "20 % profijt (Huff-model)",
    "Shapley-waarde",
    "nucleolus",
)


def thirteen() -> CouncilDocument:
    partners = tuple(
        PartnerLine(
            name,
            10_000 + 7_919 * i,
            tuple(Decimal(123_456 + 1_011 * i + 37 * j) / 100 * 7 for j in range(len(METHODS))),
            (Decimal(-1234 - i), Decimal(123_456 + i)),
            Decimal(20_000 + 10 * i),
        )
        for i, name in enumerate(NAMES)
    )
    return CouncilDocument(
        title="Zuidwest met Kortrijk, een lange naam die over twee regels kan lopen",
        methods=METHODS,
        proposed=3,
        partners=partners,
        total=Decimal("250000.00"),
        reference_date=date(2027, 1, 1),
        data_version="12",
        made_on=date(2026, 12, 2),
        verdict="Zuidwest als één IGS: komt in aanmerking.",
        findings=tuple(f"{m}: win-win voor elke gemeente en elke groep." for m in METHODS[:4]),
        assumptions=tuple(
            Assumption(
                f"Aanname {i}: " + "een zin die uitlegt waar een cijfer vandaan komt. " * 3, "bron"
            )
            for i in range(8)
        ),
        band_note="De band van een gemeente loopt van de laagste tot de hoogste bijdrage. " * 3,
        today_note="Vandaag: ingegeven op de pagina.",
        # as long as the real sentences for Zuidwest (about 650 characters per municipality)
        explanation=tuple(
            (name, "Een zin om voor te lezen in de gemeenteraad. " * 15) for name in NAMES
        ),
    )


def test_thirteen_partners_fit_on_at_most_four_a4_pages_with_every_column():
    doc = thirteen()
    data = render_pdf(doc)
    sizes = page_sizes(data)
    assert 1 <= len(sizes) <= 4
    for w, h in sizes:
        assert w == pytest.approx(A4_LANDSCAPE[0], abs=1) and h == pytest.approx(
            A4_LANDSCAPE[1], abs=1
        )
    texts = pages_text(data)
    first, everything = texts[0], " ".join(texts)
    # the proposed key, named at the top of page 1
    proposal = METHODS[3]
    assert first.index(f"Voorgestelde verdeelsleutel: {proposal}") < first.index("Anzegem")
    for name in NAMES:
        assert name in everything
    for header in doc.headers():
        assert header in everything, header
    # the footer numbers the pages
    assert f"pagina 1 van {len(texts)}" in first
    # every amount of one partner, in Belgian notation: Menen (i = 7), method j:
    # (123.456 + 1.011 × 7 + 37 j) / 100 × 7 = (130.533 + 37 j) × 0,07 → j = 0: 9.137,31 €
    assert "9.137,31 €" in everything
    assert "−" in everything or "+" in everything  # the change column has its sign


def test_a_missing_font_gives_a_dutch_message_naming_the_debian_package(tmp_path):
    with pytest.raises(FontMissing, match="fonts-dejavu-core"):
        font_paths([str(tmp_path)])


def test_the_pdf_module_is_pure():
    import samenspel.funding.council as council

    source = open(council.__file__, encoding="utf-8").read()
    assert not re.search(r"^\s*(from|import) django", source, re.M)


# --- the downloads -----------------------------------------------------------------------------

# Cultuur Noord on 2026-11-28 (synthetic bundle, see test_saved.py): Eeklo 20.000, Evergem 40.000,
# Aalter 30.000 inhabitants; 75.000 € to split. Per inhabitant: Evergem 33.333,33 €, Eeklo
# 16.666,67 € (the spare cent), Aalter 25.000,00 €; equal shares 25.000,00 € each.
QUERY = "igs=noord&peildatum=2026-11-28&sleutel_1=inwoners&sleutel_2=gelijk"


def test_the_pdf_of_the_page_proposes_the_chosen_key(loaded, client):
    r = client.get(f"/verdeelsleutel/raad.pdf?{QUERY}&voorstel=gelijk")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = " ".join(pages_text(r.content))
    assert "Voorgestelde verdeelsleutel: gelijke delen" in text
    assert "33.333,33 €" in text and "16.666,67 €" in text and "25.000,00 €" in text
    assert "Peildatum 28/11/2026" in text
    for name in ("Eeklo", "Evergem", "Aalter"):
        assert name in text


# Today Eeklo pays 20.000, Evergem 30.000 and Aalter 25.000 €: 75.000 € together, which is also
# the amount split (the keys split today's total) and exactly the 75 % cofinancing of 100.000 €.
# Per inhabitant against today: Eeklo 16.666,67 − 20.000 = −3.333,33 €; Evergem 33.333,33 −
# 30.000 = +3.333,33 €; Aalter 25.000,00 − 25.000 = 0,00 €; together 0,00 €.
TODAY = "&bijdrage_43005=20.000&bijdrage_44019=30000&bijdrage_44084=25.000,00"


def test_the_pdf_compares_the_proposal_with_todays_contributions(loaded, client):
    r = client.get(f"/verdeelsleutel/raad.pdf?{QUERY}{TODAY}&voorstel=inwoners")
    assert r.status_code == 200
    text = " ".join(pages_text(r.content))
    assert "Vandaag" in text and "Verschil voorstel − vandaag" in text
    assert "20.000,00 € −3.333,33 €" in text  # Eeklo: today, then the change
    assert "30.000,00 € +3.333,33 €" in text  # Evergem
    assert "25.000,00 € 0,00 €" in text  # Aalter
    assert "75.000,00 € 0,00 €" in text  # the total row
    assert "Cofinanciering:" in text


def test_a_bad_proposal_or_query_is_a_dutch_400(loaded, client):
    r = client.get(f"/verdeelsleutel/raad.pdf?{QUERY}&voorstel=nucleolus")
    assert r.status_code == 400
    assert "geen sleutel van deze vergelijking" in r.content.decode()
    r = client.get("/verdeelsleutel/raad.pdf")
    assert r.status_code == 400
    assert "Kies een IGS of geef minstens één gemeente." in r.content.decode()


def test_a_saved_comparison_keeps_its_numbers_when_the_data_change(
    loaded, client, django_user_model
):
    owner = django_user_model.objects.create_user("schepen", password="x-geheim-123")
    client.force_login(owner)
    query = QUERY + TODAY + "&voorstel=gelijk"  # saved with a proposal
    client.post("/verdeelsleutel/bewaar/", {"naam": "Voorstel Noord", "query": query})
    saved = SavedComparison.objects.get()
    client.logout()  # anyone with the link reads it
    # Evergem grows from 40.000 to 60.000 inhabitants: per inhabitant it would now pay
    # 75.000 × 60/110 = 40.909,09 € (see test_saved.py); the saved document keeps 33.333,33 €.
    Figure.objects.filter(municipality_id="44019", indicator_id="population").update(value=60_000)
    r = client.get(f"/verdeelsleutel/v/{saved.pk}/raad.pdf?voorstel=inwoners")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = " ".join(pages_text(r.content))
    assert "33.333,33 €" in text and "40.000" in text
    assert "40.909,09 €" not in text and "60.000" not in text
    assert "Voorgestelde verdeelsleutel: naar inwonersaantal" in text
    assert "Voorstel Noord" in text and f"gegevensversie {saved.data_version}" in text
    assert "30.000,00 € +3.333,33 €" in text  # Evergem: today and the change, as saved
    # without a choice in the link: the proposal it was saved with
    text = " ".join(pages_text(client.get(f"/verdeelsleutel/v/{saved.pk}/raad.pdf").content))
    assert "Voorgestelde verdeelsleutel: gelijke delen" in text
    # equal shares against today: Eeklo 25.000 − 20.000 = +5.000,00 €; Evergem −5.000,00 €
    assert "20.000,00 € +5.000,00 €" in text and "30.000,00 € −5.000,00 €" in text
    # the page's own PDF is computed on today's data
    text = " ".join(pages_text(client.get(f"/verdeelsleutel/raad.pdf?{QUERY}").content))
    assert "40.909,09 €" in text


def test_the_printable_report_has_the_same_table(loaded, client):
    html = client.get(f"/verdeelsleutel/?{QUERY}&afdruk=1&voorstel=2").content.decode()
    assert "Voorgestelde verdeelsleutel: <strong>gelijke delen</strong>" in html
    assert "gelijke delen (voorstel)" in html
    for header in ("Gemeente", "Inwoners", "naar inwonersaantal", "Shapley-waarde", "nucleolus"):
        assert f">{header}" in html
    assert "33.333,33 €" in html
    assert "/verdeelsleutel/raad.pdf?" in html and "voorstel=2" in html


def test_a_large_group_waits_for_the_worker_and_shares_the_pages_job(
    transactional_db,
    loaded,
    client,
    settings,
    worker,  # noqa: F811
):
    # With SAMENSPEL_JOB_THRESHOLD = 2 Cultuur Noord (3 municipalities) is a "large" group: the
    # PDF waits for the background job, the same one the page uses (the proposal is not part of
    # the question), and is made from its result.
    from samenspel.jobs.models import Job

    settings.SAMENSPEL_JOB_THRESHOLD = 2
    waiting = client.get(f"/verdeelsleutel/raad.pdf?{QUERY}&voorstel=gelijk")
    assert waiting.status_code == 202 and "Deze groep telt 3 gemeenten" in waiting.content.decode()
    assert client.get(f"/verdeelsleutel/?{QUERY}").status_code == 202
    assert Job.objects.count() == 1
    worker()
    r = client.get(f"/verdeelsleutel/raad.pdf?{QUERY}&voorstel=gelijk")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = " ".join(pages_text(r.content))
    assert "Voorgestelde verdeelsleutel: gelijke delen" in text and "33.333,33 €" in text


def test_the_save_form_stores_the_proposed_key_for_the_council_pdf(
    loaded, client, django_user_model
):
    # The page's save form offers the keys of the comparison: "2" is equal shares here (the
    # second key of QUERY). The saved PDF then proposes it without anything in its link.
    owner = django_user_model.objects.create_user("schepen2", password="x-geheim-123")
    client.force_login(owner)
    html = client.get(f"/verdeelsleutel/?{QUERY}").content.decode()
    assert 'name="voorstel"' in html and ">gelijke delen</option>" in html
    r = client.post(
        "/verdeelsleutel/bewaar/", {"naam": "Noord gelijk", "query": QUERY, "voorstel": "2"}
    )
    saved = SavedComparison.objects.get(name="Noord gelijk")
    assert r.status_code == 302 and "voorstel=2" in saved.query
    text = " ".join(pages_text(client.get(f"/verdeelsleutel/v/{saved.pk}/raad.pdf").content))
    assert "Voorgestelde verdeelsleutel: gelijke delen" in text
    # a key the comparison does not have is refused, and nothing is saved
    r = client.post(
        "/verdeelsleutel/bewaar/", {"naam": "Noord vijf", "query": QUERY, "voorstel": "5"}
    )
    assert r.status_code == 400 and "kies 1 tot 2" in r.content.decode()
    assert not SavedComparison.objects.filter(name="Noord vijf").exists()
