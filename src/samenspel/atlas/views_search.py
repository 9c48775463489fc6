"""``/zoek/?q=…``: suggestions for the search boxes (municipalities and IGS by name).

Answers JSON ``{"gemeenten": [{"naam", "refnis", "centrumstad"}], "igs": [{"naam", "slug"}]}``
with at most 20 results together; ``soort=gemeente`` or ``soort=igs`` keeps one kind. A query
longer than 100 characters is cut (see :mod:`samenspel.atlas.names`).
"""

from __future__ import annotations

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from samenspel.atlas.names import MAX_QUERY, suggest
from samenspel.atlas.services import get_atlas


@require_GET
def search(request):
    query = request.GET.get("q", "")[:MAX_QUERY]
    kind = request.GET.get("soort", "")
    if kind not in ("", "gemeente", "igs"):
        return JsonResponse(
            {"fout": f"Onbekende soort “{kind[:40]}”: kies gemeente of igs."}, status=400
        )
    atlas = get_atlas()
    if atlas is None:
        return JsonResponse({"gemeenten": [], "igs": []})
    response = JsonResponse(suggest(atlas, query, kind))
    response["Cache-Control"] = "max-age=300"
    return response
