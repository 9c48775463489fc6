"""The yearly report of an IGS (pure: no Django): its content as data, and its XLSX.

The view (:mod:`samenspel.monitor.views_rapport`) gathers the figures from the database and the
Atlas; this module puts them in tables with plain Dutch text and writes every figure to one
workbook. Sections:

1. **Activiteiten en bereik per partner**: every yearly measurement of the year that an IGS
   registers itself or counts from the UiTdatabank (activities, co-organised activities,
   participants, reach, contribution, spending, ...), per partner, with the activities per
   1.000 inhabitants and a total when every partner's figure is known; the measurements of the
   IGS as a whole below.
2. **Evenwicht en dominantie**: the shares, location quotients, the dominance index of the
   centrumstad and the inequality (from :mod:`samenspel.monitor.balance`), each with its Dutch
   sentence, and the trend over the years.
3. **Enquête en investeringen**: the Gemeente- en Stadsmonitor and the investments of the
   annual accounts and the multi-year plan, for the latest year available up to the report
   year (the year is given per indicator), next to the unweighted mean of Flanders.
4. **Verhalen**: the stories of the IGS about that year.

A missing figure is written "niet gekend", never 0 (:data:`NOT_KNOWN`): a share, a total or a
ratio that needs it is not computed either.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from samenspel.core.numbers import format_number, format_percent
from samenspel.core.tables import no_formulas
from samenspel.monitor.balance import QUANTITIES, QUOTIENTS, Balance

NOT_KNOWN = "niet gekend"
NO_CENTRUMSTAD = "niet van toepassing: geen centrumstad"

Number = int | float | Decimal


def _unit_kind(unit: str) -> str:
    u = unit.strip().lower()
    if u.startswith("eur"):
        return "eur"
    if u.startswith("%"):
        return "points"  # a number of percent (45 means 45 %), not a fraction
    return "number"


@dataclass(frozen=True)
class Col:
    label: str
    kind: str = "text"  # text | int | number | eur | points | share | ratio | rate | index
    unit: str = ""

    @property
    def numeric(self) -> bool:
        return self.kind != "text"


def show(value, kind: str) -> str:
    """A cell as text in Belgian notation; None is :data:`NOT_KNOWN`."""
    if value is None:
        return NOT_KNOWN
    if isinstance(value, str):
        return value
    if kind == "int":
        return format_number(value)
    if kind == "eur":
        return f"{format_number(value, 0 if float(value).is_integer() else 2)} €"
    if kind == "points":
        return f"{format_number(value, 0 if float(value).is_integer() else 1)} %"
    if kind == "share":
        return format_percent(value)
    if kind == "ratio":
        return format_number(value, 2)
    if kind == "rate":
        return format_number(value, 1)
    if kind == "index":
        return format_number(value, 3)
    if kind == "number":
        return format_number(value, 0 if float(value).is_integer() else 1)
    return str(value)


XLSX_FORMATS = {
    "int": "#,##0",
    "eur": "#,##0.00 €",
    "points": '0.0 "%"',
    "share": "0.0%",
    "ratio": "0.00",
    "rate": "0.0",
    "index": "0.000",
    "number": "#,##0.##",
}


@dataclass
class ReportTable:
    key: str  # the sheet name in the XLSX (at most 31 characters)
    title: str
    columns: list[Col]
    rows: list[list] = field(default_factory=list)  # first cell: the row's label
    caption: str = ""
    notes: list[str] = field(default_factory=list)
    total_rows: int = 0  # how many rows at the end are totals or averages
    row_kinds: list[str] | None = None  # per row, the kind of its numeric cells (else columns')

    def kind(self, row: int, col: int) -> str:
        c = self.columns[col]
        return self.row_kinds[row] if self.row_kinds and c.numeric else c.kind

    def cell(self, row: int, col: int) -> str:
        return show(self.rows[row][col], self.kind(row, col))

    def display(self) -> list[list[tuple[str, bool, bool]]]:
        """Per row: (text, numeric, unknown) per cell."""
        return [
            [
                (show(v, self.kind(i, j)), c.numeric, v is None)
                for j, (v, c) in enumerate(zip(row, self.columns, strict=True))
            ]
            for i, row in enumerate(self.rows)
        ]

    def body_rows(self) -> list[list[tuple[str, bool, bool]]]:
        shown = self.display()
        return shown[: len(shown) - self.total_rows] if self.total_rows else shown

    def foot_rows(self) -> list[list[tuple[str, bool, bool]]]:
        return self.display()[len(self.rows) - self.total_rows :] if self.total_rows else []


@dataclass(frozen=True)
class Partner:
    refnis: str
    name: str
    inhabitants: int
    centrumstad: bool = False


@dataclass(frozen=True)
class Measured:
    """An indicator with its yearly values for the partners (missing: not in the mapping)."""

    code: str
    name: str
    unit: str
    values: Mapping[str, Number]
    additive: bool = True  # counts and amounts can be summed over the partners


@dataclass(frozen=True)
class AreaFigure:
    """One value of a survey or investment indicator for a partner: a whole value, or one per
    former municipality (``parts``: (name, value)) that are not combined."""

    value: Number | None = None
    parts: tuple[tuple[str, Number], ...] = ()


@dataclass(frozen=True)
class Context:
    """A survey or investment indicator for the report: the year shown and Flanders' mean."""

    code: str
    name: str
    unit: str
    year: int | None
    group: str  # enquête | investeringen | meerjarenplan
    values: Mapping[str, AreaFigure]
    flanders: float | None
    flanders_areas: int
    caveat: str = ""


