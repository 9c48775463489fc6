"""Small helpers shared by the views: reference date, downloads, the no-data page.

The decorators that hand a view the Atlas live in :mod:`samenspel.atlas.web`."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpResponse
from django.shortcuts import render

from samenspel.core.tables import Table

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def peildatum(request) -> tuple[date, str | None]:
    """The reference date from ``?peildatum=``, or today; with a Dutch error if unreadable."""
    raw = request.GET.get("peildatum", "").strip()
    if not raw:
        return date.today(), None
    try:
        return date.fromisoformat(raw), None
    except ValueError:
        return date.today(), f"'{raw}' is geen geldige datum; de kaart toont vandaag."


def download(table: Table, fmt: str) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404("Onbekend formaat")
    body = table.to_csv() if fmt == "csv" else table.to_xlsx()
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{table.name}.{fmt}"'
    return response


def page(request, template: str, context: dict, tables: list[Table]):
    """Render a page, or one of its tables as CSV/XLSX when ``?formaat=`` asks for it."""
    fmt = request.GET.get("formaat")
    if fmt:
        wanted = request.GET.get("tabel", tables[0].name if tables else "")
        for t in tables:
            if t.name == wanted:
                return download(t, fmt)
        raise Http404("Onbekende tabel")
    return render(request, template, {**context, "tables": {t.name: t for t in tables}})


def no_data(request):
    return render(request, "core/geen_gegevens.html", status=200)


def declared_length(request) -> int:
    """The size in bytes the request says its body has (``Content-Length``), 0 when it is
    missing or not a number: for refusing a too large upload before its body is read."""
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0
