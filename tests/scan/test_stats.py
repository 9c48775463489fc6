"""The scan's figures on hand-worked answers, and the anonymity rule at its edges.

Every number below is worked out by hand in the comment beside it.
"""

import random

import numpy as np
import pytest

from samenspel.scan import stats
from samenspel.scan.items import DIMENSIONS, ITEMS, items_for
from samenspel.scan.stats import (
    HIDDEN,
    TOO_FEW,
    Response,
    attention,
    cronbach_alpha,
    dimension_alpha,
    dimension_score,
    gaps,
    summary,
)

CITY = "11002"  # Antwerpen, a centrumstad
NEIGHBOUR = "11004"
OTHER = "11005"


def resp(rid, refnis=NEIGHBOUR, kind="ambtelijk", *, city=None, default=None, **answers):
    """A response; ``default`` answers every item not given in ``answers``."""
    given = {it.code: default for it in ITEMS} if default is not None else {}
    given.update(answers)
    is_city = (refnis == CITY) if city is None else city
    return Response(rid, refnis, is_city, kind, given)


def vt(rid, a, b, c, d, **kw):
    """A response with the four vertrouwen items VT1..VT4 (none reverse-keyed)."""
    return resp(rid, **kw, VT1=a, VT2=b, VT3=c, VT4=d)


def all_figures(s):
    """Every Figures object a summary holds (what a page, export or API could show)."""
    found = [f for f in s.items.values() if f is not None]
    for g in s.groups():
        found += [f for f in g.dimensions.values() if f is not None]
    return found


# --- dimension scores ------------------------------------------------------------------------


def test_dimension_score_is_the_mean_of_the_answered_items():
    # (4 + 5 + 3) / 3 = 4,0: VT4 "weet niet" is left out, 3 of 4 answered is enough.
    assert dimension_score({"VT1": 4, "VT2": 5, "VT3": 3, "VT4": None}, "vertrouwen") == 4.0
    # Half the items (2 of 4) is still enough: (2 + 5) / 2 = 3,5.
    assert dimension_score({"VT1": 2, "VT2": 5}, "vertrouwen") == 3.5
    # 1 of 4 is fewer than half: no score.
    assert dimension_score({"VT1": 5}, "vertrouwen") is None
    # identiteit has 3 items: 1 answered (1/3 < 1/2) gives nothing, 2 answered (4 + 2) / 2 = 3.
    assert dimension_score({"ID1": 4}, "identiteit") is None
    assert dimension_score({"ID1": 4, "ID3": 2}, "identiteit") == 3.0
    # An item of another dimension or an unknown (retired) code does not count.
    assert dimension_score({"VT1": 5, "DL1": 5, "ZZ9": 5}, "vertrouwen") is None


def test_reverse_keyed_items_count_as_six_minus_the_answer():
    # doelen: DL1..DL3 as given, DL4 reverse: 5 counts as 6 - 5 = 1; (4 + 4 + 4 + 1) / 4 = 3,25.
    assert dimension_score({"DL1": 4, "DL2": 4, "DL3": 4, "DL4": 5}, "doelen") == 3.25
    # werklast: WL1 and WL4 reverse; answers 2, 4, 4, 1 score 4, 4, 4, 5: 17 / 4 = 4,25.
    assert dimension_score({"WL1": 2, "WL2": 4, "WL3": 4, "WL4": 1}, "werklast") == 4.25


def test_bad_answers_are_refused_with_a_dutch_message():
    with pytest.raises(ValueError, match="VT1.*tussen 1 en 5"):
        resp(1, VT1=6)
    with pytest.raises(ValueError, match="tussen 1 en 5"):
        resp(1, VT1=True)
    with pytest.raises(ValueError, match="soort rol"):
        resp(1, kind="baas")
    with pytest.raises(ValueError, match="meer dan eens"):
        summary([vt(1, 3, 3, 3, 3), vt(1, 4, 4, 4, 4), vt(2, 4, 4, 4, 4)])


# --- the anonymity threshold -----------------------------------------------------------------


