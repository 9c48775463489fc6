"""The download and the deletion of one's own data: the shape of the download and the typed
confirmation (pure: no Django; the database work is in ``services.py``)."""

from __future__ import annotations

#: The word a person types to confirm the deletion of their data.
CONFIRMATION_WORD = "VERWIJDER"

#: What the confirmation page says is deleted and what is kept without a name.
DELETED = [
    "je account (gebruikersnaam en wachtwoord) en je aanmeldgegevens",
    "je naam, e-mailadres, telefoon en functie, en je toestemmingen",
    "je rollen in gemeenten en IGS, en de geschiedenis van je gegevens en rollen",
    "je inschrijvingen voor ontmoetingen en je vermelding als contactpersoon",
]
KEPT = [
    "wat je schreef (een praktijk, een initiatief, een verhaal), zonder je naam",
    "je antwoorden op een samenwerkingsscan, die al anoniem waren",
    "de geschiedenis van wat je wijzigde, met 'verwijderde gebruiker' in plaats van je naam",
]


def confirmation_matches(text: str | None) -> bool:
    """True when the typed word is VERWIJDER (spaces around it and letter case do not matter)."""
    return (text or "").strip().upper() == CONFIRMATION_WORD


def export_document(*, generated_at: str, own: dict, apps: dict) -> dict:
    """The JSON of "download my data": the accounts part at the top, then each app's part.

    ``own`` is the accounts provider's export (``person``, ``roles``, ``history``); ``apps`` maps
    the name of every other registered provider to its export.
    """
    return {
        "toelichting": (
            "Alle gegevens die Samenspel over jou bewaart: je persoonsgegevens, je rollen, de "
            "geschiedenis van je gegevens, en per onderdeel wat je schreef of waarvoor je je "
            "inschreef."
        ),
        "aangemaakt_op": generated_at,
        "persoon": own.get("person"),
        "rollen": own.get("roles", []),
        "geschiedenis": own.get("history", []),
        "onderdelen": dict(sorted(apps.items())),
    }
