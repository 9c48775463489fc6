"""The forms of the Monitor's stories ("verhalen"), with the checks on uploaded files.

An attachment is a photo (JPEG, PNG, WebP) or a PDF of at most :data:`MAX_ATTACHMENT` bytes.
The type is decided by the **content** (the first bytes, "magic bytes"), and the file's name
must agree with it: an HTML page renamed ``foto.jpg`` or a PNG renamed ``verslag.pdf`` is
refused with a Dutch message. Photos are also opened with Pillow (a broken or enormous image is
refused) and saved again without their metadata (EXIF: the GPS position, the device), see
:func:`without_metadata`. SVG and HTML are never accepted, so they are never served.

Partners and the IGS are chosen by name with the suggestions of ``/zoek/`` (``zoeken.js``),
or by REFNIS code / slug.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms

from samenspel.atlas.forms import search_box
from samenspel.atlas.names import find_municipalities, find_partnership
from samenspel.core.numbers import format_number
from samenspel.monitor.models import Story

#: At most 5 MB per attachment.
MAX_ATTACHMENT = 5 * 1024 * 1024
#: A photo of more pixels than this is refused (a "decompression bomb" guard): 50 megapixels.
MAX_PIXELS = 50_000_000
#: Accepted content types → (Dutch name, accepted file name extensions).
TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "image/jpeg": ("een JPEG-afbeelding", (".jpg", ".jpeg")),
    "image/png": ("een PNG-afbeelding", (".png",)),
    "image/webp": ("een WebP-afbeelding", (".webp",)),
    "application/pdf": ("een PDF-document", (".pdf",)),
}
_EXT_NAMES = {ext: name for name, exts in TYPES.values() for ext in exts}
MIN_YEAR, MAX_YEAR = 1990, 2100
TEXT_MAX = 10_000


def sniff(head: bytes) -> str | None:
    """The content type of a file from its first bytes, or None when it is none of
    :data:`TYPES`."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return None


def _what(head: bytes) -> str:
    """A Dutch guess of what a refused file is, for the message."""
    text = head.lstrip()[:200].lower()
    if text.startswith(b"<?xml") or text.startswith(b"<svg"):
        return "een XML- of SVG-bestand"
    if text.startswith((b"<!doctype html", b"<html")) or b"<script" in text:
        return "een HTML-pagina"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "een GIF-afbeelding"
    if head.startswith(b"PK\x03\x04"):
        return "een ZIP- of Office-bestand"
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF"):
        return "een programma"
    return "een bestand van een ander soort"


