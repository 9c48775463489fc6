"""Hostile input on the Verdeelsleutel's new endpoints: every bad question gets a 4xx with a
Dutch message that says what is wrong, never a 500, and every request stays bounded.

Cultuur Noord on 2026-11-28 in the synthetic bundle: Eeklo (43005) 20.000, Evergem (44019)
40.000 and Aalter (44084) 30.000 inhabitants (see test_budget_web.py).
"""

import html
import io
import re
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from openpyxl import Workbook

from samenspel.core import sheets
from samenspel.funding import budget
from samenspel.funding.council import proposed_index

BASE = "igs=noord&peildatum=2026-11-28&sleutel_1=inwoners&sleutel_2=gelijk"
MEMBERS = {"43005": "Eeklo", "44019": "Evergem", "44084": "Aalter"}


def alerts(response) -> list[str]:
    """The text of every element the page marks with role="alert" (its error messages)."""
    page = response.content.decode()
    found = re.finditer(r'<(\w+)[^>]*role="alert"[^>]*>(.*?)</\1>', page, re.S)
    return [html.unescape(re.sub(r"\s+", " ", re.sub("<[^>]+>", " ", m[2]))).strip() for m in found]


def _xlsx(rows, cells=()) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    for ref, value in cells:
        wb.active[ref] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _upload(client, name: str, data: bytes):
    f = io.BytesIO(data)
    f.name = name
    return client.post("/verdeelsleutel/bijdragen/", {"query": BASE, "bestand": f})


# --- numbers in the query ------------------------------------------------------------------

ODD_NUMBERS = {
    "1e999": "is in wetenschappelijke notatie",
    "NaN": "is geen getal",
    "inf": "is geen getal",
    "9" * 10_000: "is te lang om een getal te zijn",
    "0x10": "is geen getal",
    "1_000": "is geen getal",
    "--5": "is geen getal",
    "1,": "is onvolledig",
    "12,3,4": "is dubbelzinnig",
    "²": "bevat andere cijfers dan 0 tot 9",
}


@pytest.mark.parametrize("value", list(ODD_NUMBERS))
def test_an_odd_yearly_budget_is_a_dutch_400(loaded, client, value):
    query = {"igs": "noord", "peildatum": "2026-11-28", "jaarbudget": value}
    r = client.get("/verdeelsleutel/", query)
    assert r.status_code == 400
    [message] = alerts(r)
    assert message.startswith("Jaarbudget van het IGS vandaag (€ per jaar): ")
    assert ODD_NUMBERS[value] in message


@pytest.mark.parametrize("value", list(ODD_NUMBERS))
def test_odd_contributions_are_a_dutch_400_per_partner(loaded, client, value):
    query = {"igs": "noord", "peildatum": "2026-11-28"}
    query |= {f"bijdrage_{code}": value for code in MEMBERS}
    r = client.get("/verdeelsleutel/", query)
    assert r.status_code == 400
    messages = alerts(r)
    for name in MEMBERS.values():
        assert any(m.startswith(f"{name}: ") and ODD_NUMBERS[value] in m for m in messages)


def test_a_nul_character_is_a_dutch_400(loaded, client):
    for field in ("jaarbudget", "bijdrage_43005"):
        r = client.get(f"/verdeelsleutel/?{BASE}&{field}=%00")
        assert r.status_code == 400  # refused before the page reads it (config.middleware)
        assert (
            f"Wat in het veld &#x27;{field}&#x27; staat, bevat een nul-teken" in r.content.decode()
        )


def test_belgian_notation_in_is_read_and_shown_back_belgian(loaded, client):
    # 250.000,50 and 250000,50 are the same amount; 180.000,50 − 100.000 subsidy = 80.000,50 €
    # that the municipalities bring (≥ 75 % of 100.000 = 75.000 €).
    for typed in ("180.000,50", "180000,50", "180 000,50"):
        r = client.get(f"/verdeelsleutel/?{BASE}&jaarbudget={typed}")
        assert r.status_code == 200
        assert "de gemeenten brengen 80.000,50 € in (minstens 75.000,00 €)" in r.content.decode()


