"""Cooperative games for fair cost sharing: Shapley value, nucleolus and core (pure numpy/scipy).

A game has ``n`` players and a characteristic function over all coalitions, stored as a numpy
array of length ``2^n`` indexed by bitmask: player ``i`` is bit ``i``, so coalition ``S`` is at
index ``Σ_{i∈S} 2^i``; index 0 is the empty coalition (value 0) and index ``2^n − 1`` the
grand coalition ``N``. A game is either a *cost game* (``kind="kosten"``, ``c(S)`` = what ``S``
would pay on its own) or a *value game* (``kind="waarde"``, ``v(S)`` = what ``S`` would earn on
its own).

Sign conventions
----------------
For a value game the *excess* (dissatisfaction) of coalition ``S`` under allocation ``x`` is
``e(S, x) = v(S) − x(S)``: how much more ``S`` would get on its own. For a cost game it is
``e(S, y) = y(S) − c(S)``: how much more ``S`` pays inside the cooperation than it would pay on its
own. Both are "positive = unhappy". Internally a cost game is solved as the value game
``v = −c`` with ``x = −y``: then ``v(S) − x(S) = y(S) − c(S)``, the imputation condition
``x_i ≥ v({i})`` becomes ``y_i ≤ c({i})`` (nobody pays more than alone), and the core condition
``x(S) ≥ v(S)`` becomes ``y(S) ≤ c(S)`` (no group pays more than alone). The nucleolus of the cost
game is therefore ``−`` the nucleolus of ``−c``, and equals the nucleolus of the savings game
``s(S) = Σ_{i∈S} c({i}) − c(S)`` subtracted from the stand-alone costs (Young, Okada & Hashimoto
1982, "Cost allocation in water resources development", *Water Resources Research* 18(3), 463–475).

Solutions
---------
* :func:`shapley` — the Shapley value (Shapley 1953, "A value for n-person games", *Contributions
  to the Theory of Games II*, 307–317)::

      φ_i = Σ_{S ⊆ N∖{i}} |S|! (n − |S| − 1)! / n! · (v(S ∪ {i}) − v(S))

  Exact up to ``Limits.max_exact_players`` players with a vectorised subset algorithm; for larger
  ``n`` estimated from random permutations (Castro, Gómez & Tejada 2009, "Polynomial calculation of
  the Shapley value based on sampling", *Computers & Operations Research* 36(5), 1726–1730) with a
  95 % confidence interval and a numerically stable running variance.
* :func:`nucleolus` — the allocation that lexicographically minimises the excesses, sorted from
  largest to smallest, over the imputations (Schmeidler 1969, "The nucleolus of a characteristic
  function game", *SIAM J. Appl. Math.* 17(6), 1163–1170), computed by sequential linear programmes
  (Maschler, Peleg & Shapley 1979, "Geometric properties of the kernel, nucleolus, and related
  solution concepts", *Math. Oper. Res.* 4(4), 303–338) with constraint generation, and verified
  with Kohlberg's criterion (Kohlberg 1971, "On the nucleolus of a characteristic function game",
  *SIAM J. Appl. Math.* 20(1), 62–66).
* :func:`core_check` — is an allocation in the core (no coalition better off alone), and which
  coalition is treated worst; :func:`core_is_empty` — does any such allocation exist
  (Bondareva 1963, Shapley 1967: LP ``min Σ x_i`` s.t. ``x(S) ≥ v(S)``).

Budgets
-------
Every computation takes ``limits`` (:class:`Limits`): how many players may have all ``2^n``
coalitions enumerated, how many seconds it may run, how many permutations a sample may use.
:data:`WEB_LIMITS` suits one web request (20 players, 2 s); :data:`UNLIMITED` (the default) is for
the command line. Above ``max_exact_players`` the Shapley value is sampled and the nucleolus and
the core tests raise :class:`BudgetExceeded` with a Dutch message — before anything of size
``2^n`` is allocated: the generators (:func:`cost_model_game`, :func:`subsidy_game`,
:func:`net_cost_game`) build lazy games that evaluate only the coalitions asked for, and tabulate
all of them only when an exact algorithm needs them. The deadline is checked between steps (LPs,
sampling batches, chunks of ``2^20`` coalitions), and HiGHS gets the remaining time as its limit;
a step takes milliseconds at 20 players, up to about a second at 25.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import linprog
from scipy.sparse import coo_array

__all__ = [
    "COST",
    "EXACT",
    "SAMPLED",
    "UNLIMITED",
    "WEB_LIMITS",
    "BudgetExceeded",
    "Limits",
    "MAX_EXACT_PLAYERS",
    "MAX_PLAYERS",
    "VALUE",
    "CoreCheck",
    "EmptyImputationSetError",
    "Game",
    "GameError",
    "Solution",
    "Verification",
    "VerificationError",
    "connected_coalitions",
    "core_check",
    "core_is_empty",
    "cost_model_game",
    "net_cost_game",
    "nucleolus",
    "popcounts",
    "shapley",
    "subset_sums",
    "subsidy_game",
    "verify_nucleolus",
]

COST = "kosten"
VALUE = "waarde"
KINDS = (COST, VALUE)

#: Largest number of players for which every coalition can be enumerated at all (2^25 values =
#: 256 MB per array; the nucleolus then peaks at 2,7 GB). ``Limits.max_exact_players`` ≤ this.
MAX_EXACT_PLAYERS = 25
#: Largest number of players at all (coalitions are 64-bit masks).
MAX_PLAYERS = 62
#: Coalitions are processed in chunks of 2^CHUNK_BITS masks to bound memory.
CHUNK_BITS = 20


class GameError(ValueError):
    """An invalid game (Dutch message naming the coalition or field)."""


class EmptyImputationSetError(ValueError):
    """The imputation set is empty: together the players cannot do as well as alone."""


class VerificationError(RuntimeError):
    """A computed solution failed its verification (a bug or a numerically hopeless game)."""


class BudgetExceeded(RuntimeError):
    """A computation was not done (or stopped) because it would exceed its :class:`Limits`.

    ``str(error)`` is a Dutch sentence for the user saying what was not computed and why.
    """


# --------------------------------------------------------------------------------------------
# Budgets
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    """What one computation (one call of :func:`shapley`, :func:`nucleolus`, :func:`core_check`,
    :func:`core_is_empty` or :func:`verify_nucleolus`) may use.

    * ``max_exact_players`` — the largest game whose ``2^n`` coalitions are enumerated. Memory
      grows as ``2^n``: the nucleolus of an ``n = 20`` game peaks at about 110 MB above the
      interpreter, ``n = 22`` at 400 MB, ``n = 24`` at 1,4 GB and ``n = 25`` at 2,7 GB (measured
      with the net-cost game of ``analysis.compare``, December 2026). Above it the Shapley value
      is estimated by sampling and the nucleolus and the core tests are not computed
      (:class:`BudgetExceeded`); no ``2^n`` array is ever allocated.
    * ``max_seconds`` — wall-clock budget of one computation (``None``: no limit). Sampling stops
      at the deadline; the nucleolus and the core LPs raise :class:`BudgetExceeded`.
    * ``max_samples`` — the most random permutations a sampled Shapley value uses.
    * ``max_table_bytes`` — the most memory one table of a counting algorithm may take (the
      exact Shapley value of a large population cost game,
      :func:`samenspel.funding.shapley_pop.shapley`); estimated before allocating.
    * ``clock`` — the clock the deadline is measured with (seconds; injectable for tests).
    * ``until`` / ``total_seconds`` — a deadline shared by several computations (one web
      request), set with :meth:`within`: every computation also stops at ``until``.
    """

    max_exact_players: int = MAX_EXACT_PLAYERS
    max_seconds: float | None = None
    max_samples: int = 20_000
    max_table_bytes: int = 200 * 2**20
    clock: Callable[[], float] = time.monotonic
    until: float | None = None
    total_seconds: float | None = None

    def within(self, seconds: float) -> Limits:
        """These limits, and all computations together end at most ``seconds`` from now.

        For one web request: ``limits = WEB_LIMITS.within(5)`` at its start, then pass
        ``limits`` to every computation of the request.
        """
        if not seconds > 0:
            raise GameError(
                f"De tijd voor alle berekeningen moet groter zijn dan 0, niet {seconds}."
            )
        return replace(self, until=self.clock() + seconds, total_seconds=seconds)

    def __post_init__(self) -> None:
        if not 1 <= self.max_exact_players <= MAX_EXACT_PLAYERS:
            raise GameError(
                f"max_exact_players moet tussen 1 en {MAX_EXACT_PLAYERS} liggen, "
                f"niet {self.max_exact_players}."
            )
        if self.max_seconds is not None and not self.max_seconds > 0:
            raise GameError(f"max_seconds moet groter zijn dan 0, niet {self.max_seconds}.")
        if self.max_samples < 2:
            raise GameError("Een steekproef heeft minstens 2 permutaties nodig.")
        if self.max_table_bytes < 1:
            raise GameError(f"max_table_bytes moet positief zijn, niet {self.max_table_bytes}.")

    def start(self) -> _Deadline:
        return _Deadline(self)


class _Deadline:
    """The deadline of one computation, started when the computation starts: ``max_seconds``
    after the start, or the shared ``until`` if that comes first."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.started = limits.clock()
        self.shared_first = False  # which bound was nearest at the last reading

    def remaining(self) -> float:
        """Seconds left (one reading of the clock)."""
        limits = self.limits
        if limits.max_seconds is None and limits.until is None:
            return math.inf
        now = limits.clock()
        own = math.inf if limits.max_seconds is None else limits.max_seconds - (now - self.started)
        shared = math.inf if limits.until is None else limits.until - now
        self.shared_first = shared < own
        return min(own, shared)

    def expired(self) -> bool:
        return self.remaining() <= 0

    def reason(self) -> str:
        """Why the time is up, in Dutch (after :meth:`expired` returned True)."""
        if self.shared_first:
            return (
                f"de berekeningen samen duurden langer dan "
                f"{_seconds(self.limits.total_seconds)}, de tijdsgrens voor alles samen"
            )
        return (
            f"de berekening duurde langer dan {_seconds(self.limits.max_seconds)}, de "
            "tijdsgrens voor één berekening"
        )

    def check(self, what: str) -> None:
        """Raise :class:`BudgetExceeded` naming ``what`` when the time is up."""
        if self.expired():
            raise BudgetExceeded(f"{what} is niet berekend: {self.reason()}.")


