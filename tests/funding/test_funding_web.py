"""The Verdeelsleutel page, saved comparisons and the CLI, on the synthetic bundle.

Cultuur Noord on 2026-11-28: Eeklo 20.000, Evergem 40.000, Aalter 30.000 and Lochristi 25.000
(partly covered, but a partner that pays) = 115.000 inhabitants. Default amount: 75 % of
max(0,90 × 115.000 = 103.500, 100.000) = 77.625 €.
"""

import io
import json

import pytest
from openpyxl import load_workbook

from samenspel.cli import main
from samenspel.funding.models import SavedComparison

URL = "/verdeelsleutel/?igs=noord&peildatum=2026-11-28&sleutel_1=inwoners&sleutel_2=gelijk"


def test_page_shows_keys_side_by_side(loaded, client):
    html = client.get(URL).content.decode()
    assert "Verdeelsleutel voor Cultuur Noord" in html
    assert "77.625,00 €" in html
    # per inhabitant: 77.625 × 40.000 / 115.000 = 27.000,00 € for Evergem
    assert "27.000,00 €" in html
    # equal shares: 77.625 / 4 = 19.406,25 €
    assert "19.406,25 €" in html
    assert "Shapley-waarde" in html and "nucleolus" in html
    assert "win-win" in html


def test_xlsx_download_of_the_comparison(loaded, client):
    r = client.get(URL + "&formaat=xlsx&tabel=vergelijking")
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    assert header[:4] == ("gemeente", "inwoners", "aandeel inwoners", "per inwoner: bedrag")
    evergem = next(row for row in rows[1:] if row[0] == "Evergem")
    assert evergem[1] == 40_000 and evergem[3] == 27_000
    assert "Shapley-waarde" in header and "alleen" in header


def test_bad_input_gets_a_dutch_message(loaded, client):
    r = client.get("/verdeelsleutel/?gemeenten=43005,99999&sleutel_1=inwoners")
    assert r.status_code == 400
    assert "Onbekende REFNIS-code(s): 99999" in r.content.decode()
    r = client.get(URL + "&gewichten=inwoners%3Dveel&sleutel_3=mix")
    assert r.status_code == 400
    assert "Gewichten van de mix: &#x27;veel&#x27; is geen getal" in r.content.decode()


def test_saving_needs_a_login_and_the_link_reproduces(loaded, client, django_user_model):
    query = URL.split("?", 1)[1]
    r = client.post("/verdeelsleutel/bewaar/", {"naam": "Voorstel", "query": query})
    assert r.status_code == 302 and "/aanmelden/" in r["Location"]
    assert not SavedComparison.objects.exists()
    user = django_user_model.objects.create_user("schepen", password="x-geheim-123")
    client.force_login(user)
    r = client.post("/verdeelsleutel/bewaar/", {"naam": "Voorstel", "query": query})
    saved = SavedComparison.objects.get()
    assert r["Location"] == f"/verdeelsleutel/v/{saved.pk}/"
    client.logout()
    html = client.get(r["Location"]).content.decode()  # the shared link works for anyone
    assert "Bewaarde vergelijking “Voorstel”" in html
    assert "27.000,00 €" in html


def test_printable_report(loaded, client):
    html = client.get(URL + "&afdruk=1").content.decode()
    assert "voorstel voor de gemeenteraad" in html
    assert "Evergem betaalt 27.000,00 €" in html


@pytest.mark.django_db(transaction=True)
def test_cli_json(bundle_dir):
    assert main(["data", "load", str(bundle_dir)], out=io.StringIO()) == 0
    out = io.StringIO()
    code = main(
        [
            "verdeelsleutel",
            "--igs",
            "noord",
            "--sleutel",
            "vast-plus-inwoners",
            "--vast",
            "4000",
            "--bedrag",
            "77625",
            "--date",
            "2026-11-28",
            "--format",
            "json",
        ],
        out=out,
    )
    assert code == 0
    data = json.loads(out.getvalue())
    amounts = {p["name"]: p["amount_eur"] for p in data["partners"]}
    # 4 × 4.000 = 16.000 fixed; the remaining 61.625 € per inhabitant (115.000):
    # Evergem 4.000 + 61.625 × 40.000 / 115.000 = 4.000 + 21.434,78 = 25.434,78 €
    assert amounts["Evergem"] == pytest.approx(25_434.78)
    assert sum(amounts.values()) == pytest.approx(77_625)
    assert data["win_win"] in (True, False)
    assert len(data["explanation"]) >= 2


@pytest.mark.django_db(transaction=True)
def test_cli_bad_input(bundle_dir, capsys):
    main(["data", "load", str(bundle_dir)], out=io.StringIO())
    assert (
        main(
            [
                "verdeelsleutel",
                "--gemeenten",
                "43005,12345",
                "--sleutel",
                "inwoners",
                "--bedrag",
                "1000",
            ],
            out=io.StringIO(),
        )
        == 2
    )
    assert "Onbekende REFNIS-code(s): 12345" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["verdeelsleutel", "--igs", "noord", "--sleutel", "inwoners", "--bedrag", "veel"])
    assert exc.value.code == 2
