"""The budget as it is: what each partner pays today, the cofinancing verdict, and every key as
the change against today (pure: no Django).

* :func:`read_contributions` reads an uploaded XLSX (openpyxl, read-only) or CSV (``;``, tab or
  ``,`` separated, UTF-8 with or without BOM, UTF-16 or Windows-1252), both with
  :mod:`samenspel.core.sheets` within this module's limits, with the columns *REFNIS* or
  *gemeente*, and *bijdrage*. Every bad row is named with file, row, column and a Dutch reason;
  nothing is returned unless the whole file is valid (:class:`ContributionError` lists every
  problem at once).
* :func:`cofinancing_verdict` applies the cofinancing condition of a rule set
  (:mod:`samenspel.partnerships.rules`, the only place its share and its source are written) to
  what the municipalities bring together; :func:`group_verdict` gives the whole verdict on the
  group as one IGS with that contribution known.
* :func:`changes` gives, per partner, a key's amount minus what it pays today, with a total
  line; :func:`format_change` writes a change with its sign (``+1.234,00 €``, ``−1.234,00 €``).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from samenspel.atlas.names import normalise
from samenspel.core import sheets
from samenspel.core.numbers import format_eur, format_number, parse_number, to_cents
from samenspel.partnerships.rules import (
    Cofinancing,
    Eligibility,
    PartnershipFacts,
    RuleSet,
    evaluate,
)
from samenspel.territory.geo import components

#: Limits of an uploaded file: its size, its size once unpacked (an XLSX is a zip), its rows
#: (after the header) and the columns that are read.
MAX_UPLOAD_BYTES = 1_000_000
MAX_UNPACKED_BYTES = 2_000_000  # a list of contributions is far smaller; openpyxl needs ~2 s/MB
MAX_ROWS = 1_000
MAX_COLUMNS = 30
#: Rows looked at, empty ones included: a small XLSX may reach row 1.048.576 (openpyxl then
#: produces every empty row in between), a CSV may hold a million blank lines.
MAX_SCAN_ROWS = 10_000
#: What the message about a file that runs on too far says a real one looks like.
SHORTER = "een lijst van gemeenten is korter"
#: The largest contribution of one partner (euro a year).
MAX_CONTRIBUTION = Decimal(1_000_000_000)
#: The minus sign of a change (U+2212, as in print), never a hyphen.
MINUS = "\u2212"

_REFNIS = re.compile(r"\d{5}")
REFNIS_HEADERS = {"refnis", "nis", "niscode", "nis code", "refnis code", "refniscode"}
NAME_HEADERS = {"gemeente", "naam", "gemeentenaam", "naam gemeente"}
AMOUNT_HEADERS = {"bijdrage", "bijdrage eur", "bijdrage €", "bijdrage (€)", "bijdrage (eur)"}


class ContributionError(ValueError):
    """An uploaded file that cannot be used; ``problems`` lists every one (Dutch)."""

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        super().__init__(" ".join(self.problems))


# --- reading a file ------------------------------------------------------------------------


def _letter(index: int) -> str:
    """0 → 'A', 25 → 'Z', 26 → 'AA' (the column letter of a spreadsheet)."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def _sheet_rows(name: str, kind: str, data: bytes) -> Iterator[tuple[int, list[Any]]]:
    """The filled rows of the file, read within this module's limits."""
    if kind == "xlsx":
        return sheets.xlsx_rows(
            name,
            data,
            max_unpacked=MAX_UNPACKED_BYTES,
            max_columns=MAX_COLUMNS,
            max_scan_rows=MAX_SCAN_ROWS,
            formulas=True,
            content="de bijdragen",
            shorter=SHORTER,
        )
    text = sheets.decode_text(name, data)
    return sheets.csv_rows(
        name, text, max_columns=MAX_COLUMNS, max_scan_rows=MAX_SCAN_ROWS, shorter=SHORTER
    )


