"""An IGS's own indicators and the manual entry of measurements (issue 9 §1).

``/monitor/igs/<slug>/eigen/``
    The IGS's own indicators (:class:`~samenspel.monitor.models.Indicator` with ``igs`` set to
    the slug). Everyone reads; adding, editing and deleting need a login. The code is unique,
    made from the name when left empty (``NOORD_UITLEENBEURTEN``), only letters, digits and
    underscores, and may not collide with the catalogue (the starting set, the bundle's file
    indicators and their families ``GSM_`` and ``BBC_``, every existing indicator). The code is
    fixed once made: stories and import files refer to it.
``/monitor/igs/<slug>/eigen/<code>/`` and ``…/verwijder/``
    Edit and delete. Deleting an indicator that has measurements is refused unless the user
    confirms it (with the number of measurements the page showed); then the indicator and all
    its measurements go in one transaction, or nothing does.
``/monitor/invoer/?indicator=CODE&igs=SLUG&jaar=JJJJ``
    Manual entry: one field per partner of the IGS on 1 January of the year (or one field for
    the IGS itself when the indicator is measured per IGS), numbers as typed in Belgium, an
    optional note. Saved as manual measurements (``batch`` empty), replacing the earlier manual
    value for the same indicator, area and year; an emptied field removes the manual value, so
    the imported one counts again. Every field is checked first (no negatives unless the
    indicator allows them, whole numbers where it counts units, a percentage at most 100), each
    error naming the field; then everything is written in one transaction, or nothing.

**Who entered what.** The measurement model has no column for the person and the time of a
manual entry; every manual write is recorded in its history (``Measurement.history``: user,
time, old and new value) and in Django's admin log
(:class:`~django.contrib.admin.models.LogEntry`: user, time, "manuele invoer"), and the page
shows beside each field who entered the value last and when (from the history; from the admin
log for values entered before the history existed).

**Who may write** (``monitor.change_item`` in :mod:`samenspel.accounts.permissions`): an IGS's
own indicators are added, changed and deleted by its IGS-coördinator and the medewerkers of
the IGS (and the support staff); on the manual entry page every partner's field is open to
them and to a cultuurbeleidscoördinator or medewerker of that municipality; the other fields
are shown but locked (and ignored when posted). A refusal is a Dutch 403 naming the role
needed. Every manual write also keeps its history (``Measurement.history``, see
:class:`~samenspel.monitor.models.ManualOnlyHistory`).

**Which value counts** follows :func:`samenspel.monitor.services.yearly_values`: a manual entry
wins over imports, else the newest import.

The forms live in this module (not in a ``forms_*`` module, which the architecture test would
class as pure).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.timezone import localtime
from django.views.decorators.http import require_http_methods

from samenspel.accounts.services import DELETED_USER_MARK, history_entries, user_display_name
from samenspel.atlas.services import Atlas, get_atlas
from samenspel.core.numbers import format_number, parse_number
from samenspel.core.web import no_data
from samenspel.funding.services import find_igs, igs_members
from samenspel.monitor.catalogue import (
    DIRECTIONS,
    KINDS,
    LEVELS,
    STARTING_SET,
    describe_file_indicator,
    label,
)
from samenspel.monitor.models import Indicator, Measurement
from samenspel.monitor.services import Place, may_write, needed_roles, peildatum

CODE_MAX = 60
CODE_RE = re.compile(r"[A-Z][A-Z0-9_]*")
#: Code families of the bundle's indicators/ folder: a new code there must not meet an own one.
RESERVED_PREFIXES = ("GSM_", "BBC_")
YEARS = (1990, 2100)
#: The longest code made from a name (a person may type one up to :data:`CODE_MAX`).
GENERATED_MAX = 40
#: Small Dutch words a code made from a name leaves out.
SMALL_WORDS = frozenset(
    "DE HET EEN IN VAN EN OP PER VOOR MET AAN TE BIJ UIT OF DOOR NAAR OVER".split()
)
#: The largest value the measurement column holds (20 digits, 6 of them decimals).
MAX_VALUE = Decimal("99999999999999")
MANUAL = "manuele invoer"


# --------------------------------------------------------------------------------------------
# Codes
# --------------------------------------------------------------------------------------------


def _ascii_words(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "_", folded).strip("_").upper()


def catalogue_collision(code: str) -> str:
    """Why ``code`` cannot be an own indicator's code (Dutch), or ``""``."""
    upper = code.upper()
    if any(d.code.upper() == upper for d in STARTING_SET):
        return f"{code} is een indicator van de catalogus van Samenspel; kies een andere code."
    if upper.startswith(RESERVED_PREFIXES):
        return (
            f"Codes die beginnen met {' of '.join(RESERVED_PREFIXES)} zijn voorbehouden voor de "
            "indicatoren van de Gemeente- en Stadsmonitor en de jaarrekeningen; kies een andere "
            "code."
        )
    try:
        describe_file_indicator(code)
    except ValueError:
        pass
    else:  # pragma: no cover - every such code has a reserved prefix today
        return f"{code} is een indicator van de databundel; kies een andere code."
    other = Indicator.objects.filter(code__iexact=code).first()
    if other is not None:
        whose = f"van IGS {other.igs}" if other.igs else "van de catalogus"
        return f"De code {other.code} bestaat al (indicator “{other.name}” {whose})."
    return ""