def _seconds(value: float | None) -> str:
    return f"{value:g} s".replace(".", ",")


def _count(value: int) -> str:
    """An integer in Belgian notation (``1.048.576``)."""
    return f"{value:,}".replace(",", ".")


def _too_many_players(what: str, n: int, limits: Limits) -> BudgetExceeded:
    return BudgetExceeded(
        f"{what} is niet berekend: met {n} spelers zijn er {_count((1 << n) - 2)} coalities, te "
        f"veel om ze allemaal te bekijken binnen de grenzen van deze berekening (maximaal "
        f"{limits.max_exact_players} spelers)."
    )


#: Bounds for one web request on a small server (2 cores): every coalition up to 20 players
#: (about 110 MB at most for the nucleolus), and 2 s per computation. A Verdeelsleutel page runs
#: the Shapley value, the nucleolus and a core check per key, so it stays within a few seconds.
WEB_LIMITS = Limits(max_exact_players=20, max_seconds=2.0, max_samples=20_000)
#: No time limit, every coalition up to MAX_EXACT_PLAYERS (the CLI; up to 2,7 GB at n = 25).
UNLIMITED = Limits()

#: ``Solution.computation``: computed over every coalition, or estimated from a sample.
EXACT = "exact"
SAMPLED = "sampled"


# --------------------------------------------------------------------------------------------
# Bitmask helpers
# --------------------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def popcounts(n: int) -> NDArray[np.uint8]:
    """Number of players in each of the ``2^n`` coalitions (read-only, cached)."""
    pc = np.zeros(1 << n, dtype=np.uint8)
    for i in range(n):
        pc[1 << i : 2 << i] = pc[: 1 << i] + 1
    pc.setflags(write=False)
    return pc


def subset_sums(weights: ArrayLike, dtype: type = np.float64) -> NDArray:
    """``out[S] = Σ_{i∈S} w_i`` for all ``2^n`` masks, by doubling (``O(2^n)``)."""
    w = np.asarray(weights, dtype=dtype)
    n = w.shape[0]
    out = np.zeros(1 << n, dtype=dtype)
    for i in range(n):
        np.add(out[: 1 << i], w[i], out=out[1 << i : 2 << i])
    return out


def _masks_sum(masks: NDArray[np.uint64], weights: NDArray) -> NDArray:
    """``Σ_{i∈S} w_i`` for arbitrary 64-bit masks (``O(n)`` vector operations)."""
    out = np.zeros(masks.shape, dtype=float)
    for i, w in enumerate(weights):
        out += ((masks >> np.uint64(i)) & np.uint64(1)).astype(float) * w
    return out


def _chi(masks: Sequence[int] | NDArray, n: int) -> NDArray[np.float64]:
    """Characteristic vectors (rows) of the given masks."""
    m = np.asarray(masks, dtype=np.int64).reshape(-1, 1)
    return ((m >> np.arange(n)) & 1).astype(float)


# --------------------------------------------------------------------------------------------
# Games
# --------------------------------------------------------------------------------------------


class Game:
    """A transferable-utility game over named players.

    Build one with :meth:`from_values` (a numpy array of ``2^n`` values), :meth:`from_table` (a
    dict ``"A,B" -> value``), :meth:`from_function` (a vectorised function of bitmasks, for games
    too large to enumerate), or the generators :func:`cost_model_game` and
    :func:`subsidy_game`.
    """

    def __init__(
        self,
        players: Sequence[str],
        kind: str,
        *,
        values: ArrayLike | None = None,
        function: Callable[[NDArray[np.uint64]], NDArray] | None = None,
        description: str = "",
        tabulate: Callable[[], ArrayLike] | None = None,
    ) -> None:
        players = tuple(str(p) for p in players)
        if not players:
            raise GameError("Een spel heeft minstens één speler nodig.")
        if len(set(players)) != len(players):
            dup = sorted({p for p in players if players.count(p) > 1})
            raise GameError(f"Spelers komen meer dan eens voor: {', '.join(dup)}.")
        if len(players) > MAX_PLAYERS:
            raise GameError(f"Een spel kan hoogstens {MAX_PLAYERS} spelers hebben.")
        if kind not in KINDS:
            raise GameError(f"Onbekende soort spel '{kind}'; kies 'kosten' of 'waarde'.")
        if (values is None) == (function is None):
            raise GameError("Geef de waarden van het spel óf een functie, niet allebei of geen.")
        self.players = players
        self.kind = kind
        self.description = description
        if tabulate is not None and function is None:
            raise GameError("Een tabelleerfunctie hoort alleen bij een spel met een functie.")
        self._function = function
        self._tabulate = tabulate
        self._table: NDArray[np.float64] | None = None
        self._core: tuple[bool, float] | None = None  # core_is_empty, once computed
        if values is not None:
            n = len(players)
            if n > MAX_EXACT_PLAYERS:
                raise GameError(
                    f"Een spel met {n} spelers heeft te veel coalities om op te sommen "
                    f"(maximaal {MAX_EXACT_PLAYERS} spelers)."
                )
            table = np.array(values, dtype=np.float64)
            if table.shape != (1 << n,):
                raise GameError(
                    f"Een spel met {n} spelers heeft {1 << n} coalitiewaarden nodig, "
                    f"niet {table.size}."
                )
            if not np.all(np.isfinite(table)):
                bad = int(np.flatnonzero(~np.isfinite(table))[0])
                raise GameError(f"De waarde van coalitie '{self.label(bad)}' is geen eindig getal.")
            if table[0] != 0:
                raise GameError("De lege coalitie moet de waarde 0 hebben.")
            table.setflags(write=False)
            self._table = table

    # -- constructors ------------------------------------------------------------------------

    @classmethod
    def from_values(
        cls, players: Sequence[str], values: ArrayLike, kind: str, description: str = ""
    ) -> Game:
        """A game from its ``2^n`` values, indexed by bitmask (player ``i`` = bit ``i``)."""
        return cls(players, kind, values=values, description=description)

    @classmethod
    def from_function(
        cls,
        players: Sequence[str],
        function: Callable[[NDArray[np.uint64]], NDArray],
        kind: str,
        description: str = "",
        *,
        tabulate: Callable[[], ArrayLike] | None = None,
    ) -> Game:
        """A game given by a vectorised function from an array of uint64 masks to values.

        Nothing is enumerated until an exact algorithm asks for :attr:`values`; ``tabulate``
        (optional) then computes all ``2^n`` values at once, faster than the function in chunks.
        """
        return cls(players, kind, function=function, description=description, tabulate=tabulate)

    @classmethod
    def from_table(
        cls,
        players: Sequence[str],
        table: Mapping[str, float],
        kind: str,
        description: str = "",
    ) -> Game:
        """A game from a table ``{"A": 10, "A,B": 15, ...}`` with every non-empty coalition.

        Players in a key are separated by commas, in any order; spaces around names are ignored.
        The empty coalition (key ``""``) may be left out. Raises :class:`GameError` naming the
        first unknown player, duplicate, non-numeric value or missing coalition.
        """
        players = tuple(players)
        n = len(players)
        if n == 0:
            raise GameError("Een spel heeft minstens één speler nodig.")
        if n > MAX_EXACT_PLAYERS:
            raise GameError(
                f"Te veel spelers voor een exacte berekening: {n} (maximaal {MAX_EXACT_PLAYERS})."
            )
        index = {p: i for i, p in enumerate(players)}
        values = np.zeros(1 << n)
        seen = np.zeros(1 << n, dtype=bool)
        seen[0] = True
        source: dict[int, str] = {}
        for key, raw in table.items():
            mask = _parse_coalition(key, index)
            value = _parse_value(raw, key)
            if mask == 0:
                if value != 0:
                    raise GameError("De lege coalitie moet de waarde 0 hebben.")
                continue
            if seen[mask]:
                raise GameError(
                    f"De coalitie '{key}' komt twee keer voor (ook als '{source[mask]}')."
                )
            seen[mask] = True
            source[mask] = key
            values[mask] = value
        missing = np.flatnonzero(~seen)
        if missing.size:
            names = [f"'{_label(players, int(m))}'" for m in missing[:5]]
            more = f" en nog {missing.size - 5}" if missing.size > 5 else ""
            raise GameError(
                f"Er ontbreken {missing.size} coalitie(s): {', '.join(names)}{more}. "
                "Elke niet-lege coalitie moet een waarde hebben."
            )
        return cls(players, kind, values=values, description=description)

    # -- basic properties ---------------------------------------------------------------------

    @property
    def n(self) -> int:
        return len(self.players)

    @property
    def grand_mask(self) -> int:
        return (1 << self.n) - 1

    @property
    def values(self) -> NDArray[np.float64]:
        """All ``2^n`` values (computed from the function in chunks when needed)."""
        if self._table is None:
            if self.n > MAX_EXACT_PLAYERS:
                raise GameError(
                    f"Te veel spelers ({self.n}) om alle coalities op te sommen "
                    f"(maximaal {MAX_EXACT_PLAYERS})."
                )
            table = _tabulated(self)
            if table.shape != (1 << self.n,) or not np.all(np.isfinite(table)):
                raise GameError("De functie van het spel geeft geen eindige waarde per coalitie.")
            if table[0] != 0:
                raise GameError("De lege coalitie moet de waarde 0 hebben.")
            table.setflags(write=False)
            self._table = table
        return self._table

    def evaluate(self, masks: ArrayLike) -> NDArray[np.float64]:
        """Values of the coalitions given as bitmasks."""
        m = np.asarray(masks, dtype=np.uint64)
        if self._table is not None:
            return self._table[m.astype(np.int64)]
        out = np.asarray(self._function(m), dtype=float)  # type: ignore[misc]
        if out.shape != m.shape or not np.all(np.isfinite(out)):
            raise GameError("De functie van het spel geeft geen eindige waarde per coalitie.")
        return out

    def chunks(self, bits: int = CHUNK_BITS) -> Iterator[tuple[int, NDArray[np.float64]]]:
        """Yield ``(c, values)`` for consecutive blocks of ``2^min(n, bits)`` masks.

        Block ``c`` holds the masks ``c·2^L … (c+1)·2^L − 1``: its high bits (players ``L…n−1``)
        are the bits of ``c``.
        """
        n = self.n
        low = min(n, bits)
        size = 1 << low
        if self._table is None and self._tabulate is not None:
            self.values  # noqa: B018 - one fast tabulation beats the function per chunk
        for c in range(1 << (n - low)):
            if self._table is not None:
                yield c, self._table[c * size : (c + 1) * size]
            else:
                masks = np.arange(c * size, (c + 1) * size, dtype=np.uint64)
                yield c, self.evaluate(masks)

    def mask(self, coalition: Iterable[str]) -> int:
        index = {p: i for i, p in enumerate(self.players)}
        mask = 0
        for p in coalition:
            if p not in index:
                raise GameError(f"Onbekende speler '{p}'.")
            mask |= 1 << index[p]
        return mask

    def coalition(self, mask: int) -> tuple[str, ...]:
        return tuple(p for i, p in enumerate(self.players) if mask >> i & 1)

    def label(self, mask: int) -> str:
        return _label(self.players, mask)

    def value(self, coalition: Iterable[str] | int) -> float:
        mask = int(coalition) if isinstance(coalition, int | np.integer) else self.mask(coalition)
        return float(self.evaluate(np.array([mask], dtype=np.uint64))[0])

    @property
    def grand_value(self) -> float:
        return self.value(self.grand_mask)

    def stand_alone(self) -> NDArray[np.float64]:
        """``v({i})`` (or stand-alone cost ``c({i})``) per player."""
        masks = np.left_shift(np.uint64(1), np.arange(self.n, dtype=np.uint64))
        return self.evaluate(masks)

    def marginal(self) -> NDArray[np.float64]:
        """``v(N) − v(N∖{i})`` per player: the marginal cost (or value) of each player."""
        grand = np.uint64(self.grand_mask)
        masks = grand ^ np.left_shift(np.uint64(1), np.arange(self.n, dtype=np.uint64))
        return self.grand_value - self.evaluate(masks)

    def _value_side(self) -> NDArray[np.float64]:
        """The table as a value game: ``v`` itself, or ``−c`` for a cost game."""
        return self.values if self.kind == VALUE else -self.values

    def __repr__(self) -> str:
        return f"Game({self.kind}, {self.n} spelers: {', '.join(self.players[:6])}…)"


