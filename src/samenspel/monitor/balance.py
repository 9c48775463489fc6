"""Balance and dominance between the partners of an IGS (pure: no Django).

For every partner: its share of the inhabitants, of the contribution (when known), of the
activities, the participants and the spending; the ratios between those shares (location
quotients); for the IGS: a dominance index of the centrumstad and an inequality measure of the
activities per inhabitant across the partners; and over the years, their trend. Every figure
comes with a plain Dutch sentence saying what it means and when it signals an imbalance.

Definitions (``x_i`` a quantity of partner ``i``, ``P_i`` its inhabitants):

* share: ``s_i(x) = x_i / Σ_j x_j``. A share is only computed when the quantity is known for
  every partner (a missing figure is not read as zero) and the total is above zero.
* location quotient of ``x`` against ``y``: ``LQ_i = s_i(x) / s_i(y)``; 1 means the partner has
  exactly its "fair" part, above 1 more, below 1 less.
* dominance index of the centrumstad ``c``: ``D = s_c(activities) / s_c(inhabitants)``, and
  likewise against the contribution and for the spending. With two centrumsteden in one group
  their shares are added (they are read as one urban pole); without one there is no index.
* inequality of the activities per inhabitant ``y_i = A_i / P_i`` across the partners, **weighted
  by population** (``p_i = P_i / Σ P``): every inhabitant counts once, so a municipality of
  5.000 inhabitants does not weigh as much as a city of 100.000.

  - Gini: ``G = Σ_i Σ_j p_i p_j |y_i − y_j| / (2 μ)`` with ``μ = Σ_i p_i y_i`` (the mean over
    all inhabitants of the group). 0: every partner has the same number of activities per
    inhabitant; it grows towards 1 as the activities gather in a part of the group.
  - Theil (T): ``T = Σ_i s_i ln(s_i / p_i)`` with ``s_i`` the share of the activities
    (``0 · ln 0 = 0``); equivalently ``Σ_i p_i (y_i/μ) ln(y_i/μ)``. 0 as above; its largest
    possible value is ``ln(1 / p_min)`` (all activities in the smallest partner).

The thresholds for "signals an imbalance" are conventions of this module, not rules of a decree:
a ratio outside :data:`BALANCE_BAND` (0,8 to 1,25: a fifth less or a quarter more, symmetric on
a log scale), a Gini of :data:`GINI_SIGNAL` or more. They are shown with the figures.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from samenspel.core.numbers import format_number, format_percent

#: A ratio of shares inside this band counts as in balance (own convention, see above).
BALANCE_BAND = (0.8, 1.25)
#: A population-weighted Gini of activities per inhabitant from here on signals inequality.
GINI_SIGNAL = 0.25

#: The quantities whose shares are computed, with their Dutch names.
QUANTITIES = {
    "inwoners": "inwoners",
    "bijdrage": "bijdrage aan het IGS",
    "activiteiten": "activiteiten",
    "deelnemers": "deelnemers",
    "uitgaven": "uitgaven van het IGS",
}
#: The location quotients: key → (numerator, denominator).
QUOTIENTS = {
    "activiteiten_inwoners": ("activiteiten", "inwoners"),
    "activiteiten_bijdrage": ("activiteiten", "bijdrage"),
    "deelnemers_inwoners": ("deelnemers", "inwoners"),
    "uitgaven_inwoners": ("uitgaven", "inwoners"),
    "uitgaven_bijdrage": ("uitgaven", "bijdrage"),
}

Number = int | float | Decimal


@dataclass(frozen=True)
class PartnerInput:
    refnis: str
    name: str
    inhabitants: int
    activities: Number | None = None
    participants: Number | None = None
    spending: Number | None = None
    contribution: Number | None = None
    centrumstad: bool = False

    def quantity(self, key: str) -> float | None:
        value = {
            "inwoners": self.inhabitants,
            "bijdrage": self.contribution,
            "activiteiten": self.activities,
            "deelnemers": self.participants,
            "uitgaven": self.spending,
        }[key]
        return None if value is None else float(value)


@dataclass
class PartnerBalance:
    refnis: str
    name: str
    centrumstad: bool
    values: dict[str, float | None]
    shares: dict[str, float | None]
    quotients: dict[str, float | None]
    activities_per_1000: float | None
    sentence: str


@dataclass
class Balance:
    partners: list[PartnerBalance]
    totals: dict[str, float | None]
    dominance: dict[str, float | None]  # keys of QUOTIENTS, for the centrumstad
    centrumsteden: list[str]
    gini: float | None
    theil: float | None
    theil_max: float | None
    sentences: dict[str, str]
    notes: list[str] = field(default_factory=list)

    @property
    def dominance_index(self) -> float | None:
        """The headline index: the centrumstad's share of the activities ÷ of the inhabitants."""
        return self.dominance.get("activiteiten_inwoners")

    def partner(self, refnis: str) -> PartnerBalance:
        return next(p for p in self.partners if p.refnis == refnis)


