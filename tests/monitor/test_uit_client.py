"""The Search API client against a local fake server that answers in the real format."""

import pytest

from samenspel.monitor.uit_client import SearchClient, UitApiError, download
from samenspel.monitor.uit_counts import count_files
from tests.monitor.fake_search import EVENTS


def test_pages_until_total_items_with_the_client_id(api):
    url, handler = api
    client = SearchClient("mijn-id", base_url=url, page_size=5)
    params = client.params(region="44021")
    got = [m["@id"] for m in client.events(params)]
    assert got == [e["@id"] for e in EVENTS]
    # asked 5, got 2 (itemsPerPage 2): the second page starts at 2, and after 3 of 3 it stops
    assert [(q["start"], q["limit"]) for _, q, _ in handler.requests] == [("0", "5"), ("2", "5")]
    path, query, client_id = handler.requests[0]
    assert (path, client_id) == ("/events/", "mijn-id")
    assert query["regions"] == "nis-44021"
    assert query["embed"] == "true"
    assert query["disableDefaultFilters"] == "true"


def test_download_writes_ndjson_that_imports(api, tmp_path, placer):
    url, _ = api
    client = SearchClient("mijn-id", base_url=url, page_size=2)
    target = tmp_path / "gent.ndjson"
    assert download(client, client.params(region="nis-44021"), target) == 3
    assert len(target.read_text().splitlines()) == 3
    result = count_files([target], placer, years=[2025]).as_dict()
    # three events in 9000 Gent, each on 14/03/2025
    assert [(b["refnis"], b["activiteiten"], b["speeldagen"]) for b in result["per_gemeente"]] == [
        ("44021", 3, 3)
    ]


def test_max_items_stops_early(api):
    url, handler = api
    client = SearchClient("mijn-id", base_url=url, page_size=2)
    assert len(list(client.events(client.params(), max_items=1))) == 1
    assert [q["limit"] for _, q, _ in handler.requests] == ["1"]


def test_http_error_is_a_dutch_message(api, tmp_path):
    url, handler = api
    handler.status = 403
    client = SearchClient("fout-id", base_url=url)
    with pytest.raises(UitApiError, match="de Search API antwoordde 403"):
        download(client, client.params(region="44021"), tmp_path / "x.ndjson")
    assert not (tmp_path / "x.ndjson").exists()
    assert not (tmp_path / "x.ndjson.deel").exists()


def test_unreachable_server_and_missing_client_id():
    with pytest.raises(UitApiError, match="geen client-id"):
        SearchClient("")
    client = SearchClient("id", base_url="http://127.0.0.1:9", timeout=2)
    with pytest.raises(UitApiError, match="niet bereikbaar"):
        client.get_page({}, 0, 1)
