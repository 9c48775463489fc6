"""A what-if never hides what it costs (issue: field test, §3 and §4).

On the synthetic bundle (tests/fixtures/bundle.py) on 2026-06-01: Cultuur Noord = Eeklo 20.000,
Evergem 40.000, Aalter 30.000 (Regio Gent) qualifies for max(0,90 × 90.000, 100.000) = 100.000 €.
Adding Merelbeke-Melle (42.000, Vlaamse Ardennen) makes a group in two referentieregio's: no
subsidy, so the group loses the 100.000 € that Cultuur Noord gets today.
"""

from decimal import Decimal

import pytest

from samenspel.funding.analysis import CostModel, KeySpec, Place, compare
from samenspel.funding.games import Limits
from samenspel.partnerships.rules import rule_set

BASE = "/verdeelsleutel/?peildatum=2026-06-01&sleutel_1=inwoners"


def test_a_group_opens_with_its_verdict_and_what_it_loses(loaded, client):
    r = client.get(BASE + "&igs=noord&extra=44088")
    html = r.content.decode()
    assert r.status_code == 200
    assert "<h1>Verdeelsleutel voor Cultuur Noord met Merelbeke-Melle</h1>" in html
    verdict = html.index("als één IGS")
    results = html.index("Is de verdeling win-win?")
    assert verdict < results
    head = html[verdict:results]
    assert "komt niet in aanmerking" in head
    assert "Ligt in twee referentieregio&#x27;s: Regio Gent (3), Vlaamse Ardennen (1)" in head
    assert "Geen Vlaamse subsidie" in head
    assert "Cultuur Noord krijgt 100.000,00 €" in head
    assert "Deze groep verliest 100.000,00 € Vlaamse subsidie per jaar</strong>" in head
    # Now (2020–2026) Cultuur Noord gets the 62.700 € that a source states.
    assert "Cultuur Noord krijgt 62.700,00 € per jaar (toegekend)" in head


def test_the_cost_model_is_stated_before_the_results(loaded, client):
    html = client.get(BASE + "&igs=noord").content.decode()
    statement = html.index("Een aanname vooraf: het kostenmodel")
    assert statement < html.index("Is de verdeling win-win?")
    assert "F = 25.000 € en b = 0,80" in html


def test_the_partly_covered_municipality_is_left_out_in_one_sentence(loaded, client):
    html = client.get(BASE + "&igs=noord").content.decode()
    # Atlas and Verdeelsleutel agree: 75 % of 100.000 € = 75.000 € without Lochristi.
    assert "Samen betalen de gemeenten <strong>75.000,00 €</strong>" in html
    assert "telt niet mee: niet voor de inwoners en de Vlaamse subsidie" in html
    assert "Hier: Lochristi." in html


def test_the_stricter_reading_is_shown_and_switchable(loaded, client):
    html = client.get(BASE + "&igs=noord").content.decode()
    assert "Lezing volgens de bronnen" in html
    html = client.get(BASE + "&igs=noord&aaneengesloten=on").content.decode()
    assert "Strengere lezing (aanname, geen bron)" in html


def test_a_free_group_is_named_by_its_municipalities(loaded, client):
    html = client.get(BASE + "&gemeenten=43005,44019").content.decode()
    assert "<h1>Verdeelsleutel voor Eeklo en Evergem</h1>" in html
    # 60.000 inhabitants < 85.000 and no IGS today is lost: both are in Cultuur Noord, which
    # keeps its 100.000 €; the pair alone would get nothing.
    assert "Telt 60.000 inwoners, 25.000 te weinig" in html


@pytest.mark.parametrize(
    "param",
    [
        "bedrag=1e26",
        "bedrag=1e308",
        "bedrag=1e999",
        "vast=1e30&sleutel_2=vast-plus-inwoners",
        "minimum=1e30",
        "per_inwoner=1e30&sleutel_2=vast-plus-inwoners",
        "gewichten=inwoners%3D1e308,draagkracht%3D1&sleutel_2=mix",
        "igs=NIETBESTAAND",
        "peildatum=2026-13-45",
    ],
)
def test_hostile_input_gets_a_4xx_in_dutch(loaded, client, param):
    r = client.get(BASE + "&igs=noord&" + param)
    assert 400 <= r.status_code < 500 or "is geen geldige datum" in r.content.decode()