def test_contribution_keys_that_are_no_partner_or_too_many_are_refused(loaded, client):
    r = client.get(f"/verdeelsleutel/?{BASE}&bijdrage_{'x' * 10_000}=5")
    assert r.status_code == 400
    assert "Bijdrage voor xxxxxxxxxx: die gemeente hoort niet bij deze groep." in alerts(r)
    many = "&".join(f"bijdrage_{n:05d}=1" for n in range(101))
    r = client.get(f"/verdeelsleutel/?{BASE}&{many}")
    assert r.status_code == 400
    assert "Te veel bijdragen: 101, hoogstens 100." in alerts(r)


# --- the council PDF -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "wanted", ["²", "١", "٣", "0", "3", "x" * 10_000, "9" * 5_000, "inwoners,gelijk"]
)
def test_an_odd_proposal_is_a_dutch_400(loaded, client, wanted):
    # the comparison has two keys (inwoners, gelijk): only 1, 2 or their names are proposals
    r = client.get(f"/verdeelsleutel/raad.pdf?{BASE}&{urlencode({'voorstel': wanted})}")
    assert r.status_code == 400
    [message] = alerts(r)
    assert message.startswith(f"Het voorstel '{wanted[:40]}' is geen sleutel van deze vergelijking")
    assert message.endswith("kies uit: inwoners, gelijk.")


def test_proposal_numbers_are_ascii_digits_only():
    assert proposed_index(["inwoners", "gelijk"], "2") == 1
    assert proposed_index(["inwoners", "gelijk"], " gelijk ") == 1
    for odd in ("²", "١", "２", "9" * 5_000, "0" * 5_000 + "1"):
        # 5.000 digits: int() itself refuses more than 4.300 (in English); never reached
        with pytest.raises(ValueError, match="is geen sleutel van deze vergelijking"):
            proposed_index(["inwoners", "gelijk"], odd)


@pytest.mark.parametrize("wanted", ["9" * 5_000, "0" * 5_000 + "1", "1e308", "²"])
def test_saving_with_an_odd_proposal_is_a_dutch_400(loaded, client, django_user_model, wanted):
    from samenspel.funding.models import SavedComparison

    # two keys (inwoners, gelijk): only 1 or 2 is a proposal; 5.000 digits gave a 500 (int())
    client.force_login(django_user_model.objects.create_user("schepen", password="x-geheim-1"))
    r = client.post("/verdeelsleutel/bewaar/", {"naam": "Odd", "query": BASE, "voorstel": wanted})
    assert r.status_code == 400
    page = html.unescape(r.content.decode())
    assert f"'{wanted[:20]}' is geen sleutel van deze vergelijking (kies 1 tot 2)." in page
    assert not SavedComparison.objects.exists()


# --- uploads -------------------------------------------------------------------------------


def test_a_csv_with_a_giant_field_is_refused_in_dutch(loaded, client):
    r = _upload(client, "b.csv", b"gemeente;bijdrage\n" + b"E" * 900_000 + b";1\n")
    assert r.status_code == 400
    messages = " ".join(alerts(r))
    assert "b.csv, rij 2: geen geldige CSV (een veld is te lang)." in messages
    assert "field larger" not in messages


def test_a_csv_with_nul_bytes_is_refused_in_dutch(loaded, client):
    r = _upload(client, "b.csv", b"gemeente;bijdrage\nEeklo\x00;1\n")
    assert r.status_code == 400
    assert "b.csv: het bestand bevat NUL-tekens; dit is geen tekstbestand." in " ".join(alerts(r))


