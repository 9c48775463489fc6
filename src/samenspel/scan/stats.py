"""The Samenwerkingsscan's figures: dimension scores, group summaries, perception gaps, alpha.

Pure module (no Django): plain records in, plain figures out. The web layer turns scan answers
into :class:`Response` records, calls :func:`summary` once per round (and :func:`gaps` with the
previous round's summary) and shows ONLY what these functions return: every anonymity rule lives
here, so that pages, exports and the API cannot disagree.

Public API
----------
Input
  :class:`Response` -- one respondent: ``respondent_id``, ``refnis`` (5-digit REFNIS code of the
  municipality they speak for), ``is_centrumstad``, ``role_kind`` (``"ambtelijk"``,
  ``"politiek"`` or ``"andere"``, see :data:`samenspel.scan.items.ROLES_FOR_SCAN`), ``answers``
  (item code -> 1..5, or ``None`` for "weet niet").
Scores
  :func:`dimension_score` (one respondent, one dimension), :func:`dimension_scores` (all).
Summary
  :func:`summary` -> :class:`Summary` with the whole group (``total``), ``by_partner`` (REFNIS),
  ``by_role`` (role kind), ``by_position`` (``"centrumstad"`` / ``"overige"``), per-item figures
  of the whole group (``items``), and Cronbach's alpha per dimension (``alpha``). Every group is
  a :class:`GroupFigures`; ``shown`` False means: show nothing but :attr:`GroupFigures.n_label`.
Gaps and flags
  :func:`gaps` -> ``{kind: {dimension: Gap | None}}`` for the kinds :data:`GAP_KINDS`;
  :func:`attention` -> ``{dimension: [flag, ...]}`` with the flags :data:`FLAG_LOW`,
  :data:`FLAG_DIVERGING`, :data:`FLAG_DECLINED` (the kinds :mod:`samenspel.scan.suggestions`
  answers to).
Reliability
  :func:`cronbach_alpha` (a matrix) and :func:`dimension_alpha` (responses, one dimension) ->
  :class:`Alpha`.
Labels
  :func:`n_label` (``"12"`` or ``"minder dan 3"``), :data:`TOO_FEW`, :data:`HIDDEN`.

The anonymity rule (a rule of THIS platform, not of the research or of a law)
--------------------------------------------------------------------------------
No figure may let anyone learn the answers of fewer than :data:`MIN_GROUP` (= 3) respondents.

1. *Primary suppression.* A group (the whole round, a partner, a role kind, centrumstad/overige)
   is shown only with at least 3 respondents, counted as persons, not as answers; a dimension's
   figures in a shown group need at least 3 respondents *with a score* on that dimension; an
   item's figures at least 3 answers. A group of 1 or 2 shows no mean, no spread, no
   distribution and not its number: :func:`n_label` says "minder dan 3".
2. *No disclosure by difference (secondary suppression).* Every figure we publish is a sum over
   the members of a group (a mean is a sum divided by a shown n; the spread and the distribution
   are sums of squares and of counts). Whoever sees the figures of several groups can add and
   subtract them: the whole round minus partner A is "all the others"; "ambtelijk" minus the
   officials of partner C may be one person. So the shown groups are checked together: respondents
   who share partner, centrumstad-status and role kind form a *cell*; a published sum is a
   combination of cells; the figures are safe when no combination of the shown groups' sums
   (the linear span, computed exactly with fractions) isolates one cell of 1 or 2 persons, or two
   cells of 1 person each. While that is not so, the smallest shown subgroup is hidden as well
   (the whole round itself is never hidden when it has 3 or more). This is the classic rule of
   statistical offices (primary and secondary cell suppression), here checked exhaustively
   because the groups are few. It is applied to the respondent counts and again per dimension
   (to the respondents who have a score on it). A group hidden this way is labelled "afgeschermd"
   (:data:`HIDDEN`), not "minder dan 3".
3. Item-level figures and Cronbach's alpha are given for the whole round only.

What it does not protect: when all members of a shown group give the same answer, the figure
says what each of them answered (the known limit of any threshold rule); three people of one
municipality who know each other's answers can still deduce a fourth's. Open answers are not
figures; the web layer shows them only for a round with 3 or more respondents, without name,
partner or role.

Scoring
-------
* An answer is scored as given; a reverse-keyed item (``Item.reverse``) is scored ``6 - x``,
  so higher is always better (:func:`samenspel.scan.items.scored`).
* A respondent's dimension score is the mean of their scored answers on that dimension's items,
  provided they answered at least half of them (:data:`MIN_ITEM_SHARE`); otherwise they have no
  score on it and are not counted in its n.
* A group's figures on a dimension: n (respondents with a score), mean, sample standard
  deviation (divisor n - 1), and the distribution of the scores rounded half up to whole points
  (1..5: 2,5 counts as 3).

Conventions of this platform (named assumptions, not findings of the research)
------------------------------------------------------------------------------
* :data:`LOW_SCORE` = 3,0: a mean below the scale's middle ("noch eens, noch oneens") is "low".
* :data:`DIVERGING_GAP` = 0,75 point: a difference of three quarters of a scale point between
  two groups (or two rounds) is "diverging". It is about the spread one expects of one group on
  a 5-point scale (a typical sd is 0,7-1,0), so smaller differences are mostly noise at the group
  sizes of a scan.
* :data:`MIN_ALPHA_N` = 10 complete respondents before Cronbach's alpha is reported: with fewer
  the estimate is too unstable to say anything (its confidence interval is wider than the range
  between "poor" and "good"); 10 is a floor for small groups, not a recommendation (textbooks
  ask for far more respondents per item).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from samenspel.scan import items as _items
from samenspel.scan.items import DIMENSIONS, ITEMS, SCALE_MAX, SCALE_MIN, items_for, scored

# --------------------------------------------------------------------------------------------
# Rules and conventions
# --------------------------------------------------------------------------------------------

#: The anonymity threshold: figures only for groups of at least this many respondents.
MIN_GROUP = 3
#: A respondent gets a dimension score with answers on at least this share of its items.
MIN_ITEM_SHARE = Fraction(1, 2)
#: Convention: a mean below this is "low".
LOW_SCORE = 3.0
#: Convention: an absolute difference of at least this between two groups is "diverging".
DIVERGING_GAP = 0.75
#: Convention: Cronbach's alpha is reported from this many complete respondents on.
MIN_ALPHA_N = 10

TOO_FEW = "minder dan 3"
HIDDEN = "afgeschermd"

#: The role kinds, in the order of :data:`samenspel.scan.items.ROLE_KINDS` (written once there).
ROLE_KINDS = tuple(k for k, _label in _items.ROLE_KINDS)
POSITIONS = ("centrumstad", "overige")

GAP_CENTRUMSTAD = "centrumstad"  # centrumstad minus the other partners
GAP_ROLE = "rol"  # ambtelijk minus politiek
GAP_ROUND = "ronde"  # this round minus the previous one
GAP_KINDS = (GAP_CENTRUMSTAD, GAP_ROLE, GAP_ROUND)

FLAG_LOW = "low"
FLAG_DIVERGING = "diverging"
FLAG_DECLINED = "declined"

_EPS = 1e-9  # comparisons of means against the named thresholds


# --------------------------------------------------------------------------------------------
# Input
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Response:
    respondent_id: str | int
    refnis: str
    is_centrumstad: bool
    role_kind: str
    answers: Mapping[str, int | None] = field(default_factory=dict)

    def __post_init__(self):
        if self.role_kind not in ROLE_KINDS:
            raise ValueError(
                f"Onbekende soort rol {self.role_kind!r} (respondent {self.respondent_id})."
            )
        for code, value in self.answers.items():
            if value is None:
                continue
            if (
                isinstance(value, bool)
                or not isinstance(value, int)
                or not SCALE_MIN <= value <= SCALE_MAX
            ):
                raise ValueError(
                    f"Antwoord {value!r} op {code} (respondent {self.respondent_id}) ligt niet "
                    f"tussen {SCALE_MIN} en {SCALE_MAX}."
                )


# --------------------------------------------------------------------------------------------
# Scores
# --------------------------------------------------------------------------------------------


def dimension_score(answers: Mapping[str, int | None], dimension: str) -> float | None:
    """The mean scored answer on a dimension, or None with fewer than half of its items answered.

    Unknown item codes in ``answers`` are ignored (an old round may hold a retired item)."""
    its = items_for(dimension)
    values = [scored(it, answers[it.code]) for it in its if answers.get(it.code) is not None]
    if not values or Fraction(len(values), len(its)) < MIN_ITEM_SHARE:
        return None
    return math.fsum(values) / len(values)


def dimension_scores(response: Response) -> dict[str, float | None]:
    return {d: dimension_score(response.answers, d) for d in DIMENSIONS}


# --------------------------------------------------------------------------------------------
# Figures
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    """A group's figures on one dimension (or one item)."""

    n: int
    mean: float
    sd: float
    #: counts per point 1..5 (dimension: scores rounded half up; item: answers as given)
    distribution: tuple[int, int, int, int, int]

    @property
    def low(self) -> bool:
        return self.mean < LOW_SCORE - _EPS


