from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from samenspel.accounts.permissions import is_support
from samenspel.accounts.services import history_entries
from samenspel.atlas.services import get_atlas
from samenspel.atlas.web import atlas_view, reference_date
from samenspel.core.models import DataLoad
from samenspel.core.numbers import format_number, to_cents
from samenspel.core.tables import Column, Table
from samenspel.core.web import no_data, page
from samenspel.funding import budget as _budget
from samenspel.funding import chart as _chart
from samenspel.funding import services, tasks
from samenspel.funding.analysis import check_group, compare
from samenspel.funding.council import key_number
from samenspel.funding.forms import (
    CONTRIBUTION_PREFIX,
    ComparisonForm,
    ContributionsForm,
    contribution_field,
)
from samenspel.funding.games import WEB_LIMITS
from samenspel.funding.models import SavedComparison
from samenspel.funding.report import band_view, comparison_table
from samenspel.jobs.services import data_version, job_key
from samenspel.partnerships.rules import rule_set

#: The most one Verdeelsleutel page computes, all computations together (seconds).
REQUEST_SECONDS = 6.0


@dataclass
class Group:
    """The partners the form asks for, and the inputs of :func:`compare` for them."""

    igs: str | None
    codes: list[str]
    partly: list[str]  # partly covered municipalities of the IGS, left out (PARTLY_RULE)
    title: str
    inputs: dict
    members: dict  # REFNIS -> name of every partner, in the order of ``codes``
    budget_form: ContributionsForm  # what each partner pays today (bound to the query)

    @property
    def contributions(self) -> dict[str, Decimal] | None:
        return self.budget_form.contributions


def _group(atlas, form: ComparisonForm, on) -> Group:
    """What a valid form asks to compute; a Dutch ValueError for an unknown IGS or code."""
    d = form.cleaned_data
    igs = services.find_igs(atlas, d["igs"]) if d["igs"] else None
    codes = [c.strip() for c in (d["gemeenten"] or "").split(",") if c.strip()]
    partly = []
    if igs and not codes:
        codes = services.igs_members(atlas, igs, on)
        partly = services.igs_partly_members(atlas, igs, on)
    codes += [c.strip() for c in (d["extra"] or "").split(",") if c.strip()]
    codes = list(dict.fromkeys(codes))
    places = services.places(atlas, codes, on)
    check_group(places)  # before a large group is queued for the worker
    members = {p.refnis: p.name for p in places}
    budget_form = ContributionsForm(form.data, members)
    amount = d["bedrag"]
    contributions = budget_form.contributions
    d["contributions"] = contributions  # for the council document (views_council)
    if amount is None and contributions and sum(contributions.values()) > 0:
        amount = sum(contributions.values(), Decimal(0))  # the keys split today's total
    inputs = {
        "places": places,
        "adjacency": services.adjacency(atlas, codes),
        "specs": form.specs(),
        "amount": amount,
        "model": form.model(),
        "flanders": [services.place(atlas, c, on) for c in atlas.municipalities],
        "rules": rule_set("2027", contiguous=bool(d.get("aaneengesloten"))),
        "with_bands": bool(d.get("band")),
    }
    title = services.group_title(atlas, igs, codes, on)
    return Group(igs, codes, partly, title, inputs, members, budget_form)


#: The most recent page results kept per process: the same question (query, reference date and
#: data version) is answered again without computing; a result cut short by the time limit is
#: not kept, so a busy moment never decides what later visitors see.
RECENT_RESULTS = 32
_recent: OrderedDict[str, object] = OrderedDict()
_recent_lock = threading.Lock()


def _cut_short(cmp) -> bool:
    """Did the time limit stop any computation of this comparison (its notes say so)?"""
    notes = list(cmp.computed)
    for r in cmp.results:
        notes += r.explanation.overall
    return any("tijdsgrens" in note for note in notes)


