"""The pages of the practice library: search with facets, one practice, write and edit, the
moderators' review queue and the writer's own practices.

Only published practices are ever searched or counted; a draft or a practice in review is seen
only by who may change it (``practices.view_practice``), everyone else gets a 404 (not a 403:
that would tell a draft exists).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samenspel.accounts.services import history_entries
from samenspel.atlas.services import get_atlas
from samenspel.core.web import no_data
from samenspel.network import services as network_services
from samenspel.network.practices import search, services, workflow
from samenspel.network.practices.forms import NoteForm, PracticeForm
from samenspel.network.practices.models import Practice
from samenspel.network.themes import THEME_LABELS

PER_PAGE = 20
#: The facets of the list, in the order of the page: (parameter, heading, order of the rows).
FACETS = [
    ("soort", "Soort", "count"),
    ("thema", "Thema", "count"),
    ("schaal", "Schaal", "count"),
    ("jaar", "Jaar", "value_desc"),
    ("regio", "Referentieregio", "label"),
    ("igs", "IGS", "label"),
]
#: At most this many values per facet parameter (a longer list is hostile or a mistake).
MAX_CHOSEN = 20


def _person(user):
    try:
        return user.person
    except (ObjectDoesNotExist, AttributeError):
        return None


def _message(request, title: str, message: str, status: int):
    return render(
        request, "practices/fout.html", {"title": title, "message": message}, status=status
    )


def _visible(request, pk: int) -> Practice:
    practice = get_object_or_404(Practice, pk=pk)
    if not request.user.has_perm("practices.view_practice", practice):
        raise Http404("Deze praktijk bestaat niet of is (nog) niet gepubliceerd.")
    return practice


# --------------------------------------------------------------------------------------------
# Search
# --------------------------------------------------------------------------------------------


def _chosen(request, labels: dict) -> tuple[dict[str, list[str]], list[str]]:
    """The facet values asked for, each checked against what exists; Dutch problems for the
    rest."""
    chosen: dict[str, list[str]] = {}
    problems: list[str] = []
    for name, heading, _order in [*FACETS, ("gemeente", "Gemeente", "")]:
        values = [v.strip()[:100] for v in request.GET.getlist(name) if v.strip()]
        if not values:
            continue
        if len(values) > MAX_CHOSEN:
            problems.append(f"{heading}: hoogstens {MAX_CHOSEN} waarden tegelijk.")
            values = values[:MAX_CHOSEN]
        known = labels[name]
        if name == "jaar":
            good = [v for v in values if v.isdecimal() and len(v) == 4]
        else:
            good = [v for v in values if v in known]
        for bad in values:
            if bad not in good:
                problems.append(f"{heading}: “{bad[:40]}” bestaat niet; die keuze is genegeerd.")
        if good:
            chosen[name] = list(dict.fromkeys(good))
    return chosen, problems


def _link(params, name: str, value: str, add: bool) -> str:
    """The query string with ``name=value`` added or removed (and no page number)."""
    q = params.copy()
    q.pop("pagina", None)
    values = [v for v in q.getlist(name) if v != value]
    if add:
        values.append(value)
    q.setlist(name, values)
    return q.urlencode()


@require_safe
def practice_list(request):
    atlas = get_atlas()
    labels = services.facet_labels(atlas)
    raw_query = request.GET.get("q", "")
    problems = []
    if len(raw_query) > search.MAX_QUERY:
        problems.append(
            f"Zoekterm: hoogstens {search.MAX_QUERY} tekens; enkel het begin is gebruikt."
        )
    query = raw_query[: search.MAX_QUERY].strip()
    chosen, more = _chosen(request, labels)
    problems += more
    tokens = search.query_tokens(query)
    found = services.candidates(tokens, atlas)
    result = search.search(found.docs, query, chosen)
    pages = Paginator(result.hits, PER_PAGE)
    current = pages.get_page(request.GET.get("pagina"))
    atlas_missing = atlas is None
    items = [services.describe(found.practices[h.doc.id], atlas) for h in current.object_list]
    params = request.GET.copy()
    facets = []
    for name, heading, order in FACETS:
        rows = search.facet_rows(
            result.counts.get(name, {}), labels[name], chosen.get(name, ()), order=order
        )
        facets.append(
            {
                "name": name,
                "heading": heading,
                "rows": [
                    {"row": r, "link": _link(params, name, r.value, add=not r.chosen)} for r in rows
                ],
            }
        )
    active = [
        {
            "label": labels[name].get(v, v),
            "heading": heading,
            "link": _link(params, name, v, add=False),
        }
        for name, heading, _o in [*FACETS, ("gemeente", "Gemeente", "")]
        for v in chosen.get(name, ())
    ]
    page_params = params.copy()
    page_params.pop("pagina", None)
    context = {
        "query": query,
        "items": items,
        "page": current,
        "count": len(result.hits),
        "facets": facets,
        "active": active,
        "problems": problems,
        "page_query": page_params.urlencode(),
        "capped": found.capped,
        "atlas_missing": atlas_missing,
        "searched": bool(query or chosen),
        "hidden": [(name, v) for name, values in chosen.items() for v in values],
        "may_moderate": services.may_moderate(request.user),
    }
    return render(request, "practices/lijst.html", context, status=400 if problems else 200)


# --------------------------------------------------------------------------------------------
# One practice
# --------------------------------------------------------------------------------------------


@require_safe
def practice_detail(request, pk: int):
    practice = _visible(request, pk)
    atlas = get_atlas()
    user = request.user
    may_edit = user.has_perm("practices.change_practice", practice)
    may_moderate = services.may_moderate(user)
    contact = practice.contact if practice.contact_id else None
    context = services.describe(practice, atlas)
    hidden = ["search_text"]
    if contact is not None and not contact.consent_contact:
        hidden.append("contact")
    context.update(
        {
            "may_edit": may_edit,
            "may_moderate": may_moderate,
            "contact": network_services.contact_of(contact, user),
            "actions": workflow.available(
                practice.status, may_edit=may_edit, may_moderate=may_moderate
            ),
            "note_form": NoteForm(),
            "history": history_entries(practice, hidden_fields=hidden) if may_edit else None,
        }
    )
    return render(request, "practices/detail.html", context)


@login_required
@require_POST
def practice_transition(request, pk: int):
    practice = _visible(request, pk)
    form = NoteForm(request.POST)
    note = form.cleaned_data["opmerking"] if form.is_valid() else request.POST.get("opmerking", "")
    action = request.POST.get("actie", "")
    try:
        done = services.transition(practice, action, request.user, note=note)
    except workflow.WorkflowError as exc:
        return _message(request, "Niet gelukt", str(exc), 403 if exc.forbidden else 400)
    messages.success(request, f"De praktijk “{done.title}” is {workflow.TRANSITIONS[action].done}.")
    if action in ("publish", "send_back") and services.may_moderate(request.user):
        return redirect("practice_review")
    return redirect("practice_detail", pk=done.pk)


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def _edit(request, practice: Practice | None):
    atlas = get_atlas()
    if atlas is None:
        return no_data(request)
    person = _person(request.user)
    status = 200
    if request.method == "POST":
        form = PracticeForm(request.POST, atlas=atlas, can_be_contact=person is not None)
        if form.is_valid():
            saved = services.save_practice(
                form.fill(practice or Practice(), person), request.user, atlas
            )
            if practice is None:
                messages.success(
                    request,
                    f"De praktijk “{saved.title}” is bewaard als concept. Dien ze in ter nazicht "
                    "wanneer ze klaar is: het steunpunt leest ze na en "
                    "publiceert ze.",
                )
            elif saved.status == workflow.REVIEW and practice.status == workflow.REVIEW:
                messages.success(request, f"De praktijk “{saved.title}” is gewijzigd.")
            else:
                messages.success(
                    request,
                    f"De praktijk “{saved.title}” is gewijzigd; ze is nu {saved.status_label}.",
                )
            return redirect("practice_detail", pk=saved.pk)
        status = 400
    else:
        initial = PracticeForm.initial_from(practice, atlas, person) if practice else {}
        if practice is None:
            initial = _initial_new(request, atlas)
        form = PracticeForm(initial=initial, atlas=atlas, can_be_contact=person is not None)
    context = {
        "form": form,
        "practice": practice,
        "republish_warning": practice is not None
        and practice.status == workflow.PUBLISHED
        and not services.may_moderate(request.user),
    }
    return render(request, "practices/formulier.html", context, status=status)


def _initial_new(request, atlas) -> dict:
    out = {}
    slug = request.GET.get("igs", "")
    if slug in atlas.partnerships:
        out["igs"] = atlas.partnerships[slug].name
    refnis = request.GET.get("gemeente", "")
    if refnis in atlas.municipalities:
        out["gemeenten"] = atlas.municipalities[refnis].name
    theme = request.GET.get("thema", "")
    if theme in THEME_LABELS:
        out["themas"] = [theme]
    return out


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def practice_new(request):
    if not request.user.has_perm("practices.add_practice"):
        return _message(request, "Geen toegang", "Je kan geen praktijk schrijven.", 403)
    return _edit(request, None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def practice_edit(request, pk: int):
    practice = _visible(request, pk)
    if not request.user.has_perm("practices.change_practice", practice):
        return _message(
            request,
            "Geen toegang",
            f"Enkel wie de praktijk “{practice.title}” schreef, de coördinator van haar IGS, "
            "een cultuurbeleidscoördinator of medewerker van haar gemeenten of het steunpunt "
            "kan ze wijzigen.",
            403,
        )
    return _edit(request, practice)


# --------------------------------------------------------------------------------------------
# Lists for writers and moderators
# --------------------------------------------------------------------------------------------


@login_required
@require_safe
def practice_review(request):
    if not services.may_moderate(request.user):
        return _message(
            request,
            "Geen toegang",
            "Enkel het steunpunt ziet de praktijken ter nazicht.",
            403,
        )
    atlas = get_atlas()
    pages = Paginator(services.review_queue().select_related("author__person"), PER_PAGE)
    current = pages.get_page(request.GET.get("pagina"))
    context = {
        "items": [services.describe(p, atlas) for p in current.object_list],
        "page": current,
    }
    return render(request, "practices/review.html", context)


@login_required
@require_safe
def practice_mine(request):
    atlas = get_atlas()
    qs = services.editable_by(request.user).order_by("-updated_at", "-id")
    pages = Paginator(qs, PER_PAGE)
    current = pages.get_page(request.GET.get("pagina"))
    context = {
        "items": [services.describe(p, atlas) for p in current.object_list],
        "page": current,
        "may_moderate": services.may_moderate(request.user),
    }
    return render(request, "practices/mijn.html", context)