def _round_half_up(x: float) -> int:
    return int(math.floor(x + 0.5 + _EPS))


def figures(values: Sequence[float], *, bins: Sequence[int] | None = None) -> Figures | None:
    """n, mean, sample sd and distribution of some scores; None for fewer than MIN_GROUP.

    ``bins`` (the point 1..5 of each value) defaults to the value rounded half up."""
    n = len(values)
    if n < MIN_GROUP:
        return None
    mean = math.fsum(values) / n
    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1))
    points = bins if bins is not None else [_round_half_up(v) for v in values]
    dist = [0] * (SCALE_MAX - SCALE_MIN + 1)
    for p in points:
        dist[p - SCALE_MIN] += 1
    return Figures(n, mean, sd, tuple(dist))


def n_label(n: int | None) -> str:
    """A count as it may be shown: ``"7"``, or ``"minder dan 3"`` below the threshold."""
    if n is None:
        return HIDDEN
    return str(n) if n >= MIN_GROUP else TOO_FEW


@dataclass(frozen=True)
class GroupFigures:
    partition: str  # "totaal", "partner", "rol", "positie"
    key: str  # "alle", a REFNIS code, a role kind, "centrumstad"/"overige"
    #: the number of respondents, or None when the group is not shown
    respondents: int | None
    #: why it is not shown: TOO_FEW or HIDDEN ("" when shown)
    reason: str
    #: per dimension: figures, or None ("te weinig antwoorden" / afgeschermd)
    dimensions: dict[str, Figures | None]

    @property
    def shown(self) -> bool:
        return self.respondents is not None

    @property
    def n_label(self) -> str:
        return str(self.respondents) if self.shown else self.reason


