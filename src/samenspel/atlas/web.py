"""View decorators that give a page the Atlas snapshot and the reference date."""

from __future__ import annotations

from functools import wraps

from samenspel.atlas.services import get_atlas
from samenspel.core.web import no_data, page, peildatum


def atlas_view(view):
    """Give a view the Atlas data and the reference date, or show how to load data.

    The view is called as ``view(request, atlas, on, date_error, *args, **kwargs)``.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        atlas = get_atlas()
        if atlas is None:
            return no_data(request)
        on, error = peildatum(request)
        return view(request, atlas, on, error, *args, **kwargs)

    return wrapper


def table_view(template: str, build):
    """A page that shows one table built by ``build(atlas, on)``, with its downloads."""

    @atlas_view
    def view(request, atlas, on, error):
        return page(request, template, {"on": on, "date_error": error}, [build(atlas, on)])

    return view