def _ratio(a: float | None, b: float | None) -> float | None:
    if a is None or b is None or b == 0:
        return None
    return a / b


def in_band(ratio: float) -> bool:
    """Inside :data:`BALANCE_BAND`, judged on the value as shown (two decimals), so that the
    sentence never contradicts the number next to it."""
    low, high = BALANCE_BAND
    return low <= round(ratio, 2) <= high


def _ratio_words(ratio: float) -> str:
    if in_band(ratio):
        return "in evenwicht"
    return "meer dan evenredig" if ratio > 1 else "minder dan evenredig"


def gini(population: Sequence[Number], values: Sequence[Number]) -> float | None:
    """Population-weighted Gini of ``values[i] / population[i]`` (see the module docstring);
    None when the total population or the total of the values is zero."""
    total_p = sum(float(p) for p in population)
    total_v = sum(float(v) for v in values)
    if total_p <= 0 or total_v <= 0:
        return None
    p = [float(x) / total_p for x in population]
    y = [float(v) / float(pp) if pp else 0.0 for v, pp in zip(values, population, strict=True)]
    mu = sum(pi * yi for pi, yi in zip(p, y, strict=True))
    s = sum(
        pi * pj * abs(yi - yj)
        for pi, yi in zip(p, y, strict=True)
        for pj, yj in zip(p, y, strict=True)
    )
    return s / (2 * mu)


def theil(population: Sequence[Number], values: Sequence[Number]) -> float | None:
    """Population-weighted Theil T index ``Σ s_i ln(s_i / p_i)`` (see the module docstring)."""
    total_p = sum(float(p) for p in population)
    total_v = sum(float(v) for v in values)
    if total_p <= 0 or total_v <= 0 or any(float(p) <= 0 for p in population):
        return None
    t = 0.0
    for pop, v in zip(population, values, strict=True):
        s = float(v) / total_v
        if s > 0:
            t += s * math.log(s / (float(pop) / total_p))
    return max(t, 0.0)


def compute_balance(partners: Sequence[PartnerInput]) -> Balance:
    """The balance of a group of partners in one year."""
    if not partners:
        raise ValueError("Geen partners: er is geen evenwicht te berekenen.")
    notes: list[str] = []
    totals: dict[str, float | None] = {}
    shares: dict[str, dict[str, float | None]] = {p.refnis: {} for p in partners}
    for key, label in QUANTITIES.items():
        values = [p.quantity(key) for p in partners]
        missing = [p.name for p, v in zip(partners, values, strict=True) if v is None]
        if missing:
            totals[key] = None
            if len(missing) < len(partners):
                notes.append(
                    f"De {label} zijn niet gekend voor {_join(missing)}: geen aandelen voor "
                    f"de {label} (een ontbrekend cijfer telt niet als nul)."
                )
            for p in partners:
                shares[p.refnis][key] = None
            continue
        total = sum(values)
        totals[key] = total
        for p, v in zip(partners, values, strict=True):
            shares[p.refnis][key] = v / total if total > 0 else None
        if any(v < 0 for v in values):
            notes.append(f"Een negatief cijfer bij de {label}: de aandelen zijn onbetrouwbaar.")
    inh_total = totals["inwoners"] or 0
    result = []
    for p in partners:
        sh = shares[p.refnis]
        q = {k: _ratio(sh[a], sh[b]) for k, (a, b) in QUOTIENTS.items()}
        per_1000 = (
            float(p.activities) / p.inhabitants * 1000
            if p.activities is not None and p.inhabitants
            else None
        )
        result.append(
            PartnerBalance(
                p.refnis,
                p.name,
                p.centrumstad,
                {k: p.quantity(k) for k in QUANTITIES},
                sh,
                q,
                per_1000,
                _partner_sentence(p.name, sh, q),
            )
        )
    centra = [p for p in partners if p.centrumstad]
    dominance: dict[str, float | None] = {k: None for k in QUOTIENTS}
    if centra:
        if len(centra) > 1:
            notes.append(
                f"Meer dan één centrumstad ({_join([c.name for c in centra])}): hun aandelen "
                "zijn samengeteld voor de dominantie-index."
            )
        for k, (a, b) in QUOTIENTS.items():
            sa = [shares[c.refnis][a] for c in centra]
            sb = [shares[c.refnis][b] for c in centra]
            if None not in sa and None not in sb:
                dominance[k] = _ratio(sum(sa), sum(sb))
    g = t = t_max = None
    if totals["activiteiten"] is not None and inh_total > 0:
        pops = [p.inhabitants for p in partners]
        acts = [float(p.activities) for p in partners]
        g = gini(pops, acts)
        t = theil(pops, acts)
        if t is not None:
            t_max = math.log(inh_total / min(pops))
    balance = Balance(
        result,
        totals,
        dominance,
        [c.name for c in centra],
        g,
        t,
        t_max,
        {},
        notes,
    )
    balance.sentences = explain(balance)
    return balance