def test_two_respondents_show_nothing_at_all():
    s = summary([vt(1, 1, 1, 1, 1, default=2), vt(2, 5, 5, 5, 5, default=4)])
    assert not s.shown
    assert all_figures(s) == []
    assert s.total.n_label == TOO_FEW == "minder dan 3"
    assert all(not g.shown and g.n_label == TOO_FEW for g in s.groups())
    assert all(not a.reported for a in s.alpha.values())
    g = gaps(s, s)
    assert all(v is None for per_dim in g.values() for v in per_dim.values())
    assert attention(s, g) == {d: [] for d in DIMENSIONS}


def test_three_respondents_give_the_hand_computed_figures():
    # vertrouwen scores: (4+4+4+4)/4 = 4,0; (2+3+3+4)/4 = 3,0; (5+5+4+4)/4 = 4,5.
    s = summary([vt(1, 4, 4, 4, 4), vt(2, 2, 3, 3, 4), vt(3, 5, 5, 4, 4)])
    f = s.total.dimensions["vertrouwen"]
    assert f.n == 3
    assert f.mean == pytest.approx(11.5 / 3)  # (4 + 3 + 4,5) / 3 = 3,8333
    # deviations 0,1667, -0,8333, 0,6667; squares 0,02778 + 0,69444 + 0,44444 = 1,16667;
    # / (3 - 1) = 0,58333; sqrt = 0,76376.
    assert f.sd == pytest.approx(0.763763, abs=1e-6)
    assert f.distribution == (0, 0, 1, 1, 1)  # 3,0 -> 3; 4,0 -> 4; 4,5 -> 5 (half up)
    assert not f.low
    # Nobody answered another dimension: nothing there.
    assert s.total.dimensions["doelen"] is None
    # One partner and one role: the subgroup IS the whole group, so it may be shown.
    assert s.by_partner[NEIGHBOUR].dimensions["vertrouwen"] == f
    assert s.by_role["ambtelijk"].n_label == "3"
    # Item VT1: answers 4, 2, 5: mean 11/3, one 2, one 4, one 5.
    vt1 = s.items["VT1"]
    assert (vt1.n, vt1.distribution) == (3, (0, 1, 0, 1, 1))
    assert vt1.mean == pytest.approx(11 / 3)
    assert s.items["DL1"] is None


def test_a_dimension_needs_three_respondents_with_a_score_not_three_respondents():
    # Three respondents, but only two have a vertrouwen score: no vertrouwen figures.
    s = summary([vt(1, 4, 4, 4, 4), vt(2, 2, 2, 2, 2), resp(3, DL1=4, DL2=4)])
    assert s.total.shown and s.total.respondents == 3
    assert s.total.dimensions["vertrouwen"] is None
    assert s.items["VT1"] is None  # 2 answers


def test_the_complement_of_two_is_blocked():
    # Partner A (3 people) and partner B (2 people): B is below the threshold, and showing A
    # beside the whole round would give B as (total - A). So A is hidden too.
    rs = [vt(i, 4, 4, 4, 4, refnis=NEIGHBOUR) for i in (1, 2, 3)]
    rs += [vt(i, 1, 1, 1, 1, refnis=OTHER) for i in (4, 5)]
    s = summary(rs)
    assert s.total.shown and s.total.respondents == 5
    # total mean (3 x 4 + 2 x 1) / 5 = 2,8: shown and "low".
    assert s.total.dimensions["vertrouwen"].mean == pytest.approx(2.8)
    assert s.by_partner[OTHER].n_label == TOO_FEW
    assert s.by_partner[NEIGHBOUR].n_label == HIDDEN
    assert s.by_partner[NEIGHBOUR].dimensions["vertrouwen"] is None
    # With a third person in B, both partners are shown: (4+4+4)/3 = 4 and (1+1+2)/3 = 1,333.
    s = summary([*rs, vt(6, 2, 2, 2, 2, refnis=OTHER)])
    assert s.by_partner[NEIGHBOUR].dimensions["vertrouwen"].mean == 4.0
    assert s.by_partner[OTHER].dimensions["vertrouwen"].mean == pytest.approx(4 / 3)


