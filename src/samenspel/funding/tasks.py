"""The Verdeelsleutel of a large group as a background job (:mod:`samenspel.jobs`).

A page computes a comparison itself within :data:`~samenspel.funding.games.WEB_LIMITS` (exact up
to 20 municipalities, 2 s a computation). A group of more than :data:`JOB_THRESHOLD`
municipalities goes to the worker instead, which computes with :data:`JOB_LIMITS`: the exact
Shapley value (by counting coalitions per size and population, tables of at most 400 MB), the
exact nucleolus and the exact win-win check of every key from the parameters of the cost game
(:mod:`samenspel.funding.shapley_pop`, :mod:`samenspel.funding.implicit`; 40 municipalities in a
few seconds, see benchmarks/README.md). With the contiguity assumption those methods do not
apply: then every coalition is enumerated up to 22 municipalities (peak about 400 MB; a
nucleolus for 22 took about 5 minutes on the 2-core test machine), above that a larger sample.

The job's inputs are the arguments of :func:`samenspel.funding.analysis.compare` exactly as the
view built them (packed, signed), and its identity is the page's query without the presentation
parameters: the same question on the same data reuses the job. The result is the
:class:`~samenspel.funding.analysis.Comparison` itself (packed, signed) with its ``2^n`` cost game
replaced by :class:`GameSummary`, the few figures of the game the page shows, so the page renders,
downloads and prints it exactly like one it computed itself.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings

from samenspel.funding.analysis import Comparison, compare
from samenspel.funding.games import Limits
from samenspel.jobs import services as jobs
from samenspel.jobs.models import Job

KIND = "verdeelsleutel"
#: More municipalities than this: the worker computes (settings.SAMENSPEL_JOB_THRESHOLD overrides).
JOB_THRESHOLD = 20
JOB_LIMITS = Limits(
    max_exact_players=22, max_seconds=900.0, max_samples=200_000, max_table_bytes=400 * 2**20
)
#: Query parameters that change how a result is shown, not what is computed.
PRESENTATION = ("formaat", "tabel", "afdruk", "opnieuw")


def _code_fingerprint() -> str:
    """A hash of the computation code: after an upgrade that changes it, a question is computed
    again instead of reusing a result of the old code (which might not even unpack)."""
    from samenspel.funding import analysis, explain, games, huff, implicit, keys, shapley_pop

    digest = hashlib.sha256()
    for module in (analysis, explain, games, huff, implicit, keys, shapley_pop):
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]


CODE = _code_fingerprint()


def threshold() -> int:
    return int(getattr(settings, "SAMENSPEL_JOB_THRESHOLD", JOB_THRESHOLD))


@dataclass(frozen=True)
class GameSummary:
    """What the page needs of the cost game: players, stand-alone and marginal costs."""

    players: tuple[str, ...]
    kind: str
    stand_alone_values: tuple[float, ...]
    marginal_values: tuple[float, ...]
    grand: float

    @property
    def n(self) -> int:
        return len(self.players)

    @property
    def grand_value(self) -> float:
        return self.grand

    def stand_alone(self):
        return np.array(self.stand_alone_values)

    def marginal(self):
        return np.array(self.marginal_values)


def summarise(cmp: Comparison) -> Comparison:
    game = cmp.game
    summary = GameSummary(
        players=tuple(game.players),
        kind=str(getattr(game, "kind", "")),
        stand_alone_values=tuple(map(float, game.stand_alone())),
        marginal_values=tuple(map(float, game.marginal())),
        grand=float(game.grand_value),
    )
    return dataclasses.replace(cmp, game=summary)


def identity(query: Mapping) -> dict:
    """The page's query without presentation parameters, every value as a list."""
    getlist = getattr(query, "getlist", lambda k: [query[k]])
    return {k: getlist(k) for k in query if k not in PRESENTATION}


def submit_comparison(query: Mapping, inputs: dict, retry: bool | None = None) -> Job:
    """The job for this question: ``inputs`` are the keyword arguments of ``compare``; a failed
    job is tried again when the query says ``opnieuw`` (the waiting page's link) or ``retry``."""
    return jobs.submit(
        KIND,
        {"inputs": jobs.pack(inputs), "gemeenten": len(inputs["places"])},
        identity={"query": identity(query), "code": CODE},
        retry="opnieuw" in query if retry is None else retry,
    )


@jobs.register(KIND)
def comparison_job(params: dict, progress: jobs.Progress) -> dict:
    inputs = jobs.unpack(params["inputs"])
    n = len(inputs["places"])
    groups = f"{2**n:,}".replace(",", ".")
    progress(
        0.1,
        f"Shapley-waarde, nucleolus en win-wintoets over alle {groups} groepen van {n} "
        "gemeenten berekenen (dit kan enkele minuten duren).",
    )
    cmp = compare(**inputs, limits=JOB_LIMITS, progress=progress)
    progress(0.9, "Het resultaat wordt bewaard.")
    return {"comparison": jobs.pack(summarise(cmp)), "gemeenten": n, "berekend": cmp.computed}


def comparison_of(job: Job) -> Comparison:
    return jobs.unpack(job.result["comparison"])


def compare_in_background(request, inputs: dict, *, title: str, context: dict):
    """For a view: ``(comparison, None)`` when the job is done, else ``(None, waiting page)``."""
    from samenspel.jobs.views import waiting

    job = submit_comparison(request.GET, inputs)
    if job.done:
        try:
            return comparison_of(job), None
        except Exception:  # e.g. packed with another SECRET_KEY: compute it again
            jobs.discard(job, "Het bewaarde resultaat is onleesbaar; het wordt opnieuw berekend.")
            job = submit_comparison(request.GET, inputs, retry=True)
    lead = (
        f"Deze groep telt {len(inputs['places'])} gemeenten: meer dan {threshold()}. De "
        "Shapley-waarde en de nucleolus worden daarom in de achtergrond berekend."
    )
    return None, waiting(request, job, title=title, context=context, lead=lead)
