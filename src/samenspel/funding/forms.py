"""The Verdeelsleutel form: which municipalities, which amount, up to four keys."""

from __future__ import annotations

from django import forms

from samenspel.funding.analysis import KEY_LABELS, MAX_KEYS, CostModel, KeySpec

KEY_CHOICES = [("", "—")] + list(KEY_LABELS.items())


def parse_pairs(text: str, field: str, number=float) -> dict[str, float]:
    """'a=1,b=2' → {'a': 1.0, 'b': 2.0}, with a Dutch error naming the part that is wrong."""
    out = {}
    for part in filter(None, (p.strip() for p in text.replace(";", ",").split(","))):
        name, sep, value = part.partition("=")
        if not sep:
            raise forms.ValidationError(f"{field}: '{part}' heeft de vorm naam=getal niet.")
        try:
            out[name.strip()] = number(value.strip().replace(",", "."))
        except ValueError:
            raise forms.ValidationError(f"{field}: '{value}' is geen getal.") from None
    return out


class ComparisonForm(forms.Form):
    igs = forms.CharField(required=False, widget=forms.HiddenInput)
    gemeenten = forms.CharField(
        label="Gemeenten (REFNIS, komma-gescheiden)",
        required=False,
        help_text="Leeg: de leden van het IGS.",
    )
    extra = forms.CharField(
        label="Voeg gemeenten toe (REFNIS)",
        required=False,
        help_text="Bv. een centrumstad die zou toetreden: 44021 voor Gent.",
    )
    bedrag = forms.DecimalField(
        label="Te verdelen bedrag (€ per jaar)",
        required=False,
        min_value=0.01,
        decimal_places=2,
        help_text="Leeg: de minimale gemeentelijke cofinanciering vanaf 2027.",
    )
    sleutel_1 = forms.ChoiceField(label="Sleutel 1", choices=KEY_CHOICES, required=False)
    sleutel_2 = forms.ChoiceField(label="Sleutel 2", choices=KEY_CHOICES, required=False)
    sleutel_3 = forms.ChoiceField(label="Sleutel 3", choices=KEY_CHOICES, required=False)
    sleutel_4 = forms.ChoiceField(label="Sleutel 4", choices=KEY_CHOICES, required=False)
    vast = forms.DecimalField(
        label="Vast bedrag per gemeente (€)", required=False, min_value=0, initial=4000
    )
    per_inwoner = forms.DecimalField(
        label="Bedrag per inwoner (€)",
        required=False,
        min_value=0,
        help_text="Vast + per inwoner: geef één van beide en de rest volgt uit het bedrag.",
    )
    gewichten = forms.CharField(
        label="Gewichten van de mix",
        required=False,
        initial="inwoners=0.5,draagkracht=0.3,profijt=0.2",
    )
    profijt = forms.CharField(
        label="Profijtcijfers per gemeente (REFNIS=getal)",
        required=False,
        help_text="Bv. bezoekers of verkochte tickets per postcode. Leeg: Huff-model.",
    )
    max_aandeel = forms.DecimalField(
        label="Plafond: maximaal aandeel per gemeente (%)",
        required=False,
        min_value=1,
        max_value=100,
    )
    minimum = forms.DecimalField(label="Minimum per gemeente (€)", required=False, min_value=0)
    vaste_kost = forms.DecimalField(
        label="Kostenmodel: vaste kost F (€)", required=False, min_value=0, initial=25_000
    )
    schaal = forms.DecimalField(
        label="Kostenmodel: schaalexponent b",
        required=False,
        min_value=0.1,
        max_value=1.5,
        initial=0.8,
    )

    WHO = ("gemeenten", "extra", "bedrag")
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
            ("subsidie", "met de Vlaamse subsidie die een groep alleen zou krijgen (2027)"),
            ("kosten", "enkel de kosten, zonder subsidie"),
        ],
        initial="subsidie",
    )

    def clean(self):
        data = super().clean()
        keys = [data.get(f"sleutel_{i}") for i in range(1, MAX_KEYS + 1)]
        data["keys"] = [k for k in keys if k] or ["inwoners", "vast-plus-inwoners", "draagkracht"]
        if data.get("gewichten"):
            weights = parse_pairs(data["gewichten"], "Gewichten van de mix")
            unknown = [k for k in weights if k not in KEY_LABELS]
            if unknown:
                raise forms.ValidationError(f"Onbekende sleutel in de mix: {', '.join(unknown)}.")
            data["weights"] = weights
        if data.get("profijt"):
            data["benefits"] = parse_pairs(data["profijt"], "Profijtcijfers")
        return data

    def specs(self) -> list[KeySpec]:
        d = self.cleaned_data
        max_share = float(d["max_aandeel"]) / 100 if d.get("max_aandeel") else None
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
