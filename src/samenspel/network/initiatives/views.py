"""The pages of the initiatives registry: the list with its filters, one initiative with its
timeline, writing, publishing, decisions and documents, and the document download.

Who may do what is decided by the ``initiatives.*`` permissions (``accounts/permissions.py``):
published initiatives are public; a draft is seen only by its editors (the author, the
coordinators of a partner IGS, the cultuurbeleidscoördinator or medewerker of a partner
municipality, the steunpunt). To anyone else a draft does not exist (404), also its documents.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from samenspel.accounts.models import Person, Role
from samenspel.accounts.permissions import places
from samenspel.accounts.services import history_entries
from samenspel.atlas.names import find_municipalities, find_partnership
from samenspel.atlas.services import get_atlas
from samenspel.core.codes import join_codes, split_codes
from samenspel.core.numbers import format_number
from samenspel.core.web import declared_length, no_data
from samenspel.network import services as network_services
from samenspel.network.initiatives import files, services
from samenspel.network.initiatives.forms import (
    MAX_DOCUMENT,
    DecisionForm,
    DocumentForm,
    InitiativeForm,
)
from samenspel.network.initiatives.models import (
    CITY_TO_CITY,
    IDEA,
    KIND_CHOICES,
    KIND_LABELS,
    PROJECT,
    STATUS_CHOICES,
    STATUS_LABELS,
    Decision,
    Document,
    Initiative,
)
from samenspel.network.practices.search import normalise, query_tokens

PER_PAGE = 20
#: A request body larger than this is refused before it is read (the document plus the form).
MAX_BODY = MAX_DOCUMENT + 256 * 1024
#: At most this many people to choose a contact from.
MAX_CONTACTS = 200
#: The search box reads at most this many initiatives (titles and summaries) to match.
MAX_SEARCHED = 5_000


def _touch(initiative: Initiative) -> None:
    """Move the initiative up in the list without a history record of its own."""
    Initiative.objects.filter(pk=initiative.pk).update(updated_at=timezone.now())


def _message(request, title: str, message: str, status: int):
    return render(
        request, "initiatives/fout.html", {"title": title, "message": message}, status=status
    )


def _too_big(request):
    length = declared_length(request)
    if length > MAX_BODY:
        return _message(
            request,
            "Te groot bestand",
            f"Wat je verstuurde is {format_number(length / 1024 / 1024, 1)} MB; een document mag "
            f"hoogstens {format_number(MAX_DOCUMENT / 1024 / 1024)} MB zijn. Er is niets "
            "bewaard: ga terug en kies een kleiner bestand.",
            413,
        )
    return None


def _visible_or_404(request, pk: int) -> Initiative:
    initiative = get_object_or_404(Initiative, pk=pk)
    if not request.user.has_perm("initiatives.view_initiative", initiative):
        raise Http404("Dit initiatief bestaat niet of is nog niet gepubliceerd.")
    return initiative


def _may_change_or_403(request, initiative: Initiative):
    if request.user.has_perm("initiatives.change_initiative", initiative):
        return None
    return _message(
        request,
        "Geen toegang",
        f"Enkel wie “{initiative.title}” registreerde, de coördinatoren en medewerkers van een "
        "partner-IGS, de cultuurbeleidscoördinatoren en medewerkers van een partnergemeente "
        "en het steunpunt kunnen dit initiatief wijzigen.",
        403,
    )


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


def _matching(qs, query: str, atlas) -> list[int] | None:
    """The ids in ``qs`` whose title, summary, other partners or partner names contain every
    word of ``query``, read as the practice search reads Dutch (accents, case, hyphens and
    apostrophes do not matter, function words are skipped); None when the query has no word.
    (Not the kind: "samenwerking" would find every "projectsamenwerking"; the kind has its own
    filter.)"""
    tokens = query_tokens(query)
    if not tokens:
        return None
    munis = atlas.municipalities if atlas else {}
    igs = atlas.partnerships if atlas else {}
    rows = qs.order_by("-id").values_list(
        "pk", "title", "summary", "other_partners", "municipalities", "partnerships"
    )[:MAX_SEARCHED]
    out = []
    for pk, title, summary, others, codes, slugs in rows:
        names = [munis[c].name for c in split_codes(codes) if c in munis]
        names += [igs[s].name for s in split_codes(slugs) if s in igs]
        text = normalise(" ".join([title, summary, others, *names]))
        if all(t in text for t in tokens):
            out.append(pk)
    return out


@require_safe
def initiative_list(request):
    atlas = get_atlas()
    qs = Initiative.objects.visible_to(request.user)
    problems = []
    raw = {
        k: "".join(ch for ch in request.GET.get(k, "") if ch.isprintable()).strip()[:200]
        for k in ("status", "soort", "regio", "gemeente", "igs", "q")
    }
    filtered = False
    if raw["status"]:
        if raw["status"] in STATUS_LABELS:
            qs = qs.filter(status=raw["status"])
            filtered = True
        else:
            problems.append(f"Status: “{raw['status']}” is geen van de keuzes.")
    if raw["soort"]:
        if raw["soort"] in KIND_LABELS:
            qs = qs.filter(kind=raw["soort"])
            filtered = True
        else:
            problems.append(f"Soort: “{raw['soort']}” is geen van de keuzes.")
    region = None
    if raw["regio"] and atlas is not None:
        region = atlas.region_by_slug.get(raw["regio"])
        if region is None:
            problems.append(f"Referentieregio: “{raw['regio']}” is geen van de keuzes.")
        else:
            slugs, codes = services.partners_in_region(atlas, region.code)
            qs = qs.with_any_partner(igs=slugs, refnis=codes)
            filtered = True
    if raw["gemeente"] and atlas is not None:
        try:
            codes = find_municipalities(atlas, raw["gemeente"], "Gemeente")
            if len(codes) != 1 or codes[0] not in atlas.municipalities:
                raise ValueError(f"Gemeente: kies één gemeente (niet “{raw['gemeente']}”).")
            qs = qs.with_partner(refnis=codes[0])
            filtered = True
        except ValueError as exc:
            problems.append(str(exc))
    if raw["igs"] and atlas is not None:
        try:
            qs = qs.with_partner(igs=find_partnership(atlas, raw["igs"], "IGS"))
            filtered = True
        except ValueError as exc:
            problems.append(str(exc))
    if raw["q"]:
        ids = _matching(qs, raw["q"], atlas)
        if ids is not None:
            qs = qs.filter(pk__in=ids)
            filtered = True
    qs = qs.order_by("-published", "-updated_at", "-id")
    pages = Paginator(qs, PER_PAGE)
    current = pages.get_page(request.GET.get("pagina"))
    params = request.GET.copy()
    params.pop("pagina", None)
    city_params = request.GET.copy()
    city_params.pop("pagina", None)
    city_params["soort"] = CITY_TO_CITY
    context = {
        "items": services.describe_all(current.object_list, atlas),
        "page": current,
        "query": params.urlencode(),
        "raw": raw,
        "problems": problems,
        "filtered": filtered,
        "status_choices": STATUS_CHOICES,
        "kind_choices": KIND_CHOICES,
        "regions": list(atlas.regions.values()) if atlas else [],
        "city_to_city": raw["soort"] == CITY_TO_CITY,
        "city_url": "?" + city_params.urlencode(),
        "may_add": request.user.has_perm("initiatives.add_initiative"),
        "total": pages.count,
    }
    return render(request, "initiatives/lijst.html", context, status=400 if problems else 200)


def _contact(initiative: Initiative, user):
    """The contact person as ``user`` may see them (one rule: network.services.contact_of)."""
    return network_services.contact_of(initiative.contact, user)


@require_safe
def initiative_detail(request, pk: int):
    initiative = _visible_or_404(request, pk)
    user = request.user
    may_change = user.has_perm("initiatives.change_initiative", initiative)
    context = services.describe(initiative)
    context.update(
        {
            "timeline": services.timeline(initiative),
            "documents": list(initiative.documents.all()[:200]),
            "contact": _contact(initiative, user),
            "may_change": may_change,
            "may_publish": user.has_perm("initiatives.publish_initiative", initiative),
            "history": history_entries(initiative) if may_change else None,
        }
    )
    return render(request, "initiatives/detail.html", context)


@require_safe
def initiative_document(request, pk: int):
    """A document's file, only for those who may see its initiative (a draft's documents are
    as hidden as the draft)."""
    document = get_object_or_404(Document.objects.select_related("initiative"), pk=pk)
    if not request.user.has_perm("initiatives.view_initiative", document.initiative):
        raise Http404("Dit document bestaat niet of hoort bij een niet-gepubliceerd initiatief.")
    if not document.file:
        if document.url:
            return redirect(document.url)
        raise Http404("Dit document heeft geen bestand.")
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("Het bestand is niet meer gevonden.") from None
    kind = document.file_type if document.file_type in files.TYPES else "application/octet-stream"
    inline = kind.startswith("image/")
    response = FileResponse(
        handle,
        content_type=kind,
        as_attachment=not inline,
        filename=document.file_name or f"document-{document.pk}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = (
        "private, no-store" if not document.initiative.published else ("private, max-age=3600")
    )
    return response


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def contact_choices(user, initiative: Initiative | None) -> list[tuple[int, str]]:
    """Whom an editor can name as contact: themselves, the current contact, and the people who
    consented to showing their contact details and hold a role today in a partner of the
    initiative or in one of the editor's own places (at most :data:`MAX_CONTACTS`)."""
    p = places(user)
    igs = set(p.works_in_igs) | (initiative.igs_slugs() if initiative else set())
    refnis = set(p.in_refnis) | (initiative.refnis_codes() if initiative else set())
    role_q = Q(pk__in=[])
    if igs:
        role_q |= Q(igs__in=igs)
    if refnis:
        role_q |= Q(refnis__in=refnis)
    person_ids = set(Role.objects.valid_on().filter(role_q).values_list("person_id", flat=True))
    people = list(
        Person.objects.filter(pk__in=person_ids, consent_contact_at__isnull=False).order_by("name")[
            :MAX_CONTACTS
        ]
    )
    extra = Q(user=user) if getattr(user, "is_authenticated", False) else Q(pk__in=[])
    if initiative is not None and initiative.contact_id:
        extra |= Q(pk=initiative.contact_id)
    seen = {x.pk for x in people}
    people += [x for x in Person.objects.filter(extra) if x.pk not in seen]

    def label(x: Person) -> str:
        text = x.name + (f" ({x.function})" if x.function else "")
        return text if x.consent_contact else f"{text}, toont geen contactgegevens"

    return [(x.pk, label(x)) for x in sorted(people, key=lambda x: x.name.lower())]


