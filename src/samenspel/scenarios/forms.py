"""The forms of the scenario page: how a scenario is made, moved, saved.

Every form is read from a GET query (so a scenario made with it can be shared by link) except
saving, which is a POST. Municipalities and IGS are chosen by name with the suggestions of
``/zoek/`` (``zoeken.js``), or by REFNIS code / slug; numbers are Belgian (``85.000``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from samenspel.atlas.forms import search_box
from samenspel.atlas.names import find_municipalities, find_partnership
from samenspel.core.numbers import format_number
from samenspel.funding.forms import NumberField
from samenspel.partnerships.rules import RULES_2027
from samenspel.scenarios.models import NAME_MAX

FLANDERS = "vlaanderen"
#: Highest floor the form accepts (more than the population of Flanders).
MAX_FLOOR = Decimal(10_000_000)
MAX_SEED = 1_000_000
RULES_CHOICES = [("2027", "vanaf 2027"), ("2020", "2020–2026")]
ISLAND_CHOICES = [
    ("weglaten", "weglaten (en melden)"),
    ("eigen", "als eigen groep (onder de drempel)"),
    ("fout", "niet rekenen: melden als fout"),
]
OBJECTIVE_CHOICES = [
    ("heterogeniteit", "zo gelijkaardig mogelijke gemeenten per groep"),
    ("compactheid", "zo weinig mogelijk grens tussen groepen (compact)"),
]


def _problems(form: forms.Form) -> str:
    """All errors of a form as one Dutch sentence (for the 400 page)."""
    out = []
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        text = " ".join(errors)
        out.append(f"{label}: {text}" if label and not text.startswith(str(label)) else text)
    return " ".join(out)


class AtlasForm(forms.Form):
    """A form that finds names in the Atlas snapshot it is given."""

    prefix_label = ""

    def __init__(self, *args: Any, atlas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.atlas = atlas

    def problems(self) -> str:
        return _problems(self)

    def _municipalities(self, name: str) -> list[str]:
        label = str(self.fields[name].label)
        try:
            codes = find_municipalities(self.atlas, self.cleaned_data.get(name, ""), label)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        unknown = [c for c in codes if c not in self.atlas.municipalities]
        if unknown:
            raise forms.ValidationError(f"Onbekende REFNIS-code(s): {', '.join(unknown)}.")
        return codes

    def _igs(self, name: str) -> str:
        text = self.cleaned_data.get(name, "").strip()
        try:
            return find_partnership(self.atlas, text, str(self.fields[name].label))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


class MaxPForm(AtlasForm):
    """A full-coverage plan computed by the max-p engine."""

    regio = forms.ChoiceField(label="Referentieregio")
    drempel = NumberField(
        label="Drempel (inwoners per groep)",
        minimum=1,
        maximum=MAX_FLOOR,
        decimals=0,
        help_text="Leeg: de drempel van de regels vanaf 2027 "
        f"({format_number(RULES_2027.min_population)} inwoners).",
    )
    behoud_igs = forms.BooleanField(label="Houd de leden van elk huidig IGS samen", required=False)
    een_centrumstad = forms.BooleanField(
        label="Hoogstens één centrumstad per groep", required=False
    )
    padafhankelijk = forms.BooleanField(
        label="Padafhankelijkheid: houd buren die al samenwerken liefst samen "
        "(cultuur-IGS, erfgoedcel, IOED, andere IGS)",
        required=False,
    )
    eilanden = forms.ChoiceField(
        label="Gemeenten die de drempel niet kunnen halen (zoals Voeren)",
        choices=ISLAND_CHOICES,
        required=False,
    )
    doel = forms.ChoiceField(label="Daarna", choices=OBJECTIVE_CHOICES, required=False)
    seed = forms.IntegerField(
        label="Toevalsgetal (zelfde getal, zelfde indeling)",
        min_value=0,
        max_value=MAX_SEED,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    regels = forms.ChoiceField(label="Regels", choices=RULES_CHOICES, required=False)

    def __init__(self, *args: Any, atlas: Any, **kwargs: Any) -> None:
        super().__init__(*args, atlas=atlas, **kwargs)
        regions = [(r.slug, r.name) for r in atlas.regions.values()]
        self.fields["regio"].choices = (
            [("", "— kies —")] + regions + [(FLANDERS, "heel Vlaanderen (in de achtergrond)")]
        )
        self.region_names = dict(regions)

    def clean_regio(self) -> str:
        value = self.cleaned_data["regio"]
        if not value:
            raise forms.ValidationError("Kies een referentieregio of heel Vlaanderen.")
        return value

    def settings(self) -> dict:
        """The run's settings with every default filled in (the identity of a run)."""
        d = self.cleaned_data
        floor = d.get("drempel")
        return {
            "regio": d["regio"],
            "drempel": int(floor if floor is not None else RULES_2027.min_population),
            "behoud_igs": bool(d.get("behoud_igs")),
            "een_centrumstad": bool(d.get("een_centrumstad")),
            "padafhankelijk": bool(d.get("padafhankelijk")),
            "eilanden": d.get("eilanden") or "weglaten",
            "doel": d.get("doel") or "heterogeniteit",
            "seed": int(d.get("seed") or 0),
            "regels": d.get("regels") or "2027",
        }

    @property
    def whole_flanders(self) -> bool:
        return self.cleaned_data.get("regio") == FLANDERS


