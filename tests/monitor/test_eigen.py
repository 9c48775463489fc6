"""An IGS's own indicators and the manual entry of measurements (monitor/views_eigen.py), on
the synthetic bundle (tests/fixtures/bundle.py).

Cultuur Noord ("noord") on 1 January 2024 has three partners fully inside it: Aalter 44084,
Eeklo 43005 and Evergem 44019 (Wachtebeke is a member, but it is only part of Lochristi 44087,
which is therefore only partly covered and not a partner).
"""

import html
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from samenspel.monitor.loading import ensure_catalogue
from samenspel.monitor.models import ImportBatch, Indicator, Measurement
from samenspel.monitor.services import yearly_values
from samenspel.monitor.views_eigen import code_from_name
from tests.people import user_with

pytestmark = pytest.mark.django_db

AALTER, EEKLO, EVERGEM = "44084", "43005", "44019"
OWN_URL = "/monitor/igs/noord/eigen/"


@pytest.fixture
def user(django_user_model):
    return user_with("coordinator", ("igs_coordinator", "noord"))


@pytest.fixture
def client_in(client, user, loaded):
    ensure_catalogue()
    client.force_login(user)
    return client


def indicator_form(**kw) -> dict:
    data = {
        "code": "",
        "name": "Uitleenbeurten in de bibliotheek",
        "definition": "Aantal uitleningen van de openbare bibliotheek in het jaar.",
        "unit": "uitleenbeurten",
        "source": "bibliotheeksysteem",
        "source_url": "",
        "reference": "kalenderjaar",
        "frequency": "jaarlijks",
        "kind": "own",
        "direction": "up",
        "level": "municipality",
        "caveat": "",
    }
    data.update(kw)
    return {k: v for k, v in data.items() if v is not False}


def entry_url(code: str, igs: str = "noord", year: int = 2024) -> str:
    return "/monitor/invoer/?" + urlencode({"indicator": code, "igs": igs, "jaar": year})


def own(code="NOORD_UITLEEN", **kw) -> Indicator:
    fields = {
        "name": "Uitleenbeurten",
        "definition": "Uitleningen.",
        "unit": "uitleenbeurten",
        "source": "bibliotheek",
        "reference": "kalenderjaar",
        "frequency": "jaarlijks",
        "kind": "own",
        "direction": "up",
        "level": "municipality",
        "igs": "noord",
    }
    fields.update(kw)
    return Indicator.objects.create(code=code, **fields)


def batch(name="uitleen.csv", when=(2025, 3, 5, 10, 0)) -> ImportBatch:
    b = ImportBatch.objects.create(file_name=name, sha256=name.ljust(64, "0")[:64])
    ImportBatch.objects.filter(pk=b.pk).update(imported_at=timezone.make_aware(datetime(*when)))
    b.refresh_from_db()
    return b


# --------------------------------------------------------------------------------------------
# Own indicators: codes, collisions, login
# --------------------------------------------------------------------------------------------


def test_adding_an_own_indicator_makes_its_code_from_the_name(client_in):
    r = client_in.post(OWN_URL, indicator_form())
    ind = Indicator.objects.get(igs="noord")
    # "noord" + "Uitleenbeurten in de bibliotheek" without the small words "in" and "de"
    assert ind.code == "NOORD_UITLEENBEURTEN_BIBLIOTHEEK"
    assert (ind.kind, ind.level, ind.unit) == ("own", "municipality", "uitleenbeurten")
    # then straight to the entry form of last year
    assert r.status_code == 302
    assert r["Location"] == entry_url(ind.code, year=date.today().year - 1)
    # the same name again: the next free code
    client_in.post(OWN_URL, indicator_form())
    assert Indicator.objects.filter(igs="noord").count() == 2
    assert Indicator.objects.filter(code="NOORD_UITLEENBEURTEN_BIBLIOTHEEK_2").exists()
    # accents are folded, other characters become one underscore
    assert code_from_name("noord", "Bezoekers (café-concerten) ≥ 18 jaar") == (
        "NOORD_BEZOEKERS_CAFE_CONCERTEN_18_JAAR"
    )
    # a long slug gives its first word; at most 40 characters, cut between words:
    # CULTUURREGIO_DEELNEMERS_WORKSHOPS is 33, + _VOORJAAR would be 42
    assert code_from_name(
        "cultuurregio-pajottenland-zennevallei",
        "Deelnemers aan de workshops van het voorjaar en het najaar",
    ) == ("CULTUURREGIO_DEELNEMERS_WORKSHOPS")


