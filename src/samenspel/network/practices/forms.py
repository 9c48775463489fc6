"""The form of a practice, with Dutch messages that name the field.

IGS and municipalities are typed by name (with the suggestions of ``/zoek/``) or by slug /
REFNIS code, and checked against the loaded data (:mod:`samenspel.atlas.names`).
"""

from __future__ import annotations

from typing import Any

from django import forms

from samenspel.atlas.forms import search_box
from samenspel.core.codes import join_codes
from samenspel.network.forms import clean_municipalities, clean_partnerships, dutch_messages
from samenspel.network.practices.models import (
    GOOD,
    KIND_CHOICES,
    LESSON,
    MAX_YEAR,
    MIN_YEAR,
    SCALE_CHOICES,
    SUMMARY_MAX,
    TEXT_MAX,
    TITLE_MAX,
    Practice,
)
from samenspel.network.practices.services import igs_name, municipality_name
from samenspel.network.practices.workflow import NOTE_MAX
from samenspel.network.themes import THEMES

MAX_IGS = 20
MAX_MUNICIPALITIES = 300


class PracticeForm(forms.Form):
    titel = forms.CharField(label="Titel", max_length=TITLE_MAX)
    soort = forms.ChoiceField(
        label="Soort",
        choices=KIND_CHOICES,
        initial=GOOD,
        widget=forms.RadioSelect,
        help_text="Wat niet werkte is even leerrijk als wat wel werkte: deel het gerust.",
    )
    themas = forms.MultipleChoiceField(
        label="Thema's",
        choices=THEMES,
        widget=forms.CheckboxSelectMultiple,
        help_text="Kies één of meer thema's.",
    )
    samenvatting = forms.CharField(
        label="Samenvatting",
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="In enkele zinnen: wat deden jullie, met wie, waarom?",
    )
    wat_werkte = forms.CharField(
        label="Wat werkte",
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    wat_niet_werkte = forms.CharField(
        label="Wat niet werkte",
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    lessen = forms.CharField(
        label="Lessen voor anderen",
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Wat zou je een collega aanraden die hetzelfde wil proberen?",
    )
    igs = forms.CharField(
        label="IGS",
        max_length=2_000,
        required=False,
        widget=search_box("igs", several=True),
        help_text="Namen van IGS, gescheiden door komma's, bv. Zuidwest.",
    )
    gemeenten = forms.CharField(
        label="Gemeenten",
        max_length=5_000,
        required=False,
        widget=search_box("gemeente", several=True),
        help_text="Namen of REFNIS-codes, gescheiden door komma's, bv. Gent, Aalter.",
    )
    schaal = forms.ChoiceField(label="Schaal", choices=SCALE_CHOICES)
    jaar = forms.IntegerField(
        label="Jaar",
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=f"Het jaar waarin het gebeurde (of begon), {MIN_YEAR}–{MAX_YEAR}.",
        error_messages={
            "invalid": "Geef een jaartal, bv. 2024.",
            "min_value": f"Een jaar vanaf {MIN_YEAR}.",
            "max_value": f"Een jaar tot en met {MAX_YEAR}.",
        },
    )
    contact = forms.BooleanField(
        label="Ik ben de contactpersoon voor deze praktijk",
        required=False,
        help_text="Enkel als je op “Mijn gegevens” toestemming gaf om je contactgegevens te "
        "tonen. Je e-mailadres en telefoon ziet dan alleen wie aangemeld is; je naam iedereen, "
        "als je ook toestemming gaf om vermeld te worden.",
    )

    def __init__(self, *args: Any, atlas: Any, can_be_contact: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.atlas = atlas
        if not can_be_contact:
            del self.fields["contact"]
        dutch_messages(self)
        self.fields["themas"].error_messages["required"] = "Kies minstens één thema."
        self.fields["themas"].error_messages["invalid_choice"] = "Onbekend thema “%(value)s”."
        self.fields["soort"].error_messages["invalid_choice"] = "Onbekende soort “%(value)s”."
        self.fields["schaal"].error_messages["invalid_choice"] = "Onbekende schaal “%(value)s”."

    def clean_igs(self) -> list[str]:
        return clean_partnerships(self.atlas, self.cleaned_data.get("igs", ""), MAX_IGS)

    def clean_gemeenten(self) -> list[str]:
        return clean_municipalities(
            self.atlas, self.cleaned_data.get("gemeenten", ""), MAX_MUNICIPALITIES
        )

    def clean(self):
        data = super().clean()
        if (
            not data.get("igs")
            and not data.get("gemeenten")
            and data.get("schaal") != "vlaanderen"
            and "igs" not in self.errors
            and "gemeenten" not in self.errors
        ):
            self.add_error(
                "gemeenten",
                "Kies een IGS of minstens één gemeente (of de schaal “Vlaanderen”): een "
                "praktijk hoort bij partners.",
            )
        kind = data.get("soort")
        if kind == LESSON and not (data.get("wat_niet_werkte") or "").strip():
            if "wat_niet_werkte" not in self.errors:
                self.add_error(
                    "wat_niet_werkte", "Vertel wat niet werkte: daar leren anderen het meest van."
                )
        if kind == GOOD and not (data.get("wat_werkte") or "").strip():
            if "wat_werkte" not in self.errors:
                self.add_error("wat_werkte", "Vertel wat werkte.")
        return data

    # --- to and from the model --------------------------------------------------------------

    @staticmethod
    def initial_from(practice: Practice, atlas: Any, person=None) -> dict:
        """The form's values for ``practice``, edited by ``person`` (the box "Ik ben de
        contactpersoon" is ticked only when they are the contact, so that saving does not make
        an editor the contact in someone else's place)."""
        return {
            "titel": practice.title,
            "soort": practice.kind,
            "themas": practice.theme_list,
            "samenvatting": practice.summary,
            "wat_werkte": practice.what_worked,
            "wat_niet_werkte": practice.what_failed,
            "lessen": practice.lessons,
            "igs": ", ".join(igs_name(atlas, s) for s in practice.igs_list),
            "gemeenten": ", ".join(municipality_name(atlas, c) for c in practice.refnis_list),
            "schaal": practice.scale,
            "jaar": practice.year,
            "contact": person is not None and practice.contact_id == person.pk,
        }

    def fill(self, practice: Practice, person=None) -> Practice:
        """Copy the cleaned data onto ``practice``; ``person`` is the writer's Person (set as
        contact when they ticked the box; a contact who is somebody else stays)."""
        d = self.cleaned_data
        practice.title = d["titel"]
        practice.kind = d["soort"]
        practice.themes = join_codes(d["themas"])
        practice.summary = d["samenvatting"]
        practice.what_worked = d["wat_werkte"]
        practice.what_failed = d["wat_niet_werkte"]
        practice.lessons = d["lessen"]
        practice.igs = join_codes(d["igs"])
        practice.municipalities = join_codes(d["gemeenten"])
        practice.scale = d["schaal"]
        practice.year = d["jaar"]
        if "contact" in self.fields and person is not None:
            if d.get("contact"):
                practice.contact = person
            elif practice.contact_id == person.pk:
                practice.contact = None
        return practice


class NoteForm(forms.Form):
    """The moderator's note when a practice is sent back or taken offline."""

    opmerking = forms.CharField(
        label="Opmerking voor de auteur",
        max_length=NOTE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Nodig bij terugsturen of offline halen: wat moet er anders?",
    )
