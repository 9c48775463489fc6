"""The Atlas after the field test: one set of figures, ended IGS, data versions, dates.

Every figure is worked out by hand on the synthetic bundle (tests/fixtures/bundle.py):
noord = Eeklo 20.000 + Evergem 40.000 + Aalter 30.000 = 90.000 inhabitants (Lochristi only
partly, via Wachtebeke); zuid = Gent 270.000 (+ Merelbeke-Melle partly) in two referentieregio's.
"""

from datetime import date
from decimal import Decimal

import pytest

from samenspel.atlas import reports
from samenspel.atlas.bundle import BundleError
from samenspel.atlas.loading import load_bundle
from samenspel.atlas.services import get_atlas
from samenspel.territory.models import Adjacency, Municipality
from tests.fixtures.bundle import edit_csv

ON = date(2026, 6, 1)


@pytest.fixture
def atlas(loaded):
    return get_atlas()


def test_an_igs_that_does_not_qualify_gets_no_subsidy_figure(atlas):
    table = reports.partnerships_table(atlas, ON)
    rows = {r["name"]: r for r in table.rows}
    # zuid spans two referentieregio's: no subsidy; 0,90 × 270.000 = 243.000 € only "if".
    assert rows["Cultuur Zuid"]["verdict"] == "komt niet in aanmerking"
    assert rows["Cultuur Zuid"]["subsidy"] is None
    assert rows["Cultuur Zuid"]["if_eligible"] == Decimal("243000.00")
    # noord qualifies: max(0,90 × 90.000, 100.000) = 100.000 €.
    assert rows["Cultuur Noord"]["subsidy"] == Decimal("100000.00")
    assert rows["Cultuur Noord"]["if_eligible"] is None
    csv = table.to_csv().decode("utf-8-sig")
    zuid = next(line for line in csv.splitlines() if line.startswith("Cultuur Zuid"))
    assert "243000" in zuid.replace(".", "").replace(",00", "")
    header = csv.splitlines()[0]
    assert "subsidie als het aan de regels voldeed" in header


def test_eligibility_json_gives_no_subsidy_to_an_igs_that_does_not_qualify(atlas):
    data = {e["slug"]: e for e in reports.eligibility_json(atlas, ON, "2027")}
    assert data["zuid"]["subsidy_eur"] == 0
    assert data["zuid"]["subsidy_if_eligible_eur"] == 243000.0
    assert data["noord"]["subsidy_eur"] == 100000.0
    assert data["noord"]["min_cofinancing_eur"] == 75000.0


@pytest.fixture
def ended(db, bundle_dir):
    """'los' stops at the end of 2025, as Ginter did (member file lines 9 and 10)."""
    members = bundle_dir / "cultuur/igs-leden-2020-2025.csv"
    edit_csv(members, 9, "valid_to", "2025-12-31")
    edit_csv(members, 10, "valid_to", "2025-12-31")
    load_bundle(bundle_dir)
    return get_atlas()


def test_an_ended_igs_is_shown_as_ended(client, ended):
    assert ended.ended_on("los", ON) == date(2025, 12, 31)
    assert ended.ended_on("los", date(2025, 12, 31)) is None
    html = client.get("/igs/los/?peildatum=2026-06-01").content.decode()
    assert "is opgehouden op 31/12/2025" in html
    assert 'href="?peildatum=2025-12-31"' in html
    # No rule is ticked and no subsidy is claimed for an empty set.
    assert "✓" not in html
    assert "100.000,00 €" not in html
    # The map shows its last members, not all of Flanders.
    assert 'data-focus="43005,73109"' in html
    assert 'data-peildatum="2025-12-31"' in html
    # Its last members are listed.
    assert ">Voeren<" in html


