"""The Verdeelsleutel form: which municipalities, which amount, up to four keys.

Every number is a text field read with :func:`samenspel.core.numbers.parse_number` (Belgian
notation: ``250.000``, ``250.000,50``, ``250000,50`` and ``250000.50`` are all accepted) within
sane bounds, so that absurd values (``1e308``, ``inf``) get a Dutch form error instead of a crash.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.urls import reverse_lazy

from samenspel.atlas.names import find_municipalities, find_partnership, split_names
from samenspel.atlas.services import get_atlas
from samenspel.core.numbers import parse_number
from samenspel.funding import keys as _keys
from samenspel.funding.analysis import KEY_LABELS, MAX_KEYS, CostModel, KeySpec
from samenspel.funding.budget import MAX_CONTRIBUTION

KEY_CHOICES = [("", "—")] + list(KEY_LABELS.items())

#: Bounds of the form's numbers (euro unless stated otherwise).
MAX_AMOUNT = Decimal(1_000_000_000)  # amount to split, minimum per municipality, fixed cost F
MAX_FIXED = Decimal(100_000_000)  # fixed amount per municipality
MAX_RATE = Decimal(1_000)  # euro per inhabitant
MAX_WEIGHT = Decimal(1_000)  # a weight in the mix
MAX_BENEFIT = Decimal(10) ** 12  # a benefit figure (visits, tickets, …)
MAX_EXPONENT = Decimal(2)  # scale exponent b of the cost model, in (0, 2]

_REFNIS = re.compile(r"\d{5}")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _split_pairs(text: str) -> list[str]:
    """``'a=0,5,b=1'`` → ``['a=0,5', 'b=1']``: a comma only separates pairs when what follows
    it contains ``=``, so decimal commas survive. A semicolon always separates pairs; empty
    parts are skipped."""
    parts: list[str] = []
    for chunk in text.split(";"):
        current: list[list[str]] = []  # the pieces of each pair, joined once (linear time)
        for piece in chunk.split(","):
            if not piece.strip():
                continue
            if current and "=" not in piece:
                current[-1].append(piece)
            else:
                current.append([piece])
        parts.extend(",".join(p).strip() for p in current)
    return parts


def parse_pairs(
    text: str,
    field: str,
    number: Callable[[Decimal], Any] = float,
    *,
    minimum: Decimal | int | None = None,
    maximum: Decimal | int | None = None,
) -> dict[str, Any]:
    """``'a=1,b=2'`` → ``{'a': 1.0, 'b': 2.0}``, with a Dutch error naming the part that is wrong.

    Pairs are separated by commas or semicolons; the numbers are in Belgian notation
    (``inwoners=0,5;draagkracht=0,5`` and ``inwoners=0.5,draagkracht=0.5`` both work; with
    decimal commas, a comma followed by a part without ``=`` belongs to the number). Every number
    is read with :func:`~samenspel.core.numbers.parse_number` within ``minimum``/``maximum``
    and then converted with ``number`` (``float`` by default). A name given twice is refused.
    Raises :class:`django.forms.ValidationError`.
    """
    out: dict[str, Any] = {}
    for part in _split_pairs(text):
        name, sep, value = part.partition("=")
        name = name.strip()
        if not sep or not name:
            raise forms.ValidationError(f"{field}: '{part}' heeft de vorm naam=getal niet.")
        if name in out:
            raise forms.ValidationError(f"{field}: '{name}' staat er meer dan eens in.")
        try:
            out[name] = number(
                parse_number(value.strip(), what=field, minimum=minimum, maximum=maximum)
            )
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
    return out


def check_benefit_codes(benefits: Mapping[str, Any], codes: Iterable[str]) -> None:
    """Refuse benefit figures for REFNIS codes that are not among the chosen ``codes``.

    For the view, once it knows the municipalities (e.g. the members of an IGS); raises a
    :class:`ValueError` with a Dutch message naming the codes. :func:`keys.Benefit.split
    <samenspel.funding.keys.Benefit>` makes the same check when it splits.
    """
    _keys.check_benefit_codes(benefits, list(codes))


def _codes(text: str | None) -> list[str]:
    return [c.strip() for c in (text or "").split(",") if c.strip()]


class NumberField(forms.CharField):
    """A number in Belgian notation, typed as text (``inputmode="decimal"`` for phones).

    Cleans to a :class:`~decimal.Decimal` (``None`` when left empty) with
    :func:`~samenspel.core.numbers.parse_number` and the bounds given here.
    """

    def __init__(
        self,
        *,
        minimum: Decimal | int | str | None = None,
        maximum: Decimal | int | str | None = None,
        above: Decimal | int | str | None = None,
        decimals: int | None = None,
        unit: str = "",
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        )
        super().__init__(**kwargs)
        self.bounds = {
            "minimum": minimum,
            "maximum": maximum,
            "above": above,
            "decimals": decimals,
            "unit": unit,
        }

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        if text in self.empty_values:
            return None
        try:
            return parse_number(text, what=str(self.label), **self.bounds)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


def _search_box(kind: str) -> forms.TextInput:
    """A text field that ``zoeken.js`` turns into a combobox with suggestions from ``/zoek/``
    (``kind``: ``gemeente`` or ``igs``); without JavaScript it stays a plain text field."""
    attrs = {
        "autocomplete": "off",
        "spellcheck": "false",
        "data-zoek": kind,
        "data-zoek-url": reverse_lazy("search"),
    }
    if kind == "gemeente":
        attrs["data-zoek-lijst"] = "1"  # several names, separated by commas
    return forms.TextInput(attrs=attrs)


class ComparisonForm(forms.Form):
    igs = forms.CharField(
        label="IGS",
        required=False,
        max_length=200,
        widget=_search_box("igs"),
        help_text="Typ een deel van de naam, bv. Zuidwest. Leeg: enkel de gemeenten hieronder.",
    )
    gemeenten = forms.CharField(
        label="Gemeenten (namen of REFNIS-codes, komma-gescheiden)",
        required=False,
        max_length=5_000,
        widget=_search_box("gemeente"),
        help_text="Bv. Eeklo, Evergem, Aalter. Leeg: de leden van het IGS.",
    )
    extra = forms.CharField(
        label="Voeg gemeenten toe (namen of REFNIS-codes)",
        required=False,
        max_length=5_000,
        widget=_search_box("gemeente"),
        help_text="Bv. een centrumstad die zou toetreden: Gent (of 44021).",
    )
    bedrag = NumberField(
        label="Te verdelen bedrag (€ per jaar)",
        minimum="0.01",
        maximum=MAX_AMOUNT,
        decimals=2,
        unit="€",
        help_text="Bv. 250.000 of 250.000,50. Leeg: wat de gemeenten vandaag samen bijdragen "
        "(als je dat hieronder opgeeft), anders de minimale gemeentelijke cofinanciering vanaf "
        "2027.",
    )
    jaarbudget = NumberField(
        label="Jaarbudget van het IGS vandaag (€ per jaar)",
        minimum=0,
        maximum=MAX_AMOUNT,
        decimals=2,
        unit="€",
        help_text="Alle uitgaven van een jaar, bv. 420.000. Leeg: niet gekend. Wat elke gemeente "
        "vandaag bijdraagt, geef je na “Vergelijk” op bij “Het budget zoals het is”.",
    )
    sleutel_1 = forms.ChoiceField(label="Sleutel 1", choices=KEY_CHOICES, required=False)
    sleutel_2 = forms.ChoiceField(label="Sleutel 2", choices=KEY_CHOICES, required=False)
    sleutel_3 = forms.ChoiceField(label="Sleutel 3", choices=KEY_CHOICES, required=False)
    sleutel_4 = forms.ChoiceField(label="Sleutel 4", choices=KEY_CHOICES, required=False)
    vast = NumberField(
        label="Vast bedrag per gemeente (€)",
        minimum=0,
        maximum=MAX_FIXED,
        decimals=2,
        unit="€",
        initial="4.000",
    )
    per_inwoner = NumberField(
        label="Bedrag per inwoner (€)",
        minimum=0,
        maximum=MAX_RATE,
        decimals=6,
        unit="€",
        help_text="Bv. 0,235. Vast + per inwoner: geef één van beide en de rest volgt uit het "
        "bedrag.",
    )
    gewichten = forms.CharField(
        label="Gewichten van de mix",
        required=False,
        max_length=1_000,
        initial="inwoners=0.5,draagkracht=0.3,profijt=0.2",
    )
    profijt = forms.CharField(
        label="Profijtcijfers per gemeente (REFNIS=getal)",
        required=False,
        max_length=20_000,
        help_text="Bv. bezoekers of verkochte tickets per postcode. Leeg: Huff-model.",
    )
    max_aandeel = NumberField(
        label="Plafond: maximaal aandeel per gemeente (%)",
        minimum=1,
        maximum=100,
        decimals=4,
        unit="%",
    )
    minimum = NumberField(
        label="Minimum per gemeente (€)", minimum=0, maximum=MAX_AMOUNT, decimals=2, unit="€"
    )
    vaste_kost = NumberField(
        label="Kostenmodel: vaste kost F (€)",
        minimum=0,
        maximum=MAX_AMOUNT,
        decimals=2,
        unit="€",
        initial="25.000",
    )
    schaal = NumberField(
        label="Kostenmodel: schaalexponent b",
        above=0,
        maximum=MAX_EXPONENT,
        decimals=6,
        initial="0,8",
        help_text="Groter dan 0 en hoogstens 2; onder 1 zijn er schaalvoordelen.",
    )

    aaneengesloten = forms.BooleanField(
        label="Aanname: een IGS moet vanaf 2027 één aaneengesloten gebied zijn",
        required=False,
        help_text="Geen bron stelt dit; standaard uit. Aan: een groep uit losse delen krijgt "
        "geen subsidie, ook niet in het kostenmodel.",
    )

    band = forms.BooleanField(
        label="Bereken ook de win-win-band per gemeente",
        required=False,
        help_text="Tot 16 gemeenten; kan enkele seconden duren.",
    )

    WHO = ("igs", "gemeenten", "extra", "bedrag", "jaarbudget")
    LABELS = {"gemeenten": "Gemeenten", "extra": "Voeg gemeenten toe"}  # in error messages
    KEYS = tuple(f"sleutel_{i}" for i in range(1, MAX_KEYS + 1))
    SETTINGS = (
        "vast",
        "per_inwoner",
        "gewichten",
        "profijt",
        "max_aandeel",
        "minimum",
        "vaste_kost",
        "schaal",
        "spel",
        "aaneengesloten",
        "band",
    )

    def group(self, names):
        return [self[n] for n in names]

    @property
    def who_fields(self):
        return self.group(self.WHO)

    @property
    def key_fields(self):
        return self.group(self.KEYS)

    @property
    def setting_fields(self):
        return self.group(self.SETTINGS)

    spel = forms.ChoiceField(
        label="Kostenspel",
        required=False,
        choices=[
            ("subsidie", "met de Vlaamse subsidie die een groep alleen zou krijgen (regels 2027)"),
            ("kosten", "enkel de kosten, zonder subsidie"),
        ],
        initial="subsidie",
    )

    def __init__(self, *args: Any, atlas: Any = None, **kwargs: Any) -> None:
        """``atlas``: the snapshot to find names in; by default the newest one
        (:func:`~samenspel.atlas.services.get_atlas`), fetched only when a field holds a name."""
        super().__init__(*args, **kwargs)
        self.atlas = atlas

    def clean_igs(self) -> str:
        """An IGS by name or slug (``Zuidwest``, ``zuidwest``, ``ZENDER``) → its slug."""
        text = self.cleaned_data.get("igs", "").strip()
        if not text or (self.atlas is None and _SLUG.fullmatch(text)):
            return text  # a slug, as the IGS pages and saved links send it: the view checks it
        atlas = self.atlas or get_atlas()
        if atlas is None:
            return text
        try:
            return find_partnership(atlas, text, "IGS")
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def _municipality_codes(self, name: str) -> str:
        """Names or REFNIS codes → REFNIS codes, comma-separated (unknown codes are passed on:
        the view names them)."""
        text = self.cleaned_data.get(name, "")
        if all(_REFNIS.fullmatch(part) for part in split_names(text)):
            return text  # only codes (or nothing): no need for the Atlas
        atlas = self.atlas or get_atlas()
        if atlas is None:
            return text
        try:
            return ",".join(find_municipalities(atlas, text, self.LABELS[name]))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_gemeenten(self) -> str:
        return self._municipality_codes("gemeenten")

    def clean_extra(self) -> str:
        return self._municipality_codes("extra")

    def clean(self):
        data = super().clean()
        chosen = ("igs", "gemeenten", "extra")
        if not any(data.get(n) for n in chosen) and not any(n in self.errors for n in chosen):
            self.add_error("igs", "Kies een IGS of geef minstens één gemeente.")
        keys = [data.get(f"sleutel_{i}") for i in range(1, MAX_KEYS + 1)]
        data["keys"] = [k for k in keys if k] or ["inwoners", "vast-plus-inwoners", "draagkracht"]
        if data.get("gewichten"):
            try:
                data["weights"] = self._weights(data["gewichten"])
            except forms.ValidationError as exc:
                self.add_error("gewichten", exc)
        if data.get("profijt"):
            try:
                data["benefits"] = self._benefits(
                    data["profijt"], _codes(data.get("gemeenten")), _codes(data.get("extra"))
                )
            except forms.ValidationError as exc:
                self.add_error("profijt", exc)
        return data

    @staticmethod
    def _weights(text: str) -> dict[str, float]:
        weights = parse_pairs(text, "Gewichten van de mix", minimum=0, maximum=MAX_WEIGHT)
        unknown = [k for k in weights if k not in KEY_LABELS]
        if unknown:
            raise forms.ValidationError(f"Onbekende sleutel in de mix: {', '.join(unknown)}.")
        return weights

    @staticmethod
    def _benefits(text: str, chosen: list[str], extra: list[str]) -> dict[str, float]:
        benefits = parse_pairs(text, "Profijtcijfers", minimum=0, maximum=MAX_BENEFIT)
        bad = [f"'{code}'" for code in benefits if not _REFNIS.fullmatch(code)]
        if len(bad) == 1:
            raise forms.ValidationError(
                f"Profijtcijfers: {bad[0]} is geen REFNIS-code (vijf cijfers, bv. 44021=1.200)."
            )
        if bad:
            raise forms.ValidationError(
                f"Profijtcijfers: {', '.join(bad)} zijn geen REFNIS-codes (vijf cijfers, "
                "bv. 44021=1.200)."
            )
        if chosen:  # without explicit codes the IGS's members are only known to the view
            try:
                check_benefit_codes(benefits, chosen + extra)
            except ValueError as exc:
                raise forms.ValidationError(str(exc)) from None
        return benefits

    def specs(self) -> list[KeySpec]:
        d = self.cleaned_data
        max_share = float(d["max_aandeel"] / 100) if d.get("max_aandeel") else None
        minimum = float(d["minimum"]) if d.get("minimum") is not None else None
        fixed = float(d["vast"]) if d.get("vast") is not None else None
        rate = float(d["per_inwoner"]) if d.get("per_inwoner") is not None else None
        if fixed is None and rate is None:
            fixed = 4000.0
        return [
            KeySpec(
                name,
                fixed=fixed if name == "vast-plus-inwoners" else None,
                per_inhabitant=rate if name == "vast-plus-inwoners" else None,
                weights=d.get("weights") or {"inwoners": 0.5, "draagkracht": 0.3, "profijt": 0.2}
                if name == "mix"
                else None,
                benefits=d.get("benefits"),
                max_share=max_share,
                minimum=minimum,
            )
            for name in d["keys"]
        ]

    def model(self) -> CostModel:
        d = self.cleaned_data
        return CostModel(
            fixed_cost=float(d["vaste_kost"]) if d.get("vaste_kost") is not None else 25_000.0,
            exponent=float(d["schaal"]) if d.get("schaal") is not None else 0.8,
            with_subsidy=d.get("spel") != "kosten",
        )


#: Query parameters that hold what a partner pays today: ``bijdrage_<REFNIS>``.
CONTRIBUTION_PREFIX = "bijdrage_"
#: The most ``bijdrage_…`` parameters one page reads (more than any group can have).
MAX_CONTRIBUTION_FIELDS = 100


def contribution_field(code: str) -> str:
    return f"{CONTRIBUTION_PREFIX}{code}"


class ContributionsForm(forms.Form):
    """What each partner pays today: one Belgian-number field per partner
    (``bijdrage_<REFNIS>``), all of them or none (0 is allowed).

    ``members``: REFNIS → name of the group's partners. Cleans to ``contributions`` (REFNIS →
    Decimal, in the order of ``members``; ``None`` when nothing was given). A ``bijdrage_…`` for a
    municipality outside the group is refused."""

    def __init__(self, data: Mapping[str, Any] | None, members: Mapping[str, str]) -> None:
        super().__init__(data)
        self.members = dict(members)
        for code, name in self.members.items():
            self.fields[contribution_field(code)] = NumberField(
                label=name,
                minimum=0,
                maximum=MAX_CONTRIBUTION,
                decimals=2,
                unit="€",
            )

    def rows(self):
        """Per partner its REFNIS and its bound field (for the page's table)."""
        return [(code, self[contribution_field(code)]) for code in self.members]

    def clean(self):
        data = super().clean()
        keys = [k for k in (self.data or {}) if k.startswith(CONTRIBUTION_PREFIX)]
        if len(keys) > MAX_CONTRIBUTION_FIELDS:
            raise forms.ValidationError(
                f"Te veel bijdragen: {len(keys)}, hoogstens {MAX_CONTRIBUTION_FIELDS}."
            )
        stray = [k[len(CONTRIBUTION_PREFIX) :] for k in keys]
        stray = [c for c in stray if c not in self.members]
        if stray:
            shown = ", ".join(c[:10] for c in stray[:5])
            raise forms.ValidationError(
                f"Bijdrage voor {shown}: die gemeente hoort niet bij deze groep."
            )
        values = {c: data.get(contribution_field(c)) for c in self.members}
        missing = [self.members[c] for c, v in values.items() if v is None]
        if self.errors:
            return data
        if len(missing) == len(values):
            data["contributions"] = None
        elif missing:
            raise forms.ValidationError(
                "Geef wat elke gemeente vandaag bijdraagt (0 mag), of laat alles leeg. "
                f"Ontbreekt: {', '.join(missing)}."
            )
        else:
            data["contributions"] = values
        return data

    @property
    def contributions(self) -> dict[str, Decimal] | None:
        """The contributions, when the form is valid and holds them."""
        if not self.is_valid():
            return None
        return self.cleaned_data.get("contributions")