def _join(names: Sequence[str]) -> str:
    names = list(names)
    if not names:
        return ""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]


def _partner_sentence(name: str, sh: Mapping[str, float | None], q: Mapping) -> str:
    if sh.get("inwoners") is None:
        return f"{name}: geen inwonersaantal."
    parts = [f"{name} heeft {format_percent(sh['inwoners'])} van de inwoners"]
    for key in ("bijdrage", "activiteiten", "deelnemers", "uitgaven"):
        if sh.get(key) is not None:
            parts.append(f"{format_percent(sh[key])} van de {QUANTITIES[key]}")
    text = _join(parts) + "."
    lq = q.get("activiteiten_inwoners")
    if lq is not None:
        text += f" Verhouding activiteiten/inwoners {format_number(lq, 2)}: {_ratio_words(lq)}" + (
            "."
            if in_band(lq)
            else f" (buiten {format_number(BALANCE_BAND[0], 2)}–"
            f"{format_number(BALANCE_BAND[1], 2)}, een signaal van onevenwicht)."
        )
    return text


def explain(b: Balance) -> dict[str, str]:
    """A plain Dutch sentence per figure: what it means and when it signals an imbalance."""
    low, high = (format_number(x, 2) for x in BALANCE_BAND)
    out: dict[str, str] = {
        "aandelen": "Het aandeel van een partner is zijn deel van het totaal van de groep. Naast "
        "elkaar gelegd tonen de aandelen of een gemeente evenveel activiteiten, deelnemers en "
        "uitgaven krijgt als ze inwoners heeft en bijdraagt.",
        "locatiequotient": "De verhouding tussen twee aandelen (locatiequotiënt): 1 is precies "
        f"evenredig, boven 1 meer, onder 1 minder. Tussen {low} en {high} noemen we het in "
        "evenwicht; daarbuiten is het een signaal om te bekijken, geen oordeel.",
    }
    centrum = _join(b.centrumsteden)
    d = b.dominance_index
    if not b.centrumsteden:
        out["dominantie_index"] = (
            "Dit IGS heeft geen centrumstad als partner: er is geen dominantie-index."
        )
    elif d is None:
        out["dominantie_index"] = (
            f"De dominantie-index van {centrum} (aandeel in de activiteiten gedeeld door het "
            "aandeel in de inwoners) is niet te berekenen: de activiteiten zijn niet voor elke "
            "partner gekend."
        )
    else:
        c_inh = sum(p.shares["inwoners"] or 0 for p in b.partners if p.centrumstad)
        c_act = sum(p.shares["activiteiten"] or 0 for p in b.partners if p.centrumstad)
        verdict = (
            f"dat is in evenwicht (tussen {low} en {high})"
            if in_band(d)
            else (
                f"boven {high}: de activiteiten concentreren zich in de centrumstad, een "
                "signaal van stedelijke dominantie"
                if d > 1
                else f"onder {low}: de centrumstad krijgt minder activiteiten dan haar "
                "inwoners laten verwachten"
            )
        )
        out["dominantie_index"] = (
            f"{centrum} heeft {format_percent(c_inh)} van de inwoners van de groep en "
            f"{format_percent(c_act)} van de activiteiten: een dominantie-index van "
            f"{format_number(d, 2)}. 1 betekent evenredig; {verdict}."
        )
    dc = b.dominance.get("activiteiten_bijdrage")
    if b.centrumsteden:
        if dc is None:
            out["dominantie_bijdrage"] = (
                "De bijdragen van de partners zijn niet (allemaal) gekend: geen dominantie-index "
                "tegenover de bijdrage. Lees ze in met de indicator Bijdrage aan het IGS."
            )
        else:
            out["dominantie_bijdrage"] = (
                f"Tegenover de bijdrage is de index {format_number(dc, 2)}: "
                + (
                    "de centrumstad krijgt ongeveer wat ze betaalt."
                    if in_band(dc)
                    else (
                        "de centrumstad krijgt meer activiteiten dan ze bijdraagt."
                        if dc > 1
                        else "de centrumstad betaalt meer dan ze aan activiteiten terugziet."
                    )
                )
            )
    if b.gini is None:
        out["ongelijkheid"] = (
            "De ongelijkheid is niet te berekenen: de activiteiten zijn niet voor elke partner "
            "gekend of er zijn er geen."
        )
    else:
        g = round(b.gini, 3)  # judged as shown
        level = "groot" if g >= GINI_SIGNAL else ("matig" if g >= 0.1 else "klein")
        out["ongelijkheid"] = (
            f"Gini {format_number(b.gini, 3)} voor de activiteiten per inwoner, gewogen naar "
            "het aantal inwoners: 0 betekent dat elke partner evenveel activiteiten per inwoner "
            "heeft, 1 dat alles in één plaats gebeurt. Het verschil is "
            f"{level}"
            + (
                f" (vanaf {format_number(GINI_SIGNAL, 2)} een signaal van onevenwicht)."
                if g >= GINI_SIGNAL
                else f" (een signaal pas vanaf {format_number(GINI_SIGNAL, 2)})."
            )
            + f" Theil {format_number(b.theil or 0, 3)}: ook 0 bij een evenredige spreiding; "
            f"het hoogst mogelijke is {format_number(b.theil_max or 0, 3)}, als alle "
            "activiteiten in de kleinste partner plaatsvinden."
        )
    return out