class MergeForm(AtlasForm):
    igs_a = forms.CharField(label="Eerste IGS", max_length=200, widget=search_box("igs"))
    igs_b = forms.CharField(label="Tweede IGS", max_length=200, widget=search_box("igs"))

    def clean_igs_a(self) -> str:
        return self._igs("igs_a")

    def clean_igs_b(self) -> str:
        return self._igs("igs_b")

    def clean(self):
        data = super().clean()
        if data.get("igs_a") and data.get("igs_a") == data.get("igs_b"):
            self.add_error("igs_b", "Kies twee verschillende IGS.")
        return data


class JoinForm(AtlasForm):
    stad = forms.CharField(
        label="Centrumstad (of andere gemeente)", max_length=200, widget=search_box("gemeente")
    )
    igs = forms.CharField(label="sluit aan bij IGS", max_length=200, widget=search_box("igs"))

    def clean_stad(self) -> str:
        codes = self._municipalities("stad")
        if len(codes) != 1:
            raise forms.ValidationError("Geef precies één gemeente.")
        return codes[0]

    def clean_igs(self) -> str:
        return self._igs("igs")


class NewForm(AtlasForm):
    gemeenten = forms.CharField(
        label="Gemeenten van het nieuwe IGS (namen, komma-gescheiden)",
        max_length=5_000,
        widget=search_box("gemeente", several=True),
        help_text="Bv. Eeklo, Kaprijke, Maldegem. Ze verlaten hun huidige IGS.",
    )
    naam = forms.CharField(label="Naam (vrij te kiezen)", max_length=100, required=False)

    def clean_gemeenten(self) -> list[str]:
        codes = self._municipalities("gemeenten")
        if not codes:
            raise forms.ValidationError("Geef minstens één gemeente.")
        return codes


class CurrentForm(AtlasForm):
    regels = forms.ChoiceField(label="Regels", choices=RULES_CHOICES, required=False)


class SaveForm(forms.Form):
    naam = forms.CharField(
        label="Naam",
        max_length=NAME_MAX,
        strip=True,
        error_messages={
            "required": "Geef het scenario een naam (alleen spaties telt niet).",
            "max_length": "De naam is te lang: ten hoogste %(limit_value)d tekens, "
            "deze telt er %(show_value)d.",
        },
    )
    s = forms.CharField(widget=forms.HiddenInput, max_length=60_000)

    def problems(self) -> str:
        return _problems(self)
