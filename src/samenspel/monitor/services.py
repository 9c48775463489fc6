"""Bridge between the Monitor's measurements, the Atlas and the pure balance computation.

**Which measurement counts.** Several sources can hold a value for the same indicator, area and
year (an imported file, the bundle, a manual entry). A manual entry wins; otherwise the most
recent import. Values with a ``label`` (a part of the year) are not used for the yearly
figures.

**Merged municipalities** keep one value per former municipality where the source has them (the
survey of 2023); they are shown per part and never combined (see
:mod:`samenspel.monitor.loading`).

**Averages** (referentieregio, centrumsteden, Flanders) are plain means over the areas as the
source measured them: for the survey of 2023 the municipalities of before 2025, each with the
same weight; not weighted by population. Each comparison row says how many areas it averages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from samenspel.atlas.services import Atlas
from samenspel.funding.services import find_igs, igs_members
from samenspel.monitor.balance import Balance, PartnerInput, TrendPoint, compute_balance, trend
from samenspel.monitor.catalogue import ACTIVITIES, CONTRIBUTION, PARTICIPANTS, SPENDING
from samenspel.monitor.models import ImportBatch, Indicator, Measurement, Story
from samenspel.partnerships.rules import clamp_to_period

# --------------------------------------------------------------------------------------------
# Who may write: the places of samenspel.accounts.permissions ("monitor.change_item")
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """Where something is about to be written (a story for an IGS and its partners, values of
    a municipality, an own indicator of an IGS): the object protocol of
    :mod:`samenspel.accounts.roles` for an object that does not exist yet. It has no owner, so
    only a role in one of its places (or the support staff) allows writing there."""

    igs: frozenset[str] = frozenset()
    refnis: frozenset[str] = frozenset()
    owner_id = None

    def igs_slugs(self) -> set[str]:
        return set(self.igs)

    def refnis_codes(self) -> set[str]:
        return set(self.refnis)

    def is_public(self) -> bool:
        return False


def igs_of_municipality(atlas: Atlas, refnis: str, year: int) -> set[str]:
    """The IGS that ``refnis`` was a partner of on 1 January of ``year``."""
    on, _ = peildatum(year)
    return {
        slug
        for slug, pc in atlas.coverage(on).partnerships.items()
        if refnis in pc.members or refnis in pc.members_partly
    }


def may_write(user, place) -> bool:
    """``monitor.change_item`` on ``place`` (an item or a :class:`Place`)."""
    return bool(user is not None and user.has_perm("monitor.change_item", place))


def needed_roles(atlas: Atlas | None, place) -> str:
    """Which role allows writing at ``place``, in Dutch, for the refusal (a 403 page)."""
    parts = []
    names = atlas.partnerships if atlas else {}
    munis = atlas.municipalities if atlas else {}
    slugs = sorted(place.igs_slugs())
    if slugs:
        igs_names = " of ".join(names[s].name if s in names else s for s in slugs)
        parts.append("IGS-coördinator van " + igs_names)
        # permissions.edits_entry: a medewerker of an IGS edits its entries too
        parts.append("medewerker van het IGS " + igs_names)
    codes = sorted(place.refnis_codes())
    if codes:
        shown = [munis[c].name if c in munis else c for c in codes[:5]]
        more = f" (of een van de {len(codes)} partners)" if len(codes) > 5 else ""
        parts.append("cultuurbeleidscoördinator of medewerker van " + " of ".join(shown) + more)
    parts.append("medewerker van het steunpunt")
    return (
        "Daarvoor heb je een rol nodig als "
        + ", als ".join(parts[:-1])
        + (" of als " if len(parts) > 1 else "")
        + parts[-1]
        + "."
    )


def writes_somewhere(user) -> bool:
    """Has a role with which some Monitor item can be written: the support staff, an
    IGS-coördinator or medewerker of an IGS, a cultuurbeleidscoördinator or medewerker of a
    municipality (``permissions.edits_entry``)."""
    from samenspel.accounts.permissions import places

    p = places(user)
    return p.support or bool(p.coordinates_igs or p.edits_igs or p.edits_refnis)


def import_place(atlas: Atlas | None, refnis: str, igs: str, year: int) -> Place:
    """Where an imported value of a municipality (and so of its IGS that year) or of an IGS
    belongs, for ``monitor.change_item``."""
    if igs:
        return Place(igs=frozenset([igs]))
    slugs = igs_of_municipality(atlas, refnis, year) if atlas is not None else set()
    return Place(igs=frozenset(slugs), refnis=frozenset([refnis]))


def refuse_rows_without_role(atlas: Atlas | None, user, parsed) -> int:
    """Add an error to ``parsed`` (a :class:`~samenspel.monitor.measurements.ParsedFile`) for
    every row the user may not import: a municipality or IGS where they have no role (the
    support staff may import everything). Returns the number of rows refused; the import
    then writes nothing, like for any other bad row."""
    if writes_everywhere(user):
        return 0
    names = atlas.municipalities if atlas else {}
    seen: dict[tuple[str, str, int], bool] = {}
    refused = 0
    for r in parsed.rows:
        key = (r.refnis, r.igs, r.year)
        if key not in seen:
            seen[key] = may_write(user, import_place(atlas, r.refnis, r.igs, r.year))
        if not seen[key]:
            refused += 1
            if r.igs:
                parsed.add(
                    r.row,
                    "igs",
                    f"je hebt geen rol in IGS '{r.igs}' (IGS-coördinator, medewerker van het IGS "
                    "of steunpunt nodig).",
                )
            else:
                name = names[r.refnis].name if r.refnis in names else r.refnis
                parsed.add(
                    r.row,
                    "refnis",
                    f"je hebt geen rol in {name} ({r.refnis}) of in zijn IGS in {r.year} "
                    "(cultuurbeleidscoördinator, medewerker, IGS-coördinator, medewerker van het "
                    "IGS of steunpunt nodig).",
                )
    return refused


def writes_everywhere(user) -> bool:
    from samenspel.accounts.permissions import places

    return places(user).support


def writable_municipalities(atlas: Atlas | None, user, keys) -> set[tuple[str, int]]:
    """Of the (REFNIS, year) pairs ``keys``, those the user may import values for."""
    if writes_everywhere(user):
        return set(keys)
    return {(r, y) for r, y in keys if may_write(user, import_place(atlas, r, "", y))}


def peildatum(year: int) -> tuple[date, str | None]:
    """The reference date of a year: 1 January (inhabitants and partners on that day), kept
    inside the period the data covers."""
    return clamp_to_period(date(year, 1, 1))


def yearly_values(code: str, year: int, refnis: list[str] | None = None) -> dict[str, Decimal]:
    """Per 2025 municipality the yearly value of ``code`` in ``year`` (manual entry first,
    else the newest import); municipalities whose source has values per former municipality
    are left out (see :func:`municipality_values`)."""
    qs = Measurement.objects.filter(
        indicator__code=code, year=year, label="", igs="", part_refnis=""
    )
    if refnis is not None:
        qs = qs.filter(refnis__in=refnis)
    return best_values(qs.values_list("refnis", "value", "batch_id", "batch__imported_at"))


def best_values(rows) -> dict:
    """(key, value, batch_id, imported_at) → per key the value that counts: the manual entry
    (no batch), else the one of the newest import."""
    best: dict = {}
    for key, value, batch_id, at in rows:
        rank = (1, 0.0, 0) if batch_id is None else (0, at.timestamp() if at else 0.0, batch_id)
        if key not in best or rank > best[key][0]:
            best[key] = (rank, value)
    return {k: v for k, (_r, v) in best.items()}


@dataclass
class AreaValue:
    """The value of an indicator for a 2025 municipality: one value, or one per former
    municipality (``parts``: (REFNIS, name, value)) that are not combined."""

    refnis: str
    name: str
    value: Decimal | None
    parts: list[tuple[str, str, Decimal]] = field(default_factory=list)

    @property
    def text_note(self) -> str:
        if not self.parts:
            return ""
        return (
            "Samengevoegde gemeente: één waarde per gemeente van vóór 2025, niet samengeteld "
            "(daarvoor zijn respondentengewichten of inwonersaantallen per deelgemeente nodig)."
        )


def municipality_values(code: str, year: int) -> dict[str, AreaValue]:
    """Every 2025 municipality with a value of ``code`` in ``year``, with its parts."""
    whole = yearly_values(code, year)
    out: dict[str, AreaValue] = {r: AreaValue(r, "", v) for r, v in whole.items()}
    parts = (
        Measurement.objects.filter(indicator__code=code, year=year, label="", igs="")
        .exclude(part_refnis="")
        .values_list("refnis", "part_refnis", "part_name", "value")
        .order_by("refnis", "part_refnis")
    )
    for r, part, name, value in parts:
        out.setdefault(r, AreaValue(r, "", None)).parts.append((part, name, value))
    return out


def _mean(values: list[Decimal]) -> float | None:
    return float(sum(values) / len(values)) if values else None


def _area_values(av: AreaValue | None) -> list[Decimal]:
    if av is None:
        return []
    return [v for _p, _n, v in av.parts] if av.parts else [av.value]


@dataclass
class ComparisonRow:
    label: str
    value: float | None
    areas: int  # how many measured areas the value stands for (1 for a municipality)
    kind: str  # partner | referentieregio | centrumsteden | vlaanderen
    note: str = ""
    parts: list[tuple[str, str, float]] = field(default_factory=list)


def compare_partners(atlas: Atlas, slug: str, code: str, year: int) -> list[ComparisonRow]:
    """An IGS's partners on one indicator next to the average of their referentieregio('s),
    of the centrumsteden and of Flanders (plain means over the measured areas)."""
    on, _ = peildatum(year)
    members = igs_members(atlas, slug, on)
    values = municipality_values(code, year)
    rows: list[ComparisonRow] = []
    for r in sorted(members, key=lambda c: atlas.municipalities[c].name):
        av = values.get(r)
        m = atlas.municipalities[r]
        if av is not None and av.parts:
            rows.append(
                ComparisonRow(
                    m.name,
                    None,
                    len(av.parts),
                    "partner",
                    av.text_note,
                    [(p, n, float(v)) for p, n, v in av.parts],
                )
            )
        else:
            value = float(av.value) if av is not None and av.value is not None else None
            rows.append(ComparisonRow(m.name, value, 1 if value is not None else 0, "partner"))
    regions = sorted({atlas.municipalities[r].region_code for r in members})
    for code_r in regions:
        vals = [
            v
            for r, m in atlas.municipalities.items()
            if m.region_code == code_r
            for v in _area_values(values.get(r))
        ]
        rows.append(
            ComparisonRow(
                f"Gemiddelde referentieregio {atlas.regions[code_r].name}",
                _mean(vals),
                len(vals),
                "referentieregio",
            )
        )
    centra = [
        v
        for r, m in atlas.municipalities.items()
        if m.is_centrumstad
        for v in _area_values(values.get(r))
    ]
    rows.append(
        ComparisonRow("Gemiddelde centrumsteden", _mean(centra), len(centra), "centrumsteden")
    )
    flanders = [v for r in atlas.municipalities for v in _area_values(values.get(r))]
    rows.append(
        ComparisonRow(
            "Gemiddelde Vlaanderen",
            _mean(flanders),
            len(flanders),
            "vlaanderen",
            "Ongewogen gemiddelde over de gemeten gebieden (gemeenten zoals de bron ze mat).",
        )
    )
    return rows


# --------------------------------------------------------------------------------------------
# Balance
# --------------------------------------------------------------------------------------------


@dataclass
class IgsBalance:
    slug: str
    name: str
    year: int
    on: date
    balance: Balance
    notes: list[str]


def partner_inputs(atlas: Atlas, codes: list[str], year: int) -> list[PartnerInput]:
    """The inhabitants (1 January of ``year``) and the yearly measurements of activities,
    participants, spending and contribution of ``codes``."""
    on = date(year, 1, 1)
    figures = {
        key: yearly_values(code, year, codes)
        for key, code in (
            ("activities", ACTIVITIES),
            ("participants", PARTICIPANTS),
            ("spending", SPENDING),
            ("contribution", CONTRIBUTION),
        )
    }
    return [
        PartnerInput(
            refnis=c,
            name=atlas.municipalities[c].name,
            inhabitants=atlas.population(c, on),
            activities=figures["activities"].get(c),
            participants=figures["participants"].get(c),
            spending=figures["spending"].get(c),
            contribution=figures["contribution"].get(c),
            centrumstad=atlas.municipalities[c].is_centrumstad,
        )
        for c in codes
    ]


def group_balance(atlas: Atlas, codes: list[str], year: int) -> Balance:
    """The balance of any group of 2025 municipalities (e.g. a scenario's group) in ``year``;
    a :class:`ValueError` in Dutch for unknown codes."""
    unknown = [c for c in codes if c not in atlas.municipalities]
    if unknown:
        raise ValueError(f"Onbekende REFNIS-code(s): {', '.join(unknown)}.")
    return compute_balance(partner_inputs(atlas, list(dict.fromkeys(codes)), year))


def igs_balance(atlas: Atlas, slug: str, year: int) -> IgsBalance:
    """The balance of an IGS's partners (the municipalities fully inside it on 1 January of
    ``year``) in ``year``. A :class:`ValueError` in Dutch for an unknown or empty IGS."""
    slug = find_igs(atlas, slug)
    on, outside = peildatum(year)
    codes = igs_members(atlas, slug, on)
    name = atlas.partnerships[slug].name
    if not codes:
        raise ValueError(
            f"{name} heeft op {on:%d/%m/%Y} geen gemeenten die er volledig deel van uitmaken."
        )
    notes = [outside] if outside else []
    if not Indicator.objects.filter(code=ACTIVITIES, measurements__year=year).exists():
        notes.append(
            f"Er zijn nog geen activiteiten voor {year}: lees de UiTdatabank in of een bestand "
            f"met de indicator {ACTIVITIES}."
        )
    return IgsBalance(
        slug, name, year, on, compute_balance(partner_inputs(atlas, codes, year)), notes
    )


def balance_trend(atlas: Atlas, slug: str, years: list[int]) -> tuple[list[TrendPoint], str]:
    """The dominance index and the inequality of an IGS over ``years`` (years without
    partners are skipped)."""
    by_year = {}
    for y in years:
        try:
            by_year[y] = igs_balance(atlas, slug, y).balance
        except ValueError:
            continue
    return trend(by_year)


# --------------------------------------------------------------------------------------------
# Personal data (samenspel.accounts.personal_data, registered in apps.py)
# --------------------------------------------------------------------------------------------

#: At most this many rows per kind in one download of a person's own data.
EXPORT_CAP = 10_000
#: What a story's "verteld door" becomes when it named the person who deleted their data.
REMOVED_NAME = "(naam verwijderd op verzoek)"


def _stamp(value) -> str | None:
    return value.isoformat() if value is not None else None


def export_personal_data(user) -> dict:
    """Everything of ``user`` in the Monitor: the stories they wrote, the values they typed in
    (from the history of the manual measurements), the own indicators they made, the files
    they imported."""
    stories = [
        {
            "id": s.pk,
            "titel": s.title,
            "verhaal": s.text,
            "verteld_door": s.teller_name,
            "rol": s.teller_role,
            "igs": s.igs,
            "gemeenten": s.refnis_list,
            "indicatoren": s.indicator_list,
            "periode": s.period,
            "bijlage": s.attachment_name,
            "aangemaakt": _stamp(s.created_at),
            "gewijzigd": _stamp(s.updated_at),
        }
        for s in Story.objects.filter(created_by=user)[:EXPORT_CAP]
    ]
    kinds = {"+": "toegevoegd", "~": "gewijzigd", "-": "geschrapt"}
    values = [
        {
            "indicator": h.indicator_id and h.indicator.code,
            "gemeente": h.refnis,
            "igs": h.igs,
            "jaar": h.year,
            "waarde": str(h.value),
            "opmerking": h.note,
            "wat": kinds.get(h.history_type, h.history_type),
            "wanneer": _stamp(h.history_date),
        }
        for h in Measurement.history.filter(history_user=user)
        .select_related("indicator")
        .order_by("history_date")[:EXPORT_CAP]
    ]
    indicators = [
        {"code": h.code, "naam": h.name, "igs": h.igs, "aangemaakt": _stamp(h.history_date)}
        for h in Indicator.history.filter(history_user=user, history_type="+")[:EXPORT_CAP]
    ]
    imports = [
        {
            "bestand": b.file_name,
            "soort": b.get_kind_display(),
            "metingen": b.row_count,
            "ingelezen": _stamp(b.imported_at),
        }
        for b in ImportBatch.objects.filter(imported_by=user)[:EXPORT_CAP]
    ]
    return {
        "verhalen": stories,
        "manuele_waarden": values,
        "eigen_indicatoren": indicators,
        "inlezingen": imports,
    }


def anonymise_personal_data(user) -> int:
    """Keep what the person contributed, without them. Stories stay (others read them beside
    the figures) without their author; a "verteld door" that is the person's own name becomes
    :data:`REMOVED_NAME` (in the history too). Values, own indicators and imports stay: they
    are figures of an IGS or a municipality, not of the person; the link to the account goes
    (``ImportBatch.imported_by``; the history's user is set to NULL when the account is
    deleted and marked "verwijderde gebruiker" by the accounts app)."""
    names = {user.get_username().strip().lower()}
    person = getattr(user, "person", None)  # RelatedObjectDoesNotExist is an AttributeError
    if person is not None and person.name:
        names.add(person.name.strip().lower())
    full = user.get_full_name().strip().lower()
    if full:
        names.add(full)
    changed = 0
    for model in (Story, Story.history.model):
        own = model.objects.filter(created_by_id=user.pk)
        for name in names:
            changed += own.filter(teller_name__iexact=name).update(teller_name=REMOVED_NAME)
        changed += own.update(created_by=None)
    changed += ImportBatch.objects.filter(imported_by=user).update(imported_by=None)
    return changed