def test_an_ended_igs_meets_no_rule(ended):
    e = ended.eligibility("los", ON, "2027")
    assert not e.eligible and e.subsidy_eur == 0 and e.verdict == "opgeheven"
    table = reports.partnerships_table(ended, ON)
    row = next(r for r in table.rows if r["name"] == "Los Verband")
    assert row["verdict"] == "opgehouden op 31/12/2025"
    assert row.get("subsidy") is None and row.get("if_eligible") is None


def test_legal_form_and_granted_subsidy_with_their_sources(client, loaded):
    atlas = get_atlas()
    p = atlas.partnerships["noord"]
    assert p.legal_form == "projectvereniging"
    assert p.granted_subsidy_eur == Decimal("62700.00")
    html = client.get("/igs/noord/?peildatum=2026-06-01").content.decode()
    assert "projectvereniging" in html and "https://noord.example/statuten" in html
    # The granted amount stands beside the 2020 rule's estimate (a ceiling of 100.000 €).
    assert "Werkelijk toegekend: <strong>62.700,00 €</strong>" in html
    assert "https://noord.example/subsidie" in html


def test_a_negative_granted_subsidy_is_refused_with_file_line_and_field(db, bundle_dir):
    edit_csv(bundle_dir / "cultuur/igs-2020-2025.csv", 2, "subsidy_2020_2025_eur", "-5")
    with pytest.raises(BundleError) as exc:
        load_bundle(bundle_dir)
    text = str(exc.value.problems)
    assert "cultuur/igs-2020-2025.csv" in text
    assert "subsidy_2020_2025_eur" in text


def test_the_partly_covered_rule_is_said_on_the_igs_page(client, loaded):
    html = client.get("/igs/noord/?peildatum=2026-06-01").content.decode()
    assert "telt niet mee: niet voor de inwoners en de Vlaamse subsidie" in html


def test_queryset_update_refreshes_the_atlas_and_the_map(loaded):
    before = get_atlas()
    Municipality.objects.filter(pk="44021").update(name_nl="Gent (hernoemd)")
    after = get_atlas()
    assert after is not before
    assert after.municipalities["44021"].name == "Gent (hernoemd)"
    plain, _ = after.topology
    assert "Gent (hernoemd)" in plain.decode()


def test_a_change_of_adjacency_refreshes_the_atlas(loaded):
    before = get_atlas()
    assert "44019" in before.adjacency["43005"]  # Eeklo borders Evergem
    Adjacency.objects.filter(a_id="43005", b_id="44019").delete()
    Adjacency.objects.filter(a_id="44019", b_id="43005").delete()
    after = get_atlas()
    assert "44019" not in after.adjacency["43005"]


def test_a_save_in_the_admin_refreshes_the_atlas(loaded):
    m = Municipality.objects.get(pk="44019")
    m.name_nl = "Evergem (gecorrigeerd)"
    m.save()
    assert get_atlas().municipalities["44019"].name == "Evergem (gecorrigeerd)"


@pytest.mark.parametrize(
    "asked, shown", [("1800-01-01", "01/01/2020"), ("3000-01-01", "31/12/2032")]
)
def test_a_date_outside_the_data_says_what_the_page_shows(client, loaded, asked, shown):
    html = client.get(f"/?peildatum={asked}").content.decode()
    assert "De gegevens gaan over 01/01/2020 tot en met 31/12/2032" in html
    assert f"Samenspel toont {shown}" in html
    assert f"Kerncijfers op {shown}" in html


def test_the_map_status_keeps_the_date_inside_the_data(client, loaded):
    data = client.get("/kaart/toestand.json?peildatum=1800-01-01").json()
    assert data["peildatum"] == "2020-01-01"
    assert "valt daarbuiten" in data["melding"]


def test_a_bump_also_says_when_the_data_changed(loaded):
    from samenspel.core.models import DataLoad

    before = DataLoad.objects.values_list("version", "changed_at").first()
    Municipality.objects.filter(pk="44021").update(name_nl="Gent (later)")
    after = DataLoad.objects.values_list("version", "changed_at").first()
    assert after[0] == before[0] + 1
    assert after[1] > before[1]
