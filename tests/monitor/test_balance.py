"""Balance and dominance (samenspel.monitor.balance) on examples worked out by hand."""

import math

import pytest

from samenspel.monitor.balance import PartnerInput, compute_balance, gini, theil, trend


def three(activities=(60, 20, 20), contributions=(40_000, 30_000, 30_000)):
    """A centrumstad of 100.000 inhabitants and two neighbours of 50.000."""
    return [
        PartnerInput(
            "C",
            "Centrumstad",
            100_000,
            activities=activities[0],
            participants=3_000,
            spending=50_000,
            contribution=contributions[0],
            centrumstad=True,
        ),
        PartnerInput(
            "B",
            "Buur",
            50_000,
            activities=activities[1],
            participants=1_000,
            spending=30_000,
            contribution=contributions[1],
        ),
        PartnerInput(
            "D",
            "Dorp",
            50_000,
            activities=activities[2],
            participants=1_000,
            spending=20_000,
            contribution=contributions[2],
        ),
    ]


def test_shares_and_dominance_of_the_three_partner_example():
    b = compute_balance(three())
    c, buur, dorp = b.partners
    # inhabitants 100/50/50 k of 200 k → 0,5 / 0,25 / 0,25; activities 60/20/20 of 100 →
    # 0,6 / 0,2 / 0,2; contributions 40/30/30 k of 100 k → 0,4 / 0,3 / 0,3.
    assert c.shares["inwoners"] == pytest.approx(0.5)
    assert c.shares["activiteiten"] == pytest.approx(0.6)
    assert buur.shares["inwoners"] == pytest.approx(0.25)
    assert dorp.shares["bijdrage"] == pytest.approx(0.3)
    # participants 3.000/1.000/1.000 of 5.000 → 0,6 / 0,2 / 0,2; spending 50/30/20 k → 0,5/0,3/0,2
    assert c.shares["deelnemers"] == pytest.approx(0.6)
    assert buur.shares["uitgaven"] == pytest.approx(0.3)
    # dominance index: 0,6 / 0,5 = 1,2; against the contribution 0,6 / 0,4 = 1,5;
    # spending against inhabitants 0,5 / 0,5 = 1,0
    assert b.dominance_index == pytest.approx(1.2)
    assert b.dominance["activiteiten_bijdrage"] == pytest.approx(1.5)
    assert b.dominance["uitgaven_inwoners"] == pytest.approx(1.0)
    assert b.centrumsteden == ["Centrumstad"]
    # activities per 1.000 inhabitants: 60/100 = 0,6; 20/50 = 0,4
    assert c.activities_per_1000 == pytest.approx(0.6)
    assert buur.activities_per_1000 == pytest.approx(0.4)


def test_location_quotients():
    b = compute_balance(three())
    c, buur, dorp = b.partners
    # activities/inhabitants: 0,6/0,5 = 1,2; 0,2/0,25 = 0,8 (on the edge of the band: in balance)
    assert c.quotients["activiteiten_inwoners"] == pytest.approx(1.2)
    assert buur.quotients["activiteiten_inwoners"] == pytest.approx(0.8)
    # activities/contribution: 0,2/0,3 = 0,6667; spending/inhabitants: 0,3/0,25 = 1,2 and
    # 0,2/0,25 = 0,8; participants/inhabitants 0,6/0,5 = 1,2
    assert buur.quotients["activiteiten_bijdrage"] == pytest.approx(2 / 3)
    assert buur.quotients["uitgaven_inwoners"] == pytest.approx(1.2)
    assert dorp.quotients["uitgaven_inwoners"] == pytest.approx(0.8)
    assert c.quotients["deelnemers_inwoners"] == pytest.approx(1.2)
    assert "Verhouding activiteiten/inwoners 0,80: in evenwicht." in buur.sentence
    assert buur.sentence.startswith(
        "Buur heeft 25,0 % van de inwoners, 30,0 % van de bijdrage aan het IGS, "
        "20,0 % van de activiteiten"
    )


def test_gini_and_theil_by_hand():
    b = compute_balance(three())
    # Activities per 1.000 inhabitants y = 0,6 / 0,4 / 0,4; population shares p = 0,5/0,25/0,25;
    # mean over all inhabitants μ = 0,5·0,6 + 0,25·0,4 + 0,25·0,4 = 0,5.
    # Gini = Σ_i Σ_j p_i p_j |y_i − y_j| / (2μ): the ordered pairs (C,B), (B,C), (C,D), (D,C)
    # each give 0,5·0,25·0,2 = 0,025, the others 0 → 0,1 / (2·0,5) = 0,1.
    assert b.gini == pytest.approx(0.1)
    # Theil = Σ s_i ln(s_i/p_i) = 0,6 ln(0,6/0,5) + 2 · 0,2 ln(0,2/0,25)
    #       = 0,6 · 0,1823216 + 0,4 · (−0,2231436) = 0,1093929 − 0,0892574 = 0,0201355
    assert b.theil == pytest.approx(0.0201355, abs=1e-7)
    # largest possible Theil: ln(200.000 / 50.000) = ln 4 = 1,3862944
    assert b.theil_max == pytest.approx(1.3862944, abs=1e-7)
    assert "Gini 0,100" in b.sentences["ongelijkheid"]
    assert "gewogen naar het aantal inwoners" in b.sentences["ongelijkheid"]
    assert "matig" in b.sentences["ongelijkheid"]