@pytest.mark.parametrize(
    "code, reason",
    [
        ("ACT_AANTAL", "catalogus van Samenspel"),  # the starting set
        ("act_aantal", "catalogus van Samenspel"),  # also in lower case
        ("GSM_CU_S_99", "voorbehouden"),  # the survey's family
        ("BBC_JR_INV_TOTAAL", "voorbehouden"),  # the annual accounts
        ("ZUID_BEZOEK", "bestaat al"),  # another IGS's own indicator
        ("uit-leen", "enkel letters"),
        ("9UITLEEN", "begint met een letter"),
        ("UITLEENÉ", "zonder accenten"),
    ],
)
def test_a_code_that_collides_or_is_malformed_is_refused(client_in, code, reason):
    own("ZUID_BEZOEK", igs="zuid")
    r = client_in.post(OWN_URL, indicator_form(code=code))
    assert r.status_code == 400
    assert reason in r.content.decode()
    assert not Indicator.objects.filter(igs="noord").exists()


def test_a_free_code_is_kept_in_upper_case(client_in):
    client_in.post(OWN_URL, indicator_form(code="noord_uitleen"))
    assert Indicator.objects.get(igs="noord").code == "NOORD_UITLEEN"


def test_everyone_reads_but_writing_needs_a_login(client, loaded):
    ensure_catalogue()
    ind = own()
    r = client.get(OWN_URL)
    assert r.status_code == 200
    body = r.content.decode()
    assert "Uitleenbeurten" in body and "Meld je aan" in body
    assert 'name="definition"' not in body  # no form for an anonymous visitor

    r = client.post(OWN_URL, indicator_form(code="NOORD_ANDER"))
    assert r.status_code == 302 and r["Location"].startswith(reverse("login") + "?next=")
    assert list(Indicator.objects.filter(igs="noord")) == [ind]

    r = client.post(entry_url(ind.code), {f"refnis_{EEKLO}": "12"})
    assert r.status_code == 302 and r["Location"].startswith(reverse("login"))
    for url in (f"{OWN_URL}{ind.code}/", f"{OWN_URL}{ind.code}/verwijder/"):
        assert client.post(url, {"bevestig": "0"}).status_code == 302
    assert Measurement.objects.count() == 0
    assert Indicator.objects.filter(code=ind.code).exists()


def test_only_the_coordinator_of_the_igs_manages_its_own_indicators(client, loaded):
    """Coordinator of Zuid on Noord's own indicators: reads, but adding, editing and deleting
    are a 403 that names the role (IGS-coördinator van Cultuur Noord); a medewerker of Eeklo
    (a partner of Noord) neither: own indicators are the IGS's."""
    ensure_catalogue()
    ind = own()
    for who in (
        user_with("zuid", ("igs_coordinator", "zuid")),
        user_with("eeklo", ("medewerker", EEKLO)),
    ):
        client.force_login(who)
        page = client.get(OWN_URL).content.decode()
        assert "Uitleenbeurten" in page and 'name="definition"' not in page
        assert "IGS-coördinator van Cultuur Noord" in page
        r = client.post(OWN_URL, indicator_form(code="NOORD_ANDER"))
        assert r.status_code == 403 and "IGS-coördinator van Cultuur Noord" in r.content.decode()
        r = client.post(f"{OWN_URL}{ind.code}/", indicator_form(name="Overgenomen"))
        assert r.status_code == 403
        r = client.post(f"{OWN_URL}{ind.code}/verwijder/", {"bevestig": "0"})
        assert r.status_code == 403
    ind.refresh_from_db()
    assert ind.name == "Uitleenbeurten" and list(Indicator.objects.filter(igs="noord")) == [ind]