def _tabulated(game: Game) -> NDArray[np.float64]:
    """All ``2^n`` values of ``game`` as a new array, without caching them in ``game``."""
    if game._table is not None:
        return game._table
    if game._tabulate is not None:
        return np.asarray(game._tabulate(), dtype=np.float64)
    return np.concatenate([chunk for _, chunk in game.chunks()])


def _label(players: Sequence[str], mask: int) -> str:
    return ",".join(p for i, p in enumerate(players) if mask >> i & 1)


def _parse_coalition(key: str, index: Mapping[str, int]) -> int:
    if not isinstance(key, str):
        raise GameError(f"Een coalitie moet een tekst zijn, niet {key!r}.")
    if key.strip() == "":
        return 0
    mask = 0
    for raw in key.split(","):
        name = raw.strip()
        if name not in index:
            raise GameError(f"Onbekende speler '{name}' in coalitie '{key}'.")
        bit = 1 << index[name]
        if mask & bit:
            raise GameError(f"Speler '{name}' staat twee keer in coalitie '{key}'.")
        mask |= bit
    return mask


def _parse_value(raw: object, key: str) -> float:
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise GameError(f"De waarde van coalitie '{key}' is geen getal: {raw!r}.")
    value = float(raw)
    if not math.isfinite(value):
        raise GameError(f"De waarde van coalitie '{key}' is geen eindig getal: {raw!r}.")
    return value


# --------------------------------------------------------------------------------------------
# Generators
# --------------------------------------------------------------------------------------------


def cost_model_game(
    players: Sequence[str],
    populations: Sequence[float],
    fixed_cost: float = 25_000.0,
    scale: float = 10.0,
    exponent: float = 0.8,
) -> Game:
    """Cost game ``c(S) = F + a · P(S)^b`` for non-empty ``S`` (``c(∅) = 0``).

    ``F`` is a fixed coordination cost (a coordinator, an office), ``P(S)`` the number of
    inhabitants of ``S`` and ``b < 1`` models economies of scale: serving twice as many
    inhabitants costs less than twice as much. The defaults (``F = 25.000 €``, ``a = 10 €``,
    ``b = 0,8``; e.g. 100.000 inhabitants cost 25.000 + 10 · 10.000 = 125.000 €) are
    **illustrative assumptions, not published figures**: replace them with the cooperation's own
    budget figures.
    """
    pops = np.asarray(populations, dtype=float)
    if pops.shape != (len(players),):
        raise GameError("Er moet één bevolkingscijfer per speler zijn.")
    if np.any(~np.isfinite(pops)) or np.any(pops < 0):
        raise GameError("De bevolkingscijfers moeten getallen ≥ 0 zijn.")
    if fixed_cost < 0 or scale < 0 or exponent <= 0:
        raise GameError("Het kostenmodel heeft F ≥ 0, a ≥ 0 en b > 0 nodig.")

    def cost(pop_sum: NDArray, nonempty: NDArray) -> NDArray:
        return np.where(nonempty, fixed_cost + scale * np.power(pop_sum, exponent), 0.0)

    description = (
        f"kostenmodel c(S) = {fixed_cost:g} + {scale:g} · P(S)^{exponent:g} (illustratief)"
    )
    n = len(players)

    def tabulate() -> NDArray:
        nonempty = np.ones(1 << n, dtype=bool)
        nonempty[0] = False
        return cost(subset_sums(pops), nonempty)

    return Game.from_function(
        players,
        lambda m: cost(_masks_sum(m, pops), m != 0),
        COST,
        description,
        tabulate=tabulate,
    )


def connected_coalitions(n: int, adjacency: Iterable[tuple[int, int]]) -> NDArray[np.bool_]:
    """For all ``2^n`` masks, whether the coalition induces a connected subgraph.

    Vectorised breadth-first search on all masks at once: ``reach`` starts at the lowest member
    of ``S`` and grows by ``reach ← (reach ∪ N(reach)) ∩ S``, where ``N(T)`` — the union of the
    neighbours of the members of ``T`` — is tabulated for all masks by doubling
    (``N(T ∪ {i}) = N(T) ∪ nbr(i)``). ``S`` is connected iff ``reach = S`` at the fixpoint;
    at most ``diameter`` rounds of ``O(2^n)`` work. The empty coalition counts as not connected.
    """
    if n > MAX_EXACT_PLAYERS:
        raise GameError(f"Te veel spelers ({n}) om alle coalities op te sommen.")
    dtype = np.uint32 if n <= 32 else np.uint64
    nbr = [0] * n
    for a, b in adjacency:
        if a == b:
            continue
        nbr[a] |= 1 << b
        nbr[b] |= 1 << a
    neighbourhood = np.zeros(1 << n, dtype=dtype)
    for i in range(n):
        np.bitwise_or(neighbourhood[: 1 << i], dtype(nbr[i]), out=neighbourhood[1 << i : 2 << i])
    masks = np.arange(1 << n, dtype=dtype)
    reach = masks & (~masks + dtype(1))  # lowest set bit
    while True:
        grown = (reach | neighbourhood[reach]) & masks
        if np.array_equal(grown, reach):
            break
        reach = grown
    connected = reach == masks
    connected[0] = False
    return connected