def _rows(name: str, kind: str, data: bytes) -> list[tuple[int, list[Any]]]:
    """The filled rows, one more than :data:`MAX_ROWS` at most (then the file is refused)."""
    rows: list[tuple[int, list[Any]]] = []
    try:
        for number, row in _sheet_rows(name, kind, data):
            rows.append((number, row))
            if len(rows) > MAX_ROWS + 1:
                break
    except sheets.SheetError as exc:
        raise ContributionError([exc.message]) from None
    return rows


def _header_key(value: Any) -> str:
    return normalise(str(value or "")).replace("(", "").replace(")", "").strip()


@dataclass(frozen=True)
class Columns:
    refnis: int | None
    name: int | None
    amount: int
    header: list[str]


def _columns(name: str, number: int, header: Sequence[Any]) -> Columns:
    keys = [_header_key(h) for h in header]
    found = {
        what: next((i for i, k in enumerate(keys) if k in accepted), None)
        for what, accepted in (
            ("refnis", REFNIS_HEADERS),
            ("name", NAME_HEADERS),
            ("amount", {_header_key(a) for a in AMOUNT_HEADERS}),
        )
    }
    problems = []
    shown = ", ".join(f"'{str(h).strip()}'" for h in header if h is not None and str(h).strip())
    if found["refnis"] is None and found["name"] is None:
        problems.append("een kolom 'REFNIS' of 'gemeente' ontbreekt")
    if found["amount"] is None:
        problems.append("de kolom 'bijdrage' ontbreekt")
    if problems:
        raise ContributionError(
            [
                f"{name}, rij {number}: {' en '.join(problems)} (gevonden: {shown or 'niets'}). "
                "De eerste rij noemt de kolommen: REFNIS of gemeente, en bijdrage."
            ]
        )
    return Columns(found["refnis"], found["name"], found["amount"], [str(h or "") for h in header])


def _where(name: str, number: int, cols: Columns, index: int) -> str:
    """'bijdragen.xlsx, rij 4, kolom B (bijdrage)': where a problem is."""
    return f"{name}, rij {number}, kolom {_letter(index)} ({cols.header[index].strip()})"


def _cell(row: Sequence[Any], index: int | None) -> Any:
    if index is None or index >= len(row):
        return None
    value = row[index]
    if isinstance(value, str) and not isinstance(value, sheets.Formula):
        value = value.strip()
        return value or None
    return value


def _amount(value: Any, where: str) -> Decimal:
    if isinstance(value, sheets.Formula):
        raise ValueError(f"{where}: {_formula_text(value)}")
    if value is None:
        raise ValueError(f"{where}: geen bijdrage ingevuld (0 mag).")
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise ValueError(f"{where}: '{value}' is geen getal.")
    number = parse_number(value, what=where, maximum=MAX_CONTRIBUTION, decimals=2, unit="€")
    if number < 0:
        raise ValueError(f"{where}: een bijdrage kan niet negatief zijn ({format_eur(number)}).")
    return number


def _formula_text(value: sheets.Formula) -> str:
    return (
        f"'{value[:40]}' is een formule zonder berekende waarde; open het bestand in Excel of "
        "LibreOffice en bewaar het opnieuw, of typ het bedrag zelf."
    )


def _index(municipalities: Mapping[str, str]) -> dict[str, list[str]]:
    index: dict[str, list[str]] = defaultdict(list)
    for code, name in municipalities.items():
        index[normalise(name)].append(code)
    return index


