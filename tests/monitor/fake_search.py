"""A fake Search API v3 (``http.server`` in a thread) that answers in the real format."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from tests.monitor.uitdata import event, page

#: Three events of Gent; the server hands out at most two per page, whatever limit is asked.
EVENTS = [event(1), event(2), event(3, calendar="multiple")]
SERVER_PAGE = 2


class FakeSearchApi(BaseHTTPRequestHandler):
    requests: list = []
    status = 200

    def do_GET(self):  # noqa: N802 (http.server's name)
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        type(self).requests.append((url.path, query, self.headers.get("x-client-id")))
        if self.status != 200:
            body = json.dumps({"title": "Forbidden", "status": self.status}).encode()
            self.send_response(self.status)
        else:
            start, limit = int(query.get("start", 0)), int(query.get("limit", 30))
            per_page = min(limit, SERVER_PAGE)
            members = EVENTS[start : start + per_page]
            body = json.dumps(page(members, total=len(EVENTS), per_page=per_page)).encode()
            self.send_response(200)
        self.send_header("Content-Type", "application/ld+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def serve():
    """Start a fake server; returns (base URL, handler class, stop function)."""
    FakeSearchApi.requests = []
    FakeSearchApi.status = 200
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeSearchApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def stop():
        server.shutdown()
        server.server_close()

    return f"http://127.0.0.1:{server.server_address[1]}", FakeSearchApi, stop