def _connected_masks(masks: NDArray[np.uint64], nbr: Sequence[int]) -> NDArray[np.bool_]:
    """Connectivity of arbitrary 64-bit masks (used for games too large to enumerate)."""
    one = np.uint64(1)
    reach = masks & (~masks + one)
    while True:
        expanded = reach.copy()
        for i, nb in enumerate(nbr):
            has = ((reach >> np.uint64(i)) & one).astype(bool)
            expanded[has] |= np.uint64(nb)
        grown = expanded & masks
        if np.array_equal(grown, reach):
            break
        reach = grown
    return (reach == masks) & (masks != 0)


def subsidy_game(
    players: Sequence[str],
    populations: Sequence[float],
    regions: Sequence[str] | Mapping[str, str],
    adjacency: Iterable[tuple[str, str]],
    *,
    min_population: float,
    per_inhabitant: float,
    minimum: float,
    require_contiguous: bool,
) -> Game:
    """The subsidy game: ``v(S)`` = the Flemish subsidy ``S`` would get as an IGS on its own.

    ``v(S) = max(per_inhabitant × P(S), minimum)`` if ``S`` lies inside one referentieregio and
    has ``P(S) ≥ min_population`` inhabitants (and, only when ``require_contiguous``, is
    contiguous: connected in the ``adjacency`` graph); otherwise 0. ``adjacency`` is only used
    when ``require_contiguous`` is true; pairs naming someone outside ``players`` are ignored.

    The parameters have no defaults: the caller passes those of the rule set
    (``samenspel.partnerships.rules``), e.g. for 2027 ``min_population=85_000``,
    ``per_inhabitant=0.90``, ``minimum=100_000`` and ``require_contiguous=False`` — the 2024
    decree asks ≥ 85.000 inhabitants in one referentieregio; contiguity is an optional, stricter
    reading (the named assumption ``aaneengesloten``).

    The game is evaluated lazily (any number of players up to :data:`MAX_PLAYERS`); all ``2^n``
    values are only tabulated when an exact algorithm asks for them.
    """
    players = tuple(players)
    n = len(players)
    index = {p: i for i, p in enumerate(players)}
    pops = np.asarray(populations, dtype=float)
    if pops.shape != (n,):
        raise GameError("Er moet één bevolkingscijfer per speler zijn.")
    if np.any(~np.isfinite(pops)) or np.any(pops < 0):
        raise GameError("De bevolkingscijfers moeten getallen ≥ 0 zijn.")
    for name, number in (
        ("min_population", min_population),
        ("per_inhabitant", per_inhabitant),
        ("minimum", minimum),
    ):
        if not (math.isfinite(number) and number >= 0):
            raise GameError(f"De subsidieregel '{name}' moet een getal ≥ 0 zijn, niet {number!r}.")
    if isinstance(regions, Mapping):
        missing = [p for p in players if p not in regions]
        if missing:
            raise GameError(f"De referentieregio ontbreekt voor: {', '.join(missing)}.")
        region_of = [regions[p] for p in players]
    else:
        region_of = list(regions)
        if len(region_of) != n:
            raise GameError("Er moet één referentieregio per speler zijn.")
    edges = []
    if require_contiguous:
        for a, b in adjacency:
            if a not in index or b not in index:
                continue  # neighbours outside the game do not matter
            edges.append((index[a], index[b]))
    region_masks: dict[str, int] = {}
    for i, r in enumerate(region_of):
        region_masks[r] = region_masks.get(r, 0) | (1 << i)

    def subsidy(pop_sum: NDArray, eligible: NDArray) -> NDArray:
        return np.where(eligible, np.maximum(per_inhabitant * pop_sum, minimum), 0.0)

    rate = f"{per_inhabitant:g}".replace(".", ",")
    where = (
        "aaneengesloten groepen"
        if require_contiguous
        else "groepen (niet noodzakelijk aaneengesloten)"
    )
    description = (
        f"subsidiespel: max({rate} € × inwoners, {_count(round(minimum))} €) voor {where} in "
        f"één referentieregio met ≥ {_count(round(min_population))} inwoners"
    )
    full = (1 << n) - 1

    def tabulate() -> NDArray:
        dtype = np.uint32
        masks = np.arange(1 << n, dtype=dtype)
        one_region = np.zeros(1 << n, dtype=bool)
        for rm in region_masks.values():
            one_region |= (masks & dtype(~rm & full)) == 0
        del masks
        p = subset_sums(pops)
        eligible = one_region & (p >= min_population)
        del one_region
        if require_contiguous:
            eligible &= connected_coalitions(n, edges)
        return subsidy(p, eligible)

    nbr = [0] * n
    for a, b in edges:
        nbr[a] |= 1 << b
        nbr[b] |= 1 << a

    def function(m: NDArray[np.uint64]) -> NDArray:
        one_region = np.zeros(m.shape, dtype=bool)
        for rm in region_masks.values():
            one_region |= (m & np.uint64(~rm & full)) == 0
        p = _masks_sum(m, pops)
        eligible = one_region & (p >= min_population)
        if require_contiguous:
            eligible &= _connected_masks(m, nbr)
        return subsidy(p, eligible)

    return Game.from_function(players, function, VALUE, description, tabulate=tabulate)


def net_cost_game(cost: Game, subsidy: Game, *, floor: float | None = None) -> Game:
    """Net cost game ``c(S) − v(S)``: what ``S`` pays itself after the subsidy it would receive.

    With ``floor`` (e.g. ``0.0``) the net cost is ``max(floor, c(S) − v(S))``. The game is lazy
    like its parts: nothing is enumerated until an exact algorithm asks for all values.
    """
    if cost.players != subsidy.players:
        raise GameError("Het kostenspel en het subsidiespel moeten dezelfde spelers hebben.")
    if cost.kind != COST or subsidy.kind != VALUE:
        raise GameError("Geef een kostenspel en een waardespel (subsidie).")

    def clip(values: NDArray) -> NDArray:
        return values if floor is None else np.maximum(values, floor, out=values)

    def function(m: NDArray[np.uint64]) -> NDArray:
        return clip(cost.evaluate(m) - subsidy.evaluate(m))

    def tabulate() -> NDArray:
        net = _tabulated(cost) - _tabulated(subsidy)
        return clip(net)

    return Game.from_function(
        cost.players,
        function,
        COST,
        f"nettokost: {cost.description} min {subsidy.description}",
        tabulate=tabulate,
    )


# --------------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """How a solution was checked. ``ok`` is True when every check passed."""

    ok: bool
    criterion: str
    efficiency_gap: float
    details: tuple[str, ...] = ()
    levels_checked: int = 0


@dataclass(frozen=True)
class Solution:
    """An allocation computed by a solution concept, with its verification.

    ``allocation[i]`` is what player ``i`` gets (value game) or pays (cost game).
    ``computation`` says how it was computed: :data:`EXACT` (over every coalition) or
    :data:`SAMPLED` (estimated from ``samples`` random permutations, with the 95 % interval
    ``ci_low``–``ci_high``); ``note`` says so in Dutch, and why, for the user.
    """

    method: str
    kind: str
    players: tuple[str, ...]
    allocation: NDArray[np.float64]
    exact: bool
    verification: Verification
    ci_low: NDArray[np.float64] | None = None
    ci_high: NDArray[np.float64] | None = None
    samples: int | None = None
    levels: tuple[float, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)
    computation: str = EXACT
    note: str = ""

    def as_dict(self) -> dict[str, float]:
        return {p: float(x) for p, x in zip(self.players, self.allocation, strict=True)}


@dataclass(frozen=True)
class CoreCheck:
    """Result of :func:`core_check`.

    ``worst_excess`` is the largest excess over all coalitions other than ∅ and ``N``: for a cost
    game how much more the coalition ``worst_coalition`` pays together than it would pay alone
    (``y(S) − c(S)``); for a value game how much less it gets than alone (``v(S) − x(S)``). A
    positive value means the allocation is not in the core. ``core_bound`` is ``min Σx`` subject
    to ``x(S) ≥ v(S)`` for a value game, ``max Σy`` subject to ``y(S) ≤ c(S)`` for a cost game.
    """

    in_core: bool
    efficient: bool
    efficiency_gap: float
    worst_coalition: tuple[str, ...]
    worst_excess: float
    core_empty: bool
    core_bound: float


def _tolerance(game_scale: float) -> float:
    return 1e-9 * max(1.0, game_scale)


# --------------------------------------------------------------------------------------------
# Shapley value
# --------------------------------------------------------------------------------------------


