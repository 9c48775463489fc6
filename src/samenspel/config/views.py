"""Views of the server itself: the health endpoint and the favicon."""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import connection
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@never_cache
@require_safe
def health(request):
    """``/gezondheid/``: 200 when the database answers, 503 when not; which data load is active.

    Made for a load balancer or a monitoring probe: JSON, no login, no personal data.
    """
    from samenspel.core.models import DataLoad

    body = {"status": "ok", "database": "ok", "gegevens": None}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        load = DataLoad.objects.values("id", "source", "loaded_at", "version").first()
    except Exception as exc:  # any database error means: not healthy
        body.update(status="fout", database=f"antwoordt niet ({type(exc).__name__})")
        return JsonResponse(body, status=503)
    if load is None:
        body["gegevens"] = {"geladen": False, "uitleg": "nog geen gegevensbundel geladen"}
    else:
        body["gegevens"] = {
            "geladen": True,
            "lading": load["id"],
            "bundel": load["source"].rstrip("/").rsplit("/", 1)[-1],
            "geladen_op": load["loaded_at"].isoformat(timespec="seconds"),
            "versie": load["version"],
        }
    body["modus"] = settings.SAMENSPEL_MODE
    return JsonResponse(body)


@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico on every page that names no icon (e.g. the admin)."""
    return HttpResponsePermanentRedirect(staticfiles_storage.url("samenspel/favicon.svg"))