def test_population_weighting_changes_the_gini():
    # Two partners: 90.000 inhabitants with 90 activities (1 per 1.000) and 10.000 with 0.
    # Weighted: p = 0,9/0,1, y = 1/0, μ = 0,9: G = 2·0,9·0,1·1 / (2·0,9) = 0,1.
    # (Unweighted over the two partners it would be 0,5.)
    assert gini([90_000, 10_000], [90, 0]) == pytest.approx(0.1)
    # Theil: s = 1/0 → 1 · ln(1/0,9) = 0,1053605
    assert theil([90_000, 10_000], [90, 0]) == pytest.approx(math.log(1 / 0.9))
    # activities in proportion to inhabitants: no inequality at all
    assert gini([100, 50, 50], [10, 5, 5]) == pytest.approx(0.0)
    assert theil([100, 50, 50], [10, 5, 5]) == pytest.approx(0.0)


def test_strong_dominance_is_called_so():
    b = compute_balance(three(activities=(80, 10, 10)))
    # 0,8 / 0,5 = 1,6 > 1,25
    assert b.dominance_index == pytest.approx(1.6)
    s = b.sentences["dominantie_index"]
    assert s.startswith(
        "Centrumstad heeft 50,0 % van de inwoners van de groep en 80,0 % van de activiteiten: "
        "een dominantie-index van 1,60."
    )
    assert "stedelijke dominantie" in s
    # y = 0,8 / 0,2 / 0,2, μ = 0,5; ordered pairs with C: 4 × 0,5·0,25·0,6 = 0,3 → G = 0,3
    assert b.gini == pytest.approx(0.3)
    assert "groot" in b.sentences["ongelijkheid"]


def test_balanced_dominance_sentence():
    s = compute_balance(three()).sentences["dominantie_index"]
    assert s == (
        "Centrumstad heeft 50,0 % van de inwoners van de groep en 60,0 % van de activiteiten: "
        "een dominantie-index van 1,20. 1 betekent evenredig; dat is in evenwicht "
        "(tussen 0,80 en 1,25)."
    )


def test_missing_contribution_is_not_zero():
    partners = three()
    partners[2] = PartnerInput("D", "Dorp", 50_000, activities=20, centrumstad=False)
    b = compute_balance(partners)
    assert all(p.shares["bijdrage"] is None for p in b.partners)
    assert b.dominance["activiteiten_bijdrage"] is None
    assert b.dominance_index == pytest.approx(1.2)
    assert any("niet gekend voor Dorp" in n for n in b.notes)
    assert "geen dominantie-index tegenover de bijdrage" in b.sentences["dominantie_bijdrage"]


def test_without_centrumstad_or_activities():
    partners = [
        PartnerInput("A", "A", 10_000, activities=0),
        PartnerInput("B", "B", 30_000, activities=0),
    ]
    b = compute_balance(partners)
    assert b.dominance_index is None
    assert b.sentences["dominantie_index"].startswith("Dit IGS heeft geen centrumstad")
    # zero activities in total: no shares and no inequality measure
    assert b.partners[0].shares["activiteiten"] is None
    assert b.gini is None
    assert b.partners[0].shares["inwoners"] == pytest.approx(0.25)


def test_two_centrumsteden_count_as_one_pole():
    partners = [
        PartnerInput("X", "X", 100, activities=30, centrumstad=True),
        PartnerInput("Y", "Y", 100, activities=30, centrumstad=True),
        PartnerInput("Z", "Z", 200, activities=40),
    ]
    b = compute_balance(partners)
    # (0,3 + 0,3) / (0,25 + 0,25) = 1,2
    assert b.dominance_index == pytest.approx(1.2)
    assert any("Meer dan één centrumstad" in n for n in b.notes)


def test_trend_towards_balance():
    points, sentence = trend(
        {
            2024: compute_balance(three()),
            2022: compute_balance(three(activities=(80, 10, 10))),
        }
    )
    assert [p.year for p in points] == [2022, 2024]
    assert [round(p.dominance_index, 6) for p in points] == [1.6, 1.2]
    assert sentence == (
        "De dominantie-index ging van 1,60 (2022) naar 1,20 (2024): het evenwicht verbeterde. "
        "De ongelijkheid (Gini) daalde van 0,300 (2022) tot 0,100 (2024)."
    )
    # 1,25 and 0,8 are equally far from 1 (|ln|): no change
    _, s = trend(
        {
            2023: compute_balance(
                [
                    PartnerInput("C", "C", 100, activities=125, centrumstad=True),
                    PartnerInput("B", "B", 100, activities=75),
                ]
            ),
            2024: compute_balance(
                [
                    PartnerInput("C", "C", 100, activities=80, centrumstad=True),
                    PartnerInput("B", "B", 100, activities=120),
                ]
            ),
        }
    )
    assert "het evenwicht bleef gelijk" in s
    assert trend({})[1] == "Er zijn te weinig jaren met cijfers om een evolutie te tonen."


def test_no_partners():
    with pytest.raises(ValueError, match="Geen partners"):
        compute_balance([])
