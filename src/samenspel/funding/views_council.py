"""The council document as a PDF download (web layer).

* ``verdeelsleutel/raad.pdf?<the page's query>&voorstel=<key>``: the comparison the Verdeelsleutel
  page shows for the same query (computed by the page's own ``_group`` and ``_run``, so a result
  the page just computed is reused), with the chosen key proposed (default: the first key).
* ``verdeelsleutel/v/<uuid>/raad.pdf?voorstel=<key>``: a saved comparison, from its SNAPSHOT:
  its numbers stay those of the day it was saved, whatever the data does afterwards.

The document itself is :mod:`samenspel.funding.council` (pure); the printable page
``funding/report.html`` shows the same document (template tag ``raadsdocument``).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from samenspel.atlas.loading import INDICATORS
from samenspel.atlas.services import get_atlas
from samenspel.atlas.web import atlas_view
from samenspel.core.web import no_data
from samenspel.funding import council, views
from samenspel.funding.forms import ComparisonForm
from samenspel.funding.models import SavedComparison
from samenspel.partnerships.rules import clamp_to_period, rule_set

#: The query parameter that names the proposed key (a key name such as ``inwoners``, or its
#: number: 1 is the first key).
PROPOSAL = "voorstel"


def sources() -> dict[str, str]:
    """Where the figures of the keys come from (the indicators of the data bundle)."""
    return {
        "population": INDICATORS["population"][2],
        "income": INDICATORS["income_per_capita_eur"][2],
    }


def version_text(version, changed_at) -> str:
    """``3 (gegevens van 02/12/2026)``, or ``onbekend``."""
    if version is None:
        return "onbekend"
    text = str(version)
    if changed_at is not None:
        text += f" (gegevens van {timezone.localtime(changed_at):%d/%m/%Y})"
    return text


def current_version() -> str:
    load = views._data_load()
    return version_text(load.get("version"), load.get("changed_at"))


def today_contributions(form: ComparisonForm) -> dict | None:
    """What each partner (REFNIS) pays today, when the page's query holds it (``bijdrage_<REFNIS>``,
    read by the page's ``_group`` into the form's ``contributions``); else None."""
    data = getattr(form, "cleaned_data", {}) or {}
    value = data.get("contributions")
    return value if isinstance(value, dict) and value else None


def budget_notes(budget: dict | None) -> list[str]:
    """What the page says about today's budget (``views.budget_view``), as sentences."""
    if not budget or budget.get("cofinancing") is None:
        return []
    out = []
    if budget.get("yearly") is not None:
        out.append(f"Jaarbudget van het IGS vandaag: {council.eur(budget['yearly'])}.")
    cof = budget["cofinancing"]
    text = cof.text.rstrip()
    out.append(f"Cofinanciering: {text}" + ("" if text.endswith((".", "!", "?")) else "."))
    return out


def document_for(
    cmp, *, title: str, on: date, query, form=None, budget: dict | None = None
) -> council.CouncilDocument:
    """The council document of a computed comparison (raises a Dutch ValueError for an unknown
    proposal). ``budget``: the page's ``budget_view`` (today's contributions and cofinancing)."""
    today = today_contributions(form) if form is not None else None
    return council.from_comparison(
        cmp,
        title=title,
        on=on,
        data_version=current_version(),
        made_on=timezone.localdate(),
        proposal=query.get(PROPOSAL),
        today=today,
        today_source="zoals ingegeven bij “Het budget zoals het is”" if today else "",
        sources=sources(),
        notes=budget_notes(budget),
    )


