"""Request middleware: one log line per request, a body size limit, and a full job queue (503).

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


class RequestSizeMiddleware:
    """A request body larger than ``settings.SAMENSPEL_MAX_REQUEST_BYTES`` (by its
    ``Content-Length``) is refused with a Dutch 413 before anything reads it: Django streams file
    uploads to disk, so without this a visitor could make the server store any amount before a
    view's own, smaller limit is checked. Pages with a lower limit still check their own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        limit = settings.SAMENSPEL_MAX_REQUEST_BYTES
        try:
            size = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            size = -1
        if size < 0 or size > limit:
            from django.shortcuts import render

            from samenspel.core.numbers import format_number

            mb = format_number(limit // 2**20)
            if size < 0:
                message, status = "De lengte van wat je verstuurt is onleesbaar.", 400
            else:
                message = f"Wat je verstuurt is groter dan {mb} MB; dat neemt Samenspel niet aan."
                status = 413
            return render(request, "413.html", {"message": message}, status=status)
        return self.get_response(request)


class MethodNotAllowedMiddleware:
    """A request with a method a page does not take (a PUT, or a GET on a button's address) gets
    Django's 405 with an empty body; this gives it a Dutch page that says what to do, keeping
    the status and the ``Allow`` header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or getattr(response, "streaming", False):
            return response
        if response.content:
            return response
        from django.shortcuts import render

        page = render(request, "405.html", {"method": request.method[:10]}, status=405)
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page


class NulByteMiddleware:
    """A NUL character in the address or a query parameter is refused with the Dutch 400 page
    before any view reads it. PostgreSQL cannot hold NUL in text, so such a value used in a
    query raised an error there (a 500 on /monitor/invoer/?indicator=…%00), while SQLite
    silently found nothing. Forms refuse NUL in what is posted (Django's own validator)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = "het adres" if "\x00" in request.path else None
        for key, values in request.GET.lists():
            if where is None and ("\x00" in key or any("\x00" in v for v in values)):
                where = f"het veld '{key.replace(chr(0), '')[:40]}'"
        if where is None:
            return self.get_response(request)
        from django.shortcuts import render

        message = (
            f"Wat in {where} staat, bevat een nul-teken (een onzichtbaar besturingsteken); dat "
            "kan Samenspel niet lezen. Er is niets veranderd."
        )
        return render(request, "400.html", {"message": message}, status=400)
