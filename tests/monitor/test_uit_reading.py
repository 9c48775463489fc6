"""Reading the three shapes publiq publishes (samenspel.monitor.uit.read_records)."""

import gzip
import json
import tracemalloc

import pytest

from samenspel.monitor import uit
from samenspel.monitor.uit import read_records
from tests.monitor.uitdata import event, page, write_ndjson


def ids(records):
    return [r.item["@id"][-36:][:8] if r.item else r.error for r in records]


def test_one_pretty_printed_document(tmp_path):
    path = tmp_path / "event.json"
    path.write_text(json.dumps(event(7), indent=2), encoding="utf-8")
    records = list(read_records(path))
    assert [(r.line, r.item["@id"]) for r in records] == [(1, event(7)["@id"])]


def test_search_page_is_streamed_member_by_member(tmp_path, monkeypatch):
    # 64 characters per read: every member (~900 characters) spans many reads
    monkeypatch.setattr(uit, "CHUNK", 64)
    members = [json.dumps(event(n)) for n in (1, 2, 3)]
    path = tmp_path / "page.json"
    path.write_text(
        '{"@type": "PagedCollection", "totalItems": 3,\n'
        ' "member": [\n' + ",\n".join(members) + '\n], "itemsPerPage": 30}\n',
        encoding="utf-8",
    )
    records = list(read_records(path))
    # the members start on lines 3, 4 and 5
    assert [(r.line, r.item["@id"]) for r in records] == [
        (3, event(1)["@id"]),
        (4, event(2)["@id"]),
        (5, event(3)["@id"]),
    ]


def test_top_level_array(tmp_path):
    path = tmp_path / "events.json"
    path.write_text(json.dumps([event(1), event(2)], indent=1), encoding="utf-8")
    assert ids(read_records(path)) == ["00000001", "00000002"]


def test_ndjson_of_events_and_of_pages_also_gzipped(tmp_path):
    lines = [event(1), page([event(2), event(3)]), event(4)]
    plain = write_ndjson(tmp_path / "dump.ndjson", lines)
    packed = tmp_path / "dump.ndjson.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    for path in (plain, packed):
        records = list(read_records(path))
        assert ids(records) == ["00000001", "00000002", "00000003", "00000004"]
        assert [r.line for r in records] == [1, 2, 2, 3]


def test_bad_ndjson_lines_are_reported_and_the_rest_is_read(tmp_path):
    path = write_ndjson(tmp_path / "dump.jsonl", [event(1), "{niet json", "", "42", event(2)])
    records = list(read_records(path, name="dump.jsonl"))
    assert [(r.file, r.line, r.error) for r in records if r.error] == [
        ("dump.jsonl", 2, "geen geldige JSON: naam tussen aanhalingstekens verwacht (kolom 2)"),
        ("dump.jsonl", 4, "geen JSON-object (een activiteit is een object {…})"),
    ]
    assert ids(r for r in records if r.item) == ["00000001", "00000002"]


def test_truncated_page_keeps_what_was_read(tmp_path):
    text = json.dumps(page([event(1), event(2)]), indent=2)
    path = tmp_path / "afgebroken.json"
    path.write_text(text[: text.index('"Activiteit 2"')], encoding="utf-8")
    records = list(read_records(path))
    assert records[0].item["@id"] == event(1)["@id"]
    assert len(records) == 2
    assert records[1].error.endswith("de rest van het bestand is niet gelezen")
    assert records[1].error.startswith("geen geldige JSON")


def test_missing_file_is_one_error(tmp_path):
    (record,) = read_records(tmp_path / "er-niet.json")
    assert record.error.startswith("kan het bestand niet openen")


def _peak_reading(path) -> int:
    tracemalloc.start()
    try:
        n = sum(1 for _ in read_records(path))
        return n, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("shape", ["page", "ndjson"])
def test_memory_does_not_grow_with_the_number_of_events(tmp_path, monkeypatch, shape):
    # Reading 8 times as many events must not need (nearly) 8 times the memory: a reader that
    # loads the file would; a streaming one holds one member and one buffer of CHUNK characters.
    monkeypatch.setattr(uit, "CHUNK", 1 << 16)
    peaks = []
    for n in (500, 4000):
        members = [event(i) for i in range(n)]
        path = tmp_path / f"{shape}{n}.json"
        if shape == "page":
            path.write_text(json.dumps(page(members), indent=2), encoding="utf-8")
        else:
            write_ndjson(path, members)
        count, peak = _peak_reading(path)
        assert count == n
        peaks.append(peak)
        size = path.stat().st_size
    # the big file is several MB; the peak stays far below it and barely above the small one
    assert size > 3_000_000
    assert peaks[1] < size / 5
    assert peaks[1] < 1.5 * peaks[0]


def test_gzipped_pretty_page_is_streamed(tmp_path):
    path = tmp_path / "pagina.json.gz"
    path.write_bytes(gzip.compress(json.dumps(page([event(1), event(2)]), indent=2).encode()))
    assert ids(read_records(path)) == ["00000001", "00000002"]


def test_deeply_nested_json_is_refused_not_a_crash(tmp_path):
    deep = "[" * 100_000 + "]" * 100_000
    path = write_ndjson(tmp_path / "diep.ndjson", [deep, event(1)])
    records = list(read_records(path))
    assert [(r.line, r.error) for r in records if r.error] == [(1, "te diep geneste JSON")]
    assert ids(r for r in records if r.item) == ["00000001"]
    pretty = tmp_path / "diep.json"
    pretty.write_text('{"member": [\n' + deep + "\n]}", encoding="utf-8")
    (record,) = read_records(pretty)
    assert record.error == "te diep geneste JSON; de rest van het bestand is niet gelezen"