def _filename(title: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "vergelijking"
    return f"verdeelsleutel-{slug}-raad.pdf"


def _pdf(doc: council.CouncilDocument, request) -> HttpResponse:
    try:
        body = council.render_pdf(doc)
    except council.FontMissing as exc:
        return HttpResponse(str(exc), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(doc.title)}"'
    return response


def _bad(request, context: dict, form, message: str):
    form.add_error(None, message)
    return render(request, "funding/comparison.html", context, status=400)


@atlas_view
def council_pdf(request, atlas, on, error):
    """The council PDF of the comparison the page shows for the same query."""
    query = request.GET.copy()
    proposal = query.pop(PROPOSAL, [""])[-1]
    form = ComparisonForm(query, atlas=atlas)  # bound, also when empty: it then says what to do
    context = {"on": on, "date_error": error, "form": form, "atlas": atlas}
    if not form.is_valid():
        return render(request, "funding/comparison.html", context, status=400)
    request.GET = query  # the page's question: same cache entry and job as the page
    try:
        group = views._group(atlas, form, on)
        if not group.budget_form.is_valid():
            problems = [e for es in group.budget_form.errors.values() for e in es]
            raise ValueError("De bijdragen van vandaag zijn niet geldig. " + " ".join(problems))
        cmp, waiting = views._run(request, group, context)
        if waiting is not None:
            return waiting
        budget = views.budget_view(group, cmp, form.cleaned_data.get("jaarbudget"))
        if budget["verdict"] is not None:  # as the page: the verdict with the cofinancing known
            cmp = replace(cmp, verdict=budget["verdict"])
        query = query.copy()
        query[PROPOSAL] = proposal
        doc = document_for(cmp, title=group.title, on=on, query=query, form=form, budget=budget)
    except ValueError as exc:
        return _bad(request, context, form, str(exc))
    return _pdf(doc, request)


def _saved_settings(obj: SavedComparison):
    """The saved settings: the keys in order, the cost model and the rules, read again with the
    page's form (without the Atlas: saved settings hold slugs and REFNIS codes)."""
    form = ComparisonForm(QueryDict(obj.query), atlas=None)
    if not form.is_valid():
        return None
    return form


def saved_council_pdf(request, pk):
    """The council PDF of a saved comparison: the numbers of its snapshot, frozen."""
    obj = get_object_or_404(SavedComparison, pk=pk)
    if not obj.snapshot:  # saved before snapshots existed: the comparison on today's data
        if get_atlas() is None:
            return no_data(request)
        query = QueryDict(obj.query, mutable=True)
        if request.GET.get(PROPOSAL):
            query[PROPOSAL] = request.GET[PROPOSAL]
        request.GET = query
        return council_pdf(request)
    form = _saved_settings(obj)
    stored = QueryDict(obj.query)
    keys = form.cleaned_data["keys"] if form is not None else []
    try:
        wanted = request.GET.get(PROPOSAL) or stored.get(PROPOSAL)  # saved with a proposal
        proposed = council.proposed_index(keys, wanted) if keys else 0
    except ValueError as exc:
        return HttpResponse(str(exc), status=400, content_type="text/plain; charset=utf-8")
    try:
        on = date.fromisoformat(stored.get("peildatum", ""))
    except ValueError:
        on = timezone.localtime(obj.created_at).date()
    on, _ = clamp_to_period(on)
    assumptions = []
    if form is not None:
        rules = rule_set("2027", contiguous=bool(form.cleaned_data.get("aaneengesloten")))
        assumptions.append(
            council.Assumption(
                f"Regels {rules.label}. {rules.reading()}".strip(), rules.subsidy.source
            )
        )
        assumptions += council.key_assumptions(keys, sources())
        assumptions.append(council.cost_model_assumption(form.model()))
    today = obj.snapshot.get("today") or {}
    if today.get("verdict"):
        assumptions.append(council.Assumption(f"Cofinanciering: {today['verdict']}"))
    saved_on = timezone.localtime(obj.created_at)
    note = (
        f"Bewaarde vergelijking “{obj.name}”, bewaard op {saved_on:%d/%m/%Y}: de bedragen zijn "
        "die van toen en veranderen niet als de gegevens later wijzigen."
    )
    doc = council.from_snapshot(
        obj.snapshot,
        proposed=proposed,
        on=on,
        data_version=version_text(obj.data_version, obj.data_changed_at),
        made_on=timezone.localdate(),
        assumptions=assumptions,
        notes=[note],
    )
    return _pdf(doc, request)