def _run(request, group: Group, context: dict):
    """``(comparison, None)``, or ``(None, waiting page)`` while the worker computes a large
    group (samenspel.funding.tasks; the page shows the progress and reloads itself)."""
    if len(group.inputs["places"]) > tasks.threshold():
        return tasks.compare_in_background(
            request, group.inputs, title=f"Verdeelsleutel voor {group.title}", context=context
        )
    load = context["atlas"].load
    question = {
        "query": tasks.identity(request.GET),
        "on": str(context["on"]),
        "limits": [WEB_LIMITS.max_exact_players, WEB_LIMITS.max_seconds, WEB_LIMITS.max_samples],
    }
    # The data version, and when that load was made (a new load may reuse an id).
    key = job_key("verdeelsleutel-pagina", question, f"{data_version()}@{load.loaded_at}")
    with _recent_lock:
        if key in _recent:
            _recent.move_to_end(key)
            return _recent[key], None
    # One deadline for every computation of this request (Shapley, nucleolus, a win-win test
    # per key): a page never computes longer than this.
    cmp = compare(**group.inputs, limits=WEB_LIMITS.within(REQUEST_SECONDS))
    if not _cut_short(cmp):
        with _recent_lock:
            _recent[key] = cmp
            while len(_recent) > RECENT_RESULTS:
                _recent.popitem(last=False)
    return cmp, None


@atlas_view
def comparison(request, atlas, on, error):
    return _comparison_page(request, atlas, on, error)


def _comparison_page(request, atlas, on, error, upload_errors=None):
    """The Verdeelsleutel page for ``request.GET``; ``upload_errors``: the problems of a file
    of contributions that was refused (the page is then a 400)."""
    asked = any(k != "peildatum" for k in request.GET)  # only a date: the empty form
    form = ComparisonForm(request.GET if asked else None, atlas=atlas)
    context = {
        "on": on,
        "date_error": error,
        "form": form,
        "atlas": atlas,
        "upload_errors": upload_errors or [],
        "max_upload": format_number(_budget.MAX_UPLOAD_BYTES / 1e6),
    }
    if not asked:
        return render(request, "funding/comparison.html", context)
    if not form.is_valid():
        return render(request, "funding/comparison.html", context, status=400)
    try:
        group = _group(atlas, form, on)
        cmp, waiting = _run(request, group, context)
        if waiting is not None:
            return waiting
    except ValueError as exc:
        form.add_error(None, str(exc))
        return render(request, "funding/comparison.html", context, status=400)
    igs, codes, partly, title, rules = (
        group.igs,
        group.codes,
        group.partly,
        group.title,
        group.inputs["rules"],
    )
    contiguous = rules.requires_contiguity
    budget = budget_view(group, cmp, form.cleaned_data.get("jaarbudget"))
    if budget["verdict"] is not None:
        cmp = replace(cmp, verdict=budget["verdict"])  # a copy: ``cmp`` may be a cached result
    today = services.today(atlas, codes, on, "2027", contiguous)
    today_total = sum((t.subsidy for t in today), Decimal(0))
    table = comparison_table(cmp)
    context.update(
        {
            "cmp": cmp,
            "budget": budget,
            "budget_form": group.budget_form,
            "template_table": template_table(group),
            "igs": atlas.partnerships[igs] if igs else None,
            "title": title,
            "rules": rules,
            "today": today,
            "today_total": today_total,
            "difference": cmp.verdict.subsidy_eur - today_total,
            "partly": [atlas.municipalities[c].name for c in partly],
            "chart": _chart.bar_chart(
                [(p.refnis, p.name) for p in cmp.partners],
                _chart.series_of(cmp, group.contributions),
            ),
            "bands": band_view(cmp),  # each key in its fixed colour
            "query": request.GET.urlencode(),
            "page_query": _without_contributions(request.GET).urlencode(),
            "page_items": [
                (k, vs)
                for k, vs in _without_contributions(request.GET).lists()
                if k not in NOT_STORED
            ],
            "saved": getattr(request, "saved_comparison", None),
        }
    )
    status = 400 if upload_errors or group.budget_form.errors else 200
    template = "funding/report.html" if request.GET.get("afdruk") else "funding/comparison.html"
    response = page(request, template, context, [table, context["template_table"]])
    if not request.GET.get("formaat"):
        response.status_code = status
    return response