@dataclass(frozen=True)
class StoryItem:
    title: str
    text: str
    teller: str
    role: str
    period: str
    partners: tuple[str, ...]
    indicators: tuple[str, ...]
    url: str
    image_url: str = ""
    image_alt: str = ""
    document_url: str = ""
    document_name: str = ""


@dataclass
class Report:
    slug: str
    igs_name: str
    year: int
    on: date
    made_on: date
    partners: list[Partner]
    activities: ReportTable
    igs_figures: ReportTable
    balance_table: ReportTable
    dominance_table: ReportTable
    sentences: list[tuple[str, str]]  # dominance, against the contribution, inequality
    explanations: list[tuple[str, str]]  # what shares and ratios mean
    partner_sentences: list[str]
    trend_sentence: str
    context_tables: list[ReportTable]
    stories: list[StoryItem]
    notes: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"Jaarverslag {self.year} van {self.igs_name}"

    @property
    def tables(self) -> list[ReportTable]:
        return [
            self.activities,
            self.igs_figures,
            self.balance_table,
            self.dominance_table,
            *self.context_tables,
        ]

    def to_xlsx(self) -> bytes:
        return report_xlsx(self)


# --------------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------------


def _sum(values: Sequence[Number | None]) -> float | None:
    return None if any(v is None for v in values) else float(sum(float(v) for v in values))


def activity_table(
    partners: Sequence[Partner], measured: Sequence[Measured], balance: Balance | None
) -> ReportTable:
    """Per partner: inhabitants, activities per 1.000 inhabitants and every measured
    indicator of the year; a total row (sums only where every partner is known)."""
    cols = [Col("Gemeente"), Col("Inwoners op 1 januari", "int")]
    for m in measured:
        cols.append(Col(f"{m.name} ({m.unit})", _unit_kind(m.unit), m.unit))
    cols.append(Col("Activiteiten per 1.000 inwoners", "rate"))
    acts = next((m for m in measured if m.code == "ACT_AANTAL"), None)
    rows = []
    for p in partners:
        row: list = [p.name + (" (centrumstad)" if p.centrumstad else ""), p.inhabitants]
        row += [_num(m.values.get(p.refnis)) for m in measured]
        a = acts.values.get(p.refnis) if acts else None
        row.append(
            round(float(a) / p.inhabitants * 1000, 2) if a is not None and p.inhabitants else None
        )
        rows.append(row)
    total_inh = sum(p.inhabitants for p in partners)
    total: list = ["Alle partners samen", total_inh]
    for m in measured:
        total.append(
            _sum([m.values.get(p.refnis) for p in partners]) if m.additive else "niet op te tellen"
        )
    total_acts = _sum([acts.values.get(p.refnis) for p in partners]) if acts else None
    total.append(
        round(total_acts / total_inh * 1000, 2) if total_acts is not None and total_inh else None
    )
    rows.append(total)
    caption = (
        "Wat het IGS registreerde of uit de UiTdatabank telde, per partner. 'niet gekend': er is "
        "geen meting voor die gemeente en dat jaar (geen nul); een totaal staat er enkel als "
        "elke partner gekend is."
    )
    if not measured:
        caption += " Er zijn nog geen metingen voor dit jaar: lees ze in bij de Monitor."
    return ReportTable(
        "Activiteiten en bereik",
        "Activiteiten en bereik per partner",
        cols,
        rows,
        caption,
        total_rows=1,
    )