def test_one_schepen_among_officials_cannot_be_read_from_the_role_split():
    # 3 officials and 1 schepen: "politiek" has 1 person, and "ambtelijk" = total - schepen.
    rs = [vt(i, 4, 4, 4, 4) for i in (1, 2, 3)] + [vt(4, 1, 1, 1, 1, kind="politiek")]
    s = summary(rs)
    assert s.by_role["politiek"].n_label == TOO_FEW
    assert not s.by_role["ambtelijk"].shown
    assert gaps(s)["rol"]["vertrouwen"] is None


def test_a_blocked_dimension_complement_is_blocked_per_dimension():
    # Partners A and B have 3 respondents each, so both are shown; but only 2 of B's answered
    # vertrouwen, so B's vertrouwen is hidden and A's vertrouwen too (total - A = B's two).
    rs = [vt(i, 3, 3, 3, 3, refnis=NEIGHBOUR) for i in (1, 2, 3)]
    rs += [vt(i, 5, 5, 5, 5, refnis=OTHER) for i in (4, 5)] + [resp(6, refnis=OTHER, DL1=3)]
    s = summary(rs)
    assert s.by_partner[NEIGHBOUR].shown and s.by_partner[OTHER].shown
    assert s.total.dimensions["vertrouwen"].n == 5
    assert s.by_partner[OTHER].dimensions["vertrouwen"] is None
    assert s.by_partner[NEIGHBOUR].dimensions["vertrouwen"] is None


def _groups_of(responses):
    """Group key -> member indices, built independently of the module under test."""
    groups = {}
    for i, r in enumerate(responses):
        keys = [
            ("totaal", "alle"),
            ("partner", r.refnis),
            ("rol", r.role_kind),
            ("positie", "centrumstad" if r.is_centrumstad else "overige"),
        ]
        for k in keys:
            groups.setdefault(k, []).append(i)
    return groups


def _isolates_fewer_than_three(rows, n):
    """Whether some combination of the rows (0/1 vectors over n people) is nonzero on only one
    or two people: then their answers (or the sum of two) follow from the published sums.

    Independent of the module's exact elimination: with Q = I - P, P the orthogonal projector
    onto the rows' span, person i is isolated when Q e_i = 0 (Q_ii = 0), and a pair i, j when
    Q e_i and Q e_j are dependent (the Gram determinant Q_ii Q_jj - Q_ij^2 is 0)."""
    if n == 0:
        return False
    m = np.array(rows, dtype=float).reshape(-1, n)
    q = np.eye(n) - (np.linalg.pinv(m) @ m if len(rows) else 0)
    d = np.diag(q)
    if (d < 1e-9).any():
        return True
    det = np.outer(d, d) - q**2
    np.fill_diagonal(det, 1.0)
    return bool((det < 1e-9).any())


def _assert_nothing_leaks(responses):
    s = summary(responses)
    by_key = {(g.partition, g.key): g for g in s.groups()}
    groups = _groups_of(responses)
    n = len(responses)
    shown = [k for k, g in by_key.items() if g.shown]
    assert all(len(groups[k]) >= 3 for k in shown)
    rows = [[1 if i in groups[k] else 0 for i in range(n)] for k in shown]
    assert not _isolates_fewer_than_three(rows, n), "respondent counts"
    for d in DIMENSIONS:
        scored = [i for i, r in enumerate(responses) if dimension_score(r.answers, d) is not None]
        pos = {i: p for p, i in enumerate(scored)}
        keys = [k for k, g in by_key.items() if g.dimensions[d] is not None]
        assert all(by_key[k].dimensions[d].n >= 3 for k in keys)
        rows = [[1 if i in groups[k] else 0 for i in scored] for k in keys]
        assert not _isolates_fewer_than_three(rows, len(pos)), d
    return s