def _without_contributions(query: QueryDict) -> QueryDict:
    out = query.copy()
    for key in list(out):
        if key.startswith(CONTRIBUTION_PREFIX):
            out.pop(key)
    return out


# --- The budget as it is --------------------------------------------------------------------


def budget_view(group: Group, cmp, yearly_budget: Decimal | None) -> dict:
    """What the page shows about today's budget: the contributions, the cofinancing verdict
    (and with it the verdict on the group), the budget split into its sources, and every key as
    the change against today. ``verdict`` is ``None`` when nothing about today is known."""
    contributions = group.contributions
    rules = group.inputs["rules"]
    population = sum(p.population for p in group.inputs["places"])
    out = {
        "contributions": contributions,
        "yearly": yearly_budget,
        "verdict": None,
        "cofinancing": None,
        "changes": [],
        "municipal_from_budget": False,
    }
    if group.budget_form.errors:
        return out  # the form shows what is wrong; no verdict on half of the figures
    municipal = None
    if contributions is not None:
        municipal = sum(contributions.values(), Decimal(0))
    elif yearly_budget is not None:
        # Without contributions per partner: the part of the budget that Flanders does not pay
        # counts as the municipalities' (an assumption the page states: no other income).
        subsidy = rules.subsidy.amount(population)
        municipal = max(yearly_budget - subsidy, Decimal(0))
        out["municipal_from_budget"] = True
    if municipal is None:
        return out
    out["cofinancing"] = _budget.cofinancing_verdict(rules, population, municipal)
    out["verdict"] = _budget.group_verdict(
        group.inputs["places"], group.inputs["adjacency"], rules, municipal
    )
    if yearly_budget is not None:
        subsidy = out["cofinancing"].subsidy
        rest = yearly_budget - subsidy - municipal
        out["split"] = {"subsidy": subsidy, "municipal": municipal, "rest": rest}
    if contributions is not None:
        names = {p.refnis: p.name for p in cmp.partners}
        out["changes"] = [
            _budget.changes(code, label, amounts, contributions, names)
            for code, label, amounts in _chart.series_of(cmp)
        ]
        out["columns"] = [
            {"changes": c, "colour": _chart.colour_of(c.code)} for c in out["changes"]
        ]
        out["total_today"] = municipal
        out["rows"] = [
            {
                "name": row.name,
                "today": row.today,
                "cells": [{"row": c.rows[i], "label": c.label} for c in out["changes"]],
            }
            for i, row in enumerate(out["changes"][0].rows)
        ]
    return out


def template_table(group: Group) -> Table:
    """The file to fill in: the group's partners, with today's contributions when known."""
    today = group.contributions or {}
    return Table(
        "bijdragen",
        "Bijdrage per gemeente vandaag",
        [
            Column("refnis", "REFNIS"),
            Column("name", "gemeente"),
            Column("amount", "bijdrage", "eur"),
        ],
        [
            {"refnis": code, "name": name, "amount": today.get(code)}
            for code, name in group.members.items()
        ],
    )


@require_POST
def upload(request):
    """Today's contributions from an XLSX or CSV file: all rows valid, or nothing applied.

    Nothing is stored: the contributions go into the page's query (``bijdrage_<REFNIS>``), so
    the page, a saved comparison and a shared link carry them like every other setting."""
    atlas = get_atlas()
    if atlas is None:
        return no_data(request)
    query = stored_query(request.POST.get("query", "")[:MAX_QUERY])
    request.GET = query
    on, error = reference_date(request, atlas)
    form = ComparisonForm(query, atlas=atlas)
    upload_file = request.FILES.get("bestand")
    if not form.is_valid():
        return _comparison_page(request, atlas, on, error)
    try:
        group = _group(atlas, form, on)
    except ValueError:
        return _comparison_page(request, atlas, on, error)
    if upload_file is None:
        problems = ["Kies een bestand (.xlsx of .csv) met de bijdragen."]
    elif upload_file.size > _budget.MAX_UPLOAD_BYTES:
        size = format_number(upload_file.size / 1e6, 1)
        limit = format_number(_budget.MAX_UPLOAD_BYTES / 1e6)
        problems = [f"{upload_file.name[:100]} is te groot ({size} MB); hoogstens {limit} MB."]
    else:
        everyone = {code: m.name for code, m in atlas.municipalities.items()}
        try:
            found = _budget.read_contributions(
                upload_file.name,
                upload_file.read(_budget.MAX_UPLOAD_BYTES + 1),
                group.members,
                everyone,
            )
        except _budget.ContributionError as exc:
            problems = exc.problems
        else:
            query = _without_contributions(query)
            for code, amount in found.items():
                query[contribution_field(code)] = format_number(amount, 2)
            url = reverse("funding_comparison") + "?" + query.urlencode() + "#vandaag"
            return redirect(url)
    return _comparison_page(request, atlas, on, error, upload_errors=problems)