def test_an_own_indicator_keeps_its_history(client_in, user):
    client_in.post(OWN_URL, indicator_form(code="NOORD_HIST"))
    ind = Indicator.objects.get(code="NOORD_HIST")
    client_in.post(f"{OWN_URL}NOORD_HIST/", indicator_form(name="Nieuwe naam"))
    page = client_in.get(f"{OWN_URL}NOORD_HIST/").content.decode()
    assert "Geschiedenis" in page and "Nieuwe naam" in page and "2 wijzigingen" in page
    client_in.post(f"{OWN_URL}NOORD_HIST/verwijder/", {"bevestig": "0"})
    rows = list(Indicator.history.filter(code="NOORD_HIST").order_by("history_id"))
    assert [(r.history_type, r.name, r.history_user) for r in rows] == [
        ("+", "Uitleenbeurten in de bibliotheek", user),
        ("~", "Nieuwe naam", user),
        ("-", "Nieuwe naam", user),
    ]
    assert not Indicator.objects.filter(pk=ind.pk).exists()


# --------------------------------------------------------------------------------------------
# Manual entry
# --------------------------------------------------------------------------------------------


def test_a_medewerker_enters_values_for_their_municipality_only(client, loaded):
    """Medewerker of Eeklo on Noord's entry page: the Eeklo field is open, Aalter and Evergem
    are locked; a value posted for Aalter anyway is not written. A medewerker of Gent (Zuid)
    gets a 403 on Noord's page."""
    ensure_catalogue()
    ind = own()
    client.force_login(user_with("eeklo", ("medewerker", EEKLO)))
    body = client.get(entry_url(ind.code)).content.decode()
    assert f'name="refnis_{AALTER}"' in body
    field = body[body.index(f'name="refnis_{EEKLO}"') :].split(">", 1)[0]
    assert "disabled" not in field
    field = body[body.index(f'name="refnis_{AALTER}"') :].split(">", 1)[0]
    assert "disabled" in field and "je hebt geen rol in Aalter" in body
    r = client.post(entry_url(ind.code), {f"refnis_{EEKLO}": "12", f"refnis_{AALTER}": "99"})
    assert r.status_code == 302
    assert yearly_values(ind.code, 2024) == {EEKLO: Decimal(12)}

    client.force_login(user_with("gent", ("medewerker", "44021")))
    r = client.post(entry_url(ind.code), {f"refnis_{EEKLO}": "13"})
    assert r.status_code == 403
    assert "IGS-coördinator van Cultuur Noord" in r.content.decode()
    assert yearly_values(ind.code, 2024) == {EEKLO: Decimal(12)}


def test_a_manual_value_keeps_its_history_and_imported_ones_make_none(client_in, user):
    ind = own()
    Measurement.objects.create(indicator=ind, refnis=EVERGEM, year=2024, value=7, batch=batch())
    client_in.post(entry_url(ind.code), {f"refnis_{EEKLO}": "120"})
    client_in.post(entry_url(ind.code), {f"refnis_{EEKLO}": "130"})
    client_in.post(entry_url(ind.code), {f"refnis_{EEKLO}": ""})
    rows = list(Measurement.history.order_by("history_id"))
    # added 120, changed to 130, removed (written by the view, see ManualOnlyHistory)
    assert [(r.history_type, r.refnis, r.value, r.history_user) for r in rows] == [
        ("+", EEKLO, Decimal(120), user),
        ("~", EEKLO, Decimal(130), user),
        ("-", EEKLO, Decimal(130), user),
    ]


def test_entry_has_one_field_per_partner(client_in):
    ind = own()
    body = client_in.get(entry_url(ind.code)).content.decode()
    # the three partners on 1/1/2024, by name; not Lochristi (only partly covered)
    positions = [body.index(f'name="refnis_{c}"') for c in (AALTER, EEKLO, EVERGEM)]
    assert positions == sorted(positions)
    assert 'name="refnis_44087"' not in body


