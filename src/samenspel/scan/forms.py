"""The forms of the Samenwerkingsscan: a new group, a new round, personal links, the answer form.

All messages are Dutch and name the field; every text has a maximum length; the answer form
accepts only 1–5 or "weet niet" for a statement (anything else, e.g. ``6``, ``-1``, text or
5.000 digits, is a form error naming the statement, never a 500).
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from samenspel.accounts.forms import no_nul
from samenspel.atlas.forms import search_box
from samenspel.core.numbers import format_number
from samenspel.network.forms import clean_municipalities, dutch_messages
from samenspel.scan import items
from samenspel.scan.models import LABEL_MAX, OPEN_MAX

#: At most this many personal links are made at once.
MAX_LINKS = 200
#: A group that considers cooperating has between 2 and this many municipalities.
MAX_MEMBERS = 80
#: The value of the "weet niet" radio button.
NO_ANSWER = "x"
#: The value of "andere gemeente" in the municipality select.
OTHER = "andere"


def _dutch(form: forms.Form) -> None:
    """Dutch messages for required fields and maximum lengths, whatever the browser asks."""
    no_nul(form)
    dutch_messages(form)


class GroupForm(forms.Form):
    """A new scan: for an existing IGS, or for municipalities that consider cooperating."""

    soort = forms.ChoiceField(
        label="Voor wie is de scan?",
        choices=[
            ("igs", "Een bestaand IGS"),
            ("gemeenten", "Gemeenten die een samenwerking overwegen"),
        ],
        widget=forms.RadioSelect,
        initial="igs",
    )
    igs = forms.ChoiceField(
        label="IGS",
        required=False,
        help_text="De partners zijn de gemeenten die vandaag lid zijn van het IGS.",
    )
    gemeenten = forms.CharField(
        label="Gemeenten",
        max_length=2_000,
        required=False,
        widget=search_box("gemeente", several=True),
        help_text="Namen of REFNIS-codes, gescheiden door komma's, bv. Kortrijk, Kuurne, Menen.",
    )
    naam = forms.CharField(
        label="Naam van de scan",
        max_length=200,
        required=False,
        help_text="Leeg: de naam van het IGS, of de namen van de gemeenten.",
    )

    def __init__(self, *args: Any, atlas: Any, igs_choices: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.atlas = atlas
        self.fields["igs"].choices = [("", "— kies een IGS —"), *igs_choices]
        self.fields["igs"].error_messages["invalid_choice"] = (
            "Kies een IGS uit de lijst: de scan van een IGS start je als coördinator van dat IGS."
        )
        if not igs_choices:
            self.fields["igs"].help_text = (
                "De scan van een IGS start de IGS-coördinator. Je kunt wel een scan starten "
                "voor gemeenten die een samenwerking overwegen: kies ze hierboven."
            )
        self.fields["soort"].error_messages["invalid_choice"] = "Kies een IGS of gemeenten."
        _dutch(self)

    def clean_gemeenten(self) -> list[str]:
        return clean_municipalities(self.atlas, self.cleaned_data.get("gemeenten", ""), MAX_MEMBERS)

    def clean(self):
        data = super().clean()
        soort = data.get("soort")
        if soort == "igs" and not data.get("igs") and "igs" not in self.errors:
            self.add_error("igs", "Kies het IGS dat de scan afneemt.")
        if soort == "gemeenten" and "gemeenten" not in self.errors:
            if len(data.get("gemeenten") or []) < 2:
                self.add_error("gemeenten", "Geef minstens twee gemeenten.")
        return data


class RoundForm(forms.Form):
    titel = forms.CharField(
        label="Titel van de ronde", max_length=100, help_text="Bijvoorbeeld: Ronde 2027."
    )
    sluit_op = forms.DateField(
        label="Antwoorden kan tot en met",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leeg: tot je de ronde afsluit.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _dutch(self)
        self.fields["sluit_op"].error_messages["invalid"] = "Geef een datum, bv. 31/12/2027."
        self.fields["sluit_op"].input_formats = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"]

    def clean_sluit_op(self) -> datetime.date | None:
        day = self.cleaned_data.get("sluit_op")
        if day is not None and day < timezone.localdate():
            raise forms.ValidationError(
                f"{day.strftime('%-d/%-m/%Y')} ligt in het verleden; kies vandaag of later."
            )
        if day is not None and day.year > timezone.localdate().year + 5:
            raise forms.ValidationError("Kies een datum binnen de vijf jaar.")
        return day


class _Count(forms.IntegerField):
    """An integer field that reads a number of thousands of digits as "too large" (``int()``
    refuses more than 4.300 digits, which would otherwise read as "not a number")."""

    def to_python(self, value):
        text = str(value or "").strip()
        if len(text) > 9 and text.lstrip("+").isdigit():
            raise forms.ValidationError(self.error_messages["max_value"], code="max_value")
        return super().to_python(value)


class LinksForm(forms.Form):
    aantal = _Count(
        label="Aantal persoonlijke links",
        min_value=1,
        max_value=MAX_LINKS,
        help_text=f"Eén per persoon die antwoordt; hoogstens {MAX_LINKS} per keer.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    etiketten = forms.CharField(
        label="Etiketten (niet verplicht)",
        required=False,
        max_length=MAX_LINKS * (LABEL_MAX + 2),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=(
            "Eén per regel, in de volgorde van de links, bv. “schepen Kuurne”: alleen om zelf "
            "bij te houden wie welke link kreeg. Geen e-mailadressen. Wie antwoordde, of wat, "
            "is nooit aan een etiket te zien."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _dutch(self)
        self.fields["aantal"].error_messages.update(
            {
                "invalid": "Geef een geheel getal, bv. 12.",
                "min_value": "Minstens 1 link.",
                "max_value": f"Hoogstens {MAX_LINKS} links per keer.",
            }
        )

    def clean_etiketten(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data.get("etiketten", "").splitlines()]
        lines = [line for line in lines if line]
        for n, line in enumerate(lines, start=1):
            if len(line) > LABEL_MAX:
                raise forms.ValidationError(
                    f"Regel {n}: hoogstens {LABEL_MAX} tekens (nu {len(line)})."
                )
            if "@" in line:
                raise forms.ValidationError(
                    f"Regel {n}: geen e-mailadressen; een functie of gemeente volstaat."
                )
        return lines

    def clean(self):
        data = super().clean()
        aantal, labels = data.get("aantal"), data.get("etiketten") or []
        if aantal is not None and len(labels) > aantal:
            self.add_error(
                "etiketten",
                f"{len(labels)} etiketten voor {aantal} links: geef er hoogstens {aantal}.",
            )
        return data


def item_field_name(code: str) -> str:
    return f"stelling_{code}"


def open_field_name(code: str) -> str:
    return f"open_{code}"


class AnswerForm(forms.Form):
    """The scan itself: role, municipality, the statements (1–5 or weet niet), open questions."""

    rol = forms.ChoiceField(
        label="Je rol",
        choices=[(code, label) for code, label, _kind in items.ROLES_FOR_SCAN],
        widget=forms.RadioSelect,
    )
    gemeente = forms.ChoiceField(label="Je gemeente")

    def __init__(self, *args: Any, members: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].choices = [
            ("", "— kies je gemeente —"),
            *members,
            (OTHER, "Een andere gemeente of organisatie"),
        ]
        self.fields["rol"].error_messages["invalid_choice"] = "Kies een rol uit de lijst."
        self.fields["gemeente"].error_messages["invalid_choice"] = (
            "Kies een gemeente uit de lijst (of “een andere gemeente”)."
        )
        choices = [(str(v), label) for v, label in items.SCALE]
        choices.append((NO_ANSWER, "weet niet"))
        for it in items.ITEMS:
            field = forms.ChoiceField(
                label=it.text, choices=choices, required=False, widget=forms.RadioSelect
            )
            field.error_messages["invalid_choice"] = (
                f"Kies bij “{_short(it.text)}” een antwoord van 1 tot 5 of “weet niet”."
            )
            field.item = it
            self.fields[item_field_name(it.code)] = field
        for q in items.OPEN_QUESTIONS:
            limit = min(q.max_length, OPEN_MAX)
            field = forms.CharField(
                label=q.text,
                required=False,
                max_length=limit,
                help_text=q.help,
                widget=forms.Textarea(attrs={"rows": 3, "maxlength": limit}),
            )
            field.error_messages["max_length"] = (
                f"“{_short(q.text)}”: hoogstens {format_number(limit)} tekens (nu %(show_value)d)."
            )
            self.fields[open_field_name(q.code)] = field
        self.fields["rol"].error_messages["required"] = "Kies je rol."
        no_nul(self)
        self.fields["gemeente"].error_messages["required"] = "Kies je gemeente."

    def sections(self):
        """The statements per dimension: ``[(code, label, [bound field, ...]), ...]``."""
        out = []
        for dim in items.DIMENSIONS:
            fields = [self[item_field_name(it.code)] for it in items.items_for(dim)]
            out.append((dim, items.DIMENSION_LABELS[dim], fields))
        return out

    def open_fields(self):
        return [self[open_field_name(q.code)] for q in items.OPEN_QUESTIONS]

    def values(self) -> dict[str, int | None]:
        """Item code → 1..5, or None for "weet niet" or no answer (after validation)."""
        out = {}
        for it in items.ITEMS:
            raw = self.cleaned_data.get(item_field_name(it.code)) or ""
            out[it.code] = int(raw) if raw and raw != NO_ANSWER else None
        return out

    def open_texts(self) -> dict[str, str]:
        out = {}
        for q in items.OPEN_QUESTIONS:
            text = (self.cleaned_data.get(open_field_name(q.code)) or "").strip()
            if text:
                out[q.code] = text
        return out

    def problems(self) -> list[tuple[str, str]]:
        """(field id, message) for the summary at the top of the form."""
        out = []
        for name, errors in self.errors.items():
            anchor = f"id_{name}_0" if name == "rol" or name.startswith("stelling_") else ""
            anchor = anchor or f"id_{name}"
            for e in errors:
                out.append((anchor, e))
        return out


def _short(text: str, n: int = 60) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"