def _num(v):
    return None if v is None else float(v)


def igs_table(figures: Sequence[tuple[str, str, str, Number | None]]) -> ReportTable:
    """The measurements of the IGS as a whole: (code, name, unit, value)."""
    cols = [Col("Indicator"), Col("Waarde", "number"), Col("Eenheid")]
    rows = [[name, _num(v), unit] for _c, name, unit, v in figures]
    return ReportTable(
        "IGS als geheel",
        "Cijfers van het IGS als geheel",
        cols,
        rows,
        "Indicatoren die voor het hele IGS gemeten worden (bv. het aandeel activiteiten buiten "
        "de centrumstad)." + ("" if rows else " Er zijn er geen voor dit jaar."),
    )


def balance_tables(balance: Balance | None) -> tuple[ReportTable, ReportTable]:
    share_cols = [Col(f"Aandeel {QUANTITIES[k]}", "share") for k in QUANTITIES]
    lq_cols = [
        Col(f"Verhouding {a}/{b}", "ratio")
        for a, b in (QUOTIENTS["activiteiten_inwoners"], QUOTIENTS["activiteiten_bijdrage"])
    ]
    cols = [Col("Gemeente"), Col("Inwoners", "int"), *share_cols, *lq_cols]
    rows = []
    if balance is not None:
        for p in balance.partners:
            rows.append(
                [
                    p.name + (" (centrumstad)" if p.centrumstad else ""),
                    p.values.get("inwoners"),
                    *[p.shares.get(k) for k in QUANTITIES],
                    p.quotients.get("activiteiten_inwoners"),
                    p.quotients.get("activiteiten_bijdrage"),
                ]
            )
    shares = ReportTable(
        "Evenwicht",
        "Aandelen en verhoudingen per partner",
        cols,
        rows,
        "Het aandeel van een partner in het totaal van de groep, en de verhouding tussen twee "
        "aandelen (1 is evenredig). Een aandeel is 'niet gekend' als het cijfer van een partner "
        "ontbreekt.",
        notes=list(balance.notes) if balance else [],
    )
    labels = {
        "activiteiten_inwoners": "Dominantie-index: aandeel activiteiten ÷ aandeel inwoners",
        "activiteiten_bijdrage": "Aandeel activiteiten ÷ aandeel bijdrage",
        "deelnemers_inwoners": "Aandeel deelnemers ÷ aandeel inwoners",
        "uitgaven_inwoners": "Aandeel uitgaven ÷ aandeel inwoners",
        "uitgaven_bijdrage": "Aandeel uitgaven ÷ aandeel bijdrage",
    }
    drows: list[list] = []
    if balance is not None:
        who = " en ".join(balance.centrumsteden)
        for k in QUOTIENTS:
            if who:
                drows.append([f"{labels[k]} ({who})", balance.dominance.get(k), "ratio"])
            else:
                drows.append([labels[k], NO_CENTRUMSTAD, "ratio"])
        drows.append(["Ongelijkheid: Gini van de activiteiten per inwoner", balance.gini, "index"])
        drows.append(["Ongelijkheid: Theil", balance.theil, "index"])
        drows.append(["Hoogst mogelijke Theil voor deze groep", balance.theil_max, "index"])
    dominance = ReportTable(
        "Dominantie",
        "Dominantie van de centrumstad en ongelijkheid",
        [Col("Maat"), Col("Waarde", "ratio")],
        [[r[0], r[1]] for r in drows],
        "1 is evenredig. Gini en Theil: 0 is een gelijke spreiding van de activiteiten per "
        "inwoner, gewogen naar het aantal inwoners.",
        row_kinds=[r[2] for r in drows],
    )
    return shares, dominance


