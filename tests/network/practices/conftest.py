"""Practices on the synthetic bundle (Cultuur Noord: Eeklo 43005, Evergem 44019, Aalter 44084,
Lochristi 44087, all Regio Gent; Cultuur Zuid: Gent 44021 (Regio Gent) and Merelbeke-Melle
44088 (Vlaamse Ardennen))."""

import pytest
from django.utils import timezone

from samenspel.network.practices import workflow
from samenspel.network.practices.models import Practice


@pytest.fixture
def make_practice(loaded):
    """``make_practice(author, status=..., **fields)``: a practice saved with its search text
    (as the service writes it), published now when its status says so."""
    from samenspel.atlas.services import get_atlas
    from samenspel.network.practices import services

    def make(author=None, status=workflow.PUBLISHED, **kw):
        fields = {
            "title": "Een gedeelde zomeraffiche",
            "kind": "goed",
            "themes": ",netwerk,",
            "igs": ",noord,",
            "municipalities": "",
            "scale": "igs",
            "year": 2024,
            "summary": "De vier gemeenten maakten samen één affiche.",
            "what_worked": "Eén drukker, één deadline.",
        }
        fields.update(kw)
        p = Practice(**fields)
        p.author = author
        p.search_text = p.build_search_text(services.context_text(p, get_atlas()))
        p.status = status
        if status == workflow.PUBLISHED:
            p.published_at = timezone.now()
        p.save()
        return p

    return make