# --------------------------------------------------------------------------------------------
# Trend over the years
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendPoint:
    year: int
    dominance_index: float | None
    gini: float | None
    theil: float | None


def trend(by_year: Mapping[int, Balance]) -> tuple[list[TrendPoint], str]:
    """The dominance index and the inequality per year, and a sentence on the direction.

    The dominance index moves towards balance when its distance to 1 on a log scale
    (``|ln D|``) shrinks: 1,25 and 0,8 are equally far from 1."""
    points = [TrendPoint(y, b.dominance_index, b.gini, b.theil) for y, b in sorted(by_year.items())]
    known = [p for p in points if p.dominance_index]
    parts = []
    if len(known) >= 2:
        first, last = known[0], known[-1]
        a, z = abs(math.log(first.dominance_index)), abs(math.log(last.dominance_index))
        direction = (
            "het evenwicht verbeterde"
            if z < a - 1e-9
            else ("het evenwicht verslechterde" if z > a + 1e-9 else "het evenwicht bleef gelijk")
        )
        parts.append(
            f"De dominantie-index ging van {format_number(first.dominance_index, 2)} "
            f"({first.year}) naar {format_number(last.dominance_index, 2)} ({last.year}): "
            f"{direction}."
        )
    gk = [p for p in points if p.gini is not None]
    if len(gk) >= 2:
        first, last = gk[0], gk[-1]
        word = (
            "daalde" if last.gini < first.gini else ("steeg" if last.gini > first.gini else "bleef")
        )
        parts.append(
            f"De ongelijkheid (Gini) {word} van {format_number(first.gini, 3)} ({first.year}) "
            f"tot {format_number(last.gini, 3)} ({last.year})."
        )
    if not parts:
        parts.append("Er zijn te weinig jaren met cijfers om een evolutie te tonen.")
    return points, " ".join(parts)