# --- Saved comparisons ("Mijn vergelijkingen") ---------------------------------------------

#: Query parameters that show a result differently (download, print) or retry a job: never stored,
#: so a shared link always opens as a page.
NOT_STORED = tasks.PRESENTATION
NAME_MAX = 200
#: The longest settings (a page's query) that are read from a form or stored.
MAX_QUERY = 20_000


class NameForm(forms.Form):
    naam = forms.CharField(
        label="Naam",
        max_length=NAME_MAX,
        strip=True,
        error_messages={
            "required": "Geef de vergelijking een naam (alleen spaties telt niet).",
            "max_length": "De naam is te lang: ten hoogste %(limit_value)d tekens, "
            "deze telt er %(show_value)d.",
        },
    )


def stored_query(text: str) -> QueryDict:
    """The settings of a comparison as they are stored: without the presentation parameters."""
    query = QueryDict(text, mutable=True)
    for key in NOT_STORED:
        query.pop(key, None)
    return query


def _compute(request, atlas, query: QueryDict):
    """Compute the comparison for ``query`` as the Verdeelsleutel page does.

    Returns ``(cmp, title, None, budget)`` (``budget``: :func:`budget_view`), or
    ``(None, None, waiting page, None)`` when a large group is still
    being computed by the worker. Raises :class:`ValueError` (a Dutch message) for settings that
    are not valid."""
    form = ComparisonForm(query, atlas=atlas)
    if not form.is_valid():
        problems = []
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            problems.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        raise ValueError("De instellingen zijn niet geldig. " + " ".join(problems))
    request.GET = query
    on, _ = reference_date(request, atlas)
    group = _group(atlas, form, on)
    if not group.budget_form.is_valid():
        problems = [e for es in group.budget_form.errors.values() for e in es]
        raise ValueError("De bijdragen van vandaag zijn niet geldig. " + " ".join(problems))
    cmp, waiting = _run(request, group, {"on": on, "atlas": atlas})
    if waiting is not None:
        return None, None, waiting, None
    budget = budget_view(group, cmp, form.cleaned_data.get("jaarbudget"))
    return cmp, group.title, None, budget


def snapshot_of(cmp, title: str, budget: dict | None = None) -> dict:
    """The numbers of a comparison as JSON: per partner the amount of every key, the Shapley
    value and the nucleolus, in cents (ROUND_HALF_UP) written as strings; with ``budget``
    (:func:`budget_view`) also today's budget, contributions and the cofinancing verdict."""
    series = [(r.spec.label, r.allocation.amounts()) for r in cmp.results]
    series.append(("Shapley-waarde", cmp.shapley.as_dict()))
    if cmp.nucleolus:
        series.append(("nucleolus", cmp.nucleolus.as_dict()))
    out = {
        "title": title,
        "amount": str(to_cents(cmp.amount)),
        "partners": [
            {"refnis": p.refnis, "name": p.name, "population": p.population} for p in cmp.partners
        ],
        "series": [
            {"name": name, "amounts": {k: str(to_cents(v)) for k, v in values.items()}}
            for name, values in series
        ],
    }
    if budget and budget.get("cofinancing") is not None:
        cof = budget["cofinancing"]
        today = budget.get("contributions")
        out["today"] = {
            "budget": str(to_cents(budget["yearly"])) if budget.get("yearly") is not None else None,
            "contributions": {k: str(to_cents(v)) for k, v in today.items()} if today else None,
            "municipal": str(cof.municipal),
            "need": str(cof.need),
            "ok": cof.ok,
            "verdict": cof.text,
            "from_budget": budget.get("municipal_from_budget", False),
        }
    return out


