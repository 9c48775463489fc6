from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from samenspel.atlas.web import atlas_view
from samenspel.core.web import page
from samenspel.funding import services, tasks
from samenspel.funding.analysis import compare
from samenspel.funding.forms import ComparisonForm
from samenspel.funding.games import WEB_LIMITS
from samenspel.funding.models import SavedComparison
from samenspel.funding.report import chart, comparison_table
from samenspel.partnerships.rules import rule_set

#: The most one Verdeelsleutel page computes, all computations together (seconds).
REQUEST_SECONDS = 6.0


@atlas_view
def comparison(request, atlas, on, error):
    form = ComparisonForm(request.GET or None)
    context = {"on": on, "date_error": error, "form": form, "atlas": atlas}
    if not request.GET:
        return render(request, "funding/comparison.html", context)
    if not form.is_valid():
        return render(request, "funding/comparison.html", context, status=400)
    d = form.cleaned_data
    contiguous = bool(d.get("aaneengesloten"))
    rules = rule_set("2027", contiguous=contiguous)
    try:
        igs = services.find_igs(atlas, d["igs"]) if d["igs"] else None
        codes = [c.strip() for c in (d["gemeenten"] or "").split(",") if c.strip()]
        partly = []
        if igs and not codes:
            codes = services.igs_members(atlas, igs, on)
            partly = services.igs_partly_members(atlas, igs, on)
        codes += [c.strip() for c in (d["extra"] or "").split(",") if c.strip()]
        codes = list(dict.fromkeys(codes))
        places = services.places(atlas, codes, on)
        inputs = {
            "places": places,
            "adjacency": services.adjacency(atlas, codes),
            "specs": form.specs(),
            "amount": d["bedrag"],
            "model": form.model(),
            "flanders": [services.place(atlas, c, on) for c in atlas.municipalities],
            "rules": rules,
        }
        title = services.group_title(atlas, igs, codes, on)
        if len(places) > tasks.threshold():
            # A large group: the worker computes it (samenspel.funding.tasks); until it is done
            # the page shows the progress and reloads itself.
            cmp, waiting = tasks.compare_in_background(
                request, inputs, title=f"Verdeelsleutel voor {title}", context=context
            )
            if waiting is not None:
                return waiting
        else:
            # One deadline for every computation of this request (Shapley, nucleolus, a win-win
            # test per key): a page never computes longer than this.
            cmp = compare(**inputs, limits=WEB_LIMITS.within(REQUEST_SECONDS))
    except ValueError as exc:
        form.add_error(None, str(exc))
        return render(request, "funding/comparison.html", context, status=400)
    today = services.today(atlas, codes, on, "2027", contiguous)
    today_total = sum((t.subsidy for t in today), Decimal(0))
    table = comparison_table(cmp)
    context.update(
        {
            "cmp": cmp,
            "igs": atlas.partnerships[igs] if igs else None,
            "title": title,
            "rules": rules,
            "today": today,
            "today_total": today_total,
            "difference": cmp.verdict.subsidy_eur - today_total,
            "partly": [atlas.municipalities[c].name for c in partly],
            "chart": chart(cmp),
            "query": request.GET.urlencode(),
            "saved": getattr(request, "saved_comparison", None),
        }
    )
    template = "funding/report.html" if request.GET.get("afdruk") else "funding/comparison.html"
    return page(request, template, context, [table])


@require_POST
@login_required
def save(request):
    name = request.POST.get("naam", "").strip()
    query = request.POST.get("query", "")
    if not name or not query:
        raise Http404("Naam en instellingen zijn nodig")
    saved = SavedComparison.objects.create(name=name[:200], query=query, created_by=request.user)
    return redirect("funding_saved", pk=saved.pk)


def saved(request, pk):
    obj = get_object_or_404(SavedComparison, pk=pk)
    query = QueryDict(obj.query, mutable=True)
    for extra in ("formaat", "tabel", "afdruk"):  # downloads and print view of a saved one
        if extra in request.GET:
            query[extra] = request.GET[extra]
    request.GET = query
    request.saved_comparison = obj
    return comparison(request)
