"""One log line per request on standard output: method, path, status, duration.

No personal data: no client address, no user name, no query string (it may hold a name typed
in a form), no cookies. Example::

    2026-12-02 07:01:02,345 INFO samenspel.requests GET /igs/viertoren/ 200 41,2 ms
"""

from __future__ import annotations

import logging
import time

logger = logging.getLogger("samenspel.requests")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        start = time.perf_counter()
        status = 500
        try:
            response = self.get_response(request)
            status = response.status_code
            return response
        finally:
            ms = (time.perf_counter() - start) * 1000
            logger.info(
                "%s %s %s %s ms",
                request.method,
                request.path,
                status,
                f"{ms:.1f}".replace(".", ","),
            )