@dataclass(frozen=True)
class Alpha:
    """Cronbach's alpha of a set of items, with what it rests on."""

    alpha: float | None  # None when not reported
    n: int  # complete respondents used
    k: int  # items
    reason: str = ""  # why alpha is None, Dutch

    @property
    def reported(self) -> bool:
        return self.alpha is not None


@dataclass(frozen=True)
class Summary:
    #: the round's number of respondents: show it only when ``shown`` (else say TOO_FEW)
    respondents: int
    total: GroupFigures
    by_partner: dict[str, GroupFigures]
    by_role: dict[str, GroupFigures]
    by_position: dict[str, GroupFigures]
    #: per item code, figures of the whole round (mean after reverse keying, distribution of
    #: the answers as given), None under the threshold
    items: dict[str, Figures | None]
    alpha: dict[str, Alpha]

    @property
    def shown(self) -> bool:
        return self.total.shown

    def groups(self) -> list[GroupFigures]:
        return [
            self.total,
            *self.by_partner.values(),
            *self.by_role.values(),
            *self.by_position.values(),
        ]


# --------------------------------------------------------------------------------------------
# Disclosure control (exact linear algebra over cells)
# --------------------------------------------------------------------------------------------

Cell = tuple[str, bool, str]
GroupKey = tuple[str, str]
TOTAL: GroupKey = ("totaal", "alle")


def _cell(r: Response) -> Cell:
    return (r.refnis, r.is_centrumstad, r.role_kind)