def _initial(initiative: Initiative | None, request) -> dict:
    atlas = get_atlas()
    if initiative is None:
        out = {"soort": PROJECT, "status": IDEA}
        if request.GET.get("soort") in KIND_LABELS:
            out["soort"] = request.GET["soort"]
        refnis = request.GET.get("gemeente", "")
        if atlas and refnis in atlas.municipalities:
            out["gemeenten"] = atlas.municipalities[refnis].name
        slug = request.GET.get("igs", "")
        if atlas and slug in atlas.partnerships:
            out["igs"] = atlas.partnerships[slug].name
        person = Person.objects.filter(user=request.user).first()
        if person is not None:
            out["contact"] = person.pk
        return out
    d = services.describe(initiative, atlas)
    return {
        "titel": initiative.title,
        "soort": initiative.kind,
        "status": initiative.status,
        "samenvatting": initiative.summary,
        "doelen": initiative.goals,
        "gemeenten": ", ".join(m["name"] for m in d["municipalities"]),
        "igs": ", ".join(x["name"] for x in d["partnerships"]),
        "andere_partners": initiative.other_partners,
        "begin": initiative.start_date,
        "einde": initiative.end_date,
        "contact": initiative.contact_id,
    }


def _edit(request, initiative: Initiative | None):
    atlas = get_atlas()
    if atlas is None:
        return no_data(request)
    choices = contact_choices(request.user, initiative)
    if request.method == "POST":
        form = InitiativeForm(request.POST, atlas=atlas, contact_choices=choices)
        if form.is_valid():
            data = form.cleaned_data
            item = initiative or Initiative(created_by=request.user)
            item.title = data["titel"]
            item.kind = data["soort"]
            item.status = data["status"]
            item.summary = data["samenvatting"]
            item.goals = data["doelen"]
            item.municipalities = join_codes(data["gemeenten"])
            item.partnerships = join_codes(data["igs"])
            item.other_partners = data["andere_partners"]
            item.start_date = data["begin"]
            item.end_date = data["einde"]
            item.contact_id = data["contact"]
            if initiative is not None and not request.user.has_perm(
                "initiatives.change_initiative", item
            ):
                form.add_error(
                    None,
                    "Met deze partners zou je het initiatief niet meer kunnen beheren (je bent "
                    "geen coördinator of medewerker van een van hen). Laat je IGS of gemeente "
                    "bij de partners, of vraag een andere partner om de wijziging.",
                )
            else:
                with transaction.atomic():
                    item.save()
                done = "gewijzigd" if initiative else "geregistreerd als concept"
                messages.success(request, f"Het initiatief “{item.title}” is {done}.")
                return redirect("initiative_detail", pk=item.pk)
        status = 400
    else:
        form = InitiativeForm(
            initial=_initial(initiative, request), atlas=atlas, contact_choices=choices
        )
        status = 200
    return render(
        request,
        "initiatives/formulier.html",
        {"form": form, "initiative": initiative},
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def initiative_new(request):
    if not request.user.has_perm("initiatives.add_initiative"):
        return _message(request, "Geen toegang", "Je kan geen initiatief registreren.", 403)
    return _edit(request, None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def initiative_edit(request, pk: int):
    initiative = _visible_or_404(request, pk)
    forbidden = _may_change_or_403(request, initiative)
    return forbidden or _edit(request, initiative)


@login_required
@require_POST
def initiative_publish(request, pk: int):
    initiative = _visible_or_404(request, pk)
    if not request.user.has_perm("initiatives.publish_initiative", initiative):
        return _message(
            request,
            "Geen toegang",
            "Publiceren of terugnemen naar concept doet een coördinator van een partner-IGS, de "
            "cultuurbeleidscoördinator van een partnergemeente of het steunpunt.",
            403,
        )
    action = request.POST.get("actie", "")
    if action not in ("publiceren", "terugtrekken"):
        return _message(
            request, "Onbekende actie", "Kies publiceren of terugnemen naar concept.", 400
        )
    publish = action == "publiceren"
    if initiative.published != publish:
        with transaction.atomic():
            initiative.published = publish
            initiative.published_at = timezone.now() if publish else None
            initiative.save()
    if publish:
        messages.success(request, f"“{initiative.title}” is gepubliceerd: iedereen kan het zien.")
    else:
        messages.success(
            request,
            f"“{initiative.title}” is teruggenomen naar concept: enkel de beheerders zien het nog.",
        )
    return redirect("initiative_detail", pk=initiative.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def decision_add(request, pk: int):
    initiative = _visible_or_404(request, pk)
    forbidden = _may_change_or_403(request, initiative)
    if forbidden:
        return forbidden
    status = 200
    if request.method == "POST":
        form = DecisionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            with transaction.atomic():
                Decision.objects.create(
                    initiative=initiative,
                    date=data["datum"],
                    body=data["orgaan"],
                    text=data["tekst"],
                    url=data["link"],
                    created_by=request.user,
                )
                _touch(initiative)
            messages.success(request, "De beslissing is toegevoegd aan de tijdlijn.")
            return redirect("initiative_detail", pk=initiative.pk)
        status = 400
    else:
        form = DecisionForm()
    context = {"form": form, "initiative": initiative, "what": "beslissing"}
    return render(request, "initiatives/toevoegen.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def document_add(request, pk: int):
    initiative = _visible_or_404(request, pk)
    forbidden = _may_change_or_403(request, initiative)
    if forbidden:
        return forbidden
    status = 200
    if request.method == "POST":
        too_big = _too_big(request)
        if too_big:
            return too_big
        form = DocumentForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            document = Document(
                initiative=initiative,
                title=data["titel"],
                url=data["link"],
                created_by=request.user,
            )
            upload = data.get("bestand")
            if upload:
                document.file_type = form.file_type
                document.file_name = files.clean_file_name(upload.name)
                document.file_size = len(form.content)
            try:
                with transaction.atomic():
                    if upload:
                        document.file.save("document", ContentFile(form.content), save=False)
                    document.save()
                    _touch(initiative)
            except OSError:
                if document.file:
                    document.file.storage.delete(document.file.name)
                form.add_error("bestand", "Het bestand kon niet bewaard worden; probeer opnieuw.")
            else:
                messages.success(request, f"Het document “{document.title}” is toegevoegd.")
                return redirect("initiative_detail", pk=initiative.pk)
        status = 400
    else:
        form = DocumentForm()
    context = {
        "form": form,
        "initiative": initiative,
        "what": "document",
        "max_mb": MAX_DOCUMENT // (1024 * 1024),
    }
    return render(request, "initiatives/toevoegen.html", context, status=status)


@login_required
@require_POST
def item_delete(request, pk: int, what: str, item_pk: int):
    """Remove a decision or a document that was added by mistake (its history stays)."""
    initiative = _visible_or_404(request, pk)
    forbidden = _may_change_or_403(request, initiative)
    if forbidden:
        return forbidden
    model = {"beslissing": Decision, "document": Document}.get(what)
    if model is None:
        raise Http404("Onbekend soort onderdeel.")
    item = get_object_or_404(model, pk=item_pk, initiative=initiative)
    name = item.file.name if isinstance(item, Document) and item.file else ""
    label = item.body if isinstance(item, Decision) else item.title
    with transaction.atomic():
        item.delete()
        _touch(initiative)
    if name:
        transaction.on_commit(lambda: item.file.storage.delete(name))
    kind = "De beslissing" if isinstance(item, Decision) else "Het document"
    messages.success(request, f"{kind} “{label}” is verwijderd.")
    return redirect("initiative_detail", pk=initiative.pk)