def shapley(
    game: Game,
    *,
    exact: bool | None = None,
    samples: int | None = None,
    seed: int | None = 0,
    limits: Limits = UNLIMITED,
) -> Solution:
    """The Shapley value of ``game``, verified (efficiency) before it is returned.

    ``exact=None`` computes it exactly when ``n ≤ limits.max_exact_players`` and estimates it from
    random permutations otherwise; ``exact=False`` always samples, ``exact=True`` refuses a game
    above the limit. A sampled estimate uses at most ``samples`` (default
    ``limits.max_samples``) permutations and stops earlier at the deadline
    (``limits.max_seconds``); ``Solution.samples`` says how many were used, and every player gets
    a 95 % confidence interval (mean ± 1,96 standard errors). An exact computation that runs past
    the deadline (only possible for large ``limits.max_exact_players``) switches to sampling.
    ``Solution.note`` explains in Dutch what was computed and why.
    """
    n = game.n
    deadline = limits.start()
    max_samples = limits.max_samples if samples is None else samples
    if max_samples < 2:
        raise GameError("Een steekproef heeft minstens 2 permutaties nodig.")
    if exact is None:
        exact = n <= limits.max_exact_players
        reason = (
            f"met {n} spelers zijn er {_count((1 << n) - 1)} coalities, te veel om ze allemaal te "
            f"bekijken binnen de grenzen van deze berekening (maximaal "
            f"{limits.max_exact_players} spelers)"
        )
    else:
        reason = "zo gevraagd"
    phi = None
    checks: list[tuple[str, bool]] = []
    if exact:
        if n > limits.max_exact_players:
            raise GameError(
                f"Te veel spelers ({n}) voor een exacte Shapley-waarde "
                f"(maximaal {limits.max_exact_players}); gebruik een steekproef."
            )
        try:
            phi, checks = _shapley_exact(game, deadline)
        except BudgetExceeded:
            exact = False
            reason = f"de exacte berekening is afgebroken: {deadline.reason()}"
    if exact:
        low = high = None
        used = None
        note = f"Exact berekend over alle {_count((1 << n) - 1)} coalities."
    else:
        phi, low, high, used = _shapley_sampled(game, max_samples, seed, deadline)
        stop = f" (de steekproef stopte vroeger: {deadline.reason()})" if used < max_samples else ""
        note = (
            f"Geschat met {_count(used)} willekeurige volgordes van de spelers{stop}, met per "
            f"speler een 95 %-betrouwbaarheidsinterval; niet exact: {reason}."
        )
    grand = game.grand_value
    scale = float(np.max(np.abs(phi))) if phi.size else 0.0
    gap = float(phi.sum() - grand)
    tol = _tolerance(max(scale, abs(grand))) * n
    checks.insert(0, ("efficiëntie: som = v(N)", abs(gap) <= tol))
    ok = all(passed for _, passed in checks)
    verification = Verification(
        ok=ok,
        criterion="efficiëntie" if len(checks) == 1 else "efficiëntie en controleformule",
        efficiency_gap=gap,
        details=tuple(f"{name}: {'ok' if passed else 'MISLUKT'}" for name, passed in checks),
    )
    if not ok:
        raise VerificationError(
            "De Shapley-waarde doorstaat de controle niet: " + "; ".join(verification.details)
        )
    return Solution(
        method="shapley",
        kind=game.kind,
        players=game.players,
        allocation=phi,
        exact=exact,
        verification=verification,
        ci_low=low,
        ci_high=high,
        samples=used,
        notes=(note,),
        computation=EXACT if exact else SAMPLED,
        note=note,
    )


@lru_cache(maxsize=4)
def _shapley_coefficients(n: int, low: int) -> tuple[tuple[NDArray, NDArray], ...]:
    """Per number of high bits ``h``: coefficient arrays over the ``2^low`` low masks.

    ``coef[S] = w(|S|−1) + w(|S|)`` and ``wb[S] = w(|S|)`` with ``w(k) = k!(n−k−1)!/n!`` (and
    ``w(−1) = w(n) = 0``), see :func:`_shapley_exact`.
    """
    w = np.array([1.0 / (n * math.comb(n - 1, k)) for k in range(n)])
    wa = np.zeros(n + 1)
    wa[1:] = w
    wb = np.zeros(n + 1)
    wb[:n] = w
    coef = wa + wb
    pc = popcounts(low).astype(np.intp)
    return tuple((coef[pc + h], wb[pc + h]) for h in range(n - low + 1))


#: Up to this many players the Shapley sums use a cached 0/1 matrix of all masks.
SMALL_SHAPLEY_BITS = 12


@lru_cache(maxsize=4)
def _bit_matrix(n: int) -> NDArray[np.float64]:
    """The ``2^n × n`` matrix whose row ``S`` is the characteristic vector of ``S``."""
    bits = ((np.arange(1 << n)[:, None] >> np.arange(n)) & 1).astype(float)
    bits.setflags(write=False)
    return bits


@lru_cache(maxsize=4)
def _marginal_weights(n: int) -> NDArray[np.float64]:
    """``w(|S|) = |S|!(n−|S|−1)!/n!`` for the ``2^(n−1)`` coalitions ``S`` without player n−1."""
    w = np.array([1.0 / (n * math.comb(n - 1, k)) for k in range(n)])
    weights = w[popcounts(n - 1)] if n > 1 else np.ones(1)
    weights.setflags(write=False)
    return weights


def _shapley_exact(
    game: Game, deadline: _Deadline | None = None
) -> tuple[NDArray[np.float64], list[tuple[str, bool]]]:
    """Exact Shapley value by one pass over all coalitions.

    Rewrite ``φ_i = Σ_{S∌i} w(|S|)(v(S∪i) − v(S))`` as
    ``φ_i = Σ_{S∋i} w(|S|−1) v(S) − Σ_{S∌i} w(|S|) v(S) = Σ_{S∋i} d(S) − B`` with
    ``d(S) = (w(|S|−1) + w(|S|)) v(S)`` and ``B = Σ_S w(|S|) v(S)``. The sums
    ``Σ_{S∋i} d(S)`` for all ``i`` come from folding the array in halves: the upper half of
    ``d`` holds exactly the masks with the top bit set; adding the halves removes that bit and
    repeats for the next one (``2·2^n`` additions in total). Coalitions are processed in chunks of
    ``2^20`` masks whose high bits are fixed, so ``n = 25`` needs little memory beyond the table.
    """
    n = game.n
    low = min(n, CHUNK_BITS)
    coefficients = _shapley_coefficients(n, low)
    phi = np.zeros(n)
    b_total = 0.0
    d = np.empty(1 << low)
    scratch = np.empty(1 << low)
    what = "De exacte Shapley-waarde"
    if deadline is not None:
        deadline.check(what)
    for c, chunk in game.chunks(low):
        if deadline is not None and c:
            deadline.check(what)  # not after the last chunk: a finished result is kept
        coef, wb = coefficients[c.bit_count()]
        np.multiply(coef, chunk, out=d)
        # Elementwise products and numpy sums, not BLAS dot products: a multithreaded BLAS
        # call stalls for a whole time slice when the other core is busy.
        np.multiply(wb, chunk, out=scratch)
        b_total += float(scratch.sum())
        if c:
            total = float(d.sum())
            for j in range(n - low):
                if c >> j & 1:
                    phi[low + j] += total
        if low <= SMALL_SHAPLEY_BITS:
            phi[:low] += d @ _bit_matrix(low)  # one matrix product beats n small folds
            continue
        arr = d
        for i in range(low - 1, -1, -1):  # fold in place: no allocation per chunk
            half = arr.shape[0] >> 1
            phi[i] += float(arr[half:].sum())
            np.add(arr[:half], arr[half:], out=arr[:half])
            arr = arr[:half]
    phi -= b_total

    checks: list[tuple[str, bool]] = []
    if game._table is not None:
        # Independent check of the last player with the marginal-contribution formula:
        # the masks without player n−1 are the lower half of the table, with it the upper half.
        v = game._table
        half = v.shape[0] >> 1
        weights = _marginal_weights(n)
        direct = 0.0
        step = min(half, 1 << CHUNK_BITS)
        for k in range(0, half, step):
            diff = np.subtract(v[half + k : half + k + step], v[k : k + step], out=scratch[:step])
            direct += float(np.multiply(diff, weights[k : k + step], out=diff).sum())
        scale = max(1.0, abs(float(v.max())), abs(float(v.min())))
        checks.append(
            (
                f"controleformule voor speler '{game.players[-1]}'",
                abs(direct - phi[-1]) <= 1e-9 * scale * n,
            )
        )
    return phi, checks


class _Moments:
    """Running mean and sum of squared deviations per column, merged batch by batch.

    Chan, Golub & LeVeque's pairwise update (1983, "Algorithms for computing the sample variance:
    analysis and recommendations", *The American Statistician* 37(3), 242–247), the batched form
    of Welford's (1962) one-pass algorithm: each batch contributes its own mean ``x̄_B`` and
    ``M2_B = Σ (x − x̄_B)²``, and with ``δ = x̄_B − x̄`` the totals become
    ``x̄ ← x̄ + δ·m_B/(m + m_B)`` and ``M2 ← M2 + M2_B + δ²·m·m_B/(m + m_B)``. Unlike
    ``Σx² − m·x̄²`` this never subtracts two nearly equal large numbers, so marginal contributions
    of 10⁹ ± 1 keep their variance of about 1.
    """

    def __init__(self, width: int) -> None:
        self.count = 0
        self.mean = np.zeros(width)
        self.m2 = np.zeros(width)

    def update(self, batch: NDArray) -> None:
        m = batch.shape[0]
        if m == 0:
            return
        batch_mean = batch.mean(axis=0)
        batch_m2 = ((batch - batch_mean) ** 2).sum(axis=0)
        total = self.count + m
        delta = batch_mean - self.mean
        self.mean = self.mean + delta * (m / total)
        self.m2 = self.m2 + batch_m2 + delta**2 * (self.count * m / total)
        self.count = total

    def variance(self) -> NDArray:
        """The sample variance (divisor ``m − 1``)."""
        return self.m2 / (self.count - 1)


#: Sampling batches grow from the first size to the largest, so the first deadline check comes
#: early even for a slow game function.
FIRST_BATCH = 64
MAX_BATCH = 2048


