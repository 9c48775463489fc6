"""Request middleware: one log line per request, and a full job queue answered with a 503.

One log line per request on standard output: method, path, status, duration.

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


class QueueFullMiddleware:
    """A :class:`~samenspel.jobs.services.QueueFull` raised by any view becomes a Dutch 503 page
    with ``Retry-After``, so every page that queues work shares one answer to a full queue."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from samenspel.jobs.services import QueueFull

        if not isinstance(exception, QueueFull):
            return None
        from django.shortcuts import render

        response = render(
            request,
            "jobs/wachtrij_vol.html",
            {"message": str(exception), "seconds": exception.retry_after},
            status=503,
        )
        response["Retry-After"] = str(exception.retry_after)
        return response
