"""The stories ("verhalen") of the Monitor: list with filters, one story, write, edit, delete,
and the attachment download.

Everyone reads; the story's history (with the names of who changed it) is shown only to
those who may change the story. Writing needs a role (``monitor.change_item`` in
:mod:`samenspel.accounts.permissions`): a new story only for an IGS or partners where the user
is IGS-coördinator or medewerker of the IGS, cultuurbeleidscoördinator or medewerker of a
municipality (or steunpunt); an existing one is
changed and deleted by its author, the support staff, the coordinator of its IGS or a
cultuurbeleidscoördinator or medewerker of one of its partners. A refusal is a Dutch 403 that
names the role needed. Attachments are never served from a public URL: :func:`attachment` checks
that the story exists and sends the file with its checked content type, a PDF always as a
download (``Content-Disposition: attachment``), a photo inline; nothing else is ever stored
(see :mod:`samenspel.monitor.forms`).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from samenspel.accounts.services import history_entries
from samenspel.atlas.names import find_municipalities, find_partnership
from samenspel.atlas.services import get_atlas
from samenspel.core.numbers import format_number
from samenspel.core.web import no_data
from samenspel.monitor.catalogue import STARTING_SET
from samenspel.monitor.forms import MAX_ATTACHMENT, TYPES, StoryForm, clean_file_name
from samenspel.monitor.models import Indicator, Story
from samenspel.monitor.services import Place, may_write, needed_roles, writes_somewhere

#: A request body larger than this is refused before it is read (the attachment plus the text).
MAX_BODY = MAX_ATTACHMENT + 256 * 1024
PER_PAGE = 20


def indicator_choices() -> list:
    """The indicators of the catalogue, grouped by kind, for the story form."""
    rows = list(Indicator.objects.values_list("code", "name", "kind")) or [
        (d.code, d.name, d.kind) for d in STARTING_SET
    ]
    groups = {"own": [], "register": [], "survey": []}
    for code, name, kind in rows:
        groups.setdefault(kind, []).append((code, f"{name} ({code})"))
    titles = {"own": "Eigen registratie", "register": "Registers", "survey": "Enquête"}
    return [(titles.get(k, k), v) for k, v in groups.items() if v]


def indicator_names(codes) -> dict[str, str]:
    return dict(Indicator.objects.filter(code__in=list(codes)).values_list("code", "name"))


def describe(story: Story, atlas=None, names: dict | None = None) -> dict:
    """What a page shows of a story: names instead of codes."""
    atlas = atlas if atlas is not None else get_atlas()
    munis = atlas.municipalities if atlas else {}
    igs = atlas.partnerships.get(story.igs) if atlas and story.igs else None
    names = names if names is not None else indicator_names(story.indicator_list)
    return {
        "story": story,
        "igs_name": igs.name if igs else story.igs,
        "municipalities": [(c, munis[c].name if c in munis else c) for c in story.refnis_list],
        "indicators": [(c, names.get(c, c)) for c in story.indicator_list],
    }


def describe_all(stories, atlas=None) -> list[dict]:
    atlas = atlas if atlas is not None else get_atlas()
    stories = list(stories)
    names = indicator_names({c for s in stories for c in s.indicator_list})
    return [describe(s, atlas, names) for s in stories]


def _message(request, title: str, message: str, status: int):
    return render(
        request, "monitor/verhalen_fout.html", {"title": title, "message": message}, status=status
    )


def _too_big(request):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_BODY:
        return _message(
            request,
            "Te groot bestand",
            f"Wat je verstuurde is {format_number(length / 1024 / 1024, 1)} MB; een bijlage mag "
            f"hoogstens {format_number(MAX_ATTACHMENT / 1024 / 1024)} MB zijn. Het verhaal is "
            "niet bewaard: ga terug en kies een kleiner bestand.",
            413,
        )
    return None


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------


@require_safe
def story_list(request):
    atlas = get_atlas()
    qs = Story.objects.all()
    problems = []
    chosen = {}
    raw = {k: request.GET.get(k, "").strip()[:200] for k in ("igs", "gemeente", "indicator")}
    if atlas is not None and raw["igs"]:
        try:
            chosen["igs"] = find_partnership(atlas, raw["igs"], "IGS")
        except ValueError as exc:
            problems.append(str(exc))
    if atlas is not None and raw["gemeente"]:
        try:
            codes = find_municipalities(atlas, raw["gemeente"], "Gemeente")
            if len(codes) != 1 or codes[0] not in atlas.municipalities:
                raise ValueError(f"Gemeente: kies één gemeente (niet “{raw['gemeente']}”).")
            chosen["refnis"] = codes[0]
        except ValueError as exc:
            problems.append(str(exc))
    if raw["indicator"]:
        if Indicator.objects.filter(code=raw["indicator"]).exists() or any(
            d.code == raw["indicator"] for d in STARTING_SET
        ):
            chosen["indicator"] = raw["indicator"]
        else:
            problems.append(f"Onbekende indicator “{raw['indicator']}”.")
    jaar = request.GET.get("jaar", "").strip()
    if jaar:
        if jaar.isdecimal() and len(jaar) == 4 and 1990 <= int(jaar) <= 2100:
            chosen["year"] = int(jaar)
        else:
            problems.append(f"“{jaar[:20]}” is geen jaar tussen 1990 en 2100.")
    qs = qs.about(**chosen)
    pages = Paginator(qs, PER_PAGE)
    current = pages.get_page(request.GET.get("pagina"))
    params = request.GET.copy()
    params.pop("pagina", None)
    context = {
        "items": describe_all(current.object_list, atlas),
        "page": current,
        "query": params.urlencode(),
        "raw": {**raw, "jaar": jaar},
        "problems": problems,
        "filtered": bool(chosen),
        "indicator_choices": indicator_choices(),
        "igs_name": atlas.partnerships[chosen["igs"]].name if "igs" in chosen else "",
    }
    return render(request, "monitor/verhalen.html", context, status=400 if problems else 200)


@require_safe
def story_detail(request, pk: int):
    story = get_object_or_404(Story, pk=pk)
    context = describe(story)
    context["may_edit"] = story.may_edit(request.user)
    # The story is public, but its history names the people who changed it: like practices
    # and initiatives, it is shown only to those who may change the story (monitor.change_item:
    # its author, its IGS's coordinator, a partner's officials, the steunpunt).
    context["history"] = history_entries(story) if context["may_edit"] else None
    return render(request, "monitor/verhalen_detail.html", context)


@require_safe
def attachment(request, pk: int):
    """The photo or document of a story, only for a story that exists (and so is visible)."""
    story = get_object_or_404(Story, pk=pk)
    if not story.attachment:
        raise Http404("Dit verhaal heeft geen bijlage.")
    try:
        handle = story.attachment.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("De bijlage is niet meer gevonden.") from None
    kind = story.attachment_type if story.attachment_type in TYPES else "application/octet-stream"
    inline = kind.startswith("image/")
    response = FileResponse(
        handle,
        content_type=kind,
        as_attachment=not inline,
        filename=story.attachment_name or f"bijlage-{story.pk}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


def _initial(story: Story | None, request) -> dict:
    if story is None:
        atlas = get_atlas()
        out = {}
        slug = request.GET.get("igs", "")
        if atlas and slug in atlas.partnerships:
            out["igs"] = atlas.partnerships[slug].name
        refnis = request.GET.get("gemeente", "")
        if atlas and refnis in atlas.municipalities:
            out["gemeenten"] = atlas.municipalities[refnis].name
        if request.GET.get("indicator"):
            out["indicatoren"] = [request.GET["indicator"][:60]]
        jaar = request.GET.get("jaar", "")
        if jaar.isdecimal() and len(jaar) == 4:  # int() refuses more than 4.300 digits
            out["van"] = int(jaar)
        return out
    d = describe(story)
    return {
        "titel": story.title,
        "tekst": story.text,
        "verteller": story.teller_name,
        "rol": story.teller_role,
        "igs": d["igs_name"] if story.igs else "",
        "gemeenten": ", ".join(n for _c, n in d["municipalities"]),
        "indicatoren": story.indicator_list,
        "van": story.year_from,
        "tot": story.year_to if story.year_to != story.year_from else None,
        "beschrijving": story.attachment_alt,
    }


def _save(form: StoryForm, story: Story, user) -> Story:
    data = form.cleaned_data
    story.title = data["titel"]
    story.text = data["tekst"]
    story.teller_name = data["verteller"]
    story.teller_role = data["rol"]
    story.igs = data["igs"]
    story.municipalities = Story.join_codes(data["gemeenten"])
    story.indicators = Story.join_codes(data["indicatoren"])
    story.year_from = data["van"]
    story.year_to = data["tot"] if data["tot"] is not None else data["van"]
    story.attachment_alt = data["beschrijving"]
    old = story.attachment.name if story.attachment else ""
    upload = data.get("bijlage")
    if upload:
        story.attachment_type = form.attachment_type
        story.attachment_name = clean_file_name(upload.name)
        content = form.attachment_content
        story.attachment_size = len(content) if content is not None else upload.size
        story.attachment.save(
            "bijlage", ContentFile(content) if content is not None else upload, save=False
        )
    elif data.get("bijlage_weg") and old:
        story.attachment = ""
        story.attachment_name = story.attachment_type = ""
        story.attachment_size = None
    if story.pk is None:
        story.created_by = user
    with transaction.atomic():
        story.save()
    new = story.attachment.name if story.attachment else ""
    if old and old != new:
        story.attachment.storage.delete(old)
    return story


def _edit(request, story: Story | None):
    atlas = get_atlas()
    if atlas is None:
        return no_data(request)
    too_big = _too_big(request) if request.method == "POST" else None
    if too_big:
        return too_big
    status = 200
    if request.method == "POST":
        form = StoryForm(
            request.POST, request.FILES, atlas=atlas, indicator_choices=indicator_choices()
        )
        refusal = _place_refused(form, story, request.user, atlas) if form.is_valid() else ""
        if refusal:
            form.add_error(None, refusal)
            status = 403
        elif form.is_valid():
            try:
                saved = _save(form, story or Story(), request.user)
            except OSError:
                form.add_error("bijlage", "De bijlage kon niet bewaard worden; probeer opnieuw.")
                status = 500
            else:
                done = "gewijzigd" if story else "bewaard"
                messages.success(request, f"Het verhaal “{saved.title}” is {done}.")
                return redirect("monitor_story", pk=saved.pk)
        if status == 200:
            status = 400
    else:
        form = StoryForm(
            initial=_initial(story, request), atlas=atlas, indicator_choices=indicator_choices()
        )
    context = {"form": form, "story": story, "max_mb": MAX_ATTACHMENT // (1024 * 1024)}
    return render(request, "monitor/verhalen_form.html", context, status=status)


def _places(story: Story) -> Place:
    return Place(igs=frozenset(story.igs_slugs()), refnis=frozenset(story.refnis_codes()))


def _place_refused(form: StoryForm, story: Story | None, user, atlas) -> str:
    """Why the user may not write the story for the IGS and partners chosen ("" if allowed).

    A new story needs a role in one of its places; an edit that keeps the places needs nothing
    more than the right to edit the story; one that moves it needs a role in the new places."""
    data = form.cleaned_data
    chosen = Place(
        igs=frozenset([data["igs"]] if data["igs"] else []), refnis=frozenset(data["gemeenten"])
    )
    if story is not None and chosen == _places(story):
        return ""
    if may_write(user, chosen):
        return ""
    if not chosen.igs and not chosen.refnis:
        return (
            "Kies het IGS of de partners waarover het verhaal gaat: je kunt verhalen schrijven "
            "voor een IGS of gemeente waar je een rol hebt."
        )
    return "Je kunt dit verhaal niet bewaren voor dit IGS en deze partners. " + needed_roles(
        atlas, chosen
    )


def _forbidden(request, story: Story):
    return _message(
        request,
        "Geen toegang",
        f"Je kunt het verhaal “{story.title}” niet wijzigen of verwijderen; dat kan wie het "
        "schreef of wie de juiste rol heeft. " + needed_roles(get_atlas(), _places(story)),
        403,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def story_new(request):
    if not writes_somewhere(request.user):
        return _message(
            request,
            "Geen toegang",
            "Verhalen schrijf je voor een IGS of een gemeente waar je een rol hebt: als "
            "IGS-coördinator of medewerker van een IGS, als cultuurbeleidscoördinator of "
            "medewerker van een gemeente, of "
            "als medewerker van het steunpunt. Je account heeft zo'n rol niet; vraag ze aan de "
            "coördinator van je IGS of aan het steunpunt.",
            403,
        )
    return _edit(request, None)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def story_edit(request, pk: int):
    story = get_object_or_404(Story, pk=pk)
    if not story.may_edit(request.user):
        return _forbidden(request, story)
    return _edit(request, story)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def story_delete(request, pk: int):
    story = get_object_or_404(Story, pk=pk)
    if not story.may_edit(request.user):
        return _forbidden(request, story)
    if request.method == "POST":
        name = story.attachment.name if story.attachment else ""
        title = story.title
        story.delete()
        if name:
            story.attachment.storage.delete(name)
        messages.success(request, f"Het verhaal “{title}” is verwijderd.")
        return redirect("monitor_stories")
    return render(request, "monitor/verhalen_verwijder.html", describe(story))