def _group_keys(r: Response) -> list[GroupKey]:
    return [
        TOTAL,
        ("partner", r.refnis),
        ("rol", r.role_kind),
        ("positie", POSITIONS[0] if r.is_centrumstad else POSITIONS[1]),
    ]


def _rref(rows: list[list[Fraction]]) -> list[tuple[int, list[Fraction]]]:
    """Reduced row echelon basis of the rows' span: [(pivot column, row)]."""
    basis: list[tuple[int, list[Fraction]]] = []
    for row in rows:
        v = list(row)
        for p, b in basis:
            if v[p]:
                f = v[p]
                v = [x - f * y for x, y in zip(v, b, strict=True)]
        pivot = next((i for i, x in enumerate(v) if x), None)
        if pivot is None:
            continue
        v = [x / v[pivot] for x in v]
        reduced = []
        for p, b in basis:
            if b[pivot]:
                f = b[pivot]
                b = [x - f * y for x, y in zip(b, v, strict=True)]
            reduced.append((p, b))
        basis = [*reduced, (pivot, v)]
    return basis


def _residual(vector: list[Fraction], basis: list[tuple[int, list[Fraction]]]) -> list[Fraction]:
    v = list(vector)
    for p, b in basis:
        if v[p]:
            f = v[p]
            v = [x - f * y for x, y in zip(v, b, strict=True)]
    return v


def _parallel(a: list[Fraction], b: list[Fraction]) -> bool:
    i = next(j for j, x in enumerate(a) if x)
    if not b[i]:
        return False
    f = b[i] / a[i]
    return all(y == f * x for x, y in zip(a, b, strict=True))


def _leak(
    visible: list[GroupKey], members: Mapping[GroupKey, set[Cell]], sizes: Mapping[Cell, int]
):
    """The first cell (or pair of cells) of fewer than MIN_GROUP persons that the sums of the
    visible groups isolate, or None."""
    cells = sorted(sizes)
    index = {c: i for i, c in enumerate(cells)}
    rows = []
    for g in visible:
        row = [Fraction(0)] * len(cells)
        for c in members[g]:
            row[index[c]] = Fraction(1)
        rows.append(row)
    basis = _rref(rows)
    residuals = {}
    for c in cells:
        if sizes[c] >= MIN_GROUP:
            continue
        unit = [Fraction(0)] * len(cells)
        unit[index[c]] = Fraction(1)
        r = _residual(unit, basis)
        if not any(r):
            return (c,)
        residuals[c] = r
    singles = [c for c in cells if sizes[c] == 1]
    for i, a in enumerate(singles):
        for b in singles[i + 1 :]:
            if _parallel(residuals[a], residuals[b]):
                return (a, b)
    return None


def visible_groups(population: Iterable[Response]) -> set[GroupKey]:
    """The groups whose figures may be published for these respondents (the anonymity rule)."""
    members: dict[GroupKey, set[Cell]] = {}
    sizes: dict[Cell, int] = {}
    counts: dict[GroupKey, int] = {}
    for r in population:
        c = _cell(r)
        sizes[c] = sizes.get(c, 0) + 1
        for g in _group_keys(r):
            members.setdefault(g, set()).add(c)
            counts[g] = counts.get(g, 0) + 1
    if counts.get(TOTAL, 0) < MIN_GROUP:
        return set()
    order = sorted(counts, key=lambda g: (g != TOTAL, counts[g], g))
    visible = [g for g in order if counts[g] >= MIN_GROUP]
    while True:
        leak = _leak(visible, members, sizes)
        if leak is None:
            return set(visible)
        candidates = [g for g in visible if g != TOTAL]
        if not candidates:  # cannot happen with a total of 3 or more; be safe anyway
            return set()
        # Hide the smallest group whose removal stops this leak; else the smallest group.
        fixing = [
            g for g in candidates if _leak([h for h in visible if h != g], members, sizes) != leak
        ]
        visible.remove((fixing or candidates)[0])


# --------------------------------------------------------------------------------------------
# Summary
# --------------------------------------------------------------------------------------------