def test_excel_unicode_text_utf16_with_tabs_is_read(loaded, client):
    # What Excel writes for "Unicode-tekst (*.txt)": UTF-16 LE with a BOM, tab separated.
    text = "gemeente\tbijdrage\r\nEeklo\t20.000\r\nEvergem\t30.000\r\nAalter\t25.000\r\n"
    r = _upload(client, "bijdragen.txt", "\ufeff".encode("utf-16-le") + text.encode("utf-16-le"))
    assert r.status_code == 302, alerts(r)
    query = parse_qs(urlsplit(r["Location"]).query)
    assert query["bijdrage_44019"] == ["30.000,00"]


def test_a_formula_without_a_computed_value_is_named(loaded, client):
    # openpyxl (and other programs that do not calculate) store "=1+1" without its value
    data = _xlsx([["gemeente", "bijdrage"], ["Eeklo", "=1+1"], ["Evergem", 2], ["Aalter", 3]])
    r = _upload(client, "b.xlsx", data)
    assert r.status_code == 400
    assert (
        "b.xlsx, rij 2, kolom B (bijdrage): '=1+1' is een formule zonder berekende waarde; open "
        "het bestand in Excel of LibreOffice en bewaar het opnieuw, of typ het bedrag zelf."
    ) in " ".join(alerts(r))


def test_a_tiny_xlsx_reaching_row_a_million_is_refused_without_reading_it_all(monkeypatch):
    # 5 kB on disk, but its cells run to row 1.048.575: openpyxl would produce a million empty
    # rows (36 s and 400 MB when measured). Only the first MAX_SCAN_ROWS rows are looked at.
    data = _xlsx([["gemeente", "bijdrage"], ["Eeklo", 1]], cells=[("A1048575", "Evergem")])
    produced = []  # rows produced by each pass over the sheet (values, and formulas if read)
    real = sheets._sheet_rows

    def counting(*args):
        produced.append(0)
        pass_ = len(produced) - 1
        for row in real(*args):
            produced[pass_] += 1
            yield row

    monkeypatch.setattr(sheets, "_sheet_rows", counting)
    with pytest.raises(budget.ContributionError) as exc:
        budget.read_contributions("b.xlsx", data, MEMBERS, MEMBERS)
    assert exc.value.problems == [
        "b.xlsx loopt verder dan rij 10.000 (ook lege rijen tellen); een lijst van gemeenten is "
        "korter. Kopieer de rijen met gegevens naar een nieuw blad en laad dat op."
    ]
    assert produced[0] == budget.MAX_SCAN_ROWS + 1  # row 10.001 is where it stops
    assert all(n <= budget.MAX_SCAN_ROWS + 1 for n in produced)


def test_a_csv_of_empty_lines_is_refused_without_keeping_them(loaded, client):
    r = _upload(client, "b.csv", b"gemeente;bijdrage\n" + b"\n" * 900_000)
    assert r.status_code == 400
    assert "b.csv loopt verder dan rij 10.000 (ook lege rijen tellen)" in " ".join(alerts(r))


# --- long settings -------------------------------------------------------------------------


def test_a_very_long_benefit_list_is_refused_before_it_is_parsed(loaded, client):
    # 30.000 characters of "1,1,1,…" after one name: splitting it was quadratic (300.000
    # pieces took 1,6 s, a 2,5 MB POST half a minute). The field now has a length limit.
    r = client.get(f"/verdeelsleutel/?{BASE}&{urlencode({'profijt': '43005=' + '1,' * 15_000})}")
    assert r.status_code == 400
    assert (
        "Zorg dat deze waarde niet meer dan 20000 tekens bevat (het zijn er nu 30006)." in alerts(r)
    )


def test_saving_refuses_settings_longer_than_a_page_can_hold(loaded, client, django_user_model):
    from samenspel.funding.models import SavedComparison

    client.force_login(django_user_model.objects.create_user("schepen", password="x-geheim-1"))
    query = BASE + "&gewichten=" + "inwoners=1," * 5_000
    r = client.post("/verdeelsleutel/bewaar/", {"naam": "Lang", "query": query})
    assert r.status_code == 400
    assert (
        "De instellingen zijn te lang om te bewaren (hoogstens 20.000 tekens, deze tellen er "
        "55.077)." in r.content.decode()
    )
    assert not SavedComparison.objects.exists()


