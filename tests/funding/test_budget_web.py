"""The budget as it is on the Verdeelsleutel page, on the synthetic bundle.

Cultuur Noord on 2026-11-28: Eeklo (43005) 20.000, Evergem (44019) 40.000 and Aalter (44084)
30.000 = 90.000 inhabitants. Flemish subsidy from 2027: max(0,90 × 90.000 = 81.000, 100.000) =
100.000 €; the municipalities must bring 75 % of it: 75.000,00 €.

Today they pay Eeklo 20.000, Evergem 30.000 and Aalter 25.000 = 75.000 €: just enough. With no
amount given the keys split today's 75.000 €; per inhabitant: Eeklo 75.000 × 2/9 = 16.666,67
(−3.333,33), Evergem × 4/9 = 33.333,33 (+3.333,33), Aalter × 3/9 = 25.000,00 (0,00).
"""

import io
from urllib.parse import parse_qs, urlsplit

import pytest
from openpyxl import Workbook, load_workbook

from samenspel.funding.models import SavedComparison

BASE = "igs=noord&peildatum=2026-11-28&sleutel_1=inwoners&sleutel_2=gelijk"
TODAY = "&bijdrage_43005=20.000&bijdrage_44019=30.000&bijdrage_44084=25.000"
URL = "/verdeelsleutel/?" + BASE
MINUS = "\u2212"