def test_belgian_numbers_are_read_and_a_manual_value_wins_over_an_import(client_in, user):
    ind = own(whole_numbers=False)
    b = batch()
    Measurement.objects.create(indicator=ind, refnis=EEKLO, year=2024, value=100, batch=b)
    Measurement.objects.create(indicator=ind, refnis=EVERGEM, year=2024, value=40, batch=b)
    assert yearly_values(ind.code, 2024) == {EEKLO: Decimal(100), EVERGEM: Decimal(40)}

    r = client_in.post(
        entry_url(ind.code),
        {
            f"refnis_{EEKLO}": "250.000,50",  # 250000.50
            f"refnis_{AALTER}": "1.500",  # thousands separator: 1500
            f"refnis_{EVERGEM}": "",  # empty: the import (40) keeps counting
            "opmerking": "telling van de bibliotheek",
        },
    )
    assert r.status_code == 302
    # services: the manual 250.000,50 beats the imported 100 for Eeklo
    assert yearly_values(ind.code, 2024) == {
        EEKLO: Decimal("250000.50"),
        AALTER: Decimal(1500),
        EVERGEM: Decimal(40),
    }
    manual = Measurement.objects.filter(indicator=ind, batch__isnull=True)
    assert manual.count() == 2
    assert set(manual.values_list("note", flat=True)) == {"telling van de bibliotheek"}
    # who and when: the admin log
    m = manual.get(refnis=EEKLO)
    log = LogEntry.objects.get(object_id=str(m.pk))
    assert log.user == user and "manuele invoer" in log.change_message

    body = client_in.get(entry_url(ind.code)).content.decode()
    today = timezone.localdate().strftime("%d/%m/%Y")
    # Eeklo: the manual value, by whom and when, with the import beside it
    # (the person's name, from the value's history: tests/people.py names them Coordinator)
    assert "Nu: <strong>250.000,5</strong>, manueel ingevoerd door Coordinator op " + today in body
    assert "(ingelezen: 100, ingelezen uit uitleen.csv op 05/03/2025)" in body
    # Evergem: the import with its file and date
    assert "Nu: <strong>40</strong>, ingelezen uit uitleen.csv op 05/03/2025" in body
    assert 'value="250.000,5"' in body  # the form shows the manual value to change


def test_a_second_entry_replaces_the_manual_value_and_emptying_removes_it(client_in):
    ind = own()
    b = batch()
    Measurement.objects.create(indicator=ind, refnis=EEKLO, year=2024, value=100, batch=b)
    client_in.post(entry_url(ind.code), {f"refnis_{EEKLO}": "120"})
    client_in.post(entry_url(ind.code), {f"refnis_{EEKLO}": "130"})
    manual = Measurement.objects.filter(indicator=ind, refnis=EEKLO, batch__isnull=True)
    assert list(manual.values_list("value", flat=True)) == [Decimal(130)]  # one, replaced
    assert yearly_values(ind.code, 2024) == {EEKLO: Decimal(130)}
    # another year is another period: 2023 is not touched
    client_in.post(entry_url(ind.code, year=2023), {f"refnis_{EEKLO}": "90"})
    assert yearly_values(ind.code, 2024) == {EEKLO: Decimal(130)}
    assert yearly_values(ind.code, 2023) == {EEKLO: Decimal(90)}
    # emptied: the manual 130 goes, the imported 100 counts again
    client_in.post(entry_url(ind.code), {f"refnis_{EEKLO}": ""})
    assert yearly_values(ind.code, 2024) == {EEKLO: Decimal(100)}


@pytest.mark.parametrize(
    "fields, message",
    [
        # a negative count, the field (Evergem) named; Eeklo's valid 12 is not written either
        ({"unit": "uitleenbeurten"}, "Evergem: een negatief getal (-5) kan niet"),
        ({"whole_numbers": True}, "Evergem: “Uitleenbeurten” telt hele eenheden; 2,5 is geen"),
        ({"unit": "%"}, "Evergem: “Uitleenbeurten” is een percentage; 100,5 is meer dan 100"),
        ({}, "Evergem: 'twaalf' is geen getal"),
    ],
)
def test_a_bad_value_is_refused_with_the_field_named_and_nothing_is_written(
    client_in, fields, message
):
    ind = own(**fields)
    bad = {
        "Evergem: een negatief getal (-5) kan niet": "-5",
        "Evergem: “Uitleenbeurten” telt hele eenheden; 2,5 is geen": "2,5",
        "Evergem: “Uitleenbeurten” is een percentage; 100,5 is meer dan 100": "100,5",
        "Evergem: 'twaalf' is geen getal": "twaalf",
    }[message]
    r = client_in.post(entry_url(ind.code), {f"refnis_{EEKLO}": "12", f"refnis_{EVERGEM}": bad})
    assert r.status_code == 400
    assert message in html.unescape(r.content.decode())
    assert Measurement.objects.count() == 0