def _group_members(responses: Sequence[Response]) -> dict[GroupKey, list[Response]]:
    groups: dict[GroupKey, list[Response]] = {TOTAL: []}
    for r in responses:
        for g in _group_keys(r)[1:]:
            groups.setdefault(g, [])
        for g in _group_keys(r):
            groups[g].append(r)
    return groups


def summary(responses: Sequence[Response]) -> Summary:
    """All figures of one round that may be shown (see the anonymity rule above)."""
    ids = [r.respondent_id for r in responses]
    if len(set(ids)) != len(ids):
        raise ValueError("Een respondent komt meer dan eens voor in dezelfde ronde.")
    scores = {r.respondent_id: dimension_scores(r) for r in responses}
    groups = _group_members(responses)
    shown_groups = visible_groups(responses)
    shown_per_dimension = {
        d: visible_groups([r for r in responses if scores[r.respondent_id][d] is not None])
        & shown_groups
        for d in DIMENSIONS
    }

    def group_figures(key: GroupKey) -> GroupFigures:
        members = groups[key]
        if key not in shown_groups:
            reason = TOO_FEW if len(members) < MIN_GROUP else HIDDEN
            return GroupFigures(key[0], key[1], None, reason, dict.fromkeys(DIMENSIONS))
        dims: dict[str, Figures | None] = {}
        for d in DIMENSIONS:
            values = [scores[r.respondent_id][d] for r in members]
            values = [v for v in values if v is not None]
            dims[d] = figures(values) if key in shown_per_dimension[d] else None
        return GroupFigures(key[0], key[1], len(members), "", dims)

    def partition(name: str, keys: Iterable[str]) -> dict[str, GroupFigures]:
        return {k: group_figures((name, k)) for k in keys if (name, k) in groups}

    total = group_figures(TOTAL)
    by_partner = partition("partner", sorted({r.refnis for r in responses}))
    by_role = partition("rol", ROLE_KINDS)
    by_position = partition("positie", POSITIONS)

    item_figures: dict[str, Figures | None] = {}
    for it in ITEMS:
        answers = [r.answers.get(it.code) for r in responses] if total.shown else []
        answers = [a for a in answers if a is not None]
        item_figures[it.code] = (
            figures([scored(it, a) for a in answers], bins=answers) if answers else None
        )
    alpha = {
        d: dimension_alpha(responses, d)
        if total.shown
        else Alpha(None, 0, len(items_for(d)), "te weinig antwoorden")
        for d in DIMENSIONS
    }
    return Summary(len(responses), total, by_partner, by_role, by_position, item_figures, alpha)


# --------------------------------------------------------------------------------------------
# Gaps and flags
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    dimension: str
    kind: str  # one of GAP_KINDS
    first: float  # centrumstad / ambtelijk / this round
    second: float  # the other partners / politiek / the previous round
    n_first: int
    n_second: int

    @property
    def difference(self) -> float:
        """first - second (positive: the first group is more positive)."""
        return self.first - self.second

    @property
    def diverging(self) -> bool:
        return abs(self.difference) >= DIVERGING_GAP - _EPS

    @property
    def declined(self) -> bool:
        """A drop of at least DIVERGING_GAP from the previous round (kind GAP_ROUND only)."""
        return self.kind == GAP_ROUND and self.difference <= -DIVERGING_GAP + _EPS


def _gap(kind: str, d: str, a: GroupFigures | None, b: GroupFigures | None) -> Gap | None:
    fa = a.dimensions.get(d) if a is not None else None
    fb = b.dimensions.get(d) if b is not None else None
    if fa is None or fb is None:
        return None
    return Gap(d, kind, fa.mean, fb.mean, fa.n, fb.n)


def gaps(current: Summary, previous: Summary | None = None) -> dict[str, dict[str, Gap | None]]:
    """Perception gaps per kind and dimension; None where either side is not shown."""
    pos, role = current.by_position, current.by_role
    return {
        GAP_CENTRUMSTAD: {
            d: _gap(GAP_CENTRUMSTAD, d, pos.get("centrumstad"), pos.get("overige"))
            for d in DIMENSIONS
        },
        GAP_ROLE: {
            d: _gap(GAP_ROLE, d, role.get("ambtelijk"), role.get("politiek")) for d in DIMENSIONS
        },
        GAP_ROUND: {
            d: _gap(GAP_ROUND, d, current.total, previous.total if previous else None)
            for d in DIMENSIONS
        },
    }