def test_belgian_amounts_in_the_url(loaded, client):
    for spelling in ("250.000", "250.000,00", "250000,00", "250000.00"):
        html = client.get(BASE + f"&igs=noord&bedrag={spelling}").content.decode()
        assert "Samen betalen de gemeenten <strong>250.000,00 €</strong>" in html, spelling


def test_an_igs_slug_is_case_insensitive_on_the_page(loaded, client):
    r = client.get(BASE + "&igs=NOORD")
    assert r.status_code == 200
    assert "Verdeelsleutel voor Cultuur Noord" in r.content.decode()


def test_a_large_group_is_bounded_and_says_what_was_computed():
    """10 partners with a budget of 6 players: the Shapley value is sampled with its interval;
    under the contiguity assumption the nucleolus cannot be found without listing every
    coalition, so it and the win-win test are not computed, and the comparison says why."""
    places = [
        Place(f"1100{i}", f"Gemeente {i}", 10_000 + 1_000 * i, 25_000.0, "R", 4.4, 51.1, 10.0)
        for i in range(10)
    ]
    cmp = compare(
        places,
        [],
        [KeySpec("inwoners")],
        Decimal(100_000),
        CostModel(with_subsidy=False),
        rules=rule_set("2027", contiguous=True),
        limits=Limits(max_exact_players=6, max_seconds=None, max_samples=2_000),
    )
    assert cmp.shapley.computation == "sampled"
    assert cmp.nucleolus is None
    text = " ".join(cmp.computed)
    assert "steekproef" in text.lower() or "geschat" in text.lower()
    assert "nucleolus is niet berekend" in text.lower()
    assert cmp.results[0].explanation.win_win is None
    # The key itself is exact: 100.000 € per inhabitant over 145.000 inhabitants.
    assert sum(cmp.results[0].allocation.amounts().values()) == Decimal("100000.00")


@pytest.mark.parametrize("regions", [("R",) * 10, ("R",) * 5 + ("S",) * 5])
def test_a_large_group_gets_its_exact_nucleolus_without_listing_every_coalition(regions):
    """Above the budget for listing coalitions, the nucleolus comes from the game's parameters
    (samenspel.funding.implicit) and equals the one computed over all 1.022 coalitions."""
    places = [
        Place(f"1100{i}", f"Gemeente {i}", 8_000 + 3_000 * i, 25_000.0, r, 4.4, 51.1, 10.0)
        for i, r in enumerate(regions)
    ]
    small = Limits(max_exact_players=6, max_seconds=None, max_samples=2_000)
    bounded = compare(places, [], [KeySpec("inwoners")], limits=small)
    full = compare(places, [], [KeySpec("inwoners")], limits=Limits())
    assert bounded.nucleolus is not None
    assert bounded.nucleolus.allocation == pytest.approx(full.nucleolus.allocation, rel=1e-6)
    assert any("zonder alle 1.022 coalities op te sommen" in n for n in bounded.computed)


def test_zero_inhabitants_is_a_clear_message():
    places = [Place("11001", "Aa", 0, 25_000.0, "R", 4.4, 51.1, 10.0)]
    with pytest.raises(ValueError, match="samen 0 inwoners"):
        compare(places, [], [KeySpec("inwoners")], Decimal(1000))