def test_no_one_can_be_isolated_by_combining_partners_and_roles():
    # Partner A: 1 official + 3 politicians; B: 3 politicians; C: 3 officials. All groups have
    # 3 or more, but "ambtelijk" - C is A's single official. Something must be hidden.
    rs = [vt(1, 5, 5, 5, 5, refnis=CITY)]
    rs += [vt(i, 3, 3, 3, 3, refnis=CITY, kind="politiek") for i in (2, 3, 4)]
    rs += [vt(i, 3, 3, 3, 3, refnis=NEIGHBOUR, kind="politiek") for i in (5, 6, 7)]
    rs += [vt(i, 2, 2, 2, 2, refnis=OTHER) for i in (8, 9, 10)]
    s = _assert_nothing_leaks(rs)
    shown = {(g.partition, g.key) for g in s.groups() if g.shown}
    assert not {("rol", "ambtelijk"), ("partner", OTHER)} <= shown
    assert s.total.shown


def test_the_rule_holds_on_many_random_rounds():
    rng = random.Random(20261202)
    partners = [CITY, NEIGHBOUR, OTHER, "11008", "11009"]
    for _ in range(150):
        size = rng.randint(3, 16)
        used = partners[: rng.randint(1, 5)]
        rs = []
        for i in range(size):
            refnis = rng.choice(used)
            kind = rng.choice(["ambtelijk", "ambtelijk", "politiek", "andere"])
            answers = {it.code: rng.choice([None, 1, 2, 3, 4, 5, 5]) for it in ITEMS[:12]}
            rs.append(Response(i, refnis, refnis == CITY, kind, answers))
        _assert_nothing_leaks(rs)


def test_ordinary_rounds_are_not_over_suppressed():
    # Three partners of 5, 4 and 3 officials: every partner and the one role are shown.
    rs = [vt(i, 4, 4, 4, 4, refnis=CITY) for i in range(5)]
    rs += [vt(i, 3, 3, 3, 3, refnis=NEIGHBOUR) for i in range(5, 9)]
    rs += [vt(i, 2, 2, 2, 2, refnis=OTHER) for i in range(9, 12)]
    s = summary(rs)
    assert all(g.shown for g in s.by_partner.values())
    assert s.by_position["centrumstad"].dimensions["vertrouwen"].mean == 4.0
    # overige: (4 x 3 + 3 x 2) / 7 = 18 / 7 = 2,571
    assert s.by_position["overige"].dimensions["vertrouwen"].mean == pytest.approx(18 / 7)


# --- gaps and flags ----------------------------------------------------------------------------


def _round_with_gaps():
    # centrumstad: three officials who answer 4 everywhere -> vertrouwen 4,0, doelen 4,0.
    # overige (one partner, three officials):
    #   vertrouwen 3,0 / (3+4+3+4)/4 = 3,5 / (3+3+3+4)/4 = 3,25 -> mean 9,75 / 3 = 3,25
    #   doelen: DL1..DL3 and DL4 (reverse) -> scores 3, 3, 4 -> mean 10/3 = 3,333
    rs = [resp(i, CITY, default=4, DL4=2) for i in (1, 2, 3)]  # DL4 2 scores 6 - 2 = 4
    rs += [
        resp(4, NEIGHBOUR, VT1=3, VT2=3, VT3=3, VT4=3, DL1=3, DL2=3, DL3=3, DL4=3),
        resp(5, NEIGHBOUR, VT1=3, VT2=4, VT3=3, VT4=4, DL1=3, DL2=3, DL3=3, DL4=3),
        resp(6, NEIGHBOUR, VT1=3, VT2=3, VT3=3, VT4=4, DL1=4, DL2=4, DL3=4, DL4=2),
    ]
    return rs