def code_from_name(slug: str, name: str) -> str:
    """``NOORD_UITLEENBEURTEN_BIBLIOTHEEK`` from the IGS and the name (small words left out,
    at most :data:`GENERATED_MAX` characters, cut between words); ``_2``, ``_3``… when taken.
    A long IGS slug contributes its first word only."""
    prefix = _ascii_words(slug)
    if len(prefix) > 16:
        prefix = prefix.split("_")[0][:16]
    words = _ascii_words(name).split("_")
    kept = [w for w in words if w and w not in SMALL_WORDS] or [w for w in words if w]
    code = prefix or "EIGEN"
    for w in kept:
        if len(code) + 1 + len(w) > GENERATED_MAX:
            break
        code = f"{code}_{w}"
    if code == prefix and kept:  # one very long word: cut it
        code = f"{code}_{kept[0]}"[:GENERATED_MAX]
    if not code[0].isalpha():
        code = f"E_{code}"[:GENERATED_MAX]
    base, n = code, 1
    while catalogue_collision(code):
        n += 1
        code = f"{base}_{n}"
    return code


# --------------------------------------------------------------------------------------------
# The form of an own indicator
# --------------------------------------------------------------------------------------------


class OwnIndicatorForm(forms.ModelForm):
    code = forms.CharField(
        label="Code",
        required=False,
        max_length=CODE_MAX,
        help_text="Hoofdletters, cijfers en _ (bv. NOORD_UITLEEN). Leeg: Samenspel maakt een "
        "code uit de naam. De code verandert daarna niet meer: bestanden en verhalen gebruiken "
        "hem.",
    )

    class Meta:
        model = Indicator
        fields = [
            "name",
            "code",
            "definition",
            "unit",
            "source",
            "source_url",
            "reference",
            "frequency",
            "kind",
            "direction",
            "level",
            "allow_negative",
            "whole_numbers",
            "caveat",
        ]
        labels = {
            "name": "Naam",
            "definition": "Definitie",
            "unit": "Eenheid",
            "source": "Bron",
            "source_url": "Bronadres (niet verplicht)",
            "reference": "Peildatum of periode",
            "frequency": "Frequentie",
            "kind": "Soort",
            "direction": "Richting",
            "level": "Gemeten per",
            "allow_negative": "Negatieve waarden toegestaan",
            "whole_numbers": "Enkel gehele getallen (een telling)",
            "caveat": "Let op (niet verplicht)",
        }
        help_texts = {
            "unit": "Bv. uitleenbeurten, EUR, %. Een eenheid die met % begint, laat hoogstens "
            "100 toe.",
            "level": "Per gemeente: één waarde per partner. Per IGS: één waarde voor het IGS.",
        }
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            "caveat": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, slug: str, igs_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.slug = slug
        self.fields["kind"].choices = list(KINDS.items())
        self.fields["direction"].choices = list(DIRECTIONS.items())
        self.fields["level"].choices = list(LEVELS.items())
        if self.instance.pk is None:
            self.initial.setdefault("kind", "own")
            self.initial.setdefault("direction", "up")
            self.initial.setdefault("level", "municipality")
            self.initial.setdefault("reference", "kalenderjaar")
            self.initial.setdefault("frequency", "jaarlijks")
            self.initial.setdefault("source", f"eigen registratie van {igs_name}")
        else:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = "De code verandert niet meer."
        for name in ("name", "definition", "unit", "source", "reference", "frequency"):
            self.fields[name].required = True

    def clean_code(self):
        if self.instance.pk is not None:
            return self.instance.code
        code = self.cleaned_data.get("code", "").strip().upper()
        if not code:
            return ""
        if not CODE_RE.fullmatch(code):
            raise forms.ValidationError(
                f"“{code[:CODE_MAX]}” mag enkel letters (A–Z, zonder accenten), cijfers en _ "
                "bevatten en begint met een letter."
            )
        problem = catalogue_collision(code)
        if problem:
            raise forms.ValidationError(problem)
        return code

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("code") and self.instance.pk is None:
            data["code"] = code_from_name(self.slug, data.get("name", ""))
        if self.instance.pk is not None:
            self._check_existing(data)
        return data

    def _check_existing(self, data) -> None:
        """Rules that the measurements already there must still satisfy."""
        measured = Measurement.objects.filter(indicator=self.instance)
        if not measured.exists():
            return
        if data.get("level") and data["level"] != self.instance.level:
            self.add_error(
                "level",
                "Er zijn al metingen "
                f"{'per gemeente' if self.instance.level == 'municipality' else 'per IGS'}: "
                "verwijder ze eerst of maak een nieuwe indicator.",
            )
        if not data.get("allow_negative") and measured.filter(value__lt=0).exists():
            self.add_error(
                "allow_negative", "Er zijn al negatieve metingen; die zouden niet meer kunnen."
            )
        if data.get("whole_numbers"):
            values = measured.values_list("value", flat=True)[:10_000]
            if any(v != v.to_integral_value() for v in values):
                self.add_error(
                    "whole_numbers",
                    "Er zijn al metingen met decimalen; die zouden niet meer kunnen.",
                )
        if (data.get("unit") or "").startswith("%") and measured.filter(value__gt=100).exists():
            self.add_error("unit", "Er zijn al metingen boven 100; een percentage kan dat niet.")

    def save(self, commit=True):
        ind = super().save(commit=False)
        if ind.pk is None:
            ind.code = self.cleaned_data["code"]
            ind.igs = self.slug
        if commit:
            ind.save()
        return ind


