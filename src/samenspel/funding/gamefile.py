"""The game file format and the ``samenspel spel`` command (pure, no Django).

Game file (JSON)::

    {
      "spelers": ["A", "B", "C"],
      "soort": "kosten",                  # or "waarde"
      "waarden": {"A": 10, "B": 12, "C": 9, "A,B": 18, "A,C": 16, "B,C": 17, "A,B,C": 24},
      "beschrijving": "optioneel"
    }

* ``spelers``: at most 25 distinct, non-empty names without commas;
* ``waarden``: the value of *every* non-empty coalition; a coalition is written as the names of its
  players separated by commas, in any order (``"B,A"`` is ``"A,B"``); the empty coalition ``""``
  may be left out (its value is 0);
* values are JSON numbers (no strings, no ``NaN``).

Allocation file (JSON): an object mapping every player to a number, e.g. ``{"A": 8, "B": 9,
"C": 7}`` — what each player pays (cost game) or gets (value game).

:func:`run_spel` is what ``samenspel spel shapley|nucleolus|kern --spel FILE [--verdeling FILE]
[--format json]`` calls. Exit codes: 0 done, 1 the game has no such solution or the verification
failed, 2 invalid input (a Dutch message naming the file and the coalition or field goes to
standard error).
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from samenspel.core.numbers import format_number, format_percent
from samenspel.funding.games import (
    COST,
    KINDS,
    MAX_EXACT_PLAYERS,
    EmptyImputationSetError,
    Game,
    GameError,
    Solution,
    VerificationError,
    core_check,
    nucleolus,
    shapley,
)

__all__ = [
    "METHODS",
    "GameFileError",
    "load_allocation",
    "load_game",
    "result_as_dict",
    "run_spel",
]

METHODS = ("shapley", "nucleolus", "kern")
FORMATS = ("tekst", "text", "json")
OPTIONAL_FIELDS = ("beschrijving", "toelichting", "naam")


class GameFileError(ValueError):
    """An invalid game or allocation file; the message names the file."""


def _read_json(path: str | Path, what: str) -> Any:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GameFileError(f"{p}: het {what} bestaat niet.") from None
    except IsADirectoryError:
        raise GameFileError(f"{p}: dat is een map, geen {what}.") from None
    except UnicodeDecodeError:
        raise GameFileError(f"{p}: het {what} is geen UTF-8-tekst.") from None
    except OSError as exc:
        raise GameFileError(f"{p}: het {what} kan niet gelezen worden ({exc.strerror}).") from None

    def no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise GameFileError(f"{p}: de sleutel '{key}' komt twee keer voor.")
            result[key] = value
        return result

    def no_constants(name: str) -> float:
        raise GameFileError(f"{p}: '{name}' is geen geldig getal in JSON.")

    try:
        return json.loads(text, object_pairs_hook=no_duplicates, parse_constant=no_constants)
    except json.JSONDecodeError as exc:
        raise GameFileError(
            f"{p}: geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}: {exc.msg})."
        ) from None


def load_game(path: str | Path) -> Game:
    """Read and validate a game file; raises :class:`GameFileError` with a Dutch message."""
    data = _read_json(path, "spelbestand")
    p = Path(path)
    if not isinstance(data, dict):
        raise GameFileError(
            f"{p}: het spelbestand moet een JSON-object zijn met 'spelers', 'soort' en 'waarden'."
        )
    for name in ("spelers", "soort", "waarden"):
        if name not in data:
            raise GameFileError(f"{p}: het veld '{name}' ontbreekt.")
    unknown = sorted(set(data) - {"spelers", "soort", "waarden", *OPTIONAL_FIELDS})
    if unknown:
        raise GameFileError(
            f"{p}: onbekend veld '{unknown[0]}' (verwacht: spelers, soort, waarden"
            f"{', ' + ', '.join(OPTIONAL_FIELDS)})."
        )
    players = data["spelers"]
    if not isinstance(players, list) or not players:
        raise GameFileError(f"{p}: 'spelers' moet een niet-lege lijst van namen zijn.")
    for k, player in enumerate(players):
        if not isinstance(player, str) or not player.strip():
            raise GameFileError(
                f"{p}: speler {k + 1} in 'spelers' moet een niet-lege naam zijn, niet {player!r}."
            )
        if "," in player:
            raise GameFileError(f"{p}: de spelersnaam '{player}' mag geen komma bevatten.")
        if player != player.strip():
            raise GameFileError(f"{p}: de spelersnaam '{player}' begint of eindigt met een spatie.")
    duplicates = sorted({x for x in players if players.count(x) > 1})
    if duplicates:
        raise GameFileError(f"{p}: speler '{duplicates[0]}' staat meer dan eens in 'spelers'.")
    if len(players) > MAX_EXACT_PLAYERS:
        raise GameFileError(
            f"{p}: te veel spelers voor een exacte berekening: {len(players)} "
            f"(maximaal {MAX_EXACT_PLAYERS})."
        )
    kind = data["soort"]
    if kind not in KINDS:
        raise GameFileError(f"{p}: 'soort' moet 'kosten' of 'waarde' zijn, niet {kind!r}.")
    values = data["waarden"]
    if not isinstance(values, dict):
        raise GameFileError(f"{p}: 'waarden' moet een JSON-object zijn (coalitie → getal).")
    description = data.get("beschrijving") or data.get("naam") or ""
    try:
        return Game.from_table(players, values, kind, description=str(description))
    except GameError as exc:
        raise GameFileError(f"{p}: {exc}") from None


def load_allocation(path: str | Path, game: Game) -> dict[str, float]:
    """Read an allocation file (player → number) for ``game``; Dutch errors naming the file."""
    data = _read_json(path, "verdelingsbestand")
    p = Path(path)
    if not isinstance(data, dict):
        raise GameFileError(f"{p}: de verdeling moet een JSON-object zijn (speler → bedrag).")
    unknown = [k for k in data if k not in game.players]
    if unknown:
        raise GameFileError(f"{p}: onbekende speler '{unknown[0]}' in de verdeling.")
    missing = [x for x in game.players if x not in data]
    if missing:
        raise GameFileError(f"{p}: de verdeling mist speler(s): {', '.join(missing)}.")
    result = {}
    for player in game.players:
        value = data[player]
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise GameFileError(f"{p}: het bedrag van speler '{player}' is geen getal: {value!r}.")
        if not math.isfinite(value):
            raise GameFileError(f"{p}: het bedrag van speler '{player}' is geen eindig getal.")
        result[player] = float(value)
    return result


def _num(x: float) -> float:
    """A JSON-friendly number: rounded to 6 decimals, without negative zero."""
    return round(float(x), 6) + 0.0


def _per_player(game: Game, values: Any) -> dict[str, float]:
    return {p: _num(x) for p, x in zip(game.players, values, strict=True)}


def result_as_dict(
    game: Game,
    method: str,
    solution: Solution | None = None,
    given: Mapping[str, float] | None = None,
    checked: Mapping[str, float] | None = None,
    source: str | None = None,
) -> dict[str, Any]:
    """The JSON output of :func:`run_spel` as a dict (also usable by the web layer)."""
    result: dict[str, Any] = {
        "methode": method,
        "soort": game.kind,
        "spelers": list(game.players),
    }
    if method in ("shapley", "nucleolus"):
        assert solution is not None
        result["verdeling"] = _per_player(game, solution.allocation)
        result["exact"] = solution.exact
        result["geverifieerd"] = solution.verification.ok
        result["verificatie"] = {
            "criterium": solution.verification.criterion,
            "efficientie_afwijking": float(solution.verification.efficiency_gap),
            "details": list(solution.verification.details),
        }
        if solution.ci_low is not None and solution.ci_high is not None:
            result["betrouwbaarheidsinterval_95"] = {
                p: [_num(lo), _num(hi)]
                for p, lo, hi in zip(game.players, solution.ci_low, solution.ci_high, strict=True)
            }
        if solution.levels:
            result["overschotniveaus"] = [_num(t) for t in solution.levels]
        result["alleen"] = _per_player(game, game.stand_alone())
        result["marginaal"] = _per_player(game, game.marginal())
        if given is not None:
            result["opgegeven_verdeling"] = {p: _num(given[p]) for p in game.players}
            result["verschil"] = {
                p: _num(given[p] - x)
                for p, x in zip(game.players, solution.allocation, strict=True)
            }
        return result
    # kern
    assert checked is not None
    check = core_check(game, checked)
    result.update(
        {
            "verdeling": {p: _num(checked[p]) for p in game.players},
            "verdeling_bron": source,
            "in_kern": check.in_core,
            "efficient": check.efficient,
            "efficientie_afwijking": _num(check.efficiency_gap),
            "meest_ontevreden_coalitie": list(check.worst_coalition),
            "overschot": _num(check.worst_excess),
            "kern_leeg": check.core_empty,
            "kerngrens": _num(check.core_bound),
            "exact": True,
            "geverifieerd": solution.verification.ok if solution is not None else True,
        }
    )
    return result


def run_spel(
    method: str,
    spel_path: str,
    verdeling_path: str | None,
    fmt: str,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run ``samenspel spel METHOD --spel FILE [--verdeling FILE] [--format json]``.

    ``method`` is ``shapley``, ``nucleolus`` or ``kern``; ``fmt`` is ``json`` or ``tekst``.
    For ``kern`` without an allocation file the nucleolus is checked. Returns the exit code.
    """
    out = sys.stdout if out is None else out
    err = sys.stderr if err is None else err
    if method not in METHODS:
        print(f"Fout: onbekende methode '{method}'; kies uit {', '.join(METHODS)}.", file=err)
        return 2
    if fmt not in FORMATS:
        print(f"Fout: onbekend formaat '{fmt}'; kies 'tekst' of 'json'.", file=err)
        return 2
    try:
        game = load_game(spel_path)
        given = load_allocation(verdeling_path, game) if verdeling_path else None
    except GameFileError as exc:
        print(f"Fout: {exc}", file=err)
        return 2

    try:
        solution: Solution | None = None
        source = None
        checked = None
        if method == "shapley":
            solution = shapley(game)
        elif method == "nucleolus":
            solution = nucleolus(game)
        elif given is not None:
            checked, source = given, "bestand"
        else:
            solution = nucleolus(game)
            checked, source = solution.as_dict(), "nucleolus"
        result = result_as_dict(game, method, solution, given, checked, source)
    except EmptyImputationSetError as exc:
        print(f"Fout in {spel_path}: {exc}", file=err)
        return 1
    except VerificationError as exc:
        print(f"Fout: {exc}", file=err)
        return 1

    if fmt == "json":
        json.dump(result, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(_as_text(game, result, spel_path, verdeling_path))
    return 0


# --------------------------------------------------------------------------------------------
# Text output
# --------------------------------------------------------------------------------------------

METHOD_NAMES = {"shapley": "Shapley-waarde", "nucleolus": "Nucleolus", "kern": "Kerntest"}


def _table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[c]) for r in [headers, *rows]) for c in range(len(headers))]
    lines = []
    for k, row in enumerate([headers, *rows]):
        cells = [row[0].ljust(widths[0])] + [
            cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def _as_text(game: Game, result: dict[str, Any], spel_path: str, verdeling_path: str | None) -> str:
    cost = game.kind == COST
    kind_name = "kostenspel" if cost else "waardespel"
    method = result["methode"]
    lines = [f"{METHOD_NAMES[method]} van het {kind_name} {spel_path} ({game.n} spelers)"]
    if game.description:
        lines.append(game.description)
    allocation = result["verdeling"]
    total = sum(allocation.values())
    pays = "betaalt" if cost else "krijgt"
    if method in ("shapley", "nucleolus"):
        exact = "exact berekend" if result["exact"] else "geschat met een steekproef"
        lines.append(
            f"{exact.capitalize()} en gecontroleerd ({result['verificatie']['criterium']})."
        )
        headers = ["speler", pays, "aandeel", "alleen", "meerkost" if cost else "meerwaarde"]
        rows = [
            [
                p,
                format_number(allocation[p], 2),
                format_percent(allocation[p] / total) if total else "-",
                format_number(result["alleen"][p], 2),
                format_number(result["marginaal"][p], 2),
            ]
            for p in game.players
        ]
        rows.append(
            ["totaal", format_number(total, 2), format_percent(1) if total else "-", "", ""]
        )
        text = "\n".join(lines) + "\n\n" + _table(headers, rows)
        if "betrouwbaarheidsinterval_95" in result:
            text += (
                "\n95 %-betrouwbaarheidsintervallen: "
                + "; ".join(
                    f"{p} {format_number(lo, 2)} – {format_number(hi, 2)}"
                    for p, (lo, hi) in result["betrouwbaarheidsinterval_95"].items()
                )
                + "\n"
            )
        if "verschil" in result:
            text += f"\nVerschil met de verdeling uit {verdeling_path} (opgegeven − berekend):\n"
            text += _table(
                ["speler", "opgegeven", "verschil"],
                [
                    [
                        p,
                        format_number(result["opgegeven_verdeling"][p], 2),
                        format_number(result["verschil"][p], 2),
                    ]
                    for p in game.players
                ],
            )
        return text

    source = (
        f"de verdeling uit {verdeling_path}"
        if result["verdeling_bron"] == "bestand"
        else "de nucleolus"
    )
    lines.append(f"Gecontroleerd: {source}.")
    rows = [[p, format_number(allocation[p], 2)] for p in game.players]
    rows.append(["totaal", format_number(total, 2)])
    text = "\n".join(lines) + "\n\n" + _table(["speler", pays], rows) + "\n"
    coalition = ",".join(result["meest_ontevreden_coalitie"])
    excess = result["overschot"]
    verdict = []
    if not result["efficient"]:
        verdict.append(
            f"De verdeling telt op tot {format_number(total, 2)} in plaats van "
            f"{format_number(game.grand_value, 2)}: ze is niet efficiënt en dus niet in de kern."
        )
    if result["in_kern"]:
        verdict.append(
            "De verdeling ligt in de kern: geen enkele speler of groep spelers "
            + ("betaalt samen meer dan alleen." if cost else "krijgt samen minder dan alleen.")
        )
        if coalition:
            verdict.append(
                f"De krapste coalitie is {coalition}: die "
                + ("betaalt samen " if cost else "krijgt samen ")
                + f"{format_number(abs(excess), 2)} "
                + ("minder dan alleen." if cost else "meer dan alleen.")
            )
    elif coalition and excess > 0:
        verdict.append(
            f"De verdeling ligt niet in de kern: coalitie {coalition} "
            + ("betaalt samen " if cost else "krijgt samen ")
            + f"{format_number(excess, 2)} "
            + ("meer dan alleen." if cost else "minder dan alleen.")
        )
    if result["kern_leeg"]:
        verdict.append("De kern is leeg: geen enkele verdeling is voor elke groep win-win.")
    else:
        verdict.append(
            "De kern is niet leeg: er bestaan verdelingen die voor elke groep win-win zijn."
        )
    return text + "\n".join(verdict) + "\n"