def test_negative_values_when_the_indicator_allows_them(client_in):
    ind = own(allow_negative=True, unit="EUR")
    r = client_in.post(entry_url(ind.code), {f"refnis_{EVERGEM}": "-1.250,75"})
    assert r.status_code == 302
    assert yearly_values(ind.code, 2024) == {EVERGEM: Decimal("-1250.75")}


def test_an_igs_level_indicator_has_one_field_for_the_igs(client_in):
    ind = own(level="igs", unit="%")
    body = client_in.get(entry_url(ind.code)).content.decode()
    assert 'name="igs_noord"' in body and 'name="refnis_' not in body
    client_in.post(entry_url(ind.code), {"igs_noord": "37,5"})
    m = Measurement.objects.get(indicator=ind)
    assert (m.igs, m.refnis, m.value, m.batch) == ("noord", "", Decimal("37.5"), None)


def test_entry_refuses_surveys_other_igs_and_unknown_things(client_in):
    Indicator.objects.create(
        code="GSM_CU_S_08", name="Tevredenheid", definition="d", unit="%", source="GSM",
        reference="2023", frequency="3 jaar", kind="survey", direction="up",
        level="municipality",
    )  # fmt: skip
    own("ZUID_BEZOEK", igs="zuid")
    for url, text in (
        (entry_url("GSM_CU_S_08"), "bevraging"),
        (entry_url("ZUID_BEZOEK"), "ander IGS"),
        (entry_url("NIETS"), "Onbekende indicator"),
        (entry_url("ACT_AANTAL", igs="nergens"), "geen IGS"),
        (entry_url("ACT_AANTAL", year=1200), "geen jaar"),
        ("/monitor/invoer/", "Kies een indicator"),
    ):
        r = client_in.get(url)
        assert r.status_code == 400, url
        assert text in r.content.decode(), url


# --------------------------------------------------------------------------------------------
# Edit and delete
# --------------------------------------------------------------------------------------------


def test_delete_with_measurements_needs_confirmation_then_all_goes(client_in):
    ind = own()
    b = batch()
    for refnis, v in ((EEKLO, 10), (EVERGEM, 20), (AALTER, 30)):
        Measurement.objects.create(indicator=ind, refnis=refnis, year=2024, value=v, batch=b)
    url = f"{OWN_URL}{ind.code}/verwijder/"
    assert "3 metingen" in client_in.get(url).content.decode()

    r = client_in.post(url, {})
    assert r.status_code == 409
    assert "heeft 3 metingen. Vink aan" in r.content.decode()
    r = client_in.post(url, {"bevestig": "2"})  # confirmed a number that is no longer true
    assert r.status_code == 409 and "Intussen heeft" in r.content.decode()
    assert Measurement.objects.filter(indicator=ind).count() == 3

    r = client_in.post(url, {"bevestig": "3"})
    assert r.status_code == 302
    assert not Indicator.objects.filter(code=ind.code).exists()
    assert Measurement.objects.count() == 0
    # 1.200 measurements: the page says "1.200", the confirmation carries 1200
    many = own("NOORD_VEEL")
    Measurement.objects.bulk_create(
        Measurement(indicator=many, refnis=EEKLO, year=2024, label=f"dag {i}", value=i)
        for i in range(1200)
    )
    body = client_in.get(f"{OWN_URL}{many.code}/verwijder/").content.decode()
    assert "1.200 metingen" in body and 'value="1200"' in body
    assert (
        client_in.post(f"{OWN_URL}{many.code}/verwijder/", {"bevestig": "1200"}).status_code == 302
    )
    assert Measurement.objects.count() == 0
    # without measurements no confirmation is needed
    other = own("NOORD_LEEG")
    assert client_in.post(f"{OWN_URL}{other.code}/verwijder/", {}).status_code == 302
    assert not Indicator.objects.filter(code="NOORD_LEEG").exists()