# --------------------------------------------------------------------------------------------
# Shared helpers
# --------------------------------------------------------------------------------------------


def _bad(request, message: str, status: int = 400):
    return render(request, "monitor/eigen_fout.html", {"message": message}, status=status)


def _igs(request, slug: str):
    """((slug, name) of the IGS, None), or (None, the page to answer instead: how to load data,
    or a 404 page in Dutch)."""
    atlas = get_atlas()
    if atlas is None:
        return None, no_data(request)
    try:
        slug = find_igs(atlas, slug[:100])
    except ValueError:
        return None, _bad(request, f"Er is geen IGS met de naam '{slug[:100]}'.", 404)
    return (slug, atlas.partnerships[slug].name), None


def own_indicators(slug: str):
    return Indicator.objects.filter(igs=slug).order_by("name", "code")


def own_indicators_by_igs(atlas: Atlas | None) -> list[tuple[str, str, list[Indicator]]]:
    """Every IGS with own indicators: (slug, name, indicators), by name (for the catalogue)."""
    groups: dict[str, list[Indicator]] = {}
    for ind in Indicator.objects.exclude(igs="").order_by("name", "code"):
        groups.setdefault(ind.igs, []).append(ind)
    names = {
        s: (atlas.partnerships[s].name if atlas and s in atlas.partnerships else s) for s in groups
    }
    return sorted(((s, names[s], inds) for s, inds in groups.items()), key=lambda t: t[1].lower())