def _shapley_sampled(
    game: Game, samples: int, seed: int | None, deadline: _Deadline | None = None
) -> tuple[NDArray, NDArray, NDArray, int]:
    """Permutation-sampling estimate with a 95 % confidence interval per player.

    Each random order of the players gives every player its marginal contribution
    ``v(P ∪ {i}) − v(P)`` with ``P`` its predecessors; the Shapley value is the mean over all
    orders. The estimate is the sample mean, the interval mean ± 1,96 · s/√m (normal
    approximation, Castro et al. 2009) with the variance ``s²`` accumulated stably
    (:class:`_Moments`). Every order's contributions add up to ``v(N)``, so the estimate is
    exactly efficient. Batches of permutations are drawn until ``samples`` are used or the
    deadline has passed (checked between batches; the first batch is always completed). Returns
    ``(mean, low, high, used)``.
    """
    if samples < 2:
        raise GameError("Een steekproef heeft minstens 2 permutaties nodig.")
    n = game.n
    rng = np.random.default_rng(seed)
    moments = _Moments(n)
    batch = FIRST_BATCH
    while moments.count < samples:
        m = min(batch, samples - moments.count)  # the first batch has ≥ 2
        perms = np.argsort(rng.random((m, n)), axis=1)
        bits = np.left_shift(np.uint64(1), perms.astype(np.uint64))
        masks = np.zeros((m, n + 1), dtype=np.uint64)
        np.cumsum(bits, axis=1, out=masks[:, 1:])
        vals = game.evaluate(masks.ravel()).reshape(m, n + 1)
        marginal = np.diff(vals, axis=1)
        contribution = np.empty_like(marginal)
        contribution[np.arange(m)[:, None], perms] = marginal
        moments.update(contribution)
        batch = min(2 * batch, MAX_BATCH)
        if deadline is not None and deadline.expired():
            break
    used = moments.count
    mean = moments.mean
    half_width = 1.959963984540054 * np.sqrt(moments.variance() / used)
    return mean, mean - half_width, mean + half_width, used


# --------------------------------------------------------------------------------------------
# Linear programming helpers
# --------------------------------------------------------------------------------------------

#: Tight tolerances (the games are scaled to max |v| = 1); no presolve: these LPs are small and
#: dense, and presolve costs more than it saves (measured in benchmarks/games_bench.py).
_LP_OPTIONS = {
    "primal_feasibility_tolerance": 1e-10,
    "dual_feasibility_tolerance": 1e-10,
    "presolve": False,
}


def _solve_lp(c, a_ub, b_ub, a_eq, b_eq, bounds, deadline: _Deadline | None = None, what=""):
    """``min c·z`` s.t. ``a_ub z ≤ b_ub``, ``a_eq z = b_eq``, bounds; HiGHS' dual simplex.

    The dual simplex returns a vertex with exact complementary slackness, which the nucleolus
    uses to fix coalitions (positive dual price = tight in every optimum). With a ``deadline``
    HiGHS gets the remaining time as its time limit, and :class:`BudgetExceeded` (naming
    ``what``) is raised when the time is up.
    """
    options = _LP_OPTIONS
    if deadline is not None:
        deadline.check(what)
        remaining = deadline.remaining()
        if math.isfinite(remaining):
            options = {**_LP_OPTIONS, "time_limit": max(remaining, 1e-3)}
    res = linprog(
        c,
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=a_eq,
        b_eq=b_eq,
        bounds=bounds,
        method="highs-ds",
        options=options,
    )
    if deadline is not None and res.status == 1:
        deadline.check(what)
    return res


class _Span:
    """Orthonormal basis of the orthogonal complement of a growing set of vectors in R^n."""

    def __init__(self, n: int, tol: float = 1e-8) -> None:
        self.null = np.eye(n)
        self.tol = tol

    @property
    def rank(self) -> int:
        return self.null.shape[0] - self.null.shape[1]

    def residual(self, vectors: NDArray) -> NDArray:
        """Norm of each row's component outside the span."""
        if self.null.shape[1] == 0:
            return np.zeros(vectors.shape[0])
        return np.linalg.norm(vectors @ self.null, axis=1)

    def add(self, vector: NDArray) -> bool:
        """Add a vector; return False when it was already (numerically) in the span.

        With ``r = Qᵀa`` (``Q`` the current basis of the complement), a Householder reflection
        ``H`` maps ``r`` onto the first axis; the other columns of ``QH`` are orthonormal and
        orthogonal to ``a``, so they span the new complement.
        """
        k = self.null.shape[1]
        if k == 0:
            return False
        r = vector @ self.null
        norm = float(np.linalg.norm(r))
        if norm <= self.tol:
            return False
        v = r.copy()
        v[0] += norm if v[0] >= 0 else -norm
        # Q·H without forming H: Q − 2 (Q v) vᵀ / (vᵀ v); drop the first column.
        reflected = self.null - np.outer(self.null @ v, v) * (2.0 / float(v @ v))
        self.null = reflected[:, 1:]
        return True


# --------------------------------------------------------------------------------------------
# Nucleolus
# --------------------------------------------------------------------------------------------

DOMAINS = ("imputation", "preimputation")
#: Games with at most this many coalitions put all of them in every LP (no row generation).
SMALL_GAME_COALITIONS = 1 << 9
#: Constraint generation adds up to BATCH_FACTOR · n violated coalitions per round.
BATCH_FACTOR = 6


def nucleolus(game: Game, *, domain: str = "imputation", limits: Limits = UNLIMITED) -> Solution:
    """The nucleolus of ``game``, verified with Kohlberg's criterion before it is returned.

    ``domain="imputation"`` (default) is Schmeidler's nucleolus over the imputations
    (``x_i ≥ v({i})``; for a cost game ``y_i ≤ c({i})``, nobody pays more than alone);
    ``"preimputation"`` drops that condition (the prenucleolus).

    Algorithm (sequential LPs, Maschler, Peleg & Shapley 1979), on the value side ``u`` (``u = v``,
    or ``u = −c`` for a cost game), scaled to ``max |u| = 1``:

    1. Solve ``min t`` s.t. ``u(S) − x(S) ≤ t`` for the remaining coalitions, ``x(N) = u(N)``, the
       equalities fixed so far and (imputation) ``x_i ≥ u({i})``, with HiGHS (dual simplex).
       *Constraint generation*: the LP starts with the singletons, the complements ``N∖{i}`` and
       the coalitions with the largest excess at a first guess; after each solve all ``2^n``
       excesses are evaluated with numpy and the most violated coalitions are added, until none is
       violated. The restricted LP's optimum is then optimal for the full LP.
    2. Coalitions with a positive dual price are tight in *every* optimal solution (complementary
       slackness): fix their excess at ``t`` (an equality), likewise ``x_i = u({i})`` for an
       imputation bound with a positive dual. Coalitions whose characteristic vector lies in the
       span of the fixed ones have constant excess from now on and are dropped.
    3. Repeat until the fixed equalities have rank ``n``: ``x`` is then unique.

    Raises :class:`EmptyImputationSetError` when ``Σ v({i}) > v(N)`` (imputation domain),
    :class:`VerificationError` when the result fails Kohlberg's criterion, and
    :class:`BudgetExceeded` (a Dutch message saying why the nucleolus was not computed) when the
    game has more than ``limits.max_exact_players`` players — before anything is enumerated —
    or the computation, verification included, runs past ``limits.max_seconds``.
    """
    if domain not in DOMAINS:
        raise GameError(f"Onbekend domein '{domain}'; kies 'imputation' of 'preimputation'.")
    n = game.n
    what = "De nucleolus" if domain == "imputation" else "De prenucleolus"
    if n > limits.max_exact_players:
        raise _too_many_players(what, n, limits)
    deadline = limits.start()
    sign = 1.0 if game.kind == VALUE else -1.0
    u_raw = sign * game.values
    scale = float(np.max(np.abs(u_raw)))
    if scale == 0.0:
        scale = 1.0
    u = u_raw / scale
    full = (1 << n) - 1
    singles = u[1 << np.arange(n)]
    imputation = domain == "imputation"
    if imputation and singles.sum() > u[full] + 1e-9 * n:
        raise EmptyImputationSetError(_empty_imputation_message(game, sign * singles * scale))

    if n == 1:
        x = np.array([u[full]])
        levels: list[float] = []
    else:
        x, levels = _nucleolus_lp(u, n, imputation, deadline, what)

    allocation = sign * scale * x + 0.0  # no negative zeros
    verification = _verify_nucleolus(u, x, imputation, game, allocation, deadline, what)
    if not verification.ok:
        raise VerificationError(
            "De nucleolus doorstaat de controle niet: " + "; ".join(verification.details)
        )
    return Solution(
        method="nucleolus" if imputation else "prenucleolus",
        kind=game.kind,
        players=game.players,
        allocation=allocation,
        exact=True,
        verification=verification,
        levels=tuple(level * scale for level in levels),
        computation=EXACT,
        note=(
            f"Exact berekend over alle {_count((1 << n) - 1)} coalities (opeenvolgende lineaire "
            "programma's) en gecontroleerd met het criterium van Kohlberg."
        ),
    )


