"""The forms of the network events: write or change an event, register for one.

Times are typed as local time in Belgium (Europe/Brussels, the project's ``TIME_ZONE``) with
the browser's date-and-time field; years outside :data:`MIN_YEAR`–:data:`MAX_YEAR` are refused
with a Dutch message (a typo such as 20266 never reaches the database). The organiser is an IGS
the user coordinates (any IGS for the staff of a support organisation) and/or a support
organisation of "Wie is wie" (:mod:`samenspel.accounts.organisations`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from samenspel.accounts.organisations import ORGANISATIONS
from samenspel.accounts.permissions import places
from samenspel.atlas.forms import search_box
from samenspel.atlas.names import find_municipalities
from samenspel.core.numbers import format_number
from samenspel.network.events.models import KIND_CHOICES
from samenspel.network.forms import dutch_messages

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_CAPACITY = 100_000
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class LocalDateTimeField(forms.DateTimeField):
    """A date and time typed in Belgian time. An hour that does not exist (the switch to summer
    time, e.g. 28/03/2027 02:30) or exists twice (the switch back) gets a Dutch message
    whatever the browser's language."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError as exc:
            if exc.code != "ambiguous_timezone":
                raise
            raise forms.ValidationError(
                f"{str(value).strip()[:40].replace('T', ' ')} bestaat niet of komt twee keer "
                "voor in Belgische tijd (de omschakeling tussen zomer- en wintertijd); kies een "
                "ander uur.",
                code="ambiguous_timezone",
            ) from None


def _when(label: str, required: bool = True, help_text: str = "") -> forms.DateTimeField:
    return LocalDateTimeField(
        label=label,
        required=required,
        input_formats=DATETIME_FORMATS,
        widget=DateTimeInput(),
        help_text=help_text,
        error_messages={
            "required": "Vul dit veld in.",
            "invalid": (
                f"Geef een datum en uur, bv. 14/03/{MIN_YEAR + 27} 09:30, met een jaar tussen "
                f"{MIN_YEAR} en {MAX_YEAR}."
            ),
        },
    )


class EventForm(forms.Form):
    titel = forms.CharField(label="Titel", max_length=200)
    soort = forms.ChoiceField(label="Soort", choices=KIND_CHOICES)
    beschrijving = forms.CharField(
        label="Beschrijving",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Programma, voor wie, wat je meebrengt. Hoogstens 5.000 tekens.",
    )
    begin = _when("Begin", help_text="Belgische tijd.")
    einde = _when("Einde")
    plaats = forms.CharField(
        label="Plaats", max_length=300, help_text="Zaal en adres, of ‘online’."
    )
    gemeente = forms.CharField(
        label="Gemeente",
        max_length=200,
        required=False,
        widget=search_box("gemeente"),
        help_text="De gemeente waar het doorgaat (naam of REFNIS-code); leeg voor online.",
    )
    igs = forms.ChoiceField(label="Organiserend IGS", required=False)
    organisatie = forms.ChoiceField(label="Organiserend steunpunt", required=False)
    plaatsen = forms.IntegerField(
        label="Aantal plaatsen",
        required=False,
        min_value=1,
        max_value=MAX_CAPACITY,
        help_text="Leeg: geen grens. Wie inschrijft als alles vol is, komt op de wachtlijst.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    inschrijven_tot = _when(
        "Inschrijven kan tot", required=False, help_text="Leeg: tot de ontmoeting voorbij is."
    )
    gepubliceerd = forms.BooleanField(
        label="Gepubliceerd (iedereen ziet de ontmoeting en kan inschrijven)", required=False
    )
    afgelast = forms.BooleanField(label="Afgelast", required=False)

    def __init__(self, *args: Any, atlas: Any, user: Any, taken: int = 0, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.atlas = atlas
        self.taken = taken
        mine = places(user)
        slugs = set(atlas.partnerships) if mine.support else set(mine.coordinates_igs)
        current = (self.initial or {}).get("igs", "")
        if current:
            slugs.add(current)  # an event of another IGS that the staff opened
        igs = sorted(
            ((s, atlas.partnerships[s].name if s in atlas.partnerships else s) for s in slugs),
            key=lambda kv: kv[1].casefold(),
        )
        self.fields["igs"].choices = [("", "— geen —"), *igs]
        self.fields["organisatie"].choices = [("", "— geen —")] + [
            (o.code, o.name) for o in ORGANISATIONS
        ]
        self.fields["plaatsen"].error_messages.update(
            {
                "invalid": "Geef een geheel getal, bv. 40.",
                "min_value": "Minstens 1 plaats (laat leeg voor geen grens).",
                "max_value": f"Hoogstens {format_number(MAX_CAPACITY)} plaatsen.",
            }
        )
        dutch_messages(self)
        for name, field in self.fields.items():
            if isinstance(field, forms.ChoiceField):
                field.error_messages["invalid_choice"] = (
                    "Kies een van de mogelijkheden in de lijst."
                    if name != "igs"
                    else "Kies een IGS dat je coördineert."
                )

    def _year_ok(self, name: str) -> dt.datetime | None:
        value = self.cleaned_data.get(name)
        if value is not None and not (MIN_YEAR <= timezone.localtime(value).year <= MAX_YEAR):
            raise forms.ValidationError(
                f"Het jaar {timezone.localtime(value).year} ligt niet tussen {MIN_YEAR} en "
                f"{MAX_YEAR}."
            )
        return value

    def clean_begin(self):
        return self._year_ok("begin")

    def clean_einde(self):
        return self._year_ok("einde")

    def clean_inschrijven_tot(self):
        return self._year_ok("inschrijven_tot")

    def clean_gemeente(self) -> str:
        text = self.cleaned_data.get("gemeente", "").strip()
        if not text:
            return ""
        try:
            codes = find_municipalities(self.atlas, text, "Gemeente")
        except ValueError as exc:
            raise forms.ValidationError(str(exc).removeprefix("Gemeente: ")) from None
        if len(codes) != 1:
            raise forms.ValidationError("Kies één gemeente.")
        if codes[0] not in self.atlas.municipalities:
            raise forms.ValidationError(f"Onbekende REFNIS-code {codes[0]}.")
        return codes[0]

    def clean_plaatsen(self):
        value = self.cleaned_data.get("plaatsen")
        if value is not None and value < self.taken:
            raise forms.ValidationError(
                f"Er zijn al {format_number(self.taken)} bevestigde inschrijvingen; het aantal "
                "plaatsen kan niet lager zijn."
            )
        return value

    def clean(self):
        data = super().clean()
        begin, end, until = data.get("begin"), data.get("einde"), data.get("inschrijven_tot")
        if begin and end and end < begin:
            self.add_error("einde", "Het einde ligt voor het begin.")
        if begin and end and end - begin > dt.timedelta(days=31):
            self.add_error("einde", "Een ontmoeting duurt hoogstens 31 dagen.")
        if until and end and until > end:
            self.add_error("inschrijven_tot", "Inschrijven kan niet langer dan de ontmoeting.")
        if not data.get("igs") and not data.get("organisatie"):
            if "igs" not in self.errors and "organisatie" not in self.errors:
                raise forms.ValidationError(
                    "Kies wie organiseert: een IGS, een steunpunt of beide."
                )
        return data


class RegisterForm(forms.Form):
    vermelden = forms.BooleanField(
        label="Mijn naam mag in de lijst van deelnemers staan",
        required=False,
        help_text=(
            "Andere bezoekers zien dan je naam bij deze ontmoeting, en het netwerkoverzicht "
            "toont met wie je samen deelnam. Zonder dit vinkje tel je enkel mee als aantal."
        ),
    )
