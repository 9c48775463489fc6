"""Hostile UiTdatabank input: a malformed event gives a Dutch reason with file and line, the rest
is imported, and no exception escapes ``samenspel monitor import-uit``."""

import io
import json
import threading

import pytest

from samenspel.cli import main
from samenspel.monitor.uit import read_records
from samenspel.monitor.uit_client import SearchClient, UitApiError
from samenspel.monitor.uit_counts import count_files
from tests.monitor.uitdata import event, write_ndjson


def _reasons(counts) -> dict[int, str]:
    return {e["regel"]: e["reden"] for e in counts.as_dict()["fouten"]}


def test_a_date_beyond_the_calendar_is_a_reason_not_a_crash(tmp_path, placer):
    # 31/12/9999 23:00 at UTC−5 is 1/1/10000 in Brussels: no such day. Line 1 is refused with
    # the field named; line 2, a normal concert in Gent on 14/03/2025, is counted.
    path = write_ndjson(
        tmp_path / "d.ndjson",
        [event(1, sub=[("9999-12-31T23:00:00-05:00", "9999-12-31T23:30:00-05:00")]), event(2)],
    )
    counts = count_files([str(path)], placer, years=[2025])
    assert _reasons(counts) == {
        1: "subEvent 1 startDate '9999-12-31T23:00:00-05:00' valt buiten de kalender"
    }
    assert counts.errors[0]["bestand"] == str(path)
    assert counts.placed == 1 and counts.buckets[("44021", 2025)].activiteiten == 1


def test_a_location_that_is_not_an_object_is_a_reason(tmp_path, placer):
    path = write_ndjson(
        tmp_path / "d.ndjson", [event(1, location="Gent"), event(2, location=["x"]), event(3)]
    )
    counts = count_files([str(path)], placer, years=[2025])
    assert _reasons(counts) == {
        1: "location is geen object (een plaats met adres, zoals de Search API met "
        "embed=true ze geeft)",
        2: "location is geen object (een plaats met adres, zoals de Search API met "
        "embed=true ze geeft)",
    }
    assert counts.unknown == 0 and counts.placed == 1


def test_a_huge_unknown_calendar_type_gives_a_short_reason(tmp_path, placer):
    path = write_ndjson(tmp_path / "d.ndjson", [event(1, calendarType="x" * 1_000_000), event(2)])
    counts = count_files([str(path)], placer, years=[2025])
    reason = _reasons(counts)[1]
    assert reason.startswith("calendarType 'xxxx") and "…' is onbekend" in reason
    assert len(reason) < 200
    assert counts.placed == 1


def test_a_deeply_nested_first_line_is_reported_and_the_next_lines_are_read(tmp_path):
    path = tmp_path / "d.json"
    path.write_text("[" * 200_000 + "\n" + json.dumps(event(2)) + "\n", encoding="utf-8")
    records = list(read_records(path))
    assert [(r.line, r.error) for r in records] == [(1, "te diep geneste JSON"), (2, None)]


def test_import_uit_survives_a_file_full_of_malformed_events(tmp_path, bundle_dir):
    good = event(30)  # Gent (44021, in the synthetic bundle), 14/03/2025
    lines = [
        {k: v for k, v in event(1).items() if k != "@id"},
        event(2, calendarType="weekly"),
        event(3, location="Gent"),
        event(5, start="gisteren", end="morgen", sub=[("gisteren", "morgen")]),
        event(6, sub=[("9999-12-31T23:00:00-05:00", "9999-12-31T23:30:00-05:00")]),
        event(7, sub=[("0001-01-01T00:30:00+14:00", "0001-01-01T01:00:00+14:00")]),
        event(8, name={"nl": "x" * 100_000}, terms={"a": 1}),
        event(9, location={"@id": 5, "address": {"nl": ["x"]}, "geo": {"latitude": "nan"}}),
        event(10, calendarType="permanent", availableFrom="9999-12-31T23:00:00-10:00"),
        "[" * 100_000,
        "1e999999",
        good,
    ]
    path = write_ndjson(tmp_path / "d.ndjson", lines)
    out = io.StringIO()
    code = main(
        ["monitor", "import-uit", str(path), "--bundel", str(bundle_dir), "--jaar", "2025"]
        + ["--format", "json"],
        out=out,
    )
    assert code == 0
    data = json.loads(out.getvalue())
    reasons = {e["regel"]: e["reden"] for e in data["fouten"]}
    assert reasons[1] == "@id ontbreekt"
    assert reasons[2].startswith("calendarType 'weekly' is onbekend")
    assert reasons[3].startswith("location is geen object")
    assert reasons[4] == "subEvent 1 startDate 'gisteren' is geen datum en tijd (ISO 8601)"
    assert "valt buiten de kalender" in reasons[5] and "valt buiten de kalender" in reasons[6]
    assert reasons[7] == "terms is geen lijst"
    assert "valt buiten de kalender" in reasons[9]
    assert reasons[10] == "te diep geneste JSON"
    assert reasons[11].startswith("geen JSON-object")
    assert 8 not in reasons  # event 9: a location without a usable address is an unknown place
    gent = [b for b in data["per_gemeente"] if b["refnis"] == "44021"]
    assert [(b["jaar"], b["activiteiten"]) for b in gent] == [(2025, 1)]


