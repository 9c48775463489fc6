"""Form pieces shared by the pages that let a user pick a municipality or IGS by name."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy


def search_box(kind: str, several: bool = False) -> forms.TextInput:
    """A text field that ``zoeken.js`` turns into a combobox with suggestions from ``/zoek/``
    (the Atlas ``search`` view; ``kind``: ``gemeente`` or ``igs``); ``several``: a list of names
    separated by commas. Without JavaScript it stays a plain text field."""
    attrs = {
        "autocomplete": "off",
        "spellcheck": "false",
        "data-zoek": kind,
        "data-zoek-url": reverse_lazy("search"),
    }
    if several:
        attrs["data-zoek-lijst"] = "1"
    return forms.TextInput(attrs=attrs)