def read_contributions(
    filename: str,
    data: bytes,
    members: Mapping[str, str],
    municipalities: Mapping[str, str],
) -> dict[str, Decimal]:
    """The contribution of every member, read from an uploaded file.

    ``members``: REFNIS → name of the group's partners; ``municipalities``: REFNIS → name of
    every municipality (to tell an unknown one from one that is not in the group). Returns
    REFNIS → euro, in the order of ``members``. Raises :class:`ContributionError` with every
    problem (file, row, column and why, in Dutch): a file too large or of another type, a
    missing column, an unknown municipality or one outside the group, a municipality twice, an
    empty, negative or unreadable amount, a member without a row.
    """
    name = (filename or "bestand").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:100]
    if not data:
        raise ContributionError([f"{name} is leeg."])
    if len(data) > MAX_UPLOAD_BYTES:
        raise ContributionError(
            [
                f"{name} is te groot ({format_number(len(data) / 1e6, 1)} MB); hoogstens "
                f"{format_number(MAX_UPLOAD_BYTES / 1e6)} MB."
            ]
        )
    kind = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if kind in ("xlsx", "csv", "txt"):
        rows = _rows(name, kind, data)
    elif kind == "xls":
        raise ContributionError(
            [f"{name} is in het oude Excel-formaat (.xls); bewaar het als .xlsx of .csv."]
        )
    else:
        raise ContributionError([f"{name}: alleen een .xlsx- of .csv-bestand kan."])
    if not rows:
        raise ContributionError([f"{name} bevat geen rijen."])
    if len(rows) > MAX_ROWS + 1:
        raise ContributionError(
            [
                f"{name} telt meer dan {format_number(MAX_ROWS)} rijen; zo veel gemeenten zijn er "
                "niet."
            ]
        )
    header_row, header = rows[0]
    cols = _columns(name, header_row, header)
    index = _index(municipalities)
    problems: list[str] = []
    out: dict[str, Decimal] = {}
    seen: dict[str, int] = {}
    for number, row in rows[1:]:
        code, where = None, None
        refnis = _cell(row, cols.refnis)
        place = _cell(row, cols.name)
        if refnis is not None:
            where = _where(name, number, cols, cols.refnis)
            text = str(refnis)
            if isinstance(refnis, float) and refnis.is_integer():
                text = str(int(refnis))
            if not _REFNIS.fullmatch(text):
                problems.append(f"{where}: '{text}' is geen REFNIS-code (vijf cijfers).")
                continue
            if text not in municipalities:
                problems.append(f"{where}: er is geen gemeente met REFNIS-code {text}.")
                continue
            code = text
        elif place is not None:
            where = _where(name, number, cols, cols.name)
            found = index.get(normalise(str(place)), [])
            if len(found) != 1:
                if found:
                    problems.append(
                        f"{where}: '{place}' is meer dan één gemeente; geef de REFNIS-code."
                    )
                    continue
                close = difflib.get_close_matches(normalise(str(place)), list(index), 1, 0.75)
                hint = f" Bedoel je {municipalities[index[close[0]][0]]}?" if close else ""
                problems.append(f"{where}: onbekende gemeente '{place}'.{hint}")
                continue
            code = found[0]
        else:
            col = cols.refnis if cols.refnis is not None else cols.name
            problems.append(f"{_where(name, number, cols, col)}: geen gemeente ingevuld.")
            continue
        if code not in members:
            problems.append(f"{where}: {municipalities[code]} ({code}) hoort niet bij deze groep.")
            continue
        if code in seen:
            problems.append(f"{where}: {members[code]} staat er al in rij {seen[code]}.")
            continue
        seen[code] = number
        amount_where = _where(name, number, cols, cols.amount)
        try:
            out[code] = _amount(_cell(row, cols.amount), amount_where)
        except ValueError as exc:
            problems.append(str(exc))
    missing = [members[c] for c in members if c not in seen]
    if missing:
        problems.append(
            f"{name}: geen rij voor {', '.join(missing)}; elke gemeente van de groep hoort erin "
            "(0 mag)."
        )
    if problems:
        raise ContributionError(problems)
    return {c: out[c] for c in members}


# --- the verdict ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CofinancingVerdict:
    """The cofinancing condition of ``rules`` applied to what the municipalities bring."""

    ok: bool
    municipal: Decimal  # what the municipalities bring together
    need: Decimal  # the least they must bring (the rule's share of the Flemish subsidy)
    subsidy: Decimal  # the Flemish subsidy the group would get
    ratio: Decimal  # the rule's share (read from the rule set, never written here)
    text: str  # the rule's own finding, in Dutch
    source: str

    @property
    def gap(self) -> Decimal:
        """How much more the municipalities must bring (0 when they bring enough)."""
        return max(self.need - self.municipal, Decimal(0))

    @property
    def margin(self) -> Decimal:
        """How much they bring above the minimum (0 when too little)."""
        return max(self.municipal - self.need, Decimal(0))