def test_centrumstad_gap_is_the_difference_of_means_and_diverges_from_075():
    s = summary(_round_with_gaps())
    g = gaps(s)
    v = g["centrumstad"]["vertrouwen"]
    assert (v.first, v.n_first, v.n_second) == (4.0, 3, 3)
    assert v.second == pytest.approx(3.25)
    assert v.difference == pytest.approx(0.75)  # exactly the threshold: diverging
    assert v.diverging
    d = g["centrumstad"]["doelen"]
    assert d.difference == pytest.approx(4 - 10 / 3)  # 0,667 < 0,75: not diverging
    assert not d.diverging
    # Everybody is "ambtelijk": no politicians, so no role gap.
    assert g["rol"]["vertrouwen"] is None
    # No previous round: no round gap.
    assert g["ronde"]["vertrouwen"] is None


def test_role_gap_and_round_gap_and_flags():
    # Three officials (vertrouwen 4, 4, 4) and three politicians (2, 2, 3): difference
    # 4 - 7/3 = 1,667, diverging. Whole round: (12 + 7) / 6 = 3,1667, not low.
    rs = [vt(i, 4, 4, 4, 4) for i in (1, 2, 3)]
    rs += [vt(i, 2, 2, 2, 2, kind="politiek") for i in (4, 5)]
    rs += [vt(6, 3, 3, 3, 3, kind="politiek")]
    now = summary(rs)
    g_role = gaps(now)["rol"]["vertrouwen"]
    assert g_role.difference == pytest.approx(4 - 7 / 3) and g_role.diverging
    # The previous round: three people at 4,0. This round 3,1667: a drop of 0,833: declined.
    before = summary([vt(i, 4, 4, 4, 4) for i in (7, 8, 9)])
    g = gaps(now, before)
    assert g["ronde"]["vertrouwen"].difference == pytest.approx(19 / 6 - 4)
    assert g["ronde"]["vertrouwen"].declined
    flags = attention(now, g)
    assert flags["vertrouwen"] == [stats.FLAG_DIVERGING, stats.FLAG_DECLINED]
    assert flags["doelen"] == []
    # A low round: politicians only at 2, 2, 3 -> 7/3 = 2,333 < 3,0: low.
    low = summary(rs[3:])
    assert low.total.dimensions["vertrouwen"].low
    assert attention(low, gaps(low))["vertrouwen"] == [stats.FLAG_LOW]


def test_a_rise_is_a_gap_but_not_a_decline():
    before = summary([vt(i, 2, 2, 2, 2) for i in (1, 2, 3)])
    now = summary([vt(i, 3, 3, 3, 3) for i in (4, 5, 6)])
    g = gaps(now, before)["ronde"]["vertrouwen"]
    assert g.difference == 1.0 and g.diverging and not g.declined
    assert stats.FLAG_DECLINED not in attention(now, gaps(now, before))["vertrouwen"]


def test_a_previous_round_of_two_gives_no_round_gap():
    before = summary([vt(1, 5, 5, 5, 5), vt(2, 5, 5, 5, 5)])
    now = summary([vt(i, 2, 2, 2, 2) for i in (3, 4, 5)])
    assert gaps(now, before)["ronde"]["vertrouwen"] is None


# --- Cronbach's alpha --------------------------------------------------------------------------

# Published example: the wide binary data set "cronbach_wide_missing" of the Pingouin package
# (R. Vallat, Pingouin: statistics in Python, JOSS 3(31):1026, 2018; file
# src/pingouin/datasets/cronbach_wide_missing.csv), 12 respondents x 11 items with 4 missing
# answers. Its documentation of pingouin.cronbach_alpha gives, after listwise deletion (as R's
# psych::alpha(data, use="complete.obs")), alpha = 0.801695 on the 9 complete rows.
PINGOUIN_WIDE_MISSING = """\
1,1,1,1,1,1,1,1,1,1,1
1,1,1,1,1,1,1,1,0,1,0
,0,1,1,,1,1,1,1,0,0
1,1,1,0,1,1,0,1,1,0,0
1,1,1,1,1,0,0,0,1,0,0
0,1,,0,1,1,1,1,0,0,0
1,1,1,1,0,0,1,0,0,0,0
1,1,1,1,1,0,0,0,0,0,0
0,1,0,1,1,0,0,0,0,1,0
1,0,0,1,0,1,0,0,,0,0
1,1,1,0,0,0,0,0,0,0,0
1,0,0,1,0,0,0,0,0,0,0"""