def test_edit_keeps_the_code_and_refuses_what_the_measurements_would_break(client_in):
    ind = own()
    Measurement.objects.create(indicator=ind, refnis=EEKLO, year=2024, value=Decimal("2.5"))
    url = f"{OWN_URL}{ind.code}/"
    data = indicator_form(code="ANDERE_CODE", name="Uitleningen", level="igs", whole_numbers=True)
    r = client_in.post(url, data)
    assert r.status_code == 400
    body = r.content.decode()
    assert "Er zijn al metingen per gemeente" in body
    assert "Er zijn al metingen met decimalen" in body
    r = client_in.post(url, indicator_form(name="Uitleningen", code="ANDERE_CODE"))
    assert r.status_code == 302
    ind.refresh_from_db()
    assert (ind.code, ind.name, ind.igs) == ("NOORD_UITLEEN", "Uitleningen", "noord")
    # another IGS's indicator is not found under this IGS
    zuid = own("ZUID_BEZOEK", igs="zuid")
    assert client_in.get(f"{OWN_URL}{zuid.code}/").status_code == 404


# --------------------------------------------------------------------------------------------
# The catalogue page
# --------------------------------------------------------------------------------------------


def test_the_catalogue_lists_own_indicators_under_their_igs(client_in):
    own()
    r = client_in.get("/monitor/")
    body = r.content.decode()
    section = body[body.index('id="eigen"') :]
    assert "<h3>Cultuur Noord</h3>" in section
    assert f'href="{OWN_URL}#NOORD_UITLEEN"' in section
    table = r.context["tables"]["indicatoren"]
    assert "NOORD_UITLEEN" not in [row["code"] for row in table.rows]


def test_a_failure_halfway_writes_nothing(client_in, monkeypatch):
    """The second area's write fails as when someone else saved it at the same moment: the
    first area's value is rolled back too (all or nothing) and the page says so (409)."""
    from django.db import IntegrityError

    from samenspel.monitor import views_eigen

    ind = own()
    calls = []
    original = views_eigen.LogEntry.objects.log_actions

    def flaky(*args, **kwargs):
        calls.append(args)
        if len(calls) == 2:
            raise IntegrityError("monitor_measurement_once_manual")
        return original(*args, **kwargs)

    monkeypatch.setattr(views_eigen.LogEntry.objects, "log_actions", flaky)
    r = client_in.post(entry_url(ind.code), {f"refnis_{AALTER}": "5", f"refnis_{EEKLO}": "6"})
    assert r.status_code == 409
    assert "Er is niets bewaard" in r.content.decode()
    assert len(calls) == 2  # Aalter was written before Eeklo failed ...
    assert Measurement.objects.count() == 0  # ... and rolled back
    assert LogEntry.objects.count() == 0


def test_the_page_offers_own_and_catalogue_indicators_for_entry(client_in):
    own()
    Indicator.objects.create(
        code="GSM_CU_S_08", name="Tevredenheid", definition="d", unit="%", source="GSM",
        reference="2023", frequency="3 jaar", kind="survey", direction="up",
        level="municipality",
    )  # fmt: skip
    body = client_in.get(OWN_URL).content.decode()
    choices = body[
        body.index('id="invoer-indicator"') : body.index(
            "</select>", body.index('id="invoer-indicator"')
        )
    ]
    assert 'value="NOORD_UITLEEN"' in choices  # its own
    assert 'value="ACT_AANTAL"' in choices  # the catalogue (a register)
    assert 'value="GSM_CU_S_08"' not in choices  # not a survey


