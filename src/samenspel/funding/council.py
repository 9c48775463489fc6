"""The council document of a Verdeelsleutel comparison: one A4 PDF for the gemeenteraad
(pure: no Django).

:class:`CouncilDocument` holds what a council member reads, already decided (the view in
:mod:`samenspel.funding.views_council` fills it from a comparison or from a saved snapshot):
which key is proposed, the amount of every partner under every key and method, its win-win band
when it was computed, what it pays today and the change, the assumptions with their sources, the
reference date and the data version. :func:`render_pdf` lays it out on A4 landscape pages (all
columns on the page, the table header repeated on every page, "pagina x van y" in the footer) with
fpdf2 and a Unicode font from the Debian package ``fonts-dejavu-core`` (``€``, ``ë``, ``−``).
The printable page ``templates/funding/report.html`` shows the same content from the same
document.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from samenspel.core.numbers import format_eur, format_number

#: Where the Unicode font is looked for: ``SAMENSPEL_FONT_DIR`` first, then the Debian package
#: ``fonts-dejavu-core`` (installed by ``scripts/setup.sh``). Never downloaded at run time.
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu",)
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FONT = "DejaVuSans"

MINUS = "\u2212"  # the typographic minus sign of the change column


class FontMissing(RuntimeError):
    """The Unicode font for the PDF is not installed (a Dutch message says how to fix it)."""


@dataclass(frozen=True)
class PartnerLine:
    """One partner: its amount per column of :attr:`CouncilDocument.methods` (``None`` when that
    method has no amount for it), its win-win band ``(low, high)`` when computed, and what it pays
    today when known."""

    name: str
    inhabitants: int
    amounts: tuple[Decimal | None, ...]
    band: tuple[Decimal, Decimal] | None = None
    today: Decimal | None = None


@dataclass(frozen=True)
class Assumption:
    """An assumption or a figure the document rests on, and where it comes from."""

    text: str
    source: str = ""


@dataclass(frozen=True)
class CouncilDocument:
    """Everything the council document shows (see the module docstring).

    ``methods`` are the column headers of the amounts: the keys first, then the Shapley value and
    the nucleolus when computed; ``proposed`` is the index of the proposed key in ``methods``.
    """

    title: str
    methods: tuple[str, ...]
    proposed: int
    partners: tuple[PartnerLine, ...]
    total: Decimal
    reference_date: date
    data_version: str
    made_on: date
    verdict: str = ""  # the group as one IGS, one sentence
    findings: tuple[str, ...] = ()  # what the verdict rests on and whether each key is win-win
    assumptions: tuple[Assumption, ...] = ()
    band_note: str = ""  # what the band means (core or least core); "" when not computed
    notes: tuple[str, ...] = ()  # anything else a reader must know (frozen numbers, …)
    today_note: str = ""  # where today's contributions come from
    keys: int = field(default=0)  # how many of ``methods`` are keys (0: all of them)

    @property
    def proposed_name(self) -> str:
        return self.methods[self.proposed]

    @property
    def has_bands(self) -> bool:
        return any(p.band is not None for p in self.partners)

    @property
    def has_today(self) -> bool:
        return any(p.today is not None for p in self.partners)

    def change(self, partner: PartnerLine) -> Decimal | None:
        """What ``partner`` pays more (positive) or less under the proposed key than today."""
        amount = partner.amounts[self.proposed]
        if amount is None or partner.today is None:
            return None
        return amount - partner.today

    def in_band(self, partner: PartnerLine) -> bool | None:
        """Is the proposed amount of ``partner`` inside its band (to the cent)?"""
        amount = partner.amounts[self.proposed]
        if amount is None or partner.band is None:
            return None
        return partner.band[0] - Decimal("0.005") <= amount <= partner.band[1] + Decimal("0.005")

    def headers(self) -> list[str]:
        """The column headers of the table, in the order of :meth:`rows`."""
        out = ["Gemeente", "Inwoners"]
        for i, m in enumerate(self.methods):
            out.append(f"{m} (voorstel)" if i == self.proposed else m)
        if self.has_bands:
            out += ["Win-win vanaf", "Win-win tot"]
        if self.has_today:
            out += ["Vandaag", "Verschil voorstel − vandaag"]
        return out

    def rows(self) -> list[list[str]]:
        """The table as text, in Belgian notation, with a total row at the bottom."""
        out = []
        for p in self.partners:
            row = [p.name, format_number(p.inhabitants)]
            row += [eur(a) for a in p.amounts]
            if self.has_bands:
                row += [eur(p.band[0]), eur(p.band[1])] if p.band else ["", ""]
            if self.has_today:
                row += [eur(p.today), signed_eur(self.change(p))]
            out.append(row)
        total = ["Samen", format_number(sum(p.inhabitants for p in self.partners))]
        for i in range(len(self.methods)):
            values = [p.amounts[i] for p in self.partners]
            total.append(eur(sum(values, Decimal(0))) if None not in values else "")
        if self.has_bands:
            total += ["", ""]
        if self.has_today:
            todays = [p.today for p in self.partners]
            changes = [self.change(p) for p in self.partners]
            total.append(eur(sum(todays, Decimal(0))) if None not in todays else "")
            total.append(signed_eur(sum(changes, Decimal(0))) if None not in changes else "")
        out.append(total)
        return out

    def band_sentence(self) -> str:
        """How many partners the proposed key keeps inside their band, in one Dutch sentence."""
        if not self.has_bands:
            return ""
        inside = [p for p in self.partners if self.in_band(p)]
        outside = [p.name for p in self.partners if self.in_band(p) is False]
        text = (
            f"Met het voorstel ({self.proposed_name}) ligt de bijdrage van "
            f"{len(inside)} van de {len(self.partners)} gemeenten binnen de band"
        )
        return text + (f"; erbuiten: {', '.join(outside)}." if outside else ".")


def eur(value: Decimal | float | None) -> str:
    """``12.345,67 €``; empty for no value."""
    return "" if value is None else format_eur(value)


def signed_eur(value: Decimal | float | None) -> str:
    """A change: ``+1.234,56 €``, ``−1.234,56 €`` (typographic minus) or ``0,00 €``."""
    if value is None:
        return ""
    text = format_eur(value)
    if text.startswith("-"):
        return MINUS + text[1:]
    return text if text == format_eur(0) else "+" + text


def date_text(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def font_paths(dirs: Sequence[str] | None = None) -> dict[str, Path]:
    """The font files per style, or :class:`FontMissing` with a Dutch message."""
    if dirs is None:
        env = os.environ.get("SAMENSPEL_FONT_DIR")
        dirs = ([env] if env else []) + list(FONT_DIRS)
    for d in dirs:
        paths = {style: Path(d) / name for style, name in FONT_FILES.items()}
        if all(p.is_file() for p in paths.values()):
            return paths
    raise FontMissing(
        "Het lettertype DejaVu Sans ontbreekt, dus kan Samenspel geen PDF maken. Installeer het "
        "Debian-pakket fonts-dejavu-core (scripts/setup.sh doet dat), of zet SAMENSPEL_FONT_DIR "
        f"op een map met {' en '.join(FONT_FILES.values())}. Gezocht in: {', '.join(dirs)}."
    )


# --- Layout ----------------------------------------------------------------------------------

INK = (26, 26, 26)
MUTED = (85, 85, 85)
ACCENT = (11, 92, 173)  # the site's blue
PROPOSED_FILL = (222, 235, 250)
HEAD_FILL = (238, 238, 238)
MARGIN = 12.0  # mm
BODY_PT = 9.0
TABLE_PT = 8.0  # the table gets smaller only when its columns would not fit otherwise
MIN_TABLE_PT = 6.5
PAD = 3.6  # mm around the text of a table cell


def render_pdf(doc: CouncilDocument, *, font_dir: str | None = None) -> bytes:
    """The document as PDF bytes: A4 landscape, the proposed key at the top of page 1."""
    from fpdf import FPDF, FontFace  # imported here: only a PDF download needs fpdf2

    fonts = font_paths([font_dir] if font_dir else None)
    footer_text = f"Samenspel · Verdeelsleutel {doc.title} · voorstel: {doc.proposed_name}"

    class Pdf(FPDF):
        def footer(self):
            self.set_y(-9)
            self.set_font(FONT, "", 7.5)
            self.set_text_color(*MUTED)
            width = self.epw - 30
            text = footer_text
            while self.get_string_width(text + "…") > width and len(text) > 10:
                text = text[:-1]
            self.cell(width, 5, text if text == footer_text else text + "…", align="L")
            self.cell(30, 5, f"pagina {self.page_no()} van {{nb}}", align="R")

    pdf = Pdf(orientation="L", unit="mm", format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=14)
    for style, path in fonts.items():
        pdf.add_font(FONT, style, str(path))
    pdf.set_title(f"Verdeelsleutel {doc.title}: voorstel voor de gemeenteraad")
    pdf.set_author("Samenspel")
    pdf.set_creator("Samenspel")
    pdf.set_lang("nl-BE")
    pdf.add_page()

    def para(text: str, size: float = BODY_PT, style: str = "", colour=INK, gap: float = 1.2):
        if not text:
            return
        pdf.set_font(FONT, style, size)
        pdf.set_text_color(*colour)
        pdf.multi_cell(0, size * 0.45, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    def heading(text: str):
        pdf.ln(1.5)
        para(text, 11, "B", ACCENT, gap=0.8)

    # Page 1: what is proposed, for which group, on which data.
    para(f"Verdeelsleutel {doc.title}: voorstel voor de gemeenteraad", 15, "B", INK, gap=1.5)
    pdf.set_fill_color(*PROPOSED_FILL)
    pdf.set_draw_color(*ACCENT)
    pdf.set_font(FONT, "B", 13)
    pdf.set_text_color(*INK)
    pdf.multi_cell(
        0,
        7.5,
        f"Voorgestelde verdeelsleutel: {doc.proposed_name}",
        border=1,
        fill=True,
        padding=(1.5, 3),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(2)
    para(
        f"Samen betalen de {len(doc.partners)} gemeenten {eur(doc.total)} per jaar. "
        + doc.band_sentence(),
        10,
    )
    para(
        f"Peildatum {date_text(doc.reference_date)} · gegevensversie {doc.data_version} · "
        f"opgemaakt met Samenspel op {date_text(doc.made_on)}.",
        8.5,
        colour=MUTED,
    )
    for note in doc.notes:
        para(note, 8.5, colour=MUTED)
    if doc.verdict:
        para(doc.verdict, 9.5, "B")
    for f in doc.findings:
        para(f"• {f}", 8.5)

    # The table: every column on the page, the font smaller only when needed.
    heading("Bijdrage per gemeente (euro per jaar)")
    _table(pdf, doc, FontFace)
    if doc.band_note:
        para(doc.band_note, 8, colour=MUTED)
    if doc.today_note:
        para(doc.today_note, 8, colour=MUTED)

    if doc.assumptions:
        heading("Aannames en bronnen")
        for a in doc.assumptions:
            para(f"• {a.text}" + (f" Bron: {a.source}." if a.source else ""), 8.5, gap=0.8)
    return bytes(pdf.output())


def _table(pdf, doc: CouncilDocument, FontFace) -> None:
    headers, rows = doc.headers(), doc.rows()
    numeric = [False] + [True] * (len(headers) - 1)
    proposed_col = 2 + doc.proposed
    size = TABLE_PT
    while True:
        pdf.set_font(FONT, "", size)
        pdf.set_font(FONT, "B", size)  # the widest case: bold (total row, proposed column)
        widths = [max(pdf.get_string_width(r[i]) for r in rows) + PAD for i in range(len(headers))]
        # headers wrap over at most three lines; a column is at least as wide as its longest word
        for i, h in enumerate(headers):
            word = max(pdf.get_string_width(w) for w in h.split()) + PAD
            widths[i] = max(widths[i], word, pdf.get_string_width(h) / 3 + PAD)
        if sum(widths) <= pdf.epw or size <= MIN_TABLE_PT:
            break
        size -= 0.5
    spare = pdf.epw - sum(widths)
    if spare > 0:  # what is left over goes to every column alike
        widths = [w + spare / len(widths) for w in widths]
    pdf.set_font(FONT, "", size)
    pdf.set_text_color(*INK)
    pdf.set_draw_color(170, 170, 170)
    head_style = FontFace(emphasis="BOLD", fill_color=HEAD_FILL, size_pt=size)
    with pdf.table(
        col_widths=tuple(widths),
        width=sum(widths),
        align="LEFT",
        text_align=tuple("RIGHT" if n else "LEFT" for n in numeric),
        headings_style=head_style,
        line_height=size * 0.5,
        padding=(0.8, 1.0),
        repeat_headings=1,
        first_row_as_headings=True,
    ) as table:
        head = table.row()
        for i, h in enumerate(headers):
            fill = PROPOSED_FILL if i == proposed_col else HEAD_FILL
            head.cell(h, style=FontFace(emphasis="BOLD", fill_color=fill, size_pt=size))
        for n, r in enumerate(rows):
            last = n == len(rows) - 1
            row = table.row()
            for i, text in enumerate(r):
                bold = last or i == proposed_col
                fill = PROPOSED_FILL if i == proposed_col else None
                row.cell(
                    text,
                    style=FontFace(emphasis="BOLD" if bold else "", fill_color=fill, size_pt=size),
                )
    pdf.ln(1.5)