def _measurement_counts(inds) -> dict[int, int]:
    from django.db.models import Count

    return dict(
        Indicator.objects.filter(pk__in=[i.pk for i in inds])
        .annotate(n=Count("measurements"))
        .values_list("pk", "n")
    )


def _find_own(request, slug: str, code: str):
    """((slug, IGS name, own indicator ``code``), None), or (None, the page to answer instead,
    as :func:`_igs`; a 404 for an unknown code)."""
    found, error = _igs(request, slug)
    if error:
        return None, error
    slug, name = found
    ind = Indicator.objects.filter(igs=slug, code=code[:CODE_MAX]).first()
    if ind is None:
        return None, _bad(
            request, f"{name} heeft geen eigen indicator met de code '{code[:60]}'.", 404
        )
    return (slug, name, ind), None


def _login(request):
    return redirect_to_login(request.get_full_path())


def _igs_place(slug: str) -> Place:
    return Place(igs=frozenset([slug]))


def _refused(request, what: str, place) -> object:
    """The Dutch 403 page: what the user may not do and which role would allow it."""
    return _bad(request, f"{what} {needed_roles(get_atlas(), place)}", 403)


# --------------------------------------------------------------------------------------------
# The IGS's own indicators
# --------------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def own_list(request, slug: str):
    if request.method == "POST" and not request.user.is_authenticated:
        return _login(request)
    found, error = _igs(request, slug)
    if error:
        return error
    slug, name = found
    status = 200
    form = None
    may = request.user.is_authenticated and may_write(request.user, _igs_place(slug))
    if request.method == "POST" and not may:
        return _refused(
            request, f"Je kunt geen eigen indicator toevoegen voor {name}.", _igs_place(slug)
        )
    if may:
        if request.method == "POST":
            form = OwnIndicatorForm(request.POST, slug=slug, igs_name=name)
            if form.is_valid():
                ind = form.save()
                messages.success(
                    request,
                    f"De indicator “{ind.name}” ({ind.code}) is toegevoegd. Vul hieronder de "
                    "cijfers in.",
                )
                return redirect(_entry_url(ind.code, slug, _default_year()))
            status = 400
        else:
            form = OwnIndicatorForm(slug=slug, igs_name=name)
    inds = list(own_indicators(slug))
    counts = _measurement_counts(inds)
    rows = [
        {
            "ind": i,
            "n": counts.get(i.pk, 0),
            "n_text": format_number(counts.get(i.pk, 0)),
            "kind": label(i.kind),
            "level": label(i.level),
            "direction": label(i.direction),
            "entry_url": _entry_url(i.code, slug, _default_year()),
            "page_url": reverse("monitor_igs", args=[slug]) + "?" + urlencode({"indicator": i.code})
            if i.level == "municipality" and counts.get(i.pk)
            else "",
        }
        for i in inds
    ]
    context = {
        "slug": slug,
        "igs_name": name,
        "rows": rows,
        "form": form,
        "may_write": may,
        "needed": needed_roles(get_atlas(), _igs_place(slug)),
        "entry_choices": entry_choices(slug) if request.user.is_authenticated else [],
        "years": _year_options(),
        "default_year": _default_year(),
    }
    return render(request, "monitor/eigen.html", context, status=status)


