"""Plain-Dutch explanation of a contribution key, per partner and for the whole (pure, no Django).

The sentences are written to be read aloud in a council meeting. For every partner they say what
it pays (in total and per inhabitant), its share of the total next to its share of the
inhabitants, what it would cost on its own (stand-alone cost ``c({i})``), what it adds to the
cost of the cooperation (marginal cost ``c(N) − c(N∖{i})``), whether it is better off than alone,
and how the key compares with the Shapley value and the nucleolus of the cost game. For the whole
they say whether the key is win-win for every partner and every group of partners (the allocation
lies in the core of the cost game, :func:`samenspel.funding.games.core_check`), and if not, which
group pays too much and by how much.

The cost game must have the partners as players, named by REFNIS code (or by name), and be in the
same unit as the allocation (euro). Use e.g. :func:`samenspel.funding.games.cost_model_game` or
:func:`samenspel.funding.games.net_cost_game`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import numpy as np

from samenspel.core.numbers import format_eur, format_percent
from samenspel.funding.games import (
    COST,
    UNLIMITED,
    BudgetExceeded,
    CoreCheck,
    EmptyImputationSetError,
    Game,
    GameError,
    Limits,
    Solution,
    core_check,
    nucleolus,
    shapley,
)
from samenspel.funding.keys import Allocation

__all__ = ["Explanation", "PartnerExplanation", "explain_allocation", "join_dutch"]

#: Differences below this many euro are "the same" in the sentences.
CENT = 0.005


@dataclass(frozen=True)
class PartnerExplanation:
    """The figures and sentences for one partner."""

    refnis: str
    name: str
    amount: Decimal
    per_inhabitant: Decimal | None
    share_of_total: float
    share_of_population: float
    stand_alone: float | None
    marginal: float | None
    shapley: float | None
    nucleolus: float | None
    sentences: tuple[str, ...]

    @property
    def better_off_than_alone(self) -> bool | None:
        if self.stand_alone is None:
            return None
        return float(self.amount) <= self.stand_alone + CENT

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


@dataclass(frozen=True)
class Explanation:
    """Explanation of an allocation: one :class:`PartnerExplanation` per partner plus the whole."""

    key: str
    partners: tuple[PartnerExplanation, ...]
    overall: tuple[str, ...]
    core: CoreCheck | None = None
    shapley: Solution | None = None
    nucleolus: Solution | None = None

    @property
    def win_win(self) -> bool | None:
        """True when the allocation is in the core, ``None`` without a cost game."""
        return None if self.core is None else self.core.in_core

    @property
    def text(self) -> str:
        """The whole explanation as paragraphs: the overall sentences, then one per partner."""
        paragraphs = [" ".join(self.overall)] + [p.text for p in self.partners]
        return "\n\n".join(paragraphs)


def join_dutch(items: Sequence[str]) -> str:
    """``["A", "B", "C"]`` → ``"A, B en C"``."""
    items = list(items)
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " en " + items[-1]


def _player_index(allocation: Allocation, game: Game) -> list[int]:
    """Index in ``game.players`` of every partner, matched on REFNIS code, else on name."""
    positions = {p: i for i, p in enumerate(game.players)}
    index = []
    for share in allocation.shares:
        partner = share.partner
        if partner.refnis in positions:
            index.append(positions[partner.refnis])
        elif partner.name in positions:
            index.append(positions[partner.name])
        else:
            raise GameError(
                f"{partner.label} is geen speler van het kostenspel; de spelers moeten de "
                "partners zijn (REFNIS-code of naam)."
            )
    if len(set(index)) != len(index) or len(index) != game.n:
        raise GameError("De spelers van het kostenspel moeten precies de partners zijn.")
    return index


def explain_allocation(
    allocation: Allocation,
    game: Game | None = None,
    *,
    shapley_solution: Solution | None = None,
    nucleolus_solution: Solution | None = None,
    compute_missing: bool = True,
    limits: Limits = UNLIMITED,
    core_check_of: Callable[[np.ndarray], CoreCheck] | None = None,
) -> Explanation:
    """Explain ``allocation`` in plain Dutch, optionally against the cost game ``game``.

    Without a game only the key's own figures are explained. With a cost game the stand-alone and
    marginal costs, the Shapley value, the nucleolus and the core check are added; the Shapley value
    and the nucleolus are computed unless given or ``compute_missing`` is false (a caller that
    already found that one cannot be computed). Within ``limits`` only: a core check that would
    exceed them is left out and the explanation says so. ``core_check_of(amounts)`` (amounts
    in the game's player order), when given, replaces the enumerating core check — e.g. the
    exact oracle of :func:`samenspel.funding.implicit.core_check` for a large group.
    """
    core: CoreCheck | None = None
    stand_alone = marginal = phi = nu = None
    notes: list[str] = []
    if game is not None:
        if game.kind != COST:
            raise GameError(
                "Een verdeelsleutel wordt vergeleken met een kostenspel (soort 'kosten'), "
                "niet met een waardespel."
            )
        index = _player_index(allocation, game)
        stand_alone = game.stand_alone()[index]
        marginal = game.marginal()[index]
        if shapley_solution is None:
            shapley_solution = shapley(game, limits=limits)
        phi = shapley_solution.allocation[index]
        if nucleolus_solution is None and compute_missing:
            try:
                nucleolus_solution = nucleolus(game, limits=limits)
            except EmptyImputationSetError:
                notes.append(
                    "Er is geen nucleolus: samen kost het meer dan de som van wat elke partner "
                    "alleen zou betalen."
                )
            except BudgetExceeded as exc:
                notes.append(str(exc))
        if nucleolus_solution is not None:
            nu = nucleolus_solution.allocation[index]
        amounts = np.zeros(game.n)
        for share, i in zip(allocation.shares, index, strict=True):
            amounts[i] = float(share.amount)
        # Amounts are rounded to cents: allow one cent per partner.
        try:
            if core_check_of is not None:
                core = core_check_of(amounts)
            else:
                core = core_check(game, amounts, tolerance=0.01 * game.n, limits=limits)
        except BudgetExceeded as exc:
            notes.append(str(exc).replace(" is niet berekend", " is niet nagegaan", 1))

    partners = []
    for k in range(len(allocation.shares)):
        partners.append(
            _explain_partner(
                allocation,
                k,
                None if stand_alone is None else float(stand_alone[k]),
                None if marginal is None else float(marginal[k]),
                None if phi is None else float(phi[k]),
                None if nu is None else float(nu[k]),
            )
        )
    overall = _explain_whole(allocation, game, core, partners) + notes
    return Explanation(
        key=allocation.key,
        partners=tuple(partners),
        overall=tuple(overall),
        core=core,
        shapley=shapley_solution,
        nucleolus=nucleolus_solution,
    )


def _compare(amount: float, reference: float) -> str:
    diff = amount - reference
    if abs(diff) < CENT:
        return "evenveel als met deze sleutel"
    if diff > 0:
        return f"{format_eur(diff)} minder dan met deze sleutel"
    return f"{format_eur(-diff)} meer dan met deze sleutel"


def _explain_partner(
    allocation: Allocation,
    k: int,
    stand_alone: float | None,
    marginal: float | None,
    phi: float | None,
    nu: float | None,
) -> PartnerExplanation:
    share = allocation.shares[k]
    p = share.partner
    amount = float(share.amount)
    sentences = []
    per_inh = share.per_inhabitant
    if per_inh is not None:
        sentences.append(
            f"{p.name} betaalt {format_eur(share.amount)}, of {format_eur(per_inh)} per inwoner."
        )
    else:
        sentences.append(f"{p.name} betaalt {format_eur(share.amount)}.")
    total_pct = format_percent(share.share_of_total)
    pop_pct = format_percent(share.share_of_population)
    if abs(share.share_of_total - share.share_of_population) < 0.0005:
        sentences.append(
            f"Dat is {total_pct} van het totaal, evenveel als het aandeel van {p.name} in de "
            "inwoners van de samenwerking."
        )
    else:
        more_less = "meer" if share.share_of_total > share.share_of_population else "minder"
        sentences.append(
            f"Dat is {total_pct} van het totaal, terwijl {p.name} {pop_pct} van de inwoners van "
            f"de samenwerking telt: {p.name} betaalt dus verhoudingsgewijs {more_less} dan "
            "het aantal inwoners."
        )
    if share.capped:
        sentences.append(f"Het bedrag van {p.name} is begrensd door het plafond.")
    if share.floored:
        sentences.append(f"Het bedrag van {p.name} is opgetrokken tot het minimumbedrag.")
    if stand_alone is not None:
        gain = stand_alone - amount
        if abs(gain) < CENT:
            sentences.append(
                f"Alleen zou {p.name} {format_eur(stand_alone)} kosten, precies evenveel: "
                f"{p.name} wint niets bij de samenwerking, maar verliest ook niets."
            )
        elif gain > 0:
            sentences.append(
                f"Alleen zou {p.name} {format_eur(stand_alone)} kosten; in de samenwerking "
                f"betaalt {p.name} dus {format_eur(gain)} minder dan alleen."
            )
        else:
            sentences.append(
                f"Alleen zou {p.name} maar {format_eur(stand_alone)} kosten; in de samenwerking "
                f"betaalt {p.name} {format_eur(-gain)} meer dan alleen en is dus slechter af."
            )
    if marginal is not None:
        sentence = (
            f"Dat {p.name} meedoet, kost de samenwerking {format_eur(marginal)} extra (de meerkost)"
        )
        if amount + CENT < marginal:
            sentence += (
                f"; {p.name} betaalt minder dan die meerkost, de andere partners dragen de rest."
            )
        elif amount > marginal + CENT:
            sentence += f"; {p.name} betaalt meer dan die meerkost."
        else:
            sentence += f"; {p.name} betaalt precies die meerkost."
        sentences.append(sentence)
    if phi is not None:
        sentences.append(
            "Volgens de Shapley-waarde, de gemiddelde meerkost over alle volgordes waarin de "
            f"partners kunnen toetreden, zou {p.name} {format_eur(phi)} betalen, "
            f"{_compare(amount, phi)}."
        )
    if nu is not None:
        sentences.append(
            "Volgens de nucleolus, de verdeling die de meest benadeelde groep zo goed mogelijk "
            f"behandelt, zou {p.name} {format_eur(nu)} betalen, {_compare(amount, nu)}."
        )
    return PartnerExplanation(
        refnis=p.refnis,
        name=p.name,
        amount=share.amount,
        per_inhabitant=per_inh,
        share_of_total=share.share_of_total,
        share_of_population=share.share_of_population,
        stand_alone=stand_alone,
        marginal=marginal,
        shapley=phi,
        nucleolus=nu,
        sentences=tuple(sentences),
    )


def _explain_whole(
    allocation: Allocation,
    game: Game | None,
    core: CoreCheck | None,
    partners: Sequence[PartnerExplanation],
) -> list[str]:
    n = len(allocation.shares)
    sentences = [
        f"De verdeelsleutel verdeelt {format_eur(allocation.total)} over {n} partners.",
        allocation.description,
    ]
    sentences.extend(allocation.notes)
    if game is None or core is None:
        return sentences
    grand = game.grand_value
    if not core.efficient:
        sentences.append(
            f"Let op: volgens het kostenmodel kost de volledige samenwerking {format_eur(grand)}, "
            f"niet {format_eur(allocation.total)}; de vergelijking met 'alleen' is daardoor "
            "scheef."
        )
    worse = [p.name for p in partners if p.better_off_than_alone is False]
    if core.in_core:
        sentences.append(
            "Deze verdeling is win-win: geen enkele partner en geen enkele groep van partners "
            "zou zonder de anderen goedkoper uit zijn."
        )
        if len(core.worst_coalition) > 0:
            names = _names(allocation, list(core.worst_coalition))
            margin = format_eur(-core.worst_excess)
            if len(names) == 1:
                sentences.append(
                    f"De krapste marge heeft {names[0]}: {names[0]} betaalt {margin} minder "
                    "dan alleen."
                )
            else:
                sentences.append(
                    f"De krapste marge heeft de groep {join_dutch(names)}: samen betalen ze "
                    f"{margin} minder dan zonder de anderen."
                )
    else:
        if worse:
            sentences.append(
                f"Deze verdeling is niet win-win: {join_dutch(worse)} "
                f"{'betaalt' if len(worse) == 1 else 'betalen elk'} meer dan alleen."
            )
        group = list(core.worst_coalition)
        names = _names(allocation, group)
        if core.worst_excess > CENT and len(group) > 1:
            sentences.append(
                f"De groep die er het meest op achteruitgaat, is {join_dutch(names)}: samen "
                f"betalen ze {format_eur(core.worst_excess)} meer dan wat ze zonder de anderen "
                "zouden betalen."
            )
        elif core.worst_excess > CENT and not worse:
            sentences.append(f"{names[0]} betaalt {format_eur(core.worst_excess)} meer dan alleen.")
        if core.core_empty is None:
            pass  # not known (a large group whose nucleolus was not computed)
        elif core.core_empty:
            sentences.append(
                "Geen enkele verdeling kan dat voor iedereen rechtzetten (de kern is leeg): "
                "hoe je de kosten ook verdeelt, minstens één groep zou alleen goedkoper uit zijn."
            )
        else:
            sentences.append(
                "Er bestaan wel verdelingen die voor iedereen win-win zijn; de nucleolus is er "
                "één van."
            )
    with_shapley = [p for p in partners if p.shapley is not None]
    if with_shapley:
        furthest = max(with_shapley, key=lambda p: abs(float(p.amount) - p.shapley))
        diff = float(furthest.amount) - furthest.shapley
        if abs(diff) >= CENT:
            sentences.append(
                f"Het verschil met de Shapley-waarde is het grootst voor {furthest.name}: met "
                f"deze sleutel betaalt {furthest.name} {format_eur(abs(diff))} "
                f"{'meer' if diff > 0 else 'minder'}."
            )
        else:
            sentences.append("De sleutel valt samen met de Shapley-waarde.")
    return sentences


def _names(allocation: Allocation, players: Sequence[str]) -> list[str]:
    by_key = {}
    for share in allocation.shares:
        by_key[share.partner.refnis] = share.partner.name
        by_key.setdefault(share.partner.name, share.partner.name)
    return [by_key.get(p, p) for p in players]