def test_a_negative_shapley_value_is_explained_in_words():
    """A 70.000 and B 20.000 inhabitants: only together ≥ 85.000, so B brings the subsidy.

    Amount 75 % × max(0,90 × 90.000, 100.000) = 75.000 €; K(N) = 75.000 + 100.000; with F = 25.000
    and b = 0,8: a = 150.000 / 90.000^0,8 ≈ 16,33, so c(A) ≈ 25.000 + 16,33 · 7.512 ≈ 147.660 €
    and c(B) ≈ 25.000 + 16,33 · 2.758 ≈ 70.040 €. Shapley of B = ½ c(B) + ½ (c(N) − c(A))
    ≈ −1.324 €: B would be paid."""
    places = [
        Place("11001", "Aa", 70_000, 25_000.0, "R", 4.4, 51.1, 10.0),
        Place("11002", "Bb", 20_000, 25_000.0, "R", 4.5, 51.1, 10.0),
    ]
    cmp = compare(places, [("11001", "11002")], [KeySpec("inwoners")])
    a = 150_000 / 90_000**0.8
    c_a, c_b = 25_000 + a * 70_000**0.8, 25_000 + a * 20_000**0.8
    expected = 0.5 * c_b + 0.5 * (75_000 - c_a)  # ≈ −1.324 €
    assert expected < 0
    assert cmp.shapley.as_dict()["11002"] == pytest.approx(expected)
    assert any(
        n.startswith("Bb heeft een negatieve Shapley-waarde (-1.3") and "geld krijgen" in n
        for n in cmp.negatives
    ), cmp.negatives


def test_a_win_win_test_that_was_not_done_is_not_called_a_failure(loaded, client, monkeypatch):
    """Above the page's limits the win-win test is not computed: the heading says so, it does
    not say 'niet win-win' (here forced with a limit of 2 players for the 3 partners of noord)."""
    from samenspel.funding import views

    monkeypatch.setattr(views, "WEB_LIMITS", Limits(max_exact_players=2, max_seconds=None))
    html = client.get(BASE + "&igs=noord").content.decode()
    assert "Naar inwonersaantal: win-win niet nagegaan" in html
    assert "niet win-win" not in html
    # The nucleolus itself is still exact, from the game's parameters (2³ − 2 = 6 coalities).
    assert "De nucleolus is exact berekend zonder alle 6 coalities op te sommen" in html


@pytest.mark.parametrize(
    "fixed, rate, label",
    [
        (Decimal(4000), None, "4.000 € vast + de rest per inwoner"),
        (None, Decimal("0.235"), "0,235 €/inw. + de rest als vast bedrag"),
        (Decimal("4000.5"), Decimal("0.235"), "4.000,50 € vast + 0,235 €/inw."),
    ],
)
def test_key_labels_in_belgian_notation(fixed, rate, label):
    assert KeySpec("vast-plus-inwoners", fixed=fixed, per_inhabitant=rate).label == label


def test_the_same_question_is_answered_from_memory_until_the_data_change(
    loaded, client, monkeypatch
):
    from samenspel.funding import views
    from samenspel.territory.models import Figure

    calls = []
    real = views.compare
    monkeypatch.setattr(views, "compare", lambda **kw: calls.append(1) or real(**kw))
    url = BASE + "&igs=noord&bedrag=90.000"
    first = client.get(url).content.decode()
    assert client.get(url).content.decode().count("30.000,00 €") == first.count("30.000,00 €")
    assert len(calls) == 1
    # Evergem 40.000 → 60.000 inhabitants: per inhabitant Evergem now pays
    # 90.000 × 60.000 / 110.000 = 49.090,91 €.
    Figure.objects.filter(municipality_id="44019", indicator_id="population").update(value=60_000)
    assert "49.090,91 €" in client.get(url).content.decode()
    assert len(calls) == 2


def test_a_group_larger_than_a_game_can_be_is_refused_before_it_is_queued():
    places = [
        Place(f"{11000 + i}", f"Gemeente {i}", 10_000, 25_000.0, "R", 4.4, 51.1, 10.0)
        for i in range(63)
    ]
    with pytest.raises(ValueError, match="hoogstens 62 gemeenten tegelijk; je koos er 63"):
        compare(places, [], [KeySpec("inwoners")], Decimal(1000))


def test_a_fixed_plus_per_inhabitant_key_of_zero_is_refused(loaded, client):
    r = client.get(BASE + "&igs=noord&sleutel_2=vast-plus-inwoners&vast=0&per_inwoner=0")
    assert r.status_code == 400
    assert "levert zo 0,00 € op" in r.content.decode()
