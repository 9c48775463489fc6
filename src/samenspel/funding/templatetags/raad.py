"""``{% raadsdocument as doc %}``: the council document of the comparison on the page, for the
printable report (``funding/report.html``), built exactly as the PDF download builds it
(:func:`samenspel.funding.views_council.document_for`), so paper and PDF say the same.

``{% raad_pdf_url doc %}``: the link to that PDF, with the same query and the same proposal.
"""

from __future__ import annotations

from django import template
from django.urls import reverse

from samenspel.funding import views, views_council

register = template.Library()


@register.simple_tag(takes_context=True)
def raadsdocument(context):
    cmp = context.get("cmp")
    request = context.get("request")
    if cmp is None or request is None:
        return None
    options = {
        "title": context.get("title") or "",
        "on": context.get("on"),
        "form": context.get("form"),
        "budget": context.get("budget"),
    }
    try:
        return views_council.document_for(cmp, query=request.GET, **options)
    except ValueError:  # an unknown proposal: the first key, as without one
        query = request.GET.copy()
        query.pop(views_council.PROPOSAL, None)
        return views_council.document_for(cmp, query=query, **options)


@register.simple_tag(takes_context=True)
def raad_pdf_url(context, doc):
    request = context["request"]
    saved = context.get("saved")
    query = request.GET.copy()
    for key in (*views.NOT_STORED, views_council.PROPOSAL):
        query.pop(key, None)
    if doc is not None:
        query[views_council.PROPOSAL] = str(doc.proposed + 1)
    if saved is not None:
        url = reverse("funding_saved_council_pdf", kwargs={"pk": saved.pk})
        return f"{url}?{views_council.PROPOSAL}={doc.proposed + 1 if doc else 1}"
    return f"{reverse('funding_council_pdf')}?{query.urlencode()}"


@register.simple_tag(takes_context=True)
def hidden_query(context):
    """The page's query as (name, value) pairs, without the proposal (for the proposal form)."""
    request = context["request"]
    return [
        (name, value)
        for name, values in request.GET.lists()
        if name != views_council.PROPOSAL
        for value in values
    ]
