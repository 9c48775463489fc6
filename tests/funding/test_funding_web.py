"""The Verdeelsleutel page, saved comparisons and the CLI, on the synthetic bundle.

Cultuur Noord on 2026-11-28: Eeklo 20.000, Evergem 40.000 and Aalter 30.000 = 90.000
inhabitants. Lochristi is only partly covered (via Wachtebeke) and, as in the Atlas, does not
count: not for the subsidy, not for the amount, not as a partner that pays. Default amount: 75 %
of max(0,90 × 90.000 = 81.000, 100.000) = 75.000 €, the Atlas's minimum cofinancing.
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
    assert "75.000,00 €" in html
    # per inhabitant: 75.000 × 40.000 / 90.000 = 33.333,33 € for Evergem; Eeklo 16.666,67 €
    # (16.666,666… gets the spare cent of the largest remainder)
    assert "33.333,33 €" in html and "16.666,67 €" in html
    # equal shares: 75.000 / 3 = 25.000,00 €
    assert "25.000,00 €" in html
    assert "Shapley-waarde" in html and "nucleolus" in html
    assert "win-win" in html


def test_xlsx_download_of_the_comparison(loaded, client):
    r = client.get(URL + "&formaat=xlsx&tabel=vergelijking")
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    assert header[:4] == ("gemeente", "inwoners", "aandeel inwoners", "naar inwonersaantal: bedrag")
    evergem = next(row for row in rows[1:] if row[0] == "Evergem")
    assert evergem[1] == 40_000 and evergem[3] == pytest.approx(33_333.33)
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
    assert "33.333,33 €" in html


def test_printable_report(loaded, client):
    html = client.get(URL + "&afdruk=1").content.decode()
    assert "voorstel voor de gemeenteraad" in html
    assert "Evergem betaalt 33.333,33 €" in html


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
            "75.000",
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
    # 3 × 4.000 = 12.000 fixed; the remaining 63.000 € over 90.000 inhabitants = 0,70 €:
    # Evergem 4.000 + 0,70 × 40.000 = 32.000 €, Eeklo 18.000 €, Aalter 25.000 €
    assert amounts == {"Eeklo": 18_000.0, "Evergem": 32_000.0, "Aalter": 25_000.0}
    # Win-win: alone Evergem would pay 25.000 + a · 40.000^0,8 ≈ 103.440 € (a ≈ 16,33, so that
    # K(N) = 75.000 + 100.000 subsidy), far above 32.000 €; every pair likewise (Eeklo + Evergem
    # ≈ 133.490 € against 50.000 €), and no pair reaches 85.000 inhabitants for a subsidy.
    assert data["win_win"] is True
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
