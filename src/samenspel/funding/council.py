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
    explanation: tuple[tuple[str, str], ...] = ()  # per partner, the proposal in words
    keys: int = field(default=0)  # how many of ``methods`` are keys (0: all of them)

    @property
    def proposed_name(self) -> str:
        return self.methods[self.proposed]

    @property
    def proposed_column(self) -> int:
        """The column of the proposed key in :meth:`headers` (after name and inhabitants)."""
        return 2 + self.proposed

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

    def rounding_note(self) -> str:
        """Said when a column does not add up to the amount exactly (each amount is rounded to
        the cent on its own)."""
        for i in range(len(self.methods)):
            values = [p.amounts[i] for p in self.partners]
            if None not in values and sum(values, Decimal(0)) != self.total:
                return (
                    "Elk bedrag is op de cent afgerond; daardoor kan een som enkele centen "
                    "afwijken van het te verdelen bedrag."
                )
        return ""

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
        pdf.multi_cell(0, size * 0.45, text, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    def heading(text: str):
        if pdf.will_page_break(30):  # never a heading alone at the foot of a page
            pdf.add_page()
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
    para(doc.rounding_note(), 8, colour=MUTED)
    if doc.band_note:
        para(doc.band_note, 8, colour=MUTED)
    if doc.today_note:
        para(doc.today_note, 8, colour=MUTED)

    if doc.explanation:
        heading(f"Het voorstel per gemeente, om voor te lezen ({doc.proposed_name})")
        pdf.set_text_color(*INK)
        for name, text in doc.explanation:
            pdf.set_font(FONT, "B", 8.5)
            pdf.write(3.8, f"{name}. ")
            pdf.set_font(FONT, "", 8.5)
            pdf.write(3.8, text)
            pdf.ln(3.8 + 0.8)

    if doc.assumptions:
        heading("Aannames en bronnen")
        for a in doc.assumptions:
            para(f"• {a.text}" + (f" Bron: {a.source}." if a.source else ""), 8.5, gap=0.8)
    return bytes(pdf.output())


def _table(pdf, doc: CouncilDocument, FontFace) -> None:
    headers, rows = doc.headers(), doc.rows()
    numeric = [False] + [True] * (len(headers) - 1)
    proposed_col = doc.proposed_column
    size = TABLE_PT
    while True:
        pdf.set_font(FONT, "", size)
        pdf.set_font(FONT, "B", size)  # the widest case: bold (total row, proposed column)
        widths = [max(pdf.get_string_width(r[i]) for r in rows) + PAD for i in range(len(headers))]
        # headers wrap over at most four lines; a column is at least as wide as its longest word
        for i, h in enumerate(headers):
            word = max(pdf.get_string_width(w) for w in h.split()) + PAD
            widths[i] = max(widths[i], word, pdf.get_string_width(h) / 4 + PAD)
        if sum(widths) <= pdf.epw or size <= MIN_TABLE_PT:
            break
        size -= 0.5
    if sum(widths) > pdf.epw:  # still too wide at the smallest size: long labels wrap more
        widths = [w * pdf.epw / sum(widths) for w in widths]
    spare = pdf.epw - sum(widths)
    if spare > 0:  # what is left over goes to every column alike
        widths = [w + spare / len(widths) for w in widths]
    pdf.set_font(FONT, "", size)
    pdf.set_text_color(*INK)
    pdf.set_fill_color(255, 255, 255)  # only the proposed column and the header are coloured
    pdf.set_draw_color(170, 170, 170)
    head_style = FontFace(emphasis="BOLD", fill_color=HEAD_FILL, size_pt=size)
    with pdf.table(
        col_widths=tuple(widths),
        width=min(sum(widths), pdf.epw - 0.01),  # widths are shares of this; no float overrun
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


# --- Building the document -------------------------------------------------------------------

SHAPLEY = "Shapley-waarde"
NUCLEOLUS = "nucleolus"


def key_number(text: str, count: int) -> int | None:
    """``text`` as the number of one of ``count`` keys (1 = the first), else None: ASCII digits
    only, and short (int() refuses more than 4.300 digits, in English)."""
    text = text.strip()
    if text.isascii() and text.isdigit() and len(text) <= 4 and 1 <= int(text) <= count:
        return int(text)
    return None


def proposed_index(codes: Sequence[str], wanted: str | None) -> int:
    """The index of the proposed key among the keys ``codes`` (their names, e.g. ``inwoners``):
    ``wanted`` is a key name or its number (1 = the first key); none means the first key.
    A Dutch :class:`ValueError` for a key that is not in the comparison."""
    if not wanted:
        return 0
    wanted = wanted.strip()
    if wanted in codes:
        return list(codes).index(wanted)
    number = key_number(wanted, len(codes))
    if number is not None:
        return number - 1
    raise ValueError(
        f"Het voorstel '{wanted[:40]}' is geen sleutel van deze vergelijking; kies uit: "
        f"{', '.join(codes)}."
    )


def cost_model_assumption(model, scale: float | None = None) -> Assumption:
    """The cost model behind Shapley, nucleolus and the win-win band, as an assumption."""
    text = (
        "Kostenmodel voor Shapley-waarde, nucleolus en de win-win band: een groep betaalt voor "
        "een eigen werking F + a · inwoners^b"
        + (
            ", min de Vlaamse subsidie die ze als eigen IGS zou krijgen"
            if model.with_subsidy
            else ""
        )
        + f"; F = {format_eur(model.fixed_cost, 0)}, b = {format_number(model.exponent, 2)}"
    )
    if scale is not None:
        text += (
            f", a = {format_number(scale, 4)} (zo gekozen dat de hele groep precies het te "
            "verdelen bedrag betaalt)"
        )
    return Assumption(
        text + ". De verdeelsleutels zelf hangen er niet van af.",
        "aanname van Samenspel, geen gepubliceerd cijfer; F en b zijn instelbaar",
    )


def key_assumptions(names: Sequence[str], sources: dict[str, str]) -> list[Assumption]:
    """Where the figures of the keys come from (``sources``: 'population', 'income')."""
    out = [Assumption("Inwoners per gemeente op de peildatum.", sources.get("population", ""))]
    if any(n in ("draagkracht", "mix") for n in names):
        out.append(
            Assumption(
                "Draagkracht: netto belastbaar inkomen per inwoner.", sources.get("income", "")
            )
        )
    if any(n in ("profijt", "mix") for n in names):
        out.append(
            Assumption(
                "Profijt zonder eigen cijfers: het Huff-model, de verwachte bezoeken van de "
                "inwoners aan het aanbod van de andere partners, met het aantal inwoners als "
                "maat voor het culturele aanbod.",
                "aanname van Samenspel (te vervangen door tellingen van UiTdatabank of tickets)",
            )
        )
    return out


def from_comparison(
    cmp,
    *,
    title: str,
    on: date,
    data_version: str,
    made_on: date,
    proposal: str | None = None,
    today: dict[str, Decimal] | None = None,
    today_source: str = "",
    sources: dict[str, str] | None = None,
    notes: Sequence[str] = (),
) -> CouncilDocument:
    """The council document of a computed :class:`~samenspel.funding.analysis.Comparison`.

    ``proposal`` names the proposed key (see :func:`proposed_index`); ``today`` is what each
    partner (by REFNIS) pays today, when it is known."""
    from samenspel.core.numbers import to_cents

    results = list(cmp.results)
    index = proposed_index([r.spec.name for r in results], proposal)
    series = [(r.spec.label, r.allocation.amounts()) for r in results]
    series.append((SHAPLEY, cmp.shapley.as_dict()))
    if cmp.nucleolus is not None:
        series.append((NUCLEOLUS, cmp.nucleolus.as_dict()))
    partners = []
    for p in cmp.partners:
        band = None
        if cmp.bands is not None:
            b = cmp.bands.of(p.refnis)
            band = (to_cents(b.low), to_cents(b.high))
        paid = (today or {}).get(p.refnis)
        partners.append(
            PartnerLine(
                p.name,
                int(p.population),
                tuple(
                    to_cents(values[p.refnis]) if p.refnis in values else None
                    for _, values in series
                ),
                band,
                to_cents(paid) if paid is not None else None,
            )
        )
    findings = []
    for r in results:
        w = r.explanation.win_win
        state = (
            "win-win voor elke gemeente en elke groep"
            if w
            else ("win-win niet nagegaan" if w is None else "niet win-win")
        )
        findings.append(f"{r.spec.label}: {state}.")
    verdict = ""
    v = cmp.verdict
    if v is not None:
        verdict = f"{title} als één IGS: {v.verdict}. " + (
            f"Vlaamse subsidie voor deze groep: {format_eur(v.subsidy_eur)} per jaar."
            if v.qualifies
            else f"Geen Vlaamse subsidie voor deze groep (als ze aan de regels voldeed: "
            f"{format_eur(v.potential_subsidy_eur)} per jaar)."
        )
    rules = cmp.rules
    assumptions = [
        Assumption(
            f"Regels {rules.label}. {rules.reading()}".strip(), getattr(rules.subsidy, "source", "")
        )
    ]
    assumptions += [Assumption(n) for n in cmp.notes]
    assumptions += key_assumptions([r.spec.name for r in results], sources or {})
    assumptions.append(cost_model_assumption(cmp.model, cmp.scale))
    assumptions += [Assumption(n) for n in cmp.computed]
    band_note = ""
    if cmp.bands is None:  # asked for but not computed: say why, next to the table
        band_note = " ".join(n for n in cmp.computed if "win-win band" in n.lower())
    else:
        band_note = cmp.bands.note
        if cmp.restricted is not None and cmp.nucleolus is not None:
            nu, restricted = cmp.nucleolus.as_dict(), cmp.restricted.as_dict()
            moved = [
                f"{p.name} {format_eur(restricted[p.refnis])} in plaats van "
                f"{format_eur(nu[p.refnis])}"
                for p in cmp.partners
                if abs(restricted[p.refnis] - nu[p.refnis]) >= 0.005
            ]
            if moved:
                band_note += (
                    " Als geen gemeente geld mag krijgen, betaalt in de nucleolus: "
                    + "; ".join(moved)
                    + "."
                )
    return CouncilDocument(
        title=title,
        methods=tuple(name for name, _ in series),
        proposed=index,
        partners=tuple(partners),
        total=to_cents(cmp.amount),
        reference_date=on,
        data_version=data_version,
        made_on=made_on,
        verdict=verdict,
        findings=tuple(findings),
        assumptions=tuple(assumptions),
        band_note=band_note,
        notes=tuple(notes),
        explanation=tuple(
            (p.name, " ".join(p.sentences)) for p in results[index].explanation.partners
        ),
        today_note=(
            f"Vandaag: wat elke gemeente nu betaalt ({today_source})." if today_source else ""
        )
        if today
        else "",
        keys=len(results),
    )


def from_snapshot(
    snapshot: dict,
    *,
    proposed: int,
    on: date,
    data_version: str,
    made_on: date,
    assumptions: Sequence[Assumption] = (),
    notes: Sequence[str] = (),
) -> CouncilDocument:
    """The council document of a saved comparison: only the numbers of its snapshot (see
    ``snapshot_of`` in :mod:`samenspel.funding.views`), so that they never change afterwards.
    Optional parts of a snapshot are used when present: ``today.contributions`` (REFNIS →
    what it paid when saved) and ``bands`` (REFNIS → [low, high])."""
    series = snapshot.get("series", [])
    keys = sum(1 for s in series if s["name"] not in (SHAPLEY, NUCLEOLUS))
    today = (snapshot.get("today") or {}).get("contributions") or {}
    bands = snapshot.get("bands") or {}
    partners = []
    for p in snapshot.get("partners", []):
        code = p["refnis"]
        band = bands.get(code)
        partners.append(
            PartnerLine(
                p["name"],
                int(p["population"]),
                tuple(
                    Decimal(s["amounts"][code]) if code in s["amounts"] else None for s in series
                ),
                (Decimal(str(band[0])), Decimal(str(band[1]))) if band else None,
                Decimal(str(today[code])) if today.get(code) is not None else None,
            )
        )
    return CouncilDocument(
        title=snapshot.get("title", ""),
        methods=tuple(s["name"] for s in series),
        proposed=proposed if 0 <= proposed < max(keys, 1) else 0,
        partners=tuple(partners),
        total=Decimal(snapshot.get("amount") or 0),
        reference_date=on,
        data_version=data_version,
        made_on=made_on,
        assumptions=tuple(assumptions),
        notes=tuple(notes),
        today_note="Vandaag: wat elke gemeente betaalde toen de vergelijking bewaard werd."
        if today
        else "",
        keys=keys,
    )