def _data_load():
    return DataLoad.objects.values("version", "changed_at").first() or {}


def _rows(snapshot: dict) -> list[dict]:
    """Table rows of a snapshot: per partner its population, what it paid when it was saved (if
    given) and the amount of every series with the change against that."""
    today = (snapshot.get("today") or {}).get("contributions") or {}
    rows = []
    for p in snapshot["partners"]:
        paid = Decimal(today[p["refnis"]]) if p["refnis"] in today else None
        amounts = [
            Decimal(s["amounts"][p["refnis"]]) if p["refnis"] in s["amounts"] else None
            for s in snapshot["series"]
        ]
        cells = [
            {
                "amount": a,
                "change": _budget.format_change(a - paid)
                if a is not None and paid is not None
                else None,
            }
            for a in amounts
        ]
        rows.append(
            {
                "name": p["name"],
                "population": p["population"],
                "today": paid,
                "amounts": amounts,
                "cells": cells,
            }
        )
    return rows


def _save_error(request, name: str, query: str, errors: list[str]):
    context = {"errors": errors, "naam": name, "query": query}
    return render(request, "funding/mijn_bewaar.html", context, status=400)


@require_POST
@login_required
def save(request):
    """Save a comparison: its name and settings checked, its numbers frozen as a snapshot."""
    name_form = NameForm(request.POST)
    text = request.POST.get("query", "")
    errors = [e for es in name_form.errors.values() for e in es]
    if not text.strip():
        errors.append("Er zijn geen instellingen om te bewaren: maak eerst een vergelijking.")
    elif len(text) > MAX_QUERY:
        errors.append(
            f"De instellingen zijn te lang om te bewaren (hoogstens {format_number(MAX_QUERY)} "
            f"tekens, deze tellen er {format_number(len(text))})."
        )
        text = text[:MAX_QUERY]
    if errors:
        return _save_error(request, request.POST.get("naam", ""), text, errors)
    atlas = get_atlas()
    if atlas is None:
        return no_data(request)
    query = stored_query(text)
    try:
        cmp, title, waiting, budget = _compute(request, atlas, query)
    except ValueError as exc:
        return _save_error(request, name_form.cleaned_data["naam"], text, [str(exc)])
    if waiting is not None:
        msg = "Deze vergelijking wordt nog berekend; bewaar ze opnieuw als ze klaar is."
        return _save_error(request, name_form.cleaned_data["naam"], text, [msg])
    proposal = request.POST.get("voorstel", "").strip()
    if proposal:  # the key proposed to the council (its number on the page), for the PDF
        if key_number(proposal, len(cmp.results)) is None:
            msg = (
                f"'{proposal[:20]}' is geen sleutel van deze vergelijking "
                f"(kies 1 tot {len(cmp.results)})."
            )
            return _save_error(request, name_form.cleaned_data["naam"], text, [msg])
        query["voorstel"] = proposal
    load = _data_load()
    saved = SavedComparison.objects.create(
        name=name_form.cleaned_data["naam"],
        query=query.urlencode(),
        created_by=request.user,
        snapshot=snapshot_of(cmp, title, budget),
        data_version=load.get("version"),
        data_changed_at=load.get("changed_at"),
    )
    return redirect("funding_saved", pk=saved.pk)