def entry_choices(slug: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The indicators an IGS may enter by hand: its own and the catalogue's that are not a
    survey (grouped for a select)."""
    own_ = [(i.code, f"{i.name} ({i.code})") for i in own_indicators(slug)]
    catalogue = [
        (code, f"{name} ({code})")
        for code, name in Indicator.objects.filter(igs="")
        .exclude(kind="survey")
        .order_by("name")
        .values_list("code", "name")
    ]
    groups = [("Eigen indicatoren", own_), ("Catalogus van Samenspel", catalogue)]
    return [(title, opts) for title, opts in groups if opts]


def _year_options() -> list[int]:
    this = date.today().year
    return list(range(this, this - 8, -1))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def own_edit(request, slug: str, code: str):
    found, error = _find_own(request, slug, code)
    if error:
        return error
    slug, name, ind = found
    if not may_write(request.user, ind):
        return _refused(request, f"Je kunt de indicator “{ind.name}” niet wijzigen.", ind)
    status = 200
    if request.method == "POST":
        form = OwnIndicatorForm(request.POST, instance=ind, slug=slug, igs_name=name)
        if form.is_valid():
            form.save()
            messages.success(request, f"De indicator “{ind.name}” ({ind.code}) is gewijzigd.")
            return redirect("monitor_own_indicators", slug=slug)
        status = 400
    else:
        form = OwnIndicatorForm(instance=ind, slug=slug, igs_name=name)
    # an own indicator is public; this page is for those who may change it
    context = {
        "slug": slug,
        "igs_name": name,
        "ind": ind,
        "form": form,
        "history": history_entries(ind),
    }
    return render(request, "monitor/eigen_wijzig.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def own_delete(request, slug: str, code: str):
    found, error = _find_own(request, slug, code)
    if error:
        return error
    slug, name, ind = found
    if not may_write(request.user, ind):
        return _refused(request, f"Je kunt de indicator “{ind.name}” niet verwijderen.", ind)
    n = ind.measurements.count()
    refusal = ""
    if request.method == "POST":
        confirmed = request.POST.get("bevestig", "")
        if n and confirmed != str(n):
            refusal = (
                f"“{ind.name}” heeft {format_number(n)} meting{'en' if n != 1 else ''}. Vink aan "
                "dat die metingen mee verwijderd worden, of laat de indicator staan."
                if not confirmed
                else f"Intussen heeft “{ind.name}” {format_number(n)} metingen (je bevestigde "
                f"er {confirmed[:10]}). Kijk opnieuw en bevestig."
            )
        else:
            with transaction.atomic():
                for m in Measurement.objects.filter(indicator=ind, batch__isnull=True):
                    m.record_deletion()
                Measurement.objects.filter(indicator=ind).delete()
                ind.delete()
            messages.success(
                request,
                f"De indicator “{ind.name}” ({ind.code}) is verwijderd"
                + (f", met {format_number(n)} metingen." if n else "."),
            )
            return redirect("monitor_own_indicators", slug=slug)
    context = {
        "slug": slug,
        "igs_name": name,
        "ind": ind,
        "n": n,
        "n_text": format_number(n),
        "refusal": refusal,
    }
    return render(request, "monitor/eigen_verwijder.html", context, status=409 if refusal else 200)


# --------------------------------------------------------------------------------------------
# Manual entry
# --------------------------------------------------------------------------------------------


def _default_year() -> int:
    return date.today().year - 1


def _entry_url(code: str, slug: str, year: int) -> str:
    return (
        reverse("monitor_manual_entry")
        + "?"
        + urlencode({"indicator": code, "igs": slug, "jaar": year})
    )


def show_value(value: Decimal) -> str:
    """A stored value in Belgian notation with the decimals it has (``250.000,5``)."""
    exponent = value.normalize().as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    return format_number(value, min(decimals, 6))


@dataclass
class Area:
    key: str  # the form field's name
    refnis: str
    igs: str
    name: str
    #: The IGS whose page the value is entered on (a partner's value belongs to it too).
    context_igs: str = ""
    #: May the user write this area's value? (set by :func:`manual_entry`)
    open: bool = True

    @property
    def place(self) -> Place:
        slugs = {s for s in (self.igs, self.context_igs) if s}
        return Place(igs=frozenset(slugs), refnis=frozenset([self.refnis] if self.refnis else []))


@dataclass
class Current:
    """The value that counts for an area, and where it comes from."""

    value: Decimal | None = None
    source: str = ""
    manual: Measurement | None = None
    imported_value: Decimal | None = None
    imported_source: str = ""


def _batch_text(m: Measurement) -> str:
    b = m.batch
    return f"ingelezen uit {b.file_name} op {localtime(b.imported_at):%d/%m/%Y}"


def current_values(ind: Indicator, year: int, areas: list[Area]) -> dict[str, Current]:
    """Per area the value that counts in ``year`` (a manual entry before the newest import,
    as :func:`samenspel.monitor.services.yearly_values`) and its source in words."""
    refnis = [a.refnis for a in areas if a.refnis]
    slugs = [a.igs for a in areas if a.igs]
    rows = (
        Measurement.objects.filter(indicator=ind, year=year, label="", part_refnis="")
        .filter(Q(refnis__in=refnis, igs="") | Q(igs__in=slugs, refnis=""))
        .select_related("batch")
    )
    newest: dict[str, Measurement] = {}
    manual: dict[str, Measurement] = {}
    for m in rows:
        key = m.refnis or m.igs
        if m.batch_id is None:
            manual[key] = m
        else:
            best = newest.get(key)
            if best is None or (m.batch.imported_at, m.batch_id) > (
                best.batch.imported_at,
                best.batch_id,
            ):
                newest[key] = m
    who = _manual_authors(list(manual.values()))
    out: dict[str, Current] = {}
    for a in areas:
        key = a.refnis or a.igs
        c = Current()
        imp = newest.get(key)
        if imp is not None:
            c.imported_value, c.imported_source = imp.value, _batch_text(imp)
        man = manual.get(key)
        if man is not None:
            c.value, c.manual = man.value, man
            author, when = who.get(man.pk, ("", None))
            c.source = (
                f"manueel ingevoerd door {author} op {localtime(when):%d/%m/%Y om %H:%M}"
                if author
                else "manueel ingevoerd (wie en wanneer is niet bewaard)"
            )
        elif imp is not None:
            c.value, c.source = c.imported_value, c.imported_source
        out[a.key] = c
    return out


def _manual_authors(measurements: list[Measurement]) -> dict[int, tuple[str, object]]:
    """Per manual value who entered it last and when: from its history (the person's name, or
    "een verwijderde gebruiker"), else from the admin log (values entered before the history
    existed)."""
    if not measurements:
        return {}
    out: dict[int, tuple[str, object]] = {
        pk: (e.user.get_username(), e.action_time)
        for pk, e in _manual_log(measurements).items()
        if e.user_id
    }
    rows = (
        Measurement.history.filter(id__in=[m.pk for m in measurements], history_type__in=["+", "~"])
        .select_related("history_user__person")
        .order_by("history_date", "history_id")
    )
    for h in rows:  # the latest one wins
        if h.history_user_id is not None:
            out[h.id] = (user_display_name(h.history_user), h.history_date)
        elif h.history_change_reason == DELETED_USER_MARK:
            out[h.id] = ("een verwijderde gebruiker", h.history_date)
    return out


def _manual_log(measurements: list[Measurement]) -> dict[int, LogEntry]:
    if not measurements:
        return {}
    ct = ContentType.objects.get_for_model(Measurement)
    entries = (
        LogEntry.objects.filter(
            content_type=ct,
            object_id__in=[str(m.pk) for m in measurements],
            action_flag__in=[ADDITION, CHANGE],
        )
        .select_related("user")
        .order_by("action_time", "pk")
    )
    return {int(e.object_id): e for e in entries}  # the latest one wins


class ManualEntryForm(forms.Form):
    """One text field per area (a Belgian number) and a note; checked per indicator."""

    opmerking = forms.CharField(
        label="Opmerking (niet verplicht)",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Bv. waar het cijfer vandaan komt; bewaard bij elke ingevulde waarde.",
    )

    def __init__(self, *args, indicator: Indicator, areas: list[Area], **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.areas = areas
        fields = {}
        for a in areas:
            fields[a.key] = forms.CharField(
                label=a.name,
                required=False,
                max_length=40,
                # a locked field keeps its initial value whatever is posted
                disabled=not a.open,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )
        # the areas first, the note last
        self.fields = {**fields, "opmerking": self.fields["opmerking"]}

    def clean(self):
        data = super().clean()
        ind = self.indicator
        values: dict[str, Decimal | None] = {}
        for a in self.areas:
            raw = (data.get(a.key) or "").strip()
            if not raw:
                values[a.key] = None
                continue
            try:
                value = parse_number(
                    raw, what=a.name, maximum=MAX_VALUE, minimum=-MAX_VALUE, decimals=6
                )
            except ValueError as exc:
                self.add_error(a.key, str(exc))
                continue
            if value < 0 and not ind.allow_negative:
                self.add_error(
                    a.key,
                    f"{a.name}: een negatief getal ({show_value(value)}) kan niet voor "
                    f"“{ind.name}”.",
                )
            elif ind.whole_numbers and value != value.to_integral_value():
                self.add_error(
                    a.key,
                    f"{a.name}: “{ind.name}” telt hele eenheden; {show_value(value)} is geen "
                    "geheel getal.",
                )
            elif ind.unit.startswith("%") and value > 100:
                self.add_error(
                    a.key,
                    f"{a.name}: “{ind.name}” is een percentage; {show_value(value)} is meer "
                    "dan 100.",
                )
            else:
                values[a.key] = value
        data["values"] = values
        return data


def _areas(atlas: Atlas, ind: Indicator, slug: str, year: int) -> tuple[list[Area], str]:
    """The fields of the entry form: the partners on 1 January of ``year`` (by name) or the
    IGS itself; with a note when the year lies outside the data's period."""
    if ind.level == "igs":
        return [Area(f"igs_{slug}", "", slug, atlas.partnerships[slug].name, slug)], ""
    on, outside = peildatum(year)
    codes = igs_members(atlas, slug, on)
    munis = atlas.municipalities
    areas = [
        Area(f"refnis_{c}", c, "", munis[c].name, slug)
        for c in sorted(codes, key=lambda c: munis[c].name)
    ]
    return areas, outside or ""


def _parse_entry_request(request, atlas: Atlas):
    """(indicator, slug, year) from the query, or a Dutch message."""
    code = request.GET.get("indicator", "").strip()[:CODE_MAX]
    raw_slug = request.GET.get("igs", "").strip()[:100]
    raw_year = request.GET.get("jaar", "").strip()[:20]
    if not code or not raw_slug:
        return None, (
            "Kies een indicator en een IGS, bv. /monitor/invoer/?indicator=CODE&igs=SLUG&jaar="
            f"{_default_year()}. De eigen indicatoren van een IGS staan op "
            "/monitor/igs/SLUG/eigen/."
        )
    ind = Indicator.objects.filter(code=code).first()
    if ind is None:
        return None, f"Onbekende indicator '{code}'. De codes staan in de catalogus (/monitor/)."
    if ind.kind == "survey":
        return None, (
            f"“{ind.name}” is een bevraging ({ind.source}): die cijfers komen uit de bron en "
            "worden niet met de hand ingevoerd."
        )
    try:
        slug = find_igs(atlas, raw_slug)
    except ValueError:
        return None, f"Er is geen IGS met de naam '{raw_slug}'."
    if ind.igs and ind.igs != slug:
        return None, (
            f"“{ind.name}” is een eigen indicator van een ander IGS ({ind.igs}); enkel dat IGS "
            "vult hem in."
        )
    year = _default_year()
    if raw_year:
        if not raw_year.isdecimal() or not YEARS[0] <= int(raw_year) <= YEARS[1]:
            return None, f"'{raw_year}' is geen jaar tussen {YEARS[0]} en {YEARS[1]}."
        year = int(raw_year)
    return (ind, slug, year), ""


def _save_entry(form: ManualEntryForm, ind: Indicator, year: int, user) -> tuple[int, int, int]:
    """Write the manual values, all or nothing: (added, changed, removed)."""
    values: dict[str, Decimal | None] = form.cleaned_data["values"]
    note = form.cleaned_data.get("opmerking", "").strip()
    added = changed = removed = 0
    with transaction.atomic():
        for a in form.areas:
            if not a.open:  # no role there: never written, whatever was posted
                continue
            value = values[a.key]
            existing = (
                Measurement.objects.select_for_update()
                .filter(
                    indicator=ind,
                    refnis=a.refnis,
                    igs=a.igs,
                    part_refnis="",
                    year=year,
                    label="",
                    batch__isnull=True,
                )
                .first()
            )
            if value is None:
                if existing is not None:
                    LogEntry.objects.log_actions(
                        user.pk, [existing], DELETION, f"{MANUAL}: geschrapt"
                    )
                    existing.record_deletion()
                    existing.delete()
                    removed += 1
                continue
            if existing is None:
                m = Measurement.objects.create(
                    indicator=ind, refnis=a.refnis, igs=a.igs, year=year, value=value, note=note
                )
                LogEntry.objects.log_actions(user.pk, [m], ADDITION, MANUAL)
                added += 1
            elif existing.value != value or existing.note != note:
                before = show_value(existing.value)
                existing.value, existing.note = value, note
                existing.save(update_fields=["value", "note"])
                LogEntry.objects.log_actions(
                    user.pk, [existing], CHANGE, f"{MANUAL}: {before} → {show_value(value)}"
                )
                changed += 1
    return added, changed, removed


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def manual_entry(request):
    atlas = get_atlas()
    if atlas is None:
        return no_data(request)
    parsed, problem = _parse_entry_request(request, atlas)
    if problem:
        return _bad(request, problem)
    ind, slug, year = parsed
    igs_name = atlas.partnerships[slug].name
    try:
        areas, outside = _areas(atlas, ind, slug, year)
    except ValueError as exc:
        return _bad(request, str(exc))
    if not areas:
        return _bad(
            request, f"{igs_name} heeft in {year} geen gemeenten die er volledig bij horen."
        )
    for a in areas:
        a.open = may_write(request.user, a.place)
    if not any(a.open for a in areas):
        return _refused(
            request,
            f"Je kunt geen cijfers invoeren voor {igs_name}.",
            Place(igs=frozenset([slug]), refnis=frozenset(a.refnis for a in areas if a.refnis)),
        )
    status = 200
    if request.method == "POST":
        form = ManualEntryForm(request.POST, indicator=ind, areas=areas)
        if form.is_valid():
            try:
                added, changed, removed = _save_entry(form, ind, year, request.user)
            except IntegrityError:  # someone else saved the same value at the same moment
                return _bad(
                    request,
                    "Iemand anders bewaarde net cijfers voor dezelfde indicator, hetzelfde "
                    "jaar en dezelfde gemeente. Er is niets bewaard: open de pagina opnieuw "
                    "en kijk na.",
                    409,
                )
            parts = [
                f"{n} {what}"
                for n, what in (
                    (added, "toegevoegd"),
                    (changed, "gewijzigd"),
                    (removed, "geschrapt"),
                )
                if n
            ]
            messages.success(
                request,
                f"“{ind.name}” {year} voor {igs_name}: "
                + (", ".join(parts) if parts else "niets veranderd")
                + ".",
            )
            return redirect(_entry_url(ind.code, slug, year))
        status = 400
    current = current_values(ind, year, areas)
    if request.method != "POST":
        initial = {
            key: show_value(c.manual.value) for key, c in current.items() if c.manual is not None
        }
        notes = {c.manual.note for c in current.values() if c.manual is not None and c.manual.note}
        if len(notes) == 1:
            initial["opmerking"] = notes.pop()
        form = ManualEntryForm(initial=initial, indicator=ind, areas=areas)
    fields = [
        {
            "field": form[a.key],
            "area": a,
            "current": current[a.key],
            "shown": show_value(current[a.key].value) if current[a.key].value is not None else "",
            "imported": show_value(current[a.key].imported_value)
            if current[a.key].manual is not None and current[a.key].imported_value is not None
            else "",
        }
        for a in areas
    ]
    rules = []
    if not ind.allow_negative:
        rules.append("geen negatieve getallen")
    if ind.whole_numbers:
        rules.append("enkel gehele getallen")
    if ind.unit.startswith("%"):
        rules.append("hoogstens 100")
    context = {
        "ind": ind,
        "slug": slug,
        "igs_name": igs_name,
        "year": year,
        "outside": outside,
        "form": form,
        "fields": fields,
        "rules": rules,
        "years": _year_options(),
        "page_url": reverse("monitor_igs", args=[slug])
        + "?"
        + urlencode({"indicator": ind.code, "jaar": year})
        if ind.level == "municipality"
        else "",
        "own_url": reverse("monitor_own_indicators", args=[slug]),
    }
    return render(request, "monitor/eigen_invoer.html", context, status=status)