def _condition(rules: RuleSet) -> Cofinancing:
    for c in rules.conditions:
        if isinstance(c, Cofinancing):
            return c
    raise ValueError(f"De regels {rules.label} hebben geen voorwaarde over cofinanciering.")


def cofinancing_verdict(rules: RuleSet, population: int, municipal: Decimal) -> CofinancingVerdict:
    """Do the municipalities, bringing ``municipal`` euro together, meet the cofinancing of
    ``rules`` for a group of ``population`` inhabitants? The share, the subsidy formula, the
    wording and the source all come from ``rules``."""
    condition = _condition(rules)
    subsidy = rules.subsidy.amount(population)
    need = rules.subsidy.cofinancing(population)
    municipal = to_cents(municipal)
    facts = PartnershipFacts(
        slug="groep",
        name="deze groep",
        member_count=0,
        population=population,
        regions=Counter(),
        components=[],
        municipal_budget=municipal,
    )
    finding = condition.check(facts, subsidy, need)
    return CofinancingVerdict(
        ok=bool(finding.ok),
        municipal=municipal,
        need=need,
        subsidy=subsidy,
        ratio=rules.subsidy.cofinancing_ratio,
        text=finding.text,
        source=condition.source,
    )


def group_verdict(
    places: Sequence[Any],
    adjacency: Sequence[tuple[str, str]],
    rules: RuleSet,
    municipal: Decimal | None,
) -> Eligibility:
    """The verdict of ``rules`` on the group as one IGS, with what the municipalities bring
    together known (``municipal``; ``None``: not known). ``places`` have ``refnis``,
    ``population`` and ``region`` (as :class:`samenspel.funding.analysis.Place`)."""
    neighbours: dict[str, set[str]] = defaultdict(set)
    for a, b in adjacency:
        neighbours[a].add(b)
        neighbours[b].add(a)
    facts = PartnershipFacts(
        slug="groep",
        name="deze groep",
        member_count=len(places),
        population=sum(p.population for p in places),
        regions=Counter(p.region for p in places),
        components=components([p.refnis for p in places], neighbours),
        municipal_budget=municipal,
    )
    return evaluate(rules, facts)


# --- the change against today --------------------------------------------------------------


def format_change(x: Decimal | float | int) -> str:
    """A change in euro with its sign: ``+1.234,00 €``, ``−1.234,00 €``, ``0,00 €``."""
    value = to_cents(x)
    if value > 0:
        return "+" + format_eur(value)
    if value < 0:
        return MINUS + format_eur(-value)
    return format_eur(0)


@dataclass(frozen=True)
class Change:
    refnis: str
    name: str
    today: Decimal
    amount: Decimal

    @property
    def delta(self) -> Decimal:
        return self.amount - self.today

    @property
    def text(self) -> str:
        return format_change(self.delta)

    @property
    def sign(self) -> str:
        """'meer', 'minder' or 'gelijk': for the page's colours and for screen readers."""
        return "meer" if self.delta > 0 else "minder" if self.delta < 0 else "gelijk"


@dataclass(frozen=True)
class Changes:
    """One key (or the Shapley value, the nucleolus) against today, per partner and in total."""

    code: str
    label: str
    rows: list[Change]

    @property
    def total_today(self) -> Decimal:
        return sum((r.today for r in self.rows), Decimal(0))

    @property
    def total_amount(self) -> Decimal:
        return sum((r.amount for r in self.rows), Decimal(0))

    @property
    def total_delta(self) -> Decimal:
        return self.total_amount - self.total_today

    @property
    def total_text(self) -> str:
        return format_change(self.total_delta)


def changes(
    code: str,
    label: str,
    amounts: Mapping[str, Decimal | float],
    today: Mapping[str, Decimal],
    names: Mapping[str, str],
) -> Changes:
    """Per partner (in the order of ``names``) its amount under a key, rounded to cents, minus
    what it pays today."""
    return Changes(
        code,
        label,
        [
            Change(refnis, name, to_cents(today[refnis]), to_cents(amounts[refnis]))
            for refnis, name in names.items()
        ],
    )
