"""Form helpers shared by the Netwerk's forms (practices, initiatives, events): Dutch messages,
and partners typed by name.

IGS and municipalities are typed by name (with the suggestions of ``/zoek/``) or by slug /
REFNIS code, separated by commas, and checked against the loaded data
(:mod:`samenspel.atlas.names`). Errors are a :class:`~django.forms.ValidationError` with a Dutch
message for the field.
"""

from __future__ import annotations

from typing import Any

from django import forms

from samenspel.atlas.names import find_municipalities, find_partnership, split_names
from samenspel.core.numbers import format_number


def dutch_messages(form: forms.Form) -> None:
    """Dutch messages for a missing value and an over-long text, the same on every Netwerk
    form: "Vul dit veld in." and "Hoogstens 5.000 tekens (nu 5.012).". A form sets its own
    messages for other errors after calling this."""
    for field in form.fields.values():
        field.error_messages["required"] = "Vul dit veld in."
        if isinstance(field, forms.CharField) and field.max_length:
            field.error_messages["max_length"] = (
                f"Hoogstens {format_number(field.max_length)} tekens (nu %(show_value)d)."
            )


def clean_partnerships(atlas: Any, text: str, most: int) -> list[str]:
    """The slugs of the IGS named in ``text`` (order kept, repeats dropped), at most ``most``;
    every name that is not found is named in one message."""
    parts = split_names(text or "")
    if len(parts) > most:
        raise forms.ValidationError(f"Hoogstens {most} IGS.")
    slugs, problems = [], []
    for part in parts:
        try:
            slugs.append(find_partnership(atlas, part, "IGS"))
        except ValueError as exc:
            problems.append(str(exc).removeprefix("IGS: "))
    if problems:
        raise forms.ValidationError(" ".join(problems))
    return list(dict.fromkeys(slugs))


def clean_municipalities(atlas: Any, text: str, most: int) -> list[str]:
    """The REFNIS codes of the municipalities named in ``text``, at most ``most``; an unknown
    name or code gets a Dutch message (the first ten unknown codes are named)."""
    try:
        codes = find_municipalities(atlas, text or "", "")
    except ValueError as exc:
        raise forms.ValidationError(str(exc).lstrip(": ").replace("?.", "?")) from None
    unknown = [c for c in codes if c not in atlas.municipalities]
    if unknown:
        raise forms.ValidationError(
            f"Onbekende REFNIS-code(s): {', '.join(unknown[:10])}. Een REFNIS-code van "
            "2025 heeft 5 cijfers, bv. 44021 voor Gent."
        )
    if len(codes) > most:
        raise forms.ValidationError(f"Hoogstens {most} gemeenten.")
    return codes