def _empty_imputation_message(game: Game, singles: NDArray) -> str:
    if game.kind == COST:
        return (
            "De imputatieverzameling is leeg: samen kost het "
            f"({game.grand_value:.2f}) meer dan de som van wat elke speler alleen zou betalen "
            f"({singles.sum():.2f}). Geen verdeling laat iedereen minder betalen dan alleen."
        )
    return (
        "De imputatieverzameling is leeg: samen levert het "
        f"({game.grand_value:.2f}) minder op dan de som van wat elke speler alleen krijgt "
        f"({singles.sum():.2f})."
    )


def _nucleolus_lp(
    u: NDArray, n: int, imputation: bool, deadline: _Deadline | None = None, what: str = ""
) -> tuple[NDArray, list[float]]:
    full = (1 << n) - 1
    size = 1 << n
    tol = 1e-9
    singles = u[1 << np.arange(n)]
    # Candidate coalitions: u_masked is −inf for the excluded (∅, N, fixed, spanned) ones.
    u_masked = u.copy()
    u_masked[0] = u_masked[full] = -np.inf
    in_active = np.zeros(size, dtype=bool)
    span = _Span(n)
    eq_rows = [np.ones(n)]
    eq_rhs = [u[full]]
    span.add(np.ones(n))
    bounds = [(float(s), None) if imputation else (None, None) for s in singles] + [(None, None)]
    batch = BATCH_FACTOR * n

    def exclude(masks: Iterable[int]) -> None:
        for m in masks:
            u_masked[m] = -np.inf
            in_active[m] = False

    # Start: singletons, complements and the largest excesses at the equal split of the surplus
    # (small games: all coalitions at once, one LP per stage is cheaper than generating rows).
    if size <= SMALL_GAME_COALITIONS:
        active = list(range(1, full))
    else:
        start = [1 << i for i in range(n)] + [full ^ (1 << i) for i in range(n)]
        x0 = singles + (u[full] - singles.sum()) / n
        excess0 = u_masked - subset_sums(x0)
        top = np.argpartition(excess0, -batch)[-batch:]
        active = list(dict.fromkeys(start + [int(m) for m in top if np.isfinite(excess0[m])]))
    in_active[active] = True

    levels: list[float] = []
    while span.rank < n:
        while True:
            active = [m for m in active if in_active[m]]
            chi = _chi(active, n)
            a_ub = np.hstack([-chi, -np.ones((len(active), 1))])
            b_ub = -u[active]
            a_eq = np.hstack([np.array(eq_rows), np.zeros((len(eq_rows), 1))])
            res = _solve_lp(
                np.r_[np.zeros(n), 1.0],
                a_ub,
                b_ub,
                a_eq,
                np.array(eq_rhs),
                bounds,
                deadline,
                what,
            )
            if res.status != 0:
                raise VerificationError(
                    f"Het lineair programma voor de nucleolus is niet opgelost: {res.message}"
                )
            x, t = res.x[:n], float(res.x[n])
            excess = u_masked - subset_sums(x)
            if deadline is not None:
                deadline.check(what)
            violated = np.flatnonzero((excess > t + tol) & ~in_active)
            if violated.size == 0:
                break
            if violated.size > batch:
                violated = violated[np.argpartition(excess[violated], -batch)[-batch:]]
            residual = span.residual(_chi(violated, n))
            spanned = violated[residual <= span.tol]
            exclude(int(m) for m in spanned)
            new = [int(m) for m in violated[residual > span.tol]]
            in_active[new] = True
            active.extend(new)
        levels.append(t)
        duals = -res.ineqlin.marginals
        order = np.argsort(-duals)
        fixed_any = False
        for k in order:
            if duals[k] <= tol:
                break
            m = active[k]
            if span.add(_chi([m], n)[0]):
                eq_rows.append(_chi([m], n)[0])
                eq_rhs.append(u[m] - t)
                fixed_any = True
            exclude([m])
        if imputation:
            bound_duals = res.lower.marginals[:n]
            for i in np.flatnonzero(bound_duals > tol):
                e = np.zeros(n)
                e[i] = 1.0
                if span.add(e):
                    eq_rows.append(e)
                    eq_rhs.append(singles[i])
                    fixed_any = True
        if not fixed_any:  # pragma: no cover - guaranteed by LP duality
            raise VerificationError("De nucleolus-berekening komt niet vooruit (geen vaste rij).")
        # Drop active coalitions whose excess is now constant.
        active = [m for m in active if in_active[m]]
        if active:
            residual = span.residual(_chi(active, n))
            exclude(m for m, r in zip(active, residual, strict=True) if r <= span.tol)
            active = [m for m in active if in_active[m]]
        if span.rank < n and not active:
            excess = u_masked - subset_sums(x)
            if deadline is not None:
                deadline.check(what)
            cand = np.flatnonzero(np.isfinite(excess) & ~in_active)
            if cand.size > batch:
                cand = cand[np.argpartition(excess[cand], -batch)[-batch:]]
            if cand.size:
                residual = span.residual(_chi(cand, n))
                exclude(int(m) for m in cand[residual <= span.tol])
                take = [int(m) for m in cand[residual > span.tol]]
                in_active[take] = True
                active.extend(take)
    x = np.linalg.solve(np.array(eq_rows), np.array(eq_rhs))
    return x, levels


def verify_nucleolus(
    game: Game,
    allocation: ArrayLike | Mapping[str, float],
    *,
    domain: str = "imputation",
    limits: Limits = UNLIMITED,
) -> Verification:
    """Check with Kohlberg's criterion whether ``allocation`` is the nucleolus of ``game``.

    ``allocation`` is what each player gets (value game) or pays (cost game), in player order or
    as a mapping player → amount. Returns the :class:`Verification` (``ok`` False when not).
    Raises :class:`BudgetExceeded` beyond ``limits`` (see :func:`nucleolus`).
    """
    if domain not in DOMAINS:
        raise GameError(f"Onbekend domein '{domain}'; kies 'imputation' of 'preimputation'.")
    what = "De controle van de nucleolus"
    if game.n > limits.max_exact_players:
        raise _too_many_players(what, game.n, limits)
    deadline = limits.start()
    y = _allocation_vector(game, allocation)
    sign = 1.0 if game.kind == VALUE else -1.0
    u_raw = sign * game.values
    scale = float(np.max(np.abs(u_raw))) or 1.0
    return _verify_nucleolus(
        u_raw / scale, sign * y / scale, domain == "imputation", game, y, deadline, what
    )


def _verify_nucleolus(
    u: NDArray,
    x: NDArray,
    imputation: bool,
    game: Game,
    allocation: NDArray,
    deadline: _Deadline | None = None,
    what: str = "",
) -> Verification:
    """Kohlberg's criterion on the scaled value side ``u``.

    ``x`` is the (pre)nucleolus iff for every level ``α`` the collection ``D(α)`` of coalitions
    (other than ∅ and ``N``) with excess ``≥ α`` is balanced: ``Σ_{S∈D} λ_S 1_S = 1_N`` with all
    ``λ_S > 0`` (Kohlberg 1971). For the nucleolus over imputations the singletons ``{i}`` with
    ``x_i = v({i})`` may be added with weight ``≥ 0`` (weakly balanced; Kohlberg 1971; see the
    chapter on the nucleolus in Maschler, Solan & Zamir 2013, *Game Theory*).

    Levels are visited from the largest excess down, grouping excesses within ``1e-7`` (the game
    is scaled to ``max |u| = 1``). A level whose new coalitions all lie in the linear span of the
    coalitions above it keeps the collection balanced (add ``ε`` times the representation of the
    new vector), so an LP is only needed when the rank grows; once the collection spans ``R^n``
    every lower level is balanced as well. Hence at most ``n`` small LPs.
    """
    n = game.n
    full = (1 << n) - 1
    details: list[str] = []
    grand = game.grand_value
    gap = float(allocation.sum() - grand)
    scale_abs = float(np.max(np.abs(game.values)))
    eff_ok = abs(gap) <= 1e-8 * max(1.0, scale_abs) * n
    details.append(f"efficiëntie (afwijking {gap:.3g}): {'ok' if eff_ok else 'MISLUKT'}")
    singles = u[1 << np.arange(n)]
    ir_ok = True
    if imputation:
        ir_ok = bool(np.all(x >= singles - 1e-8))
        details.append(
            "individuele rationaliteit: "
            + ("ok" if ir_ok else "MISLUKT (iemand doet het slechter)")
        )
    if n == 1:
        return Verification(eff_ok and ir_ok, "Kohlberg", gap, tuple(details), 0)

    level_tol = 1e-7
    excess = u - subset_sums(x)
    excess[0] = excess[full] = -np.inf
    d0 = [i for i in range(n) if imputation and abs(x[i] - singles[i]) <= 1e-8]
    members, prefixes = _kohlberg_levels(excess, n, level_tol)
    balanced_ok = _all_weakly_balanced(members, [end for end, _ in prefixes], d0, n, deadline, what)
    if balanced_ok:
        details.append(
            f"Kohlberg-criterium ({len(prefixes)} niveau(s) met een LP gecontroleerd): ok"
        )
    else:
        for end, level in prefixes:  # find the first failing level for the message
            if not _all_weakly_balanced(members, [end], d0, n, deadline, what):
                details.append(
                    f"Kohlberg: de coalities met overschot ≥ {level:.6g} (geschaald) zijn niet "
                    "gebalanceerd: MISLUKT"
                )
                break
        else:
            details.append("Kohlberg-criterium: MISLUKT")
    return Verification(
        eff_ok and ir_ok and balanced_ok, "Kohlberg", gap, tuple(details), len(prefixes)
    )