def context_tables(partners: Sequence[Partner], contexts: Sequence[Context]) -> list[ReportTable]:
    """Survey, realised investments and planned investments: one row per indicator, one column
    per partner, then the mean of Flanders."""
    groups = [
        ("enquête", "Enquête", "Gemeente- en Stadsmonitor (bevraging van de inwoners)"),
        ("investeringen", "Investeringen", "Investeringen per inwoner volgens de jaarrekening"),
        ("meerjarenplan", "Meerjarenplan", "Geplande investeringen per inwoner (meerjarenplan)"),
    ]
    out = []
    for group, key, title in groups:
        items = [c for c in contexts if c.group == group]
        if not items:
            continue
        cols = [Col("Indicator"), Col("Jaar", "text"), Col("Eenheid")]
        cols += [Col(p.name, "number") for p in partners]
        cols += [Col("Gemiddelde Vlaanderen", "number")]
        rows = []
        kinds = []
        for c in items:
            row: list = [c.name, str(c.year) if c.year else NOT_KNOWN, c.unit]
            for p in partners:
                f = c.values.get(p.refnis)
                if f is None:
                    row.append(None)
                elif f.parts:
                    row.append(
                        " · ".join(f"{n} {show(float(v), _unit_kind(c.unit))}" for n, v in f.parts)
                    )
                else:
                    row.append(_num(f.value))
            row.append(None if c.flanders is None else round(c.flanders, 2))
            rows.append(row)
            kinds.append(_unit_kind(c.unit))
        caveats = list(dict.fromkeys(c.caveat for c in items if c.caveat))
        t = ReportTable(
            key,
            title,
            cols,
            rows,
            "Het laatst beschikbare jaar tot en met het jaar van het verslag (per indicator). "
            "Gemeenten die op 1 januari 2025 fusioneerden, hebben in de enquête één waarde per "
            "gemeente van vóór de fusie; die worden niet samengeteld. Vlaanderen: ongewogen "
            "gemiddelde over de gemeten gemeenten.",
            notes=caveats,
            row_kinds=kinds,
        )
        out.append(t)
    return out


def build_report(
    *,
    slug: str,
    igs_name: str,
    year: int,
    on: date,
    made_on: date,
    partners: Sequence[Partner],
    measured: Sequence[Measured],
    igs_figures: Sequence[tuple[str, str, str, Number | None]],
    balance: Balance | None,
    trend_sentence: str,
    contexts: Sequence[Context],
    stories: Sequence[StoryItem],
    notes: Sequence[str] = (),
) -> Report:
    shares, dominance = balance_tables(balance)
    titles = {
        "dominantie_index": "Dominantie van de centrumstad",
        "dominantie_bijdrage": "Tegenover de bijdrage",
        "ongelijkheid": "Ongelijkheid tussen de partners",
        "aandelen": "Aandelen",
        "locatiequotient": "Verhoudingen",
    }
    said = balance.sentences if balance else {}
    sentences = [(titles[k], said[k]) for k in list(titles)[:3] if k in said]
    explanations = [(titles[k], said[k]) for k in list(titles)[3:] if k in said]
    return Report(
        slug=slug,
        igs_name=igs_name,
        year=year,
        on=on,
        made_on=made_on,
        partners=list(partners),
        activities=activity_table(partners, measured, balance),
        igs_figures=igs_table(igs_figures),
        balance_table=shares,
        dominance_table=dominance,
        sentences=sentences,
        explanations=explanations,
        partner_sentences=[p.sentence for p in balance.partners] if balance else [],
        trend_sentence=trend_sentence,
        context_tables=context_tables(partners, contexts),
        stories=list(stories),
        notes=list(notes),
    )