def _xlsx(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _upload(client, name: str, data: bytes, query: str = BASE):
    f = io.BytesIO(data)
    f.name = name
    return client.post("/verdeelsleutel/bijdragen/", {"query": query, "bestand": f})


def test_page_gives_the_cofinancing_verdict_and_the_change_per_partner(loaded, client):
    r = client.get(URL + TODAY)
    html = r.content.decode()
    assert r.status_code == 200
    assert "Cofinanciering voldaan:" in html
    assert "de gemeenten brengen 75.000,00 € in (minstens 75.000,00 €)" in html
    assert "? onbekend" not in html
    # per inhabitant against today (see the module docstring)
    assert f"{MINUS}3.333,33 €" in html and "+3.333,33 €" in html
    # equal shares 25.000 each: Eeklo +5.000, Evergem −5.000, Aalter 0
    assert "+5.000,00 €" in html and f"{MINUS}5.000,00 €" in html
    # the total line: today 75.000, every key 75.000, change 0,00 €
    assert "Samen" in html and "Vandaag samen 75.000,00 €; te verdelen 75.000,00 €" in html


def test_one_cent_too_little_flips_the_verdict(loaded, client):
    # Aalter 24.999,99: together 74.999,99 €, 0,01 € short; the group then gets no subsidy
    query = TODAY.replace("25.000", "24.999,99")
    html = client.get(URL + query).content.decode()
    assert "Cofinanciering niet voldaan:" in html
    assert "de gemeenten brengen 74.999,99 € in, 0,01 € te weinig" in html
    assert "Cultuur Noord als één IGS: komt niet in aanmerking" in html
    # and the 75.000 € of the first test is enough to qualify
    assert (
        "Cultuur Noord als één IGS: komt in aanmerking" in client.get(URL + TODAY).content.decode()
    )


def test_yearly_budget_alone_counts_what_flanders_does_not_pay(loaded, client):
    # 180.000 € budget − 100.000 € subsidy = 80.000 € from the municipalities ≥ 75.000 €
    html = client.get(URL + "&jaarbudget=180.000").content.decode()
    assert "de gemeenten brengen 80.000,00 € in (minstens 75.000,00 €)" in html
    assert "aanname: geen andere inkomsten" in html


def test_contributions_for_some_partners_only_or_bad_numbers_are_refused(loaded, client):
    r = client.get(URL + "&bijdrage_43005=20.000")
    assert r.status_code == 400
    assert "Ontbreekt: Evergem, Aalter." in r.content.decode()
    r = client.get(URL + TODAY.replace("20.000", "12,3,4"))
    assert r.status_code == 400
    assert "Eeklo: &#x27;12,3,4&#x27; is dubbelzinnig" in r.content.decode()
    r = client.get(URL + TODAY + "&bijdrage_44021=5")
    assert r.status_code == 400
    assert "Bijdrage voor 44021: die gemeente hoort niet bij deze groep." in r.content.decode()


def test_template_download_lists_the_partners(loaded, client):
    r = client.get(URL + "&formaat=xlsx&tabel=bijdragen")
    rows = list(load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("REFNIS", "gemeente", "bijdrage")
    assert sorted(row[:2] for row in rows[1:]) == [
        ("43005", "Eeklo"),
        ("44019", "Evergem"),
        ("44084", "Aalter"),
    ]


def test_xlsx_upload_fills_in_the_page(loaded, client):
    data = _xlsx(
        [["REFNIS", "gemeente", "bijdrage"], ["43005", "Eeklo", 20_000], [44019, "Evergem", 30_000]]
        + [["44084", "Aalter", "25.000"]]
    )
    r = _upload(client, "bijdragen.xlsx", data)
    assert r.status_code == 302
    query = parse_qs(urlsplit(r["Location"]).query)
    assert query["bijdrage_44019"] == ["30.000,00"] and query["igs"] == ["noord"]
    html = client.get(r["Location"]).content.decode()
    assert "Cofinanciering voldaan:" in html and "+3.333,33 €" in html


def test_csv_upload_with_errors_applies_nothing(loaded, client):
    text = "gemeente;bijdrage\nEeklo;20.000\nAtlantis;1\nGent;3\nAalter;-5\n"
    r = _upload(client, "bijdragen.csv", text.encode())
    assert r.status_code == 400
    html = r.content.decode()
    assert "niets is overgenomen" in html
    assert (
        "bijdragen.csv, rij 3, kolom A (gemeente): onbekende gemeente &#x27;Atlantis&#x27;." in html
    )
    assert (
        "bijdragen.csv, rij 4, kolom A (gemeente): Gent (44021) hoort niet bij deze groep." in html
    )
    assert "rij 5, kolom B (bijdrage): een bijdrage kan niet negatief zijn (-5,00 €)." in html
    assert "geen rij voor Evergem" in html
    assert 'value="20.000"' not in html  # the good row was not applied either


def test_upload_without_a_file_or_too_large(loaded, client, monkeypatch):
    r = client.post("/verdeelsleutel/bijdragen/", {"query": BASE})
    assert r.status_code == 400
    assert "Kies een bestand (.xlsx of .csv) met de bijdragen." in r.content.decode()
    monkeypatch.setattr("samenspel.funding.budget.MAX_UPLOAD_BYTES", 10)
    r = _upload(client, "b.csv", b"REFNIS;bijdrage\n43005;1\n")
    assert r.status_code == 400
    assert "b.csv is te groot" in r.content.decode()


@pytest.fixture
def owner(django_user_model):
    return django_user_model.objects.create_user("schepen", password="x-geheim-123")


def test_saving_keeps_todays_budget_in_the_snapshot(loaded, client, owner):
    client.force_login(owner)
    r = client.post("/verdeelsleutel/bewaar/", {"naam": "Met vandaag", "query": BASE + TODAY})
    assert r.status_code == 302
    saved = SavedComparison.objects.get()
    today = saved.snapshot["today"]
    assert today["contributions"] == {"43005": "20000.00", "44019": "30000.00", "44084": "25000.00"}
    assert today["ok"] is True and today["need"] == "75000.00"
    html = client.get(r["Location"]).content.decode()
    assert "Het budget zoals het was bij het bewaren" in html
    assert "de gemeenten brengen 75.000,00 € in (minstens 75.000,00 €)" in html
    assert f"{MINUS}3.333,33 €" in html and "+3.333,33 €" in html


def test_saving_refuses_bad_contributions(loaded, client, owner):
    client.force_login(owner)
    r = client.post(
        "/verdeelsleutel/bewaar/", {"naam": "Fout", "query": BASE + "&bijdrage_43005=-1"}
    )
    assert r.status_code == 400
    assert "De bijdragen van vandaag zijn niet geldig." in r.content.decode()
    assert not SavedComparison.objects.exists()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_filled_in_template_is_read_back(loaded, client, fmt):
    # the downloaded template with an amount typed in every row: Eeklo 20.000, Evergem 30.000,
    # Aalter 25.000 (as in the module docstring), read back as it was written
    body = client.get(URL + f"&formaat={fmt}&tabel=bijdragen").content
    amounts = {"Eeklo": 20_000, "Evergem": 30_000, "Aalter": 25_000}
    if fmt == "xlsx":
        wb = load_workbook(io.BytesIO(body))
        ws = wb.active
        for row in ws.iter_rows(min_row=2):
            row[2].value = amounts[row[1].value]
        out = io.BytesIO()
        wb.save(out)
        data = out.getvalue()
    else:
        lines = body.decode("utf-8-sig").splitlines()
        data = "\n".join(
            [lines[0]] + [line + str(amounts[line.split(";")[1]]) for line in lines[1:]]
        ).encode("utf-8-sig")
    r = _upload(client, f"bijdragen.{fmt}", data)
    assert r.status_code == 302, r.content.decode()[-2000:]
    query = parse_qs(urlsplit(r["Location"]).query)
    assert query["bijdrage_43005"] == ["20.000,00"] and query["bijdrage_44084"] == ["25.000,00"]


def test_no_verdict_from_the_budget_while_the_contributions_are_wrong(loaded, client):
    # 180.000 € budget would give a verdict (80.000 € ≥ 75.000 €), but Eeklo's −1 is refused:
    # the page names the error and gives no verdict on half of the figures
    r = client.get(URL + "&jaarbudget=180.000" + TODAY.replace("20.000", "-1"))
    html = r.content.decode()
    assert r.status_code == 400
    assert "Eeklo: moet minstens 0 € zijn, niet -1 €." in html
    assert "Cofinanciering voldaan" not in html and "Cofinanciering niet voldaan" not in html