def _kohlberg_levels(
    excess: NDArray, n: int, level_tol: float
) -> tuple[list[int], list[tuple[int, float]]]:
    """Coalitions in decreasing order of excess, and the levels at which their rank grows.

    Returns ``members`` (masks, largest excess first, up to the level where they span ``R^n``)
    and ``prefixes``: ``(end, level)`` for every level whose collection ``members[:end]`` has a
    larger rank than the one above it. Only the largest excesses are sorted (``argpartition``),
    doubling the candidate set while a level might continue beyond it.
    """
    finite = int(np.isfinite(excess).sum())
    k = min(4 * n, finite)
    while True:
        if k < finite:
            top = np.argpartition(-excess, k - 1)[:k]
        else:
            top = np.flatnonzero(np.isfinite(excess))
        top = top[np.argsort(-excess[top], kind="stable")]
        span = _Span(n)
        prefixes: list[tuple[int, float]] = []
        pos = 0
        truncated = False
        while pos < top.size and span.rank < n:
            level = float(excess[top[pos]])
            end = pos
            while end < top.size and excess[top[end]] >= level - level_tol:
                end += 1
            if end == top.size and k < finite:
                truncated = True  # the level may continue beyond the candidates
                break
            grew = False
            for row in _chi(top[pos:end], n):
                grew = span.add(row) or grew
            if grew:
                prefixes.append((end, level))
            pos = end
        if not truncated:
            return [int(m) for m in top[:pos]], prefixes
        k = min(2 * k, finite)


def _all_weakly_balanced(
    members: Sequence[int],
    ends: Sequence[int],
    d0: Sequence[int],
    n: int,
    deadline: _Deadline | None = None,
    what: str = "",
) -> bool:
    """Are all collections ``members[:end]`` (weakly) balanced? One block LP for all of them.

    Collection ``j`` is balanced when ``Σ_S λ^j_S 1_S + Σ_{i∈d0} κ^j_i 1_{i} = 1_N`` has a
    solution with ``λ^j_S ≥ s > 0`` on its own coalitions and ``κ^j ≥ 0``. Substituting
    ``λ^j_S = s + μ^j_S`` (``μ ≥ 0``) leaves only equality rows: ``n`` per collection, sharing the
    variable ``s``. Maximise ``s ≤ 1``: all collections are balanced iff ``s* > 0`` (an
    infeasible LP means one is not even weakly balanced). Sparse, so collections with many tied
    coalitions stay cheap.
    """
    if not ends:
        return True
    chi_all = _chi(list(members), n)
    singles = np.eye(n)
    rows, cols, data = [], [], []
    s_column = np.zeros(n * len(ends))
    col = 0
    for j, end in enumerate(ends):
        own = set(members[:end])
        extra = [i for i in d0 if (1 << i) not in own]
        block = np.vstack([chi_all[:end], singles[extra]]) if extra else chi_all[:end]
        r, c = np.nonzero(block)  # r: column of the block (coalition), c: player (row)
        rows.append(c + j * n)
        cols.append(r + col)
        data.append(np.ones(r.size))
        s_column[j * n : (j + 1) * n] = chi_all[:end].sum(axis=0)
        col += block.shape[0]
    r, c = np.nonzero(s_column[:, None])
    rows.append(r)
    cols.append(np.full(r.size, col))
    data.append(s_column[r])
    a_eq = coo_array(
        (np.concatenate(data), (np.concatenate(rows), np.concatenate(cols))),
        shape=(n * len(ends), col + 1),
    )
    # Dense is cheaper for scipy to pass on when the matrix is small.
    a_eq = a_eq.toarray() if a_eq.shape[0] * a_eq.shape[1] <= 20_000 else a_eq.tocsc()
    c = np.zeros(col + 1)
    c[-1] = -1.0
    bounds = [(0, None)] * col + [(None, 1.0)]
    res = _solve_lp(c, None, None, a_eq, np.ones(n * len(ends)), bounds, deadline, what)
    return res.status == 0 and -res.fun > 1e-9


# --------------------------------------------------------------------------------------------
# Core
# --------------------------------------------------------------------------------------------


def core_is_empty(game: Game, *, limits: Limits = UNLIMITED) -> tuple[bool, float]:
    """Is the core empty? Returns ``(empty, bound)``.

    Value game: ``bound = min Σ x_i`` s.t. ``x(S) ≥ v(S)`` for all ``S ≠ ∅, N``; the core is empty
    iff ``bound > v(N)`` (Bondareva–Shapley). Cost game: ``bound = max Σ y_i`` s.t.
    ``y(S) ≤ c(S)``; empty iff ``bound < c(N)``. Solved by constraint generation over all
    ``2^n`` coalitions (evaluated with numpy). Raises :class:`BudgetExceeded` above
    ``limits.max_exact_players`` players (before enumerating anything) or past the deadline.
    The answer is kept in the (immutable) game: :func:`core_check` of several allocations of
    one game solves the LPs once.
    """
    n = game.n
    what = "De test of de kern leeg is"
    if n > limits.max_exact_players:
        raise _too_many_players(what, n, limits)
    if game._core is None:
        game._core = _core_is_empty(game, limits, what)
    return game._core


def _core_is_empty(game: Game, limits: Limits, what: str) -> tuple[bool, float]:
    n = game.n
    deadline = limits.start()
    sign = 1.0 if game.kind == VALUE else -1.0
    u_raw = sign * game.values
    scale = float(np.max(np.abs(u_raw))) or 1.0
    u = u_raw / scale
    full = (1 << n) - 1
    if n == 1:
        return False, float(sign * u[full] * scale)
    u_masked = u.copy()
    u_masked[0] = u_masked[full] = -np.inf
    batch = BATCH_FACTOR * n
    active = [1 << i for i in range(n)] + [full ^ (1 << i) for i in range(n)]
    in_active = np.zeros(1 << n, dtype=bool)
    in_active[active] = True
    tol = 1e-9
    while True:
        chi = _chi(active, n)
        res = _solve_lp(
            np.ones(n), -chi, -u[active], None, None, [(None, None)] * n, deadline, what
        )
        if res.status != 0:
            raise VerificationError(
                f"Het lineair programma voor de kern is niet opgelost: {res.message}"
            )
        x = res.x
        shortfall = u_masked - subset_sums(x)
        violated = np.flatnonzero((shortfall > tol) & ~in_active)
        if violated.size == 0:
            break
        if violated.size > batch:
            violated = violated[np.argpartition(shortfall[violated], -batch)[-batch:]]
        in_active[violated] = True
        active.extend(int(m) for m in violated)
    bound = float(res.fun)
    empty = bound > u[full] + 1e-9 * n
    return bool(empty), sign * bound * scale


def _allocation_vector(game: Game, allocation: Mapping[str, float] | ArrayLike) -> NDArray:
    n = game.n
    if isinstance(allocation, Mapping):
        unknown = set(allocation) - set(game.players)
        if unknown:
            raise GameError(f"Onbekende speler(s) in de verdeling: {', '.join(sorted(unknown))}.")
        missing = [p for p in game.players if p not in allocation]
        if missing:
            raise GameError(f"De verdeling mist speler(s): {', '.join(missing)}.")
        y = np.array([float(allocation[p]) for p in game.players])
    else:
        y = np.asarray(allocation, dtype=float)
        if y.shape != (n,):
            raise GameError(f"De verdeling moet {n} bedragen hebben, één per speler.")
    if not np.all(np.isfinite(y)):
        raise GameError("De verdeling bevat een ongeldig bedrag.")
    return y


def core_check(
    game: Game,
    allocation: Mapping[str, float] | ArrayLike,
    *,
    tolerance: float | None = None,
    limits: Limits = UNLIMITED,
) -> CoreCheck:
    """Check whether ``allocation`` is in the core and find the coalition treated worst.

    The allocation is what each player gets (value game) or pays (cost game), as a mapping
    player → amount or a sequence in player order. It is in the core when it is efficient
    (sums to ``v(N)``) and no coalition has a positive excess (see :class:`CoreCheck`), both
    within ``tolerance`` (default: ``10⁻⁹ · n`` times the largest amount; pass e.g. one cent per
    player for amounts rounded to cents). Raises :class:`BudgetExceeded` above
    ``limits.max_exact_players`` players (before enumerating anything) or past the deadline.
    """
    n = game.n
    if n > limits.max_exact_players:
        raise _too_many_players("De win-wintoets (kern)", n, limits)
    y = _allocation_vector(game, allocation)
    values = game.values
    full = (1 << n) - 1
    scale = max(1.0, float(np.max(np.abs(values))), float(np.max(np.abs(y))))
    tol = 1e-9 * scale * n if tolerance is None else float(tolerance)
    gap = float(y.sum() - values[full])
    efficient = abs(gap) <= tol
    if n == 1:
        worst_mask, worst = 0, 0.0
    else:
        sums = subset_sums(y)
        excess = sums - values if game.kind == COST else values - sums
        excess[0] = excess[full] = -np.inf
        worst_mask = int(np.argmax(excess))
        worst = float(excess[worst_mask])
        del excess, sums
    empty, bound = core_is_empty(game, limits=limits)
    return CoreCheck(
        in_core=efficient and worst <= tol,
        efficient=efficient,
        efficiency_gap=gap,
        worst_coalition=game.coalition(worst_mask),
        worst_excess=worst,
        core_empty=empty,
        core_bound=bound,
    )