def test_the_admin_shows_the_history_and_records_deleting_a_manual_value(client, loaded):
    ensure_catalogue()
    ind = own()
    m = Measurement.objects.create(indicator=ind, refnis=EEKLO, year=2024, value=5)
    staff = user_with("beheer", ("steunpunt", "optil"))
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    r = client.get(f"/beheer/monitor/measurement/{m.pk}/history/")
    assert r.status_code == 200
    r = client.post(f"/beheer/monitor/measurement/{m.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302 and not Measurement.objects.exists()
    assert list(
        Measurement.history.order_by("history_id").values_list("history_type", "history_user")
    ) == [
        ("+", None),  # created in the shell of this test: no request, no user
        ("-", staff.pk),
    ]


@pytest.mark.parametrize("how", ["one", "action"])
def test_deleting_an_own_indicator_in_the_admin_records_its_manual_values_deletion(
    client, loaded, how
):
    """The admin deletes an own indicator (its page, or the list's action): the manual values
    go with it (CASCADE), and each keeps its "verwijderd" history row, as when the IGS's page
    deletes it (ManualOnlyHistory connects no delete signal); the imported value makes none."""
    ensure_catalogue()
    ind = own()
    staff = user_with("beheer", ("steunpunt", "optil"))
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    client.post(entry_url(ind.code), {f"refnis_{EEKLO}": "5", f"refnis_{AALTER}": "6"})
    assert Measurement.objects.filter(batch__isnull=True).count() == 2
    Measurement.objects.create(indicator=ind, refnis=EVERGEM, year=2024, value=7, batch=batch())
    if how == "one":
        r = client.post(f"/beheer/monitor/indicator/{ind.pk}/delete/", {"post": "yes"})
    else:
        r = client.post(
            "/beheer/monitor/indicator/",
            {"action": "delete_selected", "_selected_action": [ind.pk], "post": "yes"},
        )
    assert r.status_code == 302 and not Measurement.objects.exists()
    deleted = Measurement.history.filter(history_type="-")
    assert sorted(deleted.values_list("refnis", "value", "history_user")) == sorted(
        [(EEKLO, Decimal(5), staff.pk), (AALTER, Decimal(6), staff.pk)]
    )


def test_the_catalogue_putting_back_an_indicator_changed_in_the_admin_keeps_history(client, loaded):
    """Staff rename ACT_AANTAL in the admin (a history row); the next import puts the
    catalogue's definition back (ensure_catalogue, in bulk): that change is in the history
    too, so the history ends with the name the indicator really has."""
    ensure_catalogue()
    ind = Indicator.objects.get(code="ACT_AANTAL")
    catalogue_name = ind.name
    ind.name = "Aantal activiteiten (gecorrigeerd)"
    ind.save()
    ensure_catalogue()  # as every import does
    ind.refresh_from_db()
    assert ind.name == catalogue_name
    names = list(ind.history.order_by("history_date", "history_id").values_list("name", flat=True))
    assert names == ["Aantal activiteiten (gecorrigeerd)", catalogue_name]
    ensure_catalogue()  # nothing changed: no further row
    assert ind.history.count() == 2


def test_a_failed_delete_of_manual_values_in_the_admin_leaves_no_deleted_history(
    client, loaded, monkeypatch
):
    """The admin's delete action on measurements writes each manual value's "verwijderd" row
    and then deletes; when the delete fails, the values are still there, so the history must
    not say they were deleted (both in one transaction, as for an indicator)."""
    from django.contrib import admin

    ensure_catalogue()
    ind = own()
    m = Measurement.objects.create(indicator=ind, refnis=EEKLO, year=2024, value=5)
    staff = user_with("beheer", ("steunpunt", "optil"))
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client.force_login(staff)

    def broken(self, request, queryset):
        raise RuntimeError("de databank weigert")

    monkeypatch.setattr(admin.ModelAdmin, "delete_queryset", broken)
    with pytest.raises(RuntimeError):
        client.post(
            "/beheer/monitor/measurement/",
            {"action": "delete_selected", "_selected_action": [m.pk], "post": "yes"},
        )
    assert Measurement.objects.filter(pk=m.pk).exists()
    assert not Measurement.history.filter(history_type="-").exists()