def test_alpha_on_a_published_example():
    matrix = [
        [int(x) if x else None for x in line.split(",")]
        for line in PINGOUIN_WIDE_MISSING.splitlines()
    ]
    a = cronbach_alpha(matrix, min_n=2)
    assert (a.n, a.k) == (9, 11)
    assert a.alpha == pytest.approx(0.801695, abs=1e-6)
    # With the platform's minimum of 10 complete respondents, 9 is too few to report.
    b = cronbach_alpha(matrix)
    assert b.alpha is None and b.n == 9 and "minder dan 10" in b.reason


# Hand-worked: 4 respondents x 3 items.
#   item 1: 1 2 3 4  mean 2,5  sample variance (2,25+0,25+0,25+2,25)/3 = 5/3
#   item 2: 1 3 3 5  mean 3    (4+0+0+4)/3 = 8/3
#   item 3: 2 2 4 4  mean 3    (1+1+1+1)/3 = 4/3          sum of item variances 17/3
#   totals: 4 7 10 13 mean 8,5 (20,25+2,25+2,25+20,25)/3 = 15
#   alpha = 3/2 x (1 - (17/3)/15) = 3/2 x 28/45 = 14/15 = 0,9333
HAND = [[1, 1, 2], [2, 3, 2], [3, 3, 4], [4, 5, 4]]


def test_alpha_hand_worked():
    a = cronbach_alpha(HAND, min_n=4)
    assert (a.n, a.k) == (4, 3)
    assert a.alpha == pytest.approx(14 / 15)
    # An incomplete row is left out (complete cases only).
    assert cronbach_alpha([*HAND, [5, None, 5]], min_n=4).alpha == pytest.approx(14 / 15)
    assert cronbach_alpha([[1], [2], [3]], min_n=2).reason == "minstens 2 items nodig"
    flat = cronbach_alpha([[3, 3], [3, 3], [3, 3]], min_n=2)
    assert flat.alpha is None and "spreiding" in flat.reason


def test_dimension_alpha_scores_reverse_items_first():
    # doelen: DL1..DL3 carry the columns of HAND; DL4 (reverse) is answered 5, 4, 2, 1 and so
    # scores 1, 2, 4, 5 (mean 3, variance (4+1+1+4)/3 = 10/3). Item variances 17/3 + 10/3 = 9.
    # Totals 5, 9, 14, 18: mean 11,5, variance (42,25+6,25+6,25+42,25)/3 = 97/3.
    # alpha = 4/3 x (1 - 9 / (97/3)) = 4/3 x 70/97 = 280/291 = 0,9622.
    # (Without reverse keying it would be 4/3 x (1 - 27/13) < 0.)
    rs = [
        resp(i, DL1=a, DL2=b, DL3=c, DL4=d)
        for i, ((a, b, c), d) in enumerate(zip(HAND, [5, 4, 2, 1], strict=True))
    ]
    a = dimension_alpha(rs, "doelen", min_n=4)
    assert (a.n, a.k) == (4, 4)
    assert a.alpha == pytest.approx(280 / 291)


def test_summary_reports_alpha_from_ten_complete_respondents():
    # identiteit (3 items) with the rows of HAND repeated: 10 rows report, 9 do not.
    rows = (HAND * 3)[:10]
    rs = [resp(i, ID1=a, ID2=b, ID3=c) for i, (a, b, c) in enumerate(rows)]
    ten = summary(rs).alpha["identiteit"]
    assert ten.reported and ten.n == 10 and ten.k == len(items_for("identiteit"))
    assert ten.alpha == pytest.approx(cronbach_alpha(rows, min_n=10).alpha)
    nine = summary(rs[:9]).alpha["identiteit"]
    assert not nine.reported and nine.n == 9
    assert not summary(rs).alpha["vertrouwen"].reported  # nobody answered it
