"""What kind of file a document of an initiative is, decided by its content (pure: no Django).

Accepted: PDF, OpenDocument text (ODT), Word (DOCX), Excel (XLSX) and photos (JPEG, PNG, WebP).
The first bytes ("magic bytes") decide; the three office formats are ZIP archives, told apart by
what is inside: an ODT starts with a ``mimetype`` entry that says
``application/vnd.oasis.opendocument.text``, a DOCX holds ``[Content_Types].xml`` and
``word/document.xml``, an XLSX ``[Content_Types].xml`` and ``xl/workbook.xml``. Office files with
macros (a ``vbaProject.bin`` inside) are refused. Only the archive's table of contents and the
tiny ``mimetype`` entry are read, never the documents themselves (no "ZIP bomb" can unfold),
and an archive that declares more than :data:`MAX_UNPACKED` bytes unpacked is refused, so that
nobody downloads one either.
"""

from __future__ import annotations

import io
import re
import zipfile

PDF = "application/pdf"
ODT = "application/vnd.oasis.opendocument.text"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JPEG, PNG, WEBP = "image/jpeg", "image/png", "image/webp"

#: content type → (Dutch name, accepted file name extensions)
TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    PDF: ("een PDF-document", (".pdf",)),
    ODT: ("een OpenDocument-tekst (ODT)", (".odt",)),
    DOCX: ("een Word-document (DOCX)", (".docx",)),
    XLSX: ("een Excel-rekenblad (XLSX)", (".xlsx",)),
    JPEG: ("een JPEG-afbeelding", (".jpg", ".jpeg")),
    PNG: ("een PNG-afbeelding", (".png",)),
    WEBP: ("een WebP-afbeelding", (".webp",)),
}
EXT_NAMES = {ext: name for name, exts in TYPES.values() for ext in exts}
ACCEPT = ",".join(ext for _name, exts in TYPES.values() for ext in exts)
#: A ZIP with more entries than this is not a document anybody writes by hand.
MAX_ZIP_ENTRIES = 5_000
#: An office document of at most 10 MB does not unpack to more than this (the sizes are read
#: from the archive's table of contents; a "ZIP bomb" declares far more).
MAX_UNPACKED = 200 * 1024 * 1024


class Refused(ValueError):
    """The file is not one of :data:`TYPES`; the message is Dutch and names the file."""


def clean_file_name(name: str) -> str:
    """The last part of the name, without control characters, at most 200 characters."""
    name = re.split(r"[\\/]", name or "")[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip() or "document"
    return name[-200:]


def _office(data: bytes) -> tuple[str | None, str]:
    """(content type or None, what it is in Dutch) of a ZIP archive."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if len(infos) > MAX_ZIP_ENTRIES:
                return None, "een ZIP-archief met te veel bestanden"
            if sum(i.file_size for i in infos) > MAX_UNPACKED:
                return None, (
                    "een ZIP-archief dat uitpakt tot meer dan "
                    f"{MAX_UNPACKED // (1024 * 1024)} MB (een “ZIP-bom”)"
                )
            names = {i.filename for i in infos}
            if any(n.lower().endswith("vbaproject.bin") for n in names):
                return None, "een Office-bestand met macro's"
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size <= 100:
                    mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                    if mimetype == ODT:
                        return ODT, ""
                    return None, f"een OpenDocument-bestand van een ander soort ({mimetype[:60]})"
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX, ""
                if "xl/workbook.xml" in names:
                    return XLSX, ""
                return None, "een Office-bestand van een ander soort"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, KeyError):
        return None, "een beschadigd ZIP-archief"
    return None, "een ZIP-archief"


def _what(head: bytes) -> str:
    """A Dutch guess of what a refused file is, for the message."""
    text = head.lstrip()[:200].lower()
    if text.startswith(b"<?xml") or text.startswith(b"<svg"):
        return "een XML- of SVG-bestand"
    if text.startswith((b"<!doctype html", b"<html")) or b"<script" in text:
        return "een HTML-pagina"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "een GIF-afbeelding"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "een oud Office-bestand (DOC of XLS)"
    if head.startswith(b"MZ") or head.startswith(b"\x7fELF"):
        return "een programma"
    return "een bestand van een ander soort"


def sniff(data: bytes) -> tuple[str | None, str]:
    """(content type, "") of a file's bytes, or (None, what it seems to be in Dutch)."""
    if data.startswith(b"%PDF-"):
        return PDF, ""
    if data.startswith(b"\xff\xd8\xff"):
        return JPEG, ""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG, ""
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP, ""
    if data.startswith(b"PK\x03\x04"):
        return _office(data)
    return None, _what(data[:256])


def check(name: str, data: bytes, max_bytes: int) -> str:
    """The content type of a file called ``name`` with content ``data``; :class:`Refused` with a
    Dutch message when it is too big, of a refused kind, or named as something else."""
    name = clean_file_name(name)
    if len(data) > max_bytes:
        raise Refused(
            f"“{name}” is {len(data) / 1024 / 1024:.1f} MB".replace(".", ",")
            + f"; een document mag hoogstens {max_bytes // (1024 * 1024)} MB zijn."
        )
    if not data:
        raise Refused(f"“{name}” is leeg.")
    kind, what = sniff(data)
    if kind is None:
        raise Refused(
            f"“{name}” is {what}, geen PDF, ODT, DOCX, XLSX of foto (JPEG, PNG, WebP). "
            "Samenspel kijkt naar de inhoud van het bestand, niet enkel naar de naam."
        )
    label, exts = TYPES[kind]
    ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if ext not in exts:
        named = f"heet {EXT_NAMES[ext]}" if ext in EXT_NAMES else "heeft een andere naam"
        raise Refused(
            f"“{name}” {named} maar is {label}: geef het de juiste extensie ({exts[0]}) en "
            "probeer opnieuw."
        )
    return kind
