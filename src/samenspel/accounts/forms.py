"""Forms of "Mijn gegevens", the deletion of one's data, and the people of a place."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core import validators
from django.db.models import Q
from django.utils import timezone

from samenspel.accounts import mydata, roles
from samenspel.accounts.models import Person, Role

CONSENT_CONTACT_HELP = (
    "Je e-mailadres en telefoonnummer zijn dan zichtbaar voor wie aangemeld is in Samenspel, "
    "bij je naam (bijvoorbeeld op de pagina 'Mensen' en in 'Wie is wie'); nooit voor bezoekers "
    "die niet aangemeld zijn. Zonder deze toestemming toont Samenspel ze aan niemand."
)
CONSENT_LISTED_HELP = (
    "Je naam, functie en rol staan dan in 'Wie is wie' van het Netwerk, zichtbaar voor "
    "iedereen, ook zonder aanmelden, zodat collega's uit andere regio's je kunnen vinden. Je "
    "contactgegevens staan er enkel bij met de toestemming hierboven, en enkel voor wie "
    "aangemeld is. Je kunt dit op elk moment weer uitzetten."
)


#: Django's own message for a NUL character follows the browser's language (English too).
NUL_MESSAGE = "Gebruik geen nul-tekens (\\0); typ of plak de tekst opnieuw."


def no_nul(form: forms.Form) -> None:
    """Every text field of ``form`` refuses a NUL character with :data:`NUL_MESSAGE` (also used
    by the scan's forms)."""
    for field in form.fields.values():
        field.validators = [
            validators.ProhibitNullCharactersValidator(message=NUL_MESSAGE)
            if isinstance(v, validators.ProhibitNullCharactersValidator)
            else v
            for v in field.validators
        ]


def _dutch_text_fields(form: forms.Form) -> None:
    """A NUL character and an over-long text get a Dutch message whatever the browser asks
    (the site also speaks English, for Django's own messages); messages set by the form stay."""
    no_nul(form)
    for field in form.fields.values():
        if getattr(field, "max_length", None) and "max_length" not in field.error_messages:
            field.error_messages["max_length"] = (
                f"Hoogstens {field.max_length} tekens (nu %(show_value)d)."
            )


class ProfileForm(forms.ModelForm):
    consent_contact = forms.BooleanField(
        label="Mijn contactgegevens tonen aan aangemelde gebruikers",
        required=False,
        help_text=CONSENT_CONTACT_HELP,
    )
    consent_listed = forms.BooleanField(
        label="Mij vermelden in Wie is wie", required=False, help_text=CONSENT_LISTED_HELP
    )

    class Meta:
        model = Person
        fields = ["name", "email", "phone", "function"]
        error_messages = {
            "name": {"required": "Vul je naam in.", "max_length": "Hoogstens 200 tekens."},
            "email": {"invalid": "Dit is geen geldig e-mailadres (bijvoorbeeld an@gemeente.be)."},
        }
        help_texts = {"function": "Bijvoorbeeld: cultuurbeleidscoördinator, schepen van cultuur."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["consent_contact"] = self.instance.consent_contact
            self.initial["consent_listed"] = self.instance.consent_listed
        self.fields["phone"].error_messages["max_length"] = "Hoogstens 40 tekens."
        self.fields["function"].error_messages["max_length"] = "Hoogstens 200 tekens."
        _dutch_text_fields(self)

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Vul je naam in.")
        return name

    def save(self, commit=True):
        """Stores the moment each consent was given; withdrawing it clears the moment."""
        person = super().save(commit=False)
        now = timezone.now()
        for name in ("consent_contact", "consent_listed"):
            given = self.cleaned_data[name]
            stamp = f"{name}_at"
            if given and getattr(person, stamp) is None:
                setattr(person, stamp, now)
            elif not given:
                setattr(person, stamp, None)
        if commit:
            person.save()
        return person


class DeleteForm(forms.Form):
    confirmation = forms.CharField(
        label=f"Typ {mydata.CONFIRMATION_WORD} om te bevestigen",
        max_length=40,
        required=False,
        help_text="In hoofdletters of kleine letters, zonder aanhalingstekens.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _dutch_text_fields(self)

    def clean_confirmation(self):
        text = self.cleaned_data["confirmation"]
        if not mydata.confirmation_matches(text):
            raise forms.ValidationError(
                f"Typ het woord {mydata.CONFIRMATION_WORD} in het bevestigingsveld; "
                "er is niets verwijderd."
            )
        return text


class AddRoleForm(forms.Form):
    """A role for an existing account (username or e-mail) or a new person without account."""

    role = forms.ChoiceField(label="Rol")
    account = forms.CharField(
        label="Bestaand account: gebruikersnaam of e-mailadres",
        max_length=254,
        required=False,
        help_text="Laat leeg om iemand zonder account toe te voegen (naam hieronder).",
    )
    name = forms.CharField(label="Of een nieuwe persoon: naam", max_length=200, required=False)
    email = forms.EmailField(
        label="E-mailadres van de nieuwe persoon",
        required=False,
        error_messages={"invalid": "Dit is geen geldig e-mailadres (bijvoorbeeld an@gemeente.be)."},
    )
    function = forms.CharField(
        label="Functie van de nieuwe persoon", max_length=200, required=False
    )
    valid_from = forms.DateField(
        label="Vanaf",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leeg: vanaf vandaag.",
        error_messages={"invalid": "Geef een datum als dd/mm/jjjj."},
    )

    def __init__(self, *args, place, may_grant_support: bool, **kwargs):
        super().__init__(*args, **kwargs)
        _dutch_text_fields(self)
        self.place = place
        allowed = place.roles_allowed()
        if not may_grant_support:
            allowed = [(c, label) for c, label in allowed if c != roles.STEUNPUNT]
        self.fields["role"].choices = allowed
        self.fields["role"].error_messages["invalid_choice"] = (
            f"Deze rol bestaat niet of kan niet in {place.name} gegeven worden."
        )
        self.account_user = None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        account = " ".join((data.get("account") or "").split())
        name = " ".join((data.get("name") or "").split())
        if account and name:
            raise forms.ValidationError(
                "Kies een bestaand account óf vul een naam in voor een nieuwe persoon, niet beide."
            )
        if account:
            users = get_user_model().objects.filter(
                Q(username__iexact=account) | Q(email__iexact=account), is_active=True
            )[:2]
            users = list(users)
            if not users:
                self.add_error(
                    "account", f"Geen actief account met gebruikersnaam of e-mailadres '{account}'."
                )
                return data
            if len(users) > 1:
                self.add_error(
                    "account",
                    f"Meer dan één account gebruikt '{account}'; geef de gebruikersnaam.",
                )
                return data
            self.account_user = users[0]
        elif not name:
            raise forms.ValidationError(
                "Geef de gebruikersnaam of het e-mailadres van een bestaand account, of de naam "
                "van een nieuwe persoon."
            )
        data["name"] = name
        # The same role in the same place, still running, is refused.
        if self.account_user is not None:
            running = Role.objects.valid_on().filter(
                person__user=self.account_user, role=data["role"], **self._place_filter()
            )
            if running.exists():
                raise forms.ValidationError(
                    f"{self.account_user.get_username()} heeft deze rol al in {self.place.name}."
                )
        return data

    def _place_filter(self) -> dict:
        field = {"igs": "igs", "gemeente": "refnis", "organisatie": "organisation"}
        return {field[self.place.kind]: self.place.code}


class EndRoleForm(forms.Form):
    role_id = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    bevestig = forms.BooleanField(
        label="Ja, beëindig deze rol",
        error_messages={
            "required": "Vink 'Ja, beëindig deze rol' aan om te bevestigen; er is niets gewijzigd."
        },
    )
    valid_to = forms.DateField(
        label="Tot en met",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Geef een datum als dd/mm/jjjj."},
    )

    def __init__(self, *args, place, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.place = place
        self.user = user
        self.role = None

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        field = {"igs": "igs", "gemeente": "refnis", "organisatie": "organisation"}
        role = (
            Role.objects.filter(pk=data["role_id"], **{field[self.place.kind]: self.place.code})
            .select_related("person")
            .first()
        )
        if role is None:
            raise forms.ValidationError(f"Deze rol bestaat niet (meer) in {self.place.name}.")
        today = timezone.localdate()
        # Ending only brings the end closer: never revive an ended role or extend a running one.
        if role.valid_to is not None and role.valid_to < today:
            raise forms.ValidationError(
                f"Deze rol is al beëindigd (op {role.valid_to:%d/%m/%Y}); er is niets gewijzigd."
            )
        end = data.get("valid_to") or today
        if role.valid_to is not None and end > role.valid_to:
            self.add_error(
                "valid_to",
                f"De rol loopt al tot en met {role.valid_to:%d/%m/%Y}; kies die dag of vroeger.",
            )
            return data
        if role.valid_from and end < role.valid_from:
            self.add_error(
                "valid_to",
                f"De einddatum ligt vóór de begindatum ({role.valid_from:%d/%m/%Y}).",
            )
            return data
        if self._last_own_lead(role):
            raise forms.ValidationError(
                f"Je bent de enige {roles.ROLE_LABELS[role.role]} van {self.place.name}: "
                "zonder jouw rol kan niemand daar nog de mensen beheren. Voeg eerst iemand "
                "anders met die rol toe, of vraag het steunpunt om je rol te beëindigen."
            )
        data["valid_to"] = end
        self.role = role
        return data

    @classmethod
    def locked_role_ids(cls, place, user, role_rows) -> set[int]:
        """The roles among ``role_rows`` this user may not end here (their own last lead role),
        so that the page can say so instead of offering a form that will refuse."""
        form = cls(place=place, user=user)
        return {r.pk for r in role_rows if form._last_own_lead(r)}

    def _last_own_lead(self, role) -> bool:
        """True when the user ends their own managing role (IGS-coördinator of an IGS,
        cultuurbeleidscoördinator of a municipality) and nobody else holds it there today."""
        lead = {"igs": roles.IGS_COORDINATOR, "gemeente": roles.CULTUURBELEIDSCOORDINATOR}
        user = self.user
        if user is None or role.role != lead.get(self.place.kind):
            return False
        if role.person.user_id != user.pk or user.is_superuser:
            return False
        field = {"igs": "igs", "gemeente": "refnis"}[self.place.kind]
        others = (
            Role.objects.valid_on()
            .filter(role=role.role, **{field: self.place.code})
            .exclude(person=role.person)
        )
        return not others.exists()