def clean_file_name(name: str) -> str:
    """The last part of the name, without control characters, at most 200 characters."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip() or "bijlage"
    return name[-200:]


def check_attachment(upload) -> str:
    """The content type of an uploaded file, or a :class:`forms.ValidationError` in Dutch."""
    name = clean_file_name(upload.name)
    size = upload.size or 0
    if size > MAX_ATTACHMENT:
        raise forms.ValidationError(
            f"“{name}” is {format_number(size / 1024 / 1024, 1)} MB; een bijlage mag hoogstens "
            f"{format_number(MAX_ATTACHMENT / 1024 / 1024)} MB zijn."
        )
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    kind = sniff(head)
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if kind is None:
        raise forms.ValidationError(
            f"“{name}” is {_what(head)}, geen foto (JPEG, PNG of WebP) of PDF. Samenspel kijkt "
            "naar de inhoud van het bestand, niet enkel naar de naam."
        )
    label, exts = TYPES[kind]
    if ext not in exts:
        named = f"heet {_EXT_NAMES[ext]}" if ext in _EXT_NAMES else "heeft een andere naam"
        raise forms.ValidationError(
            f"“{name}” {named} maar is {label}: geef het de juiste extensie ({exts[0]}) en "
            "probeer opnieuw."
        )
    if kind.startswith("image/"):
        _check_image(upload, name, label)
    return kind


def _check_image(upload, name: str, label: str) -> None:
    from PIL import Image

    try:
        with Image.open(upload) as im:
            width, height = im.size
            if width * height > MAX_PIXELS:
                raise forms.ValidationError(
                    f"“{name}” is {format_number(width)} × {format_number(height)} pixels; een "
                    f"foto mag hoogstens {format_number(MAX_PIXELS / 1_000_000)} megapixels "
                    "hebben."
                )
            im.verify()
    except forms.ValidationError:
        raise
    except Exception:  # noqa: BLE001 - any decoder error means: not a readable image
        raise forms.ValidationError(
            f"“{name}” begint als {label} maar is beschadigd of onvolledig: Samenspel kan het "
            "niet openen."
        ) from None
    finally:
        upload.seek(0)


def without_metadata(upload, kind: str) -> bytes:
    """The photo saved again without its metadata: a phone's photo carries the place where it
    was taken (GPS), the device and sometimes a name in its EXIF; none of that is published.
    The orientation in the EXIF is applied first, so the photo stays upright."""
    import io

    from PIL import Image, ImageOps

    upload.seek(0)
    with Image.open(upload) as im:
        im.load()
        pic = ImageOps.exif_transpose(im)
        fmt = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}[kind]
        if fmt == "JPEG" and pic.mode not in ("RGB", "L"):
            pic = pic.convert("RGB")
        out = io.BytesIO()
        options = {"quality": 90} if fmt in ("JPEG", "WEBP") else {"optimize": True}
        pic.save(out, fmt, **options)
    upload.seek(0)
    return out.getvalue()


def _year_field(label: str, help_text: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "Geef een jaartal, bv. 2024.",
            "min_value": f"Een jaar vanaf {MIN_YEAR}.",
            "max_value": f"Een jaar tot {MAX_YEAR}.",
        },
    )


class StoryForm(forms.Form):
    titel = forms.CharField(label="Titel", max_length=200)
    tekst = forms.CharField(
        label="Het verhaal",
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Wat gebeurde er, voor wie, wat betekende het? Wat de cijfers niet tonen.",
    )
    verteller = forms.CharField(label="Verteld door (naam)", max_length=200)
    rol = forms.CharField(
        label="Rol",
        max_length=200,
        required=False,
        help_text="Bv. cultuurbeleidscoördinator, schepen van cultuur, vrijwilliger.",
    )
    igs = forms.CharField(
        label="IGS",
        max_length=200,
        required=False,
        widget=search_box("igs"),
        help_text="Typ een deel van de naam, bv. Cultuur Zuid.",
    )
    gemeenten = forms.CharField(
        label="Partners (gemeenten)",
        max_length=2_000,
        required=False,
        widget=search_box("gemeente", several=True),
        help_text="Namen of REFNIS-codes, gescheiden door komma's, bv. Gent, Merelbeke-Melle.",
    )
    indicatoren = forms.MultipleChoiceField(
        label="Indicatoren waar het verhaal bij hoort",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Houd Ctrl (of ⌘) ingedrukt om er meer te kiezen.",
    )
    van = _year_field("Jaar (of: van)", "Bv. 2024.")
    tot = _year_field("Tot en met", "Leeg: enkel het jaar hierboven.")
    bijlage = forms.FileField(
        label="Foto of document",
        required=False,
        help_text="JPEG, PNG, WebP of PDF, hoogstens 5 MB.",
        widget=forms.FileInput(
            attrs={"accept": ".jpg,.jpeg,.png,.webp,.pdf,image/jpeg,image/png,image/webp"}
        ),
    )
    bijlage_weg = forms.BooleanField(label="De huidige bijlage verwijderen", required=False)
    beschrijving = forms.CharField(
        label="Beschrijving van de foto",
        max_length=300,
        required=False,
        help_text="Wat staat erop? Voor wie de foto niet kan zien.",
    )

    def __init__(self, *args: Any, atlas: Any, indicator_choices: list, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.atlas = atlas
        self.fields["indicatoren"].choices = indicator_choices
        self.attachment_type = ""
        self.attachment_content: bytes | None = None  # a photo without its metadata
        # Dutch whatever language the browser asks for (the pages are Dutch only)
        for field in self.fields.values():
            field.error_messages["required"] = "Vul dit veld in."
            if isinstance(field, forms.CharField) and field.max_length:
                field.error_messages["max_length"] = (
                    f"Hoogstens {format_number(field.max_length)} tekens (nu %(show_value)d)."
                )
        self.fields["indicatoren"].error_messages["invalid_choice"] = (
            "Onbekende indicator “%(value)s”."
        )
        self.fields["bijlage"].error_messages.update(
            {
                "empty": "Het gekozen bestand is leeg.",
                "invalid": "Dit is geen bestand; kies een foto of PDF.",
                "missing": "Er is geen bestand meegestuurd.",
            }
        )

    def problems(self) -> str:
        out = []
        for field, errors in self.errors.items():
            label = self.fields[field].label if field in self.fields else ""
            out.append(f"{label}: {' '.join(errors)}" if label else " ".join(errors))
        return " ".join(out)

    def clean_igs(self) -> str:
        text = self.cleaned_data.get("igs", "").strip()
        if not text:
            return ""
        try:
            return find_partnership(self.atlas, text, "IGS")
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_gemeenten(self) -> list[str]:
        try:
            codes = find_municipalities(self.atlas, self.cleaned_data.get("gemeenten", ""), "")
        except ValueError as exc:
            raise forms.ValidationError(str(exc).lstrip(": ").replace("?.", "?")) from None
        unknown = [c for c in codes if c not in self.atlas.municipalities]
        if unknown:
            raise forms.ValidationError(f"Onbekende REFNIS-code(s): {', '.join(unknown)}.")
        if len(codes) > 300:
            raise forms.ValidationError("Hoogstens 300 gemeenten.")
        return codes

    def clean_indicatoren(self) -> list[str]:
        """The chosen codes, as long as they fit in the story's field (",CODE,CODE,")."""
        codes = self.cleaned_data.get("indicatoren") or []
        room = Story._meta.get_field("indicators").max_length
        if len(Story.join_codes(codes)) > room:
            raise forms.ValidationError(
                f"Te veel indicatoren ({format_number(len(codes))}): hun codes mogen samen "
                f"hoogstens {format_number(room)} tekens tellen. Kies de belangrijkste."
            )
        return codes

    def clean_bijlage(self):
        upload = self.cleaned_data.get("bijlage")
        if upload:
            self.attachment_type = check_attachment(upload)
            if self.attachment_type.startswith("image/"):
                try:
                    self.attachment_content = without_metadata(upload, self.attachment_type)
                except Exception:  # noqa: BLE001 - a decoder error while re-saving
                    raise forms.ValidationError(
                        f"“{clean_file_name(upload.name)}” kon niet gelezen worden als foto."
                    ) from None
        return upload

    def clean(self):
        data = super().clean()
        van, tot = data.get("van"), data.get("tot")
        if tot is not None and van is None:
            self.add_error("van", "Geef ook het beginjaar, of enkel één jaar bij “Jaar”.")
        elif van is not None and tot is not None and tot < van:
            self.add_error("tot", f"Het eindjaar {tot} ligt voor het beginjaar {van}.")
        if not data.get("igs") and not data.get("gemeenten") and not self.errors.get("igs"):
            if "gemeenten" not in self.errors:
                raise forms.ValidationError(
                    "Kies een IGS of minstens één gemeente: een verhaal hoort bij partners."
                )
        return data
