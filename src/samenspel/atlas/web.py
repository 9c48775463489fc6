"""View decorators that give a page the Atlas snapshot and the reference date."""

from __future__ import annotations

from datetime import date
from functools import wraps

from samenspel.atlas.services import Atlas, get_atlas
from samenspel.core.web import no_data, page, peildatum
from samenspel.partnerships.rules import clamp_to_period


def reference_date(request, atlas: Atlas) -> tuple[date, str | None]:
    """The reference date of the request, kept inside the period the data speaks about.

    A date outside it (1800, 3000) is not refused silently: the page says which period the data
    covers and which date it shows instead (see ``clamp_to_period`` in the rules)."""
    on, error = peildatum(request)
    on, outside = clamp_to_period(on)
    return on, outside or error


def atlas_view(view):
    """Give a view the Atlas data and the reference date, or show how to load data.

    The view is called as ``view(request, atlas, on, date_error, *args, **kwargs)``.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        atlas = get_atlas()
        if atlas is None:
            return no_data(request)
        on, error = reference_date(request, atlas)
        return view(request, atlas, on, error, *args, **kwargs)

    return wrapper


def table_view(template: str, build):
    """A page that shows one table built by ``build(atlas, on)``, with its downloads."""

    @atlas_view
    def view(request, atlas, on, error):
        return page(request, template, {"on": on, "date_error": error}, [build(atlas, on)])

    return view