# --------------------------------------------------------------------------------------------
# XLSX
# --------------------------------------------------------------------------------------------


def _sheet_title(text: str, used: set[str]) -> str:
    base = "".join(ch for ch in text if ch not in "[]:*?/\\")[:31] or "Blad"
    name, n = base, 2
    while name in used:
        name = f"{base[:28]} {n}"
        n += 1
    used.add(name)
    return name


def report_xlsx(report: Report) -> bytes:
    """Every figure of the report in one workbook: an explanation sheet, one sheet per table
    and the stories. A missing figure is the text "niet gekend", never 0 or an empty cell."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    used: set[str] = set()
    ws.title = _sheet_title("Toelichting", used)
    bold = Font(bold=True)
    ws.append([report.title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["IGS", report.igs_name])
    ws.append(["Jaar", report.year])
    ws.append(["Partners op", report.on.strftime("%d/%m/%Y")])
    ws.append(["Opgemaakt op", report.made_on.strftime("%d/%m/%Y")])
    ws.append(["Partners", ", ".join(p.name for p in report.partners)])
    ws.append([])
    ws.append(["Een cel 'niet gekend' betekent: geen meting, geen nul."])
    for n in report.notes:
        ws.append([n])
    ws.append([])
    for title, text in [*report.sentences, *report.explanations]:
        ws.append([title, text])
        ws.cell(row=ws.max_row, column=1).font = bold
    for text in report.partner_sentences:
        ws.append(["Per partner", text])
    if report.trend_sentence:
        ws.append(["Evolutie", report.trend_sentence])
        ws.cell(row=ws.max_row, column=1).font = bold
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 100
    for row in ws.iter_rows(min_col=2, max_col=2):
        for c in row:
            c.alignment = Alignment(wrap_text=True, vertical="top")

    for table in report.tables:
        sheet = wb.create_sheet(_sheet_title(table.key, used))
        sheet.append([c.label for c in table.columns])
        for c in sheet[1]:
            c.font = bold
        for i, row in enumerate(table.rows):
            sheet.append([NOT_KNOWN if v is None else v for v in row])
            for j, v in enumerate(row, start=1):
                kind = table.kind(i, j - 1)
                if isinstance(v, int | float) and not isinstance(v, bool) and kind in XLSX_FORMATS:
                    sheet.cell(row=sheet.max_row, column=j).number_format = XLSX_FORMATS[kind]
        if table.total_rows:
            for r in range(sheet.max_row - table.total_rows + 1, sheet.max_row + 1):
                for c in sheet[r]:
                    c.font = bold
        if table.caption or table.notes:
            sheet.append([])
            for text in [table.caption, *table.notes]:
                if text:
                    sheet.append([text])
        for j, col in enumerate(table.columns, start=1):
            letter = sheet.cell(row=1, column=j).column_letter
            width = 44 if j == 1 else max(12, min(40, len(col.label) + 2))
            sheet.column_dimensions[letter].width = width
        sheet.freeze_panes = "B2"

    sheet = wb.create_sheet(_sheet_title("Verhalen", used))
    sheet.append(
        ["Titel", "Periode", "Verteld door", "Rol", "Partners", "Indicatoren", "Verhaal", "Adres"]
    )
    for c in sheet[1]:
        c.font = bold
    for s in report.stories:
        sheet.append(
            [
                s.title,
                s.period or "",
                s.teller,
                s.role,
                ", ".join(s.partners),
                ", ".join(s.indicators),
                s.text,
                s.url,
            ]
        )
    if not report.stories:
        sheet.append(["Geen verhalen voor dit IGS en dit jaar."])
    for letter, width in zip("ABCDEFGH", (40, 12, 24, 24, 30, 30, 80, 40), strict=True):
        sheet.column_dimensions[letter].width = width
    no_formulas(wb)  # a story's title such as "=HYPERLINK(…)" stays text
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