def _xlsx_with_shared_strings(extra: int) -> bytes:
    """A valid workbook (gemeente/bijdrage, Eeklo 5) whose shared-string table holds ``extra``
    unused one-letter strings: 17 bytes each unpacked, almost nothing once compressed."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(_xlsx([["x"]])))
    main = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    sheet = (
        b'<?xml version="1.0"?><worksheet xmlns="' + main + b'"><sheetData>'
        b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        b'<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>5</v></c></row>'
        b"</sheetData></worksheet>"
    )
    strings = (
        b'<?xml version="1.0"?><sst xmlns="' + main + b'"><si><t>gemeente</t></si>'
        b"<si><t>bijdrage</t></si><si><t>Eeklo</t></si>" + b"<si><t>a</t></si>" * extra + b"</sst>"
    )
    kind = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    rel = b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet
            elif info.filename == "[Content_Types].xml":
                override = b'<Override PartName="/xl/sharedStrings.xml" ContentType="' + kind
                data = data.replace(b"</Types>", override + b'"/></Types>')
            elif info.filename == "xl/_rels/workbook.xml.rels":
                link = b'<Relationship Id="rId99" Type="' + rel + b'" Target="sharedStrings.xml"/>'
                data = data.replace(b"</Relationships>", link + b"</Relationships>")
            z.writestr(info.filename, data)
        z.writestr("xl/sharedStrings.xml", strings)
    return out.getvalue()


def test_a_small_xlsx_that_unpacks_to_megabytes_of_strings_is_refused():
    # 1.150.000 extra strings: 52 kB uploaded, 19,6 MB unpacked, 43 s for openpyxl to read
    # (measured). A list of contributions unpacks to far less than 2 MB.
    members = {"43005": "Eeklo"}
    assert budget.read_contributions("b.xlsx", _xlsx_with_shared_strings(10), members, members) == {
        "43005": 5
    }
    data = _xlsx_with_shared_strings(150_000)  # 150.000 × 17 bytes = 2,55 MB of strings
    assert len(data) < 20_000
    with pytest.raises(budget.ContributionError) as exc:
        budget.read_contributions("b.xlsx", data, members, members)
    [problem] = exc.value.problems
    assert problem.startswith("b.xlsx is uitgepakt te groot (2,6 MB, hoogstens 2 MB).")


@pytest.mark.parametrize("typed", ["٢٥٠٠٠٠", "２５０.０００"])
def test_digits_other_than_0_to_9_are_refused(loaded, client, typed):
    # Python reads Arabic-Indic (٢٥٠٠٠٠) and full-width (２５０) digits as numbers; a budget
    # typed that way is refused with a message instead of being read silently.
    r = client.get(f"/verdeelsleutel/?{BASE}&{urlencode({'jaarbudget': typed})}")
    assert r.status_code == 400
    [message] = alerts(r)
    assert message.startswith("Jaarbudget van het IGS vandaag (€ per jaar): ")
    assert message.endswith(
        f"'{typed}' bevat andere cijfers dan 0 tot 9; typ het getal met de cijfers 0 tot 9."
    )


def test_foreign_digits_in_an_uploaded_file_are_named():
    text = "gemeente;bijdrage\nEeklo;٢٠٠٠٠\nEvergem;30.000\nAalter;25.000\n"
    with pytest.raises(budget.ContributionError) as exc:
        budget.read_contributions("b.csv", text.encode(), MEMBERS, MEMBERS)
    assert exc.value.problems == [
        "b.csv, rij 2, kolom B (bijdrage): '٢٠٠٠٠' bevat andere cijfers dan 0 tot 9; typ het "
        "getal met de cijfers 0 tot 9."
    ]
