"""Forms of the initiatives registry: an initiative, a decision, a document.

Partners are chosen by name with the suggestions of ``/zoek/`` (``zoeken.js``) or by REFNIS
code / slug, and checked against the loaded reference data. Dates are bounded
(:data:`~samenspel.network.initiatives.models.MIN_YEAR`–``MAX_YEAR``) and accepted as
``31/12/2026`` or ``2026-12-31``. A document is a file checked by its content
(:mod:`samenspel.network.initiatives.files`; photos lose their metadata with the Monitor's
:func:`~samenspel.monitor.forms.without_metadata`) or a link.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from samenspel.atlas.forms import search_box
from samenspel.core.codes import join_codes
from samenspel.core.numbers import format_number
from samenspel.monitor.forms import MAX_PIXELS, without_metadata
from samenspel.network.forms import clean_municipalities, clean_partnerships, dutch_messages
from samenspel.network.initiatives import files
from samenspel.network.initiatives.models import (
    CITY_TO_CITY,
    KIND_CHOICES,
    MAX_YEAR,
    MIN_YEAR,
    STATUS_CHOICES,
    Initiative,
)

#: At most 10 MB per document.
MAX_DOCUMENT = 10 * 1024 * 1024
#: At most this many partner municipalities / IGS on one initiative.
MAX_MUNICIPALITIES, MAX_PARTNERSHIPS = 300, 30
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]


def _dutch(form: forms.Form) -> None:
    """Dutch messages whatever language the browser asks for (the pages are Dutch only)."""
    dutch_messages(form)
    for field in form.fields.values():
        if isinstance(field, forms.ChoiceField):
            field.error_messages["invalid_choice"] = "“%(value)s” is geen van de keuzes."
        if isinstance(field, forms.URLField):
            field.error_messages["invalid"] = (
                "Geef een volledige link, bv. https://www.kortrijk.be/…"
            )


def date_field(label: str, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=help_text or "Bv. 15/09/2026.",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Geef een datum als 15/09/2026."},
    )


def _check_year(value: datetime.date | None, label: str) -> None:
    if value is not None and not MIN_YEAR <= value.year <= MAX_YEAR:
        raise forms.ValidationError(
            f"{label}: een datum tussen {MIN_YEAR} en {MAX_YEAR} (niet {value:%d/%m/%Y})."
        )


class InitiativeForm(forms.Form):
    titel = forms.CharField(label="Titel", max_length=200)
    soort = forms.ChoiceField(label="Soort samenwerking", choices=KIND_CHOICES)
    status = forms.ChoiceField(
        label="Status",
        choices=STATUS_CHOICES,
        help_text="Een initiatief kan ook teruggaan, bv. van lopend naar in voorbereiding; "
        "elke wijziging blijft met haar datum in de tijdlijn.",
    )
    samenvatting = forms.CharField(
        label="Korte omschrijving",
        max_length=500,
        required=False,
        help_text="Eén of twee zinnen voor de lijst.",
    )
    doelen = forms.CharField(
        label="Doelen",
        max_length=10_000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Wat willen de partners samen bereiken, en wat verwacht elke partner?",
    )
    gemeenten = forms.CharField(
        label="Partnergemeenten",
        max_length=2_000,
        required=False,
        widget=search_box("gemeente", several=True),
        help_text="Namen of REFNIS-codes, gescheiden door komma's, bv. Kortrijk, Roeselare.",
    )
    igs = forms.CharField(
        label="Partner-IGS",
        max_length=2_000,
        required=False,
        widget=search_box("igs", several=True),
        help_text="Namen van IGS (of een deel van de naam), gescheiden door komma's, bv. Zuidwest.",
    )
    andere_partners = forms.CharField(
        label="Andere partners",
        max_length=500,
        required=False,
        help_text="Partners die geen Vlaamse gemeente of IGS zijn, bv. Rijsel, een provincie.",
    )
    begin = date_field("Begindatum")
    einde = date_field("Einddatum", help_text="Leeg als het initiatief doorloopt.")
    contact = forms.TypedChoiceField(
        label="Contactpersoon",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="Wordt enkel getoond als die persoon toestemming gaf om haar of zijn "
        "contactgegevens te tonen; e-mailadres en telefoon ziet alleen wie aangemeld is.",
    )

    def __init__(self, *args: Any, atlas: Any, contact_choices: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.atlas = atlas
        self.fields["contact"].choices = [("", "geen")] + list(contact_choices)
        _dutch(self)

    def clean_gemeenten(self) -> list[str]:
        return clean_municipalities(
            self.atlas, self.cleaned_data.get("gemeenten", ""), MAX_MUNICIPALITIES
        )

    def clean_igs(self) -> list[str]:
        slugs = clean_partnerships(self.atlas, self.cleaned_data.get("igs", ""), MAX_PARTNERSHIPS)
        if len(join_codes(slugs)) > Initiative._meta.get_field("partnerships").max_length:
            raise forms.ValidationError("Te veel IGS voor één initiatief.")
        return slugs

    def clean_begin(self):
        value = self.cleaned_data.get("begin")
        _check_year(value, "Begindatum")
        return value

    def clean_einde(self):
        value = self.cleaned_data.get("einde")
        _check_year(value, "Einddatum")
        return value

    def clean(self):
        data = super().clean()
        begin, einde = data.get("begin"), data.get("einde")
        if begin and einde and einde < begin:
            self.add_error(
                "einde",
                f"De einddatum {einde:%d/%m/%Y} ligt voor de begindatum {begin:%d/%m/%Y}.",
            )
        munis = data.get("gemeenten") or []
        igs = data.get("igs") or []
        if "gemeenten" not in self.errors and "igs" not in self.errors:
            if not munis and not igs:
                raise forms.ValidationError(
                    "Kies minstens één partnergemeente of partner-IGS: een initiatief hoort bij "
                    "zijn partners (en zij kunnen het beheren)."
                )
            if data.get("soort") == CITY_TO_CITY:
                cities = [c for c in munis if self.atlas.municipalities[c].is_centrumstad]
                partners = len(munis) + (1 if data.get("andere_partners") else 0)
                if not cities or partners < 2:
                    self.add_error(
                        "gemeenten",
                        "Een stad-tot-stadsamenwerking heeft minstens twee partners, waarvan "
                        "minstens één centrumstad (bv. Kortrijk, Roeselare).",
                    )
        return data


class DecisionForm(forms.Form):
    datum = date_field("Datum van de beslissing", required=True)
    orgaan = forms.CharField(
        label="Wie besliste",
        max_length=200,
        help_text="Bv. college van burgemeester en schepenen Kortrijk, gemeenteraad Roeselare.",
    )
    tekst = forms.CharField(
        label="Beslissing",
        max_length=5_000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    link = forms.URLField(
        label="Link naar de beslissing",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="Bv. de notulen of het besluit op de website van de gemeente.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _dutch(self)

    def clean_datum(self):
        value = self.cleaned_data.get("datum")
        _check_year(value, "Datum")
        return value


class DocumentForm(forms.Form):
    titel = forms.CharField(label="Titel", max_length=200)
    bestand = forms.FileField(
        label="Bestand",
        required=False,
        help_text="PDF, ODT, DOCX, XLSX of een foto (JPEG, PNG, WebP), hoogstens "
        f"{MAX_DOCUMENT // (1024 * 1024)} MB.",
        widget=forms.FileInput(attrs={"accept": files.ACCEPT}),
    )
    link = forms.URLField(
        label="Of een link",
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text="Een document dat elders online staat.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _dutch(self)
        self.fields["bestand"].error_messages.update(
            {
                "empty": "Het gekozen bestand is leeg.",
                "invalid": "Dit is geen bestand.",
                "missing": "Er is geen bestand meegestuurd.",
            }
        )
        self.file_type = ""
        self.content: bytes | None = None

    def clean_bestand(self):
        upload = self.cleaned_data.get("bestand")
        if not upload:
            return upload
        name = files.clean_file_name(upload.name)
        if (upload.size or 0) > MAX_DOCUMENT:
            raise forms.ValidationError(
                f"Bestand “{name}” is {format_number(upload.size / 1024 / 1024, 1)} MB; een "
                f"document mag hoogstens {format_number(MAX_DOCUMENT / 1024 / 1024)} MB zijn."
            )
        upload.seek(0)
        data = upload.read(MAX_DOCUMENT + 1)
        upload.seek(0)
        try:
            kind = files.check(name, data, MAX_DOCUMENT)
        except files.Refused as exc:
            raise forms.ValidationError(f"Bestand {exc}") from None
        if kind.startswith("image/"):
            data = self._photo(upload, name, kind)
        self.file_type, self.content = kind, data
        return upload

    @staticmethod
    def _photo(upload, name: str, kind: str) -> bytes:
        from PIL import Image

        try:
            with Image.open(upload) as im:
                if im.size[0] * im.size[1] > MAX_PIXELS:
                    raise forms.ValidationError(
                        f"“{name}” heeft te veel pixels (hoogstens "
                        f"{format_number(MAX_PIXELS / 1_000_000)} megapixels)."
                    )
                im.verify()
            return without_metadata(upload, kind)
        except forms.ValidationError:
            raise
        except Exception:  # noqa: BLE001 - any decoder error: not a readable photo
            raise forms.ValidationError(
                f"“{name}” begint als een foto maar is beschadigd: Samenspel kan het niet openen."
            ) from None
        finally:
            upload.seek(0)

    def clean(self):
        data = super().clean()
        has_file = bool(data.get("bestand")) or "bestand" in self.errors
        has_link = bool(data.get("link")) or "link" in self.errors
        if not has_file and not has_link:
            raise forms.ValidationError("Kies een bestand of geef een link.")
        if data.get("bestand") and data.get("link"):
            raise forms.ValidationError("Kies een bestand óf een link, niet allebei.")
        return data