def attention(
    current: Summary, gap_table: Mapping[str, Mapping[str, Gap | None]]
) -> dict[str, list[str]]:
    """Per dimension the flags that call for suggestions, in a fixed order:
    FLAG_LOW (the round's mean is low), FLAG_DIVERGING (centrumstad/overige or
    ambtelijk/politiek differ by DIVERGING_GAP or more), FLAG_DECLINED (the mean fell by
    DIVERGING_GAP or more since the previous round)."""
    result: dict[str, list[str]] = {}
    for d in DIMENSIONS:
        flags = []
        fig = current.total.dimensions.get(d)
        if fig is not None and fig.low:
            flags.append(FLAG_LOW)
        between = [gap_table.get(k, {}).get(d) for k in (GAP_CENTRUMSTAD, GAP_ROLE)]
        if any(g is not None and g.diverging for g in between):
            flags.append(FLAG_DIVERGING)
        rnd = gap_table.get(GAP_ROUND, {}).get(d)
        if rnd is not None and rnd.declined:
            flags.append(FLAG_DECLINED)
        result[d] = flags
    return result


# --------------------------------------------------------------------------------------------
# Cronbach's alpha
# --------------------------------------------------------------------------------------------


def _sample_variance(values: Sequence[float]) -> float:
    n = len(values)
    mean = math.fsum(values) / n
    return math.fsum((v - mean) ** 2 for v in values) / (n - 1)


def cronbach_alpha(matrix: Sequence[Sequence[float | None]], *, min_n: int = MIN_ALPHA_N) -> Alpha:
    """Cronbach's alpha of a respondents x items matrix (None = no answer).

    alpha = k / (k - 1) * (1 - sum of the item variances / variance of the row totals), with
    sample variances (divisor n - 1), on the complete rows only (listwise deletion). Reported
    (``alpha`` not None) with at least ``min_n`` complete rows, k >= 2 and a total variance
    above zero; ``reason`` says why not otherwise."""
    k = len(matrix[0]) if matrix else 0
    if any(len(row) != k for row in matrix):
        raise ValueError("Alle rijen moeten evenveel items hebben.")
    complete = [[float(x) for x in row] for row in matrix if all(x is not None for x in row)]
    n = len(complete)
    if k < 2:
        return Alpha(None, n, k, "minstens 2 items nodig")
    if n < max(min_n, 2):
        return Alpha(None, n, k, f"minder dan {max(min_n, 2)} volledige antwoorden")
    item_var = math.fsum(_sample_variance([row[j] for row in complete]) for j in range(k))
    total_var = _sample_variance([math.fsum(row) for row in complete])
    if total_var <= 0:
        return Alpha(None, n, k, "geen spreiding in de antwoorden")
    return Alpha(k / (k - 1) * (1 - item_var / total_var), n, k)


def dimension_alpha(
    responses: Sequence[Response], dimension: str, *, min_n: int = MIN_ALPHA_N
) -> Alpha:
    """Cronbach's alpha of a dimension's items, reverse-keyed items scored 6 - x."""
    its = items_for(dimension)
    matrix = [
        [
            scored(it, r.answers[it.code]) if r.answers.get(it.code) is not None else None
            for it in its
        ]
        for r in responses
    ]
    return cronbach_alpha(matrix, min_n=min_n)


__all__ = [
    "DIVERGING_GAP",
    "FLAG_DECLINED",
    "FLAG_DIVERGING",
    "FLAG_LOW",
    "GAP_KINDS",
    "HIDDEN",
    "LOW_SCORE",
    "MIN_ALPHA_N",
    "MIN_GROUP",
    "TOO_FEW",
    "Alpha",
    "Figures",
    "Gap",
    "GroupFigures",
    "Response",
    "Summary",
    "attention",
    "cronbach_alpha",
    "dimension_alpha",
    "dimension_score",
    "dimension_scores",
    "figures",
    "gaps",
    "n_label",
    "summary",
    "visible_groups",
]