def saved(request, pk):
    """The shared, read-only link: the numbers as they were saved (never a download)."""
    obj = get_object_or_404(SavedComparison, pk=pk)
    if not obj.snapshot:  # saved before snapshots existed: computed on today's data
        request.GET = stored_query(obj.query)
        request.saved_comparison = obj
        return comparison(request)
    context = {
        "saved": obj,
        "snapshot": obj.snapshot,
        "series": [s["name"] for s in obj.snapshot["series"]],
        "rows": _rows(obj.snapshot),
        "owner": request.user.is_authenticated and obj.created_by_id == request.user.pk,
    }
    # The history (saved, renamed) names the account: shown to the owner and the support
    # staff, not to everyone who was given the read-only link.
    context["history"] = (
        history_entries(obj) if context["owner"] or is_support(request.user) else None
    )
    return render(request, "funding/mijn_vergelijking.html", context)


def recompute(request, pk):
    """The saved comparison computed again on today's data, next to the saved numbers."""
    obj = get_object_or_404(SavedComparison, pk=pk)
    atlas = get_atlas()
    if atlas is None:
        return no_data(request)
    try:
        cmp, title, waiting, budget = _compute(request, atlas, stored_query(obj.query))
    except ValueError as exc:
        context = {"saved": obj, "error": str(exc)}
        return render(request, "funding/mijn_herberekend.html", context, status=400)
    if waiting is not None:
        return waiting
    old, new = obj.snapshot or {}, snapshot_of(cmp, title, budget)
    old_series = {s["name"]: s["amounts"] for s in old.get("series", [])}
    old_pop = {p["refnis"]: p["population"] for p in old.get("partners", [])}
    names = {p["refnis"]: p["name"] for p in old.get("partners", [])}
    names.update({p["refnis"]: p["name"] for p in new["partners"]})
    new_pop = {p["refnis"]: p["population"] for p in new["partners"]}
    rows = []
    for code, name in names.items():
        cells = []
        for s in new["series"]:
            before = old_series.get(s["name"], {}).get(code)
            after = s["amounts"].get(code)
            before = Decimal(before) if before is not None else None
            after = Decimal(after) if after is not None else None
            delta = after - before if before is not None and after is not None else None
            cells.append({"old": before, "new": after, "delta": delta})
        rows.append(
            {
                "name": name,
                "old_population": old_pop.get(code),
                "population": new_pop.get(code),
                "cells": cells,
                "changed": any(c["delta"] != 0 for c in cells)
                or old_pop.get(code) != new_pop.get(code),
            }
        )
    load = _data_load()
    context = {
        "saved": obj,
        "series": [s["name"] for s in new["series"]],
        "rows": rows,
        "old_amount": Decimal(old["amount"]) if old.get("amount") else None,
        "new_amount": Decimal(new["amount"]),
        "version": load.get("version"),
        "changed_at": load.get("changed_at"),
        "any_change": any(r["changed"] for r in rows) or old.get("amount") != new["amount"],
    }
    return render(request, "funding/mijn_herberekend.html", context)


def _mine(request, status=200, errors=None):
    items = SavedComparison.objects.filter(created_by=request.user)
    context = {"items": items, "errors": errors or {}}
    return render(request, "funding/mijn_vergelijkingen.html", context, status=status)


@login_required
def mine(request):
    """Mijn vergelijkingen: the comparisons the user saved, newest first."""
    return _mine(request)


@require_POST
@login_required
def rename(request, pk):
    """Rename one of your own comparisons; someone else's gives a 404 (not telling it exists)."""
    obj = get_object_or_404(SavedComparison, pk=pk, created_by=request.user)
    form = NameForm(request.POST)
    if not form.is_valid():
        errors = {obj.pk: [e for es in form.errors.values() for e in es]}
        return _mine(request, status=400, errors=errors)
    obj.name = form.cleaned_data["naam"]
    obj.save(update_fields=["name"])
    messages.success(request, f"De vergelijking heet nu “{obj.name}”.")
    return redirect("funding_mine")


@require_POST
@login_required
def delete(request, pk):
    """Delete one of your own comparisons; someone else's gives a 404."""
    obj = get_object_or_404(SavedComparison, pk=pk, created_by=request.user)
    obj.delete()
    messages.success(request, f"De vergelijking “{obj.name}” is verwijderd.")
    return redirect("funding_mine")