HUGE = "1" + "0" * 5_000  # a JSON number Python refuses to convert (more than 4.300 digits)


def test_a_number_with_too_many_digits_is_a_reason(tmp_path):
    lines = tmp_path / "d.ndjson"
    lines.write_text('{"a": ' + HUGE + "}\n" + json.dumps(event(2)) + "\n", encoding="utf-8")
    assert [(r.line, r.error) for r in read_records(lines)] == [
        (1, "geen geldige JSON: een getal met te veel cijfers"),
        (2, None),
    ]
    page = tmp_path / "p.json"
    page.write_text('{"member": [' + json.dumps(event(2)) + ', {"a": ' + HUGE + "}]}", "utf-8")
    records = list(read_records(page))
    assert records[0].error is None
    assert records[1].error == (
        "geen geldige JSON: een getal met te veel cijfers; de rest van het bestand is niet gelezen"
    )


def test_coordinates_too_large_for_a_float_are_no_place(placer):
    p = placer.place_location({"geo": {"latitude": 10**400, "longitude": 4.0}, "address": {}})
    assert p.reason == "geen postcode, coördinaten of gekende plaatsnaam"


def test_an_unforeseen_failure_on_one_event_is_reported_and_the_rest_counted(
    tmp_path, placer, monkeypatch
):
    # A shape nobody foresaw (simulated: counting event 1 fails) must not stop the import.
    from samenspel.monitor import uit_counts

    real = uit_counts.days_per_year

    def fragile(event, *args, **kwargs):
        if event.id.startswith("00000001-"):
            raise TypeError("unsupported operand")
        return real(event, *args, **kwargs)

    monkeypatch.setattr(uit_counts, "days_per_year", fragile)
    path = write_ndjson(tmp_path / "d.ndjson", [event(1), event(2)])
    counts = count_files([str(path)], placer, years=[2025])
    assert _reasons(counts) == {
        1: "kon deze activiteit niet verwerken (TypeError); meld dit met het bestand en de regel"
    }
    assert counts.placed == 1


# --- a Search API that misbehaves ----------------------------------------------------------


@pytest.fixture
def bad_api():
    """A server whose answer the test sets: ``(body bytes, Content-Length sent)``."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        answer = (b"{}", None)

        def do_GET(self):  # noqa: N802
            body, length = type(self).answer
            self.send_response(200)
            self.send_header("Content-Length", str(len(body) if length is None else length))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", Handler
    server.shutdown()
    server.server_close()


def _page_error(url: str) -> str:
    client = SearchClient("mijn-id", base_url=url)
    with pytest.raises(UitApiError) as exc:
        client.get_page({}, 0, 50)
    return str(exc.value)


def test_a_too_deeply_nested_answer_is_a_dutch_error(bad_api):
    url, handler = bad_api
    handler.answer = (b"[" * 100_000 + b"]" * 100_000, None)
    assert _page_error(url).startswith("het antwoord op ") and " is geen JSON" in _page_error(url)


def test_an_answer_cut_short_is_a_dutch_error(bad_api):
    url, handler = bad_api
    handler.answer = (b'{"member": [', 1_000)  # announces 1.000 bytes, sends 12
    assert _page_error(url).startswith("het antwoord van de Search API is onvolledig")


def test_an_answer_larger_than_a_page_can_be_is_refused(bad_api, monkeypatch):
    url, handler = bad_api
    monkeypatch.setattr("samenspel.monitor.uit_client.MAX_PAGE_BYTES", 100)
    handler.answer = (b'{"member": [' + b'{"a": 1},' * 50 + b"{}]}", None)
    assert _page_error(url) == (
        "het antwoord van de Search API is groter dan 100 bytes; zo groot is een pagina nooit"
    )


def test_fetching_into_a_folder_that_does_not_exist_is_exit_2(api, tmp_path, capsys):
    url, _ = api
    target = tmp_path / "bestaat-niet" / "gent.ndjson"
    argv = ["monitor", "import-uit", str(target), "--ophalen", "44021", "--client-id", "x"]
    code = main([*argv, "--api-url", url], out=io.StringIO())
    assert code == 2
    err = capsys.readouterr().err
    assert f"Ophalen mislukt: kan {target} niet schrijven" in err


def test_a_malformed_api_url_is_exit_2(tmp_path, capsys):
    target = tmp_path / "gent.ndjson"
    argv = ["monitor", "import-uit", str(target), "--ophalen", "44021", "--client-id", "x"]
    code = main([*argv, "--api-url", "geen-adres"], out=io.StringIO())
    assert code == 2
    assert "Ophalen mislukt: het adres van de Search API is ongeldig" in capsys.readouterr().err


def test_a_year_outside_the_calendar_is_exit_2(tmp_path, bundle_dir, capsys):
    # a permanent event is counted up to 31/12 of the last year asked: year 0 has no such day
    path = write_ndjson(tmp_path / "d.ndjson", [event(1, calendar="permanent")])
    for year in ("0", "10000"):
        argv = ["monitor", "import-uit", str(path), "--bundel", str(bundle_dir), "--jaar", year]
        assert main(argv, out=io.StringIO()) == 2
        assert f"--jaar {year}: kies een jaar van 1900 tot 2100." in capsys.readouterr().err
